/*
 * screen/detail.c: one ticket with every field and its whole history
 * (ticket.get: the ticket and its events, oldest first: time, actor, kind,
 * from -> to, details). Opened from any list (Enter, d or F3); Esc goes
 * back there. A ticket.changed push for this ticket fetches it again, so
 * new events show at once. Below the fault: the workshop and the repair
 * when there are any (receipt, promised and completed times, repeat of an
 * earlier ticket, the three-guarantee flags, the repair card with its parts,
 * the charges). A dispatcher can postpone (P) and inspect (p, f) from here.
 */
#include "client/screen/work.h"
#include "client/screen/screens.h"

#include <stdio.h>
#include <string.h>

#include "common/states.h"

#define LABEL_W 14

static struct {
	char no[24];
	const struct view_ops *back;
	int64_t get_id;
	cJSON *ticket;        /* the last answer's result, or NULL */
	char error[512];
	int scroll, visible;
} D;

static const struct ui_help detail_help[] = {
	{ N_("Up/Down"), N_("Scroll the history") },
	{ N_("PgUp/PgDn"), N_("Scroll by a page") },
	{ N_("Esc, q"), N_("Back to the list") },
	{ N_("P"), N_("Postpone (dispatchers)") },
	{ N_("p, f"), N_("Inspection passed or failed (dispatchers)") },
	{ N_("t, r, c"), N_("Take back, repair card, complete (technicians)") },
	{ NULL, NULL }
};

static void
fetch(struct app *a)
{
	cJSON *args = cJSON_CreateObject();

	cJSON_AddStringToObject(args, "no", D.no);
	D.get_id = net_send(a, "ticket.get", args);
}

void
detail_show(struct app *a, const char *no, const struct view_ops *back)
{
	if (strcmp(no, D.no) != 0) {
		cJSON_Delete(D.ticket);
		D.ticket = NULL;
	}
	ui_copy(D.no, sizeof D.no, no);
	D.back = back;
	D.error[0] = '\0';
	D.scroll = 0;
	ui_switch(a, &ui_detail_view);
}

/* Opened, or back from a form it opened: the ticket as it is now. */
static void
detail_open(struct app *a)
{
	if (a->logged_in && D.no[0])
		fetch(a);
}

/* The transitions a role can start from here (screen/work.h). */
static const struct {
	const char *role, *key, *op, *label;
} actions[] = {
	{ "dispatcher", "p", "ticket.inspect", N_("Pass") },
	{ "dispatcher", "f", "ticket.inspect", N_("Fail") },
	{ "dispatcher", "P", "ticket.postpone", N_("Postpone") },
	{ "technician", "t", "ticket.take_back", N_("Take back") },
	{ "technician", "r", "ticket.repair", N_("Repair card") },
	{ "technician", "c", "ticket.complete", N_("Complete") },
};
#define NACTIONS (sizeof actions / sizeof actions[0])

static int
detail_bar(struct app *a, struct ui_help *out, int max)
{
	const char *state = ui_jstr(D.ticket, "state");
	int n = 0;

	if (max < 1)
		return 0;
	out[n++] = (struct ui_help){ N_("Esc"), N_("Back") };
	for (size_t i = 0; i < NACTIONS && n < max && D.ticket != NULL; i++)
		if (strcmp(a->role, actions[i].role) == 0 &&
		    ticket_transition_allowed(actions[i].op, state))
			out[n++] = (struct ui_help){ actions[i].key, actions[i].label };
	return n;
}

/* One of the role's actions on the ticket shown; false when key is none. */
static bool
detail_action(struct app *a, wint_t key)
{
	struct ticket_row r;
	size_t i;

	for (i = 0; i < NACTIONS; i++)
		if (strcmp(a->role, actions[i].role) == 0 && key == (wint_t)actions[i].key[0])
			break;
	if (i == NACTIONS)
		return false;
	if (D.ticket == NULL || !tickets_parse(D.ticket, &r))
		return true;
	if (key == 'P')
		action_postpone(a, &r);
	else if (key == 'p' || key == 'f')
		action_inspect(a, &r, key == 'p');
	else if (key == 't')
		action_take_back(a, &r);
	else if (key == 'r' && action_allowed(&r, "ticket.repair"))
		repair_show(a, r.no, &ui_detail_view);
	else if (key == 'r')
		action_refuse(a, &r);
	else
		action_complete(a, &r, &ui_detail_view);
	return true;
}

