/*
 * customer.c: customer files and product units: customer.find,
 * customer.get (every read audited), customer.save, unit.save, and what a
 * call about a unit would give (unit.entitlements, the call form's banner).
 * Customer data is confidential (doc/domain.md, Privacy): never logged.
 * What a customer's and a unit's fields must be is common/records.c's
 * (arg_customer, arg_unit), the same rule call.register and
 * complaint.register read a new customer or unit with.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/domain.h"
#include "common/phone.h"
#include "common/queues.h"
#include "common/records.h"
#include "common/validate.h"
#include "server/contract.h"
#include "server/db.h"
#include "server/ops.h"

#define ID_MAX 9007199254740991LL
/* Who may read customer files and what their units would give. */
#define FILE_READERS (ROLE_BIT(ROLE_OPERATOR) | ROLE_BIT(ROLE_DISPATCHER) | \
	ROLE_BIT(ROLE_QUALITY) | ROLE_BIT(ROLE_MANAGER))

/* ---- customer.find: by phone, part of a name, or a unit's serial. */

static struct db_statement stmt_customer_find = {
	.what = "find customers",
	.sql = "WITH found AS (SELECT * FROM customers c"
	       "  WHERE ($1::text IS NULL OR c.phones @> ARRAY[$1::text])"
	       "  AND ($2::text IS NULL OR strpos(c.name, $2) > 0)"
	       "  AND ($3::text IS NULL OR EXISTS (SELECT 1 FROM units u"
	       "       WHERE u.customer_id = c.id AND u.serial = $3))"
	       "  ORDER BY c.name, c.id LIMIT $4::int),"
	       /* Which files were shown to whom; the search text is not kept. */
	       " audit AS (INSERT INTO audit_log (actor, address, action, details)"
	       "  SELECT $5, $6, 'customer.find', jsonb_build_object('by', jsonb_build_array("
	       "   CASE WHEN $1::text IS NOT NULL THEN 'phone' END, CASE WHEN $2::text IS NOT NULL"
	       "   THEN 'name' END, CASE WHEN $3::text IS NOT NULL THEN 'serial' END),"
	       "   'customers', (SELECT coalesce(jsonb_agg(id), '[]') FROM found)))"
	       "SELECT coalesce(jsonb_agg(customer_json(c) || jsonb_build_object('units',"
	       "  (SELECT coalesce(jsonb_agg(unit_json(u) ORDER BY u.id), '[]')"
	       "   FROM units u WHERE u.customer_id = c.id)) ORDER BY c.name, c.id), '[]')::text"
	       " FROM found c",
};

static void
on_customers_found(void *arg, PGresult *res)
{
	request_reply_cell(arg, res, &stmt_customer_find, "customers");
}

static void
customer_find_exec(struct request *req)
{
	const char *phone, *name, *serial;
	int64_t limit = 20;
	char limit_text[8], canon[PHONE_MAX];
	struct proto_error err;

	if (!arg_string(req->args, "phone", ARG_OPTIONAL, PHONE_TEXT_MAX - 1, &phone, &err) ||
	    !arg_text(req->args, "name", ARG_OPTIONAL, 50, &name, &err) ||
	    !arg_text(req->args, "serial", ARG_OPTIONAL, 64, &serial, &err) ||
	    !arg_int(req->args, "limit", ARG_OPTIONAL, 1, 50, &limit, &err)) {
		request_fail(req, &err);
		return;
	}
	if (phone != NULL && !phone_normalise(phone, canon)) {
		request_failf(req, PROTO_INVALID_ARGUMENT, "phone",
		    "phone is 7 to 20 digits (spaces, dashes, +86 or 0086 allowed)");
		return;
	}
	if (phone == NULL && name == NULL && serial == NULL) {
		request_failf(req, PROTO_INVALID_ARGUMENT, "phone",
		    "give a phone, part of a name, or a serial number");
		return;
	}
	snprintf(limit_text, sizeof limit_text, "%d", (int)limit);
	const char *params[6] = { phone ? canon : NULL, name, serial, limit_text,
	    req->client->user, req->client->addr };
	db_query(req->srv->db, &stmt_customer_find, 6, params, on_customers_found, req);
}

const struct op_entry op_customer_find = {
	.name = "customer.find",
	.roles = FILE_READERS,
	.summary = "find customers with their units: phone?, name?, serial?, limit? (<=50)",
	.exec = customer_find_exec,
};

/* ---- customer.get: the whole file (customer_file_text in
 * sql/functions/75_customer_file.sql), and the read goes to the audit log. */

