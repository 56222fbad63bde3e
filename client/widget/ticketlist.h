/*
 * widget/ticketlist.h: a live ticket list, the engine under every queue
 * screen (the queue, the dispatch board, a technician's own list, the
 * workshop's and the return visits').
 *
 * Loads one ticket.list queue (a region too when set), following the
 * `next` cursor for a few pages; keeps itself current from ticket.changed
 * pushes (a ticket joins or leaves the queue by common/queues.h, the rule
 * the daemon's ticket.list follows) and sla.breach pushes; shows the rows
 * through widget/table, so every ticket list has search (/ n N), a filter
 * (F), sorting by a column (< > I), j/k and Left/Right, and keeps the
 * selected ticket across changes. The countdown columns are never hidden
 * (hide 0): a row is red for overdue and yellow for due within the hour or
 * for a call-back whose time has come; a call-back still to come is dim.
 */
#ifndef SVCDESK_UI_LIST_H
#define SVCDESK_UI_LIST_H

#include "client/widget/table.h"
#include "client/widget/tickets.h"

#define LIST_MAX_COLS 12

struct list_column {
	enum list_col col;
	int width;        /* 0: takes the columns left over (one such column) */
	int hide;         /* 0: always shown; else hidden when narrow, the
	                     highest first (widget/table.h) */
};

struct ui_list {
	const struct view_ops *view;    /* the view that shows it */
	const char *queue;              /* ticket.list queue */
	const char *region;             /* NULL: every region */
	bool today_first;               /* today's appointments on top */
	/* Rows in the order the daemon sent them, pushed ones last (a queue
	 * ordered by something the ticket objects do not carry, as to_visit
	 * by the day the visit is due). */
	bool daemon_order;
	bool by_callback;               /* by the call-back's time (callbacks) */
	const struct list_column *cols;
	int ncols;
	struct ticket_set set;          /* the rows, in the queue's order */
	struct ticket_set fresh;        /* rows of a reload in progress */
	struct ticket_set gone;         /* left the queue during that reload */
	bool loading, loaded, stale, unsupported;
	int64_t list_id;                /* the page request in flight */
	int pages;
	time_t sorted_day;              /* the server's day the order is for */
	struct table table;             /* what is shown of set */
	struct table_column tcols[LIST_MAX_COLS];
};

/* Sets l up to show queue in these columns (a view's state, zeroed). */
void list_init(struct ui_list *l, const struct view_ops *view, const char *queue,
    const struct list_column *cols, int ncols);
/* Frees the rows (a view's destroy). */
void list_free(struct app *a, struct ui_list *l);
/* Shows another queue or region: the rows go, the new ones load. */
void list_set_queue(struct app *a, struct ui_list *l, const char *queue,
    const char *region);
/* (Re)loads the queue from the daemon. */
void list_load(struct app *a, struct ui_list *l);
/* The view opens: loads when the rows may be out of date. */
void list_open(struct app *a, struct ui_list *l);
/* A push (ticket.changed, sla.breach); others are ignored. */
void list_push(struct app *a, struct ui_list *l, const cJSON *msg);
void list_session(struct app *a, struct ui_list *l, enum ui_session_event ev);
/* The list's keys (widget/table.h); 0 for other keys. */
unsigned list_input(struct app *a, struct ui_list *l, ui_key_t key);
/* The selected row, or NULL when none is shown. */
const struct ticket_row *list_selected(const struct ui_list *l);
/* Draws the header line and the rows in `rows` lines from `top`. */
void list_draw(struct app *a, struct ui_list *l, int top, int rows);
/* The line over a list: text on the left (in attr), and on the right the
 * loading state, the filter or the column it is sorted by. */
void list_caption(const struct ui_list *l, int y, const char *text,
    attr_t attr);
/* One tab of a screen's queues, " 2 Call-backs ", the current one in
 * reverse, and a space after it; returns the next column. */
int list_draw_tab(struct app *a, int y, int x, int number, const char *label,
    bool current);
/* "Loading...", the unsupported note or "" for a title's right side. */
const char *list_status(const struct ui_list *l);

/* ---- for a view whose state begins with its ui_list (the queue, the
 * board, a technician's list): its callbacks, and pieces of its key table */
const struct ticket_row *list_view_selected(const struct view *v);
unsigned list_view_input(struct app *a, struct view *v, ui_key_t key);
void list_view_push(struct app *a, struct view *v, const cJSON *msg);
void list_view_session(struct app *a, struct view *v, enum ui_session_event ev);
void list_view_destroy(struct app *a, struct view *v);
bool list_view_has_selection(const struct app *a, const struct view *v);
/* Says why an action does not apply to the selected row. */
void list_view_refuse(struct app *a, struct view *v);
/* F5: loads the list again. */
unsigned list_view_reload(struct app *a, struct view *v);

/* A key's `when` and `run` for an action on the selected row:
 * LIST_ACTION(static, repair, "ticket.repair", fn) defines can_repair
 * (the row's state allows the op) and run_repair (calls fn(a, row)). */
#define LIST_ACTION(scope, name, op, fn) \
	scope bool can_##name(const struct app *a, const struct view *v) \
	{ (void)a; return action_allowed(list_view_selected(v), op); } \
	scope unsigned run_##name(struct app *a, struct view *v) \
	{ fn(a, list_view_selected(v)); return 0; }


#endif
