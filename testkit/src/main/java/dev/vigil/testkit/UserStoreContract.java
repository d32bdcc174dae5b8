package dev.vigil.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.account.User;
import dev.vigil.account.UserStore;
import dev.vigil.account.Username;
import dev.vigil.id.UserId;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link UserStore} must have; a store module subclasses it. */
public abstract class UserStoreContract {
  protected final MutableClock clock = MutableClock.standard();
  private final SecureRandom random = new SecureRandom();
  protected UserStore store;

  /** An empty store; called before each test. */
  protected abstract UserStore newStore() throws Exception;

  @BeforeEach
  void open() throws Exception {
    store = newStore();
  }

  @Test
  void insert_thenFindByIdAndUsername_roundTripsEveryField() {
    User u = user("Alice");
    assertThat(store.insert(u)).isTrue();
    assertThat(store.find(u.id())).contains(u);
    assertThat(store.findByUsername("alice")).contains(u);
  }

  @Test
  void insert_sameUsernameKey_isRefused() {
    assertThat(store.insert(user("Alice"))).isTrue();
    assertThat(store.insert(user("ＡＬＩＣＥ"))).isFalse();
  }

  @Test
  void list_isInUsernameOrder_andLimited() {
    store.insert(user("carol"));
    store.insert(user("Alice"));
    store.insert(user("bob"));
    assertThat(store.list(2)).extracting(u -> u.username().key()).containsExactly("alice", "bob");
  }

  @Test
  void resetTokens_workOnce_expire_andANewOneReplacesTheOld() {
    User u = user("dora");
    store.insert(u);
    store.addResetToken("r1", u.id(), clock.instant().plusSeconds(60));
    store.addResetToken("r2", u.id(), clock.instant().plusSeconds(60));
    assertThat(store.takeResetToken("r1", clock.instant())).isEmpty();
    assertThat(store.takeResetToken("r2", clock.instant().plusSeconds(60))).isEmpty();
    store.addResetToken("r3", u.id(), clock.instant().plusSeconds(60));
    assertThat(store.takeResetToken("r3", clock.instant())).contains(u.id());
    assertThat(store.takeResetToken("r3", clock.instant())).isEmpty();
  }

  @Test
  void update_replacesState_deleteRemoves() {
    User u = user("bob");
    store.insert(u);
    User failed = u.failedAt(clock.instant()).disabled(clock.instant());
    store.update(failed);
    assertThat(store.find(u.id())).contains(failed);
    assertThat(store.delete(u.id())).isTrue();
    assertThat(store.delete(u.id())).isFalse();
    assertThat(store.find(u.id())).isEmpty();
  }

  private User user(String name) {
    Username username = Username.parse(name).accepted().orElseThrow();
    return new User(
        UserId.random(random),
        username,
        Optional.of(name + "@example.com"),
        Set.of("editor"),
        "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNo",
        clock.instant(),
        Optional.empty(),
        0,
        Optional.empty());
  }
}
