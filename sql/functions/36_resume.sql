-- functions/36_resume.sql: session resume tokens end with the password, role or active
-- login they were issued for (sql/037_resume.sql; doc/domain.md, Sessions). In the
-- database rather than in user.save so that svcdeskd useradd and any other writer of
-- users revoke them too.

CREATE OR REPLACE FUNCTION users_revoke_tokens() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NOT NEW.active OR NEW.role IS DISTINCT FROM OLD.role
       OR NEW.password_hash IS DISTINCT FROM OLD.password_hash THEN
        DELETE FROM session_tokens WHERE login = NEW.login;
    END IF;
    RETURN NULL;
END
$$;

CREATE OR REPLACE TRIGGER users_revoke_tokens
    AFTER UPDATE OF active, role, password_hash ON users
    FOR EACH ROW EXECUTE FUNCTION users_revoke_tokens();
