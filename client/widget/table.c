/*
 * widget/table.c: the list widget (see widget/table.h): the rows shown
 * (filter, then sort, by the source's own cells), the selection kept by
 * key, search and filter typed in a line at the foot of the screen (an
 * overlay, so that the list's one-key actions never see the letters), and
 * the columns laid out to the terminal's width.
 */
#include "client/widget/table.h"
#include "client/ui/field.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#define MIN_FLEX 8

void
table_init(struct table *t, const struct table_column *cols, int ncols,
    const struct table_source *src, const void *data)
{
	memset(t, 0, sizeof *t);
	t->cols = cols;
	t->ncols = ncols;
	t->src = src;
	t->data = data;
	t->sort_col = -1;
}

void
table_free(struct table *t)
{
	free(t->order);
	t->order = NULL;
	t->norder = t->cap = 0;
}

/* Lower-cases ASCII and full-width letters alike for matching. */
static wchar_t
fold(wchar_t c)
{
	return (wchar_t)towlower((wint_t)c);
}

bool
table_match(const char *text, const char *needle)
{
	wchar_t h[TABLE_TEXT * 2], n[TABLE_TEXT];
	size_t hl = 0, nl = 0, k;
	wchar_t wc;

	for (; *needle && nl < TABLE_TEXT; needle += k) {
		if ((k = ui_utf8_decode(needle, &wc)) == 0)
			break;
		n[nl++] = fold(wc);
	}
	if (nl == 0)
		return true;
	for (; *text && hl < TABLE_TEXT * 2; text += k) {
		if ((k = ui_utf8_decode(text, &wc)) == 0)
			break;
		h[hl++] = fold(wc);
	}
	for (size_t i = 0; i + nl <= hl; i++)
		if (wmemcmp(h + i, n, nl) == 0)
			return true;
	return false;
}

/* Does any column of the row contain needle? */
static bool
row_matches(const struct table *t, size_t row, const char *needle)
{
	char cell[TABLE_TEXT];

	for (int c = 0; c < t->ncols; c++) {
		t->src->cell(t->app, t->data, row, c, cell, sizeof cell);
		if (table_match(cell, needle))
			return true;
	}
	return false;
}

static int
by_column(const void *x, const void *y, void *ctx)
{
	const struct table *t = ctx;
	size_t a = *(const size_t *)x, b = *(const size_t *)y;
	char ca[TABLE_TEXT], cb[TABLE_TEXT];
	int r = 2;

	if (t->src->compare != NULL)
		r = t->src->compare(t->app, t->data, a, b, t->sort_col);
	if (r == 2) {
		t->src->cell(t->app, t->data, a, t->sort_col, ca, sizeof ca);
		t->src->cell(t->app, t->data, b, t->sort_col, cb, sizeof cb);
		r = strcoll(ca, cb);
	}
	if (r == 0)   /* stable: the source's order */
		r = a < b ? -1 : a > b;
	else if (t->sort_desc)
		r = -r;
	return r;
}

static void
remember_selection(struct table *t)
{
	size_t row;

	if (table_selected(t, &row) && t->src->key != NULL)
		t->src->key(t->data, row, t->sel_key, sizeof t->sel_key);
}

void
table_refresh(struct table *t, const struct app *a)
{
	size_t n = t->src->count(t->data), *o;

	t->app = a;
	if (n > t->cap) {
		if ((o = realloc(t->order, n * sizeof *o)) == NULL)
			return;
		t->order = o;
		t->cap = n;
	}
	t->norder = 0;
	for (size_t i = 0; i < n; i++)
		if (!t->filter[0] || row_matches(t, i, t->filter))
			t->order[t->norder++] = i;
	if (t->sort_col >= 0 && t->norder > 1) {
		qsort_r(t->order, t->norder, sizeof *t->order, by_column, t);
	}
	if (!t->sel_key[0] || !table_select_key(t, t->sel_key))
		t->sel = t->norder == 0 ? 0 : t->sel < t->norder ? t->sel : t->norder - 1;
	remember_selection(t);
}

