/*
 * screen/intake.c: the operator's intake view (叫修登记), the operator's first
 * screen; F2 opens it from the queue.
 *
 * The caller's phone is looked up (customer.find) as it is typed, once it
 * is a whole number and the typing pauses, or at once with Enter. The
 * customers found are listed with their units: Enter on a row takes that
 * customer and unit (or that customer with a new unit, or a new customer).
 * A known customer's and unit's fields are shown locked; new ones are
 * typed in. Below: the warranty and the service class it gives (ui_intake_
 * call.c; the daemon decides), an optional override with its reason, type
 * and channel, appointment, fault, and for a consultation (type Z) the
 * answer that closes it. Ctrl-S or F2 saves; the new ticket's number then
 * stands out above the form, which is ready for the next call.
 */
#include "client/screen/intake.h"
#include "client/screen/screens.h"
#include "client/screen/complaints.h"

#include <stdio.h>
#include <string.h>

#include "common/domain.h"

#define CTRL_S 0x13
#define LOOKUP_DELAY_MS 400
#define RESULT_LINES 5

struct intake IN = { .entry = -1 };

static const char *const class_codes[] = { "auto", "A", "B", "C", "D", NULL };

static const char *
class_choice_label(const char *code)
{
	return strcmp(code, "auto") == 0 ? _("as computed") : label_class(code);
}

static struct form_item items[I_COUNT] = {
	[I_PHONE] = { FK_TEXT, N_("Caller phone"), NULL, 0, 0, 1, 24, NULL, NULL, 0 },
	[I_RESULTS] = { FK_CUSTOM, N_("Callers"), "customer.id", 1, 0, 3, 0, NULL, NULL,
	    RESULT_LINES + 1 },
	[I_NAME] = { FK_TEXT, N_("Name"), "customer.name", 8, 0, 1, 100, NULL, NULL, 0 },
	[I_PHONES] = { FK_TEXT, N_("Phones"), "customer.phones", 8, 1, 1, 110, NULL, NULL, 0 },
	[I_REGION] = { FK_CHOICE, N_("Region"), "customer.region", 8, 2, 1, 0,
	    region_names, label_region, 0 },
	[I_ADDRESS] = { FK_TEXT, N_("Address"), "customer.address", 9, 0, 3, 128, NULL, NULL, 0 },
	[I_MODEL] = { FK_TEXT, N_("Model"), "unit.model", 11, 0, 1, 100, NULL, NULL, 0 },
	[I_SERIAL] = { FK_TEXT, N_("Serial no."), "unit.serial", 11, 1, 1, 64, NULL, NULL, 0 },
	[I_PURCHASE] = { FK_TEXT, N_("Purchase date"), "unit.purchase_date", 11, 2, 1, 10,
	    NULL, NULL, 0 },
	[I_INVOICE] = { FK_TEXT, N_("Invoice no."), "unit.invoice_no", 12, 0, 1, 64, NULL, NULL, 0 },
	[I_MONTHS] = { FK_TEXT, N_("Warranty months"), "unit.warranty_months", 12, 1, 1, 3,
	    NULL, NULL, 0 },
	[I_CONTRACT] = { FK_TEXT, N_("Contract end"), "unit.contract_end", 12, 2, 1, 10,
	    NULL, NULL, 0 },
	[I_CLASS] = { FK_CHOICE, N_("Class"), "service_class", 14, 0, 1, 0, class_codes,
	    class_choice_label, 0 },
	[I_REASON] = { FK_TEXT, N_("Reason"), "class_reason", 14, 1, 2, 128, NULL, NULL, 0 },
	[I_TYPE] = { FK_CHOICE, N_("Type"), "type", 16, 0, 1, 0, ticket_type_names,
	    label_type, 0 },
	[I_CHANNEL] = { FK_CHOICE, N_("Channel"), "channel", 16, 1, 1, 0, channel_names,
	    label_channel, 0 },
	[I_APPOINT] = { FK_TEXT, N_("Appointment"), "appointment", 16, 2, 1, 25, NULL, NULL, 0 },
	[I_FAULT] = { FK_TEXT, N_("Fault"), "fault", 17, 0, 3, 128, NULL, NULL, 0 },
	[I_ANSWER] = { FK_TEXT, N_("Answer"), "answer", 18, 0, 3, 128, NULL, NULL, 0 },
};

