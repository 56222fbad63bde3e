/*
 * screen/resample.c: the operators' second calls (head office's resample,
 * doc/domain.md, Return visits, The resample): resample.list, the drawn
 * tickets still to call again, oldest first visit first, never one whose
 * first visit this operator made. One row each: the ticket, when it was
 * first visited and by whom, the unit's model and the fault (no customer
 * data: the form reads the ticket, and that read is audited). Enter opens
 * the survey form of screen/visit.c as the second call (resample.record);
 * the first visit's answers are never shown, so the call is made blind.
 * After a call the banner says whether the answers disagree with the first
 * visit, and the queue reloads (another operator may have taken some).
 */
#include "client/screen/screens.h"
#include "client/screen/work.h"
#include "client/widget/table.h"

#include <stdio.h>
#include <string.h>

struct resample {
	cJSON *list;           /* resample.list's result, NULL before it */
	int64_t req;           /* in flight, 0: none */
	char banner[256];      /* the last call's outcome */
	struct table table;
	bool ready;            /* table initialised */
};

enum { C_TICKET, C_VISITED, C_FIRST_BY, C_MODEL, C_FAULT };

static const struct table_column resample_cols[] = {
	[C_TICKET] = { N_("Ticket"), 12, 0, false, true },
	[C_VISITED] = { N_("First visit"), 12, 0, false, true },
	[C_FIRST_BY] = { N_("Visited by"), 12, 1, false, true },
	[C_MODEL] = { N_("Model"), 14, 2, false, true },
	[C_FAULT] = { N_("Fault"), 0, 0, false, true },
};

static const cJSON *
row_at(const void *data, size_t i)
{
	const struct resample *R = data;

	return cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(R->list, "resamples"),
	    (int)i);
}

static size_t
rows_count(const void *data)
{
	const struct resample *R = data;

	return (size_t)cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(R->list,
	    "resamples"));
}

static void
row_cell(const struct app *a, const void *data, size_t i, int col, char *buf, size_t len)
{
	const cJSON *r = row_at(data, i);
	time_t at;

	switch (col) {
	case C_TICKET: ui_copy(buf, len, ui_jstr(r, "ticket_no")); break;
	case C_VISITED:
		ui_show_time(a, ui_parse_time(ui_jstr(r, "visited_at"), &at, NULL) ? at : 0,
		    true, buf, len);
		break;
	case C_FIRST_BY: ui_copy(buf, len, ui_jstr(r, "first_by_name")); break;
	case C_MODEL: ui_copy(buf, len, ui_jstr(r, "model")); break;
	default: ui_copy(buf, len, ui_jstr(r, "fault")); break;
	}
}

static void
row_key(const void *data, size_t i, char *buf, size_t len)
{
	ui_copy(buf, len, ui_jstr(row_at(data, i), "ticket_no"));
}

static const struct table_source resample_source = {
	.count = rows_count, .cell = row_cell, .key = row_key,
};

static struct resample *
resample_of(struct view *v)
{
	struct resample *R = v->priv;

	if (!R->ready) {
		table_init(&R->table, resample_cols,
		    (int)(sizeof resample_cols / sizeof resample_cols[0]), &resample_source, R);
		R->ready = true;
	}
	return R;
}

/* ---- loading */

static void
on_list(struct app *a, void *ctx, const cJSON *reply)
{
	struct resample *R = ctx;
	char text[512];

	R->req = 0;
	a->dirty = true;
	if (reply == NULL)
		return;
	if (!reply_ok(reply)) {
		net_error_text(reply, text, sizeof text);
		ui_message(a, true, _("Cannot read the second calls: %s"), text);
		return;
	}
	cJSON_Delete(R->list);
	R->list = cJSON_Duplicate(reply_result(reply), true);
	table_refresh(&R->table, a);
}

static void
load(struct app *a, struct resample *R)
{
	net_cancel_ctx(a, R);
	R->req = 0;
	if (!a->logged_in)
		return;
	R->req = net_request(a, "resample.list", cJSON_CreateObject(), on_list, R);
	if (R->req < 0)
		R->req = 0;
}

