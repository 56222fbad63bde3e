-- functions/30_records.sql: records as the protocol's JSON objects, built where the
-- data is, so a handler sends one statement and passes the text on. Times: ISO 8601
-- with the session's offset, whole seconds.
--
-- Two forms: a queue page builds up to 200 ticket objects, so the *_object functions
-- are single json_build_object expressions that the planner inlines into the query
-- joining a ticket to its customer and unit (about 24 us a ticket, where nested jsonb
-- builders behind sub-selects cost about 70). The *_json functions are the same records
-- as jsonb, for the single-row ops that concatenate onto them, defined through the
-- objects so that each record's fields are written down once.
--
-- Re-applied by `svcdeskd migrate` after the numbered migrations, every run: a
-- function or trigger is changed here, never restated in a migration.

CREATE OR REPLACE FUNCTION iso_time(t timestamptz) RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT to_json(date_trunc('second', t)) #>> '{}'
$$;

CREATE OR REPLACE FUNCTION customer_object(c customers) RETURNS json
LANGUAGE sql STABLE AS $$
    SELECT json_build_object(
        'id', c.id, 'name', c.name, 'phones', c.phones, 'address', c.address,
        'region', c.region, 'notes', c.notes, 'abroad', c.abroad, 'version', c.version)
$$;

-- A customer as a department's user sees them on a complaint (doc/domain.md, Roles): who,
-- never how to reach them (no phones, no address, no notes).
CREATE OR REPLACE FUNCTION customer_brief(c customers) RETURNS json
LANGUAGE sql STABLE AS $$
    SELECT json_build_object('id', c.id, 'name', c.name, 'region', c.region,
        'abroad', c.abroad)
$$;

-- The end of the unit's contract that started last by `day` (not cancelled), running
-- or ended; NULL when none has started. Contracts of a unit do not overlap, so the unit
-- is under contract on `day` exactly when this is >= day: unit_service_class
-- (45_entitlements.sql) is given it as its contract_end. Here, before the unit
-- record that shows it (sql/024_contracts.sql; the rest in 66_contracts.sql).
-- PL/pgSQL, whose statement keeps its plan for the session: as an SQL function (never
-- inlined: it reads a table) it was planned again by every statement calling it, twice
-- per registration (issue 17: 0.2 ms a call, 0.03 as PL/pgSQL, measured under load).
CREATE OR REPLACE FUNCTION unit_contract_end(p_unit bigint, p_day date DEFAULT current_date)
RETURNS date
LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN (SELECT c.ends FROM contracts c
        WHERE c.unit_id = p_unit AND c.cancelled_at IS NULL AND c.starts <= p_day
        ORDER BY c.starts DESC LIMIT 1);
END
$$;

-- NULL for a ticket without a unit (an outer join gives a row of nulls).
CREATE OR REPLACE FUNCTION unit_object(u units) RETURNS json
LANGUAGE sql STABLE AS $$
    SELECT CASE WHEN u.id IS NOT NULL THEN json_build_object(
        'id', u.id, 'customer_id', u.customer_id, 'model', u.model, 'serial', u.serial,
        'purchase_date', u.purchase_date, 'invoice_no', u.invoice_no,
        'warranty_months', u.warranty_months, 'contract_end', unit_contract_end(u.id),
        'version', u.version) END
$$;

-- The repair card as filled, with the catalogue's entry for its coded cause (cause_entry:
-- code and both names, sql/030_causes.sql) so a screen shows the cause by name.
-- PL/pgSQL for the same reason as unit_contract_end: its sub-select kept the SQL form from
-- being inlined, and every ticket record planned it again (a new ticket has no card).
CREATE OR REPLACE FUNCTION repair_card_json(card jsonb) RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
BEGIN
    IF card IS NULL OR NOT card ? 'cause_code' THEN
        RETURN card;
    END IF;
    RETURN card || jsonb_build_object('cause_entry',
        (SELECT jsonb_build_object('code', c.code, 'name', c.name, 'name_zh', c.name_zh)
           FROM causes c WHERE c.code = card->>'cause_code'));
END
$$;

-- Times in whole seconds: json renders a timestamptz as ISO 8601 with the session's offset.
CREATE OR REPLACE FUNCTION ticket_object(t tickets, customer json, unit json) RETURNS json
LANGUAGE sql STABLE AS $$
    SELECT json_build_object(
        'no', t.no, 'type', t.type, 'channel', t.channel, 'state', t.state,
        'service_class', t.service_class, 'class_reason', t.class_reason,
        'customer', customer, 'unit', unit,
        'region', t.region, 'fault', t.fault, 'answer', t.answer,
        'taken_by', t.taken_by, 'owner', t.owner, 'technician', t.technician,
        'created_at', date_trunc('second', t.created_at),
        'reply_due', date_trunc('second', t.reply_due),
        'arrival_due', date_trunc('second', t.arrival_due),
        'appointment', date_trunc('second', t.appointment),
        'arrived_at', date_trunc('second', t.arrived_at),
        'promised_at', date_trunc('second', t.promised_at),
        'completed_at', date_trunc('second', t.completed_at),
        'callback_at', date_trunc('second', t.callback_at),
        'visit_attempts', t.visit_attempts, 'visit_outcome', t.visit_outcome,
        'overdue', t.overdue, 'guarantee', t.guarantee, 'repeat_of', t.repeat_of,
        'receipt_no', t.receipt_no, 'repair', repair_card_json(t.repair), 'charges', t.charges,
        'free_request', t.free_request, 'certificate', t.certificate,
        'version', t.version)
