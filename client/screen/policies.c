/*
 * screen/policies.c: the centre's policies, as data the admin changes and
 * managers read (doc/domain.md, Policies). Six sections, Tab or 1-6:
 * every setting of common/settings.c with its unit and range; the SLA
 * hours per region and ticket type; the working hours per weekday; the
 * business calendar as a month (policy_calendar.c); the free-service
 * approval limits; the labour price list. A change is asked in a prompt
 * over the row (Enter and the section's keys) and sent at once with
 * policy.set or calendar.set; a refused value stays in the prompt with the
 * daemon's words. What is shown is policy.get's answer (or the answer of
 * the change), read again when the daemon pushes policy.changed: a change
 * made anywhere shows here. Who may change is op.list's: a manager reads.
 */
#include "client/screen/policies.h"
#include "client/screen/screens.h"
#include "client/widget/labels.h"
#include "client/widget/ticketlist.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/settings.h"

static const char *const section_names[PS_COUNT] = {
	N_("Settings"), N_("Deadlines"), N_("Hours"), N_("Calendar"), N_("Approvals"),
	N_("Labour"),
};

static const char *const weekday_names[] = { N_("Monday"), N_("Tuesday"),
	N_("Wednesday"), N_("Thursday"), N_("Friday"), N_("Saturday"), N_("Sunday") };

static const char *
approver_label(const char *role)
{
	if (strcmp(role, "supervisor") == 0)
		return _("Supervisor (a dispatcher)");
	if (strcmp(role, "regional_manager") == 0)
		return _("Regional manager");
	if (strcmp(role, "aftersales_manager") == 0)
		return _("After-sales manager");
	return role;
}

static struct policies *
policies_of(struct app *a)
{
	return ui_view_of(a, &ui_policies_view)->priv;
}

/* ---- the rows of each section (the calendar has none) */

static const cJSON *
section_rows(const struct policies *p)
{
	static const char *const member[PS_COUNT] = { NULL, "sla", "working_hours", NULL,
		"approval_limits", "labour_prices" };

	return member[p->section] ? cJSON_GetObjectItemCaseSensitive(p->pol,
	    member[p->section]) : NULL;
}

static size_t
rows_count(const void *data)
{
	const struct policies *p = data;
	size_t n = 0;

	if (p->pol == NULL)
		return 0;
	if (p->section == PS_SETTINGS) {
		while (setting_defs[n].key != NULL)
			n++;
		return n;
	}
	if (p->section == PS_HOURS)
		return 7;
	return (size_t)cJSON_GetArraySize(section_rows(p));
}

static const cJSON *
row_at(const struct policies *p, size_t i)
{
	return cJSON_GetArrayItem(section_rows(p), (int)i);
}

/* A weekday's hours row, or NULL when it is closed. */
static const cJSON *
weekday_row(const struct policies *p, int wd)
{
	const cJSON *row;

	cJSON_ArrayForEach(row, cJSON_GetObjectItemCaseSensitive(p->pol, "working_hours"))
		if (ui_jint(row, "weekday", 0) == wd)
			return row;
	return NULL;
}

static void
hours_text(const cJSON *o, const char *name, char *buf, size_t len)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);

	if (cJSON_IsNumber(v))
		snprintf(buf, len, "%g", v->valuedouble);
	else
		snprintf(buf, len, "%s", _("none"));
}

/* A limit: a number, or "no limit" for null. */
static void
limit_text(const cJSON *o, const char *name, bool money, char *buf, size_t len)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);

	if (!cJSON_IsNumber(v))
		snprintf(buf, len, "%s", _("no limit"));
	else if (money)
		ui_yuan((int64_t)v->valuedouble, buf, len);
	else
		snprintf(buf, len, "%lld", (long long)v->valuedouble);
}

static void
setting_cell(const struct policies *p, size_t row, int col, char *buf, size_t len)
{
	const struct setting_def *d = &setting_defs[row];
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(
	    cJSON_GetObjectItemCaseSensitive(p->pol, "settings"), d->key);

	switch (col) {
	case 0: ui_copy(buf, len, _(d->label)); break;
	case 1: snprintf(buf, len, "%lld", (long long)(cJSON_IsNumber(v) ?
		    v->valuedouble : d->shipped)); break;
	case 2: ui_copy(buf, len, _(d->unit)); break;
	default: snprintf(buf, len, "%lld-%lld", (long long)d->min, (long long)d->max);
	}
}

