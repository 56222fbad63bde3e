/*
 * server.h: the daemon's shared state: the server, its clients (sessions)
 * and the requests they send. net.c owns connections, ops.c runs requests
 * through the op table, each domain file implements its ops.
 */
#ifndef SVCDESK_SERVER_H
#define SVCDESK_SERVER_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/queue.h>
#include <time.h>
#include <cjson/cJSON.h>

#include "common/frame.h"
#include "common/proto.h"
#include "common/roles.h"
#include "server/config.h"

struct event_base;
struct bufferevent;
struct evconnlistener;
struct evbuffer_cb_entry;
struct event;
struct db;
struct hasher;
struct ratelimit;
struct push;
struct sweeper;
struct notifier;
struct exporter;
struct policy;
struct metrics;
struct sdnotify;

/* Topics a client may subscribe to (svcdesk-protocol(7), subscribe). */
enum topic { TOPIC_TICKETS, TOPIC_COMPLAINTS, TOPIC_SLA, TOPIC_COUNT };
extern const char *const topic_names[];  /* NULL-terminated */

struct client {
	uint64_t id;
	struct server *srv;
	struct bufferevent *bev;
	struct framer framer;
	char addr[64];          /* host:port, for the audit log */
	char host[48];          /* host alone: the per-address login limit */
	TAILQ_ENTRY(client) link;
	/* Until its first login (--login-timeout): its place in
	 * srv->awaiting_login, in the order of their deadlines. */
	TAILQ_ENTRY(client) awaiting;
	bool awaiting_login;
	int64_t login_deadline_ms;      /* CLOCK_MONOTONIC */

	/* The session, once logged in. */
	bool logged_in;
	char user[64];
	char name[128];
	enum role role;
	unsigned topics;        /* bit per enum topic */
	bool chinese;           /* refusals in Chinese: login's lang "zh_CN" */
	char resume_hash[65];   /* the resume token it was given, hashed; logout revokes it */

	int in_flight;          /* requests not answered yet */
	int refs;               /* requests holding this struct */
	bool gone;              /* socket closed: free when refs reach 0 */
	bool draining;          /* close when in_flight reaches 0 */
	/* Output queued to it, as counted into srv->output_total by its
	 * output buffer's callback (net.c). */
	size_t queued;
	struct evbuffer_cb_entry *queued_cb;
	/* Plain TCP: its output is written by net.c at the end of the loop's
	 * turn (srv->to_flush), not by a write event. to_flush: on the list. */
	bool direct;
	bool to_flush;
	TAILQ_ENTRY(client) flush_link;
};
TAILQ_HEAD(client_list, client);

struct server {
	struct event_base *base;
	struct config cfg;
	struct evconnlistener *listener;
	void *tls_ctx;                  /* SSL_CTX *, NULL for plain TCP */
	struct client_list clients;
	int nclients;
	/* The clients not logged in yet, oldest first, and the timer that
	 * closes them at --login-timeout (net.c). */
	struct client_list awaiting_login;
	struct event *ev_login_deadline;
	uint64_t next_client_id, next_request_id;
	struct db *db;
	struct db *report_db;            /* --report-db; NULL: none */
	struct hasher *hasher;
	struct ratelimit *login_failures_user, *login_failures_addr;
	struct push *push;
	struct sweeper *sweeper;
	struct notifier *notifier;       /* NULL: no transport configured */
	struct exporter *exporter;       /* report.export's worker (server/export.h) */
	struct policy *policy;
	struct metrics *metrics;         /* NULL: no --metrics-listen, nothing counted */
	struct sdnotify *sdnotify;       /* NULL: not run by systemd (server/sdnotify.h) */
	bool stopping;
	/* Output queued to all clients (each one's `queued`), and the event
	 * that cuts the largest queues once it passes --max-output-total. */
	size_t output_total;
	struct event *ev_output_cut;
	/* The clients given output this turn of the loop, and the event that
	 * writes it at the turn's end (net.c, Writing). */
	struct client_list to_flush;
	struct event *ev_flush;
	/* --proxy-protocol: connections still waiting for their header (net.c). */
	TAILQ_HEAD(proxy_wait_list, proxy_wait) proxy_waits;
	struct event *ev_sigterm, *ev_sigint, *ev_drain_deadline, *ev_sighup;
};

