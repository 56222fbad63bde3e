/*
 * test_calendar.c: common/calendar.h: business time at +08:00 over the
 * default Monday-Friday 08:30-17:30 (9 hours a day), with 2026's National
 * Day (10-01..07 off, make-up Sunday 09-27 and Saturday 10-10). Every
 * expected moment is worked out by hand in the comment next to it.
 *
 * Weekdays used: 2026-11-23 Mon, 11-24 Tue, 11-27 Fri, 11-28 Sat, 11-29 Sun;
 * 2026-09-26 Sat, 09-27 Sun, 09-30 Wed, 10-01 Thu, 10-03 Sat, 10-08 Thu,
 * 10-10 Sat; 2026-12-04 Fri, 12-07 Mon; 1969-12-31 Wed, 1970-01-01 Thu.
 */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "common/calendar.h"
#include "tests/unit/suites.h"

Suite *calendar_suite(void);

#define OFFSET	(8 * 3600)
#define HOUR	3600L
#define MIN	60L

static struct calendar cal;

/* A local wall-clock time at +08:00, through libc rather than calendar.c. */
static time_t
at(int y, int mo, int d, int h, int mi)
{
	struct tm tm = { .tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d,
	    .tm_hour = h, .tm_min = mi };

	return timegm(&tm) - OFFSET;
}

static const char *
show(time_t t, char *buf, size_t size)
{
	time_t local = t + OFFSET;
	struct tm tm;
	char when[48];

	if (gmtime_r(&local, &tm) == NULL ||
	    strftime(when, sizeof when, "%Y-%m-%d %a %H:%M:%S+08:00", &tm) == 0)
		snprintf(when, sizeof when, "?");
	snprintf(buf, size, "%s (%lld)", when, (long long)t);
	return buf;
}

/* Exact time_t equality; a failure shows both as +08:00 wall-clock times. */
#define ck_assert_time_eq(got, want) do {				\
	time_t got_ = (got), want_ = (want);				\
	char gotbuf_[80], wantbuf_[80];					\
	ck_assert_msg(got_ == want_, "%s:\n  got  %s\n  want %s", #got,	\
	    show(got_, gotbuf_, sizeof gotbuf_),			\
	    show(want_, wantbuf_, sizeof wantbuf_));			\
} while (0)

#define ADD(start, n) calendar_add_business_seconds(&cal, (start), (n))
#define BETWEEN(a, b) calendar_business_seconds_between(&cal, (a), (b))
#define DAYS(start, n, sat) calendar_add_working_days(&cal, (start), (n), (sat))

static void
setup(void)
{
	calendar_init(&cal, OFFSET);
}

static void
national_day(void)
{
	ck_assert(calendar_add_day(&cal, 2026, 9, 27, true));
	for (int d = 1; d <= 7; d++)
		ck_assert(calendar_add_day(&cal, 2026, 10, d, false));
	ck_assert(calendar_add_day(&cal, 2026, 10, 10, true));
}

/* Makes n days holidays: the local date of first, then every step_days. */
static void
holidays_from(time_t first, int n, int step_days)
{
	for (int i = 0; i < n; i++) {
		time_t t = first + OFFSET + (time_t)i * step_days * 86400;
		struct tm tm;

		gmtime_r(&t, &tm);
		ck_assert(calendar_add_day(&cal, tm.tm_year + 1900, tm.tm_mon + 1,
		    tm.tm_mday, false));
	}
}

START_TEST(test_init_defaults)
{
	ck_assert_int_eq(cal.utc_offset_seconds, OFFSET);
	for (int i = 0; i < 5; i++) {
		ck_assert_int_eq(cal.hours[i].open_min, 8 * 60 + 30);
		ck_assert_int_eq(cal.hours[i].close_min, 17 * 60 + 30);
	}
	ck_assert_int_eq(cal.hours[5].close_min, cal.hours[5].open_min);
	ck_assert_int_eq(cal.hours[6].close_min, cal.hours[6].open_min);
	ck_assert_uint_eq(cal.ndays, 0);
}
END_TEST

START_TEST(test_within_day)
{
	/* Tue 09:30 + 2 h = Tue 11:30. */
	ck_assert_time_eq(ADD(at(2026, 11, 24, 9, 30), 2 * HOUR),
	    at(2026, 11, 24, 11, 30));
	/* Tue 09:30 + 1 s = Tue 09:30:01. */
	ck_assert_time_eq(ADD(at(2026, 11, 24, 9, 30), 1),
	    at(2026, 11, 24, 9, 30) + 1);
	/* Tue 09:30 + 0.5 h = Tue 10:00. */
	ck_assert_time_eq(calendar_add_business_hours(&cal,
	    at(2026, 11, 24, 9, 30), 0.5), at(2026, 11, 24, 10, 0));
	/* Rounded to the nearest second, not truncated: 1/3600 h is 1 s and
	 * 0.9999999 h (3599.99964 s) is 1 h. */
	ck_assert_time_eq(calendar_add_business_hours(&cal,
	    at(2026, 11, 24, 9, 30), 1.0 / 3600), at(2026, 11, 24, 9, 30) + 1);
	ck_assert_time_eq(calendar_add_business_hours(&cal,
	    at(2026, 11, 24, 9, 30), 0.9999999), at(2026, 11, 24, 10, 30));
}
END_TEST

START_TEST(test_before_opening)
{
	/* Tue 07:00: counts from 08:30; + 2 h = Tue 10:30. */
	ck_assert_time_eq(ADD(at(2026, 11, 24, 7, 0), 2 * HOUR),
	    at(2026, 11, 24, 10, 30));
	/* Tue 00:00 + 6 h (urban) = 08:30 + 6 h = Tue 14:30. */
	ck_assert_time_eq(calendar_add_business_hours(&cal,
	    at(2026, 11, 24, 0, 0), 6), at(2026, 11, 24, 14, 30));
	/* Tue 08:29 + 1 min = 08:31: the minute before opening is free. */
	ck_assert_time_eq(ADD(at(2026, 11, 24, 8, 29), MIN),
	    at(2026, 11, 24, 8, 31));
}
END_TEST

START_TEST(test_after_closing)
{
	/* Tue 19:00: counts from Wed 08:30; + 2 h = Wed 10:30. */
	ck_assert_time_eq(ADD(at(2026, 11, 24, 19, 0), 2 * HOUR),
	    at(2026, 11, 25, 10, 30));
	/* Tue 23:59 + 6 h = Wed 14:30. */
	ck_assert_time_eq(ADD(at(2026, 11, 24, 23, 59), 6 * HOUR),
	    at(2026, 11, 25, 14, 30));
	/* Tue 17:31 + 1 min = Wed 08:31. */
	ck_assert_time_eq(ADD(at(2026, 11, 24, 17, 31), MIN),
	    at(2026, 11, 25, 8, 31));
}
END_TEST

