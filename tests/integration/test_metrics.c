/*
 * test_metrics.c: svcdeskd serve --metrics-listen (server/metrics.h). Every
 * line of /metrics is checked against Prometheus' text format 0.0.4, and
 * the counts move by exactly what the test did: requests per op and code
 * and their histograms, clients, pushes against the pushes a subscriber
 * received, the sweeper's marks, the outbox's rows, the pool and its
 * reconnects, the report pool's beside it, the LISTEN connection's
 * reconnects, clients cut at each output limit. /health answers 200, 503
 * with the database stopped, 200 once it is back; any other path 404.
 * --metrics-max-connections holds further connections unanswered.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <poll.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include "tests/integration/harness.h"
#include "tests/integration/suites.h"

/* --- HTTP */

static int
connect_port(int port)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port),
	    .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	long long end = h_now_ms() + H_WAIT_MS;

	for (;;) {
		int fd = socket(AF_INET, SOCK_STREAM, 0);
		ck_assert_int_ge(fd, 0);
		if (connect(fd, (struct sockaddr *)&sa, sizeof sa) == 0)
			return fd;
		close(fd);
		ck_assert_msg(errno == ECONNREFUSED && h_now_ms() < end,
		    "cannot connect to the metrics port %d: %s", port, strerror(errno));
		h_sleep_ms(50);
	}
}

/* GET path (or another method): the status, and the body (caller frees). */
static int
http(int port, const char *method, const char *path, char **body)
{
	int fd = connect_port(port), status = 0;
	char req[256], *buf = NULL, *start;
	size_t len = 0, cap = 0;
	ssize_t n;
	struct timeval tv = { H_WAIT_MS / 1000, 0 };

	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	snprintf(req, sizeof req, "%s %s HTTP/1.0\r\nHost: localhost\r\n\r\n", method, path);
	ck_assert(write(fd, req, strlen(req)) == (ssize_t)strlen(req));
	do {
		if (cap - len < 65536) {
			cap = cap * 2 + 65536;
			ck_assert_ptr_nonnull(buf = realloc(buf, cap + 1));
		}
		n = read(fd, buf + len, cap - len);
		ck_assert_msg(n >= 0, "reading %s: %s", path, strerror(errno));
		len += (size_t)n;
	} while (n > 0);
	close(fd);
	buf[len] = '\0';
	ck_assert_msg(sscanf(buf, "HTTP/1.%*d %d", &status) == 1, "not HTTP: %.80s", buf);
	start = strstr(buf, "\r\n\r\n");
	ck_assert_ptr_nonnull(start);
	*body = strdup(start + 4);
	free(buf);
	return status;
}

/* --- the exposition format */

struct sample {
	char key[256];      /* name{labels} as written */
	double value;
};
struct scrape {
	struct sample *s;
	int n;
	char families[64][64];
	char types[64][16];
	int nfamilies;
};

static int
family_index(const struct scrape *sc, const char *name, size_t len)
{
	for (int i = 0; i < sc->nfamilies; i++)
		if (strlen(sc->families[i]) == len && strncmp(sc->families[i], name, len) == 0)
			return i;
	return -1;
}

static bool
name_char(char c, bool first)
{
	return isalpha((unsigned char)c) || c == '_' || c == ':' ||
	    (!first && isdigit((unsigned char)c));
}

static size_t
name_len(const char *p)
{
	size_t n = 0;

	while (name_char(p[n], n == 0))
		n++;
	return n;
}

/* "# HELP name text" or "# TYPE name type": the family's type recorded. */
static void
check_comment(struct scrape *sc, const char *line, int lineno)
{
	static const char *const types[] = { "counter", "gauge", "histogram", "summary",
		"untyped", NULL };
	bool help = strncmp(line, "# HELP ", 7) == 0;
	const char *name = line + 7, *rest;
	size_t n;

	ck_assert_msg(help || strncmp(line, "# TYPE ", 7) == 0, "line %d: %s", lineno, line);
	n = name_len(name);
	ck_assert_msg(n > 0 && name[n] == ' ' && name[n + 1] != '\0',
	    "line %d: bad name or no text: %s", lineno, line);
	if (help)
		return;
	rest = name + n + 1;
	ck_assert_msg(family_index(sc, name, n) < 0, "line %d: second TYPE: %s", lineno, line);
	for (int i = 0; types[i] != NULL; i++)
		if (strcmp(rest, types[i]) == 0) {
			ck_assert_int_lt(sc->nfamilies, 64);
			snprintf(sc->families[sc->nfamilies], 64, "%.*s", (int)n, name);
			snprintf(sc->types[sc->nfamilies++], 16, "%s", rest);
			return;
		}
	ck_abort_msg("line %d: unknown type: %s", lineno, line);
}

