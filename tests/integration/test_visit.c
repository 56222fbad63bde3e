/*
 * test_visit.c: return visits: the to_visit queue (completed tickets only,
 * by the visit's due day, the next working day after completion; a
 * technician's own only; paged by its cursor), visit.record closing a
 * ticket completed through the ops, an unsatisfied visit (score 79; score
 * 95 with one item at 4) opening a service-quality complaint named in the
 * answer and linked to the ticket, a satisfied one (80, items <= 3)
 * opening none, the threshold as the setting unsatisfied_score (kept with
 * each visit), and the refusals: wrong state, wrong role, every bad
 * argument named.
 */
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tests/integration/harness.h"
#include "tests/integration/suites.h"

H_ENV_FIXTURE(E)

/* A repair call taken to completed through the ops (dispatch, arrive,
 * complete); its number into no. */
static void
completed_ticket(struct conn *op, char *no, size_t size)
{
	struct conn *disp = h_connect_as(E.d, "dispatcher");
	struct conn *tech = h_connect_as(E.d, "technician");

	cJSON_Delete(h_new_ticket(op, "B", "urban", no, size));
	cJSON_Delete(h_expect_ok(h_callf(disp, "ticket.dispatch",
	    "{\"no\":\"%s\",\"technician\":\"technician\"}", no)));
	cJSON_Delete(h_expect_ok(h_callf(tech, "ticket.arrive", "{\"no\":\"%s\"}", no)));
	cJSON_Delete(h_expect_ok(h_callf(tech, "ticket.complete",
	    "{\"no\":\"%s\",\"signed_by\":\"张三\"}", no)));
	conn_close(tech);
	conn_close(disp);
}

/* Moves a ticket to completed at a given centre time, with a technician. */
static void
completed_at(const char *no, const char *at, const char *technician)
{
	h_sqlf(E.db, "SET TimeZone = 'Asia/Shanghai'; UPDATE tickets SET state = 'completed', "
	    "technician = '%s', completed_at = '%s' WHERE no = '%s'", technician, at, no);
}

/* visit.record args with these items and score. */
static cJSON *
visit(struct conn *op, const char *no, int attitude, int skill, int punctuality,
    int promise, int score)
{
	return h_callf(op, "visit.record", "{\"no\":\"%s\",\"attitude\":%d,\"skill\":%d,"
	    "\"punctuality\":%d,\"promise\":%d,\"score\":%d,\"comment\":\"师傅很好\"}", no,
	    attitude, skill, punctuality, promise, score);
}

/* The queue's numbers in order, walking pages of `limit`, comma-separated. */
static void
queue_numbers(struct conn *c, int limit, char *out, size_t size)
{
	char after[128] = "";
	const cJSON *t;

	out[0] = '\0';
	for (int pages = 0; pages < 20; pages++) {
		cJSON *r = h_expect_ok(after[0] ? h_callf(c, "ticket.list",
		    "{\"queue\":\"to_visit\",\"limit\":%d,\"after\":\"%s\"}", limit, after) :
		    h_callf(c, "ticket.list", "{\"queue\":\"to_visit\",\"limit\":%d}", limit));
		cJSON_ArrayForEach(t, h_member(reply_result(r), "tickets")) {
			size_t n = strlen(out);
			snprintf(out + n, size - n, "%s%s", n ? "," : "", h_str(t, "no"));
		}
		snprintf(after, sizeof after, "%s", h_str(reply_result(r), "next"));
		cJSON_Delete(r);
		if (after[0] == '\0')
			return;
	}
	ck_abort_msg("to_visit never ended");
}

