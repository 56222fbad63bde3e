/*
 * ticket_row.h: the ticket object assembled in the daemon from plain columns,
 * for ticket.list's pages (the hot path: a terminal's board reloads them).
 *
 * PostgreSQL building the same JSON (ticket_object in sql/functions/30_records.sql)
 * costs as much as finding and joining the page's rows; even to_json on
 * each time and array_to_json on the phones cost a tenth of the page. So the
 * page reads every column as PostgreSQL prints it, and the daemon writes the
 * object's text (server/pgtext.c turns times and arrays into the JSON
 * to_json makes of them). Every other reader still uses ticket_object; the
 * integration suite (test_list_object_as_get in tests/integration/
 * test_repair.c) holds the two to the same object.
 *
 * TICKET_ROW lists the object's members in order, each with the SQL that
 * reads it (t: tickets, c: customers, u: units, outer-joined) and how its
 * text becomes JSON, written straight into the object's text (no tree of
 * nodes: a page has some 2,500 members). OBJ opens a nested object, there
 * when its first member (the id) is not null, else null; END closes it.
 */
#ifndef SVCDESK_TICKET_ROW_H
#define SVCDESK_TICKET_ROW_H

#include <libpq-fe.h>

enum ticket_row_kind {
	TR_TEXT,     /* a JSON string */
	TR_NUMBER,
	TR_BOOL,     /* t or f */
	TR_JSON,     /* already JSON (jsonb): passed on as it is */
	TR_TIME,     /* timestamptz: as to_json(date_trunc('second', ...)) */
	TR_ARRAY,    /* text[]: as array_to_json */
	TR_OBJECT,   /* no column: the members up to TR_END are an object */
	TR_END
};

#define TICKET_ROW(COL, OBJ, END) \
	COL("no", "t.no", TR_TEXT) \
	COL("type", "t.type", TR_TEXT) \
	COL("channel", "t.channel", TR_TEXT) \
	COL("state", "t.state", TR_TEXT) \
	COL("service_class", "t.service_class", TR_TEXT) \
	COL("class_reason", "t.class_reason", TR_TEXT) \
	OBJ("customer") \
		COL("id", "c.id", TR_NUMBER) \
		COL("name", "c.name", TR_TEXT) \
		COL("phones", "c.phones", TR_ARRAY) \
		COL("address", "c.address", TR_TEXT) \
		COL("region", "c.region", TR_TEXT) \
		COL("notes", "c.notes", TR_TEXT) \
		COL("abroad", "c.abroad", TR_BOOL) \
		COL("version", "c.version", TR_NUMBER) \
	END \
	OBJ("unit") \
		COL("id", "u.id", TR_NUMBER) \
		COL("customer_id", "u.customer_id", TR_NUMBER) \
		COL("model", "u.model", TR_TEXT) \
		COL("serial", "u.serial", TR_TEXT) \
		COL("purchase_date", "u.purchase_date", TR_TEXT) \
		COL("invoice_no", "u.invoice_no", TR_TEXT) \
		COL("warranty_months", "u.warranty_months", TR_NUMBER) \
		COL("contract_end", "unit_contract_end(u.id)", TR_TEXT) \
		COL("version", "u.version", TR_NUMBER) \
	END \
	COL("region", "t.region", TR_TEXT) \
	COL("fault", "t.fault", TR_TEXT) \
	COL("answer", "t.answer", TR_TEXT) \
	COL("taken_by", "t.taken_by", TR_TEXT) \
	COL("owner", "t.owner", TR_TEXT) \
	COL("technician", "t.technician", TR_TEXT) \
	COL("created_at", "t.created_at", TR_TIME) \
	COL("reply_due", "t.reply_due", TR_TIME) \
	COL("arrival_due", "t.arrival_due", TR_TIME) \
	COL("appointment", "t.appointment", TR_TIME) \
	COL("arrived_at", "t.arrived_at", TR_TIME) \
	COL("promised_at", "t.promised_at", TR_TIME) \
	COL("completed_at", "t.completed_at", TR_TIME) \
	COL("callback_at", "t.callback_at", TR_TIME) \
	COL("visit_attempts", "t.visit_attempts", TR_NUMBER) \
	COL("visit_outcome", "t.visit_outcome", TR_TEXT) \
	COL("overdue", "t.overdue", TR_BOOL) \
	COL("guarantee", "t.guarantee", TR_JSON) \
	COL("repeat_of", "t.repeat_of", TR_TEXT) \
	COL("receipt_no", "t.receipt_no", TR_TEXT) \
	COL("repair", "repair_card_json(t.repair)", TR_JSON) \
	COL("charges", "t.charges", TR_JSON) \
	COL("free_request", "t.free_request", TR_JSON) \
	COL("certificate", "t.certificate", TR_JSON) \
	COL("version", "t.version", TR_NUMBER)

#define TR_SQL_COLUMN(name, sql, kind) ", " sql
#define TR_SQL_NONE(...)
/* The columns, each after a comma: "SELECT first" TICKET_ROW_SQL " FROM ..." */
#define TICKET_ROW_SQL TICKET_ROW(TR_SQL_COLUMN, TR_SQL_NONE, TR_SQL_NONE())

struct json_text;
/* A JSON array of the tickets in the first rows of res, their columns
 * starting at col. */
void ticket_rows_write(struct json_text *t, const PGresult *res, int rows, int col);

#endif