static const struct ui_help intake_help[] = {
	{ N_("Caller phone"), N_("Looked up as you type; Enter looks up at once") },
	{ N_("Tab, Down"), N_("Next field (Shift-Tab, Up: previous)") },
	{ N_("Enter"), N_("In the list: take that customer and unit; else next field") },
	{ N_("Left/Right, Space"), N_("Change a choice (region, class, type, channel)") },
	{ N_("Ctrl-S, F2"), N_("Save the call: the new ticket number shows on top") },
	{ N_("F8"), N_("Clear the form for a new call") },
	{ N_("F3"), N_("Detail of the ticket just registered") },
	{ N_("F4"), N_("The ticket queue") },
	{ N_("F7"), N_("The caller complains: the complaint form") },
	{ N_("Class"), N_("Computed from the unit's warranty and contract; the daemon "
	    "decides. Override it with a reason.") },
	{ N_("Answer"), N_("Type Z only: answering closes the consultation") },
	{ NULL, NULL }
};

static int
intake_bar(struct app *a, struct ui_help *out, int max)
{
	static const struct ui_help keys[] = {
		{ N_("Ctrl-S"), N_("Save") }, { "F8", N_("New call") },
		{ "F3", N_("Last ticket") }, { "F4", N_("Queue") },
		{ "F7", N_("Complaint") },
	};
	int n = 0;

	(void)a;
	for (; n < max && n < (int)(sizeof keys / sizeof keys[0]); n++)
		out[n] = keys[n];
	return n;
}

/* Which fields apply: the answer for Z, the reason with an override. */
static void
update_visibility(void)
{
	struct form_item *it = IN.form.items;

	it[I_ANSWER].hidden = strcmp(form_code(&IN.form, I_TYPE), "Z") != 0;
	it[I_REASON].locked = strcmp(form_code(&IN.form, I_CLASS), "auto") == 0;
}

static void
lock_items(int from, int to, bool locked)
{
	for (int i = from; i <= to; i++)
		IN.form.items[i].locked = locked;
}

void
intake_reset(struct app *a)
{
	IN.form.items = items;
	IN.form.n = I_COUNT;
	form_init(&IN.form);
	form_set_code(&IN.form, I_TYPE, "B");
	form_set_code(&IN.form, I_CHANNEL, "phone");
	form_set_code(&IN.form, I_REGION, "urban");
	form_set_code(&IN.form, I_CLASS, "auto");
	cJSON_Delete(IN.found);
	cJSON_Delete(IN.cust);
	cJSON_Delete(IN.unit);
	IN.found = IN.cust = IN.unit = NULL;
	IN.entry = -1;
	IN.cursor = 0;
	IN.find_id = IN.save_id = 0;
	IN.resend = IN.focus_results = false;
	IN.looked_up[0] = '\0';
	update_visibility();
	intake_new_key(a);
	a->timer_at = 0;
}

/* ---- the results list: each customer's units, a new unit for them, and
 * at the end a new customer. */

struct entry {
	const cJSON *cust;     /* NULL: a new customer */
	const cJSON *unit;     /* NULL: a new unit */
};

static int
entry_count(void)
{
	const cJSON *c;
	int n = 1;

	cJSON_ArrayForEach(c, IN.found)
		n += cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(c, "units")) + 1;
	return n;
}

static void
entry_at(int k, struct entry *e)
{
	const cJSON *c, *units;
	int n;

	e->cust = e->unit = NULL;
	cJSON_ArrayForEach(c, IN.found) {
		units = cJSON_GetObjectItemCaseSensitive(c, "units");
		n = cJSON_GetArraySize(units);
		if (k <= n) {
			e->cust = c;
			e->unit = k < n ? cJSON_GetArrayItem(units, k) : NULL;
			return;
		}
		k -= n + 1;
	}
}

