/*
 * test_report_daily.c: report.daily and report.repeats on a known data set
 * written straight into the database (tickets, dispatch and arrival events,
 * repair cards, repeats around 2026-03-10): each figure counted by hand, per
 * technician and per service point, the totals, the day's edges, who has a
 * row, roles and bad arguments.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/integration/harness.h"
#include "tests/integration/suites.h"

static struct h_env E;

/*
 * Points 东区 (technician, tech2) and 西区 (tech3); tech6 inactive without a
 * point; tech5 inactive with nothing. The day is 2026-03-10 (+08).
 * B..01 (technician) and B..02 (tech3) are earlier repairs; B..03 (today)
 * repeats 01, B..04 (today) repeats 02, B..05 (yesterday's last second)
 * repeats 01, Y..10 (today, an installation) names 01 but is no repair.
 * Calls: 06, 07, 03 dispatched to technician, 06 twice (once counted); 03
 * reassigned to tech2; 08 to tech2 yesterday; 09 to tech6.
 * Completed today: 06 (45 min) and 07 (30 min) held by technician, 08 (no
 * card) by tech2 at 23:59:59; 09 by tech2 at tomorrow's 00:00.
 * Arrivals: technician 06 on time, 07 late; tech2 03 on time; tech3 04 at
 * 00:00:00 on time; tech3 at tomorrow's 00:00 (outside).
 */
static const char data_set[] =
	"INSERT INTO service_points (id, name, region) VALUES (1, '东区', 'urban'),"
	" (2, '西区', 'urban');"
	"UPDATE users SET service_point_id = 1 WHERE login IN ('technician', 'tech2');"
	"UPDATE users SET service_point_id = 2 WHERE login = 'tech3';"
	"UPDATE users SET active = false WHERE login IN ('tech5', 'tech6');"
	"INSERT INTO customers (name, phones) VALUES ('甲', '{13800000001}');"
	"INSERT INTO tickets (no, type, channel, state, service_class, customer_id, region,"
	" fault, taken_by, owner, technician, created_at, completed_at, repeat_of, repair)"
	" SELECT v.no, v.type, 'phone', 'completed', 'C', (SELECT id FROM customers), 'urban',"
	"  'x', 'operator', 'operator', v.tech, v.created::timestamptz, v.done::timestamptz,"
	"  v.rep, v.card::jsonb FROM (VALUES"
	"  ('B01', 'B', 'technician', '2026-03-01 10:00+08', '2026-03-02 10:00+08', NULL, NULL),"
	"  ('B02', 'B', 'tech3', '2026-03-02 10:00+08', '2026-03-03 10:00+08', NULL, NULL),"
	"  ('B03', 'B', 'tech2', '2026-03-10 09:00+08', NULL, 'B01', NULL),"
	"  ('B04', 'B', 'tech3', '2026-03-10 10:00+08', NULL, 'B02', NULL),"
	"  ('B05', 'B', NULL, '2026-03-09 23:59:59+08', NULL, 'B01', NULL),"
	"  ('B06', 'B', 'technician', '2026-03-09 10:00+08', '2026-03-10 15:00+08', NULL,"
	"   '{\"labour_minutes\": 45}'),"
	"  ('B07', 'B', 'technician', '2026-03-09 11:00+08', '2026-03-10 16:00+08', NULL,"
	"   '{\"labour_minutes\": 30}'),"
	"  ('Y08', 'Y', 'tech2', '2026-03-09 12:00+08', '2026-03-10 23:59:59+08', NULL, NULL),"
	"  ('B09', 'B', 'tech2', '2026-03-09 13:00+08', '2026-03-11 00:00+08', NULL,"
	"   '{\"labour_minutes\": 60}'),"
	"  ('Y10', 'Y', NULL, '2026-03-10 11:00+08', NULL, 'B01', NULL)"
	" ) v(no, type, tech, created, done, rep, card);"
	"INSERT INTO ticket_events (ticket_no, at, actor, kind, details)"
	" SELECT v.no, v.at::timestamptz, v.actor, v.kind, v.details::jsonb FROM (VALUES"
	"  ('B06', '2026-03-10 08:00+08', 'dispatcher', 'dispatch', '{\"technician\": \"technician\"}'),"
	"  ('B06', '2026-03-10 08:10+08', 'dispatcher', 'dispatch', '{\"technician\": \"technician\"}'),"
	"  ('B07', '2026-03-10 08:30+08', 'dispatcher', 'dispatch', '{\"technician\": \"technician\"}'),"
	"  ('B03', '2026-03-10 09:30+08', 'dispatcher', 'dispatch', '{\"technician\": \"technician\"}'),"
	"  ('B03', '2026-03-10 11:00+08', 'dispatcher', 'reassign', '{\"technician\": \"tech2\"}'),"
	"  ('Y08', '2026-03-09 23:00+08', 'dispatcher', 'dispatch', '{\"technician\": \"tech2\"}'),"
	"  ('B09', '2026-03-10 12:00+08', 'dispatcher', 'dispatch', '{\"technician\": \"tech6\"}'),"
	"  ('B06', '2026-03-10 09:00+08', 'technician', 'arrive', '{\"on_time\": true}'),"
	"  ('B07', '2026-03-10 10:00+08', 'technician', 'arrive', '{\"on_time\": false}'),"
	"  ('B03', '2026-03-10 13:00+08', 'tech2', 'arrive', '{\"on_time\": true}'),"
	"  ('B04', '2026-03-10 00:00+08', 'tech3', 'arrive', '{\"on_time\": true}'),"
	"  ('B02', '2026-03-11 00:00+08', 'tech3', 'arrive', '{\"on_time\": true}')"
	" ) v(no, at, actor, kind, details);";

