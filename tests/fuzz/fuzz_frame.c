/*
 * fuzz_frame.c: libFuzzer target for the framing both ends read through
 * (common/frame.c, framer_next over an evbuffer). Feeds: byte 0 the size of
 * the pieces the rest arrives in (0: all at once), byte 1 the frame limit
 * (1..256, so that the limit is met often), the rest the stream. Asserts
 * (abort): each line is exactly the next bytes of the stream up to its
 * '\n' (less one '\r' before it), within the limit, NUL-terminated, the
 * buffer keeps exactly what is not consumed; NEED_MORE only while no '\n'
 * is pending and the pending bytes are within the limit; TOO_LARGE only
 * when the pending line is over the limit.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <event2/buffer.h>

#include "common/frame.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The line just framed is the stream's next bytes up to their '\n'. */
static void
check_line(const uint8_t *stream, size_t fed, size_t *consumed,
    const char *line, size_t len, size_t max)
{
	const uint8_t *nl = memchr(stream + *consumed, '\n', fed - *consumed);
	size_t raw;

	if (nl == NULL || line[len] != '\0' || memchr(line, '\n', len) != NULL)
		abort();
	raw = (size_t)(nl - (stream + *consumed));
	if (raw > max || memcmp(stream + *consumed, line, len) != 0)
		abort();
	if (!(raw == len || (raw == len + 1 && stream[*consumed + len] == '\r')))
		abort();
	*consumed += raw + 1;
}

/* Why the framer stopped agrees with what is pending. */
static void
check_stop(enum frame_status st, const uint8_t *stream, size_t fed,
    size_t consumed, size_t max)
{
	const uint8_t *nl = memchr(stream + consumed, '\n', fed - consumed);
	size_t line = nl != NULL ? (size_t)(nl - (stream + consumed)) : fed - consumed;

	if (st == FRAME_NEED_MORE && (nl != NULL || line > max))
		abort();
	if (st == FRAME_TOO_LARGE && line <= max)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct evbuffer *in;
	struct framer fr;
	size_t piece, max, fed = 0, consumed = 0;
	enum frame_status st = FRAME_NEED_MORE;

	if (size < 2)
		return 0;
	piece = data[0] ? data[0] : size;
	max = (size_t)data[1] + 1;
	data += 2;
	size -= 2;
	if ((in = evbuffer_new()) == NULL)
		return 0;
	framer_init(&fr, max);
	while (fed < size && st != FRAME_TOO_LARGE) {
		size_t n = size - fed < piece ? size - fed : piece;
		char *line;
		size_t len;

		evbuffer_add(in, data + fed, n);
		fed += n;
		while ((st = framer_next(&fr, in, &line, &len)) == FRAME_LINE) {
			check_line(data, fed, &consumed, line, len, max);
			free(line);
		}
		check_stop(st, data, fed, consumed, max);
		if (evbuffer_get_length(in) != fed - consumed)
			abort();
	}
	evbuffer_free(in);
	return 0;
}
