/*
 * test_errors.c: every error code of svcdesk-protocol(7) (ERRORS) reached
 * through a real daemon, each with the id echoed (null when none could be
 * read) and, after each, the daemon still serving. `internal` is left out
 * on purpose: it means a bug in the daemon, and nothing a client sends
 * should reach it.
 */
#include <string.h>

#include "common/proto.h"
#include "common/routes.h"
#include "tests/integration/harness.h"
#include "tests/integration/suites.h"

H_ENV_FIXTURE(E)

START_TEST(test_bad_request)
{
	struct conn *c = h_connect(E.d);
	cJSON *r;

	r = h_raws(c, "this is not json\n");
	h_expect_id(r, H_NO_ID);
	h_expect_error(r, "bad_request", NULL);
	h_ping(c);
	/* No op: the id could be read, so it is echoed. */
	r = h_raws(c, "{\"id\":41}\n");
	h_expect_id(r, 41);
	h_expect_error(r, "bad_request", NULL);
	h_ping(c);
	conn_close(c);
}
END_TEST

START_TEST(test_unknown_op)
{
	struct conn *c = h_connect(E.d);
	cJSON *r;

	r = h_raws(c, "{\"id\":12,\"op\":\"no.such.op\"}\n");
	h_expect_id(r, 12);
	h_expect_error(r, "unknown_op", NULL);
	/* Unknown before login too, and after. */
	h_login(c, "operator");
	h_expect_error(h_call(c, "ticket.frobnicate", NULL), "unknown_op", NULL);
	h_expect_error(h_call(c, "PING", NULL), "unknown_op", NULL);
	h_ping(c);
	conn_close(c);
}
END_TEST

/*
 * A refusal that quotes what the client sent cuts it at a character, never
 * inside one: the reply stays valid UTF-8 for a strict client (issue 16).
 * Chinese (3 bytes) and emoji (4 bytes) are sent past each quoting limit, at
 * every offset, so some cut falls inside a character if the quote is cut by
 * bytes.
 */
static void
expect_utf8_refusal(struct conn *c, const char *op, const char *args,
    const char *code, const char *field, const char *quoted)
{
	cJSON *r = h_call(c, op, args);
	const cJSON *error = cJSON_GetObjectItemCaseSensitive(r, "error");
	const char *message = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(error,
	    "message"));

	ck_assert_ptr_nonnull(message);
	ck_assert_msg(proto_utf8_valid(message, strlen(message)),
	    "%s: the refusal is not valid UTF-8", op);
	ck_assert_msg(strstr(message, quoted) != NULL, "%s: %s", op, message);
	h_expect_error(r, code, field);
}

/* lead ASCII bytes, then glyph as often as fits in size - 1 bytes. */
static void
fill_text(char *text, size_t size, size_t lead, const char *glyph)
{
	size_t n = 0;

	while (n < lead && n + 1 < size)
		text[n++] = 'x';
	while (n + strlen(glyph) < size) {
		memcpy(text + n, glyph, strlen(glyph));
		n += strlen(glyph);
	}
	text[n] = '\0';
}

START_TEST(test_quoted_text_cut_at_characters)
{
	static const char *const glyphs[] = { "中", "😀" };
	struct conn *c = h_connect_as(E.d, "quality");
	char text[160], args[400];

	for (size_t g = 0; g < 2; g++)
		for (size_t lead = 0; lead < 4; lead++) {
			/* The op's name, quoted by unknown_op up to 64 bytes. */
			fill_text(text, sizeof text, lead, glyphs[g]);
			expect_utf8_refusal(c, text, NULL, "unknown_op", "op", glyphs[g]);
			/* A route's department (32 bytes at most), quoted by route.set. */
			fill_text(text, ROUTE_DEPARTMENT_MAX + 1, lead, glyphs[g]);
			snprintf(args, sizeof args, "{\"category\":\"other\",\"stages\":"
			    "[{\"department\":\"%s\",\"days\":1}],\"close_days\":5,"
			    "\"saturday_counts\":true}", text);
			expect_utf8_refusal(c, "route.set", args, "invalid_argument",
			    "stages[0].department", glyphs[g]);
		}
	h_ping(c);
	conn_close(c);
}
END_TEST

