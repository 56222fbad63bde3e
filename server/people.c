/*
 * people.c: the admin's lists of people and places: user.list (admin;
 * managers read) and service_point.list / service_point.save (svcdesk-
 * protocol(7); doc/domain.md, Users and service points). user.save is in
 * admin.c with the other changes an admin makes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/domain.h"
#include "common/people.h"
#include "common/phone.h"
#include "common/validate.h"
#include "server/db.h"
#include "server/ops.h"

/* ---- user.list */

static struct db_statement stmt_user_list = {
	.what = "list users",
	.sql = "SELECT coalesce(jsonb_agg(user_object(u) ORDER BY u.login), '[]')::text"
	       " FROM users u"
	       " WHERE ($1::text IS NULL OR u.role = $1)"
	       "  AND ($2::boolean IS NULL OR u.active = $2)"
	       "  AND ($3::bigint IS NULL OR u.service_point_id = $3)"
	       "  AND ($4::text IS NULL OR strpos(lower(u.login), lower($4)) > 0"
	       "   OR strpos(lower(u.name), lower($4)) > 0)",
};

static void
on_user_list(void *arg, PGresult *res)
{
	request_reply_cell(arg, res, &stmt_user_list, "users");
}

static void
user_list_exec(struct request *req)
{
	const cJSON *a = req->args;
	int role = -1;
	bool active = true;
	int64_t point = 0;
	const char *q = NULL;
	char point_text[24];
	struct proto_error err;

	if (!arg_enum(a, "role", ARG_OPTIONAL, role_names, &role, &err) ||
	    !arg_bool(a, "active", ARG_OPTIONAL, &active, &err) ||
	    !arg_int(a, "service_point", ARG_OPTIONAL, 1, INT64_MAX, &point, &err) ||
	    !arg_string(a, "q", ARG_OPTIONAL, USER_NAME_MAX, &q, &err)) {
		request_fail(req, &err);
		return;
	}
	snprintf(point_text, sizeof point_text, "%lld", (long long)point);
	const char *params[4] = {
		role >= 0 ? role_names[role] : NULL,
		cJSON_IsBool(cJSON_GetObjectItemCaseSensitive(a, "active")) ?
		    (active ? "true" : "false") : NULL,
		point > 0 ? point_text : NULL,
		q != NULL && q[0] ? q : NULL,
	};
	db_query(req->srv->db, &stmt_user_list, 4, params, on_user_list, req);
}

const struct op_entry op_user_list = {
	.name = "user.list",
	.roles = ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_MANAGER),
	.summary = "users, by login: role?, active?, service_point?, q? (part of a "
	           "login or name); never a password",
	.exec = user_list_exec,
};

/* ---- service_point.list */

static struct db_statement stmt_point_list = {
	.what = "list service points",
	.sql = "SELECT coalesce(jsonb_agg(service_point_object(sp) ORDER BY sp.name), '[]')::text"
	       " FROM service_points sp WHERE $1::text IS NULL OR sp.region = $1",
};

static const struct op_list service_points_list = { &stmt_point_list, "service_points" };

const struct op_entry op_service_point_list = {
	.name = "service_point.list",
	.roles = ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_DISPATCHER) | ROLE_BIT(ROLE_MANAGER),
	.summary = "service points by name, with their active staff: region?",
	.exec = request_list_by_region,
	.list = &service_points_list,
};

/* ---- service_point.save */

enum { P_ID, P_NAME, P_OWN, P_ADDRESS, P_HEAD, P_PHONE, P_REGION, P_ACTOR,
	P_CLIENT, P_NPARAMS };

/* Update the point of id (no row: not found), or insert one without. */
static struct db_statement stmt_point_save = {
	.what = "save a service point",
	.sql = "WITH old AS (SELECT service_point_object(sp) AS json FROM service_points sp"
	       "  WHERE sp.id = $1::bigint),"
	       " upd AS (UPDATE service_points SET name = coalesce($2, name),"
	       "  own = coalesce($3::boolean, own), address = coalesce($4, address),"
	       "  head = coalesce($5, head), phone = coalesce($6, phone),"
	       "  region = coalesce($7, region)"
	       "  WHERE $1::bigint IS NOT NULL AND id = $1::bigint"
	       "  RETURNING id, service_point_object(service_points) AS json, false AS created),"
	       " ins AS (INSERT INTO service_points (name, own, address, head, phone, region)"
	       "  SELECT $2, coalesce($3::boolean, true), coalesce($4, ''), coalesce($5, ''),"
	       "   coalesce($6, ''), $7 WHERE $1::bigint IS NULL"
	       "  RETURNING id, service_point_object(service_points) AS json, true AS created),"
	       " saved AS (SELECT * FROM upd UNION ALL SELECT * FROM ins),"
	       " audit AS (INSERT INTO audit_log (actor, address, action, object, details)"
	       "  SELECT $8, $9, 'service_point.save', 'service_point:' || id,"
	       "   jsonb_build_object('before', (SELECT json FROM old), 'after', json) FROM saved)"
	       "SELECT json::text, created FROM saved",
};

