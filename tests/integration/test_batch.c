/*
 * test_batch.c: commits shared by many requests (server/db.c, --batch-max;
 * doc/architecture.md, "Commits shared by many requests").
 *
 * The daemon gets one pool connection. A first registration waits there on
 * a lock the test holds on tickets; the requests sent meanwhile queue, and
 * when the lock goes the connection takes them all as one batch. That they
 * shared one transaction shows in the database: one now(), so one
 * created_at. Triggers the test adds make chosen requests fail in the
 * database (fault 'FAIL': a check violation; 'SLOW': past the statement
 * timeout; 'LATE': a deferred check that fails the COMMIT). A report
 * (.alone) queued among them splits the batch. A deadlock's victim in a
 * batch runs again, three times at most, then is answered `conflict`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <check.h>

#include "client/conn.h"
#include "common/proto.h"
#include "tests/integration/harness.h"
#include "tests/integration/suites.h"

#define QUEUED 6

static struct h_env E;

static const char *const one_conn[] = { "--pool", "1", "--statement-timeout", "2000",
	"--sweep-interval", "86400", NULL };
static const char *const one_conn_unbatched[] = { "--pool", "1", "--statement-timeout",
	"2000", "--sweep-interval", "86400", "--batch-max", "1", NULL };

static const char failing_triggers[] =
	"CREATE FUNCTION test_fail_fault() RETURNS trigger LANGUAGE plpgsql AS $$"
	" BEGIN"
	"  IF NEW.fault = 'FAIL' THEN"
	"   RAISE EXCEPTION 'refused by the test' USING ERRCODE = 'check_violation';"
	"  ELSIF NEW.fault = 'SLOW' THEN PERFORM pg_sleep(4);"
	"  END IF; RETURN NEW; END $$;"
	"CREATE TRIGGER test_fail BEFORE INSERT ON tickets"
	" FOR EACH ROW EXECUTE FUNCTION test_fail_fault();"
	"CREATE FUNCTION test_late_fault() RETURNS trigger LANGUAGE plpgsql AS $$"
	" BEGIN IF NEW.fault = 'LATE' THEN"
	"   RAISE EXCEPTION 'refused at commit' USING ERRCODE = 'check_violation';"
	"  END IF; RETURN NEW; END $$;"
	"CREATE CONSTRAINT TRIGGER test_late AFTER INSERT ON tickets"
	" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION test_late_fault();";

/* The sweeper's first round, a second after the start: three statements
 * alone (server/sweeper.c), the last booking maintenance visits. Done
 * before a test queues requests, so none lands among them and splits their
 * batch. */
static void
wait_first_sweep(void)
{
	for (int i = 0; i < 3 * H_WAIT_MS / 20; i++) {
		if (h_sql_int(E.db, "SELECT count(*) FROM pg_stat_activity"
		    " WHERE application_name = 'svcdeskd' AND state = 'idle'"
		    " AND query LIKE '%%contract_sweep()%%'") > 0)
			return;
		h_sleep_ms(20);
	}
	ck_abort_msg("the sweeper's first round never ended");
}

static void
setup_batched(void)
{
	h_env_start(&E, one_conn);
	h_sql(E.db, failing_triggers);
	wait_first_sweep();
}

static void
setup_unbatched(void)
{
	h_env_start(&E, one_conn_unbatched);
	h_sql(E.db, failing_triggers);
	wait_first_sweep();
}

static void teardown(void) { h_env_stop(&E); }

/* A type Z registration (no unit) of a new customer, its fault as given. */
static void
send_register(struct conn *c, const char *key, const char *fault, int n)
{
	char args[512];

	snprintf(args, sizeof args, "{\"request_key\":\"%s\",\"channel\":\"phone\","
	    "\"type\":\"Z\",\"customer\":{\"name\":\"批量%d\",\"phones\":[\"1380013%04d\"],"
	    "\"address\":\"中山路%d号\",\"region\":\"urban\"},\"fault\":\"%s\"}",
	    key, n, n, n, fault);
	ck_assert(conn_send(c, "call.register", cJSON_Parse(args)) > 0);
}

/* Until the pool's session waits for a lock that cond (on pg_locks l)
 * names. */
static void
wait_for_pool_waiting(const char *cond, const char *what)
{
	for (int i = 0; i < H_WAIT_MS / 20; i++) {
		if (h_sql_int(E.db, "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a"
		    " USING (pid) WHERE NOT l.granted AND a.application_name = 'svcdeskd'"
		    " AND %s", cond) > 0)
			return;
		h_sleep_ms(20);
	}
	ck_abort_msg("the pool's session never waited for %s: %s", what,
	    h_sql_text(E.db, "SELECT string_agg(state || ' ' || coalesce(wait_event_type, '-')"
	    " || ' ' || left(query, 60), '; ') FROM pg_stat_activity"
	    " WHERE application_name = 'svcdeskd'"));
}

