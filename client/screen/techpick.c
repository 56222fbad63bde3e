/*
 * screen/techpick.c: the technician picker of the dispatch board.
 *
 * Lists the technicians of the ticket's region first (technician.list
 * {region}); `a` switches to every region, and a region without a
 * technician shows every region at once. Each row: user name, name,
 * region, service point, skills and open work, in widget/table (j/k,
 * search, filter, sort). Enter dispatches the ticket to the selected one
 * (ticket.dispatch); from `dispatched` that reassigns it, asked y/n first.
 * m asks for a note first, in a prompt that stays open on a refusal.
 * Success returns to the board; the daemon's answer goes to every view at
 * once.
 */
#include "client/widget/table.h"
#include "client/widget/tickets.h"
#include "client/screen/screens.h"

#include <stdio.h>
#include <string.h>

/* A dispatch sent: what its answer is reported against (not the picker's
 * ticket, which another pick may have replaced meanwhile). */
struct sent {
	char no[24], to[64];
	bool reassign;
};

struct techpick {
	struct ticket_row t;           /* the ticket being dispatched */
	cJSON *techs;                  /* the technicians array, or NULL */
	bool all, fell_back;
	int64_t list_id, dispatch_id;  /* requests in flight */
	struct sent sending;           /* the dispatch_id's */
	struct table table;
};

enum { TC_LOGIN, TC_NAME, TC_REGION, TC_POINT, TC_SKILLS, TC_OPEN };

static const struct table_column tech_cols[] = {
	[TC_LOGIN] = { N_("User"), 14, 0, false, true },
	[TC_NAME] = { N_("Name"), 12, 0, false, true },
	[TC_REGION] = { N_("Region"), 9, 2, false, true },
	[TC_POINT] = { N_("Service point"), 22, 3, false, true },
	[TC_SKILLS] = { N_("Skills"), 0, 0, false, true },
	[TC_OPEN] = { N_("Open"), 6, 1, true, true },
};

static struct techpick *
picker(struct app *a)
{
	return ui_view_of(a, &ui_techpick_view)->priv;
}

/* ---- the table's rows: the technicians array */

static const cJSON *
tech_at(const void *data, size_t i)
{
	return cJSON_GetArrayItem(((const struct techpick *)data)->techs, (int)i);
}

static size_t
techs_count(const void *data)
{
	return (size_t)cJSON_GetArraySize(((const struct techpick *)data)->techs);
}

/* The ticket's technician now is marked with a star; "-" for nothing. */
static void
tech_cell(const struct app *a, const void *data, size_t i, int col, char *buf,
    size_t len)
{
	const struct techpick *T = data;
	const cJSON *tech = tech_at(data, i);
	const char *login = ui_jstr(tech, "login");

	(void)a;
	switch (col) {
	case TC_LOGIN:
		snprintf(buf, len, "%s%s", strcmp(login, T->t.technician) == 0 ?
		    "*" : "", login);
		return;
	case TC_NAME: ui_copy(buf, len, ui_jstr(tech, "name")); break;
	case TC_REGION: ui_copy(buf, len, label_region(ui_jstr(tech, "region"))); break;
	case TC_POINT: ui_copy(buf, len, ui_jstr(tech, "service_point")); break;
	case TC_SKILLS: ui_jjoin(tech, "skills", buf, len); break;
	default:
		snprintf(buf, len, "%lld", (long long)ui_jint(tech, "open", 0));
		return;
	}
	if (buf[0] == '\0')
		ui_copy(buf, len, "-");
}

static void
tech_key(const void *data, size_t i, char *buf, size_t len)
{
	ui_copy(buf, len, ui_jstr(tech_at(data, i), "login"));
}

/* Open work by number; the rest by text. */
static int
tech_compare(const struct app *a, const void *data, size_t x, size_t y, int col)
{
	int64_t ox = ui_jint(tech_at(data, x), "open", 0);
	int64_t oy = ui_jint(tech_at(data, y), "open", 0);

	(void)a;
	return col == TC_OPEN ? (ox > oy) - (ox < oy) : 2;
}

static const struct table_source tech_source = {
	.count = techs_count, .cell = tech_cell, .key = tech_key,
	.compare = tech_compare,
};

static const char *
selected_login(const struct techpick *T)
{
	size_t i;

	return table_selected(&T->table, &i) ? ui_jstr(tech_at(T, i), "login") : "";
}

