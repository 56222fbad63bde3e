-- functions/40_guarantee.sql: the three guarantees (三包) and repeat repairs: computed
-- when a ticket is registered, kept current when a repair completes or a unit's dates
-- change (doc/domain.md).
--
-- Re-applied by `svcdeskd migrate` after the numbered migrations, every run: a
-- function or trigger is changed here, never restated in a migration.

-- For a repair call (type B) of a unit, on the day of the call:
--   refund   the call comes at most 7 days after the purchase date;
--   exchange at most 15 days after it, or the unit is in warranty and has been repaired
--            twice without a fix.
-- Days are counted as Chinese law counts a period of days (民法典 §201: the first day
-- is not counted): bought on the 1st, the 8th is day 7, still inside "7 days"; the 9th
-- is day 8, outside. So refund when call day - purchase date <= 7, exchange when <= 15.
-- A purchase date after the day of the call gives nothing (a typing error, not a right).
-- "Repaired twice without a fix" (seed 004 §11 1.4, 两次维修后仍无法排除故障): the unit
-- has two earlier repair tickets (type B) that were completed (completed or closed), the
-- later one registered as a repeat of the earlier (its repeat_of), both registered before
-- this ticket; and the unit is in warranty on the day of the call (purchase date plus
-- the warranty months is after that day, as the class C rule in call.register).
-- Other ticket types (installation, consultation, other) carry no fault: all false.
-- The flags say what the customer may claim; the operator still checks the invoice and
-- that the fault is not man-made (seed 004 三 2).
-- Both this and repeat_of read only the unit's own tickets newest first and stop at the
-- first that qualifies; in PL/pgSQL, whose statements keep their plans for the session.
-- `twice` reads the unit's completed repeats (index tickets_unit_completed_repeats,
-- 043_guarantee_unit_repeats.sql), and says "a repeat" as that index does, with
-- coalesce(repeat_of, '') <> '', never repeat_of IS NOT NULL, and checks the earlier
-- ticket in a subquery, not a join on repeat_of: either would let PostgreSQL prove the
-- predicate of tickets_repeats_created (every repeat of the centre by created_at, 041)
-- and answer by walking all of them newest first, filtering on the unit, which it did on
-- statistics older than the day's repeats: 10,000 buffers and 5-17 ms a registration
-- (doc/architecture.md, "Statistics"; test_guarantee_plan_with_stale_statistics).
CREATE OR REPLACE FUNCTION ticket_guarantee(ticket_type char, unit_id bigint,
    purchase_date date, warranty_months int, day date, registered timestamptz) RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN (WITH age AS (SELECT day - purchase_date AS days),
    twice AS (
        SELECT later.repeat_of AS first, later.no AS second
        FROM tickets later
        WHERE later.unit_id = ticket_guarantee.unit_id AND later.type = 'B'
          AND later.state IN ('completed', 'closed')
          AND coalesce(later.repeat_of, '') <> ''   -- tickets_unit_completed_repeats
          AND later.created_at < registered
          AND (SELECT earlier.type = 'B' AND earlier.state IN ('completed', 'closed')
               FROM tickets earlier WHERE earlier.no = later.repeat_of)
          AND purchase_date + make_interval(months => warranty_months) > day
        ORDER BY later.created_at DESC LIMIT 1),
    flags AS (
        SELECT coalesce(ticket_type = 'B' AND days BETWEEN 0 AND 7, false) AS refund,
               coalesce(ticket_type = 'B' AND days BETWEEN 0 AND 15, false) AS early,
               ticket_type = 'B' AND EXISTS (SELECT 1 FROM twice) AS twice,
               days
        FROM age)
    SELECT jsonb_build_object('refund', refund, 'exchange', early OR twice, 'reason',
        nullif(concat_ws('; ',
            CASE WHEN refund THEN format('bought %s days ago: refund or exchange (7 days)', days)
                 WHEN early THEN format('bought %s days ago: exchange (15 days)', days)
            END,
            (SELECT format('in warranty and repaired twice without a fix (%s, %s): exchange',
                first, second) FROM twice WHERE flags.twice)), ''))
    FROM flags);
END
$$;

-- The guarantee of an existing ticket, from its unit as it is now.
CREATE OR REPLACE FUNCTION ticket_guarantee_now(t tickets) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT coalesce((SELECT ticket_guarantee(t.type, u.id, u.purchase_date, u.warranty_months,
        t.created_at::date, t.created_at) FROM units u WHERE u.id = t.unit_id),
        '{"refund": false, "exchange": false, "reason": null}')
