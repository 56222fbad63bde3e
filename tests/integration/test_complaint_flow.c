/*
 * test_complaint_flow.c: a complaint's way (issue #5): complaint.classify
 * with each category's route and deadlines (working days by the business
 * calendar, Saturday counted or not, a holiday, abroad), complaint.advance
 * by the stage's department or quality, approve, reply (accepted; rejected
 * opening round 2 linked both ways), close (reason required before a reply),
 * major incidents (the management stage of major_stage_hours, 1 as shipped, the major queue, complaint.alert
 * to quality and managers only), complaint.list queues and pages, the
 * sweeper's reminders on an overdue stage, refusals, roles and bad
 * arguments. Expected deadlines are computed here with common/calendar.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/calendar.h"
#include "common/records.h"
#include "tests/integration/harness.h"
#include "tests/integration/suites.h"

static struct h_env E;
#define TODAY "(now() AT TIME ZONE 'Asia/Shanghai')::date"
static const char *const sweep_fast[] = { "--sweep-interval", "1", NULL };

static void
setup(void)
{
	h_env_start(&E, NULL);
}

static void
setup_sweeping(void)
{
	h_env_start(&E, sweep_fast);
}

static void
teardown(void)
{
	h_env_stop(&E);
}

/* A complaint of a new customer (abroad or not), registered by c; its number into no. */
static void
new_complaint(struct conn *c, bool abroad, char *no, size_t size)
{
	h_new_complaint(c, no, size);
	if (abroad)
		h_sqlf(E.db, "UPDATE customers SET abroad = true WHERE id = (SELECT customer_id "
		    "FROM complaints WHERE no = '%s')", no);
}

static cJSON *
classify(struct conn *c, const char *no, const char *category, bool major)
{
	return h_callf(c, "complaint.classify", "{\"no\":\"%s\",\"severity\":\"serious\","
	    "\"category\":\"%s\",\"major\":%s}", no, category, major ? "true" : "false");
}

/* complaint.get's result (the reply; caller frees). */
static cJSON *
get(struct conn *c, const char *no)
{
	return h_expect_ok(h_callf(c, "complaint.get", "{\"no\":\"%s\"}", no));
}

static cJSON *
advance(struct conn *c, const char *no)
{
	return h_callf(c, "complaint.advance", "{\"no\":\"%s\",\"finding\":\"查明原因\","
	    "\"proposal\":\"更换压缩机\"}", no);
}

/* The calendar of the test database as the daemon has it (default week). */
static void
centre_calendar(struct calendar *cal)
{
	calendar_init(cal, H_CENTRE_OFFSET);
}

/* Checks the first stage's due and close_due of a classified complaint. */
#define expect_deadlines(c, days, close, sat, cal) \
	expect_deadlines_at(__LINE__, c, days, close, sat, cal)
static void
expect_deadlines_at(int line, const cJSON *got, double days, double close, bool sat,
    const struct calendar *cal)
{
	const cJSON *stages = h_member(got, "stages");
	const cJSON *first = cJSON_GetArrayItem(stages, 0);
	time_t start = h_time(first, "started_at");
	time_t due = h_time(first, "due");
	time_t close_due = h_time(got, "close_due");

	ck_assert_msg(due == calendar_add_working_days(cal, start, days, sat),
	    "line %d: stage due %ld, expected %ld", line, (long)due,
	    (long)calendar_add_working_days(cal, start, days, sat));
	ck_assert_msg(close_due == calendar_add_working_days(cal, start, close, sat),
	    "line %d: close_due %ld, expected %ld", line, (long)close_due,
	    (long)calendar_add_working_days(cal, start, close, sat));
	/* 13 working days always span a Saturday: the flag must have mattered. */
	ck_assert_msg(close_due != calendar_add_working_days(cal, start, close, !sat),
	    "line %d: close_due does not depend on the Saturday flag", line);
	ck_assert_int_eq(h_time(got, "stage_due"), due);
}

/* The complaint with its stages merged in (complaint.get). */
static cJSON *
complaint_with_stages(struct conn *c, const char *no)
{
	cJSON *r = get(c, no);
	cJSON *res = cJSON_Duplicate(reply_result(r), true);

	cJSON_Delete(r);
	return res;
}

/* The approval's note is refused one character past DECISION_MAX, the
 * limit the client's form counts against (common/records.h), with the
 * limit in the message, on the field. */
static void
approve_note_past_limit(struct conn *mgr, const char *no)
{
	static char note[DECISION_MAX + 2], limit[16];
	cJSON *r;
	const char *message;

	memset(note, 'x', DECISION_MAX + 1);
	r = h_callf(mgr, "complaint.approve", "{\"no\":\"%s\",\"note\":\"%s\"}", no, note);
	ck_assert_str_eq(h_str(cJSON_GetObjectItem(r, "error"), "field"), "note");
	message = h_str(cJSON_GetObjectItem(r, "error"), "message");
	snprintf(limit, sizeof limit, "%d", DECISION_MAX);
	ck_assert_msg(strstr(message, limit) != NULL, "no limit in: %s", message);
	h_expect_error(r, "invalid_argument", "note");
}

