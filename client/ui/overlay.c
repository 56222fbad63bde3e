/*
 * ui/overlay.c: the stack of what is drawn over the current view and owns
 * the keyboard while it is open: the F1 help, one-line prompts, y/n
 * confirmations, the pager for long text, and any dialog a screen pushes.
 *
 * The main loop (ui/loop.c) hands every key to the top overlay and draws
 * them all, bottom first, after the view. A key the top overlay does not
 * use is swallowed: nothing typed into a dialog can reach the screen's
 * one-key actions under it. A prompt that sent a request stays open until
 * its reply: a refusal shows the error in the box with the text intact
 * (ui_prompt_error), success closes it (ui_prompt_close).
 */
#include "client/ui/ui.h"
#include "client/ui/field.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PROMPT_W 72

struct overlay *
ui_overlay_push(struct app *a, const struct overlay_ops *ops)
{
	struct overlay *o;

	if (a->noverlays == UI_MAX_OVERLAYS)
		return NULL;
	if ((o = calloc(1, sizeof *o)) == NULL ||
	    (o->priv = calloc(1, ops->size ? ops->size : 1)) == NULL) {
		free(o);
		return NULL;
	}
	o->ops = ops;
	a->overlays[a->noverlays++] = o;
	a->dirty = true;
	return o;
}

struct overlay *
ui_overlay_top(const struct app *a)
{
	return a->noverlays > 0 ? a->overlays[a->noverlays - 1] : NULL;
}

bool
ui_overlay_open(const struct app *a, const struct overlay *o)
{
	for (int i = 0; i < a->noverlays; i++)
		if (a->overlays[i] == o)
			return true;
	return false;
}

void
ui_overlay_close(struct app *a, struct overlay *o)
{
	struct overlay *top;

	if (!ui_overlay_open(a, o))
		return;
	do {
		top = a->overlays[--a->noverlays];
		if (top->request > 0)
			net_cancel(a, top->request);
		if (top->ops->destroy != NULL)
			top->ops->destroy(a, top);
		free(top->priv);
		free(top);
	} while (top != o);
	clearok(curscr, TRUE);   /* the box may have cut wide characters */
	a->dirty = true;
}

/* Blanks the box and a column either side first, so that a wide character
 * under its edge goes whole instead of leaving half a character. */
int
ui_box(struct app *a, int y, int x, int h, int w, const char *title)
{
	int from = x > 0 ? x - 1 : 0, to = x + w < COLS ? x + w : COLS - 1;

	for (int i = 0; i < h; i++)
		for (int c = from; c <= to; c++)
			mvaddch(y + i, c, ' ');
	mvvline(y + 1, x, ACS_VLINE, h - 2);
	mvvline(y + 1, x + w - 1, ACS_VLINE, h - 2);
	mvhline(y, x + 1, ACS_HLINE, w - 2);
	mvhline(y + h - 1, x + 1, ACS_HLINE, w - 2);
	mvaddch(y, x, ACS_ULCORNER);
	mvaddch(y, x + w - 1, ACS_URCORNER);
	mvaddch(y + h - 1, x, ACS_LLCORNER);
	mvaddch(y + h - 1, x + w - 1, ACS_LRCORNER);
	if (title != NULL && title[0]) {
		attrset(ui_attr(a, UI_C_TITLE));
		ui_put(y, x + 2, 1, " ");
		ui_put(y, x + 3, w - 6, title);
		ui_put(y, x + 3 + (ui_text_width(title) < w - 6 ?
		    ui_text_width(title) : w - 6), 1, " ");
		attrset(A_NORMAL);
	}
	return w - 4;
}

/* ---- the one-line prompt */

struct prompt {
	char title[256], label[128], error[512];
	struct ui_field field;
	ui_prompt_submit submit;
	bool waiting;
};

/* The text without blanks at either end. */
static void
prompt_text(const struct prompt *p, char *buf, size_t len)
{
	size_t n;
	char *s = buf;

	ui_field_get(&p->field, buf, len);
	while (*s == ' ')
		s++;
	memmove(buf, s, strlen(s) + 1);
	n = strlen(buf);
	while (n > 0 && buf[n - 1] == ' ')
		buf[--n] = '\0';
}

static unsigned
prompt_input(struct app *a, struct overlay *o, ui_key_t key)
{
	struct prompt *p = o->priv;
	char text[UI_FIELD_MAX * 4 + 1];

	if (key == UI_KEY_ESC) {
		ui_overlay_close(a, o);
		ui_message(a, false, "%s", _("Cancelled"));
	} else if (key == UI_KEY_ENTER && !p->waiting) {
		prompt_text(p, text, sizeof text);
		p->error[0] = '\0';
		p->submit(a, o, o->ctx, text);
	} else if (!p->waiting && key < UI_KEY_CODE)
		ui_field_key(&p->field, OK, (wint_t)key);
	else if (!p->waiting)
		ui_field_key(&p->field, KEY_CODE_YES, (wint_t)(key & ~UI_KEY_CODE));
	return UI_HANDLED | UI_REDRAW;
}

