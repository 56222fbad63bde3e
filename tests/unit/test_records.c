/*
 * test_records.c: common/records.h, what a customer's file and a unit
 * must be: a name that is a phone, a serial too short, a purchase date
 * after today (the local day), and the readers arg_customer (an address
 * for a new customer, never a blank one) and arg_unit naming the field.
 */
#include <stdlib.h>
#include <string.h>

#include "common/records.h"
#include "tests/unit/suites.h"

static struct proto_error err;

/* The last reader failed with invalid_argument naming field. */
static void
failed_on(const char *field, const char *words)
{
	ck_assert_int_eq(err.code, PROTO_INVALID_ARGUMENT);
	ck_assert_str_eq(err.field, field);
	ck_assert_msg(strstr(err.message, words) != NULL, "message: %s", err.message);
	memset(&err, 0, sizeof err);
}

START_TEST(test_name_is_phone)
{
	ck_assert(name_is_phone("13800138000"));
	ck_assert(name_is_phone("150 1235 3597"));
	ck_assert(name_is_phone("+86 150-1235-3597"));
	ck_assert(name_is_phone("(010) 6555.0000"));
	ck_assert(name_is_phone("１３８００１３８０００"));   /* full-width digits */
	ck_assert(!name_is_phone("王力"));
	ck_assert(!name_is_phone("Wang Li"));
	ck_assert(!name_is_phone("3M 公司"));
	ck_assert(!name_is_phone("张三 13800138000"));   /* a name with a phone after it */
	ck_assert(!name_is_phone("()"));                 /* no digit: not a phone */
}
END_TEST

START_TEST(test_serial)
{
	ck_assert(!serial_long_enough("S"));
	ck_assert(!serial_long_enough("S12"));
	ck_assert(!serial_long_enough("  S12  "));      /* blanks at the ends do not count */
	ck_assert(serial_long_enough("S123"));
	ck_assert(serial_long_enough("序列号一"));       /* characters, not bytes */
	ck_assert(!serial_long_enough("序列号"));
	ck_assert_int_eq(SERIAL_MIN, 4);
}
END_TEST

START_TEST(test_cause_code)
{
	ck_assert(cause_code_valid("compressor"));
	ck_assert(cause_code_valid("no_fault_found"));
	ck_assert(cause_code_valid("ab"));
	ck_assert(cause_code_valid("abcdefghijklmnopqrstuvwxyz_abcde"));    /* 32 */
	ck_assert(!cause_code_valid("abcdefghijklmnopqrstuvwxyz_abcdef"));  /* 33 */
	ck_assert(!cause_code_valid("a"));
	ck_assert(!cause_code_valid(""));
	ck_assert(!cause_code_valid("Compressor"));
	ck_assert(!cause_code_valid("door-seal"));
	ck_assert(!cause_code_valid("pump2"));
	ck_assert(!cause_code_valid("压缩机"));
}
END_TEST

START_TEST(test_date_is_future)
{
	time_t now = time(NULL);
	struct tm tm;
	char today[16], tomorrow[16];
	time_t t = now + 24 * 3600;

	localtime_r(&now, &tm);
	strftime(today, sizeof today, "%Y-%m-%d", &tm);
	localtime_r(&t, &tm);
	strftime(tomorrow, sizeof tomorrow, "%Y-%m-%d", &tm);
	ck_assert(!date_is_future(today, now));
	ck_assert(date_is_future(tomorrow, now));
	ck_assert(!date_is_future("2020-02-29", now));
	ck_assert(date_is_future("2199-01-01", now));
}
END_TEST

/* The arguments read last (kept while the test reads what they point into). */
static cJSON *args;

static cJSON *
parsed(const char *json)
{
	cJSON_Delete(args);
	args = cJSON_Parse(json);
	ck_assert_ptr_nonnull(args);
	return args;
}

static void
teardown(void)
{
	cJSON_Delete(args);
	args = NULL;
}

#define CUSTOMER(json, fresh) arg_customer(parsed(json), fresh, &c, &err)
#define UNIT(json) arg_unit(parsed(json), now, &u, &err)

