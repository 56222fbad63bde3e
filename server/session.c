/*
 * session.c: ops about the session itself: ping, session.login (with
 * its resume token, server/resume.c), session.logout, subscribe, and op.list (the op table, as tmux's
 * list-commands).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sodium.h>

#include "common/timefmt.h"
#include "common/validate.h"
#include "server/auth.h"
#include "server/db.h"
#include "server/log.h"
#include "server/ops.h"
#include "server/resume.h"

static void
ping_exec(struct request *req)
{
	cJSON *result = cJSON_CreateObject();
	char now[TIMEFMT_LEN];

	time_format_iso(time(NULL), now, sizeof now);
	cJSON_AddStringToObject(result, "server_time", now);
	cJSON_AddStringToObject(result, "version", SVCDESK_VERSION);
	cJSON_AddBoolToObject(result, "database", db_is_up(req->srv->db));
	request_reply(req, result);
}

const struct op_entry op_ping = {
	.name = "ping", .roles = ROLES_ALL, .flags = OP_NO_LOGIN,
	.summary = "server time and version; needs no login",
	.exec = ping_exec,
};

/* --- session.login: look the user up, verify off the loop, audit. */

struct login {
	char user[64], name[128], department[64];
	char password[AUTH_PASSWORD_MAX + 1];
	char hash[AUTH_HASH_MAX];     /* the one verified: no token for another */
	char token[RESUME_TOKEN_LEN], token_hash[RESUME_HASH_HEX];
	enum role role;
};

static struct db_statement stmt_user_by_login = {
	.what = "user by login",
	.sql = "SELECT password_hash, name, role, department FROM users "
	       "WHERE login = $1 AND active",
};

/* The login audited and its resume token stored ($3, a hash) while the
 * user is still active with the password just verified ($4) and tokens are
 * on (session_resume_hours > 0); the user's expired tokens swept. One row:
 * whether the token was stored. */
static struct db_statement stmt_audit_login = {
	.what = "audit a login",
	.sql = "WITH swept AS (DELETE FROM session_tokens"
	       "  WHERE login = $1 AND expires_at <= now()),"
	       " issued AS (INSERT INTO session_tokens (token_hash, login, expires_at)"
	       "  SELECT decode($3, 'hex'), login,"
	       "   now() + make_interval(hours => setting_int('session_resume_hours')::int)"
	       "  FROM users WHERE login = $1 AND active AND password_hash = $4"
	       "  AND setting_int('session_resume_hours') > 0 RETURNING login),"
	       " audit AS (INSERT INTO audit_log (actor, address, action)"
	       "  VALUES ($1, $2, 'session.login'))"
	       "SELECT count(*) FROM issued",
};

static void
login_fail(struct request *req, const struct proto_error *err)
{
	struct login *l = req->state;

	sodium_memzero(l->password, sizeof l->password);
	free(l);
	request_fail(req, err);
}

void
session_open(struct request *req, const char *user, const char *name,
    enum role role, const char *department, const char *token,
    const char *token_hash)
{
	struct client *c = req->client;
	cJSON *result;

	c->logged_in = true;
	net_client_logged_in(c);
	c->role = role;
	snprintf(c->user, sizeof c->user, "%s", user);
	snprintf(c->name, sizeof c->name, "%s", name);
	snprintf(c->resume_hash, sizeof c->resume_hash, "%s", token ? token_hash : "");
	log_msg(LOG_INFO, req->reqid, "client %llu %s as %s (%s)",
	    (unsigned long long)c->id, req->op == &op_session_resume ?
	    "resumed a session" : "logged in", c->user, role_name(c->role));
	result = cJSON_CreateObject();
	cJSON_AddStringToObject(result, "user", user);
	cJSON_AddStringToObject(result, "name", name);
	cJSON_AddStringToObject(result, "role", role_name(role));
	if (department[0])   /* a department's users: whose board */
		cJSON_AddStringToObject(result, "department", department);
	if (token != NULL)
		cJSON_AddStringToObject(result, "resume_token", token);
	request_reply(req, result);
}

