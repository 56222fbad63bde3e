-- functions/85_privacy.sql: the records of doc/domain.md, Privacy as the protocol's
-- JSON: a special look-up (lookup.*), an audit entry (audit.list) and a record due for
-- archiving (archive.list). Re-applied by every `svcdeskd migrate`.

-- The customer's name is shown with the request: the queue is read by managers, who
-- see names (only phones are masked).
CREATE OR REPLACE FUNCTION lookup_json(l lookups) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object(
        'id', l.id, 'customer_id', l.customer_id,
        'customer_name', (SELECT c.name FROM customers c WHERE c.id = l.customer_id),
        'requested_by', l.requested_by, 'requested_at', iso_time(l.requested_at),
        'grounds', l.grounds, 'state', l.state, 'decided_by', l.decided_by,
        'decided_at', iso_time(l.decided_at), 'note', l.note,
        'opened_at', iso_time(l.opened_at))
$$;

-- The customer a row of the log is about, when its object names one.
CREATE OR REPLACE FUNCTION audit_customer_id(object text) RETURNS bigint
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN object ~ '^customer:[0-9]{1,18}$' THEN substr(object, 10)::bigint END
$$;

CREATE OR REPLACE FUNCTION audit_entry_json(a audit_log) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object(
        'id', a.id, 'at', iso_time(a.at), 'user', a.actor, 'address', a.address,
        'op', a.action, 'object', a.object, 'customer_id', audit_customer_id(a.object),
        'what', a.details)
$$;

-- Whether a row of the log is about customer cust: their file (customer.get, .save,
-- .reveal, look-ups), a list of files shown (customer.find, search), or one of their
-- tickets or complaints read.
CREATE OR REPLACE FUNCTION audit_about_customer(a audit_log, cust bigint) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT a.object = 'customer:' || cust
        OR coalesce(a.details -> 'customers' @> to_jsonb(cust), false)
        OR (a.object LIKE 'ticket:%' AND EXISTS (SELECT 1 FROM tickets t
            WHERE t.no = substr(a.object, 8) AND t.customer_id = cust))
        OR (a.object LIKE 'complaint:%' AND EXISTS (SELECT 1 FROM complaints k
            WHERE k.no = substr(a.object, 11) AND k.customer_id = cust))
$$;
