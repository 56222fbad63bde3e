/*
 * test_validate.c: common/validate.h, the argument readers: lengths counted
 * in characters (Chinese text), required/optional/null, wrong types, integer
 * bounds, enums and enum sets, months, phone numbers and logins.
 */
#include <stdint.h>
#include <string.h>

#include "common/domain.h"
#include "common/validate.h"
#include "tests/unit/suites.h"

static cJSON *args;
static struct proto_error err;

static void
setup(void)
{
	args = cJSON_Parse("{"
	    "\"zh4\":\"中文名字\", \"ascii\":\"abcd\", \"empty\":\"\", \"blank\":\" \\t\\n \","
	    "\"padded\":\" a \", \"num\":5, \"neg\":-3, \"half\":1.5, \"numstr\":\"5\","
	    "\"big\":1e300, \"yes\":true, \"no\":false, \"nul\":null, \"arr\":[\"tickets\",\"sla\"],"
	    "\"obj\":{}, \"role\":\"dispatcher\", \"badrole\":\"boss\", \"emoji\":\"\xf0\x9f\x98\x80\xf0\x9f\x98\x80\","
	    "\"two63\":9223372036854775808, \"zero\":0"
	    "}");
	ck_assert_ptr_nonnull(args);
	memset(&err, 0, sizeof err);
}

static void
teardown(void)
{
	cJSON_Delete(args);
}

/* The last reader failed with invalid_argument naming field. */
static void
failed_on(const char *field)
{
	ck_assert_int_eq(err.code, PROTO_INVALID_ARGUMENT);
	ck_assert_str_eq(err.field, field);
	ck_assert(err.message[0] != '\0');
	memset(&err, 0, sizeof err);
}

START_TEST(test_utf8_length)
{
	ck_assert_uint_eq(utf8_length(""), 0);
	ck_assert_uint_eq(utf8_length("abc"), 3);
	ck_assert_uint_eq(utf8_length("中文"), 2);
	ck_assert_uint_eq(utf8_length("中文abc"), 5);
	ck_assert_uint_eq(utf8_length("\xf0\x9f\x98\x80"), 1);
}
END_TEST

START_TEST(test_string_length_in_characters)
{
	const char *s = NULL;

	/* 4 characters, 12 bytes: fits 4, not 3. */
	ck_assert(arg_string(args, "zh4", ARG_REQUIRED, 4, &s, &err));
	ck_assert_str_eq(s, "中文名字");
	ck_assert(!arg_string(args, "zh4", ARG_REQUIRED, 3, &s, &err));
	failed_on("zh4");
	ck_assert_ptr_null(s);
	ck_assert(arg_string(args, "emoji", ARG_REQUIRED, 2, &s, &err));
	ck_assert(!arg_string(args, "emoji", ARG_REQUIRED, 1, &s, &err));
	failed_on("emoji");
	ck_assert(arg_string(args, "ascii", ARG_REQUIRED, 4, &s, &err));
	ck_assert(!arg_string(args, "ascii", ARG_REQUIRED, 3, &s, &err));
	failed_on("ascii");
	ck_assert(arg_string(args, "empty", ARG_REQUIRED, 0, &s, &err));
	ck_assert_str_eq(s, "");
}
END_TEST

START_TEST(test_string_presence)
{
	const char *s = "untouched";

	ck_assert(!arg_string(args, "missing", ARG_REQUIRED, 10, &s, &err));
	failed_on("missing");
	ck_assert(!arg_string(args, "nul", ARG_REQUIRED, 10, &s, &err));
	failed_on("nul");
	s = "x";
	ck_assert(arg_string(args, "missing", ARG_OPTIONAL, 10, &s, &err));
	ck_assert_ptr_null(s);
	s = "x";
	ck_assert(arg_string(args, "nul", ARG_OPTIONAL, 10, &s, &err));
	ck_assert_ptr_null(s);
}
END_TEST

START_TEST(test_string_wrong_types)
{
	static const char *const names[] = { "num", "yes", "arr", "obj", "half" };
	const char *s;

	for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
		ck_assert(!arg_string(args, names[i], ARG_REQUIRED, 100, &s, &err));
		failed_on(names[i]);
		ck_assert(!arg_string(args, names[i], ARG_OPTIONAL, 100, &s, &err));
		failed_on(names[i]);
	}
}
END_TEST

