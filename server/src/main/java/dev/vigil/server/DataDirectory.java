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
import dev.vigil.server.files.OwnerOnly;
import dev.vigil.server.keys.KeyringFile;
import dev.vigil.server.keys.KeyringSource;
import dev.vigil.server.keys.MasterKey;
import dev.vigil.server.keys.SharedKeyring;
import dev.vigil.session.SessionStore;
import dev.vigil.session.StepUpMarkCache;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
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

  private final Stores stores;
  private final KeyringSource keyring;
  private final ApiKeys apiKeys;
  private final StepUpMarkCache stepUpMarks;

  private DataDirectory(Stores stores, KeyringSource keyring, Clock clock) {
    this.stores = stores;
    this.keyring = keyring;
    this.apiKeys = new ApiKeys(stores.apiKeys(), clock);
    this.stepUpMarks = new StepUpMarkCache(stores.stepUpMarks(), clock);
  }

  /**
   * Opens the data directory of {@code config}, creating it (mode 0700) with a keyring if needed,
   * and registers the bootstrap key or, on an empty directory, writes {@code admin.key}.
   */
  public static DataDirectory open(VigilConfig config, Clock clock) {
    Path dir = config.data();
    try {
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(dir, OwnerOnly.DIRECTORY);
      }
      if (!Files.isWritable(dir)) {
        throw new ConfigException("data directory " + dir + " is not writable");
      }
    } catch (IOException e) {
      throw new ConfigException("data directory " + dir + " cannot be created: " + e.getMessage());
    }
    Stores stores =
        switch (config.store().kind()) {
          case SQLITE -> SqliteStores.open(dir.resolve(DATABASE), config.storeTimeout());
          case POSTGRES -> PostgresStores.open(config.store(), config.storeTimeout());
        };
    DataDirectory data = new DataDirectory(stores, keyring(dir, stores, config, clock), clock);
    config
        .bootstrapApiKey()
        .ifPresentOrElse(
            k -> data.apiKeys.register("bootstrap", k, Set.of(Scope.ADMIN)),
            () -> data.writeAdminKeyIfEmpty(dir));
    return data;
  }

  /**
   * The keyring: {@code keyring.json} in the data directory, or with a shared store the keyring
   * every node shares, sealed with the master key (started from {@code keyring.json} when the
   * directory has one, so tokens issued before a move to PostgreSQL stay valid).
   */
  private static KeyringSource keyring(Path dir, Stores stores, VigilConfig config, Clock clock) {
    if (stores.keyring().isEmpty()) {
      return KeyringFile.open(dir, clock);
    }
    MasterKey master = MasterKey.parse(config.store().masterKey().orElseThrow());
    Path file = dir.resolve(KeyringFile.NAME);
    try {
      return SharedKeyring.open(
          stores.keyring().get(),
          master,
          () ->
              Files.exists(file)
                  ? Optional.of(KeyringFile.open(dir, clock).get())
                  : Optional.empty(),
          clock);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("master_key: " + e.getMessage());
    }
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
      OwnerOnly.replaceWith(file, admin.text() + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
    LOG.info("created an admin API key and wrote it to {} (mode 0600)", file.toAbsolutePath());
  }

  public SessionStore sessions() {
    return stores.sessions();
  }

  /** The event log. */
  public AuditLog events() {
    return stores.events();
  }

  /** The event log read as a feed, by the notifier and the anomaly rules. */
  public EventFeed feed() {
    return stores.feed();
  }

  public UserStore users() {
    return stores.users();
  }

  public ReportStore reports() {
    return stores.reports();
  }

  public StepUpMarkCache stepUpMarks() {
    return stepUpMarks;
  }

  public Outbox outbox() {
    return stores.outbox();
  }

  public KnownDevices knownDevices() {
    return stores.knownDevices();
  }

  public SingleUseLinks links() {
    return stores.links();
  }

  public MfaStore mfa() {
    return stores.mfa();
  }

  public LoginFailures loginFailures() {
    return stores.loginFailures();
  }

  /** The addresses refused sign-in by the credential-stuffing rule. */
  public dev.vigil.account.SignInBlocks signInBlocks() {
    return stores.signInBlocks();
  }

  public KeyringSource keyring() {
    return keyring;
  }

  public ApiKeys apiKeys() {
    return apiKeys;
  }

  /** The short-lived rate buckets: this node's, or shared by every node. */
  public dev.vigil.server.limits.RateBuckets rateBuckets() {
    return stores.buckets();
  }

  /** Who does each piece of background work that runs on one node at a time. */
  public dev.vigil.lease.Leases leases() {
    return stores.leases();
  }

  /** With a store shared by several nodes: how to hear of sessions changed on the others. */
  Optional<Stores.SessionChangeSource> sessionChanges() {
    return stores.changes();
  }

  @Override
  public void close() {
    try {
      stores.closer().close();
    } catch (Exception e) {
      LOG.warn("closing the store failed: {}", e.getMessage());
    }
  }
}
