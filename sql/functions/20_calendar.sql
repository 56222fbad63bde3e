-- functions/20_calendar.sql: the working calendar: which days count for deadlines.
--
-- Re-applied by `svcdeskd migrate` after the numbered migrations, every run: a
-- function or trigger is changed here, never restated in a migration.

-- A completed ticket is due for its return visit on the next working day after the day
-- it was completed (doc/domain.md, Return visits: normally the day after service), by the business
-- calendar: a day listed in calendar_days is what it says; any other day is working
-- when working_hours has its weekday (the rule of common/calendar.c, which the daemon
-- uses for the same tables; this copy exists because the due day is set here, by a
-- trigger on whatever statement completes the ticket). Stored as the start (00:00) of
-- that day, for the to_visit queue's order and cursor. (Not in the ticket object: 005's
-- flat object stays as it is; a screen shows completed_at.)
CREATE OR REPLACE FUNCTION is_working_day(d date) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT coalesce((SELECT working FROM calendar_days WHERE day = d),
        EXISTS (SELECT 1 FROM working_hours WHERE weekday = extract(isodow FROM d)))
$$;

-- The first working day after d; d + 1 when the calendar has none within a year.
CREATE OR REPLACE FUNCTION next_working_day(d date) RETURNS date
LANGUAGE sql STABLE AS $$
    SELECT coalesce((SELECT min(x)::date FROM generate_series(d + 1, d + 366,
        interval '1 day') AS x WHERE is_working_day(x::date)), d + 1)
$$;
