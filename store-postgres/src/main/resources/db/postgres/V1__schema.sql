-- Vigil's schema on PostgreSQL: the same tables and columns as on SQLite (times and durations in
-- nanoseconds since the epoch, as BIGINT), so that both stores read alike and `vigil migrate` copies
-- rows as they are.

CREATE TABLE sessions (
  id                TEXT     PRIMARY KEY,
  subject           TEXT     NOT NULL,
  roles             TEXT     NOT NULL,
  auth_methods      TEXT     NOT NULL,
  auth_time         BIGINT   NOT NULL,
  aal               INTEGER  NOT NULL,
  client_ip         TEXT,
  client_ua         TEXT,
  bound             INTEGER  NOT NULL,
  created_at        BIGINT   NOT NULL,
  lifetime_start    BIGINT   NOT NULL,
  last_seen_at      BIGINT   NOT NULL,
  idle_timeout      BIGINT   NOT NULL,
  idle_window       BIGINT   NOT NULL,   -- idle timeout plus touch interval
  absolute_timeout  BIGINT   NOT NULL,
  generation        BIGINT   NOT NULL,
  current_hash      BYTEA    NOT NULL,
  current_used      INTEGER  NOT NULL,
  issued_at         BIGINT   NOT NULL,
  previous_hash     BYTEA,
  successor_nonce   BYTEA,
  current_kid       TEXT     NOT NULL,
  superseded_below  BIGINT   NOT NULL,
  renew_pending     INTEGER  NOT NULL DEFAULT 0,
  revoked_cause     TEXT,
  revoked_at        BIGINT,
  revoked_by        TEXT,
  CHECK ((previous_hash IS NULL) = (successor_nonce IS NULL)),
  CHECK ((revoked_at IS NULL) = (revoked_cause IS NULL))
);

CREATE INDEX sessions_by_subject_lru ON sessions (subject, last_seen_at) WHERE revoked_at IS NULL;
CREATE INDEX sessions_by_subject_deadline
  ON sessions (subject, (lifetime_start + absolute_timeout)) WHERE revoked_at IS NULL;
CREATE INDEX sessions_unrevoked ON sessions (created_at) WHERE revoked_at IS NULL;

CREATE TABLE subject_sessions (
  subject    TEXT    PRIMARY KEY,
  unrevoked  BIGINT  NOT NULL CHECK (unrevoked >= 0)
);

-- Appends take a transaction-scoped advisory lock first (the hash chain needs the previous link),
-- so positions are handed out in commit order and a reader following seq misses nothing.
CREATE TABLE events (
  seq         BIGINT   GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id          TEXT     NOT NULL UNIQUE,
  time        BIGINT   NOT NULL,
  type        TEXT     NOT NULL,
  subject     TEXT,
  session_id  TEXT,
  reason      TEXT,
  incident    TEXT,
  client_ip   TEXT,
  client_ua   TEXT,
  detail      TEXT     NOT NULL,
  link        TEXT
);

CREATE INDEX events_by_subject   ON events (subject, seq);
CREATE INDEX events_by_session   ON events (session_id, seq);
CREATE INDEX events_by_reason    ON events (reason, seq);
CREATE INDEX events_by_type      ON events (type, seq);
CREATE INDEX events_by_time      ON events (time);
CREATE UNIQUE INDEX events_by_incident ON events (incident) WHERE incident IS NOT NULL;
CREATE INDEX events_refused ON events (time, reason, subject, client_ip, client_ua)
  WHERE type = 'session.verify_failed';
CREATE INDEX events_by_client_ip ON events (client_ip, type, reason, time) WHERE client_ip IS NOT NULL;

CREATE TABLE audit_anchor (
  id              INTEGER  PRIMARY KEY CHECK (id = 1),
  seq             BIGINT   NOT NULL CHECK (seq >= 1),
  link            TEXT     NOT NULL CHECK (length(link) = 64),
  pruned_count    BIGINT   NOT NULL CHECK (pruned_count BETWEEN 1 AND seq),
  pruned_through  BIGINT   NOT NULL,
  pruned_at       BIGINT   NOT NULL
);

