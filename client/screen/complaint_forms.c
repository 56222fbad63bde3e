/*
 * screen/complaint_forms.c: the dialogs on a complaint and the operator's
 * complaint intake.
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
 *
 * The complaint intake (complaint.register): the caller's phone looked up
 * with customer.find as on the call form (Enter), the customer chosen from
 * the results or, as on the call form, "+ a new customer" (the last row;
 * taken when nobody has the phone) with their name, region and address,
 * an optional ticket number (a known customer's), channel, the customer's
 * words and demand. Opened from the call form (F7, with its customer and
 * last ticket), from the operator's F6 cycle and from the board (n).
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

/* ---- the complaint intake */

/* A new customer's fields show only while one is being entered (the
 * phone typed is theirs); the ticket number only for a known customer. */
enum { K_PHONE, K_RESULTS, K_NAME, K_REGION, K_ADDRESS, K_TICKET, K_CHANNEL, K_TEXT,
	K_DEMAND, K_COUNT };
#define RESULT_LINES 4

static struct form_item k_items[K_COUNT] = {
	[K_PHONE] = { FK_TEXT, N_("Caller phone"), "customer.phones", 0, 0, 1, 24, NULL, NULL,
	    0 },
	[K_RESULTS] = { FK_CUSTOM, N_("Customers"), "customer.id", 1, 0, 3, 0, NULL, NULL,
	    RESULT_LINES },
	[K_NAME] = { FK_TEXT, N_("Name"), "customer.name", 5, 0, 1, 100, NULL, NULL, 0 },
	[K_REGION] = { FK_CHOICE, N_("Region"), "customer.region", 5, 1, 1, 0,
	    region_names, label_region, 0 },
	[K_ADDRESS] = { FK_TEXT, N_("Address"), "customer.address", 6, 0, 3, 128, NULL, NULL,
	    0 },
	[K_TICKET] = { FK_TEXT, N_("Ticket no."), "ticket_no", 7, 0, 1, 16, NULL, NULL, 0 },
	[K_CHANNEL] = { FK_CHOICE, N_("Channel"), "channel", 7, 1, 1, 0, channel_names,
	    label_channel, 0 },
	[K_TEXT] = { FK_TEXT, N_("Customer's words"), "text", 8, 0, 3, 128, NULL, NULL, 0 },
	[K_DEMAND] = { FK_TEXT, N_("Demand"), "demand", 9, 0, 3, 128, NULL, NULL, 0 },
};

static const struct customer_items new_customer_items = {
	K_NAME, K_PHONE, K_REGION, K_ADDRESS
};

/* The daemon's error fields shown on another item. */
static const char *const cintake_aliases[][2] = {
	{ "customer", "customer.name" }, { NULL, NULL }
};

static struct {
	struct form form;
	const struct view_ops *back;
	cJSON *found;           /* customers of the last lookup, or NULL */
	cJSON *cust;            /* the known customer chosen, or NULL */
	bool fresh;             /* a new customer is being entered */
	bool resend;            /* a save lost with the connection: resend */
	int cursor;             /* results row: a customer, or after them "+ new" */
	int64_t find_id, save_id;
	char request_key[80];
	char looked_up[32];     /* the phone of the last lookup */
	char banner[256];
	char error[512];        /* the daemon's refusal of the last save */
} CI;

/* Which fields apply: a new customer's, or a known one's ticket. */
static void
show_customer_fields(void)
{
	k_items[K_NAME].hidden = k_items[K_REGION].hidden = k_items[K_ADDRESS].hidden =
	    !CI.fresh;
	k_items[K_TICKET].hidden = CI.fresh;   /* a new customer has no tickets */
}

/* c: a known customer (copied); NULL: a new one, typed in below. */
static void
choose_customer(const cJSON *c)
{
	cJSON_Delete(CI.cust);
	CI.cust = c != NULL ? cJSON_Duplicate(c, true) : NULL;
	CI.fresh = c == NULL;
	show_customer_fields();
}

