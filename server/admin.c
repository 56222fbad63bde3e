/*
 * admin.c: administration ops: user.save (users, roles, passwords).
 * Passwords are hashed on the hasher's thread, never on the loop.
 */
#include <stdlib.h>
#include <string.h>
#include <sodium.h>

#include "common/domain.h"
#include "common/validate.h"
#include "server/auth.h"
#include "server/db.h"
#include "server/ops.h"


struct user_save {
	const char *params[10];       /* into the request's args; see the SQL */
	bool create;
};

/* Update when the login exists, else insert; every field but login is
 * optional on update. (An upsert would check NOT NULL on the proposed row
 * before finding the conflict.) */
static struct db_statement stmt_user_upsert = {
	.what = "save a user",
	.sql = "WITH upd AS (UPDATE users SET"
	       "  name = coalesce($2, name), role = coalesce($3, role),"
	       "  password_hash = coalesce($4, password_hash),"
	       "  department = coalesce($5, department), region = coalesce($6, region),"
	       "  active = coalesce($7::boolean, active), updated_at = now()"
	       " WHERE login = $1 RETURNING login, user_json(users) AS json, false AS created),"
	       " ins AS (INSERT INTO users (login, name, role, password_hash, department, region, active)"
	       "  SELECT $1, coalesce($2, $1), $3, $4, $5, $6, coalesce($7::boolean, true)"
	       "  WHERE NOT EXISTS (SELECT 1 FROM upd)"
	       "  RETURNING login, user_json(users) AS json, true AS created),"
	       " saved AS (SELECT * FROM upd UNION ALL SELECT * FROM ins),"
	       " audit AS (INSERT INTO audit_log (actor, address, action, object)"
	       "  SELECT $8, $9, 'user.save', 'user:' || login FROM saved)"
	       "SELECT json::text, created FROM saved",
};

/* Create only: an existing login is a conflict. */
static struct db_statement stmt_user_create = {
	.what = "create a user",
	.sql = "WITH saved AS ("
	       " INSERT INTO users (login, name, role, password_hash, department, region, active)"
	       " VALUES ($1, coalesce($2, $1), $3, $4, $5, $6, coalesce($7::boolean, true))"
	       " ON CONFLICT (login) DO NOTHING"
	       " RETURNING login, user_json(users) AS json, true AS created),"
	       " audit AS (INSERT INTO audit_log (actor, address, action, object)"
	       "  SELECT $8, $9, 'user.save', 'user:' || login FROM saved)"
	       "SELECT json::text, created FROM saved",
};

/* The database's refusal, as the field the user got wrong. */
static void
explain_refusal(const PGresult *res, struct proto_error *err)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *column = res ? PQresultErrorField(res, PG_DIAG_COLUMN_NAME) : NULL;
	const char *constraint = res ? PQresultErrorField(res, PG_DIAG_CONSTRAINT_NAME) : NULL;

	if (state && column && strcmp(state, "23502") == 0) {
		const char *field = strcmp(column, "password_hash") == 0 ? "password" : column;
		proto_fail(err, PROTO_INVALID_ARGUMENT, field,
		    "%s is required for a new user", field);
	} else if (state && constraint && strcmp(state, "23503") == 0 &&
	    strstr(constraint, "department") != NULL)
		proto_fail(err, PROTO_INVALID_ARGUMENT, "department",
		    "no such department");
}

static void
on_user_saved(void *arg, PGresult *res)
{
	struct request *req = arg;
	struct user_save *us = req->state;
	struct db_statement *stmt = us->create ? &stmt_user_create : &stmt_user_upsert;
	struct proto_error err;
	cJSON *result;

	req->state = NULL;
	free(us);
	if (!db_result_ok(res, stmt, &err)) {
		explain_refusal(res, &err);
		request_fail(req, &err);
		return;
	}
	if (PQntuples(res) == 0) {
		request_failf(req, PROTO_CONFLICT, "login", "user %s already exists",
		    cJSON_GetObjectItemCaseSensitive(req->args, "login")->valuestring);
		return;
	}
	result = cJSON_CreateObject();
	cJSON_AddItemToObject(result, "user", db_json(res, 0, 0));
	cJSON_AddBoolToObject(result, "created", PQgetvalue(res, 0, 1)[0] == 't');
	request_reply(req, result);
}

/* hash NULL: keep the stored password (or fail NOT NULL for a new user). */
static void
save_user(struct request *req, const char *hash)
{
	struct user_save *us = req->state;

	us->params[3] = hash;   /* copied by db_query before it returns */
	db_query(req->srv->db, us->create ? &stmt_user_create : &stmt_user_upsert,
	    9, us->params, on_user_saved, req);
}

static void
on_password_hashed(void *arg, const char *hash)
{
	struct request *req = arg;

	if (hash == NULL) {
		free(req->state);
		req->state = NULL;
		request_failf(req, PROTO_INTERNAL, NULL, "cannot hash the password");
		return;
	}
	save_user(req, hash);
}

static bool
read_user_args(struct request *req, struct user_save *us, const char **password,
    struct proto_error *err)
{
	const cJSON *a = req->args;
	int role = -1, region = -1;
	bool active = true, has_active;

	if (!arg_string(a, "login", ARG_REQUIRED, 32, &us->params[0], err) ||
	    !arg_text(a, "name", ARG_OPTIONAL, 100, &us->params[1], err) ||
	    !arg_enum(a, "role", ARG_OPTIONAL, role_names, &role, err) ||
	    !arg_string(a, "password", ARG_OPTIONAL, AUTH_PASSWORD_MAX, password, err) ||
	    !arg_string(a, "department", ARG_OPTIONAL, 32, &us->params[4], err) ||
	    !arg_enum(a, "region", ARG_OPTIONAL, region_names, &region, err) ||
	    !arg_bool(a, "active", ARG_OPTIONAL, &active, err) ||
	    !arg_bool(a, "create", ARG_OPTIONAL, &us->create, err))
		return false;
	if (!valid_login(us->params[0]))
		return proto_fail(err, PROTO_INVALID_ARGUMENT, "login",
		    "login must be 2-32 of a-z, 0-9, '.', '_' or '-', starting with a letter or digit");
	if (*password != NULL && utf8_length(*password) < 8)
		return proto_fail(err, PROTO_INVALID_ARGUMENT, "password",
		    "password needs at least 8 characters");
	has_active = cJSON_GetObjectItemCaseSensitive(a, "active") != NULL &&
	    !cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(a, "active"));
	us->params[2] = role >= 0 ? role_names[role] : NULL;
	us->params[5] = region >= 0 ? region_names[region] : NULL;
	us->params[6] = has_active ? (active ? "true" : "false") : NULL;
	us->params[7] = req->client->user;
	us->params[8] = req->client->addr;
	return true;
}

static void
user_save_exec(struct request *req)
{
	struct user_save *us = calloc(1, sizeof *us);
	const char *password = NULL;
	struct proto_error err;

	if (us == NULL || !read_user_args(req, us, &password, &err)) {
		free(us);
		if (us == NULL)
			proto_fail(&err, PROTO_INTERNAL, NULL, "out of memory");
		request_fail(req, &err);
		return;
	}
	req->state = us;
	if (password != NULL)
		hasher_hash(req->srv->hasher, password, on_password_hashed, req);
	else
		save_user(req, NULL);
}

const struct op_entry op_user_save = {
	.name = "user.save", .roles = ROLE_BIT(ROLE_ADMIN),
	.summary = "create or update a user: login, name?, role?, password?, "
	           "department?, region?, active?, create?",
	.exec = user_save_exec,
};
