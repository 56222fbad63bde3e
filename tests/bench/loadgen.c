/*
 * loadgen.c: svcdesk-bench, a libevent load generator for svcdeskd.
 *
 *   svcdesk-bench --host H --port P [--connections N] [--duration S]
 *       [--warmup S] --op OP [--args JSON] [--user U --password P]
 *       [--rate R] [--timeout S] [--cpu LABEL=PID[,PID...]]...
 *
 * Opens N connections, logs every one of them in (when --user is given)
 * before the clock starts, then drives them from one event loop, never
 * blocking: closed-loop by default (each connection sends a request, waits
 * for its reply, sends the next), or open-loop at R requests/s in total
 * (requests are due on a fixed schedule; one that finds no idle connection
 * waits in a backlog, and its latency counts from when it was due, so a
 * stalled server is not hidden by the generator slowing down).
 *
 * Replies completed after the warmup and before the end are counted; their
 * latency (request sent -> reply read, monotonic clock, microseconds) goes
 * into a fixed histogram. ok:false replies are counted as errors, apart.
 * With --cpu, the CPU time (user + system) that the given processes (say the
 * daemon, or its database backends) and the generator itself used during the
 * measured window is reported too, to see who the cores went to.
 * Output: one line for people, one `RESULT key=value ...` line for scripts.
 * Exit status: 0 when the run completed, 1 on a setup failure (cannot
 * connect, login refused), 2 on bad usage.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/util.h>

#include "common/frame.h"
#include "tests/bench/hist.h"

#define PROG "svcdesk-bench"
#define MAX_REPLY (64u * 1024 * 1024)     /* a generous frame limit */
#define BACKLOG_MAX (1u << 20)            /* open-loop requests waiting */
#define CPU_GROUPS 8
#define CPU_PIDS 64

enum conn_state {
	C_CONNECTING,
	C_LOGIN,     /* session.login sent */
	C_READY,     /* connected (and logged in), nothing sent yet */
	C_BUSY,      /* a measured request is out */
	C_IDLE,      /* open-loop: waiting for the schedule */
	C_DEAD
};

struct bench;

struct lconn {
	struct bench *b;
	int idx;
	struct bufferevent *bev;
	struct framer framer;
	enum conn_state state;
	int64_t next_id;
	int64_t wait_id;     /* the id of the request out, or -1 */
	uint64_t sent_us;    /* when it was sent (open-loop: when it was due) */
};

/* Processes whose CPU time is sampled over the measured window. */
struct cpu_group {
	char label[32];
	int pids[CPU_PIDS];
	int npids;
	double start, end;   /* seconds of CPU */
};

struct options {
	const char *host;
	int port;
	int connections;
	double duration, warmup, rate, timeout;
	const char *op, *args, *user, *password;
	struct cpu_group cpu[CPU_GROUPS];
	int ncpu;
};

struct bench {
	struct options opt;
	struct event_base *base;
	struct sockaddr_storage addr;
	int addrlen;
	struct lconn *conns;
	int nready, nalive;
	bool failed, running;
	char failure[512];

	char *tail;          /* `,"op":...,"args":...}\n` */
	size_t tail_len;

	uint64_t t_setup, t_start, t_measure, t_end;  /* microseconds */
	struct event *ev_timeout, *ev_measure, *ev_end, *ev_tick;
	double self_start, self_end;                  /* CPU seconds */

	struct hist hist;
	uint64_t ok, errors, sent, lost_conns, stray;
	char first_error[300];

	/* open-loop */
	double interval_us, next_due;
	int *idle;           /* stack of idle connection indexes */
	int nidle;
	uint64_t *backlog;   /* ring of due times */
	size_t bl_head, bl_len, bl_max;
	uint64_t dropped;
};

static uint64_t
mono_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

static struct timeval
tv_of_us(uint64_t us)
{
	struct timeval tv = { .tv_sec = (time_t)(us / 1000000u),
	    .tv_usec = (suseconds_t)(us % 1000000u) };
	return tv;
}