START_TEST(test_product_route_to_the_end)
{
	struct conn *op = h_connect_as(E.d, "operator");
	struct conn *q = h_connect_as(E.d, "quality");
	struct conn *mgr = h_connect_as(E.d, "manager");
	static const char *const deps[] = { "gm_office", "quality", "production", "rnd",
	    "sales", "gm_office" };
	static const double days[] = { 0.5, 1, 1, 1, 5, 0.5 };
	struct calendar cal;
	char no[32];
	cJSON *r, *c;
	const cJSON *res;

	centre_calendar(&cal);
	new_complaint(op, false, no, sizeof no);
	r = h_expect_ok(classify(q, no, "product", false));
	res = reply_result(r);
	ck_assert_str_eq(h_str(res, "state"), "routed");
	ck_assert_str_eq(h_str(res, "category"), "product");
	ck_assert_str_eq(h_str(res, "severity"), "serious");
	ck_assert_str_eq(h_str(res, "department"), "production");
	ck_assert_str_eq(h_str(h_member(res, "stage"), "department"), "gm_office");
	cJSON_Delete(r);
	c = complaint_with_stages(q, no);
	ck_assert_int_eq(cJSON_GetArraySize(h_member(c, "stages")), 6);
	for (int i = 0; i < 6; i++) {
		const cJSON *s = cJSON_GetArrayItem(h_member(c, "stages"), i);
		ck_assert_str_eq(h_str(s, "department"), deps[i]);
		ck_assert(cJSON_GetNumberValue(h_member(s, "budget_days")) == days[i]);
		ck_assert_int_eq(h_int_member(s, "seq"), i + 1);
		ck_assert(i == 0 || h_is_null(s, "started_at"));
	}
	expect_deadlines(c, 0.5, 13, false, &cal);
	cJSON_Delete(c);
	/* Quality may record every stage's finding; each next stage starts then. */
	for (int i = 0; i < 6; i++) {
		r = h_expect_ok(advance(q, no));
		res = reply_result(r);
		if (i < 5) {
			ck_assert_str_eq(h_str(res, "state"), "routed");
			ck_assert_str_eq(h_str(h_member(res, "stage"), "department"), deps[i + 1]);
			time_t start = h_time(cJSON_GetArrayItem(h_member(c = complaint_with_stages(q,
			    no), "stages"), i + 1), "started_at");
			ck_assert_int_eq(h_time(res, "stage_due"),
			    calendar_add_working_days(&cal, start, days[i + 1], false));
			cJSON_Delete(c);
		} else {
			ck_assert_str_eq(h_str(res, "state"), "proposed");
			ck_assert(h_is_null(res, "stage"));
		}
		cJSON_Delete(r);
	}
	c = complaint_with_stages(mgr, no);
	for (int i = 0; i < 6; i++) {
		const cJSON *s = cJSON_GetArrayItem(h_member(c, "stages"), i);
		ck_assert_str_eq(h_str(s, "by"), "quality");
		ck_assert_str_eq(h_str(s, "finding"), "查明原因");
		ck_assert(cJSON_IsFalse(h_member(s, "late")));
		ck_assert_int_eq(h_int_member(s, "overdue_days"), 0);
	}
	cJSON_Delete(c);
	h_expect_error(advance(q, no), "conflict", "no");
	approve_note_past_limit(mgr, no);
	r = h_expect_ok(h_callf(mgr, "complaint.approve", "{\"no\":\"%s\",\"note\":\"同意\"}", no));
	ck_assert_str_eq(h_str(reply_result(r), "state"), "approved");
	cJSON_Delete(r);
	h_expect_error(h_callf(mgr, "complaint.approve", "{\"no\":\"%s\"}", no), "conflict", "no");
	r = h_expect_ok(h_callf(op, "complaint.reply", "{\"no\":\"%s\",\"text\":\"已更换\","
	    "\"accepted\":true}", no));
	ck_assert_str_eq(h_str(reply_result(r), "state"), "follow_up");
	ck_assert(h_is_null(reply_result(r), "next_no"));
	cJSON_Delete(r);
	r = h_expect_ok(h_callf(q, "complaint.close", "{\"no\":\"%s\"}", no));
	ck_assert_str_eq(h_str(reply_result(r), "state"), "closed");
	cJSON_Delete(r);
	/* The history names every step. */
	r = get(q, no);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM complaint_events WHERE "
	    "complaint_no = '%s' AND kind IN ('classify', 'advance', 'approve', 'reply', 'close')",
	    no), 10);
	cJSON_Delete(r);
	conn_close(op);
	conn_close(q);
	conn_close(mgr);
}
END_TEST

/* Every other category: one stage of its responsible department, 2 working
 * days with Saturday counted, closed within 13. */
START_TEST(test_one_stage_categories)
{
	struct conn *op = h_connect_as(E.d, "operator");
	struct conn *q = h_connect_as(E.d, "quality");
	static const char *const cats[][2] = { { "service", "service" },
	    { "packaging", "warehouse" }, { "suggestion", "aftersales" },
	    { "other", "cs_manager" }, { "contract", "management" } };
	struct calendar cal;

	centre_calendar(&cal);
	for (size_t i = 0; i < sizeof cats / sizeof cats[0]; i++) {
		char no[32];
		cJSON *c;

		new_complaint(op, false, no, sizeof no);
		cJSON_Delete(h_expect_ok(classify(q, no, cats[i][0], false)));
		c = complaint_with_stages(q, no);
		ck_assert_str_eq(h_str(c, "department"), cats[i][1]);
		ck_assert_str_eq(h_str(h_member(c, "stage"), "department"), cats[i][1]);
		ck_assert_int_eq(cJSON_GetArraySize(h_member(c, "stages")), 1);
		expect_deadlines(c, 2, 13, true, &cal);
		cJSON_Delete(c);
	}
	conn_close(op);
	conn_close(q);
}
END_TEST

