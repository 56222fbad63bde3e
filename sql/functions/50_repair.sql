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
-- (0 to the setting markup_cap_percent, checked by ticket.complete in server/repair.c)
-- rounded half up to the fen, labour from the price list.
CREATE OR REPLACE FUNCTION repair_charges(parts bigint, labour bigint, markup_percent int) RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
    SELECT jsonb_build_object('parts', parts, 'labour', labour,
        'markup_percent', markup_percent, 'markup', (parts * markup_percent + 50) / 100,
        'total', parts + (parts * markup_percent + 50) / 100 + labour)
$$;

-- Who may approve, with their limits (NULL: no limit) from approval_limits
-- (017_policies.sql, set by policy.set): a supervisor is a dispatcher; a regional manager
-- is a manager with a region; the after-sales manager is a manager of the aftersales
-- department without a region. Anyone else, or a role whose per_month is 0: no row.
-- title: the role in words, for the refusals of server/repair.c.
CREATE OR REPLACE FUNCTION free_approval_limits(login text)
RETURNS TABLE (title text, per_month int, per_approval bigint)
LANGUAGE sql STABLE AS $$
    SELECT replace(replace(l.role, 'aftersales', 'after-sales'), '_', ' '),
           l.per_month, l.max_amount
    FROM users u JOIN approval_limits l ON l.role = CASE WHEN u.role = 'dispatcher'
        THEN 'supervisor' WHEN u.region IS NOT NULL THEN 'regional_manager'
        ELSE 'aftersales_manager' END
    WHERE u.login = $1 AND u.active AND (u.role = 'dispatcher' OR (u.role = 'manager'
          AND (u.region IS NOT NULL OR u.department = 'aftersales')))
      AND coalesce(l.per_month, 1) > 0
$$;
