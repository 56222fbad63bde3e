-- functions/65_notifications.sql: queueing a message to a customer in the outbox
-- (sql/023_notifications.sql; doc/domain.md, Telling customers).
--
-- Re-applied by `svcdeskd migrate` after the numbered migrations, every run: a
-- function or trigger is changed here, never restated in a migration.

-- Where a customer is written to: e-mail when they gave an address, else SMS to their
-- first mobile phone (11 digits starting 1), else to their first phone. The one place
-- the rule is written; both ways of queueing below use it.
CREATE OR REPLACE FUNCTION notification_channel(c customers, OUT channel text,
    OUT recipient text)
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN c.email IS NOT NULL AND c.email <> '' THEN 'email' ELSE 'sms' END,
           coalesce(nullif(c.email, ''),
                    (SELECT p FROM unnest(c.phones) p WHERE p ~ '^1[0-9]{10}$' LIMIT 1),
                    c.phones[1])
$$;

-- One message to every customer of p_customers (each once, whatever the repeats),
-- the same text, in one INSERT: a recall's thousands of customers (sql/functions/
-- 67_recalls.sql) cost one statement, not one call each. Call it inside the
-- transaction of the change it tells about. p_once_prefix makes it exactly-once per
-- customer: the once_key is prefix:customer id, and a customer already told under it
-- is skipped. Returns how many were queued.
CREATE OR REPLACE FUNCTION notification_queue_all(p_kind text, p_customers bigint[],
    p_related text, p_text text, p_due timestamptz DEFAULT now(),
    p_once_prefix text DEFAULT NULL)
RETURNS bigint
LANGUAGE sql AS $$
    WITH queued AS (
        INSERT INTO notifications (kind, channel, recipient, customer_id, text, related,
            due, once_key)
        SELECT p_kind, ch.channel, ch.recipient, c.id, p_text, p_related,
               coalesce(p_due, now()), p_once_prefix || ':' || c.id
        FROM customers c, notification_channel(c) ch WHERE c.id = ANY (p_customers)
        ON CONFLICT (once_key) DO NOTHING
        RETURNING 1)
    SELECT count(*) FROM queued
$$;

-- One message to one customer. once_key makes it exactly-once: a second call with the
-- same key queues nothing and returns NULL. Returns the row's id.
CREATE OR REPLACE FUNCTION notification_queue(p_kind text, p_customer bigint,
    p_related text, p_text text, p_due timestamptz DEFAULT now(), p_once_key text DEFAULT NULL)
RETURNS bigint
LANGUAGE sql AS $$
    INSERT INTO notifications (kind, channel, recipient, customer_id, text, related, due,
        once_key)
    SELECT p_kind, ch.channel, ch.recipient, c.id, p_text, p_related, coalesce(p_due, now()),
           p_once_key
    FROM customers c, notification_channel(c) ch WHERE c.id = p_customer
    ON CONFLICT (once_key) DO NOTHING
    RETURNING id
$$;
