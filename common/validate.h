/*
 * validate.h: typed access to request arguments.
 *
 * Each reader checks presence, type and bounds and, on failure, fills a
 * proto_error with invalid_argument naming the field. They return false on
 * failure so a handler reads `if (!arg_string(...)) return reply_error(...)`.
 * Lengths are counted in characters (UTF-8 code points), as people count.
 */
#ifndef SVCDESK_VALIDATE_H
#define SVCDESK_VALIDATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cjson/cJSON.h>

#include "common/proto.h"

enum arg_need { ARG_OPTIONAL = 0, ARG_REQUIRED = 1 };

size_t utf8_length(const char *s);
/* How many bytes of s to quote so that at most max bytes are taken and no
 * character is cut: for "%.*s" in a message that quotes what a user sent. */
int utf8_prefix(const char *s, size_t max);

/* *out is NULL when an optional argument is absent or null. */
bool arg_string(const cJSON *args, const char *name, enum arg_need need,
    size_t max_chars, const char **out, struct proto_error *err);
/* Like arg_string, but also rejects empty and all-blank text. */
bool arg_text(const cJSON *args, const char *name, enum arg_need need,
    size_t max_chars, const char **out, struct proto_error *err);
/* *out is left untouched when an optional argument is absent. */
bool arg_int(const cJSON *args, const char *name, enum arg_need need,
    int64_t min, int64_t max, int64_t *out, struct proto_error *err);
bool arg_bool(const cJSON *args, const char *name, enum arg_need need,
    bool *out, struct proto_error *err);
/* values is NULL-terminated; *index is the match (left alone if absent). */
bool arg_enum(const cJSON *args, const char *name, enum arg_need need,
    const char *const *values, int *index, struct proto_error *err);
/* An array of strings each one of values; *mask gets bit i for values[i]. */
bool arg_enum_set(const cJSON *args, const char *name, enum arg_need need,
    const char *const *values, unsigned *mask, struct proto_error *err);

/* A calendar date YYYY-MM-DD (a real day); *out points into args. */
bool arg_date(const cJSON *args, const char *name, enum arg_need need,
    const char **out, struct proto_error *err);
/* A calendar month YYYY-MM; *out points into args. */
bool arg_month(const cJSON *args, const char *name, enum arg_need need,
    const char **out, struct proto_error *err);
/* A non-empty array of at most max phone numbers (valid_phone each);
 * *out is a new array of their canonical forms (common/phone.h), each once,
 * for the caller to free (NULL when absent or refused). */
bool arg_phones(const cJSON *args, const char *name, enum arg_need need,
    int max, cJSON **out, struct proto_error *err);

/* A keyset cursor that is a record's id, as a page's `next` gives it (a
 * string of digits; a number is taken too); *out is left untouched when
 * the optional argument is absent. */
bool arg_id_cursor(const cJSON *args, const char *name, enum arg_need need,
    int64_t *out, struct proto_error *err);

/* A user login: 2-32 of a-z 0-9 . _ -, starting with a letter or digit. */
bool valid_login(const char *s);

/* A phone in any common form: phone_normalise (common/phone.h) takes it. */
bool valid_phone(const char *s);

#endif
