/*
 * loadgen.c: svcdesk-bench, a libevent load generator for svcdeskd.
 *
 *   svcdesk-bench --host H --port P [--connections N] [--duration S]
 *       [--warmup S] --op OP [--args JSON] [--user U --password P]
 *       [--rate R] [--timeout S] [--cpu LABEL=PID[,PID...]]...
 *       [--rand-max N] [--pick V1,V2,...] [--seed N]
 *       [--save-tickets FILE] [--tickets FILE] [--ready-file FILE]
 *       [--requests N] [--tls [--ca FILE]]
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
 *
 * --args is a template: every request gets its own values for these tokens,
 * so that requests that must differ do (an idempotency key, the ticket a
 * connection dispatches):
 *   @CONN@    the connection's index (0 ..)
 *   @SEQ@     the connection's request counter (1 ..; the login not counted)
 *   @RAND@    a uniform random whole number 1 .. --rand-max, one per request
 *             (the same value wherever it occurs in that request)
 *   @PICK@    one of the --pick values, (connection + counter) modulo their
 *             number: varies from request to request and across connections;
 *             with @TICKET@, (connection + the ticket's place in the list +
 *             the times the list went round) modulo their number, so that a
 *             ticket taken again gets another value than the time before
 *   @TICKET@  the next ticket number of the connection's own list, read from
 *             --tickets FILE (lines `CONN NO`, as --save-tickets writes them:
 *             connection i takes the lines of i modulo --connections); at the
 *             end of its list a connection starts again from its first
 *             (counted as `reused`); the same ticket wherever it occurs in
 *             one request
 * --save-tickets FILE appends `CONN NO` for every successful reply that
 * carries a ticket (result.no), warmup included, so that a later run can act
 * on exactly the tickets each connection made. --ready-file FILE is created
 * when the clock starts (every connection ready, logins done), for a script
 * that samples something over the same window.
 * --requests N ends the run once N replies are counted (a request that takes
 * seconds, such as a recall of 100,000 units, measured once): the window is
 * then from the end of the warmup to the last of them.
 * --tls speaks TLS (OpenSSL through libevent's bufferevent_openssl, as the
 * daemon does), checking the daemon's certificate and its name (--host)
 * against --ca FILE (else the system's CAs): each connection does its
 * handshake once, before its login, as a terminal does; the setup time
 * (setup_s) says what the handshakes and logins took.
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
#include <event2/bufferevent_ssl.h>
#include <event2/event.h>
#include <event2/util.h>
#include <openssl/err.h>
#include <openssl/ssl.h>

#include "common/frame.h"
#include "tests/bench/hist.h"

#define PROG "svcdesk-bench"
#define MAX_REPLY (64u * 1024 * 1024)     /* a generous frame limit */
#define BACKLOG_MAX (1u << 20)            /* open-loop requests waiting */
#define CPU_GROUPS 8
#define CPU_PIDS 64
#define PICK_MAX 256
#define TICKET_NO_MAX 64

/* The pieces of the request template: text, or a token filled per request. */
enum seg_kind { SEG_TEXT, SEG_CONN, SEG_SEQ, SEG_RAND, SEG_PICK, SEG_TICKET };

struct segment {
	enum seg_kind kind;
	const char *text;    /* SEG_TEXT: points into bench.tail */
	size_t len;
};

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
	uint64_t seq;        /* requests made from the template */
	uint64_t rng;        /* splitmix64 state */
	char **tickets;      /* --tickets: this connection's own */
	size_t ntickets, tcap, next_ticket, passes;
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
	long long rand_max;
	const char *pick_text, *save_path, *tickets_path, *ready_path;
	long long requests;  /* --requests: end after that many replies; 0: by time */
	bool tls;            /* --tls */
	const char *ca_path; /* --ca: the CA the daemon's certificate is checked against */
	unsigned long long seed;
	bool seeded;
};

struct bench {
	struct options opt;
	struct event_base *base;
	struct sockaddr_storage addr;
	int addrlen;
	struct lconn *conns;
	SSL_CTX *tls_ctx;    /* --tls: one for every connection */
	int nready, nalive;
	bool failed, running;
	char failure[512];

	char *tail;          /* `,"op":...,"args":...}\n`, the template */
	size_t tail_len;
	struct segment *segs;
	int nsegs;
	bool templated;      /* a token in it: each request is built */
	bool ticket_token;   /* @TICKET@ in it */
	char *reqbuf;        /* one built request */
	size_t reqcap;
	char *picks[PICK_MAX];
	int npicks;
	FILE *save;          /* --save-tickets */
	uint64_t saved, unsaved, reused, tickets_loaded;

