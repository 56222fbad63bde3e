/*
 * screen/visit.c: the operator's return visits (回访).
 *
 * The visit queue (ticket.list queue to_visit): completed tickets waiting
 * for their call, each due the next working day, in the daemon's order
 * (by that day, or by the call-back's time after an attempt that reached
 * nobody; one completed since comes last), with the unreachable attempts
 * and the call-back (dim until it is due); F6 switches between it
 * and the intake. u records that the customer was not reached (asks y/n
 * first; the queue reloads in the daemon's order, the third attempt closes
 * the ticket). Enter opens the survey form for the selected ticket:
 * attitude, skill, punctuality and promise kept, each answered with one
 * key (1 very satisfied .. 4 unsatisfied, the focus then moves on), the
 * score 0-100 and a comment; Ctrl-S records it (visit.record), which
 * closes the ticket; every question left unanswered and a wrong score are
 * said at once, and leaving with answers given asks first. An unsatisfied
 * visit (score under the setting unsatisfied_score, or any item at 4) opens
 * a complaint: its number is shown on the queue.
 *
 * The same form records the return visit after a complaint (the complaint
 * board's To visit queue, screen/complaints.c): given a complaint's number it
 * reads the complaint (complaint.get) and visit.record closes nothing; and
 * head office's second call of a drawn ticket (screen/resample.c), sent as
 * resample.record, the first visit's answers not shown.
 */
#include "client/screen/screens.h"
#include "client/widget/ticketlist.h"
#include "client/screen/work.h"
#include "common/domain.h"
#include "common/records.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the visit queue */

struct visit {
	struct ui_list list;
	char banner[256];   /* the last visit's outcome */
};

/* At 80 columns the technician, the class, the state and the region give
 * way first; never the attempts or the call-back. */
static const struct list_column visit_cols[] = {
	{ COL_NO, 12, 0 }, { COL_STATE, 10, 5 }, { COL_CLASS, 5, 6 },
	{ COL_CUSTOMER, 12, 0 }, { COL_PHONE, 12, 1 }, { COL_FAULT, 0, 2 },
	{ COL_ATTEMPTS, 5, 0 }, { COL_CALLBACK, 11, 0 },
	{ COL_TECH, 12, 7 }, { COL_REGION, 8, 4 },
};

static struct visit *
visit_of(struct view *v)
{
	struct visit *vs = v->priv;

	if (vs->list.view == NULL) {
		list_init(&vs->list, &ui_visit_view, "to_visit", visit_cols,
		    (int)(sizeof visit_cols / sizeof visit_cols[0]));
		vs->list.daemon_order = true;
	}
	return vs;
}

static unsigned
run_survey(struct app *a, struct view *v)
{
	survey_show(a, list_view_selected(v)->no, &ui_visit_view);
	return UI_HANDLED;
}

static unsigned
run_visit_detail(struct app *a, struct view *v)
{
	detail_show(a, list_view_selected(v)->no, &ui_visit_view);
	return UI_HANDLED;
}

LIST_ACTION(static, unreachable, "visit.record", action_unreachable)

static const struct ui_key visit_keys[] = {
	{ .key = UI_KEY_ENTER, .name = N_("Enter"), .label = N_("Survey"),
	  .help = N_("Call back: the survey form"), .run = run_survey,
	  .when = list_view_has_selection, .refuse = list_view_refuse },
	{ .key = 'u', .name = "u", .label = N_("Unreachable"),
	  .help = N_("The customer was not reached: call back the next working half-day "
	      "(asks y/n; the third attempt closes the ticket)"),
	  .run = run_unreachable, .when = can_unreachable, .refuse = list_view_refuse },
	{ .key = 'd', .alt = UI_K(KEY_F(3)), .name = N_("d, F3"), .label = N_("Detail"),
	  .help = N_("The ticket's detail and history"), .run = run_visit_detail,
	  .when = list_view_has_selection, .refuse = list_view_refuse },
	{ .key = UI_K(KEY_F(5)), .run = list_view_reload },   /* the frame names F5 */
	TABLE_HELP_KEYS,
	{ 0 }
};

static void
visit_enter(struct app *a, struct view *v)
{
	list_open(a, &visit_of(v)->list);
}

