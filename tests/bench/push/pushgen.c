/*
 * pushgen.c: svcdesk-pushgen, the push measurement of scripts/bench
 * (BENCH_OPS push; doc/architecture.md, "Measuring the pushes").
 *
 *   svcdesk-pushgen --port P --db CONNINFO --daemon-pid PID --payload FILE
 *       [--host H] [--user U --password W] [--subscribers N] [--idle M]
 *       [--changes K] [--hold-file F --hold S [--hold-stop G]]
 *
 * In one run, against one daemon:
 * 1. Memory per idle connection, first, on the daemon as started (memory
 *    the later steps free would be reused unseen by RSS): the daemon's RSS
 *    before and after M connections that send nothing (its open files
 *    counted until all are accepted), divided by M; then a fresh connection
 *    must still be served, and the M are closed.
 * 2. N connections log in (one password login, then session.resume with the
 *    token each answer gives: a chain, no Argon2id hash per connection) and
 *    subscribe to tickets. One of them (the laggard-to-be) has a small
 *    receive buffer.
 * 3. Commit-to-screen: K changes, one at a time, each a NOTIFY on the
 *    daemons' channel committed through libpq (as another daemon's change
 *    arrives): from the moment COMMIT returned to the kernel's arrival time
 *    of the push on each subscriber's socket (SO_TIMESTAMPNS: not when this
 *    single thread got round to reading it). The fan-out rate of a change
 *    is N over the span from its first arrival to its last; and pushes
 *    delivered per second of the daemon's CPU over the K changes.
 * 4. The raw floor: N loopback TCP connections of its own, read as the
 *    subscribers are, the same line written to each with write(2) by a
 *    thread: N over the span from the first arrival to the last, as 3.
 * 5. The laggard: the same K changes with one subscriber no longer read, then
 *    changes until the daemon cuts it off at its --max-output (the socket
 *    reaches end of file): the others' latency with it, against 2.
 * 6. With --hold-file: creates the file, then reads every push until the
 *    file --hold-stop exists, --hold seconds at most (the bench registers
 *    tickets meanwhile: writes with N subscribers), then closes the
 *    subscribers.
 * Output: lines for people, then one `RESULT key=value ...` line.
 * Exit status 0, 1 when a step fails (a push missing, a login refused).
 */
#include <errno.h>
#include <pthread.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <dirent.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <cjson/cJSON.h>
#include <libpq-fe.h>

#include "tests/bench/hist.h"

#define LINE_MAX_BYTES 65536
#define WAIT_MS 10000

struct sub {
	int fd;
	bool stalled;            /* not read: the laggard */
	bool closed;             /* end of file reached */
	int64_t seen;            /* the last bench_seq that arrived */
	int64_t arrived_ns;      /* its kernel arrival time (CLOCK_REALTIME) */
	size_t len;              /* bytes of an unfinished line in buf */
	char buf[4096];
};

struct opts {
	const char *host, *db, *user, *password, *payload, *hold_file, *hold_stop;
	int port, daemon_pid, subscribers, idle, changes, hold;
};

struct run {
	struct opts o;
	struct sub *subs;
	int nsubs, ep;
	PGconn *pg;
	char *data_text;          /* the change's data, bench_seq left to add */
	int64_t seq;
	char line[LINE_MAX_BYTES];  /* a push as a subscriber got it */
	size_t line_len;
	int64_t pushes_read;
	double hold_cpu_s;        /* this program's CPU while it held (reading) */
};

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void
die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("svcdesk-pushgen: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(1);
}

static int64_t
clock_ns(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* --- the daemon's process */

static long
proc_status_kb(int pid, const char *key)
{
	char path[64], line[256];
	long kb = -1;
	size_t n = strlen(key);
	FILE *f;

	snprintf(path, sizeof path, "/proc/%d/status", pid);
	if ((f = fopen(path, "r")) == NULL)
		return -1;
	while (fgets(line, sizeof line, f))
		if (strncmp(line, key, n) == 0 && line[n] == ':')
			kb = strtol(line + n + 1, NULL, 10);
	fclose(f);
	return kb;
}

/* user + system CPU seconds of the process */
static double
proc_cpu_s(int pid)
{
	char path[64], text[2048], *p;
	unsigned long ut = 0, st = 0;
	FILE *f;
	size_t n;

	snprintf(path, sizeof path, "/proc/%d/stat", pid);
	if ((f = fopen(path, "r")) == NULL)
		return 0;
	n = fread(text, 1, sizeof text - 1, f);
	fclose(f);
	text[n] = '\0';
	if ((p = strrchr(text, ')')) == NULL ||
	    sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &ut, &st) != 2)
		return 0;
	return (double)(ut + st) / (double)sysconf(_SC_CLK_TCK);
}