static struct db_statement stmt_customer_get = {
	.what = "customer file",
	.sql = "WITH c AS (SELECT * FROM customers WHERE id = $1::bigint),"
	       " audit AS (INSERT INTO audit_log (actor, address, action, object)"
	       "  SELECT $2, $3, 'customer.get', 'customer:' || id FROM c)"
	       "SELECT customer_file_text(c) FROM c",
};

static void
on_customer(void *arg, PGresult *res)
{
	struct request *req = arg;
	struct proto_error err;

	if (!db_result_ok(res, &stmt_customer_get, &err)) {
		request_fail(req, &err);
		return;
	}
	if (PQntuples(res) == 0) {
		request_failf(req, PROTO_NOT_FOUND, "id", "no such customer");
		return;
	}
	request_reply(req, db_raw(res, 0, 0));   /* passed on as it is */
}

static void
customer_get_exec(struct request *req)
{
	int64_t id;
	char id_text[24];
	struct proto_error err;

	if (!arg_int(req->args, "id", ARG_REQUIRED, 1, ID_MAX, &id, &err)) {
		request_fail(req, &err);
		return;
	}
	snprintf(id_text, sizeof id_text, "%lld", (long long)id);
	const char *params[3] = { id_text, req->client->user, req->client->addr };
	db_query(req->srv->db, &stmt_customer_get, 3, params, on_customer, req);
}

const struct op_entry op_customer_get = {
	.name = "customer.get",
	.roles = FILE_READERS,
	.summary = "a customer's file: id -> customer, units (with entitlements), every "
	           "ticket, complaints, contracts (audited)",
	.exec = customer_get_exec,
};

/* ---- unit.entitlements: what a repair call about a unit would give the
 * customer today, for the call form's banner before it is saved: a saved
 * unit (unit_id; audited) or the terms of one being typed (purchase_date,
 * warranty_months?, contract_end?). The rules are the SQL ones
 * (unit_entitlements in sql/functions/45_entitlements.sql); the unit's open
 * tickets are added here, with the open states of common/queues.h. A row is (json, future): future says the
 * typed purchase date is after today. */

static struct db_statement stmt_unit_entitlements = {
	.what = "unit entitlements",
	.sql = "WITH u AS (SELECT * FROM units WHERE id = $1::bigint),"
	       " terms AS (SELECT id, purchase_date, warranty_months, unit_contract_end(id)"
	       "  AS contract_end FROM u"
	       "  UNION ALL SELECT NULL, $2::date,"
	       "   coalesce($3::int, setting_int('default_warranty_months')::int), $4::date"
	       "  WHERE $1::bigint IS NULL),"
	       " audit AS (INSERT INTO audit_log (actor, address, action, object)"
	       "  SELECT $5, $6, 'unit.entitlements', 'unit:' || id FROM u)"
	       "SELECT (unit_entitlements(id, purchase_date, warranty_months, contract_end)"
	       " || jsonb_build_object('unit_id', id, 'open_tickets',"
	       "  (SELECT coalesce(jsonb_agg(jsonb_build_object('no', t.no, 'type', t.type,"
	       "   'state', t.state, 'technician', t.technician, 'created_at',"
	       "   iso_time(t.created_at)) ORDER BY t.created_at DESC, t.no DESC), '[]')"
	       "   FROM tickets t WHERE t.unit_id = terms.id"
	       "   AND t.state IN " TICKET_OPEN_STATES_SQL ")))::text,"
	       " id IS NULL AND purchase_date > current_date"
	       " FROM terms",
};

static void
on_entitlements(void *arg, PGresult *res)
{
	struct request *req = arg;
	struct proto_error err;

	if (!db_result_ok(res, &stmt_unit_entitlements, &err))
		request_fail(req, &err);
	else if (PQntuples(res) == 0)
		request_failf(req, PROTO_NOT_FOUND, "unit_id", "no such unit");
	else if (strcmp(PQgetvalue(res, 0, 1), "t") == 0)
		request_failf(req, PROTO_INVALID_ARGUMENT, "purchase_date",
		    "purchase_date is after today");
	else
		request_reply(req, db_json(res, 0, 0));
}

