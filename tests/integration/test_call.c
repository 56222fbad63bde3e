/*
 * test_call.c: call-in registration (call.register) through a real daemon:
 * a new customer and unit in one statement, known ones, the number (type,
 * the centre's YYMMDD, the year's running count per type), the service
 * class from the unit on the day (and the operator's override; a new unit
 * without months gets the setting default_warranty_months), a
 * consultation closed on the call, the deadlines (reply in plain hours,
 * arrival in business hours from the SLA policy: computed here with
 * common/calendar.h), every argument error with its nested field name,
 * idempotency (a retry with the same request_key, after a lost answer, and
 * two at once), and the push to subscribers.
 */
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/calendar.h"
#include "tests/integration/harness.h"
#include "tests/integration/suites.h"

H_ENV_FIXTURE(E)

static const char *
date(int days, char *buf)
{
	return h_centre_date(time(NULL), days, buf, 16);
}

/* The arrival deadline the default calendar gives for hours from start. */
static time_t
business_due(time_t start, double hours)
{
	struct calendar cal;

	calendar_init(&cal, H_CENTRE_OFFSET);
	return calendar_add_business_hours(&cal, start, hours);
}

#define expect_near(got, want, what) expect_near_at(__LINE__, got, want, what)
static void
expect_near_at(int line, time_t got, time_t want, const char *what)
{
	ck_assert_msg(labs((long)(got - want)) <= 2, "line %d: %s is %ld s off (got %ld, want %ld)",
	    line, what, (long)(got - want), (long)got, (long)want);
}

/* A valid B registration for a new customer and a new unit bought `bought`
 * days ago (relative to today), to be changed by each test. */
static cJSON *
base_call(const char *type, const char *region, int bought)
{
	char key[96], day[16];
	cJSON *a = cJSON_CreateObject(), *cu = cJSON_CreateObject(), *u = cJSON_CreateObject();
	cJSON *phones = cJSON_CreateArray();

	cJSON_AddStringToObject(a, "request_key", h_request_key(key, sizeof key));
	cJSON_AddStringToObject(a, "channel", "phone");
	cJSON_AddStringToObject(a, "type", type);
	cJSON_AddStringToObject(cu, "name", "孙丽");
	cJSON_AddItemToArray(phones, cJSON_CreateString("13512345678"));
	cJSON_AddItemToObject(cu, "phones", phones);
	cJSON_AddStringToObject(cu, "address", "解放路12号");
	cJSON_AddStringToObject(cu, "region", region);
	cJSON_AddItemToObject(a, "customer", cu);
	cJSON_AddStringToObject(u, "model", "KFR-35GW");
	cJSON_AddStringToObject(u, "serial", "SN-20250601");
	cJSON_AddStringToObject(u, "purchase_date", date(-bought, day));
	cJSON_AddItemToObject(a, "unit", u);
	cJSON_AddStringToObject(a, "fault", "不制冷，外机有异响");
	return a;
}

/* Sets (or with value NULL removes) a member by a dotted path of at most
 * two levels; value is JSON text. */
static cJSON *
set(cJSON *a, const char *path, const char *value)
{
	char head[64];
	const char *dot = strchr(path, '.');
	cJSON *obj = a, *v;
	const char *name = path;

	if (dot != NULL) {
		snprintf(head, sizeof head, "%.*s", (int)(dot - path), path);
		obj = cJSON_GetObjectItemCaseSensitive(a, head);
		ck_assert_msg(cJSON_IsObject(obj), "no object %s", head);
		name = dot + 1;
	}
	cJSON_DeleteItemFromObjectCaseSensitive(obj, name);
	if (value != NULL) {
		v = cJSON_Parse(value);
		ck_assert_msg(v != NULL, "bad JSON in the test: %s", value);
		cJSON_AddItemToObject(obj, name, v);
	}
	return a;
}

static cJSON *
register_ok(struct conn *c, cJSON *args)
{
	return h_expect_ok(h_callj(c, "call.register", args));
}

static cJSON *
ticket_get(struct conn *c, const char *no)
{
	return h_expect_ok(h_callf(c, "ticket.get", "{\"no\":\"%s\"}", no));
}

/* The events of a ticket as "kind,kind". */
static const char *
event_kinds(const cJSON *ticket)
{
	static char buf[256];
	const cJSON *e;

	buf[0] = '\0';
	cJSON_ArrayForEach(e, h_member(ticket, "events")) {
		if (buf[0] != '\0')
			strcat(buf, ",");
		strncat(buf, h_str(e, "kind"), 30);
	}
	return buf;
}

static const cJSON *
event_of(const cJSON *ticket, const char *kind)
{
	const cJSON *e;

	cJSON_ArrayForEach(e, h_member(ticket, "events"))
		if (strcmp(h_str(e, "kind"), kind) == 0)
			return e;
	ck_abort_msg("no %s event in %s", kind, h_show(ticket));
	return NULL;
}

/* The number: type letter, YYMMDD of the centre's day of created_at, then
 * at least 4 digits; returns the running count. */
