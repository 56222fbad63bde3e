/*
 * test_config.c: server/config.c, the option table read from a config file
 * and the command line: a good file's values, each error with its line
 * (unknown key, bad number, out of range, missing value, duplicate key, no
 * `=`), the command line over the file, the secret files' modes and the
 * password reaching the conninfo, and what SIGHUP may change.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "server/config.h"
#include "tests/unit/suites.h"

/* Reads text into a fresh config; errs holds what went wrong. */
static bool
read_text(struct config *cfg, struct config_errors *errs, const char *text)
{
	memset(errs, 0, sizeof *errs);
	config_defaults(cfg);
	return config_read_text(cfg, "t.conf", text, errs);
}

/* A fresh directory for a test's files, removed by temp_done. */
static void
temp_dir(char dir[64])
{
	snprintf(dir, 64, "/tmp/svcdesk-config.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
}

/* A file in dir, with mode (the caller frees the name it gets). */
static char *
temp_file(const char *dir, const char *name, const char *text, mode_t mode)
{
	char *path = malloc(128);
	FILE *f;

	snprintf(path, 128, "%s/%s", dir, name);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
	ck_assert_int_eq(chmod(path, mode), 0);
	return path;
}

/* Removes path (and frees its name), then dir once it is empty. */
static void
temp_done(const char *dir, char *path)
{
	unlink(path);
	free(path);
	rmdir(dir);
}

START_TEST(test_good_file)
{
	struct config cfg;
	struct config_errors errs;
	const char *text =
	    "# a comment\n"
	    "\n"
	    "   # an indented comment\n"
	    "pool = 8\n"
	    "max_output=1048576\r\n"
	    "\tlisten = [::1]:7460  \n"
	    "db = \"host=/tmp dbname=svcdesk application_name='a b'\"\n"
	    "smtp_url = smtp://127.0.0.1:25\n"
	    "smtp_from = service@example.com\n"
	    "insecure = yes\n"
	    "log_level = debug\n"
	    "max_output_total = 4096";   /* no newline at the end */

	ck_assert_msg(read_text(&cfg, &errs, text), "%s", errs.text);
	ck_assert_int_eq(errs.count, 0);
	ck_assert_int_eq(cfg.pool_size, 8);
	ck_assert_uint_eq(cfg.max_output, 1048576);
	ck_assert_uint_eq(cfg.max_output_total, 4096);
	ck_assert_str_eq(cfg.listen_host, "::1");
	ck_assert_int_eq(cfg.listen_port, 7460);
	ck_assert_str_eq(cfg.db, "host=/tmp dbname=svcdesk application_name='a b'");
	ck_assert_str_eq(cfg.smtp_url, "smtp://127.0.0.1:25");
	ck_assert(cfg.insecure);
	ck_assert_int_eq(cfg.log_level, 0);
	ck_assert_int_eq(cfg.max_clients, 1024);   /* not in the file: default */
	ck_assert(config_finish(&cfg, &errs));
	config_free(&cfg);
}
END_TEST

/* text gives exactly one error, message on line. */
static void
one_error(const char *text, const char *message)
{
	struct config cfg;
	struct config_errors errs;

	ck_assert_msg(!read_text(&cfg, &errs, text), "accepted: %s", text);
	ck_assert_int_eq(errs.count, 1);
	ck_assert_msg(strcmp(errs.text, message) == 0, "got \"%s\", not \"%s\"",
	    errs.text, message);
	config_free(&cfg);
}

START_TEST(test_each_error_with_its_line)
{
	one_error("pool = 8\nbogus = 1\n", "t.conf:2: unknown key bogus\n");
	one_error("# x\n\nmax_clients = many\n",
	    "t.conf:3: max_clients takes a number from 1 to 1000000\n");
	one_error("pool = 8x\n", "t.conf:1: pool takes a number from 1 to 256\n");
	one_error("\n\n\n\npool = 257\n", "t.conf:5: pool takes a number from 1 to 256\n");
	one_error("pool = 0\n", "t.conf:1: pool takes a number from 1 to 256\n");
	one_error("idle_timeout = 99999999999999999999\n",
	    "t.conf:1: idle_timeout takes a number from 1 to 604800\n");
	one_error("log_level =\n", "t.conf:1: log_level has no value\n");
	one_error("db = \"\"\n", "t.conf:1: db has no value\n");
	one_error("pool\n", "t.conf:1: expected key = value\n");
	one_error(" = 3\n", "t.conf:1: expected key = value\n");
	one_error("pool = 4\nlog_level = warn\npool = 5\n",
	    "t.conf:3: pool is set twice (first on line 1)\n");
	one_error("insecure = maybe\n", "t.conf:1: insecure takes true or false\n");
	one_error("log_level = loud\n",
	    "t.conf:1: log_level takes debug, info, warn or error\n");
	one_error("listen = 7450\n", "t.conf:1: listen takes HOST:PORT\n");
	one_error("config = /etc/x.conf\n", "t.conf:1: unknown key config\n");
	one_error("max-clients = 5\npool = 3\nbogus\n", "t.conf:3: expected key = value\n");
}
END_TEST

START_TEST(test_every_error_reported)
{
	struct config cfg;
	struct config_errors errs;

	ck_assert(!read_text(&cfg, &errs, "a = 1\npool = x\nmax_clients = 0\npool = 3\n"));
	ck_assert_int_eq(errs.count, 4);
	ck_assert_ptr_nonnull(strstr(errs.text, "t.conf:1: unknown key a\n"));
	ck_assert_ptr_nonnull(strstr(errs.text, "t.conf:4: pool is set twice (first on line 2)\n"));
	ck_assert_ptr_nonnull(strstr(errs.text, "t.conf:2: pool takes"));
	ck_assert_ptr_nonnull(strstr(errs.text, "t.conf:3: max_clients takes"));
	config_free(&cfg);
}
END_TEST

START_TEST(test_command_line_overrides_file)
{
	char dir[64], *path, *argv[7];
	struct config cfg;
	struct config_errors errs = { 0 };

	temp_dir(dir);
	path = temp_file(dir, "serve.conf", "pool = 8\nmax_clients = 50\nlog_level = warn\n", 0644);
	memcpy(argv, (char *[]){ "serve", "--max-clients", "60", "--config", path, "--insecure",
	    NULL }, sizeof argv);

	ck_assert_msg(config_load(&cfg, 6, argv, &errs), "%s", errs.text);
	ck_assert_int_eq(cfg.pool_size, 8);          /* the file */
	ck_assert_int_eq(cfg.max_clients, 60);       /* the command line over it */
	ck_assert_int_eq(cfg.log_level, 2);
	ck_assert(cfg.insecure);
	ck_assert_str_eq(cfg.config_file, path);
	config_free(&cfg);
	temp_done(dir, path);
}
END_TEST

START_TEST(test_missing_file)
{
	char *argv[] = { "serve", "--config", "/nonexistent/svcdeskd.conf", NULL };
	struct config cfg;
	struct config_errors errs = { 0 };

	ck_assert(!config_load(&cfg, 3, argv, &errs));
	ck_assert_ptr_nonnull(strstr(errs.text, "/nonexistent/svcdeskd.conf: cannot read"));
	config_free(&cfg);
}
END_TEST

START_TEST(test_password_file)
{
	char dir[64], text[512], *open_pw, *pw;
	struct config cfg;
	struct config_errors errs;

	temp_dir(dir);
	open_pw = temp_file(dir, "open.pw", "s3cret\n", 0644);
	pw = temp_file(dir, "db.pw", "it's\\s3cret\n", 0600);

	snprintf(text, sizeof text, "db = host=/tmp dbname=svcdesk\ndb_password_file = %s\n", open_pw);
	ck_assert(read_text(&cfg, &errs, text));
	ck_assert(!config_finish(&cfg, &errs));
	ck_assert_ptr_nonnull(strstr(errs.text, "open.pw: group or others may read this file"));
	ck_assert_str_eq(cfg.db, "host=/tmp dbname=svcdesk");
	config_free(&cfg);

	snprintf(text, sizeof text, "db = postgresql://u@h:5433/d\nreport_db = host=r\n"
	    "db_password_file = %s\n", pw);
	ck_assert(read_text(&cfg, &errs, text));
	ck_assert_msg(config_finish(&cfg, &errs), "%s", errs.text);
	ck_assert_ptr_nonnull(strstr(cfg.db, "user='u'"));
	ck_assert_ptr_nonnull(strstr(cfg.db, "port='5433'"));
	ck_assert_ptr_nonnull(strstr(cfg.db, "password='it\\'s\\\\s3cret'"));
	ck_assert_ptr_nonnull(strstr(cfg.report_db, "password='it\\'s\\\\s3cret'"));
	config_free(&cfg);
	temp_done(dir, open_pw);
	temp_done(dir, pw);
}
END_TEST

START_TEST(test_key_file_mode)
{
	char dir[64], text[512], *key;
	struct config cfg;
	struct config_errors errs;

	temp_dir(dir);
	key = temp_file(dir, "k.pem", "key\n", 0640);

	snprintf(text, sizeof text, "tls_cert = /x.pem\ntls_key = %s\n", key);
	ck_assert(read_text(&cfg, &errs, text));
	/* 640 is for a key root owns; this test's user is not root, or is. */
	ck_assert(config_finish(&cfg, &errs) == (geteuid() == 0));
	ck_assert_int_eq(chmod(key, 0604), 0);
	memset(&errs, 0, sizeof errs);
	ck_assert(!config_finish(&cfg, &errs));
	ck_assert_ptr_nonnull(strstr(errs.text, "k.pem: group or others may read"));
	ck_assert_int_eq(chmod(key, 0600), 0);
	memset(&errs, 0, sizeof errs);
	ck_assert_msg(config_finish(&cfg, &errs), "%s", errs.text);
	config_free(&cfg);

	ck_assert(read_text(&cfg, &errs, "tls_cert = /x.pem\n"));
	ck_assert(!config_finish(&cfg, &errs));
	ck_assert_ptr_nonnull(strstr(errs.text, "tls-cert and tls-key go together"));
	config_free(&cfg);
	temp_done(dir, key);
}
END_TEST

START_TEST(test_reloadable)
{
	struct config old, next;
	struct config_errors errs;
	char names[256];

	ck_assert(read_text(&old, &errs, "pool = 4\nmax_clients = 10\nlog_level = info\n"));
	ck_assert(read_text(&next, &errs, "pool = 6\nmax_clients = 3\nlog_level = debug\n"
	    "listen = 127.0.0.1:9\nmax_output = 8192\n"));
	ck_assert_int_eq(config_restart_needed(&old, &next, names, sizeof names), 2);
	ck_assert_str_eq(names, "listen, pool");
	config_apply_reloadable(&old, &next);
	ck_assert_int_eq(old.max_clients, 3);
	ck_assert_int_eq(old.log_level, 0);
	ck_assert_uint_eq(old.max_output, 8192);
	ck_assert_int_eq(old.pool_size, 4);            /* kept: a restart */
	ck_assert_int_eq(old.listen_port, 7450);
	config_free(&next);
	config_free(&old);

	/* TLS on where it was off is the listener's: a restart, not applied. */
	ck_assert(read_text(&old, &errs, ""));
	ck_assert(read_text(&next, &errs, "tls_cert = /c.pem\ntls_key = /k.pem\nidle_timeout = 5\n"));
	ck_assert_int_eq(config_restart_needed(&old, &next, names, sizeof names), 2);
	ck_assert_str_eq(names, "tls-cert, tls-key");
	config_apply_reloadable(&old, &next);
	ck_assert_ptr_null(old.tls_cert);
	ck_assert_int_eq(old.idle_timeout, 5);
	config_free(&next);
	config_free(&old);
}
END_TEST

Suite *
config_suite(void)
{
	Suite *s = suite_create("config");
	TCase *tc = tcase_create("config");

	tcase_add_test(tc, test_good_file);
	tcase_add_test(tc, test_each_error_with_its_line);
	tcase_add_test(tc, test_every_error_reported);
	tcase_add_test(tc, test_command_line_overrides_file);
	tcase_add_test(tc, test_missing_file);
	tcase_add_test(tc, test_password_file);
	tcase_add_test(tc, test_key_file_mode);
	tcase_add_test(tc, test_reloadable);
	suite_add_tcase(s, tc);
	return s;
}
