-- Notices: webhook endpoints, the persistent outbox of deliveries, the dispatcher's position in
-- the event log, the devices seen per subject (new-device rule), and used single-use links.

CREATE TABLE webhooks (
  id          TEXT    PRIMARY KEY,
  url         TEXT    NOT NULL,
  secret      TEXT    NOT NULL,   -- sealed with the keyring (SecretBox), never plain
  events      TEXT    NOT NULL,   -- comma-separated event types; empty means every type
  created_at  INTEGER NOT NULL
);

-- One row per message per destination. (channel, event_id) is unique: an event is queued at most
-- once per endpoint, whatever happens to the dispatcher.
CREATE TABLE outbox (
  seq              INTEGER PRIMARY KEY AUTOINCREMENT,
  channel          TEXT    NOT NULL,   -- 'webhook:<id>' or 'email'
  event_id         TEXT    NOT NULL,
  recipient        TEXT    NOT NULL,   -- the URL or the e-mail address
  payload          TEXT    NOT NULL,   -- the JSON body, or the e-mail as JSON
  created_at       INTEGER NOT NULL,
  state            TEXT    NOT NULL CHECK (state IN ('pending', 'delivered', 'failed')),
  attempts         INTEGER NOT NULL DEFAULT 0,
  next_attempt_at  INTEGER NOT NULL,
  last_error       TEXT,
  done_at          INTEGER,
  UNIQUE (channel, event_id)
);

CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE state = 'pending';

CREATE TABLE cursors (
  name  TEXT    PRIMARY KEY,
  seq   INTEGER NOT NULL
);

CREATE TABLE known_devices (
  subject     TEXT    NOT NULL,
  device      TEXT    NOT NULL,   -- network prefix and browser family
  first_seen  INTEGER NOT NULL,
  last_seen   INTEGER NOT NULL,
  PRIMARY KEY (subject, device)
) WITHOUT ROWID;

CREATE TABLE used_links (
  id       TEXT    PRIMARY KEY,
  used_at  INTEGER NOT NULL
) WITHOUT ROWID;

-- Subjects whose sessions must be stepped up: a session of the subject is accepted only when it
-- authenticated at or after `since` with a second factor, until `until`.
CREATE TABLE step_up_marks (
  subject  TEXT    PRIMARY KEY,
  since    INTEGER NOT NULL,
  until    INTEGER NOT NULL
) WITHOUT ROWID;
