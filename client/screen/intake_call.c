/*
 * screen/intake_call.c: what the intake form means.
 *
 * The service-class preview uses the daemon's rule (doc/domain.md, Intake):
 * no unit D; a maintenance contract running (the unit's contract_end, the
 * end of its contract that started last, >= today) B;
 * in warranty (purchase date + warranty months > today) C; else A. It is
 * computed here on the server's date so the operator sees it before
 * saving; the daemon decides. call.register carries a request key made
 * once per form (user, time, random) and kept for every retry of that
 * form, so a retry after a lost answer returns the same ticket.
 */
#include "client/screen/intake.h"
#include "client/screen/screens.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "common/phone.h"

void
request_key_new(const struct app *a, char *buf, size_t len)
{
	uint32_t r = 0;
	struct timespec ts;

	if (getrandom(&r, sizeof r, 0) != sizeof r)
		r = (uint32_t)rand();
	clock_gettime(CLOCK_REALTIME, &ts);
	snprintf(buf, len, "%.32s-%lld%03ld-%08x",
	    a->user, (long long)ts.tv_sec, ts.tv_nsec / 1000000, r);
}

static int
month_days(int y, int m)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	bool leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);

	return m == 2 && leap ? 29 : mdays[m - 1];
}

/* The date plus months, the day cut to the month's end (as PostgreSQL). */
static long
add_months(long date, long months)
{
	int y = (int)(date / 10000), m = (int)(date / 100 % 100), d = (int)(date % 100);
	long total = (long)(m - 1) + months;

	y += (int)(total / 12);
	m = (int)(total % 12) + 1;
	if (d > month_days(y, m))
		d = month_days(y, m);
	return (long)y * 10000 + m * 100 + d;
}

/* Months not typed: the daemon's default_warranty_months, which only its
 * unit.entitlements answer knows (intake_rights.c). */
#define MONTHS_DEFAULT (-2)

/* The unit's dates and months, from the chosen unit or the fields. */
struct unit_terms {
	bool any;
	char bought[32], contract[32];
	long months;
};

static void
unit_terms(const struct intake *in, struct unit_terms *u)
{
	char months[16];

	memset(u, 0, sizeof *u);
	if (in->unit != NULL) {
		u->any = true;
		ui_copy(u->bought, sizeof u->bought, ui_jstr(in->unit, "purchase_date"));
		ui_copy(u->contract, sizeof u->contract, ui_jstr(in->unit, "contract_end"));
		u->months = (long)ui_jint(in->unit, "warranty_months", MONTHS_DEFAULT);
		return;
	}
	form_text(&in->form, I_PURCHASE, u->bought, sizeof u->bought);
	form_text(&in->form, I_CONTRACT, u->contract, sizeof u->contract);
	form_text(&in->form, I_MONTHS, months, sizeof months);
	u->months = MONTHS_DEFAULT;   /* the daemon's setting: its answer says */
	if (months[0] && (strspn(months, "0123456789") != strlen(months) ||
	    (u->months = strtol(months, NULL, 10)) > 120))
		u->months = -1;
	u->any = u->bought[0] || in->items[I_MODEL].field.len > 0 ||
	    in->items[I_SERIAL].field.len > 0;
}

static void
show_date(long d, char *buf, size_t len)
{
	snprintf(buf, len, "%04ld-%02ld-%02ld", d / 10000, d / 100 % 100, d % 100);
}

static char decided(char cls, char *why, size_t len, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Writes why and returns the class. */
static char
decided(char cls, char *why, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, len, fmt, ap);
	va_end(ap);
	return cls;
}

char
intake_preview(const struct app *a, const struct intake *in, char *why, size_t len)
{
	struct unit_terms u;
	char today_s[16], end_s[48];
	long today, bought, contract, end;

	unit_terms(in, &u);
	ui_server_today(a, today_s, sizeof today_s);
	today = form_date_num(today_s);
	if (!u.any)
		return decided('D', why, len, "%s", _("No unit"));
	bought = form_date_num(u.bought);
	contract = u.contract[0] ? form_date_num(u.contract) : 0;
	if (bought < 0 || contract < 0)
		return decided('?', why, len, "%s", _("A date is not YYYY-MM-DD"));
	if (u.months == MONTHS_DEFAULT)
		return decided('?', why, len, "%s", _("the default warranty, asked of the server"));
	if (u.months < 0)
		return decided('?', why, len, "%s", _("Warranty months: 0 to 120"));
	if (contract > 0 && contract >= today)
		return decided('B', why, len, _("Maintenance contract until %s"), u.contract);
	end = add_months(bought, u.months);
	show_date(end, end_s, sizeof end_s);
	if (end > today)
		return decided('C', why, len, _("In warranty until %s"), end_s);
	return decided('A', why, len, _("Warranty ended %s"), end_s);
}

