/*
 * policy.h: the policies deadlines are computed from (SLA hours per region
 * and ticket type, the business calendar) and the whole-number settings
 * (common/settings.c), cached in the daemon so that a request needs no
 * extra round trip. Loaded at start and reloaded
 * whenever any daemon announces `policy.changed`; until the first load the
 * defaults of doc/domain.md, Deadlines and business hours apply (urban 6,
 * suburban 7, county 24 business hours; replies within 24 hours;
 * Monday-Friday 08:30-17:30).
 */
#ifndef SVCDESK_POLICY_H
#define SVCDESK_POLICY_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "common/calendar.h"

struct server;
struct policy;

struct policy *policy_new(struct server *srv);
void policy_free(struct policy *p);
/* Reads the policy tables again (asynchronously). */
void policy_reload(struct policy *p);
/* The same, then calls done (whether or not the load succeeded). */
void policy_reload_then(struct policy *p, void (*done)(void *arg), void *arg);

/* Deadlines for a call registered at `at`. region: index into region_names,
 * type: index into ticket_type_names. 0 when the policy sets none. */
time_t policy_arrival_due(const struct policy *p, int region, int type, time_t at);
time_t policy_reply_due(const struct policy *p, int region, int type, time_t at);
const struct calendar *policy_calendar(const struct policy *p);
/* A setting of common/settings.c as last loaded (its shipped value until
 * the first load). */
int64_t policy_setting(const struct policy *p, const char *key);

#endif
