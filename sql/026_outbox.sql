-- 026_outbox.sql: delivering the outbox of sql/023_notifications.sql (issue 14, slice 1;
-- doc/domain.md, Telling customers; doc/architecture.md, The delivery worker).
-- The worker (server/notify.c) retries a refused message with a backoff that doubles
-- after each attempt, and gives up (failed) after the last one: both are settings
-- (common/settings.c holds their ranges).
INSERT INTO settings (key, value) VALUES
    ('notify_max_attempts', '5'),            -- attempts before a message is failed
    ('notify_backoff_seconds', '60')         -- wait after the first refusal, doubled each time
ON CONFLICT (key) DO NOTHING;

-- What the operator noted when they told the customer by phone instead
-- (notification.handled).
ALTER TABLE notifications ADD COLUMN handled_note text;
