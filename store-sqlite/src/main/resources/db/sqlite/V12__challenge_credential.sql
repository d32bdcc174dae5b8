-- A sign-in challenge remembers a digest of the password hash the password was right against, so a
-- password changed or reset between the password and the code voids the challenge. Challenges of
-- before this migration have none and are refused (they live 5 minutes).
ALTER TABLE mfa_challenges ADD COLUMN credential TEXT NOT NULL DEFAULT '';
