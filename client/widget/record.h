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
