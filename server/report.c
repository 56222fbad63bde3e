/*
 * report.c: the quality department's statistics (doc/domain.md, Reports):
 * report.pareto (what the complaints or repairs of a period were about, by
 * count with cumulative percentages, seed 003) and report.kpi (complaint
 * and ticket indicators of a period). Read only; one statement each.
 *
 * Periods are days of the centre (the session's TimeZone), from and to both
 * inside: a record counts when it was registered (created_at) in them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/domain.h"
#include "common/validate.h"
#include "server/db.h"
#include "server/ops.h"

#define IN_PERIOD(col) "(" col " >= $1::date AND " col " < $2::date + 1)"

/*
 * $3 names the key: category or department (the complaint's responsible
 * department) of the complaints registered in the period; cause (the repair
 * card's cause_code, sql/030_causes.sql, named from the catalogue) of the
 * repair tickets (type B) registered in it; model (the unit's) of its
 * tickets. Records without the key (not yet classified, no card, a card
 * without a code) are left out. Ties in count go by key, so the order is
 * stable.
 */
static struct db_statement stmt_pareto = {
	.what = "pareto",
	.sql =
	"WITH k AS ("
	" SELECT CASE $3 WHEN 'category' THEN c.category ELSE c.department END AS key"
	"  FROM complaints c WHERE $3 IN ('category', 'department') AND " IN_PERIOD("c.created_at")
	" UNION ALL SELECT t.repair->>'cause_code' FROM tickets t"
	"  WHERE $3 = 'cause' AND t.type = 'B' AND t.repair->>'cause_code' IS NOT NULL"
	"  AND " IN_PERIOD("t.created_at")
	" UNION ALL SELECT u.model FROM tickets t JOIN units u ON u.id = t.unit_id"
	"  WHERE $3 = 'model' AND " IN_PERIOD("t.created_at") "),"
	" g AS (SELECT key, count(*) AS n FROM k WHERE key IS NOT NULL GROUP BY key),"
	" r AS (SELECT key, n, sum(n) OVER (ORDER BY n DESC, key ROWS UNBOUNDED PRECEDING) AS cum,"
	"  sum(n) OVER () AS total FROM g)"
	"SELECT jsonb_build_object('rows', coalesce(jsonb_agg(jsonb_strip_nulls(jsonb_build_object("
	"  'key', key, 'count', n, 'cumulative_percent', round(100.0 * cum / total, 1),"
	"  'name', cs.name, 'name_zh', cs.name_zh)) ORDER BY n DESC, key), '[]'),"
	"  'total', coalesce(max(total), 0))::text"
	" FROM r LEFT JOIN causes cs ON $3 = 'cause' AND cs.code = r.key",
};

static const char *const pareto_keys[] = { "category", "department", "cause", "model", NULL };

/* from and to, both required, from not after to. */
static bool
read_period(const cJSON *args, const char **from, const char **to, struct proto_error *err)
{
	if (!arg_date(args, "from", ARG_REQUIRED, from, err) ||
	    !arg_date(args, "to", ARG_REQUIRED, to, err))
		return false;
	if (strcmp(*from, *to) > 0)   /* YYYY-MM-DD compares as text */
		return proto_fail(err, PROTO_INVALID_ARGUMENT, "to", "to is before from");
	return true;
}

static void
on_report(void *arg, PGresult *res)
{
	struct request *req = arg;

	request_reply_cell(req, res, req->state, NULL);
}

static void
report_pareto_exec(struct request *req)
{
	const char *params[3];
	struct proto_error err;
	int by = -1;

	if (!read_period(req->args, &params[0], &params[1], &err) ||
	    !arg_enum(req->args, "by", ARG_REQUIRED, pareto_keys, &by, &err)) {
		request_fail(req, &err);
		return;
	}
	params[2] = pareto_keys[by];
	req->state = &stmt_pareto;
	db_query(req->db, &stmt_pareto, 3, params, on_report, req);
}

const struct op_entry op_report_pareto = {
	.name = "report.pareto", .roles = ROLE_BIT(ROLE_QUALITY) | ROLE_BIT(ROLE_MANAGER),
	.flags = OP_REPORT,
	.summary = "counts by key, most first, with cumulative percentages: from, to, "
	           "by (category, department, cause, model)",
	.exec = report_pareto_exec,
};

/* A rate n/d from 0 to 1 (4 places), null when nothing was counted. */
#define RATE(n, d) "CASE WHEN " d " > 0 THEN round(" n "::numeric / " d ", 4) END"

