/*
 * screen/workshop.c: the workshop's screens and the supervisor's steps on a
 * repaired unit.
 *
 * The in/out ledger (客户商品进出登记簿, ledger.list): every unit in the
 * shop with its receipt, ticket, unit, customer, technician, since when
 * (and how long) and the date promised to the customer; `a` shows the
 * returned ones too (with their out time; a voided receipt is marked).
 * Dispatchers and technicians reach it with F6; a ticket change reloads
 * it. The inspection queue (ticket.list queue to_inspect) for the
 * supervisors (dispatchers): Enter opens the ticket with its repair card,
 * p passes it (after y/n), f fails it back to the shop with a note
 * (required). Postponing (P on the board, the inspection queue or a
 * detail): a new promised time, then a reason (ticket.postpone). The
 * prompts stay open on a refusal, the text as typed.
 */
#include "client/widget/table.h"
#include "client/widget/ticketlist.h"
#include "client/screen/screens.h"
#include "client/screen/work.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LEDGER_LIMIT 200
#define RELOAD_DELAY_MS 300

/* ---- postpone: until, then why; the until prompt stays under the reason
 * prompt, so that a refused time goes back to it with the text intact. */

struct postpone {
	char no[24], until[64];         /* no first: work_prompt_reply reads it */
	struct overlay *until_prompt;
};

static void
on_postponed(struct app *a, void *ctx, const cJSON *reply)
{
	struct overlay *o = ctx;
	struct postpone p = *(struct postpone *)ui_overlay_ctx(o);

	if (reply != NULL && !reply_ok(reply) && strcmp(reply_field(reply), "until") == 0) {
		ui_prompt_close(a, o);   /* the time was wrong: back to its prompt */
		o = p.until_prompt;
	}
	if (!work_prompt_reply(a, o, reply, p.no, sizeof p.no))
		return;
	ui_overlay_close(a, p.until_prompt);
	ui_message(a, false, _("Ticket %s postponed"), p.no);
}

static void
reason_submit(struct app *a, struct overlay *o, void *ctx, const char *reason)
{
	const struct postpone *p = ctx;
	cJSON *args;

	if (!reason[0]) {
		ui_prompt_error(a, o, "%s", _("Not postponed: a reason is needed"));
		return;
	}
	args = cJSON_CreateObject();
	cJSON_AddStringToObject(args, "no", p->no);
	cJSON_AddStringToObject(args, "until", p->until);
	cJSON_AddStringToObject(args, "reason", reason);
	ui_prompt_wait(a, o, net_request(a, "ticket.postpone", args, on_postponed, o));
}

static void
until_submit(struct app *a, struct overlay *o, void *ctx, const char *text)
{
	struct postpone p = { .until_prompt = o };
	char title[128];
	time_t t;

	ui_copy(p.no, sizeof p.no, ctx);
	ui_time_input(a, text, p.until, sizeof p.until);
	if (!text[0] || !ui_parse_time(p.until, &t, NULL)) {
		ui_prompt_error(a, o, "%s", _("Not postponed: a time is needed "
		    "(YYYY-MM-DD HH:MM, or HH:MM today)"));
		return;
	}
	snprintf(title, sizeof title, _("Postpone %s: why?"), p.no);
	ui_prompt(a, title, _("Reason:"), "", reason_submit, &p, sizeof p);
}

bool
action_postpone(struct app *a, const struct ticket_row *r)
{
	char title[160], initial[32];

	if (strcmp(a->role, "dispatcher") != 0) {
		ui_message(a, true, "%s", _("Only a dispatcher can postpone a ticket"));
		return false;
	}
	if (!action_allowed(r, "ticket.postpone"))
		return action_refuse(a, r);
	ui_server_today(a, initial, sizeof initial - 1);
	strcat(initial, " ");
	snprintf(title, sizeof title,
	    _("Postpone %s until (YYYY-MM-DD HH:MM, or HH:MM today)"), r->no);
	ui_prompt(a, title, _("Until:"), initial, until_submit, r->no, sizeof r->no);
	return true;
}

/* ---- inspection: passed after y/n, failed with a note in a prompt */

static void
on_passed(struct app *a, void *ctx, const cJSON *reply)
{
	char *no = ctx, text[512];

	if (reply == NULL)
		ui_message(a, true, _("%s: the connection dropped before the answer; "
		    "look at the ticket before trying again"), no);
	else if (!reply_ok(reply)) {
		net_error_text(reply, text, sizeof text);
		ui_message(a, true, _("%s: %s"), no, text);
	} else {
		ui_ticket_changed(a, reply_result(reply));
		ui_message(a, false, _("Ticket %s passed inspection"), no);
	}
	free(no);
}

