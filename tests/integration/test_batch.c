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
 * timeout; 'LATE': a deferred check that fails the COMMIT).
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

static void
setup_batched(void)
{
	h_env_start(&E, one_conn);
	h_sql(E.db, failing_triggers);
}

static void
setup_unbatched(void)
{
	h_env_start(&E, one_conn_unbatched);
	h_sql(E.db, failing_triggers);
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

/* Until a pool session waits for the lock on tickets in a registration. */
static void
wait_for_blocked(void)
{
	for (int i = 0; i < H_WAIT_MS / 20; i++) {
		if (h_sql_int(E.db, "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a"
		    " USING (pid) WHERE NOT l.granted AND l.relation = 'tickets'::regclass"
		    " AND a.application_name = 'svcdeskd'") > 0)
			return;
		h_sleep_ms(20);
	}
	ck_abort_msg("the registration never waited for the lock on tickets");
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
	PQclear(PQexec(lock, "BEGIN"));
	PQclear(PQexec(lock, "LOCK TABLE tickets IN SHARE MODE"));
	send_register(q->first, h_request_key(key, sizeof key), "开机无反应", 100);
	wait_for_blocked();
	for (int i = 0; i < QUEUED; i++)
		send_register(q->c[i], keys[i] ? keys[i] : h_request_key(key, sizeof key),
		    faults[i], 101 + i);
	h_sleep_ms(400);   /* read and queued by the daemon behind the first */
	PQclear(PQexec(lock, "COMMIT"));
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

Suite *
batch_suite(void)
{
	Suite *s = suite_create("batch");
	TCase *on = tcase_create("batched");
	TCase *off = tcase_create("unbatched");

	tcase_set_timeout(on, H_TEST_TIMEOUT);
	tcase_add_checked_fixture(on, setup_batched, teardown);
	tcase_add_test(on, test_batch_neighbours_unharmed);
	tcase_add_test(on, test_batch_commit_fails_all);
	tcase_add_test(on, test_lone_commit_fails);
	suite_add_tcase(s, on);

	tcase_set_timeout(off, H_TEST_TIMEOUT);
	tcase_add_checked_fixture(off, setup_unbatched, teardown);
	tcase_add_test(off, test_batch_off);
	suite_add_tcase(s, off);
	return s;
}