START_TEST(test_text)
{
	const char *s;

	ck_assert(!arg_text(args, "empty", ARG_REQUIRED, 10, &s, &err));
	failed_on("empty");
	ck_assert(!arg_text(args, "blank", ARG_REQUIRED, 10, &s, &err));
	failed_on("blank");
	ck_assert(arg_text(args, "padded", ARG_REQUIRED, 10, &s, &err));
	ck_assert_str_eq(s, " a ");
	ck_assert(arg_text(args, "zh4", ARG_REQUIRED, 4, &s, &err));
	ck_assert(!arg_text(args, "zh4", ARG_REQUIRED, 3, &s, &err));
	failed_on("zh4");
	ck_assert(arg_text(args, "missing", ARG_OPTIONAL, 10, &s, &err));
	ck_assert_ptr_null(s);
	ck_assert(!arg_text(args, "num", ARG_OPTIONAL, 10, &s, &err));
	failed_on("num");
}
END_TEST

START_TEST(test_int_bounds)
{
	int64_t v = 0;

	ck_assert(arg_int(args, "num", ARG_REQUIRED, 1, 10, &v, &err));
	ck_assert_int_eq(v, 5);
	ck_assert(arg_int(args, "num", ARG_REQUIRED, 5, 5, &v, &err));   /* inclusive */
	ck_assert(!arg_int(args, "num", ARG_REQUIRED, 6, 10, &v, &err));
	failed_on("num");
	ck_assert(!arg_int(args, "num", ARG_REQUIRED, 1, 4, &v, &err));
	failed_on("num");
	ck_assert(arg_int(args, "neg", ARG_REQUIRED, -3, 0, &v, &err));
	ck_assert_int_eq(v, -3);
	ck_assert(!arg_int(args, "neg", ARG_REQUIRED, 0, 10, &v, &err));
	failed_on("neg");
	ck_assert(!arg_int(args, "zero", ARG_REQUIRED, 1, 200, &v, &err));
	failed_on("zero");
}
END_TEST

START_TEST(test_int_types)
{
	static const char *const names[] = { "half", "numstr", "yes", "arr", "obj", "zh4" };
	int64_t v = 99;

	for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
		ck_assert(!arg_int(args, names[i], ARG_REQUIRED, INT64_MIN, INT64_MAX, &v, &err));
		failed_on(names[i]);
	}
	ck_assert(!arg_int(args, "big", ARG_REQUIRED, 0, 1000, &v, &err));
	failed_on("big");
	ck_assert(!arg_int(args, "big", ARG_REQUIRED, INT64_MIN, INT64_MAX, &v, &err));
	failed_on("big");
	ck_assert(!arg_int(args, "missing", ARG_REQUIRED, 0, 10, &v, &err));
	failed_on("missing");
	v = 99;
	ck_assert(arg_int(args, "missing", ARG_OPTIONAL, 0, 10, &v, &err));
	ck_assert(arg_int(args, "nul", ARG_OPTIONAL, 0, 10, &v, &err));
	ck_assert_int_eq(v, 99);   /* untouched when absent */
}
END_TEST

/* 2^63 is not an int64_t: it must be refused, never wrapped to INT64_MIN and
 * so slip under a lower bound. */
START_TEST(test_int_two_to_the_63)
{
	int64_t v = 42;
	bool ok = arg_int(args, "two63", ARG_REQUIRED, 1, INT64_MAX, &v, &err);

	ck_assert_msg(!ok || v >= 1, "2^63 accepted as %lld for [1, INT64_MAX]", (long long)v);
	ck_assert_msg(!ok, "2^63 accepted for [1, INT64_MAX]");
	failed_on("two63");
}
END_TEST

START_TEST(test_bool)
{
	bool b = false;
	static const char *const names[] = { "num", "zero", "numstr", "arr", "ascii" };

	ck_assert(arg_bool(args, "yes", ARG_REQUIRED, &b, &err));
	ck_assert(b);
	ck_assert(arg_bool(args, "no", ARG_REQUIRED, &b, &err));
	ck_assert(!b);
	for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
		ck_assert(!arg_bool(args, names[i], ARG_OPTIONAL, &b, &err));
		failed_on(names[i]);
	}
	ck_assert(!arg_bool(args, "missing", ARG_REQUIRED, &b, &err));
	failed_on("missing");
	b = true;
	ck_assert(arg_bool(args, "nul", ARG_OPTIONAL, &b, &err));
	ck_assert(b);
}
END_TEST

