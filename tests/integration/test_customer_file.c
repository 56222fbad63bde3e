/*
 * test_customer_file.c: the customer's file and the call form's banner
 * through a real daemon: customer.get with every ticket (state, repeat_of,
 * guarantee), the complaints, contracts [] and each unit's entitlements;
 * unit.entitlements for a saved unit (refund days left, the repair a new
 * call would repeat with who fixed it and when, open tickets, the contract;
 * the same rights call.register then records) and for a unit not saved yet
 * (the 7- and 15-day boundaries), every refusal, the roles, the audit.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tests/integration/harness.h"
#include "tests/integration/suites.h"

H_ENV_FIXTURE(E)

static long long
save_customer(struct conn *c, const char *name, const char *phone)
{
	cJSON *r = h_expect_ok(h_callf(c, "customer.save", "{\"name\":\"%s\",\"phones\":"
	    "[\"%s\"],\"address\":\"解放路3号\",\"region\":\"urban\"}", name, phone));
	long long id = h_int_member(reply_result(r), "id");

	cJSON_Delete(r);
	return id;
}

/* A unit bought days_ago days ago (the centre's date); contract: its end
 * in days from today, or 9999 for none. */
static long long
save_unit(struct conn *c, long long customer, const char *serial, int days_ago,
    int contract)
{
	char bought[16], end[16], extra[64] = "";
	cJSON *r;
	long long id;

	h_centre_date(time(NULL), -days_ago, bought, sizeof bought);
	if (contract != 9999)
		snprintf(extra, sizeof extra, ",\"contract_end\":\"%s\"",
		    h_centre_date(time(NULL), contract, end, sizeof end));
	r = h_expect_ok(h_callf(c, "unit.save", "{\"customer_id\":%lld,\"model\":\"KFR-35GW\","
	    "\"serial\":\"%s\",\"purchase_date\":\"%s\"%s}", customer, serial, bought, extra));
	id = h_int_member(reply_result(r), "id");
	cJSON_Delete(r);
	return id;
}

/* A call of type about a known unit (unit 0: none); its number into no;
 * the reply (caller frees). */
static cJSON *
call(struct conn *c, const char *type, long long customer, long long unit, char *no,
    size_t size)
{
	char key[96], unit_arg[64] = "", answer[64] = "";
	cJSON *r;

	if (unit > 0)
		snprintf(unit_arg, sizeof unit_arg, ",\"unit\":{\"id\":%lld}", unit);
	if (strcmp(type, "Z") == 0)
		snprintf(answer, sizeof answer, ",\"answer\":\"已答复\"");
	r = h_expect_ok(h_callf(c, "call.register", "{\"request_key\":\"%s\",\"channel\":"
	    "\"phone\",\"type\":\"%s\",\"customer\":{\"id\":%lld}%s,\"fault\":\"不制冷\"%s}",
	    h_request_key(key, sizeof key), type, customer, unit_arg, answer));
	snprintf(no, size, "%s", h_str(reply_result(r), "no"));
	return r;
}

/* The repair done by the demo technician (王力) `days` days ago, registered
 * a day before that. */
static void
repaired(const char *no, int days)
{
	h_sqlf(E.db, "UPDATE tickets SET state = 'completed', technician = 'technician', "
	    "completed_at = now() - make_interval(days => %d), created_at = now() - "
	    "make_interval(days => %d) WHERE no = '%s'", days, days + 1, no);
}

static cJSON *
entitlements(struct conn *c, const char *args)
{
	return h_expect_ok(h_call(c, "unit.entitlements", args));
}

/* A member that must be this number of days, or null (NONE). */
#define NONE (-9999)
#define expect_days(o, name, want) expect_days_at(__LINE__, o, name, want)
static void
expect_days_at(int line, const cJSON *o, const char *name, long long want)
{
	const cJSON *v = h_member(o, name);

	if (want == NONE)
		ck_assert_msg(h_is_null(o, name), "line %d: %s should be null: %s", line, name,
		    h_show(o));
	else
		ck_assert_msg(cJSON_IsNumber(v) && (long long)v->valuedouble == want,
		    "line %d: %s should be %lld: %s", line, name, want, h_show(o));
}

/* --- customer.get: the whole history */

