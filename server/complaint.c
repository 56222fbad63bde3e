/*
 * complaint.c: complaint intake (投诉受理, doc/domain.md, Complaint intake):
 * complaint.register and complaint.get. Classification, routing, stages,
 * replies and responsibility are issue #5; the record here (complaints,
 * complaint_events in sql/007_visits.sql) already has their fields.
 *
 * complaint.register is one statement, as call.register: the customer when
 * new, the number, the record and its event, the audit row. The
 * request_key makes a retry return the same complaint.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/domain.h"
#include "common/records.h"
#include "common/validate.h"
#include "server/complaint.h"
#include "server/db.h"
#include "server/intake.h"
#include "server/ops.h"
#include "server/push.h"

#define COMPLAINT_NO_MAX 16
#define TICKET_NO_MAX 16

enum { P_KEY, P_CHANNEL, P_USER, P_CUSTOMER_ID, P_NEW_CUSTOMER, P_TICKET, P_TEXT,
	P_DEMAND, P_ADDRESS, P_COUNT };

static struct db_statement stmt_complaint_register = {
	.what = "register a complaint",
	.sql =
	"WITH prior AS (SELECT complaint_json(c) AS json FROM complaints c WHERE c.request_key = $1),"
	" fresh AS (SELECT NOT EXISTS (SELECT 1 FROM prior) AS yes),"
	INTAKE_CUSTOMER_CTES
	/* The ticket it concerns must be the customer's. */
	" tk AS (SELECT no FROM tickets t WHERE t.no = $6 AND t.customer_id = (SELECT id FROM cust)),"
	" complaint_src AS (SELECT $2::text, 'call'::text, cust.id, $6::text, $7::text, $8::text,"
	"  NULL::text, $3::text, $1::text FROM cust"
	"  WHERE (SELECT yes FROM fresh) AND ($6::text IS NULL OR EXISTS (SELECT 1 FROM tk))),"
	COMPLAINT_OPEN_CTES ","
	" audit AS (INSERT INTO audit_log (actor, address, action, object)"
	"  SELECT $3, $9, 'complaint.register', 'complaint:' || no FROM complaint)"
	"SELECT complaint_object(complaint.row, (SELECT json FROM cust)::json)::text, 'created'"
	" FROM complaint"
	" UNION ALL SELECT json::text, 'prior' FROM prior"
	" UNION ALL SELECT NULL, 'no_customer' WHERE (SELECT yes FROM fresh)"
	"  AND NOT EXISTS (SELECT 1 FROM cust)"
	" UNION ALL SELECT NULL, 'no_ticket' WHERE (SELECT yes FROM fresh)"
	"  AND EXISTS (SELECT 1 FROM cust) AND NOT EXISTS (SELECT 1 FROM tk)"
	"  AND $6::text IS NOT NULL",
};

/* Two registrations racing with one request_key: the loser reads the winner's. */
static struct db_statement stmt_complaint_by_key = {
	.what = "complaint by request key",
	.sql = "SELECT complaint_json(c)::text, 'prior' FROM complaints c WHERE c.request_key = $1",
};

/* $4: the user is a department's (doc/domain.md, Roles): only a complaint whose
 * current or past stage is their department's, its customer without phones or
 * address (customer_brief); else ('theirs' false) nothing is read or audited. */
static struct db_statement stmt_complaint_get = {
	.what = "complaint with events",
	.sql = "WITH c AS (SELECT * FROM complaints WHERE no = $1),"
	       " theirs AS (SELECT NOT $4::boolean OR EXISTS (SELECT 1 FROM complaint_stages s"
	       "  JOIN users u ON u.login = $2 AND u.department = s.department"
	       "  WHERE s.complaint_no = $1 AND s.started_at IS NOT NULL) AS yes),"
	       " audit AS (INSERT INTO audit_log (actor, address, action, object)"
	       "  SELECT $2, $3, 'complaint.get', 'complaint:' || no FROM c"
	       "  WHERE (SELECT yes FROM theirs))"
	       "SELECT CASE WHEN $4::boolean THEN complaint_object(c::complaints,"
	       "  (SELECT customer_brief(cu) FROM customers cu WHERE cu.id = c.customer_id))::text"
	       "  ELSE complaint_json(c::complaints)::text END,"
	       " (SELECT coalesce(jsonb_agg(complaint_event_json(e) ORDER BY e.id), '[]')::text"
	       "  FROM complaint_events e WHERE e.complaint_no = c.no),"
	       " complaint_stages_json(c.no)::text,"   /* the route as a timeline (009) */
	       " complaint_rounds_json(c.no)::text"    /* every round, first to last (020) */
	       " FROM c WHERE (SELECT yes FROM theirs)"
	       " UNION ALL SELECT NULL, NULL, NULL, NULL FROM c WHERE NOT (SELECT yes FROM theirs)",
};

void
complaint_push(struct server *srv, cJSON *complaint)
{
	push_publish(srv->push, TOPIC_COMPLAINTS, "complaint.changed", complaint);
}

struct intake {
	const char *params[P_COUNT];
	struct intake_customer customer;
};

static void
intake_free(struct intake *in)
{
	if (in == NULL)
		return;
	intake_customer_free(&in->customer);
	free(in);
}

