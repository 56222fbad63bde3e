/*
 * widget/record.h: what the two detail screens (screen/detail.c, a ticket;
 * screen/complaint_detail.c, a complaint) share: the record's fields in
 * words, drawn cut to the screen (a cut value ends in ">") and read whole
 * in the pager, the least important left out first when the screen is
 * short; and its history, a list (widget/table) of events in words
 * (widget/events.h) whose selected event Enter opens in the pager.
 */
#ifndef SVCDESK_RECORD_H
#define SVCDESK_RECORD_H

#include "client/ui/ui.h"
#include "client/widget/events.h"
#include "client/widget/table.h"

#define RECORD_FIELDS 48
#define RECORD_TEXT 1024

/* One field: a label and its value in words. */
struct record_field {
	const char *label;          /* translated */
	char value[RECORD_TEXT];
	int place;                  /* where the screen draws it (its own codes) */
	int prio;                   /* 1 the most important; the highest goes first */
};

struct record {
	struct record_field f[RECORD_FIELDS];
	int n;
};

void record_clear(struct record *r);
/* Adds a field (its value "-" when empty); the field, or NULL when full. */
struct record_field *record_add(struct record *r, int place, int prio,
    const char *label, const char *value);
/* How many fields of place there are, and whether field i of place is
 * shown in `rows` lines: the least important of the place go first. */
int record_count(const struct record *r, int place);
bool record_shown(const struct record *r, const struct record_field *f,
    int rows);
/* Draws s in w columns from x; when it is cut, its last column is ">". */
void record_put(int y, int x, int w, const char *s);

/* The history of a record: its events (an array the screen owns). */
struct history {
	struct table table;
	enum event_of of;
	const cJSON *events;
	const struct app *app;
};

void history_init(struct history *h, enum event_of of);
void history_free(struct history *h);
/* The events changed (a new answer): the selection stays on its event. */
void history_set(struct history *h, const struct app *a, const cJSON *events);
/* The selected event, or NULL. */
const cJSON *history_selected(const struct history *h);
/* Opens the selected event in the pager, titled with the record's name. */
void history_page(struct app *a, const struct history *h, const char *record);

/* The whole record in words for the pager: title, the fields as
 * "label: value", then the history, one event a line. Malloc'd. */
char *record_text(const struct app *a, const char *title, const struct record *r,
    const struct history *h);

/*
 * A detail screen's state: the record read by its number (ticket.get or
 * complaint.get), kept as it came, its history and its words. Both detail
 * views are this struct (private_size), so what they do alike is written
 * once here: reading and re-reading, following pushes and the session,
 * the list's keys, the event in the pager.
 */
struct record_screen;

/* What differs between the two details: which record, its fields in words
 * (into s->rec) and its title. */
struct record_kind {
	enum event_of of;
	void (*describe)(struct app *, struct record_screen *);
	void (*title)(const struct record_screen *, char *buf, size_t len);
};

struct record_screen {
	enum event_of of;
	const struct record_kind *kind;
	char no[24];
	int64_t get_id;       /* the read in flight, or 0 */
	cJSON *obj;           /* the last answer's result, or NULL */
	char error[512];
	bool ready;           /* the history is set up */
	struct history history;
	struct record rec;    /* the record in words, made at each paint */
};

/* Shows record no (a new one starts afresh; the same keeps its place). */
void record_screen_open(struct record_screen *s, const char *no,
    const struct record_kind *kind);
/* Reads the record (again), cancelling a read in flight. */
void record_screen_fetch(struct app *a, struct record_screen *s);
/* View operations shared by the two details: the list's keys, a push of
 * this record (read again while shown), the session (read again after a
 * login, forgotten after a logout), freeing; and the keys' actions F5,
 * Enter (the selected event in the pager) and v (the whole record in the
 * pager). */
unsigned record_screen_input(struct app *a, struct view *v, ui_key_t key);
void record_screen_push(struct app *a, struct view *v, const cJSON *msg);
void record_screen_session(struct app *a, struct view *v,
    enum ui_session_event ev);
void record_screen_destroy(struct app *a, struct view *v);
unsigned record_screen_refresh(struct app *a, struct view *v);
unsigned record_screen_event(struct app *a, struct view *v);
unsigned record_screen_all(struct app *a, struct view *v);
bool record_screen_loaded(const struct app *a, const struct view *v);

/* The list's keys for a detail's key table (help only, the list takes
 * them through the view's input), without sorting: < and > are the
 * complaint detail's rounds. */
#define HISTORY_HELP_KEYS \
	{ .key = UI_K(KEY_UP), .name = N_("Up/Down, j/k"), .help = N_("Select an event") }, \
	{ .key = UI_K(KEY_NPAGE), .name = N_("PgUp/PgDn, Home/End"), .help = N_("By a page; first or last event") }, \
	{ .key = '/', .name = N_("/  n  N"), .help = N_("Search the events as you type; next, previous hit") }, \
	{ .key = 'F', .name = N_("F"), .help = N_("Filter: show only the events with some text") }, \
	{ .key = UI_K(KEY_RIGHT), .name = N_("Left/Right"), .help = N_("Scroll columns that do not fit") }

#endif
