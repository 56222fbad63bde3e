/*
 * screen/intake.c: the operator's intake view (叫修登记), the operator's first
 * screen; F2 opens it from the queue.
 *
 * The caller's phone is looked up (customer.find, widget/custpick.c) as it
 * is typed, once it is a whole number and the typing pauses, or at once
 * with Enter; keys typed meanwhile wait for the answer. The customers found
 * are listed with their units: Enter on a row takes that customer and unit
 * (or that customer with a new unit, or a new customer). A known
 * customer's and unit's fields are shown locked; new ones are typed in.
 * Below: the warranty and the service class it gives (intake_call.c; the
 * daemon decides), an optional override with its reason, type and
 * channel, appointment, fault (its length shown against the daemon's
 * limit as it is typed), and for a consultation (type Z) the answer
 * that closes it. Required fields carry a `*` (a new customer's address
 * too); Ctrl-S or F2 checks every field, with common/records.h's rules
 * for a new customer and unit, and saves; the new ticket's number then stands out above the form,
 * which is ready for the next call. Leaving or clearing a half-typed call
 * asks first.
 */
#include "client/screen/intake.h"
#include "client/screen/screens.h"
#include "client/screen/complaints.h"

#include <stdio.h>
#include <string.h>

#include "common/domain.h"
#include "common/records.h"

#define RESULT_LINES 5

static const char *const class_codes[] = { "auto", "A", "B", "C", "D", NULL };

static const char *
class_choice_label(const char *code)
{
	return strcmp(code, "auto") == 0 ? _("as computed") : label_class(code);
}

static const struct form_item item_table[I_COUNT] = {
	[I_PHONE] = { FK_TEXT, N_("Caller phone"), NULL, 0, 0, 1, 24, NULL, NULL, 0 },
	[I_RESULTS] = { FK_CUSTOM, N_("Callers"), "customer.id", 1, 0, 3, 0, NULL, NULL,
	    RESULT_LINES + 1 },
	[I_NAME] = { FK_TEXT, N_("Name"), "customer.name", 8, 0, 1, CUSTOMER_NAME_MAX,
	    NULL, NULL, 0, .flags = FF_REQUIRED, .check = FC_NAME },
	[I_PHONES] = { FK_TEXT, N_("Phones"), "customer.phones", 8, 1, 1, 110, NULL, NULL, 0,
	    .flags = FF_REQUIRED, .check = FC_PHONE },
	[I_REGION] = { FK_CHOICE, N_("Region"), "customer.region", 8, 2, 1, 0,
	    region_names, label_region, 0 },
	[I_ADDRESS] = { FK_TEXT, N_("Address"), "customer.address", 9, 0, 3, ADDRESS_MAX,
	    NULL, NULL, 0, .flags = FF_REQUIRED },
	[I_MODEL] = { FK_TEXT, N_("Model"), "unit.model", 11, 0, 1, MODEL_MAX, NULL, NULL,
	    0 },
	[I_SERIAL] = { FK_TEXT, N_("Serial no."), "unit.serial", 11, 1, 1, SERIAL_MAX, NULL, NULL,
	    0, .check = FC_SERIAL },
	[I_PURCHASE] = { FK_TEXT, N_("Purchase date"), "unit.purchase_date", 11, 2, 1, 10,
	    NULL, NULL, 0, .check = FC_DATE },
	[I_INVOICE] = { FK_TEXT, N_("Invoice no."), "unit.invoice_no", 12, 0, 1,
	    INVOICE_NO_MAX, NULL, NULL, 0 },
	[I_MONTHS] = { FK_TEXT, N_("Warranty months"), "unit.warranty_months", 12, 1, 1, 3,
	    NULL, NULL, 0, .check = FC_INTEGER, .lo = 0, .hi = 120 },
	[I_CONTRACT] = { FK_TEXT, N_("Contract end"), "unit.contract_end", 12, 2, 1, 10,
	    NULL, NULL, 0, .check = FC_DATE },
	[I_CLASS] = { FK_CHOICE, N_("Class"), "service_class", 14, 0, 1, 0, class_codes,
	    class_choice_label, 0 },
	[I_REASON] = { FK_TEXT, N_("Reason"), "class_reason", 14, 1, 2, CLASS_REASON_MAX, NULL,
	    NULL, 0, .flags = FF_REQUIRED | FF_COUNT },
	[I_TYPE] = { FK_CHOICE, N_("Type"), "type", 16, 0, 1, 0, ticket_type_names,
	    label_type, 0 },
	[I_CHANNEL] = { FK_CHOICE, N_("Channel"), "channel", 16, 1, 1, 0, channel_names,
	    label_channel, 0 },
	[I_APPOINT] = { FK_TEXT, N_("Appointment"), "appointment", 16, 2, 1, 25, NULL, NULL, 0,
	    .check = FC_TIME },
	[I_FAULT] = { FK_TEXT, N_("Fault"), "fault", 17, 0, 3, FAULT_MAX, NULL, NULL, 0,
	    .flags = FF_REQUIRED | FF_COUNT },
	[I_ANSWER] = { FK_TEXT, N_("Answer"), "answer", 18, 0, 3, ANSWER_MAX, NULL, NULL, 0,
	    .flags = FF_REQUIRED | FF_COUNT },
};

