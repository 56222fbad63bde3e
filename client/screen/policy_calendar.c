/*
 * screen/policy_calendar.c: the Policies screen's business calendar as a
 * month: a grid of the month's days, Monday first, each marked as the
 * daemon counts it (common/calendar.c's rule: a day listed in the
 * calendar is what it says, any other day works when its weekday has
 * hours): a holiday, a make-up working day, or a closed weekday; under the
 * grid the selected day and the month's named days. Which days work is
 * common/calendar.c's rule (the daemon's), over policy.get's hours and
 * days. The keys that change a day are policies.c's (h, w, n, x); this file
 * moves the selection.
 */
#include "client/screen/policies.h"
#include "client/screen/screens.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#define CELL 11   /* columns a day takes: 7 of them fit 80 columns */

/* Day 0 of the next month is this month's last. */
static int
month_days(int y, int m)
{
	struct tm tm = { .tm_year = y - 1900, .tm_mon = m, .tm_mday = 0, .tm_hour = 12 };

	timegm(&tm);
	return tm.tm_mday;
}

/* 1 Monday .. 7 Sunday. */
static int
iso_weekday(int y, int m, int d)
{
	struct tm tm = { .tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d, .tm_hour = 12 };

	timegm(&tm);
	return tm.tm_wday == 0 ? 7 : tm.tm_wday;
}

void
policy_calendar_today(const struct app *a, struct policies *p)
{
	char today[40];

	ui_server_today(a, today, sizeof today);
	if (sscanf(today, "%d-%d-%d", &p->year, &p->month, &p->day) != 3) {
		p->year = 2026;
		p->month = p->day = 1;
	}
}

const char *
policy_calendar_day(const struct policies *p, char *buf, size_t len)
{
	snprintf(buf, len, "%04d-%02d-%02d", p->year, p->month, p->day);
	return buf;
}

const cJSON *
policy_calendar_exception(const struct policies *p, const char *day)
{
	const cJSON *row;

	cJSON_ArrayForEach(row, cJSON_GetObjectItemCaseSensitive(p->pol, "days"))
		if (strcmp(ui_jstr(row, "day"), day) == 0)
			return row;
	return NULL;
}

/* "HH:MM" as minutes from midnight; -1 when it is not. */
static int
clock_minutes(const char *s)
{
	int h, m;

	return sscanf(s, "%d:%d", &h, &m) == 2 ? h * 60 + m : -1;
}

void
policy_calendar_load(struct policies *p)
{
	const cJSON *row;
	int y, m, d;

	calendar_init(&p->cal, 0);
	for (int wd = 1; wd <= 7; wd++)
		calendar_close_day(&p->cal, wd);
	cJSON_ArrayForEach(row, cJSON_GetObjectItemCaseSensitive(p->pol, "working_hours"))
		calendar_set_hours(&p->cal, (int)ui_jint(row, "weekday", 0),
		    clock_minutes(ui_jstr(row, "opens")), clock_minutes(ui_jstr(row, "closes")));
	cJSON_ArrayForEach(row, cJSON_GetObjectItemCaseSensitive(p->pol, "days"))
		if (sscanf(ui_jstr(row, "day"), "%d-%d-%d", &y, &m, &d) == 3)
			calendar_add_day(&p->cal, y, m, d, ui_jbool(row, "working"));
}

/* Moves the selection by days (across months). */
static void
move_days(struct policies *p, int n)
{
	struct tm tm = { .tm_year = p->year - 1900, .tm_mon = p->month - 1,
		.tm_mday = p->day + n, .tm_hour = 12 };

	timegm(&tm);
	p->year = tm.tm_year + 1900;
	p->month = tm.tm_mon + 1;
	p->day = tm.tm_mday;
}

static void
move_months(struct policies *p, int n)
{
	int m = p->year * 12 + (p->month - 1) + n;

	p->year = m / 12;
	p->month = m % 12 + 1;
	if (p->day > month_days(p->year, p->month))
		p->day = month_days(p->year, p->month);
}