static void
set_field(int item, const char *text)
{
	ui_field_set(&IN.form.items[item].field, text);
	IN.form.items[item].error = false;
}

/* A known customer fills and locks the customer's fields; a new one
 * clears what a known one had filled and takes the caller's phone. */
static void
set_customer(const cJSON *c)
{
	char buf[256];
	bool was_known = IN.cust != NULL;

	cJSON_Delete(IN.cust);
	IN.cust = c != NULL ? cJSON_Duplicate(c, true) : NULL;
	lock_items(I_NAME, I_ADDRESS, c != NULL);
	if (c == NULL && !was_known)
		return;
	ui_jjoin(c, "phones", buf, sizeof buf);
	if (c == NULL)
		form_text(&IN.form, I_PHONE, buf, sizeof buf);
	set_field(I_NAME, ui_jstr(c, "name"));
	set_field(I_PHONES, buf);
	set_field(I_ADDRESS, ui_jstr(c, "address"));
	form_set_code(&IN.form, I_REGION, c != NULL ? ui_jstr(c, "region") : "urban");
}

static void
set_unit(const cJSON *u)
{
	char months[16];
	bool was_known = IN.unit != NULL;

	cJSON_Delete(IN.unit);
	IN.unit = u != NULL ? cJSON_Duplicate(u, true) : NULL;
	lock_items(I_MODEL, I_CONTRACT, u != NULL);
	if (u == NULL && !was_known)
		return;
	snprintf(months, sizeof months, "%lld", (long long)ui_jint(u, "warranty_months", 12));
	set_field(I_MODEL, ui_jstr(u, "model"));
	set_field(I_SERIAL, ui_jstr(u, "serial"));
	set_field(I_PURCHASE, ui_jstr(u, "purchase_date"));
	set_field(I_INVOICE, ui_jstr(u, "invoice_no"));
	set_field(I_MONTHS, u != NULL ? months : "");
	set_field(I_CONTRACT, ui_jstr(u, "contract_end"));
}

void
intake_apply_entry(int k)
{
	struct entry e;

	entry_at(k, &e);
	set_customer(e.cust);
	set_unit(e.unit);
	IN.entry = k;
	IN.cursor = k;
}

/* After a new lookup: the row of the customer and unit already chosen,
 * or back to a new customer when they are not among the results. */
static void
rechoose(void)
{
	struct entry e;
	int n = entry_count();

	IN.entry = -1;
	for (int k = 0; IN.cust != NULL && k < n; k++) {
		entry_at(k, &e);
		if (e.cust != NULL && ui_jint(e.cust, "id", 0) == ui_jint(IN.cust, "id", -1) &&
		    (e.unit == NULL) == (IN.unit == NULL) &&
		    (e.unit == NULL || ui_jint(e.unit, "id", 0) == ui_jint(IN.unit, "id", -1))) {
			IN.entry = IN.cursor = k;
			return;
		}
	}
	if (IN.cust != NULL)
		intake_apply_entry(n - 1);
	IN.entry = -1;
	IN.cursor = 0;
}

/* ---- the lookup */

static bool
valid_phone(const char *s)
{
	size_t digits = strspn(s + (s[0] == '+'), "0123456789");

	return s[digits + (s[0] == '+')] == '\0' && digits >= 7 && digits <= 20;
}

static void
lookup(struct app *a)
{
	char phone[64];
	cJSON *args;

	form_text(&IN.form, I_PHONE, phone, sizeof phone);
	a->timer_at = 0;
	if (!valid_phone(phone)) {
		ui_message(a, true, "%s", _("A phone is 7 to 20 digits, maybe with a leading +"));
		return;
	}
	args = cJSON_CreateObject();
	cJSON_AddStringToObject(args, "phone", phone);
	cJSON_AddNumberToObject(args, "limit", 20);
	IN.find_id = net_send(a, "customer.find", args);
	ui_copy(IN.looked_up, sizeof IN.looked_up, phone);
}

/* The phone changed: look it up when the typing pauses; a new customer's
 * phones follow the caller's phone while they still match it. */
