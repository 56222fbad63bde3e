/*
 * screen/contract_edit.c: a maintenance contract typed for a unit
 * (contract.save; doc/domain.md, Maintenance contracts), opened from the
 * customer file (a new contract for the selected unit, or a renewal of
 * the selected contract) and from the renewal queue. A new contract is
 * offered from today for a year; a renewal from the day after the old one
 * ends, for a year, with its visits and price, and `renews` naming it.
 * Visits a year left empty: the daemon's setting. Ctrl-S saves; the
 * daemon's refusal (an overlap, a date) lands on its field.
 */
#include "client/screen/screens.h"
#include "client/widget/editform.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { K_STARTS, K_ENDS, K_VISITS, K_PRICE, K_COUNT };

struct contract_edit {
	struct edit_form e;            /* first: the edit_form_view callbacks */
	struct form_item items[K_COUNT];
	long long unit_id, renews;     /* renews: 0 for a new contract */
	char unit[160];                /* "KFR-35GW SN0001" */
};

static const struct form_item contract_items[K_COUNT] = {
	[K_STARTS] = { .kind = FK_TEXT, .label = N_("Starts"), .wire = "starts", .row = 0,
	    .span = 1, .max = 10, .flags = FF_REQUIRED, .check = FC_DATE },
	[K_ENDS] = { .kind = FK_TEXT, .label = N_("Ends"), .wire = "ends", .row = 0, .col = 1,
	    .span = 1, .max = 10, .flags = FF_REQUIRED, .check = FC_DATE },
	[K_VISITS] = { .kind = FK_TEXT, .label = N_("Visits a year"), .wire = "visits_per_year",
	    .row = 1, .span = 1, .max = 2, .check = FC_INTEGER, .lo = 1, .hi = 12 },
	[K_PRICE] = { .kind = FK_TEXT, .label = N_("Price (yuan)"), .wire = "price", .row = 1,
	    .col = 1, .span = 1, .max = 10, .check = FC_AMOUNT },
};

/* The day `years` years and `days` days after the date ymd, in out. */
static void
date_after(const char *ymd, int years, int days, char *out, size_t len)
{
	struct tm tm = { 0 };

	if (sscanf(ymd, "%d-%d-%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday) != 3) {
		ui_copy(out, len, "");
		return;
	}
	tm.tm_year += years - 1900;
	tm.tm_mon -= 1;
	tm.tm_mday += days;
	tm.tm_hour = 12;
	timegm(&tm);   /* normalises the day */
	strftime(out, len, "%Y-%m-%d", &tm);
}

static void
contract_saved(struct app *a, struct edit_form *e, const cJSON *result)
{
	(void)e;
	ui_message(a, false, _("Contract %lld saved: %s to %s"),
	    (long long)ui_jint(result, "id", 0), ui_jstr(result, "starts"),
	    ui_jstr(result, "ends"));
}

void
contract_edit_show(struct app *a, const cJSON *unit, const cJSON *renews,
    const struct view_ops *back)
{
	struct contract_edit *k = ui_view_of(a, &ui_contract_edit_view)->priv;
	char starts[16], ends[16], price[32], visits[8];

	edit_form_open(a, &k->e, &ui_contract_edit_view, k->items, contract_items, K_COUNT,
	    contract_saved, N_("The connection dropped before the answer: look at the "
	    "customer file before saving again"));
	k->unit_id = ui_jint(renews != NULL ? renews : unit, renews != NULL ? "unit_id" : "id", 0);
	k->renews = renews != NULL ? ui_jint(renews, "id", 0) : 0;
	snprintf(k->unit, sizeof k->unit, "%s %s", ui_jstr(renews != NULL ? renews : unit,
	    "model"), ui_jstr(renews != NULL ? renews : unit, "serial"));
	if (renews != NULL) {
		date_after(ui_jstr(renews, "ends"), 0, 1, starts, sizeof starts);
		snprintf(visits, sizeof visits, "%d", (int)ui_jint(renews, "visits_per_year", 0));
		ui_field_set(&k->items[K_VISITS].field, visits);
		if (!cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(renews, "price"))) {
			ui_yuan(ui_jint(renews, "price", 0), price, sizeof price);
			ui_field_set(&k->items[K_PRICE].field, price);
		}
	} else
		ui_server_today(a, starts, sizeof starts);
	date_after(starts, 1, -1, ends, sizeof ends);
	ui_field_set(&k->items[K_STARTS].field, starts);
	ui_field_set(&k->items[K_ENDS].field, ends);
	ui_show(a, &ui_contract_edit_view, back);
}

static unsigned
run_save(struct app *a, struct view *v)
{
	struct contract_edit *k = v->priv;
	char buf[UI_FIELD_MAX * 4 + 1];
	cJSON *args;

	if (!edit_form_checked(&k->e))
		return UI_HANDLED | UI_REDRAW;
	args = cJSON_CreateObject();
	cJSON_AddNumberToObject(args, "unit_id", (double)k->unit_id);
	if (k->renews > 0)
		cJSON_AddNumberToObject(args, "renews", (double)k->renews);
	form_text(&k->e.form, K_STARTS, buf, sizeof buf);
	cJSON_AddStringToObject(args, "starts", buf);
	form_text(&k->e.form, K_ENDS, buf, sizeof buf);
	cJSON_AddStringToObject(args, "ends", buf);
	form_text(&k->e.form, K_VISITS, buf, sizeof buf);
	if (buf[0])
		cJSON_AddNumberToObject(args, "visits_per_year", (double)atoi(buf));
	form_text(&k->e.form, K_PRICE, buf, sizeof buf);
	if (buf[0])
		cJSON_AddNumberToObject(args, "price",
		    (double)(long long)(strtod(buf, NULL) * 100 + 0.5));
	edit_form_save(a, &k->e, "contract.save", args);
	return UI_HANDLED | UI_REDRAW;
}

static void
contract_edit_paint(struct app *a, struct view *v, int top, int rows)
{
	struct contract_edit *k = v->priv;
	char title[256], line[256];

	if (k->renews > 0)
		snprintf(title, sizeof title, _("Renew contract %lld"), k->renews);
	else
		ui_copy(title, sizeof title, _("New maintenance contract"));
	edit_form_draw(a, &k->e, title, top, rows,
	    _("Ctrl-S saves; visits a year empty: the setting; Esc goes back"));
	snprintf(line, sizeof line, _("Unit: %s"), k->unit);
	ui_put(top + 1, 1, COLS - 2, line);
}

static const struct ui_key contract_edit_keys[] = {
	{ .key = UI_CTRL('s'), .alt = UI_K(KEY_F(2)), .name = N_("Ctrl-S"),
	  .label = N_("Save"), .help = N_("Check every field and save the contract (also F2)"),
	  .run = run_save },
	{ .key = UI_KEY_ESC, .name = N_("Esc"), .label = N_("Back"),
	  .help = N_("Back to where it was opened from (asks first when something was typed)"),
	  .run = ui_key_leave },
	{ .key = UI_KEY_TAB, .name = N_("Tab, Down"),
	  .help = N_("Next field (Shift-Tab, Up: previous); * marks a required field") },
	{ 0 }
};

const struct view_ops ui_contract_edit_view = {
	.name = "contract_edit",
	.title = N_("Maintenance contract"),
	.private_size = sizeof(struct contract_edit),
	.keys = contract_edit_keys,
	.paint = contract_edit_paint,
	.input = edit_form_view_input,
	.session = edit_form_view_session,
	.unsaved = edit_form_view_unsaved,
};
