/*
 * test_framing.c: framing and the envelope through the socket: a line split
 * across two writes with a pause, several messages in one write (answered
 * by id, in any order), exactly 1 MiB and 1 MiB + 1, CRLF, empty lines,
 * invalid UTF-8, NUL bytes, JSON that is not an object, ids of the wrong
 * type, bad op and args, trailing garbage. After every error the daemon
 * keeps the connection and answers a ping.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/proto.h"
#include "tests/integration/harness.h"
#include "tests/integration/suites.h"

H_ENV_FIXTURE(E)

/* Sends bytes, expects the error (id: H_NO_ID for null), then a ping. */
#define expect_bad(c, bytes, len, code, id, field) \
	expect_bad_at(__LINE__, c, bytes, len, code, id, field)
static void
expect_bad_at(int line, struct conn *c, const char *bytes, size_t len,
    const char *code, long long id, const char *field)
{
	cJSON *r = h_raw_at(__FILE__, line, c, bytes, len);

	h_expect_id_at(__FILE__, line, r, id);
	h_expect_error_at(__FILE__, line, r, code, field);
	h_ping_at(__FILE__, line, c);
	ck_assert_msg(!conn_closed(c), "line %d: connection closed", line);
}
#define expect_bads(c, text, code, id, field) \
	expect_bad_at(__LINE__, c, text, strlen(text), code, id, field)

START_TEST(test_split_across_writes)
{
	struct conn *c = h_connect(E.d);
	const char *a = "{\"id\":1001,\"op\":\"pi", *b = "ng\"}\n";
	cJSON *r;

	ck_assert(conn_send_raw(c, a, strlen(a)));
	h_sleep_ms(300);
	/* Half a line gets no answer. */
	h_expect_silence(c);
	r = h_raw(c, b, strlen(b));
	h_expect_id(r, 1001);
	cJSON_Delete(h_expect_ok(r));
	/* Split in the middle of a multi-byte character too. */
	a = "{\"id\":1002,\"op\":\"ping\",\"args\":{\"x\":\"\xe4\xb8";
	b = "\xad\"}}\n";
	ck_assert(conn_send_raw(c, a, strlen(a)));
	h_sleep_ms(200);
	r = h_raw(c, b, strlen(b));
	h_expect_id(r, 1002);
	cJSON_Delete(h_expect_ok(r));
	conn_close(c);
}
END_TEST

START_TEST(test_two_in_one_write)
{
	struct conn *c = h_connect(E.d);
	const char *two = "{\"id\":1001,\"op\":\"ping\"}\n{\"id\":1002,\"op\":\"ping\"}\n";
	cJSON *r1, *r2;

	ck_assert(conn_send_raw(c, two, strlen(two)));
	r1 = conn_wait(c, H_WAIT_MS);
	r2 = conn_wait(c, H_WAIT_MS);
	ck_assert_ptr_nonnull(r1);
	ck_assert_ptr_nonnull(r2);
	h_expect_id(r1, 1001);
	h_expect_id(r2, 1002);
	cJSON_Delete(h_expect_ok(r1));
	cJSON_Delete(h_expect_ok(r2));
	conn_close(c);
}
END_TEST

