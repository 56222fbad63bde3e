-- 005_cards.sql: what the repair card, the take-back, the three guarantees and repeat
-- repairs keep on a ticket, and the records rebuilt as flat json objects.
--
-- Why flat json: a queue page builds up to 200 ticket objects. The 004 functions nest
-- jsonb builders behind sub-selects, which the planner cannot inline, so each ticket
-- cost a function executor start plus a sorted jsonb tree (about 70 us). The *_object
-- functions below are single json_build_object expressions that the planner inlines
-- into the query that joins the ticket to its customer and unit (about 24 us). The
-- jsonb functions of 004 keep their names and types for the single-row ops that
-- concatenate onto them, and are now defined through the objects, so each record's
-- fields are written down once.
-- The functions and triggers it first made are in sql/functions/ (re-applied by every
-- migrate; doc/deployment.md).

ALTER TABLE tickets
    ADD COLUMN repair       jsonb,          -- the repair card as the technician filled it
    ADD COLUMN charges      jsonb,          -- class A: what the customer pays, in fen
    ADD COLUMN guarantee    jsonb NOT NULL
                            DEFAULT '{"refund": false, "exchange": false, "reason": null}',
    ADD COLUMN repeat_of    text REFERENCES tickets (no),
    ADD COLUMN receipt_no   text,           -- take-back: the receipt the customer holds
    ADD COLUMN promised_at  timestamptz,    -- ticket.postpone: the time promised now
    ADD COLUMN completed_at timestamptz;

