-- 038_technician_queue.sql: a technician's `mine` queue (issue 17). ticket.list reads a
-- technician's own open tickets in deadline order from this index alone: the technician
-- is its first column, so a page starts at that technician's first (due, no) and reads
-- only their tickets, where the shared deadline indexes (tickets_due, tickets_state_due)
-- made the carried-over branch scan every new ticket of earlier days (none of them a
-- technician's: only ticket.dispatch sets one, and it leaves the ticket dispatched) and
-- the other branch filter everyone's open work by technician. Partial on the open states
-- (common/queues.h, TICKET_OPEN_STATES: the same list, which the queue's condition
-- repeats, so the planner can prove the index covers it): a technician's finished
-- tickets, years of them, are not in it.
CREATE INDEX tickets_technician_open ON tickets (technician, due, no)
    INCLUDE (state, created_at, region)
    WHERE technician IS NOT NULL
      AND state IN ('new', 'dispatched', 'on_site', 'in_shop', 'repaired', 'inspected');
