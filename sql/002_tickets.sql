-- 002_tickets.sql: customers, product units, tickets (service requests) and their events.
-- The functions and triggers it first made are in sql/functions/ (re-applied by every
-- migrate; doc/deployment.md).

CREATE TABLE customers (
    id          bigserial PRIMARY KEY,
    name        text NOT NULL,
    phones      text[] NOT NULL CHECK (cardinality(phones) >= 1),
    address     text NOT NULL DEFAULT '',
    region      text NOT NULL DEFAULT 'urban'
                CHECK (region IN ('urban', 'suburban', 'county')),
    notes       text NOT NULL DEFAULT '',
    abroad      boolean NOT NULL DEFAULT false,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    version     integer NOT NULL DEFAULT 1
);
CREATE INDEX customers_phones ON customers USING gin (phones);
CREATE INDEX customers_name ON customers (name text_pattern_ops);

CREATE TABLE units (
    id              bigserial PRIMARY KEY,
    customer_id     bigint NOT NULL REFERENCES customers (id),
    model           text NOT NULL,
    serial          text NOT NULL,
    purchase_date   date NOT NULL,
    invoice_no      text,
    warranty_months integer NOT NULL DEFAULT 12 CHECK (warranty_months BETWEEN 0 AND 120),
    contract_end    date,                           -- maintenance contract (保养合同)
    created_at      timestamptz NOT NULL DEFAULT now(),
    version         integer NOT NULL DEFAULT 1
);
CREATE INDEX units_customer ON units (customer_id);
CREATE INDEX units_serial ON units (serial);

CREATE TABLE tickets (
    no              text PRIMARY KEY,
    type            char(1) NOT NULL CHECK (type IN ('B', 'Y', 'Z', 'Q')),
    channel         text NOT NULL CHECK (channel IN ('phone', 'letter', 'visit', 'email', 'web')),
    state           text NOT NULL CHECK (state IN ('new', 'dispatched', 'on_site', 'in_shop',
                    'repaired', 'inspected', 'completed', 'closed', 'cancelled')),
    service_class   char(1) NOT NULL CHECK (service_class IN ('A', 'B', 'C', 'D')),
    class_reason    text,
    customer_id     bigint NOT NULL REFERENCES customers (id),
    unit_id         bigint REFERENCES units (id),
    region          text NOT NULL CHECK (region IN ('urban', 'suburban', 'county')),
    fault           text NOT NULL,
    answer          text,
    taken_by        text NOT NULL REFERENCES users (login),
    owner           text NOT NULL REFERENCES users (login),
    technician      text REFERENCES users (login),
    created_at      timestamptz NOT NULL DEFAULT now(),
    reply_due       timestamptz,
    arrival_due     timestamptz,
    appointment     timestamptz,
    arrived_at      timestamptz,
    overdue         boolean NOT NULL DEFAULT false,
    request_key     text UNIQUE,
    updated_at      timestamptz NOT NULL DEFAULT now(),
    version         integer NOT NULL DEFAULT 1,
    -- The deadline queues sort by: arrival, else reply, else registration.
    due             timestamptz GENERATED ALWAYS AS
                    (coalesce(arrival_due, reply_due, created_at)) STORED
);
-- Queues read by state and deadline; keyset pagination on (due, no). The included
-- columns let a queue filter (carried over from earlier days, a technician's, a region)
-- without reading the table.
CREATE INDEX tickets_due ON tickets (due, no) INCLUDE (state, created_at, technician, region);
CREATE INDEX tickets_state_due ON tickets (state, due, no) INCLUDE (created_at, technician, region);
-- The overdue sweep looks only at unmarked open work.
CREATE INDEX tickets_arrival_watch ON tickets (arrival_due)
    WHERE NOT overdue AND state IN ('new', 'dispatched');
CREATE INDEX tickets_reply_watch ON tickets (reply_due) WHERE NOT overdue AND state = 'new';
CREATE INDEX tickets_technician ON tickets (technician, state) WHERE technician IS NOT NULL;
CREATE INDEX tickets_owner ON tickets (owner, state);
CREATE INDEX tickets_unit ON tickets (unit_id, created_at);
CREATE INDEX tickets_customer ON tickets (customer_id, created_at);
CREATE INDEX tickets_created ON tickets (created_at, no);

CREATE TABLE ticket_events (
    id          bigserial PRIMARY KEY,
    ticket_no   text NOT NULL REFERENCES tickets (no),
    at          timestamptz NOT NULL DEFAULT now(),
    actor       text,                               -- NULL: the system (sweeper)
    kind        text NOT NULL,                      -- register, dispatch, arrive, ...
    from_state  text,
    to_state    text,
    details     jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX ticket_events_ticket ON ticket_events (ticket_no, id);
