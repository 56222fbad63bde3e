/*
 * test_policy.c: policies as data: policy.get (shape, roles), policy.set
 * (arrival and reply hours that the next registration uses, on this daemon
 * and, after the announcement, on another one; settings; approval limits
 * and the labour price list with their audit; every bad row named; the
 * policy.changed push), and calendar.set (holidays, make-up days and
 * working hours that change the arrival deadline; no working day at all;
 * bad rows). Expected deadlines are computed here with common/calendar.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/calendar.h"
#include "common/settings.h"
#include "tests/integration/harness.h"
#include "tests/integration/suites.h"

H_ENV_FIXTURE(E)

#define expect_near(got, want, what) expect_near_at(__LINE__, got, want, what)
static void
expect_near_at(int line, time_t got, time_t want, const char *what)
{
	ck_assert_msg(labs((long)(got - want)) <= 2, "line %d: %s is %ld s off (got %ld, want %ld)",
	    line, what, (long)(got - want), (long)got, (long)want);
}

/* The default calendar (Mon-Fri 08:30-17:30 at +08:00). */
static void
default_calendar(struct calendar *cal)
{
	calendar_init(cal, H_CENTRE_OFFSET);
}

static void
add_day(struct calendar *cal, const char *day, bool working)
{
	int y, m, d;

	ck_assert(sscanf(day, "%d-%d-%d", &y, &m, &d) == 3);
	ck_assert(calendar_add_day(cal, y, m, d, working));
}

/*
 * After a policy change, most tests give the daemon a moment to reload its
 * cached policies, to check what the change does independently of when it
 * takes effect; test_policy_applies_at_once checks that it does so before
 * policy.set answers ("the new hours apply to calls registered afterwards").
 */
static void
settle(void)
{
	h_sleep_ms(500);
}

/* Registers a call of type and region; returns the reply (caller frees). */
static cJSON *
register_call(struct conn *op, const char *type, const char *region)
{
	return h_new_ticket(op, type, region, NULL, 0);
}

/* Registers and checks the arrival deadline is `hours` business hours of
 * cal after created_at (hours 0: none); the reply deadline reply_hours
 * plain hours after. */
#define expect_deadlines(op, type, region, cal, hours, reply_hours) \
	expect_deadlines_at(__LINE__, op, type, region, cal, hours, reply_hours)
static time_t
expect_deadlines_at(int line, struct conn *op, const char *type, const char *region,
    const struct calendar *cal, double hours, double reply_hours)
{
	cJSON *r = register_call(op, type, region);
	const cJSON *t = reply_result(r);
	time_t created = h_time(t, "created_at"), due = 0;
	char what[96];

	snprintf(what, sizeof what, "%s %s reply_due", type, region);
	expect_near_at(line, h_time(t, "reply_due"), created + (time_t)(reply_hours * 3600), what);
	snprintf(what, sizeof what, "%s %s arrival_due (%g business hours)", type, region, hours);
	if (hours > 0) {
		due = h_time(t, "arrival_due");
		expect_near_at(line, due, calendar_add_business_hours(cal, created, hours), what);
	} else
		ck_assert_msg(h_is_null(t, "arrival_due"), "line %d: %s: %s", line, what, h_show(t));
	cJSON_Delete(r);
	return due;
}

/* --- policy.get */

START_TEST(test_policy_get)
{
	struct conn *c = h_connect_as(E.d, "dispatcher");
	cJSON *r = h_expect_ok(h_call(c, "policy.get", NULL));
	const cJSON *res = reply_result(r), *row, *settings;
	int rows = 0;

	cJSON_ArrayForEach(row, h_member(res, "sla")) {
		const char *region = h_str(row, "region"), *type = h_str(row, "type");
		const cJSON *arrival = h_member(row, "arrival_hours");
		double want = strcmp(region, "urban") == 0 ? 6 : strcmp(region, "suburban") == 0 ?
		    7 : 24;

		rows++;
		ck_assert_msg(strchr("BYZQ", type[0]) != NULL && type[1] == '\0', "%s", h_show(row));
		if (type[0] == 'B' || type[0] == 'Y')
			ck_assert_msg(cJSON_IsNumber(arrival) && arrival->valuedouble == want, "%s",
			    h_show(row));
		else
			ck_assert_msg(cJSON_IsNull(arrival), "%s", h_show(row));
		ck_assert_msg(cJSON_IsNumber(h_member(row, "reply_hours")) &&
		    h_member(row, "reply_hours")->valuedouble == 24, "%s", h_show(row));
	}
	ck_assert_int_eq(rows, 12);
	ck_assert_int_eq(cJSON_GetArraySize(h_member(res, "working_hours")), 5);
	for (int i = 0; i < 5; i++) {
		row = cJSON_GetArrayItem(h_member(res, "working_hours"), i);
		ck_assert_int_eq((int)h_member(row, "weekday")->valuedouble, i + 1);
		ck_assert_str_eq(h_str(row, "opens"), "08:30");
		ck_assert_str_eq(h_str(row, "closes"), "17:30");
	}
	ck_assert_msg(cJSON_IsArray(h_member(res, "days")) &&
	    cJSON_GetArraySize(h_member(res, "days")) == 0, "%s", h_show(res));
	settings = h_member(res, "settings");
	ck_assert_str_eq(h_str(settings, "time_zone"), "Asia/Shanghai");
	ck_assert_int_eq((int)h_member(settings, "repeat_window_days")->valuedouble, 90);
	ck_assert_int_eq((int)h_member(settings, "default_warranty_months")->valuedouble, 12);
	/* Every setting ships with the value common/settings.c says, in its
	 * range, and the database holds no other whole-number setting. */
	int n = 0;
	for (const struct setting_def *d = setting_defs; d->key != NULL; d++, n++) {
		const cJSON *v = h_member(settings, d->key);
		ck_assert_msg(cJSON_IsNumber(v) && v->valuedouble == (double)d->shipped,
		    "%s: %s", d->key, h_show(settings));
		ck_assert(d->min <= d->shipped && d->shipped <= d->max);
		ck_assert_int_eq(h_sql_int(E.db, "SELECT setting_int('%s')", d->key), d->shipped);
	}
	ck_assert_int_eq(cJSON_GetArraySize(settings), n + 1);   /* and time_zone */
	cJSON_Delete(r);
	conn_close(c);

	static const char *const allowed[] = { "admin", "manager" };
	for (size_t i = 0; i < 2; i++) {
		c = h_connect_as(E.d, allowed[i]);
		cJSON_Delete(h_expect_ok(h_call(c, "policy.get", NULL)));
		conn_close(c);
	}
	static const char *const refused[] = { "operator", "technician", "quality" };
	for (size_t i = 0; i < 3; i++) {
		c = h_connect_as(E.d, refused[i]);
		h_expect_error(h_call(c, "policy.get", NULL), "forbidden", NULL);
		conn_close(c);
	}
}
END_TEST

