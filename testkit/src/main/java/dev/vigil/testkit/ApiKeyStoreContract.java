package dev.vigil.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.access.ApiKey;
import dev.vigil.access.ApiKeyStore;
import dev.vigil.access.ApiKeys;
import dev.vigil.access.Scope;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link ApiKeyStore} must have; a store module subclasses it. */
public abstract class ApiKeyStoreContract {
  protected final MutableClock clock = MutableClock.standard();
  protected ApiKeyStore store;
  private ApiKeys keys;

  /** An empty store; called before each test. */
  protected abstract ApiKeyStore newStore() throws Exception;

  @BeforeEach
  void open() throws Exception {
    store = newStore();
    keys = new ApiKeys(store, clock);
  }

  @Test
  void create_sameNameManyAtOnce_exactlyOneKeyExists_andItWorks() throws Exception {
    List<Optional<ApiKeys.Issued>> made =
        Races.race(16, i -> keys.create("ci", Set.of(Scope.SESSIONS)));
    List<ApiKeys.Issued> issued = made.stream().flatMap(Optional::stream).toList();
    assertThat(issued).hasSize(1);
    assertThat(store.list()).extracting(ApiKey::name).containsExactly("ci");
    assertThat(keys.authenticate(issued.get(0).text())).isPresent();
  }

  @Test
  void create_nameOfARevokedKey_replacesIt_nameOfALiveKey_isRefused() {
    ApiKeys.Issued first = keys.create("ops", Set.of(Scope.AUDIT)).orElseThrow();
    assertThat(keys.create("ops", Set.of(Scope.ADMIN))).isEmpty();
    assertThat(keys.authenticate(first.text())).isPresent();
    assertThat(store.revoke("ops", clock.instant())).isTrue();
    ApiKeys.Issued second = keys.create("ops", Set.of(Scope.ADMIN)).orElseThrow();
    assertThat(keys.authenticate(second.text())).isPresent();
    assertThat(keys.authenticate(first.text())).isEmpty();
  }

  @Test
  void register_replacesTheKeyOfItsName() {
    keys.register("bootstrap", "b".repeat(40), Set.of(Scope.ADMIN));
    keys.register("bootstrap", "c".repeat(40), Set.of(Scope.ADMIN));
    assertThat(keys.authenticate("b".repeat(40))).isEmpty();
    assertThat(keys.authenticate("c".repeat(40))).isPresent();
    assertThat(store.list()).hasSize(1);
  }
}
