/*
 * pgconn.h: one non-blocking libpq connection driven by the event loop.
 *
 * Connects with PQconnectStartParams/PQconnectPoll (re-reading the socket
 * after each step), watches the socket, flushes output with PQflush when
 * the kernel buffer is full, and reconnects by itself after a failure. The
 * owner (the pool in db.c, the listener in push.c) reacts through callbacks.
 */
#ifndef SVCDESK_PGCONN_H
#define SVCDESK_PGCONN_H

#include <stdbool.h>
#include <libpq-fe.h>

struct event_base;
struct pgconn;

enum pgconn_state { PGCONN_DOWN, PGCONN_CONNECTING, PGCONN_UP };

struct pgconn_callbacks {
	void (*up)(struct pgconn *pc, void *arg);        /* connected */
	void (*input)(struct pgconn *pc, void *arg);     /* input consumed */
	void (*down)(struct pgconn *pc, void *arg);      /* lost or refused */
};

/* options: passed as libpq's "options" (e.g. "-c statement_timeout=5000"),
 * may be NULL. Starts connecting at once. */
struct pgconn *pgconn_new(struct event_base *base, const char *conninfo,
    const char *options, const char *application_name, int reconnect_ms,
    const struct pgconn_callbacks *cb, void *arg);
void pgconn_free(struct pgconn *pc);

enum pgconn_state pgconn_state(const struct pgconn *pc);
PGconn *pgconn_pg(struct pgconn *pc);
/* The server's last error text for a refused or lost connection. */
const char *pgconn_error(const struct pgconn *pc);

/* After a PQsend*: pushes the query out, waiting for writability as needed. */
void pgconn_flush(struct pgconn *pc);
/* Declares the connection broken: closes it, calls down(), and retries
 * after the reconnect interval. */
void pgconn_fail(struct pgconn *pc);

#endif
