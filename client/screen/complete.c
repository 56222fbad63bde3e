/*
 * screen/complete.c: the technician's two ends of a visit.
 *
 * Take-back (t on the own list): a prompt asking whether to take the unit
 * back, with an optional note (Enter confirms, Esc does nothing; a refusal
 * stays in it), ticket.take_back, then the receipt number the daemon
 * issued, drawn large in a box over the screen (block digits and the
 * characters spaced out) so it can be read to the customer over the noise
 * of a site; any key closes it. Completion (c): a form with the signature
 * (the customer's name, as the customer gives it; required) and, for class
 * A, the charges of the repair card with the markup (a percent; the daemon
 * refuses one over its markup_cap_percent, naming the cap) and the total as
 * it will be charged; Ctrl-S completes (ticket.complete) once every item
 * checks; leaving with something typed asks first. Free of charge (class A,
 * doc/domain.md, Charges) is the approver's to decide: with Free yes, the
 * approver's login and a reason, Ctrl-S first asks them (approval.request);
 * the request's state shows under the charges and follows the ticket's
 * pushes (waiting, approved, refused); once approved, Ctrl-S completes free.
 */
#include "client/screen/work.h"
#include "client/screen/screens.h"
#include "common/records.h"
#include "common/settings.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- take-back and the receipt banner */

/* The banner's own state (an overlay's). */
struct receipt_banner {
	char receipt[32], no[24], customer[96];
};
static const struct overlay_ops receipt_banner_ops;

static void
show_receipt(struct app *a, const char *no, const cJSON *t)
{
	struct overlay *o = ui_overlay_push(a, &receipt_banner_ops);
	struct receipt_banner *b;

	if (o != NULL) {
		b = o->priv;
		ui_copy(b->receipt, sizeof b->receipt, ui_jstr(t, "receipt_no"));
		ui_copy(b->no, sizeof b->no, no);
		ui_copy(b->customer, sizeof b->customer,
		    ui_jstr(cJSON_GetObjectItemCaseSensitive(t, "customer"), "name"));
	}
	ui_message(a, false, _("Ticket %s taken back: receipt %s"), no,
	    ui_jstr(t, "receipt_no"));
}

/* The answer to the take-back prompt (its ctx the ticket's number): the
 * prompt gives way to the receipt, or keeps the refusal and the note. */
static void
on_taken_back(struct app *a, void *ctx, const cJSON *reply)
{
	struct overlay *o = ctx;
	char no[24];

	if (work_prompt_reply(a, o, reply, no, sizeof no))
		show_receipt(a, no, reply_result(reply));
}

static void
take_back_submit(struct app *a, struct overlay *o, void *ctx, const char *note)
{
	cJSON *args = cJSON_CreateObject();

	cJSON_AddStringToObject(args, "no", ctx);
	if (note[0])
		cJSON_AddStringToObject(args, "note", note);
	ui_prompt_wait(a, o, net_request(a, "ticket.take_back", args, on_taken_back, o));
}

bool
action_take_back(struct app *a, const struct ticket_row *r)
{
	char title[160];

	if (!action_allowed(r, "ticket.take_back"))
		return action_refuse(a, r);
	snprintf(title, sizeof title,
	    _("Take the unit of %s back to the workshop? A receipt is issued"), r->no);
	ui_prompt(a, title, _("Note (optional):"), "", take_back_submit, r->no,
	    sizeof r->no);
	return true;
}

/* Any key closes the banner. */
static unsigned
receipt_banner_input(struct app *a, struct overlay *o, ui_key_t key)
{
	(void)key;
	ui_overlay_close(a, o);
	return UI_HANDLED | UI_REDRAW;
}

/* 3x5 block glyphs of the receipt's characters ('#' is a block). */
static const char *
glyph(char c)
{
	static const char *const digits[] = {
		"####.##.##.####", ".#.##..#..#.###", "###..#####..###",
		"###..####..####", "#.##.####..#..#", "####..###..####",
		"####..####.####", "###..#..#..#..#", "####.#####.####",
		"####.####..####",
	};

	if (c >= '0' && c <= '9')
		return digits[c - '0'];
	if (c == 'R' || c == 'r')
		return "##.#.###.#.##.#";
	return "...............";
}

