/*
 * test_attribute.c: responsibility and penalties (complaint.attribute,
 * penalty.list): shares adding up to exactly 100, each naming one
 * department or one user that exists, penalty minimums and the major
 * demerit's whole bonus, earlier shares replaced, the monthly 50% cap with
 * the rest carried over two and three months, the minimums and the cap as
 * settings changed by policy.set, roles and bad arguments; and
 * the return visit after a complaint (visit_due, visit.record of a
 * complaint's number).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tests/integration/harness.h"
#include "tests/integration/suites.h"

H_ENV_FIXTURE(E)

static cJSON *
attribute(struct conn *c, const char *no, const char *shares)
{
	return h_callf(c, "complaint.attribute", "{\"no\":\"%s\",\"shares\":%s}", no, shares);
}

/* The centre's month now + delta, YYYY-MM. */
static const char *
month(int delta, char *buf, size_t size)
{
	char sql[200];

	snprintf(sql, sizeof sql, "SELECT to_char(date_trunc('month', now() AT TIME ZONE "
	    "'Asia/Shanghai') + interval '%d month', 'YYYY-MM')", delta);
	h_sql_value(E.db, sql, buf, size);
	return buf;
}

START_TEST(test_shares_replace)
{
	struct conn *q = h_connect_as(E.d, "quality");
	struct conn *mgr = h_connect_as(E.d, "manager");
	const cJSON *resp, *s;
	char no[32];
	cJSON *r;

	h_sql(E.db, "UPDATE users SET monthly_bonus = 300000 WHERE login = 'technician'");
	h_new_complaint(q, no, sizeof no);
	h_subscribe(mgr, "[\"complaints\"]");
	r = h_expect_ok(attribute(q, no, "[{\"department\":\"warehouse\",\"percent\":60},"
	    "{\"user\":\"technician\",\"percent\":40,\"penalty\":{\"kind\":\"warning\","
	    "\"amount\":50000}}]"));
	resp = h_member(reply_result(r), "responsibility");
	ck_assert_int_eq(cJSON_GetArraySize(resp), 2);
	s = cJSON_GetArrayItem(resp, 0);
	ck_assert_str_eq(h_str(s, "department"), "warehouse");
	ck_assert_int_eq(h_int_member(s, "percent"), 60);
	ck_assert(h_is_null(s, "penalty"));
	s = cJSON_GetArrayItem(resp, 1);
	ck_assert_str_eq(h_str(s, "user"), "technician");
	ck_assert_int_eq(h_int_member(s, "percent"), 40);
	ck_assert_str_eq(h_str(h_member(s, "penalty"), "kind"), "warning");
	ck_assert_int_eq(h_int_member(h_member(s, "penalty"), "amount"), 50000);
	ck_assert_int_eq(h_int_member(reply_result(r), "version"), 2);
	cJSON_Delete(r);
	/* Pushed with the new shares. */
	r = conn_wait_push(mgr, "complaint.changed", H_WAIT_MS);
	ck_assert_msg(r != NULL, "no complaint.changed push");
	ck_assert_str_eq(h_str(h_member(r, "data"), "no"), no);
	ck_assert_int_eq(cJSON_GetArraySize(h_member(h_member(r, "data"), "responsibility")), 2);
	cJSON_Delete(r);
	/* Replaced: a major demerit is the whole bonus whatever amount is given; a
	 * minor demerit without an amount is its least, 800 yuan. */
	r = h_expect_ok(attribute(q, no, "[{\"user\":\"technician\",\"percent\":70,"
	    "\"penalty\":{\"kind\":\"major_demerit\",\"amount\":1}},{\"user\":\"dispatcher\","
	    "\"percent\":30,\"penalty\":{\"kind\":\"minor_demerit\"}}]"));
	resp = h_member(reply_result(r), "responsibility");
	ck_assert_int_eq(cJSON_GetArraySize(resp), 2);
	ck_assert_int_eq(h_int_member(h_member(cJSON_GetArrayItem(resp, 0), "penalty"),
	    "amount"), 300000);
	ck_assert_str_eq(h_str(h_member(cJSON_GetArrayItem(resp, 1), "penalty"), "kind"),
	    "minor_demerit");
	ck_assert_int_eq(h_int_member(h_member(cJSON_GetArrayItem(resp, 1), "penalty"),
	    "amount"), 80000);
	cJSON_Delete(r);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM complaint_shares"), 2);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM complaint_events WHERE "
	    "kind = 'attribute'"), 2);
	/* complaint.get shows the shares too. */
	r = h_expect_ok(h_callf(mgr, "complaint.get", "{\"no\":\"%s\"}", no));
	ck_assert_int_eq(cJSON_GetArraySize(h_member(reply_result(r), "responsibility")), 2);
	cJSON_Delete(r);
	/* Replaced by a department alone: the people's deductions go with their penalties. */
	cJSON_Delete(h_expect_ok(attribute(q, no, "[{\"department\":\"production\","
	    "\"percent\":100}]")));
	ck_assert_int_eq(h_sql_int(E.db, "SELECT coalesce(sum(charged), 0) FROM "
	    "penalty_deductions"), 0);
	conn_close(mgr);
	conn_close(q);
}
END_TEST

