/*
 * report_daily.c: the daily work report (doc/domain.md, Reports): report.daily
 * (one day's figures per technician or per service point, with totals) and
 * report.repeats (repeat repairs of a period counted against the technician
 * of the EARLIER ticket). Read only; one statement each; the indexes that
 * serve them are in sql/031_daily.sql (doc/architecture.md, Reports).
 *
 * A day is the centre's (the session's TimeZone): from 00:00 inside to the
 * next 00:00 outside.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/domain.h"
#include "common/validate.h"
#include "server/db.h"
#include "server/ops.h"

#define ON_DAYS(col) "(" col " >= $1::date AND " col " < $2::date + 1)"

/*
 * Repeat repairs registered in [$1, $2] per technician of the ticket they
 * repeat (the earlier one): that technician's work came back. The repeat
 * carries that technician (repeat_technician, kept by the write path:
 * sql/041_repeat_technician.sql), so this is an index-only scan of
 * tickets_repeats_created.
 */
#define REPEATS_CTE \
	" rep AS (SELECT t.repeat_technician AS tech, count(*) AS n FROM tickets t" \
	"  WHERE t.type = 'B' AND t.repeat_of IS NOT NULL AND " ON_DAYS("t.created_at") \
	"  AND t.repeat_technician IS NOT NULL GROUP BY 1)"

/*
 * Per technician ($1 = $2 = the day): calls (tickets dispatched or reassigned
 * to them that day, each once), completed (tickets they held completed that
 * day) and work_minutes (the labour minutes of those tickets' repair cards),
 * arrivals (their ticket.arrive of that day) and on_time (those recorded
 * within the arrival due time, or without one), repeats (REPEATS_CTE).
 * Every active technician has a row; an inactive one only with a figure.
 * $3 technician or service_point: the technicians' rows summed by their
 * point (no point: key null). totals sums the rows.
 */
static struct db_statement stmt_daily = {
	.what = "daily report",
	.alone = true,      /* a report: never holds up a shared commit */
	.sql =
	"WITH calls AS (SELECT e.details->>'technician' AS tech, count(DISTINCT e.ticket_no) AS n"
	"  FROM ticket_events e WHERE e.kind IN ('dispatch', 'reassign') AND " ON_DAYS("e.at")
	"  GROUP BY 1),"
	" done AS (SELECT t.technician AS tech, count(*) AS n,"
	"  sum(coalesce((t.repair->>'labour_minutes')::int, 0)) AS minutes FROM tickets t"
	"  WHERE t.completed_at IS NOT NULL AND " ON_DAYS("t.completed_at")
	"  AND t.technician IS NOT NULL GROUP BY 1),"
	" arr AS (SELECT e.actor AS tech, count(*) AS n,"
	"  count(*) FILTER (WHERE (e.details->>'on_time')::boolean) AS on_time"
	"  FROM ticket_events e WHERE e.kind = 'arrive' AND " ON_DAYS("e.at") " GROUP BY 1),"
	REPEATS_CTE ","
	" f AS (SELECT u.login, u.name, u.service_point_id AS point, coalesce(c.n, 0) AS calls,"
	"  coalesce(d.n, 0) AS completed, coalesce(a.n, 0) AS arrivals,"
	"  coalesce(a.on_time, 0) AS on_time, coalesce(d.minutes, 0) AS minutes,"
	"  coalesce(r.n, 0) AS repeats FROM users u"
	"  LEFT JOIN calls c ON c.tech = u.login LEFT JOIN done d ON d.tech = u.login"
	"  LEFT JOIN arr a ON a.tech = u.login LEFT JOIN rep r ON r.tech = u.login"
	"  WHERE u.role = 'technician' AND (u.active OR c.n IS NOT NULL OR d.n IS NOT NULL"
	"  OR a.n IS NOT NULL OR r.n IS NOT NULL)),"
	" g AS (SELECT to_jsonb(f.login) AS key, f.name, f.login AS ord, calls, completed,"
	"  arrivals, on_time, minutes, repeats FROM f WHERE $3 = 'technician'"
	"  UNION ALL SELECT to_jsonb(p.id), p.name, lpad(p.id::text, 20, '0'),"
	"  sum(calls), sum(completed), sum(arrivals), sum(on_time), sum(minutes), sum(repeats)"
	"  FROM f LEFT JOIN service_points p ON p.id = f.point WHERE $3 = 'service_point'"
	"  GROUP BY p.id, p.name)"
	"SELECT jsonb_build_object('day', $1::date, 'by', $3::text,"
	" 'rows', coalesce(jsonb_agg(jsonb_build_object('key', key, 'name', name, 'calls', calls,"
	"  'completed', completed, 'arrivals', arrivals, 'on_time', on_time,"
	"  'work_minutes', minutes, 'repeats', repeats) ORDER BY ord NULLS LAST), '[]'),"
	" 'totals', jsonb_build_object('calls', coalesce(sum(calls), 0),"
	"  'completed', coalesce(sum(completed), 0), 'arrivals', coalesce(sum(arrivals), 0),"
	"  'on_time', coalesce(sum(on_time), 0), 'work_minutes', coalesce(sum(minutes), 0),"
	"  'repeats', coalesce(sum(repeats), 0)))::text FROM g",
};

static const char *const daily_keys[] = { "technician", "service_point", NULL };

static void
report_daily_exec(struct request *req)
{
	const char *params[3];
	struct proto_error err;
	int by = -1;

	if (!arg_date(req->args, "day", ARG_REQUIRED, &params[0], &err) ||
	    !arg_enum(req->args, "by", ARG_REQUIRED, daily_keys, &by, &err)) {
		request_fail(req, &err);
		return;
	}
	params[1] = params[0];
	params[2] = daily_keys[by];
	request_query_cell(req, &stmt_daily, 3, params);
}

#define DAILY_ROLES (ROLE_BIT(ROLE_QUALITY) | ROLE_BIT(ROLE_MANAGER) | ROLE_BIT(ROLE_DISPATCHER))

const struct op_entry op_report_daily = {
	.name = "report.daily", .roles = DAILY_ROLES,
	.flags = OP_REPORT,
	.summary = "one day's work per technician or service point, with totals: day, "
	           "by (technician, service_point)",
	.exec = report_daily_exec,
};

/* Technicians with a repeat in the period, most first, then by login. */
static struct db_statement stmt_repeats = {
	.what = "repeat repairs",
	.alone = true,      /* a report: never holds up a shared commit */
	.sql =
	"WITH" REPEATS_CTE
	"SELECT jsonb_build_object('rows', coalesce(jsonb_agg(jsonb_build_object('key', r.tech,"
	"  'name', u.name, 'repeats', r.n) ORDER BY r.n DESC, r.tech), '[]'),"
	" 'total', coalesce(sum(r.n), 0))::text FROM rep r LEFT JOIN users u ON u.login = r.tech",
};

static void
report_repeats_exec(struct request *req)
{
	const char *params[2];
	struct proto_error err;

	if (!arg_period(req->args, &params[0], &params[1], &err)) {
		request_fail(req, &err);
		return;
	}
	request_query_cell(req, &stmt_repeats, 2, params);
}

const struct op_entry op_report_repeats = {
	.name = "report.repeats", .roles = DAILY_ROLES,
	.flags = OP_REPORT,
	.summary = "repeat repairs of a period per technician of the earlier ticket: from, to",
	.exec = report_repeats_exec,
};
