/*
 * test_pgtext.c: the JSON text writer (common/jsontext.h), the reply
 * envelope written as text (common/proto.h) and PostgreSQL's text output
 * turned into JSON (server/pgtext.h). The expected JSON of each time and
 * array below is what PostgreSQL 15's to_json(date_trunc('second', ts)) and
 * array_to_json answered for the text beside it, in the time zone named.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/jsontext.h"
#include "common/proto.h"
#include "server/pgtext.h"
#include "tests/unit/suites.h"

/* What f writes for s, as a NUL-terminated string to free. */
static char *
written(void (*f)(struct json_text *, const char *, size_t), const char *s)
{
	struct json_text t = { 0 };
	size_t len;
	char *out;

	f(&t, s, strlen(s));
	out = json_text_finish(&t, &len);
	ck_assert_ptr_nonnull(out);
	ck_assert_uint_eq(len, strlen(out));
	return out;
}

#define ck_written(f, in, want) do { \
	char *out_ = written((f), (in)); \
	ck_assert_str_eq(out_, (want)); \
	free(out_); \
} while (0)

START_TEST(test_string_escapes)
{
	ck_written(json_text_string, "", "\"\"");
	ck_written(json_text_string, "王小明 BCD-215", "\"王小明 BCD-215\"");
	ck_written(json_text_string, "a\"b\\c", "\"a\\\"b\\\\c\"");
	ck_written(json_text_string, "\b\f\n\r\t\x01\x1f",
	    "\"\\b\\f\\n\\r\\t\\u0001\\u001f\"");
	ck_written(json_text_escaped, "x\"y", "x\\\"y");
}
END_TEST

/* The escape of one byte, the slow and obvious way. */
static void
reference_escape(char *out, const unsigned char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = s[i];
		if (ch == '"' || ch == '\\')
			out += sprintf(out, "\\%c", ch);
		else if (ch == '\b')
			out += sprintf(out, "\\b");
		else if (ch == '\f')
			out += sprintf(out, "\\f");
		else if (ch == '\n')
			out += sprintf(out, "\\n");
		else if (ch == '\r')
			out += sprintf(out, "\\r");
		else if (ch == '\t')
			out += sprintf(out, "\\t");
		else if (ch < 0x20)
			out += sprintf(out, "\\u%04x", ch);
		else
			*out++ = (char)ch;
	}
	*out = '\0';
}

START_TEST(test_string_every_position)
{
	/* Text is escaped 8 bytes at a time where it can be: each byte that needs
	 * escaping, at each place in and around a word, among bytes that do not
	 * (ASCII, space, DEL, UTF-8), and random bytes against the reference. */
	static const unsigned char special[] = { '"', '\\', 0x01, 0x1f, '\n', '\b' };
	static const unsigned char plain[] = { 'a', ' ', 0x7f, 0xe7, 0x80, '!', '#', '[' };
	unsigned char in[40];
	char want[40 * 6 + 1], *got;

	for (size_t len = 1; len < sizeof in; len++)
		for (size_t at = 0; at < len; at++)
			for (size_t k = 0; k < sizeof special; k++) {
				for (size_t i = 0; i < len; i++)
					in[i] = plain[(i + k) % sizeof plain];
				in[at] = special[k];
				in[len] = '\0';
				reference_escape(want, in, len);
				got = written(json_text_escaped, (const char *)in);
				ck_assert_msg(strcmp(got, want) == 0, "len %zu at %zu: %s", len, at, got);
				free(got);
			}
	srandom(42);
	for (int round = 0; round < 2000; round++) {
		size_t len = (size_t)(random() % (sizeof in - 1));
		for (size_t i = 0; i < len; i++)
			in[i] = (unsigned char)(1 + random() % 255);
		in[len] = '\0';
		reference_escape(want, in, len);
		got = written(json_text_escaped, (const char *)in);
		ck_assert_msg(strcmp(got, want) == 0, "round %d", round);
		free(got);
	}
}
END_TEST

START_TEST(test_string_grows)
{
	struct json_text t = { 0 };
	size_t n = 100000, len;
	char *big = malloc(n + 1), *out;

	memset(big, '"', n);   /* every byte escaped: twice as long */
	big[n] = '\0';
	json_text_literal(&t, "[");
	json_text_string(&t, big, n);
	json_text_int(&t, -42);
	out = json_text_finish(&t, &len);
	ck_assert_uint_eq(len, 1 + 2 * n + 2 + 3);
	ck_assert_str_eq(out + len - 4, "\"-42");
	free(big);
	free(out);
}
END_TEST

START_TEST(test_reply_as_text)
{
	/* The same line as the tree-built reply, with and without an id. */
	struct json_text t = { 0 };
	size_t len, tree_len;
	char *text, *tree;

	proto_reply_ok_open(&t, true, 9007199254740993LL);
	json_text_literal(&t, "{\"rows\":[1,2]}");
	proto_reply_ok_close(&t);
	text = json_text_finish(&t, &len);
	tree = proto_reply_ok(true, 9007199254740993LL,
	    cJSON_Parse("{\"rows\":[1,2]}"), &tree_len);
	ck_assert_str_eq(text, tree);
	ck_assert_uint_eq(len, tree_len);
	free(text);
	free(tree);

	proto_reply_ok_open(&t, false, 0);
	proto_reply_ok_close(&t);
	text = json_text_finish(&t, &len);
	ck_assert_str_eq(text, "{\"id\":null,\"ok\":true,\"result\":}\n");
	free(text);
}
END_TEST

