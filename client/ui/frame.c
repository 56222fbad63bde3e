/*
 * ui/frame.c: what surrounds every view: the status line at the top
 * (connection, server, user and role, the server's clock), the message line
 * and the function-key bar at the bottom, and the F1 help overlay.
 */
#include "client/ui/ui.h"

#include <stdio.h>
#include <string.h>

#define MIN_COLS 40
#define MIN_LINES 8

static const struct { const char *role, *label; } roles[] = {
	{ "operator", N_("Operator") },
	{ "dispatcher", N_("Dispatcher") },
	{ "technician", N_("Technician") },
	{ "quality", N_("Quality") },
	{ "manager", N_("Manager") },
	{ "admin", N_("Administrator") },
};

static const struct ui_help global_help[] = {
	{ N_("F1"), N_("Show or close this help") },
	{ N_("Esc"), N_("Close this help") },
	{ N_("F5"), N_("Refresh (reconnect now when disconnected)") },
	{ N_("F6"), N_("Your role's next screen (goes round them)") },
	{ N_("F10"), N_("Quit") },
	{ NULL, NULL }
};

#define MAX_BAR 12

static const struct ui_help fkeys_first[] = { { "F1", N_("Help") } };
static const struct ui_help fkeys_last[] = {
	{ "F5", N_("Refresh") }, { "F10", N_("Quit") },
};

const char *
ui_role_label(const char *role)
{
	for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++)
		if (strcmp(role, roles[i].role) == 0)
			return _(roles[i].label);
	return role;
}

/* The server's clock in the server's zone: "2026-11-24 09:30:05", or with
 * `time_only` just "09:30:05". */
static void
server_clock(const struct app *a, bool time_only, char *buf, size_t len)
{
	time_t t;
	struct tm tm;

	if (!a->time_known) {
		snprintf(buf, len, "--");
		return;
	}
	t = net_server_now(a) + a->server_tz;
	gmtime_r(&t, &tm);
	strftime(buf, len, time_only ? "%H:%M:%S" : "%Y-%m-%d %H:%M:%S", &tm);
}

static const char *
conn_state(const struct app *a)
{
	if (a->conn != NULL)
		return _("Connected");
	if (a->opening != NULL || a->retry_at == 0)
		return _("Connecting...");
	return _("Disconnected, reconnecting...");
}

/* "  User: operator (王芳)  Role: Operator", or "" before a login. */
static void
who_text(const struct app *a, char *buf, size_t len)
{
	char user[256], role[128];

	buf[0] = '\0';
	if (!a->have_creds && !a->logged_in)
		return;
	if (a->name[0])
		snprintf(user, sizeof user, "%s (%s)", a->user, a->name);
	else
		snprintf(user, sizeof user, "%s", a->user);
	role[0] = '\0';
	if (a->role[0])
		snprintf(role, sizeof role, _("Role: %s"), ui_role_label(a->role));
	snprintf(buf, len, "  ");
	snprintf(buf + 2, len - 2, _("User: %s"), user);
	snprintf(buf + strlen(buf), len - strlen(buf), "  %s", role);
}

static void
draw_status(struct app *a)
{
	char left[768], who[512], clock[32], right[96];
	int lw, rw;

	who_text(a, who, sizeof who);
	snprintf(left, sizeof left, " svcdesk  %s  %s:%d%s  ", conn_state(a),
	    a->cfg.host, a->cfg.port, who);
	lw = ui_text_width(left);
	server_clock(a, false, clock, sizeof clock);
	snprintf(right, sizeof right, _("Server time %s "), clock);
	if (lw + ui_text_width(right) > COLS) {
		server_clock(a, true, clock, sizeof clock);
		snprintf(right, sizeof right, "%s ", clock);
	}
	rw = ui_text_width(right);
	if (rw + 10 > COLS)
		rw = 0;
	attrset(ui_attr(a, UI_C_STATUS));
	ui_put(0, 0, COLS - rw, left);
	if (rw > 0)
		ui_put(0, COLS - rw, rw, right);
	attrset(A_NORMAL);
}

/* Draws "KEY Label " at x; returns the next column. */
static int
draw_fkey(struct app *a, int x, const struct ui_help *k)
{
	int w;

	if (x >= COLS)
		return x;
	x += ui_put(LINES - 1, x, COLS - x, _(k->key));
	attrset(ui_attr(a, UI_C_FKEY));
	x += x < COLS ? ui_put(LINES - 1, x, 1, " ") : 0;
	w = ui_text_width(_(k->what)) + 1;
	x += x < COLS ? ui_put(LINES - 1, x, w < COLS - x ? w : COLS - x, _(k->what)) : 0;
	attrset(A_NORMAL);
	x += x < COLS ? ui_put(LINES - 1, x, 1, " ") : 0;
	return x;
}

static int
fkey_width(const struct ui_help *k)
{
	return ui_text_width(_(k->key)) + ui_text_width(_(k->what)) + 3;
}