#define check_number(t, type) check_number_at(__LINE__, t, type)
static long
check_number_at(int line, const cJSON *t, const char *type)
{
	const char *no = h_str(t, "no");
	char day[16], want[16];
	regex_t re;
	time_t created = h_time(t, "created_at");

	ck_assert_int_eq(regcomp(&re, "^[BYZQ][0-9]{6}[0-9]{4,}$", REG_EXTENDED | REG_NOSUB), 0);
	ck_assert_msg(regexec(&re, no, 0, NULL, 0) == 0, "line %d: number %s", line, no);
	regfree(&re);
	ck_assert_msg(no[0] == type[0], "line %d: number %s for type %s", line, no, type);
	/* YYMMDD in Asia/Shanghai (the same day as created_at within a second). */
	h_centre_date(created, 0, day, sizeof day);
	snprintf(want, sizeof want, "%.2s%.2s%.2s", day + 2, day + 5, day + 8);
	if (strncmp(no + 1, want, 6) != 0) {
		h_centre_date(created - 2, 0, day, sizeof day);
		snprintf(want, sizeof want, "%.2s%.2s%.2s", day + 2, day + 5, day + 8);
	}
	ck_assert_msg(strncmp(no + 1, want, 6) == 0, "line %d: number %s, created %s",
	    line, no, h_str(t, "created_at"));
	return atol(no + 7);
}

/* --- the happy paths */

START_TEST(test_register_new_customer_and_unit)
{
	struct conn *c = h_connect_as(E.d, "operator");
	cJSON *args = base_call("B", "urban", 90), *r, *g;
	const cJSON *t, *cu, *u, *ev;
	long long cust, unit;
	char key[96], sql_no[32];

	snprintf(key, sizeof key, "%s", h_str(args, "request_key"));
	set(args, "unit.invoice_no", "\"FP-2025-001\"");
	set(args, "unit.warranty_months", "24");
	set(args, "channel", "\"web\"");
	set(args, "appointment", "\"2030-01-02T02:00:00Z\"");
	r = register_ok(c, args);
	t = reply_result(r);
	check_number(t, "B");
	ck_assert_str_eq(h_str(t, "type"), "B");
	ck_assert_str_eq(h_str(t, "channel"), "web");
	ck_assert_str_eq(h_str(t, "state"), "new");
	ck_assert_str_eq(h_str(t, "fault"), "不制冷，外机有异响");
	ck_assert_str_eq(h_str(t, "region"), "urban");
	ck_assert_str_eq(h_str(t, "taken_by"), "operator");
	ck_assert_str_eq(h_str(t, "owner"), "operator");
	ck_assert(h_is_null(t, "technician"));
	ck_assert(h_is_null(t, "answer"));
	ck_assert(h_is_null(t, "class_reason"));
	ck_assert(h_is_null(t, "arrived_at"));
	ck_assert(h_is_null(t, "repair"));
	ck_assert(h_is_null(t, "charges"));
	ck_assert(cJSON_IsFalse(h_member(t, "overdue")));
	ck_assert_int_eq(h_int_member(t, "version"), 1);
	ck_assert_str_eq(h_str(t, "service_class"), "C");
	ck_assert_str_eq(h_str(t, "appointment"), "2030-01-02T10:00:00+08:00");
	cu = h_member(t, "customer");
	cust = h_int_member(cu, "id");
	ck_assert_str_eq(h_str(cu, "name"), "孙丽");
	ck_assert_str_eq(h_str(cu, "address"), "解放路12号");
	ck_assert_str_eq(h_str(cu, "region"), "urban");
	ck_assert_str_eq(cJSON_GetArrayItem(h_member(cu, "phones"), 0)->valuestring, "13512345678");
	u = h_member(t, "unit");
	unit = h_int_member(u, "id");
	ck_assert_int_eq(h_int_member(u, "customer_id"), cust);
	ck_assert_str_eq(h_str(u, "serial"), "SN-20250601");
	ck_assert_str_eq(h_str(u, "invoice_no"), "FP-2025-001");
	ck_assert_int_eq(h_int_member(u, "warranty_months"), 24);

	/* One statement wrote the ticket, the customer and the unit. */
	snprintf(sql_no, sizeof sql_no, "%s", h_str(t, "no"));
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM tickets WHERE no = '%s' AND "
	    "customer_id = %lld AND unit_id = %lld AND request_key = '%s' AND region = 'urban'",
	    sql_no, cust, unit, key), 1);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM customers WHERE id = %lld AND "
	    "phones = '{13512345678}'", cust), 1);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM units WHERE id = %lld AND "
	    "customer_id = %lld AND warranty_months = 24", unit, cust), 1);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM customers"), 1);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM units"), 1);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM audit_log WHERE action = "
	    "'call.register' AND actor = 'operator' AND object = 'ticket:%s'", sql_no), 1);
	cJSON_Delete(r);

	/* The register event, with the channel and the class. */
	g = ticket_get(c, sql_no);
	ck_assert_str_eq(event_kinds(reply_result(g)), "register");
	ev = event_of(reply_result(g), "register");
	ck_assert_str_eq(h_str(ev, "actor"), "operator");
	ck_assert_str_eq(h_str(ev, "to"), "new");
	ck_assert_str_eq(h_str(h_member(ev, "details"), "channel"), "web");
	ck_assert_str_eq(h_str(h_member(ev, "details"), "service_class"), "C");
	cJSON_Delete(g);
	conn_close(c);
}
END_TEST

