/*
 * test_dispatch.c: dispatch (派工) through a real daemon: technician.list
 * (open work, region, roles), ticket.dispatch and reassignment,
 * ticket.appoint, ticket.arrive (on time or late; two arrivals at once),
 * ticket.cancel, each with its events and every error; what a technician
 * may see; ticket.list's queues on tickets made through the ops, keyset
 * pages, yesterday's undispatched calls first; and how fast a change
 * reaches another subscribed client.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tests/integration/harness.h"
#include "tests/integration/suites.h"

static struct h_env E;

static void
setup(void)
{
	h_env_start(&E, NULL);
	/* The demo technician has no region; three more, one inactive. */
	h_add_technician(E.db, "tech.b", "urban");
	h_add_technician(E.db, "tech.c", "suburban");
	h_add_technician(E.db, "tech.e", "county");
	h_add_technician(E.db, "tech.d", "county");
	h_sql(E.db, "UPDATE users SET active = false WHERE login = 'tech.d'");
}

static void
teardown(void)
{
	h_env_stop(&E);
}

/* A new ticket (B, for a new customer), registered by the operator. */
static void
new_ticket(struct conn *op, const char *region, char *no)
{
	cJSON_Delete(h_new_ticket(op, "B", region, no, 32));
}

#define dispatch(c, no, tech) dispatch_at(__LINE__, c, no, tech)
static void
dispatch_at(int line, struct conn *c, const char *no, const char *tech)
{
	cJSON_Delete(h_expect_ok_at(__FILE__, line, h_callf_at(__FILE__, line, c,
	    "ticket.dispatch", "{\"no\":\"%s\",\"technician\":\"%s\"}", no, tech)));
}

#define arrive(c, no) arrive_at(__LINE__, c, no)
static void
arrive_at(int line, struct conn *c, const char *no)
{
	cJSON_Delete(h_expect_ok_at(__FILE__, line, h_callf_at(__FILE__, line, c,
	    "ticket.arrive", "{\"no\":\"%s\"}", no)));
}

#define cancel(c, no) cancel_at(__LINE__, c, no)
static void
cancel_at(int line, struct conn *c, const char *no)
{
	cJSON_Delete(h_expect_ok_at(__FILE__, line, h_callf_at(__FILE__, line, c,
	    "ticket.cancel", "{\"no\":\"%s\",\"reason\":\"客户取消\"}", no)));
}

static cJSON *
ticket_get(struct conn *c, const char *no)
{
	return h_expect_ok(h_callf(c, "ticket.get", "{\"no\":\"%s\"}", no));
}

/* The last event of a ticket (from ticket.get, as the dispatcher). */
static cJSON *
last_event(const char *no)
{
	struct conn *c = h_connect_as(E.d, "dispatcher");
	cJSON *r = ticket_get(c, no), *events, *last;

	events = cJSON_GetObjectItemCaseSensitive(reply_result(r), "events");
	ck_assert_msg(cJSON_GetArraySize(events) > 0, "%s", h_show(r));
	last = cJSON_DetachItemFromArray(events, cJSON_GetArraySize(events) - 1);
	cJSON_Delete(r);
	conn_close(c);
	return last;
}

static const char *
state_of(const char *no)
{
	static char buf[32];
	char sql[128];

	snprintf(sql, sizeof sql, "SELECT state FROM tickets WHERE no = '%s'", no);
	h_sql_value(E.db, sql, buf, sizeof buf);
	return buf;
}

/* --- technician.list */

/* "login:open,login:open" of a technician.list reply. */
static const char *
technicians(struct conn *c, const char *args)
{
	static char buf[512];
	cJSON *r = h_expect_ok(h_call(c, "technician.list", args));
	const cJSON *t;

	buf[0] = '\0';
	cJSON_ArrayForEach(t, h_member(reply_result(r), "technicians")) {
		char one[64];
		ck_assert_str_eq(h_str(t, "role"), "technician");
		ck_assert(cJSON_IsTrue(h_member(t, "active")));
		ck_assert_msg(h_member(t, "service_point") != NULL, "%s", h_show(t));
		ck_assert_msg(strstr(h_show(t), "password") == NULL, "%s", h_show(t));
		snprintf(one, sizeof one, "%s%s:%lld", buf[0] ? "," : "", h_str(t, "login"),
		    h_int_member(t, "open"));
		strcat(buf, one);
	}
	cJSON_Delete(r);
	return buf;
}

START_TEST(test_technician_list)
{
	struct conn *op = h_connect_as(E.d, "operator");
	struct conn *disp = h_connect_as(E.d, "dispatcher");
	struct conn *tech = h_connect_as(E.d, "technician");
	char t1[32], t2[32], t3[32], t4[32];
	cJSON *r;

	/* By region then login; the inactive one is not listed. */
	ck_assert_str_eq(technicians(disp, NULL),
	    "tech.e:0,tech.c:0,tech.b:0,technician:0");
	h_sql(E.db, "INSERT INTO service_points (name, region) VALUES ('东区网点', 'urban');"
	    "UPDATE users SET service_point_id = (SELECT id FROM service_points) "
	    "WHERE login = 'tech.b'");
	r = h_expect_ok(h_call(disp, "technician.list", "{\"region\":\"urban\"}"));
	{
		const cJSON *list = h_member(reply_result(r), "technicians");
		ck_assert_int_eq(cJSON_GetArraySize(list), 1);
		ck_assert_str_eq(h_str(cJSON_GetArrayItem(list, 0), "login"), "tech.b");
		ck_assert_str_eq(h_str(cJSON_GetArrayItem(list, 0), "region"), "urban");
		ck_assert_str_eq(h_str(cJSON_GetArrayItem(list, 0), "service_point"), "东区网点");
	}
	cJSON_Delete(r);
	ck_assert_str_eq(technicians(disp, "{\"region\":\"county\"}"), "tech.e:0");
	ck_assert_str_eq(technicians(disp, "{\"region\":\"suburban\"}"), "tech.c:0");

	/* Open work follows dispatch, arrival, reassignment and cancelling. */
	new_ticket(op, "urban", t1);
	new_ticket(op, "urban", t2);
	new_ticket(op, "suburban", t3);
	new_ticket(op, "county", t4);
	ck_assert_str_eq(technicians(disp, NULL), "tech.e:0,tech.c:0,tech.b:0,technician:0");
	dispatch(disp, t1, "tech.b");
	dispatch(disp, t2, "tech.b");
	dispatch(disp, t3, "technician");
	ck_assert_str_eq(technicians(disp, NULL), "tech.e:0,tech.c:0,tech.b:2,technician:1");
	arrive(tech, t3);       /* on_site is still open */
	ck_assert_str_eq(technicians(disp, NULL), "tech.e:0,tech.c:0,tech.b:2,technician:1");
	dispatch(disp, t2, "tech.e");
	ck_assert_str_eq(technicians(disp, NULL), "tech.e:1,tech.c:0,tech.b:1,technician:1");
	cancel(disp, t2);
	ck_assert_str_eq(technicians(disp, NULL), "tech.e:0,tech.c:0,tech.b:1,technician:1");
	h_sqlf(E.db, "UPDATE tickets SET state = 'in_shop' WHERE no = '%s'", t3);
	ck_assert_str_eq(technicians(disp, "{\"region\":\"urban\"}"), "tech.b:1");
	h_sqlf(E.db, "UPDATE tickets SET state = 'completed' WHERE no = '%s'", t3);
	ck_assert_str_eq(technicians(disp, NULL), "tech.e:0,tech.c:0,tech.b:1,technician:0");

	h_expect_error(h_call(disp, "technician.list", "{\"region\":\"mars\"}"),
	    "invalid_argument", "region");
	h_expect_error(h_call(disp, "technician.list", "{\"region\":3}"),
	    "invalid_argument", "region");
	conn_close(op);
	conn_close(disp);
	conn_close(tech);

	/* Manager yes; the others no. */
	op = h_connect_as(E.d, "manager");
	ck_assert_str_eq(technicians(op, "{\"region\":\"urban\"}"), "tech.b:1");
	conn_close(op);
	static const char *const refused[] = { "operator", "technician", "quality", "admin" };
	for (size_t i = 0; i < 4; i++) {
		op = h_connect_as(E.d, refused[i]);
		h_expect_error(h_call(op, "technician.list", NULL), "forbidden", NULL);
		conn_close(op);
	}
}
END_TEST

