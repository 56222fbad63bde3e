/*
 * notify.h: the outbox's delivery worker (doc/architecture.md, The delivery
 * worker). A thread of its own with its own blocking database connection,
 * so a slow mail server or SMS gateway never holds up the event loop or a
 * connection of the pool. It takes one due pending row of `notifications`
 * at a time with FOR UPDATE SKIP LOCKED, keeps the row locked while the
 * transport (server/transport.h) has it, and records it sent, or refused:
 * tried again after a backoff, failed after the last attempt (settings
 * notify_backoff_seconds, notify_max_attempts). With several daemons each
 * row goes through one of them. Rows of a channel with no transport
 * configured stay pending.
 */
#ifndef SVCDESK_NOTIFY_H
#define SVCDESK_NOTIFY_H

struct config;
struct notifier;

/* NULL when no transport is configured (nothing to start) or on failure. */
struct notifier *notifier_new(const struct config *cfg);
/* Stops the thread (after the delivery it is in, if any) and frees it. */
void notifier_free(struct notifier *n);

#endif
