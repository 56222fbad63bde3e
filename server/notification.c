/*
 * notification.c: the outbox as operators see it (doc/domain.md, Telling
 * customers): notification.list (a queue: pending, sent, failed, handled),
 * notification.retry (a failed message goes again) and
 * notification.handled (the customer was told by phone instead). The
 * messages are delivered by server/notify.c. Every read shows customers'
 * addresses and is audited; an SMS number is masked for the roles that see
 * phones masked (server/privacy.h), as net.c masks `phones`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/outbox.h"
#include "common/phone.h"
#include "common/validate.h"
#include "server/db.h"
#include "server/ops.h"
#include "server/privacy.h"

#define ID_MAX 9007199254740991LL
#define OUTBOX_ROLES (ROLE_BIT(ROLE_OPERATOR) | ROLE_BIT(ROLE_MANAGER) | ROLE_BIT(ROLE_ADMIN))

/* $1 queue, $2 cursor id (NULL: from the start), $3 limit + 1, $4 user,
 * $5 address. Sent and handled newest first; pending and failed oldest
 * first (the longest waiting on top). */
static struct db_statement stmt_list = {
	.what = "notification queue",
	.sql = "WITH page AS (SELECT * FROM notifications n WHERE state = $1"
	       "  AND ($2::bigint IS NULL OR CASE WHEN $1 IN ('sent', 'handled')"
	       "   THEN id < $2::bigint ELSE id > $2::bigint END)"
	       "  ORDER BY CASE WHEN $1 IN ('sent', 'handled') THEN -id ELSE id END LIMIT $3::int),"
	       " audit AS (INSERT INTO audit_log (actor, address, action, details)"
	       "  SELECT $4, $5, 'notification.list', jsonb_build_object('queue', $1::text,"
	       "   'notifications', (SELECT coalesce(jsonb_agg(id), '[]') FROM page)))"
	       "SELECT notification_json(p)::text, id::text FROM page p"
	       " ORDER BY CASE WHEN $1 IN ('sent', 'handled') THEN -id ELSE id END",
};

struct list_state {
	int limit;
};

/* The page's rows, an SMS number masked for a masking role. */
static cJSON *
rows_json(const struct request *req, const PGresult *res, int rows)
{
	cJSON *list = cJSON_CreateArray();
	bool mask = privacy_masks_role(req->client->role);

	for (int i = 0; i < rows; i++) {
		cJSON *row = db_json(res, i, 0);
		const cJSON *channel = cJSON_GetObjectItemCaseSensitive(row, "channel");
		const cJSON *to = cJSON_GetObjectItemCaseSensitive(row, "to");
		char masked[PHONE_MAX];

		if (mask && cJSON_IsString(channel) && strcmp(channel->valuestring, "sms") == 0 &&
		    cJSON_IsString(to)) {
			phone_mask(to->valuestring, masked);
			cJSON_ReplaceItemInObjectCaseSensitive(row, "to", cJSON_CreateString(masked));
		}
		cJSON_AddItemToArray(list, row);
	}
	return list;
}

static void
on_list(void *arg, PGresult *res)
{
	struct request *req = arg;
	struct list_state *st = req->state;
	int limit = st->limit, n;
	struct proto_error err;
	cJSON *result;

	free(st);
	req->state = NULL;
	if (!db_result_ok(res, &stmt_list, &err)) {
		request_fail(req, &err);
		return;
	}
	n = PQntuples(res);
	result = cJSON_CreateObject();
	cJSON_AddItemToObject(result, "notifications", rows_json(req, res, n > limit ? limit : n));
	if (n > limit)
		cJSON_AddStringToObject(result, "next", PQgetvalue(res, limit - 1, 1));
	else
		cJSON_AddNullToObject(result, "next");
	request_reply(req, result);
}

static void
list_exec(struct request *req)
{
	int queue = NQ_PENDING;
	int64_t limit = 50, after = -1;
	char after_text[24], limit_text[16];
	struct list_state *st;
	struct proto_error err;

	if (!arg_enum(req->args, "queue", ARG_OPTIONAL, notification_queue_names, &queue, &err) ||
	    !arg_int(req->args, "limit", ARG_OPTIONAL, 1, 200, &limit, &err) ||
	    !arg_id_cursor(req->args, "after", ARG_OPTIONAL, &after, &err)) {
		request_fail(req, &err);
		return;
	}
	if ((st = malloc(sizeof *st)) == NULL) {
		request_failf(req, PROTO_INTERNAL, NULL, "out of memory");
		return;
	}
	st->limit = (int)limit;
	req->state = st;
	snprintf(after_text, sizeof after_text, "%lld", (long long)after);
	snprintf(limit_text, sizeof limit_text, "%d", (int)limit + 1);
	const char *params[5] = { notification_queue_names[queue], after >= 0 ? after_text : NULL,
	    limit_text, req->client->user, req->client->addr };
	db_query(req->srv->db, &stmt_list, 5, params, on_list, req);
}

const struct op_entry op_notification_list = {
	.name = "notification.list", .roles = OUTBOX_ROLES,
	.summary = "the outbox: queue? (pending, sent, failed, handled), limit? (<=200), "
	           "after? -> notifications[], next (audited)",
	.exec = list_exec,
};

