/*
 * ops.c: the table of every op, the envelope and permission checks, and
 * answering a request.
 */
#include "server/ops.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/domain.h"
#include "common/jsontext.h"
#include "common/validate.h"
#include "server/db.h"
#include "server/log.h"
#include "server/metrics.h"

static const struct op_entry *const op_table[] = {
	&op_ping,
	&op_session_login,
	&op_session_logout,
	&op_session_resume,
	&op_subscribe,
	&op_op_list,
	&op_user_save,
	&op_user_list,
	&op_service_point_list,
	&op_service_point_save,
	&op_policy_get,
	&op_policy_set,
	&op_calendar_set,
	&op_call_register,
	&op_customer_find,
	&op_customer_get,
	&op_customer_save,
	&op_unit_save,
	&op_unit_entitlements,
	&op_ticket_get,
	&op_ticket_list,
	&op_technician_list,
	&op_ticket_dispatch,
	&op_ticket_appoint,
	&op_ticket_arrive,
	&op_ticket_cancel,
	&op_ticket_take_back,
	&op_ticket_repair,
	&op_ticket_inspect,
	&op_ticket_complete,
	&op_ticket_postpone,
	&op_visit_record,
	&op_resample_list, &op_resample_record, &op_report_resample,
	&op_ticket_note,
	&op_ticket_handover,
	&op_complaint_register,
	&op_complaint_get,
	&op_complaint_list,
	&op_complaint_classify,
	&op_complaint_advance,
	&op_complaint_approve,
	&op_complaint_reply,
	&op_complaint_close,
	&op_route_get,
	&op_route_set,
	&op_part_list,
	&op_part_load,
	&op_stock_receive,
	&op_part_save,
	&op_stock_correct,
	&op_stock_list,
	&op_stock_ledger,
	&op_ledger_list,
	&op_complaint_attribute,
	&op_penalty_list,
	&op_report_pareto,
	&op_report_kpi,
	&op_report_daily,
	&op_report_repeats,
	&op_report_monthly,
	&op_report_penalties,
	&op_report_export,
	&op_search,
	&op_customer_reveal,
	&op_lookup_request,
	&op_lookup_decide,
	&op_lookup_list,
	&op_lookup_open,
	&op_audit_list,
	&op_archive_list,
	&op_approval_request,
	&op_approval_decide,
	&op_approval_list,
	&op_ticket_guarantee,
	&op_department_list,
	&op_department_save,
	&op_contract_save, &op_contract_list, &op_contract_visits,
	&op_recall_create,
	&op_recall_get,
	&op_recall_list,
	&op_recall_unit,
	&op_notification_list,
	&op_notification_retry,
	&op_notification_handled,
	&op_cause_list,
	&op_cause_save,
	NULL
};

#define OPS_COUNT ((int)(sizeof op_table / sizeof op_table[0]) - 1)

/* The op's place in the table, -1 when there is none of that name. */
static int
ops_index(const char *name)
{
	for (int i = 0; op_table[i] != NULL; i++)
		if (strcmp(op_table[i]->name, name) == 0)
			return i;
	return -1;
}

const struct op_entry *
ops_find(const char *name)
{
	int i = ops_index(name);

	return i >= 0 ? op_table[i] : NULL;
}

int
ops_count(void)
{
	return OPS_COUNT;
}

const struct op_entry *
ops_at(int i)
{
	return i >= 0 && i < OPS_COUNT ? op_table[i] : NULL;
}

/* For op.list: every op, with its roles and whether the caller may run it. */
cJSON *
ops_describe(const struct client *c)
{
	cJSON *ops = cJSON_CreateArray();

	for (int i = 0; op_table[i] != NULL; i++) {
		const struct op_entry *op = op_table[i];
		cJSON *o = cJSON_CreateObject(), *roles = cJSON_CreateArray();

		cJSON_AddStringToObject(o, "name", op->name);
		for (int r = 0; r < ROLE_COUNT; r++)
			if (op->roles & ROLE_BIT(r))
				cJSON_AddItemToArray(roles, cJSON_CreateString(role_name(r)));
		cJSON_AddItemToObject(o, "roles", roles);
		cJSON_AddBoolToObject(o, "login", !(op->flags & OP_NO_LOGIN));
		cJSON_AddBoolToObject(o, "allowed", (op->flags & OP_NO_LOGIN) ||
		    (c->logged_in && (op->roles & ROLE_BIT(c->role))));
		cJSON_AddStringToObject(o, "summary", op->summary);
		cJSON_AddItemToArray(ops, o);
	}
	return ops;
}

