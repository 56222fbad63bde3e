/*
 * tools.h: the daemon's one-shot subcommands. They use blocking libpq and
 * never run inside the event loop.
 */
#ifndef SVCDESK_TOOLS_H
#define SVCDESK_TOOLS_H

#include <stdbool.h>

/* migrate's exit status when the database is newer than this svcdeskd. */
#define MIGRATE_DB_NEWER 3

int tool_migrate(int argc, char **argv);
/* False (logged) when the database at conninfo records a migration this
 * svcdeskd's sql dir does not hold; true too when it cannot be reached. */
bool schema_check(const char *conninfo);
/* A migration's statements: its text without the lines that are only a
 * comment ("--" after blanks). The checksum recorded for an applied
 * migration is the MD5 of this, so its comments can be corrected; its
 * statements never change. Malloc'd (NULL: out of memory). */
char *migration_body(const char *sql);
int tool_useradd(int argc, char **argv);

#endif
