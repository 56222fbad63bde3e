/*
 * screen/complaint_detail.c: one complaint (complaint.get): the customer's
 * words and demand, the route as a timeline (each stage's department,
 * who finished it and when, its due time, on time or late with the
 * overdue days, the finding), the responsibility shares with penalties,
 * the rounds linked both ways (Enter goes to the next round, else the
 * previous; < and > choose) and the events in words (their kind and what
 * their details say), scrolled with Up/Down. The dialog keys of the board
 * work here too. A complaint.changed push of
 * this complaint fetches it again.
 */
#include "client/screen/complaints.h"
#include "client/screen/screens.h"
#include "client/screen/work.h"

#include <stdio.h>
#include <string.h>

static struct {
	char no[24];
	const struct view_ops *back;
	int64_t get_id;
	cJSON *c;             /* the last answer's result, or NULL */
	char error[512];
	int scroll, visible;
} CD;

static const struct ui_help cdetail_help[] = {
	{ N_("Up/Down"), N_("Scroll the events") },
	{ N_("Enter"), N_("Go to the next round, else the previous one") },
	{ N_("<, >"), N_("The previous or the next round") },
	{ N_("c, a, A"), N_("Classify, advance the stage, approve") },
	{ N_("y, x, s"), N_("Reply, close, attribute responsibility") },
	{ N_("Esc, q"), N_("Back") },
	{ NULL, NULL }
};

int64_t
complaint_fetch(struct app *a, const char *no)
{
	cJSON *args = cJSON_CreateObject();
	int64_t id;

	cJSON_AddStringToObject(args, "no", no);
	id = net_send(a, "complaint.get", args);
	return id > 0 ? id : 0;
}

static void
fetch(struct app *a)
{
	CD.get_id = complaint_fetch(a, CD.no);
}

void
complaint_detail_show(struct app *a, const char *no, const struct view_ops *back)
{
	if (strcmp(no, CD.no) != 0) {
		cJSON_Delete(CD.c);
		CD.c = NULL;
	}
	ui_copy(CD.no, sizeof CD.no, no);
	if (back != &ui_complaint_detail_view)
		CD.back = back;
	CD.error[0] = '\0';
	CD.scroll = 0;
	ui_switch(a, &ui_complaint_detail_view);
}

static void
cdetail_open(struct app *a)
{
	if (a->logged_in && CD.no[0])
		fetch(a);
}

static int
cdetail_bar(struct app *a, struct ui_help *out, int max)
{
	static const struct { enum complaint_dialog kind; const char *key, *what; } acts[] = {
		{ CD_CLASSIFY, "c", N_("Classify") }, { CD_ADVANCE, "a", N_("Advance") },
		{ CD_APPROVE, "A", N_("Approve") }, { CD_REPLY, "y", N_("Reply") },
		{ CD_CLOSE, "x", N_("Close") }, { CD_ATTRIBUTE, "s", N_("Shares") },
	};
	int n = 0;

	if (max < 1)
		return 0;
	out[n++] = (struct ui_help){ N_("Esc"), N_("Back") };
	for (size_t i = 0; i < sizeof acts / sizeof acts[0] && n < max && CD.c; i++)
		if (complaint_dialog_allowed(a, acts[i].kind, CD.c))
			out[n++] = (struct ui_help){ acts[i].key, acts[i].what };
	if (n < max && CD.c && (ui_jstr(CD.c, "next_no")[0] || ui_jstr(CD.c, "previous_no")[0]))
		out[n++] = (struct ui_help){ N_("Enter"), N_("Other round") };
	return n;
}

static void
pair(int y, int x, int w, const char *label, const char *value)
{
	attrset(A_BOLD);
	x += ui_put(y, x, w, label);
	attrset(A_NORMAL);
	ui_put(y, x + 1, w - ui_text_width(label) - 1, value[0] ? value : "-");
}

