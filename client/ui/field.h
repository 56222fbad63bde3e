/*
 * ui/field.h: a one-line text field that edits by character.
 *
 * Text is kept as wide characters so Chinese edits one character at a time;
 * the cursor is placed by display width (a CJK character takes two columns)
 * and the field scrolls sideways when the text is wider than the box.
 */
#ifndef SVCDESK_UI_FIELD_H
#define SVCDESK_UI_FIELD_H

#include "client/ui/ui.h"

/* What a field holds at most: more than any limit a form counts
 * (widget/form.h, FF_COUNT), so that text typed or pasted past the
 * limit stays there to be seen and refused, not cut: above the longest,
 * FINDING_MAX (common/records.h, 4000), with room for a paste past it. */
#define UI_FIELD_MAX 8192

struct ui_field {
	wchar_t text[UI_FIELD_MAX + 1];
	int len, cur, scroll;
	int max;        /* characters allowed (<= UI_FIELD_MAX) */
	bool secret;    /* show '*' instead of the characters */
};

void ui_field_init(struct ui_field *f, int max, bool secret);
void ui_field_set(struct ui_field *f, const char *utf8);
void ui_field_clear(struct ui_field *f);
/* UTF-8 text of the field into out. */
void ui_field_get(const struct ui_field *f, char *out, size_t len);
/* Both hold the same text (the cursor aside). */
bool ui_field_same(const struct ui_field *a, const struct ui_field *b);
/* True when the key edited or moved in the field. */
bool ui_field_key(struct ui_field *f, int type, wint_t key);
/* Draws the field in width columns; returns the cursor's column. */
int ui_field_draw(struct ui_field *f, int y, int x, int width);

#endif
