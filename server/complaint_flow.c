/*
 * complaint_flow.c: a complaint's way through the quality department (issue
 * #5; doc/domain.md, Complaint routes, Complaint stages, Complaint replies
 * and rounds; svcdesk-protocol(7), COMPLAINT STATES):
 * complaint.classify, complaint.advance, complaint.approve, complaint.reply
 * and complaint.close.
 *
 * Each transition is ONE guarded statement with its event, as dispatch.c's:
 * `cur` locks the complaint, `upd` moves it only from the states the op
 * starts from, and the tail answers (complaint json, 'ok', state[, extra
 * json]) or (NULL, 'state' | 'not_yours' | 'reason', current state); no row:
 * no such complaint. Deadlines are counted in working days by the daemon's
 * cached business calendar (policy.c, common/calendar.c) with the route's
 * Saturday flag, so classify and advance first read what they need (the route, the
 * next stage's budget), compute the due times and pass them in; the guarded
 * statement checks nothing moved in between (the stage's seq).
 *
 * Those states are common/complaint_states.c's table, the one the client
 * offers its dialogs from: flow_run passes the op's from-list as the
 * statement's last parameter, a text[] (`state = ANY($N::text[])`, and
 * `<> ALL` in the refusal); no statement here spells them. close's reason
 * rule stays in its statement: from follow_up without a reason, from its
 * other states (received, routed: not substantiated) only with one.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/complaint_states.h"
#include "common/records.h"
#include "common/timefmt.h"
#include "common/validate.h"
#include "server/complaint.h"
#include "server/db.h"
#include "server/log.h"
#include "server/ops.h"
#include "server/policy.h"
#include "server/push.h"

#define COMPLAINT_NO_MAX 16
#define FLOW_PARAMS_MAX 11   /* classify's ten and the from-list */

const char *const complaint_category_names[] = {
	"service", "packaging", "product", "suggestion", "other", "contract", NULL
};
static const char *const severity_names[] = { "serious", "minor", NULL };

/* The answer of every guarded statement (see the top of the file). */
#define FLOW_TAIL(extra, refusal) \
	" SELECT complaint_json(upd.row)::text, 'ok', (upd.row).state, " extra " FROM upd" \
	" UNION ALL SELECT NULL, " refusal ", cur.state, NULL FROM cur" \
	" WHERE NOT EXISTS (SELECT 1 FROM upd)"
#define FLOW_EVENT(kind, details) \
	" ev AS (INSERT INTO complaint_events (complaint_no, actor, kind, from_state, to_state," \
	"  details) SELECT $1, $2, '" kind "', upd.was, (upd.row).state, " details " FROM upd)"

/* ---- Running a guarded statement and answering it. */

void
complaint_refuse_state(struct request *req, const char *no, const char *state)
{
	request_failf(req, PROTO_CONFLICT, "no", "complaint %s is %s: %s is not allowed now",
	    no, state, req->op->name);
}

struct flow_call {
	struct db_statement *stmt;
	char no[COMPLAINT_NO_MAX + 1];
};

static void
refuse(struct request *req, const char *no, const char *status, const char *state)
{
	if (strcmp(status, "not_yours") == 0)
		request_failf(req, PROTO_FORBIDDEN, "no", "complaint %s is at a stage of "
		    "another department", no);
	else if (strcmp(status, "moved") == 0)
		request_failf(req, PROTO_CONFLICT, "no", "complaint %s moved on from that stage "
		    "meanwhile: read it again", no);
	else if (strcmp(status, "reason") == 0)
		request_failf(req, PROTO_INVALID_ARGUMENT, "reason", "closing a %s complaint "
		    "(not substantiated) needs a reason", state);
	else
		complaint_refuse_state(req, no, state);
}

