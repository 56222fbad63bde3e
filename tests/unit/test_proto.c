/*
 * test_proto.c: common/proto.h, the request envelope and the replies:
 * UTF-8 checking (overlongs, surrogates, truncation), NUL bytes, JSON that
 * is not an object, ids of the wrong type, op and args checks, trailing
 * garbage, and the reply/push/request lines built for the wire.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/proto.h"
#include "tests/unit/suites.h"

/* Parses text (NUL-terminated, as frame.h hands it over) and expects an
 * error with code and field ("" for none); returns whether an id was read. */
static bool
parse_fails(const char *text, size_t len, enum proto_code code,
    const char *field, int64_t *id)
{
	struct proto_request req;
	struct proto_error err;
	bool ok;

	memset(&err, 0x5a, sizeof err);
	ok = proto_parse_request(text, len, &req, &err);
	ck_assert_msg(!ok, "accepted: %.80s", text);
	ck_assert_msg(err.code == code, "%.80s: code %s, want %s", text,
	    proto_code_name(err.code), proto_code_name(code));
	ck_assert_str_eq(err.field, field);
	ck_assert_ptr_null(req.args);
	if (id != NULL)
		*id = req.id;
	ok = req.has_id;
	proto_request_free(&req);
	return ok;
}

static void
bad_request(const char *text)
{
	ck_assert(!parse_fails(text, strlen(text), PROTO_BAD_REQUEST, "", NULL));
}

START_TEST(test_valid_request)
{
	const char *text = "{\"id\":7,\"op\":\"ticket.get\",\"args\":{\"no\":\"B2611240042\"}}";
	struct proto_request req;
	struct proto_error err;

	ck_assert(proto_parse_request(text, strlen(text), &req, &err));
	ck_assert(req.has_id);
	ck_assert_int_eq(req.id, 7);
	ck_assert_str_eq(req.op, "ticket.get");
	ck_assert(cJSON_IsObject(req.args));
	ck_assert_str_eq(cJSON_GetObjectItem(req.args, "no")->valuestring, "B2611240042");
	proto_request_free(&req);
	ck_assert_ptr_null(req.root);
}
END_TEST

START_TEST(test_args_omitted_or_null)
{
	const char *texts[] = { "{\"op\":\"ping\"}", "{\"op\":\"ping\",\"args\":null}",
	    "{\"op\":\"ping\",\"args\":{}}" };

	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
		struct proto_request req;
		struct proto_error err;

		ck_assert(proto_parse_request(texts[i], strlen(texts[i]), &req, &err));
		ck_assert(!req.has_id);
		ck_assert(cJSON_IsObject(req.args));
		ck_assert_int_eq(cJSON_GetArraySize(req.args), 0);
		proto_request_free(&req);
	}
}
END_TEST

START_TEST(test_chinese_text_is_valid)
{
	const char *text = "{\"id\":1,\"op\":\"x\",\"args\":{\"name\":\"张敏\",\"e\":\"\xf0\x9f\x98\x80\"}}";
	struct proto_request req;
	struct proto_error err;

	ck_assert(proto_parse_request(text, strlen(text), &req, &err));
	ck_assert_str_eq(cJSON_GetObjectItem(req.args, "name")->valuestring, "张敏");
	proto_request_free(&req);
}
END_TEST

START_TEST(test_utf8_valid_sequences)
{
	static const char *const good[] = {
		"", "plain ascii", "\xc2\x80", "\xdf\xbf", "\xe0\xa0\x80", "中文",
		"\xed\x9f\xbf",          /* U+D7FF, just below the surrogates */
		"\xee\x80\x80",          /* U+E000, just above */
		"\xef\xbf\xbf", "\xf0\x90\x80\x80", "\xf4\x8f\xbf\xbf",  /* U+10FFFF */
	};

	for (size_t i = 0; i < sizeof good / sizeof *good; i++)
		ck_assert_msg(proto_utf8_valid(good[i], strlen(good[i])), "case %zu", i);
}
END_TEST

