/*
 * harness.c: databases, daemons and clients for the integration tests; see
 * harness.h.
 */
#include "tests/integration/harness.h"

#include "common/timefmt.h"

#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>

#define MAX_TRACKED 16

static pid_t run_pid;                 /* main()'s pid: names this run's databases */
static int db_counter, log_counter;
static pid_t registered_in;           /* process whose atexit handler is set */
static struct h_db *live_dbs[MAX_TRACKED];
static struct h_daemon *live_daemons[MAX_TRACKED];
static bool pg_stopped;

const char *
h_env(const char *name)
{
	const char *v = getenv(name);

	return v != NULL ? v : "";
}

long long
h_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void
h_sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

const char *
h_str(const cJSON *obj, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);

	return cJSON_IsString(v) ? v->valuestring : "";
}

const char *
h_show(const cJSON *obj)
{
	static char buf[600];
	char *text = obj ? cJSON_PrintUnformatted(obj) : NULL;

	snprintf(buf, sizeof buf, "%s", text ? text : "(none)");
	cJSON_free(text);
	return buf;
}

/* --- cleanup of whatever a test left running */

static void
track(void **slots, void *p)
{
	for (int i = 0; i < MAX_TRACKED; i++)
		if (slots[i] == NULL) {
			slots[i] = p;
			return;
		}
	ck_abort_msg("harness: more than %d databases or daemons in one test", MAX_TRACKED);
}

static void
untrack(void **slots, void *p)
{
	for (int i = 0; i < MAX_TRACKED; i++)
		if (slots[i] == p)
			slots[i] = NULL;
}

static void
kill_daemon(struct h_daemon *d)
{
	if (d->exited)
		return;
	kill(d->pid, SIGTERM);
	for (int i = 0; i < 300; i++) {
		if (waitpid(d->pid, &d->status, WNOHANG) == d->pid) {
			d->exited = true;
			return;
		}
		h_sleep_ms(10);
	}
	kill(d->pid, SIGKILL);
	waitpid(d->pid, &d->status, 0);
	d->exited = true;
}

static void
cleanup_at_exit(void)
{
	if (registered_in != getpid())
		return;
	for (int i = 0; i < MAX_TRACKED; i++)
		if (live_daemons[i] != NULL) {
			kill_daemon(live_daemons[i]);
			unlink(live_daemons[i]->log);
			live_daemons[i] = NULL;
		}
	if (pg_stopped) {
		/* No assertions here: this runs inside exit(). */
		char cmd[1200];
		snprintf(cmd, sizeof cmd, "'%s/scripts/pg' start >/dev/null 2>&1",
		    h_env("SVCDESK_REPO"));
		if (system(cmd) == 0)
			pg_stopped = false;
	}
	for (int i = 0; i < MAX_TRACKED; i++)
		if (live_dbs[i] != NULL) {
			struct h_db *db = live_dbs[i];
			char sql[160];
			PGconn *pg = PQconnectdb(h_env("SVCDESK_TEST_PG"));

			live_dbs[i] = NULL;
			snprintf(sql, sizeof sql,
			    "DROP DATABASE IF EXISTS \"%s\" WITH (FORCE)", db->name);
			if (PQstatus(pg) == CONNECTION_OK)
				PQclear(PQexec(pg, sql));
			PQfinish(pg);
		}
}

static void
register_cleanup(void)
{
	if (registered_in == getpid())
		return;
	memset(live_dbs, 0, sizeof live_dbs);
	memset(live_daemons, 0, sizeof live_daemons);
	pg_stopped = false;
	registered_in = getpid();
	atexit(cleanup_at_exit);
}

void
h_init(void)
{
	static const char *const need[] = { "SVCDESK_TEST_PG", "SVCDESK_TEST_TEMPLATE",
	    "SVCDESK_BIN", "SVCDESK_REPO", "SVCDESK_VAR", "SVCDESK_PGPORT" };
	char path[1024];

	for (size_t i = 0; i < sizeof need / sizeof *need; i++)
		if (h_env(need[i])[0] == '\0') {
			fprintf(stderr, "test_integration: %s is not set; run it through "
			    "scripts/check (make check), which starts a throwaway cluster\n",
			    need[i]);
			exit(2);
		}
	snprintf(path, sizeof path, "%s/svcdeskd", h_env("SVCDESK_BIN"));
	if (access(path, X_OK) != 0) {
		fprintf(stderr, "test_integration: no %s\n", path);
		exit(2);
	}
	run_pid = getpid();
	signal(SIGPIPE, SIG_IGN);
}

