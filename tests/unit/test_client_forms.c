/*
 * test_client_forms.c: the form widget's logic that draws nothing: every
 * problem of a form found in one check (required, whole numbers and their
 * range, amounts, dates, times, phones, an item's own check), hidden and
 * locked items left alone, the problems told by label in English and
 * Chinese, a daemon's refusal put on the item its field names, Tab
 * stopping at the last item, the dirty flag, and a counted item's text
 * kept past its limit and refused with it.
 */
#include <check.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "client/widget/form.h"
#include "common/records.h"
#include "tests/unit/suites.h"

enum { T_NAME, T_MINUTES, T_AMOUNT, T_DATE, T_AT, T_PHONES, T_KIND, T_NOTE, T_COUNT };

static const char *const kinds[] = { "a", "b", NULL };

static const char *
note_check(const struct form *f, int item, const char *text)
{
	(void)f;
	(void)item;
	return strcmp(text, "bad") == 0 ? N_("too short") : NULL;
}

static struct form_item items[T_COUNT] = {
	[T_NAME] = { .kind = FK_TEXT, .label = N_("Name"), .wire = "customer.name",
	    .max = 40, .flags = FF_REQUIRED },
	[T_MINUTES] = { .kind = FK_TEXT, .label = N_("Labour (minutes)"),
	    .wire = "labour_minutes", .max = 4, .flags = FF_REQUIRED,
	    .check = FC_INTEGER, .lo = 0, .hi = 1440 },
	[T_AMOUNT] = { .kind = FK_TEXT, .label = "Amount", .wire = "shares.penalty.amount",
	    .max = 12, .check = FC_AMOUNT },
	[T_DATE] = { .kind = FK_TEXT, .label = N_("Purchase date"), .wire = "unit.purchase_date",
	    .max = 10, .check = FC_DATE },
	[T_AT] = { .kind = FK_TEXT, .label = "At", .wire = "appointment", .max = 20,
	    .check = FC_TIME },
	[T_PHONES] = { .kind = FK_TEXT, .label = N_("Phones"), .wire = "customer.phones",
	    .max = 60, .check = FC_PHONE },
	[T_KIND] = { .kind = FK_CHOICE, .label = "Kind", .wire = "kind", .codes = kinds },
	[T_NOTE] = { .kind = FK_TEXT, .label = "Note", .wire = "signed_by", .max = 20,
	    .check_fn = note_check },
};

static struct form f;

static void
setup(void)
{
	f.items = items;
	f.n = T_COUNT;
	form_init(&f);
}

static void
set(int i, const char *text)
{
	ui_field_set(&items[i].field, text);
}

static void
fill_good(void)
{
	set(T_NAME, "  Wang Fang ");
	set(T_MINUTES, "45");
	set(T_AMOUNT, "12.50");
	set(T_DATE, "2024-02-29");
	set(T_AT, "2026-11-25 14:00");
	set(T_PHONES, "13800138000, +8613900139000");
	set(T_NOTE, "ok");
}

START_TEST(test_check_good)
{
	fill_good();
	ck_assert_int_eq(form_check(&f), 0);
	for (int i = 0; i < T_COUNT; i++)
		ck_assert(!items[i].error);
	set(T_AT, "09:30");
	set(T_AMOUNT, "7");
	set(T_DATE, "");          /* not required: empty is fine */
	ck_assert_int_eq(form_check(&f), 0);
}
END_TEST

START_TEST(test_check_every_problem_at_once)
{
	char buf[1024];

	fill_good();
	set(T_NAME, "   ");
	set(T_MINUTES, "2000");
	set(T_AMOUNT, "12.345");
	set(T_DATE, "2023-02-29");
	set(T_AT, "25:00");
	set(T_PHONES, "12345");
	set(T_NOTE, "bad");
	f.focus = T_NOTE;
	ck_assert_int_eq(form_check(&f), 7);
	for (int i = 0; i < T_COUNT; i++)
		ck_assert(items[i].error == (i != T_KIND));
	ck_assert_int_eq(f.focus, T_NAME);   /* the first problem */
	form_errors_text(&f, buf, sizeof buf);
	ck_assert_str_eq(buf, "Name: required; "
	    "Labour (minutes): a whole number from 0 to 1440; "
	    "Amount: an amount in yuan, like 12.50; "
	    "Purchase date: a date as YYYY-MM-DD; "
	    "At: HH:MM or YYYY-MM-DD HH:MM; "
	    "Phones: 7 to 20 digits, maybe a leading +; "
	    "Note: too short");
	ck_assert_ptr_null(strstr(buf, "labour_minutes"));
}
END_TEST