/* A saved unit's terms are its own: given with unit_id, a term is refused. */
static bool
read_unit_terms(const cJSON *args, bool saved, const char **bought, char *months,
    const char **contract_end, struct proto_error *err)
{
	int64_t m = -1;

	if (saved) {
		static const char *const terms[] = { "purchase_date", "warranty_months",
		    "contract_end" };
		for (size_t i = 0; i < sizeof terms / sizeof terms[0]; i++)
			if (cJSON_HasObjectItem(args, terms[i]))
				return proto_fail(err, PROTO_INVALID_ARGUMENT, terms[i],
				    "give unit_id or a new unit's terms, not both");
		return true;
	}
	if (!arg_date(args, "purchase_date", ARG_OPTIONAL, bought, err) ||
	    !arg_int(args, "warranty_months", ARG_OPTIONAL, 0, 120, &m, err) ||
	    !arg_date(args, "contract_end", ARG_OPTIONAL, contract_end, err))
		return false;
	if (*bought == NULL)
		return proto_fail(err, PROTO_INVALID_ARGUMENT, "unit_id",
		    "give unit_id, or purchase_date for a unit not saved yet");
	if (m >= 0)
		snprintf(months, 8, "%d", (int)m);
	return true;
}

static void
unit_entitlements_exec(struct request *req)
{
	const char *bought = NULL, *contract_end = NULL;
	char id_text[24], months[8] = "";
	int64_t id = -1;
	struct proto_error err;

	if (!arg_int(req->args, "unit_id", ARG_OPTIONAL, 1, ID_MAX, &id, &err) ||
	    !read_unit_terms(req->args, id > 0, &bought, months, &contract_end, &err)) {
		request_fail(req, &err);
		return;
	}
	snprintf(id_text, sizeof id_text, "%lld", (long long)id);
	const char *params[6] = { id > 0 ? id_text : NULL, bought,
	    months[0] ? months : NULL, contract_end, req->client->user, req->client->addr };
	db_query(req->srv->db, &stmt_unit_entitlements, 6, params, on_entitlements, req);
}

const struct op_entry op_unit_entitlements = {
	.name = "unit.entitlements",
	.roles = FILE_READERS,
	.summary = "what a repair call about a unit would give today: unit_id, or "
	           "purchase_date, warranty_months?, contract_end? (audited)",
	.exec = unit_entitlements_exec,
};

/* ---- customer.save and unit.save: insert without id, update with id.
 * A result row is (json, 'saved') or (NULL, 'stale') when `version` no longer
 * matches; no row means no record with that id. */

struct save_op {
	struct db_statement *stmt;
	bool is_unit;                 /* unit.save, else customer.save */
};

static void
on_saved(void *arg, PGresult *res)
{
	struct request *req = arg;
	const struct save_op *op = req->state;
	struct proto_error err;
	const char *state;

	if (!db_result_ok(res, op->stmt, &err)) {
		state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
		if (state && strcmp(state, "23503") == 0)   /* unit.save's owner */
			proto_fail(&err, PROTO_NOT_FOUND, "customer_id", "no such customer");
		else if (state && strcmp(state, "23P01") == 0)   /* contracts_no_overlap */
			proto_fail(&err, PROTO_INVALID_ARGUMENT, "contract_end",
			    "the unit has another contract for some of those days");
		request_fail(req, &err);
		return;
	}
	if (PQntuples(res) == 0 && op->is_unit)
		request_failf(req, PROTO_NOT_FOUND, "id", "no such unit");
	else if (PQntuples(res) == 0)
		request_failf(req, PROTO_NOT_FOUND, "id", "no such customer");
	else if (strcmp(PQgetvalue(res, 0, 1), "stale") == 0 && op->is_unit)
		request_failf(req, PROTO_CONFLICT, "version",
		    "the unit was changed by someone else; reload it");
	else if (strcmp(PQgetvalue(res, 0, 1), "stale") == 0)
		request_failf(req, PROTO_CONFLICT, "version",
		    "the customer was changed by someone else; reload it");
	else
		request_reply(req, db_json(res, 0, 0));
}

/* Reads the optional id and version both saves take. */
static bool
read_id_version(const cJSON *args, char *id, char *version, bool *has_id,
    bool *has_version, struct proto_error *err)
{
	int64_t v = -1, i = -1;

	if (!arg_int(args, "id", ARG_OPTIONAL, 1, ID_MAX, &i, err) ||
	    !arg_int(args, "version", ARG_OPTIONAL, 1, 2147483647, &v, err))
		return false;
	*has_id = i > 0;
	*has_version = v > 0;
	snprintf(id, 24, "%lld", (long long)i);
	snprintf(version, 24, "%lld", (long long)v);
	return true;
}

/* email: absent keeps the customer's, null or "" removes it (SMS again). */
static bool
arg_email(const cJSON *args, const char **email, struct proto_error *err)
{
	if (!arg_string(args, "email", ARG_OPTIONAL, EMAIL_MAX, email, err))
		return false;
	if (*email != NULL && **email != '\0' && !valid_email(*email))
		return proto_fail(err, PROTO_INVALID_ARGUMENT, "email",
		    "email must be an address like name@example.com");
	return true;
}