/* Drops the databases of this run that a killed test left behind. */
void
h_finish(void)
{
	PGconn *pg = PQconnectdb(h_env("SVCDESK_TEST_PG"));
	PGresult *res;
	char like[64];
	const char *params[1] = { like };

	if (PQstatus(pg) != CONNECTION_OK) {
		/* A test killed between scripts/pg stop and start: start it. */
		char cmd[1200];

		PQfinish(pg);
		snprintf(cmd, sizeof cmd, "'%s/scripts/pg' start >/dev/null 2>&1",
		    h_env("SVCDESK_REPO"));
		if (system(cmd) != 0)
			return;
		pg = PQconnectdb(h_env("SVCDESK_TEST_PG"));
		if (PQstatus(pg) != CONNECTION_OK) {
			PQfinish(pg);
			return;
		}
	}
	snprintf(like, sizeof like, "t\\_%d\\_%%", (int)run_pid);
	res = PQexecParams(pg, "SELECT datname FROM pg_database WHERE datname LIKE $1",
	    1, NULL, params, NULL, NULL, 0);
	for (int i = 0; PQresultStatus(res) == PGRES_TUPLES_OK && i < PQntuples(res); i++) {
		char sql[160];
		snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS \"%s\" WITH (FORCE)",
		    PQgetvalue(res, i, 0));
		PQclear(PQexec(pg, sql));
	}
	PQclear(res);
	PQfinish(pg);
}

/* --- databases */

static PGconn *
connect_or_fail(const char *conninfo)
{
	PGconn *pg = PQconnectdb(conninfo);

	ck_assert_msg(PQstatus(pg) == CONNECTION_OK, "cannot connect to %s: %s",
	    conninfo, PQerrorMessage(pg));
	return pg;
}

struct h_db *
h_db_create(void)
{
	struct h_db *db = calloc(1, sizeof *db);
	PGconn *pg;
	char sql[256];
	bool done = false;

	ck_assert_ptr_nonnull(db);
	register_cleanup();
	snprintf(db->name, sizeof db->name, "t_%d_%d_%d", (int)run_pid, (int)getpid(),
	    ++db_counter);
	/* libpq takes the last value of a repeated keyword. */
	snprintf(db->conninfo, sizeof db->conninfo, "%s dbname=%s",
	    h_env("SVCDESK_TEST_PG"), db->name);
	snprintf(sql, sizeof sql, "CREATE DATABASE \"%s\" TEMPLATE \"%s\"", db->name,
	    h_env("SVCDESK_TEST_TEMPLATE"));
	pg = connect_or_fail(h_env("SVCDESK_TEST_PG"));
	/* The template may be busy for a moment (another copy being made). */
	for (int attempt = 0; attempt < 50 && !done; attempt++) {
		PGresult *res = PQexec(pg, sql);
		done = PQresultStatus(res) == PGRES_COMMAND_OK;
		if (!done && attempt == 49)
			ck_abort_msg("%s: %s", sql, PQresultErrorMessage(res));
		PQclear(res);
		if (!done)
			h_sleep_ms(100);
	}
	PQfinish(pg);
	track((void **)live_dbs, db);
	return db;
}

void
h_db_drop(struct h_db *db)
{
	PGconn *pg;
	PGresult *res;
	char sql[160];

	if (db == NULL)
		return;
	pg = connect_or_fail(h_env("SVCDESK_TEST_PG"));
	snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS \"%s\" WITH (FORCE)", db->name);
	res = PQexec(pg, sql);
	ck_assert_msg(PQresultStatus(res) == PGRES_COMMAND_OK, "%s: %s", sql,
	    PQresultErrorMessage(res));
	PQclear(res);
	PQfinish(pg);
	untrack((void **)live_dbs, db);
	free(db);
}

PGconn *
h_pg_connect(const struct h_db *db)
{
	return connect_or_fail(db->conninfo);
}

void
h_sql(const struct h_db *db, const char *sql)
{
	PGconn *pg = h_pg_connect(db);
	PGresult *res = PQexec(pg, sql);
	ExecStatusType st = PQresultStatus(res);

	ck_assert_msg(st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK, "%.200s: %s",
	    sql, PQresultErrorMessage(res));
	PQclear(res);
	PQfinish(pg);
}

