/*
 * test_client_ui.c: the client framework's logic that draws nothing: keys
 * as one number, a view's key table (what the bar offers, what a key runs,
 * a refused key), and the list widget (matching, filter, sort, the
 * selection kept by key across changes), and text wrapped to a width.
 */
#include <check.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "client/ui/ui.h"
#include "client/widget/table.h"
#include "tests/unit/suites.h"

START_TEST(test_key_make)
{
	ck_assert_uint_eq(ui_key_make(OK, 'a'), 'a');
	ck_assert_uint_eq(ui_key_make(OK, '\n'), UI_KEY_ENTER);
	ck_assert_uint_eq(ui_key_make(KEY_CODE_YES, KEY_ENTER), UI_KEY_ENTER);
	ck_assert_uint_eq(ui_key_make(KEY_CODE_YES, KEY_F(2)), UI_K(KEY_F(2)));
	/* a curses code never equals a character: U+0101 is not KEY_DOWN+x */
	ck_assert_uint_ne(ui_key_make(OK, 0x0102), ui_key_make(KEY_CODE_YES, 0x0102));
}
END_TEST

START_TEST(test_key_name)
{
	char buf[32];

	ui_key_name(UI_K(KEY_F(7)), buf, sizeof buf);
	ck_assert_str_eq(buf, "F7");
	ui_key_name(UI_CTRL('s'), buf, sizeof buf);
	ck_assert_str_eq(buf, "Ctrl-S");
	ui_key_name(0x4E2D, buf, sizeof buf);
	ck_assert_str_eq(buf, "\xe4\xb8\xad");
}
END_TEST

/* A view whose state counts what its keys did. */
struct counts {
	int arrived, refused;
	bool on_site;
};

static unsigned
run_arrive(struct app *a, struct view *v)
{
	(void)a;
	((struct counts *)v->priv)->arrived++;
	return UI_HANDLED;
}

static bool
can_arrive(const struct app *a, const struct view *v)
{
	(void)a;
	return !((const struct counts *)v->priv)->on_site;
}

static void
refuse_arrive(struct app *a, struct view *v)
{
	(void)a;
	((struct counts *)v->priv)->refused++;
}

static const struct ui_key keys[] = {
	{ .key = 'a', .alt = UI_K(KEY_F(4)), .name = "a", .label = "Arrived",
	  .help = "I am on site", .run = run_arrive, .when = can_arrive,
	  .refuse = refuse_arrive },
	{ .key = 'd', .name = "d", .label = "Detail", .help = "The detail",
	  .run = run_arrive },
	{ .key = '/', .name = "/", .help = "Search (the list's)" },
	{ 0 }
};

START_TEST(test_key_table)
{
	struct counts c = { 0 };
	struct view v = { .priv = &c };
	struct app a;
	struct ui_help bar[8], help[8];

	memset(&a, 0, sizeof a);
	ck_assert_int_eq(ui_keys_bar(&a, &v, keys, bar, 8), 2);
	ck_assert_str_eq(bar[0].what, "Arrived");
	ck_assert_int_eq(ui_keys_help(keys, help, 8), 3);
	ck_assert_uint_ne(ui_keys_run(&a, &v, keys, UI_K(KEY_F(4))), 0);
	ck_assert_int_eq(c.arrived, 1);
	c.on_site = true;   /* no longer offered: off the bar, refused */
	ck_assert_int_eq(ui_keys_bar(&a, &v, keys, bar, 8), 1);
	ck_assert_str_eq(bar[0].what, "Detail");
	ck_assert_uint_ne(ui_keys_run(&a, &v, keys, 'a'), 0);
	ck_assert_int_eq(c.arrived, 1);
	ck_assert_int_eq(c.refused, 1);
	/* a help-only line runs nothing: the view's input takes the key */
	ck_assert_uint_eq(ui_keys_run(&a, &v, keys, '/'), 0);
	ck_assert_uint_eq(ui_keys_run(&a, &v, keys, 'z'), 0);
}
END_TEST

START_TEST(test_match)
{
	ck_assert(table_match("Zhang Wei", "wei"));
	ck_assert(table_match("王芳 150 1235 3597", "王芳"));
	ck_assert(table_match("anything", ""));
	ck_assert(!table_match("王芳", "王伟"));
	ck_assert(!table_match("ab", "abc"));
}
END_TEST

/* Rows for the table: a name and a number each. */
struct people {
	const char *name[6];
	const char *no[6];
	size_t n;
};

