-- Addresses refused sign-in by the credential-stuffing rule, until when (nanoseconds since the epoch).
CREATE TABLE sign_in_blocks (
  address TEXT    PRIMARY KEY,
  until   INTEGER NOT NULL
) WITHOUT ROWID;
