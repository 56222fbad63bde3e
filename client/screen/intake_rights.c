/*
 * screen/intake_rights.c: the call form's entitlements banner. Once a unit
 * is chosen (or a new one's purchase date typed), the daemon says what a
 * repair call about it would give today (unit.entitlements: refund or
 * exchange and the days left, the repair it would repeat and who fixed it
 * when, the contract, the unit's open tickets), and the banner shows it
 * before the call is saved, so that the operator tells the caller. The
 * rules are the daemon's (sql/functions/45_entitlements.sql); this file only asks
 * and shows. After the save the same words stay as what to tell the
 * caller about the new ticket, until the next unit is chosen.
 */
#include "client/screen/intake.h"
#include "client/screen/screens.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RIGHTS_LINES 2

/* What to ask about, as a key ("" when nothing), and its arguments. */
static void
rights_key(const struct intake *in, char *key, size_t len, cJSON **args)
{
	char bought[16], months[8], end[16];

	key[0] = '\0';
	*args = NULL;
	if (in->unit != NULL) {
		snprintf(key, len, "unit:%lld", (long long)ui_jint(in->unit, "id", 0));
		*args = cJSON_CreateObject();
		cJSON_AddNumberToObject(*args, "unit_id", (double)ui_jint(in->unit, "id", 0));
		return;
	}
	form_text(&in->form, I_PURCHASE, bought, sizeof bought);
	form_text(&in->form, I_MONTHS, months, sizeof months);
	form_text(&in->form, I_CONTRACT, end, sizeof end);
	if (form_date_num(bought) < 0 || (end[0] && form_date_num(end) < 0) ||
	    (months[0] && form_check_text(&in->items[I_MONTHS], months) != NULL))
		return;   /* not yet a date: nothing to ask */
	snprintf(key, len, "terms:%s|%s|%s", bought, months, end);
	*args = cJSON_CreateObject();
	cJSON_AddStringToObject(*args, "purchase_date", bought);
	/* none typed: the daemon's default_warranty_months, as a save gets */
	if (months[0])
		cJSON_AddNumberToObject(*args, "warranty_months",
		    (double)strtol(months, NULL, 10));
	if (end[0])
		cJSON_AddStringToObject(*args, "contract_end", end);
}

void
intake_rights_clear(struct app *a, struct intake *in)
{
	if (in->rights_id > 0)
		net_cancel(a, in->rights_id);
	in->rights_id = 0;
	cJSON_Delete(in->rights);
	in->rights = NULL;
	in->rights_for[0] = '\0';
}

/* A refusal (a purchase date after today, say) shows no banner: the form's
 * own checks and the save say what is wrong. */
static void
on_rights(struct app *a, void *ctx, const cJSON *reply)
{
	struct intake *in = ctx;

	in->rights_id = 0;
	if (reply == NULL) {
		in->rights_for[0] = '\0';   /* asked again after the next key */
		return;
	}
	if (!reply_ok(reply))
		return;
	cJSON_Delete(in->rights);
	in->rights = cJSON_Duplicate(reply_result(reply), true);
	in->told.n = 0;
	a->dirty = true;
}

void
intake_rights_update(struct app *a, struct intake *in)
{
	char key[sizeof in->rights_for];
	cJSON *args;

	rights_key(in, key, sizeof key, &args);
	if (strcmp(key, in->rights_for) == 0) {
		cJSON_Delete(args);
		return;
	}
	intake_rights_clear(a, in);
	ui_copy(in->rights_for, sizeof in->rights_for, key);
	if (args == NULL || !a->logged_in) {
		cJSON_Delete(args);
		in->rights_for[0] = '\0';
		return;
	}
	in->rights_id = net_request(a, "unit.entitlements", args, on_rights, in);
	if (in->rights_id < 0) {
		in->rights_id = 0;
		in->rights_for[0] = '\0';
	}
}

static bool
repair_call(const struct intake *in)
{
	return strcmp(form_code(&in->form, I_TYPE), "B") == 0;
}

int
intake_rights_lines(const struct intake *in)
{
	return in->rights != NULL || in->told.n > 0 ? RIGHTS_LINES : 0;
}

void
intake_rights_draw(struct app *a, const struct intake *in, int y)
{
	struct ent_words w;
	char lead[96];

	if (in->rights != NULL) {
		entitlement_words(in->rights, repair_call(in), &w);
		if (w.n == 0)
			snprintf(w.part[w.n++], ENT_PART_LEN, "%s",
			    _("no contract and no open ticket on this unit"));
		snprintf(lead, sizeof lead, "%s", _("This unit:"));
	} else if (in->told.n > 0) {
		w = in->told;
		snprintf(lead, sizeof lead, _("Tell the caller (%s):"), in->told_no);
	} else
		return;
	entitlement_draw(a, lead, &w, y, RIGHTS_LINES, ui_attr(a, UI_C_STATUS) | A_BOLD);
}

void
intake_rights_saved(struct intake *in, const cJSON *t, char *buf, size_t len)
{
	const cJSON *unit = cJSON_GetObjectItemCaseSensitive(t, "unit");
	char key[48];

	in->told.n = 0;
	buf[0] = '\0';
	snprintf(key, sizeof key, "unit:%lld", (long long)ui_jint(unit, "id", 0));
	/* the words shown before the save: for this unit, or the new unit typed */
	if (in->rights == NULL || !cJSON_IsObject(unit) || (strcmp(in->rights_for, key) != 0 &&
	    strncmp(in->rights_for, "terms:", 6) != 0))
		return;
	entitlement_words(in->rights, strcmp(ui_jstr(t, "type"), "B") == 0, &in->told);
	ui_copy(in->told_no, sizeof in->told_no, ui_jstr(t, "no"));
	if (in->told.n > 0)
		ui_copy(buf, len, in->told.part[0]);
}

bool
intake_rights_class(const struct intake *in, char *cls, char *why, size_t len)
{
	const cJSON *e = in->rights;

	if (e == NULL || !ui_jstr(e, "service_class")[0])
		return false;
	*cls = ui_jstr(e, "service_class")[0];
	if (ui_jint(e, "contract_days_left", -1) >= 0)
		snprintf(why, len, _("Maintenance contract until %s"), ui_jstr(e, "contract_end"));
	else if (ui_jint(e, "warranty_days_left", -1) >= 0)
		snprintf(why, len, _("In warranty until %s"), ui_jstr(e, "warranty_until"));
	else
		snprintf(why, len, _("Warranty ended %s"), ui_jstr(e, "warranty_until"));
	return true;
}
