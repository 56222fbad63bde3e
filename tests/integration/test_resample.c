/*
 * test_resample.c: head office's return-visit resample (doc/domain.md,
 * Return visits, The resample). The draw: its share on 4,000 visits within
 * tolerance of visit_resample_percent, none at 0 and all at 100, exactly
 * once per ticket (a second visit row draws nothing and changes nothing),
 * made in visit.record's own transaction. The queue (resample.list) never
 * offers an operator the tickets of their own first visits; the second
 * call (resample.record) is refused to that operator, taken once, and
 * judged against the first visit (disagreement counted by hand on a known
 * set). report.resample counted by hand, its period's edges, refusals and
 * roles.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/integration/harness.h"
#include "tests/integration/suites.h"

H_ENV_FIXTURE(E)

static void
set_percent(int percent)
{
	h_sqlf(E.db, "UPDATE settings SET value = '%d' WHERE key = 'visit_resample_percent'",
	    percent);
}

/* A second operator, and one customer every ticket of these tests is for. */
static void
add_people(void)
{
	h_sql(E.db, "INSERT INTO users (login, name, role, password_hash, department, region)"
	    " SELECT v.login, v.name, 'operator', password_hash, department, region"
	    " FROM users, (VALUES ('operator2', '话务员二'), ('operator3', '话务员三'))"
	    " v(login, name) WHERE users.login = 'operator';"
	    "INSERT INTO customers (name, phones) VALUES ('抽查客户', '{13800000009}')");
}

/* Closed repair tickets prefix0001 .. prefixN, not yet visited. */
static void
add_tickets(const char *prefix, int n)
{
	h_sqlf(E.db, "INSERT INTO tickets (no, type, channel, state, service_class, customer_id,"
	    " region, fault, taken_by, owner, technician) SELECT '%s' || lpad(g::text, 4, '0'),"
	    " 'B', 'phone', 'closed', 'C', (SELECT max(id) FROM customers), 'urban', '不制冷',"
	    " 'operator', 'operator', 'technician' FROM generate_series(1, %d) g", prefix, n);
}

/* One visit row per ticket of prefix by user, all satisfied. */
static void
visit_all(const char *prefix, const char *user)
{
	h_sqlf(E.db, "INSERT INTO visits (ticket_no, by_user, attitude, skill, punctuality,"
	    " promise, score) SELECT no, '%s', 1, 1, 1, 1, 95 FROM tickets"
	    " WHERE no LIKE '%s%%' ORDER BY no", user, prefix);
}

static long long
drawn(const char *prefix)
{
	return h_sql_int(E.db, "SELECT count(*) FROM resamples WHERE ticket_no LIKE '%s%%'",
	    prefix);
}

START_TEST(test_draw_share)
{
	add_people();
	add_tickets("S", 4000);
	visit_all("S", "operator");
	/* 15% of 4,000 is 600, one standard deviation about 23: 4.4 of them either way. */
	long long n = drawn("S");
	ck_assert_msg(n >= 500 && n <= 700, "drew %lld of 4000 at 15%%", n);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM resamples r JOIN visits v"
	    " ON v.id = r.visit_id WHERE v.ticket_no = r.ticket_no AND r.first_by = 'operator'"
	    " AND r.percent = 15 AND r.draw < 0.15 AND r.visited_at = v.at"
	    " AND r.called_at IS NULL"), n);
	/* Drawn on the same ticket: the draw is a function of the number. */
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM resamples"
	    " WHERE draw <> resample_draw(ticket_no)"), 0);

	/* Exactly once: a second visit row of every ticket, now at 100%, draws nothing. */
	set_percent(100);
	const char *before = h_sql_text(E.db, "SELECT md5(string_agg(ticket_no || visit_id,"
	    " ',' ORDER BY ticket_no)) FROM resamples");
	char kept[64];
	snprintf(kept, sizeof kept, "%s", before);
	visit_all("S", "operator2");
	ck_assert_int_eq(drawn("S"), n);
	ck_assert_str_eq(h_sql_text(E.db, "SELECT md5(string_agg(ticket_no || visit_id,"
	    " ',' ORDER BY ticket_no)) FROM resamples"), kept);

	/* All at 100, none at 0. */
	add_tickets("A", 300);
	visit_all("A", "operator");
	ck_assert_int_eq(drawn("A"), 300);
	set_percent(0);
	add_tickets("Z", 300);
	visit_all("Z", "operator");
	ck_assert_int_eq(drawn("Z"), 0);
}
END_TEST

