-- 008_unit_history.sql: call.register reads a unit's history for repeat_of and the
-- "repaired twice without a fix" guarantee (007). Both read the unit's tickets newest
-- first and stop at the first that qualifies; written as in 007 they read every ticket
-- the unit ever had when none does (the window was a filter on created_at::date, not an
-- index condition, and nothing narrowed the search to repeats). A unit with a long
-- history (a contract customer's, or the bench's 500 a unit) made each registration
-- read hundreds of pages. Same results; only the way to them changes. In PL/pgSQL, whose
-- statements keep their plans for the session, where a SQL function with a WITH is
-- planned again on every call.

-- Repeat repairs of a unit, newest first: the only tickets "twice" looks at.
CREATE INDEX tickets_unit_repeats ON tickets (unit_id, created_at)
    WHERE repeat_of IS NOT NULL AND type = 'B';

-- created_at::date >= d is created_at >= d at midnight in the session's zone, which an
-- index on (unit_id, created_at) can start from.
CREATE OR REPLACE FUNCTION repeat_of(unit bigint, day date) RETURNS text
LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN (SELECT t.no FROM tickets t
    WHERE t.unit_id = unit AND t.type = 'B' AND t.state <> 'cancelled'
      AND t.created_at >= (day - coalesce(
          (SELECT (value #>> '{}')::int FROM settings WHERE key = 'repeat_window_days'),
          90))::timestamptz
    ORDER BY t.created_at DESC, t.no DESC LIMIT 1);
END
$$;

CREATE OR REPLACE FUNCTION ticket_guarantee(ticket_type char, unit_id bigint,
    purchase_date date, warranty_months int, day date, registered timestamptz) RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN (WITH age AS (SELECT day - purchase_date AS days),
    twice AS (
        SELECT later.repeat_of AS first, later.no AS second
        FROM tickets later JOIN tickets earlier ON earlier.no = later.repeat_of
        WHERE later.unit_id = ticket_guarantee.unit_id AND later.type = 'B'
          AND later.repeat_of IS NOT NULL          -- tickets_unit_repeats
          AND earlier.type = 'B' AND later.created_at < registered
          AND later.state IN ('completed', 'closed')
          AND earlier.state IN ('completed', 'closed')
          AND purchase_date + make_interval(months => warranty_months) > day
        ORDER BY later.created_at DESC LIMIT 1),
    flags AS (
        SELECT coalesce(ticket_type = 'B' AND days BETWEEN 0 AND 7, false) AS refund,
               coalesce(ticket_type = 'B' AND days BETWEEN 0 AND 15, false) AS early,
               ticket_type = 'B' AND EXISTS (SELECT 1 FROM twice) AS twice,
               days
        FROM age)
    SELECT jsonb_build_object('refund', refund, 'exchange', early OR twice, 'reason',
        nullif(concat_ws('; ',
            CASE WHEN refund THEN format('bought %s days ago: refund or exchange (7 days)', days)
                 WHEN early THEN format('bought %s days ago: exchange (15 days)', days)
            END,
            (SELECT format('in warranty and repaired twice without a fix (%s, %s): exchange',
                first, second) FROM twice WHERE flags.twice)), ''))
    FROM flags);
END
$$;
