/*
 * screen/complaint_forms.c: the dialogs on a complaint.
 *
 * One dialog view for the six ops on a complaint: classify (s severity,
 * 1-6 category, m major: one key each), advance (finding, proposal),
 * approve (note), reply (the customer's answer, y/n accepted), close
 * (reason) and attribute (up to four shares: a department code or a login,
 * a percent, a penalty and its amount in yuan; refused here unless the
 * percents add up to 100). Ctrl-S or F2 sends; the server's refusal is
 * shown with the field it names; success goes back where it came from.
 * A dialog key refused by role or state says which on the message line;
 * the finding's dialog names the stage it is for and sends its seq (read
 * with complaint.get when opened on the board).
 */
#include "client/screen/complaints.h"
#include "client/screen/screens.h"
#include "client/screen/intake.h"
#include "client/screen/work.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/domain.h"

#define NSHARES 4

/* ---- which dialog, for whom */

static const struct {
	char key;
	const char *title;   /* N_(), the complaint's number follows */
	const char *op;
	const char *what, *who;   /* N_(), for a refusal: "<what> is for <who>" */
} dialogs[] = {
	[CD_CLASSIFY] = { 'c', N_("Classify complaint"), "complaint.classify",
	    N_("Classifying"), N_("quality") },
	[CD_ADVANCE] = { 'a', N_("The current stage's finding on complaint"), "complaint.advance",
	    N_("A stage's finding"), N_("the stage's department and quality") },
	[CD_APPROVE] = { 'A', N_("Approve the proposal of complaint"), "complaint.approve",
	    N_("Approving"), N_("managers") },
	[CD_REPLY] = { 'y', N_("The customer's reply to complaint"), "complaint.reply",
	    N_("The customer's reply"), N_("quality and operators") },
	[CD_CLOSE] = { 'x', N_("Close complaint"), "complaint.close",
	    N_("Closing"), N_("quality") },
	[CD_ATTRIBUTE] = { 's', N_("Responsibility for complaint"), "complaint.attribute",
	    N_("Responsibility"), N_("quality") },
};
#define NDIALOGS ((int)(sizeof dialogs / sizeof dialogs[0]))

int
complaint_dialog_for_key(wint_t key)
{
	for (int i = 0; i < NDIALOGS; i++)
		if (key == (wint_t)dialogs[i].key)
			return i;
	return -1;
}

static bool
role_is(const struct app *a, const char *role)
{
	return strcmp(a->role, role) == 0;
}

/* The roles of each op (svcdesk-protocol(7)); a finding is also for the
 * stage's department, which the daemon checks (forbidden in the dialog). */
static bool
role_allowed(const struct app *a, enum complaint_dialog kind)
{
	switch (kind) {
	case CD_ADVANCE: return !role_is(a, "operator");
	case CD_APPROVE: return role_is(a, "manager");
	case CD_REPLY: return role_is(a, "quality") || role_is(a, "operator");
	case CD_CLASSIFY: case CD_CLOSE: case CD_ATTRIBUTE: return role_is(a, "quality");
	}
	return false;
}

/* The states each op starts from (common/states.c, complaint rows). */
static bool
state_allowed(enum complaint_dialog kind, const char *st)
{
	switch (kind) {
	case CD_CLASSIFY: return strcmp(st, "received") == 0;
	case CD_ADVANCE: return strcmp(st, "routed") == 0;
	case CD_APPROVE: return strcmp(st, "proposed") == 0;
	case CD_REPLY: return strcmp(st, "approved") == 0;
	case CD_CLOSE: return strcmp(st, "received") == 0 || strcmp(st, "routed") == 0 ||
		    strcmp(st, "follow_up") == 0;
	case CD_ATTRIBUTE: return true;
	}
	return false;
}

bool
complaint_dialog_allowed(const struct app *a, enum complaint_dialog kind,
    const cJSON *c)
{
	return role_allowed(a, kind) && state_allowed(kind, ui_jstr(c, "state"));
}

bool
complaint_dialog_open(struct app *a, enum complaint_dialog kind, const cJSON *c,
    const struct view_ops *back)
{
	if (!role_allowed(a, kind))
		ui_message(a, true, _("%s is for %s, not for your role (%s)"), _(dialogs[kind].what),
		    _(dialogs[kind].who), ui_role_label(a->role));
	else if (!state_allowed(kind, ui_jstr(c, "state")))
		ui_message(a, true, _("Not possible now: complaint %s is %s"), ui_jstr(c, "no"),
		    label_complaint_state(ui_jstr(c, "state")));
	else {
		complaint_dialog_show(a, kind, c, back);
		return true;
	}
	return false;
}

