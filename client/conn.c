/*
 * conn.c: the client side of the wire protocol; see conn.h.
 *
 * Opening is a small state machine (connect to each address in turn, then
 * the TLS handshake) that conn_open_poll drives without waiting and
 * conn_open drives with poll(). Output goes to an evbuffer of request lines
 * held by reference, each wiped when written; conn_flush writes what the
 * socket takes.
 */
#include "client/conn.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
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

/* Replies can be large (a page of tickets); the daemon bounds what it sends. */
#define CONN_MAX_FRAME (64u * 1024 * 1024)
#define DEFAULT_TIMEOUT_MS 10000
#define SEND_STALL_MS 10000   /* the blocking sends give up after this */

struct queued {
	cJSON *msg;
	struct queued *next;
};

enum conn_state { CS_CONNECTING, CS_TLS, CS_OPEN, CS_FAILED };

struct conn {
	int fd;
	enum conn_state state;
	short want;                   /* what the handshake or a write waits for */
	struct addrinfo *addrs, *ai;  /* while connecting: all, the one tried */
	int64_t deadline;             /* of the connect attempt or handshake */
	int timeout_ms, tls, port;
	bool tls_no_verify;
	char *host, *ca_file;
	char error[256];
	enum conn_cert_problem cert_problem;
	SSL_CTX *ctx;
	SSL *ssl;
	struct evbuffer *in, *out;
	struct framer framer;
	int64_t next_id;
	bool closed;
	struct queued *head, *tail;   /* messages read but not yet taken */
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

static void
fail(struct conn *c)
{
	if (c->error[0] == '\0')
		snprintf(c->error, sizeof c->error, "%s:%d: cannot connect",
		    c->host, c->port);
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
	c->state = CS_FAILED;
	c->closed = true;
}

/* Connected (and through TLS when wanted): the addresses are done with. */
static void
opened(struct conn *c)
{
	freeaddrinfo(c->addrs);
	c->addrs = c->ai = NULL;
	c->state = CS_OPEN;
	c->want = POLLOUT;
}

/* Starts a connect to c->ai, or to the next address that takes one. */
static void
try_connect(struct conn *c)
{
	for (; c->ai != NULL; c->ai = c->ai->ai_next) {
		c->fd = socket(c->ai->ai_family, c->ai->ai_socktype | SOCK_NONBLOCK |
		    SOCK_CLOEXEC, c->ai->ai_protocol);
		if (c->fd >= 0 && (connect(c->fd, c->ai->ai_addr,
		    c->ai->ai_addrlen) == 0 || errno == EINPROGRESS)) {
			c->state = CS_CONNECTING;
			c->want = POLLOUT;
			c->deadline = now_ms() + c->timeout_ms;
			return;
		}
		snprintf(c->error, sizeof c->error, "%s:%d: %s", c->host, c->port,
		    strerror(errno));
		if (c->fd >= 0)
			close(c->fd);
		c->fd = -1;
	}
	fail(c);
}

/* What a certificate check's result means to the one who reads it. */
static enum conn_cert_problem
cert_problem_of(long verify)
{
	switch (verify) {
	case X509_V_OK:
		return CONN_CERT_NONE;
	case X509_V_ERR_CERT_HAS_EXPIRED:
		return CONN_CERT_EXPIRED;
	case X509_V_ERR_CERT_NOT_YET_VALID:
		return CONN_CERT_NOT_YET_VALID;
	case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
		return CONN_CERT_SELF_SIGNED;
	case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
	case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
	case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
	case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
		return CONN_CERT_UNKNOWN_CA;
	case X509_V_ERR_HOSTNAME_MISMATCH:
	case X509_V_ERR_IP_ADDRESS_MISMATCH:
		return CONN_CERT_WRONG_HOST;
	default:
		return CONN_CERT_OTHER;
	}
}

/* The handshake failed: the certificate check's reason when it refused the
 * daemon's certificate (OpenSSL's own error says only "certificate verify
 * failed"), else OpenSSL's, else `why`. */
static void
tls_failed(struct conn *c, const char *why)
{
	const char *reason = ERR_reason_error_string(ERR_get_error());
	long verify = c->ssl != NULL && why == NULL ? SSL_get_verify_result(c->ssl) :
	    X509_V_OK;

	c->cert_problem = cert_problem_of(verify);
	if (c->cert_problem != CONN_CERT_NONE)
		reason = X509_verify_cert_error_string(verify);
	snprintf(c->error, sizeof c->error, "TLS: %s", why ? why :
	    reason ? reason : "handshake failed");
	fail(c);
}

static void
tls_begin(struct conn *c)
{
	if ((c->ctx = SSL_CTX_new(TLS_client_method())) == NULL)
		goto fail;
	SSL_CTX_set_min_proto_version(c->ctx, TLS1_2_VERSION);
	/* conn_flush writes from wherever the output starts, a piece at a time. */
	SSL_CTX_set_mode(c->ctx, SSL_MODE_ENABLE_PARTIAL_WRITE |
	    SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
	if (c->tls_no_verify)
		SSL_CTX_set_verify(c->ctx, SSL_VERIFY_NONE, NULL);
	else {
		SSL_CTX_set_verify(c->ctx, SSL_VERIFY_PEER, NULL);
		if (c->ca_file ? SSL_CTX_load_verify_locations(c->ctx, c->ca_file,
		    NULL) != 1 : SSL_CTX_set_default_verify_paths(c->ctx) != 1)
			goto fail;
	}
	if ((c->ssl = SSL_new(c->ctx)) == NULL)
		goto fail;
	SSL_set_fd(c->ssl, c->fd);
	SSL_set_tlsext_host_name(c->ssl, c->host);
	if (!c->tls_no_verify)
		SSL_set1_host(c->ssl, c->host);
	c->state = CS_TLS;
	c->deadline = now_ms() + c->timeout_ms;
	return;
fail:
	tls_failed(c, NULL);
}

/* One look at a connect in progress; true when the state moved on. */
static bool
connect_step(struct conn *c)
{
	int err = 0, one = 1;
	socklen_t sl = sizeof err;

	if (!wait_fd(c->fd, POLLOUT, 0)) {
		if (now_ms() < c->deadline)
			return false;
		err = ETIMEDOUT;
	} else if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &sl) < 0)
		err = errno;
	if (err != 0) {
		snprintf(c->error, sizeof c->error, "%s:%d: %s", c->host, c->port,
		    strerror(err));
		close(c->fd);
		c->fd = -1;
		c->ai = c->ai->ai_next;
		try_connect(c);
		return true;
	}
	setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	if (c->tls == 1 || (c->tls < 0 && !is_loopback(c->ai->ai_addr)))
		tls_begin(c);
	else
		opened(c);
	return true;
}

