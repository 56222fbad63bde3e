/*
 * conn.c: the client side of the wire protocol; see conn.h.
 */
#include "client/conn.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <event2/buffer.h>
#include <openssl/err.h>
#include <openssl/ssl.h>

#include "common/frame.h"
#include "common/proto.h"

/* Replies can be large (a page of tickets); the daemon bounds what it sends. */
#define CONN_MAX_FRAME (64u * 1024 * 1024)

struct queued {
	cJSON *msg;
	struct queued *next;
};

struct conn {
	int fd;
	SSL_CTX *ctx;
	SSL *ssl;
	struct evbuffer *in;
	struct framer framer;
	int64_t next_id;
	bool closed;
	struct queued *head, *tail;  /* messages read but not yet taken */
};

static int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static bool
is_loopback(const struct sockaddr *sa)
{
	if (sa->sa_family == AF_INET)
		return (ntohl(((const struct sockaddr_in *)sa)->sin_addr.s_addr) >> 24) == 127;
	if (sa->sa_family == AF_INET6)
		return IN6_IS_ADDR_LOOPBACK(&((const struct sockaddr_in6 *)sa)->sin6_addr);
	return false;
}

/* Waits for fd to become ready for `events`; false on timeout. */
static bool
wait_fd(int fd, short events, int timeout_ms)
{
	struct pollfd p = { .fd = fd, .events = events };
	int r;

	do
		r = poll(&p, 1, timeout_ms);
	while (r < 0 && errno == EINTR);
	return r > 0;
}

static int
connect_tcp(const struct conn_options *opt, bool *loopback, char *errbuf,
    size_t errlen)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM }, *res, *ai;
	char port[16];
	int fd = -1, rc, one = 1;

	snprintf(port, sizeof port, "%d", opt->port);
	if ((rc = getaddrinfo(opt->host, port, &hints, &res)) != 0) {
		snprintf(errbuf, errlen, "%s: %s", opt->host, gai_strerror(rc));
		return -1;
	}
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		int soerr = 0;
		socklen_t sl = sizeof soerr;

		fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK |
		    SOCK_CLOEXEC, ai->ai_protocol);
		if (fd < 0)
			continue;
		if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0 ||
		    (errno == EINPROGRESS && wait_fd(fd, POLLOUT, opt->timeout_ms) &&
		    getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &sl) == 0 &&
		    soerr == 0)) {
			*loopback = is_loopback(ai->ai_addr);
			break;
		}
		snprintf(errbuf, errlen, "%s:%d: %s", opt->host, opt->port,
		    strerror(soerr ? soerr : errno ? errno : ETIMEDOUT));
		close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	if (fd >= 0)
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	return fd;
}

static bool
start_tls(struct conn *c, const struct conn_options *opt, char *errbuf,
    size_t errlen)
{
	int64_t deadline = now_ms() + opt->timeout_ms;
	int r;

	c->ctx = SSL_CTX_new(TLS_client_method());
	if (c->ctx == NULL)
		goto fail;
	SSL_CTX_set_min_proto_version(c->ctx, TLS1_2_VERSION);
	if (opt->tls_no_verify)
		SSL_CTX_set_verify(c->ctx, SSL_VERIFY_NONE, NULL);
	else {
		SSL_CTX_set_verify(c->ctx, SSL_VERIFY_PEER, NULL);
		if (opt->ca_file ? SSL_CTX_load_verify_locations(c->ctx,
		    opt->ca_file, NULL) != 1 :
		    SSL_CTX_set_default_verify_paths(c->ctx) != 1)
			goto fail;
	}
	if ((c->ssl = SSL_new(c->ctx)) == NULL)
		goto fail;
	SSL_set_fd(c->ssl, c->fd);
	SSL_set_tlsext_host_name(c->ssl, opt->host);
	if (!opt->tls_no_verify)
		SSL_set1_host(c->ssl, opt->host);
	while ((r = SSL_connect(c->ssl)) != 1) {
		int e = SSL_get_error(c->ssl, r);
		int left = (int)(deadline - now_ms());
		if (left <= 0 || (e != SSL_ERROR_WANT_READ && e != SSL_ERROR_WANT_WRITE))
			goto fail;
		wait_fd(c->fd, e == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT, left);
	}
	return true;
fail:
	snprintf(errbuf, errlen, "TLS: %s",
	    ERR_reason_error_string(ERR_get_error()) ?: "handshake failed");
	return false;
}