START_TEST(test_friday_evening)
{
	/* Fri 18:00: Sat and Sun closed; Mon 08:30 + 6 h = Mon 14:30. */
	ck_assert_time_eq(ADD(at(2026, 11, 27, 18, 0), 6 * HOUR),
	    at(2026, 11, 30, 14, 30));
	/* Fri 15:00 + 6 h: Fri 15:00-17:30 is 2.5 h, Mon 08:30 + 3.5 h = 12:00. */
	ck_assert_time_eq(ADD(at(2026, 11, 27, 15, 0), 6 * HOUR),
	    at(2026, 11, 30, 12, 0));
	/* Fri 17:30 + 7 h (suburban): nothing left on Friday; Mon 15:30. */
	ck_assert_time_eq(ADD(at(2026, 11, 27, 17, 30), 7 * HOUR),
	    at(2026, 11, 30, 15, 30));
}
END_TEST

START_TEST(test_weekend)
{
	/* Sat 10:00 + 1 h = Mon 09:30. */
	ck_assert_time_eq(ADD(at(2026, 11, 28, 10, 0), HOUR),
	    at(2026, 11, 30, 9, 30));
	/* Sun 23:00 + 9 h = the whole of Monday: Mon 17:30. */
	ck_assert_time_eq(ADD(at(2026, 11, 29, 23, 0), 9 * HOUR),
	    at(2026, 11, 30, 17, 30));
	/* Sat 10:00 .. Sun 18:00: nothing. Fri 17:00 .. Mon 09:00: 2 x 30 min. */
	ck_assert_int_eq(BETWEEN(at(2026, 11, 28, 10, 0), at(2026, 11, 29, 18, 0)),
	    0);
	ck_assert_int_eq(BETWEEN(at(2026, 11, 27, 17, 0), at(2026, 11, 30, 9, 0)),
	    HOUR);
}
END_TEST

START_TEST(test_holiday_in_the_way)
{
	/* Without the holiday: Wed 09-30 15:00 + 6 h = Thu 10-01 12:00. */
	ck_assert_time_eq(ADD(at(2026, 9, 30, 15, 0), 6 * HOUR),
	    at(2026, 10, 1, 12, 0));
	national_day();
	/* Wed 15:00-17:30 is 2.5 h; 10-01..07 off; Thu 10-08 08:30 + 3.5 h. */
	ck_assert_time_eq(ADD(at(2026, 9, 30, 15, 0), 6 * HOUR),
	    at(2026, 10, 8, 12, 0));
	/* Sat 09-26 10:00 + 2 h: make-up Sun 09-27 08:30 + 2 h = 10:30. */
	ck_assert_time_eq(ADD(at(2026, 9, 26, 10, 0), 2 * HOUR),
	    at(2026, 9, 27, 10, 30));
	/* Fri 10-09 16:30 + 2 h: 1 h on Fri, make-up Sat 10-10 08:30 + 1 h. */
	ck_assert_time_eq(ADD(at(2026, 10, 9, 16, 30), 2 * HOUR),
	    at(2026, 10, 10, 9, 30));
	/* Sat 10-03 (holiday) + 24 h (county): Thu 10-08 9 h, Fri 10-09 9 h,
	 * make-up Sat 10-10 08:30 + 6 h = 14:30. */
	ck_assert_time_eq(ADD(at(2026, 10, 3, 10, 0), 24 * HOUR),
	    at(2026, 10, 10, 14, 30));
	/* Sun 10-11 is a plain Sunday again: Sat 10-10 17:00 + 1 h = Mon 09:00. */
	ck_assert_time_eq(ADD(at(2026, 10, 10, 17, 0), HOUR),
	    at(2026, 10, 12, 9, 0));
}
END_TEST

START_TEST(test_lands_on_closing)
{
	/* Tue 11:30 + 6 h = Tue 17:30, not Wed 08:30. */
	ck_assert_time_eq(ADD(at(2026, 11, 24, 11, 30), 6 * HOUR),
	    at(2026, 11, 24, 17, 30));
	/* Tue 08:30 + 9 h = Tue 17:30. */
	ck_assert_time_eq(ADD(at(2026, 11, 24, 8, 30), 9 * HOUR),
	    at(2026, 11, 24, 17, 30));
	/* Mon 13:30 + 13 h: Mon 4 h, Tue 9 h = Tue 17:30. */
	ck_assert_time_eq(ADD(at(2026, 11, 23, 13, 30), 13 * HOUR),
	    at(2026, 11, 24, 17, 30));
	/* Fri 11:30 + 6 h = Fri 17:30, not Mon 08:30. */
	ck_assert_time_eq(ADD(at(2026, 11, 27, 11, 30), 6 * HOUR),
	    at(2026, 11, 27, 17, 30));
	/* One second more does go on to Wed 08:30:01. */
	ck_assert_time_eq(ADD(at(2026, 11, 24, 11, 30), 6 * HOUR + 1),
	    at(2026, 11, 25, 8, 30) + 1);
}
END_TEST

START_TEST(test_start_at_closing)
{
	/* Tue 17:30 + 0 = Tue 17:30; + 1 h = Wed 09:30. */
	ck_assert_time_eq(ADD(at(2026, 11, 24, 17, 30), 0),
	    at(2026, 11, 24, 17, 30));
	ck_assert_time_eq(ADD(at(2026, 11, 24, 17, 30), HOUR),
	    at(2026, 11, 25, 9, 30));
	/* Fri 17:30 + 1 h = Mon 09:30. */
	ck_assert_time_eq(ADD(at(2026, 11, 27, 17, 30), HOUR),
	    at(2026, 11, 30, 9, 30));
	ck_assert_int_eq(BETWEEN(at(2026, 11, 24, 17, 30), at(2026, 11, 25, 8, 30)),
	    0);
}
END_TEST

START_TEST(test_start_at_opening)
{
	/* Tue 08:30 + 1 h = 09:30; + 0 = 08:30. */
	ck_assert_time_eq(ADD(at(2026, 11, 24, 8, 30), HOUR),
	    at(2026, 11, 24, 9, 30));
	ck_assert_time_eq(ADD(at(2026, 11, 24, 8, 30), 0),
	    at(2026, 11, 24, 8, 30));
	/* Mon 08:30 + 45 h (5 x 9 h) = Fri 17:30. */
	ck_assert_time_eq(ADD(at(2026, 11, 23, 8, 30), 45 * HOUR),
	    at(2026, 11, 27, 17, 30));
	ck_assert_int_eq(BETWEEN(at(2026, 11, 23, 8, 30), at(2026, 11, 27, 17, 30)),
	    45 * HOUR);
}
END_TEST

