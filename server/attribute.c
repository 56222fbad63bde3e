/*
 * attribute.c: responsibility for a complaint and its penalties (责任归属,
 * doc/domain.md, Responsibility and penalties): complaint.attribute,
 * penalty.list and report.penalties (a month's deductions for payroll).
 *
 * complaint.attribute replaces the complaint's shares (complaint_shares)
 * in one statement: the complaint locked and in a state the op starts from
 * (common/complaint_states.c's table, passed as a text[]), every named
 * department and user checked, the old shares deleted, the new ones written
 * with their penalties, and an `attribute` event naming every person whose
 * penalties changed. The event's trigger (sql/functions/70_complaints.sql)
 * computes those people's monthly deductions again (penalty_month_cap_percent of the
 * monthly bonus at most, 50% as shipped, the rest carried), race-safe under
 * their user-row locks. The answer is the
 * complaint read again after that commit, so it shows the new shares.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/complaint_states.h"
#include "common/records.h"
#include "common/validate.h"
#include "server/complaint.h"
#include "server/db.h"
#include "server/ops.h"
#include "server/policy.h"

#define COMPLAINT_NO_MAX 16
#define SHARES_MAX 20
#define PENALTY_MAX_FEN 100000000LL   /* one million yuan: a typing error beyond */

/* Penalty kinds and the settings of their least amounts in fen (seed 000
 * 行政处罚准则: a warning 400 yuan, a minor demerit 800, as shipped); a
 * major demerit is the person's whole monthly bonus, whatever amount is
 * given. */
static const char *const penalty_kinds[] = { "warning", "minor_demerit", "major_demerit",
	NULL };
static const char *const penalty_min_setting[] = { "penalty_warning_min",
	"penalty_minor_min", NULL };

/* The least amount of a kind now (policy cache, server/policy.c). */
static int64_t
penalty_min_fen(const struct policy *p, int kind)
{
	return penalty_min_setting[kind] ? policy_setting(p, penalty_min_setting[kind]) : 0;
}

/* $2 the shares, $3 the user, $4 their address, $5 the states it starts
 * from. Answers ('ok'), ('bad', index, field) or ('state', NULL, state). */
static struct db_statement stmt_attribute = {
	.what = "attribute a complaint",
	.sql =
	"WITH c AS (SELECT no, state, state = ANY($5::text[]) AS allowed FROM complaints"
	"  WHERE no = $1 FOR UPDATE),"
	" s AS (SELECT (i - 1)::int AS idx, e->>'department' AS department, e->>'user' AS login,"
	"  (e->>'percent')::int AS percent, e->>'kind' AS kind, (e->>'amount')::bigint AS amount"
	"  FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS x(e, i)),"
	" bad AS (SELECT idx, CASE WHEN department IS NOT NULL THEN 'department' ELSE 'user' END"
	"  AS field FROM s"
	"  WHERE (department IS NOT NULL AND NOT EXISTS (SELECT 1 FROM departments d"
	"   WHERE d.code = s.department))"
	"   OR (login IS NOT NULL AND NOT EXISTS (SELECT 1 FROM users u WHERE u.login = s.login))"
	"  ORDER BY idx LIMIT 1),"
	" go AS (SELECT no, state FROM c WHERE allowed AND NOT EXISTS (SELECT 1 FROM bad)),"
	" old AS (SELECT sh.login, sh.penalty_kind, sh.seq FROM complaint_shares sh"
	"  JOIN go ON sh.complaint_no = go.no),"
	" del AS (DELETE FROM complaint_shares sh USING go WHERE sh.complaint_no = go.no),"
	" ins AS (INSERT INTO complaint_shares (complaint_no, seq, department, login, percent,"
	"   penalty_kind, penalty_fen)"
	/* The new shares number on after the old (seq is only their order): the
	 * old rows still hold their keys until the statement ends. */
	"  SELECT go.no, coalesce((SELECT max(seq) FROM old), 0) + s.idx + 1, s.department, s.login, s.percent, s.kind,"
	"   CASE WHEN s.kind = 'major_demerit' THEN u.monthly_bonus ELSE s.amount END"
	"  FROM go CROSS JOIN s LEFT JOIN users u ON u.login = s.login"
	"  RETURNING seq, department, login, percent, penalty_kind, penalty_fen),"
	" upd AS (UPDATE complaints k SET version = k.version + 1, updated_at = now() FROM go"
	"  WHERE k.no = go.no RETURNING k.no),"
	" ev AS (INSERT INTO complaint_events (complaint_no, actor, kind, from_state, to_state,"
	"   details)"
	"  SELECT go.no, $3, 'attribute', go.state, go.state, jsonb_build_object("
	"   'shares', (SELECT jsonb_agg(jsonb_build_object('department', department,"
	"    'user', login, 'percent', percent, 'penalty', penalty_kind, 'amount', penalty_fen)"
	"    ORDER BY seq) FROM ins),"
	"   'penalized', (SELECT coalesce(jsonb_agg(DISTINCT p.login), '[]') FROM"
	"    (SELECT login FROM old WHERE penalty_kind IS NOT NULL"
	"     UNION SELECT login FROM ins WHERE penalty_kind IS NOT NULL) p))"
	"  FROM go),"
	" audit AS (INSERT INTO audit_log (actor, address, action, object)"
	"  SELECT $3, $4, 'complaint.attribute', 'complaint:' || no FROM go)"
	"SELECT 'ok', NULL::int, NULL::text FROM go"
	" UNION ALL SELECT 'bad', bad.idx, bad.field FROM bad WHERE EXISTS (SELECT 1 FROM c"
	"  WHERE allowed)"
	" UNION ALL SELECT 'state', NULL, state FROM c WHERE NOT allowed",
};