void
h_sql_value(const struct h_db *db, const char *sql, char *buf, size_t size)
{
	PGconn *pg = h_pg_connect(db);
	PGresult *res = PQexec(pg, sql);

	ck_assert_msg(PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1,
	    "%.200s: %s", sql, PQresultErrorMessage(res));
	snprintf(buf, size, "%s", PQgetvalue(res, 0, 0));
	PQclear(res);
	PQfinish(pg);
}

void
h_notify(const struct h_db *db, const char *payload)
{
	PGconn *pg = h_pg_connect(db);
	const char *params[1] = { payload };
	PGresult *res = PQexecParams(pg, "SELECT pg_notify('svcdesk', $1)", 1, NULL,
	    params, NULL, NULL, 0);

	ck_assert_msg(PQresultStatus(res) == PGRES_TUPLES_OK, "pg_notify: %s",
	    PQresultErrorMessage(res));
	PQclear(res);
	PQfinish(pg);
}

void
h_insert_ticket(const struct h_db *db, const char *no, const char *state,
    const char *region, const char *technician)
{
	char sql[1024], tech[80];

	if (technician != NULL)
		snprintf(tech, sizeof tech, "'%s'", technician);
	else
		snprintf(tech, sizeof tech, "NULL");
	snprintf(sql, sizeof sql,
	    "WITH c AS (INSERT INTO customers (name, phones, address, region) "
	    "VALUES ('测试客户', '{13800138000}', '中山路1号', '%s') RETURNING id) "
	    "INSERT INTO tickets (no, type, channel, state, service_class, customer_id, "
	    "region, fault, taken_by, owner, technician) "
	    "SELECT '%s', left('%s', 1), 'phone', '%s', 'C', c.id, '%s', '不制冷', "
	    "'operator', 'operator', %s FROM c",
	    region, no, no, state, region, tech);
	h_sql(db, sql);
}

void
h_wait_listeners(const struct h_db *db, int n)
{
	char sql[512], count[16];
	long long deadline = h_now_ms() + 2 * H_WAIT_MS;

	snprintf(sql, sizeof sql, "SELECT count(*) FROM pg_stat_activity WHERE "
	    "datname = '%s' AND application_name = 'svcdeskd-listen' AND "
	    "state = 'idle' AND query ILIKE 'LISTEN%%'", db->name);
	for (;;) {
		h_sql_value(db, sql, count, sizeof count);
		if (atoi(count) >= n)
			return;
		ck_assert_msg(h_now_ms() < deadline, "only %s of %d daemons LISTEN on %s",
		    count, n, db->name);
		h_sleep_ms(50);
	}
}

static void
run_pg_script(const char *what)
{
	char cmd[1200];
	int rc;

	snprintf(cmd, sizeof cmd, "'%s/scripts/pg' %s >/dev/null 2>&1",
	    h_env("SVCDESK_REPO"), what);
	rc = system(cmd);
	if (strcmp(what, "stop") == 0 && rc == 0)
		pg_stopped = true;
	if (strcmp(what, "start") == 0 && rc == 0)
		pg_stopped = false;
	ck_assert_msg(rc == 0, "scripts/pg %s failed (%d)", what, rc);
}

void
h_pg_stop(void)
{
	register_cleanup();
	run_pg_script("stop");
}

void
h_pg_start(void)
{
	run_pg_script("start");
}

/* --- daemons */

/* The lowest port the kernel gives connect() (32768 by default). */
static int
ephemeral_low(void)
{
	FILE *f = fopen("/proc/sys/net/ipv4/ip_local_port_range", "r");
	int low = 32768;

	if (f) {
		if (fscanf(f, "%d", &low) != 1)
			low = 32768;
		fclose(f);
	}
	return low;
}

static bool
port_bindable(int port)
{
	struct sockaddr_in sa = { .sin_family = AF_INET,
	    .sin_addr.s_addr = htonl(INADDR_LOOPBACK), .sin_port = htons((uint16_t)port) };
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	bool ok;

	ck_assert_int_ge(fd, 0);
	ok = bind(fd, (struct sockaddr *)&sa, sizeof sa) == 0;
	close(fd);
	return ok;
}

/* Below the ephemeral range, as scripts/free-port says why: a port there is
 * held only by an explicit bind, never by some connection's TIME_WAIT. */