/* The receipt in block characters from (y, x), pw columns a pixel. */
static void
draw_big(struct app *a, int y, int x, int pw, const char *s)
{
	for (int row = 0; row < 5; row++)
		for (size_t i = 0; s[i]; i++) {
			const char *g = glyph(s[i]);
			for (int col = 0; col < 3; col++) {
				int cx = x + (int)i * 4 * pw + col * pw;
				attrset(g[row * 3 + col] == '#' ? ui_attr(a, UI_C_TITLE) |
				    A_REVERSE : A_NORMAL);
				mvhline(y + row, cx, ' ', pw);
			}
		}
	attrset(A_NORMAL);
}

/* "R 2 6 1 1 2 4 0 0 0 1": each character apart, to read out. */
static void
spaced(const char *s, char *buf, size_t len)
{
	size_t n = 0;

	for (; *s && n + 3 < len; s++) {
		if (n)
			buf[n++] = ' ';
		buf[n++] = *s;
	}
	buf[n] = '\0';
}

static void
receipt_banner_paint(struct app *a, struct overlay *o)
{
	const struct receipt_banner *b = o->priv;
	int n = (int)strlen(b->receipt), pw = n * 8 + 6 <= COLS - 4 ? 2 : 1;
	int w = n * 4 * pw + 6, h = 13, y, x;
	char line[256], sp[80];

	if (w < 50)
		w = 50;
	if (w > COLS - 2)
		w = COLS - 2;
	y = (LINES - h) / 2;
	x = (COLS - w) / 2;
	for (int i = 0; i < h; i++)
		ui_put(y + i, x, w, "");
	attrset(A_BOLD);
	mvhline(y, x, ACS_HLINE, w);
	mvhline(y + h - 1, x, ACS_HLINE, w);
	mvvline(y, x, ACS_VLINE, h);
	mvvline(y, x + w - 1, ACS_VLINE, h);
	mvaddch(y, x, ACS_ULCORNER);
	mvaddch(y, x + w - 1, ACS_URCORNER);
	mvaddch(y + h - 1, x, ACS_LLCORNER);
	mvaddch(y + h - 1, x + w - 1, ACS_LRCORNER);
	snprintf(line, sizeof line, _(" Receipt for ticket %s: %s "), b->no, b->customer);
	ui_put(y, x + 2, w - 4, line);
	attrset(A_NORMAL);
	draw_big(a, y + 2, x + (w - (n * 4 - 1) * pw) / 2, pw, b->receipt);
	spaced(b->receipt, sp, sizeof sp);
	attrset(A_BOLD);
	snprintf(line, sizeof line, _("Receipt no.  %s"), sp);
	ui_put(y + 8, x + (w - ui_text_width(line)) / 2, ui_text_width(line), line);
	attrset(A_NORMAL);
	ui_put(y + 10, x + 2, w - 4,
	    _("Read it to the customer; the unit comes back against it."));
	ui_put(y + 11, x + 2, w - 4, _("Any key closes this"));
}

static const struct overlay_ops receipt_banner_ops = {
	.name = "receipt", .size = sizeof(struct receipt_banner),
	.paint = receipt_banner_paint, .input = receipt_banner_input,
};

/* ---- completion */

enum { C_SIGNED, C_MARKUP, C_FREE, C_APPROVER, C_REASON, C_COUNT };


static const char *const yes_no[] = { "no", "yes", NULL };

static const char *
yes_no_label(const char *code)
{
	return strcmp(code, "yes") == 0 ? _("yes") : _("no");
}

/* The ticket's free-service request (its latest), or NULL. */
static const cJSON *
free_request(const cJSON *ticket)
{
	const cJSON *fr = cJSON_GetObjectItemCaseSensitive(ticket, "free_request");

	return cJSON_IsObject(fr) ? fr : NULL;
}

/* Free service needs an approver and a reason to ask with. */
static const char *
request_check(const struct form *f, int item, const char *text)
{
	(void)item;
	return strcmp(form_code(f, C_FREE), "yes") == 0 && !text[0] ?
	    N_("needed for free service") : NULL;
}

static const struct form_item complete_items[C_COUNT] = {
	[C_SIGNED] = { .kind = FK_TEXT, .label = N_("Signed by"), .wire = "signed_by",
	    .row = 0, .span = 2, .max = SIGNED_BY_MAX, .flags = FF_REQUIRED },
	[C_MARKUP] = { .kind = FK_TEXT, .label = N_("Markup %"),
	    .wire = "charges.markup_percent", .row = 5, .span = 1, .max = 3,
	    .flags = FF_REQUIRED, .check = FC_INTEGER, .lo = 0, .hi = 100 },
	[C_FREE] = { .kind = FK_CHOICE, .label = N_("Free of charge"),
	    .wire = "charges.free", .row = 5, .col = 1, .span = 1, .codes = yes_no,
	    .label_of = yes_no_label },
	[C_APPROVER] = { .kind = FK_TEXT, .label = N_("Approver"), .wire = "approver",
	    .row = 6, .span = 1, .max = LOGIN_MAX, .check_fn = request_check },
	[C_REASON] = { .kind = FK_TEXT, .label = N_("Reason"), .wire = "reason",
	    .row = 6, .col = 1, .span = 2, .max = CHARGE_REASON_MAX, .flags = FF_COUNT,
	    .check_fn = request_check },
};