/* One handshake step; true when the state moved on. */
static bool
tls_step(struct conn *c)
{
	int r, e;

	ERR_clear_error();
	if ((r = SSL_connect(c->ssl)) == 1) {
		opened(c);
		return true;
	}
	e = SSL_get_error(c->ssl, r);
	if (e != SSL_ERROR_WANT_READ && e != SSL_ERROR_WANT_WRITE)
		tls_failed(c, NULL);
	else if (now_ms() >= c->deadline)
		tls_failed(c, "handshake timed out");
	else {
		c->want = e == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT;
		return false;
	}
	return true;
}

enum conn_open_status
conn_open_poll(struct conn *c)
{
	for (;;) {
		switch (c->state) {
		case CS_OPEN:
			return CONN_OPEN_DONE;
		case CS_FAILED:
			return CONN_OPEN_FAILED;
		case CS_CONNECTING:
			if (!connect_step(c))
				return CONN_OPEN_PENDING;
			break;
		case CS_TLS:
			if (!tls_step(c))
				return CONN_OPEN_PENDING;
			break;
		}
	}
}

int
conn_open_wait_ms(const struct conn *c)
{
	int64_t left = c->deadline - now_ms();

	if (c->state != CS_CONNECTING && c->state != CS_TLS)
		return -1;
	return left < 0 ? 0 : left > INT_MAX ? INT_MAX : (int)left;
}

