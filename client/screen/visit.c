/*
 * screen/visit.c: the operator's return visits (回访).
 *
 * The visit queue (ticket.list queue to_visit): completed tickets waiting
 * for their call, each due the next working day, in the daemon's order
 * (by that day; one completed since comes last); F6 switches between it
 * and the intake. Enter opens the survey form for the selected ticket:
 * attitude, skill, punctuality and promise kept, each answered with one
 * key (1 very satisfied .. 4 unsatisfied, the focus then moves on), the
 * score 0-100 and a comment; Ctrl-S records it (visit.record), which
 * closes the ticket. An unsatisfied visit (score under 80 or any item at
 * 4) opens a complaint: its number is shown on the queue.
 *
 * The same form records the return visit after a complaint (the complaint
 * board's To visit queue, screen/complaints.c): given a complaint's number it
 * reads the complaint (complaint.get) and visit.record closes nothing.
 */
#include "client/screen/complaints.h"
#include "client/screen/screens.h"
#include "client/widget/ticketlist.h"
#include "client/screen/work.h"
#include "common/domain.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the visit queue */

static const struct list_column visit_cols[] = {
	{ COL_NO, 12, false }, { COL_STATE, 10, false }, { COL_CLASS, 5, false },
	{ COL_CUSTOMER, 12, false }, { COL_PHONE, 12, false }, { COL_FAULT, 0, false },
	{ COL_TECH, 12, true }, { COL_REGION, 8, true },
};

static struct ui_list V = {
	.view = &ui_visit_view, .queue = "to_visit", .daemon_order = true,
	.cols = visit_cols,
	.ncols = sizeof visit_cols / sizeof visit_cols[0],
};

static char banner[256];   /* the last visit's outcome, shown on the queue */

static const struct ui_help visit_help[] = {
	{ N_("Up/Down"), N_("Move the selection") },
	{ N_("Enter"), N_("Call back: the survey form") },
	{ N_("d, F3"), N_("The ticket's detail and history") },
	{ N_("F6"), N_("Next screen: intake, return visits") },
	{ NULL, NULL }
};

static int
visit_bar(struct app *a, struct ui_help *out, int max)
{
	int n = 0;

	(void)a;
	if (list_selected(&V) != NULL && n + 1 < max) {
		out[n++] = (struct ui_help){ N_("Enter"), N_("Survey") };
		out[n++] = (struct ui_help){ "d", N_("Detail") };
	}
	return n;
}

static void
visit_open(struct app *a)
{
	list_open(a, &V);
}

static void
visit_draw(struct app *a, int top, int rows)
{
	char left[256];

	snprintf(left, sizeof left, ngettext("Return visits: %zu ticket to call back",
	    "Return visits: %zu tickets to call back", V.set.len), V.set.len);
	attrset(ui_attr(a, UI_C_TITLE));
	ui_put(top, 1, COLS - 1, left);
	attrset(A_NORMAL);
	ui_put_right(top, COLS / 2, COLS - COLS / 2 - 1, list_status(&V));
	attrset(A_BOLD);
	ui_put(top + 1, 1, COLS - 2, banner);
	attrset(A_NORMAL);
	list_draw(a, &V, top + 2, rows - 2);
}

static unsigned
visit_key(struct app *a, int type, wint_t key)
{
	const struct ticket_row *r = list_selected(&V);
	unsigned k = list_key(&V, type, key);

	if (k != 0)
		return k;
	if (ui_key_enter(type, key) && r != NULL)
		survey_show(a, r->no, &ui_visit_view);
	else if (((type == OK && key == 'd') || (type == KEY_CODE_YES &&
	    key == KEY_F(3))) && r != NULL)
		detail_show(a, r->no, &ui_visit_view);
	else if (type == OK && key == 'q')
		a->quit = true;
	else if (type == KEY_CODE_YES && key == KEY_F(5) && a->logged_in)
		list_load(a, &V);
	else
		return 0;
	return UI_HANDLED | UI_REDRAW;
}

static bool
visit_message(struct app *a, const cJSON *msg)
{
	return list_message(a, &V, msg);
}

static void
visit_session(struct app *a, enum ui_session_event ev)
{
	if (ev == UI_LOGGED_OUT)
		banner[0] = '\0';
	list_session(a, &V, ev);
}

