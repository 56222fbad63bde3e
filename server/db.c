/*
 * db.c: the connection pool, the request queue and prepared statements.
 */
#include "server/db.h"

#include <stdlib.h>
#include <string.h>
#include <sys/queue.h>
#include <event2/event.h>

#include "server/config.h"
#include "server/log.h"
#include "server/pgconn.h"

#define MAX_STATEMENTS 512

struct db_request {
	TAILQ_ENTRY(db_request) link;
	struct db_statement *stmt;
	int nparams;
	char **values;
	db_callback done;
	void *arg;
};
TAILQ_HEAD(request_queue, db_request);

struct db_conn {
	struct db *db;
	struct pgconn *pc;
	struct db_request *current;
	bool preparing;                 /* current is waiting for its PREPARE */
	PGresult *result;
	unsigned char prepared[MAX_STATEMENTS];
};

struct db {
	struct event_base *base;
	int nconns;
	struct db_conn *conns;
	struct request_queue waiting;   /* for a free connection */
	struct request_queue failed;    /* to be answered `unavailable` */
	int nwaiting, queue_limit, running;
	struct event *ev_failed;
	/* The report pool only (db_new_replica): where a request goes when
	 * this pool cannot answer it, and whether that outage was logged. */
	struct db *primary;
	bool on_primary;
	bool cancelling;                /* db_cancel_all: answer, never hand on */
};

static int statement_count;

static void
request_free(struct db_request *r)
{
	for (int i = 0; i < r->nparams; i++)
		free(r->values[i]);
	free(r->values);
	free(r);
}

/* The replica could not run it: no connection, the connection lost under
 * it (libpq's own error, without a SQLSTATE), the server shutting down or
 * refusing connections, or the statement cancelled for a conflict with
 * recovery (40001 on a standby). A statement timeout is not among them: a
 * report too slow for the replica would be as slow on the primary. */
static bool
replica_failed(const PGresult *res)
{
	const char *state;

	if (res == NULL)
		return true;
	if (PQresultStatus(res) != PGRES_FATAL_ERROR)
		return false;
	state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
	return state == NULL || strncmp(state, "08", 2) == 0 ||
	    strncmp(state, "57P", 3) == 0 || strcmp(state, "40001") == 0;
}

/* One warning per outage: set until a connection of the pool is up again. */
static void
note_outage(struct db *db)
{
	if (db->on_primary)
		return;
	db->on_primary = true;
	log_warn("the report database cannot answer: reports read the primary until it is back");
}

static void
finish(struct db *db, struct db_request *r, PGresult *res)
{
	if (db->primary != NULL && !db->cancelling && replica_failed(res)) {
		note_outage(db);
		db_query(db->primary, r->stmt, r->nparams,
		    (const char *const *)r->values, r->done, r->arg);
		if (res)
			PQclear(res);
		request_free(r);
		return;
	}
	r->done(r->arg, res);
	if (res)
		PQclear(res);
	request_free(r);
}

/* Answers `unavailable` from the loop, never inside db_query. */
static void
fail_later(struct db *db, struct db_request *r)
{
	TAILQ_INSERT_TAIL(&db->failed, r, link);
	event_active(db->ev_failed, 0, 0);
}

static void
on_failed(evutil_socket_t fd, short what, void *arg)
{
	struct db *db = arg;
	struct db_request *r;

	(void)fd;
	(void)what;
	while ((r = TAILQ_FIRST(&db->failed)) != NULL) {
		TAILQ_REMOVE(&db->failed, r, link);
		finish(db, r, NULL);
	}
}

static void
send_current(struct db_conn *c)
{
	struct db_request *r = c->current;
	PGconn *pg = pgconn_pg(c->pc);
	char name[16];
	int ok;

	snprintf(name, sizeof name, "s%d", r->stmt->index);
	c->preparing = !c->prepared[r->stmt->index];
	if (c->preparing)
		ok = PQsendPrepare(pg, name, r->stmt->sql, 0, NULL);
	else
		ok = PQsendQueryPrepared(pg, name, r->nparams,
		    (const char *const *)r->values, NULL, NULL, 0);
	if (!ok) {
		pgconn_fail(c->pc);  /* down() answers the request */
		return;
	}
	pgconn_flush(c->pc);
}

static void
take_next(struct db_conn *c)
{
	struct db *db = c->db;
	struct db_request *r = TAILQ_FIRST(&db->waiting);

	if (r == NULL || c->current != NULL || pgconn_state(c->pc) != PGCONN_UP)
		return;
	TAILQ_REMOVE(&db->waiting, r, link);
	db->nwaiting--;
	c->current = r;
	db->running++;
	send_current(c);
}

/* The command is complete: either the PREPARE (then run the statement) or
 * the statement itself (then answer and take the next request). */