START_TEST(test_arg_customer)
{
	struct customer_args c;

	ck_assert(CUSTOMER("{\"name\":\"王力\",\"phones\":[\"138 0013 8000\"],"
	    "\"address\":\"人民路1号\",\"region\":\"county\"}", true));
	ck_assert_str_eq(c.name, "王力");
	ck_assert_str_eq(c.address, "人民路1号");
	ck_assert_int_eq(c.region, 2);
	/* the phones in their one form (common/phone.h), the caller's to free */
	ck_assert_str_eq(cJSON_GetArrayItem(c.phones, 0)->valuestring, "13800138000");
	cJSON_Delete(c.phones);
	ck_assert(!CUSTOMER("{\"name\":\"138 0013 8000\",\"phones\":[\"13800138000\"],"
	    "\"address\":\"人民路1号\",\"region\":\"urban\"}", true));
	failed_on("name", "phone");
	ck_assert(!CUSTOMER("{\"name\":\"王力\",\"phones\":[\"13800138000\"],"
	    "\"region\":\"urban\"}", true));
	failed_on("address", "required");
	ck_assert(!CUSTOMER("{\"name\":\"王力\",\"phones\":[\"13800138000\"],"
	    "\"address\":\" \\t\",\"region\":\"urban\"}", true));
	failed_on("address", "required for a new customer");
	/* an existing customer: no address keeps theirs; a blank one is refused */
	ck_assert(CUSTOMER("{\"name\":\"王力\",\"phones\":[\"13800138000\"],"
	    "\"region\":\"urban\"}", false));
	ck_assert_ptr_null(c.address);
	cJSON_Delete(c.phones);
	ck_assert(!CUSTOMER("{\"name\":\"王力\",\"phones\":[\"13800138000\"],"
	    "\"address\":\"\",\"region\":\"urban\"}", false));
	failed_on("address", "must not be empty");
	ck_assert(!CUSTOMER("{\"name\":\"13800138000\",\"phones\":[\"13800138000\"],"
	    "\"region\":\"urban\"}", false));
	failed_on("name", "phone");
	ck_assert_ptr_null(c.phones);   /* freed when refused */
}
END_TEST

START_TEST(test_arg_unit)
{
	struct unit_args u;
	time_t now = time(NULL);

	ck_assert(UNIT("{\"model\":\"KFR-35GW\",\"serial\":\"SN-1\","
	    "\"purchase_date\":\"2024-02-29\"}"));
	ck_assert_int_eq(u.warranty_months, -1);
	ck_assert_ptr_null(u.contract_end);
	ck_assert(UNIT("{\"model\":\"KFR-35GW\",\"serial\":\"SN-1\","
	    "\"purchase_date\":\"2024-02-29\",\"warranty_months\":24}"));
	ck_assert_int_eq(u.warranty_months, 24);
	ck_assert(!UNIT("{\"model\":\"KFR-35GW\",\"serial\":\"S\","
	    "\"purchase_date\":\"2024-02-29\"}"));
	failed_on("serial", "at least 4 characters");
	ck_assert(!UNIT("{\"model\":\"KFR-35GW\",\"serial\":\"SN-1\","
	    "\"purchase_date\":\"2199-01-01\"}"));
	failed_on("purchase_date", "in the future");
	ck_assert(!UNIT("{\"model\":\"KFR-35GW\",\"serial\":\"SN-1\","
	    "\"purchase_date\":\"2024-02-30\"}"));
	failed_on("purchase_date", "real date");
}
END_TEST

Suite *
records_suite(void)
{
	Suite *s = suite_create("records");
	TCase *tc = tcase_create("rules");

	tcase_add_checked_fixture(tc, NULL, teardown);

	tcase_add_test(tc, test_name_is_phone);
	tcase_add_test(tc, test_serial);
	tcase_add_test(tc, test_cause_code);
	tcase_add_test(tc, test_date_is_future);
	tcase_add_test(tc, test_arg_customer);
	tcase_add_test(tc, test_arg_unit);
	suite_add_tcase(s, tc);
	return s;
}
