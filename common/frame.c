/*
 * frame.c: newline framing over an evbuffer, bounded by a size limit.
 */
#include "common/frame.h"

#include <stdlib.h>
#include <event2/buffer.h>

void
framer_init(struct framer *f, size_t max)
{
	f->max = max;
	f->scanned = 0;
}

enum frame_status
framer_next(struct framer *f, struct evbuffer *in, char **line, size_t *len)
{
	size_t have = evbuffer_get_length(in);
	struct evbuffer_ptr start, found;
	size_t n;
	char *buf;

	if (f->scanned > have)
		f->scanned = 0;
	if (evbuffer_ptr_set(in, &start, f->scanned, EVBUFFER_PTR_SET) != 0)
		return FRAME_NEED_MORE;
	found = evbuffer_search(in, "\n", 1, &start);
	if (found.pos < 0) {
		f->scanned = have;
		return have > f->max ? FRAME_TOO_LARGE : FRAME_NEED_MORE;
	}
	n = (size_t)found.pos;
	if (n > f->max)
		return FRAME_TOO_LARGE;
	buf = malloc(n + 1);
	if (buf == NULL)
		return FRAME_TOO_LARGE;
	evbuffer_remove(in, buf, n);
	evbuffer_drain(in, 1);
	f->scanned = 0;
	if (n > 0 && buf[n - 1] == '\r')
		n--;
	buf[n] = '\0';
	*line = buf;
	*len = n;
	return FRAME_LINE;
}