START_TEST(test_check_kinds)
{
	struct form_item it = { .kind = FK_TEXT, .check = FC_INTEGER };

	ck_assert_ptr_null(form_check_text(&it, "-3"));
	ck_assert_ptr_nonnull(form_check_text(&it, "3a"));
	ck_assert_ptr_nonnull(form_check_text(&it, "1.5"));
	it.check = FC_AMOUNT;
	ck_assert_ptr_null(form_check_text(&it, "0.5"));
	ck_assert_ptr_nonnull(form_check_text(&it, ".5"));
	ck_assert_ptr_nonnull(form_check_text(&it, "-1"));
	ck_assert_ptr_nonnull(form_check_text(&it, "1."));
	it.check = FC_DATE;
	ck_assert_ptr_nonnull(form_check_text(&it, "2026-13-01"));
	ck_assert_ptr_nonnull(form_check_text(&it, "2026-1-01"));
	ck_assert_int_eq(form_date_num("2026-11-24"), 20261124);
	it.check = FC_TIME;
	ck_assert_ptr_null(form_check_text(&it, "2026-11-25T08:05"));
	ck_assert_ptr_nonnull(form_check_text(&it, "2026-11-25"));
	ck_assert_ptr_nonnull(form_check_text(&it, "8:5"));
	it.check = FC_PHONE;
	ck_assert_ptr_null(form_check_text(&it, "13800138000;13900139000"));
	ck_assert_ptr_nonnull(form_check_text(&it, "13800138000,abc"));
	ck_assert_ptr_nonnull(form_check_text(&it, ",;"));
	/* common/records.h: a name that is only a phone; a serial too short */
	it.check = FC_NAME;
	ck_assert_ptr_nonnull(form_check_text(&it, "+86 150-1235-3597"));
	ck_assert_ptr_null(form_check_text(&it, "王力"));
	it.check = FC_SERIAL;
	ck_assert_ptr_nonnull(form_check_text(&it, "S1"));
	ck_assert_ptr_null(form_check_text(&it, "SN-1"));
}
END_TEST

START_TEST(test_check_skips_hidden_and_locked)
{
	fill_good();
	set(T_NAME, "");
	set(T_MINUTES, "x");
	items[T_NAME].hidden = true;
	items[T_MINUTES].locked = true;
	ck_assert_int_eq(form_check(&f), 0);
}
END_TEST

/* {"ok":false,"error":{"code":..., "message":..., "field":...}} */
static cJSON *
refusal(const char *code, const char *message, const char *field)
{
	cJSON *r = cJSON_CreateObject(), *e = cJSON_AddObjectToObject(r, "error");

	cJSON_AddBoolToObject(r, "ok", false);
	cJSON_AddStringToObject(e, "code", code);
	cJSON_AddStringToObject(e, "message", message);
	cJSON_AddStringToObject(e, "field", field);
	return r;
}

