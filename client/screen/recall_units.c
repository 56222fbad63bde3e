/*
 * screen/recall_units.c: one recall's units and their customers
 * (recall.get, a page at a time: m reads more), opened from the recall
 * board or the operators' call list. Tab (or 1-3): still open, to call
 * (not told yet), all. One key per outcome of a call (recall.unit): t told,
 * u unreachable, d done, w written off (with the reason), and b books a
 * ticket: the call form opens prefilled with the customer and the unit,
 * and once that call is registered (its ticket arrives as every registered
 * ticket does, ui_ticket_changed) the unit is recorded booked with its
 * number, and this list comes back. Enter opens the customer's file.
 */
#include "client/screen/screens.h"
#include "client/widget/labels.h"
#include "client/widget/pagelist.h"
#include "client/widget/ticketlist.h"

#include <stdio.h>
#include <string.h>

#include "common/recalls.h"

#define UNITS_PAGE 100

struct recall_units {
	struct pagelist list;
	cJSON *recall;          /* the recall as last answered */
	int page;               /* into page_wire */
	int64_t customer_id;    /* customer.get in flight for a booking, 0: none */
	int64_t booking_unit;   /* the unit whose call is being registered, 0: none */
	char booking_no[32];    /* its recall */
};

static const char *const page_wire[] = { "open", "to_call", "all" };
static const char *const page_labels[] = { N_("Open"), N_("To call"), N_("All") };
#define NPAGES 3

enum { UC_SERIAL, UC_MODEL, UC_CUSTOMER, UC_PHONE, UC_STATE, UC_TICKET, UC_TRIES, UC_NCOLS };

static const struct table_column unit_cols[] = {
	[UC_SERIAL] = { N_("Serial"), 12, 0, false, true },
	[UC_MODEL] = { N_("Model"), 10, 3, false, true },
	[UC_CUSTOMER] = { N_("Customer"), 0, 0, false, true },
	[UC_PHONE] = { N_("Phone"), 13, 1, false, false },
	[UC_STATE] = { N_("State"), 11, 0, false, true },
	[UC_TICKET] = { N_("Ticket"), 12, 2, false, true },
	[UC_TRIES] = { N_("Calls"), 5, 4, true, false },
};

static void
unit_cell(const struct app *a, const void *data, size_t i, int col, char *buf, size_t len)
{
	const cJSON *u = pagelist_row(data, i);
	const cJSON *c = cJSON_GetObjectItemCaseSensitive(u, "customer");
	const cJSON *phones = cJSON_GetObjectItemCaseSensitive(c, "phones");

	(void)a;
	switch (col) {
	case UC_SERIAL: ui_copy(buf, len, ui_jstr(u, "serial")); break;
	case UC_MODEL: ui_copy(buf, len, ui_jstr(u, "model")); break;
	case UC_CUSTOMER: ui_copy(buf, len, ui_jstr(c, "name")); break;
	case UC_PHONE:
		ui_copy(buf, len, cJSON_IsString(cJSON_GetArrayItem(phones, 0)) ?
		    cJSON_GetArrayItem(phones, 0)->valuestring : "");
		break;
	case UC_STATE: ui_copy(buf, len, label_recall_unit_state(ui_jstr(u, "state"))); break;
	case UC_TICKET: ui_copy(buf, len, ui_jstr(u, "ticket_no")); break;
	default: snprintf(buf, len, "%lld", (long long)ui_jint(u, "attempts", 0));
	}
}

static void
unit_key(const void *data, size_t i, char *buf, size_t len)
{
	snprintf(buf, len, "%lld", (long long)ui_jint(pagelist_row(data, i), "unit_id", 0));
}

static const struct table_source unit_source = {
	.count = pagelist_count, .cell = unit_cell, .key = unit_key,
};

static struct recall_units *
units_of(struct app *a)
{
	struct recall_units *s = ui_view_of(a, &ui_recall_units_view)->priv;

	if (!s->list.ready)
		pagelist_init(&s->list, "recall.get", "units", unit_cols, UC_NCOLS, &unit_source);
	return s;
}

