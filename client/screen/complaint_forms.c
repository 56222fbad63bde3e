/*
 * screen/complaint_forms.c: the dialogs on a complaint, and which of them
 * may open.
 *
 * Whether a dialog is offered is decided from the daemon's own rules, not
 * a copy: op.list's `allowed` for its op (app.rights, read after each
 * login) and the states the op starts from (common/complaint_states.h;
 * the daemon's statements still spell their states in SQL, see that
 * header). A refused key says which: the roles, or the complaint's state.
 *
 * One dialog view for the six ops on a complaint: classify (s severity,
 * 1-6 category, m major: one key each), advance (finding, proposal; it
 * names and sends the running stage, read with complaint.get when opened
 * on the board), approve (note, under every stage's finding and proposal,
 * the one to approve last, wrapped to the width and scrolled with
 * PgUp/PgDn; F3 shows them in the pager), reply (the customer's answer,
 * y/n accepted, under their words, demand and the approved proposal, as
 * the operator tells it to them), close (reason) and attribute (up to
 * four shares: a department and one of its people or all of it, both
 * picked from department.list's lists (widget/people.h), a percent, a
 * penalty and its amount in yuan; refused here unless the percents add up
 * to 100). A department's user finds only at their own department's stage.
 * Ctrl-S
 * or F2 sends. The dialog is a view of its own, so every key typed in it
 * stays in it: the daemon's refusal is shown with the field it names
 * marked and the text intact; success goes back where it came from. Esc
 * with text typed asks first.
 */
#include "client/screen/complaints.h"
#include "client/screen/screens.h"
#include "client/screen/work.h"
#include "client/widget/people.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/complaint_states.h"
#include "common/records.h"

#define NSHARES 4

/* ---- which dialog, for whom */

