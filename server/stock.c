/*
 * stock.c: parts in stock per service point and the stock ledger
 * (doc/domain.md, Parts and stock): stock.receive, stock.correct,
 * stock.list, stock.ledger. Every movement is a row of stock_ledger, and
 * the ledger's trigger (sql/functions/55_stock.sql) applies it to
 * part_stock under the stock row's lock: these ops, and ticket.repair
 * (repair.c) for the parts a repair issues, insert a ledger row and never
 * write part_stock themselves, so a movement without its row cannot be.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/parts.h"
#include "common/validate.h"
#include "server/db.h"
#include "server/ops.h"

/* ---- stock.receive and stock.correct: one movement, its ledger row and
 * its audit row. $1 point, $2 part, $3 qty (receive: how many came;
 * correct: how many were counted), $4 user, $5 address, $6 note or reason.
 * Answers (json, point exists, part exists). */
#define STOCK_MOVE_SQL(kind, qty_column) \
	"WITH p AS (SELECT part_no FROM parts WHERE part_no = $2)," \
	" sp AS (SELECT id FROM service_points WHERE id = $1::bigint)," \
	" mv AS (INSERT INTO stock_ledger AS l (service_point_id, part_no, kind, " qty_column "," \
	"   actor, reason) SELECT sp.id, p.part_no, '" kind "', $3::int, $4, coalesce($6::text, '')" \
	"  FROM sp, p RETURNING l)," \
	" audit AS (INSERT INTO audit_log (actor, address, action, object, details)" \
	"  SELECT $4, $5, 'stock." kind "', 'stock:' || (mv.l).service_point_id || ':' ||" \
	"   (mv.l).part_no, stock_move_json(mv.l) FROM mv)" \
	"SELECT (SELECT json_build_object('part_no', (l).part_no, 'service_point_id'," \
	"  (l).service_point_id, 'stock', (l).balance, 'delta', (l).delta," \
	"  'move', stock_move_json(l)) FROM mv)::text," \
	" EXISTS (SELECT 1 FROM sp), EXISTS (SELECT 1 FROM p)"

static struct db_statement stmt_stock_receive = {
	.what = "receive stock",
	.sql = STOCK_MOVE_SQL("receive", "delta"),
};

static struct db_statement stmt_stock_correct = {
	.what = "correct stock",
	.sql = STOCK_MOVE_SQL("correct", "balance"),
};

static void
on_stock_move(void *arg, PGresult *res)
{
	struct request *req = arg;
	struct db_statement *stmt = req->state;
	struct proto_error err;

	req->state = NULL;
	if (!db_result_ok(res, stmt, &err))
		request_fail(req, &err);
	else if (strcmp(PQgetvalue(res, 0, 1), "t") != 0)
		request_failf(req, PROTO_NOT_FOUND, "service_point_id", "no such service point");
	else if (strcmp(PQgetvalue(res, 0, 2), "t") != 0)
		request_failf(req, PROTO_NOT_FOUND, "part_no", "no such part in the catalogue");
	else
		request_reply(req, db_raw(res, 0, 0));
}

/* qty_name: "qty" (1..) or "counted" (0..); why: "note" (optional) or
 * "reason" (required). */
static void
stock_move_exec(struct request *req, struct db_statement *stmt, const char *qty_name,
    int64_t qty_min, const char *why_name, enum arg_need why_need)
{
	const char *part_no, *why = NULL;
	int64_t point, qty;
	char point_text[24], qty_text[16];
	struct proto_error err;

	if (!arg_int(req->args, "service_point_id", ARG_REQUIRED, 1, INT64_MAX, &point, &err) ||
	    !arg_text(req->args, "part_no", ARG_REQUIRED, PART_NO_MAX, &part_no, &err) ||
	    !arg_int(req->args, qty_name, ARG_REQUIRED, qty_min, STOCK_QTY_MAX, &qty, &err) ||
	    !(why_need == ARG_REQUIRED ?
	        arg_text(req->args, why_name, why_need, STOCK_REASON_MAX, &why, &err) :
	        arg_string(req->args, why_name, why_need, STOCK_REASON_MAX, &why, &err))) {
		request_fail(req, &err);
		return;
	}
	snprintf(point_text, sizeof point_text, "%lld", (long long)point);
	snprintf(qty_text, sizeof qty_text, "%d", (int)qty);
	const char *params[6] = { point_text, part_no, qty_text, req->client->user,
	    req->client->addr, why };
	req->state = stmt;
	db_query(req->srv->db, stmt, 6, params, on_stock_move, req);
}

