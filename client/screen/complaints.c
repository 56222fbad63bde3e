/*
 * screen/complaints.c: the complaint board (投诉看板), the first screen of
 * quality and managers; operators reach it with F6 for the received and
 * closed complaints.
 *
 * One complaint.list queue at a time (Tab or 1-7: received, open, overdue,
 * major, mine, closed, closed late; operators: received, closed, to visit), an optional
 * department filter (r), in the daemon's deadline order with a live
 * countdown: red past the deadline, yellow within NEAR_SECS; a major
 * incident's row stands out in magenta with "MAJOR". A complaint.changed
 * or complaint.reminder push reloads the queue (membership depends on
 * deadlines the daemon computes); a complaint.alert (a major incident just
 * classified) is announced on the message line with a beep on whatever
 * screen is open. Enter opens the detail; the dialog keys work here too.
 * In the operator's To visit queue Enter opens the return-visit survey
 * (survey_show, screen/visit.c) and d the detail.
 * Also the labels of the complaint codes, for every complaint screen.
 */
#include "client/screen/complaints.h"
#include "client/screen/screens.h"
#include "client/screen/work.h"

#include <stdio.h>
#include <string.h>

#define PAGE_LIMIT 200
#define MAX_PAGES 10
#define NEAR_SECS (4 * 3600)


bool
complaint_due(const cJSON *c, time_t *due)
{
	const char *s = ui_jstr(c, "stage_due");

	if (!s[0])
		s = ui_jstr(c, "close_due");
	return s[0] && ui_parse_time(s, due, NULL);
}

/* ---- the board */

struct queue_def {
	const char *queue, *label;
};

static const struct queue_def staff_queues[] = {
	{ "received", N_("Received") }, { "open", N_("Open") },
	{ "overdue", N_("Overdue") }, { "major", N_("Major") },
	{ "mine", N_("Mine") }, { "closed", N_("Closed") },
	{ "late", N_("Closed late") }, { NULL, NULL }
};

static const struct queue_def operator_queues[] = {
	{ "received", N_("Received") }, { "closed", N_("Closed") },
	{ "to_visit", N_("To visit") }, { NULL, NULL }
};

static struct {
	cJSON *rows;            /* complaint objects in the daemon's order */
	cJSON *fresh;           /* pages of a reload in progress */
	int64_t list_id;
	int pages, queue, dept; /* dept: 0 every department, else index + 1 */
	bool loaded, reload;    /* reload: a push came while loading */
	int sel, top, visible;
	char sel_no[24];
} CB;

static const struct ui_help complaints_help[] = {
	{ N_("Tab, 1-7"), N_("Queue: received, open, overdue, major, mine, closed, closed late") },
	{ N_("r"), N_("Department filter") },
	{ N_("Up/Down"), N_("Move the selection") },
	{ N_("Enter, d"), N_("The complaint's detail: route, shares, rounds") },
	{ N_("Enter"), N_("In To visit: the return-visit survey (d: the detail)") },
	{ N_("c"), N_("Classify (quality)") },
	{ N_("a, A"), N_("Advance the stage; approve (managers)") },
	{ N_("y, x, s"), N_("Reply, close, attribute responsibility") },
	{ N_("n"), N_("New complaint (operators, quality)") },
	{ N_("F6"), N_("Next screen") },
	{ N_("Colours"), N_("red: overdue; yellow: due within 4 hours; magenta: major") },
	{ NULL, NULL }
};

static const struct queue_def *
queues_of(const struct app *a)
{
	return strcmp(a->role, "operator") == 0 ? operator_queues : staff_queues;
}

static int
queue_count(const struct app *a)
{
	int n = 0;

	while (queues_of(a)[n].queue != NULL)
		n++;
	return n;
}

/* The operator's To visit queue: Enter there is the survey. */
static bool
visit_queue(const struct app *a)
{
	return strcmp(queues_of(a)[CB.queue].queue, "to_visit") == 0;
}

static const cJSON *
selected(void)
{
	return cJSON_GetArrayItem(CB.rows, CB.sel);
}

