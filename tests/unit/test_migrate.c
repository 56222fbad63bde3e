/*
 * test_migrate.c: what a migration's checksum covers (migration_body,
 * server/migrate.c): its statements, not the lines that are only comments.
 */
#include <check.h>
#include <stdlib.h>

#include "server/tools.h"
#include "tests/unit/suites.h"

static void
body_is(const char *sql, const char *want)
{
	char *body = migration_body(sql);

	ck_assert_ptr_nonnull(body);
	ck_assert_str_eq(body, want);
	free(body);
}

START_TEST(test_body)
{
	body_is("-- what it is for\nCREATE TABLE t (a int);\n", "CREATE TABLE t (a int);\n");
	body_is("\t  -- indented\nSELECT 1; -- kept: a statement's line\n",
	    "SELECT 1; -- kept: a statement's line\n");
	body_is("SELECT '--not a comment';\n-- last line without a newline",
	    "SELECT '--not a comment';\n");
	body_is("SELECT 1;", "SELECT 1;");
	body_is("", "");
	/* a statement changed changes the body; a comment changed does not */
	body_is("-- one comment\nSELECT 2;\n", "SELECT 2;\n");
	body_is("-- another\nSELECT 2;\n", "SELECT 2;\n");
}
END_TEST

Suite *
migrate_suite(void)
{
	Suite *s = suite_create("migrate");
	TCase *tc = tcase_create("body");

	tcase_add_test(tc, test_body);
	suite_add_tcase(s, tc);
	return s;
}