/* Which fields apply: the answer for Z, the reason with an override; a new
 * unit's model, serial and purchase date once one is being typed (the
 * daemon says when the type needs a unit). */
static void
update_visibility(struct intake *in)
{
	struct form_item *it = in->items;
	unsigned unit = in->unit == NULL && intake_unit_typed(in) ? FF_REQUIRED : 0;

	it[I_ANSWER].hidden = strcmp(form_code(&in->form, I_TYPE), "Z") != 0;
	it[I_REASON].locked = strcmp(form_code(&in->form, I_CLASS), "auto") == 0;
	it[I_MODEL].flags = it[I_SERIAL].flags = it[I_PURCHASE].flags = unit;
}

static void
lock_items(struct intake *in, int from, int to, bool locked)
{
	for (int i = from; i <= to; i++)
		in->items[i].locked = locked;
}

void
intake_reset(struct app *a, struct intake *in)
{
	form_init(&in->form);
	form_set_code(&in->form, I_TYPE, "B");
	form_set_code(&in->form, I_CHANNEL, "phone");
	form_set_code(&in->form, I_REGION, "urban");
	form_set_code(&in->form, I_CLASS, "auto");
	custpick_reset(a, &in->pick);
	intake_rights_clear(a, in);
	cJSON_Delete(in->cust);
	cJSON_Delete(in->unit);
	in->cust = in->unit = NULL;
	in->resend = in->focus_results = false;
	update_visibility(in);
	request_key_new(a, in->request_key, sizeof in->request_key);
	a->timer_at = 0;
}

/* ---- what a row of the picker fills in */

static void
set_field(struct intake *in, int item, const char *text)
{
	ui_field_set(&in->items[item].field, text);
	in->items[item].error = false;
}

/* A known customer fills and locks the customer's fields; a new one
 * clears what a known one had filled and takes the caller's phone. */
static void
set_customer(struct intake *in, const cJSON *c)
{
	char buf[256];
	bool was_known = in->cust != NULL;

	cJSON_Delete(in->cust);
	in->cust = c != NULL ? cJSON_Duplicate(c, true) : NULL;
	lock_items(in, I_NAME, I_ADDRESS, c != NULL);
	if (c == NULL && !was_known)
		return;
	ui_jjoin(c, "phones", buf, sizeof buf);
	if (c == NULL)
		form_text(&in->form, I_PHONE, buf, sizeof buf);
	set_field(in, I_NAME, ui_jstr(c, "name"));
	set_field(in, I_PHONES, buf);
	set_field(in, I_ADDRESS, ui_jstr(c, "address"));
	form_set_code(&in->form, I_REGION, c != NULL ? ui_jstr(c, "region") : "urban");
}

static void
set_unit(struct intake *in, const cJSON *u)
{
	char months[16];
	bool was_known = in->unit != NULL;

	cJSON_Delete(in->unit);
	in->unit = u != NULL ? cJSON_Duplicate(u, true) : NULL;
	lock_items(in, I_MODEL, I_CONTRACT, u != NULL);
	if (u == NULL && !was_known)
		return;
	/* a saved unit has its months; none shown: the daemon's default applies */
	if (ui_jint(u, "warranty_months", -1) >= 0)
		snprintf(months, sizeof months, "%lld", (long long)ui_jint(u, "warranty_months", -1));
	else
		months[0] = '\0';
	set_field(in, I_MODEL, ui_jstr(u, "model"));
	set_field(in, I_SERIAL, ui_jstr(u, "serial"));
	set_field(in, I_PURCHASE, ui_jstr(u, "purchase_date"));
	set_field(in, I_INVOICE, ui_jstr(u, "invoice_no"));
	set_field(in, I_MONTHS, u != NULL ? months : "");
	set_field(in, I_CONTRACT, ui_jstr(u, "contract_end"));
}