static struct db_statement stmt_customer_save = {
	.what = "save a customer",
	.sql = "WITH ins AS (INSERT INTO customers (name, phones, address, region, notes, abroad,"
	       "   email)"
	       "  SELECT $2, ARRAY(SELECT json_array_elements_text($3::json)), coalesce($4, ''),"
	       "   $5, coalesce($6, ''), coalesce($7::boolean, false), nullif($11, '')"
	       "  WHERE $1::bigint IS NULL RETURNING id, customer_json(customers) AS json),"
	       " upd AS (UPDATE customers SET name = $2,"
	       "  phones = ARRAY(SELECT json_array_elements_text($3::json)),"
	       "  address = coalesce($4, address), region = $5, notes = coalesce($6, notes),"
	       "  abroad = coalesce($7::boolean, abroad),"
	       "  email = CASE WHEN $12::boolean THEN nullif($11, '') ELSE email END,"
	       "  version = version + 1, updated_at = now()"
	       "  WHERE id = $1::bigint AND ($8::int IS NULL OR version = $8::int)"
	       "  RETURNING id, customer_json(customers) AS json),"
	       " saved AS (SELECT * FROM ins UNION ALL SELECT * FROM upd),"
	       /* The file before and after (the statement's snapshot is before). */
	       " old AS (SELECT customer_json(c) AS json FROM customers c WHERE id = $1::bigint),"
	       " audit AS (INSERT INTO audit_log (actor, address, action, object, details)"
	       "  SELECT $9, $10, 'customer.save', 'customer:' || id, jsonb_build_object("
	       "   'before', (SELECT json FROM old), 'after', json) FROM saved)"
	       "SELECT json::text, 'saved' FROM saved"
	       " UNION ALL SELECT NULL, 'stale' FROM customers"
	       "  WHERE id = $1::bigint AND NOT EXISTS (SELECT 1 FROM saved)",
};

static const struct save_op customer_save_op = { &stmt_customer_save, false };

static void
customer_save_exec(struct request *req)
{
	const char *notes, *email;
	struct customer_args cust = { 0 };
	char id[24], version[24], *phones_json;
	bool has_id, has_version, abroad = false, has_abroad;
	struct proto_error err;

	if (!read_id_version(req->args, id, version, &has_id, &has_version, &err) ||
	    !arg_customer(req->args, !has_id, &cust, &err) ||
	    !arg_string(req->args, "notes", ARG_OPTIONAL, CUSTOMER_NOTES_MAX, &notes, &err) ||
	    !arg_bool(req->args, "abroad", ARG_OPTIONAL, &abroad, &err) ||
	    !arg_email(req->args, &email, &err)) {
		cJSON_Delete(cust.phones);   /* the canonical phones, when read */
		request_fail(req, &err);
		return;
	}
	has_abroad = cJSON_HasObjectItem(req->args, "abroad") &&
	    !cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(req->args, "abroad"));
	phones_json = cJSON_PrintUnformatted(cust.phones);
	const char *params[12] = { has_id ? id : NULL, cust.name, phones_json, cust.address,
	    region_names[cust.region], notes, has_abroad ? (abroad ? "true" : "false") : NULL,
	    has_version ? version : NULL, req->client->user, req->client->addr, email,
	    cJSON_HasObjectItem(req->args, "email") ? "true" : "false" };
	req->state = (void *)&customer_save_op;
	db_query(req->srv->db, &stmt_customer_save, 12, params, on_saved, req);
	cJSON_free(phones_json);
	cJSON_Delete(cust.phones);
}

const struct op_entry op_customer_save = {
	.name = "customer.save",
	.roles = ROLE_BIT(ROLE_OPERATOR) | ROLE_BIT(ROLE_ADMIN),
	.summary = "create or update a customer: id?, version?, name, phones[], "
	           "address?, region, notes?, abroad?, email? (null or \"\" removes it)",
	.exec = customer_save_exec,
};

/* contract_end given ($12): the unit's contract that started last (not
 * cancelled) ends then instead, or is cancelled by null; without one a
 * contract is made (contract.h). The unit JSON is built before those
 * writes (one snapshot), so the saved end is put into it here. */