static void
on_login_audited(void *arg, PGresult *res)
{
	struct request *req = arg;
	struct login *l = req->state;
	struct proto_error err;

	if (!db_result_ok(res, &stmt_audit_login, &err))
		request_fail(req, &err);
	else
		session_open(req, l->user, l->name, l->role, l->department,
		    strcmp(PQgetvalue(res, 0, 0), "1") == 0 ? l->token : NULL,
		    l->token_hash);
	sodium_memzero(l, sizeof *l);
	free(l);
}

static void
on_password_checked(void *arg, bool match)
{
	struct request *req = arg;
	struct server *srv = req->srv;
	struct login *l = req->state;
	const char *params[4] = { l->user, req->client->addr, l->token_hash, l->hash };
	struct proto_error err;

	if (!match) {
		time_t now = time(NULL);
		ratelimit_fail(srv->login_failures_user, l->user, now);
		ratelimit_fail(srv->login_failures_addr, req->client->host, now);
		log_msg(LOG_INFO, req->reqid, "client %llu: failed login",
		    (unsigned long long)req->client->id);
		proto_fail(&err, PROTO_UNAUTHENTICATED, NULL, "wrong user name or password");
		login_fail(req, &err);
		return;
	}
	ratelimit_reset(srv->login_failures_user, l->user);
	if (!resume_token_new(l->token, l->token_hash)) {
		proto_fail(&err, PROTO_INTERNAL, NULL, "out of memory");
		login_fail(req, &err);
		return;
	}
	db_query(srv->db, &stmt_audit_login, 4, params, on_login_audited, req);
}

static void
on_user_found(void *arg, PGresult *res)
{
	struct request *req = arg;
	struct login *l = req->state;
	struct proto_error err;
	const char *hash = NULL;

	if (!db_result_ok(res, &stmt_user_by_login, &err)) {
		login_fail(req, &err);
		return;
	}
	if (PQntuples(res) == 1) {
		hash = PQgetvalue(res, 0, 0);
		snprintf(l->hash, sizeof l->hash, "%s", hash);
		snprintf(l->name, sizeof l->name, "%s", PQgetvalue(res, 0, 1));
		l->role = role_from_name(PQgetvalue(res, 0, 2));
		snprintf(l->department, sizeof l->department, "%s", PQgetvalue(res, 0, 3));
	}
	/* An unknown user is checked against a dummy hash: same time, false. */
	hasher_verify(req->srv->hasher, hash, l->password, on_password_checked, req);
	sodium_memzero(l->password, sizeof l->password);
}

/* The connection's language from `lang` ("en", the default, or "zh_CN"),
 * set first so that the login's own refusals come in it; it stays the
 * connection's until another login says otherwise. */
bool
session_language(struct request *req, struct proto_error *err)
{
	const char *lang;

	if (!arg_string(req->args, "lang", ARG_OPTIONAL, 16, &lang, err))
		return false;
	if (lang == NULL)
		return true;
	if (strcmp(lang, "en") != 0 && strcmp(lang, "zh_CN") != 0)
		return proto_fail(err, PROTO_INVALID_ARGUMENT, "lang",
		    "lang must be en or zh_CN");
	req->client->chinese = strcmp(lang, "zh_CN") == 0;
	return true;
}

