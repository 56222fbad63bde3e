/*
 * contract.c: maintenance contracts (保养合同, doc/domain.md, Maintenance
 * contracts; svcdesk-protocol(7)): contract.save (a new contract, a change,
 * a renewal: `renews` names the contract it follows) and contract.list
 * (the queues active, expiring, expired and renewal), contract.visits (the
 * preventive maintenance visits due around this week). The record, its
 * state and visit schedule are SQL (sql/functions/66_contracts.sql); the
 * sweeper books the visits and queues the expiry notices (sweeper.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/settings.h"
#include "common/validate.h"
#include "server/db.h"
#include "server/ops.h"

#define CONTRACT_YEARS_MAX 10          /* a longer term is a typing mistake */
#define CONTRACT_PRICE_MAX 100000000   /* fen: a million yuan */
#define CONTRACT_LIST_MAX "200"
#define ID_MAX 9007199254740991LL    /* JSON numbers are exact up to 2^53 - 1 */

enum { P_ID, P_UNIT, P_STARTS, P_ENDS, P_VISITS, P_PRICE, P_RENEWS, P_VERSION,
	P_USER, P_ADDRESS, P_COUNT };

/*
 * One statement decides and saves (the unit row locked; when two saves
 * race, the trigger contracts_no_overlap refuses the later one's overlap,
 * sql/functions/66_contracts.sql). Answers one
 * row (status, the overlapping contract's id, the contract json): status
 * ok, no_unit, no_contract, cancelled, stale, no_renews, renews_unit,
 * renews_starts (a renewal starts after the contract it renews ends),
 * renewed (that one has a renewal already), overlap.
 */
static struct db_statement stmt_contract_save = {
	.what = "save a contract",
	.sql = "WITH u AS (SELECT id FROM units WHERE id = $2::bigint FOR UPDATE),"
	       " old AS (SELECT * FROM contracts WHERE id = $1::bigint FOR UPDATE),"
	       " ren AS (SELECT * FROM contracts WHERE id = $7::bigint),"
	       " clash AS (SELECT k.id FROM contracts k JOIN u ON k.unit_id = u.id"
	       "  WHERE k.cancelled_at IS NULL AND k.id IS DISTINCT FROM $1::bigint"
	       "  AND k.starts <= $4::date AND k.ends >= $3::date ORDER BY k.starts LIMIT 1),"
	       " verdict AS (SELECT CASE"
	       "  WHEN NOT EXISTS (SELECT 1 FROM u) THEN 'no_unit'"
	       "  WHEN $1::bigint IS NOT NULL AND NOT EXISTS (SELECT 1 FROM old) THEN 'no_contract'"
	       "  WHEN (SELECT cancelled_at FROM old) IS NOT NULL THEN 'cancelled'"
	       "  WHEN $8::int IS NOT NULL AND (SELECT version FROM old) <> $8::int THEN 'stale'"
	       "  WHEN $7::bigint IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ren"
	       "   WHERE cancelled_at IS NULL) THEN 'no_renews'"
	       "  WHEN (SELECT unit_id FROM ren) <> $2::bigint THEN 'renews_unit'"
	       "  WHEN (SELECT ends FROM ren) >= $3::date THEN 'renews_starts'"
	       "  WHEN EXISTS (SELECT 1 FROM contracts r WHERE r.renews = $7::bigint"
	       "   AND r.id IS DISTINCT FROM $1::bigint) THEN 'renewed'"
	       "  WHEN EXISTS (SELECT 1 FROM clash) THEN 'overlap'"
	       "  ELSE 'ok' END AS status, (SELECT id FROM clash) AS clash_id),"
	       " ins AS (INSERT INTO contracts (unit_id, starts, ends, visits_per_year, price,"
	       "   renews, created_by)"
	       "  SELECT $2::bigint, $3::date, $4::date, coalesce($5::int,"
	       "   setting_int('contract_visits_per_year')::int), $6::bigint, $7::bigint, $9"
	       "  FROM verdict WHERE status = 'ok' AND $1::bigint IS NULL"
	       "  RETURNING contracts AS row),"
	       " upd AS (UPDATE contracts k SET unit_id = $2::bigint, starts = $3::date,"
	       "  ends = $4::date, visits_per_year = coalesce($5::int, k.visits_per_year),"
	       "  price = coalesce($6::bigint, k.price), renews = coalesce($7::bigint, k.renews),"
	       "  version = k.version + 1, updated_at = now()"
	       "  FROM verdict WHERE k.id = $1::bigint AND status = 'ok' RETURNING k AS row),"
	       " saved AS (SELECT row FROM ins UNION ALL SELECT row FROM upd),"
	       " audit AS (INSERT INTO audit_log (actor, address, action, object, details)"
	       "  SELECT $9, $10, 'contract.save', 'contract:' || (row).id, jsonb_build_object("
	       "   'before', (SELECT to_jsonb(old) FROM old), 'after', to_jsonb(row),"
	       "   'unit_id', $2::bigint) FROM saved)"
	       "SELECT status, clash_id, (SELECT contract_json(row)::text FROM saved)"
	       " FROM verdict",
};