/* Adds name: the text of f's item, unless it is empty. */
static void
add_form_text(cJSON *o, const char *name, const struct form *f, int item)
{
	char buf[UI_FIELD_MAX * 4 + 1];

	form_text(f, item, buf, sizeof buf);
	if (buf[0])
		cJSON_AddStringToObject(o, name, buf);
}


/* "138..., 010-6123 4567" as ["138...", "010-6123 4567"] (the daemon
 * writes each in its canonical form). */
static void
add_phones(cJSON *o, const struct form *f, int item)
{
	char buf[UI_FIELD_MAX * 4 + 1], phones[PHONES_MAX][PHONE_TEXT_MAX];
	cJSON *arr = cJSON_AddArrayToObject(o, "phones");
	int n;

	form_text(f, item, buf, sizeof buf);
	n = phones_split(buf, phones, PHONES_MAX);
	for (int i = 0; i < n; i++)
		cJSON_AddItemToArray(arr, cJSON_CreateString(phones[i]));
}

cJSON *
intake_new_customer(const struct form *f, const struct customer_items *items)
{
	cJSON *c = cJSON_CreateObject();

	add_form_text(c, "name", f, items->name);
	add_phones(c, f, items->phones);
	add_form_text(c, "address", f, items->address);
	cJSON_AddStringToObject(c, "region", form_code(f, items->region));
	return c;
}

/* {"id": n} of a known customer or unit. */
static cJSON *
known(const cJSON *o)
{
	cJSON *c = cJSON_CreateObject();

	cJSON_AddNumberToObject(c, "id", (double)ui_jint(o, "id", 0));
	return c;
}

static cJSON *
customer_arg(const struct intake *in)
{
	static const struct customer_items fields = { I_NAME, I_PHONES, I_REGION, I_ADDRESS };

	return in->cust == NULL ? intake_new_customer(&in->form, &fields) : known(in->cust);
}

/* Whole numbers go as numbers; anything else as typed, for the daemon to
 * name the field. */
static void
add_months_arg(const struct intake *in, cJSON *u)
{
	char buf[32], *end;
	long v;

	form_text(&in->form, I_MONTHS, buf, sizeof buf);
	if (!buf[0])
		return;
	v = strtol(buf, &end, 10);
	if (*end == '\0')
		cJSON_AddNumberToObject(u, "warranty_months", (double)v);
	else
		cJSON_AddStringToObject(u, "warranty_months", buf);
}

bool
intake_unit_typed(const struct intake *in)
{
	for (int i = I_MODEL; i <= I_CONTRACT; i++)
		if (in->items[i].field.len > 0)
			return true;
	return false;
}

/* The unit: the known one, a new one, or none (NULL) when its fields are
 * empty (the daemon says whether the type needs one). */
static cJSON *
unit_arg(const struct intake *in)
{
	const struct form *f = &in->form;
	cJSON *u;

	if (in->unit != NULL)
		return known(in->unit);
	if (!intake_unit_typed(in))
		return NULL;
	u = cJSON_CreateObject();
	add_form_text(u, "model", f, I_MODEL);
	add_form_text(u, "serial", f, I_SERIAL);
	add_form_text(u, "purchase_date", f, I_PURCHASE);
	add_form_text(u, "invoice_no", f, I_INVOICE);
	add_months_arg(in, u);
	add_form_text(u, "contract_end", f, I_CONTRACT);
	return u;
}

static void
add_appointment(const struct app *a, const struct intake *in, cJSON *args)
{
	char buf[UI_FIELD_MAX * 4 + 1], at[160];

	form_text(&in->form, I_APPOINT, buf, sizeof buf);
	if (!buf[0])
		return;
	ui_time_input(a, buf, at, sizeof at);
	cJSON_AddStringToObject(args, "appointment", at);
}