/* Holidays in the next days move the deadlines (calendar.set reloads the daemon). */
START_TEST(test_deadlines_skip_holidays)
{
	struct conn *op = h_connect_as(E.d, "operator");
	struct conn *q = h_connect_as(E.d, "quality");
	struct conn *admin = h_connect_as(E.d, "admin");
	struct calendar cal, plain;
	char days[4][16], no[32];
	time_t now = time(NULL);
	cJSON *c;

	centre_calendar(&cal);
	centre_calendar(&plain);
	for (int i = 0; i < 4; i++) {
		int y, m, d;
		h_centre_date(now, i + 1, days[i], sizeof days[i]);
		sscanf(days[i], "%d-%d-%d", &y, &m, &d);
		calendar_add_day(&cal, y, m, d, false);
	}
	cJSON_Delete(h_expect_ok(h_callf(admin, "calendar.set", "{\"days\":["
	    "{\"day\":\"%s\",\"working\":false},{\"day\":\"%s\",\"working\":false},"
	    "{\"day\":\"%s\",\"working\":false},{\"day\":\"%s\",\"working\":false}]}",
	    days[0], days[1], days[2], days[3])));
	new_complaint(op, false, no, sizeof no);
	cJSON_Delete(h_expect_ok(classify(q, no, "service", false)));
	c = complaint_with_stages(q, no);
	expect_deadlines(c, 2, 13, true, &cal);
	/* Four days off in a row always hold a working day (or a counted Saturday). */
	ck_assert_int_ne(h_time(c, "close_due"), calendar_add_working_days(&plain,
	    h_time(cJSON_GetArrayItem(h_member(c, "stages"), 0), "started_at"), 13, true));
	cJSON_Delete(c);
	conn_close(op);
	conn_close(q);
	conn_close(admin);
}
END_TEST

START_TEST(test_abroad)
{
	struct conn *op = h_connect_as(E.d, "operator");
	struct conn *q = h_connect_as(E.d, "quality");
	struct calendar cal;
	char no[32];
	cJSON *c;

	centre_calendar(&cal);
	new_complaint(op, true, no, sizeof no);
	cJSON_Delete(h_expect_ok(classify(q, no, "product", false)));
	c = complaint_with_stages(q, no);
	expect_deadlines(c, 0.5, 17, false, &cal);
	ck_assert_str_eq(h_str(cJSON_GetArrayItem(h_member(c, "stages"), 4), "department"), "sales");
	ck_assert(cJSON_GetNumberValue(h_member(cJSON_GetArrayItem(h_member(c, "stages"), 4),
	    "budget_days")) == 12);
	cJSON_Delete(c);
	conn_close(op);
	conn_close(q);
}
END_TEST

/* A complaint routed to cs_manager and proposed (by quality). */
static void
proposed_complaint(struct conn *op, struct conn *q, char *no, size_t size)
{
	new_complaint(op, false, no, size);
	cJSON_Delete(h_expect_ok(classify(q, no, "other", false)));
	cJSON_Delete(h_expect_ok(advance(q, no)));
}

START_TEST(test_rejected_reply_opens_round_two)
{
	struct conn *op = h_connect_as(E.d, "operator");
	struct conn *q = h_connect_as(E.d, "quality");
	struct conn *mgr = h_connect_as(E.d, "manager");
	char no[32], next[32];
	cJSON *r, *p;
	const cJSON *res;

	h_subscribe(mgr, "[\"complaints\"]");
	proposed_complaint(op, q, no, sizeof no);
	cJSON_Delete(h_expect_ok(h_callf(mgr, "complaint.approve", "{\"no\":\"%s\"}", no)));
	h_expect_error(h_callf(op, "complaint.reply", "{\"no\":\"%s\",\"text\":\"x\"}", no),
	    "invalid_argument", "accepted");
	r = h_expect_ok(h_callf(op, "complaint.reply", "{\"no\":\"%s\",\"text\":\"客户不接受\","
	    "\"accepted\":false}", no));
	res = reply_result(r);
	ck_assert_str_eq(h_str(res, "state"), "closed");
	ck_assert_str_eq(h_str(res, "close_reason"), "rejected");
	snprintf(next, sizeof next, "%s", h_str(res, "next_no"));
	ck_assert_msg(next[0] != '\0' && strcmp(next, no) != 0, "next_no %s", next);
	cJSON_Delete(r);
	/* Round 2: received, linked back; round 1 links forward. */
	r = get(q, next);
	ck_assert_str_eq(h_str(reply_result(r), "state"), "received");
	ck_assert_int_eq(h_int_member(reply_result(r), "round"), 2);
	ck_assert_str_eq(h_str(reply_result(r), "previous_no"), no);
	ck_assert_str_eq(h_str(reply_result(r), "text"), "冰箱不制冷");
	cJSON_Delete(r);
	r = get(q, no);
	ck_assert_str_eq(h_str(reply_result(r), "next_no"), next);
	cJSON_Delete(r);
	/* Both are pushed. */
	bool saw_next = false;
	while ((p = conn_wait_push(mgr, "complaint.changed", 1500)) != NULL) {
		saw_next |= strcmp(h_str(h_member(p, "data"), "no"), next) == 0;
		cJSON_Delete(p);
	}
	ck_assert(saw_next);
	conn_close(op);
	conn_close(q);
	conn_close(mgr);
}
END_TEST

