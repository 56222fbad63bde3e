/*
 * repair.c: the repair card (修护卡, doc/domain.md, Repair card; the money in
 * doc/domain.md, Charges): ticket.take_back, ticket.repair, ticket.inspect,
 * ticket.complete, ticket.postpone.
 *
 * As in dispatch.c, each transition is ONE guarded statement with its event
 * row: `cur` locks the ticket, `upd` moves it only from the states allowed
 * (common/states.c) and, for a technician, only their own; the same statement
 * issues the receipt and writes the ledger (take-back), takes the parts from
 * the technician's service point (repair), voids the receipt and uses an
 * approved free-service request (complete). Every statement answers one row:
 *   (ticket json, 'ok', state, NULL)     it moved
 *   (NULL, status, current state, detail) it did not; status is one of
 *     'not_yours', 'state', and per op 'unknown_part', 'no_point', 'short'
 *     (detail "part_no|in stock|asked|name"), 'no_card', 'not_approved',
 *     'approval_amount' (detail "request state|approver|approved|total")
 *   no row                                no such ticket
 * Parameters: $1 ticket no, $2 acting user, $3 the user is a technician,
 * $4 the allowed from-states, then the op's own.
 *
 * Money is in fen. A class A card charges parts at list price, a markup on the
 * parts of 0 to the setting markup_cap_percent (16 as shipped; read from the
 * policy cache, server/policy.c) rounded half up to the fen ((parts * percent
 * + 50) / 100), and labour from the price list (sql/functions/50_repair.sql
 * labour_fee).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/states.h"
#include "common/records.h"
#include "common/timefmt.h"
#include "common/validate.h"
#include "server/db.h"
#include "server/ops.h"
#include "server/policy.h"
#include "server/push.h"
#include "server/transition.h"

#define TICKET_NO_MAX 16
#define PARTS_MAX 50

/* The answer of every statement here (transition.h). */
#define REPAIR_TAIL(more) TRANSITION_WHY_TAIL(more)

static struct db_statement stmt_take_back = {
	.what = "take a unit back to the shop",
	.sql = "WITH cur AS (SELECT state, technician FROM tickets WHERE no = $1 FOR UPDATE),"
	       " allowed AS (SELECT 1 FROM cur WHERE state = ANY($4::text[])"
	       "  AND (NOT $3::boolean OR technician = $2)),"
	       " receipt AS (SELECT 'R' || to_char(now(), 'YYMMDD')"
	       "  || lpad(n::text, greatest(4, length(n::text)), '0') AS no"
	       "  FROM (SELECT receipt_count(extract(year FROM now())::int) AS n FROM allowed) c),"
	       " upd AS (UPDATE tickets t SET state = 'in_shop', receipt_no = receipt.no,"
	       "  version = t.version + 1, updated_at = now() FROM receipt WHERE t.no = $1"
	       "  RETURNING t AS row, receipt.no AS receipt),"
	       " led AS (INSERT INTO shop_ledger (receipt_no, ticket_no, technician, note)"
	       "  SELECT receipt, $1, $2, $5 FROM upd),"
	       " ev AS (INSERT INTO ticket_events (ticket_no, actor, kind, from_state, to_state, details)"
	       "  SELECT $1, $2, 'take_back', 'on_site', 'in_shop',"
	       "   jsonb_build_object('receipt_no', receipt, 'note', $5::text) FROM upd),"
	       " why AS (SELECT NULL::text AS detail)"
	       REPAIR_TAIL(""),
};

/* $5 diagnosis, $6 cause, $7 actions, $8 parts [{part_no, qty}], $9 minutes,
 * $10 cause_code (NULL: the card's earlier one, if any), refused as 'no_cause'
 * unless an active cause of the catalogue (sql/030_causes.sql).
 * A second repair (after a failed inspection) replaces the card's texts and
 * adds its parts and minutes to the card's: the card lists everything the
 * unit had, and class A charges are computed from it. Stock rows are locked
 * in part order, so two repairs never deadlock on them. */
