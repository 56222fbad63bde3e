-- 004_json.sql: records as the protocol's JSON objects, built where the data is, so a
-- handler sends one statement and passes the text on. Times: ISO 8601 with the
-- session's offset, whole seconds.

CREATE FUNCTION iso_time(t timestamptz) RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT to_json(date_trunc('second', t)) #>> '{}'
$$;

CREATE FUNCTION customer_json(c customers) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object(
        'id', c.id, 'name', c.name, 'phones', to_jsonb(c.phones), 'address', c.address,
        'region', c.region, 'notes', c.notes, 'abroad', c.abroad, 'version', c.version)
$$;

CREATE FUNCTION unit_json(u units) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object(
        'id', u.id, 'customer_id', u.customer_id, 'model', u.model, 'serial', u.serial,
        'purchase_date', u.purchase_date, 'invoice_no', u.invoice_no,
        'warranty_months', u.warranty_months, 'contract_end', u.contract_end,
        'version', u.version)
$$;

-- With the customer's and unit's JSON given: a statement that inserts them in a CTE cannot
-- read them back in the same statement.
CREATE FUNCTION ticket_json_parts(t tickets, customer jsonb, unit jsonb) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object(
        'no', t.no, 'type', t.type, 'channel', t.channel, 'state', t.state,
        'service_class', t.service_class, 'class_reason', t.class_reason,
        'customer', customer, 'unit', unit,
        'region', t.region, 'fault', t.fault, 'answer', t.answer,
        'taken_by', t.taken_by, 'owner', t.owner, 'technician', t.technician,
        'created_at', iso_time(t.created_at), 'reply_due', iso_time(t.reply_due),
        'arrival_due', iso_time(t.arrival_due), 'appointment', iso_time(t.appointment),
        'arrived_at', iso_time(t.arrived_at), 'overdue', t.overdue,
        'repair', NULL, 'charges', NULL, 'version', t.version)
$$;

CREATE FUNCTION ticket_json(t tickets) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT ticket_json_parts(t,
        (SELECT customer_json(c) FROM customers c WHERE c.id = t.customer_id),
        (SELECT unit_json(u) FROM units u WHERE u.id = t.unit_id))
$$;

CREATE FUNCTION ticket_event_json(e ticket_events) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object(
        'at', iso_time(e.at), 'actor', e.actor, 'kind', e.kind,
        'from', e.from_state, 'to', e.to_state, 'details', e.details)
$$;

CREATE FUNCTION user_json(u users) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object(
        'login', u.login, 'name', u.name, 'role', u.role, 'department', u.department,
        'region', u.region, 'service_point_id', u.service_point_id,
        'skills', to_jsonb(u.skills), 'monthly_bonus', u.monthly_bonus, 'active', u.active)
$$;