START_TEST(test_major_incident)
{
	struct conn *op = h_connect_as(E.d, "operator");
	struct conn *q = h_connect_as(E.d, "quality");
	struct conn *q2 = h_connect_as(E.d, "quality");
	struct conn *mgr = h_connect_as(E.d, "manager");
	char no[32];
	cJSON *r, *p, *c;
	time_t start;

	h_subscribe(q2, "[\"complaints\"]");
	h_subscribe(mgr, "[\"complaints\"]");
	h_subscribe(op, "[\"complaints\"]");
	new_complaint(op, false, no, sizeof no);
	r = h_expect_ok(classify(q, no, "product", true));
	ck_assert(cJSON_IsTrue(h_member(reply_result(r), "major")));
	ck_assert_str_eq(h_str(h_member(reply_result(r), "stage"), "department"), "management");
	cJSON_Delete(r);
	c = complaint_with_stages(q, no);
	ck_assert_int_eq(cJSON_GetArraySize(h_member(c, "stages")), 7);
	start = h_time(cJSON_GetArrayItem(h_member(c, "stages"), 0), "started_at");
	ck_assert_int_eq(h_time(c, "stage_due"), start + 3600);
	cJSON_Delete(c);
	for (struct conn *const *who = (struct conn *const[]){ q2, mgr, NULL }; *who; who++) {
		p = conn_wait_push(*who, "complaint.alert", H_WAIT_MS);
		ck_assert_msg(p != NULL, "no complaint.alert");
		ck_assert_str_eq(h_str(h_member(p, "data"), "kind"), "major");
		ck_assert_str_eq(h_str(h_member(h_member(p, "data"), "complaint"), "no"), no);
		cJSON_Delete(p);
	}
	/* The operator hears of the change, not the alert. */
	p = conn_wait_push(op, "complaint.changed", H_WAIT_MS);
	ck_assert(p != NULL);
	cJSON_Delete(p);
	p = conn_wait_push(op, "complaint.alert", H_QUIET_MS);
	ck_assert_msg(p == NULL, "operator got %s", h_show(p));
	/* The major queue. */
	r = h_expect_ok(h_call(mgr, "complaint.list", "{\"queue\":\"major\"}"));
	ck_assert_int_eq(cJSON_GetArraySize(h_member(reply_result(r), "complaints")), 1);
	ck_assert_str_eq(h_str(cJSON_GetArrayItem(h_member(reply_result(r), "complaints"), 0),
	    "no"), no);
	cJSON_Delete(r);
	conn_close(op);
	conn_close(q);
	conn_close(q2);
	conn_close(mgr);
}
END_TEST

/* The major stage lasts the setting major_stage_hours, read when classifying. */
START_TEST(test_major_stage_setting)
{
	struct conn *op = h_connect_as(E.d, "operator");
	struct conn *q = h_connect_as(E.d, "quality");
	struct conn *admin = h_connect_as(E.d, "admin");
	char no[32];
	cJSON *c;
	time_t start;

	cJSON_Delete(h_expect_ok(h_call(admin, "policy.set",
	    "{\"settings\":{\"major_stage_hours\":3}}")));
	new_complaint(op, false, no, sizeof no);
	cJSON_Delete(h_expect_ok(classify(q, no, "service", true)));
	c = complaint_with_stages(q, no);
	start = h_time(cJSON_GetArrayItem(h_member(c, "stages"), 0), "started_at");
	ck_assert_int_eq(h_time(c, "stage_due"), start + 3 * 3600);
	cJSON_Delete(c);
	conn_close(op);
	conn_close(q);
	conn_close(admin);
}
END_TEST

START_TEST(test_advance_by_department)
{
	struct conn *op = h_connect_as(E.d, "operator");
	struct conn *q = h_connect_as(E.d, "quality");
	struct conn *tech = h_connect_as(E.d, "technician");
	struct conn *head;
	char no[32];
	cJSON *r;

	h_sql(E.db, "INSERT INTO users (login, name, role, password_hash, department) "
	    "SELECT 'cs.head', '客服经理', 'operator', password_hash, 'cs_manager' "
	    "FROM users WHERE login = 'operator'");
	head = h_connect_as(E.d, "cs.head");
	new_complaint(op, false, no, sizeof no);
	/* Not routed yet: a conflict, whoever asks. */
	h_expect_error(advance(head, no), "conflict", "no");
	cJSON_Delete(h_expect_ok(classify(q, no, "other", false)));
	/* An operator of another department, a technician: not their stage. */
	h_expect_error(advance(op, no), "forbidden", "no");
	h_expect_error(advance(tech, no), "forbidden", "no");
	r = h_expect_ok(advance(head, no));
	ck_assert_str_eq(h_str(reply_result(r), "state"), "proposed");
	cJSON_Delete(r);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM complaint_stages WHERE "
	    "complaint_no = '%s' AND by_user = 'cs.head' AND proposal = '更换压缩机'", no), 1);
	conn_close(op);
	conn_close(q);
	conn_close(tech);
	conn_close(head);
}
END_TEST

