/*
 * route.c: complaint routes as data (issue #5, doc/domain.md, Complaint
 * routes): route.get (every category's route, with the departments a stage
 * may name) and route.set (one category's stages, close budget, Saturday
 * flag and abroad variant). Table `routes` in sql/009_routes.sql;
 * complaint.classify (complaint_flow.c) copies a route into the
 * complaint's stages, so a change applies to later complaints, on every
 * daemon at once (nothing is cached). A route that cannot work is refused
 * by common/routes.c's rules, the field named.
 */
#include <stdio.h>
#include <string.h>

#include "common/routes.h"
#include "common/validate.h"
#include "server/complaint.h"
#include "server/db.h"
#include "server/ops.h"

static struct db_statement stmt_route_get = {
	.what = "complaint routes",
	.sql = "SELECT jsonb_build_object('routes', (SELECT coalesce(jsonb_agg(route_json(r)"
	       "  ORDER BY r.category), '[]') FROM routes r),"
	       " 'departments', (SELECT coalesce(jsonb_agg(jsonb_build_object('code', d.code,"
	       "  'name', d.name, 'name_zh', d.name_zh) ORDER BY d.code), '[]') FROM departments d))::text",
};

/* $1 category, $2 stages, $3 close_days, $4 saturday_counts, $5 abroad stages,
 * $6 abroad close_days, $7 user, $8 address. An unknown department answers
 * (its field, 'no_department', the code). The audit row holds the route
 * before and after. */
static struct db_statement stmt_route_set = {
	.what = "set a complaint route",
	.sql = "WITH bad AS (SELECT s.src || '[' || (d.n - 1) || '].department' AS field,"
	       "   d.x->>'department' AS dep"
	       "  FROM (VALUES (1, 'stages', $2::jsonb), (2, 'abroad.stages', coalesce($5::jsonb, '[]')))"
	       "   AS s (k, src, arr), jsonb_array_elements(s.arr) WITH ORDINALITY AS d (x, n)"
	       "  WHERE NOT EXISTS (SELECT 1 FROM departments WHERE code = d.x->>'department')"
	       "  ORDER BY s.k, d.n LIMIT 1),"
	       " old AS (SELECT route_json(r) AS j FROM routes r WHERE r.category = $1),"
	       " up AS (INSERT INTO routes (category, stages, close_days, saturday_counts,"
	       "   abroad_stages, abroad_close_days)"
	       "  SELECT $1, $2::jsonb, $3::numeric, $4::boolean, $5::jsonb, $6::numeric"
	       "  WHERE NOT EXISTS (SELECT 1 FROM bad)"
	       "  ON CONFLICT (category) DO UPDATE SET stages = EXCLUDED.stages,"
	       "   close_days = EXCLUDED.close_days, saturday_counts = EXCLUDED.saturday_counts,"
	       "   abroad_stages = EXCLUDED.abroad_stages,"
	       "   abroad_close_days = EXCLUDED.abroad_close_days, updated_at = now()"
	       "  RETURNING routes AS r),"
	       " audit AS (INSERT INTO audit_log (actor, address, action, object, details)"
	       "  SELECT $7, $8, 'route.set', 'route:' || $1, jsonb_build_object("
	       "   'before', (SELECT j FROM old), 'after', route_json(up.r)) FROM up)"
	       "SELECT route_json(up.r)::text, 'ok', NULL FROM up"
	       " UNION ALL SELECT field, 'no_department', dep FROM bad",
};

static void
on_routes(void *arg, PGresult *res)
{
	request_reply_cell(arg, res, &stmt_route_get, NULL);
}

static void
route_get_exec(struct request *req)
{
	db_query(req->srv->db, &stmt_route_get, 0, NULL, on_routes, req);
}

const struct op_entry op_route_get = {
	.name = "route.get",
	.roles = ROLE_BIT(ROLE_QUALITY) | ROLE_BIT(ROLE_MANAGER) | ROLE_BIT(ROLE_ADMIN),
	.summary = "every category's complaint route -> routes[], departments[]"
	    " ({code, name, name_zh})",
	.exec = route_get_exec,
};

