package dev.vigil.store.jdbc;

import static dev.vigil.store.jdbc.Columns.instant;
import static dev.vigil.store.jdbc.Columns.nanos;

import dev.vigil.audit.Report;
import dev.vigil.audit.ReportStore;
import dev.vigil.id.IncidentId;
import dev.vigil.id.ReportId;
import dev.vigil.id.SessionId;
import dev.vigil.id.Subject;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@link ReportStore} on {@link Database}, shared by every node; reports are listed in the order
 * they were stored (the identity column {@code seq}).
 */
public final class JdbcReportStore implements ReportStore {
  private static final String COLUMNS =
      "id, created_at, subject, session_id, incident, category, message, status, updated_at";
  private final Database db;

  /** A store on {@code db}, whose schema is migrated. */
  public JdbcReportStore(Database db) {
    this.db = db;
  }

  /** Stores a new report. */
  @Override
  public void insert(Report r) {
    db.write(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO reports (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?)")) {
            ps.setString(1, r.id().value());
            ps.setLong(2, nanos(r.createdAt()));
            Columns.set(ps, 3, r.subject().map(Subject::value));
            Columns.set(ps, 4, r.sessionId().map(SessionId::value));
            Columns.set(ps, 5, r.incident().map(IncidentId::value));
            ps.setString(6, r.category());
            ps.setString(7, r.message());
            ps.setString(8, r.status().name());
            ps.setLong(9, nanos(r.updatedAt()));
            return ps.executeUpdate();
          }
        });
  }

  /** The report with this id. */
  @Override
  public Optional<Report> find(ReportId id) {
    return db.read(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("SELECT " + COLUMNS + " FROM reports WHERE id = ?")) {
            ps.setString(1, id.value());
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? Optional.of(report(rs)) : Optional.empty();
            }
          }
        });
  }

  private static final String UPDATE =
      "UPDATE reports SET status = ?, updated_at = ?"
          + " WHERE id = ? AND status = ? AND updated_at = ?";

  /** {@inheritDoc} One conditional {@code UPDATE}. */
  @Override
  public boolean update(Report expected, Report next) {
    return db.write(c -> update(c, expected, next));
  }

  /**
   * {@inheritDoc}
   *
   * <p>When {@code log} is kept in this store's database ({@link TransactionalLog}), the update and
   * the event's insert share one transaction: a refused write changes neither.
   */
  @Override
  public boolean update(
      Report expected, Report next, dev.vigil.audit.AuditLog log, dev.vigil.audit.Event event) {
    return TransactionalLog.changeWithEvent(db, log, event, c -> update(c, expected, next))
        .orElseGet(() -> ReportStore.super.update(expected, next, log, event));
  }

  private static boolean update(java.sql.Connection c, Report expected, Report next)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(UPDATE)) {
      ps.setString(1, next.status().name());
      ps.setLong(2, nanos(next.updatedAt()));
      ps.setString(3, expected.id().value());
      ps.setString(4, expected.status().name());
      ps.setLong(5, nanos(expected.updatedAt()));
      return ps.executeUpdate() == 1;
    }
  }

  /** Reports newest first, optionally only those with {@code status}, at most {@code limit}. */
  @Override
  public List<Report> list(Optional<Report.Status> status, int limit) {
    return db.read(
        c -> {
          String where = status.isPresent() ? " WHERE status = ?" : "";
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT " + COLUMNS + " FROM reports" + where + " ORDER BY seq DESC LIMIT ?")) {
            int i = 1;
            if (status.isPresent()) {
              ps.setString(i++, status.get().name());
            }
            ps.setInt(i, limit);
            List<Report> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(report(rs));
              }
            }
            return out;
          }
        });
  }

  private static Report report(ResultSet rs) throws SQLException {
    return new Report(
        new ReportId(rs.getString("id")),
        instant(rs.getLong("created_at")),
        Columns.text(rs, "subject").map(Subject::new),
        Columns.text(rs, "session_id").map(SessionId::new),
        Columns.text(rs, "incident").map(IncidentId::new),
        rs.getString("category"),
        rs.getString("message"),
        Report.Status.valueOf(rs.getString("status")),
        instant(rs.getLong("updated_at")));
  }
}