START_TEST(test_pipelined_by_id)
{
	struct conn *c = h_connect(E.d);
	char *buf = malloc(64 * 200), seen[200] = { 0 };
	size_t len = 0;
	cJSON *r;

	ck_assert_ptr_nonnull(buf);
	/* A slow login among pings: the answers may come in any order but each
	 * carries its id. */
	len += (size_t)sprintf(buf + len, "{\"id\":1100,\"op\":\"session.login\","
	    "\"args\":{\"user\":\"operator\",\"password\":\"demo1234\"}}\n");
	for (int i = 1; i < 100; i++)
		len += (size_t)sprintf(buf + len, "{\"id\":%d,\"op\":\"ping\"}\n", 1100 + i);
	ck_assert(conn_send_raw(c, buf, len));
	for (int i = 0; i < 100; i++) {
		const cJSON *id;

		r = conn_wait(c, H_WAIT_MS);
		ck_assert_msg(r != NULL, "only %d of 100 answers", i);
		id = cJSON_GetObjectItemCaseSensitive(r, "id");
		ck_assert_msg(cJSON_IsNumber(id) && id->valuedouble >= 1100 &&
		    id->valuedouble < 1200, "%s", h_show(r));
		ck_assert_msg(!seen[(int)id->valuedouble - 1100], "twice: %s", h_show(r));
		seen[(int)id->valuedouble - 1100] = 1;
		ck_assert_msg(reply_ok(r), "%s", h_show(r));
		if (id->valuedouble == 1100)
			ck_assert_str_eq(h_str(reply_result(r), "role"), "operator");
		cJSON_Delete(r);
	}
	free(buf);
	conn_close(c);
}
END_TEST

/* A request of exactly `size` bytes before its '\n': a ping with padding. */
static char *
padded_ping(size_t size, long long id)
{
	char *buf = malloc(size + 2);
	int head;

	ck_assert_ptr_nonnull(buf);
	head = sprintf(buf, "{\"id\":%lld,\"op\":\"ping\",\"args\":{\"pad\":\"", id);
	memset(buf + head, 'x', size - (size_t)head - 3);
	memcpy(buf + size - 3, "\"}}\n", 5);
	ck_assert_uint_eq(strlen(buf), size + 1);
	return buf;
}

START_TEST(test_exactly_max_frame)
{
	struct conn *c = h_connect(E.d);
	char *msg = padded_ping(PROTO_DEFAULT_MAX_FRAME, 1001);
	cJSON *r;

	r = h_raw(c, msg, PROTO_DEFAULT_MAX_FRAME + 1);
	h_expect_id(r, 1001);
	cJSON_Delete(h_expect_ok(r));
	h_ping(c);
	free(msg);
	conn_close(c);
}
END_TEST

START_TEST(test_max_frame_plus_one)
{
	struct conn *c = h_connect(E.d), *other = h_connect(E.d);
	char *msg = padded_ping(PROTO_DEFAULT_MAX_FRAME + 1, 1001);
	cJSON *r;

	r = h_raw(c, msg, PROTO_DEFAULT_MAX_FRAME + 2);
	h_expect_id(r, H_NO_ID);
	h_expect_error(r, "frame_too_large", NULL);
	h_expect_closed(c);
	conn_close(c);
	free(msg);
	/* Everyone else is still served, and new clients too. */
	h_ping(other);
	conn_close(other);
	c = h_connect(E.d);
	h_ping(c);
	conn_close(c);
}
END_TEST

START_TEST(test_too_large_without_newline)
{
	/* A client that never sends '\n' cannot make the daemon buffer without
	 * bound: it is refused once past the limit. */
	struct conn *c = h_connect(E.d);
	size_t n = PROTO_DEFAULT_MAX_FRAME + 100;
	char *junk = malloc(n);
	cJSON *r;

	ck_assert_ptr_nonnull(junk);
	memset(junk, 'a', n);
	r = h_raw(c, junk, n);
	h_expect_id(r, H_NO_ID);
	h_expect_error(r, "frame_too_large", NULL);
	h_expect_closed(c);
	conn_close(c);
	free(junk);
}
END_TEST

START_TEST(test_crlf_and_empty_lines)
{
	struct conn *c = h_connect(E.d);
	cJSON *r;

	r = h_raws(c, "{\"id\":1001,\"op\":\"ping\"}\r\n");
	h_expect_id(r, 1001);
	cJSON_Delete(h_expect_ok(r));
	expect_bads(c, "\n", "bad_request", H_NO_ID, NULL);
	expect_bads(c, "\r\n", "bad_request", H_NO_ID, NULL);
	expect_bads(c, "   \n", "bad_request", H_NO_ID, NULL);
	conn_close(c);
}
END_TEST

