/*
 * widget/ticketlist.h: a live ticket list, the engine under every queue screen (the
 * queue, the dispatch board, a technician's own list).
 *
 * Loads one ticket.list queue (a region too when set), following the
 * `next` cursor for a few pages; keeps itself current from ticket.changed
 * pushes (a ticket that joins the queue is inserted, one that leaves it is
 * removed, the order stays the daemon's) and sla.breach pushes; keeps the
 * selection on the same ticket across changes; draws the table with a live
 * countdown, red for overdue and yellow for due within the hour.
 */
#ifndef SVCDESK_UI_LIST_H
#define SVCDESK_UI_LIST_H

#include "client/widget/tickets.h"

enum list_col { COL_NO, COL_STATE, COL_CLASS, COL_REGION, COL_CUSTOMER, COL_PHONE,
	COL_ADDRESS, COL_FAULT, COL_TECH, COL_APPOINTMENT, COL_DUE };

struct list_column {
	enum list_col col;
	int width;        /* 0: takes the columns left over (one such column) */
	bool optional;    /* dropped first when the screen is narrow */
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
	const struct list_column *cols;
	int ncols;
	struct ticket_set set;          /* the rows shown */
	struct ticket_set fresh;        /* rows of a reload in progress */
	struct ticket_set gone;         /* left the queue during that reload */
	bool loading, loaded, stale, unsupported;
	int64_t list_id;
	int pages;
	size_t sel, top;
	char sel_no[24];
	int visible;
	time_t sorted_day;              /* the server's day the order is for */
};

/* (Re)loads the queue from the daemon. */
void list_load(struct app *a, struct ui_list *l);
/* The view opens: loads when the rows may be out of date. */
void list_open(struct app *a, struct ui_list *l);
/* A reply or push; true when the list took it. */
bool list_message(struct app *a, struct ui_list *l, const cJSON *msg);
void list_session(struct app *a, struct ui_list *l, enum ui_session_event ev);
/* Up/Down/PgUp/PgDn/Home/End, j/k; 0 for other keys. */
unsigned list_key(struct ui_list *l, int type, wint_t key);
/* The selected row, or NULL when the list is empty. */
const struct ticket_row *list_selected(const struct ui_list *l);
/* Draws the header line and the rows in `rows` lines from `top`. */
void list_draw(struct app *a, struct ui_list *l, int top, int rows);
/* "Loading...", the unsupported note or "" for a title's right side. */
const char *list_status(const struct ui_list *l);

#endif