$$;

-- Kept current: the open tickets of a unit are computed again when a repair of that unit
-- is completed (it may be the second repair that did not fix it) or when the unit's
-- purchase date or warranty is corrected. Only the guarantee changes, so this does not
-- fire the state trigger again. (No push for these: the next read shows it.)
CREATE OR REPLACE FUNCTION refresh_unit_guarantees(unit bigint, except_no text) RETURNS void
LANGUAGE sql AS $$
    UPDATE tickets t SET guarantee = ticket_guarantee_now(t), version = t.version + 1,
        updated_at = now()
    WHERE t.unit_id = unit AND t.no IS DISTINCT FROM except_no
      AND t.state NOT IN ('closed', 'cancelled')
      AND t.guarantee IS DISTINCT FROM ticket_guarantee_now(t)
$$;

-- repeat_of (column in 005): set by call.register for a repair call (type B) to the most
-- recent earlier repair ticket of the same unit that was not cancelled and was registered
-- within the repeat window (the setting repeat_window_days, 90 as shipped): call day
-- - that ticket's day <= window, so 90 days is inside and 91 outside. A repeat counts
-- against the technician of the earlier ticket: reports join tickets.repeat_of to the
-- earlier ticket's technician, copied onto the repeat as repeat_technician (below).
--
-- created_at::date >= d is created_at >= d at midnight in the session's zone, which an
-- index on (unit_id, created_at) can start from.
CREATE OR REPLACE FUNCTION repeat_of(unit bigint, day date) RETURNS text
LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN (SELECT t.no FROM tickets t
    WHERE t.unit_id = unit AND t.type = 'B' AND t.state <> 'cancelled'
      AND t.created_at >= (day - setting_int('repeat_window_days')::int)::timestamptz
    ORDER BY t.created_at DESC, t.no DESC LIMIT 1);
END
$$;

CREATE OR REPLACE FUNCTION tickets_repair_completed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM refresh_unit_guarantees(NEW.unit_id, NEW.no);
    RETURN NULL;
END
$$;

CREATE OR REPLACE TRIGGER tickets_repair_completed AFTER UPDATE OF state ON tickets
    FOR EACH ROW WHEN (NEW.type = 'B' AND NEW.unit_id IS NOT NULL
        AND NEW.state IN ('completed', 'closed') AND OLD.state NOT IN ('completed', 'closed'))
    EXECUTE FUNCTION tickets_repair_completed();

CREATE OR REPLACE FUNCTION units_dates_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM refresh_unit_guarantees(NEW.id, NULL);
    RETURN NULL;
END
$$;

CREATE OR REPLACE TRIGGER units_dates_changed AFTER UPDATE OF purchase_date, warranty_months ON units
    FOR EACH ROW WHEN (NEW.purchase_date IS DISTINCT FROM OLD.purchase_date
        OR NEW.warranty_months IS DISTINCT FROM OLD.warranty_months)
    EXECUTE FUNCTION units_dates_changed();

-- repeat_technician (column in 041): the technician a repeat counts against, the earlier
-- ticket's, kept on the repeat so that report.repeats reads one covering index (041 says
-- what it saved). Set when the repeat is inserted; the earlier ticket may still be open
-- then, so when its technician changes (dispatch, reassign) its repeats follow, in the
-- same transaction (index tickets_repeat_of in 007_visits.sql finds them).
CREATE OR REPLACE FUNCTION tickets_repeat_technician() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.repeat_technician := (SELECT p.technician FROM tickets p WHERE p.no = NEW.repeat_of);
    RETURN NEW;
END
$$;

CREATE OR REPLACE TRIGGER tickets_repeat_technician BEFORE INSERT OR UPDATE OF repeat_of
    ON tickets FOR EACH ROW WHEN (NEW.repeat_of IS NOT NULL)
    EXECUTE FUNCTION tickets_repeat_technician();

CREATE OR REPLACE FUNCTION tickets_repeats_follow_technician() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE tickets SET repeat_technician = NEW.technician
    WHERE repeat_of = NEW.no AND repeat_technician IS DISTINCT FROM NEW.technician;
    RETURN NULL;
END
$$;

CREATE OR REPLACE TRIGGER tickets_repeats_follow_technician AFTER UPDATE OF technician
    ON tickets FOR EACH ROW WHEN (NEW.technician IS DISTINCT FROM OLD.technician)
    EXECUTE FUNCTION tickets_repeats_follow_technician();
