/*
 * ui/net.c: the terminal client's connection and session.
 *
 * Connects without waiting (conn_open_start, then a step at each turn of
 * the main loop; again every RETRY_MS after a drop or a failure), pings the
 * daemon for its clock, queues requests in the connection (written when the
 * socket takes them) and routes what comes back: a reply to the callback
 * its request was sent with (the pending table, as tmux's cmdq callbacks:
 * no screen matches request ids by hand), its own replies (ping, login,
 * subscribe) here, a push to every view. When the connection drops, every
 * callback still waiting is called once with no reply. After a login it
 * subscribes to the pushes and opens the role's first screen. A
 * ticket.changed push too large to carry the ticket is fetched with
 * ticket.get here and handed on whole; the `resync` pushes of one turn
 * become one UI_RESYNC. The session's credentials live only in memory;
 * after a reconnection they log in again by themselves: the resume token
 * the login was given (session.resume, no password hashing on the daemon;
 * the password is wiped once the token has come), or the password when
 * the daemon gives no token. A token refused is the login screen again.
 */
#include "client/ui/ui.h"

#include <stdlib.h>

#include <stdio.h>
#include <string.h>

#define RETRY_MS 1500
#define CONNECT_TIMEOUT_MS 5000
#define PING_EVERY_MS 30000
#define PING_TIMEOUT_MS 45000

struct net_pending {
	int64_t id;
	net_reply_fn fn;
	void *ctx;
};

static const struct { const char *code, *text; } error_texts[] = {
	{ "bad_request", N_("The server did not understand the request") },
	{ "unknown_op", N_("The server does not offer this operation") },
	{ "invalid_argument", N_("Invalid input") },
	{ "unauthenticated", N_("Not logged in") },
	{ "forbidden", N_("Your role may not do this") },
	{ "not_found", N_("Not found") },
	{ "conflict", N_("Someone else changed this record first") },
	{ "rate_limited", N_("Too many attempts; wait a moment and try again") },
	{ "unavailable", N_("The server's database is unavailable; try again") },
	{ "frame_too_large", N_("The message was too large") },
	{ "internal", N_("Internal error in the server") },
};

/* The socket to watch and what for; -1 when there is none. */
int
net_poll_fd(const struct app *a, short *events)
{
	const struct conn *c = a->conn != NULL ? a->conn : a->opening;

	if (c == NULL)
		return -1;
	*events = conn_events(c);
	return conn_fd(c);
}

time_t
net_server_now(const struct app *a)
{
	return time(NULL) + a->server_offset;
}

/* A conflict over something else than the record itself (a part short in
 * stock, a login taken) is told in the daemon's own words alone; one over
 * the record (no field, its "version", its "no": moved on meanwhile, or
 * its "request_key": made already) is "someone else changed it first",
 * then the daemon's words. */
static bool
explained_conflict(const cJSON *reply)
{
	const cJSON *err = cJSON_GetObjectItemCaseSensitive(reply, "error");
	const char *field = reply_field(reply);

	return strcmp(reply_code(reply), "conflict") == 0 && ui_jstr(err, "message")[0] &&
	    field[0] && strcmp(field, "version") != 0 && strcmp(field, "no") != 0 &&
	    strcmp(field, "request_key") != 0;
}

/* The translated description of an error reply's code. */
const char *
net_error_summary(const cJSON *reply)
{
	const char *code = reply_code(reply);

	if (explained_conflict(reply))
		return _("Not possible now");
	for (size_t i = 0; i < sizeof error_texts / sizeof error_texts[0]; i++)
		if (strcmp(code, error_texts[i].code) == 0)
			return _(error_texts[i].text);
	return _("Error");
}

/* "Description: the server's message" for an error reply. */
void
net_error_text(const cJSON *reply, char *buf, size_t len)
{
	const cJSON *err = cJSON_GetObjectItemCaseSensitive(reply, "error");
	const char *msg = ui_jstr(err, "message");

	if (explained_conflict(reply)) {
		snprintf(buf, len, "%s", msg);
		return;
	}
	/* Not the field's wire name: a form puts the refusal on the field
	 * itself, by its label (form_refused); elsewhere the words do. */
	snprintf(buf, len, "%s%s%s", net_error_summary(reply), msg[0] ? ": " : "",
	    msg);
}

