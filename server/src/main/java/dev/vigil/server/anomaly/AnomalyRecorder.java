package dev.vigil.server.anomaly;

import dev.vigil.audit.AuditLog;
import dev.vigil.audit.Event;
import dev.vigil.audit.EventType;
import dev.vigil.client.ClientContext;
import dev.vigil.id.EventId;
import dev.vigil.id.SessionId;
import dev.vigil.id.Subject;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records what an anomaly rule found as an {@code anomaly.detected} event (reason: the rule's name;
 * detail: its mode, a summary, what it did or would have done, and the facts), counts it in {@code
 * vigil_anomalies_total{rule,mode}} and logs it. The notifier turns enforce-mode findings into
 * alerts. Thread-safe.
 */
public final class AnomalyRecorder {
  private static final Logger LOG = LoggerFactory.getLogger(AnomalyRecorder.class);

  private final AuditLog log;
  private final MeterRegistry registry;
  private final Clock clock;
  private final Runnable afterRecord;
  private final SecureRandom random = new SecureRandom();

  /**
   * @param afterRecord run after each finding is stored (the notifier's wake-up)
   */
  public AnomalyRecorder(AuditLog log, MeterRegistry registry, Clock clock, Runnable afterRecord) {
    this.log = log;
    this.registry = registry;
    this.clock = clock;
    this.afterRecord = afterRecord;
  }

  /** One finding. */
  public record Finding(
      String rule,
      RuleMode mode,
      Optional<Subject> subject,
      Optional<SessionId> session,
      ClientContext client,
      String summary,
      String action,
      Map<String, String> facts) {}

  /** Records {@code f}; returns the event written. */
  public Event record(Finding f) {
    Map<String, String> detail = new HashMap<>(f.facts());
    detail.put("rule", f.rule());
    detail.put("mode", f.mode().wire());
    detail.put("summary", f.summary());
    detail.put(f.mode() == RuleMode.ENFORCE ? "action" : "would", f.action());
    Event e =
        new Event(
            EventId.at(clock.instant(), random),
            clock.instant(),
            EventType.ANOMALY,
            f.subject(),
            f.session(),
            Optional.of(f.rule()),
            Optional.empty(),
            f.client(),
            detail);
    log.append(e);
    Counter.builder("vigil.anomalies")
        .description("Anomaly rule findings")
        .tag("rule", f.rule())
        .tag("mode", f.mode().wire())
        .register(registry)
        .increment();
    LOG.warn("anomaly {} ({}): {}", f.rule(), f.mode().wire(), f.summary());
    afterRecord.run();
    return e;
  }
}