int
h_free_port(void)
{
	int high = ephemeral_low(), low = high > 12000 ? 10000 : 1024;
	static pid_t seeded;

	if (seeded != getpid()) {	/* each forked test its own sequence */
		seeded = getpid();
		srandom((unsigned)seeded ^ (unsigned)time(NULL));
	}
	for (int i = 0; i < 1000; i++) {
		int port = low + (int)(random() % (high - low));

		if (port_bindable(port))
			return port;
	}
	ck_abort_msg("no free port below %d", high);
	return -1;
}

/* The last lines of the daemon's log, for failure messages. */
static const char *
log_tail(const struct h_daemon *d)
{
	static char buf[1500];
	FILE *f = fopen(d->log, "r");
	long size;
	size_t n;

	buf[0] = '\0';
	if (f == NULL)
		return buf;
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	fseek(f, size > (long)sizeof buf - 1 ? size - (long)sizeof buf + 1 : 0, SEEK_SET);
	n = fread(buf, 1, sizeof buf - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static bool
log_contains(const struct h_daemon *d, const char *needle)
{
	FILE *f = fopen(d->log, "r");
	char line[4096];
	bool found = false;

	if (f == NULL)
		return false;
	while (!found && fgets(line, sizeof line, f) != NULL)
		found = strstr(line, needle) != NULL;
	fclose(f);
	return found;
}

static pid_t
spawn(struct h_daemon *d, const char *const *extra)
{
	char path[1024], listen_at[64];
	const char *argv[64];
	int argc = 0, fd;
	pid_t parent = getpid(), pid;

	snprintf(path, sizeof path, "%s/svcdeskd", h_env("SVCDESK_BIN"));
	snprintf(listen_at, sizeof listen_at, "127.0.0.1:%d", d->port);
	argv[argc++] = path;
	argv[argc++] = "serve";
	argv[argc++] = "--db";
	argv[argc++] = d->db->conninfo;
	argv[argc++] = "--listen";
	argv[argc++] = listen_at;
	for (int i = 0; extra != NULL && extra[i] != NULL && argc < 62; i++)
		argv[argc++] = extra[i];
	argv[argc] = NULL;
	fd = open(d->log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	ck_assert_msg(fd >= 0, "cannot create %s", d->log);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		int null = open("/dev/null", O_RDONLY);
		/* Die with the test, even when it is killed. */
		prctl(PR_SET_PDEATHSIG, SIGTERM);
		if (getppid() != parent)
			_exit(127);
		dup2(null, 0);
		dup2(fd, 1);
		dup2(fd, 2);
		execv(path, (char *const *)argv);
		dprintf(2, "cannot run %s: %s\n", path, strerror(errno));
		_exit(127);
	}
	close(fd);
	return pid;
}

/* Waits until the daemon accepts and its database is up (ping says so).
 * False when it exited first (e.g. the port was taken meanwhile). */
static bool
wait_ready(struct h_daemon *d)
{
	long long deadline = h_now_ms() + 2 * H_WAIT_MS;
	struct conn *c = NULL;

	while (c == NULL) {
		if (waitpid(d->pid, &d->status, WNOHANG) == d->pid) {
			d->exited = true;
			return false;
		}
		ck_assert_msg(h_now_ms() < deadline, "svcdeskd on port %d never accepted; "
		    "log %s:\n%s", d->port, d->log, log_tail(d));
		if ((c = h_try_connect(d)) == NULL)
			h_sleep_ms(20);
	}
	if (d->proxy)
		ck_assert(conn_send_raw(c, H_PROXY_HEADER, strlen(H_PROXY_HEADER)));
	for (;;) {
		cJSON *r = conn_call(c, "ping", NULL, H_WAIT_MS);
		bool up = r != NULL && cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(
		    reply_result(r), "database"));

		ck_assert_msg(r != NULL && reply_ok(r), "ping failed while starting: %s; log:\n%s",
		    h_show(r), log_tail(d));
		cJSON_Delete(r);
		if (up)
			break;
		ck_assert_msg(h_now_ms() < deadline, "svcdeskd never reached its database; "
		    "log:\n%s", log_tail(d));
		h_sleep_ms(20);
	}
	conn_close(c);
	return true;
}

struct h_daemon *
h_daemon_start(const struct h_db *db, const char *const *extra)
{
	struct h_daemon *d = calloc(1, sizeof *d);

	ck_assert_ptr_nonnull(d);
	register_cleanup();
	d->db = db;
	for (const char *const *o = extra; o != NULL && *o != NULL; o++)
		d->proxy = d->proxy || strcmp(*o, "--proxy-protocol") == 0;
	snprintf(d->log, sizeof d->log, "/tmp/svcdesk-it-%d-%d.log", (int)getpid(),
	    ++log_counter);
	for (int attempt = 0; attempt < 3; attempt++) {
		d->port = h_free_port();
		d->exited = false;
		d->pid = spawn(d, extra);
		track((void **)live_daemons, d);
		if (wait_ready(d))
			return d;
		untrack((void **)live_daemons, d);
		if (!log_contains(d, "cannot listen")) {
			static char tail[1600];
			snprintf(tail, sizeof tail, "%s", log_tail(d));
			unlink(d->log);
			ck_abort_msg("svcdeskd exited at start (status %d); log:\n%s",
			    d->status, tail);
		}
	}
	ck_abort_msg("svcdeskd could not get a free port");
	return NULL;
}

void
h_daemon_signal(struct h_daemon *d, int sig)
{
	ck_assert(!d->exited);
	ck_assert_int_eq(kill(d->pid, sig), 0);
}

bool
h_daemon_wait_exit(struct h_daemon *d, int timeout_ms)
{
	long long deadline = h_now_ms() + timeout_ms;

	while (!d->exited) {
		if (waitpid(d->pid, &d->status, WNOHANG) == d->pid) {
			d->exited = true;
			break;
		}
		if (h_now_ms() >= deadline)
			return false;
		h_sleep_ms(10);
	}
	return true;
}

void
h_daemon_check_exit(struct h_daemon *d)
{
	static const char *const reports[] = { "AddressSanitizer", "LeakSanitizer",
	    "runtime error", "ThreadSanitizer" };
	static char problem[2048];

	ck_assert(d->exited);
	untrack((void **)live_daemons, d);
	problem[0] = '\0';
	if (!WIFEXITED(d->status) || WEXITSTATUS(d->status) != 0)
		snprintf(problem, sizeof problem, "svcdeskd did not exit with status 0 "
		    "(%s %d); log:\n%s", WIFSIGNALED(d->status) ? "signal" : "status",
		    WIFSIGNALED(d->status) ? WTERMSIG(d->status) : WEXITSTATUS(d->status),
		    log_tail(d));
	for (size_t i = 0; i < sizeof reports / sizeof *reports && !problem[0]; i++)
		if (log_contains(d, reports[i]))
			snprintf(problem, sizeof problem, "%s in the daemon's log:\n%s",
			    reports[i], log_tail(d));
	/* The message carries the log's tail; the file itself goes. */
	unlink(d->log);
	free(d);
	ck_assert_msg(problem[0] == '\0', "%s", problem);
}

void
h_daemon_stop(struct h_daemon *d)
{
	if (d == NULL)
		return;
	if (!d->exited)
		kill(d->pid, SIGTERM);
	/* The drain deadline is 10 s by default. */
	if (!h_daemon_wait_exit(d, 3 * H_WAIT_MS)) {
		kill(d->pid, SIGKILL);
		h_daemon_wait_exit(d, H_WAIT_MS);
		ck_abort_msg("svcdeskd ignored SIGTERM; log %s:\n%s", d->log, log_tail(d));
	}
	h_daemon_check_exit(d);
}

void
h_env_start(struct h_env *e, const char *const *extra)
{
	e->db = h_db_create();
	e->d = h_daemon_start(e->db, extra);
}

void
h_env_stop(struct h_env *e)
{
	h_daemon_stop(e->d);
	e->d = NULL;
	h_db_drop(e->db);
	e->db = NULL;
}

/* --- clients */

struct conn *
h_try_connect(const struct h_daemon *d)
{
	struct conn_options opt = { .host = "127.0.0.1", .port = d->port, .tls = 0,
	    .timeout_ms = 2000 };
	char err[256];

	return conn_open(&opt, err, sizeof err);
}

struct conn *
h_connect(const struct h_daemon *d)
{
	struct conn_options opt = { .host = "127.0.0.1", .port = d->port, .tls = 0,
	    .timeout_ms = H_WAIT_MS };
	char err[256] = "";
	struct conn *c = conn_open(&opt, err, sizeof err);

	ck_assert_msg(c != NULL, "cannot connect to svcdeskd on port %d: %s", d->port, err);
	return c;
}

cJSON *
h_callj_at(const char *file, int line, struct conn *c, const char *op, cJSON *args)
{
	cJSON *r = conn_call(c, op, args, H_WAIT_MS);

	ck_assert_msg(r != NULL, "%s:%d: no reply to %s (%s)", file, line, op,
	    conn_closed(c) ? "connection closed" : "timed out");
	return r;
}

cJSON *
h_call_at(const char *file, int line, struct conn *c, const char *op,
    const char *args)
{
	cJSON *a = NULL;

	if (args != NULL) {
		a = cJSON_Parse(args);
		ck_assert_msg(a != NULL, "%s:%d: bad args JSON in the test: %s", file,
		    line, args);
	}
	return h_callj_at(file, line, c, op, a);
}

cJSON *
h_raw_at(const char *file, int line, struct conn *c, const void *bytes, size_t len)
{
	cJSON *r;

	ck_assert_msg(conn_send_raw(c, bytes, len), "%s:%d: cannot send", file, line);
	r = conn_wait(c, H_WAIT_MS);
	ck_assert_msg(r != NULL, "%s:%d: no answer to %zu raw bytes (%s)", file, line,
	    len, conn_closed(c) ? "connection closed" : "timed out");
	return r;
}

void
h_expect_error_at(const char *file, int line, cJSON *reply, const char *code,
    const char *field)
{
	const cJSON *err = cJSON_GetObjectItemCaseSensitive(reply, "error");

	ck_assert_msg(reply != NULL, "%s:%d: no reply", file, line);
	ck_assert_msg(cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(reply, "ok")),
	    "%s:%d: want %s, got %s", file, line, code, h_show(reply));
	ck_assert_msg(strcmp(reply_code(reply), code) == 0, "%s:%d: want %s, got %s",
	    file, line, code, h_show(reply));
	ck_assert_msg(cJSON_IsString(cJSON_GetObjectItemCaseSensitive(err, "message")) &&
	    h_str(err, "message")[0] != '\0', "%s:%d: error without a message: %s",
	    file, line, h_show(reply));
	if (field != NULL && field[0] == '\0')
		ck_assert_msg(cJSON_GetObjectItemCaseSensitive(err, "field") == NULL,
		    "%s:%d: want no field, got %s", file, line, h_show(reply));
	else if (field != NULL)
		ck_assert_msg(strcmp(reply_field(reply), field) == 0,
		    "%s:%d: want %s on field %s, got %s", file, line, code, field,
		    h_show(reply));
	cJSON_Delete(reply);
}

