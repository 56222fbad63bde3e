/*
 * recall.c: product recalls (召回, seed 004 §15; doc/domain.md, Recalls):
 * recall.create, recall.get, recall.list, recall.unit.
 *
 * recall.create is one statement, so one transaction: recall_create
 * (sql/functions/67_recalls.sql) writes the recall, lists every affected
 * unit with its customer in one INSERT ... SELECT, and queues one `recall`
 * notification per customer; a create that fails leaves none of them.
 * recall.get pages a recall's units by unit id (a recall may hold 100,000);
 * recall.unit moves one unit and the recall's counters in one statement, and
 * closes the recall with its last unit done or written off. Reads that show
 * customers are audited.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/recalls.h"
#include "common/records.h"
#include "common/validate.h"
#include "server/db.h"
#include "server/ops.h"

#define RECALL_NO_MAX 24
#define TICKET_NO_MAX 16
#define UNIT_ID_MAX 9007199254740991LL
#define PAGE_MAX 200
#define PAGE_DEFAULT 50

#define ROLES_READ (ROLE_BIT(ROLE_OPERATOR) | ROLE_BIT(ROLE_DISPATCHER) | \
	ROLE_BIT(ROLE_QUALITY) | ROLE_BIT(ROLE_MANAGER))

/* $1 title, $2 reason, $3 models (a JSON array), $4 $5 serials, $6 $7 purchase
 * dates, $8 user, $9 page size, $10 address. NULL: no unit matched. */
static struct db_statement stmt_create = {
	.what = "create a recall",
	.sql = "WITH r AS (SELECT recall_create($1, $2,"
	       "  ARRAY(SELECT jsonb_array_elements_text($3::jsonb)), $4, $5, $6::date, $7::date,"
	       "  $8, $9::int) AS json),"
	       " audit AS (INSERT INTO audit_log (actor, address, action, object, details)"
	       "  SELECT $8, $10, 'recall.create', 'recall:' || (json->>'no'),"
	       "   jsonb_build_object('affected', json->'affected') FROM r WHERE json IS NOT NULL)"
	       "SELECT json::text FROM r",
};

/* $1 no, $2 units page, $3 after, $4 limit, $5 user, $6 address. */
static struct db_statement stmt_get = {
	.what = "a recall with a page of its units",
	.sql = "WITH audit AS (INSERT INTO audit_log (actor, address, action, object, details)"
	       "  SELECT $5, $6, 'recall.get', 'recall:' || no, jsonb_build_object("
	       "   'units', $2::text, 'after', $3::text) FROM recalls WHERE no = $1)"
	       "SELECT recall_with_units(r, $2, $3::bigint, $4::int)::text"
	       " FROM recalls r WHERE r.no = $1",
};

/* $1 queue, $2 after (an id), $3 limit + 1; newest first. */
static struct db_statement stmt_list = {
	.what = "a page of recalls",
	.sql = "SELECT recall_object(r)::text, r.id FROM recalls r"
	       " WHERE r.state = $1 AND ($2::bigint IS NULL OR r.id < $2::bigint)"
	       " ORDER BY r.id DESC LIMIT $3::int",
};

/* One counter follows the unit from upd.was to $3. */
#define COUNTER(c) " " c " = r." c " + ($3::text = '" c "')::int - (upd.was = '" c "')::int,"
#define OPEN_STATES "('pending', 'notified', 'unreachable', 'booked')"
/* Units still open once this one has moved. */
#define OPEN_AFTER "(r.pending + r.notified + r.unreachable + r.booked" \
	" + ($3::text IN " OPEN_STATES ")::int - (upd.was IN " OPEN_STATES ")::int)"

/* $1 no, $2 unit id, $3 state, $4 ticket no, $5 reason, $6 user. Answers
 * (json, 'ok', NULL) or (NULL, why not, the unit's state): 'final' (done or
 * written off), 'back' (a step back), 'no_ticket', 'other_unit' (the ticket
 * is another unit's); 'no_unit', 'no_recall'. */
