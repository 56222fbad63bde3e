/*
 * screen/techpick.c: the technician picker of the dispatch board.
 *
 * Lists the technicians of the ticket's region first (technician.list
 * {region}); `a` switches to every region, and a region without a
 * technician shows every region at once. Each row: user name, name,
 * region, service point, skills and open work. Enter dispatches the ticket
 * to the selected one (ticket.dispatch; from `dispatched` that reassigns
 * it), n asks for a note first. Success returns to the board; the
 * daemon's answer goes to every view at once.
 */
#include "client/widget/tickets.h"
#include "client/screen/screens.h"

#include <stdio.h>
#include <string.h>

static struct {
	struct ticket_row t;           /* the ticket being dispatched */
	const struct view_ops *back;
	cJSON *techs;                  /* the technicians array, or NULL */
	bool all, fell_back;
	int64_t list_id, dispatch_id;
	int sel, top, visible;
	char sent_to[64];
} T;

static const struct ui_help techpick_help[] = {
	{ N_("Up/Down"), N_("Choose a technician") },
	{ N_("Enter"), N_("Dispatch to the chosen technician") },
	{ N_("n"), N_("Dispatch with a note") },
	{ N_("a"), N_("The ticket's region only, or every region") },
	{ N_("Esc"), N_("Back to the board without dispatching") },
	{ NULL, NULL }
};

static void
request_list(struct app *a)
{
	cJSON *args = cJSON_CreateObject();

	if (!T.all && T.t.region[0])
		cJSON_AddStringToObject(args, "region", T.t.region);
	T.list_id = net_send(a, "technician.list", args);
}

void
techpick_show(struct app *a, const struct ticket_row *r,
    const struct view_ops *back)
{
	T.t = *r;
	T.back = back;
	T.all = T.fell_back = false;
	T.sel = T.top = 0;
	T.dispatch_id = 0;
	cJSON_Delete(T.techs);
	T.techs = NULL;
	ui_switch(a, &ui_techpick_view);
	request_list(a);
}

static int
techpick_bar(struct app *a, struct ui_help *out, int max)
{
	static const struct ui_help keys[] = {
		{ N_("Enter"), N_("Dispatch") }, { "n", N_("With a note") },
		{ "a", N_("All regions") }, { N_("Esc"), N_("Back") },
	};
	int n = 0;

	(void)a;
	for (; n < max && n < (int)(sizeof keys / sizeof keys[0]); n++)
		out[n] = keys[n];
	return n;
}

static const cJSON *
selected(void)
{
	return T.techs != NULL ? cJSON_GetArrayItem(T.techs, T.sel) : NULL;
}

/* Column widths; the skills take what is left. */
static void
layout(int *w)
{
	static const int fixed[] = { 14, 12, 9, 22, 0, -6 };

	memcpy(w, fixed, sizeof fixed);
	w[4] = COLS - 2 - (14 + 12 + 9 + 22 + 6) - 6;
	if (w[4] < 4)
		w[4] = 4;
}

static void
draw_header(int y)
{
	const char *cells[] = { _("User"), _("Name"), _("Region"),
		_("Service point"), _("Skills"), _("Open") };
	int w[6];

	layout(w);
	attrset(A_BOLD | A_UNDERLINE);
	ui_put_cells(y, 1, w, cells, 6);
	attrset(A_NORMAL);
}

/* One technician; the ticket's technician now is marked with a star. */
static void
draw_tech(int y, const cJSON *tech, bool sel)
{
	char skills[256], open[16], login[80];
	const char *point = ui_jstr(tech, "service_point");
	const char *cells[6];
	int w[6];

	ui_jjoin(tech, "skills", skills, sizeof skills);
	snprintf(open, sizeof open, "%lld", (long long)ui_jint(tech, "open", 0));
	snprintf(login, sizeof login, "%s%s", strcmp(ui_jstr(tech, "login"),
	    T.t.technician) == 0 ? "*" : "", ui_jstr(tech, "login"));
	cells[0] = login;
	cells[1] = ui_jstr(tech, "name");
	cells[2] = label_region(ui_jstr(tech, "region"));
	cells[3] = point[0] ? point : "-";
	cells[4] = skills[0] ? skills : "-";
	cells[5] = open;
	layout(w);
	attrset(sel ? A_REVERSE : A_NORMAL);
	ui_put_cells(y, 1, w, cells, 6);
	attrset(A_NORMAL);
}

