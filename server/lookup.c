/*
 * lookup.c: a customer's phones and file shown whole to those who must see
 * them, each time for a reason in the audit log (doc/domain.md, Privacy;
 * seed 004 客户保密管理): customer.reveal (quality, managers: the phones,
 * with a reason), and the special look-up (for the police, a court): asked
 * for with its grounds (lookup.request), approved or refused by a manager
 * other than the one who asked (lookup.decide), read in the queue
 * (lookup.list) and, approved, opened once by who asked (lookup.open: the
 * whole file, as customer.get gives it, phones whole).
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "common/records.h"
#include "common/validate.h"
#include "server/db.h"
#include "server/ops.h"

#define ID_MAX 9007199254740991LL

static const char *const lookup_states[] = { "pending", "approved", "refused", NULL };

/* Who may ask for a look-up and read their own: the roles that answer
 * for customers' data to the police or a court (quality, managers); an
 * operator who takes such a call passes it to them. */
#define LOOKUP_ASKERS (ROLE_BIT(ROLE_QUALITY) | ROLE_BIT(ROLE_MANAGER))

static bool
read_id(struct request *req, const char *name, char id[24])
{
	int64_t v;
	struct proto_error err;

	if (!arg_int(req->args, name, ARG_REQUIRED, 1, ID_MAX, &v, &err)) {
		request_fail(req, &err);
		return false;
	}
	snprintf(id, 24, "%lld", (long long)v);
	return true;
}

/* ---- customer.reveal: the phones whole, the reason in the audit log. */

static struct db_statement stmt_reveal = {
	.what = "reveal a customer's phones",
	.sql = "WITH c AS (SELECT id, name, phones FROM customers WHERE id = $1::bigint),"
	       " audit AS (INSERT INTO audit_log (actor, address, action, object, details)"
	       "  SELECT $3, $4, 'customer.reveal', 'customer:' || id,"
	       "   jsonb_build_object('reason', $2::text) FROM c)"
	       "SELECT json_build_object('id', id, 'name', name, 'phones', phones)::text FROM c",
};

static void
on_revealed(void *arg, PGresult *res)
{
	struct request *req = arg;
	struct proto_error err;

	if (!db_result_ok(res, &stmt_reveal, &err))
		request_fail(req, &err);
	else if (PQntuples(res) == 0)
		request_failf(req, PROTO_NOT_FOUND, "id", "no such customer");
	else
		request_reply(req, db_raw(res, 0, 0));
}

static void
customer_reveal_exec(struct request *req)
{
	const char *reason;
	char id[24];
	struct proto_error err;

	if (!read_id(req, "id", id))
		return;
	if (!arg_text(req->args, "reason", ARG_REQUIRED, REVEAL_REASON_MAX, &reason, &err)) {
		request_fail(req, &err);
		return;
	}
	const char *params[4] = { id, reason, req->client->user, req->client->addr };
	db_query(req->srv->db, &stmt_reveal, 4, params, on_revealed, req);
}

const struct op_entry op_customer_reveal = {
	.name = "customer.reveal",
	.roles = ROLE_BIT(ROLE_QUALITY) | ROLE_BIT(ROLE_MANAGER),
	.flags = OP_WHOLE_PHONES,
	.summary = "a customer's phones whole: id, reason (audited with the reason)",
	.exec = customer_reveal_exec,
};

/* ---- lookup.request */

static struct db_statement stmt_lookup_request = {
	.what = "request a special look-up",
	.sql = "WITH c AS (SELECT id FROM customers WHERE id = $1::bigint),"
	       " ins AS (INSERT INTO lookups (customer_id, requested_by, grounds)"
	       "  SELECT id, $3, $2 FROM c RETURNING *),"
	       " audit AS (INSERT INTO audit_log (actor, address, action, object, details)"
	       "  SELECT $3, $4, 'lookup.request', 'customer:' || customer_id,"
	       "   jsonb_build_object('lookup', id, 'grounds', grounds) FROM ins)"
	       "SELECT lookup_json(ins)::text FROM ins",
};

static void
on_requested(void *arg, PGresult *res)
{
	struct request *req = arg;
	struct proto_error err;

	if (!db_result_ok(res, &stmt_lookup_request, &err))
		request_fail(req, &err);
	else if (PQntuples(res) == 0)
		request_failf(req, PROTO_NOT_FOUND, "customer_id", "no such customer");
	else {
		cJSON *result = cJSON_CreateObject();
		cJSON_AddItemToObject(result, "lookup", db_raw(res, 0, 0));
		request_reply(req, result);
	}
}