/* user + system CPU seconds of this program */
static double
self_cpu_s(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
	    (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

static int
proc_fds(int pid)
{
	char path[64];
	struct dirent *e;
	DIR *d;
	int n = 0;

	snprintf(path, sizeof path, "/proc/%d/fd", pid);
	if ((d = opendir(path)) == NULL)
		die("%s: %s", path, strerror(errno));
	while ((e = readdir(d)) != NULL)
		n += e->d_name[0] != '.';
	closedir(d);
	return n;
}

/* --- connections */

static int
connect_to(const char *host, int port, int rcvbuf)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1;

	if (fd < 0 || inet_pton(AF_INET, host, &sa.sin_addr) != 1)
		die("socket: %s", strerror(errno));
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	if (rcvbuf > 0)
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf);
	if (connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0)
		die("connect %s:%d: %s", host, port, strerror(errno));
	return fd;
}

static void
write_all(int fd, const char *p, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			die("write: %s", strerror(errno));
		p += n;
		len -= (size_t)n;
	}
}

/* Sends one request and reads lines (blocking) until its answer: its result
 * (the caller frees the reply). */
static cJSON *
call(struct sub *s, const char *op, cJSON *args, cJSON **reply_out)
{
	cJSON *req = cJSON_CreateObject(), *reply;
	char *text;

	cJSON_AddNumberToObject(req, "id", 1);
	cJSON_AddStringToObject(req, "op", op);
	cJSON_AddItemToObject(req, "args", args);
	text = cJSON_PrintUnformatted(req);
	cJSON_Delete(req);
	write_all(s->fd, text, strlen(text));
	write_all(s->fd, "\n", 1);
	free(text);
	for (;;) {
		char *nl;
		ssize_t n;

		while ((nl = memchr(s->buf, '\n', s->len)) == NULL) {
			if (s->len == sizeof s->buf ||
			    (n = read(s->fd, s->buf + s->len, sizeof s->buf - s->len)) <= 0)
				die("%s: no answer", op);
			s->len += (size_t)n;
		}
		*nl = '\0';
		reply = cJSON_Parse(s->buf);
		s->len -= (size_t)(nl + 1 - s->buf);
		memmove(s->buf, nl + 1, s->len);
		if (reply != NULL && cJSON_GetObjectItem(reply, "id") != NULL)
			break;
		cJSON_Delete(reply);    /* a push */
	}
	if (!cJSON_IsTrue(cJSON_GetObjectItem(reply, "ok"))) {
		text = cJSON_PrintUnformatted(reply);
		die("%s refused: %s", op, text);
	}
	*reply_out = reply;
	return cJSON_GetObjectItem(reply, "result");
}

/* Logs in (token NULL: with the password) and subscribes to tickets; returns
 * the next resume token (malloc'd). */
static char *
sub_open(struct run *r, struct sub *s, const char *token)
{
	cJSON *args = cJSON_CreateObject(), *reply, *res;
	char *next;

	if (token == NULL) {
		cJSON_AddStringToObject(args, "user", r->o.user);
		cJSON_AddStringToObject(args, "password", r->o.password);
	} else
		cJSON_AddStringToObject(args, "token", token);
	res = call(s, token ? "session.resume" : "session.login", args, &reply);
	if (!cJSON_IsString(cJSON_GetObjectItem(res, "resume_token")))
		die("no resume_token (is session_resume_hours 0?)");
	next = strdup(cJSON_GetObjectItem(res, "resume_token")->valuestring);
	cJSON_Delete(reply);
	args = cJSON_CreateObject();
	cJSON_AddItemToObject(args, "topics", cJSON_CreateStringArray(
	    (const char *const[]){ "tickets" }, 1));
	call(s, "subscribe", args, &reply);
	cJSON_Delete(reply);
	return next;
}

