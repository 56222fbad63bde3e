/*
 * screen/complaints.c: the complaint board (投诉看板), the first screen of
 * quality and managers; operators reach it with F6 for the received and
 * closed complaints, the return visits and the customers' replies; a
 * department's users have it as their board (only their screen): the
 * complaints at their department's stage now, with the time left, and
 * those that passed through them (the daemon holds them to those).
 *
 * One complaint.list queue at a time (Tab or a digit: received, open,
 * overdue, major, mine, closed, closed late, and for managers to approve
 * and individual cases; operators: received, closed, to visit, to reply;
 * a department: current, passed),
 * an optional department filter (r), in the daemon's deadline order with a
 * live countdown: red past the deadline, yellow within NEAR_SECS; a major
 * incident's row stands out in magenta with "MAJOR". The list is a
 * widget/table: / searches, F filters, < > sort by a column (the countdown
 * by time), and the selection stays on its complaint across reloads. A
 * complaint.changed or complaint.reminder push reloads the queue
 * (membership depends on deadlines the daemon computes); a reminder (only
 * its addressees get one: the stage's department and its head) and a
 * complaint.alert (a major incident just classified) are announced on the
 * message line with a beep on whatever screen is open. Enter opens the detail; the dialog
 * keys work here too, offered as op.list and the complaint's state allow
 * (screen/complaint_forms.c). F7 opens a new complaint (as on the call
 * form). In the operator's To visit queue Enter opens the return-visit
 * survey (survey_show, screen/visit.c), in To reply the reply dialog, in
 * the manager's To approve the approval dialog; d the detail.
 */
#include "client/screen/complaints.h"
#include "client/screen/screens.h"
#include "client/screen/work.h"
#include "client/widget/table.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PAGE_LIMIT 200
#define MAX_PAGES 10
#define NEAR_SECS (4 * 3600)

const char *
complaint_proposal(const cJSON *c)
{
	const cJSON *s;
	const char *p = "";

	cJSON_ArrayForEach(s, cJSON_GetObjectItemCaseSensitive(c, "stages"))
		if (ui_jstr(s, "proposal")[0])
			p = ui_jstr(s, "proposal");
	return p;
}

bool
complaint_due(const cJSON *c, time_t *due)
{
	const char *s = ui_jstr(c, "stage_due");

	if (!s[0])
		s = ui_jstr(c, "close_due");
	return s[0] && ui_parse_time(s, due, NULL);
}

/* What Enter does on a queue's row: the detail, or the work the queue is
 * for. */
enum queue_enter { QE_DETAIL, QE_SURVEY, QE_REPLY, QE_APPROVE };

struct queue_def {
	const char *queue, *label;
	enum queue_enter enter;
};

#define STAFF_QUEUES \
	{ "received", N_("Received"), QE_DETAIL }, { "open", N_("Open"), QE_DETAIL }, \
	{ "overdue", N_("Overdue"), QE_DETAIL }, { "major", N_("Major"), QE_DETAIL }, \
	{ "mine", N_("Mine"), QE_DETAIL }, { "closed", N_("Closed"), QE_DETAIL }, \
	{ "late", N_("Closed late"), QE_DETAIL }

static const struct queue_def staff_queues[] = { STAFF_QUEUES, { NULL, NULL, 0 } };

/* A manager's individual cases, then approvals last, where Shift-Tab from
 * the first queue goes. */
static const struct queue_def manager_queues[] = {
	STAFF_QUEUES, { "individual", N_("Individual"), QE_DETAIL },
	{ "to_approve", N_("To approve"), QE_APPROVE }, { NULL, NULL, 0 }
};

/* A department's board: the complaints at their stage now (with the time
 * left), then those that passed through them. */
static const struct queue_def department_queues[] = {
	{ "mine", N_("Current"), QE_DETAIL }, { "passed", N_("Passed"), QE_DETAIL },
	{ NULL, NULL, 0 }
};

