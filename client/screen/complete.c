/*
 * screen/complete.c: the technician's two ends of a visit.
 *
 * Take-back (t on the own list): a confirmation with an optional note,
 * ticket.take_back, then the receipt number the daemon issued, drawn large
 * in a box over the screen (block digits and the characters spaced out) so
 * it can be read to the customer over the noise of a site; any key closes
 * it. Completion (c): a form with the signature (the customer's name, as
 * the customer gives it) and, for class A, the charges of the repair card
 * with the markup (0-16 %), free service with its approver and reason,
 * and the total as it will be charged; Ctrl-S completes (ticket.complete).
 */
#include "client/screen/work.h"
#include "client/screen/screens.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- take-back and the receipt banner */

static struct {
	int64_t take_id;
	char take_no[24];
} TB;

/* The banner's own state (an overlay's). */
struct receipt_banner {
	char receipt[32], no[24], customer[96];
};
static const struct overlay_ops receipt_banner_ops;

static void
take_back_done(struct app *a, const char *note, const char *no)
{
	cJSON *args = cJSON_CreateObject();

	cJSON_AddStringToObject(args, "no", no);
	if (note[0])
		cJSON_AddStringToObject(args, "note", note);
	if ((TB.take_id = work_send(a, "ticket.take_back", args)) == 0)
		return;
	ui_copy(TB.take_no, sizeof TB.take_no, no);
	ui_message(a, false, _("Taking %s back to the workshop..."), no);
}

bool
action_take_back(struct app *a, const struct ticket_row *r)
{
	char title[160];

	if (!action_allowed(r, "ticket.take_back"))
		return action_refuse(a, r);
	snprintf(title, sizeof title,
	    _("Take the unit of %s back to the workshop? Enter: yes"), r->no);
	ui_prompt_open(a, title, _("Note (optional):"), "", take_back_done, r->no);
	return true;
}

static void
on_taken_back(struct app *a, const cJSON *msg)
{
	const cJSON *t = reply_result(msg);
	struct receipt_banner *b;
	struct overlay *o;
	char text[512];

	TB.take_id = 0;
	if (!reply_ok(msg)) {
		net_error_text(msg, text, sizeof text);
		ui_message(a, true, _("%s: %s"), TB.take_no, text);
		return;
	}
	ui_ticket_changed(a, t);
	if ((o = ui_overlay_push(a, &receipt_banner_ops)) != NULL) {
		b = o->priv;
		ui_copy(b->receipt, sizeof b->receipt, ui_jstr(t, "receipt_no"));
		ui_copy(b->no, sizeof b->no, TB.take_no);
		ui_copy(b->customer, sizeof b->customer,
		    ui_jstr(cJSON_GetObjectItemCaseSensitive(t, "customer"), "name"));
	}
	ui_message(a, false, _("Ticket %s taken back: receipt %s"), TB.take_no,
	    ui_jstr(t, "receipt_no"));
}

/* Any key closes the banner. */
static unsigned
receipt_banner_input(struct app *a, struct overlay *o, ui_key_t key)
{
	(void)key;
	ui_overlay_close(a, o);
	return UI_HANDLED | UI_REDRAW;
}

/* 3x5 block glyphs of the receipt's characters ('#' is a block). */
static const char *
glyph(char c)
{
	static const char *const digits[] = {
		"####.##.##.####", ".#.##..#..#.###", "###..#####..###",
		"###..####..####", "#.##.####..#..#", "####..###..####",
		"####..####.####", "###..#..#..#..#", "####.#####.####",
		"####.####..####",
	};

	if (c >= '0' && c <= '9')
		return digits[c - '0'];
	if (c == 'R' || c == 'r')
		return "##.#.###.#.##.#";
	return "...............";
}

/* The receipt in block characters from (y, x), pw columns a pixel. */
static void
draw_big(struct app *a, int y, int x, int pw, const char *s)
{
	for (int row = 0; row < 5; row++)
		for (size_t i = 0; s[i]; i++) {
			const char *g = glyph(s[i]);
			for (int col = 0; col < 3; col++) {
				int cx = x + (int)i * 4 * pw + col * pw;
				attrset(g[row * 3 + col] == '#' ? ui_attr(a, UI_C_TITLE) |
				    A_REVERSE : A_NORMAL);
				mvhline(y + row, cx, ' ', pw);
			}
		}
	attrset(A_NORMAL);
}

