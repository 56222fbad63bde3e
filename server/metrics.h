/*
 * metrics.h: the daemon's counters, and the HTTP listener that shows them
 * (svcdeskd serve --metrics-listen; doc/deployment.md, Metrics): /metrics in
 * Prometheus' text format 0.0.4, /health for a load balancer.
 *
 * Counting is plain increments on the loop thread, into arrays indexed by
 * the op table (server/ops.h): no lock, no allocation per request. Without
 * --metrics-listen srv->metrics is NULL and every count below is one test
 * of that pointer. Gauges (pools, clients, output queued) are read from
 * their owners when scraped, never kept twice.
 */
#ifndef SVCDESK_METRICS_H
#define SVCDESK_METRICS_H

#include <stdbool.h>
#include <stdint.h>

#include "common/proto.h"

struct server;

/* Upper bounds of the latency histograms' buckets, in seconds (+Inf
 * besides). */
#define METRICS_BUCKETS 12
extern const double metrics_bucket_bounds[METRICS_BUCKETS];

/* Why a client was cut off: its own output limit or the total's. */
enum metrics_cut { METRICS_CUT_CLIENT, METRICS_CUT_TOTAL, METRICS_CUT_COUNT };
/* What a sweep marked (server/sweeper.c). */
enum metrics_swept {
	METRICS_SWEPT_TICKETS,      /* tickets newly overdue */
	METRICS_SWEPT_REMINDERS,    /* complaint stage reminders */
	METRICS_SWEPT_VISITS,       /* maintenance visits booked */
	METRICS_SWEPT_COUNT
};

/* One op's answers: by code, and their latency (buckets not cumulative:
 * each holds the answers above the previous bound, up to its own). */
struct metrics_op {
	uint64_t codes[PROTO_CODE_COUNT];
	uint64_t buckets[METRICS_BUCKETS + 1];   /* the last: above every bound */
	double seconds;
};

struct metrics {
	struct server *srv;
	struct evhttp *http;
	struct evconnlistener *http_listener;   /* NULL once closing */
	int http_conns;             /* open now (--metrics-max-connections) */
	struct http_conn_new *http_new;         /* made, close callback not yet set */
	struct event *http_conns_made;          /* sets them from the loop */
	struct event *outbox_timer;
	int nops;
	struct metrics_op *ops;     /* nops + 1: the last for requests without an op */
	uint64_t pushes_sent;
	uint64_t clients_cut[METRICS_CUT_COUNT];
	uint64_t sweeps;
	uint64_t listen_reconnects; /* the LISTEN connection (server/push.c) up again */
	uint64_t swept[METRICS_SWEPT_COUNT];
	/* The outbox (notifications), read from the database every
	 * --notify-interval: several daemons share it. */
	bool outbox_known, outbox_reading;
	long long outbox_pending, outbox_failed;
};

/* With --metrics-listen: counts from now on and serves them (srv->metrics
 * set). False when the listener cannot be opened. */
bool metrics_start(struct server *srv);
void metrics_free(struct metrics *m);

/* A request answered: its op (-1: none), code, and time taken. */
void metrics_request(struct metrics *m, int op_index, enum proto_code code,
    double ms);

static inline void
metrics_push(struct metrics *m)
{
	if (m != NULL)
		m->pushes_sent++;
}

static inline void
metrics_cut(struct metrics *m, enum metrics_cut why)
{
	if (m != NULL)
		m->clients_cut[why]++;
}

/* The push's LISTEN connection came up again after being up (server/push.c). */
static inline void
metrics_listen_reconnect(struct metrics *m)
{
	if (m != NULL)
		m->listen_reconnects++;
}

static inline void
metrics_sweep(struct metrics *m)
{
	if (m != NULL)
		m->sweeps++;
}

static inline void
metrics_swept(struct metrics *m, enum metrics_swept what, int n)
{
	if (m != NULL && n > 0)
		m->swept[what] += (uint64_t)n;
}

#endif