static const struct {
	char key;
	const char *title;   /* N_(), the complaint's number follows */
	const char *op;
	const char *what;    /* N_(), for a refusal: "<what> is for <roles>" */
} dialogs[] = {
	[CD_CLASSIFY] = { 'c', N_("Classify complaint"), "complaint.classify",
	    N_("Classifying") },
	[CD_ADVANCE] = { 'a', N_("The current stage's finding on complaint"), "complaint.advance",
	    N_("A stage's finding") },
	[CD_APPROVE] = { 'A', N_("Approve the proposal of complaint"), "complaint.approve",
	    N_("Approving") },
	[CD_REPLY] = { 'y', N_("The customer's reply to complaint"), "complaint.reply",
	    N_("The customer's reply") },
	[CD_CLOSE] = { 'x', N_("Close complaint"), "complaint.close", N_("Closing") },
	[CD_ATTRIBUTE] = { 's', N_("Responsibility for complaint"), "complaint.attribute",
	    N_("Responsibility") },
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

const char *
complaint_dialog_op(enum complaint_dialog kind)
{
	return dialogs[kind].op;
}

enum complaint_verdict
complaint_dialog_check(const struct op_rights *r, enum complaint_dialog kind,
    const char *state)
{
	if (!r->known)
		return CV_UNKNOWN;
	if (!op_rights_allowed(r, dialogs[kind].op))
		return CV_ROLE;
	if (!complaint_transition_allowed(dialogs[kind].op, state))
		return CV_STATE;
	return CV_OK;
}

/* The current stage's department, "" when none. */
static const char *
stage_department(const cJSON *c)
{
	return ui_jstr(cJSON_GetObjectItemCaseSensitive(c, "stage"), "department");
}

/* A department's user records a finding only at their own department's
 * stage (the daemon refuses the others too). */
static bool
stage_not_theirs(const struct app *a, enum complaint_dialog kind, const cJSON *c)
{
	return kind == CD_ADVANCE && strcmp(a->role, "department") == 0 &&
	    strcmp(stage_department(c), a->department) != 0;
}

bool
complaint_dialog_allowed(const struct app *a, enum complaint_dialog kind,
    const cJSON *c)
{
	return complaint_dialog_check(&a->rights, kind,
	    ui_jstr(c, "state")) == CV_OK && !stage_not_theirs(a, kind, c);
}

bool
complaint_dialog_open(struct app *a, enum complaint_dialog kind, const cJSON *c,
    const struct view_ops *back)
{
	const struct op_rights *r = &a->rights;
	const char *state = ui_jstr(c, "state");
	char roles[128];

	switch (complaint_dialog_check(r, kind, state)) {
	case CV_UNKNOWN:
		ui_message(a, true, "%s", _("Still reading what your role may do: try again in a moment"));
		return false;
	case CV_ROLE:
		ui_message(a, true, _("%s is for %s, not for your role (%s)"), _(dialogs[kind].what),
		    op_rights_roles(r, dialogs[kind].op, roles, sizeof roles),
		    ui_role_label(a->role));
		return false;
	case CV_STATE:
		ui_message(a, true, _("Not possible now: complaint %s is %s"), ui_jstr(c, "no"),
		    label_complaint_state(state));
		return false;
	case CV_OK:
		break;
	}
	if (stage_not_theirs(a, kind, c)) {
		ui_message(a, true, _("Not your department's stage: complaint %s is at %s"),
		    ui_jstr(c, "no"), stage_department(c)[0] ?
		    label_department(stage_department(c)) : "-");
		return false;
	}
	complaint_dialog_show(a, kind, c, back);
	return true;
}

/* ---- the dialog's items and state */

#define SHARE_ITEMS 5
enum { F_FINDING, F_PROPOSAL, F_NOTE, F_TEXT, F_ACCEPT, F_REASON,
	F_SHARES, F_COUNT = F_SHARES + SHARE_ITEMS * NSHARES };
/* Share i's items, in the order Tab goes along its rows. */
#define F_DEPT(i) (F_SHARES + SHARE_ITEMS * (i))
#define F_WHO(i) (F_DEPT(i) + 1)
#define F_PCT(i) (F_DEPT(i) + 2)
#define F_PEN(i) (F_DEPT(i) + 3)
#define F_AMT(i) (F_DEPT(i) + 4)

static const char *const penalty_codes[] = { "none", "warning", "minor_demerit",
	"major_demerit", NULL };

static const char *const accept_codes[] = { "unknown", "yes", "no", NULL };

static const char *const severities[] = { "serious", "minor", NULL };

struct dialog {
	struct form_item items[F_COUNT];
	struct form form;
	enum complaint_dialog kind;
	char no[24];
	int severity, category;       /* classify: indexes, -1 not chosen */
	bool major;
	int64_t stage;                /* advance: the running stage's seq, 0 unknown */
	char stage_line[256];         /* advance: which stage, whose, due when */
	char *proposal;               /* approve, reply: what is read before (text) */
	char **lines;                 /* that text wrapped to wrap_width */
	int nlines, wrap_width, scroll;   /* scroll: the first line shown */
	int64_t get_req, save_req;    /* complaint.get, the op: in flight */
	int64_t people_req;           /* attribute: department.list in flight */
	struct people people;         /* attribute: the departments and their people */
	cJSON *shares;                /* attribute: the shares to show once they are in */
	char error[512];
};

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

static const struct form_item text_items[F_SHARES] = {
	[F_FINDING] = { .kind = FK_TEXT, .label = N_("Finding"), .wire = "finding",
	    .span = 3, .max = FINDING_MAX, .flags = FF_REQUIRED | FF_COUNT },
	[F_PROPOSAL] = { .kind = FK_TEXT, .label = N_("Proposal"), .wire = "proposal",
	    .row = 1, .span = 3, .max = FINDING_MAX, .flags = FF_COUNT },
	[F_NOTE] = { .kind = FK_TEXT, .label = N_("Note"), .wire = "note", .span = 3,
	    .max = DECISION_MAX, .flags = FF_COUNT },
	[F_TEXT] = { .kind = FK_TEXT, .label = N_("Customer said"), .wire = "text", .span = 3,
	    .max = WORDS_MAX, .flags = FF_REQUIRED | FF_COUNT },
	[F_ACCEPT] = { .kind = FK_CHOICE, .label = N_("Accepted"), .wire = "accepted",
	    .row = 1, .span = 3, .codes = accept_codes, .label_of = accept_label },
	[F_REASON] = { .kind = FK_TEXT, .label = N_("Reason"), .wire = "reason", .span = 3,
	    .max = DECISION_MAX, .flags = FF_COUNT },
};

static void
init_items(struct dialog *d)
{
	memcpy(d->items, text_items, sizeof text_items);
	for (int i = 0; i < NSHARES; i++) {
		d->items[F_DEPT(i)] = (struct form_item){ .kind = FK_CHOICE,
			.label = N_("Dept."), .wire = "shares.department", .row = 2 * i,
			.col = 0, .span = 1, .codes = people_departments(&d->people),
			.label_of = people_department_label };
		d->items[F_WHO(i)] = (struct form_item){ .kind = FK_CHOICE,
			.label = N_("Who"), .wire = "shares.user", .row = 2 * i, .col = 1,
			.span = 1, .codes = people_members(&d->people, ""),
			.label_of = people_member_label };
		d->items[F_PCT(i)] = (struct form_item){ .kind = FK_TEXT, .label = N_("Percent"),
			.wire = "shares.percent", .row = 2 * i, .col = 2, .span = 1, .max = 3,
			.check = FC_INTEGER, .lo = 1, .hi = 100 };
		d->items[F_PEN(i)] = (struct form_item){ .kind = FK_CHOICE,
			.label = N_("Penalty"), .wire = "shares.penalty.kind", .row = 2 * i + 1,
			.col = 0, .span = 2, .codes = penalty_codes, .label_of = penalty_label };
		d->items[F_AMT(i)] = (struct form_item){ .kind = FK_TEXT,
			.label = N_("Amount (yuan)"), .wire = "shares.penalty.amount",
			.row = 2 * i + 1, .col = 2, .span = 1, .max = 9, .check = FC_AMOUNT };
	}
	d->form.items = d->items;
	d->form.n = F_COUNT;
	form_init(&d->form);
}

/* Shows only the items of this kind of dialog. */
static void
show_items(struct dialog *d)
{
	enum complaint_dialog kind = d->kind;

	for (int i = 0; i < F_COUNT; i++) {
		bool on = (kind == CD_ADVANCE && (i == F_FINDING || i == F_PROPOSAL)) ||
		    (kind == CD_APPROVE && i == F_NOTE) ||
		    (kind == CD_REPLY && (i == F_TEXT || i == F_ACCEPT)) ||
		    (kind == CD_CLOSE && i == F_REASON) || (kind == CD_ATTRIBUTE && i >= F_SHARES);
		d->items[i].hidden = !on;
	}
	d->form.focus = 0;
	if (!form_can_focus(&d->form, 0, false))
		form_move(&d->form, 1, false);
}

/* Share i's person list follows its department (the whole department first). */
static void
follow_department(struct dialog *d, int i)
{
	d->items[F_WHO(i)].codes = people_members(&d->people, form_code(&d->form, F_DEPT(i)));
	d->items[F_WHO(i)].choice = 0;
}

/* One share of the complaint's into row i; false when its person is in no
 * department's list (they cannot be picked, so the row stays empty). */
static bool
prefill_share(struct dialog *d, int i, const cJSON *s)
{
	const cJSON *p = cJSON_GetObjectItemCaseSensitive(s, "penalty");
	const char *login = ui_jstr(s, "user"), *code = "", *dept = ui_jstr(s, "department");
	char pct[16], amt[32];

	if (login[0] && (dept = people_department_of(&d->people, login, &code)) == NULL)
		return false;
	form_set_code(&d->form, F_DEPT(i), dept);
	follow_department(d, i);
	form_set_code(&d->form, F_WHO(i), code);
	snprintf(pct, sizeof pct, "%lld", (long long)ui_jint(s, "percent", 0));
	ui_field_set(&d->items[F_PCT(i)].field, pct);
	if (cJSON_IsObject(p)) {
		form_set_code(&d->form, F_PEN(i), ui_jstr(p, "kind"));
		ui_yuan(ui_jint(p, "amount", 0), amt, sizeof amt);
		ui_field_set(&d->items[F_AMT(i)].field, amt);
	}
	return true;
}

/* The complaint's shares, once the lists are in. */
static void
prefill_shares(struct dialog *d)
{
	const cJSON *s;
	int i = 0;

	cJSON_ArrayForEach(s, d->shares) {
		if (i >= NSHARES)
			break;
		if (prefill_share(d, i, s))
			i++;
		else
			snprintf(d->error, sizeof d->error, _("%s is in no department's list: "
			    "pick the share again"), ui_jstr(s, "user"));
	}
}

static void
on_people(struct app *a, void *ctx, const cJSON *reply)
{
	struct dialog *d = ctx;
	char text[512];

	d->people_req = 0;
	a->dirty = true;
	if (reply == NULL || !reply_ok(reply) || !people_take(&d->people,
	    cJSON_GetObjectItemCaseSensitive(reply_result(reply), "departments"))) {
		if (reply != NULL)
			net_error_text(reply, text, sizeof text);
		else
			snprintf(text, sizeof text, "%s", _("the connection dropped"));
		snprintf(d->error, sizeof d->error, _("Cannot load the departments: %s"), text);
		return;
	}
	for (int i = 0; i < NSHARES; i++) {
		d->items[F_DEPT(i)].codes = people_departments(&d->people);
		d->items[F_DEPT(i)].choice = 0;
		follow_department(d, i);
	}
	prefill_shares(d);
}

static void
fetch_people(struct app *a, struct dialog *d)
{
	int64_t id = net_request(a, "department.list", cJSON_CreateObject(), on_people, d);

	d->people_req = id > 0 ? id : 0;
}

/* ---- what complaint.get tells a dialog: the stage, the proposal */

/* The stage running in a complaint.get answer, whose seq is sent so that a
 * finding sent twice cannot finish the next stage too; NULL from a list. */
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
describe_stage(struct app *a, struct dialog *d, const cJSON *c, const cJSON *s)
{
	const cJSON *stage = s != NULL ? s : cJSON_GetObjectItemCaseSensitive(c, "stage");
	char due[32];
	time_t t;

	ui_show_time(a, ui_parse_time(ui_jstr(stage, "due"), &t, NULL) ? t : 0, true, due,
	    sizeof due);
	if (s != NULL)
		snprintf(d->stage_line, sizeof d->stage_line, _("Stage %lld of %d: %s, due %s"),
		    (long long)ui_jint(s, "seq", 0),
		    cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(c, "stages")),
		    label_department(ui_jstr(s, "department")), due);
	else
		snprintf(d->stage_line, sizeof d->stage_line, _("Stage: %s, due %s"),
		    label_department(ui_jstr(stage, "department")), due);
}

