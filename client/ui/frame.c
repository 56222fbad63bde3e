/*
 * ui/frame.c: what surrounds every view: the status line at the top
 * (connection, server, user and role, the server's clock), the message line
 * and the function-key bar at the bottom, and the F1 help overlay. The
 * bar and the help are generated from the current view's key table
 * (ui/keys.c): what the bar offers is what the keys do.
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
	{ "department", N_("Department") },
};

#define MAX_HELP 48

#define MAX_BAR 12

static const struct ui_help fkeys_first[] = { { "F1", N_("Help") } };
static const struct ui_help fkey_search = { "F9", N_("Search") };
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

/*
 * The status line's parts, most important first: what is dropped when the
 * line is too narrow goes from the end of this list, whole, so that no
 * part is ever cut in the middle or runs into the clock ("Role: Quali"
 * followed by the time, at 80 columns, was the symptom).
 */
enum { ST_STATE, ST_ROLE, ST_USER, ST_NAME, ST_SERVER, ST_PRODUCT, ST_PARTS };

static void
status_parts(const struct app *a, char parts[ST_PARTS][256])
{
	for (int i = 0; i < ST_PARTS; i++)
		parts[i][0] = '\0';
	snprintf(parts[ST_PRODUCT], 256, "svcdesk");
	snprintf(parts[ST_STATE], 256, "%s", conn_state(a));
	snprintf(parts[ST_SERVER], 256, "%.200s:%d", a->cfg.host, a->cfg.port);
	if (!a->have_creds && !a->logged_in)
		return;
	snprintf(parts[ST_USER], 256, _("User: %s"), a->user);
	if (a->name[0])
		snprintf(parts[ST_NAME], 256, "(%s)", a->name);
	if (a->role[0])
		snprintf(parts[ST_ROLE], 256, _("Role: %s"), ui_role_label(a->role));
}

/* The parts kept, in reading order: " svcdesk  Connected  host:port  User:
 * u (name)  Role: r". */
static void
status_join(char parts[ST_PARTS][256], const bool *keep, char *buf, size_t len)
{
	static const int order[] = { ST_PRODUCT, ST_STATE, ST_SERVER, ST_USER,
		ST_NAME, ST_ROLE };
	size_t n = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < sizeof order / sizeof order[0] && n < len; i++) {
		if (!keep[order[i]] || !parts[order[i]][0])
			continue;
		n += (size_t)snprintf(buf + n, len - n, "%s%s",
		    order[i] == ST_NAME ? " " : "  ", parts[order[i]]);
	}
	if (n < len)
		snprintf(buf + n, len - n, "  ");
}

/* The clock: the long form when it fits beside the left part, else the
 * time alone; none on a very narrow terminal. */
static void
status_clock(const struct app *a, int left_width, char *buf, size_t len)
{
	char clock[32];

	server_clock(a, false, clock, sizeof clock);
	snprintf(buf, len, _("Server time %s "), clock);
	if (left_width + ui_text_width(buf) > COLS) {
		server_clock(a, true, clock, sizeof clock);
		snprintf(buf, len, "%s ", clock);
	}
	if (ui_text_width(buf) + 10 > COLS)
		buf[0] = '\0';
}

