/*
 * widget/tickets.h: the rows of a ticket queue as the client keeps them.
 *
 * Tickets from ticket.list replies and ticket.changed pushes are reduced to
 * what a queue shows, kept by number (a push replaces the row with the same
 * `no` unless the row is already newer) and sorted as the daemon sorts
 * (the arrival deadline, else the reply deadline, else the time of
 * registration, then the number). Which queue a ticket belongs to is
 * common/queues.h's rule, the daemon's own, so a push can insert, move or
 * remove a row. What each column shows of a row, and the columns' order
 * for sorting (times by time, not by their text), are here too.
 */
#ifndef SVCDESK_UI_TICKETS_H
#define SVCDESK_UI_TICKETS_H

#include "client/ui/ui.h"
#include "client/widget/labels.h"
#include "common/queues.h"

/* The columns a ticket list can show. */
enum list_col { COL_NO, COL_STATE, COL_CLASS, COL_REGION, COL_CUSTOMER, COL_PHONE,
	COL_ADDRESS, COL_FAULT, COL_TECH, COL_APPOINTMENT, COL_DUE,
	/* the return visit: unreachable attempts ("1/3"), the call-back's
	 * time, and the countdown to it */
	COL_ATTEMPTS, COL_CALLBACK, COL_CALLBACK_IN };

struct ticket_row {
	char no[24];
	char type[4];
	char state[24];
	char service_class[4];
	char region[16];
	char customer[96];
	char phone[32];        /* the customer's first phone */
	char address[160];
	char fault[192];
	char technician[64];   /* the technician's login */
	char owner[64];
	time_t due;            /* arrival_due, else reply_due */
	bool has_due;
	time_t arrival_due, reply_due;
	bool has_arrival, has_reply;
	time_t sort_due;       /* due, else created_at: the daemon's order */
	time_t created;
	time_t appointment;
	bool has_appointment;
	bool arrived;
	bool overdue;          /* the server says so (or an sla.breach came) */
	time_t callback_at;    /* the call-back after an unreachable return visit */
	bool has_callback;
	int visit_attempts;    /* unreachable attempts so far */
	int64_t version;
};

struct ticket_set {
	struct ticket_row *rows;
	size_t len, cap;
};

/* False when t is not an object with a "no". */
bool tickets_parse(const cJSON *t, struct ticket_row *out);
/* Inserts or replaces by number; an older version never replaces a newer. */
void tickets_upsert(struct ticket_set *s, const struct ticket_row *r);
/* Removes the row with this number; true when there was one. */
bool tickets_remove(struct ticket_set *s, const char *no);
/* Upserts every ticket in a JSON array; returns how many were taken. */
size_t tickets_add_array(struct ticket_set *s, const cJSON *array);
struct ticket_row *tickets_find(struct ticket_set *s, const char *no);
/* In the daemon's order: new tickets registered before `today` (the start
 * of the server's day) first, then the others; each by deadline, then
 * number. */
void tickets_sort(struct ticket_set *s, time_t today);
/* Appointments within [today, today + 1 day) first, by appointment time,
 * then the daemon's order. */
void tickets_sort_today_first(struct ticket_set *s, time_t today);
void tickets_clear(struct ticket_set *s);
/* Who is logged in, as common/queues.h's rule needs it. */
struct queue_viewer tickets_viewer(const struct app *a);
/* Whether the ticket belongs to a ticket.list queue (region NULL: any) as
 * the daemon answers it to who (common/queues.h). */
bool tickets_in_queue(const struct ticket_row *r, const char *queue,
    const char *region, const struct queue_viewer *who);
/* Open: not completed, closed or cancelled. */
bool tickets_open(const struct ticket_row *r);
/* The deadline still running (nobody on site yet), for the countdown. */
bool tickets_running_due(const struct ticket_row *r, time_t *due);
/* True when an open ticket is overdue at server time now. */
bool tickets_overdue(const struct ticket_row *r, time_t now);
/* True when an open ticket's running deadline is within secs of now. */
bool tickets_near(const struct ticket_row *r, time_t now, long secs);
/* A completed ticket waiting for a call-back: its time has come (due), or
 * not yet (waiting). */
bool tickets_callback_due(const struct ticket_row *r, time_t now);
bool tickets_callback_waiting(const struct ticket_row *r, time_t now);
/* Countdowns: the column is never hidden and is right-aligned. */
bool tickets_countdown_col(enum list_col col);
/* By the call-back's time, then number (the callbacks queue's order). */
void tickets_sort_callback(struct ticket_set *s);
/* The text of column col for r at server time now, in buf. */
void tickets_cell(const struct app *a, const struct ticket_row *r,
    enum list_col col, time_t now, char *buf, size_t len);
/* The order of two rows by a column: the deadline and the appointment by
 * time (rows without one last), the state by the ticket's way through
 * them, the number as text; 2 ("by the cells' text") for the others. */
int tickets_compare(const struct ticket_row *x, const struct ticket_row *y,
    enum list_col col);

/* screen/actions.c: transitions on a ticket, offered only when its state
 * allows them (common/states.h); false (with a message) when not. */
bool action_allowed(const struct ticket_row *r, const char *op);
/* Says why an action is not offered on r (none selected, or its state);
 * false. */
bool action_refuse(struct app *a, const struct ticket_row *r);
bool action_cancel(struct app *a, const struct ticket_row *r);
bool action_appoint(struct app *a, const struct ticket_row *r);
bool action_arrive(struct app *a, const struct ticket_row *r);
/* A note in the ticket's history, asked in a prompt (ticket.note). */
bool action_note(struct app *a, const struct ticket_row *r);
/* R, X: a refund (refund true) or an exchange decided, with its reason
 * (ticket.guarantee): the certificate's number is said once issued. */
bool action_guarantee(struct app *a, const struct ticket_row *r, bool refund);
/* Says what a y/n action did, given the answer's ticket. */
typedef void action_done_fn(struct app *a, const char *no, const cJSON *ticket);
/* Asks question y/n, then sends op {no, arg: value} (arg NULL: no more;
 * both literals) for r; the answer's ticket goes to every view and done
 * says what was done (NULL: a plain message). */
bool action_confirmed(struct app *a, const struct ticket_row *r, const char *op,
    const char *question, const char *arg, const char *value, action_done_fn *done);

/* screen/techpick.c: chooses a technician for the ticket and dispatches it (or
 * reassigns it); Esc or success returns to back. */
void techpick_show(struct app *a, const struct ticket_row *r,
    const struct view_ops *back);

#endif