START_TEST(test_utf8_invalid_sequences)
{
	static const char *const bad[] = {
		"\xff", "\xfe", "\x80", "\xbf",               /* never valid / lone continuation */
		"\xc0\xaf", "\xc1\xbf",                        /* overlong 2-byte */
		"\xe0\x80\xaf", "\xe0\x9f\xbf",                /* overlong 3-byte */
		"\xf0\x80\x80\xaf", "\xf0\x8f\xbf\xbf",        /* overlong 4-byte */
		"\xed\xa0\x80", "\xed\xbf\xbf",                /* surrogates D800, DFFF */
		"\xed\xa0\xbd\xed\xb8\x80",                    /* CESU-8 surrogate pair */
		"\xf4\x90\x80\x80", "\xf5\x80\x80\x80",        /* above U+10FFFF */
		"\xe4\xb8", "\xe4", "a\xf0\x9f\x98",           /* truncated */
		"\xe4\x41\x80", "\xc3\x28",                    /* bad continuation */
	};

	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		ck_assert_msg(!proto_utf8_valid(bad[i], strlen(bad[i])), "case %zu", i);
}
END_TEST

START_TEST(test_utf8_length_bound)
{
	/* Only len bytes count: a sequence cut by len is invalid even when the
	 * memory after it would complete it. */
	ck_assert(!proto_utf8_valid("\xe4\xb8\xad", 2));
	ck_assert(proto_utf8_valid("\xe4\xb8\xad", 3));
	ck_assert(proto_utf8_valid("ab\xff", 2));
}
END_TEST

START_TEST(test_invalid_utf8_in_request)
{
	bad_request("{\"id\":1,\"op\":\"ping\",\"args\":{\"s\":\"\xff\"}}");
	bad_request("{\"id\":1,\"op\":\"ping\",\"args\":{\"s\":\"\xc0\xaf\"}}");
	bad_request("{\"id\":1,\"op\":\"ping\",\"args\":{\"s\":\"\xe0\x80\xaf\"}}");
	bad_request("{\"id\":1,\"op\":\"ping\",\"args\":{\"s\":\"\xed\xa0\x80\"}}");
	bad_request("{\"id\":1,\"op\":\"ping\",\"args\":{\"s\":\"\xe4\xb8\"}}");
}
END_TEST

START_TEST(test_nul_byte)
{
	static const char text[] = "{\"id\":1,\"op\":\"pi\0ng\"}";

	/* The NUL is inside the len bytes; the line is still NUL-terminated. */
	ck_assert(!parse_fails(text, sizeof text - 1, PROTO_BAD_REQUEST, "", NULL));
	static const char text2[] = "{\"id\":1,\"op\":\"ping\"}\0garbage";
	ck_assert(!parse_fails(text2, sizeof text2 - 1, PROTO_BAD_REQUEST, "", NULL));
}
END_TEST

/* cJSON decodes \u0000 to a NUL byte and the C string ends there: refused,
 * naming the argument (nested ones by their path), the id still echoed. */
START_TEST(test_escaped_nul)
{
	static const char top[] = "{\"id\":4,\"op\":\"x\",\"args\":{\"a\":1,\"fault\":\"ab\\u0000cd\"}}";
	static const char nested[] = "{\"op\":\"x\",\"args\":{\"customer\":{\"name\":\"\\u0000\"}}}";
	static const char in_array[] = "{\"op\":\"x\",\"args\":{\"tags\":[\"a\",\"b\\u0000\"]}}";
	static const char in_op[] = "{\"op\":\"x\\u0000y\"}";
	static const char escaped_backslash[] = "{\"op\":\"x\",\"args\":{\"a\":\"\\\\u0000\"}}";
	/* Found by fuzz_ops: no name, or a NUL in the name, to name: the args. */
	static const char no_name[] = "{\"op\":\"x\",\"args\":{\"id\":1,\"\":\"\\u0000mQ\"}}";
	static const char in_name[] = "{\"op\":\"x\",\"args\":{\"a\\u0000\":\"\\u0000\"}}";
	struct proto_request req;
	struct proto_error err;
	int64_t id = 0;

	ck_assert(parse_fails(top, strlen(top), PROTO_INVALID_ARGUMENT, "fault", &id));
	ck_assert_int_eq(id, 4);
	parse_fails(nested, strlen(nested), PROTO_INVALID_ARGUMENT, "customer.name", NULL);
	parse_fails(in_array, strlen(in_array), PROTO_INVALID_ARGUMENT, "tags", NULL);
	parse_fails(in_op, strlen(in_op), PROTO_BAD_REQUEST, "", NULL);
	parse_fails(no_name, strlen(no_name), PROTO_INVALID_ARGUMENT, "args", NULL);
	parse_fails(in_name, strlen(in_name), PROTO_INVALID_ARGUMENT, "args", NULL);
	/* Found by fuzz_ops: a name longer than the field, cut where a
	 * character began (62 O, then U+FFFF): the field and the message stay
	 * valid UTF-8, the name cut before that character. */
	char long_name[160], o62[63];
	memset(o62, 'O', 62);
	o62[62] = '\0';
	snprintf(long_name, sizeof long_name,
	    "{\"op\":\"x\",\"args\":{\"%s\xEF\xBF\xBF\":\"\\u0000\"}}", o62);
	parse_fails(long_name, strlen(long_name), PROTO_INVALID_ARGUMENT, o62, NULL);
	ck_assert(!proto_parse_request(long_name, strlen(long_name), &req, &err));
	ck_assert(proto_utf8_valid(err.message, strlen(err.message)));
	ck_assert(proto_utf8_valid(err.message_zh, strlen(err.message_zh)));
	proto_request_free(&req);
	/* A backslash, then the letters u0000: text, not a NUL. */
	ck_assert(proto_parse_request(escaped_backslash, strlen(escaped_backslash), &req, &err));
	ck_assert_str_eq(cJSON_GetObjectItem(req.args, "a")->valuestring, "\\u0000");
	proto_request_free(&req);
}
END_TEST