static void
phone_edited(struct app *a, const char *before)
{
	char phone[64], phones[256];

	form_text(&IN.form, I_PHONE, phone, sizeof phone);
	form_text(&IN.form, I_PHONES, phones, sizeof phones);
	if (IN.cust == NULL && (phones[0] == '\0' || strcmp(phones, before) == 0))
		set_field(I_PHONES, phone);
	if (valid_phone(phone) && strcmp(phone, IN.looked_up) != 0)
		a->timer_at = ui_now_ms() + LOOKUP_DELAY_MS;
	else
		a->timer_at = 0;
}

static void
intake_tick(struct app *a)
{
	lookup(a);
}

static void
on_found(struct app *a, const cJSON *msg)
{
	const cJSON *found = cJSON_GetObjectItemCaseSensitive(reply_result(msg),
	    "customers");
	char text[512];

	IN.find_id = 0;
	if (!reply_ok(msg) || !cJSON_IsArray(found)) {
		net_error_text(msg, text, sizeof text);
		ui_message(a, true, _("Lookup failed: %s"), text);
		return;
	}
	cJSON_Delete(IN.found);
	IN.found = cJSON_Duplicate(found, true);
	rechoose();
	if (IN.focus_results && IN.form.focus == I_PHONE) {
		if (cJSON_GetArraySize(IN.found) > 0)
			IN.form.focus = I_RESULTS;
		else
			form_move(&IN.form, 1, false);
	}
	IN.focus_results = false;
}

/* ---- drawing */

static void
entry_text(const struct entry *e, char *buf, size_t len)
{
	char phones[128];
	size_t n;

	if (e->cust == NULL) {
		snprintf(buf, len, "%s", _("+ a new customer"));
		return;
	}
	ui_jjoin(e->cust, "phones", phones, sizeof phones);
	n = (size_t)snprintf(buf, len, "%s  %s  %s  %s  |  ", ui_jstr(e->cust, "name"),
	    phones, label_region(ui_jstr(e->cust, "region")), ui_jstr(e->cust, "address"));
	if (n >= len)
		return;
	if (e->unit == NULL)
		snprintf(buf + n, len - n, "%s", _("+ a new unit"));
	else
		snprintf(buf + n, len - n, _("%s  serial %s  bought %s"),
		    ui_jstr(e->unit, "model"), ui_jstr(e->unit, "serial"),
		    ui_jstr(e->unit, "purchase_date"));
}

static void
results_header(struct app *a, int y)
{
	char buf[256];
	int n = cJSON_GetArraySize(IN.found);

	if (IN.find_id > 0)
		snprintf(buf, sizeof buf, "%s", _("Looking up the caller..."));
	else if (IN.found == NULL)
		snprintf(buf, sizeof buf, "%s", _("Type the caller's phone: the customers "
		    "with that number are listed here"));
	else if (n == 0)
		snprintf(buf, sizeof buf, _("No customer has the phone %s: type a new "
		    "customer below"), IN.looked_up);
	else
		snprintf(buf, sizeof buf, ngettext("%d customer with the phone %s: "
		    "Enter takes the row", "%d customers with the phone %s: Enter takes "
		    "the row", n), n, IN.looked_up);
	attrset(IN.form.items[I_RESULTS].error ? ui_attr(a, UI_C_ERROR) : A_BOLD);
	ui_put(y, 1, COLS - 2, buf);
	attrset(A_NORMAL);
}

static void
draw_results(struct app *a, int y)
{
	int n = cJSON_GetArraySize(IN.found) > 0 ? entry_count() : 0, first;
	bool focus = IN.form.focus == I_RESULTS;
	struct entry e;
	char buf[512];

	results_header(a, y);
	first = IN.cursor >= RESULT_LINES ? IN.cursor - RESULT_LINES + 1 : 0;
	for (int i = 0; i < RESULT_LINES && first + i < n; i++) {
		entry_at(first + i, &e);
		entry_text(&e, buf, sizeof buf);
		attrset(focus && first + i == IN.cursor ? A_REVERSE : A_NORMAL);
		ui_put(y + 1 + i, 3, COLS - 4, buf);
		attrset(A_NORMAL);
		ui_put(y + 1 + i, 1, 2, first + i == IN.entry ? "*" : "");
	}
}