/* Every request in flight is void: each callback hears so once (NULL). */
static void
pending_fail_all(struct app *a)
{
	struct net_pending *p = a->pending;
	size_t n = a->npending;

	a->pending = NULL;
	a->npending = a->cap_pending = 0;
	for (size_t i = 0; i < n; i++)
		if (p[i].fn != NULL)
			p[i].fn(a, p[i].ctx, NULL);
	free(p);
}

static bool
pending_add(struct app *a, int64_t id, net_reply_fn fn, void *ctx)
{
	struct net_pending *p;
	size_t cap = a->cap_pending ? a->cap_pending * 2 : 16;

	if (a->npending == a->cap_pending) {
		if ((p = realloc(a->pending, cap * sizeof *p)) == NULL)
			return false;
		a->pending = p;
		a->cap_pending = cap;
	}
	a->pending[a->npending++] = (struct net_pending){ id, fn, ctx };
	return true;
}

/* Takes the entry for id out of the table; false when there is none. */
static bool
pending_take(struct app *a, int64_t id, struct net_pending *out)
{
	for (size_t i = 0; i < a->npending; i++)
		if (a->pending[i].id == id) {
			*out = a->pending[i];
			a->pending[i] = a->pending[--a->npending];
			return true;
		}
	return false;
}

void
net_cancel(struct app *a, int64_t id)
{
	struct net_pending p;

	if (id > 0)
		pending_take(a, id, &p);
}

void
net_cancel_ctx(struct app *a, const void *ctx)
{
	for (size_t i = 0; i < a->npending;)
		if (a->pending[i].ctx == ctx)
			a->pending[i] = a->pending[--a->npending];
		else
			i++;
}

/* The connection dropped: forget it and every request in flight. */
static void
net_lost(struct app *a, const char *why)
{
	conn_close(a->conn);
	a->conn = NULL;
	a->ping_id = 0;
	a->logged_in = false;
	a->retry_at = ui_now_ms() + RETRY_MS / 2;
	if (a->login_id > 0 && !a->login_auto) {
		snprintf(a->login_error, sizeof a->login_error, "%s",
		    _("The connection dropped while logging in; try again"));
		a->login_detail[0] = '\0';
	}
	a->login_id = 0;
	a->sub_id = 0;
	if (a->dormant)
		a->retry_at = INT64_MAX;   /* until net_wake */
	if (a->close_reason[0])
		why = a->close_reason;
	ui_message(a, true, _("Disconnected from %s:%d: %s"), a->cfg.host,
	    a->cfg.port, why);
	a->close_reason[0] = '\0';
	pending_fail_all(a);
	ui_broadcast(a, UI_DISCONNECTED);
}

/* Queues op; the id, or -1 when not connected (the connection is dropped
 * when it cannot take the request). */
static int64_t
net_send(struct app *a, const char *op, cJSON *args)
{
	int64_t id;

	if (a->conn == NULL) {
		cJSON_Delete(args);
		return -1;
	}
	if ((id = conn_post(a->conn, op, args)) < 0)
		net_lost(a, _("cannot send"));
	return id;
}

int64_t
net_request(struct app *a, const char *op, cJSON *args, net_reply_fn on_reply,
    void *ctx)
{
	int64_t id = net_send(a, op, args);

	if (id > 0 && on_reply != NULL && !pending_add(a, id, on_reply, ctx))
		return -1;
	return id;
}


void
net_ping(struct app *a)
{
	if (a->conn == NULL)
		return;
	if (a->ping_id <= 0) {
		a->ping_sent = ui_now_ms();
		a->ping_id = net_send(a, "ping", NULL);
	}
	a->ping_at = ui_now_ms() + PING_EVERY_MS;
}

