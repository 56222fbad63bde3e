/*
 * people.h: what a user's and a service point's fields must be (doc/domain.md,
 * Users and service points), written once for the daemon (user.save,
 * service_point.save) and the client's forms (screen/user_edit.c,
 * screen/points.c), which check the same limits before sending.
 */
#ifndef SVCDESK_PEOPLE_H
#define SVCDESK_PEOPLE_H

#include <stdbool.h>
#include <stdint.h>
#include <cjson/cJSON.h>

#include "common/proto.h"

/* A password's fewest and most characters (user.save, session.login). */
#define PASSWORD_MIN 8
#define PASSWORD_MAX 256
/* A person's name (user.save's name), in characters. */
#define USER_NAME_MAX 100
/* A technician's skills: at most SKILLS_MAX, each 1 to SKILL_MAX
 * characters, without a comma (the client's form splits at commas). */
#define SKILLS_MAX 12
#define SKILL_MAX 32
/* The monthly bonus in fen: from 0 to 1,000,000 yuan. */
#define MONTHLY_BONUS_MAX INT64_C(100000000)
/* A service point's name, head and address, in characters. */
#define POINT_NAME_MAX 100
#define POINT_HEAD_MAX 64
#define POINT_ADDRESS_MAX 200

/* A service point's kind: own or outsourced (网点), NULL-terminated. */
extern const char *const point_kind_names[];

/* One skill: not blank, at most SKILL_MAX characters, no comma (ASCII or
 * Chinese) and no control character. */
bool skill_valid(const char *s);

/* user.save's skills: an array of at most SKILLS_MAX strings, each
 * skill_valid and given once (the field "skills[i]" names a bad one).
 * *json gets the array as JSON text, trimmed of blanks at the ends, for
 * the caller to cJSON_free; NULL when absent. */
bool arg_skills(const cJSON *args, const char *name, char **json,
    struct proto_error *err);

#endif
