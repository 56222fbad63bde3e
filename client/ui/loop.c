/*
 * ui/loop.c: the terminal client's main loop and its views.
 *
 * Sets up curses and one `struct view` per entry of ui_views[] (each with
 * its own zeroed state), then loops: timers (reconnect, ping, the clock),
 * one redraw when something is dirty (one doupdate per turn), then poll()
 * on the keyboard and the daemon's socket together, so the screen never
 * waits for the network. A key goes to the top overlay when one is open
 * (it owns the keyboard), else F1, F5, F6, F9 and F10 mean the same on
 * every screen, else the current view's key table (ui/keys.c), else its
 * input.
 * Replies go to the callback their request was sent with (ui/net.c);
 * pushes and session events go to every view. Leaving a view that holds
 * unsaved work (Esc, F6, F10) asks first. The terminal's flow control is
 * off so that Ctrl-S reaches the forms. SIGINT/SIGTERM set a flag and the
 * loop ends cleanly, so the terminal is always restored.
 */
#include "client/ui/ui.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>


static volatile sig_atomic_t got_signal;

static void
on_signal(int sig)
{
	got_signal = sig;
}

static void
install_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

static void
init_colours(struct app *a)
{
	short bg = -1;

	if (!has_colors() || start_color() == ERR)
		return;
	if (use_default_colors() == ERR)
		bg = COLOR_BLACK;
	init_pair(UI_C_OVERDUE, COLOR_RED, bg);
	init_pair(UI_C_NEAR, COLOR_YELLOW, bg);
	init_pair(UI_C_STATUS, COLOR_WHITE, COLOR_BLUE);
	init_pair(UI_C_FKEY, COLOR_BLACK, COLOR_CYAN);
	init_pair(UI_C_ERROR, COLOR_RED, bg);
	init_pair(UI_C_TITLE, COLOR_CYAN, bg);
	init_pair(UI_C_MAJOR, COLOR_MAGENTA, bg);
	init_pair(UI_C_FOCUS, COLOR_BLACK, COLOR_YELLOW);
	init_pair(UI_C_GOOD, COLOR_GREEN, bg);
	a->colours = true;
}

/* Attributes for a colour role; bold/reverse on a monochrome terminal. */
attr_t
ui_attr(const struct app *a, enum ui_colour c)
{
	static const attr_t mono[UI_C_COUNT] = {
		[UI_C_OVERDUE] = A_BOLD, [UI_C_NEAR] = A_UNDERLINE,
		[UI_C_STATUS] = A_REVERSE, [UI_C_FKEY] = A_REVERSE,
		[UI_C_ERROR] = A_BOLD, [UI_C_TITLE] = A_BOLD,
		[UI_C_MAJOR] = A_BOLD | A_UNDERLINE, [UI_C_FOCUS] = A_REVERSE,
	};

	if (c == UI_C_NORMAL)
		return A_NORMAL;
	if (!a->colours)
		return mono[c];
	return COLOR_PAIR(c) | (c == UI_C_OVERDUE || c == UI_C_TITLE || c == UI_C_MAJOR ?
	    A_BOLD : 0);
}

/* Ctrl-S saves a form: the terminal must not take it (and Ctrl-Q) for
 * flow control. Curses keeps this mode; endwin() restores the shell's. */
static void
no_flow_control(void)
{
	struct termios t;

	if (tcgetattr(STDIN_FILENO, &t) == 0) {
		t.c_iflag &= ~(tcflag_t)(IXON | IXOFF);
		tcsetattr(STDIN_FILENO, TCSANOW, &t);
		def_prog_mode();
	}
}

static bool
curses_start(struct app *a)
{
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, _("svcdesk: needs a terminal\n"));
		return false;
	}
	if (newterm(NULL, stdout, stdin) == NULL) {
		fprintf(stderr, _("svcdesk: cannot use this terminal (TERM=%s)\n"),
		    getenv("TERM") ? getenv("TERM") : "");
		return false;
	}
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	set_escdelay(50);
	/* tmux and screen send Home and End as these whatever TERM says. */
	define_key("\033[1~", KEY_HOME);
	define_key("\033[4~", KEY_END);
	no_flow_control();
	init_colours(a);
	return true;
}

struct view *
ui_view_of(struct app *a, const struct view_ops *ops)
{
	for (size_t i = 0; i < a->nviews; i++)
		if (a->views[i].ops == ops)
			return &a->views[i];
	abort();   /* every view is in ui_views[] */
}

struct view *
ui_current(struct app *a)
{
	return ui_view_of(a, a->view);
}