/* After a move: complaint.changed, and what the extra column asks for. */
static void
announce(struct request *req, const cJSON *complaint, cJSON *extra)
{
	struct push *push = req->srv->push;

	complaint_push(req->srv, cJSON_Duplicate(complaint, true));
	if (extra == NULL)
		return;
	if (cJSON_IsTrue(cJSON_GetObjectItem(complaint, "major")) &&
	    strcmp(req->op->name, "complaint.classify") == 0) {
		cJSON *alert = cJSON_CreateObject();
		cJSON_AddStringToObject(alert, "kind", "major");
		cJSON_AddItemToObject(alert, "complaint", cJSON_Duplicate(complaint, true));
		push_publish(push, TOPIC_COMPLAINTS, "complaint.alert", alert);
	} else if (cJSON_IsObject(extra))   /* the next round a rejected reply opened */
		complaint_push(req->srv, cJSON_Duplicate(extra, true));
	cJSON_Delete(extra);
}

static void
on_flow(void *arg, PGresult *res)
{
	struct request *req = arg;
	struct flow_call call = *(struct flow_call *)req->state;
	struct proto_error err;
	cJSON *complaint;

	free(req->state);
	req->state = NULL;
	if (!db_result_ok(res, call.stmt, &err)) {
		request_fail(req, &err);
		return;
	}
	if (PQntuples(res) == 0) {
		request_failf(req, PROTO_NOT_FOUND, "no", "no complaint %s", call.no);
		return;
	}
	if (strcmp(PQgetvalue(res, 0, 1), "ok") != 0) {
		refuse(req, call.no, PQgetvalue(res, 0, 1), PQgetvalue(res, 0, 2));
		return;
	}
	complaint = db_json(res, 0, 0);
	announce(req, complaint, PQgetisnull(res, 0, 3) ? NULL : db_json(res, 0, 3));
	request_reply(req, complaint);
}

/* params[0] is the complaint's number, params[1] the acting user; the
 * statement gets them and, as $(n + 1), the states the op starts from
 * (common/complaint_states.c) as a text[]. */
static void
flow_run(struct request *req, struct db_statement *stmt, int n, const char *const *params)
{
	struct flow_call *call;
	const char *all[FLOW_PARAMS_MAX];
	char from[128];

	if (n >= FLOW_PARAMS_MAX) {
		request_failf(req, PROTO_INTERNAL, NULL, "%s: too many parameters", stmt->what);
		return;
	}
	call = malloc(sizeof *call);
	if (call == NULL) {
		request_failf(req, PROTO_INTERNAL, NULL, "out of memory");
		return;
	}
	call->stmt = stmt;
	snprintf(call->no, sizeof call->no, "%s", params[0]);
	memcpy(all, params, (size_t)n * sizeof *params);
	all[n] = complaint_transition_from_array(req->op->name, from, sizeof from);
	req->state = call;
	db_query(req->srv->db, stmt, n + 1, all, on_flow, req);
}

/* A due time `days` working days after `from` (major: plain hours, the
 * setting major_stage_hours). */
static bool
due_after(struct request *req, time_t from, double days, bool saturday, char *out, size_t size)
{
	const struct policy *p = req->srv->policy;
	time_t due = days < 0 ? from + (time_t)policy_setting(p, "major_stage_hours") * 3600 :
	    calendar_add_working_days(policy_calendar(req->srv->policy), from, days, saturday);

	if (due == (time_t)-1) {
		log_warn("the business calendar has no working day: no complaint deadline");
		request_failf(req, PROTO_INTERNAL, NULL, "the business calendar has no working day");
		return false;
	}
	time_format_iso(due, out, size);
	return true;
}

/* ---- complaint.classify */

/* The route of the category for this complaint's customer (abroad or not). */
static struct db_statement stmt_classify_route = {
	.what = "route for a complaint",
	.sql = "SELECT CASE WHEN cu.abroad THEN coalesce(r.abroad_stages, r.stages) ELSE r.stages"
	       "  END::text, CASE WHEN cu.abroad THEN coalesce(r.abroad_close_days, r.close_days)"
	       "  ELSE r.close_days END::float8, r.saturday_counts"
	       " FROM complaints c JOIN customers cu ON cu.id = c.customer_id"
	       " JOIN routes r ON r.category = $2 WHERE c.no = $1",
};

