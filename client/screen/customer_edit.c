/*
 * screen/customer_edit.c: the customer file's edit form, for the customer
 * (customer.save) or one of their units (unit.save), opened from the file
 * (screen/customer_file.c) with the record as the file read it. The save
 * sends the record's `version`: when someone else changed it meanwhile the
 * daemon refuses with a conflict, which is said in words (never a code),
 * and the form goes back to the file, which reads itself again, so the
 * change is typed again on what is there now. Any other refusal lands on
 * its field, the text as typed. Ctrl-S or F2 saves; Esc goes back, asking
 * first when something was typed.
 */
#include "client/screen/intake.h"
#include "client/screen/screens.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/domain.h"
#include "common/records.h"

/* The items of either form, in Tab order: the customer's, the unit's. */
enum customer_item { E_NAME, E_REGION, E_PHONES, E_ADDRESS, E_NOTES, E_ABROAD, E_EMAIL,
	E_CUSTOMER_COUNT };
enum unit_item { E_MODEL, E_SERIAL, E_PURCHASE, E_MONTHS, E_INVOICE, E_CONTRACT,
	E_UNIT_COUNT };
#define E_MAX ((int)E_CUSTOMER_COUNT > (int)E_UNIT_COUNT ? (int)E_CUSTOMER_COUNT : \
	(int)E_UNIT_COUNT)

static const char *const yes_no[] = { "no", "yes", NULL };

static const char *
yes_no_label(const char *code)
{
	return strcmp(code, "yes") == 0 ? _("yes") : _("no");
}

/* Empty: no address (messages go by SMS); else one the daemon takes. */
static const char *
email_problem(const struct form *f, int item, const char *text)
{
	(void)f;
	(void)item;
	return text[0] == '\0' || valid_email(text) ? NULL :
	    N_("E-mail: an address like name@example.com");
}

static const struct form_item customer_items[E_CUSTOMER_COUNT] = {
	[E_NAME] = { FK_TEXT, N_("Name"), "name", 0, 0, 2, CUSTOMER_NAME_MAX, NULL, NULL,
	    0, .flags = FF_REQUIRED, .check = FC_NAME },
	[E_REGION] = { FK_CHOICE, N_("Region"), "region", 0, 2, 1, 0, region_names,
	    label_region, 0 },
	[E_PHONES] = { FK_TEXT, N_("Phones"), "phones", 1, 0, 3, 110, NULL, NULL, 0,
	    .flags = FF_REQUIRED, .check = FC_PHONE },
	[E_ADDRESS] = { FK_TEXT, N_("Address"), "address", 2, 0, 3, ADDRESS_MAX, NULL, NULL, 0 },
	[E_NOTES] = { FK_TEXT, N_("Notes"), "notes", 3, 0, 3, CUSTOMER_NOTES_MAX, NULL, NULL,
	    0, .flags = FF_COUNT },
	[E_ABROAD] = { FK_CHOICE, N_("Abroad"), "abroad", 4, 0, 1, 0, yes_no, yes_no_label, 0 },
	[E_EMAIL] = { FK_TEXT, N_("E-mail"), "email", 4, 1, 2, EMAIL_MAX, NULL, NULL, 0,
	    .check_fn = email_problem },
};

/* The purchase date spans two columns: with its `*` it does not fit one
 * at 80 columns. */
static const struct form_item unit_items[E_UNIT_COUNT] = {
	[E_MODEL] = { FK_TEXT, N_("Model"), "model", 0, 0, 1, MODEL_MAX, NULL, NULL, 0,
	    .flags = FF_REQUIRED },
	[E_SERIAL] = { FK_TEXT, N_("Serial no."), "serial", 0, 1, 2, SERIAL_MAX, NULL, NULL, 0,
	    .flags = FF_REQUIRED, .check = FC_SERIAL },
	[E_PURCHASE] = { FK_TEXT, N_("Purchase date"), "purchase_date", 1, 0, 2, 10, NULL,
	    NULL, 0, .flags = FF_REQUIRED, .check = FC_DATE },
	[E_MONTHS] = { FK_TEXT, N_("Warranty months"), "warranty_months", 1, 2, 1, 3, NULL,
	    NULL, 0, .check = FC_INTEGER, .lo = 0, .hi = 120 },
	[E_INVOICE] = { FK_TEXT, N_("Invoice no."), "invoice_no", 2, 0, 2,
	    INVOICE_NO_MAX, NULL, NULL, 0 },
	[E_CONTRACT] = { FK_TEXT, N_("Contract end"), "contract_end", 2, 2, 1, 10, NULL,
	    NULL, 0, .check = FC_DATE },
};

