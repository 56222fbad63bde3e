-- 037_resume.sql: session resume tokens (issue 16; doc/architecture.md, Resuming a
-- session). session.login issues a random token, sent once; only its BLAKE2b-256 hash
-- is kept here. session.resume trades a live token for a new one (single use) and the
-- session of its user, with the user's role as it is now. The token lives
-- session_resume_hours from the password login that began the chain (a resume never
-- extends it); logout deletes the connection's token, and the trigger of
-- sql/functions/36_resume.sql deletes every token of a user deactivated, given another
-- role or another password.
CREATE TABLE session_tokens (
    token_hash  bytea PRIMARY KEY CHECK (length(token_hash) = 32),
    login       text NOT NULL REFERENCES users (login) ON DELETE CASCADE,
    issued_at   timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL
);
CREATE INDEX session_tokens_login ON session_tokens (login);

INSERT INTO settings (key, value) VALUES
    ('session_resume_hours', '12')           -- a shift and its overtime; 0: no tokens
ON CONFLICT (key) DO NOTHING;
