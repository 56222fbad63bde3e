/*
 * db.c: the connection pool, the request queue, prepared statements and
 * commits shared by the requests waiting together.
 *
 * Every connection stays in libpq's pipeline mode. A free connection takes
 * what waits, up to --batch-max requests. One request runs as it always
 * did: its statement and a sync, one implicit transaction. Several run in
 * one transaction: BEGIN, then per request SAVEPOINT, its statement,
 * RELEASE, then COMMIT and one sync. A statement that fails makes the
 * server skip the rest up to the sync; the connection then rolls back to
 * that request's savepoint and sends the rest again after it, so the
 * failure is that request's alone and its neighbours lose nothing. Every
 * request keeps its result until the COMMIT returned (doc/architecture.md,
 * "Commits shared by many requests").
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
/* A request chosen as a deadlock's victim inside a batch waited on a lock
 * its own batch's neighbours or another batch held to their commit: alone
 * it might not have met it. It runs again after its batch, this many times
 * at most before the conflict is its answer. */
#define DEADLOCK_RETRIES 3

struct db_request {
	TAILQ_ENTRY(db_request) link;
	struct db_statement *stmt;
	int nparams;
	char **values;
	db_callback done;
	void *arg;
	bool alone;           /* stmt->alone, or handed on by the report pool */
	bool victim;          /* of a deadlock in this batch: to run again */
	int deadlocks;
	PGresult *answer;     /* kept until the batch's commit */
};
TAILQ_HEAD(request_queue, db_request);

/* What the connection waits to hear, in the order it was sent. */
enum step_kind { STEP_BEGIN, STEP_SAVEPOINT, STEP_PREPARE, STEP_EXEC,
	STEP_RELEASE, STEP_ROLLBACK, STEP_COMMIT, STEP_SYNC };

struct step {
	enum step_kind kind;
	int req;                        /* index in the batch */
};

struct db_conn {
	struct db *db;
	struct pgconn *pc;
	struct db_request **batch;      /* batch_max slots, nbatch taken */
	int nbatch;
	struct step *steps;             /* sent since the last sync */
	int nsteps, step;
	int failed;                     /* first request failed since the sync, or -1 */
	bool committed;                 /* the batch's COMMIT said COMMIT */
	bool sync_failed;               /* an error at the sync: commit lost */
	PGresult *result;               /* the last result of the running command */
	bool was_up;                    /* up once: the next up is a reconnect */
	unsigned char prepared[MAX_STATEMENTS];  /* PREP_* */
};

enum { PREP_NONE, PREP_DONE, PREP_SENT };

struct db {
	struct event_base *base;
	int nconns, batch_max;
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
	unsigned long long reconnects;  /* for db_counts */
};

static int statement_count;

static void enqueue(struct db *db, struct db_statement *stmt, int nparams,
    const char *const *values, db_callback done, void *arg, bool alone);