/* An array as text: "a, b" for strings, "P-100 x2, ..." for parts. */
static void
array_text(const cJSON *v, char *buf, size_t len)
{
	const cJSON *e;
	size_t n = 0;

	buf[0] = '\0';
	cJSON_ArrayForEach(e, v) {
		if (n >= len)
			break;
		if (cJSON_IsString(e))
			n += (size_t)snprintf(buf + n, len - n, "%s%s", n ? ", " : "", e->valuestring);
		else if (cJSON_IsObject(e))
			n += (size_t)snprintf(buf + n, len - n, "%s%s x%lld", n ? ", " : "",
			    ui_jstr(e, "part_no"), (long long)ui_jint(e, "qty", 0));
	}
}

/* A member as text: strings as they are, numbers, true/false, an array's
 * items, "-". */
static void
value_text(const cJSON *v, char *buf, size_t len)
{
	if (cJSON_IsString(v) && v->valuestring != NULL)
		snprintf(buf, len, "%s", v->valuestring);
	else if (cJSON_IsNumber(v))
		snprintf(buf, len, "%lld", (long long)v->valuedouble);
	else if (cJSON_IsBool(v))
		snprintf(buf, len, "%s", cJSON_IsTrue(v) ? _("yes") : _("no"));
	else if (cJSON_IsArray(v) && cJSON_GetArraySize(v) > 0)
		array_text(v, buf, len);
	else
		snprintf(buf, len, "-");
}

/* Draws "Label  value" in w columns. */
static void
pair(int y, int x, int w, const char *label, const char *value)
{
	attrset(A_BOLD);
	ui_put(y, x, LABEL_W, label);
	attrset(A_NORMAL);
	ui_put(y, x + LABEL_W + 1, w - LABEL_W - 1, value[0] ? value : "-");
}

static void
pair_member(int y, int x, int w, const char *label, const cJSON *o,
    const char *name)
{
	char buf[512];

	value_text(cJSON_GetObjectItemCaseSensitive(o, name), buf, sizeof buf);
	pair(y, x, w, label, buf);
}

/* A time member in the server's zone. */
static void
pair_time(struct app *a, int y, int x, int w, const char *label,
    const char *iso)
{
	char buf[64];
	time_t t;

	if (!ui_parse_time(iso, &t, NULL))
		t = 0;
	ui_show_time(a, t, false, buf, sizeof buf);
	pair(y, x, w, label, buf);
}

static void
draw_customer(int y, int x, int w, const cJSON *t)
{
	const cJSON *c = cJSON_GetObjectItemCaseSensitive(t, "customer");
	char buf[256];

	pair_member(y, x, w, _("Customer"), c, "name");
	ui_jjoin(c, "phones", buf, sizeof buf);
	pair(y + 1, x, w, _("Phones"), buf);
	pair_member(y + 2, x, w, _("Address"), c, "address");
	pair(y + 3, x, w, _("Region"), label_region(ui_jstr(t, "region")));
}

static void
draw_unit(int y, int x, int w, const cJSON *t)
{
	const cJSON *u = cJSON_GetObjectItemCaseSensitive(t, "unit");
	char buf[512];

	if (!cJSON_IsObject(u)) {
		pair(y, x, w, _("Unit"), _("none"));
		return;
	}
	snprintf(buf, sizeof buf, "%s  %s", ui_jstr(u, "model"), ui_jstr(u, "serial"));
	pair(y, x, w, _("Unit"), buf);
	snprintf(buf, sizeof buf, _("%s, warranty %lld months"),
	    ui_jstr(u, "purchase_date"), (long long)ui_jint(u, "warranty_months", 0));
	pair(y + 1, x, w, _("Purchased"), buf);
	pair_member(y + 2, x, w, _("Contract end"), u, "contract_end");
}

