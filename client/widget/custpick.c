/*
 * widget/custpick.c: the customer picker of the call and complaint
 * intakes; see widget/custpick.h.
 *
 * The lookup's answer goes to on_found with the picker as its context (it
 * lives in the host view's state for the whole run). Keys that move on
 * from the phone while a lookup is under way wait in a small queue and are
 * handed back to the host once the answer is in, so they apply to the
 * rows the user was waiting for; if no answer comes within WAIT_MS they
 * are applied to what the screen shows then.
 */
#include "client/widget/custpick.h"
#include "client/widget/labels.h"

#include <stdio.h>
#include <string.h>

#include "common/validate.h"

#define LOOKUP_DELAY_MS 400
#define WAIT_MS 3000

void
custpick_reset(struct app *a, struct custpick *cp)
{
	if (cp->find_id > 0)
		net_cancel(a, cp->find_id);
	cJSON_Delete(cp->found);
	cp->found = NULL;
	cp->cursor = cp->nqueue = 0;
	cp->chosen = -1;
	cp->find_id = cp->wait_until = 0;
	cp->due = false;
	cp->looked_up[0] = '\0';
}

void
custpick_free(struct custpick *cp)
{
	cJSON_Delete(cp->found);
	cp->found = NULL;
}

/* The keys that waited, handed back to the host in the order typed (a
 * key that starts another lookup makes the rest wait again). */
static void
replay(struct app *a, struct custpick *cp)
{
	ui_key_t keys[CUSTPICK_QUEUE];
	int n = cp->nqueue;

	memcpy(keys, cp->queue, sizeof keys);
	cp->nqueue = 0;
	cp->wait_until = 0;
	for (int i = 0; i < n; i++)
		cp->key_fn(a, cp->host, keys[i]);
}

static void
on_found(struct app *a, void *ctx, const cJSON *reply)
{
	struct custpick *cp = ctx;
	const cJSON *found = cJSON_GetObjectItemCaseSensitive(reply_result(reply),
	    "customers");
	char text[512];
	bool ok = reply != NULL && reply_ok(reply) && cJSON_IsArray(found);

	cp->find_id = 0;
	if (ok) {
		cJSON_Delete(cp->found);
		cp->found = cJSON_Duplicate(found, true);
		cp->cursor = 0;
		cp->chosen = -1;
	} else if (reply != NULL) {
		net_error_text(reply, text, sizeof text);
		ui_message(a, true, _("Lookup failed: %s"), text);
	}
	cp->found_fn(a, cp->host, ok);
	replay(a, cp);
	a->dirty = true;
}

bool
custpick_lookup(struct app *a, struct custpick *cp, const char *phone)
{
	cJSON *args;

	cp->due = false;
	if (!valid_phone(phone)) {
		ui_message(a, true, "%s", _("A phone is 7 to 20 digits, maybe with a leading +"));
		return false;
	}
	if (cp->find_id > 0)
		net_cancel(a, cp->find_id);
	args = cJSON_CreateObject();
	cJSON_AddStringToObject(args, "phone", phone);
	cJSON_AddNumberToObject(args, "limit", 20);
	cp->find_id = net_request(a, "customer.find", args, on_found, cp);
	if (cp->find_id <= 0) {
		cp->find_id = 0;
		ui_message(a, true, "%s", _("Not connected: try again in a moment"));
		return false;
	}
	ui_copy(cp->looked_up, sizeof cp->looked_up, phone);
	return true;
}

void
custpick_typed(struct app *a, struct custpick *cp, const char *phone)
{
	if (cp->find_id > 0 && strcmp(phone, cp->looked_up) == 0)
		return;                 /* the answer on its way is for this phone */
	if (cp->find_id > 0) {      /* it would be for another phone */
		net_cancel(a, cp->find_id);
		cp->find_id = 0;
	}
	cp->due = valid_phone(phone) && strcmp(phone, cp->looked_up) != 0;
	ui_copy(cp->typed, sizeof cp->typed, phone);
	a->timer_at = cp->due ? ui_now_ms() + LOOKUP_DELAY_MS : 0;
}

void
custpick_timer(struct app *a, struct custpick *cp)
{
	if (cp->due)
		custpick_lookup(a, cp, cp->typed);
	else if (cp->nqueue > 0 && ui_now_ms() >= cp->wait_until)
		replay(a, cp);   /* no answer: the keys go to what is shown */
	if (cp->nqueue > 0 && cp->find_id > 0)
		a->timer_at = cp->wait_until;
}

bool
custpick_busy(const struct custpick *cp)
{
	return cp->find_id > 0 || cp->due;
}

static bool
moves_on(ui_key_t key)
{
	return key == UI_KEY_TAB || key == UI_KEY_ENTER || key == UI_K(KEY_DOWN);
}

bool
custpick_hold(struct app *a, struct custpick *cp, ui_key_t key, bool on_phone)
{
	if (cp->nqueue == 0 && !(custpick_busy(cp) && on_phone && moves_on(key)))
		return false;
	if (cp->nqueue < CUSTPICK_QUEUE)
		cp->queue[cp->nqueue++] = key;
	if (cp->due)
		custpick_lookup(a, cp, cp->typed);
	if (cp->wait_until == 0)
		cp->wait_until = ui_now_ms() + WAIT_MS;
	if (cp->find_id > 0)
		a->timer_at = cp->wait_until;
	else
		replay(a, cp);   /* the lookup could not go: nothing to wait for */
	return true;
}