START_TEST(test_shares_refused)
{
	struct conn *q = h_connect_as(E.d, "quality");
	char no[32];

	h_new_complaint(q, no, sizeof no);
	static const struct { const char *shares, *field; } bad[] = {
		{ "[{\"department\":\"service\",\"percent\":99}]", "shares" },
		{ "[{\"department\":\"service\",\"percent\":51},{\"user\":\"technician\","
		  "\"percent\":50}]", "shares" },
		{ "[]", "shares" },
		{ "{}", "shares" },
		{ "[5]", "shares" },
		{ "[{\"department\":\"service\",\"percent\":100},{\"user\":\"technician\","
		  "\"percent\":0}]", "shares.percent" },
		{ "[{\"department\":\"service\",\"user\":\"technician\",\"percent\":100}]", "shares" },
		{ "[{\"percent\":100}]", "shares" },
		{ "[{\"department\":\"service\",\"percent\":101}]", "shares.percent" },
		{ "[{\"department\":7,\"percent\":100}]", "shares.department" },
		{ "[{\"user\":\"technician\",\"percent\":100,\"penalty\":{\"kind\":\"warning\","
		  "\"amount\":39999}}]", "shares.penalty.amount" },
		{ "[{\"user\":\"technician\",\"percent\":100,\"penalty\":{\"kind\":\"minor_demerit\","
		  "\"amount\":79999}}]", "shares.penalty.amount" },
		{ "[{\"user\":\"technician\",\"percent\":100,\"penalty\":{\"kind\":\"fine\"}}]",
		  "shares.penalty.kind" },
		{ "[{\"user\":\"technician\",\"percent\":100,\"penalty\":\"warning\"}]",
		  "shares.penalty" },
		{ "[{\"department\":\"service\",\"percent\":100,\"penalty\":{\"kind\":\"warning\"}}]",
		  "shares.penalty" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		h_expect_error(attribute(q, no, bad[i].shares), "invalid_argument", bad[i].field);
	/* One department or person twice. */
	h_expect_error(attribute(q, no, "[{\"user\":\"technician\",\"percent\":50},"
	    "{\"user\":\"technician\",\"percent\":50}]"), "invalid_argument", "shares");
	/* 101 in total from two shares. */
	h_expect_error(attribute(q, no, "[{\"department\":\"service\",\"percent\":51},"
	    "{\"department\":\"sales\",\"percent\":50}]"), "invalid_argument", "shares");
	h_expect_error(attribute(q, no, "[{\"department\":\"service\",\"percent\":50},"
	    "{\"department\":\"nowhere\",\"percent\":50}]"), "not_found", "shares.department");
	h_expect_error(attribute(q, no, "[{\"department\":\"service\",\"percent\":50},"
	    "{\"user\":\"nobody\",\"percent\":50}]"), "not_found", "shares.user");
	h_expect_error(attribute(q, "991231999", "[{\"department\":\"service\",\"percent\":100}]"),
	    "not_found", "no");
	h_expect_error(h_call(q, "complaint.attribute", "{\"shares\":[]}"), "invalid_argument",
	    "no");
	/* The least amounts themselves are accepted. */
	cJSON_Delete(h_expect_ok(attribute(q, no, "[{\"user\":\"technician\",\"percent\":50,"
	    "\"penalty\":{\"kind\":\"warning\",\"amount\":40000}},{\"user\":\"dispatcher\","
	    "\"percent\":50,\"penalty\":{\"kind\":\"minor_demerit\",\"amount\":80000}}]")));
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM complaint_shares"), 2);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM complaint_events WHERE "
	    "kind = 'attribute'"), 1);
	conn_close(q);
}
END_TEST

