package dev.vigil.store.sqlite;

import com.zaxxer.hikari.HikariDataSource;
import dev.vigil.session.StoreUnavailableException;
import dev.vigil.store.jdbc.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.locks.ReentrantLock;
import org.flywaydb.core.Flyway;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * One SQLite database file: migrated with Flyway when opened (a new one copied from the build's
 * {@link SchemaTemplate}), a pool of reader connections, and one writer connection owned by a
 * committer thread that does group commit: writes that arrive while a commit is under way are run
 * together in the next transaction, each inside its own savepoint (so one failing write does not
 * undo the others), and every caller returns only after the transaction holding its write is
 * committed and synced ({@code synchronous=FULL}). Under concurrency one fsync serves many writes;
 * alone, a write costs what it would without batching. A checkpointer thread with a connection of
 * its own copies committed pages from the write-ahead log into the database file in the background
 * ({@link #CHECKPOINT_PERIOD}). Closing it finishes queued writes and closes every connection.
 *
 * <p>No call waits on a busy or unreachable database longer than about the store timeout: a write
 * still queued when its caller has waited that long is withdrawn (it never runs) and the caller
 * gets {@link StoreUnavailableException}; SQLite's busy timeout and the readers' pool wait are the
 * same bound, so a write already running ends within it too. A caller waits for its commit without
 * a timer of its own; a watcher thread ({@link #watchDeadlines}) tells the callers whose time is
 * up, within an {@linkplain #watchPeriodNanos eighth} of the timeout of it.
 */
public final class SqliteDatabase implements Database, AutoCloseable {
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(SqliteDatabase.class);

  private static final int MAX_BATCH = 256;

  /** Writes queued without waiting, at most; beyond it {@link #writeLater} waits like a write. */
  private static final int MAX_LATER = 10_000;

  /**
   * The directory beside the database that holds the copy of SQLite's native library Vigil loads
   * ({@code NativeLibrary}); {@code vigil audit} checks its modes.
   */
  public static final String NATIVE_LIBRARY_DIRECTORY = "native";

  /**
   * The size the write-ahead log file is cut back to when a checkpoint has emptied it, in bytes:
   * above the 10,000 pages (about 40 MB) after which it is checkpointed.
   */
  static final long WAL_SIZE_LIMIT_BYTES = 64L * 1024 * 1024;

  /** The writer connection's page cache, in KiB. */
  private static final int WRITER_CACHE_KIB = 32 * 1024;

  /** The store timeout when none is given. */
  public static final java.time.Duration DEFAULT_TIMEOUT = java.time.Duration.ofSeconds(2);

  private final Connection writer;
  private final java.time.Duration timeout;
  private final ReentrantLock writeLock = new ReentrantLock();
  private final HikariDataSource readers;
  private final java.util.concurrent.BlockingQueue<Pending<?>> queue =
      new java.util.concurrent.LinkedBlockingQueue<>();
  private final Thread committer;

  /** The batch the committer is running, for {@link #watchDeadlines}; empty between batches. */
  private volatile java.util.List<Pending<?>> committing = java.util.List.of();

  private final Thread deadlines;

  /**
   * The connection of the {@link #checkpointLoop checkpointer}, which copies committed pages from
   * the write-ahead log into the database file in the background.
   */
  private final Connection checkpointing;

  private final Thread checkpointer;

  /** How often the checkpointer copies what the write-ahead log holds into the database. */
  static final java.time.Duration CHECKPOINT_PERIOD = java.time.Duration.ofMillis(200);

  private volatile boolean closed;
  private final java.util.concurrent.Semaphore later =
      new java.util.concurrent.Semaphore(MAX_LATER);

  /**
   * Statements prepared once per connection and kept for its life ({@link #prepared}), keyed by the
   * driver's connection (the writer, or a reader under the pool's proxy): the SQL of the frequent
   * writes and reads is compiled once rather than each time (about a tenth of the committer's time
   * per rotation, and as much as running it for a session's row on a cache miss;
   * docs/BENCHMARKS.md). A connection is used by one thread at a time (the writer by the committer,
   * under the write lock), so each inner map is too.
   */
  private final java.util.concurrent.ConcurrentHashMap<
          Connection, java.util.Map<String, java.sql.PreparedStatement>>
      statements = new java.util.concurrent.ConcurrentHashMap<>();

  private static final String SAVEPOINT = "SAVEPOINT vigil_write";
  private static final String RELEASE = "RELEASE vigil_write";
  private static final String ROLLBACK_TO = "ROLLBACK TO vigil_write";

  /**
   * A write waiting for its transaction. {@code state} goes from queued to running (the committer
   * took it) or to withdrawn (its caller stopped waiting), whichever comes first. {@code queuedAt}
   * is {@link System#nanoTime} when it was queued, or {@link Long#MAX_VALUE} for a write no caller
   * waits for ({@link #writeLater}), which has no deadline.
   */
  private record Pending<T>(
      Work<T> work,
      java.util.concurrent.CompletableFuture<T> done,
      java.util.concurrent.atomic.AtomicInteger state,
      long queuedAt) {
    static final int QUEUED = 0;
    static final int RUNNING = 1;
    static final int WITHDRAWN = 2;

    Pending(Work<T> work, java.util.concurrent.CompletableFuture<T> done, long queuedAt) {
      this(work, done, new java.util.concurrent.atomic.AtomicInteger(QUEUED), queuedAt);
    }

    /**
     * Whether its caller, waiting since {@code queuedAt}, has waited {@code limit} at {@code now}.
     */
    boolean waited(long limit, long now) {
      return queuedAt != Long.MAX_VALUE && now - queuedAt >= limit;
    }
  }

  private SqliteDatabase(
      Connection writer,
      Connection checkpointing,
      HikariDataSource readers,
      java.time.Duration timeout) {
    this.writer = writer;
    this.checkpointing = checkpointing;
    this.readers = readers;
    this.timeout = timeout;
    this.committer =
        Thread.ofPlatform().name("vigil-sqlite-committer").daemon().start(this::commitLoop);
    this.checkpointer =
        Thread.ofPlatform().name("vigil-sqlite-checkpointer").daemon().start(this::checkpointLoop);
    this.deadlines =
        Thread.ofPlatform().name("vigil-sqlite-deadlines").daemon().start(this::watchDeadlines);
  }

  /**
   * Opens (creating if needed) the database at {@code file} and applies pending migrations.
   *
   * @throws StoreUnavailableException if the file cannot be opened or migrated
   */
  public static SqliteDatabase open(Path file) {
    return open(file, DEFAULT_TIMEOUT);
  }

  /**
   * Opens the database at {@code file} with {@code timeout} as the longest wait for a busy
   * database.
   *
   * @throws StoreUnavailableException if the file cannot be opened or migrated
   */
  public static SqliteDatabase open(Path file, java.time.Duration timeout) {
    NativeLibrary.prepare(file.toAbsolutePath().resolveSibling(NATIVE_LIBRARY_DIRECTORY));
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    config.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    config.enforceForeignKeys(true);
    // sqlite-jdbc would otherwise match every statement against a pattern and, after each INSERT,
    // compile and run "SELECT last_insert_rowid()" for getGeneratedKeys, which Vigil never calls
    // (it uses RETURNING): a tenth of the committer's time per rotation (docs/BENCHMARKS.md)
    config.setGetGeneratedKeys(false);
    SQLiteDataSource source = new SQLiteDataSource(config);
    source.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
    try {
      // a new file starts as the build's migrated template (SchemaTemplate), current unless the
      // template is older than the migrations beside it
      if (!SchemaTemplate.copyTo(file) && !Files.exists(file)) {
        // SQLite would make it with the process's umask (0644 as a rule); its write-ahead log and
        // shared-memory files take the database's mode
        createOwnerOnly(file);
      }
      if (!current(source)) {
        Flyway.configure().dataSource(source).locations("classpath:db/sqlite").load().migrate();
      }
      Connection writer = source.getConnection();
      try {
        return open(source, writer, timeout);
      } catch (SQLException | RuntimeException e) {
        writer.close();
        throw e;
      }
    } catch (SQLException | java.io.IOException | RuntimeException e) {
      throw new StoreUnavailableException(
          "cannot open SQLite database " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Creates {@code file}, empty, readable and writable by its owner alone (0600) where the file
   * system has POSIX modes: the database holds password, session and API key hashes, sealed TOTP
   * seeds and the audit log's addresses (OWASP ASVS 5.0 13.3; {@code vigil audit}'s {@code
   * files.modes} fails a database others may read). SQLite gives the write-ahead log and the
   * shared-memory file the database's mode.
   *
   * @throws java.nio.file.FileAlreadyExistsException if {@code file} exists
   */
  static void createOwnerOnly(Path file) throws java.io.IOException {
    if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Files.createFile(
          file,
          java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
              java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
    } else {
      Files.createFile(file);
    }
  }

  /** Sets the writer up, opens the checkpointer's connection and the readers' pool. */
  private static SqliteDatabase open(
      SQLiteDataSource source, Connection writer, java.time.Duration timeout) throws SQLException {
    try (java.sql.Statement st = writer.createStatement()) {
      // the writer touches every index of a bulk write: a larger page cache than SQLite's 2 MiB
      // default keeps them in memory (readers keep the default); pages are taken as used
      st.execute("PRAGMA cache_size = -" + WRITER_CACHE_KIB);
      // checkpoint the WAL every 10,000 pages rather than 1,000: a page changed by several
      // transactions in a row (bulk revocations, refusal floods) is copied back once
      st.execute("PRAGMA wal_autocheckpoint = 10000");
      // and give the file back once a checkpoint has emptied it: without a limit the WAL keeps
      // the size of its longest stretch between checkpoints for good (987 MB after a reader
      // held a snapshot for 31 s under load; docs/BENCHMARKS.md, "Soak")
      st.execute("PRAGMA journal_size_limit = " + WAL_SIZE_LIMIT_BYTES);
    }
    // configured in place, not through a HikariConfig: new HikariDataSource(config) copies every
    // field of the config by reflection, 40-50 ms of a start (docs/BENCHMARKS.md, "Start-up");
    // the pool then starts at the first connection asked of it, as the copy's did at once
    HikariDataSource pool = new HikariDataSource();
    pool.setDataSource(source);
    pool.setMaximumPoolSize(4);
    pool.setMinimumIdle(1);
    pool.setPoolName("vigil-sqlite-readers");
    pool.setConnectionTimeout(Math.max(250, timeout.toMillis()));
    Connection checkpointing = source.getConnection();
    try {
      return new SqliteDatabase(writer, checkpointing, pool, timeout);
    } catch (RuntimeException e) {
      checkpointing.close();
      throw e;
    }
  }

  /**
   * Whether Flyway's history says every migration this build has, {@code V1} to {@value
   * #NEWEST_MIGRATION}, was applied and succeeded: then opening skips Flyway, which takes a third
   * of start-up (docs/BENCHMARKS.md, "Start-up to ready"). Anything else (a new file, a database
   * migrated by an older or newer build, a failed migration) goes through Flyway, which migrates,
   * validates or refuses as it does.
   */
  static boolean current(SQLiteDataSource source) throws SQLException {
    try (Connection c = source.getConnection();
        java.sql.Statement st = c.createStatement()) {
      try (java.sql.ResultSet rs =
          st.executeQuery(
              "SELECT 1 FROM sqlite_master WHERE type = 'table'"
                  + " AND name = 'flyway_schema_history'")) {
        if (!rs.next()) {
          return false;
        }
      }
      try (java.sql.ResultSet rs =
          st.executeQuery(
              "SELECT COUNT(*), COUNT(DISTINCT version), SUM(success = 0),"
                  + " MIN(CAST(version AS INTEGER)), MAX(CAST(version AS INTEGER))"
                  + " FROM flyway_schema_history WHERE version IS NOT NULL")) {
        return rs.next()
            && rs.getInt(1) == NEWEST_MIGRATION
            && rs.getInt(2) == NEWEST_MIGRATION
            && rs.getInt(3) == 0
            && rs.getInt(4) == 1
            && rs.getInt(5) == NEWEST_MIGRATION;
      }
    }
  }

  /**
   * The newest migration in {@code db/sqlite} ({@code V14__sign_in_blocks.sql}); a test holds it to
   * the folder.
   */
  static final int NEWEST_MIGRATION = 14;

  /**
   * Runs {@code work} on the writer connection, atomically, and returns once it is durable. A
   * {@link RuntimeException} from {@code work} undoes that work only and is rethrown here.
   *
   * @throws StoreUnavailableException when the write was still queued after the store timeout (it
   *     was withdrawn and never runs), or was started but had not finished within twice the timeout
   *     (it may yet commit: the caller cannot know, as for any write whose answer is lost)
   */
  @Override
  public <T> T write(Work<T> work) {
    if (closed) {
      throw new StoreUnavailableException("SQLite database is closed", null);
    }
    Pending<T> p =
        new Pending<>(work, new java.util.concurrent.CompletableFuture<>(), System.nanoTime());
    queue.add(p);
    try {
      // untimed: a timed wait of a virtual thread schedules and cancels a timer task per write,
      // each waking the pool's timer thread (6.5% of the server's samples in a rotation chain, and
      // a sixth of the request threads' time a rotation without it: docs/BENCHMARKS.md);
      // watchDeadlines bounds the wait instead
      return p.done().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreUnavailableException("interrupted while waiting for SQLite", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw failure(e.getCause());
    }
  }

  /** How often {@link #watchDeadlines} looks: an eighth of the timeout, within 1-250 ms. */
  private long watchPeriodNanos() {
    return Math.clamp(timeout.toNanos() / 8, 1_000_000L, 250_000_000L);
  }

  /**
   * Every {@linkplain #watchPeriodNanos eighth of the timeout}, tells the callers whose wait is up:
   * a write still queued a timeout after it was queued is withdrawn (the committer skips it) and
   * its caller gets {@link StoreUnavailableException}; a write the committer started and that has
   * not finished twice the timeout after it was queued answers its caller the same way, and its
   * outcome, if it comes, is dropped. Writes queued with {@link #writeLater} have no caller and no
   * deadline.
   */
  private void watchDeadlines() {
    while (!closed || !queue.isEmpty()) {
      try {
        Thread.sleep(java.time.Duration.ofNanos(watchPeriodNanos()));
      } catch (InterruptedException e) {
        return;
      }
      try {
        tellOverdue(System.nanoTime());
      } catch (RuntimeException e) { // never let the bound on every wait die with this thread
        LOG.error("SQLite write deadlines: {}", e.toString(), e);
      }
    }
  }

  /**
   * Tells the callers of the writes whose wait is up at {@code now} (see {@link #watchDeadlines}).
   */
  private void tellOverdue(long now) {
    long limit = timeout.toNanos();
    for (java.util.Iterator<Pending<?>> it = queue.iterator(); it.hasNext(); ) {
      Pending<?> p = it.next();
      if (p.waited(limit, now) && p.state().compareAndSet(Pending.QUEUED, Pending.WITHDRAWN)) {
        it.remove();
        p.done()
            .completeExceptionally(
                new StoreUnavailableException(
                    "SQLite write waited " + timeout + " for the database and was withdrawn",
                    null));
      }
    }
    for (Pending<?> p : committing) {
      if (p.waited(2 * limit, now) && !p.done().isDone()) {
        p.done()
            .completeExceptionally(
                new StoreUnavailableException(
                    "SQLite write started but did not finish within twice " + timeout, null));
      }
    }
  }

  private static RuntimeException failure(Throwable cause) {
    if (cause instanceof RuntimeException r) {
      return r;
    }
    return new StoreUnavailableException("SQLite write failed: " + cause, cause);
  }

  /**
   * Queues {@code work} for the next group commit and returns at once; it is durable a moment
   * later, unless the process dies first. Its failure is logged by the caller's {@code onFailure}.
   * When {@value #MAX_LATER} such writes are already waiting, this waits for its own commit instead
   * (back-pressure, so a flood cannot grow the queue without bound).
   */
  public void writeLater(Work<?> work, java.util.function.Consumer<Throwable> onFailure) {
    if (closed) {
      throw new StoreUnavailableException("SQLite database is closed", null);
    }
    if (!later.tryAcquire()) {
      write(work);
      return;
    }
    java.util.concurrent.CompletableFuture<Object> done =
        new java.util.concurrent.CompletableFuture<>();
    done.whenComplete(
        (ok, failure) -> {
          later.release();
          if (failure != null) {
            onFailure.accept(failure);
          }
        });
    @SuppressWarnings("unchecked")
    Work<Object> w = (Work<Object>) work;
    queue.add(new Pending<>(w, done, Long.MAX_VALUE));
  }

  /**
   * Returns once every write queued before this call, waiting or not, is committed: readers that
   * must see the caller's own {@link #writeLater} writes call it first. Free when none is waiting.
   */
  public void flush() {
    if (later.availablePermits() < MAX_LATER) {
      write(c -> null);
    }
  }

  /**
   * Every {@link #CHECKPOINT_PERIOD}, a passive checkpoint on a connection of its own: it copies
   * the pages committed to the write-ahead log into the database file and syncs it, never waiting
   * for a writer or a reader, so that the next write can start the log again from its beginning.
   * Without it the committer does the copy itself, inside the commit that fills the log to 10,000
   * pages, and every write waiting behind it waits 30-75 ms (docs/BENCHMARKS.md, "Soak"); that
   * automatic checkpoint stays as the backstop for a checkpointer that falls behind. A checkpoint
   * that fails (a full disk) changes nothing and is tried again at the next period.
   */
  private void checkpointLoop() {
    boolean failing = false;
    while (!closed) {
      try {
        Thread.sleep(CHECKPOINT_PERIOD);
      } catch (InterruptedException e) {
        return;
      }
      try (java.sql.Statement st = checkpointing.createStatement();
          java.sql.ResultSet rs = st.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
        rs.next();
        if (failing) {
          LOG.info("SQLite checkpoints work again");
          failing = false;
        }
      } catch (SQLException e) {
        if (!failing) {
          LOG.warn(
              "SQLite checkpoint failed, tried again every {}: {}",
              CHECKPOINT_PERIOD,
              e.getMessage());
        }
        failing = true;
      }
    }
  }

  private void commitLoop() {
    java.util.List<Pending<?>> batch = new java.util.ArrayList<>(MAX_BATCH);
    while (!closed || !queue.isEmpty()) {
      try {
        Pending<?> first = queue.poll(100, java.util.concurrent.TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, MAX_BATCH - 1);
        committing = java.util.List.copyOf(batch);
        commit(batch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } finally {
        committing = java.util.List.of();
        batch.clear();
      }
    }
  }

  /** Runs a batch in one transaction, each write in a savepoint; completes every future. */
  private void commit(java.util.List<Pending<?>> batch) {
    writeLock.lock();
    java.util.List<Runnable> completions = new java.util.ArrayList<>(batch.size());
    try {
      writer.setAutoCommit(false);
      for (Pending<?> p : batch) {
        completions.add(runInSavepoint(p));
      }
      writer.commit();
      completions.forEach(Runnable::run);
    } catch (SQLException | RuntimeException e) {
      try {
        writer.rollback();
      } catch (SQLException ignored) {
        // the connection is unusable; every write of the batch fails below
      }
      StoreUnavailableException failure =
          new StoreUnavailableException("SQLite commit failed: " + e.getMessage(), e);
      batch.forEach(p -> p.done().completeExceptionally(failure));
    } finally {
      try {
        writer.setAutoCommit(true);
      } catch (SQLException ignored) {
        // reported by the next write
      }
      writeLock.unlock();
    }
  }

  /** Runs one write inside a savepoint; returns how to complete its future once committed. */
  private <T> Runnable runInSavepoint(Pending<T> p) throws SQLException {
    if (!p.state().compareAndSet(Pending.QUEUED, Pending.RUNNING)) {
      return () -> {}; // withdrawn: its caller was told the store is unavailable
    }
    // the driver's own savepoints format a new name and compile each statement every time
    execute(SAVEPOINT);
    try {
      T result = p.work().run(writer);
      execute(RELEASE);
      return () -> p.done().complete(result);
    } catch (SQLException e) {
      execute(ROLLBACK_TO);
      execute(RELEASE);
      StoreUnavailableException failure = unavailable(e);
      return () -> p.done().completeExceptionally(failure);
    } catch (RuntimeException e) {
      execute(ROLLBACK_TO);
      execute(RELEASE);
      return () -> p.done().completeExceptionally(e);
    }
  }

  /** A statement from {@link #prepared}, kept for its connection: closing it only resets it. */
  public record Prepared(java.sql.PreparedStatement statement) implements AutoCloseable {
    @Override
    public void close() throws SQLException {
      statement.clearParameters();
    }
  }

  /**
   * The statement for {@code sql} on {@code c} (the writer inside a {@link #write}, or a reader
   * inside a {@link #read}), to be used in try-with-resources: prepared on first use and kept for
   * the connection's life, its parameters and batch cleared each time. The caller closes the result
   * sets it opens (which resets the statement, ending its read). The writer's statements are only
   * touched by the committer thread, under the write lock.
   */
  public Prepared prepared(Connection c, String sql) throws SQLException {
    Connection driver = c == writer ? writer : c.unwrap(org.sqlite.SQLiteConnection.class);
    java.util.Map<String, java.sql.PreparedStatement> kept = statements.get(driver);
    if (kept == null) {
      forgetClosedConnections();
      kept = statements.computeIfAbsent(driver, d -> new java.util.HashMap<>());
    }
    java.sql.PreparedStatement ps = kept.get(sql);
    if (ps == null || ps.isClosed()) {
      // prepared on the driver's connection, so the pool does not close it when c is returned
      ps = driver.prepareStatement(sql);
      kept.put(sql, ps);
    } else {
      ps.clearBatch();
    }
    return new Prepared(ps);
  }

  /** Drops the statements of reader connections the pool has closed (retired when idle). */
  private void forgetClosedConnections() throws SQLException {
    for (var it = statements.entrySet().iterator(); it.hasNext(); ) {
      var e = it.next();
      if (e.getKey().isClosed()) {
        it.remove();
      }
    }
  }

  private void execute(String sql) throws SQLException {
    try (Prepared p = prepared(writer, sql)) {
      p.statement().execute();
    }
  }

  /** Runs {@code work} on a reader connection. */
  @Override
  public <T> T read(Work<T> work) {
    try (Connection c = readers.getConnection()) {
      return work.run(c);
    } catch (SQLException e) {
      throw unavailable(e);
    }
  }

  private static StoreUnavailableException unavailable(SQLException e) {
    return new StoreUnavailableException("SQLite failed: " + e.getMessage(), e);
  }

  @Override
  public void close() {
    closed = true;
    try {
      committer.join(10_000);
      deadlines.interrupt();
      deadlines.join(10_000);
      checkpointer.interrupt();
      checkpointer.join(10_000);
      checkpointing.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (SQLException e) {
      LOG.debug("closing the checkpointer's connection: {}", e.getMessage());
    }
    // the driver finalises a connection's remaining statements, the kept ones too, when it closes
    statements.clear();
    readers.close();
    writeLock.lock();
    try {
      writer.close();
    } catch (SQLException e) {
      throw unavailable(e);
    } finally {
      writeLock.unlock();
    }
  }
}
