/*
 * push.c: LISTEN/NOTIFY fan-out; see push.h.
 */
#include "server/push.h"

#include <stdlib.h>
#include <string.h>
#include <event2/event.h>
#include <sodium.h>

#include "server/db.h"
#include "server/log.h"
#include "server/metrics.h"
#include "server/pgconn.h"
#include "server/policy.h"

/* NOTIFY payloads must stay under 8000 bytes. */
#define PAYLOAD_MAX 7900

struct push {
	struct server *srv;
	struct pgconn *listen;
	bool listening, was_down;
	char origin[17];              /* this daemon, to skip its own echoes */
	cJSON *batch;                 /* payload texts waiting to be sent */
	struct event *ev_flush;
};

static struct db_statement stmt_notify = {
	.what = "notify a batch of changes",
	.sql = "SELECT pg_notify('" PUSH_CHANNEL "', payload) "
	"FROM json_array_elements_text($1::json) AS t (payload)"
};

static bool
names_user(const cJSON *data, const char *key, const char *user)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(data, key);

	return cJSON_IsString(v) && strcmp(v->valuestring, user) == 0;
}

/* Technicians hear only of their own tickets (doc/architecture.md,
 * Security): the ones dispatched to them, and one just taken from them (so
 * their list can drop it). The same goes for deadline breaches. A
 * department's users read no tickets: they hear of none. */
static bool
visible_to(const struct client *c, const cJSON *data)
{
	if (c->role == ROLE_DEPARTMENT)
		return false;
	return c->role != ROLE_TECHNICIAN ||
	    names_user(data, "technician", c->user) ||
	    names_user(data, "previous_technician", c->user);
}

/* A complaint carries the customer's file: only the roles that may read it
 * (complaint.get) hear of it. */
static bool
reads_complaints(const struct client *c, const cJSON *data)
{
	(void)data;
	return c->role == ROLE_OPERATOR || c->role == ROLE_QUALITY ||
	    c->role == ROLE_MANAGER;
}

/* A major incident's alert (complaint.alert) is for quality and managers. */
static bool
hears_alerts(const struct client *c, const cJSON *data)
{
	(void)data;
	return c->role == ROLE_QUALITY || c->role == ROLE_MANAGER;
}

/* A reminder (complaint.reminder, server/sweeper.c) is for the users it is
 * addressed to (`to`): the stage's department and its head. */
static bool
addressed_to(const struct client *c, const cJSON *data)
{
	const cJSON *login;

	cJSON_ArrayForEach(login, cJSON_GetObjectItemCaseSensitive(data, "to"))
		if (cJSON_IsString(login) && strcmp(login->valuestring, c->user) == 0)
			return true;
	return false;
}

static bool
is_departments(const struct client *c, const cJSON *data)
{
	(void)data;
	return c->role == ROLE_DEPARTMENT;
}

/* A department's users read a complaint through complaint.get, which holds
 * them to those that passed through their department and leaves out the
 * customer's phones and address: of a change they hear only which complaint
 * it was and where it is now, and their board and detail read it again. */
static void
tell_departments(struct push *p, const cJSON *complaint)
{
	static const char *const kept[] = { "no", "state", "stage", "department" };
	cJSON *brief = cJSON_CreateObject();
	const cJSON *item;

	if (brief == NULL)
		return;
	for (size_t i = 0; i < sizeof kept / sizeof *kept; i++)
		if ((item = cJSON_GetObjectItemCaseSensitive(complaint, kept[i])) != NULL)
			cJSON_AddItemToObject(brief, kept[i], cJSON_Duplicate(item, true));
	net_broadcast(p->srv, TOPIC_COMPLAINTS, "complaint.changed", brief, is_departments);
	cJSON_Delete(brief);
}

static void
fan_out(struct push *p, enum topic topic, const char *event, const cJSON *data)
{
	net_broadcast(p->srv, topic, event, data, topic != TOPIC_COMPLAINTS ? visible_to :
	    strcmp(event, "complaint.alert") == 0 ? hears_alerts :
	    strcmp(event, "complaint.reminder") == 0 ? addressed_to : reads_complaints);
	if (topic == TOPIC_COMPLAINTS && strcmp(event, "complaint.changed") == 0)
		tell_departments(p, data);
}

static void
on_notified(void *arg, PGresult *res)
{
	struct proto_error err;

	(void)arg;
	if (!db_result_ok(res, &stmt_notify, &err))
		log_warn("could not notify other daemons: %s", err.message);
}

static void
on_flush(evutil_socket_t fd, short what, void *arg)
{
	struct push *p = arg;
	char *json;

	(void)fd;
	(void)what;
	if (cJSON_GetArraySize(p->batch) == 0)
		return;
	json = cJSON_PrintUnformatted(p->batch);
	cJSON_Delete(p->batch);
	p->batch = cJSON_CreateArray();
	if (json == NULL)
		return;
	db_query(p->srv->db, &stmt_notify, 1, (const char *const *)&json,
	    on_notified, p);
	cJSON_free(json);
}