START_TEST(test_register_known_customer_and_unit)
{
	struct conn *c = h_connect_as(E.d, "operator");
	cJSON *r;
	const cJSON *t;
	long long cust, unit;
	char day[16], day2[16];

	r = h_expect_ok(h_call(c, "customer.save", "{\"name\":\"钱七\",\"phones\":[\"13900000007\"],"
	    "\"address\":\"解放路7号\",\"region\":\"county\"}"));
	cust = h_int_member(reply_result(r), "id");
	cJSON_Delete(r);
	r = h_expect_ok(h_callf(c, "unit.save", "{\"customer_id\":%lld,\"model\":\"XQB70\","
	    "\"serial\":\"WM-1\",\"purchase_date\":\"%s\",\"contract_end\":\"%s\"}", cust,
	    date(-800, day), date(100, day2)));
	unit = h_int_member(reply_result(r), "id");
	cJSON_Delete(r);

	r = h_expect_ok(h_callf(c, "call.register", "{\"request_key\":\"k-known-1\",\"channel\":"
	    "\"visit\",\"type\":\"Y\",\"customer\":{\"id\":%lld},\"unit\":{\"id\":%lld},"
	    "\"fault\":\"年度保养\"}", cust, unit));
	t = reply_result(r);
	check_number(t, "Y");
	ck_assert_int_eq(h_int_member(h_member(t, "customer"), "id"), cust);
	ck_assert_str_eq(h_str(h_member(t, "customer"), "name"), "钱七");
	ck_assert_int_eq(h_int_member(h_member(t, "unit"), "id"), unit);
	ck_assert_str_eq(h_str(h_member(t, "unit"), "serial"), "WM-1");
	/* The region is the customer's; the class from the stored contract. */
	ck_assert_str_eq(h_str(t, "region"), "county");
	ck_assert_str_eq(h_str(t, "service_class"), "B");
	cJSON_Delete(r);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM customers"), 1);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM units"), 1);

	/* A known customer with a new unit. */
	r = h_expect_ok(h_callf(c, "call.register", "{\"request_key\":\"k-known-2\",\"channel\":"
	    "\"phone\",\"type\":\"B\",\"customer\":{\"id\":%lld},\"unit\":{\"model\":\"BCD-220\","
	    "\"serial\":\"FR-9\",\"purchase_date\":\"%s\"},\"fault\":\"不制冷\"}", cust,
	    date(-10, day)));
	t = reply_result(r);
	ck_assert_int_eq(h_int_member(h_member(t, "customer"), "id"), cust);
	ck_assert_int_eq(h_int_member(h_member(t, "unit"), "customer_id"), cust);
	ck_assert_str_eq(h_str(t, "service_class"), "C");
	cJSON_Delete(r);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM customers"), 1);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM units WHERE customer_id = %lld",
	    cust), 2);
	conn_close(c);
}
END_TEST

START_TEST(test_register_numbers)
{
	struct conn *c = h_connect_as(E.d, "operator");
	static const char *const types[] = { "B", "B", "Y", "B", "Z", "Y", "Q", "B" };
	static const long want[] = { 1, 2, 1, 3, 1, 2, 1, 4 };
	char prev[32] = "";

	for (size_t i = 0; i < sizeof types / sizeof *types; i++) {
		char no[32];
		cJSON *r = h_new_ticket(c, types[i], "urban", no, sizeof no);
		long count = check_number(reply_result(r), types[i]);

		ck_assert_msg(count == want[i], "ticket %zu (%s): %s, want count %ld", i,
		    types[i], no, want[i]);
		ck_assert_int_eq((int)strlen(no), 11);
		ck_assert_str_ne(no, prev);
		snprintf(prev, sizeof prev, "%s", no);
		cJSON_Delete(r);
	}
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(DISTINCT no) FROM tickets"), 8);
	conn_close(c);
}
END_TEST

/* The running count is "at least 4 digits": the 10000th and 12345th tickets
 * of a type have 5-digit counts, never cut to 4. */
START_TEST(test_register_number_beyond_9999)
{
	struct conn *c = h_connect_as(E.d, "operator");
	char no[32], year[8], day[16];
	cJSON *r;

	snprintf(year, sizeof year, "%.4s", date(0, day));
	h_sqlf(E.db, "SELECT ticket_count('B', %s); SELECT setval('ticket_count_b_%s', 9999)",
	    year, year);
	r = h_new_ticket(c, "B", "urban", no, sizeof no);
	ck_assert_msg(check_number(reply_result(r), "B") == 10000 && strlen(no) == 12,
	    "the 10000th B ticket is numbered %s", no);
	cJSON_Delete(r);
	h_sqlf(E.db, "SELECT setval('ticket_count_b_%s', 12344)", year);
	r = h_new_ticket(c, "B", "suburban", no, sizeof no);
	ck_assert_msg(strlen(no) == 12 && strcmp(no + 7, "12345") == 0,
	    "the 12345th B ticket is numbered %s", no);
	cJSON_Delete(r);
	/* A number made again after the count passed an existing one is not a
	 * clash with it: 1234 exists, then count 12340 must not map onto it. */
	h_sqlf(E.db, "SELECT setval('ticket_count_b_%s', 1233)", year);
	cJSON_Delete(h_new_ticket(c, "B", "urban", no, sizeof no));
	ck_assert_str_eq(no + 7, "1234");
	h_sqlf(E.db, "SELECT setval('ticket_count_b_%s', 12340)", year);
	r = h_new_ticket(c, "B", "urban", no, sizeof no);
	ck_assert_msg(strcmp(no + 7, "12341") == 0, "count 12341 numbered %s", no);
	cJSON_Delete(r);
	conn_close(c);
}
END_TEST

