/*
 * test_followup.c: the calls that are not the first (doc/domain.md, Notes
 * and handovers; Return visits).
 *   - ticket.note: every role but admin, on a ticket in any state, the
 *     words trimmed, an event `note` in the history and a ticket.changed
 *     push; a technician only on their own ticket; empty, blank and too
 *     long words refused naming `text`, the limit in the message
 *   - ticket.handover: the owner hands a ticket to a named operator or
 *     dispatcher with a note (taken_by unchanged, event `handover`, pushed,
 *     the new owner's `mine` queue holds it, the old owner's not); a
 *     dispatcher hands over any ticket; every refusal with its code and
 *     field (not the owner, unknown, inactive or technician `to`, the owner
 *     already, an empty note, a closed or cancelled ticket, wrong roles)
 *   - visit.record outcome unreachable: attempts counted, the ticket kept
 *     completed with its call-back at the next working half-day (the
 *     daemon's calendar: calendar.set moves it), in to_visit and callbacks
 *     by that time; an attempt before it refused; the third closes the
 *     ticket as unreachable; a done visit after an attempt; the refusals
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/calendar.h"
#include "common/timefmt.h"
#include "tests/integration/harness.h"
#include "tests/integration/suites.h"

H_ENV_FIXTURE(E)

/* A second operator, same password, and an inactive one. */
static void
add_operators(void)
{
	h_sql(E.db, "INSERT INTO users (login, name, role, password_hash) "
	    "SELECT 'op.two', '王芳', 'operator', password_hash FROM users WHERE login = 'operator';"
	    "INSERT INTO users (login, name, role, password_hash, active) "
	    "SELECT 'op.gone', '离职', 'operator', password_hash, false FROM users "
	    "WHERE login = 'operator'");
}

/* A repair call dispatched to `technician`; its number into no. */
static void
dispatched_ticket(struct conn *op, char *no, size_t size)
{
	struct conn *disp = h_connect_as(E.d, "dispatcher");

	cJSON_Delete(h_new_ticket(op, "B", "urban", no, size));
	cJSON_Delete(h_expect_ok(h_callf(disp, "ticket.dispatch",
	    "{\"no\":\"%s\",\"technician\":\"technician\"}", no)));
	conn_close(disp);
}

/* The last event of ticket no, as c reads it (caller frees the reply). */
static cJSON *
last_event(struct conn *c, const char *no, const cJSON **event)
{
	cJSON *r = h_expect_ok(h_callf(c, "ticket.get", "{\"no\":\"%s\"}", no));
	const cJSON *e;

	*event = NULL;
	cJSON_ArrayForEach(e, h_member(reply_result(r), "events"))
		*event = e;
	ck_assert_ptr_nonnull(*event);
	return r;
}

/* Waits for a ticket.changed push of ticket no on c. */
static void
expect_push(struct conn *c, const char *no, const char *owner)
{
	cJSON *p = conn_wait_push(c, "ticket.changed", H_WAIT_MS);

	ck_assert_msg(p != NULL, "no ticket.changed push for %s", no);
	ck_assert_str_eq(h_str(h_member(p, "data"), "no"), no);
	if (owner != NULL)
		ck_assert_str_eq(h_str(h_member(p, "data"), "owner"), owner);
	cJSON_Delete(p);
}

/* ---- ticket.note */