START_TEST(test_not_json)
{
	bad_request("");
	bad_request("not json");
	bad_request("{");
	bad_request("{\"id\":1,\"op\":\"ping\"");
	bad_request("{'op':'ping'}");
	bad_request("{\"op\":\"ping\",}");
}
END_TEST

START_TEST(test_not_an_object)
{
	bad_request("[]");
	bad_request("[{\"op\":\"ping\"}]");
	bad_request("\"ping\"");
	bad_request("42");
	bad_request("null");
	bad_request("true");
}
END_TEST

START_TEST(test_trailing_garbage)
{
	bad_request("{\"id\":1,\"op\":\"ping\"} x");
	bad_request("{\"id\":1,\"op\":\"ping\"}{\"id\":2,\"op\":\"ping\"}");
	bad_request("{\"id\":1,\"op\":\"ping\"}]");
}
END_TEST

START_TEST(test_deep_nesting)
{
	size_t n = 100000;
	char *text = malloc(n * 2 + 64);
	size_t len;

	ck_assert_ptr_nonnull(text);
	len = (size_t)sprintf(text, "{\"op\":\"ping\",\"args\":{\"a\":");
	memset(text + len, '[', n);
	len += n;
	memset(text + len, ']', n);
	len += n;
	strcpy(text + len, "}}");
	len += 2;
	ck_assert(!parse_fails(text, len, PROTO_BAD_REQUEST, "", NULL));
	free(text);
}
END_TEST

/* An id that is not an integer: bad_request naming "id", no id echoed. */
static void
bad_id(const char *text)
{
	ck_assert_msg(!parse_fails(text, strlen(text), PROTO_BAD_REQUEST, "id", NULL),
	    "%s: an id was echoed", text);
}

START_TEST(test_id_wrong_type)
{
	bad_id("{\"id\":\"7\",\"op\":\"ping\"}");
	bad_id("{\"id\":1.5,\"op\":\"ping\"}");
	bad_id("{\"id\":-0.25,\"op\":\"ping\"}");
	bad_id("{\"id\":1e300,\"op\":\"ping\"}");
	bad_id("{\"id\":-1e300,\"op\":\"ping\"}");
	bad_id("{\"id\":18446744073709551616,\"op\":\"ping\"}");
	bad_id("{\"id\":9007199254740994,\"op\":\"ping\"}");   /* 2^53 + 2 */
	bad_id("{\"id\":true,\"op\":\"ping\"}");
	bad_id("{\"id\":null,\"op\":\"ping\"}");
	bad_id("{\"id\":[1],\"op\":\"ping\"}");
	bad_id("{\"id\":{},\"op\":\"ping\"}");
}
END_TEST

START_TEST(test_id_integers)
{
	static const struct { const char *text; int64_t id; } cases[] = {
		{ "{\"id\":0,\"op\":\"ping\"}", 0 },
		{ "{\"id\":-5,\"op\":\"ping\"}", -5 },
		{ "{\"id\":1e3,\"op\":\"ping\"}", 1000 },
		{ "{\"id\":2.0,\"op\":\"ping\"}", 2 },
		{ "{\"id\":9007199254740992,\"op\":\"ping\"}", 9007199254740992LL },
		{ "{\"id\":-9007199254740992,\"op\":\"ping\"}", -9007199254740992LL },
	};

	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct proto_request req;
		struct proto_error err;

		ck_assert_msg(proto_parse_request(cases[i].text, strlen(cases[i].text),
		    &req, &err), "%s", cases[i].text);
		ck_assert(req.has_id);
		ck_assert_int_eq(req.id, cases[i].id);
		proto_request_free(&req);
	}
}
END_TEST

