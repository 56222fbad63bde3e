/*
 * ticket_row.c: ticket objects from the columns TICKET_ROW lists (see
 * ticket_row.h for why ticket.list does not let PostgreSQL build them),
 * a page's worth written as JSON text into one buffer: a page is some
 * 2,500 members, too many to make a node (and an allocation) of each.
 */
#include "server/ticket_row.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

struct ticket_member {
	const char *key;   /* "name": */
	size_t key_len;
	enum ticket_row_kind kind;
};

#define TR_MEMBER(name, sql, kind) { "\"" name "\":", sizeof "\"" name "\":" - 1, kind },
#define TR_MEMBER_END { "}", 1, TR_END },
static const struct ticket_member members[] = { TICKET_ROW(TR_MEMBER, TR_MEMBER_END) };
#define NMEMBERS (sizeof members / sizeof members[0])

struct text {
	char *s;
	size_t len, cap;
};

/* Room for n more bytes and a terminator; false when out of memory. */
static bool
reserve(struct text *t, size_t n)
{
	size_t cap = t->cap ? t->cap : 16384;
	char *grown;

	if (__builtin_expect(t->len + n + 1 <= t->cap, 1))
		return true;
	while (t->len + n + 1 > cap)
		cap *= 2;
	if ((grown = realloc(t->s, cap)) == NULL)
		return false;
	t->s = grown;
	t->cap = cap;
	return true;
}

/* The rest write into room reserve() made. */
static void
put(struct text *t, const char *s, size_t n)
{
	memcpy(t->s + t->len, s, n);
	t->len += n;
}

/* A JSON string: quotes, backslashes and control characters escaped (at most
 * 6 bytes for one); other bytes (UTF-8, as the database sends it) as they are. */
static void
put_string(struct text *t, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	char *p = t->s + t->len;

	*p++ = '"';
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;
		if (ch >= 0x20 && ch != '"' && ch != '\\') {
			*p++ = (char)ch;
			continue;
		}
		*p++ = '\\';
		if (ch == '"' || ch == '\\')
			*p++ = (char)ch;
		else if (ch == '\n' || ch == '\t' || ch == '\r')
			*p++ = ch == '\n' ? 'n' : ch == '\t' ? 't' : 'r';
		else {
			memcpy(p, "u00", 3);
			p[3] = hex[ch >> 4];
			p[4] = hex[ch & 15];
			p += 5;
		}
	}
	*p++ = '"';
	t->len = (size_t)(p - t->s);
}

/* One row's object; false when out of memory. Before each member, room for
 * its key, its value escaped at its worst and the punctuation around it. */
static bool
put_row(struct text *t, const PGresult *res, int row, int col)
{
	bool first = true;

	if (!reserve(t, 2))
		return false;
	put(t, "{", 1);
	for (size_t i = 0; i < NMEMBERS; i++) {
		const struct ticket_member *m = &members[i];
		if (m->kind == TR_END) {
			put(t, "}", 1);
			continue;
		}
		size_t len = (size_t)PQgetlength(res, row, col);
		if (!reserve(t, m->key_len + 6 * len + 8))
			return false;
		bool null = PQgetisnull(res, row, col);
		const char *value = PQgetvalue(res, row, col++);
		if (!first)
			put(t, ",", 1);
		first = false;
		put(t, m->key, m->key_len);
		if (m->kind == TR_OBJECT && !null && value[0] == 't') {
			put(t, "{", 1);
			first = true;
		} else if (m->kind == TR_OBJECT || null) {
			put(t, "null", 4);
			if (m->kind == TR_OBJECT)   /* its columns skipped */
				for (i++; members[i].kind != TR_END; i++)
					col++;
		} else if (m->kind == TR_BOOL)
			put(t, value[0] == 't' ? "true" : "false", value[0] == 't' ? 4 : 5);
		else if (m->kind == TR_NUMBER || m->kind == TR_JSON)   /* JSON already */
			put(t, value, len);
		else
			put_string(t, value);
	}
	put(t, "}", 1);   /* room: the last member's 8 */
	return true;
}

cJSON *
ticket_rows_json(const PGresult *res, int rows, int col)
{
	struct text t = { 0 };
	cJSON *array = NULL;

	if (!reserve(&t, 2))
		return NULL;
	put(&t, "[", 1);
	for (int row = 0; row < rows; row++) {
		if (row > 0)
			put(&t, ",", 1);   /* room: the row before's 8 */
		if (!put_row(&t, res, row, col))
			goto out;
	}
	if (!reserve(&t, 1))
		goto out;
	put(&t, "]", 1);
	t.s[t.len] = '\0';
	array = cJSON_CreateRaw(t.s);
out:
	free(t.s);
	return array;
}
