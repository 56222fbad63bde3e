/*
 * test_sweeper.c: the overdue sweep, with daemons sweeping every second: a
 * passed arrival deadline (or a new ticket's passed reply deadline) marks
 * the ticket overdue once, writes one overdue event and pushes sla.breach
 * and ticket.changed to subscribers; with two daemons sweeping the same
 * database, still once, and each subscriber hears it once; a ticket reached
 * on site while the sweep waited for its row is left alone. Session resume
 * tokens past their expiry are deleted by the sweep, the others kept.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "tests/integration/harness.h"
#include "tests/integration/suites.h"

static const char *const sweep_fast[] = { "--sweep-interval", "1", NULL };
static struct h_env E;

static void
setup(void)
{
	h_env_start(&E, sweep_fast);
}

static void
teardown(void)
{
	h_env_stop(&E);
}

static void
new_ticket(struct conn *op, const char *type, const char *region, char *no)
{
	cJSON_Delete(h_new_ticket(op, type, region, no, 32));
}

static void
dispatch(struct conn *c, const char *no, const char *tech)
{
	cJSON_Delete(h_expect_ok(h_callf(c, "ticket.dispatch", "{\"no\":\"%s\","
	    "\"technician\":\"%s\"}", no, tech)));
}

/* A deadline of a ticket as time_t, read from the database. */
static time_t
due_of(const char *no, const char *column)
{
	return (time_t)h_sql_int(E.db, "SELECT extract(epoch FROM date_trunc('second', %s))::bigint "
	    "FROM tickets WHERE no = '%s'", column, no);
}

/* Checks an sla.breach push. */
#define expect_breach(p, kind, no, column) expect_breach_at(__LINE__, p, kind, no, column)
static void
expect_breach_at(int line, cJSON *p, const char *kind, const char *no, const char *column)
{
	const cJSON *data;

	ck_assert_msg(p != NULL, "line %d: no sla.breach for %s", line, no);
	data = h_member(p, "data");
	ck_assert_msg(strcmp(h_str(data, "kind"), kind) == 0 && strcmp(h_str(data, "no"), no) == 0,
	    "line %d: want %s breach of %s, got %s", line, kind, no, h_show(p));
	ck_assert_msg(strstr(h_str(data, "due"), "+08:00") != NULL, "line %d: %s", line, h_show(p));
	ck_assert_msg(h_time(data, "due") == due_of(no, column), "line %d: due %s, the %s is %ld",
	    line, h_str(data, "due"), column, (long)due_of(no, column));
	cJSON_Delete(p);
}