static cJSON *
inspect_args(const char *no, bool passed, const char *note)
{
	cJSON *args = cJSON_CreateObject();

	cJSON_AddStringToObject(args, "no", no);
	cJSON_AddBoolToObject(args, "passed", passed);
	if (note != NULL)
		cJSON_AddStringToObject(args, "note", note);
	return args;
}

static void
pass_confirmed(struct app *a, void *ctx)
{
	char *no = strdup(ctx);

	if (no == NULL)
		return;
	if (net_request(a, "ticket.inspect", inspect_args(no, true, NULL), on_passed,
	    no) <= 0) {
		free(no);
		ui_message(a, true, "%s", _("Not connected: try again in a moment"));
	}
}

static void
on_failed(struct app *a, void *ctx, const cJSON *reply)
{
	struct overlay *o = ctx;
	char no[24];

	if (work_prompt_reply(a, o, reply, no, sizeof no))
		ui_message(a, false, _("Ticket %s failed inspection: back in the shop"), no);
}

static void
fail_submit(struct app *a, struct overlay *o, void *ctx, const char *note)
{
	if (!note[0]) {
		ui_prompt_error(a, o, "%s", _("Not failed: say what is wrong in a note"));
		return;
	}
	ui_prompt_wait(a, o, net_request(a, "ticket.inspect", inspect_args(ctx, false, note),
	    on_failed, o));
}

bool
action_inspect(struct app *a, const struct ticket_row *r, bool passed)
{
	char text[160];

	if (strcmp(a->role, "dispatcher") != 0) {
		ui_message(a, true, "%s", _("Only a supervisor (dispatcher) inspects repairs"));
		return false;
	}
	if (!action_allowed(r, "ticket.inspect"))
		return action_refuse(a, r);
	if (passed) {
		snprintf(text, sizeof text,
		    _("Pass the repair of %s? It is then ready to go back to the customer"), r->no);
		ui_confirm(a, text, pass_confirmed, r->no, sizeof r->no, false);
	} else {
		snprintf(text, sizeof text, _("Fail the repair of %s: back to the shop"), r->no);
		ui_prompt(a, text, _("What is wrong:"), "", fail_submit, r->no, sizeof r->no);
	}
	return true;
}

/* ---- the inspection queue */

static const struct list_column inspect_cols[] = {
	{ COL_NO, 12, 0 }, { COL_STATE, 10, 3 }, { COL_CLASS, 5, 4 },
	{ COL_CUSTOMER, 14, 2 }, { COL_FAULT, 0, 1 }, { COL_TECH, 12, 5 },
	{ COL_REGION, 8, 6 },
};

static struct ui_list *
inspect_list(struct view *v)
{
	struct ui_list *l = v->priv;

	if (l->view == NULL)
		list_init(l, &ui_inspect_view, "to_inspect", inspect_cols,
		    (int)(sizeof inspect_cols / sizeof inspect_cols[0]));
	return l;
}

static bool
pass(struct app *a, const struct ticket_row *r)
{
	return action_inspect(a, r, true);
}

static bool
fail(struct app *a, const struct ticket_row *r)
{
	return action_inspect(a, r, false);
}

LIST_ACTION(static, pass, "ticket.inspect", pass)
LIST_ACTION(static, fail, "ticket.inspect", fail)
LIST_ACTION(static, postpone, "ticket.postpone", action_postpone)

static unsigned
run_inspect_detail(struct app *a, struct view *v)
{
	detail_show(a, list_view_selected(v)->no, &ui_inspect_view);
	return UI_HANDLED;
}

static const struct ui_key inspect_keys[] = {
	{ .key = 'p', .name = "p", .label = N_("Pass"),
	  .help = N_("Passed: ready to go back to the customer (asks y/n)"),
	  .run = run_pass, .when = can_pass, .refuse = list_view_refuse },
	{ .key = 'f', .name = "f", .label = N_("Fail"),
	  .help = N_("Failed: back to the shop, with a note"),
	  .run = run_fail, .when = can_fail, .refuse = list_view_refuse },
	{ .key = 'P', .name = "P", .label = N_("Postpone"),
	  .help = N_("Postpone: a new promised time and a reason"),
	  .run = run_postpone, .when = can_postpone, .refuse = list_view_refuse },
	{ .key = UI_KEY_ENTER, .alt = 'd', .alt2 = UI_K(KEY_F(3)), .name = N_("Enter, d"),
	  .label = N_("Card"), .help = N_("The ticket with its repair card"),
	  .run = run_inspect_detail, .when = list_view_has_selection,
	  .refuse = list_view_refuse },
	{ .key = UI_K(KEY_F(5)), .run = list_view_reload },   /* the frame names F5 */
	TABLE_HELP_KEYS,
	{ 0 }
};

