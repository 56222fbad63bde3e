/*
 * screen/workshop.c: the workshop's screens.
 *
 * The in/out ledger (客户商品进出登记簿, ledger.list): every unit in the
 * shop with its receipt, ticket, unit, customer, technician, since when
 * (and how long) and the date promised to the customer; `a` shows the
 * returned ones too (with their out time; a voided receipt is marked).
 * Dispatchers and technicians reach it with F6; a ticket change reloads
 * it. The inspection queue (ticket.list queue to_inspect) for the
 * supervisors (dispatchers): Enter opens the ticket with its repair card,
 * p passes it, f fails it back to the shop with a note (required).
 * Postponing (P on the board, the inspection queue or a detail): a new
 * promised time and a reason (ticket.postpone).
 */
#include "client/widget/ticketlist.h"
#include "client/screen/screens.h"
#include "client/screen/work.h"

#include <stdio.h>
#include <string.h>

#define LEDGER_LIMIT 200
#define RELOAD_DELAY_MS 300

/* ---- postpone and inspect: the daemon's answers come to the inspection
 * view's on_message, whatever view is current. */

static struct {
	int64_t id;
	char no[24];
	bool postpone, passed;
} PENDING;
static char postpone_until[128];

static bool
send_op(struct app *a, const char *op, const char *no, cJSON *args)
{
	cJSON_AddStringToObject(args, "no", no);
	if ((PENDING.id = work_send(a, op, args)) == 0)
		return false;
	ui_copy(PENDING.no, sizeof PENDING.no, no);
	return true;
}

static void
postpone_reason_done(struct app *a, const char *reason, const char *no)
{
	cJSON *args;

	if (!reason[0]) {
		ui_message(a, true, "%s", _("Not postponed: a reason is needed"));
		return;
	}
	args = cJSON_CreateObject();
	cJSON_AddStringToObject(args, "until", postpone_until);
	cJSON_AddStringToObject(args, "reason", reason);
	if (send_op(a, "ticket.postpone", no, args))
		PENDING.postpone = true;
}

static void
postpone_until_done(struct app *a, const char *text, const char *no)
{
	char title[128];

	if (!text[0]) {
		ui_message(a, true, "%s", _("Not postponed: a time is needed"));
		return;
	}
	ui_time_input(a, text, postpone_until, sizeof postpone_until);
	snprintf(title, sizeof title, _("Postpone %s: why?"), no);
	ui_prompt_open(a, title, _("Reason:"), "", postpone_reason_done, no);
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
	ui_prompt_open(a, title, _("Until:"), initial, postpone_until_done, r->no);
	return true;
}

static void
fail_done(struct app *a, const char *note, const char *no)
{
	cJSON *args;

	if (!note[0]) {
		ui_message(a, true, "%s", _("Not failed: say what is wrong in a note"));
		return;
	}
	args = cJSON_CreateObject();
	cJSON_AddFalseToObject(args, "passed");
	cJSON_AddStringToObject(args, "note", note);
	if (send_op(a, "ticket.inspect", no, args)) {
		PENDING.postpone = PENDING.passed = false;
	}
}

bool
action_inspect(struct app *a, const struct ticket_row *r, bool passed)
{
	char title[160];
	cJSON *args;

	if (strcmp(a->role, "dispatcher") != 0) {
		ui_message(a, true, "%s", _("Only a supervisor (dispatcher) inspects repairs"));
		return false;
	}
	if (!action_allowed(r, "ticket.inspect"))
		return action_refuse(a, r);
	if (!passed) {
		snprintf(title, sizeof title, _("Fail the repair of %s: back to the shop"),
		    r->no);
		ui_prompt_open(a, title, _("What is wrong:"), "", fail_done, r->no);
		return true;
	}
	args = cJSON_CreateObject();
	cJSON_AddTrueToObject(args, "passed");
	if (send_op(a, "ticket.inspect", r->no, args)) {
		PENDING.postpone = false;
		PENDING.passed = true;
	}
	return true;
}

static void
on_pending(struct app *a, const cJSON *msg)
{
	char text[512];

	PENDING.id = 0;
	if (!reply_ok(msg)) {
		net_error_text(msg, text, sizeof text);
		ui_message(a, true, _("%s: %s"), PENDING.no, text);
		return;
	}
	ui_ticket_changed(a, reply_result(msg));
	if (PENDING.postpone)
		ui_message(a, false, _("Ticket %s postponed"), PENDING.no);
	else if (PENDING.passed)
		ui_message(a, false, _("Ticket %s passed inspection"), PENDING.no);
	else
		ui_message(a, false, _("Ticket %s failed inspection: back in the shop"),
		    PENDING.no);
}

/* ---- the inspection queue */