static struct db_statement stmt_repair = {
	.what = "record a repair",
	.sql = "WITH cur AS (SELECT state, technician, repair FROM tickets WHERE no = $1 FOR UPDATE),"
	       " allowed AS (SELECT 1 FROM cur WHERE state = ANY($4::text[])"
	       "  AND (NOT $3::boolean OR technician = $2)),"
	       " point AS (SELECT service_point_id AS id FROM users WHERE login = $2),"
	       " wanted AS (SELECT x.part_no, sum(x.qty)::int AS qty"
	       "  FROM jsonb_to_recordset($8::jsonb) AS x (part_no text, qty int) GROUP BY x.part_no),"
	       " stock AS (SELECT s.part_no, s.qty FROM part_stock s"
	       "  WHERE s.service_point_id = (SELECT id FROM point)"
	       "  AND s.part_no IN (SELECT part_no FROM wanted) AND EXISTS (SELECT 1 FROM allowed)"
	       "  ORDER BY s.part_no FOR UPDATE),"
	       " used AS (SELECT w.part_no, p.name, w.qty, p.price FROM wanted w JOIN parts p USING (part_no)),"
	       " why AS (SELECT status, detail FROM (SELECT 0 AS o, 'no_cause' AS status,"
	       "   $10::text AS detail WHERE $10::text IS NOT NULL AND NOT EXISTS (SELECT 1"
	       "   FROM causes c WHERE c.code = $10::text AND c.active)"
	       "  UNION ALL (SELECT 1, CASE WHEN p.part_no IS NULL THEN 'unknown_part'"
	       "   WHEN (SELECT id FROM point) IS NULL THEN 'no_point' ELSE 'short' END,"
	       "  w.part_no || '|' || coalesce(s.qty, 0) || '|' || w.qty || '|' || coalesce(p.name, '')"
	       "  FROM wanted w LEFT JOIN parts p USING (part_no) LEFT JOIN stock s USING (part_no)"
	       "  WHERE p.part_no IS NULL OR coalesce(s.qty, 0) < w.qty"
	       "  ORDER BY p.part_no IS NULL DESC, w.part_no LIMIT 1)) w ORDER BY o LIMIT 1),"
	       " card AS (SELECT jsonb_build_object('diagnosis', $5::text, 'cause', $6::text,"
	       "   'cause_code', coalesce($10::text, cur.repair->>'cause_code'),"
	       "   'actions', $7::text, 'parts', coalesce(cur.repair->'parts', '[]')"
	       "   || coalesce((SELECT jsonb_agg(jsonb_build_object('part_no', part_no, 'name', name,"
	       "    'qty', qty, 'price', price) ORDER BY part_no) FROM used), '[]'),"
	       "   'labour_minutes', coalesce((cur.repair->>'labour_minutes')::int, 0) + $9::int,"
	       "   'by', $2::text, 'at', iso_time(now())) AS card FROM cur),"
	       " upd AS (UPDATE tickets t SET repair = card.card,"
	       "  state = CASE WHEN t.state = 'in_shop' THEN 'repaired' ELSE t.state END,"
	       "  charges = CASE WHEN t.service_class = 'A' THEN repair_charges("
	       "   (SELECT coalesce(sum((p->>'qty')::bigint * (p->>'price')::bigint), 0)::bigint"
	       "    FROM jsonb_array_elements(card.card->'parts') p),"
	       "   labour_fee((card.card->>'labour_minutes')::int),"
	       "   coalesce((t.charges->>'markup_percent')::int, 0)) END,"
	       "  version = t.version + 1, updated_at = now() FROM card"
	       "  WHERE t.no = $1 AND EXISTS (SELECT 1 FROM allowed) AND NOT EXISTS (SELECT 1 FROM why)"
	       "  RETURNING t AS row),"
	       /* the stock ledger's rows take the parts (sql/functions/55_stock.sql) */
	       " take AS (INSERT INTO stock_ledger (service_point_id, part_no, kind, delta, actor,"
	       "   ticket_no) SELECT (SELECT id FROM point), w.part_no, 'issue', -w.qty, $2, $1"
	       "  FROM wanted w WHERE EXISTS (SELECT 1 FROM upd)),"
	       " fitted AS (INSERT INTO ticket_parts (ticket_no, part_no, service_point_id, qty, price,"
	       "   technician) SELECT $1, part_no, (SELECT id FROM point), qty, price, $2 FROM used"
	       "  WHERE EXISTS (SELECT 1 FROM upd)),"
	       " ev AS (INSERT INTO ticket_events (ticket_no, actor, kind, from_state, to_state, details)"
	       "  SELECT $1, $2, 'repair', cur.state, (upd.row).state, jsonb_build_object("
	       "   'parts', (SELECT coalesce(jsonb_agg(jsonb_build_object('part_no', part_no,"
	       "    'qty', qty) ORDER BY part_no), '[]') FROM used), 'labour_minutes', $9::int)"
	       "  FROM upd, cur)"
	       REPAIR_TAIL("WHEN why.status IS NOT NULL THEN why.status"),
};

