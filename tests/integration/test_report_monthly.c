/*
 * test_report_monthly.c: report.monthly on a known June 2026 written
 * straight into the database (tickets with cards, parts, arrivals, visits,
 * a take-back; complaints with stages, shares and penalties; records just
 * outside the month), every figure of the pack computed by hand; an empty
 * month, February's last day, roles and bad arguments.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/integration/harness.h"
#include "tests/integration/suites.h"

static struct h_env E;

/*
 * Customer 丁 (urban), units U1, U2 (KFR-35) and U3 (XQB-70), parts P-CAP
 * (15 yuan) and P-FAN (80 yuan). Tickets registered in June:
 *   J1 repair, class C, 06-01 00:00 (the month's first second), arrived in
 *      time, completed after 10 hours, cause compressor, 60 labour minutes,
 *      2 P-CAP, taken to the workshop, visit 95 all items 1 (satisfied);
 *   J2 repair, class A, 06-10 08:00, arrived late, completed after 30 hours,
 *      compressor, 90 minutes, 1 P-CAP and 1 P-FAN, visit 70 with items
 *      2 3 1 2 (unsatisfied), which opened complaint 260611001;
 *   J3 repair, class C, 06-20, a repeat of J1, cause wiring, open;
 *   J4 installation, class B, 06-30 23:59:59 (the last second), completed,
 *      closed unreachable, 1 P-FAN;
 *   J5 consultation, 06-15, no unit.
 * Outside: J0 (05-31 23:59:59, 5 P-CAP, compressor) and J6 (07-01 00:00).
 * Complaints registered in June:
 *   260602001 product, serious, major; first stage in time; closed after 2
 *      days; production 100 %;
 *   260605001 service, minor; first stage late; technician 60 % with a
 *      40,000 fen warning, the service line 40 %;
 *   260611001 service, from J2's visit, not classified;
 *   260625001 not classified, second round of 260602001.
 * Outside: 260531001 (05-31 23:59:59) with a share.
 */