START_TEST(test_refusals_and_roles)
{
	struct conn *op = h_connect_as(E.d, "operator");
	struct conn *q = h_connect_as(E.d, "quality");
	struct conn *mgr = h_connect_as(E.d, "manager");
	struct conn *tech = h_connect_as(E.d, "technician");
	char no[32], no2[32];
	cJSON *r;

	new_complaint(op, false, no, sizeof no);
	h_expect_error(classify(op, no, "service", false), "forbidden", NULL);
	h_expect_error(classify(mgr, no, "service", false), "forbidden", NULL);
	h_expect_error(h_callf(q, "complaint.approve", "{\"no\":\"%s\"}", no), "forbidden", NULL);
	h_expect_error(h_callf(mgr, "complaint.close", "{\"no\":\"%s\",\"reason\":\"x\"}", no),
	    "forbidden", NULL);
	h_expect_error(h_callf(mgr, "complaint.reply", "{\"no\":\"%s\",\"text\":\"x\","
	    "\"accepted\":true}", no), "forbidden", NULL);
	h_expect_error(h_call(tech, "complaint.list", "{\"queue\":\"open\"}"), "forbidden", NULL);
	h_expect_error(h_call(op, "route.get", NULL), "forbidden", NULL);
	/* Wrong states. */
	h_expect_error(h_callf(mgr, "complaint.approve", "{\"no\":\"%s\"}", no), "conflict", "no");
	h_expect_error(h_callf(op, "complaint.reply", "{\"no\":\"%s\",\"text\":\"x\","
	    "\"accepted\":true}", no), "conflict", "no");
	/* Not substantiated: a reason is required before a reply. */
	h_expect_error(h_callf(q, "complaint.close", "{\"no\":\"%s\"}", no),
	    "invalid_argument", "reason");
	cJSON_Delete(h_expect_ok(classify(q, no, "service", false)));
	h_expect_error(classify(q, no, "service", false), "conflict", "no");
	h_expect_error(h_callf(q, "complaint.close", "{\"no\":\"%s\"}", no),
	    "invalid_argument", "reason");
	r = h_expect_ok(h_callf(q, "complaint.close", "{\"no\":\"%s\",\"reason\":\"不属实\"}", no));
	ck_assert_str_eq(h_str(reply_result(r), "state"), "closed");
	ck_assert_str_eq(h_str(reply_result(r), "close_reason"), "不属实");
	ck_assert(h_is_null(reply_result(r), "stage"));
	cJSON_Delete(r);
	h_expect_error(h_callf(q, "complaint.close", "{\"no\":\"%s\",\"reason\":\"x\"}", no),
	    "conflict", "no");
	h_expect_error(advance(q, no), "conflict", "no");
	/* Proposed: close refused (the reply comes first). */
	proposed_complaint(op, q, no2, sizeof no2);
	h_expect_error(h_callf(q, "complaint.close", "{\"no\":\"%s\",\"reason\":\"x\"}", no2),
	    "conflict", "no");
	/* No such complaint. */
	h_expect_error(classify(q, "999999999", "service", false), "not_found", "no");
	h_expect_error(advance(q, "999999999"), "not_found", "no");
	h_expect_error(h_call(mgr, "complaint.approve", "{\"no\":\"999999999\"}"), "not_found", "no");
	conn_close(op);
	conn_close(q);
	conn_close(mgr);
	conn_close(tech);
}
END_TEST

START_TEST(test_bad_arguments)
{
	struct conn *op = h_connect_as(E.d, "operator");
	struct conn *q = h_connect_as(E.d, "quality");
	char no[32];

	new_complaint(op, false, no, sizeof no);
	h_expect_error(h_call(q, "complaint.classify", "{\"severity\":\"minor\","
	    "\"category\":\"other\"}"), "invalid_argument", "no");
	h_expect_error(h_callf(q, "complaint.classify", "{\"no\":\"%s\",\"category\":\"other\"}",
	    no), "invalid_argument", "severity");
	h_expect_error(h_callf(q, "complaint.classify", "{\"no\":\"%s\",\"severity\":\"big\","
	    "\"category\":\"other\"}", no), "invalid_argument", "severity");
	h_expect_error(h_callf(q, "complaint.classify", "{\"no\":\"%s\",\"severity\":\"minor\","
	    "\"category\":\"weather\"}", no), "invalid_argument", "category");
	h_expect_error(h_callf(q, "complaint.classify", "{\"no\":\"%s\",\"severity\":\"minor\","
	    "\"category\":\"other\",\"major\":\"yes\"}", no), "invalid_argument", "major");
	h_expect_error(h_callf(q, "complaint.advance", "{\"no\":\"%s\"}", no),
	    "invalid_argument", "finding");
	h_expect_error(h_callf(q, "complaint.advance", "{\"no\":\"%s\",\"finding\":\"x\","
	    "\"proposal\":5}", no), "invalid_argument", "proposal");
	h_expect_error(h_callf(op, "complaint.reply", "{\"no\":\"%s\",\"accepted\":true}", no),
	    "invalid_argument", "text");
	h_expect_error(h_callf(q, "complaint.close", "{\"no\":\"%s\",\"reason\":7}", no),
	    "invalid_argument", "reason");
	h_expect_error(h_call(q, "complaint.list", "{}"), "invalid_argument", "queue");
	h_expect_error(h_call(q, "complaint.list", "{\"queue\":\"everything\"}"),
	    "invalid_argument", "queue");
	h_expect_error(h_call(q, "complaint.list", "{\"queue\":\"open\",\"limit\":0}"),
	    "invalid_argument", "limit");
	h_expect_error(h_call(q, "complaint.list", "{\"queue\":\"open\",\"limit\":201}"),
	    "invalid_argument", "limit");
	h_expect_error(h_call(q, "complaint.list", "{\"queue\":\"open\",\"after\":\"yesterday|1\"}"),
	    "invalid_argument", "after");
	h_expect_error(h_call(q, "complaint.list", "{\"queue\":\"open\",\"department\":3}"),
	    "invalid_argument", "department");
	/* Nothing moved. */
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM complaints WHERE state = 'received'"), 1);
	conn_close(op);
	conn_close(q);
}
END_TEST

