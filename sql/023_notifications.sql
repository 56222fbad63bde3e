-- 023_notifications.sql: the outbox of issue 14 (doc/domain.md, Telling customers).
-- A message to a customer is a row here, written in the same transaction as the change
-- that causes it (an appointment fixed, a unit ready, a complaint decided, a contract
-- expiring, a maintenance visit due, a recall), so none is lost and none is sent for a
-- change that rolled back. The delivery worker (server/notify.c) takes due rows with
-- FOR UPDATE SKIP LOCKED, one daemon per row, and records sent or failed.
-- Rows are queued by notification_queue() (sql/functions/65_notifications.sql).

-- Where a customer can be written to besides their phones; NULL: SMS only.
ALTER TABLE customers ADD COLUMN email text;

--   pending  waiting for its next attempt (next_attempt)
--   sent     handed to the transport, which took it
--   failed   every attempt refused; an operator retries it or calls the customer
--   handled  told by phone instead (handled_by, handled_at)
CREATE TABLE notifications (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind            text NOT NULL CHECK (kind IN ('appointment', 'ready_for_pickup',
                        'complaint_decision', 'contract_expiry', 'maintenance_due', 'recall')),
    channel         text NOT NULL CHECK (channel IN ('sms', 'email')),
    recipient       text NOT NULL,                      -- a phone or an e-mail address
    customer_id     bigint REFERENCES customers (id),
    text            text NOT NULL,                      -- in Chinese, as the customer reads it
    related         text,                               -- a ticket, complaint or recall no, a contract id
    due             timestamptz NOT NULL DEFAULT now(), -- to be sent by then
    state           text NOT NULL DEFAULT 'pending'
                    CHECK (state IN ('pending', 'sent', 'failed', 'handled')),
    attempts        integer NOT NULL DEFAULT 0,
    next_attempt    timestamptz NOT NULL DEFAULT now(),
    last_error      text,
    sent_at         timestamptz,
    handled_by      text REFERENCES users (login),
    handled_at      timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    -- What makes a sweep's notice exactly-once ("contract_expiry:42"); NULL: none.
    once_key        text UNIQUE
);
-- The worker's scan, and the queues of notification.list.
CREATE INDEX notifications_next ON notifications (next_attempt) WHERE state = 'pending';
CREATE INDEX notifications_state ON notifications (state, id);
CREATE INDEX notifications_related ON notifications (related);