START_TEST(test_missing_op_echoes_id)
{
	int64_t id = 0;

	ck_assert(parse_fails("{\"id\":5}", strlen("{\"id\":5}"), PROTO_BAD_REQUEST, "op", &id));
	ck_assert_int_eq(id, 5);
	ck_assert(parse_fails("{\"id\":6,\"args\":{}}", strlen("{\"id\":6,\"args\":{}}"), PROTO_BAD_REQUEST, "op", &id));
	ck_assert_int_eq(id, 6);
	ck_assert(!parse_fails("{}", 2, PROTO_BAD_REQUEST, "op", NULL));
}
END_TEST

START_TEST(test_op_not_string)
{
	static const char *const texts[] = {
		"{\"id\":1,\"op\":5}", "{\"id\":1,\"op\":null}", "{\"id\":1,\"op\":{}}",
		"{\"id\":1,\"op\":[\"ping\"]}", "{\"id\":1,\"op\":true}", "{\"id\":1,\"op\":\"\"}",
	};

	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
		int64_t id = 0;
		ck_assert(parse_fails(texts[i], strlen(texts[i]), PROTO_BAD_REQUEST, "op", &id));
		ck_assert_int_eq(id, 1);
	}
}
END_TEST

START_TEST(test_args_not_object)
{
	static const char *const texts[] = {
		"{\"id\":3,\"op\":\"ping\",\"args\":[]}",
		"{\"id\":3,\"op\":\"ping\",\"args\":\"x\"}",
		"{\"id\":3,\"op\":\"ping\",\"args\":5}",
		"{\"id\":3,\"op\":\"ping\",\"args\":false}",
	};

	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
		int64_t id = 0;
		ck_assert(parse_fails(texts[i], strlen(texts[i]), PROTO_INVALID_ARGUMENT,
		    "args", &id));
		ck_assert_int_eq(id, 3);
	}
}
END_TEST

START_TEST(test_code_names)
{
	static const char *const names[] = { "ok", "bad_request", "unknown_op",
	    "invalid_argument", "unauthenticated", "forbidden", "not_found",
	    "conflict", "rate_limited", "unavailable", "frame_too_large", "internal" };

	ck_assert_int_eq(sizeof names / sizeof *names, PROTO_CODE_COUNT);
	for (int i = 0; i < PROTO_CODE_COUNT; i++) {
		ck_assert_str_eq(proto_code_name((enum proto_code)i), names[i]);
		ck_assert_int_eq(proto_code_from_name(names[i]), i);
	}
	ck_assert_int_eq(proto_code_from_name("no_such_code"), PROTO_INTERNAL);
	ck_assert_int_eq(proto_code_from_name(NULL), PROTO_INTERNAL);
	ck_assert_str_eq(proto_code_name(PROTO_CODE_COUNT), "internal");
	ck_assert_str_eq(proto_code_name((enum proto_code)-1), "internal");
}
END_TEST

START_TEST(test_proto_fail)
{
	struct proto_error err;
	char longer[600];

	ck_assert(!proto_fail(&err, PROTO_NOT_FOUND, "no", "no ticket %s", "B1"));
	ck_assert_int_eq(err.code, PROTO_NOT_FOUND);
	ck_assert_str_eq(err.field, "no");
	ck_assert_str_eq(err.message, "no ticket B1");
	ck_assert(!proto_fail(&err, PROTO_CONFLICT, NULL, "x"));
	ck_assert_str_eq(err.field, "");
	/* Too long for the buffers: cut, still terminated. */
	memset(longer, 'm', sizeof longer - 1);
	longer[sizeof longer - 1] = '\0';
	ck_assert(!proto_fail(&err, PROTO_INTERNAL, longer, "%s", longer));
	ck_assert_uint_eq(strlen(err.message), sizeof err.message - 1);
	ck_assert_uint_eq(strlen(err.field), sizeof err.field - 1);
}
END_TEST

/* A message cut by its buffer ends before the character the cut would
 * split: each of 中 is three bytes, and 384 is not a multiple of three after
 * "x: ". Without a translation the Chinese message is the English one. */
