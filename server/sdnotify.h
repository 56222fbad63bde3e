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
 * SIGHUP: RELOADING=1 with MONOTONIC_USEC= (CLOCK_MONOTONIC, as systemd
 * wants it for Type=notify-reload; the unit stays Type=notify, where the
 * pair is still right) before the configuration is read again, READY=1
 * after, also when the file had errors and nothing changed.
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
/* First in the SIGHUP handler: RELOADING=1 now, READY=1 from the loop as
 * soon as the handler returned. Nothing before the first READY=1. */
void sdnotify_reloading(struct sdnotify *n);
/* SIGTERM or SIGINT: STOPPING=1 and a status saying what is left. */
void sdnotify_stopping(struct sdnotify *n, int pending);
void sdnotify_free(struct sdnotify *n);

/* The STATUS= line's text for the daemon's state. */
void sdnotify_status_text(char *buf, size_t size, bool db_up, int nclients,
    int pending);

#endif
