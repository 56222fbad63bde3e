/*
 * workshop.c: the in/out ledger of units taken back to the workshop
 * (客户商品进出登记簿, doc/domain.md, Repair card): ledger.list. Lines are
 * written by ticket.take_back and closed by ticket.complete (repair.c).
 * Keyset pages on (in_at, receipt_no); technicians see the units they took.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/validate.h"
#include "server/db.h"
#include "server/ops.h"

/* $1 open only, $2 technician only, $3 user, $4 $5 cursor (in_at,
 * receipt_no), $6 limit + 1. */
static struct db_statement stmt_ledger = {
	.what = "ledger page",
	.sql = "SELECT json_build_object('receipt_no', l.receipt_no, 'ticket_no', l.ticket_no,"
	       "  'model', u.model, 'serial', u.serial, 'customer_name', c.name,"
	       "  'technician', l.technician, 'in_at', date_trunc('second', l.in_at),"
	       "  'out_at', date_trunc('second', l.out_at),"
	       "  'promised_at', date_trunc('second', t.promised_at), 'state', t.state,"
	       "  'void', l.void)::text,"
	       " l.in_at::text || '|' || l.receipt_no"
	       " FROM shop_ledger l JOIN tickets t ON t.no = l.ticket_no"
	       " JOIN customers c ON c.id = t.customer_id LEFT JOIN units u ON u.id = t.unit_id"
	       " WHERE (NOT $1::boolean OR l.out_at IS NULL) AND (NOT $2::boolean OR l.technician = $3)"
	       " AND ($4::timestamptz IS NULL OR (l.in_at, l.receipt_no) > ($4::timestamptz, $5::text))"
	       " ORDER BY l.in_at, l.receipt_no LIMIT $6::int",
};

struct ledger_page {
	int limit;
};

static void
on_ledger(void *arg, PGresult *res)
{
	struct request *req = arg;
	struct ledger_page *page = req->state;
	int limit = page->limit;
	struct proto_error err;

	free(page);
	if (!db_result_ok(res, &stmt_ledger, &err)) {
		if (err.code == PROTO_INVALID_ARGUMENT)   /* a malformed cursor */
			proto_fail(&err, PROTO_INVALID_ARGUMENT, "after",
			    "after is not a cursor returned by ledger.list");
		request_fail(req, &err);
		return;
	}
	request_reply_page(req, res, "entries", limit);
}

/* "in_at|receipt_no" as on_ledger made it: a time as PostgreSQL prints it. */
static bool
split_ledger_cursor(const char *after, char *in_at, size_t size, const char **receipt)
{
	const char *bar = strrchr(after, '|');

	if (bar == NULL || bar == after || (size_t)(bar - after) >= size || bar[1] != 'R')
		return false;
	snprintf(in_at, size, "%.*s", (int)(bar - after), after);
	*receipt = bar + 1;
	return strspn(in_at, "0123456789-:. +") == strlen(in_at);
}

static void
ledger_list_exec(struct request *req)
{
	bool open = true;
	int64_t limit = 50;
	const char *after, *receipt = NULL;
	char in_at[64], limit_text[16];
	struct ledger_page *page;
	struct proto_error err;

	if (!arg_bool(req->args, "open", ARG_OPTIONAL, &open, &err) ||
	    !arg_int(req->args, "limit", ARG_OPTIONAL, 1, 200, &limit, &err) ||
	    !arg_string(req->args, "after", ARG_OPTIONAL, 80, &after, &err)) {
		request_fail(req, &err);
		return;
	}
	if (after != NULL && !split_ledger_cursor(after, in_at, sizeof in_at, &receipt)) {
		request_failf(req, PROTO_INVALID_ARGUMENT, "after",
		    "after is not a cursor returned by ledger.list");
		return;
	}
	if ((page = malloc(sizeof *page)) == NULL) {
		request_failf(req, PROTO_INTERNAL, NULL, "out of memory");
		return;
	}
	page->limit = (int)limit;
	req->state = page;
	snprintf(limit_text, sizeof limit_text, "%d", (int)limit + 1);
	const char *params[6] = { open ? "true" : "false",
	    req->client->role == ROLE_TECHNICIAN ? "true" : "false", req->client->user,
	    after ? in_at : NULL, receipt, limit_text };
	db_query(req->srv->db, &stmt_ledger, 6, params, on_ledger, req);
}

const struct op_entry op_ledger_list = {
	.name = "ledger.list",
	.roles = ROLE_BIT(ROLE_DISPATCHER) | ROLE_BIT(ROLE_TECHNICIAN) | ROLE_BIT(ROLE_MANAGER),
	.summary = "the in/out ledger of the workshop: open? (default true), limit? "
	    "(<=200), after? -> entries[], next",
	.exec = ledger_list_exec,
};