static void
visit_paint(struct app *a, struct view *v, int top, int rows)
{
	struct visit *vs = visit_of(v);
	char left[256];

	snprintf(left, sizeof left, ngettext("Return visits: %zu ticket to call back",
	    "Return visits: %zu tickets to call back", vs->list.set.len), vs->list.set.len);
	list_caption(&vs->list, top, left, ui_attr(a, UI_C_TITLE));
	attrset(A_BOLD);
	ui_put(top + 1, 1, COLS - 2, vs->banner);
	attrset(A_NORMAL);
	list_draw(a, &vs->list, top + 2, rows - 2);
}

static void
visit_session(struct app *a, struct view *v, enum ui_session_event ev)
{
	struct visit *vs = v->priv;

	if (ev == UI_LOGGED_OUT)
		vs->banner[0] = '\0';
	list_view_session(a, v, ev);
}

const struct view_ops ui_visit_view = {
	.name = "visit",
	.title = N_("Return visits"),
	.flags = UI_VIEW_SCREEN,
	.private_size = sizeof(struct visit),
	.keys = visit_keys,
	.enter = visit_enter,
	.paint = visit_paint,
	.input = list_view_input,
	.push = list_view_push,
	.session = visit_session,
	.destroy = list_view_destroy,
};

/* ---- an attempt that reached nobody (visit.record outcome unreachable) */

/* The outcome on the queue's banner and the message line. */
static void
unreachable_said(struct app *a, const char *no, const cJSON *t)
{
	struct visit *vs = visit_of(ui_view_of(a, &ui_visit_view));
	long long attempts = ui_jint(t, "visit_attempts", 0);
	char when[32];
	time_t at;

	if (strcmp(ui_jstr(t, "state"), "closed") == 0)
		snprintf(vs->banner, sizeof vs->banner, ngettext(
		    "Ticket %s closed: the customer was not reached in %lld attempt",
		    "Ticket %s closed: the customer was not reached in %lld attempts", attempts),
		    no, attempts);
	else {
		ui_show_time(a, ui_parse_time(ui_jstr(t, "callback_at"), &at, NULL) ? at : 0,
		    true, when, sizeof when);
		snprintf(vs->banner, sizeof vs->banner, _("Ticket %s: not reached (attempt "
		    "%lld of %d); call back %s"), no, attempts, VISIT_ATTEMPTS_MAX, when);
	}
	ui_message(a, false, "%s", vs->banner);
	if (vs->list.loaded)   /* the daemon's order: by the call-back */
		list_load(a, &vs->list);
}

bool
action_unreachable(struct app *a, const struct ticket_row *r)
{
	char question[256];

	if (r == NULL)
		return action_refuse(a, r);
	if (r->visit_attempts + 1 >= VISIT_ATTEMPTS_MAX)
		snprintf(question, sizeof question, _("%s not reached (attempt %d of %d): "
		    "close it as unreachable?"), r->no, r->visit_attempts + 1, VISIT_ATTEMPTS_MAX);
	else
		snprintf(question, sizeof question, _("%s not reached (attempt %d of %d): "
		    "call back later?"), r->no, r->visit_attempts + 1, VISIT_ATTEMPTS_MAX);
	return action_confirmed(a, r, "visit.record", question, "outcome", "unreachable",
	    unreachable_said);
}

/* ---- the survey form */

enum { S_ATTITUDE, S_SKILL, S_PUNCTUALITY, S_PROMISE, S_SCORE, S_COMMENT, S_COUNT };
#define NQUESTIONS 4

/* A question's answer is its item's choice: 1..4, 0 while unanswered. */
static const char *
answered(const struct form *f, int item, const char *text)
{
	(void)text;
	return f->items[item].choice == 0 ? N_("not answered") : NULL;
}