static void
sla_cell(const cJSON *r, int col, char *buf, size_t len)
{
	if (col == 0)
		ui_copy(buf, len, label_region(ui_jstr(r, "region")));
	else if (col == 1)
		ui_copy(buf, len, label_type(ui_jstr(r, "type")));
	else
		hours_text(r, col == 2 ? "arrival_hours" : "reply_hours", buf, len);
}

/* A weekday's row: r NULL when it is closed. */
static void
hours_cell(const cJSON *r, size_t row, int col, char *buf, size_t len)
{
	if (col == 0)
		ui_copy(buf, len, _(weekday_names[row]));
	else if (r == NULL)
		ui_copy(buf, len, col == 1 ? _("day off") : "");
	else
		ui_copy(buf, len, ui_jstr(r, col == 1 ? "opens" : "closes"));
}

static void
row_cell(const struct app *a, const void *data, size_t row, int col, char *buf,
    size_t len)
{
	const struct policies *p = data;
	const cJSON *r = p->section == PS_HOURS ? weekday_row(p, (int)row + 1) : row_at(p, row);

	(void)a;
	buf[0] = '\0';
	switch (p->section) {
	case PS_SETTINGS: setting_cell(p, row, col, buf, len); break;
	case PS_SLA: sla_cell(r, col, buf, len); break;
	case PS_HOURS: hours_cell(r, row, col, buf, len); break;
	case PS_APPROVALS:
		if (col == 0)
			ui_copy(buf, len, approver_label(ui_jstr(r, "role")));
		else
			limit_text(r, col == 1 ? "per_month" : "max_amount", col == 2, buf, len);
		break;
	default:
		if (col == 0)
			snprintf(buf, len, "%lld", (long long)ui_jint(r, "up_to_minutes", 0));
		else
			ui_yuan(ui_jint(r, "fee", 0), buf, len);
	}
}

static void
row_key(const void *data, size_t row, char *buf, size_t len)
{
	const struct policies *p = data;
	const cJSON *r = row_at(p, row);

	if (p->section == PS_SETTINGS)
		ui_copy(buf, len, setting_defs[row].key);
	else if (p->section == PS_SLA)
		snprintf(buf, len, "%s|%s", ui_jstr(r, "region"), ui_jstr(r, "type"));
	else if (p->section == PS_APPROVALS)
		ui_copy(buf, len, ui_jstr(r, "role"));
	else if (p->section == PS_LABOUR)
		snprintf(buf, len, "%lld", (long long)ui_jint(r, "up_to_minutes", 0));
	else
		snprintf(buf, len, "%zu", row + 1);
}

static const struct table_source policy_source = {
	.count = rows_count, .cell = row_cell, .key = row_key,
};

static const struct table_column settings_cols[] = {
	{ N_("Setting"), 0, 0, false, false }, { N_("Value"), 10, 0, true, false },
	{ N_("Measure"), 8, 2, false, false }, { N_("Range"), 18, 1, false, false },
};
static const struct table_column sla_cols[] = {
	{ N_("Region"), 12, 0, false, false }, { N_("Type"), 20, 0, false, false },
	{ N_("Arrival (business hours)"), 26, 0, true, false },
	{ N_("Reply (hours)"), 14, 0, true, false },
};
static const struct table_column hours_cols[] = {
	{ N_("Weekday"), 14, 0, false, false }, { N_("Opens"), 10, 0, false, false },
	{ N_("Closes"), 10, 0, false, false },
};
static const struct table_column approval_cols[] = {
	{ N_("Approver"), 0, 0, false, false }, { N_("A month"), 12, 0, true, false },
	{ N_("Each, yuan"), 14, 0, true, false },
};
static const struct table_column labour_cols[] = {
	{ N_("Up to minutes"), 14, 0, true, false }, { N_("Fee, yuan"), 14, 0, true, false },
};