/* --- ticket.dispatch */

START_TEST(test_dispatch_and_reassign)
{
	struct conn *op = h_connect_as(E.d, "operator"), *disp = h_connect_as(E.d, "dispatcher");
	char no[32];
	cJSON *r, *ev;
	const cJSON *t, *d;

	new_ticket(op, "urban", no);
	r = h_expect_ok(h_callf(disp, "ticket.dispatch", "{\"no\":\"%s\",\"technician\":"
	    "\"technician\",\"note\":\"请带冷媒\"}", no));
	t = reply_result(r);
	ck_assert_str_eq(h_str(t, "no"), no);
	ck_assert_str_eq(h_str(t, "state"), "dispatched");
	ck_assert_str_eq(h_str(t, "technician"), "technician");
	ck_assert_str_eq(h_str(t, "owner"), "operator");
	ck_assert_int_eq(h_int_member(t, "version"), 2);
	ck_assert_str_eq(h_str(h_member(t, "customer"), "region"), "urban");
	cJSON_Delete(r);
	ev = last_event(no);
	ck_assert_str_eq(h_str(ev, "kind"), "dispatch");
	ck_assert_str_eq(h_str(ev, "actor"), "dispatcher");
	ck_assert_str_eq(h_str(ev, "from"), "new");
	ck_assert_str_eq(h_str(ev, "to"), "dispatched");
	d = h_member(ev, "details");
	ck_assert_str_eq(h_str(d, "technician"), "technician");
	ck_assert(h_is_null(d, "previous"));
	ck_assert_str_eq(h_str(d, "note"), "请带冷媒");
	cJSON_Delete(ev);

	/* Reassigned: dispatched to dispatched, with the one before. */
	r = h_expect_ok(h_callf(disp, "ticket.dispatch", "{\"no\":\"%s\",\"technician\":"
	    "\"tech.b\"}", no));
	ck_assert_str_eq(h_str(reply_result(r), "state"), "dispatched");
	ck_assert_str_eq(h_str(reply_result(r), "technician"), "tech.b");
	ck_assert_int_eq(h_int_member(reply_result(r), "version"), 3);
	cJSON_Delete(r);
	ev = last_event(no);
	ck_assert_str_eq(h_str(ev, "kind"), "reassign");
	ck_assert_str_eq(h_str(ev, "from"), "dispatched");
	ck_assert_str_eq(h_str(ev, "to"), "dispatched");
	d = h_member(ev, "details");
	ck_assert_str_eq(h_str(d, "technician"), "tech.b");
	ck_assert_str_eq(h_str(d, "previous"), "technician");
	ck_assert(h_is_null(d, "note"));
	cJSON_Delete(ev);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM ticket_events WHERE "
	    "ticket_no = '%s'", no), 3);
	/* The first technician no longer sees it. */
	{
		struct conn *tech = h_connect_as(E.d, "technician");
		h_expect_error(h_callf(tech, "ticket.get", "{\"no\":\"%s\"}", no), "forbidden", "no");
		conn_close(tech);
	}
	conn_close(op);
	conn_close(disp);
}
END_TEST

START_TEST(test_dispatch_errors)
{
	struct conn *op = h_connect_as(E.d, "operator"), *disp = h_connect_as(E.d, "dispatcher");
	struct conn *tech = h_connect_as(E.d, "technician");
	char no[32], gone[32], there[32], note[600];

	new_ticket(op, "urban", no);
	new_ticket(op, "urban", gone);
	new_ticket(op, "urban", there);
	cancel(op, gone);
	dispatch(disp, there, "technician");
	arrive(tech, there);

	/* No such technician: unknown, not a technician, inactive. */
	h_expect_error(h_callf(disp, "ticket.dispatch", "{\"no\":\"%s\",\"technician\":"
	    "\"nobody\"}", no), "not_found", "technician");
	h_expect_error(h_callf(disp, "ticket.dispatch", "{\"no\":\"%s\",\"technician\":"
	    "\"operator\"}", no), "not_found", "technician");
	h_expect_error(h_callf(disp, "ticket.dispatch", "{\"no\":\"%s\",\"technician\":"
	    "\"tech.d\"}", no), "not_found", "technician");
	ck_assert_str_eq(state_of(no), "new");
	/* Not allowed now: cancelled, on site. */
	h_expect_error(h_callf(disp, "ticket.dispatch", "{\"no\":\"%s\",\"technician\":"
	    "\"technician\"}", gone), "conflict", "no");
	ck_assert_str_eq(state_of(gone), "cancelled");
	h_expect_error(h_callf(disp, "ticket.dispatch", "{\"no\":\"%s\",\"technician\":"
	    "\"tech.b\"}", there), "conflict", "no");
	ck_assert_str_eq(state_of(there), "on_site");
	/* No such ticket. */
	h_expect_error(h_call(disp, "ticket.dispatch", "{\"no\":\"B2001010001\",\"technician\":"
	    "\"technician\"}"), "not_found", "no");
	/* Arguments. */
	h_expect_error(h_call(disp, "ticket.dispatch", "{\"technician\":\"technician\"}"),
	    "invalid_argument", "no");
	h_expect_error(h_call(disp, "ticket.dispatch", "{\"no\":\"B20010100010000001\","
	    "\"technician\":\"technician\"}"), "invalid_argument", "no");
	h_expect_error(h_callf(disp, "ticket.dispatch", "{\"no\":\"%s\"}", no),
	    "invalid_argument", "technician");
	h_expect_error(h_callf(disp, "ticket.dispatch", "{\"no\":\"%s\",\"technician\":\"\"}", no),
	    "invalid_argument", "technician");
	memset(note, 'n', 501);
	note[501] = '\0';
	h_expect_error(h_callf(disp, "ticket.dispatch", "{\"no\":\"%s\",\"technician\":"
	    "\"technician\",\"note\":\"%s\"}", no, note), "invalid_argument", "note");
	/* Roles: only a dispatcher. */
	h_expect_error(h_callf(op, "ticket.dispatch", "{\"no\":\"%s\",\"technician\":"
	    "\"technician\"}", no), "forbidden", NULL);
	h_expect_error(h_callf(tech, "ticket.dispatch", "{\"no\":\"%s\",\"technician\":"
	    "\"technician\"}", no), "forbidden", NULL);
	ck_assert_str_eq(state_of(no), "new");
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM ticket_events WHERE "
	    "ticket_no = '%s'", no), 1);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT version FROM tickets WHERE no = '%s'", no), 1);
	conn_close(op);
	conn_close(disp);
	conn_close(tech);
}
END_TEST