START_TEST(test_note)
{
	struct conn *op = h_connect_as(E.d, "operator");
	struct conn *sub = h_connect_as(E.d, "dispatcher");
	char no[32];
	const cJSON *ev;
	cJSON *r;
	long long version;

	dispatched_ticket(op, no, sizeof no);
	h_subscribe(sub, "[\"tickets\"]");
	version = h_sql_int(E.db, "SELECT version FROM tickets WHERE no = '%s'", no);
	r = h_expect_ok(h_callf(op, "ticket.note",
	    "{\"no\":\"%s\",\"text\":\"  \\u3000客户又来电：配件已订  \\n\"}", no));
	ck_assert_str_eq(h_str(reply_result(r), "no"), no);
	ck_assert_str_eq(h_str(reply_result(r), "state"), "dispatched");
	ck_assert_int_eq(h_int_member(reply_result(r), "version"), version + 1);
	cJSON_Delete(r);
	expect_push(sub, no, NULL);
	r = last_event(op, no, &ev);
	ck_assert_str_eq(h_str(ev, "kind"), "note");
	ck_assert_str_eq(h_str(ev, "actor"), "operator");
	ck_assert_str_eq(h_str(h_member(ev, "details"), "text"), "客户又来电：配件已订");
	ck_assert(h_is_null(ev, "from") && h_is_null(ev, "to"));
	cJSON_Delete(r);
	/* Every role that may see the ticket: dispatcher, quality, manager,
	 * and its technician. */
	static const char *const roles[] = { "dispatcher", "quality", "manager", "technician" };
	for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++) {
		struct conn *c = h_connect_as(E.d, roles[i]);
		cJSON_Delete(h_expect_ok(h_callf(c, "ticket.note",
		    "{\"no\":\"%s\",\"text\":\"%s 看过\"}", no, roles[i])));
		conn_close(c);
	}
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM ticket_events WHERE ticket_no = "
	    "'%s' AND kind = 'note'", no), 5);
	/* A closed or cancelled ticket takes a note too (the caller rang again). */
	h_sqlf(E.db, "UPDATE tickets SET state = 'closed' WHERE no = '%s'", no);
	cJSON_Delete(h_expect_ok(h_callf(op, "ticket.note",
	    "{\"no\":\"%s\",\"text\":\"已结案后来电\"}", no)));
	conn_close(sub);
	conn_close(op);
}
END_TEST

START_TEST(test_note_refusals)
{
	struct conn *op = h_connect_as(E.d, "operator");
	struct conn *tech = h_connect_as(E.d, "technician");
	struct conn *admin = h_connect_as(E.d, "admin");
	char no[32], other[32], args[2200];
	cJSON *r;

	h_add_technician(E.db, "tech.two", "urban");
	dispatched_ticket(op, no, sizeof no);
	cJSON_Delete(h_new_ticket(op, "B", "urban", other, sizeof other));
	h_expect_error(h_callf(admin, "ticket.note", "{\"no\":\"%s\",\"text\":\"x\"}", no),
	    "forbidden", NULL);
	/* a technician: only the tickets dispatched to them */
	h_expect_error(h_callf(tech, "ticket.note", "{\"no\":\"%s\",\"text\":\"x\"}", other),
	    "forbidden", "no");
	struct conn *two = h_connect_as(E.d, "tech.two");
	h_expect_error(h_callf(two, "ticket.note", "{\"no\":\"%s\",\"text\":\"x\"}", no),
	    "forbidden", "no");
	conn_close(two);
	h_expect_error(h_call(op, "ticket.note", "{\"no\":\"B9901019999\",\"text\":\"x\"}"),
	    "not_found", "no");
	h_expect_error(h_call(op, "ticket.note", "{\"text\":\"x\"}"), "invalid_argument", "no");
	h_expect_error(h_callf(op, "ticket.note", "{\"no\":\"%s\"}", no), "invalid_argument",
	    "text");
	h_expect_error(h_callf(op, "ticket.note", "{\"no\":\"%s\",\"text\":\"\"}", no),
	    "invalid_argument", "text");
	h_expect_error(h_callf(op, "ticket.note", "{\"no\":\"%s\",\"text\":\" \\t\\u3000 \"}",
	    no), "invalid_argument", "text");
	h_expect_error(h_callf(op, "ticket.note", "{\"no\":\"%s\",\"text\":7}", no),
	    "invalid_argument", "text");
	/* 500 characters (blanks around them do not count) are taken, 501 not,
	 * and the refusal says the limit. */
	int n = snprintf(args, sizeof args, "{\"no\":\"%s\",\"text\":\"  ", no);
	for (int i = 0; i < 500; i++)
		n += snprintf(args + n, sizeof args - (size_t)n, "%s", i % 2 ? "a" : "b");
	snprintf(args + n, sizeof args - (size_t)n, "  \"}");
	cJSON_Delete(h_expect_ok(h_call(op, "ticket.note", args)));
	snprintf(args + n, sizeof args - (size_t)n, "c\"}");
	r = h_call(op, "ticket.note", args);
	ck_assert_msg(strstr(h_str(h_member(r, "error"), "message"), "500") != NULL,
	    "the limit in the message: %s", h_show(r));
	h_expect_error(r, "invalid_argument", "text");
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM ticket_events WHERE kind = 'note'"
	    " AND length(details->>'text') = 500"), 1);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM ticket_events WHERE kind = 'note'"),
	    1);
	conn_close(admin);
	conn_close(tech);
	conn_close(op);
}
END_TEST

