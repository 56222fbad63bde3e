/*
 * test_resume.c: session resume tokens (session.resume, sql/037_resume.sql)
 * through a real daemon: the login's token begins a session on another
 * connection and after a daemon restart, once (a resume hands the next
 * token and the old one is dead); refused when expired, after logout, after
 * the user is deactivated, given another password or another role, and for
 * garbage; the role is the user's own, never more; the table holds only a
 * hash; session_resume_hours 0 issues none; the wrong types of its args.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/integration/harness.h"
#include "tests/integration/suites.h"

H_ENV_FIXTURE(E)

/* Logs c in as user and returns the resume token of the answer (static). */
static const char *
login_token(struct conn *c, const char *user)
{
	static char token[64];
	cJSON *args = cJSON_CreateObject();
	cJSON *r;

	cJSON_AddStringToObject(args, "user", user);
	cJSON_AddStringToObject(args, "password", H_PASSWORD);
	r = h_expect_ok(h_callj(c, "session.login", args));
	snprintf(token, sizeof token, "%s", h_str(reply_result(r), "resume_token"));
	ck_assert_msg(strlen(token) == 43, "no resume token: %s", h_show(r));
	cJSON_Delete(r);
	return token;
}

static cJSON *
resume(struct conn *c, const char *token)
{
	cJSON *args = cJSON_CreateObject();

	cJSON_AddStringToObject(args, "token", token);
	return h_callj(c, "session.resume", args);
}

/* Resumes on c, asserts the user and role, and copies the next token. */
static void
resume_ok(struct conn *c, const char *token, const char *user, char *next, size_t size)
{
	cJSON *r = h_expect_ok(resume(c, token));
	const cJSON *res = reply_result(r);

	ck_assert_str_eq(h_str(res, "user"), user);
	ck_assert_str_eq(h_str(res, "role"), user);   /* the demo users' logins are roles */
	ck_assert_msg(h_str(res, "name")[0] != '\0', "%s", h_show(r));
	ck_assert_msg(strlen(h_str(res, "resume_token")) == 43, "%s", h_show(r));
	ck_assert_str_ne(h_str(res, "resume_token"), token);
	snprintf(next, size, "%s", h_str(res, "resume_token"));
	cJSON_Delete(r);
}

/* Refused on a fresh connection c, which stays without a session. */
static void
resume_refused(struct conn *c, const char *token)
{
	h_expect_error(resume(c, token), "unauthenticated", "token");
	h_expect_error(h_call(c, "op.list", NULL), "unauthenticated", NULL);
}

START_TEST(test_resume_once)
{
	struct conn *a = h_connect(E.d), *b = h_connect(E.d), *c = h_connect(E.d);
	char first[64], next[64];

	snprintf(first, sizeof first, "%s", login_token(a, "dispatcher"));
	resume_ok(b, first, "dispatcher", next, sizeof next);
	cJSON_Delete(h_expect_ok(h_call(b, "op.list", NULL)));
	/* Used once: the old token is dead, the new one works. */
	resume_refused(c, first);
	resume_ok(c, next, "dispatcher", next, sizeof next);
	/* Each resume audited, one token a connection left. */
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM audit_log"
	    " WHERE action = 'session.resume' AND actor = 'dispatcher'"), 2);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM session_tokens"
	    " WHERE login = 'dispatcher'"), 1);
	conn_close(a);
	conn_close(b);
	conn_close(c);
}
END_TEST

START_TEST(test_resume_after_restart)
{
	struct conn *a = h_connect(E.d);
	char token[64], next[64];

	snprintf(token, sizeof token, "%s", login_token(a, "operator"));
	conn_close(a);
	h_daemon_stop(E.d);
	E.d = h_daemon_start(E.db, NULL);
	a = h_connect(E.d);
	resume_ok(a, token, "operator", next, sizeof next);
	cJSON_Delete(h_expect_ok(h_call(a, "op.list", NULL)));
	conn_close(a);
}
END_TEST