START_TEST(test_zero_hours)
{
	/* Zero moves start forward into business time, no further. */
	ck_assert_time_eq(ADD(at(2026, 11, 24, 10, 15), 0),
	    at(2026, 11, 24, 10, 15));
	ck_assert_time_eq(calendar_add_business_hours(&cal,
	    at(2026, 11, 24, 10, 15), 0.0), at(2026, 11, 24, 10, 15));
	/* Tue 07:00 -> Tue 08:30; Tue 20:00 -> Wed 08:30; Sat 12:00 -> Mon 08:30. */
	ck_assert_time_eq(ADD(at(2026, 11, 24, 7, 0), 0), at(2026, 11, 24, 8, 30));
	ck_assert_time_eq(ADD(at(2026, 11, 24, 20, 0), 0), at(2026, 11, 25, 8, 30));
	ck_assert_time_eq(ADD(at(2026, 11, 28, 12, 0), 0), at(2026, 11, 30, 8, 30));
	/* Thu 10-01 09:00 in the holiday -> Thu 10-08 08:30. */
	national_day();
	ck_assert_time_eq(ADD(at(2026, 10, 1, 9, 0), 0), at(2026, 10, 8, 8, 30));
}
END_TEST

START_TEST(test_24_business_hours)
{
	/* Tue 09:30 + 24 h: Tue 8 h, Wed 9 h (17), Thu 7 h = Thu 15:30, which
	 * is 2 days 6 hours of calendar time after the start. */
	time_t start = at(2026, 11, 24, 9, 30);
	time_t due = calendar_add_business_hours(&cal, start, 24);

	ck_assert_time_eq(due, at(2026, 11, 26, 15, 30));
	ck_assert_int_eq(due - start, 2 * 86400 + 6 * HOUR);
	/* From Tue 14:00: urban 6 h = Tue 3.5 + Wed 2.5 = Wed 11:00; suburban
	 * 7 h = Wed 12:00; county 24 h = Tue 3.5, Wed 9, Thu 9, Fri 2.5 =
	 * Fri 11:00. */
	start = at(2026, 11, 24, 14, 0);
	ck_assert_time_eq(calendar_add_business_hours(&cal, start, 6),
	    at(2026, 11, 25, 11, 0));
	ck_assert_time_eq(calendar_add_business_hours(&cal, start, 7),
	    at(2026, 11, 25, 12, 0));
	ck_assert_time_eq(calendar_add_business_hours(&cal, start, 24),
	    at(2026, 11, 27, 11, 0));
	/* Fri 14:00 + 24 h: Fri 3.5, Mon 9, Tue 9, Wed 2.5 = Wed 12-02 11:00. */
	ck_assert_time_eq(calendar_add_business_hours(&cal,
	    at(2026, 11, 27, 14, 0), 24), at(2026, 12, 2, 11, 0));
}
END_TEST

START_TEST(test_long_gap)
{
	/* 10 days off, Mon 12-07 .. Wed 12-16: Fri 12-04 17:00 + 1 h = Fri
	 * 0.5 h, then Thu 12-17 08:30 + 0.5 h = 09:00. */
	holidays_from(at(2026, 12, 7, 12, 0), 10, 1);
	ck_assert_time_eq(ADD(at(2026, 12, 4, 17, 0), HOUR),
	    at(2026, 12, 17, 9, 0));
	ck_assert_int_eq(BETWEEN(at(2026, 12, 4, 17, 0), at(2026, 12, 17, 9, 0)),
	    HOUR);
	/* All of 2027 off: Thu 2026-12-31 17:00 + 1 h = 0.5 h, then 2028-01-01
	 * is a Saturday, so Mon 2028-01-03 09:00. */
	holidays_from(at(2027, 1, 1, 12, 0), 365, 1);
	ck_assert_time_eq(ADD(at(2026, 12, 31, 17, 0), HOUR),
	    at(2028, 1, 3, 9, 0));
	ck_assert_int_eq(BETWEEN(at(2026, 12, 31, 17, 0), at(2028, 1, 3, 9, 0)),
	    HOUR);
}
END_TEST

START_TEST(test_gap_bound)
{
	/* Mondays only, and the next 500 Mondays off: the first working day
	 * is 3506 days away (under CALENDAR_MAX_GAP_DAYS): Tue 11-24 10:00 +
	 * 1 h = Mon 2026-11-30 + 500 weeks, 09:30. */
	for (int wd = 2; wd <= 7; wd++)
		ck_assert(calendar_close_day(&cal, wd));
	/* The bound is on consecutive closed days, not their total: 700
	 * Mondays of 9 h from Mon 11-30 08:30 cross 4194 closed days in gaps
	 * of six, and end on the 700th Monday (699 weeks on) at 17:30. */
	ck_assert_time_eq(ADD(at(2026, 11, 30, 8, 30), 700 * 9 * HOUR),
	    at(2026, 11, 30, 17, 30) + 699L * 7 * 86400);
	holidays_from(at(2026, 11, 30, 12, 0), 500, 7);
	ck_assert_time_eq(ADD(at(2026, 11, 24, 10, 0), HOUR),
	    at(2026, 11, 30, 9, 30) + 500L * 7 * 86400);
	/* 600 Mondays off: 4206 days without work is taken as none at all. */
	holidays_from(at(2026, 11, 30, 12, 0), 600, 7);
	ck_assert_time_eq(ADD(at(2026, 11, 24, 10, 0), HOUR), (time_t)-1);
}
END_TEST

START_TEST(test_no_working_day)
{
	time_t t = at(2026, 11, 24, 10, 0);

	for (int wd = 1; wd <= 7; wd++)
		ck_assert(calendar_close_day(&cal, wd));
	ck_assert_time_eq(ADD(t, HOUR), (time_t)-1);
	ck_assert_time_eq(ADD(t, 0), (time_t)-1);
	ck_assert_time_eq(calendar_add_business_hours(&cal, t, 6), (time_t)-1);
	ck_assert_time_eq(DAYS(t, 1, false), (time_t)-1);
	ck_assert_time_eq(DAYS(t, 1, true), (time_t)-1);
	ck_assert_int_eq(BETWEEN(t, t + 30 * 86400), 0);
	ck_assert(!calendar_is_working_day(&cal, 2026, 11, 23, false));
	ck_assert(!calendar_is_working_day(&cal, 2026, 11, 28, true));
	/* A make-up day has no hours to borrow either. */
	ck_assert(calendar_add_day(&cal, 2026, 11, 25, true));
	ck_assert(!calendar_is_working_day(&cal, 2026, 11, 25, false));
	ck_assert_time_eq(ADD(t, HOUR), (time_t)-1);
}
END_TEST

