/*
 * visit.c: the return visit (回访, doc/domain.md, Return visits):
 * visit.record closes a completed ticket with the
 * customer's ratings, or (outcome unreachable) counts an attempt that did
 * not reach the customer and sets the call-back, the third closing it.
 *
 * One guarded statement, as the transitions in dispatch.c: `cur` locks the
 * ticket, `upd` closes it only from the states common/states.c allows, the
 * visit row and the ticket event are written, and an unsatisfied visit
 * (score under the setting unsatisfied_score, read once by the statement
 * and kept on the visit row, or any item at 4; sql/functions/60_visits.sql
 * visit_satisfied)
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

#include "common/calendar.h"
#include "common/domain.h"
#include "common/records.h"
#include "common/states.h"
#include "common/timefmt.h"
#include "common/validate.h"
#include "server/complaint.h"
#include "server/db.h"
#include "server/ops.h"
#include "server/policy.h"
#include "server/push.h"
#include "server/visit.h"

#define TICKET_NO_MAX 16

enum { P_NO, P_USER, P_FROM, P_ATTITUDE, P_SKILL, P_PUNCTUALITY, P_PROMISE, P_SCORE,
	P_COMMENT, P_COUNT };

static struct db_statement stmt_visit_record = {
	.what = "record a return visit",
	.sql =
	"WITH cur AS (SELECT state FROM tickets WHERE no = $1 FOR UPDATE),"
	" bar AS (SELECT setting_int('unsatisfied_score')::int AS below),"
	" upd AS (UPDATE tickets t SET state = 'closed', visit_outcome = 'done',"
	"  callback_at = NULL, version = t.version + 1,"
	"  updated_at = now() FROM cur WHERE t.no = $1 AND t.state = ANY($3::text[])"
	"  RETURNING t AS row, cur.state AS was),"
	/* A return visit is a telephone call (seed 000 (二十二)). */
	" complaint_src AS (SELECT 'phone'::text, 'visit'::text, (upd.row).customer_id, $1::text,"
	"  format('Unsatisfied return visit: score %s; attitude %s, skill %s, punctuality %s,"
	"   promise kept %s (1 very satisfied .. 4 unsatisfied)', $8::int, $4::int, $5::int,"
	"   $6::int, $7::int) || coalesce(E'\\n' || $9::text, ''),"
	"  NULL::text, 'service'::text, $2::text, NULL::text FROM upd"
	"  WHERE NOT visit_satisfied($8::int, $4::int, $5::int, $6::int, $7::int,"
	"   (SELECT below FROM bar))),"
	COMPLAINT_OPEN_CTES ","
	" visit AS (INSERT INTO visits (ticket_no, by_user, attitude, skill, punctuality, promise,"
	"   score, comment, complaint_no, unsatisfied_score)"
	"  SELECT $1, $2, $4::int, $5::int, $6::int, $7::int, $8::int, $9,"
	"   (SELECT no FROM complaint), (SELECT below FROM bar) FROM upd),"
	" ev AS (INSERT INTO ticket_events (ticket_no, actor, kind, from_state, to_state, details)"
	"  SELECT $1, $2, 'visit', was, 'closed', jsonb_build_object('outcome', 'done',"
	"   'attitude', $4::int,"
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
	"   $4::int, $5::int, $6::int, setting_int('unsatisfied_score')::int),"
	"   'unsatisfied_score', setting_int('unsatisfied_score'),"
	"   'visit_due', iso_time(was_due)) FROM upd)"
	"SELECT complaint_json(upd.row)::text, 'ok', NULL FROM upd"
	" UNION ALL SELECT NULL, 'state', cur.state FROM cur WHERE NOT EXISTS (SELECT 1 FROM upd)",
};

