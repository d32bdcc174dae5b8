package dev.vigil.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.vigil.session.StoreUnavailableException;
import java.nio.file.Files;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The writer's waits are bounded by {@code store_timeout}, and a withdrawn write never runs. */
class SqliteDatabaseTest {
  private static final Duration TIMEOUT = Duration.ofMillis(500);
  private SqliteDatabase db;

  @BeforeEach
  void open() throws Exception {
    db =
        SqliteDatabase.open(
            Files.createTempDirectory("vigil-db-test").resolve("vigil.db"), TIMEOUT);
    db.write(
        c -> {
          try (Statement st = c.createStatement()) {
            return st.execute("CREATE TABLE scratch (n INTEGER)");
          }
        });
  }

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void aWriteQueuedBehindALongOne_isWithdrawnAfterTheTimeout_andNeverRuns() throws Exception {
    CountDownLatch running = new CountDownLatch(1);
    CompletableFuture<Object> slow = CompletableFuture.supplyAsync(() -> holdWriter(running, 800));
    running.await();

    assertThatThrownBy(() -> db.write(c -> insert(c, 1)))
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("withdrawn");
    slow.handle((ok, failure) -> null).join();
    db.write(c -> insert(c, 2));

    assertThat(db.read(SqliteDatabaseTest::values)).isEqualTo("2");
  }

  @Test
  void aStartedWriteThatOverrunsTwiceTheTimeout_answersStoreUnavailable() {
    assertTimeoutPreemptively(
        Duration.ofMillis(2_000),
        () ->
            assertThatThrownBy(() -> holdWriter(new CountDownLatch(1), 3_000))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("did not finish"));
  }

  private Object holdWriter(CountDownLatch running, long millis) {
    return db.write(
        c -> {
          running.countDown();
          try {
            Thread.sleep(millis);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return 0;
        });
  }

  private static int insert(java.sql.Connection c, int n) throws java.sql.SQLException {
    try (Statement st = c.createStatement()) {
      return st.executeUpdate("INSERT INTO scratch (n) VALUES (" + n + ")");
    }
  }

  private static String values(java.sql.Connection c) throws java.sql.SQLException {
    StringBuilder out = new StringBuilder();
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT n FROM scratch ORDER BY n")) {
      while (rs.next()) {
        out.append(out.isEmpty() ? "" : ",").append(rs.getInt(1));
      }
    }
    return out.toString();
  }
}