static void
lookup_request_exec(struct request *req)
{
	const char *grounds;
	char id[24];
	struct proto_error err;

	if (!read_id(req, "customer_id", id))
		return;
	if (!arg_text(req->args, "grounds", ARG_REQUIRED, LOOKUP_GROUNDS_MAX, &grounds, &err)) {
		request_fail(req, &err);
		return;
	}
	const char *params[4] = { id, grounds, req->client->user, req->client->addr };
	db_query(req->srv->db, &stmt_lookup_request, 4, params, on_requested, req);
}

const struct op_entry op_lookup_request = {
	.name = "lookup.request",
	.roles = LOOKUP_ASKERS,
	.summary = "ask for a customer's whole file (special look-up): customer_id, "
	           "grounds -> lookup (audited; a manager approves)",
	.exec = lookup_request_exec,
};

/* ---- lookup.decide: a row is (json, status): ok, own (the manager asked
 * for it), or the state it is already in. */

static struct db_statement stmt_lookup_decide = {
	.what = "decide a special look-up",
	.sql = "WITH cur AS (SELECT * FROM lookups WHERE id = $1::bigint FOR UPDATE),"
	       " upd AS (UPDATE lookups l SET state = CASE WHEN $2::boolean THEN 'approved'"
	       "  ELSE 'refused' END, decided_by = $4, decided_at = now(), note = $3"
	       "  FROM cur WHERE l.id = cur.id AND cur.state = 'pending'"
	       "  AND cur.requested_by <> $4 RETURNING l.*),"
	       " audit AS (INSERT INTO audit_log (actor, address, action, object, details)"
	       "  SELECT $4, $5, 'lookup.decide', 'customer:' || customer_id,"
	       "   jsonb_build_object('lookup', id, 'approved', state = 'approved',"
	       "   'requested_by', requested_by, 'note', note) FROM upd)"
	       "SELECT (SELECT lookup_json(u)::text FROM upd u),"
	       " CASE WHEN EXISTS (SELECT 1 FROM upd) THEN 'ok'"
	       "  WHEN cur.state <> 'pending' THEN cur.state WHEN cur.requested_by = $4"
	       "  THEN 'own' END FROM cur",
};

/* A decide or open statement's row is (json or id, status): false when
 * the request was answered with why not (no such look-up, a status other
 * than ok). */
static bool
lookup_done(struct request *req, PGresult *res, const struct db_statement *stmt)
{
	struct proto_error err;
	const char *status;

	if (!db_result_ok(res, stmt, &err)) {
		request_fail(req, &err);
		return false;
	}
	if (PQntuples(res) == 0) {
		request_failf(req, PROTO_NOT_FOUND, "id", "no such look-up");
		return false;
	}
	status = PQgetvalue(res, 0, 1);
	if (strcmp(status, "ok") == 0)
		return true;
	if (strcmp(status, "own") == 0)
		request_failf(req, PROTO_FORBIDDEN, "id",
		    "a look-up is decided by a manager other than the one who asked for it");
	else if (strcmp(status, "not_yours") == 0)
		request_failf(req, PROTO_FORBIDDEN, "id", "only who asked for the look-up opens it");
	else if (strcmp(status, "opened") == 0)
		request_failf(req, PROTO_CONFLICT, "id", "the look-up was opened already");
	else
		request_failf(req, PROTO_CONFLICT, "id", "the look-up is %s", status);
	return false;
}

static void
on_decided(void *arg, PGresult *res)
{
	struct request *req = arg;

	if (lookup_done(req, res, &stmt_lookup_decide)) {
		cJSON *result = cJSON_CreateObject();
		cJSON_AddItemToObject(result, "lookup", db_raw(res, 0, 0));
		request_reply(req, result);
	}
}

static void
lookup_decide_exec(struct request *req)
{
	const char *note;
	bool approve;
	char id[24];
	struct proto_error err;

	if (!read_id(req, "id", id))
		return;
	if (!arg_bool(req->args, "approve", ARG_REQUIRED, &approve, &err) ||
	    !arg_string(req->args, "note", ARG_OPTIONAL, LOOKUP_NOTE_MAX, &note, &err)) {
		request_fail(req, &err);
		return;
	}
	const char *params[5] = { id, approve ? "true" : "false", note,
	    req->client->user, req->client->addr };
	db_query(req->srv->db, &stmt_lookup_decide, 5, params, on_decided, req);
}

