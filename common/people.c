/*
 * people.c: the rules of a user's and a service point's fields; see people.h.
 */
#include "common/people.h"

#include <ctype.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "common/validate.h"

const char *const point_kind_names[] = { "own", "outsourced", NULL };

bool
skill_valid(const char *s)
{
	const char *p;
	bool blank = true;

	if (utf8_length(s) > SKILL_MAX || strstr(s, "，") != NULL ||
	    strstr(s, "、") != NULL)
		return false;
	for (p = s; *p; p++) {
		if (*p == ',' || iscntrl((unsigned char)*p))
			return false;
		if (!isspace((unsigned char)*p))
			blank = false;
	}
	return !blank;
}

/* s without the blanks at its ends, into buf. */
static void
trimmed(const char *s, char *buf, size_t len)
{
	size_t n;

	while (isspace((unsigned char)*s))
		s++;
	snprintf(buf, len, "%s", s);
	n = strlen(buf);
	while (n > 0 && isspace((unsigned char)buf[n - 1]))
		buf[--n] = '\0';
}

/* Adds skill (the i-th) to out once; false with the field named when bad. */
static bool
add_skill(cJSON *out, const cJSON *item, int i, const char *name,
    struct proto_error *err)
{
	char field[48], skill[SKILL_MAX * 4 + 1];
	const cJSON *seen;

	snprintf(field, sizeof field, "%s[%d]", name, i);
	if (!cJSON_IsString(item) || strlen(item->valuestring) >= sizeof skill ||
	    !skill_valid(item->valuestring))
		return proto_fail(err, PROTO_INVALID_ARGUMENT, field,
		    "%s: a skill is 1 to %d characters, without a comma", field, SKILL_MAX);
	trimmed(item->valuestring, skill, sizeof skill);
	cJSON_ArrayForEach(seen, out)
		if (strcmp(seen->valuestring, skill) == 0)
			return proto_fail(err, PROTO_INVALID_ARGUMENT, field,
			    "%s: %s is given twice", field, skill);
	cJSON_AddItemToArray(out, cJSON_CreateString(skill));
	return true;
}

bool
arg_skills(const cJSON *args, const char *name, char **json,
    struct proto_error *err)
{
	const cJSON *list = cJSON_GetObjectItemCaseSensitive(args, name), *item;
	cJSON *out;
	int i = 0;

	*json = NULL;
	if (list == NULL || cJSON_IsNull(list))
		return true;
	if (!cJSON_IsArray(list) || cJSON_GetArraySize(list) > SKILLS_MAX)
		return proto_fail(err, PROTO_INVALID_ARGUMENT, name,
		    "%s must be an array of at most %d skills", name, SKILLS_MAX);
	out = cJSON_CreateArray();
	cJSON_ArrayForEach(item, list)
		if (!add_skill(out, item, i++, name, err)) {
			cJSON_Delete(out);
			return false;
		}
	*json = cJSON_PrintUnformatted(out);
	cJSON_Delete(out);
	return true;
}
