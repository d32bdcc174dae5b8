package dev.vigil.server.notify;

import java.time.Duration;
import java.util.Optional;

/**
 * How notices are delivered.
 *
 * @param publicUrl the base URL people reach this server at, for links in mails; empty means {@code
 *     http://<host>:<port>} as bound
 * @param smtp the mail server; empty turns e-mail off (mail is then not queued at all)
 * @param alertEmail where operators are mailed about anomalies; empty for nobody
 * @param retryBase the wait after the first failed attempt; each later wait is three times longer,
 *     up to ten hours
 * @param maxAttempts attempts before a message is given up as failed
 */
public record NoticeSettings(
    Optional<String> publicUrl,
    Optional<Smtp> smtp,
    Optional<String> alertEmail,
    Duration retryBase,
    int maxAttempts) {

  /** The longest wait between two attempts. */
  public static final Duration MAX_WAIT = Duration.ofHours(10);

  /** The wait after the {@code attempts}-th failed attempt: base × 3^(attempts-1), capped. */
  public Duration backoff(int attempts) {
    Duration wait = retryBase;
    for (int i = 1; i < attempts && wait.compareTo(MAX_WAIT) < 0; i++) {
      wait = wait.multipliedBy(3);
    }
    return wait.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait;
  }
}
