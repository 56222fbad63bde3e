/*
 * screen/stock.c: parts in stock per service point (doc/domain.md, Parts
 * and stock): admins, dispatchers and managers. First the service points
 * (stock.list without a point: how many kinds of part each holds and how
 * many in all); Enter picks one and shows every catalogue part with its
 * quantity there (stock.list of the point, every page). r receives parts
 * (quantity, note; stock.receive), c corrects a count (the quantity
 * counted, the reason; stock.correct), both in a form (screen/
 * stock_move.c); Enter shows the chosen part's movements at the point, l
 * the point's (screen/stock_ledger.c). Esc goes back to the points.
 */
#include "client/screen/screens.h"
#include "client/widget/labels.h"
#include "client/widget/table.h"

#include <stdio.h>
#include <string.h>

#define STOCK_PAGE 500   /* stock.list's most */

struct stock {
	cJSON *points;           /* stock.list's points[] */
	cJSON *rows;             /* the point's stock[], every page so far */
	long long point;         /* the point shown, 0: the points */
	char point_name[128];
	bool fresh;              /* the next page is the first: it replaces rows */
	int64_t request;
	char error[512];
	struct table points_table, stock_table;
	bool ready;
};

enum { SP_NAME, SP_REGION, SP_OWN, SP_PARTS, SP_UNITS };

static const struct table_column point_cols[] = {
	[SP_NAME] = { N_("Service point"), 0, 0, false, true },
	[SP_REGION] = { N_("Region"), 10, 2, false, true },
	[SP_OWN] = { N_("Point type"), 12, 3, false, true },
	[SP_PARTS] = { N_("Parts"), 7, 1, true, false },
	[SP_UNITS] = { N_("In stock"), 9, 0, true, false },
};

enum { SC_NO, SC_NAME, SC_QTY, SC_UPDATED };

static const struct table_column stock_cols[] = {
	[SC_NO] = { N_("Part no."), 16, 0, false, true },
	[SC_NAME] = { N_("Part name"), 0, 0, false, true },
	[SC_QTY] = { N_("In stock"), 9, 0, true, false },
	[SC_UPDATED] = { N_("Last moved"), 12, 1, false, false },
};

static size_t
points_count(const void *data)
{
	return (size_t)cJSON_GetArraySize(((const struct stock *)data)->points);
}

static const cJSON *
point_at(const void *data, size_t i)
{
	return cJSON_GetArrayItem(((const struct stock *)data)->points, (int)i);
}

static void
point_cell(const struct app *a, const void *data, size_t i, int col, char *buf, size_t len)
{
	const cJSON *p = point_at(data, i);

	(void)a;
	switch (col) {
	case SP_NAME: ui_copy(buf, len, ui_jstr(p, "name")); break;
	case SP_REGION: ui_copy(buf, len, label_region(ui_jstr(p, "region"))); break;
	case SP_OWN: ui_copy(buf, len, ui_jbool(p, "own") ? _("own") : _("outsourced")); break;
	case SP_PARTS: snprintf(buf, len, "%lld", (long long)ui_jint(p, "parts", 0)); break;
	default: snprintf(buf, len, "%lld", (long long)ui_jint(p, "units", 0));
	}
}

static void
point_key(const void *data, size_t i, char *buf, size_t len)
{
	snprintf(buf, len, "%lld", (long long)ui_jint(point_at(data, i), "id", 0));
}

static const struct table_source point_source = {
	.count = points_count, .cell = point_cell, .key = point_key,
};

static size_t
rows_count(const void *data)
{
	return (size_t)cJSON_GetArraySize(((const struct stock *)data)->rows);
}

static const cJSON *
row_at(const void *data, size_t i)
{
	return cJSON_GetArrayItem(((const struct stock *)data)->rows, (int)i);
}

static void
stock_cell(const struct app *a, const void *data, size_t i, int col, char *buf, size_t len)
{
	const cJSON *r = row_at(data, i);
	const char *at = ui_jstr(r, "updated_at");
	time_t t;

	switch (col) {
	case SC_NO: ui_copy(buf, len, ui_jstr(r, "part_no")); break;
	case SC_NAME: ui_copy(buf, len, ui_jstr(r, "name")); break;
	case SC_QTY: snprintf(buf, len, "%lld", (long long)ui_jint(r, "qty", 0)); break;
	default: ui_show_time(a, at[0] && ui_parse_time(at, &t, NULL) ? t : 0, true, buf, len);
	}
}

static void
stock_key(const void *data, size_t i, char *buf, size_t len)
{
	ui_copy(buf, len, ui_jstr(row_at(data, i), "part_no"));
}

/* Quantities by number, the rest by text. */
static int
stock_compare(const struct app *a, const void *data, size_t x, size_t y, int col)
{
	int64_t qx = ui_jint(row_at(data, x), "qty", 0), qy = ui_jint(row_at(data, y), "qty", 0);

	(void)a;
	return col == SC_QTY ? (qx > qy) - (qx < qy) : 2;
}