static void
subs_open(struct run *r)
{
	char *token = NULL, *next;
	int one = 1;

	r->nsubs = r->o.subscribers;
	if ((r->subs = calloc((size_t)r->nsubs, sizeof *r->subs)) == NULL)
		die("out of memory");
	for (int i = 0; i < r->nsubs; i++) {
		struct sub *s = &r->subs[i];
		struct epoll_event ev = { .events = EPOLLIN, .data.ptr = s };

		/* The laggard's small window: the daemon's queue grows sooner. */
		s->fd = connect_to(r->o.host, r->o.port, i == 0 ? 4096 : 0);
		next = sub_open(r, s, token);
		free(token);
		token = next;
		setsockopt(s->fd, SOL_SOCKET, SO_TIMESTAMPNS, &one, sizeof one);
		fcntl(s->fd, F_SETFL, fcntl(s->fd, F_GETFL) | O_NONBLOCK);
		s->seen = -1;
		if (epoll_ctl(r->ep, EPOLL_CTL_ADD, s->fd, &ev) != 0)
			die("epoll_ctl: %s", strerror(errno));
	}
	free(token);
}

/* --- reading pushes */

static void
sub_line(struct run *r, struct sub *s, const char *line, size_t len, int64_t at_ns)
{
	const char *p = strstr(line, "\"bench_seq\":");

	r->pushes_read++;
	if (p == NULL)
		return;
	s->seen = strtoll(p + 12, NULL, 10);
	s->arrived_ns = at_ns;
	if (r->line_len == 0 && len + 1 < sizeof r->line) {
		memcpy(r->line, line, len);
		r->line[len] = '\n';
		r->line_len = len + 1;
	}
}

static void
sub_read(struct run *r, struct sub *s)
{
	char cbuf[CMSG_SPACE(sizeof(struct timespec))];
	struct iovec iov = { s->buf + s->len, sizeof s->buf - s->len };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1,
	    .msg_control = cbuf, .msg_controllen = sizeof cbuf };
	struct cmsghdr *cm;
	int64_t at = clock_ns(CLOCK_REALTIME);
	ssize_t n = recvmsg(s->fd, &mh, 0);
	char *start, *nl;

	if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
		s->closed = true;
		epoll_ctl(r->ep, EPOLL_CTL_DEL, s->fd, NULL);
		return;
	}
	if (n < 0)
		return;
	for (cm = CMSG_FIRSTHDR(&mh); cm != NULL; cm = CMSG_NXTHDR(&mh, cm))
		if (cm->cmsg_level == SOL_SOCKET && cm->cmsg_type == SCM_TIMESTAMPNS) {
			struct timespec ts;
			memcpy(&ts, CMSG_DATA(cm), sizeof ts);
			at = (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
		}
	s->len += (size_t)n;
	start = s->buf;
	while ((nl = memchr(start, '\n', s->len - (size_t)(start - s->buf))) != NULL) {
		*nl = '\0';
		sub_line(r, s, start, (size_t)(nl - start), at);
		start = nl + 1;
	}
	s->len -= (size_t)(start - s->buf);
	memmove(s->buf, start, s->len);
	if (s->len == sizeof s->buf)
		s->len = 0;    /* a line longer than the buffer: not a bench push */
}

/* Reads whatever arrives for up to ms milliseconds (the laggard left alone). */
static void
pump(struct run *r, int ms)
{
	struct epoll_event evs[256];
	int n = epoll_wait(r->ep, evs, 256, ms);

	for (int i = 0; i < n; i++) {
		struct sub *s = evs[i].data.ptr;
		if (!s->stalled)
			sub_read(r, s);
	}
}

/* --- one change */