START_TEST(test_times)
{
	static const char *const cases[][2] = {
		/* Asia/Shanghai */
		{ "2026-11-24 09:30:00.123456+08", "\"2026-11-24T09:30:00+08:00\"" },
		{ "2026-11-24 09:30:00+08", "\"2026-11-24T09:30:00+08:00\"" },
		{ "1900-01-01 20:05:43+08:05:43", "\"1900-01-01T20:05:43+08:05:43\"" },
		{ "12026-01-01 08:00:00+08", "\"12026-01-01T08:00:00+08:00\"" },
		{ "0044-03-15 20:05:43+08:05:43 BC", "\"0044-03-15T20:05:43+08:05:43 BC\"" },
		{ "infinity", "\"infinity\"" },
		{ "-infinity", "\"-infinity\"" },
		/* Asia/Kolkata, America/St_Johns, Europe/Amsterdam, UTC */
		{ "2026-11-24 07:00:00.123456+05:30", "\"2026-11-24T07:00:00+05:30\"" },
		{ "2026-11-23 22:00:00.123456-03:30", "\"2026-11-23T22:00:00-03:30\"" },
		{ "1900-01-01 08:29:08-03:30:52", "\"1900-01-01T08:29:08-03:30:52\"" },
		{ "2026-11-24 02:30:00.5+01", "\"2026-11-24T02:30:00+01:00\"" },
		{ "1900-01-01 12:19:32+00:19:32", "\"1900-01-01T12:19:32+00:19:32\"" },
		{ "0044-03-15 12:00:00+00 BC", "\"0044-03-15T12:00:00+00:00 BC\"" },
		/* America/Sao_Paulo */
		{ "2026-11-23 22:30:00.123456-03", "\"2026-11-23T22:30:00-03:00\"" },
	};

	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
		ck_written(pgtext_time_json, cases[i][0], cases[i][1]);
}
END_TEST

START_TEST(test_times_not_of_the_shape)
{
	/* Not timestamptz_out's: kept as text, never cut or misread. */
	ck_written(pgtext_time_json, "", "\"\"");
	ck_written(pgtext_time_json, "2026-11-24 09:30:00", "\"2026-11-24 09:30:00\"");
	ck_written(pgtext_time_json, "2026-11-24T09:30:00+08", "\"2026-11-24T09:30:00+08\"");
	ck_written(pgtext_time_json, "2026-11-24 09:30:00.+08", "\"2026-11-24 09:30:00.+08\"");
	ck_written(pgtext_time_json, "2026-11-24 09:30:00+8", "\"2026-11-24 09:30:00+8\"");
	ck_written(pgtext_time_json, "2026-11-24 09:30:00+08 AD", "\"2026-11-24 09:30:00+08 AD\"");
	ck_written(pgtext_time_json, "26-11-24 09:30:00+08", "\"26-11-24 09:30:00+08\"");
	ck_written(pgtext_time_json, "2026-11-24 09:30:00+08\"", "\"2026-11-24 09:30:00+08\\\"\"");
}
END_TEST

static void
array_json(struct json_text *t, const char *s, size_t n)
{
	if (!pgtext_array_json(t, s, n))
		json_text_literal(t, "refused");
}

START_TEST(test_arrays)
{
	ck_written(array_json, "{13900000008,+861065550000}",
	    "[\"13900000008\",\"+861065550000\"]");
	ck_written(array_json, "{}", "[]");
	ck_written(array_json, "{\"a b\",\"\",NULL,\"NULL\",\"x\\\"y\",\"back\\\\slash\","
	    "\"{}\",\",\",\"tab\there\",\"nl\nx\",\"\b\f\x01\"}",
	    "[\"a b\",\"\",null,\"NULL\",\"x\\\"y\",\"back\\\\slash\",\"{}\",\",\","
	    "\"tab\\there\",\"nl\\nx\",\"\\b\\f\\u0001\"]");
	ck_written(array_json, "[0:1]={p,q}", "[\"p\",\"q\"]");
	ck_written(array_json, "{{a,b},{c,NULL}}", "[[\"a\",\"b\"],[\"c\",null]]");
	ck_written(array_json, "{王小明}", "[\"王小明\"]");
}
END_TEST

START_TEST(test_arrays_malformed)
{
	static const char *const bad[] = {
		"", "a", "[0:1]", "{", "}", "{a", "{a,}", "{,a}", "{a,,b}", "{a}}",
		"{a}b", "{\"a}", "{\"a\"b}", "{a\"b\"}", "{{a}{b}}", "{a{b}}", "{\"a\\",
	};

	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		struct json_text t = { 0 };
		size_t len;
		char *out;

		json_text_literal(&t, "x");
		ck_assert_msg(!pgtext_array_json(&t, bad[i], strlen(bad[i])),
		    "took '%s'", bad[i]);
		out = json_text_finish(&t, &len);
		ck_assert_msg(strcmp(out, "x") == 0, "'%s' left '%s'", bad[i], out);
		free(out);
	}
}
END_TEST

Suite *
pgtext_suite(void)
{
	Suite *s = suite_create("pgtext");
	TCase *tc = tcase_create("json");

	tcase_add_test(tc, test_string_escapes);
	tcase_add_test(tc, test_string_every_position);
	tcase_add_test(tc, test_string_grows);
	tcase_add_test(tc, test_reply_as_text);
	tcase_add_test(tc, test_times);
	tcase_add_test(tc, test_times_not_of_the_shape);
	tcase_add_test(tc, test_arrays);
	tcase_add_test(tc, test_arrays_malformed);
	suite_add_tcase(s, tc);
	return s;
}