static void
command_done(struct db_conn *c)
{
	struct db_request *r = c->current;
	PGresult *res = c->result;

	c->result = NULL;
	if (c->preparing && res && PQresultStatus(res) == PGRES_COMMAND_OK) {
		PQclear(res);
		c->prepared[r->stmt->index] = 1;
		send_current(c);
		return;
	}
	c->current = NULL;
	c->db->running--;
	take_next(c);       /* keep the connection busy while we answer */
	finish(c->db, r, res);
}

static void
on_input(struct pgconn *pc, void *arg)
{
	struct db_conn *c = arg;
	PGconn *pg = pgconn_pg(pc);

	while (c->current != NULL && !PQisBusy(pg)) {
		PGresult *res = PQgetResult(pg);
		if (res == NULL) {
			command_done(c);
			if (pgconn_state(pc) != PGCONN_UP)
				return;
			continue;
		}
		if (c->result)          /* keep the last result of the command */
			PQclear(c->result);
		c->result = res;
	}
	/* Idle: nothing should arrive but notices; drop them. */
	if (c->current == NULL)
		while (!PQisBusy(pg) && (c->result = PQgetResult(pg)) != NULL) {
			PQclear(c->result);
			c->result = NULL;
		}
}

static bool
any_conn_alive(const struct db *db)
{
	for (int i = 0; i < db->nconns; i++)
		if (db->conns[i].pc && pgconn_state(db->conns[i].pc) != PGCONN_DOWN)
			return true;
	return false;
}

static void
on_up(struct pgconn *pc, void *arg)
{
	struct db_conn *c = arg;

	(void)pc;
	memset(c->prepared, 0, sizeof c->prepared);  /* a new session */
	log_info("database connection up");
	if (c->db->on_primary) {
		c->db->on_primary = false;
		log_info("the report database is back: reports read it again");
	}
	take_next(c);
}

static void
on_down(struct pgconn *pc, void *arg)
{
	struct db_conn *c = arg;
	struct db *db = c->db;
	struct db_request *r;

	(void)pc;
	if (c->result) {
		PQclear(c->result);
		c->result = NULL;
	}
	if ((r = c->current) != NULL) {
		c->current = NULL;
		db->running--;
		fail_later(db, r);
	}
	if (!any_conn_alive(db))
		while ((r = TAILQ_FIRST(&db->waiting)) != NULL) {
			TAILQ_REMOVE(&db->waiting, r, link);
			db->nwaiting--;
			fail_later(db, r);
		}
}

/* A pool on conninfo, its sessions named appname. */
static struct db *
pool_new(struct event_base *base, const struct config *cfg,
    const char *conninfo, const char *appname)
{
	static const struct pgconn_callbacks cb = { on_up, on_input, on_down };
	struct db *db = calloc(1, sizeof *db);
	char options[256];

	if (db == NULL)
		return NULL;
	db->base = base;
	db->queue_limit = cfg->queue_limit;
	TAILQ_INIT(&db->waiting);
	TAILQ_INIT(&db->failed);
	db->ev_failed = event_new(base, -1, 0, on_failed, db);
	db->nconns = cfg->pool_size;
	db->conns = calloc((size_t)db->nconns, sizeof *db->conns);
	/* Times in results carry the centre's offset (TZ is set by serve).
	 * Short OLTP statements gain nothing from parallel query (and queue
	 * pages rely on Append returning its branches in order) nor from JIT,
	 * which a generic plan's pessimistic cost can switch on: a search that
	 * runs in a millisecond spent half a second compiling. Every
	 * statement is written for its index whatever the values, so one
	 * generic plan per session serves: left to choose, PostgreSQL planned
	 * a queue page afresh each time, which cost as much as running it.
	 * Dates and times read as text have the ISO shape that server/ticket_row.c
	 * and server/pgtext.c turn into JSON. */
	snprintf(options, sizeof options, "-c statement_timeout=%d -c TimeZone=%s "
	    "-c max_parallel_workers_per_gather=0 -c jit=off -c plan_cache_mode=force_generic_plan "
	    "-c DateStyle=ISO",
	    cfg->statement_timeout_ms, getenv("TZ") ? getenv("TZ") : "UTC");
	for (int i = 0; i < db->nconns; i++) {
		db->conns[i].db = db;
		db->conns[i].pc = pgconn_new(base, conninfo, options, appname,
		    cfg->reconnect_ms, &cb, &db->conns[i]);
	}
	return db;
}

struct db *
db_new(struct event_base *base, const struct config *cfg)
{
	return pool_new(base, cfg, cfg->db, "svcdeskd");
}

struct db *
db_new_replica(struct event_base *base, const struct config *cfg,
    struct db *primary)
{
	struct db *db = pool_new(base, cfg, cfg->report_db, "svcdeskd report");

	if (db != NULL)
		db->primary = primary;
	return db;
}

