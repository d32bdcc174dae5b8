-- Reports from people and support agents, linked to subject, session and incident.
CREATE TABLE reports (
  seq         INTEGER PRIMARY KEY AUTOINCREMENT,
  id          TEXT    NOT NULL UNIQUE,
  created_at  INTEGER NOT NULL,
  subject     TEXT,
  session_id  TEXT,
  incident    TEXT,
  category    TEXT    NOT NULL,
  message     TEXT    NOT NULL,
  status      TEXT    NOT NULL,
  updated_at  INTEGER NOT NULL
);
CREATE INDEX reports_by_status ON reports (status, seq);