void
net_login(struct app *a, const char *user, const char *password,
    bool automatic)
{
	cJSON *args = cJSON_CreateObject();

	if (user != a->user)
		ui_copy(a->user, sizeof a->user, user);
	if (password != a->password)
		ui_copy(a->password, sizeof a->password, password);
	cJSON_AddStringToObject(args, "user", a->user);
	cJSON_AddStringToObject(args, "password", a->password);
	/* The daemon's refusals in the language this client shows. */
	/* TRANSLATORS: not words: the language of this catalog as the daemon
	 * knows it, "zh_CN" for Simplified Chinese. */
	cJSON_AddStringToObject(args, "lang", _("en"));
	a->login_auto = automatic;
	a->login_resume = false;
	a->login_error[0] = a->login_detail[0] = '\0';
	a->login_id = net_send(a, "session.login", args);
	a->dirty = true;
}

/* The session again from the token the last login gave (single use: the
 * answer brings the next one). */
static void
net_resume(struct app *a)
{
	cJSON *args = cJSON_CreateObject();

	cJSON_AddStringToObject(args, "token", a->resume_token);
	cJSON_AddStringToObject(args, "lang", _("en"));
	a->login_auto = a->login_resume = true;
	a->login_error[0] = a->login_detail[0] = '\0';
	a->login_id = net_send(a, "session.resume", args);
	a->dirty = true;
}

/* Why the connection could not be opened, into a->conn_error: a refused
 * certificate in this client's language, naming the reason; anything else
 * as the connection says it. */
static void
connect_failure(struct app *a, const struct conn *c)
{
	const char *why = conn_error(c);

	switch (conn_cert_problem(c)) {
	case CONN_CERT_EXPIRED:
		why = _("TLS: the server's certificate has expired");
		break;
	case CONN_CERT_NOT_YET_VALID:
		why = _("TLS: the server's certificate is not valid yet (is this computer's clock right?)");
		break;
	case CONN_CERT_SELF_SIGNED:
		why = _("TLS: the server's certificate is self-signed and not in this client's CA file (--ca)");
		break;
	case CONN_CERT_UNKNOWN_CA:
		why = _("TLS: the server's certificate is not signed by a CA this client trusts (--ca)");
		break;
	case CONN_CERT_WRONG_HOST:
		snprintf(a->conn_error, sizeof a->conn_error,
		    _("TLS: the server's certificate is for another host, not %s"), a->cfg.host);
		return;
	case CONN_CERT_OTHER:
	case CONN_CERT_NONE:
		break;
	}
	ui_copy(a->conn_error, sizeof a->conn_error, why);
}

/* The connection is up: say so, ping, and log in again when we had. */
static void
net_connected(struct app *a)
{
	a->conn_error[0] = '\0';
	ui_message(a, false, _("Connected to %s:%d%s"), a->cfg.host, a->cfg.port,
	    conn_is_tls(a->conn) ? _(" (TLS)") : "");
	ui_broadcast(a, UI_CONNECTED);
	net_ping(a);
	if (a->have_creds && a->conn != NULL && a->resume_token[0])
		net_resume(a);
	else if (a->have_creds && a->conn != NULL)
		net_login(a, a->user, a->password, true);
}

/* Takes the connection being opened a step further. */
static void
net_opening(struct app *a)
{
	switch (conn_open_poll(a->opening)) {
	case CONN_OPEN_PENDING:
		return;
	case CONN_OPEN_DONE:
		a->conn = a->opening;
		a->opening = NULL;
		net_connected(a);
		break;
	case CONN_OPEN_FAILED:
		connect_failure(a, a->opening);
		conn_close(a->opening);
		a->opening = NULL;
		a->retry_at = ui_now_ms() + RETRY_MS;
		ui_message(a, true, _("Cannot connect: %s"), a->conn_error);
		break;
	}
	a->dirty = true;
}