/* ---- the dialog's items */

enum { F_FINDING, F_PROPOSAL, F_NOTE, F_TEXT, F_ACCEPT, F_REASON,
	F_SHARES, F_COUNT = F_SHARES + 4 * NSHARES };
/* Share i's items, one row each so that Tab goes along the row. */
#define F_WHO(i) (F_SHARES + 4 * (i))
#define F_PCT(i) (F_WHO(i) + 1)
#define F_PEN(i) (F_WHO(i) + 2)
#define F_AMT(i) (F_WHO(i) + 3)

static const char *const penalty_codes[] = { "none", "warning", "minor_demerit",
	"major_demerit", NULL };

static const char *const accept_codes[] = { "unknown", "yes", "no", NULL };

static const char *
accept_label(const char *code)
{
	if (strcmp(code, "yes") == 0)
		return _("yes: follow-up");
	if (strcmp(code, "no") == 0)
		return _("no: this round closes, the next one opens");
	return _("not asked (y or n)");
}

static const char *
penalty_label(const char *code)
{
	if (strcmp(code, "warning") == 0)
		return _("warning (>= 400)");
	if (strcmp(code, "minor_demerit") == 0)
		return _("minor demerit (>= 800)");
	if (strcmp(code, "major_demerit") == 0)
		return _("major demerit (bonus)");
	return _("no penalty");
}

static struct form_item d_items[F_COUNT] = {
	[F_FINDING] = { FK_TEXT, N_("Finding"), "finding", 0, 0, 3, 128, NULL, NULL, 0 },
	[F_PROPOSAL] = { FK_TEXT, N_("Proposal"), "proposal", 1, 0, 3, 128, NULL, NULL, 0 },
	[F_NOTE] = { FK_TEXT, N_("Note"), "note", 0, 0, 3, 128, NULL, NULL, 0 },
	[F_TEXT] = { FK_TEXT, N_("Customer said"), "text", 0, 0, 3, 128, NULL, NULL, 0 },
	[F_ACCEPT] = { FK_CHOICE, N_("Accepted"), "accepted", 1, 0, 3, 0, accept_codes,
	    accept_label, 0 },
	[F_REASON] = { FK_TEXT, N_("Reason"), "reason", 0, 0, 3, 128, NULL, NULL, 0 },
};

static struct {
	struct form form;
	enum complaint_dialog kind;
	char no[24];
	const struct view_ops *back;
	int severity, category;       /* classify: indexes, -1 not chosen */
	bool major;
	int64_t stage;                /* advance: the running stage's seq, 0 unknown */
	char stage_line[256];         /* advance: which stage, whose, due when */
	int64_t get_id;               /* advance from a list: complaint.get for the stage */
	int64_t save_id;
	char error[512];
} DLG;

static const char *const severities[] = { "serious", "minor", NULL };

static void
init_share_items(void)
{
	for (int i = 0; i < NSHARES; i++) {
		d_items[F_WHO(i)] = (struct form_item){ .kind = FK_TEXT,
			.label = N_("Department or login"), .wire = "shares.department",
			.row = 2 * i, .col = 0, .span = 1, .max = 32 };
		d_items[F_PCT(i)] = (struct form_item){ .kind = FK_TEXT, .label = N_("Percent"),
			.wire = "shares.percent", .row = 2 * i, .col = 1, .span = 1, .max = 3 };
		d_items[F_PEN(i)] = (struct form_item){ .kind = FK_CHOICE,
			.label = N_("Penalty"), .wire = "shares.penalty.kind", .row = 2 * i,
			.col = 2, .span = 1, .codes = penalty_codes, .label_of = penalty_label };
		d_items[F_AMT(i)] = (struct form_item){ .kind = FK_TEXT,
			.label = N_("Amount (yuan)"), .wire = "shares.penalty.amount",
			.row = 2 * i + 1, .col = 2, .span = 1, .max = 9 };
	}
}

/* Shows only the items of this kind of dialog. */
static void
show_items(enum complaint_dialog kind)
{
	for (int i = 0; i < F_COUNT; i++) {
		bool on = (kind == CD_ADVANCE && (i == F_FINDING || i == F_PROPOSAL)) ||
		    (kind == CD_APPROVE && i == F_NOTE) ||
		    (kind == CD_REPLY && (i == F_TEXT || i == F_ACCEPT)) ||
		    (kind == CD_CLOSE && i == F_REASON) || (kind == CD_ATTRIBUTE && i >= F_SHARES);
		d_items[i].hidden = !on;
	}
	DLG.form.focus = 0;
	if (!form_can_focus(&DLG.form, 0, false))
		form_move(&DLG.form, 1, false);
}