/* --- policy.set */

static const cJSON *
sla_row(const cJSON *policies, const char *region, const char *type)
{
	const cJSON *row;

	cJSON_ArrayForEach(row, h_member(policies, "sla"))
		if (strcmp(h_str(row, "region"), region) == 0 && strcmp(h_str(row, "type"), type) == 0)
			return row;
	ck_abort_msg("no sla row %s %s", region, type);
	return NULL;
}

START_TEST(test_policy_set_hours)
{
	struct conn *admin = h_connect_as(E.d, "admin"), *op = h_connect_as(E.d, "operator");
	struct calendar cal;
	cJSON *r;
	const cJSON *row;

	default_calendar(&cal);
	r = h_expect_ok(h_call(admin, "policy.set", "{\"sla\":[{\"region\":\"urban\",\"type\":"
	    "\"B\",\"arrival_hours\":2},{\"region\":\"suburban\",\"type\":\"B\",\"arrival_hours\":"
	    "1.5,\"reply_hours\":48},{\"region\":\"county\",\"type\":\"B\",\"arrival_hours\":null}],"
	    "\"settings\":{\"repeat_window_days\":60,\"markup_cap_percent\":20}}"));
	settle();
	/* The answer: the policies after the change; reply_hours kept when absent. */
	row = sla_row(reply_result(r), "urban", "B");
	ck_assert_msg(h_member(row, "arrival_hours")->valuedouble == 2 &&
	    h_member(row, "reply_hours")->valuedouble == 24, "%s", h_show(row));
	row = sla_row(reply_result(r), "suburban", "B");
	ck_assert_msg(h_member(row, "arrival_hours")->valuedouble == 1.5 &&
	    h_member(row, "reply_hours")->valuedouble == 48, "%s", h_show(row));
	ck_assert_msg(cJSON_IsNull(h_member(sla_row(reply_result(r), "county", "B"), "arrival_hours")),
	    "%s", h_show(r));
	ck_assert_msg(h_member(sla_row(reply_result(r), "urban", "Y"), "arrival_hours")->valuedouble
	    == 6, "%s", h_show(r));
	ck_assert_int_eq((int)h_member(h_member(reply_result(r), "settings"),
	    "repeat_window_days")->valuedouble, 60);
	ck_assert_int_eq((int)h_member(h_member(reply_result(r), "settings"),
	    "markup_cap_percent")->valuedouble, 20);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT setting_int('markup_cap_percent')"), 20);
	cJSON_Delete(r);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM audit_log WHERE "
	    "action = 'policy.set' AND actor = 'admin'"), 1);

	/* Registered right after the answer: the new hours apply. */
	expect_deadlines(op, "B", "urban", &cal, 2, 24);
	expect_deadlines(op, "B", "suburban", &cal, 1.5, 48);
	expect_deadlines(op, "B", "county", &cal, 0, 24);
	/* Untouched rows keep theirs. */
	expect_deadlines(op, "Y", "urban", &cal, 6, 24);
	expect_deadlines(op, "Y", "county", &cal, 24, 24);

	/* Z gets an arrival deadline when given one; only reply_hours of a row
	 * can change too. */
	cJSON_Delete(h_expect_ok(h_call(admin, "policy.set", "{\"sla\":[{\"region\":\"urban\","
	    "\"type\":\"Z\",\"arrival_hours\":3,\"reply_hours\":12}]}")));
	settle();
	expect_deadlines(op, "Z", "urban", &cal, 3, 12);
	expect_deadlines(op, "B", "urban", &cal, 2, 24);
	/* An empty change is fine and changes nothing. */
	cJSON_Delete(h_expect_ok(h_call(admin, "policy.set", "{}")));
	settle();
	expect_deadlines(op, "B", "urban", &cal, 2, 24);
	conn_close(admin);
	conn_close(op);
}
END_TEST

/* "The new hours apply to calls registered afterwards": a call registered
 * as soon as policy.set has answered, again and again. */
