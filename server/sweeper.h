/*
 * sweeper.h: a timer that marks newly overdue work, writes its event and
 * pushes `sla.breach` (and the changed ticket) to subscribers. With several
 * daemons on one database the sweep runs where a transaction-level advisory
 * lock is won, so one daemon sweeps at a time.
 */
#ifndef SVCDESK_SWEEPER_H
#define SVCDESK_SWEEPER_H

struct server;
struct sweeper;

struct sweeper *sweeper_new(struct server *srv);
void sweeper_free(struct sweeper *s);

#endif
