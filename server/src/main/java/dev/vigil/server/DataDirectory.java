package dev.vigil.server;

import dev.vigil.access.ApiKeys;
import dev.vigil.access.Scope;
import dev.vigil.account.LoginFailures;
import dev.vigil.account.MfaStore;
import dev.vigil.account.UserStore;
import dev.vigil.audit.AuditLog;
import dev.vigil.audit.EventFeed;
import dev.vigil.audit.ReportStore;
import dev.vigil.notice.KnownDevices;
import dev.vigil.notice.Outbox;
import dev.vigil.notice.SingleUseLinks;
import dev.vigil.server.config.ConfigException;
import dev.vigil.server.config.VigilConfig;
import dev.vigil.server.keys.KeyringFile;
import dev.vigil.session.SessionStore;
import dev.vigil.session.StepUpMarkCache;
import dev.vigil.store.sqlite.SqliteApiKeyStore;
import dev.vigil.store.sqlite.SqliteAuditLog;
import dev.vigil.store.sqlite.SqliteDatabase;
import dev.vigil.store.sqlite.SqliteLoginFailures;
import dev.vigil.store.sqlite.SqliteMfaStore;
import dev.vigil.store.sqlite.SqliteOutbox;
import dev.vigil.store.sqlite.SqliteReportStore;
import dev.vigil.store.sqlite.SqliteSessionStore;
import dev.vigil.store.sqlite.SqliteStepUpMarkStore;
import dev.vigil.store.sqlite.SqliteUserStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything Vigil keeps in its data directory: {@code vigil.db} (sessions, events, API keys),
 * {@code keyring.json}, and on first start {@code admin.key}. Used by the server and by every CLI
 * command, so both read the same state the same way.
 */
public final class DataDirectory implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DataDirectory.class);

  /** The database file name. */
  public static final String DATABASE = "vigil.db";

  /** The file the first admin key is written to. */
  public static final String ADMIN_KEY = "admin.key";

  private final SqliteDatabase db;
  private final KeyringFile keyring;
  private final ApiKeys apiKeys;
  private final SessionStore sessions;
  private final SqliteAuditLog events;
  private final UserStore users;
  private final MfaStore mfa;
  private final LoginFailures loginFailures;
  private final ReportStore reports;
  private final SqliteOutbox outbox;
  private final StepUpMarkCache stepUpMarks;

  private DataDirectory(SqliteDatabase db, KeyringFile keyring, ApiKeys apiKeys, Clock clock) {
    this.db = db;
    this.keyring = keyring;
    this.apiKeys = apiKeys;
    this.sessions = new SqliteSessionStore(db);
    this.events = new SqliteAuditLog(db);
    this.users = new SqliteUserStore(db);
    this.mfa = new SqliteMfaStore(db);
    this.loginFailures = new SqliteLoginFailures(db);
    this.reports = new SqliteReportStore(db);
    this.outbox = new SqliteOutbox(db);
    this.stepUpMarks = new StepUpMarkCache(new SqliteStepUpMarkStore(db), clock);
  }

  /**
   * Opens the data directory of {@code config}, creating it (mode 0700) with a keyring if needed,
   * and registers the bootstrap key or, on an empty directory, writes {@code admin.key}.
   */
  public static DataDirectory open(VigilConfig config, Clock clock) {
    Path dir = config.data();
    try {
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(
            dir,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      }
      if (!Files.isWritable(dir)) {
        throw new ConfigException("data directory " + dir + " is not writable");
      }
    } catch (IOException e) {
      throw new ConfigException("data directory " + dir + " cannot be created: " + e.getMessage());
    }
    SqliteDatabase db = SqliteDatabase.open(dir.resolve(DATABASE), config.storeTimeout());
    ApiKeys keys = new ApiKeys(new SqliteApiKeyStore(db), clock);
    DataDirectory data = new DataDirectory(db, KeyringFile.open(dir, clock), keys, clock);
    config
        .bootstrapApiKey()
        .ifPresentOrElse(
            k -> keys.register("bootstrap", k, Set.of(Scope.ADMIN)),
            () -> data.writeAdminKeyIfEmpty(dir));
    return data;
  }

  private void writeAdminKeyIfEmpty(Path dir) {
    if (!apiKeys.list().isEmpty()) {
      return;
    }
    Path file = dir.resolve(ADMIN_KEY);
    ApiKeys.Issued admin =
        apiKeys
            .create("admin", Set.of(Scope.ADMIN))
            .orElseThrow(() -> new ConfigException("an API key named 'admin' exists already"));
    try {
      Files.deleteIfExists(file);
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(file, admin.text() + "\n", StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
    LOG.info("created an admin API key and wrote it to {} (mode 0600)", file.toAbsolutePath());
  }

  public SessionStore sessions() {
    return sessions;
  }

  /** The event log. */
  public AuditLog events() {
    return events;
  }

  /** The event log read as a feed, by the notifier and the anomaly rules. */
  public EventFeed feed() {
    return events;
  }

  public UserStore users() {
    return users;
  }

  public ReportStore reports() {
    return reports;
  }

  public StepUpMarkCache stepUpMarks() {
    return stepUpMarks;
  }

  public Outbox outbox() {
    return outbox;
  }

  public KnownDevices knownDevices() {
    return outbox;
  }

  public SingleUseLinks links() {
    return outbox;
  }

  public MfaStore mfa() {
    return mfa;
  }

  public LoginFailures loginFailures() {
    return loginFailures;
  }

  public KeyringFile keyring() {
    return keyring;
  }

  public ApiKeys apiKeys() {
    return apiKeys;
  }

  @Override
  public void close() {
    events.close();
    db.close();
  }
}
