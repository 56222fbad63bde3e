/*
 * calendar.h: the business calendar, for deadlines counted in business time
 * (arrival in 6/7/24 business hours, complaint stages in working days).
 *
 * Pure computation: no I/O, no global state, nothing but libc. The daemon
 * loads the policy tables (working_hours, calendar_days, settings
 * time_zone) into a struct calendar and passes it to every call.
 *
 * Time zone: the calendar works at a fixed offset from UTC, given in
 * seconds (Asia/Shanghai, which has no daylight saving: +28800). It never
 * reads or changes the process's TZ. A zone with daylight saving is not
 * supported; the caller picks the offset.
 *
 * Each ISO weekday (1 Monday .. 7 Sunday) has at most one working interval,
 * [open, close) in minutes from local midnight. Exception days override the
 * weekday: a holiday (working false) has no hours; a working exception
 * (make-up day, 调休) uses its weekday's hours if that weekday has any, else
 * the standard day's hours. The standard day is Monday, or when Monday is
 * closed the first open weekday after it.
 *
 * Failures (bad arguments, no working day within CALENDAR_MAX_GAP_DAYS,
 * results beyond CALENDAR_HORIZON_DAYS) give (time_t)-1.
 */
#ifndef SVCDESK_CALENDAR_H
#define SVCDESK_CALENDAR_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

/* Room for decades of holidays and make-up days (about 30 a year). */
#define CALENDAR_MAX_DAYS	1024
/* Ten years without one working day means there is none at all. */
#define CALENDAR_MAX_GAP_DAYS	3660
/* No computation looks further than about 100 years from its start. */
#define CALENDAR_HORIZON_DAYS	36600

struct calendar_hours {
	int	open_min;	/* minutes from local midnight */
	int	close_min;	/* open_min == close_min: closed */
};

struct calendar_day {
	int	day;		/* local days since 1970-01-01 */
	bool	working;
};

struct calendar {
	int	utc_offset_seconds;		/* local = UTC + this */
	struct calendar_hours hours[7];		/* [0] Monday .. [6] Sunday */
	struct calendar_day days[CALENDAR_MAX_DAYS]; /* sorted by day */
	size_t	ndays;
};

/* Monday-Friday 08:30-17:30, weekends closed, no exception days. */
void calendar_init(struct calendar *cal, int utc_offset_seconds);
/* weekday 1..7; 0 <= open_min < close_min <= 1440. False when invalid. */
bool calendar_set_hours(struct calendar *cal, int weekday, int open_min,
    int close_min);
/* A weekday with no working hours (a missing working_hours row). */
bool calendar_close_day(struct calendar *cal, int weekday);
/*
 * A holiday (working false) or a make-up working day (working true).
 * Adding a date again replaces its flag. False for an invalid date (years
 * 1..9999) or when the table is full.
 */
bool calendar_add_day(struct calendar *cal, int y, int m, int d,
    bool working);

/*
 * The moment `seconds` of business time after start. Time outside working
 * hours does not count: a start before opening counts from opening, after
 * closing from the next working day's opening. A deadline that lands
 * exactly on closing time stays there (not the next opening). Zero seconds
 * gives start moved forward into business time: start itself when it lies
 * within [open, close] of a working day. Negative seconds: (time_t)-1.
 */
time_t calendar_add_business_seconds(const struct calendar *cal, time_t start,
    long seconds);
/* The same in hours, rounded to the nearest second. */
time_t calendar_add_business_hours(const struct calendar *cal, time_t start,
    double hours);
/*
 * Business seconds from a to b; negative when b is before a, so
 * between(a, b) == -between(b, a). between(s, add(s, n)) == n. Spans longer
 * than CALENDAR_HORIZON_DAYS are counted over that many days only.
 */
long calendar_business_seconds_between(const struct calendar *cal, time_t a,
    time_t b);

/*
 * Working days, as complaint stages count them. One working day is the
 * length of the standard day's interval (9 hours with 08:30-17:30), and
 * `days` (possibly fractional: 0.5 is half of that) is added as that much
 * business time, so 2 days from Tuesday 10:00 is Thursday 10:00. With
 * saturday_counts, a Saturday that is not a holiday is a working day: its
 * own hours if it has any, else the standard day's.
 */
time_t calendar_add_working_days(const struct calendar *cal, time_t start,
    double days, bool saturday_counts);
/*
 * The call-back after a return visit that did not reach the customer
 * (doc/domain.md, Return visits): the next working half-day's slot. A
 * working day has two slots, 09:00 in its morning and 14:00 in its
 * afternoon (fixed; noon parts the halves), each counting only when it lies
 * within the day's working hours [open, close). The call-back is the first
 * slot in a half-day later than t's own: a morning attempt on a working day
 * is called back at 14:00 that day, an afternoon one (or one on a day off)
 * at 09:00 on the next working day.
 */
#define CALENDAR_NOON_MIN	(12 * 60)
#define CALENDAR_MORNING_SLOT_MIN	(9 * 60)
#define CALENDAR_AFTERNOON_SLOT_MIN	(14 * 60)
time_t calendar_next_half_day(const struct calendar *cal, time_t t);
/*
 * The working days a complaint stage due at `due` and finished at `done` was
 * late by (doc/domain.md, Complaint stages): the working days (a Saturday
 * too with saturday_counts) on which it was overdue within working hours,
 * each begun one counted whole. 0 when done is not after due, or when no
 * working time lies between them (due at Friday's closing, done on Sunday).
 */
int calendar_working_days_late(const struct calendar *cal, time_t due, time_t done,
    bool saturday_counts);
/* Whether the date has working hours; false for an invalid date. */
bool calendar_is_working_day(const struct calendar *cal, int y, int m, int d,
    bool saturday_counts);

#endif
