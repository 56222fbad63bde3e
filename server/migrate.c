/*
 * migrate.c: `svcdeskd migrate`: applies sql/NNN_*.sql in order, each in its
 * own transaction, and records it with its checksum in schema_migrations.
 * Up to date: no-op. A file whose statements changed after it was applied
 * is refused (add a new migration instead); the checksum is taken over the
 * statements alone (migration_body), so a comment may be corrected. An
 * advisory lock keeps two migrating daemons from racing.
 *
 * Functions and triggers are not in the migrations' history but in
 * the files of sql/functions, all CREATE OR REPLACE, re-applied after the
 * migrations on every run (in one transaction): each is written once, where
 * it is read, and changed there. A migration holds tables, columns, indexes
 * and data; one that needs a function at the time it runs (a backfill)
 * writes its SQL inline.
 *
 * A database newer than this svcdeskd (a migration recorded that the sql dir
 * does not hold: migrated by a later version) is refused, by migrate and by
 * serve at start (schema_check): the old code would read and write a schema
 * it does not know. So is, by serve, a database older than this svcdeskd (a
 * migration of the sql dir not recorded yet, or the files of sql/functions
 * changed since its last migrate: migrate records their MD5 in
 * schema_functions): the new code would run on the old schema, its
 * statements failing later, one by one. `migrate --check` says which of the
 * three it is and changes nothing (the Debian postinst asks it).
 */
#include <dirent.h>
#include <getopt.h>
#include <libgen.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <libpq-fe.h>

#include "server/config.h"
#include "server/log.h"
#include "server/tools.h"

#define PG_LOCK_TEXT "7450001"  /* advisory lock key for migrations */

/* sql/ beside bin/ (or bin/san/) in the source tree, else the installed copy. */
static void
default_sql_dir(char *buf, size_t size)
{
	static const char *const relative[] = { "..", "../.." };
	char exe[PATH_MAX], probe[PATH_MAX * 2];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);

	for (int i = 0; n > 0 && i < 2; i++) {
		exe[n] = '\0';
		snprintf(probe, sizeof probe, "%s/%s/sql/001_people.sql",
		    dirname(exe), relative[i]);
		if (access(probe, R_OK) == 0) {
			probe[strlen(probe) - strlen("/001_people.sql")] = '\0';
			snprintf(buf, size, "%s", probe);
			return;
		}
		n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	}
	snprintf(buf, size, "%s/sql", SVCDESK_DATADIR);
}

static bool
exec_ok(PGconn *pg, const char *sql)
{
	PGresult *res = PQexec(pg, sql);
	bool ok = PQresultStatus(res) == PGRES_COMMAND_OK ||
	    PQresultStatus(res) == PGRES_TUPLES_OK ||
	    PQresultStatus(res) == PGRES_EMPTY_QUERY;   /* only comments left */

	if (!ok)
		fprintf(stderr, "svcdeskd migrate: %s", PQerrorMessage(pg));
	PQclear(res);
	return ok;
}

static char *
read_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *text = NULL;
	long n;

	if (f == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 &&
	    fseek(f, 0, SEEK_SET) == 0 && (text = malloc((size_t)n + 1)) != NULL) {
		if (fread(text, 1, (size_t)n, f) != (size_t)n) {
			free(text);
			text = NULL;
		} else
			text[n] = '\0';
	}
	fclose(f);
	return text;
}

char *
migration_body(const char *sql)
{
	char *body = malloc(strlen(sql) + 1), *out = body;
	const char *line, *end;

	for (line = sql; body != NULL && *line; line = end) {
		end = line + strcspn(line, "\n");
		end += *end == '\n';
		if (strncmp(line + strspn(line, " \t"), "--", 2) != 0) {
			memcpy(out, line, (size_t)(end - line));
			out += end - line;
		}
	}
	if (body != NULL)
		*out = '\0';
	return body;
}