static const struct queue_def operator_queues[] = {
	{ "received", N_("Received"), QE_DETAIL }, { "closed", N_("Closed"), QE_DETAIL },
	{ "to_visit", N_("To visit"), QE_SURVEY }, { "to_reply", N_("To reply"), QE_REPLY },
	{ NULL, NULL, 0 }
};

struct board {
	cJSON *rows;            /* complaint objects in the daemon's order */
	cJSON *fresh;           /* pages of a reload in progress */
	const cJSON **item;     /* rows by index, for the table */
	size_t n, cap;
	int64_t list_req;       /* complaint.list in flight, 0: none */
	int pages, queue, dept; /* dept: 0 every department, else index + 1 */
	bool loaded, reload;    /* reload: a push came while loading */
	struct table table;
};

static bool
is_department(const struct app *a)
{
	return strcmp(a->role, "department") == 0;
}

static const struct queue_def *
queues_of(const struct app *a)
{
	if (strcmp(a->role, "operator") == 0)
		return operator_queues;
	if (is_department(a))
		return department_queues;
	return strcmp(a->role, "manager") == 0 ? manager_queues : staff_queues;
}

static int
queue_count(const struct app *a)
{
	int n = 0;

	while (queues_of(a)[n].queue != NULL)
		n++;
	return n;
}

/* ---- the table's view of the rows */

enum { CC_NO, CC_MAJOR, CC_STATE, CC_SEV, CC_CAT, CC_STAGE, CC_CUST,
	CC_TEXT, CC_DUE, CC_NCOLS };

/* At 80 columns the severity, customer and category go first; the
 * countdown (hide 0) never does. */
static const struct table_column columns[CC_NCOLS] = {
	[CC_NO] = { N_("No."), 10, 0, false, true },
	[CC_MAJOR] = { N_("Major"), 5, 2, false, true },
	[CC_STATE] = { N_("State"), 10, 1, false, true },
	[CC_SEV] = { N_("Severity"), 8, 6, false, true },
	[CC_CAT] = { N_("Category"), 16, 4, false, true },
	[CC_STAGE] = { N_("Stage"), 14, 3, false, true },
	[CC_CUST] = { N_("Customer"), 10, 5, false, true },
	[CC_TEXT] = { N_("Complaint"), 0, 0, false, false },
	[CC_DUE] = { N_("Due"), 10, 0, true, true },
};

static size_t
row_count(const void *data)
{
	return ((const struct board *)data)->n;
}

/* The stage column: the current stage's department, else the
 * responsible department. */
static const char *
stage_text(const cJSON *c)
{
	const cJSON *st = cJSON_GetObjectItemCaseSensitive(c, "stage");
	const char *d = ui_jstr(st, "department");

	return label_department(d[0] ? d : ui_jstr(c, "department"));
}

static bool
is_open(const cJSON *c)
{
	return strcmp(ui_jstr(c, "state"), "closed") != 0;
}

static void
row_cell(const struct app *a, const void *data, size_t row, int col, char *buf,
    size_t len)
{
	const cJSON *c = ((const struct board *)data)->item[row];
	time_t due;

	switch (col) {
	case CC_NO: ui_copy(buf, len, ui_jstr(c, "no")); break;
	case CC_MAJOR: ui_copy(buf, len, ui_jbool(c, "major") ? _("MAJOR") : ""); break;
	case CC_STATE: ui_copy(buf, len, label_complaint_state(ui_jstr(c, "state"))); break;
	case CC_SEV: ui_copy(buf, len, label_severity(ui_jstr(c, "severity"))); break;
	case CC_CAT: ui_copy(buf, len, label_category(ui_jstr(c, "category"))); break;
	case CC_STAGE: ui_copy(buf, len, stage_text(c)); break;
	case CC_CUST:
		ui_copy(buf, len, ui_jstr(cJSON_GetObjectItemCaseSensitive(c, "customer"), "name"));
		break;
	case CC_TEXT: ui_copy(buf, len, ui_jstr(c, "text")); break;
	default:
		if (is_open(c) && complaint_due(c, &due))
			ui_countdown((long)(due - net_server_now(a)), buf, len);
		else
			ui_copy(buf, len, "-");
	}
}

