/*
 * ticket_row.c: the ticket object from the columns TICKET_ROW lists (see
 * ticket_row.h for why ticket.list does not let PostgreSQL build it).
 */
#include "server/ticket_row.h"

#include <stdlib.h>

#include "common/timefmt.h"

struct ticket_member {
	const char *name;
	enum ticket_row_kind kind;
};

#define TR_MEMBER(name, sql, kind) { name, kind },
#define TR_MEMBER_END { NULL, TR_END },
static const struct ticket_member members[] = { TICKET_ROW(TR_MEMBER, TR_MEMBER_END) };
#define NMEMBERS (sizeof members / sizeof members[0])

static cJSON *
member_value(enum ticket_row_kind kind, const char *text)
{
	char iso[TIMEFMT_LEN];

	switch (kind) {
	case TR_NUMBER:
		return cJSON_CreateNumber(strtod(text, NULL));
	case TR_BOOL:
		return cJSON_CreateBool(text[0] == 't');
	case TR_TIME:
		time_format_iso((time_t)strtoll(text, NULL, 10), iso, sizeof iso);
		return cJSON_CreateString(iso);
	case TR_JSON:
		return cJSON_CreateRaw(text);
	default:
		return cJSON_CreateString(text);
	}
}

cJSON *
ticket_row_json(const PGresult *res, int row, int col)
{
	cJSON *ticket = cJSON_CreateObject(), *into = ticket;

	for (size_t i = 0; i < NMEMBERS; i++) {
		const struct ticket_member *m = &members[i];
		bool null;

		if (m->kind == TR_END) {
			into = ticket;
			continue;
		}
		null = PQgetisnull(res, row, col);
		const char *text = PQgetvalue(res, row, col++);
		if (m->kind == TR_OBJECT && !null && text[0] == 't') {
			cJSON *object = cJSON_CreateObject();
			cJSON_AddItemToObjectCS(into, m->name, object);
			into = object;
		} else if (m->kind == TR_OBJECT) {   /* null, its columns skipped */
			cJSON_AddItemToObjectCS(into, m->name, cJSON_CreateNull());
			for (i++; members[i].kind != TR_END; i++)
				col++;
		} else
			cJSON_AddItemToObjectCS(into, m->name,
			    null ? cJSON_CreateNull() : member_value(m->kind, text));
	}
	return ticket;
}