/* ---- notification.retry and notification.handled: one guarded statement
 * each, answering (json, 'ok') or (NULL, the state it is in), or (NULL,
 * 'sending') while a delivery worker holds the row (never waited for: a
 * delivery may take longer than a statement may); no row: no such message.
 * $1 id, $2 user, $3 address, $4 note (handled only). */
#define CHANGE_TAIL \
	"SELECT json::text, 'ok' FROM upd" \
	" UNION ALL SELECT NULL, state FROM cur WHERE NOT EXISTS (SELECT 1 FROM upd)" \
	" UNION ALL SELECT NULL, 'sending' FROM notifications WHERE id = $1::bigint" \
	"  AND NOT EXISTS (SELECT 1 FROM cur)"

static struct db_statement stmt_retry = {
	.what = "retry a notification",
	.sql = "WITH cur AS (SELECT id, state FROM notifications WHERE id = $1::bigint"
	       "  FOR UPDATE SKIP LOCKED),"
	       " upd AS (UPDATE notifications n SET state = 'pending', attempts = 0,"
	       "  next_attempt = now() FROM cur WHERE n.id = cur.id AND cur.state = 'failed'"
	       "  RETURNING n.id, notification_json(n) AS json),"
	       " audit AS (INSERT INTO audit_log (actor, address, action, object)"
	       "  SELECT $2, $3, 'notification.retry', 'notification:' || id FROM upd)"
	       CHANGE_TAIL,
};

static struct db_statement stmt_handled = {
	.what = "mark a notification handled",
	.sql = "WITH cur AS (SELECT id, state FROM notifications WHERE id = $1::bigint"
	       "  FOR UPDATE SKIP LOCKED),"
	       " upd AS (UPDATE notifications n SET state = 'handled', handled_by = $2,"
	       "  handled_at = now(), handled_note = $4 FROM cur"
	       "  WHERE n.id = cur.id AND cur.state IN ('pending', 'failed')"
	       "  RETURNING n.id, notification_json(n) AS json),"
	       " audit AS (INSERT INTO audit_log (actor, address, action, object, details)"
	       "  SELECT $2, $3, 'notification.handled', 'notification:' || id,"
	       "   jsonb_build_object('note', $4::text) FROM upd)"
	       CHANGE_TAIL,
};

/* Why a message in this state (or being sent) cannot be changed; each
 * sentence whole, for its translation. */
static void
fail_state(struct request *req, const char *state)
{
	if (strcmp(state, "sending") == 0)
		request_failf(req, PROTO_CONFLICT, "id",
		    "the message is being sent right now; try again in a moment");
	else if (strcmp(state, "pending") == 0)
		request_failf(req, PROTO_CONFLICT, "id",
		    "the message has not failed: it is still to be sent");
	else if (strcmp(state, "sent") == 0)
		request_failf(req, PROTO_CONFLICT, "id", "the message was sent already");
	else if (strcmp(state, "handled") == 0)
		request_failf(req, PROTO_CONFLICT, "id",
		    "the customer was told by phone already");
	else
		request_failf(req, PROTO_CONFLICT, "id",
		    "the message failed: send it again or tell the customer by phone");
}

static void
on_changed(struct request *req, PGresult *res, const struct db_statement *stmt)
{
	struct proto_error err;

	if (!db_result_ok(res, stmt, &err))
		request_fail(req, &err);
	else if (PQntuples(res) == 0)
		request_failf(req, PROTO_NOT_FOUND, "id", "no such notification");
	else if (PQgetisnull(res, 0, 0))
		fail_state(req, PQgetvalue(res, 0, 1));
	else
		request_reply(req, db_json(res, 0, 0));
}

static void
on_retried(void *arg, PGresult *res)
{
	on_changed(arg, res, &stmt_retry);
}

static void
on_handled(void *arg, PGresult *res)
{
	on_changed(arg, res, &stmt_handled);
}

/* Reads id (and note for handled) and runs stmt. */
static void
change_exec(struct request *req, struct db_statement *stmt, db_callback done, bool note)
{
	int64_t id;
	const char *text = NULL;
	char id_text[24];
	struct proto_error err;

	if (!arg_int(req->args, "id", ARG_REQUIRED, 1, ID_MAX, &id, &err) ||
	    (note && !arg_string(req->args, "note", ARG_OPTIONAL, NOTIFICATION_NOTE_MAX,
	        &text, &err))) {
		request_fail(req, &err);
		return;
	}
	snprintf(id_text, sizeof id_text, "%lld", (long long)id);
	const char *params[4] = { id_text, req->client->user, req->client->addr, text };
	db_query(req->srv->db, stmt, note ? 4 : 3, params, done, req);
}

static void
retry_exec(struct request *req)
{
	change_exec(req, &stmt_retry, on_retried, false);
}

static void
handled_exec(struct request *req)
{
	change_exec(req, &stmt_handled, on_handled, true);
}

const struct op_entry op_notification_retry = {
	.name = "notification.retry", .roles = OUTBOX_ROLES,
	.summary = "send a failed message again (its attempts start over): id",
	.exec = retry_exec,
};

const struct op_entry op_notification_handled = {
	.name = "notification.handled", .roles = OUTBOX_ROLES,
	.summary = "the customer was told by phone instead of a pending or failed message: "
	           "id, note?",
	.exec = handled_exec,
};
