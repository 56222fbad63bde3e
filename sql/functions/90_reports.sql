-- functions/90_reports.sql: the quality department's reports (doc/domain.md, Reports):
-- every figure of report.kpi, report.pareto and report.monthly is defined here once,
-- and each op runs one statement calling these (server/report.c).
--
-- A period is [p_from, p_to], days of the centre (the session's TimeZone), both inside:
-- a record counts when its time is >= p_from and < p_to + 1. Both bounds are cast to
-- timestamptz in the query, so they are converted once: compared as dates, each index
-- tuple converted the date again (a fifth of a month's scan). Read only; the indexes
-- that serve each query are named in doc/architecture.md "Reports".
--
-- Re-applied by `svcdeskd migrate` after the numbered migrations, every run: a
-- function or trigger is changed here, never restated in a migration.

-- A rate n/d from 0 to 1 with 4 places; null when nothing was counted.
CREATE OR REPLACE FUNCTION report_rate(n bigint, d bigint) RETURNS numeric
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN d > 0 THEN round(n::numeric / d, 4) END
$$;

-- A percent setting as a rate's target (98 -> 0.9800).
CREATE OR REPLACE FUNCTION report_target_rate(k text) RETURNS numeric
LANGUAGE sql STABLE AS $$
    SELECT round(setting_int(k) / 100.0, 4)
$$;

-- One KPI against its target: met is value >= target when higher is better, value <=
-- target when lower is; null when nothing was counted (value null).
CREATE OR REPLACE FUNCTION report_figure(value numeric, target numeric, better text)
RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
    SELECT jsonb_build_object('value', value, 'target', target, 'better', better,
        'met', CASE better WHEN 'higher' THEN value >= target ELSE value <= target END)
$$;

-- The complaints registered in the period (p_region: of customers of that region):
-- owned; replied_in_time (the first stage of the route finished by its due time, seed
-- 003's 及时回复); closed, with avg_days_to_close from registration to the closing
-- event; overdue (flagged by the sweeper, or a stage finished late or still open past
-- its due time).
CREATE OR REPLACE FUNCTION report_complaint_counts(p_from date, p_to date, p_region text)
RETURNS TABLE (owned bigint, replied bigint, closed bigint, days numeric, overdue bigint)
LANGUAGE sql STABLE AS $$
    -- The stages of the period's complaints are those registered in it
    -- (complaint_stages_report, 036): one range each, counted or hashed, never a probe per
    -- complaint (these plans are generic: a SQL function's parameters are not constants
    -- to the planner, and probes took four times as long as hashing for a year). Only a
    -- region narrows the stages by their complaint.
    WITH oc AS (SELECT c.no, c.state, c.overdue, c.created_at FROM complaints c
        JOIN customers cu ON cu.id = c.customer_id
        WHERE c.created_at >= p_from::timestamptz AND c.created_at < (p_to + 1)::timestamptz
        AND (p_region IS NULL OR cu.region = p_region)),
    st AS (SELECT s.complaint_no, s.seq, s.finished_at, s.due FROM complaint_stages s
        WHERE s.complaint_created_at >= p_from::timestamptz
        AND s.complaint_created_at < (p_to + 1)::timestamptz),
    cl AS (SELECT (SELECT max(e.at) FROM complaint_events e
        WHERE e.complaint_no = oc.no AND e.to_state = 'closed') - oc.created_at AS took
        FROM oc WHERE oc.state = 'closed')
    SELECT (SELECT count(*) FROM oc),
        (SELECT count(*) FROM st WHERE st.seq = 1 AND st.finished_at <= st.due
         AND (p_region IS NULL OR st.complaint_no IN (SELECT no FROM oc))),
        (SELECT count(*) FROM cl),
        (SELECT round((avg(extract(epoch FROM took)) / 86400)::numeric, 2) FROM cl),
        (SELECT count(*) FROM oc WHERE oc.overdue OR oc.no IN (SELECT st.complaint_no FROM st
         WHERE coalesce(st.finished_at, now()) > st.due))
$$;

-- The tickets registered in the period (p_region: of that region), as they stand now:
-- the one population of every ticket KPI, so each month's tickets are judged once.
-- services: repairs (B) and other services (Y), the work a complaint can be about;
-- arrived / on_time: those with an arrival (their first ticket.arrive, on_time as that
-- event recorded it); completed; visited / satisfied: those with a return visit (the
-- first, judged satisfied as recorded); repairs / repeats (repeat_of set);
-- repaired / repair_hours: the repairs completed, and their mean hours from
-- registration to completion. The first arrival and the first visit are read from the
-- ticket's summaries of them (sql/035_report_summaries.sql, kept by the write path), so
-- that the whole count is an index-only scan of tickets_report over the period.
CREATE OR REPLACE FUNCTION report_ticket_counts(p_from date, p_to date, p_region text)
RETURNS TABLE (registered bigint, services bigint, arrived bigint, on_time bigint,
    completed bigint, visited bigint, satisfied bigint, repairs bigint, repeats bigint,
    repaired bigint, repair_hours numeric)
LANGUAGE sql STABLE AS $$
    WITH t AS (SELECT t.type, t.completed_at, t.created_at, t.repeat_of,
        t.first_arrival_on_time AS on_time, t.first_visit_satisfied AS satisfied
        FROM tickets t WHERE t.created_at >= p_from::timestamptz
            AND t.created_at < (p_to + 1)::timestamptz
        AND (p_region IS NULL OR t.region = p_region))
    SELECT count(*), count(*) FILTER (WHERE type IN ('B', 'Y')),
        count(on_time), count(*) FILTER (WHERE on_time),
        count(completed_at), count(satisfied), count(*) FILTER (WHERE satisfied),
        count(*) FILTER (WHERE type = 'B'),
        count(*) FILTER (WHERE type = 'B' AND repeat_of IS NOT NULL),
        count(*) FILTER (WHERE type = 'B' AND completed_at IS NOT NULL),
        round((avg(date_part('epoch', completed_at - created_at))
            FILTER (WHERE type = 'B') / 3600)::numeric, 2)
    FROM t
$$;

-- report.kpi: the complaint and ticket figures of the period, and the seven KPIs each
-- with its target (settings, sql/032_report_targets.sql) and whether it was met.
CREATE OR REPLACE FUNCTION report_kpi(p_from date, p_to date, p_region text) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object(
        'complaints', jsonb_build_object('owned', c.owned, 'replied_in_time', c.replied,
            'timely_reply_rate', report_rate(c.replied, c.owned), 'closed', c.closed,
            'closure_rate', report_rate(c.closed, c.owned), 'avg_days_to_close', c.days,
            'overdue', c.overdue),
        'tickets', jsonb_build_object('registered', t.registered, 'completed', t.completed,
            'visited', t.visited, 'visit_rate', report_rate(t.visited, t.completed),
            'satisfied_rate', report_rate(t.satisfied, t.visited),
            'repeat_rate', report_rate(t.repeats, t.repairs)),
        'arrival_on_time_rate', report_figure(report_rate(t.on_time, t.arrived),
            report_target_rate('target_arrival_on_time_percent'), 'higher'),
        'mean_repair_hours', report_figure(t.repair_hours,
            setting_int('target_repair_hours'), 'lower'),
        'repeat_rate', report_figure(report_rate(t.repeats, t.repairs),
            report_target_rate('target_repeat_percent'), 'lower'),
        'visit_rate', report_figure(report_rate(t.visited, t.completed),
            report_target_rate('target_visit_percent'), 'higher'),
        'satisfaction_rate', report_figure(report_rate(t.satisfied, t.visited),
            report_target_rate('target_satisfaction_percent'), 'higher'),
        'complaint_rate', report_figure(report_rate(c.owned, t.services),
            report_target_rate('complaint_rate_limit_percent'), 'lower'),
        'timely_reply_rate', report_figure(report_rate(c.replied, c.owned),
            report_target_rate('target_timely_reply_percent'), 'higher'))
    FROM report_complaint_counts(p_from, p_to, p_region) c,
        report_ticket_counts(p_from, p_to, p_region) t
$$;

-- report.pareto: p_by names the key: category or department (the complaint's responsible
-- department) of the complaints registered in the period; cause (the repair card's
-- cause_code, sql/030_causes.sql, named from the catalogue) of the repair tickets (type
-- B) registered in it; model (the unit's) of its tickets. Records without the key (not
-- yet classified, no card, a card without a code) are left out. Ties in count go by key,
-- so the order is stable.
CREATE OR REPLACE FUNCTION report_pareto(p_from date, p_to date, p_by text) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    -- By model, the tickets are counted per unit first (an integer key, from
    -- tickets_report alone) and the units' few rows then named by model.
    WITH k AS (
        SELECT CASE p_by WHEN 'category' THEN c.category ELSE c.department END AS key,
            1 AS n
        FROM complaints c WHERE p_by IN ('category', 'department')
        AND c.created_at >= p_from::timestamptz AND c.created_at < (p_to + 1)::timestamptz
        UNION ALL SELECT t.cause_code, 1 FROM tickets t
        WHERE p_by = 'cause' AND t.type = 'B' AND t.cause_code IS NOT NULL
        AND t.created_at >= p_from::timestamptz AND t.created_at < (p_to + 1)::timestamptz
        UNION ALL SELECT u.model, pu.n FROM (SELECT t.unit_id, count(*) AS n FROM tickets t
            WHERE p_by = 'model' AND t.created_at >= p_from::timestamptz
                AND t.created_at < (p_to + 1)::timestamptz
            GROUP BY t.unit_id) pu JOIN units u ON u.id = pu.unit_id),
    g AS (SELECT key, sum(n) AS n FROM k WHERE key IS NOT NULL GROUP BY key),
    r AS (SELECT key, n, sum(n) OVER (ORDER BY n DESC, key ROWS UNBOUNDED PRECEDING) AS cum,
        sum(n) OVER () AS total FROM g)
    SELECT jsonb_build_object('rows', coalesce(jsonb_agg(jsonb_strip_nulls(jsonb_build_object(
        'key', key, 'count', n, 'cumulative_percent', round(100.0 * cum / total, 1),
        'name', cs.name, 'name_zh', cs.name_zh)) ORDER BY n DESC, key), '[]'),
        'total', coalesce(max(total), 0))
    FROM r LEFT JOIN causes cs ON p_by = 'cause' AND cs.code = r.key
$$;

-- ---- report.monthly: the monthly pack (seeds 000, 002 统计报表: by the 10th). Each part
-- counts the same population as report.kpi: the tickets, or the complaints, registered in
-- the month, so the pack's pages and its KPIs agree.

-- Repairs: the repair tickets (type B) registered in the period: registered, by service
-- class (A paid, B contract, C free, D internal), completed, taken to the workshop (a
-- take-back receipt), repeats, and the labour minutes of the completed ones' cards.
CREATE OR REPLACE FUNCTION report_month_repairs(p_from date, p_to date) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    -- The period's repair tickets from tickets_report alone; the workshop count from
    -- the receipts of the period's tickets (shop_ledger_report), each probing its ticket.
    SELECT jsonb_build_object('registered', count(*),
        'by_class', jsonb_build_object(
            'A', count(*) FILTER (WHERE t.service_class = 'A'),
            'B', count(*) FILTER (WHERE t.service_class = 'B'),
            'C', count(*) FILTER (WHERE t.service_class = 'C'),
            'D', count(*) FILTER (WHERE t.service_class = 'D')),
        'completed', count(t.completed_at),
        'workshop', (SELECT count(DISTINCT s.ticket_no) FROM shop_ledger s
            JOIN tickets k ON k.no = s.ticket_no AND k.type = 'B'
            WHERE s.ticket_created_at >= p_from::timestamptz
                AND s.ticket_created_at < (p_to + 1)::timestamptz),
        'repeats', count(t.repeat_of),
        'labour_minutes', coalesce(sum(t.labour_minutes)
            FILTER (WHERE t.completed_at IS NOT NULL), 0))
    FROM tickets t WHERE t.type = 'B' AND t.created_at >= p_from::timestamptz
        AND t.created_at < (p_to + 1)::timestamptz
$$;

-- Parts replaced: the parts fitted on the tickets registered in the period, per part:
-- quantity, tickets, value at the fitted list prices (fen); most quantity first.
CREATE OR REPLACE FUNCTION report_month_parts(p_from date, p_to date) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    -- ticket_parts_report: the period's rows by their ticket's registration; per part
    -- and ticket first, so that counting the tickets is a count, not a sort.
    WITH pt AS (SELECT tp.part_no, sum(tp.qty) AS qty, sum(tp.qty * tp.price) AS value
        FROM ticket_parts tp
        WHERE tp.ticket_created_at >= p_from::timestamptz
            AND tp.ticket_created_at < (p_to + 1)::timestamptz
        GROUP BY tp.part_no, tp.ticket_no),
    g AS (SELECT part_no, sum(qty) AS qty, count(*) AS n, sum(value) AS value
        FROM pt GROUP BY part_no)
    SELECT coalesce(jsonb_agg(jsonb_build_object('part_no', g.part_no, 'name', p.name,
        'quantity', g.qty, 'tickets', g.n, 'value_fen', g.value)
        ORDER BY g.qty DESC, g.part_no), '[]')
    FROM g JOIN parts p ON p.part_no = g.part_no
$$;

-- Satisfaction: the tickets registered in the period with a return visit (the first):
-- visited and satisfied (as report.kpi), the mean score, each rated item's answers by
-- level 1 (very satisfied) .. 4 (unsatisfied), the visits that opened a complaint, and
-- the tickets closed as unreachable after three attempts.
CREATE OR REPLACE FUNCTION report_month_satisfaction(p_from date, p_to date) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    -- One pass over the first visits of the period's tickets (visits_first_report).
    SELECT jsonb_build_object('visited', count(*),
        'satisfied', count(*) FILTER (WHERE v.satisfied),
        'satisfaction_rate', report_rate(count(*) FILTER (WHERE v.satisfied), count(*)),
        'mean_score', round(avg(v.score), 2),
        'items', jsonb_build_object(
            'attitude', jsonb_build_array(count(*) FILTER (WHERE v.attitude = 1),
                count(*) FILTER (WHERE v.attitude = 2), count(*) FILTER (WHERE v.attitude = 3),
                count(*) FILTER (WHERE v.attitude = 4)),
            'skill', jsonb_build_array(count(*) FILTER (WHERE v.skill = 1),
                count(*) FILTER (WHERE v.skill = 2), count(*) FILTER (WHERE v.skill = 3),
                count(*) FILTER (WHERE v.skill = 4)),
            'punctuality', jsonb_build_array(count(*) FILTER (WHERE v.punctuality = 1),
                count(*) FILTER (WHERE v.punctuality = 2),
                count(*) FILTER (WHERE v.punctuality = 3),
                count(*) FILTER (WHERE v.punctuality = 4)),
            'promise', jsonb_build_array(count(*) FILTER (WHERE v.promise = 1),
                count(*) FILTER (WHERE v.promise = 2), count(*) FILTER (WHERE v.promise = 3),
                count(*) FILTER (WHERE v.promise = 4))),
        'complaints_opened', count(v.complaint_no),
        'unreachable', (SELECT count(*) FROM tickets t WHERE t.created_at >= p_from::timestamptz
            AND t.created_at < (p_to + 1)::timestamptz AND t.visit_outcome = 'unreachable'))
    FROM visits v WHERE v.first_visit AND v.ticket_created_at >= p_from::timestamptz
        AND v.ticket_created_at < (p_to + 1)::timestamptz
$$;

-- Complaints: those registered in the period: registered, by severity (serious, minor,
-- not yet classified), major incidents, opened by a return visit, later rounds of an
-- earlier complaint, attributed (with responsibility shares), and replied_in_time,
-- closed, overdue: those of the month's KPIs (p_kpi, report_kpi's answer for the same
-- period), taken from there so that the pack counts them once.
CREATE OR REPLACE FUNCTION report_month_complaints(p_from date, p_to date, p_kpi jsonb)
RETURNS jsonb
LANGUAGE sql STABLE AS $$
    WITH c AS (SELECT count(*) AS registered,
        count(*) FILTER (WHERE c.severity = 'serious') AS serious,
        count(*) FILTER (WHERE c.severity = 'minor') AS minor,
        count(*) FILTER (WHERE c.severity IS NULL) AS unclassified,
        count(*) FILTER (WHERE c.major) AS major,
        count(*) FILTER (WHERE c.origin = 'visit') AS from_visits,
        count(*) FILTER (WHERE c.round > 1) AS later_rounds,
        (SELECT count(DISTINCT s.complaint_no) FROM complaint_shares s
            WHERE s.complaint_created_at >= p_from::timestamptz
            AND s.complaint_created_at < (p_to + 1)::timestamptz) AS attributed
        FROM complaints c WHERE c.created_at >= p_from::timestamptz
            AND c.created_at < (p_to + 1)::timestamptz)
    SELECT jsonb_build_object('registered', c.registered, 'serious', c.serious,
        'minor', c.minor, 'unclassified', c.unclassified, 'major', c.major,
        'from_visits', c.from_visits, 'later_rounds', c.later_rounds,
        'attributed', c.attributed,
        'replied_in_time', p_kpi->'complaints'->'replied_in_time',
        'closed', p_kpi->'complaints'->'closed', 'overdue', p_kpi->'complaints'->'overdue')
    FROM c
$$;

-- Responsibility: the shares attributed to the complaints registered in the period, per
-- responsible party (a department or a person): the complaints it has a share of, its
-- share in complaints (the sum of its percents / 100: 2 places), that share's percent of
-- all attributed complaints (1 place), and the penalties on those shares (fen). Largest
-- share first.
CREATE OR REPLACE FUNCTION report_month_responsibility(p_from date, p_to date)
RETURNS jsonb
LANGUAGE sql STABLE AS $$
    -- complaint_shares_report (036): the shares of the complaints registered in the
    -- period, by the registration each share carries.
    WITH s AS (SELECT s.complaint_no, s.department, s.login, s.percent, s.penalty_fen
        FROM complaint_shares s WHERE s.complaint_created_at >= p_from::timestamptz
        AND s.complaint_created_at < (p_to + 1)::timestamptz),
    g AS (SELECT CASE WHEN department IS NOT NULL THEN 'department' ELSE 'user' END AS kind,
        coalesce(department, login) AS key, count(DISTINCT complaint_no) AS n,
        sum(percent) AS pct, coalesce(sum(penalty_fen), 0) AS penalty
        FROM s GROUP BY 1, 2),
    total AS (SELECT count(DISTINCT complaint_no) AS n FROM s)
    SELECT coalesce(jsonb_agg(jsonb_build_object('kind', g.kind, 'key', g.key,
        'name', coalesce(d.name, u.name), 'name_zh', coalesce(d.name_zh, u.name),
        'complaints', g.n, 'share', round(g.pct / 100.0, 2),
        'percent', round(g.pct::numeric / total.n, 1), 'penalty_fen', g.penalty)
        ORDER BY g.pct DESC, g.kind, g.key), '[]')
    FROM g CROSS JOIN total
    LEFT JOIN departments d ON g.kind = 'department' AND d.code = g.key
    LEFT JOIN users u ON g.kind = 'user' AND u.login = g.key
$$;

-- The pack of the month starting p_month (its first day): each part above, the Pareto
-- by complaint category, fault cause and model, and the month's KPIs (all regions).
CREATE OR REPLACE FUNCTION report_monthly(p_month date) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    WITH m AS (SELECT p_month AS f, (p_month + interval '1 month')::date - 1 AS t),
    k AS MATERIALIZED (SELECT report_kpi(m.f, m.t, NULL) AS kpi FROM m)
    SELECT jsonb_build_object('month', to_char(m.f, 'YYYY-MM'), 'from', m.f, 'to', m.t,
        'repairs', report_month_repairs(m.f, m.t),
        'parts', report_month_parts(m.f, m.t),
        'satisfaction', report_month_satisfaction(m.f, m.t),
        'complaints', report_month_complaints(m.f, m.t, k.kpi),
        'responsibility', report_month_responsibility(m.f, m.t),
        'pareto', jsonb_build_object('category', report_pareto(m.f, m.t, 'category'),
            'cause', report_pareto(m.f, m.t, 'cause'),
            'model', report_pareto(m.f, m.t, 'model')),
        'kpi', k.kpi,
        'resample', report_resample(m.f, m.t))
    FROM m, k
$$;
