/*
 * widget/table.h: a list of rows in columns, the one list behind every
 * screen's list (tickets, complaints, technicians, ...), with what every
 * list does written once:
 *
 *   Up/Down, j/k, PgUp/PgDn, Home/End   move the selection
 *   /  n  N                             search as you type over the shown
 *                                       columns; next and previous hit
 *   F                                   a filter line: only matching rows
 *   <  >  I                             sort by a column; invert the order
 *   Left/Right                          scroll columns wider than the screen
 *
 * The rows belong to the screen: it says how many there are and what each
 * cell shows (struct table_source), and calls table_refresh when they
 * change; the table keeps the selected row (by its key) across changes.
 * Columns that do not fit are hidden, highest `hide` first; a column with
 * hide 0 (a countdown, say) is never hidden.
 */
#ifndef SVCDESK_TABLE_H
#define SVCDESK_TABLE_H

#include "client/ui/ui.h"

#define TABLE_TEXT 256

struct table_column {
	const char *title;   /* N_() */
	int width;           /* 0: takes what is left (at most one such) */
	int hide;            /* 0: always shown; else hidden when narrow,
	                        the highest first */
	bool right;          /* right-aligned */
	bool sortable;
};

struct table_source {
	size_t (*count)(const void *data);
	/* The text of a cell (UTF-8), in buf. */
	void (*cell)(const struct app *a, const void *data, size_t row, int col,
	    char *buf, size_t len);
	/* A row's identity (a ticket number): the selection follows it. */
	void (*key)(const void *data, size_t row, char *buf, size_t len);
	/* The row's colour (overdue red, ...); NULL: normal. */
	attr_t (*attr)(const struct app *a, const void *data, size_t row);
	/* Order of two rows by a column (<0, 0, >0); NULL or 2 for "no
	 * opinion": by the cells' text. */
	int (*compare)(const struct app *a, const void *data, size_t x, size_t y,
	    int col);
};

struct table {
	const struct table_column *cols;
	int ncols;
	const struct table_source *src;
	const void *data;
	/* the rows shown: indexes into the source, filtered and sorted */
	size_t *order;
	size_t norder, cap;
	size_t sel, top;
	char sel_key[64];
	int sort_col;              /* -1: the source's own order */
	bool sort_desc;
	char search[TABLE_TEXT];   /* the last search */
	char filter[TABLE_TEXT];   /* "" : no filter */
	int hscroll;               /* columns scrolled past, after the first */
	int page;                  /* rows drawn last time */
	bool more_right;           /* columns hidden that Right would show */
	const struct app *app;     /* for the source's callbacks */
};

void table_init(struct table *t, const struct table_column *cols, int ncols,
    const struct table_source *src, const void *data);
void table_free(struct table *t);
/* The rows changed: filter and sort them again, keep the selection. */
void table_refresh(struct table *t, const struct app *a);
/* The keys above; 0 for other keys. */
unsigned table_key(struct table *t, struct app *a, ui_key_t key);
/* The selected row's index in the source; false when none. */
bool table_selected(const struct table *t, size_t *row);
/* Selects the row with this key (when it is shown). */
bool table_select_key(struct table *t, const char *key);
/* Draws the header and rows in `rows` lines from `top`. */
void table_draw(struct table *t, struct app *a, int top, int rows);
/* "Filter: text" (or ""), for a screen's title line. */
const char *table_filter_text(const struct table *t, char *buf, size_t len);
/* Case-insensitive: does text contain needle? (UTF-8; ASCII folded.) */
bool table_match(const char *text, const char *needle);

/* The help lines of the keys above, for a view's key table (run NULL:
 * the table itself takes them, through the view's input). */
#define TABLE_HELP_KEYS \
	{ .key = UI_K(KEY_UP), .name = N_("Up/Down, j/k"), .help = N_("Move the selection") }, \
	{ .key = UI_K(KEY_NPAGE), .name = N_("PgUp/PgDn, Home/End"), .help = N_("By a page; first or last row") }, \
	{ .key = '/', .name = N_("/  n  N"), .help = N_("Search as you type; next, previous hit") }, \
	{ .key = 'F', .name = N_("F"), .help = N_("Filter: show only the rows with some text") }, \
	{ .key = '<', .name = N_("<  >  I"), .help = N_("Sort by another column; invert the order") }, \
	{ .key = UI_K(KEY_RIGHT), .name = N_("Left/Right"), .help = N_("Scroll columns that do not fit") }

#endif
