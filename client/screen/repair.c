/*
 * screen/repair.c: the repair card (维修卡) of a ticket, filled in by its
 * technician on site or in the workshop (r on the own list).
 *
 * Diagnosis, cause, actions and labour minutes are text fields; below
 * them a parts picker: the catalogue with the stock at the technician's
 * service point (part.list), filtered as a part number or name is typed;
 * Enter on a part asks the quantity and adds it to the parts used, listed
 * with their prices and, for class A, a running total (- or Delete takes
 * one off, + adds one). Ctrl-S saves the card (ticket.repair): the daemon
 * takes the parts from stock in the same transaction, and a part short in
 * stock comes back as a conflict naming it, shown in the form, which
 * stays as it was to be corrected.
 */
#include "client/screen/work.h"
#include "client/screen/screens.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FIND_DELAY_MS 300
#define PICK_LINES 6
#define MAX_USED 20

enum { R_DIAG, R_CAUSE, R_ACTIONS, R_LABOUR, R_FIND, R_PARTS, R_USED, R_COUNT };

static struct form_item r_items[R_COUNT] = {
	[R_DIAG] = { FK_TEXT, N_("Diagnosis"), "diagnosis", 0, 0, 3, 128, NULL, NULL, 0 },
	[R_CAUSE] = { FK_TEXT, N_("Cause"), "cause", 1, 0, 3, 128, NULL, NULL, 0 },
	[R_ACTIONS] = { FK_TEXT, N_("Actions"), "actions", 2, 0, 3, 128, NULL, NULL, 0 },
	[R_LABOUR] = { FK_TEXT, N_("Labour minutes"), "labour_minutes", 3, 0, 1, 4,
	    NULL, NULL, 0 },
	[R_FIND] = { FK_TEXT, N_("Find part"), NULL, 5, 0, 2, 32, NULL, NULL, 0 },
	[R_PARTS] = { FK_CUSTOM, N_("Parts in stock"), "part_no", 6, 0, 3, 0, NULL, NULL,
	    PICK_LINES + 1 },
	[R_USED] = { FK_CUSTOM, N_("Parts used"), "parts", 14, 0, 3, 0, NULL, NULL, 6 },
};

struct used_part {
	char part_no[40], name[96];
	int64_t price, stock;
	int qty;
};

static struct {
	struct form form;
	char no[24];
	const struct view_ops *back;
	cJSON *ticket, *parts;          /* the ticket; the parts found */
	int64_t get_id, list_id, save_id;
	int pick, pick_top;             /* the part under the cursor */
	struct used_part used[MAX_USED];
	int nused, used_sel;
	char error[512];
	char on_card[512];              /* what an earlier repair put on the card */
} R;

static const struct ui_help repair_help[] = {
	{ N_("Tab, Down"), N_("Next field (Shift-Tab, Up: previous)") },
	{ N_("Find part"), N_("Type a part number or part of a name") },
	{ N_("Enter"), N_("In the parts: add the part (asks the quantity)") },
	{ N_("+, -, Delete"), N_("In the parts used: one more, one less, remove") },
	{ N_("Ctrl-S, F2"), N_("Save the card: the parts are taken from stock") },
	{ N_("Esc"), N_("Back without saving") },
	{ NULL, NULL }
};

static int
repair_bar(struct app *a, struct ui_help *out, int max)
{
	static const struct ui_help keys[] = {
		{ N_("Ctrl-S"), N_("Save card") }, { N_("Enter"), N_("Add part") },
		{ N_("Esc"), N_("Back") },
	};
	(void)a;
	return work_bar(out, max, keys, 3);
}

static bool
class_a(void)
{
	return strcmp(ui_jstr(R.ticket, "service_class"), "A") == 0;
}

static void
find_parts(struct app *a)
{
	cJSON *args = cJSON_CreateObject();
	char q[64];

	form_text(&R.form, R_FIND, q, sizeof q);
	if (q[0])
		cJSON_AddStringToObject(args, "q", q);
	cJSON_AddNumberToObject(args, "limit", 100);
	R.list_id = net_send(a, "part.list", args);
	if (R.list_id < 0)
		R.list_id = 0;
}