static const struct form_item survey_items[S_COUNT] = {
	[S_ATTITUDE] = { .kind = FK_CUSTOM, .label = N_("Attitude"), .wire = "attitude",
	    .row = 0, .span = 3, .lines = 1, .flags = FF_REQUIRED, .check_fn = answered },
	[S_SKILL] = { .kind = FK_CUSTOM, .label = N_("Skill"), .wire = "skill",
	    .row = 1, .span = 3, .lines = 1, .flags = FF_REQUIRED, .check_fn = answered },
	[S_PUNCTUALITY] = { .kind = FK_CUSTOM, .label = N_("Punctuality"),
	    .wire = "punctuality", .row = 2, .span = 3, .lines = 1, .flags = FF_REQUIRED,
	    .check_fn = answered },
	[S_PROMISE] = { .kind = FK_CUSTOM, .label = N_("Promise kept"), .wire = "promise",
	    .row = 3, .span = 3, .lines = 1, .flags = FF_REQUIRED, .check_fn = answered },
	[S_SCORE] = { .kind = FK_TEXT, .label = N_("Score (0-100)"), .wire = "score",
	    .row = 5, .span = 1, .max = 3, .flags = FF_REQUIRED, .check = FC_INTEGER,
	    .lo = 0, .hi = 100 },
	[S_COMMENT] = { .kind = FK_TEXT, .label = N_("Comment"), .wire = "comment",
	    .row = 6, .span = 3, .max = VISIT_COMMENT_MAX, .flags = FF_COUNT },
};

static const char *const answers[NQUESTIONS] = {
	N_("very satisfied"), N_("satisfied"), N_("fairly satisfied"), N_("unsatisfied"),
};

/* What the form records: a ticket's return visit, a complaint's, or the
 * resample's second call of a ticket. */
enum survey_of { SURVEY_TICKET, SURVEY_COMPLAINT, SURVEY_SECOND_CALL };

struct survey {
	struct work_form w;
	struct form_item items[S_COUNT];
	enum survey_of of;
};

static void
survey_saved(struct app *a, struct work_form *w, const cJSON *result)
{
	struct visit *vs = ui_view_of(a, &ui_visit_view)->priv;
	const char *complaint = ui_jstr(result, "complaint");

	if (strcmp(w->get_op, "complaint.get") == 0) {
		/* the board reloads on its complaint.changed */
		ui_message(a, false, _("Complaint %s: return visit recorded"), w->no);
		return;
	}
	ui_ticket_changed(a, result);
	if (complaint[0])
		snprintf(vs->banner, sizeof vs->banner,
		    _("Ticket %s closed: unsatisfied, complaint %s opened"), w->no, complaint);
	else
		snprintf(vs->banner, sizeof vs->banner, _("Ticket %s closed: visit recorded"),
		    w->no);
	ui_message(a, complaint[0] != '\0', "%s", vs->banner);
}

void
survey_show(struct app *a, const char *no, const struct view_ops *back)
{
	struct survey *s = ui_view_of(a, &ui_survey_view)->priv;
	static const struct work_kind kind = { &ui_survey_view, "visit.record",
		survey_items, S_COUNT, NULL, survey_saved, NULL };

	s->of = is_complaint_no(no) ? SURVEY_COMPLAINT : SURVEY_TICKET;
	work_open(a, &s->w, &kind, s->items, s->of == SURVEY_COMPLAINT ? "complaint.get" :
	    "ticket.get", no, back);
}

void
resample_survey_show(struct app *a, const char *no, const struct view_ops *back)
{
	struct survey *s = ui_view_of(a, &ui_survey_view)->priv;
	static const struct work_kind kind = { &ui_survey_view, "resample.record",
		survey_items, S_COUNT, NULL, resample_call_saved, NULL };

	s->of = SURVEY_SECOND_CALL;
	work_open(a, &s->w, &kind, s->items, "ticket.get", no, back);
}

/* "Attitude*   1  [2 satisfied]  3  4": the answer reversed, with its
 * words (all four words are on the legend above, so a line fits 80
 * columns in either language). */