static void
section_table(struct app *a, struct policies *p)
{
	static const struct { const struct table_column *cols; int n; } by[PS_COUNT] = {
		{ settings_cols, 4 }, { sla_cols, 4 }, { hours_cols, 3 }, { NULL, 0 },
		{ approval_cols, 3 }, { labour_cols, 2 },
	};

	table_free(&p->table);
	memset(&p->table, 0, sizeof p->table);
	if (by[p->section].cols != NULL) {
		table_init(&p->table, by[p->section].cols, by[p->section].n, &policy_source, p);
		table_refresh(&p->table, a);
	}
}

/* ---- loading */

static void
take_policies(struct app *a, struct policies *p, const cJSON *result)
{
	cJSON_Delete(p->pol);
	p->pol = cJSON_Duplicate(result, true);
	policy_calendar_load(p);
	p->error[0] = '\0';
	if (p->table.src != NULL)
		table_refresh(&p->table, a);
	a->dirty = true;
}

static void
on_policies(struct app *a, void *ctx, const cJSON *reply)
{
	struct policies *p = ctx;

	p->get_id = 0;
	if (reply == NULL)
		return;
	if (!reply_ok(reply)) {
		net_error_text(reply, p->error, sizeof p->error);
		a->dirty = true;
		return;
	}
	take_policies(a, p, reply_result(reply));
}

static void
policies_load(struct app *a, struct policies *p)
{
	if (p->get_id > 0)
		net_cancel(a, p->get_id);
	p->stale = false;
	p->get_id = net_request(a, "policy.get", NULL, on_policies, p);
	if (p->get_id < 0)
		p->get_id = 0;
}

/* ---- changes */

static void
on_changed(struct app *a, void *ctx, const cJSON *reply)
{
	struct overlay *o = ctx;
	struct policies *p = policies_of(a);

	if (!ui_prompt_answered(a, o, reply))
		return;
	ui_prompt_close(a, o);
	take_policies(a, p, reply_result(reply));
	ui_message(a, false, "%s", _("Policy saved; every daemon uses it from now on"));
}

void
policies_send(struct app *a, struct overlay *o, const char *op, cJSON *args)
{
	ui_prompt_wait(a, o, net_request(a, op, args, on_changed, o));
}

/* A whole number typed as a number; anything else as the text, for the
 * daemon to refuse with its words. */
static cJSON *
number_or_text(const char *text)
{
	char *end;
	long long v = strtoll(text, &end, 10);

	return text[0] && *end == '\0' ? cJSON_CreateNumber((double)v) :
	    cJSON_CreateString(text);
}

/* A number typed, times scale (100: yuan into fen, rounded); null when
 * empty; other text as it is, for the daemon to refuse in its words. */
static cJSON *
amount_or_text(const char *text, double scale)
{
	char *end;
	double v = strtod(text, &end);

	if (!text[0])
		return cJSON_CreateNull();
	if (*end != '\0' || v < 0)
		return cJSON_CreateString(text);
	return cJSON_CreateNumber(scale == 1 ? v : (double)(long long)(v * scale + 0.5));
}

/* The selected row of the section's list, or NULL. */
static const cJSON *
selected_row(const struct policies *p, size_t *index)
{
	size_t row;

	if (p->table.src == NULL || !table_selected(&p->table, &row))
		return NULL;
	if (index != NULL)
		*index = row;
	return p->section == PS_SETTINGS || p->section == PS_HOURS ? p->pol : row_at(p, row);
}

/* {settings: {key: value}} */
static cJSON *
args_setting(const struct policies *p, const char *text)
{
	cJSON *args = cJSON_CreateObject();

	cJSON_AddItemToObject(cJSON_AddObjectToObject(args, "settings"), p->edit_key,
	    number_or_text(text));
	return args;
}

/* sla: the row with one of its hours changed; its arrival hours always
 * given, since absent means none. */