static void
request_free(struct db_request *r)
{
	for (int i = 0; i < r->nparams; i++)
		free(r->values[i]);
	free(r->values);
	if (r->answer)
		PQclear(r->answer);
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

/* Answers r with res (NULL: unavailable) and frees both. A report the
 * replica could not run goes to the primary, alone (a report shares no
 * commit: it writes nothing and could hold the others' up). */
static void
finish(struct db *db, struct db_request *r, PGresult *res)
{
	if (db->primary != NULL && !db->cancelling && replica_failed(res)) {
		note_outage(db);
		enqueue(db->primary, r->stmt, r->nparams,
		    (const char *const *)r->values, r->done, r->arg, true);
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
	if (r->answer) {
		PQclear(r->answer);
		r->answer = NULL;
	}
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

/* Records what was sent, or says it could not be. */
static bool
sent(struct db_conn *c, int ok, enum step_kind kind, int req)
{
	if (!ok)
		return false;
	c->steps[c->nsteps].kind = kind;
	c->steps[c->nsteps].req = req;
	c->nsteps++;
	return true;
}

static bool
send_control(struct db_conn *c, const char *sql, enum step_kind kind)
{
	return sent(c, PQsendQueryParams(pgconn_pg(c->pc), sql, 0, NULL, NULL,
	    NULL, NULL, 0), kind, -1);
}

/* The request's statement, prepared first on this session's first use. */
static bool
send_request(struct db_conn *c, int i)
{
	struct db_request *r = c->batch[i];
	PGconn *pg = pgconn_pg(c->pc);
	char name[16];

	snprintf(name, sizeof name, "s%d", r->stmt->index);
	if (c->prepared[r->stmt->index] == PREP_NONE) {
		if (!sent(c, PQsendPrepare(pg, name, r->stmt->sql, 0, NULL),
		    STEP_PREPARE, i))
			return false;
		c->prepared[r->stmt->index] = PREP_SENT;
	}
	return sent(c, PQsendQueryPrepared(pg, name, r->nparams,
	    (const char *const *)r->values, NULL, NULL, 0), STEP_EXEC, i);
}

/* Sends requests first..nbatch-1 and the sync: one alone, or each in its
 * savepoint inside the batch's transaction, then its COMMIT. */
static bool
send_from(struct db_conn *c, int first)
{
	PGconn *pg = pgconn_pg(c->pc);

	if (c->nbatch == 1)
		return send_request(c, 0) && sent(c, PQpipelineSync(pg), STEP_SYNC, -1);
	if (first == 0 && !send_control(c, "BEGIN", STEP_BEGIN))
		return false;
	for (int i = first; i < c->nbatch; i++)
		if (!send_control(c, "SAVEPOINT r", STEP_SAVEPOINT) ||
		    !send_request(c, i) ||
		    !send_control(c, "RELEASE SAVEPOINT r", STEP_RELEASE))
			return false;
	return send_control(c, "COMMIT", STEP_COMMIT) &&
	    sent(c, PQpipelineSync(pg), STEP_SYNC, -1);
}

/* Starts a new round of steps after a sync (none is outstanding). */
static void
send_round(struct db_conn *c, bool rollback, int first)
{
	c->nsteps = c->step = 0;
	c->failed = -1;
	c->committed = c->sync_failed = false;
	if ((rollback && (!send_control(c, "ROLLBACK TO SAVEPOINT r", STEP_ROLLBACK) ||
	    !send_control(c, "RELEASE SAVEPOINT r", STEP_RELEASE))) ||
	    !send_from(c, first)) {
		pgconn_fail(c->pc);   /* down() answers the batch */
		return;
	}
	pgconn_flush(c->pc);
}

/* A free connection takes what waits: one request marked alone, or up to
 * batch_max in a row that are not. */
static void
take_next(struct db_conn *c)
{
	struct db *db = c->db;
	struct db_request *r;

	if (c->nbatch > 0 || pgconn_state(c->pc) != PGCONN_UP)
		return;
	while ((r = TAILQ_FIRST(&db->waiting)) != NULL && c->nbatch < db->batch_max &&
	    (c->nbatch == 0 || !r->alone)) {
		TAILQ_REMOVE(&db->waiting, r, link);
		db->nwaiting--;
		c->batch[c->nbatch++] = r;
		db->running++;
		if (r->alone)
			break;
	}
	if (c->nbatch > 0)
		send_round(c, false, 0);
}

/* The request's statement (or its PREPARE) failed. A deadlock's victim in
 * a batch runs again after it; any other failure is its answer. */
static void
request_failed(struct db_conn *c, int i, PGresult *res)
{
	struct db_request *r = c->batch[i];
	const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);

	if (c->nbatch > 1 && state && strcmp(state, "40P01") == 0 &&
	    r->deadlocks < DEADLOCK_RETRIES) {
		r->deadlocks++;
		r->victim = true;
		PQclear(res);
	} else {
		if (r->answer)
			PQclear(r->answer);
		r->answer = res;
	}
	if (c->failed < 0)
		c->failed = i;
}

/* One command's results are all in: res is its last (or NULL). False when
 * the connection was given up. */
static bool
command_done(struct db_conn *c, PGresult *res)
{
	struct step st = c->steps[c->step++];
	ExecStatusType status = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;

	switch (st.kind) {
	case STEP_PREPARE:
		c->prepared[c->batch[st.req]->stmt->index] =
		    status == PGRES_COMMAND_OK ? PREP_DONE : PREP_NONE;
		if (status == PGRES_FATAL_ERROR && res) {
			request_failed(c, st.req, res);
			return true;
		}
		break;
	case STEP_EXEC:
		if (status == PGRES_PIPELINE_ABORTED)
			break;
		if (status == PGRES_FATAL_ERROR && res) {
			request_failed(c, st.req, res);
			return true;
		}
		c->batch[st.req]->answer = res;
		return true;
	case STEP_COMMIT:
		c->committed = status == PGRES_COMMAND_OK &&
		    strcmp(PQcmdStatus(res), "COMMIT") == 0;
		break;
	default:                /* BEGIN, SAVEPOINT, RELEASE, ROLLBACK TO */
		if (status != PGRES_COMMAND_OK && status != PGRES_PIPELINE_ABORTED) {
			log_error("a batch's transaction control failed: %s",
			    res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : "no result");
			if (res)
				PQclear(res);
			pgconn_fail(c->pc);
			return false;
		}
	}
	if (res)
		PQclear(res);
	return true;
}

/* The batch is over: committed (ok) or not (every request NULL). Takes
 * the next before answering, to keep the connection busy; deadlock
 * victims go first. */
static void
batch_done(struct db_conn *c, bool ok)
{
	struct db *db = c->db;
	struct request_queue answered;
	struct db_request *r;

	TAILQ_INIT(&answered);
	for (int i = c->nbatch - 1; i >= 0; i--) {
		r = c->batch[i];
		if (ok && r->victim) {
			r->victim = false;
			TAILQ_INSERT_HEAD(&db->waiting, r, link);
			db->nwaiting++;
			continue;
		}
		if (!ok && r->answer) {
			PQclear(r->answer);
			r->answer = NULL;
		}
		TAILQ_INSERT_HEAD(&answered, r, link);
	}
	db->running -= c->nbatch;
	c->nbatch = 0;
	take_next(c);
	while ((r = TAILQ_FIRST(&answered)) != NULL) {
		PGresult *res = r->answer;
		TAILQ_REMOVE(&answered, r, link);
		r->answer = NULL;
		finish(db, r, res);
	}
}

/* An error after the last command, at the sync: a lone request's
 * implicit commit failed (a deferred constraint), and that error is its
 * answer, as it was before pipelines; in a batch (whose COMMIT is its own
 * command) the commit is lost. */
static void
sync_error(struct db_conn *c, PGresult *res)
{
	if (c->nbatch == 1) {
		if (c->batch[0]->answer)
			PQclear(c->batch[0]->answer);
		c->batch[0]->answer = res;
		return;
	}
	c->sync_failed = true;
	PQclear(res);
}

/* A sync came back: after a failure in a batch, roll back to that
 * request's savepoint and send the rest again; else the batch is over. */
static void
sync_done(struct db_conn *c)
{
	if (c->nbatch > 1 && c->failed >= 0 && !c->sync_failed) {
		send_round(c, true, c->failed + 1);
		return;
	}
	batch_done(c, !c->sync_failed && (c->nbatch == 1 || c->committed));
}

static void
on_input(struct pgconn *pc, void *arg)
{
	struct db_conn *c = arg;
	PGconn *pg = pgconn_pg(pc);
	PGresult *res;
	bool ended = false;     /* a NULL came while waiting for the sync */

	while (c->step < c->nsteps && !PQisBusy(pg)) {
		bool at_sync = c->steps[c->step].kind == STEP_SYNC;
		res = PQgetResult(pg);
		if (res != NULL)
			ended = false;
		if (res != NULL && PQresultStatus(res) == PGRES_PIPELINE_SYNC) {
			PQclear(res);
			if (!at_sync) {
				log_error("the database answered a batch out of step");
				pgconn_fail(pc);
				return;
			}
			c->step++;
			sync_done(c);
		} else if (res == NULL) {
			if (at_sync) {      /* the end of an error at the sync */
				if (ended)
					break;  /* twice: wait for the sync */
				ended = true;
				continue;
			}
			res = c->result;
			c->result = NULL;
			if (!command_done(c, res))
				return;
		} else if (at_sync) {   /* the commit at the sync failed */
			sync_error(c, res);
		} else {                /* keep the last result of the command */
			if (c->result)
				PQclear(c->result);
			c->result = res;
		}
		if (pgconn_state(pc) != PGCONN_UP)
			return;
	}
	/* Idle: nothing should arrive but notices; drop them. */
	if (c->nbatch == 0)
		while (!PQisBusy(pg) && (res = PQgetResult(pg)) != NULL)
			PQclear(res);
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

	memset(c->prepared, 0, sizeof c->prepared);  /* a new session */
	if (!PQenterPipelineMode(pgconn_pg(pc))) {
		log_error("database connection cannot enter pipeline mode");
		pgconn_fail(pc);
		return;
	}
	if (c->was_up)
		c->db->reconnects++;
	c->was_up = true;
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
	for (int i = 0; i < c->nbatch; i++)
		fail_later(db, c->batch[i]);
	db->running -= c->nbatch;
	c->nbatch = c->nsteps = c->step = 0;
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
	db->batch_max = cfg->batch_max > 0 ? cfg->batch_max : 1;
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
		db->conns[i].batch = calloc((size_t)db->batch_max, sizeof *db->conns[i].batch);
		/* BEGIN, four per request, ROLLBACK TO and RELEASE, COMMIT, sync */
		db->conns[i].steps = calloc((size_t)(4 * db->batch_max + 5),
		    sizeof *db->conns[i].steps);
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
	/* Reports write nothing: no commit to share, and one slow report
	 * would hold up the others' answers. */
	struct config alone = *cfg;
	struct db *db;

	alone.batch_max = 1;
	db = pool_new(base, &alone, cfg->report_db, "svcdeskd report");

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
		for (int j = 0; j < c->nbatch; j++) {
			r = c->batch[j];
			if (r->answer) {
				PQclear(r->answer);
				r->answer = NULL;
			}
			finish(db, r, NULL);
		}
		db->running -= c->nbatch;
		c->nbatch = c->nsteps = c->step = 0;
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
		for (int j = 0; j < db->conns[i].nbatch; j++)
			request_free(db->conns[i].batch[j]);
		free(db->conns[i].batch);
		free(db->conns[i].steps);
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
	enqueue(db, stmt, nparams, values, done, arg, stmt->alone);
}

static void
enqueue(struct db *db, struct db_statement *stmt, int nparams,
    const char *const *values, db_callback done, void *arg, bool alone)
{
	struct db_request *r;

	if (db->primary != NULL && !db->cancelling && !db_is_up(db)) {
		note_outage(db);
		enqueue(db->primary, stmt, nparams, values, done, arg, true);
		return;
	}
	r = calloc(1, sizeof *r);
	if (stmt->index == 0 && statement_count + 1 < MAX_STATEMENTS)
		stmt->index = ++statement_count;
	r->stmt = stmt;
	r->alone = alone;
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

void
db_counts(const struct db *db, struct db_counts *out)
{
	memset(out, 0, sizeof *out);
	for (int i = 0; i < db->nconns; i++) {
		const struct db_conn *c = &db->conns[i];
		if (c->nbatch > 0)
			out->busy++;
		else if (pgconn_state(c->pc) == PGCONN_UP)
			out->idle++;
		else
			out->down++;
	}
	out->queued = db->nwaiting;
	out->reconnects = db->reconnects;
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