/* Appends to a malloc'd text (NULL: out of memory, the text is dropped
 * and stays NULL). */
static char *
text_add(char *text, const char *add)
{
	size_t n = text != NULL ? strlen(text) : 0;
	char *t = text != NULL ? realloc(text, n + strlen(add) + 1) : NULL;

	if (t == NULL) {
		free(text);
		return NULL;
	}
	memcpy(t + n, add, strlen(add) + 1);
	return t;
}

/* Replaces the text read before sending (the wrapping follows it). */
static void
set_reading(struct dialog *d, char *text)
{
	free(d->proposal);
	d->proposal = text;
	d->wrap_width = 0;
	d->scroll = 0;
}

/* "Stage 2 of 6, Quality: by quality, 11-26 12:00, late" */
static void
stage_heading(struct app *a, const cJSON *s, int n, char *buf, size_t len)
{
	char done[32];
	time_t t;

	ui_show_time(a, ui_parse_time(ui_jstr(s, "finished_at"), &t, NULL) ? t : 0, true, done,
	    sizeof done);
	snprintf(buf, len, _("Stage %lld of %d, %s: by %s, %s%s\n"),
	    (long long)ui_jint(s, "seq", 0), n, label_department(ui_jstr(s, "department")),
	    ui_jstr(s, "by")[0] ? ui_jstr(s, "by") : "-", done,
	    ui_jbool(s, "late") ? _(", late") : "");
}

