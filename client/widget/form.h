/*
 * widget/form.h: a form of labelled items on a grid of three columns: text
 * fields (widget/field.c), choices cycled with Left/Right or Space, and
 * regions the view draws itself (a list). Items can be hidden or locked
 * (shown, not editable, skipped by Tab), and one can be marked as the
 * field a protocol error named (error.field such as "customer.phones"):
 * its label turns red and the focus goes there.
 */
#ifndef SVCDESK_UI_FORM_H
#define SVCDESK_UI_FORM_H

#include "client/widget/field.h"

enum form_kind { FK_TEXT, FK_CHOICE, FK_CUSTOM };

struct form_item {
	enum form_kind kind;
	const char *label;          /* N_() */
	const char *wire;           /* the argument it fills, or NULL */
	int row, col, span;         /* grid position: col 0-2, span 1-3 */
	int max;                    /* text: characters allowed */
	const char *const *codes;   /* choice: the values, NULL-terminated */
	const char *(*label_of)(const char *code);  /* choice: shown text */
	int lines;                  /* custom: lines taken */
	/* state */
	struct ui_field field;
	int choice;
	bool hidden, locked, error;
};

struct form {
	struct form_item *items;
	int n, focus;
};

void form_init(struct form *f);
/* The focused item can take the focus (visible, not locked). */
bool form_can_focus(const struct form *f, int i, bool custom_ok);
/* Moves the focus to the next (dir 1) or previous (-1) item that can
 * take it; custom_ok says whether custom items can. */
void form_move(struct form *f, int dir, bool custom_ok);
/* Edits the focused text or choice item; true when it changed. */
bool form_edit(struct form *f, int type, wint_t key);
/* Text of an item (UTF-8, trimmed of blanks at both ends). */
void form_text(const struct form *f, int i, char *buf, size_t len);
const char *form_code(const struct form *f, int i);
void form_set_code(struct form *f, int i, const char *code);
/* Marks the item an error field names (prefix match on wire, then
 * aliases[] pairs {field, wire}); returns its index or -1. */
int form_mark_error(struct form *f, const char *field,
    const char *const (*aliases)[2]);
void form_clear_errors(struct form *f);
/* Screen position of an item: x and width in columns. */
void form_place(const struct form_item *it, int *x, int *w);
/* Draws every visible non-custom item from line top; sets the cursor on
 * the focused text field. */
void form_draw(struct app *a, struct form *f, int top);

#endif
