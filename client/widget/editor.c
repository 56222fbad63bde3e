/*
 * widget/editor.c: a form that saves one record with one op; see
 * widget/editor.h.
 */
#include "client/widget/editor.h"

#include <stdio.h>
#include <string.h>

void
editor_reset(struct app *a, struct editor *ed)
{
	net_cancel(a, ed->save_id);
	ed->save_id = 0;
	ed->error[0] = '\0';
}

bool
editor_check(struct editor *ed)
{
	if (form_check(&ed->form) == 0)
		return true;
	form_errors_text(&ed->form, ed->error, sizeof ed->error);
	return false;
}

bool
editor_send(struct app *a, struct editor *ed, const char *op, cJSON *args,
    net_reply_fn on_reply, void *ctx)
{
	ed->save_id = net_request(a, op, args, on_reply, ctx);
	if (ed->save_id > 0) {
		ed->error[0] = '\0';
		return true;
	}
	ed->save_id = 0;
	ui_copy(ed->error, sizeof ed->error, _("Not connected: Ctrl-S saves once the "
	    "connection is back"));
	return false;
}

/* The refusal on its item, in the form's words when its table has them. */
static void
say_refusal(struct editor *ed, const cJSON *reply)
{
	const struct editor_refusal *r;
	char text[512];

	form_refused(&ed->form, reply, NULL, text, sizeof text);
	for (r = ed->refusals; r != NULL && r->code != NULL; r++)
		if (strcmp(reply_code(reply), r->code) == 0 &&
		    strcmp(reply_field(reply), r->field) == 0)
			ui_copy(text, sizeof text, _(r->text));
	snprintf(ed->error, sizeof ed->error, _("Not saved: %s"), text);
}

bool
editor_answered(struct app *a, struct editor *ed, const cJSON *reply)
{
	ed->save_id = 0;
	a->dirty = true;
	if (reply == NULL) {
		ui_copy(ed->error, sizeof ed->error, _("The connection dropped while saving: "
		    "Ctrl-S saves again once it is back"));
		return false;
	}
	if (!reply_ok(reply)) {
		say_refusal(ed, reply);
		return false;
	}
	form_saved(&ed->form);
	return true;
}

void
editor_back(struct app *a, const struct view_ops *form, const struct view_ops *fallback)
{
	struct view *v = ui_view_of(a, form);

	if (a->view == form)
		ui_switch(a, v->back != NULL ? v->back : fallback);
}

void
editor_add_text(cJSON *args, const char *name, const struct editor *ed, int item)
{
	char buf[UI_FIELD_MAX * 4 + 1];

	form_text(&ed->form, item, buf, sizeof buf);
	cJSON_AddStringToObject(args, name, buf);
}

unsigned
editor_key(struct editor *ed, ui_key_t key)
{
	unsigned r = form_key(&ed->form, key, false);

	if (r != 0) {
		form_clear_errors(&ed->form);
		ed->error[0] = '\0';
	}
	return r;
}

void
editor_draw(struct app *a, const struct editor *ed, int top, int y, const char *hint)
{
	if (ed->save_id > 0)
		ui_put_right(top, COLS / 2, COLS - COLS / 2 - 1, _("Saving..."));
	form_draw_error(a, y, ed->error, hint);
}

unsigned
editor_view_input(struct app *a, struct view *v, ui_key_t key)
{
	(void)a;
	return editor_key(v->priv, key);
}

bool
editor_view_unsaved(const struct app *a, const struct view *v)
{
	(void)a;
	return form_unsaved(&((const struct editor *)v->priv)->form);
}

/* A save in flight when the connection drops has no answer coming. */
void
editor_view_session(struct app *a, struct view *v, enum ui_session_event ev)
{
	(void)a;
	if (ev == UI_DISCONNECTED)
		((struct editor *)v->priv)->save_id = 0;
}