static void
draw_status(struct app *a)
{
	char parts[ST_PARTS][256], left[1024], right[96];
	bool keep[ST_PARTS];
	int drop = ST_PARTS - 1, rw, short_clock = 9;   /* "HH:MM:SS " */

	status_parts(a, parts);
	for (int i = 0; i < ST_PARTS; i++)
		keep[i] = true;
	for (;;) {
		status_join(parts, keep, left, sizeof left);
		if (ui_text_width(left) + short_clock <= COLS || drop <= ST_STATE)
			break;
		keep[drop--] = false;
	}
	status_clock(a, ui_text_width(left), right, sizeof right);
	rw = ui_text_width(right);
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

/* The current view's keys as they apply now, from its table. */
static int
view_bar(struct app *a, struct ui_help *keys, int max)
{
	struct view *v = ui_current(a);

	return ui_keys_bar(a, v, v->ops->keys, keys, max);
}

bool
ui_search_offered(const struct app *a)
{
	return a->logged_in && ui_keys_find(a->view->keys, UI_KEY_SEARCH) == NULL &&
	    (!a->rights.known || op_rights_allowed(&a->rights, "search"));
}

/* F1, the view's keys as they apply now (as many as fit), F9 when it fits
 * after them, F6, F5, F10; under an overlay only F1 and F10 (the overlay
 * says its own keys). */
static void
draw_fkeys(struct app *a)
{
	struct ui_help keys[MAX_BAR], next = { "F6", NULL };
	int n = 0, x = 0, reserve = 0;
	bool covered = ui_overlay_top(a) != NULL;

	move(LINES - 1, 0);
	clrtoeol();
	if (!covered)
		n = view_bar(a, keys, MAX_BAR);
	for (size_t i = 0; i < sizeof fkeys_last / sizeof fkeys_last[0]; i++)
		reserve += fkey_width(&fkeys_last[i]);
	if (!covered && ui_next_screen(a) != NULL) {
		/* The next screen by its title, unless that would push one of
		 * this view's own keys off the bar: then F6 says only "Next". */
		int keys_width = fkey_width(&fkeys_first[0]);

		for (int i = 0; i < n; i++)
			keys_width += fkey_width(&keys[i]);
		next.what = ui_next_screen(a)->title;
		if (keys_width + reserve + fkey_width(&next) > COLS)
			next.what = N_("Next");
		reserve += fkey_width(&next);
	}
	x = draw_fkey(a, x, &fkeys_first[0]);
	for (int i = 0; i < n && x + fkey_width(&keys[i]) <= COLS - reserve; i++)
		x = draw_fkey(a, x, &keys[i]);
	if (!covered && ui_search_offered(a) && x + fkey_width(&fkey_search) <= COLS - reserve)
		x = draw_fkey(a, x, &fkey_search);
	if (next.what != NULL)
		x = draw_fkey(a, x, &next);
	for (size_t i = 0; i < sizeof fkeys_last / sizeof fkeys_last[0]; i++)
		if (!covered || i == sizeof fkeys_last / sizeof fkeys_last[0] - 1)
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
	if (a->view->paint != NULL)
		a->view->paint(a, ui_current(a), 1, LINES - 3);
	draw_message(a);
	draw_fkeys(a);
}

/* ---- the F1 help: the view's keys, then the global ones */

struct help {
	struct ui_help lines[MAX_HELP];
	int n, top;
	char title[256];
};

static void
help_add(struct help *h, const char *key, const char *what)
{
	if (h->n < MAX_HELP)
		h->lines[h->n++] = (struct ui_help){ key, what };
}

static void
help_fill(struct app *a, struct help *h)
{
	struct view *v = ui_current(a);

	h->n = ui_keys_help(v->ops->keys, h->lines, MAX_HELP);
	if (!(v->ops->flags & UI_VIEW_SCREEN) &&
	    ui_keys_find(v->ops->keys, UI_KEY_ESC) == NULL)
		help_add(h, N_("Esc"), N_("Back to the screen this came from"));
	help_add(h, N_("F1"), N_("Show or close this help"));
	help_add(h, N_("F5"), N_("Refresh (reconnect now when disconnected)"));
	if (ui_next_screen(a) != NULL)
		help_add(h, N_("F6"), N_("Your role's next screen (goes round them)"));
	if (ui_search_offered(a))
		help_add(h, N_("F9"), N_("Search tickets, complaints, customers (any screen)"));
	help_add(h, N_("F10"), N_("Quit"));
	snprintf(h->title, sizeof h->title, _("Help: %s"), _(v->ops->title));
}

static void
help_geometry(const struct help *h, int *y, int *x, int *hh, int *w, int *kw)
{
	int tw = 0, t;

	*kw = 0;
	for (int i = 0; i < h->n; i++) {
		if ((t = ui_text_width(_(h->lines[i].key))) > *kw)
			*kw = t;
		if ((t = ui_text_width(_(h->lines[i].what))) > tw)
			tw = t;
	}
	*w = *kw + tw + 6 > ui_text_width(h->title) + 8 ? *kw + tw + 6 :
	    ui_text_width(h->title) + 8;
	*w = *w > COLS - 2 ? COLS - 2 : *w;
	*hh = h->n + 4 > LINES - 2 ? LINES - 2 : h->n + 4;
	*y = (LINES - *hh) / 2;
	*x = (COLS - *w) / 2;
}

static void
help_paint(struct app *a, struct overlay *o)
{
	struct help *h = o->priv;
	int y, x, hh, w, kw, rows;

	help_geometry(h, &y, &x, &hh, &w, &kw);
	rows = hh - 4;
	ui_box(a, y, x, hh, w, h->title);
	for (int i = 0; i < rows && h->top + i < h->n; i++) {
		ui_put(y + 1 + i, x + 2, kw, _(h->lines[h->top + i].key));
		ui_put(y + 1 + i, x + 4 + kw, w - kw - 6, _(h->lines[h->top + i].what));
	}
	ui_put(y + hh - 2, x + 2, w - 4, h->n > rows ?
	    _("Up/Down, PgUp/PgDn: more   Esc or F1 closes this help") :
	    _("Esc or F1 closes this help"));
}

static unsigned
help_input(struct app *a, struct overlay *o, ui_key_t key)
{
	struct help *h = o->priv;
	int y, x, hh, w, kw, page, last;

	help_geometry(h, &y, &x, &hh, &w, &kw);
	page = hh - 4 > 1 ? hh - 4 : 1;
	last = h->n - page > 0 ? h->n - page : 0;
	if (key == UI_KEY_ESC || key == UI_K(KEY_F(1)) || key == 'q')
		ui_overlay_close(a, o);
	else if (key == UI_K(KEY_DOWN) || key == 'j')
		h->top = h->top < last ? h->top + 1 : last;
	else if (key == UI_K(KEY_UP) || key == 'k')
		h->top = h->top > 0 ? h->top - 1 : 0;
	else if (key == UI_K(KEY_NPAGE) || key == ' ')
		h->top = h->top + page < last ? h->top + page : last;
	else if (key == UI_K(KEY_PPAGE))
		h->top = h->top > page ? h->top - page : 0;
	else if (key == UI_K(KEY_HOME))
		h->top = 0;
	else if (key == UI_K(KEY_END))
		h->top = last;
	else
		return 0;   /* F10 still quits; the rest is swallowed */
	return UI_HANDLED | UI_REDRAW;
}

static const struct overlay_ops help_ops = {
	.name = "help", .size = sizeof(struct help),
	.paint = help_paint, .input = help_input,
};

void
ui_help_open(struct app *a)
{
	struct overlay *o = ui_overlay_push(a, &help_ops);

	if (o != NULL)
		help_fill(a, o->priv);
}