/* $5 passed, $6 note. Failed: back to the shop, the note on the card. */
static struct db_statement stmt_inspect = {
	.what = "inspect a workshop repair",
	.sql = "WITH cur AS (SELECT state, technician FROM tickets WHERE no = $1 FOR UPDATE),"
	       " upd AS (UPDATE tickets t SET"
	       "  state = CASE WHEN $5::boolean THEN 'inspected' ELSE 'in_shop' END,"
	       "  repair = coalesce(t.repair, '{}') || jsonb_build_object('inspection',"
	       "   jsonb_build_object('passed', $5::boolean, 'note', $6::text, 'by', $2::text,"
	       "   'at', iso_time(now()))),"
	       "  version = t.version + 1, updated_at = now() FROM cur"
	       "  WHERE t.no = $1 AND t.state = ANY($4::text[]) AND (NOT $3::boolean OR t.technician = $2)"
	       "  RETURNING t AS row),"
	       " ev AS (INSERT INTO ticket_events (ticket_no, actor, kind, from_state, to_state, details)"
	       "  SELECT $1, $2, 'inspect', 'repaired', (upd.row).state,"
	       "   jsonb_build_object('passed', $5::boolean, 'note', $6::text) FROM upd),"
	       " why AS (SELECT NULL::text AS detail)"
	       REPAIR_TAIL(""),
};

/* $5 signed_by, $6 markup percent (NULL: as on the card), $7 free. A class A
 * ticket needs its repair card. Free service on a class A ticket with
 * something to waive needs the ticket's approved request (server/money.c)
 * for exactly this total: the approval was counted when it was given, so
 * the completion only uses it (free_approvals keeps what was waived). A
 * completion closes the ticket's open request either way (used, or
 * withdrawn). From `inspected` the unit goes back against its receipt: the
 * receipt is voided and the ledger line gets its out time. */