struct customer_edit {
	struct form form;
	struct form_item items[E_MAX];
	cJSON *customer;        /* the customer as read (id, version, ...) */
	cJSON *unit;            /* the unit being edited, or NULL: the customer */
	int64_t save_id;        /* the save in flight, 0: none */
	char error[512];
};

static struct customer_edit *
edit_of(struct app *a)
{
	return ui_view_of(a, &ui_customer_edit_view)->priv;
}

/* ---- filling the form from the record */

static void
set_text(struct customer_edit *e, int item, const char *text)
{
	ui_field_set(&e->items[item].field, text);
}

static void
fill_customer(struct customer_edit *e)
{
	const cJSON *c = e->customer;
	char phones[256];

	ui_jjoin(c, "phones", phones, sizeof phones);
	set_text(e, E_NAME, ui_jstr(c, "name"));
	set_text(e, E_PHONES, phones);
	set_text(e, E_ADDRESS, ui_jstr(c, "address"));
	set_text(e, E_NOTES, ui_jstr(c, "notes"));
	set_text(e, E_EMAIL, ui_jstr(c, "email"));
	form_set_code(&e->form, E_REGION, ui_jstr(c, "region"));
	form_set_code(&e->form, E_ABROAD, ui_jbool(c, "abroad") ? "yes" : "no");
}

static void
fill_unit(struct customer_edit *e)
{
	const cJSON *u = e->unit;
	char months[16];

	/* a saved unit has its months; none shown: the daemon's default applies */
	if (ui_jint(u, "warranty_months", -1) >= 0)
		snprintf(months, sizeof months, "%lld", (long long)ui_jint(u, "warranty_months", -1));
	else
		months[0] = '\0';
	set_text(e, E_MODEL, ui_jstr(u, "model"));
	set_text(e, E_SERIAL, ui_jstr(u, "serial"));
	set_text(e, E_PURCHASE, ui_jstr(u, "purchase_date"));
	set_text(e, E_MONTHS, months);
	set_text(e, E_CONTRACT, ui_jstr(u, "contract_end"));
	set_text(e, E_INVOICE, ui_jstr(u, "invoice_no"));
}

void
customer_edit_show(struct app *a, const cJSON *customer, const cJSON *unit,
    const struct view_ops *back)
{
	struct customer_edit *e = edit_of(a);
	int n = unit != NULL ? (int)E_UNIT_COUNT : (int)E_CUSTOMER_COUNT;

	if (e->save_id > 0)
		net_cancel(a, e->save_id);
	e->save_id = 0;
	cJSON_Delete(e->customer);
	cJSON_Delete(e->unit);
	e->customer = cJSON_Duplicate(customer, true);
	e->unit = unit != NULL ? cJSON_Duplicate(unit, true) : NULL;
	memset(e->items, 0, sizeof e->items);
	memcpy(e->items, unit != NULL ? unit_items : customer_items, (size_t)n * sizeof *e->items);
	e->form.items = e->items;
	e->form.n = n;
	form_init(&e->form);
	if (unit != NULL)
		fill_unit(e);
	else
		fill_customer(e);
	form_saved(&e->form);
	e->error[0] = '\0';
	ui_show(a, &ui_customer_edit_view, back);
}

/* ---- saving */

static void
add_text(cJSON *o, const char *name, const struct form *f, int item)
{
	char buf[UI_FIELD_MAX * 4 + 1];

	form_text(f, item, buf, sizeof buf);
	cJSON_AddStringToObject(o, name, buf);
}

static void
add_id_version(cJSON *args, const cJSON *record)
{
	cJSON_AddNumberToObject(args, "id", (double)ui_jint(record, "id", 0));
	cJSON_AddNumberToObject(args, "version", (double)ui_jint(record, "version", 0));
}

/* customer.save's arguments: emptied notes are sent empty (absent would
 * keep the stored text); the address only when it was changed, so that a
 * file kept from before addresses were required saves with none, and an
 * address emptied is the daemon's refusal (never blank, common/records.c). */
