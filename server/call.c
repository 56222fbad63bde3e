/*
 * call.c: call-in registration (叫修登记, doc/domain.md, Intake; the class in
 * doc/domain.md, Service classes): call.register.
 *
 * One statement registers a call: the customer and unit when new, the
 * service class decided from the unit on the day of the call (or the
 * operator's override, as an event), the number (type, YYMMDD, the year's
 * running count), the deadlines from the cached policies, the events and
 * the audit row, the three guarantees (三包) and the earlier ticket this
 * repair repeats (sql/functions/40_guarantee.sql ticket_guarantee, repeat_of). The
 * request_key makes a retry return the same ticket.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/domain.h"
#include "common/phone.h"
#include "common/records.h"
#include "common/timefmt.h"
#include "common/validate.h"
#include "server/contract.h"
#include "server/db.h"
#include "server/intake.h"
#include "server/ops.h"
#include "server/policy.h"
#include "server/push.h"

enum { P_KEY, P_CHANNEL, P_TYPE, P_CUSTOMER_ID, P_NEW_CUSTOMER, P_UNIT_ID,
	P_NEW_UNIT, P_FAULT, P_APPOINTMENT, P_CLASS, P_CLASS_REASON, P_ANSWER,
	P_USER, P_DAY, P_YEAR, P_ARRIVAL /* 3: per region */, P_REPLY = P_ARRIVAL + 3,
	P_ADDRESS = P_REPLY + 3, P_COUNT };

static struct db_statement stmt_call_register = {
	.what = "register a call",
	.sql =
	"WITH prior AS (SELECT ticket_json(t) AS json FROM tickets t WHERE t.request_key = $1),"
	" fresh AS (SELECT NOT EXISTS (SELECT 1 FROM prior) AS yes),"
	INTAKE_CUSTOMER_CTES
	" new_unit AS (INSERT INTO units (customer_id, model, serial, purchase_date, invoice_no,"
	"   warranty_months)"
	"  SELECT (SELECT id FROM cust), $7::jsonb->>'model', $7::jsonb->>'serial',"
	"   ($7::jsonb->>'purchase_date')::date, $7::jsonb->>'invoice_no',"
	/* without warranty months: the setting default_warranty_months now */
	"   coalesce(($7::jsonb->>'warranty_months')::int,"
	"    setting_int('default_warranty_months')::int)"
	"  WHERE $7::jsonb IS NOT NULL AND (SELECT yes FROM fresh) AND EXISTS (SELECT 1 FROM cust)"
	/* its contract_end makes its contract (contract.h), not seen by this snapshot */
	"  RETURNING id, purchase_date, warranty_months,"
	"   ($7::jsonb->>'contract_end')::date AS contract_end, unit_json(units)"
	"   || jsonb_build_object('contract_end', ($7::jsonb->>'contract_end')::date) AS json),"
	" new_contract AS (" CONTRACT_FROM_END_SQL("id", "purchase_date", "contract_end", "$13",
	    "new_unit WHERE contract_end IS NOT NULL") "),"
	/* the class from the contract running on the day of the call */
	" unit AS (SELECT * FROM new_unit UNION ALL"
	"  SELECT id, purchase_date, warranty_months, unit_contract_end(u.id, current_date),"
	"   unit_json(u) FROM units u"
	"  WHERE u.id = $6::bigint AND u.customer_id = (SELECT id FROM cust)),"
	" valid AS (SELECT (SELECT yes FROM fresh) AND EXISTS (SELECT 1 FROM cust)"
	"  AND ($6::bigint IS NULL OR EXISTS (SELECT 1 FROM unit)) AS yes),"
	/* The day of the call, in the centre's time zone (the session's). */
	" class AS (SELECT coalesce($10::text, (SELECT unit_service_class(purchase_date,"
	"  warranty_months, contract_end, current_date) FROM unit), 'D') AS c),"
	" counter AS (SELECT ticket_count($3, $15::int) AS last WHERE (SELECT yes FROM valid)),"
	" ticket AS (INSERT INTO tickets (no, type, channel, state, service_class, class_reason,"
	"   customer_id, unit_id, region, fault, answer, taken_by, owner, reply_due, arrival_due,"
	"   appointment, request_key, guarantee, repeat_of)"
	"  SELECT $3 || $14 || lpad(counter.last::text, greatest(4, length(counter.last::text)), '0'),"
	"   $3, $2,"
	"   CASE WHEN $12::text IS NULL THEN 'new' ELSE 'closed' END, (SELECT c FROM class),"
	"   $11, cust.id, (SELECT id FROM unit), cust.region, $8, $12, $13, $13,"
	"   CASE WHEN $12::text IS NULL THEN (CASE cust.region WHEN 'urban' THEN $19"
	"    WHEN 'suburban' THEN $20 ELSE $21 END)::timestamptz END,"
	"   CASE WHEN $12::text IS NULL THEN (CASE cust.region WHEN 'urban' THEN $16"
	"    WHEN 'suburban' THEN $17 ELSE $18 END)::timestamptz END,"
	"   $9::timestamptz, $1,"
	/* The three guarantees and the repeat, on the day of the call (sql/007). */
	"   ticket_guarantee($3::char, unit.id, unit.purchase_date, unit.warranty_months,"
	"    current_date, now()),"
	"   CASE WHEN $3 = 'B' THEN repeat_of(unit.id, current_date) END"
	"  FROM counter, cust LEFT JOIN unit ON true RETURNING tickets AS row, no, state, service_class, class_reason),"
	" events AS (INSERT INTO ticket_events (ticket_no, actor, kind, from_state, to_state, details)"
	"  SELECT no, $13, 'register', NULL, 'new', jsonb_build_object('channel', $2::text,"
	"   'service_class', service_class) FROM ticket"
	"  UNION ALL SELECT no, $13, 'class_override', NULL, NULL,"
	"   jsonb_build_object('service_class', service_class, 'reason', class_reason)"
	"   FROM ticket WHERE $10::text IS NOT NULL"
	"  UNION ALL SELECT no, $13, 'answer', 'new', 'closed', '{}' FROM ticket WHERE state = 'closed'),"
	" audit AS (INSERT INTO audit_log (actor, address, action, object)"
	"  SELECT $13, $22, 'call.register', 'ticket:' || no FROM ticket)"
	"SELECT ticket_json_parts(ticket.row, (SELECT json FROM cust),"
	"  (SELECT json FROM unit))::text, 'created' FROM ticket"
	" UNION ALL SELECT json::text, 'prior' FROM prior"
	" UNION ALL SELECT NULL, 'no_customer' WHERE (SELECT yes FROM fresh)"
	"  AND NOT EXISTS (SELECT 1 FROM cust)"
	" UNION ALL SELECT NULL, 'no_unit' WHERE (SELECT yes FROM fresh)"
	"  AND EXISTS (SELECT 1 FROM cust) AND NOT (SELECT yes FROM valid)",
};