struct op_entry;

/* One request from a client, alive until it is answered. */
struct request {
	struct server *srv;
	struct client *client;
	uint64_t reqid;                 /* for logs */
	bool has_id;
	int64_t id;
	const struct op_entry *op;
	int op_index;                   /* op's place in the op table; -1: none */
	/* Where its statements go: srv->report_db for an OP_REPORT op when
	 * the daemon has one, else srv->db (ops.c decides, nowhere else). */
	struct db *db;
	struct proto_request msg;       /* owns args */
	const cJSON *args;
	struct timespec started;
	void *state;                    /* the handler's own, freed by it */
	struct {                        /* request_query_page's and _cell's */
		const struct db_statement *stmt;
		const char *key;
		int limit;
	} page;
	/* Set when the request runs on behalf of another (report.export runs
	 * a report op this way): request_reply and request_fail hand it the
	 * result (owned) or the error instead of answering the client, and it
	 * frees the request. Only ops answered through those two (and
	 * request_reply_cell) may run so: not a page of request_reply_rows. */
	void (*answered)(struct request *req, cJSON *result,
	    const struct proto_error *err);
};

/* Answers and frees the request. result is consumed (NULL for {}). */
void request_reply(struct request *req, cJSON *result);
void request_fail(struct request *req, const struct proto_error *err);
/* Shorthand for request_fail with a fresh error. */
void request_failf(struct request *req, enum proto_code code,
    const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* session.c: ends the sessions of user login on this daemon that a change
 * to the user voids: every one for reason "deactivated"; for
 * "role_changed", those of another role than role (one logged in since,
 * with the new role, stays). Each client is told with the push
 * session.ended {reason}; its connection stays open, without a session. */
void session_end_user(struct server *srv, const char *login,
    const char *reason, const char *role);
/* session.c: the connection's session begins (session.login and
 * session.resume): the client takes user and role, and the answer is the
 * user, with the resume token when one was stored (token_hash, kept for
 * logout). */
void session_open(struct request *req, const char *user, const char *name,
    enum role role, const char *department, const char *token,
    const char *token_hash);
/* session.c: the connection's language from the request's `lang`. */
bool session_language(struct request *req, struct proto_error *err);
/* session.c: checks every session open against its user in the database
 * and ends those whose user is no longer active or has another role (after
 * a sessions.end may have been missed). */
void session_recheck(struct server *srv);

/* net.c */
bool net_listen(struct server *srv);
/* (Re)loads cfg's TLS certificate and key for the connections to come;
 * false (logged) keeps the one in use. */
bool net_tls_load(struct server *srv);
void net_send_line(struct client *c, const char *line, size_t len);
/* The same for a malloc'd line the client's output takes over (no copy). */
void net_send_owned(struct client *c, char *line, size_t len);
/* The same without masking (server/privacy.h): only for a line already
 * masked, or the answer of an op flagged OP_WHOLE_PHONES. */
void net_send_owned_whole(struct client *c, char *line, size_t len);
void net_client_release(struct client *c);
/* The client's first session began: the login timeout no longer applies. */
void net_client_logged_in(struct client *c);
void net_drain(struct server *srv);   /* stop accepting, close when done */
/* Closes the connections still waiting for their PROXY header. */
void net_close_waiting(struct server *srv);
/* Sends a push once to every logged-in client subscribed to anything. */
void net_broadcast_subscribers(struct server *srv, const char *event,
    const cJSON *data);
/* Sends a push to every logged-in client subscribed to topic that `visible`
 * accepts (NULL: all). */
void net_broadcast(struct server *srv, enum topic topic, const char *event,
    const cJSON *data, bool (*visible)(const struct client *, const cJSON *));

#endif
