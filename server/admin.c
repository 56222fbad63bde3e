/*
 * admin.c: administration ops: user.save (users, roles, passwords, their
 * service point, skills and bonus; a user deactivated or given another
 * role loses their sessions on every daemon); policy.get, policy.set
 * (settings, SLA hours, approval limits, the labour price list) and
 * calendar.set. Passwords are hashed on the hasher's thread, never on the
 * loop.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>

#include "common/domain.h"
#include "common/people.h"
#include "common/records.h"
#include "common/settings.h"
#include "common/validate.h"
#include "server/auth.h"
#include "server/db.h"
#include "server/ops.h"
#include "server/policy.h"
#include "server/push.h"


/* The statement's parameters, in order (see the SQL). */
enum { U_LOGIN, U_NAME, U_ROLE, U_HASH, U_DEPARTMENT, U_REGION, U_ACTIVE,
	U_ACTOR, U_ADDRESS, U_POINT, U_SKILLS, U_BONUS, U_NPARAMS };

struct user_save {
	const char *params[U_NPARAMS];  /* into the request's args or below */
	char *skills;                   /* skills as a JSON array, or NULL */
	char point[24], bonus[24];
	bool create;
};

/* What both statements return: the user, whether created, why the user's
 * sessions end (deactivated, role_changed, or NULL) and the role now. The
 * audit row holds the user before and after (never a password or hash). */
#define USER_SAVED_AUDIT \
	" audit AS (INSERT INTO audit_log (actor, address, action, object, details)" \
	"  SELECT $8, $9, 'user.save', 'user:' || login, jsonb_build_object(" \
	"   'before', (SELECT json FROM old), 'after', json," \
	"   'password_reset', $4::text IS NOT NULL) FROM saved)"
#define USER_NEW_ROW \
	" $1, coalesce($2, $1), $3, $4, nullif($5::text, ''), $6, coalesce($7::boolean, true)," \
	" nullif($10::bigint, 0), ARRAY(SELECT jsonb_array_elements_text($11::jsonb))," \
	" coalesce($12::bigint, 0)"
#define USER_COLUMNS "login, name, role, password_hash, department, region, active," \
	" service_point_id, skills, monthly_bonus"
#define USER_RETURNING " RETURNING login, role, active, user_object(users) AS json"

/* Update when the login exists, else insert; every field but login is
 * optional on update. (An upsert would check NOT NULL on the proposed row
 * before finding the conflict.) department "" and service_point 0 clear. */
static struct db_statement stmt_user_upsert = {
	.what = "save a user",
	.sql = "WITH old AS (SELECT role, active, user_object(users) AS json"
	       "  FROM users WHERE login = $1),"
	       " upd AS (UPDATE users SET"
	       "  name = coalesce($2, name), role = coalesce($3, role),"
	       "  password_hash = coalesce($4, password_hash),"
	       "  department = CASE WHEN $5::text IS NULL THEN department ELSE nullif($5, '') END,"
	       "  region = coalesce($6, region), active = coalesce($7::boolean, active),"
	       "  service_point_id = CASE WHEN $10::bigint IS NULL THEN service_point_id"
	       "   ELSE nullif($10::bigint, 0) END,"
	       "  skills = CASE WHEN $11::jsonb IS NULL THEN skills"
	       "   ELSE ARRAY(SELECT jsonb_array_elements_text($11::jsonb)) END,"
	       "  monthly_bonus = coalesce($12::bigint, monthly_bonus), updated_at = now()"
	       " WHERE login = $1" USER_RETURNING ", false AS created),"
	       " ins AS (INSERT INTO users (" USER_COLUMNS ") SELECT" USER_NEW_ROW
	       "  WHERE NOT EXISTS (SELECT 1 FROM upd)" USER_RETURNING ", true AS created),"
	       " saved AS (SELECT * FROM upd UNION ALL SELECT * FROM ins),"
	       USER_SAVED_AUDIT
	       "SELECT s.json::text, s.created, CASE WHEN o.active AND NOT s.active"
	       "  THEN 'deactivated' WHEN o.role <> s.role THEN 'role_changed' END, s.role"
	       " FROM saved s LEFT JOIN old o ON true",
};

