/*
 * screen/repair.c: the repair card (维修卡) of a ticket, filled in by its
 * technician on site or in the workshop (r on the own list).
 *
 * Diagnosis, cause (the description), actions and labour minutes are text
 * fields (required, checked all at once before sending); the fault cause is
 * picked (Left/Right, Space, or its first letter typed) from the catalogue's
 * active causes (cause.list, named in the user's language) and required here,
 * though the daemon takes a card without one (doc/domain.md, Repair card);
 * below them a parts picker: the catalogue with the stock at the technician's
 * service point (part.list), filtered as a part number or name is typed;
 * Enter on a part asks the quantity (a prompt that keeps a wrong one) and
 * adds it to the parts used, listed with their prices and, for class A, a
 * running total (- or Delete takes one off, + adds one). Ctrl-S saves the
 * card (ticket.repair): the daemon takes the parts from stock in the same
 * transaction, and a part short in stock comes back as a conflict naming the
 * part and what is left, shown in the form, which stays as it was to be
 * corrected. Leaving with something typed asks first.
 */
#include "client/screen/work.h"
#include "client/screen/screens.h"
#include "client/widget/labels.h"
#include "common/records.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FIND_DELAY_MS 300
#define PICK_LINES 6
#define MAX_USED 20
#define CAUSES_MAX 64

enum { R_DIAG, R_CAUSE, R_ACTIONS, R_LABOUR, R_CODE, R_FIND, R_PARTS, R_USED, R_COUNT };

static const char *cause_problem(const struct form *f, int item, const char *text);

static const struct form_item repair_items[R_COUNT] = {
	[R_DIAG] = { .kind = FK_TEXT, .label = N_("Diagnosis"), .wire = "diagnosis",
	    .row = 0, .span = 3, .max = CARD_TEXT_MAX,
	    .flags = FF_REQUIRED | FF_COUNT },
	[R_CAUSE] = { .kind = FK_TEXT, .label = N_("Cause"), .wire = "cause",
	    .row = 1, .span = 3, .max = CARD_TEXT_MAX,
	    .flags = FF_REQUIRED | FF_COUNT },
	[R_ACTIONS] = { .kind = FK_TEXT, .label = N_("Actions"), .wire = "actions",
	    .row = 2, .span = 3, .max = CARD_TEXT_MAX,
	    .flags = FF_REQUIRED | FF_COUNT },
	[R_LABOUR] = { .kind = FK_TEXT, .label = N_("Labour (minutes)"),
	    .wire = "labour_minutes", .row = 3, .span = 1, .max = 4,
	    .flags = FF_REQUIRED, .check = FC_INTEGER, .lo = 0, .hi = 1440 },
	[R_CODE] = { .kind = FK_CHOICE, .label = N_("Fault cause"), .wire = "cause_code",
	    .row = 3, .col = 1, .span = 2, .flags = FF_REQUIRED, .check_fn = cause_problem },
	[R_FIND] = { .kind = FK_TEXT, .label = N_("Find part"), .row = 5, .span = 2,
	    .max = 32 },
	[R_PARTS] = { .kind = FK_CUSTOM, .label = N_("Parts in stock"), .wire = "part_no",
	    .row = 6, .span = 3, .lines = PICK_LINES + 1 },
	[R_USED] = { .kind = FK_CUSTOM, .label = N_("Parts used"), .wire = "parts",
	    .row = 14, .span = 3, .lines = 6 },
};

struct used_part {
	char part_no[40], name[96];
	int64_t price;
	int qty;
};

struct repair {
	struct work_form w;             /* first: its address is the view's ctx */
	struct form_item items[R_COUNT];
	cJSON *parts;                   /* the parts found */
	int64_t list_id;                /* the part.list in flight */
	int pick, pick_top;             /* the part under the cursor */
	struct used_part used[MAX_USED];
	int nused, used_sel;
	bool used_changed;              /* parts added or taken off: unsaved */
	char on_card[512];              /* what an earlier repair put on the card */
	/* The fault causes offered: [0] is "pick one", then the active causes of
	 * cause.list by name (cause_names, the choice's codes) and code. */
	char cause_names[CAUSES_MAX][128];
	char cause_wire[CAUSES_MAX][CAUSE_CODE_MAX + 1];
	const char *cause_choices[CAUSES_MAX + 1];
	char card_cause[CAUSE_CODE_MAX + 1];   /* the card's code, to choose once listed */
	int64_t causes_id;              /* the cause.list in flight */
};