static struct db_statement stmt_complete = {
	.what = "complete a repair",
	.sql = "WITH cur AS (SELECT state, technician, service_class, charges, repair, free_request"
	       "  FROM tickets WHERE no = $1 FOR UPDATE),"
	       " allowed AS (SELECT 1 FROM cur WHERE state = ANY($4::text[])"
	       "  AND (NOT $3::boolean OR technician = $2)),"
	       " bill AS (SELECT CASE WHEN service_class = 'A' THEN repair_charges("
	       "  coalesce((charges->>'parts')::bigint, 0), coalesce((charges->>'labour')::bigint, 0),"
	       "  coalesce($6::int, (charges->>'markup_percent')::int, 0)) END AS charges FROM cur),"
	       " amount AS (SELECT coalesce((charges->>'total')::bigint, 0) AS fen FROM bill),"
	       " card AS (SELECT service_class <> 'A' OR coalesce(repair ? 'diagnosis', false) AS ok"
	       "  FROM cur),"
	       " free AS (SELECT coalesce($7::boolean, false) AND service_class = 'A'"
	       "  AND (SELECT fen FROM amount) > 0 AS yes FROM cur),"
	       " req AS (SELECT id, approver, amount, reason FROM free_requests"
	       "  WHERE ticket_no = $1 AND state = 'approved' ORDER BY id DESC LIMIT 1),"
	       " fits AS (SELECT 1 FROM req WHERE amount = (SELECT fen FROM amount)),"
	       " upd AS (UPDATE tickets t SET state = 'completed', completed_at = now(),"
	       "  repair = coalesce(t.repair, '{}') || jsonb_build_object('signed_by', $5::text,"
	       "   'signed_at', iso_time(now())),"
	       "  charges = CASE WHEN (SELECT yes FROM free) THEN bill.charges || jsonb_build_object("
	       "   'free', true, 'waived', bill.charges->'total', 'total', 0,"
	       "   'approved_by', (SELECT approver FROM req), 'reason', (SELECT reason FROM req),"
	       "   'request', (SELECT id FROM req)) ELSE bill.charges END,"
	       "  free_request = CASE WHEN t.free_request->>'state' IN ('pending', 'approved')"
	       "   THEN t.free_request || jsonb_build_object('state', CASE WHEN (SELECT yes FROM free)"
	       "    THEN 'used' ELSE 'withdrawn' END) ELSE t.free_request END,"
	       "  version = t.version + 1, updated_at = now() FROM bill, cur"
	       "  WHERE t.no = $1 AND EXISTS (SELECT 1 FROM allowed) AND (SELECT ok FROM card)"
	       "  AND (NOT (SELECT yes FROM free) OR EXISTS (SELECT 1 FROM fits))"
	       "  RETURNING t AS row, cur.state AS was),"
	       " closed AS (UPDATE free_requests r SET state = CASE WHEN (SELECT yes FROM free)"
	       "   AND r.id = (SELECT id FROM req) THEN 'used' ELSE 'withdrawn' END,"
	       "  decided_at = coalesce(r.decided_at, now())"
	       "  WHERE r.ticket_no = $1 AND r.state IN ('pending', 'approved')"
	       "  AND EXISTS (SELECT 1 FROM upd)),"
	       " granted AS (INSERT INTO free_approvals (ticket_no, approver, amount, reason, by_user)"
	       "  SELECT $1, req.approver, req.amount, req.reason, $2 FROM upd, req"
	       "  WHERE (SELECT yes FROM free)),"
	       " led AS (UPDATE shop_ledger l SET out_at = now(), void = true FROM upd"
	       "  WHERE l.ticket_no = $1 AND l.out_at IS NULL AND upd.was = 'inspected'"
	       "  RETURNING l.receipt_no),"
	       " ev AS (INSERT INTO ticket_events (ticket_no, actor, kind, from_state, to_state, details)"
	       "  SELECT $1, $2, 'complete', was, 'completed', jsonb_build_object('signed_by', $5::text,"
	       "   'total', (upd.row).charges->'total', 'free', (SELECT yes FROM free),"
	       "   'approved_by', CASE WHEN (SELECT yes FROM free) THEN (SELECT approver FROM req) END,"
	       "   'receipt_voided', (SELECT receipt_no FROM led)) FROM upd),"
	       " why AS (SELECT CASE WHEN NOT (SELECT ok FROM card) THEN 'no_card'"
	       "   WHEN (SELECT yes FROM free) AND NOT EXISTS (SELECT 1 FROM req) THEN 'not_approved'"
	       "   WHEN (SELECT yes FROM free) AND NOT EXISTS (SELECT 1 FROM fits)"
	       "   THEN 'approval_amount' END AS status,"
	       "  coalesce(cur.free_request->>'state', '') || '|'"
	       "  || coalesce(cur.free_request->>'approver', '') || '|'"
	       "  || coalesce((SELECT amount FROM req), (cur.free_request->>'amount')::bigint, 0)"
	       "  || '|' || (SELECT fen FROM amount) AS detail"
	       "  FROM cur WHERE EXISTS (SELECT 1 FROM allowed))"
	       REPAIR_TAIL("WHEN why.status IS NOT NULL THEN why.status"),
};

/* $5 until, $6 reason. */
static struct db_statement stmt_postpone = {
	.what = "postpone a promised time",
	.sql = "WITH cur AS (SELECT state, technician, promised_at FROM tickets WHERE no = $1 FOR UPDATE),"
	       " upd AS (UPDATE tickets t SET promised_at = $5::timestamptz,"
	       "  version = t.version + 1, updated_at = now() FROM cur"
	       "  WHERE t.no = $1 AND t.state = ANY($4::text[]) AND (NOT $3::boolean OR t.technician = $2)"
	       "  RETURNING t AS row, cur.promised_at AS previous),"
	       " ev AS (INSERT INTO ticket_events (ticket_no, actor, kind, details)"
	       "  SELECT $1, $2, 'postpone', jsonb_build_object('until', iso_time($5::timestamptz),"
	       "   'reason', $6::text, 'previous', iso_time(previous)) FROM upd),"
	       " why AS (SELECT NULL::text AS detail)"
	       REPAIR_TAIL(""),
};

/* Completing free without the approval it needs (money.c decides them):
 * detail "request state|approver|approved amount|total". */