/* --- ticket.appoint */

START_TEST(test_appoint)
{
	struct conn *op = h_connect_as(E.d, "operator"), *disp = h_connect_as(E.d, "dispatcher");
	struct conn *tech = h_connect_as(E.d, "technician");
	char mine[32], fresh[32], theirs[32], gone[32];
	cJSON *r, *ev;

	new_ticket(op, "urban", mine);
	new_ticket(op, "urban", fresh);
	new_ticket(op, "suburban", theirs);
	new_ticket(op, "suburban", gone);
	dispatch(disp, mine, "technician");
	dispatch(disp, theirs, "tech.b");
	cancel(disp, gone);

	/* The technician, on their own ticket: the state does not change. */
	r = h_expect_ok(h_callf(tech, "ticket.appoint", "{\"no\":\"%s\",\"at\":"
	    "\"2030-01-02T14:00:00+08:00\"}", mine));
	ck_assert_str_eq(h_str(reply_result(r), "appointment"), "2030-01-02T14:00:00+08:00");
	ck_assert_str_eq(h_str(reply_result(r), "state"), "dispatched");
	ck_assert_int_eq(h_int_member(reply_result(r), "version"), 3);
	cJSON_Delete(r);
	ev = last_event(mine);
	ck_assert_str_eq(h_str(ev, "kind"), "appoint");
	ck_assert_str_eq(h_str(ev, "actor"), "technician");
	ck_assert_str_eq(h_str(h_member(ev, "details"), "at"), "2030-01-02T14:00:00+08:00");
	ck_assert(h_is_null(h_member(ev, "details"), "previous"));
	cJSON_Delete(ev);

	/* The dispatcher moves it (Z time shown in the centre's offset). */
	r = h_expect_ok(h_callf(disp, "ticket.appoint", "{\"no\":\"%s\",\"at\":"
	    "\"2030-01-03T01:30:00Z\"}", mine));
	ck_assert_str_eq(h_str(reply_result(r), "appointment"), "2030-01-03T09:30:00+08:00");
	cJSON_Delete(r);
	ev = last_event(mine);
	ck_assert_str_eq(h_str(ev, "actor"), "dispatcher");
	ck_assert_str_eq(h_str(h_member(ev, "details"), "at"), "2030-01-03T09:30:00+08:00");
	ck_assert_str_eq(h_str(h_member(ev, "details"), "previous"), "2030-01-02T14:00:00+08:00");
	cJSON_Delete(ev);

	/* The dispatcher on a new ticket; the technician on site. */
	r = h_expect_ok(h_callf(disp, "ticket.appoint", "{\"no\":\"%s\",\"at\":"
	    "\"2030-01-04T10:00:00+08:00\"}", fresh));
	ck_assert_str_eq(h_str(reply_result(r), "state"), "new");
	cJSON_Delete(r);
	arrive(tech, mine);
	r = h_expect_ok(h_callf(tech, "ticket.appoint", "{\"no\":\"%s\",\"at\":"
	    "\"2030-01-05T10:00:00+08:00\"}", mine));
	ck_assert_str_eq(h_str(reply_result(r), "state"), "on_site");
	cJSON_Delete(r);

	/* Bad times. */
	static const char *const bad[] = { "\"2030-01-02 14:00\"", "\"2030-01-02T14:00:00\"",
	    "\"2030-02-30T10:00:00+08:00\"", "\"2030-01-02T25:00:00+08:00\"", "\"明天\"",
	    "\"2020-01-02T14:00:00+08:00\"",   /* in the past */
	    "\"\"", "1893456000", "null" };
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		h_expect_error(h_callf(disp, "ticket.appoint", "{\"no\":\"%s\",\"at\":%s}", fresh,
		    bad[i]), "invalid_argument", "at");
	h_expect_error(h_call(disp, "ticket.appoint", "{\"at\":\"2030-01-02T14:00:00+08:00\"}"),
	    "invalid_argument", "no");
	/* A technician on a ticket not theirs (another's, or nobody's yet). */
	h_expect_error(h_callf(tech, "ticket.appoint", "{\"no\":\"%s\",\"at\":"
	    "\"2030-01-02T14:00:00+08:00\"}", theirs), "forbidden", "no");
	h_expect_error(h_callf(tech, "ticket.appoint", "{\"no\":\"%s\",\"at\":"
	    "\"2030-01-02T14:00:00+08:00\"}", fresh), "forbidden", "no");
	/* Not allowed now; no such ticket; not this role. */
	h_expect_error(h_callf(disp, "ticket.appoint", "{\"no\":\"%s\",\"at\":"
	    "\"2030-01-02T14:00:00+08:00\"}", gone), "conflict", "no");
	h_expect_error(h_call(disp, "ticket.appoint", "{\"no\":\"Y2001010001\",\"at\":"
	    "\"2030-01-02T14:00:00+08:00\"}"), "not_found", "no");
	h_expect_error(h_callf(op, "ticket.appoint", "{\"no\":\"%s\",\"at\":"
	    "\"2030-01-02T14:00:00+08:00\"}", fresh), "forbidden", NULL);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM ticket_events WHERE "
	    "kind = 'appoint'"), 4);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM tickets WHERE no = '%s' AND "
	    "appointment IS NULL", theirs), 1);
	conn_close(op);
	conn_close(disp);
	conn_close(tech);
}
END_TEST

/* --- ticket.arrive */