/* The approval's reading: every stage of the route, its finding and
 * proposal; the last proposal is the one approved. */
static void
collect_proposal(struct app *a, struct dialog *d, const cJSON *c)
{
	const cJSON *stages = cJSON_GetObjectItemCaseSensitive(c, "stages"), *s;
	int n = cJSON_GetArraySize(stages);
	char line[9000], *text = strdup("");

	cJSON_ArrayForEach(s, stages) {
		const char *finding = ui_jstr(s, "finding"), *proposal = ui_jstr(s, "proposal");
		stage_heading(a, s, n, line, sizeof line);
		text = text_add(text, line);
		snprintf(line, sizeof line, _("  Finding: %s\n"), finding[0] ? finding : "-");
		text = text_add(text, line);
		if (proposal[0]) {
			snprintf(line, sizeof line, _("  Proposal: %s\n"), proposal);
			text = text_add(text, line);
		}
		text = text_add(text, "\n");
	}
	set_reading(d, text);
}

/* The reply's reading: what the customer said and asked for, and the
 * approved proposal the operator tells them. */
static void
collect_reply(struct dialog *d, const cJSON *c)
{
	char line[9000], *text = strdup("");

	snprintf(line, sizeof line, _("Customer's words: %s\n"), ui_jstr(c, "text"));
	text = text_add(text, line);
	snprintf(line, sizeof line, _("Demand: %s\n\n"), ui_jstr(c, "demand")[0] ?
	    ui_jstr(c, "demand") : "-");
	text = text_add(text, line);
	snprintf(line, sizeof line, _("Approved proposal: %s\n"), complaint_proposal(c)[0] ?
	    complaint_proposal(c) : "-");
	set_reading(d, text_add(text, line));
}

/* A complaint.get answer (or the detail's complaint) read into the dialog. */
static void
take_complaint(struct app *a, struct dialog *d, const cJSON *c)
{
	if (d->kind == CD_ADVANCE) {
		d->stage = ui_jint(running_stage(c), "seq", 0);
		describe_stage(a, d, c, running_stage(c));
	} else if (d->kind == CD_APPROVE && cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(c,
	    "stages")))
		collect_proposal(a, d, c);
	else if (d->kind == CD_REPLY && cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(c,
	    "stages")))
		collect_reply(d, c);
}

static void
on_complaint(struct app *a, void *ctx, const cJSON *reply)
{
	struct dialog *d = ctx;
	const cJSON *c = reply_result(reply);

	d->get_req = 0;
	if (reply == NULL || !reply_ok(reply))
		return;   /* the dialog still works, without the stage guard */
	if (!complaint_transition_allowed(dialogs[d->kind].op, ui_jstr(c, "state")))
		snprintf(d->error, sizeof d->error, _("Not possible now: complaint %s is %s"),
		    d->no, label_complaint_state(ui_jstr(c, "state")));
	else
		take_complaint(a, d, c);
	a->dirty = true;
}

/* A list's complaint has no stages: advance, approve and reply read them. */
static void
fetch_complaint(struct app *a, struct dialog *d)
{
	cJSON *args = cJSON_CreateObject();
	int64_t id;

	cJSON_AddStringToObject(args, "no", d->no);
	id = net_request(a, "complaint.get", args, on_complaint, d);
	d->get_req = id > 0 ? id : 0;
}

static void
dialog_reset(struct app *a, struct dialog *d)
{
	net_cancel_ctx(a, d);
	set_reading(d, NULL);
	ui_lines_free(d->lines, d->nlines);
	d->lines = NULL;
	d->nlines = 0;
	d->get_req = d->save_req = d->people_req = 0;
	cJSON_Delete(d->shares);
	d->shares = NULL;
	d->stage = 0;
	d->stage_line[0] = d->error[0] = '\0';
}

/* The dialogs that show a text to read before sending: the approval (every
 * stage's finding) and the reply (what to tell the customer). */
static bool
reads_first(enum complaint_dialog kind)
{
	return kind == CD_APPROVE || kind == CD_REPLY;
}

