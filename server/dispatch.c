/*
 * dispatch.c: dispatch (派工, doc/domain.md, Dispatch): technician.list,
 * ticket.dispatch (and reassign), ticket.appoint, ticket.arrive,
 * ticket.cancel.
 *
 * Each transition is ONE guarded statement with its event row: it moves the
 * ticket only from the states allowed (common/states.c) and, for a
 * technician, only their own. Every statement answers in one shape:
 *   (ticket json, 'ok', state)          it moved
 *   (NULL, 'state', current state)      not allowed now: someone moved it first
 *   (NULL, 'not_yours', state)          a technician's other ticket
 *   (NULL, 'no_technician', state)      dispatch to an unknown technician
 *   no row                              no such ticket
 * `cur` locks the row first (upd joins it, so it runs first): a loser of a
 * race reads the winner's state, and the event the state it came from.
 * Parameters: $1 ticket no, $2 acting user, $3 the user is a technician,
 * $4 the allowed from-states, then the op's own.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/domain.h"
#include "common/states.h"
#include "common/timefmt.h"
#include "common/validate.h"
#include "server/db.h"
#include "server/ops.h"
#include "server/push.h"
#include "server/transition.h"

#define TRANSITION_TAIL(upd_cond) TRANSITION_TAIL_JSON("ticket_json(upd.row)", upd_cond)
#define TRANSITION_TAIL_JSON(json, upd_cond) \
	" SELECT (" json ")::text, 'ok', (upd.row).state FROM upd" \
	" UNION ALL SELECT NULL, CASE WHEN $3::boolean AND cur.technician IS DISTINCT FROM $2" \
	"  THEN 'not_yours' " upd_cond " ELSE 'state' END, cur.state" \
	" FROM cur WHERE NOT EXISTS (SELECT 1 FROM upd)"

static struct db_statement stmt_dispatch = {
	.what = "dispatch a ticket",
	.sql = "WITH cur AS (SELECT state, technician FROM tickets WHERE no = $1 FOR UPDATE),"
	       " tech AS (SELECT login FROM users WHERE login = $5 AND role = 'technician' AND active),"
	       " upd AS (UPDATE tickets t SET state = 'dispatched', technician = $5,"
	       "  version = t.version + 1, updated_at = now() FROM cur"
	       "  WHERE t.no = $1 AND t.state = ANY($4::text[]) AND EXISTS (SELECT 1 FROM tech)"
	       "  AND NOT (cur.state = 'dispatched' AND cur.technician = $5)"
	       "  RETURNING t AS row, cur.state AS was, cur.technician AS previous),"
	       " ev AS (INSERT INTO ticket_events (ticket_no, actor, kind, from_state, to_state, details)"
	       "  SELECT $1, $2, CASE was WHEN 'dispatched' THEN 'reassign' ELSE 'dispatch' END,"
	       "   was, 'dispatched', jsonb_build_object('technician', $5::text,"
	       "   'previous', previous, 'note', $6::text) FROM upd)"
	       /* The technician it was taken from hears of it too (push.c). */
	       TRANSITION_TAIL_JSON("ticket_json(upd.row) || jsonb_build_object("
	           "'previous_technician', upd.previous)",
	           "WHEN NOT EXISTS (SELECT 1 FROM tech) THEN 'no_technician'"
	           " WHEN cur.state = 'dispatched' AND cur.technician = $5 THEN 'same_technician'"),
};

static struct db_statement stmt_appoint = {
	.what = "appoint a visit",
	.sql = "WITH cur AS (SELECT state, technician, appointment FROM tickets WHERE no = $1 FOR UPDATE),"
	       " upd AS (UPDATE tickets t SET appointment = $5::timestamptz,"
	       "  version = t.version + 1, updated_at = now() FROM cur"
	       "  WHERE t.no = $1 AND t.state = ANY($4::text[])"
	       "  AND (NOT $3::boolean OR t.technician = $2)"
	       "  RETURNING t AS row, cur.appointment AS previous),"
	       " ev AS (INSERT INTO ticket_events (ticket_no, actor, kind, details)"
	       "  SELECT $1, $2, 'appoint', jsonb_build_object('at', iso_time($5::timestamptz),"
	       "   'previous', iso_time(previous)) FROM upd)"
	       TRANSITION_TAIL(""),
};

static struct db_statement stmt_arrive = {
	.what = "record an arrival",
	.sql = "WITH cur AS (SELECT state, technician FROM tickets WHERE no = $1 FOR UPDATE),"
	       " upd AS (UPDATE tickets t SET state = 'on_site', arrived_at = now(),"
	       "  version = t.version + 1, updated_at = now() FROM cur"
	       "  WHERE t.no = $1 AND t.state = ANY($4::text[]) AND t.technician = $2"
	       "  RETURNING t AS row),"
	       " ev AS (INSERT INTO ticket_events (ticket_no, actor, kind, from_state, to_state, details)"
	       "  SELECT $1, $2, 'arrive', 'dispatched', 'on_site', jsonb_build_object('on_time',"
	       "   (upd.row).arrival_due IS NULL OR now() <= (upd.row).arrival_due) FROM upd)"
	       TRANSITION_TAIL(""),
};

