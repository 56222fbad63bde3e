-- 006_repair.sql: the workshop and the money of a repair (doc/domain.md, Repair card):
-- take-back receipts and the in/out ledger, the parts catalogue with stock per service
-- point, the parts fitted per ticket, the labour price list, and the monthly counts of
-- free-service approvals. Filled by server/repair.c, server/parts.c, server/workshop.c.
-- The functions and triggers it first made are in sql/functions/ (re-applied by every
-- migrate; doc/deployment.md).

-- The in/out ledger (客户商品进出登记簿): a line when a unit is taken back into the shop,
-- its out time (and the receipt voided) when it goes back to the customer.
CREATE TABLE shop_ledger (
    receipt_no  text PRIMARY KEY,
    ticket_no   text NOT NULL REFERENCES tickets (no),
    technician  text NOT NULL REFERENCES users (login),
    in_at       timestamptz NOT NULL DEFAULT now(),
    out_at      timestamptz,
    void        boolean NOT NULL DEFAULT false,   -- the receipt was taken back at return
    note        text
);
-- One unit of a ticket in the shop at a time.
CREATE UNIQUE INDEX shop_ledger_in_shop ON shop_ledger (ticket_no) WHERE out_at IS NULL;
CREATE INDEX shop_ledger_in_at ON shop_ledger (in_at, receipt_no);
CREATE INDEX shop_ledger_open ON shop_ledger (in_at, receipt_no) WHERE out_at IS NULL;

-- The parts catalogue (配件): list price in fen.
CREATE TABLE parts (
    part_no     text PRIMARY KEY CHECK (part_no ~ '^[A-Za-z0-9][A-Za-z0-9._/-]{0,31}$'),
    name        text NOT NULL CHECK (name <> ''),
    price       bigint NOT NULL CHECK (price >= 0),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

-- Stock per service point; never below zero (ticket.repair refuses a short part first).
CREATE TABLE part_stock (
    service_point_id bigint NOT NULL REFERENCES service_points (id),
    part_no     text NOT NULL REFERENCES parts (part_no),
    qty         integer NOT NULL CHECK (qty >= 0),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (service_point_id, part_no)
);

-- Every part fitted, per ticket, at the list price of the day: for reports (parts issued
-- per technician, model, cause) and for what the card charges.
CREATE TABLE ticket_parts (
    id          bigserial PRIMARY KEY,
    ticket_no   text NOT NULL REFERENCES tickets (no),
    part_no     text NOT NULL REFERENCES parts (part_no),
    service_point_id bigint NOT NULL REFERENCES service_points (id),
    qty         integer NOT NULL CHECK (qty > 0),
    price       bigint NOT NULL CHECK (price >= 0),   -- fen, each
    technician  text NOT NULL REFERENCES users (login),
    at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ticket_parts_ticket ON ticket_parts (ticket_no);
CREATE INDEX ticket_parts_at ON ticket_parts (at);

-- The labour price list (工时费): the fee for a repair of up to up_to_minutes minutes; a
-- repair is charged the fee of the first band that covers its minutes (0 minutes: no
-- fee; beyond the last band: the last band's fee). Default: 30 yuan per started half
-- hour, up to a day (1440 minutes): 30 minutes 3000 fen, 31 minutes 6000 fen.
CREATE TABLE labour_prices (
    up_to_minutes integer PRIMARY KEY CHECK (up_to_minutes BETWEEN 1 AND 1440),
    fee         bigint NOT NULL CHECK (fee >= 0)
);
INSERT INTO labour_prices (up_to_minutes, fee)
SELECT m, m / 30 * 3000 FROM generate_series(30, 1440, 30) AS m;

-- Free service beyond policy (超标准结算): each approval, and the approver's count per
-- calendar month in the centre's time zone. The count row is raised by a guarded upsert
-- (ON CONFLICT ... DO UPDATE ... WHERE used < limit), which reads the latest committed
-- count even under a concurrent approval: two completions can never both take the last
-- one of a month.
CREATE TABLE free_approval_months (
    approver    text NOT NULL REFERENCES users (login),
    month       date NOT NULL,
    used        integer NOT NULL CHECK (used >= 0),
    PRIMARY KEY (approver, month)
);

CREATE TABLE free_approvals (
    id          bigserial PRIMARY KEY,
    ticket_no   text NOT NULL UNIQUE REFERENCES tickets (no),
    approver    text NOT NULL REFERENCES users (login),
    amount      bigint NOT NULL CHECK (amount >= 0),  -- fen waived
    reason      text,
    by_user     text NOT NULL REFERENCES users (login),
    at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX free_approvals_approver ON free_approvals (approver, at);