START_TEST(test_between)
{
	static const struct {
		int a[5], b[5];
		long want;
	} cases[] = {
		/* Same moment. */
		{ { 2026, 11, 24, 10, 0 }, { 2026, 11, 24, 10, 0 }, 0 },
		/* Tue 09:30 .. 11:30. */
		{ { 2026, 11, 24, 9, 30 }, { 2026, 11, 24, 11, 30 }, 2 * HOUR },
		/* Fri 15:00 .. Mon 12:00: 2.5 h + 3.5 h. */
		{ { 2026, 11, 27, 15, 0 }, { 2026, 11, 30, 12, 0 }, 6 * HOUR },
		/* Tue 18:00 .. Wed 08:00: all outside hours. */
		{ { 2026, 11, 24, 18, 0 }, { 2026, 11, 25, 8, 0 }, 0 },
		/* How late: due Tue 17:30, arrived Wed 09:00. */
		{ { 2026, 11, 24, 17, 30 }, { 2026, 11, 25, 9, 0 }, 30 * MIN },
		/* A whole week, Mon 00:00 .. Mon 00:00: 5 x 9 h. */
		{ { 2026, 11, 23, 0, 0 }, { 2026, 11, 30, 0, 0 }, 45 * HOUR },
		/* Tue 07:00 .. Tue 20:00: the whole 9 h day. */
		{ { 2026, 11, 24, 7, 0 }, { 2026, 11, 24, 20, 0 }, 9 * HOUR },
		/* Across National Day: Wed 09-30 15:00 .. Thu 10-08 12:00. */
		{ { 2026, 9, 30, 15, 0 }, { 2026, 10, 8, 12, 0 }, 6 * HOUR },
		/* Make-up Sun 09-27 counts: Fri 09-25 17:00 .. Mon 09-28 09:00 =
		 * 0.5 h + 9 h + 0.5 h. */
		{ { 2026, 9, 25, 17, 0 }, { 2026, 9, 28, 9, 0 }, 10 * HOUR },
	};

	national_day();
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		time_t a = at(cases[i].a[0], cases[i].a[1], cases[i].a[2],
		    cases[i].a[3], cases[i].a[4]);
		time_t b = at(cases[i].b[0], cases[i].b[1], cases[i].b[2],
		    cases[i].b[3], cases[i].b[4]);

		ck_assert_msg(BETWEEN(a, b) == cases[i].want,
		    "case %zu: between = %ld, want %ld", i, BETWEEN(a, b),
		    cases[i].want);
		ck_assert_msg(BETWEEN(b, a) == -cases[i].want,
		    "case %zu reversed: between = %ld, want %ld", i,
		    BETWEEN(b, a), -cases[i].want);
	}
}
END_TEST

/* Whether t lies within a working day's [08:30, 17:30] (default hours). */
static bool
in_business_time(time_t t)
{
	time_t local = t + OFFSET;
	struct tm tm;
	int min;

	gmtime_r(&local, &tm);
	min = tm.tm_hour * 60 + tm.tm_min;
	if (!calendar_is_working_day(&cal, tm.tm_year + 1900, tm.tm_mon + 1,
	    tm.tm_mday, false))
		return false;
	return min >= 8 * 60 + 30 &&
	    (min < 17 * 60 + 30 || (min == 17 * 60 + 30 && tm.tm_sec == 0));
}

/*
 * For starts every 17 minutes over three weeks around National Day and a
 * range of durations: the deadline is in business time, exactly `seconds`
 * of business time after the start, and the earliest such moment (one
 * second before it, a second is still missing).
 */
START_TEST(test_round_trip)
{
	static const long durations[] = { 0, 1, 59, HOUR, 4 * HOUR + 30 * MIN,
	    6 * HOUR, 7 * HOUR, 9 * HOUR, 24 * HOUR, 100 * HOUR };
	char buf[80];

	national_day();
	for (time_t s = at(2026, 9, 24, 0, 0); s < at(2026, 10, 14, 0, 0);
	    s += 17 * MIN) {
		for (size_t i = 0; i < sizeof durations / sizeof *durations; i++) {
			long n = durations[i];
			time_t due = ADD(s, n);

			ck_assert_msg(due != (time_t)-1 && in_business_time(due),
			    "start %s + %ld: outside business time",
			    show(s, buf, sizeof buf), n);
			ck_assert_msg(BETWEEN(s, due) == n && BETWEEN(due, s) == -n,
			    "start %s + %ld: between = %ld",
			    show(s, buf, sizeof buf), n, BETWEEN(s, due));
			ck_assert_msg(n == 0 || BETWEEN(s, due - 1) == n - 1,
			    "start %s + %ld: not the earliest moment",
			    show(s, buf, sizeof buf), n);
		}
	}
}
END_TEST

START_TEST(test_working_days)
{
	/* One working day = 9 h. Tue 10:00 + 2 = Thu 10:00. */
	ck_assert_time_eq(DAYS(at(2026, 11, 24, 10, 0), 2, false),
	    at(2026, 11, 26, 10, 0));
	/* Fri 10:00 + 2 = Tue 10:00 (the weekend does not count). */
	ck_assert_time_eq(DAYS(at(2026, 11, 27, 10, 0), 2, false),
	    at(2026, 12, 1, 10, 0));
	/* Mon 08:30 + 1 = Mon 17:30: lands on closing. */
	ck_assert_time_eq(DAYS(at(2026, 11, 23, 8, 30), 1, false),
	    at(2026, 11, 23, 17, 30));
	/* Sat 10:00 + 1, Saturday not counted: Mon 08:30 + 9 h = Mon 17:30. */
	ck_assert_time_eq(DAYS(at(2026, 11, 28, 10, 0), 1, false),
	    at(2026, 11, 30, 17, 30));
	/* Seed 000: closed within 13 days. Mon 11-23 09:00: 5 days to Mon
	 * 11-30 09:00, 10 to Mon 12-07 09:00, 13 at Thu 12-10 09:00. */
	ck_assert_time_eq(DAYS(at(2026, 11, 23, 9, 0), 13, false),
	    at(2026, 12, 10, 9, 0));
	ck_assert_time_eq(DAYS(at(2026, 11, 23, 9, 0), -1, false), (time_t)-1);
	ck_assert_time_eq(DAYS(at(2026, 11, 23, 9, 0), NAN, false), (time_t)-1);
}
END_TEST