static struct db_statement stmt_attributed = {
	.what = "attributed complaint",
	.sql = "SELECT complaint_json(c)::text FROM complaints c WHERE c.no = $1",
};

static bool
read_penalty(const struct policy *pol, const cJSON *share, cJSON *out,
    struct proto_error *err)
{
	const cJSON *p = cJSON_GetObjectItemCaseSensitive(share, "penalty");
	int kind = -1;
	int64_t amount;

	if (p == NULL || cJSON_IsNull(p))
		return true;
	if (!cJSON_IsObject(p))
		return proto_fail(err, PROTO_INVALID_ARGUMENT, "penalty",
		    "penalty must be an object {kind, amount?}");
	if (!arg_enum(p, "kind", ARG_REQUIRED, penalty_kinds, &kind, err))
		return proto_fail_nested(err, "penalty");
	amount = penalty_min_fen(pol, kind);
	if (!arg_int(p, "amount", ARG_OPTIONAL, 0, PENALTY_MAX_FEN, &amount, err))
		return proto_fail_nested(err, "penalty");
	if (amount < penalty_min_fen(pol, kind))
		return proto_fail(err, PROTO_INVALID_ARGUMENT, "penalty.amount",
		    "a %s is at least %lld fen", penalty_kinds[kind],
		    (long long)penalty_min_fen(pol, kind));
	if (cJSON_GetObjectItemCaseSensitive(share, "user") == NULL)
		return proto_fail(err, PROTO_INVALID_ARGUMENT, "penalty",
		    "a penalty is for a person: a department's share has none");
	cJSON_AddStringToObject(out, "kind", penalty_kinds[kind]);
	cJSON_AddNumberToObject(out, "amount", (double)amount);
	return true;
}

/* One share into out: {department|user, percent, kind?, amount?}. */
static bool
read_share(const struct policy *pol, const cJSON *share, int i, cJSON *out,
    struct proto_error *err)
{
	const char *department, *user;
	int64_t percent;

	if (!cJSON_IsObject(share))
		return proto_fail(err, PROTO_INVALID_ARGUMENT, "shares",
		    "shares[%d] must be an object {department or user, percent, penalty?}", i);
	if (!arg_text(share, "department", ARG_OPTIONAL, LOGIN_MAX, &department, err) ||
	    !arg_text(share, "user", ARG_OPTIONAL, LOGIN_MAX, &user, err) ||
	    !arg_int(share, "percent", ARG_REQUIRED, 1, 100, &percent, err) ||
	    !read_penalty(pol, share, out, err))
		return proto_fail_nested(err, "shares");
	if (department != NULL && user != NULL)
		return proto_fail(err, PROTO_INVALID_ARGUMENT, "shares",
		    "shares[%d] names both a department and a user: exactly one of them", i);
	if (department == NULL && user == NULL)
		return proto_fail(err, PROTO_INVALID_ARGUMENT, "shares",
		    "shares[%d] names neither a department nor a user: exactly one of them", i);
	cJSON_AddStringToObject(out, department ? "department" : "user",
	    department ? department : user);
	cJSON_AddNumberToObject(out, "percent", (double)percent);
	return true;
}

/* The name a share gives ("department:x" or "user:y") into buf. */
static const char *
share_name(const cJSON *share, char *buf, size_t size)
{
	const char *department = cJSON_GetStringValue(cJSON_GetObjectItem(share, "department"));

	snprintf(buf, size, "%s:%s", department ? "department" : "user", department ? department :
	    cJSON_GetStringValue(cJSON_GetObjectItem(share, "user")));
	return buf;
}

