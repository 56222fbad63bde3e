-- functions/67_recalls.sql: recalls (sql/025_recalls.sql; doc/domain.md, Recalls).
--
-- Re-applied by `svcdeskd migrate` after the numbered migrations, every run: a
-- function or trigger is changed here, never restated in a migration.

-- RC + YYMMDD + the year's running count, at least 3 digits: RC261206001.
CREATE OR REPLACE FUNCTION recall_number() RETURNS text
LANGUAGE sql VOLATILE AS $$
    SELECT 'RC' || to_char(now(), 'YYMMDD') || lpad(n::text, greatest(3, length(n::text)), '0')
    FROM yearly_count('recall', extract(year FROM now())::int) AS n
$$;

-- When every affected customer must have been told (seed 004 §15): the setting
-- recall_notify_hours after creation, recall_notify_hours_sunday when created on a
-- Sunday, in the session's time zone (the daemon's TZ, the centre's).
CREATE OR REPLACE FUNCTION recall_notify_due(created timestamptz) RETURNS timestamptz
LANGUAGE sql STABLE AS $$
    SELECT created + make_interval(hours => setting_int(
        CASE WHEN extract(isodow FROM created) = 7 THEN 'recall_notify_hours_sunday'
             ELSE 'recall_notify_hours' END)::int)
$$;

-- notify_due follows created_at, however the row is written.
CREATE OR REPLACE FUNCTION recalls_notify_due() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.notify_due := recall_notify_due(NEW.created_at);
    RETURN NEW;
END
$$;
DROP TRIGGER IF EXISTS recalls_notify_due ON recalls;
CREATE TRIGGER recalls_notify_due BEFORE INSERT OR UPDATE OF created_at ON recalls
    FOR EACH ROW EXECUTE FUNCTION recalls_notify_due();

-- What the customer reads (in Chinese): the recall, why, and what to do.
CREATE OR REPLACE FUNCTION recall_text(r recalls) RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT format('【召回通知 %s】%s：您购买的%s型号产品可能存在以下问题：%s。请致电服务中心'
        || '预约免费检修，我们也会尽快与您联系。', r.no, r.title,
        array_to_string(r.models, '、'), r.reason)
$$;

CREATE OR REPLACE FUNCTION recall_object(r recalls) RETURNS json
LANGUAGE sql STABLE AS $$
    SELECT json_build_object(
        'no', r.no, 'title', r.title, 'reason', r.reason, 'models', r.models,
        'serial_from', r.serial_from, 'serial_to', r.serial_to,
        'purchased_from', r.purchased_from, 'purchased_to', r.purchased_to,
        'state', r.state, 'created_by', r.created_by,
        'created_at', date_trunc('second', r.created_at),
        'notify_due', date_trunc('second', r.notify_due),
        'closed_at', date_trunc('second', r.closed_at),
        'affected', r.affected,
        -- told: notified, or further (booked, done)
        'notified', r.notified + r.booked + r.done,
        'done', r.done,
        'counts', json_build_object('pending', r.pending, 'notified', r.notified,
            'unreachable', r.unreachable, 'booked', r.booked, 'done', r.done,
            'written_off', r.written_off),
        -- notify_due passed with customers not told yet
        'late', r.state = 'open' AND now() > r.notify_due AND r.pending + r.unreachable > 0)
$$;

CREATE OR REPLACE FUNCTION recall_unit_object(ru recall_units, u units, c customers) RETURNS json
LANGUAGE sql STABLE AS $$
    SELECT json_build_object(
        'unit_id', ru.unit_id, 'model', u.model, 'serial', u.serial,
        'purchase_date', u.purchase_date,
        'customer', json_build_object('id', c.id, 'name', c.name, 'phones', c.phones,
            'address', c.address, 'region', c.region),
        'state', ru.state, 'ticket_no', ru.ticket_no, 'reason', ru.reason,
        'attempts', ru.attempts, 'updated_by', ru.updated_by,
        'updated_at', date_trunc('second', ru.updated_at))
$$;

-- A page of a recall's units in unit id order after p_after (NULL: from the first),
-- p_limit of them: {units: [...], next: the last one's id as text when more follow,
-- else null}. p_units: all, open (not done or written off), to_call (pending or
-- unreachable); each reads its own index (sql/025_recalls.sql), so a page deep in a
-- recall of 100,000 units reads only the page.
CREATE OR REPLACE FUNCTION recall_units_page(p_no text, p_units text, p_after bigint,
    p_limit int) RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
DECLARE
    ids bigint[];