struct conn *
conn_open(const struct conn_options *opt, char *errbuf, size_t errlen)
{
	struct conn *c = calloc(1, sizeof *c);
	bool loopback = false;

	if (c == NULL) {
		snprintf(errbuf, errlen, "out of memory");
		return NULL;
	}
	c->next_id = 1;
	c->in = evbuffer_new();
	framer_init(&c->framer, CONN_MAX_FRAME);
	c->fd = connect_tcp(opt, &loopback, errbuf, errlen);
	if (c->fd < 0 || c->in == NULL)
		goto fail;
	if ((opt->tls == 1 || (opt->tls < 0 && !loopback)) &&
	    !start_tls(c, opt, errbuf, errlen))
		goto fail;
	return c;
fail:
	conn_close(c);
	return NULL;
}

void
conn_close(struct conn *c)
{
	struct queued *q, *next;

	if (c == NULL)
		return;
	if (c->ssl != NULL)
		SSL_free(c->ssl);
	if (c->ctx != NULL)
		SSL_CTX_free(c->ctx);
	if (c->fd >= 0)
		close(c->fd);
	if (c->in != NULL)
		evbuffer_free(c->in);
	for (q = c->head; q != NULL; q = next) {
		next = q->next;
		cJSON_Delete(q->msg);
		free(q);
	}
	free(c);
}

int conn_fd(const struct conn *c) { return c->fd; }
bool conn_is_tls(const struct conn *c) { return c->ssl != NULL; }
bool conn_closed(const struct conn *c) { return c->closed; }

bool
conn_send_raw(struct conn *c, const void *bytes, size_t len)
{
	const char *p = bytes;

	while (len > 0 && !c->closed) {
		ssize_t n;
		short want = POLLOUT;

		if (c->ssl != NULL) {
			int r = SSL_write(c->ssl, p, (int)(len > 1 << 30 ? 1 << 30 : len));
			int e = r > 0 ? SSL_ERROR_NONE : SSL_get_error(c->ssl, r);
			n = r > 0 ? r : -1;
			if (e == SSL_ERROR_WANT_READ)
				want = POLLIN;
			else if (e != SSL_ERROR_NONE && e != SSL_ERROR_WANT_WRITE)
				errno = EPIPE;
			else if (r <= 0)
				errno = EAGAIN;
		} else
			n = send(c->fd, p, len, MSG_NOSIGNAL);
		if (n > 0) {
			p += n;
			len -= (size_t)n;
		} else if (errno == EAGAIN || errno == EINTR) {
			if (!wait_fd(c->fd, want, 10000))
				c->closed = true;
		} else
			c->closed = true;
	}
	return !c->closed;
}

int64_t
conn_send(struct conn *c, const char *op, cJSON *args)
{
	int64_t id = c->next_id++;
	size_t len;
	char *line = proto_request_line(id, op, args, &len);
	bool ok;

	if (line == NULL)
		return -1;
	ok = conn_send_raw(c, line, len);
	explicit_bzero(line, len);   /* it may hold a password */
	free(line);
	return ok ? id : -1;
}

bool
conn_read(struct conn *c)
{
	char buf[65536];

	for (;;) {
		ssize_t n;

		if (c->ssl != NULL) {
			int r = SSL_read(c->ssl, buf, sizeof buf);
			if (r <= 0) {
				int e = SSL_get_error(c->ssl, r);
				if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE)
					return true;
				c->closed = true;
				return false;
			}
			n = r;
		} else {
			n = recv(c->fd, buf, sizeof buf, 0);
			if (n < 0 && (errno == EAGAIN || errno == EINTR))
				return true;
			if (n <= 0) {
				c->closed = true;
				return false;
			}
		}
		evbuffer_add(c->in, buf, (size_t)n);
	}
}

static void
enqueue(struct conn *c, cJSON *msg)
{
	struct queued *q = malloc(sizeof *q);

	if (q == NULL) {
		cJSON_Delete(msg);
		return;
	}
	q->msg = msg;
	q->next = NULL;
	if (c->tail)
		c->tail->next = q;
	else
		c->head = q;
	c->tail = q;
}

