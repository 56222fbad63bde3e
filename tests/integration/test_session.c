/*
 * test_session.c: the session ops through a real daemon: ping without a
 * login, session.login for every role, failures and the login rate limit
 * (per user, per address, its window, a correct password still refused),
 * logout, op.list and a role denied an op, the idle timeout, and wrong
 * types and sizes for every argument of session.login and subscribe.
 */
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/timefmt.h"
#include "tests/integration/harness.h"
#include "tests/integration/suites.h"

H_ENV_FIXTURE(E)

static cJSON *
login_reply(struct conn *c, const char *user, const char *password)
{
	cJSON *args = cJSON_CreateObject();

	cJSON_AddStringToObject(args, "user", user);
	cJSON_AddStringToObject(args, "password", password);
	return h_callj(c, "session.login", args);
}

START_TEST(test_ping_without_login)
{
	struct conn *c = h_connect(E.d);
	cJSON *r = h_expect_ok(h_call(c, "ping", NULL)), *res = reply_result(r);
	const char *when = h_str(res, "server_time");
	regex_t re;
	time_t t;

	ck_assert_int_eq(regcomp(&re, "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}"
	    "\\+08:00$", REG_EXTENDED | REG_NOSUB), 0);
	ck_assert_msg(regexec(&re, when, 0, NULL, 0) == 0, "server_time %s", when);
	regfree(&re);
	ck_assert(time_parse_iso(when, &t));
	ck_assert_msg(llabs((long long)(t - time(NULL))) < 120, "server_time %s is off", when);
	ck_assert_msg(h_str(res, "version")[0] != '\0', "no version: %s", h_show(r));
	ck_assert(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(res, "database")));
	cJSON_Delete(r);
	conn_close(c);
}
END_TEST

START_TEST(test_login_every_role)
{
	static const char *const roles[] = { "operator", "dispatcher", "technician",
	    "quality", "manager", "admin" };

	for (size_t i = 0; i < sizeof roles / sizeof *roles; i++) {
		struct conn *c = h_connect(E.d);
		cJSON *r = h_expect_ok(login_reply(c, roles[i], H_PASSWORD));
		const cJSON *res = reply_result(r);

		ck_assert_str_eq(h_str(res, "user"), roles[i]);
		ck_assert_str_eq(h_str(res, "role"), roles[i]);
		ck_assert_msg(h_str(res, "name")[0] != '\0', "%s", h_show(r));
		if (strcmp(roles[i], "operator") == 0)
			ck_assert_str_eq(h_str(res, "name"), "张敏");
		cJSON_Delete(r);
		/* Logged in: an op that needs a login now runs. */
		cJSON_Delete(h_expect_ok(h_call(c, "op.list", NULL)));
		conn_close(c);
	}
}
END_TEST

START_TEST(test_login_failures)
{
	struct conn *c = h_connect(E.d);

	h_expect_error(login_reply(c, "operator", "demo12345"), "unauthenticated", NULL);
	h_expect_error(login_reply(c, "operator", "DEMO1234"), "unauthenticated", NULL);
	h_expect_error(login_reply(c, "operator", ""), "unauthenticated", NULL);
	h_expect_error(login_reply(c, "no.such.user", H_PASSWORD), "unauthenticated", NULL);
	h_expect_error(login_reply(c, "", H_PASSWORD), "unauthenticated", NULL);
	/* Still not logged in. */
	h_expect_error(h_call(c, "op.list", NULL), "unauthenticated", NULL);
	/* The right password still works (4 failures are under the limit). */
	h_login(c, "operator");
	cJSON_Delete(h_expect_ok(h_call(c, "op.list", NULL)));
	conn_close(c);
}
END_TEST

START_TEST(test_inactive_user_cannot_log_in)
{
	struct conn *c = h_connect(E.d);

	h_sql(E.db, "UPDATE users SET active = false WHERE login = 'quality'");
	h_expect_error(login_reply(c, "quality", H_PASSWORD), "unauthenticated", NULL);
	conn_close(c);
}
END_TEST