START_TEST(test_policy_applies_at_once)
{
	struct conn *admin = h_connect_as(E.d, "admin"), *op = h_connect_as(E.d, "operator");
	struct calendar cal;

	default_calendar(&cal);
	for (int i = 0; i < 8; i++) {
		double hours = i % 2 ? 2 : 3;
		cJSON_Delete(h_expect_ok(h_callf(admin, "policy.set", "{\"sla\":[{\"region\":"
		    "\"urban\",\"type\":\"B\",\"arrival_hours\":%g}]}", hours)));
		expect_deadlines(op, "B", "urban", &cal, hours, 24);
	}
	conn_close(admin);
	conn_close(op);
}
END_TEST

START_TEST(test_policy_reaches_other_daemon)
{
	struct h_daemon *d2 = h_daemon_start(E.db, NULL);
	struct conn *admin = h_connect_as(E.d, "admin"), *op2 = h_connect_as(d2, "operator");
	struct calendar cal;
	long long start, took = -1;

	default_calendar(&cal);
	h_wait_listeners(E.db, 2);
	expect_deadlines(op2, "B", "urban", &cal, 6, 24);
	start = h_now_ms();
	cJSON_Delete(h_expect_ok(h_call(admin, "policy.set", "{\"sla\":[{\"region\":\"urban\","
	    "\"type\":\"B\",\"arrival_hours\":2}]}")));
	/* The other daemon reloads within a couple of seconds. */
	while (h_now_ms() - start < 2000) {
		cJSON *r = register_call(op2, "B", "urban");
		const cJSON *t = reply_result(r);
		time_t want = calendar_add_business_hours(&cal, h_time(t, "created_at"), 2);
		bool done = labs((long)(h_time(t, "arrival_due") - want)) <= 2;

		cJSON_Delete(r);
		if (done) {
			took = h_now_ms() - start;
			break;
		}
		h_sleep_ms(100);
	}
	ck_assert_msg(took >= 0, "the second daemon still used the old hours after 2 s");
	expect_deadlines(op2, "B", "urban", &cal, 2, 24);
	/* The calendar too. */
	cJSON_Delete(h_expect_ok(h_call(admin, "calendar.set", "{\"working_hours\":["
	    "{\"weekday\":1,\"opens\":\"00:00\",\"closes\":\"24:00\"},"
	    "{\"weekday\":2,\"opens\":\"00:00\",\"closes\":\"24:00\"},"
	    "{\"weekday\":3,\"opens\":\"00:00\",\"closes\":\"24:00\"},"
	    "{\"weekday\":4,\"opens\":\"00:00\",\"closes\":\"24:00\"},"
	    "{\"weekday\":5,\"opens\":\"00:00\",\"closes\":\"24:00\"},"
	    "{\"weekday\":6,\"opens\":\"00:00\",\"closes\":\"24:00\"},"
	    "{\"weekday\":7,\"opens\":\"00:00\",\"closes\":\"24:00\"}]}")));
	start = h_now_ms();
	took = -1;
	while (h_now_ms() - start < 2000) {
		cJSON *r = register_call(op2, "B", "urban");
		const cJSON *t = reply_result(r);
		bool done = labs((long)(h_time(t, "arrival_due") - h_time(t, "created_at") -
		    2 * 3600)) <= 2;

		cJSON_Delete(r);
		if (done) {
			took = h_now_ms() - start;
			break;
		}
		h_sleep_ms(100);
	}
	ck_assert_msg(took >= 0, "the second daemon still used the old calendar after 2 s");
	conn_close(admin);
	conn_close(op2);
	h_daemon_stop(d2);
}
END_TEST