void
db_cancel_all(struct db *db)
{
	struct db_request *r;

	db->cancelling = true;
	for (int i = 0; i < db->nconns; i++) {
		struct db_conn *c = &db->conns[i];
		if (c->result) {
			PQclear(c->result);
			c->result = NULL;
		}
		if ((r = c->current) != NULL) {
			c->current = NULL;
			db->running--;
			finish(db, r, NULL);
		}
	}
	/* A callback may queue more work: drain until nothing is left. */
	while ((r = TAILQ_FIRST(&db->waiting)) != NULL ||
	    (r = TAILQ_FIRST(&db->failed)) != NULL) {
		if (r == TAILQ_FIRST(&db->waiting)) {
			TAILQ_REMOVE(&db->waiting, r, link);
			db->nwaiting--;
		} else
			TAILQ_REMOVE(&db->failed, r, link);
		finish(db, r, NULL);
	}
}

void
db_free(struct db *db)
{
	struct db_request *r;

	if (db == NULL)
		return;
	for (int i = 0; i < db->nconns; i++) {
		if (db->conns[i].current)
			request_free(db->conns[i].current);
		if (db->conns[i].result)
			PQclear(db->conns[i].result);
		pgconn_free(db->conns[i].pc);
	}
	while ((r = TAILQ_FIRST(&db->waiting)) != NULL) {
		TAILQ_REMOVE(&db->waiting, r, link);
		request_free(r);
	}
	while ((r = TAILQ_FIRST(&db->failed)) != NULL) {
		TAILQ_REMOVE(&db->failed, r, link);
		request_free(r);
	}
	event_free(db->ev_failed);
	free(db->conns);
	free(db);
}

void
db_query(struct db *db, struct db_statement *stmt, int nparams,
    const char *const *values, db_callback done, void *arg)
{
	struct db_request *r;

	if (db->primary != NULL && !db->cancelling && !db_is_up(db)) {
		note_outage(db);
		db_query(db->primary, stmt, nparams, values, done, arg);
		return;
	}
	r = calloc(1, sizeof *r);
	if (stmt->index == 0 && statement_count + 1 < MAX_STATEMENTS)
		stmt->index = ++statement_count;
	r->stmt = stmt;
	r->done = done;
	r->arg = arg;
	r->nparams = nparams;
	r->values = calloc((size_t)(nparams ? nparams : 1), sizeof *r->values);
	for (int i = 0; i < nparams; i++)
		r->values[i] = values[i] ? strdup(values[i]) : NULL;
	if (stmt->index == 0 || !any_conn_alive(db) ||
	    db->nwaiting >= db->queue_limit) {
		if (stmt->index == 0)
			log_error("too many statements: raise MAX_STATEMENTS");
		fail_later(db, r);
		return;
	}
	TAILQ_INSERT_TAIL(&db->waiting, r, link);
	db->nwaiting++;
	for (int i = 0; i < db->nconns && TAILQ_FIRST(&db->waiting); i++)
		take_next(&db->conns[i]);
}

int
db_pending(const struct db *db)
{
	return db->nwaiting + db->running;
}

bool
db_is_up(const struct db *db)
{
	for (int i = 0; i < db->nconns; i++)
		if (pgconn_state(db->conns[i].pc) == PGCONN_UP)
			return true;
	return false;
}

bool
db_result_ok(const PGresult *res, const struct db_statement *stmt,
    struct proto_error *err)
{
	const char *state;

	if (res == NULL)
		return proto_fail(err, PROTO_UNAVAILABLE, NULL,
		    "the database cannot be reached right now; try again");
	switch (PQresultStatus(res)) {
	case PGRES_TUPLES_OK:
	case PGRES_COMMAND_OK:
		return true;
	default:
		break;
	}
	state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
	state = state ? state : "";
	if (strncmp(state, "08", 2) == 0 || strcmp(state, "57P01") == 0 ||
	    strcmp(state, "57P03") == 0 || strcmp(state, "57014") == 0)
		return proto_fail(err, PROTO_UNAVAILABLE, NULL,
		    "the database cannot answer right now; try again");
	if (strcmp(state, "23505") == 0 || strcmp(state, "40001") == 0 ||
	    strcmp(state, "40P01") == 0)
		return proto_fail(err, PROTO_CONFLICT, NULL,
		    "the record was changed by someone else or already exists");
	if (strncmp(state, "22", 2) == 0 || strncmp(state, "23", 2) == 0)
		return proto_fail(err, PROTO_INVALID_ARGUMENT, NULL,
		    "the database refused a value: %s",
		    PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY));
	log_error("statement '%s' failed: SQLSTATE %s", stmt->what, state);
	return proto_fail(err, PROTO_INTERNAL, NULL, "internal error");
}

cJSON *
db_raw(const PGresult *res, int row, int col)
{
	if (PQgetisnull(res, row, col))
		return cJSON_CreateNull();
	return cJSON_CreateRaw(PQgetvalue(res, row, col));
}

cJSON *
db_json(const PGresult *res, int row, int col)
{
	if (PQgetisnull(res, row, col))
		return cJSON_CreateNull();
	return cJSON_ParseWithLength(PQgetvalue(res, row, col),
	    (size_t)PQgetlength(res, row, col));
}

void
db_set_queue_limit(struct db *db, int limit)
{
	db->queue_limit = limit;
}
