/*
 * validate.c: argument readers; see validate.h.
 */
#include "common/validate.h"

#include "common/phone.h"

#include <ctype.h>
#include <stdio.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

size_t
utf8_length(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

int
utf8_prefix(const char *s, size_t max)
{
	size_t n = strnlen(s, max + 1);

	if (n > max) {
		n = max;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	return (int)n;
}

/* Fetches args[name]; a JSON null counts as absent. */
static const cJSON *
lookup(const cJSON *args, const char *name, enum arg_need need, bool *ok,
    struct proto_error *err)
{
	const cJSON *item = cJSON_GetObjectItemCaseSensitive(args, name);

	*ok = true;
	if (item == NULL || cJSON_IsNull(item)) {
		if (need == ARG_REQUIRED)
			*ok = proto_fail(err, PROTO_INVALID_ARGUMENT, name,
			    "%s is required", name);
		return NULL;
	}
	return item;
}

bool
arg_string(const cJSON *args, const char *name, enum arg_need need,
    size_t max_chars, const char **out, struct proto_error *err)
{
	bool ok;
	const cJSON *item = lookup(args, name, need, &ok, err);

	*out = NULL;
	if (item == NULL)
		return ok;
	if (!cJSON_IsString(item))
		return proto_fail(err, PROTO_INVALID_ARGUMENT, name,
		    "%s must be a string", name);
	if (utf8_length(item->valuestring) > max_chars)
		return proto_fail(err, PROTO_INVALID_ARGUMENT, name,
		    "%s is at most %zu characters", name, max_chars);
	*out = item->valuestring;
	return true;
}

bool
arg_text(const cJSON *args, const char *name, enum arg_need need,
    size_t max_chars, const char **out, struct proto_error *err)
{
	const char *s;

	if (!arg_string(args, name, need, max_chars, out, err))
		return false;
	if (*out == NULL)
		return true;
	for (s = *out; *s && isspace((unsigned char)*s); s++)
		;
	if (*s == '\0')
		return proto_fail(err, PROTO_INVALID_ARGUMENT, name,
		    "%s must not be empty", name);
	return true;
}

bool
arg_int(const cJSON *args, const char *name, enum arg_need need, int64_t min,
    int64_t max, int64_t *out, struct proto_error *err)
{
	bool ok;
	const cJSON *item = lookup(args, name, need, &ok, err);
	double d;

	if (item == NULL)
		return ok;
	d = item->valuedouble;
	if (!cJSON_IsNumber(item) || !isfinite(d) || d != floor(d))
		return proto_fail(err, PROTO_INVALID_ARGUMENT, name,
		    "%s must be an integer", name);
	/* 2^63 would overflow the cast ((double)INT64_MAX rounds up to it). */
	if (d >= 9223372036854775808.0 || d < -9223372036854775808.0 ||
	    (int64_t)d < min || (int64_t)d > max)
		return proto_fail(err, PROTO_INVALID_ARGUMENT, name,
		    "%s must be between %lld and %lld", name, (long long)min,
		    (long long)max);
	*out = (int64_t)d;
	return true;
}

bool
arg_bool(const cJSON *args, const char *name, enum arg_need need, bool *out,
    struct proto_error *err)
{
	bool ok;
	const cJSON *item = lookup(args, name, need, &ok, err);

	if (item == NULL)
		return ok;
	if (!cJSON_IsBool(item))
		return proto_fail(err, PROTO_INVALID_ARGUMENT, name,
		    "%s must be true or false", name);
	*out = cJSON_IsTrue(item);
	return true;
}

static int
enum_index(const char *const *values, const char *s)
{
	for (int i = 0; values[i] != NULL; i++)
		if (strcmp(values[i], s) == 0)
			return i;
	return -1;
}

/* "a, b, c", for messages that list the allowed values (a list without
 * words, the same in either language). */
static void
enum_list(const char *const *values, char *buf, size_t size)
{
	size_t used = 0;

	buf[0] = '\0';
	for (int i = 0; values[i] != NULL && used < size; i++) {
		const char *sep = i == 0 ? "" : ", ";
		int n = snprintf(buf + used, size - used, "%s%s", sep, values[i]);
		if (n < 0)
			break;
		used += (size_t)n;
	}
}

bool
arg_enum(const cJSON *args, const char *name, enum arg_need need,
    const char *const *values, int *index, struct proto_error *err)
{
	const char *s;
	char allowed[160];
	int i;

	if (!arg_string(args, name, need, 64, &s, err))
		return false;
	if (s == NULL)
		return true;
	if ((i = enum_index(values, s)) < 0) {
		enum_list(values, allowed, sizeof allowed);
		return proto_fail(err, PROTO_INVALID_ARGUMENT, name,
		    "%s must be one of: %s", name, allowed);
	}
	*index = i;
	return true;
}

bool
arg_enum_set(const cJSON *args, const char *name, enum arg_need need,
    const char *const *values, unsigned *mask, struct proto_error *err)
{
	bool ok;
	const cJSON *item = lookup(args, name, need, &ok, err), *each;
	char allowed[160];

	if (item == NULL)
		return ok;
	if (!cJSON_IsArray(item))
		return proto_fail(err, PROTO_INVALID_ARGUMENT, name,
		    "%s must be an array of strings", name);
	*mask = 0;
	cJSON_ArrayForEach(each, item) {
		int i = cJSON_IsString(each) ? enum_index(values, each->valuestring) : -1;
		if (i < 0) {
			enum_list(values, allowed, sizeof allowed);
			return proto_fail(err, PROTO_INVALID_ARGUMENT, name,
			    "%s may hold only: %s", name, allowed);
		}
		*mask |= 1u << i;
	}
	return true;
}

bool
valid_phone(const char *s)
{
	char canon[PHONE_MAX];

	return phone_normalise(s, canon);
}

bool
valid_login(const char *s)
{
	size_t n = strlen(s);

	if (n < 2 || n > 32 || !(islower((unsigned char)s[0]) || isdigit((unsigned char)s[0])))
		return false;
	for (; *s; s++)
		if (!islower((unsigned char)*s) && !isdigit((unsigned char)*s) &&
		    *s != '.' && *s != '_' && *s != '-')
			return false;
	return true;
}

bool
arg_date(const cJSON *args, const char *name, enum arg_need need,
    const char **out, struct proto_error *err)
{
	struct tm tm = { 0 };
	int y, m, d, used = 0;

	if (!arg_string(args, name, need, 10, out, err))
		return false;
	if (*out == NULL)
		return true;
	if (sscanf(*out, "%4d-%2d-%2d%n", &y, &m, &d, &used) != 3 || used != 10 ||
	    y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 || d > 31)
		return proto_fail(err, PROTO_INVALID_ARGUMENT, name,
		    "%s must be a date YYYY-MM-DD", name);
	/* Round-trip through timegm to reject 2026-02-30 and the like. */
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_hour = 12;
	time_t t = timegm(&tm);
	gmtime_r(&t, &tm);
	if (tm.tm_mday != d || tm.tm_mon != m - 1)
		return proto_fail(err, PROTO_INVALID_ARGUMENT, name,
		    "%s is not a real date", name);
	return true;
}

bool
arg_month(const cJSON *args, const char *name, enum arg_need need,
    const char **out, struct proto_error *err)
{
	const char *s;
	int y, m;

	if (!arg_string(args, name, need, 7, out, err))
		return false;
	if (*out == NULL)
		return true;
	s = *out;
	/* Exactly four digits, a dash and two digits: sscanf alone would take signs. */
	bool shaped = strlen(s) == 7 && s[4] == '-';
	for (int i = 0; shaped && i < 7; i++)
		shaped = i == 4 || isdigit((unsigned char)s[i]);
	if (!shaped || sscanf(s, "%4d-%2d", &y, &m) != 2 ||
	    y < 1900 || y > 2200 || m < 1 || m > 12)
		return proto_fail(err, PROTO_INVALID_ARGUMENT, name,
		    "%s must be a month YYYY-MM", name);
	return true;
}

static bool
phone_listed(const cJSON *list, const char *phone)
{
	const cJSON *each;

	cJSON_ArrayForEach(each, list)
		if (strcmp(each->valuestring, phone) == 0)
			return true;
	return false;
}

bool
arg_phones(const cJSON *args, const char *name, enum arg_need need, int max,
    cJSON **out, struct proto_error *err)
{
	bool ok;
	const cJSON *item = lookup(args, name, need, &ok, err), *each;
	char canon[PHONE_MAX];

	*out = NULL;
	if (item == NULL)
		return ok;
	if (!cJSON_IsArray(item) || cJSON_GetArraySize(item) < 1 ||
	    cJSON_GetArraySize(item) > max)
		return proto_fail(err, PROTO_INVALID_ARGUMENT, name,
		    "%s must be an array of 1 to %d phone numbers", name, max);
	*out = cJSON_CreateArray();
	cJSON_ArrayForEach(each, item) {
		if (!cJSON_IsString(each) || !phone_normalise(each->valuestring, canon)) {
			cJSON_Delete(*out);
			*out = NULL;
			return proto_fail(err, PROTO_INVALID_ARGUMENT, name,
			    "%s: each phone is 7 to 20 digits (spaces, dashes, "
			    "+86 or 0086 allowed)", name);
		}
		if (!phone_listed(*out, canon))   /* the same phone twice: once */
			cJSON_AddItemToArray(*out, cJSON_CreateString(canon));
	}
	return true;
}

bool
arg_id_cursor(const cJSON *args, const char *name, enum arg_need need,
    int64_t *out, struct proto_error *err)
{
	const cJSON *item = cJSON_GetObjectItemCaseSensitive(args, name);
	const char *s;

	if (!cJSON_IsString(item))
		return arg_int(args, name, need, 1, INT64_MAX, out, err);
	s = item->valuestring;
	if (s[0] == '\0' || strlen(s) > 18 || strspn(s, "0123456789") != strlen(s))
		return proto_fail(err, PROTO_INVALID_ARGUMENT, name,
		    "%s is not a cursor a page returned", name);
	*out = strtoll(s, NULL, 10);
	return true;
}