static struct db_statement stmt_unit = {
	.what = "record a recalled unit's outcome",
	.sql = "WITH cur AS (SELECT state FROM recall_units"
	       "  WHERE recall_no = $1 AND unit_id = $2::bigint FOR UPDATE),"
	       " tk AS (SELECT unit_id FROM tickets WHERE no = $4),"
	       " upd AS (UPDATE recall_units ru SET state = $3::text,"
	       "  ticket_no = CASE WHEN $3::text = 'booked' THEN $4 ELSE ru.ticket_no END,"
	       "  reason = coalesce($5, ru.reason),"
	       "  attempts = ru.attempts + ($3::text IN ('notified', 'unreachable'))::int,"
	       "  updated_by = $6, updated_at = now()"
	       "  FROM cur WHERE ru.recall_no = $1 AND ru.unit_id = $2::bigint"
	       "  AND recall_unit_step_ok(cur.state, $3::text)"
	       "  AND ($3::text <> 'booked' OR EXISTS (SELECT 1 FROM tk WHERE tk.unit_id = $2::bigint))"
	       "  RETURNING cur.state AS was, ru AS unit),"
	       " rec AS (UPDATE recalls r SET"
	       COUNTER("pending") COUNTER("notified") COUNTER("unreachable")
	       COUNTER("booked") COUNTER("done") COUNTER("written_off")
	       "  state = CASE WHEN " OPEN_AFTER " = 0 THEN 'closed' ELSE r.state END,"
	       "  closed_at = CASE WHEN " OPEN_AFTER " = 0 THEN now() END"
	       "  FROM upd WHERE r.no = $1 RETURNING r AS row)"
	       "SELECT (recall_object(rec.row)::jsonb || jsonb_build_object('unit',"
	       "  recall_unit_object(upd.unit, u, c)))::text, 'ok', NULL"
	       " FROM rec, upd JOIN units u ON u.id = (upd.unit).unit_id"
	       " JOIN customers c ON c.id = (upd.unit).customer_id"
	       " UNION ALL SELECT NULL, CASE WHEN cur.state IN ('done', 'written_off') THEN 'final'"
	       "  WHEN NOT recall_unit_step_ok(cur.state, $3::text) THEN 'back'"
	       "  WHEN NOT EXISTS (SELECT 1 FROM tk) THEN 'no_ticket' ELSE 'other_unit' END,"
	       "  cur.state FROM cur WHERE NOT EXISTS (SELECT 1 FROM upd)"
	       " UNION ALL SELECT NULL, CASE WHEN EXISTS (SELECT 1 FROM recalls WHERE no = $1)"
	       "  THEN 'no_unit' ELSE 'no_recall' END, NULL WHERE NOT EXISTS (SELECT 1 FROM cur)",
};

/* models[]: 1 to RECALL_MODELS_MAX models, each a text; *json the array as
 * JSON text, for the caller to free. */
static bool
arg_models(const cJSON *args, char **json, struct proto_error *err)
{
	const cJSON *list = cJSON_GetObjectItemCaseSensitive(args, "models"), *m;

	*json = NULL;
	if (!cJSON_IsArray(list) || cJSON_GetArraySize(list) < 1 ||
	    cJSON_GetArraySize(list) > RECALL_MODELS_MAX)
		return proto_fail(err, PROTO_INVALID_ARGUMENT, "models",
		    "models must be an array of 1 to %d models", RECALL_MODELS_MAX);
	cJSON_ArrayForEach(m, list)
		if (!cJSON_IsString(m) || m->valuestring[strspn(m->valuestring, " \t")] == '\0' ||
		    utf8_length(m->valuestring) > MODEL_MAX)
			return proto_fail(err, PROTO_INVALID_ARGUMENT, "models",
			    "each of models must be a model's name of at most %d characters",
			    MODEL_MAX);
	*json = cJSON_PrintUnformatted(list);
	return *json != NULL || proto_fail(err, PROTO_INTERNAL, NULL, "out of memory");
}

/* The batch's bounds: each range not backwards. p[0..3] serial_from,
 * serial_to, purchased_from, purchased_to. */
static bool
arg_batch(const cJSON *args, const char **p, struct proto_error *err)
{
	if (!arg_text(args, "serial_from", ARG_OPTIONAL, SERIAL_MAX, &p[0], err) ||
	    !arg_text(args, "serial_to", ARG_OPTIONAL, SERIAL_MAX, &p[1], err) ||
	    !arg_date(args, "purchased_from", ARG_OPTIONAL, &p[2], err) ||
	    !arg_date(args, "purchased_to", ARG_OPTIONAL, &p[3], err))
		return false;
	if (p[0] != NULL && p[1] != NULL && strcmp(p[0], p[1]) > 0)
		return proto_fail(err, PROTO_INVALID_ARGUMENT, "serial_to",
		    "serial_to is before serial_from");
	if (p[2] != NULL && p[3] != NULL && strcmp(p[2], p[3]) > 0)
		return proto_fail(err, PROTO_INVALID_ARGUMENT, "purchased_to",
		    "purchased_to is before purchased_from");
	return true;
}