START_TEST(test_file_history)
{
	struct conn *c = h_connect_as(E.d, "operator");
	long long id = save_customer(c, "郑海", "13700000001");
	long long other = save_customer(c, "吴江", "13700000002");
	long long unit = save_unit(c, id, "SN-F1", 60, 9999);
	char first[32], again[32], asked[32], key[96], k1[32], k2[32], tmp[32];
	const cJSON *res, *tickets, *complaints, *u;
	cJSON *r;

	/* A repair done 12 days ago, its repeat, a consultation answered. */
	cJSON_Delete(call(c, "B", id, unit, first, sizeof first));
	repaired(first, 12);
	cJSON_Delete(call(c, "B", id, unit, again, sizeof again));
	cJSON_Delete(call(c, "Z", id, 0, asked, sizeof asked));
	h_sqlf(E.db, "UPDATE tickets SET created_at = created_at + interval '1 second' "
	    "WHERE no = '%s'", asked);
	/* Two complaints, the first about the first repair; another's. */
	r = h_expect_ok(h_callf(c, "complaint.register", "{\"request_key\":\"%s\",\"channel\":"
	    "\"phone\",\"customer\":{\"id\":%lld},\"ticket_no\":\"%s\",\"text\":\"修了又坏\"}",
	    h_request_key(key, sizeof key), id, first));
	snprintf(k1, sizeof k1, "%s", h_str(reply_result(r), "no"));
	cJSON_Delete(r);
	h_sqlf(E.db, "UPDATE complaints SET created_at = now() - interval '1 hour' "
	    "WHERE no = '%s'", k1);
	r = h_expect_ok(h_callf(c, "complaint.register", "{\"request_key\":\"%s\",\"channel\":"
	    "\"phone\",\"customer\":{\"id\":%lld},\"text\":\"态度不好\"}",
	    h_request_key(key, sizeof key), id));
	snprintf(k2, sizeof k2, "%s", h_str(reply_result(r), "no"));
	cJSON_Delete(r);
	cJSON_Delete(call(c, "Q", other, 0, tmp, sizeof tmp));
	h_new_complaint(c, tmp, sizeof tmp);

	r = h_expect_ok(h_callf(c, "customer.get", "{\"id\":%lld}", id));
	res = reply_result(r);
	/* Every ticket, newest first, with its state, repeat and guarantee. */
	tickets = h_member(res, "tickets");
	ck_assert_msg(cJSON_GetArraySize(tickets) == 3, "%s", h_show(tickets));
	ck_assert_str_eq(h_str(cJSON_GetArrayItem(tickets, 0), "no"), asked);
	ck_assert_str_eq(h_str(cJSON_GetArrayItem(tickets, 1), "no"), again);
	ck_assert_str_eq(h_str(cJSON_GetArrayItem(tickets, 2), "no"), first);
	ck_assert_str_eq(h_str(cJSON_GetArrayItem(tickets, 0), "state"), "closed");
	ck_assert_str_eq(h_str(cJSON_GetArrayItem(tickets, 1), "state"), "new");
	ck_assert_str_eq(h_str(cJSON_GetArrayItem(tickets, 2), "state"), "completed");
	ck_assert_str_eq(h_str(cJSON_GetArrayItem(tickets, 1), "repeat_of"), first);
	ck_assert(h_is_null(cJSON_GetArrayItem(tickets, 2), "repeat_of"));
	ck_assert(h_is_null(cJSON_GetArrayItem(tickets, 0), "repeat_of"));
	for (int i = 0; i < 3; i++) {
		const cJSON *g = h_member(cJSON_GetArrayItem(tickets, i), "guarantee");
		ck_assert_msg(cJSON_IsBool(h_member(g, "refund")) &&
		    cJSON_IsBool(h_member(g, "exchange")), "%s", h_show(g));
	}
	/* The complaints, newest first, with their ticket. */
	complaints = h_member(res, "complaints");
	ck_assert_msg(cJSON_GetArraySize(complaints) == 2, "%s", h_show(complaints));
	ck_assert_str_eq(h_str(cJSON_GetArrayItem(complaints, 0), "no"), k2);
	ck_assert_str_eq(h_str(cJSON_GetArrayItem(complaints, 1), "no"), k1);
	ck_assert_str_eq(h_str(cJSON_GetArrayItem(complaints, 1), "ticket_no"), first);
	ck_assert_str_eq(h_str(cJSON_GetArrayItem(complaints, 1), "text"), "修了又坏");
	ck_assert_str_eq(h_str(cJSON_GetArrayItem(complaints, 1), "state"), "received");
	ck_assert(h_is_null(cJSON_GetArrayItem(complaints, 0), "ticket_no"));
	h_time(cJSON_GetArrayItem(complaints, 0), "created_at");
	/* Contracts come with their issue. */
	ck_assert_msg(cJSON_IsArray(h_member(res, "contracts")) &&
	    cJSON_GetArraySize(h_member(res, "contracts")) == 0, "%s", h_show(res));
	/* The unit with what a call would give today: a repeat of the open one. */
	u = cJSON_GetArrayItem(h_member(res, "units"), 0);
	ck_assert_int_eq(h_int_member(u, "id"), unit);
	ck_assert_str_eq(h_str(h_member(u, "entitlements"), "service_class"), "C");
	ck_assert_str_eq(h_str(h_member(h_member(u, "entitlements"), "repeat_of"), "no"), again);
	ck_assert_int_eq(h_int_member(h_member(u, "entitlements"), "days_since_purchase"), 60);
	cJSON_Delete(r);

	/* Audited once, for this file. */
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM audit_log WHERE action = "
	    "'customer.get' AND object = 'customer:%lld'", id), 1);
	/* Another customer's file holds only theirs. */
	r = h_expect_ok(h_callf(c, "customer.get", "{\"id\":%lld}", other));
	ck_assert_int_eq(cJSON_GetArraySize(h_member(reply_result(r), "tickets")), 1);
	ck_assert_int_eq(cJSON_GetArraySize(h_member(reply_result(r), "complaints")), 0);
	cJSON_Delete(r);
	conn_close(c);
}
END_TEST