static void
row_key(const void *data, size_t row, char *buf, size_t len)
{
	ui_copy(buf, len, ui_jstr(((const struct board *)data)->item[row], "no"));
}

static attr_t
row_attr(const struct app *a, const void *data, size_t row)
{
	const cJSON *c = ((const struct board *)data)->item[row];
	time_t due, now = net_server_now(a);
	bool has_due = complaint_due(c, &due);

	if (!is_open(c))
		return A_NORMAL;
	if (ui_jbool(c, "overdue") || (has_due && due < now))
		return ui_attr(a, UI_C_OVERDUE);
	if (ui_jbool(c, "major"))
		return ui_attr(a, UI_C_MAJOR);
	if (has_due && due - now <= NEAR_SECS)
		return ui_attr(a, UI_C_NEAR);
	return A_NORMAL;
}

/* The countdown sorts by time (no deadline last); the rest by their text. */
static int
row_compare(const struct app *a, const void *data, size_t x, size_t y, int col)
{
	const struct board *b = data;
	time_t dx, dy;
	bool hx, hy;

	(void)a;
	if (col != CC_DUE)
		return 2;
	hx = is_open(b->item[x]) && complaint_due(b->item[x], &dx);
	hy = is_open(b->item[y]) && complaint_due(b->item[y], &dy);
	if (!hx || !hy)
		return hx == hy ? 0 : hx ? -1 : 1;
	return dx < dy ? -1 : dx > dy;
}

static const struct table_source source = {
	.count = row_count, .cell = row_cell, .key = row_key, .attr = row_attr,
	.compare = row_compare,
};

/* ---- loading a queue */

static enum queue_enter
queue_enter(const struct app *a, const struct board *b)
{
	return queues_of(a)[b->queue].enter;
}

static const cJSON *
selected(const struct board *b)
{
	size_t row;

	return table_selected(&b->table, &row) ? b->item[row] : NULL;
}

/* The rows just loaded become the table's, its selection kept. */
static void
take_rows(struct app *a, struct board *b, cJSON *rows)
{
	size_t n = (size_t)cJSON_GetArraySize(rows), i = 0;
	const cJSON **item = b->item;
	const cJSON *c;

	if (b->table.cols == NULL)   /* before the board was first shown */
		table_init(&b->table, columns, CC_NCOLS, &source, b);
	if (n > b->cap && (item = realloc(b->item, n * sizeof *item)) != NULL) {
		b->item = item;
		b->cap = n;
	}
	cJSON_Delete(b->rows);
	b->rows = rows;
	cJSON_ArrayForEach(c, rows)
		if (i < b->cap)
			b->item[i++] = c;
	b->n = i;
	table_refresh(&b->table, a);
}

static void load(struct app *a, struct board *b);
static void on_page(struct app *a, void *ctx, const cJSON *reply);

static void
request_page(struct app *a, struct board *b, const cJSON *after)
{
	cJSON *args = cJSON_CreateObject();
	int64_t id;

	cJSON_AddStringToObject(args, "queue", queues_of(a)[b->queue].queue);
	if (b->dept > 0)
		cJSON_AddStringToObject(args, "department", complaint_departments[b->dept - 1]);
	cJSON_AddNumberToObject(args, "limit", PAGE_LIMIT);
	if (after != NULL)
		cJSON_AddItemToObject(args, "after", cJSON_Duplicate(after, true));
	id = net_request(a, "complaint.list", args, on_page, b);
	b->list_req = id > 0 ? id : 0;
}