static void
prompt_paint(struct app *a, struct overlay *o)
{
	struct prompt *p = o->priv;
	int w = COLS - 4 < PROMPT_W ? COLS - 4 : PROMPT_W, h = 7;
	int y = (LINES - h) / 2, x = (COLS - w) / 2, lw, cx;

	ui_box(a, y, x, h, w, p->title);
	lw = ui_put(y + 2, x + 2, w - 4, p->label);
	attrset(A_UNDERLINE | ui_attr(a, UI_C_FOCUS));
	cx = ui_field_draw(&p->field, y + 2, x + 3 + lw, w - lw - 5);
	attrset(ui_attr(a, UI_C_ERROR));
	ui_put(y + 3, x + 2, w - 4, p->error);
	attrset(A_NORMAL);
	ui_put(y + 5, x + 2, w - 4, p->waiting ? _("Sending...   Esc: give up") :
	    _("Enter: confirm   Esc: go back"));
	if (!p->waiting) {
		a->cursor_y = y + 2;
		a->cursor_x = cx;
	}
}

static const struct overlay_ops prompt_ops = {
	.name = "prompt", .size = sizeof(struct prompt),
	.paint = prompt_paint, .input = prompt_input,
};

/* Keeps ctx for the overlay's callbacks: a copy when it has a size. */
static void
overlay_set_ctx(struct overlay *o, const void *ctx, size_t size)
{
	if (size > 0 && size <= sizeof o->ctx_copy) {
		memcpy(o->ctx_copy, ctx, size);
		o->ctx = o->ctx_copy;
	} else
		o->ctx = (void *)(uintptr_t)ctx;
}

void *
ui_overlay_ctx(struct overlay *o)
{
	return o->ctx;
}

struct overlay *
ui_prompt(struct app *a, const char *title, const char *label,
    const char *initial, ui_prompt_submit submit, const void *ctx,
    size_t ctx_size)
{
	struct overlay *o = ui_overlay_push(a, &prompt_ops);
	struct prompt *p;

	if (o == NULL)
		return NULL;
	overlay_set_ctx(o, ctx, ctx_size);
	p = o->priv;
	ui_copy(p->title, sizeof p->title, title);
	ui_copy(p->label, sizeof p->label, label);
	ui_field_init(&p->field, UI_FIELD_MAX, false);
	ui_field_set(&p->field, initial ? initial : "");
	p->submit = submit;
	return o;
}

void
ui_prompt_error(struct app *a, struct overlay *o, const char *fmt, ...)
{
	struct prompt *p;
	va_list ap;

	if (!ui_overlay_open(a, o) || o->ops != &prompt_ops)
		return;
	p = o->priv;
	va_start(ap, fmt);
	vsnprintf(p->error, sizeof p->error, fmt, ap);
	va_end(ap);
	p->waiting = false;
	o->request = 0;
	a->dirty = true;
}

void
ui_prompt_wait(struct app *a, struct overlay *o, int64_t request)
{
	struct prompt *p;

	if (!ui_overlay_open(a, o) || o->ops != &prompt_ops)
		return;
	p = o->priv;
	if (request <= 0) {
		ui_prompt_error(a, o, "%s", _("Not connected; try again when the connection is back"));
		return;
	}
	p->waiting = true;
	o->request = request;
	a->dirty = true;
}

bool
ui_prompt_answered(struct app *a, struct overlay *o, const cJSON *reply)
{
	char text[512];

	if (reply == NULL) {   /* it may have been done: the user looks first */
		ui_prompt_error(a, o, "%s", _("The connection dropped before the answer: "
		    "look at the ticket before trying again"));
		return false;
	}
	if (!reply_ok(reply)) {
		net_error_text(reply, text, sizeof text);
		ui_prompt_error(a, o, "%s", text);
		return false;
	}
	return true;
}

void
ui_prompt_close(struct app *a, struct overlay *o)
{
	if (ui_overlay_open(a, o))
		o->request = 0;   /* answered: nothing to cancel */
	ui_overlay_close(a, o);
}

/* ---- y/n */

struct confirm {
	char question[512];
	ui_confirm_fn yes;
};

static unsigned
confirm_input(struct app *a, struct overlay *o, ui_key_t key)
{
	struct confirm *c = o->priv;
	ui_confirm_fn yes = c->yes;
	unsigned char ctx[UI_CTX_MAX];
	void *arg = o->ctx == o->ctx_copy ? ctx : o->ctx;

	if (key == 'y' || key == 'Y') {
		memcpy(ctx, o->ctx_copy, sizeof ctx);   /* the overlay goes first */
		ui_overlay_close(a, o);
		yes(a, arg);
	} else if (key == 'n' || key == 'N' || key == UI_KEY_ESC) {
		ui_overlay_close(a, o);
		ui_message(a, false, "%s", _("Nothing done"));
	}
	return UI_HANDLED | UI_REDRAW;
}

