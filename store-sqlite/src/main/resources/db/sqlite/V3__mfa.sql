-- TOTP enrolments, recovery codes (SHA-256 hashes) and sign-in challenges (SHA-256 hashes).

CREATE TABLE totp_enrolments (
  user_id        TEXT    PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  sealed_secret  TEXT    NOT NULL,
  confirmed      INTEGER NOT NULL,
  last_step      INTEGER NOT NULL
);

CREATE TABLE recovery_codes (
  user_id  TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  hash     TEXT NOT NULL,
  PRIMARY KEY (user_id, hash)
);

CREATE TABLE mfa_challenges (
  hash        TEXT    PRIMARY KEY,
  user_id     TEXT    NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  expires_at  INTEGER NOT NULL
);
