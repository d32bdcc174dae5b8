package dev.vigil.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.account.User;
import dev.vigil.account.UserStore;
import dev.vigil.account.Username;
import dev.vigil.id.UserId;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
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
  void search_matchesKeyPrefixes_inUsernameOrder_withoutPatterns() {
    store.insert(user("carol"));
    store.insert(user("Carla"));
    store.insert(user("bob"));
    store.insert(user("ca_t"));
    store.insert(user("cant"));
    assertThat(store.search("car", 10))
        .extracting(u -> u.username().key())
        .containsExactly("carla", "carol");
    assertThat(store.search("ca_", 10)).extracting(u -> u.username().key()).containsExactly("ca_t");
    assertThat(store.search("ca%", 10)).isEmpty();
    assertThat(store.search("c", 2)).extracting(u -> u.username().key()).hasSize(2);
    assertThat(store.search("", 10)).hasSize(5);
    assertThat(store.search("zed", 10)).isEmpty();
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
  void insert_sameUsernameManyAtOnce_exactlyOneSucceeds() throws Exception {
    List<Boolean> stored = Races.race(16, i -> store.insert(user("Race")));
    assertThat(Races.count(stored)).isEqualTo(1);
  }

  @Test
  void disable_keepsItsFirstTime_andLaterRoleChangesKeepItDisabled() {
    User u = user("bob");
    store.insert(u);
    Instant first = clock.instant();
    assertThat(store.disable(u.id(), first).orElseThrow().disabledAt()).contains(first);
    assertThat(store.disable(u.id(), first.plusSeconds(5)).orElseThrow().disabledAt())
        .contains(first);
    User after = store.setRoles(u.id(), Set.of("admin", "editor")).orElseThrow();
    assertThat(after.roles()).containsExactlyInAnyOrder("admin", "editor");
    assertThat(after.enabled()).isFalse();
    assertThat(store.find(u.id())).contains(after);
    assertThat(store.disable(UserId.random(random), first)).isEmpty();
    assertThat(store.setRoles(UserId.random(random), Set.of())).isEmpty();
  }

  @Test
  void replacePasswordHash_onlyWhileTheHashIsTheOneExpected() {
    User u = user("carl");
    store.insert(u);
    assertThat(store.setPasswordHash(u.id(), "changed")).isTrue();
    assertThat(store.replacePasswordHash(u.id(), u.passwordHash(), "upgraded")).isFalse();
    assertThat(store.find(u.id()).orElseThrow().passwordHash()).isEqualTo("changed");
    assertThat(store.replacePasswordHash(u.id(), "changed", "upgraded")).isTrue();
    assertThat(store.find(u.id()).orElseThrow().passwordHash()).isEqualTo("upgraded");
    assertThat(store.setPasswordHash(UserId.random(random), "x")).isFalse();
  }

  @Test
  void takeResetToken_manyAtOnce_exactlyOneRedeems() throws Exception {
    User u = user("erin");
    store.insert(u);
    store.addResetToken("r", u.id(), clock.instant().plusSeconds(60));
    assertThat(store.findResetToken("r", clock.instant())).contains(u.id());
    assertThat(store.findResetToken("r", clock.instant())).contains(u.id());
    List<Boolean> taken =
        Races.race(16, i -> store.takeResetToken("r", clock.instant()).isPresent());
    assertThat(Races.count(taken)).isEqualTo(1);
    assertThat(store.findResetToken("r", clock.instant())).isEmpty();
  }

  @Test
  void delete_removes() {
    User u = user("bob");
    store.insert(u);
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
        Optional.empty());
  }
}
