-- 013_followup.sql: the calls that are not the first (doc/domain.md, Notes and
-- handovers; Return visits): a return visit that did not reach the customer, and the
-- call-back it schedules. Filled by server/visit.c (visit.record, outcome unreachable);
-- read by server/ticket.c (the callbacks queue). Notes and handovers need no table of
-- their own: they are ticket events (server/ticket_note.c).
--
-- callback_at     when to call again after an unreachable attempt (the next working
--                 half-day, computed by the daemon from the business calendar:
--                 calendar_next_half_day in common/calendar.c); NULL when no call-back
--                 is waiting. While it is set, visit_due is the same time, so the
--                 to_visit queue orders the ticket by its call-back.
-- visit_attempts  unreachable attempts so far; the third closes the ticket
--                 (VISIT_ATTEMPTS_MAX in common/domain.h).
-- visit_outcome   how the return visit ended: done (the survey was recorded) or
--                 unreachable (closed after the third unreachable attempt); NULL before.
-- The ticket object carries all three (ticket_object in sql/functions/30_records.sql;
-- server/ticket_row.h TICKET_ROW lists the same members for ticket.list).
ALTER TABLE tickets
    ADD COLUMN callback_at    timestamptz,
    ADD COLUMN visit_attempts integer NOT NULL DEFAULT 0 CHECK (visit_attempts >= 0),
    ADD COLUMN visit_outcome  text CHECK (visit_outcome IN ('done', 'unreachable'));

-- The tickets closed by a return visit before this migration.
UPDATE tickets t SET visit_outcome = 'done'
WHERE t.state = 'closed' AND EXISTS (SELECT 1 FROM visits v WHERE v.ticket_no = t.no);

-- The callbacks queue: completed tickets waiting for a call-back, by its time.
CREATE INDEX tickets_callbacks ON tickets (callback_at, no)
    INCLUDE (created_at, technician, region)
    WHERE state = 'completed' AND callback_at IS NOT NULL;