static size_t
people_count(const void *d)
{
	return ((const struct people *)d)->n;
}

static void
people_cell(const struct app *a, const void *d, size_t row, int col, char *buf,
    size_t len)
{
	const struct people *p = d;

	(void)a;
	ui_copy(buf, len, col == 0 ? p->no[row] : p->name[row]);
}

static void
people_key(const void *d, size_t row, char *buf, size_t len)
{
	ui_copy(buf, len, ((const struct people *)d)->no[row]);
}

static const struct table_source people_source = {
	.count = people_count, .cell = people_cell, .key = people_key,
};
static const struct table_column people_cols[] = {
	{ "No.", 6, 0, false, true }, { "Name", 0, 1, false, true },
};

static const char *
selected_no(const struct table *t, const struct people *p)
{
	size_t row;

	return table_selected(t, &row) ? p->no[row] : "";
}

START_TEST(test_table_filter_sort_selection)
{
	struct people p = { { "Wang", "Li", "Zhang", "Liu" }, { "T4", "T1", "T3", "T2" }, 4 };
	struct table t;
	struct app a;

	memset(&a, 0, sizeof a);
	table_init(&t, people_cols, 2, &people_source, &p);
	table_refresh(&t, &a);
	ck_assert_uint_eq(t.norder, 4);
	ck_assert_uint_eq(table_key(&t, &a, 'j'), UI_HANDLED | UI_REDRAW);
	ck_assert_str_eq(selected_no(&t, &p), "T1");
	/* sort by the number: the selection stays on T1 */
	table_key(&t, &a, '>');
	ck_assert_int_eq(t.sort_col, 0);
	ck_assert_str_eq(selected_no(&t, &p), "T1");
	ck_assert_uint_eq(t.sel, 0);
	table_key(&t, &a, 'I');   /* inverted: T4 T3 T2 T1 */
	ck_assert_uint_eq(t.sel, 3);
	ck_assert_str_eq(p.no[t.order[0]], "T4");
	/* a filter keeps the matching rows only */
	ui_copy(t.filter, sizeof t.filter, "li");
	table_refresh(&t, &a);
	ck_assert_uint_eq(t.norder, 2);   /* Li, Liu */
	ck_assert_str_eq(selected_no(&t, &p), "T1");
	/* the selected row leaves: the selection stays in place */
	p.name[1] = "Lin";
	p.no[1] = "T9";
	table_refresh(&t, &a);
	ck_assert_uint_eq(t.norder, 2);
	table_free(&t);
}
END_TEST

/* Lines of ui_wrap joined with '|'. */
static const char *
wrapped(const char *text, int width)
{
	static char buf[512];
	char **lines;
	int n = ui_wrap(text, width, &lines);

	buf[0] = '\0';
	for (int i = 0; i < n; i++) {
		if (i > 0)
			strcat(buf, "|");
		strcat(buf, lines[i]);
	}
	ui_lines_free(lines, n);
	return buf;
}

START_TEST(test_wrap)
{
	char *old = strdup(setlocale(LC_ALL, NULL));

	ck_assert_ptr_nonnull(setlocale(LC_CTYPE, "C.UTF-8"));
	/* at a blank inside words; a word wider than the line is cut */
	ck_assert_str_eq(wrapped("drain pump cracked", 9), "drain |pump |cracked");
	ck_assert_str_eq(wrapped("abcdefghijkl", 5), "abcde|fghij|kl");
	/* paragraphs at newlines, an empty one kept */
	ck_assert_str_eq(wrapped("a b\n\nc", 10), "a b||c");
	/* Chinese: two columns a character, cut anywhere */
	ck_assert_str_eq(wrapped("更换室内机排水泵", 6), "更换室|内机排|水泵");
	ck_assert_uint_eq(ui_fit_line("更换", 1), strlen("更"));   /* one at least */
	ck_assert_str_eq(wrapped("", 10), "");
	/* an indented paragraph goes on under its first line */
	ck_assert_str_eq(wrapped("  Finding: a b c d\nx", 12), "  Finding: a|  b c d|x");
	setlocale(LC_ALL, old);
	free(old);
}
END_TEST

Suite *
client_ui_suite(void)
{
	Suite *s = suite_create("client_ui");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_key_make);
	tcase_add_test(tc, test_key_name);
	tcase_add_test(tc, test_key_table);
	tcase_add_test(tc, test_match);
	tcase_add_test(tc, test_table_filter_sort_selection);
	tcase_add_test(tc, test_wrap);
	suite_add_tcase(s, tc);
	return s;
}