START_TEST(test_sweep_arrival)
{
	struct conn *op = h_connect_as(E.d, "operator"), *disp = h_connect_as(E.d, "dispatcher");
	struct conn *watch = h_connect_as(E.d, "dispatcher");
	struct conn *tech = h_connect_as(E.d, "technician");
	struct conn *mgr = h_connect_as(E.d, "manager");
	char no[32];
	cJSON *p, *r;
	const cJSON *ev;
	long long start, took;

	new_ticket(op, "B", "urban", no);
	dispatch(disp, no, "technician");
	h_subscribe(watch, "[\"tickets\",\"sla\"]");
	h_subscribe(tech, "[\"sla\"]");
	h_subscribe(mgr, "[\"tickets\"]");

	start = h_now_ms();
	h_sqlf(E.db, "UPDATE tickets SET arrival_due = now() - interval '5 minutes' "
	    "WHERE no = '%s'", no);
	p = conn_wait_push(watch, "sla.breach", H_WAIT_MS);
	took = h_now_ms() - start;
	expect_breach(p, "arrival", no, "arrival_due");
	ck_assert_msg(took < 5000, "the breach came %lld ms after the deadline was set", took);
	p = conn_wait_push(watch, "ticket.changed", H_WAIT_MS);
	ck_assert_msg(p != NULL, "no ticket.changed with the breach");
	ck_assert_str_eq(h_str(h_member(p, "data"), "no"), no);
	ck_assert_msg(cJSON_IsTrue(h_member(h_member(p, "data"), "overdue")), "%s", h_show(p));
	ck_assert_str_eq(h_str(h_member(p, "data"), "state"), "dispatched");
	cJSON_Delete(p);
	/* Every subscriber of sla, technicians included; tickets only: no breach. */
	expect_breach(conn_wait_push(tech, "sla.breach", H_WAIT_MS), "arrival", no, "arrival_due");
	p = conn_wait_push(mgr, "ticket.changed", H_WAIT_MS);
	ck_assert_msg(p != NULL && cJSON_IsTrue(h_member(h_member(p, "data"), "overdue")), "%s",
	    h_show(p));
	cJSON_Delete(p);

	/* One overdue event by the daemon itself. */
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM tickets WHERE no = '%s' AND "
	    "overdue", no), 1);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM ticket_events WHERE "
	    "ticket_no = '%s' AND kind = 'overdue' AND actor IS NULL AND "
	    "details->>'kind' = 'arrival'", no), 1);
	r = h_expect_ok(h_callf(disp, "ticket.get", "{\"no\":\"%s\"}", no));
	{
		const cJSON *events = h_member(reply_result(r), "events");
		ev = cJSON_GetArrayItem(events, cJSON_GetArraySize(events) - 1);
		ck_assert_str_eq(h_str(ev, "kind"), "overdue");
		ck_assert(h_is_null(ev, "actor"));
		ck_assert_str_eq(h_str(h_member(ev, "details"), "kind"), "arrival");
		ck_assert_int_eq(h_time(h_member(ev, "details"), "due"), due_of(no, "arrival_due"));
		ck_assert(cJSON_IsTrue(h_member(reply_result(r), "overdue")));
	}
	cJSON_Delete(r);

	/* Marked once: later sweeps say nothing more. */
	p = conn_wait_push(watch, "sla.breach", 3000);
	ck_assert_msg(p == NULL, "a second breach: %s", h_show(p));
	h_expect_silence(watch);
	h_expect_silence(tech);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM ticket_events WHERE "
	    "kind = 'overdue'"), 1);
	/* And it is in the overdue queue. */
	r = h_expect_ok(h_call(disp, "ticket.list", "{\"queue\":\"overdue\"}"));
	ck_assert_int_eq(cJSON_GetArraySize(h_member(reply_result(r), "tickets")), 1);
	cJSON_Delete(r);
	conn_close(op);
	conn_close(disp);
	conn_close(watch);
	conn_close(tech);
	conn_close(mgr);
}
END_TEST

START_TEST(test_sweep_which_tickets)
{
	struct conn *op = h_connect_as(E.d, "operator"), *disp = h_connect_as(E.d, "dispatcher");
	struct conn *tech = h_connect_as(E.d, "technician");
	struct conn *watch = h_connect_as(E.d, "dispatcher");
	char fresh[32], asked[32], sent_reply[32], there[32], gone[32], fine[32];
	int arrival = 0, reply = 0;
	long long deadline;

	new_ticket(op, "B", "urban", fresh);        /* new, arrival passed: arrival */
	new_ticket(op, "Z", "urban", asked);        /* new, no arrival, reply passed: reply */
	new_ticket(op, "B", "county", sent_reply);  /* dispatched, reply passed: nothing */
	new_ticket(op, "B", "urban", there);        /* on site, arrival passed: nothing */
	new_ticket(op, "B", "urban", gone);         /* cancelled: nothing */
	new_ticket(op, "B", "suburban", fine);      /* deadlines ahead: nothing */
	dispatch(disp, sent_reply, "technician");
	dispatch(disp, there, "technician");
	cJSON_Delete(h_expect_ok(h_callf(tech, "ticket.arrive", "{\"no\":\"%s\"}", there)));
	cJSON_Delete(h_expect_ok(h_callf(disp, "ticket.cancel", "{\"no\":\"%s\",\"reason\":\"x\"}",
	    gone)));
	h_subscribe(watch, "[\"sla\"]");
	h_sqlf(E.db, "UPDATE tickets SET arrival_due = now() - interval '1 minute', "
	    "reply_due = now() - interval '1 minute' WHERE no IN ('%s', '%s', '%s')",
	    fresh, there, gone);
	h_sqlf(E.db, "UPDATE tickets SET reply_due = now() - interval '1 minute' "
	    "WHERE no IN ('%s', '%s')", asked, sent_reply);

	deadline = h_now_ms() + 4000;
	while (h_now_ms() < deadline) {
		cJSON *p = conn_wait_push(watch, "sla.breach", (int)(deadline - h_now_ms()));
		const cJSON *data;
		if (p == NULL)
			break;
		data = h_member(p, "data");
		if (strcmp(h_str(data, "no"), fresh) == 0) {
			arrival++;
			cJSON_Delete(p);
		} else if (strcmp(h_str(data, "no"), asked) == 0) {
			reply++;
			expect_breach(p, "reply", asked, "reply_due");
		} else
			ck_abort_msg("unexpected breach %s", h_show(p));
	}
	ck_assert_int_eq(arrival, 1);
	ck_assert_int_eq(reply, 1);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM tickets WHERE overdue"), 2);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM ticket_events WHERE "
	    "kind = 'overdue' AND ticket_no = '%s' AND details->>'kind' = 'reply'", asked), 1);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM ticket_events WHERE "
	    "kind = 'overdue' AND ticket_no = '%s' AND details->>'kind' = 'arrival'", fresh), 1);
	conn_close(op);
	conn_close(disp);
	conn_close(tech);
	conn_close(watch);
}
END_TEST