/* $3 severity, $4 category, $5 major, $6 stages [{seq, department, days}],
 * $7 the first stage's due, $8 close_due, $9 saturday_counts, $10 now,
 * $11 the states it starts from. */
static struct db_statement stmt_classify = {
	.what = "classify a complaint",
	.sql = "WITH cur AS (SELECT state FROM complaints WHERE no = $1 FOR UPDATE),"
	       " first AS (SELECT x.department FROM jsonb_to_recordset($6::jsonb)"
	       "  AS x (seq int, department text) WHERE x.seq = 1),"
	       " upd AS (UPDATE complaints c SET state = 'routed', severity = $3, category = $4,"
	       "  major = $5::boolean, department = category_department($4),"
	       "  stage = (SELECT department FROM first), stage_due = $7::timestamptz,"
	       "  close_due = $8::timestamptz, saturday_counts = $9::boolean,"
	       "  version = c.version + 1, updated_at = now() FROM cur"
	       "  WHERE c.no = $1 AND c.state = ANY($11::text[]) RETURNING c AS row, cur.state AS was),"
	       " st AS (INSERT INTO complaint_stages (complaint_no, seq, department, budget_days,"
	       "  started_at, due) SELECT $1, x.seq, x.department, x.days,"
	       "  CASE WHEN x.seq = 1 THEN $10::timestamptz END,"
	       "  CASE WHEN x.seq = 1 THEN $7::timestamptz END"
	       "  FROM upd, jsonb_to_recordset($6::jsonb) AS x (seq int, department text, days numeric)),"
	       FLOW_EVENT("classify", "jsonb_build_object('severity', $3::text, 'category', $4::text,"
	           " 'major', $5::boolean, 'department', category_department($4))")
	       FLOW_TAIL("CASE WHEN $5::boolean THEN 'true' END", "'state'"),
};

struct classify {
	const char *no, *severity, *category;
	bool major;
};

/* The complaint's stages: major first goes to management for
 * major_stage_hours (an hour as shipped). */
static cJSON *
classify_stages(const cJSON *route, bool major)
{
	cJSON *stages = cJSON_CreateArray();
	const cJSON *s;
	int seq = 0;

	if (major) {
		cJSON *m = cJSON_CreateObject();
		cJSON_AddNumberToObject(m, "seq", ++seq);
		cJSON_AddStringToObject(m, "department", "management");
		cJSON_AddNullToObject(m, "days");
		cJSON_AddItemToArray(stages, m);
	}
	cJSON_ArrayForEach(s, route) {
		cJSON *copy = cJSON_Duplicate(s, true);
		cJSON_AddNumberToObject(copy, "seq", ++seq);
		cJSON_AddItemToArray(stages, copy);
	}
	return stages;
}

static void
on_classify_route(void *arg, PGresult *res)
{
	struct request *req = arg;
	struct classify *cl = req->state;
	struct proto_error err;
	char first_due[TIMEFMT_LEN], close_due[TIMEFMT_LEN], now_text[TIMEFMT_LEN];
	time_t now = time(NULL);
	cJSON *route, *stages;
	char *stages_text;
	bool saturday;
	double first_days;

	req->state = NULL;
	if (!db_result_ok(res, &stmt_classify_route, &err) || PQntuples(res) == 0) {
		if (PQntuples(res) == 0 && res != NULL && PQresultStatus(res) == PGRES_TUPLES_OK)
			request_failf(req, PROTO_NOT_FOUND, "no", "no complaint %s", cl->no);
		else
			request_fail(req, &err);
		free(cl);
		return;
	}
	route = db_json(res, 0, 0);
	saturday = strcmp(PQgetvalue(res, 0, 2), "t") == 0;
	stages = classify_stages(route, cl->major);
	first_days = cl->major ? -1 : cJSON_GetNumberValue(cJSON_GetObjectItem(
	    cJSON_GetArrayItem(route, 0), "days"));
	cJSON_Delete(route);
	time_format_iso(now, now_text, sizeof now_text);
	if (!due_after(req, now, first_days, saturday, first_due, sizeof first_due) ||
	    !due_after(req, now, atof(PQgetvalue(res, 0, 1)), saturday, close_due,
	    sizeof close_due)) {
		cJSON_Delete(stages);
		free(cl);
		return;
	}
	stages_text = cJSON_PrintUnformatted(stages);
	cJSON_Delete(stages);
	const char *params[10] = { cl->no, req->client->user, cl->severity, cl->category,
	    cl->major ? "true" : "false", stages_text, first_due, close_due,
	    saturday ? "true" : "false", now_text };
	free(cl);
	flow_run(req, &stmt_classify, 10, params);
	cJSON_free(stages_text);
}

