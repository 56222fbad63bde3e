/*
 * net.c: the listener and client connections: reading frames, writing
 * replies and pushes, limits (connections, frame size, output queued to a
 * client and to all clients together, idle time, time to log in), TLS,
 * and draining on shutdown.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <time.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/bufferevent_ssl.h>
#include <event2/event.h>
#include <event2/listener.h>
#include <openssl/ssl.h>

#include "server/log.h"
#include "server/metrics.h"
#include "server/ops.h"
#include "server/privacy.h"
#include "server/proxyproto.h"
#include "server/server.h"

const char *const topic_names[] = { "tickets", "complaints", "sla", NULL };

/* The most written to a client's socket in one turn of the loop. */
#define REPLY_WRITE_MAX (1024 * 1024)
/* The kernel's send buffer for a client. Left to autotuning it grows to
 * tcp_wmem's maximum (4 MiB on Linux) for a client that stops reading:
 * output the daemon's limits (--max-output, --max-output-total) never see.
 * The kernel doubles what it is given, for its bookkeeping: a turn's write
 * (REPLY_WRITE_MAX) still fits. */
#define SEND_BUFFER (REPLY_WRITE_MAX / 2)
/* --proxy-protocol: a connection's header comes within this, or it is closed. */
#define PROXY_WAIT_SECONDS 5

static void client_close(struct client *c, const char *why);
static void close_after(struct evbuffer *out, struct bufferevent *bev);
static void awaiting_remove(struct client *c);
static void flush_later(struct client *c);
static void flush_cancel(struct client *c);

static void
client_free(struct client *c)
{
	struct server *srv = c->srv;

	TAILQ_REMOVE(&srv->clients, c, link);
	srv->nclients--;
	free(c);
	if (srv->stopping && srv->nclients == 0)
		event_base_loopbreak(srv->base);
}

void
net_client_release(struct client *c)
{
	c->refs--;
	if (c->gone && c->refs == 0)
		client_free(c);
	else if (c->draining && c->in_flight == 0 && !c->gone)
		close_after(bufferevent_get_output(c->bev), c->bev);
}

/* Keeps c->queued and srv->output_total equal to the bytes queued: libevent
 * calls it on every add to and drain of the client's output buffer, so the
 * total costs nothing per write and no scan. Past --max-output-total it asks
 * for a cut once this turn of the loop (on_output_cut), never here: a
 * broadcast may be walking the client list. */
static void
on_output_change(struct evbuffer *out, const struct evbuffer_cb_info *info,
    void *arg)
{
	struct client *c = arg;
	struct server *srv = c->srv;

	(void)out;
	c->queued = c->queued + info->n_added - info->n_deleted;
	srv->output_total = srv->output_total + info->n_added - info->n_deleted;
	if (srv->output_total > srv->cfg.max_output_total)
		event_active(srv->ev_output_cut, EV_TIMEOUT, 0);
}

/* The queue of a client being closed leaves the total with it. */
static void
output_uncount(struct client *c)
{
	if (c->queued_cb == NULL)
		return;
	evbuffer_remove_cb_entry(bufferevent_get_output(c->bev), c->queued_cb);
	c->queued_cb = NULL;
	c->srv->output_total -= c->queued;
	c->queued = 0;
}

static struct client *
largest_queue(struct server *srv)
{
	struct client *c, *largest = NULL;

	TAILQ_FOREACH(c, &srv->clients, link)
		if (!c->gone && c->queued > 0 &&
		    (largest == NULL || c->queued > largest->queued))
			largest = c;
	return largest;
}

/* Over --max-output-total: drops the clients with the most queued, largest
 * first, until the total is back under. The largest queue is the client
 * furthest behind (a laggard, not one that reads), and dropping it frees the
 * most memory for one session lost (doc/architecture.md). */
static void
on_output_cut(evutil_socket_t fd, short what, void *arg)
{
	struct server *srv = arg;
	struct client *c;

	(void)fd;
	(void)what;
	while (srv->output_total > srv->cfg.max_output_total &&
	    (c = largest_queue(srv)) != NULL) {
		unsigned long long id = c->id;
		size_t queued = c->queued, before = srv->output_total;

		client_close(c, "stopped reading: output limit for all clients reached");
		metrics_cut(srv->metrics, METRICS_CUT_TOTAL);
		log_info("client %llu: %zu bytes queued of %zu for all clients "
		    "(--max-output-total %zu): dropped, largest first; %zu left",
		    id, queued, before, srv->cfg.max_output_total, srv->output_total);
	}
}