START_TEST(test_working_days_saturday)
{
	/* Fri 10:00 + 2 (18 h): Fri 7.5, Sat 08:30-17:30 9 (16.5), Mon 1.5 =
	 * Mon 10:00 (Tue 10:00 without Saturday). */
	ck_assert_time_eq(DAYS(at(2026, 11, 27, 10, 0), 2, true),
	    at(2026, 11, 30, 10, 0));
	/* Thu 10:00 + 2: Thu 7.5, Fri 9 (16.5), Sat 1.5 = Sat 10:00. */
	ck_assert_time_eq(DAYS(at(2026, 11, 26, 10, 0), 2, true),
	    at(2026, 11, 28, 10, 0));
	ck_assert_time_eq(DAYS(at(2026, 11, 26, 10, 0), 2, false),
	    at(2026, 11, 30, 10, 0));
	/* Sat 10:00 + 1: Sat 7.5, Mon 1.5 = Mon 10:00. Sunday never counts. */
	ck_assert_time_eq(DAYS(at(2026, 11, 28, 10, 0), 1, true),
	    at(2026, 11, 30, 10, 0));
	/* 13 days, six a week: Mon 11-23 09:00 + 6 = Mon 11-30 09:00, + 12 =
	 * Mon 12-07 09:00, + 13 = Tue 12-08 09:00. */
	ck_assert_time_eq(DAYS(at(2026, 11, 23, 9, 0), 13, true),
	    at(2026, 12, 8, 9, 0));
	/* Business hours proper never count Saturday. */
	ck_assert_time_eq(ADD(at(2026, 11, 27, 17, 0), HOUR),
	    at(2026, 11, 30, 9, 0));
}
END_TEST

START_TEST(test_working_days_holidays)
{
	national_day();
	/* Sat 10-03 is a holiday, so it does not count even with Saturday:
	 * Wed 09-30 10:00 + 2: Wed 7.5, Thu 10-08 9 (16.5), Fri 10-09 1.5. */
	ck_assert_time_eq(DAYS(at(2026, 9, 30, 10, 0), 2, true),
	    at(2026, 10, 9, 10, 0));
	ck_assert_time_eq(DAYS(at(2026, 9, 30, 10, 0), 2, false),
	    at(2026, 10, 9, 10, 0));
	/* Make-up Sat 10-10 counts either way: Thu 10-08 10:00 + 2: Thu 7.5,
	 * Fri 9 (16.5), Sat 10-10 1.5 = Sat 10:00. */
	ck_assert_time_eq(DAYS(at(2026, 10, 8, 10, 0), 2, false),
	    at(2026, 10, 10, 10, 0));
	/* Make-up Sun 09-27: Fri 09-25 10:00 + 2: Fri 7.5, Sat 09-26 (counted)
	 * 9 = 16.5, Sun 09-27 1.5 = Sun 10:00; without Saturday: Fri 7.5,
	 * Sun 9, Mon 09-28 1.5 = Mon 10:00. */
	ck_assert_time_eq(DAYS(at(2026, 9, 25, 10, 0), 2, true),
	    at(2026, 9, 27, 10, 0));
	ck_assert_time_eq(DAYS(at(2026, 9, 25, 10, 0), 2, false),
	    at(2026, 9, 28, 10, 0));
}
END_TEST

#define LATE(due, done, sat) calendar_working_days_late(&cal, (due), (done), (sat))

/* A late stage's working days (complaint.advance's penalty): each working
 * day on which it was overdue within working hours, begun ones whole. */
START_TEST(test_working_days_late)
{
	/* On time, or finished at its due time: none. */
	ck_assert_int_eq(LATE(at(2026, 11, 24, 10, 0), at(2026, 11, 24, 9, 0), false), 0);
	ck_assert_int_eq(LATE(at(2026, 11, 24, 10, 0), at(2026, 11, 24, 10, 0), false), 0);
	/* An hour late: Tue begun, one day. */
	ck_assert_int_eq(LATE(at(2026, 11, 24, 10, 0), at(2026, 11, 24, 11, 0), false), 1);
	/* Tue 10:00 to Thu 10:00: Tue, Wed, Thu begun: three. */
	ck_assert_int_eq(LATE(at(2026, 11, 24, 10, 0), at(2026, 11, 26, 10, 0), false), 3);
	/* Tue 10:00 to Thu 07:00, before Thursday opens: Tue, Wed. */
	ck_assert_int_eq(LATE(at(2026, 11, 24, 10, 0), at(2026, 11, 26, 7, 0), false), 2);
	/* Due at Friday's closing, done Sunday: no working time between. */
	ck_assert_int_eq(LATE(at(2026, 11, 27, 17, 30), at(2026, 11, 29, 12, 0), false), 0);
	/* ... done Monday 09:00: Monday begun; with Saturday counted, Saturday too. */
	ck_assert_int_eq(LATE(at(2026, 11, 27, 17, 30), at(2026, 11, 30, 9, 0), false), 1);
	ck_assert_int_eq(LATE(at(2026, 11, 27, 17, 30), at(2026, 11, 30, 9, 0), true), 2);
	/* Over National Day: Wed 09-30 10:00 to Fri 10-09 10:00: Wed 09-30, Thu
	 * 10-08, Fri 10-09 (10-01..07 off, Saturday 10-03 too with the flag). */
	national_day();
	ck_assert_int_eq(LATE(at(2026, 9, 30, 10, 0), at(2026, 10, 9, 10, 0), true), 3);
}
END_TEST

START_TEST(test_half_day)
{
	/* 0.5 day = 4.5 h. Tue 10:00 + 0.5 = Tue 14:30. */
	ck_assert_time_eq(DAYS(at(2026, 11, 24, 10, 0), 0.5, false),
	    at(2026, 11, 24, 14, 30));
	/* Tue 15:00 + 0.5: Tue 2.5 h, Wed 2 h = Wed 10:30. */
	ck_assert_time_eq(DAYS(at(2026, 11, 24, 15, 0), 0.5, false),
	    at(2026, 11, 25, 10, 30));
	/* Mon 08:30 + 1.5 = 13.5 h: Mon 9 h, Tue 4.5 h = Tue 13:00. */
	ck_assert_time_eq(DAYS(at(2026, 11, 23, 8, 30), 1.5, false),
	    at(2026, 11, 24, 13, 0));
	/* Fri 16:00 + 0.5: Fri 1.5 h, then Mon 3 h = Mon 11:30, or with
	 * Saturday Sat 11:30. */
	ck_assert_time_eq(DAYS(at(2026, 11, 27, 16, 0), 0.5, false),
	    at(2026, 11, 30, 11, 30));
	ck_assert_time_eq(DAYS(at(2026, 11, 27, 16, 0), 0.5, true),
	    at(2026, 11, 28, 11, 30));
	/* A third of a day, 3 h, rounded: Tue 08:30 + 1/3 = Tue 11:30. */
	ck_assert_time_eq(DAYS(at(2026, 11, 24, 8, 30), 1.0 / 3, false),
	    at(2026, 11, 24, 11, 30));
	/* 0 days from Tue 07:00 = Tue 08:30. */
	ck_assert_time_eq(DAYS(at(2026, 11, 24, 7, 0), 0, false),
	    at(2026, 11, 24, 8, 30));
}
END_TEST