static void
draw_left(int y, int x, int w, const cJSON *t)
{
	char buf[512];
	const char *reason = ui_jstr(t, "class_reason");

	pair(y, x, w, _("Type"), label_type(ui_jstr(t, "type")));
	pair(y + 1, x, w, _("Channel"), label_channel(ui_jstr(t, "channel")));
	snprintf(buf, sizeof buf, "%s%s%s", label_class(ui_jstr(t, "service_class")),
	    reason[0] ? _(", overridden: ") : "", reason);
	pair(y + 2, x, w, _("Class"), buf);
	draw_customer(y + 3, x, w, t);
	draw_unit(y + 7, x, w, t);
}

static void
draw_right(struct app *a, int y, int x, int w, const cJSON *t)
{
	pair_member(y, x, w, _("Taken by"), t, "taken_by");
	pair_member(y + 1, x, w, _("Owner"), t, "owner");
	pair_member(y + 2, x, w, _("Technician"), t, "technician");
	pair_time(a, y + 3, x, w, _("Registered"), ui_jstr(t, "created_at"));
	pair_time(a, y + 4, x, w, _("Reply due"), ui_jstr(t, "reply_due"));
	pair_time(a, y + 5, x, w, _("Arrival due"), ui_jstr(t, "arrival_due"));
	pair_time(a, y + 6, x, w, _("Appointment"), ui_jstr(t, "appointment"));
	pair_time(a, y + 7, x, w, _("Arrived"), ui_jstr(t, "arrived_at"));
	pair(y + 8, x, w, _("Overdue"), ui_jbool(t, "overdue") ? _("yes") : _("no"));
	pair_member(y + 9, x, w, _("Version"), t, "version");
}

/* An event's details object as "key: value, ...". */
static void
details_text(const cJSON *d, char *buf, size_t len)
{
	const cJSON *m;
	char v[256];
	size_t n = 0;

	buf[0] = '\0';
	if (!cJSON_IsObject(d))
		return;
	cJSON_ArrayForEach(m, d) {
		value_text(m, v, sizeof v);
		if (n < len)
			n += (size_t)snprintf(buf + n, len - n, "%s%s: %s", n ? ", " : "",
			    label_detail(m->string), v);
	}
}

static void
draw_event(struct app *a, int y, const cJSON *e)
{
	char when[32], move_[96], details[512];
	const char *from = ui_jstr(e, "from"), *to = ui_jstr(e, "to");
	time_t t;

	ui_show_time(a, ui_parse_time(ui_jstr(e, "at"), &t, NULL) ? t : 0, false,
	    when, sizeof when);
	move_[0] = '\0';
	if (from[0] || to[0])
		snprintf(move_, sizeof move_, "%s -> %s",
		    from[0] ? label_ticket_state(from) : "-", label_ticket_state(to));
	details_text(cJSON_GetObjectItemCaseSensitive(e, "details"), details,
	    sizeof details);
	ui_put(y, 1, 19, when);
	ui_put(y, 21, 12, ui_jstr(e, "actor")[0] ? ui_jstr(e, "actor") : _("system"));
	ui_put(y, 34, 14, label_event(ui_jstr(e, "kind")));
	ui_put(y, 49, 24, move_);
	ui_put(y, 74, COLS - 75, details);
}

static void
draw_history(struct app *a, int y, int rows, const cJSON *t)
{
	const cJSON *events = cJSON_GetObjectItemCaseSensitive(t, "events");
	int n = cJSON_GetArraySize(events);

	attrset(A_BOLD | A_UNDERLINE);
	ui_put(y, 1, 19, _("Time"));
	ui_put(y, 21, 12, _("Actor"));
	ui_put(y, 34, 14, _("Event"));
	ui_put(y, 49, 24, _("From -> to"));
	ui_put(y, 74, COLS - 75, _("Details"));
	attrset(A_NORMAL);
	D.visible = rows - 1;
	if (D.scroll > n - D.visible)
		D.scroll = n - D.visible > 0 ? n - D.visible : 0;
	for (int i = 0; i < D.visible && D.scroll + i < n; i++)
		draw_event(a, y + 1 + i, cJSON_GetArrayItem(events, D.scroll + i));
}

