/*
 * ticket.c: reading tickets: ticket.get (with its history) and ticket.list
 * (the queues, keyset-paginated on (due, no), never OFFSET).
 * Technicians see only tickets dispatched to them.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/domain.h"
#include "common/queues.h"
#include "common/timefmt.h"
#include "common/validate.h"
#include "server/db.h"
#include "server/ops.h"
#include "server/ticket_row.h"


#define TICKET_NO_MAX 16

static struct db_statement stmt_ticket_get = {
	.what = "ticket with events",
	.sql = "WITH t AS (SELECT * FROM tickets WHERE no = $1),"
	       /* A technician refused someone else's ticket has read nothing. */
	       " audit AS (INSERT INTO audit_log (actor, address, action, object)"
	       "  SELECT $2, $3, 'ticket.get', 'ticket:' || no FROM t"
	       "  WHERE NOT $4::boolean OR t.technician = $2)"
	       "SELECT ticket_json(t::tickets)::text, t.technician,"
	       " (SELECT coalesce(jsonb_agg(ticket_event_json(e) ORDER BY e.id), '[]')::text"
	       "  FROM ticket_events e WHERE e.ticket_no = t.no)"
	       " FROM t",
};

static void
on_ticket(void *arg, PGresult *res)
{
	struct request *req = arg;
	struct client *c = req->client;
	struct proto_error err;
	cJSON *result;
	const char *no = cJSON_GetObjectItemCaseSensitive(req->args, "no")->valuestring;

	if (!db_result_ok(res, &stmt_ticket_get, &err)) {
		request_fail(req, &err);
		return;
	}
	if (PQntuples(res) == 0) {
		request_failf(req, PROTO_NOT_FOUND, "no", "no ticket %s", no);
		return;
	}
	if (c->role == ROLE_TECHNICIAN && strcmp(PQgetvalue(res, 0, 1), c->user) != 0) {
		request_failf(req, PROTO_FORBIDDEN, "no",
		    "ticket %s is not dispatched to you", no);
		return;
	}
	result = db_json(res, 0, 0);
	cJSON_AddItemToObject(result, "events", db_json(res, 0, 2));
	request_reply(req, result);
}

static void
ticket_get_exec(struct request *req)
{
	struct proto_error err;
	const char *no;

	if (!arg_text(req->args, "no", ARG_REQUIRED, TICKET_NO_MAX, &no, &err)) {
		request_fail(req, &err);
		return;
	}
	const char *params[4] = { no, req->client->user, req->client->addr,
	    req->client->role == ROLE_TECHNICIAN ? "true" : "false" };
	db_query(req->srv->db, &stmt_ticket_get, 4, params, on_ticket, req);
}

const struct op_entry op_ticket_get = {
	.name = "ticket.get", .roles = ROLES_STAFF,
	.summary = "one ticket with its events: no",
	.exec = ticket_get_exec,
};

/*
 * One statement per queue, so each can use its index. Undispatched tickets
 * from earlier days come first (doc/domain.md, Dispatch), then by deadline:
 * two branches, each in (due, no) order, appended in that order (the pool
 * turns parallel query off, so Append keeps its order) under one LIMIT: the
 * second branch runs only when the first does not fill the page. The page's
 * tickets are joined to their customers and units and read as columns for
 * the daemon to assemble (server/ticket_row.h).
 * No ORDER BY outside: sorting the joined rows (some 40 wide columns) cost
 * PostgreSQL a sixth of the page. The joins keep the page's order instead:
 * what is joined to a page's row (its customer, its unit, for technicians
 * the ticket itself) is a LATERAL subquery on that row (OFFSET 0 keeps it
 * one), which PostgreSQL can only join by a nested loop over the page's rows,
 * in their order. test_ticket_list_queues (tests/integration/test_ops.c) and
 * the dispatch suite hold pages to their order.
 * Two shapes of each queue:
 * - LIST_SQL_BY: the branches read the tickets themselves from the queue's
 *   index, for the page as it is;
 * - LIST_KEYS_SQL_BY, for technicians, who see only their own tickets:
 *   the branches read only keys (the indexes include technician and region,
 *   so an index-only scan filters without touching the table), and then the
 *   page's tickets are fetched by number. In a queue of thousands where a
 *   technician has none, fetching each ticket to throw it away cost three
 *   times as much.
 * The cursor, in column 0, is "c|due|no" in the carried-over branch, "r|due|no"
 * after ('c' sorts first).
 * Each branch starts after its own (due, no) bound, so that the bound is an
 * index condition even in the generic plan the pool uses (an "OR no cursor"
 * would make it a filter, read from the start of the queue): no cursor, both
 * start at -infinity; in the first branch, the second starts at -infinity; in
 * the second, the first starts at +infinity (empty).
 * $1 queue (unused but for the shape), $2 user, $3 technician only,
 * $4 region, $5 start of today, $6 $7 the first branch's bound (due, no),
 * $8 $9 the second's, $10 limit.
 */