START_TEST(test_arrive)
{
	struct conn *op = h_connect_as(E.d, "operator"), *disp = h_connect_as(E.d, "dispatcher");
	struct conn *tech = h_connect_as(E.d, "technician");
	char early[32], late[32], open[32], theirs[32], fresh[32];
	cJSON *r, *ev;
	time_t before = time(NULL);

	new_ticket(op, "urban", early);
	new_ticket(op, "urban", late);
	new_ticket(op, "county", open);
	new_ticket(op, "urban", theirs);
	new_ticket(op, "urban", fresh);
	dispatch(disp, early, "technician");
	dispatch(disp, late, "technician");
	dispatch(disp, open, "technician");
	dispatch(disp, theirs, "tech.b");

	/* In time. */
	r = h_expect_ok(h_callf(tech, "ticket.arrive", "{\"no\":\"%s\"}", early));
	ck_assert_str_eq(h_str(reply_result(r), "state"), "on_site");
	ck_assert_int_ge(h_time(reply_result(r), "arrived_at"), before - 2);
	ck_assert_int_le(h_time(reply_result(r), "arrived_at"), time(NULL) + 2);
	cJSON_Delete(r);
	ev = last_event(early);
	ck_assert_str_eq(h_str(ev, "kind"), "arrive");
	ck_assert_str_eq(h_str(ev, "actor"), "technician");
	ck_assert_str_eq(h_str(ev, "from"), "dispatched");
	ck_assert_str_eq(h_str(ev, "to"), "on_site");
	ck_assert_msg(cJSON_IsTrue(h_member(h_member(ev, "details"), "on_time")), "%s", h_show(ev));
	cJSON_Delete(ev);

	/* Late: the deadline has passed. */
	h_sqlf(E.db, "UPDATE tickets SET arrival_due = now() - interval '1 hour' "
	    "WHERE no = '%s'", late);
	arrive(tech, late);
	ev = last_event(late);
	ck_assert_str_eq(h_str(ev, "kind"), "arrive");
	ck_assert_msg(cJSON_IsFalse(h_member(h_member(ev, "details"), "on_time")), "%s", h_show(ev));
	cJSON_Delete(ev);

	/* No deadline at all: on time. */
	h_sqlf(E.db, "UPDATE tickets SET arrival_due = NULL WHERE no = '%s'", open);
	arrive(tech, open);
	ev = last_event(open);
	ck_assert_msg(cJSON_IsTrue(h_member(h_member(ev, "details"), "on_time")), "%s", h_show(ev));
	cJSON_Delete(ev);

	/* Errors: another's ticket, one not dispatched, already there,
	 * unknown, not a technician. */
	h_expect_error(h_callf(tech, "ticket.arrive", "{\"no\":\"%s\"}", theirs), "forbidden", "no");
	ck_assert_str_eq(state_of(theirs), "dispatched");
	h_expect_error(h_callf(tech, "ticket.arrive", "{\"no\":\"%s\"}", fresh), "forbidden", "no");
	h_expect_error(h_callf(tech, "ticket.arrive", "{\"no\":\"%s\"}", early), "conflict", "no");
	h_expect_error(h_call(tech, "ticket.arrive", "{\"no\":\"B2001010001\"}"), "not_found", "no");
	h_expect_error(h_call(tech, "ticket.arrive", "{}"), "invalid_argument", "no");
	h_expect_error(h_call(tech, "ticket.arrive", "{\"no\":42}"), "invalid_argument", "no");
	h_expect_error(h_callf(disp, "ticket.arrive", "{\"no\":\"%s\"}", theirs), "forbidden", NULL);
	h_expect_error(h_callf(op, "ticket.arrive", "{\"no\":\"%s\"}", theirs), "forbidden", NULL);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM ticket_events WHERE "
	    "kind = 'arrive'"), 3);
	conn_close(op);
	conn_close(disp);
	conn_close(tech);
}
END_TEST

START_TEST(test_arrive_twice_at_once)
{
	struct conn *op = h_connect_as(E.d, "operator"), *disp = h_connect_as(E.d, "dispatcher");
	struct conn *a = h_connect_as(E.d, "technician"), *b = h_connect_as(E.d, "technician");
	const int rounds = 6;

	for (int i = 0; i < rounds; i++) {
		char no[32];
		cJSON *args, *ra, *rb;
		int oks;

		new_ticket(op, "urban", no);
		dispatch(disp, no, "technician");
		args = cJSON_CreateObject();
		cJSON_AddStringToObject(args, "no", no);
		/* Both sent before either answer is read. */
		ck_assert(conn_send(a, "ticket.arrive", cJSON_Duplicate(args, true)) > 0);
		ck_assert(conn_send(b, "ticket.arrive", args) > 0);
		ra = conn_wait(a, H_WAIT_MS);
		rb = conn_wait(b, H_WAIT_MS);
		ck_assert_msg(ra != NULL && rb != NULL, "round %d: no answer", i);
		oks = reply_ok(ra) + reply_ok(rb);
		ck_assert_msg(oks == 1, "round %d: %d answers ok", i, oks);
		{
			bool a_won = reply_ok(ra);
			ck_assert_str_eq(h_str(reply_result(a_won ? ra : rb), "state"), "on_site");
			h_expect_error(a_won ? rb : ra, "conflict", "no");
			cJSON_Delete(a_won ? ra : rb);
		}
		ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM ticket_events WHERE "
		    "ticket_no = '%s' AND kind = 'arrive'", no), 1);
		ck_assert_str_eq(state_of(no), "on_site");
	}
	conn_close(op);
	conn_close(disp);
	conn_close(a);
	conn_close(b);
}
END_TEST

/* --- ticket.cancel */

START_TEST(test_cancel)
{
	struct conn *op = h_connect_as(E.d, "operator"), *disp = h_connect_as(E.d, "dispatcher");
	struct conn *tech = h_connect_as(E.d, "technician");
	char fresh[32], sent[32], there[32], other[32], reason[600];
	cJSON *r, *ev;

	new_ticket(op, "urban", fresh);
	new_ticket(op, "urban", sent);
	new_ticket(op, "urban", there);
	new_ticket(op, "urban", other);
	dispatch(disp, sent, "technician");
	dispatch(disp, there, "technician");
	arrive(tech, there);

	/* From new, by the operator. */
	r = h_expect_ok(h_callf(op, "ticket.cancel", "{\"no\":\"%s\",\"reason\":\"客户自行修好\"}",
	    fresh));
	ck_assert_str_eq(h_str(reply_result(r), "state"), "cancelled");
	cJSON_Delete(r);
	ev = last_event(fresh);
	ck_assert_str_eq(h_str(ev, "kind"), "cancel");
	ck_assert_str_eq(h_str(ev, "actor"), "operator");
	ck_assert_str_eq(h_str(ev, "from"), "new");
	ck_assert_str_eq(h_str(ev, "to"), "cancelled");
	ck_assert_str_eq(h_str(h_member(ev, "details"), "reason"), "客户自行修好");
	cJSON_Delete(ev);

	/* From dispatched, by the dispatcher. */
	r = h_expect_ok(h_callf(disp, "ticket.cancel", "{\"no\":\"%s\",\"reason\":\"重复登记\"}",
	    sent));
	ck_assert_str_eq(h_str(reply_result(r), "state"), "cancelled");
	ck_assert_str_eq(h_str(reply_result(r), "technician"), "technician");
	cJSON_Delete(r);
	ev = last_event(sent);
	ck_assert_str_eq(h_str(ev, "from"), "dispatched");
	ck_assert_str_eq(h_str(ev, "to"), "cancelled");
	cJSON_Delete(ev);

	/* A reason is required. */
	memset(reason, 'r', 501);
	reason[501] = '\0';
	h_expect_error(h_callf(op, "ticket.cancel", "{\"no\":\"%s\"}", other),
	    "invalid_argument", "reason");
	h_expect_error(h_callf(op, "ticket.cancel", "{\"no\":\"%s\",\"reason\":\"  \"}", other),
	    "invalid_argument", "reason");
	h_expect_error(h_callf(op, "ticket.cancel", "{\"no\":\"%s\",\"reason\":null}", other),
	    "invalid_argument", "reason");
	h_expect_error(h_callf(op, "ticket.cancel", "{\"no\":\"%s\",\"reason\":\"%s\"}", other,
	    reason), "invalid_argument", "reason");
	ck_assert_str_eq(state_of(other), "new");
	/* Not from on_site, nor again. */
	h_expect_error(h_callf(disp, "ticket.cancel", "{\"no\":\"%s\",\"reason\":\"晚了\"}", there),
	    "conflict", "no");
	ck_assert_str_eq(state_of(there), "on_site");
	h_expect_error(h_callf(disp, "ticket.cancel", "{\"no\":\"%s\",\"reason\":\"再次\"}", fresh),
	    "conflict", "no");
	h_expect_error(h_call(disp, "ticket.cancel", "{\"no\":\"B2001010001\",\"reason\":\"x\"}"),
	    "not_found", "no");
	/* Not a technician's op. */
	h_expect_error(h_callf(tech, "ticket.cancel", "{\"no\":\"%s\",\"reason\":\"x\"}", other),
	    "forbidden", NULL);
	ck_assert_str_eq(state_of(other), "new");
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM ticket_events WHERE "
	    "kind = 'cancel'"), 2);
	conn_close(op);
	conn_close(disp);
	conn_close(tech);
}
END_TEST