static const struct list_column inspect_cols[] = {
	{ COL_NO, 12, false }, { COL_STATE, 10, false }, { COL_CLASS, 5, false },
	{ COL_CUSTOMER, 14, false }, { COL_FAULT, 0, false }, { COL_TECH, 12, false },
	{ COL_REGION, 8, true },
};

static struct ui_list I = {
	.view = &ui_inspect_view, .queue = "to_inspect", .cols = inspect_cols,
	.ncols = sizeof inspect_cols / sizeof inspect_cols[0],
};

static const struct ui_help inspect_help[] = {
	{ N_("Up/Down"), N_("Move the selection") },
	{ N_("Enter, d"), N_("The ticket with its repair card") },
	{ N_("p"), N_("Passed: ready to go back to the customer") },
	{ N_("f"), N_("Failed: back to the shop, with a note") },
	{ N_("P"), N_("Postpone: a new promised time and a reason") },
	{ N_("F6"), N_("Next screen: board, inspection, ledger") },
	{ NULL, NULL }
};

static int
inspect_bar(struct app *a, struct ui_help *out, int max)
{
	const struct ticket_row *r = list_selected(&I);
	int n = 0;

	(void)a;
	if (action_allowed(r, "ticket.inspect") && n + 1 < max) {
		out[n++] = (struct ui_help){ "p", N_("Pass") };
		out[n++] = (struct ui_help){ "f", N_("Fail") };
	}
	if (r != NULL && n < max)
		out[n++] = (struct ui_help){ N_("Enter"), N_("Card") };
	return n;
}

static void
inspect_open(struct app *a)
{
	list_open(a, &I);
}

static void
inspect_draw(struct app *a, int top, int rows)
{
	char left[256];

	snprintf(left, sizeof left, ngettext("Inspection: %zu repair waiting",
	    "Inspection: %zu repairs waiting", I.set.len), I.set.len);
	attrset(ui_attr(a, UI_C_TITLE));
	ui_put(top, 1, COLS - 1, left);
	attrset(A_NORMAL);
	ui_put_right(top, COLS / 2, COLS - COLS / 2 - 1, list_status(&I));
	list_draw(a, &I, top + 1, rows - 1);
}

static unsigned
inspect_key(struct app *a, int type, wint_t key)
{
	const struct ticket_row *r = list_selected(&I);
	unsigned k = list_key(&I, type, key);

	if (k != 0)
		return k;
	if (type == OK && (key == 'p' || key == 'f'))
		action_inspect(a, r, key == 'p');
	else if (type == OK && key == 'P')
		action_postpone(a, r);
	else if (((type == OK && key == 'd') || ui_key_enter(type, key) ||
	    (type == KEY_CODE_YES && key == KEY_F(3))) && r != NULL)
		detail_show(a, r->no, &ui_inspect_view);
	else if (type == OK && key == 'q')
		a->quit = true;
	else if (type == KEY_CODE_YES && key == KEY_F(5) && a->logged_in)
		list_load(a, &I);
	else
		return 0;
	return UI_HANDLED | UI_REDRAW;
}

static bool
inspect_message(struct app *a, const cJSON *msg)
{
	int64_t id = ui_jint(msg, "id", -1);

	if (id > 0 && id == PENDING.id) {
		on_pending(a, msg);
		return true;
	}
	return list_message(a, &I, msg);
}

static void
inspect_session(struct app *a, enum ui_session_event ev)
{
	if (ev == UI_DISCONNECTED)
		PENDING.id = 0;
	list_session(a, &I, ev);
}

const struct view_ops ui_inspect_view = {
	.name = "inspect",
	.title = N_("Inspection queue"),
	.open = inspect_open,
	.draw = inspect_draw,
	.key = inspect_key,
	.on_message = inspect_message,
	.on_session = inspect_session,
	.help = inspect_help,
	.bar = inspect_bar,
};

/* ---- the in/out ledger */

static struct {
	cJSON *entries;
	bool all, unsupported;
	int64_t list_id;
	int sel, top, visible;
	char error[512];
} L;

static const struct ui_help ledger_help[] = {
	{ N_("Up/Down"), N_("Move the selection") },
	{ N_("a"), N_("Units in the shop, or every unit (returned too)") },
	{ N_("Enter, d"), N_("The ticket's detail") },
	{ N_("F6"), N_("Next screen: board, inspection, ledger (technicians: own list, ledger)") },
	{ NULL, NULL }
};

static int
ledger_bar(struct app *a, struct ui_help *out, int max)
{
	int n = 0;

	(void)a;
	if (n < max)
		out[n++] = (struct ui_help){ "a", L.all ? N_("In shop only") :
		    N_("Show returned") };
	if (L.entries != NULL && cJSON_GetArraySize(L.entries) > 0 && n < max)
		out[n++] = (struct ui_help){ N_("Enter"), N_("Detail") };
	return n;
}

