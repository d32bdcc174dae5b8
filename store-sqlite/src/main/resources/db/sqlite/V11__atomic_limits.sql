-- Limits decided atomically in the store (hardening):
-- 1. the absolute lifetime restarts on re-authentication (NIST SP 800-63B-4 section 5.2), so it has
--    its own start;
-- 2. the cap on sessions per subject is enforced with a counter of unrevoked sessions per subject,
--    changed in the same transaction as every insert, revocation and purge, and two per-subject
--    indexes that find the session to end first (earliest absolute deadline, least recently used)
--    without reading the others: a create costs the same with 3 or 20,000 sessions;
-- 3. failed sign-ins are counted per username key, known or not, with a compare-and-set.

ALTER TABLE sessions ADD COLUMN lifetime_start INTEGER NOT NULL DEFAULT 0;
UPDATE sessions SET lifetime_start = created_at;

DROP INDEX sessions_by_subject;
CREATE INDEX sessions_by_subject_lru ON sessions (subject, last_seen_at) WHERE revoked_at IS NULL;
CREATE INDEX sessions_by_subject_deadline
  ON sessions (subject, lifetime_start + absolute_timeout) WHERE revoked_at IS NULL;

CREATE TABLE subject_sessions (
  subject    TEXT    PRIMARY KEY,
  unrevoked  INTEGER NOT NULL CHECK (unrevoked >= 0)
) WITHOUT ROWID;

INSERT INTO subject_sessions (subject, unrevoked)
  SELECT subject, COUNT(*) FROM sessions WHERE revoked_at IS NULL GROUP BY subject;

CREATE TABLE login_failures (
  key              TEXT    PRIMARY KEY,   -- the normalised username (NFKC, lower case), known or not
  failures         INTEGER NOT NULL CHECK (failures > 0),
  last_failure_at  INTEGER NOT NULL
) WITHOUT ROWID;

INSERT INTO login_failures (key, failures, last_failure_at)
  SELECT username_key, failed_logins, last_failure_at FROM users
  WHERE failed_logins > 0 AND last_failure_at IS NOT NULL;

ALTER TABLE users DROP COLUMN failed_logins;
ALTER TABLE users DROP COLUMN last_failure_at;