/* Create only: an existing login is a conflict. */
static struct db_statement stmt_user_create = {
	.what = "create a user",
	.sql = "WITH old AS (SELECT NULL::jsonb AS json WHERE false),"
	       " saved AS (INSERT INTO users (" USER_COLUMNS ") VALUES (" USER_NEW_ROW ")"
	       " ON CONFLICT (login) DO NOTHING" USER_RETURNING ", true AS created),"
	       USER_SAVED_AUDIT
	       "SELECT json::text, created, NULL::text, role FROM saved",
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
	else if (state && constraint && strcmp(state, "23503") == 0 &&
	    strstr(constraint, "service_point") != NULL)
		proto_fail(err, PROTO_INVALID_ARGUMENT, "service_point",
		    "no such service point");
}

static void
user_save_free(struct user_save *us)
{
	if (us != NULL)
		cJSON_free(us->skills);
	free(us);
}

/* A user deactivated or given another role keeps no session made for the
 * old one: on this daemon at once, on the others when they hear it. */
static void
end_sessions(struct request *req, const char *login, const char *reason,
    const char *role)
{
	cJSON *data = cJSON_CreateObject();

	session_end_user(req->srv, login, reason, role);
	cJSON_AddStringToObject(data, "login", login);
	cJSON_AddStringToObject(data, "reason", reason);
	cJSON_AddStringToObject(data, "role", role);
	push_announce_data(req->srv->push, PUSH_SESSIONS_END, data);
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
	user_save_free(us);
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
	if (!PQgetisnull(res, 0, 2))
		end_sessions(req, cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(
		    req->args, "login")), PQgetvalue(res, 0, 2), PQgetvalue(res, 0, 3));
	request_reply(req, result);
}

/* hash NULL: keep the stored password (or fail NOT NULL for a new user). */
static void
save_user(struct request *req, const char *hash)
{
	struct user_save *us = req->state;

	us->params[U_HASH] = hash;   /* copied by db_query before it returns */
	db_query(req->srv->db, us->create ? &stmt_user_create : &stmt_user_upsert,
	    U_NPARAMS, us->params, on_user_saved, req);
}

static void
on_password_hashed(void *arg, const char *hash)
{
	struct request *req = arg;

	if (hash == NULL) {
		user_save_free(req->state);
		req->state = NULL;
		request_failf(req, PROTO_INTERNAL, NULL, "cannot hash the password");
		return;
	}
	save_user(req, hash);
}

/* The admin cannot lock themselves out: no deactivating their own login,
 * no other role for it. */
static bool
check_own_login(const struct request *req, const char *role, const char *active,
    struct proto_error *err)
{
	const struct client *c = req->client;

	if (strcmp(req->client->user, cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(
	    req->args, "login"))) != 0)
		return true;
	if (active != NULL && strcmp(active, "false") == 0)
		return proto_fail(err, PROTO_INVALID_ARGUMENT, "active",
		    "you cannot deactivate your own login");
	if (role != NULL && role_from_name(role) != c->role)
		return proto_fail(err, PROTO_INVALID_ARGUMENT, "role",
		    "you cannot change your own role");
	return true;
}

/* service_point (an id, 0: none), skills[], monthly_bonus (fen). */
static bool
read_user_work(struct request *req, struct user_save *us, struct proto_error *err)
{
	const cJSON *a = req->args;
	int64_t point = -1, bonus = -1;

	if (!arg_int(a, "service_point", ARG_OPTIONAL, 0, INT64_MAX, &point, err) ||
	    !arg_int(a, "monthly_bonus", ARG_OPTIONAL, 0, MONTHLY_BONUS_MAX, &bonus, err) ||
	    !arg_skills(a, "skills", &us->skills, err))
		return false;
	snprintf(us->point, sizeof us->point, "%lld", (long long)point);
	snprintf(us->bonus, sizeof us->bonus, "%lld", (long long)bonus);
	us->params[U_POINT] = point >= 0 ? us->point : NULL;
	us->params[U_BONUS] = bonus >= 0 ? us->bonus : NULL;
	us->params[U_SKILLS] = us->skills;
	return true;
}

static bool
read_user_args(struct request *req, struct user_save *us, const char **password,
    struct proto_error *err)
{
	const cJSON *a = req->args;
	int role = -1, region = -1;
	bool active = true, has_active;