/* --- ticket.list */

/* The numbers of one page, "," separated, in order; *next gets the cursor
 * (or "" at the end). */
static const char *
page(struct conn *c, const char *queue, const char *region, int limit,
    const char *after, char *next, size_t next_size)
{
	static char buf[4096];
	cJSON *a = cJSON_CreateObject(), *r;
	const cJSON *t, *n;

	cJSON_AddStringToObject(a, "queue", queue);
	if (region != NULL)
		cJSON_AddStringToObject(a, "region", region);
	if (limit > 0)
		cJSON_AddNumberToObject(a, "limit", limit);
	if (after != NULL && after[0] != '\0')
		cJSON_AddStringToObject(a, "after", after);
	r = h_expect_ok(h_callj(c, "ticket.list", a));
	buf[0] = '\0';
	cJSON_ArrayForEach(t, h_member(reply_result(r), "tickets")) {
		if (buf[0] != '\0')
			strcat(buf, ",");
		strncat(buf, h_str(t, "no"), 20);
	}
	n = h_member(reply_result(r), "next");
	ck_assert_msg(cJSON_IsNull(n) || cJSON_IsString(n), "%s", h_show(r));
	if (next != NULL)
		snprintf(next, next_size, "%s", cJSON_IsString(n) ? n->valuestring : "");
	cJSON_Delete(r);
	return buf;
}