static void
on_page(struct app *a, void *ctx, const cJSON *reply)
{
	struct board *b = ctx;
	const cJSON *r = reply_result(reply), *next, *c;
	char text[512];

	b->list_req = 0;
	if (reply != NULL && !reply_ok(reply)) {
		net_error_text(reply, text, sizeof text);
		ui_message(a, true, _("Cannot load the complaints: %s"), text);
	}
	if (reply == NULL || !reply_ok(reply)) {
		cJSON_Delete(b->fresh);
		b->fresh = NULL;
		return;
	}
	cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(r, "complaints"))
		cJSON_AddItemToArray(b->fresh, cJSON_Duplicate(c, true));
	next = cJSON_GetObjectItemCaseSensitive(r, "next");
	if (!b->reload && cJSON_IsString(next) && ++b->pages < MAX_PAGES) {
		request_page(a, b, next);
		if (b->list_req != 0)
			return;
	}
	take_rows(a, b, b->fresh);
	b->fresh = NULL;
	b->loaded = true;
	a->dirty = true;
	if (b->reload)
		load(a, b);
}

static void
load(struct app *a, struct board *b)
{
	if (!a->logged_in)
		return;
	if (b->list_req > 0) {
		b->reload = true;
		return;
	}
	cJSON_Delete(b->fresh);
	b->fresh = cJSON_CreateArray();
	b->pages = 0;
	b->reload = false;
	request_page(a, b, NULL);
}

/* Another queue or department: its rows from the top. */
static void
set_filter(struct app *a, struct board *b, int queue, int dept)
{
	int nq = queue_count(a), nd = 1;   /* the NULL slot is "every" */

	while (complaint_departments[nd - 1] != NULL)
		nd++;
	b->queue = (queue + nq) % nq;
	b->dept = (dept + nd) % nd;
	if (b->list_req > 0)   /* the answer to the old filter is not wanted */
		net_cancel(a, b->list_req);
	b->list_req = 0;
	b->loaded = false;
	b->table.sel = b->table.top = 0;
	b->table.sel_key[0] = '\0';
	take_rows(a, b, NULL);
	load(a, b);
}

/* ---- keys */

static unsigned
key_next_queue(struct app *a, struct view *v)
{
	struct board *b = v->priv;

	set_filter(a, b, b->queue + 1, b->dept);
	return UI_HANDLED;
}

static unsigned
key_prev_queue(struct app *a, struct view *v)
{
	struct board *b = v->priv;

	set_filter(a, b, b->queue - 1, b->dept);
	return UI_HANDLED;
}

static unsigned
key_department(struct app *a, struct view *v)
{
	struct board *b = v->priv;

	set_filter(a, b, b->queue, b->dept + 1);
	return UI_HANDLED;
}

/* The department filter: quality's and managers' (an operator's queues and
 * a department's board are not by department). */
static bool
filters_department(const struct app *a, const struct view *v)
{
	(void)v;
	return strcmp(a->role, "operator") != 0 && !is_department(a);
}

static unsigned
key_reload(struct app *a, struct view *v)
{
	struct board *b = v->priv;

	if (!a->rights.known)
		op_rights_fetch(a, &a->rights);
	load(a, b);
	return UI_HANDLED;
}

static unsigned
key_quit(struct app *a, struct view *v)
{
	(void)v;
	a->quit = true;
	return UI_HANDLED;
}

static bool
may_register(const struct app *a, const struct view *v)
{
	(void)v;
	return op_rights_allowed(&a->rights, "complaint.register");
}

static unsigned
key_new_complaint(struct app *a, struct view *v)
{
	(void)v;
	complaint_intake_show(a, NULL, "", "", &ui_complaints_view);
	return UI_HANDLED;
}

static void
refuse_new_complaint(struct app *a, struct view *v)
{
	const struct op_rights *r = &a->rights;
	char who[128];

	(void)v;
	if (!r->known)
		ui_message(a, true, "%s", _("Still reading what your role may do: try again in a moment"));
	else
		ui_message(a, true, _("%s is for %s, not for your role (%s)"), _("A new complaint"),
		    op_rights_roles(r, "complaint.register", who, sizeof who),
		    ui_role_label(a->role));
}

/* Enter on a selected row of a queue whose Enter is `what`. */
static bool
row_enters(const struct app *a, const struct view *v, enum queue_enter what)
{
	return selected(v->priv) != NULL && queue_enter(a, v->priv) == what;
}

#define ENTER_ROW(name, what) \
	static bool name##_row(const struct app *a, const struct view *v) \
	{ return row_enters(a, v, what); }
