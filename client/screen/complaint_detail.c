/*
 * screen/complaint_detail.c: one complaint (complaint.get): the customer's
 * words and demand, the proposal of its stages, the route as a timeline
 * (each stage's department, who finished it and when, its due time, on
 * time or late with the overdue days and the late-stage penalty charged to
 * the department's head, the finding), the responsibility shares with
 * penalties, the rounds (every round's number, its state and what the
 * customer answered; linked both ways: < the previous, > the next; from the
 * third round an individual case, said in the title) and the events in words (widget/events.h), a list whose
 * selected event Enter reads in full; v reads the whole complaint. A value
 * cut at the edge ends in ">"; on a short screen the least important
 * fields go first (widget/record.h). The board's dialog keys work here
 * too. A complaint.changed push of this complaint fetches it again.
 */
#include "client/screen/complaints.h"
#include "client/screen/screens.h"
#include "client/screen/work.h"
#include "client/widget/record.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HISTORY_MIN 4   /* the events' header and three events */

/* Where a field is drawn: a column of the head, a line across, the route. */
enum { P_COL1, P_COL2, P_COL3, P_WIDE, P_STAGE };

static const struct record_kind complaint_kind;   /* below: the words need the helpers */

void
complaint_detail_show(struct app *a, const char *no, const struct view_ops *back)
{
	struct view *v = ui_view_of(a, &ui_complaint_detail_view);
	struct record_screen *d = v->priv;

	record_screen_open(d, no, &complaint_kind);
	/* another round of the same: Esc still goes where the first came from */
	ui_show(a, &ui_complaint_detail_view, back == &ui_complaint_detail_view ? v->back : back);
}

static void
cdetail_enter(struct app *a, struct view *v)
{
	struct record_screen *d = v->priv;

	if (a->logged_in && d->no[0])
		record_screen_fetch(a, d);
}

/* ---- the complaint in words */

static void
add_time(struct app *a, struct record *r, int place, int prio, const char *label,
    const char *iso)
{
	char buf[32];
	time_t t;

	ui_show_time(a, iso[0] && ui_parse_time(iso, &t, NULL) ? t : 0, true, buf, sizeof buf);
	record_add(r, place, prio, label, buf);
}

/* The reason a complaint was closed: a reply closes its round with the code
 * "rejected" (and opens the next); any other reason is quality's own words. */
static const char *
close_reason(const cJSON *c)
{
	if (strcmp(ui_jstr(c, "close_reason"), "rejected") == 0 && ui_jstr(c, "next_no")[0])
		return _("rejected by customer");
	return ui_jstr(c, "close_reason");
}

/* The three columns under the title, the most important at the top. */
static void
add_head(struct app *a, struct record *r, const cJSON *c)
{
	const cJSON *cust = cJSON_GetObjectItemCaseSensitive(c, "customer");
	char line[512], phones[128];

	ui_jjoin(cust, "phones", phones, sizeof phones);
	snprintf(line, sizeof line, "%s  %s", ui_jstr(cust, "name"), phones);
	record_add(r, P_COL1, 1, _("Customer:"), line);
	record_add(r, P_COL1, 2, _("Severity:"), label_severity(ui_jstr(c, "severity")));
	add_time(a, r, P_COL1, 2, _("Stage due:"), ui_jstr(c, "stage_due"));
	record_add(r, P_COL2, 3, _("Ticket:"), ui_jstr(c, "ticket_no"));
	record_add(r, P_COL2, 2, _("Category:"), label_category(ui_jstr(c, "category")));
	add_time(a, r, P_COL2, 3, _("Close due:"), ui_jstr(c, "close_due"));
	record_add(r, P_COL3, 5, _("Taken by:"), ui_jstr(c, "taken_by"));
	record_add(r, P_COL3, 2, _("Responsible:"), label_department(ui_jstr(c, "department")));
	record_add(r, P_COL3, 2, _("Closed because:"), close_reason(c));
}

/* "1 C261124001 rejected: too slow | 2 C261130002 rejected | *3 C261203001
 * received": every round, this one starred, with the customer's answer. */
static void
rounds_text(const cJSON *c, const char *no, char *line, size_t len)
{
	const cJSON *r;
	size_t n = 0;

	line[0] = '\0';
	cJSON_ArrayForEach(r, cJSON_GetObjectItemCaseSensitive(c, "rounds")) {
		const char *state = strcmp(ui_jstr(r, "close_reason"), "rejected") == 0 ?
		    _("rejected") : label_complaint_state(ui_jstr(r, "state"));
		if (n + 1 >= len)
			break;
		n += (size_t)snprintf(line + n, len - n, "%s%s%lld %s %s%s%s", n ? " | " : "",
		    strcmp(ui_jstr(r, "no"), no) == 0 ? "*" : "", (long long)ui_jint(r, "round", 1),
		    ui_jstr(r, "no"), state, ui_jstr(r, "reply")[0] ? ": " : "", ui_jstr(r, "reply"));
	}
}

