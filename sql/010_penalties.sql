-- 010_penalties.sql: responsibility penalties and their monthly deductions, and the
-- complaint's return visit (doc/domain.md, Responsibility and penalties; Complaint return
-- visits). Filled by server/attribute.c (complaint.attribute,
-- penalty.list) and server/visit.c; read by server/report.c. Builds on 009_routes.sql
-- (complaint_shares, complaints.visit_due).
-- The functions and triggers it first made are in sql/functions/ (re-applied by every
-- migrate; doc/deployment.md).

-- ---- Penalties and deductions
--
-- A penalty is a user share's penalty_fen in complaint_shares, counted in the month it was
-- attributed (the centre's month: the session's TimeZone). At most 50% of a person's
-- monthly bonus is deducted in a month; what is left carries into the following months
-- (seed 000 经济处罚准则 (三) 4).
ALTER TABLE complaint_shares ADD COLUMN IF NOT EXISTS attributed_at timestamptz
    NOT NULL DEFAULT now();
CREATE INDEX IF NOT EXISTS complaint_shares_login ON complaint_shares (login, attributed_at)
    WHERE penalty_fen > 0;

-- One row per person and month from the first penalty's month until nothing is left to
-- carry: charged (penalties attributed that month), deducted (what is taken from that
-- month's bonus), carried (what is left for the next month).
CREATE TABLE penalty_deductions (
    login       text NOT NULL REFERENCES users (login),
    month       date NOT NULL CHECK (extract(day FROM month) = 1),
    charged     bigint NOT NULL CHECK (charged >= 0),
    deducted    bigint NOT NULL CHECK (deducted >= 0),
    carried     bigint NOT NULL CHECK (carried >= 0),
    PRIMARY KEY (login, month)
);

-- ---- The return visit after a complaint (seed 004 4.4)