bool
table_selected(const struct table *t, size_t *row)
{
	if (t->sel >= t->norder)
		return false;
	*row = t->order[t->sel];
	return true;
}

bool
table_select_key(struct table *t, const char *key)
{
	char k[64];

	if (t->src->key == NULL)
		return false;
	for (size_t i = 0; i < t->norder; i++) {
		t->src->key(t->data, t->order[i], k, sizeof k);
		if (strcmp(k, key) == 0) {
			t->sel = i;
			ui_copy(t->sel_key, sizeof t->sel_key, key);
			return true;
		}
	}
	return false;
}

static void
move_to(struct table *t, long i)
{
	if (t->norder == 0)
		return;
	if (i < 0)
		i = 0;
	if ((size_t)i >= t->norder)
		i = (long)t->norder - 1;
	t->sel = (size_t)i;
	remember_selection(t);
}

/* The next row from the selection (dir 1) or the previous (-1) that
 * matches the search, wrapping round; false when none does. */
static bool
search_step(struct table *t, int dir, bool include_current)
{
	size_t n = t->norder;

	if (n == 0 || !t->search[0])
		return false;
	for (size_t k = include_current ? 0 : 1; k < n + !include_current; k++) {
		size_t i = dir > 0 ? (t->sel + k) % n : (t->sel + n - k % n) % n;
		if (row_matches(t, t->order[i], t->search)) {
			move_to(t, (long)i);
			return true;
		}
	}
	return false;
}

/* ---- the line at the foot of the screen where a search or a filter is
 * typed: each key applies at once; Enter keeps it, Esc goes back. */

struct find_line {
	struct table *t;
	bool filter;
	size_t sel_before;
	char before[TABLE_TEXT];
	struct ui_field field;
};

static void
find_apply(struct app *a, struct find_line *f)
{
	char text[TABLE_TEXT];

	ui_field_get(&f->field, text, sizeof text);
	if (f->filter) {
		ui_copy(f->t->filter, sizeof f->t->filter, text);
		table_refresh(f->t, a);
		return;
	}
	ui_copy(f->t->search, sizeof f->t->search, text);
	f->t->sel = f->sel_before;
	if (text[0] && !search_step(f->t, 1, true))
		ui_message(a, true, _("No row has \"%s\""), text);
	else
		a->message[0] = '\0';
}

static unsigned
find_input(struct app *a, struct overlay *o, ui_key_t key)
{
	struct find_line *f = o->priv;

	if (key == UI_KEY_ENTER) {
		ui_overlay_close(a, o);
		return UI_HANDLED | UI_REDRAW;
	}
	if (key == UI_KEY_ESC) {
		if (f->filter) {
			ui_copy(f->t->filter, sizeof f->t->filter, f->before);
			table_refresh(f->t, a);
		} else {
			ui_copy(f->t->search, sizeof f->t->search, f->before);
			move_to(f->t, (long)f->sel_before);
		}
		ui_overlay_close(a, o);
		return UI_HANDLED | UI_REDRAW;
	}
	if (key & UI_KEY_CODE)
		ui_field_key(&f->field, KEY_CODE_YES, (wint_t)(key & ~UI_KEY_CODE));
	else
		ui_field_key(&f->field, OK, (wint_t)key);
	find_apply(a, f);
	return UI_HANDLED | UI_REDRAW;
}

static void
find_paint(struct app *a, struct overlay *o)
{
	struct find_line *f = o->priv;
	const char *label = f->filter ? _("Filter:") : _("Search:");
	int y = LINES - 2, lw;

	move(y, 0);
	clrtoeol();
	attrset(ui_attr(a, UI_C_TITLE));
	lw = ui_put(y, 0, COLS, label);
	attrset(ui_attr(a, UI_C_FOCUS));
	a->cursor_x = ui_field_draw(&f->field, y, lw + 1, COLS / 2);
	a->cursor_y = y;
	attrset(A_NORMAL);
	ui_put(y, lw + 2 + COLS / 2, COLS - lw - 2 - COLS / 2,
	    _("Enter: keep   Esc: back"));
}

