-- 005_cards.sql: what the repair card, the take-back, the three guarantees and repeat
-- repairs keep on a ticket, and the records rebuilt as flat json objects.
--
-- Why flat json: a queue page builds up to 200 ticket objects. The 004 functions nest
-- jsonb builders behind sub-selects, which the planner cannot inline, so each ticket
-- cost a function executor start plus a sorted jsonb tree (about 70 us). The *_object
-- functions below are single json_build_object expressions that the planner inlines
-- into the query that joins the ticket to its customer and unit (about 24 us). The
-- jsonb functions of 004 keep their names and types for the single-row ops that
-- concatenate onto them, and are now defined through the objects, so each record's
-- fields are written down once.

ALTER TABLE tickets
    ADD COLUMN repair       jsonb,          -- the repair card as the technician filled it
    ADD COLUMN charges      jsonb,          -- class A: what the customer pays, in fen
    ADD COLUMN guarantee    jsonb NOT NULL
                            DEFAULT '{"refund": false, "exchange": false, "reason": null}',
    ADD COLUMN repeat_of    text REFERENCES tickets (no),
    ADD COLUMN receipt_no   text,           -- take-back: the receipt the customer holds
    ADD COLUMN promised_at  timestamptz,    -- ticket.postpone: the time promised now
    ADD COLUMN completed_at timestamptz;

CREATE FUNCTION customer_object(c customers) RETURNS json
LANGUAGE sql STABLE AS $$
    SELECT json_build_object(
        'id', c.id, 'name', c.name, 'phones', c.phones, 'address', c.address,
        'region', c.region, 'notes', c.notes, 'abroad', c.abroad, 'version', c.version)
$$;

-- NULL for a ticket without a unit (an outer join gives a row of nulls).
CREATE FUNCTION unit_object(u units) RETURNS json
LANGUAGE sql STABLE AS $$
    SELECT CASE WHEN u.id IS NOT NULL THEN json_build_object(
        'id', u.id, 'customer_id', u.customer_id, 'model', u.model, 'serial', u.serial,
        'purchase_date', u.purchase_date, 'invoice_no', u.invoice_no,
        'warranty_months', u.warranty_months, 'contract_end', u.contract_end,
        'version', u.version) END
$$;

-- Times in whole seconds: json renders a timestamptz as ISO 8601 with the session's offset.
CREATE FUNCTION ticket_object(t tickets, customer json, unit json) RETURNS json
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
        'overdue', t.overdue, 'guarantee', t.guarantee, 'repeat_of', t.repeat_of,
        'receipt_no', t.receipt_no, 'repair', t.repair, 'charges', t.charges,
        'version', t.version)
$$;

CREATE OR REPLACE FUNCTION customer_json(c customers) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT customer_object(c)::jsonb
$$;

CREATE OR REPLACE FUNCTION unit_json(u units) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT unit_object(u)::jsonb
$$;

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