static void
classify_exec(struct request *req)
{
	struct classify *cl = calloc(1, sizeof *cl);
	struct proto_error err;
	int severity = -1, category = -1;
	const cJSON *a = req->args;

	if (cl == NULL) {
		request_failf(req, PROTO_INTERNAL, NULL, "out of memory");
		return;
	}
	if (!arg_text(a, "no", ARG_REQUIRED, COMPLAINT_NO_MAX, &cl->no, &err) ||
	    !arg_enum(a, "severity", ARG_REQUIRED, severity_names, &severity, &err) ||
	    !arg_enum(a, "category", ARG_REQUIRED, complaint_category_names, &category, &err) ||
	    !arg_bool(a, "major", ARG_OPTIONAL, &cl->major, &err)) {
		free(cl);
		request_fail(req, &err);
		return;
	}
	cl->severity = severity_names[severity];
	cl->category = complaint_category_names[category];
	req->state = cl;
	const char *params[2] = { cl->no, cl->category };
	db_query(req->srv->db, &stmt_classify_route, 2, params, on_classify_route, req);
}

const struct op_entry op_complaint_classify = {
	.name = "complaint.classify", .roles = ROLE_BIT(ROLE_QUALITY),
	.summary = "classify and route a received complaint: no, severity, category, major?",
	.exec = classify_exec,
};

/* ---- complaint.advance */

/* The running stage, its due time (seconds since the epoch) and the budget
 * of the one after it. */
static struct db_statement stmt_advance_next = {
	.what = "next stage of a complaint",
	.sql = "SELECT s.seq, n.budget_days::float8, c.saturday_counts,"
	       " extract(epoch FROM s.due)::bigint"
	       " FROM complaints c JOIN complaint_stages s ON s.complaint_no = c.no"
	       "  AND s.started_at IS NOT NULL AND s.finished_at IS NULL"
	       " LEFT JOIN complaint_stages n ON n.complaint_no = c.no AND n.seq = s.seq + 1"
	       " WHERE c.no = $1 ORDER BY s.seq LIMIT 1",
};

/* $3 the user may advance any stage (quality), $4 finding, $5 proposal,
 * $6 the running stage's seq as read, $7 now, $8 the next stage's due, $9 the
 * working days the stage is late (common/calendar.h), $10 the states it
 * starts from. A stage finished late is charged overdue_penalty_per_day a
 * working day against its department's head (doc/domain.md, Complaint
 * stages); the event names the head as `penalized`, so its trigger
 * (sql/functions/70_complaints.sql) computes their deductions again. */