START_TEST(test_invalid_argument)
{
	struct conn *c = h_connect(E.d);

	h_expect_error(h_call(c, "session.login", "{\"user\":5,\"password\":\"x\"}"),
	    "invalid_argument", "user");
	h_expect_error(h_call(c, "session.login", "{\"user\":\"operator\"}"),
	    "invalid_argument", "password");
	h_login(c, "operator");
	h_expect_error(h_call(c, "subscribe", "{\"topics\":[\"weather\"]}"),
	    "invalid_argument", "topics");
	h_expect_error(h_call(c, "ticket.list", "{\"queue\":\"all\",\"limit\":0}"),
	    "invalid_argument", "limit");
	h_ping(c);
	conn_close(c);
}
END_TEST

START_TEST(test_unauthenticated)
{
	struct conn *c = h_connect(E.d);

	/* An op that needs a login, before one. */
	h_expect_error(h_call(c, "subscribe", "{\"topics\":[\"tickets\"]}"),
	    "unauthenticated", NULL);
	h_expect_error(h_call(c, "op.list", NULL), "unauthenticated", NULL);
	/* A failed login. */
	h_expect_error(h_call(c, "session.login",
	    "{\"user\":\"operator\",\"password\":\"wrong-password\"}"),
	    "unauthenticated", NULL);
	h_expect_error(h_call(c, "ticket.get", "{\"no\":\"B2611240001\"}"),
	    "unauthenticated", NULL);
	h_ping(c);
	conn_close(c);
}
END_TEST

START_TEST(test_forbidden_role)
{
	struct conn *c = h_connect_as(E.d, "operator");

	h_expect_error(h_call(c, "user.save",
	    "{\"login\":\"new.user\",\"role\":\"operator\",\"password\":\"long-enough\"}"),
	    "forbidden", NULL);
	h_ping(c);
	conn_close(c);
}
END_TEST

START_TEST(test_forbidden_record)
{
	struct conn *c;

	/* A technician may not see a ticket dispatched to someone else. */
	h_sql(E.db, "INSERT INTO users (login, name, role, password_hash) "
	    "VALUES ('other.tech', '李四', 'technician', 'x')");
	h_insert_ticket(E.db, "B2611240007", "dispatched", "urban", "other.tech");
	c = h_connect_as(E.d, "technician");
	h_expect_error(h_call(c, "ticket.get", "{\"no\":\"B2611240007\"}"),
	    "forbidden", NULL);
	h_ping(c);
	conn_close(c);
}
END_TEST

START_TEST(test_not_found)
{
	struct conn *c = h_connect_as(E.d, "operator");

	h_expect_error(h_call(c, "ticket.get", "{\"no\":\"B2611249999\"}"),
	    "not_found", "no");
	h_ping(c);
	conn_close(c);
}
END_TEST

START_TEST(test_conflict)
{
	struct conn *c = h_connect_as(E.d, "admin");

	h_expect_error(h_call(c, "user.save", "{\"login\":\"operator\",\"name\":\"重复\","
	    "\"role\":\"operator\",\"password\":\"another-pass\",\"create\":true}"),
	    "conflict", NULL);
	h_ping(c);
	conn_close(c);
}
END_TEST

START_TEST(test_rate_limited)
{
	struct conn *c = h_connect(E.d);

	for (int i = 0; i < 5; i++)
		h_expect_error(h_call(c, "session.login",
		    "{\"user\":\"dispatcher\",\"password\":\"guess-guess\"}"),
		    "unauthenticated", NULL);
	h_expect_error(h_call(c, "session.login",
	    "{\"user\":\"dispatcher\",\"password\":\"guess-guess\"}"), "rate_limited", NULL);
	h_ping(c);
	conn_close(c);
}
END_TEST

START_TEST(test_unavailable_over_connection_limit)
{
	static const char *const opts[] = { "--max-clients", "1", NULL };
	struct h_db *db = h_db_create();
	struct h_daemon *d = h_daemon_start(db, opts);
	struct conn *a = NULL, *b;
	cJSON *r;

	/* The start-up probe may still count for a moment: retry until served. */
	for (long long end = h_now_ms() + H_WAIT_MS; a == NULL;) {
		a = h_connect(d);
		r = conn_call(a, "ping", NULL, H_WAIT_MS);
		if (r == NULL || !reply_ok(r)) {
			conn_close(a);
			a = NULL;
			ck_assert_msg(h_now_ms() < end, "the first client was never served");
			h_sleep_ms(50);
		}
		cJSON_Delete(r);
	}
	b = h_connect(d);
	r = conn_wait(b, H_WAIT_MS);
	ck_assert_msg(r != NULL, "no answer to the connection over the limit");
	h_expect_id(r, H_NO_ID);
	h_expect_error(r, "unavailable", NULL);
	h_expect_closed(b);
	conn_close(b);
	h_ping(a);
	conn_close(a);
	h_daemon_stop(d);
	h_db_drop(db);
}
END_TEST

