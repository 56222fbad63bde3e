/*
 * screen/work.h: the screens of the repair and the workshop, shared by their
 * files: screen/repair.c (the repair card with its parts picker),
 * screen/complete.c (take-back with the receipt banner, completion with the
 * signature and the charges), screen/workshop.c (the in/out ledger, the
 * inspection queue, postponing) and screen/visit.c (the return-visit queue and
 * the survey form).
 */
#ifndef SVCDESK_UI_WORK_H
#define SVCDESK_UI_WORK_H

#include "client/widget/form.h"
#include "client/widget/tickets.h"

/* screen/repair.c: the repair card of ticket no; Esc or a save returns to back. */
void repair_show(struct app *a, const char *no, const struct view_ops *back);

/* screen/complete.c */
/* t: asks to confirm (with an optional note), sends ticket.take_back and
 * shows the receipt number large once it is issued. */
bool action_take_back(struct app *a, const struct ticket_row *r);
/* c: the completion form (signature; for class A the charges). */
bool action_complete(struct app *a, const struct ticket_row *r,
    const struct view_ops *back);
/* The receipt banner over the current view: any key closes it. */
/* Money in fen as yuan: "123.45". */
void ui_yuan(int64_t fen, char *buf, size_t len);

/* screen/workshop.c */
/* P: postpones the ticket (until, then a reason); dispatchers. */
bool action_postpone(struct app *a, const struct ticket_row *r);
/* The inspection of a repaired ticket: passed, or failed with a note. */
bool action_inspect(struct app *a, const struct ticket_row *r, bool passed);

/* screen/work.c: what the forms of these screens share. */
/* Sends op; the request id, or 0 (with a message) when not connected. */
int64_t work_send(struct app *a, const char *op, cJSON *args);
/* Fills a key bar from a fixed list; returns how many. */
int work_bar(struct ui_help *out, int max, const struct ui_help *keys, int n);
/* Ctrl-S or F2. */
bool work_save_key(int type, wint_t key);
/* Tab/Down, Shift-Tab/Up move between the items (custom ones too when
 * custom_ok), other keys edit the focused item; 0 when not taken. */
unsigned work_form_key(struct form *f, int type, wint_t key, bool custom_ok);
/* A request's failure as the form shows it: the server's words in error,
 * the named field marked; aliases as for form_mark_error. */
void work_form_failed(struct app *a, struct form *f, const cJSON *msg,
    char *error, size_t len, const char *const (*aliases)[2]);
/* The form's error line (red), or the hint when there is no error. */
void work_draw_error(struct app *a, int y, const char *error, const char *hint);
/* A form on ticket no gets a push: true when msg is a ticket.changed of
 * that ticket; *ticket then holds it as it is now. When its state no
 * longer allows op (someone else moved it) and no save is in flight, says
 * so and goes back. */
bool work_form_push(struct app *a, const struct view_ops *form, const char *no,
    const cJSON *msg, const char *op, cJSON **ticket, int64_t save_id,
    const struct view_ops *back);
/* A ticket.get for no; returns the request id (0: not sent). */
int64_t work_get_ticket(struct app *a, const char *no);

/* screen/visit.c: the survey form of ticket no; Esc or a save returns to back. */
void survey_show(struct app *a, const char *no, const struct view_ops *back);

#endif
