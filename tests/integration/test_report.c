/*
 * test_report.c: report.pareto and report.kpi on a known data set written
 * straight into the database (complaints, stages, closing events, tickets,
 * units, repair cards, visits in March 2026, and records just outside it):
 * exact counts, cumulative percentages, rates and their nulls, the region
 * filter, the period's edges, roles and bad arguments.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/integration/harness.h"
#include "tests/integration/suites.h"

static struct h_env E;

/*
 * Complaints 260302001..011 in March (10 and 11 of a county customer):
 * 1-5 product, 6-8 service, 9 packaging (the period's last second), 10
 * other (its first), 11 not classified. First stages: 1-4 finished in time,
 * 5 and 6 late; 7 flagged overdue. Closed: 1 after 2 days, 2 after 4, 8
 * after 3. Outside: one the second before March, one the second after.
 * Tickets B2603050001..08 (repairs) and 09, 10 (installations) urban, 11 a
 * county repair: 1-6 completed (1 after 23 hours ... 6 after 18), visits on
 * 1-5 scored 95 90 85 70 80 (5 with promise kept at 4, so unsatisfied),
 * arrivals on 1-4 (4 late) and 11, 3 and 4 repeats, cause codes compressor
 * (1-3) and wiring (4), 5 a card without a code (left out of the causes),
 * units KFR-35 (1-4) and BCD-200 (5, 6). Outside: a repair of April 1st,
 * 00:00.
 */