static void
net_connect(struct app *a)
{
	struct conn_options o = {
		.host = a->cfg.host, .port = a->cfg.port, .tls = a->cfg.tls,
		.ca_file = a->cfg.ca[0] ? a->cfg.ca : NULL,
		.timeout_ms = CONNECT_TIMEOUT_MS,
	};

	a->retry_at = ui_now_ms() + RETRY_MS;
	a->opening = conn_open_start(&o, a->conn_error, sizeof a->conn_error);
	a->dirty = true;
	if (a->opening == NULL)
		ui_message(a, true, _("Cannot connect: %s"), a->conn_error);
	else
		net_opening(a);
}

void
net_tick(struct app *a, int64_t now)
{
	if (a->opening != NULL) {
		net_opening(a);   /* for its timeout */
		return;
	}
	if (a->conn == NULL) {
		if (now >= a->retry_at)
			net_connect(a);
		return;
	}
	if (a->ping_id > 0 && now - a->ping_sent > PING_TIMEOUT_MS)
		net_lost(a, _("the server stopped answering"));
	else if (now >= a->ping_at)
		net_ping(a);
}

/* Milliseconds until net_tick has something to do. */
int
net_next_timer(const struct app *a, int64_t now)
{
	int64_t at = a->conn == NULL ? a->retry_at : a->ping_at;

	if (a->opening != NULL)
		return conn_open_wait_ms(a->opening);
	if (a->conn != NULL && a->ping_id > 0 && a->ping_sent + PING_TIMEOUT_MS < at)
		at = a->ping_sent + PING_TIMEOUT_MS;
	if (at - now > 60000)
		return 60000;
	return at <= now ? 0 : (int)(at - now);
}

static void
on_ping(struct app *a, const cJSON *msg)
{
	const cJSON *r = reply_result(msg);
	time_t t;
	int tz;

	a->ping_id = 0;
	if (!reply_ok(msg))
		return;
	if (ui_parse_time(ui_jstr(r, "server_time"), &t, &tz)) {
		a->server_offset = t - time(NULL);
		a->server_tz = tz;
		a->time_known = true;
	}
	ui_copy(a->server_version, sizeof a->server_version, ui_jstr(r, "version"));
}

/* The session's credentials are no longer good: forget them. */
static void
forget_session(struct app *a)
{
	op_rights_clear(a, &a->rights);
	ui_wipe(a->password, sizeof a->password);
	ui_wipe(a->resume_token, sizeof a->resume_token);
	a->have_creds = a->logged_in = false;
	a->name[0] = a->role[0] = a->department[0] = '\0';
}

static void
login_failed(struct app *a, const cJSON *msg, bool automatic)
{
	const cJSON *err = cJSON_GetObjectItemCaseSensitive(msg, "error");

	snprintf(a->login_error, sizeof a->login_error, "%s",
	    a->login_resume ? _("The session could not be resumed; log in again") :
	    strcmp(reply_code(msg), "unauthenticated") == 0 ?
	    _("Wrong user name or password") : net_error_summary(msg));
	snprintf(a->login_detail, sizeof a->login_detail, "%s [%s]",
	    ui_jstr(err, "message"), reply_code(msg));
	forget_session(a);
	if (automatic) {
		ui_broadcast(a, UI_LOGGED_OUT);
		ui_switch(a, ui_views[0]);
		ui_message(a, true, "%s", _("Automatic login failed; please log in again"));
	} else
		ui_broadcast(a, UI_LOGIN_FAILED);
}

/* Pushes for tickets, complaints and deadlines, for every view. */
static void
subscribe(struct app *a)
{
	cJSON *args = cJSON_CreateObject();
	cJSON *topics = cJSON_AddArrayToObject(args, "topics");

	cJSON_AddItemToArray(topics, cJSON_CreateString("tickets"));
	cJSON_AddItemToArray(topics, cJSON_CreateString("complaints"));
	cJSON_AddItemToArray(topics, cJSON_CreateString("sla"));
	a->sub_id = net_send(a, "subscribe", args);
}

static void
on_subscribed(struct app *a, const cJSON *msg)
{
	char text[512];

	a->sub_id = 0;
	if (reply_ok(msg))
		return;
	net_error_text(msg, text, sizeof text);
	ui_message(a, true, _("Live updates are off: %s"), text);
}

