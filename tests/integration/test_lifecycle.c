/*
 * test_lifecycle.c: the daemon under stress of its surroundings: SIGTERM
 * finishes the requests in flight and then exits 0; the database stopped
 * and started under a connected, logged-in client (unavailable, then served
 * again by the same daemon, pushes included); the connection limit and its
 * slots coming back; a client that never reads is dropped while others are
 * served; clients vanishing with requests in flight.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "tests/integration/harness.h"
#include "tests/integration/suites.h"

static const char *const login_args =
    "{\"user\":\"operator\",\"password\":\"demo1234\"}";

START_TEST(test_sigterm_drains_in_flight)
{
	struct h_db *db = h_db_create();
	struct h_daemon *d = h_daemon_start(db, NULL);
	struct conn *c = h_connect(d), *idle = h_connect_as(d, "dispatcher");
	/* Three logins (Argon2id on the one hasher thread: ~100 ms each, one
	 * after the other) and a ping, in one write. The ping is answered as
	 * soon as it is read, so its answer proves the logins were read too:
	 * SIGTERM then lands while they run. */
	const char *burst =
	    "{\"id\":1001,\"op\":\"session.login\",\"args\":{\"user\":\"operator\",\"password\":\"demo1234\"}}\n"
	    "{\"id\":1002,\"op\":\"session.login\",\"args\":{\"user\":\"quality\",\"password\":\"demo1234\"}}\n"
	    "{\"id\":1003,\"op\":\"session.login\",\"args\":{\"user\":\"manager\",\"password\":\"demo1234\"}}\n"
	    "{\"id\":1004,\"op\":\"ping\"}\n";
	static const char *const roles[] = { "operator", "quality", "manager" };
	bool seen[3] = { false, false, false };
	cJSON *r;

	cJSON_Delete(h_expect_ok(h_call(idle, "subscribe", "{\"topics\":[\"tickets\"]}")));
	ck_assert(conn_send_raw(c, burst, strlen(burst)));
	r = conn_wait(c, H_WAIT_MS);
	ck_assert_msg(r != NULL, "no answer to the ping");
	h_expect_id(r, 1004);
	cJSON_Delete(h_expect_ok(r));
	h_daemon_signal(d, SIGTERM);
	/* Every login in flight is answered, ok. */
	for (int i = 0; i < 3; i++) {
		const cJSON *idv;
		int k;

		r = conn_wait(c, 2 * H_WAIT_MS);
		ck_assert_msg(r != NULL, "only %d of 3 logins in flight answered after SIGTERM", i);
		idv = cJSON_GetObjectItemCaseSensitive(r, "id");
		ck_assert_msg(cJSON_IsNumber(idv), "%s", h_show(r));
		k = (int)idv->valuedouble - 1001;
		ck_assert_msg(k >= 0 && k < 3 && !seen[k], "%s", h_show(r));
		seen[k] = true;
		r = h_expect_ok(r);
		ck_assert_str_eq(h_str(reply_result(r), "role"), roles[k]);
		cJSON_Delete(r);
	}
	/* Then both connections close and the daemon exits 0. */
	h_expect_closed(c);
	h_expect_closed(idle);
	conn_close(c);
	conn_close(idle);
	ck_assert_msg(h_daemon_wait_exit(d, 2 * H_WAIT_MS), "svcdeskd still running after SIGTERM");
	h_daemon_check_exit(d);
	h_db_drop(db);
}
END_TEST

START_TEST(test_sigterm_without_clients)
{
	struct h_db *db = h_db_create();
	struct h_daemon *d = h_daemon_start(db, NULL);
	long long start = h_now_ms();

	h_daemon_signal(d, SIGTERM);
	ck_assert(h_daemon_wait_exit(d, 2 * H_WAIT_MS));
	/* Nothing to wait for: well before the 10 s drain deadline. */
	ck_assert_int_lt(h_now_ms() - start, 5000);
	h_daemon_check_exit(d);
	h_db_drop(db);
}
END_TEST

