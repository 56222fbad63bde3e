/*
 * screen/cause_edit.c: the form that adds a fault cause or edits one
 * (cause.save), opened from the Fault causes screen (screen/causes.c):
 * code (typed for a new cause, fixed afterwards: cards name it), English and
 * Chinese names, and whether the repair card still offers it (a retired
 * cause stays on the cards that name it). Ctrl-S or F2 saves; Esc goes back,
 * asking first when something was typed; a refusal lands on its field.
 */
#include "client/widget/editor.h"
#include "client/widget/labels.h"
#include "client/screen/screens.h"

#include <stdio.h>
#include <string.h>

#include "common/records.h"

enum { X_CODE, X_NAME, X_NAME_ZH, X_ACTIVE, X_COUNT };

static const char *const yes_no[] = { "yes", "no", NULL };

static const char *
yes_no_label(const char *code)
{
	return strcmp(code, "yes") == 0 ? _("yes") : _("no");
}

static const char *code_problem(const struct form *f, int item, const char *text);

static const struct form_item cause_items[X_COUNT] = {
	[X_CODE] = { FK_TEXT, N_("Code"), "code", 0, 0, 1, CAUSE_CODE_MAX, NULL, NULL, 0,
	    .flags = FF_REQUIRED, .check_fn = code_problem },
	[X_NAME] = { FK_TEXT, N_("English name"), "name", 1, 0, 2, CAUSE_NAME_MAX, NULL, NULL,
	    0, .flags = FF_REQUIRED },
	[X_NAME_ZH] = { FK_TEXT, N_("Chinese name"), "name_zh", 2, 0, 2, CAUSE_NAME_MAX, NULL,
	    NULL, 0, .flags = FF_REQUIRED },
	[X_ACTIVE] = { FK_CHOICE, N_("Offered"), "active", 3, 0, 1, 0, yes_no, yes_no_label, 0 },
};

struct cause_edit {
	struct editor ed;       /* first: the editor_view_* callbacks take it */
	struct form_item items[X_COUNT];
	cJSON *cause;           /* the cause as listed, NULL: a new one */
	char saving[CAUSE_CODE_MAX + 1];
};

/* As the daemon checks it (common/records.c). */
static const char *
code_problem(const struct form *f, int item, const char *text)
{
	(void)f;
	(void)item;
	return cause_code_valid(text) ? NULL : N_("2 to 32 lower-case letters or underscores");
}

void
cause_edit_show(struct app *a, const cJSON *cause, const struct view_ops *back)
{
	struct cause_edit *e = ui_view_of(a, &ui_cause_edit_view)->priv;

	editor_reset(a, &e->ed);
	cJSON_Delete(e->cause);
	e->cause = cause != NULL ? cJSON_Duplicate(cause, true) : NULL;
	memcpy(e->items, cause_items, sizeof e->items);
	e->ed.form.items = e->items;
	e->ed.form.n = X_COUNT;
	e->ed.refusals = NULL;
	form_init(&e->ed.form);
	if (cause != NULL) {
		ui_field_set(&e->items[X_CODE].field, ui_jstr(cause, "code"));
		e->items[X_CODE].locked = true;
		e->ed.form.focus = X_NAME;
		ui_field_set(&e->items[X_NAME].field, ui_jstr(cause, "name"));
		ui_field_set(&e->items[X_NAME_ZH].field, ui_jstr(cause, "name_zh"));
		form_set_code(&e->ed.form, X_ACTIVE, ui_jbool(cause, "active") ? "yes" : "no");
	}
	form_saved(&e->ed.form);
	ui_show(a, &ui_cause_edit_view, back);
}

/* ---- saving */

static cJSON *
save_args(const struct cause_edit *e)
{
	cJSON *args = cJSON_CreateObject();

	editor_add_text(args, "code", &e->ed, X_CODE);
	editor_add_text(args, "name", &e->ed, X_NAME);
	editor_add_text(args, "name_zh", &e->ed, X_NAME_ZH);
	cJSON_AddBoolToObject(args, "active",
	    strcmp(form_code(&e->ed.form, X_ACTIVE), "yes") == 0);
	return args;
}

static void
on_saved(struct app *a, void *ctx, const cJSON *reply)
{
	struct cause_edit *e = ctx;

	if (!editor_answered(a, &e->ed, reply))
		return;
	editor_back(a, &ui_cause_edit_view, &ui_causes_view);
	ui_message(a, false, _("Fault cause %s is saved"), e->saving);
}

static unsigned
run_save(struct app *a, struct view *v)
{
	struct cause_edit *e = v->priv;

	if (e->ed.save_id == 0 && editor_check(&e->ed)) {
		form_text(&e->ed.form, X_CODE, e->saving, sizeof e->saving);
		editor_send(a, &e->ed, "cause.save", save_args(e), on_saved, e);
	}
	return UI_HANDLED | UI_REDRAW;
}

/* ---- the view */

static void
edit_paint(struct app *a, struct view *v, int top, int rows)
{
	struct cause_edit *e = v->priv;
	char title[256];

	if (e->cause != NULL)
		snprintf(title, sizeof title, _("Edit fault cause %s"), ui_jstr(e->cause, "code"));
	else
		ui_copy(title, sizeof title, _("New fault cause"));
	attrset(ui_attr(a, UI_C_TITLE));
	ui_put(top, 1, COLS - 2, title);
	attrset(A_NORMAL);
	form_draw(a, &e->ed.form, top + 2);
	editor_draw(a, &e->ed, top, top + (rows < 8 ? rows - 1 : 7),
	    _("Ctrl-S saves; Esc goes back to the fault causes"));
}

static void
edit_destroy(struct app *a, struct view *v)
{
	struct cause_edit *e = v->priv;

	net_cancel(a, e->ed.save_id);
	cJSON_Delete(e->cause);
}

static const struct ui_key edit_keys[] = {
	{ .key = UI_CTRL('s'), .alt = UI_K(KEY_F(2)), .name = N_("Ctrl-S"),
	    .label = N_("Save"), .help = N_("Check every field and save (also F2)"),
	    .run = run_save },
	{ .key = UI_KEY_ESC, .name = N_("Esc"), .label = N_("Back"),
	    .help = N_("Back to the fault causes (asks first when something was typed)"),
	    .run = ui_key_leave },
	{ .key = UI_KEY_TAB, .name = N_("Tab, Down"),
	    .help = N_("Next field (Shift-Tab, Up: previous); * marks a required field") },
	{ .key = UI_K(KEY_LEFT), .name = N_("Left/Right, Space"),
	    .help = N_("Change a choice: offered on the repair card or not") },
	{ .key = 0 }
};

const struct view_ops ui_cause_edit_view = {
	.name = "cause_edit",
	.title = N_("Edit fault cause"),
	.private_size = sizeof(struct cause_edit),
	.keys = edit_keys,
	.paint = edit_paint,
	.input = editor_view_input,
	.session = editor_view_session,
	.unsaved = editor_view_unsaved,
	.destroy = edit_destroy,
};
