/*
 * test_intake_rules.c: bad input refused by rule, not by luck (issue 12;
 * common/records.c): a new customer named with a phone or without an
 * address, a unit bought after today, a serial of fewer than 4
 * characters, through every op that takes a new customer or unit
 * (customer.save, unit.save, call.register, complaint.register, the
 * fields nested there as customer.name, unit.serial...); a fault or the
 * customer's words past their limit refused with the limit in the
 * message, and a text at the limit kept whole. Every refusal: the code,
 * the field, the words, and nothing written.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tests/integration/harness.h"
#include "tests/integration/suites.h"

H_ENV_FIXTURE(E)

#define NEW_CUSTOMER "\"name\":\"王力\",\"phones\":[\"13800138000\"],\"region\":\"urban\"," \
	"\"address\":\"人民路1号\""

/* The reply is a refusal with code and field whose message holds words. */
#define expect_refused(reply, code, field, words) \
	expect_refused_at(__LINE__, reply, code, field, words)
static void
expect_refused_at(int line, cJSON *reply, const char *code, const char *field,
    const char *words)
{
	const char *msg = h_str(h_member(reply, "error"), "message");

	ck_assert_msg(reply != NULL && !reply_ok(reply), "line %d: want %s, got %s", line,
	    code, h_show(reply));
	ck_assert_msg(strcmp(reply_code(reply), code) == 0 &&
	    strcmp(reply_field(reply), field) == 0 && strstr(msg, words) != NULL,
	    "line %d: want %s on %s saying \"%s\", got %s", line, code, field, words,
	    h_show(reply));
	cJSON_Delete(reply);
}

/* n copies of a character (UTF-8) in a malloc'd string. */
static char *
repeat(const char *ch, int n)
{
	size_t len = strlen(ch);
	char *s = malloc(len * (size_t)n + 1);

	ck_assert_ptr_nonnull(s);
	for (int i = 0; i < n; i++)
		memcpy(s + len * (size_t)i, ch, len);
	s[len * (size_t)n] = '\0';
	return s;
}

static long long
count(const char *table)
{
	return h_sql_int(E.db, "SELECT count(*) FROM %s", table);
}

START_TEST(test_customer_save)
{
	struct conn *c = h_connect_as(E.d, "operator");
	static const char *const phone_names[] = { "13800138000", "150 1235 3597",
	    "+86 150-1235-3597", "(010) 6555-0000" };
	long long id;
	cJSON *r;

	for (size_t i = 0; i < sizeof phone_names / sizeof *phone_names; i++)
		expect_refused(h_callf(c, "customer.save", "{\"name\":\"%s\",\"phones\":"
		    "[\"13800138000\"],\"region\":\"urban\",\"address\":\"人民路1号\"}",
		    phone_names[i]), "invalid_argument", "name", "phone number, not a name");
	expect_refused(h_call(c, "customer.save", "{\"name\":\"王力\",\"phones\":"
	    "[\"13800138000\"],\"region\":\"urban\"}"), "invalid_argument", "address",
	    "address is required");
	expect_refused(h_call(c, "customer.save", "{\"name\":\"王力\",\"phones\":"
	    "[\"13800138000\"],\"region\":\"urban\",\"address\":\" \\t \"}"),
	    "invalid_argument", "address", "required for a new customer");
	ck_assert_int_eq(count("customers"), 0);

	/* An existing customer saved without an address keeps theirs; a blank
	 * one or a phone for a name is refused, and nothing changes. */
	r = h_expect_ok(h_call(c, "customer.save", "{" NEW_CUSTOMER "}"));
	id = h_int_member(reply_result(r), "id");
	cJSON_Delete(r);
	r = h_expect_ok(h_callf(c, "customer.save", "{\"id\":%lld,\"name\":\"王力强\","
	    "\"phones\":[\"13800138000\"],\"region\":\"suburban\"}", id));
	ck_assert_str_eq(h_str(reply_result(r), "address"), "人民路1号");
	cJSON_Delete(r);
	expect_refused(h_callf(c, "customer.save", "{\"id\":%lld,\"name\":\"王力强\","
	    "\"phones\":[\"13800138000\"],\"region\":\"urban\",\"address\":\"\"}", id),
	    "invalid_argument", "address", "must not be empty");
	expect_refused(h_callf(c, "customer.save", "{\"id\":%lld,\"name\":\"13800138000\","
	    "\"phones\":[\"13800138000\"],\"region\":\"urban\"}", id),
	    "invalid_argument", "name", "phone");
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM customers WHERE id = %lld AND "
	    "name = '王力强' AND address = '人民路1号' AND region = 'suburban' AND version = 2",
	    id), 1);
	conn_close(c);
}
END_TEST