static void
load(struct app *a, struct recall_units *s)
{
	cJSON *args = cJSON_CreateObject();

	cJSON_AddStringToObject(args, "no", ui_jstr(s->recall, "no"));
	cJSON_AddStringToObject(args, "units", page_wire[s->page]);
	cJSON_AddNumberToObject(args, "limit", UNITS_PAGE);
	pagelist_load(a, &s->list, args);
}

void
recall_units_show(struct app *a, const cJSON *recall, const struct view_ops *back)
{
	struct recall_units *s = units_of(a);

	if (recall == NULL)
		return;
	cJSON_Delete(s->recall);
	s->recall = cJSON_Duplicate(recall, true);
	s->page = 0;
	s->booking_unit = 0;   /* a booking left unfinished is forgotten */
	load(a, s);
	ui_show(a, &ui_recall_units_view, back);
}

static const cJSON *
selected(struct app *a)
{
	return pagelist_selected(&units_of(a)->list);
}

/* The answer of recall.unit: the recall's counters and the unit, put in
 * place of its row. */
static void
took_step(struct app *a, struct recall_units *s, const cJSON *res)
{
	const cJSON *unit = cJSON_GetObjectItemCaseSensitive(res, "unit");
	cJSON *r, *copy = cJSON_Duplicate(res, true);
	int i = 0;

	cJSON_DeleteItemFromObjectCaseSensitive(copy, "unit");
	cJSON_Delete(s->recall);
	s->recall = copy;
	cJSON_ArrayForEach(r, s->list.rows) {
		if (ui_jint(r, "unit_id", 0) == ui_jint(unit, "unit_id", -1)) {
			cJSON_ReplaceItemInArray(s->list.rows, i, cJSON_Duplicate(unit, true));
			break;
		}
		i++;
	}
	table_refresh(&s->list.table, a);
	ui_message(a, false, _("Unit %s: %s"), ui_jstr(unit, "serial"),
	    label_recall_unit_state(ui_jstr(unit, "state")));
}

static void
on_step(struct app *a, void *ctx, const cJSON *reply)
{
	char text[512];

	(void)ctx;
	a->dirty = true;
	if (reply == NULL)
		return;
	if (!reply_ok(reply)) {
		net_error_text(reply, text, sizeof text);
		ui_message(a, true, _("Not recorded: %s"), text);
		return;
	}
	took_step(a, units_of(a), reply_result(reply));
}

static cJSON *
step_args(const char *no, int64_t unit, const char *state)
{
	cJSON *args = cJSON_CreateObject();

	cJSON_AddStringToObject(args, "no", no);
	cJSON_AddNumberToObject(args, "unit_id", (double)unit);
	cJSON_AddStringToObject(args, "state", state);
	return args;
}

static void
step(struct app *a, const char *state)
{
	struct recall_units *s = units_of(a);

	if (net_request(a, "recall.unit", step_args(ui_jstr(s->recall, "no"),
	    ui_jint(selected(a), "unit_id", 0), state), on_step, s) < 0)
		ui_message(a, true, "%s", _("Not connected: try again in a moment"));
}

/* ---- written off: the reason asked in a prompt */

static void
on_written_off(struct app *a, void *ctx, const cJSON *reply)
{
	struct overlay *o = ctx;

	if (!ui_prompt_answered(a, o, reply))
		return;
	ui_prompt_close(a, o);
	took_step(a, units_of(a), reply_result(reply));
}

static void
write_off_submit(struct app *a, struct overlay *o, void *ctx, const char *text)
{
	struct recall_units *s = units_of(a);
	cJSON *args;

	if (!text[0]) {
		ui_prompt_error(a, o, "%s", _("A unit is written off with a reason"));
		return;
	}
	args = step_args(ui_jstr(s->recall, "no"), *(const int64_t *)ctx, "written_off");
	cJSON_AddStringToObject(args, "reason", text);
	ui_prompt_wait(a, o, net_request(a, "recall.unit", args, on_written_off, o));
}