static const char data_set[] =
	"INSERT INTO customers (name, phones, region) VALUES ('甲', '{13800000001}', 'urban'),"
	" ('乙', '{13800000002}', 'county');"
	"INSERT INTO complaints (no, channel, customer_id, text, taken_by, category, created_at,"
	" overdue)"
	" SELECT '2603020' || lpad(i::text, 2, '0'), 'phone', (SELECT id FROM customers"
	"  WHERE name = CASE WHEN i >= 10 THEN '乙' ELSE '甲' END), 'x', 'operator',"
	"  CASE WHEN i <= 5 THEN 'product' WHEN i <= 8 THEN 'service' WHEN i = 9 THEN 'packaging'"
	"   WHEN i = 10 THEN 'other' END,"
	"  timestamptz '2026-03-02 10:00+08' + i * interval '1 hour', i = 7"
	" FROM generate_series(1, 11) i;"
	"UPDATE complaints SET created_at = '2026-03-31 23:59:59+08' WHERE no = '260302009';"
	"UPDATE complaints SET created_at = '2026-03-01 00:00:00+08' WHERE no = '260302010';"
	"INSERT INTO complaints (no, channel, customer_id, text, taken_by, category, created_at)"
	" SELECT no, 'phone', (SELECT id FROM customers WHERE name = '甲'), 'x', 'operator',"
	"  'service', at FROM (VALUES ('260228001', timestamptz '2026-02-28 23:59:59+08'),"
	"  ('260401001', timestamptz '2026-04-01 00:00:00+08')) v(no, at);"
	"UPDATE complaints SET department = category_department(category);"
	"INSERT INTO complaint_stages (complaint_no, seq, department, budget_days, started_at,"
	" due, finished_at)"
	" SELECT no, 1, department, 2, created_at, created_at + interval '2 days',"
	"  created_at + CASE WHEN no <= '260302004' THEN interval '1 day' ELSE interval '3 days' END"
	" FROM complaints WHERE no BETWEEN '260302001' AND '260302006';"
	"UPDATE complaints SET state = 'closed' WHERE no IN ('260302001', '260302002', '260302008');"
	"INSERT INTO complaint_events (complaint_no, at, actor, kind, from_state, to_state)"
	" SELECT no, created_at + CASE no WHEN '260302001' THEN interval '2 days'"
	"  WHEN '260302002' THEN interval '4 days' ELSE interval '3 days' END, 'quality', 'close',"
	"  'follow_up', 'closed' FROM complaints WHERE state = 'closed';"
	"INSERT INTO units (customer_id, model, serial, purchase_date)"
	" SELECT (SELECT id FROM customers WHERE name = '甲'),"
	"  CASE WHEN i <= 4 THEN 'KFR-35' ELSE 'BCD-200' END, 'S' || i, '2025-01-01'"
	" FROM generate_series(1, 6) i;"
	"INSERT INTO tickets (no, type, channel, state, service_class, customer_id, unit_id,"
	" region, fault, taken_by, owner, created_at, completed_at, repair)"
	" SELECT 'B26030500' || lpad(i::text, 2, '0'), CASE WHEN i IN (9, 10) THEN 'Y' ELSE 'B' END,"
	"  'phone', CASE WHEN i <= 6 THEN 'completed' ELSE 'new' END, 'C',"
	"  (SELECT id FROM customers WHERE name = CASE WHEN i = 11 THEN '乙' ELSE '甲' END),"
	"  (SELECT id FROM units WHERE serial = 'S' || i),"
	"  CASE WHEN i = 11 THEN 'county' ELSE 'urban' END, '不制冷', 'operator', 'operator',"
	"  timestamptz '2026-03-05 09:00+08' + i * interval '1 hour',"
	"  CASE WHEN i <= 6 THEN timestamptz '2026-03-06 09:00+08' END,"
	"  CASE WHEN i <= 3 THEN '{\"cause\":\"压缩机\",\"cause_code\":\"compressor\"}'::jsonb"
	"   WHEN i = 4 THEN '{\"cause\":\"线\",\"cause_code\":\"wiring\"}'::jsonb"
	"   WHEN i = 5 THEN '{\"cause\":\"uncoded\"}'::jsonb END"
	" FROM generate_series(1, 11) i;"
	"UPDATE tickets SET repeat_of = 'B2603050001' WHERE no = 'B2603050003';"
	"UPDATE tickets SET repeat_of = 'B2603050002' WHERE no = 'B2603050004';"
	"INSERT INTO tickets (no, type, channel, state, service_class, customer_id, unit_id,"
	" region, fault, taken_by, owner, created_at, repair)"
	" SELECT 'B2604010001', 'B', 'phone', 'new', 'C', customer_id, id, 'urban', '不制冷',"
	"  'operator', 'operator', '2026-04-01 00:00+08', '{\"cause_code\":\"compressor\"}'"
	" FROM units WHERE serial = 'S1';"
	"INSERT INTO visits (ticket_no, by_user, attitude, skill, punctuality, promise, score)"
	" SELECT 'B26030500' || lpad(i::text, 2, '0'), 'operator', 1, 1, 1,"
	"  CASE WHEN i = 5 THEN 4 ELSE 1 END,"
	"  (ARRAY[95, 90, 85, 70, 80])[i] FROM generate_series(1, 5) i;"
	"INSERT INTO ticket_events (ticket_no, at, actor, kind, from_state, to_state, details)"
	" SELECT 'B26030500' || lpad(i::text, 2, '0'), '2026-03-05 20:00+08', 'technician',"
	"  'arrive', 'dispatched', 'on_site', jsonb_build_object('on_time', i <> 4)"
	" FROM generate_series(1, 4) i;"
	"INSERT INTO ticket_events (ticket_no, at, actor, kind, from_state, to_state, details)"
	" VALUES ('B2603050011', '2026-03-05 21:00+08', 'technician', 'arrive', 'dispatched',"
	"  'on_site', '{\"on_time\": true}');";

static void
setup(void)
{
	h_env_start(&E, NULL);
	h_sql(E.db, data_set);
}

static void
teardown(void)
{
	h_env_stop(&E);
}

/* rows[i] is {key, count, cumulative_percent}. */
static void
expect_row(const cJSON *rows, int i, const char *key, int count, double cumulative)
{
	const cJSON *r = cJSON_GetArrayItem(rows, i);

	ck_assert_msg(r != NULL, "no row %d in %s", i, h_show(rows));
	ck_assert_str_eq(h_str(r, "key"), key);
	ck_assert_int_eq(h_int_member(r, "count"), count);
	ck_assert_double_eq_tol(cJSON_GetNumberValue(h_member(r, "cumulative_percent")),
	    cumulative, 1e-9);
}

static cJSON *
pareto(struct conn *c, const char *by)
{
	return h_expect_ok(h_callf(c, "report.pareto", "{\"from\":\"2026-03-01\","
	    "\"to\":\"2026-03-31\",\"by\":\"%s\"}", by));
}

