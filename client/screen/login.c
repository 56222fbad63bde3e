/*
 * screen/login.c: the login screen: user and password fields (the password shows
 * as stars), Tab between them, Enter sends session.login. The answer is
 * handled by ui/net.c, which fills app.login_error or opens the queue.
 */
#include "client/widget/field.h"
#include "client/screen/screens.h"

#include <stdio.h>
#include <string.h>

#define BOX_W 64
#define BOX_H 11

static struct {
	struct ui_field user, pass;
	int focus;          /* 0 user, 1 password */
	bool ready;
} L;

static const struct ui_help login_help[] = {
	{ N_("Tab"), N_("Next field") },
	{ N_("Up/Down"), N_("User name or password field") },
	{ N_("Enter"), N_("Log in") },
	{ N_("Ctrl-U"), N_("Clear to the start of the field") },
	{ NULL, NULL }
};

static void
login_open(struct app *a)
{
	if (!L.ready) {
		ui_field_init(&L.user, 63, false);
		ui_field_init(&L.pass, 127, true);
		ui_field_set(&L.user, a->user[0] ? a->user : a->cfg.user);
		L.ready = true;
	} else if (a->user[0])
		ui_field_set(&L.user, a->user);
	ui_field_clear(&L.pass);
	L.focus = L.user.len > 0 ? 1 : 0;
}

/* Bytes of s that fit in width columns, broken after a space when the
 * cut would fall inside a word. */
static size_t
fit_line(const char *s, int width)
{
	const char *p = s, *space = NULL;
	wchar_t wc;
	size_t k;
	int w = 0, cw;

	while ((k = ui_utf8_decode(p, &wc)) > 0) {
		cw = ui_wc_width(wc);
		cw = cw < 0 ? 1 : cw;
		if (w + cw > width)
			break;
		w += cw;
		p += k;
		if (wc == L' ')
			space = p;
	}
	if (k > 0 && p > s && space != NULL && *p != ' ' && p[-1] != ' ' &&
	    (unsigned char)*p < 0x80)
		p = space;
	return (size_t)(p - s);
}

/* Draws s over up to `lines` lines of width columns. */
static void
put_wrapped(int y, int x, int width, int lines, const char *s)
{
	char line[512];
	size_t n;

	for (; lines > 0 && *s; lines--, y++) {
		if ((n = fit_line(s, width)) == 0)
			break;
		ui_copy(line, n + 1 < sizeof line ? n + 1 : sizeof line, s);
		ui_put(y, x, width, line);
		s += n;
		while (*s == ' ')
			s++;
	}
}

/* The line under the fields: the error, or what is going on. */
static void
login_status(struct app *a, int y, int x, int width)
{
	char buf[512];

	if (a->login_error[0]) {
		attrset(ui_attr(a, UI_C_ERROR));
		put_wrapped(y, x, width, 1, a->login_error);
		attrset(A_NORMAL);
		put_wrapped(y + 1, x, width, 2, a->login_detail);
		return;
	}
	if (a->login_id > 0)
		snprintf(buf, sizeof buf, "%s", _("Logging in..."));
	else if (a->opening != NULL)
		snprintf(buf, sizeof buf, _("Connecting to %s:%d..."), a->cfg.host,
		    a->cfg.port);
	else if (a->conn == NULL)
		snprintf(buf, sizeof buf, _("Not connected to %s:%d; retrying..."),
		    a->cfg.host, a->cfg.port);
	else
		snprintf(buf, sizeof buf, "%s", _("Tab: next field   Enter: log in"));
	put_wrapped(y, x, width, 3, buf);
}

static void
draw_fields(struct app *a, int y, int x, int w)
{
	const char *lu = _("User:"), *lp = _("Password:");
	int lw = ui_text_width(lu) > ui_text_width(lp) ? ui_text_width(lu) :
	    ui_text_width(lp);
	int fx = x + lw + 2, fw = w - lw - 2, cx;

	ui_put(y, x, lw, lu);
	ui_put(y + 2, x, lw, lp);
	attrset(A_UNDERLINE);
	cx = ui_field_draw(&L.user, y, fx, fw);
	if (L.focus == 0)
		a->cursor_y = y, a->cursor_x = cx;
	cx = ui_field_draw(&L.pass, y + 2, fx, fw);
	if (L.focus == 1)
		a->cursor_y = y + 2, a->cursor_x = cx;
	attrset(A_NORMAL);
}

static void
login_draw(struct app *a, int top, int rows)
{
	int w = COLS - 4 < BOX_W ? COLS - 4 : BOX_W;
	int y = top + (rows - BOX_H) / 2, x = (COLS - w) / 2;

	if (y < top)
		y = top;
	attrset(ui_attr(a, UI_C_TITLE));
	ui_put(y, x, w, _("Service desk: log in"));
	attrset(A_NORMAL);
	mvhline(y + 1, x, ACS_HLINE, w);
	draw_fields(a, y + 3, x + 2, w - 4);
	login_status(a, y + 7, x + 2, w - 4);
}

static void
login_submit(struct app *a)
{
	char user[256], pass[512];

	if (L.user.len == 0 || L.pass.len == 0) {
		L.focus = L.user.len == 0 ? 0 : 1;
		return;
	}
	if (a->conn == NULL) {
		snprintf(a->login_error, sizeof a->login_error, "%s",
		    _("Not connected to the server yet; wait a moment and try again"));
		a->login_detail[0] = '\0';
		return;
	}
	if (a->login_id > 0)
		return;
	ui_field_get(&L.user, user, sizeof user);
	ui_field_get(&L.pass, pass, sizeof pass);
	net_login(a, user, pass, false);
	ui_wipe(pass, sizeof pass);
}

static unsigned
login_key(struct app *a, int type, wint_t key)
{
	struct ui_field *f = L.focus == 0 ? &L.user : &L.pass;

	if ((type == OK && key == '\t') || (type == KEY_CODE_YES && key == KEY_BTAB))
		L.focus = !L.focus;
	else if (type == KEY_CODE_YES && (key == KEY_UP || key == KEY_DOWN))
		L.focus = key == KEY_DOWN;
	else if ((type == OK && (key == '\r' || key == '\n')) ||
	    (type == KEY_CODE_YES && key == KEY_ENTER))
		login_submit(a);
	else if (ui_field_key(f, type, key))
		a->login_error[0] = a->login_detail[0] = '\0';
	else
		return 0;
	return UI_HANDLED | UI_REDRAW;
}

static void
login_session(struct app *a, enum ui_session_event ev)
{
	(void)a;
	if (ev == UI_LOGGED_IN || ev == UI_LOGIN_FAILED)
		ui_field_clear(&L.pass);
	if (ev == UI_LOGIN_FAILED)
		L.focus = 1;
}

const struct view_ops ui_login_view = {
	.name = "login",
	.title = N_("Login"),
	.open = login_open,
	.draw = login_draw,
	.key = login_key,
	.on_session = login_session,
	.help = login_help,
};