static void
request_page(struct app *a, const cJSON *after)
{
	cJSON *args = cJSON_CreateObject();

	cJSON_AddStringToObject(args, "queue", queues_of(a)[CB.queue].queue);
	if (CB.dept > 0)
		cJSON_AddStringToObject(args, "department", complaint_departments[CB.dept - 1]);
	cJSON_AddNumberToObject(args, "limit", PAGE_LIMIT);
	if (after != NULL)
		cJSON_AddItemToObject(args, "after", cJSON_Duplicate(after, true));
	CB.list_id = net_send(a, "complaint.list", args);
	if (CB.list_id < 0)
		CB.list_id = 0;
}

static void
load(struct app *a)
{
	if (!a->logged_in)
		return;
	if (CB.list_id > 0) {
		CB.reload = true;
		return;
	}
	cJSON_Delete(CB.fresh);
	CB.fresh = cJSON_CreateArray();
	CB.pages = 0;
	CB.reload = false;
	request_page(a, NULL);
}

/* Keeps the selection on the same complaint after a reload. */
static void
reselect(void)
{
	int n = cJSON_GetArraySize(CB.rows), i = 0;
	const cJSON *c;

	cJSON_ArrayForEach(c, CB.rows) {
		if (CB.sel_no[0] && strcmp(ui_jstr(c, "no"), CB.sel_no) == 0) {
			CB.sel = i;
			return;
		}
		i++;
	}
	if (CB.sel >= n)
		CB.sel = n > 0 ? n - 1 : 0;
}

static void
remember_selection(void)
{
	ui_copy(CB.sel_no, sizeof CB.sel_no, ui_jstr(selected(), "no"));
}

static void
on_page(struct app *a, const cJSON *msg)
{
	const cJSON *r = reply_result(msg), *list, *next, *c;
	char text[512];

	CB.list_id = 0;
	if (!reply_ok(msg)) {
		net_error_text(msg, text, sizeof text);
		ui_message(a, true, _("Cannot load the complaints: %s"), text);
		return;
	}
	list = cJSON_GetObjectItemCaseSensitive(r, "complaints");
	cJSON_ArrayForEach(c, list)
		cJSON_AddItemToArray(CB.fresh, cJSON_Duplicate(c, true));
	next = cJSON_GetObjectItemCaseSensitive(r, "next");
	if (!CB.reload && cJSON_IsString(next) && ++CB.pages < MAX_PAGES) {
		request_page(a, next);
		if (CB.list_id != 0)
			return;
	}
	cJSON_Delete(CB.rows);
	CB.rows = CB.fresh;
	CB.fresh = NULL;
	CB.loaded = true;
	reselect();
	if (CB.reload)
		load(a);
}

static void
set_filter(struct app *a, int queue, int dept)
{
	int nq = queue_count(a), nd = 1;   /* the NULL slot is "every" */

	while (complaint_departments[nd - 1] != NULL)
		nd++;

	CB.queue = (queue + nq) % nq;
	CB.dept = (dept + nd) % nd;
	CB.sel = CB.top = 0;
	CB.sel_no[0] = '\0';
	cJSON_Delete(CB.rows);
	CB.rows = NULL;
	CB.loaded = false;
	if (CB.list_id > 0) {   /* the answer to the old filter is ignored */
		CB.list_id = 0;
	}
	load(a);
}

static void
complaints_open(struct app *a)
{
	if (CB.queue >= queue_count(a))
		CB.queue = 0;
	load(a);
}