START_TEST(test_register_service_class)
{
	static const struct {
		const char *type;
		int bought;               /* days ago; < 0: no unit */
		const char *months;       /* warranty_months, or NULL */
		int contract;             /* contract_end days from today; 9999: none */
		const char *want;
	} cases[] = {
		{ "B", 90, NULL, 9999, "C" },      /* in warranty */
		{ "B", 730, NULL, 9999, "A" },     /* purchase 2 years ago, 12 months */
		{ "B", 730, "12", 30, "B" },       /* under contract */
		{ "Y", 730, NULL, 0, "B" },        /* the contract ends today: still on */
		{ "B", 730, NULL, -1, "A" },       /* the contract ended yesterday */
		{ "B", 90, NULL, 365, "B" },       /* contract and warranty: contract */
		{ "B", 730, "36", 9999, "C" },     /* a longer warranty */
		{ "Y", 1, "0", 9999, "A" },        /* no warranty at all */
		{ "Q", -1, NULL, 9999, "D" },      /* no unit: internal */
		{ "Z", -1, NULL, 9999, "D" },
		{ "Q", 90, NULL, 9999, "C" },      /* Q with a unit: from the unit */
	};
	struct conn *c = h_connect_as(E.d, "operator");

	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		cJSON *a = base_call(cases[i].type, "suburban", cases[i].bought > 0 ?
		    cases[i].bought : 1), *r;
		char day[16], value[32];

		if (cases[i].bought < 0)
			set(a, "unit", NULL);
		if (cases[i].months != NULL)
			set(a, "unit.warranty_months", cases[i].months);
		if (cases[i].contract != 9999) {
			snprintf(value, sizeof value, "\"%s\"", date(cases[i].contract, day));
			set(a, "unit.contract_end", value);
		}
		r = register_ok(c, a);
		ck_assert_msg(strcmp(h_str(reply_result(r), "service_class"), cases[i].want) == 0,
		    "case %zu: class %s, want %s: %s", i, h_str(reply_result(r), "service_class"),
		    cases[i].want, h_show(r));
		ck_assert(h_is_null(reply_result(r), "class_reason"));
		if (cases[i].bought < 0)
			ck_assert(h_is_null(reply_result(r), "unit"));
		cJSON_Delete(r);
	}
	conn_close(c);
}
END_TEST

/* A new unit without warranty_months gets the setting default_warranty_months
 * as it is at registration (and unit.entitlements and unit.save use it too):
 * bought 400 days ago, 12 months give class A; 24 give C. */
START_TEST(test_register_default_warranty)
{
	struct conn *c = h_connect_as(E.d, "operator");
	struct conn *admin = h_connect_as(E.d, "admin");
	char day[16], args[128];
	cJSON *r;

	r = register_ok(c, base_call("B", "urban", 400));
	ck_assert_int_eq(h_int_member(h_member(reply_result(r), "unit"), "warranty_months"), 12);
	ck_assert_str_eq(h_str(reply_result(r), "service_class"), "A");
	cJSON_Delete(r);
	cJSON_Delete(h_expect_ok(h_call(admin, "policy.set",
	    "{\"settings\":{\"default_warranty_months\":24}}")));
	r = register_ok(c, set(base_call("B", "urban", 400), "unit.serial", "\"SN-24M-0001\""));
	ck_assert_int_eq(h_int_member(h_member(reply_result(r), "unit"), "warranty_months"), 24);
	ck_assert_str_eq(h_str(reply_result(r), "service_class"), "C");
	ck_assert_int_eq(h_sql_int(E.db, "SELECT warranty_months FROM units WHERE serial = "
	    "'SN-24M-0001'"), 24);
	cJSON_Delete(r);
	/* Months given are kept. */
	r = register_ok(c, set(set(base_call("B", "urban", 400), "unit.serial",
	    "\"SN-6M-0001\""), "unit.warranty_months", "6"));
	ck_assert_int_eq(h_int_member(h_member(reply_result(r), "unit"), "warranty_months"), 6);
	cJSON_Delete(r);
	/* A unit being typed, asked about before it is saved. */
	snprintf(args, sizeof args, "{\"purchase_date\":\"%s\"}", date(-400, day));
	r = h_expect_ok(h_call(c, "unit.entitlements", args));
	ck_assert_str_eq(h_str(reply_result(r), "service_class"), "C");
	cJSON_Delete(r);
	conn_close(admin);
	conn_close(c);
}
END_TEST

