/*
 * screen/complaint_intake.c: the operator's complaint intake
 * (complaint.register).
 *
 * The caller's phone is looked up with the customer picker
 * (widget/custpick.c) as on the call form (Enter); the customer is chosen
 * from the results or, as on the call form, "+ a new customer" (the last
 * row; taken when nobody has the phone) with their name, region and
 * address; then an optional ticket number (a known customer's), channel,
 * the customer's words (their length shown against the daemon's limit)
 * and demand. Required fields carry a `*`; Ctrl-S checks every field (a
 * new customer's with common/records.h's rules) and registers. Opened from the call form (F7, with
 * its customer and last ticket), from the operator's F6 cycle and from
 * the board (n); Esc goes back, asking first when something is typed.
 */
#include "client/screen/complaints.h"
#include "client/screen/screens.h"
#include "client/screen/intake.h"

#include <stdio.h>
#include <string.h>

#include "common/domain.h"
#include "common/records.h"

/* A new customer's fields show only while one is being entered (the
 * phone typed is theirs); the ticket number only for a known customer. */
enum { K_PHONE, K_RESULTS, K_NAME, K_REGION, K_ADDRESS, K_TICKET, K_CHANNEL, K_TEXT,
	K_DEMAND, K_COUNT };
#define RESULT_LINES 4

static const struct form_item item_table[K_COUNT] = {
	[K_PHONE] = { FK_TEXT, N_("Caller phone"), "customer.phones", 0, 0, 2, 24, NULL, NULL,
	    0 },
	[K_RESULTS] = { FK_CUSTOM, N_("Customers"), "customer.id", 1, 0, 3, 0, NULL, NULL,
	    RESULT_LINES },
	[K_NAME] = { FK_TEXT, N_("Name"), "customer.name", 5, 0, 1, CUSTOMER_NAME_MAX,
	    NULL, NULL, 0, .flags = FF_REQUIRED, .check = FC_NAME },
	[K_REGION] = { FK_CHOICE, N_("Region"), "customer.region", 5, 1, 1, 0,
	    region_names, label_region, 0 },
	[K_ADDRESS] = { FK_TEXT, N_("Address"), "customer.address", 6, 0, 3, ADDRESS_MAX, NULL,
	    NULL, 0, .flags = FF_REQUIRED },
	[K_TICKET] = { FK_TEXT, N_("Ticket no."), "ticket_no", 7, 0, 1, 16, NULL, NULL, 0 },
	[K_CHANNEL] = { FK_CHOICE, N_("Channel"), "channel", 7, 1, 1, 0, channel_names,
	    label_channel, 0 },
	[K_TEXT] = { FK_TEXT, N_("Customer's words"), "text", 8, 0, 3, WORDS_MAX, NULL, NULL, 0,
	    .flags = FF_REQUIRED | FF_COUNT },
	[K_DEMAND] = { FK_TEXT, N_("Demand"), "demand", 9, 0, 3, DEMAND_MAX, NULL, NULL, 0,
	    .flags = FF_COUNT },
};

static const struct customer_items new_customer_items = {
	K_NAME, K_PHONE, K_REGION, K_ADDRESS
};

/* The daemon's error fields shown on another item. */
static const char *const cintake_aliases[][2] = {
	{ "customer", "customer.name" }, { NULL, NULL }
};

/* The view's state (ui_complaint_intake_view's priv). */
struct cintake {
	struct form form;
	struct form_item items[K_COUNT];
	struct custpick pick;
	cJSON *cust;            /* the known customer chosen, or NULL */
	bool fresh;             /* a new customer is being entered */
	bool resend;            /* a save lost with the connection: resend */
	int64_t save_id;
	char request_key[80];
	char banner[256];
	char error[512];        /* what is wrong with the last save */
};

/* Which fields apply: a new customer's, or a known one's ticket. The
 * caller's phone is a new customer's phone: required then. */