static void
take_row(struct intake *in, int k)
{
	struct custpick_row r;

	custpick_row(&in->pick, k, &r);
	set_customer(in, r.cust);
	set_unit(in, r.unit);
	in->pick.chosen = in->pick.cursor = k;
	update_visibility(in);
}

/* After a lookup: the row of the customer and unit already chosen, or
 * back to a new customer when they are not among the results. */
static void
on_found(struct app *a, void *host, bool ok)
{
	struct intake *in = host;
	int k = in->cust == NULL ? -1 : custpick_find(&in->pick,
	    ui_jint(in->cust, "id", 0), ui_jint(in->unit, "id", 0));

	if (ok && k >= 0)
		in->pick.chosen = in->pick.cursor = k;
	else if (ok && in->cust != NULL) {
		take_row(in, custpick_count(&in->pick) - 1);
		in->pick.chosen = -1;
		in->pick.cursor = 0;
	}
	if (ok && in->focus_results && in->form.focus == I_PHONE) {
		if (custpick_count(&in->pick) > 0)
			in->form.focus = I_RESULTS;
		else
			form_move(&in->form, 1, false);
	}
	in->focus_results = false;
	intake_rights_update(a, in);
}

/* ---- drawing */

/* "Customer (new)" / "Customer no. 12 (known)", the unit's, the call's. */
static void
draw_sections(struct app *a, const struct intake *in, int y)
{
	char buf[256];

	attrset(ui_attr(a, UI_C_TITLE));
	if (in->cust != NULL)
		snprintf(buf, sizeof buf, _("Customer no. %lld (known)"),
		    (long long)ui_jint(in->cust, "id", 0));
	else
		snprintf(buf, sizeof buf, "%s", _("Customer (new)"));
	ui_put(y + 7, 1, COLS - 2, buf);
	if (in->unit != NULL)
		snprintf(buf, sizeof buf, _("Product unit no. %lld (known)"),
		    (long long)ui_jint(in->unit, "id", 0));
	else
		snprintf(buf, sizeof buf, "%s", _("Product unit (new; leave empty for none)"));
	ui_put(y + 10, 1, COLS - 2, buf);
	ui_put(y + 15, 1, COLS - 2, _("Call"));
	attrset(A_NORMAL);
}

/* Warranty, and the class the daemon will decide (or the override): as
 * the daemon said it with the unit's entitlements once they are in, else
 * computed here meanwhile. */
static void
draw_preview(struct app *a, const struct intake *in, int y)
{
	char why[128], line[512], cls[2] = { 0, 0 };
	const char *override = form_code(&in->form, I_CLASS);
	bool daemons = intake_rights_class(in, cls, why, sizeof why);

	if (!daemons)
		cls[0] = intake_preview(a, in, why, sizeof why);
	if (strcmp(override, "auto") != 0)
		snprintf(line, sizeof line, _("Warranty: %s.  Service class: %s, "
		    "overridden (computed: %s)"), why, label_class(override), cls);
	else
		snprintf(line, sizeof line, _("Warranty: %s.  Service class: %s"), why,
		    cls[0] == '?' ? "?" : label_class(cls));
	/* the note only where it fits: at 80 columns the class matters more */
	if (!daemons && strcmp(override, "auto") == 0 && ui_text_width(line) + 1 +
	    ui_text_width(_("(computed here; the daemon decides)")) <= COLS - 2)
		snprintf(line + strlen(line), sizeof line - strlen(line), " %s",
		    _("(computed here; the daemon decides)"));
	attrset(cls[0] == '?' ? ui_attr(a, UI_C_NEAR) : A_BOLD);
	ui_put(y, 1, COLS - 2, line);
	attrset(A_NORMAL);
}

/* The title, what a save is doing, and the last ticket registered. */
static void
draw_title(struct app *a, const struct intake *in, int y)
{
	const char *status = in->save_id > 0 ? _("Saving...") :
	    in->resend ? _("Waiting for the connection to save") : "";

	attrset(ui_attr(a, UI_C_TITLE));
	ui_put(y, 1, COLS / 2, _("New call"));
	attrset(A_NORMAL);
	ui_put_right(y, COLS / 2, COLS - COLS / 2 - 1, status);
	if (!in->banner[0])
		return;
	attrset(ui_attr(a, UI_C_STATUS) | A_BOLD);
	ui_put(y + 1, 1, COLS - 2, "");
	ui_put(y + 1, 3, COLS - 4, in->banner);
	attrset(A_NORMAL);
}