static cJSON *
args_sla(const struct policies *p, const char *text)
{
	cJSON *args = cJSON_CreateObject(), *row = cJSON_CreateObject();
	const cJSON *r, *arrival = NULL;
	char key[48];

	cJSON_ArrayForEach(r, cJSON_GetObjectItemCaseSensitive(p->pol, "sla")) {
		snprintf(key, sizeof key, "%s|%s", ui_jstr(r, "region"), ui_jstr(r, "type"));
		if (strcmp(key, p->edit_key) == 0)
			break;
	}
	cJSON_AddStringToObject(row, "region", ui_jstr(r, "region"));
	cJSON_AddStringToObject(row, "type", ui_jstr(r, "type"));
	arrival = cJSON_GetObjectItemCaseSensitive(r, "arrival_hours");
	cJSON_AddItemToObject(row, "arrival_hours", p->edit == PE_ARRIVAL ?
	    amount_or_text(text, 1) : arrival ? cJSON_Duplicate(arrival, true) : cJSON_CreateNull());
	if (p->edit == PE_REPLY)
		cJSON_AddItemToObject(row, "reply_hours", amount_or_text(text, 1));
	cJSON_AddItemToArray(cJSON_AddArrayToObject(args, "sla"), row);
	return args;
}

/* working_hours: the week with this weekday "HH:MM-HH:MM", or closed
 * (empty). */
static cJSON *
args_hours(const struct policies *p, const char *text)
{
	cJSON *args = cJSON_CreateObject(), *week = cJSON_AddArrayToObject(args, "working_hours");
	int wd = atoi(p->edit_key);
	const cJSON *r;
	char opens[32] = "", *dash;

	cJSON_ArrayForEach(r, cJSON_GetObjectItemCaseSensitive(p->pol, "working_hours"))
		if (ui_jint(r, "weekday", 0) != wd)
			cJSON_AddItemToArray(week, cJSON_Duplicate(r, true));
	if (!text[0])
		return args;
	ui_copy(opens, sizeof opens, text);
	dash = strchr(opens, '-');
	if (dash != NULL)
		*dash++ = '\0';
	cJSON *row = cJSON_CreateObject();
	cJSON_AddNumberToObject(row, "weekday", wd);
	cJSON_AddStringToObject(row, "opens", opens);
	cJSON_AddStringToObject(row, "closes", dash ? dash : "");
	cJSON_AddItemToArray(week, row);
	return args;
}

/* days: the selected day as a holiday or a make-up day, with its name. */
static cJSON *
args_day(const struct policies *p, const char *text)
{
	cJSON *args = cJSON_CreateObject(), *day = cJSON_CreateObject();
	const cJSON *e = policy_calendar_exception(p, p->edit_key);
	bool working = p->edit == PE_WORKDAY || (p->edit == PE_DAYNAME && ui_jbool(e, "working"));

	cJSON_AddStringToObject(day, "day", p->edit_key);
	cJSON_AddBoolToObject(day, "working", working);
	cJSON_AddStringToObject(day, "name", text);
	cJSON_AddItemToArray(cJSON_AddArrayToObject(args, "days"), day);
	return args;
}

/* approval_limits: one role's count a month or amount each (empty: no limit). */
static cJSON *
args_approval(const struct policies *p, const char *text)
{
	cJSON *args = cJSON_CreateObject(), *row = cJSON_CreateObject();

	cJSON_AddStringToObject(row, "role", p->edit_key);
	if (p->edit == PE_PER_MONTH)
		cJSON_AddItemToObject(row, "per_month", text[0] ? number_or_text(text) :
		    cJSON_CreateNull());
	else
		cJSON_AddItemToObject(row, "max_amount", amount_or_text(text, 100));
	cJSON_AddItemToArray(cJSON_AddArrayToObject(args, "approval_limits"), row);
	return args;
}

/* labour_prices: the whole list with one band's fee changed, one band
 * added ("minutes fee") or, text NULL, the band edit_key left out. */