START_TEST(test_policy_set_errors)
{
	static const struct { const char *args, *field; } bad[] = {
		{ "{\"sla\":[{\"region\":\"mars\",\"type\":\"B\",\"arrival_hours\":2}]}", "sla[0].region" },
		{ "{\"sla\":[{\"type\":\"B\",\"arrival_hours\":2}]}", "sla[0].region" },
		{ "{\"sla\":[{\"region\":\"urban\",\"type\":\"B\",\"arrival_hours\":2},"
		  "{\"region\":\"urban\",\"type\":\"X\",\"arrival_hours\":2}]}", "sla[1].type" },
		{ "{\"sla\":[{\"region\":\"urban\",\"arrival_hours\":2}]}", "sla[0].type" },
		{ "{\"sla\":[{\"region\":\"urban\",\"type\":\"B\",\"arrival_hours\":0}]}", "sla[0]" },
		{ "{\"sla\":[{\"region\":\"urban\",\"type\":\"B\",\"arrival_hours\":-3}]}", "sla[0]" },
		{ "{\"sla\":[{\"region\":\"urban\",\"type\":\"B\",\"arrival_hours\":1001}]}", "sla[0]" },
		{ "{\"sla\":[{\"region\":\"urban\",\"type\":\"B\",\"arrival_hours\":\"6\"}]}", "sla[0]" },
		{ "{\"sla\":[{\"region\":\"urban\",\"type\":\"B\",\"arrival_hours\":6,"
		  "\"reply_hours\":0}]}", "sla[0]" },
		{ "{\"sla\":[{\"region\":\"urban\",\"type\":\"B\",\"arrival_hours\":6,"
		  "\"reply_hours\":1000.5}]}", "sla[0]" },
		{ "{\"sla\":{\"region\":\"urban\"}}", "sla" },
		{ "{\"sla\":\"urban B 2\"}", "sla" },
		{ "{\"settings\":[]}", "settings" },
		{ "{\"settings\":{\"repeat_window_days\":0}}", "settings.repeat_window_days" },
		{ "{\"settings\":{\"repeat_window_days\":3651}}", "settings.repeat_window_days" },
		{ "{\"settings\":{\"repeat_window_days\":\"30\"}}", "settings.repeat_window_days" },
		{ "{\"settings\":{\"repeat_window_days\":30.5}}", "settings.repeat_window_days" },
		{ "{\"settings\":{\"default_warranty_months\":121}}", "settings.default_warranty_months" },
		{ "{\"settings\":{\"default_warranty_months\":-1}}", "settings.default_warranty_months" },
		{ "{\"settings\":{\"markup_cap_percent\":101}}", "settings.markup_cap_percent" },
		{ "{\"settings\":{\"unsatisfied_score\":-1}}", "settings.unsatisfied_score" },
		{ "{\"settings\":{\"overdue_penalty_per_day\":\"50\"}}", "settings.overdue_penalty_per_day" },
		{ "{\"settings\":{\"\u4e2d\u4e2d\u4e2d\u4e2d\u4e2d\u4e2d\u4e2d\u4e2d\u4e2d\u4e2d\u4e2d\u4e2d\u4e2d\u4e2d\":1}}", "settings" },
		/* A good row before a bad one: nothing is saved. */
		{ "{\"sla\":[{\"region\":\"urban\",\"type\":\"B\",\"arrival_hours\":1}],"
		  "\"settings\":{\"repeat_window_days\":0}}", "settings.repeat_window_days" },
	};
	struct conn *admin = h_connect_as(E.d, "admin"), *op = h_connect_as(E.d, "operator");
	struct calendar cal;
	cJSON *before, *after;
	char *b, *a;

	before = h_expect_ok(h_call(admin, "policy.get", NULL));
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		h_expect_error(h_call(admin, "policy.set", bad[i].args), "invalid_argument",
		    bad[i].field);
	/* Unknown settings (the time zone is not one) are refused. */
	{
		cJSON *r = h_call(admin, "policy.set", "{\"settings\":{\"time_zone\":\"UTC\"}}");
		ck_assert_msg(!reply_ok(r) && strcmp(reply_code(r), "invalid_argument") == 0 &&
		    strncmp(reply_field(r), "settings", 8) == 0, "%s", h_show(r));
		cJSON_Delete(r);
	}
	after = h_expect_ok(h_call(admin, "policy.get", NULL));
	b = cJSON_PrintUnformatted(reply_result(before));
	a = cJSON_PrintUnformatted(reply_result(after));
	ck_assert_str_eq(a, b);
	cJSON_free(a);
	cJSON_free(b);
	cJSON_Delete(before);
	cJSON_Delete(after);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM audit_log WHERE "
	    "action = 'policy.set'"), 0);
	default_calendar(&cal);
	expect_deadlines(op, "B", "urban", &cal, 6, 24);
	conn_close(admin);
	conn_close(op);

	/* Only an admin changes policies. */
	static const char *const refused[] = { "manager", "dispatcher", "operator", "technician",
	    "quality" };
	for (size_t i = 0; i < sizeof refused / sizeof *refused; i++) {
		struct conn *c = h_connect_as(E.d, refused[i]);
		h_expect_error(h_call(c, "policy.set", "{\"sla\":[{\"region\":\"urban\",\"type\":"
		    "\"B\",\"arrival_hours\":1}]}"), "forbidden", NULL);
		h_expect_error(h_call(c, "calendar.set", "{\"days\":[{\"day\":\"2030-01-01\","
		    "\"working\":false}]}"), "forbidden", NULL);
		conn_close(c);
	}
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM sla_policies WHERE "
	    "arrival_hours = 1"), 0);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM calendar_days"), 0);
}
END_TEST

/* approval_limits and labour_prices: policy.get's shipped lists, a change
 * read back (a key left out kept, null no limit), the audit's before and
 * after, every bad list refused on its field with nothing saved. */