/* Calls op until it stops answering `unavailable`; returns the reply. */
static cJSON *
call_until_available(struct conn *c, const char *op, const char *args, int timeout_ms)
{
	long long end = h_now_ms() + timeout_ms;

	for (;;) {
		cJSON *r = h_call(c, op, args);

		if (reply_ok(r) || strcmp(reply_code(r), "unavailable") != 0 ||
		    h_now_ms() > end)
			return r;
		cJSON_Delete(r);
		h_sleep_ms(100);
	}
}

START_TEST(test_database_restart)
{
	static const char *const opts[] = { "--reconnect-ms", "200", NULL };
	struct h_db *db = h_db_create();
	struct h_daemon *d = h_daemon_start(db, opts);
	struct conn *c = h_connect_as(d, "operator"), *sub = h_connect_as(d, "dispatcher");
	cJSON *r, *p;
	bool down = false;

	cJSON_Delete(h_expect_ok(h_call(sub, "subscribe", "{\"topics\":[\"tickets\"]}")));
	cJSON_Delete(h_expect_ok(h_call(c, "ticket.list", "{\"queue\":\"all\"}")));

	h_pg_stop();
	/* A request that needs the database: unavailable, at once, not a hang. */
	h_expect_error(h_call(c, "ticket.list", "{\"queue\":\"all\"}"), "unavailable", NULL);
	{
		struct conn *fresh = h_connect(d);
		h_expect_error(h_call(fresh, "session.login", login_args), "unavailable", NULL);
		conn_close(fresh);
	}
	/* ping needs no database and says it is down. */
	for (long long end = h_now_ms() + H_WAIT_MS; !down;) {
		r = h_expect_ok(h_call(c, "ping", NULL));
		down = cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(reply_result(r), "database"));
		cJSON_Delete(r);
		ck_assert_msg(down || h_now_ms() < end, "ping still says database: true");
		if (!down)
			h_sleep_ms(100);
	}

	h_pg_start();
	/* The same daemon, the same connection, the same session: served again. */
	r = call_until_available(c, "ticket.list", "{\"queue\":\"all\"}", 3 * H_WAIT_MS);
	cJSON_Delete(h_expect_ok(r));
	r = h_expect_ok(h_call(c, "ping", NULL));
	ck_assert(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(reply_result(r), "database")));
	cJSON_Delete(r);
	/* Pushes work again once the daemon listens again. */
	h_wait_listeners(db, 1);
	h_notify(db, "{\"topic\":\"tickets\",\"event\":\"ticket.changed\","
	    "\"data\":{\"no\":\"B2611240099\"}}");
	p = conn_wait_push(sub, "ticket.changed", H_WAIT_MS);
	ck_assert_msg(p != NULL, "no push after the database came back");
	ck_assert_str_eq(h_str(cJSON_GetObjectItemCaseSensitive(p, "data"), "no"), "B2611240099");
	cJSON_Delete(p);
	/* New logins work too. */
	{
		struct conn *fresh = h_connect_as(d, "manager");
		conn_close(fresh);
	}
	conn_close(c);
	conn_close(sub);
	h_daemon_stop(d);
	h_db_drop(db);
}
END_TEST

/* Opens a connection that the daemon serves (retrying while a closed one
 * may still count against the limit). */
static struct conn *
served_connection(const struct h_daemon *d)
{
	long long end = h_now_ms() + H_WAIT_MS;

	for (;;) {
		struct conn *c = h_connect(d);
		cJSON *r = conn_call(c, "ping", NULL, H_WAIT_MS);
		bool ok = r != NULL && reply_ok(r);

		cJSON_Delete(r);
		if (ok)
			return c;
		conn_close(c);
		ck_assert_msg(h_now_ms() < end, "no connection was served");
		h_sleep_ms(50);
	}
}