/* ---- the technicians */

static void on_list(struct app *a, void *ctx, const cJSON *reply);

static void
request_list(struct app *a, struct techpick *T)
{
	cJSON *args = cJSON_CreateObject();

	net_cancel(a, T->list_id);
	if (!T->all && T->t.region[0])
		cJSON_AddStringToObject(args, "region", T->t.region);
	T->list_id = net_request(a, "technician.list", args, on_list, T);
	if (T->list_id < 0)
		T->list_id = 0;
}

static void
on_list(struct app *a, void *ctx, const cJSON *reply)
{
	struct techpick *T = ctx;
	const cJSON *techs = reply != NULL ? cJSON_GetObjectItemCaseSensitive(
	    reply_result(reply), "technicians") : NULL;
	char text[512];

	T->list_id = 0;
	a->dirty = true;
	if (reply == NULL)   /* the connection dropped: reloaded with it */
		return;
	if (!reply_ok(reply) || !cJSON_IsArray(techs)) {
		net_error_text(reply, text, sizeof text);
		ui_message(a, true, _("Cannot list the technicians: %s"), text);
		return;
	}
	if (cJSON_GetArraySize(techs) == 0 && !T->all) {
		T->all = T->fell_back = true;   /* nobody here: show everyone */
		request_list(a, T);
		return;
	}
	cJSON_Delete(T->techs);
	T->techs = cJSON_Duplicate(techs, true);
	table_refresh(&T->table, a);
}

void
techpick_show(struct app *a, const struct ticket_row *r,
    const struct view_ops *back)
{
	struct techpick *T = picker(a);

	net_cancel(a, T->list_id);
	T->list_id = 0;
	T->t = *r;
	T->all = T->fell_back = false;
	cJSON_Delete(T->techs);
	T->techs = NULL;
	table_free(&T->table);
	table_init(&T->table, tech_cols, (int)(sizeof tech_cols / sizeof tech_cols[0]),
	    &tech_source, T);
	ui_show(a, &ui_techpick_view, back);
	request_list(a, T);
}

/* ---- dispatching */

static struct sent
sent_of(const struct techpick *T, const char *login)
{
	struct sent s = { .reassign = strcmp(T->t.state, "dispatched") == 0 };

	ui_copy(s.no, sizeof s.no, T->t.no);
	ui_copy(s.to, sizeof s.to, login);
	return s;
}

static cJSON *
dispatch_args(const struct sent *s, const char *note)
{
	cJSON *args = cJSON_CreateObject();

	cJSON_AddStringToObject(args, "no", s->no);
	cJSON_AddStringToObject(args, "technician", s->to);
	if (note != NULL && note[0])
		cJSON_AddStringToObject(args, "note", note);
	return args;
}

/* The daemon took it: back to the board, the ticket to every view. */
static void
dispatched(struct app *a, const struct sent *s, const cJSON *reply)
{
	if (a->view == &ui_techpick_view)
		ui_leave(a);
	ui_ticket_changed(a, reply_result(reply));
	ui_message(a, false, s->reassign ? _("Ticket %s reassigned to %s") :
	    _("Ticket %s dispatched to %s"), s->no, s->to);
}

/* The answer to a dispatch sent from the list (ctx: the picker). */
static void
on_dispatched(struct app *a, void *ctx, const cJSON *reply)
{
	struct techpick *T = ctx;
	const struct sent *s = &T->sending;
	char text[512];

	T->dispatch_id = 0;
	if (reply == NULL)
		ui_message(a, true, _("%s: the connection dropped before the answer; "
		    "look at the ticket before trying again"), s->no);
	else if (reply_ok(reply))
		dispatched(a, s, reply);
	else {
		net_error_text(reply, text, sizeof text);
		ui_message(a, true, _("%s: %s"), s->no, text);
		if (strcmp(reply_code(reply), "conflict") == 0 &&
		    a->view == &ui_techpick_view)
			ui_leave(a);
	}
}

static void
send_dispatch(struct app *a, void *ctx)
{
	struct techpick *T = picker(a);

	T->sending = *(const struct sent *)ctx;
	T->dispatch_id = net_request(a, "ticket.dispatch",
	    dispatch_args(&T->sending, NULL), on_dispatched, T);
	if (T->dispatch_id > 0)
		ui_message(a, false, _("Dispatching %s to %s..."), T->sending.no,
		    T->sending.to);
	else {
		T->dispatch_id = 0;
		ui_message(a, true, "%s", _("Not connected: try again in a moment"));
	}
}