static const struct table_source stock_source = {
	.count = rows_count, .cell = stock_cell, .key = stock_key, .compare = stock_compare,
};

static struct stock *
stock_of(struct view *v)
{
	struct stock *S = v->priv;

	if (!S->ready) {
		table_init(&S->points_table, point_cols,
		    (int)(sizeof point_cols / sizeof point_cols[0]), &point_source, S);
		table_init(&S->stock_table, stock_cols,
		    (int)(sizeof stock_cols / sizeof stock_cols[0]), &stock_source, S);
		S->ready = true;
	}
	return S;
}

static struct table *
shown_table(struct stock *S)
{
	return S->point > 0 ? &S->stock_table : &S->points_table;
}

/* ---- loading: the points, or the point's stock page by page */

static void request_page(struct app *a, struct stock *S, const char *after);

static void
on_page(struct app *a, void *ctx, const cJSON *reply)
{
	struct stock *S = ctx;
	const cJSON *result = reply_result(reply), *r;
	const cJSON *points = cJSON_GetObjectItemCaseSensitive(result, "points");
	const cJSON *stock = cJSON_GetObjectItemCaseSensitive(result, "stock");
	const char *next = ui_jstr(result, "next");

	S->request = 0;
	a->dirty = true;
	if (reply == NULL)
		return;
	if (!reply_ok(reply)) {
		net_error_text(reply, S->error, sizeof S->error);
		return;
	}
	S->error[0] = '\0';
	if (cJSON_IsArray(points)) {
		cJSON_Delete(S->points);
		S->points = cJSON_Duplicate(points, true);
		table_refresh(&S->points_table, a);
		return;
	}
	if (S->fresh || S->rows == NULL) {
		cJSON_Delete(S->rows);
		S->rows = cJSON_CreateArray();
		S->fresh = false;
	}
	cJSON_ArrayForEach(r, stock)
		cJSON_AddItemToArray(S->rows, cJSON_Duplicate(r, true));
	table_refresh(&S->stock_table, a);
	if (next[0])
		request_page(a, S, next);
}

static void
request_page(struct app *a, struct stock *S, const char *after)
{
	cJSON *args = cJSON_CreateObject();

	if (S->point > 0) {
		cJSON_AddNumberToObject(args, "service_point_id", (double)S->point);
		cJSON_AddNumberToObject(args, "limit", STOCK_PAGE);
		if (after != NULL)
			cJSON_AddStringToObject(args, "after", after);
	}
	S->request = net_request(a, "stock.list", args, on_page, S);
	if (S->request < 0)
		S->request = 0;
}

static void
load(struct app *a, struct stock *S)
{
	if (!a->logged_in)
		return;
	net_cancel(a, S->request);
	S->fresh = true;   /* the rows stay shown until the first page replaces them */
	request_page(a, S, NULL);
}

/* ---- the keys */

static const cJSON *
selected(struct view *v, struct table *t, const cJSON *(*at)(const void *, size_t))
{
	size_t i;

	return table_selected(t, &i) ? at(v->priv, i) : NULL;
}

static const cJSON *
selected_row(struct view *v)
{
	struct stock *S = stock_of(v);

	return S->point > 0 ? selected(v, &S->stock_table, row_at) : NULL;
}

static bool
on_points(const struct app *a, const struct view *v)
{
	struct stock *S = stock_of((struct view *)v);

	(void)a;
	return S->point == 0 && selected((struct view *)v, &S->points_table, point_at) != NULL;
}

static bool
on_part(const struct app *a, const struct view *v)
{
	(void)a;
	return selected_row((struct view *)v) != NULL;
}

static bool
in_point(const struct app *a, const struct view *v)
{
	(void)a;
	return stock_of((struct view *)v)->point > 0;
}

static bool
can_receive(const struct app *a, const struct view *v)
{
	return on_part(a, v) && op_rights_allowed(&a->rights, "stock.receive");
}

static bool
can_correct(const struct app *a, const struct view *v)
{
	return on_part(a, v) && op_rights_allowed(&a->rights, "stock.correct");
}

static unsigned
run_pick(struct app *a, struct view *v)
{
	struct stock *S = stock_of(v);
	const cJSON *p = selected(v, &S->points_table, point_at);

	S->point = ui_jint(p, "id", 0);
	ui_copy(S->point_name, sizeof S->point_name, ui_jstr(p, "name"));
	cJSON_Delete(S->rows);
	S->rows = NULL;
	table_free(&S->stock_table);
	table_init(&S->stock_table, stock_cols, (int)(sizeof stock_cols / sizeof stock_cols[0]),
	    &stock_source, S);
	load(a, S);
	return UI_REDRAW;
}

static unsigned
run_points(struct app *a, struct view *v)
{
	struct stock *S = stock_of(v);

	S->point = 0;
	load(a, S);
	return UI_REDRAW;
}

