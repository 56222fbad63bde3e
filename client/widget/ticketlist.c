/*
 * widget/ticketlist.c: a live ticket list; see widget/ticketlist.h.
 */
#include "client/widget/ticketlist.h"
#include "client/screen/screens.h"

#include <stdio.h>
#include <string.h>

#define PAGE_LIMIT 100
#define MAX_PAGES 20
#define NEAR_SECS 3600
#define MIN_FLEX 16

static const char *const col_titles[] = {
	[COL_NO] = N_("No."), [COL_STATE] = N_("State"), [COL_CLASS] = N_("Class"),
	[COL_REGION] = N_("Region"), [COL_CUSTOMER] = N_("Customer"),
	[COL_PHONE] = N_("Phone"), [COL_ADDRESS] = N_("Address"),
	[COL_FAULT] = N_("Fault"), [COL_TECH] = N_("Technician"),
	[COL_APPOINTMENT] = N_("Appointment"), [COL_DUE] = N_("Due"),
};

static bool
is_current(const struct app *a, const struct ui_list *l)
{
	return a->view == l->view;
}

/* The order depends on the day: yesterday's undispatched tickets go
 * first, today's appointments first. */
static void
sort_rows(struct app *a, struct ui_list *l, struct ticket_set *s)
{
	l->sorted_day = ui_server_day_start(a);
	if (l->daemon_order)
		return;
	if (l->today_first)
		tickets_sort_today_first(s, l->sorted_day);
	else
		tickets_sort(s, l->sorted_day);
}

/* Finds the selected ticket again after the rows changed. */
static void
reselect(struct ui_list *l)
{
	for (size_t i = 0; l->sel_no[0] && i < l->set.len; i++)
		if (strcmp(l->set.rows[i].no, l->sel_no) == 0) {
			l->sel = i;
			return;
		}
	if (l->sel >= l->set.len)
		l->sel = l->set.len ? l->set.len - 1 : 0;
	if (l->set.len)
		ui_copy(l->sel_no, sizeof l->sel_no, l->set.rows[l->sel].no);
}

static void
select_row(struct ui_list *l, size_t i)
{
	if (l->set.len == 0)
		return;
	l->sel = i >= l->set.len ? l->set.len - 1 : i;
	ui_copy(l->sel_no, sizeof l->sel_no, l->set.rows[l->sel].no);
}

const struct ticket_row *
list_selected(const struct ui_list *l)
{
	return l->sel < l->set.len ? &l->set.rows[l->sel] : NULL;
}

static void
request_page(struct app *a, struct ui_list *l, const cJSON *after)
{
	cJSON *args = cJSON_CreateObject();

	cJSON_AddStringToObject(args, "queue", l->queue);
	if (l->region != NULL)
		cJSON_AddStringToObject(args, "region", l->region);
	cJSON_AddNumberToObject(args, "limit", PAGE_LIMIT);
	if (after != NULL)
		cJSON_AddItemToObject(args, "after", cJSON_Duplicate(after, true));
	l->list_id = net_send(a, "ticket.list", args);
}

void
list_load(struct app *a, struct ui_list *l)
{
	tickets_clear(&l->fresh);
	tickets_clear(&l->gone);
	l->pages = 0;
	l->loading = true;
	l->stale = false;
	request_page(a, l, NULL);
	if (l->list_id <= 0) {
		l->loading = false;
		l->stale = true;
	}
}

void
list_open(struct app *a, struct ui_list *l)
{
	if (a->logged_in && (l->stale || (!l->loaded && !l->loading)))
		list_load(a, l);
}

/* A fresh row loses to a push that was newer, or that took it out. */
static void
merge_pushed(struct ui_list *l)
{
	struct ticket_row *old, *gone;

	for (size_t i = 0; i < l->fresh.len;) {
		struct ticket_row *r = &l->fresh.rows[i];
		old = tickets_find(&l->set, r->no);
		gone = tickets_find(&l->gone, r->no);
		if (gone != NULL && gone->version >= r->version) {
			tickets_remove(&l->fresh, gone->no);
			continue;
		}
		if (old != NULL && old->version > r->version)
			*r = *old;
		i++;
	}
}

/* The reload is complete: its rows replace the shown ones. */
static void
finish_load(struct app *a, struct ui_list *l)
{
	merge_pushed(l);
	tickets_clear(&l->set);
	tickets_clear(&l->gone);
	l->set = l->fresh;
	memset(&l->fresh, 0, sizeof l->fresh);
	sort_rows(a, l, &l->set);
	reselect(l);
	l->loading = false;
	l->loaded = true;
}

static void
list_failed(struct app *a, struct ui_list *l, const cJSON *msg)
{
	char text[512];

	l->loading = false;
	l->stale = true;
	tickets_clear(&l->fresh);
	if (strcmp(reply_code(msg), "unknown_op") == 0) {
		l->unsupported = l->loaded = true;
		l->stale = false;
		return;
	}
	net_error_text(msg, text, sizeof text);
	ui_message(a, true, _("Cannot load the queue: %s"), text);
}

