/*
 * widget/editform.h: a form that saves with one request, for a detail
 * view whose state begins with it (the catalogue's part, a stock
 * movement): the items from a template, the check before sending, the
 * request in flight, the answer (done: the form is left; refused: the
 * field named, the text kept) and the view's input, unsaved and session
 * callbacks, written once.
 */
#ifndef SVCDESK_EDITFORM_H
#define SVCDESK_EDITFORM_H

#include "client/widget/form.h"

struct edit_form;

/* What a save's success does besides leaving the form (a message). */
typedef void (*edit_form_saved_fn)(struct app *, struct edit_form *, const cJSON *result);

struct edit_form {
	struct form form;
	const struct view_ops *view;   /* the view it is the state of */
	edit_form_saved_fn saved;
	const char *dropped;           /* N_(): said when the answer was lost */
	int64_t save_id;               /* the save in flight, 0: none */
	char error[512];
};

/* A fresh form of the n items of tmpl (copied into items), nothing typed. */
void edit_form_open(struct app *a, struct edit_form *e, const struct view_ops *view,
    struct form_item *items, const struct form_item *tmpl, int n, edit_form_saved_fn saved,
    const char *dropped);
/* Every field checked; false with the problems in e->error. */
bool edit_form_checked(struct edit_form *e);
/* Sends op with args (consumed); its answer is handled as said above. */
void edit_form_save(struct app *a, struct edit_form *e, const char *op, cJSON *args);
/* Sends op with args (consumed) for on_reply(ctx); *id the request, or 0
 * with "not connected" in error. For a form of its own as well. */
void edit_form_send(struct app *a, int64_t *id, char *error, size_t len, const char *op,
    cJSON *args, net_reply_fn on_reply, void *ctx);
/* The title, "Saving..." while a save is in flight, the items from
 * top + 2, and the error or the hint on the line after them. */
void edit_form_draw(struct app *a, struct edit_form *e, const char *title, int top,
    int rows, const char *hint);

/* For a view whose state begins with its struct edit_form. */
unsigned edit_form_view_input(struct app *a, struct view *v, ui_key_t key);
bool edit_form_view_unsaved(const struct app *a, const struct view *v);
void edit_form_view_session(struct app *a, struct view *v, enum ui_session_event ev);

#endif