cJSON *
h_expect_ok_at(const char *file, int line, cJSON *reply)
{
	ck_assert_msg(reply != NULL, "%s:%d: no reply", file, line);
	ck_assert_msg(reply_ok(reply) && cJSON_IsObject(reply_result(reply)),
	    "%s:%d: want ok, got %s", file, line, h_show(reply));
	return reply;
}

void
h_expect_id_at(const char *file, int line, const cJSON *reply, long long id)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(reply, "id");

	if (id == H_NO_ID)
		ck_assert_msg(cJSON_IsNull(v), "%s:%d: want id null, got %s", file, line,
		    h_show(reply));
	else
		ck_assert_msg(cJSON_IsNumber(v) && (long long)v->valuedouble == id,
		    "%s:%d: want id %lld, got %s", file, line, id, h_show(reply));
}

void
h_ping_at(const char *file, int line, struct conn *c)
{
	cJSON *r = h_callj_at(file, line, c, "ping", NULL);

	ck_assert_msg(reply_ok(r) && h_str(reply_result(r), "server_time")[0] != '\0',
	    "%s:%d: ping: %s", file, line, h_show(r));
	cJSON_Delete(r);
}

void
h_login_at(const char *file, int line, struct conn *c, const char *user,
    const char *password)
{
	cJSON *args = cJSON_CreateObject(), *r;

	cJSON_AddStringToObject(args, "user", user);
	cJSON_AddStringToObject(args, "password", password);
	r = h_callj_at(file, line, c, "session.login", args);
	ck_assert_msg(reply_ok(r), "%s:%d: login as %s: %s", file, line, user, h_show(r));
	ck_assert_msg(strcmp(h_str(reply_result(r), "user"), user) == 0,
	    "%s:%d: login as %s: %s", file, line, user, h_show(r));
	cJSON_Delete(r);
}

