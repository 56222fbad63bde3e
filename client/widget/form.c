/*
 * widget/form.c: forms of labelled items on a grid; see widget/form.h.
 */
#include "client/widget/form.h"

#include <stdio.h>
#include <string.h>

void
form_init(struct form *f)
{
	for (int i = 0; i < f->n; i++) {
		struct form_item *it = &f->items[i];
		ui_field_init(&it->field, it->max, false);
		it->choice = 0;
		it->hidden = it->locked = it->error = false;
	}
	f->focus = 0;
}

bool
form_can_focus(const struct form *f, int i, bool custom_ok)
{
	const struct form_item *it = &f->items[i];

	return !it->hidden && !it->locked && (custom_ok || it->kind != FK_CUSTOM);
}

void
form_move(struct form *f, int dir, bool custom_ok)
{
	int i = f->focus;

	for (int k = 0; k < f->n; k++) {
		i = (i + dir + f->n) % f->n;
		if (form_can_focus(f, i, custom_ok)) {
			f->focus = i;
			return;
		}
	}
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
	else
		return false;
	return true;
}

bool
form_edit(struct form *f, int type, wint_t key)
{
	struct form_item *it = &f->items[f->focus];
	bool changed;

	if (it->hidden || it->locked)
		return false;
	if (it->kind == FK_TEXT)
		changed = ui_field_key(&it->field, type, key);
	else if (it->kind == FK_CHOICE)
		changed = choice_key(it, type, key);
	else
		return false;
	if (changed)
		it->error = false;
	return changed;
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

/* field is wire itself or names a part of it: "customer.phones[1]". */
static bool
names(const char *field, const char *wire)
{
	size_t n = strlen(wire);

	return strncmp(field, wire, n) == 0 &&
	    (field[n] == '\0' || field[n] == '[' || field[n] == '.');
}

int
form_mark_error(struct form *f, const char *field,
    const char *const (*aliases)[2])
{
	for (int k = 0; aliases != NULL && aliases[k][0] != NULL; k++)
		if (strcmp(field, aliases[k][0]) == 0)
			field = aliases[k][1];
	for (int i = 0; field[0] && i < f->n; i++)
		if (f->items[i].wire != NULL && names(field, f->items[i].wire)) {
			f->items[i].error = true;
			if (form_can_focus(f, i, true))
				f->focus = i;
			return i;
		}
	return -1;
}

void
form_clear_errors(struct form *f)
{
	for (int i = 0; i < f->n; i++)
		f->items[i].error = false;
}

void
form_place(const struct form_item *it, int *x, int *w)
{
	int colw = (COLS - 2) / 3;

	*x = 1 + it->col * colw;
	*w = it->span * colw - 1;
}

static void
draw_choice(const struct form_item *it, int y, int x, int w, bool focus)
{
	const char *code = it->codes[it->choice];
	char buf[128];

	snprintf(buf, sizeof buf, "< %s >", it->label_of ? it->label_of(code) : code);
	attrset(focus ? A_REVERSE : it->locked ? A_DIM : A_NORMAL);
	ui_put(y, x, w, buf);
	attrset(A_NORMAL);
}

/* Label, then the field or choice; returns the cursor column or -1. */
static int
draw_item(struct app *a, struct form_item *it, int y, bool focus)
{
	int x, w, lw, cx = -1;

	form_place(it, &x, &w);
	attrset(it->error ? ui_attr(a, UI_C_ERROR) | A_REVERSE :
	    focus ? A_BOLD : A_NORMAL);
	lw = ui_put(y, x, w, _(it->label));
	attrset(A_NORMAL);
	if (lw + 2 >= w)
		return -1;
	if (it->kind == FK_CHOICE)
		draw_choice(it, y, x + lw + 1, w - lw - 1, focus);
	else {
		attrset(it->locked ? A_DIM : A_UNDERLINE);
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