ENTER_ROW(detail, QE_DETAIL)
ENTER_ROW(survey, QE_SURVEY)
ENTER_ROW(reply, QE_REPLY)
ENTER_ROW(approve, QE_APPROVE)

/* d: the detail where Enter is the queue's work. */
static bool
work_row(const struct app *a, const struct view *v)
{
	return selected(v->priv) != NULL && queue_enter(a, v->priv) != QE_DETAIL;
}

/* A dialog key: offered when op.list and the complaint's state allow it;
 * pressed anyway, complaint_dialog_open says why not. */
static unsigned
open_dialog(struct app *a, struct view *v, enum complaint_dialog kind)
{
	const cJSON *c = selected(v->priv);

	if (c == NULL)
		ui_message(a, true, "%s", _("No complaint selected"));
	else
		complaint_dialog_open(a, kind, c, &ui_complaints_view);
	return UI_HANDLED;
}

#define DIALOG_KEY(fn, kind) \
	static unsigned key_##fn(struct app *a, struct view *v) \
	{ return open_dialog(a, v, kind); } \
	static bool can_##fn(const struct app *a, const struct view *v) \
	{ const cJSON *c = selected(v->priv); \
	  return c != NULL && complaint_dialog_allowed(a, kind, c); } \
	static void refuse_##fn(struct app *a, struct view *v) \
	{ open_dialog(a, v, kind); }
DIALOG_KEY(classify, CD_CLASSIFY)
DIALOG_KEY(advance, CD_ADVANCE)
DIALOG_KEY(approve, CD_APPROVE)
DIALOG_KEY(reply, CD_REPLY)
DIALOG_KEY(close, CD_CLOSE)
DIALOG_KEY(attribute, CD_ATTRIBUTE)

/* Enter and d run through board_input (Enter means the detail, or the
 * queue's work: the survey, the reply, the approval); their entries here
 * make the bar and the help. */
static const struct ui_key board_keys[] = {
	{ .key = UI_KEY_ENTER, .name = N_("Enter"), .label = N_("Detail"),
	  .help = N_("The complaint's detail: route, shares, rounds"), .when = detail_row },
	{ .key = UI_KEY_ENTER, .name = N_("Enter"), .label = N_("Survey"),
	  .help = N_("In To visit: the return-visit survey (d: the detail)"), .when = survey_row },
	{ .key = UI_KEY_ENTER, .name = N_("Enter"), .label = N_("Reply"),
	  .help = N_("In To reply: record the customer's answer (d: the detail)"),
	  .when = reply_row },
	{ .key = UI_KEY_ENTER, .name = N_("Enter"), .label = N_("Approve"),
	  .help = N_("In To approve: read the findings, approve (d: the detail)"),
	  .when = approve_row },
	{ .key = 'd', .name = "d", .label = N_("Detail"),
	  .help = N_("The complaint's detail, in every queue"), .when = work_row },
	{ .key = 'c', .name = "c", .label = N_("Classify"), .help = N_("Classify (quality)"),
	  .run = key_classify, .when = can_classify, .refuse = refuse_classify },
	{ .key = 'a', .name = "a", .label = N_("Advance"), .help = N_("The running stage's finding"),
	  .run = key_advance, .when = can_advance, .refuse = refuse_advance },
	{ .key = 'A', .name = "A", .label = N_("Approve"), .help = N_("Approve the proposal (managers)"),
	  .run = key_approve, .when = can_approve, .refuse = refuse_approve },
	{ .key = 'y', .name = "y", .label = N_("Reply"), .help = N_("The customer's reply"),
	  .run = key_reply, .when = can_reply, .refuse = refuse_reply },
	{ .key = 'x', .name = "x", .label = N_("Close"), .help = N_("Close the complaint"),
	  .run = key_close, .when = can_close, .refuse = refuse_close },
	{ .key = 's', .name = "s", .label = N_("Shares"), .help = N_("Attribute responsibility"),
	  .run = key_attribute, .when = can_attribute, .refuse = refuse_attribute },
	{ .key = UI_K(KEY_F(7)), .name = "F7", .label = N_("New"),
	  .help = N_("A new complaint (operators, quality)"), .run = key_new_complaint,
	  .when = may_register, .refuse = refuse_new_complaint },
	{ .key = UI_KEY_TAB, .name = N_("Tab, 1-9"), .label = N_("Queue"),
	  .help = N_("The next queue; a digit: the queue of that number"), .run = key_next_queue },
	{ .key = UI_K(KEY_BTAB), .name = N_("Shift-Tab"), .help = N_("The previous queue"),
	  .run = key_prev_queue },
	{ .key = 'r', .name = "r", .label = N_("Department"), .help = N_("Department filter"),
	  .run = key_department, .when = filters_department },
	{ .key = UI_K(KEY_F(5)), .name = "F5", .run = key_reload },
	{ .key = 'q', .name = "q", .help = N_("Quit"), .run = key_quit },
	TABLE_HELP_KEYS,
	{ 0 }
};