static int
complaints_bar(struct app *a, struct ui_help *out, int max)
{
	static const struct { enum complaint_dialog kind; const char *key, *what; } acts[] = {
		{ CD_CLASSIFY, "c", N_("Classify") }, { CD_ADVANCE, "a", N_("Advance") },
		{ CD_APPROVE, "A", N_("Approve") }, { CD_REPLY, "y", N_("Reply") },
		{ CD_CLOSE, "x", N_("Close") }, { CD_ATTRIBUTE, "s", N_("Shares") },
	};
	const cJSON *c = selected();
	int n = 0;

	if (c != NULL && n < max && visit_queue(a))
		out[n++] = (struct ui_help){ N_("Enter"), N_("Survey") };
	if (c != NULL && n < max)
		out[n++] = (struct ui_help){ visit_queue(a) ? "d" : N_("Enter"), N_("Detail") };
	for (size_t i = 0; i < sizeof acts / sizeof acts[0] && n < max; i++)
		if (c != NULL && complaint_dialog_allowed(a, acts[i].kind, c))
			out[n++] = (struct ui_help){ acts[i].key, acts[i].what };
	if (n < max)
		out[n++] = (struct ui_help){ N_("Tab"), N_("Queue") };
	if (n < max && strcmp(a->role, "operator") != 0)
		out[n++] = (struct ui_help){ "r", N_("Department") };
	return n;
}

static int
draw_tabs(struct app *a, int y, int x)
{
	const struct queue_def *q = queues_of(a);
	char tab[64];

	for (int i = 0; q[i].queue != NULL; i++) {
		snprintf(tab, sizeof tab, " %d %s ", i + 1, _(q[i].label));
		attrset(i == CB.queue ? ui_attr(a, UI_C_STATUS) | A_BOLD : A_NORMAL);
		x += ui_put(y, x, ui_text_width(tab), tab);
		attrset(A_NORMAL);
		x += ui_put(y, x, 1, " ");
	}
	return x;
}

enum { W_NO = 10, W_STATE = 10, W_SEV = 8, W_CAT = 16, W_STAGE = 14,
	W_CUST = 10, W_DUE = 10, W_MAJOR = 5 };

/* The stage column: the current stage's department, else the
 * responsible department. */
static const char *
stage_text(const cJSON *c)
{
	const cJSON *st = cJSON_GetObjectItemCaseSensitive(c, "stage");
	const char *d = ui_jstr(st, "department");

	return label_department(d[0] ? d : ui_jstr(c, "department"));
}

static attr_t
row_attr(struct app *a, const cJSON *c, time_t now, bool sel)
{
	time_t due;
	attr_t at = A_NORMAL;
	bool open = strcmp(ui_jstr(c, "state"), "closed") != 0;
	bool has_due = complaint_due(c, &due);

	if (open && (ui_jbool(c, "overdue") || (has_due && due < now)))
		at = ui_attr(a, UI_C_OVERDUE);
	else if (open && ui_jbool(c, "major"))
		at = ui_attr(a, UI_C_MAJOR);
	else if (open && has_due && due - now <= NEAR_SECS)
		at = ui_attr(a, UI_C_NEAR);
	return sel ? at | A_REVERSE : at;
}

#define NCOLS 9

/* Column widths: the complaint's words take what the others leave. */
static void
layout(int *w)
{
	static const int fixed[NCOLS] = { W_NO, W_MAJOR, W_STATE, W_SEV, W_CAT, W_STAGE,
		W_CUST, 0, -W_DUE };
	int used = 0;

	for (int i = 0; i < NCOLS; i++) {
		w[i] = fixed[i];
		used += (w[i] < 0 ? -w[i] : w[i]) + 1;
	}
	w[7] = COLS - 2 - used > 8 ? COLS - 2 - used : 8;
}

static void
draw_row(struct app *a, int y, const cJSON *c, time_t now, bool sel)
{
	const cJSON *cust = cJSON_GetObjectItemCaseSensitive(c, "customer");
	const char *cells[NCOLS];
	char due_text[32];
	time_t due;
	int w[NCOLS];

	layout(w);
	if (strcmp(ui_jstr(c, "state"), "closed") != 0 && complaint_due(c, &due))
		ui_countdown((long)(due - now), due_text, sizeof due_text);
	else
		ui_copy(due_text, sizeof due_text, "-");
	cells[0] = ui_jstr(c, "no");
	cells[1] = ui_jbool(c, "major") ? _("MAJOR") : "";
	cells[2] = label_complaint_state(ui_jstr(c, "state"));
	cells[3] = label_severity(ui_jstr(c, "severity"));
	cells[4] = label_category(ui_jstr(c, "category"));
	cells[5] = stage_text(c);
	cells[6] = ui_jstr(cust, "name");
	cells[7] = ui_jstr(c, "text");
	cells[8] = due_text;
	attrset(row_attr(a, c, now, sel));
	ui_put(y, 0, COLS, "");
	ui_put_cells(y, 1, w, cells, NCOLS);
	attrset(A_NORMAL);
}