static void
intake_paint(struct app *a, struct view *v, int top, int rows)
{
	struct intake *in = v->priv;
	int y = top + 2, x, w;

	(void)rows;
	draw_title(a, in, top);
	draw_sections(a, in, y);
	/* the entitlements banner takes the last lines of the callers' list */
	in->pick.rows = RESULT_LINES - intake_rights_lines(in);
	custpick_draw(a, &in->pick, y + 1, in->form.focus == I_RESULTS,
	    in->items[I_RESULTS].error);
	intake_rights_draw(a, in, y + 2 + in->pick.rows);
	draw_preview(a, in, y + 13);
	form_place(&in->items[I_PHONE], &x, &w);
	ui_put(y, x + w + 1, COLS - x - w - 2,
	    _("Enter: look up now (also while you type)"));
	form_draw(a, &in->form, y);
}

/* ---- keys typed into the form */

/* The phone changed: looked up when the typing pauses; a new customer's
 * phones follow the caller's phone while they still match it. */
static void
phone_edited(struct app *a, struct intake *in, const char *before)
{
	char phone[64], phones[256];

	form_text(&in->form, I_PHONE, phone, sizeof phone);
	form_text(&in->form, I_PHONES, phones, sizeof phones);
	if (in->cust == NULL && (phones[0] == '\0' || strcmp(phones, before) == 0))
		set_field(in, I_PHONES, phone);
	custpick_typed(a, &in->pick, phone);
}

/* Enter on the phone: to the rows of the phone already looked up, else
 * a lookup now whose answer takes the focus there. */
static void
enter_on_phone(struct app *a, struct intake *in)
{
	char phone[64];

	form_text(&in->form, I_PHONE, phone, sizeof phone);
	if (in->pick.found != NULL && strcmp(phone, in->pick.looked_up) == 0) {
		if (custpick_count(&in->pick) > 0)
			in->form.focus = I_RESULTS;
		else
			form_move(&in->form, 1, false);
		return;
	}
	in->focus_results = custpick_lookup(a, &in->pick, phone);
}

static bool
has_rows(const struct intake *in)
{
	return custpick_count(&in->pick) > 0;
}

/* A key for the form or the callers' list. */
static unsigned
form_or_list_key(struct app *a, struct intake *in, ui_key_t key)
{
	char before[64];
	bool taken;
	int k;

	if (custpick_hold(a, &in->pick, key, in->form.focus == I_PHONE))
		return UI_HANDLED | UI_REDRAW;
	if (in->form.focus == I_RESULTS) {
		if ((k = custpick_key(&in->pick, key, &taken)) >= 0) {
			take_row(in, k);
			form_move(&in->form, 1, false);
		}
		if (taken)
			return UI_HANDLED | UI_REDRAW;
	}
	if (key == UI_KEY_ENTER && in->form.focus == I_PHONE) {
		enter_on_phone(a, in);
		return UI_HANDLED | UI_REDRAW;
	}
	form_text(&in->form, I_PHONE, before, sizeof before);
	k = in->form.focus;
	if (form_key(&in->form, key, has_rows(in)) == 0)
		return 0;
	if (k == I_PHONE)
		phone_edited(a, in, before);
	update_visibility(in);
	return UI_HANDLED | UI_REDRAW;
}

/* Every key the table does not name; also the keys that waited for the
 * caller's lookup, handed back by the picker. A unit chosen or typed
 * asks for its entitlements. */
static unsigned
intake_key(struct app *a, void *host, ui_key_t key)
{
	struct intake *in = host;
	unsigned r = form_or_list_key(a, in, key);

	intake_rights_update(a, in);
	return r;
}

static unsigned
intake_input(struct app *a, struct view *v, ui_key_t key)
{
	return intake_key(a, v->priv, key);
}

/* ---- the key table */

static unsigned
run_save(struct app *a, struct view *v)
{
	struct intake *in = v->priv;

	if (in->pick.nqueue > 0)
		ui_message(a, false, "%s", _("Looking up the caller: save once it is found"));
	else
		intake_save(a, in);
	return UI_HANDLED;
}

