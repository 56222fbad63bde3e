-- 019_privacy.sql: special look-ups (seed 004 客户保密管理; doc/domain.md, Privacy): a
-- customer's whole file asked for on stated grounds (the police, a court), shown to the
-- one who asked once a manager other than them approved it, once. The request, the
-- decision and the opening are each an audit_log row too. And the indexes audit.list
-- reads the log by: a user's rows, newest first.
CREATE TABLE lookups (
    id              bigserial PRIMARY KEY,
    customer_id     bigint NOT NULL REFERENCES customers (id),
    requested_by    text NOT NULL REFERENCES users (login),
    requested_at    timestamptz NOT NULL DEFAULT now(),
    grounds         text NOT NULL,
    state           text NOT NULL DEFAULT 'pending'
                    CHECK (state IN ('pending', 'approved', 'refused')),
    decided_by      text REFERENCES users (login),
    decided_at      timestamptz,
    note            text,
    opened_at       timestamptz,
    -- Four eyes: nobody decides their own request.
    CHECK (decided_by IS DISTINCT FROM requested_by),
    CHECK ((state = 'pending') = (decided_by IS NULL)),
    CHECK (opened_at IS NULL OR state = 'approved')
);
CREATE INDEX lookups_pending ON lookups (id) WHERE state = 'pending';
CREATE INDEX lookups_requester ON lookups (requested_by, id);

CREATE INDEX audit_log_actor ON audit_log (actor, id);