static void
inspect_enter(struct app *a, struct view *v)
{
	list_open(a, inspect_list(v));
}

static void
inspect_paint(struct app *a, struct view *v, int top, int rows)
{
	struct ui_list *l = inspect_list(v);
	char left[256];

	snprintf(left, sizeof left, ngettext("Inspection: %zu repair waiting",
	    "Inspection: %zu repairs waiting", l->set.len), l->set.len);
	list_caption(l, top, left, ui_attr(a, UI_C_TITLE));
	list_draw(a, l, top + 1, rows - 1);
}

const struct view_ops ui_inspect_view = {
	.name = "inspect",
	.title = N_("Inspection queue"),
	.flags = UI_VIEW_SCREEN,
	.private_size = sizeof(struct ui_list),
	.keys = inspect_keys,
	.enter = inspect_enter,
	.paint = inspect_paint,
	.input = list_view_input,
	.push = list_view_push,
	.session = list_view_session,
	.destroy = list_view_destroy,
};

/* ---- the in/out ledger */

enum { L_RECEIPT, L_TICKET, L_UNIT, L_CUSTOMER, L_TECH, L_IN, L_AGE, L_PROMISED,
	L_STATE, L_COLS };

struct ledger {
	cJSON *entries;
	bool all, unsupported, stale;
	int64_t list_id;
	struct table table;
	struct table_column cols[L_COLS];   /* ledger_cols; In for or Out */
	char error[512];
};

/* Narrow screens hide the technician first, then the time in, the state,
 * the unit, the customer; the receipt, the ticket and how long a unit has
 * been in (or when it went out) are never hidden. */
static const struct table_column ledger_cols[L_COLS] = {
	[L_RECEIPT] = { N_("Receipt"), 11, 0, false, true },
	[L_TICKET] = { N_("Ticket"), 11, 0, false, true },
	[L_UNIT] = { N_("Unit"), 0, 4, false, true },
	[L_CUSTOMER] = { N_("Customer"), 8, 3, false, true },
	[L_TECH] = { N_("Technician"), 10, 7, false, true },
	[L_IN] = { N_("In since"), 11, 6, false, true },
	[L_AGE] = { N_("In for"), 11, 0, true, false },
	[L_PROMISED] = { N_("Promised"), 11, 2, false, true },
	[L_STATE] = { N_("State"), 17, 5, false, true },
};


static size_t
entries_count(const void *data)
{
	return (size_t)cJSON_GetArraySize(((const struct ledger *)data)->entries);
}

static const cJSON *
entry_at(const void *data, size_t i)
{
	return cJSON_GetArrayItem(((const struct ledger *)data)->entries, (int)i);
}

static void
entry_time(const struct app *a, const cJSON *e, const char *name, char *buf,
    size_t len)
{
	time_t t = 0;

	ui_show_time(a, ui_parse_time(ui_jstr(e, name), &t, NULL) ? t : 0, true, buf, len);
}

/* The time in the shop, or when the unit went out. */
static void
age_cell(const struct app *a, const cJSON *e, char *buf, size_t len)
{
	time_t t_in = 0;

	if (ui_jstr(e, "out_at")[0]) {
		entry_time(a, e, "out_at", buf, len);
		return;
	}
	ui_parse_time(ui_jstr(e, "in_at"), &t_in, NULL);
	work_age_text((long)(net_server_now(a) - t_in), buf, len);
}

static void
entry_cell(const struct app *a, const void *data, size_t row, int col, char *buf,
    size_t len)
{
	const cJSON *e = entry_at(data, row);

	switch (col) {
	case L_RECEIPT: ui_copy(buf, len, ui_jstr(e, "receipt_no")); break;
	case L_TICKET: ui_copy(buf, len, ui_jstr(e, "ticket_no")); break;
	case L_UNIT:
		snprintf(buf, len, "%s %s", ui_jstr(e, "model"), ui_jstr(e, "serial"));
		break;
	case L_CUSTOMER: ui_copy(buf, len, ui_jstr(e, "customer_name")); break;
	case L_TECH: ui_copy(buf, len, ui_jstr(e, "technician")); break;
	case L_IN: entry_time(a, e, "in_at", buf, len); break;
	case L_AGE: age_cell(a, e, buf, len); break;
	case L_PROMISED: entry_time(a, e, "promised_at", buf, len); break;
	default:
		snprintf(buf, len, "%s%s", label_ticket_state(ui_jstr(e, "state")),
		    ui_jbool(e, "void") ? _(", voided") : "");
	}
}