static void
stock_receive_exec(struct request *req)
{
	stock_move_exec(req, &stmt_stock_receive, "qty", 1, "note", ARG_OPTIONAL);
}

const struct op_entry op_stock_receive = {
	.name = "stock.receive",
	.roles = ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_DISPATCHER),
	.summary = "parts arrive at a service point: service_point_id, part_no, "
	    "qty (>0), note? -> stock, delta, move",
	.exec = stock_receive_exec,
};

static void
stock_correct_exec(struct request *req)
{
	stock_move_exec(req, &stmt_stock_correct, "counted", 0, "reason", ARG_REQUIRED);
}

const struct op_entry op_stock_correct = {
	.name = "stock.correct", .roles = ROLE_BIT(ROLE_ADMIN),
	.summary = "a point's stock of a part as counted: service_point_id, part_no, "
	    "counted (>=0), reason -> stock, delta, move",
	.exec = stock_correct_exec,
};

/* ---- stock.list and stock.ledger: pages of one service point. For a
 * technician ($3) the point is their own: none named means it, another is
 * refused. $1 user, $2 point. When there is no such point (or it is not
 * the technician's), the page is one row (NULL, 'no_point' | 'not_yours'). */
#define POINT_CTE \
	"WITH me AS (SELECT service_point_id AS own FROM users WHERE login = $1)," \
	" pt AS (SELECT sp.id FROM service_points sp" \
	"  WHERE sp.id = coalesce($2::bigint, (SELECT own FROM me))" \
	"  AND (NOT $3::boolean OR sp.id = (SELECT own FROM me)))"
#define POINT_REFUSAL(more) \
	" UNION ALL SELECT NULL, CASE WHEN $3::boolean AND $2::bigint IS NOT NULL" \
	"  AND EXISTS (SELECT 1 FROM service_points WHERE id = $2::bigint)" \
	"  THEN 'not_yours' ELSE 'no_point' END" more " WHERE NOT EXISTS (SELECT 1 FROM pt)"

/* Every catalogue part with its quantity at the point (0 when it has none),
 * by part number. $4 q, $5 after (a part number), $6 limit + 1. */
static struct db_statement stmt_stock_page = {
	.what = "stock of a point",
	.sql = POINT_CTE ","
	       " pat AS (SELECT replace(replace(replace($4::text, '\\', '\\\\'), '%', '\\%'),"
	       "   '_', '\\_') AS q),"
	       " page AS (SELECT p.part_no, p.name, p.price, coalesce(s.qty, 0) AS qty, s.updated_at"
	       "  FROM pt CROSS JOIN pat CROSS JOIN parts p LEFT JOIN part_stock s"
	       "   ON s.service_point_id = pt.id AND s.part_no = p.part_no"
	       "  WHERE ($5::text IS NULL OR p.part_no > $5::text) AND (pat.q IS NULL"
	       "   OR p.part_no ILIKE pat.q || '%' OR p.name LIKE '%' || pat.q || '%')"
	       "  ORDER BY p.part_no LIMIT $6::int)"
	       "SELECT json_build_object('part_no', part_no, 'name', name, 'price', price,"
	       "  'qty', qty, 'updated_at', iso_time(updated_at))::text, part_no FROM page"
	       POINT_REFUSAL("") " ORDER BY 2",
};

