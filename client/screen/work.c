/*
 * screen/work.c: what the forms of the repair and workshop screens share
 * (screen/work.h): a form about one ticket or complaint that reads it,
 * follows its pushes and saves it with one op, whose answer comes to the
 * callback sent with it; money in yuan; whole numbers typed.
 *
 * Every callback's ctx is the work_form in its view's state, which lives
 * for the whole run; opening the form again first forgets the callbacks
 * of the last opening (net_cancel_ctx), so a late answer about another
 * ticket never lands in it.
 */
#include "client/screen/work.h"
#include "client/screen/screens.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/states.h"

bool
work_parse_int(const char *text, long lo, long hi, long *out)
{
	char *end;
	long v;

	if (text[0] < '0' || text[0] > '9')
		return false;
	v = strtol(text, &end, 10);
	if (*end != '\0' || v < lo || v > hi)
		return false;
	*out = v;
	return true;
}

void
work_age_text(long secs, char *buf, size_t len)
{
	if (secs < 0)
		secs = 0;
	if (secs >= 86400)
		snprintf(buf, len, "%ldd %ldh", secs / 86400, secs % 86400 / 3600);
	else if (secs >= 3600)
		snprintf(buf, len, "%ldh %02ldm", secs / 3600, secs % 3600 / 60);
	else
		snprintf(buf, len, "%ldm", secs / 60);
}

static void
on_record(struct app *a, void *ctx, const cJSON *reply)
{
	struct work_form *w = ctx;
	bool first = w->record == NULL;

	if (reply == NULL)
		return;   /* read again after the automatic login */
	if (!reply_ok(reply)) {
		net_error_text(reply, w->error, sizeof w->error);
		ui_message(a, true, "%s", w->error);
		return;
	}
	cJSON_Delete(w->record);
	w->record = cJSON_Duplicate(reply_result(reply), true);
	if (w->kind->loaded != NULL)
		w->kind->loaded(a, w, first);
	a->dirty = true;
}

void
work_fetch(struct app *a, struct work_form *w)
{
	cJSON *args = cJSON_CreateObject();

	cJSON_AddStringToObject(args, "no", w->no);
	net_request(a, w->get_op, args, on_record, w);
}

void
work_open(struct app *a, struct work_form *w, const struct work_kind *kind,
    struct form_item *items, const char *get_op, const char *no,
    const struct view_ops *back)
{
	net_cancel_ctx(a, w);
	memcpy(items, kind->items, (size_t)kind->n * sizeof *items);
	w->kind = kind;
	w->form.items = items;
	w->form.n = kind->n;
	form_init(&w->form);
	w->get_op = get_op;
	ui_copy(w->no, sizeof w->no, no);
	w->saving = false;
	w->error[0] = '\0';
	cJSON_Delete(w->record);
	w->record = NULL;
	ui_show(a, kind->view, back);
	work_fetch(a, w);
}

bool
work_prompt_reply(struct app *a, struct overlay *o, const cJSON *reply, char *no,
    size_t len)
{
	if (!ui_prompt_answered(a, o, reply))
		return false;
	ui_copy(no, len, ui_overlay_ctx(o));
	ui_prompt_close(a, o);
	ui_ticket_changed(a, reply_result(reply));
	return true;
}

bool
work_checked(struct work_form *w)
{
	if (form_check(&w->form) == 0)
		return true;
	form_errors_text(&w->form, w->error, sizeof w->error);
	return false;
}

/* Leaves the form for where it came from, when it is still shown. */
static void
leave(struct app *a, struct work_form *w)
{
	if (a->view == w->kind->view)
		ui_switch(a, ui_current(a)->back);
}

static void
on_saved(struct app *a, void *ctx, const cJSON *reply)
{
	struct work_form *w = ctx;

	w->saving = false;
	a->dirty = true;
	if (reply == NULL) {
		ui_copy(w->error, sizeof w->error, _("The connection dropped before the "
		    "answer: look at the ticket before saving again"));
		return;
	}
	if (!reply_ok(reply)) {
		form_refused(&w->form, reply, w->kind->aliases, w->error, sizeof w->error);
		return;
	}
	form_saved(&w->form);
	leave(a, w);
	w->kind->saved(a, w, reply_result(reply));
}

void
work_save(struct app *a, struct work_form *w, cJSON *args)
{
	cJSON_AddStringToObject(args, "no", w->no);
	if (net_request(a, w->kind->op, args, on_saved, w) <= 0) {
		ui_copy(w->error, sizeof w->error, _("Not connected: try again in a moment"));
		return;
	}
	w->saving = true;
	w->error[0] = '\0';
	ui_message(a, false, "%s", _("Saving..."));
}

