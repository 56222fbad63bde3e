-- functions/50_repair.sql: charges for paid repairs and who may waive them.
--
-- Re-applied by `svcdeskd migrate` after the numbered migrations, every run: a
-- function or trigger is changed here, never restated in a migration.

CREATE OR REPLACE FUNCTION labour_fee(minutes int) RETURNS bigint
LANGUAGE sql STABLE AS $$
    SELECT CASE WHEN minutes <= 0 THEN 0 ELSE coalesce(
        (SELECT fee FROM labour_prices WHERE up_to_minutes >= minutes
         ORDER BY up_to_minutes LIMIT 1),
        (SELECT fee FROM labour_prices ORDER BY up_to_minutes DESC LIMIT 1), 0) END
$$;

-- What a class A card charges, in fen: parts at list price, the markup on the parts
-- (0..16 percent) rounded half up to the fen, labour from the price list.
CREATE OR REPLACE FUNCTION repair_charges(parts bigint, labour bigint, markup_percent int) RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
    SELECT jsonb_build_object('parts', parts, 'labour', labour,
        'markup_percent', markup_percent, 'markup', (parts * markup_percent + 50) / 100,
        'total', parts + (parts * markup_percent + 50) / 100 + labour)
$$;

-- Who may approve, with their limits (NULL: no limit): a supervisor is a dispatcher
-- (2 a month, 400 yuan each); a regional manager is a manager with a region (1 a month,
-- 300 yuan each); the after-sales manager is a manager of the aftersales department
-- without a region (no limit). Anyone else: no row.
CREATE OR REPLACE FUNCTION free_approval_limits(login text)
RETURNS TABLE (title text, per_month int, per_approval bigint)
LANGUAGE sql STABLE AS $$
    SELECT CASE WHEN u.role = 'dispatcher' THEN 'supervisor'
                WHEN u.region IS NOT NULL THEN 'regional manager'
                ELSE 'after-sales manager' END,
           CASE WHEN u.role = 'dispatcher' THEN 2
                WHEN u.region IS NOT NULL THEN 1 END,
           CASE WHEN u.role = 'dispatcher' THEN 40000::bigint
                WHEN u.region IS NOT NULL THEN 30000::bigint END
    FROM users u
    WHERE u.login = $1 AND u.active AND (u.role = 'dispatcher' OR (u.role = 'manager'
          AND (u.region IS NOT NULL OR u.department = 'aftersales')))
$$;
