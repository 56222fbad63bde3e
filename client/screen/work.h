/*
 * screen/work.h: the screens of the repair and the workshop, shared by their
 * files: screen/repair.c (the repair card with its parts picker),
 * screen/complete.c (take-back with the receipt banner, completion with the
 * signature and the charges), screen/workshop.c (the in/out ledger, the
 * inspection queue, postponing), screen/visit.c (the return-visit queue and
 * the survey form) and screen/resample.c (the resample's second calls).
 */
#ifndef SVCDESK_UI_WORK_H
#define SVCDESK_UI_WORK_H

#include "client/widget/form.h"
#include "client/widget/tickets.h"

/* screen/repair.c: the repair card of ticket no; Esc or a save returns to back. */
void repair_show(struct app *a, const char *no, const struct view_ops *back);

/* screen/complete.c */
/* t: asks for an optional note (Enter confirms, Esc does nothing), sends
 * ticket.take_back and shows the receipt number large once it is issued;
 * a refusal stays in the prompt. */
bool action_take_back(struct app *a, const struct ticket_row *r);
/* c: the completion form (signature; for class A the charges). */
bool action_complete(struct app *a, const struct ticket_row *r,
    const struct view_ops *back);

/* screen/workshop.c */
/* P: postpones the ticket (until, then a reason); dispatchers. */
bool action_postpone(struct app *a, const struct ticket_row *r);
/* The inspection of a repaired ticket: passed (asks y/n first), or failed
 * with a note. */
bool action_inspect(struct app *a, const struct ticket_row *r, bool passed);

/* screen/visit.c: the survey form of ticket (or complaint) no; Esc or a
 * save returns to back. */
void survey_show(struct app *a, const char *no, const struct view_ops *back);
/* u: the customer of a completed ticket was not reached (asks y/n, then
 * visit.record outcome unreachable): the call-back and the attempts, or
 * the close after the last attempt, on the visit queue's banner. */
bool action_unreachable(struct app *a, const struct ticket_row *r);
/* The same survey form as head office's second call of drawn ticket no
 * (resample.record), the first visit's answers not shown; Esc or a save
 * returns to back. */
void resample_survey_show(struct app *a, const char *no, const struct view_ops *back);

/* screen/resample.c: the second call was recorded (the form's saved): the
 * queue's banner says whether it disagrees, and the queue reloads. */
struct work_form;
void resample_call_saved(struct app *a, struct work_form *w, const cJSON *result);

/* screen/handover.c: hands ticket no over to a colleague (ticket.handover),
 * by login with a note; Esc or a save returns to back. */
void handover_show(struct app *a, const char *no, const struct view_ops *back);

/* ---- screen/work.c: what the forms of these screens share. */

struct work_form;

/* What kind of form: fixed for each screen. */
struct work_kind {
	const struct view_ops *view;
	const char *op;                 /* the op saving sends */
	const struct form_item *items;  /* the items as they start */
	int n;
	/* The record was read (first: for the first time since opening). */
	void (*loaded)(struct app *, struct work_form *, bool first);
	/* The save succeeded: says so (the view is left for back first). */
	void (*saved)(struct app *, struct work_form *, const cJSON *result);
	/* Aliases of the daemon's field names, for form_refused. */
	const char *const (*aliases)[2];
};

/* A form about one ticket (or complaint): the record as last read, the
 * save in flight, the error line. Lives in its view's state. */
struct work_form {
	struct form form;
	const struct work_kind *kind;
	char no[24];
	const char *get_op;             /* "ticket.get" or "complaint.get" */
	cJSON *record;                  /* NULL until read */
	bool saving;
	char error[512];
};

/* Opens the kind's view on record no (read with get_op) with its items
 * (copied into items, the view's own), then reads the record. */
void work_open(struct app *a, struct work_form *w, const struct work_kind *kind,
    struct form_item *items, const char *get_op, const char *no,
    const struct view_ops *back);
/* The answer to a prompt about a ticket, sent with the prompt as ctx (its
 * own ctx starting with the ticket's number): a refusal or a lost
 * connection is said in the prompt, which stays open with its text
 * (false); else the prompt closes, the number is copied into no and the
 * answer's ticket goes to every view (true). */
bool work_prompt_reply(struct app *a, struct overlay *o, const cJSON *reply, char *no,
    size_t len);
/* Checks every item before a save: true when fine, else the problems are
 * on the error line. */
bool work_checked(struct work_form *w);
/* (Re)reads the record. */
void work_fetch(struct app *a, struct work_form *w);
/* Sends the form's op with args (consumed; "no" is added). */
void work_save(struct app *a, struct work_form *w, cJSON *args);
/* The form's keys: Tab, Down, Enter move on, Shift-Tab, Up back, others
 * edit the focused item; 0 when not taken. Clears the error line. */
unsigned work_input(struct work_form *w, ui_key_t key, bool custom_ok);
/* The error (red) in up to max lines from y, cut between its problems,
 * or the hint in one line when there is no error; work_error_lines says
 * how many lines it takes. */
#define WORK_ERROR_LINES 4
#define WORK_LINE 512
void work_draw_problems(struct app *a, int y, int max, const char *error,
    const char *hint);
int work_error_lines(const char *error, int max);

/* view_ops and key table callbacks of a view whose state starts with its
 * struct work_form: */
/* A push: a newer version of the form's ticket replaces the one shown;
 * when its state no longer allows the op (someone else moved it), says
 * so and goes back. */
void work_view_push(struct app *a, struct view *v, const cJSON *msg);
/* Reads the record again after a new login or a resync while shown. */
void work_view_session(struct app *a, struct view *v, enum ui_session_event ev);
/* Edits since the form opened, not yet saved. */
bool work_view_unsaved(const struct app *a, const struct view *v);
void work_view_destroy(struct app *a, struct view *v);
/* The save key's `when` (the record is read and no save is in flight)
 * and `refuse`. */
bool work_view_can_save(const struct app *a, const struct view *v);
void work_view_refuse_save(struct app *a, struct view *v);

/* How long a unit has been in the shop: "3d 4h", "5h 20m", "12m". */
void work_age_text(long secs, char *buf, size_t len);
/* Parses a whole number from lo to hi (trimmed text, digits only); false
 * when text is not one. */
bool work_parse_int(const char *text, long lo, long hi, long *out);

#endif