/* Units listed for c: all of them on the call form, none otherwise. */
static int
units_of(const struct custpick *cp, const cJSON *c, const cJSON **units)
{
	*units = cJSON_GetObjectItemCaseSensitive(c, "units");
	return cp->units ? cJSON_GetArraySize(*units) : 0;
}

int
custpick_count(const struct custpick *cp)
{
	const cJSON *c, *units;
	int n = 1;

	if (cJSON_GetArraySize(cp->found) == 0)
		return 0;
	cJSON_ArrayForEach(c, cp->found)
		n += units_of(cp, c, &units) + 1;
	return n;
}

bool
custpick_row(const struct custpick *cp, int k, struct custpick_row *r)
{
	const cJSON *c, *units;
	int n;

	r->cust = r->unit = NULL;
	cJSON_ArrayForEach(c, cp->found) {
		n = units_of(cp, c, &units);
		if (k <= n) {
			r->cust = c;
			r->unit = k < n ? cJSON_GetArrayItem(units, k) : NULL;
			return true;
		}
		k -= n + 1;
	}
	return k == 0 && cp->found != NULL;
}

int
custpick_find(const struct custpick *cp, int64_t cust, int64_t unit)
{
	struct custpick_row r;
	int n = custpick_count(cp);

	for (int k = 0; k < n && custpick_row(cp, k, &r); k++)
		if (r.cust != NULL && ui_jint(r.cust, "id", 0) == cust &&
		    (unit == 0 ? r.unit == NULL : ui_jint(r.unit, "id", 0) == unit))
			return k;
	return -1;
}

int
custpick_key(struct custpick *cp, ui_key_t key, bool *taken)
{
	int n = custpick_count(cp);

	*taken = true;
	if ((key == UI_K(KEY_UP) || key == 'k') && cp->cursor > 0)
		cp->cursor--;
	else if ((key == UI_K(KEY_DOWN) || key == 'j') && cp->cursor + 1 < n)
		cp->cursor++;
	else if ((key == UI_KEY_ENTER || key == ' ') && n > 0)
		return cp->chosen = cp->cursor;
	else
		*taken = false;
	return -1;
}

/* ---- drawing */

static void
row_text(const struct custpick *cp, const struct custpick_row *r, char *buf,
    size_t len)
{
	char phones[128];
	size_t n;

	if (r->cust == NULL) {
		snprintf(buf, len, "%s", _("+ a new customer"));
		return;
	}
	ui_jjoin(r->cust, "phones", phones, sizeof phones);
	n = (size_t)snprintf(buf, len, "%s  %s  %s  %s", ui_jstr(r->cust, "name"),
	    phones, label_region(ui_jstr(r->cust, "region")), ui_jstr(r->cust, "address"));
	if (!cp->units || n >= len)
		return;
	if (r->unit == NULL)
		snprintf(buf + n, len - n, "  |  %s", _("+ a new unit"));
	else {
		snprintf(buf + n, len - n, "  |  ");
		n = strlen(buf);
		snprintf(buf + n, len - n, _("%s  serial %s  bought %s"),
		    ui_jstr(r->unit, "model"), ui_jstr(r->unit, "serial"),
		    ui_jstr(r->unit, "purchase_date"));
	}
}

static void
draw_header(struct app *a, const struct custpick *cp, int y, bool error)
{
	char buf[256];
	int n = cJSON_GetArraySize(cp->found);

	if (cp->find_id > 0)
		snprintf(buf, sizeof buf, "%s", _("Looking up the caller..."));
	else if (cp->found == NULL)
		snprintf(buf, sizeof buf, "%s", _("Type the caller's phone: the customers "
		    "with that number are listed here"));
	else if (n == 0)
		snprintf(buf, sizeof buf, _("No customer has the phone %s: type a new "
		    "customer below"), cp->looked_up);
	else
		snprintf(buf, sizeof buf, ngettext("%d customer with the phone %s: "
		    "Enter takes the row", "%d customers with the phone %s: Enter takes "
		    "the row", n), n, cp->looked_up);
	attrset(error ? ui_attr(a, UI_C_ERROR) | A_REVERSE : A_BOLD);
	ui_put(y, 1, COLS - 2, buf);
	attrset(A_NORMAL);
}

void
custpick_draw(struct app *a, const struct custpick *cp, int y, bool focus,
    bool error)
{
	int n = custpick_count(cp);
	int first = cp->cursor >= cp->rows ? cp->cursor - cp->rows + 1 : 0;
	struct custpick_row r;
	char buf[512];

	draw_header(a, cp, y, error);
	for (int i = 0; i < cp->rows && first + i < n; i++) {
		custpick_row(cp, first + i, &r);
		row_text(cp, &r, buf, sizeof buf);
		attrset(focus && first + i == cp->cursor ? ui_attr(a, UI_C_FOCUS) : A_NORMAL);
		ui_put(y + 1 + i, 3, COLS - 4, buf);
		attrset(A_NORMAL);
		ui_put(y + 1 + i, 1, 2, first + i == cp->chosen ? "*" : "");
	}
}