/* Closes the socket now; the struct lives until no request holds it. */
static void
client_close(struct client *c, const char *why)
{
	if (c->gone)
		return;
	if (why != NULL)
		log_info("client %llu closed: %s", (unsigned long long)c->id, why);
	awaiting_remove(c);
	flush_cancel(c);
	output_uncount(c);
	bufferevent_free(c->bev);
	c->bev = NULL;
	c->gone = true;
	if (c->refs == 0)
		client_free(c);
}

static void
on_flushed_close(struct bufferevent *bev, void *arg)
{
	(void)bev;
	client_close(arg, NULL);
}

static void
say_and_close(struct client *c, const struct proto_error *err, const char *why)
{
	size_t len;
	char *line = proto_reply_error(false, 0, err, &len);

	log_info("client %llu: %s", (unsigned long long)c->id, why);
	bufferevent_disable(c->bev, EV_READ);
	if (line != NULL)
		bufferevent_write(c->bev, line, len);
	free(line);
	close_after(bufferevent_get_output(c->bev), c->bev);
}

/* Closes once what is queued for the client has been written. */
static void
close_after(struct evbuffer *out, struct bufferevent *bev)
{
	void *arg;

	bufferevent_getcb(bev, NULL, NULL, NULL, &arg);
	if (evbuffer_get_length(out) == 0) {
		client_close(arg, NULL);
		return;
	}
	/* The write callback fires when the output drains (low watermark 0);
	 * libevent writes the rest, a direct client's too. */
	bufferevent_setwatermark(bev, EV_WRITE, 0, 0);
	bufferevent_setcb(bev, NULL, on_flushed_close, NULL, arg);
	bufferevent_enable(bev, EV_WRITE);
}

/* Over --max-output: a client that stopped reading. */
static void
cut_off(struct client *c)
{
	metrics_cut(c->srv->metrics, METRICS_CUT_CLIENT);
	client_close(c, "stopped reading: output limit reached");
}

/* A line was added to c's output: cut off past --max-output, else written
 * at the end of this turn. */
static void
output_added(struct client *c, struct evbuffer *out)
{
	if (evbuffer_get_length(out) > c->srv->cfg.max_output)
		cut_off(c);
	else
		flush_later(c);
}

/* Every reply and push a client gets passes net_send_line or
 * net_send_owned, and so privacy_line (server/privacy.h): phones masked for
 * its role, per client, a push built once for many included. */
void
net_send_line(struct client *c, const char *line, size_t len)
{
	struct evbuffer *out;
	char *masked;
	size_t masked_len;

	if (c->gone)
		return;
	if (privacy_line(c, line, len, &masked, &masked_len)) {
		if (masked != NULL)
			net_send_owned_whole(c, masked, masked_len);
		return;
	}
	out = bufferevent_get_output(c->bev);
	evbuffer_add(out, line, len);
	output_added(c, out);
}

static void
free_sent(const void *data, size_t len, void *arg)
{
	(void)len;
	(void)arg;
	free((void *)data);
}

void
net_send_owned(struct client *c, char *line, size_t len)
{
	char *masked;
	size_t masked_len;

	if (!c->gone && privacy_line(c, line, len, &masked, &masked_len)) {
		free(line);
		if (masked != NULL)
			net_send_owned_whole(c, masked, masked_len);
		return;
	}
	net_send_owned_whole(c, line, len);
}

void
net_send_owned_whole(struct client *c, char *line, size_t len)
{
	struct evbuffer *out;

	if (c->gone || (out = bufferevent_get_output(c->bev)) == NULL ||
	    evbuffer_add_reference(out, line, len, free_sent, NULL) != 0) {
		free(line);
		return;
	}
	output_added(c, out);
}

/*
 * Writing. A plain client's output is written once per turn of the loop, at
 * its end, straight to the socket (redis's beforeSleep): a reply or push
 * queued puts the client on srv->to_flush, and the flush event, made active
 * by the first, runs after the callbacks this turn already has, one writev
 * per client for all its lines. Only what the kernel does not take is left to
 * libevent's write event until it drains (on_drained). A change pushed to a
 * thousand screens so costs a thousand writes, where a write event per
 * client cost two epoll_ctl calls more each, and a turn more before the
 * first write (doc/architecture.md, Pushes). TLS clients write through their
 * bufferevent, which encrypts.
 */
