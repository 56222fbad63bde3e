-- 036_record_ticket_dates.sql: the records a ticket's report sections read (its return
-- visits, the parts fitted, its shop receipts) carry the registration time of their
-- ticket, and a complaint's stages and responsibility shares the registration time of
-- their complaint, so that the monthly pack reads each record table's own range of the
-- month instead of joining a month of tickets or complaints to a year of records (issue
-- 15, "Fast on a year of a large centre"; doc/architecture.md, Reports).
--
-- report.monthly took 540 ms (p50) on a year of a million tickets against an aim of
-- 200 ms: its satisfaction part read every visit since the month began and sorted them
-- by ticket number to find each ticket's first; parts probed ticket_parts per ticket;
-- repairs read each repair ticket's row for its class and card, and every shop receipt
-- ever written. A ticket's registration time never changes, so a copy of it on the
-- record is as true as the join (sql/functions/93_report_summaries.sql writes it, before
-- the row is inserted, whatever inserts it); `first_visit` marks a ticket's first visit,
-- the one the reports judge it by. On a year of a million tickets this migration took
-- five minutes (adding labour_minutes rewrites the tickets table).
ALTER TABLE visits ADD COLUMN ticket_created_at timestamptz,
    ADD COLUMN first_visit boolean NOT NULL DEFAULT false;
ALTER TABLE ticket_parts ADD COLUMN ticket_created_at timestamptz;
ALTER TABLE shop_ledger ADD COLUMN ticket_created_at timestamptz;
ALTER TABLE complaint_stages ADD COLUMN complaint_created_at timestamptz;
ALTER TABLE complaint_shares ADD COLUMN complaint_created_at timestamptz;

UPDATE visits v SET ticket_created_at = t.created_at,
    first_visit = (v.id = (SELECT min(f.id) FROM visits f WHERE f.ticket_no = v.ticket_no))
FROM tickets t WHERE t.no = v.ticket_no;
UPDATE ticket_parts p SET ticket_created_at = t.created_at FROM tickets t
WHERE t.no = p.ticket_no;
UPDATE shop_ledger s SET ticket_created_at = t.created_at FROM tickets t
WHERE t.no = s.ticket_no;
UPDATE complaint_stages s SET complaint_created_at = c.created_at FROM complaints c
WHERE c.no = s.complaint_no;
UPDATE complaint_shares s SET complaint_created_at = c.created_at FROM complaints c
WHERE c.no = s.complaint_no;

ALTER TABLE visits ALTER COLUMN ticket_created_at SET NOT NULL;
ALTER TABLE ticket_parts ALTER COLUMN ticket_created_at SET NOT NULL;
ALTER TABLE shop_ledger ALTER COLUMN ticket_created_at SET NOT NULL;
ALTER TABLE complaint_stages ALTER COLUMN complaint_created_at SET NOT NULL;
ALTER TABLE complaint_shares ALTER COLUMN complaint_created_at SET NOT NULL;

-- Each an index-only scan of the period (sql/functions/90_reports.sql).
CREATE INDEX visits_first_report ON visits (ticket_created_at)
    INCLUDE (satisfied, score, attitude, skill, punctuality, promise, complaint_no)
    WHERE first_visit;
CREATE INDEX ticket_parts_report ON ticket_parts (ticket_created_at)
    INCLUDE (part_no, ticket_no, qty, price);
CREATE INDEX shop_ledger_report ON shop_ledger (ticket_created_at) INCLUDE (ticket_no);
CREATE INDEX complaint_stages_report ON complaint_stages (complaint_created_at)
    INCLUDE (complaint_no, seq, finished_at, due);
CREATE INDEX complaint_shares_report ON complaint_shares (complaint_created_at)
    INCLUDE (complaint_no, department, login, percent, penalty_fen);

-- The repairs part reads the class and the card's labour minutes of the month's
-- tickets: the ticket report index carries them too.
ALTER TABLE tickets ADD COLUMN labour_minutes integer
    GENERATED ALWAYS AS ((repair->>'labour_minutes')::integer) STORED;
DROP INDEX tickets_report;
CREATE INDEX tickets_report ON tickets (created_at)
    INCLUDE (type, region, unit_id, completed_at, repeat_of, first_arrival_on_time,
        first_visit_satisfied, cause_code, service_class, labour_minutes);

-- report_month_complaints takes the month's KPIs now (sql/functions/90_reports.sql), so
-- that the pack counts the complaints' replies and closings once; the old form goes.
DROP FUNCTION IF EXISTS report_month_complaints(date, date);

-- report.pareto by cause reads the repair tickets with a coded cause only: their own
-- narrow index, a third of tickets_report's rows and a quarter of its width.
CREATE INDEX tickets_cause_report ON tickets (created_at) INCLUDE (cause_code)
    WHERE type = 'B' AND cause_code IS NOT NULL;
-- report_month_satisfaction counts the month's unreachable tickets: a handful.
CREATE INDEX tickets_unreachable ON tickets (created_at) WHERE visit_outcome = 'unreachable';