/* Two registrations racing with one request_key: the loser reads the winner's. */
static struct db_statement stmt_ticket_by_key = {
	.what = "ticket by request key",
	.sql = "SELECT ticket_json(t)::text, 'prior' FROM tickets t WHERE t.request_key = $1",
};

struct registration {
	const char *params[P_COUNT];
	struct intake_customer customer;
	char *new_unit;                      /* JSON text, freed after the query */
	char unit_id[24], year[16], day[40];
	char due[6][TIMEFMT_LEN];
};

static void
registration_free(struct registration *r)
{
	if (r == NULL)
		return;
	intake_customer_free(&r->customer);
	cJSON_free(r->new_unit);
	free(r);
}

/* customer: {"id"} for a known customer, or a new one's fields
 * (common/records.c: what they must be). */
bool
intake_read_customer(const cJSON *args, struct intake_customer *ic,
    struct proto_error *err)
{
	const cJSON *c = cJSON_GetObjectItemCaseSensitive(args, "customer");
	struct customer_args fresh;
	int64_t id = 0;
	cJSON *copy;

	if (!cJSON_IsObject(c))
		return proto_fail(err, PROTO_INVALID_ARGUMENT, "customer",
		    "customer must be an object: {\"id\"} or a new customer");
	if (cJSON_HasObjectItem(c, "id")) {
		if (!arg_int(c, "id", ARG_REQUIRED, 1, 9007199254740991LL, &id, err))
			return proto_fail_nested(err, "customer");
		snprintf(ic->id_text, sizeof ic->id_text, "%lld", (long long)id);
		ic->id = ic->id_text;
		return true;
	}
	if (!arg_customer(c, true, &fresh, err))
		return proto_fail_nested(err, "customer");
	copy = cJSON_CreateObject();
	cJSON_AddStringToObject(copy, "name", fresh.name);
	cJSON_AddItemToObject(copy, "phones", fresh.phones);   /* canonical (common/phone.h) */
	cJSON_AddStringToObject(copy, "address", fresh.address);
	cJSON_AddStringToObject(copy, "region", region_names[fresh.region]);
	ic->fresh = cJSON_PrintUnformatted(copy);
	cJSON_Delete(copy);
	return true;
}

