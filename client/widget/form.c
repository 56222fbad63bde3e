/*
 * widget/form.c: forms of labelled items on a grid: focus, editing and
 * drawing; see widget/form.h. Checking and errors: widget/form_check.c.
 */
#include "client/widget/form.h"

#include <stdio.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

void
form_init(struct form *f)
{
	for (int i = 0; i < f->n; i++) {
		struct form_item *it = &f->items[i];
		ui_field_init(&it->field, it->flags & FF_COUNT ? UI_FIELD_MAX : it->max, false);
		it->choice = 0;
		it->hidden = it->locked = it->error = false;
		it->problem = NULL;
	}
	f->focus = 0;
	f->dirty = false;
}

bool
form_can_focus(const struct form *f, int i, bool custom_ok)
{
	const struct form_item *it = &f->items[i];

	return !it->hidden && !it->locked && (custom_ok || it->kind != FK_CUSTOM);
}

/* No wrapping: Tab on the last field stays there rather than jumping
 * back to the top of a long form the user was finishing. */
void
form_move(struct form *f, int dir, bool custom_ok)
{
	for (int i = f->focus + dir; i >= 0 && i < f->n; i += dir)
		if (form_can_focus(f, i, custom_ok)) {
			f->focus = i;
			return;
		}
}

/* The first character of s, lower case; WEOF for none. */
static wint_t
first_char(const char *s)
{
	mbstate_t state = { 0 };
	wchar_t wc;
	size_t len = mbrtowc(&wc, s, strlen(s), &state);

	return len == 0 || len >= (size_t)-2 ? WEOF : towlower((wint_t)wc);
}

/* A character typed on a choice: the next choice after the current one
 * (round) whose shown text or value begins with it, so that typing c again
 * steps through the c's; false when none does (the key is not the
 * choice's, and the screen may take it). */
static bool
choice_jump(struct form_item *it, int n, wint_t key)
{
	wint_t want = towlower(key);

	for (int step = 1; step <= n; step++) {
		int k = (it->choice + step) % n;
		const char *shown = it->label_of ? it->label_of(it->codes[k]) : it->codes[k];

		if (first_char(shown) == want || first_char(it->codes[k]) == want) {
			it->choice = k;
			return true;
		}
	}
	return false;
}

static bool
choice_key(struct form_item *it, int type, wint_t key)
{
	int n = 0;

	while (it->codes[n] != NULL)
		n++;
	if ((type == KEY_CODE_YES && key == KEY_RIGHT) || (type == OK && key == ' '))
		it->choice = (it->choice + 1) % n;
	else if (type == KEY_CODE_YES && key == KEY_LEFT)
		it->choice = (it->choice + n - 1) % n;
	else if (type == OK && iswgraph(key))
		return choice_jump(it, n, key);
	else
		return false;
	return true;
}

bool
form_edit(struct form *f, int type, wint_t key)
{
	struct form_item *it = &f->items[f->focus];
	struct ui_field before;
	bool changed;

	if (it->hidden || it->locked)
		return false;
	before = it->field;
	if (it->kind == FK_TEXT)
		changed = ui_field_key(&it->field, type, key);
	else if (it->kind == FK_CHOICE)
		changed = choice_key(it, type, key);
	else
		return false;
	if (changed && (it->kind == FK_CHOICE || !ui_field_same(&before, &it->field))) {
		it->error = false;   /* the user is fixing it */
		it->problem = NULL;
		f->dirty = true;
	}
	ui_wipe(&before, sizeof before);
	return changed;
}

bool
form_input(struct form *f, ui_key_t key)
{
	if (key & UI_KEY_CODE)
		return form_edit(f, KEY_CODE_YES, (wint_t)(key & ~UI_KEY_CODE));
	return form_edit(f, OK, (wint_t)key);
}

unsigned
form_key(struct form *f, ui_key_t key, bool custom_ok)
{
	if (key == UI_KEY_TAB || key == UI_K(KEY_DOWN))
		form_move(f, 1, custom_ok);
	else if (key == UI_K(KEY_BTAB) || key == UI_K(KEY_UP))
		form_move(f, -1, custom_ok);
	else if (key == UI_KEY_ENTER && f->items[f->focus].kind != FK_CUSTOM)
		form_move(f, 1, custom_ok);
	else if (!form_input(f, key))
		return 0;
	return UI_HANDLED | UI_REDRAW;
}

bool
form_unsaved(const struct form *f)
{
	return f->dirty;
}

void
form_saved(struct form *f)
{
	f->dirty = false;
}