static void
prefill_shares(const cJSON *c)
{
	const cJSON *s;
	char pct[16], amt[32];
	int i = 0;

	cJSON_ArrayForEach(s, cJSON_GetObjectItemCaseSensitive(c, "responsibility")) {
		const cJSON *p = cJSON_GetObjectItemCaseSensitive(s, "penalty");
		if (i >= NSHARES)
			break;
		ui_field_set(&d_items[F_WHO(i)].field, ui_jstr(s, "user")[0] ?
		    ui_jstr(s, "user") : ui_jstr(s, "department"));
		snprintf(pct, sizeof pct, "%lld", (long long)ui_jint(s, "percent", 0));
		ui_field_set(&d_items[F_PCT(i)].field, pct);
		if (cJSON_IsObject(p)) {
			form_set_code(&DLG.form, F_PEN(i), ui_jstr(p, "kind"));
			ui_yuan(ui_jint(p, "amount", 0), amt, sizeof amt);
			ui_field_set(&d_items[F_AMT(i)].field, amt);
		}
		i++;
	}
}

/* The stage running in a complaint.get answer (the detail's), whose seq is
 * sent so that a finding sent twice cannot finish the next stage too; NULL
 * from a list. */
static const cJSON *
running_stage(const cJSON *c)
{
	const cJSON *s;

	cJSON_ArrayForEach(s, cJSON_GetObjectItemCaseSensitive(c, "stages"))
		if (cJSON_IsString(cJSON_GetObjectItemCaseSensitive(s, "started_at")) &&
		    !cJSON_IsString(cJSON_GetObjectItemCaseSensitive(s, "finished_at")))
			return s;
	return NULL;
}

/* "Stage 2 of 6: Quality, due 11-26 12:00" (a list's complaint: without the
 * numbers), so that whoever writes the finding sees whose stage it is. */
static void
describe_stage(struct app *a, const cJSON *c, const cJSON *s)
{
	const cJSON *stage = s != NULL ? s : cJSON_GetObjectItemCaseSensitive(c, "stage");
	char due[32];
	time_t t;

	ui_show_time(a, ui_parse_time(ui_jstr(stage, "due"), &t, NULL) ? t : 0, true, due,
	    sizeof due);
	if (s != NULL)
		snprintf(DLG.stage_line, sizeof DLG.stage_line, _("Stage %lld of %d: %s, due %s"),
		    (long long)ui_jint(s, "seq", 0),
		    cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(c, "stages")),
		    label_department(ui_jstr(s, "department")), due);
	else
		snprintf(DLG.stage_line, sizeof DLG.stage_line, _("Stage: %s, due %s"),
		    label_department(ui_jstr(stage, "department")), due);
}

/* A list's complaint has no stages: the finding's dialog reads them, so that
 * it too sends the stage it is for (see running_stage). */
static void
fetch_stages(struct app *a)
{
	DLG.get_id = complaint_fetch(a, DLG.no);
}

static void
on_stages(struct app *a, const cJSON *msg)
{
	const cJSON *c = reply_result(msg);

	DLG.get_id = 0;
	if (!reply_ok(msg))
		return;   /* the dialog still works, without the stage guard */
	if (strcmp(ui_jstr(c, "state"), "routed") != 0) {
		snprintf(DLG.error, sizeof DLG.error, _("Not possible now: complaint %s is %s"),
		    DLG.no, label_complaint_state(ui_jstr(c, "state")));
		return;
	}
	DLG.stage = ui_jint(running_stage(c), "seq", 0);
	describe_stage(a, c, running_stage(c));
}

void
complaint_dialog_show(struct app *a, enum complaint_dialog kind, const cJSON *c,
    const struct view_ops *back)
{
	init_share_items();
	DLG.form.items = d_items;
	DLG.form.n = F_COUNT;
	form_init(&DLG.form);
	DLG.kind = kind;
	ui_copy(DLG.no, sizeof DLG.no, ui_jstr(c, "no"));
	DLG.back = back;
	DLG.severity = DLG.category = -1;
	DLG.major = ui_jbool(c, "major");
	DLG.stage = ui_jint(running_stage(c), "seq", 0);
	DLG.stage_line[0] = '\0';
	DLG.get_id = 0;
	if (kind == CD_ADVANCE)
		describe_stage(a, c, running_stage(c));
	if (kind == CD_ADVANCE && !cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(c, "stages")))
		fetch_stages(a);
	DLG.save_id = 0;
	DLG.error[0] = '\0';
	show_items(kind);
	if (kind == CD_ATTRIBUTE)
		prefill_shares(c);
	ui_switch(a, &ui_complaint_dialog_view);
}