void
intake_customer_free(struct intake_customer *ic)
{
	cJSON_free(ic->fresh);
	ic->fresh = NULL;
}

/* unit: {"id"} of the customer's unit, or a new one's fields
 * (common/records.c), or absent. */
static bool
read_unit(const cJSON *args, bool required, struct registration *r,
    struct proto_error *err)
{
	const cJSON *u = cJSON_GetObjectItemCaseSensitive(args, "unit");
	struct unit_args unit;
	int64_t id = 0;
	cJSON *copy;

	if (u == NULL || cJSON_IsNull(u))
		return !required || proto_fail(err, PROTO_INVALID_ARGUMENT, "unit",
		    "unit is required for a repair or service call");
	if (!cJSON_IsObject(u))
		return proto_fail(err, PROTO_INVALID_ARGUMENT, "unit",
		    "unit must be an object: {\"id\"} or a new unit");
	if (cJSON_HasObjectItem(u, "id")) {
		if (!arg_int(u, "id", ARG_REQUIRED, 1, 9007199254740991LL, &id, err))
			return proto_fail_nested(err, "unit");
		if (r->customer.id == NULL)
			return proto_fail(err, PROTO_INVALID_ARGUMENT, "unit.id",
			    "a new customer cannot have a known unit");
		snprintf(r->unit_id, sizeof r->unit_id, "%lld", (long long)id);
		r->params[P_UNIT_ID] = r->unit_id;
		return true;
	}
	if (!arg_unit(u, time(NULL), &unit, err))
		return proto_fail_nested(err, "unit");
	copy = cJSON_CreateObject();
	cJSON_AddStringToObject(copy, "model", unit.model);
	cJSON_AddStringToObject(copy, "serial", unit.serial);
	cJSON_AddStringToObject(copy, "purchase_date", unit.purchase_date);
	if (unit.invoice_no)
		cJSON_AddStringToObject(copy, "invoice_no", unit.invoice_no);
	if (unit.warranty_months >= 0)   /* else the statement's default */
		cJSON_AddNumberToObject(copy, "warranty_months", (double)unit.warranty_months);
	if (unit.contract_end)
		cJSON_AddStringToObject(copy, "contract_end", unit.contract_end);
	r->new_unit = cJSON_PrintUnformatted(copy);
	cJSON_Delete(copy);
	r->params[P_NEW_UNIT] = r->new_unit;
	return true;
}

/* Deadlines for each region class: the customer's region is known only in
 * the statement (an existing customer's is in the database). */
static void
compute_deadlines(struct request *req, struct registration *r, int type)
{
	const struct policy *p = req->srv->policy;
	time_t now = time(NULL), due;
	struct tm tm;

	localtime_r(&now, &tm);
	snprintf(r->day, sizeof r->day, "%02d%02d%02d", tm.tm_year % 100,
	    tm.tm_mon + 1, tm.tm_mday);   /* YYMMDD, as the number wants */
	snprintf(r->year, sizeof r->year, "%d", tm.tm_year + 1900);
	r->params[P_DAY] = r->day;
	r->params[P_YEAR] = r->year;
	for (int region = 0; region < 3; region++) {
		due = policy_arrival_due(p, region, type, now);
		if (due > 0) {
			time_format_iso(due, r->due[region], sizeof r->due[region]);
			r->params[P_ARRIVAL + region] = r->due[region];
		}
		time_format_iso(policy_reply_due(p, region, type, now),
		    r->due[3 + region], sizeof r->due[3 + region]);
		r->params[P_REPLY + region] = r->due[3 + region];
	}
}

static bool
read_call(struct request *req, struct registration *r, int *type,
    struct proto_error *err)
{
	const cJSON *a = req->args;
	int channel = -1, class = -1;
	time_t at;