/* months[i] of a penalty.list reply is {month, deducted, carried}. */
static void
expect_month(const cJSON *months, int i, const char *month, long long deducted,
    long long carried)
{
	const cJSON *m = cJSON_GetArrayItem(months, i);

	ck_assert_msg(m != NULL, "no month %d in %s", i, h_show(months));
	ck_assert_str_eq(h_str(m, "month"), month);
	ck_assert_int_eq(h_int_member(m, "deducted"), deducted);
	ck_assert_int_eq(h_int_member(m, "carried"), carried);
}

START_TEST(test_monthly_cap_carries)
{
	struct conn *q = h_connect_as(E.d, "quality");
	struct conn *mgr = h_connect_as(E.d, "manager");
	char a[32], b[32], m[4][16], before[16], from[32];
	const cJSON *months;
	cJSON *r;

	for (int i = 0; i < 4; i++)
		month(i, m[i], sizeof m[i]);
	month(-2, before, sizeof before);
	/* A bonus of 1000 yuan: at most 500 a month. */
	h_sql(E.db, "UPDATE users SET monthly_bonus = 100000 WHERE login = 'technician'");
	h_new_complaint(q, a, sizeof a);
	h_new_complaint(q, b, sizeof b);
	/* A major demerit (1000 yuan): 500 this month, 500 carried into the next. */
	cJSON_Delete(h_expect_ok(attribute(q, a, "[{\"user\":\"technician\",\"percent\":100,"
	    "\"penalty\":{\"kind\":\"major_demerit\"}}]")));
	r = h_expect_ok(h_call(mgr, "penalty.list", "{\"user\":\"technician\"}"));
	months = h_member(reply_result(r), "months");
	ck_assert_int_eq(cJSON_GetArraySize(months), 2);
	expect_month(months, 0, m[0], 50000, 50000);
	expect_month(months, 1, m[1], 50000, 0);
	cJSON_Delete(r);
	/* And a minor demerit of 800 the same month: 1800 owed, over four months. */
	cJSON_Delete(h_expect_ok(attribute(q, b, "[{\"user\":\"technician\",\"percent\":100,"
	    "\"penalty\":{\"kind\":\"minor_demerit\"}}]")));
	r = h_expect_ok(h_call(q, "penalty.list", "{\"user\":\"technician\"}"));
	months = h_member(reply_result(r), "months");
	ck_assert_int_eq(cJSON_GetArraySize(months), 4);
	expect_month(months, 0, m[0], 50000, 130000);
	expect_month(months, 1, m[1], 50000, 80000);
	expect_month(months, 2, m[2], 50000, 30000);
	expect_month(months, 3, m[3], 30000, 0);
	cJSON_Delete(r);
	/* from/to pick months. */
	snprintf(from, sizeof from, "%s-15", m[1]);
	r = h_expect_ok(h_callf(q, "penalty.list", "{\"user\":\"technician\",\"from\":\"%s\","
	    "\"to\":\"%s-01\"}", from, m[2]));
	months = h_member(reply_result(r), "months");
	ck_assert_int_eq(cJSON_GetArraySize(months), 2);
	expect_month(months, 0, m[1], 50000, 80000);
	cJSON_Delete(r);
	/* The major demerit was two months ago instead (moved in the database, then
	 * computed again by attributing b afresh): that month's 500 was taken then,
	 * 500 the month after; this month's 800 is 500 now and 300 next month. */
	h_sqlf(E.db, "UPDATE complaint_shares SET attributed_at = attributed_at - interval "
	    "'2 months' WHERE complaint_no = '%s'", a);
	cJSON_Delete(h_expect_ok(attribute(q, b, "[{\"user\":\"technician\",\"percent\":100,"
	    "\"penalty\":{\"kind\":\"minor_demerit\"}}]")));
	r = h_expect_ok(h_call(q, "penalty.list", "{\"user\":\"technician\"}"));
	months = h_member(reply_result(r), "months");
	ck_assert_int_eq(cJSON_GetArraySize(months), 4);
	expect_month(months, 0, before, 50000, 50000);
	month(-1, from, sizeof from);
	expect_month(months, 1, from, 50000, 0);
	expect_month(months, 2, m[0], 50000, 30000);
	expect_month(months, 3, m[1], 30000, 0);
	cJSON_Delete(r);
	/* No penalties: no months. */
	r = h_expect_ok(h_call(q, "penalty.list", "{\"user\":\"dispatcher\"}"));
	ck_assert_int_eq(cJSON_GetArraySize(h_member(reply_result(r), "months")), 0);
	cJSON_Delete(r);
	conn_close(mgr);
	conn_close(q);
}
END_TEST