	if (!arg_string(a, "login", ARG_REQUIRED, LOGIN_MAX, &us->params[U_LOGIN], err) ||
	    !arg_text(a, "name", ARG_OPTIONAL, USER_NAME_MAX, &us->params[U_NAME], err) ||
	    !arg_enum(a, "role", ARG_OPTIONAL, role_names, &role, err) ||
	    !arg_string(a, "password", ARG_OPTIONAL, AUTH_PASSWORD_MAX, password, err) ||
	    !arg_string(a, "department", ARG_OPTIONAL, 32, &us->params[U_DEPARTMENT], err) ||
	    !arg_enum(a, "region", ARG_OPTIONAL, region_names, &region, err) ||
	    !arg_bool(a, "active", ARG_OPTIONAL, &active, err) ||
	    !arg_bool(a, "create", ARG_OPTIONAL, &us->create, err) ||
	    !read_user_work(req, us, err))
		return false;
	if (!valid_login(us->params[U_LOGIN]))
		return proto_fail(err, PROTO_INVALID_ARGUMENT, "login",
		    "login must be 2-32 of a-z, 0-9, '.', '_' or '-', starting with a letter or digit");
	if (*password != NULL && utf8_length(*password) < PASSWORD_MIN)
		return proto_fail(err, PROTO_INVALID_ARGUMENT, "password",
		    "password needs at least %d characters", PASSWORD_MIN);
	/* A department's user reads that department's complaints: name it. */
	if (role == ROLE_DEPARTMENT && us->params[U_DEPARTMENT] == NULL)
		return proto_fail(err, PROTO_INVALID_ARGUMENT, "department",
		    "the department role needs the user's department");
	has_active = cJSON_GetObjectItemCaseSensitive(a, "active") != NULL &&
	    !cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(a, "active"));
	us->params[U_ROLE] = role >= 0 ? role_names[role] : NULL;
	us->params[U_REGION] = region >= 0 ? region_names[region] : NULL;
	us->params[U_ACTIVE] = has_active ? (active ? "true" : "false") : NULL;
	us->params[U_ACTOR] = req->client->user;
	us->params[U_ADDRESS] = req->client->addr;
	return check_own_login(req, us->params[U_ROLE], us->params[U_ACTIVE], err);
}

static void
user_save_exec(struct request *req)
{
	struct user_save *us = calloc(1, sizeof *us);
	const char *password = NULL;
	struct proto_error err;

	if (us == NULL || !read_user_args(req, us, &password, &err)) {
		if (us == NULL)
			proto_fail(&err, PROTO_INTERNAL, NULL, "out of memory");
		user_save_free(us);
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
	           "department?, region?, service_point?, skills[]?, monthly_bonus?, "
	           "active?, create?",
	.exec = user_save_exec,
};

/* ---- policy.get, policy.set, calendar.set: policies are data
 * (doc/architecture.md, Policies). A change is announced so every daemon
 * reloads. */

static struct db_statement stmt_policy_get = {
	.what = "read policies",
	.sql = "SELECT jsonb_build_object("
	       " 'sla', (SELECT coalesce(jsonb_agg(jsonb_build_object('region', region,"
	       "   'type', ticket_type, 'arrival_hours', arrival_hours, 'reply_hours', reply_hours)"
	       "   ORDER BY region, ticket_type), '[]') FROM sla_policies),"
	       " 'working_hours', (SELECT coalesce(jsonb_agg(jsonb_build_object('weekday', weekday,"
	       "   'opens', to_char(opens, 'HH24:MI'), 'closes', to_char(closes, 'HH24:MI'))"
	       "   ORDER BY weekday), '[]') FROM working_hours),"
	       " 'days', (SELECT coalesce(jsonb_agg(jsonb_build_object('day', day, 'working', working,"
	       "   'name', name) ORDER BY day), '[]') FROM calendar_days WHERE day >= current_date - 366),"
	       " 'settings', (SELECT coalesce(jsonb_object_agg(key, value), '{}') FROM settings),"
	       " 'approval_limits', (SELECT coalesce(jsonb_agg(jsonb_build_object('role', role,"
	       "   'per_month', per_month, 'max_amount', max_amount) ORDER BY array_position("
	       "   ARRAY['supervisor', 'regional_manager', 'aftersales_manager'], role)), '[]')"
	       "   FROM approval_limits),"
	       " 'labour_prices', (SELECT coalesce(jsonb_agg(jsonb_build_object('up_to_minutes',"
	       "   up_to_minutes, 'fee', fee) ORDER BY up_to_minutes), '[]') FROM labour_prices))::text",
};

static void
on_policy(void *arg, PGresult *res)
{
	request_reply_cell(arg, res, &stmt_policy_get, NULL);
}

static void
policy_get_exec(struct request *req)
{
	db_query(req->srv->db, &stmt_policy_get, 0, NULL, on_policy, req);
}

const struct op_entry op_policy_get = {
	.name = "policy.get",
	.roles = ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_MANAGER) | ROLE_BIT(ROLE_DISPATCHER),
	.summary = "SLA hours, working hours, calendar days, settings, approval limits "
	           "and the labour price list",
	.exec = policy_get_exec,
};

