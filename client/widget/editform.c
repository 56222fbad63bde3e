/*
 * widget/editform.c: a form that saves with one request
 * (widget/editform.h).
 */
#include "client/widget/editform.h"

#include <stdio.h>
#include <string.h>

void
edit_form_open(struct app *a, struct edit_form *e, const struct view_ops *view,
    struct form_item *items, const struct form_item *tmpl, int n, edit_form_saved_fn saved,
    const char *dropped)
{
	net_cancel(a, e->save_id);
	e->save_id = 0;
	memcpy(items, tmpl, (size_t)n * sizeof *items);
	e->form.items = items;
	e->form.n = n;
	form_init(&e->form);
	form_saved(&e->form);
	e->view = view;
	e->saved = saved;
	e->dropped = dropped;
	e->error[0] = '\0';
}

bool
edit_form_checked(struct edit_form *e)
{
	if (e->save_id > 0)
		return false;
	if (form_check(&e->form) > 0) {
		form_errors_text(&e->form, e->error, sizeof e->error);
		return false;
	}
	return true;
}

static void
on_saved(struct app *a, void *ctx, const cJSON *reply)
{
	struct edit_form *e = ctx;
	char text[512];

	e->save_id = 0;
	a->dirty = true;
	if (reply == NULL) {
		ui_copy(e->error, sizeof e->error, _(e->dropped));
	} else if (reply_ok(reply)) {
		form_saved(&e->form);
		if (a->view == e->view)
			ui_leave(a);
		e->saved(a, e, reply_result(reply));
	} else {
		form_refused(&e->form, reply, NULL, text, sizeof text);
		snprintf(e->error, sizeof e->error, _("Not saved: %s"), text);
	}
}

void
edit_form_send(struct app *a, int64_t *id, char *error, size_t len, const char *op,
    cJSON *args, net_reply_fn on_reply, void *ctx)
{
	*id = net_request(a, op, args, on_reply, ctx);
	if (*id < 0) {
		*id = 0;
		ui_copy(error, len, _("Not connected: Ctrl-S saves once the connection is back"));
	} else
		error[0] = '\0';
}

void
edit_form_save(struct app *a, struct edit_form *e, const char *op, cJSON *args)
{
	edit_form_send(a, &e->save_id, e->error, sizeof e->error, op, args, on_saved, e);
}

void
edit_form_draw(struct app *a, struct edit_form *e, const char *title, int top, int rows,
    const char *hint)
{
	int below = 0;

	attrset(ui_attr(a, UI_C_TITLE));
	ui_put(top, 1, COLS - 2, title);
	attrset(A_NORMAL);
	if (e->save_id > 0)
		ui_put_right(top, COLS / 2, COLS - COLS / 2 - 1, _("Saving..."));
	form_draw(a, &e->form, top + 2);
	for (int i = 0; i < e->form.n; i++)
		if (!e->form.items[i].hidden && e->form.items[i].row + 1 > below)
			below = e->form.items[i].row + 1;
	form_draw_error(a, top + (rows < below + 4 ? rows - 1 : below + 3), e->error, hint);
}

unsigned
edit_form_view_input(struct app *a, struct view *v, ui_key_t key)
{
	struct edit_form *e = v->priv;
	unsigned r = form_key(&e->form, key, false);

	(void)a;
	if (r != 0) {
		form_clear_errors(&e->form);
		e->error[0] = '\0';
	}
	return r;
}

bool
edit_form_view_unsaved(const struct app *a, const struct view *v)
{
	(void)a;
	return form_unsaved(&((const struct edit_form *)v->priv)->form);
}

void
edit_form_view_session(struct app *a, struct view *v, enum ui_session_event ev)
{
	(void)a;
	if (ev == UI_DISCONNECTED)
		((struct edit_form *)v->priv)->save_id = 0;
}