static void
flush_later(struct client *c)
{
	struct server *srv = c->srv;

	if (!c->direct || c->to_flush || c->gone)
		return;
	c->to_flush = true;
	TAILQ_INSERT_TAIL(&srv->to_flush, c, flush_link);
	if (TAILQ_FIRST(&srv->to_flush) == c)
		event_active(srv->ev_flush, EV_TIMEOUT, 0);
}

static void
flush_cancel(struct client *c)
{
	if (!c->to_flush)
		return;
	TAILQ_REMOVE(&c->srv->to_flush, c, flush_link);
	c->to_flush = false;
}

/* Writes what the kernel takes now; the rest (or an error, which libevent
 * meets again and reports to on_event) goes to the write event. */
static void
flush_client(struct client *c)
{
	struct evbuffer *out = bufferevent_get_output(c->bev);

	if (evbuffer_get_length(out) == 0 || (bufferevent_get_enabled(c->bev) & EV_WRITE))
		return;   /* nothing, or libevent is writing it already */
	/* A socket bufferevent keeps its output's start frozen but while its
	 * own write callback writes: thaw it the same way for this write. */
	evbuffer_unfreeze(out, 1);
	evbuffer_write_atmost(out, bufferevent_getfd(c->bev), REPLY_WRITE_MAX);
	evbuffer_freeze(out, 1);
	if (evbuffer_get_length(out) > 0)
		bufferevent_enable(c->bev, EV_WRITE);
}

static void
on_flush(evutil_socket_t fd, short what, void *arg)
{
	struct server *srv = arg;
	struct client *c;

	(void)fd;
	(void)what;
	while ((c = TAILQ_FIRST(&srv->to_flush)) != NULL) {
		flush_cancel(c);
		flush_client(c);
	}
}

/* libevent wrote a direct client's output to the end: the next is ours. */
static void
on_drained(struct bufferevent *bev, void *arg)
{
	(void)arg;
	bufferevent_disable(bev, EV_WRITE);
}

static void
on_read(struct bufferevent *bev, void *arg)
{
	struct client *c = arg;
	struct evbuffer *in = bufferevent_get_input(bev);
	char *line;
	size_t len;

	c->refs++;  /* a handler may answer (and release) synchronously */
	while (!c->gone && !c->draining) {
		enum frame_status st = framer_next(&c->framer, in, &line, &len);
		if (st == FRAME_NEED_MORE)
			break;
		if (st == FRAME_TOO_LARGE) {
			struct proto_error err;
			proto_fail(&err, PROTO_FRAME_TOO_LARGE, NULL,
			    "message longer than %zu bytes", c->srv->cfg.max_frame);
			say_and_close(c, &err, "frame too large");
			break;
		}
		ops_dispatch(c, line, len);
	}
	net_client_release(c);
}

/* The push session.closed {reason}, then the close once it is written. */
static void
tell_and_close(struct client *c, const char *reason)
{
	size_t len;
	cJSON *data = cJSON_CreateObject();
	char *line;

	awaiting_remove(c);
	cJSON_AddStringToObject(data, "reason", reason);
	line = proto_push("session.closed", data, &len);
	bufferevent_disable(c->bev, EV_READ);
	if (line != NULL)
		bufferevent_write(c->bev, line, len);
	free(line);
	close_after(bufferevent_get_output(c->bev), c->bev);
}

static int64_t
monotonic_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Arms the login timer for the oldest client still to log in. One timer
 * for all of them, and a list in deadline order (every client gets the same
 * period, so the order they join in): no event per connection, and each
 * run of the timer looks only at the clients it closes. */
static void
login_timer_arm(struct server *srv)
{
	struct client *first = TAILQ_FIRST(&srv->awaiting_login);
	int64_t wait;
	struct timeval tv;

	if (first == NULL) {
		evtimer_del(srv->ev_login_deadline);
		return;
	}
	wait = first->login_deadline_ms - monotonic_ms();
	if (wait < 0)
		wait = 0;
	tv.tv_sec = (time_t)(wait / 1000);
	tv.tv_usec = (suseconds_t)(wait % 1000) * 1000;
	evtimer_add(srv->ev_login_deadline, &tv);
}