/* ---- drawing */

static void
draw_options(struct app *a, int y, const char *label, const char *const *codes,
    const char *(*label_of)(const char *), int chosen, bool numbered, char key)
{
	char opt[96];
	int x = 1;

	attrset(A_BOLD);
	x += ui_put(y, x, 24, label) + 2;
	attrset(A_NORMAL);
	for (int k = 0; codes[k] != NULL && x < COLS - 2; k++) {
		if (numbered)
			snprintf(opt, sizeof opt, " %d %s ", k + 1, label_of(codes[k]));
		else
			snprintf(opt, sizeof opt, " %s ", label_of(codes[k]));
		attrset(k == chosen ? A_REVERSE | A_BOLD : A_NORMAL);
		x += ui_put(y, x, COLS - 2 - x, opt) + 1;
		attrset(A_NORMAL);
	}
	if (!numbered) {
		snprintf(opt, sizeof opt, _("(key %c)"), key);
		attrset(A_DIM);
		ui_put(y, x + 1, COLS - 3 - x, opt);
		attrset(A_NORMAL);
	}
	(void)a;
}

static void
draw_classify(struct app *a, int y)
{
	char line[128];

	draw_options(a, y, _("Severity"), severities, label_severity, DLG.severity, false, 's');
	draw_options(a, y + 1, _("Category"), complaint_categories, label_category,
	    DLG.category, true, 0);
	snprintf(line, sizeof line, "%s  %s", DLG.major ? _("[x] MAJOR INCIDENT") :
	    _("[ ] major incident"), _("(key m: fire, injury, media, batch failure...)"));
	attrset(DLG.major ? ui_attr(a, UI_C_MAJOR) : A_NORMAL);
	ui_put(y + 2, 1, COLS - 2, line);
	attrset(A_NORMAL);
	if (DLG.category >= 0) {
		snprintf(line, sizeof line, _("Goes to: %s"),
		    label_department(strcmp(complaint_categories[DLG.category], "contract") == 0 ?
		    "management" : strcmp(complaint_categories[DLG.category], "service") == 0 ?
		    "service" : strcmp(complaint_categories[DLG.category], "packaging") == 0 ?
		    "warehouse" : strcmp(complaint_categories[DLG.category], "product") == 0 ?
		    "production" : strcmp(complaint_categories[DLG.category], "suggestion") == 0 ?
		    "aftersales" : "cs_manager"));
		ui_put(y + 3, 1, COLS - 2, line);
	}
}

static void
dialog_draw(struct app *a, int top, int rows)
{
	char title[256];

	(void)rows;
	snprintf(title, sizeof title, "%s %s", _(dialogs[DLG.kind].title), DLG.no);
	attrset(ui_attr(a, UI_C_TITLE));
	ui_put(top, 1, COLS - 2, title);
	attrset(A_BOLD);
	ui_put(top + 1, 1, COLS - 2, DLG.stage_line);
	attrset(A_NORMAL);
	if (DLG.kind == CD_CLASSIFY)
		draw_classify(a, top + 2);
	else
		form_draw(a, &DLG.form, top + 2);
	work_draw_error(a, top + 2 + (DLG.kind == CD_ATTRIBUTE ? 2 * NSHARES + 1 : 5), DLG.error,
	    DLG.kind == CD_ATTRIBUTE ? _("Percents add up to 100; Ctrl-S sends, Esc goes back") :
	    _("Ctrl-S sends, Esc goes back"));
}

/* ---- sending */

static void
add_text(cJSON *args, int item, bool always)
{
	char buf[UI_FIELD_MAX * 4 + 1];

	form_text(&DLG.form, item, buf, sizeof buf);
	if (buf[0] || always)
		cJSON_AddStringToObject(args, d_items[item].wire, buf);
}

static bool
is_department(const char *s)
{
	for (int i = 0; complaint_departments[i] != NULL; i++)
		if (strcmp(s, complaint_departments[i]) == 0)
			return true;
	return false;
}

