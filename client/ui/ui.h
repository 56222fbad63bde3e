/*
 * ui.h: the svcdesk terminal client's framework, the whole of it: the app,
 * views and their key tables, overlays, requests with their callbacks, and
 * the small helpers every screen uses. Screens and widgets build on it;
 * it knows none of them (doc/architecture.md, "The client").
 *
 * Structured like tig or htop: one `struct app` holds the connection, the
 * session, the views and the overlays; every screen is a `struct view_ops`
 * with its own state. The main loop (ui/loop.c) polls the keyboard and the
 * socket together, hands a key to the top overlay or else the current
 * view's key table, a reply to the callback its request was sent with
 * (ui/net.c), a push to every view, and redraws once per turn when
 * something is dirty. ui/frame.c draws the status line, the message line,
 * the key bar and the help from the view's key table.
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

/*
 * A key as one number: a character as itself, a curses key code (KEY_F(2),
 * KEY_UP, ...) offset by UI_KEY_CODE so that it never equals a character.
 * Enter arrives as '\r' whatever the terminal sent ('\n', KEY_ENTER).
 */
typedef uint32_t ui_key_t;
#define UI_KEY_CODE 0x40000000u
#define UI_K(code) (UI_KEY_CODE | (ui_key_t)(code))   /* UI_K(KEY_F(2)) */
#define UI_KEY_ESC 0x1Bu
#define UI_KEY_ENTER '\r'
#define UI_KEY_TAB '\t'
#define UI_CTRL(c) ((ui_key_t)((c) & 0x1F))
ui_key_t ui_key_make(int type, wint_t key);

/* What happened to the connection or the session, told to every view. */
enum ui_session_event {
	UI_CONNECTED,     /* a new connection is up (not logged in yet) */
	UI_DISCONNECTED,  /* the connection dropped; requests in flight are void */
	UI_LOGGED_IN,     /* login (first or automatic) succeeded */
	UI_LOGGED_OUT,    /* the session's credentials are gone */
	UI_LOGIN_FAILED,  /* a login typed on the login screen was refused */
	UI_RESYNC         /* the daemon may have lost changes: reload */
};

/* Colour pairs (attributes fall back to bold/reverse without colours). */
enum ui_colour { UI_C_NORMAL, UI_C_OVERDUE, UI_C_NEAR, UI_C_STATUS,
	UI_C_FKEY, UI_C_ERROR, UI_C_TITLE, UI_C_MAJOR, UI_C_FOCUS,
	UI_C_GOOD,   /* a target met: green (plain without colours) */
	UI_C_COUNT };

struct app;
struct view;

/* What this user may run, as the daemon says it: op.list's answer (every op
 * with its roles and `allowed` for the caller), read by ui/net.c after each
 * login into app.rights (ui/rights.c). Screens offer actions from it, never
 * from a copy of the daemon's role table. */
#define OP_RIGHTS_MAX 96

struct op_right {
	char name[40];
	char roles[96];      /* the role codes, comma-separated */
	bool allowed;        /* for the user logged in */
};

struct op_rights {
	struct op_right ops[OP_RIGHTS_MAX];
	int n;
	bool known;          /* an answer came since the login */
	int64_t request;     /* op.list in flight, 0: none */
};

/* One line of a view's help: key and what it does (both N_() strings). */
struct ui_help {
	const char *key;
	const char *what;
};

/*
 * One key of a view: the key bar, the F1 help and the dispatch are all
 * generated from the view's table (ui/keys.c), so a key is described once.
 * A key whose `when` says no is left off the bar; pressed anyway, `refuse`
 * (or, without one, a generic message) says why. A key may have several
 * entries, one per case (Enter: "Dispatch" or "Reassign"): the first whose
 * `when` says yes runs.
 */
struct ui_key {
	ui_key_t key;              /* 0 ends the table */
	ui_key_t alt, alt2;        /* other keys doing the same, or 0 */
	const char *name;          /* as shown: "F2", "a", "Enter, d" (N_()) */
	const char *label;         /* on the key bar (N_()), NULL: help only */
	const char *help;          /* the F1 line (N_()) */
	unsigned (*run)(struct app *, struct view *);
	bool (*when)(const struct app *, const struct view *);  /* NULL: always */
	void (*refuse)(struct app *, struct view *);            /* NULL: generic */
};

/* View flags. */
enum {
	UI_VIEW_SCREEN = 1,   /* a role's screen (F6 goes round them); else a
	                         detail or a form, which Esc leaves for `back` */
};