static void
awaiting_add(struct client *c)
{
	struct server *srv = c->srv;
	bool was_empty = TAILQ_EMPTY(&srv->awaiting_login);

	if (srv->cfg.login_timeout <= 0)
		return;
	c->login_deadline_ms = monotonic_ms() + srv->cfg.login_timeout * 1000LL;
	c->awaiting_login = true;
	TAILQ_INSERT_TAIL(&srv->awaiting_login, c, awaiting);
	if (was_empty)
		login_timer_arm(srv);
}

static void
awaiting_remove(struct client *c)
{
	if (!c->awaiting_login)
		return;
	TAILQ_REMOVE(&c->srv->awaiting_login, c, awaiting);
	c->awaiting_login = false;
}

void
net_client_logged_in(struct client *c)
{
	awaiting_remove(c);
}

/* Closes the clients past their login deadline. One with a request still
 * running (a login being checked: a hash takes some 100 ms, more when many
 * wait for the hasher) gets another period rather than losing the answer. */
static void
on_login_deadline(evutil_socket_t fd, short what, void *arg)
{
	struct server *srv = arg;
	struct client *c;
	int64_t now = monotonic_ms();

	(void)fd;
	(void)what;
	while ((c = TAILQ_FIRST(&srv->awaiting_login)) != NULL &&
	    c->login_deadline_ms <= now) {
		awaiting_remove(c);
		if (c->gone || c->draining)
			continue;
		if (c->in_flight > 0) {
			awaiting_add(c);
			continue;
		}
		log_info("client %llu did not log in within %d s: closing",
		    (unsigned long long)c->id, srv->cfg.login_timeout);
		tell_and_close(c, "login_timeout");
	}
	login_timer_arm(srv);
}

static void
on_event(struct bufferevent *bev, short what, void *arg)
{
	struct client *c = arg;

	(void)bev;
	if (what & BEV_EVENT_CONNECTED)   /* the TLS handshake is done */
		return;
	if (what & BEV_EVENT_TIMEOUT) {
		log_info("client %llu idle: closing", (unsigned long long)c->id);
		tell_and_close(c, "idle");
		return;
	}
	/* A reset by the peer is a terminal switched off or a load balancer's
	 * health check (every 2 s behind HAProxy): worth a debug line only. */
	if (what & BEV_EVENT_ERROR)
		log_debug("client %llu closed: connection error", (unsigned long long)c->id);
	client_close(c, NULL);
}

static struct bufferevent *
client_bufferevent(struct server *srv, evutil_socket_t fd)
{
	if (srv->tls_ctx == NULL)
		return bufferevent_socket_new(srv->base, fd, BEV_OPT_CLOSE_ON_FREE);
	SSL *ssl = SSL_new(srv->tls_ctx);
	if (ssl == NULL)
		return NULL;
	return bufferevent_openssl_socket_new(srv->base, fd, ssl,
	    BUFFEREVENT_SSL_ACCEPTING, BEV_OPT_CLOSE_ON_FREE);
}

static void
format_address(const struct sockaddr *sa, char *buf, size_t size,
    char *host_out, size_t host_size)
{
	char host[INET6_ADDRSTRLEN] = "?";
	int port = 0;

	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *in = (const void *)sa;
		inet_ntop(AF_INET, &in->sin_addr, host, sizeof host);
		port = ntohs(in->sin_port);
	} else if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *in6 = (const void *)sa;
		inet_ntop(AF_INET6, &in6->sin6_addr, host, sizeof host);
		port = ntohs(in6->sin6_port);
	}
	snprintf(buf, size, "%s:%d", host, port);
	snprintf(host_out, host_size, "%s", host);
}

