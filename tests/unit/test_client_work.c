/*
 * test_client_work.c: the work screens' logic that draws nothing (screen/
 * work.c, repair.c, complete.c, workshop.c, visit.c): money in yuan, whole
 * numbers typed into the forms, how long a unit has been in the shop, and
 * the key tables (the save key with its alternative, what a key offers
 * with nothing read or selected yet; a login or a push before a form was
 * ever opened).
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "client/screen/screens.h"
#include "client/screen/work.h"
#include "tests/unit/suites.h"

START_TEST(test_yuan)
{
	char buf[32];

	ui_yuan(0, buf, sizeof buf);
	ck_assert_str_eq(buf, "0.00");
	ui_yuan(3550, buf, sizeof buf);
	ck_assert_str_eq(buf, "35.50");
	ui_yuan(7, buf, sizeof buf);
	ck_assert_str_eq(buf, "0.07");
	ui_yuan(-12005, buf, sizeof buf);
	ck_assert_str_eq(buf, "-120.05");
	ui_yuan(INT64_C(123456789012), buf, sizeof buf);
	ck_assert_str_eq(buf, "1234567890.12");
}
END_TEST

START_TEST(test_parse_int)
{
	long v = -1;

	ck_assert(work_parse_int("45", 0, 1440, &v));
	ck_assert_int_eq(v, 45);
	ck_assert(work_parse_int("0", 0, 16, &v));
	ck_assert_int_eq(v, 0);
	ck_assert(work_parse_int("16", 0, 16, &v));
	ck_assert_int_eq(v, 16);
	v = 99;
	ck_assert(!work_parse_int("17", 0, 16, &v));
	ck_assert(!work_parse_int("", 0, 16, &v));
	ck_assert(!work_parse_int("-1", -5, 16, &v));   /* digits only */
	ck_assert(!work_parse_int("+3", 0, 16, &v));
	ck_assert(!work_parse_int("3a", 0, 16, &v));
	ck_assert(!work_parse_int("1.5", 0, 16, &v));
	ck_assert(!work_parse_int(" 3", 0, 16, &v));
	ck_assert(!work_parse_int("0", 1, 999, &v));
	ck_assert(!work_parse_int("99999999999999999999", 0, 999, &v));
	ck_assert_int_eq(v, 99);   /* untouched when refused */
}
END_TEST

START_TEST(test_age_text)
{
	char buf[32];

	work_age_text(-5, buf, sizeof buf);
	ck_assert_str_eq(buf, "0m");
	work_age_text(59, buf, sizeof buf);
	ck_assert_str_eq(buf, "0m");
	work_age_text(12 * 60, buf, sizeof buf);
	ck_assert_str_eq(buf, "12m");
	work_age_text(5 * 3600 + 7 * 60, buf, sizeof buf);
	ck_assert_str_eq(buf, "5h 07m");
	work_age_text(3 * 86400 + 4 * 3600 + 59, buf, sizeof buf);
	ck_assert_str_eq(buf, "3d 4h");
}
END_TEST

/* A view of these operations with its own zeroed state, as the loop makes
 * them. */
static struct view
make_view(const struct view_ops *ops)
{
	struct view v = { .ops = ops, .priv = calloc(1, ops->private_size) };

	ck_assert_ptr_nonnull(v.priv);
	return v;
}

/* Ctrl-S and F2 save a form; before its record is read the save is not
 * offered, and typing keys (1-4, +, Enter) are the form's, not the table's. */
START_TEST(test_form_keys)
{
	const struct view_ops *forms[] = { &ui_repair_view, &ui_complete_view,
		&ui_survey_view };
	struct app a;
	cJSON *push = cJSON_Parse("{\"event\":\"ticket.changed\",\"data\":"
	    "{\"no\":\"B1\",\"state\":\"on_site\",\"version\":3}}");

	memset(&a, 0, sizeof a);
	for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
		struct view v = make_view(forms[i]);
		const struct ui_key *save = ui_keys_find(forms[i]->keys, UI_CTRL('s'));

		ck_assert_ptr_nonnull(save);
		ck_assert_ptr_eq(ui_keys_find(forms[i]->keys, UI_K(KEY_F(2))), save);
		ck_assert(!ui_key_allowed(&a, &v, save));
		ck_assert_ptr_nonnull(forms[i]->unsaved);
		ck_assert(!forms[i]->unsaved(&a, &v));
		ck_assert_ptr_nonnull(ui_keys_find(forms[i]->keys, UI_KEY_ESC));
		/* a login or a push before the form was ever opened */
		forms[i]->session(&a, &v, UI_LOGGED_IN);
		forms[i]->push(&a, &v, push);
		ck_assert(!forms[i]->unsaved(&a, &v));
		free(v.priv);
	}
	cJSON_Delete(push);
	ck_assert_ptr_null(ui_keys_find(ui_survey_view.keys, '1')->run);
	ck_assert_ptr_null(ui_keys_find(ui_repair_view.keys, '+')->run);
	ck_assert_ptr_null(ui_keys_find(ui_repair_view.keys, UI_KEY_ENTER)->run);
}
END_TEST

/* The inspection queue offers pass and fail only on a repaired ticket:
 * with nothing selected they are off the bar. */
START_TEST(test_inspect_keys)
{
	struct view v = make_view(&ui_inspect_view);
	struct ui_help bar[16];
	struct app a;
	int n;

	memset(&a, 0, sizeof a);
	ck_assert(!ui_key_allowed(&a, &v, ui_keys_find(ui_inspect_view.keys, 'p')));
	ck_assert(!ui_key_allowed(&a, &v, ui_keys_find(ui_inspect_view.keys, 'f')));
	n = ui_keys_bar(&a, &v, ui_inspect_view.keys, bar, 16);
	for (int i = 0; i < n; i++)
		ck_assert_str_ne(bar[i].what, "Pass");
	free(v.priv);
}
END_TEST

/* The ledger's `a` says on the bar what it will show next. */
START_TEST(test_ledger_bar)
{
	struct view v = make_view(&ui_ledger_view);
	struct ui_help bar[16];
	struct app a;
	int n;
	bool returned = false;

	memset(&a, 0, sizeof a);
	n = ui_keys_bar(&a, &v, ui_ledger_view.keys, bar, 16);
	for (int i = 0; i < n; i++) {
		ck_assert_str_ne(bar[i].what, "In shop only");
		returned |= strcmp(bar[i].what, "Show returned") == 0;
	}
	ck_assert(returned);
	ck_assert_ptr_nonnull(ui_keys_find(ui_ledger_view.keys, 'a')->run);
	free(v.priv);
}
END_TEST

Suite *
client_work_suite(void)
{
	Suite *s = suite_create("client_work");
	TCase *tc = tcase_create("work");

	tcase_add_test(tc, test_yuan);
	tcase_add_test(tc, test_parse_int);
	tcase_add_test(tc, test_age_text);
	tcase_add_test(tc, test_form_keys);
	tcase_add_test(tc, test_inspect_keys);
	tcase_add_test(tc, test_ledger_bar);
	suite_add_tcase(s, tc);
	return s;
}
