/*
 * ticket_row.h: the ticket object assembled in the daemon from plain columns,
 * for ticket.list's pages (the hot path: a terminal's board reloads them).
 *
 * PostgreSQL building the same JSON (ticket_object in sql/005_cards.sql)
 * costs as much as finding and joining the page's rows; reading the columns
 * costs half as much, and the daemon assembles the object for less than
 * that. Every other reader still uses ticket_object; the integration suite
 * (test_list_object_as_get in tests/integration/test_repair.c) holds the
 * two to the same object.
 *
 * TICKET_ROW lists the object's members in order, each with the SQL that
 * reads it (t: tickets, c: customers, u: units, outer-joined) and how its
 * text becomes JSON, written straight into the object's text (no tree of
 * nodes: a page has some 2,500 members). A nested object is introduced by a
 * member whose SQL tells whether it is there (else null) and ends at TR_END.
 */
#ifndef SVCDESK_TICKET_ROW_H
#define SVCDESK_TICKET_ROW_H

#include <cjson/cJSON.h>
#include <libpq-fe.h>

enum ticket_row_kind {
	TR_TEXT,     /* a JSON string */
	TR_NUMBER,
	TR_BOOL,     /* t or f */
	TR_JSON,     /* already JSON (jsonb, to_json): passed on as it is */
	TR_OBJECT,   /* t: the members up to TR_END are an object; else null */
	TR_END
};

/* A time as ticket_object has it: whole seconds, ISO 8601 with the session's
 * offset, as PostgreSQL writes it in JSON (cheaper there than here). */
#define TR_TIME(col) "to_json(date_trunc('second', " col "))"

#define TICKET_ROW(COL, END) \
	COL("no", "t.no", TR_TEXT) \
	COL("type", "t.type", TR_TEXT) \
	COL("channel", "t.channel", TR_TEXT) \
	COL("state", "t.state", TR_TEXT) \
	COL("service_class", "t.service_class", TR_TEXT) \
	COL("class_reason", "t.class_reason", TR_TEXT) \
	COL("customer", "c.id IS NOT NULL", TR_OBJECT) \
		COL("id", "c.id", TR_NUMBER) \
		COL("name", "c.name", TR_TEXT) \
		COL("phones", "array_to_json(c.phones)", TR_JSON) \
		COL("address", "c.address", TR_TEXT) \
		COL("region", "c.region", TR_TEXT) \
		COL("notes", "c.notes", TR_TEXT) \
		COL("abroad", "c.abroad", TR_BOOL) \
		COL("version", "c.version", TR_NUMBER) \
	END \
	COL("unit", "u.id IS NOT NULL", TR_OBJECT) \
		COL("id", "u.id", TR_NUMBER) \
		COL("customer_id", "u.customer_id", TR_NUMBER) \
		COL("model", "u.model", TR_TEXT) \
		COL("serial", "u.serial", TR_TEXT) \
		COL("purchase_date", "u.purchase_date", TR_TEXT) \
		COL("invoice_no", "u.invoice_no", TR_TEXT) \
		COL("warranty_months", "u.warranty_months", TR_NUMBER) \
		COL("contract_end", "u.contract_end", TR_TEXT) \
		COL("version", "u.version", TR_NUMBER) \
	END \
	COL("region", "t.region", TR_TEXT) \
	COL("fault", "t.fault", TR_TEXT) \
	COL("answer", "t.answer", TR_TEXT) \
	COL("taken_by", "t.taken_by", TR_TEXT) \
	COL("owner", "t.owner", TR_TEXT) \
	COL("technician", "t.technician", TR_TEXT) \
	COL("created_at", TR_TIME("t.created_at"), TR_JSON) \
	COL("reply_due", TR_TIME("t.reply_due"), TR_JSON) \
	COL("arrival_due", TR_TIME("t.arrival_due"), TR_JSON) \
	COL("appointment", TR_TIME("t.appointment"), TR_JSON) \
	COL("arrived_at", TR_TIME("t.arrived_at"), TR_JSON) \
	COL("promised_at", TR_TIME("t.promised_at"), TR_JSON) \
	COL("completed_at", TR_TIME("t.completed_at"), TR_JSON) \
	COL("overdue", "t.overdue", TR_BOOL) \
	COL("guarantee", "t.guarantee", TR_JSON) \
	COL("repeat_of", "t.repeat_of", TR_TEXT) \
	COL("receipt_no", "t.receipt_no", TR_TEXT) \
	COL("repair", "t.repair", TR_JSON) \
	COL("charges", "t.charges", TR_JSON) \
	COL("version", "t.version", TR_NUMBER)

#define TR_SQL_COLUMN(name, sql, kind) ", " sql
#define TR_SQL_END
/* The columns, each after a comma: "SELECT first" TICKET_ROW_SQL " FROM ..." */
#define TICKET_ROW_SQL TICKET_ROW(TR_SQL_COLUMN, TR_SQL_END)

/* A JSON array (one raw node) of the first rows' tickets, their columns
 * starting at col; NULL when out of memory. */
cJSON *ticket_rows_json(const PGresult *res, int rows, int col);

#endif
