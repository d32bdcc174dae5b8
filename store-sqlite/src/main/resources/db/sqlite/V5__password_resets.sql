-- One-time password reset tokens set by an operator, stored as SHA-256 hashes.
CREATE TABLE password_resets (
  hash        TEXT    PRIMARY KEY,
  user_id     TEXT    NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  expires_at  INTEGER NOT NULL
);