START_TEST(test_to_visit_queue)
{
	struct conn *op = h_connect_as(E.d, "operator");
	struct conn *tech = h_connect_as(E.d, "technician");
	char mon[32], fri[32], sat[32], open[32], closed[32], done[32], want[256], got[256];

	h_add_technician(E.db, "li.na", NULL);
	cJSON_Delete(h_new_ticket(op, "B", "urban", mon, sizeof mon));
	cJSON_Delete(h_new_ticket(op, "B", "urban", fri, sizeof fri));
	cJSON_Delete(h_new_ticket(op, "B", "urban", sat, sizeof sat));
	cJSON_Delete(h_new_ticket(op, "B", "urban", open, sizeof open));
	cJSON_Delete(h_new_ticket(op, "B", "urban", closed, sizeof closed));
	/* Tuesday 2026-10-20 is a holiday: Monday's visit is due on Wednesday. */
	h_sql(E.db, "INSERT INTO calendar_days (day, working, name) "
	    "VALUES ('2026-10-20', false, 'test holiday')");
	completed_at(mon, "2026-10-19 10:00", "li.na");          /* due Wed 21st */
	completed_at(fri, "2026-10-16 16:00", "technician");     /* due Mon 19th */
	completed_at(sat, "2026-10-17 09:00", "li.na");          /* due Mon 19th */
	completed_at(closed, "2026-10-15 09:00", "li.na");
	h_sqlf(E.db, "UPDATE tickets SET state = 'closed' WHERE no = '%s'", closed);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM tickets WHERE no = '%s' AND "
	    "visit_due = '2026-10-21 00:00+08'", mon), 1);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM tickets WHERE no IN ('%s', '%s')"
	    " AND visit_due = '2026-10-19 00:00+08'", fri, sat), 2);
	/* Completed through the op today: due after the others. */
	completed_ticket(op, done, sizeof done);
	snprintf(want, sizeof want, "%s,%s,%s,%s", fri, sat, mon, done);
	queue_numbers(op, 50, got, sizeof got);
	ck_assert_str_eq(got, want);
	queue_numbers(op, 1, got, sizeof got);   /* page by page, the same */
	ck_assert_str_eq(got, want);
	/* A technician sees only their own. */
	snprintf(want, sizeof want, "%s,%s", fri, done);
	queue_numbers(tech, 50, got, sizeof got);
	ck_assert_str_eq(got, want);
	conn_close(tech);
	conn_close(op);
}
END_TEST

START_TEST(test_satisfied_visit_closes)
{
	struct conn *op = h_connect_as(E.d, "operator");
	char no[32], got[256];
	const cJSON *t, *ev, *last = NULL;
	cJSON *r;

	completed_ticket(op, no, sizeof no);
	r = h_expect_ok(visit(op, no, 3, 3, 3, 3, 80));
	t = reply_result(r);
	ck_assert_str_eq(h_str(t, "state"), "closed");
	ck_assert_str_eq(h_str(t, "no"), no);
	ck_assert_msg(h_member(t, "complaint") == NULL, "no complaint: %s", h_show(t));
	cJSON_Delete(r);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM complaints"), 0);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM visits WHERE ticket_no = '%s' "
	    "AND satisfied AND score = 80 AND complaint_no IS NULL AND by_user = 'operator'",
	    no), 1);
	/* The visit is in the ticket's history, and it left the queue. */
	r = h_expect_ok(h_callf(op, "ticket.get", "{\"no\":\"%s\"}", no));
	cJSON_ArrayForEach(ev, h_member(reply_result(r), "events"))
		last = ev;
	ck_assert_str_eq(h_str(last, "kind"), "visit");
	ck_assert_str_eq(h_str(last, "to"), "closed");
	ck_assert_int_eq(h_int_member(h_member(last, "details"), "score"), 80);
	cJSON_Delete(r);
	queue_numbers(op, 50, got, sizeof got);
	ck_assert_str_eq(got, "");
	conn_close(op);
}
END_TEST

