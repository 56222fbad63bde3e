/*
 * screen/policies.h: what the Policies screen's two files share
 * (policies.c: the sections that are lists; policy_calendar.c: the month
 * view of the business calendar).
 */
#ifndef SVCDESK_POLICIES_H
#define SVCDESK_POLICIES_H

#include "client/widget/table.h"
#include "common/calendar.h"

enum policy_section { PS_SETTINGS, PS_SLA, PS_HOURS, PS_CALENDAR, PS_APPROVALS,
	PS_LABOUR, PS_COUNT };

/* What a prompt is changing. */
enum policy_edit { PE_SETTING, PE_ARRIVAL, PE_REPLY, PE_HOURS, PE_HOLIDAY, PE_WORKDAY,
	PE_DAYNAME, PE_PER_MONTH, PE_MAX_AMOUNT, PE_FEE, PE_BAND };

struct policies {
	cJSON *pol;                /* policy.get's result, or NULL */
	int64_t get_id;            /* policy.get in flight */
	bool stale;                /* a policy.changed came while away */
	enum policy_section section;
	struct table table;        /* the section's rows (all but the calendar) */
	int year, month, day;      /* the calendar's selected day */
	struct calendar cal;       /* the hours and days of pol (common/calendar.c) */
	enum policy_edit edit;     /* what the open prompt changes */
	char edit_key[48];         /* of which row: a setting's key, a day, ... */
	char error[512];
};

/* policies.c: sends op (policy.set or calendar.set) with args for the
 * prompt o: the answer replaces the policies shown, or stays in the prompt. */
void policies_send(struct app *a, struct overlay *o, const char *op, cJSON *args);

/* policy_calendar.c */
/* p->cal from p->pol, after each load. */
void policy_calendar_load(struct policies *p);
void policy_calendar_draw(struct app *a, struct policies *p, int top, int rows);
/* The month-view keys (arrows, PgUp/PgDn, Home); 0 when not one. */
unsigned policy_calendar_key(struct app *a, struct policies *p, ui_key_t key);
/* The selected day "YYYY-MM-DD", its exception row (NULL: none). */
const char *policy_calendar_day(const struct policies *p, char *buf, size_t len);
const cJSON *policy_calendar_exception(const struct policies *p, const char *day);
/* The selected day starts as today (the server's). */
void policy_calendar_today(const struct app *a, struct policies *p);

#endif
