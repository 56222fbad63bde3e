/*
 * widget/entitlements.c: a unit's entitlements in words (widget/
 * entitlements.h). The days and flags are the daemon's; only the phrasing
 * is here.
 */
#include "client/widget/entitlements.h"
#include "client/widget/labels.h"
#include "client/widget/record.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static void add(struct ent_words *w, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
add(struct ent_words *w, const char *fmt, ...)
{
	va_list ap;

	if (w->n >= ENT_PARTS)
		return;
	va_start(ap, fmt);
	vsnprintf(w->part[w->n++], ENT_PART_LEN, fmt, ap);
	va_end(ap);
}

/* "2 days left", "last day today"; a member that is null: false. */
static bool
days_left(const cJSON *e, const char *name, char *buf, size_t len)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(e, name);
	long long d;

	if (!cJSON_IsNumber(v))
		return false;
	d = (long long)v->valuedouble;
	if (d <= 0)
		snprintf(buf, len, "%s", _("last day today"));
	else
		snprintf(buf, len, ngettext("%lld day left", "%lld days left", d), d);
	return true;
}

static void
add_guarantee(const cJSON *e, struct ent_words *w)
{
	char refund[64], exchange[64];

	if (days_left(e, "refund_days_left", refund, sizeof refund)) {
		days_left(e, "exchange_days_left", exchange, sizeof exchange);
		add(w, _("Refund: %s, exchange: %s"), refund, exchange);
	} else if (days_left(e, "exchange_days_left", exchange, sizeof exchange))
		add(w, _("Exchange: %s"), exchange);
	else if (ui_jbool(e, "exchange"))
		add(w, "%s", _("Exchange: repaired twice without a fix"));
	else
		add(w, ngettext("No refund or exchange (bought %lld day ago)",
		    "No refund or exchange (bought %lld days ago)",
		    (long long)ui_jint(e, "days_since_purchase", 0)),
		    (long long)ui_jint(e, "days_since_purchase", 0));
}

/* "12 days ago", "today". */
static void
ago(long long days, char *buf, size_t len)
{
	if (days <= 0)
		snprintf(buf, len, "%s", _("today"));
	else
		snprintf(buf, len, ngettext("%lld day ago", "%lld days ago", days), days);
}

static void
add_repeat(const cJSON *e, struct ent_words *w)
{
	const cJSON *r = cJSON_GetObjectItemCaseSensitive(e, "repeat_of");
	const char *who;
	char when[64];

	if (!cJSON_IsObject(r))
		return;
	ago(ui_jint(r, "days_ago", 0), when, sizeof when);
	who = ui_jstr(r, "technician_name")[0] ? ui_jstr(r, "technician_name") :
	    ui_jstr(r, "technician")[0] ? ui_jstr(r, "technician") : _("nobody yet");
	if (ui_jstr(r, "completed_at")[0])
		add(w, _("Repeat of %s (fixed by %s %s)"), ui_jstr(r, "no"), who, when);
	else
		add(w, _("Repeat of %s (%s, registered %s)"), ui_jstr(r, "no"),
		    label_ticket_state(ui_jstr(r, "state")), when);
}

static void
add_contract(const cJSON *e, struct ent_words *w)
{
	const char *end = ui_jstr(e, "contract_end");

	if (!end[0])
		return;
	if (ui_jint(e, "contract_days_left", -1) >= 0)
		add(w, _("Contract until %s"), end);
	else
		add(w, _("Contract ended %s"), end);
}

static void
add_open(const cJSON *e, struct ent_words *w)
{
	const cJSON *open = cJSON_GetObjectItemCaseSensitive(e, "open_tickets"), *t;
	char list[ENT_PART_LEN] = "";
	int n = cJSON_GetArraySize(open);
	size_t used = 0;

	if (n == 0)
		return;
	cJSON_ArrayForEach(t, open) {
		used += (size_t)snprintf(list + used, sizeof list - used, "%s%s (%s)",
		    used ? ", " : "", ui_jstr(t, "no"), label_ticket_state(ui_jstr(t, "state")));
		if (used >= sizeof list)
			break;
	}
	add(w, ngettext("%d open on this unit: %s", "%d open on this unit: %s", n), n, list);
}

void
entitlement_words(const cJSON *e, bool repair, struct ent_words *w)
{
	w->n = 0;
	if (!cJSON_IsObject(e))
		return;
	if (repair) {
		add_guarantee(e, w);
		add_repeat(e, w);
	}
	add_open(e, w);
	add_contract(e, w);
}

void
entitlement_warranty(const cJSON *e, char *buf, size_t len)
{
	long long left = ui_jint(e, "warranty_days_left", -1);

	if (!cJSON_IsObject(e))
		snprintf(buf, len, "-");
	else if (left >= 0)
		snprintf(buf, len, ngettext("%lld day left", "%lld days left", left), left);
	else
		snprintf(buf, len, _("ended %s"), ui_jstr(e, "warranty_until"));
}

void
entitlement_join(const struct ent_words *w, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (int i = 0; i < w->n && used < len; i++)
		used += (size_t)snprintf(buf + used, len - used, "%s%s", i ? "; " : "",
		    w->part[i]);
}

void
entitlement_draw(struct app *a, const char *lead, const struct ent_words *w,
    int y, int lines, attr_t attr)
{
	char line[1024];
	int width = COLS - 2, line_no = 0, i = 0;

	(void)a;
	attrset(attr);
	for (int k = 0; k < lines; k++)
		ui_put(y + k, 1, width, "");
	snprintf(line, sizeof line, "%s", lead);
	while (i < w->n) {
		size_t n = strlen(line);
		snprintf(line + n, sizeof line - n, "%s%s", n == 0 ? "" : i == 0 ? " " : "; ",
		    w->part[i]);
		if (ui_text_width(line) > width && n > 0 && line_no + 1 < lines) {
			line[n] = '\0';                  /* this part starts the next line */
			record_put(y + line_no++, 1, width, line);
			snprintf(line, sizeof line, "%s", w->part[i]);
		}
		i++;
	}
	record_put(y + line_no, 1, width, line);
	attrset(A_NORMAL);
}