/* ---- booked: the call form, then recall.unit with the ticket's number */

static void
on_booked(struct app *a, void *ctx, const cJSON *reply)
{
	struct recall_units *s = ctx;
	char text[512];

	if (reply == NULL)
		return;
	if (!reply_ok(reply)) {
		net_error_text(reply, text, sizeof text);
		ui_message(a, true, _("The ticket is registered, the recall not told: %s"), text);
		return;
	}
	took_step(a, s, reply_result(reply));
	ui_message(a, false, _("Booked: ticket %s for recall %s"),
	    ui_jstr(cJSON_GetObjectItemCaseSensitive(reply_result(reply), "unit"), "ticket_no"),
	    ui_jstr(s->recall, "no"));
	ui_show(a, &ui_recall_units_view, ui_view_of(a, &ui_recall_units_view)->back);
}

/* The customer's file came: the call form, with the customer and the unit. */
static void
on_customer(struct app *a, void *ctx, const cJSON *reply)
{
	struct recall_units *s = ctx;
	cJSON *c;
	const cJSON *u, *unit = NULL;
	char text[512];

	s->customer_id = 0;
	if (reply == NULL)
		return;
	if (!reply_ok(reply)) {
		net_error_text(reply, text, sizeof text);
		ui_message(a, true, _("Cannot read the customer: %s"), text);
		return;
	}
	c = cJSON_Duplicate(reply_result(reply), true);
	cJSON_DeleteItemFromObjectCaseSensitive(c, "tickets");
	cJSON_DeleteItemFromObjectCaseSensitive(c, "complaints");
	cJSON_DeleteItemFromObjectCaseSensitive(c, "contracts");
	cJSON_ArrayForEach(u, cJSON_GetObjectItemCaseSensitive(c, "units"))
		if (ui_jint(u, "id", 0) == s->booking_unit)
			unit = u;
	intake_show_for(a, c, unit);
	cJSON_Delete(c);
}

/* A ticket registered here for the unit being booked: recorded booked. */
static void
recall_units_push(struct app *a, struct view *v, const cJSON *msg)
{
	struct recall_units *s = v->priv;
	const cJSON *t = cJSON_GetObjectItemCaseSensitive(msg, "data");
	const cJSON *unit = cJSON_GetObjectItemCaseSensitive(t, "unit");
	cJSON *args;

	if (s->booking_unit == 0 || strcmp(ui_jstr(msg, "event"), "ticket.changed") != 0 ||
	    ui_jint(unit, "id", 0) != s->booking_unit || strcmp(ui_jstr(t, "state"), "new") != 0 ||
	    strcmp(ui_jstr(t, "taken_by"), a->user) != 0)
		return;
	args = step_args(s->booking_no, s->booking_unit, "booked");
	cJSON_AddStringToObject(args, "ticket_no", ui_jstr(t, "no"));
	s->booking_unit = 0;
	if (net_request(a, "recall.unit", args, on_booked, s) < 0)
		ui_message(a, true, "%s", _("Not connected: try again in a moment"));
}

static unsigned
run_book(struct app *a, struct view *v)
{
	struct recall_units *s = units_of(a);
	const cJSON *u = selected(a);
	cJSON *args = cJSON_CreateObject();

	(void)v;
	cJSON_AddNumberToObject(args, "id", (double)ui_jint(cJSON_GetObjectItemCaseSensitive(u,
	    "customer"), "id", 0));
	s->booking_unit = ui_jint(u, "unit_id", 0);
	ui_copy(s->booking_no, sizeof s->booking_no, ui_jstr(s->recall, "no"));
	net_cancel(a, s->customer_id);
	s->customer_id = net_request(a, "customer.get", args, on_customer, s);
	if (s->customer_id < 0) {
		s->customer_id = 0;
		ui_message(a, true, "%s", _("Not connected: try again in a moment"));
	}
	return UI_HANDLED;
}