struct conn *
conn_open_start(const struct conn_options *opt, char *errbuf, size_t errlen)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM };
	struct conn *c = calloc(1, sizeof *c);
	char port[16];
	int rc;

	if (c == NULL) {
		snprintf(errbuf, errlen, "out of memory");
		return NULL;
	}
	c->fd = -1;
	c->next_id = 1;
	c->port = opt->port;
	c->tls = opt->tls;
	c->tls_no_verify = opt->tls_no_verify;
	c->timeout_ms = opt->timeout_ms > 0 ? opt->timeout_ms : DEFAULT_TIMEOUT_MS;
	framer_init(&c->framer, CONN_MAX_FRAME);
	c->in = evbuffer_new();
	c->out = evbuffer_new();
	c->host = strdup(opt->host);
	c->ca_file = opt->ca_file ? strdup(opt->ca_file) : NULL;
	if (!c->in || !c->out || !c->host || (opt->ca_file && !c->ca_file)) {
		snprintf(errbuf, errlen, "out of memory");
		goto fail;
	}
	snprintf(port, sizeof port, "%d", opt->port);
	if ((rc = getaddrinfo(opt->host, port, &hints, &c->addrs)) != 0) {
		c->addrs = NULL;
		snprintf(errbuf, errlen, "%s: %s", opt->host, gai_strerror(rc));
		goto fail;
	}
	c->ai = c->addrs;
	try_connect(c);
	if (c->state != CS_FAILED)
		return c;
	snprintf(errbuf, errlen, "%s", c->error);
fail:
	conn_close(c);
	return NULL;
}

struct conn *
conn_open(const struct conn_options *opt, char *errbuf, size_t errlen)
{
	struct conn *c = conn_open_start(opt, errbuf, errlen);
	enum conn_open_status st;

	if (c == NULL)
		return NULL;
	while ((st = conn_open_poll(c)) == CONN_OPEN_PENDING)
		wait_fd(c->fd, c->want, conn_open_wait_ms(c));
	if (st == CONN_OPEN_DONE)
		return c;
	snprintf(errbuf, errlen, "%s", c->error);
	conn_close(c);
	return NULL;
}

void
conn_close(struct conn *c)
{
	struct queued *q, *next;

	if (c == NULL)
		return;
	if (c->ssl != NULL && c->state == CS_OPEN && !c->closed)
		SSL_shutdown(c->ssl);   /* close_notify, without waiting for one */
	if (c->ssl != NULL)
		SSL_free(c->ssl);
	if (c->ctx != NULL)
		SSL_CTX_free(c->ctx);
	if (c->fd >= 0)
		close(c->fd);
	if (c->in != NULL)
		evbuffer_free(c->in);
	if (c->out != NULL)
		evbuffer_free(c->out);   /* wipes what was never written */
	if (c->addrs != NULL)
		freeaddrinfo(c->addrs);
	for (q = c->head; q != NULL; q = next) {
		next = q->next;
		cJSON_Delete(q->msg);
		free(q);
	}
	free(c->host);
	free(c->ca_file);
	free(c);
}

int conn_fd(const struct conn *c) { return c->fd; }
bool conn_is_tls(const struct conn *c) { return c->ssl != NULL; }
bool conn_closed(const struct conn *c) { return c->closed; }
const char *conn_error(const struct conn *c) { return c->error; }
enum conn_cert_problem conn_cert_problem(const struct conn *c) { return c->cert_problem; }

bool
conn_wants_write(const struct conn *c)
{
	return c->state == CS_OPEN && evbuffer_get_length(c->out) > 0;
}

short
conn_events(const struct conn *c)
{
	if (c->state == CS_CONNECTING || c->state == CS_TLS)
		return c->want;
	if (c->state != CS_OPEN || c->closed)
		return 0;
	return POLLIN | (conn_wants_write(c) ? c->want : 0);
}

/* Frees a written (or never written) piece of output, wiped first. */
static void
wipe_free(const void *data, size_t len, void *arg)
{
	(void)arg;
	explicit_bzero((void *)data, len);
	free((void *)data);
}

/* Queues len bytes of malloc'd memory, which the buffer now owns. */
static bool
queue_owned(struct conn *c, char *bytes, size_t len)
{
	if (evbuffer_add_reference(c->out, bytes, len, wipe_free, NULL) == 0)
		return true;
	wipe_free(bytes, len, NULL);
	c->closed = true;
	return false;
}

/* Writes up to len bytes: how many were taken, 0 when the socket is full
 * (c->want says what to wait for), -1 when the connection failed. */
