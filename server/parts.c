/*
 * parts.c: the parts catalogue (配件, doc/domain.md, Parts and stock):
 * part.list (with a point's stock), part.load (the whole catalogue) and
 * part.save (one entry, audited). Stock and its ledger are server/stock.c's.
 * Prices are list prices in fen.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/parts.h"
#include "common/validate.h"
#include "server/db.h"
#include "server/ops.h"

#define LOAD_MAX 1000

/* $1 q (part number prefix, or part of the name), $2 service point (NULL:
 * the caller's), $3 caller, $4 limit. LIKE's own characters in q match
 * themselves. Stock is null when there is no service point to count. */
static struct db_statement stmt_part_list = {
	.what = "list parts with stock",
	.sql = "WITH pat AS (SELECT replace(replace(replace($1::text, '\\', '\\\\'), '%', '\\%'),"
	       "   '_', '\\_') AS q),"
	       " point AS (SELECT coalesce($2::bigint,"
	       "  (SELECT service_point_id FROM users WHERE login = $3)) AS id),"
	       " page AS (SELECT p.part_no, p.name, p.price FROM parts p, pat"
	       "  WHERE pat.q IS NULL OR p.part_no ILIKE pat.q || '%' OR p.name LIKE '%' || pat.q || '%'"
	       "  ORDER BY p.part_no LIMIT $4::int)"
	       "SELECT (SELECT coalesce(jsonb_agg(jsonb_build_object('part_no', page.part_no,"
	       "  'name', page.name, 'price', page.price, 'stock', CASE WHEN point.id IS NOT NULL"
	       "  THEN coalesce(s.qty, 0) END) ORDER BY page.part_no), '[]')"
	       "  FROM page CROSS JOIN point LEFT JOIN part_stock s"
	       "  ON s.part_no = page.part_no AND s.service_point_id = point.id)::text,"
	       " (SELECT id FROM point),"
	       " $2::bigint IS NULL OR EXISTS (SELECT 1 FROM service_points WHERE id = $2::bigint)",
};

static void
on_part_list(void *arg, PGresult *res)
{
	struct request *req = arg;
	struct proto_error err;
	cJSON *result;

	if (!db_result_ok(res, &stmt_part_list, &err)) {
		request_fail(req, &err);
		return;
	}
	if (strcmp(PQgetvalue(res, 0, 2), "t") != 0) {
		request_failf(req, PROTO_NOT_FOUND, "service_point_id", "no such service point");
		return;
	}
	result = cJSON_CreateObject();
	cJSON_AddItemToObject(result, "parts", db_raw(res, 0, 0));
	if (PQgetisnull(res, 0, 1))
		cJSON_AddNullToObject(result, "service_point_id");
	else
		cJSON_AddNumberToObject(result, "service_point_id", atof(PQgetvalue(res, 0, 1)));
	request_reply(req, result);
}

static void
part_list_exec(struct request *req)
{
	const char *q;
	int64_t point = 0, limit = 50;
	char point_text[24], limit_text[16];
	struct proto_error err;

	if (!arg_string(req->args, "q", ARG_OPTIONAL, PART_NAME_MAX, &q, &err) ||
	    !arg_int(req->args, "service_point_id", ARG_OPTIONAL, 1, INT64_MAX, &point, &err) ||
	    !arg_int(req->args, "limit", ARG_OPTIONAL, 1, 200, &limit, &err)) {
		request_fail(req, &err);
		return;
	}
	snprintf(point_text, sizeof point_text, "%lld", (long long)point);
	snprintf(limit_text, sizeof limit_text, "%d", (int)limit);
	const char *params[4] = { q != NULL && q[0] != '\0' ? q : NULL,
	    point > 0 ? point_text : NULL, req->client->user, limit_text };
	db_query(req->srv->db, &stmt_part_list, 4, params, on_part_list, req);
}

const struct op_entry op_part_list = {
	.name = "part.list",
	.roles = ROLE_BIT(ROLE_TECHNICIAN) | ROLE_BIT(ROLE_DISPATCHER) |
	    ROLE_BIT(ROLE_MANAGER) | ROLE_BIT(ROLE_ADMIN),
	.summary = "parts with price and stock: q?, service_point_id? (default: "
	    "your own), limit? (<=200) -> parts[]",
	.exec = part_list_exec,
};

/* ---- part.load: the catalogue, upserted; the last of a part number wins. */

static struct db_statement stmt_part_load = {
	.what = "load parts",
	.sql = "WITH x AS (SELECT DISTINCT ON (part_no) part_no, name, price"
	       "  FROM ROWS FROM (jsonb_to_recordset($1::jsonb) AS (part_no text, name text,"
	       "   price bigint)) WITH ORDINALITY AS x (part_no, name, price, n)"
	       "  ORDER BY part_no, n DESC),"
	       " up AS (INSERT INTO parts (part_no, name, price) SELECT part_no, name, price FROM x"
	       "  ON CONFLICT (part_no) DO UPDATE SET name = excluded.name, price = excluded.price,"
	       "  updated_at = now() RETURNING 1)"
	       "SELECT json_build_object('loaded', count(*))::text FROM up",
};

static void
on_part_load(void *arg, PGresult *res)
{
	request_reply_cell(arg, res, &stmt_part_load, NULL);
}