START_TEST(test_unavailable_without_database)
{
	static const char *const opts[] = { "--reconnect-ms", "100", NULL };
	struct h_db *db = h_db_create();
	struct h_daemon *d = h_daemon_start(db, opts);
	struct conn *c = h_connect(d);

	/* The database goes away under the daemon: requests that need it get
	 * `unavailable`; ping still answers. */
	h_sql(db, "SELECT 1");
	{
		PGconn *pg = PQconnectdb(h_env("SVCDESK_TEST_PG"));

		ck_assert_int_eq(PQstatus(pg), CONNECTION_OK);
		h_pg_exec(pg, "ALTER DATABASE \"%s\" ALLOW_CONNECTIONS false", db->name);
		h_pg_exec(pg, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
		    "WHERE datname = '%s'", db->name);
		h_sleep_ms(300);
		h_expect_error(h_call(c, "session.login",
		    "{\"user\":\"operator\",\"password\":\"demo1234\"}"), "unavailable", NULL);
		h_ping(c);
		h_pg_exec(pg, "ALTER DATABASE \"%s\" ALLOW_CONNECTIONS true", db->name);
		PQfinish(pg);
	}
	/* And it comes back by itself. */
	for (long long end = h_now_ms() + 2 * H_WAIT_MS;;) {
		cJSON *r = h_call(c, "session.login",
		    "{\"user\":\"operator\",\"password\":\"demo1234\"}");
		bool ok = reply_ok(r);

		if (!ok)
			ck_assert_msg(strcmp(reply_code(r), "unavailable") == 0 &&
			    h_now_ms() < end, "login after the database returned: %s", h_show(r));
		cJSON_Delete(r);
		if (ok)
			break;
		h_sleep_ms(100);
	}
	conn_close(c);
	h_daemon_stop(d);
	h_db_drop(db);
}
END_TEST

START_TEST(test_frame_too_large)
{
	static const char *const opts[] = { "--max-frame", "256", NULL };
	struct h_db *db = h_db_create();
	struct h_daemon *d = h_daemon_start(db, opts);
	struct conn *c = h_connect(d);
	char big[300];
	cJSON *r;

	memset(big, 'x', sizeof big);
	big[257] = '\n';
	r = h_raw(c, big, 258);      /* 257 bytes: one over */
	h_expect_id(r, H_NO_ID);
	h_expect_error(r, "frame_too_large", NULL);
	h_expect_closed(c);
	conn_close(c);
	/* Others are still served. */
	c = h_connect(d);
	h_ping(c);
	conn_close(c);
	h_daemon_stop(d);
	h_db_drop(db);
}
END_TEST

Suite *
errors_suite(void)
{
	Suite *s = suite_create("errors");
	TCase *tc = tcase_create("codes");
	TCase *own = tcase_create("codes_own_daemon");

	tcase_set_timeout(tc, H_TEST_TIMEOUT);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_bad_request);
	tcase_add_test(tc, test_unknown_op);
	tcase_add_test(tc, test_quoted_text_cut_at_characters);
	tcase_add_test(tc, test_invalid_argument);
	tcase_add_test(tc, test_unauthenticated);
	tcase_add_test(tc, test_forbidden_role);
	tcase_add_test(tc, test_forbidden_record);
	tcase_add_test(tc, test_not_found);
	tcase_add_test(tc, test_conflict);
	tcase_add_test(tc, test_rate_limited);
	suite_add_tcase(s, tc);

	tcase_set_timeout(own, H_TEST_TIMEOUT);
	tcase_add_test(own, test_unavailable_over_connection_limit);
	tcase_add_test(own, test_unavailable_without_database);
	tcase_add_test(own, test_frame_too_large);
	suite_add_tcase(s, own);
	return s;
}