/* "R2611240001  promised 11-26 18:00  completed -  repeat of B..." and the
 * three-guarantee flags; "" when the ticket has none of them. */
static bool
work_line(struct app *a, const cJSON *t, char *buf, size_t len)
{
	const cJSON *g = cJSON_GetObjectItemCaseSensitive(t, "guarantee");
	char promised[32], completed[32];
	time_t pt = 0, ct = 0;
	bool any;

	ui_parse_time(ui_jstr(t, "promised_at"), &pt, NULL);
	ui_parse_time(ui_jstr(t, "completed_at"), &ct, NULL);
	ui_show_time(a, pt, true, promised, sizeof promised);
	ui_show_time(a, ct, true, completed, sizeof completed);
	any = ui_jstr(t, "receipt_no")[0] || pt || ct || ui_jstr(t, "repeat_of")[0] ||
	    ui_jbool(g, "refund") || ui_jbool(g, "exchange") || ui_jstr(g, "reason")[0];
	snprintf(buf, len, _("Receipt %s  promised %s  completed %s  repeat of %s  "
	    "refund %s  exchange %s  %s"),
	    ui_jstr(t, "receipt_no")[0] ? ui_jstr(t, "receipt_no") : "-", promised,
	    completed, ui_jstr(t, "repeat_of")[0] ? ui_jstr(t, "repeat_of") : "-",
	    ui_jbool(g, "refund") ? _("yes") : _("no"),
	    ui_jbool(g, "exchange") ? _("yes") : _("no"), ui_jstr(g, "reason"));
	return any;
}

/* "P-100 fan motor x2 (86.00), ..." */
static void
parts_text(const cJSON *parts, char *buf, size_t len)
{
	const cJSON *p;
	char price[32];
	size_t n = 0;

	buf[0] = '\0';
	cJSON_ArrayForEach(p, parts) {
		ui_yuan(ui_jint(p, "price", 0) * ui_jint(p, "qty", 0), price, sizeof price);
		if (n < len)
			n += (size_t)snprintf(buf + n, len - n, "%s%s %s x%lld (%s)", n ? ", " : "",
			    ui_jstr(p, "part_no"), ui_jstr(p, "name"),
			    (long long)ui_jint(p, "qty", 0), price);
	}
}

/* The workshop line, the repair card and the charges; returns the next y. */
static int
draw_work(struct app *a, int y, const cJSON *t)
{
	const cJSON *card = cJSON_GetObjectItemCaseSensitive(t, "repair");
	const cJSON *ch = cJSON_GetObjectItemCaseSensitive(t, "charges");
	char buf[1024], p[32], l[32], m[32], tot[32];

	if (work_line(a, t, buf, sizeof buf))
		pair(y++, 1, COLS - 2, _("Workshop"), buf);
	if (cJSON_IsObject(card)) {
		snprintf(buf, sizeof buf, _("%s; cause: %s; done: %s; labour %lld min, by %s"),
		    ui_jstr(card, "diagnosis"), ui_jstr(card, "cause"), ui_jstr(card, "actions"),
		    (long long)ui_jint(card, "labour_minutes", 0), ui_jstr(card, "by"));
		pair(y++, 1, COLS - 2, _("Repair card"), buf);
		parts_text(cJSON_GetObjectItemCaseSensitive(card, "parts"), buf, sizeof buf);
		pair(y++, 1, COLS - 2, _("Parts"), buf[0] ? buf : _("none"));
	}
	if (cJSON_IsObject(ch)) {
		ui_yuan(ui_jint(ch, "parts", 0), p, sizeof p);
		ui_yuan(ui_jint(ch, "labour", 0), l, sizeof l);
		ui_yuan(ui_jint(ch, "markup", 0), m, sizeof m);
		ui_yuan(ui_jint(ch, "total", 0), tot, sizeof tot);
		snprintf(buf, sizeof buf, _("parts %s + markup %lld%% %s + labour %s = %s yuan"),
		    p, (long long)ui_jint(ch, "markup_percent", 0), m, l, tot);
		pair(y++, 1, COLS - 2, _("Charges"), buf);
	}
	return y;
}