START_TEST(test_logout)
{
	struct conn *c = h_connect_as(E.d, "dispatcher");

	cJSON_Delete(h_expect_ok(h_call(c, "subscribe", "{\"topics\":[\"tickets\"]}")));
	cJSON_Delete(h_expect_ok(h_call(c, "session.logout", NULL)));
	h_expect_error(h_call(c, "op.list", NULL), "unauthenticated", NULL);
	h_expect_error(h_call(c, "subscribe", "{\"topics\":[\"tickets\"]}"),
	    "unauthenticated", NULL);
	h_expect_error(h_call(c, "session.logout", NULL), "unauthenticated", NULL);
	/* The connection stays open and serves a new login. */
	h_ping(c);
	h_login(c, "manager");
	cJSON_Delete(h_expect_ok(h_call(c, "op.list", NULL)));
	conn_close(c);
}
END_TEST

START_TEST(test_rate_limit_per_user)
{
	struct conn *c = h_connect(E.d), *other;

	for (int i = 0; i < 5; i++)
		h_expect_error(login_reply(c, "operator", "not-the-password"),
		    "unauthenticated", NULL);
	/* The sixth attempt is refused, and so is the correct password. */
	h_expect_error(login_reply(c, "operator", "not-the-password"), "rate_limited", NULL);
	h_expect_error(login_reply(c, "operator", H_PASSWORD), "rate_limited", NULL);
	h_expect_error(h_call(c, "op.list", NULL), "unauthenticated", NULL);
	/* From another connection too: the limit is on the user. */
	other = h_connect(E.d);
	h_expect_error(login_reply(other, "operator", H_PASSWORD), "rate_limited", NULL);
	/* Another user is not affected. */
	h_login(other, "dispatcher");
	conn_close(other);
	h_login(c, "quality");
	conn_close(c);
}
END_TEST

START_TEST(test_rate_limit_reset_by_success)
{
	struct conn *c = h_connect(E.d);

	for (int i = 0; i < 4; i++)
		h_expect_error(login_reply(c, "technician", "wrong-pass"), "unauthenticated", NULL);
	h_login(c, "technician");
	/* The count starts again: four more failures are not five. */
	for (int i = 0; i < 4; i++)
		h_expect_error(login_reply(c, "technician", "wrong-pass"), "unauthenticated", NULL);
	h_login(c, "technician");
	conn_close(c);
}
END_TEST

START_TEST(test_rate_limit_window)
{
	static const char *const opts[] = { "--login-failures", "2", "--login-window", "4", NULL };
	struct h_db *db = h_db_create();
	struct h_daemon *d = h_daemon_start(db, opts);
	struct conn *c = h_connect(d);
	long long first;

	h_expect_error(login_reply(c, "manager", "wrong-pass"), "unauthenticated", NULL);
	first = h_now_ms();    /* the window started before this */
	h_expect_error(login_reply(c, "manager", "wrong-pass"), "unauthenticated", NULL);
	h_expect_error(login_reply(c, "manager", H_PASSWORD), "rate_limited", NULL);
	/* Once the window has passed, the right password works again. */
	if (first + 5100 > h_now_ms())
		h_sleep_ms((int)(first + 5100 - h_now_ms()));
	h_login(c, "manager");
	conn_close(c);
	h_daemon_stop(d);
	h_db_drop(db);
}
END_TEST

/* The per-address limit counts failures from one client address across
 * connections (a guesser that reconnects, or tries many user names). */
START_TEST(test_rate_limit_per_address)
{
	static const char *const opts[] = { "--login-failures", "100",
	    "--login-failures-addr", "3", NULL };
	struct h_db *db = h_db_create();
	struct h_daemon *d = h_daemon_start(db, opts);
	struct conn *c;
	char user[32];

	for (int i = 0; i < 3; i++) {
		c = h_connect(d);
		snprintf(user, sizeof user, "guess%d", i);
		h_expect_error(login_reply(c, user, "wrong-pass"), "unauthenticated", NULL);
		conn_close(c);
	}
	c = h_connect(d);
	h_expect_error(login_reply(c, "operator", H_PASSWORD), "rate_limited", NULL);
	conn_close(c);
	h_daemon_stop(d);
	h_db_drop(db);
}
END_TEST