const struct view_ops ui_visit_view = {
	.name = "visit",
	.title = N_("Return visits"),
	.open = visit_open,
	.draw = visit_draw,
	.key = visit_key,
	.on_message = visit_message,
	.on_session = visit_session,
	.help = visit_help,
	.bar = visit_bar,
};

/* ---- the survey form */

enum { S_ATTITUDE, S_SKILL, S_PUNCTUALITY, S_PROMISE, S_SCORE, S_COMMENT, S_COUNT };
#define NQUESTIONS 4

static struct form_item s_items[S_COUNT] = {
	[S_ATTITUDE] = { FK_CUSTOM, N_("Attitude"), "attitude", 0, 0, 3, 0, NULL, NULL, 1 },
	[S_SKILL] = { FK_CUSTOM, N_("Skill"), "skill", 1, 0, 3, 0, NULL, NULL, 1 },
	[S_PUNCTUALITY] = { FK_CUSTOM, N_("Punctuality"), "punctuality", 2, 0, 3, 0,
	    NULL, NULL, 1 },
	[S_PROMISE] = { FK_CUSTOM, N_("Promise kept"), "promise", 3, 0, 3, 0, NULL, NULL, 1 },
	[S_SCORE] = { FK_TEXT, N_("Score (0-100)"), "score", 5, 0, 1, 3, NULL, NULL, 0 },
	[S_COMMENT] = { FK_TEXT, N_("Comment"), "comment", 6, 0, 3, 128, NULL, NULL, 0 },
};

static const char *const answers[NQUESTIONS] = {
	N_("very satisfied"), N_("satisfied"), N_("fairly satisfied"), N_("unsatisfied"),
};

static struct {
	struct form form;
	char no[24];
	const struct view_ops *back;
	cJSON *ticket;                  /* or the complaint */
	bool complaint;                 /* no is a complaint's */
	int answer[NQUESTIONS];         /* 1..4, 0: not yet */
	int64_t get_id, save_id;
	char error[512];
} S;

static const struct ui_help survey_help[] = {
	{ N_("1-4"), N_("Answer the question: 1 very satisfied .. 4 unsatisfied") },
	{ N_("Tab, Down"), N_("Next question or field (Shift-Tab, Up: previous)") },
	{ N_("Score"), N_("0 to 100; under 80 on a ticket's visit opens a complaint") },
	{ N_("Ctrl-S, F2"), N_("Record the visit: a ticket is closed, a complaint stays open") },
	{ N_("Esc"), N_("Back to the queue without recording") },
	{ NULL, NULL }
};

static int
survey_bar(struct app *a, struct ui_help *out, int max)
{
	static const struct ui_help keys[] = {
		{ "1-4", N_("Answer") }, { N_("Ctrl-S"), N_("Record") },
		{ N_("Esc"), N_("Back") },
	};
	(void)a;
	return work_bar(out, max, keys, 3);
}

/* Reads the ticket or the complaint the survey is about. */
static void
fetch(struct app *a)
{
	S.get_id = S.complaint ? complaint_fetch(a, S.no) : work_get_ticket(a, S.no);
}

void
survey_show(struct app *a, const char *no, const struct view_ops *back)
{
	S.form.items = s_items;
	S.form.n = S_COUNT;
	form_init(&S.form);
	memset(S.answer, 0, sizeof S.answer);
	ui_copy(S.no, sizeof S.no, no);
	S.back = back;
	S.complaint = is_complaint_no(no);
	S.error[0] = '\0';
	S.save_id = 0;
	cJSON_Delete(S.ticket);
	S.ticket = NULL;
	ui_switch(a, &ui_survey_view);
	fetch(a);
}

