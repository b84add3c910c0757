-- 0003_accounts: one-time email links, API refresh tokens, session bookkeeping.

-- Links sent by mail: verify an address, reset a password, confirm a new
-- address. Only a keyed hash of the token is kept; each is used once.
CREATE TABLE email_tokens (
	token_hash bytea PRIMARY KEY CHECK (length(token_hash) = 32),
	user_id    bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	purpose    text NOT NULL CHECK (purpose IN ('verify', 'reset', 'email')),
	new_email  citext CHECK (length(new_email) <= 254),
	created_at timestamptz NOT NULL DEFAULT now(),
	expires_at timestamptz NOT NULL,
	used_at    timestamptz,
	CHECK (expires_at > created_at),
	CHECK ((purpose = 'email') = (new_email IS NOT NULL))
);
CREATE INDEX email_tokens_user ON email_tokens (user_id, purpose);

-- Rotating refresh tokens for the API. A token is used once; presenting a
-- used one again revokes its whole family (it was stolen or replayed).
CREATE TABLE refresh_tokens (
	token_hash bytea PRIMARY KEY CHECK (length(token_hash) = 32),
	user_id    bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	family     uuid NOT NULL,
	created_at timestamptz NOT NULL DEFAULT now(),
	expires_at timestamptz NOT NULL,
	used_at    timestamptz,
	revoked_at timestamptz
);
CREATE INDEX refresh_tokens_family ON refresh_tokens (family);
CREATE INDEX refresh_tokens_user ON refresh_tokens (user_id);

-- When a password last changed: access tokens issued before it stop working.
ALTER TABLE users ADD COLUMN password_changed_at timestamptz NOT NULL DEFAULT now();

CREATE INDEX audit_log_action ON audit_log (action, at DESC);