/* Until a pool session waits for the lock on tickets in a registration. */
static void
wait_for_blocked(void)
{
	wait_for_pool_waiting("l.relation = 'tickets'::regclass", "the lock on tickets");
}

struct queued {
	struct conn *first, *c[QUEUED];
	cJSON *first_reply, *reply[QUEUED];
	char first_no[32], no[QUEUED][32];
};

/* The first registration blocks the one connection; faults[i] queue behind
 * it (keys[i] NULL: a fresh key); the lock goes; all replies are read. */
static void
run_queued(struct queued *q, const char *const *faults, const char *const *keys)
{
	char key[96];
	PGconn *lock = h_pg_connect(E.db);

	q->first = h_connect_as(E.d, "operator");
	for (int i = 0; i < QUEUED; i++)
		q->c[i] = h_connect_as(E.d, "operator");
	h_pg_exec(lock, "BEGIN");
	h_pg_exec(lock, "LOCK TABLE tickets IN SHARE MODE");
	send_register(q->first, h_request_key(key, sizeof key), "开机无反应", 100);
	wait_for_blocked();
	for (int i = 0; i < QUEUED; i++)
		send_register(q->c[i], keys[i] ? keys[i] : h_request_key(key, sizeof key),
		    faults[i], 101 + i);
	h_sleep_ms(400);   /* read and queued by the daemon behind the first */
	h_pg_exec(lock, "COMMIT");
	PQfinish(lock);
	q->first_reply = conn_wait(q->first, H_WAIT_MS);
	ck_assert_msg(q->first_reply && reply_ok(q->first_reply), "first: %s",
	    h_show(q->first_reply));
	snprintf(q->first_no, sizeof q->first_no, "%s",
	    h_str(reply_result(q->first_reply), "no"));
	for (int i = 0; i < QUEUED; i++) {
		q->reply[i] = conn_wait(q->c[i], H_WAIT_MS);
		ck_assert_msg(q->reply[i] != NULL, "no reply to request %d", i);
		q->no[i][0] = '\0';
		if (reply_ok(q->reply[i]))
			snprintf(q->no[i], sizeof q->no[i], "%s",
			    h_str(reply_result(q->reply[i]), "no"));
	}
}

static void
queued_free(struct queued *q)
{
	conn_close(q->first);
	cJSON_Delete(q->first_reply);
	for (int i = 0; i < QUEUED; i++) {
		conn_close(q->c[i]);
		cJSON_Delete(q->reply[i]);
	}
}

/* Each request of a batch gets the answer it would have had alone: a check
 * violation is invalid_argument, a statement timeout unavailable, a
 * request_key seen earlier in the same batch the first ticket; the others
 * are committed together, in one transaction, after the first's. */
START_TEST(test_batch_neighbours_unharmed)
{
	const char *faults[QUEUED] = { "不制冷", "FAIL", "噪音大", "SLOW", "漏水", "不制热" };
	const char *keys[QUEUED] = { NULL, NULL, "batch-twin", NULL, "batch-twin", NULL };
	struct queued q;

	run_queued(&q, faults, keys);
	ck_assert_msg(reply_ok(q.reply[0]), "%s", h_show(q.reply[0]));
	h_expect_error(q.reply[1], "invalid_argument", "");
	q.reply[1] = NULL;
	ck_assert_msg(reply_ok(q.reply[2]), "%s", h_show(q.reply[2]));
	h_expect_error(q.reply[3], "unavailable", "");
	q.reply[3] = NULL;
	ck_assert_msg(reply_ok(q.reply[4]), "%s", h_show(q.reply[4]));
	ck_assert_msg(reply_ok(q.reply[5]), "%s", h_show(q.reply[5]));
	/* the twin answered with the first ticket of its key */
	ck_assert_str_eq(q.no[4], q.no[2]);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM tickets"
	    " WHERE request_key = 'batch-twin'"), 1);
	/* nothing of the failed ones: no ticket, no event, no audit row */
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM tickets"
	    " WHERE fault IN ('FAIL', 'SLOW')"), 0);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM customers"
	    " WHERE name IN ('批量102', '批量104')"), 0);
	/* the four committed: one transaction (one now()), not the first's */
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM tickets"
	    " WHERE no IN ('%s', '%s', '%s')", q.no[0], q.no[2], q.no[5]), 3);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(DISTINCT created_at) FROM tickets"
	    " WHERE no IN ('%s', '%s', '%s')", q.no[0], q.no[2], q.no[5]), 1);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(DISTINCT created_at) FROM tickets"
	    " WHERE no IN ('%s', '%s')", q.first_no, q.no[0]), 2);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM ticket_events"
	    " WHERE ticket_no IN ('%s', '%s', '%s') AND kind = 'register'",
	    q.no[0], q.no[2], q.no[5]), 3);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM audit_log"
	    " WHERE action = 'call.register'"), 4);
	queued_free(&q);
}
END_TEST

