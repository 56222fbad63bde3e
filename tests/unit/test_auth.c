/*
 * test_auth.c: server/auth.c's hash for unknown logins costs what a real
 * login's does (the limits auth_hash_password makes hashes with, so libsodium
 * would not ask to rehash it) and matches no password; a password hashed by
 * auth_hash_password verifies, a wrong one does not.
 */
#include <string.h>
#include <sodium.h>

#include "server/auth.h"
#include "tests/unit/suites.h"

START_TEST(test_unknown_login_hash_costs_a_login)
{
	ck_assert_int_ge(sodium_init(), 0);
	ck_assert_int_eq(crypto_pwhash_str_needs_rehash(auth_unknown_login_hash,
	    crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE), 0);
	ck_assert_int_ne(crypto_pwhash_str_verify(auth_unknown_login_hash, "demo1234",
	    strlen("demo1234")), 0);
	ck_assert_int_ne(crypto_pwhash_str_verify(auth_unknown_login_hash, "", 0), 0);
}
END_TEST

START_TEST(test_hash_and_verify)
{
	char hash[AUTH_HASH_MAX];

	ck_assert(auth_hash_password("密码 demo1234", hash, sizeof hash));
	ck_assert_int_eq(strncmp(hash, "$argon2id$", 10), 0);
	ck_assert_int_eq(crypto_pwhash_str_needs_rehash(hash, crypto_pwhash_OPSLIMIT_INTERACTIVE,
	    crypto_pwhash_MEMLIMIT_INTERACTIVE), 0);
	ck_assert_int_eq(crypto_pwhash_str_verify(hash, "密码 demo1234",
	    strlen("密码 demo1234")), 0);
	ck_assert_int_ne(crypto_pwhash_str_verify(hash, "demo1234", strlen("demo1234")), 0);
	ck_assert(!auth_hash_password("x", hash, 8));   /* no room for a hash */
}
END_TEST

Suite *
auth_suite(void)
{
	Suite *s = suite_create("auth");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_unknown_login_hash_costs_a_login);
	tcase_add_test(tc, test_hash_and_verify);
	suite_add_tcase(s, tc);
	return s;
}