static struct db_statement stmt_advance = {
	.what = "advance a complaint",
	.sql = "WITH cur AS (SELECT c.state, c.stage FROM complaints c WHERE c.no = $1 FOR UPDATE),"
	       " member AS (SELECT $3::boolean OR EXISTS (SELECT 1 FROM users u, cur"
	       "  WHERE u.login = $2 AND u.department = cur.stage) AS yes),"
	       " fin AS (UPDATE complaint_stages s SET finished_at = $7::timestamptz, by_user = $2,"
	       "  finding = $4, proposal = $5,"
	       "  late_days = CASE WHEN $7::timestamptz > s.due THEN $9::int END,"
	       "  penalty_fen = CASE WHEN $9::int > 0 THEN"
	       "   $9::int * setting_int('overdue_penalty_per_day') END,"
	       "  penalty_login = CASE WHEN $9::int > 0 THEN"
	       "   (SELECT d.head FROM departments d WHERE d.code = s.department) END"
	       "  FROM cur WHERE s.complaint_no = $1"
	       "  AND s.seq = $6::int AND s.finished_at IS NULL AND s.started_at IS NOT NULL"
	       "  AND cur.state = ANY($10::text[]) AND (SELECT yes FROM member)"
	       "  RETURNING s.seq, s.department, s.due, s.late_days, s.penalty_fen, s.penalty_login),"
	       " nxt AS (UPDATE complaint_stages s SET started_at = $7::timestamptz,"
	       "  due = $8::timestamptz FROM fin WHERE s.complaint_no = $1 AND s.seq = fin.seq + 1"
	       "  RETURNING s.department, s.due),"
	       " upd AS (UPDATE complaints c SET state = CASE WHEN EXISTS (SELECT 1 FROM nxt)"
	       "  THEN 'routed' ELSE 'proposed' END, stage = (SELECT department FROM nxt),"
	       "  stage_due = (SELECT due FROM nxt), overdue = false,"
	       "  version = c.version + 1, updated_at = now() FROM fin, cur WHERE c.no = $1"
	       "  RETURNING c AS row, cur.state AS was),"
	       FLOW_EVENT("advance", "(SELECT jsonb_build_object('seq', seq, 'department',"
	           " department, 'finding', $4::text, 'proposal', $5::text, 'late',"
	           " coalesce($7::timestamptz > due, false), 'late_days', late_days,"
	           " 'penalty', penalty_fen, 'head', penalty_login)"
	           " || CASE WHEN penalty_login IS NOT NULL AND penalty_fen > 0 THEN"
	           "  jsonb_build_object('penalized', jsonb_build_array(penalty_login))"
	           "  ELSE '{}' END FROM fin)")
	       FLOW_TAIL("NULL", "CASE WHEN cur.state <> ALL($10::text[]) THEN 'state'"
	           " WHEN NOT (SELECT yes FROM member) THEN 'not_yours' ELSE 'moved' END"),
};

struct advance {
	const char *no, *finding, *proposal;
	int64_t stage;      /* the stage the finding is for, as the client saw it; 0: any */
};

/* The working days the running stage (row 0 of stmt_advance_next) is late
 * by now, as text. */
static void
late_days_now(struct request *req, const PGresult *res, time_t now, char *out, size_t size)
{
	int days = 0;

	if (!PQgetisnull(res, 0, 3))
		days = calendar_working_days_late(policy_calendar(req->srv->policy),
		    (time_t)atoll(PQgetvalue(res, 0, 3)), now, strcmp(PQgetvalue(res, 0, 2), "t") == 0);
	snprintf(out, size, "%d", days);
}

static void
on_advance_next(void *arg, PGresult *res)
{
	struct request *req = arg;
	struct advance *ad = req->state;
	struct proto_error err;
	char now_text[TIMEFMT_LEN], due[TIMEFMT_LEN] = "", seq[24] = "0", late[16] = "0";
	time_t now = time(NULL);

	req->state = NULL;
	if (!db_result_ok(res, &stmt_advance_next, &err)) {
		free(ad);
		request_fail(req, &err);
		return;
	}
	time_format_iso(now, now_text, sizeof now_text);
	/* No running stage: the guarded statement answers with the state. */
	if (PQntuples(res) > 0) {
		snprintf(seq, sizeof seq, "%s", PQgetvalue(res, 0, 0));
		/* A finding for a stage that has moved on (a second press, another
		 * user): the guarded statement finds no such stage running. */
		if (ad->stage > 0)
			snprintf(seq, sizeof seq, "%lld", (long long)ad->stage);
		if (!PQgetisnull(res, 0, 1) && !due_after(req, now, atof(PQgetvalue(res, 0, 1)),
		    strcmp(PQgetvalue(res, 0, 2), "t") == 0, due, sizeof due)) {
			free(ad);
			return;
		}
		late_days_now(req, res, now, late, sizeof late);
	}
	const char *params[9] = { ad->no, req->client->user,
	    req->client->role == ROLE_QUALITY ? "true" : "false", ad->finding, ad->proposal,
	    seq, now_text, due[0] ? due : NULL, late };
	free(ad);
	flow_run(req, &stmt_advance, 9, params);
}