	uint64_t t_setup, t_start, t_measure, t_end;  /* microseconds */
	uint64_t t_last;     /* --requests: when the last reply came */
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

static uint64_t
splitmix64(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15u);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

static bool
reqbuf_add(struct bench *b, size_t *len, const char *text, size_t n)
{
	if (*len + n + 1 > b->reqcap) {
		size_t cap = b->reqcap ? b->reqcap : 1024;
		char *p;

		while (*len + n + 1 > cap)
			cap *= 2;
		if ((p = realloc(b->reqbuf, cap)) == NULL)
			return false;
		b->reqbuf = p;
		b->reqcap = cap;
	}
	memcpy(b->reqbuf + *len, text, n);
	*len += n;
	return true;
}

/* The next request of connection c from the template, in b->reqbuf. */
static bool
build_request(struct lconn *c, size_t *len)
{
	struct bench *b = c->b;
	uint64_t seq = ++c->seq, pick = (uint64_t)c->idx + seq;
	long long rnd = 1;
	const char *ticket = NULL;
	char num[32];
	const char *v;
	size_t n;

	if (b->opt.rand_max > 0)
		rnd = 1 + (long long)(splitmix64(&c->rng) % (uint64_t)b->opt.rand_max);
	if (b->ticket_token) {
		ticket = c->tickets[c->next_ticket];
		pick = (uint64_t)c->idx + c->next_ticket + c->passes;
		if (c->passes > 0)
			b->reused++;
		if (++c->next_ticket == c->ntickets) {
			c->next_ticket = 0;
			c->passes++;
		}
	}
	*len = 0;
	for (int i = 0; i < b->nsegs; i++) {
		const struct segment *s = &b->segs[i];

		v = num;
		switch (s->kind) {
		case SEG_TEXT:
			v = s->text;
			n = s->len;
			break;
		case SEG_CONN:
			n = (size_t)snprintf(num, sizeof num, "%d", c->idx);
			break;
		case SEG_SEQ:
			n = (size_t)snprintf(num, sizeof num, "%" PRIu64, seq);
			break;
		case SEG_RAND:
			n = (size_t)snprintf(num, sizeof num, "%lld", rnd);
			break;
		case SEG_PICK:
			v = b->picks[pick % (uint64_t)b->npicks];
			n = strlen(v);
			break;
		case SEG_TICKET:
			v = ticket;
			n = strlen(v);
			break;
		default:
			return false;
		}
		if (!reqbuf_add(b, len, v, n))
			return false;
	}
	return true;
}

static void
send_request(struct lconn *c, uint64_t due)
{
	struct bench *b = c->b;
	size_t len = 0;
	bool ok;

	c->state = C_BUSY;
	c->sent_us = due;
	if (b->templated)
		ok = build_request(c, &len) && send_line(c, b->reqbuf, len);
	else
		ok = send_line(c, b->tail, b->tail_len);
	if (!ok) {
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
	if (b->opt.ready_path != NULL) {
		FILE *f = fopen(b->opt.ready_path, "w");

		if (f == NULL || fclose(f) != 0) {
			fail(b, "cannot create %s: %s", b->opt.ready_path, strerror(errno));
			return;
		}
	}
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

/* The ticket number of a reply, result.no: jsonb writes the shortest keys
 * first, so it comes first; anything else goes through cJSON. */
static bool
reply_ticket_no(const char *line, size_t len, char *no, size_t size)
{
	static const char key[] = "\"result\":{\"no\":\"";
	const char *p = memmem(line, len, key, sizeof key - 1), *end;
	cJSON *root, *v;
	bool found = false;

	if (p != NULL) {
		p += sizeof key - 1;
		end = memchr(p, '"', len - (size_t)(p - line));
		if (end != NULL && end > p && (size_t)(end - p) < size &&
		    memchr(p, '\\', (size_t)(end - p)) == NULL) {
			memcpy(no, p, (size_t)(end - p));
			no[end - p] = '\0';
			return true;
		}
	}
	if ((root = cJSON_ParseWithLength(line, len)) == NULL)
		return false;
	v = cJSON_GetObjectItemCaseSensitive(
	    cJSON_GetObjectItemCaseSensitive(root, "result"), "no");
	if (cJSON_IsString(v) && strlen(v->valuestring) < size &&
	    strpbrk(v->valuestring, " \n") == NULL) {
		snprintf(no, size, "%s", v->valuestring);
		found = true;
	}
	cJSON_Delete(root);
	return found;
}

static void
save_ticket(struct lconn *c, const char *line, size_t len)
{
	struct bench *b = c->b;
	char no[TICKET_NO_MAX];

	if (reply_ticket_no(line, len, no, sizeof no) &&
	    fprintf(b->save, "%d %s\n", c->idx, no) > 0)
		b->saved++;
	else
		b->unsaved++;
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
		if (b->opt.requests > 0 && b->ok + b->errors >= (uint64_t)b->opt.requests &&
		    b->running) {
			b->t_last = now;
			c->state = C_READY;
			on_end(-1, 0, b);
			return;
		}
		if (ok && b->save != NULL)
			save_ticket(c, line, len);
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

/* Why a connection failed: the certificate check or OpenSSL's reason over
 * TLS, else the socket's error. */
static void
error_reason(struct bufferevent *bev, char *why, size_t size)
{
	SSL *ssl = bufferevent_openssl_get_ssl(bev);
	unsigned long e = ssl != NULL ? bufferevent_get_openssl_error(bev) : 0;
	long verify = ssl != NULL ? SSL_get_verify_result(ssl) : X509_V_OK;
	const char *reason = e != 0 ? ERR_reason_error_string(e) : NULL;

	if (verify != X509_V_OK)
		snprintf(why, size, "TLS: %s", X509_verify_cert_error_string(verify));
	else if (reason != NULL)
		snprintf(why, size, "TLS: %s", reason);
	else
		snprintf(why, size, "%s",
		    evutil_socket_error_to_string(EVUTIL_SOCKET_ERROR()));
}

static void
on_event(struct bufferevent *bev, short events, void *arg)
{
	struct lconn *c = arg;
	char why[160];

	if (events & BEV_EVENT_CONNECTED) {   /* over TLS: the handshake is done */
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
		error_reason(bev, why, sizeof why);
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
"        repeatable)]\n"
"       [--rand-max N (@RAND@: 1..N)] [--pick V1,V2,... (@PICK@)] [--seed N]\n"
"       [--save-tickets FILE (append CONN NO of each ticket made)]\n"
"       [--tickets FILE (@TICKET@: each connection's own, from CONN NO lines)]\n"
"       [--ready-file FILE (created when the clock starts)]\n"
"       [--requests N (end once N replies are counted)]\n"
"       [--tls (speak TLS) [--ca FILE (the CA to check the daemon against)]]\n"
"  --args is a template: @CONN@ @SEQ@ @RAND@ @PICK@ @TICKET@ are filled per request\n",
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
		{ "rand-max", required_argument, NULL, 'R' },
		{ "pick", required_argument, NULL, 'k' },
		{ "seed", required_argument, NULL, 's' },
		{ "save-tickets", required_argument, NULL, 'S' },
		{ "tickets", required_argument, NULL, 'T' },
		{ "ready-file", required_argument, NULL, 'F' },
		{ "requests", required_argument, NULL, 'n' },
		{ "tls", no_argument, NULL, 'L' },
		{ "ca", required_argument, NULL, 'A' },
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
		case 'R':
			if (!num_opt("rand-max", optarg, 1, 9007199254740991.0, &v))
				return false;
			o->rand_max = (long long)v;
			break;
		case 'k': o->pick_text = optarg; break;
		case 's':
			if (!num_opt("seed", optarg, 0, 9007199254740991.0, &v))
				return false;
			o->seed = (unsigned long long)v;
			o->seeded = true;
			break;
		case 'S': o->save_path = optarg; break;
		case 'T': o->tickets_path = optarg; break;
		case 'F': o->ready_path = optarg; break;
		case 'n':
			if (!num_opt("requests", optarg, 1, 1e12, &v))
				return false;
			o->requests = (long long)v;
			break;
		case 'L': o->tls = true; break;
		case 'A': o->ca_path = optarg; break;
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
	if (o->ca_path != NULL && !o->tls) {
		fprintf(stderr, "%s: --ca goes with --tls\n", PROG);
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

/* --tls: the context every connection's session is made from; the
 * daemon's certificate is checked against --ca (else the system's CAs). */
static bool
tls_init(struct bench *b)
{
	SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
	const char *reason;

	if (ctx != NULL) {
		SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
		SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
		if ((b->opt.ca_path != NULL ? SSL_CTX_load_verify_locations(ctx,
		    b->opt.ca_path, NULL) : SSL_CTX_set_default_verify_paths(ctx)) == 1) {
			b->tls_ctx = ctx;
			return true;
		}
	}
	reason = ERR_reason_error_string(ERR_get_error());
	fprintf(stderr, "%s: TLS: %s%s%s\n", PROG, reason ? reason : "cannot set up",
	    b->opt.ca_path ? " reading " : "", b->opt.ca_path ? b->opt.ca_path : "");
	SSL_CTX_free(ctx);
	return false;
}

/* A connection's bufferevent, not yet connected: a plain socket, or TLS
 * over one, whose handshake starts once the socket is connected (and
 * BEV_EVENT_CONNECTED comes after it), with the name --host checked. */
static struct bufferevent *
new_bufferevent(struct bench *b)
{
	SSL *ssl;

	if (b->tls_ctx == NULL)
		return bufferevent_socket_new(b->base, -1, BEV_OPT_CLOSE_ON_FREE);
	if ((ssl = SSL_new(b->tls_ctx)) == NULL)
		return NULL;
	SSL_set_tlsext_host_name(ssl, b->opt.host);
	SSL_set1_host(ssl, b->opt.host);
	return bufferevent_openssl_socket_new(b->base, -1, ssl,
	    BUFFEREVENT_SSL_CONNECTING, BEV_OPT_CLOSE_ON_FREE);
}

/* --- the request template */

static const struct {
	const char *name;
	enum seg_kind kind;
	const char *sample;
} tokens[] = {
	{ "@CONN@", SEG_CONN, "0" },
	{ "@SEQ@", SEG_SEQ, "1" },
	{ "@RAND@", SEG_RAND, "1" },
	{ "@PICK@", SEG_PICK, "x" },
	{ "@TICKET@", SEG_TICKET, "B0000000000" },
};
#define NTOKENS (sizeof tokens / sizeof tokens[0])

/* The token at p, or -1. */
static int
token_at(const char *p)
{
	for (size_t t = 0; t < NTOKENS; t++)
		if (strncmp(p, tokens[t].name, strlen(tokens[t].name)) == 0)
			return (int)t;
	return -1;
}

static bool
split_picks(struct bench *b)
{
	char *copy, *tok, *save = NULL;

	if (b->opt.pick_text == NULL)
		return true;
	if ((copy = strdup(b->opt.pick_text)) == NULL)
		return false;
	for (tok = strtok_r(copy, ",", &save); tok != NULL; tok = strtok_r(NULL, ",", &save)) {
		if (b->npicks == PICK_MAX || strpbrk(tok, "\"\\") != NULL) {
			fprintf(stderr, "%s: --pick takes at most %d values without quotes "
			    "or backslashes\n", PROG, PICK_MAX);
			free(copy);
			return false;
		}
		if ((b->picks[b->npicks++] = strdup(tok)) == NULL) {
			free(copy);
			return false;
		}
	}
	free(copy);
	if (b->npicks == 0) {
		fprintf(stderr, "%s: --pick needs at least one value\n", PROG);
		return false;
	}
	return true;
}

/* b->tail from --op and --args; with a token in --args, also its segments.
 * Returns 2 on bad usage, 1 on another failure, 0 when done. */
static int
make_template(struct bench *b)
{
	const struct options *o = &b->opt;
	char *text, *sample = NULL, *ops = NULL, *q;
	cJSON *args, *opj;
	bool used[NTOKENS] = { false };
	size_t n, sn = 0;
	int status = 1, t;

	if (o->args == NULL) {
		b->tail = make_tail(o->op, NULL, &b->tail_len);
		return b->tail ? 0 : 1;
	}
	if ((text = strdup(o->args)) == NULL)
		return 1;
	for (q = text; *q; q++)        /* one message is one line */
		if (*q == '\n' || *q == '\r')
			*q = ' ';
	/* The template with sample values must be a JSON object. */
	n = strlen(text);
	if ((sample = malloc(n * 2 + 64)) == NULL)
		goto out;
	for (q = text; *q; ) {
		if ((t = token_at(q)) >= 0) {
			used[t] = true;
			sn += (size_t)sprintf(sample + sn, "%s", tokens[t].sample);
			q += strlen(tokens[t].name);
		} else {
			sample[sn++] = *q++;
		}
	}
	sample[sn] = '\0';
	args = cJSON_Parse(sample);
	if (!cJSON_IsObject(args)) {
		fprintf(stderr, "%s: --args must be a JSON object (tokens filled: %s)\n",
		    PROG, sample);
		cJSON_Delete(args);
		status = 2;
		goto out;
	}
	if ((used[2] && o->rand_max <= 0) || (used[3] && b->npicks == 0) ||
	    (used[4] && o->tickets_path == NULL)) {
		fprintf(stderr, "%s: @RAND@ needs --rand-max, @PICK@ --pick, "
		    "@TICKET@ --tickets\n", PROG);
		cJSON_Delete(args);
		status = 2;
		goto out;
	}
	b->templated = used[0] || used[1] || used[2] || used[3] || used[4];
	b->ticket_token = used[4];
	if (!b->templated) {
		b->tail = make_tail(o->op, args, &b->tail_len);
		cJSON_Delete(args);
		status = b->tail ? 0 : 1;
		goto out;
	}
	cJSON_Delete(args);
	opj = cJSON_CreateString(o->op);
	ops = opj ? cJSON_PrintUnformatted(opj) : NULL;
	cJSON_Delete(opj);
	if (ops == NULL)
		goto out;
	n = strlen(ops) + strlen(text) + 32;
	if ((b->tail = malloc(n)) == NULL)
		goto out;
	snprintf(b->tail, n, ",\"op\":%s,\"args\":%s}\n", ops, text);
	b->tail_len = strlen(b->tail);
	/* Segments: at most one text piece before each token, and one after. */
	if ((b->segs = calloc(b->tail_len + 1, sizeof *b->segs)) == NULL)
		goto out;
	for (const char *p = b->tail, *from = b->tail; ; ) {
		t = *p ? token_at(p) : -1;
		if (*p == '\0' || t >= 0) {
			if (p > from)
				b->segs[b->nsegs++] = (struct segment){ SEG_TEXT, from,
				    (size_t)(p - from) };
			if (*p == '\0')
				break;
			b->segs[b->nsegs++] = (struct segment){ tokens[t].kind, NULL, 0 };
			p += strlen(tokens[t].name);
			from = p;
		} else {
			p++;
		}
	}
	status = 0;
out:
	free(text);
	free(sample);
	cJSON_free(ops);
	return status;
}

/* --tickets: `CONN NO` lines; connection i takes those of i modulo N. */
static bool
load_tickets(struct bench *b)
{
	FILE *f = fopen(b->opt.tickets_path, "r");
	char line[256], no[TICKET_NO_MAX];
	long conn;
	int n = b->opt.connections;

	if (f == NULL) {
		fprintf(stderr, "%s: cannot read %s: %s\n", PROG, b->opt.tickets_path,
		    strerror(errno));
		return false;
	}
	while (fgets(line, sizeof line, f) != NULL) {
		struct lconn *c;
		char **p;

		if (sscanf(line, "%ld %63s", &conn, no) != 2 || conn < 0)
			continue;
		c = &b->conns[conn % n];
		if (c->ntickets == c->tcap) {
			size_t cap = c->tcap ? 2 * c->tcap : 64;

			if ((p = realloc(c->tickets, cap * sizeof *p)) == NULL)
				goto oom;
			c->tickets = p;
			c->tcap = cap;
		}
		if ((c->tickets[c->ntickets] = strdup(no)) == NULL)
			goto oom;
		c->ntickets++;
		b->tickets_loaded++;
	}
	fclose(f);
	for (int i = 0; i < n; i++)
		if (b->conns[i].ntickets == 0) {
			fprintf(stderr, "%s: connection %d has no ticket in %s (%" PRIu64
			    " tickets for %d connections)\n", PROG, i, b->opt.tickets_path,
			    b->tickets_loaded, n);
			return false;
		}
	return true;
oom:
	fclose(f);
	fprintf(stderr, "%s: out of memory reading %s\n", PROG, b->opt.tickets_path);
	return false;
}

static void
report(struct bench *b)
{
	const struct options *o = &b->opt;
	double secs = b->t_last > b->t_measure ? (double)(b->t_last - b->t_measure) / 1e6 :
	    o->duration;
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
	if (b->save != NULL)
		printf("  tickets saved: %" PRIu64 " (replies without a ticket number: %"
		    PRIu64 ")\n", b->saved, b->unsaved);
	if (o->tickets_path != NULL)
		printf("  ticket lists: %" PRIu64 " tickets over %d connections; requests "
		    "that went round again (a reassign): %" PRIu64 "\n",
		    b->tickets_loaded, o->connections, b->reused);
	printf("  CPU in the window (%.0f s x %ld cores = %.0f s): load generator %.2f s",
	    secs, sysconf(_SC_NPROCESSORS_ONLN),
	    secs * (double)sysconf(_SC_NPROCESSORS_ONLN), b->self_end - b->self_start);
	for (int g = 0; g < o->ncpu; g++)
		printf(", %s %.2f s", o->cpu[g].label, o->cpu[g].end - o->cpu[g].start);
	printf("\n");
	printf("RESULT op=%s conns=%d duration_s=%.1f requests=%" PRIu64
	    " tps=%.1f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f p999_ms=%.3f"
	    " max_ms=%.3f mean_ms=%.3f errors=%" PRIu64 " lost=%" PRIu64
	    " rate=%.1f backlog_max=%zu saved=%" PRIu64 " reused=%" PRIu64
	    " cpu_self_s=%.2f setup_s=%.3f tls=%d",
	    o->op, o->connections, secs, b->ok, tps, p50, p90, p99, p999, max,
	    hist_mean(&b->hist) / 1e3, b->errors, b->lost_conns, o->rate,
	    b->bl_max, b->saved, b->reused, b->self_end - b->self_start,
	    (double)(b->t_start - b->t_setup) / 1e6, o->tls ? 1 : 0);
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
	struct timeval tv;
	uint64_t seed;
	int status = 0, one = 1;

	if (!parse_options(&b->opt, argc, argv))
		return 2;
	if (!split_picks(b))
		return 2;
	if ((status = make_template(b)) != 0)
		return status;
	signal(SIGPIPE, SIG_IGN);
	hist_init(&b->hist);
	if (!resolve(b) || (b->opt.tls && !tls_init(b)))
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
	if (b->opt.tickets_path != NULL && !load_tickets(b))
		return 1;
	if (b->opt.save_path != NULL && (b->save = fopen(b->opt.save_path, "a")) == NULL) {
		fprintf(stderr, "%s: cannot write %s: %s\n", PROG, b->opt.save_path,
		    strerror(errno));
		return 1;
	}
	seed = b->opt.seeded ? b->opt.seed : mono_us() ^ ((uint64_t)getpid() << 32);
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
		c->rng = seed ^ (0x9e3779b97f4a7c15u * (uint64_t)(i + 1));
		c->state = C_CONNECTING;
		framer_init(&c->framer, MAX_REPLY);
		c->bev = new_bufferevent(b);
		if (c->bev == NULL) {
			fail(b, "cannot make connection %d", i);
			break;
		}
		bufferevent_setcb(c->bev, on_read, NULL, on_event, c);
		bufferevent_enable(c->bev, EV_READ | EV_WRITE);
		if (bufferevent_socket_connect(c->bev, (struct sockaddr *)&b->addr,
		    b->addrlen) != 0)
			conn_lost(c, "connect failed");
		else   /* before the TLS handshake, which Nagle would slow */
			setsockopt(bufferevent_getfd(c->bev), IPPROTO_TCP,
			    TCP_NODELAY, &one, sizeof one);
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

	for (int i = 0; i < b->opt.connections; i++) {
		if (b->conns[i].bev)
			bufferevent_free(b->conns[i].bev);
		for (size_t k = 0; k < b->conns[i].ntickets; k++)
			free(b->conns[i].tickets[k]);
		free(b->conns[i].tickets);
	}
	if (b->save != NULL && fclose(b->save) != 0) {
		fprintf(stderr, "%s: cannot write %s\n", PROG, b->opt.save_path);
		status = 1;
	}
	for (int i = 0; i < b->npicks; i++)
		free(b->picks[i]);
	free(b->segs);
	free(b->reqbuf);
	event_free(b->ev_timeout);
	event_free(b->ev_measure);
	event_free(b->ev_end);
	event_free(b->ev_tick);
	event_free(ev_int);
	event_free(ev_term);
	event_base_free(b->base);
	SSL_CTX_free(b->tls_ctx);
	free(b->conns);
	free(b->idle);
	free(b->backlog);
	free(b->tail);
	return status;
}