static void
draw_title(struct app *a, int top)
{
	char title[256], line[512];
	bool reassign = strcmp(T.t.state, "dispatched") == 0;

	if (reassign)
		snprintf(title, sizeof title, _("Reassign ticket %s (now: %s)"),
		    T.t.no, T.t.technician);
	else
		snprintf(title, sizeof title, _("Dispatch ticket %s"), T.t.no);
	attrset(ui_attr(a, UI_C_TITLE));
	ui_put(top, 1, COLS - 2, title);
	attrset(A_NORMAL);
	snprintf(line, sizeof line, "%s  %s  %s", T.t.customer,
	    label_region(T.t.region), T.t.fault);
	ui_put(top + 1, 1, COLS - 2, line);
}

/* What the list shows: the region, every region, or why. */
static void
draw_scope(int y)
{
	char buf[256];

	if (T.fell_back)
		snprintf(buf, sizeof buf, _("No technician in the region %s: every region"),
		    label_region(T.t.region));
	else if (T.all || !T.t.region[0])
		snprintf(buf, sizeof buf, "%s", _("Technicians of every region (a: this region only)"));
	else
		snprintf(buf, sizeof buf, _("Technicians of the region %s (a: every region)"),
		    label_region(T.t.region));
	ui_put(y, 1, COLS - 2, buf);
}

static void
techpick_draw(struct app *a, int top, int rows)
{
	int n = cJSON_GetArraySize(T.techs);

	draw_title(a, top);
	draw_scope(top + 2);
	draw_header(top + 3);
	T.visible = rows - 4 > 1 ? rows - 4 : 1;
	if (T.techs == NULL || n == 0) {
		ui_put(top + 5, 2, COLS - 4, T.list_id > 0 || T.techs == NULL ?
		    _("Loading...") : _("No technicians"));
		return;
	}
	if (T.sel < T.top)
		T.top = T.sel;
	if (T.sel >= T.top + T.visible)
		T.top = T.sel - T.visible + 1;
	for (int i = 0; i < T.visible && T.top + i < n; i++)
		draw_tech(top + 4 + i, cJSON_GetArrayItem(T.techs, T.top + i),
		    T.top + i == T.sel);
}

static void
send_dispatch(struct app *a, const char *login, const char *note)
{
	cJSON *args = cJSON_CreateObject();

	cJSON_AddStringToObject(args, "no", T.t.no);
	cJSON_AddStringToObject(args, "technician", login);
	if (note != NULL && note[0])
		cJSON_AddStringToObject(args, "note", note);
	ui_copy(T.sent_to, sizeof T.sent_to, login);
	T.dispatch_id = net_send(a, "ticket.dispatch", args);
	if (T.dispatch_id > 0)
		ui_message(a, false, _("Dispatching %s to %s..."), T.t.no, login);
}

static void
note_done(struct app *a, const char *note, const char *login)
{
	send_dispatch(a, login, note);
}

/* Enter (or n, with a note): dispatch to the selected technician. */
static void
choose(struct app *a, bool with_note)
{
	const char *login = ui_jstr(selected(), "login");
	char title[160];

	if (!login[0] || T.dispatch_id > 0)
		return;
	if (strcmp(login, T.t.technician) == 0) {
		ui_message(a, true, _("Ticket %s is already dispatched to %s"), T.t.no, login);
		return;
	}
	if (!with_note) {
		send_dispatch(a, login, NULL);
		return;
	}
	snprintf(title, sizeof title, _("Dispatch %s to %s"), T.t.no, login);
	ui_prompt_open(a, title, _("Note:"), "", note_done, login);
}