static cJSON *
args_labour(const struct policies *p, const char *text)
{
	cJSON *args = cJSON_CreateObject(), *list = cJSON_AddArrayToObject(args, "labour_prices");
	const cJSON *r;
	long long minutes = atoll(p->edit_key);

	cJSON_ArrayForEach(r, cJSON_GetObjectItemCaseSensitive(p->pol, "labour_prices")) {
		cJSON *band = cJSON_Duplicate(r, true);
		if (ui_jint(r, "up_to_minutes", 0) == minutes && p->edit == PE_FEE && text)
			cJSON_ReplaceItemInObject(band, "fee", amount_or_text(text, 100));
		if (ui_jint(r, "up_to_minutes", 0) == minutes && text == NULL)
			cJSON_Delete(band);
		else
			cJSON_AddItemToArray(list, band);
	}
	if (p->edit == PE_BAND && text != NULL) {
		char m[32] = "", fee[32] = "";
		cJSON *band = cJSON_CreateObject();
		sscanf(text, "%31s %31s", m, fee);
		cJSON_AddItemToObject(band, "up_to_minutes", number_or_text(m));
		cJSON_AddItemToObject(band, "fee", amount_or_text(fee, 100));
		cJSON_AddItemToArray(list, band);
	}
	return args;
}

static void
edit_submit(struct app *a, struct overlay *o, void *ctx, const char *text)
{
	struct policies *p = ctx;

	switch (p->edit) {
	case PE_SETTING: policies_send(a, o, "policy.set", args_setting(p, text)); break;
	case PE_ARRIVAL: case PE_REPLY:
		policies_send(a, o, "policy.set", args_sla(p, text));
		break;
	case PE_HOURS: policies_send(a, o, "calendar.set", args_hours(p, text)); break;
	case PE_HOLIDAY: case PE_WORKDAY: case PE_DAYNAME:
		policies_send(a, o, "calendar.set", args_day(p, text));
		break;
	case PE_PER_MONTH: case PE_MAX_AMOUNT:
		policies_send(a, o, "policy.set", args_approval(p, text));
		break;
	default: policies_send(a, o, "policy.set", args_labour(p, text));
	}
}

static void
ask(struct app *a, struct policies *p, enum policy_edit edit, const char *key,
    const char *title, const char *label, const char *initial)
{
	p->edit = edit;
	ui_copy(p->edit_key, sizeof p->edit_key, key);
	ui_prompt(a, title, label, initial, edit_submit, p, 0);
}

/* ---- keys */

static bool
can_set(const struct app *a, const struct view *v)
{
	const struct policies *p = v->priv;

	return p->pol != NULL && op_rights_allowed(&a->rights, "policy.set");
}

static bool
can_set_calendar(const struct app *a, const struct view *v)
{
	const struct policies *p = v->priv;

	return p->pol != NULL && op_rights_allowed(&a->rights, "calendar.set");
}

/* Why a key that changes does not run: nothing loaded, a reader, or a key
 * of another section. */
static void
refuse_change(struct app *a, struct view *v)
{
	const struct policies *p = v->priv;

	ui_message(a, true, "%s", p->pol == NULL ? _("The policies are not loaded yet") :
	    !op_rights_allowed(&a->rights, "policy.set") ?
	    _("Policies are changed by an administrator; you may read them") :
	    _("Not in this section: F1 lists what each key does"));
}

static bool
is_list(const struct app *a, const struct view *v)
{
	const struct policies *p = v->priv;

	if (p->section == PS_CALENDAR)
		return false;
	return p->section == PS_HOURS ? can_set_calendar(a, v) : can_set(a, v);
}

#define IN_SECTION(fn, s, can) \
	static bool fn(const struct app *a, const struct view *v) \
	{ return ((const struct policies *)v->priv)->section == (s) && can(a, v); }
IN_SECTION(in_sla, PS_SLA, can_set)
IN_SECTION(in_calendar, PS_CALENDAR, can_set_calendar)
IN_SECTION(in_approvals, PS_APPROVALS, can_set)
IN_SECTION(in_labour, PS_LABOUR, can_set)

static void
edit_setting(struct app *a, struct policies *p, size_t row)
{
	const struct setting_def *d = &setting_defs[row];
	char label[160], value[32];

	setting_cell(p, row, 1, value, sizeof value);
	snprintf(label, sizeof label, _("%s, %lld to %lld:"), _(d->unit), (long long)d->min,
	    (long long)d->max);
	ask(a, p, PE_SETTING, d->key, _(d->label), label, value);
}