static struct db_statement stmt_unit_save = {
	.what = "save a unit",
	.sql = "WITH ins AS (INSERT INTO units (customer_id, model, serial, purchase_date,"
	       "  invoice_no, warranty_months)"
	       "  SELECT $2::bigint, $3, $4, $5::date, $6,"
	       "   coalesce($7::int, setting_int('default_warranty_months')::int)"
	       "  WHERE $1::bigint IS NULL RETURNING id, purchase_date, unit_json(units) AS json),"
	       " upd AS (UPDATE units SET customer_id = $2::bigint, model = $3, serial = $4,"
	       "  purchase_date = $5::date, invoice_no = coalesce($6, invoice_no),"
	       "  warranty_months = coalesce($7::int, warranty_months),"
	       "  version = version + 1"
	       "  WHERE id = $1::bigint AND ($9::int IS NULL OR version = $9::int)"
	       "  RETURNING id, purchase_date, unit_json(units) AS json),"
	       " raw AS (SELECT * FROM ins UNION ALL SELECT * FROM upd),"
	       " saved AS (SELECT id, purchase_date, json || CASE WHEN $12::boolean THEN"
	       "  jsonb_build_object('contract_end', $8::date) ELSE '{}' END AS json FROM raw),"
	       " cur AS (SELECT k.id FROM contracts k JOIN saved ON k.unit_id = saved.id"
	       "  WHERE k.cancelled_at IS NULL AND k.starts <= current_date AND $12::boolean"
	       "  ORDER BY k.starts DESC LIMIT 1 FOR UPDATE OF k),"
	       " c_end AS (UPDATE contracts k SET ends = coalesce($8::date, k.ends),"
	       "  starts = least(k.starts, coalesce($8::date, k.starts)),"
	       "  cancelled_at = CASE WHEN $8::date IS NULL THEN now() END,"
	       "  cancelled_by = CASE WHEN $8::date IS NULL THEN $10 END,"
	       "  version = k.version + 1, updated_at = now() FROM cur WHERE k.id = cur.id"
	       "  AND (k.ends IS DISTINCT FROM $8::date OR $8::date IS NULL)"
	       "  RETURNING k.id),"
	       " c_new AS (" CONTRACT_FROM_END_SQL("id", "purchase_date", "$8::date", "$10",
	           "saved WHERE $12::boolean AND $8::date IS NOT NULL"
	           " AND NOT EXISTS (SELECT 1 FROM cur)") " RETURNING id),"
	       " old AS (SELECT unit_json(u) AS json FROM units u WHERE id = $1::bigint),"
	       " audit AS (INSERT INTO audit_log (actor, address, action, object, details)"
	       "  SELECT $10, $11, 'unit.save', 'unit:' || id, jsonb_build_object("
	       "   'before', (SELECT json FROM old), 'after', json,"
	       "   'customer_id', $2::bigint) FROM saved)"
	       "SELECT json::text, 'saved' FROM saved"
	       " UNION ALL SELECT NULL, 'stale' FROM units"
	       "  WHERE id = $1::bigint AND NOT EXISTS (SELECT 1 FROM saved)",
};

static const struct save_op unit_save_op = { &stmt_unit_save, true };

static void
unit_save_exec(struct request *req)
{
	struct unit_args unit;
	char id[24], version[24], customer[24], months[24];
	bool has_id, has_version;
	int64_t customer_id;
	struct proto_error err;

	if (!read_id_version(req->args, id, version, &has_id, &has_version, &err) ||
	    !arg_int(req->args, "customer_id", ARG_REQUIRED, 1, ID_MAX, &customer_id, &err) ||
	    !arg_unit(req->args, time(NULL), &unit, &err)) {
		request_fail(req, &err);
		return;
	}
	snprintf(customer, sizeof customer, "%lld", (long long)customer_id);
	snprintf(months, sizeof months, "%lld", (long long)unit.warranty_months);
	/* Absent keeps the stored contract end; null clears it. */
	bool contract_given = cJSON_HasObjectItem(req->args, "contract_end");
	const char *params[12] = { has_id ? id : NULL, customer, unit.model, unit.serial,
	    unit.purchase_date, unit.invoice_no, unit.warranty_months >= 0 ? months : NULL,
	    unit.contract_end, has_version ? version : NULL, req->client->user,
	    req->client->addr, contract_given ? "true" : "false" };
	req->state = (void *)&unit_save_op;
	db_query(req->srv->db, &stmt_unit_save, 12, params, on_saved, req);
}

const struct op_entry op_unit_save = {
	.name = "unit.save",
	.roles = ROLE_BIT(ROLE_OPERATOR) | ROLE_BIT(ROLE_ADMIN),
	.summary = "create or update a product unit: id?, version?, customer_id, model, "
	           "serial, purchase_date, invoice_no?, warranty_months?, contract_end?",
	.exec = unit_save_exec,
};
