package dev.vigil.server.assess;

import dev.vigil.audit.EventChain;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The checks of {@code vigil audit}, in the order they are reported. The settings checks judge a
 * {@link Settings} (from the configuration, or a server's answer); the data directory checks judge
 * what only the host that holds it can see. Each check cites OWASP ASVS 5.0 and, where it applies,
 * NIST SP 800-63B-4 (final, August 2025). Stateless; every method is a pure function of its
 * arguments but {@link #dataDirectory}, which reads file modes.
 */
public final class ConfigAudit {
  private ConfigAudit() {}

  /**
   * The settings checks: token entropy, the timeouts against {@code aal}, rotation, transport and
   * cookies, signing and API keys (ages from {@code now}), passwords, throttles and anomaly rules,
   * mail, event retention.
   */
  public static List<Check> settings(Settings s, Aal aal, Instant now) {
    List<Check> out = new ArrayList<>(SessionChecks.of(s.sessions(), aal));
    out.addAll(TransportChecks.of(s.transport()));
    out.addAll(KeyChecks.of(s, now));
    out.addAll(PasswordChecks.of(s.passwords()));
    out.addAll(DefenceChecks.of(s.defences()));
    out.addAll(NoticeChecks.of(s.notices()));
    out.add(DataChecks.retention(s.auditRetention()));
    return List.copyOf(out);
  }

  /**
   * The data directory checks: the event log's chain ({@code chain}, as {@code vigil audit
   * verify-log} computes it), the modes of {@code dir} and of its {@code secretFiles}, and whether
   * {@code adminKeyFile} is still there.
   */
  public static List<Check> dataDirectory(
      Path dir, EventChain.Check chain, Set<String> secretFiles, Path adminKeyFile) {
    return List.of(
        DataChecks.chain(chain),
        DataChecks.modes(dir, secretFiles),
        DataChecks.adminKeyFile(adminKeyFile));
  }

  /** Whether a running server's settings differ from those read here (WARN when they do). */
  public static Check drift(Settings here, Settings server) {
    return Drift.of(here, server);
  }
}