/* "Attitude  [1 very satisfied] [2 satisfied] ...", the answer reversed. */
static void
draw_question(struct app *a, int y, int q)
{
	bool focus = S.form.focus == q;
	struct form_item *it = &s_items[q];
	int x = 1;
	char opt[96];

	attrset(it->error ? ui_attr(a, UI_C_ERROR) | A_REVERSE : focus ? A_BOLD : A_NORMAL);
	ui_put(y, x, 16, _(it->label));
	attrset(A_NORMAL);
	x += 17;
	for (int k = 0; k < NQUESTIONS && x < COLS - 2; k++) {
		snprintf(opt, sizeof opt, "%s%d %s%s", S.answer[q] == k + 1 ? "[" : " ", k + 1,
		    _(answers[k]), S.answer[q] == k + 1 ? "]" : " ");
		attrset(S.answer[q] == k + 1 ? A_REVERSE | A_BOLD : A_NORMAL);
		x += ui_put(y, x, COLS - 2 - x, opt);
		attrset(A_NORMAL);
		x += 2;
	}
	if (focus) {
		a->cursor_y = y;
		a->cursor_x = 1;
	}
}

static void
survey_draw(struct app *a, int top, int rows)
{
	const cJSON *c = cJSON_GetObjectItemCaseSensitive(S.ticket, "customer");
	const cJSON *u = cJSON_GetObjectItemCaseSensitive(S.ticket, "unit");
	char line[512], phones[256];

	(void)rows;
	snprintf(line, sizeof line, S.complaint ? _("Return visit: complaint %s") :
	    _("Return visit: ticket %s"), S.no);
	attrset(ui_attr(a, UI_C_TITLE));
	ui_put(top, 1, COLS - 2, line);
	attrset(A_NORMAL);
	if (S.ticket == NULL) {
		ui_put(top + 2, 1, COLS - 2, S.error[0] ? S.error : _("Loading..."));
		return;
	}
	ui_jjoin(c, "phones", phones, sizeof phones);
	if (S.complaint)
		snprintf(line, sizeof line, _("Call %s at %s  (%s: %s)"), ui_jstr(c, "name"),
		    phones, label_category(ui_jstr(S.ticket, "category")),
		    ui_jstr(S.ticket, "text"));
	else
		snprintf(line, sizeof line, _("Call %s at %s  (%s %s, technician %s)"),
		    ui_jstr(c, "name"), phones, ui_jstr(u, "model"),
		    ui_jstr(S.ticket, "fault"), ui_jstr(S.ticket, "technician"));
	ui_put(top + 1, 1, COLS - 2, line);
	for (int q = 0; q < NQUESTIONS; q++)
		draw_question(a, top + 3 + q, q);
	form_draw(a, &S.form, top + 3);
	work_draw_error(a, top + 11, S.error, S.complaint ?
	    _("1-4 answers each question; Ctrl-S records the visit after the complaint") :
	    _("1-4 answers each question; Ctrl-S records the visit and closes the ticket"));
}

static void
send_visit(struct app *a)
{
	static const char *const names[NQUESTIONS] = { "attitude", "skill",
		"punctuality", "promise" };
	cJSON *args;
	char buf[UI_FIELD_MAX * 4 + 1], *end;
	long score;

	for (int q = 0; q < NQUESTIONS; q++)
		if (S.answer[q] == 0) {
			snprintf(S.error, sizeof S.error, _("Answer every question: %s is missing"),
			    _(s_items[q].label));
			S.form.focus = q;
			return;
		}
	args = cJSON_CreateObject();
	cJSON_AddStringToObject(args, "no", S.no);
	for (int q = 0; q < NQUESTIONS; q++)
		cJSON_AddNumberToObject(args, names[q], S.answer[q]);
	form_text(&S.form, S_SCORE, buf, sizeof buf);
	score = strtol(buf, &end, 10);
	if (buf[0] && *end == '\0')
		cJSON_AddNumberToObject(args, "score", (double)score);
	else
		cJSON_AddStringToObject(args, "score", buf);   /* the daemon names it */
	form_text(&S.form, S_COMMENT, buf, sizeof buf);
	if (buf[0])
		cJSON_AddStringToObject(args, "comment", buf);
	if ((S.save_id = work_send(a, "visit.record", args)) != 0)
		ui_message(a, false, _("Recording the visit of %s..."), S.no);
}