/* True when a department or a person has two shares (say which in err). */
static bool
named_twice(const cJSON *list, struct proto_error *err)
{
	int n = cJSON_GetArraySize(list);
	char a[80], b[80];

	for (int i = 0; i < n; i++)
		for (int j = i + 1; j < n; j++)
			if (strcmp(share_name(cJSON_GetArrayItem(list, i), a, sizeof a),
			    share_name(cJSON_GetArrayItem(list, j), b, sizeof b)) == 0) {
				proto_fail(err, PROTO_INVALID_ARGUMENT, "shares",
				    "shares[%d] and shares[%d] both name %s: give one share", i, j, a);
				return true;
			}
	return false;
}

/* The shares as the statement reads them (JSON text, caller frees). */
static char *
read_shares(const struct policy *pol, const cJSON *args, struct proto_error *err)
{
	const cJSON *shares = cJSON_GetObjectItemCaseSensitive(args, "shares"), *share;
	cJSON *list;
	char *json;
	int i = 0, total = 0;

	if (!cJSON_IsArray(shares) || cJSON_GetArraySize(shares) > SHARES_MAX) {
		proto_fail(err, PROTO_INVALID_ARGUMENT, "shares", "shares must be an array "
		    "of at most %d {department or user, percent, penalty?}", SHARES_MAX);
		return NULL;
	}
	list = cJSON_CreateArray();
	cJSON_ArrayForEach(share, shares) {
		cJSON *item = cJSON_CreateObject();
		cJSON_AddItemToArray(list, item);
		if (!read_share(pol, share, i, item, err)) {
			cJSON_Delete(list);
			return NULL;
		}
		total += (int)cJSON_GetNumberValue(cJSON_GetObjectItem(item, "percent"));
		i++;
	}
	if (total != 100 || named_twice(list, err)) {
		if (total != 100)
			proto_fail(err, PROTO_INVALID_ARGUMENT, "shares",
			    "the shares add up to %d%%, not 100%%", total);
		cJSON_Delete(list);
		return NULL;
	}
	json = cJSON_PrintUnformatted(list);
	cJSON_Delete(list);
	return json;
}

static void
on_attributed_read(void *arg, PGresult *res)
{
	struct request *req = arg;
	struct proto_error err;
	cJSON *complaint;

	if (!db_result_ok(res, &stmt_attributed, &err)) {
		request_fail(req, &err);
		return;
	}
	complaint = db_json(res, 0, 0);
	complaint_push(req->srv, cJSON_Duplicate(complaint, true));
	request_reply(req, complaint);
}

static void
on_attributed(void *arg, PGresult *res)
{
	struct request *req = arg;
	const char *no = cJSON_GetStringValue(cJSON_GetObjectItem(req->args, "no"));
	struct proto_error err;

	if (!db_result_ok(res, &stmt_attribute, &err)) {
		request_fail(req, &err);
		return;
	}
	if (PQntuples(res) == 0) {
		request_failf(req, PROTO_NOT_FOUND, "no", "no complaint %s", no);
		return;
	}
	if (strcmp(PQgetvalue(res, 0, 0), "state") == 0) {
		complaint_refuse_state(req, no, PQgetvalue(res, 0, 2));
		return;
	}
	if (strcmp(PQgetvalue(res, 0, 0), "bad") == 0) {
		char field[32];
		snprintf(field, sizeof field, "shares.%s", PQgetvalue(res, 0, 2));
		request_failf(req, PROTO_NOT_FOUND, field, "shares[%s]: no such %s",
		    PQgetvalue(res, 0, 1), PQgetvalue(res, 0, 2));
		return;
	}
	db_query(req->db, &stmt_attributed, 1, &no, on_attributed_read, req);
}

static void
complaint_attribute_exec(struct request *req)
{
	struct proto_error err;
	const char *no;
	char *shares, from[128];

	if (!arg_text(req->args, "no", ARG_REQUIRED, COMPLAINT_NO_MAX, &no, &err) ||
	    (shares = read_shares(req->srv->policy, req->args, &err)) == NULL) {
		request_fail(req, &err);
		return;
	}
	const char *params[5] = { no, shares, req->client->user, req->client->addr,
	    complaint_transition_from_array(req->op->name, from, sizeof from) };
	db_query(req->db, &stmt_attribute, 5, params, on_attributed, req);
	free(shares);
}

const struct op_entry op_complaint_attribute = {
	.name = "complaint.attribute", .roles = ROLE_BIT(ROLE_QUALITY),
	.summary = "responsibility shares adding up to 100: no, shares[] {department or user, "
	           "percent, penalty? {kind, amount?}}",
	.exec = complaint_attribute_exec,
};

/* The months (penalty_deductions) and the penalties charged in the period,
 * each with its complaint: an attributed share's (warning, minor_demerit,
 * major_demerit) or a stage finished late while the person headed its
 * department (late_stage, with its working days; sql/functions/70_complaints.sql,
 * person_penalties). */
