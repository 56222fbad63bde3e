/*
 * test_phone.c: common/phone.c, the one canonical form of a phone number
 * (doc/domain.md, Phones): every common way of saying a number gives the
 * same form, what is no phone is refused, and a typed list of phones is
 * split as a person means it.
 */
#include <string.h>

#include "common/phone.h"
#include "common/validate.h"
#include "tests/unit/suites.h"

START_TEST(test_phone_forms)
{
	static const struct { const char *in, *canon; } cases[] = {
		/* A mobile, however it is said. */
		{ "15012353597", "15012353597" },
		{ "150 1235 3597", "15012353597" },
		{ "150-1235-3597", "15012353597" },
		{ "+86 150-1235-3597", "15012353597" },
		{ "+8615012353597", "15012353597" },
		{ "0086 150 1235 3597", "15012353597" },
		{ "008615012353597", "15012353597" },
		{ "86 150 1235 3597", "15012353597" },
		{ "(+86) 150.1235.3597", "15012353597" },
		{ " 150 1235 3597 ", "15012353597" },
		{ "１５０ １２３５ ３５９７", "15012353597" },      /* full-width */
		{ "＋８６　１５０１２３５３５９７", "15012353597" },  /* and an ideographic space */
		/* A landline: the trunk 0 and the area code. */
		{ "010-6123 4567", "01061234567" },
		{ "(010) 61234567", "01061234567" },
		{ "+86 10 6123 4567", "01061234567" },
		{ "+86 010 6123 4567", "01061234567" },
		{ "0086 21 6123 4567", "02161234567" },
		{ "+86 755 8612 3456", "075586123456" },
		{ "+86 400 123 4567", "4001234567" },
		{ "6123 4567", "61234567" },                      /* a local number as it is */
		/* Another country's: + and its digits. */
		{ "+1 212 555 1234", "+12125551234" },
		{ "001 212 555 1234", "+12125551234" },
		{ "+44 20 7946 0958", "+442079460958" },
		{ "1234567", "1234567" },
		{ "12345678901234567890", "12345678901234567890" },
		{ "+12345678901234567890", "+12345678901234567890" },
	};
	char out[PHONE_MAX];

	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		ck_assert_msg(phone_normalise(cases[i].in, out), "refused '%s'", cases[i].in);
		ck_assert_msg(strcmp(out, cases[i].canon) == 0, "'%s' -> '%s', want '%s'",
		    cases[i].in, out, cases[i].canon);
		ck_assert(valid_phone(cases[i].in));
	}
}
END_TEST

START_TEST(test_phone_refused)
{
	static const char *const bad[] = {
		"", " ", "+", "123456", "+123456", "123-456", "123456789012345678901",
		"+123456789012345678901", "1380013800+", "++13800138000", "+-+13800138000",
		"12345+67", "1234567a", "138 0013 800x", "电话13800138000", "138/0013/8000",
		"+86 12345", "0086", "+86", "13800138000#1", "\xff\xfe" "13800138000",
		"13800138000\n",
	};
	char out[PHONE_MAX];

	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		ck_assert_msg(!phone_normalise(bad[i], out), "took '%s' as %s", bad[i], out);
		ck_assert(!valid_phone(bad[i]));
	}
}
END_TEST

START_TEST(test_phones_split)
{
	char out[PHONES_MAX][PHONE_TEXT_MAX];

	ck_assert_int_eq(phones_split("", out, PHONES_MAX), 0);
	ck_assert_int_eq(phones_split(" , ", out, PHONES_MAX), 0);
	ck_assert_int_eq(phones_split("150 1235 3597", out, PHONES_MAX), 1);
	ck_assert_str_eq(out[0], "150 1235 3597");
	/* Commas and semicolons, Chinese ones too, and 、 */
	ck_assert_int_eq(phones_split("150 1235 3597, 010-6123 4567；+86 139 0013 9000、13800138000",
	    out, PHONES_MAX), 4);
	ck_assert_str_eq(out[0], "150 1235 3597");
	ck_assert_str_eq(out[1], "010-6123 4567");
	ck_assert_str_eq(out[2], "+86 139 0013 9000");
	ck_assert_str_eq(out[3], "13800138000");
	ck_assert_int_eq(phones_split("13800138000，13900139000", out, PHONES_MAX), 2);
	ck_assert_str_eq(out[1], "13900139000");
	/* Blanks part phones only where the piece is no phone as a whole. */
	ck_assert_int_eq(phones_split("13800138000 13900139000", out, PHONES_MAX), 2);
	ck_assert_str_eq(out[0], "13800138000");
	ck_assert_str_eq(out[1], "13900139000");
	ck_assert_int_eq(phones_split("13800138000　13900139000", out, PHONES_MAX), 2);
	ck_assert_str_eq(out[1], "13900139000");
	/* Something that is no phone, or too many. */
	ck_assert_int_eq(phones_split("13800138000, 12ab", out, PHONES_MAX), -1);
	ck_assert_int_eq(phones_split("13800138000 13900139000 1234", out, PHONES_MAX), -1);
	ck_assert_int_eq(phones_split("1234567,1234568,1234569,1234560,1234561,1234562",
	    out, PHONES_MAX), -1);
	ck_assert_int_eq(phones_split("1234567,1234568", out, 1), -1);
}
END_TEST

/* The one masking rule (doc/domain.md, Privacy). */
START_TEST(test_phone_mask)
{
	static const struct { const char *in, *masked; } cases[] = {
		{ "13812345678", "138****5678" },          /* a mobile */
		{ "01061234567", "010****4567" },          /* a landline with its area code */
		{ "075586123456", "075*****3456" },
		{ "+12125551234", "+121****1234" },        /* another country's */
		{ "4001234567", "40******67" },            /* a 400 line */
		{ "61234567", "61****67" },                /* a local number */
		{ "1234567", "12***67" },
		{ "123456", "******" },                    /* too short to show any */
		{ "12a4567", "*******" },                  /* not the canonical form */
		{ "", "*" },
		{ "123456789012345678901234567890", "***********************" },
	};
	char out[PHONE_MAX];

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		phone_mask(cases[i].in, out);
		ck_assert_msg(strcmp(out, cases[i].masked) == 0, "%s -> %s, not %s",
		    cases[i].in, out, cases[i].masked);
		ck_assert(phone_is_masked(out));
		ck_assert(!phone_is_masked(cases[i].in));
	}
}
END_TEST

Suite *
phone_suite(void)
{
	Suite *s = suite_create("phone");
	TCase *tc = tcase_create("forms");

	tcase_add_test(tc, test_phone_forms);
	tcase_add_test(tc, test_phone_refused);
	tcase_add_test(tc, test_phones_split);
	tcase_add_test(tc, test_phone_mask);
	suite_add_tcase(s, tc);
	return s;
}
