/*
 * test_frame.c: common/frame.h, newline framing over an evbuffer: lines
 * split across reads, several lines in one read, the size limit exactly at
 * and one past the maximum, CRLF, empty lines, and what stays buffered.
 */
#include <stdlib.h>
#include <string.h>
#include <event2/buffer.h>

#include "common/frame.h"
#include "tests/unit/suites.h"

static struct evbuffer *buf;
static struct framer fr;

static void
setup(void)
{
	buf = evbuffer_new();
	ck_assert_ptr_nonnull(buf);
	framer_init(&fr, 16);
}

static void
teardown(void)
{
	evbuffer_free(buf);
}

static void
add(const char *s)
{
	ck_assert_int_eq(evbuffer_add(buf, s, strlen(s)), 0);
}

/* Expects one line equal to want (want_len bytes) from the framer. */
static void
expect_line(const char *want, size_t want_len)
{
	char *line = NULL;
	size_t len = 12345;

	ck_assert_int_eq(framer_next(&fr, buf, &line, &len), FRAME_LINE);
	ck_assert_ptr_nonnull(line);
	ck_assert_uint_eq(len, want_len);
	ck_assert_mem_eq(line, want, want_len);
	ck_assert_int_eq(line[len], '\0');
	free(line);
}

static void
expect_status(enum frame_status want)
{
	char *line = NULL;
	size_t len = 0;

	ck_assert_int_eq(framer_next(&fr, buf, &line, &len), want);
	ck_assert_ptr_null(line);
}

START_TEST(test_split_across_reads)
{
	framer_init(&fr, 64);
	add("{\"id\":1,");
	expect_status(FRAME_NEED_MORE);
	add("\"op\":");
	expect_status(FRAME_NEED_MORE);
	add("\"ping\"}\n");
	expect_line("{\"id\":1,\"op\":\"ping\"}", 20);
	expect_status(FRAME_NEED_MORE);
	ck_assert_uint_eq(evbuffer_get_length(buf), 0);
}
END_TEST

START_TEST(test_two_in_one_read)
{
	add("first\nsecond\nthi");
	expect_line("first", 5);
	expect_line("second", 6);
	expect_status(FRAME_NEED_MORE);
	/* The partial third line stays buffered, whole. */
	ck_assert_uint_eq(evbuffer_get_length(buf), 3);
	add("rd\n");
	expect_line("third", 5);
}
END_TEST

START_TEST(test_byte_by_byte)
{
	const char *msg = "abcdefghijklmno\n";   /* 15 bytes + '\n' */

	for (size_t i = 0; msg[i + 1] != '\0'; i++) {
		ck_assert_int_eq(evbuffer_add(buf, msg + i, 1), 0);
		expect_status(FRAME_NEED_MORE);
	}
	add("\n");
	expect_line("abcdefghijklmno", 15);
}
END_TEST

START_TEST(test_exactly_max)
{
	add("0123456789abcdef\n");   /* 16 = max */
	expect_line("0123456789abcdef", 16);
	expect_status(FRAME_NEED_MORE);
}
END_TEST

START_TEST(test_exactly_max_without_newline_yet)
{
	add("0123456789abcdef");     /* may still be a valid frame */
	expect_status(FRAME_NEED_MORE);
	add("\n");
	expect_line("0123456789abcdef", 16);
}
END_TEST

START_TEST(test_max_plus_one)
{
	add("0123456789abcdefg\n");  /* 17 = max + 1 */
	expect_status(FRAME_TOO_LARGE);
}
END_TEST

START_TEST(test_max_plus_one_before_newline)
{
	/* Too large is known before the newline arrives. */
	add("0123456789abcdefg");
	expect_status(FRAME_TOO_LARGE);
}
END_TEST

START_TEST(test_too_large_after_small_reads)
{
	for (int i = 0; i < 16; i++) {
		add("x");
		expect_status(FRAME_NEED_MORE);
	}
	add("x");
	expect_status(FRAME_TOO_LARGE);
}
END_TEST

