package dev.vigil.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.account.LoginFailures;
import dev.vigil.account.LoginFailures.Count;
import dev.vigil.account.LoginThrottle;
import dev.vigil.account.User;
import dev.vigil.account.UserStore;
import dev.vigil.account.Username;
import dev.vigil.id.UserId;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link LoginFailures} must have, the race included: however many attempts
 * arrive at once, {@link LoginThrottle} admits no more than one-after-another would. A store module
 * subclasses it.
 */
public abstract class LoginFailuresContract {
  protected final MutableClock clock = MutableClock.standard();
  protected LoginFailures failures;
  protected UserStore users;

  /** The two stores of one empty database: failures, and the accounts they may belong to. */
  public record Stores(LoginFailures failures, UserStore users) {}

  /** Empty stores; called before each test. */
  protected abstract Stores newStores() throws Exception;

  @BeforeEach
  void open() throws Exception {
    Stores s = newStores();
    failures = s.failures();
    users = s.users();
  }

  @Test
  void compareAndCount_fromNothing_thenOnlyFromTheCountRead() {
    Instant t0 = clock.instant();
    assertThat(failures.find("alice")).isEqualTo(Count.NONE);
    assertThat(failures.compareAndCount("alice", Count.NONE, t0)).isTrue();
    assertThat(failures.compareAndCount("alice", Count.NONE, t0)).isFalse();
    Count one = failures.find("alice");
    assertThat(one).isEqualTo(new Count(1, Optional.of(t0)));
    Instant t1 = t0.plusSeconds(3);
    assertThat(failures.compareAndCount("alice", one, t1)).isTrue();
    assertThat(failures.compareAndCount("alice", one, t1)).isFalse();
    assertThat(failures.find("alice")).isEqualTo(new Count(2, Optional.of(t1)));
    assertThat(failures.find("bob")).isEqualTo(Count.NONE);
  }

  @Test
  void compareAndCount_sameCountAtAnotherTime_isRefused() {
    Instant t0 = clock.instant();
    failures.compareAndCount("alice", Count.NONE, t0);
    assertThat(failures.compareAndCount("alice", new Count(1, Optional.of(t0.plusNanos(1))), t0))
        .isFalse();
  }

  @Test
  void clear_startsAgain() {
    failures.compareAndCount("alice", Count.NONE, clock.instant());
    failures.clear("alice");
    assertThat(failures.find("alice")).isEqualTo(Count.NONE);
    failures.clear("nobody");
  }

  @Test
  void admit_manyAtOnceOnAFreshKey_admitsExactlyTheFreeFailures() throws Exception {
    LoginThrottle throttle = new LoginThrottle(failures);
    Instant now = clock.instant();
    List<Boolean> admitted =
        Races.race(
            16, i -> throttle.admit("burst", now) instanceof LoginThrottle.Admission.Admitted);
    assertThat(Races.count(admitted)).isEqualTo(LoginThrottle.FREE_FAILURES);
    assertThat(throttle.admit("burst", now)).isInstanceOf(LoginThrottle.Admission.Refused.class);
    assertThat(failures.find("burst").failures()).isEqualTo(LoginThrottle.FREE_FAILURES);
  }

  @Test
  void admit_twoAtOnceAfterFourFailures_admitsOne() throws Exception {
    LoginThrottle throttle = new LoginThrottle(failures);
    for (int trial = 0; trial < 20; trial++) {
      String key = "dave-" + trial;
      for (int i = 0; i < 4; i++) {
        assertThat(throttle.admit(key, clock.instant()))
            .isInstanceOf(LoginThrottle.Admission.Admitted.class);
        clock.advance(Duration.ofSeconds(1));
      }
      Instant now = clock.instant();
      List<LoginThrottle.Admission> both = Races.race(2, i -> throttle.admit(key, now));
      assertThat(both)
          .as("trial %d", trial)
          .filteredOn(LoginThrottle.Admission.Admitted.class::isInstance)
          .hasSize(1);
      assertThat(both)
          .filteredOn(LoginThrottle.Admission.Refused.class::isInstance)
          .singleElement()
          .extracting(a -> ((LoginThrottle.Admission.Refused) a).retryAfter())
          .isEqualTo(Duration.ofSeconds(1));
    }
  }

  @Test
  void purgeUnknown_forgetsOnlyIdleCountsOfNamesWithoutAnAccount_belowTheHardStop() {
    users.insert(
        new User(
            UserId.random(new SecureRandom()),
            Username.parse("alice").accepted().orElseThrow(),
            Optional.empty(),
            Set.of(),
            "$argon2id$v=19$m=64,t=1,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNo",
            clock.instant(),
            Optional.empty()));
    Instant t0 = clock.instant();
    failures.compareAndCount("alice", Count.NONE, t0);
    failures.compareAndCount("ghost", Count.NONE, t0);
    failures.compareAndCount("fresh", Count.NONE, t0.plusSeconds(120));
    Count stopped = Count.NONE;
    for (int i = 0; i < LoginThrottle.HARD_STOP; i++) {
      failures.compareAndCount("stopped", stopped, t0);
      stopped = failures.find("stopped");
    }

    assertThat(failures.purgeUnknown(t0.plusSeconds(60), LoginThrottle.HARD_STOP)).isEqualTo(1);

    assertThat(failures.find("ghost")).isEqualTo(Count.NONE);
    assertThat(failures.find("alice").failures()).isEqualTo(1);
    assertThat(failures.find("fresh").failures()).isEqualTo(1);
    assertThat(failures.find("stopped").failures()).isEqualTo(LoginThrottle.HARD_STOP);
  }

  /**
   * The SQL stores under test forget three names a write (2,000 in production): seven guessed names
   * among kept ones take several writes, each going on after the last name of the one before.
   */
  @Test
  void purgeUnknown_inSeveralWrites_forgetsEveryIdleGuessedName_andKeepsTheRest() {
    Instant t0 = clock.instant();
    for (int i = 0; i < 7; i++) {
      failures.compareAndCount("guess-" + i, Count.NONE, t0);
      failures.compareAndCount("guess-" + i + "-fresh", Count.NONE, t0.plusSeconds(120));
    }

    assertThat(failures.purgeUnknown(t0.plusSeconds(60), LoginThrottle.HARD_STOP)).isEqualTo(7);
    assertThat(failures.purgeUnknown(t0.plusSeconds(60), LoginThrottle.HARD_STOP)).isZero();
    for (int i = 0; i < 7; i++) {
      assertThat(failures.find("guess-" + i)).isEqualTo(Count.NONE);
      assertThat(failures.find("guess-" + i + "-fresh").failures()).isEqualTo(1);
    }
  }
}