static void
show_customer_fields(struct cintake *ci)
{
	struct form_item *it = ci->items;

	it[K_NAME].hidden = it[K_REGION].hidden = it[K_ADDRESS].hidden = !ci->fresh;
	it[K_TICKET].hidden = ci->fresh;   /* a new customer has no tickets */
	it[K_PHONE].flags = ci->fresh ? FF_REQUIRED : 0;
	it[K_PHONE].check = ci->fresh ? FC_PHONE : FC_ANY;
}

/* c: a known customer (copied); NULL: a new one, typed in below. */
static void
choose_customer(struct cintake *ci, const cJSON *c)
{
	cJSON_Delete(ci->cust);
	ci->cust = c != NULL ? cJSON_Duplicate(c, true) : NULL;
	ci->fresh = c == NULL;
	show_customer_fields(ci);
}

static void
cintake_reset(struct app *a, struct cintake *ci)
{
	form_init(&ci->form);
	form_set_code(&ci->form, K_CHANNEL, "phone");
	form_set_code(&ci->form, K_REGION, "urban");
	custpick_reset(a, &ci->pick);
	cJSON_Delete(ci->cust);
	ci->cust = NULL;
	ci->fresh = ci->resend = false;
	show_customer_fields(ci);
	ci->save_id = 0;
	ci->error[0] = '\0';
	request_key_new(a, ci->request_key, sizeof ci->request_key);
}

/* After a lookup: the known customer chosen stays chosen only when the
 * results still hold them; with nobody found, a new customer is typed
 * in. The focus goes to the results, or to the new customer's name. */
static void
on_found(struct app *a, void *host, bool ok)
{
	struct cintake *ci = host;
	int k = custpick_find(&ci->pick, ui_jint(ci->cust, "id", -1), 0);

	if (!ok)
		return;
	if (k < 0) {
		cJSON_Delete(ci->cust);
		ci->cust = NULL;
	}
	ci->pick.chosen = k;
	ci->fresh = ci->fresh || custpick_count(&ci->pick) == 0;
	show_customer_fields(ci);
	if (custpick_count(&ci->pick) > 0) {
		ci->form.focus = K_RESULTS;
		return;
	}
	ci->form.focus = K_NAME;
	ui_message(a, false, _("No customer has the phone %s: type a new customer below"),
	    ci->pick.looked_up);
}

static unsigned cintake_key(struct app *a, void *host, ui_key_t key);

static struct cintake *
cintake_of(struct app *a)
{
	struct cintake *ci = ui_view_of(a, &ui_complaint_intake_view)->priv;

	if (ci->form.items == NULL) {
		memcpy(ci->items, item_table, sizeof ci->items);
		ci->form.items = ci->items;
		ci->form.n = K_COUNT;
		ci->pick = (struct custpick){ .rows = RESULT_LINES - 1, .found_fn = on_found,
		    .key_fn = cintake_key, .host = ci, .chosen = -1 };
	}
	return ci;
}

/* With a customer chosen on the call form the lookup is skipped; with only
 * a phone it is looked up at once. */
void
complaint_intake_show(struct app *a, const cJSON *customer, const char *phone,
    const char *ticket_no, const struct view_ops *back)
{
	struct cintake *ci = cintake_of(a);

	cintake_reset(a, ci);
	ci->banner[0] = '\0';
	ui_field_set(&ci->items[K_PHONE].field, phone);
	ui_field_set(&ci->items[K_TICKET].field, ticket_no);
	if (customer != NULL) {
		choose_customer(ci, customer);
		ci->pick.found = cJSON_CreateArray();
		cJSON_AddItemToArray(ci->pick.found, cJSON_Duplicate(customer, true));
		ci->pick.chosen = 0;
		ci->form.focus = K_TEXT;
	}
	ui_show(a, &ui_complaint_intake_view, back);
	if (customer == NULL && phone != NULL && phone[0])
		custpick_lookup(a, &ci->pick, phone);
}

/* ---- drawing */

