/*
 * screen/login.c: the login screen: user and password fields (the password
 * shows as stars), Tab between them, Enter sends session.login. The answer
 * is handled by ui/net.c, which fills app.login_error and login_detail
 * ("the daemon's words [code]") or opens the role's first screen. A
 * refusal is said once: its description with the code, and the daemon's
 * own words only when they add to it.
 */
#include "client/ui/field.h"
#include "client/screen/screens.h"

#include <stdio.h>
#include <string.h>

#define BOX_W 64
#define BOX_H 11

/* The view's state (ui_login_view's priv). */
struct login {
	struct ui_field user, pass;
	int focus;          /* 0 user, 1 password */
	bool ready;
};

static void
login_enter(struct app *a, struct view *v)
{
	struct login *l = v->priv;

	if (!l->ready) {
		ui_field_init(&l->user, 63, false);
		ui_field_init(&l->pass, 127, true);
		ui_field_set(&l->user, a->user[0] ? a->user : a->cfg.user);
		l->ready = true;
	} else if (a->user[0])
		ui_field_set(&l->user, a->user);
	ui_field_clear(&l->pass);
	l->focus = l->user.len > 0 ? 1 : 0;
}

/* Draws s over up to `lines` lines of width columns. */
static void
put_wrapped(int y, int x, int width, int lines, const char *s)
{
	char line[512];
	size_t n;

	for (; lines > 0 && *s; lines--, y++) {
		if ((n = ui_fit_line(s, width)) == 0)
			break;
		ui_copy(line, n + 1 < sizeof line ? n + 1 : sizeof line, s);
		ui_put(y, x, width, line);
		s += n;
		while (*s == ' ')
			s++;
	}
}

/* The refusal once: "Wrong user name or password [unauthenticated]"; the
 * daemon's words under it only when they say more than the description
 * (a wait before the next try, say), not when they repeat it. */
static void
login_refusal(struct app *a, int y, int x, int width)
{
	char words[512], line[768];
	const char *code = strrchr(a->login_detail, '[');
	size_t n = code != NULL ? (size_t)(code - a->login_detail) : strlen(a->login_detail);

	ui_copy(words, n + 1 < sizeof words ? n + 1 : sizeof words, a->login_detail);
	while (n > 0 && words[n - 1] == ' ')
		words[--n] = '\0';
	snprintf(line, sizeof line, "%s%s%s", a->login_error, code != NULL ? " " : "",
	    code != NULL ? code : "");
	attrset(ui_attr(a, UI_C_ERROR));
	put_wrapped(y, x, width, 2, line);
	attrset(A_NORMAL);
	if (code == NULL || strncmp(code, "[unauthenticated]", 17) != 0)
		put_wrapped(y + 2, x, width, 1, words);
}

/* The lines under the fields: the refusal, or what is going on (and while
 * not connected, why the last attempt failed). */
static void
login_status(struct app *a, int y, int x, int width)
{
	char buf[512];
	bool say_why = a->conn == NULL && !a->dormant && a->conn_error[0] != '\0';

	if (a->login_error[0]) {
		login_refusal(a, y, x, width);
		return;
	}
	if (a->login_id > 0)
		snprintf(buf, sizeof buf, "%s", _("Logging in..."));
	else if (a->opening != NULL)
		snprintf(buf, sizeof buf, _("Connecting to %s:%d..."), a->cfg.host,
		    a->cfg.port);
	else if (a->dormant)
		snprintf(buf, sizeof buf, "%s",
		    _("Not connected: the server closes a login screen left alone. Press any key to connect again."));
	else if (a->conn == NULL)
		snprintf(buf, sizeof buf, _("Not connected to %s:%d; retrying..."),
		    a->cfg.host, a->cfg.port);
	else
		snprintf(buf, sizeof buf, "%s", _("Tab: next field   Enter: log in"));
	put_wrapped(y, x, width, say_why ? 1 : 3, buf);
	if (say_why) {
		attrset(ui_attr(a, UI_C_ERROR));
		put_wrapped(y + 1, x, width, 2, a->conn_error);
		attrset(A_NORMAL);
	}
}

/* The two fields, the focused one as a bar. */
static void
draw_fields(struct app *a, struct login *l, int y, int x, int w)
{
	const char *lu = _("User:"), *lp = _("Password:");
	int lw = ui_text_width(lu) > ui_text_width(lp) ? ui_text_width(lu) :
	    ui_text_width(lp);
	int fx = x + lw + 2, fw = w - lw - 2, cx;

	attrset(l->focus == 0 ? A_BOLD : A_NORMAL);
	ui_put(y, x, lw, lu);
	attrset(l->focus == 1 ? A_BOLD : A_NORMAL);
	ui_put(y + 2, x, lw, lp);
	attrset(l->focus == 0 ? ui_attr(a, UI_C_FOCUS) : A_UNDERLINE);
	cx = ui_field_draw(&l->user, y, fx, fw);
	if (l->focus == 0)
		a->cursor_y = y, a->cursor_x = cx;
	attrset(l->focus == 1 ? ui_attr(a, UI_C_FOCUS) : A_UNDERLINE);
	cx = ui_field_draw(&l->pass, y + 2, fx, fw);
	if (l->focus == 1)
		a->cursor_y = y + 2, a->cursor_x = cx;
	attrset(A_NORMAL);
}