static void
on_page(struct app *a, struct ui_list *l, const cJSON *msg)
{
	const cJSON *r = reply_result(msg), *next;

	l->list_id = 0;
	if (!reply_ok(msg)) {
		list_failed(a, l, msg);
		return;
	}
	l->unsupported = false;
	tickets_add_array(&l->fresh, cJSON_GetObjectItemCaseSensitive(r, "tickets"));
	next = cJSON_GetObjectItemCaseSensitive(r, "next");
	if (cJSON_IsString(next) && ++l->pages < MAX_PAGES) {
		request_page(a, l, next);
		if (l->list_id != 0)  /* sent, or the connection dropped */
			return;
	}
	finish_load(a, l);
}

/* Puts a pushed ticket into a set, or takes it out when it left. */
static void
apply(struct ticket_set *s, struct ticket_set *gone, const struct ticket_row *r,
    bool in)
{
	struct ticket_row *old = tickets_find(s, r->no);

	if (in)
		tickets_upsert(s, r);
	else if (old != NULL && old->version <= r->version)
		tickets_remove(s, r->no);
	if (!in && gone != NULL)
		tickets_upsert(gone, r);
}

static void
on_changed(struct app *a, struct ui_list *l, const cJSON *data)
{
	struct ticket_row r;
	bool in;

	if (!tickets_parse(data, &r))
		return;
	in = tickets_in_queue(&r, l->queue, l->region, a->user);
	apply(&l->set, NULL, &r, in);
	if (l->loading)
		apply(&l->fresh, &l->gone, &r, in);
	sort_rows(a, l, &l->set);
	reselect(l);
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

/* Marks the row overdue; the current view says so (a technician only for
 * their own tickets: the daemon tells every subscriber of every ticket). */
static void
on_breach(struct app *a, struct ui_list *l, const cJSON *data)
{
	const char *no = ui_jstr(data, "no");
	struct ticket_row *r = no[0] ? tickets_find(&l->set, no) : NULL;
	bool mine = r != NULL;

	if (r != NULL)
		r->overdue = true;
	if ((r = no[0] ? tickets_find(&l->fresh, no) : NULL) != NULL)
		r->overdue = true;
	if (no[0] && is_current(a, l) && (mine || strcmp(a->role, "technician") != 0))
		ui_message(a, true, _("Deadline passed: %s (%s)"), no,
		    breach_kind(ui_jstr(data, "kind")));
}

bool
list_message(struct app *a, struct ui_list *l, const cJSON *msg)
{
	int64_t id = ui_jint(msg, "id", -1);
	const char *ev = ui_jstr(msg, "event");
	const cJSON *data = cJSON_GetObjectItemCaseSensitive(msg, "data");

	if (id > 0 && id == l->list_id)
		on_page(a, l, msg);
	else if (id > 0)
		return false;
	else if (strcmp(ev, "ticket.changed") == 0 && (l->loaded || l->loading))
		on_changed(a, l, data);
	else if (strcmp(ev, "sla.breach") == 0)
		on_breach(a, l, data);
	else
		return false;
	a->dirty = true;
	return id > 0;
}

void
list_session(struct app *a, struct ui_list *l, enum ui_session_event ev)
{
	if (ev == UI_LOGGED_IN || ev == UI_RESYNC) {
		l->stale = true;
		if (is_current(a, l))
			list_load(a, l);
	} else if (ev == UI_DISCONNECTED) {
		l->list_id = 0;
		l->loading = false;
		l->stale = true;
		tickets_clear(&l->fresh);
		tickets_clear(&l->gone);
	} else if (ev == UI_LOGGED_OUT) {
		tickets_clear(&l->set);
		l->loaded = l->unsupported = false;
		l->sel = l->top = 0;
		l->sel_no[0] = '\0';
	}
}

/* Moves the selection by delta rows (clamped). */
static void
move_by(struct ui_list *l, long delta)
{
	long i = (long)l->sel + delta;

	select_row(l, i < 0 ? 0 : (size_t)i);
}

unsigned
list_key(struct ui_list *l, int type, wint_t key)
{
	long page = l->visible > 1 ? l->visible - 1 : 1;

	if (type == OK && (key == 'k' || key == 'j'))
		move_by(l, key == 'k' ? -1 : 1);
	else if (type != KEY_CODE_YES)
		return 0;
	else if (key == KEY_UP || key == KEY_DOWN)
		move_by(l, key == KEY_UP ? -1 : 1);
	else if (key == KEY_PPAGE || key == KEY_NPAGE)
		move_by(l, key == KEY_PPAGE ? -page : page);
	else if (key == KEY_HOME || key == KEY_END)
		select_row(l, key == KEY_HOME ? 0 : l->set.len);
	else
		return 0;
	return UI_HANDLED | UI_REDRAW;
}

const char *
list_status(const struct ui_list *l)
{
	if (l->loading)
		return _("Loading...");
	if (l->unsupported)
		return _("(the server cannot list tickets yet; showing live changes)");
	return "";
}

/* Column widths for the screen width: the flexible column takes the rest;
 * optional columns go, last first, when it would get too little. */
static void
layout(const struct ui_list *l, int *w)
{
	int rest = COLS - 1 - l->ncols, flex = -1;

	for (int i = 0; i < l->ncols; i++) {
		w[i] = l->cols[i].width;
		rest -= w[i];
		if (w[i] == 0)
			flex = i;
	}
	for (int i = l->ncols - 1; i >= 0 && rest < MIN_FLEX; i--)
		if (l->cols[i].optional) {
			rest += w[i] + 1;
			w[i] = -1;
		}
	if (flex >= 0)
		w[flex] = rest > 8 ? rest : 8;
}

/* Draws one line of cells; the due column is right-aligned. */
static void
draw_cells(const struct ui_list *l, int y, const int *w, const char *const *cells)
{
	int x = 1, cw;

	mvaddch(y, 0, ' ');
	for (int i = 0; i < l->ncols && x < COLS; i++) {
		if (w[i] < 0)
			continue;
		cw = x + w[i] > COLS ? COLS - x : w[i];
		if (l->cols[i].col == COL_DUE)
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
	else if (tickets_near(r, now, NEAR_SECS))
		at = ui_attr(a, UI_C_NEAR);
	return sel ? at | A_REVERSE : at;
}

/* The text of one cell; buf holds what has to be formatted. */
static const char *
cell(struct app *a, const struct ticket_row *r, enum list_col c, time_t now,
    char *buf, size_t len)
{
	time_t due;

	switch (c) {
	case COL_NO: return r->no;
	case COL_STATE: return label_ticket_state(r->state);
	case COL_CLASS: return r->service_class;
	case COL_REGION: return label_region(r->region);
	case COL_CUSTOMER: return r->customer;
	case COL_PHONE: return r->phone;
	case COL_ADDRESS: return r->address;
	case COL_FAULT: return r->fault;
	case COL_TECH: return r->technician;
	case COL_APPOINTMENT:
		ui_show_time(a, r->has_appointment ? r->appointment : 0, true, buf, len);
		return buf;
	case COL_DUE:
		if (!tickets_running_due(r, &due))
			return "-";
		ui_countdown((long)(due - now), buf, len);
		return buf;
	}
	return "";
}

static void
draw_row(struct app *a, struct ui_list *l, int y, const int *w, size_t i,
    time_t now)
{
	const struct ticket_row *r = &l->set.rows[i];
	char bufs[16][48];
	const char *cells[16];

	for (int c = 0; c < l->ncols && c < 16; c++)
		cells[c] = cell(a, r, l->cols[c].col, now, bufs[c], sizeof bufs[0]);
	attrset(row_attr(a, r, now, i == l->sel));
	draw_cells(l, y, w, cells);
	attrset(A_NORMAL);
}

static void
draw_header(const struct ui_list *l, int y, const int *w)
{
	const char *cells[16];

	for (int i = 0; i < l->ncols && i < 16; i++)
		cells[i] = _(col_titles[l->cols[i].col]);
	attrset(A_BOLD | A_UNDERLINE);
	draw_cells(l, y, w, cells);
	attrset(A_NORMAL);
}

/* Keeps the selection inside the visible rows. */
static void
scroll_to_selection(struct ui_list *l)
{
	size_t vis = l->visible > 0 ? (size_t)l->visible : 1;

	if (l->sel < l->top)
		l->top = l->sel;
	if (l->sel >= l->top + vis)
		l->top = l->sel - vis + 1;
	if (l->top + vis > l->set.len)
		l->top = l->set.len > vis ? l->set.len - vis : 0;
}

void
list_draw(struct app *a, struct ui_list *l, int top, int rows)
{
	int w[16];
	time_t now = net_server_now(a);
	const char *empty;

	if (ui_server_day_start(a) != l->sorted_day) {   /* a new day */
		sort_rows(a, l, &l->set);
		reselect(l);
	}
	layout(l, w);
	draw_header(l, top, w);
	l->visible = rows - 1;
	if (l->set.len == 0) {
		empty = !l->loaded && l->loading ? _("Loading...") : _("No tickets");
		ui_put(top + 2, (COLS - ui_text_width(empty)) / 2, COLS / 2, empty);
		return;
	}
	scroll_to_selection(l);
	for (int i = 0; i < l->visible && l->top + (size_t)i < l->set.len; i++)
		draw_row(a, l, top + 1 + i, w, l->top + (size_t)i, now);
}
