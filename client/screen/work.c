/*
 * screen/work.c: what the forms of the repair and workshop screens share
 * (screen/work.h): money in yuan, the save key, moving between items, a
 * failed request shown in the form.
 */
#include "client/screen/work.h"
#include "client/screen/screens.h"

#include <stdio.h>
#include <string.h>

#include "common/states.h"

#define CTRL_S 0x13

void
ui_yuan(int64_t fen, char *buf, size_t len)
{
	const char *sign = fen < 0 ? "-" : "";

	if (fen < 0)
		fen = -fen;
	snprintf(buf, len, "%s%lld.%02lld", sign, (long long)(fen / 100),
	    (long long)(fen % 100));
}

int64_t
work_send(struct app *a, const char *op, cJSON *args)
{
	int64_t id = net_send(a, op, args);

	if (id > 0)
		return id;
	ui_message(a, true, "%s", _("Not connected: try again in a moment"));
	return 0;
}

int
work_bar(struct ui_help *out, int max, const struct ui_help *keys, int n)
{
	int k = 0;

	for (; k < max && k < n; k++)
		out[k] = keys[k];
	return k;
}

bool
work_save_key(int type, wint_t key)
{
	return (type == OK && key == CTRL_S) || (type == KEY_CODE_YES && key == KEY_F(2));
}

unsigned
work_form_key(struct form *f, int type, wint_t key, bool custom_ok)
{
	if ((type == OK && key == '\t') || (type == KEY_CODE_YES && key == KEY_DOWN))
		form_move(f, 1, custom_ok);
	else if (type == KEY_CODE_YES && (key == KEY_BTAB || key == KEY_UP))
		form_move(f, -1, custom_ok);
	else if (ui_key_enter(type, key) && f->items[f->focus].kind != FK_CUSTOM)
		form_move(f, 1, custom_ok);
	else if (!form_edit(f, type, key))
		return 0;
	return UI_HANDLED | UI_REDRAW;
}

void
work_form_failed(struct app *a, struct form *f, const cJSON *msg,
    char *error, size_t len, const char *const (*aliases)[2])
{
	net_error_text(msg, error, len);
	form_clear_errors(f);
	form_mark_error(f, reply_field(msg), aliases);
	ui_message(a, true, "%s", error);
}

void
work_draw_error(struct app *a, int y, const char *error, const char *hint)
{
	attrset(error[0] ? ui_attr(a, UI_C_ERROR) | A_BOLD : A_DIM);
	ui_put(y, 1, COLS - 2, error[0] ? error : hint);
	attrset(A_NORMAL);
}

bool
work_form_push(struct app *a, const struct view_ops *form, const char *no,
    const cJSON *msg, const char *op, cJSON **ticket, int64_t save_id,
    const struct view_ops *back)
{
	const cJSON *data = cJSON_GetObjectItemCaseSensitive(msg, "data");
	const char *state = ui_jstr(data, "state");

	if (ui_jint(msg, "id", -1) > 0 || strcmp(ui_jstr(msg, "event"), "ticket.changed") != 0 ||
	    strcmp(ui_jstr(data, "no"), no) != 0 || save_id != 0)
		return false;
	if (*ticket != NULL && ui_jint(data, "version", 0) < ui_jint(*ticket, "version", 0))
		return true;   /* older than what the form has */
	cJSON_Delete(*ticket);
	*ticket = cJSON_Duplicate(data, true);
	a->dirty = true;
	if (a->view == form && !ticket_transition_allowed(op, state)) {
		ui_message(a, true, _("Not possible now: ticket %s is %s"), no,
		    label_ticket_state(state));
		ui_switch(a, back);
	}
	return true;
}

int64_t
work_get_ticket(struct app *a, const char *no)
{
	cJSON *args = cJSON_CreateObject();
	int64_t id;

	cJSON_AddStringToObject(args, "no", no);
	id = net_send(a, "ticket.get", args);
	return id > 0 ? id : 0;
}
