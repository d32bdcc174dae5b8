package dev.vigil.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.audit.AuditRetention;
import dev.vigil.audit.Event;
import dev.vigil.audit.EventType;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@link AuditRetention} prunes everything past the retention, batch after batch. */
class AuditRetentionTest {
  private final MutableClock clock = MutableClock.standard();
  private final InMemoryAuditLog log = new InMemoryAuditLog();

  @Test
  void prune_removesEveryEventOlderThanTheRetention_inBatches() {
    for (int i = 0; i < 10; i++) {
      created();
      clock.advance(Duration.ofHours(1));
    }
    // events at 0 h .. 9 h; now 10 h + 2 days; retention 2 days: the cutoff is 10 h, all go
    clock.advance(Duration.ofDays(2));
    created();
    AuditRetention retention = new AuditRetention(log, Duration.ofDays(2), 3, clock);

    assertThat(retention.prune()).isEqualTo(10);

    // four batches (3, 3, 3, 1): four audit.pruned events, and the recent event stays
    assertThat(log.all()).extracting(Event::type).containsOnlyOnce(EventType.SESSION_CREATED);
    assertThat(log.all()).filteredOn(e -> e.type() == EventType.AUDIT_PRUNED).hasSize(4);
    assertThat(log.verifyChain().intact()).isTrue();
    assertThat(log.verifyChain().pruned()).isEqualTo(10);
    assertThat(retention.prune()).isZero();
  }

  @Test
  void retentionOutsideADayToACentury_isRefused() {
    assertThatThrownBy(() -> new AuditRetention(log, Duration.ofHours(23), 10, clock))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new AuditRetention(log, Duration.ofDays(36_501), 10, clock))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new AuditRetention(log, Duration.ofDays(2), 0, clock))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private void created() {
    log.append(TestEvents.created(clock.instant()));
  }
}
