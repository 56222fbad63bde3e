/*
 * settings.h: the centre's scalar policies (doc/domain.md, Policies), each
 * a whole number with its range and the value it ships with. One table for
 * policy.set's checks (server/admin.c) and the client's policies screen;
 * sql/015_settings.sql seeds the shipped values and test_settings
 * (tests/integration/test_policy.c) holds the two equal. SQL reads a
 * setting with setting_int(key) (sql/functions/05_settings.sql).
 */
#ifndef SVCDESK_SETTINGS_H
#define SVCDESK_SETTINGS_H

#include <stdint.h>

struct setting_def {
	const char *key;
	int64_t min, max;
	int64_t shipped;         /* the value a new database starts with */
	const char *unit;        /* "%", "days", "fen", ... for people */
	const char *label;       /* English; translated in the client */
};

/* Every setting, ending with a { NULL } entry. */
extern const struct setting_def setting_defs[];

/* The definition of key, or NULL when there is no such setting. */
const struct setting_def *setting_find(const char *key);

/* The approvers of free service, as approval_limits (sql/017_policies.sql)
 * names them, in policy.get's order; NULL-terminated. */
extern const char *const approval_role_names[];
#define APPROVALS_PER_MONTH_MAX 1000
#define APPROVAL_AMOUNT_MAX 100000000     /* fen: a million yuan */

/* The labour price list (labour_prices, sql/006_repair.sql): bands up to
 * this many minutes, fees in fen. */
#define LABOUR_MINUTES_MAX 1440
#define LABOUR_FEE_MAX 100000000
#define LABOUR_BANDS_MAX 200

#endif
