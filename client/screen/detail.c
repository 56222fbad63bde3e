/*
 * screen/detail.c: one ticket with every field and its whole history
 * (ticket.get: the ticket and its events, oldest first). Opened from any
 * list (Enter, d or F3); Esc goes back there, F6 on to the role's screen
 * after it. A ticket.changed push for this ticket fetches it again, so new
 * events show at once. Below the fault: the workshop and the repair when
 * there are any (receipt, promised and completed times, repeat of an
 * earlier ticket, the three-guarantee flags, the repair card with its
 * parts, the charges). The history is a list of events in words
 * (widget/events.h): Enter reads the selected one in full, v the whole
 * ticket; a value cut at the edge ends in ">". On a short screen the
 * least important fields go first (widget/record.h). A dispatcher can
 * postpone (P) and inspect (p, f) from here, a technician take back (t),
 * fill the repair card (r) and complete (c). Anyone who may see the ticket
 * (not admin) adds a note to its history (a: the caller rang again, the
 * part is ordered); its owner, or a dispatcher, hands it over to a
 * colleague (h, screen/handover.c). After a return visit that reached
 * nobody, the attempts and the call-back are shown. The money controls:
 * the free-service request and where it stands, the refund or exchange
 * certificate; a dispatcher or manager decides a refund (R) or an exchange
 * (X) the ticket is entitled to, with a reason (ticket.guarantee).
 */
#include "client/screen/work.h"
#include "client/screen/screens.h"
#include "client/widget/record.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/domain.h"
#include "common/states.h"

#define LABEL_W 14
#define BLOCK_ROWS 10   /* the two columns of fields at most */
#define HISTORY_MIN 4   /* the history's header and three events */

/* Where a field is drawn. */
enum { P_LEFT, P_RIGHT, P_WIDE };

static struct record_screen *
detail_of(struct app *a)
{
	return ui_view_of(a, &ui_detail_view)->priv;
}

static const struct record_kind ticket_kind;   /* below: the words need the helpers */

void
detail_show(struct app *a, const char *no, const struct view_ops *back)
{
	record_screen_open(detail_of(a), no, &ticket_kind);
	ui_show(a, &ui_detail_view, back);
}

/* Opened, or back from a form it opened: the ticket as it is now. */
static void
detail_enter(struct app *a, struct view *v)
{
	struct record_screen *d = v->priv;

	if (a->logged_in && d->no[0])
		record_screen_fetch(a, d);
}

/* ---- the ticket in words */

/* A time member in the server's zone. */
static void
add_time(struct app *a, struct record *r, int place, int prio, const char *label,
    const cJSON *t, const char *name)
{
	char buf[64];
	time_t when;

	if (!ui_parse_time(ui_jstr(t, name), &when, NULL))
		when = 0;
	ui_show_time(a, when, false, buf, sizeof buf);
	record_add(r, place, prio, label, buf);
}

static void
add_customer(struct record *r, const cJSON *t)
{
	const cJSON *c = cJSON_GetObjectItemCaseSensitive(t, "customer");
	char buf[256];

	record_add(r, P_LEFT, 1, _("Customer"), ui_jstr(c, "name"));
	ui_jjoin(c, "phones", buf, sizeof buf);
	record_add(r, P_LEFT, 1, _("Phones"), buf);
	record_add(r, P_LEFT, 2, _("Address"), ui_jstr(c, "address"));
	record_add(r, P_LEFT, 6, _("Region"), label_region(ui_jstr(t, "region")));
}

static void
add_unit(struct record *r, const cJSON *t)
{
	const cJSON *u = cJSON_GetObjectItemCaseSensitive(t, "unit");
	char buf[512];

	if (!cJSON_IsObject(u)) {
		record_add(r, P_LEFT, 2, _("Unit"), _("none"));
		return;
	}
	snprintf(buf, sizeof buf, "%s  %s", ui_jstr(u, "model"), ui_jstr(u, "serial"));
	record_add(r, P_LEFT, 2, _("Unit"), buf);
	snprintf(buf, sizeof buf, _("%s, warranty %lld months"),
	    ui_jstr(u, "purchase_date"), (long long)ui_jint(u, "warranty_months", 0));
	record_add(r, P_LEFT, 5, _("Purchased"), buf);
	record_add(r, P_LEFT, 7, _("Contract end"), ui_jstr(u, "contract_end"));
}

