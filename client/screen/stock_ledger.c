/*
 * screen/stock_ledger.c: the stock ledger (doc/domain.md, Parts and
 * stock) of a service point, of a part, or of a part at a point
 * (stock.ledger, newest first, up to LEDGER_SHOWN rows read page by page):
 * when, which part, what happened (delivered, issued on a repair,
 * corrected, the opening balance), how many, the balance after it, who,
 * the ticket and why. Opened from the stock screen (Enter on a part, l for
 * the point) and the catalogue (l for a part). Enter shows the chosen
 * movement whole in the pager.
 */
#include "client/screen/screens.h"
#include "client/widget/table.h"

#include <stdio.h>
#include <string.h>

#include "common/parts.h"

#define LEDGER_PAGE 200     /* stock.ledger's most */
#define LEDGER_SHOWN 2000

struct stock_ledger {
	long long point;
	char point_name[128], part_no[PART_NO_MAX + 1];
	cJSON *moves;
	int64_t request;
	char error[512];
	struct table table;
	bool ready;
};

enum { LC_AT, LC_PART, LC_KIND, LC_DELTA, LC_BALANCE, LC_BY, LC_TICKET, LC_POINT, LC_WHY };

static const struct table_column ledger_cols[] = {
	[LC_AT] = { N_("When"), 11, 0, false, false },
	[LC_PART] = { N_("Part"), 10, 3, false, true },
	[LC_KIND] = { N_("Movement"), 10, 0, false, true },
	[LC_DELTA] = { N_("Qty"), 5, 0, true, false },
	[LC_BALANCE] = { N_("After"), 5, 0, true, false },
	[LC_BY] = { N_("Who"), 10, 1, false, true },
	[LC_TICKET] = { N_("Ticket"), 12, 2, false, true },
	[LC_POINT] = { N_("Service point"), 12, 4, false, true },
	[LC_WHY] = { N_("Why"), 0, 0, false, false },
};

static const char *
label_move(const char *kind)
{
	if (strcmp(kind, "receive") == 0)
		return _("delivered");
	if (strcmp(kind, "issue") == 0)
		return _("issued");
	if (strcmp(kind, "correct") == 0)
		return _("corrected");
	if (strcmp(kind, "opening") == 0)
		return _("opening");
	return kind;
}

static size_t
moves_count(const void *data)
{
	return (size_t)cJSON_GetArraySize(((const struct stock_ledger *)data)->moves);
}

static const cJSON *
move_at(const void *data, size_t i)
{
	return cJSON_GetArrayItem(((const struct stock_ledger *)data)->moves, (int)i);
}

static void
move_cell(const struct app *a, const void *data, size_t i, int col, char *buf, size_t len)
{
	const cJSON *m = move_at(data, i);
	const char *at = ui_jstr(m, "at");
	time_t t;

	switch (col) {
	case LC_AT: ui_show_time(a, ui_parse_time(at, &t, NULL) ? t : 0, true, buf, len); return;
	case LC_PART: ui_copy(buf, len, ui_jstr(m, "part_no")); break;
	case LC_KIND: ui_copy(buf, len, label_move(ui_jstr(m, "kind"))); break;
	case LC_DELTA: snprintf(buf, len, "%+lld", (long long)ui_jint(m, "delta", 0)); return;
	case LC_BALANCE: snprintf(buf, len, "%lld", (long long)ui_jint(m, "balance", 0)); return;
	case LC_BY: ui_copy(buf, len, ui_jstr(m, "by")); break;
	case LC_TICKET: ui_copy(buf, len, ui_jstr(m, "ticket_no")); break;
	case LC_POINT: ui_copy(buf, len, ui_jstr(m, "service_point")); break;
	default: ui_copy(buf, len, ui_jstr(m, "reason"));
	}
	if (buf[0] == '\0' && col != LC_WHY)
		ui_copy(buf, len, "-");
}

static void
move_key(const void *data, size_t i, char *buf, size_t len)
{
	snprintf(buf, len, "%lld", (long long)ui_jint(move_at(data, i), "id", 0));
}

static const struct table_source move_source = {
	.count = moves_count, .cell = move_cell, .key = move_key,
};

static struct stock_ledger *
ledger_of(struct app *a)
{
	struct stock_ledger *L = ui_view_of(a, &ui_stock_ledger_view)->priv;

	if (!L->ready) {
		table_init(&L->table, ledger_cols, (int)(sizeof ledger_cols / sizeof ledger_cols[0]),
		    &move_source, L);
		L->ready = true;
	}
	return L;
}

/* ---- loading */

static void request_page(struct app *a, struct stock_ledger *L, const char *after);

static void
on_page(struct app *a, void *ctx, const cJSON *reply)
{
	struct stock_ledger *L = ctx;
	const cJSON *result = reply_result(reply), *m;
	const cJSON *next = cJSON_GetObjectItemCaseSensitive(result, "next");

	L->request = 0;
	a->dirty = true;
	if (reply == NULL)
		return;
	if (!reply_ok(reply)) {
		net_error_text(reply, L->error, sizeof L->error);
		return;
	}
	cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(result, "moves"))
		cJSON_AddItemToArray(L->moves, cJSON_Duplicate(m, true));
	table_refresh(&L->table, a);
	if (cJSON_IsString(next) && cJSON_GetArraySize(L->moves) < LEDGER_SHOWN)
		request_page(a, L, next->valuestring);
}

static void
request_page(struct app *a, struct stock_ledger *L, const char *after)
{
	cJSON *args = cJSON_CreateObject();

	if (L->point > 0)
		cJSON_AddNumberToObject(args, "service_point_id", (double)L->point);
	if (L->part_no[0])
		cJSON_AddStringToObject(args, "part_no", L->part_no);
	if (after != NULL)
		cJSON_AddStringToObject(args, "after", after);
	cJSON_AddNumberToObject(args, "limit", LEDGER_PAGE);
	L->request = net_request(a, "stock.ledger", args, on_page, L);
	if (L->request < 0)
		L->request = 0;
}

