/*
 * ui_queue.c: the queue view, the first screen after login.
 *
 * Subscribes to tickets, complaints and sla pushes and loads ticket.list
 * (queue "all", following the `next` cursor for a few pages). Shows a table
 * sorted by deadline with a live countdown; overdue rows in red, rows due
 * within the hour in yellow. A ticket.changed push replaces or inserts its
 * row at once; sla.breach marks the row overdue.
 */
#include "client/ui_tickets.h"

#include <stdio.h>
#include <string.h>

#define PAGE_LIMIT 100
#define MAX_PAGES 20
#define NEAR_SECS 3600
#define MAX_GETS 16

static struct {
	struct ticket_set set;    /* the rows shown */
	struct ticket_set fresh;  /* rows of a reload in progress */
	bool loading, loaded, unsupported;
	int64_t sub_id, list_id;
	int64_t get_ids[MAX_GETS];  /* ticket.get for pushes too big to carry */
	int pages;
	size_t sel, top;
	char sel_no[24];
	int visible;
} Q;

static const struct ui_help queue_help[] = {
	{ N_("Up/Down"), N_("Move the selection") },
	{ N_("PgUp/PgDn"), N_("Move by a page") },
	{ N_("Home/End"), N_("First or last ticket") },
	{ N_("q"), N_("Quit") },
	{ NULL, NULL }
};

/* Finds the selected ticket again after the rows changed. */
static void
reselect(void)
{
	for (size_t i = 0; Q.sel_no[0] && i < Q.set.len; i++)
		if (strcmp(Q.set.rows[i].no, Q.sel_no) == 0) {
			Q.sel = i;
			return;
		}
	if (Q.sel >= Q.set.len)
		Q.sel = Q.set.len ? Q.set.len - 1 : 0;
	if (Q.set.len)
		ui_copy(Q.sel_no, sizeof Q.sel_no, Q.set.rows[Q.sel].no);
}

static void
select_row(size_t i)
{
	if (Q.set.len == 0)
		return;
	Q.sel = i >= Q.set.len ? Q.set.len - 1 : i;
	ui_copy(Q.sel_no, sizeof Q.sel_no, Q.set.rows[Q.sel].no);
}

static void
request_page(struct app *a, const cJSON *after)
{
	cJSON *args = cJSON_CreateObject();

	cJSON_AddStringToObject(args, "queue", "all");
	cJSON_AddNumberToObject(args, "limit", PAGE_LIMIT);
	if (after != NULL)
		cJSON_AddItemToObject(args, "after", cJSON_Duplicate(after, true));
	Q.list_id = net_send(a, "ticket.list", args);
}

static void
queue_load(struct app *a)
{
	tickets_clear(&Q.fresh);
	Q.pages = 0;
	Q.loading = true;
	request_page(a, NULL);
	if (Q.list_id <= 0)
		Q.loading = false;
}

/* The reload is complete: its rows replace the shown ones, except where
 * a push already brought a newer version. */
static void
finish_load(void)
{
	for (size_t i = 0; i < Q.fresh.len; i++) {
		struct ticket_row *old = tickets_find(&Q.set, Q.fresh.rows[i].no);
		if (old != NULL && old->version > Q.fresh.rows[i].version)
			Q.fresh.rows[i] = *old;
	}
	tickets_clear(&Q.set);
	Q.set = Q.fresh;
	memset(&Q.fresh, 0, sizeof Q.fresh);
	tickets_sort(&Q.set);
	reselect();
	Q.loading = false;
	Q.loaded = true;
}

static void
list_failed(struct app *a, const cJSON *msg)
{
	char text[512];

	Q.loading = false;
	tickets_clear(&Q.fresh);
	if (strcmp(reply_code(msg), "unknown_op") == 0) {
		Q.unsupported = Q.loaded = true;
		return;
	}
	net_error_text(msg, text, sizeof text);
	ui_message(a, true, _("Cannot load the queue: %s"), text);
}

