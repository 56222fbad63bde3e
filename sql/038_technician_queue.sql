-- 038_technician_queue.sql: a technician's `mine` queue (issue 17). ticket.list reads a
-- technician's own open tickets in deadline order from these indexes alone, the
-- technician their first column, so a page reads only that technician's tickets, where
-- the shared deadline indexes (tickets_due, tickets_state_due) made the carried-over
-- branch scan every new ticket of earlier days and the other branch filter everyone's
-- open work by technician.
-- The deadline order of a technician's open work: partial on the open states
-- (common/queues.h, TICKET_OPEN_STATES: the same list, which the queue's condition
-- repeats, so the planner can prove the index covers it): a technician's finished
-- tickets, years of them, are not in it.
CREATE INDEX tickets_technician_open ON tickets (technician, due, no)
    INCLUDE (state, created_at, region)
    WHERE technician IS NOT NULL
      AND state IN ('new', 'dispatched', 'on_site', 'in_shop', 'repaired', 'inspected');
-- The carried-over branch (new tickets of earlier days) of a technician's page. Empty:
-- only ticket.dispatch sets a technician, and it leaves the ticket dispatched. It costs
-- nothing, and the planner, which cannot know that no new ticket has a technician, would
-- otherwise read every new ticket of earlier days to find one of theirs (the queue's
-- 200 ms on the bench data).
CREATE INDEX tickets_technician_new ON tickets (technician, due, no)
    INCLUDE (created_at, region)
    WHERE technician IS NOT NULL AND state = 'new';
