-- 035_report_summaries.sql: what the ticket reports read, kept on the ticket itself, so
-- that a month's or a year's report reads one index of the tickets registered in the
-- period and nothing else (issue 15, "Fast on a year of a large centre";
-- doc/architecture.md, Reports: why; sql/functions/93_report_summaries.sql keeps them).
--
-- report.kpi judged each ticket of the period by its first ticket.arrive event (on time
-- or not) and its first return visit (satisfied or not): two index probes per ticket,
-- about 15 s for a year of a million tickets. These two columns are those answers,
-- written by the write path in the same transaction as the event or the visit (triggers:
-- an arrive event, a visit written or changed), so they never differ from the detail
-- (tests/integration/test_report_summaries.c checks after each kind of write). NULL: no
-- arrival, no visit yet.
ALTER TABLE tickets
    ADD COLUMN first_arrival_on_time boolean,
    ADD COLUMN first_visit_satisfied boolean,
    -- The repair card's coded cause (report.pareto by cause), as a column so that an
    -- index can carry it: an index on the expression cannot be read without the table.
    ADD COLUMN cause_code text GENERATED ALWAYS AS (repair->>'cause_code') STORED;

-- The tickets there are already: the same answers from the detail.
UPDATE tickets t SET first_arrival_on_time = (SELECT (e.details->>'on_time')::boolean
    FROM ticket_events e WHERE e.ticket_no = t.no AND e.kind = 'arrive' ORDER BY e.id LIMIT 1)
WHERE EXISTS (SELECT 1 FROM ticket_events e WHERE e.ticket_no = t.no AND e.kind = 'arrive');
UPDATE tickets t SET first_visit_satisfied = (SELECT v.satisfied FROM visits v
    WHERE v.ticket_no = t.no ORDER BY v.id LIMIT 1)
WHERE EXISTS (SELECT 1 FROM visits v WHERE v.ticket_no = t.no);

-- The tickets registered in a period with every column the ticket KPIs, the monthly
-- pack's repairs and report.pareto by cause and by model read: an index-only scan of the
-- period's range (sql/functions/90_reports.sql).
CREATE INDEX tickets_report ON tickets (created_at)
    INCLUDE (type, region, unit_id, completed_at, repeat_of, first_arrival_on_time,
        first_visit_satisfied, cause_code);
-- report.pareto by cause read the expression index of 030_causes.sql; tickets_report
-- serves it now.
DROP INDEX tickets_cause_created;
