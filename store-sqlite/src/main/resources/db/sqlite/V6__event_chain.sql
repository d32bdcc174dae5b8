-- The tamper-evident chain: each event's SHA-256 link to the one before (dev.vigil.audit.EventChain).
-- Events written before this migration have no link; the chain starts at the first linked event.
ALTER TABLE events ADD COLUMN link TEXT;