static void
add_wide(struct record *r, const char *no, const cJSON *c)
{
	char line[RECORD_TEXT];

	record_add(r, P_WIDE, 1, _("Customer's words:"), ui_jstr(c, "text"));
	record_add(r, P_WIDE, 2, _("Demand:"), ui_jstr(c, "demand"));
	if (complaint_proposal(c)[0])
		record_add(r, P_WIDE, 1, _("Proposal:"), complaint_proposal(c));
	if (cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(c, "rounds")) > 1)
		rounds_text(c, no, line, sizeof line);
	else
		snprintf(line, sizeof line, _("previous %s  <  this %s  >  next %s"),
		    ui_jstr(c, "previous_no")[0] ? ui_jstr(c, "previous_no") : "-", no,
		    ui_jstr(c, "next_no")[0] ? ui_jstr(c, "next_no") : "-");
	record_add(r, P_WIDE, ui_jbool(c, "individual") ? 1 : 4, _("Rounds:"), line);
	event_shares(cJSON_GetObjectItemCaseSensitive(c, "responsibility"), line, sizeof line);
	record_add(r, P_WIDE, 3, _("Responsibility:"), line);
}

/* Late, with the working days and the penalty charged to the head when it
 * finished late: "LATE 2 d, 100.00 yuan to zhou". */
static void
stage_verdict(const cJSON *s, char *verdict, size_t len)
{
	const cJSON *pen = cJSON_GetObjectItemCaseSensitive(s, "penalty");
	long long od = (long long)ui_jint(s, "overdue_days", 0);
	char amount[32];

	if (cJSON_IsObject(pen)) {
		ui_yuan(ui_jint(pen, "amount", 0), amount, sizeof amount);
		snprintf(verdict, len, _("LATE %lld d, %s yuan to %s"),
		    (long long)ui_jint(s, "late_days", 0), amount,
		    ui_jstr(pen, "user")[0] ? ui_jstr(pen, "user") : _("no head"));
	} else if (ui_jbool(s, "late") && od > 0)
		snprintf(verdict, len, _("LATE %lld d"), od);
	else if (ui_jbool(s, "late"))
		snprintf(verdict, len, "%s", _("LATE"));
	else
		snprintf(verdict, len, "%s", ui_jstr(s, "finished_at")[0] ? _("on time") :
		    ui_jstr(s, "started_at")[0] ? _("running") : _("waiting"));
}

/* One stage: "1 GM's office  due 11-24 18:00  done 11-24 15:00 by x  late 2d". */
static void
add_stage(struct app *a, struct record *r, const cJSON *s)
{
	char line[RECORD_TEXT], due[32], done[32], verdict[128];
	const char *due_at = ui_jstr(s, "due"), *done_at = ui_jstr(s, "finished_at");
	time_t t;

	ui_show_time(a, due_at[0] && ui_parse_time(due_at, &t, NULL) ? t : 0, true, due, sizeof due);
	ui_show_time(a, done_at[0] && ui_parse_time(done_at, &t, NULL) ? t : 0, true, done,
	    sizeof done);
	stage_verdict(s, verdict, sizeof verdict);
	snprintf(line, sizeof line, _("%lld %-14s due %-11s done %-11s by %-10s %-9s %s"),
	    (long long)ui_jint(s, "seq", 0), label_department(ui_jstr(s, "department")), due,
	    done, ui_jstr(s, "by")[0] ? ui_jstr(s, "by") : "-", verdict, ui_jstr(s, "finding"));
	record_add(r, P_STAGE, ui_jbool(s, "late") ? 1 : 2, _("Route"), line);
}

static void
make_record(struct app *a, struct record_screen *d)
{
	const cJSON *stages = cJSON_GetObjectItemCaseSensitive(d->obj, "stages"), *s;

	record_clear(&d->rec);
	add_head(a, &d->rec, d->obj);
	add_wide(&d->rec, d->no, d->obj);
	cJSON_ArrayForEach(s, stages)
		add_stage(a, &d->rec, s);
}

/* ---- drawing */

