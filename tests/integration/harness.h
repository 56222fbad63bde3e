/*
 * harness.h: what every integration test stands on: a fresh database copied
 * from the migrated template, a real svcdeskd on a free port (stderr to a log
 * under /tmp), clients through client/conn.h, and checks on the replies.
 *
 * Environment (exported by scripts/check): SVCDESK_TEST_PG (conninfo of the
 * maintenance database), SVCDESK_TEST_TEMPLATE, SVCDESK_BIN (holds svcdeskd),
 * SVCDESK_REPO, and SVCDESK_VAR/SVCDESK_PGPORT for scripts/pg stop|start.
 *
 * Tests run in Check's fork mode: a failed assertion exits the test process,
 * so everything a test starts is also recorded here and an atexit handler
 * stops daemons (SIGTERM, then SIGKILL), drops databases and restarts a
 * stopped cluster. Daemons also get PR_SET_PDEATHSIG, and main() drops any
 * database of this run left behind by a test that was killed.
 */
#ifndef SVCDESK_TESTS_HARNESS_H
#define SVCDESK_TESTS_HARNESS_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include <sys/types.h>
#include <check.h>
#include <cjson/cJSON.h>
#include <libpq-fe.h>

#include "client/conn.h"

/* How long to wait for something that must happen (generous: the daemon
 * may be the ASan build), and for something that must not. */
#define H_WAIT_MS 10000
#define H_QUIET_MS 700
/* Per-test limit for Check (seconds). */
#define H_TEST_TIMEOUT 120

#define H_PASSWORD "demo1234"

struct h_db {
	char name[64];
	char conninfo[1024];
};

struct h_daemon {
	pid_t pid;
	int port;
	const struct h_db *db;
	char log[128];
	bool exited;
	int status;          /* from waitpid, once exited */
	bool proxy;          /* started with --proxy-protocol: connections begin
	                      * with a PROXY header (H_PROXY_HEADER) */
};

/* The header the harness's own connections send to a --proxy-protocol daemon. */
#define H_PROXY_HEADER "PROXY TCP4 192.0.2.1 127.0.0.1 40000 7000\r\n"

/* Called once by main() before running, and after, to drop databases left
 * behind by killed tests. h_init exits with a message when the environment
 * is missing. */
void h_init(void);
void h_finish(void);
const char *h_env(const char *name);

/* --- databases (blocking libpq) */
struct h_db *h_db_create(void);
void h_db_drop(struct h_db *db);
PGconn *h_pg_connect(const struct h_db *db);
/* Runs statements (several allowed, no parameters); fails the test on error. */
void h_sql(const struct h_db *db, const char *sql);
/* One value of a one-row query into buf ("" for NULL). */
void h_sql_value(const struct h_db *db, const char *sql, char *buf, size_t size);
/* SELECT pg_notify('svcdesk', payload) in its own transaction. */
void h_notify(const struct h_db *db, const char *payload);
/* Waits until n daemons LISTEN on the channel in db. */
void h_wait_listeners(const struct h_db *db, int n);
/* scripts/pg stop / start (the atexit handler restarts a stopped cluster). */
void h_pg_stop(void);
void h_pg_start(void);

/* A ticket (and its customer) straight into the database: state, region
 * and technician (NULL for none) as given. */
void h_insert_ticket(const struct h_db *db, const char *no, const char *state,
    const char *region, const char *technician);

/* --- daemons. extra: more options, NULL-terminated (or NULL). */
struct h_daemon *h_daemon_start(const struct h_db *db, const char *const *extra);
/* SIGTERM, wait, assert exit status 0 and a log free of sanitizer reports. */
void h_daemon_stop(struct h_daemon *d);
/* Waits for the daemon to exit by itself (after a signal the test sent);
 * false on timeout. */
bool h_daemon_wait_exit(struct h_daemon *d, int timeout_ms);
/* After an exit: status 0 and a clean log; frees d. */
void h_daemon_check_exit(struct h_daemon *d);
void h_daemon_signal(struct h_daemon *d, int sig);

