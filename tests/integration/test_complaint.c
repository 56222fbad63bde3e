/*
 * test_complaint.c: complaint intake (complaint.register, complaint.get):
 * the record (state received, first taker, round 1, the customer known or
 * new, the ticket it concerns), the number (the centre's YYMMDD and the
 * year's running count, at least 3 digits), idempotency on request_key,
 * roles, every bad argument named, and records that do not exist.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tests/integration/harness.h"
#include "tests/integration/suites.h"

H_ENV_FIXTURE(E)

#define NEW_CUSTOMER "{\"name\":\"投诉人\",\"phones\":[\"13911112222\"],\"address\":\"人民路1号\"," \
    "\"region\":\"county\"}"

/* complaint.register with this key and customer JSON; ticket_no may be NULL. */
static cJSON *
register_complaint(struct conn *c, const char *key, const char *customer,
    const char *ticket_no)
{
	char ticket[64] = "";

	if (ticket_no != NULL)
		snprintf(ticket, sizeof ticket, ",\"ticket_no\":\"%s\"", ticket_no);
	return h_callf(c, "complaint.register", "{\"request_key\":\"%s\",\"channel\":\"phone\","
	    "\"customer\":%s%s,\"text\":\"师傅迟到两个小时\",\"demand\":\"道歉\"}", key,
	    customer, ticket);
}

START_TEST(test_register_new_customer)
{
	struct conn *op = h_connect_as(E.d, "operator");
	struct conn *mgr = h_connect_as(E.d, "manager");
	char key[96], today[16], prefix[8], first[32];
	const cJSON *c;
	cJSON *r, *g;

	h_centre_date(time(NULL), 0, today, sizeof today);
	snprintf(prefix, sizeof prefix, "%.2s%.2s%.2s", today + 2, today + 5, today + 8);
	r = h_expect_ok(register_complaint(op, h_request_key(key, sizeof key), NEW_CUSTOMER,
	    NULL));
	c = reply_result(r);
	snprintf(first, sizeof first, "%s", h_str(c, "no"));
	/* The year's first: YYMMDD001. */
	ck_assert_int_eq((int)strlen(first), 9);
	ck_assert_msg(strncmp(first, prefix, 6) == 0 && strcmp(first + 6, "001") == 0,
	    "number %s, today %s", first, prefix);
	ck_assert_str_eq(h_str(c, "state"), "received");
	ck_assert_str_eq(h_str(c, "channel"), "phone");
	ck_assert_str_eq(h_str(c, "taken_by"), "operator");
	ck_assert_str_eq(h_str(c, "text"), "师傅迟到两个小时");
	ck_assert_str_eq(h_str(c, "demand"), "道歉");
	ck_assert_str_eq(h_str(h_member(c, "customer"), "name"), "投诉人");
	ck_assert_int_eq(h_int_member(c, "round"), 1);
	ck_assert(cJSON_IsFalse(h_member(c, "major")) && cJSON_IsFalse(h_member(c, "overdue")));
	ck_assert(h_is_null(c, "ticket_no") && h_is_null(c, "severity") &&
	    h_is_null(c, "category") && h_is_null(c, "department") && h_is_null(c, "stage") &&
	    h_is_null(c, "previous_no"));
	ck_assert_int_eq(cJSON_GetArraySize(h_member(c, "responsibility")), 0);
	/* complaint.get: the same record with its history. */
	g = h_expect_ok(h_callf(mgr, "complaint.get", "{\"no\":\"%s\"}", first));
	ck_assert_str_eq(h_str(reply_result(g), "no"), first);
	ck_assert_int_eq(cJSON_GetArraySize(h_member(reply_result(g), "events")), 1);
	ck_assert_str_eq(h_str(cJSON_GetArrayItem(h_member(reply_result(g), "events"), 0),
	    "to"), "received");
	cJSON_Delete(g);
	cJSON_Delete(r);
	/* The next one counts on. */
	r = h_expect_ok(register_complaint(op, h_request_key(key, sizeof key), NEW_CUSTOMER,
	    NULL));
	ck_assert_str_eq(h_str(reply_result(r), "no") + 6, "002");
	cJSON_Delete(r);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM audit_log WHERE action IN "
	    "('complaint.register', 'complaint.get')"), 3);
	conn_close(mgr);
	conn_close(op);
}
END_TEST

START_TEST(test_register_idempotent)
{
	struct conn *op = h_connect_as(E.d, "operator");
	struct conn *q = h_connect_as(E.d, "quality");
	char key[96], no[32];
	cJSON *r;

	h_request_key(key, sizeof key);
	r = h_expect_ok(register_complaint(q, key, NEW_CUSTOMER, NULL));
	snprintf(no, sizeof no, "%s", h_str(reply_result(r), "no"));
	ck_assert_str_eq(h_str(reply_result(r), "taken_by"), "quality");
	cJSON_Delete(r);
	/* The retry, even from another taker: the same complaint, nothing new. */
	r = h_expect_ok(register_complaint(op, key, NEW_CUSTOMER, NULL));
	ck_assert_str_eq(h_str(reply_result(r), "no"), no);
	ck_assert_str_eq(h_str(reply_result(r), "taken_by"), "quality");
	cJSON_Delete(r);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM complaints"), 1);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM customers WHERE name = '投诉人'"), 1);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM complaint_events"), 1);
	conn_close(q);
	conn_close(op);
}
END_TEST