static void
title_text(const struct record_screen *d, char *buf, size_t len)
{
	const cJSON *c = d->obj;

	if (c == NULL)
		snprintf(buf, len, _("Complaint %s"), d->no);
	else
		snprintf(buf, len, _("Complaint %s: %s, round %lld%s%s"), d->no,
		    label_complaint_state(ui_jstr(c, "state")), (long long)ui_jint(c, "round", 1),
		    ui_jbool(c, "individual") ? _("  INDIVIDUAL CASE") : "",
		    ui_jbool(c, "major") ? _("  MAJOR INCIDENT") : "");
}

static const struct record_kind complaint_kind = { EVENT_COMPLAINT, make_record, title_text };

/* "Label: value" in w columns. */
static void
draw_pair(int y, int x, int w, const struct record_field *f)
{
	int lw;

	attrset(A_BOLD);
	lw = ui_put(y, x, w, f->label);
	attrset(A_NORMAL);
	record_put(y, x + lw + 1, w - lw - 1, f->value);
}

/* The fields of place that fit in rows lines; returns the lines used. */
static int
draw_place(struct app *a, const struct record *r, int place, int y, int x, int w,
    int rows)
{
	int used = 0;

	for (const struct record_field *f = r->f; f < r->f + r->n; f++) {
		if (f->place != place || !record_shown(r, f, rows))
			continue;
		if (place == P_STAGE) {
			attrset(f->prio == 1 ? ui_attr(a, UI_C_OVERDUE) : A_NORMAL);
			record_put(y + used, x, w, f->value);
			attrset(A_NORMAL);
		} else
			draw_pair(y + used, x, w, f);
		used++;
	}
	return used;
}

static int
draw_route(struct app *a, const struct record_screen *d, int y)
{
	attrset(A_BOLD | A_UNDERLINE);
	ui_put(y++, 1, COLS - 2, _("Route"));
	attrset(A_NORMAL);
	if (record_count(&d->rec, P_STAGE) == 0) {
		ui_put(y++, 3, COLS - 4, _("(not classified yet)"));
		return y;
	}
	return y + draw_place(a, &d->rec, P_STAGE, y, 3, COLS - 4, RECORD_FIELDS);
}

static void
cdetail_paint(struct app *a, struct view *v, int top, int rows)
{
	struct record_screen *d = v->priv;
	const cJSON *c = d->obj;
	char title[256];
	int w = COLS / 3, y = top + 1, route, spare, head, wide;

	title_text(d, title, sizeof title);
	attrset(c != NULL && ui_jbool(c, "major") ? ui_attr(a, UI_C_MAJOR) : ui_attr(a, UI_C_TITLE));
	ui_put(top, 1, COLS - 2, title);
	attrset(A_NORMAL);
	if (c == NULL) {
		ui_put(top + 2, 1, COLS - 2, d->error[0] ? d->error : _("Loading..."));
		return;
	}
	make_record(a, d);
	/* the route stays whole, the events keep a few lines; the head and
	 * the lines across give way first */
	route = 1 + (record_count(&d->rec, P_STAGE) > 0 ? record_count(&d->rec, P_STAGE) : 1);
	spare = rows - 1 - HISTORY_MIN - route;
	head = spare - record_count(&d->rec, P_WIDE);
	head = head > 3 ? 3 : head < 1 ? 1 : head;
	wide = spare - head < 0 ? 0 : spare - head;
	draw_place(a, &d->rec, P_COL1, y, 1, w - 1, head);
	draw_place(a, &d->rec, P_COL2, y, 1 + w, w - 1, head);
	draw_place(a, &d->rec, P_COL3, y, 1 + 2 * w, COLS - 2 - 2 * w, head);
	y += head;
	y += draw_place(a, &d->rec, P_WIDE, y, 1, COLS - 2, wide);
	y = draw_route(a, d, y);
	attrset(A_BOLD | A_UNDERLINE);
	ui_put(y++, 1, COLS - 2, _("Events"));
	attrset(A_NORMAL);
	table_draw(&d->history.table, a, y, top + rows - y);
}

/* ---- keys */

static bool
has_previous(const struct app *a, const struct view *v)
{
	(void)a;
	return ui_jstr(((const struct record_screen *)v->priv)->obj, "previous_no")[0] != '\0';
}

static bool
has_next(const struct app *a, const struct view *v)
{
	(void)a;
	return ui_jstr(((const struct record_screen *)v->priv)->obj, "next_no")[0] != '\0';
}

static void
no_round(struct app *a, struct view *v)
{
	(void)v;
	ui_message(a, true, "%s", _("No other round"));
}