static void
answer_policies(void *arg)
{
	policy_get_exec(arg);
}

/* After a policy change committed: this daemon reloads before it answers
 * (a call registered after the answer uses the new policies), and every
 * other daemon reloads when it hears the announcement. */
static void
on_policy_changed(void *arg, PGresult *res)
{
	struct request *req = arg;
	struct db_statement *stmt = req->state;
	struct proto_error err;

	if (!db_result_ok(res, stmt, &err)) {
		request_fail(req, &err);
		return;
	}
	push_announce(req->srv->push, "policy.changed");
	policy_reload_then(req->srv->policy, answer_policies, req);
}

static struct db_statement stmt_policy_set = {
	.what = "set SLA policies",
	.sql = "WITH input AS (SELECT * FROM jsonb_to_recordset($1::jsonb)"
	       "  AS x (region text, type text, arrival_hours numeric, reply_hours numeric)),"
	       " up AS (INSERT INTO sla_policies (region, ticket_type, arrival_hours, reply_hours)"
	       "  SELECT region, type, arrival_hours, coalesce(reply_hours, 24) FROM input"
	       "  ON CONFLICT (region, ticket_type) DO UPDATE SET arrival_hours = EXCLUDED.arrival_hours,"
	       /* reply_hours left out: keep what is stored */
	       "  reply_hours = coalesce((SELECT i.reply_hours FROM input i WHERE i.region = EXCLUDED.region"
	       "   AND i.type = EXCLUDED.ticket_type LIMIT 1), sla_policies.reply_hours)"
	       "  RETURNING region),"
	       " st AS (INSERT INTO settings (key, value) SELECT key, value FROM jsonb_each($2::jsonb)"
	       "  ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()"
	       "  RETURNING key),"
	       /* approval_limits: a key left out keeps its value, null is no limit */
	       " al AS (UPDATE approval_limits l SET"
	       "  per_month = CASE WHEN e ? 'per_month' THEN (e->>'per_month')::int ELSE l.per_month END,"
	       "  max_amount = CASE WHEN e ? 'max_amount' THEN (e->>'max_amount')::bigint"
	       "   ELSE l.max_amount END, updated_at = now()"
	       "  FROM jsonb_array_elements(coalesce($5::jsonb, '[]')) AS e WHERE l.role = e->>'role'"
	       "  RETURNING 1),"
	       /* labour_prices replaces the list: two CTEs on disjoint rows */
	       " lp AS (SELECT * FROM jsonb_to_recordset($6::jsonb) AS x (up_to_minutes int, fee bigint)),"
	       " lp_gone AS (DELETE FROM labour_prices WHERE $6::jsonb IS NOT NULL"
	       "  AND up_to_minutes NOT IN (SELECT up_to_minutes FROM lp) RETURNING 1),"
	       " lp_set AS (INSERT INTO labour_prices (up_to_minutes, fee) SELECT up_to_minutes, fee FROM lp"
	       "  ON CONFLICT (up_to_minutes) DO UPDATE SET fee = EXCLUDED.fee RETURNING 1)"
	       /* before: as the statement found them (its snapshot) */
	       "INSERT INTO audit_log (actor, address, action, details)"
	       " SELECT $3, $4, 'policy.set', jsonb_build_object('sla', $1::jsonb, 'settings', $2::jsonb,"
	       "  'approval_limits', $5::jsonb, 'labour_prices', $6::jsonb, 'before', jsonb_build_object("
	       "   'settings', (SELECT jsonb_object_agg(key, value) FROM settings"
	       "    WHERE key IN (SELECT jsonb_object_keys($2::jsonb))),"
	       "   'approval_limits', (SELECT jsonb_agg(jsonb_build_object('role', role, 'per_month',"
	       "    per_month, 'max_amount', max_amount)) FROM approval_limits WHERE $5::jsonb IS NOT NULL),"
	       "   'labour_prices', (SELECT jsonb_agg(jsonb_build_object('up_to_minutes', up_to_minutes,"
	       "    'fee', fee) ORDER BY up_to_minutes) FROM labour_prices WHERE $6::jsonb IS NOT NULL)))",
};