/* A COMMIT that fails fails every request of its batch as a lost
 * connection would: unavailable, and nothing of any of them stays. */
START_TEST(test_batch_commit_fails_all)
{
	const char *faults[QUEUED] = { "不制冷", "LATE", "噪音大", "漏水", "不制热", "异响" };
	const char *keys[QUEUED] = { NULL };
	struct queued q;

	run_queued(&q, faults, keys);
	for (int i = 0; i < QUEUED; i++) {
		h_expect_error(q.reply[i], "unavailable", "");
		q.reply[i] = NULL;
	}
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM tickets"
	    " WHERE no <> '%s'", q.first_no), 0);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM audit_log"
	    " WHERE action = 'call.register'"), 1);
	queued_free(&q);
}
END_TEST

/* A lone request whose implicit commit fails (a deferred check) gets that
 * error, as before pipelines: invalid_argument, nothing written. */
START_TEST(test_lone_commit_fails)
{
	struct conn *op = h_connect_as(E.d, "operator");
	char key[96];
	cJSON *r;

	send_register(op, h_request_key(key, sizeof key), "LATE", 200);
	r = conn_wait(op, H_WAIT_MS);
	ck_assert_msg(r != NULL, "no reply");
	h_expect_error(r, "invalid_argument", "");
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM tickets"), 0);
	h_ping(op);
	cJSON_Delete(h_okf(op, "call.register", "{\"request_key\":\"%s-2\",\"channel\":\"phone\","
	    "\"type\":\"Z\",\"customer\":{\"name\":\"单独\",\"phones\":[\"13800139999\"],"
	    "\"address\":\"中山路1号\",\"region\":\"urban\"},\"fault\":\"咨询\"}", key));
	conn_close(op);
}
END_TEST

/* --batch-max 1: the same queue commits one request at a time. */
START_TEST(test_batch_off)
{
	const char *faults[QUEUED] = { "不制冷", "FAIL", "噪音大", "漏水", "不制热", "异响" };
	const char *keys[QUEUED] = { NULL };
	struct queued q;

	run_queued(&q, faults, keys);
	h_expect_error(q.reply[1], "invalid_argument", "");
	q.reply[1] = NULL;
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(DISTINCT created_at) FROM tickets"
	    " WHERE no IN ('%s', '%s', '%s', '%s', '%s')",
	    q.no[0], q.no[2], q.no[3], q.no[4], q.no[5]), 5);
	queued_free(&q);
}
END_TEST

/* --- deadlocks and statements alone. The test's own session D holds ticket
 * B2 FOR UPDATE; a note on B2 (the victim, V) in a batch waits for it
 * holding ROW EXCLUSIVE on tickets; D then asks LOCK TABLE tickets IN SHARE
 * MODE, which waits for V: a deadlock that V's session finds (D's own
 * deadlock_timeout is 10 s, the daemon's the default 1 s), so V is its
 * victim. D asks that lock inside a savepoint and rolls back to it, keeping
 * B2, so the next round can be the same. Notes on B1 (neighbours) are the
 * batches' other requests. */

#define ROUNDS_MAX 4
#define VICTIM_TICKET "B261201002"
#define NEIGHBOUR_TICKET "B261201001"

static const char *const deadlock_opts[] = { "--pool", "1", "--statement-timeout",
	"10000", "--sweep-interval", "86400", NULL };

static void
setup_deadlocks(void)
{
	h_env_start(&E, deadlock_opts);
	h_insert_ticket(E.db, NEIGHBOUR_TICKET, "new", "urban", NULL);
	h_insert_ticket(E.db, VICTIM_TICKET, "new", "urban", NULL);
	wait_first_sweep();
}

/* A note on ticket no, not waited for. */
static void
send_note(struct conn *c, const char *no, int n)
{
	char args[128];

	snprintf(args, sizeof args, "{\"no\":\"%s\",\"text\":\"第%d次来电\"}", no, n);
	ck_assert(conn_send(c, "ticket.note", cJSON_Parse(args)) > 0);
}