/* Moves every complete line from the input buffer to the queue. */
static void
parse_lines(struct conn *c)
{
	char *line;
	size_t len;
	enum frame_status st;

	while ((st = framer_next(&c->framer, c->in, &line, &len)) == FRAME_LINE) {
		cJSON *msg = cJSON_ParseWithLength(line, len);
		free(line);
		if (msg != NULL)
			enqueue(c, msg);
	}
	if (st == FRAME_TOO_LARGE)
		c->closed = true;
}

bool
conn_has_message(struct conn *c)
{
	parse_lines(c);
	return c->head != NULL;
}

cJSON *
conn_next(struct conn *c)
{
	struct queued *q;
	cJSON *msg;

	parse_lines(c);
	if ((q = c->head) == NULL)
		return NULL;
	c->head = q->next;
	if (c->head == NULL)
		c->tail = NULL;
	msg = q->msg;
	free(q);
	return msg;
}

/* Takes the first queued message that `match` accepts, or NULL. */
static cJSON *
take_matching(struct conn *c, bool (*match)(const cJSON *, const void *),
    const void *arg)
{
	struct queued **pp, *q;
	cJSON *msg;

	parse_lines(c);
	for (pp = &c->head; (q = *pp) != NULL; pp = &q->next) {
		if (!match(q->msg, arg))
			continue;
		*pp = q->next;
		if (c->tail == q) {
			c->tail = NULL;
			for (struct queued *t = c->head; t; t = t->next)
				c->tail = t;
		}
		msg = q->msg;
		free(q);
		return msg;
	}
	return NULL;
}

static cJSON *
wait_matching(struct conn *c, bool (*match)(const cJSON *, const void *),
    const void *arg, int timeout_ms)
{
	int64_t deadline = now_ms() + timeout_ms;
	cJSON *msg;

	for (;;) {
		int left;

		if ((msg = take_matching(c, match, arg)) != NULL)
			return msg;
		left = (int)(deadline - now_ms());
		if (c->closed || left <= 0)
			return NULL;
		if ((c->ssl == NULL || SSL_pending(c->ssl) == 0) &&
		    !wait_fd(c->fd, POLLIN, left))
			return NULL;
		conn_read(c);
	}
}

static bool
match_any(const cJSON *msg, const void *arg)
{
	(void)msg;
	(void)arg;
	return true;
}

static bool
match_id(const cJSON *msg, const void *arg)
{
	const cJSON *id = cJSON_GetObjectItemCaseSensitive(msg, "id");

	return cJSON_IsNumber(id) && (int64_t)id->valuedouble == *(const int64_t *)arg;
}

static bool
match_event(const cJSON *msg, const void *arg)
{
	const cJSON *ev = cJSON_GetObjectItemCaseSensitive(msg, "event");

	return cJSON_IsString(ev) && strcmp(ev->valuestring, arg) == 0;
}

cJSON *
conn_wait(struct conn *c, int timeout_ms)
{
	return wait_matching(c, match_any, NULL, timeout_ms);
}

cJSON *
conn_call(struct conn *c, const char *op, cJSON *args, int timeout_ms)
{
	int64_t id = conn_send(c, op, args);

	if (id < 0)
		return NULL;
	return wait_matching(c, match_id, &id, timeout_ms);
}

cJSON *
conn_wait_push(struct conn *c, const char *event, int timeout_ms)
{
	return wait_matching(c, match_event, event, timeout_ms);
}

bool
reply_ok(const cJSON *reply)
{
	return cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(reply, "ok"));
}

static const char *
error_member(const cJSON *reply, const char *name)
{
	const cJSON *e = cJSON_GetObjectItemCaseSensitive(reply, "error");
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(e, name);

	return cJSON_IsString(v) ? v->valuestring : "";
}

const char *reply_code(const cJSON *reply) { return error_member(reply, "code"); }
const char *reply_field(const cJSON *reply) { return error_member(reply, "field"); }

cJSON *
reply_result(const cJSON *reply)
{
	return cJSON_GetObjectItemCaseSensitive(reply, "result");
}