static ssize_t
write_some(struct conn *c, const void *p, size_t len)
{
	ssize_t n;
	int r;

	if (c->ssl != NULL) {
		ERR_clear_error();
		r = SSL_write(c->ssl, p, len > INT_MAX ? INT_MAX : (int)len);
		if (r > 0)
			return r;
		switch (SSL_get_error(c->ssl, r)) {
		case SSL_ERROR_WANT_READ: c->want = POLLIN; return 0;
		case SSL_ERROR_WANT_WRITE: c->want = POLLOUT; return 0;
		default: return -1;
		}
	}
	do
		n = send(c->fd, p, len, MSG_NOSIGNAL);
	while (n < 0 && errno == EINTR);
	if (n >= 0 || (errno != EAGAIN && errno != EWOULDBLOCK))
		return n > 0 ? n : -1;
	c->want = POLLOUT;
	return 0;
}

bool
conn_flush(struct conn *c)
{
	struct evbuffer_iovec v;
	ssize_t n;

	while (!c->closed && conn_wants_write(c) &&
	    evbuffer_peek(c->out, -1, NULL, &v, 1) > 0) {
		if ((n = write_some(c, v.iov_base, v.iov_len)) == 0)
			break;
		if (n < 0)
			c->closed = true;
		else
			evbuffer_drain(c->out, (size_t)n);
	}
	return !c->closed;
}

/* Flushes, waiting while the server takes nothing for up to SEND_STALL_MS
 * at a time; then the connection counts as failed. */
static bool
flush_wait(struct conn *c)
{
	while (conn_flush(c) && conn_wants_write(c))
		if (!wait_fd(c->fd, c->want, SEND_STALL_MS))
			c->closed = true;
	return !c->closed;
}

bool
conn_send_raw(struct conn *c, const void *bytes, size_t len)
{
	char *copy;

	if (len > 0 && !c->closed) {
		if ((copy = malloc(len)) == NULL)
			return false;
		memcpy(copy, bytes, len);
		if (!queue_owned(c, copy, len))
			return false;
	}
	return flush_wait(c);
}

/* Overwrites every string in a JSON tree (before it is freed). */
static void
wipe_strings(cJSON *j)
{
	for (; j != NULL; j = j->next) {
		if (cJSON_IsString(j) && j->valuestring != NULL)
			explicit_bzero(j->valuestring, strlen(j->valuestring));
		wipe_strings(j->child);
	}
}

/* The request line, printed into memory of ours so that no copy of a
 * password is left behind unwiped; args is consumed. */
static char *
request_line(int64_t id, const char *op, cJSON *args, size_t *len)
{
	cJSON *obj = cJSON_CreateObject();
	char *line = NULL;
	size_t cap;

	if (args == NULL)
		args = cJSON_CreateObject();
	if (obj != NULL && args != NULL && cJSON_AddNumberToObject(obj, "id",
	    (double)id) && cJSON_AddStringToObject(obj, "op", op) &&
	    cJSON_AddItemToObject(obj, "args", args)) {
		args = NULL;   /* obj owns it now */
		for (cap = 1024; line == NULL && cap <= CONN_MAX_FRAME; cap *= 4) {
			if ((line = malloc(cap)) == NULL)
				break;
			/* One byte kept for the newline. */
			if (cJSON_PrintPreallocated(obj, line, (int)cap - 1, false)) {
				*len = strlen(line);
				line[(*len)++] = '\n';
				line[*len] = '\0';
			} else {
				wipe_free(line, cap, NULL);
				line = NULL;
			}
		}
	}
	wipe_strings(obj);
	wipe_strings(args);
	cJSON_Delete(obj);
	cJSON_Delete(args);
	return line;
}

int64_t
conn_post(struct conn *c, const char *op, cJSON *args)
{
	int64_t id = c->next_id++;
	size_t len = 0;
	char *line = request_line(id, op, args, &len);

	if (line == NULL)
		return -1;
	if (c->closed) {
		wipe_free(line, len, NULL);
		return -1;
	}
	if (!queue_owned(c, line, len))
		return -1;
	conn_flush(c);
	return c->closed ? -1 : id;
}

int64_t
conn_send(struct conn *c, const char *op, cJSON *args)
{
	int64_t id = conn_post(c, op, args);

	return id >= 0 && flush_wait(c) ? id : -1;
}

bool
conn_read(struct conn *c)
{
	char buf[65536];

	if (c->state != CS_OPEN)
		return !c->closed;
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
		    !wait_fd(c->fd, conn_events(c), left))
			return NULL;
		conn_flush(c);
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