START_TEST(test_pareto)
{
	struct conn *q = h_connect_as(E.d, "quality");
	struct conn *mgr = h_connect_as(E.d, "manager");
	const cJSON *rows;
	cJSON *r;

	r = pareto(q, "category");
	rows = h_member(reply_result(r), "rows");
	ck_assert_int_eq(cJSON_GetArraySize(rows), 4);
	expect_row(rows, 0, "product", 5, 50);
	expect_row(rows, 1, "service", 3, 80);
	expect_row(rows, 2, "other", 1, 90);        /* ties by key */
	expect_row(rows, 3, "packaging", 1, 100);
	ck_assert_int_eq(h_int_member(reply_result(r), "total"), 10);
	cJSON_Delete(r);
	r = pareto(mgr, "department");
	rows = h_member(reply_result(r), "rows");
	ck_assert_int_eq(cJSON_GetArraySize(rows), 4);
	expect_row(rows, 0, "production", 5, 50);
	expect_row(rows, 1, "service", 3, 80);
	expect_row(rows, 2, "cs_manager", 1, 90);
	expect_row(rows, 3, "warehouse", 1, 100);
	cJSON_Delete(r);
	r = pareto(q, "cause");
	rows = h_member(reply_result(r), "rows");
	ck_assert_int_eq(cJSON_GetArraySize(rows), 2);
	expect_row(rows, 0, "compressor", 3, 75);
	expect_row(rows, 1, "wiring", 1, 100);
	ck_assert_str_eq(h_str(cJSON_GetArrayItem(rows, 0), "name_zh"), "压缩机故障");
	ck_assert_str_eq(h_str(cJSON_GetArrayItem(rows, 1), "name"), "Wiring fault");
	cJSON_Delete(r);
	r = pareto(q, "model");
	rows = h_member(reply_result(r), "rows");
	ck_assert_int_eq(cJSON_GetArraySize(rows), 2);
	expect_row(rows, 0, "KFR-35", 4, 66.7);
	expect_row(rows, 1, "BCD-200", 2, 100);
	cJSON_Delete(r);
	/* A period with nothing in it. */
	r = h_expect_ok(h_call(q, "report.pareto", "{\"from\":\"2025-01-01\",\"to\":\"2025-01-31\","
	    "\"by\":\"category\"}"));
	ck_assert_int_eq(cJSON_GetArraySize(h_member(reply_result(r), "rows")), 0);
	ck_assert_int_eq(h_int_member(reply_result(r), "total"), 0);
	cJSON_Delete(r);
	/* One day: only the last second of March. */
	r = h_expect_ok(h_call(q, "report.pareto", "{\"from\":\"2026-03-31\",\"to\":\"2026-03-31\","
	    "\"by\":\"category\"}"));
	rows = h_member(reply_result(r), "rows");
	ck_assert_int_eq(cJSON_GetArraySize(rows), 1);
	expect_row(rows, 0, "packaging", 1, 100);
	cJSON_Delete(r);
	conn_close(mgr);
	conn_close(q);
}
END_TEST

static double
number(const cJSON *obj, const char *name)
{
	const cJSON *v = h_member(obj, name);

	ck_assert_msg(cJSON_IsNumber(v), "%s is not a number in %s", name, h_show(obj));
	return cJSON_GetNumberValue(v);
}

/* kpi[name] is {value, target, better, met}; value < 0 means null (and so
 * met null); met: 1 true, 0 false, -1 null. */
static void
expect_figure(const cJSON *kpi, const char *name, double value, double target,
    const char *better, int met)
{
	const cJSON *f = h_member(kpi, name);

	ck_assert_msg(cJSON_IsObject(f), "no %s in %s", name, h_show(kpi));
	if (value < 0)
		ck_assert_msg(h_is_null(f, "value"), "%s: %s", name, h_show(f));
	else
		ck_assert_msg(fabs(number(f, "value") - value) < 1e-9, "%s: %s", name, h_show(f));
	ck_assert_msg(fabs(number(f, "target") - target) < 1e-9, "%s: %s", name, h_show(f));
	ck_assert_str_eq(h_str(f, "better"), better);
	if (met < 0)
		ck_assert_msg(h_is_null(f, "met"), "%s: %s", name, h_show(f));
	else
		ck_assert_msg(cJSON_IsBool(h_member(f, "met")) &&
		    cJSON_IsTrue(h_member(f, "met")) == (met == 1), "%s: %s", name, h_show(f));
}

