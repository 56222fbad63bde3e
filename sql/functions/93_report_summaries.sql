-- functions/93_report_summaries.sql: the write path keeps the ticket's report summaries
-- (sql/035_report_summaries.sql) in the same transaction as the record they summarise:
-- tickets.first_arrival_on_time from its first `arrive` event, first_visit_satisfied
-- from its first return visit. Each is set again from the detail itself (not from the
-- new row alone), so it is the detail's answer whatever wrote it. And the records the
-- monthly pack reads by their ticket's or complaint's registration
-- (sql/036_record_ticket_dates.sql) get that time, and a visit whether it is its
-- ticket's first, as they are inserted.
--
-- Re-applied by `svcdeskd migrate` after the numbered migrations, every run: a
-- function or trigger is changed here, never restated in a migration.

CREATE OR REPLACE FUNCTION tickets_first_arrival() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE tickets t SET first_arrival_on_time = f.on_time
    FROM (SELECT (e.details->>'on_time')::boolean AS on_time FROM ticket_events e
          WHERE e.ticket_no = NEW.ticket_no AND e.kind = 'arrive' ORDER BY e.id LIMIT 1) f
    WHERE t.no = NEW.ticket_no AND t.first_arrival_on_time IS DISTINCT FROM f.on_time;
    RETURN NULL;
END
$$;

CREATE OR REPLACE TRIGGER ticket_events_first_arrival AFTER INSERT ON ticket_events
    FOR EACH ROW WHEN (NEW.kind = 'arrive') EXECUTE FUNCTION tickets_first_arrival();

CREATE OR REPLACE FUNCTION tickets_first_visit() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE tickets t SET first_visit_satisfied = f.satisfied
    FROM (SELECT v.satisfied FROM visits v WHERE v.ticket_no = NEW.ticket_no
          ORDER BY v.id LIMIT 1) f
    WHERE t.no = NEW.ticket_no AND t.first_visit_satisfied IS DISTINCT FROM f.satisfied;
    RETURN NULL;
END
$$;

CREATE OR REPLACE TRIGGER visits_first_visit AFTER INSERT OR UPDATE ON visits
    FOR EACH ROW EXECUTE FUNCTION tickets_first_visit();

-- A visit, a part fitted or a shop receipt carries its ticket's registration time, which
-- never changes.
CREATE OR REPLACE FUNCTION records_ticket_created_at() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.ticket_created_at := (SELECT t.created_at FROM tickets t WHERE t.no = NEW.ticket_no);
    RETURN NEW;
END
$$;

-- A visit is its ticket's first when the ticket has none yet (visit.record holds the
-- ticket's row lock, so two visits of one ticket are never written at once).
CREATE OR REPLACE FUNCTION visits_mark_first() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.first_visit := NOT EXISTS (SELECT 1 FROM visits v WHERE v.ticket_no = NEW.ticket_no);
    RETURN NEW;
END
$$;

CREATE OR REPLACE TRIGGER visits_mark_first BEFORE INSERT ON visits
    FOR EACH ROW EXECUTE FUNCTION visits_mark_first();

CREATE OR REPLACE TRIGGER visits_ticket_created_at BEFORE INSERT ON visits
    FOR EACH ROW EXECUTE FUNCTION records_ticket_created_at();
CREATE OR REPLACE TRIGGER ticket_parts_ticket_created_at BEFORE INSERT ON ticket_parts
    FOR EACH ROW EXECUTE FUNCTION records_ticket_created_at();
CREATE OR REPLACE TRIGGER shop_ledger_ticket_created_at BEFORE INSERT ON shop_ledger
    FOR EACH ROW EXECUTE FUNCTION records_ticket_created_at();

-- A complaint's stage or responsibility share carries its complaint's registration time,
-- which never changes either.
CREATE OR REPLACE FUNCTION records_complaint_created_at() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.complaint_created_at := (SELECT c.created_at FROM complaints c
        WHERE c.no = NEW.complaint_no);
    RETURN NEW;
END
$$;

CREATE OR REPLACE TRIGGER complaint_stages_complaint_created_at BEFORE INSERT
    ON complaint_stages FOR EACH ROW EXECUTE FUNCTION records_complaint_created_at();
CREATE OR REPLACE TRIGGER complaint_shares_complaint_created_at BEFORE INSERT
    ON complaint_shares FOR EACH ROW EXECUTE FUNCTION records_complaint_created_at();