static void
cintake_reset(struct app *a)
{
	CI.form.items = k_items;
	CI.form.n = K_COUNT;
	form_init(&CI.form);
	form_set_code(&CI.form, K_CHANNEL, "phone");
	form_set_code(&CI.form, K_REGION, "urban");
	cJSON_Delete(CI.found);
	cJSON_Delete(CI.cust);
	CI.found = CI.cust = NULL;
	CI.fresh = CI.resend = false;
	show_customer_fields();
	CI.cursor = 0;
	CI.find_id = CI.save_id = 0;
	CI.looked_up[0] = CI.error[0] = '\0';
	request_key_new(a, CI.request_key, sizeof CI.request_key);
}

static void lookup(struct app *a);

/* With a customer chosen on the call form the lookup is skipped; with only
 * a phone it is looked up at once. */
void
complaint_intake_show(struct app *a, const cJSON *customer, const char *phone,
    const char *ticket_no, const struct view_ops *back)
{
	cintake_reset(a);
	CI.back = back;
	CI.banner[0] = '\0';
	ui_field_set(&k_items[K_PHONE].field, phone);
	ui_field_set(&k_items[K_TICKET].field, ticket_no);
	if (customer != NULL) {
		choose_customer(customer);
		CI.found = cJSON_CreateArray();
		cJSON_AddItemToArray(CI.found, cJSON_Duplicate(customer, true));
		CI.form.focus = K_TEXT;
	}
	ui_switch(a, &ui_complaint_intake_view);
	if (customer == NULL && phone != NULL && phone[0])
		lookup(a);
}

static void
cintake_open(struct app *a)
{
	if (!CI.request_key[0])
		cintake_reset(a);
	if (CI.back == NULL)
		CI.back = ui_home_view(a);
}

static void
lookup(struct app *a)
{
	char phone[64];
	cJSON *args = cJSON_CreateObject();

	form_text(&CI.form, K_PHONE, phone, sizeof phone);
	cJSON_AddStringToObject(args, "phone", phone);
	cJSON_AddNumberToObject(args, "limit", 20);
	CI.find_id = work_send(a, "customer.find", args);
	ui_copy(CI.looked_up, sizeof CI.looked_up, phone);
}

/* After a lookup: the known customer chosen stays chosen only when the
 * results still hold them; with nobody found, a new customer is typed in. */
static void
rechoose(void)
{
	const cJSON *c;
	int64_t id = ui_jint(CI.cust, "id", -1);

	cJSON_ArrayForEach(c, CI.found)
		if (CI.cust != NULL && ui_jint(c, "id", 0) == id)
			return;
	cJSON_Delete(CI.cust);
	CI.cust = NULL;
	CI.fresh = CI.fresh || cJSON_GetArraySize(CI.found) == 0;
	show_customer_fields();
}

static void
on_found(struct app *a, const cJSON *msg)
{
	const cJSON *found = cJSON_GetObjectItemCaseSensitive(reply_result(msg), "customers");
	char text[512];

	CI.find_id = 0;
	if (!reply_ok(msg) || !cJSON_IsArray(found)) {
		net_error_text(msg, text, sizeof text);
		ui_message(a, true, _("Lookup failed: %s"), text);
		return;
	}
	cJSON_Delete(CI.found);
	CI.found = cJSON_Duplicate(found, true);
	CI.cursor = 0;
	rechoose();
	if (cJSON_GetArraySize(CI.found) > 0) {
		CI.form.focus = K_RESULTS;
		return;
	}
	CI.form.focus = K_NAME;
	ui_message(a, false, _("No customer has the phone %s: type a new customer below"),
	    CI.looked_up);
}

/* The rows of the results: the customers found, then (as on the call
 * form) "+ a new customer"; none before a lookup. */
static int
result_count(void)
{
	return CI.found != NULL ? cJSON_GetArraySize(CI.found) + 1 : 0;
}

/* Row k as shown, "*" marking the one chosen. */
static void
result_text(int k, char *line, size_t len)
{
	const cJSON *c = cJSON_GetArrayItem(CI.found, k);
	char phones[128];

	if (c == NULL) {
		snprintf(line, len, "%s %s", CI.fresh ? "*" : " ", _("+ a new customer"));
		return;
	}
	ui_jjoin(c, "phones", phones, sizeof phones);
	snprintf(line, len, "%s %s  %s  %s  %s",
	    ui_jint(c, "id", 0) == ui_jint(CI.cust, "id", -1) ? "*" : " ",
	    ui_jstr(c, "name"), phones, label_region(ui_jstr(c, "region")),
	    ui_jstr(c, "address"));
}