/* The least amounts and the monthly cap are settings (penalty_warning_min,
 * penalty_minor_min, penalty_month_cap_percent), read when attributing. */
START_TEST(test_penalty_settings)
{
	struct conn *q = h_connect_as(E.d, "quality");
	struct conn *admin = h_connect_as(E.d, "admin");
	char no[32], m0[16];
	const cJSON *months;
	cJSON *r;

	month(0, m0, sizeof m0);
	h_new_complaint(q, no, sizeof no);
	cJSON_Delete(h_expect_ok(h_call(admin, "policy.set", "{\"settings\":{"
	    "\"penalty_warning_min\":60000,\"penalty_minor_min\":90000,"
	    "\"penalty_month_cap_percent\":25}}")));
	/* 400 yuan is no longer enough for a warning; 600 is. */
	h_expect_error(attribute(q, no, "[{\"user\":\"technician\",\"percent\":100,"
	    "\"penalty\":{\"kind\":\"warning\",\"amount\":40000}}]"), "invalid_argument",
	    "shares.penalty.amount");
	h_expect_error(attribute(q, no, "[{\"user\":\"technician\",\"percent\":100,"
	    "\"penalty\":{\"kind\":\"minor_demerit\",\"amount\":80000}}]"),
	    "invalid_argument", "shares.penalty.amount");
	/* A minor demerit without an amount is the new least, 900 yuan; a bonus of
	 * 1000 yuan gives at most 25%, 250 a month. */
	h_sql(E.db, "UPDATE users SET monthly_bonus = 100000 WHERE login = 'technician'");
	r = h_expect_ok(attribute(q, no, "[{\"user\":\"technician\",\"percent\":100,"
	    "\"penalty\":{\"kind\":\"minor_demerit\"}}]"));
	cJSON_Delete(r);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT penalty_fen FROM complaint_shares"), 90000);
	r = h_expect_ok(h_call(q, "penalty.list", "{\"user\":\"technician\"}"));
	months = h_member(reply_result(r), "months");
	ck_assert_int_eq(cJSON_GetArraySize(months), 4);
	expect_month(months, 0, m0, 25000, 65000);
	cJSON_Delete(r);
	conn_close(q);
	conn_close(admin);
}
END_TEST

/* Six attributions naming the same person at once, each on its own
 * connection: every penalty counted (6 x 400 yuan = 2400, 500 a month). */
START_TEST(test_attributions_race)
{
	enum { N = 6 };
	struct conn *c[N];
	char no[N][32];
	int64_t id[N];

	h_sql(E.db, "UPDATE users SET monthly_bonus = 100000 WHERE login = 'technician'");
	for (int i = 0; i < N; i++) {
		c[i] = h_connect_as(E.d, "quality");
		h_new_complaint(c[i], no[i], sizeof no[i]);
	}
	for (int i = 0; i < N; i++) {
		cJSON *args = cJSON_Parse("{\"shares\":[{\"user\":\"technician\",\"percent\":100,"
		    "\"penalty\":{\"kind\":\"warning\"}}]}");
		cJSON_AddStringToObject(args, "no", no[i]);
		id[i] = conn_send(c[i], "complaint.attribute", args);
		ck_assert(id[i] > 0);
	}
	for (int i = 0; i < N; i++) {
		cJSON *reply = conn_wait(c[i], H_WAIT_MS);
		ck_assert_msg(reply != NULL, "no answer on connection %d", i);
		cJSON_Delete(h_expect_ok(reply));
		conn_close(c[i]);
	}
	ck_assert_int_eq(h_sql_int(E.db, "SELECT sum(charged) FROM penalty_deductions"), 240000);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT sum(deducted) FROM penalty_deductions"), 240000);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM penalty_deductions"), 5);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT max(deducted) FROM penalty_deductions"), 50000);
}
END_TEST