static double
elapsed_ms(const struct timespec *since)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - since->tv_sec) * 1e3 +
	    (double)(now.tv_nsec - since->tv_nsec) / 1e6;
}

static void
request_free(struct request *req)
{
	struct client *c = req->client;

	proto_request_free(&req->msg);
	c->in_flight--;
	free(req);
	net_client_release(c);
}

/* The ok reply's line (NULL: out of memory, nothing sent) taken over. */
static void
request_answered(struct request *req, char *line, size_t len)
{
	double ms = elapsed_ms(&req->started);

	metrics_request(req->srv->metrics, req->op_index, PROTO_OK, ms);
	log_msg(LOG_DEBUG, req->reqid, "%s ok %.2f ms", req->op->name, ms);
	if (line != NULL && (req->op->flags & OP_WHOLE_PHONES))
		net_send_owned_whole(req->client, line, len);
	else if (line != NULL)
		net_send_owned(req->client, line, len);
	request_free(req);
}

void
request_reply(struct request *req, cJSON *result)
{
	size_t len = 0;
	char *line;

	if (req->answered != NULL) {
		req->answered(req, result, NULL);
		return;
	}
	line = proto_reply_ok(req->has_id, req->id, result, &len);
	request_answered(req, line, len);
}

void
request_fail(struct request *req, const struct proto_error *err)
{
	struct proto_error chinese;
	size_t len;
	char *line;
	double ms;

	if (req->answered != NULL) {   /* its owner answers, in the client's language */
		req->answered(req, NULL, err);
		return;
	}
	if (req->client->chinese) {
		chinese = *err;
		proto_error_in_chinese(&chinese);
		err = &chinese;
	}
	line = proto_reply_error(req->has_id, req->id, err, &len);
	ms = elapsed_ms(&req->started);
	metrics_request(req->srv->metrics, req->op_index, err->code, ms);
	log_msg(err->code == PROTO_INTERNAL ? LOG_ERROR : LOG_DEBUG, req->reqid,
	    "%s %s %.2f ms", req->op ? req->op->name : "-",
	    proto_code_name(err->code), ms);
	if (line != NULL)
		net_send_line(req->client, line, len);
	free(line);
	request_free(req);
}

void
request_failf(struct request *req, enum proto_code code, const char *field,
    const char *fmt, ...)
{
	struct proto_error err;
	va_list ap;

	va_start(ap, fmt);
	proto_vfail(&err, code, field, fmt, ap);
	va_end(ap);
	request_fail(req, &err);
}

void
request_reply_cell(struct request *req, const PGresult *res,
    const struct db_statement *stmt, const char *key)
{
	struct proto_error err;
	cJSON *cell, *result;

	if (!db_result_ok(res, stmt, &err)) {
		request_fail(req, &err);
		return;
	}
	cell = db_raw(res, 0, 0);   /* passed on as it is: no parse, no print */
	if (key == NULL) {
		request_reply(req, cell);
		return;
	}
	result = cJSON_CreateObject();
	cJSON_AddItemToObject(result, key, cell);
	request_reply(req, result);
}

static void
on_region_list(void *arg, PGresult *res)
{
	struct request *req = arg;

	request_reply_cell(req, res, req->op->list->stmt, req->op->list->key);
}

void
request_list_by_region(struct request *req)
{
	int region = -1;
	const char *param;
	struct proto_error err;

	if (!arg_enum(req->args, "region", ARG_OPTIONAL, region_names, &region, &err)) {
		request_fail(req, &err);
		return;
	}
	param = region >= 0 ? region_names[region] : NULL;
	db_query(req->srv->db, req->op->list->stmt, 1, &param, on_region_list, req);
}

void
request_reply_rows(struct request *req, const PGresult *res, const char *key,
    int limit, int cursor_col, rows_writer *write_rows)
{
	int n = PQntuples(res);
	struct json_text t = { 0 };
	char *line;
	size_t len;

	proto_reply_ok_open(&t, req->has_id, req->id);
	json_text_literal(&t, "{\"");
	json_text_put(&t, key, strlen(key));
	json_text_literal(&t, "\":");
	write_rows(&t, res, n < limit ? n : limit);
	json_text_literal(&t, ",\"next\":");
	if (n > limit) {
		const char *next = PQgetvalue(res, limit - 1, cursor_col);
		json_text_string(&t, next, strlen(next));
	} else
		json_text_literal(&t, "null");
	json_text_literal(&t, "}");
	proto_reply_ok_close(&t);
	if ((line = json_text_finish(&t, &len)) == NULL) {
		request_failf(req, PROTO_INTERNAL, NULL, "out of memory");
		return;
	}
	request_answered(req, line, len);
}