START_TEST(test_invalid_utf8)
{
	static const char *const lines[] = {
		"{\"id\":1001,\"op\":\"ping\",\"args\":{\"s\":\"\xff\"}}\n",
		"{\"id\":1001,\"op\":\"ping\",\"args\":{\"s\":\"\xc0\xaf\"}}\n",         /* overlong '/' */
		"{\"id\":1001,\"op\":\"ping\",\"args\":{\"s\":\"\xe0\x80\xaf\"}}\n",     /* overlong */
		"{\"id\":1001,\"op\":\"ping\",\"args\":{\"s\":\"\xed\xa0\x80\"}}\n",     /* surrogate */
		"{\"id\":1001,\"op\":\"ping\",\"args\":{\"s\":\"\xf4\x90\x80\x80\"}}\n", /* > U+10FFFF */
		"{\"id\":1001,\"op\":\"ping\",\"args\":{\"s\":\"\xe4\xb8\"}}\n",         /* truncated */
		"{\"id\":1001,\"op\":\"p\xc3\"}\n",
	};

	struct conn *c = h_connect(E.d);

	for (size_t i = 0; i < sizeof lines / sizeof *lines; i++)
		expect_bads(c, lines[i], "bad_request", H_NO_ID, NULL);
	conn_close(c);
}
END_TEST

START_TEST(test_nul_byte)
{
	static const char line[] = "{\"id\":1001,\"op\":\"pi\0ng\"}\n";
	static const char line2[] = "{\"id\":1001,\"op\":\"ping\"}\0\n";
	struct conn *c = h_connect(E.d);

	expect_bad(c, line, sizeof line - 1, "bad_request", H_NO_ID, NULL);
	expect_bad(c, line2, sizeof line2 - 1, "bad_request", H_NO_ID, NULL);
	conn_close(c);
}
END_TEST

START_TEST(test_not_an_object)
{
	static const char *const lines[] = { "[1,2]\n", "\"ping\"\n", "42\n", "null\n",
	    "true\n", "[{\"id\":1,\"op\":\"ping\"}]\n", "{\"id\":1,\"op\":\"ping\"\n",
	    "not json at all\n" };
	struct conn *c = h_connect(E.d);

	for (size_t i = 0; i < sizeof lines / sizeof *lines; i++)
		expect_bads(c, lines[i], "bad_request", H_NO_ID, NULL);
	conn_close(c);
}
END_TEST

START_TEST(test_id_wrong_type)
{
	static const char *const lines[] = {
		"{\"id\":\"7\",\"op\":\"ping\"}\n", "{\"id\":1.5,\"op\":\"ping\"}\n",
		"{\"id\":1e300,\"op\":\"ping\"}\n", "{\"id\":true,\"op\":\"ping\"}\n",
		"{\"id\":[7],\"op\":\"ping\"}\n", "{\"id\":{},\"op\":\"ping\"}\n",
		"{\"id\":null,\"op\":\"ping\"}\n", "{\"id\":99999999999999999999,\"op\":\"ping\"}\n",
	};
	struct conn *c = h_connect(E.d);

	for (size_t i = 0; i < sizeof lines / sizeof *lines; i++)
		expect_bads(c, lines[i], "bad_request", H_NO_ID, NULL);
	conn_close(c);
}
END_TEST

START_TEST(test_large_id_echoed_exactly)
{
	struct conn *c = h_connect(E.d);
	cJSON *r = h_raws(c, "{\"id\":9007199254740991,\"op\":\"ping\"}\n");

	h_expect_id(r, 9007199254740991LL);
	cJSON_Delete(h_expect_ok(r));
	r = h_raws(c, "{\"id\":-42,\"op\":\"ping\"}\n");
	h_expect_id(r, -42);
	cJSON_Delete(h_expect_ok(r));
	conn_close(c);
}
END_TEST

