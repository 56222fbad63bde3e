/*
 * fuzz_proto.c: libFuzzer target for the envelope, what the daemon does
 * with untrusted bytes before any handler: framing (framer_next over an
 * evbuffer, fed in pieces), the envelope (proto_parse_request), the argument readers
 * (arg_*, valid_phone, valid_login, time_parse_iso) and the reply built
 * from the result. Invariants checked (abort on violation): a framed line
 * is within the limit and holds no '\n'; an accepted request is valid UTF-8
 * with an object for args; every reply is one line of valid JSON.
 * Seeds are in tests/fuzz/corpus/proto (first byte: the size of the pieces
 * the rest arrives in, 0 for all at once). `make fuzz` builds and runs it
 * (doc/architecture.md, "Fuzzing").
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <event2/buffer.h>

#include "common/frame.h"
#include "common/proto.h"
#include "common/roles.h"
#include "common/timefmt.h"
#include "common/validate.h"

#define FUZZ_MAX_FRAME 4096

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const queues[] = { "new", "dispatched", "overdue", "mine",
	"in_shop", "to_inspect", "to_visit", "all", NULL };
static const char *const topics[] = { "tickets", "complaints", "sla", NULL };

static void
check_line(char *line, size_t len)
{
	cJSON *back;

	if (line == NULL)
		return;
	if (len == 0 || line[len - 1] != '\n' || memchr(line, '\n', len - 1) != NULL ||
	    strlen(line) != len)
		abort();
	back = cJSON_ParseWithLength(line, len);
	if (!cJSON_IsObject(back))
		abort();
	cJSON_Delete(back);
	free(line);
}

/* Runs a string check on an exact-size copy: cJSON's strings carry a spare
 * byte after the terminator that would hide a read past the end. */
static void
on_copy(const char *s, void (*check)(const char *))
{
	char *copy = strdup(s);

	if (copy != NULL)
		check(copy);
	free(copy);
}

static void check_phone(const char *s) { (void)valid_phone(s); }
static void check_login(const char *s) { (void)valid_login(s); }

static void
check_time(const char *s)
{
	time_t t;

	(void)time_parse_iso(s, &t);
}

/* What a handler does with args: every reader on the usual names. */
static void
read_args(const cJSON *args)
{
	struct proto_error err;
	const char *s;
	int64_t n = 0;
	bool b = false;
	int i = -1;
	unsigned mask = 0;

	if (arg_string(args, "user", ARG_REQUIRED, 32, &s, &err) && s != NULL &&
	    utf8_length(s) > 32)
		abort();
	arg_text(args, "name", ARG_OPTIONAL, 100, &s, &err);
	if (arg_int(args, "limit", ARG_OPTIONAL, 1, 200, &n, &err) && n != 0 &&
	    (n < 1 || n > 200))
		abort();
	arg_int(args, "id", ARG_OPTIONAL, 1, INT64_MAX, &n, &err);
	arg_bool(args, "create", ARG_OPTIONAL, &b, &err);
	if (arg_enum(args, "queue", ARG_OPTIONAL, queues, &i, &err) && i >= 8)
		abort();
	arg_enum(args, "role", ARG_OPTIONAL, role_names, &i, &err);
	if (arg_enum_set(args, "topics", ARG_OPTIONAL, topics, &mask, &err) && mask > 7)
		abort();
	if (arg_string(args, "phone", ARG_OPTIONAL, 64, &s, &err) && s != NULL)
		on_copy(s, check_phone);
	if (arg_string(args, "login", ARG_OPTIONAL, 64, &s, &err) && s != NULL)
		on_copy(s, check_login);
	if (arg_string(args, "at", ARG_OPTIONAL, 64, &s, &err) && s != NULL)
		on_copy(s, check_time);
}

static void
handle(const char *line, size_t len)
{
	struct proto_request req;
	struct proto_error err;
	size_t out;

	if (proto_parse_request(line, len, &req, &err)) {
		if (!proto_utf8_valid(line, len) || !cJSON_IsObject(req.args) ||
		    req.op == NULL || req.op[0] == '\0')
			abort();
		read_args(req.args);
		/* Echo the args back as a result, as ops answer with objects. */
		check_line(proto_reply_ok(req.has_id, req.id,
		    cJSON_Duplicate(req.args, true), &out), out);
		if (proto_fail(&err, PROTO_NOT_FOUND, req.op, "no such thing: %.64s", req.op))
			abort();
	}
	check_line(proto_reply_error(req.has_id, req.id, &err, &out), out);
	proto_request_free(&req);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct evbuffer *in;
	struct framer fr;
	size_t piece, off;

	if (size == 0)
		return 0;
	/* The first byte picks how the rest arrives: in pieces of 1..255 bytes,
	 * or (0) all at once. */
	piece = data[0] ? data[0] : size;
	data++;
	size--;
	if ((in = evbuffer_new()) == NULL)
		return 0;
	framer_init(&fr, FUZZ_MAX_FRAME);
	for (off = 0; off < size; off += piece) {
		size_t n = size - off < piece ? size - off : piece;
		enum frame_status st;
		char *line;
		size_t len;

		evbuffer_add(in, data + off, n);
		while ((st = framer_next(&fr, in, &line, &len)) == FRAME_LINE) {
			if (len > FUZZ_MAX_FRAME || memchr(line, '\n', len) != NULL ||
			    line[len] != '\0')
				abort();
			handle(line, len);
			free(line);
		}
		if (st == FRAME_TOO_LARGE) {
			/* The daemon answers and closes: start a new connection. */
			if (evbuffer_get_length(in) <= FUZZ_MAX_FRAME &&
			    evbuffer_search(in, "\n", 1, NULL).pos < 0)
				abort();
			evbuffer_drain(in, evbuffer_get_length(in));
			framer_init(&fr, FUZZ_MAX_FRAME);
		}
	}
	evbuffer_free(in);
	return 0;
}
