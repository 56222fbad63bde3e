/*
 * ui.h: the svcdesk terminal client's shared state and the view interface.
 *
 * Structured like tig or htop: one `struct app` holds the connection, the
 * session and the screen state; every screen is a `struct view_ops`. The main
 * loop (ui/loop.c) polls the keyboard and the socket together, hands keys to the
 * current view, replies and pushes to every view, and redraws once per turn
 * when something is dirty. ui/net.c owns the connection and the session,
 * ui/frame.c the status line, message line, function-key bar and help.
 */
#ifndef SVCDESK_UI_H
#define SVCDESK_UI_H

#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#include <curses.h>
#include <libintl.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>
#include <wchar.h>
#include <cjson/cJSON.h>

#include "client/conn.h"

#define _(s) gettext(s)
#define N_(s) (s)

/* Key handler result bits. */
enum { UI_HANDLED = 1, UI_REDRAW = 2 };

/* What happened to the connection or the session, told to every view. */
enum ui_session_event {
	UI_CONNECTED,     /* a new connection is up (not logged in yet) */
	UI_DISCONNECTED,  /* the connection dropped; request ids are void */
	UI_LOGGED_IN,     /* login (first or automatic) succeeded */
	UI_LOGGED_OUT,    /* the session's credentials are gone */
	UI_LOGIN_FAILED,  /* a login typed on the login screen was refused */
	UI_RESYNC         /* the daemon may have lost changes: reload */
};

/* Colour pairs (attributes fall back to bold/reverse without colours). */
enum ui_colour { UI_C_NORMAL, UI_C_OVERDUE, UI_C_NEAR, UI_C_STATUS,
	UI_C_FKEY, UI_C_ERROR, UI_C_TITLE, UI_C_MAJOR, UI_C_COUNT };

struct app;

/* One line of a view's help: key and what it does (both N_() strings). */
struct ui_help {
	const char *key;
	const char *what;
};

struct view_ops {
	const char *name;                  /* internal name */
	const char *title;                 /* N_() */
	void (*open)(struct app *);        /* the view becomes current */
	void (*draw)(struct app *, int top, int rows);
	unsigned (*key)(struct app *, int type, wint_t key);  /* type: OK or KEY_CODE_YES */
	bool (*on_message)(struct app *, const cJSON *msg);  /* true: taken */
	void (*on_session)(struct app *, enum ui_session_event);
	const struct ui_help *help;        /* ends with { NULL, NULL } */
	/* The view's keys for the function-key bar, as they apply now (an
	 * action not allowed on the selected ticket is left out); returns
	 * how many of max it filled. NULL: none. */
	int (*bar)(struct app *, struct ui_help *out, int max);
	/* Called once app.timer_at has passed (the timer is the current
	 * view's; switching views clears it). */
	void (*tick)(struct app *);
};

struct ui_config {
	char host[256];
	int port;
	int tls;            /* -1 auto, 0 off, 1 on */
	char ca[1024];      /* "" for none */
	char user[64];      /* prefill for the login screen */
};

struct app {
	struct ui_config cfg;
	struct conn *conn;          /* NULL while disconnected */
	struct conn *opening;       /* a connection being set up, or NULL */
	char conn_error[256];       /* why the last attempt failed */
	char close_reason[128];     /* what a session.closed push said */
	int64_t retry_at;           /* monotonic ms of the next connect attempt */
	int64_t ping_at, ping_id, ping_sent;
	int64_t login_id;           /* > 0 while a login is in flight */
	bool login_auto;            /* that login replays the session's credentials */
	bool logged_in, have_creds;
	char user[64], name[128], role[32];
	char password[256];         /* memory only, wiped when no longer needed */
	char login_error[256];      /* why the login failed, for people */
	char login_detail[512];     /* the server's own words, with the code */
	bool time_known;
	time_t server_offset;       /* server clock minus ours, seconds */
	int server_tz;              /* the server's UTC offset, seconds */
	char server_version[64];
	char message[512];
	bool message_error;
	const struct view_ops *view;
	const struct view_ops *back;  /* where Esc returns from a detail view */
	int64_t sub_id;             /* the subscribe request in flight */
	bool resync_pending;        /* a resync push came this turn */
	int64_t timer_at;           /* monotonic ms of the view's tick, 0: none */
	bool help_open, dirty, quit, colours;
	int cursor_y, cursor_x;     /* where a view wants the cursor, or -1 */
	time_t last_tick;
};

extern const struct view_ops ui_login_view, ui_queue_view, ui_intake_view,
    ui_board_view, ui_mine_view, ui_detail_view, ui_techpick_view;
/* The repair and workshop screens (screen/work.h). */
extern const struct view_ops ui_repair_view, ui_complete_view, ui_ledger_view,
    ui_inspect_view, ui_visit_view, ui_survey_view;

