-- Statistics of refused verifications (GET /v1/stats/invalid) and audit retention.

-- The statistics query reads the refused verifications of a time range and one of reason,
-- subject, client_ip or client_ua. This partial index holds exactly those rows and columns, so the
-- query never touches the table, and appends of other event types do not pay for it.
-- SqliteAuditLog spells the type as the same literal, which lets SQLite pick this index.
CREATE INDEX events_refused ON events (time, reason, subject, client_ip, client_ua)
  WHERE type = 'session.verify_failed';

-- Where the chain starts once the oldest events are pruned (dev.vigil.audit.ChainAnchor): the
-- sequence number and link of the last event removed. At most one row.
CREATE TABLE audit_anchor (
  id              INTEGER PRIMARY KEY CHECK (id = 1),
  seq             INTEGER NOT NULL CHECK (seq >= 1),
  link            TEXT    NOT NULL CHECK (length(link) = 64),
  pruned_count    INTEGER NOT NULL CHECK (pruned_count BETWEEN 1 AND seq),
  pruned_through  INTEGER NOT NULL,
  pruned_at       INTEGER NOT NULL
);