static void
on_create(void *arg, PGresult *res)
{
	struct request *req = arg;
	struct proto_error err;

	if (!db_result_ok(res, &stmt_create, &err))
		request_fail(req, &err);
	else if (PQgetisnull(res, 0, 0))
		request_failf(req, PROTO_INVALID_ARGUMENT, "models",
		    "no unit of those models matches the serial range and purchase dates");
	else
		request_reply_cell(req, res, &stmt_create, NULL);
}

static void
create_exec(struct request *req)
{
	const char *title, *reason, *batch[4];
	char *models = NULL, limit[8];
	struct proto_error err;

	if (!arg_text(req->args, "title", ARG_REQUIRED, RECALL_TITLE_MAX, &title, &err) ||
	    !arg_text(req->args, "reason", ARG_REQUIRED, RECALL_REASON_MAX, &reason, &err) ||
	    !arg_models(req->args, &models, &err) ||
	    !arg_batch(req->args, batch, &err)) {
		cJSON_free(models);
		request_fail(req, &err);
		return;
	}
	snprintf(limit, sizeof limit, "%d", PAGE_DEFAULT);
	const char *params[10] = { title, reason, models, batch[0], batch[1], batch[2],
	    batch[3], req->client->user, limit, req->client->addr };
	db_query(req->srv->db, &stmt_create, 10, params, on_create, req);
	cJSON_free(models);
}

const struct op_entry op_recall_create = {
	.name = "recall.create",
	.roles = ROLE_BIT(ROLE_MANAGER) | ROLE_BIT(ROLE_QUALITY),
	.summary = "a recall of a batch, every affected unit listed and its customer told: "
	           "title, reason, models[], serial_from?, serial_to?, purchased_from?, "
	           "purchased_to? -> the recall and its first units",
	.exec = create_exec,
};

static void
on_get(void *arg, PGresult *res)
{
	struct request *req = arg;
	struct proto_error err;

	if (!db_result_ok(res, &stmt_get, &err))
		request_fail(req, &err);
	else if (PQntuples(res) == 0)
		request_failf(req, PROTO_NOT_FOUND, "no", "no recall %s",
		    cJSON_GetObjectItemCaseSensitive(req->args, "no")->valuestring);
	else
		request_reply_cell(req, res, &stmt_get, NULL);
}

static void
get_exec(struct request *req)
{
	const char *no;
	int units = 0;
	int64_t limit = PAGE_DEFAULT, after = -1;
	char after_text[24], limit_text[16];
	struct proto_error err;

	if (!arg_text(req->args, "no", ARG_REQUIRED, RECALL_NO_MAX, &no, &err) ||
	    !arg_enum(req->args, "units", ARG_OPTIONAL, recall_unit_page_names, &units, &err) ||
	    !arg_int(req->args, "limit", ARG_OPTIONAL, 1, PAGE_MAX, &limit, &err) ||
	    !arg_id_cursor(req->args, "after", ARG_OPTIONAL, &after, &err)) {
		request_fail(req, &err);
		return;
	}
	snprintf(after_text, sizeof after_text, "%lld", (long long)after);
	snprintf(limit_text, sizeof limit_text, "%d", (int)limit);
	const char *params[6] = { no, recall_unit_page_names[units],
	    after > 0 ? after_text : NULL, limit_text, req->client->user, req->client->addr };
	db_query(req->srv->db, &stmt_get, 6, params, on_get, req);
}

const struct op_entry op_recall_get = {
	.name = "recall.get", .roles = ROLES_READ,
	.summary = "a recall with a page of its units: no, units? (all, open, to_call), "
	           "limit? (<=200), after? -> the recall, units[], next (audited)",
	.exec = get_exec,
};

static void
list_exec(struct request *req)
{
	int queue = 0;
	int64_t limit = PAGE_DEFAULT, after = -1;
	char after_text[24], limit_text[16];
	struct proto_error err;

	if (!arg_enum(req->args, "queue", ARG_OPTIONAL, recall_queue_names, &queue, &err) ||
	    !arg_int(req->args, "limit", ARG_OPTIONAL, 1, PAGE_MAX, &limit, &err) ||
	    !arg_id_cursor(req->args, "after", ARG_OPTIONAL, &after, &err)) {
		request_fail(req, &err);
		return;
	}
	snprintf(after_text, sizeof after_text, "%lld", (long long)after);
	snprintf(limit_text, sizeof limit_text, "%d", (int)limit + 1);
	const char *params[3] = { recall_queue_names[queue], after > 0 ? after_text : NULL,
	    limit_text };
	request_query_page(req, &stmt_list, 3, params, "recalls", (int)limit);
}