/* Column 0 of each row, JSON already: passed on as it is. */
static void
first_cells(struct json_text *t, const PGresult *res, int rows)
{
	json_text_literal(t, "[");
	for (int i = 0; i < rows; i++) {
		if (i > 0)
			json_text_literal(t, ",");
		if (PQgetisnull(res, i, 0))
			json_text_literal(t, "null");
		else
			json_text_put(t, PQgetvalue(res, i, 0), (size_t)PQgetlength(res, i, 0));
	}
	json_text_literal(t, "]");
}

void
request_reply_page(struct request *req, const PGresult *res, const char *key,
    int limit)
{
	request_reply_rows(req, res, key, limit, 1, first_cells);
}

static void
on_query_page(void *arg, PGresult *res)
{
	struct request *req = arg;
	struct proto_error err;

	if (!db_result_ok(res, req->page.stmt, &err))
		request_fail(req, &err);
	else
		request_reply_page(req, res, req->page.key, req->page.limit);
}

void
request_query_page(struct request *req, struct db_statement *stmt, int nparams,
    const char *const *params, const char *key, int limit)
{
	req->page.stmt = stmt;
	req->page.key = key;
	req->page.limit = limit;
	db_query(req->db, stmt, nparams, params, on_query_page, req);
}

static void
on_query_cell(void *arg, PGresult *res)
{
	struct request *req = arg;

	request_reply_cell(req, res, req->page.stmt, NULL);
}

void
request_query_cell(struct request *req, struct db_statement *stmt, int nparams,
    const char *const *params)
{
	req->page.stmt = stmt;
	db_query(req->db, stmt, nparams, params, on_query_cell, req);
}

/* Login and role, in one place, before any handler. */
static bool
permitted(const struct request *req, struct proto_error *err)
{
	const struct op_entry *op = req->op;
	const struct client *c = req->client;

	if (op->flags & OP_NO_LOGIN)
		return true;
	if (!c->logged_in)
		return proto_fail(err, PROTO_UNAUTHENTICATED, NULL,
		    "%s needs a login: send session.login first", op->name);
	if (!(op->roles & ROLE_BIT(c->role)))
		return proto_fail(err, PROTO_FORBIDDEN, NULL,
		    "the %s role may not run %s", role_name(c->role), op->name);
	return true;
}

bool
request_admit(struct request *req, struct proto_error *err)
{
	if (!permitted(req, err))
		return false;
	/* the one place reports are routed */
	req->db = (req->op->flags & OP_REPORT) && req->srv->report_db != NULL ?
	    req->srv->report_db : req->srv->db;
	return true;
}

void
ops_dispatch(struct client *c, char *line, size_t len)
{
	struct server *srv = c->srv;
	struct request *req = calloc(1, sizeof *req);
	struct proto_error err = { 0 };

	if (req == NULL) {
		free(line);
		return;
	}
	req->srv = srv;
	req->db = srv->db;
	req->client = c;
	req->reqid = ++srv->next_request_id;
	req->op_index = -1;
	clock_gettime(CLOCK_MONOTONIC, &req->started);
	c->in_flight++;
	c->refs++;
	bool parsed = proto_parse_request(line, len, &req->msg, &err);
	free(line);
	req->has_id = req->msg.has_id;
	req->id = req->msg.id;
	if (!parsed) {
		request_fail(req, &err);
		return;
	}
	req->args = req->msg.args;
	if ((req->op_index = ops_index(req->msg.op)) >= 0)
		req->op = op_table[req->op_index];
	if (req->op == NULL) {
		request_failf(req, PROTO_UNKNOWN_OP, "op", "no such op: %.*s",
		    utf8_prefix(req->msg.op, 64), req->msg.op);
		return;
	}
	if (!request_admit(req, &err)) {
		request_fail(req, &err);
		return;
	}
	log_msg(LOG_DEBUG, req->reqid, "client %llu %s",
	    (unsigned long long)c->id, req->op->name);
	req->op->exec(req);
}
