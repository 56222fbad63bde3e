/*
 * screen/point_edit.c: the form that adds or edits a service point
 * (service_point.save), opened from the Service points screen
 * (screen/points.c): name, kind (own or outsourced) and region as choices,
 * head, phone (any common form; the daemon keeps it canonical) and
 * address. Ctrl-S or F2 saves; Esc goes back, asking first when something
 * was typed; a refusal lands on its field.
 */
#include "client/widget/editor.h"
#include "client/widget/labels.h"
#include "client/screen/screens.h"

#include <stdio.h>
#include <string.h>

#include "common/domain.h"
#include "common/people.h"
#include "common/phone.h"

enum { P_NAME, P_KIND, P_REGION, P_HEAD, P_PHONE, P_ADDRESS, P_COUNT };

static const char *phone_problem(const struct form *f, int item, const char *text);

static const struct form_item point_items[P_COUNT] = {
	[P_NAME] = { FK_TEXT, N_("Point name"), "name", 0, 0, 2, POINT_NAME_MAX, NULL, NULL, 0,
	    .flags = FF_REQUIRED },
	[P_KIND] = { FK_CHOICE, N_("Kind"), "kind", 0, 2, 1, 0, point_kind_names,
	    label_point_kind, 0 },
	[P_REGION] = { FK_CHOICE, N_("Region"), "region", 1, 0, 1, 0, region_names,
	    label_region, 0 },
	[P_HEAD] = { FK_TEXT, N_("Head"), "head", 1, 1, 1, POINT_HEAD_MAX, NULL, NULL, 0 },
	[P_PHONE] = { FK_TEXT, N_("Phone"), "phone", 1, 2, 1, PHONE_TEXT_MAX - 1, NULL, NULL,
	    0, .check_fn = phone_problem },
	[P_ADDRESS] = { FK_TEXT, N_("Address"), "address", 2, 0, 3, POINT_ADDRESS_MAX, NULL,
	    NULL, 0 },
};

/* The daemon's refusals this form says in words of its own. */
static const struct editor_refusal refusals[] = {
	{ "conflict", "name", N_("Point name: a service point of this name exists") },
	{ "not_found", "id", N_("This service point is no longer there") },
	{ NULL, NULL, NULL }
};

struct point_edit {
	struct editor ed;
	struct form_item items[P_COUNT];
	cJSON *point;           /* the point as listed, NULL: a new one */
	char saving[POINT_NAME_MAX * 4 + 1];
};

static const char *
phone_problem(const struct form *f, int item, const char *text)
{
	char canonical[PHONE_MAX];

	(void)f;
	(void)item;
	return text[0] && !phone_normalise(text, canonical) ?
	    N_("a phone number, 7 to 20 digits") : NULL;
}

void
point_edit_show(struct app *a, const cJSON *point, const struct view_ops *back)
{
	struct point_edit *e = ui_view_of(a, &ui_point_edit_view)->priv;

	editor_reset(a, &e->ed);
	cJSON_Delete(e->point);
	e->point = point != NULL ? cJSON_Duplicate(point, true) : NULL;
	memcpy(e->items, point_items, sizeof e->items);
	e->ed.form.items = e->items;
	e->ed.form.n = P_COUNT;
	e->ed.refusals = refusals;
	form_init(&e->ed.form);
	if (point != NULL) {
		ui_field_set(&e->items[P_NAME].field, ui_jstr(point, "name"));
		form_set_code(&e->ed.form, P_KIND, ui_jstr(point, "kind"));
		form_set_code(&e->ed.form, P_REGION, ui_jstr(point, "region"));
		ui_field_set(&e->items[P_HEAD].field, ui_jstr(point, "head"));
		ui_field_set(&e->items[P_PHONE].field, ui_jstr(point, "phone"));
		ui_field_set(&e->items[P_ADDRESS].field, ui_jstr(point, "address"));
	}
	form_saved(&e->ed.form);
	ui_show(a, &ui_point_edit_view, back);
}

/* ---- saving */