START_TEST(test_kpi)
{
	struct conn *q = h_connect_as(E.d, "quality");
	const cJSON *c, *t;
	cJSON *r;

	r = h_expect_ok(h_call(q, "report.kpi", "{\"from\":\"2026-03-01\",\"to\":\"2026-03-31\"}"));
	c = h_member(reply_result(r), "complaints");
	t = h_member(reply_result(r), "tickets");
	ck_assert_int_eq(h_int_member(c, "owned"), 11);
	ck_assert_int_eq(h_int_member(c, "replied_in_time"), 4);
	ck_assert_double_eq_tol(number(c, "timely_reply_rate"), 0.3636, 1e-9);
	ck_assert_int_eq(h_int_member(c, "closed"), 3);
	ck_assert_double_eq_tol(number(c, "closure_rate"), 0.2727, 1e-9);
	ck_assert_double_eq_tol(number(c, "avg_days_to_close"), 3.0, 1e-9);
	ck_assert_int_eq(h_int_member(c, "overdue"), 3);
	ck_assert_int_eq(h_int_member(t, "registered"), 11);
	ck_assert_int_eq(h_int_member(t, "completed"), 6);
	ck_assert_int_eq(h_int_member(t, "visited"), 5);
	ck_assert_double_eq_tol(number(t, "visit_rate"), 0.8333, 1e-9);
	ck_assert_double_eq_tol(number(t, "satisfied_rate"), 0.6, 1e-9);
	ck_assert_double_eq_tol(number(t, "repeat_rate"), 0.2222, 1e-9);
	/* The KPIs: arrivals 1-4 and 11, 4 late: 4/5; repairs 1-6 completed after
	 * 23..18 hours: 20.5; repeats 2 of the 9 repairs; visited 5 of the 6
	 * completed; satisfied 3 of 5 (4 scored 70, 5 has an item at 4); 11
	 * complaints over 11 repairs and installations; 4 of 11 replied in time. */
	expect_figure(reply_result(r), "arrival_on_time_rate", 0.8, 1, "higher", 0);
	expect_figure(reply_result(r), "mean_repair_hours", 20.5, 48, "lower", 1);
	expect_figure(reply_result(r), "repeat_rate", 0.2222, 0, "lower", 0);
	expect_figure(reply_result(r), "visit_rate", 0.8333, 1, "higher", 0);
	expect_figure(reply_result(r), "satisfaction_rate", 0.6, 0.98, "higher", 0);
	expect_figure(reply_result(r), "complaint_rate", 1, 0.08, "lower", 0);
	expect_figure(reply_result(r), "timely_reply_rate", 0.3636, 1, "higher", 0);
	cJSON_Delete(r);
	/* The county: two complaints, nothing replied or closed; one repair ticket. */
	r = h_expect_ok(h_call(q, "report.kpi", "{\"from\":\"2026-03-01\",\"to\":\"2026-03-31\","
	    "\"region\":\"county\"}"));
	c = h_member(reply_result(r), "complaints");
	t = h_member(reply_result(r), "tickets");
	ck_assert_int_eq(h_int_member(c, "owned"), 2);
	ck_assert_double_eq_tol(number(c, "timely_reply_rate"), 0, 1e-9);
	ck_assert_double_eq_tol(number(c, "closure_rate"), 0, 1e-9);
	ck_assert(h_is_null(c, "avg_days_to_close"));
	ck_assert_int_eq(h_int_member(c, "overdue"), 0);
	ck_assert_int_eq(h_int_member(t, "registered"), 1);
	ck_assert_int_eq(h_int_member(t, "completed"), 0);
	ck_assert(h_is_null(t, "visit_rate") && h_is_null(t, "satisfied_rate"));
	ck_assert_double_eq_tol(number(t, "repeat_rate"), 0, 1e-9);
	/* Its one arrival on time; nothing completed or visited; no repeat in its
	 * one repair (a target of 0 is met by 0); 2 complaints over 1 repair. */
	expect_figure(reply_result(r), "arrival_on_time_rate", 1, 1, "higher", 1);
	expect_figure(reply_result(r), "mean_repair_hours", -1, 48, "lower", -1);
	expect_figure(reply_result(r), "repeat_rate", 0, 0, "lower", 1);
	expect_figure(reply_result(r), "visit_rate", -1, 1, "higher", -1);
	expect_figure(reply_result(r), "satisfaction_rate", -1, 0.98, "higher", -1);
	expect_figure(reply_result(r), "complaint_rate", 2, 0.08, "lower", 0);
	expect_figure(reply_result(r), "timely_reply_rate", 0, 1, "higher", 0);
	cJSON_Delete(r);
	/* Nothing at all: counts 0, every rate null. */
	r = h_expect_ok(h_call(q, "report.kpi", "{\"from\":\"2025-01-01\",\"to\":\"2025-01-31\"}"));
	c = h_member(reply_result(r), "complaints");
	t = h_member(reply_result(r), "tickets");
	ck_assert_int_eq(h_int_member(c, "owned"), 0);
	ck_assert(h_is_null(c, "timely_reply_rate") && h_is_null(c, "closure_rate") &&
	    h_is_null(c, "avg_days_to_close"));
	ck_assert_int_eq(h_int_member(t, "registered"), 0);
	ck_assert(h_is_null(t, "visit_rate") && h_is_null(t, "satisfied_rate") &&
	    h_is_null(t, "repeat_rate"));
	expect_figure(reply_result(r), "arrival_on_time_rate", -1, 1, "higher", -1);
	expect_figure(reply_result(r), "mean_repair_hours", -1, 48, "lower", -1);
	expect_figure(reply_result(r), "repeat_rate", -1, 0, "lower", -1);
	expect_figure(reply_result(r), "visit_rate", -1, 1, "higher", -1);
	expect_figure(reply_result(r), "satisfaction_rate", -1, 0.98, "higher", -1);
	expect_figure(reply_result(r), "complaint_rate", -1, 0.08, "lower", -1);
	expect_figure(reply_result(r), "timely_reply_rate", -1, 1, "higher", -1);
	cJSON_Delete(r);
	conn_close(q);
}
END_TEST