static void
on_list(struct app *a, const cJSON *msg)
{
	const cJSON *r = reply_result(msg), *next;

	Q.list_id = 0;
	if (!reply_ok(msg)) {
		list_failed(a, msg);
		return;
	}
	Q.unsupported = false;
	tickets_add_array(&Q.fresh, cJSON_GetObjectItemCaseSensitive(r, "tickets"));
	next = cJSON_GetObjectItemCaseSensitive(r, "next");
	if (next != NULL && !cJSON_IsNull(next) && ++Q.pages < MAX_PAGES) {
		request_page(a, next);
		if (Q.list_id != 0)  /* sent, or the connection dropped */
			return;
	}
	finish_load();
}

/* A push too big for NOTIFY carries only {"no", "partial": true}: fetch
 * the ticket (ticket.get) and show it when it comes. */
static void
fetch_ticket(struct app *a, const char *no)
{
	cJSON *args;

	for (size_t i = 0; i < MAX_GETS; i++)
		if (Q.get_ids[i] <= 0) {
			args = cJSON_CreateObject();
			cJSON_AddStringToObject(args, "no", no);
			Q.get_ids[i] = net_send(a, "ticket.get", args);
			return;
		}
}

/* True (and forgets it) when id is one of our ticket.get requests. */
static bool
take_get(int64_t id)
{
	for (size_t i = 0; id > 0 && i < MAX_GETS; i++)
		if (Q.get_ids[i] == id) {
			Q.get_ids[i] = 0;
			return true;
		}
	return false;
}

static void
on_changed(struct app *a, const cJSON *data)
{
	struct ticket_row r;

	if (ui_jbool(data, "partial")) {
		if (ui_jstr(data, "no")[0])
			fetch_ticket(a, ui_jstr(data, "no"));
		return;
	}
	if (!tickets_parse(data, &r))
		return;
	tickets_upsert(&Q.set, &r);
	if (Q.loading)
		tickets_upsert(&Q.fresh, &r);
	tickets_sort(&Q.set);
	reselect();
}

/* ticket.get answers {ticket..., events} or {"ticket": {...}, "events"}. */
static void
on_got(struct app *a, const cJSON *msg)
{
	const cJSON *r = reply_result(msg);
	const cJSON *t = cJSON_GetObjectItemCaseSensitive(r, "ticket");

	if (reply_ok(msg))
		on_changed(a, cJSON_IsObject(t) ? t : r);
}

/* The translated name of an sla.breach kind (unknown kinds as they come). */
static const char *
breach_kind(const char *kind)
{
	static const char *const kinds[][2] = {
		{ "reply", N_("reply deadline") },
		{ "arrival", N_("arrival deadline") },
		{ "stage", N_("stage deadline") },
		{ "close", N_("closing deadline") },
	};

	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (strcmp(kind, kinds[i][0]) == 0)
			return _(kinds[i][1]);
	return kind;
}

static void
on_breach(struct app *a, const cJSON *data)
{
	const char *no = ui_jstr(data, "no");
	struct ticket_row *r = no[0] ? tickets_find(&Q.set, no) : NULL;

	if (r != NULL)
		r->overdue = true;
	if ((r = no[0] ? tickets_find(&Q.fresh, no) : NULL) != NULL)
		r->overdue = true;
	if (no[0])
		ui_message(a, true, _("Deadline passed: %s (%s)"), no,
		    breach_kind(ui_jstr(data, "kind")));
}

static bool
queue_message(struct app *a, const cJSON *msg)
{
	int64_t id = ui_jint(msg, "id", -1);
	const char *ev = ui_jstr(msg, "event");
	const cJSON *data = cJSON_GetObjectItemCaseSensitive(msg, "data");

	if (id > 0 && id == Q.list_id)
		on_list(a, msg);
	else if (id > 0 && id == Q.sub_id) {
		Q.sub_id = 0;
		return reply_ok(msg) ? true : false;
	} else if (take_get(id))
		on_got(a, msg);
	else if (strcmp(ev, "ticket.changed") == 0)
		on_changed(a, data);
	else if (strcmp(ev, "sla.breach") == 0)
		on_breach(a, data);
	else
		return false;
	a->dirty = true;
	return true;
}