static cJSON *
save_args(const struct point_edit *e)
{
	const struct form *f = &e->ed.form;
	cJSON *args = cJSON_CreateObject();

	if (e->point != NULL)
		cJSON_AddNumberToObject(args, "id", (double)ui_jint(e->point, "id", 0));
	editor_add_text(args, "name", &e->ed, P_NAME);
	cJSON_AddStringToObject(args, "kind", form_code(f, P_KIND));
	cJSON_AddStringToObject(args, "region", form_code(f, P_REGION));
	editor_add_text(args, "head", &e->ed, P_HEAD);
	editor_add_text(args, "phone", &e->ed, P_PHONE);
	editor_add_text(args, "address", &e->ed, P_ADDRESS);
	return args;
}

static void
on_saved(struct app *a, void *ctx, const cJSON *reply)
{
	struct point_edit *e = ctx;

	if (!editor_answered(a, &e->ed, reply))
		return;
	editor_back(a, &ui_point_edit_view, &ui_points_view);
	ui_message(a, false, _("Service point %s is saved"), e->saving);
}

static unsigned
run_save(struct app *a, struct view *v)
{
	struct point_edit *e = v->priv;

	if (e->ed.save_id == 0 && editor_check(&e->ed)) {
		form_text(&e->ed.form, P_NAME, e->saving, sizeof e->saving);
		editor_send(a, &e->ed, "service_point.save", save_args(e), on_saved, e);
	}
	return UI_HANDLED | UI_REDRAW;
}

/* ---- the view */

static void
edit_paint(struct app *a, struct view *v, int top, int rows)
{
	struct point_edit *e = v->priv;
	char title[256];

	if (e->point != NULL)
		snprintf(title, sizeof title, _("Edit service point no. %lld"),
		    (long long)ui_jint(e->point, "id", 0));
	else
		ui_copy(title, sizeof title, _("New service point"));
	attrset(ui_attr(a, UI_C_TITLE));
	ui_put(top, 1, COLS - 2, title);
	attrset(A_NORMAL);
	form_draw(a, &e->ed.form, top + 2);
	editor_draw(a, &e->ed, top, top + (rows < 7 ? rows - 1 : 6),
	    _("Ctrl-S saves; Esc goes back to the service points"));
}

static unsigned
edit_input(struct app *a, struct view *v, ui_key_t key)
{
	(void)a;
	return editor_key(&((struct point_edit *)v->priv)->ed, key);
}

static bool
edit_unsaved(const struct app *a, const struct view *v)
{
	(void)a;
	return form_unsaved(&((const struct point_edit *)v->priv)->ed.form);
}

static void
edit_session(struct app *a, struct view *v, enum ui_session_event ev)
{
	(void)a;
	if (ev == UI_DISCONNECTED)
		((struct point_edit *)v->priv)->ed.save_id = 0;
}

static void
edit_destroy(struct app *a, struct view *v)
{
	struct point_edit *e = v->priv;

	net_cancel(a, e->ed.save_id);
	cJSON_Delete(e->point);
}

static const struct ui_key edit_keys[] = {
	{ .key = UI_CTRL('s'), .alt = UI_K(KEY_F(2)), .name = N_("Ctrl-S"),
	    .label = N_("Save"), .help = N_("Check every field and save (also F2)"),
	    .run = run_save },
	{ .key = UI_KEY_ESC, .name = N_("Esc"), .label = N_("Back"),
	    .help = N_("Back to the service points (asks first when something was typed)"),
	    .run = ui_key_leave },
	{ .key = UI_KEY_TAB, .name = N_("Tab, Down"),
	    .help = N_("Next field (Shift-Tab, Up: previous); * marks a required field") },
	{ .key = UI_K(KEY_LEFT), .name = N_("Left/Right, Space"),
	    .help = N_("Change a choice: kind, region") },
	{ .key = 0 }
};

const struct view_ops ui_point_edit_view = {
	.name = "point_edit",
	.title = N_("Edit service point"),
	.private_size = sizeof(struct point_edit),
	.keys = edit_keys,
	.paint = edit_paint,
	.input = edit_input,
	.session = edit_session,
	.unsaved = edit_unsaved,
	.destroy = edit_destroy,
};