static void
on_contract_saved(void *arg, PGresult *res)
{
	struct request *req = arg;
	struct proto_error err;
	const char *status, *state;

	if (!db_result_ok(res, &stmt_contract_save, &err)) {
		/* the trigger's refusal when another save got in first */
		state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
		if (state && strcmp(state, "23P01") == 0)
			proto_fail(&err, PROTO_INVALID_ARGUMENT, "starts",
			    "the unit has another contract for some of those days");
		request_fail(req, &err);
		return;
	}
	status = PQgetvalue(res, 0, 0);
	if (strcmp(status, "ok") == 0)
		request_reply(req, db_json(res, 0, 2));
	else if (strcmp(status, "no_unit") == 0)
		request_failf(req, PROTO_NOT_FOUND, "unit_id", "no such unit");
	else if (strcmp(status, "no_contract") == 0)
		request_failf(req, PROTO_NOT_FOUND, "id", "no such contract");
	else if (strcmp(status, "cancelled") == 0)
		request_failf(req, PROTO_CONFLICT, "id", "the contract is cancelled");
	else if (strcmp(status, "stale") == 0)
		request_failf(req, PROTO_CONFLICT, "version",
		    "the contract was changed by someone else; reload it");
	else if (strcmp(status, "no_renews") == 0)
		request_failf(req, PROTO_NOT_FOUND, "renews", "no such contract to renew");
	else if (strcmp(status, "renews_unit") == 0)
		request_failf(req, PROTO_INVALID_ARGUMENT, "renews",
		    "a renewal is for the unit of the contract it renews");
	else if (strcmp(status, "renews_starts") == 0)
		request_failf(req, PROTO_INVALID_ARGUMENT, "starts",
		    "a renewal starts after the contract it renews ends");
	else if (strcmp(status, "renewed") == 0)
		request_failf(req, PROTO_CONFLICT, "renews", "that contract is renewed already");
	else
		request_failf(req, PROTO_INVALID_ARGUMENT, "starts",
		    "the unit has contract %s for some of those days", PQgetvalue(res, 0, 1));
}

/* The dates: real days, ends not before starts, at most CONTRACT_YEARS_MAX
 * years apart (ISO dates compare as text). */
static bool
read_contract_dates(const cJSON *args, const char **starts, const char **ends,
    struct proto_error *err)
{
	char limit[32];

	if (!arg_date(args, "starts", ARG_REQUIRED, starts, err) ||
	    !arg_date(args, "ends", ARG_REQUIRED, ends, err))
		return false;
	if (strcmp(*ends, *starts) < 0)
		return proto_fail(err, PROTO_INVALID_ARGUMENT, "ends",
		    "a contract ends on or after the day it starts");
	snprintf(limit, sizeof limit, "%04d%s", atoi(*starts) + CONTRACT_YEARS_MAX, *starts + 4);
	if (strcmp(*ends, limit) >= 0)
		return proto_fail(err, PROTO_INVALID_ARGUMENT, "ends",
		    "a contract runs at most 10 years");
	return true;
}