/* The answer to a dispatch with a note: the prompt (ctx) closes on
 * success; a refusal stays in it, the note as typed. */
static void
on_noted(struct app *a, void *ctx, const cJSON *reply)
{
	struct overlay *o = ctx;
	struct sent s = *(struct sent *)ui_overlay_ctx(o);

	if (!ui_prompt_answered(a, o, reply))
		return;
	ui_prompt_close(a, o);
	dispatched(a, &s, reply);
}

static void
note_submit(struct app *a, struct overlay *o, void *ctx, const char *note)
{
	ui_prompt_wait(a, o, net_request(a, "ticket.dispatch",
	    dispatch_args(ctx, note), on_noted, o));
}

/* Enter (or m, with a note): dispatch to the selected technician; a
 * reassignment asks first (a note typed is asked enough). */
static void
choose(struct app *a, struct techpick *T, bool with_note)
{
	const char *login = selected_login(T);
	struct sent s = sent_of(T, login);
	char text[256];

	if (!login[0] || T->dispatch_id > 0)
		return;
	if (strcmp(login, T->t.technician) == 0) {
		ui_message(a, true, _("Ticket %s is already dispatched to %s"), T->t.no, login);
		return;
	}
	if (with_note) {
		snprintf(text, sizeof text, s.reassign ? _("Reassign %s from %s to %s") :
		    _("Dispatch %s to %s"), s.no, s.reassign ? T->t.technician : s.to, s.to);
		ui_prompt(a, text, _("Note:"), "", note_submit, &s, sizeof s);
	} else if (s.reassign) {
		snprintf(text, sizeof text, _("Reassign %s from %s to %s?"), s.no,
		    T->t.technician, s.to);
		ui_confirm(a, text, send_dispatch, &s, sizeof s, false);
	} else
		send_dispatch(a, &s);
}

/* ---- the keys */

static bool
has_selection(const struct app *a, const struct view *v)
{
	(void)a;
	return selected_login(v->priv)[0] != '\0';
}

static bool
is_reassign(const struct app *a, const struct view *v)
{
	(void)a;
	return has_selection(a, v) &&
	    strcmp(((const struct techpick *)v->priv)->t.state, "dispatched") == 0;
}

static bool
is_dispatch(const struct app *a, const struct view *v)
{
	return has_selection(a, v) && !is_reassign(a, v);
}

static bool
showing_region(const struct app *a, const struct view *v)
{
	const struct techpick *T = v->priv;

	(void)a;
	return !T->all && T->t.region[0];
}

/* Every region by choice (not because the region has nobody). */
static bool
showing_all(const struct app *a, const struct view *v)
{
	const struct techpick *T = v->priv;

	(void)a;
	return T->all && !T->fell_back && T->t.region[0];
}

static unsigned
dispatch_key(struct app *a, struct view *v)
{
	choose(a, v->priv, false);
	return 0;
}

static unsigned
note_key(struct app *a, struct view *v)
{
	choose(a, v->priv, true);
	return 0;
}

static unsigned
regions_key(struct app *a, struct view *v)
{
	struct techpick *T = v->priv;

	T->all = !T->all;
	T->fell_back = false;
	request_list(a, T);
	return 0;
}

static unsigned
reload_key(struct app *a, struct view *v)
{
	if (a->logged_in)
		request_list(a, v->priv);
	return 0;
}

static const struct ui_key techpick_keys[] = {
	{ .key = UI_KEY_ENTER, .name = N_("Enter"), .label = N_("Dispatch"),
	  .help = N_("Dispatch to the chosen technician (reassign: asked first)"),
	  .run = dispatch_key, .when = is_dispatch },
	{ .key = UI_KEY_ENTER, .name = N_("Enter"), .label = N_("Reassign"),
	  .run = dispatch_key, .when = is_reassign },
	{ .key = 'm', .name = "m", .label = N_("With a note"),
	  .help = N_("Dispatch with a note"), .run = note_key, .when = has_selection },
	{ .key = 'a', .name = "a", .label = N_("All regions"),
	  .help = N_("The ticket's region only, or every region"), .run = regions_key,
	  .when = showing_region },
	{ .key = 'a', .name = "a", .label = N_("This region"), .run = regions_key,
	  .when = showing_all },
	{ .key = UI_KEY_ESC, .name = N_("Esc"), .label = N_("Back"),
	  .help = N_("Back to the board without dispatching"), .run = ui_key_leave },
	{ .key = UI_K(KEY_F(5)), .run = reload_key },   /* the frame names F5 */
	TABLE_HELP_KEYS,
	{ 0 }
};