START_TEST(test_refusal_on_its_item)
{
	char buf[512];
	cJSON *r;

	fill_good();
	r = refusal("invalid_argument", "labour_minutes must be an integer", "labour_minutes");
	ck_assert_int_eq(form_refused(&f, r, NULL, buf, sizeof buf), T_MINUTES);
	ck_assert_str_eq(buf, "Labour (minutes): a whole number");
	ck_assert(items[T_MINUTES].error);
	ck_assert_int_eq(f.focus, T_MINUTES);
	cJSON_Delete(r);

	r = refusal("invalid_argument", "shares.penalty.amount is required",
	    "shares.penalty.amount");
	ck_assert_int_eq(form_refused(&f, r, NULL, buf, sizeof buf), T_AMOUNT);
	ck_assert_str_eq(buf, "Amount: required");
	ck_assert(!items[T_MINUTES].error);   /* the earlier one is cleared */
	cJSON_Delete(r);

	/* a reason the widget does not know: the daemon's words, no wire name */
	r = refusal("invalid_argument", "signed_by does not match the customer", "signed_by");
	ck_assert_int_eq(form_refused(&f, r, NULL, buf, sizeof buf), T_NOTE);
	ck_assert_str_eq(buf, "Note: Invalid input: does not match the customer");
	cJSON_Delete(r);
	ck_assert_str_eq(items[T_NOTE].field.text[0] == L'o' ? "kept" : "lost", "kept");

	/* common/records.c's reasons, the limits said */
	r = refusal("invalid_argument", "name is a phone number, not a name: phones go in phones",
	    "customer.name");
	ck_assert_int_eq(form_refused(&f, r, NULL, buf, sizeof buf), T_NAME);
	ck_assert_str_eq(buf, "Name: a name, not a phone number");
	cJSON_Delete(r);
	r = refusal("invalid_argument", "purchase_date is in the future: a unit is bought by "
	    "today", "unit.purchase_date");
	ck_assert_int_eq(form_refused(&f, r, NULL, buf, sizeof buf), T_DATE);
	ck_assert_str_eq(buf, "Purchase date: after today: a unit is bought by today");
	cJSON_Delete(r);
	r = refusal("invalid_argument", "signed_by is at most 20 characters", "signed_by");
	ck_assert_int_eq(form_refused(&f, r, NULL, buf, sizeof buf), T_NOTE);
	ck_assert_str_eq(buf, "Note: at most 20 characters");
	cJSON_Delete(r);
	r = refusal("invalid_argument", "serial is at least 4 characters", "signed_by");
	form_refused(&f, r, NULL, buf, sizeof buf);
	ck_assert_str_eq(buf, "Note: at least 4 characters");
	cJSON_Delete(r);
}
END_TEST

START_TEST(test_refusal_aliases_and_unknown_field)
{
	static const char *const aliases[][2] = { { "customer", "customer.name" },
	    { NULL, NULL } };
	char buf[512];
	cJSON *r;

	r = refusal("invalid_argument", "customer is required", "customer");
	ck_assert_int_eq(form_refused(&f, r, aliases, buf, sizeof buf), T_NAME);
	ck_assert_str_eq(buf, "Name: required");
	cJSON_Delete(r);
	r = refusal("invalid_argument", "customer.phones[1]: each phone is digits", "customer.phones[1]");
	ck_assert_int_eq(form_refused(&f, r, aliases, buf, sizeof buf), T_PHONES);
	ck_assert_str_eq(buf, "Phones: 7 to 20 digits, maybe a leading +");
	cJSON_Delete(r);
	r = refusal("conflict", "request_key was used for another call", "request_key");
	ck_assert_int_eq(form_refused(&f, r, aliases, buf, sizeof buf), -1);
	ck_assert_str_eq(buf, "Someone else changed this record first: was used for another call");
	cJSON_Delete(r);
}
END_TEST

START_TEST(test_errors_in_chinese)
{
	char buf[1024], *old = strdup(setlocale(LC_ALL, NULL));
	cJSON *r;

	ck_assert_ptr_nonnull(setlocale(LC_ALL, "zh_CN.UTF-8"));
	bindtextdomain("svcdesk", "locale");
	textdomain("svcdesk");
	fill_good();
	set(T_NAME, "");
	set(T_DATE, "2026-02-30");
	ck_assert_int_eq(form_check(&f), 2);
	form_errors_text(&f, buf, sizeof buf);
	ck_assert_str_eq(buf, "姓名：必填；购买日期：应为日期 YYYY-MM-DD");
	r = refusal("invalid_argument", "labour_minutes must be an integer", "labour_minutes");
	form_refused(&f, r, NULL, buf, sizeof buf);
	ck_assert_str_eq(buf, "工时（分钟）：应为整数");
	cJSON_Delete(r);
	setlocale(LC_ALL, old);
	free(old);
}
END_TEST

START_TEST(test_tab_stops_at_the_ends)
{
	f.focus = T_NAME;
	form_move(&f, -1, false);
	ck_assert_int_eq(f.focus, T_NAME);
	f.focus = T_NOTE;
	ck_assert_uint_ne(form_key(&f, UI_KEY_TAB, false), 0);
	ck_assert_int_eq(f.focus, T_NOTE);   /* no wrap to the first */
	items[T_NOTE].hidden = true;
	f.focus = T_PHONES;
	form_key(&f, UI_KEY_TAB, false);
	ck_assert_int_eq(f.focus, T_KIND);
	form_key(&f, UI_KEY_TAB, false);
	ck_assert_int_eq(f.focus, T_KIND);   /* the last that can take it */
	form_key(&f, UI_K(KEY_BTAB), false);
	ck_assert_int_eq(f.focus, T_PHONES);
}
END_TEST