bool
ui_views_create(struct app *a)
{
	size_t n = 0;

	while (ui_views[n] != NULL)
		n++;
	if ((a->views = calloc(n, sizeof *a->views)) == NULL)
		return false;
	a->nviews = n;
	for (size_t i = 0; i < n; i++) {
		a->views[i].ops = ui_views[i];
		a->views[i].priv = calloc(1, ui_views[i]->private_size ?
		    ui_views[i]->private_size : 1);
		if (a->views[i].priv == NULL)
			return false;
	}
	return true;
}

void
ui_views_free(struct app *a)
{
	while (a->noverlays > 0)
		ui_overlay_close(a, a->overlays[0]);
	for (size_t i = 0; i < a->nviews; i++) {
		if (a->views[i].ops->destroy != NULL)
			a->views[i].ops->destroy(a, &a->views[i]);
		free(a->views[i].priv);
	}
	free(a->views);
	a->views = NULL;
	a->nviews = 0;
}

void
ui_switch(struct app *a, const struct view_ops *v)
{
	struct view *old = a->view != NULL ? ui_current(a) : NULL;

	if (old != NULL && old->ops != v && old->ops->leave != NULL)
		old->ops->leave(a, old);
	while (a->noverlays > 0)
		ui_overlay_close(a, a->overlays[0]);
	a->view = v;
	a->timer_at = 0;
	if (v->enter != NULL)
		v->enter(a, ui_current(a));
	a->dirty = true;
}

void
ui_show(struct app *a, const struct view_ops *v, const struct view_ops *back)
{
	ui_view_of(a, v)->back = back;
	ui_switch(a, v);
}

static bool
view_unsaved(struct app *a)
{
	const struct view *v = ui_current(a);

	return v->ops->unsaved != NULL && v->ops->unsaved(a, v);
}

static void
leave_now(struct app *a, void *ctx)
{
	const struct view_ops *to = ctx;

	if (to == NULL)
		to = ui_current(a)->back != NULL ? ui_current(a)->back : ui_home_view(a);
	ui_switch(a, to);
}

void
ui_leave(struct app *a)
{
	if (view_unsaved(a))
		ui_confirm(a, _("Leave and lose what you typed?"), leave_now, NULL, 0, true);
	else
		leave_now(a, NULL);
}

static void
quit_now(struct app *a, void *ctx)
{
	(void)ctx;
	a->quit = true;
}

static void
quit(struct app *a)
{
	if (view_unsaved(a))
		ui_confirm(a, _("Quit and lose what you typed?"), quit_now, NULL, 0, true);
	else
		quit_now(a, NULL);
}

/* F6. A role's screen keeps what was typed in it (its state is the
 * view's, kept for the whole run: the call form is there as it was when the
 * operator comes round to it again), so leaving one asks nothing; a detail
 * or form opened for one record is opened afresh next time, so leaving one
 * with typed work asks first. */
static void
next_screen(struct app *a)
{
	const struct view_ops *next = ui_next_screen(a);

	if (next == NULL)
		ui_message(a, false, "%s", _("Your role has no other screen"));
	else if (!(a->view->flags & UI_VIEW_SCREEN) && view_unsaved(a))
		ui_confirm(a, _("Leave and lose what you typed?"), leave_now,
		    next, 0, true);
	else
		ui_switch(a, next);
}

void
ui_message(struct app *a, bool error, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(a->message, sizeof a->message, fmt, ap);
	va_end(ap);
	a->message_error = error;
	a->dirty = true;
}

void
ui_broadcast(struct app *a, enum ui_session_event ev)
{
	for (size_t i = 0; i < a->nviews; i++) {
		struct view *v = &a->views[i];
		if (v->ops->session != NULL)
			v->ops->session(a, v, ev);
	}
	a->dirty = true;
}

void
ui_deliver_push(struct app *a, const cJSON *msg)
{
	for (size_t i = 0; i < a->nviews; i++) {
		struct view *v = &a->views[i];
		if (v->ops->push != NULL)
			v->ops->push(a, v, msg);
	}
	a->dirty = true;
}

void
ui_ticket_changed(struct app *a, const cJSON *ticket)
{
	cJSON *msg = cJSON_CreateObject();

	if (msg == NULL || !cJSON_IsObject(ticket)) {
		cJSON_Delete(msg);
		return;
	}
	cJSON_AddStringToObject(msg, "event", "ticket.changed");
	cJSON_AddItemToObject(msg, "data", cJSON_Duplicate(ticket, true));
	ui_deliver_push(a, msg);
	cJSON_Delete(msg);
}

/* Keys that mean the same on every screen; true when key was one. */
static bool
global_key(struct app *a, ui_key_t k)
{
	if (k == UI_K(KEY_F(1)))
		ui_help_open(a);
	else if (k == UI_K(KEY_F(10)))
		quit(a);
	else if (k == UI_K(KEY_F(6)) && a->logged_in)
		next_screen(a);
	else if (k == UI_KEY_SEARCH && ui_search_offered(a))
		ui_search_open(a);   /* over any screen, its state kept */
	else
		return false;
	return true;
}