/* approval_limits: [{role, per_month? (0..; null: no limit), max_amount?
 * (fen; null: no limit)}], a role once; *json gets the rows as given,
 * checked (the caller frees it). */
static bool
read_approval_limits(const cJSON *rows, char **json, struct proto_error *err)
{
	static const struct { const char *key; int64_t max; } limits[] = {
		{ "per_month", APPROVALS_PER_MONTH_MAX }, { "max_amount", APPROVAL_AMOUNT_MAX } };
	const cJSON *row;
	unsigned seen = 0;
	int i = 0, role = -1;
	int64_t value;
	char path[40];

	if (!cJSON_IsArray(rows))
		return proto_fail(err, PROTO_INVALID_ARGUMENT, "approval_limits",
		    "approval_limits must be an array of {role, per_month?, max_amount?}");
	cJSON_ArrayForEach(row, rows) {
		snprintf(path, sizeof path, "approval_limits[%d]", i++);
		if (!cJSON_IsObject(row))
			return proto_fail(err, PROTO_INVALID_ARGUMENT, path,
			    "%s must be an object {role, per_month?, max_amount?}", path);
		if (!arg_enum(row, "role", ARG_REQUIRED, approval_role_names, &role, err))
			return proto_fail_nested(err, path);
		if (seen & (1u << role))
			return proto_fail(err, PROTO_INVALID_ARGUMENT, path,
			    "%s: %s is given twice", path, approval_role_names[role]);
		seen |= 1u << role;
		for (size_t k = 0; k < sizeof limits / sizeof limits[0]; k++)
			if (!arg_int(row, limits[k].key, ARG_OPTIONAL, 0, limits[k].max, &value, err))
				return proto_fail_nested(err, path);
	}
	*json = cJSON_PrintUnformatted(rows);
	return *json != NULL;
}

/* labour_prices: the whole list [{up_to_minutes, fee}], not empty, each
 * band once; *json as for read_approval_limits. */
static bool
read_labour_prices(const cJSON *rows, char **json, struct proto_error *err)
{
	const cJSON *row;
	int i = 0;
	int64_t minutes, fee;
	char path[40];
	bool seen[LABOUR_MINUTES_MAX + 1] = { false };

	if (!cJSON_IsArray(rows) || cJSON_GetArraySize(rows) == 0 ||
	    cJSON_GetArraySize(rows) > LABOUR_BANDS_MAX)
		return proto_fail(err, PROTO_INVALID_ARGUMENT, "labour_prices",
		    "labour_prices must be a list of 1 to %d {up_to_minutes, fee}",
		    LABOUR_BANDS_MAX);
	cJSON_ArrayForEach(row, rows) {
		snprintf(path, sizeof path, "labour_prices[%d]", i++);
		if (!cJSON_IsObject(row))
			return proto_fail(err, PROTO_INVALID_ARGUMENT, path,
			    "%s must be an object {up_to_minutes, fee}", path);
		if (!arg_int(row, "up_to_minutes", ARG_REQUIRED, 1, LABOUR_MINUTES_MAX,
		        &minutes, err) ||
		    !arg_int(row, "fee", ARG_REQUIRED, 0, LABOUR_FEE_MAX, &fee, err))
			return proto_fail_nested(err, path);
		if (seen[minutes]) {
			proto_fail(err, PROTO_INVALID_ARGUMENT, "up_to_minutes",
			    "%s: the band up to %d minutes is given twice", path, (int)minutes);
			return proto_fail_nested(err, path);
		}
		seen[minutes] = true;
	}
	*json = cJSON_PrintUnformatted(rows);
	return *json != NULL;
}

