-- functions/60_visits.sql: return visits: when one falls due, and whether the customer
-- was satisfied.
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

-- Satisfied: a score of `below` or more and no item at 4 (unsatisfied) (seed 003 score
-- bands; doc/domain.md, Return visits: an unsatisfied visit is a complaint about service
-- quality). `below` is the setting unsatisfied_score (80 as shipped) when the visit is
-- recorded: visit.record reads it once and passes the same value here and to the visit row.
CREATE OR REPLACE FUNCTION visit_satisfied(score int, attitude int, skill int, punctuality int,
    promise int, below int) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
    SELECT score >= below AND greatest(attitude, skill, punctuality, promise) < 4
$$;

-- Every visit row is judged as it is written (017_policies.sql: no longer a generated
-- column, since the threshold is a setting): by the score it was given, else the setting now.
CREATE OR REPLACE FUNCTION visits_judged() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.unsatisfied_score := coalesce(NEW.unsatisfied_score, setting_int('unsatisfied_score'));
    NEW.satisfied := visit_satisfied(NEW.score, NEW.attitude, NEW.skill, NEW.punctuality,
        NEW.promise, NEW.unsatisfied_score);
    RETURN NEW;
END
$$;

CREATE OR REPLACE TRIGGER visits_judged BEFORE INSERT OR UPDATE ON visits
    FOR EACH ROW EXECUTE FUNCTION visits_judged();