static void
draw_header(int y)
{
	const char *cells[NCOLS] = { _("No."), "", _("State"), _("Severity"), _("Category"),
		_("Stage"), _("Customer"), _("Complaint"), _("Due") };
	int w[NCOLS];

	layout(w);
	attrset(A_BOLD | A_UNDERLINE);
	ui_put(y, 0, COLS, "");
	ui_put_cells(y, 1, w, cells, NCOLS);
	attrset(A_NORMAL);
}

static void
draw_rows(struct app *a, int top, int rows)
{
	int n = cJSON_GetArraySize(CB.rows);
	time_t now = net_server_now(a);
	const char *empty;

	CB.visible = rows > 1 ? rows : 1;
	if (n == 0) {
		empty = CB.loaded ? _("No complaints") : _("Loading...");
		ui_put(top + 1, (COLS - ui_text_width(empty)) / 2, COLS / 2, empty);
		return;
	}
	if (CB.sel < CB.top)
		CB.top = CB.sel;
	if (CB.sel >= CB.top + CB.visible)
		CB.top = CB.sel - CB.visible + 1;
	for (int i = 0; i < CB.visible && CB.top + i < n; i++)
		draw_row(a, top + i, cJSON_GetArrayItem(CB.rows, CB.top + i), now,
		    CB.top + i == CB.sel);
}

static void
complaints_draw(struct app *a, int top, int rows)
{
	char line[256];
	int x, n = cJSON_GetArraySize(CB.rows);

	attrset(ui_attr(a, UI_C_TITLE));
	x = 1 + ui_put(top, 1, COLS - 2, _("Complaint board"));
	attrset(A_NORMAL);
	x = draw_tabs(a, top, x + 2);
	snprintf(line, sizeof line, _("Department: %s"), CB.dept > 0 ?
	    label_department(complaint_departments[CB.dept - 1]) : _("all"));
	ui_put(top, x + 1, COLS - x - 2, line);
	snprintf(line, sizeof line, ngettext("%s: %d complaint, by deadline",
	    "%s: %d complaints, by deadline", n), _(queues_of(a)[CB.queue].label), n);
	ui_put(top + 1, 1, COLS - 2, line);
	if (CB.list_id > 0)
		ui_put_right(top + 1, COLS / 2, COLS - COLS / 2 - 1, _("Loading..."));
	draw_header(top + 2);
	draw_rows(a, top + 3, rows - 3);
}

static bool
move_key(int type, wint_t key)
{
	int n = cJSON_GetArraySize(CB.rows), page = CB.visible > 1 ? CB.visible - 1 : 1;

	if (type == OK && (key == 'j' || key == 'k'))
		CB.sel += key == 'j' ? 1 : -1;
	else if (type != KEY_CODE_YES)
		return false;
	else if (key == KEY_UP || key == KEY_DOWN)
		CB.sel += key == KEY_DOWN ? 1 : -1;
	else if (key == KEY_NPAGE || key == KEY_PPAGE)
		CB.sel += key == KEY_NPAGE ? page : -page;
	else if (key == KEY_HOME || key == KEY_END)
		CB.sel = key == KEY_HOME ? 0 : n - 1;
	else
		return false;
	if (CB.sel >= n)
		CB.sel = n - 1;
	if (CB.sel < 0)
		CB.sel = 0;
	remember_selection();
	return true;
}