START_TEST(test_register_about_ticket)
{
	struct conn *op = h_connect_as(E.d, "operator");
	char key[96], no[32], other[32], customer[64];
	long long id;
	cJSON *r;

	r = h_new_ticket(op, "B", "urban", no, sizeof no);
	id = h_int_member(h_member(reply_result(r), "customer"), "id");
	cJSON_Delete(r);
	cJSON_Delete(h_new_ticket(op, "B", "urban", other, sizeof other));
	snprintf(customer, sizeof customer, "{\"id\":%lld}", id);
	r = h_expect_ok(register_complaint(op, h_request_key(key, sizeof key), customer, no));
	ck_assert_str_eq(h_str(reply_result(r), "ticket_no"), no);
	ck_assert_int_eq(h_int_member(h_member(reply_result(r), "customer"), "id"), id);
	cJSON_Delete(r);
	/* Another customer's ticket, an unknown one, an unknown customer. */
	h_expect_error(register_complaint(op, h_request_key(key, sizeof key), customer, other),
	    "not_found", "ticket_no");
	h_expect_error(register_complaint(op, h_request_key(key, sizeof key), customer,
	    "B9901019999"), "not_found", "ticket_no");
	h_expect_error(register_complaint(op, h_request_key(key, sizeof key),
	    "{\"id\":999999}", NULL), "not_found", "customer.id");
	h_expect_error(register_complaint(op, h_request_key(key, sizeof key), NEW_CUSTOMER, no),
	    "invalid_argument", "ticket_no");
	h_expect_error(h_call(op, "complaint.get", "{\"no\":\"991231999\"}"), "not_found", "no");
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM complaints"), 1);
	conn_close(op);
}
END_TEST

START_TEST(test_roles_and_arguments)
{
	struct conn *op = h_connect_as(E.d, "operator");
	static const char *const may_not_register[] = { "dispatcher", "technician",
	    "manager", "admin" };
	static const char *const may_not_read[] = { "dispatcher", "technician", "admin" };
	char key[96];
	cJSON *r;

	r = h_expect_ok(register_complaint(op, h_request_key(key, sizeof key), NEW_CUSTOMER,
	    NULL));
	for (size_t i = 0; i < sizeof may_not_register / sizeof may_not_register[0]; i++) {
		struct conn *c = h_connect_as(E.d, may_not_register[i]);
		h_expect_error(register_complaint(c, h_request_key(key, sizeof key), NEW_CUSTOMER,
		    NULL), "forbidden", NULL);
		conn_close(c);
	}
	for (size_t i = 0; i < sizeof may_not_read / sizeof may_not_read[0]; i++) {
		struct conn *c = h_connect_as(E.d, may_not_read[i]);
		h_expect_error(h_callf(c, "complaint.get", "{\"no\":\"%s\"}",
		    h_str(reply_result(r), "no")), "forbidden", NULL);
		conn_close(c);
	}
	cJSON_Delete(r);
	static const struct { const char *args, *field; } bad[] = {
		{ "{\"channel\":\"phone\",\"customer\":{\"id\":1},\"text\":\"x\"}", "request_key" },
		{ "{\"request_key\":\"\",\"channel\":\"phone\",\"customer\":{\"id\":1},\"text\":\"x\"}", "request_key" },
		{ "{\"request_key\":\"k1\",\"channel\":\"fax\",\"customer\":{\"id\":1},\"text\":\"x\"}", "channel" },
		{ "{\"request_key\":\"k1\",\"channel\":\"phone\",\"text\":\"x\"}", "customer" },
		{ "{\"request_key\":\"k1\",\"channel\":\"phone\",\"customer\":{\"id\":0},\"text\":\"x\"}", "customer.id" },
		{ "{\"request_key\":\"k1\",\"channel\":\"phone\",\"customer\":{\"name\":\"x\",\"region\":\"urban\"},\"text\":\"x\"}", "customer.phones" },
		{ "{\"request_key\":\"k1\",\"channel\":\"phone\",\"customer\":{\"id\":1}}", "text" },
		{ "{\"request_key\":\"k1\",\"channel\":\"phone\",\"customer\":{\"id\":1},\"text\":\"  \"}", "text" },
		{ "{\"request_key\":\"k1\",\"channel\":\"phone\",\"customer\":{\"id\":1},\"text\":\"x\",\"demand\":5}", "demand" },
		{ "{\"request_key\":\"k1\",\"channel\":\"phone\",\"customer\":{\"id\":1},\"text\":\"x\",\"ticket_no\":\"B12345678901234567\"}", "ticket_no" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		h_expect_error(h_call(op, "complaint.register", bad[i].args), "invalid_argument",
		    bad[i].field);
	h_expect_error(h_call(op, "complaint.get", "{}"), "invalid_argument", "no");
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM complaints"), 1);
	conn_close(op);
}
END_TEST

Suite *
complaint_suite(void)
{
	Suite *s = suite_create("complaint");
	TCase *tc = tcase_create("complaint");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, H_TEST_TIMEOUT);
	tcase_add_test(tc, test_register_new_customer);
	tcase_add_test(tc, test_register_idempotent);
	tcase_add_test(tc, test_register_about_ticket);
	tcase_add_test(tc, test_roles_and_arguments);
	suite_add_tcase(s, tc);
	return s;
}
