/*
 * metrics.c: the counters of server/metrics.h, their exposition in
 * Prometheus' text format 0.0.4, and the evhttp listener on the daemon's own
 * loop that serves /metrics and /health.
 */
#include "server/metrics.h"

#include <stdlib.h>
#include <string.h>
#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/listener.h>

#include "server/db.h"
#include "server/log.h"
#include "server/ops.h"
#include "server/server.h"

const double metrics_bucket_bounds[METRICS_BUCKETS] = {
	0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10,
};

static const char *const cut_names[METRICS_CUT_COUNT] = {
	"max_output", "max_output_total",
};
static const char *const swept_names[METRICS_SWEPT_COUNT] = {
	"tickets_overdue", "complaint_reminders", "maintenance_visits",
};

/* The outbox's rows waiting and given up on, for every daemon alike. */
static struct db_statement stmt_outbox = {
	.what = "count the outbox for /metrics",
	.sql = "SELECT count(*) FILTER (WHERE state = 'pending'),"
	       " count(*) FILTER (WHERE state = 'failed')"
	       " FROM notifications WHERE state IN ('pending', 'failed')",
};

void
metrics_request(struct metrics *m, int op_index, enum proto_code code, double ms)
{
	struct metrics_op *op;
	double seconds = ms / 1000;
	int b = 0;

	if (m == NULL)
		return;
	op = &m->ops[op_index >= 0 && op_index < m->nops ? op_index : m->nops];
	op->codes[code < PROTO_CODE_COUNT ? code : PROTO_INTERNAL]++;
	while (b < METRICS_BUCKETS && seconds > metrics_bucket_bounds[b])
		b++;
	op->buckets[b]++;
	op->seconds += seconds;
}

static const char *
op_label(const struct metrics *m, int i)
{
	return i < m->nops ? ops_at(i)->name : "none";
}

static uint64_t
op_total(const struct metrics_op *op)
{
	uint64_t n = 0;

	for (int c = 0; c < PROTO_CODE_COUNT; c++)
		n += op->codes[c];
	return n;
}

