package dev.vigil.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.testkit.Races;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A "this wasn't me" link is used once however many requests carry it at the same moment: the
 * store's primary key decides, not a check in memory.
 */
class SqliteOutboxLinksTest {
  private SqliteDatabase db;
  private SqliteOutbox outbox;

  @BeforeEach
  void open() throws Exception {
    db = TempDatabase.open();
    outbox = new SqliteOutbox(db);
  }

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void useLink_manyAtOnce_exactlyOneUsesIt() throws Exception {
    assertThat(outbox.linkUsed("evt_link")).isFalse();
    List<Boolean> used = Races.race(16, i -> outbox.useLink("evt_link", Instant.now()));
    assertThat(Races.count(used)).isEqualTo(1);
    assertThat(outbox.linkUsed("evt_link")).isTrue();
    assertThat(outbox.useLink("evt_link", Instant.now())).isFalse();
  }
}