/* {name="value",...}: returns the end, with le's value copied. */
static const char *
check_labels(const char *p, int lineno, char *le, size_t le_size)
{
	ck_assert(*p++ == '{');
	while (*p != '}') {
		size_t n = name_len(p);
		bool is_le = n == 2 && strncmp(p, "le", 2) == 0;
		size_t v = 0;

		ck_assert_msg(n > 0 && p[n] == '=' && p[n + 1] == '"', "line %d: bad label at %s",
		    lineno, p);
		for (p += n + 2; *p != '"'; p++) {
			ck_assert_msg(*p != '\0' && *p != '\n', "line %d: unterminated label", lineno);
			if (*p == '\\') {
				p++;
				ck_assert_msg(*p == '\\' || *p == '"' || *p == 'n',
				    "line %d: bad escape", lineno);
			}
			if (is_le && v + 1 < le_size)
				le[v++] = *p;
		}
		if (is_le)
			le[v] = '\0';
		p++;
		ck_assert_msg(*p == ',' || *p == '}', "line %d: after a label: %s", lineno, p);
		if (*p == ',')
			p++;
	}
	return p + 1;
}

static double
check_value(const char *p, int lineno)
{
	char *end;
	double v;

	if (strcmp(p, "+Inf") == 0)
		return INFINITY;
	if (strcmp(p, "-Inf") == 0)
		return -INFINITY;
	if (strcmp(p, "NaN") == 0)
		return NAN;
	v = strtod(p, &end);
	ck_assert_msg(end != p && (*end == '\0' || *end == ' '), "line %d: bad value %s",
	    lineno, p);
	if (*end == ' ') {   /* a timestamp: an integer */
		(void)strtoll(end + 1, &end, 10);
		ck_assert_msg(*end == '\0', "line %d: bad timestamp", lineno);
	}
	return v;
}

/* The sample's family must have a TYPE before it, and its name fit the type:
 * counters end in _total; a histogram's samples are _bucket (with le),
 * _sum and _count. */
static void
check_family(const struct scrape *sc, const char *name, size_t n, bool has_le, int lineno)
{
	static const char *const parts[] = { "_bucket", "_sum", "_count" };
	int f = family_index(sc, name, n);

	for (int i = 0; f < 0 && i < 3; i++) {
		size_t k = strlen(parts[i]);
		if (n > k && strncmp(name + n - k, parts[i], k) == 0 &&
		    (f = family_index(sc, name, n - k)) >= 0) {
			ck_assert_msg(strcmp(sc->types[f], "histogram") == 0,
			    "line %d: %.*s is not a histogram's", lineno, (int)n, name);
			ck_assert_msg(has_le == (i == 0), "line %d: le and _bucket go together",
			    lineno);
			return;
		}
	}
	ck_assert_msg(f >= 0, "line %d: %.*s has no TYPE before it", lineno, (int)n, name);
	ck_assert_msg(strcmp(sc->types[f], "histogram") != 0,
	    "line %d: a histogram's sample without _bucket, _sum or _count", lineno);
	if (strcmp(sc->types[f], "counter") == 0)
		ck_assert_msg(n > 6 && strncmp(name + n - 6, "_total", 6) == 0,
		    "line %d: a counter not ending in _total", lineno);
}

static void
check_sample(struct scrape *sc, const char *line, int lineno)
{
	size_t n = name_len(line);
	const char *p = line + n;
	char le[32] = "";
	struct sample *s;

	ck_assert_msg(n > 0, "line %d: no metric name: %s", lineno, line);
	if (*p == '{')
		p = check_labels(p, lineno, le, sizeof le);
	check_family(sc, line, n, le[0] != '\0', lineno);
	ck_assert_msg(*p == ' ', "line %d: no space before the value: %s", lineno, line);
	ck_assert_ptr_nonnull(sc->s = realloc(sc->s, (size_t)(sc->n + 1) * sizeof *sc->s));
	s = &sc->s[sc->n++];
	ck_assert_msg((size_t)(p - line) < sizeof s->key, "line %d: too long", lineno);
	snprintf(s->key, sizeof s->key, "%.*s", (int)(p - line), line);
	for (int i = 0; i < sc->n - 1; i++)
		ck_assert_msg(strcmp(sc->s[i].key, s->key) != 0, "line %d: twice: %s", lineno,
		    s->key);
	s->value = check_value(p + 1, lineno);
}

