-- Times are integer nanoseconds since the epoch (UTC); durations are integer nanoseconds.

CREATE TABLE sessions (
  id                TEXT    PRIMARY KEY,
  subject           TEXT    NOT NULL,
  roles             TEXT    NOT NULL,
  auth_methods      TEXT    NOT NULL,
  auth_time         INTEGER NOT NULL,
  aal               INTEGER NOT NULL,
  client_ip         TEXT,
  client_ua         TEXT,
  bound             INTEGER NOT NULL,
  created_at        INTEGER NOT NULL,
  last_seen_at      INTEGER NOT NULL,
  idle_timeout      INTEGER NOT NULL,
  idle_window       INTEGER NOT NULL,   -- idle timeout plus touch interval: the idle deadline is last_seen_at + idle_window
  absolute_timeout  INTEGER NOT NULL,
  generation        INTEGER NOT NULL,
  current_hash      BLOB    NOT NULL,
  current_used      INTEGER NOT NULL,
  issued_at         INTEGER NOT NULL,
  previous_hash     BLOB,
  successor_nonce   BLOB,
  current_kid       TEXT    NOT NULL,
  superseded_below  INTEGER NOT NULL,
  revoked_cause     TEXT,
  revoked_at        INTEGER,
  revoked_by        TEXT,
  CHECK ((previous_hash IS NULL) = (successor_nonce IS NULL)),
  CHECK ((revoked_at IS NULL) = (revoked_cause IS NULL))
);

-- The per-subject index, written on the write path.
CREATE INDEX sessions_by_subject ON sessions (subject) WHERE revoked_at IS NULL;

CREATE TABLE events (
  seq         INTEGER PRIMARY KEY AUTOINCREMENT,
  id          TEXT    NOT NULL UNIQUE,
  time        INTEGER NOT NULL,
  type        TEXT    NOT NULL,
  subject     TEXT,
  session_id  TEXT,
  reason      TEXT,
  incident    TEXT,
  client_ip   TEXT,
  client_ua   TEXT,
  detail      TEXT    NOT NULL
);

CREATE INDEX events_by_subject  ON events (subject, seq);
CREATE INDEX events_by_session  ON events (session_id, seq);
CREATE INDEX events_by_reason   ON events (reason, seq);
CREATE INDEX events_by_type     ON events (type, seq);
CREATE INDEX events_by_time     ON events (time);
CREATE UNIQUE INDEX events_by_incident ON events (incident) WHERE incident IS NOT NULL;

CREATE TABLE api_keys (
  id          TEXT    PRIMARY KEY,
  name        TEXT    NOT NULL UNIQUE,
  hash        BLOB    NOT NULL UNIQUE,
  scopes      TEXT    NOT NULL,
  created_at  INTEGER NOT NULL,
  revoked_at  INTEGER
);