static struct db_statement stmt_penalty_list = {
	.what = "penalty deductions by month",
	.sql = "SELECT jsonb_build_object('months', (SELECT coalesce(jsonb_agg(jsonb_build_object("
	       "  'month', to_char(d.month, 'YYYY-MM'), 'charged', d.charged, 'deducted', d.deducted,"
	       "  'carried', d.carried) ORDER BY d.month), '[]')"
	       "  FROM penalty_deductions d WHERE d.login = u.login"
	       "  AND ($2::date IS NULL OR d.month >= date_trunc('month', $2::date))"
	       "  AND ($3::date IS NULL OR d.month <= $3::date)),"
	       " 'penalties', (SELECT coalesce(jsonb_agg(jsonb_build_object('at', iso_time(p.at),"
	       "  'complaint_no', p.complaint_no, 'kind', p.kind, 'amount', p.amount,"
	       "  'late_days', p.late_days) ORDER BY p.at, p.complaint_no), '[]')"
	       "  FROM person_penalties(u.login) p"
	       "  WHERE ($2::date IS NULL OR p.at >= date_trunc('month', $2::date))"
	       "  AND ($3::date IS NULL OR p.at < $3::date + 1)))::text"
	       " FROM users u WHERE u.login = $1",
};

static void
on_penalties(void *arg, PGresult *res)
{
	struct request *req = arg;

	if (res != NULL && PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 0) {
		request_failf(req, PROTO_NOT_FOUND, "user", "no such user");
		return;
	}
	request_reply_cell(req, res, &stmt_penalty_list, NULL);
}

static void
penalty_list_exec(struct request *req)
{
	const char *params[3] = { 0 };
	struct proto_error err;

	if (!arg_text(req->args, "user", ARG_REQUIRED, 32, &params[0], &err) ||
	    !arg_date(req->args, "from", ARG_OPTIONAL, &params[1], &err) ||
	    !arg_date(req->args, "to", ARG_OPTIONAL, &params[2], &err)) {
		request_fail(req, &err);
		return;
	}
	db_query(req->db, &stmt_penalty_list, 3, params, on_penalties, req);
}

const struct op_entry op_penalty_list = {
	.name = "penalty.list", .roles = ROLE_BIT(ROLE_QUALITY) | ROLE_BIT(ROLE_MANAGER),
	.summary = "a person's penalty deductions by month (penalty_month_cap_percent of "
	           "the bonus at most, the rest carried) and the penalties charged: user, "
	           "from?, to? -> months[], penalties[]",
	.exec = penalty_list_exec,
};

/* The payroll's month (report.penalties, exported by report.export): one
 * row per person with a penalty_deductions row that month, that is with
 * something charged, deducted or carried in it, by login; money in fen,
 * and what payroll takes off the bonus also in yuan. */
static struct db_statement stmt_penalty_month = {
	.what = "penalty deductions of a month",
	.alone = true,      /* a report: never holds up a shared commit */
	.sql = "SELECT jsonb_build_object('month', to_char($1::date, 'YYYY-MM'),"
	       " 'rows', coalesce(jsonb_agg(jsonb_build_object('login', d.login, 'name', u.name,"
	       "  'department', u.department, 'charged_fen', d.charged,"
	       "  'deducted_fen', d.deducted, 'carried_fen', d.carried,"
	       "  'deducted_yuan', round(d.deducted / 100.0, 2)) ORDER BY d.login), '[]'),"
	       " 'totals', jsonb_build_object('charged_fen', coalesce(sum(d.charged), 0),"
	       "  'deducted_fen', coalesce(sum(d.deducted), 0),"
	       "  'carried_fen', coalesce(sum(d.carried), 0)))::text"
	       " FROM penalty_deductions d JOIN users u ON u.login = d.login"
	       " WHERE d.month = $1::date",
};

static void
on_penalty_month(void *arg, PGresult *res)
{
	request_reply_cell(arg, res, &stmt_penalty_month, NULL);
}

static void
report_penalties_exec(struct request *req)
{
	struct proto_error err;
	char first[16];
	const char *month, *param = first;

	if (!arg_month(req->args, "month", ARG_REQUIRED, &month, &err)) {
		request_fail(req, &err);
		return;
	}
	snprintf(first, sizeof first, "%s-01", month);
	db_query(req->db, &stmt_penalty_month, 1, &param, on_penalty_month, req);
}

const struct op_entry op_report_penalties = {
	.name = "report.penalties", .roles = ROLE_BIT(ROLE_QUALITY) | ROLE_BIT(ROLE_MANAGER),
	.summary = "the month's penalty deductions for payroll, one row per person: month "
	           "(YYYY-MM) -> month, rows[], totals",
	.flags = OP_REPORT,
	.exec = report_penalties_exec,
};