/* One share's object, or NULL when its row is empty; *pct gets its percent. */
static cJSON *
share_arg(int i, long *pct)
{
	char who[160], num[64], *end;
	const char *pen = form_code(&DLG.form, F_PEN(i));
	cJSON *s, *p;
	double yuan;

	form_text(&DLG.form, F_WHO(i), who, sizeof who);
	if (!who[0])
		return NULL;
	s = cJSON_CreateObject();
	cJSON_AddStringToObject(s, is_department(who) ? "department" : "user", who);
	form_text(&DLG.form, F_PCT(i), num, sizeof num);
	*pct = strtol(num, &end, 10);
	if (num[0] && *end == '\0')
		cJSON_AddNumberToObject(s, "percent", (double)*pct);
	else
		cJSON_AddStringToObject(s, "percent", num);   /* the daemon names it */
	if (strcmp(pen, "none") != 0) {
		p = cJSON_AddObjectToObject(s, "penalty");
		cJSON_AddStringToObject(p, "kind", pen);
		form_text(&DLG.form, F_AMT(i), num, sizeof num);
		yuan = strtod(num, &end);
		if (num[0] && *end == '\0')
			cJSON_AddNumberToObject(p, "amount", (double)(long long)(yuan * 100 + 0.5));
	}
	return s;
}

/* The shares, or NULL (with the error said) when they do not add to 100. */
static cJSON *
shares_arg(void)
{
	cJSON *shares = cJSON_CreateArray(), *s;
	long sum = 0, pct;

	for (int i = 0; i < NSHARES; i++) {
		pct = 0;
		if ((s = share_arg(i, &pct)) != NULL) {
			cJSON_AddItemToArray(shares, s);
			sum += pct;
		}
	}
	if (sum != 100) {
		snprintf(DLG.error, sizeof DLG.error,
		    _("The shares add up to %ld%%, not 100%%: nothing was sent"), sum);
		d_items[F_PCT(0)].error = true;
		cJSON_Delete(shares);
		return NULL;
	}
	return shares;
}

static bool
fill_args(cJSON *args)
{
	cJSON *shares;

	switch (DLG.kind) {
	case CD_CLASSIFY:
		if (DLG.severity < 0 || DLG.category < 0) {
			snprintf(DLG.error, sizeof DLG.error, "%s",
			    _("Choose the severity (s) and the category (1-6)"));
			return false;
		}
		cJSON_AddStringToObject(args, "severity", severities[DLG.severity]);
		cJSON_AddStringToObject(args, "category", complaint_categories[DLG.category]);
		cJSON_AddBoolToObject(args, "major", DLG.major);
		return true;
	case CD_ADVANCE:
		add_text(args, F_FINDING, true);
		add_text(args, F_PROPOSAL, false);
		if (DLG.stage > 0)
			cJSON_AddNumberToObject(args, "stage", (double)DLG.stage);
		return true;
	case CD_APPROVE: add_text(args, F_NOTE, false); return true;
	case CD_CLOSE: add_text(args, F_REASON, false); return true;
	case CD_REPLY:
		if (strcmp(form_code(&DLG.form, F_ACCEPT), "unknown") == 0) {
			snprintf(DLG.error, sizeof DLG.error, "%s",
			    _("Did the customer accept? y or n"));
			return false;
		}
		add_text(args, F_TEXT, true);
		cJSON_AddBoolToObject(args, "accepted",
		    strcmp(form_code(&DLG.form, F_ACCEPT), "yes") == 0);
		return true;
	case CD_ATTRIBUTE:
		if ((shares = shares_arg()) == NULL)
			return false;
		cJSON_AddItemToObject(args, "shares", shares);
		return true;
	}
	return false;
}

static void
dialog_send(struct app *a)
{
	cJSON *args = cJSON_CreateObject();

	form_clear_errors(&DLG.form);
	DLG.error[0] = '\0';
	cJSON_AddStringToObject(args, "no", DLG.no);
	if (DLG.get_id != 0)
		snprintf(DLG.error, sizeof DLG.error, "%s",
		    _("Still reading which stage is running: send again in a moment"));
	if (DLG.get_id != 0 || !fill_args(args)) {
		cJSON_Delete(args);
		ui_message(a, true, "%s", DLG.error);
		return;
	}
	if ((DLG.save_id = work_send(a, dialogs[DLG.kind].op, args)) != 0)
		ui_message(a, false, _("Sending %s..."), dialogs[DLG.kind].op);
}

