/*
 * money.c: the money controls (doc/domain.md, Charges; Three guarantees and
 * repeat repairs): free service beyond policy (超标准结算) as a request the
 * approver decides from their own queue, and the refund and exchange
 * certificates of the three guarantees (三包).
 *
 *   approval.request  the technician asks a named approver to waive a class
 *                     A ticket's charges (the card's total, a reason);
 *   approval.decide   the approver named approves (counted then against
 *                     their limits for the ticket's region and month) or
 *                     refuses with a reason;
 *   approval.list     the approver's queue, with their limits and what this
 *                     month has used per region;
 *   ticket.guarantee  a dispatcher or manager decides a refund or an
 *                     exchange the ticket is entitled to: a numbered
 *                     certificate.
 * The completion that uses an approval is ticket.complete (repair.c).
 *
 * The three ticket ops are ONE guarded statement each, run by
 * transition_run (transition.h: allowed states in common/states.c; the
 * ticket answered and pushed as ticket.changed). The ticket carries its
 * latest request (free_request) and its certificate, so that push tells the
 * requester's form and the approver's queue at once.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/records.h"
#include "common/validate.h"
#include "server/db.h"
#include "server/ops.h"
#include "server/transition.h"

#define TICKET_NO_MAX 16

/* $5 approver, $6 reason, $7 markup percent (NULL: as on the card). The
 * amount is the card's total with that markup; a class A ticket with a card
 * and something to waive only; an approver by free_approval_limits, within
 * their amount each (their month is counted at approval). A new request
 * withdraws the ticket's open one. Statuses 'not_paid', 'no_card',
 * 'nothing', 'no_approver', 'over_amount'; detail
 * "class|title|per approval|amount". */
static struct db_statement stmt_request = {
	.what = "request free service",
	.sql = "WITH cur AS (SELECT state, technician, service_class, charges, repair, region"
	       "  FROM tickets WHERE no = $1 FOR UPDATE),"
	       " allowed AS (SELECT 1 FROM cur WHERE state = ANY($4::text[])"
	       "  AND (NOT $3::boolean OR technician = $2)),"
	       " bill AS (SELECT repair_charges(coalesce((charges->>'parts')::bigint, 0),"
	       "  coalesce((charges->>'labour')::bigint, 0),"
	       "  coalesce($7::int, (charges->>'markup_percent')::int, 0)) AS b FROM cur"
	       "  WHERE service_class = 'A' AND coalesce(repair ? 'diagnosis', false)),"
	       " amount AS (SELECT (b->>'total')::bigint AS fen, (b->>'markup_percent')::int AS markup"
	       "  FROM bill),"
	       " limits AS (SELECT * FROM free_approval_limits($5)),"
	       " why AS (SELECT CASE WHEN cur.service_class <> 'A' THEN 'not_paid'"
	       "   WHEN NOT EXISTS (SELECT 1 FROM bill) THEN 'no_card'"
	       "   WHEN (SELECT fen FROM amount) = 0 THEN 'nothing'"
	       "   WHEN NOT EXISTS (SELECT 1 FROM limits) THEN 'no_approver'"
	       "   WHEN (SELECT fen FROM amount) > (SELECT per_approval FROM limits)"
	       "   THEN 'over_amount' END AS status,"
	       "  cur.service_class || '|' || coalesce((SELECT title FROM limits), '') || '|'"
	       "  || coalesce((SELECT per_approval FROM limits), 0) || '|'"
	       "  || coalesce((SELECT fen FROM amount), 0) AS detail FROM cur),"
	       " ok AS (SELECT 1 FROM allowed, why WHERE why.status IS NULL),"
	       " old AS (UPDATE free_requests r SET state = 'withdrawn', decided_at = now()"
	       "  WHERE r.ticket_no = $1 AND r.state IN ('pending', 'approved')"
	       "  AND EXISTS (SELECT 1 FROM ok) RETURNING r.id),"
	       " req AS (INSERT INTO free_requests (ticket_no, approver, amount, markup_percent,"
	       "   reason, region, requested_by)"
	       "  SELECT $1, $5, fen, markup, $6, cur.region, $2 FROM amount, cur"
	       "  WHERE EXISTS (SELECT 1 FROM ok) RETURNING *),"
	       " upd AS (UPDATE tickets t SET free_request = jsonb_build_object('id', req.id,"
	       "   'state', 'pending', 'approver', req.approver,"
	       "   'approver_name', (SELECT name FROM users WHERE login = $5),"
	       "   'amount', req.amount, 'markup_percent', req.markup_percent, 'reason', req.reason,"
	       "   'region', req.region, 'requested_by', req.requested_by,"
	       "   'requested_at', iso_time(req.requested_at),"
	       "   'withdrawn', (SELECT count(*) FROM old)),"
	       "  version = t.version + 1, updated_at = now() FROM req WHERE t.no = $1"
	       "  RETURNING t AS row),"
	       " ev AS (INSERT INTO ticket_events (ticket_no, actor, kind, details)"
	       "  SELECT $1, $2, 'free_request', jsonb_build_object('approver', $5::text,"
	       "   'amount', (upd.row).free_request->'amount', 'reason', $6::text) FROM upd)"
	       TRANSITION_WHY_TAIL("WHEN why.status IS NOT NULL THEN why.status"),
};