/* Every line of a /metrics answer checked; its samples kept. */
static struct scrape
parse(char *text)
{
	struct scrape sc = { 0 };
	int lineno = 0;
	size_t len = strlen(text);

	ck_assert_msg(len > 0 && text[len - 1] == '\n', "the exposition must end in a newline");
	for (char *line = text, *nl; *line != '\0'; line = nl + 1) {
		nl = strchr(line, '\n');
		*nl = '\0';
		lineno++;
		ck_assert_msg(*line != '\0', "line %d: empty", lineno);
		if (line[0] == '#')
			check_comment(&sc, line, lineno);
		else
			check_sample(&sc, line, lineno);
	}
	return sc;
}

static double
value_or(const struct scrape *sc, const char *key, double missing)
{
	for (int i = 0; i < sc->n; i++)
		if (strcmp(sc->s[i].key, key) == 0)
			return sc->s[i].value;
	return missing;
}

/* A sample that must be there. */
static double
value(const struct scrape *sc, const char *key)
{
	double v = value_or(sc, key, NAN);

	ck_assert_msg(!isnan(v), "no sample %s", key);
	return v;
}

/* A request counter: absent is 0 (error codes appear once counted). */
static double
requests(const struct scrape *sc, const char *op, const char *code)
{
	char key[256];

	snprintf(key, sizeof key, "svcdesk_requests_total{op=\"%s\",code=\"%s\"}", op, code);
	return value_or(sc, key, 0);
}

static double
all_requests(const struct scrape *sc)
{
	double n = 0;

	for (int i = 0; i < sc->n; i++)
		if (strncmp(sc->s[i].key, "svcdesk_requests_total{", 23) == 0)
			n += sc->s[i].value;
	return n;
}

static struct scrape
scrape(int port)
{
	char *body;
	struct scrape sc;

	ck_assert_int_eq(http(port, "GET", "/metrics", &body), 200);
	sc = parse(body);
	free(body);
	return sc;
}

/* Each op's histogram: buckets never fall, +Inf equals _count, _count the
 * sum of the op's request counters. */
static void
check_histograms(const struct scrape *sc)
{
	for (int i = 0; i < sc->n; i++) {
		const char *k = sc->s[i].key;
		char op[96], key[256];
		double count, inf, total = 0;

		if (sscanf(k, "svcdesk_request_duration_seconds_count{op=\"%95[^\"]\"}", op) != 1)
			continue;
		count = sc->s[i].value;
		snprintf(key, sizeof key,
		    "svcdesk_request_duration_seconds_bucket{op=\"%s\",le=\"+Inf\"}", op);
		inf = value(sc, key);
		ck_assert_msg(inf == count, "%s: +Inf %g, count %g", op, inf, count);
		for (int j = 0, prev = 0; j < sc->n; j++) {
			snprintf(key, sizeof key, "svcdesk_request_duration_seconds_bucket{op=\"%s\",", op);
			if (strncmp(sc->s[j].key, key, strlen(key)) == 0) {
				ck_assert_msg(sc->s[j].value >= prev, "%s falls", sc->s[j].key);
				prev = (int)sc->s[j].value;
			}
			snprintf(key, sizeof key, "svcdesk_requests_total{op=\"%s\",", op);
			if (strncmp(sc->s[j].key, key, strlen(key)) == 0)
				total += sc->s[j].value;
		}
		ck_assert_msg(total == count, "%s: %g requests, histogram count %g", op, total, count);
	}
}

static void
scrape_free(struct scrape *sc)
{
	free(sc->s);
	sc->s = NULL;
}

static struct h_daemon *
start_daemon(const struct h_db *db, int port, const char *pool)
{
	char listen[32];
	const char *opts[] = { "--metrics-listen", listen, "--notify-interval", "1",
		"--sweep-interval", "1", "--reconnect-ms", "200", "--pool", pool, NULL };

	snprintf(listen, sizeof listen, "127.0.0.1:%d", port);
	return h_daemon_start(db, opts);
}