/* D's LOCK TABLE, granted once the pool's statement it waited for is gone:
 * rolled back as the deadlock's victim. */
static void
deadlock_round(PGconn *d)
{
	PGresult *res;
	long long end;

	wait_for_pool_waiting("l.locktype = 'transactionid'", "ticket " VICTIM_TICKET);
	h_pg_exec(d, "SAVEPOINT s");
	ck_assert(PQsendQuery(d, "LOCK TABLE tickets IN SHARE MODE"));
	for (end = h_now_ms() + 2 * H_WAIT_MS; PQconsumeInput(d) && PQisBusy(d);
	    h_sleep_ms(20))
		ck_assert_msg(h_now_ms() < end, "LOCK TABLE still waits: no deadlock found");
	res = PQgetResult(d);
	ck_assert_msg(PQresultStatus(res) == PGRES_COMMAND_OK,
	    "the test's session was the victim: %s", PQresultErrorMessage(res));
	PQclear(res);
	ck_assert_ptr_null(PQgetResult(d));
}

struct deadlocks {
	struct conn *first, *victim, *neighbour[ROUNDS_MAX];
	cJSON *first_reply, *victim_reply, *neighbour_reply[ROUNDS_MAX];
};

/* The first note (on B1) waits for D's lock on tickets, so the victim and
 * the first neighbour queue behind it and run as one batch; each of the
 * rounds makes the victim a deadlock's victim, the next neighbour queued
 * while the batch's neighbour waits for D's lock in turn. Then D commits
 * and every reply is read. */
static void
run_deadlocks(struct deadlocks *x, int rounds)
{
	PGconn *d = h_pg_connect(E.db);

	x->first = h_connect_as(E.d, "operator");
	x->victim = h_connect_as(E.d, "operator");
	for (int i = 0; i < rounds; i++)
		x->neighbour[i] = h_connect_as(E.d, "operator");
	h_pg_exec(d, "SET deadlock_timeout = '10s'");
	h_pg_exec(d, "BEGIN");
	h_pg_exec(d, "SELECT 1 FROM tickets WHERE no = '" VICTIM_TICKET "' FOR UPDATE");
	h_pg_exec(d, "SAVEPOINT s");
	h_pg_exec(d, "LOCK TABLE tickets IN SHARE MODE");
	send_note(x->first, NEIGHBOUR_TICKET, 0);
	wait_for_blocked();
	for (int i = 0; i < rounds; i++) {
		if (i == 0)
			send_note(x->victim, VICTIM_TICKET, 1);
		send_note(x->neighbour[i], NEIGHBOUR_TICKET, i + 1);
		h_sleep_ms(300);    /* queued behind the batch that waits for D */
		h_pg_exec(d, "ROLLBACK TO SAVEPOINT s");   /* that batch goes on */
		deadlock_round(d);
	}
	h_pg_exec(d, "COMMIT");
	PQfinish(d);
	x->first_reply = conn_wait(x->first, H_WAIT_MS);
	x->victim_reply = conn_wait(x->victim, H_WAIT_MS);
	for (int i = 0; i < rounds; i++) {
		x->neighbour_reply[i] = conn_wait(x->neighbour[i], H_WAIT_MS);
		ck_assert_msg(reply_ok(x->neighbour_reply[i]), "neighbour %d: %s", i,
		    h_show(x->neighbour_reply[i]));
	}
	ck_assert_msg(reply_ok(x->first_reply), "first: %s", h_show(x->first_reply));
}

static void
deadlocks_free(struct deadlocks *x, int rounds)
{
	conn_close(x->first);
	conn_close(x->victim);
	cJSON_Delete(x->first_reply);
	cJSON_Delete(x->victim_reply);
	for (int i = 0; i < rounds; i++) {
		conn_close(x->neighbour[i]);
		cJSON_Delete(x->neighbour_reply[i]);
	}
}

static long long
notes_on(const char *no)
{
	return h_sql_int(E.db, "SELECT count(*) FROM ticket_events WHERE ticket_no = '%s'"
	    " AND kind = 'note'", no);
}

/* A deadlock's victim in a batch runs again after it and is answered as
 * alone: its note written once, after its neighbour's, which its batch
 * committed. */
START_TEST(test_deadlock_victim_runs_again)
{
	struct deadlocks x;

	run_deadlocks(&x, 1);
	ck_assert_msg(reply_ok(x.victim_reply), "victim: %s", h_show(x.victim_reply));
	ck_assert_int_eq(notes_on(VICTIM_TICKET), 1);
	ck_assert_int_eq(notes_on(NEIGHBOUR_TICKET), 2);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM ticket_events v, ticket_events n"
	    " WHERE v.ticket_no = '" VICTIM_TICKET "' AND n.ticket_no = '" NEIGHBOUR_TICKET "'"
	    " AND v.kind = 'note' AND n.details->>'text' = '第1次来电'"
	    " AND v.at > n.at"), 1);
	deadlocks_free(&x, 1);
}
END_TEST

