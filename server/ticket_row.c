/*
 * ticket_row.c: ticket objects from the columns TICKET_ROW lists (see
 * ticket_row.h for why ticket.list does not let PostgreSQL build them),
 * a page's worth written as JSON text into the reply's buffer: a page is
 * some 2,500 members, too many to make a node (and an allocation) of each.
 */
#include "server/ticket_row.h"

#include <stdbool.h>
#include <string.h>

#include "common/jsontext.h"
#include "server/pgtext.h"

/* Room for a member's key: copied whole, a constant size (a copy of a few
 * moves, not a call), and len counted. */
#define KEY_ROOM 24

struct ticket_member {
	char key[KEY_ROOM + 1];   /* ,"name": (the first of an object without the comma) */
	size_t key_len;
	enum ticket_row_kind kind;
};

#define TR_KEY_FITS(name, sql, kind) \
	_Static_assert(sizeof ",\"" name "\":" <= KEY_ROOM, "key too long: " name);
#define TR_OBJECT_FITS(name) TR_KEY_FITS(name, "", TR_OBJECT)
TICKET_ROW(TR_KEY_FITS, TR_OBJECT_FITS, )

#define TR_MEMBER(name, sql, kind) { ",\"" name "\":", sizeof ",\"" name "\":" - 1, kind },
#define TR_MEMBER_OBJECT(name) TR_MEMBER(name, "", TR_OBJECT)
#define TR_MEMBER_END { "}", 1, TR_END },
static const struct ticket_member members[] = {
	TICKET_ROW(TR_MEMBER, TR_MEMBER_OBJECT, TR_MEMBER_END)
};
#define NMEMBERS (sizeof members / sizeof members[0])

/* One member's value, from its column. */
static void
put_value(struct json_text *t, enum ticket_row_kind kind, const char *value,
    size_t len)
{
	switch (kind) {
	case TR_BOOL:
		if (value[0] == 't')
			json_text_literal(t, "true");
		else
			json_text_literal(t, "false");
		break;
	case TR_NUMBER:
	case TR_JSON:
		json_text_put(t, value, len);   /* JSON already */
		break;
	case TR_TIME:
		pgtext_time_json(t, value, len);
		break;
	case TR_ARRAY:
		if (!pgtext_array_json(t, value, len))
			json_text_string(t, value, len);   /* not from array_out: never */
		break;
	default:
		json_text_string(t, value, len);
	}
}

/* One row's object, its columns from col. */
static void
put_row(struct json_text *t, const PGresult *res, int row, int col)
{
	size_t skip = 1;   /* the first member's comma */

	json_text_literal(t, "{");
	for (size_t i = 0; i < NMEMBERS; i++) {
		const struct ticket_member *m = &members[i];
		if (m->kind == TR_END) {
			json_text_literal(t, "}");
			continue;
		}
		if (!json_text_reserve(t, KEY_ROOM))
			return;
		memcpy(t->s + t->len, m->key + skip, KEY_ROOM);
		t->len += m->key_len - skip;
		skip = 0;
		if (m->kind == TR_OBJECT) {   /* there when its first column is */
			if (!PQgetisnull(res, row, col)) {
				json_text_literal(t, "{");
				skip = 1;
				continue;
			}
			json_text_literal(t, "null");
			for (i++; members[i].kind != TR_END; i++)
				col++;   /* its columns skipped */
			continue;
		}
		const char *value = PQgetvalue(res, row, col);
		/* "" is what libpq gives for a null: only then ask which it is. */
		if (value[0] == '\0' && PQgetisnull(res, row, col))
			json_text_literal(t, "null");
		else
			put_value(t, m->kind, value, (size_t)PQgetlength(res, row, col));
		col++;
	}
	json_text_literal(t, "}");
}

void
ticket_rows_write(struct json_text *t, const PGresult *res, int rows, int col)
{
	json_text_literal(t, "[");
	for (int row = 0; row < rows; row++) {
		if (row > 0)
			json_text_literal(t, ",");
		put_row(t, res, row, col);
	}
	json_text_literal(t, "]");
}