static void
fail_free(struct request *req, const char *no, const char *status, char *detail)
{
	char *f[4];
	long long approved, total;

	if (!transition_split_detail(detail, f, 4)) {
		request_failf(req, PROTO_FORBIDDEN, "charges.free", "free service on ticket %s "
		    "needs an approved request (approval.request)", no);
		return;
	}
	approved = atoll(f[2]);
	total = atoll(f[3]);
	if (strcmp(status, "approval_amount") == 0)
		request_failf(req, PROTO_CONFLICT, "charges.free", "%s approved waiving "
		    "%lld.%02lld yuan and the charges are now %lld.%02lld yuan: request free "
		    "service again", f[1], approved / 100, approved % 100, total / 100, total % 100);
	else if (strcmp(f[0], "pending") == 0)
		request_failf(req, PROTO_FORBIDDEN, "charges.free", "the free-service request "
		    "of ticket %s is waiting for %s's decision", no, f[1]);
	else if (strcmp(f[0], "refused") == 0)
		request_failf(req, PROTO_FORBIDDEN, "charges.free", "%s refused free service "
		    "for ticket %s: complete it paid, or request again", f[1], no);
	else
		request_failf(req, PROTO_FORBIDDEN, "charges.free", "free service on ticket %s "
		    "needs an approved request: ask an approver first (approval.request)", no);
}

/* The refusals of this file's statements (transition.h); "not yours" and a
 * plain wrong state are the runner's. */
static bool
repair_refusal(struct request *req, const char *no, const char *status,
    const char *state, char *detail)
{
	char *f[4];   /* part_no | in stock | asked | name (last: it may hold '|') */

	if (strcmp(status, "no_cause") == 0)
		request_failf(req, PROTO_INVALID_ARGUMENT, "cause_code", "%s is not an active "
		    "fault cause of the catalogue: pick one from cause.list", detail);
	else if (strcmp(status, "short") == 0 && transition_split_detail(detail, f, 4))
		request_failf(req, PROTO_CONFLICT, "parts", "part %s %s: %s in stock at "
		    "your service point, %s asked", f[0], f[3], f[1], f[2]);
	else if (strcmp(status, "unknown_part") == 0 && transition_split_detail(detail, f, 4))
		request_failf(req, PROTO_NOT_FOUND, "parts.part_no",
		    "no part %s in the catalogue", f[0]);
	else if (strcmp(status, "no_point") == 0)
		request_failf(req, PROTO_CONFLICT, "parts", "you have no service point "
		    "to take parts from: ask an administrator");
	else if (strcmp(status, "no_card") == 0)
		request_failf(req, PROTO_CONFLICT, "repair", "ticket %s is class A (paid) and "
		    "has no repair card: record the card (diagnosis, cause, actions, parts, "
		    "labour) before completing it", no);
	else if (strcmp(status, "not_approved") == 0 || strcmp(status, "approval_amount") == 0)
		fail_free(req, no, status, detail);
	else if (strcmp(status, "state") == 0 && strcmp(req->op->name, "ticket.complete") == 0 &&
	    (strcmp(state, "in_shop") == 0 || strcmp(state, "repaired") == 0))
		request_failf(req, PROTO_CONFLICT, "no", "ticket %s is %s: a workshop "
		    "repair must pass inspection before it is completed", no, state);
	else
		return false;
	return true;
}

/* ---- ticket.take_back */

static void
take_back_exec(struct request *req)
{
	const char *no, *note;
	struct proto_error err;

	if (!arg_text(req->args, "no", ARG_REQUIRED, TICKET_NO_MAX, &no, &err) ||
	    !arg_string(req->args, "note", ARG_OPTIONAL, 500, &note, &err)) {
		request_fail(req, &err);
		return;
	}
	transition_run(req, &stmt_take_back, no, 1, &note, repair_refusal);
}

const struct op_entry op_ticket_take_back = {
	.name = "ticket.take_back", .roles = ROLE_BIT(ROLE_TECHNICIAN),
	.summary = "take the unit to the workshop; issues a receipt: no, note?",
	.exec = take_back_exec,
};

/* ---- ticket.repair */

/* parts: [{part_no, qty >= 1}], as JSON text for the statement (freed by
 * the caller with cJSON_free). */