/*
 * May 2026, a centre doing well: repair M1 registered 05-04 08:00, arrived
 * in time, completed after 24 hours; repair M2 09:00, in time, after 12
 * hours; both visited and satisfied; an installation M3 not yet done and a
 * consultation M4. No complaint. Then the admin changes two targets.
 */
static const char may_set[] =
	"INSERT INTO customers (name, phones, region) VALUES ('丙', '{13800000003}', 'urban');"
	"INSERT INTO units (customer_id, model, serial, purchase_date)"
	" SELECT id, 'KFR-35', 'M' || i, '2025-01-01' FROM customers, generate_series(1, 3) i"
	" WHERE name = '丙';"
	"INSERT INTO tickets (no, type, channel, state, service_class, customer_id, unit_id,"
	" region, fault, taken_by, owner, created_at, completed_at)"
	" SELECT 'M' || i, (ARRAY['B', 'B', 'Y', 'Z'])[i], 'phone',"
	"  CASE WHEN i <= 2 THEN 'closed' ELSE 'new' END, 'C', c.id,"
	"  (SELECT id FROM units WHERE serial = 'M' || i), 'urban', '不制冷', 'operator',"
	"  'operator', timestamptz '2026-05-04 07:00+08' + i * interval '1 hour',"
	"  timestamptz '2026-05-04 07:00+08' + i * interval '1 hour'"
	"   + (ARRAY[interval '24 hours', interval '12 hours', NULL, NULL])[i]"
	" FROM customers c, generate_series(1, 4) i WHERE c.name = '丙';"
	"INSERT INTO ticket_events (ticket_no, at, actor, kind, details)"
	" SELECT 'M' || i, '2026-05-04 11:00+08', 'technician', 'arrive', '{\"on_time\": true}'"
	" FROM generate_series(1, 2) i;"
	"INSERT INTO visits (ticket_no, by_user, attitude, skill, punctuality, promise, score)"
	" SELECT 'M' || i, 'operator', 1, 2, 1, 1, 95 FROM generate_series(1, 2) i;";