static unsigned
survey_key(struct app *a, int type, wint_t key)
{
	unsigned r;

	if (ui_key_esc(type, key)) {
		ui_switch(a, S.back);
		return UI_HANDLED | UI_REDRAW;
	}
	if (work_save_key(type, key)) {
		if (S.ticket != NULL && S.save_id == 0)
			send_visit(a);
		return UI_HANDLED | UI_REDRAW;
	}
	if (S.form.focus < NQUESTIONS && type == OK && key >= '1' && key <= '4') {
		S.answer[S.form.focus] = (int)(key - '0');
		s_items[S.form.focus].error = false;
		form_move(&S.form, 1, true);
		return UI_HANDLED | UI_REDRAW;
	}
	if (S.form.focus < NQUESTIONS && ui_key_enter(type, key)) {
		form_move(&S.form, 1, true);
		return UI_HANDLED | UI_REDRAW;
	}
	r = work_form_key(&S.form, type, key, true);
	if (r != 0)
		S.error[0] = '\0';
	return r;
}

static void
on_ticket(struct app *a, const cJSON *msg)
{
	S.get_id = 0;
	if (!reply_ok(msg)) {
		net_error_text(msg, S.error, sizeof S.error);
		ui_message(a, true, "%s", S.error);
		return;
	}
	cJSON_Delete(S.ticket);
	S.ticket = cJSON_Duplicate(reply_result(msg), true);
}

static void
on_recorded(struct app *a, const cJSON *msg)
{
	const char *complaint = ui_jstr(reply_result(msg), "complaint");

	S.save_id = 0;
	if (!reply_ok(msg)) {
		work_form_failed(a, &S.form, msg, S.error, sizeof S.error, NULL);
		return;
	}
	if (S.complaint) {   /* the board reloads on its complaint.changed */
		if (a->view == &ui_survey_view)
			ui_switch(a, S.back);
		ui_message(a, false, _("Complaint %s: return visit recorded"), S.no);
		return;
	}
	ui_ticket_changed(a, reply_result(msg));
	if (complaint[0])
		snprintf(banner, sizeof banner,
		    _("Ticket %s closed: unsatisfied, complaint %s opened"), S.no, complaint);
	else
		snprintf(banner, sizeof banner, _("Ticket %s closed: visit recorded"), S.no);
	if (a->view == &ui_survey_view)
		ui_switch(a, S.back);
	ui_message(a, complaint[0] != '\0', "%s", banner);
}

/* Someone else recorded this complaint's visit (or moved it on) while the
 * form was open: as work_form_push does for a ticket. */
static void
complaint_push(struct app *a, const cJSON *msg)
{
	const cJSON *data = cJSON_GetObjectItemCaseSensitive(msg, "data");

	if (!S.complaint || S.save_id != 0 || strcmp(ui_jstr(msg, "event"),
	    "complaint.changed") != 0 || strcmp(ui_jstr(data, "no"), S.no) != 0)
		return;
	cJSON_Delete(S.ticket);
	S.ticket = cJSON_Duplicate(data, true);
	a->dirty = true;
	if (a->view == &ui_survey_view && (!ui_jstr(data, "visit_due")[0] ||
	    strcmp(ui_jstr(data, "state"), "follow_up") != 0)) {
		ui_message(a, true, _("Not possible now: complaint %s has no return visit due"),
		    S.no);
		ui_switch(a, S.back);
	}
}

static bool
survey_message(struct app *a, const cJSON *msg)
{
	int64_t id = ui_jint(msg, "id", -1);

	if (id > 0 && id == S.get_id)
		on_ticket(a, msg);
	else if (id > 0 && id == S.save_id)
		on_recorded(a, msg);
	else {
		if (id <= 0 && S.complaint)
			complaint_push(a, msg);
		else if (id <= 0)
			work_form_push(a, &ui_survey_view, S.no, msg, "visit.record", &S.ticket,
			    S.save_id, S.back);
		return false;
	}
	a->dirty = true;
	return true;
}

static void
survey_session(struct app *a, enum ui_session_event ev)
{
	if (ev == UI_DISCONNECTED)
		S.get_id = S.save_id = 0;
	else if ((ev == UI_LOGGED_IN || ev == UI_RESYNC) && a->view == &ui_survey_view)
		fetch(a);
}

const struct view_ops ui_survey_view = {
	.name = "survey",
	.title = N_("Return visit survey"),
	.draw = survey_draw,
	.key = survey_key,
	.on_message = survey_message,
	.on_session = survey_session,
	.help = survey_help,
	.bar = survey_bar,
};
