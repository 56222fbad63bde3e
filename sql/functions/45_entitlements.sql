-- functions/45_entitlements.sql: what a call about a unit would give the customer today,
-- for the call form's banner (unit.entitlements) and the units of the customer's file
-- (customer.get): the three guarantees with the days each has left, the warranty and
-- the contract with theirs, the service class, and the earlier repair a new one would
-- repeat (doc/domain.md, Service classes; Three guarantees and repeat repairs; Customer
-- file). Read by server/customer.c; call.register (server/call.c) decides its class with
-- unit_service_class, so the class rule stands once. After 40_guarantee.sql, whose
-- ticket_guarantee and repeat_of it calls.
--
-- Re-applied by `svcdeskd migrate` after the numbered migrations, every run: a
-- function or trigger is changed here, never restated in a migration.

-- The first day a unit bought on `bought` with `months` of warranty is no longer covered:
-- in warranty on day d while d < warranty_end (the class C rule).
CREATE OR REPLACE FUNCTION warranty_end(bought date, months int) RETURNS date
LANGUAGE sql IMMUTABLE AS $$
    SELECT (bought + make_interval(months => months))::date
$$;

-- The service class of a call about a unit on day (doc/domain.md, Service classes):
-- B while a maintenance contract runs (contract_end >= day, where contract_end is the
-- end of the unit's contract started by then: unit_contract_end in 30_records.sql), C in
-- warranty, else A. A call without a unit is D; call.register says so itself.
CREATE OR REPLACE FUNCTION unit_service_class(bought date, months int, contract_end date, day date)
RETURNS char
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN contract_end >= day THEN 'B'
                WHEN warranty_end(bought, months) > day THEN 'C'
                ELSE 'A' END
$$;

-- What a repair call (type B) registered now for a unit would carry, and what the
-- operator tells the caller. `unit` may be NULL for a unit not saved yet (its terms
-- only: no history, so no repeat and no "repaired twice").
--   refund, exchange, reason: ticket_guarantee as call.register would set it now;
--   refund_days_left, exchange_days_left: how many more days the right holds by the
--     purchase date (0: today is the last), NULL when it does not. Found by asking
--     ticket_guarantee (without the unit's history) for each of the coming days, so the
--     7 and the 15 stand in ticket_guarantee only. An exchange for two repairs without
--     a fix has no days left: it holds while the unit is in warranty (see reason);
--   warranty_until (the last day covered), warranty_days_left (negative once ended);
--   contract_end, contract_days_left (negative once ended; NULL without a contract);
--   service_class: unit_service_class on the day;
--   repeat_of: the ticket a repair call now would repeat (sql/008 repeat_of), with its
--     state, technician (login and name), registration and completion, and days_ago
--     since it was completed (or, not completed yet, registered); NULL when none;
--   repairs, repair_points: the unit's completed repairs and the service points they
--     were done from, every point counted (42_money.sql); certificates: its refund and
--     exchange certificates (ticket.guarantee). A unit not saved: 0, 0, [].
CREATE OR REPLACE FUNCTION unit_entitlements(unit bigint, bought date, months int, contract date)
RETURNS jsonb
LANGUAGE sql STABLE AS $$
    WITH today AS (SELECT current_date AS day),
    now_rights AS (SELECT ticket_guarantee('B', unit_entitlements.unit, bought, months, day,
        now()) AS g, ticket_guarantee('B', NULL, bought, months, day, now()) AS by_date
        FROM today),
    -- only while the purchase date gives a right today: an older unit asks nothing more
    by_date AS (SELECT d::date AS d, ticket_guarantee('B', NULL, bought, months, d::date,
        now()) AS g
        FROM today, now_rights, generate_series(day, day + 31, interval '1 day') AS d
        WHERE (by_date->>'refund')::boolean OR (by_date->>'exchange')::boolean),
    lasts AS (SELECT max(d) FILTER (WHERE (g->>'refund')::boolean) AS refund_until,
        max(d) FILTER (WHERE (g->>'exchange')::boolean) AS exchange_until FROM by_date),
    repeat AS (SELECT t.*, u.name AS technician_name
        FROM today, tickets t LEFT JOIN users u ON u.login = t.technician
        WHERE unit_entitlements.unit IS NOT NULL
          AND t.no = repeat_of(unit_entitlements.unit, today.day))
    SELECT jsonb_build_object(
        'day', day, 'days_since_purchase', day - bought,
        'refund', (g->>'refund')::boolean, 'exchange', (g->>'exchange')::boolean,
        'reason', g->'reason',
        'refund_days_left', refund_until - day, 'exchange_days_left', exchange_until - day,
        'warranty_until', warranty_end(bought, months) - 1,
        'warranty_days_left', warranty_end(bought, months) - 1 - day,
        'contract_end', contract, 'contract_days_left', contract - day,
        'service_class', unit_service_class(bought, months, contract, day),
        'repeat_of', (SELECT jsonb_build_object('no', r.no, 'state', r.state,
            'technician', r.technician, 'technician_name', r.technician_name,
            'created_at', iso_time(r.created_at), 'completed_at', iso_time(r.completed_at),
            'days_ago', day - coalesce(r.completed_at, r.created_at)::date)
            FROM repeat r),
        'repairs', coalesce(unit_repairs(unit_entitlements.unit), 0),
        'repair_points', coalesce(unit_repair_points(unit_entitlements.unit), 0),
        'certificates', coalesce(unit_certificates(unit_entitlements.unit), '[]'))
    FROM today, now_rights, lasts
$$;