START_TEST(test_policy_lists)
{
	static const struct { const char *args, *field; } bad[] = {
		{ "{\"approval_limits\":{}}", "approval_limits" },
		{ "{\"approval_limits\":[7]}", "approval_limits[0]" },
		{ "{\"approval_limits\":[{\"role\":\"boss\"}]}", "approval_limits[0].role" },
		{ "{\"approval_limits\":[{\"per_month\":1}]}", "approval_limits[0].role" },
		{ "{\"approval_limits\":[{\"role\":\"supervisor\",\"per_month\":-1}]}",
		  "approval_limits[0].per_month" },
		{ "{\"approval_limits\":[{\"role\":\"supervisor\",\"per_month\":1001}]}",
		  "approval_limits[0].per_month" },
		{ "{\"approval_limits\":[{\"role\":\"supervisor\",\"max_amount\":1.5}]}",
		  "approval_limits[0].max_amount" },
		{ "{\"approval_limits\":[{\"role\":\"supervisor\",\"max_amount\":\"400\"}]}",
		  "approval_limits[0].max_amount" },
		{ "{\"approval_limits\":[{\"role\":\"supervisor\"},{\"role\":\"supervisor\"}]}",
		  "approval_limits[1]" },
		{ "{\"labour_prices\":[]}", "labour_prices" },
		{ "{\"labour_prices\":{}}", "labour_prices" },
		{ "{\"labour_prices\":[1]}", "labour_prices[0]" },
		{ "{\"labour_prices\":[{\"up_to_minutes\":0,\"fee\":1}]}",
		  "labour_prices[0].up_to_minutes" },
		{ "{\"labour_prices\":[{\"up_to_minutes\":1441,\"fee\":1}]}",
		  "labour_prices[0].up_to_minutes" },
		{ "{\"labour_prices\":[{\"up_to_minutes\":30}]}", "labour_prices[0].fee" },
		{ "{\"labour_prices\":[{\"up_to_minutes\":30,\"fee\":-1}]}",
		  "labour_prices[0].fee" },
		{ "{\"labour_prices\":[{\"up_to_minutes\":30,\"fee\":100000001}]}",
		  "labour_prices[0].fee" },
		{ "{\"labour_prices\":[{\"up_to_minutes\":30,\"fee\":1},"
		  "{\"up_to_minutes\":30,\"fee\":2}]}", "labour_prices[1].up_to_minutes" },
		/* a good setting beside a bad list: nothing saved */
		{ "{\"settings\":{\"markup_cap_percent\":10},\"labour_prices\":[]}",
		  "labour_prices" },
	};
	struct conn *admin = h_connect_as(E.d, "admin"), *mgr = h_connect_as(E.d, "manager");
	cJSON *r = h_expect_ok(h_call(mgr, "policy.get", NULL));
	const cJSON *res = reply_result(r), *l;
	char before[64];

	l = h_member(res, "approval_limits");
	ck_assert_int_eq(cJSON_GetArraySize(l), 3);
	ck_assert_str_eq(h_str(cJSON_GetArrayItem(l, 0), "role"), "supervisor");
	ck_assert_int_eq(h_int_member(cJSON_GetArrayItem(l, 0), "per_month"), 2);
	ck_assert_int_eq(h_int_member(cJSON_GetArrayItem(l, 0), "max_amount"), 40000);
	ck_assert_str_eq(h_str(cJSON_GetArrayItem(l, 1), "role"), "regional_manager");
	ck_assert_int_eq(h_int_member(cJSON_GetArrayItem(l, 1), "per_month"), 1);
	ck_assert_int_eq(h_int_member(cJSON_GetArrayItem(l, 1), "max_amount"), 30000);
	ck_assert_str_eq(h_str(cJSON_GetArrayItem(l, 2), "role"), "aftersales_manager");
	ck_assert(h_is_null(cJSON_GetArrayItem(l, 2), "per_month"));
	ck_assert(h_is_null(cJSON_GetArrayItem(l, 2), "max_amount"));
	l = h_member(res, "labour_prices");
	ck_assert_int_eq(cJSON_GetArraySize(l), 48);
	ck_assert_int_eq(h_int_member(cJSON_GetArrayItem(l, 0), "up_to_minutes"), 30);
	ck_assert_int_eq(h_int_member(cJSON_GetArrayItem(l, 0), "fee"), 3000);
	cJSON_Delete(r);

	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		h_expect_error(h_call(admin, "policy.set", bad[i].args), "invalid_argument",
		    bad[i].field);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM labour_prices"), 48);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT setting_int('markup_cap_percent')"), 16);

	r = h_expect_ok(h_call(admin, "policy.set", "{\"approval_limits\":[{\"role\":"
	    "\"regional_manager\",\"per_month\":3},{\"role\":\"supervisor\","
	    "\"max_amount\":null}],\"labour_prices\":[{\"up_to_minutes\":90,\"fee\":9000},"
	    "{\"up_to_minutes\":45,\"fee\":4500}]}"));
	res = reply_result(r);
	l = h_member(res, "approval_limits");
	ck_assert_int_eq(h_int_member(cJSON_GetArrayItem(l, 0), "per_month"), 2);
	ck_assert(h_is_null(cJSON_GetArrayItem(l, 0), "max_amount"));
	ck_assert_int_eq(h_int_member(cJSON_GetArrayItem(l, 1), "per_month"), 3);
	ck_assert_int_eq(h_int_member(cJSON_GetArrayItem(l, 1), "max_amount"), 30000);
	l = h_member(res, "labour_prices");
	ck_assert_int_eq(cJSON_GetArraySize(l), 2);
	ck_assert_int_eq(h_int_member(cJSON_GetArrayItem(l, 0), "up_to_minutes"), 45);
	ck_assert_int_eq(h_int_member(cJSON_GetArrayItem(l, 1), "fee"), 9000);
	cJSON_Delete(r);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT labour_fee(60)"), 9000);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT labour_fee(600)"), 9000);
	/* The audit row: who, the change and what it was before. */
	h_sql_value(E.db, "SELECT actor || '|' || (details->'before'->'labour_prices'->0->>'fee')"
	    " || '|' || jsonb_array_length(details->'before'->'labour_prices') || '|' ||"
	    " (details->'labour_prices'->0->>'fee') FROM audit_log WHERE action = 'policy.set'",
	    before, sizeof before);
	ck_assert_str_eq(before, "admin|3000|48|9000");
	conn_close(admin);
	conn_close(mgr);
}
END_TEST

/* A change is pushed to every subscribed client as policy.changed. */
START_TEST(test_policy_changed_pushed)
{
	struct conn *admin = h_connect_as(E.d, "admin"), *mgr = h_connect_as(E.d, "manager");
	cJSON *p;

	h_subscribe(mgr, "[\"tickets\"]");
	cJSON_Delete(h_expect_ok(h_call(admin, "calendar.set", "{\"days\":[{\"day\":"
	    "\"2030-10-01\",\"working\":false,\"name\":\"国庆节\"}]}")));
	p = conn_wait_push(mgr, "policy.changed", H_WAIT_MS);
	ck_assert_msg(p != NULL, "no policy.changed push");
	cJSON_Delete(p);
	conn_close(admin);
	conn_close(mgr);
}
END_TEST