/* The fault and the answer, each on up to two lines. */
static int
draw_texts(int y, const cJSON *t)
{
	const char *answer = ui_jstr(t, "answer");

	pair(y, 1, COLS - 2, _("Fault"), ui_jstr(t, "fault"));
	if (!answer[0])
		return y + 1;
	pair(y + 1, 1, COLS - 2, _("Answer"), answer);
	return y + 2;
}

static void
draw_title(struct app *a, int top, const cJSON *t)
{
	char title[256];

	if (t != NULL)
		snprintf(title, sizeof title, _("Ticket %s: %s"), D.no,
		    label_ticket_state(ui_jstr(t, "state")));
	else
		snprintf(title, sizeof title, _("Ticket %s"), D.no);
	attrset(ui_attr(a, UI_C_TITLE));
	ui_put(top, 1, COLS - 2, title);
	attrset(A_NORMAL);
	if (D.get_id > 0)
		ui_put_right(top, COLS / 2, COLS - COLS / 2 - 1, _("Loading..."));
}

static void
detail_draw(struct app *a, int top, int rows)
{
	const cJSON *t = D.ticket;
	int half = COLS / 2, y;

	draw_title(a, top, t);
	if (t == NULL) {
		attrset(D.error[0] ? ui_attr(a, UI_C_ERROR) : A_NORMAL);
		ui_put(top + 2, 1, COLS - 2, D.error[0] ? D.error : _("Loading..."));
		attrset(A_NORMAL);
		return;
	}
	draw_left(top + 1, 1, half - 2, t);
	draw_right(a, top + 1, half, COLS - half - 1, t);
	y = draw_texts(top + 11, t);
	y = draw_work(a, y, t);
	draw_history(a, y + 1, top + rows - y - 1, t);
}

static unsigned
detail_key(struct app *a, int type, wint_t key)
{
	int page = D.visible > 1 ? D.visible - 1 : 1;

	if (ui_key_esc(type, key) || (type == OK && key == 'q'))
		ui_switch(a, D.back != NULL ? D.back : ui_home_view(a));
	else if (type == OK && detail_action(a, key))
		;
	else if (type != KEY_CODE_YES)
		return 0;
	else if (key == KEY_UP || key == KEY_DOWN)
		D.scroll += key == KEY_UP ? -1 : 1;
	else if (key == KEY_PPAGE || key == KEY_NPAGE)
		D.scroll += key == KEY_PPAGE ? -page : page;
	else if (key == KEY_F(5) && a->logged_in)
		fetch(a);
	else
		return 0;
	if (D.scroll < 0)
		D.scroll = 0;
	return UI_HANDLED | UI_REDRAW;
}

static void
on_got(struct app *a, const cJSON *msg)
{
	D.get_id = 0;
	if (!reply_ok(msg)) {
		net_error_text(msg, D.error, sizeof D.error);
		ui_message(a, true, "%s", D.error);
		return;
	}
	cJSON_Delete(D.ticket);
	D.ticket = cJSON_Duplicate(reply_result(msg), true);
	D.error[0] = '\0';
}

static bool
detail_message(struct app *a, const cJSON *msg)
{
	int64_t id = ui_jint(msg, "id", -1);
	const cJSON *data = cJSON_GetObjectItemCaseSensitive(msg, "data");

	if (id > 0 && id == D.get_id) {
		on_got(a, msg);
		return true;
	}
	if (id <= 0 && a->view == &ui_detail_view &&
	    strcmp(ui_jstr(msg, "event"), "ticket.changed") == 0 &&
	    strcmp(ui_jstr(data, "no"), D.no) == 0)
		fetch(a);
	return false;
}

static void
detail_session(struct app *a, enum ui_session_event ev)
{
	if (ev == UI_DISCONNECTED)
		D.get_id = 0;
	else if ((ev == UI_LOGGED_IN || ev == UI_RESYNC) && a->view == &ui_detail_view)
		fetch(a);
}

const struct view_ops ui_detail_view = {
	.name = "detail",
	.title = N_("Ticket detail"),
	.open = detail_open,
	.draw = detail_draw,
	.key = detail_key,
	.on_message = detail_message,
	.on_session = detail_session,
	.help = detail_help,
	.bar = detail_bar,
};
