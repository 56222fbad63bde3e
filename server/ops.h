/*
 * ops.h: the op table. Each domain file exports one `const struct op_entry`
 * per op (as tmux's cmd-*.c export a cmd_entry); ops.c lists them all once.
 * Login and role are checked here, before any handler runs.
 */
#ifndef SVCDESK_OPS_H
#define SVCDESK_OPS_H

#include <libpq-fe.h>

#include "server/server.h"

#define OP_NO_LOGIN 0x1   /* may run before session.login */
/* Its answer shows customers' phones whole by design, audited with a reason
 * (customer.reveal, lookup.open): not masked (server/privacy.h). */
#define OP_WHOLE_PHONES 0x2
/* A read-only report: with `svcdeskd serve --report-db` its statements run
 * on the replica (ops_dispatch sets req->db; its handler queries req->db,
 * never req->srv->db), falling back to the primary while the replica is
 * down. Every report.* op carries it (tests/unit: test_ops_route.c). */
#define OP_REPORT 0x4

struct op_entry {
	const char *name;
	unsigned roles;           /* ROLE_BIT()s allowed; ROLES_ALL for all */
	unsigned flags;
	const char *summary;      /* one line, for op.list and the man page */
	void (*exec)(struct request *req);
	const struct op_list *list;   /* for exec = request_list_by_region */
};

struct db_statement;
/* An op whose answer is one statement's cell as {key: cell}, its only
 * argument an optional `region` ($1 of the statement, NULL for every
 * region): technician.list, service_point.list. */
struct op_list {
	struct db_statement *stmt;
	const char *key;
};
void request_list_by_region(struct request *req);

/* Login and role checked (req->op against req->client), and req->db set to
 * where the op's statements go: for each client request before its handler,
 * and for a request run on a client's behalf (report.export's report). */
bool request_admit(struct request *req, struct proto_error *err);
/* Parses one message from a client and runs it (or answers its error). */
void ops_dispatch(struct client *c, char *line, size_t len);
const struct op_entry *ops_find(const char *name);
/* The op table by position, for per-op arrays (server/metrics.c): how many
 * ops there are, and the i-th. A request's position is req->op_index. */
int ops_count(void);
const struct op_entry *ops_at(int i);
/* Answers with the JSON in the first cell of res, as the result itself
 * (key NULL) or as {key: cell}; or with the error res carries. */
void request_reply_cell(struct request *req, const PGresult *res,
    const struct db_statement *stmt, const char *key);
/* Answers a keyset page of rows (json in column 0, its cursor in column 1;
 * one row more than limit was asked for): {key: [rows], next: the cursor of
 * the page's last row when more follow, else null}. */
/* Runs stmt with params and answers its first cell as the result, as
 * request_reply_cell does, or the error it carries: a report's whole op. */
void request_query_cell(struct request *req, struct db_statement *stmt,
    int nparams, const char *const *params);
/* Runs stmt with params and answers its page as request_reply_page does
 * (key, limit), or the error it carries: the rest of a paged list op. */
void request_query_page(struct request *req, struct db_statement *stmt,
    int nparams, const char *const *params, const char *key, int limit);
void request_reply_page(struct request *req, const PGresult *res,
    const char *key, int limit);
/* Writes a JSON array of the first rows of res. */
struct json_text;
typedef void rows_writer(struct json_text *t, const PGresult *res, int rows);
/* The same, the array written by write_rows, the cursor in cursor_col; the
 * reply written as text, never a tree (a page is thousands of members). */
void request_reply_rows(struct request *req, const PGresult *res,
    const char *key, int limit, int cursor_col, rows_writer *write_rows);

/* For op.list: every op with its roles and whether this client may run it. */
cJSON *ops_describe(const struct client *c);

/* session.c */
extern const struct op_entry op_ping, op_session_login, op_session_logout,
    op_subscribe, op_op_list;
/* resume.c */
extern const struct op_entry op_session_resume;
/* admin.c */
extern const struct op_entry op_user_save, op_policy_get, op_policy_set,
    op_calendar_set;
/* people.c */
extern const struct op_entry op_user_list, op_service_point_list,
    op_service_point_save;
/* call.c */
extern const struct op_entry op_call_register;
/* customer.c */
extern const struct op_entry op_customer_find, op_customer_get,
    op_customer_save, op_unit_save, op_unit_entitlements;
/* dispatch.c */
extern const struct op_entry op_technician_list, op_ticket_dispatch,
    op_ticket_appoint, op_ticket_arrive, op_ticket_cancel;
/* ticket.c */
extern const struct op_entry op_ticket_get, op_ticket_list;
/* visit.c */
extern const struct op_entry op_visit_record;
/* resample.c */
extern const struct op_entry op_resample_list, op_resample_record, op_report_resample;
/* ticket_note.c */
extern const struct op_entry op_ticket_note, op_ticket_handover;
/* complaint.c */
extern const struct op_entry op_complaint_register, op_complaint_get;
/* complaint_flow.c */
extern const struct op_entry op_complaint_classify, op_complaint_advance,
    op_complaint_approve, op_complaint_reply, op_complaint_close, op_complaint_list;
/* route.c */
extern const struct op_entry op_route_get, op_route_set;
/* repair.c */
extern const struct op_entry op_ticket_take_back, op_ticket_repair,
    op_ticket_inspect, op_ticket_complete, op_ticket_postpone;
/* parts.c */
extern const struct op_entry op_part_list, op_part_load, op_stock_receive;
/* money.c */
extern const struct op_entry op_approval_request, op_approval_decide,
    op_approval_list, op_ticket_guarantee;
extern const struct op_entry op_part_list, op_part_load, op_part_save;
/* stock.c */
extern const struct op_entry op_stock_receive, op_stock_correct, op_stock_list,
    op_stock_ledger;
/* workshop.c */
extern const struct op_entry op_ledger_list;
/* attribute.c */
extern const struct op_entry op_complaint_attribute, op_penalty_list,
    op_report_penalties;
/* export.c */
extern const struct op_entry op_report_export;
/* report.c */
extern const struct op_entry op_report_pareto, op_report_kpi, op_report_monthly;
/* report_daily.c */
extern const struct op_entry op_report_daily, op_report_repeats;
/* search.c */
extern const struct op_entry op_search;
/* lookup.c */
extern const struct op_entry op_customer_reveal, op_lookup_request,
    op_lookup_decide, op_lookup_list, op_lookup_open;
/* audit.c */
extern const struct op_entry op_audit_list, op_archive_list;
/* department.c */
extern const struct op_entry op_department_list, op_department_save;
/* contract.c */
extern const struct op_entry op_contract_save, op_contract_list,
    op_contract_visits;
/* recall.c */
extern const struct op_entry op_recall_create, op_recall_get, op_recall_list,
    op_recall_unit;
/* notification.c */
extern const struct op_entry op_notification_list, op_notification_retry,
    op_notification_handled;
/* cause.c */
extern const struct op_entry op_cause_list, op_cause_save;

#endif