static struct repair *
repair_of(struct app *a)
{
	return ui_view_of(a, &ui_repair_view)->priv;
}

static bool
class_a(const struct repair *r)
{
	return strcmp(ui_jstr(r->w.record, "service_class"), "A") == 0;
}

/* ---- the parts found */

static void
on_parts(struct app *a, void *ctx, const cJSON *reply)
{
	struct repair *r = ctx;
	const cJSON *parts = cJSON_GetObjectItemCaseSensitive(reply_result(reply), "parts");
	char text[512];

	r->list_id = 0;
	if (reply == NULL)
		return;
	if (!reply_ok(reply) || !cJSON_IsArray(parts)) {
		net_error_text(reply, text, sizeof text);
		ui_message(a, true, _("Cannot list the parts: %s"), text);
		return;
	}
	cJSON_Delete(r->parts);
	r->parts = cJSON_Duplicate(parts, true);
	r->pick = r->pick_top = 0;
	a->dirty = true;
}

/* Lists the parts matching what is typed; an older list in flight is
 * forgotten (its answer would show parts for other words). */
static void
find_parts(struct app *a, struct repair *r)
{
	cJSON *args = cJSON_CreateObject();
	char q[64];

	form_text(&r->w.form, R_FIND, q, sizeof q);
	if (q[0])
		cJSON_AddStringToObject(args, "q", q);
	cJSON_AddNumberToObject(args, "limit", 100);
	if (r->list_id > 0)
		net_cancel(a, r->list_id);
	r->list_id = net_request(a, "part.list", args, on_parts, r);
	if (r->list_id < 0)
		r->list_id = 0;
}

/* ---- the fault causes */

static const char *
cause_problem(const struct form *f, int item, const char *text)
{
	(void)text;
	return f->items[item].choice == 0 ? N_("pick the fault cause from the list") : NULL;
}

/* Chooses the card's cause when it is offered. */
static void
choose_card_cause(struct repair *r)
{
	for (int i = 1; r->cause_choices[i] != NULL; i++)
		if (strcmp(r->cause_wire[i], r->card_cause) == 0)
			r->items[R_CODE].choice = i;
}

/* Offers "pick one" and the active causes of list (NULL: none yet). */
static void
set_causes(struct repair *r, const cJSON *list)
{
	const cJSON *c;
	int n = 1;

	ui_copy(r->cause_names[0], sizeof r->cause_names[0],
	    _("pick one (Left/Right or a letter)"));
	r->cause_wire[0][0] = '\0';
	cJSON_ArrayForEach(c, list) {
		if (n >= CAUSES_MAX)
			break;
		if (!ui_jbool(c, "active"))
			continue;
		ui_copy(r->cause_names[n], sizeof r->cause_names[n], label_named(c));
		ui_copy(r->cause_wire[n++], sizeof r->cause_wire[0], ui_jstr(c, "code"));
	}
	for (int i = 0; i < n; i++)
		r->cause_choices[i] = r->cause_names[i];
	r->cause_choices[n] = NULL;
	r->items[R_CODE].codes = r->cause_choices;
	r->items[R_CODE].choice = 0;
	choose_card_cause(r);
}

static void
on_causes(struct app *a, void *ctx, const cJSON *reply)
{
	struct repair *r = ctx;
	const cJSON *list = cJSON_GetObjectItemCaseSensitive(reply_result(reply), "causes");
	char text[512];

	r->causes_id = 0;
	if (reply == NULL)
		return;
	if (!reply_ok(reply) || !cJSON_IsArray(list)) {
		net_error_text(reply, text, sizeof text);
		ui_message(a, true, _("Cannot list the fault causes: %s"), text);
		return;
	}
	set_causes(r, list);
	a->dirty = true;
}

