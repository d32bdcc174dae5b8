package dev.vigil.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.account.MfaStore;
import dev.vigil.account.User;
import dev.vigil.account.UserStore;
import dev.vigil.account.Username;
import dev.vigil.id.UserId;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link MfaStore} must have; a store module subclasses it. */
public abstract class MfaStoreContract {
  private static final String SEALED = "k1:sealed";

  protected final MutableClock clock = MutableClock.standard();
  protected MfaStore store;
  private UserId user;

  /** An empty MFA store and, for stores with foreign keys, the user store beside it. */
  protected abstract MfaStore newStore() throws Exception;

  /** The user store of the same database, or null when the store needs none. */
  protected abstract UserStore users();

  @BeforeEach
  void open() throws Exception {
    store = newStore();
    user = UserId.random(new SecureRandom());
    if (users() != null) {
      users()
          .insert(
              new User(
                  user,
                  Username.parse("mfa-" + user.value().substring(4)).accepted().orElseThrow(),
                  Optional.empty(),
                  Set.of(),
                  "$argon2id$v=19$m=64,t=1,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNo",
                  clock.instant(),
                  Optional.empty()));
    }
  }

  @Test
  void enrolConfirm_thenStepsOnlyMoveForward() {
    store.enrol(new MfaStore.Enrolment(user, SEALED, false, Long.MIN_VALUE));
    assertThat(store.find(user))
        .contains(new MfaStore.Enrolment(user, SEALED, false, Long.MIN_VALUE));
    store.confirm(user, SEALED, 100, List.of("h1", "h2"));
    assertThat(store.find(user).orElseThrow().confirmed()).isTrue();
    assertThat(store.useStep(user, 100)).isFalse();
    assertThat(store.useStep(user, 101)).isTrue();
    assertThat(store.useStep(user, 101)).isFalse();
    assertThat(store.useStep(user, 99)).isFalse();
  }

  @Test
  void recoveryCodes_workOnce_andReEnrolmentDropsThem() {
    store.enrol(new MfaStore.Enrolment(user, SEALED, false, Long.MIN_VALUE));
    store.confirm(user, SEALED, 1, List.of("h1", "h2"));
    assertThat(store.useRecoveryCode(user, "h1")).isTrue();
    assertThat(store.useRecoveryCode(user, "h1")).isFalse();
    assertThat(store.useRecoveryCode(user, "nope")).isFalse();
    store.remove(user);
    assertThat(store.find(user)).isEmpty();
    assertThat(store.useRecoveryCode(user, "h2")).isFalse();
  }

  @Test
  void enrol_neverReplacesAConfirmedAuthenticator() {
    assertThat(store.enrol(new MfaStore.Enrolment(user, "first", false, Long.MIN_VALUE))).isTrue();
    assertThat(store.enrol(new MfaStore.Enrolment(user, "again", false, Long.MIN_VALUE))).isTrue();
    assertThat(store.confirm(user, "first", 1, List.of("h1")))
        .as("a code of the replaced seed")
        .isFalse();
    assertThat(store.confirm(user, "again", 1, List.of("h1"))).isTrue();
    assertThat(store.enrol(new MfaStore.Enrolment(user, "thief", false, Long.MIN_VALUE))).isFalse();
    assertThat(store.find(user).orElseThrow().sealedSecret()).isEqualTo("again");
    assertThat(store.find(user).orElseThrow().confirmed()).isTrue();
    assertThat(store.recoveryCodesLeft(user)).isEqualTo(1);
  }

  @Test
  void confirm_manyAtOnce_exactlyOneConfirms() throws Exception {
    store.enrol(new MfaStore.Enrolment(user, SEALED, false, Long.MIN_VALUE));
    List<Boolean> confirmed =
        Races.race(16, i -> store.confirm(user, SEALED, 7, List.of("code-of-" + i)));
    assertThat(Races.count(confirmed)).isEqualTo(1);
    assertThat(store.recoveryCodesLeft(user)).isEqualTo(1);
  }

  @Test
  void useStepAndRecoveryCodeAndChallenge_manyAtOnce_eachUsedOnce() throws Exception {
    store.enrol(new MfaStore.Enrolment(user, SEALED, false, Long.MIN_VALUE));
    store.confirm(user, SEALED, 1, List.of("h1", "h2", "h3"));
    store.addChallenge(
        "c1", new MfaStore.Challenge(user, "cred"), clock.instant().plus(Duration.ofMinutes(5)));

    assertThat(Races.count(Races.race(16, i -> store.useStep(user, 50)))).isEqualTo(1);
    assertThat(Races.count(Races.race(16, i -> store.useRecoveryCode(user, "h2")))).isEqualTo(1);
    assertThat(Races.count(Races.race(16, i -> store.takeChallenge("c1")))).isEqualTo(1);
    assertThat(store.recoveryCodesLeft(user)).isEqualTo(2);
  }

  @Test
  void remove_saysWhetherThereWasAnEnrolment() {
    assertThat(store.remove(user)).isFalse();
    store.enrol(new MfaStore.Enrolment(user, SEALED, false, Long.MIN_VALUE));
    assertThat(store.remove(user)).isTrue();
    assertThat(store.find(user)).isEmpty();
  }

  @Test
  void challenges_expire_andCanBeTakenOnce() {
    store.addChallenge(
        "c1", new MfaStore.Challenge(user, "cred"), clock.instant().plus(Duration.ofMinutes(5)));
    assertThat(store.findChallenge("c1", clock.instant()))
        .contains(new MfaStore.Challenge(user, "cred"));
    assertThat(store.findChallenge("c1", clock.instant().plus(Duration.ofMinutes(5)))).isEmpty();
    assertThat(store.takeChallenge("c1")).isTrue();
    assertThat(store.takeChallenge("c1")).isFalse();
    assertThat(store.findChallenge("c1", clock.instant())).isEmpty();
  }
}