/* sla: [{region, type, arrival_hours (null: none), reply_hours?}] */
static bool
read_sla_rows(const cJSON *rows, struct proto_error *err)
{
	const cJSON *row;
	int i = 0, index, region = 0;
	bool ok = true;
	double hours;
	unsigned seen = 0;

	cJSON_ArrayForEach(row, rows) {
		const cJSON *arrival = cJSON_GetObjectItem(row, "arrival_hours");
		const cJSON *reply = cJSON_GetObjectItem(row, "reply_hours");
		char field[32];

		snprintf(field, sizeof field, "sla[%d]", i++);
		ok = cJSON_IsObject(row) &&
		    arg_enum(row, "region", ARG_REQUIRED, region_names, &region, err) &&
		    arg_enum(row, "type", ARG_REQUIRED, ticket_type_names, &index, err);
		if (!ok)
			break;
		/* Stored with two decimals: below 0.01 would become 0. */
		hours = cJSON_IsNumber(arrival) ? arrival->valuedouble : 1;
		if ((arrival && !cJSON_IsNull(arrival) && !cJSON_IsNumber(arrival)) ||
		    hours < 0.01 || hours > 1000 ||
		    (reply && !cJSON_IsNull(reply) && (!cJSON_IsNumber(reply) ||
		    reply->valuedouble < 0.01 || reply->valuedouble > 1000)))
			return proto_fail(err, PROTO_INVALID_ARGUMENT, field,
			    "%s: hours must be numbers from 0.01 to 1000 "
			    "(arrival_hours null: no arrival deadline)", field);
		if (seen & (1u << (region * 4 + index)))
			return proto_fail(err, PROTO_INVALID_ARGUMENT, field,
			    "%s: this region and type are given twice", field);
		seen |= 1u << (region * 4 + index);
	}
	if (!ok && cJSON_IsObject(row)) {
		char field[sizeof err->field];
		snprintf(field, sizeof field, "sla[%d].%.40s", i - 1, err->field);
		memcpy(err->field, field, sizeof field);
	} else if (!ok)
		return proto_fail(err, PROTO_INVALID_ARGUMENT, "sla",
		    "sla must be an array of objects");
	return ok;
}

/* The settings an admin may change, each a whole number in its range
 * (common/settings.c). The time zone is the daemon's TZ (svcdeskd(8)), not
 * a setting. */
static bool
read_settings(const cJSON *settings, struct proto_error *err)
{
	const cJSON *item;
	int64_t value;

	cJSON_ArrayForEach(item, settings) {
		const struct setting_def *d = setting_find(item->string);
		char field[sizeof err->field];

		if (d == NULL)
			return proto_fail(err, PROTO_INVALID_ARGUMENT, "settings",
			    "no such setting: %.*s (policy.get lists them)",
			    utf8_prefix(item->string, 40), item->string);
		snprintf(field, sizeof field, "settings.%s", d->key);
		if (!arg_int(settings, d->key, ARG_REQUIRED, d->min, d->max, &value, err)) {
			memcpy(err->field, field, sizeof field);
			return false;
		}
	}
	return true;
}

/* The lists policy.set takes besides sla and settings, as JSON text (NULL:
 * not given). */
struct policy_lists {
	char *approvals, *labour;
};

static bool
read_policy_lists(const cJSON *args, struct policy_lists *l, struct proto_error *err)
{
	const cJSON *approvals = cJSON_GetObjectItem(args, "approval_limits");
	const cJSON *labour = cJSON_GetObjectItem(args, "labour_prices");

	*l = (struct policy_lists){ NULL, NULL };
	return (approvals == NULL || read_approval_limits(approvals, &l->approvals, err)) &&
	    (labour == NULL || read_labour_prices(labour, &l->labour, err));
}

static void
policy_set_exec(struct request *req)
{
	const cJSON *sla = cJSON_GetObjectItem(req->args, "sla");
	const cJSON *settings = cJSON_GetObjectItem(req->args, "settings");
	struct policy_lists lists = { NULL, NULL };
	struct proto_error err;
	char *sla_json, *settings_json;

	if ((sla && !cJSON_IsArray(sla)) || (settings && !cJSON_IsObject(settings))) {
		request_failf(req, PROTO_INVALID_ARGUMENT, sla && !cJSON_IsArray(sla) ?
		    "sla" : "settings", "sla must be an array and settings an object");
		return;
	}
	if ((sla && !read_sla_rows(sla, &err)) ||
	    (settings && !read_settings(settings, &err)) ||
	    !read_policy_lists(req->args, &lists, &err)) {
		cJSON_free(lists.approvals);
		cJSON_free(lists.labour);
		request_fail(req, &err);
		return;
	}
	sla_json = sla ? cJSON_PrintUnformatted(sla) : strdup("[]");
	settings_json = settings ? cJSON_PrintUnformatted(settings) : strdup("{}");
	const char *params[6] = { sla_json, settings_json, req->client->user,
	    req->client->addr, lists.approvals, lists.labour };
	req->state = &stmt_policy_set;
	db_query(req->srv->db, &stmt_policy_set, 6, params, on_policy_changed, req);
	cJSON_free(sla_json);
	cJSON_free(settings_json);
	cJSON_free(lists.approvals);
	cJSON_free(lists.labour);
}

