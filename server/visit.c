/*
 * visit.c: the return visit (回访, doc/domain.md, Return visits):
 * visit.record closes a completed ticket with the
 * customer's ratings.
 *
 * One guarded statement, as the transitions in dispatch.c: `cur` locks the
 * ticket, `upd` closes it only from the states common/states.c allows, the
 * visit row and the ticket event are written, and an unsatisfied visit
 * (score under 80 or any item at 4, sql/functions/60_visits.sql visit_satisfied)
 * opens a service-quality complaint linked to the ticket through the same
 * CTEs as complaint.register (complaint.h), in the same transaction.
 * Answers (ticket json, 'ok', state, complaint no, complaint json), or
 * (NULL, 'state', current state) when the ticket is not completed; no row
 * when there is no such ticket.
 *
 * Given a complaint's number instead, visit.record records the return visit
 * after that complaint (doc/domain.md, Complaint return visits), closing
 * nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/domain.h"
#include "common/states.h"
#include "common/validate.h"
#include "server/complaint.h"
#include "server/db.h"
#include "server/ops.h"
#include "server/push.h"

#define TICKET_NO_MAX 16

enum { P_NO, P_USER, P_FROM, P_ATTITUDE, P_SKILL, P_PUNCTUALITY, P_PROMISE, P_SCORE,
	P_COMMENT, P_COUNT };

static struct db_statement stmt_visit_record = {
	.what = "record a return visit",
	.sql =
	"WITH cur AS (SELECT state FROM tickets WHERE no = $1 FOR UPDATE),"
	" upd AS (UPDATE tickets t SET state = 'closed', version = t.version + 1,"
	"  updated_at = now() FROM cur WHERE t.no = $1 AND t.state = ANY($3::text[])"
	"  RETURNING t AS row, cur.state AS was),"
	/* A return visit is a telephone call (seed 000 (二十二)). */
	" complaint_src AS (SELECT 'phone'::text, 'visit'::text, (upd.row).customer_id, $1::text,"
	"  format('Unsatisfied return visit: score %s; attitude %s, skill %s, punctuality %s,"
	"   promise kept %s (1 very satisfied .. 4 unsatisfied)', $8::int, $4::int, $5::int,"
	"   $6::int, $7::int) || coalesce(E'\\n' || $9::text, ''),"
	"  NULL::text, 'service'::text, $2::text, NULL::text FROM upd"
	"  WHERE NOT visit_satisfied($8::int, $4::int, $5::int, $6::int, $7::int)),"
	COMPLAINT_OPEN_CTES ","
	" visit AS (INSERT INTO visits (ticket_no, by_user, attitude, skill, punctuality, promise,"
	"   score, comment, complaint_no)"
	"  SELECT $1, $2, $4::int, $5::int, $6::int, $7::int, $8::int, $9,"
	"   (SELECT no FROM complaint) FROM upd),"
	" ev AS (INSERT INTO ticket_events (ticket_no, actor, kind, from_state, to_state, details)"
	"  SELECT $1, $2, 'visit', was, 'closed', jsonb_build_object('attitude', $4::int,"
	"   'skill', $5::int, 'punctuality', $6::int, 'promise', $7::int, 'score', $8::int,"
	"   'comment', $9::text, 'complaint', (SELECT no FROM complaint)) FROM upd)"
	"SELECT ticket_json(upd.row)::text, 'ok', (upd.row).state, complaint.no,"
	" complaint_object(complaint.row, (SELECT customer_object(c) FROM customers c"
	"  WHERE c.id = (upd.row).customer_id))::text"
	" FROM upd LEFT JOIN complaint ON true"
	" UNION ALL SELECT NULL, 'state', cur.state, NULL, NULL FROM cur"
	" WHERE NOT EXISTS (SELECT 1 FROM upd)",
};

/*
 * The return visit after a complaint (sql/functions/70_complaints.sql): closes
 * nothing; the ratings go into a `visit` event and the complaint's
 * visit_due is cleared, which takes it out of the to_visit queue. $1 no,
 * $2 user, $3..$7 attitude, skill, punctuality, promise, score, $8 comment.
 * Only in follow_up (the reply accepted), as the to_visit queue shows it.
 * Answers (complaint json, 'ok'), or (NULL, 'state', state) when no visit
 * is due; no row when there is no such complaint.
 */
static struct db_statement stmt_complaint_visit = {
	.what = "record a complaint's return visit",
	.sql =
	"WITH cur AS (SELECT no, state, visit_due FROM complaints WHERE no = $1 FOR UPDATE),"
	" upd AS (UPDATE complaints c SET visit_due = NULL, version = c.version + 1,"
	"  updated_at = now() FROM cur WHERE c.no = cur.no AND cur.visit_due IS NOT NULL"
	"  AND cur.state = 'follow_up'"
	"  RETURNING c AS row, cur.visit_due AS was_due),"
	" ev AS (INSERT INTO complaint_events (complaint_no, actor, kind, from_state, to_state,"
	"   details)"
	"  SELECT $1, $2, 'visit', (row).state, (row).state, jsonb_build_object('attitude',"
	"   $3::int, 'skill', $4::int, 'punctuality', $5::int, 'promise', $6::int, 'score',"
	"   $7::int, 'comment', $8::text, 'satisfied', visit_satisfied($7::int, $3::int,"
	"   $4::int, $5::int, $6::int), 'visit_due', iso_time(was_due)) FROM upd)"
	"SELECT complaint_json(upd.row)::text, 'ok', NULL FROM upd"
	" UNION ALL SELECT NULL, 'state', cur.state FROM cur WHERE NOT EXISTS (SELECT 1 FROM upd)",
};

