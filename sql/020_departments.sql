-- 020_departments.sql: the departments a complaint passes through (issue 13; doc/domain.md,
-- Roles, Complaint stages, Complaint replies and rounds): the `department` role, each
-- department's head, the late-stage penalty on a stage, and the individual case.
-- Read and written by server/department.c (department.list, department.save),
-- server/complaint_flow.c (complaint.advance charges a late stage), server/complaint.c and
-- server/complaint_list.c (a department user sees only the complaints passing through
-- them), server/sweeper.c (reminders to the stage's department and its head),
-- server/attribute.c (penalty.list). The functions are in sql/functions/ (30_records.sql,
-- 70_complaints.sql).

-- ---- The seventh role: a department's staff (production, warehouse, R&D, sales, the GM's
-- office...). They read only the complaints whose current or past stage is their
-- department's, so a department user must name one.
ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (role IN
    ('operator', 'dispatcher', 'technician', 'quality', 'manager', 'admin', 'department'));
ALTER TABLE users ADD CONSTRAINT users_department_named
    CHECK (role <> 'department' OR department IS NOT NULL);
-- A department's members (department.list, the reminders' addressees).
CREATE INDEX users_department ON users (department, login) WHERE active;

-- ---- A department's head (department.save): reminded of every overdue stage of the
-- department, and charged for its stages finished late.
ALTER TABLE departments ADD COLUMN head text REFERENCES users (login);

-- ---- A stage finished late (complaint.advance): the working days it was late (each
-- working day on which it was overdue within working hours), the penalty charged
-- (overdue_penalty_per_day a day) and to whom: the department's head at that moment
-- (NULL: the department had no head, nobody is charged). Counted with the attributed
-- shares' penalties in the head's monthly deductions (person_penalties,
-- penalty_recompute in sql/functions/70_complaints.sql), in the month it finished.
ALTER TABLE complaint_stages
    ADD COLUMN late_days integer CHECK (late_days >= 0),
    ADD COLUMN penalty_login text REFERENCES users (login),
    ADD COLUMN penalty_fen bigint CHECK (penalty_fen >= 0);
CREATE INDEX complaint_stages_penalty ON complaint_stages (penalty_login, finished_at)
    WHERE penalty_fen > 0;
-- A department's complaints (the `passed` queue, complaint.get's check).
CREATE INDEX complaint_stages_department ON complaint_stages (department, complaint_no)
    WHERE started_at IS NOT NULL;

-- ---- The individual case (seed 001 rule 9): a customer still unsatisfied after the
-- second rejected round. A rejected reply opens round + 1, so the rounds from the third
-- on are exactly those: the flag is the round itself, written once here.
ALTER TABLE complaints ADD COLUMN individual boolean
    GENERATED ALWAYS AS (round >= 3) STORED;
-- The managers' queue `individual` (complaint.list), as the other queues.
CREATE INDEX complaints_q_individual ON complaints (list_due, no)
    WHERE individual AND state <> 'closed';