const struct op_entry op_policy_set = {
	.name = "policy.set", .roles = ROLE_BIT(ROLE_ADMIN),
	.summary = "set SLA hours, settings and price lists: sla[]? ({region, type, "
	           "arrival_hours, reply_hours?}), settings? {key: whole number} "
	           "(common/settings.c), approval_limits[]? ({role, per_month?, max_amount?}), "
	           "labour_prices[]? ({up_to_minutes, fee}: replaces the list)",
	.exec = policy_set_exec,
};

/* working_hours (replaces the week when given), days to add or change,
 * remove_days; one statement. */
static struct db_statement stmt_calendar_set = {
	.what = "set the business calendar",
	.sql = "WITH week AS (SELECT * FROM jsonb_to_recordset($1::jsonb)"
	       "  AS x (weekday int, opens time, closes time)),"
	       /* Three CTEs on disjoint rows: one statement must not touch a row twice. */
	       " closed AS (DELETE FROM working_hours WHERE $1::jsonb IS NOT NULL"
	       "  AND weekday NOT IN (SELECT weekday FROM week) RETURNING 1),"
	       " changed AS (UPDATE working_hours w SET opens = week.opens, closes = week.closes"
	       "  FROM week WHERE w.weekday = week.weekday RETURNING 1),"
	       " opened AS (INSERT INTO working_hours (weekday, opens, closes)"
	       "  SELECT weekday, opens, closes FROM week"
	       "  WHERE weekday NOT IN (SELECT weekday FROM working_hours) RETURNING 1),"
	       " days AS (INSERT INTO calendar_days (day, working, name)"
	       "  SELECT day, working, coalesce(name, '') FROM jsonb_to_recordset($2::jsonb)"
	       "  AS x (day date, working boolean, name text)"
	       "  ON CONFLICT (day) DO UPDATE SET working = EXCLUDED.working, name = EXCLUDED.name"
	       "  RETURNING 1),"
	       " removed AS (DELETE FROM calendar_days WHERE day IN"
	       "  (SELECT jsonb_array_elements_text($3::jsonb)::date) RETURNING 1)"
	       /* before: the week and the days it touches, as the statement found them */
	       "INSERT INTO audit_log (actor, address, action, details)"
	       " SELECT $4, $5, 'calendar.set', jsonb_build_object('working_hours', $1::jsonb,"
	       "  'days', $2::jsonb, 'remove_days', $3::jsonb, 'before', jsonb_build_object("
	       "   'working_hours', (SELECT jsonb_agg(jsonb_build_object('weekday', weekday,"
	       "    'opens', to_char(opens, 'HH24:MI'), 'closes', to_char(closes, 'HH24:MI'))"
	       "    ORDER BY weekday) FROM working_hours WHERE $1::jsonb IS NOT NULL),"
	       "   'days', (SELECT jsonb_agg(jsonb_build_object('day', day, 'working', working,"
	       "    'name', name) ORDER BY day) FROM calendar_days WHERE day IN"
	       "    (SELECT (jsonb_array_elements($2::jsonb)->>'day')::date"
	       "     UNION SELECT jsonb_array_elements_text($3::jsonb)::date))))",
};

/* "HH:MM" -> minutes from midnight, -1 when malformed. */
static int
clock_minutes(const char *s)
{
	int h, m, used = 0;

	if (s == NULL || sscanf(s, "%2d:%2d%n", &h, &m, &used) != 2 || s[used] ||
	    h < 0 || h > 24 || m < 0 || m > 59 || h * 60 + m > 1440)
		return -1;
	return h * 60 + m;
}