static const char june[] =
	"INSERT INTO customers (name, phones, region) VALUES ('丁', '{13800000004}', 'urban');"
	"INSERT INTO service_points (name) VALUES ('六月网点');"
	"INSERT INTO parts (part_no, name, price) VALUES ('P-CAP', '电容', 1500),"
	" ('P-FAN', '风扇', 8000);"
	"INSERT INTO units (customer_id, model, serial, purchase_date)"
	" SELECT c.id, m, s, '2025-01-01' FROM customers c, (VALUES ('KFR-35', 'U1'),"
	"  ('KFR-35', 'U2'), ('XQB-70', 'U3')) v(m, s) WHERE c.name = '丁';"
	"INSERT INTO tickets (no, type, channel, state, service_class, customer_id, unit_id,"
	" region, fault, taken_by, owner, created_at, completed_at, repair, visit_outcome)"
	" SELECT no, type, 'phone', state, class, c.id, (SELECT id FROM units WHERE serial = u),"
	"  'urban', '不制冷', 'operator', 'operator', made::timestamptz, done::timestamptz,"
	"  card::jsonb, outcome"
	" FROM customers c, (VALUES"
	"  ('J0', 'B', 'closed', 'C', 'U1', '2026-05-31 23:59:59+08', '2026-06-01 10:00+08',"
	"   '{\"cause_code\":\"compressor\",\"labour_minutes\":30}', 'done'),"
	"  ('J1', 'B', 'closed', 'C', 'U1', '2026-06-01 00:00+08', '2026-06-01 10:00+08',"
	"   '{\"cause_code\":\"compressor\",\"labour_minutes\":60}', 'done'),"
	"  ('J2', 'B', 'closed', 'A', 'U2', '2026-06-10 08:00+08', '2026-06-11 14:00+08',"
	"   '{\"cause_code\":\"compressor\",\"labour_minutes\":90}', 'done'),"
	"  ('J3', 'B', 'dispatched', 'C', 'U1', '2026-06-20 09:00+08', NULL,"
	"   '{\"cause_code\":\"wiring\"}', NULL),"
	"  ('J4', 'Y', 'closed', 'B', 'U3', '2026-06-30 23:59:59+08', '2026-07-01 12:00+08',"
	"   NULL, 'unreachable'),"
	"  ('J5', 'Z', 'closed', 'C', NULL, '2026-06-15 09:00+08', NULL, NULL, NULL),"
	"  ('J6', 'B', 'new', 'C', 'U2', '2026-07-01 00:00+08', NULL,"
	"   '{\"cause_code\":\"wiring\"}', NULL)"
	" ) v(no, type, state, class, u, made, done, card, outcome) WHERE c.name = '丁';"
	"UPDATE tickets SET repeat_of = 'J1' WHERE no = 'J3';"
	"INSERT INTO ticket_parts (ticket_no, part_no, service_point_id, qty, price, technician)"
	" SELECT t, p, (SELECT id FROM service_points WHERE name = '六月网点'), q, pr, 'technician'"
	" FROM (VALUES ('J0', 'P-CAP', 5, 1500), ('J1', 'P-CAP', 2, 1500), ('J2', 'P-CAP', 1, 1500),"
	"  ('J2', 'P-FAN', 1, 8000), ('J4', 'P-FAN', 1, 8000)) v(t, p, q, pr);"
	"INSERT INTO shop_ledger (receipt_no, ticket_no, technician, in_at, out_at, void)"
	" VALUES ('R1', 'J1', 'technician', '2026-06-01 02:00+08', '2026-06-01 09:00+08', true);"
	"INSERT INTO ticket_events (ticket_no, at, actor, kind, details) VALUES"
	" ('J1', '2026-06-01 01:00+08', 'technician', 'arrive', '{\"on_time\": true}'),"
	" ('J2', '2026-06-10 20:00+08', 'technician', 'arrive', '{\"on_time\": false}'),"
	" ('J0', '2026-06-01 01:00+08', 'technician', 'arrive', '{\"on_time\": false}');"
	"INSERT INTO complaints (no, channel, origin, customer_id, ticket_no, text, taken_by,"
	" category, severity, major, round, created_at)"
	" SELECT no, 'phone', origin, c.id, tk, 'x', 'operator', cat, sev, major, round,"
	"  made::timestamptz FROM customers c, (VALUES"
	"  ('260531001', 'call', NULL, 'service', 'minor', false, 1, '2026-05-31 23:59:59+08'),"
	"  ('260602001', 'call', NULL, 'product', 'serious', true, 1, '2026-06-02 10:00+08'),"
	"  ('260605001', 'call', NULL, 'service', 'minor', false, 1, '2026-06-05 10:00+08'),"
	"  ('260611001', 'visit', 'J2', 'service', NULL, false, 1, '2026-06-11 16:00+08'),"
	"  ('260625001', 'call', NULL, NULL, NULL, false, 2, '2026-06-25 10:00+08')"
	" ) v(no, origin, tk, cat, sev, major, round, made) WHERE c.name = '丁';"
	"UPDATE complaints SET previous_no = '260602001' WHERE no = '260625001';"
	"UPDATE complaints SET department = category_department(category);"
	"INSERT INTO complaint_stages (complaint_no, seq, department, budget_days, started_at,"
	" due, finished_at)"
	" SELECT no, 1, department, 2, created_at, created_at + interval '2 days',"
	"  created_at + CASE WHEN no = '260602001' THEN interval '1 day' ELSE interval '3 days' END"
	" FROM complaints WHERE no IN ('260602001', '260605001');"
	"UPDATE complaints SET state = 'closed' WHERE no = '260602001';"
	"INSERT INTO complaint_events (complaint_no, at, actor, kind, from_state, to_state)"
	" VALUES ('260602001', '2026-06-04 10:00+08', 'quality', 'close', 'follow_up', 'closed');"
	"INSERT INTO complaint_shares (complaint_no, seq, department, login, percent,"
	" penalty_kind, penalty_fen) VALUES"
	" ('260531001', 1, 'service', NULL, 100, NULL, NULL),"
	" ('260602001', 1, 'production', NULL, 100, NULL, NULL),"
	" ('260605001', 1, NULL, 'technician', 60, 'warning', 40000),"
	" ('260605001', 2, 'service', NULL, 40, NULL, NULL);"
	"INSERT INTO visits (ticket_no, by_user, attitude, skill, punctuality, promise, score,"
	" complaint_no) VALUES ('J1', 'operator', 1, 1, 1, 1, 95, NULL),"
	" ('J2', 'operator', 2, 3, 1, 2, 70, '260611001'), ('J0', 'operator', 4, 4, 4, 4, 10, NULL);";

