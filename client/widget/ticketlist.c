/*
 * widget/ticketlist.c: a live ticket list; see widget/ticketlist.h. The
 * rows (a ticket_set in the queue's order) are this file's; what the
 * screen shows of them (filter, sort, selection, columns) is the table's.
 * Each change of the rows ends in table_refresh.
 */
#include "client/widget/ticketlist.h"

#include <stdio.h>
#include <string.h>

#define PAGE_LIMIT 100
#define MAX_PAGES 20
#define NEAR_SECS 3600

static const char *const col_titles[] = {
	[COL_NO] = N_("No."), [COL_STATE] = N_("State"), [COL_CLASS] = N_("Class"),
	[COL_REGION] = N_("Region"), [COL_CUSTOMER] = N_("Customer"),
	[COL_PHONE] = N_("Phone"), [COL_ADDRESS] = N_("Address"),
	[COL_FAULT] = N_("Fault"), [COL_TECH] = N_("Technician"),
	[COL_APPOINTMENT] = N_("Appointment"), [COL_DUE] = N_("Due"),
	[COL_ATTEMPTS] = N_("Tries"), [COL_CALLBACK] = N_("Call back"),
	[COL_CALLBACK_IN] = N_("In"),
};

static const struct table_source ticket_source;

/* The table over the rows, made the first time it is needed (the lists
 * of the screens not yet converted are static initializers); false while
 * the list is not set up (a view's state before its first enter). */
static bool
ready(struct ui_list *l)
{
	int n = l->ncols < LIST_MAX_COLS ? l->ncols : LIST_MAX_COLS;

	if (l->cols == NULL)
		return false;
	if (l->table.cols != NULL)
		return true;
	for (int i = 0; i < n; i++) {
		const struct list_column *c = &l->cols[i];
		l->tcols[i] = (struct table_column){ .title = col_titles[c->col],
			.width = c->width, .hide = tickets_countdown_col(c->col) ? 0 : c->hide,
			.right = tickets_countdown_col(c->col), .sortable = true };
	}
	table_init(&l->table, l->tcols, n, &ticket_source, l);
	return true;
}

void
list_init(struct ui_list *l, const struct view_ops *view, const char *queue,
    const struct list_column *cols, int ncols)
{
	l->view = view;
	l->queue = queue;
	l->cols = cols;
	l->ncols = ncols;
	ready(l);
}

void
list_free(struct app *a, struct ui_list *l)
{
	if (!ready(l))
		return;
	net_cancel(a, l->list_id);
	l->list_id = 0;
	tickets_clear(&l->set);
	tickets_clear(&l->fresh);
	tickets_clear(&l->gone);
	table_free(&l->table);
}

/* ---- what the table shows of a row */

static size_t
rows_count(const void *data)
{
	return ((const struct ui_list *)data)->set.len;
}

static const struct ticket_row *
row_at(const void *data, size_t i)
{
	return &((const struct ui_list *)data)->set.rows[i];
}

static enum list_col
col_kind(const void *data, int col)
{
	return ((const struct ui_list *)data)->cols[col].col;
}

static void
row_cell(const struct app *a, const void *data, size_t i, int col, char *buf,
    size_t len)
{
	const struct ticket_row *r = row_at(data, i);

	tickets_cell(a, r, col_kind(data, col), net_server_now(a), buf, len);
}

static void
row_key(const void *data, size_t i, char *buf, size_t len)
{
	ui_copy(buf, len, row_at(data, i)->no);
}

static attr_t
row_attr(const struct app *a, const void *data, size_t i)
{
	const struct ticket_row *r = row_at(data, i);
	time_t now = net_server_now(a);

	if (tickets_overdue(r, now))
		return ui_attr(a, UI_C_OVERDUE);
	if (tickets_near(r, now, NEAR_SECS) || tickets_callback_due(r, now))
		return ui_attr(a, UI_C_NEAR);
	if (tickets_callback_waiting(r, now))   /* not due before its time */
		return A_DIM;
	return A_NORMAL;
}

static int
row_compare(const struct app *a, const void *data, size_t x, size_t y, int col)
{
	(void)a;
	return tickets_compare(row_at(data, x), row_at(data, y), col_kind(data, col));
}

static const struct table_source ticket_source = {
	.count = rows_count, .cell = row_cell, .key = row_key,
	.attr = row_attr, .compare = row_compare,
};