static bool
read_parts(const cJSON *args, char **json, struct proto_error *err)
{
	const cJSON *parts = cJSON_GetObjectItemCaseSensitive(args, "parts"), *p;
	cJSON *list;
	int i = 0;

	if (parts == NULL || cJSON_IsNull(parts))
		parts = NULL;
	else if (!cJSON_IsArray(parts) || cJSON_GetArraySize(parts) > PARTS_MAX)
		return proto_fail(err, PROTO_INVALID_ARGUMENT, "parts",
		    "parts must be an array of at most %d {part_no, qty}", PARTS_MAX);
	list = cJSON_CreateArray();
	cJSON_ArrayForEach(p, parts) {
		const char *part_no;
		int64_t qty;

		if (!cJSON_IsObject(p)) {
			cJSON_Delete(list);
			return proto_fail(err, PROTO_INVALID_ARGUMENT, "parts",
			    "parts[%d] must be an object {part_no, qty}", i);
		}
		if (!arg_text(p, "part_no", ARG_REQUIRED, 32, &part_no, err) ||
		    !arg_int(p, "qty", ARG_REQUIRED, 1, 999, &qty, err)) {
			cJSON_Delete(list);
			return proto_fail_nested(err, "parts");
		}
		cJSON *item = cJSON_CreateObject();
		cJSON_AddStringToObject(item, "part_no", part_no);
		cJSON_AddNumberToObject(item, "qty", (double)qty);
		cJSON_AddItemToArray(list, item);
		i++;
	}
	*json = cJSON_PrintUnformatted(list);
	cJSON_Delete(list);
	return *json != NULL;
}

static void
repair_exec(struct request *req)
{
	const char *no, *extra[6] = { 0 };
	char *parts = NULL, minutes[16];
	int64_t labour = 0;
	struct proto_error err;

	if (!arg_text(req->args, "no", ARG_REQUIRED, TICKET_NO_MAX, &no, &err) ||
	    !arg_text(req->args, "diagnosis", ARG_REQUIRED, CARD_TEXT_MAX, &extra[0], &err) ||
	    !arg_text(req->args, "cause", ARG_REQUIRED, CARD_TEXT_MAX, &extra[1], &err) ||
	    !arg_text(req->args, "actions", ARG_REQUIRED, CARD_TEXT_MAX, &extra[2], &err) ||
	    !arg_int(req->args, "labour_minutes", ARG_REQUIRED, 0, 1440, &labour, &err) ||
	    !arg_string(req->args, "cause_code", ARG_OPTIONAL, CAUSE_CODE_MAX, &extra[5], &err) ||
	    !read_parts(req->args, &parts, &err)) {
		request_fail(req, &err);
		return;
	}
	snprintf(minutes, sizeof minutes, "%d", (int)labour);
	extra[3] = parts;
	extra[4] = minutes;
	transition_run(req, &stmt_repair, no, 6, extra, repair_refusal);   /* copies them */
	cJSON_free(parts);
}

const struct op_entry op_ticket_repair = {
	.name = "ticket.repair", .roles = ROLE_BIT(ROLE_TECHNICIAN),
	.summary = "the repair card: no, diagnosis, cause (the description), cause_code? "
	    "(cause.list), actions, parts[] ({part_no, qty}), labour_minutes",
	.exec = repair_exec,
};

/* ---- ticket.inspect */

static void
inspect_exec(struct request *req)
{
	const char *no, *extra[2];
	bool passed;
	struct proto_error err;

	if (!arg_text(req->args, "no", ARG_REQUIRED, TICKET_NO_MAX, &no, &err) ||
	    !arg_bool(req->args, "passed", ARG_REQUIRED, &passed, &err) ||
	    !arg_text(req->args, "note", passed ? ARG_OPTIONAL : ARG_REQUIRED, 500,
	        &extra[1], &err)) {
		request_fail(req, &err);
		return;
	}
	extra[0] = passed ? "true" : "false";
	transition_run(req, &stmt_inspect, no, 2, extra, repair_refusal);
}

const struct op_entry op_ticket_inspect = {
	.name = "ticket.inspect", .roles = ROLE_BIT(ROLE_DISPATCHER),
	.summary = "the supervisor's inspection of a workshop repair: no, passed, "
	    "note? (required when failed)",
	.exec = inspect_exec,
};

/* ---- ticket.complete */