void
complaint_dialog_show(struct app *a, enum complaint_dialog kind, const cJSON *c,
    const struct view_ops *back)
{
	struct dialog *d = ui_view_of(a, &ui_complaint_dialog_view)->priv;

	dialog_reset(a, d);
	init_items(d);
	d->kind = kind;
	ui_copy(d->no, sizeof d->no, ui_jstr(c, "no"));
	d->severity = d->category = -1;
	d->major = ui_jbool(c, "major");
	show_items(d);
	take_complaint(a, d, c);
	if ((kind == CD_ADVANCE || reads_first(kind)) &&
	    !cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(c, "stages")))
		fetch_complaint(a, d);
	if (kind == CD_ATTRIBUTE) {
		d->shares = cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(c, "responsibility"),
		    true);
		fetch_people(a, d);
	}
	ui_show(a, &ui_complaint_dialog_view, back);
}

/* ---- drawing */

/* A label and its options (" 1 service "), wrapped under the label when
 * the line is full; returns the lines taken. */
static int
draw_options(int y, const char *label, const char *const *codes,
    const char *(*label_of)(const char *), int chosen, bool numbered, char key)
{
	char opt[96];
	int x0, x, lines = 1;

	attrset(A_BOLD);
	x0 = x = 1 + ui_put(y, 1, 24, label) + 2;
	attrset(A_NORMAL);
	for (int k = 0; codes[k] != NULL; k++) {
		if (numbered)
			snprintf(opt, sizeof opt, " %d %s ", k + 1, label_of(codes[k]));
		else
			snprintf(opt, sizeof opt, " %s ", label_of(codes[k]));
		if (x + ui_text_width(opt) > COLS - 2 && x > x0) {
			x = x0;
			lines++;
		}
		attrset(k == chosen ? A_REVERSE | A_BOLD : A_NORMAL);
		x += ui_put(y + lines - 1, x, COLS - 2 - x, opt) + 1;
		attrset(A_NORMAL);
	}
	if (!numbered) {
		snprintf(opt, sizeof opt, _("(key %c)"), key);
		attrset(A_DIM);
		ui_put(y + lines - 1, x + 1, COLS - 3 - x, opt);
		attrset(A_NORMAL);
	}
	return lines;
}

/* The department a category goes to (the default routes, doc/domain.md,
 * Complaint routes), shown before sending. */
static const char *
category_department(const char *category)
{
	static const char *const to[][2] = {
		{ "contract", "management" }, { "service", "service" },
		{ "packaging", "warehouse" }, { "product", "production" },
		{ "suggestion", "aftersales" },
	};

	for (size_t i = 0; i < sizeof to / sizeof to[0]; i++)
		if (strcmp(category, to[i][0]) == 0)
			return to[i][1];
	return "cs_manager";
}

static void
draw_classify(struct app *a, const struct dialog *d, int y)
{
	char line[256];

	y += draw_options(y, _("Severity"), severities, label_severity, d->severity, false, 's');
	y += draw_options(y, _("Category"), complaint_categories, label_category,
	    d->category, true, 0);
	attrset(d->major ? ui_attr(a, UI_C_MAJOR) : A_NORMAL);
	ui_put(y, 1, COLS - 2, d->major ? _("[x] MAJOR INCIDENT") : _("[ ] major incident"));
	ui_put(y + 1, 5, COLS - 6, _("(key m: fire, injury, media, batch failure...)"));
	attrset(A_NORMAL);
	if (d->category >= 0) {
		snprintf(line, sizeof line, _("Goes to: %s"), label_department(
		    category_department(complaint_categories[d->category])));
		ui_put(y + 2, 1, COLS - 2, line);
	}
}

/* The text to read, wrapped to width, from line y in h lines; a line
 * above says what it is and, when it is longer, where the view is. */
static void
draw_reading(struct dialog *d, int y, int h, int width)
{
	char where[64];
	const char *what = d->kind == CD_APPROVE ? _("The route's findings and the proposal") :
	    _("Tell the customer, then record their answer");

	if (d->wrap_width != width && d->proposal != NULL) {
		ui_lines_free(d->lines, d->nlines);
		d->nlines = ui_wrap(d->proposal, width, &d->lines);
		d->wrap_width = width;
	}
	if (d->scroll > d->nlines - h)
		d->scroll = d->nlines - h > 0 ? d->nlines - h : 0;
	where[0] = '\0';
	if (d->nlines > h)
		snprintf(where, sizeof where, _("PgUp/PgDn  lines %d-%d of %d"), d->scroll + 1,
		    d->scroll + h < d->nlines ? d->scroll + h : d->nlines, d->nlines);
	attrset(A_BOLD);
	ui_put(y, 1, width - ui_text_width(where) - 1, d->get_req > 0 ?
	    _("Reading the proposal...") : what);
	attrset(A_NORMAL);
	ui_put_right(y, 1, width, where);
	for (int i = 0; i < h && d->proposal != NULL && d->scroll + i < d->nlines; i++)
		ui_put(y + 1 + i, 1, width, d->lines[d->scroll + i]);
}

/* The form's lines under the text to read: the note; the words and y/n. */
static int
form_lines(enum complaint_dialog kind)
{
	return kind == CD_REPLY ? 2 : 1;
}

