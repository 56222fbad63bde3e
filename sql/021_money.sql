-- 021_money.sql: the money controls of issue 13 (doc/domain.md, Charges; Three
-- guarantees and repeat repairs): free-service requests that the approver decides from
-- their own queue, the approvals counted per approver, region and month, and the
-- numbered refund and exchange certificates. Filled by server/money.c and
-- server/repair.c (the completion that uses an approved request).
-- The functions it needs are in sql/functions/ (re-applied by every migrate).

-- A request to waive a class A ticket's charges (超标准结算). The one that matters is
-- the ticket's latest: a new request withdraws the open one. The ticket carries a copy
-- (tickets.free_request) so that its pushes tell the requester and the approver.
--   pending   waiting in the approver's queue
--   approved  counted against the approver's month in the ticket's region
--   refused   with the approver's reason
--   withdrawn replaced by a new request, or the ticket completed without it
--   used      the completion waived the charges with it
CREATE TABLE free_requests (
    id              bigserial PRIMARY KEY,
    ticket_no       text NOT NULL REFERENCES tickets (no),
    approver        text NOT NULL REFERENCES users (login),
    amount          bigint NOT NULL CHECK (amount > 0),    -- fen: the card's total
    markup_percent  integer NOT NULL CHECK (markup_percent BETWEEN 0 AND 100),
    reason          text NOT NULL,
    region          text NOT NULL,
    requested_by    text NOT NULL REFERENCES users (login),
    requested_at    timestamptz NOT NULL DEFAULT now(),
    state           text NOT NULL DEFAULT 'pending'
                    CHECK (state IN ('pending', 'approved', 'refused', 'withdrawn', 'used')),
    decided_at      timestamptz,
    decision_reason text,
    month           date                                   -- the month it was counted in
);
CREATE INDEX free_requests_ticket ON free_requests (ticket_no, id);
CREATE INDEX free_requests_approver ON free_requests (approver, state, requested_at);

-- The approvals an approver gave per region (of the ticket) and calendar month in the
-- centre's time zone (the session's TimeZone): raised by a guarded upsert at approval
-- (ON CONFLICT ... DO UPDATE ... WHERE used < limit), so two approvals can never both
-- take the last one. free_approval_months (006) kept the count per approver only; it is
-- no longer written.
CREATE TABLE free_approval_slots (
    approver    text NOT NULL REFERENCES users (login),
    region      text NOT NULL CHECK (region IN ('urban', 'suburban', 'county')),
    month       date NOT NULL,
    used        integer NOT NULL CHECK (used >= 0),
    PRIMARY KEY (approver, region, month)
);

-- 三包 certificates: a refund (RF + YYMMDD + the year's count) or an exchange (EX + ...)
-- decided on a repair ticket; one per ticket, kept with its unit and customer.
CREATE TABLE guarantee_certificates (
    no          text PRIMARY KEY,
    kind        text NOT NULL CHECK (kind IN ('refund', 'exchange')),
    ticket_no   text NOT NULL UNIQUE REFERENCES tickets (no),
    unit_id     bigint NOT NULL REFERENCES units (id),
    customer_id bigint NOT NULL REFERENCES customers (id),
    reason      text NOT NULL,
    grounds     text,             -- the guarantee's own reason (bought N days ago, ...)
    repairs     integer NOT NULL, -- the unit's completed repairs, every service point
    decided_by  text NOT NULL REFERENCES users (login),
    decided_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX guarantee_certificates_unit ON guarantee_certificates (unit_id, decided_at);

-- What a ticket shows of both (ticket_object, sql/functions/30_records.sql).
ALTER TABLE tickets
    ADD COLUMN free_request jsonb,     -- the latest request, as its queue row says
    ADD COLUMN certificate  jsonb;     -- {no, kind, reason, decided_by, decided_at}

-- The unit's completed repairs, counted wherever they were done.
CREATE INDEX tickets_unit_repairs ON tickets (unit_id)
    WHERE type = 'B' AND state IN ('completed', 'closed');
