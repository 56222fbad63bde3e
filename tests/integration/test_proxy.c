/*
 * test_proxy.c: --proxy-protocol (svcdeskd(8); doc/deployment.md, behind
 * HAProxy). A connection's first line is its PROXY v1 header, then the
 * protocol as ever; one that starts with anything else is closed; at
 * shutdown the connections still waiting for their header are closed at once
 * (their records freed too: valgrind showed them still reachable at exit
 * before, 416 bytes in 2 blocks a connection, which LeakSanitizer does not
 * report, so this test holds the close and the prompt stop). The harness
 * sends its own connections' header (H_PROXY_HEADER). The header's parser has its own
 * unit tests (tests/unit/test_proxyproto.c); the cluster test runs it behind
 * HAProxy itself.
 */
#include <stdbool.h>
#include <string.h>

#include "tests/integration/harness.h"
#include "tests/integration/suites.h"

static const char *const proxy_opts[] = { "--proxy-protocol", NULL };

START_TEST(test_header_then_requests)
{
	struct h_env e;
	struct conn *c;
	cJSON *r;

	h_env_start(&e, proxy_opts);
	c = h_connect(e.d);
	r = h_raws(c, "PROXY TCP4 10.9.8.7 127.0.0.1 40000 7000\r\n"
	    "{\"id\":41,\"op\":\"ping\"}\n");
	h_expect_id(r, 41);
	ck_assert(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(r, "ok")));
	cJSON_Delete(r);
	h_login(c, "operator");
	conn_close(c);
	h_env_stop(&e);
}
END_TEST

START_TEST(test_no_header_closed)
{
	static const char ping[] = "{\"id\":1,\"op\":\"ping\"}\n";
	struct h_env e;
	struct conn *c;
	cJSON *r;

	h_env_start(&e, proxy_opts);
	c = h_connect(e.d);
	ck_assert(conn_send_raw(c, ping, strlen(ping)));
	r = conn_wait(c, H_WAIT_MS);
	ck_assert_msg(r == NULL, "answered with no PROXY header: %s", h_show(r));
	ck_assert_msg(conn_closed(c), "the connection was not closed");
	conn_close(c);
	h_env_stop(&e);
}
END_TEST

/* Two connections wait for their header at SIGTERM, one silent and one
 * halfway through it: both closed, the daemon stops at once (not after the
 * 5 s the header may take) and exits 0 with nothing leaked. */
START_TEST(test_waiting_at_shutdown)
{
	struct h_env e;
	struct conn *silent, *half;
	long long t0;

	h_env_start(&e, proxy_opts);
	silent = h_connect(e.d);
	half = h_connect(e.d);
	ck_assert(conn_send_raw(half, "PROXY TCP4 10.", 14));
	h_sleep_ms(300);                  /* both accepted and waiting */
	t0 = h_now_ms();
	h_daemon_stop(e.d);
	ck_assert_msg(h_now_ms() - t0 < 4000, "the stop waited for the headers: %lld ms",
	    h_now_ms() - t0);
	h_expect_closed(silent);
	h_expect_closed(half);
	conn_close(silent);
	conn_close(half);
	h_db_drop(e.db);
}
END_TEST

Suite *
proxy_suite(void)
{
	Suite *s = suite_create("proxy");
	TCase *tc = tcase_create("own_daemon");

	tcase_set_timeout(tc, H_TEST_TIMEOUT);
	tcase_add_test(tc, test_header_then_requests);
	tcase_add_test(tc, test_no_header_closed);
	tcase_add_test(tc, test_waiting_at_shutdown);
	suite_add_tcase(s, tc);
	return s;
}