/* ---- the rows */

/* The order depends on the day: yesterday's undispatched tickets go
 * first, today's appointments first. */
static void
sort_rows(struct app *a, struct ui_list *l, struct ticket_set *s)
{
	l->sorted_day = ui_server_day_start(a);
	if (l->daemon_order)
		return;
	if (l->by_callback)
		tickets_sort_callback(s);
	else if (l->today_first)
		tickets_sort_today_first(s, l->sorted_day);
	else
		tickets_sort(s, l->sorted_day);
}

/* The rows changed: the queue's order again, then the table's view. */
static void
rows_changed(struct app *a, struct ui_list *l)
{
	sort_rows(a, l, &l->set);
	table_refresh(&l->table, a);
	a->dirty = true;
}

const struct ticket_row *
list_selected(const struct ui_list *l)
{
	size_t i;

	return table_selected(&l->table, &i) ? &l->set.rows[i] : NULL;
}

static void on_page(struct app *a, void *ctx, const cJSON *reply);

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
	l->list_id = net_request(a, "ticket.list", args, on_page, l);
}

void
list_load(struct app *a, struct ui_list *l)
{
	ready(l);
	net_cancel(a, l->list_id);   /* a reload replaces a load in flight */
	tickets_clear(&l->fresh);
	tickets_clear(&l->gone);
	l->pages = 0;
	l->loading = true;
	l->stale = false;
	request_page(a, l, NULL);
	if (l->list_id <= 0) {
		l->list_id = 0;
		l->loading = false;
		l->stale = true;
	}
}

void
list_open(struct app *a, struct ui_list *l)
{
	ready(l);
	if (a->logged_in && (l->stale || (!l->loaded && !l->loading)))
		list_load(a, l);
}

void
list_set_queue(struct app *a, struct ui_list *l, const char *queue,
    const char *region)
{
	ready(l);
	l->queue = queue;
	l->region = region;
	tickets_clear(&l->set);
	l->loaded = false;
	l->table.sel = l->table.top = 0;
	l->table.sel_key[0] = '\0';
	rows_changed(a, l);
	if (a->logged_in)
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
	l->loading = false;
	l->loaded = true;
	rows_changed(a, l);
}

static void
list_failed(struct app *a, struct ui_list *l, const cJSON *reply)
{
	char text[512];

	l->loading = false;
	l->stale = true;
	tickets_clear(&l->fresh);
	a->dirty = true;
	if (reply == NULL)   /* the connection dropped: the reload follows it */
		return;
	if (strcmp(reply_code(reply), "unknown_op") == 0) {
		l->unsupported = l->loaded = true;
		l->stale = false;
		return;
	}
	net_error_text(reply, text, sizeof text);
	ui_message(a, true, _("Cannot load the queue: %s"), text);
}

