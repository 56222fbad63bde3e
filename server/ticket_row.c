/*
 * ticket_row.c: the ticket object from the columns TICKET_ROW lists (see
 * ticket_row.h for why ticket.list does not let PostgreSQL build it),
 * written as JSON text into one buffer and handed on as a raw node.
 */
#include "server/ticket_row.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ticket_member {
	const char *name;
	enum ticket_row_kind kind;
};

#define TR_MEMBER(name, sql, kind) { name, kind },
#define TR_MEMBER_END { NULL, TR_END },
static const struct ticket_member members[] = { TICKET_ROW(TR_MEMBER, TR_MEMBER_END) };
#define NMEMBERS (sizeof members / sizeof members[0])

struct text {
	char *s;
	size_t len, cap;
	bool failed;
};

static void
put(struct text *t, const char *s, size_t n)
{
	if (t->failed)
		return;
	if (t->len + n + 1 > t->cap) {
		size_t cap = t->cap ? t->cap : 1024;
		char *grown;
		while (t->len + n + 1 > cap)
			cap *= 2;
		if ((grown = realloc(t->s, cap)) == NULL) {
			t->failed = true;
			return;
		}
		t->s = grown;
		t->cap = cap;
	}
	memcpy(t->s + t->len, s, n);
	t->len += n;
	t->s[t->len] = '\0';
}

#define PUT_LITERAL(t, lit) put(t, lit, sizeof lit - 1)

/* A JSON string: quotes, backslashes and control characters escaped; other
 * bytes (UTF-8, as the database sends it) as they are. */
static void
put_string(struct text *t, const char *s)
{
	const char *run = s;
	char esc[8];

	PUT_LITERAL(t, "\"");
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;
		if (ch >= 0x20 && ch != '"' && ch != '\\')
			continue;
		put(t, run, (size_t)(s - run));
		run = s + 1;
		if (ch == '"' || ch == '\\')
			snprintf(esc, sizeof esc, "\\%c", ch);
		else if (ch == '\n' || ch == '\t' || ch == '\r')
			snprintf(esc, sizeof esc, "\\%c", ch == '\n' ? 'n' : ch == '\t' ? 't' : 'r');
		else
			snprintf(esc, sizeof esc, "\\u%04x", ch);
		put(t, esc, strlen(esc));
	}
	put(t, run, (size_t)(s - run));
	PUT_LITERAL(t, "\"");
}

static void
put_value(struct text *t, enum ticket_row_kind kind, const char *value)
{
	if (kind == TR_BOOL)
		put(t, value[0] == 't' ? "true" : "false", value[0] == 't' ? 4 : 5);
	else if (kind == TR_NUMBER || kind == TR_JSON)   /* already JSON text */
		put(t, value, strlen(value));
	else
		put_string(t, value);
}

cJSON *
ticket_row_json(const PGresult *res, int row, int col)
{
	struct text t = { 0 };
	bool first = true;
	cJSON *ticket;

	PUT_LITERAL(&t, "{");
	for (size_t i = 0; i < NMEMBERS; i++) {
		const struct ticket_member *m = &members[i];
		if (m->kind == TR_END) {
			PUT_LITERAL(&t, "}");
			continue;
		}
		bool null = PQgetisnull(res, row, col);
		const char *value = PQgetvalue(res, row, col++);
		if (!first)
			PUT_LITERAL(&t, ",");
		first = false;
		put_string(&t, m->name);
		PUT_LITERAL(&t, ":");
		if (m->kind == TR_OBJECT && !null && value[0] == 't') {
			PUT_LITERAL(&t, "{");
			first = true;
		} else if (m->kind == TR_OBJECT || null) {
			PUT_LITERAL(&t, "null");
			if (m->kind == TR_OBJECT)   /* its columns skipped */
				for (i++; members[i].kind != TR_END; i++)
					col++;
		} else
			put_value(&t, m->kind, value);
	}
	PUT_LITERAL(&t, "}");
	ticket = t.failed ? NULL : cJSON_CreateRaw(t.s);
	free(t.s);
	return ticket != NULL ? ticket : cJSON_CreateNull();
}