static void
new_call(struct app *a, void *ctx)
{
	struct intake *in = ui_view_of(a, &ui_intake_view)->priv;

	(void)ctx;
	intake_reset(a, in);
	in->banner[0] = '\0';
	in->told.n = 0;
	ui_message(a, false, "%s", _("New call"));
}

static unsigned
run_new(struct app *a, struct view *v)
{
	if (form_unsaved(&((struct intake *)v->priv)->form))
		ui_confirm(a, _("Clear the call you are typing?"), new_call, NULL, 0, true);
	else
		new_call(a, NULL);
	return UI_HANDLED;
}

static bool
has_last(const struct app *a, const struct view *v)
{
	(void)a;
	return ((const struct intake *)v->priv)->last_no[0] != '\0';
}

static unsigned
run_last(struct app *a, struct view *v)
{
	detail_show(a, ((struct intake *)v->priv)->last_no, &ui_intake_view);
	return UI_HANDLED;
}

static unsigned
run_queue(struct app *a, struct view *v)
{
	(void)v;
	ui_switch(a, &ui_queue_view);
	return UI_HANDLED;
}

/* F7: the caller complains; the complaint form takes the customer chosen
 * here (or the phone to look up) and the ticket just registered. */
static unsigned
run_complaint(struct app *a, struct view *v)
{
	struct intake *in = v->priv;
	char phone[64];

	form_text(&in->form, I_PHONE, phone, sizeof phone);
	complaint_intake_show(a, in->cust, phone, in->last_no, &ui_intake_view);
	return UI_HANDLED;
}

/* The customer Ctrl-O opens: the one chosen, else the row under the cursor. */
static const cJSON *
file_customer(const struct intake *in)
{
	struct custpick_row r;

	if (in->cust != NULL)
		return in->cust;
	if (custpick_count(&in->pick) > 0 && custpick_row(&in->pick, in->pick.cursor, &r))
		return r.cust;
	return NULL;
}

static bool
has_file(const struct app *a, const struct view *v)
{
	return file_customer(v->priv) != NULL && op_rights_allowed(&a->rights, "customer.get");
}

static void
refuse_file(struct app *a, struct view *v)
{
	(void)v;
	ui_message(a, true, "%s", _("Look the caller up first: Ctrl-O opens the file of the "
	    "customer chosen, or of the row under the cursor"));
}

/* Ctrl-O: the customer's file (their units, every ticket and complaint);
 * not F9, every screen's search. */
static unsigned
run_file(struct app *a, struct view *v)
{
	customer_file_show(a, ui_jint(file_customer(v->priv), "id", 0), &ui_intake_view);
	return UI_HANDLED;
}

static const struct ui_key intake_keys[] = {
	{ UI_CTRL('s'), UI_K(KEY_F(2)), 0, N_("Ctrl-S"), N_("Save"),
	    N_("Check every field and save the call (also F2): the new ticket number "
	    "shows on top"),
	    run_save, NULL, NULL },
	{ UI_K(KEY_F(8)), 0, 0, "F8", N_("New call"), N_("Clear the form for a new call"),
	    run_new, NULL, NULL },
	{ UI_K(KEY_F(3)), 0, 0, "F3", N_("Last ticket"),
	    N_("Detail of the ticket just registered"), run_last, has_last, NULL },
	{ UI_K(KEY_F(4)), 0, 0, "F4", N_("Queue"), N_("The ticket queue"), run_queue,
	    NULL, NULL },
	{ UI_K(KEY_F(7)), 0, 0, "F7", N_("Complaint"),
	    N_("The caller complains: the complaint form"), run_complaint, NULL, NULL },
	{ UI_CTRL('o'), 0, 0, N_("Ctrl-O"), N_("File"),
	    N_("The customer's file: units, every ticket and complaint, edits"),
	    run_file, has_file, refuse_file },
	{ .key = UI_KEY_ENTER, .name = N_("Enter"), .help = N_("On the phone: look it "
	    "up now (also while you type); in the list: take that customer and unit") },
	{ .key = UI_KEY_TAB, .name = N_("Tab, Down"),
	    .help = N_("Next field (Shift-Tab, Up: previous); * marks a required field") },
	{ .key = UI_K(KEY_LEFT), .name = N_("Left/Right, Space"), .help = N_("Change a "
	    "choice; overriding the class needs a reason") },
	{ 0 }
};

/* ---- the view */