static unsigned
run_change(struct app *a, struct view *v)
{
	struct policies *p = v->priv;
	size_t row = 0;
	const cJSON *r = selected_row(p, &row);
	char key[48], value[64], title[160];

	if (r == NULL)
		return UI_HANDLED;
	row_key(p, row, key, sizeof key);
	if (p->section == PS_SETTINGS)
		edit_setting(a, p, row);
	else if (p->section == PS_SLA) {
		hours_text(r, "arrival_hours", value, sizeof value);
		snprintf(title, sizeof title, "%s, %s", label_region(ui_jstr(r, "region")),
		    label_type(ui_jstr(r, "type")));
		ask(a, p, PE_ARRIVAL, key, title, _("Arrival, business hours (empty: none):"),
		    cJSON_IsNumber(cJSON_GetObjectItem(r, "arrival_hours")) ? value : "");
	} else if (p->section == PS_HOURS) {
		const cJSON *h = weekday_row(p, (int)row + 1);
		snprintf(value, sizeof value, "%s-%s", ui_jstr(h, "opens"), ui_jstr(h, "closes"));
		ask(a, p, PE_HOURS, key, _(weekday_names[row]),
		    _("Hours HH:MM-HH:MM (empty: closed):"), h ? value : "");
	} else if (p->section == PS_APPROVALS) {
		limit_text(r, "per_month", false, value, sizeof value);
		ask(a, p, PE_PER_MONTH, key, approver_label(key),
		    _("Approvals a month (empty: no limit; 0: none):"),
		    cJSON_IsNumber(cJSON_GetObjectItem(r, "per_month")) ? value : "");
	} else {
		ui_yuan(ui_jint(r, "fee", 0), value, sizeof value);
		snprintf(title, sizeof title, _("Labour up to %s minutes"), key);
		ask(a, p, PE_FEE, key, title, _("Fee, yuan:"), value);
	}
	return UI_HANDLED;
}

static unsigned
run_reply_hours(struct app *a, struct view *v)
{
	struct policies *p = v->priv;
	size_t row = 0;
	const cJSON *r = selected_row(p, &row);
	char key[48], value[32];

	if (r == NULL)
		return UI_HANDLED;
	row_key(p, row, key, sizeof key);
	hours_text(r, "reply_hours", value, sizeof value);
	ask(a, p, PE_REPLY, key, label_region(ui_jstr(r, "region")), _("Reply within hours:"),
	    value);
	return UI_HANDLED;
}

static unsigned
run_amount(struct app *a, struct view *v)
{
	struct policies *p = v->priv;
	const cJSON *r = selected_row(p, NULL);
	char value[32];

	if (r == NULL)
		return UI_HANDLED;
	limit_text(r, "max_amount", true, value, sizeof value);
	ask(a, p, PE_MAX_AMOUNT, ui_jstr(r, "role"), approver_label(ui_jstr(r, "role")),
	    _("Most each, yuan (empty: no limit):"),
	    cJSON_IsNumber(cJSON_GetObjectItem(r, "max_amount")) ? value : "");
	return UI_HANDLED;
}

static unsigned
run_add_band(struct app *a, struct view *v)
{
	ask(a, v->priv, PE_BAND, "", _("A labour band"), _("Up to minutes, fee in yuan:"), "");
	return UI_HANDLED;
}

/* A change without a prompt (a band or a day removed): its refusal on the
 * message line. */
static void
on_direct(struct app *a, void *ctx, const cJSON *reply)
{
	char text[512];

	if (reply == NULL)
		return;
	if (!reply_ok(reply)) {
		net_error_text(reply, text, sizeof text);
		ui_message(a, true, "%s", text);
		return;
	}
	take_policies(a, ctx, reply_result(reply));
	ui_message(a, false, "%s", _("Policy saved; every daemon uses it from now on"));
}

static unsigned
run_remove_band(struct app *a, struct view *v)
{
	struct policies *p = v->priv;
	size_t row = 0;

	if (selected_row(p, &row) == NULL)
		return UI_HANDLED;
	row_key(p, row, p->edit_key, sizeof p->edit_key);
	p->edit = PE_BAND;
	net_request(a, "policy.set", args_labour(p, NULL), on_direct, p);
	return UI_HANDLED;
}