START_TEST(test_register_class_override)
{
	struct conn *c = h_connect_as(E.d, "operator");
	cJSON *r, *g;
	const cJSON *ev;
	char no[32];

	/* Out of warranty, free by the operator's decision. */
	r = register_ok(c, set(set(base_call("B", "urban", 730), "service_class", "\"C\""),
	    "class_reason", "\"经理批准免费\""));
	ck_assert_str_eq(h_str(reply_result(r), "service_class"), "C");
	ck_assert_str_eq(h_str(reply_result(r), "class_reason"), "经理批准免费");
	snprintf(no, sizeof no, "%s", h_str(reply_result(r), "no"));
	cJSON_Delete(r);
	g = ticket_get(c, no);
	ck_assert_str_eq(event_kinds(reply_result(g)), "register,class_override");
	ev = event_of(reply_result(g), "class_override");
	ck_assert_str_eq(h_str(ev, "actor"), "operator");
	ck_assert_str_eq(h_str(h_member(ev, "details"), "service_class"), "C");
	ck_assert_str_eq(h_str(h_member(ev, "details"), "reason"), "经理批准免费");
	ck_assert_str_eq(h_str(h_member(event_of(reply_result(g), "register"), "details"),
	    "service_class"), "C");
	cJSON_Delete(g);

	/* D for a unit in warranty (an internal job). */
	r = register_ok(c, set(set(base_call("Y", "urban", 10), "service_class", "\"D\""),
	    "class_reason", "\"展厅样机\""));
	ck_assert_str_eq(h_str(reply_result(r), "service_class"), "D");
	cJSON_Delete(r);

	/* A reason without an override is not kept; no class_override event. */
	r = register_ok(c, set(base_call("B", "urban", 730), "class_reason", "\"无关\""));
	ck_assert_str_eq(h_str(reply_result(r), "service_class"), "A");
	ck_assert(h_is_null(reply_result(r), "class_reason"));
	snprintf(no, sizeof no, "%s", h_str(reply_result(r), "no"));
	cJSON_Delete(r);
	g = ticket_get(c, no);
	ck_assert_str_eq(event_kinds(reply_result(g)), "register");
	cJSON_Delete(g);

	/* An override needs a reason; the class must be one of A-D. */
	h_expect_error(h_callj(c, "call.register", set(base_call("B", "urban", 730),
	    "service_class", "\"C\"")), "invalid_argument", "class_reason");
	h_expect_error(h_callj(c, "call.register", set(set(base_call("B", "urban", 730),
	    "service_class", "\"C\""), "class_reason", "\"  \"")), "invalid_argument",
	    "class_reason");
	h_expect_error(h_callj(c, "call.register", set(set(base_call("B", "urban", 730),
	    "service_class", "\"E\""), "class_reason", "\"x\"")), "invalid_argument",
	    "service_class");
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM tickets"), 3);
	conn_close(c);
}
END_TEST

START_TEST(test_register_consultation)
{
	struct conn *c = h_connect_as(E.d, "operator");
	cJSON *r, *g;
	const cJSON *t, *ev;
	char no[32];

	/* Answered on the call: closed, no deadlines. */
	r = register_ok(c, set(set(base_call("Z", "urban", 1), "unit", NULL), "answer",
	    "\"遥控器电池需更换\""));
	t = reply_result(r);
	check_number(t, "Z");
	ck_assert_str_eq(h_str(t, "state"), "closed");
	ck_assert_str_eq(h_str(t, "answer"), "遥控器电池需更换");
	ck_assert_str_eq(h_str(t, "service_class"), "D");
	ck_assert(h_is_null(t, "reply_due"));
	ck_assert(h_is_null(t, "arrival_due"));
	snprintf(no, sizeof no, "%s", h_str(t, "no"));
	cJSON_Delete(r);
	g = ticket_get(c, no);
	ck_assert_str_eq(event_kinds(reply_result(g)), "register,answer");
	ev = event_of(reply_result(g), "answer");
	ck_assert_str_eq(h_str(ev, "from"), "new");
	ck_assert_str_eq(h_str(ev, "to"), "closed");
	cJSON_Delete(g);

	/* Not answered: new, with a reply deadline and no arrival deadline. */
	r = register_ok(c, set(base_call("Z", "county", 1), "unit", NULL));
	t = reply_result(r);
	ck_assert_str_eq(h_str(t, "state"), "new");
	ck_assert(h_is_null(t, "answer"));
	ck_assert(h_is_null(t, "arrival_due"));
	expect_near(h_time(t, "reply_due"), h_time(t, "created_at") + 24 * 3600, "reply_due");
	cJSON_Delete(r);

	/* A consultation about a unit may name it. */
	r = register_ok(c, set(base_call("Z", "urban", 30), "answer", "\"按说明书操作\""));
	ck_assert_str_eq(h_str(reply_result(r), "state"), "closed");
	ck_assert_str_eq(h_str(reply_result(r), "service_class"), "C");
	cJSON_Delete(r);

	/* An answer only for a consultation. */
	h_expect_error(h_callj(c, "call.register", set(base_call("B", "urban", 1), "answer",
	    "\"已答复\"")), "invalid_argument", "answer");
	h_expect_error(h_callj(c, "call.register", set(set(base_call("Q", "urban", 1), "unit",
	    NULL), "answer", "\"已答复\"")), "invalid_argument", "answer");
	h_expect_error(h_callj(c, "call.register", set(set(base_call("Z", "urban", 1), "unit",
	    NULL), "answer", "\" \"")), "invalid_argument", "answer");
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM tickets"), 3);
	conn_close(c);
}
END_TEST

START_TEST(test_register_deadlines)
{
	static const struct { const char *type, *region; double hours; } cases[] = {
		{ "B", "urban", 6 }, { "B", "suburban", 7 }, { "B", "county", 24 },
		{ "Y", "urban", 6 }, { "Y", "suburban", 7 }, { "Y", "county", 24 },
		{ "Q", "urban", 0 }, { "Z", "suburban", 0 },
	};
	struct conn *c = h_connect_as(E.d, "operator");

	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		cJSON *r = h_new_ticket(c, cases[i].type, cases[i].region, NULL, 0);
		const cJSON *t = reply_result(r);
		time_t created = h_time(t, "created_at");
		char what[64];

		snprintf(what, sizeof what, "%s %s reply_due", cases[i].type, cases[i].region);
		expect_near(h_time(t, "reply_due"), created + 24 * 3600, what);
		snprintf(what, sizeof what, "%s %s arrival_due", cases[i].type, cases[i].region);
		if (cases[i].hours > 0) {
			time_t due = h_time(t, "arrival_due");
			expect_near(due, business_due(created, cases[i].hours), what);
			ck_assert_msg(due > created, "%s: %s", what, h_show(t));
		} else
			ck_assert_msg(h_is_null(t, "arrival_due"), "%s: %s", what, h_show(t));
		/* The offset is the centre's. */
		ck_assert_msg(strstr(h_str(t, "created_at"), "+08:00") != NULL, "%s", h_show(t));
		cJSON_Delete(r);
	}
	conn_close(c);
}
END_TEST