/* A ticket taken to completed, then visited by op through visit.record. */
static void
visited_ticket(struct conn *op, const char *no)
{
	h_insert_ticket(E.db, no, "completed", "urban", "technician");
	h_donef(op, "visit.record", "{\"no\":\"%s\",\"attitude\":2,\"skill\":2,"
	    "\"punctuality\":2,\"promise\":2,\"score\":90}", no);
}

static const char *
second_call(int attitude, int skill, int punctuality, int promise, int score)
{
	static char args[256];

	snprintf(args, sizeof args, "\"attitude\":%d,\"skill\":%d,\"punctuality\":%d,"
	    "\"promise\":%d,\"score\":%d", attitude, skill, punctuality, promise, score);
	return args;
}

START_TEST(test_queue_and_second_call)
{
	add_people();
	struct conn *op = h_connect_as(E.d, "operator");
	struct conn *op2 = h_connect_as(E.d, "operator2");

	/* A visit refused (the ticket is not completed) draws nothing: the draw is
	 * the visit's own transaction. */
	set_percent(100);
	h_insert_ticket(E.db, "B260301003", "dispatched", "urban", "technician");
	h_expect_error(h_callf(op, "visit.record", "{\"no\":\"B260301003\",%s}",
	    second_call(2, 2, 2, 2, 90)), "conflict", "no");
	ck_assert_int_eq(drawn("B260301003"), 0);
	set_percent(0);
	visited_ticket(op, "B260301001");
	set_percent(100);
	visited_ticket(op, "B260301002");
	ck_assert_int_eq(drawn("B260301001"), 0);
	ck_assert_str_eq(h_sql_text(E.db, "SELECT first_by || ' ' || (visit_id = (SELECT id"
	    " FROM visits WHERE ticket_no = 'B260301002')) FROM resamples"), "operator true");

	/* Never offered to the operator of the first visit. */
	cJSON *r = h_okf(op, "resample.list", "{}");
	ck_assert_int_eq(cJSON_GetArraySize(h_member(reply_result(r), "resamples")), 0);
	ck_assert_int_eq(h_int_member(reply_result(r), "total"), 0);
	cJSON_Delete(r);
	r = h_okf(op2, "resample.list", "{}");
	const cJSON *first = cJSON_GetArrayItem(h_member(reply_result(r), "resamples"), 0);
	ck_assert_str_eq(h_str(first, "ticket_no"), "B260301002");
	ck_assert_str_eq(h_str(first, "first_by"), "operator");
	ck_assert_str_eq(h_str(first, "fault"), "不制冷");
	ck_assert_ptr_null(h_member(first, "attitude"));   /* made blind */
	ck_assert_int_eq(h_int_member(reply_result(r), "total"), 1);
	cJSON_Delete(r);

	h_expect_error(h_callf(op, "resample.record", "{\"no\":\"B260301002\",%s}",
	    second_call(2, 2, 2, 2, 90)), "forbidden", "no");
	h_expect_error(h_callf(op2, "resample.record", "{\"no\":\"B260301001\",%s}",
	    second_call(2, 2, 2, 2, 90)), "not_found", "no");
	r = h_okf(op2, "resample.record", "{\"no\":\"B260301002\",%s,\"comment\":\"还好\"}",
	    second_call(1, 2, 3, 2, 85));
	ck_assert_str_eq(h_str(reply_result(r), "called_by"), "operator2");
	ck_assert(cJSON_IsFalse(h_member(reply_result(r), "disagreed")));   /* one level */
	ck_assert(cJSON_IsTrue(h_member(reply_result(r), "satisfied")));
	cJSON_Delete(r);
	ck_assert_str_eq(h_sql_text(E.db, "SELECT concat_ws(' ', called_by, attitude, skill,"
	    " punctuality, promise, score, comment, satisfied, disagreed) FROM resamples"),
	    "operator2 1 2 3 2 85 还好 t f");
	/* Once. */
	h_expect_error(h_callf(op2, "resample.record", "{\"no\":\"B260301002\",%s}",
	    second_call(2, 2, 2, 2, 90)), "conflict", "no");
	r = h_okf(op2, "resample.list", "{}");
	ck_assert_int_eq(h_int_member(reply_result(r), "total"), 0);
	cJSON_Delete(r);
	conn_close(op2);
	conn_close(op);
}
END_TEST

