-- 0012_audit_access: the database's part of the second audit's access fixes.
--
-- An Idempotency-Key's kept answer holds no manage token: the token it gave
-- is kept sealed with the server key (lib/secret.c), for a replay to the same
-- caller only.
ALTER TABLE idempotency_keys
	ADD COLUMN token_sealed text CHECK (length(token_sealed) <= 200);