struct view_ops {
	const char *name;                  /* internal name */
	const char *title;                 /* N_() */
	unsigned flags;
	size_t private_size;               /* the view's state, zeroed once at start */
	const struct ui_key *keys;         /* ends with { 0 } */
	/* The view becomes current (open) or stops being (leave). */
	void (*enter)(struct app *, struct view *);
	void (*leave)(struct app *, struct view *);
	void (*paint)(struct app *, struct view *, int top, int rows);
	/* Keys the table does not name (typing into a form); 0: not taken. */
	unsigned (*input)(struct app *, struct view *, ui_key_t key);
	/* A push (ticket.changed, complaint.changed, sla.breach, ...): every
	 * view gets each one, current or not. Replies never come here: they
	 * go to the callback their request was sent with (net_request). */
	void (*push)(struct app *, struct view *, const cJSON *msg);
	void (*session)(struct app *, struct view *, enum ui_session_event);
	/* Called once app.timer_at has passed (the current view's). */
	void (*timer)(struct app *, struct view *);
	/* True while the view holds typed work that leaving would lose: Esc,
	 * F6 and F10 then ask first. */
	bool (*unsaved)(const struct app *, const struct view *);
	/* Frees what the state holds (at exit). */
	void (*destroy)(struct app *, struct view *);
};

/* A view: its operations and its own state (tig's view->private). */
struct view {
	const struct view_ops *ops;
	void *priv;
	const struct view_ops *back;   /* where Esc returns (details, forms) */
};

struct ui_config {
	char host[256];
	int port;
	int tls;            /* -1 auto, 0 off, 1 on */
	char ca[1024];      /* "" for none */
	char user[64];      /* prefill for the login screen */
	bool confirm;       /* y/n before irreversible one-key actions */
};

#define UI_MAX_OVERLAYS 8
#define UI_CTX_MAX 256
struct overlay;

struct app {
	struct ui_config cfg;
	struct conn *conn;          /* NULL while disconnected */
	struct conn *opening;       /* a connection being set up, or NULL */
	struct net_pending *pending;  /* requests awaiting their replies (ui/net.c) */
	struct op_rights rights;    /* what the user may run (op.list, ui/rights.c) */
	size_t npending, cap_pending;
	char conn_error[256];       /* why the last attempt failed */
	char close_reason[128];     /* what a session.closed push said */
	int64_t retry_at;           /* monotonic ms of the next connect attempt */
	int64_t ping_at, ping_id, ping_sent;
	int64_t login_id;           /* > 0 while a login is in flight */
	bool login_auto;            /* that login replays the session's credentials */
	bool login_resume;          /* that login is a session.resume */
	bool logged_in, have_creds;
	/* Closed for not logging in in time (--login-timeout) with no session
	 * to resume: no connection is opened again until a key is pressed
	 * (net_wake), so a terminal left at the login screen does not connect
	 * once a minute all night. */
	bool dormant;
	char user[64], name[128], role[32];
	char department[32];        /* the user's department, "" when none */
	char password[256];         /* memory only, wiped when no longer needed */
	char resume_token[64];      /* the daemon's, memory only: logs in again instead */
	char login_error[256];      /* why the login failed, for people */
	char login_detail[512];     /* the server's own words, with the code */
	bool time_known;
	time_t server_offset;       /* server clock minus ours, seconds */
	int server_tz;              /* the server's UTC offset, seconds */
	char server_version[64];
	char message[512];
	bool message_error;
	struct view *views;         /* one per entry of ui_views[] */
	size_t nviews;
	const struct view_ops *view;
	struct overlay *overlays[UI_MAX_OVERLAYS];  /* bottom first */
	int noverlays;
	int64_t sub_id;             /* the subscribe request in flight */
	bool resync_pending;        /* a resync push came this turn */
	int64_t timer_at;           /* monotonic ms of the view's tick, 0: none */
	bool dirty, quit, colours;
	int cursor_y, cursor_x;     /* where a view wants the cursor, or -1 */
	time_t last_tick;
};

/* Every view, generated once (client/screen/screens.c), NULL-terminated;
 * the first is the login. */
extern const struct view_ops *const ui_views[];
/* screen/screens.c: the role's first screen and, from the current one,
 * the next (F6; from a detail or form, the next after the screen it came
 * from). NULL: the role has one screen, or nobody is logged in. */