static void
show_time(struct app *a, const char *iso, char *buf, size_t len)
{
	time_t t;

	ui_show_time(a, iso[0] && ui_parse_time(iso, &t, NULL) ? t : 0, true, buf, len);
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

static int
draw_head(struct app *a, int y)
{
	const cJSON *c = CD.c, *cust = cJSON_GetObjectItemCaseSensitive(c, "customer");
	char line[512], phones[128], t1[32], t2[32];
	int w = COLS / 3;

	snprintf(line, sizeof line, _("Complaint %s: %s, round %lld%s"), CD.no,
	    label_complaint_state(ui_jstr(c, "state")), (long long)ui_jint(c, "round", 1),
	    ui_jbool(c, "major") ? _("  MAJOR INCIDENT") : "");
	attrset(ui_jbool(c, "major") ? ui_attr(a, UI_C_MAJOR) : ui_attr(a, UI_C_TITLE));
	ui_put(y, 1, COLS - 2, line);
	attrset(A_NORMAL);
	ui_jjoin(cust, "phones", phones, sizeof phones);
	snprintf(line, sizeof line, "%s  %s", ui_jstr(cust, "name"), phones);
	pair(y + 1, 1, w, _("Customer:"), line);
	pair(y + 1, 1 + w, w, _("Ticket:"), ui_jstr(c, "ticket_no"));
	pair(y + 1, 1 + 2 * w, w - 2, _("Taken by:"), ui_jstr(c, "taken_by"));
	pair(y + 2, 1, w, _("Severity:"), label_severity(ui_jstr(c, "severity")));
	pair(y + 2, 1 + w, w, _("Category:"), label_category(ui_jstr(c, "category")));
	pair(y + 2, 1 + 2 * w, w - 2, _("Responsible:"),
	    label_department(ui_jstr(c, "department")));
	show_time(a, ui_jstr(c, "stage_due"), t1, sizeof t1);
	show_time(a, ui_jstr(c, "close_due"), t2, sizeof t2);
	pair(y + 3, 1, w, _("Stage due:"), t1);
	pair(y + 3, 1 + w, w, _("Close due:"), t2);
	pair(y + 3, 1 + 2 * w, w - 2, _("Closed because:"), close_reason(c));
	pair(y + 4, 1, COLS - 2, _("Customer's words:"), ui_jstr(c, "text"));
	pair(y + 5, 1, COLS - 2, _("Demand:"), ui_jstr(c, "demand"));
	snprintf(line, sizeof line, _("previous %s  <  this %s  >  next %s"),
	    ui_jstr(c, "previous_no")[0] ? ui_jstr(c, "previous_no") : "-", CD.no,
	    ui_jstr(c, "next_no")[0] ? ui_jstr(c, "next_no") : "-");
	pair(y + 6, 1, COLS - 2, _("Rounds:"), line);
	return y + 7;
}

/* One stage: "1 GM's office  due 11-24 18:00  done 11-24 15:00 by x  late 2d". */
static void
draw_stage(struct app *a, int y, const cJSON *s)
{
	char line[1024], due[32], done[32], verdict[64];
	bool finished = ui_jstr(s, "finished_at")[0] != '\0';
	long long od = (long long)ui_jint(s, "overdue_days", 0);

	show_time(a, ui_jstr(s, "due"), due, sizeof due);
	show_time(a, ui_jstr(s, "finished_at"), done, sizeof done);
	if (ui_jbool(s, "late") && od > 0)
		snprintf(verdict, sizeof verdict, _("LATE %lld d"), od);
	else if (ui_jbool(s, "late"))
		snprintf(verdict, sizeof verdict, "%s", _("LATE"));
	else
		snprintf(verdict, sizeof verdict, "%s", finished ? _("on time") :
		    ui_jstr(s, "started_at")[0] ? _("running") : _("waiting"));
	snprintf(line, sizeof line, _("%lld %-14s due %-11s done %-11s by %-10s %-9s %s"),
	    (long long)ui_jint(s, "seq", 0), label_department(ui_jstr(s, "department")), due,
	    done, ui_jstr(s, "by")[0] ? ui_jstr(s, "by") : "-", verdict, ui_jstr(s, "finding"));
	attrset(ui_jbool(s, "late") ? ui_attr(a, UI_C_OVERDUE) : A_NORMAL);
	ui_put(y, 3, COLS - 4, line);
	attrset(A_NORMAL);
}

static int
draw_route(struct app *a, int y)
{
	const cJSON *stages = cJSON_GetObjectItemCaseSensitive(CD.c, "stages"), *s;

	attrset(A_BOLD | A_UNDERLINE);
	ui_put(y++, 1, COLS - 2, _("Route"));
	attrset(A_NORMAL);
	if (cJSON_GetArraySize(stages) == 0)
		ui_put(y++, 3, COLS - 4, _("(not classified yet)"));
	cJSON_ArrayForEach(s, stages)
		draw_stage(a, y++, s);
	return y;
}

/* Shares as "Warehouse 60%, li 40% (minor demerit 800.00)": the complaint's
 * responsibility (penalty an object) or an attribute event's shares (penalty
 * the kind, amount beside it). */
static void
shares_text(const cJSON *shares, char *line, size_t len)
{
	const cJSON *s;
	char one[160], money[32];
	size_t n = 0;

	line[0] = '\0';
	cJSON_ArrayForEach(s, shares) {
		const cJSON *p = cJSON_GetObjectItemCaseSensitive(s, "penalty");
		const char *who = ui_jstr(s, "user")[0] ? ui_jstr(s, "user") :
		    label_department(ui_jstr(s, "department"));
		const char *kind = cJSON_IsObject(p) ? ui_jstr(p, "kind") : ui_jstr(s, "penalty");
		if (kind[0]) {
			ui_yuan(ui_jint(cJSON_IsObject(p) ? p : s, "amount", 0), money, sizeof money);
			snprintf(one, sizeof one, _("%s %lld%% (%s %s)"), who,
			    (long long)ui_jint(s, "percent", 0), label_penalty(kind), money);
		} else
			snprintf(one, sizeof one, "%s %lld%%", who,
			    (long long)ui_jint(s, "percent", 0));
		if (n < len)
			n += (size_t)snprintf(line + n, len - n, "%s%s", n ? ", " : "", one);
	}
}

static int
draw_shares(int y)
{
	char line[1024];

	shares_text(cJSON_GetObjectItemCaseSensitive(CD.c, "responsibility"), line, sizeof line);
	pair(y, 1, COLS - 2, _("Responsibility:"), line);
	return y + 1;
}

/* What a stage's event says: "stage 2 Quality: <finding>". */
static void
stage_text(const cJSON *d, const char *rest, char *buf, size_t len)
{
	snprintf(buf, len, _("stage %lld %s: %s"), (long long)ui_jint(d, "seq", 0),
	    label_department(ui_jstr(d, "department")), rest);
}

/* An event's details in words, by its kind (svcdesk-protocol(7), Complaint);
 * a kind this client does not know shows its details as they came. */
static void
event_text(const char *kind, const cJSON *d, char *buf, size_t len)
{
	char more[512];
	char *raw;

	buf[0] = '\0';
	if (strcmp(kind, "register") == 0 && ui_jstr(d, "previous_no")[0])
		snprintf(buf, len, _("round %lld, after %s"), (long long)ui_jint(d, "round", 2),
		    ui_jstr(d, "previous_no"));
	else if (strcmp(kind, "register") == 0)
		snprintf(buf, len, "%s", label_channel(ui_jstr(d, "channel")));
	else if (strcmp(kind, "classify") == 0)
		snprintf(buf, len, _("%s, %s: to %s%s"), label_severity(ui_jstr(d, "severity")),
		    label_category(ui_jstr(d, "category")), label_department(ui_jstr(d, "department")),
		    ui_jbool(d, "major") ? _(", MAJOR INCIDENT") : "");
	else if (strcmp(kind, "advance") == 0) {
		snprintf(more, sizeof more, "%s%s%s%s", ui_jstr(d, "finding"),
		    ui_jbool(d, "late") ? _(" (late)") : "", ui_jstr(d, "proposal")[0] ?
		    _("; proposal: ") : "", ui_jstr(d, "proposal"));
		stage_text(d, more, buf, len);
	} else if (strcmp(kind, "reminder") == 0) {
		snprintf(more, sizeof more, _("overdue %lld d"),
		    (long long)ui_jint(d, "overdue_days", 0));
		stage_text(d, more, buf, len);
	} else if (strcmp(kind, "reply") == 0 && ui_jbool(d, "accepted"))
		snprintf(buf, len, _("accepted: %s"), ui_jstr(d, "text"));
	else if (strcmp(kind, "reply") == 0)
		snprintf(buf, len, _("rejected: %s; next round %s"), ui_jstr(d, "text"),
		    ui_jstr(d, "next_no")[0] ? ui_jstr(d, "next_no") : "-");
	else if (strcmp(kind, "approve") == 0 || strcmp(kind, "close") == 0)
		snprintf(buf, len, "%s", ui_jstr(d, strcmp(kind, "close") == 0 ? "reason" : "note"));
	else if (strcmp(kind, "attribute") == 0)
		shares_text(cJSON_GetObjectItemCaseSensitive(d, "shares"), buf, len);
	else if (cJSON_IsObject(d) && d->child != NULL &&
	    (raw = cJSON_PrintUnformatted(d)) != NULL) {
		ui_copy(buf, len, raw);
		cJSON_free(raw);
	}
}

static void
draw_event(struct app *a, int y, const cJSON *e)
{
	char when[32], details[1024];

	show_time(a, ui_jstr(e, "at"), when, sizeof when);
	event_text(ui_jstr(e, "kind"), cJSON_GetObjectItemCaseSensitive(e, "details"), details,
	    sizeof details);
	ui_put(y, 1, 12, when);
	ui_put(y, 14, 12, ui_jstr(e, "actor")[0] ? ui_jstr(e, "actor") : _("system"));
	ui_put(y, 27, 16, label_complaint_event(ui_jstr(e, "kind")));
	ui_put(y, 44, COLS - 45, details);
}

static void
draw_events(struct app *a, int y, int rows)
{
	const cJSON *events = cJSON_GetObjectItemCaseSensitive(CD.c, "events");
	int n = cJSON_GetArraySize(events);

	attrset(A_BOLD | A_UNDERLINE);
	ui_put(y, 1, COLS - 2, _("Events"));
	attrset(A_NORMAL);
	CD.visible = rows - 1;
	if (CD.scroll > n - CD.visible)
		CD.scroll = n - CD.visible > 0 ? n - CD.visible : 0;
	for (int i = 0; i < CD.visible && CD.scroll + i < n; i++)
		draw_event(a, y + 1 + i, cJSON_GetArrayItem(events, CD.scroll + i));
}

static void
cdetail_draw(struct app *a, int top, int rows)
{
	int y;

	if (CD.c == NULL) {
		ui_put(top + 1, 1, COLS - 2, CD.error[0] ? CD.error : _("Loading..."));
		return;
	}
	y = draw_head(a, top);
	y = draw_route(a, y);
	y = draw_shares(y);
	if (top + rows - y > 2)
		draw_events(a, y, top + rows - y);
}

/* Enter, < and >: the other rounds. */
static bool
round_key(struct app *a, int type, wint_t key)
{
	const char *next = ui_jstr(CD.c, "next_no"), *prev = ui_jstr(CD.c, "previous_no");
	char no[24];

	if (ui_key_enter(type, key))
		ui_copy(no, sizeof no, next[0] ? next : prev);
	else if (type == OK && (key == '<' || key == '>'))
		ui_copy(no, sizeof no, key == '>' ? next : prev);
	else
		return false;
	if (no[0])
		complaint_detail_show(a, no, &ui_complaint_detail_view);
	else
		ui_message(a, true, "%s", _("No other round"));
	return true;
}

static bool
dialog_key(struct app *a, int type, wint_t key)
{
	int kind = type == OK ? complaint_dialog_for_key(key) : -1;

	if (kind < 0 || CD.c == NULL)
		return false;
	complaint_dialog_open(a, (enum complaint_dialog)kind, CD.c, &ui_complaint_detail_view);
	return true;
}

static unsigned
cdetail_key(struct app *a, int type, wint_t key)
{
	int page = CD.visible > 1 ? CD.visible - 1 : 1;

	if (ui_key_esc(type, key) || (type == OK && key == 'q'))
		ui_switch(a, CD.back != NULL ? CD.back : ui_home_view(a));
	else if (CD.c != NULL && (round_key(a, type, key) || dialog_key(a, type, key)))
		;
	else if (type != KEY_CODE_YES)
		return 0;
	else if (key == KEY_UP || key == KEY_DOWN)
		CD.scroll += key == KEY_UP ? -1 : 1;
	else if (key == KEY_PPAGE || key == KEY_NPAGE)
		CD.scroll += key == KEY_PPAGE ? -page : page;
	else if (key == KEY_F(5) && a->logged_in)
		fetch(a);
	else
		return 0;
	if (CD.scroll < 0)
		CD.scroll = 0;
	return UI_HANDLED | UI_REDRAW;
}

static bool
cdetail_message(struct app *a, const cJSON *msg)
{
	int64_t id = ui_jint(msg, "id", -1);
	const cJSON *data = cJSON_GetObjectItemCaseSensitive(msg, "data");

	if (id > 0 && id == CD.get_id) {
		CD.get_id = 0;
		if (!reply_ok(msg)) {
			net_error_text(msg, CD.error, sizeof CD.error);
			ui_message(a, true, "%s", CD.error);
		} else {
			cJSON_Delete(CD.c);
			CD.c = cJSON_Duplicate(reply_result(msg), true);
			CD.error[0] = '\0';
		}
		a->dirty = true;
		return true;
	}
	if (id <= 0 && a->view == &ui_complaint_detail_view && CD.get_id == 0 &&
	    strcmp(ui_jstr(msg, "event"), "complaint.changed") == 0 &&
	    strcmp(ui_jstr(data, "no"), CD.no) == 0)
		fetch(a);
	return false;
}

static void
cdetail_session(struct app *a, enum ui_session_event ev)
{
	if (ev == UI_DISCONNECTED)
		CD.get_id = 0;
	else if ((ev == UI_LOGGED_IN || ev == UI_RESYNC) && a->view == &ui_complaint_detail_view)
		fetch(a);
	else if (ev == UI_LOGGED_OUT) {
		cJSON_Delete(CD.c);
		CD.c = NULL;
		CD.no[0] = '\0';
	}
}

const struct view_ops ui_complaint_detail_view = {
	.name = "complaint_detail",
	.title = N_("Complaint detail"),
	.open = cdetail_open,
	.draw = cdetail_draw,
	.key = cdetail_key,
	.on_message = cdetail_message,
	.on_session = cdetail_session,
	.help = cdetail_help,
	.bar = cdetail_bar,
};