/* Pages of a queue: every complaint once, in (deadline, no) order. */
START_TEST(test_list_queues_and_pages)
{
	struct conn *op = h_connect_as(E.d, "operator");
	struct conn *q = h_connect_as(E.d, "quality");
	char nos[5][32], after[128] = "";
	int seen = 0;
	time_t last = 0;

	for (int i = 0; i < 5; i++)
		new_complaint(op, false, nos[i], sizeof nos[i]);
	/* Two routed: one to warehouse, one to cs_manager; one closed. */
	cJSON_Delete(h_expect_ok(classify(q, nos[0], "packaging", false)));
	cJSON_Delete(h_expect_ok(classify(q, nos[1], "other", false)));
	cJSON_Delete(h_expect_ok(h_callf(q, "complaint.close", "{\"no\":\"%s\",\"reason\":\"重复\"}",
	    nos[2])));
	do {
		char args[256];
		cJSON *r;
		const cJSON *list, *next;

		snprintf(args, sizeof args, "{\"queue\":\"received\",\"limit\":1%s%s%s}",
		    after[0] ? ",\"after\":\"" : "", after, after[0] ? "\"" : "");
		r = h_expect_ok(h_call(q, "complaint.list", args));
		list = h_member(reply_result(r), "complaints");
		ck_assert_int_le(cJSON_GetArraySize(list), 1);
		if (cJSON_GetArraySize(list) == 1) {
			const cJSON *c = cJSON_GetArrayItem(list, 0);
			ck_assert_str_eq(h_str(c, "state"), "received");
			ck_assert_int_ge(h_time(c, "created_at"), last);
			last = h_time(c, "created_at");
			seen++;
		}
		next = h_member(reply_result(r), "next");
		snprintf(after, sizeof after, "%s", cJSON_IsString(next) ? next->valuestring : "");
		cJSON_Delete(r);
	} while (after[0] && seen < 10);
	ck_assert_int_eq(seen, 2);
	/* open, by department; closed; mine for a cs_manager member. */
	cJSON *r = h_expect_ok(h_call(q, "complaint.list", "{\"queue\":\"open\"}"));
	ck_assert_int_eq(cJSON_GetArraySize(h_member(reply_result(r), "complaints")), 2);
	ck_assert(cJSON_IsNull(h_member(reply_result(r), "next")));
	cJSON_Delete(r);
	r = h_expect_ok(h_call(q, "complaint.list", "{\"queue\":\"open\",\"department\":\"warehouse\"}"));
	ck_assert_int_eq(cJSON_GetArraySize(h_member(reply_result(r), "complaints")), 1);
	ck_assert_str_eq(h_str(cJSON_GetArrayItem(h_member(reply_result(r), "complaints"), 0), "no"),
	    nos[0]);
	cJSON_Delete(r);
	r = h_expect_ok(h_call(op, "complaint.list", "{\"queue\":\"closed\"}"));
	ck_assert_int_eq(cJSON_GetArraySize(h_member(reply_result(r), "complaints")), 1);
	cJSON_Delete(r);
	h_sql(E.db, "UPDATE users SET department = 'cs_manager' WHERE login = 'operator'");
	r = h_expect_ok(h_call(op, "complaint.list", "{\"queue\":\"mine\"}"));
	ck_assert_int_eq(cJSON_GetArraySize(h_member(reply_result(r), "complaints")), 1);
	ck_assert_str_eq(h_str(cJSON_GetArrayItem(h_member(reply_result(r), "complaints"), 0), "no"),
	    nos[1]);
	cJSON_Delete(r);
	r = h_expect_ok(h_call(op, "complaint.list", "{\"queue\":\"overdue\"}"));
	ck_assert_int_eq(cJSON_GetArraySize(h_member(reply_result(r), "complaints")), 0);
	cJSON_Delete(r);
	conn_close(op);
	conn_close(q);
}
END_TEST

/* Another daemon reminds of a stage while this one's sweep, which chose it
 * from a snapshot taken before that commit, waits for the stage's row: the
 * sweep's UPDATE looks again at reminded_at once it has the row and reminds
 * no more (the advisory lock alone does not hold it: the other daemon's
 * lock ends with its commit, and a sweep that takes it then may still read
 * the old row). Here the test's own connection is the other daemon. */
START_TEST(test_reminder_once_when_raced)
{
	struct conn *op = h_connect_as(E.d, "operator");
	struct conn *q = h_connect_as(E.d, "quality");
	PGconn *lock = h_pg_connect(E.db), *other = h_pg_connect(E.db);
	char no[32];

	new_complaint(op, false, no, sizeof no);
	cJSON_Delete(h_expect_ok(classify(q, no, "other", false)));
	h_sql(E.db, "INSERT INTO calendar_days (day, working) VALUES (" TODAY ", true)");
	h_pg_exec(lock, "SELECT pg_advisory_lock(7450003)");     /* no reminders meanwhile */
	h_sqlf(E.db, "UPDATE complaint_stages SET due = now() - interval '1 hour' "
	    "WHERE complaint_no = '%s'", no);
	h_pg_exec(other, "BEGIN");
	h_pg_exec(other, "SELECT 1 FROM complaint_stages WHERE complaint_no = '%s' FOR UPDATE", no);
	h_pg_exec(lock, "SELECT pg_advisory_unlock(7450003)");
	h_wait_daemon_blocked(E.db, "7450003");   /* the sweep chose the stage */
	h_pg_exec(other, "UPDATE complaint_stages SET reminded_at = now(), overdue_days ="
	    " overdue_days + 1 WHERE complaint_no = '%s'", no);
	h_pg_exec(other, "COMMIT");
	h_sleep_ms(1500);   /* that sweep done, and the next one */
	ck_assert_int_eq(h_sql_int(E.db, "SELECT overdue_days FROM complaint_stages WHERE "
	    "complaint_no = '%s' AND seq = 1", no), 1);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM complaint_events WHERE "
	    "complaint_no = '%s' AND kind = 'reminder'", no), 0);
	PQfinish(other);
	PQfinish(lock);
	conn_close(q);
	conn_close(op);
}
END_TEST