static unsigned
run_round(struct app *a, struct view *v, const char *member)
{
	char no[24];

	ui_copy(no, sizeof no, ui_jstr(((struct record_screen *)v->priv)->obj, member));
	complaint_detail_show(a, no, &ui_complaint_detail_view);
	return UI_HANDLED;
}

static unsigned
run_previous(struct app *a, struct view *v)
{
	return run_round(a, v, "previous_no");
}

static unsigned
run_next(struct app *a, struct view *v)
{
	return run_round(a, v, "next_no");
}

/* A dialog's key: offered when the role may open it in the complaint's
 * state; pressed anyway, the dialog's own words say why not. */
static unsigned
open_dialog(struct app *a, struct view *v, enum complaint_dialog kind)
{
	struct record_screen *d = v->priv;

	if (d->obj != NULL)
		complaint_dialog_open(a, kind, d->obj, &ui_complaint_detail_view);
	return UI_HANDLED;
}

#define DIALOG_KEY(name, kind) \
static unsigned \
run_##name(struct app *a, struct view *v) \
{ \
	return open_dialog(a, v, kind); \
} \
static void \
refuse_##name(struct app *a, struct view *v) \
{ \
	open_dialog(a, v, kind); \
} \
static bool \
can_##name(const struct app *a, const struct view *v) \
{ \
	const struct record_screen *d = v->priv; \
	return d->obj != NULL && complaint_dialog_allowed(a, kind, d->obj); \
}
DIALOG_KEY(classify, CD_CLASSIFY)
DIALOG_KEY(advance, CD_ADVANCE)
DIALOG_KEY(approve, CD_APPROVE)
DIALOG_KEY(reply, CD_REPLY)
DIALOG_KEY(close, CD_CLOSE)
DIALOG_KEY(attribute, CD_ATTRIBUTE)

static const struct ui_key cdetail_keys[] = {
	{ .key = UI_KEY_ESC, .alt = 'q', .name = N_("Esc"), .label = N_("Back"),
	    .help = N_("Back to where it was opened from (q too)"), .run = ui_key_leave },
	{ .key = 'v', .name = N_("v"), .label = N_("All"),
	    .help = N_("Read the whole complaint in words: every field, the route and the events"),
	    .run = record_screen_all, .when = record_screen_loaded },
	{ .key = UI_KEY_ENTER, .name = N_("Enter"), .label = N_("Event"),
	    .help = N_("Read the selected event in full, in words"), .run = record_screen_event,
	    .when = record_screen_loaded },
	{ .key = 'c', .name = N_("c"), .label = N_("Classify"), .help = N_("Classify"),
	    .run = run_classify, .when = can_classify, .refuse = refuse_classify },
	{ .key = 'a', .name = N_("a"), .label = N_("Advance"),
	    .help = N_("The current stage's finding: advance the stage"), .run = run_advance,
	    .when = can_advance, .refuse = refuse_advance },
	{ .key = 'A', .name = N_("A"), .label = N_("Approve"), .help = N_("Approve the proposal"),
	    .run = run_approve, .when = can_approve, .refuse = refuse_approve },
	{ .key = 'y', .name = N_("y"), .label = N_("Reply"), .help = N_("The customer's reply"),
	    .run = run_reply, .when = can_reply, .refuse = refuse_reply },
	{ .key = 'x', .name = N_("x"), .label = N_("Close"), .help = N_("Close the complaint"),
	    .run = run_close, .when = can_close, .refuse = refuse_close },
	{ .key = 's', .name = N_("s"), .label = N_("Shares"),
	    .help = N_("Attribute responsibility"), .run = run_attribute, .when = can_attribute,
	    .refuse = refuse_attribute },
	{ .key = '<', .name = N_("<"), .label = N_("Previous round"),
	    .help = N_("The previous round of this complaint"), .run = run_previous,
	    .when = has_previous, .refuse = no_round },
	{ .key = '>', .name = N_(">"), .label = N_("Next round"),
	    .help = N_("The next round of this complaint"), .run = run_next, .when = has_next,
	    .refuse = no_round },
	{ .key = UI_K(KEY_F(5)), .name = N_("F5"), .run = record_screen_refresh },
	HISTORY_HELP_KEYS,
	{ .key = 0 }
};

/* ---- pushes and the session */

const struct view_ops ui_complaint_detail_view = {
	.name = "complaint_detail",
	.title = N_("Complaint detail"),
	.private_size = sizeof(struct record_screen),
	.keys = cdetail_keys,
	.enter = cdetail_enter,
	.paint = cdetail_paint,
	.input = record_screen_input,
	.push = record_screen_push,
	.session = record_screen_session,
	.destroy = record_screen_destroy,
};
