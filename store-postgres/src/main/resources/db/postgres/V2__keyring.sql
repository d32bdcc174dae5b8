-- The signing keys every node shares, sealed with the master key (AES-256-GCM) that only the nodes
-- hold: a copy of the database alone does not give the keys.
CREATE TABLE keyring (
  id       INTEGER  PRIMARY KEY CHECK (id = 1),
  version  BIGINT   NOT NULL CHECK (version >= 1),
  sealed   TEXT     NOT NULL
);