static void
setup(void)
{
	h_env_start(&E, NULL);
	h_add_technician(E.db, "tech2", "urban");
	h_add_technician(E.db, "tech3", "urban");
	h_add_technician(E.db, "tech5", NULL);
	h_add_technician(E.db, "tech6", NULL);
	h_sql(E.db, data_set);
}

static void
teardown(void)
{
	h_env_stop(&E);
}

/* calls, completed, arrivals, on_time, work_minutes, repeats. */
struct figures { long long n[6]; };
static const char *const figure_names[] = {
	"calls", "completed", "arrivals", "on_time", "work_minutes", "repeats",
};

static void
expect_figures(const cJSON *obj, struct figures want)
{
	for (int i = 0; i < 6; i++)
		ck_assert_msg(h_int_member(obj, figure_names[i]) == want.n[i],
		    "%s: want %lld in %s", figure_names[i], want.n[i], h_show(obj));
}

static const cJSON *
row(const cJSON *result, int i)
{
	const cJSON *r = cJSON_GetArrayItem(h_member(result, "rows"), i);

	ck_assert_msg(r != NULL, "no row %d in %s", i, h_show(result));
	return r;
}

static cJSON *
daily(struct conn *c, const char *day, const char *by)
{
	return h_expect_ok(h_callf(c, "report.daily", "{\"day\":\"%s\",\"by\":\"%s\"}", day, by));
}

START_TEST(test_by_technician)
{
	struct conn *d = h_connect_as(E.d, "dispatcher");
	cJSON *r = daily(d, "2026-03-10", "technician");
	const cJSON *res = reply_result(r);

	ck_assert_str_eq(h_str(res, "day"), "2026-03-10");
	ck_assert_int_eq(cJSON_GetArraySize(h_member(res, "rows")), 4);  /* not tech5 */
	ck_assert_str_eq(h_str(row(res, 0), "key"), "tech2");
	expect_figures(row(res, 0), (struct figures){ { 1, 1, 1, 1, 0, 0 } });
	ck_assert_str_eq(h_str(row(res, 1), "key"), "tech3");
	expect_figures(row(res, 1), (struct figures){ { 0, 0, 1, 1, 0, 1 } });
	ck_assert_str_eq(h_str(row(res, 2), "key"), "tech6");
	expect_figures(row(res, 2), (struct figures){ { 1, 0, 0, 0, 0, 0 } });
	ck_assert_str_eq(h_str(row(res, 3), "key"), "technician");
	ck_assert_str_eq(h_str(row(res, 3), "name"),
	    h_sql_text(E.db, "SELECT name FROM users WHERE login = 'technician'"));
	expect_figures(row(res, 3), (struct figures){ { 3, 2, 2, 1, 75, 1 } });
	expect_figures(h_member(res, "totals"), (struct figures){ { 5, 3, 4, 3, 75, 2 } });
	cJSON_Delete(r);
	/* The day before: Y08's call to tech2 and B05 repeating technician's B01. */
	r = daily(d, "2026-03-09", "technician");
	res = reply_result(r);
	expect_figures(h_member(res, "totals"), (struct figures){ { 1, 0, 0, 0, 0, 1 } });
	ck_assert_int_eq(cJSON_GetArraySize(h_member(res, "rows")), 3);  /* active ones */
	cJSON_Delete(r);
	conn_close(d);
}
END_TEST