/* A database and a daemon with default options, for the common case. */
struct h_env {
	struct h_db *db;
	struct h_daemon *d;
};
void h_env_start(struct h_env *e, const char *const *extra);
void h_env_stop(struct h_env *e);
/* The common case's Check fixture: `static struct h_env E` and setup() and
 * teardown() starting and stopping it around each test. */
#define H_ENV_FIXTURE(E) \
	static struct h_env E; \
	static void setup(void) { h_env_start(&E, NULL); } \
	static void teardown(void) { h_env_stop(&E); }

/* --- clients */
struct conn *h_connect(const struct h_daemon *d);
/* conn_open that may fail (NULL), for tests that expect refusal. */
struct conn *h_try_connect(const struct h_daemon *d);
/* args: JSON text of the args object, or NULL. The reply (never NULL). */
#define h_call(c, op, args) h_call_at(__FILE__, __LINE__, c, op, args)
cJSON *h_call_at(const char *file, int line, struct conn *c, const char *op,
    const char *args);
/* Like h_call with a cJSON args object (consumed). */
#define h_callj(c, op, args) h_callj_at(__FILE__, __LINE__, c, op, args)
cJSON *h_callj_at(const char *file, int line, struct conn *c, const char *op,
    cJSON *args);
/* Sends raw bytes and returns the next message (reply or push), never NULL. */
#define h_raw(c, bytes, len) h_raw_at(__FILE__, __LINE__, c, bytes, len)
cJSON *h_raw_at(const char *file, int line, struct conn *c, const void *bytes,
    size_t len);
/* The same for a C string. */
#define h_raws(c, text) h_raw_at(__FILE__, __LINE__, c, text, strlen(text))

/* Checks a reply and frees it. field: NULL = not checked, "" = absent. */
#define h_expect_error(reply, code, field) \
	h_expect_error_at(__FILE__, __LINE__, reply, code, field)
void h_expect_error_at(const char *file, int line, cJSON *reply,
    const char *code, const char *field);
/* Checks the reply is ok and returns it (caller frees); result via
 * reply_result(). */
#define h_expect_ok(reply) h_expect_ok_at(__FILE__, __LINE__, reply)
cJSON *h_expect_ok_at(const char *file, int line, cJSON *reply);
/* The reply's id must be this integer (or null when id < 0 is passed as
 * H_NO_ID). */
#define H_NO_ID (-1LL - 0x7fffffffffffffffLL)
#define h_expect_id(reply, id) h_expect_id_at(__FILE__, __LINE__, reply, id)
void h_expect_id_at(const char *file, int line, const cJSON *reply, long long id);

/* ping answers ok. */
#define h_ping(c) h_ping_at(__FILE__, __LINE__, c)
void h_ping_at(const char *file, int line, struct conn *c);
/* Logs in (password demo1234 unless given); asserts success. */
#define h_login(c, user) h_login_at(__FILE__, __LINE__, c, user, H_PASSWORD)
void h_login_at(const char *file, int line, struct conn *c, const char *user,
    const char *password);
/* Connects and logs in. */
#define h_connect_as(d, user) h_connect_as_at(__FILE__, __LINE__, d, user)
struct conn *h_connect_as_at(const char *file, int line,
    const struct h_daemon *d, const char *user);
/* The connection is closed by the daemon within the timeout (messages
 * still queued are discarded). */
#define h_expect_closed(c) h_expect_closed_at(__FILE__, __LINE__, c)
void h_expect_closed_at(const char *file, int line, struct conn *c);
/* No message at all arrives for H_QUIET_MS. */
#define h_expect_silence(c) h_expect_silence_at(__FILE__, __LINE__, c)
void h_expect_silence_at(const char *file, int line, struct conn *c);

/* Small JSON helpers: a string member ("" when absent or not a string). */
const char *h_str(const cJSON *obj, const char *name);
/* Printed JSON for messages; valid until the next call. */
const char *h_show(const cJSON *obj);
void h_sleep_ms(int ms);
long long h_now_ms(void);

/* --- helpers for the record ops' suites (call, customer, dispatch, policy,
 * sweeper) */