/* The fourth deadlock in a row is the victim's answer (DEADLOCK_RETRIES,
 * server/db.c): conflict, its note not written; each neighbour committed. */
START_TEST(test_deadlock_retries_exhausted)
{
	struct deadlocks x;

	run_deadlocks(&x, ROUNDS_MAX);
	h_expect_error(x.victim_reply, "conflict", NULL);
	x.victim_reply = NULL;
	ck_assert_int_eq(notes_on(VICTIM_TICKET), 0);
	ck_assert_int_eq(notes_on(NEIGHBOUR_TICKET), 1 + ROUNDS_MAX);
	deadlocks_free(&x, ROUNDS_MAX);
}
END_TEST

/* A statement marked alone (a report) shares no commit: queued between
 * registrations behind the lock, it ends the batch before it and runs in a
 * transaction of its own; the registrations after it share the next. The
 * report exposes nothing of its transaction, so the registrations' now()
 * shows the split: the one before it apart from the two after. */
START_TEST(test_alone_splits_batch)
{
	struct conn *first = h_connect_as(E.d, "operator"), *mgr = h_connect_as(E.d, "manager");
	struct conn *reg[3];
	cJSON *r;
	char key[96], no[3][32];
	PGconn *lock = h_pg_connect(E.db);

	for (int i = 0; i < 3; i++)
		reg[i] = h_connect_as(E.d, "operator");
	h_pg_exec(lock, "BEGIN");
	h_pg_exec(lock, "LOCK TABLE tickets IN SHARE MODE");
	send_register(first, h_request_key(key, sizeof key), "开机无反应", 300);
	wait_for_blocked();
	for (int i = 0; i < 3; i++) {
		if (i == 1) {       /* the report between the first and the second */
			ck_assert(conn_send(mgr, "report.kpi", cJSON_Parse(
			    "{\"from\":\"2026-03-01\",\"to\":\"2026-03-31\"}")) > 0);
			h_sleep_ms(100);
		}
		send_register(reg[i], h_request_key(key, sizeof key), "不制冷", 301 + i);
		h_sleep_ms(100);    /* read and queued in this order */
	}
	h_sleep_ms(300);
	h_pg_exec(lock, "COMMIT");
	PQfinish(lock);
	cJSON_Delete(h_expect_ok(conn_wait(first, H_WAIT_MS)));
	cJSON_Delete(h_expect_ok(conn_wait(mgr, H_WAIT_MS)));
	for (int i = 0; i < 3; i++) {
		r = h_expect_ok(conn_wait(reg[i], H_WAIT_MS));
		snprintf(no[i], sizeof no[i], "%s", h_str(reply_result(r), "no"));
		cJSON_Delete(r);
		conn_close(reg[i]);
	}
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(DISTINCT created_at) FROM tickets"
	    " WHERE no IN ('%s', '%s')", no[1], no[2]), 1);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(DISTINCT created_at) FROM tickets"
	    " WHERE no IN ('%s', '%s')", no[0], no[1]), 2);
	conn_close(first);
	conn_close(mgr);
}
END_TEST

Suite *
batch_suite(void)
{
	Suite *s = suite_create("batch");
	TCase *on = tcase_create("batched");
	TCase *off = tcase_create("unbatched");
	TCase *dead = tcase_create("deadlocks");

	tcase_set_timeout(on, H_TEST_TIMEOUT);
	tcase_add_checked_fixture(on, setup_batched, teardown);
	tcase_add_test(on, test_batch_neighbours_unharmed);
	tcase_add_test(on, test_batch_commit_fails_all);
	tcase_add_test(on, test_lone_commit_fails);
	tcase_add_test(on, test_alone_splits_batch);
	suite_add_tcase(s, on);

	tcase_set_timeout(off, H_TEST_TIMEOUT);
	tcase_add_checked_fixture(off, setup_unbatched, teardown);
	tcase_add_test(off, test_batch_off);
	suite_add_tcase(s, off);

	tcase_set_timeout(dead, H_TEST_TIMEOUT);
	tcase_add_checked_fixture(dead, setup_deadlocks, teardown);
	tcase_add_test(dead, test_deadlock_victim_runs_again);
	tcase_add_test(dead, test_deadlock_retries_exhausted);
	suite_add_tcase(s, dead);
	return s;
}
