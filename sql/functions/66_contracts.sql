-- functions/66_contracts.sql: maintenance contracts (sql/024_contracts.sql;
-- doc/domain.md, Maintenance contracts): a contract's state and visit schedule, its JSON, and the
-- sweep that books due visits and queues expiry notices (server/sweeper.c).
--
-- Re-applied by `svcdeskd migrate` after the numbered migrations, every run: a
-- function or trigger is changed here, never restated in a migration.

-- pending, active, expiring (active, ending within contract_notice_days), expired,
-- cancelled: never stored, so it cannot go stale.
CREATE OR REPLACE FUNCTION contract_state(c contracts, p_day date DEFAULT current_date)
RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT CASE WHEN c.cancelled_at IS NOT NULL THEN 'cancelled'
                WHEN p_day < c.starts THEN 'pending'
                WHEN p_day > c.ends THEN 'expired'
                WHEN c.ends - p_day <= setting_int('contract_notice_days') THEN 'expiring'
                ELSE 'active' END
$$;

-- Contracts of one unit never overlap (not counting cancelled ones). contract.save
-- checks it in its statement to name the contract in the way; this trigger holds it
-- when two saves race: it locks the unit's row, and its query, a statement of its own,
-- then sees a contract the other committed. Refused with exclusion_violation (23P01),
-- which contract.save and unit.save answer as invalid_argument.
CREATE OR REPLACE FUNCTION contract_no_overlap() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.cancelled_at IS NOT NULL THEN
        RETURN NEW;
    END IF;
    PERFORM 1 FROM units WHERE id = NEW.unit_id FOR UPDATE;
    IF EXISTS (SELECT 1 FROM contracts c WHERE c.unit_id = NEW.unit_id
               AND c.id <> NEW.id AND c.cancelled_at IS NULL
               AND c.starts <= NEW.ends AND c.ends >= NEW.starts) THEN
        RAISE EXCEPTION 'contract % overlaps another contract of unit %', NEW.id, NEW.unit_id
            USING ERRCODE = 'exclusion_violation';
    END IF;
    RETURN NEW;
END
$$;
CREATE OR REPLACE TRIGGER contracts_no_overlap BEFORE INSERT OR UPDATE ON contracts
    FOR EACH ROW EXECUTE FUNCTION contract_no_overlap();

-- How many visits a contract holds: visits_per_year over its length (at least one).
CREATE OR REPLACE FUNCTION contract_visit_count(c contracts) RETURNS int
LANGUAGE sql IMMUTABLE AS $$
    SELECT greatest(1, round(c.visits_per_year * (c.ends - c.starts + 1) / 365.0)::int)
$$;

-- Visit seq (1..count) falls due in the middle of the seq-th of `count` equal parts of
-- the contract: two a year from 1 January are due on 2 April and 1 October.
CREATE OR REPLACE FUNCTION contract_visit_due(c contracts, seq int) RETURNS date
LANGUAGE sql IMMUTABLE AS $$
    SELECT c.starts + ((2 * seq - 1) * (c.ends - c.starts + 1)
                       / (2 * contract_visit_count(c)))::int
$$;

-- Every visit of a contract with the day it falls due.
CREATE OR REPLACE FUNCTION contract_visit_days(c contracts)
RETURNS TABLE (seq int, due date)
LANGUAGE sql IMMUTABLE AS $$
    SELECT s, contract_visit_due(c, s) FROM generate_series(1, contract_visit_count(c)) s
$$;

-- The first visit not booked yet that falls due today or later; NULL: none left.
CREATE OR REPLACE FUNCTION contract_next_visit(c contracts) RETURNS date
LANGUAGE sql STABLE AS $$
    SELECT min(v.due) FROM contract_visit_days(c) v
    WHERE v.due >= current_date AND NOT EXISTS (SELECT 1 FROM contract_visits cv
        WHERE cv.contract_id = c.id AND cv.seq = v.seq)
$$;

-- A contract as the protocol shows it (svcdesk-protocol(7), contract.save).
CREATE OR REPLACE FUNCTION contract_json(c contracts) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object('id', c.id, 'unit_id', c.unit_id,
        'customer', jsonb_build_object('id', cu.id, 'name', cu.name),
        'model', u.model, 'serial', u.serial,
        'starts', c.starts, 'ends', c.ends, 'visits_per_year', c.visits_per_year,
        'visits', contract_visit_count(c), 'price', c.price, 'renews', c.renews,
        'renewed_by', (SELECT r.id FROM contracts r WHERE r.renews = c.id),
        'next_visit', contract_next_visit(c), 'state', contract_state(c),
        'days_left', c.ends - current_date, 'created_by', c.created_by,
        'created_at', iso_time(c.created_at), 'version', c.version)
    FROM units u JOIN customers cu ON cu.id = u.customer_id WHERE u.id = c.unit_id
$$;