/* charges?: {markup_percent? 0..cap, free?}; cap: the setting
 * markup_cap_percent now. The approver and the reason are the approved
 * request's now (approval.request, server/money.c): naming them here is
 * refused, so that an old client cannot think it approved. */
static bool
read_charges(const cJSON *args, int64_t cap, const char **extra, char *markup,
    size_t size, struct proto_error *err)
{
	const cJSON *ch = cJSON_GetObjectItemCaseSensitive(args, "charges");
	static const char *const gone[][2] = { { "approved_by", "charges.approved_by" },
		{ "reason", "charges.reason" } };
	int64_t percent = -1;
	bool free_service = false;

	extra[1] = extra[2] = NULL;
	if (ch == NULL || cJSON_IsNull(ch))
		return true;
	if (!cJSON_IsObject(ch))
		return proto_fail(err, PROTO_INVALID_ARGUMENT, "charges",
		    "charges must be an object {markup_percent?, free?}");
	for (size_t i = 0; i < sizeof gone / sizeof gone[0]; i++)
		if (cJSON_GetObjectItemCaseSensitive(ch, gone[i][0]) != NULL)
			return proto_fail(err, PROTO_INVALID_ARGUMENT, gone[i][1],
			    "%s is no longer given on completion: the approver approves the "
			    "request (approval.request) from their own queue", gone[i][1]);
	if (!arg_int(ch, "markup_percent", ARG_OPTIONAL, 0, 1000000, &percent, err) ||
	    !arg_bool(ch, "free", ARG_OPTIONAL, &free_service, err))
		return proto_fail_nested(err, "charges");
	if (percent > cap)
		return proto_fail(err, PROTO_INVALID_ARGUMENT, "charges.markup_percent",
		    "the markup cap is %lld percent; %lld percent is over it",
		    (long long)cap, (long long)percent);
	if (percent >= 0) {
		snprintf(markup, size, "%d", (int)percent);
		extra[1] = markup;
	}
	extra[2] = free_service ? "true" : "false";
	return true;
}

static void
complete_exec(struct request *req)
{
	const char *no, *extra[3];
	char markup[24];
	struct proto_error err;

	if (!arg_text(req->args, "no", ARG_REQUIRED, TICKET_NO_MAX, &no, &err) ||
	    !arg_text(req->args, "signed_by", ARG_REQUIRED, SIGNED_BY_MAX, &extra[0], &err) ||
	    !read_charges(req->args, policy_setting(req->srv->policy, "markup_cap_percent"),
	        extra, markup, sizeof markup, &err)) {
		request_fail(req, &err);
		return;
	}
	transition_run(req, &stmt_complete, no, 3, extra, repair_refusal);
}

const struct op_entry op_ticket_complete = {
	.name = "ticket.complete", .roles = ROLE_BIT(ROLE_TECHNICIAN),
	.summary = "the customer signs; a workshop unit goes back against its "
	    "receipt: no, signed_by, charges? ({markup_percent?, free?}); free needs "
	    "the ticket's approved request",
	.exec = complete_exec,
};

/* ---- ticket.postpone */

static void
postpone_exec(struct request *req)
{
	const char *no, *extra[2];
	time_t until;
	struct proto_error err;

	if (!arg_text(req->args, "no", ARG_REQUIRED, TICKET_NO_MAX, &no, &err) ||
	    !arg_string(req->args, "until", ARG_REQUIRED, 40, &extra[0], &err) ||
	    !arg_text(req->args, "reason", ARG_REQUIRED, 500, &extra[1], &err)) {
		request_fail(req, &err);
		return;
	}
	if (!time_parse_iso(extra[0], &until)) {
		request_failf(req, PROTO_INVALID_ARGUMENT, "until",
		    "until must be a time like 2026-11-24T14:00:00+08:00");
		return;
	}
	if (until <= time(NULL)) {
		request_failf(req, PROTO_INVALID_ARGUMENT, "until",
		    "until is not in the future: a new promise is for later");
		return;
	}
	transition_run(req, &stmt_postpone, no, 2, extra, repair_refusal);
}

const struct op_entry op_ticket_postpone = {
	.name = "ticket.postpone", .roles = ROLE_BIT(ROLE_DISPATCHER),
	.summary = "a new promised time, with the reason: no, until, reason",
	.exec = postpone_exec,
};