/* A reply that must be either ok or invalid_argument naming field (never
 * internal: a client's request is not a bug in the daemon). True when ok;
 * frees the reply. */
#define ok_or_invalid(r, field) ok_or_invalid_at(__LINE__, r, field)
static bool
ok_or_invalid_at(int line, cJSON *r, const char *field)
{
	bool ok = reply_ok(r);

	ck_assert_msg(ok || (strcmp(reply_code(r), "invalid_argument") == 0 &&
	    strcmp(reply_field(r), field) == 0), "line %d: want ok or invalid_argument on %s, "
	    "got %.300s", line, field, h_show(r));
	cJSON_Delete(r);
	return ok;
}

/* Requests the checks let through but the database cannot take as they
 * are: the same row twice in one policy.set; hours above 0 (as documented)
 * but below the stored precision; the same day twice in one calendar.set. */
START_TEST(test_policy_set_same_row_twice)
{
	struct conn *admin = h_connect_as(E.d, "admin");

	if (ok_or_invalid(h_call(admin, "policy.set", "{\"sla\":[{\"region\":\"urban\","
	    "\"type\":\"B\",\"arrival_hours\":2},{\"region\":\"urban\",\"type\":\"B\","
	    "\"arrival_hours\":3}]}"), "sla[1]"))
		ck_assert_int_eq(h_sql_int(E.db, "SELECT arrival_hours * 100 FROM sla_policies "
		    "WHERE region = 'urban' AND ticket_type = 'B'"), 300);
	cJSON_Delete(h_expect_ok(h_call(admin, "policy.get", NULL)));
	conn_close(admin);
}
END_TEST

START_TEST(test_policy_set_tiny_hours)
{
	struct conn *admin = h_connect_as(E.d, "admin");

	if (ok_or_invalid(h_call(admin, "policy.set", "{\"sla\":[{\"region\":\"suburban\","
	    "\"type\":\"B\",\"arrival_hours\":0.001}]}"), "sla[0]"))
		ck_assert_int_gt(h_sql_int(E.db, "SELECT arrival_hours * 1000 FROM sla_policies "
		    "WHERE region = 'suburban' AND ticket_type = 'B'"), 0);
	conn_close(admin);
}
END_TEST

START_TEST(test_calendar_same_day_twice)
{
	struct conn *admin = h_connect_as(E.d, "admin");

	if (ok_or_invalid(h_call(admin, "calendar.set", "{\"days\":[{\"day\":\"2030-01-01\","
	    "\"working\":false},{\"day\":\"2030-01-01\",\"working\":true}]}"), "days[1]"))
		ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM calendar_days WHERE "
		    "day = '2030-01-01' AND working"), 1);
	cJSON_Delete(h_expect_ok(h_call(admin, "policy.get", NULL)));
	conn_close(admin);
}
END_TEST

/* --- calendar.set */

START_TEST(test_calendar_holiday)
{
	struct conn *admin = h_connect_as(E.d, "admin"), *op = h_connect_as(E.d, "operator");
	struct calendar cal, holiday;
	char today[16], due_day[16], args[512];
	time_t now = time(NULL), plain, due;
	cJSON *r;
	const cJSON *day;

	/* A holiday today and on the day the deadline would fall on (that day
	 * always holds some of the 6 business hours, so the deadline moves). */
	default_calendar(&cal);
	h_centre_date(now, 0, today, sizeof today);
	plain = calendar_add_business_hours(&cal, now, 6);
	h_centre_date(plain, 0, due_day, sizeof due_day);
	if (strcmp(today, due_day) == 0)
		snprintf(args, sizeof args, "{\"days\":[{\"day\":\"%s\",\"working\":false,"
		    "\"name\":\"测试假日\"}]}", today);
	else
		snprintf(args, sizeof args, "{\"days\":[{\"day\":\"%s\",\"working\":false,"
		    "\"name\":\"测试假日\"},{\"day\":\"%s\",\"working\":false}]}", today, due_day);
	r = h_expect_ok(h_call(admin, "calendar.set", args));
	settle();
	day = cJSON_GetArrayItem(h_member(reply_result(r), "days"), 0);
	ck_assert_str_eq(h_str(day, "day"), today);
	ck_assert(cJSON_IsFalse(h_member(day, "working")));
	ck_assert_str_eq(h_str(day, "name"), "测试假日");
	cJSON_Delete(r);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM audit_log WHERE "
	    "action = 'calendar.set' AND actor = 'admin'"), 1);

	holiday = cal;
	add_day(&holiday, today, false);
	add_day(&holiday, due_day, false);
	due = expect_deadlines(op, "B", "urban", &holiday, 6, 24);
	ck_assert_msg(due - plain > 3600, "the holidays did not move the deadline (%ld -> %ld)",
	    (long)plain, (long)due);
	expect_deadlines(op, "Y", "county", &holiday, 24, 24);

	/* Removed again: back to the plain calendar. */
	snprintf(args, sizeof args, "{\"remove_days\":[\"%s\",\"%s\"]}", today, due_day);
	r = h_expect_ok(h_call(admin, "calendar.set", args));
	settle();
	ck_assert_int_eq(cJSON_GetArraySize(h_member(reply_result(r), "days")), 0);
	cJSON_Delete(r);
	/* The audit row of the removal holds the holiday as it was. */
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM audit_log WHERE action = "
	    "'calendar.set' AND details->'before'->'days' @> '[{\"day\": \"%s\", \"working\": "
	    "false, \"name\": \"测试假日\"}]'", today), 1);
	expect_deadlines(op, "B", "urban", &cal, 6, 24);

	/* A make-up working day on each of the next weekend days: 24 business
	 * hours (county) run through them. */
	{
		struct calendar makeup = cal;
		char list[512] = "", d[16];
		int n = 0;
		for (int i = 1; i <= 7; i++) {
			time_t t = now + (time_t)i * 86400 + H_CENTRE_OFFSET;
			struct tm tm;
			gmtime_r(&t, &tm);
			if (tm.tm_wday != 0 && tm.tm_wday != 6)
				continue;
			h_centre_date(now, i, d, sizeof d);
			add_day(&makeup, d, true);
			snprintf(list + strlen(list), sizeof list - strlen(list),
			    "%s{\"day\":\"%s\",\"working\":true,\"name\":\"调休\"}", n++ ? "," : "", d);
		}
		snprintf(args, sizeof args, "{\"days\":[%s]}", list);
		cJSON_Delete(h_expect_ok(h_call(admin, "calendar.set", args)));
		settle();
		expect_deadlines(op, "B", "county", &makeup, 24, 24);
		expect_deadlines(op, "B", "suburban", &makeup, 7, 24);
	}
	conn_close(admin);
	conn_close(op);
}
END_TEST