static void
family(struct evbuffer *out, const char *name, const char *type, const char *help)
{
	evbuffer_add_printf(out, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

/* A family of one sample without labels. */
static void
scalar(struct evbuffer *out, const char *name, const char *type,
    const char *help, uint64_t v)
{
	family(out, name, type, help);
	evbuffer_add_printf(out, "%s %llu\n", name, (unsigned long long)v);
}

/* A counter with one label, a sample for each of its n values. */
static void
counter_by(struct evbuffer *out, const char *name, const char *help,
    const char *label, const char *const *values, const uint64_t *counts, int n)
{
	family(out, name, "counter", help);
	for (int i = 0; i < n; i++)
		evbuffer_add_printf(out, "%s{%s=\"%s\"} %llu\n", name, label, values[i],
		    (unsigned long long)counts[i]);
}

/* Every op's ok count (zero too, so each series exists from the start), and
 * every other code once it happened. */
static void
write_requests(struct evbuffer *out, const struct metrics *m)
{
	family(out, "svcdesk_requests_total", "counter",
	    "Requests answered, by op and code (ok or the error's code).");
	for (int i = 0; i <= m->nops; i++)
		for (int c = 0; c < PROTO_CODE_COUNT; c++)
			if (c == PROTO_OK || m->ops[i].codes[c] > 0)
				evbuffer_add_printf(out,
				    "svcdesk_requests_total{op=\"%s\",code=\"%s\"} %llu\n",
				    op_label(m, i), proto_code_name((enum proto_code)c),
				    (unsigned long long)m->ops[i].codes[c]);
}

/* The histogram of each op that has answered at least once. */
static void
write_latency(struct evbuffer *out, const struct metrics *m)
{
	family(out, "svcdesk_request_duration_seconds", "histogram",
	    "Time from a request's arrival to its answer, by op.");
	for (int i = 0; i <= m->nops; i++) {
		const struct metrics_op *op = &m->ops[i];
		uint64_t total = op_total(op), below = 0;
		const char *name = op_label(m, i);

		if (total == 0)
			continue;
		for (int b = 0; b < METRICS_BUCKETS; b++) {
			below += op->buckets[b];
			evbuffer_add_printf(out, "svcdesk_request_duration_seconds_bucket"
			    "{op=\"%s\",le=\"%g\"} %llu\n", name, metrics_bucket_bounds[b],
			    (unsigned long long)below);
		}
		evbuffer_add_printf(out, "svcdesk_request_duration_seconds_bucket"
		    "{op=\"%s\",le=\"+Inf\"} %llu\n"
		    "svcdesk_request_duration_seconds_sum{op=\"%s\"} %.6f\n"
		    "svcdesk_request_duration_seconds_count{op=\"%s\"} %llu\n",
		    name, (unsigned long long)total, name, op->seconds, name,
		    (unsigned long long)total);
	}
}

static void
write_pools(struct evbuffer *out, const struct server *srv)
{
	const struct db *pools[] = { srv->db, srv->report_db };
	static const char *const names[] = { "primary", "report" };
	struct db_counts n[2];
	int npools = srv->report_db != NULL ? 2 : 1;

	for (int p = 0; p < npools; p++)
		db_counts(pools[p], &n[p]);
	family(out, "svcdesk_pool_connections", "gauge",
	    "Database connections of a pool: busy (running a request), idle (up, free), down (down or connecting).");
	for (int p = 0; p < npools; p++)
		evbuffer_add_printf(out,
		    "svcdesk_pool_connections{pool=\"%s\",state=\"busy\"} %d\n"
		    "svcdesk_pool_connections{pool=\"%s\",state=\"idle\"} %d\n"
		    "svcdesk_pool_connections{pool=\"%s\",state=\"down\"} %d\n",
		    names[p], n[p].busy, names[p], n[p].idle, names[p], n[p].down);
	family(out, "svcdesk_pool_queued_requests", "gauge",
	    "Requests waiting for a free connection of a pool.");
	for (int p = 0; p < npools; p++)
		evbuffer_add_printf(out, "svcdesk_pool_queued_requests{pool=\"%s\"} %d\n",
		    names[p], n[p].queued);
	family(out, "svcdesk_db_reconnects_total", "counter",
	    "Pool connections that came up again after being lost.");
	for (int p = 0; p < npools; p++)
		evbuffer_add_printf(out, "svcdesk_db_reconnects_total{pool=\"%s\"} %llu\n",
		    names[p], n[p].reconnects);
	scalar(out, "svcdesk_database_up", "gauge",
	    "1 while at least one connection of the primary pool is up (as /health).",
	    db_is_up(srv->db) ? 1 : 0);
}

static void
write_clients(struct evbuffer *out, const struct server *srv)
{
	const struct client *c;
	int connected = 0, logged_in = 0, subscribed = 0;

	TAILQ_FOREACH(c, &srv->clients, link) {
		if (c->gone)
			continue;
		connected++;
		logged_in += c->logged_in;
		subscribed += c->logged_in && c->topics != 0;
	}
	family(out, "svcdesk_clients", "gauge",
	    "Client connections open: all, logged in, subscribed to pushes.");
	evbuffer_add_printf(out, "svcdesk_clients{state=\"connected\"} %d\n"
	    "svcdesk_clients{state=\"logged_in\"} %d\n"
	    "svcdesk_clients{state=\"subscribed\"} %d\n",
	    connected, logged_in, subscribed);
	scalar(out, "svcdesk_output_queued_bytes", "gauge",
	    "Output queued to all clients together (--max-output-total bounds it).",
	    srv->output_total);
}

static void
write_pushes(struct evbuffer *out, const struct metrics *m)
{
	scalar(out, "svcdesk_pushes_sent_total", "counter",
	    "Pushes queued to subscribed clients (one per client a change reached).",
	    m->pushes_sent);
	counter_by(out, "svcdesk_clients_cut_total",
	    "Clients closed for not reading their output, by the limit passed.",
	    "limit", cut_names, m->clients_cut, METRICS_CUT_COUNT);
	scalar(out, "svcdesk_listen_reconnects_total", "counter",
	    "Times the LISTEN connection the pushes come through came up again after being lost (changes meanwhile: a resync).",
	    m->listen_reconnects);
}

static void
write_sweeps(struct evbuffer *out, const struct metrics *m)
{
	scalar(out, "svcdesk_sweeps_total", "counter",
	    "Overdue sweeps this daemon ran (one daemon at a time marks: the advisory lock).",
	    m->sweeps);
	counter_by(out, "svcdesk_swept_total", "What this daemon's sweeps marked, by kind.",
	    "what", swept_names, m->swept, METRICS_SWEPT_COUNT);
	if (!m->outbox_known)
		return;
	family(out, "svcdesk_notifications", "gauge",
	    "Outbox messages pending and failed, in the database (every daemon's).");
	evbuffer_add_printf(out, "svcdesk_notifications{state=\"pending\"} %lld\n"
	    "svcdesk_notifications{state=\"failed\"} %lld\n",
	    m->outbox_pending, m->outbox_failed);
}

static void
write_metrics(struct evbuffer *out, const struct metrics *m)
{
	family(out, "svcdesk_info", "gauge", "The daemon's version.");
	evbuffer_add_printf(out, "svcdesk_info{version=\"%s\"} 1\n", SVCDESK_VERSION);
	write_requests(out, m);
	write_latency(out, m);
	write_pools(out, m->srv);
	write_clients(out, m->srv);
	write_pushes(out, m);
	write_sweeps(out, m);
}

static void
reply_text(struct evhttp_request *req, int code, const char *reason,
    const char *content_type, struct evbuffer *body)
{
	evhttp_add_header(evhttp_request_get_output_headers(req), "Content-Type",
	    content_type);
	evhttp_send_reply(req, code, reason, body);
}

static void
on_http(struct evhttp_request *req, void *arg)
{
	struct metrics *m = arg;
	const struct evhttp_uri *uri = evhttp_request_get_evhttp_uri(req);
	const char *path = uri != NULL ? evhttp_uri_get_path(uri) : NULL;
	struct evbuffer *body = evbuffer_new();
	static const char text[] = "text/plain; charset=utf-8";

	if (body == NULL) {
		evhttp_send_error(req, HTTP_INTERNAL, NULL);
		return;
	}
	if (path != NULL && strcmp(path, "/metrics") == 0) {
		write_metrics(body, m);
		reply_text(req, HTTP_OK, "OK", "text/plain; version=0.0.4; charset=utf-8",
		    body);
	} else if (path != NULL && strcmp(path, "/health") == 0) {
		bool up = db_is_up(m->srv->db);
		evbuffer_add_printf(body, "%s\n", up ? "ok" : "database unreachable");
		reply_text(req, up ? HTTP_OK : HTTP_SERVUNAVAIL,
		    up ? "OK" : "Service Unavailable", text, body);
	} else {
		evbuffer_add_printf(body, "not found: /metrics or /health\n");
		reply_text(req, HTTP_NOTFOUND, "Not Found", text, body);
	}
	evbuffer_free(body);
}

static void
on_outbox(void *arg, PGresult *res)
{
	struct metrics *m = arg;

	m->outbox_reading = false;
	if (res == NULL || PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1)
		return;      /* the last figures stay until the database answers */
	m->outbox_pending = atoll(PQgetvalue(res, 0, 0));
	m->outbox_failed = atoll(PQgetvalue(res, 0, 1));
	m->outbox_known = true;
}

static void
on_outbox_timer(evutil_socket_t fd, short what, void *arg)
{
	struct metrics *m = arg;

	(void)fd;
	(void)what;
	if (m->outbox_reading || m->srv->stopping || !db_is_up(m->srv->db))
		return;
	m->outbox_reading = true;
	db_query(m->srv->db, &stmt_outbox, 0, NULL, on_outbox, m);
}

/* --metrics-max-connections. libevent 2.1 has no evhttp_set_max_connections
 * (2.2 has), so the count is kept here: a connection counts from its
 * bufferevent's making (evhttp_set_bevcb, at the accept) to evhttp's close
 * callback, which it calls exactly once as it frees a server connection,
 * whether a request was ever read or not. The connection object exists
 * only once the bufferevent was returned; it is the bufferevent's callback
 * argument then, so the close callback is set just after, from the loop
 * (the bufferevent held by a reference until then). At the limit the
 * listener accepts nothing; the next wait in the kernel's queue until one
 * closes (an idle one after evhttp_set_timeout's seconds). */
struct http_conn_new {
	struct bufferevent *bev;
	struct http_conn_new *next;
};

static void
on_http_conn_closed(struct evhttp_connection *evcon, void *arg)
{
	struct metrics *m = arg;

	(void)evcon;
	m->http_conns--;
	if (m->http_listener != NULL &&
	    m->http_conns < m->srv->cfg.metrics_max_connections)
		evconnlistener_enable(m->http_listener);
}

static void
on_http_conns_made(evutil_socket_t fd, short what, void *arg)
{
	struct metrics *m = arg;
	struct http_conn_new *n;

	(void)fd;
	(void)what;
	while ((n = m->http_new) != NULL) {
		void *evcon;

		m->http_new = n->next;
		bufferevent_getcb(n->bev, NULL, NULL, NULL, &evcon);
		if (evcon != NULL)  /* bufferevent_free sets it NULL */
			evhttp_connection_set_closecb(evcon, on_http_conn_closed, m);
		else            /* freed already, before its close callback was set */
			on_http_conn_closed(NULL, m);
		bufferevent_decref(n->bev);
		free(n);
	}
}

static struct bufferevent *
on_http_conn(struct event_base *base, void *arg)
{
	struct metrics *m = arg;
	struct http_conn_new *n = malloc(sizeof *n);

	if (n == NULL ||
	    (n->bev = bufferevent_socket_new(base, -1, BEV_OPT_CLOSE_ON_FREE)) == NULL) {
		free(n);
		return NULL;    /* evhttp makes its own, not counted */
	}
	bufferevent_incref(n->bev);
	n->next = m->http_new;
	m->http_new = n;
	event_active(m->http_conns_made, 0, 0);
	if (++m->http_conns >= m->srv->cfg.metrics_max_connections)
		evconnlistener_disable(m->http_listener);
	return n->bev;
}

static bool
listen_http(struct metrics *m)
{
	const struct config *cfg = &m->srv->cfg;
	struct timeval every = { cfg->notify_interval, 0 };
	struct evhttp_bound_socket *bound;

	if ((m->http = evhttp_new(m->srv->base)) == NULL)
		return false;
	evhttp_set_allowed_methods(m->http, EVHTTP_REQ_GET | EVHTTP_REQ_HEAD);
	evhttp_set_timeout(m->http, 10);
	evhttp_set_max_headers_size(m->http, 8192);
	evhttp_set_max_body_size(m->http, 0);
	evhttp_set_gencb(m->http, on_http, m);
	if ((m->http_conns_made = event_new(m->srv->base, -1, 0, on_http_conns_made,
	    m)) == NULL)
		return false;
	evhttp_set_bevcb(m->http, on_http_conn, m);
	if ((bound = evhttp_bind_socket_with_handle(m->http, cfg->metrics_host,
	    (ev_uint16_t)cfg->metrics_port)) == NULL) {
		log_error("cannot serve metrics on %s:%d", cfg->metrics_host,
		    cfg->metrics_port);
		return false;
	}
	m->http_listener = evhttp_bound_socket_get_listener(bound);
	m->outbox_timer = event_new(m->srv->base, -1, EV_PERSIST, on_outbox_timer, m);
	if (m->outbox_timer == NULL || event_add(m->outbox_timer, &every) != 0)
		return false;
	log_info("metrics on http://%s:%d/metrics", cfg->metrics_host,
	    cfg->metrics_port);
	return true;
}

bool
metrics_start(struct server *srv)
{
	struct metrics *m;

	if (!srv->cfg.metrics_on)
		return true;
	if ((m = calloc(1, sizeof *m)) == NULL)
		return false;
	m->srv = srv;
	m->nops = ops_count();
	m->ops = calloc((size_t)m->nops + 1, sizeof *m->ops);
	srv->metrics = m;
	return m->ops != NULL && listen_http(m);
}

void
metrics_free(struct metrics *m)
{
	if (m == NULL)
		return;
	m->http_listener = NULL;    /* evhttp_free frees it before the connections */
	if (m->http_conns_made != NULL)
		on_http_conns_made(-1, 0, m);
	if (m->http != NULL)
		evhttp_free(m->http);
	if (m->http_conns_made != NULL)
		event_free(m->http_conns_made);
	if (m->outbox_timer != NULL)
		event_free(m->outbox_timer);
	free(m->ops);
	free(m);
}