struct point_save {
	const char *params[P_NPARAMS];
	char id[24], phone[PHONE_MAX];
};

/* The database's refusal, as the field the admin got wrong. */
static void
explain_point_refusal(const PGresult *res, struct proto_error *err)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *column = res ? PQresultErrorField(res, PG_DIAG_COLUMN_NAME) : NULL;

	if (state && column && strcmp(state, "23502") == 0)
		proto_fail(err, PROTO_INVALID_ARGUMENT, column,
		    "%s is required for a new service point", column);
	else if (state && strcmp(state, "23505") == 0)
		proto_fail(err, PROTO_CONFLICT, "name",
		    "a service point of this name exists");
}

static void
on_point_saved(void *arg, PGresult *res)
{
	struct request *req = arg;
	struct proto_error err;
	cJSON *result;

	if (!db_result_ok(res, &stmt_point_save, &err)) {
		explain_point_refusal(res, &err);
		request_fail(req, &err);
		return;
	}
	if (PQntuples(res) == 0) {
		request_failf(req, PROTO_NOT_FOUND, "id", "no such service point");
		return;
	}
	result = cJSON_CreateObject();
	cJSON_AddItemToObject(result, "service_point", db_raw(res, 0, 0));
	cJSON_AddBoolToObject(result, "created", PQgetvalue(res, 0, 1)[0] == 't');
	request_reply(req, result);
}

/* phone: a phone in any common form, stored canonical (common/phone.h);
 * "" for none. */
static bool
read_point_phone(const cJSON *a, struct point_save *ps, struct proto_error *err)
{
	const char *phone = NULL;

	if (!arg_string(a, "phone", ARG_OPTIONAL, PHONE_TEXT_MAX, &phone, err))
		return false;
	if (phone == NULL || phone[strspn(phone, " ")] == '\0') {
		ps->params[P_PHONE] = phone != NULL ? "" : NULL;
		return true;
	}
	if (!phone_normalise(phone, ps->phone))
		return proto_fail(err, PROTO_INVALID_ARGUMENT, "phone",
		    "phone must be a phone number (7 to 20 digits)");
	ps->params[P_PHONE] = ps->phone;
	return true;
}

static bool
read_point_args(struct request *req, struct point_save *ps, struct proto_error *err)
{
	const cJSON *a = req->args;
	int64_t id = 0;
	int kind = -1, region = -1;

	if (!arg_int(a, "id", ARG_OPTIONAL, 1, INT64_MAX, &id, err) ||
	    !arg_text(a, "name", ARG_OPTIONAL, POINT_NAME_MAX, &ps->params[P_NAME], err) ||
	    !arg_enum(a, "kind", ARG_OPTIONAL, point_kind_names, &kind, err) ||
	    !arg_string(a, "address", ARG_OPTIONAL, POINT_ADDRESS_MAX, &ps->params[P_ADDRESS], err) ||
	    !arg_string(a, "head", ARG_OPTIONAL, POINT_HEAD_MAX, &ps->params[P_HEAD], err) ||
	    !read_point_phone(a, ps, err) ||
	    !arg_enum(a, "region", ARG_OPTIONAL, region_names, &region, err))
		return false;
	snprintf(ps->id, sizeof ps->id, "%lld", (long long)id);
	ps->params[P_ID] = id > 0 ? ps->id : NULL;
	ps->params[P_OWN] = kind < 0 ? NULL : kind == 0 ? "true" : "false";
	ps->params[P_REGION] = region >= 0 ? region_names[region] : NULL;
	ps->params[P_ACTOR] = req->client->user;
	ps->params[P_CLIENT] = req->client->addr;
	return true;
}

static void
point_save_exec(struct request *req)
{
	struct point_save ps = { 0 };
	struct proto_error err;

	if (!read_point_args(req, &ps, &err)) {
		request_fail(req, &err);
		return;
	}
	db_query(req->srv->db, &stmt_point_save, P_NPARAMS, ps.params, on_point_saved, req);
}

const struct op_entry op_service_point_save = {
	.name = "service_point.save", .roles = ROLE_BIT(ROLE_ADMIN),
	.summary = "create (no id) or update a service point: id?, name, kind (own, "
	           "outsourced), address?, head?, phone?, region",
	.exec = point_save_exec,
};
