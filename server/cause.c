/*
 * cause.c: the catalogue of coded fault causes (doc/domain.md, Repair card;
 * svcdesk-protocol(7)): cause.list, for everyone who fills or reads repair
 * cards (the technician picks the card's cause_code from it, the reports
 * name the codes with it), and cause.save, the admin's adding, renaming and
 * retiring of a cause. A retired (inactive) cause stays for the cards that
 * name it; ticket.repair refuses it (server/repair.c). Nothing is cached by
 * the daemon: a change takes effect on every daemon with its commit.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/records.h"
#include "common/validate.h"
#include "server/db.h"
#include "server/ops.h"

static struct db_statement stmt_cause_list = {
	.what = "fault causes",
	.sql = "SELECT coalesce(jsonb_agg(jsonb_build_object('code', code, 'name', name,"
	       "  'name_zh', name_zh, 'active', active) ORDER BY code), '[]')::text FROM causes",
};

static void
on_cause_list(void *arg, PGresult *res)
{
	request_reply_cell(arg, res, &stmt_cause_list, "causes");
}

static void
cause_list_exec(struct request *req)
{
	db_query(req->srv->db, &stmt_cause_list, 0, NULL, on_cause_list, req);
}

const struct op_entry op_cause_list = {
	.name = "cause.list", .roles = ROLES_STAFF,
	.summary = "the fault-cause catalogue, by code -> causes[] {code, name, name_zh, active}",
	.exec = cause_list_exec,
};

/* $1 code, $2 name, $3 name_zh, $4 active, $5 user, $6 address. Adds the
 * cause or changes it; the audit row holds it before (null: new) and after.
 * `cur` is read (and the row locked) before the upsert, which would hide the
 * row from a later lock in the same statement. */
static struct db_statement stmt_cause_save = {
	.what = "save a fault cause",
	.sql = "WITH cur AS (SELECT to_jsonb(c) AS was FROM causes c WHERE code = $1 FOR UPDATE),"
	       " up AS (INSERT INTO causes (code, name, name_zh, active)"
	       "  SELECT $1, $2, $3, $4::boolean FROM (SELECT count(*) FROM cur) locked"
	       "  ON CONFLICT (code) DO UPDATE SET"
	       "  name = EXCLUDED.name, name_zh = EXCLUDED.name_zh, active = EXCLUDED.active"
	       "  RETURNING to_jsonb(causes) AS rec),"
	       " audit AS (INSERT INTO audit_log (actor, address, action, object, details)"
	       "  SELECT $5, $6, 'cause.save', 'cause:' || $1, jsonb_build_object("
	       "   'before', (SELECT was FROM cur), 'after', rec) FROM up)"
	       "SELECT rec::text FROM up",
};

static void
on_cause_saved(void *arg, PGresult *res)
{
	request_reply_cell(arg, res, &stmt_cause_save, NULL);
}

static void
cause_save_exec(struct request *req)
{
	const char *params[6] = { NULL, NULL, NULL, NULL, req->client->user, req->client->addr };
	struct proto_error err;
	bool active = true;

	if (!arg_string(req->args, "code", ARG_REQUIRED, CAUSE_CODE_MAX, &params[0], &err) ||
	    !arg_text(req->args, "name", ARG_REQUIRED, CAUSE_NAME_MAX, &params[1], &err) ||
	    !arg_text(req->args, "name_zh", ARG_REQUIRED, CAUSE_NAME_MAX, &params[2], &err) ||
	    !arg_bool(req->args, "active", ARG_OPTIONAL, &active, &err)) {
		request_fail(req, &err);
		return;
	}
	if (!cause_code_valid(params[0])) {
		request_failf(req, PROTO_INVALID_ARGUMENT, "code", "code must be 2 to %d "
		    "lower-case letters or underscores", CAUSE_CODE_MAX);
		return;
	}
	params[3] = active ? "true" : "false";
	db_query(req->srv->db, &stmt_cause_save, 6, params, on_cause_saved, req);
}

const struct op_entry op_cause_save = {
	.name = "cause.save", .roles = ROLE_BIT(ROLE_ADMIN),
	.summary = "add or change a fault cause: code, name, name_zh, active? (true) -> the cause",
	.exec = cause_save_exec,
};
