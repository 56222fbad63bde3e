/*
 * frame.h: cuts newline-terminated messages out of a libevent buffer.
 *
 * The daemon and the client both read through this, so the frame limit is
 * enforced the same way on both sides. A framer remembers how far it has
 * already searched, so a large frame arriving in small reads is scanned once.
 */
#ifndef SVCDESK_FRAME_H
#define SVCDESK_FRAME_H

#include <stddef.h>

struct evbuffer;

enum frame_status {
	FRAME_LINE,      /* *line holds one message */
	FRAME_NEED_MORE, /* no complete message yet */
	FRAME_TOO_LARGE  /* the message exceeds the limit; close after answering */
};

struct framer {
	size_t max;     /* longest message accepted, not counting the '\n' */
	size_t scanned; /* bytes at the front of the buffer known to hold no '\n' */
};

void framer_init(struct framer *f, size_t max);

/* On FRAME_LINE, *line is a malloc'd copy of the message without its '\n'
 * (a trailing '\r' is dropped too), NUL-terminated, and *len its length;
 * the message and its '\n' are drained from `in`. */
enum frame_status framer_next(struct framer *f, struct evbuffer *in,
    char **line, size_t *len);

#endif