static void
add_left(struct record *r, const cJSON *t)
{
	char buf[512];
	const char *reason = ui_jstr(t, "class_reason");

	record_add(r, P_LEFT, 3, _("Type"), label_type(ui_jstr(t, "type")));
	record_add(r, P_LEFT, 5, _("Channel"), label_channel(ui_jstr(t, "channel")));
	snprintf(buf, sizeof buf, "%s%s%s", label_class(ui_jstr(t, "service_class")),
	    reason[0] ? _(", overridden: ") : "", reason);
	record_add(r, P_LEFT, 2, _("Class"), buf);
	add_customer(r, t);
	add_unit(r, t);
}

static void
add_right(struct app *a, struct record *r, const cJSON *t)
{
	char version[32];

	record_add(r, P_RIGHT, 6, _("Taken by"), ui_jstr(t, "taken_by"));
	record_add(r, P_RIGHT, 7, _("Owner"), ui_jstr(t, "owner"));
	record_add(r, P_RIGHT, 1, _("Technician"), ui_jstr(t, "technician"));
	add_time(a, r, P_RIGHT, 4, _("Registered"), t, "created_at");
	add_time(a, r, P_RIGHT, 3, _("Reply due"), t, "reply_due");
	add_time(a, r, P_RIGHT, 2, _("Arrival due"), t, "arrival_due");
	add_time(a, r, P_RIGHT, 2, _("Appointment"), t, "appointment");
	add_time(a, r, P_RIGHT, 4, _("Arrived"), t, "arrived_at");
	record_add(r, P_RIGHT, 3, _("Overdue"), ui_jbool(t, "overdue") ? _("yes") : _("no"));
	snprintf(version, sizeof version, "%lld", (long long)ui_jint(t, "version", 0));
	record_add(r, P_RIGHT, 9, _("Version"), version);
}

/* The return visit that did not reach the customer: "attempt 2 of 3, call
 * back 11-25 09:00", or the close after the last; false when none. */
static bool
visit_line(struct app *a, const cJSON *t, char *buf, size_t len)
{
	long long attempts = ui_jint(t, "visit_attempts", 0);
	char when[32];
	time_t at;

	if (strcmp(ui_jstr(t, "visit_outcome"), "unreachable") == 0)
		snprintf(buf, len, _("not reached in %lld attempts: closed"), attempts);
	else if (ui_parse_time(ui_jstr(t, "callback_at"), &at, NULL)) {
		ui_show_time(a, at, true, when, sizeof when);
		snprintf(buf, len, _("not reached, attempt %lld of %d; call back %s"), attempts,
		    VISIT_ATTEMPTS_MAX, when);
	} else if (attempts > 0)
		snprintf(buf, len, _("reached after %lld attempts"), attempts);
	else
		return false;
	return true;
}

/* "Receipt R2611240001  promised 11-26 18:00  completed -  repeat of B..." and
 * the three-guarantee flags; false when the ticket has none of them. */
static bool
work_line(struct app *a, const cJSON *t, char *buf, size_t len)
{
	const cJSON *g = cJSON_GetObjectItemCaseSensitive(t, "guarantee");
	char promised[32], completed[32];
	time_t pt = 0, ct = 0;
	bool any;

	ui_parse_time(ui_jstr(t, "promised_at"), &pt, NULL);
	ui_parse_time(ui_jstr(t, "completed_at"), &ct, NULL);
	ui_show_time(a, pt, true, promised, sizeof promised);
	ui_show_time(a, ct, true, completed, sizeof completed);
	any = ui_jstr(t, "receipt_no")[0] || pt || ct || ui_jstr(t, "repeat_of")[0] ||
	    ui_jbool(g, "refund") || ui_jbool(g, "exchange") || ui_jstr(g, "reason")[0];
	snprintf(buf, len, _("Receipt %s  promised %s  completed %s  repeat of %s  "
	    "refund %s  exchange %s  %s"),
	    ui_jstr(t, "receipt_no")[0] ? ui_jstr(t, "receipt_no") : "-", promised,
	    completed, ui_jstr(t, "repeat_of")[0] ? ui_jstr(t, "repeat_of") : "-",
	    ui_jbool(g, "refund") ? _("yes") : _("no"),
	    ui_jbool(g, "exchange") ? _("yes") : _("no"), ui_jstr(g, "reason"));
	return any;
}