struct complete {
	struct work_form w;
	struct form_item items[C_COUNT];
};

static bool
class_a(const struct complete *c)
{
	return strcmp(ui_jstr(c->w.record, "service_class"), "A") == 0;
}

/* An open request (waiting or approved) fills the form as it was asked. */
static void
complete_loaded(struct app *a, struct work_form *w, bool first)
{
	struct complete *c = (struct complete *)w;
	const cJSON *fr = free_request(w->record);
	const char *state = ui_jstr(fr, "state");
	char markup[16];

	(void)a;
	for (int i = C_MARKUP; i < C_COUNT; i++)
		c->items[i].hidden = !class_a(c);
	if (!first || (strcmp(state, "pending") != 0 && strcmp(state, "approved") != 0))
		return;
	form_set_code(&w->form, C_FREE, "yes");
	snprintf(markup, sizeof markup, "%d", (int)ui_jint(fr, "markup_percent", 0));
	ui_field_set(&c->items[C_MARKUP].field, markup);
	ui_field_set(&c->items[C_APPROVER].field, ui_jstr(fr, "approver"));
	ui_field_set(&c->items[C_REASON].field, ui_jstr(fr, "reason"));
	form_saved(&w->form);
}

static void
complete_saved(struct app *a, struct work_form *w, const cJSON *result)
{
	ui_ticket_changed(a, result);
	ui_message(a, false, _("Ticket %s completed, signed by the customer"), w->no);
}

bool
action_complete(struct app *a, const struct ticket_row *r,
    const struct view_ops *back)
{
	struct complete *c = ui_view_of(a, &ui_complete_view)->priv;
	static const char *const aliases[][2] = {
		{ "charges", "charges.markup_percent" },
		{ "markup_percent", "charges.markup_percent" }, { NULL, NULL } };
	static const struct work_kind kind = { &ui_complete_view, "ticket.complete",
		complete_items, C_COUNT, complete_loaded, complete_saved, aliases };

	if (r != NULL && (strcmp(r->state, "in_shop") == 0 ||
	    strcmp(r->state, "repaired") == 0)) {
		ui_message(a, true, _("Ticket %s must pass inspection first"), r->no);
		return false;
	}
	if (!action_allowed(r, "ticket.complete"))
		return action_refuse(a, r);
	work_open(a, &c->w, &kind, c->items, "ticket.get", r->no, back);
	ui_field_set(&c->items[C_SIGNED].field, r->customer);
	ui_field_set(&c->items[C_MARKUP].field, "0");
	/* Up to what the cap may be (common/settings.c): the cap itself is the
	 * daemon's, which refuses a markup over it on this field, naming it. */
	c->items[C_MARKUP].hi = setting_find("markup_cap_percent")->max;
	for (int i = C_MARKUP; i < C_COUNT; i++)
		c->items[i].hidden = true;
	return true;
}

/* The markup typed, or -1 when it is not a percent. */
static int
markup(const struct complete *c)
{
	char buf[16];
	long m;

	form_text(&c->w.form, C_MARKUP, buf, sizeof buf);
	return work_parse_int(buf, 0, c->items[C_MARKUP].hi, &m) ? (int)m : -1;
}

static bool
is_free(const struct complete *c)
{
	return strcmp(form_code(&c->w.form, C_FREE), "yes") == 0;
}

/* The request approved, for the markup typed (the amount it waives). */
static bool
approved(const struct complete *c)
{
	const cJSON *fr = free_request(c->w.record);

	return strcmp(ui_jstr(fr, "state"), "approved") == 0 &&
	    ui_jint(fr, "markup_percent", -1) == markup(c);
}