#define CALLBACK(t) calendar_next_half_day(&cal, (t))

/* The call-back after an unreachable return visit: the next working
 * half-day's slot, 09:00 or 14:00. */
START_TEST(test_callback_slots)
{
	/* A morning attempt: 14:00 the same day (Tue 10:15, and Tue 07:00
	 * before opening, and Tue 11:59:59 just before noon). */
	ck_assert_time_eq(CALLBACK(at(2026, 11, 24, 10, 15)), at(2026, 11, 24, 14, 0));
	ck_assert_time_eq(CALLBACK(at(2026, 11, 24, 7, 0)), at(2026, 11, 24, 14, 0));
	ck_assert_time_eq(CALLBACK(at(2026, 11, 24, 12, 0) - 1), at(2026, 11, 24, 14, 0));
	/* Noon and after: 09:00 the next working day (Tue 12:00, Tue 13:00
	 * before the slot, Tue 16:30, Tue 23:59). */
	ck_assert_time_eq(CALLBACK(at(2026, 11, 24, 12, 0)), at(2026, 11, 25, 9, 0));
	ck_assert_time_eq(CALLBACK(at(2026, 11, 24, 13, 0)), at(2026, 11, 25, 9, 0));
	ck_assert_time_eq(CALLBACK(at(2026, 11, 24, 16, 30)), at(2026, 11, 25, 9, 0));
	ck_assert_time_eq(CALLBACK(at(2026, 11, 24, 23, 59)), at(2026, 11, 25, 9, 0));
	/* Friday afternoon, Saturday and Sunday: Monday 09:00. */
	ck_assert_time_eq(CALLBACK(at(2026, 11, 27, 15, 0)), at(2026, 11, 30, 9, 0));
	ck_assert_time_eq(CALLBACK(at(2026, 11, 28, 10, 0)), at(2026, 11, 30, 9, 0));
	ck_assert_time_eq(CALLBACK(at(2026, 11, 29, 20, 0)), at(2026, 11, 30, 9, 0));
	/* Friday morning: Friday 14:00. */
	ck_assert_time_eq(CALLBACK(at(2026, 11, 27, 9, 0)), at(2026, 11, 27, 14, 0));
}
END_TEST

START_TEST(test_callback_calendar)
{
	national_day();
	/* Wed 09-30 afternoon: the holiday week is off, then Sat 10-10 is
	 * not next (10-08 Thu comes first): Thu 10-08 09:00. */
	ck_assert_time_eq(CALLBACK(at(2026, 9, 30, 15, 0)), at(2026, 10, 8, 9, 0));
	/* Sat 09-26 afternoon: the make-up Sunday 09-27 09:00. */
	ck_assert_time_eq(CALLBACK(at(2026, 9, 26, 15, 0)), at(2026, 9, 27, 9, 0));
	/* A make-up day's morning: its afternoon. */
	ck_assert_time_eq(CALLBACK(at(2026, 10, 10, 10, 0)), at(2026, 10, 10, 14, 0));
	/* A day that closes at noon has no afternoon slot: Monday 08:00-12:00,
	 * a morning attempt goes to Tuesday 09:00. */
	ck_assert(calendar_set_hours(&cal, 1, 8 * 60, 12 * 60));
	ck_assert_time_eq(CALLBACK(at(2026, 11, 23, 10, 0)), at(2026, 11, 24, 9, 0));
	/* A day that opens at 10:00 has no morning slot: Tuesday 10:00-17:00,
	 * a Monday afternoon attempt goes to Tuesday 14:00. */
	ck_assert(calendar_set_hours(&cal, 2, 10 * 60, 17 * 60));
	ck_assert_time_eq(CALLBACK(at(2026, 11, 23, 13, 0)), at(2026, 11, 24, 14, 0));
	/* No working day at all: -1. */
	for (int wd = 1; wd <= 7; wd++)
		ck_assert(calendar_close_day(&cal, wd));
	ck_assert_time_eq(CALLBACK(at(2026, 11, 23, 13, 0)), (time_t)-1);
}
END_TEST

START_TEST(test_is_working_day)
{
	ck_assert(calendar_is_working_day(&cal, 2026, 11, 23, false));
	ck_assert(!calendar_is_working_day(&cal, 2026, 11, 28, false));
	ck_assert(calendar_is_working_day(&cal, 2026, 11, 28, true));
	ck_assert(!calendar_is_working_day(&cal, 2026, 11, 29, true));
	national_day();
	ck_assert(!calendar_is_working_day(&cal, 2026, 10, 1, false));
	ck_assert(!calendar_is_working_day(&cal, 2026, 10, 1, true));
	ck_assert(!calendar_is_working_day(&cal, 2026, 10, 3, true));
	ck_assert(calendar_is_working_day(&cal, 2026, 9, 27, false));
	ck_assert(calendar_is_working_day(&cal, 2026, 10, 10, false));
	ck_assert(!calendar_is_working_day(&cal, 2026, 10, 11, true));
	/* Leap days, dates before 1970, invalid dates. */
	ck_assert(calendar_is_working_day(&cal, 2024, 2, 29, false));
	ck_assert(calendar_is_working_day(&cal, 2000, 2, 29, false));
	ck_assert(calendar_is_working_day(&cal, 1969, 12, 31, false));
	ck_assert(!calendar_is_working_day(&cal, 1970, 1, 3, false));
	ck_assert(!calendar_is_working_day(&cal, 1900, 2, 29, false));
	ck_assert(!calendar_is_working_day(&cal, 2026, 2, 29, false));
	ck_assert(!calendar_is_working_day(&cal, 2026, 4, 31, false));
	ck_assert(!calendar_is_working_day(&cal, 2026, 13, 1, false));
	ck_assert(!calendar_is_working_day(&cal, 2026, 0, 10, false));
	ck_assert(!calendar_is_working_day(&cal, 2026, 11, 0, false));
	ck_assert(!calendar_is_working_day(&cal, 0, 1, 3, false));
	ck_assert(!calendar_is_working_day(&cal, 10000, 1, 3, false));
}
END_TEST