static void
setup(void)
{
	h_env_start(&E, NULL);
	h_sql(E.db, june);
}

static void
teardown(void)
{
	h_env_stop(&E);
}

static cJSON *
monthly(struct conn *c, const char *month)
{
	return h_expect_ok(h_callf(c, "report.monthly", "{\"month\":\"%s\"}", month));
}

static double
num(const cJSON *obj, const char *name)
{
	const cJSON *v = h_member(obj, name);

	ck_assert_msg(cJSON_IsNumber(v), "%s is not a number in %s", name, h_show(obj));
	return cJSON_GetNumberValue(v);
}

#define EXPECT_NUM(obj, name, want) \
	ck_assert_msg(fabs(num(obj, name) - (want)) < 1e-9, "%s: %s", name, h_show(obj))

/* An item's answers by level 1..4. */
static void
expect_levels(const cJSON *items, const char *item, int l1, int l2, int l3, int l4)
{
	const cJSON *a = h_member(items, item);
	int want[4] = { l1, l2, l3, l4 };

	ck_assert_msg(cJSON_GetArraySize(a) == 4, "%s: %s", item, h_show(items));
	for (int i = 0; i < 4; i++)
		ck_assert_msg(cJSON_GetArrayItem(a, i)->valuedouble == want[i], "%s: %s", item,
		    h_show(items));
}

/* A Pareto row: key, count, cumulative percent. */
static void
expect_pareto(const cJSON *pareto, const char *by, int i, const char *key, int count,
    double cumulative)
{
	const cJSON *row = cJSON_GetArrayItem(h_member(h_member(pareto, by), "rows"), i);

	ck_assert_msg(row != NULL, "%s row %d: %s", by, i, h_show(pareto));
	ck_assert_str_eq(h_str(row, "key"), key);
	EXPECT_NUM(row, "count", count);
	EXPECT_NUM(row, "cumulative_percent", cumulative);
}

START_TEST(test_repairs_parts_satisfaction)
{
	struct conn *q = h_connect_as(E.d, "quality");
	const cJSON *res, *o, *p;
	cJSON *r;

	r = monthly(q, "2026-06");
	res = reply_result(r);
	ck_assert_str_eq(h_str(res, "month"), "2026-06");
	ck_assert_str_eq(h_str(res, "from"), "2026-06-01");
	ck_assert_str_eq(h_str(res, "to"), "2026-06-30");
	/* J1-J3; J1 and J3 class C, J2 class A; J1, J2 completed (60 + 90 minutes),
	 * J1 in the workshop, J3 a repeat. */
	o = h_member(res, "repairs");
	EXPECT_NUM(o, "registered", 3);
	EXPECT_NUM(h_member(o, "by_class"), "A", 1);
	EXPECT_NUM(h_member(o, "by_class"), "B", 0);
	EXPECT_NUM(h_member(o, "by_class"), "C", 2);
	EXPECT_NUM(h_member(o, "by_class"), "D", 0);
	EXPECT_NUM(o, "completed", 2);
	EXPECT_NUM(o, "workshop", 1);
	EXPECT_NUM(o, "repeats", 1);
	EXPECT_NUM(o, "labour_minutes", 150);
	/* P-CAP 2 on J1 and 1 on J2 (J0's five are May's); P-FAN on J2 and J4. */
	o = h_member(res, "parts");
	ck_assert_int_eq(cJSON_GetArraySize(o), 2);
	p = cJSON_GetArrayItem(o, 0);
	ck_assert_str_eq(h_str(p, "part_no"), "P-CAP");
	ck_assert_str_eq(h_str(p, "name"), "电容");
	EXPECT_NUM(p, "quantity", 3);
	EXPECT_NUM(p, "tickets", 2);
	EXPECT_NUM(p, "value_fen", 4500);
	p = cJSON_GetArrayItem(o, 1);
	ck_assert_str_eq(h_str(p, "part_no"), "P-FAN");
	EXPECT_NUM(p, "quantity", 2);
	EXPECT_NUM(p, "tickets", 2);
	EXPECT_NUM(p, "value_fen", 16000);
	/* J1 (95, satisfied) and J2 (70): J0's visit is May's; J4 unreachable. */
	o = h_member(res, "satisfaction");
	EXPECT_NUM(o, "visited", 2);
	EXPECT_NUM(o, "satisfied", 1);
	EXPECT_NUM(o, "satisfaction_rate", 0.5);
	EXPECT_NUM(o, "mean_score", 82.5);
	expect_levels(h_member(o, "items"), "attitude", 1, 1, 0, 0);
	expect_levels(h_member(o, "items"), "skill", 1, 0, 1, 0);
	expect_levels(h_member(o, "items"), "punctuality", 2, 0, 0, 0);
	expect_levels(h_member(o, "items"), "promise", 1, 1, 0, 0);
	EXPECT_NUM(o, "complaints_opened", 1);
	EXPECT_NUM(o, "unreachable", 1);
	cJSON_Delete(r);
	conn_close(q);
}
END_TEST

