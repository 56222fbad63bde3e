-- functions/05_settings.sql: reading the centre's settings (sql/003_policies.sql,
-- sql/015_settings.sql; each one's range in common/settings.c).
--
-- Re-applied by `svcdeskd migrate` after the numbered migrations, every run: a
-- function or trigger is changed here, never restated in a migration.

-- A whole-number setting; NULL for a key that does not exist. Every setting is seeded
-- with its shipped value and policy.set can change, never remove, one.
-- PL/pgSQL, whose statement keeps its plan for the session: as an SQL function (never
-- inlined: it reads a table) every statement calling it planned it again (issue 17:
-- 0.15 ms of each registration, through repeat_of).
CREATE OR REPLACE FUNCTION setting_int(k text) RETURNS bigint
LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN (SELECT (value #>> '{}')::bigint FROM settings WHERE key = k);
END
$$;
