/*
 * complaint_list.c: complaint.list, the quality department's board, the
 * operator's return visits and customers' replies to record, the managers'
 * approvals and individual cases, a department's board (issues #5, 12 and
 * 13, svcdesk-protocol(7), complaint.list): one statement per queue, each
 * on its own partial index (sql/009_routes.sql, sql/014_complaint_queues.sql,
 * sql/020_departments.sql) in (list_due, no) order, where list_due is the
 * deadline that matters (the stage's, else the closing one, else the time
 * it came in). Keyset pages as ticket.list:
 * the cursor is "due|no" of a page's last row; never OFFSET, never COUNT.
 * $1 user, $2 department (current stage, else the responsible one), $3 $4
 * the cursor, $5 limit + 1, $6 whether the user is a department's: then every
 * queue holds only the complaints whose current or past stage is their
 * department's (doc/domain.md, Roles), each customer without phones or address.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/validate.h"
#include "server/db.h"
#include "server/ops.h"

/* The department of user $1. */
#define USER_DEPARTMENT "(SELECT u.department FROM users u WHERE u.login = $1)"
#define LIST_SQL_BY(key, cond) \
	"SELECT complaint_object(c, CASE WHEN $6::boolean THEN customer_brief(cu)" \
	"  ELSE customer_object(cu) END)::text, page.due::text || '|' || c.no" \
	" FROM (SELECT " key " AS due, c.no FROM complaints c WHERE (" cond ")" \
	"  AND ($2::text IS NULL OR coalesce(c.stage, c.department) = $2)" \
	"  AND (NOT $6::boolean OR EXISTS (SELECT 1 FROM complaint_stages s" \
	"   WHERE s.complaint_no = c.no AND s.started_at IS NOT NULL" \
	"   AND s.department = " USER_DEPARTMENT "))" \
	"  AND (" key ", c.no) > ($3::timestamptz, $4::text)" \
	"  ORDER BY " key ", c.no LIMIT $5) page" \
	" JOIN complaints c ON c.no = page.no JOIN customers cu ON cu.id = c.customer_id" \
	" WHERE $1::text IS NOT NULL ORDER BY page.due, page.no"
#define LIST_SQL(cond) LIST_SQL_BY("c.list_due", cond)

static const char *const complaint_queue_names[] = {
	"received", "open", "overdue", "major", "mine", "closed", "to_visit", "late",
	"to_approve", "to_reply", "passed", "individual", NULL
};

/* In the order of complaint_queue_names. */
static struct db_statement stmt_queue[] = {
	{ .what = "complaints received", .sql = LIST_SQL("c.state = 'received'") },
	{ .what = "complaints open", .sql = LIST_SQL("c.state IN ('routed', 'proposed',"
	    " 'approved', 'follow_up')") },
	{ .what = "complaints overdue", .sql = LIST_SQL("c.overdue AND c.state <> 'closed'") },
	{ .what = "complaints major", .sql = LIST_SQL("c.major AND c.state <> 'closed'") },
	/* At a stage of the user's department. */
	{ .what = "complaints mine", .sql = LIST_SQL("c.state = 'routed' AND c.stage ="
	    USER_DEPARTMENT) },
	{ .what = "complaints closed", .sql = LIST_SQL("c.state = 'closed'") },
	{ .what = "complaints to visit", .sql = LIST_SQL_BY("c.visit_due",
	    "c.visit_due IS NOT NULL AND c.state = 'follow_up'") },
	/* Closed with a stage that was late: the timeliness follow-up (洽办单,
	 * doc/domain.md, Complaint stages); complaint.get shows which stages. */
	{ .what = "complaints closed late", .sql = LIST_SQL("c.state = 'closed' AND EXISTS"
	    " (SELECT 1 FROM complaint_stages s WHERE s.complaint_no = c.no"
	    "  AND (s.overdue_days > 0 OR s.finished_at > s.due))") },
	/* Every manager's: complaint.approve is any manager's (doc/domain.md,
	 * Complaint replies and rounds). */
	{ .what = "complaints to approve", .sql = LIST_SQL("c.state = 'proposed'") },
	/* Approved: the customer is told and their answer recorded. */
	{ .what = "complaints to reply", .sql = LIST_SQL("c.state = 'approved'") },
	/* A stage of the user's department finished, and the complaint not at
	 * one of theirs now (that is `mine`): a department's board. */
	{ .what = "complaints passed", .sql = LIST_SQL("EXISTS (SELECT 1 FROM complaint_stages s"
	    " WHERE s.complaint_no = c.no AND s.started_at IS NOT NULL"
	    " AND s.finished_at IS NOT NULL AND s.department = " USER_DEPARTMENT ") AND NOT (c.state = 'routed'"
	    " AND c.stage IS NOT DISTINCT FROM " USER_DEPARTMENT ")") },
	/* Individual cases (doc/domain.md, Complaint replies and rounds): the
	 * managers' queue of customers unsatisfied after the second round. */
	{ .what = "complaints individual", .sql = LIST_SQL("c.individual AND c.state <> 'closed'") },
};