START_TEST(test_good_line_before_large_one)
{
	add("ok\n0123456789abcdefXYZ\n");
	expect_line("ok", 2);
	expect_status(FRAME_TOO_LARGE);
}
END_TEST

START_TEST(test_crlf)
{
	add("{\"op\":\"ping\"}\r\n");
	expect_line("{\"op\":\"ping\"}", 13);
	add("a\r\nb\n");
	expect_line("a", 1);
	expect_line("b", 1);
}
END_TEST

START_TEST(test_crlf_split)
{
	add("abc\r");
	expect_status(FRAME_NEED_MORE);
	add("\n");
	expect_line("abc", 3);
}
END_TEST

START_TEST(test_empty_lines)
{
	add("\n\r\nx\n");
	expect_line("", 0);
	expect_line("", 0);
	expect_line("x", 1);
	expect_status(FRAME_NEED_MORE);
}
END_TEST

START_TEST(test_nul_inside_line)
{
	ck_assert_int_eq(evbuffer_add(buf, "a\0b\n", 4), 0);
	expect_line("a\0b", 3);
}
END_TEST

START_TEST(test_cr_only_inside)
{
	add("a\rb\n");              /* only a trailing CR is dropped */
	expect_line("a\rb", 3);
}
END_TEST

START_TEST(test_buffer_drained_externally)
{
	/* The framer remembers how far it searched; a caller that empties the
	 * buffer and refills it must still get correct lines. */
	add("0123456789");
	expect_status(FRAME_NEED_MORE);
	evbuffer_drain(buf, evbuffer_get_length(buf));
	add("ab\n");
	expect_line("ab", 2);
}
END_TEST

START_TEST(test_large_limit)
{
	size_t max = 1024 * 1024;
	char *big = malloc(max + 2);
	char *line = NULL;
	size_t len = 0;

	ck_assert_ptr_nonnull(big);
	framer_init(&fr, max);
	memset(big, 'a', max);
	/* Arrives in 4 KiB pieces, as reads do. */
	for (size_t off = 0; off < max; off += 4096) {
		ck_assert_int_eq(evbuffer_add(buf, big + off, 4096), 0);
		ck_assert_int_eq(framer_next(&fr, buf, &line, &len), FRAME_NEED_MORE);
	}
	ck_assert_int_eq(evbuffer_add(buf, "\n", 1), 0);
	ck_assert_int_eq(framer_next(&fr, buf, &line, &len), FRAME_LINE);
	ck_assert_uint_eq(len, max);
	ck_assert_int_eq(memcmp(line, big, max), 0);
	free(line);

	big[max] = 'a';
	big[max + 1] = '\n';
	ck_assert_int_eq(evbuffer_add(buf, big, max + 2), 0);
	ck_assert_int_eq(framer_next(&fr, buf, &line, &len), FRAME_TOO_LARGE);
	free(big);
}
END_TEST

Suite *
frame_suite(void)
{
	Suite *s = suite_create("frame");
	TCase *tc = tcase_create("framer");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_split_across_reads);
	tcase_add_test(tc, test_two_in_one_read);
	tcase_add_test(tc, test_byte_by_byte);
	tcase_add_test(tc, test_exactly_max);
	tcase_add_test(tc, test_exactly_max_without_newline_yet);
	tcase_add_test(tc, test_max_plus_one);
	tcase_add_test(tc, test_max_plus_one_before_newline);
	tcase_add_test(tc, test_too_large_after_small_reads);
	tcase_add_test(tc, test_good_line_before_large_one);
	tcase_add_test(tc, test_crlf);
	tcase_add_test(tc, test_crlf_split);
	tcase_add_test(tc, test_empty_lines);
	tcase_add_test(tc, test_nul_inside_line);
	tcase_add_test(tc, test_cr_only_inside);
	tcase_add_test(tc, test_buffer_drained_externally);
	tcase_add_test(tc, test_large_limit);
	suite_add_tcase(s, tc);
	return s;
}