static void
dialog_paint(struct app *a, struct view *v, int top, int rows)
{
	struct dialog *d = v->priv;
	char title[256];
	int body = top + 2, error;

	snprintf(title, sizeof title, "%s %s", _(dialogs[d->kind].title), d->no);
	attrset(ui_attr(a, UI_C_TITLE));
	ui_put(top, 1, COLS - 2, title);
	attrset(A_BOLD);
	ui_put(top + 1, 1, COLS - 2, d->stage_line);
	attrset(A_NORMAL);
	error = body + (d->kind == CD_ATTRIBUTE ? 2 * NSHARES + 1 : 5);
	if (reads_first(d->kind)) {   /* the text above, the form at the foot */
		error = top + rows - 1;
		body = error - 1 - form_lines(d->kind);
		draw_reading(d, top + 1, body - top - 3, COLS - 2);
	}
	if (d->kind == CD_CLASSIFY)
		draw_classify(a, d, body);
	else
		form_draw(a, &d->form, body);
	form_draw_error(a, error, d->error,
	    d->kind == CD_ATTRIBUTE ? d->people_req > 0 ? _("Reading the departments...") :
	    _("Left/Right picks; percents add up to 100; Ctrl-S sends") :
	    _("Ctrl-S sends, Esc goes back"));
}

/* ---- sending */

static void
add_text(const struct dialog *d, cJSON *args, int item, bool always)
{
	char buf[UI_FIELD_MAX * 4 + 1];

	form_text(&d->form, item, buf, sizeof buf);
	if (buf[0] || always)
		cJSON_AddStringToObject(args, d->items[item].wire, buf);
}

/* One share's object, or NULL when its row names no department; *pct gets
 * its percent. A person picked: their share, else the department's. */
static cJSON *
share_arg(const struct dialog *d, int i, long *pct)
{
	char login[64], num[64], *end;
	const char *pen = form_code(&d->form, F_PEN(i)), *dept = form_code(&d->form, F_DEPT(i));
	const char *who = form_code(&d->form, F_WHO(i));
	cJSON *s, *p;
	double yuan;

	if (!dept[0])
		return NULL;
	s = cJSON_CreateObject();
	if (who[0])
		cJSON_AddStringToObject(s, "user", people_login(who, login, sizeof login));
	else
		cJSON_AddStringToObject(s, "department", dept);
	form_text(&d->form, F_PCT(i), num, sizeof num);
	*pct = strtol(num, &end, 10);
	if (num[0] && *end == '\0')
		cJSON_AddNumberToObject(s, "percent", (double)*pct);
	else
		cJSON_AddStringToObject(s, "percent", num);   /* the daemon names it */
	if (strcmp(pen, "none") != 0) {
		p = cJSON_AddObjectToObject(s, "penalty");
		cJSON_AddStringToObject(p, "kind", pen);
		form_text(&d->form, F_AMT(i), num, sizeof num);
		yuan = strtod(num, &end);
		if (num[0] && *end == '\0')
			cJSON_AddNumberToObject(p, "amount", (double)(long long)(yuan * 100 + 0.5));
	}
	return s;
}

/* The shares, or NULL (with the error said) when they do not add to 100. */
static cJSON *
shares_arg(struct dialog *d)
{
	cJSON *shares = cJSON_CreateArray(), *s;
	long sum = 0, pct;

	for (int i = 0; i < NSHARES; i++) {
		pct = 0;
		if ((s = share_arg(d, i, &pct)) != NULL) {
			cJSON_AddItemToArray(shares, s);
			sum += pct;
		}
	}
	if (sum != 100) {
		snprintf(d->error, sizeof d->error,
		    _("The shares add up to %ld%%, not 100%%: nothing was sent"), sum);
		d->items[F_PCT(0)].error = true;
		cJSON_Delete(shares);
		return NULL;
	}
	return shares;
}

static bool
classify_args(struct dialog *d, cJSON *args)
{
	if (d->severity < 0 || d->category < 0) {
		snprintf(d->error, sizeof d->error, "%s",
		    _("Choose the severity (s) and the category (1-6)"));
		return false;
	}
	cJSON_AddStringToObject(args, "severity", severities[d->severity]);
	cJSON_AddStringToObject(args, "category", complaint_categories[d->category]);
	cJSON_AddBoolToObject(args, "major", d->major);
	return true;
}

static bool
reply_args(struct dialog *d, cJSON *args)
{
	if (strcmp(form_code(&d->form, F_ACCEPT), "unknown") == 0) {
		snprintf(d->error, sizeof d->error, "%s", _("Did the customer accept? y or n"));
		return false;
	}
	add_text(d, args, F_TEXT, true);
	cJSON_AddBoolToObject(args, "accepted", strcmp(form_code(&d->form, F_ACCEPT), "yes") == 0);
	return true;
}

static bool
fill_args(struct dialog *d, cJSON *args)
{
	cJSON *shares;

	switch (d->kind) {
	case CD_CLASSIFY: return classify_args(d, args);
	case CD_ADVANCE:
		add_text(d, args, F_FINDING, true);
		add_text(d, args, F_PROPOSAL, false);
		if (d->stage > 0)
			cJSON_AddNumberToObject(args, "stage", (double)d->stage);
		return true;
	case CD_APPROVE: add_text(d, args, F_NOTE, false); return true;
	case CD_CLOSE: add_text(d, args, F_REASON, false); return true;
	case CD_REPLY: return reply_args(d, args);
	case CD_ATTRIBUTE:
		if ((shares = shares_arg(d)) == NULL)
			return false;
		cJSON_AddItemToObject(args, "shares", shares);
		return true;
	}
	return false;
}