/* --- unit.entitlements of a saved unit */

START_TEST(test_entitlements_bought_recently)
{
	struct conn *c = h_connect_as(E.d, "operator");
	long long id = save_customer(c, "钱敏", "13700000011");
	long long unit = save_unit(c, id, "SN-F5", 5, 9999);
	const cJSON *e, *t;
	char args[64], no[32];
	cJSON *r, *reg;

	snprintf(args, sizeof args, "{\"unit_id\":%lld}", unit);
	r = entitlements(c, args);
	e = reply_result(r);
	ck_assert_int_eq(h_int_member(e, "unit_id"), unit);
	ck_assert_int_eq(h_int_member(e, "days_since_purchase"), 5);
	ck_assert(cJSON_IsTrue(h_member(e, "refund")));
	ck_assert(cJSON_IsTrue(h_member(e, "exchange")));
	expect_days(e, "refund_days_left", 2);
	expect_days(e, "exchange_days_left", 10);
	ck_assert_str_eq(h_str(e, "service_class"), "C");
	ck_assert(h_is_null(e, "repeat_of"));
	ck_assert(h_is_null(e, "contract_end"));
	expect_days(e, "contract_days_left", NONE);
	ck_assert_int_eq(cJSON_GetArraySize(h_member(e, "open_tickets")), 0);
	ck_assert(h_int_member(e, "warranty_days_left") > 300);

	/* call.register then records the same rights and class. */
	reg = call(c, "B", id, unit, no, sizeof no);
	t = reply_result(reg);
	ck_assert(cJSON_IsTrue(h_member(h_member(t, "guarantee"), "refund")));
	ck_assert(cJSON_IsTrue(h_member(h_member(t, "guarantee"), "exchange")));
	ck_assert_str_eq(h_str(h_member(t, "guarantee"), "reason"), h_str(e, "reason"));
	ck_assert_str_eq(h_str(t, "service_class"), h_str(e, "service_class"));
	ck_assert(h_is_null(t, "repeat_of"));
	cJSON_Delete(reg);
	cJSON_Delete(r);

	/* Now the call is open on the unit, and a repair call would repeat it. */
	r = entitlements(c, args);
	e = reply_result(r);
	ck_assert_int_eq(cJSON_GetArraySize(h_member(e, "open_tickets")), 1);
	t = cJSON_GetArrayItem(h_member(e, "open_tickets"), 0);
	ck_assert_str_eq(h_str(t, "no"), no);
	ck_assert_str_eq(h_str(t, "state"), "new");
	ck_assert_str_eq(h_str(t, "type"), "B");
	ck_assert_str_eq(h_str(h_member(e, "repeat_of"), "no"), no);
	ck_assert_str_eq(h_str(h_member(e, "repeat_of"), "state"), "new");
	ck_assert_int_eq(h_int_member(h_member(e, "repeat_of"), "days_ago"), 0);
	cJSON_Delete(r);

	/* Audited: a saved unit's rights are its customer's data. */
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM audit_log WHERE action = "
	    "'unit.entitlements' AND actor = 'operator' AND object = 'unit:%lld'", unit), 2);
	conn_close(c);
}
END_TEST