/* "Customer: new" / "Customer: no. 12, from the list", and the unit's. */
static void
draw_sections(struct app *a, int y)
{
	char buf[256];

	attrset(ui_attr(a, UI_C_TITLE));
	if (IN.cust != NULL)
		snprintf(buf, sizeof buf, _("Customer no. %lld (known)"),
		    (long long)ui_jint(IN.cust, "id", 0));
	else
		snprintf(buf, sizeof buf, "%s", _("Customer (new)"));
	ui_put(y + 7, 1, COLS - 2, buf);
	if (IN.unit != NULL)
		snprintf(buf, sizeof buf, _("Product unit no. %lld (known)"),
		    (long long)ui_jint(IN.unit, "id", 0));
	else
		snprintf(buf, sizeof buf, "%s", _("Product unit (new; leave empty for none)"));
	ui_put(y + 10, 1, COLS - 2, buf);
	ui_put(y + 15, 1, COLS - 2, _("Call"));
	attrset(A_NORMAL);
}

/* Warranty, and the class the daemon will decide (or the override). */
static void
draw_preview(struct app *a, int y)
{
	char why[128], line[512], cls[2] = { 0, 0 };
	const char *override = form_code(&IN.form, I_CLASS);

	cls[0] = intake_preview(a, why, sizeof why);
	if (strcmp(override, "auto") != 0)
		snprintf(line, sizeof line, _("Warranty: %s.  Service class: %s, "
		    "overridden (computed: %s)"), why, label_class(override), cls);
	else
		snprintf(line, sizeof line, _("Warranty: %s.  Service class: %s "
		    "(computed here; the daemon decides)"), why,
		    cls[0] == '?' ? "?" : label_class(cls));
	attrset(cls[0] == '?' ? ui_attr(a, UI_C_NEAR) : A_BOLD);
	ui_put(y, 1, COLS - 2, line);
	attrset(A_NORMAL);
}

static void
draw_banner(struct app *a, int y)
{
	if (!IN.banner[0])
		return;
	attrset(ui_attr(a, UI_C_STATUS) | A_BOLD);
	ui_put(y, 1, COLS - 2, "");
	ui_put(y, 3, COLS - 4, IN.banner);
	attrset(A_NORMAL);
}

static void
draw_title(struct app *a, int y)
{
	const char *status = IN.save_id > 0 ? _("Saving...") :
	    IN.resend ? _("Waiting for the connection to save") : "";

	attrset(ui_attr(a, UI_C_TITLE));
	ui_put(y, 1, COLS / 2, _("New call"));
	attrset(A_NORMAL);
	ui_put_right(y, COLS / 2, COLS - COLS / 2 - 1, status);
}

static void
intake_draw(struct app *a, int top, int rows)
{
	int y = top + 2, x, w;

	(void)rows;
	draw_title(a, top);
	draw_banner(a, top + 1);
	draw_sections(a, y);
	draw_results(a, y + 1);
	draw_preview(a, y + 13);
	form_place(&IN.form.items[I_PHONE], &x, &w);
	ui_put(y, x + w + 1, COLS - x - w - 2,
	    _("Enter: look up now (also while you type)"));
	form_draw(a, &IN.form, y);
}

/* ---- keys */

static bool
is_save(int type, wint_t key)
{
	return (type == OK && key == CTRL_S) || (type == KEY_CODE_YES && key == KEY_F(2));
}

/* Keys of the results list; false for the others. */
static bool
results_key(int type, wint_t key)
{
	int n = IN.found != NULL ? entry_count() : 0;

	if (type == KEY_CODE_YES && key == KEY_UP && IN.cursor > 0)
		IN.cursor--;
	else if (type == KEY_CODE_YES && key == KEY_DOWN && IN.cursor + 1 < n)
		IN.cursor++;
	else if (ui_key_enter(type, key) || (type == OK && key == ' ')) {
		intake_apply_entry(IN.cursor);
		form_move(&IN.form, 1, false);
	} else
		return false;
	return true;
}