$$;

-- The customer's own file (customer.find, customer.get, customer.save) adds their e-mail
-- address (issue 14; null: none, they are sent SMS); a ticket's customer goes without it.
CREATE OR REPLACE FUNCTION customer_json(c customers) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT customer_object(c)::jsonb || jsonb_build_object('email', c.email)
$$;

CREATE OR REPLACE FUNCTION unit_json(u units) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT unit_object(u)::jsonb
$$;

-- With the customer's and unit's JSON given: a statement that inserts them in a CTE cannot
-- read them back in the same statement.
CREATE OR REPLACE FUNCTION ticket_json_parts(t tickets, customer jsonb, unit jsonb) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT ticket_object(t, customer::json, unit::json)::jsonb
$$;

CREATE OR REPLACE FUNCTION ticket_json(t tickets) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT ticket_object(t,
        (SELECT customer_object(c) FROM customers c WHERE c.id = t.customer_id),
        (SELECT unit_object(u) FROM units u WHERE u.id = t.unit_id))::jsonb
$$;

CREATE OR REPLACE FUNCTION ticket_event_json(e ticket_events) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object(
        'at', iso_time(e.at), 'actor', e.actor, 'kind', e.kind,
        'from', e.from_state, 'to', e.to_state, 'details', e.details)
$$;

CREATE OR REPLACE FUNCTION user_json(u users) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object(
        'login', u.login, 'name', u.name, 'role', u.role, 'department', u.department,
        'region', u.region, 'service_point_id', u.service_point_id,
        'skills', to_jsonb(u.skills), 'monthly_bonus', u.monthly_bonus, 'active', u.active)
$$;

-- The protocol's Complaint object: responsibility is the attributed shares, next_no the
-- round a rejected reply opened.
CREATE OR REPLACE FUNCTION complaint_object(c complaints, customer json) RETURNS json
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
        'next_no', (SELECT n.no FROM complaints n WHERE n.previous_no = c.no LIMIT 1),
        'responsibility', (SELECT coalesce(json_agg(json_build_object(
                CASE WHEN s.login IS NULL THEN 'department' ELSE 'user' END,
                coalesce(s.login, s.department), 'percent', s.percent,
                'penalty', CASE WHEN s.penalty_kind IS NOT NULL THEN json_build_object(
                    'kind', s.penalty_kind, 'amount', s.penalty_fen) END)
                ORDER BY s.seq), '[]'::json)
            FROM complaint_shares s WHERE s.complaint_no = c.no),
        'visit_due', date_trunc('second', c.visit_due),
        'overdue', c.overdue, 'close_reason', c.close_reason, 'individual', c.individual,
        'created_at', date_trunc('second', c.created_at), 'version', c.version)
$$;

CREATE OR REPLACE FUNCTION complaint_json(c complaints) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT complaint_object(c,
        (SELECT customer_object(cu) FROM customers cu WHERE cu.id = c.customer_id))::jsonb
$$;

CREATE OR REPLACE FUNCTION complaint_event_json(e complaint_events) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object(
        'at', iso_time(e.at), 'actor', e.actor, 'kind', e.kind,
        'from', e.from_state, 'to', e.to_state, 'details', e.details)
$$;

CREATE OR REPLACE FUNCTION route_json(r routes) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object('category', r.category, 'stages', r.stages,
        'close_days', r.close_days, 'saturday_counts', r.saturday_counts,
        'abroad', CASE WHEN r.abroad_stages IS NOT NULL OR r.abroad_close_days IS NOT NULL
            THEN jsonb_build_object('stages', coalesce(r.abroad_stages, r.stages),
                'close_days', coalesce(r.abroad_close_days, r.close_days)) END)
$$;

-- One stage for complaint.get's timeline.
CREATE OR REPLACE FUNCTION complaint_stage_json(s complaint_stages) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object('seq', s.seq, 'department', s.department,
        'budget_days', s.budget_days, 'started_at', iso_time(s.started_at),
        'due', iso_time(s.due), 'finished_at', iso_time(s.finished_at), 'by', s.by_user,
        'finding', s.finding, 'proposal', s.proposal,
        'late', coalesce(coalesce(s.finished_at, now()) > s.due, false),
        'overdue_days', s.overdue_days, 'late_days', s.late_days,
        'penalty', CASE WHEN s.penalty_fen IS NOT NULL THEN jsonb_build_object(
            'user', s.penalty_login, 'amount', s.penalty_fen) END)
$$;

CREATE OR REPLACE FUNCTION complaint_stages_json(no text) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT coalesce(jsonb_agg(complaint_stage_json(s) ORDER BY s.seq), '[]')
    FROM complaint_stages s WHERE s.complaint_no = no
$$;