const struct view_ops *ui_home_view(const struct app *a);
const struct view_ops *ui_next_screen(struct app *a);
/* screen/search.c: F9, the global search, from any screen once logged in
 * (a view whose key table names F9 keeps it for itself). */
void ui_search_open(struct app *a);
#define UI_KEY_SEARCH UI_K(KEY_F(9))
/* ui/frame.c: F9 applies: logged in, the role may search (op.list; offered
 * until that is known), and the view does not keep F9 for itself. */
bool ui_search_offered(const struct app *a);

/* ui/loop.c */
int ui_run(const struct ui_config *cfg);
/* One struct view per entry of ui_views[] (false: out of memory), and
 * their end: ui_run's, and tests/fuzz/fuzz_reply.c's without a terminal. */
bool ui_views_create(struct app *a);
void ui_views_free(struct app *a);
/* Makes v current (its enter runs); from a detail or form, `back` is
 * where Esc returns. */
void ui_switch(struct app *a, const struct view_ops *v);
void ui_show(struct app *a, const struct view_ops *v, const struct view_ops *back);
/* Leaves a detail or form for its `back` view, asking first when it holds
 * unsaved work. */
void ui_leave(struct app *a);
/* The view of these operations (its state: ui_view_of(a, ops)->priv). */
struct view *ui_view_of(struct app *a, const struct view_ops *ops);
struct view *ui_current(struct app *a);
/* Hands a ticket that an answer brought to every view, as if it had been
 * pushed as ticket.changed (the push follows; versions keep the newer). */