/* An unsatisfied visit: the complaint in the answer, and what it holds. */
static void
expect_complaint(struct conn *op, int skill, int score)
{
	struct conn *q = h_connect_as(E.d, "quality");
	char no[32], cno[32], today[16], pattern[64];
	const cJSON *t, *c;
	cJSON *r, *g;
	regex_t re;

	completed_ticket(op, no, sizeof no);
	r = h_expect_ok(visit(op, no, 1, skill, 2, 1, score));
	t = reply_result(r);
	ck_assert_str_eq(h_str(t, "state"), "closed");
	snprintf(cno, sizeof cno, "%s", h_str(t, "complaint"));
	/* YYMMDD of today (the centre's) and at least 3 digits of count. */
	h_centre_date(time(NULL), 0, today, sizeof today);
	snprintf(pattern, sizeof pattern, "^%.2s%.2s%.2s[0-9]{3,}$", today + 2, today + 5,
	    today + 8);
	ck_assert_int_eq(regcomp(&re, pattern, REG_EXTENDED | REG_NOSUB), 0);
	ck_assert_msg(regexec(&re, cno, 0, NULL, 0) == 0, "complaint number %s", cno);
	regfree(&re);
	g = h_expect_ok(h_callf(q, "complaint.get", "{\"no\":\"%s\"}", cno));
	c = reply_result(g);
	ck_assert_str_eq(h_str(c, "no"), cno);
	ck_assert_str_eq(h_str(c, "state"), "received");
	ck_assert_str_eq(h_str(c, "ticket_no"), no);
	ck_assert_str_eq(h_str(c, "category"), "service");
	ck_assert_str_eq(h_str(c, "origin"), "visit");
	ck_assert_str_eq(h_str(c, "taken_by"), "operator");
	ck_assert_int_eq(h_int_member(h_member(c, "customer"), "id"),
	    h_int_member(h_member(t, "customer"), "id"));
	ck_assert_ptr_nonnull(strstr(h_str(c, "text"), "师傅很好"));
	ck_assert_str_eq(h_str(cJSON_GetArrayItem(h_member(c, "events"), 0), "kind"), "register");
	cJSON_Delete(g);
	cJSON_Delete(r);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM visits WHERE ticket_no = '%s' "
	    "AND NOT satisfied AND complaint_no = '%s'", no, cno), 1);
	conn_close(q);
}

START_TEST(test_low_score_opens_complaint)
{
	struct conn *op = h_connect_as(E.d, "operator");

	expect_complaint(op, 2, 79);
	conn_close(op);
}
END_TEST

/* The threshold is the setting unsatisfied_score when the visit is recorded,
 * and stays with the visit: 85 makes 84 unsatisfied and 85 satisfied; a
 * visit recorded before keeps the 80 it was judged by. */
START_TEST(test_unsatisfied_score_setting)
{
	struct conn *op = h_connect_as(E.d, "operator");
	struct conn *admin = h_connect_as(E.d, "admin");
	char before[32], low[32], high[32];
	cJSON *r;

	completed_ticket(op, before, sizeof before);
	cJSON_Delete(h_expect_ok(visit(op, before, 1, 1, 1, 1, 82)));
	cJSON_Delete(h_expect_ok(h_call(admin, "policy.set",
	    "{\"settings\":{\"unsatisfied_score\":85}}")));
	completed_ticket(op, low, sizeof low);
	r = h_expect_ok(visit(op, low, 1, 1, 1, 1, 84));
	ck_assert_msg(h_str(reply_result(r), "complaint")[0], "84 < 85 opens a complaint: %s",
	    h_show(reply_result(r)));
	cJSON_Delete(r);
	completed_ticket(op, high, sizeof high);
	r = h_expect_ok(visit(op, high, 1, 1, 1, 1, 85));
	ck_assert(h_member(reply_result(r), "complaint") == NULL);
	cJSON_Delete(r);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM complaints"), 1);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM visits WHERE ticket_no = '%s' "
	    "AND satisfied AND unsatisfied_score = 80", before), 1);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM visits WHERE ticket_no = '%s' "
	    "AND NOT satisfied AND unsatisfied_score = 85 AND complaint_no IS NOT NULL", low), 1);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM visits WHERE ticket_no = '%s' "
	    "AND satisfied AND unsatisfied_score = 85", high), 1);
	conn_close(op);
	conn_close(admin);
}
END_TEST

START_TEST(test_item_at_four_opens_complaint)
{
	struct conn *op = h_connect_as(E.d, "operator");
	struct conn *sub = h_connect_as(E.d, "quality");
	cJSON *p;

	h_subscribe(sub, "[\"complaints\"]");
	expect_complaint(op, 4, 95);
	p = conn_wait_push(sub, "complaint.changed", H_WAIT_MS);
	ck_assert_msg(p != NULL, "no complaint.changed push");
	ck_assert_str_eq(h_str(h_member(p, "data"), "state"), "received");
	cJSON_Delete(p);
	conn_close(sub);
	conn_close(op);
}
END_TEST

