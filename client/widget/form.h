/*
 * widget/form.h: a form of labelled items on a grid of three columns: text
 * fields (ui/field.c), choices cycled with Left/Right or Space (a letter
 * typed: the next choice that begins with it), and regions the view draws
 * itself (a list). Items can be hidden or locked (shown, not editable,
 * skipped by Tab), marked required (a `*` after the label) and given a kind
 * of text to check (a whole number, an amount, a date, a time, phones, a
 * name, a serial: common/records.h's rules) or a check of their own. A
 * counted item (FF_COUNT) shows "37/500" as it is typed and takes text past
 * its max, which form_check then refuses with the limit. form_check looks at
 * every item before a form is sent and marks every problem at once; a
 * daemon's refusal (error.field such as "customer.phones") lands on the item
 * it names. Problems are told by the item's label, in the user's language,
 * never by the wire name. The focused item shows as a bar (UI_C_FOCUS); Tab
 * stops at the last item. The form knows when it was edited (dirty) so a
 * view's `unsaved` can ask before typed work is lost.
 */
#ifndef SVCDESK_UI_FORM_H
#define SVCDESK_UI_FORM_H

#include "client/ui/field.h"

enum form_kind { FK_TEXT, FK_CHOICE, FK_CUSTOM };

/* Item flags. */
#define FF_REQUIRED 1u      /* must not be empty: `*` after the label */
#define FF_COUNT 2u         /* shows length/max; text past max is kept, refused */

/* What a text item must hold when it is not empty. */
enum form_check {
	FC_ANY,          /* anything */
	FC_INTEGER,      /* a whole number, within lo..hi when lo < hi */
	FC_AMOUNT,       /* money in yuan: 12, 12.5, 12.50 */
	FC_DATE,         /* YYYY-MM-DD, a real day */
	FC_TIME,         /* HH:MM today, or YYYY-MM-DD HH:MM */
	FC_PHONE,        /* phones (7-20 digits, maybe a leading +), split at , ; blanks */
	FC_NAME,         /* a person's name, not a phone typed in its place */
	FC_SERIAL,       /* a serial number: SERIAL_MIN characters at least */
};

struct form;

/* An item's own check: NULL when text is fine, else the problem (N_()).
 * Called for every visible unlocked item, custom ones with "" as text. */
typedef const char *(*form_check_fn)(const struct form *f, int item,
    const char *text);

struct form_item {
	enum form_kind kind;
	const char *label;          /* N_() */
	const char *wire;           /* the argument it fills, or NULL */
	int row, col, span;         /* grid position: col 0-2, span 1-3 */
	int max;                    /* text: characters allowed (typed at most,
	                               or with FF_COUNT refused past it) */
	const char *const *codes;   /* choice: the values, NULL-terminated */
	const char *(*label_of)(const char *code);  /* choice: shown text */
	int lines;                  /* custom: lines taken */
	unsigned flags;             /* FF_REQUIRED */
	enum form_check check;      /* what its text must be */
	long lo, hi;                /* FC_INTEGER: the range, when lo < hi */
	form_check_fn check_fn;     /* more checking, or NULL */
	/* state */
	struct ui_field field;
	int choice;
	bool hidden, locked, error;
	const char *problem;        /* why error (N_()), or NULL: the daemon's words */
};

struct form {
	struct form_item *items;
	int n, focus;
	bool dirty;                 /* edited since form_init or form_saved */
};

void form_init(struct form *f);
/* The focused item can take the focus (visible, not locked). */
bool form_can_focus(const struct form *f, int i, bool custom_ok);
/* Moves the focus to the next (dir 1) or previous (-1) item that can
 * take it; custom_ok says whether custom items can. It stops at the last
 * (first) item: no wrapping round. */
void form_move(struct form *f, int dir, bool custom_ok);
/* Edits the focused text or choice item; true when it changed. */
bool form_edit(struct form *f, int type, wint_t key);
/* The same for a key of the new framework (ui_key_t). */
bool form_input(struct form *f, ui_key_t key);
/* Tab, Down, Enter (on a text or choice) move on; Shift-Tab, Up back;
 * other keys edit the focused item. 0 when the key was not taken. */
unsigned form_key(struct form *f, ui_key_t key, bool custom_ok);
/* Text of an item (UTF-8, trimmed of blanks at both ends). */
void form_text(const struct form *f, int i, char *buf, size_t len);
const char *form_code(const struct form *f, int i);
void form_set_code(struct form *f, int i, const char *code);

/* The form holds edits not yet saved; form_saved forgets them. */
bool form_unsaved(const struct form *f);
void form_saved(struct form *f);

/* "YYYY-MM-DD" as yyyymmdd; -1 when it is not a real day. */
long form_date_num(const char *s);
/* What is wrong with text for item it (N_()), NULL when nothing. */
const char *form_check_text(const struct form_item *it, const char *text);
/* Checks every visible, unlocked item; marks each problem, moves the
 * focus to the first. Returns how many there are (0: fine to send). */
int form_check(struct form *f);
/* "Name: required; Purchase date: a date as YYYY-MM-DD", translated. */
void form_errors_text(const struct form *f, char *buf, size_t len);

/* Marks the item an error field names (prefix match on wire, then
 * aliases[] pairs {field, wire}); returns its index or -1. */
int form_mark_error(struct form *f, const char *field,
    const char *const (*aliases)[2]);
/* A daemon's refusal: marks the item its field names (as
 * form_mark_error) and says it in buf by the item's label with a
 * translated explanation ("Labour (minutes): a whole number"); without
 * such an item, the refusal's description and the daemon's words.
 * Returns the item or -1. The typed text stays as it is. */
int form_refused(struct form *f, const cJSON *reply,
    const char *const (*aliases)[2], char *buf, size_t len);
void form_clear_errors(struct form *f);
/* The form's error line (red, all of it that fits), or the hint (dim)
 * when there is no error. */
void form_draw_error(struct app *a, int y, const char *error, const char *hint);
/* Screen position of an item: x and width in columns. */
void form_place(const struct form_item *it, int *x, int *w);
/* Draws every visible non-custom item from line top; sets the cursor on
 * the focused text field, which shows as a bar. */
void form_draw(struct app *a, struct form *f, int top);

#endif