/* The whole queue, one page. */
static const char *
queue(struct conn *c, const char *name, const char *region)
{
	char next[128];
	const char *got = page(c, name, region, 200, NULL, next, sizeof next);

	ck_assert_msg(next[0] == '\0', "%s: next %s", name, next);
	return got;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* A "," list sorted, to compare sets. */
static const char *
sorted(const char *list)
{
	static char out[4096];
	char copy[4096], *parts[256], *save = NULL;
	int n = 0;

	snprintf(copy, sizeof copy, "%s", list);
	for (char *p = strtok_r(copy, ",", &save); p && n < 256; p = strtok_r(NULL, ",", &save))
		parts[n++] = p;
	qsort(parts, (size_t)n, sizeof *parts, cmp_str);
	out[0] = '\0';
	for (int i = 0; i < n; i++) {
		if (i > 0)
			strcat(out, ",");
		strcat(out, parts[i]);
	}
	return out;
}

/* want: numbers in any order. */
#define expect_set(c, q, region, ...) expect_set_at(__LINE__, c, q, region, __VA_ARGS__, NULL)
static void
expect_set_at(int line, struct conn *c, const char *q, const char *region, ...)
{
	char want[4096] = "", got[4096];
	va_list ap;
	const char *no;

	va_start(ap, region);
	while ((no = va_arg(ap, const char *)) != NULL) {
		if (no[0] == '\0')
			continue;
		if (want[0] != '\0')
			strcat(want, ",");
		strcat(want, no);
	}
	va_end(ap);
	snprintf(got, sizeof got, "%s", sorted(queue(c, q, region)));
	snprintf(want, sizeof want, "%s", sorted(want));
	ck_assert_msg(strcmp(got, want) == 0, "line %d: queue %s%s%s: [%s], want [%s]", line, q,
	    region ? " region " : "", region ? region : "", got, want);
}

START_TEST(test_list_queues)
{
	struct conn *op = h_connect_as(E.d, "operator"), *disp = h_connect_as(E.d, "dispatcher");
	struct conn *tech = h_connect_as(E.d, "technician");
	char n1[32], n2[32], d1[32], o1[32], c1[32], z1[32], ov[32], b1[32];

	new_ticket(op, "urban", n1);
	new_ticket(op, "suburban", n2);
	new_ticket(op, "urban", d1);
	new_ticket(op, "county", o1);
	new_ticket(op, "urban", c1);
	new_ticket(op, "suburban", ov);
	new_ticket(op, "urban", b1);
	{
		cJSON *r = h_expect_ok(h_call(op, "call.register", "{\"request_key\":\"z-1\","
		    "\"channel\":\"phone\",\"type\":\"Z\",\"customer\":{\"name\":\"咨询客户\","
		    "\"phones\":[\"13300000000\"],\"address\":\"人民路1号\",\"region\":\"urban\"},"
		    "\"fault\":\"怎么清洗滤网\","
		    "\"answer\":\"见说明书第5页\"}"));
		snprintf(z1, sizeof z1, "%s", h_str(reply_result(r), "no"));
		cJSON_Delete(r);
	}
	dispatch(disp, d1, "technician");
	dispatch(disp, o1, "technician");
	dispatch(disp, ov, "tech.c");
	dispatch(disp, b1, "tech.b");
	arrive(tech, o1);
	cancel(disp, c1);
	h_sqlf(E.db, "UPDATE tickets SET overdue = true WHERE no IN ('%s', '%s')", ov, c1);

	expect_set(disp, "new", NULL, n1, n2);
	expect_set(disp, "new", "suburban", n2);
	expect_set(disp, "new", "county", "");
	expect_set(disp, "dispatched", NULL, d1, ov, b1);
	expect_set(disp, "dispatched", "urban", d1, b1);
	expect_set(disp, "overdue", NULL, ov);              /* not the cancelled one */
	expect_set(disp, "all", NULL, n1, n2, d1, o1, c1, z1, ov, b1);
	expect_set(disp, "all", "county", o1);
	expect_set(disp, "in_shop", NULL, "");
	expect_set(disp, "to_visit", NULL, "");
	/* mine: open tickets the caller owns or is sent to. */
	expect_set(op, "mine", NULL, n1, n2, d1, o1, ov, b1);
	expect_set(disp, "mine", NULL, "");
	expect_set(tech, "mine", NULL, d1, o1);
	h_sqlf(E.db, "UPDATE tickets SET state = 'repaired' WHERE no = '%s'", o1);
	expect_set(disp, "in_shop", NULL, o1);
	expect_set(disp, "to_inspect", NULL, o1);
	h_sqlf(E.db, "UPDATE tickets SET state = 'completed' WHERE no = '%s'", o1);
	expect_set(disp, "to_visit", NULL, o1);
	expect_set(op, "mine", NULL, n1, n2, d1, ov, b1);

	/* In deadline order (all registered today: no carried-over part). */
	{
		cJSON *r = h_expect_ok(h_call(disp, "ticket.list", "{\"queue\":\"all\"}"));
		const cJSON *t, *prev = NULL;
		cJSON_ArrayForEach(t, h_member(reply_result(r), "tickets")) {
			if (prev != NULL) {
				const char *k1 = h_str(prev, "arrival_due")[0] ? "arrival_due" :
				    h_str(prev, "reply_due")[0] ? "reply_due" : "created_at";
				const char *k2 = h_str(t, "arrival_due")[0] ? "arrival_due" :
				    h_str(t, "reply_due")[0] ? "reply_due" : "created_at";
				ck_assert_msg(h_time(prev, k1) <= h_time(t, k2), "out of order: %s",
				    h_show(r));
			}
			prev = t;
		}
		cJSON_Delete(r);
	}
	conn_close(op);
	conn_close(disp);
	conn_close(tech);
}
END_TEST

START_TEST(test_list_technician_sees_own)
{
	static const char *const queues[] = { "new", "dispatched", "overdue", "mine", "in_shop",
	    "to_inspect", "to_visit", "all" };
	struct conn *op = h_connect_as(E.d, "operator"), *disp = h_connect_as(E.d, "dispatcher");
	struct conn *tech = h_connect_as(E.d, "technician");
	char t1[32], t2[32], t3[32], t4[32], t5[32], t6[32], t7[32];

	new_ticket(op, "urban", t1);
	new_ticket(op, "urban", t2);
	new_ticket(op, "urban", t3);
	new_ticket(op, "suburban", t4);
	new_ticket(op, "suburban", t5);
	new_ticket(op, "county", t6);
	new_ticket(op, "county", t7);
	dispatch(disp, t1, "technician");
	dispatch(disp, t2, "tech.b");
	dispatch(disp, t4, "technician");
	dispatch(disp, t5, "tech.b");
	dispatch(disp, t6, "technician");
	dispatch(disp, t7, "tech.c");
	arrive(tech, t4);
	h_sqlf(E.db, "UPDATE tickets SET overdue = true WHERE no IN ('%s', '%s', '%s')", t5, t6, t3);
	h_sqlf(E.db, "UPDATE tickets SET state = 'in_shop' WHERE no IN ('%s', '%s')", t7, t4);

	for (size_t i = 0; i < sizeof queues / sizeof *queues; i++) {
		cJSON *r = h_expect_ok(h_callf(tech, "ticket.list", "{\"queue\":\"%s\"}", queues[i]));
		const cJSON *t;
		cJSON_ArrayForEach(t, h_member(reply_result(r), "tickets"))
			ck_assert_msg(strcmp(h_str(t, "technician"), "technician") == 0,
			    "queue %s shows a ticket of %s to the technician", queues[i],
			    h_str(t, "technician"));
		cJSON_Delete(r);
	}
	expect_set(tech, "all", NULL, t1, t4, t6);
	expect_set(tech, "new", NULL, "");
	expect_set(tech, "dispatched", NULL, t1, t6);
	expect_set(tech, "overdue", NULL, t6);
	expect_set(tech, "mine", NULL, t1, t4, t6);
	expect_set(tech, "in_shop", NULL, t4);
	expect_set(tech, "all", "county", t6);
	/* The dispatcher sees them all. */
	expect_set(disp, "overdue", NULL, t3, t5, t6);
	expect_set(disp, "in_shop", NULL, t4, t7);

	/* ticket.get: their own only. */
	cJSON_Delete(ticket_get(tech, t1));
	cJSON_Delete(ticket_get(tech, t4));
	h_expect_error(h_callf(tech, "ticket.get", "{\"no\":\"%s\"}", t2), "forbidden", "no");
	h_expect_error(h_callf(tech, "ticket.get", "{\"no\":\"%s\"}", t3), "forbidden", "no");
	h_expect_error(h_callf(tech, "ticket.get", "{\"no\":\"%s\"}", t7), "forbidden", "no");
	/* What they were refused, they did not read: only their own two are audited. */
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM audit_log WHERE "
	    "actor = 'technician' AND action = 'ticket.get'"), 2);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM audit_log WHERE "
	    "actor = 'technician' AND object IN ('ticket:%s', 'ticket:%s', 'ticket:%s')",
	    t2, t3, t7), 0);
	conn_close(op);
	conn_close(disp);
	conn_close(tech);
}
END_TEST

/* Walks a queue with pages of `limit`: the concatenation must equal the one
 * big page, with no ticket twice. Returns the number of pages. */
static int
walk(struct conn *c, const char *q, int limit)
{
	char whole[4096], walked[4096] = "", next[128] = "", after[128];
	int pages = 0;

	snprintf(whole, sizeof whole, "%s", queue(c, q, NULL));
	do {
		const char *got;
		snprintf(after, sizeof after, "%s", next);
		got = page(c, q, NULL, limit, after, next, sizeof next);
		pages++;
		ck_assert_msg(pages < 100, "endless pages");
		if (got[0] != '\0') {
			if (walked[0] != '\0')
				strcat(walked, ",");
			strcat(walked, got);
		}
	} while (next[0] != '\0');
	ck_assert_msg(strcmp(walked, whole) == 0, "queue %s by %d: [%s], one page: [%s]", q,
	    limit, walked, whole);
	/* No duplicates. */
	{
		char copy[4096], *save = NULL, *seen[256];
		int n = 0;
		snprintf(copy, sizeof copy, "%s", walked);
		for (char *p = strtok_r(copy, ",", &save); p; p = strtok_r(NULL, ",", &save)) {
			for (int i = 0; i < n; i++)
				ck_assert_msg(strcmp(seen[i], p) != 0, "%s twice in %s", p, walked);
			seen[n++] = p;
		}
	}
	return pages;
}

