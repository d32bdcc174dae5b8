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

/**
 * The writer's waits are bounded by {@code store_timeout}, a withdrawn write never runs, a write
 * that fails in a group commit undoes only itself, and the statements kept on the writer survive
 * the writes that fail in them.
 */
class SqliteDatabaseTest {
  private static final Duration TIMEOUT = Duration.ofMillis(500);
  private SqliteDatabase db;
  private java.nio.file.Path file;

  @BeforeEach
  void open() throws Exception {
    file = dev.vigil.testkit.TempPaths.directory("vigil-db-test").resolve("vigil.db");
    db = SqliteDatabase.open(file, TIMEOUT);
    db.write(
        c -> {
          try (Statement st = c.createStatement()) {
            st.execute("CREATE TABLE scratch (n INTEGER)");
            return st.execute("CREATE TABLE unique_numbers (n INTEGER PRIMARY KEY)");
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
  void aWriteQueuedForLater_behindALongOne_isNeverWithdrawn() throws Exception {
    CountDownLatch running = new CountDownLatch(1);
    CompletableFuture<Object> slow = CompletableFuture.supplyAsync(() -> holdWriter(running, 800));
    running.await();
    java.util.List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
    db.writeLater(c -> insert(c, 7), failures::add); // no caller waits for it: it has no deadline

    slow.handle((ok, failure) -> null).join();
    db.flush();

    assertThat(failures).isEmpty();
    assertThat(db.read(SqliteDatabaseTest::values)).isEqualTo("7");
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

  @Test
  void aWriteThatFailsInAGroupCommit_undoesItselfOnly() throws Exception {
    CountDownLatch running = new CountDownLatch(1);
    CompletableFuture<Object> slow = CompletableFuture.supplyAsync(() -> holdWriter(running, 300));
    running.await();
    // queued while the writer is held: the three run in one transaction, each in its savepoint
    CompletableFuture<Integer> first =
        CompletableFuture.supplyAsync(() -> db.write(c -> insert(c, 1)));
    CompletableFuture<Integer> failing =
        CompletableFuture.supplyAsync(
            () ->
                db.write(
                    c -> {
                      insert(c, 2);
                      throw new IllegalStateException("refused after its insert");
                    }));
    CompletableFuture<Integer> third =
        CompletableFuture.supplyAsync(() -> db.write(c -> insert(c, 3)));
    slow.join();

    assertThat(first.join()).isEqualTo(1);
    assertThat(third.join()).isEqualTo(1);
    assertThatThrownBy(failing::join).hasRootCauseMessage("refused after its insert");
    assertThat(db.read(SqliteDatabaseTest::values)).isEqualTo("1,3");
  }

  @Test
  void noConnection_asksForGeneratedKeys_whichWouldCostAStatementPerInsert() {
    // sqlite-jdbc runs "SELECT last_insert_rowid()" after every INSERT unless told not to; Vigil
    // reads what it needs with RETURNING (docs/BENCHMARKS.md, "Rotation")
    assertThat(db.write(SqliteDatabaseTest::asksForGeneratedKeys)).isFalse();
    assertThat(db.read(SqliteDatabaseTest::asksForGeneratedKeys)).isFalse();
  }

  @Test
  void theWriter_cutsTheWriteAheadLogBack_onceACheckpointEmptiedIt() {
    // else the file keeps its largest size for good (987 MB in a soak; docs/BENCHMARKS.md, "Soak")
    long limit =
        db.write(
            c -> {
              try (Statement st = c.createStatement();
                  ResultSet rs = st.executeQuery("PRAGMA journal_size_limit")) {
                rs.next();
                return rs.getLong(1);
              }
            });
    assertThat(limit).isEqualTo(SqliteDatabase.WAL_SIZE_LIMIT_BYTES).isPositive();
  }

  /**
   * The checkpointer copies committed pages into the database file in the background, so the
   * committer never stops for a checkpoint of its own (30-75 ms at 10,000 pages in a soak).
   */
  @Test
  void committedPages_reachTheDatabaseFile_withoutAnotherWrite() throws Exception {
    long before = Files.size(file);
    db.write(
        c -> {
          try (Statement st = c.createStatement()) {
            // 500 KB, far below the automatic checkpoint's 10,000 pages
            return st.executeUpdate(
                "INSERT INTO scratch WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1"
                    + " FROM r WHERE i < 500) SELECT randomblob(1000) FROM r");
          }
        });
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (Files.size(file) < before + 500_000 && System.nanoTime() < deadline) {
      Thread.sleep(SqliteDatabase.CHECKPOINT_PERIOD.toMillis());
    }
    assertThat(Files.size(file)).isGreaterThanOrEqualTo(before + 500_000);
  }

  private static boolean asksForGeneratedKeys(java.sql.Connection c) throws java.sql.SQLException {
    return c.unwrap(org.sqlite.SQLiteConnection.class).getConnectionConfig().isGetGeneratedKeys();
  }

  @Test
  void aKeptStatement_isPreparedOnce_andStillWorksAfterAWriteFailedInIt() {
    String sql = "INSERT INTO unique_numbers (n) VALUES (?)";
    java.sql.PreparedStatement once = db.write(c -> insertUnique(c, sql, 1));
    java.sql.PreparedStatement again = db.write(c -> insertUnique(c, sql, 2));
    assertThat(again).isSameAs(once);

    assertThatThrownBy(() -> db.write(c -> insertUnique(c, sql, 1)))
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("UNIQUE");
    db.write(c -> insertUnique(c, sql, 3));

    String stored =
        db.read(
            c -> {
              try (Statement st = c.createStatement();
                  ResultSet rs =
                      st.executeQuery("SELECT group_concat(n) FROM unique_numbers ORDER BY n")) {
                return rs.next() ? rs.getString(1) : "";
              }
            });
    assertThat(stored).isEqualTo("1,2,3");
  }

  @Test
  void aReaderKeepsItsStatements_andEachReadSeesTheLatestCommit() throws Exception {
    java.util.Map<java.sql.Connection, java.util.Set<java.sql.PreparedStatement>> used =
        new java.util.HashMap<>();
    for (int n = 1; n <= 12; n++) {
      int written = n;
      db.write(c -> insert(c, written));
      int seen =
          db.read(
              c -> {
                try (SqliteDatabase.Prepared p = db.prepared(c, "SELECT COUNT(*) FROM scratch");
                    ResultSet rs = p.statement().executeQuery()) {
                  used.computeIfAbsent(
                          c.unwrap(org.sqlite.SQLiteConnection.class),
                          k -> new java.util.HashSet<>())
                      .add(p.statement());
                  rs.next();
                  return rs.getInt(1);
                }
              });
      assertThat(seen).as("rows seen after write %d", n).isEqualTo(n);
    }
    assertThat(used.values()).allSatisfy(statements -> assertThat(statements).hasSize(1));
  }

  private java.sql.PreparedStatement insertUnique(java.sql.Connection c, String sql, int n)
      throws java.sql.SQLException {
    try (SqliteDatabase.Prepared p = db.prepared(c, sql)) {
      p.statement().setInt(1, n);
      p.statement().executeUpdate();
      return p.statement();
    }
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