static cJSON *
customer_args(const struct customer_edit *e)
{
	static const struct customer_items fields = { E_NAME, E_PHONES, E_REGION, E_ADDRESS };
	cJSON *args = intake_new_customer(&e->form, &fields);
	char address[UI_FIELD_MAX * 4 + 1];

	add_id_version(args, e->customer);
	form_text(&e->form, E_ADDRESS, address, sizeof address);
	if (strcmp(address, ui_jstr(e->customer, "address")) == 0)
		cJSON_DeleteItemFromObjectCaseSensitive(args, "address");
	else if (!cJSON_HasObjectItem(args, "address"))
		cJSON_AddStringToObject(args, "address", "");
	add_text(args, "notes", &e->form, E_NOTES);
	add_text(args, "email", &e->form, E_EMAIL);   /* emptied: removed */
	cJSON_AddBoolToObject(args, "abroad", strcmp(form_code(&e->form, E_ABROAD), "yes") == 0);
	return args;
}

/* unit.save's arguments: an emptied contract end removes the contract
 * (null); months go as a number when they are one, else as typed for the
 * daemon to name the field. */
static cJSON *
unit_args(const struct customer_edit *e)
{
	cJSON *args = cJSON_CreateObject();
	char months[16], end[16], *rest;
	long m;

	add_id_version(args, e->unit);
	cJSON_AddNumberToObject(args, "customer_id", (double)ui_jint(e->unit, "customer_id", 0));
	add_text(args, "model", &e->form, E_MODEL);
	add_text(args, "serial", &e->form, E_SERIAL);
	add_text(args, "purchase_date", &e->form, E_PURCHASE);
	add_text(args, "invoice_no", &e->form, E_INVOICE);
	form_text(&e->form, E_MONTHS, months, sizeof months);
	m = strtol(months, &rest, 10);
	if (months[0] && *rest == '\0')
		cJSON_AddNumberToObject(args, "warranty_months", (double)m);
	else if (months[0])
		cJSON_AddStringToObject(args, "warranty_months", months);
	form_text(&e->form, E_CONTRACT, end, sizeof end);
	if (end[0])
		cJSON_AddStringToObject(args, "contract_end", end);
	else
		cJSON_AddNullToObject(args, "contract_end");
	return args;
}

/* "The customer 郑海", "The unit SN-F1": what a message is about. */
static void
record_name(const struct customer_edit *e, char *buf, size_t len)
{
	if (e->unit != NULL)
		snprintf(buf, len, _("The unit %s"), ui_jstr(e->unit, "serial"));
	else
		snprintf(buf, len, _("The customer %s"), ui_jstr(e->customer, "name"));
}

/* Its name alone, for the longer message that must fit 80 columns. */
static const char *
short_name(const struct customer_edit *e)
{
	return e->unit != NULL ? ui_jstr(e->unit, "serial") : ui_jstr(e->customer, "name");
}

/* Back to the file, which reads itself again on the way in. */
static void
back_to_file(struct app *a)
{
	struct view *v = ui_view_of(a, &ui_customer_edit_view);

	form_saved(&((struct customer_edit *)v->priv)->form);
	if (a->view == &ui_customer_edit_view)
		ui_switch(a, v->back != NULL ? v->back : &ui_customer_file_view);
}

static void
on_saved(struct app *a, void *ctx, const cJSON *reply)
{
	struct customer_edit *e = ctx;
	char what[160], text[512];

	e->save_id = 0;
	a->dirty = true;
	record_name(e, what, sizeof what);
	if (reply == NULL) {
		ui_copy(e->error, sizeof e->error, _("The connection dropped while saving: "
		    "once it is back, Ctrl-S saves again (a change saved meanwhile is then "
		    "reported as made by someone else)"));
		return;
	}
	if (reply_ok(reply)) {
		back_to_file(a);
		ui_message(a, false, _("%s is saved"), what);
	} else if (strcmp(reply_code(reply), "conflict") == 0 &&
	    strcmp(reply_field(reply), "version") == 0) {
		back_to_file(a);
		ui_message(a, true, _("%s: changed by someone else meanwhile; reloaded, type "
		    "your change again"), short_name(e));
	} else {
		form_refused(&e->form, reply, NULL, text, sizeof text);
		snprintf(e->error, sizeof e->error, _("Not saved: %s"), text);
	}
}