/* F1, the view's keys as they apply now (as many as fit), F5 and F10. */
static void
draw_fkeys(struct app *a)
{
	struct ui_help keys[MAX_BAR], next = { "F6", NULL };
	int n = 0, x = 0, reserve = 0;

	move(LINES - 1, 0);
	clrtoeol();
	if (a->view->bar != NULL && !ui_prompt_active())
		n = a->view->bar(a, keys, MAX_BAR);
	for (size_t i = 0; i < sizeof fkeys_last / sizeof fkeys_last[0]; i++)
		reserve += fkey_width(&fkeys_last[i]);
	if (ui_next_screen(a) != NULL && !ui_prompt_active() && n < MAX_BAR) {
		next.what = ui_next_screen(a)->title;
		reserve += fkey_width(&next);
	}
	x = draw_fkey(a, x, &fkeys_first[0]);
	for (int i = 0; i < n && x + fkey_width(&keys[i]) <= COLS - reserve; i++)
		x = draw_fkey(a, x, &keys[i]);
	if (next.what != NULL)
		x = draw_fkey(a, x, &next);
	for (size_t i = 0; i < sizeof fkeys_last / sizeof fkeys_last[0]; i++)
		x = draw_fkey(a, x, &fkeys_last[i]);
}

static void
draw_message(struct app *a)
{
	attrset(a->message_error ? ui_attr(a, UI_C_ERROR) : A_NORMAL);
	ui_put(LINES - 2, 0, COLS, a->message);
	attrset(A_NORMAL);
}

void
ui_draw_frame(struct app *a)
{
	if (COLS < MIN_COLS || LINES < MIN_LINES) {
		ui_put(0, 0, COLS, _("Terminal too small"));
		return;
	}
	draw_status(a);
	if (a->view->draw != NULL)
		a->view->draw(a, 1, LINES - 3);
	draw_message(a);
	draw_fkeys(a);
}

/* Blanks the box and a column either side first, so a wide character
 * under its edge goes whole instead of leaving half a character. */
static void
clear_box(int y, int x, int h, int w)
{
	int from = x > 0 ? x - 1 : 0, to = x + w < COLS ? x + w : COLS - 1;

	for (int i = 0; i < h; i++)
		for (int c = from; c <= to; c++)
			mvaddch(y + i, c, ' ');
}

/* Draws an empty box with a border at (y, x), h lines by w columns. */
static void
draw_box(int y, int x, int h, int w)
{
	clear_box(y, x, h, w);
	for (int i = 1; i < h - 1; i++) {
		mvaddch(y + i, x, ACS_VLINE);
		mvhline(y + i, x + 1, ' ', w - 2);
		mvaddch(y + i, x + w - 1, ACS_VLINE);
	}
	mvaddch(y, x, ACS_ULCORNER);
	mvhline(y, x + 1, ACS_HLINE, w - 2);
	mvaddch(y, x + w - 1, ACS_URCORNER);
	mvaddch(y + h - 1, x, ACS_LLCORNER);
	mvhline(y + h - 1, x + 1, ACS_HLINE, w - 2);
	mvaddch(y + h - 1, x + w - 1, ACS_LRCORNER);
}

/* Counts a help list and measures its widest key and text. */
static int
help_measure(const struct ui_help *h, int *kw, int *tw)
{
	int n = 0, w;

	for (; h != NULL && h->key != NULL; h++, n++) {
		if ((w = ui_text_width(_(h->key))) > *kw)
			*kw = w;
		if ((w = ui_text_width(_(h->what))) > *tw)
			*tw = w;
	}
	return n;
}

/* Draws a help list from line y; returns the next line. */
static int
help_lines(const struct ui_help *h, int y, int x, int kw, int tw, int last)
{
	for (; h != NULL && h->key != NULL && y <= last; h++, y++) {
		ui_put(y, x, kw, _(h->key));
		ui_put(y, x + kw + 2, tw, _(h->what));
	}
	return y;
}

void
ui_draw_help(struct app *a)
{
	const struct ui_help *vh = a->view->help;
	int kw = 0, tw = 0, n, h, w, y, x, tlen;
	char title[256];

	if (COLS < MIN_COLS || LINES < MIN_LINES)
		return;
	n = help_measure(vh, &kw, &tw) + help_measure(global_help, &kw, &tw);
	snprintf(title, sizeof title, _(" Help: %s "), _(a->view->title));
	tlen = ui_text_width(title);
	w = kw + tw + 6 > tlen + 4 ? kw + tw + 6 : tlen + 4;
	w = w > COLS - 2 ? COLS - 2 : w;
	tw = w - kw - 6 > 0 ? w - kw - 6 : 0;
	h = n + 4 > LINES - 2 ? LINES - 2 : n + 4;
	y = (LINES - h) / 2;
	x = (COLS - w) / 2;
	draw_box(y, x, h, w);
	attrset(ui_attr(a, UI_C_TITLE));
	ui_put(y, x + 2, w - 4, title);
	attrset(A_NORMAL);
	y = help_lines(vh, y + 1, x + 2, kw, tw, y + h - 3);
	help_lines(global_help, y, x + 2, kw, tw, (LINES - h) / 2 + h - 3);
	ui_put((LINES - h) / 2 + h - 2, x + 2, w - 4, _("Esc or F1 closes this help"));
}
