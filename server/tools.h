/*
 * tools.h: the daemon's one-shot subcommands. They use blocking libpq and
 * never run inside the event loop.
 */
#ifndef SVCDESK_TOOLS_H
#define SVCDESK_TOOLS_H

#include <stdbool.h>

/* migrate's and serve's exit status when the database is newer than this
 * svcdeskd (it records a migration the sql dir does not hold). */
#define MIGRATE_DB_NEWER 3
/* The same when it is older: a migration of the sql dir not applied yet,
 * or the functions of sql/functions changed since its last migrate
 * (serve refuses it; migrate --check lists what is pending). */
#define MIGRATE_DB_OLDER 4

/* migrate [--db CONNINFO | --config FILE] [--sql-dir DIR] [--check]. */
int tool_migrate(int argc, char **argv);
/* For serve at start: 0 when it may serve the database at conninfo (or
 * cannot reach it now), else MIGRATE_DB_NEWER or MIGRATE_DB_OLDER with the
 * reason logged, naming the command to run (with --config config_file
 * when it is not NULL). */
int schema_check(const char *conninfo, const char *config_file);
/* A migration's statements: its text without the lines that are only a
 * comment ("--" after blanks). The checksum recorded for an applied
 * migration is the MD5 of this, so its comments can be corrected; its
 * statements never change. Malloc'd (NULL: out of memory). */
char *migration_body(const char *sql);
int tool_useradd(int argc, char **argv);

#endif
