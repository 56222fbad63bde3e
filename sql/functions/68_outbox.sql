-- functions/68_outbox.sql: the messages the changes of a ticket or a complaint queue for the
-- customer (issue 14; doc/domain.md, Telling customers), and their Chinese text, written
-- once here. Each is queued by notification_queue() (functions/65_notifications.sql) from
-- a trigger on the changed ticket or complaint, so in the same transaction as the change,
-- whatever op made it: a change that rolls back takes its message with it.
--
-- Re-applied by `svcdeskd migrate` after the numbered migrations, every run: a
-- function or trigger is changed here, never restated in a migration.

-- A time as the customer reads it: the centre's time zone (setting time_zone), to the minute.
CREATE OR REPLACE FUNCTION outbox_local_time(t timestamptz) RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT to_char(t AT TIME ZONE coalesce((SELECT value #>> '{}' FROM settings
        WHERE key = 'time_zone'), 'Asia/Shanghai'), 'YYYY"年"FMMM"月"FMDD"日" HH24:MI')
$$;

-- The text of each kind this file queues: the number, what happened, what to do.
CREATE OR REPLACE FUNCTION outbox_text(p_kind text, p_no text, p_at timestamptz DEFAULT NULL)
RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT CASE p_kind
        WHEN 'appointment' THEN '【售后服务】您的服务单 ' || p_no || ' 已约定上门时间：'
            || outbox_local_time(p_at) || '。如需改约，请致电客服中心。'
        WHEN 'ready_for_pickup' THEN '【售后服务】您送修的产品（服务单 ' || p_no
            || '）已修好并检验合格，请携带取机单到服务网点取回。'
        WHEN 'complaint_decision' THEN '【售后服务】您的投诉 ' || p_no
            || ' 已有处理决定，客服人员将与您联系说明；如有疑问请致电客服中心。'
    END
$$;

-- A ticket's change: an appointment agreed (call.register with one, ticket.appoint: each new
-- time), a workshop repair that passed inspection with the unit still in the shop (an open
-- ledger line: it waits for the customer). The WHEN clauses keep every other insert and
-- update of a ticket free of any call.
CREATE OR REPLACE FUNCTION outbox_ticket_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_ARGV[0] = 'appointment' THEN
        PERFORM notification_queue('appointment', NEW.customer_id, NEW.no,
            outbox_text('appointment', NEW.no, NEW.appointment));
    ELSIF EXISTS (SELECT 1 FROM shop_ledger l WHERE l.ticket_no = NEW.no AND l.out_at IS NULL)
    THEN
        PERFORM notification_queue('ready_for_pickup', NEW.customer_id, NEW.no,
            outbox_text('ready_for_pickup', NEW.no));
    END IF;
    RETURN NULL;
END
$$;

CREATE OR REPLACE TRIGGER outbox_ticket_created AFTER INSERT ON tickets
    FOR EACH ROW WHEN (NEW.appointment IS NOT NULL)
    EXECUTE FUNCTION outbox_ticket_changed('appointment');
CREATE OR REPLACE TRIGGER outbox_ticket_appointed AFTER UPDATE OF appointment ON tickets
    FOR EACH ROW WHEN (NEW.appointment IS NOT NULL
        AND NEW.appointment IS DISTINCT FROM OLD.appointment)
    EXECUTE FUNCTION outbox_ticket_changed('appointment');
CREATE OR REPLACE TRIGGER outbox_ticket_inspected AFTER UPDATE OF state ON tickets
    FOR EACH ROW WHEN (NEW.state = 'inspected' AND OLD.state <> 'inspected')
    EXECUTE FUNCTION outbox_ticket_changed('ready_for_pickup');

-- A complaint's decision: the manager approved what the customer is to be told.
CREATE OR REPLACE FUNCTION outbox_complaint_approved() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM notification_queue('complaint_decision', NEW.customer_id, NEW.no,
        outbox_text('complaint_decision', NEW.no));
    RETURN NULL;
END
$$;

CREATE OR REPLACE TRIGGER outbox_complaint_approved AFTER UPDATE OF state ON complaints
    FOR EACH ROW WHEN (NEW.state = 'approved' AND OLD.state <> 'approved')
    EXECUTE FUNCTION outbox_complaint_approved();

-- One row as notification.list shows it.
CREATE OR REPLACE FUNCTION notification_json(n notifications) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object('id', n.id, 'kind', n.kind, 'channel', n.channel,
        'to', n.recipient, 'customer_id', n.customer_id, 'text', n.text,
        'due', iso_time(n.due), 'state', n.state, 'attempts', n.attempts,
        'next_attempt', iso_time(n.next_attempt), 'last_error', n.last_error,
        'sent_at', iso_time(n.sent_at), 'handled_by', n.handled_by,
        'handled_at', iso_time(n.handled_at), 'related', n.related)
$$;