/* The form and the picker set up, once per run. */
static void
intake_init(struct app *a, struct intake *in)
{
	if (in->form.items == NULL) {
		memcpy(in->items, item_table, sizeof in->items);
		in->form.items = in->items;
		in->form.n = I_COUNT;
		in->pick = (struct custpick){ .units = true, .rows = RESULT_LINES,
		    .found_fn = on_found, .key_fn = intake_key, .host = in, .chosen = -1 };
	}
	if (!in->request_key[0])
		intake_reset(a, in);
}

static void
intake_enter(struct app *a, struct view *v)
{
	intake_init(a, v->priv);
}

/* The customer and unit intake_show_for was given, taken once the y/n
 * about a half-typed call said yes: listed as if looked up, the row taken,
 * the fault next. */
static void
take_pending(struct app *a, void *ctx)
{
	struct intake *in = ui_view_of(a, &ui_intake_view)->priv;
	const cJSON *phones = cJSON_GetObjectItemCaseSensitive(in->pending_cust, "phones");
	const char *phone = cJSON_IsArray(phones) && cJSON_GetArraySize(phones) > 0 ?
	    cJSON_GetArrayItem(phones, 0)->valuestring : "";
	int k;

	(void)ctx;
	intake_reset(a, in);
	in->banner[0] = '\0';
	in->told.n = 0;
	in->pick.found = cJSON_CreateArray();
	cJSON_AddItemToArray(in->pick.found, in->pending_cust);
	k = custpick_find(&in->pick, ui_jint(in->pending_cust, "id", 0),
	    ui_jint(in->pending_unit, "id", 0));
	in->pending_cust = NULL;
	cJSON_Delete(in->pending_unit);
	in->pending_unit = NULL;
	set_field(in, I_PHONE, phone);
	ui_copy(in->pick.looked_up, sizeof in->pick.looked_up, phone);
	take_row(in, k >= 0 ? k : 0);
	in->form.focus = I_FAULT;
	intake_rights_update(a, in);
	ui_switch(a, &ui_intake_view);
}

void
intake_show_for(struct app *a, const cJSON *customer, const cJSON *unit)
{
	struct intake *in = ui_view_of(a, &ui_intake_view)->priv;

	intake_init(a, in);
	if (in->save_id > 0 || in->resend) {   /* its answer would clear the new form */
		ui_message(a, true, "%s", _("The call form is still saving a call: try again "
		    "once it is registered"));
		return;
	}
	cJSON_Delete(in->pending_cust);
	cJSON_Delete(in->pending_unit);
	in->pending_cust = cJSON_Duplicate(customer, true);
	in->pending_unit = unit != NULL ? cJSON_Duplicate(unit, true) : NULL;
	if (form_unsaved(&in->form))
		ui_confirm(a, _("Clear the call you are typing?"), take_pending, NULL, 0, true);
	else
		take_pending(a, NULL);
}

static void
intake_session(struct app *a, struct view *v, enum ui_session_event ev)
{
	struct intake *in = v->priv;

	if (ev == UI_LOGGED_IN && in->resend)
		intake_save(a, in);
	else if (ev == UI_LOGGED_OUT) {
		in->request_key[0] = in->banner[0] = in->last_no[0] = '\0';
		in->resend = false;
		in->told.n = 0;
		intake_rights_clear(a, in);
		cJSON_Delete(in->pending_cust);
		cJSON_Delete(in->pending_unit);
		in->pending_cust = in->pending_unit = NULL;
	}
}

static void
intake_timer(struct app *a, struct view *v)
{
	custpick_timer(a, &((struct intake *)v->priv)->pick);
}

static bool
intake_unsaved(const struct app *a, const struct view *v)
{
	(void)a;
	return form_unsaved(&((const struct intake *)v->priv)->form);
}

static void
intake_destroy(struct app *a, struct view *v)
{
	struct intake *in = v->priv;

	(void)a;
	custpick_free(&in->pick);
	cJSON_Delete(in->cust);
	cJSON_Delete(in->unit);
	cJSON_Delete(in->rights);
	cJSON_Delete(in->pending_cust);
	cJSON_Delete(in->pending_unit);
}

const struct view_ops ui_intake_view = {
	.name = "intake",
	.title = N_("New call"),
	.flags = UI_VIEW_SCREEN,
	.private_size = sizeof(struct intake),
	.keys = intake_keys,
	.enter = intake_enter,
	.paint = intake_paint,
	.input = intake_input,
	.session = intake_session,
	.timer = intake_timer,
	.unsaved = intake_unsaved,
	.destroy = intake_destroy,
};