static void
draw_question(struct app *a, const struct survey *s, int y, int q)
{
	bool focus = s->w.form.focus == q;
	const struct form_item *it = &s->items[q];
	int x = 1, answer = it->choice;
	char opt[96];

	attrset(it->error ? ui_attr(a, UI_C_ERROR) | A_REVERSE : focus ?
	    ui_attr(a, UI_C_FOCUS) | A_BOLD : A_NORMAL);
	snprintf(opt, sizeof opt, "%s*", _(it->label));
	ui_put(y, x, 16, opt);
	attrset(A_NORMAL);
	x += 17;
	for (int k = 0; k < NQUESTIONS && x < COLS - 2; k++) {
		if (answer == k + 1)
			snprintf(opt, sizeof opt, "[%d %s]", k + 1, _(answers[k]));
		else
			snprintf(opt, sizeof opt, " %d ", k + 1);
		attrset(answer == k + 1 ? A_REVERSE | A_BOLD : A_NORMAL);
		x += ui_put(y, x, COLS - 2 - x, opt) + 1;
		attrset(A_NORMAL);
	}
	if (focus) {
		a->cursor_y = y;
		a->cursor_x = 1;
	}
}

/* "1 very satisfied  2 satisfied  3 fairly satisfied  4 unsatisfied" */
static void
draw_legend(int y)
{
	char line[256];
	size_t n = 0;

	line[0] = '\0';
	for (int k = 0; k < NQUESTIONS && n < sizeof line; k++)
		n += (size_t)snprintf(line + n, sizeof line - n, "%s%d %s", k ? "   " : "",
		    k + 1, _(answers[k]));
	attrset(A_DIM);
	ui_put(y, 18, COLS - 19, line);
	attrset(A_NORMAL);
}

/* Whom to call, at which number, about what. */
static void
draw_call_line(const struct survey *s, int y)
{
	const cJSON *r = s->w.record;
	const cJSON *c = cJSON_GetObjectItemCaseSensitive(r, "customer");
	char line[512], phones[256];

	ui_jjoin(c, "phones", phones, sizeof phones);
	if (s->of == SURVEY_COMPLAINT)
		snprintf(line, sizeof line, _("Call %s at %s  (%s: %s)"), ui_jstr(c, "name"),
		    phones, label_category(ui_jstr(r, "category")), ui_jstr(r, "text"));
	else
		snprintf(line, sizeof line, _("Call %s at %s  (%s %s, technician %s)"),
		    ui_jstr(c, "name"), phones,
		    ui_jstr(cJSON_GetObjectItemCaseSensitive(r, "unit"), "model"),
		    ui_jstr(r, "fault"), ui_jstr(r, "technician"));
	ui_put(y, 1, COLS - 2, line);
}

static const char *
survey_hint(const struct survey *s)
{
	switch (s->of) {
	case SURVEY_COMPLAINT:
		return _("1-4 answers each question; Ctrl-S records the visit after the "
		    "complaint");
	case SURVEY_SECOND_CALL:
		return _("1-4 answers each question; Ctrl-S records the second call");
	default:
		return _("1-4 answers each question; Ctrl-S records the visit and closes the "
		    "ticket");
	}
}

static void
survey_paint(struct app *a, struct view *v, int top, int rows)
{
	struct survey *s = v->priv;
	char line[512];

	if (s->of == SURVEY_COMPLAINT)
		snprintf(line, sizeof line, _("Return visit: complaint %s"), s->w.no);
	else if (s->of == SURVEY_SECOND_CALL)
		snprintf(line, sizeof line, _("Second call (head office's resample): ticket %s"),
		    s->w.no);
	else
		snprintf(line, sizeof line, _("Return visit: ticket %s"), s->w.no);
	attrset(ui_attr(a, UI_C_TITLE));
	ui_put(top, 1, COLS - 2, line);
	attrset(A_NORMAL);
	if (s->w.record == NULL) {
		ui_put(top + 2, 1, COLS - 2, s->w.error[0] ? s->w.error : _("Loading..."));
		return;
	}
	draw_call_line(s, top + 1);
	draw_legend(top + 2);
	for (int q = 0; q < NQUESTIONS; q++)
		draw_question(a, s, top + 3 + q, q);
	form_draw(a, &s->w.form, top + 3);
	work_draw_problems(a, top + 11, rows - 11, s->w.error, survey_hint(s));
}

