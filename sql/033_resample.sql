-- 033_resample.sql: head office's return-visit resample (seed 004 四.2: the after-sales
-- department calls back 15% of the repairs again; doc/domain.md, Return visits, The
-- resample). A ticket is drawn when its first return visit is written, in that
-- transaction (sql/functions/88_resample.sql, visits_resample_draw); an operator other
-- than the first one makes the second call (server/resample.c, resample.record).
-- Visits written before this migration are not drawn: the resample starts with it.

-- The centre's secret for the draw: a ticket is drawn when a hash of this and its number
-- falls under the setting visit_resample_percent (doc/architecture.md, The resample draw).
-- One row; read by no op, so operators cannot tell in advance which tickets will be drawn.
CREATE TABLE resample_key (
    only_row    boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    salt        text NOT NULL
);
INSERT INTO resample_key (salt) VALUES (md5(random()::text || clock_timestamp()::text));

-- One row per drawn ticket, with its second call once made.
CREATE TABLE resamples (
    ticket_no   text PRIMARY KEY REFERENCES tickets (no),
    visit_id    bigint NOT NULL UNIQUE REFERENCES visits (id),   -- the first visit
    first_by    text NOT NULL REFERENCES users (login),          -- who made it
    visited_at  timestamptz NOT NULL,      -- when: the period a report counts it in
    draw        double precision NOT NULL CHECK (draw >= 0 AND draw < 1),
    percent     smallint NOT NULL CHECK (percent BETWEEN 0 AND 100),   -- the setting then
    drawn_at    timestamptz NOT NULL DEFAULT now(),
    -- the second call: each 1 very satisfied .. 4 unsatisfied, as visits
    called_by   text REFERENCES users (login),
    called_at   timestamptz,
    attitude    smallint CHECK (attitude BETWEEN 1 AND 4),
    skill       smallint CHECK (skill BETWEEN 1 AND 4),
    punctuality smallint CHECK (punctuality BETWEEN 1 AND 4),
    promise     smallint CHECK (promise BETWEEN 1 AND 4),
    score       smallint CHECK (score BETWEEN 0 AND 100),
    comment     text,
    satisfied   boolean,               -- judged by the first visit's unsatisfied_score
    disagreed   boolean,               -- resample_disagrees(first visit, second call)
    CONSTRAINT resamples_another_operator CHECK (called_by <> first_by),
    CONSTRAINT resamples_call_whole CHECK ((called_at IS NULL) = (called_by IS NULL)
        AND (called_at IS NULL) = (attitude IS NULL) AND (called_at IS NULL) = (skill IS NULL)
        AND (called_at IS NULL) = (punctuality IS NULL) AND (called_at IS NULL) = (promise IS NULL)
        AND (called_at IS NULL) = (score IS NULL) AND (called_at IS NULL) = (satisfied IS NULL)
        AND (called_at IS NULL) = (disagreed IS NULL))
);
-- The operators' queue (resample.list): the calls still to make, oldest visit first.
CREATE INDEX resamples_pending ON resamples (visited_at, ticket_no) WHERE called_at IS NULL;
-- report_resample: the tickets whose first visit falls in a period.
CREATE INDEX resamples_visited ON resamples (visited_at) INCLUDE (first_by, called_at, disagreed);