/*
 * A return visit that did not reach the customer (outcome unreachable): one
 * more attempt on the ticket, which stays completed with its call-back at
 * $4 (the next working half-day, computed by the daemon) as its place in
 * the to_visit queue (visit_due); the attempt that makes $5 closes it as
 * unreachable. Not before the last attempt's call-back time ('early'): the
 * attempts are half a working day apart. $1 no, $2 user, $3 the states
 * allowed, $6 comment. Answers as stmt_visit_record (ticket json, 'ok',
 * state, NULL, NULL) or (NULL, 'state' | 'early', state, the call-back
 * time, NULL); no row when there is no such ticket.
 */
static struct db_statement stmt_visit_unreachable = {
	.what = "record an unreachable return visit",
	.sql =
	"WITH cur AS (SELECT state, visit_attempts, callback_at FROM tickets WHERE no = $1"
	"  FOR UPDATE),"
	" due AS (SELECT 1 FROM cur WHERE state = ANY($3::text[])"
	"  AND (callback_at IS NULL OR callback_at <= now())),"
	" wait AS (UPDATE tickets t SET visit_attempts = t.visit_attempts + 1,"
	"  callback_at = $4::timestamptz, visit_due = $4::timestamptz,"
	"  version = t.version + 1, updated_at = now() FROM cur"
	"  WHERE t.no = $1 AND EXISTS (SELECT 1 FROM due) AND cur.visit_attempts + 1 < $5::int"
	"  RETURNING t AS row, cur.state AS was),"
	/* state in the SET list of this one only: the visit_due trigger
	 * (sql/functions/60_visits.sql) must not undo the other's visit_due */
	" gone AS (UPDATE tickets t SET state = 'closed', visit_outcome = 'unreachable',"
	"  visit_attempts = t.visit_attempts + 1, callback_at = NULL,"
	"  version = t.version + 1, updated_at = now() FROM cur"
	"  WHERE t.no = $1 AND EXISTS (SELECT 1 FROM due) AND cur.visit_attempts + 1 >= $5::int"
	"  RETURNING t AS row, cur.state AS was),"
	" upd AS (SELECT * FROM wait UNION ALL SELECT * FROM gone),"
	" ev AS (INSERT INTO ticket_events (ticket_no, actor, kind, from_state, to_state, details)"
	"  SELECT $1, $2, 'visit', was, (row).state, jsonb_build_object('outcome',"
	"   'unreachable', 'attempt', (row).visit_attempts, 'of', $5::int,"
	"   'callback_at', iso_time((row).callback_at), 'comment', $6::text) FROM upd)"
	"SELECT ticket_json(upd.row)::text, 'ok', (upd.row).state, NULL, NULL FROM upd"
	" UNION ALL SELECT NULL, CASE WHEN cur.state = ANY($3::text[]) THEN 'early'"
	"  ELSE 'state' END, cur.state, iso_time(cur.callback_at), NULL"
	" FROM cur WHERE NOT EXISTS (SELECT 1 FROM upd)",
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

/* The answer of stmt_visit_record or stmt_visit_unreachable (req->state). */
static void
on_visit_recorded(void *arg, PGresult *res)
{
	struct request *req = arg;
	const char *no = cJSON_GetStringValue(cJSON_GetObjectItem(req->args, "no"));
	struct proto_error err;
	cJSON *ticket;

	if (!db_result_ok(res, req->state, &err)) {
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
	if (strcmp(PQgetvalue(res, 0, 1), "early") == 0) {
		request_failf(req, PROTO_CONFLICT, "outcome", "ticket %s waits for its call-back "
		    "at %s: the next attempt counts from then", no, PQgetvalue(res, 0, 3));
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

bool
visit_read_ratings(const cJSON *args, const char **params, char numbers[5][8],
    struct proto_error *err)
{
	static const char *const items[] = { "attitude", "skill", "punctuality", "promise" };
	int64_t value;

	/* Each item 1 (very satisfied) .. 4 (unsatisfied); then the score. */
	for (int i = 0; i < 5; i++) {
		if (!arg_int(args, i < 4 ? items[i] : "score", ARG_REQUIRED, i < 4 ? 1 : 0,
		    i < 4 ? 4 : 100, &value, err))
			return false;
		snprintf(numbers[i], sizeof numbers[i], "%d", (int)value);
		params[i] = numbers[i];
	}
	return true;
}

/* An unreachable customer answered nothing: a rating given is refused. */
static bool
no_ratings(const cJSON *args, struct proto_error *err)
{
	static const char *const ratings[] = { "attitude", "skill", "punctuality", "promise",
		"score" };

	for (size_t i = 0; i < sizeof ratings / sizeof ratings[0]; i++) {
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(args, ratings[i]);
		if (v != NULL && !cJSON_IsNull(v))
			return proto_fail(err, PROTO_INVALID_ARGUMENT, ratings[i], "%s is not "
			    "given with outcome unreachable: the customer was not reached",
			    ratings[i]);
	}
	return true;
}

/* outcome unreachable: the call-back is the next working half-day. */
static void
unreachable_exec(struct request *req, const char *const *params)
{
	time_t at = calendar_next_half_day(policy_calendar(req->srv->policy), time(NULL));
	char callback[TIMEFMT_LEN], attempts[8];
	const char *values[6] = { params[P_NO], params[P_USER], params[P_FROM], callback,
	    attempts, params[P_COMMENT] };

	if (at == (time_t)-1) {
		request_failf(req, PROTO_CONFLICT, "outcome", "the business calendar has no "
		    "working day: no call-back can be set");
		return;
	}
	time_format_iso(at, callback, sizeof callback);
	snprintf(attempts, sizeof attempts, "%d", VISIT_ATTEMPTS_MAX);
	req->state = &stmt_visit_unreachable;
	db_query(req->srv->db, &stmt_visit_unreachable, 6, values, on_visit_recorded, req);
}

static void
visit_record_exec(struct request *req)
{
	char numbers[5][8], from[128];
	const char *params[P_COUNT] = { 0 };
	struct proto_error err;
	int outcome = 0;   /* done */
	bool reached;

	if (!arg_text(req->args, "no", ARG_REQUIRED, TICKET_NO_MAX, &params[P_NO], &err) ||
	    !arg_enum(req->args, "outcome", ARG_OPTIONAL, visit_outcome_names, &outcome, &err)) {
		request_fail(req, &err);
		return;
	}
	reached = strcmp(visit_outcome_names[outcome], "done") == 0;
	if ((reached ? !visit_read_ratings(req->args, &params[P_ATTITUDE], numbers, &err) :
	    !no_ratings(req->args, &err)) ||
	    !arg_string(req->args, "comment", ARG_OPTIONAL, VISIT_COMMENT_MAX,
	        &params[P_COMMENT], &err)) {
		request_fail(req, &err);
		return;
	}
	params[P_USER] = req->client->user;
	if (is_complaint_no(params[P_NO])) {
		if (!reached) {
			request_failf(req, PROTO_INVALID_ARGUMENT, "outcome", "outcome unreachable "
			    "is for a ticket's return visit, not a complaint's");
			return;
		}
		const char *complaint[8] = { params[P_NO], params[P_USER], params[P_ATTITUDE],
		    params[P_SKILL], params[P_PUNCTUALITY], params[P_PROMISE], params[P_SCORE],
		    params[P_COMMENT] };
		db_query(req->srv->db, &stmt_complaint_visit, 8, complaint, on_complaint_visited,
		    req);
		return;
	}
	params[P_FROM] = ticket_transition_from_array(ticket_transition_find(req->op->name),
	    from, sizeof from);
	if (!reached) {
		unreachable_exec(req, params);
		return;
	}
	req->state = &stmt_visit_record;
	db_query(req->srv->db, &stmt_visit_record, P_COUNT, params, on_visit_recorded, req);
}

const struct op_entry op_visit_record = {
	.name = "visit.record", .roles = ROLE_BIT(ROLE_OPERATOR),
	.summary = "record the return visit and close the ticket, or a complaint's return "
	           "visit (closing nothing): no, outcome? (done, unreachable), attitude, skill, "
	           "punctuality, promise (1..4), score (0..100) (none when unreachable), "
	           "comment?",
	.exec = visit_record_exec,
};