/* The second call was recorded (the survey form's saved, screen/visit.c). */
void
resample_call_saved(struct app *a, struct work_form *w, const cJSON *result)
{
	struct resample *R = resample_of(ui_view_of(a, &ui_resample_view));

	if (ui_jbool(result, "disagreed"))
		snprintf(R->banner, sizeof R->banner, _("Ticket %s: second call recorded, "
		    "disagrees with the first visit"), w->no);
	else
		snprintf(R->banner, sizeof R->banner, _("Ticket %s: second call recorded, "
		    "agrees with the first visit"), w->no);
	ui_message(a, false, "%s", R->banner);
	load(a, R);
}

/* ---- keys */

static bool
has_row(const struct app *a, const struct view *v)
{
	const struct resample *R = v->priv;
	size_t row;

	(void)a;
	return R->ready && table_selected(&R->table, &row);
}

static void
refuse_no_row(struct app *a, struct view *v)
{
	(void)v;
	ui_message(a, true, "%s", _("No ticket to call again"));
}

static unsigned
run_call(struct app *a, struct view *v)
{
	struct resample *R = resample_of(v);
	size_t row;

	if (table_selected(&R->table, &row))
		resample_survey_show(a, ui_jstr(row_at(R, row), "ticket_no"), &ui_resample_view);
	return UI_HANDLED;
}

static unsigned
run_reload(struct app *a, struct view *v)
{
	load(a, resample_of(v));
	return UI_HANDLED;
}

static const struct ui_key resample_keys[] = {
	{ .key = UI_KEY_ENTER, .name = N_("Enter"), .label = N_("Call again"),
	  .help = N_("Call the customer again: the survey form, without the first answers"),
	  .run = run_call, .when = has_row, .refuse = refuse_no_row },
	{ .key = UI_K(KEY_F(5)), .run = run_reload },   /* the frame names F5 */
	TABLE_HELP_KEYS,
	{ 0 }
};

/* ---- the view */

static void
resample_paint(struct app *a, struct view *v, int top, int rows)
{
	struct resample *R = resample_of(v);
	char line[256];
	long long total = ui_jint(R->list, "total", 0);

	snprintf(line, sizeof line, ngettext("Second calls: %lld ticket drawn by head office "
	    "to call again", "Second calls: %lld tickets drawn by head office to call again",
	    total), total);
	attrset(ui_attr(a, UI_C_TITLE));
	ui_put(top, 1, COLS - 2, line);
	attrset(A_BOLD);
	ui_put(top + 1, 1, COLS - 2, R->banner);
	attrset(A_NORMAL);
	table_draw(&R->table, a, top + 2, rows - 2);
	if (R->list == NULL || R->table.norder == 0)
		ui_put(top + 4, 2, COLS - 4, R->req > 0 || R->list == NULL ?
		    _("Loading...") : _("No second calls to make"));
}

static void
resample_enter(struct app *a, struct view *v)
{
	load(a, resample_of(v));
}

static unsigned
resample_input(struct app *a, struct view *v, ui_key_t key)
{
	return table_key(&resample_of(v)->table, a, key);
}

static void
resample_session(struct app *a, struct view *v, enum ui_session_event ev)
{
	struct resample *R = resample_of(v);

	if (ev == UI_DISCONNECTED)
		R->req = 0;
	else if ((ev == UI_LOGGED_IN || ev == UI_RESYNC) && a->view == v->ops)
		load(a, R);
	else if (ev == UI_LOGGED_OUT) {
		net_cancel_ctx(a, R);
		cJSON_Delete(R->list);
		R->list = NULL;
		R->banner[0] = '\0';
		table_refresh(&R->table, a);
	}
}

static void
resample_destroy(struct app *a, struct view *v)
{
	struct resample *R = resample_of(v);

	net_cancel_ctx(a, R);
	cJSON_Delete(R->list);
	table_free(&R->table);
}

const struct view_ops ui_resample_view = {
	.name = "resample",
	.title = N_("Second calls"),
	.flags = UI_VIEW_SCREEN,
	.private_size = sizeof(struct resample),
	.keys = resample_keys,
	.enter = resample_enter,
	.paint = resample_paint,
	.input = resample_input,
	.session = resample_session,
	.destroy = resample_destroy,
};