/* A connection accepted: the client, known by addr (host:port) and host. */
static void
client_start(struct server *srv, evutil_socket_t fd, const char *addr, const char *host)
{
	struct client *c;
	struct timeval idle = { srv->cfg.idle_timeout, 0 };

	if ((c = calloc(1, sizeof *c)) == NULL ||
	    (c->bev = client_bufferevent(srv, fd)) == NULL) {
		free(c);
		evutil_closesocket(fd);
		return;
	}
	c->srv = srv;
	c->id = ++srv->next_client_id;
	c->role = ROLE_NONE;
	snprintf(c->addr, sizeof c->addr, "%s", addr);
	snprintf(c->host, sizeof c->host, "%s", host);
	framer_init(&c->framer, srv->cfg.max_frame);
	TAILQ_INSERT_TAIL(&srv->clients, c, link);
	srv->nclients++;
	awaiting_add(c);
	c->direct = srv->tls_ctx == NULL;
	bufferevent_setcb(c->bev, on_read, c->direct ? on_drained : NULL, on_event, c);
	c->queued_cb = evbuffer_add_cb(bufferevent_get_output(c->bev),
	    on_output_change, c);
	/* Read at most a frame and its newline ahead: the rest waits in the
	 * kernel until the frame is handled. */
	bufferevent_setwatermark(c->bev, EV_READ, 0, srv->cfg.max_frame + 2);
	bufferevent_set_timeouts(c->bev, &idle, NULL);
	/* libevent writes at most 16 kB a turn of the loop unless told: a queue
	 * page (some 50 kB) would take four turns, and a wakeup each. */
	bufferevent_set_max_single_write(c->bev, REPLY_WRITE_MAX);
	if (srv->nclients > srv->cfg.max_clients) {
		struct proto_error err;
		proto_fail(&err, PROTO_UNAVAILABLE, NULL,
		    "too many connections; try again later");
		say_and_close(c, &err, "over the connection limit");
		return;
	}
	bufferevent_enable(c->bev, c->direct ? EV_READ : EV_READ | EV_WRITE);
	log_debug("client %llu connected", (unsigned long long)c->id);
}

/*
 * --proxy-protocol: the header comes first, before TLS too, so it is read
 * from the socket itself, and no further: peeked, then only its bytes taken
 * (what follows is the client's). Bytes with no CR LF yet are all the
 * header's, taken at once so that the socket does not stay readable.
 */
struct proxy_wait {
	struct server *srv;
	evutil_socket_t fd;
	struct event *ev;
	struct timeval deadline;
	char addr[64], host[48];      /* the socket's: kept for PROXY UNKNOWN */
	char buf[PROXY_HEADER_MAX];
	size_t len;
	TAILQ_ENTRY(proxy_wait) link;   /* in srv->proxy_waits */
};

static void
proxy_wait_end(struct proxy_wait *w, const char *why)
{
	if (why != NULL) {
		log_info("connection from %s closed: %s", w->addr, why);
		evutil_closesocket(w->fd);
	}
	TAILQ_REMOVE(&w->srv->proxy_waits, w, link);
	event_free(w->ev);
	free(w);
}

void
net_close_waiting(struct server *srv)
{
	struct proxy_wait *w;

	while ((w = TAILQ_FIRST(&srv->proxy_waits)) != NULL)
		proxy_wait_end(w, "shutting down before its PROXY header");
}

/* Waits for more of the header, until the deadline; false when past it. */
static bool
proxy_wait_more(struct proxy_wait *w)
{
	struct timeval now, left;

	evutil_gettimeofday(&now, NULL);
	evutil_timersub(&w->deadline, &now, &left);
	return left.tv_sec >= 0 && event_add(w->ev, &left) == 0;
}

/* Reads what has come of the header: its length once whole, 0 while it may
 * still come, -1 when it cannot be one or the connection ended. */
static int
proxy_read(struct proxy_wait *w)
{
	ssize_t n = recv(w->fd, w->buf + w->len, sizeof w->buf - w->len, MSG_PEEK);
	int whole;
	size_t take;

	if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
		return 0;
	if (n <= 0)
		return -1;
	whole = proxy_header_length(w->buf, w->len + (size_t)n);
	if (whole < 0)
		return -1;
	take = whole > 0 ? (size_t)whole - w->len : (size_t)n;
	if (recv(w->fd, w->buf + w->len, take, 0) != (ssize_t)take)
		return -1;
	w->len += take;
	return whole;
}

static void
on_proxy_input(evutil_socket_t fd, short what, void *arg)
{
	struct proxy_wait *w = arg;
	bool known = false;
	int whole;

	(void)fd;
	if (what & EV_TIMEOUT) {
		proxy_wait_end(w, "no PROXY header in time");
		return;
	}
	if ((whole = proxy_read(w)) == 0) {
		if (!proxy_wait_more(w))
			proxy_wait_end(w, "no PROXY header in time");
		return;
	}
	if (whole < 0 || !proxy_parse(w->buf, (size_t)whole, &known, w->addr, sizeof w->addr,
	    w->host, sizeof w->host)) {
		proxy_wait_end(w, "not a PROXY protocol header");
		return;
	}
	client_start(w->srv, w->fd, w->addr, w->host);
	proxy_wait_end(w, NULL);
}

