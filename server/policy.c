/*
 * policy.c: the cached policies; see policy.h.
 */
#include "server/policy.h"

#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <event2/event.h>

#include "common/domain.h"
#include "common/settings.h"
#include "server/db.h"
#include "server/log.h"
#include "server/server.h"

#define REGIONS 3
#define TYPES 4

#define RETRY_SECONDS 5
#define SETTINGS_MAX 64   /* entries of setting_defs (common/settings.c) */

struct policy {
	struct server *srv;
	struct event *retry;          /* after a failed load */
	double arrival_hours[REGIONS][TYPES];  /* 0: no arrival deadline */
	double reply_hours[REGIONS][TYPES];
	struct calendar cal;
	int64_t settings[SETTINGS_MAX];  /* by the index in setting_defs */
};

static struct db_statement stmt_policy_load = {
	.what = "load policies",
	.sql = "SELECT jsonb_build_object("
	       " 'sla', (SELECT coalesce(jsonb_agg(jsonb_build_object('region', region,"
	       "   'type', ticket_type, 'arrival', arrival_hours, 'reply', reply_hours)), '[]')"
	       "   FROM sla_policies),"
	       " 'hours', (SELECT coalesce(jsonb_agg(jsonb_build_object('weekday', weekday,"
	       "   'opens', extract(epoch FROM opens)::int / 60,"
	       "   'closes', extract(epoch FROM closes)::int / 60)), '[]') FROM working_hours),"
	       " 'days', (SELECT coalesce(jsonb_agg(jsonb_build_object('day', day,"
	       "   'working', working) ORDER BY day), '[]') FROM calendar_days"
	       "   WHERE day >= current_date - 400),"
	       " 'settings', (SELECT coalesce(jsonb_object_agg(key, value), '{}') FROM settings))::text",
};

static int
name_index(const char *const *names, const char *s)
{
	for (int i = 0; names[i] != NULL && s != NULL; i++)
		if (strcmp(names[i], s) == 0)
			return i;
	return -1;
}

/* The process's offset from UTC now (Asia/Shanghai has no DST). */
static int
local_offset(void)
{
	time_t now = time(NULL);
	struct tm tm;

	localtime_r(&now, &tm);
	return (int)tm.tm_gmtoff;
}

static void
set_defaults(struct policy *p)
{
	static const double arrival[REGIONS] = { 6, 7, 24 };

	for (int r = 0; r < REGIONS; r++)
		for (int t = 0; t < TYPES; t++) {
			/* B repair and Y other service have an arrival deadline. */
			p->arrival_hours[r][t] = t <= 1 ? arrival[r] : 0;
			p->reply_hours[r][t] = 24;
		}
	calendar_init(&p->cal, local_offset());
	for (int i = 0; i < SETTINGS_MAX && setting_defs[i].key != NULL; i++)
		p->settings[i] = setting_defs[i].shipped;
}

static void
load_sla(struct policy *p, const cJSON *rows)
{
	const cJSON *row;

	cJSON_ArrayForEach(row, rows) {
		int r = name_index(region_names, cJSON_GetStringValue(cJSON_GetObjectItem(row, "region")));
		int t = name_index(ticket_type_names, cJSON_GetStringValue(cJSON_GetObjectItem(row, "type")));
		const cJSON *arrival = cJSON_GetObjectItem(row, "arrival");
		const cJSON *reply = cJSON_GetObjectItem(row, "reply");

		if (r < 0 || t < 0)
			continue;
		p->arrival_hours[r][t] = cJSON_IsNumber(arrival) ? arrival->valuedouble : 0;
		if (cJSON_IsNumber(reply))
			p->reply_hours[r][t] = reply->valuedouble;
	}
}

static void
load_calendar(struct policy *p, const cJSON *hours, const cJSON *days)
{
	const cJSON *row;
	int y, m, d;

	calendar_init(&p->cal, local_offset());
	for (int wd = 1; wd <= 7; wd++)
		calendar_close_day(&p->cal, wd);
	cJSON_ArrayForEach(row, hours)
		calendar_set_hours(&p->cal,
		    (int)cJSON_GetNumberValue(cJSON_GetObjectItem(row, "weekday")),
		    (int)cJSON_GetNumberValue(cJSON_GetObjectItem(row, "opens")),
		    (int)cJSON_GetNumberValue(cJSON_GetObjectItem(row, "closes")));
	cJSON_ArrayForEach(row, days) {
		const char *day = cJSON_GetStringValue(cJSON_GetObjectItem(row, "day"));
		if (day && sscanf(day, "%d-%d-%d", &y, &m, &d) == 3)
			calendar_add_day(&p->cal, y, m, d,
			    cJSON_IsTrue(cJSON_GetObjectItem(row, "working")));
	}
}