START_TEST(test_complaints_responsibility_pareto_kpi)
{
	struct conn *m = h_connect_as(E.d, "manager");
	const cJSON *res, *o, *row;
	cJSON *r;

	r = monthly(m, "2026-06");
	res = reply_result(r);
	o = h_member(res, "complaints");
	EXPECT_NUM(o, "registered", 4);
	EXPECT_NUM(o, "serious", 1);
	EXPECT_NUM(o, "minor", 1);
	EXPECT_NUM(o, "unclassified", 2);   /* 260611001 and 260625001 */
	EXPECT_NUM(o, "major", 1);
	EXPECT_NUM(o, "from_visits", 1);
	EXPECT_NUM(o, "later_rounds", 1);
	EXPECT_NUM(o, "attributed", 2);
	EXPECT_NUM(o, "replied_in_time", 1);
	EXPECT_NUM(o, "closed", 1);
	EXPECT_NUM(o, "overdue", 1);        /* 260605001's late stage */
	/* 2 attributed complaints: production 100 of 200 points, the technician
	 * 60, the service line 40 (May's share left out). */
	o = h_member(res, "responsibility");
	ck_assert_int_eq(cJSON_GetArraySize(o), 3);
	static const struct { const char *kind, *key; double share, percent, penalty; } want[] = {
		{ "department", "production", 1, 50, 0 },
		{ "user", "technician", 0.6, 30, 40000 },
		{ "department", "service", 0.4, 20, 0 },
	};
	for (int i = 0; i < 3; i++) {
		row = cJSON_GetArrayItem(o, i);
		ck_assert_str_eq(h_str(row, "kind"), want[i].kind);
		ck_assert_str_eq(h_str(row, "key"), want[i].key);
		EXPECT_NUM(row, "complaints", 1);
		EXPECT_NUM(row, "share", want[i].share);
		EXPECT_NUM(row, "percent", want[i].percent);
		EXPECT_NUM(row, "penalty_fen", want[i].penalty);
	}
	ck_assert_str_eq(h_str(cJSON_GetArrayItem(o, 0), "name_zh"), "生产部");
	/* Categories of 260602001-260611001 (260625001 not classified); causes of
	 * J1-J3; models of J1-J4. */
	o = h_member(res, "pareto");
	expect_pareto(o, "category", 0, "service", 2, 66.7);
	expect_pareto(o, "category", 1, "product", 1, 100);
	EXPECT_NUM(h_member(o, "category"), "total", 3);
	expect_pareto(o, "cause", 0, "compressor", 2, 66.7);
	expect_pareto(o, "cause", 1, "wiring", 1, 100);
	expect_pareto(o, "model", 0, "KFR-35", 3, 75);
	expect_pareto(o, "model", 1, "XQB-70", 1, 100);
	ck_assert_int_eq(cJSON_GetArraySize(h_member(h_member(o, "model"), "rows")), 2);
	/* The KPIs of June: J1 in time, J2 late; J1 10 h and J2 30 h; 1 repeat in
	 * 3 repairs; 2 visited of 3 completed (J4 unreachable); 1 satisfied of 2;
	 * 4 complaints over 4 repairs and installations; 1 of 4 replied in time. */
	o = h_member(res, "kpi");
	EXPECT_NUM(h_member(o, "arrival_on_time_rate"), "value", 0.5);
	EXPECT_NUM(h_member(o, "mean_repair_hours"), "value", 20);
	ck_assert(cJSON_IsTrue(h_member(h_member(o, "mean_repair_hours"), "met")));
	EXPECT_NUM(h_member(o, "repeat_rate"), "value", 0.3333);
	EXPECT_NUM(h_member(o, "visit_rate"), "value", 0.6667);
	EXPECT_NUM(h_member(o, "satisfaction_rate"), "value", 0.5);
	EXPECT_NUM(h_member(o, "complaint_rate"), "value", 1);
	EXPECT_NUM(h_member(o, "timely_reply_rate"), "value", 0.25);
	ck_assert(cJSON_IsFalse(h_member(h_member(o, "timely_reply_rate"), "met")));
	EXPECT_NUM(h_member(o, "tickets"), "registered", 5);
	EXPECT_NUM(h_member(o, "complaints"), "owned", 4);
	ck_assert(!cJSON_HasObjectItem(res, "resample"));
	cJSON_Delete(r);
	conn_close(m);
}
END_TEST