static void
list_causes(struct app *a, struct repair *r)
{
	if (r->causes_id > 0)
		net_cancel(a, r->causes_id);
	r->causes_id = net_request(a, "cause.list", NULL, on_causes, r);
	if (r->causes_id < 0)
		r->causes_id = 0;
}

/* ---- the parts used */

static int64_t
used_total(const struct repair *r)
{
	int64_t sum = 0;

	for (int i = 0; i < r->nused; i++)
		sum += r->used[i].price * r->used[i].qty;
	return sum;
}

static void
add_used(struct repair *r, const cJSON *part, int qty)
{
	const char *no = ui_jstr(part, "part_no");
	struct used_part *u;

	r->used_changed = true;
	for (int i = 0; i < r->nused; i++)
		if (strcmp(r->used[i].part_no, no) == 0) {
			r->used[i].qty += qty;
			r->used_sel = i;
			return;
		}
	if (r->nused == MAX_USED)
		return;
	u = &r->used[r->nused];
	ui_copy(u->part_no, sizeof u->part_no, no);
	ui_copy(u->name, sizeof u->name, ui_jstr(part, "name"));
	u->price = ui_jint(part, "price", 0);
	u->qty = qty;
	r->used_sel = r->nused++;
}

static void
change_used(struct repair *r, int delta)
{
	struct used_part *u = &r->used[r->used_sel];

	if (r->used_sel >= r->nused)
		return;
	r->used_changed = true;
	u->qty += delta;
	if (u->qty > 0)
		return;
	memmove(u, u + 1, (size_t)(r->nused - r->used_sel - 1) * sizeof *u);
	r->nused--;
	if (r->used_sel >= r->nused && r->used_sel > 0)
		r->used_sel--;
}

static const cJSON *
part_by_no(const struct repair *r, const char *no)
{
	const cJSON *p;

	cJSON_ArrayForEach(p, r->parts)
		if (strcmp(ui_jstr(p, "part_no"), no) == 0)
			return p;
	return NULL;
}

/* The quantity prompt: a wrong number stays in it to be corrected. */
static void
qty_submit(struct app *a, struct overlay *o, void *ctx, const char *text)
{
	struct repair *r = repair_of(a);
	const cJSON *p = part_by_no(r, ctx);
	long q;

	if (p == NULL) {
		ui_prompt_error(a, o, "%s", _("That part is no longer listed: find it again"));
		return;
	}
	if (!work_parse_int(text, 1, 999, &q)) {
		ui_prompt_error(a, o, "%s", _("A quantity is a whole number from 1 to 999"));
		return;
	}
	add_used(r, p, (int)q);
	r->w.error[0] = '\0';
	ui_prompt_close(a, o);
	ui_message(a, false, _("Added %ld x %s"), q, ui_jstr(p, "name"));
}

static void
ask_quantity(struct app *a, struct repair *r)
{
	const cJSON *p = cJSON_GetArrayItem(r->parts, r->pick);
	char title[256], no[40];

	if (p == NULL)
		return;
	snprintf(title, sizeof title, _("Quantity of %s %s (in stock: %lld)"),
	    ui_jstr(p, "part_no"), ui_jstr(p, "name"), (long long)ui_jint(p, "stock", 0));
	ui_copy(no, sizeof no, ui_jstr(p, "part_no"));
	ui_prompt(a, title, _("Quantity:"), "1", qty_submit, no, sizeof no);
}

/* ---- reading and saving */

/* A card saved before (a repair again after a failed inspection): its
 * texts are shown to be corrected (the daemon replaces them); its parts and
 * minutes stay on the card and this repair's are added, so the form starts
 * without them and says what is there already. */