START_TEST(test_op_and_args)
{
	struct conn *c = h_connect(E.d);

	/* The id was read, so it is echoed. */
	expect_bads(c, "{\"id\":1001}\n", "bad_request", 1001, NULL);
	expect_bads(c, "{\"id\":1002,\"args\":{}}\n", "bad_request", 1002, NULL);
	expect_bads(c, "{\"id\":1003,\"op\":5}\n", "bad_request", 1003, NULL);
	expect_bads(c, "{\"id\":1004,\"op\":null}\n", "bad_request", 1004, NULL);
	expect_bads(c, "{\"id\":1005,\"op\":[\"ping\"]}\n", "bad_request", 1005, NULL);
	expect_bads(c, "{\"id\":1006,\"op\":\"\"}\n", "bad_request", 1006, NULL);
	expect_bads(c, "{\"id\":1007,\"op\":\"ping\",\"args\":[]}\n", "invalid_argument",
	    1007, "args");
	expect_bads(c, "{\"id\":1008,\"op\":\"ping\",\"args\":\"x\"}\n", "invalid_argument",
	    1008, "args");
	expect_bads(c, "{\"id\":1009,\"op\":\"ping\",\"args\":7}\n", "invalid_argument",
	    1009, "args");
	/* No id at all: a request still runs, its answer has id null. */
	{
		cJSON *r = h_raws(c, "{\"op\":\"ping\"}\n");
		h_expect_id(r, H_NO_ID);
		cJSON_Delete(h_expect_ok(r));
	}
	conn_close(c);
}
END_TEST

START_TEST(test_trailing_garbage)
{
	struct conn *c = h_connect(E.d);

	expect_bads(c, "{\"id\":1001,\"op\":\"ping\"} x\n", "bad_request", H_NO_ID, NULL);
	expect_bads(c, "{\"id\":1001,\"op\":\"ping\"}{\"id\":1002,\"op\":\"ping\"}\n",
	    "bad_request", H_NO_ID, NULL);
	conn_close(c);
}
END_TEST

START_TEST(test_deep_nesting)
{
	struct conn *c = h_connect(E.d);
	size_t n = 200000, len;
	char *buf = malloc(2 * n + 64);

	ck_assert_ptr_nonnull(buf);
	len = (size_t)sprintf(buf, "{\"id\":1001,\"op\":\"ping\",\"args\":{\"a\":");
	memset(buf + len, '[', n);
	len += n;
	memset(buf + len, ']', n);
	len += n;
	memcpy(buf + len, "}}\n", 3);
	len += 3;
	expect_bad(c, buf, len, "bad_request", H_NO_ID, NULL);
	free(buf);
	conn_close(c);
}
END_TEST

Suite *
framing_suite(void)
{
	Suite *s = suite_create("framing");
	TCase *tc = tcase_create("socket");

	tcase_set_timeout(tc, H_TEST_TIMEOUT);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_split_across_writes);
	tcase_add_test(tc, test_two_in_one_write);
	tcase_add_test(tc, test_pipelined_by_id);
	tcase_add_test(tc, test_exactly_max_frame);
	tcase_add_test(tc, test_max_frame_plus_one);
	tcase_add_test(tc, test_too_large_without_newline);
	tcase_add_test(tc, test_crlf_and_empty_lines);
	tcase_add_test(tc, test_invalid_utf8);
	tcase_add_test(tc, test_nul_byte);
	tcase_add_test(tc, test_not_an_object);
	tcase_add_test(tc, test_id_wrong_type);
	tcase_add_test(tc, test_large_id_echoed_exactly);
	tcase_add_test(tc, test_op_and_args);
	tcase_add_test(tc, test_trailing_garbage);
	tcase_add_test(tc, test_deep_nesting);
	suite_add_tcase(s, tc);
	return s;
}
