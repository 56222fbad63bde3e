/*
 * screen/causes.c: the Fault causes screen (doc/domain.md, Repair card):
 * the catalogue of coded causes the repair card picks from (cause.list),
 * each with its code, English and Chinese names and whether it is still
 * offered; `/` searches the rows (widget/table). For the admin, `a` adds a
 * cause and Enter (or `e`) edits the selected one in the form of
 * screen/cause_edit.c; a manager reads the catalogue only.
 */
#include "client/widget/labels.h"
#include "client/widget/table.h"
#include "client/screen/screens.h"

#include <stdio.h>
#include <string.h>

struct causes {
	cJSON *causes;         /* cause.list's array, or NULL before the first answer */
	int64_t list_id;       /* cause.list in flight, 0: none */
	struct table table;
	bool ready;            /* table initialised */
};

enum { CC_CODE, CC_NAME, CC_NAME_ZH, CC_ACTIVE };

static const struct table_column cause_cols[] = {
	[CC_CODE] = { N_("Code"), 16, 0, false, true },
	[CC_NAME] = { N_("English name"), 22, 1, false, true },
	[CC_NAME_ZH] = { N_("Chinese name"), 14, 1, false, true },
	[CC_ACTIVE] = { N_("Offered"), 0, 2, false, true },
};

static const cJSON *
cause_at(const void *data, size_t i)
{
	return cJSON_GetArrayItem(((const struct causes *)data)->causes, (int)i);
}

static size_t
causes_count(const void *data)
{
	return (size_t)cJSON_GetArraySize(((const struct causes *)data)->causes);
}

static void
cause_cell(const struct app *a, const void *data, size_t i, int col, char *buf,
    size_t len)
{
	const cJSON *c = cause_at(data, i);

	(void)a;
	switch (col) {
	case CC_CODE: ui_copy(buf, len, ui_jstr(c, "code")); break;
	case CC_NAME: ui_copy(buf, len, ui_jstr(c, "name")); break;
	case CC_NAME_ZH: ui_copy(buf, len, ui_jstr(c, "name_zh")); break;
	default: ui_copy(buf, len, ui_jbool(c, "active") ? _("yes") : _("no")); break;
	}
}

static void
cause_key(const void *data, size_t i, char *buf, size_t len)
{
	ui_copy(buf, len, ui_jstr(cause_at(data, i), "code"));
}

static const struct table_source cause_source = {
	.count = causes_count, .cell = cause_cell, .key = cause_key,
};

static struct causes *
causes_of(struct view *v)
{
	struct causes *C = v->priv;

	if (!C->ready) {
		table_init(&C->table, cause_cols, (int)(sizeof cause_cols / sizeof cause_cols[0]),
		    &cause_source, C);
		C->ready = true;
	}
	return C;
}

static const cJSON *
selected_cause(const struct view *v)
{
	const struct causes *C = v->priv;
	size_t i;

	return C->ready && table_selected(&C->table, &i) ? cause_at(C, i) : NULL;
}

static void
on_list(struct app *a, void *ctx, const cJSON *reply)
{
	struct causes *C = ctx;
	const cJSON *causes = reply != NULL ? cJSON_GetObjectItemCaseSensitive(
	    reply_result(reply), "causes") : NULL;
	char text[512];

	C->list_id = 0;
	a->dirty = true;
	if (reply == NULL)
		return;
	if (!reply_ok(reply) || !cJSON_IsArray(causes)) {
		net_error_text(reply, text, sizeof text);
		ui_message(a, true, _("Cannot list the fault causes: %s"), text);
		return;
	}
	cJSON_Delete(C->causes);
	C->causes = cJSON_Duplicate(causes, true);
	table_refresh(&C->table, a);
}

static void
request_list(struct app *a, struct causes *C)
{
	net_cancel(a, C->list_id);
	C->list_id = net_request(a, "cause.list", NULL, on_list, C);
	if (C->list_id < 0)
		C->list_id = 0;
}

/* ---- the keys */

static bool
may_save(const struct app *a, const struct view *v)
{
	(void)v;
	return op_rights_allowed(&a->rights, "cause.save");
}

static bool
may_edit(const struct app *a, const struct view *v)
{
	return may_save(a, v) && selected_cause(v) != NULL;
}

static unsigned
run_add(struct app *a, struct view *v)
{
	(void)v;
	cause_edit_show(a, NULL, &ui_causes_view);
	return 0;
}

static unsigned
run_edit(struct app *a, struct view *v)
{
	cause_edit_show(a, selected_cause(v), &ui_causes_view);
	return 0;
}

static unsigned
run_reload(struct app *a, struct view *v)
{
	if (a->logged_in)
		request_list(a, causes_of(v));
	return 0;
}

static const struct ui_key causes_keys[] = {
	{ .key = UI_KEY_ENTER, .alt = 'e', .name = N_("Enter, e"), .label = N_("Edit"),
	  .help = N_("Edit the fault cause"), .run = run_edit, .when = may_edit },
	{ .key = 'a', .name = "a", .label = N_("Add"), .help = N_("Add a fault cause"),
	  .run = run_add, .when = may_save },
	{ .key = UI_K(KEY_F(5)), .run = run_reload },   /* the frame names F5 */
	TABLE_HELP_KEYS,
	{ 0 }
};

/* ---- the view */

static void
causes_paint(struct app *a, struct view *v, int top, int rows)
{
	struct causes *C = causes_of(v);
	char line[256], filter[TABLE_TEXT + 32];

	attrset(ui_attr(a, UI_C_TITLE));
	ui_put(top, 1, COLS - 2, _("Fault causes"));
	attrset(A_NORMAL);
	snprintf(line, sizeof line, ngettext("%zu fault cause", "%zu fault causes",
	    C->table.norder), C->table.norder);
	ui_put(top + 1, 1, COLS - 2, line);
	table_filter_text(&C->table, filter, sizeof filter);
	if (filter[0])
		ui_put_right(top + 1, COLS / 2, COLS - COLS / 2 - 1, filter);
	table_draw(&C->table, a, top + 2, rows - 2);
	if (C->causes == NULL || C->table.norder == 0)
		ui_put(top + 4, 2, COLS - 4, C->list_id > 0 || C->causes == NULL ?
		    _("Loading...") : _("No fault causes"));
}

static void
causes_enter(struct app *a, struct view *v)
{
	if (a->logged_in)
		request_list(a, causes_of(v));
}

static unsigned
causes_input(struct app *a, struct view *v, ui_key_t key)
{
	return table_key(&causes_of(v)->table, a, key);
}

static void
causes_session(struct app *a, struct view *v, enum ui_session_event ev)
{
	struct causes *C = causes_of(v);

	if (ev == UI_DISCONNECTED)
		C->list_id = 0;
	else if ((ev == UI_LOGGED_IN || ev == UI_RESYNC) && a->view == &ui_causes_view)
		request_list(a, C);
}

static void
causes_destroy(struct app *a, struct view *v)
{
	struct causes *C = causes_of(v);

	net_cancel(a, C->list_id);
	cJSON_Delete(C->causes);
	table_free(&C->table);
}

const struct view_ops ui_causes_view = {
	.name = "causes",
	.title = N_("Fault causes"),
	.flags = UI_VIEW_SCREEN,
	.private_size = sizeof(struct causes),
	.keys = causes_keys,
	.enter = causes_enter,
	.paint = causes_paint,
	.input = causes_input,
	.session = causes_session,
	.destroy = causes_destroy,
};