/* ---- the view */

static void
draw_title(struct app *a, const struct techpick *T, int top)
{
	char title[256], line[512];

	if (strcmp(T->t.state, "dispatched") == 0)
		snprintf(title, sizeof title, _("Reassign ticket %s (now: %s)"),
		    T->t.no, T->t.technician);
	else
		snprintf(title, sizeof title, _("Dispatch ticket %s"), T->t.no);
	attrset(ui_attr(a, UI_C_TITLE));
	ui_put(top, 1, COLS - 2, title);
	attrset(A_NORMAL);
	snprintf(line, sizeof line, "%s  %s  %s", T->t.customer,
	    label_region(T->t.region), T->t.fault);
	ui_put(top + 1, 1, COLS - 2, line);
}

/* What the list shows: the region, every region, or why; the filter. */
static void
draw_scope(const struct techpick *T, int y)
{
	char buf[256], filter[TABLE_TEXT + 32];

	if (T->fell_back)
		snprintf(buf, sizeof buf, _("No technician in the region %s: every region"),
		    label_region(T->t.region));
	else if (T->all || !T->t.region[0])
		snprintf(buf, sizeof buf, "%s", _("Technicians of every region (a: this region only)"));
	else
		snprintf(buf, sizeof buf, _("Technicians of the region %s (a: every region)"),
		    label_region(T->t.region));
	table_filter_text(&T->table, filter, sizeof filter);
	ui_put(y, 1, COLS - 2, buf);
	if (filter[0])
		ui_put_right(y, COLS / 2, COLS - COLS / 2 - 1, filter);
}

static void
techpick_paint(struct app *a, struct view *v, int top, int rows)
{
	struct techpick *T = v->priv;

	draw_title(a, T, top);
	draw_scope(T, top + 2);
	table_draw(&T->table, a, top + 3, rows - 3);
	if (T->techs == NULL || T->table.norder == 0)
		ui_put(top + 5, 2, COLS - 4, T->list_id > 0 || T->techs == NULL ?
		    _("Loading...") : _("No technicians"));
}

static unsigned
techpick_input(struct app *a, struct view *v, ui_key_t key)
{
	return table_key(&((struct techpick *)v->priv)->table, a, key);
}

/* Someone else changed the ticket while the picker is open: show it as it
 * is now, and go back when it can no longer be dispatched. */
static void
techpick_push(struct app *a, struct view *v, const cJSON *msg)
{
	struct techpick *T = v->priv;
	struct ticket_row r;

	if (strcmp(ui_jstr(msg, "event"), "ticket.changed") != 0 ||
	    !tickets_parse(cJSON_GetObjectItemCaseSensitive(msg, "data"), &r) ||
	    strcmp(r.no, T->t.no) != 0 || r.version < T->t.version ||
	    T->dispatch_id > 0)
		return;
	T->t = r;
	if (a->view == &ui_techpick_view && !action_allowed(&r, "ticket.dispatch")) {
		ui_message(a, true, _("Not possible now: ticket %s is %s"), r.no,
		    label_ticket_state(r.state));
		ui_leave(a);
	}
}

static void
techpick_session(struct app *a, struct view *v, enum ui_session_event ev)
{
	struct techpick *T = v->priv;

	if (ev == UI_DISCONNECTED)
		T->list_id = T->dispatch_id = 0;   /* their callbacks had NULL */
	else if ((ev == UI_LOGGED_IN || ev == UI_RESYNC) && a->view == &ui_techpick_view)
		request_list(a, T);
}

static void
techpick_destroy(struct app *a, struct view *v)
{
	struct techpick *T = v->priv;

	net_cancel(a, T->list_id);
	cJSON_Delete(T->techs);
	table_free(&T->table);
}

const struct view_ops ui_techpick_view = {
	.name = "techpick",
	.title = N_("Choose a technician"),
	.private_size = sizeof(struct techpick),
	.keys = techpick_keys,
	.paint = techpick_paint,
	.input = techpick_input,
	.push = techpick_push,
	.session = techpick_session,
	.destroy = techpick_destroy,
};