static void
cintake_paint(struct app *a, struct view *v, int top, int rows)
{
	struct cintake *ci = v->priv;

	(void)rows;
	attrset(ui_attr(a, UI_C_TITLE));
	ui_put(top, 1, COLS - 2, _("New complaint"));
	attrset(A_BOLD);
	ui_put(top + 1, 1, COLS - 2, ci->banner);
	attrset(A_NORMAL);
	form_draw(a, &ci->form, top + 2);
	custpick_draw(a, &ci->pick, top + 3, ci->form.focus == K_RESULTS,
	    ci->items[K_RESULTS].error);
	form_draw_error(a, top + 12, ci->error, _("Enter on the phone looks it up; "
	    "Ctrl-S registers the complaint; Esc goes back"));
}

/* ---- saving */

/* customer: {"id"} of the one chosen, or the new one's fields. */
static void
add_customer(const struct cintake *ci, cJSON *args)
{
	cJSON *cust;

	if (ci->fresh) {
		cJSON_AddItemToObject(args, "customer",
		    intake_new_customer(&ci->form, &new_customer_items));
		return;
	}
	cust = cJSON_AddObjectToObject(args, "customer");
	cJSON_AddNumberToObject(cust, "id", (double)ui_jint(ci->cust, "id", 0));
}

static cJSON *
register_args(const struct cintake *ci)
{
	cJSON *args = cJSON_CreateObject();
	char buf[UI_FIELD_MAX * 4 + 1];

	cJSON_AddStringToObject(args, "request_key", ci->request_key);
	cJSON_AddStringToObject(args, "channel", form_code(&ci->form, K_CHANNEL));
	add_customer(ci, args);
	for (int i = K_TICKET; i <= K_DEMAND; i++) {
		if (i == K_CHANNEL || ci->items[i].hidden)
			continue;
		form_text(&ci->form, i, buf, sizeof buf);
		if (buf[0] || i == K_TEXT)
			cJSON_AddStringToObject(args, ci->items[i].wire, buf);
	}
	return args;
}

/* A customer chosen and every field right, or (false) what is wrong. */
static bool
ready_to_send(struct app *a, struct cintake *ci)
{
	if (ci->cust == NULL && !ci->fresh) {
		snprintf(ci->error, sizeof ci->error, "%s",
		    _("Choose the customer first (their phone, then Enter)"));
		ci->form.focus = K_PHONE;
	} else if (form_check(&ci->form) > 0) {
		form_errors_text(&ci->form, ci->error, sizeof ci->error);
	} else {
		ci->error[0] = '\0';
		return true;
	}
	ui_message(a, true, "%s", ci->error);
	return false;
}

static void on_registered(struct app *a, void *ctx, const cJSON *reply);

/* The request_key stays the form's until a complaint is registered: a
 * retry after a lost answer gets the same complaint (and customer). */
static void
cintake_save(struct app *a, struct cintake *ci)
{
	if (ci->save_id > 0 || (!ci->resend && !ready_to_send(a, ci)))
		return;
	ci->resend = false;
	ci->save_id = net_request(a, "complaint.register", register_args(ci),
	    on_registered, ci);
	if (ci->save_id <= 0) {
		ci->save_id = 0;
		ui_message(a, true, "%s", _("Not connected: try again in a moment"));
	}
}

static void
on_registered(struct app *a, void *ctx, const cJSON *reply)
{
	struct cintake *ci = ctx;

	ci->save_id = 0;
	if (reply == NULL) {
		ci->resend = true;
		ui_message(a, true, "%s", _("The connection dropped while saving: the complaint "
		    "is sent again when it is back (it is not registered twice)"));
		return;
	}
	if (!reply_ok(reply)) {
		form_refused(&ci->form, reply, cintake_aliases, ci->error, sizeof ci->error);
		ui_message(a, true, "%s", ci->error);
		return;
	}
	snprintf(ci->banner, sizeof ci->banner, _("Complaint %s registered"),
	    ui_jstr(reply_result(reply), "no"));
	ui_message(a, false, "%s", ci->banner);
	cintake_reset(a, ci);   /* ready for the next complaint; the banner stays */
}

/* ---- keys */

/* Every key the table does not name, and the keys that waited for the
 * lookup. Enter or Space on a row takes that customer, or on the last row
 * a new one (as on the call form), whose fields come next. */
