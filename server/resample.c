/*
 * resample.c: head office's return-visit resample (doc/domain.md, Return
 * visits, The resample; seed 004: 15% of the visited repairs are called
 * again). The draw is the database's, when a ticket's first visit is written
 * (sql/functions/88_resample.sql); here are the operators' queue
 * (resample.list: the second calls still to make, never one whose first
 * visit the caller made), the second call (resample.record: the same
 * ratings as visit.record, judged against the first visit) and the report
 * (report.resample: sampled, called, disagreed, per operator of the first
 * visit; the same SQL function fills the monthly pack's `resample`).
 *
 * The queue carries no customer data: the form reads the ticket with
 * ticket.get, which audits the read. The first visit's answers are in
 * nothing an operator reads here: the second call is made blind.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/records.h"
#include "common/validate.h"
#include "server/db.h"
#include "server/ops.h"
#include "server/visit.h"

#define TICKET_NO_MAX 16
#define QUEUE_LIMIT_MAX 500
#define QUEUE_LIMIT_DEFAULT 100

/*
 * The second calls $1 (the caller) may make, oldest first visit first, at
 * most $2; total counts them all. Served by resamples_pending
 * (sql/033_resample.sql).
 */
static struct db_statement stmt_resample_list = {
	.what = "resample queue",
	.sql =
	"WITH page AS (SELECT * FROM resamples WHERE called_at IS NULL AND first_by <> $1"
	"  ORDER BY visited_at, ticket_no LIMIT $2::int)"
	"SELECT jsonb_build_object('resamples', coalesce((SELECT jsonb_agg(jsonb_build_object("
	"  'ticket_no', p.ticket_no, 'first_by', p.first_by, 'first_by_name', u.name,"
	"  'visited_at', iso_time(p.visited_at), 'model', un.model, 'fault', t.fault,"
	"  'technician', t.technician, 'region', t.region) ORDER BY p.visited_at, p.ticket_no)"
	"  FROM page p JOIN tickets t ON t.no = p.ticket_no"
	"  LEFT JOIN units un ON un.id = t.unit_id LEFT JOIN users u ON u.login = p.first_by),"
	"  '[]'), 'total', (SELECT count(*) FROM resamples WHERE called_at IS NULL"
	"  AND first_by <> $1))::text",
};

static void
resample_list_exec(struct request *req)
{
	int64_t limit = QUEUE_LIMIT_DEFAULT;
	char limit_text[16];
	const char *params[2];
	struct proto_error err;

	if (!arg_int(req->args, "limit", ARG_OPTIONAL, 1, QUEUE_LIMIT_MAX, &limit, &err)) {
		request_fail(req, &err);
		return;
	}
	snprintf(limit_text, sizeof limit_text, "%d", (int)limit);
	params[0] = req->client->user;
	params[1] = limit_text;
	request_query_cell(req, &stmt_resample_list, 2, params);
}

const struct op_entry op_resample_list = {
	.name = "resample.list", .roles = ROLE_BIT(ROLE_OPERATOR),
	.summary = "the resample's second calls still to make, none of the caller's own "
	           "first visits: limit? (1..500, 100)",
	.exec = resample_list_exec,
};

/*
 * The second call of drawn ticket $1 by $2: ratings $3..$6, score $7,
 * comment $8, judged satisfied by the first visit's own unsatisfied_score
 * and compared with it (resample_disagrees). Only once, and never by the
 * operator of the first visit. Answers (resample json, 'ok'), or (NULL,
 * 'called' | 'first'); no row when the ticket was not drawn.
 */