static void
notify(struct run *r, int64_t seq)
{
	char *payload;
	size_t len = strlen(r->data_text) + 160;
	PGresult *res;
	const char *params[1];

	if ((payload = malloc(len)) == NULL)
		die("out of memory");
	/* data_text is an object: bench_seq goes first inside it */
	snprintf(payload, len, "{\"origin\":\"svcdesk-pushgen\",\"topic\":\"tickets\","
	    "\"event\":\"ticket.changed\",\"data\":{\"bench_seq\":%lld,%s}",
	    (long long)seq, r->data_text + 1);
	params[0] = payload;
	res = PQexecParams(r->pg, "SELECT pg_notify('svcdesk', $1)", 1, NULL, params,
	    NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		die("NOTIFY: %s", PQerrorMessage(r->pg));
	PQclear(res);
	free(payload);
}

/* Waits until every live one of subs[0..n) has read the line of seq;
 * records each one's time from t0 to its kernel arrival into lat (NULL: not
 * recorded) and the span from the first arrival to the last into span. */
static void
await_seq(struct run *r, struct sub *subs, int n, int64_t seq, int64_t t0,
    struct hist *lat, struct hist *span)
{
	int64_t deadline = clock_ns(CLOCK_MONOTONIC) + (int64_t)WAIT_MS * 1000000;
	int64_t first = INT64_MAX, last = 0;
	int waiting;

	do {
		pump(r, 100);
		waiting = 0;
		for (int i = 0; i < n; i++)
			waiting += !subs[i].stalled && !subs[i].closed && subs[i].seen < seq;
		if (clock_ns(CLOCK_MONOTONIC) > deadline)
			die("change %lld: %d subscribers did not get it in %d ms",
			    (long long)seq, waiting, WAIT_MS);
	} while (waiting > 0);
	for (int i = 0; i < n; i++) {
		struct sub *s = &subs[i];
		if (s->stalled || s->closed)
			continue;
		if (lat != NULL)
			hist_record(lat, (uint64_t)(s->arrived_ns > t0 ? (s->arrived_ns - t0) / 1000 : 0));
		first = s->arrived_ns < first ? s->arrived_ns : first;
		last = s->arrived_ns > last ? s->arrived_ns : last;
	}
	hist_record(span, (uint64_t)((last - first) / 1000));
}

/* Commits one change and waits for it on every subscriber read; records
 * each one's commit-to-arrival time and the change's fan-out span. */
static void
one_change(struct run *r, struct hist *lat, struct hist *span)
{
	int64_t seq = ++r->seq;

	notify(r, seq);
	await_seq(r, r->subs, r->nsubs, seq, clock_ns(CLOCK_REALTIME), lat, span);
}

static double
ms(double us)
{
	return us / 1000.0;
}

/* --- the raw floor: the same line written to as many loopback sockets
 *
 * Measured as the fan-out is: the sockets' reading ends are set up as the
 * subscribers' are (kernel timestamps, non-blocking, in the epoll set this
 * thread waits on, so that each write wakes a waiting reader as the daemon's
 * do), a thread of its own writes the line with write(2) to each in turn (as
 * the daemon's loop does), and the rate is the sockets over the span from the
 * first arrival to the last. Writing with no reader waiting, as a first
 * version of this floor did, left out the wakeups and gave a floor three
 * times higher than any writer reaches with readers. */
struct floor_writer {
	int n, *fds;
	int go[2];               /* a sequence number to write; -1: stop */
	const char *before, *after;  /* the captured line around its bench_seq */
	size_t before_len, after_len;
};

static void *
floor_write(void *arg)
{
	struct floor_writer *fw = arg;
	char line[LINE_MAX_BYTES + 32];
	int64_t seq;

	while (read(fw->go[0], &seq, sizeof seq) == sizeof seq && seq >= 0) {
		size_t len = fw->before_len;
		memcpy(line, fw->before, fw->before_len);
		len += (size_t)snprintf(line + len, 32, "%lld", (long long)seq);
		memcpy(line + len, fw->after, fw->after_len);
		len += fw->after_len;
		for (int i = 0; i < fw->n; i++)
			write_all(fw->fds[i], line, len);
	}
	return NULL;
}

/* The captured push line cut around the number of its "bench_seq". */
static void
floor_line(struct run *r, struct floor_writer *fw)
{
	const char *p = memmem(r->line, r->line_len, "\"bench_seq\":", 12);

	if (p == NULL)
		die("raw floor: no push line captured");
	fw->before = r->line;
	fw->before_len = (size_t)(p + 12 - r->line);
	p += 12;
	while (*p == '-' || (*p >= '0' && *p <= '9'))
		p++;
	fw->after = p;
	fw->after_len = r->line_len - (size_t)(p - r->line);
}

static double
raw_floor(struct run *r)
{
	int n = r->nsubs, lfd = socket(AF_INET, SOCK_STREAM, 0), one = 1;
	struct sockaddr_in sa = { .sin_family = AF_INET };
	socklen_t sl = sizeof sa;
	struct floor_writer fw = { .n = n };
	struct sub *rd = calloc((size_t)n, sizeof *rd);
	pthread_t writer;
	struct hist h;
	int64_t stop = -1;

	hist_init(&h);
	floor_line(r, &fw);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (lfd < 0 || bind(lfd, (struct sockaddr *)&sa, sizeof sa) != 0 ||
	    listen(lfd, 4096) != 0 || getsockname(lfd, (struct sockaddr *)&sa, &sl) != 0 ||
	    (fw.fds = calloc((size_t)n, sizeof *fw.fds)) == NULL || rd == NULL ||
	    pipe(fw.go) != 0)
		die("raw floor: %s", strerror(errno));
	for (int i = 0; i < n; i++) {
		struct epoll_event ev = { .events = EPOLLIN, .data.ptr = &rd[i] };
		rd[i].fd = connect_to("127.0.0.1", ntohs(sa.sin_port), 0);
		rd[i].seen = -1;
		if ((fw.fds[i] = accept(lfd, NULL, NULL)) < 0)
			die("accept: %s", strerror(errno));
		setsockopt(fw.fds[i], IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
		setsockopt(rd[i].fd, SOL_SOCKET, SO_TIMESTAMPNS, &one, sizeof one);
		fcntl(rd[i].fd, F_SETFL, fcntl(rd[i].fd, F_GETFL) | O_NONBLOCK);
		if (epoll_ctl(r->ep, EPOLL_CTL_ADD, rd[i].fd, &ev) != 0)
			die("epoll_ctl: %s", strerror(errno));
	}
	if (pthread_create(&writer, NULL, floor_write, &fw) != 0)
		die("raw floor: cannot start the writer");
	for (int round = 0; round <= r->o.changes; round++) {   /* the first warms up */
		int64_t seq = ++r->seq;
		if (write(fw.go[1], &seq, sizeof seq) != sizeof seq)
			die("raw floor: %s", strerror(errno));
		await_seq(r, rd, n, seq, 0, NULL, &h);
		if (round == 0)
			hist_init(&h);
	}
	if (write(fw.go[1], &stop, sizeof stop) != sizeof stop)
		die("raw floor: %s", strerror(errno));
	pthread_join(writer, NULL);
	for (int i = 0; i < n; i++) {
		epoll_ctl(r->ep, EPOLL_CTL_DEL, rd[i].fd, NULL);
		close(fw.fds[i]);
		close(rd[i].fd);
	}
	close(fw.go[0]);
	close(fw.go[1]);
	close(lfd);
	free(fw.fds);
	free(rd);
	return (n - 1) / (hist_quantile(&h, 0.5) / 1e6);
}

/* --- the laggard */

/* Changes with subscriber 0 never read again until the daemon has cut it
 * off (its open files one fewer), the others' latency into lat; then the
 * laggard is read out to its end of file. Returns the changes it took. */
static int
laggard(struct run *r, struct hist *lat, struct hist *span, long *got_bytes)
{
	struct sub *s = &r->subs[0];
	char sink[65536];
	ssize_t n;
	int changes = 0, fds = proc_fds(r->o.daemon_pid);

	s->stalled = true;
	epoll_ctl(r->ep, EPOLL_CTL_DEL, s->fd, NULL);
	while (changes < r->o.changes || changes % 10 != 0 ||
	    proc_fds(r->o.daemon_pid) >= fds) {
		if (changes++ > 200000)
			die("the laggard was never cut off");
		one_change(r, lat, span);
	}
	*got_bytes = 0;
	fcntl(s->fd, F_SETFL, fcntl(s->fd, F_GETFL) & ~O_NONBLOCK);
	while ((n = read(s->fd, sink, sizeof sink)) > 0)
		*got_bytes += n;
	s->closed = true;
	return changes;
}

/* --- memory per idle connection */

static double
idle_memory(struct run *r, long *before_kb, long *after_kb)
{
	int m = r->o.idle, *fds = calloc((size_t)m, sizeof *fds), base;
	int64_t deadline;

	if (fds == NULL)
		die("out of memory");
	/* the subscribers just closed: until the daemon has closed them too */
	do {
		base = proc_fds(r->o.daemon_pid);
		usleep(500000);
	} while (proc_fds(r->o.daemon_pid) != base);
	*before_kb = proc_status_kb(r->o.daemon_pid, "VmRSS");
	for (int i = 0; i < m; i++)
		fds[i] = connect_to(r->o.host, r->o.port, 0);
	deadline = clock_ns(CLOCK_MONOTONIC) + 60LL * 1000000000;
	while (proc_fds(r->o.daemon_pid) < base + m) {
		if (clock_ns(CLOCK_MONOTONIC) > deadline)
			die("the daemon did not accept %d idle connections (is --max-clients "
			    "or its file limit too low?)", m);
		usleep(100000);
	}
	usleep(500000);
	*after_kb = proc_status_kb(r->o.daemon_pid, "VmRSS");
	{   /* still serving */
		struct sub probe = { .fd = connect_to(r->o.host, r->o.port, 0) };
		cJSON *reply;
		call(&probe, "ping", cJSON_CreateObject(), &reply);
		cJSON_Delete(reply);
		close(probe.fd);
	}
	for (int i = 0; i < m; i++)
		close(fds[i]);
	free(fds);
	return m > 0 ? (double)(*after_kb - *before_kb) * 1024.0 / m : 0;
}

/* --- holding the subscribers while the bench writes */

/* Returns the subscribers cut off meanwhile (this reader too slow for the
 * daemon: their --max-output reached). */
static int
hold(struct run *r)
{
	int64_t end;
	FILE *f;
	int cut = 0;

	r->pushes_read = 0;
	if (r->o.hold_file == NULL)
		return 0;
	if ((f = fopen(r->o.hold_file, "w")) == NULL)
		die("%s: %s", r->o.hold_file, strerror(errno));
	fclose(f);
	end = clock_ns(CLOCK_MONOTONIC) + (int64_t)r->o.hold * 1000000000;
	r->hold_cpu_s = -self_cpu_s();
	while (clock_ns(CLOCK_MONOTONIC) < end &&
	    (r->o.hold_stop == NULL || access(r->o.hold_stop, F_OK) != 0))
		pump(r, 100);
	r->hold_cpu_s += self_cpu_s();
	for (int i = 1; i < r->nsubs; i++)
		cut += r->subs[i].closed;
	return cut;
}

/* --- options */

static void
usage(void)
{
	fputs("usage: svcdesk-pushgen --port P --db CONNINFO --daemon-pid PID --payload FILE\n"
	    "    [--host H] [--user U] [--password W] [--subscribers N] [--idle M]\n"
	    "    [--changes K] [--hold-file F --hold SECONDS [--hold-stop G]]\n", stderr);
	exit(2);
}

static void
parse(struct opts *o, int argc, char **argv)
{
	*o = (struct opts){ .host = "127.0.0.1", .user = "operator", .password = "demo1234",
	    .subscribers = 1000, .idle = 10000, .changes = 200 };
	for (int i = 1; i + 1 < argc; i += 2) {
		const char *k = argv[i], *v = argv[i + 1];
		if (strcmp(k, "--host") == 0) o->host = v;
		else if (strcmp(k, "--port") == 0) o->port = atoi(v);
		else if (strcmp(k, "--db") == 0) o->db = v;
		else if (strcmp(k, "--user") == 0) o->user = v;
		else if (strcmp(k, "--password") == 0) o->password = v;
		else if (strcmp(k, "--payload") == 0) o->payload = v;
		else if (strcmp(k, "--daemon-pid") == 0) o->daemon_pid = atoi(v);
		else if (strcmp(k, "--subscribers") == 0) o->subscribers = atoi(v);
		else if (strcmp(k, "--idle") == 0) o->idle = atoi(v);
		else if (strcmp(k, "--changes") == 0) o->changes = atoi(v);
		else if (strcmp(k, "--hold-file") == 0) o->hold_file = v;
		else if (strcmp(k, "--hold") == 0) o->hold = atoi(v);
		else if (strcmp(k, "--hold-stop") == 0) o->hold_stop = v;
		else usage();
	}
	if (argc % 2 == 0 || o->port <= 0 || o->db == NULL || o->daemon_pid <= 0 ||
	    o->payload == NULL || o->subscribers < 2 || o->idle < 0 || o->changes < 1)
		usage();
}

/* The change's data: the payload file's JSON object, printed compactly. */
static char *
load_data(const char *path)
{
	FILE *f = fopen(path, "r");
	char text[16384];
	size_t n;
	cJSON *obj;
	char *out;

	if (f == NULL)
		die("%s: %s", path, strerror(errno));
	n = fread(text, 1, sizeof text - 1, f);
	fclose(f);
	text[n] = '\0';
	if ((obj = cJSON_Parse(text)) == NULL || !cJSON_IsObject(obj) || obj->child == NULL)
		die("%s: not a JSON object with members", path);
	out = cJSON_PrintUnformatted(obj);
	cJSON_Delete(obj);
	return out;
}

static void
raise_file_limit(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
}

int
main(int argc, char **argv)
{
	struct run r = { 0 };
	struct hist lat, span, lag_lat, lag_span;
	double cpu0, cpu_fan, raw, per_idle;
	long lag_bytes, rss0, rss1;
	int lag_changes, hold_cut;

	parse(&r.o, argc, argv);
	raise_file_limit();
	hist_init(&lat);
	hist_init(&span);
	hist_init(&lag_lat);
	hist_init(&lag_span);
	r.data_text = load_data(r.o.payload);
	if ((r.ep = epoll_create1(0)) < 0)
		die("epoll: %s", strerror(errno));
	if (PQstatus(r.pg = PQconnectdb(r.o.db)) != CONNECTION_OK)
		die("database: %s", PQerrorMessage(r.pg));
	/* First, on the daemon as started: memory freed by the other steps
	 * would be reused by the idle connections, unseen by RSS. */
	per_idle = idle_memory(&r, &rss0, &rss1);
	printf("%d idle connections: RSS %ld -> %ld kB, %.0f bytes each\n", r.o.idle, rss0,
	    rss1, per_idle);
	subs_open(&r);
	printf("%d subscribers logged in (one password, then resume tokens) and subscribed\n",
	    r.nsubs);
	one_change(&r, &span, &span);    /* warm up; keeps a push line for the floor */
	hist_init(&span);
	cpu0 = proc_cpu_s(r.o.daemon_pid);
	for (int i = 0; i < r.o.changes; i++)
		one_change(&r, &lat, &span);
	cpu_fan = proc_cpu_s(r.o.daemon_pid) - cpu0;
	raw = raw_floor(&r);
	lag_changes = laggard(&r, &lag_lat, &lag_span, &lag_bytes);
	printf("laggard cut off after %d changes (%ld bytes read by it)\n", lag_changes, lag_bytes);
	hold_cut = hold(&r);
	for (int i = 0; i < r.nsubs; i++)
		close(r.subs[i].fd);
	{
		double p50 = hist_quantile(&lat, 0.5), p99 = hist_quantile(&lat, 0.99);
		double lp50 = hist_quantile(&lag_lat, 0.5), lp99 = hist_quantile(&lag_lat, 0.99);
		double fan = (r.nsubs - 1) / (hist_quantile(&span, 0.5) / 1e6);
		double fan_cpu = cpu_fan > 0 ? (double)r.nsubs * r.o.changes / cpu_fan : 0;
		printf("commit-to-screen p50 %.3f ms p99 %.3f ms; fan-out %.0f/s (raw floor %.0f/s, "
		    "ratio %.3f); with a laggard p50 %.3f ms p99 %.3f ms; %.0f bytes per idle "
		    "connection\n", ms(p50), ms(p99), fan, raw, fan / raw, ms(lp50), ms(lp99), per_idle);
		printf("RESULT subscribers=%d changes=%d line_bytes=%zu c2s_p50_ms=%.3f "
		    "c2s_p99_ms=%.3f c2s_max_ms=%.3f span_p50_ms=%.3f fanout_rate=%.0f "
		    "fanout_per_cpu_s=%.0f raw_rate=%.0f fanout_ratio=%.3f lag_p50_ms=%.3f "
		    "lag_p99_ms=%.3f lag_slowdown_p99=%.3f lag_slowdown_p50=%.3f lag_cut=1 "
		    "lag_changes=%d lag_bytes=%ld hold_pushes=%lld hold_cpu_s=%.2f hold_cut=%d idle=%d rss_before_kb=%ld "
		    "rss_after_kb=%ld idle_bytes_per_conn=%.0f\n",
		    r.nsubs, r.o.changes, r.line_len, ms(p50), ms(p99),
		    ms(hist_quantile(&lat, 1.0)), ms(hist_quantile(&span, 0.5)), fan, fan_cpu, raw,
		    fan / raw, ms(lp50), ms(lp99), p99 > 0 ? lp99 / p99 : 0, p50 > 0 ? lp50 / p50 : 0,
		    lag_changes, lag_bytes, (long long)r.pushes_read, r.hold_cpu_s, hold_cut, r.o.idle, rss0, rss1, per_idle);
	}
	PQfinish(r.pg);
	free(r.data_text);
	free(r.subs);
	return 0;
}
