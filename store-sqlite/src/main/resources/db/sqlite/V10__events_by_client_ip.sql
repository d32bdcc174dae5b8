-- Counting an address's events of one type and reason in a time window (the incident explainer's
-- "other tampered tokens from this address in the hour before", rules on client addresses): a
-- covering index, so the count never reads the events. Events without an address (most account
-- and operator events) are left out of it.
CREATE INDEX events_by_client_ip ON events (client_ip, type, reason, time) WHERE client_ip IS NOT NULL;
