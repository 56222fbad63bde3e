/*
 * calendar.c: business time over a weekly schedule and exception days; see
 * calendar.h. Everything works on local days (days since 1970-01-01 at the
 * calendar's fixed offset) and seconds within them, and walks day by day:
 * a day costs one binary search, so a long holiday costs nothing special.
 */
#include "common/calendar.h"

#include <limits.h>
#include <string.h>

#define DAY		86400LL
/* Times beyond about 34,800 years either side of 1970 are refused. */
#define TIME_LIMIT	(1LL << 40)

/* A day's working interval, in seconds from local midnight. */
struct span {
	long	open;
	long	close;
};

static long long
floor_div(long long a, long long b)
{
	long long q = a / b;

	return a % b < 0 ? q - 1 : q;
}

/* ISO weekday (1 Monday .. 7 Sunday) of a local day; day 0 was a Thursday. */
static int
weekday_of(long long day)
{
	return (int)((day % 7 + 7 + 3) % 7) + 1;
}

static bool
leap_year(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static bool
valid_date(int y, int m, int d)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };

	if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1)
		return false;
	return d <= mdays[m - 1] + (m == 2 && leap_year(y));
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's method). */
static int
days_from_civil(int y, int m, int d)
{
	int era, yoe, doy;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

static bool
hours_open(const struct calendar_hours *h, struct span *out)
{
	if (h->close_min <= h->open_min)
		return false;
	out->open = h->open_min * 60L;
	out->close = h->close_min * 60L;
	return true;
}

/* Monday's hours, or the first open weekday's when Monday is closed. */
static bool
standard_span(const struct calendar *cal, struct span *out)
{
	for (int i = 0; i < 7; i++)
		if (hours_open(&cal->hours[i], out))
			return true;
	return false;
}

static const struct calendar_day *
find_day(const struct calendar *cal, long long day)
{
	size_t lo = 0, hi = cal->ndays;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (cal->days[mid].day < day)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < cal->ndays && cal->days[lo].day == day ? &cal->days[lo] :
	    NULL;
}

/* The working interval of a local day; false when it has none. */
static bool
day_span(const struct calendar *cal, long long day, bool saturday_counts,
    struct span *out)
{
	const struct calendar_day *ex = find_day(cal, day);
	int wd = weekday_of(day);

	if (ex != NULL && !ex->working)
		return false;
	if (hours_open(&cal->hours[wd - 1], out))
		return true;
	/* A make-up day or a counted Saturday borrows the standard hours. */
	if (ex != NULL || (saturday_counts && wd == 6))
		return standard_span(cal, out);
	return false;
}

void
calendar_init(struct calendar *cal, int utc_offset_seconds)
{
	memset(cal, 0, sizeof *cal);
	cal->utc_offset_seconds = utc_offset_seconds;
	for (int wd = 1; wd <= 5; wd++)
		calendar_set_hours(cal, wd, 8 * 60 + 30, 17 * 60 + 30);
}

bool
calendar_set_hours(struct calendar *cal, int weekday, int open_min,
    int close_min)
{
	if (weekday < 1 || weekday > 7 || open_min < 0 ||
	    open_min >= close_min || close_min > 24 * 60)
		return false;
	cal->hours[weekday - 1].open_min = open_min;
	cal->hours[weekday - 1].close_min = close_min;
	return true;
}

bool
calendar_close_day(struct calendar *cal, int weekday)
{
	if (weekday < 1 || weekday > 7)
		return false;
	cal->hours[weekday - 1].open_min = 0;
	cal->hours[weekday - 1].close_min = 0;
	return true;
}

bool
calendar_add_day(struct calendar *cal, int y, int m, int d, bool working)
{
	size_t i = 0;
	int day;

	if (!valid_date(y, m, d))
		return false;
	day = days_from_civil(y, m, d);
	while (i < cal->ndays && cal->days[i].day < day)
		i++;
	if (i < cal->ndays && cal->days[i].day == day) {
		cal->days[i].working = working;
		return true;
	}
	if (cal->ndays == CALENDAR_MAX_DAYS)
		return false;
	memmove(&cal->days[i + 1], &cal->days[i],
	    (cal->ndays - i) * sizeof cal->days[0]);
	cal->days[i] = (struct calendar_day){ .day = day, .working = working };
	cal->ndays++;
	return true;
}

/* Splits a UTC time into a local day and the second within it. */
static void
to_local(const struct calendar *cal, time_t t, long long *day, long *sec)
{
	long long local = (long long)t + cal->utc_offset_seconds;

	*day = floor_div(local, DAY);
	*sec = (long)(local - *day * DAY);
}

static time_t
from_local(const struct calendar *cal, long long day, long sec)
{
	return (time_t)(day * DAY + sec - cal->utc_offset_seconds);
}

/* Keeps the local arithmetic in range for garbage input. */
static time_t
clamp_time(time_t t)
{
	if (t < -TIME_LIMIT)
		return (time_t)-TIME_LIMIT;
	return t > TIME_LIMIT ? (time_t)TIME_LIMIT : t;
}

/* The walk behind both additions; saturday_counts only for working days. */
static time_t
add_seconds(const struct calendar *cal, time_t start, long seconds,
    bool saturday_counts)
{
	struct span s;
	long long day;
	long sec, gap = 0;

	if (seconds < 0 || start < -TIME_LIMIT || start > TIME_LIMIT)
		return (time_t)-1;
	to_local(cal, start, &day, &sec);
	for (long n = 0; n < CALENDAR_HORIZON_DAYS && gap < CALENDAR_MAX_GAP_DAYS;
	    n++, day++, sec = 0) {
		/* Closing time itself still belongs to the day: see below. */
		if (!day_span(cal, day, saturday_counts, &s) || sec > s.close) {
			gap++;
			continue;
		}
		gap = 0;
		if (sec < s.open)
			sec = s.open;
		/* <=, not <: a deadline landing on closing time stays there. */
		if (seconds <= s.close - sec)
			return from_local(cal, day, sec + seconds);
		seconds -= s.close - sec;
	}
	return (time_t)-1;
}

time_t
calendar_add_business_seconds(const struct calendar *cal, time_t start,
    long seconds)
{
	return add_seconds(cal, start, seconds, false);
}

/* Rounds a non-negative amount; false when negative, NaN or absurdly big. */
static bool
round_seconds(double amount, long *out)
{
	/* !(x >= 0) also catches NaN; the cap keeps the conversion defined. */
	if (!(amount >= 0) || amount > (double)CALENDAR_HORIZON_DAYS * DAY ||
	    amount >= (double)LONG_MAX)
		return false;
	*out = (long)(amount + 0.5);
	return true;
}

time_t
calendar_add_business_hours(const struct calendar *cal, time_t start,
    double hours)
{
	long seconds;

	if (!round_seconds(hours * 3600.0, &seconds))
		return (time_t)-1;
	return add_seconds(cal, start, seconds, false);
}

/* The business time between a <= b, in seconds, or (days) the number of
 * working days with some of it; a Saturday counts with saturday_counts. */
static long
business_overlap(const struct calendar *cal, time_t a, time_t b, bool saturday_counts,
    bool days)
{
	struct span s;
	long long day, last;
	long from, to, sum = 0;

	to_local(cal, clamp_time(a), &day, &from);
	to_local(cal, clamp_time(b), &last, &to);
	if (last - day > CALENDAR_HORIZON_DAYS) {
		last = day + CALENDAR_HORIZON_DAYS;
		to = (long)DAY;
	}
	for (; day <= last; day++, from = 0) {
		if (!day_span(cal, day, saturday_counts, &s))
			continue;
		long lo = from > s.open ? from : s.open;
		long hi = day == last && to < s.close ? to : s.close;

		if (hi > lo)
			sum += days ? 1 : hi - lo;
	}
	return sum;
}

long
calendar_business_seconds_between(const struct calendar *cal, time_t a,
    time_t b)
{
	if (a > b)
		return -calendar_business_seconds_between(cal, b, a);
	return business_overlap(cal, a, b, false, false);
}

int
calendar_working_days_late(const struct calendar *cal, time_t due, time_t done,
    bool saturday_counts)
{
	return done <= due ? 0 : (int)business_overlap(cal, due, done, saturday_counts, true);
}

time_t
calendar_add_working_days(const struct calendar *cal, time_t start,
    double days, bool saturday_counts)
{
	struct span s;
	long seconds;

	if (!standard_span(cal, &s) ||
	    !round_seconds(days * (double)(s.close - s.open), &seconds))
		return (time_t)-1;
	return add_seconds(cal, start, seconds, saturday_counts);
}

time_t
calendar_next_half_day(const struct calendar *cal, time_t t)
{
	static const long slot[2] = { CALENDAR_MORNING_SLOT_MIN * 60L,
	    CALENDAR_AFTERNOON_SLOT_MIN * 60L };
	struct span s;
	long long day;
	long sec;
	int half;

	if (t < -TIME_LIMIT || t > TIME_LIMIT)
		return (time_t)-1;
	to_local(cal, t, &day, &sec);
	half = sec < CALENDAR_NOON_MIN * 60L ? 0 : 1;
	for (long n = 0; n < 2L * CALENDAR_MAX_GAP_DAYS; n++) {
		if (++half == 2) {   /* the next half-day: afternoon, or tomorrow morning */
			half = 0;
			day++;
		}
		if (day_span(cal, day, false, &s) && slot[half] >= s.open && slot[half] < s.close)
			return from_local(cal, day, slot[half]);
	}
	return (time_t)-1;
}

bool
calendar_is_working_day(const struct calendar *cal, int y, int m, int d,
    bool saturday_counts)
{
	struct span s;

	return valid_date(y, m, d) &&
	    day_span(cal, days_from_civil(y, m, d), saturday_counts, &s);
}
