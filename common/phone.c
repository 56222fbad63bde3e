/*
 * phone.c: phone numbers in one canonical form; see phone.h and
 * doc/domain.md, Phones.
 */
#include "common/phone.h"

#include <stdio.h>
#include <string.h>

/* One character of UTF-8 text as a code point, full-width forms
 * (U+FF01..U+FF5E: a Chinese input method's digits, '+', '-', ...) and the
 * ideographic space as their ASCII; *c is 0 for a malformed byte. Returns
 * the bytes read (at least 1). */
static size_t
next_char(const char *s, unsigned *c)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t n = u[0] < 0x80 ? 1 : (u[0] & 0xE0) == 0xC0 ? 2 :
	    (u[0] & 0xF0) == 0xE0 ? 3 : (u[0] & 0xF8) == 0xF0 ? 4 : 0;

	if (n == 0) {
		*c = 0;
		return 1;
	}
	*c = n == 1 ? u[0] : u[0] & (0x7F >> n);
	for (size_t i = 1; i < n; i++) {
		if ((u[i] & 0xC0) != 0x80) {
			*c = 0;
			return i;
		}
		*c = (*c << 6) | (u[i] & 0x3F);
	}
	if (*c >= 0xFF01 && *c <= 0xFF5E)
		*c -= 0xFEE0;
	else if (*c == 0x3000)
		*c = ' ';
	return n;
}

static bool
is_blank(unsigned c)
{
	return c == ' ' || c == '\t';
}

/* The length of the blank at p (a space, a tab, an ideographic space), or 0. */
static size_t
blank_at(const char *p)
{
	unsigned c;
	size_t k = next_char(p, &c);

	return is_blank(c) ? k : 0;
}

/* A Chinese number after its country code: a mobile (1 and ten digits), a
 * 400/800 service number or one already written with its trunk 0 as it
 * is; else a landline's area code and number, written with the trunk 0. */
static bool
chinese(const char *d, char out[PHONE_MAX])
{
	size_t n = strlen(d);
	bool as_is = d[0] == '0' || (d[0] == '1' && n == 11) ||
	    (n == 10 && (strncmp(d, "400", 3) == 0 || strncmp(d, "800", 3) == 0));

	if (n + !as_is < 7 || n + !as_is > 20)
		return false;
	snprintf(out, PHONE_MAX, "%s%s", as_is ? "" : "0", d);
	return true;
}

/* The digits d (with or without a leading '+') in the canonical form. */
static bool
canonical(const char *d, bool plus, char out[PHONE_MAX])
{
	size_t n;

	if (plus && strncmp(d, "86", 2) == 0)
		return chinese(d + 2, out);
	if (!plus && strncmp(d, "0086", 4) == 0)
		return chinese(d + 4, out);
	if (!plus && strlen(d) == 13 && strncmp(d, "861", 3) == 0)
		return chinese(d + 2, out);      /* a mobile with 86 and no '+' */
	if (!plus && strncmp(d, "00", 2) == 0) {
		d += 2;                          /* another country, dialled from China */
		plus = true;
	}
	n = strlen(d);
	if (n < 7 || n > 20)
		return false;
	snprintf(out, PHONE_MAX, "%s%s", plus ? "+" : "", d);
	return true;
}

bool
phone_normalise(const char *in, char out[PHONE_MAX])
{
	char digits[32];
	size_t n = 0;
	bool plus = false;
	unsigned c;

	for (const char *s = in; *s != '\0';) {
		s += next_char(s, &c);
		if (c >= '0' && c <= '9') {
			if (n == sizeof digits - 1)
				return false;
			digits[n++] = (char)c;
		} else if (c == '+' && n == 0 && !plus)
			plus = true;
		else if (!is_blank(c) && c != '-' && c != '.' && c != '(' && c != ')')
			return false;
	}
	digits[n] = '\0';
	return canonical(digits, plus, out);
}

/* Appends the phone in [from, to), blanks around it trimmed (none: nothing
 * to add); false when it is no phone or out is full. */
static bool
add_phone(const char *from, const char *to, char (*out)[PHONE_TEXT_MAX], int max,
    int *n)
{
	char canon[PHONE_MAX];
	size_t k;

	while (from < to && (k = blank_at(from)) > 0)
		from += k;
	while (to > from && (to[-1] == ' ' || to[-1] == '\t'))
		to--;
	while (to - from >= 3 && memcmp(to - 3, "\xE3\x80\x80", 3) == 0)
		to -= 3;
	if (from == to)
		return true;
	if (*n == max || to - from >= PHONE_TEXT_MAX)
		return false;
	memcpy(out[*n], from, (size_t)(to - from));
	out[*n][to - from] = '\0';
	return phone_normalise(out[(*n)++], canon);
}

/* One piece between separators: a phone as a whole, else phones split at
 * blanks. */
static bool
split_piece(const char *from, const char *to, char (*out)[PHONE_TEXT_MAX],
    int max, int *n)
{
	int before = *n;
	unsigned c;
	size_t k;

	if (add_phone(from, to, out, max, n))
		return true;
	*n = before;
	for (const char *p = from, *word; p < to;) {
		while (p < to && (k = blank_at(p)) > 0)
			p += k;
		for (word = p; p < to && blank_at(p) == 0; p += next_char(p, &c))
			;
		if (!add_phone(word, p, out, max, n))
			return false;
	}
	return true;
}

int
phones_split(const char *text, char (*out)[PHONE_TEXT_MAX], int max)
{
	const char *piece = text, *p = text;
	int n = 0;
	unsigned c;
	size_t k;

	for (;; p += k) {
		k = *p != '\0' ? next_char(p, &c) : 0;
		if (*p != '\0' && c != ',' && c != ';' && c != 0x3001)   /* 、 */
			continue;
		if (!split_piece(piece, p, out, max, &n))
			return -1;
		if (*p == '\0')
			return n;
		piece = p + k;
	}
}

void
phone_mask(const char *in, char out[PHONE_MAX])
{
	size_t plus = in[0] == '+', n = strlen(in + plus), keep_head, keep_tail;
	bool digits = n > 0 && strspn(in + plus, "0123456789") == n;

	if (!digits || n < 7 || n + plus >= PHONE_MAX) {
		n = strlen(in) < PHONE_MAX - 1 ? strlen(in) : PHONE_MAX - 1;
		memset(out, '*', n > 0 ? n : 1);
		out[n > 0 ? n : 1] = '\0';
		return;
	}
	keep_head = n >= 11 ? 3 : 2;
	keep_tail = n >= 11 ? 4 : 2;
	memcpy(out, in, plus + keep_head);
	memset(out + plus + keep_head, '*', n - keep_head - keep_tail);
	memcpy(out + plus + n - keep_tail, in + plus + n - keep_tail, keep_tail + 1);
}

bool
phone_is_masked(const char *s)
{
	return s != NULL && strchr(s, '*') != NULL;
}