void ui_ticket_changed(struct app *a, const cJSON *ticket);
void ui_message(struct app *a, bool error, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void ui_broadcast(struct app *a, enum ui_session_event ev);
void ui_deliver_push(struct app *a, const cJSON *msg);
attr_t ui_attr(const struct app *a, enum ui_colour c);

/* ui/keys.c: the key tables. */
/* The entry of the table for key, or NULL. */
const struct ui_key *ui_keys_find(const struct ui_key *keys, ui_key_t key);
bool ui_key_allowed(const struct app *a, const struct view *v,
    const struct ui_key *k);
/* Runs key from the table (or says why not); 0 when the table has no such
 * key. */
unsigned ui_keys_run(struct app *a, struct view *v, const struct ui_key *keys,
    ui_key_t key);
/* The bar's entries as they apply now: up to max, returns how many. */
int ui_keys_bar(const struct app *a, const struct view *v,
    const struct ui_key *keys, struct ui_help *out, int max);
/* The help's lines: up to max, returns how many. */
int ui_keys_help(const struct ui_key *keys, struct ui_help *out, int max);
/* The action of a detail's or form's Esc: ui_leave (asking first when
 * typed work would be lost). */
unsigned ui_key_leave(struct app *a, struct view *v);
/* "F2" for UI_K(KEY_F(2)), "a" for 'a', ... (for messages). */
void ui_key_name(ui_key_t key, char *buf, size_t len);

/* ui/overlay.c: what is drawn over the view and owns the keyboard while
 * open: the help, prompts, confirmations, the pager, a screen's dialogs.
 * One stack, walked by the main loop: the top takes every key, all are
 * drawn bottom first. */
struct overlay_ops {
	const char *name;
	size_t size;                       /* the overlay's state */
	void (*paint)(struct app *, struct overlay *);
	unsigned (*input)(struct app *, struct overlay *, ui_key_t key);
	void (*destroy)(struct app *, struct overlay *);   /* may be NULL */
};
struct overlay {
	const struct overlay_ops *ops;
	void *priv;
	int64_t request;        /* a request whose reply the overlay awaits */
	void *ctx;              /* what its callbacks get */
	unsigned char ctx_copy[UI_CTX_MAX];
};
struct overlay *ui_overlay_push(struct app *a, const struct overlay_ops *ops);
/* Closes o (and anything above it); cancels its request's callback. */
void ui_overlay_close(struct app *a, struct overlay *o);
struct overlay *ui_overlay_top(const struct app *a);
bool ui_overlay_open(const struct app *a, const struct overlay *o);
/* Draws an empty box with a border and a title; returns its inner width. */
int ui_box(struct app *a, int y, int x, int h, int w, const char *title);

/* The F1 help of the current view. */
void ui_help_open(struct app *a);

/* A one-line question (a reason, a time). submit gets the trimmed text;
 * it may refuse at once (ui_prompt_error) or send a request
 * (ui_prompt_wait): the prompt stays open, its text intact, until
 * ui_prompt_close closes it or ui_prompt_error says what is wrong. Esc
 * gives up (cancelling the request's callback). ctx is copied into the
 * overlay when ctx_size > 0 (up to UI_CTX_MAX bytes: a ticket number, say),
 * else passed as it is; ui_overlay_ctx gives it back (in a reply callback
 * sent with the overlay as its ctx). */
typedef void (*ui_prompt_submit)(struct app *, struct overlay *, void *ctx,
    const char *text);
struct overlay *ui_prompt(struct app *a, const char *title, const char *label,
    const char *initial, ui_prompt_submit submit, const void *ctx,
    size_t ctx_size);
void *ui_overlay_ctx(struct overlay *o);
void ui_prompt_error(struct app *a, struct overlay *o, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void ui_prompt_wait(struct app *a, struct overlay *o, int64_t request);
void ui_prompt_close(struct app *a, struct overlay *o);
/* For a reply callback sent with the prompt as ctx: true when the daemon
 * took it (the prompt still open, its ctx readable: close it next); else
 * the refusal or the lost connection is shown in the prompt, false. */
bool ui_prompt_answered(struct app *a, struct overlay *o, const cJSON *reply);

/* Asks y/n before yes runs (at once when the user turned confirmations
 * off, unless `always`: losing typed work is always asked). ctx as for
 * ui_prompt. */
typedef void (*ui_confirm_fn)(struct app *, void *ctx);
void ui_confirm(struct app *a, const char *question, ui_confirm_fn yes,
    const void *ctx, size_t ctx_size, bool always);

/* Long text wrapped to the screen's width, scrolled with the arrows,
 * PgUp/PgDn, Home/End; Esc, q or Enter closes it. */
void ui_pager(struct app *a, const char *title, const char *text);

/* ui/rights.c: app.rights (ui/net.c fetches it after each login). */
/* Sends op.list; the answer fills r (which must outlive the request). */
void op_rights_fetch(struct app *a, struct op_rights *r);
/* Forgets everything (logged out, a request in flight cancelled). */
void op_rights_clear(struct app *a, struct op_rights *r);
/* Takes op.list's result {ops: [{name, roles, allowed}, ...]}. */
void op_rights_take(struct op_rights *r, const cJSON *result);
/* False while unknown and for an op the answer did not list. */
bool op_rights_allowed(const struct op_rights *r, const char *op);
/* The roles that may run op, in words ("Quality, Manager"); "" unknown. */
const char *op_rights_roles(const struct op_rights *r, const char *op,
    char *buf, size_t len);

/* ui/frame.c */
void ui_draw_frame(struct app *a);
const char *ui_role_label(const char *role);

/* ui/net.c */
/* A reply for a request, or NULL when the connection dropped first. */
typedef void (*net_reply_fn)(struct app *, void *ctx, const cJSON *reply);
void net_tick(struct app *a, int64_t now);
int net_poll_fd(const struct app *a, short *events);
void net_ready(struct app *a);
/* Sends op with args (consumed); on_reply gets the answer with ctx.
 * Returns the request id (> 0), or -1 when not connected (on_reply is not
 * called then: the caller tells the user). */
int64_t net_request(struct app *a, const char *op, cJSON *args,
    net_reply_fn on_reply, void *ctx);
/* Forgets a request's callback (the reply is dropped when it comes). */
void net_cancel(struct app *a, int64_t id);
/* Forgets every callback with this ctx (a view or dialog going away). */
void net_cancel_ctx(struct app *a, const void *ctx);
void net_login(struct app *a, const char *user, const char *password,
    bool automatic);
void net_ping(struct app *a);
/* A key was pressed: a dormant client connects now. */
void net_wake(struct app *a);
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
/* Bytes of s that fit in width columns (one character at least), cut
 * after a blank when the cut would fall inside a word (Chinese, without
 * blanks, is cut anywhere); a newline is a character like any other. */
size_t ui_fit_line(const char *s, int width);
/* text as lines of at most width columns: cut at each newline and, within
 * a paragraph, by ui_fit_line, the blanks at a cut left out; a paragraph
 * that starts with blanks keeps them on the lines it goes on over. *lines
 * gets the lines (ui_lines_free them); returns how many. */
int ui_wrap(const char *text, int width, char ***lines);
void ui_lines_free(char **lines, int n);
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
/* Money in fen as yuan: "123.45". */
void ui_yuan(int64_t fen, char *buf, size_t len);
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


#endif