static void
prefill(struct repair *r, const cJSON *card)
{
	const cJSON *p;
	size_t n;

	r->on_card[0] = '\0';
	if (!cJSON_IsObject(card))
		return;
	ui_copy(r->card_cause, sizeof r->card_cause, ui_jstr(card, "cause_code"));
	choose_card_cause(r);
	ui_field_set(&r->items[R_DIAG].field, ui_jstr(card, "diagnosis"));
	ui_field_set(&r->items[R_CAUSE].field, ui_jstr(card, "cause"));
	ui_field_set(&r->items[R_ACTIONS].field, ui_jstr(card, "actions"));
	n = (size_t)snprintf(r->on_card, sizeof r->on_card,
	    _("On the card already (stays; add only this repair's): %lld min"),
	    (long long)ui_jint(card, "labour_minutes", 0));
	cJSON_ArrayForEach(p, cJSON_GetObjectItemCaseSensitive(card, "parts"))
		if (n < sizeof r->on_card)
			n += (size_t)snprintf(r->on_card + n, sizeof r->on_card - n, ", %s x%lld",
			    ui_jstr(p, "part_no"), (long long)ui_jint(p, "qty", 0));
}

static void
repair_loaded(struct app *a, struct work_form *w, bool first)
{
	struct repair *r = (struct repair *)w;

	(void)a;
	if (first)
		prefill(r, cJSON_GetObjectItemCaseSensitive(w->record, "repair"));
}

static void
repair_saved(struct app *a, struct work_form *w, const cJSON *result)
{
	ui_ticket_changed(a, result);
	if (strcmp(ui_jstr(result, "state"), "repaired") == 0)
		ui_message(a, false, _("Repair card of %s saved: waiting for inspection"), w->no);
	else
		ui_message(a, false, _("Repair card of %s saved"), w->no);
}

void
repair_show(struct app *a, const char *no, const struct view_ops *back)
{
	struct repair *r = repair_of(a);
	static const char *const aliases[][2] = { { "part_no", "parts" }, { NULL, NULL } };
	static const struct work_kind kind = { &ui_repair_view, "ticket.repair",
		repair_items, R_COUNT, repair_loaded, repair_saved, aliases };

	r->on_card[0] = r->card_cause[0] = '\0';
	r->nused = r->used_sel = r->pick = r->pick_top = 0;
	r->used_changed = false;
	r->list_id = 0;
	cJSON_Delete(r->parts);
	r->parts = NULL;
	work_open(a, &r->w, &kind, r->items, "ticket.get", no, back);
	set_causes(r, NULL);
	list_causes(a, r);
	find_parts(a, r);
}

static cJSON *
card_args(const struct repair *r, long minutes)
{
	cJSON *args = cJSON_CreateObject(), *parts, *p;
	char buf[UI_FIELD_MAX * 4 + 1];
	static const int texts[] = { R_DIAG, R_CAUSE, R_ACTIONS };

	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		form_text(&r->w.form, texts[i], buf, sizeof buf);
		cJSON_AddStringToObject(args, r->items[texts[i]].wire, buf);
	}
	if (r->items[R_CODE].choice > 0)
		cJSON_AddStringToObject(args, "cause_code", r->cause_wire[r->items[R_CODE].choice]);
	parts = cJSON_AddArrayToObject(args, "parts");
	for (int i = 0; i < r->nused; i++) {
		p = cJSON_CreateObject();
		cJSON_AddStringToObject(p, "part_no", r->used[i].part_no);
		cJSON_AddNumberToObject(p, "qty", r->used[i].qty);
		cJSON_AddItemToArray(parts, p);
	}
	cJSON_AddNumberToObject(args, "labour_minutes", (double)minutes);
	return args;
}

static unsigned
run_save(struct app *a, struct view *v)
{
	struct repair *r = v->priv;
	char buf[16];
	long minutes;

	if (!work_checked(&r->w))
		return UI_HANDLED;
	form_text(&r->w.form, R_LABOUR, buf, sizeof buf);
	if (!work_parse_int(buf, 0, 1440, &minutes))
		minutes = 0;   /* form_check said it is one */
	work_save(a, &r->w, card_args(r, minutes));
	return UI_HANDLED;
}