/* "R 2 6 1 1 2 4 0 0 0 1": each character apart, to read out. */
static void
spaced(const char *s, char *buf, size_t len)
{
	size_t n = 0;

	for (; *s && n + 3 < len; s++) {
		if (n)
			buf[n++] = ' ';
		buf[n++] = *s;
	}
	buf[n] = '\0';
}

static void
receipt_banner_paint(struct app *a, struct overlay *o)
{
	const struct receipt_banner *b = o->priv;
	int n = (int)strlen(b->receipt), pw = n * 8 + 6 <= COLS - 4 ? 2 : 1;
	int w = n * 4 * pw + 6, h = 13, y, x;
	char line[256], sp[80];

	if (w < 50)
		w = 50;
	if (w > COLS - 2)
		w = COLS - 2;
	y = (LINES - h) / 2;
	x = (COLS - w) / 2;
	for (int i = 0; i < h; i++)
		ui_put(y + i, x, w, "");
	attrset(A_BOLD);
	mvhline(y, x, ACS_HLINE, w);
	mvhline(y + h - 1, x, ACS_HLINE, w);
	mvvline(y, x, ACS_VLINE, h);
	mvvline(y, x + w - 1, ACS_VLINE, h);
	mvaddch(y, x, ACS_ULCORNER);
	mvaddch(y, x + w - 1, ACS_URCORNER);
	mvaddch(y + h - 1, x, ACS_LLCORNER);
	mvaddch(y + h - 1, x + w - 1, ACS_LRCORNER);
	snprintf(line, sizeof line, _(" Receipt for ticket %s: %s "), b->no, b->customer);
	ui_put(y, x + 2, w - 4, line);
	attrset(A_NORMAL);
	draw_big(a, y + 2, x + (w - (n * 4 - 1) * pw) / 2, pw, b->receipt);
	spaced(b->receipt, sp, sizeof sp);
	attrset(A_BOLD);
	snprintf(line, sizeof line, _("Receipt no.  %s"), sp);
	ui_put(y + 8, x + (w - ui_text_width(line)) / 2, ui_text_width(line), line);
	attrset(A_NORMAL);
	ui_put(y + 10, x + 2, w - 4,
	    _("Read it to the customer; the unit comes back against it."));
	ui_put(y + 11, x + 2, w - 4, _("Any key closes this"));
}

static const struct overlay_ops receipt_banner_ops = {
	.name = "receipt", .size = sizeof(struct receipt_banner),
	.paint = receipt_banner_paint, .input = receipt_banner_input,
};

/* ---- completion */

enum { C_SIGNED, C_MARKUP, C_FREE, C_APPROVER, C_REASON, C_COUNT };

static const char *const yes_no[] = { "no", "yes", NULL };

static const char *
yes_no_label(const char *code)
{
	return strcmp(code, "yes") == 0 ? _("yes") : _("no");
}

static struct form_item c_items[C_COUNT] = {
	[C_SIGNED] = { FK_TEXT, N_("Signed by (customer)"), "signed_by", 0, 0, 2, 60,
	    NULL, NULL, 0 },
	[C_MARKUP] = { FK_TEXT, N_("Markup %"), "charges.markup_percent", 5, 0, 1, 2,
	    NULL, NULL, 0 },
	[C_FREE] = { FK_CHOICE, N_("Free of charge"), "charges.free", 5, 1, 1, 0,
	    yes_no, yes_no_label, 0 },
	[C_APPROVER] = { FK_TEXT, N_("Approved by"), "charges.approved_by", 6, 0, 1, 32,
	    NULL, NULL, 0 },
	[C_REASON] = { FK_TEXT, N_("Reason"), "charges.reason", 6, 1, 2, 128,
	    NULL, NULL, 0 },
};

static struct {
	struct form form;
	char no[24];
	const struct view_ops *back;
	cJSON *ticket;
	int64_t get_id, save_id;
	char error[512];
} C;

static const struct ui_help complete_help[] = {
	{ N_("Signed by"), N_("The customer's name, as the customer signs") },
	{ N_("Markup %"), N_("Class A: on the parts, 0 to 16") },
	{ N_("Free of charge"), N_("Class A: needs an approver and a reason") },
	{ N_("Tab, Down"), N_("Next field (Shift-Tab, Up: previous)") },
	{ N_("Ctrl-S, F2"), N_("Complete the ticket") },
	{ N_("Esc"), N_("Back without completing") },
	{ NULL, NULL }
};