static const struct overlay_ops find_ops = {
	.name = "find", .size = sizeof(struct find_line),
	.paint = find_paint, .input = find_input,
};

static void
find_open(struct table *t, struct app *a, bool filter)
{
	struct overlay *o = ui_overlay_push(a, &find_ops);
	struct find_line *f;

	if (o == NULL)
		return;
	f = o->priv;
	f->t = t;
	f->filter = filter;
	f->sel_before = t->sel;
	ui_copy(f->before, sizeof f->before, filter ? t->filter : t->search);
	ui_field_init(&f->field, TABLE_TEXT / 4, false);
	ui_field_set(&f->field, filter ? t->filter : "");
}

/* Next sortable column after (dir 1) or before (-1) the current one; -1,
 * the source's own order, comes round between the last and the first. */
static void
sort_step(struct table *t, int dir)
{
	int c = t->sort_col;

	for (int k = 0; k <= t->ncols; k++) {
		c += dir;
		if (c >= t->ncols)
			c = -1;
		else if (c < -1)
			c = t->ncols - 1;
		if (c == -1 || t->cols[c].sortable)
			break;
	}
	t->sort_col = c;
	t->sort_desc = false;
}

static unsigned
table_move_key(struct table *t, ui_key_t key)
{
	long page = t->page > 1 ? t->page - 1 : 1, sel = (long)t->sel;

	if (key == UI_K(KEY_DOWN) || key == 'j')
		move_to(t, sel + 1);
	else if (key == UI_K(KEY_UP) || key == 'k')
		move_to(t, sel - 1);
	else if (key == UI_K(KEY_NPAGE))
		move_to(t, sel + page);
	else if (key == UI_K(KEY_PPAGE))
		move_to(t, sel - page);
	else if (key == UI_K(KEY_HOME))
		move_to(t, 0);
	else if (key == UI_K(KEY_END))
		move_to(t, (long)t->norder - 1);
	else if (key == UI_K(KEY_RIGHT) && t->more_right)
		t->hscroll++;
	else if (key == UI_K(KEY_LEFT) && t->hscroll > 0)
		t->hscroll--;
	else if (key == UI_K(KEY_RIGHT) || key == UI_K(KEY_LEFT))
		;   /* nothing further that way: still the list's key */
	else
		return 0;
	return UI_HANDLED | UI_REDRAW;
}

unsigned
table_key(struct table *t, struct app *a, ui_key_t key)
{
	unsigned r = table_move_key(t, key);

	if (r != 0)
		return r;
	if (key == '/')
		find_open(t, a, false);
	else if (key == 'F')
		find_open(t, a, true);
	else if ((key == 'n' || key == 'N') && !t->search[0])
		ui_message(a, false, "%s", _("Nothing to find again: / searches"));
	else if (key == 'n' || key == 'N') {
		if (!search_step(t, key == 'n' ? 1 : -1, false))
			ui_message(a, true, _("No row has \"%s\""), t->search);
	} else if (key == '<' || key == '>') {
		sort_step(t, key == '>' ? 1 : -1);
		table_refresh(t, a);
	} else if (key == 'I' && t->sort_col >= 0) {
		t->sort_desc = !t->sort_desc;
		table_refresh(t, a);
	} else
		return 0;
	return UI_HANDLED | UI_REDRAW;
}

const char *
table_filter_text(const struct table *t, char *buf, size_t len)
{
	if (!t->filter[0])
		buf[0] = '\0';
	else
		snprintf(buf, len, _("Filter: %s (F to change)"), t->filter);
	return buf;
}

/* ---- layout: which columns are shown and how wide */

struct layout {
	int col[32], width[32], n;
};

static int
layout_total(const struct table *t, const bool *shown)
{
	int w = 0;

	for (int c = 0; c < t->ncols; c++)
		if (shown[c])
			w += (t->cols[c].width > 0 ? t->cols[c].width : MIN_FLEX) + 1;
	return w;
}

