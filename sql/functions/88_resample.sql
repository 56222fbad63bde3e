-- functions/88_resample.sql: head office's return-visit resample (sql/033_resample.sql;
-- doc/domain.md, Return visits, The resample): the draw when a ticket's first return
-- visit is written, what counts as a disagreement, the record's JSON and the report.
--
-- Re-applied by `svcdeskd migrate` after the numbered migrations, every run: a
-- function or trigger is changed here, never restated in a migration.

-- A ticket's draw, uniform in [0, 1): the first 28 bits of md5(the centre's secret, its
-- number). The same ticket always gives the same draw (an auditor with the secret can
-- recompute every one), and no one without the secret can foresee it.
CREATE OR REPLACE FUNCTION resample_draw(ticket_no text) RETURNS double precision
LANGUAGE sql STABLE AS $$
    SELECT ('x' || substr(md5(k.salt || ticket_no), 1, 7))::bit(28)::int / 268435456.0
    FROM resample_key k
$$;

-- The draw, once per ticket: a visit row that is its ticket's first (first_visit, set as
-- it is inserted: 93_report_summaries.sql) is drawn when its draw is under the setting
-- visit_resample_percent, read once per statement. Later visit rows of a ticket (none
-- today: a visit closes its ticket) are never drawn again.
-- A statement trigger, so a bulk load of visits draws in one set.
CREATE OR REPLACE FUNCTION visits_resample_draw() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO resamples (ticket_no, visit_id, first_by, visited_at, draw, percent)
    SELECT f.ticket_no, f.id, f.by_user, f.at, d.draw, p.percent
    FROM fresh f
    CROSS JOIN (SELECT setting_int('visit_resample_percent')::int AS percent) p
    CROSS JOIN LATERAL (SELECT resample_draw(f.ticket_no) AS draw) d
    WHERE d.draw < p.percent / 100.0
      AND f.first_visit
    ON CONFLICT (ticket_no) DO NOTHING;
    RETURN NULL;
END
$$;

CREATE OR REPLACE TRIGGER visits_resample_draw AFTER INSERT ON visits
    REFERENCING NEW TABLE AS fresh
    FOR EACH STATEMENT EXECUTE FUNCTION visits_resample_draw();

-- The second call disagrees with the first visit when the verdict differs (satisfied or
-- not: what the satisfaction KPI counts and what opens a complaint) or when any of the
-- four ratings is two or more levels apart (one level is the drift of any survey asked
-- twice; two is another answer). doc/domain.md, The resample.
CREATE OR REPLACE FUNCTION resample_disagrees(v visits, attitude int, skill int,
    punctuality int, promise int, satisfied boolean) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
    SELECT v.satisfied IS DISTINCT FROM satisfied
        OR greatest(abs(v.attitude - attitude), abs(v.skill - skill),
                    abs(v.punctuality - punctuality), abs(v.promise - promise)) >= 2
$$;

-- A resample as the ops answer it; the first visit's answers are not in it (the second
-- call is made blind).
CREATE OR REPLACE FUNCTION resample_json(r resamples) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object('ticket_no', r.ticket_no, 'first_by', r.first_by,
        'visited_at', iso_time(r.visited_at), 'called_by', r.called_by,
        'called_at', iso_time(r.called_at), 'attitude', r.attitude, 'skill', r.skill,
        'punctuality', r.punctuality, 'promise', r.promise, 'score', r.score,
        'comment', r.comment, 'satisfied', r.satisfied, 'disagreed', r.disagreed)
$$;

-- The resample of the tickets whose first visit is in [p_from, p_to] (the centre's days):
-- sampled (drawn), called (second call made), disagreed; by_operator: each operator
-- whose first visits were checked (called), with how many and how many disagreed, most
-- disagreements first. report.resample, and the monthly pack's `resample`.
CREATE OR REPLACE FUNCTION report_resample(p_from date, p_to date) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    WITH r AS (SELECT first_by, called_at IS NOT NULL AS called,
                      coalesce(disagreed, false) AS disagreed
               FROM resamples
               WHERE visited_at >= p_from::timestamptz AND visited_at < (p_to + 1)::timestamptz),
    ops AS (SELECT first_by, count(*) FILTER (WHERE called) AS checked,
                   count(*) FILTER (WHERE disagreed) AS disagreed
            FROM r GROUP BY first_by HAVING bool_or(called))
    SELECT jsonb_build_object(
        'sampled', (SELECT count(*) FROM r),
        'called', (SELECT count(*) FROM r WHERE called),
        'disagreed', (SELECT count(*) FROM r WHERE disagreed),
        'by_operator', coalesce((SELECT jsonb_agg(jsonb_build_object('login', o.first_by,
            'name', u.name, 'checked', o.checked, 'disagreed', o.disagreed)
            ORDER BY o.disagreed DESC, o.first_by)
            FROM ops o LEFT JOIN users u ON u.login = o.first_by), '[]'))
$$;