START_TEST(test_max_clients_slots_return)
{
	static const char *const opts[] = { "--max-clients", "2", NULL };
	struct h_db *db = h_db_create();
	struct h_daemon *d = h_daemon_start(db, opts);
	struct conn *a = served_connection(d), *b = served_connection(d), *x;
	cJSON *r;

	for (int i = 0; i < 3; i++) {
		x = h_connect(d);
		r = conn_wait(x, H_WAIT_MS);
		ck_assert_msg(r != NULL, "no answer over the limit");
		h_expect_error(r, "unavailable", NULL);
		h_expect_closed(x);
		conn_close(x);
	}
	/* The clients inside the limit are unaffected. */
	h_ping(a);
	h_ping(b);
	/* A closed connection gives its slot back. */
	conn_close(a);
	a = served_connection(d);
	h_login(a, "operator");
	conn_close(a);
	conn_close(b);
	h_daemon_stop(d);
	h_db_drop(db);
}
END_TEST

START_TEST(test_slow_reader_dropped)
{
	static const char *const opts[] = { "--max-output", "65536", NULL };
	struct h_db *db = h_db_create();
	struct h_daemon *d = h_daemon_start(db, opts);
	struct conn *slow = h_connect_as(d, "operator"), *other = h_connect_as(d, "dispatcher");
	int small = 4096, sent = 0;
	bool dropped = false;
	char batch[500 * 40];
	size_t len = 0;

	/* Keep the kernel from buffering megabytes of replies on our side. */
	setsockopt(conn_fd(slow), SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
	for (int i = 0; i < 500; i++)
		len += (size_t)snprintf(batch + len, sizeof batch - len,
		    "{\"id\":%d,\"op\":\"op.list\"}\n", 5000 + i);
	/* Send requests and never read: the daemon must drop this client once
	 * its replies pile up, instead of buffering without bound. */
	while (sent < 400000) {
		if (!conn_send_raw(slow, batch, len)) {
			dropped = true;
			break;
		}
		sent += 500;
		if (sent % 20000 == 0)
			h_ping(other);
	}
	ck_assert_msg(dropped, "a client that never reads was not dropped after "
	    "%d requests", sent);
	/* Others keep being served. */
	h_ping(other);
	cJSON_Delete(h_expect_ok(h_call(other, "ticket.list", "{\"queue\":\"all\"}")));
	conn_close(slow);
	conn_close(other);
	h_daemon_stop(d);
	h_db_drop(db);
}
END_TEST

START_TEST(test_client_vanishes_mid_request)
{
	struct h_db *db = h_db_create();
	struct h_daemon *d = h_daemon_start(db, NULL);
	struct conn *c;

	/* Logins in flight (answered after the socket is gone), and a burst of
	 * requests the daemon is still reading when the client leaves. */
	for (int i = 0; i < 5; i++) {
		c = h_connect(d);
		ck_assert_int_gt(conn_send(c, "session.login", cJSON_Parse(login_args)), 0);
		for (int j = 0; j < 50; j++)
			conn_send(c, "ping", NULL);
		conn_close(c);
	}
	c = h_connect_as(d, "admin");
	cJSON_Delete(h_expect_ok(h_call(c, "ticket.list", "{\"queue\":\"all\"}")));
	/* Let the abandoned logins finish before stopping. */
	h_sleep_ms(800);
	h_ping(c);
	conn_close(c);
	h_daemon_stop(d);
	h_db_drop(db);
}
END_TEST

Suite *
lifecycle_suite(void)
{
	Suite *s = suite_create("lifecycle");
	TCase *term = tcase_create("sigterm");
	TCase *db = tcase_create("database");
	TCase *lim = tcase_create("limits");

	tcase_set_timeout(term, H_TEST_TIMEOUT);
	tcase_add_test(term, test_sigterm_drains_in_flight);
	tcase_add_test(term, test_sigterm_without_clients);
	suite_add_tcase(s, term);

	tcase_set_timeout(db, H_TEST_TIMEOUT);
	tcase_add_test(db, test_database_restart);
	suite_add_tcase(s, db);

	tcase_set_timeout(lim, H_TEST_TIMEOUT);
	tcase_add_test(lim, test_max_clients_slots_return);
	tcase_add_test(lim, test_slow_reader_dropped);
	tcase_add_test(lim, test_client_vanishes_mid_request);
	suite_add_tcase(s, lim);
	return s;
}