/* --- errors */

START_TEST(test_register_arguments)
{
	static const struct { const char *type, *path, *value, *field; } bad[] = {
		{ "B", "request_key", NULL, "request_key" },
		{ "B", "request_key", "\"\"", "request_key" },
		{ "B", "request_key", "5", "request_key" },
		{ "B", "request_key", "\"12345678901234567890123456789012345678901234567890"
		  "123456789012345\"", "request_key" },
		{ "B", "channel", NULL, "channel" },
		{ "B", "channel", "\"fax\"", "channel" },
		{ "B", "type", NULL, "type" },
		{ "B", "type", "\"T\"", "type" },
		{ "B", "type", "\"b\"", "type" },
		{ "B", "customer", NULL, "customer" },
		{ "B", "customer", "\"孙丽\"", "customer" },
		{ "B", "customer", "[]", "customer" },
		{ "B", "customer", "{}", "customer.name" },
		{ "B", "customer", "{\"id\":0}", "customer.id" },
		{ "B", "customer", "{\"id\":\"1\"}", "customer.id" },
		{ "B", "customer", "{\"id\":1.5}", "customer.id" },
		{ "B", "customer.name", NULL, "customer.name" },
		{ "B", "customer.name", "\"  \"", "customer.name" },
		{ "B", "customer.phones", NULL, "customer.phones" },
		{ "B", "customer.phones", "[]", "customer.phones" },
		{ "B", "customer.phones", "[\"135-1234-567x\"]", "customer.phones" },
		{ "B", "customer.phones", "[\"123456\"]", "customer.phones" },
		{ "B", "customer.phones", "\"13512345678\"", "customer.phones" },
		{ "B", "customer.region", NULL, "customer.region" },
		{ "B", "customer.region", "\"downtown\"", "customer.region" },
		{ "B", "customer.address", "7", "customer.address" },
		{ "B", "unit", NULL, "unit" },
		{ "Y", "unit", NULL, "unit" },
		{ "B", "unit", "null", "unit" },
		{ "B", "unit", "\"SN-1\"", "unit" },
		{ "B", "unit", "{\"id\":1}", "unit.id" },        /* a new customer's known unit */
		{ "B", "unit.model", NULL, "unit.model" },
		{ "B", "unit.model", "\"\"", "unit.model" },
		{ "B", "unit.serial", NULL, "unit.serial" },
		{ "B", "unit.serial", "5", "unit.serial" },
		{ "B", "unit.purchase_date", NULL, "unit.purchase_date" },
		{ "B", "unit.purchase_date", "\"2025-02-30\"", "unit.purchase_date" },
		{ "B", "unit.purchase_date", "\"2025/06/01\"", "unit.purchase_date" },
		{ "B", "unit.invoice_no", "[]", "unit.invoice_no" },
		{ "B", "unit.warranty_months", "121", "unit.warranty_months" },
		{ "B", "unit.warranty_months", "\"12\"", "unit.warranty_months" },
		{ "B", "unit.contract_end", "\"2026-13-01\"", "unit.contract_end" },
		{ "B", "fault", NULL, "fault" },
		{ "B", "fault", "\"   \"", "fault" },
		{ "B", "fault", "[\"不制冷\"]", "fault" },
		{ "B", "appointment", "\"明天下午\"", "appointment" },
		{ "B", "appointment", "\"2030-01-02T14:00:00\"", "appointment" },
		{ "B", "appointment", "\"2030-02-30T14:00:00+08:00\"", "appointment" },
		{ "B", "appointment", "14", "appointment" },
		{ "B", "appointment", "\"2020-01-02T14:00:00+08:00\"", "appointment" },
		{ "B", "service_class", "\"X\"", "service_class" },
	};
	struct conn *c = h_connect_as(E.d, "operator");
	char long_fault[2100 * 3 + 8];

	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		cJSON *a = set(base_call(bad[i].type, "urban", 30), bad[i].path, bad[i].value);
		cJSON *r = h_callj(c, "call.register", a);

		ck_assert_msg(!reply_ok(r) && strcmp(reply_code(r), "invalid_argument") == 0 &&
		    strcmp(reply_field(r), bad[i].field) == 0, "case %zu (%s = %s): want "
		    "invalid_argument on %s, got %s", i, bad[i].path,
		    bad[i].value ? bad[i].value : "(absent)", bad[i].field, h_show(r));
		cJSON_Delete(r);
	}
	/* The fault: 2000 characters at most. */
	strcpy(long_fault, "\"");
	for (int i = 0; i < 2001; i++)
		strcat(long_fault, "障");
	strcat(long_fault, "\"");
	h_expect_error(h_callj(c, "call.register", set(base_call("B", "urban", 30), "fault",
	    long_fault)), "invalid_argument", "fault");
	/* args not an object. */
	h_expect_error(h_raws(c, "{\"id\":1,\"op\":\"call.register\",\"args\":[1]}\n"),
	    "invalid_argument", "args");
	/* Nothing was written. */
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM tickets"), 0);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM customers"), 0);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM units"), 0);
	conn_close(c);

	/* Only an operator registers calls. */
	static const char *const others[] = { "dispatcher", "technician", "quality", "manager",
	    "admin" };
	for (size_t i = 0; i < sizeof others / sizeof *others; i++) {
		c = h_connect_as(E.d, others[i]);
		h_expect_error(h_callj(c, "call.register", base_call("B", "urban", 30)),
		    "forbidden", NULL);
		conn_close(c);
	}
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM tickets"), 0);
}
END_TEST