static void
load(struct app *a, struct stock_ledger *L)
{
	net_cancel(a, L->request);
	cJSON_Delete(L->moves);
	L->moves = cJSON_CreateArray();
	L->error[0] = '\0';
	table_refresh(&L->table, a);
	if (a->logged_in)
		request_page(a, L, NULL);
}

void
stock_ledger_show(struct app *a, long long point, const char *point_name,
    const char *part_no, const struct view_ops *back)
{
	struct stock_ledger *L = ledger_of(a);

	L->point = point;
	ui_copy(L->point_name, sizeof L->point_name, point_name);
	ui_copy(L->part_no, sizeof L->part_no, part_no);
	table_free(&L->table);
	table_init(&L->table, ledger_cols, (int)(sizeof ledger_cols / sizeof ledger_cols[0]),
	    &move_source, L);
	load(a, L);
	ui_show(a, &ui_stock_ledger_view, back);
}

/* ---- the keys */

static const cJSON *
selected_move(const struct stock_ledger *L)
{
	size_t i;

	return table_selected(&L->table, &i) ? move_at(L, i) : NULL;
}

static bool
has_move(const struct app *a, const struct view *v)
{
	(void)a;
	return selected_move(v->priv) != NULL;
}

static unsigned
run_show(struct app *a, struct view *v)
{
	const cJSON *m = selected_move(v->priv);
	const char *at = ui_jstr(m, "at");
	char when[64], text[2048];
	time_t t;

	ui_show_time(a, ui_parse_time(at, &t, NULL) ? t : 0, false, when, sizeof when);
	snprintf(text, sizeof text, _("When: %s\nService point: %s\nPart: %s %s\n"
	    "Movement: %s, %+lld, %lld after it\nBy: %s\nTicket: %s\nWhy: %s"), when,
	    ui_jstr(m, "service_point"), ui_jstr(m, "part_no"), ui_jstr(m, "name"),
	    label_move(ui_jstr(m, "kind")), (long long)ui_jint(m, "delta", 0),
	    (long long)ui_jint(m, "balance", 0), ui_jstr(m, "by")[0] ? ui_jstr(m, "by") : "-",
	    ui_jstr(m, "ticket_no")[0] ? ui_jstr(m, "ticket_no") : "-", ui_jstr(m, "reason"));
	ui_pager(a, _("Stock movement"), text);
	return 0;
}

static unsigned
run_reload(struct app *a, struct view *v)
{
	load(a, v->priv);
	return 0;
}

static const struct ui_key ledger_keys[] = {
	{ .key = UI_KEY_ENTER, .name = N_("Enter"), .label = N_("Show"),
	  .help = N_("The chosen movement whole: when, who, the ticket, why"),
	  .run = run_show, .when = has_move },
	{ .key = UI_KEY_ESC, .name = N_("Esc"), .label = N_("Back"),
	  .help = N_("Back to where the ledger was opened from"), .run = ui_key_leave },
	{ .key = UI_K(KEY_F(5)), .run = run_reload },   /* the frame names F5 */
	TABLE_HELP_KEYS,
	{ 0 }
};

/* ---- the view */

static void
ledger_paint(struct app *a, struct view *v, int top, int rows)
{
	struct stock_ledger *L = v->priv;
	char line[256];

	if (L->point > 0 && L->part_no[0])
		snprintf(line, sizeof line, _("Stock ledger: %s at %s"), L->part_no, L->point_name);
	else if (L->point > 0)
		snprintf(line, sizeof line, _("Stock ledger: %s"), L->point_name);
	else
		snprintf(line, sizeof line, _("Stock ledger: %s at every point"), L->part_no);
	attrset(ui_attr(a, UI_C_TITLE));
	ui_put(top, 1, COLS - 2, line);
	attrset(A_NORMAL);
	if (L->error[0]) {
		attrset(ui_attr(a, UI_C_ERROR));
		ui_put(top + 1, 1, COLS - 2, L->error);
		attrset(A_NORMAL);
	} else if (L->request > 0 && moves_count(L) == 0)
		ui_put(top + 1, 1, COLS - 2, _("Loading..."));
	else {
		snprintf(line, sizeof line, ngettext("%zu movement, the newest first",
		    "%zu movements, the newest first", moves_count(L)), moves_count(L));
		ui_put(top + 1, 1, COLS - 2, line);
	}
	table_draw(&L->table, a, top + 2, rows - 2);
}

static unsigned
ledger_input(struct app *a, struct view *v, ui_key_t key)
{
	return table_key(&((struct stock_ledger *)v->priv)->table, a, key);
}

static void
ledger_session(struct app *a, struct view *v, enum ui_session_event ev)
{
	struct stock_ledger *L = v->priv;

	if (ev == UI_DISCONNECTED)
		L->request = 0;
	else if ((ev == UI_LOGGED_IN || ev == UI_RESYNC) && a->view == &ui_stock_ledger_view)
		load(a, L);
}

static void
ledger_destroy(struct app *a, struct view *v)
{
	struct stock_ledger *L = v->priv;

	net_cancel(a, L->request);
	cJSON_Delete(L->moves);
	if (L->ready)
		table_free(&L->table);
}

const struct view_ops ui_stock_ledger_view = {
	.name = "stock_ledger",
	.title = N_("Stock ledger"),
	.private_size = sizeof(struct stock_ledger),
	.keys = ledger_keys,
	.paint = ledger_paint,
	.input = ledger_input,
	.session = ledger_session,
	.destroy = ledger_destroy,
};