START_TEST(test_calendar_working_hours)
{
	struct conn *admin = h_connect_as(E.d, "admin"), *op = h_connect_as(E.d, "operator");
	struct calendar cal;
	cJSON *r;
	const cJSON *t;
	char week[1024] = "";

	/* Around the clock, every day: business hours are plain hours. */
	for (int wd = 1; wd <= 7; wd++)
		snprintf(week + strlen(week), sizeof week - strlen(week),
		    "%s{\"weekday\":%d,\"opens\":\"00:00\",\"closes\":\"24:00\"}", wd > 1 ? "," : "", wd);
	r = h_expect_ok(h_callf(admin, "calendar.set", "{\"working_hours\":[%s]}", week));
	settle();
	ck_assert_int_eq(cJSON_GetArraySize(h_member(reply_result(r), "working_hours")), 7);
	ck_assert_str_eq(h_str(cJSON_GetArrayItem(h_member(reply_result(r), "working_hours"), 6),
	    "closes"), "24:00");
	cJSON_Delete(r);
	r = register_call(op, "B", "urban");
	t = reply_result(r);
	expect_near(h_time(t, "arrival_due"), h_time(t, "created_at") + 6 * 3600, "arrival_due");
	cJSON_Delete(r);

	/* Monday to Saturday 09:00-18:00. */
	r = h_expect_ok(h_call(admin, "calendar.set", "{\"working_hours\":["
	    "{\"weekday\":1,\"opens\":\"09:00\",\"closes\":\"18:00\"},"
	    "{\"weekday\":2,\"opens\":\"09:00\",\"closes\":\"18:00\"},"
	    "{\"weekday\":3,\"opens\":\"09:00\",\"closes\":\"18:00\"},"
	    "{\"weekday\":4,\"opens\":\"09:00\",\"closes\":\"18:00\"},"
	    "{\"weekday\":5,\"opens\":\"09:00\",\"closes\":\"18:00\"},"
	    "{\"weekday\":6,\"opens\":\"09:00\",\"closes\":\"18:00\"}]}"));
	settle();
	ck_assert_int_eq(cJSON_GetArraySize(h_member(reply_result(r), "working_hours")), 6);
	cJSON_Delete(r);
	calendar_init(&cal, H_CENTRE_OFFSET);
	for (int wd = 1; wd <= 6; wd++)
		ck_assert(calendar_set_hours(&cal, wd, 9 * 60, 18 * 60));
	ck_assert(calendar_close_day(&cal, 7));
	expect_deadlines(op, "B", "urban", &cal, 6, 24);
	expect_deadlines(op, "Y", "county", &cal, 24, 24);

	/* No working day at all: no arrival deadline (the reply one stays). */
	cJSON_Delete(h_expect_ok(h_call(admin, "calendar.set", "{\"working_hours\":[]}")));
	settle();
	expect_deadlines(op, "B", "urban", &cal, 0, 24);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM working_hours"), 0);
	/* Days given without working_hours leave the week alone. */
	cJSON_Delete(h_expect_ok(h_call(admin, "calendar.set", "{\"working_hours\":["
	    "{\"weekday\":3,\"opens\":\"08:30\",\"closes\":\"17:30\"}]}")));
	cJSON_Delete(h_expect_ok(h_call(admin, "calendar.set", "{\"days\":[{\"day\":"
	    "\"2030-01-01\",\"working\":false}]}")));
	settle();
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM working_hours"), 1);
	calendar_init(&cal, H_CENTRE_OFFSET);
	for (int wd = 1; wd <= 7; wd++)
		if (wd != 3)
			ck_assert(calendar_close_day(&cal, wd));
	add_day(&cal, "2030-01-01", false);
	expect_deadlines(op, "B", "suburban", &cal, 7, 24);
	conn_close(admin);
	conn_close(op);
}
END_TEST