#define OPEN_STATES TICKET_OPEN_STATES_SQL
#define LIST_COMMON \
	" AND (NOT $3::boolean OR t.technician = $2)" \
	" AND ($4::text IS NULL OR t.region = $4)"
#define LIST_BRANCH(tag, key, cols, cond, after) \
	" (SELECT '" tag "' AS part, " key " AS page_due, " cols " FROM tickets t" \
	" WHERE " cond LIST_COMMON "  AND " after " ORDER BY " key ", t.no LIMIT $10)"
#define CARRIED "t.state = 'new' AND t.created_at < $5::timestamptz"
/* The page: both branches, under one LIMIT. */
#define LIST_PAGE(key, cols, queue) \
	" (" LIST_BRANCH("c", key, cols, "(" queue ") AND " CARRIED, \
	    "(" key ", t.no) > ($6::timestamptz, $7::text)") \
	" UNION ALL" \
	LIST_BRANCH("r", key, cols, "(" queue ") AND NOT (" CARRIED ")", \
	    "(" key ", t.no) > ($8::timestamptz, $9::text)") \
	" LIMIT $10)"
#define LIST_JOIN(alias, table, cond) \
	" JOIN LATERAL (SELECT * FROM " table " " alias " WHERE " cond " OFFSET 0) " alias " ON true"
#define LIST_PEOPLE \
	LIST_JOIN("c", "customers", "c.id = t.customer_id") \
	" LEFT" LIST_JOIN("u", "units", "u.id = t.unit_id") \
	" WHERE $1::text IS NOT NULL"
/* key: the queue's order (the deadline; to_visit: the visit's due day). */
#define LIST_SQL_BY(key, queue) \
	"SELECT t.part || '|' || t.page_due::text || '|' || t.no" TICKET_ROW_SQL \
	" FROM" LIST_PAGE(key, "t.*", queue) " t" LIST_PEOPLE
#define LIST_KEYS_SQL_BY(key, queue) \
	"SELECT page.part || '|' || page.page_due::text || '|' || page.no" TICKET_ROW_SQL \
	" FROM" LIST_PAGE(key, "t.no", queue) " page" \
	LIST_JOIN("t", "tickets", "t.no = page.no") LIST_PEOPLE

/* The queues, in the order of ticket_queue_names: X(name, key, condition).
 * Each condition is common/queues.c's rule for the queue written for the
 * indexes; test_queues (tests/integration/test_queues.c) holds every queue's
 * answer to ticket_queue_holds, which the client applies to pushes. */
#define QUEUES(X) \
	X("new", "t.due", "t.state = 'new'") \
	X("dispatched", "t.due", "t.state = 'dispatched'") \
	X("overdue", "t.due", "t.overdue AND t.state IN " OPEN_STATES) \
	X("mine", "t.due", "(t.technician = $2 OR t.owner = $2) AND t.state IN " OPEN_STATES) \
	X("in_shop", "t.due", "t.state IN ('in_shop', 'repaired')") \
	X("to_inspect", "t.due", "t.state = 'repaired'") \
	/* Completed, by the day the return visit is due (sql/007_visits.sql). */ \
	X("to_visit", "t.visit_due", "t.state = 'completed'") \
	/* Waiting for a call-back, by its time (sql/013_followup.sql). */ \
	X("callbacks", "t.callback_at", "t.state = 'completed' AND t.callback_at IS NOT NULL") \
	X("all", "t.due", "true")
#define QUEUE_STATEMENT(name, key, queue) \
	{ .what = "queue " name, .sql = LIST_SQL_BY(key, queue) },
#define QUEUE_KEYS_STATEMENT(name, key, queue) \
	{ .what = "queue " name " (keys)", .sql = LIST_KEYS_SQL_BY(key, queue) },
static struct db_statement stmt_queue[] = { QUEUES(QUEUE_STATEMENT) };
static struct db_statement stmt_queue_keys[] = { QUEUES(QUEUE_KEYS_STATEMENT) };
/* A technician's `mine`: their own open tickets (LIST_COMMON holds them to
 * the technician anyway, so the owner half of the queue's rule adds
 * nothing), each branch read from an index of the technician's own
 * (sql/038_technician_queue.sql): the carried-over one from
 * tickets_technician_new (empty: no new ticket has a technician), the other
 * from tickets_technician_open, in deadline order. A page reads only that
 * technician's tickets, not every new one of earlier days nor everyone's
 * open work filtered. Keys first, as for a technician's other queues: as
 * index-only scans the planner takes the empty index for the carried-over
 * branch (make bench, BENCH_OPS mine, prints both plans), where reading
 * whole tickets it went back to every new ticket of earlier days (it cannot
 * know that none has a technician). */