/* Polls /metrics until key reaches want (or fails the test). */
static void
wait_value(int port, const char *key, double want)
{
	long long end = h_now_ms() + 3 * H_WAIT_MS;
	double v;

	for (;;) {
		struct scrape sc = scrape(port);
		v = value_or(&sc, key, NAN);
		scrape_free(&sc);
		if (v == want)
			return;
		ck_assert_msg(h_now_ms() < end, "%s is %g, want %g", key, v, want);
		h_sleep_ms(100);
	}
}

START_TEST(test_requests_counted)
{
	struct h_db *db = h_db_create();
	int port = h_free_port();
	struct h_daemon *d = start_daemon(db, port, "2");
	struct conn *c = h_connect(d);
	struct scrape before, after;
	cJSON *r;

	before = scrape(port);
	ck_assert_double_eq(value(&before, "svcdesk_clients{state=\"connected\"}"), 1);
	for (int i = 0; i < 3; i++)
		h_ping(c);
	h_expect_error(h_call(c, "no.such", NULL), "unknown_op", "op");
	h_expect_error(h_call(c, "no.such.either", NULL), "unknown_op", "op");
	r = h_raws(c, "not json\n");
	ck_assert_str_eq(reply_code(r), "bad_request");
	cJSON_Delete(r);
	h_expect_error(h_call(c, "ticket.list", NULL), "unauthenticated", NULL);
	h_login(c, "operator");
	h_expect_error(h_call(c, "user.save", "{\"login\":\"x\"}"), "forbidden", NULL);
	h_expect_error(h_call(c, "ticket.list", "{\"queue\":\"nonsense\"}"),
	    "invalid_argument", "queue");
	after = scrape(port);

	ck_assert_double_eq(requests(&after, "ping", "ok") - requests(&before, "ping", "ok"), 3);
	ck_assert_double_eq(requests(&after, "none", "unknown_op") -
	    requests(&before, "none", "unknown_op"), 2);
	ck_assert_double_eq(requests(&after, "none", "bad_request") -
	    requests(&before, "none", "bad_request"), 1);
	ck_assert_double_eq(requests(&after, "ticket.list", "unauthenticated"), 1);
	ck_assert_double_eq(requests(&after, "session.login", "ok") -
	    requests(&before, "session.login", "ok"), 1);
	ck_assert_double_eq(requests(&after, "user.save", "forbidden"), 1);
	ck_assert_double_eq(requests(&after, "ticket.list", "invalid_argument"), 1);
	/* Nothing else was asked: ten requests in all. */
	ck_assert_double_eq(all_requests(&after) - all_requests(&before), 10);
	ck_assert_double_eq(value(&after, "svcdesk_request_duration_seconds_count{op=\"ping\"}") -
	    value_or(&before, "svcdesk_request_duration_seconds_count{op=\"ping\"}", 0), 3);
	check_histograms(&after);
	ck_assert_double_eq(value(&after, "svcdesk_clients{state=\"logged_in\"}"), 1);
	ck_assert_double_eq(value(&after, "svcdesk_clients{state=\"subscribed\"}"), 0);
	ck_assert_double_eq(value(&after, "svcdesk_pool_connections{pool=\"primary\",state=\"busy\"}") +
	    value(&after, "svcdesk_pool_connections{pool=\"primary\",state=\"idle\"}") +
	    value(&after, "svcdesk_pool_connections{pool=\"primary\",state=\"down\"}"), 2);
	ck_assert_double_eq(value(&after, "svcdesk_pool_queued_requests{pool=\"primary\"}"), 0);
	ck_assert(value(&after, "svcdesk_output_queued_bytes") >= 0);
	ck_assert_double_eq(value(&after, "svcdesk_database_up"), 1);
	scrape_free(&before);
	scrape_free(&after);
	conn_close(c);
	h_daemon_stop(d);
	h_db_drop(db);
}
END_TEST

/* Pushes sent against the pushes the one subscriber received; the sweep's
 * mark of that ticket; the outbox's rows. */