static const cJSON *
find_op(const cJSON *ops, const char *name)
{
	const cJSON *op;

	cJSON_ArrayForEach(op, ops)
		if (strcmp(h_str(op, "name"), name) == 0)
			return op;
	return NULL;
}

static bool
has_role(const cJSON *op, const char *role)
{
	const cJSON *r;

	cJSON_ArrayForEach(r, cJSON_GetObjectItemCaseSensitive(op, "roles"))
		if (cJSON_IsString(r) && strcmp(r->valuestring, role) == 0)
			return true;
	return false;
}

START_TEST(test_op_list)
{
	struct conn *c = h_connect_as(E.d, "operator");
	cJSON *r = h_expect_ok(h_call(c, "op.list", NULL));
	const cJSON *ops = cJSON_GetObjectItemCaseSensitive(reply_result(r), "ops"), *op;

	ck_assert(cJSON_IsArray(ops));
	cJSON_ArrayForEach(op, ops) {
		ck_assert_msg(h_str(op, "name")[0] != '\0', "%s", h_show(op));
		ck_assert_msg(cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(op, "roles")),
		    "%s", h_show(op));
		ck_assert_msg(cJSON_IsBool(cJSON_GetObjectItemCaseSensitive(op, "login")),
		    "%s", h_show(op));
		ck_assert_msg(cJSON_IsBool(cJSON_GetObjectItemCaseSensitive(op, "allowed")),
		    "%s", h_show(op));
		ck_assert_msg(h_str(op, "summary")[0] != '\0', "%s", h_show(op));
	}
	op = find_op(ops, "ping");
	ck_assert_ptr_nonnull(op);
	ck_assert(cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(op, "login")));
	ck_assert(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(op, "allowed")));
	op = find_op(ops, "session.login");
	ck_assert_ptr_nonnull(op);
	ck_assert(cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(op, "login")));
	op = find_op(ops, "subscribe");
	ck_assert_ptr_nonnull(op);
	ck_assert(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(op, "login")));
	ck_assert(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(op, "allowed")));
	ck_assert(has_role(op, "operator") && has_role(op, "technician"));
	op = find_op(ops, "user.save");
	ck_assert_msg(op != NULL, "user.save is not in op.list");
	ck_assert(has_role(op, "admin"));
	ck_assert(!has_role(op, "operator"));
	ck_assert(cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(op, "allowed")));
	ck_assert_ptr_nonnull(find_op(ops, "ticket.get"));
	ck_assert_ptr_nonnull(find_op(ops, "ticket.list"));
	cJSON_Delete(r);
	conn_close(c);

	/* For the admin, user.save is allowed. */
	c = h_connect_as(E.d, "admin");
	r = h_expect_ok(h_call(c, "op.list", NULL));
	op = find_op(cJSON_GetObjectItemCaseSensitive(reply_result(r), "ops"), "user.save");
	ck_assert_ptr_nonnull(op);
	ck_assert(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(op, "allowed")));
	cJSON_Delete(r);
	conn_close(c);
}
END_TEST

START_TEST(test_role_denied)
{
	static const char *const denied[] = { "operator", "dispatcher", "technician",
	    "quality", "manager" };

	for (size_t i = 0; i < sizeof denied / sizeof *denied; i++) {
		struct conn *c = h_connect_as(E.d, denied[i]);

		h_expect_error(h_call(c, "user.save", "{\"login\":\"operator\",\"role\":\"admin\"}"),
		    "forbidden", NULL);
		/* The session survives a refusal. */
		cJSON_Delete(h_expect_ok(h_call(c, "op.list", NULL)));
		conn_close(c);
	}
	/* Nobody became admin: the operator still logs in as an operator. */
	{
		struct conn *c = h_connect(E.d);
		cJSON *r = h_expect_ok(login_reply(c, "operator", H_PASSWORD));
		ck_assert_str_eq(h_str(reply_result(r), "role"), "operator");
		cJSON_Delete(r);
		conn_close(c);
	}
}
END_TEST

