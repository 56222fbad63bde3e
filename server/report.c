/*
 * report.c: the quality department's statistics (doc/domain.md, Reports):
 * report.pareto (what the complaints or repairs of a period were about, by
 * count with cumulative percentages, seed 003) and report.kpi (complaint
 * and ticket indicators of a period, the KPIs with their targets) and
 * report.monthly (the monthly pack of seeds 000 and 002, by the 10th: the
 * month's repairs, parts, satisfaction, complaints with responsibility,
 * Pareto and KPIs in one answer). Read only; one statement each, calling
 * the SQL functions that define every figure (sql/functions/90_reports.sql).
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

/* The figures are defined once, in sql/functions/90_reports.sql. */
static struct db_statement stmt_pareto = {
	.what = "pareto",
	.alone = true,      /* a report: never holds up a shared commit */
	.sql = "SELECT report_pareto($1::date, $2::date, $3::text)::text",
};

static const char *const pareto_keys[] = { "category", "department", "cause", "model", NULL };

static void
report_pareto_exec(struct request *req)
{
	const char *params[3];
	struct proto_error err;
	int by = -1;

	if (!arg_period(req->args, &params[0], &params[1], &err) ||
	    !arg_enum(req->args, "by", ARG_REQUIRED, pareto_keys, &by, &err)) {
		request_fail(req, &err);
		return;
	}
	params[2] = pareto_keys[by];
	request_query_cell(req, &stmt_pareto, 3, params);
}

const struct op_entry op_report_pareto = {
	.name = "report.pareto", .roles = ROLE_BIT(ROLE_QUALITY) | ROLE_BIT(ROLE_MANAGER),
	.flags = OP_REPORT,
	.summary = "counts by key, most first, with cumulative percentages: from, to, "
	           "by (category, department, cause, model)",
	.exec = report_pareto_exec,
};

static struct db_statement stmt_kpi = {
	.what = "kpi",
	.alone = true,      /* a report: never holds up a shared commit */
	.sql = "SELECT report_kpi($1::date, $2::date, $3::text)::text",
};

static void
report_kpi_exec(struct request *req)
{
	const char *params[3] = { 0 };
	struct proto_error err;
	int region = -1;

	if (!arg_period(req->args, &params[0], &params[1], &err) ||
	    !arg_enum(req->args, "region", ARG_OPTIONAL, region_names, &region, &err)) {
		request_fail(req, &err);
		return;
	}
	params[2] = region >= 0 ? region_names[region] : NULL;
	request_query_cell(req, &stmt_kpi, 3, params);
}

const struct op_entry op_report_kpi = {
	.name = "report.kpi", .roles = ROLE_BIT(ROLE_QUALITY) | ROLE_BIT(ROLE_MANAGER),
	.flags = OP_REPORT,
	.summary = "complaint and ticket indicators and the KPIs against their targets: "
	           "from, to, region?",
	.exec = report_kpi_exec,
};

static struct db_statement stmt_monthly = {
	.what = "monthly report",
	.alone = true,      /* a report: never holds up a shared commit */
	.sql = "SELECT report_monthly($1::date)::text",
};

static void
report_monthly_exec(struct request *req)
{
	struct proto_error err;
	const char *month;
	char first[sizeof "YYYY-MM-01"];

	if (!arg_month(req->args, "month", ARG_REQUIRED, &month, &err)) {
		request_fail(req, &err);
		return;
	}
	snprintf(first, sizeof first, "%s-01", month);
	const char *params[1] = { first };
	request_query_cell(req, &stmt_monthly, 1, params);
}

const struct op_entry op_report_monthly = {
	.name = "report.monthly", .roles = ROLE_BIT(ROLE_QUALITY) | ROLE_BIT(ROLE_MANAGER),
	.summary = "the monthly pack: repairs, parts, satisfaction, complaints, "
	           "responsibility, Pareto by category, cause and model, the KPIs: month",
	.flags = OP_REPORT,
	.exec = report_monthly_exec,
};
