/*
 * screen/complaint_intake.c: the operator's complaint intake.
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