static const char *const roles[] = { "operator", "dispatcher", "technician", NULL };

START_TEST(test_enum)
{
	int i = -7;

	ck_assert(arg_enum(args, "role", ARG_REQUIRED, roles, &i, &err));
	ck_assert_int_eq(i, 1);
	ck_assert(!arg_enum(args, "badrole", ARG_REQUIRED, roles, &i, &err));
	/* The message lists what is allowed. */
	ck_assert_ptr_nonnull(strstr(err.message, "technician"));
	failed_on("badrole");
	ck_assert(!arg_enum(args, "num", ARG_REQUIRED, roles, &i, &err));
	failed_on("num");
	ck_assert(!arg_enum(args, "empty", ARG_REQUIRED, roles, &i, &err));
	failed_on("empty");
	ck_assert(!arg_enum(args, "missing", ARG_REQUIRED, roles, &i, &err));
	failed_on("missing");
	i = -7;
	ck_assert(arg_enum(args, "missing", ARG_OPTIONAL, roles, &i, &err));
	ck_assert_int_eq(i, -7);
}
END_TEST

static const char *const topics[] = { "tickets", "complaints", "sla", NULL };

START_TEST(test_enum_set)
{
	unsigned mask = 0xffu;
	cJSON *a = cJSON_Parse("{\"empty\":[], \"dup\":[\"sla\",\"sla\"], \"bad\":[\"tickets\",\"x\"],"
	    "\"num\":[1], \"nested\":[[\"sla\"]], \"str\":\"tickets\", \"nul\":[null]}");

	ck_assert_ptr_nonnull(a);
	ck_assert(arg_enum_set(args, "arr", ARG_REQUIRED, topics, &mask, &err));
	ck_assert_uint_eq(mask, 1u << 0 | 1u << 2);
	ck_assert(arg_enum_set(a, "empty", ARG_REQUIRED, topics, &mask, &err));
	ck_assert_uint_eq(mask, 0);
	ck_assert(arg_enum_set(a, "dup", ARG_REQUIRED, topics, &mask, &err));
	ck_assert_uint_eq(mask, 1u << 2);
	ck_assert(!arg_enum_set(a, "bad", ARG_REQUIRED, topics, &mask, &err));
	failed_on("bad");
	ck_assert(!arg_enum_set(a, "num", ARG_REQUIRED, topics, &mask, &err));
	failed_on("num");
	ck_assert(!arg_enum_set(a, "nested", ARG_REQUIRED, topics, &mask, &err));
	failed_on("nested");
	ck_assert(!arg_enum_set(a, "str", ARG_REQUIRED, topics, &mask, &err));
	failed_on("str");
	ck_assert(!arg_enum_set(a, "nul", ARG_REQUIRED, topics, &mask, &err));
	failed_on("nul");
	ck_assert(!arg_enum_set(a, "missing", ARG_REQUIRED, topics, &mask, &err));
	failed_on("missing");
	cJSON_Delete(a);
}
END_TEST

START_TEST(test_phone)
{
	/* Any common form (tests/unit/test_phone.c has the canonical ones). */
	static const char *const good[] = {
		"1234567", "13800138000", "+8613800138000", "+1234567",
		"12345678901234567890", "+12345678901234567890",
		"138-0013-8000", "138 0013 8000", "(010)12345678", " 1234567",
		"1234567 ", "１２３４５６７",
	};
	static const char *const bad[] = {
		"", "+", "123456", "+123456", "123456789012345678901",
		"+123456789012345678901", "1234567a", "++1234567", "12345+67",
		"0000000",   /* 00 dials abroad: 00000 is too short for a number */
	};

	for (size_t i = 0; i < sizeof good / sizeof *good; i++)
		ck_assert_msg(valid_phone(good[i]), "refused %s", good[i]);
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		ck_assert_msg(!valid_phone(bad[i]), "accepted %s", bad[i]);
}
END_TEST