/*
 * Records that earlier versions of a migration left, taken when the file's
 * statements are now exactly `body_md5` and stamped again with that:
 * - before the checksum left comments out, the MD5 of the whole file (006,
 *   007, 009, 010, whose comments then cited design notes that are not in
 *   the repository);
 * - before the functions and triggers moved out to sql/functions, the MD5
 *   of the statements that still made them (002, 004 to 010).
 * Any other change of statements is still refused.
 */
static const struct {
	const char *version, *body_md5;
	const char *recorded[2];
} restamped[] = {
	{ "002_tickets", "650640ca9d6eb35924c56974c794f729",
	    { "67460dbcf58057e96fcdf8d0df09b5e4" } },
	{ "004_json", "d41d8cd98f00b204e9800998ecf8427e",
	    { "ea8ee4ea33a87e9d79ffa7f0f7edddbf" } },
	{ "005_cards", "46cbf36dd140962a88e8c1630305ed30",
	    { "6bddc06590fa2c2118b2e8427a963805" } },
	{ "006_repair", "19ff4b0918ab0cdc888d82a313253ba4",
	    { "1dee604620a4313d06d79d75ef9c43ff", "0d7a63ab717a49f53c0a66ef6ffae3c4" } },
	{ "007_visits", "f7b5480b63ca6e60ea5732f42657fdf6",
	    { "cb58c2b4c4a91359488f0e87a1fa28ff", "802e7712a84513b66ba539598d50e954" } },
	{ "008_unit_history", "99926d30ee23c6b5f331999bd59d11f4",
	    { "52fa8cae7b3fc6f2861d33d2d2fc2681" } },
	{ "009_routes", "708b3c3fbbb04d6d2d79089ec937d708",
	    { "53a39e8ab6290b01e6680c1e0e70f21e", "09e7baca1982418631dc3e5b0f5e4dce" } },
	{ "010_penalties", "918e8509b4a904cef38029c77ddda796",
	    { "fc3aabbc0e320bf72a6d8cd1eb90bda6", "9fb992beb2f42b1a6c419d6826ae925a" } },
};

/* For a version: its earlier records as a text[] literal into buf, and the
 * MD5 its statements must have now; NULLs when it has none. */
static void
restamp_params(const char *version, char *buf, size_t size, const char **recorded,
    const char **body)
{
	*recorded = *body = NULL;
	for (size_t i = 0; i < sizeof restamped / sizeof restamped[0]; i++)
		if (strcmp(version, restamped[i].version) == 0) {
			snprintf(buf, size, "{%s%s%s}", restamped[i].recorded[0],
			    restamped[i].recorded[1] ? "," : "",
			    restamped[i].recorded[1] ? restamped[i].recorded[1] : "");
			*recorded = buf;
			*body = restamped[i].body_md5;
		}
}

/* 1: applied with these statements (its record stamped as now when it was
 * not); 0: not applied; -1: applied, but its statements have changed since
 * (a migration is never edited: add a new one). The record may hold the
 * MD5 of the statements, or one that an earlier version of the file left
 * (restamped). */
static int
applied_state(PGconn *pg, const char *version, const char *sql, const char *body)
{
	const char *params[5] = { version, body, sql, NULL, NULL };
	char recorded[80];
	PGresult *res;
	int state = 0;

	restamp_params(version, recorded, sizeof recorded, &params[3], &params[4]);
	res = PQexecParams(pg,
	    "UPDATE schema_migrations SET checksum = md5($2) WHERE version = $1"
	    " AND (checksum = md5($3) OR (checksum = ANY($4::text[]) AND md5($2) = $5))", 5, NULL,
	    params, NULL, NULL, 0);
	PQclear(res);
	res = PQexecParams(pg,
	    "SELECT checksum IS NULL OR checksum = md5($2) FROM schema_migrations"
	    " WHERE version = $1", 2, NULL, params, NULL, NULL, 0);
	if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) > 0)
		state = PQgetvalue(res, 0, 0)[0] == 't' ? 1 : -1;
	PQclear(res);
	return state;
}

/* A file with a COMMIT (or ROLLBACK) of its own ends the transaction apply
 * began: what it did before that is committed whatever follows, so it is
 * refused, unrecorded, and said plainly; the tests' fresh databases meet
 * such a file long before a production one does. */
