/*
 * test_migrate.c: `svcdeskd migrate` on a database already migrated (the
 * template's copy): up to date it applies nothing; a migration whose
 * statements changed is refused; a comment corrected in an applied one is
 * taken (the checksum covers the statements alone); and a record made
 * before that, the MD5 of a whole file whose comments have since been
 * corrected, is taken and stamped again the new way; so is one made before
 * the functions moved out of the migrations. The files of
 * sql/functions are re-applied on every run: a function changed there
 * changes in the database, and one that fails leaves every function as it
 * was.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/integration/harness.h"
#include "tests/integration/suites.h"

static struct h_db *db;
static char tmpdir[256];

static void
setup(void)
{
	db = h_db_create();
	snprintf(tmpdir, sizeof tmpdir, "/tmp/svcdesk-migrate-%d", (int)getpid());
}

static void
teardown(void)
{
	char cmd[512];

	h_db_drop(db);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", tmpdir);
}

/* Runs migrate against the test database (sql_dir NULL: the repository's);
 * its exit status, its output into out. */
static int
migrate(const char *sql_dir, char *out, size_t size)
{
	char cmd[2048], dir[512];
	FILE *p;
	size_t n;
	int status;

	snprintf(dir, sizeof dir, "%s/sql", h_env("SVCDESK_REPO"));
	snprintf(cmd, sizeof cmd, "'%s/svcdeskd' migrate --db '%s' --sql-dir '%s' 2>&1",
	    h_env("SVCDESK_BIN"), db->conninfo, sql_dir != NULL ? sql_dir : dir);
	ck_assert_ptr_nonnull(p = popen(cmd, "r"));
	n = fread(out, 1, size - 1, p);
	out[n] = '\0';
	status = pclose(p);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void
checksum_of(const char *version, char *buf, size_t size)
{
	char sql[256];

	snprintf(sql, sizeof sql, "SELECT checksum FROM schema_migrations WHERE version = '%s'",
	    version);
	h_sql_value(db, sql, buf, size);
}

/* A copy of sql/ in tmpdir, with shell commands run on it after. */
static void
copy_sql(const char *then)
{
	char cmd[1024];

	snprintf(cmd, sizeof cmd, "mkdir -p '%s' && cp -r '%s'/sql/. '%s'/ && cd '%s' && %s",
	    tmpdir, h_env("SVCDESK_REPO"), tmpdir, tmpdir, then);
	ck_assert_int_eq(system(cmd), 0);
}

START_TEST(test_up_to_date)
{
	char out[4096];

	ck_assert_int_eq(migrate(NULL, out, sizeof out), 0);
	ck_assert_msg(strstr(out, "applied") == NULL, "applied again: %s", out);
}
END_TEST

START_TEST(test_statement_changed_refused)
{
	char out[4096];

	copy_sql("echo 'SELECT 1;' >> 002_tickets.sql");
	ck_assert_int_eq(migrate(tmpdir, out, sizeof out), 1);
	ck_assert_msg(strstr(out, "002_tickets.sql changed after it was applied") != NULL,
	    "%s", out);
}
END_TEST

START_TEST(test_comment_corrected_taken)
{
	char out[4096], before[64], after[64];

	checksum_of("002_tickets", before, sizeof before);
	copy_sql("sed -i '1s/^--.*/-- a corrected comment/' 002_tickets.sql && "
	    "printf '   -- and one more\\n' >> 002_tickets.sql");
	ck_assert_int_eq(migrate(tmpdir, out, sizeof out), 0);
	ck_assert_msg(strstr(out, "applied") == NULL, "applied again: %s", out);
	checksum_of("002_tickets", after, sizeof after);
	ck_assert_str_eq(after, before);
}
END_TEST

/* 006_repair as recorded before its comments were corrected: the MD5 of
 * the whole file as it was then. */
START_TEST(test_old_record_restamped)
{
	char out[4096], now[64], body[64];

	checksum_of("006_repair", body, sizeof body);
	h_sql(db, "UPDATE schema_migrations SET checksum = '1dee604620a4313d06d79d75ef9c43ff'"
	    " WHERE version = '006_repair'");
	ck_assert_int_eq(migrate(NULL, out, sizeof out), 0);
	checksum_of("006_repair", now, sizeof now);
	ck_assert_str_eq(now, body);
	/* the same old record with other statements is still refused */
	h_sql(db, "UPDATE schema_migrations SET checksum = '1dee604620a4313d06d79d75ef9c43ff'"
	    " WHERE version = '006_repair'");
	copy_sql("echo 'SELECT 1;' >> 006_repair.sql");
	ck_assert_int_eq(migrate(tmpdir, out, sizeof out), 1);
	ck_assert_msg(strstr(out, "006_repair.sql changed after it was applied") != NULL,
	    "%s", out);
}
END_TEST

/* 002_tickets as recorded while it still made ticket_count (before the
 * functions moved to sql/functions): taken, and stamped as it is now. */
START_TEST(test_functions_moved_restamped)
{
	char out[4096], now[64], body[64];

	checksum_of("002_tickets", body, sizeof body);
	h_sql(db, "UPDATE schema_migrations SET checksum = '67460dbcf58057e96fcdf8d0df09b5e4'"
	    " WHERE version = '002_tickets'");
	ck_assert_int_eq(migrate(NULL, out, sizeof out), 0);
	ck_assert_msg(strstr(out, "applied") == NULL, "applied again: %s", out);
	checksum_of("002_tickets", now, sizeof now);
	ck_assert_str_eq(now, body);
}
END_TEST

/* labour_fee(30) as the shipped function and as a changed copy returns. */
#define LABOUR_FEE_30 "SELECT labour_fee(30)"

START_TEST(test_functions_reapplied)
{
	char out[4096], shipped[32], now[32];

	h_sql_value(db, LABOUR_FEE_30, shipped, sizeof shipped);
	/* Changed in its file: the database has the change after migrate. */
	copy_sql("printf 'CREATE OR REPLACE FUNCTION labour_fee(minutes int) RETURNS bigint\\n"
	    "LANGUAGE sql IMMUTABLE AS $$ SELECT 4242::bigint $$;\\n' >> functions/50_repair.sql");
	ck_assert_int_eq(migrate(tmpdir, out, sizeof out), 0);
	h_sql_value(db, LABOUR_FEE_30, now, sizeof now);
	ck_assert_str_eq(now, "4242");
	/* And the repository's files put it back: they are applied every run. */
	ck_assert_int_eq(migrate(NULL, out, sizeof out), 0);
	h_sql_value(db, LABOUR_FEE_30, now, sizeof now);
	ck_assert_str_eq(now, shipped);
}
END_TEST

START_TEST(test_functions_all_or_none)
{
	char out[4096], now[32], shipped[32];

	h_sql_value(db, LABOUR_FEE_30, shipped, sizeof shipped);
	copy_sql("printf 'CREATE OR REPLACE FUNCTION labour_fee(minutes int) RETURNS bigint\\n"
	    "LANGUAGE sql IMMUTABLE AS $$ SELECT 4242::bigint $$;\\n' >> functions/50_repair.sql"
	    " && echo 'CREATE OR REPLACE FUNCTION broken( RETURNS int;' > functions/99_broken.sql");
	ck_assert_int_eq(migrate(tmpdir, out, sizeof out), 1);
	ck_assert_msg(strstr(out, "functions/99_broken.sql failed; rolled back") != NULL,
	    "%s", out);
	h_sql_value(db, LABOUR_FEE_30, now, sizeof now);
	ck_assert_str_eq(now, shipped);
}
END_TEST

Suite *
migrate_suite(void)
{
	Suite *s = suite_create("migrate");
	TCase *tc = tcase_create("migrate");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, H_TEST_TIMEOUT);
	tcase_add_test(tc, test_up_to_date);
	tcase_add_test(tc, test_statement_changed_refused);
	tcase_add_test(tc, test_comment_corrected_taken);
	tcase_add_test(tc, test_old_record_restamped);
	tcase_add_test(tc, test_functions_moved_restamped);
	tcase_add_test(tc, test_functions_reapplied);
	tcase_add_test(tc, test_functions_all_or_none);
	suite_add_tcase(s, tc);
	return s;
}