/* ---- ticket.handover */

/* The numbers of ticket.list queue `mine` for c, comma-separated. */
static void
mine(struct conn *c, char *out, size_t size)
{
	cJSON *r = h_expect_ok(h_call(c, "ticket.list", "{\"queue\":\"mine\"}"));
	const cJSON *t;

	out[0] = '\0';
	cJSON_ArrayForEach(t, h_member(reply_result(r), "tickets")) {
		size_t n = strlen(out);
		snprintf(out + n, size - n, "%s%s", n ? "," : "", h_str(t, "no"));
	}
	cJSON_Delete(r);
}

START_TEST(test_handover)
{
	struct conn *op = h_connect_as(E.d, "operator");
	struct conn *two, *disp, *sub = h_connect_as(E.d, "technician");
	char no[32], list[256];
	const cJSON *ev, *t;
	cJSON *r;

	add_operators();
	two = h_connect_as(E.d, "op.two");
	disp = h_connect_as(E.d, "dispatcher");
	dispatched_ticket(op, no, sizeof no);
	h_subscribe(sub, "[\"tickets\"]");
	mine(op, list, sizeof list);
	ck_assert_str_eq(list, no);
	r = h_expect_ok(h_callf(op, "ticket.handover",
	    "{\"no\":\"%s\",\"to\":\"op.two\",\"note\":\" 我明天休假，客户要求周五上门 \"}", no));
	t = reply_result(r);
	ck_assert_str_eq(h_str(t, "owner"), "op.two");
	ck_assert_str_eq(h_str(t, "taken_by"), "operator");
	ck_assert_str_eq(h_str(t, "state"), "dispatched");
	cJSON_Delete(r);
	/* pushed: the ticket's technician hears of it too */
	expect_push(sub, no, "op.two");
	r = last_event(op, no, &ev);
	ck_assert_str_eq(h_str(ev, "kind"), "handover");
	ck_assert_str_eq(h_str(ev, "actor"), "operator");
	ck_assert_str_eq(h_str(h_member(ev, "details"), "from"), "operator");
	ck_assert_str_eq(h_str(h_member(ev, "details"), "to"), "op.two");
	ck_assert_str_eq(h_str(h_member(ev, "details"), "note"), "我明天休假，客户要求周五上门");
	cJSON_Delete(r);
	/* the new owner's mine queue holds it, the old owner's does not */
	mine(two, list, sizeof list);
	ck_assert_str_eq(list, no);
	mine(op, list, sizeof list);
	ck_assert_str_eq(list, "");
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM tickets WHERE no = '%s' AND "
	    "owner = 'op.two' AND taken_by = 'operator'", no), 1);
	/* the old owner may not hand it over again; a dispatcher may, to
	 * anyone who may hold it (themselves too) */
	h_expect_error(h_callf(op, "ticket.handover",
	    "{\"no\":\"%s\",\"to\":\"operator\",\"note\":\"拿回来\"}", no), "forbidden", "no");
	r = h_expect_ok(h_callf(disp, "ticket.handover",
	    "{\"no\":\"%s\",\"to\":\"dispatcher\",\"note\":\"主管接手\"}", no));
	ck_assert_str_eq(h_str(reply_result(r), "owner"), "dispatcher");
	ck_assert_str_eq(h_str(reply_result(r), "taken_by"), "operator");
	cJSON_Delete(r);
	r = h_expect_ok(h_callf(disp, "ticket.handover",
	    "{\"no\":\"%s\",\"to\":\"operator\",\"note\":\"还给首问人\"}", no));
	ck_assert_str_eq(h_str(reply_result(r), "owner"), "operator");
	cJSON_Delete(r);
	/* a completed ticket (its return visit to come) is handed over too */
	h_sqlf(E.db, "UPDATE tickets SET state = 'completed' WHERE no = '%s'", no);
	cJSON_Delete(h_expect_ok(h_callf(op, "ticket.handover",
	    "{\"no\":\"%s\",\"to\":\"op.two\",\"note\":\"回访交给王芳\"}", no)));
	conn_close(disp);
	conn_close(two);
	conn_close(sub);
	conn_close(op);
}
END_TEST