/* A number of working days, its range checked by route_check. */
static bool
read_days(const cJSON *v, const char *field, double max, double *days,
    struct proto_error *err)
{
	if (!cJSON_IsNumber(v) || !route_days_valid(v->valuedouble, max))
		return proto_fail(err, PROTO_INVALID_ARGUMENT, field,
		    "%s must be a number of working days, in halves, 0.5 to %g", field, max);
	*days = v->valuedouble;
	return true;
}

/* stages[] -> a clean [{department, days}] (caller frees), or NULL with err.
 * Only the shape here; what the stages must be together is route_rules'. */
static cJSON *
read_stages(const cJSON *stages, const char *name, struct proto_error *err)
{
	cJSON *out;
	const cJSON *row;
	int i = 0;

	if (!cJSON_IsArray(stages) || cJSON_GetArraySize(stages) < 1 ||
	    cJSON_GetArraySize(stages) > ROUTE_STAGES_MAX) {
		proto_fail(err, PROTO_INVALID_ARGUMENT, name,
		    "%s must be an array of 1 to %d {department, days}", name, ROUTE_STAGES_MAX);
		return NULL;
	}
	out = cJSON_CreateArray();
	cJSON_ArrayForEach(row, stages) {
		char field[48], days_field[56];
		const char *dep = cJSON_GetStringValue(cJSON_GetObjectItem(row, "department"));
		double days = 0;

		snprintf(field, sizeof field, "%s[%d]", name, i++);
		snprintf(days_field, sizeof days_field, "%s.days", field);
		if (dep == NULL || dep[0] == '\0' || strlen(dep) > ROUTE_DEPARTMENT_MAX) {
			proto_fail(err, PROTO_INVALID_ARGUMENT, field,
			    "%s: {department, days}", field);
			cJSON_Delete(out);
			return NULL;
		}
		if (!read_days(cJSON_GetObjectItem(row, "days"), days_field,
		    ROUTE_STAGE_DAYS_MAX, &days, err)) {
			cJSON_Delete(out);
			return NULL;
		}
		cJSON *stage = cJSON_CreateObject();
		cJSON_AddStringToObject(stage, "department", dep);
		cJSON_AddNumberToObject(stage, "days", days);
		cJSON_AddItemToArray(out, stage);
	}
	return out;
}

/* The stages together against their total (common/routes.c): a stage's
 * department the same as the one before it, or budgets over the total.
 * prefix: "" or "abroad.". */
static bool
check_route(const cJSON *stages, double close_days, const char *prefix,
    struct proto_error *err)
{
	struct route_stage s[ROUTE_STAGES_MAX];
	const cJSON *row;
	int n = 0, at;

	cJSON_ArrayForEach(row, stages) {
		s[n].department = cJSON_GetStringValue(cJSON_GetObjectItem(row, "department"));
		s[n++].days = cJSON_GetNumberValue(cJSON_GetObjectItem(row, "days"));
	}
	switch (route_check(s, n, close_days, &at)) {
	case ROUTE_OK:
		return true;
	case ROUTE_REPEATED: {
		char field[64];
		snprintf(field, sizeof field, "%sstages[%d].department", prefix, at);
		return proto_fail(err, PROTO_INVALID_ARGUMENT, field,
		    "%s: the same department as the stage before it", field);
	}
	case ROUTE_OVER_TOTAL: {
		char field[32];
		snprintf(field, sizeof field, "%sclose_days", prefix);
		return proto_fail(err, PROTO_INVALID_ARGUMENT, field,
		    "%s: the stages add up to %g working days, more than the total %g",
		    field, route_stage_days(s, n), close_days);
	}
	default:   /* read_stages and read_days took the rest */
		return proto_fail(err, PROTO_INVALID_ARGUMENT, "stages", "stages: not a route");
	}
}

struct route_args {
	int category;
	cJSON *stages, *abroad_stages;
	double close_days, abroad_close_days;   /* abroad: 0 = as at home */
	bool saturday_counts;
};