void
form_text(const struct form *f, int i, char *buf, size_t len)
{
	char *s = buf;
	size_t n;

	ui_field_get(&f->items[i].field, buf, len);
	while (*s == ' ')
		s++;
	memmove(buf, s, strlen(s) + 1);
	n = strlen(buf);
	while (n > 0 && buf[n - 1] == ' ')
		buf[--n] = '\0';
}

const char *
form_code(const struct form *f, int i)
{
	return f->items[i].codes[f->items[i].choice];
}

void
form_set_code(struct form *f, int i, const char *code)
{
	struct form_item *it = &f->items[i];

	for (int k = 0; it->codes[k] != NULL; k++)
		if (strcmp(it->codes[k], code) == 0)
			it->choice = k;
}

void
form_draw_error(struct app *a, int y, const char *error, const char *hint)
{
	attrset(error[0] ? ui_attr(a, UI_C_ERROR) | A_BOLD : A_DIM);
	ui_put(y, 1, COLS - 2, error[0] ? error : hint);
	attrset(A_NORMAL);
}

void
form_place(const struct form_item *it, int *x, int *w)
{
	int colw = (COLS - 2) / 3;

	*x = 1 + it->col * colw;
	*w = it->span * colw - 1;
}

static void
draw_choice(struct app *a, const struct form_item *it, int y, int x, int w,
    bool focus)
{
	const char *code = it->codes[it->choice];
	char buf[128];

	snprintf(buf, sizeof buf, "< %s >", it->label_of ? it->label_of(code) : code);
	attrset(focus ? ui_attr(a, UI_C_FOCUS) | A_BOLD : it->locked ? A_DIM : A_NORMAL);
	ui_put(y, x, w, buf);
	attrset(A_NORMAL);
}

/* The label, and a `*` after it when the item is required; returns the
 * columns taken. */
static int
draw_label(struct app *a, const struct form_item *it, int y, int x, int w,
    bool focus)
{
	int lw;

	attrset(it->error ? ui_attr(a, UI_C_ERROR) | A_REVERSE :
	    focus ? A_BOLD : A_NORMAL);
	lw = ui_put(y, x, w, _(it->label));
	attrset(A_NORMAL);
	if ((it->flags & FF_REQUIRED) && !it->locked && lw + 1 < w) {
		attrset(ui_attr(a, UI_C_ERROR) | A_BOLD);
		lw += ui_put(y, x + lw, 1, "*");
		attrset(A_NORMAL);
	}
	return lw;
}

/* A counted item's "37/500" at the right end of its w columns from x, red
 * past the limit; returns the columns it took. */
static int
draw_count(struct app *a, const struct form_item *it, int y, int x, int w)
{
	char count[32];
	int cw;

	snprintf(count, sizeof count, "%d/%d", it->field.len, it->max);
	cw = ui_text_width(count);
	if (cw + 8 > w)
		return 0;   /* no room: form_check still refuses past the limit */
	attrset(it->field.len > it->max ? ui_attr(a, UI_C_ERROR) | A_BOLD : A_DIM);
	ui_put(y, x + w - cw, cw, count);
	attrset(A_NORMAL);
	return cw + 1;
}

/* Label, then the field or choice, the focused one as a bar; returns the
 * cursor column or -1. */
static int
draw_item(struct app *a, struct form_item *it, int y, bool focus)
{
	int x, w, lw, cx = -1;

	form_place(it, &x, &w);
	lw = draw_label(a, it, y, x, w, focus);
	if (lw + 2 >= w)
		return -1;
	if (it->kind == FK_CHOICE)
		draw_choice(a, it, y, x + lw + 1, w - lw - 1, focus);
	else {
		if (it->flags & FF_COUNT)
			w -= draw_count(a, it, y, x + lw + 1, w - lw - 1);
		attrset(focus ? ui_attr(a, UI_C_FOCUS) : it->locked ? A_DIM : A_UNDERLINE);
		cx = ui_field_draw(&it->field, y, x + lw + 1, w - lw - 1);
		attrset(A_NORMAL);
	}
	return focus && it->kind == FK_TEXT ? cx : -1;
}

void
form_draw(struct app *a, struct form *f, int top)
{
	int cx;

	for (int i = 0; i < f->n; i++) {
		struct form_item *it = &f->items[i];
		if (it->hidden || it->kind == FK_CUSTOM)
			continue;
		cx = draw_item(a, it, top + it->row, i == f->focus);
		if (cx >= 0) {
			a->cursor_y = top + it->row;
			a->cursor_x = cx;
		}
	}
}