/* A share the daemon names ("shares[1]: no such user") is marked on its
 * own row, not on the first row's item of that column. */
static void
refused(struct dialog *d, const cJSON *reply)
{
	const char *msg = ui_jstr(cJSON_GetObjectItemCaseSensitive(reply, "error"), "message");
	int item = form_refused(&d->form, reply, NULL, d->error, sizeof d->error), row;

	if (item < F_SHARES || sscanf(msg, "shares[%d]", &row) != 1 || row <= 0 ||
	    row >= NSHARES)
		return;
	d->items[item + SHARE_ITEMS * row].error = true;
	d->items[item + SHARE_ITEMS * row].problem = d->items[item].problem;
	d->items[item].error = false;
	d->items[item].problem = NULL;
	d->form.focus = item + SHARE_ITEMS * row;
}

static void
on_saved(struct app *a, void *ctx, const cJSON *reply)
{
	struct dialog *d = ctx;
	const cJSON *r = reply_result(reply);

	d->save_req = 0;
	a->dirty = true;
	if (reply == NULL) {
		snprintf(d->error, sizeof d->error, "%s",
		    _("The connection dropped: send it again (Ctrl-S) once it is back"));
		return;
	}
	if (!reply_ok(reply)) {   /* stays open: the text as typed, the field marked */
		refused(d, reply);
		ui_message(a, true, "%s", d->error);
		return;
	}
	if (d->kind == CD_REPLY && ui_jstr(r, "next_no")[0])
		ui_message(a, false, _("Complaint %s closed as rejected: round %lld opened as %s"),
		    d->no, (long long)ui_jint(r, "round", 1) + 1, ui_jstr(r, "next_no"));
	else
		ui_message(a, false, _("Complaint %s: %s"), d->no,
		    label_complaint_state(ui_jstr(r, "state")));
	if (a->view == &ui_complaint_dialog_view)
		ui_switch(a, ui_view_of(a, &ui_complaint_dialog_view)->back);
}

static unsigned
key_send(struct app *a, struct view *v)
{
	struct dialog *d = v->priv;
	cJSON *args;
	int64_t id;

	if (d->save_req > 0)
		return UI_HANDLED;   /* the answer is on its way */
	form_clear_errors(&d->form);
	d->error[0] = '\0';
	if (d->get_req > 0) {
		snprintf(d->error, sizeof d->error, "%s", reads_first(d->kind) ?
		    _("Still reading the proposal: try again in a moment") :
		    _("Still reading which stage is running: send again in a moment"));
		return UI_HANDLED;
	}
	if (d->kind != CD_CLASSIFY && form_check(&d->form) > 0) {
		form_errors_text(&d->form, d->error, sizeof d->error);
		return UI_HANDLED;
	}
	args = cJSON_CreateObject();
	cJSON_AddStringToObject(args, "no", d->no);
	if (!fill_args(d, args)) {
		cJSON_Delete(args);
		return UI_HANDLED;
	}
	id = net_request(a, dialogs[d->kind].op, args, on_saved, d);
	if (id <= 0)
		snprintf(d->error, sizeof d->error, "%s", _("Not connected: try again in a moment"));
	else
		d->save_req = id;
	return UI_HANDLED;
}

/* ---- keys */

static bool
is_classify(const struct app *a, const struct view *v)
{
	(void)a;
	return ((const struct dialog *)v->priv)->kind == CD_CLASSIFY;
}

static bool
is_reading(const struct app *a, const struct view *v)
{
	(void)a;
	return reads_first(((const struct dialog *)v->priv)->kind);
}

static unsigned
key_proposal(struct app *a, struct view *v)
{
	struct dialog *d = v->priv;
	char title[128];

	snprintf(title, sizeof title, _("The proposal of complaint %s"), d->no);
	ui_pager(a, title, d->proposal != NULL ? d->proposal :
	    d->get_req > 0 ? _("Still reading the proposal: try again in a moment") :
	    _("No stage has a finding or a proposal"));
	return UI_HANDLED;
}

/* PgDn, PgUp: the text to read by a screenful (draw_reading keeps it in
 * range). */
static unsigned
scroll_by(struct view *v, int dir)
{
	struct dialog *d = v->priv;
	int page = LINES / 2;

	d->scroll += dir * page;
	if (d->scroll < 0)
		d->scroll = 0;
	return UI_HANDLED | UI_REDRAW;
}

static unsigned
key_page_down(struct app *a, struct view *v)
{
	(void)a;
	return scroll_by(v, 1);
}

static unsigned
key_page_up(struct app *a, struct view *v)
{
	(void)a;
	return scroll_by(v, -1);
}

/* The letters of the classify dialog and the reply's y/n are typed text
 * in the other dialogs: their entries only describe them (run NULL), and
 * dialog_input decides. */