static void
login_exec(struct request *req)
{
	struct server *srv = req->srv;
	const char *user, *password;
	struct proto_error err;
	struct login *l;
	time_t now = time(NULL);

	if (!session_language(req, &err) ||
	    !arg_string(req->args, "user", ARG_REQUIRED, 32, &user, &err) ||
	    !arg_string(req->args, "password", ARG_REQUIRED, AUTH_PASSWORD_MAX,
	    &password, &err)) {
		request_fail(req, &err);
		return;
	}
	if (ratelimit_blocked(srv->login_failures_user, user, now) ||
	    ratelimit_blocked(srv->login_failures_addr, req->client->host, now)) {
		request_failf(req, PROTO_RATE_LIMITED, NULL,
		    "too many failed logins; wait %d minutes and try again",
		    (srv->cfg.login_window + 59) / 60);
		return;
	}
	if ((l = calloc(1, sizeof *l)) == NULL) {
		request_failf(req, PROTO_INTERNAL, NULL, "out of memory");
		return;
	}
	snprintf(l->user, sizeof l->user, "%s", user);
	snprintf(l->password, sizeof l->password, "%s", password);
	req->state = l;
	db_query(srv->db, &stmt_user_by_login, 1, &user, on_user_found, req);
}

const struct op_entry op_session_login = {
	.name = "session.login", .roles = ROLES_ALL, .flags = OP_NO_LOGIN,
	.summary = "log in: user, password, lang? -> user, name, role, department?",
	.exec = login_exec,
};

/* The connection stays, without a session or subscriptions. */
static void
session_clear(struct client *c)
{
	c->logged_in = false;
	c->role = ROLE_NONE;
	c->topics = 0;
	c->user[0] = c->name[0] = c->resume_hash[0] = '\0';
}

/* Logout revokes the resume token this connection was given. */
static struct db_statement stmt_revoke_token = {
	.what = "revoke a resume token",
	.sql = "DELETE FROM session_tokens WHERE token_hash = decode($1, 'hex')",
};

static void
on_token_revoked(void *arg, PGresult *res)
{
	struct request *req = arg;
	struct client *c = req->client;
	struct proto_error err;

	if (!db_result_ok(res, &stmt_revoke_token, &err)) {
		request_fail(req, &err);   /* still logged in: try again */
		return;
	}
	log_msg(LOG_INFO, req->reqid, "client %llu logged out",
	    (unsigned long long)c->id);
	session_clear(c);
	request_reply(req, NULL);
}

static void
logout_exec(struct request *req)
{
	struct client *c = req->client;
	const char *hash = c->resume_hash;

	if (hash[0]) {
		db_query(req->srv->db, &stmt_revoke_token, 1, &hash, on_token_revoked, req);
		return;
	}
	log_msg(LOG_INFO, req->reqid, "client %llu logged out",
	    (unsigned long long)c->id);
	session_clear(c);
	request_reply(req, NULL);
}

void
session_end_user(struct server *srv, const char *login, const char *reason,
    const char *role)
{
	enum role keep = strcmp(reason, "role_changed") == 0 ? role_from_name(role) :
	    ROLE_NONE;
	struct client *c, *next;
	cJSON *data = cJSON_CreateObject();
	size_t len = 0;
	char *line;

	cJSON_AddStringToObject(data, "reason", reason);
	line = proto_push("session.ended", data, &len);
	/* next first: a client whose output is full is freed by the send */
	for (c = TAILQ_FIRST(&srv->clients); c != NULL; c = next) {
		next = TAILQ_NEXT(c, link);
		if (c->gone || !c->logged_in || strcmp(c->user, login) != 0 ||
		    (keep != ROLE_NONE && c->role == keep))
			continue;
		log_info("client %llu: the session of %s ended (%s)",
		    (unsigned long long)c->id, login, reason);
		session_clear(c);
		if (line != NULL)
			net_send_line(c, line, len);
	}
	free(line);
}

const struct op_entry op_session_logout = {
	.name = "session.logout", .roles = ROLES_ALL,
	.summary = "end the session (the connection stays open)",
	.exec = logout_exec,
};

static void
subscribe_exec(struct request *req)
{
	struct proto_error err;
	unsigned mask = 0;
	cJSON *result, *topics;

	if (!arg_enum_set(req->args, "topics", ARG_REQUIRED, topic_names, &mask,
	    &err)) {
		request_fail(req, &err);
		return;
	}
	req->client->topics = mask;
	result = cJSON_CreateObject();
	topics = cJSON_AddArrayToObject(result, "topics");
	for (int t = 0; t < TOPIC_COUNT; t++)
		if (mask & (1u << t))
			cJSON_AddItemToArray(topics, cJSON_CreateString(topic_names[t]));
	request_reply(req, result);
}