static unsigned
run_save(struct app *a, struct view *v)
{
	struct customer_edit *e = v->priv;
	cJSON *args;

	if (e->save_id > 0)
		return UI_HANDLED;
	if (form_check(&e->form) > 0) {
		form_errors_text(&e->form, e->error, sizeof e->error);
		return UI_HANDLED | UI_REDRAW;
	}
	args = e->unit != NULL ? unit_args(e) : customer_args(e);
	e->save_id = net_request(a, e->unit != NULL ? "unit.save" : "customer.save", args,
	    on_saved, e);
	if (e->save_id < 0) {
		e->save_id = 0;
		ui_copy(e->error, sizeof e->error, _("Not connected: Ctrl-S saves once the "
		    "connection is back"));
	} else
		e->error[0] = '\0';
	return UI_HANDLED | UI_REDRAW;
}

/* ---- the view */

static void
edit_paint(struct app *a, struct view *v, int top, int rows)
{
	struct customer_edit *e = v->priv;
	char title[256];

	if (e->unit != NULL)
		snprintf(title, sizeof title, _("Edit unit no. %lld of %s (version %lld)"),
		    (long long)ui_jint(e->unit, "id", 0), ui_jstr(e->customer, "name"),
		    (long long)ui_jint(e->unit, "version", 0));
	else
		snprintf(title, sizeof title, _("Edit customer no. %lld (version %lld)"),
		    (long long)ui_jint(e->customer, "id", 0),
		    (long long)ui_jint(e->customer, "version", 0));
	attrset(ui_attr(a, UI_C_TITLE));
	ui_put(top, 1, COLS - 2, title);
	attrset(A_NORMAL);
	if (e->save_id > 0)
		ui_put_right(top, COLS / 2, COLS - COLS / 2 - 1, _("Saving..."));
	form_draw(a, &e->form, top + 2);
	form_draw_error(a, top + (rows < 9 ? rows - 1 : 8), e->error,
	    _("Ctrl-S saves; Esc goes back to the file"));
}

static unsigned
edit_input(struct app *a, struct view *v, ui_key_t key)
{
	struct customer_edit *e = v->priv;
	unsigned r = form_key(&e->form, key, false);

	(void)a;
	if (r != 0) {
		form_clear_errors(&e->form);
		e->error[0] = '\0';
	}
	return r;
}

static bool
edit_unsaved(const struct app *a, const struct view *v)
{
	(void)a;
	return form_unsaved(&((const struct customer_edit *)v->priv)->form);
}

static void
edit_session(struct app *a, struct view *v, enum ui_session_event ev)
{
	struct customer_edit *e = v->priv;

	(void)a;
	if (ev == UI_DISCONNECTED)
		e->save_id = 0;
	else if (ev == UI_LOGGED_OUT) {   /* nothing of a customer's stays */
		form_init(&e->form);
		cJSON_Delete(e->customer);
		cJSON_Delete(e->unit);
		e->customer = e->unit = NULL;
	}
}

static void
edit_destroy(struct app *a, struct view *v)
{
	struct customer_edit *e = v->priv;

	(void)a;
	cJSON_Delete(e->customer);
	cJSON_Delete(e->unit);
}

static const struct ui_key edit_keys[] = {
	{ .key = UI_CTRL('s'), .alt = UI_K(KEY_F(2)), .name = N_("Ctrl-S"),
	    .label = N_("Save"), .help = N_("Check every field and save (also F2)"),
	    .run = run_save },
	{ .key = UI_KEY_ESC, .name = N_("Esc"), .label = N_("Back"),
	    .help = N_("Back to the file (asks first when something was typed)"),
	    .run = ui_key_leave },
	{ .key = UI_KEY_TAB, .name = N_("Tab, Down"),
	    .help = N_("Next field (Shift-Tab, Up: previous); * marks a required field") },
	{ .key = UI_K(KEY_LEFT), .name = N_("Left/Right, Space"), .help = N_("Change a "
	    "choice") },
	{ .key = 0 }
};

const struct view_ops ui_customer_edit_view = {
	.name = "customer_edit",
	.title = N_("Edit customer file"),
	.private_size = sizeof(struct customer_edit),
	.keys = edit_keys,
	.paint = edit_paint,
	.input = edit_input,
	.session = edit_session,
	.unsaved = edit_unsaved,
	.destroy = edit_destroy,
};