/* The token itself was refused (expired, revoked, used): not a database
 * down for a moment, after which the same token is tried again. */
static bool
resume_refused(const cJSON *msg)
{
	const char *code = reply_code(msg);

	return strcmp(code, "unavailable") != 0 && strcmp(code, "internal") != 0;
}

/* The token the answer brings replaces the password (and the token used)
 * in memory; without one, a password login keeps its password. */
static void
keep_resume_token(struct app *a, const cJSON *r)
{
	const char *token = ui_jstr(r, "resume_token");

	ui_wipe(a->resume_token, sizeof a->resume_token);
	if (!token[0])
		return;
	ui_copy(a->resume_token, sizeof a->resume_token, token);
	ui_wipe(a->password, sizeof a->password);
}

static void
on_login(struct app *a, const cJSON *msg)
{
	const cJSON *r = reply_result(msg);
	bool automatic = a->login_auto;

	a->login_id = 0;
	if (!reply_ok(msg) && a->login_resume && !resume_refused(msg)) {
		net_lost(a, net_error_summary(msg));   /* try again on a new connection */
		return;
	}
	if (!reply_ok(msg)) {
		login_failed(a, msg, automatic);
		return;
	}
	keep_resume_token(a, r);
	if (ui_jstr(r, "user")[0])
		ui_copy(a->user, sizeof a->user, ui_jstr(r, "user"));
	ui_copy(a->name, sizeof a->name, ui_jstr(r, "name"));
	ui_copy(a->role, sizeof a->role, ui_jstr(r, "role"));
	ui_copy(a->department, sizeof a->department, ui_jstr(r, "department"));
	a->have_creds = a->logged_in = true;
	a->login_error[0] = a->login_detail[0] = '\0';
	if (automatic)
		ui_message(a, false, _("Reconnected and logged in again as %s"), a->user);
	else
		ui_message(a, false, _("Logged in as %s"), a->user);
	subscribe(a);
	op_rights_clear(a, &a->rights);
	op_rights_fetch(a, &a->rights);
	ui_broadcast(a, UI_LOGGED_IN);
	if (a->view == ui_views[0])
		ui_switch(a, ui_home_view(a));
}

/* The daemon says it is about to close the connection (idle, not logged in
 * in time, shutdown); the client connects again by itself. */
static void
on_closed(struct app *a, const cJSON *msg)
{
	const char *reason = ui_jstr(cJSON_GetObjectItemCaseSensitive(msg, "data"),
	    "reason");

	snprintf(a->close_reason, sizeof a->close_reason,
	    _("the server closed the session (%s)"),
	    strcmp(reason, "idle") == 0 ? _("idle too long") :
	    strcmp(reason, "login_timeout") == 0 ? _("not logged in in time") : reason);
	a->dormant = strcmp(reason, "login_timeout") == 0 && !a->have_creds;
}

void
net_wake(struct app *a)
{
	if (!a->dormant)
		return;
	a->dormant = false;
	if (a->conn == NULL && a->opening == NULL)
		net_connect(a);
}

/* The daemon ended the session (an administrator deactivated the user or
 * changed their role): back to the login screen, saying why; the
 * credentials are forgotten so that nothing logs in again by itself. */
static void
on_ended(struct app *a, const cJSON *msg)
{
	const char *reason = ui_jstr(cJSON_GetObjectItemCaseSensitive(msg, "data"),
	    "reason");

	ui_copy(a->login_error, sizeof a->login_error,
	    strcmp(reason, "deactivated") == 0 ?
	    _("An administrator deactivated your login: the session has ended") :
	    _("An administrator changed your role: log in again"));
	a->login_detail[0] = '\0';
	forget_session(a);
	ui_broadcast(a, UI_LOGGED_OUT);
	ui_switch(a, ui_views[0]);
	ui_message(a, true, "%s", a->login_error);
}