START_TEST(test_idle_timeout)
{
	static const char *const opts[] = { "--idle-timeout", "2", NULL };
	struct h_db *db = h_db_create();
	struct h_daemon *d = h_daemon_start(db, opts);
	struct conn *idle = h_connect_as(d, "operator"), *busy = h_connect(d);
	cJSON *push, *data;
	long long start = h_now_ms();

	/* The busy client talks more often than the timeout and stays. */
	while (h_now_ms() - start < 3500) {
		h_ping(busy);
		h_sleep_ms(100);
	}
	push = conn_wait_push(idle, "session.closed", H_WAIT_MS);
	ck_assert_msg(push != NULL, "no session.closed push to the idle client");
	ck_assert_ptr_null(cJSON_GetObjectItemCaseSensitive(push, "id"));
	data = cJSON_GetObjectItemCaseSensitive(push, "data");
	ck_assert_str_eq(h_str(data, "reason"), "idle");
	cJSON_Delete(push);
	h_expect_closed(idle);
	conn_close(idle);
	h_ping(busy);
	conn_close(busy);
	h_daemon_stop(d);
	h_db_drop(db);
}
END_TEST

START_TEST(test_huge_and_long_strings)
{
	struct conn *c = h_connect(E.d);
	size_t n = 100000;
	char *user = malloc(n + 1), zh[32 * 3 + 1];

	ck_assert_ptr_nonnull(user);
	memset(user, 'u', n);
	user[n] = '\0';
	h_expect_error(login_reply(c, user, H_PASSWORD), "invalid_argument", "user");
	user[33] = '\0';    /* 33 characters: one over */
	h_expect_error(login_reply(c, user, H_PASSWORD), "invalid_argument", "user");
	/* 32 Chinese characters are 96 bytes but 32 characters: not too long
	 * (just no such user). */
	zh[0] = '\0';
	for (int i = 0; i < 32; i++)
		strcat(zh, "王");
	h_expect_error(login_reply(c, zh, H_PASSWORD), "unauthenticated", NULL);
	memset(user, 'p', 257);
	user[257] = '\0';
	h_expect_error(login_reply(c, "operator", user), "invalid_argument", "password");
	free(user);
	h_ping(c);
	h_login(c, "operator");
	conn_close(c);
}
END_TEST

START_TEST(test_login_wrong_types)
{
	static const char *const values[] = { "5", "true", "[]", "{}", "[\"operator\"]", "null" };
	struct conn *c = h_connect(E.d);
	char args[200];

	for (size_t i = 0; i < sizeof values / sizeof *values; i++) {
		snprintf(args, sizeof args, "{\"user\":%s,\"password\":\"demo1234\"}", values[i]);
		h_expect_error(h_call(c, "session.login", args), "invalid_argument", "user");
		snprintf(args, sizeof args, "{\"user\":\"operator\",\"password\":%s}", values[i]);
		h_expect_error(h_call(c, "session.login", args), "invalid_argument", "password");
	}
	h_expect_error(h_call(c, "session.login", "{\"password\":\"demo1234\"}"),
	    "invalid_argument", "user");
	h_expect_error(h_call(c, "session.login", "{\"user\":\"operator\"}"),
	    "invalid_argument", "password");
	h_expect_error(h_call(c, "session.login", NULL), "invalid_argument", "user");
	/* None of these counted as a failed login. */
	h_login(c, "operator");
	conn_close(c);
}
END_TEST

START_TEST(test_subscribe_args)
{
	static const char *const bad[] = { "\"tickets\"", "5", "{}", "null", "[1]",
	    "[\"bogus\"]", "[[\"tickets\"]]", "[\"tickets\",null]", "true", "[\"Tickets\"]" };
	struct conn *c = h_connect_as(E.d, "dispatcher");
	char args[200];
	cJSON *r;
	const cJSON *topics;

	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		snprintf(args, sizeof args, "{\"topics\":%s}", bad[i]);
		h_expect_error(h_call(c, "subscribe", args), "invalid_argument", "topics");
	}
	h_expect_error(h_call(c, "subscribe", NULL), "invalid_argument", "topics");
	r = h_expect_ok(h_call(c, "subscribe", "{\"topics\":[\"sla\",\"tickets\"]}"));
	topics = cJSON_GetObjectItemCaseSensitive(reply_result(r), "topics");
	ck_assert_int_eq(cJSON_GetArraySize(topics), 2);
	ck_assert_msg(strstr(h_show(topics), "\"tickets\"") && strstr(h_show(topics), "\"sla\""),
	    "%s", h_show(r));
	cJSON_Delete(r);
	r = h_expect_ok(h_call(c, "subscribe", "{\"topics\":[\"complaints\",\"complaints\"]}"));
	topics = cJSON_GetObjectItemCaseSensitive(reply_result(r), "topics");
	ck_assert_str_eq(h_show(topics), "[\"complaints\"]");
	cJSON_Delete(r);
	r = h_expect_ok(h_call(c, "subscribe", "{\"topics\":[]}"));
	ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(
	    reply_result(r), "topics")), 0);
	cJSON_Delete(r);
	conn_close(c);
}
END_TEST