/* Where the ticket's request stands, in one line. */
static void
draw_request(struct app *a, const struct complete *c, int y)
{
	const cJSON *fr = free_request(c->w.record);
	const char *state = ui_jstr(fr, "state"), *who = ui_jstr(fr, "approver_name");
	char line[512], amount[32];

	if (!who[0])
		who = ui_jstr(fr, "approver");
	ui_yuan(ui_jint(fr, "amount", 0), amount, sizeof amount);
	if (strcmp(state, "pending") == 0)
		snprintf(line, sizeof line, _("Free service: %s yuan, waiting for %s to decide"),
		    amount, who);
	else if (strcmp(state, "approved") == 0)
		snprintf(line, sizeof line, approved(c) ? _("Free service: %s yuan, approved "
		    "by %s: Ctrl-S completes free of charge") : _("Free service: %s yuan, "
		    "approved by %s for another markup: Ctrl-S asks again"), amount, who);
	else if (strcmp(state, "refused") == 0)
		snprintf(line, sizeof line, _("Free service refused by %s: %s"), who,
		    ui_jstr(fr, "decision_reason"));
	else if (is_free(c))
		snprintf(line, sizeof line, "%s", _("Free service: Ctrl-S asks the approver "
		    "named (a supervisor or a manager, by login)"));
	else
		return;
	attrset(strcmp(state, "refused") == 0 ? ui_attr(a, UI_C_ERROR) : A_NORMAL);
	ui_put(y, 1, COLS - 2, line);
	attrset(A_NORMAL);
}

/* The charges section: parts, labour and the total as it will be. */
static void
draw_charges(struct app *a, const struct complete *c, int y)
{
	const cJSON *ch = cJSON_GetObjectItemCaseSensitive(c->w.record, "charges");
	int64_t parts = ui_jint(ch, "parts", 0), labour = ui_jint(ch, "labour", 0);
	int m = markup(c);
	char p[32], l[32], t[32], line[256];

	attrset(ui_attr(a, UI_C_TITLE));
	ui_put(y, 1, COLS - 2, _("Charges (class A, paid)"));
	attrset(A_NORMAL);
	ui_yuan(parts, p, sizeof p);
	ui_yuan(labour, l, sizeof l);
	snprintf(line, sizeof line, _("Parts %s yuan    Labour %s yuan"), p, l);
	ui_put(y + 1, 1, COLS - 2, line);
	if (is_free(c) && approved(c))
		snprintf(line, sizeof line, "%s", _("Total: free of charge (approved)"));
	else if (is_free(c))
		snprintf(line, sizeof line, "%s", _("Total: free of charge (approval needed)"));
	else if (m < 0)
		snprintf(line, sizeof line, "%s", _("Total: the markup is a percent, 0 to 100"));
	else {
		ui_yuan(parts + (parts * m + 50) / 100 + labour, t, sizeof t);
		snprintf(line, sizeof line, _("Total: %s yuan"), t);
	}
	attrset(A_BOLD);
	ui_put(y + 6, 1, COLS - 2, line);
	attrset(A_NORMAL);
	if (is_free(c) || free_request(c->w.record) != NULL)
		draw_request(a, c, y + 5);
}

static void
complete_paint(struct app *a, struct view *v, int top, int rows)
{
	struct complete *c = v->priv;
	const cJSON *cust = cJSON_GetObjectItemCaseSensitive(c->w.record, "customer");
	char title[256];

	snprintf(title, sizeof title, _("Complete ticket %s"), c->w.no);
	attrset(ui_attr(a, UI_C_TITLE));
	ui_put(top, 1, COLS - 2, title);
	attrset(A_NORMAL);
	if (c->w.record == NULL) {
		ui_put(top + 2, 1, COLS - 2, c->w.error[0] ? c->w.error : _("Loading..."));
		return;
	}
	snprintf(title, sizeof title, "%s  %s  %s  %s", ui_jstr(cust, "name"),
	    label_class(ui_jstr(c->w.record, "service_class")),
	    label_ticket_state(ui_jstr(c->w.record, "state")), ui_jstr(c->w.record, "fault"));
	ui_put(top + 1, 1, COLS - 2, title);
	form_draw(a, &c->w.form, top + 3);
	if (class_a(c))
		draw_charges(a, c, top + 6);
	else
		ui_put(top + 5, 1, COLS - 2, _("No charge for this class of service"));
	work_draw_problems(a, top + 14, rows - 14, c->w.error,
	    _("Ctrl-S completes the ticket; Esc goes back"));
}