static struct db_statement stmt_resample_record = {
	.what = "record a resample's second call",
	.sql =
	"WITH cur AS (SELECT r.ticket_no, r.first_by, r.called_at, v AS first FROM resamples r"
	"  JOIN visits v ON v.id = r.visit_id WHERE r.ticket_no = $1 FOR UPDATE OF r),"
	" judged AS (SELECT cur.*, visit_satisfied($7::int, $3::int, $4::int, $5::int, $6::int,"
	"  (cur.first).unsatisfied_score) AS sat FROM cur),"
	" upd AS (UPDATE resamples r SET called_by = $2, called_at = now(), attitude = $3::int,"
	"  skill = $4::int, punctuality = $5::int, promise = $6::int, score = $7::int,"
	"  comment = $8, satisfied = j.sat, disagreed = resample_disagrees(j.first, $3::int,"
	"  $4::int, $5::int, $6::int, j.sat) FROM judged j WHERE r.ticket_no = j.ticket_no"
	"  AND j.called_at IS NULL AND j.first_by <> $2 RETURNING r AS row)"
	"SELECT resample_json(upd.row)::text, 'ok' FROM upd"
	" UNION ALL SELECT NULL, CASE WHEN called_at IS NOT NULL THEN 'called' ELSE 'first' END"
	" FROM cur WHERE NOT EXISTS (SELECT 1 FROM upd)",
};

static void
on_resample_recorded(void *arg, PGresult *res)
{
	struct request *req = arg;
	const char *no = cJSON_GetStringValue(cJSON_GetObjectItem(req->args, "no"));
	struct proto_error err;

	if (!db_result_ok(res, &stmt_resample_record, &err)) {
		request_fail(req, &err);
		return;
	}
	if (PQntuples(res) == 0) {
		request_failf(req, PROTO_NOT_FOUND, "no", "ticket %s was not drawn for the "
		    "resample", no);
		return;
	}
	if (strcmp(PQgetvalue(res, 0, 1), "called") == 0) {
		request_failf(req, PROTO_CONFLICT, "no", "ticket %s has had its second call "
		    "already", no);
		return;
	}
	if (strcmp(PQgetvalue(res, 0, 1), "first") == 0) {
		request_failf(req, PROTO_FORBIDDEN, "no", "you made the first return visit of "
		    "ticket %s: another operator makes the second call", no);
		return;
	}
	request_reply(req, db_json(res, 0, 0));
}

static void
resample_record_exec(struct request *req)
{
	char numbers[5][8];
	const char *params[8];
	struct proto_error err;

	if (!arg_text(req->args, "no", ARG_REQUIRED, TICKET_NO_MAX, &params[0], &err) ||
	    !visit_read_ratings(req->args, &params[2], numbers, &err) ||
	    !arg_string(req->args, "comment", ARG_OPTIONAL, VISIT_COMMENT_MAX, &params[7],
	        &err)) {
		request_fail(req, &err);
		return;
	}
	params[1] = req->client->user;
	db_query(req->db, &stmt_resample_record, 8, params, on_resample_recorded, req);
}

const struct op_entry op_resample_record = {
	.name = "resample.record", .roles = ROLE_BIT(ROLE_OPERATOR),
	.summary = "record the resample's second call of a drawn ticket (not by the operator "
	           "of its first visit): no, attitude, skill, punctuality, promise (1..4), "
	           "score (0..100), comment?",
	.exec = resample_record_exec,
};

/* sql/functions/88_resample.sql, report_resample. */
static struct db_statement stmt_report_resample = {
	.what = "resample report",
	.alone = true,      /* a report: never holds up a shared commit */
	.sql = "SELECT report_resample($1::date, $2::date)::text",
};

static void
report_resample_exec(struct request *req)
{
	const char *params[2];
	struct proto_error err;

	if (!arg_period(req->args, &params[0], &params[1], &err)) {
		request_fail(req, &err);
		return;
	}
	request_query_cell(req, &stmt_report_resample, 2, params);
}

const struct op_entry op_report_resample = {
	.name = "report.resample", .roles = ROLE_BIT(ROLE_QUALITY) | ROLE_BIT(ROLE_MANAGER),
	.summary = "head office's resample of the return visits first made in a period: "
	           "from, to -> sampled, called, disagreed, by_operator[]",
	.flags = OP_REPORT,
	.exec = report_resample_exec,
};