/* ---- drawing */

static void
pick_layout(int *w)
{
	w[0] = 16;
	w[2] = -10;
	w[3] = -8;
	w[1] = COLS - 2 - 16 - 10 - 8 - 4;
	if (w[1] < 8)
		w[1] = 8;
}

static void
draw_pick_row(const cJSON *p, int y, const int *w, bool sel, bool focus)
{
	char price[32], stock[16];
	const char *cells[4] = { ui_jstr(p, "part_no"), ui_jstr(p, "name"), price, stock };

	ui_yuan(ui_jint(p, "price", 0), price, sizeof price);
	snprintf(stock, sizeof stock, "%lld", (long long)ui_jint(p, "stock", 0));
	attrset(sel && focus ? A_REVERSE : sel ? A_UNDERLINE : A_NORMAL);
	if (ui_jint(p, "stock", 0) <= 0 && !(sel && focus))
		attrset(A_DIM);
	ui_put_cells(y, 1, w, cells, 4);
	attrset(A_NORMAL);
}

static void
draw_picker(struct repair *r, int y)
{
	const char *head[] = { _("Part no."), _("Part name"), _("Price"), _("Stock") };
	bool focus = r->w.form.focus == R_PARTS;
	int n = cJSON_GetArraySize(r->parts), w[4];

	pick_layout(w);
	attrset(A_BOLD | A_UNDERLINE);
	ui_put_cells(y, 1, w, head, 4);
	attrset(A_NORMAL);
	if (n == 0) {
		ui_put(y + 1, 2, COLS - 4, r->list_id > 0 ? _("Loading...") :
		    _("No parts match"));
		return;
	}
	if (r->pick < r->pick_top)
		r->pick_top = r->pick;
	if (r->pick >= r->pick_top + PICK_LINES)
		r->pick_top = r->pick - PICK_LINES + 1;
	for (int i = 0; i < PICK_LINES && r->pick_top + i < n; i++)
		draw_pick_row(cJSON_GetArrayItem(r->parts, r->pick_top + i), y + 1 + i, w,
		    r->pick_top + i == r->pick, focus);
}

static void
draw_used_row(const struct repair *r, int y, int i, const int *w, bool focus)
{
	const struct used_part *u = &r->used[i];
	char qty[16], price[32], sum[32];
	const char *cells[5] = { u->part_no, u->name, qty, price, sum };

	snprintf(qty, sizeof qty, "x%d", u->qty);
	ui_yuan(u->price, price, sizeof price);
	ui_yuan(u->price * u->qty, sum, sizeof sum);
	attrset(i == r->used_sel && focus ? A_REVERSE : A_NORMAL);
	ui_put_cells(y, 1, w, cells, 5);
	attrset(A_NORMAL);
}

static void
draw_used(struct app *a, const struct repair *r, int y, int lines)
{
	int w[5] = { 16, 0, -5, -10, -10 };
	bool focus = r->w.form.focus == R_USED;
	char line[256], total[32];
	int first = 0;

	w[1] = COLS - 2 - 16 - 5 - 10 - 10 - 5;
	attrset(focus ? ui_attr(a, UI_C_FOCUS) | A_BOLD : A_BOLD);
	ui_put(y, 1, COLS - 2, _("Parts used"));
	attrset(A_NORMAL);
	if (r->nused == 0)
		ui_put(y + 1, 2, COLS - 4, _("none (find a part above, Enter adds it)"));
	if (r->used_sel >= lines - 2)
		first = r->used_sel - (lines - 3);
	for (int i = first; i < r->nused && i - first < lines - 2; i++)
		draw_used_row(r, y + 1 + i - first, i, w, focus);
	ui_yuan(used_total(r), total, sizeof total);
	if (class_a(r))
		snprintf(line, sizeof line, _("Parts total %s yuan (class A; labour from the "
		    "price list, markup at completion)"), total);
	else
		snprintf(line, sizeof line, _("Parts total %s yuan (no charge for class %s)"),
		    total, ui_jstr(r->w.record, "service_class"));
	attrset(A_BOLD);
	ui_put(y + lines - 1, 1, COLS - 2, line);
	attrset(A_NORMAL);
}

