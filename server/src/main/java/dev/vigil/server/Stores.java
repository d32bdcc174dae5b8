package dev.vigil.server;

import dev.vigil.access.ApiKeyStore;
import dev.vigil.account.LoginFailures;
import dev.vigil.account.MfaStore;
import dev.vigil.account.UserStore;
import dev.vigil.audit.AuditLog;
import dev.vigil.audit.EventFeed;
import dev.vigil.audit.ReportStore;
import dev.vigil.lease.Leases;
import dev.vigil.notice.KnownDevices;
import dev.vigil.notice.Outbox;
import dev.vigil.notice.SingleUseLinks;
import dev.vigil.session.SessionStore;
import dev.vigil.session.StepUpMarkStore;
import dev.vigil.token.KeyringStore;
import java.util.Optional;

/**
 * Every port of one store, opened together over one database, and how to close them. Built by
 * {@link SqliteStores} or {@link PostgresStores}; nothing outside this package sees which.
 *
 * @param buckets the short-lived rate buckets: this node's, or shared by every node
 * @param keyring with a store shared by several nodes: where the shared keyring is kept
 * @param changes with a store shared by several nodes: how to hear of sessions changed elsewhere
 */
record Stores(
    SessionStore sessions,
    AuditLog events,
    EventFeed feed,
    UserStore users,
    MfaStore mfa,
    LoginFailures loginFailures,
    dev.vigil.account.SignInBlocks signInBlocks,
    ReportStore reports,
    Outbox outbox,
    KnownDevices knownDevices,
    SingleUseLinks links,
    StepUpMarkStore stepUpMarks,
    ApiKeyStore apiKeys,
    Leases leases,
    dev.vigil.server.limits.RateBuckets buckets,
    Optional<KeyringStore> keyring,
    Optional<SessionChangeSource> changes,
    AutoCloseable closer) {

  /** Where a node hears of sessions that other nodes changed. */
  interface SessionChangeSource {
    /** Starts listening; closing the result stops. */
    AutoCloseable listen(SessionChangeListener listener);
  }

  /** What a node does with the changes it hears of. */
  interface SessionChangeListener {
    /** These sessions changed, {@code lagSeconds} ago (by the sender's clock). */
    void changed(java.util.List<dev.vigil.id.SessionId> ids, double lagSeconds);

    /** Any session may have changed. */
    void everything();
  }
}