START_TEST(test_pushes_sweeps_outbox)
{
	struct h_db *db = h_db_create();
	int port = h_free_port();
	struct h_daemon *d = start_daemon(db, port, "2");
	struct conn *op = h_connect_as(d, "operator"), *sub = h_connect_as(d, "dispatcher");
	struct scrape before, after;
	char no[32];
	double pushes, overdue, pending, failed;
	int received = 0;
	cJSON *p;

	h_subscribe(sub, "[\"tickets\"]");
	before = scrape(port);
	ck_assert_double_eq(value(&before, "svcdesk_clients{state=\"subscribed\"}"), 1);
	ck_assert_double_eq(value(&before, "svcdesk_clients{state=\"connected\"}"), 2);
	pushes = value(&before, "svcdesk_pushes_sent_total");
	overdue = value(&before, "svcdesk_swept_total{what=\"tickets_overdue\"}");
	cJSON_Delete(h_new_ticket(op, "B", "urban", no, sizeof no));
	while ((p = conn_wait(sub, H_QUIET_MS * 2)) != NULL) {
		ck_assert_msg(h_member(p, "event") != NULL, "not a push: %s", h_show(p));
		received++;
		cJSON_Delete(p);
	}
	ck_assert_int_ge(received, 1);
	after = scrape(port);
	ck_assert_double_eq(value(&after, "svcdesk_pushes_sent_total") - pushes, received);
	scrape_free(&before);
	scrape_free(&after);

	/* The sweep marks the ticket overdue: one more in its counter. */
	h_sqlf(db, "UPDATE tickets SET arrival_due = now() - interval '5 minutes' "
	    "WHERE no = '%s'", no);
	wait_value(port, "svcdesk_swept_total{what=\"tickets_overdue\"}", overdue + 1);
	after = scrape(port);
	ck_assert(value(&after, "svcdesk_sweeps_total") >= 1);
	scrape_free(&after);

	/* Two rows pending and one failed, read within --notify-interval. */
	pending = (double)h_sql_int(db, "SELECT count(*) FROM notifications WHERE state = 'pending'");
	failed = (double)h_sql_int(db, "SELECT count(*) FROM notifications WHERE state = 'failed'");
	h_sql(db, "INSERT INTO notifications (kind, channel, recipient, text, state) VALUES"
	    " ('appointment', 'sms', '13800000000', 't', 'pending'),"
	    " ('appointment', 'sms', '13800000001', 't', 'pending'),"
	    " ('appointment', 'sms', '13800000002', 't', 'failed')");
	wait_value(port, "svcdesk_notifications{state=\"pending\"}", pending + 2);
	wait_value(port, "svcdesk_notifications{state=\"failed\"}", failed + 1);
	conn_close(sub);
	wait_value(port, "svcdesk_clients{state=\"subscribed\"}", 0);
	conn_close(op);
	h_daemon_stop(d);
	h_db_drop(db);
}
END_TEST

static int
health(int port)
{
	char *body;
	int status = http(port, "GET", "/health", &body);

	free(body);
	return status;
}

static void
wait_health(int port, int want)
{
	long long end = h_now_ms() + 3 * H_WAIT_MS;
	int got;

	while ((got = health(port)) != want) {
		ck_assert_msg(h_now_ms() < end, "/health answers %d, want %d", got, want);
		h_sleep_ms(100);
	}
}

START_TEST(test_health)
{
	struct h_db *db = h_db_create();
	int port = h_free_port();
	struct h_daemon *d = start_daemon(db, port, "2");
	char *body;

	wait_value(port, "svcdesk_pool_connections{pool=\"primary\",state=\"idle\"}", 2);
	ck_assert_int_eq(health(port), 200);
	ck_assert_int_eq(http(port, "GET", "/", &body), 404);
	free(body);
	ck_assert_int_eq(http(port, "GET", "/metricsx", &body), 404);
	free(body);
	/* libevent answers a method it was not allowed with 501 */
	ck_assert_int_eq(http(port, "POST", "/metrics", &body), 501);
	free(body);
	wait_value(port, "svcdesk_db_reconnects_total{pool=\"primary\"}", 0);

	h_pg_stop();
	wait_health(port, 503);
	wait_value(port, "svcdesk_database_up", 0);
	h_pg_start();
	wait_health(port, 200);
	/* Each of the two connections came back once. */
	wait_value(port, "svcdesk_pool_connections{pool=\"primary\",state=\"idle\"}", 2);
	wait_value(port, "svcdesk_db_reconnects_total{pool=\"primary\"}", 2);
	wait_value(port, "svcdesk_database_up", 1);
	h_daemon_stop(d);
	h_db_drop(db);
}
END_TEST