START_TEST(test_dirty)
{
	ck_assert(!form_unsaved(&f));
	set(T_NAME, "set by the program");   /* not the user's typing */
	ck_assert(!form_unsaved(&f));
	f.focus = T_NAME;
	ck_assert(!form_input(&f, UI_K(KEY_HOME)) || !form_unsaved(&f));
	ck_assert(form_input(&f, 'x'));
	ck_assert(form_unsaved(&f));
	form_saved(&f);
	ck_assert(!form_unsaved(&f));
	f.focus = T_KIND;
	ck_assert(form_input(&f, ' '));
	ck_assert_str_eq(form_code(&f, T_KIND), "b");
	ck_assert(form_unsaved(&f));
	form_init(&f);
	ck_assert(!form_unsaved(&f));
}
END_TEST

START_TEST(test_counted_text_past_its_limit)
{
	struct form_item fault[1] = { { .kind = FK_TEXT, .label = N_("Fault"), .wire = "fault",
	    .max = 5, .flags = FF_REQUIRED | FF_COUNT } };
	struct form g = { .items = fault, .n = 1 };
	char buf[256], *old = strdup(setlocale(LC_ALL, NULL));

	ck_assert_ptr_nonnull(setlocale(LC_CTYPE, "C.UTF-8"));
	form_init(&g);
	ui_field_set(&fault[0].field, "1234567");   /* typed past the limit: kept */
	ck_assert_int_eq(fault[0].field.len, 7);
	ck_assert_int_eq(form_check(&g), 1);
	form_errors_text(&g, buf, sizeof buf);
	ck_assert_str_eq(buf, "Fault: at most 5 characters");
	ui_field_set(&fault[0].field, "中文五个字");   /* characters, not bytes */
	ck_assert_int_eq(form_check(&g), 0);
	/* an item that does not count takes no more than its max */
	fault[0].flags = FF_REQUIRED;
	form_init(&g);
	ui_field_set(&fault[0].field, "1234567");
	ck_assert_int_eq(fault[0].field.len, 5);
	setlocale(LC_ALL, old);
	free(old);
}
END_TEST

/* The longest limit a form counts (common/records.h): a field holds more,
 * so a finding pasted past it is kept and refused with the limit, not cut. */
_Static_assert(FINDING_MAX < UI_FIELD_MAX, "a field holds more than any limit");

START_TEST(test_longest_limit_past_it)
{
	struct form_item finding[1] = { { .kind = FK_TEXT, .label = N_("Finding"),
	    .wire = "finding", .max = FINDING_MAX, .flags = FF_REQUIRED | FF_COUNT } };
	struct form g = { .items = finding, .n = 1 };
	static char text[FINDING_MAX + 2], buf[256];
	char *old = strdup(setlocale(LC_ALL, NULL));

	ck_assert_ptr_nonnull(setlocale(LC_CTYPE, "C.UTF-8"));
	form_init(&g);
	memset(text, 'x', FINDING_MAX + 1);
	ui_field_set(&finding[0].field, text);
	ck_assert_int_eq(finding[0].field.len, FINDING_MAX + 1);
	ck_assert_int_eq(form_check(&g), 1);
	form_errors_text(&g, buf, sizeof buf);
	ck_assert_str_eq(buf, "Finding: at most 4000 characters");
	text[FINDING_MAX] = '\0';
	ui_field_set(&finding[0].field, text);
	ck_assert_int_eq(form_check(&g), 0);
	setlocale(LC_ALL, old);
	free(old);
}
END_TEST

Suite *
client_forms_suite(void)
{
	Suite *s = suite_create("client_forms");
	TCase *tc = tcase_create("forms");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, test_check_good);
	tcase_add_test(tc, test_check_every_problem_at_once);
	tcase_add_test(tc, test_check_kinds);
	tcase_add_test(tc, test_check_skips_hidden_and_locked);
	tcase_add_test(tc, test_refusal_on_its_item);
	tcase_add_test(tc, test_refusal_aliases_and_unknown_field);
	tcase_add_test(tc, test_errors_in_chinese);
	tcase_add_test(tc, test_tab_stops_at_the_ends);
	tcase_add_test(tc, test_dirty);
	tcase_add_test(tc, test_counted_text_past_its_limit);
	tcase_add_test(tc, test_longest_limit_past_it);
	suite_add_tcase(s, tc);
	return s;
}