START_TEST(test_kpi_targets)
{
	struct conn *q = h_connect_as(E.d, "manager");
	struct conn *admin = h_connect_as(E.d, "admin");
	const char *may = "{\"from\":\"2026-05-01\",\"to\":\"2026-05-31\"}";
	const cJSON *k;
	cJSON *r;

	h_sql(E.db, may_set);
	r = h_expect_ok(h_call(q, "report.kpi", may));
	k = reply_result(r);
	/* Every target met; no complaint, so no timely-reply rate. */
	expect_figure(k, "arrival_on_time_rate", 1, 1, "higher", 1);
	expect_figure(k, "mean_repair_hours", 18, 48, "lower", 1);
	expect_figure(k, "repeat_rate", 0, 0, "lower", 1);
	expect_figure(k, "visit_rate", 1, 1, "higher", 1);
	expect_figure(k, "satisfaction_rate", 1, 0.98, "higher", 1);
	expect_figure(k, "complaint_rate", 0, 0.08, "lower", 1);
	expect_figure(k, "timely_reply_rate", -1, 1, "higher", -1);
	cJSON_Delete(r);
	/* Targets are data: the admin's change is the next report's target. */
	cJSON_Delete(h_expect_ok(h_call(admin, "policy.set", "{\"settings\":{"
	    "\"target_repair_hours\":12,\"target_satisfaction_percent\":100,"
	    "\"target_visit_percent\":95}}")));
	r = h_expect_ok(h_call(q, "report.kpi", may));
	k = reply_result(r);
	expect_figure(k, "mean_repair_hours", 18, 12, "lower", 0);
	expect_figure(k, "satisfaction_rate", 1, 1, "higher", 1);
	expect_figure(k, "visit_rate", 1, 0.95, "higher", 1);
	cJSON_Delete(r);
	/* A complaint in May: 1 over the 3 repairs and installations. */
	h_sql(E.db, "INSERT INTO complaints (no, channel, customer_id, text, taken_by, created_at)"
	    " SELECT '260504001', 'phone', id, 'x', 'operator', '2026-05-04 12:00+08'"
	    " FROM customers WHERE name = '丙'");
	r = h_expect_ok(h_call(q, "report.kpi", may));
	expect_figure(reply_result(r), "complaint_rate", 0.3333, 0.08, "lower", 0);
	expect_figure(reply_result(r), "timely_reply_rate", 0, 1, "higher", 0);
	cJSON_Delete(r);
	conn_close(admin);
	conn_close(q);
}
END_TEST

START_TEST(test_roles_and_arguments)
{
	struct conn *q = h_connect_as(E.d, "quality");
	static const char *const may_not[] = { "operator", "dispatcher", "technician", "admin" };

	for (size_t i = 0; i < sizeof may_not / sizeof may_not[0]; i++) {
		struct conn *c = h_connect_as(E.d, may_not[i]);
		h_expect_error(h_call(c, "report.pareto", "{\"from\":\"2026-03-01\","
		    "\"to\":\"2026-03-31\",\"by\":\"category\"}"), "forbidden", NULL);
		h_expect_error(h_call(c, "report.kpi", "{\"from\":\"2026-03-01\","
		    "\"to\":\"2026-03-31\"}"), "forbidden", NULL);
		conn_close(c);
	}
	static const struct { const char *op, *args, *field; } bad[] = {
		{ "report.pareto", "{\"to\":\"2026-03-31\",\"by\":\"category\"}", "from" },
		{ "report.pareto", "{\"from\":\"2026-02-30\",\"to\":\"2026-03-31\",\"by\":\"category\"}",
		  "from" },
		{ "report.pareto", "{\"from\":\"2026-03-01\",\"by\":\"category\"}", "to" },
		{ "report.pareto", "{\"from\":\"2026-03-02\",\"to\":\"2026-03-01\",\"by\":\"category\"}",
		  "to" },
		{ "report.pareto", "{\"from\":\"2026-03-01\",\"to\":\"2026-03-31\"}", "by" },
		{ "report.pareto", "{\"from\":\"2026-03-01\",\"to\":\"2026-03-31\",\"by\":\"colour\"}",
		  "by" },
		{ "report.kpi", "{\"to\":\"2026-03-31\"}", "from" },
		{ "report.kpi", "{\"from\":\"2026-03-01\",\"to\":\"31.03.2026\"}", "to" },
		{ "report.kpi", "{\"from\":\"2026-03-01\",\"to\":\"2026-03-31\",\"region\":\"mars\"}",
		  "region" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		h_expect_error(h_call(q, bad[i].op, bad[i].args), "invalid_argument", bad[i].field);
	conn_close(q);
}
END_TEST

Suite *
report_suite(void)
{
	Suite *s = suite_create("report");
	TCase *tc = tcase_create("report");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, H_TEST_TIMEOUT);
	tcase_add_test(tc, test_pareto);
	tcase_add_test(tc, test_kpi);
	tcase_add_test(tc, test_kpi_targets);
	tcase_add_test(tc, test_roles_and_arguments);
	suite_add_tcase(s, tc);
	return s;
}