static unsigned
day_prompt(struct app *a, struct policies *p, enum policy_edit edit, const char *title)
{
	char day[16], t[96];
	const cJSON *e = policy_calendar_exception(p, policy_calendar_day(p, day, sizeof day));

	snprintf(t, sizeof t, "%s %s", title, day);
	ask(a, p, edit, day, t, _("Name (such as 国庆节):"), ui_jstr(e, "name"));
	return UI_HANDLED;
}

static unsigned
run_holiday(struct app *a, struct view *v)
{
	return day_prompt(a, v->priv, PE_HOLIDAY, _("A holiday:"));
}

static unsigned
run_workday(struct app *a, struct view *v)
{
	return day_prompt(a, v->priv, PE_WORKDAY, _("A make-up working day:"));
}

static unsigned
run_day_name(struct app *a, struct view *v)
{
	return day_prompt(a, v->priv, PE_DAYNAME, _("The name of"));
}

static unsigned
run_clear_day(struct app *a, struct view *v)
{
	struct policies *p = v->priv;
	cJSON *args = cJSON_CreateObject();
	char day[16];

	cJSON_AddItemToArray(cJSON_AddArrayToObject(args, "remove_days"),
	    cJSON_CreateString(policy_calendar_day(p, day, sizeof day)));
	net_request(a, "calendar.set", args, on_direct, p);
	return UI_HANDLED;
}

static void
switch_section(struct app *a, struct policies *p, int s)
{
	p->section = (enum policy_section)((s + PS_COUNT) % PS_COUNT);
	section_table(a, p);
	a->dirty = true;
}

static unsigned
run_next_section(struct app *a, struct view *v)
{
	struct policies *p = v->priv;

	switch_section(a, p, (int)p->section + 1);
	return UI_HANDLED;
}

static unsigned
run_previous_section(struct app *a, struct view *v)
{
	struct policies *p = v->priv;

	switch_section(a, p, (int)p->section - 1);
	return UI_HANDLED;
}

static unsigned
run_reload(struct app *a, struct view *v)
{
	if (a->logged_in)
		policies_load(a, v->priv);
	return UI_HANDLED;
}

static const struct ui_key policies_keys[] = {
	{ .key = UI_KEY_ENTER, .name = N_("Enter"), .label = N_("Change"),
	  .help = N_("Change the selected row"),
	  .run = run_change, .when = is_list, .refuse = refuse_change },
	{ .key = 'r', .name = "r", .label = N_("Reply hours"),
	  .help = N_("Deadlines: the hours to reply"), .run = run_reply_hours, .when = in_sla,
	  .refuse = refuse_change },
	{ .key = 'm', .name = "m", .label = N_("Each"),
	  .help = N_("Approvals: the most each approval waives"), .run = run_amount,
	  .when = in_approvals, .refuse = refuse_change },
	{ .key = 'a', .name = "a", .label = N_("Add band"),
	  .help = N_("Labour: a new band (minutes and fee)"), .run = run_add_band,
	  .when = in_labour, .refuse = refuse_change },
	/* the calendar's first: the bar shows what fits, in this order */
	{ .key = 'h', .name = "h", .label = N_("Holiday"),
	  .help = N_("Calendar: the day is a holiday, named"), .run = run_holiday,
	  .when = in_calendar, .refuse = refuse_change },
	{ .key = 'w', .name = "w", .label = N_("Make-up day"),
	  .help = N_("Calendar: the day is a make-up working day, named"), .run = run_workday,
	  .when = in_calendar, .refuse = refuse_change },
	{ .key = 'x', .name = "x", .label = N_("Remove"),
	  .help = N_("Labour: remove the band; calendar: clear the day"),
	  .run = run_remove_band, .when = in_labour, .refuse = refuse_change },
	{ .key = 'x', .name = "x", .label = N_("Clear day"), .run = run_clear_day,
	  .when = in_calendar, .refuse = refuse_change },
	{ .key = 'n', .name = "n", .label = N_("Rename"),
	  .help = N_("Calendar: name the holiday or make-up day"), .run = run_day_name,
	  .when = in_calendar, .refuse = refuse_change },
	{ .key = UI_KEY_TAB, .name = N_("Tab, 1-6"), .label = N_("Section"),
	  .help = N_("The next section; a digit: that section"),
	  .run = run_next_section },
	{ .key = UI_K(KEY_BTAB), .run = run_previous_section },
	{ .key = UI_K(KEY_F(5)), .run = run_reload },   /* the frame names F5 */
	{ .key = UI_K(KEY_F(61)), .name = N_("Arrows, PgUp/PgDn"),
	  .help = N_("Calendar: a day, a week; a month (Home: today)") },
	TABLE_HELP_KEYS,
	{ 0 }
};