void
repair_show(struct app *a, const char *no, const struct view_ops *back)
{
	R.form.items = r_items;
	R.form.n = R_COUNT;
	form_init(&R.form);
	ui_copy(R.no, sizeof R.no, no);
	R.back = back;
	R.error[0] = R.on_card[0] = '\0';
	R.nused = R.used_sel = R.pick = R.pick_top = 0;
	R.save_id = 0;
	cJSON_Delete(R.ticket);
	cJSON_Delete(R.parts);
	R.ticket = R.parts = NULL;
	ui_switch(a, &ui_repair_view);
	R.get_id = work_get_ticket(a, no);
	find_parts(a);
}

/* ---- the parts used */

static int64_t
used_total(void)
{
	int64_t sum = 0;

	for (int i = 0; i < R.nused; i++)
		sum += R.used[i].price * R.used[i].qty;
	return sum;
}

static void
add_used(const cJSON *part, int qty)
{
	const char *no = ui_jstr(part, "part_no");
	struct used_part *u;

	for (int i = 0; i < R.nused; i++)
		if (strcmp(R.used[i].part_no, no) == 0) {
			R.used[i].qty += qty;
			R.used_sel = i;
			return;
		}
	if (R.nused == MAX_USED)
		return;
	u = &R.used[R.nused];
	ui_copy(u->part_no, sizeof u->part_no, no);
	ui_copy(u->name, sizeof u->name, ui_jstr(part, "name"));
	u->price = ui_jint(part, "price", 0);
	u->stock = ui_jint(part, "stock", 0);
	u->qty = qty;
	R.used_sel = R.nused++;
}

static void
change_used(int delta)
{
	struct used_part *u = &R.used[R.used_sel];

	if (R.used_sel >= R.nused)
		return;
	u->qty += delta;
	if (u->qty > 0)
		return;
	memmove(u, u + 1, (size_t)(R.nused - R.used_sel - 1) * sizeof *u);
	R.nused--;
	if (R.used_sel >= R.nused && R.used_sel > 0)
		R.used_sel--;
}

static const cJSON *
part_by_no(const char *no)
{
	const cJSON *p;

	cJSON_ArrayForEach(p, R.parts)
		if (strcmp(ui_jstr(p, "part_no"), no) == 0)
			return p;
	return NULL;
}

static void
qty_done(struct app *a, const char *text, const char *part_no)
{
	const cJSON *p = part_by_no(part_no);
	char *end;
	long q = strtol(text, &end, 10);

	if (p == NULL)
		return;
	if (!text[0] || *end != '\0' || q < 1 || q > 999) {
		ui_message(a, true, "%s", _("A quantity is a whole number from 1"));
		return;
	}
	add_used(p, (int)q);
	R.error[0] = '\0';
	ui_message(a, false, _("Added %ld x %s"), q, ui_jstr(p, "name"));
}

static void
ask_quantity(struct app *a)
{
	const cJSON *p = cJSON_GetArrayItem(R.parts, R.pick);
	char title[256];

	if (p == NULL)
		return;
	snprintf(title, sizeof title, _("Quantity of %s %s (in stock: %lld)"),
	    ui_jstr(p, "part_no"), ui_jstr(p, "name"), (long long)ui_jint(p, "stock", 0));
	ui_prompt_open(a, title, _("Quantity:"), "1", qty_done, ui_jstr(p, "part_no"));
}

/* ---- saving */

