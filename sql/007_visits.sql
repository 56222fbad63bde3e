-- 007_visits.sql: the three guarantees and repeat repairs on a ticket, the return visit
-- (回访) that closes a completed ticket, and the complaint record an unsatisfied visit or a
-- complaint call opens (doc/domain.md: Repair card, Return visits,
-- Complaint intake). Filled by server/call.c, server/visit.c, server/complaint.c.
--
-- Dates are the centre's: the session's TimeZone, which svcdeskd sets to its TZ
-- (Asia/Shanghai), as call.register's current_date.
-- The functions and triggers it first made are in sql/functions/ (re-applied by every
-- migrate; doc/deployment.md).

-- ---- The three guarantees (三包)

-- ---- Repeat repairs (重复维修)
CREATE INDEX tickets_repeat_of ON tickets (repeat_of) WHERE repeat_of IS NOT NULL;

-- ---- The return-visit queue

ALTER TABLE tickets ADD COLUMN visit_due timestamptz;

CREATE INDEX tickets_to_visit ON tickets (visit_due, no)
    INCLUDE (created_at, technician, region) WHERE state = 'completed';

-- ---- Complaints (the record; classification and routing are issue #5)

CREATE TABLE complaints (
    no          text PRIMARY KEY,
    state       text NOT NULL DEFAULT 'received' CHECK (state IN ('received', 'routed',
                'proposed', 'approved', 'follow_up', 'closed')),
    channel     text NOT NULL CHECK (channel IN ('phone', 'letter', 'visit', 'email', 'web')),
    origin      text NOT NULL DEFAULT 'call' CHECK (origin IN ('call', 'visit')),
    customer_id bigint NOT NULL REFERENCES customers (id),
    ticket_no   text REFERENCES tickets (no),
    text        text NOT NULL,                  -- the customer's words
    demand      text,
    -- complaint.classify (issue #5):
    severity    text CHECK (severity IN ('serious', 'minor')),
    category    text CHECK (category IN ('service', 'packaging', 'product', 'suggestion',
                'other', 'contract')),
    major       boolean NOT NULL DEFAULT false,
    department  text REFERENCES departments (code),   -- the responsible department
    -- the current stage of the route (issue #5): its department and due time
    stage       text REFERENCES departments (code),
    stage_due   timestamptz,
    close_due   timestamptz,
    taken_by    text NOT NULL REFERENCES users (login),   -- the first taker
    round       integer NOT NULL DEFAULT 1 CHECK (round >= 1),
    previous_no text REFERENCES complaints (no),
    overdue     boolean NOT NULL DEFAULT false,
    close_reason text,
    request_key text UNIQUE,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    version     integer NOT NULL DEFAULT 1
);
CREATE INDEX complaints_state ON complaints (state, created_at, no);
CREATE INDEX complaints_ticket ON complaints (ticket_no) WHERE ticket_no IS NOT NULL;
CREATE INDEX complaints_customer ON complaints (customer_id, created_at);
CREATE INDEX complaints_created ON complaints (created_at, no);

CREATE TABLE complaint_events (
    id          bigserial PRIMARY KEY,
    complaint_no text NOT NULL REFERENCES complaints (no),
    at          timestamptz NOT NULL DEFAULT now(),
    actor       text,                               -- NULL: the system (sweeper)
    kind        text NOT NULL,                      -- register, classify, advance, ...
    from_state  text,
    to_state    text,
    details     jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX complaint_events_complaint ON complaint_events (complaint_no, id);

-- ---- Return visits (回访)

-- Satisfied: a score of 80 or more and no item at 4 (unsatisfied) (seed 003 score bands;
-- doc/domain.md, Return visits: an unsatisfied visit is a complaint about service quality).
CREATE FUNCTION visit_satisfied(score int, attitude int, skill int, punctuality int,
    promise int) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
    SELECT score >= 80 AND greatest(attitude, skill, punctuality, promise) < 4
$$;

CREATE TABLE visits (
    id          bigserial PRIMARY KEY,
    ticket_no   text NOT NULL REFERENCES tickets (no),
    by_user     text NOT NULL REFERENCES users (login),
    at          timestamptz NOT NULL DEFAULT now(),
    -- each 1 very satisfied .. 4 unsatisfied (seed 000 (二十五))
    attitude    smallint NOT NULL CHECK (attitude BETWEEN 1 AND 4),
    skill       smallint NOT NULL CHECK (skill BETWEEN 1 AND 4),
    punctuality smallint NOT NULL CHECK (punctuality BETWEEN 1 AND 4),
    promise     smallint NOT NULL CHECK (promise BETWEEN 1 AND 4),
    score       smallint NOT NULL CHECK (score BETWEEN 0 AND 100),
    comment     text,
    satisfied   boolean GENERATED ALWAYS AS
                (visit_satisfied(score, attitude, skill, punctuality, promise)) STORED,
    complaint_no text REFERENCES complaints (no)   -- the complaint it opened
);
CREATE INDEX visits_ticket ON visits (ticket_no);
CREATE INDEX visits_at ON visits (at);