static bool
still_in_transaction(PGconn *pg, const char *file)
{
	if (PQtransactionStatus(pg) == PQTRANS_INTRANS)
		return true;
	fprintf(stderr, "svcdeskd migrate: %s ends the transaction it runs in (a COMMIT or "
	    "ROLLBACK of its own): what it did before that may be committed; a migration "
	    "never ends its transaction\n", file);
	return false;
}

/* A migration's version: its file's name before the dot. */
static void
version_of(const char *file, char *version, size_t size)
{
	snprintf(version, size, "%.*s", (int)strcspn(file, "."), file);
}

/* Applies one file in a transaction, recording it there too. */
static bool
apply(PGconn *pg, const char *dir, const char *file)
{
	char path[PATH_MAX + 256], version[64];
	const char *params[2] = { version, NULL };
	char *sql, *body;
	PGresult *res;
	bool ok;

	version_of(file, version, sizeof version);
	snprintf(path, sizeof path, "%s/%s", dir, file);
	if ((sql = read_file(path)) == NULL) {
		fprintf(stderr, "svcdeskd migrate: cannot read %s\n", path);
		return false;
	}
	if ((body = migration_body(sql)) == NULL) {
		free(sql);
		return false;
	}
	params[1] = body;
	switch (applied_state(pg, version, sql, body)) {
	case 1:
		free(sql);
		free(body);
		return true;
	case -1:
		fprintf(stderr, "svcdeskd migrate: %s changed after it was applied; "
		    "a migration is never edited: add a new one\n", file);
		free(sql);
		free(body);
		return false;
	}
	ok = exec_ok(pg, "BEGIN") && exec_ok(pg, sql) && still_in_transaction(pg, file);
	if (ok) {
		res = PQexecParams(pg, "INSERT INTO schema_migrations (version, checksum) "
		    "VALUES ($1, md5($2))", 2, NULL, params, NULL, NULL, 0);
		ok = PQresultStatus(res) == PGRES_COMMAND_OK;
		PQclear(res);
	}
	free(sql);
	free(body);
	ok = ok && exec_ok(pg, "COMMIT");
	if (!ok) {
		fprintf(stderr, "svcdeskd migrate: %s failed; rolled back\n", file);
		PQclear(PQexec(pg, "ROLLBACK"));
	} else
		printf("applied %s\n", file);
	return ok;
}

/* A migration is a file named NNN_something.sql. */
static int
is_migration(const struct dirent *d)
{
	size_t n = strlen(d->d_name);

	return n > 8 && strspn(d->d_name, "0123456789") == 3 &&
	    d->d_name[3] == '_' && strcmp(d->d_name + n - 4, ".sql") == 0;
}

/* A file of functions is any NN_something.sql in sql/functions. */
static int
is_sql_file(const struct dirent *d)
{
	size_t n = strlen(d->d_name);

	return n > 4 && d->d_name[0] != '.' && strcmp(d->d_name + n - 4, ".sql") == 0;
}

static bool
exec_file(PGconn *pg, const char *dir, const char *file)
{
	char path[PATH_MAX + 16 + 256];
	char *sql;
	bool ok;

	snprintf(path, sizeof path, "%s/%s", dir, file);
	if ((sql = read_file(path)) == NULL) {
		fprintf(stderr, "svcdeskd migrate: cannot read %s\n", path);
		return false;
	}
	if (!(ok = exec_ok(pg, sql)))
		fprintf(stderr, "svcdeskd migrate: functions/%s failed; rolled back\n", file);
	free(sql);
	return ok;
}

/* The files of sql/functions in name order into *files, their directory
 * into fdir; how many, or -1 (said) when it cannot be read. */
static int
function_files(const char *dir, char *fdir, size_t size, struct dirent ***files)
{
	int n;

	snprintf(fdir, size, "%s/functions", dir);
	if ((n = scandir(fdir, files, is_sql_file, alphasort)) < 0)
		fprintf(stderr, "svcdeskd migrate: cannot read %s\n", fdir);
	return n;
}

