-- Rate buckets every node shares (per-address sign-in limit, token guessing): Bucket4j's state,
-- and when the bucket is full again (epoch milliseconds), after which the row can go.
CREATE TABLE rate_buckets (
  id          TEXT    PRIMARY KEY,
  state       BYTEA,
  expires_at  BIGINT
);
CREATE INDEX rate_buckets_expiry ON rate_buckets (expires_at);