/* h_sql and h_sql_value with printf-style SQL; h_sql_int: the one value of
 * a one-row query as an integer. */
void h_sqlf(const struct h_db *db, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
long long h_sql_int(const struct h_db *db, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* A statement with printf-style SQL on a connection of the test's own
 * (h_pg_connect: one that holds locks or a transaction open while the
 * daemon works); fails the test on error. */
void h_pg_exec(PGconn *pg, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* A port of 127.0.0.1 that nothing holds, below the kernel's ephemeral
 * range (scripts/free-port says why). */
int h_free_port(void);
/* Waits until one of the daemon's own connections waits for a lock in a
 * statement holding `marker` (an advisory lock's key, say); fails the test
 * after H_WAIT_MS. */
void h_wait_daemon_blocked(const struct h_db *db, const char *marker);
/* The one value of a one-row query with printf-style SQL, as text in the
 * harness's buffer: valid until the next call. */
const char *h_sql_text(const struct h_db *db, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* h_call with printf-style args text. */
#define h_callf(c, op, ...) h_callf_at(__FILE__, __LINE__, c, op, __VA_ARGS__)
/* h_callf that must succeed: its reply (the caller frees it), or freed. */
#define h_okf(c, op, ...) h_expect_ok_at(__FILE__, __LINE__, \
	h_callf_at(__FILE__, __LINE__, c, op, __VA_ARGS__))
#define h_donef(c, op, ...) cJSON_Delete(h_okf(c, op, __VA_ARGS__))
cJSON *h_callf_at(const char *file, int line, struct conn *c, const char *op,
    const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* subscribe to topics (JSON array text); asserts ok. */
void h_subscribe(struct conn *c, const char *topics);
/* A time member (ISO 8601) of obj as time_t; fails the test when it is not
 * one. h_has_null: the member is present and null. */
#define h_time(obj, name) h_time_at(__FILE__, __LINE__, obj, name)
time_t h_time_at(const char *file, int line, const cJSON *obj, const char *name);
bool h_is_null(const cJSON *obj, const char *name);
/* The centre's (Asia/Shanghai, +08:00) date of t plus days, as YYYY-MM-DD. */
#define H_CENTRE_OFFSET 28800
const char *h_centre_date(time_t t, int days, char *buf, size_t size);
/* A fresh request_key for call.register. */
const char *h_request_key(char *buf, size_t size);
/* Registers a call (as the operator connection c) for a new customer of
 * region with a new unit bought 30 days ago; type "B", "Y", "Z" or "Q"
 * (units only for B and Y). Copies the number into no; returns the reply
 * (caller frees). */
#define h_new_ticket(c, type, region, no, size) \
	h_new_ticket_at(__FILE__, __LINE__, c, type, region, no, size)
cJSON *h_new_ticket_at(const char *file, int line, struct conn *c,
    const char *type, const char *region, char *no, size_t size);
/* Registers a complaint (as c: operator or quality) of a new customer of
 * the urban region, in words "冰箱不制冷"; copies its number into no. */
#define h_new_complaint(c, no, size) h_new_complaint_at(__FILE__, __LINE__, c, no, size)
void h_new_complaint_at(const char *file, int line, struct conn *c, char *no, size_t size);
/* h_new_complaint by op, classified by quality q as "other" (one stage,
 * cs_manager, 2 working days) and that stage's finding recorded by q with
 * the proposal given: proposed; then, when mgr is not NULL, approved by
 * mgr. Its number into no. */
#define h_proposed_complaint(op, q, mgr, proposal, no, size) \
	h_proposed_complaint_at(__FILE__, __LINE__, op, q, mgr, proposal, no, size)
void h_proposed_complaint_at(const char *file, int line, struct conn *op,
    struct conn *q, struct conn *mgr, const char *proposal, char *no, size_t size);
/* A copy of the demo technician (same password) with this login and
 * region (NULL: none). */
void h_add_technician(const struct h_db *db, const char *login, const char *region);

/* obj[name] (NULL when absent), and the same asserted to be a number. */
const cJSON *h_member(const cJSON *obj, const char *name);
long long h_int_member(const cJSON *obj, const char *name);

#endif
