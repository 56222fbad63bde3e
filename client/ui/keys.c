/*
 * ui/keys.c: a view's key table, the one place a screen's keys are
 * described. The key bar (ui/frame.c), the F1 help and the dispatch of a
 * key to its action are all generated from it, so they cannot disagree;
 * whether a key applies now is its `when`, asked by the bar and the
 * dispatch alike. Keys arrive here as ui_key_t (see ui/ui.h).
 */
#include "client/ui/ui.h"

#include <stdio.h>
#include <string.h>

ui_key_t
ui_key_make(int type, wint_t key)
{
	if (type == KEY_CODE_YES)
		return key == KEY_ENTER ? UI_KEY_ENTER : UI_K(key);
	if (key == '\n')
		return UI_KEY_ENTER;
	return (ui_key_t)key;
}

const struct ui_key *
ui_keys_find(const struct ui_key *keys, ui_key_t key)
{
	for (; keys != NULL && keys->key != 0; keys++)
		if (keys->key == key || (keys->alt != 0 && keys->alt == key) ||
		    (keys->alt2 != 0 && keys->alt2 == key))
			return keys;
	return NULL;
}

bool
ui_key_allowed(const struct app *a, const struct view *v,
    const struct ui_key *k)
{
	return k->when == NULL || k->when(a, v);
}

unsigned
ui_keys_run(struct app *a, struct view *v, const struct ui_key *keys,
    ui_key_t key)
{
	const struct ui_key *k = ui_keys_find(keys, key), *also = k;

	if (k == NULL || k->run == NULL)
		return 0;
	/* A key may have an entry per case (Enter: Dispatch, or Reassign):
	 * the first that applies runs; when none does, the first refuses. */
	while (also != NULL && !ui_key_allowed(a, v, also))
		also = ui_keys_find(also + 1, key);
	if (also != NULL && also->run != NULL)
		k = also;
	if (ui_key_allowed(a, v, k))
		return k->run(a, v) | UI_HANDLED | UI_REDRAW;
	if (k->refuse != NULL)
		k->refuse(a, v);
	else
		ui_message(a, true, _("%s (%s) does not apply here now"),
		    _(k->label != NULL ? k->label : k->help), _(k->name));
	return UI_HANDLED | UI_REDRAW;
}

int
ui_keys_bar(const struct app *a, const struct view *v,
    const struct ui_key *keys, struct ui_help *out, int max)
{
	int n = 0;

	for (; keys != NULL && keys->key != 0 && n < max; keys++)
		if (keys->label != NULL && ui_key_allowed(a, v, keys))
			out[n++] = (struct ui_help){ keys->name, keys->label };
	return n;
}

int
ui_keys_help(const struct ui_key *keys, struct ui_help *out, int max)
{
	int n = 0;

	for (; keys != NULL && keys->key != 0 && n < max; keys++)
		if (keys->help != NULL)
			out[n++] = (struct ui_help){ keys->name, keys->help };
	return n;
}

void
ui_key_name(ui_key_t key, char *buf, size_t len)
{
	char utf8[8];
	wchar_t wc = (wchar_t)key;

	if (key == UI_KEY_ENTER)
		snprintf(buf, len, "Enter");
	else if (key == UI_KEY_ESC)
		snprintf(buf, len, "Esc");
	else if (key == UI_KEY_TAB)
		snprintf(buf, len, "Tab");
	else if ((key & UI_KEY_CODE) && (key & ~UI_KEY_CODE) >= (ui_key_t)KEY_F(1) &&
	    (key & ~UI_KEY_CODE) <= (ui_key_t)KEY_F(12))
		snprintf(buf, len, "F%u", (key & ~UI_KEY_CODE) - (ui_key_t)KEY_F(0));
	else if (key & UI_KEY_CODE)
		snprintf(buf, len, "%s", keyname((int)(key & ~UI_KEY_CODE)));
	else if (key < 0x20)
		snprintf(buf, len, "Ctrl-%c", (char)(key + '@'));
	else {
		ui_utf8_encode(&wc, 1, utf8, sizeof utf8);
		snprintf(buf, len, "%s", utf8);
	}
}

unsigned
ui_key_leave(struct app *a, struct view *v)
{
	(void)v;
	ui_leave(a);
	return UI_HANDLED;
}