/* ---- the keys */

static bool
may_step(const struct app *a, const struct view *v)
{
	const cJSON *u = pagelist_selected(&((const struct recall_units *)v->priv)->list);
	const char *state = ui_jstr(u, "state");

	return u != NULL && op_rights_allowed(&a->rights, "recall.unit") &&
	    strcmp(state, "done") != 0 && strcmp(state, "written_off") != 0;
}

static bool
may_book(const struct app *a, const struct view *v)
{
	return may_step(a, v) && op_rights_allowed(&a->rights, "call.register");
}

static void
refuse_step(struct app *a, struct view *v)
{
	(void)v;
	ui_message(a, true, "%s", _("Choose a unit still open first (operators and "
	    "dispatchers record the calls)"));
}

static unsigned
run_told(struct app *a, struct view *v)
{
	(void)v;
	step(a, "notified");
	return UI_HANDLED;
}

static unsigned
run_unreachable(struct app *a, struct view *v)
{
	(void)v;
	step(a, "unreachable");
	return UI_HANDLED;
}

static unsigned
run_done(struct app *a, struct view *v)
{
	(void)v;
	step(a, "done");
	return UI_HANDLED;
}

static unsigned
run_write_off(struct app *a, struct view *v)
{
	int64_t unit = ui_jint(selected(a), "unit_id", 0);
	char title[160];

	(void)v;
	snprintf(title, sizeof title, _("Write off unit %s"), ui_jstr(selected(a), "serial"));
	ui_prompt(a, title, _("Reason:"), "", write_off_submit, &unit, sizeof unit);
	return UI_HANDLED;
}

static bool
has_unit(const struct app *a, const struct view *v)
{
	(void)a;
	return pagelist_selected(&((const struct recall_units *)v->priv)->list) != NULL;
}

static unsigned
run_file(struct app *a, struct view *v)
{
	(void)v;
	customer_file_show(a, (long long)ui_jint(cJSON_GetObjectItemCaseSensitive(selected(a),
	    "customer"), "id", 0), &ui_recall_units_view);
	return UI_HANDLED;
}

static unsigned
run_page(struct app *a, struct view *v)
{
	struct recall_units *s = units_of(a);

	(void)v;
	s->page = (s->page + 1) % NPAGES;
	load(a, s);
	return UI_HANDLED;
}

static bool
has_more(const struct app *a, const struct view *v)
{
	(void)a;
	return pagelist_has_more(&((const struct recall_units *)v->priv)->list);
}

static unsigned
run_more(struct app *a, struct view *v)
{
	(void)v;
	pagelist_more(a, &units_of(a)->list);
	return UI_HANDLED;
}

static unsigned
run_reload(struct app *a, struct view *v)
{
	(void)v;
	if (a->logged_in)
		load(a, units_of(a));
	return UI_HANDLED;
}

static const struct ui_key units_keys[] = {
	{ .key = 't', .name = "t", .label = N_("Told"),
	  .help = N_("The customer was told of the recall"),
	  .run = run_told, .when = may_step, .refuse = refuse_step },
	{ .key = 'u', .name = "u", .label = N_("Unreachable"),
	  .help = N_("Nobody answered: call again later"),
	  .run = run_unreachable, .when = may_step, .refuse = refuse_step },
	{ .key = 'b', .name = "b", .label = N_("Book"),
	  .help = N_("Book a ticket: the call form with this customer and unit; once it is "
	      "registered the unit is booked with its number"),
	  .run = run_book, .when = may_book, .refuse = refuse_step },
	{ .key = 'd', .name = "d", .label = N_("Done"),
	  .help = N_("The unit is put right"), .run = run_done, .when = may_step,
	  .refuse = refuse_step },
	{ .key = 'w', .name = "w", .label = N_("Write off"),
	  .help = N_("The unit will never be done (scrapped, moved away): with the reason"),
	  .run = run_write_off, .when = may_step, .refuse = refuse_step },
	{ .key = UI_KEY_ENTER, .name = N_("Enter"), .label = N_("File"),
	  .help = N_("The customer's file"), .run = run_file, .when = has_unit },
	{ .key = UI_KEY_TAB, .name = N_("Tab, 1-3"), .label = N_("Show"),
	  .help = N_("Units: still open, to call (not told yet), all"), .run = run_page },
	{ .key = 'm', .name = "m", .label = N_("More"), .help = N_("The next page"),
	  .run = run_more, .when = has_more },
	{ .key = UI_KEY_ESC, .name = N_("Esc"), .label = N_("Back"),
	  .help = N_("Back to the recalls"), .run = ui_key_leave },
	{ .key = UI_K(KEY_F(5)), .run = run_reload },   /* the frame names F5 */
	TABLE_HELP_KEYS,
	{ 0 }
};