static void
login_paint(struct app *a, struct view *v, int top, int rows)
{
	int w = COLS - 4 < BOX_W ? COLS - 4 : BOX_W;
	int y = top + (rows - BOX_H) / 2, x = (COLS - w) / 2;

	if (y < top)
		y = top;
	attrset(ui_attr(a, UI_C_TITLE));
	ui_put(y, x, w, _("Service desk: log in"));
	attrset(A_NORMAL);
	mvhline(y + 1, x, ACS_HLINE, w);
	draw_fields(a, v->priv, y + 3, x + 2, w - 4);
	login_status(a, y + 7, x + 2, w - 4);
}

static unsigned
run_login(struct app *a, struct view *v)
{
	struct login *l = v->priv;
	char user[256], pass[512];

	if (l->user.len == 0 || l->pass.len == 0) {
		l->focus = l->user.len == 0 ? 0 : 1;
		return UI_HANDLED;
	}
	if (a->conn == NULL) {
		snprintf(a->login_error, sizeof a->login_error, "%s",
		    _("Not connected to the server yet; wait a moment and try again"));
		a->login_detail[0] = '\0';
		return UI_HANDLED;
	}
	if (a->login_id > 0)
		return UI_HANDLED;
	ui_field_get(&l->user, user, sizeof user);
	ui_field_get(&l->pass, pass, sizeof pass);
	net_login(a, user, pass, false);
	ui_wipe(pass, sizeof pass);
	return UI_HANDLED;
}

static unsigned
run_other_field(struct app *a, struct view *v)
{
	struct login *l = v->priv;

	(void)a;
	l->focus = !l->focus;
	return UI_HANDLED;
}

static unsigned
run_user_field(struct app *a, struct view *v)
{
	(void)a;
	((struct login *)v->priv)->focus = 0;
	return UI_HANDLED;
}

static unsigned
run_password_field(struct app *a, struct view *v)
{
	(void)a;
	((struct login *)v->priv)->focus = 1;
	return UI_HANDLED;
}

static const struct ui_key login_keys[] = {
	{ UI_KEY_ENTER, 0, 0, N_("Enter"), N_("Log in"), N_("Log in"), run_login,
	    NULL, NULL },
	{ UI_KEY_TAB, UI_K(KEY_BTAB), 0, N_("Tab"), NULL, N_("Next field"),
	    run_other_field, NULL, NULL },
	{ UI_K(KEY_UP), 0, 0, N_("Up/Down"), NULL, N_("User name or password field"),
	    run_user_field, NULL, NULL },
	{ UI_K(KEY_DOWN), 0, 0, "Down", NULL, NULL, run_password_field, NULL, NULL },
	{ .key = UI_CTRL('u'), .name = N_("Ctrl-U"),
	    .help = N_("Clear to the start of the field") },
	{ 0 }
};

/* Typing into the focused field; an edit clears the last refusal. */
static unsigned
login_input(struct app *a, struct view *v, ui_key_t key)
{
	struct login *l = v->priv;
	struct ui_field *f = l->focus == 0 ? &l->user : &l->pass;
	bool changed = key & UI_KEY_CODE ?
	    ui_field_key(f, KEY_CODE_YES, (wint_t)(key & ~UI_KEY_CODE)) :
	    ui_field_key(f, OK, (wint_t)key);

	if (!changed)
		return 0;
	a->login_error[0] = a->login_detail[0] = '\0';
	return UI_HANDLED | UI_REDRAW;
}

static void
login_session(struct app *a, struct view *v, enum ui_session_event ev)
{
	struct login *l = v->priv;

	(void)a;
	if (ev == UI_LOGGED_IN || ev == UI_LOGIN_FAILED)
		ui_field_clear(&l->pass);
	if (ev == UI_LOGIN_FAILED)
		l->focus = 1;
}

/* The password typed stays in memory no longer than the client runs. */
static void
login_destroy(struct app *a, struct view *v)
{
	(void)a;
	ui_wipe(v->priv, sizeof(struct login));
}

const struct view_ops ui_login_view = {
	.name = "login",
	.title = N_("Login"),
	.flags = UI_VIEW_SCREEN,
	.private_size = sizeof(struct login),
	.keys = login_keys,
	.enter = login_enter,
	.paint = login_paint,
	.input = login_input,
	.session = login_session,
	.destroy = login_destroy,
};