const struct op_entry op_recall_list = {
	.name = "recall.list", .roles = ROLES_READ,
	.summary = "the recall board, newest first: queue? (open, closed), limit? (<=200), "
	           "after? -> recalls[], next",
	.exec = list_exec,
};

/* recall.unit's refusals, by the statement's why-not. */
static void
unit_refused(struct request *req, const char *why, const char *state)
{
	const char *no = cJSON_GetObjectItemCaseSensitive(req->args, "no")->valuestring;

	if (strcmp(why, "no_recall") == 0)
		request_failf(req, PROTO_NOT_FOUND, "no", "no recall %s", no);
	else if (strcmp(why, "no_unit") == 0)
		request_failf(req, PROTO_NOT_FOUND, "unit_id", "that unit is not in recall %s", no);
	else if (strcmp(why, "final") == 0)
		request_failf(req, PROTO_CONFLICT, "state",
		    "that unit is %s already: its recall is over", state);
	else if (strcmp(why, "back") == 0)
		request_failf(req, PROTO_CONFLICT, "state",
		    "that unit is %s already: a step back is not allowed", state);
	else if (strcmp(why, "no_ticket") == 0)
		request_failf(req, PROTO_NOT_FOUND, "ticket_no", "no such ticket");
	else
		request_failf(req, PROTO_INVALID_ARGUMENT, "ticket_no",
		    "that ticket is not for this unit");
}

static void
on_unit(void *arg, PGresult *res)
{
	struct request *req = arg;
	struct proto_error err;

	if (!db_result_ok(res, &stmt_unit, &err))
		request_fail(req, &err);
	else if (PQntuples(res) == 0)
		request_failf(req, PROTO_INTERNAL, NULL, "recall.unit answered nothing");
	else if (strcmp(PQgetvalue(res, 0, 1), "ok") != 0)
		unit_refused(req, PQgetvalue(res, 0, 1), PQgetvalue(res, 0, 2));
	else
		request_reply_cell(req, res, &stmt_unit, NULL);
}

/* booked takes ticket_no, and only it; written_off takes a reason. */
static bool
unit_args_fit(const char *state, const char *ticket_no, const char *reason,
    struct proto_error *err)
{
	bool booked = strcmp(state, "booked") == 0;

	if (booked && ticket_no == NULL)
		return proto_fail(err, PROTO_INVALID_ARGUMENT, "ticket_no",
		    "a booked unit needs the ticket_no of its ticket");
	if (!booked && ticket_no != NULL)
		return proto_fail(err, PROTO_INVALID_ARGUMENT, "ticket_no",
		    "ticket_no goes only with state booked");
	if (strcmp(state, "written_off") == 0 && reason == NULL)
		return proto_fail(err, PROTO_INVALID_ARGUMENT, "reason",
		    "a unit is written off with a reason");
	return true;
}

static void
unit_exec(struct request *req)
{
	const char *no, *ticket_no, *reason;
	int state = -1;
	int64_t unit_id;
	char unit_text[24];
	struct proto_error err;

	if (!arg_text(req->args, "no", ARG_REQUIRED, RECALL_NO_MAX, &no, &err) ||
	    !arg_int(req->args, "unit_id", ARG_REQUIRED, 1, UNIT_ID_MAX, &unit_id, &err) ||
	    !arg_enum(req->args, "state", ARG_REQUIRED, recall_unit_step_names, &state, &err) ||
	    !arg_text(req->args, "ticket_no", ARG_OPTIONAL, TICKET_NO_MAX, &ticket_no, &err) ||
	    !arg_text(req->args, "reason", ARG_OPTIONAL, RECALL_REASON_MAX, &reason, &err) ||
	    !unit_args_fit(recall_unit_step_names[state], ticket_no, reason, &err)) {
		request_fail(req, &err);
		return;
	}
	snprintf(unit_text, sizeof unit_text, "%lld", (long long)unit_id);
	const char *params[6] = { no, unit_text, recall_unit_step_names[state], ticket_no,
	    reason, req->client->user };
	db_query(req->srv->db, &stmt_unit, 6, params, on_unit, req);
}

const struct op_entry op_recall_unit = {
	.name = "recall.unit",
	.roles = ROLE_BIT(ROLE_OPERATOR) | ROLE_BIT(ROLE_DISPATCHER),
	.summary = "a recalled unit's outcome: no, unit_id, state (notified, unreachable, "
	           "booked with ticket_no, done, written_off with reason), reason? -> the recall, "
	           "unit",
	.exec = unit_exec,
};
