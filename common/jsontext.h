/*
 * jsontext.h: JSON written straight as text into one growing buffer, for
 * replies too large to build as a tree of cJSON nodes first (a ticket.list
 * page is some 2,500 members: a node and an allocation each, then printed
 * and copied again). The writer keeps a sticky failure flag, as stdio does:
 * callers write on and ask once, at the end, whether memory ran out.
 */
#ifndef SVCDESK_JSONTEXT_H
#define SVCDESK_JSONTEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

struct json_text {
	char *s;
	size_t len, cap;
	bool failed;      /* out of memory: everything after is dropped */
};

/* The buffer grown to hold n more bytes and a terminator; false (and failed
 * set) when out of memory. */
bool json_text_grow(struct json_text *t, size_t n);

/* Room for n more bytes (and a terminator) at s + len; false when out of
 * memory. For writers that fill the room themselves. Inline, as put: a page
 * is thousands of small writes. */
static inline bool
json_text_reserve(struct json_text *t, size_t n)
{
	return (!t->failed && t->len + n + 1 <= t->cap) || json_text_grow(t, n);
}

static inline void
json_text_put(struct json_text *t, const char *s, size_t n)
{
	if (json_text_reserve(t, n)) {
		memcpy(t->s + t->len, s, n);
		t->len += n;
	}
}

#define json_text_literal(t, lit) json_text_put((t), (lit), sizeof(lit) - 1)
/* s[0..n) as a JSON string: quotes, backslashes and control characters
 * escaped as PostgreSQL's JSON escapes them; other bytes (UTF-8) as they are. */
void json_text_string(struct json_text *t, const char *s, size_t n);
/* The same without the quotes: a piece of a string being written. */
void json_text_escaped(struct json_text *t, const char *s, size_t n);
void json_text_int(struct json_text *t, long long v);
/* The text, NUL-terminated, for the caller to free, and its length; NULL
 * (the buffer freed) when anything failed. */
char *json_text_finish(struct json_text *t, size_t *len);

#endif