const struct op_entry op_lookup_decide = {
	.name = "lookup.decide",
	.roles = ROLE_BIT(ROLE_MANAGER),
	.summary = "approve or refuse a special look-up: id, approve, note? (not one's "
	           "own; audited)",
	.exec = lookup_decide_exec,
};

/* ---- lookup.list: newest first, keyset on id; a manager reads every
 * request (the queue), the others their own. Rows: (json, id). */

static struct db_statement stmt_lookup_list = {
	.what = "list special look-ups",
	.sql = "SELECT lookup_json(l)::text, l.id FROM lookups l"
	       " WHERE ($1::text IS NULL OR l.requested_by = $1)"
	       " AND ($2::text IS NULL OR l.state = $2)"
	       " AND ($3::bigint IS NULL OR l.id < $3::bigint)"
	       " ORDER BY l.id DESC LIMIT $4::int",
};

static void
lookup_list_exec(struct request *req)
{
	int64_t limit = 50, after = -1;
	int state = -1;
	char after_text[24], limit_text[16];
	struct proto_error err;

	if (!arg_enum(req->args, "state", ARG_OPTIONAL, lookup_states, &state, &err) ||
	    !arg_int(req->args, "limit", ARG_OPTIONAL, 1, 200, &limit, &err) ||
	    !arg_id_cursor(req->args, "after", ARG_OPTIONAL, &after, &err)) {
		request_fail(req, &err);
		return;
	}
	snprintf(after_text, sizeof after_text, "%lld", (long long)after);
	snprintf(limit_text, sizeof limit_text, "%d", (int)limit + 1);
	const char *params[4] = {
		req->client->role == ROLE_MANAGER ? NULL : req->client->user,
		state >= 0 ? lookup_states[state] : NULL, after > 0 ? after_text : NULL,
		limit_text };
	request_query_page(req, &stmt_lookup_list, 4, params, "lookups", (int)limit);
}

const struct op_entry op_lookup_list = {
	.name = "lookup.list",
	.roles = LOOKUP_ASKERS,
	.summary = "special look-ups, newest first: state?, limit? (<=200), after? -> "
	           "lookups, next (a manager: all; others: their own)",
	.exec = lookup_list_exec,
};

/* ---- lookup.open: once, by who asked, once approved. A row is (the
 * customer's whole file when ok, status): ok, not_yours, opened, or the
 * state. The file is read in the statement that uses the look-up up
 * (customer_file_text, sql/functions/75_customer_file.sql): a read that
 * fails leaves it unopened, to be opened again. */

static struct db_statement stmt_lookup_open = {
	.what = "open a special look-up",
	.sql = "WITH cur AS (SELECT * FROM lookups WHERE id = $1::bigint FOR UPDATE),"
	       " upd AS (UPDATE lookups l SET opened_at = now() FROM cur"
	       "  WHERE l.id = cur.id AND cur.requested_by = $2 AND cur.state = 'approved'"
	       "  AND cur.opened_at IS NULL RETURNING l.*),"
	       " audit AS (INSERT INTO audit_log (actor, address, action, object, details)"
	       "  SELECT $2, $3, 'lookup.open', 'customer:' || customer_id,"
	       "   jsonb_build_object('lookup', id, 'grounds', grounds, 'approved_by',"
	       "   decided_by) FROM upd)"
	       "SELECT (SELECT customer_file_text(c) FROM upd JOIN customers c"
	       "  ON c.id = upd.customer_id), CASE WHEN EXISTS (SELECT 1 FROM upd) THEN 'ok'"
	       "  WHEN cur.requested_by <> $2 THEN 'not_yours'"
	       "  WHEN cur.state <> 'approved' THEN cur.state ELSE 'opened' END FROM cur",
};

static void
on_opened(void *arg, PGresult *res)
{
	struct request *req = arg;

	if (lookup_done(req, res, &stmt_lookup_open))
		request_reply(req, db_raw(res, 0, 0));   /* passed on as it is */
}

static void
lookup_open_exec(struct request *req)
{
	char id[24];

	if (!read_id(req, "id", id))
		return;
	const char *params[3] = { id, req->client->user, req->client->addr };
	db_query(req->srv->db, &stmt_lookup_open, 3, params, on_opened, req);
}

const struct op_entry op_lookup_open = {
	.name = "lookup.open",
	.roles = LOOKUP_ASKERS,
	.flags = OP_WHOLE_PHONES,
	.summary = "an approved special look-up, once, by who asked: id -> the customer's "
	           "whole file as customer.get, phones whole (audited)",
	.exec = lookup_open_exec,
};