/* Appends the file at path to the malloc'd *all of length *len; false
 * (and *all freed) when it cannot be read. */
static bool
append_file(char **all, size_t *len, const char *path)
{
	char *text = read_file(path), *grown = NULL;
	size_t n = text != NULL ? strlen(text) : 0;

	if (text != NULL && (grown = realloc(*all, *len + n + 1)) != NULL) {
		memcpy(grown + *len, text, n + 1);
		*len += n;
	} else {
		fprintf(stderr, "svcdeskd migrate: cannot read %s\n", path);
		free(*all);
	}
	*all = grown;
	free(text);
	return grown != NULL;
}

/* Every file of sql/functions, in name order, as one text: the MD5 of it
 * is what migrate records in schema_functions and serve compares. Malloc'd;
 * NULL (said) when one cannot be read. */
static char *
functions_text(const char *dir)
{
	char fdir[PATH_MAX + 16], path[PATH_MAX + 16 + 256];
	struct dirent **files;
	int n = function_files(dir, fdir, sizeof fdir, &files);
	char *all = n >= 0 ? calloc(1, 1) : NULL;
	size_t len = 0;

	for (int i = 0; i < n; i++) {
		snprintf(path, sizeof path, "%s/%s", fdir, files[i]->d_name);
		if (all != NULL)
			append_file(&all, &len, path);
		free(files[i]);
	}
	if (n >= 0)
		free(files);
	return all;
}

/* sql run with $1 the text of sql/functions; NULL (said) when it cannot
 * be read. */
static PGresult *
exec_on_functions(PGconn *pg, const char *dir, const char *sql)
{
	char *text = functions_text(dir);
	const char *params[1] = { text };
	PGresult *res;

	if (text == NULL)
		return NULL;
	res = PQexecParams(pg, sql, 1, NULL, params, NULL, NULL, 0);
	free(text);
	return res;
}

/* Records, in the transaction that re-applied them, which functions the
 * database now has: the MD5 of functions_text. */
static bool
record_functions(PGconn *pg, const char *dir)
{
	PGresult *res;
	bool ok = exec_ok(pg, "DELETE FROM schema_functions");

	if (ok && (res = exec_on_functions(pg, dir,
	    "INSERT INTO schema_functions (checksum) VALUES (md5($1))")) != NULL) {
		if (!(ok = PQresultStatus(res) == PGRES_COMMAND_OK))
			fprintf(stderr, "svcdeskd migrate: %s", PQerrorMessage(pg));
		PQclear(res);
	} else
		ok = false;
	return ok;
}

/* Re-applies every file of sql/functions, in name order, in one
 * transaction, and records their checksum there: all of them or none. */
static bool
reapply_functions(PGconn *pg, const char *dir)
{
	char fdir[PATH_MAX + 16];
	struct dirent **files;
	int n;
	bool ok;

	if ((n = function_files(dir, fdir, sizeof fdir, &files)) < 0)
		return false;
	ok = exec_ok(pg, "BEGIN");
	for (int i = 0; i < n; i++) {
		ok = ok && exec_file(pg, fdir, files[i]->d_name);
		free(files[i]);
	}
	free(files);
	ok = ok && record_functions(pg, dir) && exec_ok(pg, "COMMIT");
	if (!ok)
		PQclear(PQexec(pg, "ROLLBACK"));
	return ok;
}

/* The first migration, in order, that the database records and dir does not
 * hold, into version; false when there is none (or no schema_migrations
 * yet: a new database). A version is its file's name before the dot. */
static bool
newer_migration(PGconn *pg, const char *dir, char *version, size_t size)
{
	PGresult *res = PQexec(pg, "SELECT version FROM schema_migrations ORDER BY version");
	char path[PATH_MAX + 256];
	bool found = false;

	if (PQresultStatus(res) != PGRES_TUPLES_OK) {   /* no table: nothing recorded */
		PQclear(res);
		return false;
	}
	for (int i = 0; !found && i < PQntuples(res); i++) {
		snprintf(path, sizeof path, "%s/%s.sql", dir, PQgetvalue(res, i, 0));
		if (access(path, F_OK) != 0) {
			snprintf(version, size, "%s", PQgetvalue(res, i, 0));
			found = true;
		}
	}
	PQclear(res);
	return found;
}