/*
 * Complaints registered in the period ($3: of customers of that region):
 * owned, replied_in_time (the first stage of the route finished by its due
 * time, sql/009_routes.sql complaint_stages), closed (with avg_days_to_close
 * from registration to the closing event), overdue (flagged by the sweeper,
 * or a stage finished late or still open past its due time). Tickets
 * registered in the period ($3: of that region): completed (completed_at
 * set), visited (a return visit recorded), satisfied (a visit scored at
 * least the unsatisfied_score it was recorded under, 80 as shipped), repeats (repair tickets with repeat_of) over repair tickets.
 */
static struct db_statement stmt_kpi = {
	.what = "kpi",
	.sql =
	"WITH oc AS (SELECT c.no, c.state, c.overdue, c.created_at FROM complaints c"
	"  JOIN customers cu ON cu.id = c.customer_id"
	"  WHERE " IN_PERIOD("c.created_at") " AND ($3::text IS NULL OR cu.region = $3)),"
	" cl AS (SELECT oc.no, (SELECT max(e.at) FROM complaint_events e"
	"  WHERE e.complaint_no = oc.no AND e.to_state = 'closed') - oc.created_at AS took"
	"  FROM oc WHERE oc.state = 'closed'),"
	" cm AS (SELECT (SELECT count(*) FROM oc) AS owned,"
	"  (SELECT count(*) FROM oc JOIN complaint_stages s ON s.complaint_no = oc.no"
	"   WHERE s.seq = 1 AND s.finished_at <= s.due) AS replied,"
	"  (SELECT count(*) FROM cl) AS closed,"
	"  (SELECT round((avg(extract(epoch FROM took)) / 86400)::numeric, 2) FROM cl) AS days,"
	"  (SELECT count(*) FROM oc WHERE oc.overdue OR EXISTS (SELECT 1 FROM complaint_stages s"
	"   WHERE s.complaint_no = oc.no AND coalesce(s.finished_at, now()) > s.due)) AS overdue),"
	" tk AS (SELECT count(*) AS registered,"
	"  count(*) FILTER (WHERE t.completed_at IS NOT NULL) AS completed,"
	"  count(*) FILTER (WHERE EXISTS (SELECT 1 FROM visits v WHERE v.ticket_no = t.no))"
	"   AS visited,"
	"  count(*) FILTER (WHERE EXISTS (SELECT 1 FROM visits v WHERE v.ticket_no = t.no"
	"   AND v.score >= v.unsatisfied_score)) AS satisfied,"
	"  count(*) FILTER (WHERE t.type = 'B') AS repairs,"
	"  count(*) FILTER (WHERE t.type = 'B' AND t.repeat_of IS NOT NULL) AS repeats"
	"  FROM tickets t WHERE " IN_PERIOD("t.created_at")
	"  AND ($3::text IS NULL OR t.region = $3))"
	"SELECT jsonb_build_object("
	" 'complaints', jsonb_build_object('owned', owned, 'replied_in_time', replied,"
	"  'timely_reply_rate', " RATE("replied", "owned") ", 'closed', closed,"
	"  'closure_rate', " RATE("closed", "owned") ", 'avg_days_to_close', days,"
	"  'overdue', overdue),"
	" 'tickets', jsonb_build_object('registered', registered, 'completed', completed,"
	"  'visited', visited, 'visit_rate', " RATE("visited", "completed") ","
	"  'satisfied_rate', " RATE("satisfied", "visited") ","
	"  'repeat_rate', " RATE("repeats", "repairs") "))::text FROM cm, tk",
};

static void
report_kpi_exec(struct request *req)
{
	const char *params[3] = { 0 };
	struct proto_error err;
	int region = -1;

	if (!read_period(req->args, &params[0], &params[1], &err) ||
	    !arg_enum(req->args, "region", ARG_OPTIONAL, region_names, &region, &err)) {
		request_fail(req, &err);
		return;
	}
	params[2] = region >= 0 ? region_names[region] : NULL;
	req->state = &stmt_kpi;
	db_query(req->db, &stmt_kpi, 3, params, on_report, req);
}

const struct op_entry op_report_kpi = {
	.name = "report.kpi", .roles = ROLE_BIT(ROLE_QUALITY) | ROLE_BIT(ROLE_MANAGER),
	.flags = OP_REPORT,
	.summary = "complaint and ticket indicators of a period: from, to, region?",
	.exec = report_kpi_exec,
};