START_TEST(test_custom_hours)
{
	/* Monday 09:00-18:00; make-up Sun 11-29 borrows it: Sat 10:00 + 1 h =
	 * Sun 10:00; Sun 17:30 + 1 h = Sun 0.5 h, Mon 09:30. */
	ck_assert(calendar_set_hours(&cal, 1, 9 * 60, 18 * 60));
	ck_assert(calendar_add_day(&cal, 2026, 11, 29, true));
	ck_assert_time_eq(ADD(at(2026, 11, 28, 10, 0), HOUR),
	    at(2026, 11, 29, 10, 0));
	ck_assert_time_eq(ADD(at(2026, 11, 29, 17, 30), HOUR),
	    at(2026, 11, 30, 9, 30));
	/* A working day is the standard (Monday) day: 9 h. Tue 10:00 + 1 =
	 * Tue 7.5 h + Wed 1.5 h = Wed 10:00. */
	ck_assert_time_eq(DAYS(at(2026, 11, 24, 10, 0), 1, false),
	    at(2026, 11, 25, 10, 0));
	/* Monday closed: the make-up Sunday borrows Tuesday's 08:30-17:30;
	 * Sun 08:00 + 1 h = Sun 09:30, Sun 17:00 + 1 h = Tue 09:00. */
	ck_assert(calendar_close_day(&cal, 1));
	ck_assert(!calendar_is_working_day(&cal, 2026, 11, 30, false));
	ck_assert_time_eq(ADD(at(2026, 11, 29, 8, 0), HOUR),
	    at(2026, 11, 29, 9, 30));
	ck_assert_time_eq(ADD(at(2026, 11, 29, 17, 0), HOUR),
	    at(2026, 12, 1, 9, 0));
}
END_TEST

START_TEST(test_saturday_hours)
{
	/* Saturday 09:00-12:00 is open for business hours too: Fri 17:00 +
	 * 1 h = Fri 0.5 h, Sat 09:30. */
	ck_assert(calendar_set_hours(&cal, 6, 9 * 60, 12 * 60));
	ck_assert_time_eq(ADD(at(2026, 11, 27, 17, 0), HOUR),
	    at(2026, 11, 28, 9, 30));
	/* Working days use Saturday's own 3 h, flag or not: Fri 10:00 + 2
	 * (18 h): Fri 7.5, Sat 3 (10.5), Mon 7.5 = Mon 16:00. */
	ck_assert_time_eq(DAYS(at(2026, 11, 27, 10, 0), 2, true),
	    at(2026, 11, 30, 16, 0));
	ck_assert_time_eq(DAYS(at(2026, 11, 27, 10, 0), 2, false),
	    at(2026, 11, 30, 16, 0));
	/* A make-up Saturday keeps Saturday's own hours. */
	ck_assert(calendar_add_day(&cal, 2026, 11, 28, true));
	ck_assert_time_eq(ADD(at(2026, 11, 28, 11, 0), 2 * HOUR),
	    at(2026, 11, 30, 9, 30));
	/* A holiday Saturday is closed: Fri 17:00 + 1 h = Mon 09:00. */
	ck_assert(calendar_add_day(&cal, 2026, 11, 28, false));
	ck_assert_time_eq(ADD(at(2026, 11, 27, 17, 0), HOUR),
	    at(2026, 11, 30, 9, 0));
}
END_TEST

START_TEST(test_midnight_closing)
{
	/* Tuesday 00:00-24:00. Tue 23:00 + 2 h = Tue 1 h, Wed 09:30. */
	ck_assert(calendar_set_hours(&cal, 2, 0, 24 * 60));
	ck_assert_time_eq(ADD(at(2026, 11, 24, 23, 0), 2 * HOUR),
	    at(2026, 11, 25, 9, 30));
	/* Tue 22:00 + 2 h lands on closing, which is Wed 00:00. */
	ck_assert_time_eq(ADD(at(2026, 11, 24, 22, 0), 2 * HOUR),
	    at(2026, 11, 25, 0, 0));
	/* Mon 17:30 .. Wed 08:30 = all of Tuesday. */
	ck_assert_int_eq(BETWEEN(at(2026, 11, 23, 17, 30),
	    at(2026, 11, 25, 8, 30)), 24 * HOUR);
}
END_TEST

START_TEST(test_setters)
{
	ck_assert(!calendar_set_hours(&cal, 0, 510, 1050));
	ck_assert(!calendar_set_hours(&cal, 8, 510, 1050));
	ck_assert(!calendar_set_hours(&cal, 1, -1, 1050));
	ck_assert(!calendar_set_hours(&cal, 1, 600, 600));
	ck_assert(!calendar_set_hours(&cal, 1, 700, 600));
	ck_assert(!calendar_set_hours(&cal, 1, 600, 24 * 60 + 1));
	ck_assert(calendar_set_hours(&cal, 7, 600, 660));
	ck_assert(calendar_is_working_day(&cal, 2026, 11, 29, false));
	ck_assert(!calendar_close_day(&cal, 0));
	ck_assert(!calendar_close_day(&cal, 8));
	ck_assert(calendar_close_day(&cal, 7));
	ck_assert(!calendar_is_working_day(&cal, 2026, 11, 29, false));
	ck_assert(!calendar_add_day(&cal, 2026, 2, 29, false));
	ck_assert(!calendar_add_day(&cal, 2026, 13, 1, false));
	ck_assert(!calendar_add_day(&cal, 0, 1, 1, false));
	ck_assert_uint_eq(cal.ndays, 0);
	/* Adding a date again replaces its flag. */
	ck_assert(calendar_add_day(&cal, 2026, 11, 24, false));
	ck_assert(!calendar_is_working_day(&cal, 2026, 11, 24, false));
	ck_assert(calendar_add_day(&cal, 2026, 11, 24, true));
	ck_assert(calendar_is_working_day(&cal, 2026, 11, 24, false));
	ck_assert_uint_eq(cal.ndays, 1);
}
END_TEST

START_TEST(test_day_table)
{
	/* Out of order in, sorted in the table. */
	ck_assert(calendar_add_day(&cal, 2026, 10, 7, false));
	ck_assert(calendar_add_day(&cal, 2026, 9, 27, true));
	ck_assert(calendar_add_day(&cal, 2026, 10, 1, false));
	ck_assert(calendar_add_day(&cal, 1969, 12, 31, false));
	ck_assert_uint_eq(cal.ndays, 4);
	for (size_t i = 1; i < cal.ndays; i++)
		ck_assert_int_lt(cal.days[i - 1].day, cal.days[i].day);
	ck_assert_int_eq(cal.days[0].day, -1);
	ck_assert(!calendar_is_working_day(&cal, 1969, 12, 31, false));
	ck_assert(calendar_is_working_day(&cal, 2026, 9, 27, false));
	ck_assert(!calendar_is_working_day(&cal, 2026, 10, 7, false));
	/* Full: one more date is refused, an existing one still replaced. */
	holidays_from(at(2030, 1, 1, 12, 0), CALENDAR_MAX_DAYS - 4, 1);
	ck_assert_uint_eq(cal.ndays, CALENDAR_MAX_DAYS);
	ck_assert(!calendar_add_day(&cal, 2026, 11, 24, false));
	ck_assert(calendar_is_working_day(&cal, 2026, 11, 24, false));
	ck_assert(calendar_add_day(&cal, 2026, 10, 7, true));
	ck_assert(calendar_is_working_day(&cal, 2026, 10, 7, false));
	ck_assert_uint_eq(cal.ndays, CALENDAR_MAX_DAYS);
}
END_TEST