static void
ledger_load(struct app *a)
{
	cJSON *args = cJSON_CreateObject();

	cJSON_AddBoolToObject(args, "open", !L.all);
	cJSON_AddNumberToObject(args, "limit", LEDGER_LIMIT);
	L.list_id = net_send(a, "ledger.list", args);
	if (L.list_id < 0)
		L.list_id = 0;
}

static void
ledger_open(struct app *a)
{
	if (a->logged_in)
		ledger_load(a);
}

/* How long a unit has been in: "3d 4h", "5h 20m", "12m". */
static void
age_text(long secs, char *buf, size_t len)
{
	if (secs < 0)
		secs = 0;
	if (secs >= 86400)
		snprintf(buf, len, "%ldd %ldh", secs / 86400, secs % 86400 / 3600);
	else if (secs >= 3600)
		snprintf(buf, len, "%ldh %02ldm", secs / 3600, secs % 3600 / 60);
	else
		snprintf(buf, len, "%ldm", secs / 60);
}

#define LEDGER_COLS 9
#define MIN_UNIT 12

/* Column widths (0: not shown); the unit takes what is left, and on a
 * narrow screen the technician, the time in and the customer go first. */
static void
ledger_layout(int *w)
{
	static const int fixed[LEDGER_COLS] = { 12, 12, 0, 10, 10, 11, 11, 11, 18 };
	static const int drop[] = { 4, 5, 3 };
	int used = LEDGER_COLS;   /* a space after each */

	memcpy(w, fixed, sizeof fixed);
	for (int i = 0; i < LEDGER_COLS; i++)
		used += fixed[i];
	for (size_t i = 0; i < sizeof drop / sizeof drop[0] &&
	    COLS - 2 - used < MIN_UNIT; i++) {
		used -= w[drop[i]] + 1;
		w[drop[i]] = 0;
	}
	w[2] = COLS - 2 - used > 8 ? COLS - 2 - used : 8;
}

/* One line of the ledger: the cells of the columns shown. */
static void
ledger_cells(int y, const char *const *cells)
{
	const char *shown[LEDGER_COLS];
	int w[LEDGER_COLS], sw[LEDGER_COLS], n = 0;

	ledger_layout(w);
	for (int i = 0; i < LEDGER_COLS; i++)
		if (w[i] > 0) {
			sw[n] = w[i];
			shown[n++] = cells[i];
		}
	ui_put_cells(y, 1, sw, shown, n);
}

static void
draw_entry(struct app *a, int y, const cJSON *e, bool sel, time_t now)
{
	char unit[160], in[32], age[32], promised[32], state[64];
	const char *cells[LEDGER_COLS];
	time_t t_in = 0, t;
	bool out = ui_jstr(e, "out_at")[0] != '\0';

	snprintf(unit, sizeof unit, "%s %s", ui_jstr(e, "model"), ui_jstr(e, "serial"));
	ui_parse_time(ui_jstr(e, "in_at"), &t_in, NULL);
	ui_show_time(a, t_in, true, in, sizeof in);
	if (out && ui_parse_time(ui_jstr(e, "out_at"), &t, NULL)) {
		ui_show_time(a, t, true, age, sizeof age);
	} else
		age_text((long)(now - t_in), age, sizeof age);
	ui_show_time(a, ui_parse_time(ui_jstr(e, "promised_at"), &t, NULL) ? t : 0, true,
	    promised, sizeof promised);
	snprintf(state, sizeof state, "%s%s", label_ticket_state(ui_jstr(e, "state")),
	    ui_jbool(e, "void") ? _(", voided") : "");
	cells[0] = ui_jstr(e, "receipt_no");
	cells[1] = ui_jstr(e, "ticket_no");
	cells[2] = unit;
	cells[3] = ui_jstr(e, "customer_name");
	cells[4] = ui_jstr(e, "technician");
	cells[5] = in;
	cells[6] = age;
	cells[7] = promised;
	cells[8] = state;
	attrset(sel ? A_REVERSE : out ? A_DIM : A_NORMAL);
	ledger_cells(y, cells);
	attrset(A_NORMAL);
}