static int
complete_bar(struct app *a, struct ui_help *out, int max)
{
	static const struct ui_help keys[] = {
		{ N_("Ctrl-S"), N_("Complete") }, { N_("Esc"), N_("Back") },
	};
	(void)a;
	return work_bar(out, max, keys, 2);
}

static bool
class_a(void)
{
	return strcmp(ui_jstr(C.ticket, "service_class"), "A") == 0;
}

bool
action_complete(struct app *a, const struct ticket_row *r,
    const struct view_ops *back)
{
	if (r != NULL && (strcmp(r->state, "in_shop") == 0 ||
	    strcmp(r->state, "repaired") == 0)) {
		ui_message(a, true, _("Ticket %s must pass inspection first"), r->no);
		return false;
	}
	if (!action_allowed(r, "ticket.complete"))
		return action_refuse(a, r);
	C.form.items = c_items;
	C.form.n = C_COUNT;
	form_init(&C.form);
	ui_field_set(&c_items[C_SIGNED].field, r->customer);
	ui_field_set(&c_items[C_MARKUP].field, "0");
	for (int i = C_MARKUP; i < C_COUNT; i++)
		c_items[i].hidden = true;
	ui_copy(C.no, sizeof C.no, r->no);
	C.back = back;
	C.error[0] = '\0';
	C.save_id = 0;
	cJSON_Delete(C.ticket);
	C.ticket = NULL;
	ui_switch(a, &ui_complete_view);
	C.get_id = work_get_ticket(a, r->no);
	return true;
}

/* The markup typed, or -1 when it is not 0..16. */
static int
markup(void)
{
	char buf[16], *end;
	long m;

	form_text(&C.form, C_MARKUP, buf, sizeof buf);
	m = strtol(buf, &end, 10);
	return buf[0] && *end == '\0' && m >= 0 && m <= 16 ? (int)m : -1;
}

static bool
is_free(void)
{
	return strcmp(form_code(&C.form, C_FREE), "yes") == 0;
}

/* The charges section: parts, labour and the total as it will be. */
static void
draw_charges(struct app *a, int y)
{
	const cJSON *ch = cJSON_GetObjectItemCaseSensitive(C.ticket, "charges");
	int64_t parts = ui_jint(ch, "parts", 0), labour = ui_jint(ch, "labour", 0);
	int m = markup();
	char p[32], l[32], t[32], line[256];

	attrset(ui_attr(a, UI_C_TITLE));
	ui_put(y, 1, COLS - 2, _("Charges (class A, paid)"));
	attrset(A_NORMAL);
	ui_yuan(parts, p, sizeof p);
	ui_yuan(labour, l, sizeof l);
	snprintf(line, sizeof line, _("Parts %s yuan    Labour %s yuan"), p, l);
	ui_put(y + 1, 1, COLS - 2, line);
	if (is_free())
		snprintf(line, sizeof line, "%s", _("Total: free of charge (approval needed)"));
	else if (m < 0)
		snprintf(line, sizeof line, "%s", _("Total: the markup is 0 to 16 percent"));
	else {
		ui_yuan(parts + (parts * m + 50) / 100 + labour, t, sizeof t);
		snprintf(line, sizeof line, _("Total: %s yuan"), t);
	}
	attrset(A_BOLD);
	ui_put(y + 6, 1, COLS - 2, line);
	attrset(A_NORMAL);
}

static void
complete_draw(struct app *a, int top, int rows)
{
	char title[256];
	const cJSON *cust = cJSON_GetObjectItemCaseSensitive(C.ticket, "customer");

	(void)rows;
	snprintf(title, sizeof title, _("Complete ticket %s"), C.no);
	attrset(ui_attr(a, UI_C_TITLE));
	ui_put(top, 1, COLS - 2, title);
	attrset(A_NORMAL);
	if (C.ticket == NULL) {
		ui_put(top + 2, 1, COLS - 2, C.error[0] ? C.error : _("Loading..."));
		return;
	}
	snprintf(title, sizeof title, "%s  %s  %s  %s", ui_jstr(cust, "name"),
	    label_class(ui_jstr(C.ticket, "service_class")),
	    label_ticket_state(ui_jstr(C.ticket, "state")), ui_jstr(C.ticket, "fault"));
	ui_put(top + 1, 1, COLS - 2, title);
	form_draw(a, &C.form, top + 3);
	if (class_a())
		draw_charges(a, top + 6);
	else
		ui_put(top + 5, 1, COLS - 2, _("No charge for this class of service"));
	work_draw_error(a, top + 14, C.error,
	    _("Ctrl-S completes the ticket; Esc goes back"));
}