static void
contract_save_exec(struct request *req)
{
	const struct setting_def *visits = setting_find("contract_visits_per_year");
	int64_t id = -1, unit, per_year = -1, price = -1, renews = -1, version = -1;
	char text[6][24];
	const char *params[P_COUNT] = { NULL };
	struct proto_error err;

	if (!arg_int(req->args, "id", ARG_OPTIONAL, 1, ID_MAX, &id, &err) ||
	    !arg_int(req->args, "version", ARG_OPTIONAL, 1, 2147483647, &version, &err) ||
	    !arg_int(req->args, "unit_id", ARG_REQUIRED, 1, ID_MAX, &unit, &err) ||
	    !read_contract_dates(req->args, &params[P_STARTS], &params[P_ENDS], &err) ||
	    !arg_int(req->args, "visits_per_year", ARG_OPTIONAL, visits->min, visits->max,
	        &per_year, &err) ||
	    !arg_int(req->args, "price", ARG_OPTIONAL, 0, CONTRACT_PRICE_MAX, &price, &err) ||
	    !arg_int(req->args, "renews", ARG_OPTIONAL, 1, ID_MAX, &renews, &err)) {
		request_fail(req, &err);
		return;
	}
	int64_t values[6] = { id, unit, per_year, price, renews, version };
	int slots[6] = { P_ID, P_UNIT, P_VISITS, P_PRICE, P_RENEWS, P_VERSION };
	for (int i = 0; i < 6; i++)
		if (values[i] >= 0) {
			snprintf(text[i], sizeof text[i], "%lld", (long long)values[i]);
			params[slots[i]] = text[i];
		}
	params[P_USER] = req->client->user;
	params[P_ADDRESS] = req->client->addr;
	db_query(req->srv->db, &stmt_contract_save, P_COUNT, params, on_contract_saved, req);
}

const struct op_entry op_contract_save = {
	.name = "contract.save",
	.roles = ROLE_BIT(ROLE_OPERATOR) | ROLE_BIT(ROLE_ADMIN),
	.summary = "create, change or renew a unit's maintenance contract: id?, version?, "
	           "unit_id, starts, ends, visits_per_year?, price? (fen), renews? "
	           "(audited)",
	.exec = contract_save_exec,
};

/* ---- contract.list: a queue of contracts, with customers' names, so the
 * read is audited. active: running today; expiring: running and ending
 * within contract_notice_days; expired: ended, latest first; renewal (the
 * operators' renewal queue): expiring, or ended within the notice days,
 * and not renewed. Cancelled contracts are in none. */
static const char *const contract_queues[] = { "active", "expiring", "expired",
	"renewal", NULL };

static struct db_statement stmt_contract_list = {
	.what = "list contracts",
	.sql = "WITH notice AS (SELECT setting_int('contract_notice_days')::int AS days),"
	       " k AS (SELECT c FROM contracts c, notice WHERE c.cancelled_at IS NULL AND CASE $1"
	       "  WHEN 'active' THEN c.starts <= current_date AND c.ends >= current_date"
	       "  WHEN 'expiring' THEN c.starts <= current_date AND c.ends >= current_date"
	       "   AND c.ends <= current_date + notice.days"
	       "  WHEN 'expired' THEN c.ends < current_date"
	       "  ELSE c.starts <= current_date AND c.ends <= current_date + notice.days"
	       "   AND c.ends >= current_date - notice.days"
	       "   AND NOT EXISTS (SELECT 1 FROM contracts r WHERE r.renews = c.id"
	       "    AND r.cancelled_at IS NULL) END"
	       "  ORDER BY CASE WHEN $1 = 'expired' THEN current_date - c.ends"
	       "   ELSE c.ends - current_date END, c.id LIMIT " CONTRACT_LIST_MAX "),"
	       " audit AS (INSERT INTO audit_log (actor, address, action, details)"
	       "  SELECT $2, $3, 'contract.list', jsonb_build_object('queue', $1::text,"
	       "   'count', (SELECT count(*) FROM k)))"
	       "SELECT coalesce(jsonb_agg(contract_json(k.c) ORDER BY CASE WHEN $1 = 'expired'"
	       " THEN current_date - (k.c).ends ELSE (k.c).ends - current_date END, (k.c).id),"
	       " '[]')::text FROM k",
};