CREATE TABLE api_keys (
  id          TEXT     PRIMARY KEY,
  name        TEXT     NOT NULL UNIQUE,   -- a revoked key's name is taken over by the next key of that name
  hash        BYTEA    NOT NULL UNIQUE,
  scopes      TEXT     NOT NULL,
  created_at  BIGINT   NOT NULL,
  revoked_at  BIGINT
);

CREATE TABLE users (
  id               TEXT     PRIMARY KEY,
  username_key     TEXT     NOT NULL UNIQUE,
  username         TEXT     NOT NULL,
  email            TEXT,
  roles            TEXT     NOT NULL,
  password_hash    TEXT     NOT NULL,
  created_at       BIGINT   NOT NULL,
  disabled_at      BIGINT
);

CREATE TABLE login_failures (
  key              TEXT     PRIMARY KEY,   -- the normalised username (NFKC, lower case), known or not
  failures         INTEGER  NOT NULL CHECK (failures > 0),
  last_failure_at  BIGINT   NOT NULL
);

CREATE TABLE totp_enrolments (
  user_id        TEXT     PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  sealed_secret  TEXT     NOT NULL,
  confirmed      INTEGER  NOT NULL,
  last_step      BIGINT   NOT NULL
);

CREATE TABLE recovery_codes (
  user_id  TEXT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  hash     TEXT  NOT NULL,
  PRIMARY KEY (user_id, hash)
);

CREATE TABLE mfa_challenges (
  hash        TEXT     PRIMARY KEY,
  user_id     TEXT     NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  expires_at  BIGINT   NOT NULL,
  credential  TEXT     NOT NULL DEFAULT ''
);

CREATE TABLE password_resets (
  hash        TEXT     PRIMARY KEY,
  user_id     TEXT     NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  expires_at  BIGINT   NOT NULL
);

CREATE TABLE reports (
  seq         BIGINT   GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id          TEXT     NOT NULL UNIQUE,
  created_at  BIGINT   NOT NULL,
  subject     TEXT,
  session_id  TEXT,
  incident    TEXT,
  category    TEXT     NOT NULL,
  message     TEXT     NOT NULL,
  status      TEXT     NOT NULL,
  updated_at  BIGINT   NOT NULL
);
CREATE INDEX reports_by_status ON reports (status, seq);

CREATE TABLE webhooks (
  id          TEXT     PRIMARY KEY,
  url         TEXT     NOT NULL,
  secret      TEXT     NOT NULL,   -- sealed with the keyring (SecretBox), never plain
  events      TEXT     NOT NULL,   -- comma-separated event types; empty means every type
  created_at  BIGINT   NOT NULL
);

CREATE TABLE outbox (
  seq              BIGINT   GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  channel          TEXT     NOT NULL,
  event_id         TEXT     NOT NULL,
  recipient        TEXT     NOT NULL,
  payload          TEXT     NOT NULL,
  created_at       BIGINT   NOT NULL,
  state            TEXT     NOT NULL CHECK (state IN ('pending', 'delivered', 'failed')),
  attempts         INTEGER  NOT NULL DEFAULT 0,
  next_attempt_at  BIGINT   NOT NULL,
  last_error       TEXT,
  done_at          BIGINT,
  UNIQUE (channel, event_id)
);
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE state = 'pending';

CREATE TABLE cursors (
  name  TEXT    PRIMARY KEY,
  seq   BIGINT  NOT NULL
);

CREATE TABLE known_devices (
  subject     TEXT    NOT NULL,
  device      TEXT    NOT NULL,
  first_seen  BIGINT  NOT NULL,
  last_seen   BIGINT  NOT NULL,
  PRIMARY KEY (subject, device)
);

CREATE TABLE used_links (
  id       TEXT    PRIMARY KEY,
  used_at  BIGINT  NOT NULL
);

CREATE TABLE step_up_marks (
  subject  TEXT    PRIMARY KEY,
  since    BIGINT  NOT NULL,
  until    BIGINT  NOT NULL
);