static void
add_charges(struct record *r, const cJSON *ch)
{
	char buf[512], p[32], l[32], m[32], tot[32];

	ui_yuan(ui_jint(ch, "parts", 0), p, sizeof p);
	ui_yuan(ui_jint(ch, "labour", 0), l, sizeof l);
	ui_yuan(ui_jint(ch, "markup", 0), m, sizeof m);
	ui_yuan(ui_jint(ch, "total", 0), tot, sizeof tot);
	snprintf(buf, sizeof buf, _("parts %s + markup %lld%% %s + labour %s = %s yuan"),
	    p, (long long)ui_jint(ch, "markup_percent", 0), m, l, tot);
	record_add(r, P_WIDE, 3, _("Charges"), buf);
}

/* "approved by 李建国, 300.00 yuan: 老客户 (ok)" */
static void
add_free_request(struct record *r, const cJSON *fr)
{
	char buf[RECORD_TEXT], amount[32];
	const char *who = ui_jstr(fr, "approver_name");

	ui_yuan(ui_jint(fr, "amount", 0), amount, sizeof amount);
	snprintf(buf, sizeof buf, _("%s, %s yuan, asked of %s: %s%s%s"),
	    label_free_request(ui_jstr(fr, "state")), amount, who[0] ? who :
	    ui_jstr(fr, "approver"), ui_jstr(fr, "reason"),
	    ui_jstr(fr, "decision_reason")[0] ? " / " : "", ui_jstr(fr, "decision_reason"));
	record_add(r, P_WIDE, 3, _("Free service"), buf);
}

/* "refund RF2612060001, 2 repairs, by manager: 质量问题" */
static void
add_certificate(struct record *r, const cJSON *cert)
{
	char buf[RECORD_TEXT];

	snprintf(buf, sizeof buf, _("%s %s, the unit repaired %lld times, by %s: %s"),
	    label_certificate(ui_jstr(cert, "kind")), ui_jstr(cert, "no"),
	    (long long)ui_jint(cert, "repairs", 0), ui_jstr(cert, "decided_by"),
	    ui_jstr(cert, "reason"));
	record_add(r, P_WIDE, 2, _("Certificate"), buf);
}

/* The card's cause: the catalogue's name (cause_entry) with the technician's
 * description after it, or the description alone on a card without a code. */
static void
repair_cause(const cJSON *card, char *buf, size_t len)
{
	const cJSON *entry = cJSON_GetObjectItemCaseSensitive(card, "cause_entry");
	const char *text = ui_jstr(card, "cause");

	if (!cJSON_IsObject(entry))
		ui_copy(buf, len, text);
	else if (text[0] == '\0')
		ui_copy(buf, len, label_named(entry));
	else
		/* TRANSLATORS: a fault cause's name, then the technician's words. */
		snprintf(buf, len, _("%s (%s)"), label_named(entry), text);
}

/* The fault, the answer, the workshop line, the repair card, the charges. */
static void
add_wide(struct app *a, struct record *r, const cJSON *t)
{
	const cJSON *card = cJSON_GetObjectItemCaseSensitive(t, "repair");
	const cJSON *ch = cJSON_GetObjectItemCaseSensitive(t, "charges");
	char buf[RECORD_TEXT];

	record_add(r, P_WIDE, 1, _("Fault"), ui_jstr(t, "fault"));
	if (ui_jstr(t, "answer")[0])
		record_add(r, P_WIDE, 2, _("Answer"), ui_jstr(t, "answer"));
	if (work_line(a, t, buf, sizeof buf))
		record_add(r, P_WIDE, 3, _("Workshop"), buf);
	if (visit_line(a, t, buf, sizeof buf))
		record_add(r, P_WIDE, 2, _("Return visit"), buf);
	if (cJSON_IsObject(card)) {
		char cause[RECORD_TEXT / 2];

		repair_cause(card, cause, sizeof cause);
		snprintf(buf, sizeof buf, _("%s; cause: %s; done: %s; labour %lld min, by %s"),
		    ui_jstr(card, "diagnosis"), cause, ui_jstr(card, "actions"),
		    (long long)ui_jint(card, "labour_minutes", 0), ui_jstr(card, "by"));
		record_add(r, P_WIDE, 3, _("Repair card"), buf);
		event_parts(cJSON_GetObjectItemCaseSensitive(card, "parts"), buf, sizeof buf);
		record_add(r, P_WIDE, 4, _("Parts"), buf[0] ? buf : _("none"));
	}
	if (cJSON_IsObject(ch))
		add_charges(r, ch);
	if (cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(t, "free_request")))
		add_free_request(r, cJSON_GetObjectItemCaseSensitive(t, "free_request"));
	if (cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(t, "certificate")))
		add_certificate(r, cJSON_GetObjectItemCaseSensitive(t, "certificate"));
}

