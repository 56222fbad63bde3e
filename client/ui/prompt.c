/*
 * ui/prompt.c: a one-line question in a box over the current view: the
 * reason for a cancellation, the time of an appointment, a note. Enter
 * answers (the callback gets the text and the tag it was opened with), Esc
 * gives up. While it is open it takes every key but the global F1 and F10.
 */
#include "client/widget/field.h"

#include <stdio.h>
#include <string.h>

#define BOX_W 72

static struct {
	bool open;
	char title[260], label[128], tag[64];
	struct ui_field field;
	ui_prompt_done done;
} P;

void
ui_prompt_open(struct app *a, const char *title, const char *label,
    const char *initial, ui_prompt_done done, const char *tag)
{
	snprintf(P.title, sizeof P.title, " %s ", title);
	ui_copy(P.label, sizeof P.label, label);
	ui_copy(P.tag, sizeof P.tag, tag ? tag : "");
	ui_field_init(&P.field, UI_FIELD_MAX, false);
	ui_field_set(&P.field, initial ? initial : "");
	P.done = done;
	P.open = true;
	a->dirty = true;
}

bool
ui_prompt_active(void)
{
	return P.open;
}

/* The text without blanks at either end. */
static void
prompt_text(char *buf, size_t len)
{
	size_t n;
	char *s = buf;

	ui_field_get(&P.field, buf, len);
	while (*s == ' ')
		s++;
	memmove(buf, s, strlen(s) + 1);
	n = strlen(buf);
	while (n > 0 && buf[n - 1] == ' ')
		buf[--n] = '\0';
}

void
ui_prompt_key(struct app *a, int type, wint_t key)
{
	char text[UI_FIELD_MAX * 4 + 1], tag[sizeof P.tag];

	if (ui_key_esc(type, key) || ui_key_enter(type, key))
		clearok(curscr, TRUE);   /* the box may have cut wide characters */
	if (ui_key_esc(type, key)) {
		P.open = false;
		ui_message(a, false, "%s", _("Cancelled"));
	} else if (ui_key_enter(type, key)) {
		prompt_text(text, sizeof text);
		ui_copy(tag, sizeof tag, P.tag);
		P.open = false;
		P.done(a, text, tag);
	} else
		ui_field_key(&P.field, type, key);
}

void
ui_prompt_draw(struct app *a)
{
	int w = COLS - 4 < BOX_W ? COLS - 4 : BOX_W, h = 6;
	int y = (LINES - h) / 2, x = (COLS - w) / 2, lw, cx;

	for (int i = 0; i < h; i++)
		ui_put(y + i, x - 1 > 0 ? x - 1 : 0, w + 2, "");
	attrset(ui_attr(a, UI_C_TITLE));
	mvhline(y, x, ACS_HLINE, w);
	ui_put(y, x + 2, w - 4, P.title);
	attrset(A_NORMAL);
	lw = ui_put(y + 2, x + 2, w - 4, P.label);
	attrset(A_UNDERLINE);
	cx = ui_field_draw(&P.field, y + 2, x + 3 + lw, w - lw - 5);
	attrset(A_NORMAL);
	ui_put(y + 4, x + 2, w - 4, _("Enter: confirm   Esc: go back"));
	mvhline(y + h - 1, x, ACS_HLINE, w);
	a->cursor_y = y + 2;
	a->cursor_x = cx;
}