/* ui/loop.c */
int ui_run(const struct ui_config *cfg);
void ui_switch(struct app *a, const struct view_ops *v);
/* The role's first screen: intake, dispatch board, own list, complaint
 * board (quality, manager) or queue. */
const struct view_ops *ui_home_view(const struct app *a);
/* Where F6 goes from here: the role's next screen after the current one
 * (operator: intake, return visits, complaint intake, complaint board;
 * dispatcher: board, inspection, ledger; technician: own list, ledger;
 * quality and manager: complaint board, statistics, queue); NULL when the
 * role has one
 * screen, before a login, and from a form or a detail (Esc goes back). */
const struct view_ops *ui_next_screen(const struct app *a);
/* Hands a ticket that an answer brought to every view, as if it had been
 * pushed as ticket.changed (the push follows; versions keep the newer). */
void ui_ticket_changed(struct app *a, const cJSON *ticket);
void ui_message(struct app *a, bool error, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void ui_broadcast(struct app *a, enum ui_session_event ev);
bool ui_deliver(struct app *a, const cJSON *msg);
attr_t ui_attr(const struct app *a, enum ui_colour c);

/* ui/frame.c */
void ui_draw_frame(struct app *a);
void ui_draw_help(struct app *a);
const char *ui_role_label(const char *role);

/* ui/net.c */
void net_tick(struct app *a, int64_t now);
int net_poll_fd(const struct app *a, short *events);
void net_ready(struct app *a);
int64_t net_send(struct app *a, const char *op, cJSON *args);
void net_login(struct app *a, const char *user, const char *password,
    bool automatic);
void net_ping(struct app *a);
int net_next_timer(const struct app *a, int64_t now);
void net_shutdown(struct app *a);
const char *net_error_summary(const cJSON *reply);
void net_error_text(const cJSON *reply, char *buf, size_t len);
time_t net_server_now(const struct app *a);

/* ui/util.c */
int64_t ui_now_ms(void);
size_t ui_utf8_decode(const char *s, wchar_t *wc);
size_t ui_utf8_encode(const wchar_t *w, size_t n, char *out, size_t len);
int ui_wc_width(wchar_t wc);
int ui_text_width(const char *s);
int ui_put(int y, int x, int width, const char *s);
void ui_put_right(int y, int x, int width, const char *s);
/* Draws n cells from x, each in its width and a space after it; a negative
 * width right-aligns the cell in that many columns. */
void ui_put_cells(int y, int x, const int *widths, const char *const *cells, int n);
void ui_copy(char *dst, size_t len, const char *src);
void ui_wipe(void *p, size_t len);
const char *ui_jstr(const cJSON *o, const char *name);
int64_t ui_jint(const cJSON *o, const char *name, int64_t def);
bool ui_jbool(const cJSON *o, const char *name);
/* An array member of strings joined with ", " ("" when there is none). */
void ui_jjoin(const cJSON *o, const char *name, char *buf, size_t len);
bool ui_parse_time(const char *s, time_t *t, int *tzoff);
void ui_countdown(long secs, char *buf, size_t len);
/* A server time shown in the server's zone: "11-24 14:00" (short) or
 * "2026-11-24 14:00:05"; "-" for none. */
void ui_show_time(const struct app *a, time_t t, bool short_form, char *buf,
    size_t len);
/* The server's date today, "YYYY-MM-DD", and the time its day started. */
void ui_server_today(const struct app *a, char *buf, size_t len);
time_t ui_server_day_start(const struct app *a);
/* What a person typed for a time ("2026-11-25 14:00", "14:00" for today,
 * or full ISO 8601) as ISO 8601 in the server's zone; other text is copied
 * as it is (the daemon then names the field). */
void ui_time_input(const struct app *a, const char *in, char *out, size_t len);
bool ui_key_enter(int type, wint_t key);
bool ui_key_esc(int type, wint_t key);

/* screen/actions.c: answers to the transitions a list sent (true: taken). */
bool actions_message(struct app *a, const cJSON *msg);
void actions_reset(void);

/* screen/detail.c: shows ticket `no` with its history; Esc returns to back. */
void detail_show(struct app *a, const char *no, const struct view_ops *back);

/* ui/prompt.c: a one-line question over the current view (a reason, a
 * time). done gets the text (trimmed, maybe empty) and the tag. */
typedef void (*ui_prompt_done)(struct app *, const char *text, const char *tag);
void ui_prompt_open(struct app *a, const char *title, const char *label,
    const char *initial, ui_prompt_done done, const char *tag);
bool ui_prompt_active(void);
void ui_prompt_key(struct app *a, int type, wint_t key);
void ui_prompt_draw(struct app *a);

#endif