static void
on_page(struct app *a, void *ctx, const cJSON *reply)
{
	struct ui_list *l = ctx;
	const cJSON *r = reply != NULL ? reply_result(reply) : NULL, *next;

	l->list_id = 0;
	if (reply == NULL || !reply_ok(reply)) {
		list_failed(a, l, reply);
		return;
	}
	l->unsupported = false;
	tickets_add_array(&l->fresh, cJSON_GetObjectItemCaseSensitive(r, "tickets"));
	next = cJSON_GetObjectItemCaseSensitive(r, "next");
	if (cJSON_IsString(next) && ++l->pages < MAX_PAGES) {
		request_page(a, l, next);
		if (l->list_id > 0)
			return;
		l->list_id = 0;   /* not sent: keep what came */
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
	struct queue_viewer who = tickets_viewer(a);
	struct ticket_row r;
	bool in;

	if (!tickets_parse(data, &r))
		return;
	in = tickets_in_queue(&r, l->queue, l->region, &who);
	apply(&l->set, NULL, &r, in);
	if (l->loading)
		apply(&l->fresh, &l->gone, &r, in);
	rows_changed(a, l);
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
	if (no[0] && a->view == l->view &&
	    (mine || strcmp(a->role, "technician") != 0))
		ui_message(a, true, _("Deadline passed: %s (%s)"), no,
		    breach_kind(ui_jstr(data, "kind")));
	a->dirty = true;
}

void
list_push(struct app *a, struct ui_list *l, const cJSON *msg)
{
	const char *ev = ui_jstr(msg, "event");
	const cJSON *data = cJSON_GetObjectItemCaseSensitive(msg, "data");

	if (!ready(l))
		return;
	if (strcmp(ev, "ticket.changed") == 0 && (l->loaded || l->loading))
		on_changed(a, l, data);
	else if (strcmp(ev, "sla.breach") == 0)
		on_breach(a, l, data);
}

void
list_session(struct app *a, struct ui_list *l, enum ui_session_event ev)
{
	if (!ready(l))
		return;
	if (ev == UI_LOGGED_IN || ev == UI_RESYNC) {
		l->stale = true;
		if (a->view == l->view)
			list_load(a, l);
	} else if (ev == UI_DISCONNECTED) {
		l->list_id = 0;   /* its callback has had NULL */
		l->loading = false;
		l->stale = true;
		tickets_clear(&l->fresh);
		tickets_clear(&l->gone);
	} else if (ev == UI_LOGGED_OUT) {
		tickets_clear(&l->set);
		l->loaded = l->unsupported = false;
		l->table.sel = l->table.top = 0;
		l->table.sel_key[0] = '\0';
		table_refresh(&l->table, a);
	}
}

unsigned
list_input(struct app *a, struct ui_list *l, ui_key_t key)
{
	return ready(l) ? table_key(&l->table, a, key) : 0;
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

void
list_caption(const struct ui_list *l, int y, const char *text,
    attr_t attr)
{
	char right[TABLE_TEXT + 64];
	const struct table *t = &l->table;
	int w;

	if (list_status(l)[0])
		ui_copy(right, sizeof right, list_status(l));
	else if (t->filter[0])
		table_filter_text(t, right, sizeof right);
	else if (t->sort_col >= 0)
		snprintf(right, sizeof right, _("Sorted by %s (< > I)"),
		    _(t->cols[t->sort_col].title));
	else
		right[0] = '\0';
	w = right[0] ? ui_text_width(right) + 2 : 0;
	w = w > COLS / 2 ? COLS / 2 : w;
	attrset(attr);
	ui_put(y, 1, COLS - 2 - w, text);
	attrset(A_NORMAL);
	if (w > 0)
		ui_put_right(y, COLS - 1 - w, w, right);
}

int
list_draw_tab(struct app *a, int y, int x, int number, const char *label,
    bool current)
{
	char tab[128];

	snprintf(tab, sizeof tab, " %d %s ", number, label);
	attrset(current ? ui_attr(a, UI_C_STATUS) | A_BOLD : A_NORMAL);
	x += ui_put(y, x, COLS - 1 - x, tab);
	attrset(A_NORMAL);
	return x + ui_put(y, x, COLS - 1 - x, " ");
}

void
list_draw(struct app *a, struct ui_list *l, int top, int rows)
{
	const char *empty = NULL;

	ready(l);
	if (ui_server_day_start(a) != l->sorted_day)   /* a new day */
		rows_changed(a, l);
	table_draw(&l->table, a, top, rows);
	if (l->set.len == 0)
		empty = !l->loaded && l->loading ? _("Loading...") : _("No tickets");
	else if (l->table.norder == 0)
		empty = _("No ticket matches the filter (F changes it)");
	if (empty != NULL)
		ui_put(top + 2, (COLS - ui_text_width(empty)) / 2, COLS / 2, empty);
}

/* ---- list views (their state begins with the ui_list) */

const struct ticket_row *
list_view_selected(const struct view *v)
{
	return list_selected(v->priv);
}

unsigned
list_view_input(struct app *a, struct view *v, ui_key_t key)
{
	return list_input(a, v->priv, key);
}

void
list_view_push(struct app *a, struct view *v, const cJSON *msg)
{
	list_push(a, v->priv, msg);
}

void
list_view_session(struct app *a, struct view *v, enum ui_session_event ev)
{
	list_session(a, v->priv, ev);
}

void
list_view_destroy(struct app *a, struct view *v)
{
	list_free(a, v->priv);
}

bool
list_view_has_selection(const struct app *a, const struct view *v)
{
	(void)a;
	return list_view_selected(v) != NULL;
}

void
list_view_refuse(struct app *a, struct view *v)
{
	action_refuse(a, list_view_selected(v));
}

unsigned
list_view_reload(struct app *a, struct view *v)
{
	if (a->logged_in)
		list_load(a, v->priv);
	return 0;
}
