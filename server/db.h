/*
 * db.h: the asynchronous database pool.
 *
 * Handlers call db_query with a statement and text parameters; the answer
 * comes back through a callback on the event loop, never blocking it. Each
 * statement is prepared once per connection, on first use. Requests wait in
 * order when every connection is busy; when none is up they fail at once
 * with `unavailable`, and the pool reconnects by itself.
 *
 * When its callback sees a result, the statement is committed. Work that
 * must be atomic is one statement (a data-modifying CTE). Requests waiting
 * together may share one commit (--batch-max; doc/architecture.md,
 * "Commits shared by many requests"): each runs in its own savepoint, so it
 * fails or succeeds exactly as it would alone, and is answered only after
 * the shared COMMIT returned; if that commit fails, each gets NULL as for a
 * lost connection. They share the transaction's now(). A statement that
 * must be its own transaction (an advisory lock held to its end) sets
 * .alone.
 */
#ifndef SVCDESK_DB_H
#define SVCDESK_DB_H

#include <stdbool.h>
#include <stdint.h>
#include <libpq-fe.h>

#include <cjson/cJSON.h>

#include "common/proto.h"

struct event_base;
struct config;
struct db;

/* Define each statement once, at file scope: `static struct db_statement
 * stmt_x = { .what = "what it does", .sql = "SELECT ..." };`. */
struct db_statement {
	const char *what;  /* for logs: never parameter values */
	const char *sql;
	int index;         /* assigned by the pool on first use */
	bool alone;        /* never shares a commit with other requests */
};

/* res is NULL when the database could not be reached; the pool frees res
 * after the callback returns. */
typedef void (*db_callback)(void *arg, PGresult *res);

struct db *db_new(struct event_base *base, const struct config *cfg);
/* The report pool (svcdeskd serve --report-db: cfg->report_db, a streaming
 * replica; doc/architecture.md, "The report replica"). A request it cannot
 * answer goes to primary instead, with the same callback: while none of its
 * connections is up, and when the replica fails under it (connection lost,
 * shutting down, cancelled for a conflict with recovery). It logs one
 * warning when it starts handing on, one note when a connection is back. */
struct db *db_new_replica(struct event_base *base, const struct config *cfg,
    struct db *primary);
/* At shutdown, before the rest of the server goes: answers every request
 * still running or waiting with NULL (unavailable), so its owner can free
 * what it holds. Connections that had a query running are not reused. */
void db_cancel_all(struct db *db);
void db_free(struct db *db);

/* values[i] NULL is SQL NULL. The values are copied. The callback always
 * runs exactly once, never before db_query returns. */
void db_query(struct db *db, struct db_statement *stmt, int nparams,
    const char *const *values, db_callback done, void *arg);

/* Requests that may wait for a connection from now on (SIGHUP). */
void db_set_queue_limit(struct db *db, int limit);
/* Requests running or waiting. */
int db_pending(const struct db *db);
/* True when at least one connection is up. */
bool db_is_up(const struct db *db);
/* The pool as /metrics shows it (server/metrics.c): connections running a
 * request, up and free, not up (down or connecting); requests waiting for
 * one; and connections that came up again after being up before. */
struct db_counts {
	int busy, idle, down, queued;
	unsigned long long reconnects;
};
void db_counts(const struct db *db, struct db_counts *out);

/* Checks a result: true for rows or a completed command. Otherwise fills err
 * with the protocol's code: `unavailable` for no database, a lost connection
 * or a statement timeout; `conflict` for a unique violation or serialisation
 * failure; `invalid_argument` for data the database refused; else
 * `internal` (logged with the statement, never the values). */
bool db_result_ok(const PGresult *res, const struct db_statement *stmt,
    struct proto_error *err);

/* A json cell copied into a reply as it is, not parsed (for answers only:
 * nothing can be read from it). NULL -> JSON null. */
cJSON *db_raw(const PGresult *res, int row, int col);
/* A json/jsonb cell as a cJSON tree (NULL -> JSON null); caller owns it. */
cJSON *db_json(const PGresult *res, int row, int col);

#endif
