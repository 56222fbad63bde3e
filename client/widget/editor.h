/*
 * widget/editor.h: a form that saves one record with one op, and what it
 * does around the form (screen/user_edit.c, screen/point_edit.c): every
 * field checked before anything is sent, the save sent once at a time,
 * its answer taken: the connection lost said so, a refusal put on the item
 * it names in the form's own words where it has them (a table of code,
 * field and text), else by the item's label (widget/form.h); and the keys
 * that edit the form clear what was said.
 */
#ifndef SVCDESK_EDITOR_H
#define SVCDESK_EDITOR_H

#include "client/widget/form.h"

/* A refusal the form says in words of its own: text is N_(). */
struct editor_refusal {
	const char *code, *field, *text;
};

struct editor {
	struct form form;
	int64_t save_id;                       /* the save in flight, 0: none */
	char error[512];                       /* what the error line says */
	const struct editor_refusal *refusals; /* ends with code NULL; or NULL */
};

/* Starts the editor over: nothing in flight, nothing said. */
void editor_reset(struct app *a, struct editor *ed);
/* Checks every field (saying every problem); true when the save may go. */
bool editor_check(struct editor *ed);
/* Sends op with args (consumed); on_reply gets ctx. False when not
 * connected (said on the error line). */
bool editor_send(struct app *a, struct editor *ed, const char *op, cJSON *args,
    net_reply_fn on_reply, void *ctx);
/* The save's answer: true when the record was saved (the form then holds
 * no unsaved edit); else what went wrong is on the error line. */
bool editor_answered(struct app *a, struct editor *ed, const cJSON *reply);
/* After a save: from the form's view (when it is still shown) back to the
 * view it was opened from (or fallback). */
void editor_back(struct app *a, const struct view_ops *form,
    const struct view_ops *fallback);
/* args[name] = the trimmed text of the form's item. */
void editor_add_text(cJSON *args, const char *name, const struct editor *ed, int item);
/* A key for the form: it moves or edits, and clears the errors said. */
unsigned editor_key(struct editor *ed, ui_key_t key);
/* "Saving..." at the right of the title line while a save is in flight;
 * the error line (or the hint) at y. */
void editor_draw(struct app *a, const struct editor *ed, int top, int y,
    const char *hint);

/* A view whose private state starts with its struct editor can take these
 * as its view_ops input, unsaved and session (screen/cause_edit.c). */
unsigned editor_view_input(struct app *a, struct view *v, ui_key_t key);
bool editor_view_unsaved(const struct app *a, const struct view *v);
void editor_view_session(struct app *a, struct view *v, enum ui_session_event ev);

#endif