static void
results_header(struct app *a, int y)
{
	char buf[256];

	if (CI.find_id > 0)
		snprintf(buf, sizeof buf, "%s", _("Looking up the caller..."));
	else if (CI.found != NULL && cJSON_GetArraySize(CI.found) == 0)
		snprintf(buf, sizeof buf, _("No customer has the phone %s: type a new "
		    "customer below"), CI.looked_up);
	else
		snprintf(buf, sizeof buf, "%s", _("Customers found (Up/Down, Enter takes one):"));
	attrset(k_items[K_RESULTS].error ? ui_attr(a, UI_C_ERROR) :
	    CI.form.focus == K_RESULTS ? A_BOLD : A_NORMAL);
	ui_put(y, 1, COLS - 2, buf);
	attrset(A_NORMAL);
}

static void
draw_results(struct app *a, int y)
{
	int rows = RESULT_LINES - 1, n = result_count();
	int first = CI.cursor >= rows ? CI.cursor - rows + 1 : 0;
	char line[512];

	results_header(a, y);
	for (int i = 0; i < rows && first + i < n; i++) {
		result_text(first + i, line, sizeof line);
		attrset(CI.form.focus == K_RESULTS && first + i == CI.cursor ?
		    A_REVERSE : A_NORMAL);
		ui_put(y + 1 + i, 3, COLS - 4, line);
		attrset(A_NORMAL);
	}
}

static void
cintake_draw(struct app *a, int top, int rows)
{
	(void)rows;
	attrset(ui_attr(a, UI_C_TITLE));
	ui_put(top, 1, COLS - 2, _("New complaint"));
	attrset(A_NORMAL);
	attrset(A_BOLD);
	ui_put(top + 1, 1, COLS - 2, CI.banner);
	attrset(A_NORMAL);
	form_draw(a, &CI.form, top + 2);
	draw_results(a, top + 3);
	work_draw_error(a, top + 12, CI.error, _("Enter on the phone looks it up; Ctrl-S "
	    "registers the complaint; Esc goes back"));
}

/* customer: {"id"} of the one chosen, or the new one's fields. */
static void
add_customer(cJSON *args)
{
	cJSON *cust;

	if (CI.fresh) {
		cJSON_AddItemToObject(args, "customer",
		    intake_new_customer(&CI.form, &new_customer_items));
		return;
	}
	cust = cJSON_AddObjectToObject(args, "customer");
	cJSON_AddNumberToObject(cust, "id", (double)ui_jint(CI.cust, "id", 0));
}

/* The request_key stays the form's until a complaint is registered: a
 * retry after a lost answer gets the same complaint (and customer). */
static void
cintake_save(struct app *a)
{
	cJSON *args;
	char buf[UI_FIELD_MAX * 4 + 1];

	if (CI.cust == NULL && !CI.fresh) {
		ui_message(a, true, "%s", _("Choose the customer first (their phone, then Enter)"));
		CI.form.focus = K_PHONE;
		return;
	}
	form_clear_errors(&CI.form);
	CI.error[0] = '\0';
	args = cJSON_CreateObject();
	cJSON_AddStringToObject(args, "request_key", CI.request_key);
	cJSON_AddStringToObject(args, "channel", form_code(&CI.form, K_CHANNEL));
	add_customer(args);
	for (int i = K_TICKET; i <= K_DEMAND; i++) {
		if (i == K_CHANNEL || k_items[i].hidden)
			continue;
		form_text(&CI.form, i, buf, sizeof buf);
		if (buf[0] || i == K_TEXT)
			cJSON_AddStringToObject(args, k_items[i].wire, buf);
	}
	CI.save_id = work_send(a, "complaint.register", args);
}

