/*
 * ui/field.c: one-line text fields that edit by character; see ui/field.h.
 */
#include "client/ui/field.h"

#include <string.h>

#define CTRL(c) ((c) & 0x1F)

void
ui_field_init(struct ui_field *f, int max, bool secret)
{
	memset(f, 0, sizeof *f);
	f->max = max > 0 && max <= UI_FIELD_MAX ? max : UI_FIELD_MAX;
	f->secret = secret;
}

void
ui_field_clear(struct ui_field *f)
{
	ui_wipe(f->text, sizeof f->text);
	f->len = f->cur = f->scroll = 0;
}

void
ui_field_set(struct ui_field *f, const char *utf8)
{
	wchar_t wc;
	size_t k;

	ui_field_clear(f);
	while (f->len < f->max && (k = ui_utf8_decode(utf8, &wc)) > 0) {
		if (ui_wc_width(wc) >= 0)
			f->text[f->len++] = wc;
		utf8 += k;
	}
	f->cur = f->len;
}

void
ui_field_get(const struct ui_field *f, char *out, size_t len)
{
	ui_utf8_encode(f->text, (size_t)f->len, out, len);
}

bool
ui_field_same(const struct ui_field *a, const struct ui_field *b)
{
	return a->len == b->len &&
	    memcmp(a->text, b->text, (size_t)a->len * sizeof *a->text) == 0;
}

static bool
field_insert(struct ui_field *f, wchar_t wc)
{
	if (f->len >= f->max || ui_wc_width(wc) < 0)
		return false;
	memmove(f->text + f->cur + 1, f->text + f->cur,
	    (size_t)(f->len - f->cur) * sizeof *f->text);
	f->text[f->cur++] = wc;
	f->len++;
	return true;
}

/* Removes n characters starting at index at. */
static bool
field_delete(struct ui_field *f, int at, int n)
{
	if (n <= 0 || at < 0 || at + n > f->len)
		return false;
	memmove(f->text + at, f->text + at + n,
	    (size_t)(f->len - at - n) * sizeof *f->text);
	f->len -= n;
	ui_wipe(f->text + f->len, (size_t)n * sizeof *f->text);
	if (f->cur > at)
		f->cur = f->cur - at >= n ? f->cur - n : at;
	return true;
}

/* Function keys that move the cursor or delete; false for other keys. */
static bool
field_fkey(struct ui_field *f, wint_t key, bool *changed)
{
	int old = f->cur;

	switch (key) {
	case KEY_LEFT: if (f->cur > 0) f->cur--; break;
	case KEY_RIGHT: if (f->cur < f->len) f->cur++; break;
	case KEY_HOME: f->cur = 0; break;
	case KEY_END: f->cur = f->len; break;
	case KEY_BACKSPACE: *changed = field_delete(f, f->cur - 1, 1); return true;
	case KEY_DC: *changed = field_delete(f, f->cur, 1); return true;
	default: return false;
	}
	*changed = f->cur != old;
	return true;
}

/* Control characters, emacs style: ^A ^E ^H ^D ^U ^K, DEL. */
static bool
field_ctrl(struct ui_field *f, wint_t key, bool *changed)
{
	int old = f->cur;

	switch (key) {
	case CTRL('a'): f->cur = 0; break;
	case CTRL('e'): f->cur = f->len; break;
	case 0x7F: case CTRL('h'):
		*changed = field_delete(f, f->cur - 1, 1);
		return true;
	case CTRL('d'): *changed = field_delete(f, f->cur, 1); return true;
	case CTRL('u'): *changed = field_delete(f, 0, f->cur); return true;
	case CTRL('k'): *changed = field_delete(f, f->cur, f->len - f->cur); return true;
	default: return false;
	}
	*changed = f->cur != old;
	return true;
}

bool
ui_field_key(struct ui_field *f, int type, wint_t key)
{
	bool changed = false;

	if (type == KEY_CODE_YES)
		return field_fkey(f, key, &changed) && changed;
	if (field_ctrl(f, key, &changed))
		return changed;
	if (key >= 0x20)
		return field_insert(f, (wchar_t)key);
	return false;
}

static int
char_cols(const struct ui_field *f, int i)
{
	int w = f->secret ? 1 : ui_wc_width(f->text[i]);

	return w < 0 ? 1 : w;
}

/* Moves the scroll offset so the cursor fits in width columns. */
static void
field_scroll(struct ui_field *f, int width)
{
	int w = 0, i;

	if (f->cur < f->scroll)
		f->scroll = f->cur;
	for (i = f->scroll; i < f->cur; i++)
		w += char_cols(f, i);
	while (w > width - 1 && f->scroll < f->cur)
		w -= char_cols(f, f->scroll++);
}

int
ui_field_draw(struct ui_field *f, int y, int x, int width)
{
	int col = 0, cursor = x, i, w;

	field_scroll(f, width);
	for (i = f->scroll; i < f->len; i++) {
		w = char_cols(f, i);
		if (col + w > width)
			break;
		if (i == f->cur)
			cursor = x + col;
		if (f->secret)
			mvaddch(y, x + col, '*');
		else
			mvaddnwstr(y, x + col, &f->text[i], 1);
		col += w;
	}
	if (f->cur >= i)
		cursor = x + col;
	for (; col < width; col++)
		mvaddch(y, x + col, ' ');
	return cursor;
}
