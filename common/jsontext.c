/*
 * jsontext.c: JSON as text in one growing buffer (see jsontext.h).
 */
#include "common/jsontext.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool
json_text_grow(struct json_text *t, size_t n)
{
	size_t cap = t->cap ? t->cap : 16384;
	char *grown;

	if (t->failed)
		return false;
	if (t->len + n + 1 <= t->cap)
		return true;
	while (t->len + n + 1 > cap)
		cap *= 2;
	if ((grown = realloc(t->s, cap)) == NULL) {
		t->failed = true;
		return false;
	}
	t->s = grown;
	t->cap = cap;
	return true;
}

static bool
needs_escape(unsigned char ch)
{
	return ch < 0x20 || ch == '"' || ch == '\\';
}

#define BYTES(b) (0x0101010101010101ULL * (b))

/* Whether any of 8 bytes needs escaping: a byte below 0x20, or one that is
 * zero after xor with '"' or '\\' (the word-at-a-time tests of "Bit Twiddling
 * Hacks"; exact on whether there is one, which is all that is asked). */
static bool
any_needs_escape(uint64_t x)
{
	uint64_t quote = x ^ BYTES('"'), backslash = x ^ BYTES('\\');

	return (((x - BYTES(0x20)) & ~x) | ((quote - BYTES(1)) & ~quote) |
	    ((backslash - BYTES(1)) & ~backslash)) & BYTES(0x80);
}

/* One escaped character (at most 6 bytes) at p; the end of what it wrote. */
static char *
put_escape(char *p, unsigned char ch)
{
	static const char hex[] = "0123456789abcdef";
	static const char named[] = "\bb\ff\nn\rr\tt\"\"\\\\";
	const char *e = memchr(named, ch, sizeof named - 1);

	*p++ = '\\';
	if (e != NULL && (e - named) % 2 == 0) {
		*p++ = e[1];
		return p;
	}
	memcpy(p, "u00", 3);
	p[3] = hex[ch >> 4];
	p[4] = hex[ch & 15];
	return p + 5;
}

void
json_text_escaped(struct json_text *t, const char *s, size_t n)
{
	const char *end = s + n;
	char *p;

	if (!json_text_reserve(t, 6 * n))   /* every byte escaped */
		return;
	p = t->s + t->len;
	while (s < end) {
		uint64_t word;
		if (end - s >= 8) {   /* most text needs no escape: 8 bytes a step */
			memcpy(&word, s, 8);
			if (!any_needs_escape(word)) {
				memcpy(p, &word, 8);
				p += 8;
				s += 8;
				continue;
			}
		}
		unsigned char ch = (unsigned char)*s++;
		if (needs_escape(ch))
			p = put_escape(p, ch);
		else
			*p++ = (char)ch;
	}
	t->len = (size_t)(p - t->s);
}

void
json_text_string(struct json_text *t, const char *s, size_t n)
{
	if (!json_text_reserve(t, 6 * n + 2))   /* at once: one growth at most */
		return;
	t->s[t->len++] = '"';
	json_text_escaped(t, s, n);
	t->s[t->len++] = '"';
}

void
json_text_int(struct json_text *t, long long v)
{
	char digits[24];
	int n = snprintf(digits, sizeof digits, "%lld", v);

	json_text_put(t, digits, (size_t)n);
}

char *
json_text_finish(struct json_text *t, size_t *len)
{
	char *s;

	if (!json_text_reserve(t, 0)) {
		free(t->s);
		*t = (struct json_text){ 0 };
		return NULL;
	}
	t->s[t->len] = '\0';
	s = t->s;
	*len = t->len;
	*t = (struct json_text){ 0 };
	return s;
}