static void
on_complaint_visited(void *arg, PGresult *res)
{
	struct request *req = arg;
	const char *no = cJSON_GetStringValue(cJSON_GetObjectItem(req->args, "no"));
	struct proto_error err;
	cJSON *complaint;

	if (!db_result_ok(res, &stmt_complaint_visit, &err)) {
		request_fail(req, &err);
		return;
	}
	if (PQntuples(res) == 0) {
		request_failf(req, PROTO_NOT_FOUND, "no", "no complaint %s", no);
		return;
	}
	if (strcmp(PQgetvalue(res, 0, 1), "state") == 0) {
		request_failf(req, PROTO_CONFLICT, "no", "complaint %s (%s) has no return visit "
		    "due", no, PQgetvalue(res, 0, 2));
		return;
	}
	complaint = db_json(res, 0, 0);
	complaint_push(req->srv, cJSON_Duplicate(complaint, true));
	request_reply(req, complaint);
}

static void
on_visit_recorded(void *arg, PGresult *res)
{
	struct request *req = arg;
	const char *no = cJSON_GetStringValue(cJSON_GetObjectItem(req->args, "no"));
	struct proto_error err;
	cJSON *ticket;

	if (!db_result_ok(res, &stmt_visit_record, &err)) {
		request_fail(req, &err);
		return;
	}
	if (PQntuples(res) == 0) {
		request_failf(req, PROTO_NOT_FOUND, "no", "no ticket %s", no);
		return;
	}
	if (strcmp(PQgetvalue(res, 0, 1), "state") == 0) {
		request_failf(req, PROTO_CONFLICT, "no", "ticket %s is %s: a return visit "
		    "is recorded only for a completed ticket", no, PQgetvalue(res, 0, 2));
		return;
	}
	ticket = db_json(res, 0, 0);
	push_publish(req->srv->push, TOPIC_TICKETS, "ticket.changed",
	    cJSON_Duplicate(ticket, true));
	if (!PQgetisnull(res, 0, 3)) {
		complaint_push(req->srv, db_json(res, 0, 4));
		cJSON_AddStringToObject(ticket, "complaint", PQgetvalue(res, 0, 3));
	}
	request_reply(req, ticket);
}

static void
visit_record_exec(struct request *req)
{
	static const char *const items[] = { "attitude", "skill", "punctuality", "promise" };
	char numbers[5][8], from[128];
	const char *params[P_COUNT] = { 0 };
	struct proto_error err;
	int64_t value;

	if (!arg_text(req->args, "no", ARG_REQUIRED, TICKET_NO_MAX, &params[P_NO], &err)) {
		request_fail(req, &err);
		return;
	}
	/* Each item 1 (very satisfied) .. 4 (unsatisfied); then the score. */
	for (int i = 0; i < 5; i++) {
		if (!arg_int(req->args, i < 4 ? items[i] : "score", ARG_REQUIRED, i < 4 ? 1 : 0,
		    i < 4 ? 4 : 100, &value, &err)) {
			request_fail(req, &err);
			return;
		}
		snprintf(numbers[i], sizeof numbers[i], "%d", (int)value);
		params[P_ATTITUDE + i] = numbers[i];
	}
	if (!arg_string(req->args, "comment", ARG_OPTIONAL, 2000, &params[P_COMMENT], &err)) {
		request_fail(req, &err);
		return;
	}
	params[P_USER] = req->client->user;
	if (is_complaint_no(params[P_NO])) {
		const char *complaint[8] = { params[P_NO], params[P_USER], params[P_ATTITUDE],
		    params[P_SKILL], params[P_PUNCTUALITY], params[P_PROMISE], params[P_SCORE],
		    params[P_COMMENT] };
		db_query(req->srv->db, &stmt_complaint_visit, 8, complaint, on_complaint_visited,
		    req);
		return;
	}
	params[P_FROM] = ticket_transition_from_array(ticket_transition_find(req->op->name),
	    from, sizeof from);
	db_query(req->srv->db, &stmt_visit_record, P_COUNT, params, on_visit_recorded, req);
}

const struct op_entry op_visit_record = {
	.name = "visit.record", .roles = ROLE_BIT(ROLE_OPERATOR),
	.summary = "record the return visit and close the ticket, or a complaint's return "
	           "visit (closing nothing): no, attitude, skill, punctuality, promise (1..4), "
	           "score (0..100), comment?",
	.exec = visit_record_exec,
};