/* Expiry: session_resume_hours from the password login, kept by resumes. */
START_TEST(test_resume_expired)
{
	struct conn *a = h_connect(E.d), *b = h_connect(E.d);
	char token[64], next[64];

	snprintf(token, sizeof token, "%s", login_token(a, "quality"));
	ck_assert_int_eq(h_sql_int(E.db, "SELECT extract(epoch FROM expires_at - issued_at)"
	    " FROM session_tokens WHERE login = 'quality'"), 12 * 3600);
	h_sql(E.db, "UPDATE session_tokens SET expires_at = now() + interval '1 hour'"
	    " WHERE login = 'quality'");
	resume_ok(b, token, "quality", next, sizeof next);
	ck_assert_int_le(h_sql_int(E.db, "SELECT extract(epoch FROM expires_at - now())"
	    " FROM session_tokens WHERE login = 'quality'"), 3600);
	h_sql(E.db, "UPDATE session_tokens SET expires_at = now() - interval '1 second'"
	    " WHERE login = 'quality'");
	conn_close(b);
	b = h_connect(E.d);
	resume_refused(b, next);
	/* The next login sweeps the user's expired token. */
	login_token(b, "quality");
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM session_tokens"
	    " WHERE login = 'quality' AND expires_at <= now()"), 0);
	conn_close(a);
	conn_close(b);
}
END_TEST

START_TEST(test_resume_off)
{
	struct conn *a = h_connect(E.d);
	cJSON *r;

	cJSON_Delete(h_expect_ok(h_call(a, "session.login",
	    "{\"user\":\"admin\",\"password\":\"" H_PASSWORD "\"}")));
	cJSON_Delete(h_expect_ok(h_call(a, "policy.set",
	    "{\"settings\":{\"session_resume_hours\":0}}")));
	r = h_expect_ok(h_call(a, "session.login",
	    "{\"user\":\"manager\",\"password\":\"" H_PASSWORD "\"}"));
	ck_assert_msg(h_member(reply_result(r), "resume_token") == NULL, "%s", h_show(r));
	cJSON_Delete(r);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM session_tokens"
	    " WHERE login = 'manager'"), 0);
	conn_close(a);
}
END_TEST

START_TEST(test_resume_revoked_by_logout)
{
	struct conn *a = h_connect(E.d), *b = h_connect(E.d), *other = h_connect(E.d);
	char token[64], kept[64];

	snprintf(token, sizeof token, "%s", login_token(a, "technician"));
	/* Another session of the same user keeps its own token. */
	snprintf(kept, sizeof kept, "%s", login_token(other, "technician"));
	cJSON_Delete(h_expect_ok(h_call(a, "session.logout", NULL)));
	resume_refused(b, token);
	resume_ok(b, kept, "technician", kept, sizeof kept);
	/* Logout after a resume revokes the token that resume handed out. */
	cJSON_Delete(h_expect_ok(h_call(b, "session.logout", NULL)));
	resume_refused(a, kept);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM session_tokens"
	    " WHERE login = 'technician'"), 0);
	conn_close(a);
	conn_close(b);
	conn_close(other);
}
END_TEST

/* user.save deactivating, re-passwording or re-roling a user kills every
 * token of theirs, and no other user's. */
static void
revoked_by_user_save(const char *user, const char *change)
{
	struct conn *admin = h_connect_as(E.d, "admin");
	struct conn *a = h_connect(E.d), *b = h_connect(E.d);
	char token[64], bystander[64], next[64];

	snprintf(token, sizeof token, "%s", login_token(a, user));
	snprintf(bystander, sizeof bystander, "%s", login_token(b, "manager"));
	h_donef(admin, "user.save", "{\"login\":\"%s\",%s}", user, change);
	conn_close(a);
	a = h_connect(E.d);
	resume_refused(a, token);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM session_tokens"
	    " WHERE login = '%s'", user), 0);
	resume_ok(a, bystander, "manager", next, sizeof next);
	conn_close(a);
	conn_close(b);
	conn_close(admin);
}

START_TEST(test_resume_revoked_by_deactivation)
{
	revoked_by_user_save("operator", "\"active\":false");
}
END_TEST

START_TEST(test_resume_revoked_by_password)
{
	revoked_by_user_save("operator", "\"password\":\"another-pass\"");
}
END_TEST

START_TEST(test_resume_revoked_by_role)
{
	revoked_by_user_save("quality", "\"role\":\"operator\"");
}
END_TEST

/* A technician's token gives a technician's session, whatever else the
 * request says: no admin op runs on it. */