static unsigned
board_input(struct app *a, struct view *v, ui_key_t key)
{
	struct board *b = v->priv;
	const cJSON *c = selected(b);

	if ((key == UI_KEY_ENTER || key == 'd') && c == NULL)
		ui_message(a, true, "%s", _("No complaint selected"));
	else if (key == UI_KEY_ENTER && queue_enter(a, b) == QE_SURVEY)
		survey_show(a, ui_jstr(c, "no"), &ui_complaints_view);
	else if (key == UI_KEY_ENTER && queue_enter(a, b) == QE_REPLY)
		complaint_dialog_open(a, CD_REPLY, c, &ui_complaints_view);
	else if (key == UI_KEY_ENTER && queue_enter(a, b) == QE_APPROVE)
		complaint_dialog_open(a, CD_APPROVE, c, &ui_complaints_view);
	else if (key == UI_KEY_ENTER || key == 'd')
		complaint_detail_show(a, ui_jstr(c, "no"), &ui_complaints_view);
	else if (key >= '1' && key < '1' + (ui_key_t)queue_count(a))
		set_filter(a, b, (int)(key - '1'), b->dept);
	else
		return table_key(&b->table, a, key);
	return UI_HANDLED | UI_REDRAW;
}

/* ---- drawing */

/* " 1 Received " for each queue; compact (" 2 ", the current one named)
 * when they would not fit in width. Returns the next column. */
static int
draw_tabs(struct app *a, const struct board *b, int y, int x, int width)
{
	const struct queue_def *q = queues_of(a);
	char tab[64];
	int full = 0, end = x + width;

	for (int i = 0; q[i].queue != NULL; i++)
		full += ui_text_width(_(q[i].label)) + 5;
	for (int i = 0; q[i].queue != NULL && x < end; i++) {
		if (full <= width || i == b->queue)
			snprintf(tab, sizeof tab, " %d %s ", i + 1, _(q[i].label));
		else
			snprintf(tab, sizeof tab, " %d ", i + 1);
		attrset(i == b->queue ? ui_attr(a, UI_C_STATUS) | A_BOLD : A_NORMAL);
		x += ui_put(y, x, end - x, tab);
		attrset(A_NORMAL);
		x += 1;
	}
	return x;
}

/* "Open: 2 complaints, by deadline  Filter: ..." and, on the right, the
 * department. */
static void
draw_counts(struct app *a, const struct board *b, int y)
{
	const char *queue = _(queues_of(a)[b->queue].label);
	char line[512], dept[128], filter[TABLE_TEXT + 64];
	int n = (int)b->n, dw = 0;

	if (filters_department(a, NULL)) {
		snprintf(dept, sizeof dept, _("Department: %s"), b->dept > 0 ?
		    label_department(complaint_departments[b->dept - 1]) : _("all"));
		dw = ui_text_width(dept) + 1;
		ui_put_right(y, COLS - 1 - dw, dw, dept);
	}
	if (!b->loaded)
		snprintf(line, sizeof line, _("%s: loading..."), queue);
	else if (b->table.sort_col < 0)
		snprintf(line, sizeof line, ngettext("%s: %d complaint, by deadline",
		    "%s: %d complaints, by deadline", n), queue, n);
	else
		snprintf(line, sizeof line, ngettext("%s: %d complaint, by %s",
		    "%s: %d complaints, by %s", n), queue, n,
		    _(columns[b->table.sort_col].title));
	if (b->table.filter[0])
		snprintf(line + strlen(line), sizeof line - strlen(line), "  %s",
		    table_filter_text(&b->table, filter, sizeof filter));
	ui_put(y, 1, COLS - 2 - dw, line);
}

