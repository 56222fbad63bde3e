/*
 * audit.c: reading what the daemon recorded (doc/domain.md, Privacy):
 * audit.list (admin, managers: who read or changed which customer's data,
 * when, from where, with before and after values for changes; keyset pages,
 * newest first; the read itself audited) and archive.list (admin: the
 * closed records older than the retention period, `retention_years`, listed
 * for archiving; nothing is deleted or moved).
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "common/records.h"
#include "common/validate.h"
#include "server/db.h"
#include "server/ops.h"

#define ID_MAX 9007199254740991LL
#define PAGE_MAX 200

/* ---- audit.list. Rows (json, id); $1..$2 the period's days (the centre's),
 * $3 customer, $4 user, $5 after, $6 limit + 1, $7 $8 who reads. */

static struct db_statement stmt_audit_list = {
	.what = "read the audit log",
	.sql = "WITH page AS (SELECT audit_entry_json(a)::text AS json, a.id FROM audit_log a"
	       "  WHERE a.at >= $1::date AND a.at < $2::date + 1"
	       "  AND ($3::bigint IS NULL OR audit_about_customer(a, $3::bigint))"
	       "  AND ($4::text IS NULL OR a.actor = $4)"
	       "  AND ($5::bigint IS NULL OR a.id < $5::bigint)"
	       "  ORDER BY a.id DESC LIMIT $6::int),"
	       /* Reading the log shows customers' data: it is a read like any. */
	       " audit AS (INSERT INTO audit_log (actor, address, action, object, details)"
	       "  SELECT $7, $8, 'audit.list', CASE WHEN $3::bigint IS NOT NULL"
	       "   THEN 'customer:' || $3 END, jsonb_build_object('from', $1::text, 'to', $2::text,"
	       "   'user', $4::text, 'entries', (SELECT count(*) FROM page)))"
	       "SELECT json, id FROM page ORDER BY id DESC",
};

static void
audit_list_exec(struct request *req)
{
	const char *from, *to, *user;
	int64_t customer = -1, after = -1, limit = 50;
	char customer_text[24], after_text[24], limit_text[16];
	struct proto_error err;

	if (!arg_period(req->args, &from, &to, &err) ||
	    !arg_int(req->args, "customer_id", ARG_OPTIONAL, 1, ID_MAX, &customer, &err) ||
	    !arg_string(req->args, "user", ARG_OPTIONAL, LOGIN_MAX, &user, &err) ||
	    !arg_int(req->args, "limit", ARG_OPTIONAL, 1, PAGE_MAX, &limit, &err) ||
	    !arg_id_cursor(req->args, "after", ARG_OPTIONAL, &after, &err)) {
		request_fail(req, &err);
		return;
	}
	snprintf(customer_text, sizeof customer_text, "%lld", (long long)customer);
	snprintf(after_text, sizeof after_text, "%lld", (long long)after);
	snprintf(limit_text, sizeof limit_text, "%d", (int)limit + 1);
	const char *params[8] = { from, to, customer > 0 ? customer_text : NULL,
	    user != NULL && user[0] ? user : NULL, after > 0 ? after_text : NULL,
	    limit_text, req->client->user, req->client->addr };
	request_query_page(req, &stmt_audit_list, 8, params, "entries", (int)limit);
}

const struct op_entry op_audit_list = {
	.name = "audit.list",
	.roles = ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_MANAGER),
	.summary = "the audit log, newest first: from, to (days), customer_id?, user?, "
	           "limit? (<=200), after? -> entries, next (the read audited)",
	.exec = audit_list_exec,
};

/* ---- archive.list: closed tickets and complaints, and customers with
 * nothing open, whose last activity is older than retention_years; in
 * (kind, key) order, the cursor "kind|key". $1 kind, $2 $3 the cursor,
 * $4 limit + 1. */

static const char *const archive_kinds[] = { "complaint", "customer", "ticket", NULL };