struct conn *
h_connect_as_at(const char *file, int line, const struct h_daemon *d, const char *user)
{
	struct conn *c = h_connect(d);

	h_login_at(file, line, c, user, H_PASSWORD);
	return c;
}

void
h_expect_closed_at(const char *file, int line, struct conn *c)
{
	long long deadline = h_now_ms() + H_WAIT_MS;
	cJSON *m;

	while (!conn_closed(c)) {
		int left = (int)(deadline - h_now_ms());
		ck_assert_msg(left > 0, "%s:%d: the daemon did not close the connection",
		    file, line);
		m = conn_wait(c, left);
		cJSON_Delete(m);
	}
}

void
h_expect_silence_at(const char *file, int line, struct conn *c)
{
	cJSON *m = conn_wait(c, H_QUIET_MS);

	ck_assert_msg(m == NULL, "%s:%d: unexpected message %s", file, line, h_show(m));
}

/* --- helpers for the record ops' suites */

void
h_sqlf(const struct h_db *db, const char *fmt, ...)
{
	char sql[8192];
	va_list ap;

	va_start(ap, fmt);
	ck_assert_int_lt(vsnprintf(sql, sizeof sql, fmt, ap), (int)sizeof sql);
	va_end(ap);
	h_sql(db, sql);
}

