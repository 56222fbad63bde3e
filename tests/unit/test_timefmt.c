/*
 * test_timefmt.c: common/timefmt.h: ISO 8601 with an offset in the
 * process's time zone (Asia/Shanghai, +08:00, as svcdeskd sets it): the
 * exact text, round trips, offsets and Z, and malformed input refused.
 */
#include <stdlib.h>
#include <string.h>

#include "common/timefmt.h"
#include "tests/unit/suites.h"

/* 2026-11-24T09:30:00+08:00 = 2026-11-24T01:30:00Z */
#define T_EXAMPLE ((time_t)1795483800)

static void
setup(void)
{
	setenv("TZ", "Asia/Shanghai", 1);
	tzset();
}

START_TEST(test_format_example)
{
	char buf[TIMEFMT_LEN];

	time_format_iso(T_EXAMPLE, buf, sizeof buf);
	ck_assert_str_eq(buf, "2026-11-24T09:30:00+08:00");
	time_format_iso(0, buf, sizeof buf);
	ck_assert_str_eq(buf, "1970-01-01T08:00:00+08:00");
}
END_TEST

START_TEST(test_format_other_zones)
{
	char buf[TIMEFMT_LEN];

	setenv("TZ", "UTC", 1);
	tzset();
	time_format_iso(T_EXAMPLE, buf, sizeof buf);
	ck_assert_str_eq(buf, "2026-11-24T01:30:00+00:00");
	setenv("TZ", "America/New_York", 1);
	tzset();
	time_format_iso(T_EXAMPLE, buf, sizeof buf);
	ck_assert_str_eq(buf, "2026-11-23T20:30:00-05:00");
	ck_assert(time_parse_iso(buf, &(time_t){ 0 }));
}
END_TEST

START_TEST(test_parse_example)
{
	time_t t = 0;

	ck_assert(time_parse_iso("2026-11-24T09:30:00+08:00", &t));
	ck_assert_int_eq(t, T_EXAMPLE);
	ck_assert(time_parse_iso("2026-11-24T01:30:00Z", &t));
	ck_assert_int_eq(t, T_EXAMPLE);
	ck_assert(time_parse_iso("2026-11-23T20:30:00-05:00", &t));
	ck_assert_int_eq(t, T_EXAMPLE);
	ck_assert(time_parse_iso("2026-11-24T07:00:00+05:30", &t));
	ck_assert_int_eq(t, T_EXAMPLE);
	ck_assert(time_parse_iso("2026-11-24T01:30:00+00:00", &t));
	ck_assert_int_eq(t, T_EXAMPLE);
}
END_TEST

START_TEST(test_round_trip)
{
	static const time_t times[] = { 0, 1, T_EXAMPLE, 951782400 /* 2000-02-29 */,
	    1700000000, 2147483647, 4102444800 /* 2100-01-01 */, 86399 };
	char buf[TIMEFMT_LEN];
	time_t back;

	for (size_t i = 0; i < sizeof times / sizeof *times; i++) {
		time_format_iso(times[i], buf, sizeof buf);
		back = -1;
		ck_assert_msg(time_parse_iso(buf, &back), "cannot parse %s", buf);
		ck_assert_msg(back == times[i], "%s -> %lld, want %lld", buf,
		    (long long)back, (long long)times[i]);
	}
}
END_TEST

START_TEST(test_malformed)
{
	static const char *const bad[] = {
		"", "2026-11-24", "2026-11-24T09:30:00", "2026-11-24 09:30:00+08:00",
		"2026-11-24T09:30+08:00", "2026-11-24T09:30:00+0800", "2026-11-24T09:30:00+08",
		"2026-11-24T09:30:00+08:00x", "2026-11-24T09:30:00Zx", "2026-11-24T09:30:00z",
		"x2026-11-24T09:30:00Z", " 2026-11-24T09:30:00Z",
		"2026-13-01T00:00:00Z", "2026-00-01T00:00:00Z", "2026-11-00T00:00:00Z",
		"2026-11-32T00:00:00Z", "2026-11-24T24:00:00Z", "2026-11-24T23:60:00Z",
		"2026-11-24T23:59:61Z", "2026-11-24T09:30:00+15:00", "2026-11-24T09:30:00+08:60",
		"2026/11/24T09:30:00Z", "26-11-24T09:30:00Z",
	};
	time_t t = 12345;

	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		ck_assert_msg(!time_parse_iso(bad[i], &t), "accepted '%s'", bad[i]);
		ck_assert_int_eq(t, 12345);
	}
}
END_TEST

/* Dates that do not exist and signed fields are malformed too: accepting
 * them would silently move an appointment (31 Feb -> 3 Mar). */
START_TEST(test_impossible_dates_and_signs)
{
	static const char *const bad[] = {
		"2026-02-31T10:00:00+08:00", "2026-02-29T10:00:00+08:00",
		"2026-04-31T10:00:00+08:00",
		"2026-11-24T-1:30:00+08:00", "2026-11-24T09:-5:00+08:00",
		"2026-11-24T09:30:-1+08:00", "2026-11-24T09:30:00+-8:00",
	};
	time_t t;

	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		ck_assert_msg(!time_parse_iso(bad[i], &t), "accepted '%s'", bad[i]);
	ck_assert(time_parse_iso("2028-02-29T10:00:00+08:00", &t));   /* leap year */
}
END_TEST

Suite *
timefmt_suite(void)
{
	Suite *s = suite_create("timefmt");
	TCase *tc = tcase_create("iso8601");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, test_format_example);
	tcase_add_test(tc, test_format_other_zones);
	tcase_add_test(tc, test_parse_example);
	tcase_add_test(tc, test_round_trip);
	tcase_add_test(tc, test_malformed);
	tcase_add_test(tc, test_impossible_dates_and_signs);
	suite_add_tcase(s, tc);
	return s;
}
