-- functions/42_money.sql: the three guarantees' certificates and a unit's repairs counted
-- across service points (doc/domain.md, Three guarantees and repeat repairs), read by
-- ticket.guarantee (server/money.c) and by unit_entitlements (45_entitlements.sql, the
-- customer's file and the call form), which is why this file comes before it.
--
-- Re-applied by `svcdeskd migrate` after the numbered migrations, every run: a
-- function or trigger is changed here, never restated in a migration.

-- A certificate's number: RF (refund) or EX (exchange), YYMMDD of the day, then the
-- year's running count of that kind, at least 4 digits: RF2612060001.
CREATE OR REPLACE FUNCTION certificate_number(kind text) RETURNS text
LANGUAGE sql VOLATILE AS $$
    SELECT CASE kind WHEN 'refund' THEN 'RF' ELSE 'EX' END || to_char(now(), 'YYMMDD')
        || lpad(n::text, greatest(4, length(n::text)), '0')
    FROM yearly_count(kind, extract(year FROM now())::int) AS n
$$;

-- The unit's completed repairs (type B tickets completed or closed), whoever did them
-- and from whichever service point: the count the "repaired twice" exchange follows.
CREATE OR REPLACE FUNCTION unit_repairs(unit bigint) RETURNS integer
LANGUAGE sql STABLE AS $$
    SELECT count(*)::int FROM tickets t
    WHERE t.unit_id = unit AND t.type = 'B' AND t.state IN ('completed', 'closed')
$$;

-- The service points the unit's completed repairs were done from (their technicians'
-- points), for the file's line "repaired 2 times at 2 service points".
CREATE OR REPLACE FUNCTION unit_repair_points(unit bigint) RETURNS integer
LANGUAGE sql STABLE AS $$
    SELECT count(DISTINCT u.service_point_id)::int FROM tickets t
    JOIN users u ON u.login = t.technician
    WHERE t.unit_id = unit AND t.type = 'B' AND t.state IN ('completed', 'closed')
$$;

-- The unit's certificates, oldest first: [{no, kind, ticket_no, decided_at}].
CREATE OR REPLACE FUNCTION unit_certificates(unit bigint) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT coalesce(jsonb_agg(jsonb_build_object('no', g.no, 'kind', g.kind,
        'ticket_no', g.ticket_no, 'decided_at', iso_time(g.decided_at))
        ORDER BY g.decided_at, g.no), '[]')
    FROM guarantee_certificates g WHERE g.unit_id = unit
$$;