	if (!arg_string(a, "request_key", ARG_REQUIRED, 64, &r->params[P_KEY], err) ||
	    !arg_enum(a, "channel", ARG_REQUIRED, channel_names, &channel, err) ||
	    !arg_enum(a, "type", ARG_REQUIRED, ticket_type_names, type, err) ||
	    !intake_read_customer(a, &r->customer, err) ||
	    !read_unit(a, *type <= 1, r, err) ||   /* B and Y need the unit */
	    !arg_text(a, "fault", ARG_REQUIRED, FAULT_MAX, &r->params[P_FAULT], err) ||
	    !arg_string(a, "appointment", ARG_OPTIONAL, 40, &r->params[P_APPOINTMENT], err) ||
	    !arg_enum(a, "service_class", ARG_OPTIONAL, service_class_names, &class, err) ||
	    !arg_text(a, "class_reason", ARG_OPTIONAL, CLASS_REASON_MAX,
	        &r->params[P_CLASS_REASON], err) ||
	    !arg_text(a, "answer", ARG_OPTIONAL, ANSWER_MAX, &r->params[P_ANSWER], err))
		return false;
	if (r->params[P_KEY][0] == '\0')
		return proto_fail(err, PROTO_INVALID_ARGUMENT, "request_key",
		    "request_key must not be empty");
	if (r->params[P_APPOINTMENT] && !time_parse_iso(r->params[P_APPOINTMENT], &at))
		return proto_fail(err, PROTO_INVALID_ARGUMENT, "appointment",
		    "appointment must be a time like 2026-11-24T14:00:00+08:00");
	if (r->params[P_APPOINTMENT] && time_is_past(at, time(NULL)))
		return proto_fail(err, PROTO_INVALID_ARGUMENT, "appointment",
		    "appointment is in the past: it is agreed for later");
	if (class >= 0 && r->params[P_CLASS_REASON] == NULL)
		return proto_fail(err, PROTO_INVALID_ARGUMENT, "class_reason",
		    "overriding the service class needs a class_reason");
	if (r->params[P_ANSWER] && strcmp(ticket_type_names[*type], "Z") != 0)
		return proto_fail(err, PROTO_INVALID_ARGUMENT, "answer",
		    "only a consultation (type Z) is answered on the call");
	r->params[P_CHANNEL] = channel_names[channel];
	r->params[P_TYPE] = ticket_type_names[*type];
	r->params[P_CLASS] = class >= 0 ? service_class_names[class] : NULL;
	if (class < 0)
		r->params[P_CLASS_REASON] = NULL;
	r->params[P_CUSTOMER_ID] = r->customer.id;
	r->params[P_NEW_CUSTOMER] = r->customer.fresh;
	r->params[P_USER] = req->client->user;
	r->params[P_ADDRESS] = req->client->addr;
	return true;
}

static void
on_registered(void *arg, PGresult *res)
{
	struct request *req = arg;
	struct registration *r = req->state;
	struct proto_error err;
	const char *status, *state;

	if (!db_result_ok(res, &stmt_call_register, &err)) {
		state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
		const char *constraint = res ? PQresultErrorField(res, PG_DIAG_CONSTRAINT_NAME) : NULL;
		if (state && strcmp(state, "23505") == 0 && constraint &&
		    strstr(constraint, "request_key") != NULL) {   /* a twin won the key */
			db_query(req->srv->db, &stmt_ticket_by_key, 1, &r->params[P_KEY],
			    on_registered, req);
			return;
		}
		registration_free(r);
		request_fail(req, &err);
		return;
	}
	registration_free(r);
	status = PQntuples(res) > 0 ? PQgetvalue(res, 0, 1) : "no_customer";
	if (strcmp(status, "no_customer") == 0)
		request_failf(req, PROTO_NOT_FOUND, "customer.id", "no such customer");
	else if (strcmp(status, "no_unit") == 0)
		request_failf(req, PROTO_NOT_FOUND, "unit.id",
		    "no such unit for this customer");
	else {
		cJSON *ticket = db_json(res, 0, 0);
		if (strcmp(status, "created") == 0)
			push_publish(req->srv->push, TOPIC_TICKETS, "ticket.changed",
			    cJSON_Duplicate(ticket, true));
		request_reply(req, ticket);
	}
}

static void
call_register_exec(struct request *req)
{
	struct registration *r = calloc(1, sizeof *r);
	struct proto_error err;
	int type = -1;

	if (r == NULL || !read_call(req, r, &type, &err)) {
		registration_free(r);
		if (r == NULL)
			proto_fail(&err, PROTO_INTERNAL, NULL, "out of memory");
		request_fail(req, &err);
		return;
	}
	compute_deadlines(req, r, type);
	req->state = r;
	db_query(req->srv->db, &stmt_call_register, P_COUNT, r->params,
	    on_registered, req);
}

const struct op_entry op_call_register = {
	.name = "call.register", .roles = ROLE_BIT(ROLE_OPERATOR),
	.summary = "register a call: request_key, channel, type, customer, unit, fault, "
	           "appointment?, service_class? + class_reason?, answer? (type Z)",
	.exec = call_register_exec,
};
