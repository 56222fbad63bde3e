/*
 * proto.c: error codes, request envelope parsing, reply and push building.
 * See svcdesk-protocol(7): CONNECTION AND FRAMING, ENVELOPE and ERRORS.
 */
#include "common/proto.h"

#include "common/jsontext.h"
#include "common/l10n.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const code_names[PROTO_CODE_COUNT] = {
	[PROTO_OK] = "ok",
	[PROTO_BAD_REQUEST] = "bad_request",
	[PROTO_UNKNOWN_OP] = "unknown_op",
	[PROTO_INVALID_ARGUMENT] = "invalid_argument",
	[PROTO_UNAUTHENTICATED] = "unauthenticated",
	[PROTO_FORBIDDEN] = "forbidden",
	[PROTO_NOT_FOUND] = "not_found",
	[PROTO_CONFLICT] = "conflict",
	[PROTO_RATE_LIMITED] = "rate_limited",
	[PROTO_UNAVAILABLE] = "unavailable",
	[PROTO_FRAME_TOO_LARGE] = "frame_too_large",
	[PROTO_INTERNAL] = "internal",
};

const char *
proto_code_name(enum proto_code code)
{
	if ((int)code < 0 || code >= PROTO_CODE_COUNT)
		return "internal";
	return code_names[code];
}

enum proto_code
proto_code_from_name(const char *name)
{
	for (int i = 0; name != NULL && i < PROTO_CODE_COUNT; i++)
		if (strcmp(code_names[i], name) == 0)
			return (enum proto_code)i;
	return PROTO_INTERNAL;
}

/* Cuts s (NUL-terminated, as vsnprintf left it) before a character that
 * the buffer's end split, so a truncated message stays valid UTF-8. */
static void
utf8_cut_partial(char *s)
{
	size_t n = strlen(s), start = n;

	while (start > 0 && ((unsigned char)s[start - 1] & 0xC0) == 0x80)
		start--;
	if (start == 0)
		return;
	start--;   /* the lead byte (or an ASCII one) */
	if (!proto_utf8_valid(s + start, n - start))
		s[start] = '\0';
}