unsigned
policy_calendar_key(struct app *a, struct policies *p, ui_key_t key)
{
	if (key == UI_K(KEY_LEFT))
		move_days(p, -1);
	else if (key == UI_K(KEY_RIGHT))
		move_days(p, 1);
	else if (key == UI_K(KEY_UP))
		move_days(p, -7);
	else if (key == UI_K(KEY_DOWN))
		move_days(p, 7);
	else if (key == UI_K(KEY_PPAGE))
		move_months(p, -1);
	else if (key == UI_K(KEY_NPAGE))
		move_months(p, 1);
	else if (key == UI_K(KEY_HOME))
		policy_calendar_today(a, p);
	else
		return 0;
	return UI_HANDLED | UI_REDRAW;
}

/* The mark of a day in the grid and its colour. */
static const char *
day_mark(const struct app *a, const struct policies *p, int d, attr_t *attr)
{
	char day[40];
	const cJSON *e;

	snprintf(day, sizeof day, "%04d-%02d-%02d", p->year, p->month, d);
	e = policy_calendar_exception(p, day);
	*attr = A_NORMAL;
	if (e != NULL && !ui_jbool(e, "working")) {
		*attr = ui_attr(a, UI_C_OVERDUE) | A_BOLD;
		return _("holiday");
	}
	if (e != NULL) {
		*attr = ui_attr(a, UI_C_NEAR) | A_BOLD;
		return _("work");
	}
	if (!calendar_is_working_day(&p->cal, p->year, p->month, d, false)) {
		*attr = A_DIM;
		return _("day off");
	}
	return "";
}

static void
draw_grid(struct app *a, const struct policies *p, int top)
{
	static const char *const names[] = { N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"),
		N_("Fri"), N_("Sat"), N_("Sun") };
	int first = iso_weekday(p->year, p->month, 1), n = month_days(p->year, p->month);
	char cell[64];
	attr_t attr;

	attrset(A_BOLD);
	for (int i = 0; i < 7; i++)
		ui_put(top, 2 + i * CELL, CELL - 1, _(names[i]));
	attrset(A_NORMAL);
	for (int d = 1; d <= n; d++) {
		int slot = first - 1 + d - 1, y = top + 1 + slot / 7, x = 2 + slot % 7 * CELL;
		const char *mark = day_mark(a, p, d, &attr);

		snprintf(cell, sizeof cell, "%2d %s", d, mark);
		attrset(d == p->day ? attr | A_REVERSE : attr);
		ui_put(y, x, CELL - 1, cell);
	}
	attrset(A_NORMAL);
}

/* The selected day in words, then the month's named days. */
static void
draw_named(struct app *a, const struct policies *p, int top, int rows)
{
	char day[40], line[256], prefix[40];
	const cJSON *e = policy_calendar_exception(p, policy_calendar_day(p, day, sizeof day));
	const cJSON *row;
	int y = top + 1;

	if (e != NULL)
		snprintf(line, sizeof line, ui_jbool(e, "working") ?
		    _("%s: a make-up working day %s") : _("%s: a holiday %s"), day,
		    ui_jstr(e, "name"));
	else
		snprintf(line, sizeof line, _("%s: as its weekday"), day);
	attrset(A_BOLD);
	ui_put(top, 2, COLS - 4, line);
	attrset(A_NORMAL);
	snprintf(prefix, sizeof prefix, "%04d-%02d-", p->year, p->month);
	cJSON_ArrayForEach(row, cJSON_GetObjectItemCaseSensitive(p->pol, "days")) {
		if (y >= top + rows || strncmp(ui_jstr(row, "day"), prefix, 8) != 0)
			continue;
		snprintf(line, sizeof line, "%s  %s  %s", ui_jstr(row, "day"),
		    ui_jbool(row, "working") ? _("make-up working day") : _("holiday"),
		    ui_jstr(row, "name"));
		ui_put(y++, 4, COLS - 6, line);
	}
	(void)a;
}

void
policy_calendar_draw(struct app *a, struct policies *p, int top, int rows)
{
	char title[64];
	struct tm tm = { .tm_year = p->year - 1900, .tm_mon = p->month - 1, .tm_mday = 1 };

	strftime(title, sizeof title, _("%B %Y"), &tm);
	attrset(ui_attr(a, UI_C_TITLE));
	ui_put(top, 2, COLS - 4, title);
	attrset(A_NORMAL);
	draw_grid(a, p, top + 1);
	if (rows > 9)
		draw_named(a, p, top + 9, rows - 9);
}