static bool
recorded(const PGresult *versions, const char *version)
{
	for (int i = 0; i < PQntuples(versions); i++)
		if (strcmp(PQgetvalue(versions, i, 0), version) == 0)
			return true;
	return false;
}

/* The migrations of dir the database has not recorded (all of them when it
 * has no schema_migrations: a new database), in order: how many, the
 * first's version into first, each file listed on list unless it is NULL;
 * -1 (said) when dir cannot be read. */
static int
pending_migrations(PGconn *pg, const char *dir, char *first, size_t size, FILE *list)
{
	PGresult *res = PQexec(pg, "SELECT version FROM schema_migrations");
	struct dirent **files;
	int n = scandir(dir, &files, is_migration, alphasort), pending = 0;
	char version[256];

	if (n < 0)
		fprintf(stderr, "svcdeskd migrate: cannot read %s\n", dir);
	for (int i = 0; i < n; i++) {
		version_of(files[i]->d_name, version, sizeof version);
		if (PQresultStatus(res) != PGRES_TUPLES_OK || !recorded(res, version)) {
			if (pending++ == 0)
				snprintf(first, size, "%s", version);
			if (list != NULL)
				fprintf(list, "pending %s\n", files[i]->d_name);
		}
		free(files[i]);
	}
	if (n >= 0)
		free(files);
	PQclear(res);
	return n < 0 ? -1 : pending;
}

/* 1 when the database's functions are not those of dir/functions: a file
 * there changed since its last migrate, or none recorded them (no
 * schema_functions: last migrated by a svcdeskd that did not record them). 0 when
 * they are; -1 (said) when the files cannot be read. */
static int
functions_stale(PGconn *pg, const char *dir)
{
	PGresult *res = exec_on_functions(pg, dir,
	    "SELECT 1 FROM schema_functions WHERE checksum = md5($1)");
	int stale = res == NULL ? -1 :
	    PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) == 0;

	PQclear(res);
	return stale;
}

/* How the database stands against dir, as migrate --check's status: 0 up to
 * date; MIGRATE_DB_NEWER, the migration dir lacks into what;
 * MIGRATE_DB_OLDER, the first pending migration into what ("functions"
 * when only they are stale), every pending one listed on list unless it is
 * NULL; 1 (said) when dir cannot be read. Changes nothing. */
static int
schema_state(PGconn *pg, const char *dir, char *what, size_t size, FILE *list)
{
	int pending, stale;

	if (newer_migration(pg, dir, what, size))
		return MIGRATE_DB_NEWER;
	if ((pending = pending_migrations(pg, dir, what, size, list)) < 0 ||
	    (stale = functions_stale(pg, dir)) < 0)
		return 1;
	if (stale && list != NULL)
		fprintf(list, "pending the functions of %s/functions (changed since the "
		    "database's last migrate)\n", dir);
	if (stale && pending == 0)
		snprintf(what, size, "functions");
	return pending > 0 || stale ? MIGRATE_DB_OLDER : 0;
}

#define NEWER_DB_FMT "the database has migration %s, which %s does not have: it was " \
	"migrated by a newer svcdeskd than this one (" SVCDESK_VERSION "); run that one, " \
	"or restore a backup taken before the upgrade"

static bool
migrate(PGconn *pg, const char *dir)
{
	struct dirent **files;
	int n = scandir(dir, &files, is_migration, alphasort);
	bool ok = true;

	if (n < 0) {
		fprintf(stderr, "svcdeskd migrate: cannot read %s\n", dir);
		return false;
	}
	for (int i = 0; i < n; i++) {
		if (ok)
			ok = apply(pg, dir, files[i]->d_name);
		free(files[i]);
	}
	free(files);
	return ok;
}

