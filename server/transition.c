/*
 * transition.c: runs a ticket transition statement and answers it; see
 * transition.h.
 */
#include "server/transition.h"

#include <stdlib.h>
#include <string.h>

#include "common/states.h"
#include "server/db.h"
#include "server/ops.h"
#include "server/push.h"

struct transition_call {
	struct db_statement *stmt;
	transition_refusal refusal;
};

static void
refuse(struct request *req, const struct transition_call *call, PGresult *res,
    const char *no)
{
	const char *status = PQgetvalue(res, 0, 1), *state = PQgetvalue(res, 0, 2);
	char *detail = PQnfields(res) > 3 ? PQgetvalue(res, 0, 3) : NULL;

	if (call->refusal && call->refusal(req, no, status, state, detail))
		return;
	if (strcmp(status, "not_yours") == 0)
		request_failf(req, PROTO_FORBIDDEN, "no",
		    "ticket %s is not dispatched to you", no);
	else
		request_failf(req, PROTO_CONFLICT, "no", "ticket %s is %s: %s is "
		    "not allowed now", no, state, req->op->name);
}

static void
on_transition(void *arg, PGresult *res)
{
	struct request *req = arg;
	struct transition_call call = *(struct transition_call *)req->state;
	const char *no = cJSON_GetStringValue(cJSON_GetObjectItem(req->args, "no"));
	struct proto_error err;
	cJSON *ticket;

	free(req->state);
	req->state = NULL;
	if (!db_result_ok(res, call.stmt, &err)) {
		request_fail(req, &err);
		return;
	}
	if (PQntuples(res) == 0) {
		request_failf(req, PROTO_NOT_FOUND, "no", "no ticket %s", no);
		return;
	}
	if (strcmp(PQgetvalue(res, 0, 1), "ok") != 0) {
		refuse(req, &call, res, no);
		return;
	}
	ticket = db_json(res, 0, 0);
	push_publish(req->srv->push, TOPIC_TICKETS, "ticket.changed",
	    cJSON_Duplicate(ticket, true));
	request_reply(req, ticket);
}

void
transition_run(struct request *req, struct db_statement *stmt, const char *no,
    int nextra, const char *const *extra, transition_refusal refusal)
{
	const struct ticket_transition *t = ticket_transition_find(req->op->name);
	struct transition_call *call = malloc(sizeof *call);
	char from[128];
	const char *params[4 + TRANSITION_EXTRA_MAX] = { no, req->client->user,
	    req->client->role == ROLE_TECHNICIAN ? "true" : "false",
	    ticket_transition_from_array(t, from, sizeof from) };

	if (call == NULL) {
		request_failf(req, PROTO_INTERNAL, NULL, "out of memory");
		return;
	}
	if (nextra > TRANSITION_EXTRA_MAX)
		nextra = TRANSITION_EXTRA_MAX;
	for (int i = 0; i < nextra; i++)
		params[4 + i] = extra[i];
	call->stmt = stmt;
	call->refusal = refusal;
	req->state = call;
	db_query(req->srv->db, stmt, 4 + nextra, params, on_transition, req);
}

bool
transition_split_detail(char *detail, char **fields, int n)
{
	for (int i = 0; i < n; i++) {
		fields[i] = detail;
		if (i < n - 1) {
			if (detail == NULL || (detail = strchr(detail, '|')) == NULL)
				return false;
			*detail++ = '\0';
		}
	}
	return detail != NULL;
}