START_TEST(test_handover_refusals)
{
	struct conn *op = h_connect_as(E.d, "operator");
	static const char *const roles[] = { "technician", "quality", "manager", "admin" };
	char no[32], args[2200];
	cJSON *r;

	add_operators();
	dispatched_ticket(op, no, sizeof no);
	for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++) {
		struct conn *c = h_connect_as(E.d, roles[i]);
		h_expect_error(h_callf(c, "ticket.handover",
		    "{\"no\":\"%s\",\"to\":\"op.two\",\"note\":\"x\"}", no), "forbidden", NULL);
		conn_close(c);
	}
	static const struct { const char *args, *code, *field; } bad[] = {
		{ "\"to\":\"nobody\",\"note\":\"x\"", "not_found", "to" },
		{ "\"to\":\"op.gone\",\"note\":\"x\"", "not_found", "to" },
		{ "\"to\":\"technician\",\"note\":\"x\"", "invalid_argument", "to" },
		{ "\"to\":\"quality\",\"note\":\"x\"", "invalid_argument", "to" },
		{ "\"to\":\"Op Two\",\"note\":\"x\"", "invalid_argument", "to" },
		{ "\"note\":\"x\"", "invalid_argument", "to" },
		{ "\"to\":\"\",\"note\":\"x\"", "invalid_argument", "to" },
		{ "\"to\":\"operator\",\"note\":\"x\"", "conflict", "to" },
		{ "\"to\":\"op.two\"", "invalid_argument", "note" },
		{ "\"to\":\"op.two\",\"note\":\"  \"", "invalid_argument", "note" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		snprintf(args, sizeof args, "{\"no\":\"%s\",%s}", no, bad[i].args);
		h_expect_error(h_call(op, "ticket.handover", args), bad[i].code, bad[i].field);
	}
	/* the refusal of a technician says who may hold a ticket */
	r = h_callf(op, "ticket.handover", "{\"no\":\"%s\",\"to\":\"technician\",\"note\":\"x\"}",
	    no);
	ck_assert_msg(strstr(h_str(h_member(r, "error"), "message"), "handed to one of: operator, dispatcher"),
	    "%s", h_show(r));
	cJSON_Delete(r);
	/* a note over 500 characters, with the limit in the message */
	int n = snprintf(args, sizeof args, "{\"no\":\"%s\",\"to\":\"op.two\",\"note\":\"", no);
	for (int i = 0; i < 501; i++)
		n += snprintf(args + n, sizeof args - (size_t)n, "x");
	snprintf(args + n, sizeof args - (size_t)n, "\"}");
	r = h_call(op, "ticket.handover", args);
	ck_assert_msg(strstr(h_str(h_member(r, "error"), "message"), "500") != NULL, "%s",
	    h_show(r));
	h_expect_error(r, "invalid_argument", "note");
	h_expect_error(h_call(op, "ticket.handover",
	    "{\"no\":\"B9901019999\",\"to\":\"op.two\",\"note\":\"x\"}"), "not_found", "no");
	/* a closed or cancelled ticket has nobody left to hand it to */
	h_sqlf(E.db, "UPDATE tickets SET state = 'closed' WHERE no = '%s'", no);
	h_expect_error(h_callf(op, "ticket.handover",
	    "{\"no\":\"%s\",\"to\":\"op.two\",\"note\":\"x\"}", no), "conflict", "no");
	h_sqlf(E.db, "UPDATE tickets SET state = 'cancelled' WHERE no = '%s'", no);
	h_expect_error(h_callf(op, "ticket.handover",
	    "{\"no\":\"%s\",\"to\":\"op.two\",\"note\":\"x\"}", no), "conflict", "no");
	/* nothing refused changed anything */
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM tickets WHERE no = '%s' AND "
	    "owner = 'operator'", no), 1);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM ticket_events WHERE kind = "
	    "'handover'"), 0);
	conn_close(op);
}
END_TEST

/* ---- visit.record outcome unreachable */

