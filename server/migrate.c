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
 * it does not know.
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

/* Applies one file in a transaction, recording it there too. */
static bool
apply(PGconn *pg, const char *dir, const char *file)
{
	char path[PATH_MAX + 256], version[64];
	const char *params[2] = { version, NULL };
	char *sql, *body;
	PGresult *res;
	bool ok;

	snprintf(version, sizeof version, "%.*s", (int)strcspn(file, "."), file);
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

/* Re-applies every file of sql/functions, in name order, in one
 * transaction: all of them or none. */
static bool
reapply_functions(PGconn *pg, const char *dir)
{
	char fdir[PATH_MAX + 16];
	struct dirent **files;
	int n;
	bool ok;

	snprintf(fdir, sizeof fdir, "%s/functions", dir);
	if ((n = scandir(fdir, &files, is_sql_file, alphasort)) < 0) {
		fprintf(stderr, "svcdeskd migrate: cannot read %s\n", fdir);
		return false;
	}
	ok = exec_ok(pg, "BEGIN");
	for (int i = 0; i < n; i++) {
		ok = ok && exec_file(pg, fdir, files[i]->d_name);
		free(files[i]);
	}
	free(files);
	ok = ok && exec_ok(pg, "COMMIT");
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

int
tool_migrate(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "sql-dir", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 }
	};
	const char *conninfo = getenv("SVCDESK_DB") ? getenv("SVCDESK_DB") : "";
	char dir[PATH_MAX], newer[256];
	PGconn *pg;
	int opt;
	bool ok;

	default_sql_dir(dir, sizeof dir);
	optind = 1;
	while ((opt = getopt_long(argc, argv, "d:s:", opts, NULL)) != -1) {
		if (opt == 'd')
			conninfo = optarg;
		else if (opt == 's')
			snprintf(dir, sizeof dir, "%s", optarg);
		else {
			fprintf(stderr, "usage: svcdeskd migrate [--db CONNINFO] [--sql-dir DIR]\n");
			return 2;
		}
	}
	pg = PQconnectdb(conninfo);
	if (PQstatus(pg) != CONNECTION_OK) {
		fprintf(stderr, "svcdeskd migrate: %s", PQerrorMessage(pg));
		PQfinish(pg);
		return 1;
	}
	PQclear(PQexec(pg, "SET client_min_messages = warning"));
	ok = exec_ok(pg, "SELECT pg_advisory_lock(" PG_LOCK_TEXT ")") &&
	    exec_ok(pg, "CREATE TABLE IF NOT EXISTS schema_migrations ("
	    "version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now(),"
	    " checksum text)") &&
	    exec_ok(pg, "ALTER TABLE schema_migrations ADD COLUMN IF NOT EXISTS checksum text");
	if (ok && newer_migration(pg, dir, newer, sizeof newer)) {
		fprintf(stderr, "svcdeskd migrate: " NEWER_DB_FMT "; nothing done\n", newer, dir);
		PQfinish(pg);
		return MIGRATE_DB_NEWER;
	}
	ok = ok && migrate(pg, dir) && reapply_functions(pg, dir);
	PQfinish(pg);
	return ok ? 0 : 1;
}

/* For serve, before it starts: refuses (false, logged) a database newer than
 * this svcdeskd's sql dir. A database that cannot be reached now is not
 * refused: the daemon comes up and connects when it can (chaos: it restarts
 * while PostgreSQL is down), and only a later `svcdeskd migrate` makes a
 * database newer, so the check at the next start catches it. */
bool
schema_check(const char *conninfo)
{
	const char *keys[] = { "connect_timeout", "dbname", "application_name", NULL };
	const char *values[] = { "5", conninfo, "svcdeskd schema check", NULL };
	char dir[PATH_MAX], newer[256];
	PGconn *pg = PQconnectdbParams(keys, values, 1);
	bool ok = true;

	default_sql_dir(dir, sizeof dir);
	if (PQstatus(pg) != CONNECTION_OK)
		log_warn("cannot check the database's migrations now (%s): serving anyway",
		    PQerrorMessage(pg));
	else if (access(dir, R_OK) != 0)
		log_warn("cannot read %s: the database's migrations are not checked", dir);
	else if (newer_migration(pg, dir, newer, sizeof newer)) {
		log_error(NEWER_DB_FMT "; not serving", newer, dir);
		ok = false;
	}
	PQfinish(pg);
	return ok;
}
