/*
 * test_routes.c: common/routes.h, what a complaint route must be to work
 * (the daemon's route.set and the client's route editor both apply it):
 * stages there are, budgets in halves within their range, no department
 * twice in a row, the stages within the total; common/parts.h's part
 * numbers.
 */
#include "common/parts.h"
#include "common/routes.h"
#include "tests/unit/suites.h"

static enum route_problem
check(const struct route_stage *s, int n, double close, int *at)
{
	return route_check(s, n, close, at);
}

START_TEST(test_route_rules)
{
	struct route_stage s[ROUTE_STAGES_MAX + 1] = {
		{ "gm_office", 0.5 }, { "quality", 1 }, { "production", 1 }, { "rnd", 1 },
		{ "sales", 5 }, { "gm_office", 0.5 },
	};
	int at;

	ck_assert_int_eq(check(s, 6, 13, &at), ROUTE_OK);
	ck_assert_int_eq(check(s, 6, 9, &at), ROUTE_OK);          /* exactly the total */
	ck_assert_int_eq(check(s, 6, 8.5, &at), ROUTE_OVER_TOTAL);
	ck_assert_int_eq(at, -1);
	ck_assert_int_eq(check(s, 0, 13, &at), ROUTE_NO_STAGES);
	ck_assert_int_eq(check(s, 6, 0, &at), ROUTE_CLOSE_DAYS);
	ck_assert_int_eq(check(s, 6, 120.5, &at), ROUTE_CLOSE_DAYS);
	ck_assert_int_eq(check(s, 6, 12.3, &at), ROUTE_CLOSE_DAYS);
	s[3].days = 0;
	ck_assert_int_eq(check(s, 6, 13, &at), ROUTE_STAGE_DAYS);
	ck_assert_int_eq(at, 3);
	s[3].days = 60.5;
	ck_assert_int_eq(check(s, 6, 120, &at), ROUTE_STAGE_DAYS);
	s[3].days = 1.25;
	ck_assert_int_eq(check(s, 6, 120, &at), ROUTE_STAGE_DAYS);
	s[3] = (struct route_stage){ "production", 1 };
	ck_assert_int_eq(check(s, 6, 13, &at), ROUTE_REPEATED);
	ck_assert_int_eq(at, 3);
	s[3] = (struct route_stage){ "", 1 };
	ck_assert_int_eq(check(s, 6, 13, &at), ROUTE_NO_DEPARTMENT);
	ck_assert_int_eq(at, 3);
	for (int i = 0; i <= ROUTE_STAGES_MAX; i++)
		s[i] = (struct route_stage){ i % 2 ? "sales" : "rnd", 0.5 };
	ck_assert_int_eq(check(s, ROUTE_STAGES_MAX, 10, &at), ROUTE_OK);
	ck_assert_int_eq(check(s, ROUTE_STAGES_MAX + 1, 11, &at), ROUTE_NO_STAGES);
	ck_assert(route_stage_days(s, 4) == 2);
}
END_TEST

START_TEST(test_part_numbers)
{
	ck_assert(valid_part_no("RC-101"));
	ck_assert(valid_part_no("a.b_c/d-1"));
	ck_assert(!valid_part_no(""));
	ck_assert(!valid_part_no("-RC"));
	ck_assert(!valid_part_no("RC 101"));
	ck_assert(!valid_part_no("配件1"));
	ck_assert(valid_part_no("A2345678901234567890123456789012"));
	ck_assert(!valid_part_no("A23456789012345678901234567890123"));
}
END_TEST

Suite *
routes_suite(void)
{
	Suite *s = suite_create("routes");
	TCase *tc = tcase_create("rules");

	tcase_add_test(tc, test_route_rules);
	tcase_add_test(tc, test_part_numbers);
	suite_add_tcase(s, tc);
	return s;
}
