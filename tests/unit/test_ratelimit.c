/*
 * test_ratelimit.c: server/ratelimit.c, failed-login counters per key over a
 * window: the limit, keys kept apart, expiry after the window, reset, and
 * many keys (the chained hash) without leaks under ASan.
 */
#include <stdio.h>

#include "server/auth.h"
#include "tests/unit/suites.h"

#define T0 ((time_t)1795000000)

static struct ratelimit *rl;

static void
setup(void)
{
	rl = ratelimit_new(3, 60);
	ck_assert_ptr_nonnull(rl);
}

static void
teardown(void)
{
	ratelimit_free(rl);
}

START_TEST(test_blocks_at_limit)
{
	ck_assert(!ratelimit_blocked(rl, "operator", T0));
	ratelimit_fail(rl, "operator", T0);
	ratelimit_fail(rl, "operator", T0 + 1);
	ck_assert(!ratelimit_blocked(rl, "operator", T0 + 2));
	ratelimit_fail(rl, "operator", T0 + 2);
	ck_assert(ratelimit_blocked(rl, "operator", T0 + 2));
	ck_assert(ratelimit_blocked(rl, "operator", T0 + 59));
	/* More failures keep it blocked. */
	ratelimit_fail(rl, "operator", T0 + 10);
	ck_assert(ratelimit_blocked(rl, "operator", T0 + 10));
}
END_TEST

START_TEST(test_keys_apart)
{
	for (int i = 0; i < 3; i++)
		ratelimit_fail(rl, "operator", T0);
	ck_assert(ratelimit_blocked(rl, "operator", T0));
	ck_assert(!ratelimit_blocked(rl, "dispatcher", T0));
	ck_assert(!ratelimit_blocked(rl, "operato", T0));
	ck_assert(!ratelimit_blocked(rl, "operator2", T0));
	ck_assert(!ratelimit_blocked(rl, "", T0));
}
END_TEST

START_TEST(test_expires_after_window)
{
	for (int i = 0; i < 3; i++)
		ratelimit_fail(rl, "operator", T0);
	ck_assert(ratelimit_blocked(rl, "operator", T0 + 59));
	ck_assert(!ratelimit_blocked(rl, "operator", T0 + 60));
	ck_assert(!ratelimit_blocked(rl, "operator", T0 + 3600));
	/* A new window starts counting from zero. */
	ratelimit_fail(rl, "operator", T0 + 3600);
	ck_assert(!ratelimit_blocked(rl, "operator", T0 + 3600));
}
END_TEST

START_TEST(test_reset)
{
	for (int i = 0; i < 3; i++)
		ratelimit_fail(rl, "operator", T0);
	ratelimit_fail(rl, "quality", T0);
	ratelimit_reset(rl, "operator");
	ck_assert(!ratelimit_blocked(rl, "operator", T0));
	ratelimit_fail(rl, "operator", T0);
	ratelimit_fail(rl, "operator", T0);
	ck_assert(!ratelimit_blocked(rl, "operator", T0));
	ratelimit_reset(rl, "nobody");   /* unknown key: nothing happens */
	ratelimit_reset(rl, "quality");
	ratelimit_fail(rl, "quality", T0);
	ratelimit_fail(rl, "quality", T0);
	ck_assert(!ratelimit_blocked(rl, "quality", T0));
}
END_TEST

START_TEST(test_limit_of_one)
{
	struct ratelimit *one = ratelimit_new(1, 5);

	ck_assert_ptr_nonnull(one);
	ck_assert(!ratelimit_blocked(one, "127.0.0.1", T0));
	ratelimit_fail(one, "127.0.0.1", T0);
	ck_assert(ratelimit_blocked(one, "127.0.0.1", T0 + 4));
	ck_assert(!ratelimit_blocked(one, "127.0.0.1", T0 + 5));
	ratelimit_free(one);
}
END_TEST

START_TEST(test_many_keys)
{
	char key[32];

	/* More keys than buckets: chains, and stale entries dropped on the way. */
	for (int i = 0; i < 5000; i++) {
		snprintf(key, sizeof key, "user%d", i);
		ratelimit_fail(rl, key, T0 + (i % 2) * 100);
		ratelimit_fail(rl, key, T0 + (i % 2) * 100);
		ratelimit_fail(rl, key, T0 + (i % 2) * 100);
	}
	for (int i = 0; i < 5000; i++) {
		snprintf(key, sizeof key, "user%d", i);
		/* Odd keys failed at T0+100: still blocked at T0+120; even ones
		 * failed at T0 and expired. */
		ck_assert_msg(ratelimit_blocked(rl, key, T0 + 120) == (i % 2 == 1), "%s", key);
	}
	ratelimit_free(NULL);
}
END_TEST

Suite *
ratelimit_suite(void)
{
	Suite *s = suite_create("ratelimit");
	TCase *tc = tcase_create("window");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_blocks_at_limit);
	tcase_add_test(tc, test_keys_apart);
	tcase_add_test(tc, test_expires_after_window);
	tcase_add_test(tc, test_reset);
	tcase_add_test(tc, test_limit_of_one);
	tcase_add_test(tc, test_many_keys);
	suite_add_tcase(s, tc);
	return s;
}