/* $5 approve, $6 reason. Only the approver named decides the ticket's
 * pending request. Approving counts one of the approver's approvals of the
 * ticket's region in the centre's month (the session's TimeZone) by a
 * guarded upsert, so two approvals never both take the last one; over the
 * amount each or the month's count and nothing is written. Statuses
 * 'no_request', 'not_approver', 'no_approver', 'over_amount', 'over_month';
 * detail "title|per month|per approval|amount|region|approver named". */
static struct db_statement stmt_decide = {
	.what = "decide a free-service request",
	.sql = "WITH cur AS (SELECT state, technician, region FROM tickets WHERE no = $1 FOR UPDATE),"
	       " allowed AS (SELECT 1 FROM cur WHERE state = ANY($4::text[])),"
	       " req AS (SELECT id, approver, amount FROM free_requests"
	       "  WHERE ticket_no = $1 AND state = 'pending' FOR UPDATE),"
	       " mine AS (SELECT * FROM req WHERE approver = $2),"
	       " limits AS (SELECT * FROM free_approval_limits($2)),"
	       " month AS (SELECT date_trunc('month', now())::date AS m),"
	       " slot AS (INSERT INTO free_approval_slots AS s (approver, region, month, used)"
	       "  SELECT $2, cur.region, month.m, 1 FROM mine, cur, limits, month"
	       "  WHERE $5::boolean AND EXISTS (SELECT 1 FROM allowed)"
	       "  AND (limits.per_approval IS NULL OR mine.amount <= limits.per_approval)"
	       "  AND coalesce(limits.per_month, 1) >= 1"
	       "  ON CONFLICT (approver, region, month) DO UPDATE SET used = s.used + 1"
	       "  WHERE s.used < coalesce((SELECT per_month FROM limits), 2147483647)"
	       "  RETURNING used),"
	       " dec AS (UPDATE free_requests r SET decided_at = now(), decision_reason = $6,"
	       "  state = CASE WHEN $5::boolean THEN 'approved' ELSE 'refused' END,"
	       "  month = CASE WHEN $5::boolean THEN (SELECT m FROM month) END"
	       "  FROM mine WHERE r.id = mine.id AND EXISTS (SELECT 1 FROM allowed)"
	       "  AND (NOT $5::boolean OR EXISTS (SELECT 1 FROM slot))"
	       "  RETURNING r.state, r.amount),"
	       " upd AS (UPDATE tickets t SET free_request = t.free_request || jsonb_build_object("
	       "   'state', dec.state, 'decided_at', iso_time(now()), 'decision_reason', $6::text),"
	       "  version = t.version + 1, updated_at = now() FROM dec WHERE t.no = $1"
	       "  RETURNING t AS row),"
	       " ev AS (INSERT INTO ticket_events (ticket_no, actor, kind, details)"
	       "  SELECT $1, $2, 'free_decision', jsonb_build_object('approved', $5::boolean,"
	       "   'amount', dec.amount, 'reason', $6::text, 'used', (SELECT used FROM slot))"
	       "  FROM dec, upd),"
	       " why AS (SELECT CASE WHEN NOT EXISTS (SELECT 1 FROM req) THEN 'no_request'"
	       "   WHEN NOT EXISTS (SELECT 1 FROM mine) THEN 'not_approver'"
	       "   WHEN NOT EXISTS (SELECT 1 FROM limits) THEN 'no_approver'"
	       "   WHEN (SELECT amount FROM mine) > (SELECT per_approval FROM limits)"
	       "   THEN 'over_amount' ELSE 'over_month' END AS status,"
	       "  coalesce((SELECT title FROM limits), '') || '|'"
	       "  || coalesce((SELECT per_month FROM limits), 0) || '|'"
	       "  || coalesce((SELECT per_approval FROM limits), 0) || '|'"
	       "  || coalesce((SELECT amount FROM mine), 0) || '|' || cur.region || '|'"
	       "  || coalesce((SELECT approver FROM req), '') AS detail FROM cur)"
	       TRANSITION_WHY_TAIL("WHEN why.status IS NOT NULL THEN why.status"),
};