static cJSON *
visit_args(const struct survey *s)
{
	cJSON *args = cJSON_CreateObject();
	char buf[UI_FIELD_MAX * 4 + 1];
	long score = 0;

	for (int q = 0; q < NQUESTIONS; q++)
		cJSON_AddNumberToObject(args, s->items[q].wire, s->items[q].choice);
	form_text(&s->w.form, S_SCORE, buf, sizeof buf);
	work_parse_int(buf, 0, 100, &score);   /* form_check said it is one */
	cJSON_AddNumberToObject(args, "score", (double)score);
	form_text(&s->w.form, S_COMMENT, buf, sizeof buf);
	if (buf[0])
		cJSON_AddStringToObject(args, "comment", buf);
	return args;
}

static unsigned
run_record(struct app *a, struct view *v)
{
	struct survey *s = v->priv;

	if (work_checked(&s->w))
		work_save(a, &s->w, visit_args(s));
	return UI_HANDLED;
}

/* On a question, 1-4 answer it and move on, Enter moves on; the rest is
 * the form's. */
static unsigned
survey_input(struct app *a, struct view *v, ui_key_t key)
{
	struct survey *s = v->priv;
	struct form *f = &s->w.form;

	(void)a;
	if (f->focus < NQUESTIONS && key >= '1' && key <= '4') {
		s->items[f->focus].choice = (int)(key - '0');
		s->items[f->focus].error = false;
		s->w.error[0] = '\0';
		f->dirty = true;
		form_move(f, 1, true);
		return UI_HANDLED | UI_REDRAW;
	}
	if (f->focus < NQUESTIONS && key == UI_KEY_ENTER) {
		form_move(f, 1, true);
		return UI_HANDLED | UI_REDRAW;
	}
	return work_input(&s->w, key, true);
}

static const struct ui_key survey_keys[] = {
	{ .key = UI_CTRL('s'), .alt = UI_K(KEY_F(2)), .name = N_("Ctrl-S"),
	  .label = N_("Record"),
	  .help = N_("Record the visit: a ticket is closed, a complaint stays open"),
	  .run = run_record, .when = work_view_can_save, .refuse = work_view_refuse_save },
	{ .key = '1', .name = "1-4", .label = N_("Answer"),
	  .help = N_("Answer the question: 1 very satisfied .. 4 unsatisfied") },
	{ .key = UI_KEY_TAB, .name = N_("Tab, Down"),
	  .help = N_("Next question or field (Shift-Tab, Up: previous)") },
	{ .key = UI_KEY_ESC, .name = N_("Esc"), .label = N_("Back"),
	  .help = N_("Back to the queue without recording (asks when something is answered)"),
	  .run = ui_key_leave },
	{ 0 }
};

/* Someone else recorded this complaint's visit (or moved it on) while the
 * form was open: as work_view_push does for a ticket. */
static void
complaint_push(struct app *a, struct survey *s, const cJSON *msg)
{
	const cJSON *data = cJSON_GetObjectItemCaseSensitive(msg, "data");

	if (s->w.saving || strcmp(ui_jstr(msg, "event"), "complaint.changed") != 0 ||
	    strcmp(ui_jstr(data, "no"), s->w.no) != 0)
		return;
	cJSON_Delete(s->w.record);
	s->w.record = cJSON_Duplicate(data, true);
	a->dirty = true;
	if (a->view == &ui_survey_view && (!ui_jstr(data, "visit_due")[0] ||
	    strcmp(ui_jstr(data, "state"), "follow_up") != 0)) {
		ui_message(a, true, _("Not possible now: complaint %s has no return visit due"),
		    s->w.no);
		ui_switch(a, ui_current(a)->back);
	}
}

static void
survey_push(struct app *a, struct view *v, const cJSON *msg)
{
	struct survey *s = v->priv;

	if (s->of == SURVEY_COMPLAINT)
		complaint_push(a, s, msg);
	else if (s->of == SURVEY_TICKET)   /* a second call's ticket is closed already */
		work_view_push(a, v, msg);
}

const struct view_ops ui_survey_view = {
	.name = "survey",
	.title = N_("Return visit survey"),
	.private_size = sizeof(struct survey),
	.keys = survey_keys,
	.paint = survey_paint,
	.input = survey_input,
	.push = survey_push,
	.session = work_view_session,
	.unsaved = work_view_unsaved,
	.destroy = work_view_destroy,
};