START_TEST(test_empty_month_and_arguments)
{
	struct conn *q = h_connect_as(E.d, "quality");
	static const char *const may_not[] = { "operator", "dispatcher", "technician", "admin" };
	const cJSON *res;
	cJSON *r;

	/* A month with nothing in it: zeros, empty lists, null rates. */
	r = monthly(q, "2028-02");
	res = reply_result(r);
	ck_assert_str_eq(h_str(res, "to"), "2028-02-29");
	EXPECT_NUM(h_member(res, "repairs"), "registered", 0);
	EXPECT_NUM(h_member(res, "repairs"), "labour_minutes", 0);
	ck_assert_int_eq(cJSON_GetArraySize(h_member(res, "parts")), 0);
	ck_assert_int_eq(cJSON_GetArraySize(h_member(res, "responsibility")), 0);
	EXPECT_NUM(h_member(res, "satisfaction"), "visited", 0);
	ck_assert(h_is_null(h_member(res, "satisfaction"), "satisfaction_rate"));
	ck_assert(h_is_null(h_member(res, "satisfaction"), "mean_score"));
	expect_levels(h_member(h_member(res, "satisfaction"), "items"), "skill", 0, 0, 0, 0);
	EXPECT_NUM(h_member(res, "complaints"), "registered", 0);
	EXPECT_NUM(h_member(res, "complaints"), "closed", 0);
	EXPECT_NUM(h_member(h_member(res, "pareto"), "cause"), "total", 0);
	ck_assert(h_is_null(h_member(h_member(res, "kpi"), "visit_rate"), "value"));
	cJSON_Delete(r);
	for (size_t i = 0; i < sizeof may_not / sizeof may_not[0]; i++) {
		struct conn *c = h_connect_as(E.d, may_not[i]);
		h_expect_error(h_call(c, "report.monthly", "{\"month\":\"2026-06\"}"), "forbidden",
		    NULL);
		conn_close(c);
	}
	static const char *const bad[] = { "{}", "{\"month\":null}", "{\"month\":202606}",
		"{\"month\":\"2026-13\"}", "{\"month\":\"June\"}", "{\"month\":\"2026-06-01\"}" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		h_expect_error(h_call(q, "report.monthly", bad[i]), "invalid_argument", "month");
	conn_close(q);
}
END_TEST

Suite *
report_monthly_suite(void)
{
	Suite *s = suite_create("report_monthly");
	TCase *tc = tcase_create("report_monthly");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, H_TEST_TIMEOUT);
	tcase_add_test(tc, test_repairs_parts_satisfaction);
	tcase_add_test(tc, test_complaints_responsibility_pareto_kpi);
	tcase_add_test(tc, test_empty_month_and_arguments);
	suite_add_tcase(s, tc);
	return s;
}