START_TEST(test_by_service_point)
{
	struct conn *m = h_connect_as(E.d, "manager");
	cJSON *r = daily(m, "2026-03-10", "service_point");
	const cJSON *res = reply_result(r);

	ck_assert_int_eq(cJSON_GetArraySize(h_member(res, "rows")), 3);
	ck_assert_int_eq(h_int_member(row(res, 0), "key"), 1);
	ck_assert_str_eq(h_str(row(res, 0), "name"), "东区");
	expect_figures(row(res, 0), (struct figures){ { 4, 3, 3, 2, 75, 1 } });
	ck_assert_int_eq(h_int_member(row(res, 1), "key"), 2);
	expect_figures(row(res, 1), (struct figures){ { 0, 0, 1, 1, 0, 1 } });
	ck_assert(h_is_null(row(res, 2), "key"));      /* tech6 has no point */
	expect_figures(row(res, 2), (struct figures){ { 1, 0, 0, 0, 0, 0 } });
	expect_figures(h_member(res, "totals"), (struct figures){ { 5, 3, 4, 3, 75, 2 } });
	cJSON_Delete(r);
	/* A day with nothing: every point with its technicians, all zero. */
	r = daily(m, "2025-01-01", "service_point");
	res = reply_result(r);
	ck_assert_int_eq(cJSON_GetArraySize(h_member(res, "rows")), 2);
	expect_figures(h_member(res, "totals"), (struct figures){ { 0, 0, 0, 0, 0, 0 } });
	cJSON_Delete(r);
	conn_close(m);
}
END_TEST

START_TEST(test_repeats_period)
{
	struct conn *q = h_connect_as(E.d, "quality");
	cJSON *r = h_expect_ok(h_call(q, "report.repeats",
	    "{\"from\":\"2026-03-01\",\"to\":\"2026-03-10\"}"));
	const cJSON *res = reply_result(r);

	ck_assert_int_eq(cJSON_GetArraySize(h_member(res, "rows")), 2);
	ck_assert_str_eq(h_str(row(res, 0), "key"), "technician");   /* B03, B05 */
	ck_assert_int_eq(h_int_member(row(res, 0), "repeats"), 2);
	ck_assert_str_eq(h_str(row(res, 1), "key"), "tech3");        /* B04 */
	ck_assert_int_eq(h_int_member(row(res, 1), "repeats"), 1);
	ck_assert_str_eq(h_str(row(res, 1), "name"), "技术员 tech3");
	ck_assert_int_eq(h_int_member(res, "total"), 3);
	cJSON_Delete(r);
	r = h_expect_ok(h_call(q, "report.repeats", "{\"from\":\"2026-03-10\",\"to\":\"2026-03-10\"}"));
	res = reply_result(r);
	ck_assert_str_eq(h_str(row(res, 0), "key"), "tech3");        /* ties by login */
	ck_assert_str_eq(h_str(row(res, 1), "key"), "technician");
	ck_assert_int_eq(h_int_member(res, "total"), 2);
	cJSON_Delete(r);
	conn_close(q);
}
END_TEST

START_TEST(test_roles_and_arguments)
{
	struct conn *q = h_connect_as(E.d, "quality");
	static const char *const may_not[] = { "operator", "technician", "admin" };

	for (size_t i = 0; i < sizeof may_not / sizeof may_not[0]; i++) {
		struct conn *c = h_connect_as(E.d, may_not[i]);
		h_expect_error(h_call(c, "report.daily", "{\"day\":\"2026-03-10\","
		    "\"by\":\"technician\"}"), "forbidden", NULL);
		h_expect_error(h_call(c, "report.repeats", "{\"from\":\"2026-03-01\","
		    "\"to\":\"2026-03-31\"}"), "forbidden", NULL);
		conn_close(c);
	}
	static const struct { const char *op, *args, *field; } bad[] = {
		{ "report.daily", "{\"by\":\"technician\"}", "day" },
		{ "report.daily", "{\"day\":\"2026-02-30\",\"by\":\"technician\"}", "day" },
		{ "report.daily", "{\"day\":10,\"by\":\"technician\"}", "day" },
		{ "report.daily", "{\"day\":\"2026-03-10\"}", "by" },
		{ "report.daily", "{\"day\":\"2026-03-10\",\"by\":\"region\"}", "by" },
		{ "report.repeats", "{\"to\":\"2026-03-31\"}", "from" },
		{ "report.repeats", "{\"from\":\"2026-03-01\"}", "to" },
		{ "report.repeats", "{\"from\":\"2026-03-01\",\"to\":\"31.03.2026\"}", "to" },
		{ "report.repeats", "{\"from\":\"2026-03-02\",\"to\":\"2026-03-01\"}", "to" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		h_expect_error(h_call(q, bad[i].op, bad[i].args), "invalid_argument", bad[i].field);
	conn_close(q);
}
END_TEST

Suite *
report_daily_suite(void)
{
	Suite *s = suite_create("report_daily");
	TCase *tc = tcase_create("report_daily");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, H_TEST_TIMEOUT);
	tcase_add_test(tc, test_by_technician);
	tcase_add_test(tc, test_by_service_point);
	tcase_add_test(tc, test_repeats_period);
	tcase_add_test(tc, test_roles_and_arguments);
	suite_add_tcase(s, tc);
	return s;
}