/* ---- the view */

static void
policies_enter(struct app *a, struct view *v)
{
	struct policies *p = v->priv;

	if (p->year == 0)
		policy_calendar_today(a, p);
	if (p->table.src == NULL && p->section != PS_CALENDAR)
		section_table(a, p);
	if (a->logged_in && (p->pol == NULL || p->stale))
		policies_load(a, p);
}

static void
draw_tabs(struct app *a, const struct policies *p, int y)
{
	int x = 1;

	for (int i = 0; i < PS_COUNT; i++)
		x = list_draw_tab(a, y, x, i + 1, _(section_names[i]), (int)p->section == i);
}

static void
policies_paint(struct app *a, struct view *v, int top, int rows)
{
	struct policies *p = v->priv;
	const char *state = p->get_id > 0 ? _("Loading...") :
	    !op_rights_allowed(&a->rights, "policy.set") ? _("read only") : "";

	attrset(ui_attr(a, UI_C_TITLE));
	ui_put(top, 1, COLS / 2, _("Policies"));
	attrset(A_NORMAL);
	ui_put_right(top, COLS / 2, COLS - COLS / 2 - 1, state);
	draw_tabs(a, p, top + 1);
	if (p->pol == NULL) {
		ui_put(top + 3, 2, COLS - 4, p->error[0] ? p->error : _("Loading..."));
		return;
	}
	if (p->section == PS_CALENDAR)
		policy_calendar_draw(a, p, top + 2, rows - 2);
	else
		table_draw(&p->table, a, top + 2, rows - 2);
}

static unsigned
policies_input(struct app *a, struct view *v, ui_key_t key)
{
	struct policies *p = v->priv;

	if (key >= '1' && key < '1' + PS_COUNT) {
		switch_section(a, p, (int)(key - '1'));
		return UI_HANDLED | UI_REDRAW;
	}
	if (p->section == PS_CALENDAR)
		return policy_calendar_key(a, p, key);
	return p->table.src != NULL ? table_key(&p->table, a, key) : 0;
}

/* A change made anywhere: read again now when shown, else on entering. */
static void
policies_push(struct app *a, struct view *v, const cJSON *msg)
{
	struct policies *p = v->priv;

	if (strcmp(ui_jstr(msg, "event"), "policy.changed") != 0)
		return;
	p->stale = true;
	if (a->view == &ui_policies_view && a->logged_in)
		policies_load(a, p);
}

static void
policies_session(struct app *a, struct view *v, enum ui_session_event ev)
{
	struct policies *p = v->priv;

	if (ev == UI_DISCONNECTED)
		p->get_id = 0;
	else if ((ev == UI_LOGGED_IN || ev == UI_RESYNC) && a->view == &ui_policies_view)
		policies_load(a, p);
	else if (ev == UI_LOGGED_OUT) {
		cJSON_Delete(p->pol);
		p->pol = NULL;
		if (p->table.src != NULL)
			table_refresh(&p->table, a);
	}
}

static void
policies_destroy(struct app *a, struct view *v)
{
	struct policies *p = v->priv;

	(void)a;
	cJSON_Delete(p->pol);
	p->pol = NULL;
	table_free(&p->table);
}

const struct view_ops ui_policies_view = {
	.name = "policies",
	.title = N_("Policies"),
	.flags = UI_VIEW_SCREEN,
	.private_size = sizeof(struct policies),
	.keys = policies_keys,
	.enter = policies_enter,
	.paint = policies_paint,
	.input = policies_input,
	.push = policies_push,
	.session = policies_session,
	.destroy = policies_destroy,
};