static void
advance_exec(struct request *req)
{
	struct advance *ad = calloc(1, sizeof *ad);
	struct proto_error err;

	if (ad == NULL) {
		request_failf(req, PROTO_INTERNAL, NULL, "out of memory");
		return;
	}
	if (!arg_text(req->args, "no", ARG_REQUIRED, COMPLAINT_NO_MAX, &ad->no, &err) ||
	    !arg_text(req->args, "finding", ARG_REQUIRED, FINDING_MAX, &ad->finding, &err) ||
	    !arg_text(req->args, "proposal", ARG_OPTIONAL, FINDING_MAX, &ad->proposal, &err) ||
	    !arg_int(req->args, "stage", ARG_OPTIONAL, 1, 100, &ad->stage, &err)) {
		free(ad);
		request_fail(req, &err);
		return;
	}
	req->state = ad;
	db_query(req->srv->db, &stmt_advance_next, 1, &ad->no, on_advance_next, req);
}

/* Any role may belong to a department, the department role's users too:
 * the statement checks membership of the current stage's department. */
const struct op_entry op_complaint_advance = {
	.name = "complaint.advance", .roles = ROLES_ALL,
	.summary = "the current stage's finding (its department's members, or quality): "
	           "no, finding, proposal?, stage? (the seq it is for)",
	.exec = advance_exec,
};

/* ---- complaint.approve, complaint.reply, complaint.close */

/* $3 note, $4 the states it starts from. */
static struct db_statement stmt_approve = {
	.what = "approve a complaint's proposal",
	.sql = "WITH cur AS (SELECT state FROM complaints WHERE no = $1 FOR UPDATE),"
	       " upd AS (UPDATE complaints c SET state = 'approved', version = c.version + 1,"
	       "  updated_at = now() FROM cur WHERE c.no = $1 AND c.state = ANY($4::text[])"
	       "  RETURNING c AS row, cur.state AS was),"
	       FLOW_EVENT("approve", "jsonb_build_object('note', $3::text)")
	       FLOW_TAIL("NULL", "'state'"),
};

/* $3 text, $4 accepted, $5 the states it starts from. Rejected: closed, and
 * round + 1 opened (received); from the third round on it is an individual
 * case (complaints.individual, sql/020_departments.sql), which its register
 * event says. */
static struct db_statement stmt_reply = {
	.what = "reply to a complaint",
	.sql = "WITH cur AS (SELECT state FROM complaints WHERE no = $1 FOR UPDATE),"
	       " upd AS (UPDATE complaints c SET state = CASE WHEN $4::boolean THEN 'follow_up'"
	       "  ELSE 'closed' END, close_reason = CASE WHEN NOT $4::boolean THEN 'rejected' END,"
	       "  stage = NULL, stage_due = NULL, overdue = false,"
	       "  version = c.version + 1, updated_at = now() FROM cur"
	       "  WHERE c.no = $1 AND c.state = ANY($5::text[]) RETURNING c AS row, cur.state AS was),"
	       " nround AS (INSERT INTO complaints (no, channel, origin, customer_id, ticket_no,"
	       "  text, demand, taken_by, round, previous_no)"
	       "  SELECT complaint_number(), (row).channel, (row).origin, (row).customer_id,"
	       "  (row).ticket_no, (row).text, (row).demand, (row).taken_by, (row).round + 1, $1"
	       "  FROM upd WHERE NOT $4::boolean RETURNING complaints AS row, no),"
	       " nround_ev AS (INSERT INTO complaint_events (complaint_no, actor, kind, to_state,"
	       "  details) SELECT no, $2, 'register', 'received',"
	       "  jsonb_build_object('previous_no', $1::text, 'round', (row).round,"
	       "  'individual', (row).individual) FROM nround),"
	       FLOW_EVENT("reply", "jsonb_build_object('text', $3::text, 'accepted', $4::boolean,"
	           " 'next_no', (SELECT no FROM nround))")
	       " SELECT (complaint_json(upd.row) || jsonb_build_object('next_no',"
	       "  (SELECT no FROM nround)))::text, 'ok', (upd.row).state,"
	       "  (SELECT complaint_json(row)::text FROM nround) FROM upd"
	       " UNION ALL SELECT NULL, 'state', cur.state, NULL FROM cur"
	       " WHERE NOT EXISTS (SELECT 1 FROM upd)",
};