/* One {part_no, name, price} of part.load into list. */
static bool
read_catalogue_part(const cJSON *p, cJSON *list, struct proto_error *err)
{
	const char *part_no, *name;
	int64_t price;

	if (!cJSON_IsObject(p))
		return proto_fail(err, PROTO_INVALID_ARGUMENT, "parts",
		    "each part is an object {part_no, name, price}");
	if (!arg_text(p, "part_no", ARG_REQUIRED, PART_NO_MAX, &part_no, err) ||
	    !arg_text(p, "name", ARG_REQUIRED, PART_NAME_MAX, &name, err) ||
	    !arg_int(p, "price", ARG_REQUIRED, 0, PART_PRICE_MAX, &price, err))
		return proto_fail_nested(err, "parts");
	if (!valid_part_no(part_no))
		return proto_fail(err, PROTO_INVALID_ARGUMENT, "parts.part_no",
		    "a part number is letters, digits and . _ / - (at most %d)", PART_NO_MAX);
	cJSON *item = cJSON_CreateObject();
	cJSON_AddStringToObject(item, "part_no", part_no);
	cJSON_AddStringToObject(item, "name", name);
	cJSON_AddNumberToObject(item, "price", (double)price);
	cJSON_AddItemToArray(list, item);
	return true;
}

static void
part_load_exec(struct request *req)
{
	const cJSON *parts = cJSON_GetObjectItemCaseSensitive(req->args, "parts"), *p;
	struct proto_error err;
	cJSON *list;
	char *json;

	if (!cJSON_IsArray(parts) || cJSON_GetArraySize(parts) < 1 ||
	    cJSON_GetArraySize(parts) > LOAD_MAX) {
		request_failf(req, PROTO_INVALID_ARGUMENT, "parts", "parts must be an array "
		    "of 1 to %d {part_no, name, price}", LOAD_MAX);
		return;
	}
	list = cJSON_CreateArray();
	cJSON_ArrayForEach(p, parts) {
		if (!read_catalogue_part(p, list, &err)) {
			cJSON_Delete(list);
			request_fail(req, &err);
			return;
		}
	}
	json = cJSON_PrintUnformatted(list);
	cJSON_Delete(list);
	db_query(req->srv->db, &stmt_part_load, 1, (const char *const *)&json,
	    on_part_load, req);
	cJSON_free(json);
}

const struct op_entry op_part_load = {
	.name = "part.load", .roles = ROLE_BIT(ROLE_ADMIN),
	.summary = "load the parts catalogue (upsert): parts[] ({part_no, name, "
	    "price}) -> loaded",
	.exec = part_load_exec,
};

/* ---- part.save: one catalogue entry, new or changed, audited with the
 * entry before and after. */

/* $1 part_no, $2 name, $3 price, $4 user, $5 address. */
static struct db_statement stmt_part_save = {
	.what = "save a part",
	.sql = "WITH old AS (SELECT jsonb_build_object('part_no', part_no, 'name', name,"
	       "   'price', price) AS j FROM parts WHERE part_no = $1),"
	       " up AS (INSERT INTO parts (part_no, name, price) VALUES ($1, $2, $3::bigint)"
	       "  ON CONFLICT (part_no) DO UPDATE SET name = excluded.name, price = excluded.price,"
	       "  updated_at = now() RETURNING jsonb_build_object('part_no', part_no, 'name', name,"
	       "   'price', price) AS j),"
	       " audit AS (INSERT INTO audit_log (actor, address, action, object, details)"
	       "  SELECT $4, $5, 'part.save', 'part:' || $1, jsonb_build_object("
	       "   'before', (SELECT j FROM old), 'after', up.j) FROM up)"
	       "SELECT (up.j || jsonb_build_object('created', NOT EXISTS (SELECT 1 FROM old)))::text"
	       " FROM up",
};

static void
on_part_save(void *arg, PGresult *res)
{
	request_reply_cell(arg, res, &stmt_part_save, NULL);
}

static void
part_save_exec(struct request *req)
{
	const char *part_no, *name;
	int64_t price;
	char price_text[24];
	struct proto_error err;

	if (!arg_text(req->args, "part_no", ARG_REQUIRED, PART_NO_MAX, &part_no, &err) ||
	    !arg_text(req->args, "name", ARG_REQUIRED, PART_NAME_MAX, &name, &err) ||
	    !arg_int(req->args, "price", ARG_REQUIRED, 0, PART_PRICE_MAX, &price, &err)) {
		request_fail(req, &err);
		return;
	}
	if (!valid_part_no(part_no)) {
		request_failf(req, PROTO_INVALID_ARGUMENT, "part_no", "a part number is "
		    "letters, digits and . _ / - (at most %d)", PART_NO_MAX);
		return;
	}
	snprintf(price_text, sizeof price_text, "%lld", (long long)price);
	const char *params[5] = { part_no, name, price_text, req->client->user,
	    req->client->addr };
	db_query(req->srv->db, &stmt_part_save, 5, params, on_part_save, req);
}

const struct op_entry op_part_save = {
	.name = "part.save", .roles = ROLE_BIT(ROLE_ADMIN),
	.summary = "one catalogue entry, new or changed: part_no, name, price (fen)"
	    " -> the part, created",
	.exec = part_save_exec,
};
