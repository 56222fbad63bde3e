/*
 * test_resume.c: server/resume.c's tokens: 43 base64url characters, a
 * 64-digit hex hash that the token's text gives back, two tokens never the
 * same, and everything that is not a token refused (lengths, alphabet,
 * padding, a last character with bits past the 32 bytes).
 */
#include <string.h>

#include "server/resume.h"
#include "tests/unit/suites.h"

START_TEST(test_token_and_hash)
{
	char token[RESUME_TOKEN_LEN], hash[RESUME_HASH_HEX], again[RESUME_HASH_HEX];
	char other[RESUME_TOKEN_LEN], other_hash[RESUME_HASH_HEX];

	ck_assert(resume_token_new(token, hash));
	ck_assert_uint_eq(strlen(token), 43);
	ck_assert_uint_eq(strspn(token, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	    "0123456789-_"), 43);
	ck_assert_uint_eq(strlen(hash), 64);
	ck_assert_uint_eq(strspn(hash, "0123456789abcdef"), 64);
	ck_assert(resume_token_hash(token, again));
	ck_assert_str_eq(again, hash);
	ck_assert(resume_token_new(other, other_hash));
	ck_assert_str_ne(other, token);
	ck_assert_str_ne(other_hash, hash);
}
END_TEST

START_TEST(test_not_tokens)
{
	static const char *const bad[] = {
		"", "A", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",     /* 42 */
		"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",            /* 44 */
		"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",             /* padded */
		"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA+",             /* not url-safe */
		"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/",
		"AAAAAAAAAAAAAAAAAAAAA AAAAAAAAAAAAAAAAAAAAA",
		"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAB",             /* bits past 32 bytes */
		"中AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
	};
	char hash[RESUME_HASH_HEX];

	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		ck_assert_msg(!resume_token_hash(bad[i], hash), "took \"%s\"", bad[i]);
	ck_assert(resume_token_hash("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", hash));
	ck_assert(resume_token_hash("__________________________________________w", hash));
}
END_TEST

Suite *
resume_suite(void)
{
	Suite *s = suite_create("resume");
	TCase *tc = tcase_create("tokens");

	tcase_add_test(tc, test_token_and_hash);
	tcase_add_test(tc, test_not_tokens);
	suite_add_tcase(s, tc);
	return s;
}