START_TEST(test_unit_save)
{
	struct conn *c = h_connect_as(E.d, "operator");
	char today[16], tomorrow[16];
	long long cust, unit;
	cJSON *r;

	h_centre_date(time(NULL), 0, today, sizeof today);
	h_centre_date(time(NULL), 1, tomorrow, sizeof tomorrow);
	r = h_expect_ok(h_call(c, "customer.save", "{" NEW_CUSTOMER "}"));
	cust = h_int_member(reply_result(r), "id");
	cJSON_Delete(r);
	expect_refused(h_callf(c, "unit.save", "{\"customer_id\":%lld,\"model\":\"KFR-35GW\","
	    "\"serial\":\"SN-0001\",\"purchase_date\":\"%s\"}", cust, tomorrow),
	    "invalid_argument", "purchase_date", "in the future");
	expect_refused(h_callf(c, "unit.save", "{\"customer_id\":%lld,\"model\":\"KFR-35GW\","
	    "\"serial\":\"S\",\"purchase_date\":\"%s\"}", cust, today),
	    "invalid_argument", "serial", "serial is at least 4 characters");
	expect_refused(h_callf(c, "unit.save", "{\"customer_id\":%lld,\"model\":\"KFR-35GW\","
	    "\"serial\":\"  S12  \",\"purchase_date\":\"%s\"}", cust, today),
	    "invalid_argument", "serial", "at least 4");
	ck_assert_int_eq(count("units"), 0);
	/* Bought today, a serial of four: saved. A later save with a date
	 * after today is refused and the unit stays as it was. */
	r = h_expect_ok(h_callf(c, "unit.save", "{\"customer_id\":%lld,\"model\":\"KFR-35GW\","
	    "\"serial\":\"S123\",\"purchase_date\":\"%s\"}", cust, today));
	unit = h_int_member(reply_result(r), "id");
	cJSON_Delete(r);
	expect_refused(h_callf(c, "unit.save", "{\"id\":%lld,\"customer_id\":%lld,\"model\":"
	    "\"KFR-35GW\",\"serial\":\"S123\",\"purchase_date\":\"%s\"}", unit, cust, tomorrow),
	    "invalid_argument", "purchase_date", "in the future");
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM units WHERE id = %lld AND "
	    "purchase_date = '%s' AND version = 1", unit, today), 1);
	conn_close(c);
}
END_TEST

/* call.register of a new customer and unit: customer and unit are JSON
 * members, fault the fault. */
static cJSON *
register_call(struct conn *c, const char *customer, const char *unit, const char *fault)
{
	char key[96];

	return h_callf(c, "call.register", "{\"request_key\":\"%s\",\"channel\":\"phone\","
	    "\"type\":\"B\",\"customer\":{%s},\"unit\":{%s},\"fault\":\"%s\"}",
	    h_request_key(key, sizeof key), customer, unit, fault);
}