/*
 * First visits in March 2026 (operator: A, B, C, F; operator2: D, E, H;
 * operator3: I), Q on 2026-02-28 23:59:59 and R on 2026-04-01 00:00 outside,
 * both called. Second calls:
 *   A 2222/90 -> 1111/95: agree (one level, both satisfied)
 *   B 1111/95 -> 3111/90: disagree (attitude two levels apart)
 *   C 2222/90 -> 2222/70: disagree (unsatisfied now: score under 80)
 *   D 3333/85 -> 4333/85: disagree (an item at 4: unsatisfied now)
 *   E 2222/82 -> 2222/82 after unsatisfied_score became 85: agree (judged
 *     by the 80 the first visit had)
 *   F, H, I: not called.
 * sampled 8 (A B C D E F H I), called 5, disagreed 3 (B C D); operator
 * checked 3 disagreed 2, operator2 checked 2 disagreed 1; operator3 none.
 */
static const char known_visits[] =
	"INSERT INTO visits (ticket_no, by_user, at, attitude, skill, punctuality, promise, score)"
	" SELECT v.no, v.by, v.at::timestamptz, v.a, v.s, v.p, v.pr, v.score FROM (VALUES"
	"  ('K0001', 'operator', '2026-03-01 00:00+08', 2, 2, 2, 2, 90),"
	"  ('K0002', 'operator', '2026-03-05 10:00+08', 1, 1, 1, 1, 95),"
	"  ('K0003', 'operator', '2026-03-10 10:00+08', 2, 2, 2, 2, 90),"
	"  ('K0004', 'operator2', '2026-03-12 10:00+08', 3, 3, 3, 3, 85),"
	"  ('K0005', 'operator2', '2026-03-20 10:00+08', 2, 2, 2, 2, 82),"
	"  ('K0006', 'operator', '2026-03-31 23:59:59+08', 1, 1, 1, 1, 95),"
	"  ('K0007', 'operator2', '2026-03-15 10:00+08', 1, 1, 1, 1, 95),"
	"  ('K0008', 'operator3', '2026-03-16 10:00+08', 1, 1, 1, 1, 95),"
	"  ('K0009', 'operator', '2026-02-28 23:59:59+08', 2, 2, 2, 2, 90),"
	"  ('K0010', 'operator', '2026-04-01 00:00+08', 2, 2, 2, 2, 90)"
	" ) v(no, by, at, a, s, p, pr, score)";

static void
call_as(struct conn *c, const char *no, const char *answers)
{
	h_donef(c, "resample.record", "{\"no\":\"%s\",%s}", no, answers);
}

static cJSON *
report(struct conn *c, const char *from, const char *to)
{
	return h_okf(c, "report.resample", "{\"from\":\"%s\",\"to\":\"%s\"}", from, to);
}