static void
send_repair(struct app *a)
{
	cJSON *args = cJSON_CreateObject(), *parts, *p;
	char buf[UI_FIELD_MAX * 4 + 1], *end;
	long m;

	cJSON_AddStringToObject(args, "no", R.no);
	form_text(&R.form, R_DIAG, buf, sizeof buf);
	cJSON_AddStringToObject(args, "diagnosis", buf);
	form_text(&R.form, R_CAUSE, buf, sizeof buf);
	cJSON_AddStringToObject(args, "cause", buf);
	form_text(&R.form, R_ACTIONS, buf, sizeof buf);
	cJSON_AddStringToObject(args, "actions", buf);
	parts = cJSON_AddArrayToObject(args, "parts");
	for (int i = 0; i < R.nused; i++) {
		p = cJSON_CreateObject();
		cJSON_AddStringToObject(p, "part_no", R.used[i].part_no);
		cJSON_AddNumberToObject(p, "qty", R.used[i].qty);
		cJSON_AddItemToArray(parts, p);
	}
	form_text(&R.form, R_LABOUR, buf, sizeof buf);
	m = strtol(buf, &end, 10);
	if (!buf[0])
		cJSON_AddNumberToObject(args, "labour_minutes", 0);
	else if (*end == '\0')
		cJSON_AddNumberToObject(args, "labour_minutes", (double)m);
	else
		cJSON_AddStringToObject(args, "labour_minutes", buf);  /* the daemon names it */
	if ((R.save_id = work_send(a, "ticket.repair", args)) != 0)
		ui_message(a, false, _("Saving the repair card of %s..."), R.no);
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
draw_picker(struct app *a, int y)
{
	const char *head[] = { _("Part no."), _("Part name"), _("Price"), _("Stock") };
	bool focus = R.form.focus == R_PARTS;
	int n = cJSON_GetArraySize(R.parts), w[4];
	char price[32], stock[16];

	pick_layout(w);
	attrset(A_BOLD | A_UNDERLINE);
	ui_put_cells(y, 1, w, head, 4);
	attrset(A_NORMAL);
	if (n == 0) {
		ui_put(y + 1, 2, COLS - 4, R.list_id > 0 ? _("Loading...") :
		    _("No parts match"));
		return;
	}
	if (R.pick < R.pick_top)
		R.pick_top = R.pick;
	if (R.pick >= R.pick_top + PICK_LINES)
		R.pick_top = R.pick - PICK_LINES + 1;
	for (int i = 0; i < PICK_LINES && R.pick_top + i < n; i++) {
		const cJSON *p = cJSON_GetArrayItem(R.parts, R.pick_top + i);
		const char *cells[4];
		bool sel = R.pick_top + i == R.pick;
		ui_yuan(ui_jint(p, "price", 0), price, sizeof price);
		snprintf(stock, sizeof stock, "%lld", (long long)ui_jint(p, "stock", 0));
		cells[0] = ui_jstr(p, "part_no");
		cells[1] = ui_jstr(p, "name");
		cells[2] = price;
		cells[3] = stock;
		attrset(sel && focus ? A_REVERSE : sel ? A_UNDERLINE : A_NORMAL);
		if (ui_jint(p, "stock", 0) <= 0 && !(sel && focus))
			attrset(A_DIM);
		ui_put_cells(y + 1 + i, 1, w, cells, 4);
		attrset(A_NORMAL);
	}
	(void)a;
}

static void
draw_used_row(int y, int i, const int *w, bool focus)
{
	const struct used_part *u = &R.used[i];
	char qty[16], price[32], sum[32];
	const char *cells[5] = { u->part_no, u->name, qty, price, sum };

	snprintf(qty, sizeof qty, "x%d", u->qty);
	ui_yuan(u->price, price, sizeof price);
	ui_yuan(u->price * u->qty, sum, sizeof sum);
	attrset(i == R.used_sel && focus ? A_REVERSE : A_NORMAL);
	ui_put_cells(y, 1, w, cells, 5);
	attrset(A_NORMAL);
}

static void
draw_used(struct app *a, int y, int lines)
{
	int w[5] = { 16, 0, -5, -10, -10 };
	bool focus = R.form.focus == R_USED;
	char line[256], total[32];
	int first = 0;

	w[1] = COLS - 2 - 16 - 5 - 10 - 10 - 5;
	attrset(focus ? A_BOLD | A_REVERSE : A_BOLD);
	ui_put(y, 1, COLS - 2, _("Parts used"));
	attrset(A_NORMAL);
	if (R.nused == 0)
		ui_put(y + 1, 2, COLS - 4, _("none (find a part above, Enter adds it)"));
	if (R.used_sel >= lines - 2)
		first = R.used_sel - (lines - 3);
	for (int i = first; i < R.nused && i - first < lines - 2; i++)
		draw_used_row(y + 1 + i - first, i, w, focus);
	ui_yuan(used_total(), total, sizeof total);
	if (class_a())
		snprintf(line, sizeof line, _("Parts total %s yuan (class A; labour from the "
		    "price list, markup at completion)"), total);
	else
		snprintf(line, sizeof line, _("Parts total %s yuan (no charge for class %s)"),
		    total, ui_jstr(R.ticket, "service_class"));
	attrset(A_BOLD);
	ui_put(y + lines - 1, 1, COLS - 2, line);
	attrset(A_NORMAL);
	(void)a;
}

static void
repair_draw(struct app *a, int top, int rows)
{
	const cJSON *u = cJSON_GetObjectItemCaseSensitive(R.ticket, "unit");
	const cJSON *c = cJSON_GetObjectItemCaseSensitive(R.ticket, "customer");
	char line[512];
	int form_top = top + 2, used_lines = rows - 2 - 14 - 1;

	snprintf(line, sizeof line, _("Repair card: ticket %s"), R.no);
	attrset(ui_attr(a, UI_C_TITLE));
	ui_put(top, 1, COLS - 2, line);
	attrset(A_NORMAL);
	if (R.ticket != NULL) {
		snprintf(line, sizeof line, "%s  %s %s  %s  %s  %s", ui_jstr(c, "name"),
		    ui_jstr(u, "model"), ui_jstr(u, "serial"),
		    label_class(ui_jstr(R.ticket, "service_class")),
		    label_ticket_state(ui_jstr(R.ticket, "state")), ui_jstr(R.ticket, "fault"));
		ui_put(top + 1, 1, COLS - 2, line);
	}
	form_draw(a, &R.form, form_top);
	attrset(A_DIM);
	ui_put(form_top + 4, 1, COLS - 2, R.on_card);
	attrset(A_NORMAL);
	if (R.form.focus == R_PARTS)
		a->cursor_y = -1;
	draw_picker(a, form_top + 6);
	if (used_lines > 6)
		used_lines = 6;
	if (used_lines >= 3)
		draw_used(a, form_top + 14, used_lines);
	work_draw_error(a, top + rows - 1, R.error,
	    _("Ctrl-S saves the card; the parts are taken from your service point's stock"));
}

/* ---- keys */

static unsigned
picker_key(struct app *a, int type, wint_t key)
{
	int n = cJSON_GetArraySize(R.parts);

	if (ui_key_enter(type, key))
		ask_quantity(a);
	else if (type == KEY_CODE_YES && key == KEY_UP && R.pick > 0)
		R.pick--;
	else if (type == KEY_CODE_YES && key == KEY_UP)
		R.form.focus = R_FIND;
	else if (type == KEY_CODE_YES && key == KEY_DOWN && R.pick + 1 < n)
		R.pick++;
	else if (type == KEY_CODE_YES && (key == KEY_NPAGE || key == KEY_PPAGE)) {
		R.pick += key == KEY_NPAGE ? PICK_LINES : -PICK_LINES;
		R.pick = R.pick >= n ? n - 1 : R.pick < 0 ? 0 : R.pick;
	} else if (type == OK && key >= 0x20 && key != 0x7F) {
		R.form.focus = R_FIND;   /* typing filters */
		return 0;
	} else
		return 0;
	return UI_HANDLED | UI_REDRAW;
}

static unsigned
used_key(int type, wint_t key)
{
	if (type == KEY_CODE_YES && key == KEY_UP && R.used_sel > 0)
		R.used_sel--;
	else if (type == KEY_CODE_YES && key == KEY_DOWN && R.used_sel + 1 < R.nused)
		R.used_sel++;
	else if (type == OK && key == '+')
		change_used(1);
	else if (type == OK && key == '-')
		change_used(-1);
	else if (type == KEY_CODE_YES && key == KEY_DC)
		change_used(-R.used[R.used_sel].qty);
	else
		return 0;
	return UI_HANDLED | UI_REDRAW;
}

static unsigned
repair_key(struct app *a, int type, wint_t key)
{
	char before[64], after[64];
	unsigned r = 0;

	if (ui_key_esc(type, key)) {
		ui_switch(a, R.back);
		return UI_HANDLED | UI_REDRAW;
	}
	if (work_save_key(type, key)) {
		if (R.ticket != NULL && R.save_id == 0)
			send_repair(a);
		return UI_HANDLED | UI_REDRAW;
	}
	if (R.form.focus == R_PARTS && (r = picker_key(a, type, key)) != 0)
		return r;
	if (R.form.focus == R_USED && (r = used_key(type, key)) != 0)
		return r;
	if (R.form.focus == R_FIND && ui_key_enter(type, key)) {
		R.form.focus = R_PARTS;
		return UI_HANDLED | UI_REDRAW;
	}
	form_text(&R.form, R_FIND, before, sizeof before);
	r = work_form_key(&R.form, type, key, true);
	form_text(&R.form, R_FIND, after, sizeof after);
	if (strcmp(before, after) != 0)
		a->timer_at = ui_now_ms() + FIND_DELAY_MS;
	return r;
}

static void
repair_tick(struct app *a)
{
	find_parts(a);
}

/* ---- answers */

/* A card saved before (a repair again after a failed inspection): its
 * texts are shown to be corrected (the daemon replaces them); its parts and
 * minutes stay on the card and this repair's are added, so the form starts
 * without them and says what is there already. */
static void
prefill(const cJSON *card)
{
	const cJSON *p;
	size_t n;

	R.on_card[0] = '\0';
	if (!cJSON_IsObject(card))
		return;
	ui_field_set(&r_items[R_DIAG].field, ui_jstr(card, "diagnosis"));
	ui_field_set(&r_items[R_CAUSE].field, ui_jstr(card, "cause"));
	ui_field_set(&r_items[R_ACTIONS].field, ui_jstr(card, "actions"));
	n = (size_t)snprintf(R.on_card, sizeof R.on_card,
	    _("On the card already (stays; add only this repair's): %lld min"),
	    (long long)ui_jint(card, "labour_minutes", 0));
	cJSON_ArrayForEach(p, cJSON_GetObjectItemCaseSensitive(card, "parts"))
		if (n < sizeof R.on_card)
			n += (size_t)snprintf(R.on_card + n, sizeof R.on_card - n, ", %s x%lld",
			    ui_jstr(p, "part_no"), (long long)ui_jint(p, "qty", 0));
}

static void
on_ticket(struct app *a, const cJSON *msg)
{
	bool first = R.ticket == NULL;

	R.get_id = 0;
	if (!reply_ok(msg)) {
		net_error_text(msg, R.error, sizeof R.error);
		ui_message(a, true, "%s", R.error);
		return;
	}
	cJSON_Delete(R.ticket);
	R.ticket = cJSON_Duplicate(reply_result(msg), true);
	if (first)
		prefill(cJSON_GetObjectItemCaseSensitive(R.ticket, "repair"));
}

static void
on_parts(struct app *a, const cJSON *msg)
{
	const cJSON *parts = cJSON_GetObjectItemCaseSensitive(reply_result(msg), "parts");
	char text[512];

	R.list_id = 0;
	if (!reply_ok(msg) || !cJSON_IsArray(parts)) {
		net_error_text(msg, text, sizeof text);
		ui_message(a, true, _("Cannot list the parts: %s"), text);
		return;
	}
	cJSON_Delete(R.parts);
	R.parts = cJSON_Duplicate(parts, true);
	R.pick = R.pick_top = 0;
}

static void
on_saved(struct app *a, const cJSON *msg)
{
	static const char *const aliases[][2] = { { "part_no", "parts" }, { NULL, NULL } };
	const char *state;

	R.save_id = 0;
	if (!reply_ok(msg)) {
		work_form_failed(a, &R.form, msg, R.error, sizeof R.error, aliases);
		if (strcmp(reply_code(msg), "conflict") == 0)
			find_parts(a);   /* the stock shown is out of date */
		return;
	}
	state = ui_jstr(reply_result(msg), "state");
	ui_ticket_changed(a, reply_result(msg));
	if (a->view == &ui_repair_view)
		ui_switch(a, R.back);
	if (strcmp(state, "repaired") == 0)
		ui_message(a, false, _("Repair card of %s saved: waiting for inspection"), R.no);
	else
		ui_message(a, false, _("Repair card of %s saved"), R.no);
}

static bool
repair_message(struct app *a, const cJSON *msg)
{
	int64_t id = ui_jint(msg, "id", -1);

	if (id > 0 && id == R.get_id)
		on_ticket(a, msg);
	else if (id > 0 && id == R.list_id)
		on_parts(a, msg);
	else if (id > 0 && id == R.save_id)
		on_saved(a, msg);
	else {
		work_form_push(a, &ui_repair_view, R.no, msg, "ticket.repair", &R.ticket,
		    R.save_id, R.back);
		return false;
	}
	a->dirty = true;
	return true;
}

static void
repair_session(struct app *a, enum ui_session_event ev)
{
	if (ev == UI_DISCONNECTED)
		R.get_id = R.list_id = R.save_id = 0;
	else if ((ev == UI_LOGGED_IN || ev == UI_RESYNC) && a->view == &ui_repair_view) {
		R.get_id = work_get_ticket(a, R.no);
		find_parts(a);
	}
}

const struct view_ops ui_repair_view = {
	.name = "repair",
	.title = N_("Repair card"),
	.draw = repair_draw,
	.key = repair_key,
	.on_message = repair_message,
	.on_session = repair_session,
	.help = repair_help,
	.bar = repair_bar,
	.tick = repair_tick,
};
