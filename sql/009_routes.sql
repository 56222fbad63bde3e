-- 009_routes.sql: complaint routes as data and the stages of each complaint (issue #5,
-- doc/domain.md, Complaint routes): routes (route.get, route.set in server/route.c), complaint_stages
-- (complaint.classify and complaint.advance in server/complaint_flow.c, reminders from
-- server/sweeper.c), complaint_shares (filled by complaint.attribute, server/attribute.c),
-- and the complaint object with responsibility, next_no and visit_due.
--
-- Due times are computed by the daemon from its cached business calendar
-- (common/calendar.c calendar_add_working_days) and passed in as parameters: the
-- database only stores them.
-- The functions and triggers it first made are in sql/functions/ (re-applied by every
-- migrate; doc/deployment.md).

-- ---- Routes: per category, the ordered stages {department, days} (days in working days,
-- may be 0.5), the close budget in working days, whether Saturday counts, and a variant
-- for a customer abroad (customers.abroad): its own stages and close budget, NULL = same.
CREATE TABLE routes (
    category        text PRIMARY KEY CHECK (category IN ('service', 'packaging', 'product',
                    'suggestion', 'other', 'contract')),
    stages          jsonb NOT NULL CHECK (jsonb_typeof(stages) = 'array'
                    AND jsonb_array_length(stages) > 0),
    close_days      numeric(5,1) NOT NULL CHECK (close_days > 0),
    saturday_counts boolean NOT NULL DEFAULT false,
    abroad_stages   jsonb CHECK (jsonb_typeof(abroad_stages) = 'array'
                    AND jsonb_array_length(abroad_stages) > 0),
    abroad_close_days numeric(5,1) CHECK (abroad_close_days > 0),
    updated_at      timestamptz NOT NULL DEFAULT now()
);

-- Seeds (issue #5): product quality through the general manager's office, quality,
-- production, R&D, sales (12 days abroad) and back; every other category one stage of
-- its responsible department, 2 working days with Saturday counted; closed in 13 (17).
INSERT INTO routes (category, stages, close_days, saturday_counts, abroad_stages,
    abroad_close_days) VALUES
    ('product', '[{"department":"gm_office","days":0.5},{"department":"quality","days":1},
      {"department":"production","days":1},{"department":"rnd","days":1},
      {"department":"sales","days":5},{"department":"gm_office","days":0.5}]', 13, false,
     '[{"department":"gm_office","days":0.5},{"department":"quality","days":1},
      {"department":"production","days":1},{"department":"rnd","days":1},
      {"department":"sales","days":12},{"department":"gm_office","days":0.5}]', 17),
    ('service', '[{"department":"service","days":2}]', 13, true, NULL, NULL),
    ('packaging', '[{"department":"warehouse","days":2}]', 13, true, NULL, NULL),
    ('suggestion', '[{"department":"aftersales","days":2}]', 13, true, NULL, NULL),
    ('other', '[{"department":"cs_manager","days":2}]', 13, true, NULL, NULL),
    ('contract', '[{"department":"management","days":2}]', 13, true, NULL, NULL);

-- ---- The complaint's own copy of its route, one row per stage, made by classify
-- (a later route.set does not move a complaint already on its way). A stage starts
-- when the one before it finishes; `due` is set then. budget_days NULL: the 1-hour
-- stage of a major incident. overdue_days counts the working days a reminder was sent
-- for (the sweeper), against the stage's department.
CREATE TABLE complaint_stages (
    complaint_no text NOT NULL REFERENCES complaints (no),
    seq         integer NOT NULL CHECK (seq >= 1),
    department  text NOT NULL REFERENCES departments (code),
    budget_days numeric(5,1) CHECK (budget_days >= 0),
    started_at  timestamptz,
    due         timestamptz,
    finished_at timestamptz,
    by_user     text REFERENCES users (login),
    finding     text,
    proposal    text,
    overdue_days integer NOT NULL DEFAULT 0 CHECK (overdue_days >= 0),
    reminded_at timestamptz,
    PRIMARY KEY (complaint_no, seq)
);
-- The sweeper's scan: started, unfinished stages by due time.
CREATE INDEX complaint_stages_running ON complaint_stages (due)
    WHERE finished_at IS NULL AND started_at IS NOT NULL;

-- Whether Saturday counts for this complaint's deadlines (the route's flag at classify).
ALTER TABLE complaints ADD COLUMN saturday_counts boolean NOT NULL DEFAULT false;
-- The complaint's return visit day (set by helper E's complaint return visit).
ALTER TABLE complaints ADD COLUMN visit_due timestamptz;
-- The deadline that matters, for complaint.list's order and cursor.
ALTER TABLE complaints ADD COLUMN list_due timestamptz
    GENERATED ALWAYS AS (coalesce(stage_due, close_due, created_at)) STORED;

CREATE INDEX complaints_next ON complaints (previous_no) WHERE previous_no IS NOT NULL;
-- One index per complaint.list queue, each in (list_due, no) order.
CREATE INDEX complaints_q_received ON complaints (list_due, no) WHERE state = 'received';
CREATE INDEX complaints_q_open ON complaints (list_due, no)
    WHERE state IN ('routed', 'proposed', 'approved', 'follow_up');
CREATE INDEX complaints_q_overdue ON complaints (list_due, no) WHERE overdue AND state <> 'closed';
CREATE INDEX complaints_q_major ON complaints (list_due, no) WHERE major AND state <> 'closed';
CREATE INDEX complaints_q_closed ON complaints (list_due, no) WHERE state = 'closed';
CREATE INDEX complaints_q_mine ON complaints (stage, list_due, no) WHERE state = 'routed';
CREATE INDEX complaints_q_to_visit ON complaints (visit_due, no) WHERE visit_due IS NOT NULL
    AND state = 'follow_up';

-- ---- Responsibility shares (complaint.attribute; contract5.md).
CREATE TABLE complaint_shares (
    complaint_no text NOT NULL REFERENCES complaints (no),
    seq         integer NOT NULL,
    department  text REFERENCES departments (code),
    login       text REFERENCES users (login),
    percent     integer NOT NULL CHECK (percent BETWEEN 1 AND 100),
    penalty_kind text,
    penalty_fen bigint,
    PRIMARY KEY (complaint_no, seq),
    CHECK ((department IS NULL) <> (login IS NULL))
);

