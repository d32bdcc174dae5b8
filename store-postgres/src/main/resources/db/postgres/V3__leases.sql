-- Background work that runs on one node at a time: who holds each lease, until when.
CREATE TABLE leases (
  name    TEXT    PRIMARY KEY,
  holder  TEXT    NOT NULL,
  until   BIGINT  NOT NULL
);
