/*
 * screen/stock_move.c: one stock movement typed at the stock screen
 * (screen/stock.c): parts received (how many, a note: stock.receive) or a
 * count corrected (the quantity counted, the reason, required:
 * stock.correct). Ctrl-S sends it; the daemon's refusal lands on its
 * field; done, the stock screen shows the new quantity.
 */
#include "client/screen/screens.h"
#include "client/widget/editform.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/parts.h"

enum { M_QTY, M_WHY, M_COUNT };

struct stock_move {
	struct edit_form e;            /* first: the edit_form_view callbacks */
	struct form_item items[M_COUNT];
	bool correct;
	long long point;
	char point_name[128], part_no[PART_NO_MAX + 1], part_name[256];
	long long before;
};

static const struct form_item receive_items[M_COUNT] = {
	[M_QTY] = { .kind = FK_TEXT, .label = N_("Quantity received"), .wire = "qty", .row = 0,
	    .span = 2, .max = 6, .flags = FF_REQUIRED, .check = FC_INTEGER, .lo = 1,
	    .hi = STOCK_QTY_MAX },
	[M_WHY] = { .kind = FK_TEXT, .label = N_("Note"), .wire = "note", .row = 1, .span = 3,
	    .max = STOCK_REASON_MAX, .flags = FF_COUNT },
};

static const struct form_item correct_items[M_COUNT] = {
	[M_QTY] = { .kind = FK_TEXT, .label = N_("Quantity counted"), .wire = "counted", .row = 0,
	    .span = 2, .max = 6, .flags = FF_REQUIRED, .check = FC_INTEGER, .lo = 0,
	    .hi = STOCK_QTY_MAX },
	[M_WHY] = { .kind = FK_TEXT, .label = N_("Reason"), .wire = "reason", .row = 1,
	    .span = 3, .max = STOCK_REASON_MAX, .flags = FF_REQUIRED | FF_COUNT },
};

static void
moved(struct app *a, struct edit_form *e, const cJSON *result)
{
	struct stock_move *m = (struct stock_move *)e;

	ui_message(a, false, _("%s at %s: %lld in stock"), m->part_no, m->point_name,
	    (long long)ui_jint(result, "stock", 0));
}

void
stock_move_show(struct app *a, bool correct, long long point, const char *point_name,
    const cJSON *row)
{
	struct stock_move *m = ui_view_of(a, &ui_stock_move_view)->priv;

	edit_form_open(a, &m->e, &ui_stock_move_view, m->items,
	    correct ? correct_items : receive_items, M_COUNT, moved,
	    N_("The connection dropped before the answer: look at the ledger before sending "
	    "again"));
	m->correct = correct;
	m->point = point;
	ui_copy(m->point_name, sizeof m->point_name, point_name);
	ui_copy(m->part_no, sizeof m->part_no, ui_jstr(row, "part_no"));
	ui_copy(m->part_name, sizeof m->part_name, ui_jstr(row, "name"));
	m->before = ui_jint(row, "qty", 0);
	ui_show(a, &ui_stock_move_view, &ui_stock_view);
}

static unsigned
run_send(struct app *a, struct view *v)
{
	struct stock_move *m = v->priv;
	char buf[UI_FIELD_MAX * 4 + 1];
	cJSON *args;

	if (!edit_form_checked(&m->e))
		return UI_HANDLED | UI_REDRAW;
	args = cJSON_CreateObject();
	cJSON_AddNumberToObject(args, "service_point_id", (double)m->point);
	cJSON_AddStringToObject(args, "part_no", m->part_no);
	form_text(&m->e.form, M_QTY, buf, sizeof buf);
	cJSON_AddNumberToObject(args, m->correct ? "counted" : "qty", (double)atoll(buf));
	form_text(&m->e.form, M_WHY, buf, sizeof buf);
	if (buf[0] || m->correct)
		cJSON_AddStringToObject(args, m->correct ? "reason" : "note", buf);
	edit_form_save(a, &m->e, m->correct ? "stock.correct" : "stock.receive", args);
	return UI_HANDLED | UI_REDRAW;
}

static void
move_paint(struct app *a, struct view *v, int top, int rows)
{
	struct stock_move *m = v->priv;
	char title[512], line[512];

	snprintf(title, sizeof title, m->correct ? _("Correct the count of %s at %s") :
	    _("Receive %s at %s"), m->part_no, m->point_name);
	edit_form_draw(a, &m->e, title, top, rows, m->correct ?
	    _("Ctrl-S records the count and its reason; Esc goes back") :
	    _("Ctrl-S records the parts received; Esc goes back"));
	snprintf(line, sizeof line, _("%s; in stock now: %lld"), m->part_name, m->before);
	ui_put(top + 1, 1, COLS - 2, line);
}

static const struct ui_key move_keys[] = {
	{ .key = UI_CTRL('s'), .alt = UI_K(KEY_F(2)), .name = N_("Ctrl-S"),
	  .label = N_("Save"), .help = N_("Check every field and record the movement (also F2)"),
	  .run = run_send },
	{ .key = UI_KEY_ESC, .name = N_("Esc"), .label = N_("Back"),
	  .help = N_("Back to the stock (asks first when something was typed)"),
	  .run = ui_key_leave },
	{ .key = UI_KEY_TAB, .name = N_("Tab, Down"),
	  .help = N_("Next field (Shift-Tab, Up: previous); * marks a required field") },
	{ 0 }
};

const struct view_ops ui_stock_move_view = {
	.name = "stock_move",
	.title = N_("Stock movement"),
	.private_size = sizeof(struct stock_move),
	.keys = move_keys,
	.paint = move_paint,
	.input = edit_form_view_input,
	.session = edit_form_view_session,
	.unsaved = edit_form_view_unsaved,
};