/* An overdue stage: a reminder when it goes overdue, not again the same day,
 * none on a day off, again on the next working day; the overdue days are
 * counted on the stage and the complaint is in the overdue queue. */
START_TEST(test_reminders_on_overdue_stage)
{
	struct conn *op = h_connect_as(E.d, "operator");
	struct conn *q = h_connect_as(E.d, "quality");
	char no[32];
	cJSON *p, *r;
	const cJSON *data, *stage;

	h_subscribe(q, "[\"complaints\"]");
	/* A reminder is addressed to the stage's department and its head
	 * (test_departments.c): quality heads cs_manager here. */
	h_sql(E.db, "UPDATE departments SET head = 'quality' WHERE code = 'cs_manager'");
	new_complaint(op, false, no, sizeof no);
	cJSON_Delete(h_expect_ok(classify(q, no, "other", false)));
	/* The daemon's day is the centre's (Asia/Shanghai), not this session's. */
	h_sql(E.db, "INSERT INTO calendar_days (day, working) VALUES (" TODAY ", true)");
	h_sqlf(E.db, "UPDATE complaint_stages SET due = now() - interval '1 hour' "
	    "WHERE complaint_no = '%s'", no);
	p = conn_wait_push(q, "complaint.reminder", H_WAIT_MS);
	ck_assert_msg(p != NULL, "no complaint.reminder");
	data = h_member(p, "data");
	ck_assert_str_eq(h_str(data, "no"), no);
	ck_assert_str_eq(h_str(data, "department"), "cs_manager");
	ck_assert_int_eq(h_int_member(data, "overdue_days"), 1);
	(void)h_time(data, "due");
	cJSON_Delete(p);
	/* complaint.changed with overdue set (after the classification's). */
	while ((p = conn_wait_push(q, "complaint.changed", H_WAIT_MS)) != NULL &&
	    !cJSON_IsTrue(h_member(h_member(p, "data"), "overdue")))
		cJSON_Delete(p);
	ck_assert_msg(p != NULL, "no complaint.changed with overdue");
	cJSON_Delete(p);
	/* Not again the same day (the sweep runs every second). */
	p = conn_wait_push(q, "complaint.reminder", 2500);
	ck_assert_msg(p == NULL, "second reminder the same day: %s", h_show(p));
	/* Reminded yesterday, today a holiday: none. */
	h_sql(E.db, "UPDATE calendar_days SET working = false WHERE day = " TODAY);
	h_sqlf(E.db, "UPDATE complaint_stages SET reminded_at = now() - interval '1 day' "
	    "WHERE complaint_no = '%s'", no);
	p = conn_wait_push(q, "complaint.reminder", 2500);
	ck_assert_msg(p == NULL, "reminder on a day off: %s", h_show(p));
	/* A working day: the second overdue day. */
	h_sql(E.db, "UPDATE calendar_days SET working = true WHERE day = " TODAY);
	p = conn_wait_push(q, "complaint.reminder", H_WAIT_MS);
	ck_assert_msg(p != NULL, "no reminder on the next working day");
	ck_assert_int_eq(h_int_member(h_member(p, "data"), "overdue_days"), 2);
	cJSON_Delete(p);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM complaint_events WHERE "
	    "complaint_no = '%s' AND kind = 'reminder'", no), 2);
	r = get(q, no);
	stage = cJSON_GetArrayItem(h_member(reply_result(r), "stages"), 0);
	ck_assert(cJSON_IsTrue(h_member(stage, "late")));
	ck_assert_int_eq(h_int_member(stage, "overdue_days"), 2);
	cJSON_Delete(r);
	r = h_expect_ok(h_call(q, "complaint.list", "{\"queue\":\"overdue\"}"));
	ck_assert_int_eq(cJSON_GetArraySize(h_member(reply_result(r), "complaints")), 1);
	cJSON_Delete(r);
	/* Advanced: the late stage keeps its record, the complaint is no longer overdue. */
	r = h_expect_ok(advance(q, no));
	ck_assert(cJSON_IsFalse(h_member(reply_result(r), "overdue")));
	cJSON_Delete(r);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT overdue_days FROM complaint_stages WHERE "
	    "complaint_no = '%s' AND seq = 1", no), 2);
	/* Closed, it is listed for the timeliness follow-up; one closed on time is not. */
	struct conn *mgr = h_connect_as(E.d, "manager");
	char on_time[32];
	new_complaint(op, false, on_time, sizeof on_time);
	cJSON_Delete(h_expect_ok(h_callf(q, "complaint.close", "{\"no\":\"%s\","
	    "\"reason\":\"not substantiated\"}", on_time)));
	cJSON_Delete(h_expect_ok(h_callf(mgr, "complaint.approve", "{\"no\":\"%s\"}", no)));
	cJSON_Delete(h_expect_ok(h_callf(q, "complaint.reply", "{\"no\":\"%s\","
	    "\"text\":\"sorry\",\"accepted\":true}", no)));
	r = h_expect_ok(h_call(q, "complaint.list", "{\"queue\":\"late\"}"));
	ck_assert_int_eq(cJSON_GetArraySize(h_member(reply_result(r), "complaints")), 0);
	cJSON_Delete(r);
	cJSON_Delete(h_expect_ok(h_callf(q, "complaint.close", "{\"no\":\"%s\"}", no)));
	r = h_expect_ok(h_call(q, "complaint.list", "{\"queue\":\"late\"}"));
	data = h_member(reply_result(r), "complaints");
	ck_assert_int_eq(cJSON_GetArraySize(data), 1);
	ck_assert_str_eq(h_str(cJSON_GetArrayItem(data, 0), "no"), no);
	cJSON_Delete(r);
	conn_close(mgr);
	conn_close(op);
	conn_close(q);
}
END_TEST