static struct db_statement stmt_archive_list = {
	.what = "records due for archiving",
	.sql = "WITH cutoff AS MATERIALIZED (SELECT now() - make_interval(years =>"
	       "  setting_int('retention_years')::int) AS t),"
	       " old (kind, key, customer_id, state, last) AS ("
	       "  SELECT 'complaint', k.no, k.customer_id, k.state, greatest(k.created_at,"
	       "   (SELECT max(e.at) FROM complaint_events e WHERE e.complaint_no = k.no))"
	       "  FROM complaints k WHERE k.state = 'closed' AND coalesce($1, 'complaint') = 'complaint'"
	       "  UNION ALL SELECT 'customer', c.id::text, c.id, NULL, greatest(c.updated_at,"
	       "   (SELECT max(t.updated_at) FROM tickets t WHERE t.customer_id = c.id),"
	       "   (SELECT max(k.created_at) FROM complaints k WHERE k.customer_id = c.id))"
	       "  FROM customers c, cutoff WHERE coalesce($1, 'customer') = 'customer'"
	       "  AND c.updated_at < cutoff.t AND NOT EXISTS (SELECT 1 FROM tickets t"
	       "   WHERE t.customer_id = c.id AND t.state NOT IN ('closed', 'cancelled'))"
	       "  AND NOT EXISTS (SELECT 1 FROM complaints k WHERE k.customer_id = c.id"
	       "   AND k.state <> 'closed')"
	       "  UNION ALL SELECT 'ticket', t.no, t.customer_id, t.state, greatest(t.updated_at,"
	       "   (SELECT max(e.at) FROM ticket_events e WHERE e.ticket_no = t.no))"
	       "  FROM tickets t, cutoff WHERE t.state IN ('closed', 'cancelled')"
	       "  AND t.updated_at < cutoff.t AND coalesce($1, 'ticket') = 'ticket')"
	       "SELECT json_build_object('kind', kind, 'key', key, 'customer_id', customer_id,"
	       "  'state', state, 'last_activity', iso_time(last))::text, kind || '|' || key"
	       " FROM old, cutoff WHERE last < cutoff.t"
	       " AND ($2::text IS NULL OR (kind, key) > ($2::text, $3::text))"
	       " ORDER BY kind, key LIMIT $4::int",
};

/* "kind|key" as archive.list's next gives it. */
static bool
split_archive_cursor(const char *after, char kind[16], const char **key)
{
	const char *bar = after ? strchr(after, '|') : NULL;

	if (bar == NULL || bar - after >= 16 || bar[1] == '\0')
		return false;
	snprintf(kind, 16, "%.*s", (int)(bar - after), after);
	*key = bar + 1;
	return true;
}

static void
archive_list_exec(struct request *req)
{
	const char *after, *key = NULL;
	int kind = -1;
	int64_t limit = 50;
	char after_kind[16], limit_text[16];
	struct proto_error err;

	if (!arg_enum(req->args, "kind", ARG_OPTIONAL, archive_kinds, &kind, &err) ||
	    !arg_int(req->args, "limit", ARG_OPTIONAL, 1, PAGE_MAX, &limit, &err) ||
	    !arg_string(req->args, "after", ARG_OPTIONAL, 80, &after, &err)) {
		request_fail(req, &err);
		return;
	}
	if (after != NULL && !split_archive_cursor(after, after_kind, &key)) {
		request_failf(req, PROTO_INVALID_ARGUMENT, "after",
		    "after is not a cursor returned by archive.list");
		return;
	}
	snprintf(limit_text, sizeof limit_text, "%d", (int)limit + 1);
	const char *params[4] = { kind >= 0 ? archive_kinds[kind] : NULL,
	    after ? after_kind : NULL, key, limit_text };
	request_query_page(req, &stmt_archive_list, 4, params, "records", (int)limit);
}

const struct op_entry op_archive_list = {
	.name = "archive.list",
	.roles = ROLE_BIT(ROLE_ADMIN),
	.summary = "closed records older than retention_years, for archiving (nothing is "
	           "deleted): kind?, limit? (<=200), after? -> records, next",
	.exec = archive_list_exec,
};