/* $1 the approver, $2 true: the pending requests, oldest first; false: the
 * ones decided (or withdrawn, used) in the last 31 days, newest first. With
 * the approver's limits and this month's count per region. No customer's
 * data (the ticket's number, its unit's model): nothing to audit. */
static struct db_statement stmt_list = {
	.what = "list an approver's free-service requests",
	.sql = "SELECT json_build_object('requests', coalesce((SELECT json_agg(q.o ORDER BY q.k)"
	       "  FROM (SELECT json_build_object('id', r.id, 'ticket_no', r.ticket_no,"
	       "   'state', r.state, 'amount', r.amount, 'markup_percent', r.markup_percent,"
	       "   'reason', r.reason, 'region', r.region, 'requested_by', r.requested_by,"
	       "   'requested_name', u.name, 'requested_at', iso_time(r.requested_at),"
	       "   'decided_at', iso_time(r.decided_at), 'decision_reason', r.decision_reason,"
	       "   'model', un.model, 'ticket_state', t.state) AS o,"
	       "   row_number() OVER (ORDER BY CASE WHEN $2::boolean THEN r.id ELSE -r.id END) AS k"
	       "   FROM free_requests r JOIN tickets t ON t.no = r.ticket_no"
	       "   JOIN users u ON u.login = r.requested_by LEFT JOIN units un ON un.id = t.unit_id"
	       "   WHERE r.approver = $1 AND (r.state = 'pending') = $2::boolean"
	       "   AND ($2::boolean OR r.requested_at > now() - interval '31 days')"
	       "   ORDER BY k LIMIT 200) q), '[]'),"
	       " 'limits', (SELECT json_build_object('title', title, 'per_month', per_month,"
	       "   'per_approval', per_approval) FROM free_approval_limits($1)),"
	       " 'month', to_char(now(), 'YYYY-MM'),"
	       " 'used', (SELECT coalesce(json_object_agg(region, used), '{}') FROM free_approval_slots"
	       "   WHERE approver = $1 AND month = date_trunc('month', now())::date))",
};

/* $5 decision (refund, exchange), $6 reason. A repair ticket (type B, a
 * unit) entitled to it as ticket_guarantee_now says (the refund right for
 * a refund, the exchange right for an exchange), once per ticket; the
 * certificate keeps the unit, the customer and the unit's completed repairs
 * from every service point. Statuses 'issued', 'not_repair',
 * 'not_entitled'; detail "certificate no|the guarantee's reason". */