START_TEST(test_resume_no_escalation)
{
	struct conn *a = h_connect(E.d), *b = h_connect(E.d);
	char token[64];
	cJSON *r;

	snprintf(token, sizeof token, "%s", login_token(a, "technician"));
	r = h_expect_ok(h_callf(b, "session.resume",
	    "{\"token\":\"%s\",\"role\":\"admin\",\"user\":\"admin\"}", token));
	ck_assert_str_eq(h_str(reply_result(r), "user"), "technician");
	ck_assert_str_eq(h_str(reply_result(r), "role"), "technician");
	cJSON_Delete(r);
	h_expect_error(h_call(b, "user.save", "{\"login\":\"technician\",\"role\":\"admin\"}"),
	    "forbidden", NULL);
	h_expect_error(h_call(b, "policy.set", "{\"settings\":{\"session_resume_hours\":1}}"),
	    "forbidden", NULL);
	ck_assert_str_eq(h_sql_text(E.db, "SELECT role FROM users WHERE login = 'technician'"),
	    "technician");
	conn_close(a);
	conn_close(b);
}
END_TEST

/* The table holds a hash: neither the token nor its bytes. */
START_TEST(test_resume_stored_hashed)
{
	struct conn *a = h_connect(E.d);
	char token[64];

	snprintf(token, sizeof token, "%s", login_token(a, "manager"));
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM session_tokens"
	    " WHERE login = 'manager' AND length(token_hash) = 32"), 1);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM session_tokens s"
	    " WHERE row_to_json(s)::text LIKE '%%%s%%'"
	    "  OR token_hash = decode(translate('%s', '-_', '+/') || '=', 'base64')"
	    "  OR encode(token_hash, 'base64') LIKE '%%%s%%'", token, token, token), 0);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM audit_log"
	    " WHERE details::text LIKE '%%%s%%' OR coalesce(object, '') LIKE '%%%s%%'",
	    token, token), 0);
	conn_close(a);
}
END_TEST

START_TEST(test_resume_garbage)
{
	struct conn *c = h_connect(E.d);
	char unknown[64];

	/* Well formed, never issued. */
	memset(unknown, 'A', 43);
	unknown[43] = '\0';
	resume_refused(c, unknown);
	/* Not a token at all: the field is named. */
	h_expect_error(resume(c, ""), "invalid_argument", "token");
	h_expect_error(resume(c, "short"), "invalid_argument", "token");
	h_expect_error(resume(c, "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"),
	    "invalid_argument", "token");
	h_expect_error(resume(c, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"),
	    "invalid_argument", "token");
	/* 43 bytes, not 43 base64url characters (libsodium alone took it). */
	h_expect_error(resume(c, "中AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"),
	    "invalid_argument", "token");
	h_expect_error(h_call(c, "session.resume", NULL), "invalid_argument", "token");
	h_expect_error(h_call(c, "session.resume", "{\"token\":42}"), "invalid_argument", "token");
	h_expect_error(h_call(c, "session.resume", "{\"token\":[\"x\"]}"),
	    "invalid_argument", "token");
	h_expect_error(h_call(c, "session.resume", "{\"token\":\"x\",\"lang\":\"fr\"}"),
	    "invalid_argument", "lang");
	h_expect_error(h_call(c, "op.list", NULL), "unauthenticated", NULL);
	/* The refusal in the session's language. */
	{
		cJSON *r = h_callf(c, "session.resume", "{\"token\":\"%s\",\"lang\":\"zh_CN\"}",
		    unknown);
		const cJSON *err = cJSON_GetObjectItemCaseSensitive(r, "error");

		ck_assert_msg(strstr(h_str(err, "message"), "密码") != NULL, "%s", h_show(r));
		h_expect_error(r, "unauthenticated", "token");
	}
	conn_close(c);
}
END_TEST

Suite *
resume_suite(void)
{
	Suite *s = suite_create("resume");
	TCase *tc = tcase_create("resume");

	tcase_set_timeout(tc, H_TEST_TIMEOUT);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_resume_once);
	tcase_add_test(tc, test_resume_after_restart);
	tcase_add_test(tc, test_resume_expired);
	tcase_add_test(tc, test_resume_off);
	tcase_add_test(tc, test_resume_revoked_by_logout);
	tcase_add_test(tc, test_resume_revoked_by_deactivation);
	tcase_add_test(tc, test_resume_revoked_by_password);
	tcase_add_test(tc, test_resume_revoked_by_role);
	tcase_add_test(tc, test_resume_no_escalation);
	tcase_add_test(tc, test_resume_stored_hashed);
	tcase_add_test(tc, test_resume_garbage);
	suite_add_tcase(s, tc);
	return s;
}