static void
send_complete(struct app *a)
{
	cJSON *args = cJSON_CreateObject(), *ch;
	char buf[256];

	cJSON_AddStringToObject(args, "no", C.no);
	form_text(&C.form, C_SIGNED, buf, sizeof buf);
	cJSON_AddStringToObject(args, "signed_by", buf);
	if (class_a()) {
		ch = cJSON_AddObjectToObject(args, "charges");
		form_text(&C.form, C_MARKUP, buf, sizeof buf);
		cJSON_AddNumberToObject(ch, "markup_percent", markup() >= 0 ? markup() :
		    atoi(buf));
		if (is_free()) {
			cJSON_AddTrueToObject(ch, "free");
			form_text(&C.form, C_APPROVER, buf, sizeof buf);
			cJSON_AddStringToObject(ch, "approved_by", buf);
			form_text(&C.form, C_REASON, buf, sizeof buf);
			cJSON_AddStringToObject(ch, "reason", buf);
		}
	}
	if ((C.save_id = work_send(a, "ticket.complete", args)) != 0)
		ui_message(a, false, _("Completing %s..."), C.no);
}

static unsigned
complete_key(struct app *a, int type, wint_t key)
{
	unsigned r;

	if (ui_key_esc(type, key)) {
		ui_switch(a, C.back);
		return UI_HANDLED | UI_REDRAW;
	}
	if (work_save_key(type, key)) {
		if (C.ticket != NULL && C.save_id == 0)
			send_complete(a);
		return UI_HANDLED | UI_REDRAW;
	}
	r = work_form_key(&C.form, type, key, false);
	if (r != 0)
		C.error[0] = '\0';
	return r;
}

static void
on_ticket(struct app *a, const cJSON *msg)
{
	C.get_id = 0;
	if (!reply_ok(msg)) {
		net_error_text(msg, C.error, sizeof C.error);
		ui_message(a, true, "%s", C.error);
		return;
	}
	cJSON_Delete(C.ticket);
	C.ticket = cJSON_Duplicate(reply_result(msg), true);
	for (int i = C_MARKUP; i < C_COUNT; i++)
		c_items[i].hidden = !class_a();
}

static void
on_completed(struct app *a, const cJSON *msg)
{
	static const char *const aliases[][2] = { { "charges", "charges.markup_percent" },
		{ NULL, NULL } };

	C.save_id = 0;
	if (!reply_ok(msg)) {
		work_form_failed(a, &C.form, msg, C.error, sizeof C.error, aliases);
		return;
	}
	ui_ticket_changed(a, reply_result(msg));
	if (a->view == &ui_complete_view)
		ui_switch(a, C.back);
	ui_message(a, false, _("Ticket %s completed, signed by the customer"), C.no);
}

static bool
complete_message(struct app *a, const cJSON *msg)
{
	int64_t id = ui_jint(msg, "id", -1);

	if (id > 0 && id == TB.take_id)
		on_taken_back(a, msg);
	else if (id > 0 && id == C.get_id)
		on_ticket(a, msg);
	else if (id > 0 && id == C.save_id)
		on_completed(a, msg);
	else {
		work_form_push(a, &ui_complete_view, C.no, msg, "ticket.complete", &C.ticket,
		    C.save_id, C.back);
		return false;
	}
	a->dirty = true;
	return true;
}

static void
complete_session(struct app *a, enum ui_session_event ev)
{
	if (ev == UI_DISCONNECTED)
		TB.take_id = C.get_id = C.save_id = 0;
	else if ((ev == UI_LOGGED_IN || ev == UI_RESYNC) && a->view == &ui_complete_view)
		C.get_id = work_get_ticket(a, C.no);
}

const struct view_ops ui_complete_view = {
	.name = "complete",
	.title = N_("Complete a ticket"),
	.draw = complete_draw,
	.key = complete_key,
	.on_message = complete_message,
	.on_session = complete_session,
	.help = complete_help,
	.bar = complete_bar,
};