static const struct ui_key dialog_keys[] = {
	{ .key = UI_CTRL('s'), .alt = UI_K(KEY_F(2)), .name = N_("Ctrl-S"), .label = N_("Send"),
	  .help = N_("Send (F2 too); classify: Enter too"), .run = key_send },
	{ .key = 's', .name = "s", .label = N_("Severity"),
	  .help = N_("Classify: severity, serious or minor"), .when = is_classify },
	{ .key = '1', .name = "1-6", .label = N_("Category"),
	  .help = N_("Classify: the category, which decides the route"), .when = is_classify },
	{ .key = 'm', .name = "m", .label = N_("Major"),
	  .help = N_("Classify: a major incident (management within the hour)"),
	  .when = is_classify },
	{ .key = UI_K(KEY_F(3)), .name = "F3", .label = N_("Proposal"),
	  .help = N_("Approve, reply: what is to read in the pager"), .run = key_proposal,
	  .when = is_reading },
	{ .key = UI_K(KEY_NPAGE), .name = N_("PgDn, PgUp"), .label = N_("Scroll"),
	  .help = N_("Approve, reply: scroll what is to read"), .run = key_page_down,
	  .when = is_reading },
	{ .key = UI_K(KEY_PPAGE), .name = N_("PgUp"), .run = key_page_up, .when = is_reading },
	{ .key = 'y', .name = N_("y, n"), .help = N_("Reply: did the customer accept") },
	{ .key = UI_KEY_TAB, .name = N_("Tab, Down"),
	  .help = N_("Next field (Shift-Tab, Up: previous)") },
	{ .key = UI_KEY_ESC, .name = N_("Esc"), .label = N_("Back"),
	  .help = N_("Back without sending (asks when text was typed)"), .run = ui_key_leave },
	{ 0 }
};

static bool
classify_input(struct dialog *d, ui_key_t key)
{
	if (key == 's')
		d->severity = (d->severity + 1) % 2;
	else if (key >= '1' && key <= '6')
		d->category = (int)(key - '1');
	else if (key == 'm')
		d->major = !d->major;
	else
		return false;
	d->error[0] = '\0';
	return true;
}

static void
form_keys(struct dialog *d, ui_key_t key)
{
	int focus = d->form.focus, choice = d->items[focus].choice;

	if (d->form.focus == F_ACCEPT && (key == 'y' || key == 'n')) {
		form_set_code(&d->form, F_ACCEPT, key == 'y' ? "yes" : "no");
		d->form.dirty = true;
		return;
	}
	form_key(&d->form, key, false);
	/* another department picked: its people to pick from */
	if (d->kind == CD_ATTRIBUTE && focus >= F_SHARES && (focus - F_SHARES) % SHARE_ITEMS == 0 &&
	    d->items[focus].choice != choice)
		follow_department(d, (focus - F_SHARES) / SHARE_ITEMS);
}

static unsigned
dialog_input(struct app *a, struct view *v, ui_key_t key)
{
	struct dialog *d = v->priv;

	if (d->kind == CD_CLASSIFY && key == UI_KEY_ENTER)
		return key_send(a, v) | UI_REDRAW;
	if (d->kind == CD_CLASSIFY)
		return classify_input(d, key) ? UI_HANDLED | UI_REDRAW : UI_HANDLED;
	form_keys(d, key);
	return UI_HANDLED | UI_REDRAW;   /* nothing typed here goes anywhere else */
}

static bool
dialog_unsaved(const struct app *a, const struct view *v)
{
	(void)a;
	return form_unsaved(&((const struct dialog *)v->priv)->form);
}

/* Someone else moved the complaint on: said in the dialog, which keeps
 * what was typed (the daemon would refuse it now). */
static void
dialog_push(struct app *a, struct view *v, const cJSON *msg)
{
	struct dialog *d = v->priv;
	const cJSON *c = cJSON_GetObjectItemCaseSensitive(msg, "data");

	if (a->view != &ui_complaint_dialog_view || d->save_req > 0 ||
	    strcmp(ui_jstr(msg, "event"), "complaint.changed") != 0 ||
	    strcmp(ui_jstr(c, "no"), d->no) != 0 ||
	    complaint_transition_allowed(dialogs[d->kind].op, ui_jstr(c, "state")))
		return;
	snprintf(d->error, sizeof d->error, _("Not possible now: complaint %s is %s"), d->no,
	    label_complaint_state(ui_jstr(c, "state")));
}

static void
dialog_destroy(struct app *a, struct view *v)
{
	struct dialog *d = v->priv;

	(void)a;
	set_reading(d, NULL);
	ui_lines_free(d->lines, d->nlines);
	d->lines = NULL;
	d->nlines = 0;
	people_free(&d->people);
	cJSON_Delete(d->shares);
	d->shares = NULL;
}

const struct view_ops ui_complaint_dialog_view = {
	.name = "complaint_dialog",
	.title = N_("Complaint"),
	.private_size = sizeof(struct dialog),
	.keys = dialog_keys,
	.paint = dialog_paint,
	.input = dialog_input,
	.push = dialog_push,
	.unsaved = dialog_unsaved,
	.destroy = dialog_destroy,
};