START_TEST(test_register_not_found)
{
	struct conn *c = h_connect_as(E.d, "operator");
	cJSON *r;
	long long mine, theirs, their_unit;
	char args[64];

	r = h_new_ticket(c, "B", "urban", NULL, 0);
	mine = h_int_member(h_member(reply_result(r), "customer"), "id");
	cJSON_Delete(r);
	r = h_new_ticket(c, "B", "suburban", NULL, 0);
	theirs = h_int_member(h_member(reply_result(r), "customer"), "id");
	their_unit = h_int_member(h_member(reply_result(r), "unit"), "id");
	cJSON_Delete(r);

	/* No such customer (with a new unit: no unit is made for nobody). */
	snprintf(args, sizeof args, "{\"id\":%lld}", theirs + 100);
	h_expect_error(h_callj(c, "call.register", set(base_call("B", "urban", 30), "customer",
	    args)), "not_found", "customer.id");
	snprintf(args, sizeof args, "{\"id\":%lld}", their_unit);
	{
		cJSON *a = base_call("B", "urban", 30);
		char cust[64];
		snprintf(cust, sizeof cust, "{\"id\":%lld}", theirs + 100);
		set(a, "customer", cust);
		set(a, "unit", args);
		h_expect_error(h_callj(c, "call.register", a), "not_found", "customer.id");
	}
	/* Another customer's unit, and no such unit. */
	{
		cJSON *a = base_call("B", "urban", 30);
		char cust[64];
		snprintf(cust, sizeof cust, "{\"id\":%lld}", mine);
		set(a, "customer", cust);
		set(a, "unit", args);
		h_expect_error(h_callj(c, "call.register", a), "not_found", "unit.id");
		a = base_call("B", "urban", 30);
		set(a, "customer", cust);
		snprintf(args, sizeof args, "{\"id\":%lld}", their_unit + 100);
		set(a, "unit", args);
		h_expect_error(h_callj(c, "call.register", a), "not_found", "unit.id");
	}
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM tickets"), 2);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM customers"), 2);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM units"), 2);
	conn_close(c);
}
END_TEST

/* --- idempotency */

START_TEST(test_register_same_key_twice)
{
	struct conn *c = h_connect_as(E.d, "operator");
	cJSON *a = base_call("B", "urban", 30), *r1, *r2;
	char key[96];

	snprintf(key, sizeof key, "%s", h_str(a, "request_key"));
	r1 = register_ok(c, cJSON_Duplicate(a, true));
	/* The same key with other contents: the ticket registered with it. */
	set(a, "fault", "\"另一个故障\"");
	set(a, "type", "\"Y\"");
	r2 = register_ok(c, a);
	ck_assert_str_eq(h_str(reply_result(r2), "no"), h_str(reply_result(r1), "no"));
	ck_assert_str_eq(h_str(reply_result(r2), "fault"), "不制冷，外机有异响");
	ck_assert_str_eq(h_str(reply_result(r2), "type"), "B");
	ck_assert_int_eq(h_int_member(h_member(reply_result(r2), "customer"), "id"),
	    h_int_member(h_member(reply_result(r1), "customer"), "id"));
	cJSON_Delete(r1);
	cJSON_Delete(r2);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM tickets WHERE request_key = '%s'",
	    key), 1);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM tickets"), 1);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM customers"), 1);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM units"), 1);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM ticket_events"), 1);
	/* The answer is the ticket as it is now. */
	{
		char no[32];
		h_sql_value(E.db, "SELECT no FROM tickets", no, sizeof no);
		h_sqlf(E.db, "UPDATE tickets SET fault = '改过', version = 2 WHERE no = '%s'", no);
		a = base_call("B", "urban", 30);
		cJSON_SetValuestring(cJSON_GetObjectItemCaseSensitive(a, "request_key"), key);
		r2 = register_ok(c, a);
		ck_assert_str_eq(h_str(reply_result(r2), "no"), no);
		ck_assert_str_eq(h_str(reply_result(r2), "fault"), "改过");
		ck_assert_int_eq(h_int_member(reply_result(r2), "version"), 2);
		cJSON_Delete(r2);
	}
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM tickets"), 1);
	conn_close(c);
}
END_TEST

/* The answer is lost with the connection: the retry on a new connection
 * gets the same ticket, and there is exactly one. */
static void
dropped_then_retry(const char *key, int wait_ms)
{
	struct conn *c = h_connect_as(E.d, "operator");
	cJSON *a = base_call("B", "urban", 30), *r;
	char no[32];

	cJSON_SetValuestring(cJSON_GetObjectItemCaseSensitive(a, "request_key"), key);
	ck_assert(conn_send(c, "call.register", cJSON_Duplicate(a, true)) > 0);
	conn_close(c);
	if (wait_ms > 0)
		h_sleep_ms(wait_ms);
	c = h_connect_as(E.d, "operator");
	r = register_ok(c, a);
	snprintf(no, sizeof no, "%s", h_str(reply_result(r), "no"));
	check_number(reply_result(r), "B");
	cJSON_Delete(r);
	/* Once the first has surely finished: still one, the same. */
	h_sleep_ms(300);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM tickets WHERE request_key = '%s'",
	    key), 1);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM tickets WHERE request_key = '%s' "
	    "AND no = '%s'", key, no), 1);
	/* And a third try answers it again. */
	a = base_call("B", "urban", 30);
	cJSON_SetValuestring(cJSON_GetObjectItemCaseSensitive(a, "request_key"), key);
	r = register_ok(c, a);
	ck_assert_str_eq(h_str(reply_result(r), "no"), no);
	cJSON_Delete(r);
	conn_close(c);
}