/* Scrolled right: the first hscroll hideable columns after the first go,
 * left to right. */
static void
hide_scrolled(struct table *t, bool *shown)
{
	int skip = t->hscroll;

	for (int c = 1; c < t->ncols && skip > 0; c++)
		if (t->cols[c].hide > 0) {
			shown[c] = false;
			skip--;
		}
	t->hscroll -= skip;   /* no further than there are columns */
}

/* Too wide: the least important go (the highest hide first); the width
 * the shown columns take. */
static int
hide_narrow(struct table *t, bool *shown, int width)
{
	int total, worst;

	t->more_right = false;
	while ((total = layout_total(t, shown)) > width) {
		worst = -1;
		for (int c = 0; c < t->ncols; c++)
			if (shown[c] && t->cols[c].hide > 0 &&
			    (worst < 0 || t->cols[c].hide > t->cols[worst].hide))
				worst = c;
		if (worst < 0)
			break;
		shown[worst] = false;
		t->more_right = true;
	}
	return total;
}

static void
layout_columns(struct table *t, int width, struct layout *l)
{
	bool shown[32];
	int total, flex = -1;

	for (int c = 0; c < t->ncols && c < 32; c++)
		shown[c] = true;
	hide_scrolled(t, shown);
	total = hide_narrow(t, shown, width);
	l->n = 0;
	for (int c = 0; c < t->ncols && c < 32; c++) {
		if (!shown[c])
			continue;
		if (t->cols[c].width == 0)
			flex = l->n;
		l->col[l->n] = c;
		l->width[l->n++] = t->cols[c].width > 0 ? t->cols[c].width : MIN_FLEX;
	}
	if (flex >= 0 && total < width)
		l->width[flex] += width - total;
}

static void
draw_header(struct table *t, struct app *a, const struct layout *l, int y)
{
	int x = 1;
	char title[128];

	attrset(A_BOLD | A_UNDERLINE);
	mvhline(y, 0, ' ', COLS);
	for (int i = 0; i < l->n; i++) {
		const struct table_column *c = &t->cols[l->col[i]];
		snprintf(title, sizeof title, "%s%s", _(c->title),
		    l->col[i] == t->sort_col ? (t->sort_desc ? "\u25bc" : "\u25b2") : "");
		if (c->right)
			ui_put_right(y, x, l->width[i], title);
		else
			ui_put(y, x, l->width[i], title);
		x += l->width[i] + 1;
	}
	if (t->hscroll > 0)
		ui_put(y, 0, 1, "<");
	if (t->more_right)
		ui_put(y, COLS - 1, 1, ">");
	attrset(A_NORMAL);
	(void)a;
}

void
table_draw(struct table *t, struct app *a, int top, int rows)
{
	struct layout l;
	char cell[TABLE_TEXT];
	size_t row;

	t->app = a;
	layout_columns(t, COLS - 2, &l);
	draw_header(t, a, &l, top);
	t->page = rows - 1;
	if (t->sel < t->top)
		t->top = t->sel;
	if (t->page > 0 && t->sel >= t->top + (size_t)t->page)
		t->top = t->sel - (size_t)t->page + 1;
	for (int i = 0; i < t->page && t->top + (size_t)i < t->norder; i++) {
		int x = 1, y = top + 1 + i;
		row = t->order[t->top + (size_t)i];
		attrset(t->src->attr != NULL ? t->src->attr(a, t->data, row) : A_NORMAL);
		if (t->top + (size_t)i == t->sel)
			attron(A_REVERSE);
		mvhline(y, 0, ' ', COLS);
		for (int k = 0; k < l.n; k++) {
			t->src->cell(a, t->data, row, l.col[k], cell, sizeof cell);
			if (t->cols[l.col[k]].right)
				ui_put_right(y, x, l.width[k], cell);
			else
				ui_put(y, x, l.width[k], cell);
			x += l.width[k] + 1;
		}
		attrset(A_NORMAL);
	}
}