static const char *
error_message(const cJSON *reply)
{
	return h_str(cJSON_GetObjectItemCaseSensitive(reply, "error"), "message");
}

static cJSON *
login_in(struct conn *c, const char *user, const char *password, const char *lang)
{
	cJSON *args = cJSON_CreateObject();

	cJSON_AddStringToObject(args, "user", user);
	cJSON_AddStringToObject(args, "password", password);
	cJSON_AddStringToObject(args, "lang", lang);
	return h_callj(c, "session.login", args);
}

/* A connection that logs in with lang "zh_CN" gets every refusal in
 * Chinese, the login's own included; one without lang, or with "en", gets
 * English; the code and field are the same in both. */
START_TEST(test_refusals_in_session_language)
{
	struct conn *zh = h_connect(E.d), *en = h_connect(E.d);
	cJSON *r;

	r = login_in(zh, "operator", "wrong password", "fr");
	ck_assert_str_eq(error_message(r), "lang must be en or zh_CN");
	h_expect_error(r, "invalid_argument", "lang");
	r = login_in(zh, "operator", "wrong password", "zh_CN");
	ck_assert_str_eq(error_message(r), "用户名或密码错误");
	h_expect_error(r, "unauthenticated", "");
	cJSON_Delete(h_expect_ok(login_in(zh, "operator", H_PASSWORD, "zh_CN")));
	r = h_call(zh, "ticket.get", "{}");
	ck_assert_str_eq(error_message(r), "no 为必填项");
	h_expect_error(r, "invalid_argument", "no");

	r = login_in(en, "operator", "wrong password", "en");
	ck_assert_str_eq(error_message(r), "wrong user name or password");
	h_expect_error(r, "unauthenticated", "");
	h_login(en, "operator");
	r = h_call(en, "ticket.get", "{}");
	ck_assert_str_eq(error_message(r), "no is required");
	h_expect_error(r, "invalid_argument", "no");
	conn_close(zh);
	conn_close(en);
}
END_TEST

Suite *
session_suite(void)
{
	Suite *s = suite_create("session");
	TCase *tc = tcase_create("login");
	TCase *own = tcase_create("own_daemon");

	tcase_set_timeout(tc, H_TEST_TIMEOUT);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_ping_without_login);
	tcase_add_test(tc, test_login_every_role);
	tcase_add_test(tc, test_login_failures);
	tcase_add_test(tc, test_inactive_user_cannot_log_in);
	tcase_add_test(tc, test_logout);
	tcase_add_test(tc, test_rate_limit_per_user);
	tcase_add_test(tc, test_rate_limit_reset_by_success);
	tcase_add_test(tc, test_op_list);
	tcase_add_test(tc, test_role_denied);
	tcase_add_test(tc, test_huge_and_long_strings);
	tcase_add_test(tc, test_login_wrong_types);
	tcase_add_test(tc, test_subscribe_args);
	tcase_add_test(tc, test_refusals_in_session_language);
	suite_add_tcase(s, tc);

	tcase_set_timeout(own, H_TEST_TIMEOUT);
	tcase_add_test(own, test_rate_limit_window);
	tcase_add_test(own, test_rate_limit_per_address);
	tcase_add_test(own, test_idle_timeout);
	suite_add_tcase(s, own);
	return s;
}
