/*
 * test_login_timeout.c: --login-timeout (svcdeskd(8)). Connections that
 * have not logged in within it are told session.closed {login_timeout} and
 * closed, whether silent or talking; logged-in ones, idle or logged in late
 * inside the period, stay; the places they held in --max-clients come back
 * and the daemon goes on serving; 0 turns it off.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "tests/integration/harness.h"
#include "tests/integration/suites.h"

#define SILENT 9
#define TIMEOUT_MS 2000

/* The push session.closed with this reason arrives and the daemon closes
 * the connection; returns when (ms since t0). */
static long long
expect_told_closed(struct conn *c, const char *reason, long long t0)
{
	cJSON *push = conn_wait_push(c, "session.closed", H_WAIT_MS);
	long long at = h_now_ms() - t0;

	ck_assert_msg(push != NULL, "no session.closed push");
	ck_assert_str_eq(h_str(cJSON_GetObjectItemCaseSensitive(push, "data"),
	    "reason"), reason);
	cJSON_Delete(push);
	h_expect_closed(c);
	return at;
}

/* The 13th connection over --max-clients 12 is refused: all twelve hold a
 * place. */
static void
expect_full(struct h_daemon *d)
{
	struct conn *x = h_connect(d);
	cJSON *r = conn_wait(x, H_WAIT_MS);

	ck_assert_msg(r != NULL, "no answer over the limit");
	h_expect_error(r, "unavailable", NULL);
	h_expect_closed(x);
	conn_close(x);
}

START_TEST(test_not_logged_in_closed)
{
	static const char *const opts[] = { "--login-timeout", "2",
	    "--max-clients", "12", NULL };
	struct h_db *db = h_db_create();
	struct h_daemon *d = h_daemon_start(db, opts);
	long long t0 = h_now_ms(), at;
	struct conn *idle = h_connect_as(d, "operator");
	struct conn *late = h_connect(d), *chatty = h_connect(d);
	struct conn *silent[SILENT], *next[3];

	for (int i = 0; i < SILENT; i++)
		silent[i] = h_connect(d);
	expect_full(d);
	/* Talking without logging in does not put the deadline off (the idle
	 * timeout would be); logging in inside the period does. */
	bool late_in = false;

	while (h_now_ms() - t0 < TIMEOUT_MS - 300) {
		h_ping(chatty);
		if (!late_in && h_now_ms() - t0 > TIMEOUT_MS / 2) {
			h_login(late, "technician");
			late_in = true;
		}
		h_sleep_ms(100);
	}
	ck_assert(late_in);
	at = expect_told_closed(chatty, "login_timeout", t0);
	ck_assert_msg(at >= TIMEOUT_MS - 100 && at < TIMEOUT_MS + 1500,
	    "the talking client closed after %lld ms", at);
	for (int i = 0; i < SILENT; i++) {
		at = expect_told_closed(silent[i], "login_timeout", t0);
		ck_assert_msg(at >= TIMEOUT_MS - 100 && at < TIMEOUT_MS + 1500,
		    "silent client %d closed after %lld ms", i, at);
		conn_close(silent[i]);
	}
	conn_close(chatty);
	/* The logged-in ones stay, however idle, and the places are back. */
	h_expect_silence(idle);
	h_expect_silence(late);
	h_ping(idle);
	h_ping(late);
	for (int i = 0; i < 3; i++) {
		next[i] = h_connect(d);
		h_login(next[i], "operator");
	}
	h_sleep_ms(TIMEOUT_MS + 300);
	for (int i = 0; i < 3; i++) {
		h_ping(next[i]);
		conn_close(next[i]);
	}
	h_ping(idle);
	conn_close(idle);
	conn_close(late);
	h_daemon_stop(d);
	h_db_drop(db);
}
END_TEST

START_TEST(test_zero_is_off)
{
	static const char *const opts[] = { "--login-timeout", "0", NULL };
	struct h_db *db = h_db_create();
	struct h_daemon *d = h_daemon_start(db, opts);
	struct conn *c = h_connect(d);

	h_sleep_ms(1500);
	h_expect_silence(c);
	h_ping(c);
	h_login(c, "operator");
	conn_close(c);
	h_daemon_stop(d);
	h_db_drop(db);
}
END_TEST

Suite *
login_timeout_suite(void)
{
	Suite *s = suite_create("login_timeout");
	TCase *tc = tcase_create("own_daemon");

	tcase_set_timeout(tc, H_TEST_TIMEOUT);
	tcase_add_test(tc, test_not_logged_in_closed);
	tcase_add_test(tc, test_zero_is_off);
	suite_add_tcase(s, tc);
	return s;
}