static void
proxy_wait_start(struct server *srv, evutil_socket_t fd, const char *addr, const char *host)
{
	struct proxy_wait *w = calloc(1, sizeof *w);
	struct timeval limit = { PROXY_WAIT_SECONDS, 0 };

	if (w == NULL || (w->ev = event_new(srv->base, fd, EV_READ, on_proxy_input, w)) == NULL) {
		free(w);
		evutil_closesocket(fd);
		return;
	}
	w->srv = srv;
	w->fd = fd;
	TAILQ_INSERT_TAIL(&srv->proxy_waits, w, link);
	snprintf(w->addr, sizeof w->addr, "%s", addr);
	snprintf(w->host, sizeof w->host, "%s", host);
	evutil_gettimeofday(&w->deadline, NULL);
	evutil_timeradd(&w->deadline, &limit, &w->deadline);
	if (!proxy_wait_more(w))
		proxy_wait_end(w, "cannot wait for its PROXY header");
}

static void
on_accept(struct evconnlistener *l, evutil_socket_t fd, struct sockaddr *sa,
    int socklen, void *arg)
{
	struct server *srv = arg;
	char addr[64], host[48];
	int one = 1, sndbuf = SEND_BUFFER;

	(void)l;
	(void)socklen;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof sndbuf);
	format_address(sa, addr, sizeof addr, host, sizeof host);
	if (srv->cfg.proxy_protocol)
		proxy_wait_start(srv, fd, addr, host);
	else
		client_start(srv, fd, addr, host);
}

static bool
is_loopback_host(const char *host)
{
	return strcmp(host, "localhost") == 0 || strncmp(host, "127.", 4) == 0 ||
	    strcmp(host, "::1") == 0;
}

bool
net_tls_load(struct server *srv)
{
	SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());

	if (ctx == NULL ||
	    SSL_CTX_use_certificate_chain_file(ctx, srv->cfg.tls_cert) != 1 ||
	    SSL_CTX_use_PrivateKey_file(ctx, srv->cfg.tls_key, SSL_FILETYPE_PEM) != 1) {
		log_error("cannot load TLS certificate %s and key %s",
		    srv->cfg.tls_cert, srv->cfg.tls_key);
		if (ctx)
			SSL_CTX_free(ctx);
		return false;
	}
	SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
	/* Connections made with the old one hold their own reference to it. */
	if (srv->tls_ctx)
		SSL_CTX_free(srv->tls_ctx);
	srv->tls_ctx = ctx;
	return true;
}

bool
net_listen(struct server *srv)
{
	struct evutil_addrinfo hints = { .ai_socktype = SOCK_STREAM,
	    .ai_flags = EVUTIL_AI_PASSIVE }, *res;
	char port[16];
	int rc;

	if ((srv->cfg.tls_cert == NULL) != (srv->cfg.tls_key == NULL)) {
		log_error("--tls-cert and --tls-key go together");
		return false;
	}
	if (srv->cfg.tls_cert && !net_tls_load(srv))
		return false;
	if (!srv->tls_ctx && !srv->cfg.insecure &&
	    !is_loopback_host(srv->cfg.listen_host)) {
		log_error("refusing plain TCP on %s: give --tls-cert and "
		    "--tls-key, or --insecure", srv->cfg.listen_host);
		return false;
	}
	snprintf(port, sizeof port, "%d", srv->cfg.listen_port);
	if ((rc = evutil_getaddrinfo(srv->cfg.listen_host, port, &hints, &res)) != 0) {
		log_error("cannot resolve %s: %s", srv->cfg.listen_host,
		    evutil_gai_strerror(rc));
		return false;
	}
	srv->ev_output_cut = event_new(srv->base, -1, 0, on_output_cut, srv);
	srv->ev_flush = event_new(srv->base, -1, 0, on_flush, srv);
	TAILQ_INIT(&srv->to_flush);
	TAILQ_INIT(&srv->proxy_waits);
	TAILQ_INIT(&srv->awaiting_login);
	srv->ev_login_deadline = evtimer_new(srv->base, on_login_deadline, srv);
	if (srv->ev_output_cut == NULL || srv->ev_flush == NULL ||
	    srv->ev_login_deadline == NULL)
		return false;
	srv->listener = evconnlistener_new_bind(srv->base, on_accept, srv,
	    LEV_OPT_CLOSE_ON_FREE | LEV_OPT_REUSEABLE | LEV_OPT_CLOSE_ON_EXEC,
	    512, res->ai_addr, (int)res->ai_addrlen);
	evutil_freeaddrinfo(res);
	if (srv->listener == NULL) {
		log_error("cannot listen on %s:%d: %s", srv->cfg.listen_host,
		    srv->cfg.listen_port, strerror(errno));
		return false;
	}
	log_info("listening on %s:%d%s", srv->cfg.listen_host,
	    srv->cfg.listen_port, srv->tls_ctx ? " (TLS)" : "");
	return true;
}