/* Counts the pushes on c for `ms`: breaches and ticket.changed per number
 * (index in nos). */
static void
collect(struct conn *c, int ms, char nos[][32], int n, int *breaches, int *changes)
{
	long long deadline = h_now_ms() + ms;

	for (;;) {
		int left = (int)(deadline - h_now_ms());
		cJSON *m = left > 0 ? conn_wait(c, left) : NULL;
		const char *event, *no;
		int i;

		if (m == NULL)
			break;
		event = h_str(m, "event");
		no = h_str(h_member(m, "data"), "no");
		for (i = 0; i < n && strcmp(nos[i], no) != 0; i++)
			;
		ck_assert_msg(i < n, "unexpected message %s", h_show(m));
		if (strcmp(event, "sla.breach") == 0)
			breaches[i]++;
		else if (strcmp(event, "ticket.changed") == 0) {
			ck_assert_msg(cJSON_IsTrue(h_member(h_member(m, "data"), "overdue")), "%s",
			    h_show(m));
			changes[i]++;
		} else
			ck_abort_msg("unexpected message %s", h_show(m));
		cJSON_Delete(m);
	}
}

/* A ticket found late by the sweep, then reached on site before the sweep's
 * UPDATE gets its row (the arrival held the row while the sweep chose it):
 * the UPDATE looks again at the state and leaves it alone, no overdue mark
 * and no overdue event after the arrival (seen once under load, reported by
 * the batching work of issue 17). */
START_TEST(test_sweep_skips_arrived_meanwhile)
{
	struct conn *op = h_connect_as(E.d, "operator"), *disp = h_connect_as(E.d, "dispatcher");
	PGconn *sweep_lock = h_pg_connect(E.db), *arrival = h_pg_connect(E.db);
	char no[32];

	new_ticket(op, "B", "urban", no);
	dispatch(disp, no, "technician");
	h_pg_exec(sweep_lock, "SELECT pg_advisory_lock(7450002)");   /* no sweep meanwhile */
	h_sqlf(E.db, "UPDATE tickets SET arrival_due = now() - interval '1 hour' WHERE no = '%s'", no);
	h_pg_exec(arrival, "BEGIN");
	h_pg_exec(arrival, "SELECT 1 FROM tickets WHERE no = '%s' FOR UPDATE", no);
	h_pg_exec(sweep_lock, "SELECT pg_advisory_unlock(7450002)");
	h_wait_daemon_blocked(E.db, "7450002");   /* the sweep chose it, waits for its row */
	h_pg_exec(arrival, "UPDATE tickets SET state = 'on_site', arrived_at = now()"
	    " WHERE no = '%s'", no);
	h_pg_exec(arrival, "COMMIT");
	h_sleep_ms(1500);   /* that sweep done, and the next one */
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM tickets WHERE no = '%s'"
	    " AND NOT overdue AND state = 'on_site'", no), 1);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM ticket_events WHERE ticket_no = '%s'"
	    " AND kind = 'overdue'", no), 0);
	PQfinish(arrival);
	PQfinish(sweep_lock);
	conn_close(disp);
	conn_close(op);
}
END_TEST