/* Enter/d, the dialog keys and n; true when taken. */
static bool
action_key(struct app *a, int type, wint_t key)
{
	const cJSON *c = selected();
	int kind = type == OK ? complaint_dialog_for_key(key) : -1;

	if (ui_key_enter(type, key) && c != NULL && visit_queue(a))
		survey_show(a, ui_jstr(c, "no"), &ui_complaints_view);
	else if ((ui_key_enter(type, key) || (type == OK && key == 'd')) && c != NULL)
		complaint_detail_show(a, ui_jstr(c, "no"), &ui_complaints_view);
	else if (kind >= 0 && c != NULL)
		complaint_dialog_open(a, (enum complaint_dialog)kind, c, &ui_complaints_view);
	else if (type == OK && key == 'n' && strcmp(a->role, "manager") != 0)
		complaint_intake_show(a, NULL, "", "", &ui_complaints_view);
	else
		return false;
	return true;
}

static unsigned
complaints_key(struct app *a, int type, wint_t key)
{
	if (move_key(type, key) || action_key(a, type, key))
		return UI_HANDLED | UI_REDRAW;
	if (type == OK && key == '\t')
		set_filter(a, CB.queue + 1, CB.dept);
	else if (type == KEY_CODE_YES && key == KEY_BTAB)
		set_filter(a, CB.queue - 1, CB.dept);
	else if (type == OK && key >= '1' && key < '1' + (wint_t)queue_count(a))
		set_filter(a, (int)(key - '1'), CB.dept);
	else if (type == OK && key == 'r' && strcmp(a->role, "operator") != 0)
		set_filter(a, CB.queue, CB.dept + 1);
	else if (type == OK && key == 'q')
		a->quit = true;
	else if (type == KEY_CODE_YES && key == KEY_F(5))
		load(a);
	else
		return 0;
	return UI_HANDLED | UI_REDRAW;
}

/* A major incident was classified: said on whatever screen is open. */
static void
on_alert(struct app *a, const cJSON *data)
{
	const cJSON *c = cJSON_GetObjectItemCaseSensitive(data, "complaint");
	const cJSON *cust = cJSON_GetObjectItemCaseSensitive(c, "customer");

	ui_message(a, true, _("MAJOR INCIDENT: complaint %s (%s): %s"), ui_jstr(c, "no"),
	    ui_jstr(cust, "name"), ui_jstr(c, "text"));
	beep();
}

static bool
complaints_message(struct app *a, const cJSON *msg)
{
	int64_t id = ui_jint(msg, "id", -1);
	const char *ev = ui_jstr(msg, "event");

	if (id > 0 && id == CB.list_id) {
		on_page(a, msg);
		a->dirty = true;
		return true;
	}
	if (id > 0)
		return false;
	if (strcmp(ev, "complaint.alert") == 0)
		on_alert(a, cJSON_GetObjectItemCaseSensitive(msg, "data"));
	else if (strcmp(ev, "complaint.changed") != 0 &&
	    strcmp(ev, "complaint.reminder") != 0)
		return false;
	if (CB.loaded || CB.list_id > 0)
		load(a);
	a->dirty = true;
	return false;
}

static void
complaints_session(struct app *a, enum ui_session_event ev)
{
	if (ev == UI_DISCONNECTED) {
		CB.list_id = 0;
		cJSON_Delete(CB.fresh);
		CB.fresh = NULL;
	} else if ((ev == UI_LOGGED_IN || ev == UI_RESYNC) && a->view == &ui_complaints_view)
		load(a);
	else if (ev == UI_LOGGED_IN || ev == UI_RESYNC)
		CB.loaded = false;
	else if (ev == UI_LOGGED_OUT) {
		cJSON_Delete(CB.rows);
		CB.rows = NULL;
		CB.loaded = false;
		CB.queue = CB.dept = CB.sel = CB.top = 0;
		CB.sel_no[0] = '\0';
	}
}

const struct view_ops ui_complaints_view = {
	.name = "complaints",
	.title = N_("Complaint board"),
	.open = complaints_open,
	.draw = complaints_draw,
	.key = complaints_key,
	.on_message = complaints_message,
	.on_session = complaints_session,
	.help = complaints_help,
	.bar = complaints_bar,
};