bool
proto_vfail(struct proto_error *err, enum proto_code code, const char *field,
    const char *fmt, va_list ap)
{
	va_list again;

	err->code = code;
	snprintf(err->field, sizeof err->field, "%s", field ? field : "");
	utf8_cut_partial(err->field);   /* a long argument name, cut */
	va_copy(again, ap);
	vsnprintf(err->message, sizeof err->message, fmt, ap);
	utf8_cut_partial(err->message);
	/* The catalog's translation is checked by msgfmt --check-format to
	 * take the very arguments of fmt. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	vsnprintf(err->message_zh, sizeof err->message_zh, l10n_zh(fmt), again);
#pragma GCC diagnostic pop
	utf8_cut_partial(err->message_zh);
	va_end(again);
	return false;
}

bool
proto_fail(struct proto_error *err, enum proto_code code, const char *field,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	proto_vfail(err, code, field, fmt, ap);
	va_end(ap);
	return false;
}

void
proto_error_in_chinese(struct proto_error *err)
{
	_Static_assert(sizeof err->message == sizeof err->message_zh,
	    "a message takes the same room in either language");
	memcpy(err->message, err->message_zh, sizeof err->message);
}

bool
proto_utf8_valid(const char *buf, size_t len)
{
	const unsigned char *s = (const unsigned char *)buf, *end = s + len;

	while (s < end) {
		unsigned c = *s;
		size_t n;
		uint32_t cp;

		if (c < 0x80) {
			s++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF) {
			n = 1;
			cp = c & 0x1F;
		} else if (c >= 0xE0 && c <= 0xEF) {
			n = 2;
			cp = c & 0x0F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			n = 3;
			cp = c & 0x07;
		} else
			return false;
		if ((size_t)(end - s) <= n)
			return false;
		for (size_t i = 1; i <= n; i++) {
			if ((s[i] & 0xC0) != 0x80)
				return false;
			cp = (cp << 6) | (s[i] & 0x3F);
		}
		if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
		    cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return false;
		s += n + 1;
	}
	return true;
}

/* An id must be a JSON number holding an exact integer within 2^53. */
static bool
read_id(const cJSON *id, int64_t *out)
{
	double d;

	if (!cJSON_IsNumber(id))
		return false;
	d = id->valuedouble;
	if (!isfinite(d) || d != floor(d) || fabs(d) > 9007199254740992.0)
		return false;
	*out = (int64_t)d;
	return true;
}

/* True when a JSON string in line holds the escape \u0000. cJSON decodes it
 * to a NUL byte, and the C string then ends there: "ab\u0000cd" would be
 * read, checked and stored as "ab". */
static bool
has_escaped_nul(const char *line, size_t len)
{
	bool in_string = false;

	if (memmem(line, len, "\\u0000", 6) == NULL)
		return false;      /* the usual case: one quick look */
	for (size_t i = 0; i < len; i++) {
		if (line[i] == '"')
			in_string = !in_string;
		else if (in_string && line[i] == '\\' && i + 1 < len) {
			if (len - i >= 6 && memcmp(line + i + 1, "u0000", 5) == 0)
				return true;
			i++;        /* the escaped character, even a quote */
		}
	}
	return false;
}

/* The noncharacter U+FFFF stands for each escaped NUL in the parsed copy
 * (no text has it), so the tree can say which argument held one. */
#define NUL_STAND_IN "\xEF\xBF\xBF"

static char *
nul_stand_ins(const char *line, size_t len)
{
	char *copy = malloc(len + 1);
	bool in_string = false;

	if (copy == NULL)
		return NULL;
	memcpy(copy, line, len + 1);
	for (size_t i = 0; i < len; i++) {
		if (copy[i] == '"')
			in_string = !in_string;
		else if (in_string && copy[i] == '\\' && i + 1 < len) {
			if (len - i >= 6 && memcmp(copy + i + 1, "u0000", 5) == 0)
				memcpy(copy + i + 2, "FFFF", 4);
			i++;
		}
	}
	return copy;
}

/* The path ("customer.name") of the first string under item holding a
 * stand-in, in path (size bytes); false when none does. */
static bool
nul_path(const cJSON *item, char *path, size_t size)
{
	size_t here = strlen(path);
	const cJSON *child;

	if (cJSON_IsString(item))
		return strstr(item->valuestring, NUL_STAND_IN) != NULL;
	cJSON_ArrayForEach(child, item) {
		if (cJSON_IsObject(item) && child->string != NULL)
			snprintf(path + here, size - here, "%s%s", here ? "." : "",
			    child->string);
		if (nul_path(child, path, size))
			return true;
		path[here] = '\0';
	}
	return false;
}

/* A request with an escaped NUL: parsed from a copy with stand-ins, and
 * refused naming the argument that held it. */
static bool
refuse_escaped_nul(const char *line, size_t len, struct proto_request *req,
    struct proto_error *err)
{
	char *copy = nul_stand_ins(line, len), path[sizeof err->field] = "";
	bool parsed, found;

	if (copy == NULL)
		return proto_fail(err, PROTO_INTERNAL, NULL, "out of memory");
	parsed = proto_parse_request(copy, len, req, err);
	free(copy);
	if (!parsed)
		return false;
	found = nul_path(req->args, path, sizeof path);
	utf8_cut_partial(path);   /* a long name cut mid-character (found by fuzz_ops) */
	req->args = NULL;    /* a failed parse hands over no args (the id stays) */
	/* An argument without a name, or with a NUL in its name: the args. */
	if (found && (path[0] == '\0' || strstr(path, NUL_STAND_IN) != NULL))
		snprintf(path, sizeof path, "args");
	if (found)
		return proto_fail(err, PROTO_INVALID_ARGUMENT, path,
		    "%s must not contain a NUL character", path);
	return proto_fail(err, PROTO_BAD_REQUEST, NULL,
	    "message contains a NUL character");
}

bool
proto_parse_request(const char *line, size_t len, struct proto_request *req,
    struct proto_error *err)
{
	cJSON *root, *id, *op, *args;

	memset(req, 0, sizeof *req);
	if (!proto_utf8_valid(line, len))
		return proto_fail(err, PROTO_BAD_REQUEST, NULL,
		    "message is not valid UTF-8");
	/* A raw NUL cannot appear in JSON text, and would hide what follows. */
	if (memchr(line, '\0', len) != NULL)
		return proto_fail(err, PROTO_BAD_REQUEST, NULL,
		    "message contains a NUL byte");
	if (has_escaped_nul(line, len))
		return refuse_escaped_nul(line, len, req, err);
	/* line[len] is '\0' (frame.h guarantees it); counting it lets cJSON
	 * reject trailing garbage after the object. */
	root = cJSON_ParseWithLengthOpts(line, len + 1, NULL, true);
	if (root == NULL)
		return proto_fail(err, PROTO_BAD_REQUEST, NULL,
		    "message is not valid JSON");
	req->root = root;
	if (!cJSON_IsObject(root))
		return proto_fail(err, PROTO_BAD_REQUEST, NULL,
		    "message is not a JSON object");
	id = cJSON_GetObjectItemCaseSensitive(root, "id");
	if (id != NULL) {
		if (!read_id(id, &req->id))
			return proto_fail(err, PROTO_BAD_REQUEST, "id",
			    "id must be an integer");
		req->has_id = true;
	}
	op = cJSON_GetObjectItemCaseSensitive(root, "op");
	if (op == NULL)
		return proto_fail(err, PROTO_BAD_REQUEST, "op", "op is missing");
	if (!cJSON_IsString(op) || op->valuestring[0] == '\0')
		return proto_fail(err, PROTO_BAD_REQUEST, "op",
		    "op must be a non-empty string");
	req->op = op->valuestring;
	args = cJSON_GetObjectItemCaseSensitive(root, "args");
	if (args == NULL || cJSON_IsNull(args)) {
		cJSON_DeleteItemFromObjectCaseSensitive(root, "args");
		args = cJSON_AddObjectToObject(root, "args");
		if (args == NULL)
			return proto_fail(err, PROTO_INTERNAL, NULL, "out of memory");
	} else if (!cJSON_IsObject(args))
		return proto_fail(err, PROTO_INVALID_ARGUMENT, "args",
		    "args must be an object");
	req->args = args;
	return true;
}

void
proto_request_free(struct proto_request *req)
{
	cJSON_Delete(req->root);
	memset(req, 0, sizeof *req);
}

/* Prints obj unformatted with a trailing newline; consumes obj. */
static char *
finish_line(cJSON *obj, size_t *len)
{
	char *text = obj ? cJSON_PrintUnformatted(obj) : NULL;
	char *line = NULL;
	size_t n;

	cJSON_Delete(obj);
	if (text == NULL)
		return NULL;
	n = strlen(text);
	line = malloc(n + 2);
	if (line != NULL) {
		memcpy(line, text, n);
		line[n] = '\n';
		line[n + 1] = '\0';
		if (len)
			*len = n + 1;
	}
	cJSON_free(text);
	return line;
}

static cJSON *
envelope(bool has_id, int64_t id, bool ok)
{
	cJSON *obj = cJSON_CreateObject();

	if (obj == NULL)
		return NULL;
	if (has_id) {
		/* Printed as an integer: cJSON's %.15g would round ids past 10^15. */
		char digits[24];
		snprintf(digits, sizeof digits, "%lld", (long long)id);
		cJSON_AddRawToObject(obj, "id", digits);
	} else
		cJSON_AddNullToObject(obj, "id");
	cJSON_AddBoolToObject(obj, "ok", ok);
	return obj;
}

char *
proto_reply_ok(bool has_id, int64_t id, cJSON *result, size_t *len)
{
	cJSON *obj = envelope(has_id, id, true);

	if (obj == NULL) {
		cJSON_Delete(result);
		return NULL;
	}
	cJSON_AddItemToObject(obj, "result",
	    result ? result : cJSON_CreateObject());
	return finish_line(obj, len);
}

void
proto_reply_ok_open(struct json_text *t, bool has_id, int64_t id)
{
	json_text_literal(t, "{\"id\":");
	if (has_id)
		json_text_int(t, (long long)id);
	else
		json_text_literal(t, "null");
	json_text_literal(t, ",\"ok\":true,\"result\":");
}

void
proto_reply_ok_close(struct json_text *t)
{
	json_text_literal(t, "}\n");
}

char *
proto_reply_error(bool has_id, int64_t id, const struct proto_error *err,
    size_t *len)
{
	cJSON *obj = envelope(has_id, id, false), *e;

	if (obj == NULL)
		return NULL;
	e = cJSON_AddObjectToObject(obj, "error");
	cJSON_AddStringToObject(e, "code", proto_code_name(err->code));
	cJSON_AddStringToObject(e, "message", err->message);
	if (err->field[0] != '\0')
		cJSON_AddStringToObject(e, "field", err->field);
	return finish_line(obj, len);
}

char *
proto_push(const char *event, cJSON *data, size_t *len)
{
	cJSON *obj = cJSON_CreateObject();

	if (obj == NULL) {
		cJSON_Delete(data);
		return NULL;
	}
	cJSON_AddStringToObject(obj, "event", event);
	cJSON_AddItemToObject(obj, "data", data ? data : cJSON_CreateObject());
	return finish_line(obj, len);
}

char *
proto_request_line(int64_t id, const char *op, cJSON *args, size_t *len)
{
	cJSON *obj = cJSON_CreateObject();

	if (obj == NULL) {
		cJSON_Delete(args);
		return NULL;
	}
	char digits[24];
	snprintf(digits, sizeof digits, "%lld", (long long)id);
	cJSON_AddRawToObject(obj, "id", digits);
	cJSON_AddStringToObject(obj, "op", op);
	cJSON_AddItemToObject(obj, "args", args ? args : cJSON_CreateObject());
	return finish_line(obj, len);
}

bool
proto_fail_nested(struct proto_error *err, const char *path)
{
	char field[sizeof err->field];
	int n = snprintf(field, sizeof field, "%s.", path);

	if (n > 0 && (size_t)n < sizeof field) {
		snprintf(field + n, sizeof field - (size_t)n, "%.*s",
		    (int)(sizeof field - (size_t)n - 1), err->field);
		utf8_cut_partial(field);
		memcpy(err->field, field, sizeof field);
	}
	return false;
}
