package dev.vigil.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.audit.Report;
import dev.vigil.audit.ReportStore;
import dev.vigil.id.IncidentId;
import dev.vigil.id.ReportId;
import dev.vigil.id.SessionId;
import dev.vigil.id.Subject;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link ReportStore} must have; a store module subclasses it. */
public abstract class ReportStoreContract {
  protected final MutableClock clock = MutableClock.standard();
  private final SecureRandom random = new SecureRandom();
  protected ReportStore store;

  /** An empty store; called before each test. */
  protected abstract ReportStore newStore() throws Exception;

  @BeforeEach
  void open() throws Exception {
    store = newStore();
  }

  @Test
  void insert_thenFind_roundTripsEveryField() {
    Report full =
        new Report(
            ReportId.random(random),
            clock.instant(),
            Optional.of(new Subject("alice")),
            Optional.of(SessionId.random(random)),
            Optional.of(IncidentId.random(random)),
            "signed_out",
            "I was signed out while writing — twice.",
            Report.Status.OPEN,
            clock.instant().plusNanos(1));
    Report bare = report("not_me");
    store.insert(full);
    store.insert(bare);
    assertThat(store.find(full.id())).contains(full);
    assertThat(store.find(bare.id())).contains(bare);
  }

  @Test
  void find_unknown_isEmpty() {
    store.insert(report("signed_out"));
    assertThat(store.find(ReportId.random(random))).isEmpty();
  }

  @Test
  void update_changesStatusAndUpdateTimeOnly() {
    Report r = report("signed_out");
    store.insert(r);
    clock.advance(Duration.ofMinutes(5));
    Report moved = r.withStatus(Report.Status.RESOLVED, clock.instant());

    assertThat(store.update(r, moved)).isTrue();

    assertThat(store.find(r.id())).contains(moved);
    assertThat(store.find(r.id()).orElseThrow().createdAt()).isEqualTo(r.createdAt());
  }

  @Test
  void update_fromAStaleCopy_isRefused_andTheOtherMoveStands() {
    Report r = report("signed_out");
    store.insert(r);
    clock.advance(Duration.ofMinutes(1));
    Report first = r.withStatus(Report.Status.INVESTIGATING, clock.instant());
    Report second = r.withStatus(Report.Status.DISMISSED, clock.instant());

    assertThat(store.update(r, first)).isTrue();
    assertThat(store.update(r, second)).isFalse();

    assertThat(store.find(r.id())).contains(first);
  }

  @Test
  void update_unknown_storesNothing() {
    Report ghost = report("signed_out");
    assertThat(store.update(ghost, ghost.withStatus(Report.Status.DISMISSED, clock.instant())))
        .isFalse();
    assertThat(store.find(ghost.id())).isEmpty();
    assertThat(store.list(Optional.empty(), 10)).isEmpty();
  }

  @Test
  void list_isNewestFirst_filteredByStatus_andLimited() {
    List<Report> filed = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      filed.add(report("c" + i));
      store.insert(filed.getLast());
      clock.advance(Duration.ofSeconds(1));
    }
    Report investigating = filed.get(1).withStatus(Report.Status.INVESTIGATING, clock.instant());
    assertThat(store.update(filed.get(1), investigating)).isTrue();

    assertThat(store.list(Optional.empty(), 10))
        .extracting(Report::category)
        .containsExactly("c4", "c3", "c2", "c1", "c0");
    assertThat(store.list(Optional.empty(), 2))
        .extracting(Report::category)
        .containsExactly("c4", "c3");
    assertThat(store.list(Optional.of(Report.Status.INVESTIGATING), 10))
        .containsExactly(investigating);
    assertThat(store.list(Optional.of(Report.Status.OPEN), 10))
        .extracting(Report::category)
        .containsExactly("c4", "c3", "c2", "c0");
    assertThat(store.list(Optional.of(Report.Status.RESOLVED), 10)).isEmpty();
  }

  private Report report(String category) {
    return new Report(
        ReportId.random(random),
        clock.instant(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        category,
        "Something happened.",
        Report.Status.OPEN,
        clock.instant());
  }
}
