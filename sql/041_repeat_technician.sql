-- 041_repeat_technician.sql: a repeat repair carries the technician it counts against
-- (the earlier ticket's, doc/domain.md "Repeat repairs"), so that report.repeats reads one
-- small index instead of a heap page per repeat and a key probe per earlier ticket
-- (issue 15, "Fast on a year of a large centre"; doc/architecture.md, Reports).
--
-- report.repeats for a year of a million tickets (16,000 repeats) read 14,000 pages of
-- the tickets table for the repeats and 16,000 primary-key probes for the earlier
-- tickets: 125 ms at the median on a warm cache and up to 1.8 s when those pages had
-- left memory (the year's p99 aim is 1 s). The copy is kept by the write path, in the
-- same transaction (sql/functions/40_guarantee.sql: set when the repeat is registered,
-- moved when the earlier ticket's technician changes), so it is as true as the join.
ALTER TABLE tickets ADD COLUMN repeat_technician text;

UPDATE tickets t SET repeat_technician = p.technician FROM tickets p
WHERE p.no = t.repeat_of AND t.repeat_of IS NOT NULL AND p.technician IS NOT NULL;

-- The old index on (created_at) of repeats, now covering the technician: report.repeats
-- is an index-only scan. repeat_of is only ever set on a repair (type B).
DROP INDEX tickets_repeats_created;
CREATE INDEX tickets_repeats_created ON tickets (created_at) INCLUDE (repeat_technician)
    WHERE type = 'B' AND repeat_of IS NOT NULL;