static cJSON *
complete_args(const struct complete *c)
{
	cJSON *args = cJSON_CreateObject(), *ch;
	char buf[256];

	form_text(&c->w.form, C_SIGNED, buf, sizeof buf);
	cJSON_AddStringToObject(args, "signed_by", buf);
	if (!class_a(c))
		return args;
	ch = cJSON_AddObjectToObject(args, "charges");
	cJSON_AddNumberToObject(ch, "markup_percent", markup(c));
	if (is_free(c))
		cJSON_AddTrueToObject(ch, "free");
	return args;
}

/* ---- asking for free service */

static void
on_requested(struct app *a, void *ctx, const cJSON *reply)
{
	struct complete *c = ctx;

	c->w.saving = false;
	a->dirty = true;
	if (reply == NULL) {
		ui_copy(c->w.error, sizeof c->w.error, _("The connection dropped before the "
		    "answer: look at the ticket before asking again"));
		return;
	}
	if (!reply_ok(reply)) {
		form_refused(&c->w.form, reply, c->w.kind->aliases, c->w.error,
		    sizeof c->w.error);
		return;
	}
	ui_ticket_changed(a, reply_result(reply));
	ui_message(a, false, _("Free service for ticket %s asked of %s"), c->w.no,
	    ui_jstr(free_request(reply_result(reply)), "approver"));
}

static void
send_request(struct app *a, struct complete *c)
{
	cJSON *args = cJSON_CreateObject();
	char buf[UI_FIELD_MAX * 4 + 1];

	cJSON_AddStringToObject(args, "no", c->w.no);
	form_text(&c->w.form, C_APPROVER, buf, sizeof buf);
	cJSON_AddStringToObject(args, "approver", buf);
	form_text(&c->w.form, C_REASON, buf, sizeof buf);
	cJSON_AddStringToObject(args, "reason", buf);
	cJSON_AddNumberToObject(args, "markup_percent", markup(c));
	if (net_request(a, "approval.request", args, on_requested, c) <= 0) {
		ui_copy(c->w.error, sizeof c->w.error, _("Not connected: try again in a moment"));
		return;
	}
	c->w.saving = true;
	c->w.error[0] = '\0';
}

/* Free of charge asked and not approved yet (for this markup): Ctrl-S
 * asks the approver; else it completes. */
static bool
must_ask(const struct app *a, const struct view *v)
{
	const struct complete *c = v->priv;

	return work_view_can_save(a, v) && class_a(c) && is_free(c) && !approved(c);
}

static bool
may_complete(const struct app *a, const struct view *v)
{
	return work_view_can_save(a, v) && !must_ask(a, v);
}

static unsigned
run_ask(struct app *a, struct view *v)
{
	struct complete *c = v->priv;

	if (work_checked(&c->w))
		send_request(a, c);
	return UI_HANDLED;
}

static unsigned
run_complete(struct app *a, struct view *v)
{
	struct complete *c = v->priv;

	if (work_checked(&c->w))
		work_save(a, &c->w, complete_args(c));
	return UI_HANDLED;
}

static unsigned
complete_input(struct app *a, struct view *v, ui_key_t key)
{
	(void)a;
	return work_input(v->priv, key, false);
}

static const struct ui_key complete_keys[] = {
	{ .key = UI_CTRL('s'), .alt = UI_K(KEY_F(2)), .name = N_("Ctrl-S"),
	  .label = N_("Ask approver"),
	  .help = N_("Free of charge: ask the approver named to approve it"),
	  .run = run_ask, .when = must_ask, .refuse = work_view_refuse_save },
	{ .key = UI_CTRL('s'), .alt = UI_K(KEY_F(2)), .name = N_("Ctrl-S"),
	  .label = N_("Complete"), .help = N_("Complete the ticket"),
	  .run = run_complete, .when = may_complete, .refuse = work_view_refuse_save },
	{ .key = UI_KEY_TAB, .name = N_("Tab, Down"),
	  .help = N_("Next field (Shift-Tab, Up: previous)") },
	{ .key = ' ', .name = N_("Space, Left/Right"),
	  .help = N_("Free of charge (class A): yes needs an approver's decision") },
	{ .key = UI_KEY_ESC, .name = N_("Esc"), .label = N_("Back"),
	  .help = N_("Back without completing (asks when something is typed)"),
	  .run = ui_key_leave },
	{ 0 }
};

const struct view_ops ui_complete_view = {
	.name = "complete",
	.title = N_("Complete a ticket"),
	.private_size = sizeof(struct complete),
	.keys = complete_keys,
	.paint = complete_paint,
	.input = complete_input,
	.push = work_view_push,
	.session = work_view_session,
	.unsaved = work_view_unsaved,
	.destroy = work_view_destroy,
};