-- The customer's message for a due visit and for a contract entering its notice period
-- (in Chinese, as they read it: the ticket or contract, and what to do).
CREATE OR REPLACE FUNCTION contract_visit_text(ticket_no text, model text, due date)
RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT format('您的%s按保养合同应于 %s 定期保养，服务单号 %s。'
        '我们将致电约定上门时间；如需改期，请致电服务中心。',
        model, to_char(due, 'YYYY-MM-DD'), ticket_no)
$$;

CREATE OR REPLACE FUNCTION contract_expiry_text(contract_id bigint, model text, ends date)
RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT format('您的%s保养合同（编号 %s）将于 %s 到期。如需续约，请致电服务中心办理。',
        model, contract_id, to_char(ends, 'YYYY-MM-DD'))
$$;

-- The maintenance sweep, run by one daemon at a time (server/sweeper.c, under its
-- advisory lock): books every visit of a running contract that has fallen due (and
-- not before the contract was recorded) as a type Y ticket, class B, with its register
-- event and a maintenance_due notification; then queues one contract_expiry notice for
-- each running contract in its notice period that is not renewed. Exactly once: a
-- visit is claimed by inserting its (contract, seq) key first, ON CONFLICT DO NOTHING,
-- and only a claimed visit gets its ticket; the notices by their once_key. A daemon
-- whose snapshot predates another's commit claims nothing twice. Returns the new
-- tickets (JSON) and, with a NULL ticket, the count of expiry notices queued.
CREATE OR REPLACE FUNCTION contract_sweep(p_limit int DEFAULT 500)
RETURNS TABLE (ticket jsonb, notices int)
LANGUAGE plpgsql AS $$
DECLARE
    v record;
    no text;
    t tickets;
    n int := 0;
BEGIN
    FOR v IN SELECT c.id, c.unit_id, c.created_by, d.seq, d.due, u.model,
                    u.purchase_date, u.warranty_months, cu.id AS customer_id, cu.region,
                    contract_visit_count(c) AS visits
             FROM contracts c
             JOIN units u ON u.id = c.unit_id JOIN customers cu ON cu.id = u.customer_id,
                  contract_visit_days(c) d
             -- a visit is owed once due, so a sweep late by up to a month (the daemons
             -- stopped) still books it; older contracts are not read at all
             WHERE c.cancelled_at IS NULL AND c.starts <= current_date
               AND c.ends >= current_date - 31
               AND d.due <= current_date AND d.due >= c.created_at::date
               AND NOT EXISTS (SELECT 1 FROM contract_visits cv
                   WHERE cv.contract_id = c.id AND cv.seq = d.seq)
             ORDER BY d.due, c.id LIMIT p_limit
    LOOP
        no := 'Y' || to_char(current_date, 'YYMMDD') || (SELECT lpad(k::text,
            greatest(4, length(k::text)), '0')
            FROM ticket_count('Y', extract(year FROM current_date)::int) k);
        INSERT INTO contract_visits (contract_id, seq, due, ticket_no)
        VALUES (v.id, v.seq, v.due, no) ON CONFLICT DO NOTHING;
        CONTINUE WHEN NOT FOUND;   -- another daemon booked it first
        INSERT INTO tickets (no, type, channel, state, service_class, customer_id, unit_id,
            region, fault, taken_by, owner, arrival_due, guarantee)
        VALUES (no, 'Y', 'letter', 'new', 'B', v.customer_id, v.unit_id, v.region,
            format('定期保养 第%s/%s次（保养合同 %s，%s 到期）', v.seq, v.visits, v.id,
                to_char(v.due, 'YYYY-MM-DD')),
            v.created_by, v.created_by, (v.due + 7)::timestamptz,
            ticket_guarantee('Y', v.unit_id, v.purchase_date, v.warranty_months,
                current_date, now()))
        RETURNING * INTO t;
        INSERT INTO ticket_events (ticket_no, actor, kind, from_state, to_state, details)
        VALUES (no, NULL, 'register', NULL, 'new', jsonb_build_object('channel', 'letter',
            'service_class', 'B', 'contract_id', v.id, 'visit', v.seq, 'due', v.due));
        PERFORM notification_queue('maintenance_due', v.customer_id, no,
            contract_visit_text(no, v.model, v.due), now(),
            format('maintenance_due:%s:%s', v.id, v.seq));
        ticket := ticket_json(t);
        notices := NULL;
        RETURN NEXT;
    END LOOP;
    SELECT count(notification_queue('contract_expiry', cu.id, c.id::text,
               contract_expiry_text(c.id, u.model, c.ends), now(),
               'contract_expiry:' || c.id))
    INTO n
    FROM contracts c JOIN units u ON u.id = c.unit_id JOIN customers cu ON cu.id = u.customer_id
    WHERE c.cancelled_at IS NULL AND c.starts <= current_date AND c.ends >= current_date
      AND c.ends - current_date <= setting_int('contract_notice_days')
      AND NOT EXISTS (SELECT 1 FROM contracts r WHERE r.renews = c.id)
      AND NOT EXISTS (SELECT 1 FROM notifications nt
          WHERE nt.once_key = 'contract_expiry:' || c.id);
    ticket := NULL;
    notices := n;
    RETURN NEXT;
END
$$;