static unsigned
run_receive(struct app *a, struct view *v)
{
	struct stock *S = stock_of(v);

	stock_move_show(a, false, S->point, S->point_name, selected_row(v));
	return 0;
}

static unsigned
run_correct(struct app *a, struct view *v)
{
	struct stock *S = stock_of(v);

	stock_move_show(a, true, S->point, S->point_name, selected_row(v));
	return 0;
}

static unsigned
run_part_ledger(struct app *a, struct view *v)
{
	struct stock *S = stock_of(v);

	stock_ledger_show(a, S->point, S->point_name, ui_jstr(selected_row(v), "part_no"),
	    &ui_stock_view);
	return 0;
}

static unsigned
run_point_ledger(struct app *a, struct view *v)
{
	struct stock *S = stock_of(v);

	stock_ledger_show(a, S->point, S->point_name, "", &ui_stock_view);
	return 0;
}

static unsigned
run_reload(struct app *a, struct view *v)
{
	load(a, stock_of(v));
	return 0;
}

static const struct ui_key stock_keys[] = {
	{ .key = UI_KEY_ENTER, .name = N_("Enter"), .label = N_("Its stock"),
	  .help = N_("The chosen service point's stock"), .run = run_pick, .when = on_points },
	{ .key = UI_KEY_ENTER, .name = N_("Enter"), .label = N_("Movements"),
	  .help = N_("The chosen part's movements at this point"), .run = run_part_ledger,
	  .when = on_part },
	{ .key = 'r', .name = "r", .label = N_("Receive"),
	  .help = N_("Parts of the chosen kind arrive: how many, a note"),
	  .run = run_receive, .when = can_receive },
	{ .key = 'c', .name = "c", .label = N_("Correct"),
	  .help = N_("The chosen part as counted, with the reason"),
	  .run = run_correct, .when = can_correct },
	{ .key = 'l', .name = "l", .label = N_("Ledger"),
	  .help = N_("Every movement at this service point"), .run = run_point_ledger,
	  .when = in_point },
	{ .key = UI_KEY_ESC, .name = N_("Esc"), .label = N_("Points"),
	  .help = N_("Back to the service points"), .run = run_points, .when = in_point },
	{ .key = UI_K(KEY_F(5)), .run = run_reload },   /* the frame names F5 */
	TABLE_HELP_KEYS,
	{ 0 }
};

/* ---- the view */

static void
stock_enter(struct app *a, struct view *v)
{
	load(a, stock_of(v));
}

static void
stock_paint(struct app *a, struct view *v, int top, int rows)
{
	struct stock *S = stock_of(v);
	char line[256];
	size_t n = S->point > 0 ? rows_count(S) : points_count(S);

	if (S->point > 0)
		snprintf(line, sizeof line, _("Stock at %s"), S->point_name);
	else
		snprintf(line, sizeof line, "%s", _("Stock: the service points"));
	attrset(ui_attr(a, UI_C_TITLE));
	ui_put(top, 1, COLS - 2, line);
	attrset(A_NORMAL);
	if (S->error[0]) {
		attrset(ui_attr(a, UI_C_ERROR));
		ui_put(top + 1, 1, COLS - 2, S->error);
		attrset(A_NORMAL);
	} else if (S->request > 0 && n == 0)
		ui_put(top + 1, 1, COLS - 2, _("Loading..."));
	else if (S->point > 0) {
		snprintf(line, sizeof line, ngettext("%zu part in the catalogue; r receives, "
		    "c corrects a count", "%zu parts in the catalogue; r receives, c corrects a "
		    "count", n), n);
		ui_put(top + 1, 1, COLS - 2, line);
	} else
		ui_put(top + 1, 1, COLS - 2, _("Enter shows a point's stock"));
	table_draw(shown_table(S), a, top + 2, rows - 2);
}

static unsigned
stock_input(struct app *a, struct view *v, ui_key_t key)
{
	return table_key(shown_table(stock_of(v)), a, key);
}

static void
stock_session(struct app *a, struct view *v, enum ui_session_event ev)
{
	struct stock *S = stock_of(v);

	if (ev == UI_DISCONNECTED)
		S->request = 0;
	else if ((ev == UI_LOGGED_IN || ev == UI_RESYNC) && a->view == &ui_stock_view)
		load(a, S);
	else if (ev == UI_LOGGED_OUT)
		S->point = 0;
}

static void
stock_destroy(struct app *a, struct view *v)
{
	struct stock *S = stock_of(v);

	net_cancel(a, S->request);
	cJSON_Delete(S->points);
	cJSON_Delete(S->rows);
	table_free(&S->points_table);
	table_free(&S->stock_table);
}

const struct view_ops ui_stock_view = {
	.name = "stock",
	.title = N_("Stock"),
	.flags = UI_VIEW_SCREEN,
	.private_size = sizeof(struct stock),
	.keys = stock_keys,
	.enter = stock_enter,
	.paint = stock_paint,
	.input = stock_input,
	.session = stock_session,
	.destroy = stock_destroy,
};