START_TEST(test_two_daemons_sweep_once)
{
	struct h_daemon *d2 = h_daemon_start(E.db, sweep_fast);
	struct conn *op = h_connect_as(E.d, "operator"), *disp = h_connect_as(d2, "dispatcher");
	struct conn *w1 = h_connect_as(E.d, "dispatcher"), *w2 = h_connect_as(d2, "manager");
	enum { N = 12 };
	char nos[N][32];
	int b1[N] = { 0 }, c1[N] = { 0 }, b2[N] = { 0 }, c2[N] = { 0 };

	for (int i = 0; i < N; i++) {
		new_ticket(op, "B", i % 2 ? "urban" : "county", nos[i]);
		if (i % 3 == 0)
			dispatch(disp, nos[i], "technician");
	}
	h_wait_listeners(E.db, 2);
	h_subscribe(w1, "[\"tickets\",\"sla\"]");
	h_subscribe(w2, "[\"sla\",\"tickets\"]");
	/* Let the registrations' and dispatches' relays pass. */
	for (cJSON *m; (m = conn_wait(w1, 500)) != NULL; )
		cJSON_Delete(m);
	for (cJSON *m; (m = conn_wait(w2, 300)) != NULL; )
		cJSON_Delete(m);

	h_sqlf(E.db, "UPDATE tickets SET arrival_due = now() - interval '1 minute'");
	collect(w1, 4500, nos, N, b1, c1);
	collect(w2, 500, nos, N, b2, c2);
	for (int i = 0; i < N; i++) {
		ck_assert_msg(b1[i] == 1 && c1[i] == 1, "%s on the first daemon: %d breaches, "
		    "%d changes", nos[i], b1[i], c1[i]);
		ck_assert_msg(b2[i] == 1 && c2[i] == 1, "%s on the second daemon: %d breaches, "
		    "%d changes", nos[i], b2[i], c2[i]);
		ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM ticket_events WHERE "
		    "ticket_no = '%s' AND kind = 'overdue'", nos[i]), 1);
	}
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM tickets WHERE overdue"), N);
	conn_close(op);
	conn_close(disp);
	conn_close(w1);
	conn_close(w2);
	h_daemon_stop(d2);
}
END_TEST

/* A token of a user who never logs in again goes with the sweep. */
START_TEST(test_sweep_expired_tokens)
{
	long long deadline = h_now_ms() + H_WAIT_MS;

	h_sql(E.db, "INSERT INTO session_tokens (token_hash, login, expires_at) VALUES"
	    " (sha256('expired'), 'quality', now() - interval '1 second'),"
	    " (sha256('live'), 'operator', now() + interval '1 hour')");
	while (h_sql_int(E.db, "SELECT count(*) FROM session_tokens WHERE login = 'quality'") > 0) {
		ck_assert_msg(h_now_ms() < deadline, "the expired token is still there");
		h_sleep_ms(100);
	}
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM session_tokens"
	    " WHERE login = 'operator'"), 1);
}
END_TEST

Suite *
sweeper_suite(void)
{
	Suite *s = suite_create("sweeper");
	TCase *tc = tcase_create("sweep");

	tcase_set_timeout(tc, H_TEST_TIMEOUT);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_sweep_arrival);
	tcase_add_test(tc, test_sweep_which_tickets);
	tcase_add_test(tc, test_sweep_skips_arrived_meanwhile);
	tcase_add_test(tc, test_two_daemons_sweep_once);
	tcase_add_test(tc, test_sweep_expired_tokens);
	suite_add_tcase(s, tc);
	return s;
}