/* What to run: the source of the conninfo serve or migrate --check was
 * given, for the messages (never the conninfo: it may hold a password). */
static void
migrate_command(const char *config_file, char *buf, size_t size)
{
	snprintf(buf, size, "svcdeskd migrate %s%s", config_file ? "--config " : "--db CONNINFO",
	    config_file ? config_file : "");
}

/* migrate --check: changes nothing; schema_state's status, and a line
 * that says it. */
static int
check_only(PGconn *pg, const char *dir, const char *config_file)
{
	char what[256], command[PATH_MAX + 32];
	int rc = schema_state(pg, dir, what, sizeof what, stdout);

	migrate_command(config_file, command, sizeof command);
	if (rc == MIGRATE_DB_NEWER)
		fprintf(stderr, "svcdeskd migrate: " NEWER_DB_FMT "\n", what, dir);
	else if (rc == MIGRATE_DB_OLDER)
		printf("the database is older than %s: `%s` applies what is pending\n", dir, command);
	else if (rc == 0)
		printf("the database is up to date with %s\n", dir);
	return rc;
}

/* Brings the database up to date under the advisory lock. */
static int
migrate_all(PGconn *pg, const char *dir)
{
	char newer[256];
	bool ok;

	PQclear(PQexec(pg, "SET client_min_messages = warning"));
	ok = exec_ok(pg, "SELECT pg_advisory_lock(" PG_LOCK_TEXT ")") &&
	    exec_ok(pg, "CREATE TABLE IF NOT EXISTS schema_migrations ("
	    "version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now(),"
	    " checksum text)") &&
	    exec_ok(pg, "ALTER TABLE schema_migrations ADD COLUMN IF NOT EXISTS checksum text") &&
	    exec_ok(pg, "CREATE TABLE IF NOT EXISTS schema_functions ("
	    "checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())");
	if (ok && newer_migration(pg, dir, newer, sizeof newer)) {
		fprintf(stderr, "svcdeskd migrate: " NEWER_DB_FMT "; nothing done\n", newer, dir);
		return MIGRATE_DB_NEWER;
	}
	return ok && migrate(pg, dir) && reapply_functions(pg, dir) ? 0 : 1;
}

/* The conninfo of --config FILE's db (with its password file) into cfg;
 * false with the file's errors said. */
static bool
conninfo_of_config(struct config *cfg, const char *file)
{
	struct config_errors errs = { 0 };
	bool ok;

	config_defaults(cfg);
	cfg->config_file = file;
	ok = config_read_file(cfg, file, &errs) && config_finish(cfg, &errs);
	fputs(errs.text, stderr);
	return ok;
}

#define MIGRATE_USAGE "usage: svcdeskd migrate [--db CONNINFO | --config FILE] " \
	"[--sql-dir DIR] [--check]\n"
#define MIGRATE_HELP MIGRATE_USAGE \
	"Applies the migrations of the SQL directory the database lacks, then its functions.\n" \
	"  --db CONNINFO   the database (default: $SVCDESK_DB, else libpq's PG* variables)\n" \
	"  --config FILE   the database of serve's configuration file (its db and\n" \
	"                  db_password_file); --db wins over it\n" \
	"  --sql-dir DIR   the migrations (default: the installed ones)\n" \
	"  --check         change nothing; exit 0 when up to date, 4 when migrations or\n" \
	"                  functions are pending (listed), 3 when the database is newer\n" \
	"Exit status: 0 done (or up to date), 1 failed or no database, 2 usage,\n" \
	"3 the database is newer, 4 (--check) migrations or functions pending.\n"

