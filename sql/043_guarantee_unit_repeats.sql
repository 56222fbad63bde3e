-- 043_guarantee_unit_repeats.sql: the index of ticket_guarantee()'s "repaired twice"
-- (sql/functions/40_guarantee.sql) made one that no other query's plan can stand in for.
--
-- tickets_unit_repeats (008) held a unit's repeats, with the predicate of
-- tickets_repeats_created (041: every repeat of the centre, by created_at, for the
-- reports): a repair that is a repeat. So any query the first could answer, the second
-- could too, by walking every repeat of the centre newest first and filtering on the
-- unit; on statistics taken before the day's repeats the planner counted that walk as one
-- row and took it (issue 17: 10,000 buffers a registration after 132,000 registrations).
--
-- The new index holds a unit's completed repeats, the only ones "repaired twice" counts,
-- and says "a repeat" as coalesce(repeat_of, '') <> '' (repeat_of is a ticket number,
-- never empty): that does not imply repeat_of IS NOT NULL to the planner, so a query
-- stating it (the guarantee) is not one tickets_repeats_created can answer. A
-- registration writes nothing to it (a new ticket is not completed); completing a repeat,
-- one entry (doc/architecture.md, "What a registration's indexes and triggers cost").
DROP INDEX tickets_unit_repeats;
CREATE INDEX tickets_unit_completed_repeats ON tickets (unit_id, created_at)
    WHERE type = 'B' AND state IN ('completed', 'closed') AND coalesce(repeat_of, '') <> '';
