-- functions/60_visits.sql: return visits: when one falls due. (visit_satisfied stays in
-- 007_visits.sql: the stored column visits.satisfied is computed by it, so changing it
-- is a migration that computes the column again.)
--
-- Re-applied by `svcdeskd migrate` after the numbered migrations, every run: a
-- function or trigger is changed here, never restated in a migration.

CREATE OR REPLACE FUNCTION tickets_visit_due() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.visit_due := next_working_day(coalesce(NEW.completed_at, now())::date)::timestamptz;
    RETURN NEW;
END
$$;

CREATE OR REPLACE TRIGGER tickets_visit_due BEFORE INSERT OR UPDATE OF state, completed_at ON tickets
    FOR EACH ROW WHEN (NEW.state = 'completed')
    EXECUTE FUNCTION tickets_visit_due();