START_TEST(test_register_retry_after_dropped_connection)
{
	dropped_then_retry("dropped-at-once", 0);
	dropped_then_retry("dropped-then-wait", 500);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM tickets"), 2);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM customers"), 2);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM units"), 2);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM ticket_events"), 2);
}
END_TEST

START_TEST(test_register_same_key_at_once)
{
	struct conn *c1 = h_connect_as(E.d, "operator"), *c2 = h_connect_as(E.d, "operator");
	const int rounds = 8;

	for (int i = 0; i < rounds; i++) {
		cJSON *a = base_call(i % 2 ? "Y" : "B", "suburban", 30), *r1, *r2;
		char key[96];

		snprintf(key, sizeof key, "%s", h_str(a, "request_key"));
		/* Both sent before either is read. */
		ck_assert(conn_send(c1, "call.register", cJSON_Duplicate(a, true)) > 0);
		ck_assert(conn_send(c2, "call.register", a) > 0);
		r1 = h_expect_ok(conn_wait(c1, H_WAIT_MS));
		r2 = h_expect_ok(conn_wait(c2, H_WAIT_MS));
		ck_assert_msg(strcmp(h_str(reply_result(r1), "no"), h_str(reply_result(r2), "no")) == 0,
		    "round %d: %s and %s", i, h_show(r1), h_str(reply_result(r2), "no"));
		ck_assert_int_eq(h_int_member(h_member(reply_result(r1), "customer"), "id"),
		    h_int_member(h_member(reply_result(r2), "customer"), "id"));
		cJSON_Delete(r1);
		cJSON_Delete(r2);
		ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM tickets WHERE "
		    "request_key = '%s'", key), 1);
	}
	/* The loser's customer and unit went with its statement. */
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM tickets"), rounds);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM customers"), rounds);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM units"), rounds);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM ticket_events"), rounds);
	conn_close(c1);
	conn_close(c2);
}
END_TEST

/* --- the push */

START_TEST(test_register_pushes)
{
	struct conn *op = h_connect_as(E.d, "operator");
	struct conn *disp = h_connect_as(E.d, "dispatcher");
	struct conn *tech = h_connect_as(E.d, "technician");
	cJSON *a = base_call("B", "county", 30), *r, *p;
	const cJSON *data;
	char no[32];

	h_subscribe(disp, "[\"tickets\"]");
	h_subscribe(tech, "[\"tickets\",\"sla\"]");
	r = register_ok(op, cJSON_Duplicate(a, true));
	snprintf(no, sizeof no, "%s", h_str(reply_result(r), "no"));
	cJSON_Delete(r);
	p = conn_wait_push(disp, "ticket.changed", H_WAIT_MS);
	ck_assert_msg(p != NULL, "no ticket.changed for the registration of %s", no);
	data = h_member(p, "data");
	ck_assert_str_eq(h_str(data, "no"), no);
	ck_assert_str_eq(h_str(data, "state"), "new");
	ck_assert_str_eq(h_str(h_member(data, "customer"), "name"), "孙丽");
	ck_assert_str_eq(h_str(data, "region"), "county");
	cJSON_Delete(p);
	/* Not for a technician: it is not dispatched to them. */
	h_expect_silence(tech);

	/* A retry registers nothing and pushes nothing. */
	r = register_ok(op, a);
	ck_assert_str_eq(h_str(reply_result(r), "no"), no);
	cJSON_Delete(r);
	h_expect_silence(disp);
	/* Neither does a failed registration. */
	h_expect_error(h_callj(op, "call.register", set(base_call("B", "urban", 30), "fault",
	    NULL)), "invalid_argument", "fault");
	h_expect_silence(disp);
	conn_close(op);
	conn_close(disp);
	conn_close(tech);
}
END_TEST

Suite *
call_suite(void)
{
	Suite *s = suite_create("call");
	TCase *reg = tcase_create("register");
	TCase *idem = tcase_create("idempotency");

	tcase_set_timeout(reg, H_TEST_TIMEOUT);
	tcase_add_checked_fixture(reg, setup, teardown);
	tcase_add_test(reg, test_register_new_customer_and_unit);
	tcase_add_test(reg, test_register_known_customer_and_unit);
	tcase_add_test(reg, test_register_numbers);
	tcase_add_test(reg, test_register_number_beyond_9999);
	tcase_add_test(reg, test_register_service_class);
	tcase_add_test(reg, test_register_default_warranty);
	tcase_add_test(reg, test_register_class_override);
	tcase_add_test(reg, test_register_consultation);
	tcase_add_test(reg, test_register_deadlines);
	tcase_add_test(reg, test_register_arguments);
	tcase_add_test(reg, test_register_not_found);
	suite_add_tcase(s, reg);

	tcase_set_timeout(idem, H_TEST_TIMEOUT);
	tcase_add_checked_fixture(idem, setup, teardown);
	tcase_add_test(idem, test_register_same_key_twice);
	tcase_add_test(idem, test_register_retry_after_dropped_connection);
	tcase_add_test(idem, test_register_same_key_at_once);
	tcase_add_test(idem, test_register_pushes);
	suite_add_tcase(s, idem);
	return s;
}
