-- 007_visits.sql: the three guarantees and repeat repairs on a ticket, the return visit
-- (回访) that closes a completed ticket, and the complaint record an unsatisfied visit or a
-- complaint call opens (doc/domain.md: Repair card, Return visits,
-- Complaint intake). Filled by server/call.c, server/visit.c, server/complaint.c.
--
-- Dates are the centre's: the session's TimeZone, which svcdeskd sets to its TZ
-- (Asia/Shanghai), as call.register's current_date.

-- ---- The three guarantees (三包)
--
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
CREATE FUNCTION ticket_guarantee(ticket_type char, unit_id bigint, purchase_date date,
    warranty_months int, day date, registered timestamptz) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    WITH age AS (SELECT day - purchase_date AS days),
    twice AS (
        SELECT later.repeat_of AS first, later.no AS second
        FROM tickets later JOIN tickets earlier ON earlier.no = later.repeat_of
        WHERE later.unit_id = ticket_guarantee.unit_id AND later.type = 'B'
          AND earlier.type = 'B' AND later.created_at < registered
          AND later.state IN ('completed', 'closed')
          AND earlier.state IN ('completed', 'closed')
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
    FROM flags
$$;

-- The guarantee of an existing ticket, from its unit as it is now.
CREATE FUNCTION ticket_guarantee_now(t tickets) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT coalesce((SELECT ticket_guarantee(t.type, u.id, u.purchase_date, u.warranty_months,
        t.created_at::date, t.created_at) FROM units u WHERE u.id = t.unit_id),
        '{"refund": false, "exchange": false, "reason": null}')
$$;

-- Kept current: the open tickets of a unit are computed again when a repair of that unit
-- is completed (it may be the second repair that did not fix it) or when the unit's
-- purchase date or warranty is corrected. Only the guarantee changes, so this does not
-- fire the state trigger again. (No push for these: the next read shows it.)
CREATE FUNCTION refresh_unit_guarantees(unit bigint, except_no text) RETURNS void
LANGUAGE sql AS $$
    UPDATE tickets t SET guarantee = ticket_guarantee_now(t), version = t.version + 1,
        updated_at = now()
    WHERE t.unit_id = unit AND t.no IS DISTINCT FROM except_no
      AND t.state NOT IN ('closed', 'cancelled')
      AND t.guarantee IS DISTINCT FROM ticket_guarantee_now(t)
$$;

CREATE FUNCTION tickets_repair_completed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM refresh_unit_guarantees(NEW.unit_id, NEW.no);
    RETURN NULL;
END
$$;
CREATE TRIGGER tickets_repair_completed AFTER UPDATE OF state ON tickets
    FOR EACH ROW WHEN (NEW.type = 'B' AND NEW.unit_id IS NOT NULL
        AND NEW.state IN ('completed', 'closed') AND OLD.state NOT IN ('completed', 'closed'))
    EXECUTE FUNCTION tickets_repair_completed();

CREATE FUNCTION units_dates_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM refresh_unit_guarantees(NEW.id, NULL);
    RETURN NULL;
END
$$;
CREATE TRIGGER units_dates_changed AFTER UPDATE OF purchase_date, warranty_months ON units
    FOR EACH ROW WHEN (NEW.purchase_date IS DISTINCT FROM OLD.purchase_date
        OR NEW.warranty_months IS DISTINCT FROM OLD.warranty_months)
    EXECUTE FUNCTION units_dates_changed();

-- ---- Repeat repairs (重复维修)
--
-- repeat_of (column in 005): set by call.register for a repair call (type B) to the most
-- recent earlier repair ticket of the same unit that was not cancelled and was registered
-- within the repeat window (settings.repeat_window_days, default 90, policy.set): call day
-- - that ticket's day <= window, so 90 days is inside and 91 outside. A repeat counts
-- against the technician of the earlier ticket: reports join tickets.repeat_of to the
-- earlier ticket's technician (index below).
CREATE FUNCTION repeat_of(unit bigint, day date) RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT t.no FROM tickets t
    WHERE t.unit_id = unit AND t.type = 'B' AND t.state <> 'cancelled'
      AND t.created_at::date >= day - coalesce(
          (SELECT (value #>> '{}')::int FROM settings WHERE key = 'repeat_window_days'), 90)
    ORDER BY t.created_at DESC, t.no DESC LIMIT 1
$$;
CREATE INDEX tickets_repeat_of ON tickets (repeat_of) WHERE repeat_of IS NOT NULL;

-- ---- The return-visit queue
--
-- A completed ticket is due for its return visit on the next working day after the day
-- it was completed (doc/domain.md, Return visits: normally the day after service), by the business
-- calendar: a day listed in calendar_days is what it says; any other day is working
-- when working_hours has its weekday (the rule of common/calendar.c, which the daemon
-- uses for the same tables; this copy exists because the due day is set here, by a
-- trigger on whatever statement completes the ticket). Stored as the start (00:00) of
-- that day, for the to_visit queue's order and cursor. (Not in the ticket object: 005's
-- flat object stays as it is; a screen shows completed_at.)
CREATE FUNCTION is_working_day(d date) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT coalesce((SELECT working FROM calendar_days WHERE day = d),
        EXISTS (SELECT 1 FROM working_hours WHERE weekday = extract(isodow FROM d)))
$$;

-- The first working day after d; d + 1 when the calendar has none within a year.
CREATE FUNCTION next_working_day(d date) RETURNS date
LANGUAGE sql STABLE AS $$
    SELECT coalesce((SELECT min(x)::date FROM generate_series(d + 1, d + 366,
        interval '1 day') AS x WHERE is_working_day(x::date)), d + 1)
$$;

ALTER TABLE tickets ADD COLUMN visit_due timestamptz;

CREATE FUNCTION tickets_visit_due() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.visit_due := next_working_day(coalesce(NEW.completed_at, now())::date)::timestamptz;
    RETURN NEW;
END
$$;
CREATE TRIGGER tickets_visit_due BEFORE INSERT OR UPDATE OF state, completed_at ON tickets
    FOR EACH ROW WHEN (NEW.state = 'completed')
    EXECUTE FUNCTION tickets_visit_due();

CREATE INDEX tickets_to_visit ON tickets (visit_due, no)
    INCLUDE (created_at, technician, region) WHERE state = 'completed';

-- ---- Complaints (the record; classification and routing are issue #5)

-- The year's running count of a kind of number, one sequence per kind and year made on
-- first use (as ticket_count in 002).
CREATE FUNCTION yearly_count(kind text, year int) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    seq text := format('%s_count_%s', kind, year);
BEGIN
    IF to_regclass(seq) IS NULL THEN
        BEGIN
            EXECUTE format('CREATE SEQUENCE IF NOT EXISTS %I', seq);
        EXCEPTION WHEN unique_violation OR duplicate_table THEN
            NULL;   -- made by a concurrent caller
        END;
    END IF;
    RETURN nextval(seq);
END
$$;

-- YYMMDD then the year's running count, at least 3 digits: 261124007 (seed 004 4.2.2.2).
CREATE FUNCTION complaint_number() RETURNS text
LANGUAGE sql VOLATILE AS $$
    SELECT to_char(now(), 'YYMMDD') || lpad(n::text, greatest(3, length(n::text)), '0')
    FROM yearly_count('complaint', extract(year FROM now())::int) AS n
$$;

CREATE TABLE complaints (
    no          text PRIMARY KEY,
    state       text NOT NULL DEFAULT 'received' CHECK (state IN ('received', 'routed',
                'proposed', 'approved', 'follow_up', 'closed')),
    channel     text NOT NULL CHECK (channel IN ('phone', 'letter', 'visit', 'email', 'web')),
    origin      text NOT NULL DEFAULT 'call' CHECK (origin IN ('call', 'visit')),
    customer_id bigint NOT NULL REFERENCES customers (id),
    ticket_no   text REFERENCES tickets (no),
    text        text NOT NULL,                  -- the customer's words
    demand      text,
    -- complaint.classify (issue #5):
    severity    text CHECK (severity IN ('serious', 'minor')),
    category    text CHECK (category IN ('service', 'packaging', 'product', 'suggestion',
                'other', 'contract')),
    major       boolean NOT NULL DEFAULT false,
    department  text REFERENCES departments (code),   -- the responsible department
    -- the current stage of the route (issue #5): its department and due time
    stage       text REFERENCES departments (code),
    stage_due   timestamptz,
    close_due   timestamptz,
    taken_by    text NOT NULL REFERENCES users (login),   -- the first taker
    round       integer NOT NULL DEFAULT 1 CHECK (round >= 1),
    previous_no text REFERENCES complaints (no),
    overdue     boolean NOT NULL DEFAULT false,
    close_reason text,
    request_key text UNIQUE,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    version     integer NOT NULL DEFAULT 1
);
CREATE INDEX complaints_state ON complaints (state, created_at, no);
CREATE INDEX complaints_ticket ON complaints (ticket_no) WHERE ticket_no IS NOT NULL;
CREATE INDEX complaints_customer ON complaints (customer_id, created_at);
CREATE INDEX complaints_created ON complaints (created_at, no);

CREATE TABLE complaint_events (
    id          bigserial PRIMARY KEY,
    complaint_no text NOT NULL REFERENCES complaints (no),
    at          timestamptz NOT NULL DEFAULT now(),
    actor       text,                               -- NULL: the system (sweeper)
    kind        text NOT NULL,                      -- register, classify, advance, ...
    from_state  text,
    to_state    text,
    details     jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX complaint_events_complaint ON complaint_events (complaint_no, id);

-- The protocol's Complaint object. responsibility: the shares of issue #5 (none yet).
CREATE FUNCTION complaint_object(c complaints, customer json) RETURNS json
LANGUAGE sql STABLE AS $$
    SELECT json_build_object(
        'no', c.no, 'state', c.state, 'channel', c.channel, 'origin', c.origin,
        'severity', c.severity, 'category', c.category, 'major', c.major,
        'department', c.department,
        'stage', CASE WHEN c.stage IS NOT NULL THEN json_build_object('department', c.stage,
            'due', date_trunc('second', c.stage_due)) END,
        'stage_due', date_trunc('second', c.stage_due),
        'close_due', date_trunc('second', c.close_due),
        'customer', customer, 'ticket_no', c.ticket_no, 'text', c.text, 'demand', c.demand,
        'taken_by', c.taken_by, 'round', c.round, 'previous_no', c.previous_no,
        'responsibility', '[]'::json, 'overdue', c.overdue, 'close_reason', c.close_reason,
        'created_at', date_trunc('second', c.created_at), 'version', c.version)
$$;

CREATE FUNCTION complaint_json(c complaints) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT complaint_object(c,
        (SELECT customer_object(cu) FROM customers cu WHERE cu.id = c.customer_id))::jsonb
$$;

CREATE FUNCTION complaint_event_json(e complaint_events) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object(
        'at', iso_time(e.at), 'actor', e.actor, 'kind', e.kind,
        'from', e.from_state, 'to', e.to_state, 'details', e.details)
$$;

-- ---- Return visits (回访)

-- Satisfied: a score of 80 or more and no item at 4 (unsatisfied) (seed 003 score bands;
-- doc/domain.md, Return visits: an unsatisfied visit is a complaint about service quality).
CREATE FUNCTION visit_satisfied(score int, attitude int, skill int, punctuality int,
    promise int) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
    SELECT score >= 80 AND greatest(attitude, skill, punctuality, promise) < 4
$$;

CREATE TABLE visits (
    id          bigserial PRIMARY KEY,
    ticket_no   text NOT NULL REFERENCES tickets (no),
    by_user     text NOT NULL REFERENCES users (login),
    at          timestamptz NOT NULL DEFAULT now(),
    -- each 1 very satisfied .. 4 unsatisfied (seed 000 (二十五))
    attitude    smallint NOT NULL CHECK (attitude BETWEEN 1 AND 4),
    skill       smallint NOT NULL CHECK (skill BETWEEN 1 AND 4),
    punctuality smallint NOT NULL CHECK (punctuality BETWEEN 1 AND 4),
    promise     smallint NOT NULL CHECK (promise BETWEEN 1 AND 4),
    score       smallint NOT NULL CHECK (score BETWEEN 0 AND 100),
    comment     text,
    satisfied   boolean GENERATED ALWAYS AS
                (visit_satisfied(score, attitude, skill, punctuality, promise)) STORED,
    complaint_no text REFERENCES complaints (no)   -- the complaint it opened
);
CREATE INDEX visits_ticket ON visits (ticket_no);
CREATE INDEX visits_at ON visits (at);
