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

#endif