START_TEST(test_proto_fail_cuts_whole_characters)
{
	struct proto_error err;
	char chinese[3 * 200 + 1] = "";

	for (int i = 0; i < 200; i++)
		strcat(chinese, "中");
	ck_assert(!proto_fail(&err, PROTO_NOT_FOUND, "q", "x: %s", chinese));
	ck_assert(proto_utf8_valid(err.message, strlen(err.message)));
	ck_assert(proto_utf8_valid(err.message_zh, strlen(err.message_zh)));
	ck_assert_uint_eq(strlen(err.message), 3 + 3 * ((sizeof err.message - 1 - 3) / 3));
	ck_assert_str_eq(err.message_zh, err.message);
	proto_error_in_chinese(&err);
	ck_assert(proto_utf8_valid(err.message, strlen(err.message)));
}
END_TEST

/* A built line: ends in exactly one '\n', holds no other, and parses. */
static cJSON *
parse_line(char *line, size_t len)
{
	cJSON *obj;

	ck_assert_ptr_nonnull(line);
	ck_assert_uint_eq(strlen(line), len);
	ck_assert_int_eq(line[len - 1], '\n');
	ck_assert_ptr_eq(strchr(line, '\n'), line + len - 1);
	obj = cJSON_ParseWithLength(line, len);
	ck_assert_ptr_nonnull(obj);
	free(line);
	return obj;
}

START_TEST(test_reply_ok)
{
	cJSON *result = cJSON_CreateObject(), *obj;
	size_t len = 0;
	char *line;

	cJSON_AddStringToObject(result, "text", "两行\n文字");
	line = proto_reply_ok(true, 42, result, &len);
	obj = parse_line(line, len);
	ck_assert_int_eq(cJSON_GetObjectItem(obj, "id")->valuedouble, 42);
	ck_assert(cJSON_IsTrue(cJSON_GetObjectItem(obj, "ok")));
	ck_assert_str_eq(cJSON_GetObjectItem(cJSON_GetObjectItem(obj, "result"),
	    "text")->valuestring, "两行\n文字");
	ck_assert_ptr_null(cJSON_GetObjectItem(obj, "error"));
	cJSON_Delete(obj);

	line = proto_reply_ok(false, 0, NULL, &len);
	obj = parse_line(line, len);
	ck_assert(cJSON_IsNull(cJSON_GetObjectItem(obj, "id")));
	ck_assert(cJSON_IsObject(cJSON_GetObjectItem(obj, "result")));
	cJSON_Delete(obj);
}
END_TEST

START_TEST(test_reply_error)
{
	struct proto_error err;
	cJSON *obj, *e;
	size_t len = 0;
	char *line;

	proto_fail(&err, PROTO_INVALID_ARGUMENT, "user", "user is longer than %d", 32);
	line = proto_reply_error(true, 1234567, &err, &len);
	obj = parse_line(line, len);
	ck_assert_int_eq(cJSON_GetObjectItem(obj, "id")->valuedouble, 1234567);
	ck_assert(cJSON_IsFalse(cJSON_GetObjectItem(obj, "ok")));
	e = cJSON_GetObjectItem(obj, "error");
	ck_assert_str_eq(cJSON_GetObjectItem(e, "code")->valuestring, "invalid_argument");
	ck_assert_str_eq(cJSON_GetObjectItem(e, "message")->valuestring, "user is longer than 32");
	ck_assert_str_eq(cJSON_GetObjectItem(e, "field")->valuestring, "user");
	cJSON_Delete(obj);

	proto_fail(&err, PROTO_FRAME_TOO_LARGE, NULL, "too big");
	line = proto_reply_error(false, 0, &err, &len);
	obj = parse_line(line, len);
	ck_assert(cJSON_IsNull(cJSON_GetObjectItem(obj, "id")));
	e = cJSON_GetObjectItem(obj, "error");
	ck_assert_str_eq(cJSON_GetObjectItem(e, "code")->valuestring, "frame_too_large");
	ck_assert_ptr_null(cJSON_GetObjectItem(e, "field"));
	cJSON_Delete(obj);
}
END_TEST