BEGIN
    IF p_units = 'to_call' THEN
        ids := ARRAY(SELECT unit_id FROM recall_units WHERE recall_no = p_no
            AND state IN ('pending', 'unreachable') AND unit_id > coalesce(p_after, 0)
            ORDER BY unit_id LIMIT p_limit + 1);
    ELSIF p_units = 'open' THEN
        ids := ARRAY(SELECT unit_id FROM recall_units WHERE recall_no = p_no
            AND state IN ('pending', 'notified', 'unreachable', 'booked')
            AND unit_id > coalesce(p_after, 0) ORDER BY unit_id LIMIT p_limit + 1);
    ELSE
        ids := ARRAY(SELECT unit_id FROM recall_units WHERE recall_no = p_no
            AND unit_id > coalesce(p_after, 0) ORDER BY unit_id LIMIT p_limit + 1);
    END IF;
    RETURN jsonb_build_object(
        'units', coalesce((SELECT jsonb_agg(recall_unit_object(ru, u, c) ORDER BY ru.unit_id)
            FROM recall_units ru JOIN units u ON u.id = ru.unit_id
            JOIN customers c ON c.id = ru.customer_id
            WHERE ru.recall_no = p_no AND ru.unit_id = ANY (ids[1:p_limit])), '[]'),
        'next', CASE WHEN cardinality(ids) > p_limit THEN ids[p_limit]::text END);
END
$$;

-- Whether recall.unit may move a unit from one state to another: never from done or
-- written off; otherwise forward in pending, unreachable, notified, booked, done or
-- written off (called again while unreachable, booked again with another ticket: the
-- same state again).
CREATE OR REPLACE FUNCTION recall_unit_step_ok(p_from text, p_to text) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
    SELECT p_from NOT IN ('done', 'written_off') AND
        array_position(ARRAY['pending', 'unreachable', 'notified', 'booked', 'done'],
            CASE p_to WHEN 'written_off' THEN 'done' ELSE p_to END)
        >= array_position(ARRAY['pending', 'unreachable', 'notified', 'booked', 'done'], p_from)
$$;

-- The recall as recall.create and recall.get answer it: the recall and a page of units.
CREATE OR REPLACE FUNCTION recall_with_units(r recalls, p_units text, p_after bigint,
    p_limit int) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT recall_object(r)::jsonb || recall_units_page(r.no, p_units, p_after, p_limit)
$$;

-- The units a recall's criteria name (NULL bounds: none).
CREATE OR REPLACE FUNCTION recall_matches(u units, p_models text[], p_serial_from text,
    p_serial_to text, p_purchased_from date, p_purchased_to date) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
    SELECT u.model = ANY (p_models)
       AND (p_serial_from IS NULL OR u.serial >= p_serial_from)
       AND (p_serial_to IS NULL OR u.serial <= p_serial_to)
       AND (p_purchased_from IS NULL OR u.purchase_date >= p_purchased_from)
       AND (p_purchased_to IS NULL OR u.purchase_date <= p_purchased_to)
$$;

-- recall.create in one transaction: the recall, every affected unit with its customer
-- (one INSERT ... SELECT), the counters, and one `recall` notification per customer,
-- due at notify_due. The recall with its first p_limit units; NULL, with nothing
-- written, when no unit is affected.
CREATE OR REPLACE FUNCTION recall_create(p_title text, p_reason text, p_models text[],
    p_serial_from text, p_serial_to text, p_purchased_from date, p_purchased_to date,
    p_by text, p_limit int) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
    r recalls;
    n integer;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM units u WHERE recall_matches(u, p_models, p_serial_from,
            p_serial_to, p_purchased_from, p_purchased_to)) THEN
        RETURN NULL;
    END IF;
    INSERT INTO recalls (no, title, reason, models, serial_from, serial_to,
        purchased_from, purchased_to, created_by)
    VALUES (recall_number(), p_title, p_reason, p_models, p_serial_from, p_serial_to,
        p_purchased_from, p_purchased_to, p_by)
    RETURNING * INTO r;
    INSERT INTO recall_units (recall_no, unit_id, customer_id)
    SELECT r.no, u.id, u.customer_id FROM units u
    WHERE recall_matches(u, p_models, p_serial_from, p_serial_to, p_purchased_from,
        p_purchased_to);
    GET DIAGNOSTICS n = ROW_COUNT;
    UPDATE recalls SET affected = n, pending = n WHERE no = r.no RETURNING * INTO r;
    PERFORM notification_queue_all('recall', ARRAY(SELECT DISTINCT customer_id
        FROM recall_units WHERE recall_no = r.no), r.no, recall_text(r), r.notify_due,
        'recall:' || r.no);
    RETURN recall_with_units(r, 'all', NULL, p_limit);
END
$$;