START_TEST(test_call_register)
{
	struct conn *c = h_connect_as(E.d, "operator");
	char unit[256], future[256], tomorrow[16], bought[16];
	char *fault500 = repeat("漏", 500), *fault501 = repeat("漏", 501);
	char *fault3000 = repeat("x", 3000);
	cJSON *r;

	h_centre_date(time(NULL), -30, bought, sizeof bought);
	h_centre_date(time(NULL), 1, tomorrow, sizeof tomorrow);
	snprintf(unit, sizeof unit, "\"model\":\"KFR-35GW\",\"serial\":\"SN-0001\","
	    "\"purchase_date\":\"%s\"", bought);
	snprintf(future, sizeof future, "\"model\":\"KFR-35GW\",\"serial\":\"SN-0001\","
	    "\"purchase_date\":\"%s\"", tomorrow);
	expect_refused(register_call(c, "\"name\":\"150 1235 3597\",\"phones\":[\"15012353597\"],"
	    "\"region\":\"urban\",\"address\":\"人民路1号\"", unit, "不制冷"),
	    "invalid_argument", "customer.name", "phone number, not a name");
	expect_refused(register_call(c, "\"name\":\"王力\",\"phones\":[\"13800138000\"],"
	    "\"region\":\"urban\"", unit, "不制冷"), "invalid_argument", "customer.address",
	    "address is required");
	expect_refused(register_call(c, "\"name\":\"王力\",\"phones\":[\"13800138000\"],"
	    "\"region\":\"urban\",\"address\":\"  \"", unit, "不制冷"),
	    "invalid_argument", "customer.address", "required for a new customer");
	expect_refused(register_call(c, NEW_CUSTOMER, future, "不制冷"),
	    "invalid_argument", "unit.purchase_date", "in the future");
	expect_refused(register_call(c, NEW_CUSTOMER, "\"model\":\"KFR-35GW\",\"serial\":\"X\","
	    "\"purchase_date\":\"2024-01-01\"", "不制冷"), "invalid_argument", "unit.serial",
	    "serial is at least 4 characters");
	/* Past the limit: refused with the limit, never cut. */
	expect_refused(register_call(c, NEW_CUSTOMER, unit, fault501), "invalid_argument",
	    "fault", "fault is at most 500 characters");
	expect_refused(register_call(c, NEW_CUSTOMER, unit, fault3000), "invalid_argument",
	    "fault", "fault is at most 500 characters");
	ck_assert_int_eq(count("tickets") + count("customers") + count("units"), 0);
	/* At the limit: kept whole. */
	r = h_expect_ok(register_call(c, NEW_CUSTOMER, unit, fault500));
	ck_assert_int_eq(h_sql_int(E.db, "SELECT char_length(fault) FROM tickets WHERE no = '%s'",
	    h_str(reply_result(r), "no")), 500);
	cJSON_Delete(r);
	free(fault500);
	free(fault501);
	free(fault3000);
	conn_close(c);
}
END_TEST

static cJSON *
register_complaint(struct conn *c, const char *customer, const char *text)
{
	char key[96];

	return h_callf(c, "complaint.register", "{\"request_key\":\"%s\",\"channel\":\"phone\","
	    "\"customer\":{%s},\"text\":\"%s\"}", h_request_key(key, sizeof key), customer, text);
}

START_TEST(test_complaint_register)
{
	struct conn *c = h_connect_as(E.d, "operator");
	char *words1000 = repeat("差", 1000), *words1001 = repeat("差", 1001);
	cJSON *r;

	expect_refused(register_complaint(c, "\"name\":\"+8613800138000\",\"phones\":"
	    "[\"13800138000\"],\"region\":\"urban\",\"address\":\"人民路1号\"", "态度差"),
	    "invalid_argument", "customer.name", "phone number, not a name");
	expect_refused(register_complaint(c, "\"name\":\"王力\",\"phones\":[\"13800138000\"],"
	    "\"region\":\"urban\"", "态度差"), "invalid_argument", "customer.address",
	    "address is required");
	expect_refused(register_complaint(c, NEW_CUSTOMER, words1001), "invalid_argument",
	    "text", "text is at most 1000 characters");
	ck_assert_int_eq(count("complaints") + count("customers"), 0);
	r = h_expect_ok(register_complaint(c, NEW_CUSTOMER, words1000));
	ck_assert_int_eq(h_sql_int(E.db, "SELECT char_length(text) FROM complaints WHERE no = "
	    "'%s'", h_str(reply_result(r), "no")), 1000);
	cJSON_Delete(r);
	free(words1000);
	free(words1001);
	conn_close(c);
}
END_TEST

/* The customer's answer to an approved proposal: their words too. */
START_TEST(test_reply_words)
{
	struct conn *op = h_connect_as(E.d, "operator");
	struct conn *q = h_connect_as(E.d, "quality");
	struct conn *mgr = h_connect_as(E.d, "manager");
	char no[32], *words1001 = repeat("好", 1001);

	h_proposed_complaint(op, q, mgr, "道歉", no, sizeof no);
	expect_refused(h_callf(op, "complaint.reply", "{\"no\":\"%s\",\"text\":\"%s\","
	    "\"accepted\":true}", no, words1001), "invalid_argument", "text",
	    "text is at most 1000 characters");
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM complaints WHERE no = '%s' AND "
	    "state = 'approved'", no), 1);
	free(words1001);
	conn_close(op);
	conn_close(q);
	conn_close(mgr);
}
END_TEST

Suite *
intake_rules_suite(void)
{
	Suite *s = suite_create("intake_rules");
	TCase *tc = tcase_create("rules");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, H_TEST_TIMEOUT);
	tcase_add_test(tc, test_customer_save);
	tcase_add_test(tc, test_unit_save);
	tcase_add_test(tc, test_call_register);
	tcase_add_test(tc, test_complaint_register);
	tcase_add_test(tc, test_reply_words);
	suite_add_tcase(s, tc);
	return s;
}