static void
entry_key(const void *data, size_t row, char *buf, size_t len)
{
	ui_copy(buf, len, ui_jstr(entry_at(data, row), "receipt_no"));
}

static attr_t
entry_attr(const struct app *a, const void *data, size_t row)
{
	(void)a;
	return ui_jstr(entry_at(data, row), "out_at")[0] ? A_DIM : A_NORMAL;
}

/* Times sort by the time, not by the text shown. */
static int
entry_compare(const struct app *a, const void *data, size_t x, size_t y, int col)
{
	static const char *const by[L_COLS] = { [L_IN] = "in_at", [L_AGE] = "in_at",
		[L_PROMISED] = "promised_at" };
	time_t tx = 0, ty = 0;

	(void)a;
	if (by[col] == NULL)
		return 2;
	ui_parse_time(ui_jstr(entry_at(data, x), by[col]), &tx, NULL);
	ui_parse_time(ui_jstr(entry_at(data, y), by[col]), &ty, NULL);
	return col == L_AGE ? (tx < ty) - (tx > ty) : (tx > ty) - (tx < ty);
}

static const struct table_source ledger_source = {
	.count = entries_count, .cell = entry_cell, .key = entry_key,
	.attr = entry_attr, .compare = entry_compare,
};

static void
on_ledger(struct app *a, void *ctx, const cJSON *reply)
{
	struct ledger *l = ctx;
	const cJSON *entries = cJSON_GetObjectItemCaseSensitive(reply_result(reply),
	    "entries");

	l->list_id = 0;
	a->dirty = true;
	if (reply == NULL) {
		l->stale = true;
		return;
	}
	if (!reply_ok(reply) || !cJSON_IsArray(entries)) {
		l->unsupported = strcmp(reply_code(reply), "unknown_op") == 0;
		net_error_text(reply, l->error, sizeof l->error);
		if (!l->unsupported)
			ui_message(a, true, _("Cannot load the ledger: %s"), l->error);
		else
			l->error[0] = '\0';
		return;
	}
	l->error[0] = '\0';
	cJSON_Delete(l->entries);
	l->entries = cJSON_Duplicate(entries, true);
	table_refresh(&l->table, a);
}

static void
ledger_load(struct app *a, struct ledger *l)
{
	cJSON *args = cJSON_CreateObject();

	cJSON_AddBoolToObject(args, "open", !l->all);
	cJSON_AddNumberToObject(args, "limit", LEDGER_LIMIT);
	if (l->list_id > 0)
		net_cancel(a, l->list_id);
	l->stale = false;
	l->list_id = net_request(a, "ledger.list", args, on_ledger, l);
	if (l->list_id < 0)
		l->list_id = 0;
}

static void
ledger_enter(struct app *a, struct view *v)
{
	struct ledger *l = v->priv;

	if (l->table.src == NULL) {
		memcpy(l->cols, ledger_cols, sizeof l->cols);
		table_init(&l->table, l->cols, L_COLS, &ledger_source, l);
	}
	if (a->logged_in)
		ledger_load(a, l);
}

static void
ledger_paint(struct app *a, struct view *v, int top, int rows)
{
	struct ledger *l = v->priv;
	int n = (int)entries_count(l);
	char title[256], filter[TABLE_TEXT + 32];

	snprintf(title, sizeof title, l->all ?
	    ngettext("In/out ledger: %d unit, returned ones too",
	    "In/out ledger: %d units, returned ones too", n) :
	    ngettext("In/out ledger: %d unit in the shop",
	    "In/out ledger: %d units in the shop", n), n);
	attrset(ui_attr(a, UI_C_TITLE));
	ui_put(top, 1, COLS - 2, title);
	attrset(A_NORMAL);
	ui_put_right(top, COLS / 2, COLS - COLS / 2 - 1, l->list_id > 0 ? _("Loading...") :
	    table_filter_text(&l->table, filter, sizeof filter));
	table_draw(&l->table, a, top + 1, rows - 1);
	if (l->table.norder == 0)
		ui_put(top + 3, 2, COLS - 4, l->error[0] ? l->error : l->unsupported ?
		    _("(the server has no ledger yet)") : l->list_id > 0 ? _("Loading...") :
		    n > 0 ? _("No unit matches the filter") : _("No units in the shop"));
}

