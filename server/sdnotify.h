/*
 * sdnotify.h: telling systemd how the daemon is doing (sd_notify(3), a unit
 * of Type=notify: debian/svcdeskd.service).
 *
 * READY=1 once the daemon listens and its database is up: at least one pool
 * connection is up (db_is_up). Until then it keeps trying (the pool
 * reconnects by itself) and says so in STATUS=; systemd's TimeoutStartSec
 * decides how long that may last. STATUS= says what it is doing after that
 * too (clients, requests, a database lost), WATCHDOG=1 pings come from a
 * timer on the event loop at half of WATCHDOG_USEC (so a loop that hangs
 * stops them and systemd restarts the daemon), STOPPING=1 on SIGTERM.
 * Without NOTIFY_SOCKET nothing is sent and no timer runs.
 */
#ifndef SVCDESK_SDNOTIFY_H
#define SVCDESK_SDNOTIFY_H

#include <stdbool.h>
#include <stddef.h>

struct server;
struct sdnotify;

/* After the daemon listens. NULL when not run by a service manager. */
struct sdnotify *sdnotify_new(struct server *srv);
/* SIGTERM or SIGINT: STOPPING=1 and a status saying what is left. */
void sdnotify_stopping(struct sdnotify *n, int pending);
void sdnotify_free(struct sdnotify *n);

/* The STATUS= line's text for the daemon's state. */
void sdnotify_status_text(char *buf, size_t size, bool db_up, int nclients,
    int pending);

#endif
