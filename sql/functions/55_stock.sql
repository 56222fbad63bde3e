-- functions/55_stock.sql: the stock ledger keeps part_stock (sql/018_stock.sql).
--
-- Re-applied by `svcdeskd migrate` after the numbered migrations, every run: a
-- function or trigger is changed here, never restated in a migration.

-- Every ledger row is a movement applied to the stock of its point and part, under
-- that stock row's lock: a receipt or an issue gives delta and gets the balance after
-- it; a correction gives the counted balance and gets the delta. A balance below zero
-- breaks part_stock's and the ledger's CHECK: the whole statement fails, so no movement
-- and no row. Writers insert here, never into part_stock (stock.receive, stock.correct
-- in server/parts.c, ticket.repair in server/repair.c).
CREATE OR REPLACE FUNCTION stock_ledger_apply() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    have integer;
BEGIN
    INSERT INTO part_stock (service_point_id, part_no, qty)
    VALUES (NEW.service_point_id, NEW.part_no, 0) ON CONFLICT DO NOTHING;
    SELECT qty INTO have FROM part_stock
     WHERE service_point_id = NEW.service_point_id AND part_no = NEW.part_no FOR UPDATE;
    IF NEW.kind = 'correct' THEN
        NEW.delta := NEW.balance - have;
    ELSE
        NEW.balance := have + NEW.delta;
    END IF;
    UPDATE part_stock SET qty = NEW.balance, updated_at = now()
     WHERE service_point_id = NEW.service_point_id AND part_no = NEW.part_no;
    RETURN NEW;
END
$$;

CREATE OR REPLACE TRIGGER stock_ledger_apply BEFORE INSERT ON stock_ledger
    FOR EACH ROW EXECUTE FUNCTION stock_ledger_apply();

-- One ledger row as stock.ledger shows it.
CREATE OR REPLACE FUNCTION stock_move_json(l stock_ledger) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object('id', l.id, 'at', iso_time(l.at),
        'service_point_id', l.service_point_id,
        'service_point', (SELECT name FROM service_points WHERE id = l.service_point_id),
        'part_no', l.part_no, 'name', (SELECT name FROM parts WHERE part_no = l.part_no),
        'kind', l.kind, 'delta', l.delta, 'balance', l.balance, 'by', l.actor,
        'reason', l.reason, 'ticket_no', l.ticket_no)
$$;
