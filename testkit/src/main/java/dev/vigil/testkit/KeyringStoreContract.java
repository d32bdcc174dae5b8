package dev.vigil.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.token.KeyringStore;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every shared keyring store must do: versioned saves, one winner of concurrent saves. */
public abstract class KeyringStoreContract {
  private KeyringStore store;

  protected abstract KeyringStore newStore() throws Exception;

  @BeforeEach
  void open() throws Exception {
    store = newStore();
  }

  @Test
  void saves_areVersioned_andOnlyOnTopOfTheVersionRead() {
    assertThat(store.load()).isEmpty();
    assertThat(store.save(1, "stale")).isFalse();
    assertThat(store.save(0, "first")).isTrue();
    assertThat(store.load()).contains(new KeyringStore.Versioned(1, "first"));
    assertThat(store.save(0, "again")).isFalse();
    assertThat(store.save(1, "second")).isTrue();
    assertThat(store.load()).contains(new KeyringStore.Versioned(2, "second"));
  }

  @Test
  void manyNodesSavingAtOnce_exactlyOneWins() throws Exception {
    store.save(0, "first");
    List<Boolean> saved = Races.race(16, i -> store.save(1, "rotated-by-" + i));
    assertThat(Races.count(saved)).isEqualTo(1);
    assertThat(store.load().orElseThrow().version()).isEqualTo(2);
  }
}
