/*
 * proto.h: the wire contract shared by the daemon, the client and the tests.
 *
 * One message is one JSON object on one line. This module knows the error
 * codes, parses a request envelope and builds replies and pushes; it does no
 * I/O (frame.h cuts lines out of a buffer).
 */
#ifndef SVCDESK_PROTO_H
#define SVCDESK_PROTO_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cjson/cJSON.h>

#define PROTO_DEFAULT_PORT 7450
#define PROTO_DEFAULT_MAX_FRAME (1024 * 1024)

enum proto_code {
	PROTO_OK = 0,
	PROTO_BAD_REQUEST,
	PROTO_UNKNOWN_OP,
	PROTO_INVALID_ARGUMENT,
	PROTO_UNAUTHENTICATED,
	PROTO_FORBIDDEN,
	PROTO_NOT_FOUND,
	PROTO_CONFLICT,
	PROTO_RATE_LIMITED,
	PROTO_UNAVAILABLE,
	PROTO_FRAME_TOO_LARGE,
	PROTO_INTERNAL,
	PROTO_CODE_COUNT
};

/* The error a request failed with: code, a message for people, the field.
 * The message is written in English and in Simplified Chinese at once
 * (common/l10n.h), each cut at a character boundary; the reply carries the
 * one of the session's language (proto_error_in). */
struct proto_error {
	enum proto_code code;
	char message[384];
	char message_zh[384];
	char field[64];
};

/* A parsed request. `root` owns `args`; free with proto_request_free. */
struct proto_request {
	bool has_id;
	int64_t id;
	const char *op;
	cJSON *args;   /* always an object (empty when omitted) */
	cJSON *root;
};

const char *proto_code_name(enum proto_code code);
enum proto_code proto_code_from_name(const char *name);

/* Sets err (printf-style message) and returns false, so callers can
 * `return proto_fail(err, ...)`. field may be NULL. fmt is a msgid: `make
 * pot` extracts it, and its zh_CN translation is formatted with the same
 * arguments into message_zh. */
bool proto_fail(struct proto_error *err, enum proto_code code,
    const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
bool proto_vfail(struct proto_error *err, enum proto_code code,
    const char *field, const char *fmt, va_list ap)
    __attribute__((format(printf, 4, 0)));
/* Puts the message in Chinese in place of the English one (for a session in
 * Chinese, before the reply is written). */
void proto_error_in_chinese(struct proto_error *err);

/* An error found inside a nested object or array names the whole path:
 * "customer" + "phones" -> "customer.phones". Returns false, for
 * `return proto_fail_nested(err, "customer")`. */
bool proto_fail_nested(struct proto_error *err, const char *path);

/* True when buf[0..len) is well-formed UTF-8 (no overlongs, no surrogates). */
bool proto_utf8_valid(const char *buf, size_t len);

/* Parses one line (without its '\n'); line[len] must be '\0'. On failure fills err and, when the id
 * could be read, req->has_id/id so the error can echo it. */
bool proto_parse_request(const char *line, size_t len,
    struct proto_request *req, struct proto_error *err);
void proto_request_free(struct proto_request *req);

/* Replies and pushes, each a malloc'd line ending in "\n" (free with free()).
 * The result/data object is consumed (may be NULL for {}). */
char *proto_reply_ok(bool has_id, int64_t id, cJSON *result, size_t *len);
char *proto_reply_error(bool has_id, int64_t id, const struct proto_error *err,
    size_t *len);
char *proto_push(const char *event, cJSON *data, size_t *len);
/* The same ok reply written as text, for results too large for a tree: the
 * envelope up to "result": (open), the caller's result, then "}\n" (close). */
struct json_text;
void proto_reply_ok_open(struct json_text *t, bool has_id, int64_t id);
void proto_reply_ok_close(struct json_text *t);

/* Builds a request line: {"id":id,"op":op,"args":args}\n. args consumed. */
char *proto_request_line(int64_t id, const char *op, cJSON *args, size_t *len);

#endif