const struct op_entry op_subscribe = {
	.name = "subscribe", .roles = ROLES_ALL,
	.summary = "receive pushes: topics[] of tickets, complaints, sla",
	.exec = subscribe_exec,
};

static void
op_list_exec(struct request *req)
{
	cJSON *result = cJSON_CreateObject();

	cJSON_AddItemToObject(result, "ops", ops_describe(req->client));
	request_reply(req, result);
}

const struct op_entry op_op_list = {
	.name = "op.list", .roles = ROLES_ALL,
	.summary = "every op with the roles that may run it",
	.exec = op_list_exec,
};

/* ---- after the daemon may have missed a sessions.end (its LISTEN
 * connection was down): every session checked against its user now. */

/* One row per login asked, its role NULL when the user is no longer active. */
static struct db_statement stmt_session_users = {
	.what = "the users of the sessions open",
	.sql = "SELECT a.login, u.role FROM jsonb_array_elements_text($1::jsonb) AS a (login)"
	       " LEFT JOIN users u ON u.login = a.login AND u.active",
};

/* What res says of login: false when it was not asked, a session opened
 * after the question was sent (its login has just read the user: the
 * crash test found such sessions ended as "deactivated"); else *role is
 * the user's role, or NULL when the user is no longer active. */
static bool
asked_role(const PGresult *res, const char *login, const char **role)
{
	for (int i = 0; i < PQntuples(res); i++)
		if (strcmp(PQgetvalue(res, i, 0), login) == 0) {
			*role = PQgetisnull(res, i, 1) ? NULL : PQgetvalue(res, i, 1);
			return true;
		}
	return false;
}

static void
on_session_users(void *arg, PGresult *res)
{
	struct server *srv = arg;
	struct client *c;
	struct proto_error err;
	cJSON *ends, *end;

	if (!db_result_ok(res, &stmt_session_users, &err))
		return;   /* no database: the next reconnection checks again */
	ends = cJSON_CreateArray();   /* [login, reason, role]: ended after the walk */
	TAILQ_FOREACH(c, &srv->clients, link) {
		const char *role;

		if (c->gone || !c->logged_in || !asked_role(res, c->user, &role) ||
		    (role != NULL && role_from_name(role) == c->role))
			continue;
		end = cJSON_CreateArray();
		cJSON_AddItemToArray(end, cJSON_CreateString(c->user));
		cJSON_AddItemToArray(end, cJSON_CreateString(role ? "role_changed" : "deactivated"));
		cJSON_AddItemToArray(end, cJSON_CreateString(role ? role : ""));
		cJSON_AddItemToArray(ends, end);
	}
	cJSON_ArrayForEach(end, ends)
		session_end_user(srv, cJSON_GetArrayItem(end, 0)->valuestring,
		    cJSON_GetArrayItem(end, 1)->valuestring,
		    cJSON_GetArrayItem(end, 2)->valuestring);
	cJSON_Delete(ends);
}

void
session_recheck(struct server *srv)
{
	cJSON *logins = cJSON_CreateArray();
	struct client *c;
	char *json;

	TAILQ_FOREACH(c, &srv->clients, link)
		if (!c->gone && c->logged_in)
			cJSON_AddItemToArray(logins, cJSON_CreateString(c->user));
	json = cJSON_GetArraySize(logins) > 0 ? cJSON_PrintUnformatted(logins) : NULL;
	cJSON_Delete(logins);
	if (json == NULL)
		return;
	db_query(srv->db, &stmt_session_users, 1, (const char *const *)&json,
	    on_session_users, srv);
	cJSON_free(json);
}
