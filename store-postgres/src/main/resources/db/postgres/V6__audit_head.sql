-- The highest event position ever committed, kept in a row so that it is transactional: an append
-- writes it in its own transaction, so an append rolled back (a node killed before its COMMIT)
-- leaves it where it was. The identity sequence of events.seq was advanced with setval, which no
-- rollback undoes, and the next append then left a gap that the chain check reported as a
-- deletion. Like the sequence, the row keeps its value when the newest events are deleted, so
-- such a deletion followed by an append still shows as a gap.
CREATE TABLE audit_head (
  id   SMALLINT  PRIMARY KEY CHECK (id = 1),
  seq  BIGINT    NOT NULL CHECK (seq >= 0)
);

INSERT INTO audit_head (id, seq)
SELECT 1, GREATEST(
  COALESCE(MAX(seq), 0),
  COALESCE(pg_sequence_last_value(CAST(pg_get_serial_sequence('events', 'seq') AS regclass)), 0))
FROM events;
