-- 008_unit_history.sql: call.register reads a unit's history for repeat_of and the
-- "repaired twice without a fix" guarantee (007). Both read the unit's tickets newest
-- first and stop at the first that qualifies; written as in 007 they read every ticket
-- the unit ever had when none does (the window was a filter on created_at::date, not an
-- index condition, and nothing narrowed the search to repeats). A unit with a long
-- history (a contract customer's, or the bench's 500 a unit) made each registration
-- read hundreds of pages. Same results; only the way to them changes. In PL/pgSQL, whose
-- statements keep their plans for the session, where a SQL function with a WITH is
-- planned again on every call.
-- The functions and triggers it first made are in sql/functions/ (re-applied by every
-- migrate; doc/deployment.md).

-- Repeat repairs of a unit, newest first: the only tickets "twice" looks at.
CREATE INDEX tickets_unit_repeats ON tickets (unit_id, created_at)
    WHERE repeat_of IS NOT NULL AND type = 'B';

