-- functions/75_customer_file.sql: a customer's whole file as the protocol's JSON text,
-- for customer.get (server/customer.c) and lookup.open (server/lookup.c), which reads it
-- in the statement that uses the look-up up: never one without the other. Re-applied by
-- every `svcdeskd migrate`.
--
-- The customer object with four members spliced in as text: every unit with what a call
-- about it would give today (unit_entitlements, 45_entitlements.sql), every ticket
-- (newest first, the flat ticket objects joined here rather than one sub-select per
-- ticket), every complaint, and every contract of its units (contract_json,
-- 66_contracts.sql), newest first. As text because the tickets of a long-standing
-- customer run to megabytes, which a jsonb round trip would double (measured: 2,000
-- tickets 130 ms as jsonb, 85 as text). customer_json's text always ends with its
-- closing brace.
CREATE OR REPLACE FUNCTION customer_file_text(c customers) RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT left(customer_json(c)::text, -1)
        || ', "units": ' || (SELECT coalesce(jsonb_agg(unit_json(u) ||
            jsonb_build_object('entitlements', unit_entitlements(u.id, u.purchase_date,
            u.warranty_months, unit_contract_end(u.id))) ORDER BY u.id), '[]')::text
            FROM units u WHERE u.customer_id = c.id)
        || ', "tickets": ' || (SELECT coalesce(json_agg(ticket_object(t,
            customer_object(cu), unit_object(u)) ORDER BY t.created_at DESC, t.no DESC),
            '[]')::text FROM tickets t JOIN customers cu ON cu.id = t.customer_id
            LEFT JOIN units u ON u.id = t.unit_id WHERE t.customer_id = c.id)
        || ', "complaints": ' || (SELECT coalesce(jsonb_agg(complaint_json(k)
            ORDER BY k.created_at DESC, k.no DESC), '[]')::text
            FROM complaints k WHERE k.customer_id = c.id)
        || ', "contracts": ' || (SELECT coalesce(jsonb_agg(contract_json(k)
            ORDER BY k.starts DESC, k.id DESC), '[]')::text FROM contracts k
            JOIN units u ON u.id = k.unit_id WHERE u.customer_id = c.id) || '}'
$$;
