-- functions/65_notifications.sql: queueing a message to a customer in the outbox
-- (sql/023_notifications.sql; doc/domain.md, Telling customers).
--
-- Re-applied by `svcdeskd migrate` after the numbered migrations, every run: a
-- function or trigger is changed here, never restated in a migration.

-- The customer's channel: e-mail when they gave an address, else SMS to their first
-- mobile phone (11 digits starting 1), else to their first phone. Call it inside the
-- transaction of the change it tells about. once_key makes it exactly-once: a second
-- call with the same key queues nothing and returns NULL. Returns the row's id.
CREATE OR REPLACE FUNCTION notification_queue(p_kind text, p_customer bigint,
    p_related text, p_text text, p_due timestamptz DEFAULT now(), p_once_key text DEFAULT NULL)
RETURNS bigint
LANGUAGE sql AS $$
    INSERT INTO notifications (kind, channel, recipient, customer_id, text, related, due,
        once_key)
    SELECT p_kind,
           CASE WHEN c.email IS NOT NULL AND c.email <> '' THEN 'email' ELSE 'sms' END,
           coalesce(nullif(c.email, ''),
                    (SELECT p FROM unnest(c.phones) p WHERE p ~ '^1[0-9]{10}$' LIMIT 1),
                    c.phones[1]),
           c.id, p_text, p_related, coalesce(p_due, now()), p_once_key
    FROM customers c WHERE c.id = p_customer
    ON CONFLICT (once_key) DO NOTHING
    RETURNING id
$$;
