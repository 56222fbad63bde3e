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

-- Every penalty charged to a person, when and for what: the shares attributed to them
-- with a penalty (complaint.attribute: kind warning, minor_demerit, major_demerit; at
-- attributed_at) and the stages finished late while they headed the stage's department
-- (complaint.advance: kind late_stage, with its late working days; at finished_at).
-- penalty_recompute's months and penalty.list's items both read it.
CREATE OR REPLACE FUNCTION person_penalties(who text)
RETURNS TABLE (at timestamptz, complaint_no text, kind text, amount bigint, late_days int)
LANGUAGE sql STABLE AS $$
    SELECT s.attributed_at, s.complaint_no, s.penalty_kind, s.penalty_fen, NULL::int
    FROM complaint_shares s WHERE s.login = who AND s.penalty_fen > 0
    UNION ALL
    SELECT st.finished_at, st.complaint_no, 'late_stage', st.penalty_fen, st.late_days
    FROM complaint_stages st WHERE st.penalty_login = who AND st.penalty_fen > 0
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
    SELECT min(date_trunc('month', p.at))::date, max(date_trunc('month', p.at))::date
    INTO m, last FROM person_penalties(who) p;
    WHILE m IS NOT NULL LOOP
        SELECT coalesce(sum(p.amount), 0) INTO charged FROM person_penalties(who) p
        WHERE p.at >= m AND p.at < (m + interval '1 month');
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
-- changed (before and after), complaint.advance an `advance` event naming the head charged
-- for a late stage (details.penalized, both). After that statement, with its shares visible, lock those
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
    FOR EACH ROW WHEN (NEW.kind = 'attribute' OR NEW.details ? 'penalized')
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

-- The rounds of a complaint (doc/domain.md, Complaint replies and rounds), first to last,
-- for complaint.get: each round's number, state, why it closed, and the customer's answer
-- to its reply (the `reply` event). Walks previous_no back to the first round, then
-- forward (complaints_next index).
CREATE OR REPLACE FUNCTION complaint_rounds_json(which text) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    WITH RECURSIVE back AS (
        SELECT c.no, c.previous_no, 0 AS depth FROM complaints c WHERE c.no = which
        UNION ALL
        SELECT p.no, p.previous_no, back.depth + 1 FROM complaints p
        JOIN back ON p.no = back.previous_no WHERE back.depth < 100),
    chain AS (
        SELECT c.no, c.round, c.state, c.close_reason, c.created_at, 0 AS depth
        FROM complaints c WHERE c.no = (SELECT no FROM back WHERE previous_no IS NULL)
        UNION ALL
        SELECT n.no, n.round, n.state, n.close_reason, n.created_at, chain.depth + 1
        FROM complaints n JOIN chain ON n.previous_no = chain.no WHERE chain.depth < 100)
    SELECT coalesce(jsonb_agg(jsonb_build_object('no', ch.no, 'round', ch.round,
        'state', ch.state, 'close_reason', ch.close_reason,
        'created_at', iso_time(ch.created_at),
        'reply', (SELECT e.details->'text' FROM complaint_events e
                  WHERE e.complaint_no = ch.no AND e.kind = 'reply' ORDER BY e.id DESC LIMIT 1),
        'accepted', (SELECT e.details->'accepted' FROM complaint_events e
                  WHERE e.complaint_no = ch.no AND e.kind = 'reply' ORDER BY e.id DESC LIMIT 1))
        ORDER BY ch.round, ch.no), '[]')
    FROM chain ch
$$;
