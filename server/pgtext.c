/*
 * pgtext.c: PostgreSQL's text output as the JSON PostgreSQL would make of it
 * (see pgtext.h). The shapes are those of timestamptz_out with DateStyle ISO
 * (the pool's sessions set it) and of array_out.
 */
#include "server/pgtext.h"

#include <ctype.h>
#include <string.h>

#include "common/jsontext.h"

static bool
all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return false;
	return true;
}

/* The length of "YYYY-MM-DD HH:MM:SS" at s (the year may be longer), the
 * part of the text before any fraction; 0 when it is not there. */
static size_t
iso_date_time(const char *s, size_t n)
{
	size_t y = strspn(s, "0123456789");   /* s ends in a NUL: libpq's */

	if (y < 4 || n < y + 15)
		return 0;
	s += y;
	return s[0] == '-' && all_digits(s + 1, 2) && s[3] == '-' &&
	    all_digits(s + 4, 2) && s[6] == ' ' && all_digits(s + 7, 2) &&
	    s[9] == ':' && all_digits(s + 10, 2) && s[12] == ':' &&
	    all_digits(s + 13, 2) ? y + 15 : 0;
}

/* The length of the offset after its sign: "HH", "HH:MM" or "HH:MM:SS";
 * 0 when it is not there. */
static size_t
iso_offset(const char *s, size_t n)
{
	if (n < 2 || !all_digits(s, 2))
		return 0;
	if (n < 5 || s[2] != ':' || !all_digits(s + 3, 2))
		return 2;
	if (n < 8 || s[5] != ':' || !all_digits(s + 6, 2))
		return 5;
	return 8;
}

void
pgtext_time_json(struct json_text *t, const char *s, size_t n)
{
	size_t date_time = iso_date_time(s, n), zone = date_time, offset;

	if (date_time == 0)
		goto as_text;   /* infinity and -infinity: to_json has the words */
	if (zone < n && s[zone] == '.') {   /* the fraction: date_trunc drops it */
		size_t digits = strspn(s + zone + 1, "0123456789");
		if (digits == 0)
			goto as_text;
		zone += 1 + digits;
	}
	if (zone >= n || (s[zone] != '+' && s[zone] != '-') ||
	    (offset = iso_offset(s + zone + 1, n - zone - 1)) == 0)
		goto as_text;
	size_t end = zone + 1 + offset;
	if (end != n && (n - end != 3 || memcmp(s + end, " BC", 3) != 0))
		goto as_text;
	if (!json_text_reserve(t, n + 6))
		return;
	char *p = t->s + t->len;
	*p++ = '"';
	memcpy(p, s, date_time);   /* the date, 'T' for the space, the time */
	p[date_time - 9] = 'T';
	p += date_time;
	memcpy(p, s + zone, end - zone);
	p += end - zone;
	if (offset == 2) {   /* in JSON the offset always has its minutes */
		memcpy(p, ":00", 3);
		p += 3;
	}
	memcpy(p, s + end, n - end);   /* " BC" */
	p += n - end;
	*p++ = '"';
	t->len = (size_t)(p - t->s);
	return;
as_text:
	json_text_string(t, s, n);
}

/* One element of an array: quoted (with backslash escapes), or bare up to
 * the next delimiter (NULL is a null). Returns the index after it, or 0. */
static size_t
array_element(struct json_text *t, const char *s, size_t n, size_t i)
{
	size_t from = i;

	if (s[i] != '"') {
		while (i < n && s[i] != ',' && s[i] != '}' && s[i] != '{' && s[i] != '"')
			i++;
		if (i - from == 4 && memcmp(s + from, "NULL", 4) == 0)
			json_text_literal(t, "null");
		else
			json_text_string(t, s + from, i - from);
		return i;
	}
	json_text_literal(t, "\"");
	for (from = ++i; i < n && s[i] != '"'; i++) {
		if (s[i] != '\\')
			continue;
		json_text_escaped(t, s + from, i - from);
		if (++i == n)
			return 0;
		from = i;   /* the escaped character, taken as it is */
	}
	if (i == n)
		return 0;
	json_text_escaped(t, s + from, i - from);
	json_text_literal(t, "\"");
	return i + 1;
}

bool
pgtext_array_json(struct json_text *t, const char *s, size_t n)
{
	size_t start = t->len, i = 0;
	int depth = 0;

	if (n > 0 && s[0] == '[') {   /* "[0:1]={...}": bounds JSON has no room for */
		const char *eq = memchr(s, '=', n);
		if (eq == NULL)
			return false;
		i = (size_t)(eq - s) + 1;
	}
	if (i >= n || s[i] != '{')
		return false;
	enum { OPENED, ITEM, COMMA } last = COMMA;   /* what came before s[i] */
	while (i < n) {
		char c = s[i];
		if (c == '{' && last != ITEM) {
			json_text_literal(t, "[");
			depth++;
			last = OPENED;
			i++;
		} else if (c == '}' && last != COMMA) {
			json_text_literal(t, "]");
			last = ITEM;
			i++;
			if (--depth == 0)
				break;
		} else if (c == ',' && last == ITEM) {
			json_text_literal(t, ",");
			last = COMMA;
			i++;
		} else if (last != ITEM && c != '{' && c != '}' && c != ',' &&
		    (i = array_element(t, s, n, i)) != 0)
			last = ITEM;
		else
			break;   /* malformed: i is not n */
	}
	if (depth != 0 || i != n) {
		t->len = start;
		return false;
	}
	return true;
}
