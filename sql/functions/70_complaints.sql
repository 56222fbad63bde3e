-- functions/70_complaints.sql: complaints: routing by category, penalties for
-- attributed shares, and the return visit after an accepted reply.
--
-- Re-applied by `svcdeskd migrate` after the numbered migrations, every run: a
-- function or trigger is changed here, never restated in a migration.

-- The responsible department of a category (the object's `department`; issue #5).
CREATE OR REPLACE FUNCTION category_department(category text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE category WHEN 'service' THEN 'service' WHEN 'packaging' THEN 'warehouse'
        WHEN 'product' THEN 'production' WHEN 'suggestion' THEN 'aftersales'
        WHEN 'other' THEN 'cs_manager' WHEN 'contract' THEN 'management' END
$$;

-- Computed again from all of the person's penalties, so a replaced share or a changed
-- bonus gives the right months. The caller holds the user's row lock (see below). With no
-- bonus nothing can be deducted: the whole amount stays carried, and the rows stop at the
-- last month with a penalty.
CREATE OR REPLACE FUNCTION penalty_recompute(who text) RETURNS void
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    cap bigint;
    m date;
    last date;
    owed bigint := 0;
    charged bigint;
    taken bigint;
BEGIN
    -- the setting in force when the deductions are computed again
    SELECT monthly_bonus * setting_int('penalty_month_cap_percent') / 100 INTO cap
    FROM users WHERE login = who;
    DELETE FROM penalty_deductions WHERE login = who;
    SELECT min(date_trunc('month', attributed_at))::date,
           max(date_trunc('month', attributed_at))::date INTO m, last
    FROM complaint_shares WHERE login = who AND penalty_fen > 0;
    WHILE m IS NOT NULL LOOP
        SELECT coalesce(sum(penalty_fen), 0) INTO charged FROM complaint_shares
        WHERE login = who AND penalty_fen > 0
          AND attributed_at >= m AND attributed_at < (m + interval '1 month');
        owed := owed + charged;
        taken := least(owed, cap);
        owed := owed - taken;
        INSERT INTO penalty_deductions (login, month, charged, deducted, carried)
        VALUES (who, m, charged, taken, owed);
        EXIT WHEN m >= last AND (owed = 0 OR cap = 0);
        m := (m + interval '1 month')::date;
    END LOOP;
END
$$;

-- complaint.attribute writes an `attribute` event naming every person whose penalties
-- changed (before and after). After that statement, with its shares visible, lock those
-- people's rows in login order (two attributions naming the same person wait for each
-- other instead of each missing the other's penalty; NO KEY UPDATE does not wait for the
-- shares' foreign-key locks, so it cannot deadlock with them), then compute each again:
-- each statement here reads a fresh snapshot, taken after the locks.
CREATE OR REPLACE FUNCTION complaint_attributed() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    who text;
    people text[];
BEGIN
    SELECT coalesce(array_agg(DISTINCT x ORDER BY x), '{}') INTO people
    FROM jsonb_array_elements_text(coalesce(NEW.details->'penalized', '[]')) AS x;
    PERFORM 1 FROM users WHERE login = ANY (people) ORDER BY login FOR NO KEY UPDATE;
    FOREACH who IN ARRAY people LOOP
        PERFORM penalty_recompute(who);
    END LOOP;
    RETURN NULL;
END
$$;

CREATE OR REPLACE TRIGGER complaint_attributed AFTER INSERT ON complaint_events
    FOR EACH ROW WHEN (NEW.kind = 'attribute')
    EXECUTE FUNCTION complaint_attributed();

-- complaints.visit_due (009) is the day the visit is due (00:00 of that day, the centre's):
-- for a product-quality complaint about a ticket, the 2nd day after the repaired product was
-- delivered (the ticket's completed_at; days counted as in 007: the day itself is not
-- counted); for every other complaint 15 days after the reply the customer accepted
-- (complaint.reply -> follow_up). A product complaint whose ticket is not yet completed
-- gets its day when the ticket completes. Its ticket completed before the reply: due on
-- the reply's day at the earliest. visit.record of a complaint clears it (the visit is
-- in the complaint's events), so the to_visit queue is
--   visit_due IS NOT NULL AND state = 'follow_up', by (visit_due, no).
CREATE OR REPLACE FUNCTION complaint_visit_day(c complaints, replied date) RETURNS timestamptz
LANGUAGE sql STABLE AS $$
    SELECT CASE WHEN c.category = 'product' AND c.ticket_no IS NOT NULL THEN
        (SELECT greatest(t.completed_at::date + 2, replied)::timestamptz FROM tickets t
         WHERE t.no = c.ticket_no AND t.completed_at IS NOT NULL)
    ELSE (replied + 15)::timestamptz END
$$;

CREATE OR REPLACE FUNCTION complaints_reply_accepted() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.visit_due := complaint_visit_day(NEW, now()::date);
    RETURN NEW;
END
$$;

CREATE OR REPLACE TRIGGER complaints_reply_accepted BEFORE UPDATE OF state ON complaints
    FOR EACH ROW WHEN (NEW.state = 'follow_up' AND OLD.state <> 'follow_up')
    EXECUTE FUNCTION complaints_reply_accepted();

CREATE OR REPLACE FUNCTION tickets_delivered_to_complainant() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE complaints c SET visit_due = (NEW.completed_at::date + 2)::timestamptz,
        version = c.version + 1, updated_at = now()
    WHERE c.ticket_no = NEW.no AND c.category = 'product' AND c.state <> 'closed'
      AND NOT EXISTS (SELECT 1 FROM complaint_events e
                      WHERE e.complaint_no = c.no AND e.kind = 'visit');
    RETURN NULL;
END
$$;

CREATE OR REPLACE TRIGGER tickets_delivered_to_complainant AFTER UPDATE OF completed_at ON tickets
    FOR EACH ROW WHEN (NEW.completed_at IS NOT NULL
        AND NEW.completed_at IS DISTINCT FROM OLD.completed_at)
    EXECUTE FUNCTION tickets_delivered_to_complainant();