static void
make_record(struct app *a, struct record_screen *d)
{
	record_clear(&d->rec);
	add_left(&d->rec, d->obj);
	add_right(a, &d->rec, d->obj);
	add_wide(a, &d->rec, d->obj);
}

/* ---- drawing */

static void
title_text(const struct record_screen *d, char *buf, size_t len)
{
	if (d->obj != NULL)
		snprintf(buf, len, _("Ticket %s: %s"), d->no,
		    label_ticket_state(ui_jstr(d->obj, "state")));
	else
		snprintf(buf, len, _("Ticket %s"), d->no);
}

static const struct record_kind ticket_kind = { EVENT_TICKET, make_record, title_text };

static void
draw_title(struct app *a, const struct record_screen *d, int top)
{
	char title[256];

	title_text(d, title, sizeof title);
	attrset(ui_attr(a, UI_C_TITLE));
	ui_put(top, 1, COLS - 2, title);
	attrset(A_NORMAL);
	if (d->get_id > 0)
		ui_put_right(top, COLS / 2, COLS - COLS / 2 - 1, _("Loading..."));
}

/* The fields of place that fit in rows lines, "Label  value" in w columns;
 * returns the lines used. */
static int
draw_place(const struct record *r, int place, int y, int x, int w, int rows)
{
	int used = 0;

	for (const struct record_field *f = r->f; f < r->f + r->n; f++) {
		if (f->place != place || !record_shown(r, f, rows))
			continue;
		attrset(A_BOLD);
		ui_put(y + used, x, LABEL_W, f->label);
		attrset(A_NORMAL);
		record_put(y + used, x + LABEL_W + 1, w - LABEL_W - 1, f->value);
		used++;
	}
	return used;
}

static void
detail_paint(struct app *a, struct view *v, int top, int rows)
{
	struct record_screen *d = v->priv;
	int half = COLS / 2, y = top + 1, avail = rows - 1, block, wide;

	draw_title(a, d, top);
	if (d->obj == NULL) {
		attrset(d->error[0] ? ui_attr(a, UI_C_ERROR) : A_NORMAL);
		ui_put(top + 2, 1, COLS - 2, d->error[0] ? d->error : _("Loading..."));
		attrset(A_NORMAL);
		return;
	}
	make_record(a, d);
	/* the history keeps its few lines; the fields give way first */
	block = avail - record_count(&d->rec, P_WIDE) - HISTORY_MIN;
	block = block > BLOCK_ROWS ? BLOCK_ROWS : block < 0 ? 0 : block;
	wide = avail - block - HISTORY_MIN;
	wide = wide < 0 ? 0 : wide;
	draw_place(&d->rec, P_LEFT, y, 1, half - 2, block);
	draw_place(&d->rec, P_RIGHT, y, half, COLS - half - 1, block);
	y += block;
	y += draw_place(&d->rec, P_WIDE, y, 1, COLS - 2, wide);
	table_draw(&d->history.table, a, y, top + rows - y);
}

/* ---- keys */

/* The user may run op (op.list's answer) on the ticket in its state now. */
static bool
may(const struct app *a, const struct view *v, const char *op)
{
	const struct record_screen *d = v->priv;

	return op_rights_allowed(&a->rights, op) && d->obj != NULL &&
	    ticket_transition_allowed(op, ui_jstr(d->obj, "state"));
}

/* An action's `when`: the user may run op on the ticket in its state now. */
#define CAN(name, op) \
	static bool can_##name(const struct app *a, const struct view *v) \
	{ return may(a, v, op); }

CAN(pass, "ticket.inspect")
CAN(postpone, "ticket.postpone")
CAN(take_back, "ticket.take_back")
CAN(repair, "ticket.repair")
CAN(complete, "ticket.complete")
CAN(note, "ticket.note")

/* A refund or exchange: the ticket's guarantee gives it and no certificate
 * was issued yet (the daemon decides from the unit as it is now). */