/* A new complaint, classified, and the same finding for it (more: further
 * members, "" or ,"stage":N) sent on a and on b at once; their two answers,
 * both there. */
static void
race_advance(struct conn *op, struct conn *a, struct conn *b, const char *more,
    char *no, size_t no_size, cJSON **ra, cJSON **rb)
{
	char args[128];

	new_complaint(op, false, no, no_size);
	cJSON_Delete(h_expect_ok(classify(a, no, "product", false)));
	snprintf(args, sizeof args, "{\"no\":\"%s\",\"finding\":\"x\"%s}", no, more);
	ck_assert(conn_send(a, "complaint.advance", cJSON_Parse(args)) > 0);
	ck_assert(conn_send(b, "complaint.advance", cJSON_Parse(args)) > 0);
	*ra = conn_wait(a, H_WAIT_MS);
	*rb = conn_wait(b, H_WAIT_MS);
	ck_assert(*ra != NULL && *rb != NULL);
}

/* Two findings for one stage at once: one moves it, the other is told it moved. */
START_TEST(test_advance_race)
{
	struct conn *op = h_connect_as(E.d, "operator");
	struct conn *a = h_connect_as(E.d, "quality");
	struct conn *b = h_connect_as(E.d, "quality");
	char no[32];

	for (int round = 0; round < 5; round++) {
		cJSON *ra, *rb;
		int oks;

		race_advance(op, a, b, "", no, sizeof no, &ra, &rb);
		oks = reply_ok(ra) + reply_ok(rb);
		ck_assert_msg(oks == 1 || oks == 2, "%s / %s", h_show(ra), h_show(rb));
		if (oks == 1)
			ck_assert_str_eq(reply_code(reply_ok(ra) ? rb : ra), "conflict");
		/* Never two findings for one stage; each stage started once. */
		ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM complaint_stages WHERE "
		    "complaint_no = '%s' AND finished_at IS NOT NULL", no), oks);
		ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM complaint_events WHERE "
		    "complaint_no = '%s' AND kind = 'advance'", no), oks);
		cJSON_Delete(ra);
		cJSON_Delete(rb);
	}
	/* Naming the stage, two findings for it finish it once, whatever the order. */
	for (int round = 0; round < 3; round++) {
		cJSON *ra, *rb;

		race_advance(op, a, b, ",\"stage\":1", no, sizeof no, &ra, &rb);
		ck_assert_msg(reply_ok(ra) + reply_ok(rb) == 1, "%s / %s", h_show(ra), h_show(rb));
		ck_assert_str_eq(reply_code(reply_ok(ra) ? rb : ra), "conflict");
		ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM complaint_stages WHERE "
		    "complaint_no = '%s' AND finished_at IS NOT NULL", no), 1);
		cJSON_Delete(ra);
		cJSON_Delete(rb);
	}
	/* A stage that is not the running one; a bad one. */
	h_expect_error(h_callf(a, "complaint.advance", "{\"no\":\"%s\",\"finding\":\"x\","
	    "\"stage\":1}", no), "conflict", "no");
	h_expect_error(h_callf(a, "complaint.advance", "{\"no\":\"%s\",\"finding\":\"x\","
	    "\"stage\":0}", no), "invalid_argument", "stage");
	cJSON_Delete(h_expect_ok(h_callf(a, "complaint.advance", "{\"no\":\"%s\","
	    "\"finding\":\"x\",\"stage\":2}", no)));
	conn_close(op);
	conn_close(a);
	conn_close(b);
}
END_TEST

Suite *
complaint_flow_suite(void)
{
	Suite *s = suite_create("complaint_flow");
	TCase *tc = tcase_create("flow");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, H_TEST_TIMEOUT);
	tcase_add_test(tc, test_product_route_to_the_end);
	tcase_add_test(tc, test_one_stage_categories);
	tcase_add_test(tc, test_deadlines_skip_holidays);
	tcase_add_test(tc, test_abroad);
	tcase_add_test(tc, test_rejected_reply_opens_round_two);
	tcase_add_test(tc, test_major_incident);
	tcase_add_test(tc, test_major_stage_setting);
	tcase_add_test(tc, test_advance_by_department);
	tcase_add_test(tc, test_advance_race);
	tcase_add_test(tc, test_refusals_and_roles);
	tcase_add_test(tc, test_bad_arguments);
	tcase_add_test(tc, test_list_queues_and_pages);
	suite_add_tcase(s, tc);
	tc = tcase_create("reminders");
	tcase_add_checked_fixture(tc, setup_sweeping, teardown);
	tcase_set_timeout(tc, H_TEST_TIMEOUT);
	tcase_add_test(tc, test_reminders_on_overdue_stage);
	tcase_add_test(tc, test_reminder_once_when_raced);
	suite_add_tcase(s, tc);
	return s;
}
