/*
 * migrate.c: `svcdeskd migrate`: applies sql/NNN_*.sql in order, each in its
 * own transaction, and records it with its checksum in schema_migrations.
 * Up to date: no-op. A file changed after it was applied is refused (add a
 * new migration instead). An advisory lock keeps two migrating daemons from racing.
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
	    PQresultStatus(res) == PGRES_TUPLES_OK;

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

/* 1: applied with this content; 0: not applied; -1: applied, but the file
 * has changed since (a migration is never edited: add a new one). */
static int
applied_state(PGconn *pg, const char *version, const char *sql)
{
	const char *params[2] = { version, sql };
	PGresult *res = PQexecParams(pg,
	    "SELECT checksum IS NULL OR checksum = md5($2) FROM schema_migrations"
	    " WHERE version = $1", 2, NULL, params, NULL, NULL, 0);
	int state = 0;

	if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) > 0)
		state = PQgetvalue(res, 0, 0)[0] == 't' ? 1 : -1;
	PQclear(res);
	return state;
}

/* Applies one file in a transaction, recording it there too. */
static bool
apply(PGconn *pg, const char *dir, const char *file)
{
	char path[PATH_MAX + 256], version[64];
	const char *params[2] = { version, NULL };
	char *sql;
	PGresult *res;
	bool ok;

	snprintf(version, sizeof version, "%.*s", (int)strcspn(file, "."), file);
	snprintf(path, sizeof path, "%s/%s", dir, file);
	if ((sql = read_file(path)) == NULL) {
		fprintf(stderr, "svcdeskd migrate: cannot read %s\n", path);
		return false;
	}
	params[1] = sql;
	switch (applied_state(pg, version, sql)) {
	case 1:
		free(sql);
		return true;
	case -1:
		fprintf(stderr, "svcdeskd migrate: %s changed after it was applied; "
		    "a migration is never edited: add a new one\n", file);
		free(sql);
		return false;
	}
	ok = exec_ok(pg, "BEGIN") && exec_ok(pg, sql);
	if (ok) {
		res = PQexecParams(pg, "INSERT INTO schema_migrations (version, checksum) "
		    "VALUES ($1, md5($2))", 2, NULL, params, NULL, NULL, 0);
		ok = PQresultStatus(res) == PGRES_COMMAND_OK;
		PQclear(res);
	}
	free(sql);
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
	char dir[PATH_MAX];
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
	    exec_ok(pg, "ALTER TABLE schema_migrations ADD COLUMN IF NOT EXISTS checksum text") &&
	    migrate(pg, dir);
	PQfinish(pg);
	return ok ? 0 : 1;
}