static bool
entitled(const struct app *a, const struct view *v, const char *right)
{
	const struct record_screen *d = v->priv;

	return may(a, v, "ticket.guarantee") &&
	    !cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(d->obj, "certificate")) &&
	    ui_jbool(cJSON_GetObjectItemCaseSensitive(d->obj, "guarantee"), right);
}

static bool
can_refund(const struct app *a, const struct view *v)
{
	return entitled(a, v, "refund");
}

static bool
can_exchange(const struct app *a, const struct view *v)
{
	return entitled(a, v, "exchange");
}

/* Whose it is to hand over: the owner's, or any for the role that hands
 * over any ticket (common/states.h). */
static bool
holds_ticket(const struct app *a, const struct view *v)
{
	const struct record_screen *d = v->priv;

	return strcmp(ui_jstr(d->obj, "owner"), a->user) == 0 ||
	    strcmp(a->role, TICKET_HANDOVER_ANY_ROLE) == 0;
}

static bool
can_hand_over(const struct app *a, const struct view *v)
{
	return may(a, v, "ticket.handover") && holds_ticket(a, v);
}

/* Why a transition is not offered: another role's (as op.list says), or
 * the state's. */
static void
refuse_for(struct app *a, struct view *v, const char *op)
{
	const struct record_screen *d = v->priv;
	struct ticket_row r;
	char who[256];

	if (!op_rights_allowed(&a->rights, op))
		ui_message(a, true, _("That is for %s, not for your role (%s)"),
		    op_rights_roles(&a->rights, op, who, sizeof who),
		    ui_role_label(a->role));
	else
		action_refuse(a, d->obj != NULL && tickets_parse(d->obj, &r) ? &r : NULL);
}

/* An action's `refuse`: why op is not offered. */
#define REFUSE(name, op) \
	static void refuse_##name(struct app *a, struct view *v) \
	{ refuse_for(a, v, op); }

REFUSE(inspect, "ticket.inspect")
REFUSE(postpone, "ticket.postpone")
REFUSE(take_back, "ticket.take_back")
REFUSE(repair, "ticket.repair")
REFUSE(complete, "ticket.complete")
REFUSE(note, "ticket.note")

static void
refuse_guarantee(struct app *a, struct view *v)
{
	const struct record_screen *d = v->priv;

	if (may(a, v, "ticket.guarantee"))
		ui_message(a, true, _("Ticket %s has a certificate already, or is not "
		    "entitled to that (see its guarantee)"), d->no);
	else
		refuse_for(a, v, "ticket.guarantee");
}

static void
refuse_hand_over(struct app *a, struct view *v)
{
	const struct record_screen *d = v->priv;

	if (may(a, v, "ticket.handover") && !holds_ticket(a, v))
		ui_message(a, true, _("Ticket %s is owned by %s: only its owner or a %s hands it "
		    "over"), d->no, ui_jstr(d->obj, "owner"),
		    ui_role_label(TICKET_HANDOVER_ANY_ROLE));
	else
		refuse_for(a, v, "ticket.handover");
}

/* The ticket shown as a row for the actions (the key's `when` held). */
static struct ticket_row
row_of(struct view *v)
{
	struct ticket_row r;

	memset(&r, 0, sizeof r);
	tickets_parse(((struct record_screen *)v->priv)->obj, &r);
	return r;
}

/* An action's `run` on the ticket shown as a row, r (its `when` held). */
#define RUN_ON_TICKET(name, call) \
	static unsigned run_##name(struct app *a, struct view *v) \
	{ struct ticket_row r = row_of(v); call; return UI_HANDLED; }

RUN_ON_TICKET(pass, action_inspect(a, &r, true))
RUN_ON_TICKET(fail, action_inspect(a, &r, false))
RUN_ON_TICKET(postpone, action_postpone(a, &r))
RUN_ON_TICKET(take_back, action_take_back(a, &r))
RUN_ON_TICKET(note, action_note(a, &r))
RUN_ON_TICKET(hand_over, handover_show(a, r.no, &ui_detail_view))
RUN_ON_TICKET(repair, repair_show(a, r.no, &ui_detail_view))
RUN_ON_TICKET(complete, action_complete(a, &r, &ui_detail_view))
RUN_ON_TICKET(refund, action_guarantee(a, &r, true))
RUN_ON_TICKET(exchange, action_guarantee(a, &r, false))

/* Quality and managers see the customer's phones masked: R shows them
 * whole, for a reason (screen/reveal.c). */