static void
confirm_paint(struct app *a, struct overlay *o)
{
	struct confirm *c = o->priv;
	int tw = ui_text_width(c->question) + 6, w = tw < 40 ? 40 : tw, h = 6;
	int y, x;

	w = w > COLS - 4 ? COLS - 4 : w;
	y = (LINES - h) / 2;
	x = (COLS - w) / 2;
	ui_box(a, y, x, h, w, _("Confirm"));
	attrset(A_BOLD);
	ui_put(y + 2, x + 3, w - 6, c->question);
	attrset(A_NORMAL);
	ui_put(y + 3, x + 3, w - 6, _("y: yes   n or Esc: no"));
}

static const struct overlay_ops confirm_ops = {
	.name = "confirm", .size = sizeof(struct confirm),
	.paint = confirm_paint, .input = confirm_input,
};

void
ui_confirm(struct app *a, const char *question, ui_confirm_fn yes,
    const void *ctx, size_t ctx_size, bool always)
{
	struct overlay *o;
	struct confirm *c;

	if (!a->cfg.confirm && !always) {
		yes(a, (void *)(uintptr_t)ctx);
		return;
	}
	if ((o = ui_overlay_push(a, &confirm_ops)) == NULL)
		return;
	overlay_set_ctx(o, ctx, ctx_size);
	c = o->priv;
	ui_copy(c->question, sizeof c->question, question);
	c->yes = yes;
}

/* ---- the pager */

struct pager {
	char title[256];
	char **lines;
	int n, top, width;   /* lines wrapped for this width */
	char *text;
};

static void
pager_free_lines(struct pager *p)
{
	ui_lines_free(p->lines, p->n);
	p->lines = NULL;
	p->n = 0;
}

static void
pager_layout(struct pager *p, int width)
{
	pager_free_lines(p);
	p->width = width;
	p->n = ui_wrap(p->text, width, &p->lines);
}

static void
pager_geometry(int *y, int *x, int *h, int *w)
{
	*w = COLS - 4 > 100 ? 100 : COLS - 4;
	*h = LINES - 4;
	*y = 2;
	*x = (COLS - *w) / 2;
}

static void
pager_paint(struct app *a, struct overlay *o)
{
	struct pager *p = o->priv;
	int y, x, h, w, rows;
	char more[64];

	pager_geometry(&y, &x, &h, &w);
	if (p->width != w - 4)
		pager_layout(p, w - 4);
	rows = h - 3;
	if (p->top > p->n - rows)
		p->top = p->n - rows > 0 ? p->n - rows : 0;
	ui_box(a, y, x, h, w, p->title);
	for (int i = 0; i < rows && p->top + i < p->n; i++)
		ui_put(y + 1 + i, x + 2, w - 4, p->lines[p->top + i]);
	snprintf(more, sizeof more, _("lines %d-%d of %d"), p->n ? p->top + 1 : 0,
	    p->top + rows < p->n ? p->top + rows : p->n, p->n);
	ui_put(y + h - 2, x + 2, w - 4, _("Up/Down, PgUp/PgDn: scroll   Esc, q, Enter: close"));
	ui_put_right(y + h - 2, x + 2, w - 4, more);
}

static unsigned
pager_input(struct app *a, struct overlay *o, ui_key_t key)
{
	struct pager *p = o->priv;
	int y, x, h, w, page;

	pager_geometry(&y, &x, &h, &w);
	page = h - 3 > 1 ? h - 3 : 1;
	if (key == UI_KEY_ESC || key == 'q' || key == UI_KEY_ENTER)
		ui_overlay_close(a, o);
	else if (key == UI_K(KEY_DOWN) || key == 'j')
		p->top++;
	else if ((key == UI_K(KEY_UP) || key == 'k') && p->top > 0)
		p->top--;
	else if (key == UI_K(KEY_NPAGE) || key == ' ')
		p->top += page;
	else if (key == UI_K(KEY_PPAGE))
		p->top = p->top > page ? p->top - page : 0;
	else if (key == UI_K(KEY_HOME))
		p->top = 0;
	else if (key == UI_K(KEY_END))
		p->top = p->n;
	return UI_HANDLED | UI_REDRAW;
}

static void
pager_destroy(struct app *a, struct overlay *o)
{
	struct pager *p = o->priv;

	(void)a;
	pager_free_lines(p);
	free(p->text);
}

static const struct overlay_ops pager_ops = {
	.name = "pager", .size = sizeof(struct pager),
	.paint = pager_paint, .input = pager_input, .destroy = pager_destroy,
};

void
ui_pager(struct app *a, const char *title, const char *text)
{
	struct overlay *o = ui_overlay_push(a, &pager_ops);
	struct pager *p;

	if (o == NULL)
		return;
	p = o->priv;
	ui_copy(p->title, sizeof p->title, title);
	p->text = strdup(text != NULL ? text : "");
}
