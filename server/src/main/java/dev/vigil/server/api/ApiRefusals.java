package dev.vigil.server.api;

import dev.vigil.audit.AuditLog;
import dev.vigil.audit.Event;
import dev.vigil.audit.EventType;
import dev.vigil.client.ClientContext;
import dev.vigil.id.EventId;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records API calls refused for their key (ASVS 5.0 16.3.2): an {@code api.refused} event and a log
 * line each, naming the key (never its text: an unknown key by the first 8 hex digits of its
 * SHA-256), the route, the missing scope and the caller's address. A flood cannot fill the log: at
 * most {@value #BURST} are recorded at once and {@value #PER_SECOND} a second after that (a token
 * bucket); the refusals left out are counted in the next one recorded ({@code suppressed}).
 * Thread-safe.
 */
final class ApiRefusals {
  private static final Logger LOG = LoggerFactory.getLogger(ApiRefusals.class);
  static final int BURST = 20;
  static final int PER_SECOND = 5;

  private final AuditLog log;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final Bucket bucket =
      Bucket.builder()
          .addLimit(
              Bandwidth.builder()
                  .capacity(BURST)
                  .refillGreedy(PER_SECOND, Duration.ofSeconds(1))
                  .build())
          .build();
  private final AtomicLong suppressed = new AtomicLong();

  ApiRefusals(AuditLog log, Clock clock) {
    this.log = log;
    this.clock = clock;
  }

  /** Why a call was refused. */
  enum Why {
    /** No {@code Authorization: Bearer} header (401). */
    NO_KEY,
    /** A key Vigil does not know, or a revoked one (401). */
    UNKNOWN_KEY,
    /** A valid key without the scope the call needs (403). */
    INSUFFICIENT_SCOPE
  }

  /**
   * Records one refusal, unless the rate is exceeded.
   *
   * @param key the key's name, or for an unknown key a fingerprint ({@code sha256:<8 hex>})
   */
  void refused(Why why, Optional<String> key, String route, Optional<String> scope, String ip) {
    if (!bucket.tryConsume(1)) {
      suppressed.incrementAndGet();
      return;
    }
    Map<String, String> detail = new LinkedHashMap<>();
    detail.put("key", key.orElse("none"));
    detail.put("route", route);
    scope.ifPresent(s -> detail.put("missing_scope", s));
    detail.put("caller_ip", ip);
    long left = suppressed.getAndSet(0);
    if (left > 0) {
      detail.put("suppressed", Long.toString(left));
    }
    LOG.warn(
        "API call refused ({}): {} key={} caller={}{}{}",
        why,
        route,
        detail.get("key"),
        ip,
        scope.map(s -> " missing scope " + s).orElse(""),
        left > 0 ? " (" + left + " more refusals not recorded)" : "");
    log.appendSoon(
        new Event(
            EventId.at(clock.instant(), random),
            clock.instant(),
            EventType.API_REFUSED,
            Optional.empty(),
            Optional.empty(),
            Optional.of(why.name()),
            Optional.empty(),
            ClientContext.UNKNOWN,
            detail));
  }
}