/* A completed repair call (dispatched, arrived, completed); no into no. */
static void
completed_ticket(struct conn *op, char *no, size_t size)
{
	struct conn *tech = h_connect_as(E.d, "technician");

	dispatched_ticket(op, no, size);
	cJSON_Delete(h_expect_ok(h_callf(tech, "ticket.arrive", "{\"no\":\"%s\"}", no)));
	cJSON_Delete(h_expect_ok(h_callf(tech, "ticket.complete",
	    "{\"no\":\"%s\",\"signed_by\":\"张三\"}", no)));
	conn_close(tech);
}

static cJSON *
unreachable(struct conn *op, const char *no)
{
	return h_callf(op, "visit.record",
	    "{\"no\":\"%s\",\"outcome\":\"unreachable\",\"comment\":\"无人接听\"}", no);
}

/* The call-back must be the next working half-day after the attempt, by
 * cal: the attempt was made between before and after. */
static void
expect_callback(const cJSON *t, const struct calendar *cal, time_t before, time_t after)
{
	time_t got = h_time(t, "callback_at");
	time_t want = calendar_next_half_day(cal, before);
	time_t also = calendar_next_half_day(cal, after);   /* across noon or midnight */
	char a[TIMEFMT_LEN], b[TIMEFMT_LEN], c[TIMEFMT_LEN];

	time_format_iso(got, a, sizeof a);
	time_format_iso(want, b, sizeof b);
	time_format_iso(also, c, sizeof c);
	ck_assert_msg(got == want || got == also, "callback_at %s, want %s (or %s)", a, b, c);
}

/* Lets the call-back's time pass. */
static void
callback_passed(const char *no)
{
	h_sqlf(E.db, "UPDATE tickets SET callback_at = now() - interval '1 minute', "
	    "visit_due = now() - interval '1 minute' WHERE no = '%s'", no);
}

START_TEST(test_unreachable_attempts)
{
	struct conn *op = h_connect_as(E.d, "operator");
	struct conn *sub = h_connect_as(E.d, "dispatcher");
	struct calendar cal;
	char no[32];
	const cJSON *t, *ev;
	cJSON *r;
	time_t before, after;

	calendar_init(&cal, H_CENTRE_OFFSET);   /* the template's calendar */
	completed_ticket(op, no, sizeof no);
	h_subscribe(sub, "[\"tickets\"]");
	before = time(NULL);
	r = h_expect_ok(unreachable(op, no));
	after = time(NULL);
	t = reply_result(r);
	ck_assert_str_eq(h_str(t, "state"), "completed");
	ck_assert_int_eq(h_int_member(t, "visit_attempts"), 1);
	ck_assert(h_is_null(t, "visit_outcome"));
	expect_callback(t, &cal, before, after);
	cJSON_Delete(r);
	expect_push(sub, no, NULL);
	/* its place in to_visit is the call-back */
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM tickets WHERE no = '%s' AND "
	    "visit_due = callback_at AND callback_at > now()", no), 1);
	r = last_event(op, no, &ev);
	ck_assert_str_eq(h_str(ev, "kind"), "visit");
	ck_assert_str_eq(h_str(h_member(ev, "details"), "outcome"), "unreachable");
	ck_assert_int_eq(h_int_member(h_member(ev, "details"), "attempt"), 1);
	ck_assert_int_eq(h_int_member(h_member(ev, "details"), "of"), 3);
	ck_assert_str_eq(h_str(h_member(ev, "details"), "comment"), "无人接听");
	ck_assert(h_time(h_member(ev, "details"), "callback_at") > after);
	ck_assert_str_eq(h_str(ev, "to"), "completed");
	cJSON_Delete(r);
	/* before its call-back time, another attempt is refused */
	h_expect_error(unreachable(op, no), "conflict", "outcome");
	/* the second attempt, once it is due */
	callback_passed(no);
	r = h_expect_ok(unreachable(op, no));
	ck_assert_int_eq(h_int_member(reply_result(r), "visit_attempts"), 2);
	ck_assert_str_eq(h_str(reply_result(r), "state"), "completed");
	cJSON_Delete(r);
	/* the third closes it as unreachable */
	callback_passed(no);
	r = h_expect_ok(unreachable(op, no));
	t = reply_result(r);
	ck_assert_str_eq(h_str(t, "state"), "closed");
	ck_assert_int_eq(h_int_member(t, "visit_attempts"), 3);
	ck_assert_str_eq(h_str(t, "visit_outcome"), "unreachable");
	ck_assert(h_is_null(t, "callback_at"));
	cJSON_Delete(r);
	r = last_event(op, no, &ev);
	ck_assert_str_eq(h_str(ev, "to"), "closed");
	ck_assert_str_eq(h_str(ev, "from"), "completed");
	ck_assert_int_eq(h_int_member(h_member(ev, "details"), "attempt"), 3);
	cJSON_Delete(r);
	/* no survey was recorded, and it is over */
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM visits"), 0);
	h_expect_error(unreachable(op, no), "conflict", "no");
	h_expect_error(h_callf(op, "visit.record", "{\"no\":\"%s\",\"attitude\":1,\"skill\":1,"
	    "\"punctuality\":1,\"promise\":1,\"score\":90}", no), "conflict", "no");
	conn_close(sub);
	conn_close(op);
}
END_TEST