/* Every integer id the envelope accepts is echoed digit for digit. */
START_TEST(test_large_ids_echoed_exactly)
{
	static const int64_t ids[] = { 0, -1, 1000000, 999999999999999LL,
	    1234567890123456LL, 4503599627370497LL, 9007199254740991LL,
	    -9007199254740991LL, 9007199254740992LL };
	char want[48], *line;
	size_t len;

	for (size_t i = 0; i < sizeof ids / sizeof *ids; i++) {
		snprintf(want, sizeof want, "{\"id\":%lld,", (long long)ids[i]);
		line = proto_reply_ok(true, ids[i], NULL, &len);
		ck_assert_ptr_nonnull(line);
		ck_assert_msg(strncmp(line, want, strlen(want)) == 0,
		    "id %lld echoed as %.*s", (long long)ids[i],
		    (int)strcspn(line, "\n"), line);
		free(line);
	}
}
END_TEST

START_TEST(test_push_line)
{
	cJSON *data = cJSON_CreateObject(), *obj;
	size_t len = 0;
	char *line;

	cJSON_AddStringToObject(data, "no", "B2611240042");
	line = proto_push("ticket.changed", data, &len);
	obj = parse_line(line, len);
	ck_assert_str_eq(cJSON_GetObjectItem(obj, "event")->valuestring, "ticket.changed");
	ck_assert_str_eq(cJSON_GetObjectItem(cJSON_GetObjectItem(obj, "data"), "no")->valuestring,
	    "B2611240042");
	ck_assert_ptr_null(cJSON_GetObjectItem(obj, "id"));
	ck_assert_ptr_null(cJSON_GetObjectItem(obj, "ok"));
	cJSON_Delete(obj);
}
END_TEST

START_TEST(test_request_line_round_trip)
{
	cJSON *args = cJSON_CreateObject();
	struct proto_request req;
	struct proto_error err;
	size_t len = 0;
	char *line;

	cJSON_AddStringToObject(args, "user", "operator");
	line = proto_request_line(77, "session.login", args, &len);
	ck_assert_ptr_nonnull(line);
	ck_assert_int_eq(line[len - 1], '\n');
	line[len - 1] = '\0';   /* as frame.h hands it over */
	ck_assert(proto_parse_request(line, len - 1, &req, &err));
	ck_assert_int_eq(req.id, 77);
	ck_assert_str_eq(req.op, "session.login");
	ck_assert_str_eq(cJSON_GetObjectItem(req.args, "user")->valuestring, "operator");
	proto_request_free(&req);
	free(line);

	line = proto_request_line(1, "ping", NULL, &len);
	ck_assert_ptr_nonnull(line);
	line[len - 1] = '\0';
	ck_assert(proto_parse_request(line, len - 1, &req, &err));
	ck_assert(cJSON_IsObject(req.args));
	proto_request_free(&req);
	free(line);
}
END_TEST

Suite *
proto_suite(void)
{
	Suite *s = suite_create("proto");
	TCase *utf8 = tcase_create("utf8");
	TCase *env = tcase_create("envelope");
	TCase *out = tcase_create("replies");

	tcase_add_test(utf8, test_utf8_valid_sequences);
	tcase_add_test(utf8, test_utf8_invalid_sequences);
	tcase_add_test(utf8, test_utf8_length_bound);
	suite_add_tcase(s, utf8);

	tcase_add_test(env, test_valid_request);
	tcase_add_test(env, test_args_omitted_or_null);
	tcase_add_test(env, test_chinese_text_is_valid);
	tcase_add_test(env, test_invalid_utf8_in_request);
	tcase_add_test(env, test_nul_byte);
	tcase_add_test(env, test_escaped_nul);
	tcase_add_test(env, test_not_json);
	tcase_add_test(env, test_not_an_object);
	tcase_add_test(env, test_trailing_garbage);
	tcase_add_test(env, test_deep_nesting);
	tcase_add_test(env, test_id_wrong_type);
	tcase_add_test(env, test_id_integers);
	tcase_add_test(env, test_missing_op_echoes_id);
	tcase_add_test(env, test_op_not_string);
	tcase_add_test(env, test_args_not_object);
	suite_add_tcase(s, env);

	tcase_add_test(out, test_code_names);
	tcase_add_test(out, test_proto_fail);
	tcase_add_test(out, test_proto_fail_cuts_whole_characters);
	tcase_add_test(out, test_reply_ok);
	tcase_add_test(out, test_reply_error);
	tcase_add_test(out, test_large_ids_echoed_exactly);
	tcase_add_test(out, test_push_line);
	tcase_add_test(out, test_request_line_round_trip);
	suite_add_tcase(s, out);
	return s;
}