static void
on_contract_list(void *arg, PGresult *res)
{
	request_reply_cell(arg, res, &stmt_contract_list, "contracts");
}

static void
contract_list_exec(struct request *req)
{
	const char *params[3] = { NULL, req->client->user, req->client->addr };
	struct proto_error err;
	int queue;

	if (!arg_enum(req->args, "queue", ARG_REQUIRED, contract_queues, &queue, &err)) {
		request_fail(req, &err);
		return;
	}
	params[0] = contract_queues[queue];
	db_query(req->srv->db, &stmt_contract_list, 3, params, on_contract_list, req);
}

const struct op_entry op_contract_list = {
	.name = "contract.list",
	.roles = ROLE_BIT(ROLE_OPERATOR) | ROLE_BIT(ROLE_DISPATCHER) | ROLE_BIT(ROLE_MANAGER),
	.summary = "a queue of maintenance contracts: queue (active, expiring, expired, "
	           "renewal) -> contracts[] (at most 200; audited)",
	.exec = contract_list_exec,
};

/* ---- contract.visits: the dispatcher's maintenance due this week. Every
 * visit of a contract not cancelled falling due from a week ago to `days`
 * days ahead (7 unless given), booked (its type Y ticket, state and
 * technician) or not yet, soonest first; customers' names, so audited. */
#define VISIT_DAYS_MAX 31

static struct db_statement stmt_contract_visits = {
	.what = "list maintenance visits",
	.sql = "WITH v AS (SELECT c.id, d.seq, d.due, contract_visit_count(c) AS visits,"
	       "  cv.ticket_no, t.state, t.technician, cu.id AS customer_id, cu.name,"
	       "  cu.region, u.model, u.serial"
	       "  FROM contracts c JOIN units u ON u.id = c.unit_id"
	       "  JOIN customers cu ON cu.id = u.customer_id"
	       "  CROSS JOIN LATERAL contract_visit_days(c) d"
	       "  LEFT JOIN contract_visits cv ON cv.contract_id = c.id AND cv.seq = d.seq"
	       "  LEFT JOIN tickets t ON t.no = cv.ticket_no"
	       "  WHERE c.cancelled_at IS NULL AND c.ends >= current_date - 7"
	       "  AND c.starts <= current_date + $1::int"
	       "  AND d.due BETWEEN current_date - 7 AND current_date + $1::int - 1),"
	       " audit AS (INSERT INTO audit_log (actor, address, action, details)"
	       "  SELECT $2, $3, 'contract.visits', jsonb_build_object('days', $1::int,"
	       "   'count', (SELECT count(*) FROM v)))"
	       "SELECT coalesce(jsonb_agg(jsonb_build_object('contract_id', id, 'seq', seq,"
	       " 'due', due, 'visits', visits, 'ticket_no', ticket_no, 'state', state,"
	       " 'technician', technician, 'customer', jsonb_build_object('id', customer_id,"
	       " 'name', name), 'region', region, 'model', model, 'serial', serial)"
	       " ORDER BY due, id, seq), '[]')::text FROM v",
};

static void
on_contract_visits(void *arg, PGresult *res)
{
	request_reply_cell(arg, res, &stmt_contract_visits, "visits");
}

static void
contract_visits_exec(struct request *req)
{
	int64_t days = 7;
	char text[8];
	const char *params[3] = { text, req->client->user, req->client->addr };
	struct proto_error err;

	if (!arg_int(req->args, "days", ARG_OPTIONAL, 1, VISIT_DAYS_MAX, &days, &err)) {
		request_fail(req, &err);
		return;
	}
	snprintf(text, sizeof text, "%d", (int)days);
	db_query(req->srv->db, &stmt_contract_visits, 3, params, on_contract_visits, req);
}

const struct op_entry op_contract_visits = {
	.name = "contract.visits",
	.roles = ROLE_BIT(ROLE_OPERATOR) | ROLE_BIT(ROLE_DISPATCHER) | ROLE_BIT(ROLE_MANAGER),
	.summary = "preventive maintenance visits due from a week ago to days? (7, <=31) "
	           "ahead, booked or not -> visits[] (audited)",
	.exec = contract_visits_exec,
};