/* The ticket a partial push named, fetched: handed on as if pushed. */
static void
on_fetched(struct app *a, void *ctx, const cJSON *reply)
{
	cJSON *t;

	(void)ctx;
	if (reply != NULL && reply_ok(reply) &&
	    (t = cJSON_Duplicate(reply_result(reply), true)) != NULL) {
		cJSON_DeleteItemFromObjectCaseSensitive(t, "events");
		ui_ticket_changed(a, t);
		cJSON_Delete(t);
	}
}

/* A push too big for NOTIFY carries only {"no", "partial": true}: fetch
 * the ticket and hand it on when it comes. */
static void
fetch_partial(struct app *a, const cJSON *data)
{
	cJSON *args;

	if (!ui_jbool(data, "partial") || !ui_jstr(data, "no")[0])
		return;
	args = cJSON_CreateObject();
	cJSON_AddStringToObject(args, "no", ui_jstr(data, "no"));
	net_request(a, "ticket.get", args, on_fetched, NULL);
}

/* Pushes that ui/net.c handles itself; true when msg was one. */
static bool
net_push(struct app *a, const cJSON *msg)
{
	const char *ev = ui_jstr(msg, "event");
	const cJSON *data = cJSON_GetObjectItemCaseSensitive(msg, "data");

	if (strcmp(ev, "session.closed") == 0)
		on_closed(a, msg);
	else if (strcmp(ev, "session.ended") == 0)
		on_ended(a, msg);
	else if (strcmp(ev, "resync") == 0)
		a->resync_pending = true;
	else if (strcmp(ev, "ticket.changed") == 0 && ui_jbool(data, "partial"))
		fetch_partial(a, data);
	else
		return false;
	return true;
}

static void
dispatch(struct app *a, const cJSON *msg)
{
	int64_t id = ui_jint(msg, "id", -1);
	struct net_pending p;
	char text[512];

	a->dirty = true;
	if (net_push(a, msg))
		return;
	if (id <= 0 && ui_jstr(msg, "event")[0]) {
		ui_deliver_push(a, msg);
		return;
	}
	if (id > 0 && pending_take(a, id, &p)) {
		p.fn(a, p.ctx, msg);
		return;
	}
	if (id > 0 && id == a->ping_id)
		on_ping(a, msg);
	else if (id > 0 && id == a->login_id)
		on_login(a, msg);
	else if (id > 0 && id == a->sub_id)
		on_subscribed(a, msg);
	else if (id > 0 && !reply_ok(msg)) {   /* a request whose asker went away */
		net_error_text(msg, text, sizeof text);
		ui_message(a, true, "%s", text);
	}
}

/* The socket is ready: go on opening, or write what waits and read. */
void
net_ready(struct app *a)
{
	bool ok;
	cJSON *msg;

	if (a->opening != NULL) {
		net_opening(a);
		return;
	}
	if (a->conn == NULL)
		return;
	ok = conn_flush(a->conn);
	ok = conn_read(a->conn) && ok;
	while (a->conn != NULL && (msg = conn_next(a->conn)) != NULL) {
		if (cJSON_IsObject(msg))
			dispatch(a, msg);
		cJSON_Delete(msg);
	}
	if (a->resync_pending && a->logged_in) {
		a->resync_pending = false;
		ui_message(a, false, "%s", _("The server may have missed changes: reloading"));
		ui_broadcast(a, UI_RESYNC);
	}
	if (a->conn != NULL && (!ok || conn_closed(a->conn)))
		net_lost(a, _("the connection was closed"));
}

void
net_shutdown(struct app *a)
{
	/* The token dies with this process: revoke it on the daemon too (best
	 * effort, written if the socket takes it at once). */
	if (a->conn != NULL && a->logged_in && a->resume_token[0])
		conn_post(a->conn, "session.logout", NULL);
	conn_close(a->conn);
	conn_close(a->opening);
	a->conn = a->opening = NULL;
	free(a->pending);
	a->pending = NULL;
	a->npending = a->cap_pending = 0;
	forget_session(a);
}