static bool
read_complaint(struct request *req, struct intake *in, struct proto_error *err)
{
	const cJSON *a = req->args;
	int channel = -1;

	if (!arg_string(a, "request_key", ARG_REQUIRED, 64, &in->params[P_KEY], err) ||
	    !arg_enum(a, "channel", ARG_REQUIRED, channel_names, &channel, err) ||
	    !intake_read_customer(a, &in->customer, err) ||
	    !arg_text(a, "ticket_no", ARG_OPTIONAL, TICKET_NO_MAX, &in->params[P_TICKET], err) ||
	    !arg_text(a, "text", ARG_REQUIRED, WORDS_MAX, &in->params[P_TEXT], err) ||
	    !arg_text(a, "demand", ARG_OPTIONAL, DEMAND_MAX, &in->params[P_DEMAND], err))
		return false;
	if (in->params[P_KEY][0] == '\0')
		return proto_fail(err, PROTO_INVALID_ARGUMENT, "request_key",
		    "request_key must not be empty");
	if (in->params[P_TICKET] && in->customer.id == NULL)
		return proto_fail(err, PROTO_INVALID_ARGUMENT, "ticket_no",
		    "a new customer has no tickets: name the customer by id");
	in->params[P_CHANNEL] = channel_names[channel];
	in->params[P_USER] = req->client->user;
	in->params[P_CUSTOMER_ID] = in->customer.id;
	in->params[P_NEW_CUSTOMER] = in->customer.fresh;
	in->params[P_ADDRESS] = req->client->addr;
	return true;
}

static void
on_complaint_registered(void *arg, PGresult *res)
{
	struct request *req = arg;
	struct intake *in = req->state;
	struct proto_error err;
	const char *status;

	if (!db_result_ok(res, &stmt_complaint_register, &err)) {
		const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
		const char *constraint = res ? PQresultErrorField(res, PG_DIAG_CONSTRAINT_NAME) : NULL;
		if (state && strcmp(state, "23505") == 0 && constraint &&
		    strstr(constraint, "request_key") != NULL) {   /* a twin won the key */
			db_query(req->srv->db, &stmt_complaint_by_key, 1, &in->params[P_KEY],
			    on_complaint_registered, req);
			return;
		}
		intake_free(in);
		request_fail(req, &err);
		return;
	}
	intake_free(in);
	status = PQntuples(res) > 0 ? PQgetvalue(res, 0, 1) : "no_customer";
	if (strcmp(status, "no_customer") == 0)
		request_failf(req, PROTO_NOT_FOUND, "customer.id", "no such customer");
	else if (strcmp(status, "no_ticket") == 0)
		request_failf(req, PROTO_NOT_FOUND, "ticket_no",
		    "no such ticket for this customer");
	else {
		cJSON *complaint = db_json(res, 0, 0);
		if (strcmp(status, "created") == 0)
			complaint_push(req->srv, cJSON_Duplicate(complaint, true));
		request_reply(req, complaint);
	}
}

static void
complaint_register_exec(struct request *req)
{
	struct intake *in = calloc(1, sizeof *in);
	struct proto_error err;

	if (in == NULL || !read_complaint(req, in, &err)) {
		intake_free(in);
		if (in == NULL)
			proto_fail(&err, PROTO_INTERNAL, NULL, "out of memory");
		request_fail(req, &err);
		return;
	}
	req->state = in;
	db_query(req->srv->db, &stmt_complaint_register, P_COUNT, in->params,
	    on_complaint_registered, req);
}

const struct op_entry op_complaint_register = {
	.name = "complaint.register",
	.roles = ROLE_BIT(ROLE_OPERATOR) | ROLE_BIT(ROLE_QUALITY),
	.summary = "take a complaint: request_key, channel, customer, ticket_no?, text, demand?",
	.exec = complaint_register_exec,
};

static void
on_complaint(void *arg, PGresult *res)
{
	struct request *req = arg;
	const char *no = cJSON_GetObjectItemCaseSensitive(req->args, "no")->valuestring;
	struct proto_error err;
	cJSON *result;

	if (!db_result_ok(res, &stmt_complaint_get, &err)) {
		request_fail(req, &err);
		return;
	}
	if (PQntuples(res) == 0) {
		request_failf(req, PROTO_NOT_FOUND, "no", "no complaint %s", no);
		return;
	}
	if (PQgetisnull(res, 0, 0)) {
		request_failf(req, PROTO_FORBIDDEN, "no", "complaint %s has not passed through "
		    "your department", no);
		return;
	}
	result = db_json(res, 0, 0);
	cJSON_AddItemToObject(result, "events", db_json(res, 0, 1));
	cJSON_AddItemToObject(result, "stages", db_json(res, 0, 2));
	cJSON_AddItemToObject(result, "rounds", db_json(res, 0, 3));
	request_reply(req, result);
}

static void
complaint_get_exec(struct request *req)
{
	struct proto_error err;
	const char *no;

	if (!arg_text(req->args, "no", ARG_REQUIRED, COMPLAINT_NO_MAX, &no, &err)) {
		request_fail(req, &err);
		return;
	}
	const char *params[4] = { no, req->client->user, req->client->addr,
	    req->client->role == ROLE_DEPARTMENT ? "true" : "false" };
	db_query(req->srv->db, &stmt_complaint_get, 4, params, on_complaint, req);
}

/* A department's users too: the statement holds them to their complaints. */
const struct op_entry op_complaint_get = {
	.name = "complaint.get",
	.roles = ROLE_BIT(ROLE_OPERATOR) | ROLE_BIT(ROLE_QUALITY) | ROLE_BIT(ROLE_MANAGER) |
	    ROLE_BIT(ROLE_DEPARTMENT),
	.summary = "one complaint with its events, stages and rounds: no (a department's "
	           "users: one that passed through their department)",
	.exec = complaint_get_exec,
};