START_TEST(test_roles_and_arguments)
{
	struct conn *q = h_connect_as(E.d, "quality");
	static const char *const may_not_attribute[] = { "operator", "dispatcher",
	    "technician", "manager", "admin" };
	static const char *const may_not_list[] = { "operator", "dispatcher", "technician",
	    "admin" };
	char no[32];

	h_new_complaint(q, no, sizeof no);
	for (size_t i = 0; i < sizeof may_not_attribute / sizeof may_not_attribute[0]; i++) {
		struct conn *c = h_connect_as(E.d, may_not_attribute[i]);
		h_expect_error(attribute(c, no, "[{\"department\":\"service\",\"percent\":100}]"),
		    "forbidden", NULL);
		conn_close(c);
	}
	for (size_t i = 0; i < sizeof may_not_list / sizeof may_not_list[0]; i++) {
		struct conn *c = h_connect_as(E.d, may_not_list[i]);
		h_expect_error(h_call(c, "penalty.list", "{\"user\":\"technician\"}"),
		    "forbidden", NULL);
		conn_close(c);
	}
	h_expect_error(h_call(q, "penalty.list", "{}"), "invalid_argument", "user");
	h_expect_error(h_call(q, "penalty.list", "{\"user\":\"nobody\"}"), "not_found", "user");
	h_expect_error(h_call(q, "penalty.list", "{\"user\":\"technician\",\"from\":\"2026-13-01\"}"),
	    "invalid_argument", "from");
	h_expect_error(h_call(q, "penalty.list", "{\"user\":\"technician\",\"to\":5}"),
	    "invalid_argument", "to");
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM complaint_shares"), 0);
	conn_close(q);
}
END_TEST

/* The start (00:00, the centre's) of today + days, as a time_t. */
static time_t
centre_day(int days)
{
	return (time_t)h_sql_int(E.db, "SELECT extract(epoch FROM (((now() AT TIME ZONE "
	    "'Asia/Shanghai')::date + %d)::timestamp AT TIME ZONE 'Asia/Shanghai'))::bigint", days);
}

#define CENTRE_TZ "SET TIME ZONE 'Asia/Shanghai';"
#define VISIT_ARGS "\"attitude\":1,\"skill\":2,\"punctuality\":1,\"promise\":1,\"score\":92"

START_TEST(test_complaint_visit_service)
{
	struct conn *q = h_connect_as(E.d, "quality");
	struct conn *op = h_connect_as(E.d, "operator");
	struct conn *mgr = h_connect_as(E.d, "manager");
	const cJSON *events, *last;
	char no[32];
	cJSON *r;

	h_new_complaint(q, no, sizeof no);
	/* The whole way through the ops of complaint_flow.c: no visit before the
	 * reply is accepted; then 15 days after it, in the to_visit queue. */
	cJSON_Delete(h_expect_ok(h_callf(q, "complaint.classify", "{\"no\":\"%s\","
	    "\"severity\":\"minor\",\"category\":\"service\",\"major\":false}", no)));
	cJSON_Delete(h_expect_ok(h_callf(q, "complaint.advance", "{\"no\":\"%s\","
	    "\"finding\":\"迟到属实\"}", no)));
	cJSON_Delete(h_expect_ok(h_callf(mgr, "complaint.approve", "{\"no\":\"%s\"}", no)));
	h_expect_error(h_callf(op, "visit.record", "{\"no\":\"%s\"," VISIT_ARGS "}", no),
	    "conflict", "no");
	r = h_expect_ok(h_callf(op, "complaint.reply", "{\"no\":\"%s\",\"text\":\"已道歉\","
	    "\"accepted\":true}", no));
	ck_assert_str_eq(h_str(reply_result(r), "state"), "follow_up");
	ck_assert_int_eq((long long)h_time(reply_result(r), "visit_due"), (long long)centre_day(15));
	cJSON_Delete(r);
	r = h_expect_ok(h_call(op, "complaint.list", "{\"queue\":\"to_visit\"}"));
	ck_assert_int_eq(cJSON_GetArraySize(h_member(reply_result(r), "complaints")), 1);
	cJSON_Delete(r);
	/* The visit closes nothing, writes the event and clears the day. */
	r = h_expect_ok(h_callf(op, "visit.record", "{\"no\":\"%s\"," VISIT_ARGS
	    ",\"comment\":\"满意\"}", no));
	ck_assert_str_eq(h_str(reply_result(r), "no"), no);
	ck_assert_str_eq(h_str(reply_result(r), "state"), "follow_up");
	ck_assert(h_is_null(reply_result(r), "visit_due"));
	cJSON_Delete(r);
	r = h_expect_ok(h_callf(q, "complaint.get", "{\"no\":\"%s\"}", no));
	events = h_member(reply_result(r), "events");
	last = cJSON_GetArrayItem(events, cJSON_GetArraySize(events) - 1);
	ck_assert_str_eq(h_str(last, "kind"), "visit");
	ck_assert_str_eq(h_str(last, "actor"), "operator");
	ck_assert_int_eq(h_int_member(h_member(last, "details"), "score"), 92);
	ck_assert_str_eq(h_str(h_member(last, "details"), "comment"), "满意");
	cJSON_Delete(r);
	r = h_expect_ok(h_call(op, "complaint.list", "{\"queue\":\"to_visit\"}"));
	ck_assert_int_eq(cJSON_GetArraySize(h_member(reply_result(r), "complaints")), 0);
	cJSON_Delete(r);
	/* Once only; a complaint that does not exist; the visits of tickets untouched. */
	h_expect_error(h_callf(op, "visit.record", "{\"no\":\"%s\"," VISIT_ARGS "}", no),
	    "conflict", "no");
	h_expect_error(h_call(op, "visit.record", "{\"no\":\"991231999\"," VISIT_ARGS "}"),
	    "not_found", "no");
	h_expect_error(h_callf(q, "visit.record", "{\"no\":\"%s\"," VISIT_ARGS "}", no),
	    "forbidden", NULL);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM visits"), 0);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM complaints"), 1);
	conn_close(mgr);
	conn_close(op);
	conn_close(q);
}
END_TEST