/* $3 reason, $4 the states it starts from: follow_up closes without a reason,
 * the others (received and routed: not substantiated) only with one. */
static struct db_statement stmt_close = {
	.what = "close a complaint",
	.sql = "WITH cur AS (SELECT state FROM complaints WHERE no = $1 FOR UPDATE),"
	       " upd AS (UPDATE complaints c SET state = 'closed', close_reason = $3::text,"
	       "  stage = NULL, stage_due = NULL, overdue = false,"
	       "  version = c.version + 1, updated_at = now() FROM cur WHERE c.no = $1"
	       "  AND c.state = ANY($4::text[]) AND (c.state = 'follow_up' OR $3::text IS NOT NULL)"
	       "  RETURNING c AS row, cur.state AS was),"
	       FLOW_EVENT("close", "jsonb_build_object('reason', $3::text)")
	       FLOW_TAIL("NULL", "CASE WHEN cur.state <> ALL($4::text[]) THEN 'state'"
	           " ELSE 'reason' END"),
};

static void
approve_exec(struct request *req)
{
	const char *params[3] = { NULL, req->client->user, NULL };
	struct proto_error err;

	if (!arg_text(req->args, "no", ARG_REQUIRED, COMPLAINT_NO_MAX, &params[0], &err) ||
	    !arg_text(req->args, "note", ARG_OPTIONAL, DECISION_MAX, &params[2], &err)) {
		request_fail(req, &err);
		return;
	}
	flow_run(req, &stmt_approve, 3, params);
}

const struct op_entry op_complaint_approve = {
	.name = "complaint.approve", .roles = ROLE_BIT(ROLE_MANAGER),
	.summary = "approve the proposal: no, note?",
	.exec = approve_exec,
};

static void
reply_exec(struct request *req)
{
	const char *params[4] = { NULL, req->client->user, NULL, NULL };
	struct proto_error err;
	bool accepted = false;

	if (!arg_text(req->args, "no", ARG_REQUIRED, COMPLAINT_NO_MAX, &params[0], &err) ||
	    !arg_text(req->args, "text", ARG_REQUIRED, WORDS_MAX, &params[2], &err) ||
	    !arg_bool(req->args, "accepted", ARG_REQUIRED, &accepted, &err)) {
		request_fail(req, &err);
		return;
	}
	params[3] = accepted ? "true" : "false";
	flow_run(req, &stmt_reply, 4, params);
}

const struct op_entry op_complaint_reply = {
	.name = "complaint.reply",
	.roles = ROLE_BIT(ROLE_OPERATOR) | ROLE_BIT(ROLE_QUALITY),
	.summary = "the customer's answer to the approved reply: no, text, accepted "
	           "(rejected closes this round and opens the next)",
	.exec = reply_exec,
};

static void
close_exec(struct request *req)
{
	const char *params[3] = { NULL, req->client->user, NULL };
	struct proto_error err;

	if (!arg_text(req->args, "no", ARG_REQUIRED, COMPLAINT_NO_MAX, &params[0], &err) ||
	    !arg_text(req->args, "reason", ARG_OPTIONAL, DECISION_MAX, &params[2], &err)) {
		request_fail(req, &err);
		return;
	}
	flow_run(req, &stmt_close, 3, params);
}

const struct op_entry op_complaint_close = {
	.name = "complaint.close", .roles = ROLE_BIT(ROLE_QUALITY),
	.summary = "close: no, reason? (required from received and routed: not substantiated)",
	.exec = close_exec,
};