static void
expect_counts(const cJSON *res, long long sampled, long long called, long long disagreed)
{
	ck_assert_int_eq(h_int_member(res, "sampled"), sampled);
	ck_assert_int_eq(h_int_member(res, "called"), called);
	ck_assert_int_eq(h_int_member(res, "disagreed"), disagreed);
}

static void
expect_operator(const cJSON *res, int i, const char *login, long long checked,
    long long disagreed)
{
	const cJSON *o = cJSON_GetArrayItem(h_member(res, "by_operator"), i);

	ck_assert_msg(o != NULL, "no operator %d in %s", i, h_show(res));
	ck_assert_str_eq(h_str(o, "login"), login);
	ck_assert_int_eq(h_int_member(o, "checked"), checked);
	ck_assert_int_eq(h_int_member(o, "disagreed"), disagreed);
}

START_TEST(test_disagreement_and_report)
{
	add_people();
	add_tickets("K", 10);
	set_percent(100);
	h_sql(E.db, known_visits);
	struct conn *op = h_connect_as(E.d, "operator");
	struct conn *op2 = h_connect_as(E.d, "operator2");
	struct conn *q = h_connect_as(E.d, "quality");

	call_as(op2, "K0001", second_call(1, 1, 1, 1, 95));
	call_as(op2, "K0002", second_call(3, 1, 1, 1, 90));
	call_as(op2, "K0003", second_call(2, 2, 2, 2, 70));
	call_as(op, "K0004", second_call(4, 3, 3, 3, 85));
	h_sql(E.db, "UPDATE settings SET value = '85' WHERE key = 'unsatisfied_score'");
	call_as(op, "K0005", second_call(2, 2, 2, 2, 82));
	call_as(op2, "K0009", second_call(4, 4, 4, 4, 10));
	call_as(op2, "K0010", second_call(4, 4, 4, 4, 10));
	ck_assert_str_eq(h_sql_text(E.db, "SELECT string_agg(ticket_no, ' ' ORDER BY ticket_no)"
	    " FROM resamples WHERE disagreed"), "K0002 K0003 K0004 K0009 K0010");

	cJSON *r = report(q, "2026-03-01", "2026-03-31");
	const cJSON *res = reply_result(r);
	expect_counts(res, 8, 5, 3);
	ck_assert_int_eq(cJSON_GetArraySize(h_member(res, "by_operator")), 2);
	expect_operator(res, 0, "operator", 3, 2);
	expect_operator(res, 1, "operator2", 2, 1);
	ck_assert_str_eq(h_str(cJSON_GetArrayItem(h_member(res, "by_operator"), 1), "name"),
	    "话务员二");
	cJSON_Delete(r);
	/* The edges: the last second of February and the first of April. */
	r = report(q, "2026-02-28", "2026-02-28");
	expect_counts(reply_result(r), 1, 1, 1);
	expect_operator(reply_result(r), 0, "operator", 1, 1);
	cJSON_Delete(r);
	r = report(q, "2026-04-01", "2026-04-30");
	expect_counts(reply_result(r), 1, 1, 1);
	cJSON_Delete(r);
	/* Nothing: zeros and no operator. */
	r = report(q, "2025-01-01", "2025-01-31");
	expect_counts(reply_result(r), 0, 0, 0);
	ck_assert_int_eq(cJSON_GetArraySize(h_member(reply_result(r), "by_operator")), 0);
	cJSON_Delete(r);
	conn_close(q);
	conn_close(op2);
	conn_close(op);
}
END_TEST