START_TEST(test_entitlements_repeat_and_contract)
{
	struct conn *c = h_connect_as(E.d, "operator");
	long long id = save_customer(c, "孙立", "13700000021");
	long long unit = save_unit(c, id, "SN-F12", 200, 30);
	const cJSON *e, *rep;
	char args[64], first[32], next[32];
	cJSON *r;

	cJSON_Delete(call(c, "B", id, unit, first, sizeof first));
	repaired(first, 12);
	snprintf(args, sizeof args, "{\"unit_id\":%lld}", unit);
	r = entitlements(c, args);
	e = reply_result(r);
	/* "repeat of B... (fixed by 王力 12 days ago)" */
	rep = h_member(e, "repeat_of");
	ck_assert_str_eq(h_str(rep, "no"), first);
	ck_assert_str_eq(h_str(rep, "state"), "completed");
	ck_assert_str_eq(h_str(rep, "technician"), "technician");
	ck_assert_str_eq(h_str(rep, "technician_name"), "王力");
	ck_assert_int_eq(h_int_member(rep, "days_ago"), 12);
	ck_assert(llabs((long long)(time(NULL) - 12 * 86400 - h_time(rep, "completed_at"))) < 120);
	/* A completed repair is not open; the contract has 30 days left. */
	ck_assert_int_eq(cJSON_GetArraySize(h_member(e, "open_tickets")), 0);
	expect_days(e, "contract_days_left", 30);
	ck_assert_str_eq(h_str(e, "service_class"), "B");
	ck_assert(cJSON_IsFalse(h_member(e, "refund")));
	expect_days(e, "refund_days_left", NONE);
	expect_days(e, "exchange_days_left", NONE);

	/* The call registered now repeats what the banner said. */
	cJSON_Delete(call(c, "B", id, unit, next, sizeof next));
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM tickets WHERE no = '%s' AND "
	    "repeat_of = '%s' AND service_class = 'B'", next, h_str(rep, "no")), 1);
	cJSON_Delete(r);

	/* Out of the repeat window: no repeat. */
	h_sqlf(E.db, "UPDATE tickets SET created_at = now() - interval '200 days'");
	r = entitlements(c, args);
	ck_assert(h_is_null(reply_result(r), "repeat_of"));
	cJSON_Delete(r);
	conn_close(c);
}
END_TEST

/* --- unit.entitlements of a unit being typed: the day boundaries */

START_TEST(test_entitlements_terms)
{
	static const struct {
		int days;                        /* bought days ago */
		long long refund, exchange;      /* days left, NONE: no right */
	} cases[] = {
		{ 0, 7, 15 }, { 5, 2, 10 }, { 7, 0, 8 }, { 8, NONE, 7 }, { 15, NONE, 0 },
		{ 16, NONE, NONE }, { 400, NONE, NONE },
	};
	struct conn *c = h_connect_as(E.d, "dispatcher");
	char args[160], bought[16], end[16];
	const cJSON *e;
	cJSON *r;

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		snprintf(args, sizeof args, "{\"purchase_date\":\"%s\"}",
		    h_centre_date(time(NULL), -cases[i].days, bought, sizeof bought));
		r = entitlements(c, args);
		e = reply_result(r);
		expect_days(e, "refund_days_left", cases[i].refund);
		expect_days(e, "exchange_days_left", cases[i].exchange);
		ck_assert(cJSON_IsTrue(h_member(e, "refund")) == (cases[i].refund != NONE));
		ck_assert(cJSON_IsTrue(h_member(e, "exchange")) == (cases[i].exchange != NONE));
		ck_assert(h_is_null(e, "unit_id"));
		ck_assert(h_is_null(e, "repeat_of"));
		ck_assert_int_eq(cJSON_GetArraySize(h_member(e, "open_tickets")), 0);
		cJSON_Delete(r);
	}
	/* No warranty at all, a contract ended yesterday: class A. */
	snprintf(args, sizeof args, "{\"purchase_date\":\"%s\",\"warranty_months\":0,"
	    "\"contract_end\":\"%s\"}", h_centre_date(time(NULL), -1, bought, sizeof bought),
	    h_centre_date(time(NULL), -1, end, sizeof end));
	r = entitlements(c, args);
	e = reply_result(r);
	ck_assert_str_eq(h_str(e, "service_class"), "A");
	expect_days(e, "contract_days_left", -1);
	expect_days(e, "warranty_days_left", -2);
	ck_assert_str_eq(h_str(e, "contract_end"), end);
	cJSON_Delete(r);
	/* 12 months by default: in warranty until the day before a year on. */
	snprintf(args, sizeof args, "{\"purchase_date\":\"2026-01-31\"}");
	r = entitlements(c, args);
	ck_assert_str_eq(h_str(reply_result(r), "warranty_until"), "2027-01-30");
	cJSON_Delete(r);
	/* Nothing saved was read: no audit row. */
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM audit_log WHERE action = "
	    "'unit.entitlements'"), 0);
	conn_close(c);
}
END_TEST

