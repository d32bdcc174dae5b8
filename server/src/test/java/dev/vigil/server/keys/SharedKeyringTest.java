package dev.vigil.server.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.testkit.InMemoryKeyringStore;
import dev.vigil.testkit.MutableClock;
import dev.vigil.testkit.Races;
import dev.vigil.token.Keyring;
import java.security.SecureRandom;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Nodes sharing one sealed keyring: one rotation, seen by all; nothing opens without the key. */
class SharedKeyringTest {
  private final MutableClock clock = MutableClock.standard();
  private final InMemoryKeyringStore store = new InMemoryKeyringStore();
  private final MasterKey master = MasterKey.parse(MasterKey.generate());

  @Test
  void aRotationOnOneNode_isSeenByAnotherAtItsNextReload() {
    SharedKeyring a = SharedKeyring.open(store, master, Optional::empty, clock);
    SharedKeyring b = SharedKeyring.open(store, master, Optional::empty, clock);
    assertThat(b.get().current().id()).isEqualTo(a.get().current().id());

    Keyring rotated = a.rotate(clock);
    assertThat(b.get().current().id()).isNotEqualTo(rotated.current().id());
    b.reloadIfChanged();
    assertThat(b.get().current().id()).isEqualTo(rotated.current().id());
    assertThat(b.get().keys()).hasSize(2);
  }

  @Test
  void theFirstNode_startsFromTheDataDirectorysKeyring_soItsTokensStayValid() {
    Keyring local = Keyring.generate(new SecureRandom(), clock.instant());
    SharedKeyring a = SharedKeyring.open(store, master, () -> Optional.of(local), clock);
    assertThat(a.get().current().id()).isEqualTo(local.current().id());
    Keyring other = Keyring.generate(new SecureRandom(), clock.instant());
    SharedKeyring b = SharedKeyring.open(store, master, () -> Optional.of(other), clock);
    assertThat(b.get().current().id()).as("the stored one wins").isEqualTo(local.current().id());
  }

  @Test
  void rotationsOnManyNodesAtOnce_eachLandsOnTopOfTheLast() throws Exception {
    SharedKeyring first = SharedKeyring.open(store, master, Optional::empty, clock);
    Races.race(8, i -> SharedKeyring.open(store, master, Optional::empty, clock).rotate(clock));
    first.reloadIfChanged();
    assertThat(first.get().keys()).hasSize(9);
    assertThat(store.load().orElseThrow().version()).isEqualTo(9);
  }

  @Test
  void theStoredKeyring_isSealed_andOpensOnlyWithItsMasterKey() {
    SharedKeyring a = SharedKeyring.open(store, master, Optional::empty, clock);
    String sealed = store.load().orElseThrow().sealed();
    assertThat(sealed).doesNotContain("material").doesNotContain("created_at");
    MasterKey other = MasterKey.parse(MasterKey.generate());
    assertThatThrownBy(() -> SharedKeyring.open(store, other, Optional::empty, clock))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("master key");
    assertThatThrownBy(() -> MasterKey.parse("c2hvcnQ="))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("32 bytes");
  }
}