static struct db_statement stmt_guarantee = {
	.what = "decide a refund or an exchange",
	.sql = "WITH cur AS (SELECT t.state, t.technician, t.type, t.unit_id, t.customer_id,"
	       "  t.certificate, ticket_guarantee_now(t) AS g FROM tickets t WHERE no = $1 FOR UPDATE),"
	       " allowed AS (SELECT 1 FROM cur WHERE state = ANY($4::text[])),"
	       " why AS (SELECT CASE WHEN cur.certificate IS NOT NULL THEN 'issued'"
	       "   WHEN cur.unit_id IS NULL OR cur.type <> 'B' THEN 'not_repair'"
	       "   WHEN NOT coalesce((cur.g->>$5::text)::boolean, false) THEN 'not_entitled' END"
	       "  AS status, coalesce(cur.certificate->>'no', '') || '|'"
	       "  || coalesce(cur.g->>'reason', '') AS detail FROM cur),"
	       " ok AS (SELECT 1 FROM allowed, why WHERE why.status IS NULL),"
	       " cert AS (INSERT INTO guarantee_certificates (no, kind, ticket_no, unit_id, customer_id,"
	       "   reason, grounds, repairs, decided_by)"
	       "  SELECT certificate_number($5), $5, $1, cur.unit_id, cur.customer_id, $6,"
	       "   cur.g->>'reason', unit_repairs(cur.unit_id), $2 FROM cur"
	       "  WHERE EXISTS (SELECT 1 FROM ok) RETURNING *),"
	       " upd AS (UPDATE tickets t SET certificate = jsonb_build_object('no', cert.no,"
	       "   'kind', cert.kind, 'reason', cert.reason, 'grounds', cert.grounds,"
	       "   'repairs', cert.repairs, 'decided_by', cert.decided_by,"
	       "   'decided_at', iso_time(cert.decided_at)),"
	       "  version = t.version + 1, updated_at = now() FROM cert WHERE t.no = $1"
	       "  RETURNING t AS row),"
	       " ev AS (INSERT INTO ticket_events (ticket_no, actor, kind, details)"
	       "  SELECT $1, $2, 'guarantee', jsonb_build_object('decision', $5::text,"
	       "   'certificate', cert.no, 'reason', $6::text) FROM cert, upd)"
	       TRANSITION_WHY_TAIL("WHEN why.status IS NOT NULL THEN why.status"),
};

/* Fen as "123.45". */
static void
yuan(long long fen, char *buf, size_t len)
{
	snprintf(buf, len, "%lld.%02lld", fen / 100, fen % 100);
}

/* ---- approval.request */

static bool
request_refusal(struct request *req, const char *no, const char *status,
    const char *state, char *detail)
{
	char *f[4], limit[32], amount[32];

	(void)state;
	if (!transition_split_detail(detail, f, 4))
		return false;
	yuan(atoll(f[2]), limit, sizeof limit);
	yuan(atoll(f[3]), amount, sizeof amount);
	if (strcmp(status, "not_paid") == 0)
		request_failf(req, PROTO_CONFLICT, "no", "ticket %s is class %s: only a paid "
		    "(class A) repair has charges to waive", no, f[0]);
	else if (strcmp(status, "no_card") == 0)
		request_failf(req, PROTO_CONFLICT, "repair", "ticket %s has no repair card: "
		    "the charges to waive are the card's; record it first", no);
	else if (strcmp(status, "nothing") == 0)
		request_failf(req, PROTO_CONFLICT, "no", "ticket %s charges nothing: there is "
		    "nothing to waive and no approval is needed", no);
	else if (strcmp(status, "no_approver") == 0)
		request_failf(req, PROTO_INVALID_ARGUMENT, "approver", "approver may not approve "
		    "free service: a supervisor (dispatcher), a regional manager or the "
		    "after-sales manager may");
	else if (strcmp(status, "over_amount") == 0)
		request_failf(req, PROTO_FORBIDDEN, "approver", "a %s approves free service up "
		    "to %s yuan each; this one is %s yuan: ask the after-sales manager", f[1],
		    limit, amount);
	else
		return false;
	return true;
}