void
net_drain(struct server *srv)
{
	struct client *c, *next;

	srv->stopping = true;
	if (srv->listener)
		evconnlistener_disable(srv->listener);
	net_close_waiting(srv);
	for (c = TAILQ_FIRST(&srv->clients); c != NULL; c = next) {
		next = TAILQ_NEXT(c, link);
		if (c->gone)
			continue;
		c->draining = true;
		bufferevent_disable(c->bev, EV_READ);
		if (c->in_flight == 0)
			close_after(bufferevent_get_output(c->bev), c->bev);
	}
	if (srv->nclients == 0)
		event_base_loopbreak(srv->base);
}

/* A push built once and queued to many clients by reference, not copied
 * to each: the last output to write it frees it. */
struct shared_line {
	unsigned refs;
	size_t len;
	char *text;
};

static struct shared_line *
shared_line_new(char *text, size_t len)
{
	struct shared_line *l;

	if (text == NULL || (l = malloc(sizeof *l)) == NULL) {
		free(text);
		return NULL;
	}
	l->refs = 1;   /* the broadcast's own, until it has gone round */
	l->len = len;
	l->text = text;
	return l;
}

static void
shared_line_release(struct shared_line *l)
{
	if (l != NULL && --l->refs == 0) {
		free(l->text);
		free(l);
	}
}

static void
shared_line_written(const void *data, size_t len, void *arg)
{
	(void)data;
	(void)len;
	shared_line_release(arg);
}

/* net_send_line for a shared line: privacy_line first, as for any line. */
static void
send_shared(struct client *c, struct shared_line *l)
{
	struct evbuffer *out = bufferevent_get_output(c->bev);
	char *masked;
	size_t masked_len;

	metrics_push(c->srv->metrics);
	if (privacy_line(c, l->text, l->len, &masked, &masked_len)) {
		if (masked != NULL)
			net_send_owned_whole(c, masked, masked_len);
		return;
	}
	l->refs++;
	if (evbuffer_add_reference(out, l->text, l->len, shared_line_written, l) != 0) {
		l->refs--;
		return;
	}
	output_added(c, out);
}

void
net_broadcast_subscribers(struct server *srv, const char *event,
    const cJSON *data)
{
	struct client *c, *next;
	size_t len = 0;
	char *text = proto_push(event, cJSON_Duplicate(data, true), &len);
	struct shared_line *line = shared_line_new(text, len);

	/* next first: a client over its output limit is freed by the send */
	for (c = TAILQ_FIRST(&srv->clients); line && c != NULL; c = next) {
		next = TAILQ_NEXT(c, link);
		if (!c->gone && c->logged_in && c->topics != 0)
			send_shared(c, line);
	}
	shared_line_release(line);
}

void
net_broadcast(struct server *srv, enum topic topic, const char *event,
    const cJSON *data, bool (*visible)(const struct client *, const cJSON *))
{
	struct client *c, *next;
	struct shared_line *line = NULL;
	size_t len = 0;

	/* next first: a client over its output limit is freed by the send */
	for (c = TAILQ_FIRST(&srv->clients); c != NULL; c = next) {
		next = TAILQ_NEXT(c, link);
		if (c->gone || !c->logged_in || !(c->topics & (1u << topic)))
			continue;
		if (visible && !visible(c, data))
			continue;
		if (line == NULL) {
			char *text = proto_push(event, cJSON_Duplicate(data, true), &len);
			if ((line = shared_line_new(text, len)) == NULL)
				return;
		}
		send_shared(c, line);
	}
	shared_line_release(line);
}
