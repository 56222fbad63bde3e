-- 024_contracts.sql: maintenance contracts (保养合同) of issue 14 (doc/domain.md,
-- Maintenance contracts). A contract covers one unit from `starts` to `ends` (both
-- days included): the unit's calls are service class B while it runs, the sweeper
-- books its preventive maintenance visits as type Y tickets (contract_visits), and
-- one contract_expiry notice is queued when it enters its notice period. A renewal
-- is a new contract whose `renews` names the one it follows.
-- The functions are in sql/functions/66_contracts.sql.

-- The state is derived from the dates, never stored (contract_state): pending before
-- `starts`, active, expiring (active and ending within the setting
-- contract_notice_days), expired after `ends`, cancelled once cancelled_at is set
-- (unit.save with contract_end null). Contracts of one unit never overlap: contract.save
-- refuses it, and the trigger contracts_no_overlap (66_contracts.sql) when saves race.
CREATE TABLE contracts (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    unit_id         bigint NOT NULL REFERENCES units (id),
    starts          date NOT NULL,
    ends            date NOT NULL,
    visits_per_year integer NOT NULL CHECK (visits_per_year BETWEEN 1 AND 12),
    price           bigint CHECK (price >= 0),                  -- fen; NULL: not recorded
    renews          bigint UNIQUE REFERENCES contracts (id),    -- renewed once at most
    created_by      text NOT NULL REFERENCES users (login),
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    cancelled_by    text REFERENCES users (login),
    cancelled_at    timestamptz,
    version         integer NOT NULL DEFAULT 1,
    CHECK (ends >= starts)
);
CREATE INDEX contracts_unit ON contracts (unit_id, starts);
-- contract.list's queues and the sweep read running contracts by their end.
CREATE INDEX contracts_ends ON contracts (ends) WHERE cancelled_at IS NULL;

-- A preventive maintenance visit booked by the sweeper: the primary key is what makes
-- each visit (contract, its number) a ticket exactly once, whichever daemon sweeps
-- and however often (the advisory lock only keeps the daemons from doing the work twice).
CREATE TABLE contract_visits (
    contract_id     bigint NOT NULL REFERENCES contracts (id),
    seq             integer NOT NULL CHECK (seq >= 1),
    due             date NOT NULL,
    -- Checked at commit: the sweep claims the key before it makes the ticket.
    ticket_no       text NOT NULL UNIQUE REFERENCES tickets (no) DEFERRABLE INITIALLY DEFERRED,
    created_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (contract_id, seq)
);

-- Every units.contract_end becomes a contract. When it was signed was never recorded:
-- it starts on the purchase date (or its end, if that is earlier), so the unit is class
-- B on every day it was before (contract_end >= the day of the call), and the sweep does
-- not book the visits that fell due before this migration (the sweep books only visits
-- due on or after a contract's created_at). Recorded by whoever last saved the unit
-- (audit_log), else by the first administrator.
INSERT INTO contracts (unit_id, starts, ends, visits_per_year, created_by)
SELECT u.id, least(u.purchase_date, u.contract_end), u.contract_end,
       coalesce((SELECT s.value::text::int FROM settings s
                 WHERE s.key = 'contract_visits_per_year')),
       coalesce((SELECT a.actor FROM audit_log a JOIN users su ON su.login = a.actor
                 WHERE a.action = 'unit.save' AND a.object = 'unit:' || u.id
                 ORDER BY a.at DESC LIMIT 1),
                (SELECT login FROM users WHERE role = 'admin' ORDER BY login LIMIT 1))
FROM units u WHERE u.contract_end IS NOT NULL
ORDER BY u.id;

ALTER TABLE units DROP COLUMN contract_end;
