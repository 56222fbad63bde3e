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
 * A database newer than the binary (a migration recorded that its sql dir
 * does not hold) is refused by migrate (exit 3, nothing done) and by serve
 * (exit 3 before it listens). A migration that fails halfway leaves the
 * database as it was: its tables, their rows, schema_migrations; one
 * that ends its transaction itself (a COMMIT in the file) is refused.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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

/* Runs the shell command cmd; its exit status, its output into out. */
static int
run(const char *cmd, char *out, size_t size)
{
	FILE *p;
	size_t n;
	int status;

	ck_assert_ptr_nonnull(p = popen(cmd, "r"));
	n = fread(out, 1, size - 1, p);
	out[n] = '\0';
	status = pclose(p);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* Runs `svcdeskd migrate OPTS` against the test database (sql_dir NULL:
 * the repository's); its exit status, its output into out. */
static int
migrate_with(const char *opts, const char *sql_dir, char *out, size_t size)
{
	char cmd[2048], dir[512];

	snprintf(dir, sizeof dir, "%s/sql", h_env("SVCDESK_REPO"));
	snprintf(cmd, sizeof cmd, "'%s/svcdeskd' migrate %s --db '%s' --sql-dir '%s' 2>&1",
	    h_env("SVCDESK_BIN"), opts, db->conninfo, sql_dir != NULL ? sql_dir : dir);
	return run(cmd, out, size);
}

static int
migrate(const char *sql_dir, char *out, size_t size)
{
	return migrate_with("", sql_dir, out, size);
}

/* Runs serve against the test database, with options (the database's
 * --db when NULL); its exit status (timeout's 124: it served), its log
 * into out. */
static int
serve_with(const char *options, char *out, size_t size)
{
	char cmd[4096], db_option[1100];

	snprintf(db_option, sizeof db_option, "--db '%s'", db->conninfo);
	snprintf(cmd, sizeof cmd, "timeout 20 '%s/svcdeskd' serve %s --listen 127.0.0.1:0 2>&1",
	    h_env("SVCDESK_BIN"), options ? options : db_option);
	return run(cmd, out, size);
}

static int
serve(char *out, size_t size)
{
	return serve_with(NULL, out, size);
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

/* A migration recorded that the repository's sql/ does not hold. */
#define FUTURE_MIGRATION "INSERT INTO schema_migrations (version, checksum) " \
	"VALUES ('999_from_a_newer_svcdeskd', md5('x'))"

START_TEST(test_newer_database_refused)
{
	char out[4096], now[32], shipped[32], before[64], after[64];
	const char *count = "SELECT count(*) || ' ' || md5(string_agg(version || checksum, ','"
	    " ORDER BY version)) FROM schema_migrations";

	h_sql(db, FUTURE_MIGRATION);
	h_sql_value(db, LABOUR_FEE_30, shipped, sizeof shipped);
	h_sql_value(db, count, before, sizeof before);
	/* a changed function and a new migration: neither is applied */
	copy_sql("printf 'CREATE OR REPLACE FUNCTION labour_fee(minutes int) RETURNS bigint\\n"
	    "LANGUAGE sql IMMUTABLE AS $$ SELECT 4242::bigint $$;\\n' >> functions/50_repair.sql"
	    " && echo 'CREATE TABLE from_the_past (x int);' > 998_from_the_past.sql");
	ck_assert_int_eq(migrate(tmpdir, out, sizeof out), 3);
	ck_assert_msg(strstr(out, "the database has migration 999_from_a_newer_svcdeskd, which ")
	    != NULL && strstr(out, "migrated by a newer svcdeskd than this one") != NULL &&
	    strstr(out, "nothing done") != NULL, "%s", out);
	h_sql_value(db, LABOUR_FEE_30, now, sizeof now);
	ck_assert_str_eq(now, shipped);
	h_sql_value(db, "SELECT to_regclass('from_the_past') IS NULL", now, sizeof now);
	ck_assert_str_eq(now, "t");
	h_sql_value(db, count, after, sizeof after);
	ck_assert_str_eq(after, before);
}
END_TEST

/* serve against it: exit 3 and the reason in its log, before it listens
 * (timeout's 124 would mean it served). */
START_TEST(test_serve_refuses_newer_database)
{
	char out[4096];
	int status;

	h_sql(db, FUTURE_MIGRATION);
	status = serve(out, sizeof out);
	ck_assert_msg(status == 3, "status %d: %s", status, out);
	ck_assert_msg(strstr(out, "the database has migration 999_from_a_newer_svcdeskd") != NULL &&
	    strstr(out, "not serving") != NULL, "%s", out);
}
END_TEST

/* The last migration of sql/, as if this svcdeskd's package brought it and
 * migrate has not run yet: its record dropped. */
#define LAST_MIGRATION "SELECT max(version) FROM schema_migrations"

static void
forget_last_migration(char *version, size_t size)
{
	char sql[512];

	h_sql_value(db, LAST_MIGRATION, version, size);
	snprintf(sql, sizeof sql, "DELETE FROM schema_migrations WHERE version = '%s'", version);
	h_sql(db, sql);
}

/* serve against a database older than itself: exit 4 before it listens,
 * naming the first pending migration and the command to run. */
START_TEST(test_serve_refuses_older_database)
{
	char out[4096], last[256], want[640], conf[512], opts[1700];
	int status;
	FILE *f;

	forget_last_migration(last, sizeof last);
	status = serve(out, sizeof out);
	ck_assert_msg(status == 4, "status %d: %s", status, out);
	snprintf(want, sizeof want, "the database lacks migration %s of ", last);
	ck_assert_msg(strstr(out, want) != NULL && strstr(out, "run `svcdeskd migrate --db "
	    "CONNINFO` first; not serving") != NULL, "%s", out);
	/* The command named migrates the database served: the file's, unless --db. */
	ck_assert_int_eq(mkdir(tmpdir, 0700), 0);
	snprintf(conf, sizeof conf, "%s/svcdeskd.conf", tmpdir);
	ck_assert_ptr_nonnull(f = fopen(conf, "w"));
	fprintf(f, "db = %s\n", db->conninfo);
	fclose(f);
	snprintf(opts, sizeof opts, "--config '%s'", conf);
	ck_assert_int_eq(serve_with(opts, out, sizeof out), 4);
	snprintf(want, sizeof want, "run `svcdeskd migrate --config %s` first", conf);
	ck_assert_msg(strstr(out, want) != NULL, "%s", out);
	snprintf(opts, sizeof opts, "--config '%s' --db '%s'", conf, db->conninfo);
	ck_assert_int_eq(serve_with(opts, out, sizeof out), 4);
	ck_assert_msg(strstr(out, "run `svcdeskd migrate --db CONNINFO` first") != NULL, "%s", out);
}
END_TEST

/* Functions changed in sql/functions since the last migrate, or never
 * recorded (a database an older svcdeskd migrated): refused the same. */
START_TEST(test_serve_refuses_stale_functions)
{
	char out[4096];
	int status;

	h_sql(db, "UPDATE schema_functions SET checksum = md5('older functions')");
	status = serve(out, sizeof out);
	ck_assert_msg(status == 4, "status %d: %s", status, out);
	ck_assert_msg(strstr(out, "the database's functions are not those of ") != NULL &&
	    strstr(out, "not serving") != NULL, "%s", out);
	h_sql(db, "DROP TABLE schema_functions");
	status = serve(out, sizeof out);
	ck_assert_msg(status == 4, "never recorded: status %d: %s", status, out);
}
END_TEST

/* What migrate --check must leave as it is: the digest of the records. */
#define RECORDS "SELECT md5(string_agg(version || coalesce(checksum, ''), ',' ORDER BY " \
	"version) || coalesce((SELECT string_agg(checksum, ',') FROM schema_functions), '')) " \
	"FROM schema_migrations"

/* migrate --check: 0 up to date; 4 listing what is pending (migrations and
 * functions), applying nothing; 3 on a newer database; and --config FILE
 * takes the database from serve's file. */
START_TEST(test_check_statuses)
{
	char out[4096], last[256], want[320], before[64], after[64], conf[512], opts[2048];

	ck_assert_int_eq(migrate_with("--check", NULL, out, sizeof out), 0);
	ck_assert_msg(strstr(out, "up to date") != NULL, "%s", out);
	/* a function file changed (a comment is enough): pending, nothing else */
	copy_sql("printf -- '-- changed\\n' >> functions/50_repair.sql");
	ck_assert_int_eq(migrate_with("--check", tmpdir, out, sizeof out), 4);
	ck_assert_msg(strstr(out, "pending the functions of ") != NULL &&
	    strstr(out, "pending 0") == NULL, "%s", out);
	/* migrate records the functions it applied: the copy's now */
	ck_assert_int_eq(migrate(tmpdir, out, sizeof out), 0);
	ck_assert_int_eq(migrate_with("--check", tmpdir, out, sizeof out), 0);
	/* against the repository's: a migration and the functions pending, nothing applied */
	forget_last_migration(last, sizeof last);
	h_sql_value(db, RECORDS, before, sizeof before);
	ck_assert_int_eq(migrate_with("--check", NULL, out, sizeof out), 4);
	snprintf(want, sizeof want, "pending %s.sql\n", last);
	ck_assert_msg(strstr(out, want) != NULL && strstr(out, "pending the functions of ") != NULL &&
	    strstr(out, "applies what is pending") != NULL, "%s", out);
	h_sql_value(db, RECORDS, after, sizeof after);
	ck_assert_str_eq(after, before);
	/* --config FILE: serve's file names the database */
	snprintf(conf, sizeof conf, "%s/svcdeskd.conf", tmpdir);
	snprintf(opts, sizeof opts, "printf 'db = %%s\\n' \"%s\" > svcdeskd.conf", db->conninfo);
	copy_sql(opts);
	snprintf(opts, sizeof opts, "'%s/svcdeskd' migrate --check --config '%s' 2>&1",
	    h_env("SVCDESK_BIN"), conf);
	ck_assert_int_eq(run(opts, out, sizeof out), 4);
	ck_assert_msg(strstr(out, "svcdeskd migrate --config ") != NULL, "%s", out);
	h_sql(db, FUTURE_MIGRATION);
	ck_assert_int_eq(migrate_with("--check", NULL, out, sizeof out), 3);
	ck_assert_msg(strstr(out, "migrated by a newer svcdeskd") != NULL, "%s", out);
}
END_TEST

/* What a migration could change, as one digest: every table's columns and
 * the rows of users, settings and schema_migrations. */
#define DB_DIGEST "SELECT md5((SELECT string_agg(table_name || '.' || column_name || ':' " \
	"|| data_type, ',' ORDER BY table_name, column_name) FROM information_schema.columns " \
	"WHERE table_schema = 'public') || (SELECT string_agg(u::text, ',' ORDER BY u.login) " \
	"FROM users u) || (SELECT string_agg(s::text, ',' ORDER BY s.key) FROM settings s) " \
	"|| (SELECT string_agg(m::text, ',' ORDER BY m.version) FROM schema_migrations m))"

/* A migration that creates, alters, updates and deletes, then fails halfway:
 * refused, and every change it made before the failure rolled back. */
START_TEST(test_failed_migration_leaves_database)
{
	char out[4096], before[64], after[64], users[32];

	h_sql_value(db, DB_DIGEST, before, sizeof before);
	h_sql_value(db, "SELECT count(*) FROM users", users, sizeof users);
	ck_assert_int_gt(atoi(users), 0);
	copy_sql("printf '%s\\n' 'CREATE TABLE half_done (x int);' "
	    "'INSERT INTO half_done VALUES (1);' 'ALTER TABLE tickets ADD COLUMN half_col int;' "
	    "'UPDATE users SET name = name || $$!$$;' 'DELETE FROM settings;' "
	    "'SELECT 1 / 0;' 'CREATE TABLE never_reached (x int);' > 999_half_bad.sql");
	ck_assert_int_eq(migrate(tmpdir, out, sizeof out), 1);
	ck_assert_msg(strstr(out, "division by zero") != NULL &&
	    strstr(out, "999_half_bad.sql failed; rolled back") != NULL, "%s", out);
	h_sql_value(db, DB_DIGEST, after, sizeof after);
	ck_assert_str_eq(after, before);
	h_sql_value(db, "SELECT (to_regclass('half_done') IS NULL)::text || (SELECT count(*) FROM "
	    "schema_migrations WHERE version = '999_half_bad')", out, sizeof out);
	ck_assert_str_eq(out, "true0");
	/* and the database is still one migrate takes as up to date */
	ck_assert_int_eq(migrate(NULL, out, sizeof out), 0);
	ck_assert_msg(strstr(out, "applied") == NULL, "applied again: %s", out);
}
END_TEST

/* A migration with a COMMIT of its own: refused and not recorded (what it
 * did before the COMMIT stays: the message says so). */
START_TEST(test_migration_ending_its_transaction_refused)
{
	char out[4096];

	copy_sql("printf '%s\\n' 'CREATE TABLE committed_early (x int);' 'COMMIT;' "
	    "'CREATE TABLE after_commit (x int);' > 999_commits_itself.sql");
	ck_assert_int_eq(migrate(tmpdir, out, sizeof out), 1);
	ck_assert_msg(strstr(out, "999_commits_itself.sql ends the transaction it runs in") != NULL,
	    "%s", out);
	h_sql_value(db, "SELECT count(*) FROM schema_migrations WHERE version = "
	    "'999_commits_itself'", out, sizeof out);
	ck_assert_str_eq(out, "0");
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
	tcase_add_test(tc, test_newer_database_refused);
	tcase_add_test(tc, test_serve_refuses_newer_database);
	tcase_add_test(tc, test_serve_refuses_older_database);
	tcase_add_test(tc, test_serve_refuses_stale_functions);
	tcase_add_test(tc, test_check_statuses);
	tcase_add_test(tc, test_failed_migration_leaves_database);
	tcase_add_test(tc, test_migration_ending_its_transaction_refused);
	suite_add_tcase(s, tc);
	return s;
}