static void
request_exec(struct request *req)
{
	const char *no, *extra[3];
	char markup[8];
	int64_t percent = -1;
	struct proto_error err;

	if (!arg_text(req->args, "no", ARG_REQUIRED, TICKET_NO_MAX, &no, &err) ||
	    !arg_string(req->args, "approver", ARG_REQUIRED, LOGIN_MAX, &extra[0], &err) ||
	    !arg_text(req->args, "reason", ARG_REQUIRED, CHARGE_REASON_MAX, &extra[1], &err) ||
	    !arg_int(req->args, "markup_percent", ARG_OPTIONAL, 0, 16, &percent, &err)) {
		request_fail(req, &err);
		return;
	}
	if (!valid_login(extra[0])) {
		request_failf(req, PROTO_INVALID_ARGUMENT, "approver", "approver must be a login");
		return;
	}
	extra[2] = NULL;
	if (percent >= 0) {
		snprintf(markup, sizeof markup, "%d", (int)percent);
		extra[2] = markup;
	}
	transition_run(req, &stmt_request, no, 3, extra, request_refusal);
}

const struct op_entry op_approval_request = {
	.name = "approval.request", .roles = ROLE_BIT(ROLE_TECHNICIAN),
	.summary = "ask an approver to waive a class A ticket's charges: no, approver, "
	    "reason, markup_percent?",
	.exec = request_exec,
};

/* ---- approval.decide */

/* over_amount / over_month / not the approver: forbidden, saying why. */
static bool
decide_refusal(struct request *req, const char *no, const char *status,
    const char *state, char *detail)
{
	char *f[6], limit[32], amount[32];
	long long per_month;

	(void)state;
	if (!transition_split_detail(detail, f, 6))
		return false;
	per_month = atoll(f[1]);
	yuan(atoll(f[2]), limit, sizeof limit);
	yuan(atoll(f[3]), amount, sizeof amount);
	if (strcmp(status, "no_request") == 0)
		request_failf(req, PROTO_CONFLICT, "no", "ticket %s has no free-service "
		    "request waiting for a decision", no);
	else if (strcmp(status, "not_approver") == 0)
		request_failf(req, PROTO_FORBIDDEN, "no", "the free-service request of ticket "
		    "%s is for %s to decide", no, f[5]);
	else if (strcmp(status, "no_approver") == 0)
		request_failf(req, PROTO_FORBIDDEN, "approve", "you may not approve free "
		    "service: a supervisor (dispatcher), a regional manager or the after-sales "
		    "manager may");
	else if (strcmp(status, "over_amount") == 0)
		request_failf(req, PROTO_FORBIDDEN, "approve", "a %s approves free service up "
		    "to %s yuan each; this one is %s yuan: the after-sales manager may", f[0],
		    limit, amount);
	else if (strcmp(status, "over_month") == 0 && per_month == 1)
		request_failf(req, PROTO_FORBIDDEN, "approve", "a %s approves free service "
		    "1 time a month in each region, and this month's in region %s is "
		    "used: refuse it, or the after-sales manager may approve", f[0], f[4]);
	else if (strcmp(status, "over_month") == 0)
		request_failf(req, PROTO_FORBIDDEN, "approve", "a %s approves free service "
		    "%lld times a month in each region, and this month's in region %s are "
		    "used: refuse it, or the after-sales manager may approve", f[0], per_month,
		    f[4]);
	else
		return false;
	return true;
}

static void
decide_exec(struct request *req)
{
	const char *no, *extra[2];
	bool approve;
	struct proto_error err;

	if (!arg_text(req->args, "no", ARG_REQUIRED, TICKET_NO_MAX, &no, &err) ||
	    !arg_bool(req->args, "approve", ARG_REQUIRED, &approve, &err) ||
	    !arg_text(req->args, "reason", approve ? ARG_OPTIONAL : ARG_REQUIRED,
	        DECISION_MAX, &extra[1], &err)) {
		request_fail(req, &err);
		return;
	}
	extra[0] = approve ? "true" : "false";
	transition_run(req, &stmt_decide, no, 2, extra, decide_refusal);
}

