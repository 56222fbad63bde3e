/*
 * screen/parts.c: the parts catalogue (配件, doc/domain.md, Parts and
 * stock), an admin screen that managers read: every part with its list
 * price (part.list, up to PARTS_SHOWN; / searches them, F filters). a adds
 * a part and Enter edits the chosen one's name and price in a form
 * (part.save; the part number of a listed part stays as it is); l shows the
 * part's stock movements at every point (screen/stock_ledger.c).
 */
#include "client/screen/screens.h"
#include "client/widget/editform.h"
#include "client/widget/table.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/parts.h"

#define PARTS_SHOWN 200   /* part.list's most */

/* ---- the catalogue */

struct parts {
	cJSON *parts;         /* part.list's parts[] */
	int64_t request;
	char error[512];
	struct table table;
	bool ready;
};

enum { PC_NO, PC_NAME, PC_PRICE };

static const struct table_column part_cols[] = {
	[PC_NO] = { N_("Part no."), 16, 0, false, true },
	[PC_NAME] = { N_("Part name"), 0, 0, false, true },
	[PC_PRICE] = { N_("Price (yuan)"), 12, 0, true, true },
};

static size_t
parts_count(const void *data)
{
	return (size_t)cJSON_GetArraySize(((const struct parts *)data)->parts);
}

static const cJSON *
part_at(const void *data, size_t i)
{
	return cJSON_GetArrayItem(((const struct parts *)data)->parts, (int)i);
}

static void
part_cell(const struct app *a, const void *data, size_t i, int col, char *buf, size_t len)
{
	const cJSON *p = part_at(data, i);

	(void)a;
	if (col == PC_NO)
		ui_copy(buf, len, ui_jstr(p, "part_no"));
	else if (col == PC_NAME)
		ui_copy(buf, len, ui_jstr(p, "name"));
	else
		ui_yuan(ui_jint(p, "price", 0), buf, len);
}

static void
part_key(const void *data, size_t i, char *buf, size_t len)
{
	ui_copy(buf, len, ui_jstr(part_at(data, i), "part_no"));
}

/* Prices by amount, the rest by text. */
static int
part_compare(const struct app *a, const void *data, size_t x, size_t y, int col)
{
	int64_t px = ui_jint(part_at(data, x), "price", 0);
	int64_t py = ui_jint(part_at(data, y), "price", 0);

	(void)a;
	return col == PC_PRICE ? (px > py) - (px < py) : 2;
}

static const struct table_source part_source = {
	.count = parts_count, .cell = part_cell, .key = part_key, .compare = part_compare,
};

static struct parts *
parts_of(struct view *v)
{
	struct parts *P = v->priv;

	if (!P->ready) {
		table_init(&P->table, part_cols, (int)(sizeof part_cols / sizeof part_cols[0]),
		    &part_source, P);
		P->ready = true;
	}
	return P;
}

static void
on_parts(struct app *a, void *ctx, const cJSON *reply)
{
	struct parts *P = ctx;
	const cJSON *parts = cJSON_GetObjectItemCaseSensitive(reply_result(reply), "parts");

	P->request = 0;
	a->dirty = true;
	if (reply == NULL)
		return;
	if (!reply_ok(reply) || !cJSON_IsArray(parts)) {
		net_error_text(reply, P->error, sizeof P->error);
		return;
	}
	P->error[0] = '\0';
	cJSON_Delete(P->parts);
	P->parts = cJSON_Duplicate(parts, true);
	table_refresh(&P->table, a);
}

static void
load_parts(struct app *a, struct parts *P)
{
	cJSON *args;

	if (!a->logged_in || P->request > 0)
		return;
	args = cJSON_CreateObject();
	cJSON_AddNumberToObject(args, "limit", PARTS_SHOWN);
	P->request = net_request(a, "part.list", args, on_parts, P);
	if (P->request < 0)
		P->request = 0;
}

static const cJSON *
selected_part(struct view *v)
{
	struct parts *P = parts_of(v);
	size_t i;

	return table_selected(&P->table, &i) ? part_at(P, i) : NULL;
}

static bool
has_part(const struct app *a, const struct view *v)
{
	(void)a;
	return selected_part((struct view *)v) != NULL;
}

static bool
can_save(const struct app *a, const struct view *v)
{
	(void)v;
	return op_rights_allowed(&a->rights, "part.save");
}