/* Every point with how many kinds of part it holds and how many in all. */
static struct db_statement stmt_stock_points = {
	.what = "stock per point",
	.sql = "SELECT json_build_object('points', coalesce(json_agg(json_build_object("
	       "  'id', sp.id, 'name', sp.name, 'region', sp.region, 'own', sp.own,"
	       "  'parts', coalesce(s.parts, 0), 'units', coalesce(s.units, 0)) ORDER BY sp.id),"
	       "  '[]'))::text"
	       " FROM service_points sp LEFT JOIN (SELECT service_point_id, count(*) FILTER"
	       "  (WHERE qty > 0) AS parts, sum(qty) AS units FROM part_stock"
	       "  GROUP BY service_point_id) s ON s.service_point_id = sp.id",
};

/* A point's movements, newest first, of one part when $4 names it.
 * $5 after (an id), $6 limit + 1. */
static struct db_statement stmt_ledger_point = {
	.what = "stock ledger of a point",
	.sql = POINT_CTE ","
	       " page AS (SELECT l.id, stock_move_json(l)::text AS j FROM pt, stock_ledger l"
	       "  WHERE l.service_point_id = pt.id AND ($4::text IS NULL OR l.part_no = $4::text)"
	       "  AND ($5::bigint IS NULL OR l.id < $5::bigint) ORDER BY l.id DESC LIMIT $6::int)"
	       "SELECT j, id::text, id FROM page"
	       POINT_REFUSAL(", NULL::bigint") " ORDER BY 3 DESC NULLS LAST",
};

/* A part's movements at every point, newest first. $1 part, $2 after,
 * $3 limit + 1. */
static struct db_statement stmt_ledger_part = {
	.what = "stock ledger of a part",
	.sql = "SELECT stock_move_json(l)::text, l.id::text FROM stock_ledger l"
	       " WHERE l.part_no = $1 AND ($2::bigint IS NULL OR l.id < $2::bigint)"
	       " ORDER BY l.id DESC LIMIT $3::int",
};

struct stock_page {
	struct db_statement *stmt;
	const char *key;
	int limit;
};

static void
on_stock_page(void *arg, PGresult *res)
{
	struct request *req = arg;
	struct stock_page page = *(struct stock_page *)req->state;
	struct proto_error err;

	free(req->state);
	req->state = NULL;
	if (!db_result_ok(res, page.stmt, &err)) {
		request_fail(req, &err);
		return;
	}
	if (PQntuples(res) == 1 && PQgetisnull(res, 0, 0)) {
		if (strcmp(PQgetvalue(res, 0, 1), "not_yours") == 0)
			request_failf(req, PROTO_FORBIDDEN, "service_point_id",
			    "a technician sees the stock of their own service point only");
		else
			request_failf(req, PROTO_NOT_FOUND, "service_point_id",
			    "no such service point");
		return;
	}
	request_reply_page(req, res, page.key, page.limit);
}

static bool
start_page(struct request *req, struct db_statement *stmt, const char *key, int limit)
{
	struct stock_page *page = malloc(sizeof *page);

	if (page == NULL) {
		request_failf(req, PROTO_INTERNAL, NULL, "out of memory");
		return false;
	}
	*page = (struct stock_page){ stmt, key, limit };
	req->state = page;
	return true;
}

static void
on_stock_points(void *arg, PGresult *res)
{
	request_reply_cell(arg, res, &stmt_stock_points, NULL);
}

/* What the pages of a point read: the point (0: none named), a text filter
 * (stock.list's q, stock.ledger's part_no), the cursor and the page size
 * (its default set by the caller). */
struct point_args {
	int64_t point, limit;
	const char *filter, *after;
	char point_text[24], limit_text[16];
};

