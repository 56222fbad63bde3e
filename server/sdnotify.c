/*
 * sdnotify.c: READY, STATUS, WATCHDOG, RELOADING and STOPPING to systemd; see
 * sdnotify.h.
 */
#include "server/sdnotify.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <systemd/sd-daemon.h>
#include <event2/event.h>

#include "server/db.h"
#include "server/log.h"
#include "server/server.h"

/* How often the state is looked at: soon while waiting to be ready (the
 * pool's connections come up a few milliseconds after the start), then
 * once a second for STATUS=, sent only when its text changed. */
#define WAIT_READY_MS 100
#define STATUS_MS 1000

struct sdnotify {
	struct server *srv;
	struct event *ev_status;
	struct event *ev_watchdog;      /* NULL: the unit has no WatchdogSec= */
	struct event *ev_reloaded;      /* READY=1 once SIGHUP's handler returned */
	bool ready;
	bool stopping;
	char status[160];               /* the last STATUS= sent */
};

void
sdnotify_status_text(char *buf, size_t size, bool db_up, int nclients,
    int pending)
{
	if (!db_up)
		snprintf(buf, size, "waiting for the database (reconnecting); "
		    "%d clients connected", nclients);
	else
		snprintf(buf, size, "serving %d clients, %d requests running or queued",
		    nclients, pending);
}

static void
send_status(struct sdnotify *n, const char *text)
{
	if (strcmp(text, n->status) == 0)
		return;
	snprintf(n->status, sizeof n->status, "%s", text);
	sd_notifyf(0, "STATUS=%s", text);
}

static void
arm_status(struct sdnotify *n)
{
	int ms = n->ready ? STATUS_MS : WAIT_READY_MS;
	struct timeval tv = { ms / 1000, (ms % 1000) * 1000 };

	evtimer_add(n->ev_status, &tv);
}

static void
on_status(evutil_socket_t fd, short what, void *arg)
{
	struct sdnotify *n = arg;
	bool up = db_is_up(n->srv->db);
	char text[sizeof n->status];

	(void)fd;
	(void)what;
	if (n->stopping)
		return;
	sdnotify_status_text(text, sizeof text, up, n->srv->nclients,
	    db_pending(n->srv->db));
	if (up && !n->ready) {
		n->ready = true;
		snprintf(n->status, sizeof n->status, "%s", text);
		sd_notifyf(0, "READY=1\nSTATUS=%s", text);
		log_info("told systemd: ready");
	} else
		send_status(n, text);
	arm_status(n);
}

static void
on_watchdog(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	(void)arg;
	sd_notify(0, "WATCHDOG=1");
}

/* A persistent timer at half the watchdog's period, as sd_watchdog_enabled(3)
 * advises. */
static bool
start_watchdog(struct sdnotify *n)
{
	uint64_t usec = 0;
	struct timeval tv;

	if (sd_watchdog_enabled(0, &usec) <= 0 || usec == 0)
		return true;
	usec /= 2;
	tv.tv_sec = (time_t)(usec / 1000000);
	tv.tv_usec = (suseconds_t)(usec % 1000000);
	n->ev_watchdog = event_new(n->srv->base, -1, EV_PERSIST, on_watchdog, n);
	if (n->ev_watchdog == NULL || event_add(n->ev_watchdog, &tv) != 0)
		return false;
	log_info("systemd watchdog: a ping every %llu ms",
	    (unsigned long long)(usec / 1000));
	return true;
}

/* Runs after the SIGHUP handler that activated it returned: the reload was
 * done there, start to end, on this loop. */
static void
on_reloaded(evutil_socket_t fd, short what, void *arg)
{
	struct sdnotify *n = arg;

	(void)fd;
	(void)what;
	if (!n->stopping)
		sd_notify(0, "READY=1");
}

void
sdnotify_reloading(struct sdnotify *n)
{
	struct timespec now;

	if (n == NULL || !n->ready || n->stopping)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	sd_notifyf(0, "RELOADING=1\nMONOTONIC_USEC=%llu",
	    (unsigned long long)now.tv_sec * 1000000ULL +
	    (unsigned long long)now.tv_nsec / 1000);
	event_active(n->ev_reloaded, EV_TIMEOUT, 0);
}

struct sdnotify *
sdnotify_new(struct server *srv)
{
	struct sdnotify *n;

	if (getenv("NOTIFY_SOCKET") == NULL)
		return NULL;
	if ((n = calloc(1, sizeof *n)) == NULL)
		return NULL;
	n->srv = srv;
	n->ev_status = evtimer_new(srv->base, on_status, n);
	n->ev_reloaded = evtimer_new(srv->base, on_reloaded, n);
	if (n->ev_status == NULL || n->ev_reloaded == NULL || !start_watchdog(n)) {
		log_error("cannot start the systemd notifier's timers");
		sdnotify_free(n);
		return NULL;
	}
	on_status(-1, 0, n);   /* ready at once when the pool already is */
	return n;
}

void
sdnotify_stopping(struct sdnotify *n, int pending)
{
	if (n == NULL || n->stopping)
		return;
	n->stopping = true;
	sd_notifyf(0, "STOPPING=1\nSTATUS=stopping: finishing %d requests", pending);
}

void
sdnotify_free(struct sdnotify *n)
{
	if (n == NULL)
		return;
	if (n->ev_status)
		event_free(n->ev_status);
	if (n->ev_watchdog)
		event_free(n->ev_watchdog);
	if (n->ev_reloaded)
		event_free(n->ev_reloaded);
	free(n);
}