static bool
can_edit(const struct app *a, const struct view *v)
{
	return can_save(a, v) && has_part(a, v);
}

static bool
can_ledger(const struct app *a, const struct view *v)
{
	return has_part(a, v) && op_rights_allowed(&a->rights, "stock.ledger");
}

static unsigned
run_add(struct app *a, struct view *v)
{
	(void)v;
	part_edit_show(a, NULL);
	return 0;
}

static unsigned
run_edit(struct app *a, struct view *v)
{
	part_edit_show(a, selected_part(v));
	return 0;
}

static unsigned
run_ledger(struct app *a, struct view *v)
{
	stock_ledger_show(a, 0, "", ui_jstr(selected_part(v), "part_no"), &ui_parts_view);
	return 0;
}

static unsigned
run_reload(struct app *a, struct view *v)
{
	load_parts(a, parts_of(v));
	return 0;
}

static const struct ui_key parts_keys[] = {
	{ .key = UI_KEY_ENTER, .alt = 'e', .name = N_("Enter"), .label = N_("Edit"),
	  .help = N_("The chosen part's name and price (also e)"), .run = run_edit, .when = can_edit },
	{ .key = 'a', .name = "a", .label = N_("Add"), .help = N_("A new part in the catalogue"),
	  .run = run_add, .when = can_save },
	{ .key = 'l', .name = "l", .label = N_("Ledger"),
	  .help = N_("The chosen part's stock movements at every service point"),
	  .run = run_ledger, .when = can_ledger },
	{ .key = UI_K(KEY_F(5)), .run = run_reload },   /* the frame names F5 */
	TABLE_HELP_KEYS,
	{ 0 }
};

static void
parts_enter(struct app *a, struct view *v)
{
	load_parts(a, parts_of(v));
}

static void
parts_paint(struct app *a, struct view *v, int top, int rows)
{
	struct parts *P = parts_of(v);
	char line[256], filter[TABLE_TEXT + 32];

	attrset(ui_attr(a, UI_C_TITLE));
	ui_put(top, 1, COLS - 2, _("Parts catalogue"));
	attrset(A_NORMAL);
	if (P->error[0]) {
		attrset(ui_attr(a, UI_C_ERROR));
		ui_put(top + 1, 1, COLS - 2, P->error);
		attrset(A_NORMAL);
	} else if (P->parts == NULL)
		ui_put(top + 1, 1, COLS - 2, _("Loading..."));
	else {
		snprintf(line, sizeof line, ngettext("%d part at list price",
		    "%d parts at list price", (unsigned long)cJSON_GetArraySize(P->parts)),
		    cJSON_GetArraySize(P->parts));
		ui_put(top + 1, 1, COLS - 2, line);
		table_filter_text(&P->table, filter, sizeof filter);
		if (filter[0])
			ui_put_right(top + 1, COLS / 2, COLS - COLS / 2 - 1, filter);
	}
	table_draw(&P->table, a, top + 2, rows - 2);
}

static unsigned
parts_input(struct app *a, struct view *v, ui_key_t key)
{
	return table_key(&parts_of(v)->table, a, key);
}

static void
parts_session(struct app *a, struct view *v, enum ui_session_event ev)
{
	struct parts *P = parts_of(v);

	if (ev == UI_DISCONNECTED)
		P->request = 0;
	else if ((ev == UI_LOGGED_IN || ev == UI_RESYNC) && a->view == &ui_parts_view)
		load_parts(a, P);
}

static void
parts_destroy(struct app *a, struct view *v)
{
	struct parts *P = parts_of(v);

	net_cancel(a, P->request);
	cJSON_Delete(P->parts);
	table_free(&P->table);
}

const struct view_ops ui_parts_view = {
	.name = "parts",
	.title = N_("Parts catalogue"),
	.flags = UI_VIEW_SCREEN,
	.private_size = sizeof(struct parts),
	.keys = parts_keys,
	.enter = parts_enter,
	.paint = parts_paint,
	.input = parts_input,
	.session = parts_session,
	.destroy = parts_destroy,
};

/* ---- one part's form */

enum { E_NO, E_NAME, E_PRICE, E_COUNT };

static const char *
part_no_check(const struct form *f, int item, const char *text)
{
	(void)f;
	(void)item;
	return text[0] && !valid_part_no(text) ?
	    N_("letters, digits and . _ / -, starting with a letter or digit") : NULL;
}