static void
enter_key(struct app *a)
{
	if (IN.form.focus == I_PHONE) {
		IN.focus_results = true;
		lookup(a);
	} else
		form_move(&IN.form, 1, true);
}

/* Moves between fields; false for other keys. */
static bool
move_key(struct app *a, int type, wint_t key)
{
	if ((type == OK && key == '\t') || (type == KEY_CODE_YES && key == KEY_DOWN))
		form_move(&IN.form, 1, cJSON_GetArraySize(IN.found) > 0);
	else if (type == KEY_CODE_YES && (key == KEY_BTAB || key == KEY_UP))
		form_move(&IN.form, -1, cJSON_GetArraySize(IN.found) > 0);
	else if (ui_key_enter(type, key))
		enter_key(a);
	else
		return false;
	return true;
}

static bool
edit_key(struct app *a, int type, wint_t key)
{
	char before[64];
	int focus = IN.form.focus;

	form_text(&IN.form, I_PHONE, before, sizeof before);
	if (!form_edit(&IN.form, type, key))
		return false;
	if (focus == I_PHONE)
		phone_edited(a, before);
	update_visibility();
	return true;
}

/* F7: the caller complains; the complaint form takes the customer chosen
 * here (or the phone to look up) and the ticket just registered. */
static void
open_complaint(struct app *a)
{
	char phone[64];

	form_text(&IN.form, I_PHONE, phone, sizeof phone);
	complaint_intake_show(a, IN.cust, phone, IN.last_no, &ui_intake_view);
}

/* F3, F4, F7, F8 and saving. */
static bool
command_key(struct app *a, int type, wint_t key)
{
	if (is_save(type, key))
		intake_save(a);
	else if (type != KEY_CODE_YES)
		return false;
	else if (key == KEY_F(8)) {
		intake_reset(a);
		IN.banner[0] = '\0';
		ui_message(a, false, "%s", _("New call"));
	} else if (key == KEY_F(3) && IN.last_no[0])
		detail_show(a, IN.last_no, &ui_intake_view);
	else if (key == KEY_F(4))
		ui_switch(a, &ui_queue_view);
	else if (key == KEY_F(7))
		open_complaint(a);
	else
		return false;
	return true;
}

static unsigned
intake_key(struct app *a, int type, wint_t key)
{
	bool done = command_key(a, type, key) ||
	    (IN.form.focus == I_RESULTS && results_key(type, key)) ||
	    move_key(a, type, key) || edit_key(a, type, key);

	return done ? UI_HANDLED | UI_REDRAW : 0;
}

/* ---- the view */

static void
intake_open(struct app *a)
{
	if (!IN.request_key[0])
		intake_reset(a);
}

static bool
intake_message(struct app *a, const cJSON *msg)
{
	int64_t id = ui_jint(msg, "id", -1);

	if (id > 0 && id == IN.find_id)
		on_found(a, msg);
	else if (id > 0 && id == IN.save_id)
		intake_on_saved(a, msg);
	else
		return false;
	a->dirty = true;
	return true;
}

static void
intake_session(struct app *a, enum ui_session_event ev)
{
	if (ev == UI_DISCONNECTED && IN.save_id > 0) {
		IN.save_id = 0;
		IN.resend = true;
		ui_message(a, true, "%s", _("The connection dropped while saving: the call "
		    "is sent again when it is back (it is not registered twice)"));
	}
	if (ev == UI_DISCONNECTED)
		IN.find_id = 0;
	else if (ev == UI_LOGGED_IN && IN.resend)
		intake_save(a);
	else if (ev == UI_LOGGED_OUT) {
		IN.request_key[0] = IN.banner[0] = IN.last_no[0] = '\0';
		IN.resend = false;
	}
}

const struct view_ops ui_intake_view = {
	.name = "intake",
	.title = N_("New call"),
	.open = intake_open,
	.draw = intake_draw,
	.key = intake_key,
	.on_message = intake_message,
	.on_session = intake_session,
	.help = intake_help,
	.bar = intake_bar,
	.tick = intake_tick,
};