/* The daemon's business calendar decides: with today and the next six
 * days off, the call-back is 09:00 on the first working day after them. */
START_TEST(test_unreachable_calendar)
{
	struct conn *op = h_connect_as(E.d, "operator");
	struct conn *admin = h_connect_as(E.d, "admin");
	struct calendar cal;
	char no[32], days[1024], day[16];
	size_t n = 0;
	cJSON *r;
	time_t now = time(NULL), before;

	calendar_init(&cal, H_CENTRE_OFFSET);
	n += (size_t)snprintf(days, sizeof days, "{\"days\":[");
	for (int i = 0; i < 7; i++) {
		int y, m, d;
		h_centre_date(now, i, day, sizeof day);
		sscanf(day, "%d-%d-%d", &y, &m, &d);
		ck_assert(calendar_add_day(&cal, y, m, d, false));
		n += (size_t)snprintf(days + n, sizeof days - n, "%s{\"day\":\"%s\","
		    "\"working\":false}", i ? "," : "", day);
	}
	snprintf(days + n, sizeof days - n, "]}");
	cJSON_Delete(h_expect_ok(h_call(admin, "calendar.set", days)));
	completed_ticket(op, no, sizeof no);
	before = time(NULL);
	r = h_expect_ok(unreachable(op, no));
	expect_callback(reply_result(r), &cal, before, time(NULL));
	/* the time itself: 09:00 at the centre */
	ck_assert_int_eq((h_time(reply_result(r), "callback_at") + H_CENTRE_OFFSET) % 86400,
	    9 * 3600);
	cJSON_Delete(r);
	conn_close(admin);
	conn_close(op);
}
END_TEST

/* The numbers of a queue for c, in order, comma-separated. */
static void
queue(struct conn *c, const char *name, char *out, size_t size)
{
	cJSON *r = h_expect_ok(h_callf(c, "ticket.list", "{\"queue\":\"%s\",\"limit\":1}", name));
	char after[128];
	const cJSON *t;

	out[0] = '\0';
	for (int pages = 0; pages < 20; pages++) {
		cJSON_ArrayForEach(t, h_member(reply_result(r), "tickets")) {
			size_t n = strlen(out);
			snprintf(out + n, size - n, "%s%s", n ? "," : "", h_str(t, "no"));
		}
		snprintf(after, sizeof after, "%s", h_str(reply_result(r), "next"));
		cJSON_Delete(r);
		if (!after[0])
			return;
		r = h_expect_ok(h_callf(c, "ticket.list", "{\"queue\":\"%s\",\"limit\":1,"
		    "\"after\":\"%s\"}", name, after));
	}
	ck_abort_msg("%s never ended", name);
}

/* to_visit orders a call-back by its time, callbacks holds only them; a
 * done visit after an attempt closes as done and clears the call-back. */