static void
fail(struct bench *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
fail(struct bench *b, const char *fmt, ...)
{
	va_list ap;

	if (!b->failed) {
		va_start(ap, fmt);
		vsnprintf(b->failure, sizeof b->failure, fmt, ap);
		va_end(ap);
	}
	b->failed = true;
	event_base_loopbreak(b->base);
}

/* --- sending */

static bool
send_line(struct lconn *c, const char *op_tail, size_t tail_len)
{
	char head[40];
	int n;

	c->wait_id = c->next_id++;
	n = snprintf(head, sizeof head, "{\"id\":%" PRId64, c->wait_id);
	if (bufferevent_write(c->bev, head, (size_t)n) != 0 ||
	    bufferevent_write(c->bev, op_tail, tail_len) != 0)
		return false;
	return true;
}

static void
send_request(struct lconn *c, uint64_t due)
{
	struct bench *b = c->b;

	c->state = C_BUSY;
	c->sent_us = due;
	if (!send_line(c, b->tail, b->tail_len)) {
		fail(b, "connection %d: cannot queue a request", c->idx);
		return;
	}
	b->sent++;
}

static char *
make_tail(const char *op, const cJSON *args, size_t *len)
{
	cJSON *o = cJSON_CreateString(op);
	char *ops = o ? cJSON_PrintUnformatted(o) : NULL;
	char *as = args ? cJSON_PrintUnformatted(args) : NULL;
	char *tail = NULL;
	size_t n;

	cJSON_Delete(o);
	if (ops != NULL && (args == NULL || as != NULL)) {
		n = strlen(ops) + (as ? strlen(as) : 0) + 32;
		if ((tail = malloc(n)) != NULL) {
			if (as)
				snprintf(tail, n, ",\"op\":%s,\"args\":%s}\n", ops, as);
			else
				snprintf(tail, n, ",\"op\":%s}\n", ops);
			*len = strlen(tail);
		}
	}
	free(ops);
	free(as);
	return tail;
}

static bool
send_login(struct lconn *c)
{
	struct bench *b = c->b;
	cJSON *args = cJSON_CreateObject();
	char *tail;
	size_t len = 0;
	bool ok;

	cJSON_AddStringToObject(args, "user", b->opt.user);
	cJSON_AddStringToObject(args, "password", b->opt.password);
	tail = make_tail("session.login", args, &len);
	cJSON_Delete(args);
	if (tail == NULL)
		return false;
	ok = send_line(c, tail, len);
	free(tail);
	c->state = C_LOGIN;
	return ok;
}

/* --- open-loop schedule */

static void
backlog_push(struct bench *b, uint64_t due)
{
	if (b->bl_len == BACKLOG_MAX) {
		b->dropped++;
		return;
	}
	b->backlog[(b->bl_head + b->bl_len) % BACKLOG_MAX] = due;
	b->bl_len++;
	if (b->bl_len > b->bl_max)
		b->bl_max = b->bl_len;
}

static uint64_t
backlog_pop(struct bench *b)
{
	uint64_t due = b->backlog[b->bl_head];

	b->bl_head = (b->bl_head + 1) % BACKLOG_MAX;
	b->bl_len--;
	return due;
}

static void
on_tick(evutil_socket_t fd, short what, void *arg)
{
	struct bench *b = arg;
	uint64_t now = mono_us();

	(void)fd;
	(void)what;
	while (b->next_due <= (double)now && b->next_due < (double)b->t_end) {
		uint64_t due = (uint64_t)b->next_due;

		b->next_due += b->interval_us;
		if (b->nidle > 0)
			send_request(&b->conns[b->idle[--b->nidle]], due);
		else
			backlog_push(b, due);
	}
}

/* --- CPU time */

static double
self_cpu(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
	    (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
}

/* utime + stime of a process from /proc, in seconds (0 when it is gone). */
static double
proc_cpu(int pid)
{
	char path[64], buf[1024], *p;
	unsigned long long utime, stime;
	FILE *f;
	size_t n;

	snprintf(path, sizeof path, "/proc/%d/stat", pid);
	if ((f = fopen(path, "r")) == NULL)
		return 0;
	n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	/* After "pid (comm) ": state is field 3, utime 14, stime 15. */
	if ((p = strrchr(buf, ')')) == NULL ||
	    sscanf(p + 1, " %*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu",
	    &utime, &stime) != 2)
		return 0;
	return (double)(utime + stime) / (double)sysconf(_SC_CLK_TCK);
}

static void
sample_cpu(struct bench *b, bool at_end)
{
	for (int g = 0; g < b->opt.ncpu; g++) {
		struct cpu_group *cg = &b->opt.cpu[g];
		double sum = 0;

		for (int i = 0; i < cg->npids; i++)
			sum += proc_cpu(cg->pids[i]);
		*(at_end ? &cg->end : &cg->start) = sum;
	}
	*(at_end ? &b->self_end : &b->self_start) = self_cpu();
}

/* --- the run */

static void
on_measure(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	sample_cpu(arg, false);
}

static void
on_end(evutil_socket_t fd, short what, void *arg)
{
	struct bench *b = arg;

	(void)fd;
	(void)what;
	b->running = false;
	sample_cpu(b, true);
	event_base_loopbreak(b->base);
}

static void
start_run(struct bench *b)
{
	struct timeval tv;

	event_del(b->ev_timeout);
	b->t_start = mono_us();
	fprintf(stderr, "%s: %d connections ready in %.1f s\n", PROG,
	    b->opt.connections, (double)(b->t_start - b->t_setup) / 1e6);
	b->t_measure = b->t_start + (uint64_t)(b->opt.warmup * 1e6);
	b->t_end = b->t_measure + (uint64_t)(b->opt.duration * 1e6);
	b->running = true;
	tv = tv_of_us(b->t_end - b->t_start);
	evtimer_add(b->ev_end, &tv);
	if (b->t_measure > b->t_start) {
		tv = tv_of_us(b->t_measure - b->t_start);
		evtimer_add(b->ev_measure, &tv);
	} else {
		sample_cpu(b, false);
	}
	if (b->opt.rate > 0) {
		b->interval_us = 1e6 / b->opt.rate;
		b->next_due = (double)b->t_start;
		for (int i = 0; i < b->opt.connections; i++) {
			b->conns[i].state = C_IDLE;
			b->idle[b->nidle++] = i;
		}
		tv = tv_of_us(b->interval_us < 1000 ? 200 : 1000);
		evtimer_add(b->ev_tick, &tv);
		on_tick(-1, 0, b);
		return;
	}
	for (int i = 0; i < b->opt.connections && !b->failed; i++)
		send_request(&b->conns[i], b->t_start);
}

static void
conn_ready(struct lconn *c)
{
	struct bench *b = c->b;

	c->state = C_READY;
	if (++b->nready == b->opt.connections)
		start_run(b);
}

/* The id and ok flag of a reply. The daemon writes `{"id":N,"ok":...`
 * first; anything else goes through cJSON. Returns false for a push or a
 * message without an id. */
static bool
parse_reply(const char *line, size_t len, int64_t *id, bool *ok)
{
	const char *p;
	char *end;
	cJSON *root, *jid, *jok;
	bool found = false;

	if (len > 6 && memcmp(line, "{\"id\":", 6) == 0) {
		errno = 0;
		*id = strtoll(line + 6, &end, 10);
		p = end;
		if (errno == 0 && p != line + 6) {
			if (strncmp(p, ",\"ok\":true", 10) == 0) {
				*ok = true;
				return true;
			}
			if (strncmp(p, ",\"ok\":false", 11) == 0) {
				*ok = false;
				return true;
			}
		}
	}
	if ((root = cJSON_ParseWithLength(line, len)) == NULL)
		return false;
	jid = cJSON_GetObjectItemCaseSensitive(root, "id");
	jok = cJSON_GetObjectItemCaseSensitive(root, "ok");
	if (cJSON_IsNumber(jid) && cJSON_IsBool(jok)) {
		*id = (int64_t)jid->valuedouble;
		*ok = cJSON_IsTrue(jok);
		found = true;
	}
	cJSON_Delete(root);
	return found;
}

/* "code: message" of an error reply. */
static void
error_text(const char *line, size_t len, char *buf, size_t size)
{
	cJSON *root = cJSON_ParseWithLength(line, len), *e, *code, *msg;

	e = cJSON_GetObjectItemCaseSensitive(root, "error");
	code = cJSON_GetObjectItemCaseSensitive(e, "code");
	msg = cJSON_GetObjectItemCaseSensitive(e, "message");
	snprintf(buf, size, "%s: %s",
	    cJSON_IsString(code) ? code->valuestring : "?",
	    cJSON_IsString(msg) ? msg->valuestring : "?");
	cJSON_Delete(root);
}

static void
on_reply(struct lconn *c, const char *line, size_t len, bool ok)
{
	struct bench *b = c->b;
	uint64_t now = mono_us();
	char why[300];

	switch (c->state) {
	case C_LOGIN:
		c->wait_id = -1;
		if (!ok) {
			error_text(line, len, why, sizeof why);
			fail(b, "connection %d: session.login as %s failed: %s",
			    c->idx, b->opt.user, why);
			return;
		}
		conn_ready(c);
		return;
	case C_BUSY:
		c->wait_id = -1;
		if (now >= b->t_measure && now <= b->t_end) {
			if (ok) {
				b->ok++;
				hist_record(&b->hist, now - c->sent_us);
			} else {
				b->errors++;
			}
		}
		if (!ok && b->first_error[0] == '\0')
			error_text(line, len, b->first_error, sizeof b->first_error);
		if (!b->running || now >= b->t_end) {
			c->state = C_READY;
			return;
		}
		if (b->opt.rate <= 0)
			send_request(c, now);
		else if (b->bl_len > 0)
			send_request(c, backlog_pop(b));
		else {
			c->state = C_IDLE;
			b->idle[b->nidle++] = c->idx;
		}
		return;
	default:
		b->stray++;
		return;
	}
}

static void
conn_lost(struct lconn *c, const char *why)
{
	struct bench *b = c->b;
	enum conn_state was = c->state;

	c->state = C_DEAD;
	b->nalive--;
	if (c->bev) {
		bufferevent_free(c->bev);
		c->bev = NULL;
	}
	if (!b->running && b->t_start == 0) {
		fail(b, "connection %d: %s", c->idx, why);
		return;
	}
	if (b->running) {
		b->lost_conns++;
		fprintf(stderr, "%s: connection %d lost during the run: %s\n",
		    PROG, c->idx, why);
		if (was == C_IDLE) {    /* take it off the idle stack */
			for (int i = 0; i < b->nidle; i++)
				if (b->idle[i] == c->idx) {
					b->idle[i] = b->idle[--b->nidle];
					break;
				}
		}
		if (b->nalive == 0)
			fail(b, "every connection was lost");
	}
}

static void
on_read(struct bufferevent *bev, void *arg)
{
	struct lconn *c = arg;
	struct evbuffer *in = bufferevent_get_input(bev);
	char *line;
	size_t len;
	int64_t id;
	bool ok;

	for (;;) {
		enum frame_status st = framer_next(&c->framer, in, &line, &len);

		if (st == FRAME_NEED_MORE)
			return;
		if (st == FRAME_TOO_LARGE) {
			conn_lost(c, "reply over the frame limit");
			return;
		}
		if (parse_reply(line, len, &id, &ok) && id == c->wait_id)
			on_reply(c, line, len, ok);
		else if (strncmp(line, "{\"event\"", 8) != 0)
			c->b->stray++;
		free(line);
		if (c->state == C_DEAD || c->b->failed)
			return;
	}
}

static void
on_event(struct bufferevent *bev, short events, void *arg)
{
	struct lconn *c = arg;
	int one = 1;
	char why[128];

	if (events & BEV_EVENT_CONNECTED) {
		setsockopt(bufferevent_getfd(bev), IPPROTO_TCP, TCP_NODELAY,
		    &one, sizeof one);
		if (c->b->opt.user != NULL) {
			if (!send_login(c))
				conn_lost(c, "cannot queue session.login");
		} else {
			conn_ready(c);
		}
		return;
	}
	if (events & BEV_EVENT_EOF) {
		conn_lost(c, "closed by the server");
	} else if (events & BEV_EVENT_ERROR) {
		snprintf(why, sizeof why, "%s",
		    evutil_socket_error_to_string(EVUTIL_SOCKET_ERROR()));
		conn_lost(c, why);
	}
}

static void
on_setup_timeout(evutil_socket_t fd, short what, void *arg)
{
	struct bench *b = arg;

	(void)fd;
	(void)what;
	fail(b, "only %d of %d connections ready after %.0f s", b->nready,
	    b->opt.connections, b->opt.timeout);
}

static void
on_signal(evutil_socket_t fd, short what, void *arg)
{
	(void)what;
	fail(arg, "interrupted by signal %d", (int)fd);
}

/* --- setup and report */

static void
usage(FILE *f)
{
	fprintf(f,
"usage: %s --host H --port P --op OP [--args JSON] [--user U --password P]\n"
"       [--connections N (64)] [--duration S (10)] [--warmup S (2)]\n"
"       [--rate R (requests/s in total: open-loop; default closed-loop)]\n"
"       [--timeout S (setup: connect and log in; default 60 + 0.5 x N)]\n"
"       [--cpu LABEL=PID[,PID...] (CPU time of those processes in the window;\n"
"        repeatable)]\n",
	    PROG);
}

static bool
num_opt(const char *name, const char *text, double min, double max, double *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(text, &end);
	if (errno != 0 || end == text || *end != '\0' || !(v >= min && v <= max)) {
		fprintf(stderr, "%s: --%s takes a number from %g to %g\n", PROG,
		    name, min, max);
		return false;
	}
	*out = v;
	return true;
}

static bool
parse_cpu(struct options *o, const char *text)
{
	const char *eq = strchr(text, '=');
	struct cpu_group *cg;
	char *end;
	const char *p;
	long pid;

	if (o->ncpu == CPU_GROUPS || eq == NULL || eq == text ||
	    (size_t)(eq - text) >= sizeof cg->label) {
		fprintf(stderr, "%s: --cpu takes LABEL=PID[,PID...] (at most %d)\n",
		    PROG, CPU_GROUPS);
		return false;
	}
	cg = &o->cpu[o->ncpu++];
	snprintf(cg->label, sizeof cg->label, "%.*s", (int)(eq - text), text);
	for (p = eq + 1; *p != '\0'; p = *end ? end + 1 : end) {
		pid = strtol(p, &end, 10);
		if (end == p || pid <= 0 || (*end != ',' && *end != '\0') ||
		    cg->npids == CPU_PIDS) {
			fprintf(stderr, "%s: --cpu %s: bad list of pids\n", PROG, text);
			return false;
		}
		cg->pids[cg->npids++] = (int)pid;
	}
	return true;
}

static bool
parse_options(struct options *o, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "host", required_argument, NULL, 'H' },
		{ "port", required_argument, NULL, 'p' },
		{ "connections", required_argument, NULL, 'c' },
		{ "duration", required_argument, NULL, 'd' },
		{ "warmup", required_argument, NULL, 'w' },
		{ "op", required_argument, NULL, 'o' },
		{ "args", required_argument, NULL, 'a' },
		{ "user", required_argument, NULL, 'u' },
		{ "password", required_argument, NULL, 'P' },
		{ "rate", required_argument, NULL, 'r' },
		{ "timeout", required_argument, NULL, 't' },
		{ "cpu", required_argument, NULL, 'C' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	double v;
	int ch;

	*o = (struct options){ .host = "127.0.0.1", .port = 7450, .connections = 64,
	    .duration = 10, .warmup = 2, .rate = 0, .timeout = -1 };
	while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (ch) {
		case 'H': o->host = optarg; break;
		case 'p':
			if (!num_opt("port", optarg, 1, 65535, &v))
				return false;
			o->port = (int)v;
			break;
		case 'c':
			if (!num_opt("connections", optarg, 1, 100000, &v))
				return false;
			o->connections = (int)v;
			break;
		case 'd':
			if (!num_opt("duration", optarg, 0.1, 86400, &o->duration))
				return false;
			break;
		case 'w':
			if (!num_opt("warmup", optarg, 0, 86400, &o->warmup))
				return false;
			break;
		case 'o': o->op = optarg; break;
		case 'a': o->args = optarg; break;
		case 'u': o->user = optarg; break;
		case 'P': o->password = optarg; break;
		case 'r':
			if (!num_opt("rate", optarg, 0, 1e8, &o->rate))
				return false;
			break;
		case 't':
			if (!num_opt("timeout", optarg, 1, 86400, &o->timeout))
				return false;
			break;
		case 'C':
			if (!parse_cpu(o, optarg))
				return false;
			break;
		case 'h': usage(stdout); exit(0);
		default: usage(stderr); return false;
		}
	}
	if (optind != argc || o->op == NULL) {
		usage(stderr);
		return false;
	}
	if ((o->user == NULL) != (o->password == NULL)) {
		fprintf(stderr, "%s: --user and --password go together\n", PROG);
		return false;
	}
	if (o->timeout < 0)
		o->timeout = 60 + 0.5 * o->connections;
	return true;
}

static bool
resolve(struct bench *b)
{
	struct evutil_addrinfo hints = { .ai_family = AF_UNSPEC,
	    .ai_socktype = SOCK_STREAM, .ai_flags = EVUTIL_AI_ADDRCONFIG };
	struct evutil_addrinfo *ai = NULL;
	char port[16];
	int rc;

	snprintf(port, sizeof port, "%d", b->opt.port);
	if ((rc = evutil_getaddrinfo(b->opt.host, port, &hints, &ai)) != 0 || ai == NULL) {
		fprintf(stderr, "%s: cannot resolve %s: %s\n", PROG, b->opt.host,
		    evutil_gai_strerror(rc));
		return false;
	}
	memcpy(&b->addr, ai->ai_addr, ai->ai_addrlen);
	b->addrlen = (int)ai->ai_addrlen;
	evutil_freeaddrinfo(ai);
	return true;
}

static void
report(struct bench *b)
{
	const struct options *o = &b->opt;
	double secs = o->duration;
	double tps = (double)b->ok / secs;
	double p50 = hist_quantile(&b->hist, 0.50) / 1e3;
	double p90 = hist_quantile(&b->hist, 0.90) / 1e3;
	double p99 = hist_quantile(&b->hist, 0.99) / 1e3;
	double p999 = hist_quantile(&b->hist, 0.999) / 1e3;
	double max = b->hist.count ? (double)b->hist.max / 1e3 : 0;
	char mode[64];

	if (o->rate > 0)
		snprintf(mode, sizeof mode, "open-loop %.0f req/s, ", o->rate);
	else
		mode[0] = '\0';
	printf("svcdeskd %s: %d conns, %s%.1f s, %" PRIu64 " req, %.1f req/s, "
	    "p50 %.2f ms, p99 %.2f ms, errors %" PRIu64 "\n", o->op,
	    o->connections, mode, secs, b->ok, tps, p50, p99, b->errors);
	if (b->errors > 0 && b->first_error[0] != '\0')
		printf("  first error: %s\n", b->first_error);
	if (o->rate > 0)
		printf("  open-loop: backlog max %zu, dropped %" PRIu64 "\n",
		    b->bl_max, b->dropped);
	if (b->lost_conns > 0)
		printf("  connections lost: %" PRIu64 "\n", b->lost_conns);
	if (b->stray > 0)
		printf("  messages that answered no request: %" PRIu64 "\n", b->stray);
	printf("  CPU in the window (%.0f s x %ld cores = %.0f s): load generator %.2f s",
	    secs, sysconf(_SC_NPROCESSORS_ONLN),
	    secs * (double)sysconf(_SC_NPROCESSORS_ONLN), b->self_end - b->self_start);
	for (int g = 0; g < o->ncpu; g++)
		printf(", %s %.2f s", o->cpu[g].label, o->cpu[g].end - o->cpu[g].start);
	printf("\n");
	printf("RESULT op=%s conns=%d duration_s=%.1f requests=%" PRIu64
	    " tps=%.1f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f p999_ms=%.3f"
	    " max_ms=%.3f mean_ms=%.3f errors=%" PRIu64 " lost=%" PRIu64
	    " cpu_self_s=%.2f",
	    o->op, o->connections, secs, b->ok, tps, p50, p90, p99, p999, max,
	    hist_mean(&b->hist) / 1e3, b->errors, b->lost_conns,
	    b->self_end - b->self_start);
	for (int g = 0; g < o->ncpu; g++)
		printf(" cpu_%s_s=%.2f", o->cpu[g].label,
		    o->cpu[g].end - o->cpu[g].start);
	printf("\n");
	fflush(stdout);
}

int
main(int argc, char **argv)
{
	static struct bench bench;   /* the histogram is large: not on the stack */
	struct bench *b = &bench;
	struct event *ev_int, *ev_term;
	cJSON *args = NULL;
	struct timeval tv;
	int status = 0;

	if (!parse_options(&b->opt, argc, argv))
		return 2;
	if (b->opt.args != NULL) {
		args = cJSON_Parse(b->opt.args);
		if (!cJSON_IsObject(args)) {
			fprintf(stderr, "%s: --args must be a JSON object\n", PROG);
			cJSON_Delete(args);
			return 2;
		}
	}
	b->tail = make_tail(b->opt.op, args, &b->tail_len);
	cJSON_Delete(args);
	if (b->tail == NULL)
		return 1;
	signal(SIGPIPE, SIG_IGN);
	hist_init(&b->hist);
	if (!resolve(b))
		return 1;

	b->base = event_base_new();
	b->conns = calloc((size_t)b->opt.connections, sizeof *b->conns);
	b->idle = calloc((size_t)b->opt.connections, sizeof *b->idle);
	if (b->opt.rate > 0)
		b->backlog = calloc(BACKLOG_MAX, sizeof *b->backlog);
	if (b->base == NULL || b->conns == NULL || b->idle == NULL ||
	    (b->opt.rate > 0 && b->backlog == NULL)) {
		fprintf(stderr, "%s: out of memory\n", PROG);
		return 1;
	}
	b->ev_timeout = evtimer_new(b->base, on_setup_timeout, b);
	b->ev_measure = evtimer_new(b->base, on_measure, b);
	b->ev_end = evtimer_new(b->base, on_end, b);
	b->ev_tick = event_new(b->base, -1, EV_PERSIST, on_tick, b);
	ev_int = evsignal_new(b->base, SIGINT, on_signal, b);
	ev_term = evsignal_new(b->base, SIGTERM, on_signal, b);
	evsignal_add(ev_int, NULL);
	evsignal_add(ev_term, NULL);

	b->t_setup = mono_us();
	tv = tv_of_us((uint64_t)(b->opt.timeout * 1e6));
	evtimer_add(b->ev_timeout, &tv);
	b->nalive = b->opt.connections;
	for (int i = 0; i < b->opt.connections && !b->failed; i++) {
		struct lconn *c = &b->conns[i];

		c->b = b;
		c->idx = i;
		c->next_id = 1;
		c->wait_id = -1;
		c->state = C_CONNECTING;
		framer_init(&c->framer, MAX_REPLY);
		c->bev = bufferevent_socket_new(b->base, -1, BEV_OPT_CLOSE_ON_FREE);
		if (c->bev == NULL) {
			fail(b, "cannot make connection %d", i);
			break;
		}
		bufferevent_setcb(c->bev, on_read, NULL, on_event, c);
		bufferevent_enable(c->bev, EV_READ | EV_WRITE);
		if (bufferevent_socket_connect(c->bev, (struct sockaddr *)&b->addr,
		    b->addrlen) != 0)
			conn_lost(c, "connect failed");
	}
	if (!b->failed)
		event_base_dispatch(b->base);

	if (b->failed) {
		fprintf(stderr, "%s: %s\n", PROG, b->failure);
		status = 1;
	} else {
		report(b);
		if (b->ok + b->errors == 0) {
			fprintf(stderr, "%s: no reply in the measured window\n", PROG);
			status = 1;
		}
	}

	for (int i = 0; i < b->opt.connections; i++)
		if (b->conns[i].bev)
			bufferevent_free(b->conns[i].bev);
	event_free(b->ev_timeout);
	event_free(b->ev_measure);
	event_free(b->ev_end);
	event_free(b->ev_tick);
	event_free(ev_int);
	event_free(ev_term);
	event_base_free(b->base);
	free(b->conns);
	free(b->idle);
	free(b->backlog);
	free(b->tail);
	return status;
}