static cJSON *
register_args(const struct app *a, const struct intake *in)
{
	const struct form *f = &in->form;
	cJSON *args = cJSON_CreateObject(), *unit = unit_arg(in);
	const char *type = form_code(f, I_TYPE);

	cJSON_AddStringToObject(args, "request_key", in->request_key);
	cJSON_AddStringToObject(args, "channel", form_code(f, I_CHANNEL));
	cJSON_AddStringToObject(args, "type", type);
	cJSON_AddItemToObject(args, "customer", customer_arg(in));
	if (unit != NULL)
		cJSON_AddItemToObject(args, "unit", unit);
	add_form_text(args, "fault", f, I_FAULT);
	add_appointment(a, in, args);
	if (strcmp(form_code(f, I_CLASS), "auto") != 0) {
		cJSON_AddStringToObject(args, "service_class", form_code(f, I_CLASS));
		add_form_text(args, "class_reason", f, I_REASON);
	}
	if (strcmp(type, "Z") == 0)
		add_form_text(args, "answer", f, I_ANSWER);
	return args;
}

static void on_saved(struct app *a, void *ctx, const cJSON *reply);

/* Every problem the form can see is shown at once; nothing is sent then. */
static bool
checked(struct app *a, struct intake *in)
{
	char text[512];

	if (form_check(&in->form) == 0)
		return true;
	form_errors_text(&in->form, text, sizeof text);
	ui_message(a, true, "%s", text);
	return false;
}

bool
intake_save(struct app *a, struct intake *in)
{
	if (in->save_id > 0) {
		ui_message(a, false, "%s", _("Saving... (the answer has not come yet)"));
		return false;
	}
	if (!in->resend && !checked(a, in))
		return false;
	if (!a->logged_in) {
		in->resend = true;
		ui_message(a, true, "%s", _("Not connected: the call is saved as soon as "
		    "the connection is back"));
		return false;
	}
	in->resend = false;
	in->save_id = net_request(a, "call.register", register_args(a, in), on_saved, in);
	if (in->save_id <= 0) {
		in->save_id = 0;
		in->resend = true;
		return false;
	}
	ui_message(a, false, "%s", _("Saving the call..."));
	return true;
}

/* error.field to the item that shows it, where the names differ. */
static const char *const aliases[][2] = {
	{ "customer", "customer.name" }, { "unit", "unit.model" },
	{ "unit.id", "customer.id" }, { NULL, NULL }
};

/* The refusal on the field it names, the typed text as it is. */
static void
save_failed(struct app *a, struct intake *in, const cJSON *reply)
{
	char text[512];

	form_refused(&in->form, reply, aliases, text, sizeof text);
	if (strcmp(reply_code(reply), "unavailable") == 0)
		ui_message(a, true, _("%s: press Ctrl-S to try again (the call is not "
		    "registered twice)"), text);
	else
		ui_message(a, true, _("Not saved: %s"), text);
}

/* The banner: the new ticket's number, prominently. */
static void
set_banner(const struct app *a, struct intake *in, const cJSON *t)
{
	const char *no = ui_jstr(t, "no"), *cls = ui_jstr(t, "service_class");
	char due[32];
	time_t when;

	ui_copy(in->last_no, sizeof in->last_no, no);
	if (strcmp(ui_jstr(t, "state"), "closed") == 0) {
		snprintf(in->banner, sizeof in->banner,
		    _("Consultation %s answered and closed"), no);
		return;
	}
	if (!ui_parse_time(ui_jstr(t, "arrival_due"), &when, NULL) &&
	    !ui_parse_time(ui_jstr(t, "reply_due"), &when, NULL))
		when = 0;
	ui_show_time(a, when, true, due, sizeof due);
	snprintf(in->banner, sizeof in->banner, _("Ticket %s registered: class %s, due %s"),
	    no, label_class(cls), due);
}

/* No answer (the connection dropped): sent again, with the same request
 * key, once the client is logged in again. */
static void
on_saved(struct app *a, void *ctx, const cJSON *reply)
{
	struct intake *in = ctx;
	const cJSON *t = reply_result(reply);

	in->save_id = 0;
	if (reply == NULL) {
		in->resend = true;
		ui_message(a, true, "%s", _("The connection dropped while saving: the call "
		    "is sent again when it is back (it is not registered twice)"));
		return;
	}
	if (!reply_ok(reply)) {
		save_failed(a, in, reply);
		return;
	}
	char tell[ENT_PART_LEN];

	set_banner(a, in, t);
	ui_ticket_changed(a, t);
	intake_rights_saved(in, t, tell, sizeof tell);
	if (tell[0])
		ui_message(a, false, _("Registered %s; tell the caller: %s"), in->last_no, tell);
	else
		ui_message(a, false, _("Registered %s; the form is ready for the next call"),
		    in->last_no);
	intake_reset(a, in);
}
