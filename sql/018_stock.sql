-- 018_stock.sql: the stock ledger (issue #13, doc/domain.md, Parts and stock): every
-- movement of a part at a service point, one row each: received (stock.receive), issued
-- on a repair (ticket.repair, with its ticket), corrected after a count (stock.correct,
-- with its reason), or the opening balance of stock that was there before the ledger.
-- part_stock is the ledger's running total: the ledger's trigger
-- (sql/functions/55_stock.sql) applies each row to it under the stock row's lock and
-- writes the balance after it into the row, so a movement and its row are one write.
CREATE TABLE stock_ledger (
    id          bigserial PRIMARY KEY,
    at          timestamptz NOT NULL DEFAULT now(),
    service_point_id bigint NOT NULL REFERENCES service_points (id),
    part_no     text NOT NULL REFERENCES parts (part_no),
    kind        text NOT NULL CHECK (kind IN ('receive', 'issue', 'correct', 'opening')),
    delta       integer NOT NULL,                 -- + in, - out
    balance     integer NOT NULL CHECK (balance >= 0),   -- the stock after it
    actor       text REFERENCES users (login),    -- NULL: the system (opening)
    reason      text NOT NULL DEFAULT '',         -- a receipt's note, a correction's why
    ticket_no   text REFERENCES tickets (no),     -- the repair an issue was for
    CHECK (kind <> 'correct' OR btrim(reason) <> ''),
    CHECK ((kind = 'issue') = (ticket_no IS NOT NULL)),
    CHECK (kind <> 'receive' OR delta > 0),
    CHECK (kind <> 'issue' OR delta < 0)
);
-- stock.ledger's pages: a point's or a part's movements, newest first.
CREATE INDEX stock_ledger_point ON stock_ledger (service_point_id, id);
CREATE INDEX stock_ledger_part ON stock_ledger (part_no, id);

-- The stock already there: its opening balance (the trigger does not exist yet when
-- this runs the first time, and a migration runs once).
INSERT INTO stock_ledger (service_point_id, part_no, kind, delta, balance, reason)
SELECT service_point_id, part_no, 'opening', qty, qty, 'stock before the ledger'
FROM part_stock WHERE qty > 0 ORDER BY service_point_id, part_no;