static struct db_statement stmt_cancel = {
	.what = "cancel a ticket",
	.sql = "WITH cur AS (SELECT state, technician FROM tickets WHERE no = $1 FOR UPDATE),"
	       " upd AS (UPDATE tickets t SET state = 'cancelled', version = t.version + 1,"
	       "  updated_at = now() FROM cur WHERE t.no = $1 AND t.state = ANY($4::text[])"
	       "  RETURNING t AS row, cur.state AS was),"
	       " ev AS (INSERT INTO ticket_events (ticket_no, actor, kind, from_state, to_state, details)"
	       "  SELECT $1, $2, 'cancel', was, 'cancelled',"
	       "   jsonb_build_object('reason', $5::text) FROM upd)"
	       TRANSITION_TAIL(""),
};

#define TICKET_NO_MAX 16

/* ticket.dispatch's own refusals (transition.h). */
static bool
dispatch_refusal(struct request *req, const char *no, const char *status,
    const char *state, char *detail)
{
	(void)state;
	(void)detail;
	if (strcmp(status, "same_technician") == 0)
		request_failf(req, PROTO_CONFLICT, "technician",
		    "ticket %s is already dispatched to that technician", no);
	else if (strcmp(status, "no_technician") == 0)
		request_failf(req, PROTO_NOT_FOUND, "technician",
		    "no active technician with that login");
	else
		return false;
	return true;
}

static void
dispatch_exec(struct request *req)
{
	const char *no, *extra[2];
	struct proto_error err;

	if (!arg_text(req->args, "no", ARG_REQUIRED, TICKET_NO_MAX, &no, &err) ||
	    !arg_text(req->args, "technician", ARG_REQUIRED, 32, &extra[0], &err) ||
	    !arg_string(req->args, "note", ARG_OPTIONAL, 500, &extra[1], &err)) {
		request_fail(req, &err);
		return;
	}
	transition_run(req, &stmt_dispatch, no, 2, extra, dispatch_refusal);
}

const struct op_entry op_ticket_dispatch = {
	.name = "ticket.dispatch", .roles = ROLE_BIT(ROLE_DISPATCHER),
	.summary = "send a technician (or reassign): no, technician, note?",
	.exec = dispatch_exec,
};

static void
appoint_exec(struct request *req)
{
	const char *no, *at;
	time_t when;
	struct proto_error err;

	if (!arg_text(req->args, "no", ARG_REQUIRED, TICKET_NO_MAX, &no, &err) ||
	    !arg_string(req->args, "at", ARG_REQUIRED, 40, &at, &err)) {
		request_fail(req, &err);
		return;
	}
	if (!time_parse_iso(at, &when)) {
		request_failf(req, PROTO_INVALID_ARGUMENT, "at",
		    "at must be a time like 2026-11-24T14:00:00+08:00");
		return;
	}
	if (time_is_past(when, time(NULL))) {
		request_failf(req, PROTO_INVALID_ARGUMENT, "at",
		    "at is in the past: an appointment is agreed for later");
		return;
	}
	transition_run(req, &stmt_appoint, no, 1, &at, NULL);
}

const struct op_entry op_ticket_appoint = {
	.name = "ticket.appoint",
	.roles = ROLE_BIT(ROLE_TECHNICIAN) | ROLE_BIT(ROLE_DISPATCHER),
	.summary = "the visit agreed with the customer: no, at",
	.exec = appoint_exec,
};

static void
arrive_exec(struct request *req)
{
	const char *no;
	struct proto_error err;

	if (!arg_text(req->args, "no", ARG_REQUIRED, TICKET_NO_MAX, &no, &err)) {
		request_fail(req, &err);
		return;
	}
	transition_run(req, &stmt_arrive, no, 0, NULL, NULL);
}

const struct op_entry op_ticket_arrive = {
	.name = "ticket.arrive", .roles = ROLE_BIT(ROLE_TECHNICIAN),
	.summary = "the technician is on site (on time or late is recorded): no",
	.exec = arrive_exec,
};

static void
cancel_exec(struct request *req)
{
	const char *no, *reason;
	struct proto_error err;

	if (!arg_text(req->args, "no", ARG_REQUIRED, TICKET_NO_MAX, &no, &err) ||
	    !arg_text(req->args, "reason", ARG_REQUIRED, 500, &reason, &err)) {
		request_fail(req, &err);
		return;
	}
	transition_run(req, &stmt_cancel, no, 1, &reason, NULL);
}

const struct op_entry op_ticket_cancel = {
	.name = "ticket.cancel",
	.roles = ROLE_BIT(ROLE_OPERATOR) | ROLE_BIT(ROLE_DISPATCHER),
	.summary = "cancel a ticket not yet on site: no, reason",
	.exec = cancel_exec,
};

/* ---- technician.list: who can be sent, and how loaded each one is. */

static struct db_statement stmt_technicians = {
	.what = "technicians with open work",
	.sql = "SELECT coalesce(jsonb_agg(user_json(u) || jsonb_build_object("
	       "  'service_point', sp.name, 'open', (SELECT count(*) FROM tickets t"
	       "   WHERE t.technician = u.login AND t.state IN"
	       "   ('dispatched', 'on_site', 'in_shop', 'repaired', 'inspected')))"
	       "  ORDER BY u.region, u.login), '[]')::text"
	       " FROM users u LEFT JOIN service_points sp ON sp.id = u.service_point_id"
	       " WHERE u.role = 'technician' AND u.active AND ($1::text IS NULL OR u.region = $1)",
};

static const struct op_list technicians_list = { &stmt_technicians, "technicians" };

const struct op_entry op_technician_list = {
	.name = "technician.list",
	.roles = ROLE_BIT(ROLE_DISPATCHER) | ROLE_BIT(ROLE_MANAGER),
	.summary = "technicians with their open work: region?",
	.exec = request_list_by_region,
	.list = &technicians_list,
};