static bool
read_abroad(const cJSON *abroad, struct route_args *ra, struct proto_error *err)
{
	const cJSON *stages, *close;

	if (abroad == NULL || cJSON_IsNull(abroad))
		return true;
	if (!cJSON_IsObject(abroad))
		return proto_fail(err, PROTO_INVALID_ARGUMENT, "abroad",
		    "abroad must be an object {stages?, close_days?}");
	stages = cJSON_GetObjectItem(abroad, "stages");
	close = cJSON_GetObjectItem(abroad, "close_days");
	if (stages && (ra->abroad_stages = read_stages(stages, "abroad.stages", err)) == NULL)
		return false;
	if (close != NULL && !read_days(close, "abroad.close_days", ROUTE_CLOSE_DAYS_MAX,
	    &ra->abroad_close_days, err))
		return false;
	if (ra->abroad_stages == NULL && ra->abroad_close_days == 0)
		return true;
	return check_route(ra->abroad_stages ? ra->abroad_stages : ra->stages,
	    ra->abroad_close_days > 0 ? ra->abroad_close_days : ra->close_days, "abroad.", err);
}

static bool
read_route(const cJSON *a, struct route_args *ra, struct proto_error *err)
{
	if (!arg_enum(a, "category", ARG_REQUIRED, complaint_category_names, &ra->category, err) ||
	    (ra->stages = read_stages(cJSON_GetObjectItem(a, "stages"), "stages", err)) == NULL ||
	    !read_days(cJSON_GetObjectItem(a, "close_days"), "close_days", ROUTE_CLOSE_DAYS_MAX,
	        &ra->close_days, err) ||
	    !arg_bool(a, "saturday_counts", ARG_REQUIRED, &ra->saturday_counts, err) ||
	    !check_route(ra->stages, ra->close_days, "", err))
		return false;
	return read_abroad(cJSON_GetObjectItem(a, "abroad"), ra, err);
}

static void
on_route_set(void *arg, PGresult *res)
{
	struct request *req = arg;
	struct proto_error err;

	if (!db_result_ok(res, &stmt_route_set, &err)) {
		request_fail(req, &err);
		return;
	}
	if (PQntuples(res) > 0 && strcmp(PQgetvalue(res, 0, 1), "no_department") == 0) {
		request_failf(req, PROTO_INVALID_ARGUMENT, PQgetvalue(res, 0, 0),
		    "%s: no department %.*s", PQgetvalue(res, 0, 0),
		    utf8_prefix(PQgetvalue(res, 0, 2), 32), PQgetvalue(res, 0, 2));
		return;
	}
	request_reply_cell(req, res, &stmt_route_set, NULL);
}

static void
route_set_exec(struct request *req)
{
	struct route_args ra = { .category = -1 };
	struct proto_error err;
	char close[16], abroad_close[16];
	char *stages, *abroad;

	if (!read_route(req->args, &ra, &err)) {
		cJSON_Delete(ra.stages);
		cJSON_Delete(ra.abroad_stages);
		request_fail(req, &err);
		return;
	}
	snprintf(close, sizeof close, "%.1f", ra.close_days);
	snprintf(abroad_close, sizeof abroad_close, "%.1f", ra.abroad_close_days);
	stages = cJSON_PrintUnformatted(ra.stages);
	abroad = ra.abroad_stages ? cJSON_PrintUnformatted(ra.abroad_stages) : NULL;
	const char *params[8] = { complaint_category_names[ra.category], stages, close,
	    ra.saturday_counts ? "true" : "false", abroad,
	    ra.abroad_close_days > 0 ? abroad_close : NULL, req->client->user,
	    req->client->addr };
	db_query(req->srv->db, &stmt_route_set, 8, params, on_route_set, req);
	cJSON_free(stages);
	cJSON_free(abroad);
	cJSON_Delete(ra.stages);
	cJSON_Delete(ra.abroad_stages);
}

const struct op_entry op_route_set = {
	.name = "route.set",
	.roles = ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_QUALITY),
	.summary = "one category's complaint route: category, stages[] ({department, days}),"
	           " close_days, saturday_counts, abroad? ({stages?, close_days?})",
	.exec = route_set_exec,
};