struct list_page {
	int limit;
	struct db_statement *stmt;
};

static void
on_complaint_page(void *arg, PGresult *res)
{
	struct request *req = arg;
	struct list_page page = *(struct list_page *)req->state;
	struct proto_error err;

	free(req->state);
	req->state = NULL;
	if (!db_result_ok(res, page.stmt, &err)) {
		if (err.code == PROTO_INVALID_ARGUMENT)   /* a malformed cursor */
			proto_fail(&err, PROTO_INVALID_ARGUMENT, "after",
			    "after is not a cursor returned by complaint.list");
		request_fail(req, &err);
		return;
	}
	request_reply_page(req, res, "complaints", page.limit);
}

/* "due|no" as on_complaint_page made it; due only as PostgreSQL prints it. */
static bool
split_cursor(const char *after, char *due, size_t size, const char **no)
{
	const char *bar = strrchr(after, '|');

	if (bar == NULL || bar == after || (size_t)(bar - after) >= size)
		return false;
	snprintf(due, size, "%.*s", (int)(bar - after), after);
	*no = bar + 1;
	return strspn(due, "0123456789-:. +") == strlen(due) && isdigit((unsigned char)due[0]);
}

static void
complaint_list_exec(struct request *req)
{
	struct proto_error err;
	int queue = -1;
	int64_t limit = 50;
	const char *after, *department, *no = "";
	char due[64] = "-infinity", limit_text[16];
	struct list_page *page;

	if (!arg_enum(req->args, "queue", ARG_REQUIRED, complaint_queue_names, &queue, &err) ||
	    !arg_string(req->args, "department", ARG_OPTIONAL, 32, &department, &err) ||
	    !arg_int(req->args, "limit", ARG_OPTIONAL, 1, 200, &limit, &err) ||
	    !arg_string(req->args, "after", ARG_OPTIONAL, 80, &after, &err)) {
		request_fail(req, &err);
		return;
	}
	if (after != NULL && !split_cursor(after, due, sizeof due, &no)) {
		request_failf(req, PROTO_INVALID_ARGUMENT, "after",
		    "after is not a cursor returned by complaint.list");
		return;
	}
	if ((page = malloc(sizeof *page)) == NULL) {
		request_failf(req, PROTO_INTERNAL, NULL, "out of memory");
		return;
	}
	snprintf(limit_text, sizeof limit_text, "%d", (int)limit + 1);
	page->limit = (int)limit;
	page->stmt = &stmt_queue[queue];
	req->state = page;
	const char *params[6] = { req->client->user, department, due, no, limit_text,
	    req->client->role == ROLE_DEPARTMENT ? "true" : "false" };
	db_query(req->srv->db, page->stmt, 6, params, on_complaint_page, req);
}

const struct op_entry op_complaint_list = {
	.name = "complaint.list",
	.roles = ROLE_BIT(ROLE_OPERATOR) | ROLE_BIT(ROLE_QUALITY) | ROLE_BIT(ROLE_MANAGER) |
	    ROLE_BIT(ROLE_DEPARTMENT),
	.summary = "a complaint queue page: queue (received, open, overdue, major, mine, closed,"
	           " to_visit, late, to_approve, to_reply, passed, individual), department?,"
	           " limit? (<=200), after? -> complaints[], next (a department's users: only"
	           " the complaints passing through their department)",
	.exec = complaint_list_exec,
};
