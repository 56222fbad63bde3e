/*
 * test_push.c: pushes. A NOTIFY on channel "svcdesk" committed by any
 * session (here the test's own libpq connection) reaches every subscribed
 * client of every daemon on the database; a rolled-back one reaches nobody;
 * clients not subscribed (or subscribed to another topic, or logged out) get
 * nothing; a technician gets only ticket pushes for their own tickets.
 */
#include <stdio.h>
#include <string.h>

#include "tests/integration/harness.h"
#include "tests/integration/suites.h"

H_ENV_FIXTURE(E)

static void
subscribe(struct conn *c, const char *topics)
{
	char args[128];

	snprintf(args, sizeof args, "{\"topics\":%s}", topics);
	cJSON_Delete(h_expect_ok(h_call(c, "subscribe", args)));
}

/* A ticket.changed payload as another tool would send it. */
static const char *
ticket_payload(const char *no, const char *technician)
{
	static char buf[512];

	if (technician != NULL)
		snprintf(buf, sizeof buf, "{\"topic\":\"tickets\",\"event\":\"ticket.changed\","
		    "\"data\":{\"no\":\"%s\",\"state\":\"dispatched\",\"technician\":\"%s\","
		    "\"fault\":\"不制冷\"}}", no, technician);
	else
		snprintf(buf, sizeof buf, "{\"topic\":\"tickets\",\"event\":\"ticket.changed\","
		    "\"data\":{\"no\":\"%s\",\"state\":\"new\",\"technician\":null}}", no);
	return buf;
}

/* The next ticket.changed push on c is for ticket no. */
#define expect_push(c, no) expect_push_at(__LINE__, c, no)
static void
expect_push_at(int line, struct conn *c, const char *no)
{
	cJSON *p = conn_wait_push(c, "ticket.changed", H_WAIT_MS), *data;

	ck_assert_msg(p != NULL, "line %d: no ticket.changed push for %s", line, no);
	ck_assert_msg(cJSON_GetObjectItemCaseSensitive(p, "id") == NULL &&
	    cJSON_GetObjectItemCaseSensitive(p, "ok") == NULL,
	    "line %d: a push is not a reply: %s", line, h_show(p));
	data = cJSON_GetObjectItemCaseSensitive(p, "data");
	ck_assert_msg(strcmp(h_str(data, "no"), no) == 0, "line %d: want %s, got %s",
	    line, no, h_show(p));
	cJSON_Delete(p);
}

START_TEST(test_two_daemons_both_see_it)
{
	struct h_daemon *d2 = h_daemon_start(E.db, NULL);
	struct conn *a = h_connect_as(E.d, "dispatcher"), *b = h_connect_as(d2, "operator");
	cJSON *p;

	subscribe(a, "[\"tickets\"]");
	subscribe(b, "[\"tickets\",\"complaints\"]");
	h_wait_listeners(E.db, 2);
	h_notify(E.db, ticket_payload("B2611240042", "technician"));
	expect_push(a, "B2611240042");
	expect_push(b, "B2611240042");
	/* The whole data object comes through, Chinese text included. */
	h_notify(E.db, ticket_payload("B2611240043", "technician"));
	p = conn_wait_push(b, "ticket.changed", H_WAIT_MS);
	ck_assert_ptr_nonnull(p);
	ck_assert_str_eq(h_str(cJSON_GetObjectItemCaseSensitive(p, "data"), "fault"), "不制冷");
	cJSON_Delete(p);
	expect_push(a, "B2611240043");
	/* Exactly once each. */
	h_expect_silence(a);
	h_expect_silence(b);
	/* And the clients still get answers. */
	h_ping(a);
	h_ping(b);
	conn_close(a);
	conn_close(b);
	h_daemon_stop(d2);
}
END_TEST

START_TEST(test_rolled_back_reaches_nobody)
{
	struct conn *c = h_connect_as(E.d, "dispatcher");
	PGconn *pg;
	const char *params[1];
	char payload[512];

	subscribe(c, "[\"tickets\"]");
	h_wait_listeners(E.db, 1);
	pg = h_pg_connect(E.db);
	h_pg_exec(pg, "BEGIN");
	snprintf(payload, sizeof payload, "%s", ticket_payload("B2611240001", NULL));
	params[0] = payload;
	PQclear(PQexecParams(pg, "SELECT pg_notify('svcdesk', $1)", 1, NULL, params,
	    NULL, NULL, 0));
	h_pg_exec(pg, "ROLLBACK");
	/* Committed together with a change. */
	h_pg_exec(pg, "BEGIN");
	h_pg_exec(pg, "INSERT INTO audit_log (actor, action) VALUES ('test', 'test.push')");
	snprintf(payload, sizeof payload, "%s", ticket_payload("B2611240002", NULL));
	PQclear(PQexecParams(pg, "SELECT pg_notify('svcdesk', $1)", 1, NULL, params,
	    NULL, NULL, 0));
	h_pg_exec(pg, "COMMIT");
	PQfinish(pg);
	/* The first push is the committed one; the rolled-back one never comes. */
	expect_push(c, "B2611240002");
	h_expect_silence(c);
	conn_close(c);
}
END_TEST