START_TEST(test_callback_queues)
{
	struct conn *op = h_connect_as(E.d, "operator");
	char a[32], b[32], c[32], want[128], got[128];
	cJSON *r;

	completed_ticket(op, a, sizeof a);
	completed_ticket(op, b, sizeof b);
	completed_ticket(op, c, sizeof c);
	/* a and b are due tomorrow (completed today); c was due days ago */
	h_sqlf(E.db, "UPDATE tickets SET visit_due = now() - interval '3 days' WHERE no = '%s'",
	    c);
	cJSON_Delete(h_expect_ok(unreachable(op, c)));   /* c: called back later */
	cJSON_Delete(h_expect_ok(unreachable(op, a)));
	h_sqlf(E.db, "UPDATE tickets SET callback_at = now() + interval '10 days', "
	    "visit_due = now() + interval '10 days' WHERE no = '%s'", a);
	h_sqlf(E.db, "UPDATE tickets SET callback_at = now() + interval '5 days', "
	    "visit_due = now() + interval '5 days' WHERE no = '%s'", c);
	snprintf(want, sizeof want, "%s,%s,%s", b, c, a);
	queue(op, "to_visit", got, sizeof got);
	ck_assert_str_eq(got, want);
	snprintf(want, sizeof want, "%s,%s", c, a);
	queue(op, "callbacks", got, sizeof got);
	ck_assert_str_eq(got, want);
	/* the customer of a is reached after all: done */
	r = h_expect_ok(h_callf(op, "visit.record", "{\"no\":\"%s\",\"outcome\":\"done\","
	    "\"attitude\":1,\"skill\":1,\"punctuality\":1,\"promise\":1,\"score\":95}", a));
	ck_assert_str_eq(h_str(reply_result(r), "state"), "closed");
	ck_assert_str_eq(h_str(reply_result(r), "visit_outcome"), "done");
	ck_assert_int_eq(h_int_member(reply_result(r), "visit_attempts"), 1);
	ck_assert(h_is_null(reply_result(r), "callback_at"));
	cJSON_Delete(r);
	queue(op, "callbacks", got, sizeof got);
	ck_assert_str_eq(got, c);
	conn_close(op);
}
END_TEST

START_TEST(test_unreachable_refusals)
{
	struct conn *op = h_connect_as(E.d, "operator");
	struct conn *disp = h_connect_as(E.d, "dispatcher");
	char no[32], fresh[32], cno[32], args[256];

	completed_ticket(op, no, sizeof no);
	cJSON_Delete(h_new_ticket(op, "B", "urban", fresh, sizeof fresh));
	h_new_complaint(op, cno, sizeof cno);
	h_expect_error(unreachable(disp, no), "forbidden", NULL);
	h_expect_error(h_callf(op, "visit.record", "{\"no\":\"%s\",\"outcome\":\"maybe\"}", no),
	    "invalid_argument", "outcome");
	h_expect_error(h_callf(op, "visit.record", "{\"no\":\"%s\",\"outcome\":7}", no),
	    "invalid_argument", "outcome");
	/* answers are not given for a customer who was not reached */
	static const char *const ratings[] = { "attitude", "skill", "punctuality", "promise",
		"score" };
	for (size_t i = 0; i < sizeof ratings / sizeof ratings[0]; i++) {
		snprintf(args, sizeof args, "{\"no\":\"%s\",\"outcome\":\"unreachable\",\"%s\":1}",
		    no, ratings[i]);
		h_expect_error(h_call(op, "visit.record", args), "invalid_argument", ratings[i]);
	}
	/* a done visit still needs them */
	h_expect_error(h_callf(op, "visit.record", "{\"no\":\"%s\",\"outcome\":\"done\"}", no),
	    "invalid_argument", "attitude");
	h_expect_error(unreachable(op, cno), "invalid_argument", "outcome");
	h_expect_error(unreachable(op, fresh), "conflict", "no");
	h_expect_error(unreachable(op, "B9901019999"), "not_found", "no");
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM tickets WHERE visit_attempts > 0"),
	    0);
	conn_close(disp);
	conn_close(op);
}
END_TEST

Suite *
followup_suite(void)
{
	Suite *s = suite_create("followup");
	TCase *tc = tcase_create("followup");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, H_TEST_TIMEOUT);
	tcase_add_test(tc, test_note);
	tcase_add_test(tc, test_note_refusals);
	tcase_add_test(tc, test_handover);
	tcase_add_test(tc, test_handover_refusals);
	tcase_add_test(tc, test_unreachable_attempts);
	tcase_add_test(tc, test_unreachable_calendar);
	tcase_add_test(tc, test_callback_queues);
	tcase_add_test(tc, test_unreachable_refusals);
	suite_add_tcase(s, tc);
	return s;
}