static bool
read_week(const cJSON *week, struct proto_error *err)
{
	const cJSON *row;
	int i = 0;
	unsigned seen = 0;

	if (!cJSON_IsArray(week))
		return proto_fail(err, PROTO_INVALID_ARGUMENT, "working_hours",
		    "working_hours must be an array of {weekday, opens, closes}");
	cJSON_ArrayForEach(row, week) {
		int64_t wd = 0;
		struct proto_error ignored;
		int opens = clock_minutes(cJSON_GetStringValue(cJSON_GetObjectItem(row, "opens")));
		int closes = clock_minutes(cJSON_GetStringValue(cJSON_GetObjectItem(row, "closes")));
		char field[32];

		snprintf(field, sizeof field, "working_hours[%d]", i++);
		if (!cJSON_IsObject(row) ||
		    !arg_int(row, "weekday", ARG_REQUIRED, 1, 7, &wd, &ignored) ||
		    opens < 0 || closes < 0 || opens >= closes)
			return proto_fail(err, PROTO_INVALID_ARGUMENT, field,
			    "%s: weekday 1 (Monday) to 7, opens and closes as HH:MM, "
			    "opens before closes", field);
		if (seen & (1u << wd))
			return proto_fail(err, PROTO_INVALID_ARGUMENT, field,
			    "%s: weekday %d is given twice", field, (int)wd);
		seen |= 1u << wd;
	}
	return true;
}

static bool
read_days(const cJSON *days, const cJSON *remove, struct proto_error *err)
{
	const cJSON *row;
	const char *day;
	bool working;
	int i = 0;

	if ((days && !cJSON_IsArray(days)) || (remove && !cJSON_IsArray(remove)))
		return proto_fail(err, PROTO_INVALID_ARGUMENT, days && !cJSON_IsArray(days) ?
		    "days" : "remove_days", "days and remove_days must be arrays");
	cJSON_ArrayForEach(row, days) {
		char field[24];
		const char *name;
		snprintf(field, sizeof field, "days[%d]", i++);
		if (!cJSON_IsObject(row) ||
		    !arg_date(row, "day", ARG_REQUIRED, &day, err) ||
		    !arg_bool(row, "working", ARG_REQUIRED, &working, err) ||
		    !arg_string(row, "name", ARG_OPTIONAL, 100, &name, err))
			return proto_fail(err, PROTO_INVALID_ARGUMENT, field,
			    "%s: {day: YYYY-MM-DD, working: bool, name?}", field);
		for (const cJSON *other = days->child; other != row; other = other->next)
			if (strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(other, "day")), day) == 0)
				return proto_fail(err, PROTO_INVALID_ARGUMENT, field,
				    "%s: %s is given twice", field, day);
	}
	i = 0;
	cJSON_ArrayForEach(row, remove) {
		char field[24];
		cJSON *wrap = cJSON_CreateObject();
		bool ok;

		snprintf(field, sizeof field, "remove_days[%d]", i++);
		cJSON_AddItemReferenceToObject(wrap, "day", (cJSON *)row);
		ok = arg_date(wrap, "day", ARG_REQUIRED, &day, err);
		cJSON_Delete(wrap);
		if (!ok)
			return proto_fail(err, PROTO_INVALID_ARGUMENT, field,
			    "%s must be a date YYYY-MM-DD", field);
	}
	return true;
}

static void
calendar_set_exec(struct request *req)
{
	const cJSON *week = cJSON_GetObjectItem(req->args, "working_hours");
	const cJSON *days = cJSON_GetObjectItem(req->args, "days");
	const cJSON *remove = cJSON_GetObjectItem(req->args, "remove_days");
	struct proto_error err;
	char *texts[3];

	if ((week && !read_week(week, &err)) || !read_days(days, remove, &err)) {
		request_fail(req, &err);
		return;
	}
	texts[0] = week ? cJSON_PrintUnformatted(week) : NULL;
	texts[1] = days ? cJSON_PrintUnformatted(days) : NULL;
	texts[2] = remove ? cJSON_PrintUnformatted(remove) : NULL;
	const char *params[5] = { texts[0], texts[1] ? texts[1] : "[]",
	    texts[2] ? texts[2] : "[]", req->client->user, req->client->addr };
	req->state = &stmt_calendar_set;
	db_query(req->srv->db, &stmt_calendar_set, 5, params, on_policy_changed, req);
	for (int i = 0; i < 3; i++)
		cJSON_free(texts[i]);
}

const struct op_entry op_calendar_set = {
	.name = "calendar.set", .roles = ROLE_BIT(ROLE_ADMIN),
	.summary = "the business calendar: working_hours[]? (replaces the week), "
	           "days[]? ({day, working, name?}), remove_days[]?",
	.exec = calendar_set_exec,
};