START_TEST(test_offsets)
{
	struct calendar other;
	struct tm tm = { .tm_year = 126, .tm_mon = 10, .tm_mday = 24,
	    .tm_hour = 9, .tm_min = 30 };
	time_t utc930 = timegm(&tm);	/* 2026-11-24 09:30Z */

	/* At UTC: 09:30Z + 2 h = 11:30Z. */
	calendar_init(&other, 0);
	ck_assert_time_eq(calendar_add_business_seconds(&other, utc930,
	    2 * HOUR), utc930 + 2 * HOUR);
	/* At -05:00, 09:30 local is 14:30Z; + 2 h = 11:30 local = 16:30Z. */
	calendar_init(&other, -5 * 3600);
	ck_assert_time_eq(calendar_add_business_seconds(&other,
	    utc930 + 5 * HOUR, 2 * HOUR), utc930 + 7 * HOUR);
	/* At -05:00, 09:30Z is 04:30 local: counts from 08:30 local. */
	ck_assert_time_eq(calendar_add_business_seconds(&other, utc930, 0),
	    utc930 + 4 * HOUR);
	/* At +08:00, Mon 23:00Z is Tue 07:00 local: + 1 h = Tue 09:30. */
	ck_assert_time_eq(ADD(at(2026, 11, 24, 7, 0), HOUR),
	    at(2026, 11, 24, 9, 30));
	ck_assert_time_eq(ADD(utc930 - 10 * HOUR - 30 * MIN, HOUR),
	    at(2026, 11, 24, 9, 30));
	/* Fri 16:30Z is Sat 00:30 local, a weekend day: + 0 = Mon 08:30. */
	ck_assert_time_eq(ADD(utc930 + 3 * 86400 + 7 * HOUR, 0),
	    at(2026, 11, 30, 8, 30));
}
END_TEST

START_TEST(test_before_1970)
{
	/* Wed 1969-12-31 17:00 + 1 h: 0.5 h, Thu 1970-01-01 09:00. */
	ck_assert_time_eq(ADD(at(1969, 12, 31, 17, 0), HOUR),
	    at(1970, 1, 1, 9, 0));
	/* Fri 1969-12-26 18:00 + 1 h = Mon 1969-12-29 09:30. */
	ck_assert_time_eq(ADD(at(1969, 12, 26, 18, 0), HOUR),
	    at(1969, 12, 29, 9, 30));
	/* Wed 09:00 .. Thu 09:00 = 8.5 h + 0.5 h. */
	ck_assert_int_eq(BETWEEN(at(1969, 12, 31, 9, 0), at(1970, 1, 1, 9, 0)),
	    9 * HOUR);
}
END_TEST

START_TEST(test_bad_input)
{
	time_t t = at(2026, 11, 24, 10, 0);
	time_t far = (time_t)1 << 50;

	ck_assert_time_eq(ADD(t, -1), (time_t)-1);
	ck_assert_time_eq(calendar_add_business_hours(&cal, t, -0.5), (time_t)-1);
	ck_assert_time_eq(calendar_add_business_hours(&cal, t, NAN), (time_t)-1);
	ck_assert_time_eq(calendar_add_business_hours(&cal, t, INFINITY),
	    (time_t)-1);
	ck_assert_time_eq(calendar_add_business_hours(&cal, t, 1e12), (time_t)-1);
	ck_assert_time_eq(DAYS(t, 1e300, false), (time_t)-1);
	/* Beyond the horizon, and out of range starts. */
	ck_assert_time_eq(ADD(t, LONG_MAX), (time_t)-1);
	ck_assert_time_eq(ADD(far, HOUR), (time_t)-1);
	ck_assert_time_eq(ADD(-far, HOUR), (time_t)-1);
	/* Absurd spans end, counted over the horizon only, still symmetric. */
	ck_assert_int_gt(BETWEEN(-far, far), 0);
	ck_assert_int_eq(BETWEEN(far, -far), -BETWEEN(-far, far));
	ck_assert_int_eq(BETWEEN(far, far + 86400), 0);
	ck_assert_int_eq(BETWEEN(LLONG_MAX - 1, LLONG_MAX), 0);
	ck_assert_int_eq(BETWEEN(LLONG_MIN, LLONG_MIN + 1), 0);
}
END_TEST

Suite *
calendar_suite(void)
{
	Suite *s = suite_create("calendar");
	TCase *add = tcase_create("add");
	TCase *between = tcase_create("between");
	TCase *days = tcase_create("working_days");
	TCase *table = tcase_create("table");

	tcase_add_checked_fixture(add, setup, NULL);
	tcase_add_test(add, test_within_day);
	tcase_add_test(add, test_before_opening);
	tcase_add_test(add, test_after_closing);
	tcase_add_test(add, test_friday_evening);
	tcase_add_test(add, test_weekend);
	tcase_add_test(add, test_holiday_in_the_way);
	tcase_add_test(add, test_lands_on_closing);
	tcase_add_test(add, test_start_at_closing);
	tcase_add_test(add, test_start_at_opening);
	tcase_add_test(add, test_zero_hours);
	tcase_add_test(add, test_24_business_hours);
	tcase_add_test(add, test_long_gap);
	tcase_add_test(add, test_gap_bound);
	tcase_add_test(add, test_no_working_day);
	tcase_add_test(add, test_custom_hours);
	tcase_add_test(add, test_saturday_hours);
	tcase_add_test(add, test_midnight_closing);
	tcase_add_test(add, test_offsets);
	tcase_add_test(add, test_before_1970);
	tcase_add_test(add, test_bad_input);
	suite_add_tcase(s, add);

	tcase_add_checked_fixture(between, setup, NULL);
	tcase_add_test(between, test_between);
	tcase_add_test(between, test_round_trip);
	suite_add_tcase(s, between);

	tcase_add_checked_fixture(days, setup, NULL);
	tcase_add_test(days, test_working_days);
	tcase_add_test(days, test_working_days_saturday);
	tcase_add_test(days, test_working_days_holidays);
	tcase_add_test(days, test_working_days_late);
	tcase_add_test(days, test_half_day);
	tcase_add_test(days, test_callback_slots);
	tcase_add_test(days, test_callback_calendar);
	suite_add_tcase(s, days);

	tcase_add_checked_fixture(table, setup, NULL);
	tcase_add_test(table, test_init_defaults);
	tcase_add_test(table, test_is_working_day);
	tcase_add_test(table, test_setters);
	tcase_add_test(table, test_day_table);
	suite_add_tcase(s, table);
	return s;
}