START_TEST(test_list_pages)
{
	struct conn *op = h_connect_as(E.d, "operator"), *disp = h_connect_as(E.d, "dispatcher");
	char no[9][32];
	int pages;

	for (int i = 0; i < 9; i++)
		new_ticket(op, i % 3 == 0 ? "urban" : i % 3 == 1 ? "suburban" : "county", no[i]);
	/* Two of them share a deadline (ties broken by number). */
	h_sqlf(E.db, "UPDATE tickets SET arrival_due = (SELECT arrival_due FROM tickets "
	    "WHERE no = '%s') WHERE no = '%s'", no[0], no[3]);
	dispatch(disp, no[4], "technician");
	pages = walk(disp, "all", 2);
	ck_assert_int_eq(pages, 5);
	ck_assert_int_eq(walk(disp, "all", 3), 3);
	ck_assert_int_eq(walk(disp, "all", 1), 9);
	ck_assert_int_eq(walk(disp, "all", 9), 1);
	ck_assert_int_eq(walk(disp, "new", 2), 4);

	/* With carried-over tickets the pages cross from one part to the other. */
	h_sqlf(E.db, "UPDATE tickets SET created_at = now() - interval '1 day' "
	    "WHERE no IN ('%s', '%s', '%s')", no[1], no[5], no[4]);
	ck_assert_int_eq(walk(disp, "all", 2), 5);
	ck_assert_int_eq(walk(disp, "new", 2), 4);
	ck_assert_int_eq(walk(disp, "new", 1), 8);
	ck_assert_int_eq(walk(op, "mine", 4), 3);
	conn_close(op);
	conn_close(disp);
}
END_TEST

START_TEST(test_list_yesterday_first)
{
	struct conn *op = h_connect_as(E.d, "operator"), *disp = h_connect_as(E.d, "dispatcher");
	char t1[32], t2[32], old[32], old_sent[32], want[256];
	const char *got;

	new_ticket(op, "urban", t1);
	new_ticket(op, "urban", t2);
	new_ticket(op, "county", old);
	new_ticket(op, "urban", old_sent);
	/* Yesterday's call not yet dispatched, with the latest deadline of all:
	 * still first. Yesterday's dispatched call is in deadline order. */
	h_sqlf(E.db, "UPDATE tickets SET created_at = now() - interval '1 day', "
	    "arrival_due = now() + interval '30 days' WHERE no = '%s'", old);
	h_sqlf(E.db, "UPDATE tickets SET created_at = now() - interval '1 day', "
	    "arrival_due = now() + interval '40 days' WHERE no = '%s'", old_sent);
	h_sqlf(E.db, "UPDATE tickets SET arrival_due = now() + interval '1 hour' WHERE no = '%s'", t2);
	h_sqlf(E.db, "UPDATE tickets SET arrival_due = now() + interval '2 hours' WHERE no = '%s'", t1);
	dispatch(disp, old_sent, "tech.b");

	got = queue(disp, "new", NULL);
	snprintf(want, sizeof want, "%s,%s,%s", old, t2, t1);
	ck_assert_msg(strcmp(got, want) == 0, "new: [%s], want [%s]", got, want);
	got = queue(disp, "all", NULL);
	snprintf(want, sizeof want, "%s,%s,%s,%s", old, t2, t1, old_sent);
	ck_assert_msg(strcmp(got, want) == 0, "all: [%s], want [%s]", got, want);
	/* And page by page. */
	ck_assert_int_eq(walk(disp, "all", 1), 4);
	ck_assert_int_eq(walk(disp, "new", 2), 2);
	conn_close(op);
	conn_close(disp);
}
END_TEST

START_TEST(test_list_arguments)
{
	static const struct { const char *args, *field; } bad[] = {
		{ "{\"queue\":\"all\",\"after\":\"garbage\"}", "after" },
		{ "{\"queue\":\"all\",\"after\":\"\"}", "after" },
		{ "{\"queue\":\"all\",\"after\":\"r|\"}", "after" },
		{ "{\"queue\":\"all\",\"after\":\"x|2026-11-24 09:00:00+08|B2611240001\"}", "after" },
		{ "{\"queue\":\"all\",\"after\":\"r|2026-11-24 25:61:00+08|B2611240001\"}", "after" },
		{ "{\"queue\":\"new\",\"after\":\"c|2026-13-40 09:00:00+08|B2611240001\"}", "after" },
		{ "{\"queue\":\"all\",\"after\":[]}", "after" },
		/* Words PostgreSQL would take as a time. */
		{ "{\"queue\":\"all\",\"after\":\"r|yesterday|B2611240001\"}", "after" },
		{ "{\"queue\":\"all\",\"after\":\"r|infinity|B2611240001\"}", "after" },
		{ "{\"queue\":\"all\",\"after\":\"r|2026-11-24 allballs|B2611240001\"}", "after" },
		{ "{\"queue\":\"all\",\"limit\":0}", "limit" },
		{ "{\"queue\":\"all\",\"limit\":201}", "limit" },
		{ "{\"queue\":\"mine\",\"limit\":-5}", "limit" },
		{ "{\"queue\":\"all\",\"limit\":true}", "limit" },
		{ "{\"queue\":\"all\",\"region\":\"city\"}", "region" },
		{ "{\"queue\":\"closed\"}", "queue" },
		{ "{\"queue\":null}", "queue" },
	};
	struct conn *op = h_connect_as(E.d, "operator"), *c = h_connect_as(E.d, "dispatcher");
	char next[128], args[256];

	for (int i = 0; i < 3; i++)
		new_ticket(op, "urban", next);
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		cJSON *r = h_call(c, "ticket.list", bad[i].args);
		ck_assert_msg(!reply_ok(r) && strcmp(reply_code(r), "invalid_argument") == 0 &&
		    strcmp(reply_field(r), bad[i].field) == 0, "%s: want invalid_argument on %s, "
		    "got %.300s", bad[i].args, bad[i].field, h_show(r));
		cJSON_Delete(r);
	}
	/* 50 by default. */
	h_sql(E.db, "INSERT INTO tickets (no, type, channel, state, service_class, customer_id, "
	    "region, fault, taken_by, owner, reply_due) SELECT 'Q200101' || lpad(i::text, 4, '0'), "
	    "'Q', 'phone', 'new', 'D', (SELECT min(id) FROM customers), 'urban', '咨询', "
	    "'operator', 'operator', now() + interval '1 hour' FROM generate_series(1, 55) AS i");
	{
		cJSON *r = h_expect_ok(h_call(c, "ticket.list", "{\"queue\":\"new\"}"));
		ck_assert_int_eq(cJSON_GetArraySize(h_member(reply_result(r), "tickets")), 50);
		ck_assert(cJSON_IsString(h_member(reply_result(r), "next")));
		cJSON_Delete(r);
	}
	/* The bounds themselves are fine; a real cursor is. */
	page(c, "all", NULL, 1, NULL, next, sizeof next);
	ck_assert_msg(next[0] != '\0' && strlen(next) <= 80, "cursor %s", next);
	snprintf(args, sizeof args, "{\"queue\":\"all\",\"limit\":200,\"after\":\"%s\"}", next);
	cJSON_Delete(h_expect_ok(h_call(c, "ticket.list", args)));
	conn_close(op);
	conn_close(c);
}
END_TEST

/* --- pushes */

/* Sends op on `from` and waits for its ticket.changed on `to`; returns the
 * milliseconds from sending to the push. */