/* Queues {"origin","topic","event","data"} for the next batch; data consumed. */
static void
queue_notification(struct push *p, const char *topic, const char *event,
    cJSON *data)
{
	cJSON *msg = cJSON_CreateObject();
	char *text;

	cJSON_AddStringToObject(msg, "origin", p->origin);
	cJSON_AddStringToObject(msg, "topic", topic);
	cJSON_AddStringToObject(msg, "event", event);
	cJSON_AddItemToObject(msg, "data", data);
	text = cJSON_PrintUnformatted(msg);
	if (text && strlen(text) > PAYLOAD_MAX) {
		/* Too big for NOTIFY: send the record's number; others reload it. */
		const cJSON *no = cJSON_GetObjectItemCaseSensitive(data, "no");
		cJSON *small = cJSON_CreateObject();
		cJSON_AddStringToObject(small, "no", cJSON_IsString(no) ? no->valuestring : "");
		cJSON_AddBoolToObject(small, "partial", true);
		cJSON_ReplaceItemInObject(msg, "data", small);
		cJSON_free(text);
		text = cJSON_PrintUnformatted(msg);
	}
	cJSON_Delete(msg);
	if (text == NULL)
		return;
	cJSON_AddItemToArray(p->batch, cJSON_CreateString(text));
	cJSON_free(text);
	if (cJSON_GetArraySize(p->batch) == 1) {
		struct timeval now = { 0, 0 };
		evtimer_add(p->ev_flush, &now);  /* next loop turn */
	}
}

void
push_publish(struct push *p, enum topic topic, const char *event, cJSON *data)
{
	fan_out(p, topic, event, data);
	queue_notification(p, topic_names[topic], event, data);
}

void
push_announce(struct push *p, const char *event)
{
	push_announce_data(p, event, cJSON_CreateObject());
}

void
push_announce_data(struct push *p, const char *event, cJSON *data)
{
	queue_notification(p, "internal", event, data);
}

/* An internal announcement, heard by every daemon (this one included). */
static void
act_on(struct push *p, const char *event, const cJSON *data)
{
	const char *login = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(data, "login"));
	const char *reason = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(data, "reason"));
	const char *role = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(data, "role"));

	if (strcmp(event, "policy.changed") == 0) {
		/* told to the clients too: a policies screen reads them again */
		cJSON *none = cJSON_CreateObject();
		policy_reload(p->srv->policy);
		net_broadcast_subscribers(p->srv, "policy.changed", none);
		cJSON_Delete(none);
	} else if (strcmp(event, PUSH_SESSIONS_END) == 0 && login && reason && role)
		session_end_user(p->srv, login, reason, role);
}

/* One notification heard on the channel. */
static void
deliver(struct push *p, const char *payload)
{
	cJSON *msg = cJSON_Parse(payload);
	const cJSON *origin = cJSON_GetObjectItemCaseSensitive(msg, "origin");
	const cJSON *topic = cJSON_GetObjectItemCaseSensitive(msg, "topic");
	const cJSON *event = cJSON_GetObjectItemCaseSensitive(msg, "event");
	const cJSON *data = cJSON_GetObjectItemCaseSensitive(msg, "data");

	if (!cJSON_IsString(topic) || !cJSON_IsString(event)) {
		log_warn("ignoring a malformed notification on %s", PUSH_CHANNEL);
		cJSON_Delete(msg);
		return;
	}
	if (strcmp(topic->valuestring, "internal") == 0) {
		/* Between daemons only: every daemon, this one included, acts. */
		act_on(p, event->valuestring, data);
	} else if (!cJSON_IsString(origin) || strcmp(origin->valuestring, p->origin) != 0)
		for (int t = 0; t < TOPIC_COUNT; t++)
			if (strcmp(topic_names[t], topic->valuestring) == 0)
				fan_out(p, (enum topic)t, event->valuestring, data);
	cJSON_Delete(msg);
}

static void
on_listen_input(struct pgconn *pc, void *arg)
{
	struct push *p = arg;
	PGconn *pg = pgconn_pg(pc);
	PGnotify *n;
	PGresult *res;

	while (!PQisBusy(pg) && (res = PQgetResult(pg)) != NULL) {
		if (PQresultStatus(res) != PGRES_COMMAND_OK)
			log_error("LISTEN failed: %s", PQresultErrorMessage(res));
		PQclear(res);
	}
	while ((n = PQnotifies(pg)) != NULL) {
		deliver(p, n->extra);
		PQfreemem(n);
	}
}

static void
on_listen_up(struct pgconn *pc, void *arg)
{
	struct push *p = arg;

	if (!PQsendQuery(pgconn_pg(pc), "LISTEN " PUSH_CHANNEL)) {
		pgconn_fail(pc);
		return;
	}
	pgconn_flush(pc);
	p->listening = true;
	if (p->was_down) {
		/* Changes (and policy changes) may have been missed: reload. */
		cJSON *data = cJSON_CreateObject();
		cJSON_AddStringToObject(data, "reason", "reconnected");
		net_broadcast_subscribers(p->srv, "resync", data);
		cJSON_Delete(data);
		policy_reload(p->srv->policy);
		session_recheck(p->srv);
		metrics_listen_reconnect(p->srv->metrics);
		p->was_down = false;
	}
}

static void
on_listen_down(struct pgconn *pc, void *arg)
{
	struct push *p = arg;

	(void)pc;
	if (p->listening)
		p->was_down = true;
	p->listening = false;
}

struct push *
push_new(struct server *srv)
{
	static const struct pgconn_callbacks cb = {
		on_listen_up, on_listen_input, on_listen_down
	};
	struct push *p = calloc(1, sizeof *p);
	unsigned char id[8];

	if (p == NULL)
		return NULL;
	p->srv = srv;
	randombytes_buf(id, sizeof id);
	sodium_bin2hex(p->origin, sizeof p->origin, id, sizeof id);
	p->batch = cJSON_CreateArray();
	p->ev_flush = evtimer_new(srv->base, on_flush, p);
	p->listen = pgconn_new(srv->base, srv->cfg.db, NULL, "svcdeskd-listen",
	    srv->cfg.reconnect_ms, &cb, p);
	return p;
}

void
push_free(struct push *p)
{
	if (p == NULL)
		return;
	pgconn_free(p->listen);
	event_free(p->ev_flush);
	cJSON_Delete(p->batch);
	free(p);
}