START_TEST(test_only_subscribers)
{
	struct conn *sub = h_connect_as(E.d, "dispatcher");
	struct conn *plain = h_connect_as(E.d, "operator");     /* never subscribed */
	struct conn *anon = h_connect(E.d);                      /* not logged in */
	struct conn *other = h_connect_as(E.d, "quality");      /* another topic */
	cJSON *p;

	subscribe(sub, "[\"tickets\"]");
	subscribe(other, "[\"complaints\"]");
	h_ping(anon);
	h_wait_listeners(E.db, 1);
	h_notify(E.db, ticket_payload("B2611240003", "technician"));
	expect_push(sub, "B2611240003");
	h_expect_silence(plain);
	h_expect_silence(anon);
	h_expect_silence(other);
	/* A complaints push reaches the complaints subscriber only. */
	h_notify(E.db, "{\"topic\":\"complaints\",\"event\":\"complaint.changed\","
	    "\"data\":{\"no\":\"261124007\"}}");
	p = conn_wait_push(other, "complaint.changed", H_WAIT_MS);
	ck_assert_msg(p != NULL, "no complaint.changed push");
	ck_assert_str_eq(h_str(cJSON_GetObjectItemCaseSensitive(p, "data"), "no"), "261124007");
	cJSON_Delete(p);
	h_expect_silence(sub);
	h_expect_silence(plain);
	conn_close(sub);
	conn_close(plain);
	conn_close(anon);
	conn_close(other);
}
END_TEST

START_TEST(test_technician_sees_own_tickets_only)
{
	struct conn *tech = h_connect_as(E.d, "technician");
	struct conn *disp = h_connect_as(E.d, "dispatcher");

	subscribe(tech, "[\"tickets\"]");
	subscribe(disp, "[\"tickets\"]");
	h_wait_listeners(E.db, 1);
	h_notify(E.db, ticket_payload("B2611240010", "wang.li"));
	h_notify(E.db, ticket_payload("B2611240011", NULL));
	h_notify(E.db, ticket_payload("B2611240012", "technician2"));
	h_notify(E.db, ticket_payload("B2611240013", "technician"));
	expect_push(disp, "B2611240010");
	expect_push(disp, "B2611240011");
	expect_push(disp, "B2611240012");
	expect_push(disp, "B2611240013");
	/* The technician's first push is their own ticket, and only that. */
	expect_push(tech, "B2611240013");
	h_expect_silence(tech);
	conn_close(tech);
	conn_close(disp);
}
END_TEST

START_TEST(test_logout_stops_pushes)
{
	struct conn *c = h_connect_as(E.d, "manager");

	subscribe(c, "[\"tickets\"]");
	h_wait_listeners(E.db, 1);
	h_notify(E.db, ticket_payload("B2611240020", NULL));
	expect_push(c, "B2611240020");
	cJSON_Delete(h_expect_ok(h_call(c, "session.logout", NULL)));
	h_notify(E.db, ticket_payload("B2611240021", NULL));
	h_expect_silence(c);
	/* Logging in again does not bring the old subscription back. */
	h_login(c, "manager");
	h_notify(E.db, ticket_payload("B2611240022", NULL));
	h_expect_silence(c);
	subscribe(c, "[\"tickets\"]");
	h_notify(E.db, ticket_payload("B2611240023", NULL));
	expect_push(c, "B2611240023");
	conn_close(c);
}
END_TEST

START_TEST(test_malformed_notifications_ignored)
{
	struct conn *c = h_connect_as(E.d, "dispatcher");

	subscribe(c, "[\"tickets\"]");
	h_wait_listeners(E.db, 1);
	h_notify(E.db, "not json");
	h_notify(E.db, "{\"event\":\"ticket.changed\",\"data\":{\"no\":\"X\"}}");   /* no topic */
	h_notify(E.db, "{\"topic\":\"weather\",\"event\":\"ticket.changed\",\"data\":{}}");
	h_notify(E.db, "[1,2,3]");
	h_notify(E.db, ticket_payload("B2611240030", NULL));
	expect_push(c, "B2611240030");
	h_expect_silence(c);
	h_ping(c);
	conn_close(c);
}
END_TEST

Suite *
push_suite(void)
{
	Suite *s = suite_create("push");
	TCase *tc = tcase_create("notify");

	tcase_set_timeout(tc, H_TEST_TIMEOUT);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_two_daemons_both_see_it);
	tcase_add_test(tc, test_rolled_back_reaches_nobody);
	tcase_add_test(tc, test_only_subscribers);
	tcase_add_test(tc, test_technician_sees_own_tickets_only);
	tcase_add_test(tc, test_logout_stops_pushes);
	tcase_add_test(tc, test_malformed_notifications_ignored);
	suite_add_tcase(s, tc);
	return s;
}