/* ---- the view */

static void
draw_header(struct app *a, const cJSON *r, int top)
{
	char line[512], due[40];
	time_t t;

	attrset(ui_attr(a, UI_C_TITLE));
	snprintf(line, sizeof line, _("Recall %s: %s"), ui_jstr(r, "no"), ui_jstr(r, "title"));
	ui_put(top, 1, COLS - 2, line);
	attrset(A_NORMAL);
	ui_put(top + 1, 1, COLS - 2, ui_jstr(r, "reason"));
	ui_show_time(a, ui_parse_time(ui_jstr(r, "notify_due"), &t, NULL) ? t : 0, false,
	    due, sizeof due);
	snprintf(line, sizeof line, _("%s; tell by %s; %lld units: told %lld, done %lld"),
	    label_recall_state(ui_jstr(r, "state")), due, (long long)ui_jint(r, "affected", 0),
	    (long long)ui_jint(r, "notified", 0), (long long)ui_jint(r, "done", 0));
	if (ui_jbool(r, "late"))
		attrset(ui_attr(a, UI_C_OVERDUE));
	ui_put(top + 2, 1, COLS - 2, line);
	attrset(A_NORMAL);
}

static void
units_paint(struct app *a, struct view *v, int top, int rows)
{
	struct recall_units *s = units_of(a);
	int x = 1;

	(void)v;
	draw_header(a, s->recall, top);
	for (int i = 0; i < NPAGES; i++)
		x = list_draw_tab(a, top + 3, x, i + 1, _(page_labels[i]), i == s->page);
	pagelist_status(a, &s->list, top + 4);
	table_draw(&s->list.table, a, top + 5, rows - 5);
}

static unsigned
units_input(struct app *a, struct view *v, ui_key_t key)
{
	struct recall_units *s = units_of(a);

	(void)v;
	if (key >= '1' && key < '1' + (ui_key_t)NPAGES) {
		s->page = (int)(key - '1');
		load(a, s);
		return UI_HANDLED | UI_REDRAW;
	}
	return table_key(&s->list.table, a, key);
}

static void
units_session(struct app *a, struct view *v, enum ui_session_event ev)
{
	struct recall_units *s = v->priv;

	if (!s->list.ready)
		return;
	pagelist_session(a, &s->list, ev);
	if (ev == UI_DISCONNECTED)
		s->customer_id = 0;
	else if (ev == UI_LOGGED_OUT)
		s->booking_unit = 0;
	else if ((ev == UI_LOGGED_IN || ev == UI_RESYNC) && a->view == v->ops && s->recall)
		load(a, s);
}

static void
units_destroy(struct app *a, struct view *v)
{
	struct recall_units *s = v->priv;

	net_cancel_ctx(a, s);
	cJSON_Delete(s->recall);
	s->recall = NULL;
	if (s->list.ready)
		pagelist_free(a, &s->list);
}

const struct view_ops ui_recall_units_view = {
	.name = "recall_units",
	.title = N_("Recall units"),
	.private_size = sizeof(struct recall_units),
	.keys = units_keys,
	.paint = units_paint,
	.input = units_input,
	.push = recall_units_push,
	.session = units_session,
	.destroy = units_destroy,
};