START_TEST(test_visit_refusals)
{
	struct conn *op = h_connect_as(E.d, "operator");
	static const char *const roles[] = { "dispatcher", "technician", "quality",
	    "manager", "admin" };
	char no[32], fresh[32];

	completed_ticket(op, no, sizeof no);
	cJSON_Delete(h_new_ticket(op, "B", "urban", fresh, sizeof fresh));
	for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++) {
		struct conn *c = h_connect_as(E.d, roles[i]);
		h_expect_error(visit(c, no, 1, 1, 1, 1, 100), "forbidden", NULL);
		conn_close(c);
	}
	h_expect_error(visit(op, fresh, 1, 1, 1, 1, 100), "conflict", "no");
	h_expect_error(visit(op, "B9901019999", 1, 1, 1, 1, 100), "not_found", "no");
	static const struct { const char *args, *field; } bad[] = {
		{ "{\"attitude\":1,\"skill\":1,\"punctuality\":1,\"promise\":1,\"score\":90}", "no" },
		{ "{\"no\":\"@\",\"skill\":1,\"punctuality\":1,\"promise\":1,\"score\":90}", "attitude" },
		{ "{\"no\":\"@\",\"attitude\":0,\"skill\":1,\"punctuality\":1,\"promise\":1,\"score\":90}", "attitude" },
		{ "{\"no\":\"@\",\"attitude\":1,\"skill\":5,\"punctuality\":1,\"promise\":1,\"score\":90}", "skill" },
		{ "{\"no\":\"@\",\"attitude\":1,\"skill\":1,\"punctuality\":\"1\",\"promise\":1,\"score\":90}", "punctuality" },
		{ "{\"no\":\"@\",\"attitude\":1,\"skill\":1,\"punctuality\":1,\"promise\":1.5,\"score\":90}", "promise" },
		{ "{\"no\":\"@\",\"attitude\":1,\"skill\":1,\"punctuality\":1,\"score\":90}", "promise" },
		{ "{\"no\":\"@\",\"attitude\":1,\"skill\":1,\"punctuality\":1,\"promise\":1,\"score\":101}", "score" },
		{ "{\"no\":\"@\",\"attitude\":1,\"skill\":1,\"punctuality\":1,\"promise\":1,\"score\":-1}", "score" },
		{ "{\"no\":\"@\",\"attitude\":1,\"skill\":1,\"punctuality\":1,\"promise\":1}", "score" },
		{ "{\"no\":\"@\",\"attitude\":1,\"skill\":1,\"punctuality\":1,\"promise\":1,\"score\":90,\"comment\":7}", "comment" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char args[512], *at;
		snprintf(args, sizeof args, "%s", bad[i].args);
		if ((at = strchr(args, '@')) != NULL) {   /* the completed ticket's number */
			char rest[512];
			snprintf(rest, sizeof rest, "%s", at + 1);
			snprintf(at, sizeof args - (size_t)(at - args), "%s%s", no, rest);
		}
		h_expect_error(h_call(op, "visit.record", args), "invalid_argument", bad[i].field);
	}
	/* Nothing refused changed anything: the ticket is still waiting. */
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM tickets WHERE no = '%s' AND "
	    "state = 'completed'", no), 1);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM visits"), 0);
	/* Once closed, a second visit is a conflict. */
	cJSON_Delete(h_expect_ok(visit(op, no, 1, 1, 1, 1, 100)));
	h_expect_error(visit(op, no, 1, 1, 1, 1, 100), "conflict", "no");
	conn_close(op);
}
END_TEST

Suite *
visit_suite(void)
{
	Suite *s = suite_create("visit");
	TCase *tc = tcase_create("visit");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, H_TEST_TIMEOUT);
	tcase_add_test(tc, test_to_visit_queue);
	tcase_add_test(tc, test_satisfied_visit_closes);
	tcase_add_test(tc, test_low_score_opens_complaint);
	tcase_add_test(tc, test_unsatisfied_score_setting);
	tcase_add_test(tc, test_item_at_four_opens_complaint);
	tcase_add_test(tc, test_visit_refusals);
	suite_add_tcase(s, tc);
	return s;
}