void
work_view_push(struct app *a, struct view *v, const cJSON *msg)
{
	struct work_form *w = v->priv;
	const cJSON *data = cJSON_GetObjectItemCaseSensitive(msg, "data");
	const char *state = ui_jstr(data, "state");

	if (strcmp(ui_jstr(msg, "event"), "ticket.changed") != 0 || w->record == NULL ||
	    strcmp(w->get_op, "ticket.get") != 0 || strcmp(ui_jstr(data, "no"), w->no) != 0 ||
	    w->saving || ui_jint(data, "version", 0) < ui_jint(w->record, "version", 0))
		return;
	cJSON_Delete(w->record);
	w->record = cJSON_Duplicate(data, true);
	a->dirty = true;
	if (a->view == w->kind->view && !ticket_transition_allowed(w->kind->op, state)) {
		ui_message(a, true, _("Not possible now: ticket %s is %s"), w->no,
		    label_ticket_state(state));
		ui_switch(a, ui_current(a)->back);
	}
}

void
work_view_session(struct app *a, struct view *v, enum ui_session_event ev)
{
	struct work_form *w = v->priv;

	if ((ev == UI_LOGGED_IN || ev == UI_RESYNC) && w->kind != NULL &&
	    a->view == w->kind->view)
		work_fetch(a, w);
}

void
work_view_destroy(struct app *a, struct view *v)
{
	struct work_form *w = v->priv;

	(void)a;
	cJSON_Delete(w->record);
	w->record = NULL;
}

unsigned
work_input(struct work_form *w, ui_key_t key, bool custom_ok)
{
	unsigned r = form_key(&w->form, key, custom_ok);

	if (r != 0)
		w->error[0] = '\0';
	return r;
}

bool
work_view_unsaved(const struct app *a, const struct view *v)
{
	const struct work_form *w = v->priv;

	(void)a;
	return form_unsaved(&w->form);
}

/* Cuts error into lines of width columns at its "; " (or "；") between
 * problems; returns how many (at most max, the last one cut). */
static int
error_layout(const char *error, int width, int max, char (*lines)[WORK_LINE])
{
	const char *s = error, *end;
	int n = 0;
	size_t seg;
	bool space = false;   /* the last problem ended "; ", not "；" */

	lines[0][0] = '\0';
	while (*s && n < max) {
		if ((end = strstr(s, "; ")) != NULL || (end = strstr(s, "\xef\xbc\x9b")) != NULL)
			seg = (size_t)(end - s) + (end[0] == ';' ? 1 : 3);
		else
			seg = strlen(s);
		if (lines[n][0] && ui_text_width(lines[n]) + space + (int)seg > width &&
		    ++n < max)
			lines[n][0] = '\0';
		if (n < max && strlen(lines[n]) + seg + 2 < WORK_LINE) {
			if (lines[n][0] && space)
				strcat(lines[n], " ");
			strncat(lines[n], s, seg);
		}
		space = end != NULL && end[0] == ';';
		s += seg;
		while (*s == ' ')
			s++;
	}
	return n < max ? n + (lines[n][0] != '\0') : max;
}

int
work_error_lines(const char *error, int max)
{
	char lines[WORK_ERROR_LINES][WORK_LINE];

	return error[0] ? error_layout(error, COLS - 2, max, lines) : 1;
}

void
work_draw_problems(struct app *a, int y, int max, const char *error,
    const char *hint)
{
	char lines[WORK_ERROR_LINES][WORK_LINE];
	int n;

	if (!error[0]) {
		attrset(A_DIM);
		ui_put(y, 1, COLS - 2, hint);
		attrset(A_NORMAL);
		return;
	}
	n = error_layout(error, COLS - 2, max < WORK_ERROR_LINES ? max : WORK_ERROR_LINES,
	    lines);
	attrset(ui_attr(a, UI_C_ERROR) | A_BOLD);
	for (int i = 0; i < n; i++)
		ui_put(y + i, 1, COLS - 2, lines[i]);
	attrset(A_NORMAL);
}

bool
work_view_can_save(const struct app *a, const struct view *v)
{
	const struct work_form *w = v->priv;

	(void)a;
	return w->record != NULL && !w->saving;
}

void
work_view_refuse_save(struct app *a, struct view *v)
{
	const struct work_form *w = v->priv;

	ui_message(a, true, "%s", w->saving ? _("Saving already: wait for the answer") :
	    _("Still reading the ticket: a moment"));
}