START_TEST(test_login)
{
	static const char *const good[] = { "operator", "wang.li", "a1", "9z", "li_na-2",
	    "abcdefghijklmnopqrstuvwxyz012345" };
	static const char *const bad[] = { "", "a", "Wang", ".li", "-li", "_li", "wang li",
	    "王力", "abcdefghijklmnopqrstuvwxyz0123456", "li@x", "li/x" };

	for (size_t i = 0; i < sizeof good / sizeof *good; i++)
		ck_assert_msg(valid_login(good[i]), "refused %s", good[i]);
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		ck_assert_msg(!valid_login(bad[i]), "accepted %s", bad[i]);
}
END_TEST

/* visit.record tells a complaint's number (9+ digits) from a ticket's. */
START_TEST(test_complaint_no)
{
	static const char *const complaints[] = { "261124007", "2611241234" };
	static const char *const others[] = { "", "26112400", "B2611240001", "261124007x",
		"26112400 7", "-261124007" };

	for (size_t i = 0; i < sizeof complaints / sizeof *complaints; i++)
		ck_assert_msg(is_complaint_no(complaints[i]), "refused %s", complaints[i]);
	for (size_t i = 0; i < sizeof others / sizeof *others; i++)
		ck_assert_msg(!is_complaint_no(others[i]), "accepted %s", others[i]);
}
END_TEST

/* A quoted prefix never ends inside a character: 中 is three bytes. */
START_TEST(test_month)
{
	static const char *const good[] = { "2026-03", "1900-01", "2200-12" };
	static const char *const bad[] = { "2026-3", "2026-13", "2026-00", "26-03", "2026/03",
		"2026-+3", "+026-03", " 2026-03", "2026-03-01", "1899-12", "", "２０２６-03" };
	const char *out;

	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		cJSON *a = cJSON_CreateObject();
		cJSON_AddStringToObject(a, "month", good[i]);
		ck_assert_msg(arg_month(a, "month", ARG_REQUIRED, &out, &err), "%s", good[i]);
		ck_assert_str_eq(out, good[i]);
		cJSON_Delete(a);
	}
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		cJSON *a = cJSON_CreateObject();
		cJSON_AddStringToObject(a, "month", bad[i]);
		memset(&err, 0, sizeof err);
		ck_assert_msg(!arg_month(a, "month", ARG_REQUIRED, &out, &err), "%s", bad[i]);
		failed_on("month");
		cJSON_Delete(a);
	}
	ck_assert(!arg_month(args, "num", ARG_REQUIRED, &out, &err));
	failed_on("num");
	ck_assert(!arg_month(args, "absent", ARG_REQUIRED, &out, &err));
	failed_on("absent");
	ck_assert(arg_month(args, "absent", ARG_OPTIONAL, &out, &err) && out == NULL);
}
END_TEST

START_TEST(test_utf8_prefix)
{
	ck_assert_int_eq(utf8_prefix("abc", 40), 3);
	ck_assert_int_eq(utf8_prefix("abcdef", 4), 4);
	ck_assert_int_eq(utf8_prefix("\xe4\xb8\xad\xe4\xb8\xad", 4), 3);
	ck_assert_int_eq(utf8_prefix("\xe4\xb8\xad\xe4\xb8\xad", 6), 6);
	ck_assert_int_eq(utf8_prefix("\xe4\xb8\xad", 2), 0);
	ck_assert_int_eq(utf8_prefix("\xf0\x9f\x98\x80x", 4), 4);
	ck_assert_int_eq(utf8_prefix("", 4), 0);
}
END_TEST

Suite *
validate_suite(void)
{
	Suite *s = suite_create("validate");
	TCase *tc = tcase_create("args");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_utf8_length);
	tcase_add_test(tc, test_utf8_prefix);
	tcase_add_test(tc, test_month);
	tcase_add_test(tc, test_string_length_in_characters);
	tcase_add_test(tc, test_string_presence);
	tcase_add_test(tc, test_string_wrong_types);
	tcase_add_test(tc, test_text);
	tcase_add_test(tc, test_int_bounds);
	tcase_add_test(tc, test_int_types);
	tcase_add_test(tc, test_int_two_to_the_63);
	tcase_add_test(tc, test_bool);
	tcase_add_test(tc, test_enum);
	tcase_add_test(tc, test_enum_set);
	tcase_add_test(tc, test_phone);
	tcase_add_test(tc, test_login);
	tcase_add_test(tc, test_complaint_no);
	suite_add_tcase(s, tc);
	return s;
}
