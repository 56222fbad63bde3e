-- 017_policies.sql: the last policies the code held as constants become data (issue 13,
-- slice "policies"; doc/domain.md, Policies): free-service approval limits per approver
-- role, and the score a return visit is judged by kept with each visit.

-- Who may approve free service beyond policy (超标准结算) and how much (doc/domain.md, Charges:
-- the approval rules): a role per kind of approver, as free_approval_limits
-- (sql/functions/50_repair.sql) tells them apart:
--   supervisor          a dispatcher (服务主任)
--   regional_manager    a manager with a region (区域经理)
--   aftersales_manager  a manager of the aftersales department without a region
-- per_month: approvals a calendar month (0: may not approve); max_amount: fen waived each
-- at most. NULL: no limit. policy.set (approval_limits[]) changes them.
CREATE TABLE approval_limits (
    role        text PRIMARY KEY CHECK (role IN ('supervisor', 'regional_manager',
                'aftersales_manager')),
    per_month   integer CHECK (per_month BETWEEN 0 AND 1000),
    max_amount  bigint CHECK (max_amount BETWEEN 0 AND 100000000),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
INSERT INTO approval_limits (role, per_month, max_amount) VALUES
    ('supervisor', 2, 40000),              -- 2 a month, 400 yuan each
    ('regional_manager', 1, 30000),        -- 1 a month, 300 yuan each
    ('aftersales_manager', NULL, NULL);    -- no limit

-- A return visit is unsatisfied below the setting unsatisfied_score (80 as shipped). A
-- stored generated column cannot read the settings table, so `satisfied` becomes a plain
-- column written when the visit is recorded (trigger visits_judged,
-- sql/functions/60_visits.sql), with the score it was judged by: a later change of the
-- setting does not rewrite history. The visits already recorded were judged by 80.
ALTER TABLE visits ALTER COLUMN satisfied DROP EXPRESSION;
ALTER TABLE visits ADD COLUMN unsatisfied_score smallint;
UPDATE visits SET unsatisfied_score = 80;
ALTER TABLE visits ALTER COLUMN unsatisfied_score SET NOT NULL;
ALTER TABLE visits ALTER COLUMN satisfied SET NOT NULL;
ALTER TABLE visits ADD CONSTRAINT visits_unsatisfied_score
    CHECK (unsatisfied_score BETWEEN 0 AND 100);
-- The fixed 80 goes: visit_satisfied (sql/functions/60_visits.sql) takes the score.
DROP FUNCTION visit_satisfied(int, int, int, int, int);