START_TEST(test_calendar_errors)
{
	static const struct { const char *args, *field; } bad[] = {
		{ "{\"working_hours\":\"Mon-Fri\"}", "working_hours" },
		{ "{\"working_hours\":{}}", "working_hours" },
		{ "{\"working_hours\":[{\"weekday\":8,\"opens\":\"08:30\",\"closes\":\"17:30\"}]}",
		  "working_hours[0]" },
		{ "{\"working_hours\":[{\"weekday\":0,\"opens\":\"08:30\",\"closes\":\"17:30\"}]}",
		  "working_hours[0]" },
		{ "{\"working_hours\":[{\"opens\":\"08:30\",\"closes\":\"17:30\"}]}", "working_hours[0]" },
		{ "{\"working_hours\":[{\"weekday\":1,\"opens\":\"17:30\",\"closes\":\"08:30\"}]}",
		  "working_hours[0]" },
		{ "{\"working_hours\":[{\"weekday\":1,\"opens\":\"08:30\",\"closes\":\"08:30\"}]}",
		  "working_hours[0]" },
		{ "{\"working_hours\":[{\"weekday\":1,\"opens\":\"08:30\",\"closes\":\"25:00\"}]}",
		  "working_hours[0]" },
		{ "{\"working_hours\":[{\"weekday\":1,\"opens\":\"08:30\",\"closes\":\"24:01\"}]}",
		  "working_hours[0]" },
		{ "{\"working_hours\":[{\"weekday\":1,\"opens\":\"8.30\",\"closes\":\"17:30\"}]}",
		  "working_hours[0]" },
		{ "{\"working_hours\":[{\"weekday\":1,\"opens\":\"08:30\"}]}", "working_hours[0]" },
		{ "{\"working_hours\":[5]}", "working_hours[0]" },
		{ "{\"working_hours\":[{\"weekday\":1,\"opens\":\"08:30\",\"closes\":\"17:30\"},"
		  "{\"weekday\":1,\"opens\":\"09:00\",\"closes\":\"12:00\"}]}", "working_hours[1]" },
		{ "{\"days\":\"2030-01-01\"}", "days" },
		{ "{\"days\":[{\"day\":\"2030-02-30\",\"working\":false}]}", "days[0]" },
		{ "{\"days\":[{\"day\":\"2030-01-01\"}]}", "days[0]" },
		{ "{\"days\":[{\"working\":false}]}", "days[0]" },
		{ "{\"days\":[{\"day\":\"2030-01-01\",\"working\":\"no\"}]}", "days[0]" },
		{ "{\"days\":[{\"day\":\"2030-01-01\",\"working\":false},{\"day\":\"2030-01-02\","
		  "\"working\":false,\"name\":5}]}", "days[1]" },
		{ "{\"days\":[\"2030-01-01\"]}", "days[0]" },
		{ "{\"remove_days\":\"2030-01-01\"}", "remove_days" },
		{ "{\"remove_days\":[\"2030-01-01\",\"tomorrow\"]}", "remove_days[1]" },
		{ "{\"remove_days\":[20300101]}", "remove_days[0]" },
		/* A good part with a bad one: nothing is saved. */
		{ "{\"working_hours\":[],\"days\":[{\"day\":\"2030-13-01\",\"working\":false}]}", "days[0]" },
	};
	struct conn *admin = h_connect_as(E.d, "admin");
	char name[400];

	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		h_expect_error(h_call(admin, "calendar.set", bad[i].args), "invalid_argument",
		    bad[i].field);
	/* Names: at most 100 characters. */
	name[0] = '\0';
	for (int i = 0; i < 101; i++)
		strcat(name, "节");
	h_expect_error(h_callf(admin, "calendar.set", "{\"days\":[{\"day\":\"2030-01-01\","
	    "\"working\":false,\"name\":\"%s\"}]}", name), "invalid_argument", "days[0]");
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM working_hours"), 5);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM calendar_days"), 0);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM audit_log WHERE "
	    "action = 'calendar.set'"), 0);
	/* 100 characters are fine. */
	name[strlen(name) - strlen("节")] = '\0';
	cJSON_Delete(h_expect_ok(h_callf(admin, "calendar.set", "{\"days\":[{\"day\":\"2030-01-01\","
	    "\"working\":false,\"name\":\"%s\"}]}", name)));
	conn_close(admin);
}
END_TEST

Suite *
policy_suite(void)
{
	Suite *s = suite_create("policy");
	TCase *pol = tcase_create("policy");
	TCase *cal = tcase_create("calendar");

	tcase_set_timeout(pol, H_TEST_TIMEOUT);
	tcase_add_checked_fixture(pol, setup, teardown);
	tcase_add_test(pol, test_policy_get);
	tcase_add_test(pol, test_policy_set_hours);
	tcase_add_test(pol, test_policy_applies_at_once);
	tcase_add_test(pol, test_policy_reaches_other_daemon);
	tcase_add_test(pol, test_policy_set_errors);
	tcase_add_test(pol, test_policy_set_same_row_twice);
	tcase_add_test(pol, test_policy_set_tiny_hours);
	tcase_add_test(pol, test_policy_lists);
	tcase_add_test(pol, test_policy_changed_pushed);
	suite_add_tcase(s, pol);

	tcase_set_timeout(cal, H_TEST_TIMEOUT);
	tcase_add_checked_fixture(cal, setup, teardown);
	tcase_add_test(cal, test_calendar_holiday);
	tcase_add_test(cal, test_calendar_working_hours);
	tcase_add_test(cal, test_calendar_errors);
	tcase_add_test(cal, test_calendar_same_day_twice);
	suite_add_tcase(s, cal);
	return s;
}