/* Sessions of this test's database named app, ended by the server: their
 * daemon sees the connection lost and connects again. */
static void
terminate_sessions(const struct h_db *db, const char *app)
{
	ck_assert_int_ge(h_sql_int(db, "SELECT count(pg_terminate_backend(pid))"
	    " FROM pg_stat_activity WHERE datname = current_database()"
	    " AND application_name = '%s'", app), 1);
}

/* The report pool (--report-db, here the same database) shown beside the
 * primary's, each counting its own reconnects; the LISTEN connection's
 * reconnects counted apart. */
START_TEST(test_report_pool_and_listen)
{
	struct h_db *db = h_db_create();
	int port = h_free_port();
	char listen[32];
	const char *opts[] = { "--metrics-listen", listen, "--reconnect-ms", "200",
		"--pool", "3", "--report-db", db->conninfo, NULL };
	struct h_daemon *d;
	struct scrape sc;

	snprintf(listen, sizeof listen, "127.0.0.1:%d", port);
	d = h_daemon_start(db, opts);
	wait_value(port, "svcdesk_pool_connections{pool=\"report\",state=\"idle\"}", 3);
	wait_value(port, "svcdesk_pool_connections{pool=\"primary\",state=\"idle\"}", 3);
	h_wait_listeners(db, 1);
	sc = scrape(port);
	ck_assert_double_eq(value(&sc, "svcdesk_pool_connections{pool=\"report\",state=\"busy\"}"), 0);
	ck_assert_double_eq(value(&sc, "svcdesk_pool_connections{pool=\"report\",state=\"down\"}"), 0);
	ck_assert_double_eq(value(&sc, "svcdesk_pool_queued_requests{pool=\"report\"}"), 0);
	ck_assert_double_eq(value(&sc, "svcdesk_db_reconnects_total{pool=\"report\"}"), 0);
	ck_assert_double_eq(value(&sc, "svcdesk_listen_reconnects_total"), 0);
	scrape_free(&sc);

	/* The report pool's three sessions ended: three reconnects, its own. */
	terminate_sessions(db, "svcdeskd report");
	wait_value(port, "svcdesk_db_reconnects_total{pool=\"report\"}", 3);
	wait_value(port, "svcdesk_pool_connections{pool=\"report\",state=\"idle\"}", 3);
	/* The LISTEN session ended: one reconnect of it, none of the pools. */
	terminate_sessions(db, "svcdeskd-listen");
	wait_value(port, "svcdesk_listen_reconnects_total", 1);
	sc = scrape(port);
	ck_assert_double_eq(value(&sc, "svcdesk_db_reconnects_total{pool=\"primary\"}"), 0);
	ck_assert_double_eq(value(&sc, "svcdesk_db_reconnects_total{pool=\"report\"}"), 3);
	scrape_free(&sc);
	h_daemon_stop(d);
	h_db_drop(db);
}
END_TEST

/* A client that asks for op.list (a long answer) and never reads, on a
 * daemon with these limits: asks until its socket is full, then waits
 * until the daemon closed it. */