static void
board_paint(struct app *a, struct view *v, int top, int rows)
{
	struct board *b = v->priv;
	const char *empty;
	char title[128];
	int x;

	if (is_department(a))
		snprintf(title, sizeof title, _("Board of %s"), label_department(a->department));
	else
		snprintf(title, sizeof title, "%s", _("Complaint board"));
	attrset(ui_attr(a, UI_C_TITLE));
	x = 1 + ui_put(top, 1, COLS - 2, title);
	attrset(A_NORMAL);
	draw_tabs(a, b, top, x + 2, COLS - x - 3);
	draw_counts(a, b, top + 1);
	table_draw(&b->table, a, top + 2, rows - 2);
	if (b->table.norder == 0) {
		empty = !b->loaded ? _("Loading...") : b->n > 0 ?
		    _("No complaint matches the filter") : _("No complaints");
		ui_put(top + 4, (COLS - ui_text_width(empty)) / 2, COLS / 2, empty);
	}
}

/* ---- pushes and the session */

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

/* A reminder (催办单) addressed to this user, as the stage's department or
 * its head: said on whatever screen is open. */
static void
on_reminder(struct app *a, const cJSON *data)
{
	ui_message(a, true, _("Reminder: complaint %s is overdue at %s's stage (%lld working days)"),
	    ui_jstr(data, "no"), label_department(ui_jstr(data, "department")),
	    (long long)ui_jint(data, "overdue_days", 1));
	beep();
}

static void
board_push(struct app *a, struct view *v, const cJSON *msg)
{
	struct board *b = v->priv;
	const char *ev = ui_jstr(msg, "event");

	if (strcmp(ev, "complaint.alert") == 0)
		on_alert(a, cJSON_GetObjectItemCaseSensitive(msg, "data"));
	else if (strcmp(ev, "complaint.reminder") == 0)
		on_reminder(a, cJSON_GetObjectItemCaseSensitive(msg, "data"));
	else if (strcmp(ev, "complaint.changed") != 0)
		return;
	if (b->loaded || b->list_req > 0)
		load(a, b);
}

static void
board_session(struct app *a, struct view *v, enum ui_session_event ev)
{
	struct board *b = v->priv;

	if ((ev == UI_LOGGED_IN || ev == UI_RESYNC) && a->view == &ui_complaints_view)
		load(a, b);
	else if (ev == UI_LOGGED_IN || ev == UI_RESYNC)
		b->loaded = false;
	else if (ev == UI_LOGGED_OUT) {
		b->queue = b->dept = 0;
		set_filter(a, b, 0, 0);
	}
}

static void
board_enter(struct app *a, struct view *v)
{
	struct board *b = v->priv;

	if (b->queue >= queue_count(a))
		set_filter(a, b, 0, b->dept);
	else
		load(a, b);
}

static void
board_destroy(struct app *a, struct view *v)
{
	struct board *b = v->priv;

	(void)a;
	cJSON_Delete(b->rows);
	cJSON_Delete(b->fresh);
	free(b->item);
	table_free(&b->table);
}

const struct view_ops ui_complaints_view = {
	.name = "complaints",
	.title = N_("Complaint board"),
	.flags = UI_VIEW_SCREEN,
	.private_size = sizeof(struct board),
	.keys = board_keys,
	.enter = board_enter,
	.paint = board_paint,
	.input = board_input,
	.push = board_push,
	.session = board_session,
	.destroy = board_destroy,
};