void
h_pg_exec(PGconn *pg, const char *fmt, ...)
{
	char sql[8192];
	va_list ap;
	PGresult *res;

	va_start(ap, fmt);
	ck_assert_int_lt(vsnprintf(sql, sizeof sql, fmt, ap), (int)sizeof sql);
	va_end(ap);
	res = PQexec(pg, sql);
	ck_assert_msg(PQresultStatus(res) == PGRES_COMMAND_OK ||
	    PQresultStatus(res) == PGRES_TUPLES_OK, "%s: %s", sql, PQerrorMessage(pg));
	PQclear(res);
}

void
h_wait_daemon_blocked(const struct h_db *db, const char *marker)
{
	long long deadline = h_now_ms() + H_WAIT_MS;

	while (h_sql_int(db, "SELECT count(*) FROM pg_stat_activity WHERE application_name ="
	    " 'svcdeskd' AND wait_event_type = 'Lock' AND strpos(query, '%s') > 0", marker) == 0) {
		ck_assert_msg(h_now_ms() < deadline, "the daemon never waited for a lock in %s",
		    marker);
		h_sleep_ms(20);
	}
}

long long
h_sql_int(const struct h_db *db, const char *fmt, ...)
{
	char sql[8192], value[64];
	va_list ap;

	va_start(ap, fmt);
	ck_assert_int_lt(vsnprintf(sql, sizeof sql, fmt, ap), (int)sizeof sql);
	va_end(ap);
	h_sql_value(db, sql, value, sizeof value);
	return atoll(value);
}

const char *
h_sql_text(const struct h_db *db, const char *fmt, ...)
{
	static char value[1024];
	char sql[8192];
	va_list ap;

	va_start(ap, fmt);
	ck_assert_int_lt(vsnprintf(sql, sizeof sql, fmt, ap), (int)sizeof sql);
	va_end(ap);
	h_sql_value(db, sql, value, sizeof value);
	return value;
}

cJSON *
h_callf_at(const char *file, int line, struct conn *c, const char *op,
    const char *fmt, ...)
{
	char args[16384];
	va_list ap;

	va_start(ap, fmt);
	ck_assert_int_lt(vsnprintf(args, sizeof args, fmt, ap), (int)sizeof args);
	va_end(ap);
	return h_call_at(file, line, c, op, args);
}

void
h_subscribe(struct conn *c, const char *topics)
{
	cJSON_Delete(h_expect_ok(h_callf(c, "subscribe", "{\"topics\":%s}", topics)));
}

time_t
h_time_at(const char *file, int line, const cJSON *obj, const char *name)
{
	time_t t = 0;

	ck_assert_msg(time_parse_iso(h_str(obj, name), &t), "%s:%d: %s is not a time in %s",
	    file, line, name, h_show(obj));
	return t;
}

bool
h_is_null(const cJSON *obj, const char *name)
{
	return cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(obj, name));
}