static void
ledger_draw(struct app *a, int top, int rows)
{
	const char *head[] = { _("Receipt"), _("Ticket"), _("Unit"), _("Customer"),
		_("Technician"), _("In since"), L.all ? _("Out") : _("In for"),
		_("Promised"), _("State") };
	int n = cJSON_GetArraySize(L.entries);
	char title[256];
	time_t now = net_server_now(a);

	snprintf(title, sizeof title, L.all ?
	    ngettext("In/out ledger: %d unit, returned ones too",
	    "In/out ledger: %d units, returned ones too", n) :
	    ngettext("In/out ledger: %d unit in the shop",
	    "In/out ledger: %d units in the shop", n), n);
	attrset(ui_attr(a, UI_C_TITLE));
	ui_put(top, 1, COLS - 2, title);
	attrset(A_NORMAL);
	if (L.list_id > 0)
		ui_put_right(top, COLS / 2, COLS - COLS / 2 - 1, _("Loading..."));
	attrset(A_BOLD | A_UNDERLINE);
	ledger_cells(top + 1, head);
	attrset(A_NORMAL);
	L.visible = rows - 2 > 1 ? rows - 2 : 1;
	if (n == 0) {
		ui_put(top + 3, 2, COLS - 4, L.error[0] ? L.error : L.unsupported ?
		    _("(the server has no ledger yet)") : L.list_id > 0 ? _("Loading...") :
		    _("No units in the shop"));
		return;
	}
	if (L.sel >= n)
		L.sel = n - 1;
	if (L.sel < L.top)
		L.top = L.sel;
	if (L.sel >= L.top + L.visible)
		L.top = L.sel - L.visible + 1;
	for (int i = 0; i < L.visible && L.top + i < n; i++)
		draw_entry(a, top + 2 + i, cJSON_GetArrayItem(L.entries, L.top + i),
		    L.top + i == L.sel, now);
}

static unsigned
ledger_key(struct app *a, int type, wint_t key)
{
	int n = cJSON_GetArraySize(L.entries);
	const cJSON *e = cJSON_GetArrayItem(L.entries, L.sel);

	if (type == KEY_CODE_YES && key == KEY_UP && L.sel > 0)
		L.sel--;
	else if (type == KEY_CODE_YES && key == KEY_DOWN && L.sel + 1 < n)
		L.sel++;
	else if (type == KEY_CODE_YES && (key == KEY_HOME || key == KEY_END))
		L.sel = key == KEY_HOME || n == 0 ? 0 : n - 1;
	else if (type == OK && key == 'a') {
		L.all = !L.all;
		L.sel = L.top = 0;
		ledger_load(a);
	} else if ((ui_key_enter(type, key) || (type == OK && key == 'd')) && e != NULL)
		detail_show(a, ui_jstr(e, "ticket_no"), &ui_ledger_view);
	else if (type == OK && key == 'q')
		a->quit = true;
	else if (type == KEY_CODE_YES && key == KEY_F(5) && a->logged_in)
		ledger_load(a);
	else
		return 0;
	return UI_HANDLED | UI_REDRAW;
}

static void
on_ledger(struct app *a, const cJSON *msg)
{
	const cJSON *entries = cJSON_GetObjectItemCaseSensitive(reply_result(msg),
	    "entries");

	L.list_id = 0;
	if (!reply_ok(msg) || !cJSON_IsArray(entries)) {
		L.unsupported = strcmp(reply_code(msg), "unknown_op") == 0;
		net_error_text(msg, L.error, sizeof L.error);
		if (!L.unsupported)
			ui_message(a, true, _("Cannot load the ledger: %s"), L.error);
		else
			L.error[0] = '\0';
		return;
	}
	L.error[0] = '\0';
	cJSON_Delete(L.entries);
	L.entries = cJSON_Duplicate(entries, true);
}

static bool
ledger_message(struct app *a, const cJSON *msg)
{
	int64_t id = ui_jint(msg, "id", -1);

	if (id > 0 && id == L.list_id) {
		on_ledger(a, msg);
		a->dirty = true;
		return true;
	}
	/* A ticket moved: the ledger may have a line more or less (it loads
	 * afresh whenever it is opened, so only while it is shown). */
	if (id <= 0 && a->view == &ui_ledger_view &&
	    strcmp(ui_jstr(msg, "event"), "ticket.changed") == 0)
		a->timer_at = ui_now_ms() + RELOAD_DELAY_MS;
	return false;
}

static void
ledger_tick(struct app *a)
{
	if (L.list_id == 0)
		ledger_load(a);
	else
		a->timer_at = ui_now_ms() + RELOAD_DELAY_MS;
}

static void
ledger_session(struct app *a, enum ui_session_event ev)
{
	if (ev == UI_DISCONNECTED)
		L.list_id = 0;
	else if ((ev == UI_LOGGED_IN || ev == UI_RESYNC) && a->view == &ui_ledger_view)
		ledger_load(a);
	else if (ev == UI_LOGGED_OUT) {
		cJSON_Delete(L.entries);
		L.entries = NULL;
	}
}

const struct view_ops ui_ledger_view = {
	.name = "ledger",
	.title = N_("In/out ledger"),
	.open = ledger_open,
	.draw = ledger_draw,
	.key = ledger_key,
	.on_message = ledger_message,
	.on_session = ledger_session,
	.help = ledger_help,
	.bar = ledger_bar,
	.tick = ledger_tick,
};