START_TEST(test_entitlements_refusals)
{
	static const struct {
		const char *args, *code, *field;
	} cases[] = {
		{ "{}", "invalid_argument", "unit_id" },
		{ "{\"unit_id\":0}", "invalid_argument", "unit_id" },
		{ "{\"unit_id\":\"1\"}", "invalid_argument", "unit_id" },
		{ "{\"unit_id\":1.5}", "invalid_argument", "unit_id" },
		{ "{\"unit_id\":987654}", "not_found", "unit_id" },
		{ "{\"unit_id\":UNIT,\"purchase_date\":\"2026-01-01\"}", "invalid_argument",
		    "purchase_date" },
		{ "{\"unit_id\":UNIT,\"warranty_months\":12}", "invalid_argument",
		    "warranty_months" },
		{ "{\"unit_id\":UNIT,\"contract_end\":null}", "invalid_argument", "contract_end" },
		{ "{\"purchase_date\":\"2026-02-30\"}", "invalid_argument", "purchase_date" },
		{ "{\"purchase_date\":\"last week\"}", "invalid_argument", "purchase_date" },
		{ "{\"purchase_date\":20260101}", "invalid_argument", "purchase_date" },
		{ "{\"purchase_date\":\"2099-01-01\"}", "invalid_argument", "purchase_date" },
		{ "{\"purchase_date\":\"2026-01-01\",\"warranty_months\":121}", "invalid_argument",
		    "warranty_months" },
		{ "{\"purchase_date\":\"2026-01-01\",\"warranty_months\":-1}", "invalid_argument",
		    "warranty_months" },
		{ "{\"purchase_date\":\"2026-01-01\",\"contract_end\":\"2026-13-01\"}",
		    "invalid_argument", "contract_end" },
	};
	struct conn *c = h_connect_as(E.d, "operator");
	long long id = save_customer(c, "李雷", "13700000031");
	long long unit = save_unit(c, id, "SN-FX", 3, 9999);
	char args[256], *at;
	cJSON *r;

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		snprintf(args, sizeof args, "%s", cases[i].args);
		if ((at = strstr(args, "UNIT")) != NULL) {
			char rest[256];
			snprintf(rest, sizeof rest, "%s", at + 4);
			snprintf(at, sizeof args - (size_t)(at - args), "%lld%s", unit, rest);
		}
		h_expect_error(h_call(c, "unit.entitlements", args), cases[i].code,
		    cases[i].field);
	}
	h_ping(c);
	conn_close(c);

	/* The roles of customer.get read it; a technician and the admin may not. */
	static const char *const allowed[] = { "dispatcher", "quality", "manager" };
	snprintf(args, sizeof args, "{\"unit_id\":%lld}", unit);
	for (size_t i = 0; i < 3; i++) {
		c = h_connect_as(E.d, allowed[i]);
		r = entitlements(c, args);
		ck_assert(cJSON_IsTrue(h_member(reply_result(r), "refund")));
		cJSON_Delete(r);
		conn_close(c);
	}
	static const char *const refused[] = { "technician", "admin" };
	for (size_t i = 0; i < 2; i++) {
		c = h_connect_as(E.d, refused[i]);
		h_expect_error(h_call(c, "unit.entitlements", args), "forbidden", NULL);
		conn_close(c);
	}
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM audit_log WHERE action = "
	    "'unit.entitlements' AND actor IN ('technician', 'admin')"), 0);
}
END_TEST

Suite *
customer_file_suite(void)
{
	Suite *s = suite_create("customer_file");
	TCase *tc = tcase_create("customer_file");

	tcase_set_timeout(tc, H_TEST_TIMEOUT);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_file_history);
	tcase_add_test(tc, test_entitlements_bought_recently);
	tcase_add_test(tc, test_entitlements_repeat_and_contract);
	tcase_add_test(tc, test_entitlements_terms);
	tcase_add_test(tc, test_entitlements_refusals);
	suite_add_tcase(s, tc);
	return s;
}