static const cJSON *
ledger_selected(const struct view *v)
{
	const struct ledger *l = v->priv;
	size_t row;

	return table_selected(&l->table, &row) ? entry_at(l, row) : NULL;
}

static unsigned
run_all(struct app *a, struct view *v)
{
	struct ledger *l = v->priv;

	l->all = !l->all;
	l->cols[L_AGE].title = l->all ? N_("Out") : N_("In for");
	ledger_load(a, l);
	return UI_HANDLED;
}

static unsigned
run_ledger_detail(struct app *a, struct view *v)
{
	detail_show(a, ui_jstr(ledger_selected(v), "ticket_no"), &ui_ledger_view);
	return UI_HANDLED;
}

static unsigned
run_ledger_reload(struct app *a, struct view *v)
{
	if (a->logged_in)
		ledger_load(a, v->priv);
	return UI_HANDLED;
}

static bool
ledger_has_row(const struct app *a, const struct view *v)
{
	(void)a;
	return ledger_selected(v) != NULL;
}

static bool
showing_open(const struct app *a, const struct view *v)
{
	(void)a;
	return !((const struct ledger *)v->priv)->all;
}

static bool
showing_all(const struct app *a, const struct view *v)
{
	(void)a;
	return ((const struct ledger *)v->priv)->all;
}

/* `a` runs from the first entry; the bar says what it shows next from one
 * of the two after it. */
static const struct ui_key ledger_keys[] = {
	{ .key = 'a', .name = "a", .help = N_("Units in the shop, or every unit (returned too)"),
	  .run = run_all },
	{ .key = 'a', .name = "a", .label = N_("Show returned"), .when = showing_open },
	{ .key = 'a', .name = "a", .label = N_("In shop only"), .when = showing_all },
	{ .key = UI_KEY_ENTER, .alt = 'd', .alt2 = UI_K(KEY_F(3)), .name = N_("Enter, d"),
	  .label = N_("Detail"), .help = N_("The ticket's detail"),
	  .run = run_ledger_detail, .when = ledger_has_row },
	{ .key = UI_K(KEY_F(5)), .name = "F5", .help = N_("Load the ledger again"),
	  .run = run_ledger_reload },
	TABLE_HELP_KEYS,
	{ 0 }
};

static unsigned
ledger_input(struct app *a, struct view *v, ui_key_t key)
{
	return table_key(&((struct ledger *)v->priv)->table, a, key);
}

/* A ticket moved: the ledger may have a line more or less; reloaded a
 * moment later while shown (several pushes, one load), else on entering. */
static void
ledger_push(struct app *a, struct view *v, const cJSON *msg)
{
	struct ledger *l = v->priv;

	if (strcmp(ui_jstr(msg, "event"), "ticket.changed") != 0)
		return;
	l->stale = true;
	if (a->view == &ui_ledger_view)
		a->timer_at = ui_now_ms() + RELOAD_DELAY_MS;
}

static void
ledger_timer(struct app *a, struct view *v)
{
	struct ledger *l = v->priv;

	if (l->list_id == 0)
		ledger_load(a, l);
	else
		a->timer_at = ui_now_ms() + RELOAD_DELAY_MS;
}

static void
ledger_session(struct app *a, struct view *v, enum ui_session_event ev)
{
	struct ledger *l = v->priv;

	if (ev == UI_DISCONNECTED)
		l->list_id = 0;   /* its callback has had NULL */
	else if ((ev == UI_LOGGED_IN || ev == UI_RESYNC) && a->view == &ui_ledger_view)
		ledger_load(a, l);
	else if (ev == UI_LOGGED_OUT) {
		cJSON_Delete(l->entries);
		l->entries = NULL;
		if (l->table.src != NULL)   /* shown once: its table is set up */
			table_refresh(&l->table, a);
	}
}

static void
ledger_destroy(struct app *a, struct view *v)
{
	struct ledger *l = v->priv;

	(void)a;
	cJSON_Delete(l->entries);
	l->entries = NULL;
	table_free(&l->table);
}

const struct view_ops ui_ledger_view = {
	.name = "ledger",
	.title = N_("In/out ledger"),
	.flags = UI_VIEW_SCREEN,
	.private_size = sizeof(struct ledger),
	.keys = ledger_keys,
	.enter = ledger_enter,
	.paint = ledger_paint,
	.input = ledger_input,
	.push = ledger_push,
	.session = ledger_session,
	.timer = ledger_timer,
	.destroy = ledger_destroy,
};
