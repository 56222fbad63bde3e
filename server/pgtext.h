/*
 * pgtext.h: PostgreSQL's text output of a column turned into the JSON that
 * PostgreSQL itself would have made of it, so that a hot reader (ticket.list,
 * server/ticket_row.c) can select plain columns, cheaper to send than JSON,
 * and still answer exactly what the JSON-building functions answer.
 * Each takes a column's value as libpq gives it: n bytes, then a NUL.
 */
#ifndef SVCDESK_PGTEXT_H
#define SVCDESK_PGTEXT_H

#include <stdbool.h>
#include <stddef.h>

struct json_text;

/* A timestamptz as the session prints it with DateStyle ISO
 * ("2026-11-24 09:30:00.123456+08") as to_json(date_trunc('second', ts))
 * writes it ("2026-11-24T09:30:00+08:00"; years past 9999 and BC as it
 * writes them too). Anything else (infinity, -infinity) is written as a JSON
 * string of the text, as to_json writes those. */
void pgtext_time_json(struct json_text *t, const char *s, size_t n);

/* A text[] as array_out prints it ({a,"b c",NULL}, nested braces for more
 * dimensions, an optional [lower:upper]= prefix) as array_to_json writes it
 * (["a","b c",null]). False, with nothing written, when s is not such text. */
bool pgtext_array_json(struct json_text *t, const char *s, size_t n);

#endif
