/*
 * pgconn.c: an event-driven libpq connection; see pgconn.h.
 *
 * The shape follows pgbouncer's test/asynctest.c: PQconnectStart and
 * PQconnectPoll on the socket, PQflush until done, then PQconsumeInput
 * whenever the socket is readable.
 */
#include "server/pgconn.h"

#include <stdlib.h>
#include <string.h>
#include <event2/event.h>

#include "server/log.h"

#define CONNECT_TIMEOUT_SECONDS 10

struct pgconn {
	struct event_base *base;
	char *conninfo, *options, *appname;
	int reconnect_ms;
	struct pgconn_callbacks cb;
	void *arg;

	PGconn *pg;
	enum pgconn_state state;
	PostgresPollingStatusType poll;   /* while connecting */
	struct event *ev_read, *ev_write; /* on the current socket */
	struct event *ev_retry;           /* reconnect timer */
	struct event *ev_deadline;        /* connect timeout */
	bool told_down;                   /* this outage was logged */
	char error[256];
};

static void on_socket(evutil_socket_t fd, short what, void *arg);
static void start_connect(struct pgconn *pc);

static void
drop_events(struct pgconn *pc)
{
	if (pc->ev_read) {
		event_free(pc->ev_read);
		pc->ev_read = NULL;
	}
	if (pc->ev_write) {
		event_free(pc->ev_write);
		pc->ev_write = NULL;
	}
}

/* (Re)creates the socket events: the socket may change between
 * PQconnectPoll steps. */
static void
watch_socket(struct pgconn *pc)
{
	int fd = PQsocket(pc->pg);

	if (pc->ev_read && event_get_fd(pc->ev_read) == fd)
		return;
	drop_events(pc);
	pc->ev_read = event_new(pc->base, fd, EV_READ | EV_PERSIST, on_socket, pc);
	pc->ev_write = event_new(pc->base, fd, EV_WRITE, on_socket, pc);
}

static void
remember_error(struct pgconn *pc)
{
	const char *msg = pc->pg ? PQerrorMessage(pc->pg) : "out of memory";
	size_t n;

	snprintf(pc->error, sizeof pc->error, "%s", msg);
	for (char *p = pc->error; *p; p++)   /* one log line */
		if (*p == '\n' || *p == '\t')
			*p = ' ';
	n = strlen(pc->error);
	while (n > 0 && (pc->error[n - 1] == '\n' || pc->error[n - 1] == ' '))
		pc->error[--n] = '\0';
}

void
pgconn_fail(struct pgconn *pc)
{
	struct timeval tv = { pc->reconnect_ms / 1000, (pc->reconnect_ms % 1000) * 1000 };
	bool was_up = pc->state == PGCONN_UP;

	remember_error(pc);
	drop_events(pc);
	event_del(pc->ev_deadline);
	if (pc->pg) {
		PQfinish(pc->pg);
		pc->pg = NULL;
	}
	pc->state = PGCONN_DOWN;
	if (was_up)
		log_warn("database connection lost (%s): %s", pc->appname, pc->error);
	else if (!pc->told_down)   /* once per outage, not every retry */
		log_warn("cannot connect to the database (%s, retrying every %d ms): %s",
		    pc->appname, pc->reconnect_ms, pc->error);
	pc->told_down = true;
	evtimer_add(pc->ev_retry, &tv);
	pc->cb.down(pc, pc->arg);
}

/* One PQconnectPoll step; arms the event libpq asks for. */
static void
connect_step(struct pgconn *pc)
{
	pc->poll = PQconnectPoll(pc->pg);
	switch (pc->poll) {
	case PGRES_POLLING_OK:
		event_del(pc->ev_deadline);
		if (PQsetnonblocking(pc->pg, 1) != 0) {
			pgconn_fail(pc);
			return;
		}
		watch_socket(pc);
		event_add(pc->ev_read, NULL);
		pc->state = PGCONN_UP;
		pc->told_down = false;
		pc->cb.up(pc, pc->arg);
		return;
	case PGRES_POLLING_READING:
		watch_socket(pc);
		event_del(pc->ev_write);
		event_add(pc->ev_read, NULL);
		return;
	case PGRES_POLLING_WRITING:
		watch_socket(pc);
		event_del(pc->ev_read);
		event_add(pc->ev_write, NULL);
		return;
	default:
		pgconn_fail(pc);
	}
}

static void
on_socket(evutil_socket_t fd, short what, void *arg)
{
	struct pgconn *pc = arg;

	(void)fd;
	if (pc->state == PGCONN_CONNECTING) {
		connect_step(pc);
		return;
	}
	if (what & EV_WRITE) {
		pgconn_flush(pc);
		if (pc->state != PGCONN_UP)
			return;
	}
	if (what & EV_READ) {
		if (PQconsumeInput(pc->pg) == 0) {
			pgconn_fail(pc);
			return;
		}
		pc->cb.input(pc, pc->arg);
	}
}

static void
on_retry(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	start_connect(arg);
}

static void
on_deadline(evutil_socket_t fd, short what, void *arg)
{
	struct pgconn *pc = arg;

	(void)fd;
	(void)what;
	log_warn("database connection attempt timed out (%s)", pc->appname);
	pgconn_fail(pc);
}

static void
start_connect(struct pgconn *pc)
{
	const char *keys[] = { "dbname", "options", "application_name", NULL };
	const char *values[] = { pc->conninfo, pc->options, pc->appname, NULL };
	struct timeval deadline = { CONNECT_TIMEOUT_SECONDS, 0 };

	pc->pg = PQconnectStartParams(keys, values, 1);
	if (pc->pg == NULL || PQstatus(pc->pg) == CONNECTION_BAD) {
		pgconn_fail(pc);
		return;
	}
	pc->state = PGCONN_CONNECTING;
	evtimer_add(pc->ev_deadline, &deadline);
	connect_step(pc);
}

struct pgconn *
pgconn_new(struct event_base *base, const char *conninfo, const char *options,
    const char *application_name, int reconnect_ms,
    const struct pgconn_callbacks *cb, void *arg)
{
	struct pgconn *pc = calloc(1, sizeof *pc);

	if (pc == NULL)
		return NULL;
	pc->base = base;
	pc->conninfo = strdup(conninfo);
	pc->options = options ? strdup(options) : NULL;
	pc->appname = strdup(application_name);
	pc->reconnect_ms = reconnect_ms;
	pc->cb = *cb;
	pc->arg = arg;
	pc->ev_retry = evtimer_new(base, on_retry, pc);
	pc->ev_deadline = evtimer_new(base, on_deadline, pc);
	start_connect(pc);
	return pc;
}

void
pgconn_free(struct pgconn *pc)
{
	if (pc == NULL)
		return;
	drop_events(pc);
	event_free(pc->ev_retry);
	event_free(pc->ev_deadline);
	if (pc->pg)
		PQfinish(pc->pg);
	free(pc->conninfo);
	free(pc->options);
	free(pc->appname);
	free(pc);
}

enum pgconn_state pgconn_state(const struct pgconn *pc) { return pc->state; }
PGconn *pgconn_pg(struct pgconn *pc) { return pc->pg; }
const char *pgconn_error(const struct pgconn *pc) { return pc->error; }

void
pgconn_flush(struct pgconn *pc)
{
	int r = PQflush(pc->pg);

	if (r < 0)
		pgconn_fail(pc);
	else if (r > 0)
		event_add(pc->ev_write, NULL);  /* the read event stays armed */
	else
		event_del(pc->ev_write);
}