START_TEST(test_refusals_and_roles)
{
	struct conn *op = h_connect_as(E.d, "operator");
	struct conn *q = h_connect_as(E.d, "quality");
	static const char *const not_operators[] = { "quality", "manager", "technician",
		"dispatcher", "admin" };
	static const char *const not_report[] = { "operator", "technician", "dispatcher",
		"admin" };

	for (size_t i = 0; i < sizeof not_operators / sizeof not_operators[0]; i++) {
		struct conn *c = h_connect_as(E.d, not_operators[i]);
		h_expect_error(h_call(c, "resample.list", "{}"), "forbidden", NULL);
		h_expect_error(h_callf(c, "resample.record", "{\"no\":\"B1\",%s}",
		    second_call(1, 1, 1, 1, 90)), "forbidden", NULL);
		conn_close(c);
	}
	for (size_t i = 0; i < sizeof not_report / sizeof not_report[0]; i++) {
		struct conn *c = h_connect_as(E.d, not_report[i]);
		h_expect_error(h_call(c, "report.resample", "{\"from\":\"2026-03-01\","
		    "\"to\":\"2026-03-31\"}"), "forbidden", NULL);
		conn_close(c);
	}
	struct conn *m = h_connect_as(E.d, "manager");
	cJSON_Delete(report(m, "2026-03-01", "2026-03-31"));
	conn_close(m);

	static const struct { const char *op, *args, *field; } bad[] = {
		{ "resample.list", "{\"limit\":0}", "limit" },
		{ "resample.list", "{\"limit\":501}", "limit" },
		{ "resample.record", "{\"attitude\":1,\"skill\":1,\"punctuality\":1,\"promise\":1,"
		  "\"score\":90}", "no" },
		{ "resample.record", "{\"no\":\"B1\",\"skill\":1,\"punctuality\":1,\"promise\":1,"
		  "\"score\":90}", "attitude" },
		{ "resample.record", "{\"no\":\"B1\",\"attitude\":1,\"skill\":5,\"punctuality\":1,"
		  "\"promise\":1,\"score\":90}", "skill" },
		{ "resample.record", "{\"no\":\"B1\",\"attitude\":1,\"skill\":1,\"punctuality\":0,"
		  "\"promise\":1,\"score\":90}", "punctuality" },
		{ "resample.record", "{\"no\":\"B1\",\"attitude\":1,\"skill\":1,\"punctuality\":1,"
		  "\"promise\":\"1\",\"score\":90}", "promise" },
		{ "resample.record", "{\"no\":\"B1\",\"attitude\":1,\"skill\":1,\"punctuality\":1,"
		  "\"promise\":1,\"score\":101}", "score" },
		{ "resample.record", "{\"no\":\"B1\",\"attitude\":1,\"skill\":1,\"punctuality\":1,"
		  "\"promise\":1,\"score\":90,\"comment\":7}", "comment" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		h_expect_error(h_call(op, bad[i].op, bad[i].args), "invalid_argument",
		    bad[i].field);
	static const struct { const char *args, *field; } bad_period[] = {
		{ "{\"to\":\"2026-03-31\"}", "from" },
		{ "{\"from\":\"2026-03-01\"}", "to" },
		{ "{\"from\":\"2026-02-30\",\"to\":\"2026-03-31\"}", "from" },
		{ "{\"from\":\"2026-03-02\",\"to\":\"2026-03-01\"}", "to" },
	};
	for (size_t i = 0; i < sizeof bad_period / sizeof bad_period[0]; i++)
		h_expect_error(h_call(q, "report.resample", bad_period[i].args),
		    "invalid_argument", bad_period[i].field);
	/* A ticket never drawn, or no such ticket. */
	h_expect_error(h_callf(op, "resample.record", "{\"no\":\"B404\",%s}",
	    second_call(1, 1, 1, 1, 90)), "not_found", "no");
	conn_close(q);
	conn_close(op);
}
END_TEST

Suite *
resample_suite(void)
{
	Suite *s = suite_create("resample");
	TCase *tc = tcase_create("resample");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, H_TEST_TIMEOUT);
	tcase_add_test(tc, test_draw_share);
	tcase_add_test(tc, test_queue_and_second_call);
	tcase_add_test(tc, test_disagreement_and_report);
	tcase_add_test(tc, test_refusals_and_roles);
	suite_add_tcase(s, tc);
	return s;
}
