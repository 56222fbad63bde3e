/*
 * ui/loop.c: the terminal client's main loop.
 *
 * Sets up curses, then loops: timers (reconnect, ping, the clock), one redraw
 * when something is dirty (one doupdate per turn), then poll() on the
 * keyboard and the daemon's socket together: the socket for reading, for
 * writing too while output waits, and for the connect and TLS handshake
 * while connecting, so the screen never waits for the network. Keys go to
 * the current view (F1 help, F10 quit and F5 are global; an open prompt
 * takes the others); replies and pushes go to the views through ui/net.c.
 * A view may ask for a tick at a time of its own (app.timer_at). The
 * terminal's flow control is off so that Ctrl-S reaches the forms.
 * SIGINT/SIGTERM set a flag and the loop ends cleanly, so the terminal is
 * always restored.
 */
#include "client/ui/ui.h"
#include "client/screen/work.h"
#include "client/screen/complaints.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#define KEY_ESC 0x1B

static volatile sig_atomic_t got_signal;

static const struct view_ops *const all_views[] = {
	&ui_login_view, &ui_queue_view, &ui_intake_view, &ui_board_view,
	&ui_mine_view, &ui_detail_view, &ui_techpick_view, &ui_repair_view,
	&ui_complete_view, &ui_ledger_view, &ui_inspect_view, &ui_visit_view,
	&ui_survey_view, &ui_complaints_view, &ui_complaint_detail_view,
	&ui_complaint_dialog_view, &ui_complaint_intake_view, &ui_stats_view, NULL
};

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
		[UI_C_MAJOR] = A_BOLD | A_UNDERLINE,
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

void
ui_switch(struct app *a, const struct view_ops *v)
{
	a->view = v;
	a->help_open = false;
	a->timer_at = 0;
	if (v->open != NULL)
		v->open(a);
	a->dirty = true;
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
	for (size_t i = 0; all_views[i] != NULL; i++)
		if (all_views[i]->on_session != NULL)
			all_views[i]->on_session(a, ev);
	a->dirty = true;
}

/* Hands a reply or push to every view; true when one took it. */
bool
ui_deliver(struct app *a, const cJSON *msg)
{
	bool taken = false;

	for (size_t i = 0; all_views[i] != NULL; i++)
		if (all_views[i]->on_message != NULL &&
		    all_views[i]->on_message(a, msg))
			taken = true;
	return taken;
}

const struct view_ops *
ui_home_view(const struct app *a)
{
	if (strcmp(a->role, "operator") == 0)
		return &ui_intake_view;
	if (strcmp(a->role, "dispatcher") == 0)
		return &ui_board_view;
	if (strcmp(a->role, "technician") == 0)
		return &ui_mine_view;
	if (strcmp(a->role, "quality") == 0 || strcmp(a->role, "manager") == 0)
		return &ui_complaints_view;
	return &ui_queue_view;
}

const struct view_ops *
ui_next_screen(const struct app *a)
{
	static const struct {
		const char *role;
		const struct view_ops *screens[5];
	} cycles[] = {
		{ "operator", { &ui_intake_view, &ui_visit_view, &ui_complaint_intake_view,
		    &ui_complaints_view, NULL } },
		{ "quality", { &ui_complaints_view, &ui_stats_view, &ui_queue_view, NULL } },
		{ "manager", { &ui_complaints_view, &ui_stats_view, &ui_queue_view, NULL } },
		{ "dispatcher", { &ui_board_view, &ui_inspect_view, &ui_ledger_view, NULL } },
		{ "technician", { &ui_mine_view, &ui_ledger_view, NULL } },
	};

	if (!a->logged_in || a->view->open == NULL || a->view == &ui_detail_view ||
	    a->view == &ui_complaint_detail_view)
		return NULL;   /* forms and the detail have no open: Esc leaves them */
	for (size_t i = 0; i < sizeof cycles / sizeof cycles[0]; i++) {
		const struct view_ops *const *s = cycles[i].screens;
		if (strcmp(a->role, cycles[i].role) != 0)
			continue;
		for (int k = 0; s[k] != NULL; k++)
			if (s[k] == a->view)
				return s[k + 1] != NULL ? s[k + 1] : s[0];
		return s[0];
	}
	return NULL;
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
	ui_deliver(a, msg);
	cJSON_Delete(msg);
	a->dirty = true;
}

bool
ui_key_enter(int type, wint_t key)
{
	return (type == OK && (key == '\r' || key == '\n')) ||
	    (type == KEY_CODE_YES && key == KEY_ENTER);
}

bool
ui_key_esc(int type, wint_t key)
{
	return type == OK && key == KEY_ESC;
}

static bool
is_fkey(int type, wint_t key, int n)
{
	return type == KEY_CODE_YES && key == (wint_t)KEY_F(n);
}

/* Keys while the help overlay is open: Esc or F1 close it, F10 quits. */
static void
help_key(struct app *a, int type, wint_t key)
{
	if (is_fkey(type, key, 1) || (type == OK && key == KEY_ESC))
		a->help_open = false;
	else if (is_fkey(type, key, 10))
		a->quit = true;
}

/* Keys that mean the same on every screen; true when key was one. */
static bool
global_key(struct app *a, int type, wint_t key)
{
	if (type == KEY_CODE_YES && key == KEY_RESIZE)
		clearok(curscr, TRUE);  /* repaint all: the terminal may have cut wide characters */
	else if (a->help_open)
		help_key(a, type, key);
	else if (is_fkey(type, key, 1))
		a->help_open = true;
	else if (is_fkey(type, key, 10))
		a->quit = true;
	else if (ui_prompt_active())
		ui_prompt_key(a, type, key);
	else if (receipt_banner_active())
		receipt_banner_key(a);
	else
		return false;
	a->dirty = true;
	return true;
}

static void
handle_key(struct app *a, int type, wint_t key)
{
	unsigned r;

	if (global_key(a, type, key))
		return;
	if (is_fkey(type, key, 6) && ui_next_screen(a) != NULL) {
		ui_switch(a, ui_next_screen(a));
		return;
	}
	if (is_fkey(type, key, 5) && a->conn == NULL)
		a->retry_at = 0;
	else if (is_fkey(type, key, 5))
		net_ping(a);
	r = a->view->key != NULL ? a->view->key(a, type, key) : 0;
	if (r & UI_REDRAW)
		a->dirty = true;
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
	if (receipt_banner_active() && !a->help_open)
		receipt_banner_draw(a);
	if (ui_prompt_active() && !a->help_open)
		ui_prompt_draw(a);
	if (a->help_open)
		ui_draw_help(a);
	if (a->cursor_y >= 0 && !a->help_open) {
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
		if (a->view->tick != NULL)
			a->view->tick(a);
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
	if (!curses_start(&a))
		return 1;
	ui_switch(&a, &ui_login_view);
	loop(&a);
	endwin();
	net_shutdown(&a);
	ui_wipe(&a, sizeof a);
	return 0;
}