const char *
h_centre_date(time_t t, int days, char *buf, size_t size)
{
	time_t local = t + H_CENTRE_OFFSET + (time_t)days * 86400;
	struct tm tm;

	gmtime_r(&local, &tm);
	if (strftime(buf, size, "%Y-%m-%d", &tm) == 0)
		buf[0] = '\0';
	return buf;
}

const char *
h_request_key(char *buf, size_t size)
{
	static int counter;
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	snprintf(buf, size, "it-%d-%lld-%ld-%d", (int)getpid(), (long long)ts.tv_sec,
	    ts.tv_nsec, ++counter);
	return buf;
}

cJSON *
h_new_ticket_at(const char *file, int line, struct conn *c, const char *type,
    const char *region, char *no, size_t size)
{
	static int serial;
	char key[96], bought[16], unit[256];
	bool with_unit = strcmp(type, "B") == 0 || strcmp(type, "Y") == 0;
	cJSON *r;

	h_centre_date(time(NULL), -30, bought, sizeof bought);
	snprintf(unit, sizeof unit, ",\"unit\":{\"model\":\"KFR-35GW\",\"serial\":"
	    "\"SN-%d-%d\",\"purchase_date\":\"%s\"}", (int)getpid(), ++serial, bought);
	r = h_callf_at(file, line, c, "call.register", "{\"request_key\":\"%s\","
	    "\"channel\":\"phone\",\"type\":\"%s\",\"customer\":{\"name\":\"客户%d\","
	    "\"phones\":[\"1380013%04d\"],\"address\":\"中山路%d号\",\"region\":\"%s\"}"
	    "%s,\"fault\":\"不制冷\"}", h_request_key(key, sizeof key), type, serial,
	    serial % 10000, serial, region, with_unit ? unit : "");
	h_expect_ok_at(file, line, r);
	if (no != NULL)
		snprintf(no, size, "%s", h_str(reply_result(r), "no"));
	return r;
}

void
h_new_complaint_at(const char *file, int line, struct conn *c, char *no, size_t size)
{
	char key[96];
	cJSON *r = h_callf_at(file, line, c, "complaint.register", "{\"request_key\":\"%s\","
	    "\"channel\":\"phone\",\"customer\":{\"name\":\"投诉人\",\"phones\":"
	    "[\"13911112222\"],\"address\":\"人民路1号\",\"region\":\"urban\"},"
	    "\"text\":\"冰箱不制冷\"}",
	    h_request_key(key, sizeof key));

	h_expect_ok_at(file, line, r);
	snprintf(no, size, "%s", h_str(reply_result(r), "no"));
	cJSON_Delete(r);
}

void
h_proposed_complaint_at(const char *file, int line, struct conn *op, struct conn *q,
    struct conn *mgr, const char *proposal, char *no, size_t size)
{
	h_new_complaint_at(file, line, op, no, size);
	cJSON_Delete(h_expect_ok_at(file, line, h_callf_at(file, line, q, "complaint.classify",
	    "{\"no\":\"%s\",\"severity\":\"minor\",\"category\":\"other\"}", no)));
	cJSON_Delete(h_expect_ok_at(file, line, h_callf_at(file, line, q, "complaint.advance",
	    "{\"no\":\"%s\",\"finding\":\"属实\",\"proposal\":\"%s\"}", no, proposal)));
	if (mgr != NULL)
		cJSON_Delete(h_expect_ok_at(file, line, h_callf_at(file, line, mgr,
		    "complaint.approve", "{\"no\":\"%s\"}", no)));
}

void
h_add_technician(const struct h_db *db, const char *login, const char *region)
{
	char reg[32];

	if (region != NULL)
		snprintf(reg, sizeof reg, "'%s'", region);
	else
		snprintf(reg, sizeof reg, "NULL");
	h_sqlf(db, "INSERT INTO users (login, name, role, password_hash, department, region) "
	    "SELECT '%s', '技术员 %s', 'technician', password_hash, 'service', %s "
	    "FROM users WHERE login = 'technician'", login, login, reg);
}

const cJSON *
h_member(const cJSON *obj, const char *name)
{
	return cJSON_GetObjectItemCaseSensitive(obj, name);
}

long long
h_int_member(const cJSON *obj, const char *name)
{
	const cJSON *v = h_member(obj, name);

	ck_assert_msg(cJSON_IsNumber(v), "%s is not a number in %s", name, h_show(obj));
	return (long long)v->valuedouble;
}