static void
on_registered(struct app *a, const cJSON *msg)
{
	CI.save_id = 0;
	if (!reply_ok(msg)) {
		work_form_failed(a, &CI.form, msg, CI.error, sizeof CI.error, cintake_aliases);
		return;
	}
	snprintf(CI.banner, sizeof CI.banner, _("Complaint %s registered"),
	    ui_jstr(reply_result(msg), "no"));
	ui_message(a, false, "%s", CI.banner);
	cintake_reset(a);   /* ready for the next complaint; the banner stays */
}

/* Enter or Space on a row takes that customer, or on the last row a new
 * one (as on the call form), whose fields come next. */
static bool
results_key(int type, wint_t key)
{
	int n = result_count();

	if (type == KEY_CODE_YES && key == KEY_UP && CI.cursor > 0)
		CI.cursor--;
	else if (type == KEY_CODE_YES && key == KEY_DOWN && CI.cursor + 1 < n)
		CI.cursor++;
	else if ((ui_key_enter(type, key) || (type == OK && key == ' ')) && n > 0) {
		choose_customer(cJSON_GetArrayItem(CI.found, CI.cursor));
		form_move(&CI.form, 1, false);
	} else
		return false;
	return true;
}

static unsigned
cintake_key(struct app *a, int type, wint_t key)
{
	if (ui_key_esc(type, key)) {
		ui_switch(a, CI.back != NULL ? CI.back : ui_home_view(a));
		return UI_HANDLED | UI_REDRAW;
	}
	if (work_save_key(type, key)) {
		if (CI.save_id == 0)
			cintake_save(a);
		return UI_HANDLED | UI_REDRAW;
	}
	if (CI.form.focus == K_RESULTS && results_key(type, key))
		return UI_HANDLED | UI_REDRAW;
	if (CI.form.focus == K_PHONE && ui_key_enter(type, key)) {
		lookup(a);
		return UI_HANDLED | UI_REDRAW;
	}
	return work_form_key(&CI.form, type, key, cJSON_GetArraySize(CI.found) > 0);
}

static bool
cintake_message(struct app *a, const cJSON *msg)
{
	int64_t id = ui_jint(msg, "id", -1);

	if (id > 0 && id == CI.find_id)
		on_found(a, msg);
	else if (id > 0 && id == CI.save_id)
		on_registered(a, msg);
	else
		return false;
	a->dirty = true;
	return true;
}

static void
cintake_session(struct app *a, enum ui_session_event ev)
{
	if (ev == UI_DISCONNECTED && CI.save_id > 0) {
		CI.resend = true;
		ui_message(a, true, "%s", _("The connection dropped while saving: the complaint "
		    "is sent again when it is back (it is not registered twice)"));
	}
	if (ev == UI_DISCONNECTED)
		CI.find_id = CI.save_id = 0;
	else if (ev == UI_LOGGED_IN && CI.resend) {
		CI.resend = false;
		cintake_save(a);
	} else if (ev == UI_LOGGED_OUT) {
		CI.request_key[0] = CI.banner[0] = '\0';
		CI.resend = false;
	}
}

static int
cintake_bar(struct app *a, struct ui_help *out, int max)
{
	static const struct ui_help keys[] = {
		{ N_("Ctrl-S"), N_("Register") }, { N_("Esc"), N_("Back") },
	};
	(void)a;
	return work_bar(out, max, keys, 2);
}

static const struct ui_help cintake_help[] = {
	{ N_("Caller phone"), N_("Enter looks the customer up") },
	{ N_("Up/Down, Enter"), N_("In the list: take that customer") },
	{ N_("+ a new customer"), N_("The list's last row (taken when nobody has the phone): "
	    "their name, region and address; the phone typed is theirs") },
	{ N_("Tab, Down"), N_("Next field (Shift-Tab, Up: previous)") },
	{ N_("Ctrl-S, F2"), N_("Register the complaint") },
	{ N_("Esc"), N_("Back") },
	{ NULL, NULL }
};

const struct view_ops ui_complaint_intake_view = {
	.name = "complaint_intake",
	.title = N_("New complaint"),
	.open = cintake_open,
	.draw = cintake_draw,
	.key = cintake_key,
	.on_message = cintake_message,
	.on_session = cintake_session,
	.help = cintake_help,
	.bar = cintake_bar,
};
