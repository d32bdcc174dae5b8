-- A session whose privileges changed is rotated at the next presentation of its token.
ALTER TABLE sessions ADD COLUMN renew_pending INTEGER NOT NULL DEFAULT 0;