const struct op_entry op_approval_decide = {
	.name = "approval.decide",
	.roles = ROLE_BIT(ROLE_DISPATCHER) | ROLE_BIT(ROLE_MANAGER),
	.summary = "the approver named approves or refuses a ticket's free-service "
	    "request: no, approve, reason? (required when refusing)",
	.exec = decide_exec,
};

/* ---- approval.list */

static void
on_list(void *arg, PGresult *res)
{
	request_reply_cell(arg, res, &stmt_list, NULL);
}

static void
list_exec(struct request *req)
{
	static const char *const queues[] = { "pending", "decided", NULL };
	int queue = 0;
	struct proto_error err;
	const char *params[2];

	if (!arg_enum(req->args, "queue", ARG_OPTIONAL, queues, &queue, &err)) {
		request_fail(req, &err);
		return;
	}
	params[0] = req->client->user;
	params[1] = queue == 0 ? "true" : "false";
	db_query(req->srv->db, &stmt_list, 2, params, on_list, req);
}

const struct op_entry op_approval_list = {
	.name = "approval.list",
	.roles = ROLE_BIT(ROLE_DISPATCHER) | ROLE_BIT(ROLE_MANAGER),
	.summary = "the free-service requests named to you: queue? (pending, decided) "
	    "-> requests[], limits, month, used {region: n}",
	.exec = list_exec,
};

/* ---- ticket.guarantee */

static bool
guarantee_refusal(struct request *req, const char *no, const char *status,
    const char *state, char *detail)
{
	char *f[2];
	/* Checked by guarantee_exec: refund or exchange. */
	const char *decision = cJSON_GetStringValue(cJSON_GetObjectItem(req->args, "decision"));

	(void)state;
	if (!transition_split_detail(detail, f, 2))
		return false;
	if (strcmp(status, "issued") == 0)
		request_failf(req, PROTO_CONFLICT, "no", "ticket %s already has certificate %s",
		    no, f[0]);
	else if (strcmp(status, "not_repair") == 0)
		request_failf(req, PROTO_CONFLICT, "no", "ticket %s is not a repair of a unit: "
		    "the three guarantees are for repair calls", no);
	else if (strcmp(status, "not_entitled") == 0 && strcmp(decision, "refund") == 0)
		request_failf(req, PROTO_FORBIDDEN, "decision", "ticket %s is not entitled to "
		    "refund: a refund is for 7 days after purchase", no);
	else if (strcmp(status, "not_entitled") == 0)
		request_failf(req, PROTO_FORBIDDEN, "decision", "ticket %s is not entitled to "
		    "exchange: an exchange is for 15 days after purchase, or after two repairs "
		    "in warranty that did not fix it", no);
	else
		return false;
	return true;
}

static void
guarantee_exec(struct request *req)
{
	static const char *const decisions[] = { "refund", "exchange", NULL };
	const char *no, *extra[2];
	int decision = -1;
	struct proto_error err;

	if (!arg_text(req->args, "no", ARG_REQUIRED, TICKET_NO_MAX, &no, &err) ||
	    !arg_enum(req->args, "decision", ARG_REQUIRED, decisions, &decision, &err) ||
	    !arg_text(req->args, "reason", ARG_REQUIRED, DECISION_MAX, &extra[1], &err)) {
		request_fail(req, &err);
		return;
	}
	extra[0] = decisions[decision];
	transition_run(req, &stmt_guarantee, no, 2, extra, guarantee_refusal);
}

const struct op_entry op_ticket_guarantee = {
	.name = "ticket.guarantee",
	.roles = ROLE_BIT(ROLE_DISPATCHER) | ROLE_BIT(ROLE_MANAGER),
	.summary = "decide a refund or an exchange the ticket is entitled to (三包); "
	    "issues a numbered certificate: no, decision (refund, exchange), reason",
	.exec = guarantee_exec,
};
