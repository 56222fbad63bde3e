-- 025_recalls.sql: product recalls (召回, seed 004 §15; doc/domain.md, Recalls). A recall
-- names a defective batch (models, optionally a serial range and purchase dates);
-- recall.create lists every affected unit with its customer here in the same
-- transaction, and queues each customer one `recall` notification. Each unit's recall
-- is then tracked by the operators' calls (recall.unit) to the end.
-- Functions: sql/functions/67_recalls.sql.

--   open    units still to call, book or repair
--   closed  every unit done or written off (closed by the last recall.unit)
CREATE TABLE recalls (
    id              bigint GENERATED ALWAYS AS IDENTITY UNIQUE,   -- the lists' order
    no              text PRIMARY KEY,           -- RC + YYMMDD + the year's count
    title           text NOT NULL,
    reason          text NOT NULL,
    models          text[] NOT NULL CHECK (cardinality(models) >= 1),
    serial_from     text,
    serial_to       text,
    purchased_from  date,
    purchased_to    date,
    state           text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'closed')),
    created_by      text NOT NULL REFERENCES users (login),
    created_at      timestamptz NOT NULL DEFAULT now(),
    notify_due      timestamptz NOT NULL,       -- set from created_at by a trigger
    closed_at       timestamptz,
    -- How many units are in each state now (recall.unit keeps them in its statement).
    affected        integer NOT NULL DEFAULT 0,
    pending         integer NOT NULL DEFAULT 0,
    notified        integer NOT NULL DEFAULT 0,
    unreachable     integer NOT NULL DEFAULT 0,
    booked          integer NOT NULL DEFAULT 0,
    done            integer NOT NULL DEFAULT 0,
    written_off     integer NOT NULL DEFAULT 0
);
-- The board's queues, newest first.
CREATE INDEX recalls_state ON recalls (state, id);

--   pending      listed, not yet called
--   notified     the customer was told (by phone; the message was queued at creation)
--   unreachable  called, nobody answered: call again
--   booked       a ticket is registered for the unit (ticket_no)
--   done         the unit is put right
--   written_off  will never be done (scrapped, customer moved away...): reason
-- unit_id and customer_id are copied from units by recall_create in the statement that
-- makes the recall (units and customers are never deleted: doc/domain.md, Privacy), so
-- they carry no foreign keys: a key's check per row was two thirds of the time to list
-- a recall of 100,000 units.
CREATE TABLE recall_units (
    recall_no       text NOT NULL REFERENCES recalls (no),
    unit_id         bigint NOT NULL,
    customer_id     bigint NOT NULL,
    state           text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'notified',
                        'unreachable', 'booked', 'done', 'written_off')),
    ticket_no       text REFERENCES tickets (no),
    reason          text,
    attempts        integer NOT NULL DEFAULT 0, -- calls recorded
    updated_by      text REFERENCES users (login),
    updated_at      timestamptz,
    PRIMARY KEY (recall_no, unit_id),
    CHECK (state <> 'booked' OR ticket_no IS NOT NULL),
    CHECK (state <> 'written_off' OR reason IS NOT NULL)
);
-- The pages of recall.get: all units by unit id (the primary key), the units still
-- open, and those to call (pending or unreachable).
CREATE INDEX recall_units_open ON recall_units (recall_no, unit_id)
    WHERE state IN ('pending', 'notified', 'unreachable', 'booked');
CREATE INDEX recall_units_to_call ON recall_units (recall_no, unit_id)
    WHERE state IN ('pending', 'unreachable');
-- A unit's recalls (its file).
CREATE INDEX recall_units_unit ON recall_units (unit_id);

-- The batch a recall names: units by model and serial.
CREATE INDEX units_model_serial ON units (model, serial);