static long long
push_delay(struct conn *from, struct conn *to, const char *op, const char *args,
    const char *no, const char *state)
{
	long long start = h_now_ms(), took;
	cJSON *r = h_expect_ok(h_call(from, op, args)), *p;

	cJSON_Delete(r);
	p = conn_wait_push(to, "ticket.changed", H_WAIT_MS);
	took = h_now_ms() - start;
	ck_assert_msg(p != NULL, "no ticket.changed after %s", op);
	ck_assert_str_eq(h_str(h_member(p, "data"), "no"), no);
	ck_assert_str_eq(h_str(h_member(p, "data"), "state"), state);
	cJSON_Delete(p);
	return took;
}

#define expect_next_push(c, no, state) expect_next_push_at(__LINE__, c, no, state)
static void
expect_next_push_at(int line, struct conn *c, const char *no, const char *state)
{
	cJSON *p = conn_wait_push(c, "ticket.changed", 1000);

	ck_assert_msg(p != NULL, "line %d: no ticket.changed for %s within 1 s", line, no);
	ck_assert_msg(strcmp(h_str(h_member(p, "data"), "no"), no) == 0 &&
	    strcmp(h_str(h_member(p, "data"), "state"), state) == 0, "line %d: want %s %s, got %s",
	    line, no, state, h_show(p));
	cJSON_Delete(p);
}

START_TEST(test_push_to_another_client)
{
	struct h_daemon *d2 = h_daemon_start(E.db, NULL);
	struct conn *op = h_connect_as(E.d, "operator"), *disp = h_connect_as(E.d, "dispatcher");
	struct conn *watch = h_connect_as(E.d, "dispatcher"), *far = h_connect_as(d2, "manager");
	struct conn *tech = h_connect_as(E.d, "technician");
	char no[32], other[32], args[128];
	long long ms;

	h_subscribe(watch, "[\"tickets\"]");
	h_subscribe(far, "[\"tickets\"]");
	h_subscribe(tech, "[\"tickets\"]");
	h_wait_listeners(E.db, 2);
	new_ticket(op, "urban", no);
	new_ticket(op, "urban", other);
	/* The two registrations reach both watchers. */
	for (int i = 0; i < 2; i++) {
		cJSON_Delete(conn_wait_push(watch, "ticket.changed", H_WAIT_MS));
		cJSON_Delete(conn_wait_push(far, "ticket.changed", H_WAIT_MS));
	}
	h_expect_silence(tech);

	snprintf(args, sizeof args, "{\"no\":\"%s\",\"technician\":\"technician\"}", no);
	ms = push_delay(disp, watch, "ticket.dispatch", args, no, "dispatched");
	ck_assert_msg(ms < 1000, "the push took %lld ms on the same daemon", ms);
	{
		cJSON *p = conn_wait_push(far, "ticket.changed", 1000);
		ck_assert_msg(p != NULL, "no push within 1 s through the other daemon");
		ck_assert_str_eq(h_str(h_member(p, "data"), "technician"), "technician");
		cJSON_Delete(p);
	}
	/* The technician gets the ticket now dispatched to them. */
	{
		cJSON *p = conn_wait_push(tech, "ticket.changed", 1000);
		ck_assert_msg(p != NULL, "the technician got no push for their ticket");
		ck_assert_str_eq(h_str(h_member(p, "data"), "no"), no);
		cJSON_Delete(p);
	}
	/* Each transition pushes: appoint, arrive, cancel, to both watchers. */
	snprintf(args, sizeof args, "{\"no\":\"%s\",\"at\":\"2030-01-02T10:00:00+08:00\"}", no);
	ck_assert_int_lt(push_delay(disp, watch, "ticket.appoint", args, no, "dispatched"), 1000);
	expect_next_push(far, no, "dispatched");
	expect_next_push(tech, no, "dispatched");
	snprintf(args, sizeof args, "{\"no\":\"%s\"}", no);
	ck_assert_int_lt(push_delay(tech, watch, "ticket.arrive", args, no, "on_site"), 1000);
	expect_next_push(far, no, "on_site");
	expect_next_push(tech, no, "on_site");
	snprintf(args, sizeof args, "{\"no\":\"%s\",\"reason\":\"不修了\"}", other);
	ck_assert_int_lt(push_delay(op, far, "ticket.cancel", args, other, "cancelled"), 1000);
	expect_next_push(watch, other, "cancelled");
	/* Not to the technician: not theirs. */
	h_expect_silence(tech);
	/* A failed transition pushes nothing. */
	h_expect_error(h_callf(disp, "ticket.cancel", "{\"no\":\"%s\",\"reason\":\"x\"}", no),
	    "conflict", "no");
	h_expect_silence(watch);
	h_expect_silence(far);
	conn_close(op);
	conn_close(disp);
	conn_close(watch);
	conn_close(far);
	conn_close(tech);
	h_daemon_stop(d2);
}
END_TEST

/* after: "at most 80" characters (svcdesk-protocol(7)); real cursors are
 * far shorter. */
START_TEST(test_list_cursor_length)
{
	struct conn *c = h_connect_as(E.d, "dispatcher");
	char after[96];

	/* 80 characters of a well-formed cursor: fine. */
	snprintf(after, sizeof after, "r|2026-11-24 09:00:00+08|B2611240001%044d", 0);
	ck_assert_int_eq((int)strlen(after), 80);
	cJSON_Delete(h_expect_ok(h_callf(c, "ticket.list", "{\"queue\":\"all\",\"after\":\"%s\"}",
	    after)));
	/* 81: refused. */
	strcat(after, "0");
	h_expect_error(h_callf(c, "ticket.list", "{\"queue\":\"all\",\"after\":\"%s\"}", after),
	    "invalid_argument", "after");
	conn_close(c);
}
END_TEST

Suite *
dispatch_suite(void)
{
	Suite *s = suite_create("dispatch");
	TCase *ops = tcase_create("transitions");
	TCase *list = tcase_create("list");

	tcase_set_timeout(ops, H_TEST_TIMEOUT);
	tcase_add_checked_fixture(ops, setup, teardown);
	tcase_add_test(ops, test_technician_list);
	tcase_add_test(ops, test_dispatch_and_reassign);
	tcase_add_test(ops, test_dispatch_errors);
	tcase_add_test(ops, test_appoint);
	tcase_add_test(ops, test_arrive);
	tcase_add_test(ops, test_arrive_twice_at_once);
	tcase_add_test(ops, test_cancel);
	tcase_add_test(ops, test_push_to_another_client);
	suite_add_tcase(s, ops);

	tcase_set_timeout(list, H_TEST_TIMEOUT);
	tcase_add_checked_fixture(list, setup, teardown);
	tcase_add_test(list, test_list_queues);
	tcase_add_test(list, test_list_technician_sees_own);
	tcase_add_test(list, test_list_pages);
	tcase_add_test(list, test_list_yesterday_first);
	tcase_add_test(list, test_list_arguments);
	tcase_add_test(list, test_list_cursor_length);
	suite_add_tcase(s, list);
	return s;
}