static const struct form_item part_items[E_COUNT] = {
	[E_NO] = { .kind = FK_TEXT, .label = N_("Part no."), .wire = "part_no", .row = 0,
	    .span = 2, .max = PART_NO_MAX, .flags = FF_REQUIRED, .check_fn = part_no_check },
	[E_NAME] = { .kind = FK_TEXT, .label = N_("Part name"), .wire = "name", .row = 1,
	    .span = 3, .max = PART_NAME_MAX, .flags = FF_REQUIRED },
	[E_PRICE] = { .kind = FK_TEXT, .label = N_("Price (yuan)"), .wire = "price", .row = 2,
	    .span = 1, .max = 10, .flags = FF_REQUIRED, .check = FC_AMOUNT },
};

struct part_edit {
	struct edit_form e;            /* first: the edit_form_view callbacks */
	struct form_item items[E_COUNT];
	bool is_new;
};

static void
part_saved(struct app *a, struct edit_form *e, const cJSON *result)
{
	(void)e;
	ui_message(a, false, _("Part %s is saved"), ui_jstr(result, "part_no"));
}

void
part_edit_show(struct app *a, const cJSON *part)
{
	struct part_edit *p = ui_view_of(a, &ui_part_edit_view)->priv;
	char price[32];

	edit_form_open(a, &p->e, &ui_part_edit_view, p->items, part_items, E_COUNT, part_saved,
	    N_("The connection dropped while saving: Ctrl-S saves again once it is back"));
	p->is_new = part == NULL;
	if (part != NULL) {
		ui_field_set(&p->items[E_NO].field, ui_jstr(part, "part_no"));
		ui_field_set(&p->items[E_NAME].field, ui_jstr(part, "name"));
		ui_yuan(ui_jint(part, "price", 0), price, sizeof price);
		ui_field_set(&p->items[E_PRICE].field, price);
		p->items[E_NO].locked = true;
		p->e.form.focus = E_NAME;
		form_saved(&p->e.form);
	}
	ui_show(a, &ui_part_edit_view, &ui_parts_view);
}

static unsigned
run_part_save(struct app *a, struct view *v)
{
	struct part_edit *p = v->priv;
	char buf[UI_FIELD_MAX * 4 + 1];
	cJSON *args;

	if (!edit_form_checked(&p->e))
		return UI_HANDLED | UI_REDRAW;
	args = cJSON_CreateObject();
	form_text(&p->e.form, E_NO, buf, sizeof buf);
	cJSON_AddStringToObject(args, "part_no", buf);
	form_text(&p->e.form, E_NAME, buf, sizeof buf);
	cJSON_AddStringToObject(args, "name", buf);
	form_text(&p->e.form, E_PRICE, buf, sizeof buf);
	cJSON_AddNumberToObject(args, "price", (double)(long long)(strtod(buf, NULL) * 100 + 0.5));
	edit_form_save(a, &p->e, "part.save", args);
	return UI_HANDLED | UI_REDRAW;
}

static void
part_edit_paint(struct app *a, struct view *v, int top, int rows)
{
	struct part_edit *p = v->priv;

	edit_form_draw(a, &p->e, p->is_new ? _("New part") : _("Edit part"), top, rows,
	    _("Ctrl-S saves; Esc goes back to the catalogue"));
}

static const struct ui_key part_edit_keys[] = {
	{ .key = UI_CTRL('s'), .alt = UI_K(KEY_F(2)), .name = N_("Ctrl-S"),
	  .label = N_("Save"), .help = N_("Check every field and save (also F2)"),
	  .run = run_part_save },
	{ .key = UI_KEY_ESC, .name = N_("Esc"), .label = N_("Back"),
	  .help = N_("Back to the catalogue (asks first when something was typed)"),
	  .run = ui_key_leave },
	{ .key = UI_KEY_TAB, .name = N_("Tab, Down"),
	  .help = N_("Next field (Shift-Tab, Up: previous); * marks a required field") },
	{ 0 }
};

const struct view_ops ui_part_edit_view = {
	.name = "part_edit",
	.title = N_("Catalogue part"),
	.private_size = sizeof(struct part_edit),
	.keys = part_edit_keys,
	.paint = part_edit_paint,
	.input = edit_form_view_input,
	.session = edit_form_view_session,
	.unsaved = edit_form_view_unsaved,
};
