/*
 * department.c: the departments a complaint passes through (doc/domain.md,
 * Roles, Complaint stages; svcdesk-protocol(7)): department.list, each
 * department with its head and active members, for quality's responsibility
 * shares (picked from lists, not typed) and the managers' and admin's
 * reading; department.save, the admin's setting of a department's head,
 * who is reminded of its overdue stages and charged for its late ones.
 * Nothing here is cached by the daemon: a change takes effect on every
 * daemon with its commit.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/records.h"
#include "common/validate.h"
#include "server/db.h"
#include "server/ops.h"

#define DEPARTMENT_CODE_MAX 32

static struct db_statement stmt_department_list = {
	.what = "departments with members",
	.sql = "SELECT coalesce(jsonb_agg(jsonb_build_object('code', d.code, 'name', d.name,"
	       "  'name_zh', d.name_zh, 'head', d.head,"
	       "  'head_name', (SELECT h.name FROM users h WHERE h.login = d.head),"
	       "  'members', (SELECT coalesce(jsonb_agg(jsonb_build_object('login', u.login,"
	       "    'name', u.name, 'role', u.role) ORDER BY u.login), '[]')"
	       "   FROM users u WHERE u.department = d.code AND u.active))"
	       "  ORDER BY d.code), '[]')::text FROM departments d",
};

static void
on_department_list(void *arg, PGresult *res)
{
	request_reply_cell(arg, res, &stmt_department_list, "departments");
}

static void
department_list_exec(struct request *req)
{
	db_query(req->srv->db, &stmt_department_list, 0, NULL, on_department_list, req);
}

const struct op_entry op_department_list = {
	.name = "department.list",
	.roles = ROLE_BIT(ROLE_QUALITY) | ROLE_BIT(ROLE_MANAGER) | ROLE_BIT(ROLE_ADMIN),
	.summary = "every department with its head and active members -> departments[] "
	           "{code, name, name_zh, head, head_name, members[] {login, name, role}}",
	.exec = department_list_exec,
};

/* $1 code, $2 head (NULL: none), $3 user, $4 address. Answers (status,
 * department json): 'ok', 'no_head' (not an active user); no row: no such
 * department. The audit row holds the head before and after. */
static struct db_statement stmt_department_save = {
	.what = "set a department's head",
	.sql = "WITH cur AS (SELECT code, head FROM departments WHERE code = $1 FOR UPDATE),"
	       " ok AS (SELECT $2::text IS NULL OR EXISTS (SELECT 1 FROM users u"
	       "  WHERE u.login = $2 AND u.active) AS yes),"
	       " upd AS (UPDATE departments d SET head = $2 FROM cur WHERE d.code = cur.code"
	       "  AND (SELECT yes FROM ok) RETURNING d.code, d.name, d.name_zh, d.head, cur.head AS was),"
	       " audit AS (INSERT INTO audit_log (actor, address, action, object, details)"
	       "  SELECT $3, $4, 'department.save', 'department:' || code, jsonb_build_object("
	       "   'before', jsonb_build_object('head', was), 'after', jsonb_build_object('head', head))"
	       "  FROM upd)"
	       "SELECT 'ok', jsonb_build_object('code', code, 'name', name, 'name_zh', name_zh,"
	       " 'head', head)::text FROM upd"
	       " UNION ALL SELECT 'no_head', NULL FROM cur WHERE NOT (SELECT yes FROM ok)",
};

static void
on_department_saved(void *arg, PGresult *res)
{
	struct request *req = arg;
	struct proto_error err;

	if (!db_result_ok(res, &stmt_department_save, &err)) {
		request_fail(req, &err);
		return;
	}
	if (PQntuples(res) == 0)
		request_failf(req, PROTO_NOT_FOUND, "code", "no such department");
	else if (strcmp(PQgetvalue(res, 0, 0), "no_head") == 0)
		request_failf(req, PROTO_INVALID_ARGUMENT, "head",
		    "the head must be an active user's login");
	else
		request_reply(req, db_json(res, 0, 1));
}

static void
department_save_exec(struct request *req)
{
	const cJSON *head = cJSON_GetObjectItemCaseSensitive(req->args, "head");
	const char *params[4] = { NULL, NULL, req->client->user, req->client->addr };
	struct proto_error err;

	if (!arg_string(req->args, "code", ARG_REQUIRED, DEPARTMENT_CODE_MAX, &params[0], &err) ||
	    !arg_string(req->args, "head", ARG_OPTIONAL, LOGIN_MAX, &params[1], &err)) {
		request_fail(req, &err);
		return;
	}
	/* head is required, null to have none: absent is a mistake, not "none". */
	if (head == NULL) {
		request_failf(req, PROTO_INVALID_ARGUMENT, "head",
		    "head is required: a user's login, or null for none");
		return;
	}
	if (params[1] != NULL && !valid_login(params[1])) {
		request_failf(req, PROTO_INVALID_ARGUMENT, "head", "head must be a user's login");
		return;
	}
	db_query(req->srv->db, &stmt_department_save, 4, params, on_department_saved, req);
}

const struct op_entry op_department_save = {
	.name = "department.save", .roles = ROLE_BIT(ROLE_ADMIN),
	.summary = "set a department's head (reminded of its overdue stages, charged for "
	           "its late ones): code, head (a login, or null)",
	.exec = department_save_exec,
};