/* "张三  KFR-35GW SN-1  Class A  On site  空调不制冷" */
static void
draw_ticket_line(const struct repair *r, int y)
{
	const cJSON *u = cJSON_GetObjectItemCaseSensitive(r->w.record, "unit");
	const cJSON *c = cJSON_GetObjectItemCaseSensitive(r->w.record, "customer");
	char line[512];

	if (r->w.record == NULL)
		return;
	snprintf(line, sizeof line, "%s  %s %s  %s  %s  %s", ui_jstr(c, "name"),
	    ui_jstr(u, "model"), ui_jstr(u, "serial"),
	    label_class(ui_jstr(r->w.record, "service_class")),
	    label_ticket_state(ui_jstr(r->w.record, "state")), ui_jstr(r->w.record, "fault"));
	ui_put(y, 1, COLS - 2, line);
}

static void
repair_paint(struct app *a, struct view *v, int top, int rows)
{
	struct repair *r = v->priv;
	char line[512];
	int nerr = work_error_lines(r->w.error, 2);
	int form_top = top + 2, used_lines = rows - 2 - 14 - nerr;

	snprintf(line, sizeof line, _("Repair card: ticket %s"), r->w.no);
	attrset(ui_attr(a, UI_C_TITLE));
	ui_put(top, 1, COLS - 2, line);
	attrset(A_NORMAL);
	draw_ticket_line(r, top + 1);
	form_draw(a, &r->w.form, form_top);
	attrset(A_DIM);
	ui_put(form_top + 4, 1, COLS - 2, r->on_card);
	attrset(A_NORMAL);
	if (r->w.form.focus == R_PARTS)
		a->cursor_y = -1;
	draw_picker(r, form_top + 6);
	if (used_lines > 6)
		used_lines = 6;
	if (used_lines >= 3)
		draw_used(a, r, form_top + 14, used_lines);
	work_draw_problems(a, top + rows - nerr, nerr, r->w.error,
	    _("Ctrl-S saves the card; the parts are taken from your service point's stock"));
}

/* ---- keys */

static unsigned
picker_key(struct app *a, struct repair *r, ui_key_t key)
{
	int n = cJSON_GetArraySize(r->parts);

	if (key == UI_KEY_ENTER)
		ask_quantity(a, r);
	else if ((key == UI_K(KEY_UP) || key == 'k') && r->pick > 0)
		r->pick--;
	else if (key == UI_K(KEY_UP))
		r->w.form.focus = R_FIND;
	else if ((key == UI_K(KEY_DOWN) || key == 'j') && r->pick + 1 < n)
		r->pick++;
	else if (key == UI_K(KEY_NPAGE) || key == UI_K(KEY_PPAGE)) {
		r->pick += key == UI_K(KEY_NPAGE) ? PICK_LINES : -PICK_LINES;
		r->pick = r->pick >= n ? n - 1 : r->pick < 0 ? 0 : r->pick;
	} else if (key >= 0x20 && key < UI_KEY_CODE && key != 0x7F) {
		r->w.form.focus = R_FIND;   /* typing filters */
		return 0;
	} else
		return 0;
	return UI_HANDLED | UI_REDRAW;
}

static unsigned
used_key(struct repair *r, ui_key_t key)
{
	if (key == UI_K(KEY_UP) && r->used_sel > 0)
		r->used_sel--;
	else if (key == UI_K(KEY_DOWN) && r->used_sel + 1 < r->nused)
		r->used_sel++;
	else if (key == '+')
		change_used(r, 1);
	else if (key == '-')
		change_used(r, -1);
	else if (key == UI_K(KEY_DC) && r->used_sel < r->nused)
		change_used(r, -r->used[r->used_sel].qty);
	else
		return 0;
	return UI_HANDLED | UI_REDRAW;
}

/* Typing in Find part looks the parts up after a pause; it is a search,
 * not work on the card, so it leaves the form as unsaved as it was. */
