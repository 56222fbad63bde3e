/*
 * ticket.c: reading tickets: ticket.get (with its history) and ticket.list
 * (the queues, keyset-paginated on (due, no), never OFFSET).
 * Technicians see only tickets dispatched to them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/domain.h"
#include "common/validate.h"
#include "server/db.h"
#include "server/ops.h"


#define TICKET_NO_MAX 16

static struct db_statement stmt_ticket_get = {
	.what = "ticket with events",
	.sql = "WITH t AS (SELECT * FROM tickets WHERE no = $1),"
	       " audit AS (INSERT INTO audit_log (actor, address, action, object)"
	       "  SELECT $2, $3, 'ticket.get', 'ticket:' || no FROM t)"
	       "SELECT ticket_json(t::tickets)::text, t.technician,"
	       " (SELECT coalesce(jsonb_agg(ticket_event_json(e) ORDER BY e.id), '[]')::text"
	       "  FROM ticket_events e WHERE e.ticket_no = t.no)"
	       " FROM t",
};

static void
on_ticket(void *arg, PGresult *res)
{
	struct request *req = arg;
	struct client *c = req->client;
	struct proto_error err;
	cJSON *result;
	const char *no = cJSON_GetObjectItemCaseSensitive(req->args, "no")->valuestring;

	if (!db_result_ok(res, &stmt_ticket_get, &err)) {
		request_fail(req, &err);
		return;
	}
	if (PQntuples(res) == 0) {
		request_failf(req, PROTO_NOT_FOUND, "no", "no ticket %s", no);
		return;
	}
	if (c->role == ROLE_TECHNICIAN && strcmp(PQgetvalue(res, 0, 1), c->user) != 0) {
		request_failf(req, PROTO_FORBIDDEN, "no",
		    "ticket %s is not dispatched to you", no);
		return;
	}
	result = db_json(res, 0, 0);
	cJSON_AddItemToObject(result, "events", db_json(res, 0, 2));
	request_reply(req, result);
}

static void
ticket_get_exec(struct request *req)
{
	struct proto_error err;
	const char *no;

	if (!arg_text(req->args, "no", ARG_REQUIRED, TICKET_NO_MAX, &no, &err)) {
		request_fail(req, &err);
		return;
	}
	const char *params[3] = { no, req->client->user, req->client->addr };
	db_query(req->srv->db, &stmt_ticket_get, 3, params, on_ticket, req);
}

const struct op_entry op_ticket_get = {
	.name = "ticket.get", .roles = ROLES_ALL,
	.summary = "one ticket with its events: no",
	.exec = ticket_get_exec,
};

/* One statement for every queue: $1 queue, $2 user, $3 technician only,
 * $4 region, $5/$6 cursor (due, no), $7 page size + 1. */
static struct db_statement stmt_ticket_list = {
	.what = "ticket queue page",
	.sql = "SELECT ticket_json(t)::text, t.due::text || '|' || t.no FROM tickets t"
	       " WHERE CASE $1"
	       "  WHEN 'new' THEN t.state = 'new'"
	       "  WHEN 'dispatched' THEN t.state = 'dispatched'"
	       "  WHEN 'overdue' THEN t.overdue AND t.state IN"
	       "   ('new', 'dispatched', 'on_site', 'in_shop', 'repaired', 'inspected')"
	       "  WHEN 'mine' THEN (t.technician = $2 OR t.owner = $2) AND t.state IN"
	       "   ('new', 'dispatched', 'on_site', 'in_shop', 'repaired', 'inspected')"
	       "  WHEN 'in_shop' THEN t.state IN ('in_shop', 'repaired', 'inspected')"
	       "  WHEN 'to_inspect' THEN t.state = 'repaired'"
	       "  WHEN 'to_visit' THEN t.state = 'completed'"
	       "  ELSE true END"
	       " AND (NOT $3::boolean OR t.technician = $2)"
	       " AND ($4::text IS NULL OR t.region = $4)"
	       " AND ($5::timestamptz IS NULL OR (t.due, t.no) > ($5::timestamptz, $6::text))"
	       " ORDER BY t.due, t.no LIMIT $7",
};

struct list_page {
	int limit;
};

static void
on_ticket_page(void *arg, PGresult *res)
{
	struct request *req = arg;
	struct list_page *page = req->state;
	struct proto_error err;
	cJSON *result, *tickets;
	int n, limit = page->limit;

	free(page);
	if (!db_result_ok(res, &stmt_ticket_list, &err)) {
		if (err.code == PROTO_INVALID_ARGUMENT)   /* a malformed cursor */
			proto_fail(&err, PROTO_INVALID_ARGUMENT, "after",
			    "after is not a cursor returned by ticket.list");
		request_fail(req, &err);
		return;
	}
	n = PQntuples(res);
	result = cJSON_CreateObject();
	tickets = cJSON_AddArrayToObject(result, "tickets");
	for (int i = 0; i < n && i < limit; i++)
		cJSON_AddItemToArray(tickets, db_json(res, i, 0));
	if (n > limit)
		cJSON_AddStringToObject(result, "next", PQgetvalue(res, limit - 1, 1));
	else
		cJSON_AddNullToObject(result, "next");
	request_reply(req, result);
}

static void
ticket_list_exec(struct request *req)
{
	struct proto_error err;
	int queue = -1, region = -1;
	int64_t limit = 50;
	const char *after, *bar;
	char due[64], limit_text[16], *no = NULL;
	struct list_page *page;

	if (!arg_enum(req->args, "queue", ARG_REQUIRED, ticket_queue_names, &queue, &err) ||
	    !arg_enum(req->args, "region", ARG_OPTIONAL, region_names, &region, &err) ||
	    !arg_int(req->args, "limit", ARG_OPTIONAL, 1, 200, &limit, &err) ||
	    !arg_string(req->args, "after", ARG_OPTIONAL, 80, &after, &err)) {
		request_fail(req, &err);
		return;
	}
	if (after != NULL && ((bar = strrchr(after, '|')) == NULL ||
	    (size_t)(bar - after) >= sizeof due)) {
		request_failf(req, PROTO_INVALID_ARGUMENT, "after",
		    "after is not a cursor returned by ticket.list");
		return;
	}
	if (after != NULL) {
		snprintf(due, sizeof due, "%.*s", (int)(bar - after), after);
		no = (char *)bar + 1;
	}
	snprintf(limit_text, sizeof limit_text, "%d", (int)limit + 1);
	const char *params[7] = { ticket_queue_names[queue], req->client->user,
	    req->client->role == ROLE_TECHNICIAN ? "true" : "false",
	    region >= 0 ? region_names[region] : NULL, after ? due : NULL, no,
	    limit_text };
	if ((page = malloc(sizeof *page)) == NULL) {
		request_failf(req, PROTO_INTERNAL, NULL, "out of memory");
		return;
	}
	page->limit = (int)limit;
	req->state = page;
	db_query(req->srv->db, &stmt_ticket_list, 7, params, on_ticket_page, req);
}

const struct op_entry op_ticket_list = {
	.name = "ticket.list", .roles = ROLES_ALL,
	.summary = "a queue page: queue, region?, limit? (<=200), after? -> tickets[], next",
	.exec = ticket_list_exec,
};
