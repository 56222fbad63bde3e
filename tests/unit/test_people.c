/*
 * test_people.c: common/people.h, what a user's skills must be: one skill
 * (not blank, at most SKILL_MAX characters, no comma of either kind) and
 * the reader arg_skills (an array of at most SKILLS_MAX, each once, trimmed,
 * the field naming the bad one).
 */
#include <stdlib.h>
#include <string.h>

#include "common/people.h"
#include "tests/unit/suites.h"

START_TEST(test_skill_valid)
{
	ck_assert(skill_valid("空调"));
	ck_assert(skill_valid(" 冰箱 "));
	ck_assert(skill_valid("12345678901234567890123456789012"));   /* 32 */
	ck_assert(skill_valid("变频空调维修变频空调维修变频空调维修变频空调维修变频空调维修变频"));
	ck_assert(!skill_valid("123456789012345678901234567890123"));  /* 33 */
	ck_assert(!skill_valid(""));
	ck_assert(!skill_valid("   "));
	ck_assert(!skill_valid("空调,冰箱"));
	ck_assert(!skill_valid("空调，冰箱"));
	ck_assert(!skill_valid("空调、冰箱"));
	ck_assert(!skill_valid("tab\there"));
}
END_TEST

/* arg_skills on the JSON text of args: true/false, the text out or the field. */
static bool
read_skills(const char *args, char **json, struct proto_error *err)
{
	cJSON *a = cJSON_Parse(args);
	bool ok;

	ck_assert_ptr_nonnull(a);
	memset(err, 0, sizeof *err);
	ok = arg_skills(a, "skills", json, err);
	cJSON_Delete(a);
	return ok;
}

START_TEST(test_arg_skills)
{
	static const struct { const char *args, *field; } bad[] = {
		{ "{\"skills\":\"空调\"}", "skills" },
		{ "{\"skills\":{}}", "skills" },
		{ "{\"skills\":[\"a\",\"b\",\"c\",\"d\",\"e\",\"f\",\"g\",\"h\",\"i\",\"j\",\"k\",\"l\",\"m\"]}", "skills" },
		{ "{\"skills\":[\"空调\",7]}", "skills[1]" },
		{ "{\"skills\":[\"空调\",\" 空调\"]}", "skills[1]" },
		{ "{\"skills\":[\"\"]}", "skills[0]" },
		{ "{\"skills\":[\"a,b\"]}", "skills[0]" },
	};
	struct proto_error err;
	char *json = NULL;

	ck_assert(read_skills("{}", &json, &err));
	ck_assert_ptr_null(json);
	ck_assert(read_skills("{\"skills\":null}", &json, &err));
	ck_assert_ptr_null(json);
	ck_assert(read_skills("{\"skills\":[]}", &json, &err));
	ck_assert_str_eq(json, "[]");
	cJSON_free(json);
	ck_assert(read_skills("{\"skills\":[\" 空调 \",\"冰箱\",\"a\",\"b\",\"c\",\"d\",\"e\",\"f\","
	    "\"g\",\"h\",\"i\",\"j\"]}", &json, &err));
	ck_assert_str_eq(json, "[\"空调\",\"冰箱\",\"a\",\"b\",\"c\",\"d\",\"e\",\"f\",\"g\","
	    "\"h\",\"i\",\"j\"]");
	cJSON_free(json);
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		ck_assert_msg(!read_skills(bad[i].args, &json, &err), "%s", bad[i].args);
		ck_assert_ptr_null(json);
		ck_assert_int_eq(err.code, PROTO_INVALID_ARGUMENT);
		ck_assert_str_eq(err.field, bad[i].field);
	}
}
END_TEST

Suite *
people_rules_suite(void)
{
	Suite *s = suite_create("people_rules");
	TCase *tc = tcase_create("skills");

	tcase_add_test(tc, test_skill_valid);
	tcase_add_test(tc, test_arg_skills);
	suite_add_tcase(s, tc);
	return s;
}