static void
queue_session(struct app *a, enum ui_session_event ev)
{
	cJSON *args, *topics;

	if (ev == UI_LOGGED_IN) {
		args = cJSON_CreateObject();
		topics = cJSON_AddArrayToObject(args, "topics");
		cJSON_AddItemToArray(topics, cJSON_CreateString("tickets"));
		cJSON_AddItemToArray(topics, cJSON_CreateString("complaints"));
		cJSON_AddItemToArray(topics, cJSON_CreateString("sla"));
		Q.sub_id = net_send(a, "subscribe", args);
		queue_load(a);
	} else if (ev == UI_DISCONNECTED) {
		Q.sub_id = Q.list_id = 0;
		memset(Q.get_ids, 0, sizeof Q.get_ids);
		Q.loading = false;
		tickets_clear(&Q.fresh);
	} else if (ev == UI_LOGGED_OUT) {
		tickets_clear(&Q.set);
		Q.loaded = Q.unsupported = false;
		Q.sel = Q.top = 0;
		Q.sel_no[0] = '\0';
	}
}

enum { C_NO, C_STATE, C_CLASS, C_CUSTOMER, C_FAULT, C_TECH, C_DUE, C_COUNT };

static const char *const col_titles[C_COUNT] = {
	N_("No."), N_("State"), N_("Class"), N_("Customer"), N_("Fault"),
	N_("Technician"), N_("Due"),
};

/* Column widths for the screen width; the fault column takes the rest and
 * the technician column goes when the screen is narrow. */
static void
layout(int *w)
{
	static const int fixed[C_COUNT] = { 12, 10, 5, 16, 0, 12, 8 };
	int rest = COLS - 1 - C_COUNT;

	for (int i = 0; i < C_COUNT; i++)
		rest -= (w[i] = fixed[i]);
	if (rest < 16) {
		rest += w[C_TECH] + 1;
		w[C_TECH] = -1;
	}
	w[C_FAULT] = rest > 8 ? rest : 8;
}

/* Draws one line of cells; the last (due) column is right-aligned. */
static void
draw_cells(int y, const int *w, const char *const *cells)
{
	int x = 1;

	mvaddch(y, 0, ' ');
	for (int i = 0; i < C_COUNT && x < COLS; i++) {
		if (w[i] < 0)
			continue;
		int cw = x + w[i] > COLS ? COLS - x : w[i];
		if (i == C_DUE)
			ui_put(y, x, cw, ""), ui_put_right(y, x, cw, cells[i]);
		else
			ui_put(y, x, cw, cells[i]);
		x += cw;
		if (x < COLS)
			ui_put(y, x++, 1, "");
	}
	if (x < COLS)
		ui_put(y, x, COLS - x, "");
}

static attr_t
row_attr(struct app *a, const struct ticket_row *r, time_t now, bool sel)
{
	attr_t at = A_NORMAL;

	if (tickets_overdue(r, now))
		at = ui_attr(a, UI_C_OVERDUE);
	else if (r->has_due && r->due - now < NEAR_SECS)
		at = ui_attr(a, UI_C_NEAR);
	return sel ? at | A_REVERSE : at;
}

static void
draw_row(struct app *a, int y, const int *w, size_t i, time_t now)
{
	const struct ticket_row *r = &Q.set.rows[i];
	char due[32] = "-";
	const char *cells[C_COUNT];

	if (r->has_due)
		ui_countdown((long)(r->due - now), due, sizeof due);
	cells[C_NO] = r->no;
	cells[C_STATE] = tickets_state_label(r->state);
	cells[C_CLASS] = r->service_class;
	cells[C_CUSTOMER] = r->customer;
	cells[C_FAULT] = r->fault;
	cells[C_TECH] = r->technician;
	cells[C_DUE] = due;
	attrset(row_attr(a, r, now, i == Q.sel));
	draw_cells(y, w, cells);
	attrset(A_NORMAL);
}

