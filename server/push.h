/*
 * push.h: changes committed anywhere reach every subscribed client.
 *
 * A handler calls push_publish after its statement committed. The push goes
 * to this daemon's own subscribers at once, and is queued; once per loop
 * turn every queued payload is sent to PostgreSQL in ONE statement (one
 * notify lock per batch, not per change; doc/architecture.md, Pushes). One
 * LISTEN connection per daemon hears the others' changes (and any NOTIFY
 * on channel "svcdesk" committed by other tools) and fans them out.
 *
 * Payload on the channel: {"origin": daemon id, "topic", "event", "data"}.
 */
#ifndef SVCDESK_PUSH_H
#define SVCDESK_PUSH_H

#include <cjson/cJSON.h>

#include "server/server.h"

#define PUSH_CHANNEL "svcdesk"

struct push *push_new(struct server *srv);
void push_free(struct push *p);
/* data is consumed. */
void push_publish(struct push *p, enum topic topic, const char *event,
    cJSON *data);

/* Tells every daemon on the database (this one too, through LISTEN) about
 * an internal change, e.g. "policy.changed" (which each daemon then also
 * pushes to its subscribed clients, with data {}). */
void push_announce(struct push *p, const char *event);
/* The same with data (consumed). */
void push_announce_data(struct push *p, const char *event, cJSON *data);

/* Announced by user.save when a user was deactivated or given another role:
 * data {login, reason (deactivated, role_changed), role}; every daemon ends
 * that user's sessions (session_end_user). */
#define PUSH_SESSIONS_END "sessions.end"

#endif