static bool
can_reveal(const struct app *a, const struct view *v)
{
	const struct record_screen *d = v->priv;

	return d->obj != NULL && op_rights_allowed(&a->rights, "customer.reveal");
}

static unsigned
run_reveal(struct app *a, struct view *v)
{
	const struct record_screen *d = v->priv;

	reveal_ask(a, (long long)ui_jint(cJSON_GetObjectItemCaseSensitive(d->obj, "customer"),
	    "id", 0));
	return UI_HANDLED;
}

static const struct ui_key detail_keys[] = {
	{ .key = UI_KEY_ESC, .alt = 'q', .name = N_("Esc"), .label = N_("Back"),
	    .help = N_("Back to where it was opened from (q too)"), .run = ui_key_leave },
	{ .key = 'p', .name = N_("p"), .label = N_("Pass"),
	    .help = N_("Inspection passed (dispatchers)"), .run = run_pass, .when = can_pass,
	    .refuse = refuse_inspect },
	{ .key = 'f', .name = N_("f"), .label = N_("Fail"),
	    .help = N_("Inspection failed, with a note (dispatchers)"), .run = run_fail,
	    .when = can_pass, .refuse = refuse_inspect },
	{ .key = 'P', .name = N_("P"), .label = N_("Postpone"), .help = N_("Postpone (dispatchers)"),
	    .run = run_postpone, .when = can_postpone, .refuse = refuse_postpone },
	{ .key = 't', .name = N_("t"), .label = N_("Take back"),
	    .help = N_("Take the unit back to the workshop (technicians)"), .run = run_take_back,
	    .when = can_take_back, .refuse = refuse_take_back },
	{ .key = 'r', .name = N_("r"), .label = N_("Repair card"),
	    .help = N_("The repair card (technicians)"), .run = run_repair, .when = can_repair,
	    .refuse = refuse_repair },
	{ .key = 'c', .name = N_("c"), .label = N_("Complete"),
	    .help = N_("Complete, with the signature (technicians)"), .run = run_complete,
	    .when = can_complete, .refuse = refuse_complete },
	{ .key = 'a', .name = N_("a"), .label = N_("Note"),
	    .help = N_("Add a note to the history: the caller rang again, the part is ordered"),
	    .run = run_note, .when = can_note, .refuse = refuse_note },
	{ .key = 'h', .name = N_("h"), .label = N_("Hand over"),
	    .help = N_("Hand the ticket over to a colleague, with a note (its owner, "
	        "dispatchers)"), .run = run_hand_over, .when = can_hand_over,
	    .refuse = refuse_hand_over },
	{ .key = 'W', .name = "W", .label = N_("Phones"),
	    .help = N_("Show the customer's phones whole, for a reason (quality, managers; "
	        "audited)"), .run = run_reveal, .when = can_reveal },
	{ .key = 'R', .name = N_("R"), .label = N_("Refund"),
	    .help = N_("Refund (three guarantees): a numbered certificate, with the reason "
	        "(dispatchers, managers)"), .run = run_refund, .when = can_refund,
	    .refuse = refuse_guarantee },
	{ .key = 'X', .name = N_("X"), .label = N_("Exchange"),
	    .help = N_("Exchange (three guarantees): a numbered certificate, with the reason "
	        "(dispatchers, managers)"), .run = run_exchange, .when = can_exchange,
	    .refuse = refuse_guarantee },
	{ .key = 'v', .name = N_("v"), .label = N_("All"),
	    .help = N_("Read the whole ticket in words: every field and the history"),
	    .run = record_screen_all, .when = record_screen_loaded },
	{ .key = UI_KEY_ENTER, .name = N_("Enter"), .label = N_("Event"),
	    .help = N_("Read the selected event in full, in words"), .run = record_screen_event,
	    .when = record_screen_loaded },
	{ .key = UI_K(KEY_F(5)), .name = N_("F5"), .run = record_screen_refresh },
	HISTORY_HELP_KEYS,
	{ .key = 0 }
};

/* ---- pushes and the session */

const struct view_ops ui_detail_view = {
	.name = "detail",
	.title = N_("Ticket detail"),
	.private_size = sizeof(struct record_screen),
	.keys = detail_keys,
	.enter = detail_enter,
	.paint = detail_paint,
	.input = record_screen_input,
	.push = record_screen_push,
	.session = record_screen_session,
	.destroy = record_screen_destroy,
};