static struct db_statement stmt_queue_mine_technician =
	{ .what = "queue mine (technician)", .sql = LIST_KEYS_SQL_BY("t.due",
	    "t.technician = $2 AND t.state IN " OPEN_STATES) };

struct list_page {
	int limit;
	struct db_statement *stmt;
};

static void
ticket_page_rows(struct json_text *t, const PGresult *res, int rows)
{
	ticket_rows_write(t, res, rows, 1);
}

static void
on_ticket_page(void *arg, PGresult *res)
{
	struct request *req = arg;
	struct list_page *page = req->state;
	struct proto_error err;
	int limit = page->limit;

	struct db_statement *stmt = page->stmt;

	free(page);
	if (!db_result_ok(res, stmt, &err)) {
		if (err.code == PROTO_INVALID_ARGUMENT)   /* a malformed cursor */
			proto_fail(&err, PROTO_INVALID_ARGUMENT, "after",
			    "after is not a cursor returned by ticket.list");
		request_fail(req, &err);
		return;
	}
	request_reply_rows(req, res, "tickets", limit, 0, ticket_page_rows);
}

/* A cursor is "c|due|no" or "r|due|no", as on_ticket_page made it. */
static bool
split_cursor(const char *after, char *part, char *due, size_t due_size,
    const char **no)
{
	const char *bar = strrchr(after, '|');

	if ((after[0] != 'c' && after[0] != 'r') || after[1] != '|' || bar == NULL ||
	    bar <= after + 2 || (size_t)(bar - after - 2) >= due_size)
		return false;
	part[0] = after[0];
	part[1] = '\0';
	snprintf(due, due_size, "%.*s", (int)(bar - after - 2), after + 2);
	*no = bar + 1;
	/* Only what PostgreSQL prints for a timestamptz: no words such as
	 * "yesterday" or "infinity", which it would also accept as input. */
	return strspn(due, "0123456789-:. +") == strlen(due) && isdigit((unsigned char)due[0]);
}

/* Midnight today in the centre's time zone, for "earlier days". */
static void
start_of_today(char *buf, size_t size)
{
	time_t now = time(NULL);
	struct tm tm;

	localtime_r(&now, &tm);
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	time_format_iso(mktime(&tm), buf, size);
}

static struct db_statement *
queue_statement(int queue, enum role role)
{
	if (role != ROLE_TECHNICIAN)
		return &stmt_queue[queue];
	if (strcmp(ticket_queue_names[queue], "mine") == 0)
		return &stmt_queue_mine_technician;
	return &stmt_queue_keys[queue];
}

static void
ticket_list_exec(struct request *req)
{
	struct proto_error err;
	int queue = -1, region = -1;
	int64_t limit = 50;
	const char *after, *no = NULL;
	char part[2] = "", due[64], today[TIMEFMT_LEN], limit_text[16];
	struct list_page *page;

	if (!arg_enum(req->args, "queue", ARG_REQUIRED, ticket_queue_names, &queue, &err) ||
	    !arg_enum(req->args, "region", ARG_OPTIONAL, region_names, &region, &err) ||
	    !arg_int(req->args, "limit", ARG_OPTIONAL, 1, 200, &limit, &err) ||
	    !arg_string(req->args, "after", ARG_OPTIONAL, 80, &after, &err)) {
		request_fail(req, &err);
		return;
	}
	if (after != NULL && !split_cursor(after, part, due, sizeof due, &no)) {
		request_failf(req, PROTO_INVALID_ARGUMENT, "after",
		    "after is not a cursor returned by ticket.list");
		return;
	}
	start_of_today(today, sizeof today);
	snprintf(limit_text, sizeof limit_text, "%d", (int)limit + 1);
	const char *params[10] = { ticket_queue_names[queue], req->client->user,
	    req->client->role == ROLE_TECHNICIAN ? "true" : "false",
	    region >= 0 ? region_names[region] : NULL, today,
	    "-infinity", "", "-infinity", "", limit_text };
	if (after != NULL && part[0] == 'c') {
		params[5] = due;
		params[6] = no;
	} else if (after != NULL) {
		params[5] = "infinity";
		params[7] = due;
		params[8] = no;
	}
	if ((page = malloc(sizeof *page)) == NULL) {
		request_failf(req, PROTO_INTERNAL, NULL, "out of memory");
		return;
	}
	page->limit = (int)limit;
	page->stmt = queue_statement(queue, req->client->role);
	req->state = page;
	db_query(req->srv->db, page->stmt, 10, params, on_ticket_page, req);
}

const struct op_entry op_ticket_list = {
	.name = "ticket.list", .roles = ROLES_STAFF,
	.summary = "a queue page: queue, region?, limit? (<=200), after? -> tickets[], next",
	.exec = ticket_list_exec,
};