static void
draw_title(struct app *a, int y)
{
	char left[256];
	const char *right = "";

	snprintf(left, sizeof left, ngettext("All tickets: %zu ticket, by deadline",
	    "All tickets: %zu tickets, by deadline", Q.set.len), Q.set.len);
	if (Q.loading)
		right = _("Loading...");
	else if (Q.unsupported)
		right = _("(the server cannot list tickets yet; showing live changes)");
	attrset(ui_attr(a, UI_C_TITLE));
	ui_put(y, 1, COLS - 1, left);
	attrset(A_NORMAL);
	ui_put_right(y, COLS / 2, COLS - COLS / 2 - 1, right);
}

static void
draw_header(int y, const int *w)
{
	const char *cells[C_COUNT];

	for (int i = 0; i < C_COUNT; i++)
		cells[i] = _(col_titles[i]);
	attrset(A_BOLD | A_UNDERLINE);
	draw_cells(y, w, cells);
	attrset(A_NORMAL);
}

/* Keeps the selection inside the visible rows. */
static void
scroll_to_selection(void)
{
	size_t vis = Q.visible > 0 ? (size_t)Q.visible : 1;

	if (Q.sel < Q.top)
		Q.top = Q.sel;
	if (Q.sel >= Q.top + vis)
		Q.top = Q.sel - vis + 1;
	if (Q.top + vis > Q.set.len)
		Q.top = Q.set.len > vis ? Q.set.len - vis : 0;
}

static void
queue_draw(struct app *a, int top, int rows)
{
	int w[C_COUNT];
	time_t now = net_server_now(a);
	const char *empty;

	layout(w);
	draw_title(a, top);
	draw_header(top + 1, w);
	Q.visible = rows - 2;
	if (Q.set.len == 0) {
		empty = !Q.loaded && Q.loading ? _("Loading...") : _("No tickets");
		ui_put(top + 3, (COLS - ui_text_width(empty)) / 2, COLS / 2, empty);
		return;
	}
	scroll_to_selection();
	for (int i = 0; i < Q.visible && Q.top + (size_t)i < Q.set.len; i++)
		draw_row(a, top + 2 + i, w, Q.top + (size_t)i, now);
}

/* Moves the selection by delta rows (clamped). */
static void
move_by(long delta)
{
	long i = (long)Q.sel + delta;

	if (i < 0)
		i = 0;
	select_row((size_t)i);
}

static unsigned
queue_key(struct app *a, int type, wint_t key)
{
	long page = Q.visible > 1 ? Q.visible - 1 : 1;

	if (type == OK) {
		switch (key) {
		case 'q': a->quit = true; return UI_HANDLED;
		case 'k': move_by(-1); break;
		case 'j': move_by(1); break;
		default: return 0;
		}
		return UI_HANDLED | UI_REDRAW;
	}
	switch (key) {
	case KEY_UP: move_by(-1); break;
	case KEY_DOWN: move_by(1); break;
	case KEY_PPAGE: move_by(-page); break;
	case KEY_NPAGE: move_by(page); break;
	case KEY_HOME: select_row(0); break;
	case KEY_END: select_row(Q.set.len); break;
	case KEY_F(5): if (a->logged_in) queue_load(a); break;
	default: return 0;
	}
	return UI_HANDLED | UI_REDRAW;
}

const struct view_ops ui_queue_view = {
	.name = "queue",
	.title = N_("Ticket queue"),
	.draw = queue_draw,
	.key = queue_key,
	.on_message = queue_message,
	.on_session = queue_session,
	.help = queue_help,
};