/* ---- keys */

static bool
classify_key(int type, wint_t key)
{
	if (type != OK)
		return false;
	if (key == 's')
		DLG.severity = (DLG.severity + 1) % 2;
	else if (key >= '1' && key <= '6')
		DLG.category = (int)(key - '1');
	else if (key == 'm')
		DLG.major = !DLG.major;
	else
		return false;
	DLG.error[0] = '\0';
	return true;
}

static unsigned
dialog_key(struct app *a, int type, wint_t key)
{
	if (ui_key_esc(type, key)) {
		ui_switch(a, DLG.back);
		return UI_HANDLED | UI_REDRAW;
	}
	if (work_save_key(type, key) || (DLG.kind == CD_CLASSIFY && ui_key_enter(type, key))) {
		if (DLG.save_id == 0)
			dialog_send(a);
		return UI_HANDLED | UI_REDRAW;
	}
	if (DLG.kind == CD_CLASSIFY)
		return classify_key(type, key) ? UI_HANDLED | UI_REDRAW : 0;
	if (DLG.form.focus == F_ACCEPT && type == OK && (key == 'y' || key == 'n')) {
		form_set_code(&DLG.form, F_ACCEPT, key == 'y' ? "yes" : "no");
		DLG.error[0] = '\0';
		return UI_HANDLED | UI_REDRAW;
	}
	return work_form_key(&DLG.form, type, key, false);
}

static void
on_saved(struct app *a, const cJSON *msg)
{
	const cJSON *r = reply_result(msg);

	DLG.save_id = 0;
	if (!reply_ok(msg)) {
		work_form_failed(a, &DLG.form, msg, DLG.error, sizeof DLG.error, NULL);
		return;
	}
	if (DLG.kind == CD_REPLY && ui_jstr(r, "next_no")[0])
		ui_message(a, false, _("Complaint %s closed as rejected: round %lld opened as %s"),
		    DLG.no, (long long)ui_jint(r, "round", 1) + 1, ui_jstr(r, "next_no"));
	else
		ui_message(a, false, _("Complaint %s: %s"), DLG.no,
		    label_complaint_state(ui_jstr(r, "state")));
	if (a->view == &ui_complaint_dialog_view)
		ui_switch(a, DLG.back);
}

static bool
dialog_message(struct app *a, const cJSON *msg)
{
	int64_t id = ui_jint(msg, "id", -1);

	if (id > 0 && id == DLG.get_id)
		on_stages(a, msg);
	else if (id > 0 && id == DLG.save_id)
		on_saved(a, msg);
	else
		return false;
	a->dirty = true;
	return true;
}

static void
dialog_session(struct app *a, enum ui_session_event ev)
{
	(void)a;
	if (ev == UI_DISCONNECTED)
		DLG.get_id = 0;
	if (ev == UI_DISCONNECTED && DLG.save_id != 0) {
		DLG.save_id = 0;
		snprintf(DLG.error, sizeof DLG.error, "%s",
		    _("The connection dropped: send it again (Ctrl-S) once it is back"));
	}
}

static int
dialog_bar(struct app *a, struct ui_help *out, int max)
{
	static const struct ui_help keys[] = {
		{ N_("Ctrl-S"), N_("Send") }, { N_("Esc"), N_("Back") },
	};
	static const struct ui_help ckeys[] = {
		{ "s", N_("Severity") }, { "1-6", N_("Category") }, { "m", N_("Major") },
		{ N_("Enter"), N_("Send") }, { N_("Esc"), N_("Back") },
	};
	(void)a;
	return DLG.kind == CD_CLASSIFY ? work_bar(out, max, ckeys, 5) :
	    work_bar(out, max, keys, 2);
}

static const struct ui_help dialog_help[] = {
	{ N_("s, 1-6, m"), N_("Classify: severity, category, major incident") },
	{ N_("y, n"), N_("Reply: did the customer accept") },
	{ N_("Tab, Down"), N_("Next field (Shift-Tab, Up: previous)") },
	{ N_("Ctrl-S, F2"), N_("Send") },
	{ N_("Esc"), N_("Back without sending") },
	{ NULL, NULL }
};

const struct view_ops ui_complaint_dialog_view = {
	.name = "complaint_dialog",
	.title = N_("Complaint"),
	.draw = dialog_draw,
	.key = dialog_key,
	.on_message = dialog_message,
	.on_session = dialog_session,
	.help = dialog_help,
	.bar = dialog_bar,
};