static unsigned
find_key(struct app *a, struct repair *r, ui_key_t key)
{
	char before[64], after[64];
	bool dirty = r->w.form.dirty;
	unsigned res;

	if (key == UI_KEY_ENTER) {
		r->w.form.focus = R_PARTS;
		return UI_HANDLED | UI_REDRAW;
	}
	form_text(&r->w.form, R_FIND, before, sizeof before);
	res = work_input(&r->w, key, true);
	form_text(&r->w.form, R_FIND, after, sizeof after);
	r->w.form.dirty = dirty;
	if (strcmp(before, after) != 0)
		a->timer_at = ui_now_ms() + FIND_DELAY_MS;
	return res;
}

static unsigned
repair_input(struct app *a, struct view *v, ui_key_t key)
{
	struct repair *r = v->priv;
	unsigned res = 0;

	if (r->w.form.focus == R_PARTS && (res = picker_key(a, r, key)) != 0)
		return res;
	if (r->w.form.focus == R_USED && (res = used_key(r, key)) != 0)
		return res;
	if (r->w.form.focus == R_FIND)
		return find_key(a, r, key);
	return work_input(&r->w, key, true);
}

static void
repair_timer(struct app *a, struct view *v)
{
	find_parts(a, v->priv);
}

static bool
in_picker(const struct app *a, const struct view *v)
{
	(void)a;
	return ((const struct repair *)v->priv)->w.form.focus == R_PARTS;
}

static bool
in_used(const struct app *a, const struct view *v)
{
	(void)a;
	return ((const struct repair *)v->priv)->w.form.focus == R_USED;
}

/* Keys without a run are the form's (repair_input): listed for the bar
 * and the help only. */
static const struct ui_key repair_keys[] = {
	{ .key = UI_CTRL('s'), .alt = UI_K(KEY_F(2)), .name = N_("Ctrl-S"),
	  .label = N_("Save card"), .help = N_("Save the card: the parts are taken from stock"),
	  .run = run_save, .when = work_view_can_save, .refuse = work_view_refuse_save },
	{ .key = UI_KEY_ENTER, .name = N_("Enter"), .label = N_("Add part"),
	  .help = N_("In Find part: to the parts; there: add the part (asks the quantity)"),
	  .when = in_picker },
	{ .key = '+', .name = N_("+, -, Delete"), .label = N_("More, less"),
	  .help = N_("In the parts used: one more, one less, remove"), .when = in_used },
	{ .key = UI_KEY_TAB, .name = N_("Tab, Down"),
	  .help = N_("Next field (Shift-Tab, Up: previous)") },
	{ .key = UI_KEY_ESC, .name = N_("Esc"), .label = N_("Back"),
	  .help = N_("Back without saving (asks when something is typed)"), .run = ui_key_leave },
	{ 0 }
};

static bool
repair_unsaved(const struct app *a, const struct view *v)
{
	const struct repair *r = v->priv;

	return work_view_unsaved(a, v) || r->used_changed;
}

static void
repair_session(struct app *a, struct view *v, enum ui_session_event ev)
{
	struct repair *r = v->priv;

	work_view_session(a, v, ev);
	if (ev == UI_DISCONNECTED)
		r->causes_id = 0;
	if ((ev == UI_LOGGED_IN || ev == UI_RESYNC) && a->view == &ui_repair_view) {
		list_causes(a, r);
		find_parts(a, r);
	}
}

static void
repair_destroy(struct app *a, struct view *v)
{
	struct repair *r = v->priv;

	work_view_destroy(a, v);
	cJSON_Delete(r->parts);
	r->parts = NULL;
}

const struct view_ops ui_repair_view = {
	.name = "repair",
	.title = N_("Repair card"),
	.private_size = sizeof(struct repair),
	.keys = repair_keys,
	.paint = repair_paint,
	.input = repair_input,
	.push = work_view_push,
	.session = repair_session,
	.timer = repair_timer,
	.unsaved = repair_unsaved,
	.destroy = repair_destroy,
};