START_TEST(test_complaint_visit_product)
{
	struct conn *q = h_connect_as(E.d, "quality");
	struct conn *op = h_connect_as(E.d, "operator");
	char key[96], ticket[32], no[32], customer[64];
	cJSON *r;

	r = h_new_ticket(op, "B", "urban", ticket, sizeof ticket);
	snprintf(customer, sizeof customer, "{\"id\":%lld}",
	    h_int_member(h_member(reply_result(r), "customer"), "id"));
	cJSON_Delete(r);
	r = h_expect_ok(h_callf(q, "complaint.register", "{\"request_key\":\"%s\","
	    "\"channel\":\"phone\",\"customer\":%s,\"ticket_no\":\"%s\",\"text\":\"修后仍不制冷\"}",
	    h_request_key(key, sizeof key), customer, ticket));
	snprintf(no, sizeof no, "%s", h_str(reply_result(r), "no"));
	cJSON_Delete(r);
	/* Accepted while the product is still in repair: no day yet. */
	h_sqlf(E.db, CENTRE_TZ "UPDATE complaints SET state = 'approved', category = 'product' "
	    "WHERE no = '%s'; UPDATE complaints SET state = 'follow_up' WHERE no = '%s'", no, no);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM complaints WHERE visit_due "
	    "IS NULL"), 1);
	/* Delivered yesterday: due on the 2nd day after, tomorrow. */
	h_sqlf(E.db, CENTRE_TZ "UPDATE tickets SET completed_at = now() - interval '1 day' "
	    "WHERE no = '%s'", ticket);
	r = h_expect_ok(h_callf(q, "complaint.get", "{\"no\":\"%s\"}", no));
	ck_assert_int_eq((long long)h_time(reply_result(r), "visit_due"), (long long)centre_day(1));
	cJSON_Delete(r);
	cJSON_Delete(h_expect_ok(h_callf(op, "visit.record", "{\"no\":\"%s\"," VISIT_ARGS "}",
	    no)));
	/* Delivered again later (a correction): the visit is done, nothing comes back. */
	h_sqlf(E.db, CENTRE_TZ "UPDATE tickets SET completed_at = now() WHERE no = '%s'", ticket);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM complaints WHERE visit_due "
	    "IS NULL"), 1);
	conn_close(op);
	conn_close(q);
}
END_TEST

Suite *
attribute_suite(void)
{
	Suite *s = suite_create("attribute");
	TCase *tc = tcase_create("attribute");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, H_TEST_TIMEOUT);
	tcase_add_test(tc, test_shares_replace);
	tcase_add_test(tc, test_shares_refused);
	tcase_add_test(tc, test_monthly_cap_carries);
	tcase_add_test(tc, test_penalty_settings);
	tcase_add_test(tc, test_attributions_race);
	tcase_add_test(tc, test_roles_and_arguments);
	suite_add_tcase(s, tc);
	/* The return visit after a complaint (visit.record with its number). */
	tc = tcase_create("complaint_visit");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, H_TEST_TIMEOUT);
	tcase_add_test(tc, test_complaint_visit_service);
	tcase_add_test(tc, test_complaint_visit_product);
	suite_add_tcase(s, tc);
	return s;
}