static unsigned
cintake_key(struct app *a, void *host, ui_key_t key)
{
	struct cintake *ci = host;
	struct custpick_row r;
	char phone[64];
	bool taken;
	int k;

	if (custpick_hold(a, &ci->pick, key, ci->form.focus == K_PHONE))
		return UI_HANDLED | UI_REDRAW;
	if (ci->form.focus == K_RESULTS) {
		if ((k = custpick_key(&ci->pick, key, &taken)) >= 0) {
			custpick_row(&ci->pick, k, &r);
			choose_customer(ci, r.cust);
			form_move(&ci->form, 1, false);
		}
		if (taken)
			return UI_HANDLED | UI_REDRAW;
	}
	if (ci->form.focus == K_PHONE && key == UI_KEY_ENTER) {
		form_text(&ci->form, K_PHONE, phone, sizeof phone);
		custpick_lookup(a, &ci->pick, phone);
		return UI_HANDLED | UI_REDRAW;
	}
	return form_key(&ci->form, key, custpick_count(&ci->pick) > 0);
}

static unsigned
cintake_input(struct app *a, struct view *v, ui_key_t key)
{
	return cintake_key(a, v->priv, key);
}

static unsigned
run_register(struct app *a, struct view *v)
{
	struct cintake *ci = v->priv;

	if (ci->pick.nqueue > 0)
		ui_message(a, false, "%s", _("Looking up the caller: save once it is found"));
	else
		cintake_save(a, ci);
	return UI_HANDLED;
}

static const struct ui_key cintake_keys[] = {
	{ UI_CTRL('s'), UI_K(KEY_F(2)), 0, N_("Ctrl-S"), N_("Register"),
	    N_("Check every field and register the complaint (also F2)"), run_register,
	    NULL, NULL },
	{ UI_KEY_ESC, 0, 0, N_("Esc"), N_("Back"),
	    N_("Back (asks first when something is typed)"), ui_key_leave, NULL, NULL },
	{ .key = UI_KEY_ENTER, .name = N_("Enter"), .help = N_("On the phone: look the "
	    "customer up; in the list: take that customer") },
	{ .key = ' ', .name = N_("+ a new customer"), .help = N_("The list's last row "
	    "(taken when nobody has the phone): their name, region and address; the "
	    "phone typed is theirs") },
	{ .key = UI_KEY_TAB, .name = N_("Tab, Down"),
	    .help = N_("Next field (Shift-Tab, Up: previous); * marks a required field") },
	{ 0 }
};

/* ---- the view */

static void
cintake_enter(struct app *a, struct view *v)
{
	struct cintake *ci = cintake_of(a);

	(void)v;
	if (!ci->request_key[0])
		cintake_reset(a, ci);
}

static void
cintake_session(struct app *a, struct view *v, enum ui_session_event ev)
{
	struct cintake *ci = v->priv;

	if (ev == UI_LOGGED_IN && ci->resend && ci->form.items != NULL)
		cintake_save(a, ci);
	else if (ev == UI_LOGGED_OUT) {
		ci->request_key[0] = ci->banner[0] = '\0';
		ci->resend = false;
	}
}

/* Keys that waited too long for the lookup go to what is shown. */
static void
cintake_timer(struct app *a, struct view *v)
{
	custpick_timer(a, &((struct cintake *)v->priv)->pick);
}

static bool
cintake_unsaved(const struct app *a, const struct view *v)
{
	(void)a;
	return form_unsaved(&((const struct cintake *)v->priv)->form);
}

static void
cintake_destroy(struct app *a, struct view *v)
{
	struct cintake *ci = v->priv;

	(void)a;
	custpick_free(&ci->pick);
	cJSON_Delete(ci->cust);
}

const struct view_ops ui_complaint_intake_view = {
	.name = "complaint_intake",
	.title = N_("New complaint"),
	.private_size = sizeof(struct cintake),
	.keys = cintake_keys,
	.enter = cintake_enter,
	.paint = cintake_paint,
	.input = cintake_input,
	.session = cintake_session,
	.timer = cintake_timer,
	.unsaved = cintake_unsaved,
	.destroy = cintake_destroy,
};