static bool
read_point_args(struct request *req, const char *filter, size_t filter_max, size_t after_max,
    int64_t limit_max, struct point_args *pa)
{
	struct proto_error err;

	if (!arg_int(req->args, "service_point_id", ARG_OPTIONAL, 1, INT64_MAX, &pa->point, &err) ||
	    !arg_string(req->args, filter, ARG_OPTIONAL, filter_max, &pa->filter, &err) ||
	    !arg_string(req->args, "after", ARG_OPTIONAL, after_max, &pa->after, &err) ||
	    !arg_int(req->args, "limit", ARG_OPTIONAL, 1, limit_max, &pa->limit, &err)) {
		request_fail(req, &err);
		return false;
	}
	if (pa->filter != NULL && pa->filter[0] == '\0')
		pa->filter = NULL;
	snprintf(pa->point_text, sizeof pa->point_text, "%lld", (long long)pa->point);
	snprintf(pa->limit_text, sizeof pa->limit_text, "%d", (int)pa->limit + 1);
	return true;
}

static bool
is_technician(const struct request *req)
{
	return req->client->role == ROLE_TECHNICIAN;
}

/* A page of POINT_CTE's statements: $1 user, $2 point, $3 technician,
 * $4 filter, $5 after, $6 limit + 1. */
static void
query_point_page(struct request *req, struct db_statement *stmt, const char *key,
    const struct point_args *pa)
{
	const char *params[6] = { req->client->user, pa->point > 0 ? pa->point_text : NULL,
	    is_technician(req) ? "true" : "false", pa->filter, pa->after, pa->limit_text };

	if (start_page(req, stmt, key, (int)pa->limit))
		db_query(req->srv->db, stmt, 6, params, on_stock_page, req);
}

static void
stock_list_exec(struct request *req)
{
	struct point_args pa = { .limit = 100 };

	if (!read_point_args(req, "q", PART_NAME_MAX, PART_NO_MAX, 500, &pa))
		return;
	if (pa.point == 0 && !is_technician(req))
		db_query(req->srv->db, &stmt_stock_points, 0, NULL, on_stock_points, req);
	else
		query_point_page(req, &stmt_stock_page, "stock", &pa);
}

const struct op_entry op_stock_list = {
	.name = "stock.list",
	.roles = ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_DISPATCHER) | ROLE_BIT(ROLE_MANAGER) |
	    ROLE_BIT(ROLE_TECHNICIAN),
	.summary = "without service_point_id: points[] ({id, name, region, own, parts,"
	    " units}); with it (a technician: their own): q?, after?, limit? (<=500) ->"
	    " stock[] ({part_no, name, price, qty, updated_at}), next",
	.exec = stock_list_exec,
};

static void
stock_ledger_exec(struct request *req)
{
	struct point_args pa = { .limit = 50 };

	if (!read_point_args(req, "part_no", PART_NO_MAX, 18, 200, &pa))
		return;
	if (pa.after != NULL && (pa.after[0] == '\0' ||
	    strspn(pa.after, "0123456789") != strlen(pa.after))) {
		request_failf(req, PROTO_INVALID_ARGUMENT, "after",
		    "after is not a cursor returned by stock.ledger");
		return;
	}
	if (pa.point > 0 || is_technician(req)) {
		query_point_page(req, &stmt_ledger_point, "moves", &pa);
		return;
	}
	if (pa.filter == NULL) {
		request_failf(req, PROTO_INVALID_ARGUMENT, "service_point_id",
		    "service_point_id or part_no: whose movements");
		return;
	}
	const char *params[3] = { pa.filter, pa.after, pa.limit_text };
	if (start_page(req, &stmt_ledger_part, "moves", (int)pa.limit))
		db_query(req->srv->db, &stmt_ledger_part, 3, params, on_stock_page, req);
}

const struct op_entry op_stock_ledger = {
	.name = "stock.ledger",
	.roles = ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_DISPATCHER) | ROLE_BIT(ROLE_MANAGER) |
	    ROLE_BIT(ROLE_TECHNICIAN),
	.summary = "stock movements, newest first, of a point (a technician: their own)"
	    " and/or a part: service_point_id?, part_no?, after?, limit? (<=200) -> moves[]"
	    " ({id, at, service_point_id, service_point, part_no, name, kind, delta,"
	    " balance, by, reason, ticket_no}), next",
	.exec = stock_ledger_exec,
};