/* A stored value out of its range (written by hand) is not used: the last
 * one stays. */
static void
load_settings(struct policy *p, const cJSON *settings)
{
	for (int i = 0; i < SETTINGS_MAX && setting_defs[i].key != NULL; i++) {
		const struct setting_def *d = &setting_defs[i];
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(settings, d->key);

		if (cJSON_IsNumber(v) && v->valuedouble >= (double)d->min &&
		    v->valuedouble <= (double)d->max)
			p->settings[i] = (int64_t)v->valuedouble;
		else if (v != NULL)
			log_warn("setting %s is not a whole number from %lld to %lld: "
			    "keeping %lld", d->key, (long long)d->min, (long long)d->max,
			    (long long)p->settings[i]);
	}
}

/* A load and who waits for it. */
struct load {
	struct policy *policy;
	void (*done)(void *arg);
	void *arg;
};

static bool apply_loaded(struct policy *p, PGresult *res);

static void
on_loaded(void *arg, PGresult *res)
{
	struct load *l = arg;

	apply_loaded(l->policy, res);
	if (l->done)
		l->done(l->arg);
	free(l);
}

static bool
apply_loaded(struct policy *p, PGresult *res)
{
	struct proto_error err;
	cJSON *all;

	if (!db_result_ok(res, &stmt_policy_load, &err)) {
		struct timeval again = { RETRY_SECONDS, 0 };
		log_warn("policies not loaded (%s); using the last ones, "
		    "trying again in %d s", err.message, RETRY_SECONDS);
		evtimer_add(p->retry, &again);
		return false;
	}
	if ((all = db_json(res, 0, 0)) == NULL)
		return false;
	load_sla(p, cJSON_GetObjectItem(all, "sla"));
	load_calendar(p, cJSON_GetObjectItem(all, "hours"), cJSON_GetObjectItem(all, "days"));
	load_settings(p, cJSON_GetObjectItem(all, "settings"));
	cJSON_Delete(all);
	log_info("policies loaded");
	return true;
}

void
policy_reload_then(struct policy *p, void (*done)(void *arg), void *arg)
{
	struct load *l = malloc(sizeof *l);

	if (l == NULL) {
		if (done)
			done(arg);
		return;
	}
	*l = (struct load){ p, done, arg };
	db_query(p->srv->db, &stmt_policy_load, 0, NULL, on_loaded, l);
}

void
policy_reload(struct policy *p)
{
	policy_reload_then(p, NULL, NULL);
}

static void
on_retry(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	policy_reload(arg);
}

struct policy *
policy_new(struct server *srv)
{
	struct policy *p = calloc(1, sizeof *p);

	if (p == NULL)
		return NULL;
	p->srv = srv;
	p->retry = evtimer_new(srv->base, on_retry, p);
	set_defaults(p);
	policy_reload(p);
	return p;
}

void
policy_free(struct policy *p)
{
	if (p == NULL)
		return;
	event_free(p->retry);
	free(p);
}

time_t
policy_arrival_due(const struct policy *p, int region, int type, time_t at)
{
	double hours = p->arrival_hours[region][type];
	time_t due;

	if (hours <= 0)
		return 0;
	/* -1: the calendar has no working day at all; no deadline can be set. */
	if ((due = calendar_add_business_hours(&p->cal, at, hours)) == (time_t)-1) {
		log_warn("the business calendar has no working day: no arrival deadline");
		return 0;
	}
	return due;
}

time_t
policy_reply_due(const struct policy *p, int region, int type, time_t at)
{
	/* "Every request gets an answer within 24 hours": plain hours. */
	return at + (time_t)lround(p->reply_hours[region][type] * 3600);
}

const struct calendar *
policy_calendar(const struct policy *p)
{
	return &p->cal;
}

int64_t
policy_setting(const struct policy *p, const char *key)
{
	for (int i = 0; i < SETTINGS_MAX && setting_defs[i].key != NULL; i++)
		if (strcmp(setting_defs[i].key, key) == 0)
			return p->settings[i];
	log_error("no setting %s in common/settings.c", key);
	return 0;
}