int
tool_migrate(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "config", required_argument, NULL, 'c' },
		{ "sql-dir", required_argument, NULL, 's' },
		{ "check", no_argument, NULL, 'k' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *conninfo = getenv("SVCDESK_DB") ? getenv("SVCDESK_DB") : "";
	const char *db = NULL, *config_file = NULL;
	struct config cfg = { 0 };
	char dir[PATH_MAX];
	bool check = false;
	PGconn *pg;
	int opt, rc;

	default_sql_dir(dir, sizeof dir);
	optind = 1;
	while ((opt = getopt_long(argc, argv, "d:c:s:h", opts, NULL)) != -1) {
		if (opt == 'd')
			db = optarg;
		else if (opt == 'c')
			config_file = optarg;
		else if (opt == 's')
			snprintf(dir, sizeof dir, "%s", optarg);
		else if (opt == 'k')
			check = true;
		else if (opt == 'h') {
			fputs(MIGRATE_HELP, stdout);
			return 0;
		} else {
			fputs(MIGRATE_USAGE, stderr);
			return 2;
		}
	}
	if (optind < argc) {
		fputs(MIGRATE_USAGE, stderr);
		return 2;
	}
	if (config_file != NULL && db == NULL) {   /* --db over the file, as for serve */
		if (!conninfo_of_config(&cfg, config_file)) {
			config_free(&cfg);
			return 2;
		}
		conninfo = cfg.db;
	}
	pg = PQconnectdb(db != NULL ? db : conninfo);
	config_free(&cfg);
	if (PQstatus(pg) != CONNECTION_OK) {
		fprintf(stderr, "svcdeskd migrate: %s", PQerrorMessage(pg));
		PQfinish(pg);
		return 1;
	}
	rc = check ? check_only(pg, dir, config_file) : migrate_all(pg, dir);
	PQfinish(pg);
	return rc;
}

/* Logs why serve refuses the database, for schema_state's status rc. */
static void
log_refusal(int rc, const char *what, const char *dir, const char *config_file)
{
	char command[PATH_MAX + 32];

	migrate_command(config_file, command, sizeof command);
	if (rc == MIGRATE_DB_NEWER)
		log_error(NEWER_DB_FMT "; not serving", what, dir);
	else if (strcmp(what, "functions") == 0)
		log_error("the database's functions are not those of %s/functions (changed since "
		    "its last migrate): run `%s` with this svcdeskd (" SVCDESK_VERSION ") first; "
		    "not serving", dir, command);
	else
		log_error("the database lacks migration %s of %s: it was migrated by an older "
		    "svcdeskd than this one (" SVCDESK_VERSION "); run `%s` first; not serving",
		    what, dir, command);
}

/* For serve, before it starts: 0 when it may serve; else the status it
 * exits with, the reason logged: MIGRATE_DB_NEWER (a migration recorded
 * that this svcdeskd's sql dir does not hold), MIGRATE_DB_OLDER (one of
 * the dir not applied yet, or its functions changed since the last
 * migrate: the new code would run on the old schema, its statements
 * failing later). A database that cannot be reached now is not refused:
 * the daemon comes up and connects when it can (chaos: it restarts while
 * PostgreSQL is down) and is not checked then (the pool's first connection
 * is non-blocking, in the event loop: the check's blocking queries and file
 * reads have no place there). Its next start checks it again; under
 * systemd that follows the upgrade's restart. */
int
schema_check(const char *conninfo, const char *config_file)
{
	const char *keys[] = { "connect_timeout", "dbname", "application_name", NULL };
	const char *values[] = { "5", conninfo, "svcdeskd schema check", NULL };
	char dir[PATH_MAX], what[256];
	PGconn *pg = PQconnectdbParams(keys, values, 1);
	int rc = 0;

	default_sql_dir(dir, sizeof dir);
	if (PQstatus(pg) != CONNECTION_OK)
		log_warn("cannot check the database's migrations now (%s): serving anyway",
		    PQerrorMessage(pg));
	else if (access(dir, R_OK) != 0)
		log_warn("cannot read %s: the database's migrations are not checked", dir);
	else if ((rc = schema_state(pg, dir, what, sizeof what, NULL)) == 1) {
		log_warn("cannot read %s: the database's migrations are not checked", dir);
		rc = 0;
	} else if (rc != 0)
		log_refusal(rc, what, dir, config_file);
	PQfinish(pg);
	return rc;
}