static unsigned
techpick_key(struct app *a, int type, wint_t key)
{
	int n = cJSON_GetArraySize(T.techs);

	if (ui_key_esc(type, key))
		ui_switch(a, T.back);
	else if (ui_key_enter(type, key) || (type == OK && key == 'n'))
		choose(a, type == OK && key == 'n');
	else if (type == OK && key == 'a') {
		T.all = !T.all;
		T.fell_back = false;
		request_list(a);
	} else if (type == KEY_CODE_YES && key == KEY_UP && T.sel > 0)
		T.sel--;
	else if (type == KEY_CODE_YES && key == KEY_DOWN && T.sel + 1 < n)
		T.sel++;
	else if (type == KEY_CODE_YES && key == KEY_F(5) && a->logged_in)
		request_list(a);
	else
		return 0;
	return UI_HANDLED | UI_REDRAW;
}

static void
on_list(struct app *a, const cJSON *msg)
{
	const cJSON *techs = cJSON_GetObjectItemCaseSensitive(reply_result(msg),
	    "technicians");
	char text[512];

	T.list_id = 0;
	if (!reply_ok(msg) || !cJSON_IsArray(techs)) {
		net_error_text(msg, text, sizeof text);
		ui_message(a, true, _("Cannot list the technicians: %s"), text);
		return;
	}
	if (cJSON_GetArraySize(techs) == 0 && !T.all) {
		T.all = T.fell_back = true;   /* nobody here: show everyone */
		request_list(a);
		return;
	}
	cJSON_Delete(T.techs);
	T.techs = cJSON_Duplicate(techs, true);
	T.sel = T.top = 0;
}

static void
on_dispatched(struct app *a, const cJSON *msg)
{
	char text[512];
	bool reassigned = strcmp(T.t.state, "dispatched") == 0;

	T.dispatch_id = 0;
	if (!reply_ok(msg)) {
		net_error_text(msg, text, sizeof text);
		ui_message(a, true, _("%s: %s"), T.t.no, text);
		if (strcmp(reply_code(msg), "conflict") == 0)
			ui_switch(a, T.back);
		return;
	}
	if (a->view == &ui_techpick_view)
		ui_switch(a, T.back);
	ui_ticket_changed(a, reply_result(msg));
	ui_message(a, false, reassigned ? _("Ticket %s reassigned to %s") :
	    _("Ticket %s dispatched to %s"), T.t.no, T.sent_to);
}

/* Someone else changed the ticket while the picker is open: show it as it
 * is now, and go back when it can no longer be dispatched. */
static void
on_changed(struct app *a, const cJSON *data)
{
	struct ticket_row r;

	if (!tickets_parse(data, &r) || strcmp(r.no, T.t.no) != 0 ||
	    r.version < T.t.version || T.dispatch_id > 0)
		return;
	T.t = r;
	if (a->view == &ui_techpick_view && !action_allowed(&r, "ticket.dispatch")) {
		ui_message(a, true, _("Not possible now: ticket %s is %s"), r.no,
		    label_ticket_state(r.state));
		ui_switch(a, T.back);
	}
}

static bool
techpick_message(struct app *a, const cJSON *msg)
{
	int64_t id = ui_jint(msg, "id", -1);

	if (id > 0 && id == T.list_id)
		on_list(a, msg);
	else if (id > 0 && id == T.dispatch_id)
		on_dispatched(a, msg);
	else if (id <= 0 && strcmp(ui_jstr(msg, "event"), "ticket.changed") == 0)
		on_changed(a, cJSON_GetObjectItemCaseSensitive(msg, "data"));
	else
		return false;
	return id > 0;
}

static void
techpick_session(struct app *a, enum ui_session_event ev)
{
	if (ev == UI_DISCONNECTED)
		T.list_id = T.dispatch_id = 0;
	else if ((ev == UI_LOGGED_IN || ev == UI_RESYNC) && a->view == &ui_techpick_view)
		request_list(a);
}

const struct view_ops ui_techpick_view = {
	.name = "techpick",
	.title = N_("Choose a technician"),
	.draw = techpick_draw,
	.key = techpick_key,
	.on_message = techpick_message,
	.on_session = techpick_session,
	.help = techpick_help,
	.bar = techpick_bar,
};
