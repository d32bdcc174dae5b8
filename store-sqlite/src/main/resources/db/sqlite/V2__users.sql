-- Accounts. username_key is the normalised username (NFKC, lower case): unique.

CREATE TABLE users (
  id               TEXT    PRIMARY KEY,
  username_key     TEXT    NOT NULL UNIQUE,
  username         TEXT    NOT NULL,
  email            TEXT,
  roles            TEXT    NOT NULL,
  password_hash    TEXT    NOT NULL,
  created_at       INTEGER NOT NULL,
  disabled_at      INTEGER,
  failed_logins    INTEGER NOT NULL DEFAULT 0,
  last_failure_at  INTEGER
);