static void
handle_key(struct app *a, int type, wint_t key)
{
	ui_key_t k = ui_key_make(type, key);
	struct overlay *top = ui_overlay_top(a);
	struct view *v = ui_current(a);
	unsigned r = 0;

	a->dirty = true;
	net_wake(a);
	if (k == UI_K(KEY_RESIZE)) {
		clearok(curscr, TRUE);  /* the terminal may have cut wide characters */
		return;
	}
	if (top != NULL) {       /* it owns the keyboard: nothing falls through */
		if (top->ops->input(a, top, k) == 0 && k == UI_K(KEY_F(10)))
			quit(a);
		return;
	}
	if (global_key(a, k))
		return;
	if (k == UI_K(KEY_F(5)) && a->conn == NULL)
		a->retry_at = 0;
	else if (k == UI_K(KEY_F(5)))
		net_ping(a);
	if ((r = ui_keys_run(a, v, v->ops->keys, k)) != 0)
		return;
	if (v->ops->input != NULL)
		r = v->ops->input(a, v, k);
	if (r == 0 && k == UI_KEY_ESC && !(v->ops->flags & UI_VIEW_SCREEN))
		ui_leave(a);
}

static void
read_keys(struct app *a)
{
	wint_t key;
	int type;

	while (!a->quit && (type = get_wch(&key)) != ERR)
		handle_key(a, type, key);
}

static void
draw(struct app *a)
{
	a->cursor_y = a->cursor_x = -1;
	erase();
	ui_draw_frame(a);
	for (int i = 0; i < a->noverlays; i++) {
		a->cursor_y = a->cursor_x = -1;   /* the top one's cursor wins */
		a->overlays[i]->ops->paint(a, a->overlays[i]);
	}
	if (a->cursor_y >= 0) {
		move(a->cursor_y, a->cursor_x);
		curs_set(1);
	} else
		curs_set(0);
	wnoutrefresh(stdscr);
	doupdate();
	a->dirty = false;
}

/* Milliseconds to wait: the next network timer or the next clock second. */
static int
next_timeout(const struct app *a)
{
	struct timespec ts;
	int ms, t;

	clock_gettime(CLOCK_REALTIME, &ts);
	ms = 1000 - (int)(ts.tv_nsec / 1000000);
	t = net_next_timer(a, ui_now_ms());
	if (a->timer_at > 0 && a->timer_at - ui_now_ms() < t)
		t = (int)(a->timer_at - ui_now_ms());
	return t < ms ? (t < 0 ? 0 : t) : ms;
}

static void
wait_input(struct app *a)
{
	short events = 0;
	int fd = net_poll_fd(a, &events);
	struct pollfd p[2] = {
		{ .fd = STDIN_FILENO, .events = POLLIN },
		{ .fd = fd, .events = events },
	};
	int n = poll(p, fd >= 0 ? 2 : 1, next_timeout(a));

	if (n < 0 && errno != EINTR)
		a->quit = true;
	if (n > 0 && (p[0].revents & (POLLHUP | POLLERR | POLLNVAL)))
		a->quit = true;
	if (n > 0 && fd >= 0 && p[1].revents != 0)
		net_ready(a);
	read_keys(a);
}

static void
clock_tick(struct app *a)
{
	time_t now = time(NULL);

	if (now != a->last_tick) {
		a->last_tick = now;
		a->dirty = true;
	}
}

/* The current view's timer (a lookup typed a moment ago, ...). */
static void
view_tick(struct app *a)
{
	if (a->timer_at > 0 && ui_now_ms() >= a->timer_at) {
		a->timer_at = 0;
		if (a->view->timer != NULL)
			a->view->timer(a, ui_current(a));
		a->dirty = true;
	}
}

static void
loop(struct app *a)
{
	while (!a->quit && !got_signal) {
		net_tick(a, ui_now_ms());
		view_tick(a);
		clock_tick(a);
		if (a->dirty)
			draw(a);
		if (a->quit || got_signal)
			break;
		wait_input(a);
	}
}

int
ui_run(const struct ui_config *cfg)
{
	static struct app a;

	a.cfg = *cfg;
	a.cursor_y = a.cursor_x = -1;
	install_signals();
	if (!ui_views_create(&a)) {
		fprintf(stderr, "svcdesk: out of memory\n");
		return 1;
	}
	if (!curses_start(&a))
		return 1;
	ui_switch(&a, ui_views[0]);   /* the login */
	loop(&a);
	endwin();
	net_shutdown(&a);
	ui_views_free(&a);
	ui_wipe(&a, sizeof a);
	return 0;
}