static void
deaf_client_cut(const char *max_output, const char *max_output_total,
    const char *cut, const char *not_cut)
{
	struct h_db *db = h_db_create();
	int port = h_free_port(), small = 4096, asked = 0;
	char listen[32], lines[200 * 32], key[96];
	const char *opts[] = { "--metrics-listen", listen, "--max-output", max_output,
		"--max-output-total", max_output_total, NULL };
	struct h_daemon *d;
	struct conn *deaf;
	size_t len = 0;

	snprintf(listen, sizeof listen, "127.0.0.1:%d", port);
	d = h_daemon_start(db, opts);
	deaf = h_connect_as(d, "operator");
	setsockopt(conn_fd(deaf), SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
	for (int i = 0; i < 200; i++)
		len += (size_t)snprintf(lines + len, sizeof lines - len,
		    "{\"id\":%d,\"op\":\"op.list\"}\n", i);
	while (conn_send_raw(deaf, lines, len) && asked < 400000)
		asked += 200;
	ck_assert_msg(asked < 400000, "not cut after %d requests", asked);
	snprintf(key, sizeof key, "svcdesk_clients_cut_total{limit=\"%s\"}", cut);
	wait_value(port, key, 1);
	snprintf(key, sizeof key, "svcdesk_clients_cut_total{limit=\"%s\"}", not_cut);
	wait_value(port, key, 0);
	wait_value(port, "svcdesk_clients{state=\"connected\"}", 0);
	conn_close(deaf);
	h_daemon_stop(d);
	h_db_drop(db);
}

/* Cut at its own --max-output: counted once, under that limit. */
START_TEST(test_cut_off_counted)
{
	deaf_client_cut("65536", "1073741824", "max_output", "max_output_total");
}
END_TEST

/* Cut at --max-output-total, its own limit far above: counted under the
 * total's. */
START_TEST(test_cut_total_counted)
{
	deaf_client_cut("1073741824", "65536", "max_output_total", "max_output");
}
END_TEST

/* Whether fd has something to read within ms. */
static bool
readable(int fd, int ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	return poll(&p, 1, ms) == 1;
}

/* GET /health on fd, the answer's first bytes read within ms into buf. */
static void
health_on(int fd, const char *version, char *buf, size_t size, int ms)
{
	char req[64];
	ssize_t n;

	snprintf(req, sizeof req, "GET /health HTTP/%s\r\nHost: localhost\r\n\r\n", version);
	ck_assert(write(fd, req, strlen(req)) == (ssize_t)strlen(req));
	buf[0] = '\0';
	if (!readable(fd, ms))
		return;
	n = read(fd, buf, size - 1);
	buf[n > 0 ? n : 0] = '\0';
}

/* --metrics-max-connections 2: a connection that never asks (accepted, as
 * the second, asked after it, shows) and a kept-alive one hold the port; a
 * third is left in the kernel's queue, unanswered, until the silent one
 * closes. */
START_TEST(test_connection_limit)
{
	struct h_db *db = h_db_create();
	int port = h_free_port(), silent, kept, third;
	char listen[32], buf[512];
	const char *opts[] = { "--metrics-listen", listen, "--metrics-max-connections", "2",
		NULL };
	struct h_daemon *d;
	ssize_t n;

	snprintf(listen, sizeof listen, "127.0.0.1:%d", port);
	d = h_daemon_start(db, opts);
	silent = connect_port(port);
	kept = connect_port(port);
	health_on(kept, "1.1", buf, sizeof buf, H_WAIT_MS);
	ck_assert_msg(strncmp(buf, "HTTP/1.1 200", 12) == 0, "kept-alive: %s", buf);
	third = connect_port(port);
	health_on(third, "1.0", buf, sizeof buf, 1000);
	ck_assert_msg(buf[0] == '\0', "a third connection was answered: %s", buf);
	close(silent);
	ck_assert_msg(readable(third, H_WAIT_MS), "still unanswered after one closed");
	ck_assert_int_gt(n = read(third, buf, sizeof buf - 1), 0);
	buf[n] = '\0';
	ck_assert_msg(strncmp(buf, "HTTP/1.0 200", 12) == 0, "%s", buf);
	close(third);
	close(kept);
	ck_assert_int_eq(health(port), 200);
	h_daemon_stop(d);
	h_db_drop(db);
}
END_TEST

/* A bad --metrics-listen is refused at start, exit status 2. */
START_TEST(test_bad_listen)
{
	static const char *const bad[] = { "nonsense", "127.0.0.1:", "127.0.0.1:70000",
		"0", ":9450", NULL };
	char cmd[512];

	for (int i = 0; bad[i] != NULL; i++) {
		int st;
		snprintf(cmd, sizeof cmd, "'%s/svcdeskd' serve --metrics-listen '%s' 2>/dev/null",
		    h_env("SVCDESK_BIN"), bad[i]);
		st = system(cmd);
		ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 2, "%s: status %d", bad[i], st);
	}
}
END_TEST

Suite *
metrics_suite(void)
{
	Suite *s = suite_create("metrics");
	TCase *tc = tcase_create("metrics");

	tcase_set_timeout(tc, H_TEST_TIMEOUT);
	tcase_add_test(tc, test_requests_counted);
	tcase_add_test(tc, test_pushes_sweeps_outbox);
	tcase_add_test(tc, test_health);
	tcase_add_test(tc, test_cut_off_counted);
	tcase_add_test(tc, test_cut_total_counted);
	tcase_add_test(tc, test_report_pool_and_listen);
	tcase_add_test(tc, test_connection_limit);
	tcase_add_test(tc, test_bad_listen);
	suite_add_tcase(s, tc);
	return s;
}
