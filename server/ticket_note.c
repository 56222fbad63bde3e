/*
 * ticket_note.c: the calls that are not the first (doc/domain.md, Notes and
 * handovers): ticket.note, a line in a ticket's history (the caller rang
 * again, the part is ordered), and ticket.handover, first-contact ownership
 * (首问责任制) passed to a named colleague with a note.
 *
 * Neither changes the ticket's state; each is ONE guarded statement run by
 * transition_run (transition.h), with the states common/states.c allows for
 * it, writing its event (`note`, `handover`) in the same statement and
 * answering the ticket, which transition_run pushes as ticket.changed.
 * Statuses besides 'ok': 'state', 'not_yours' (a technician's other
 * ticket), and for a handover 'not_owner', 'no_user', 'not_staff',
 * 'same_owner' with the detail "current owner|the named user's role".
 */
#include <stdio.h>
#include <string.h>

#include "common/states.h"
#include "common/records.h"
#include "common/validate.h"
#include "server/db.h"
#include "server/ops.h"
#include "server/transition.h"

#define TICKET_NO_MAX 16
/* A note's words, and a handover's, at most (stated in the refusal). */

/* The answer of both statements: the ticket, or why not. */
#define FOLLOWUP_TAIL(more, detail) \
	" SELECT ticket_json(upd.row)::text, 'ok', (upd.row).state, NULL FROM upd" \
	" UNION ALL SELECT NULL, CASE WHEN $3::boolean AND cur.technician IS DISTINCT FROM $2" \
	"  THEN 'not_yours' WHEN NOT cur.state = ANY($4::text[]) THEN 'state' " more \
	"  ELSE 'state' END, cur.state, " detail \
	" FROM cur WHERE NOT EXISTS (SELECT 1 FROM upd)"

/* $5 the note's words. Any state; a technician only on their own ticket. */
static struct db_statement stmt_note = {
	.what = "add a note to a ticket",
	.sql = "WITH cur AS (SELECT state, technician FROM tickets WHERE no = $1 FOR UPDATE),"
	       " upd AS (UPDATE tickets t SET version = t.version + 1, updated_at = now()"
	       "  FROM cur WHERE t.no = $1 AND t.state = ANY($4::text[])"
	       "  AND (NOT $3::boolean OR t.technician = $2) RETURNING t AS row),"
	       " ev AS (INSERT INTO ticket_events (ticket_no, actor, kind, details)"
	       "  SELECT $1, $2, 'note', jsonb_build_object('text', $5::text) FROM upd)"
	       FOLLOWUP_TAIL("", "NULL"),
};

/* $5 the new owner's login, $6 the note, $7 the acting user may hand over
 * any ticket (TICKET_HANDOVER_ANY_ROLE), $8 the roles a ticket may be handed to. Only
 * `owner` changes: `taken_by` stays who took the first call. */
static struct db_statement stmt_handover = {
	.what = "hand a ticket over to a colleague",
	.sql = "WITH cur AS (SELECT state, technician, owner FROM tickets WHERE no = $1 FOR UPDATE),"
	       " dest AS (SELECT role, active FROM users WHERE login = $5),"
	       " upd AS (UPDATE tickets t SET owner = $5, version = t.version + 1,"
	       "  updated_at = now() FROM cur WHERE t.no = $1 AND t.state = ANY($4::text[])"
	       "  AND NOT $3::boolean AND (cur.owner = $2 OR $7::boolean) AND cur.owner <> $5"
	       "  AND EXISTS (SELECT 1 FROM dest WHERE active AND role = ANY($8::text[]))"
	       "  RETURNING t AS row, cur.owner AS was),"
	       " ev AS (INSERT INTO ticket_events (ticket_no, actor, kind, details)"
	       "  SELECT $1, $2, 'handover', jsonb_build_object('from', was, 'to', $5::text,"
	       "   'note', $6::text) FROM upd)"
	       FOLLOWUP_TAIL(
	           "WHEN NOT (cur.owner = $2 OR $7::boolean) THEN 'not_owner'"
	           " WHEN NOT EXISTS (SELECT 1 FROM dest WHERE active) THEN 'no_user'"
	           " WHEN NOT EXISTS (SELECT 1 FROM dest WHERE role = ANY($8::text[]))"
	           "  THEN 'not_staff' WHEN cur.owner = $5 THEN 'same_owner'",
	           "cur.owner || '|' || coalesce((SELECT role FROM dest), '')"),
};

/* A blank: ASCII white space or the ideographic space (U+3000). */
#define IDEOGRAPHIC_SPACE "\xe3\x80\x80"

static bool
ascii_blank(char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/* The bytes of the blank at the start of s, or 0. */
static size_t
blank_after(const char *s)
{
	if (ascii_blank(*s))
		return 1;
	return strncmp(s, IDEOGRAPHIC_SPACE, 3) == 0 ? 3 : 0;
}

/* The bytes of the blank that ends [start, end), or 0. */
static size_t
blank_before(const char *start, const char *end)
{
	if (end > start && ascii_blank(end[-1]))
		return 1;
	return end - start >= 3 && memcmp(end - 3, IDEOGRAPHIC_SPACE, 3) == 0 ? 3 : 0;
}

/* Text argument name, required, trimmed into buf (room for max characters
 * of UTF-8), then neither empty nor longer than max characters. */
static bool
arg_words(const cJSON *args, const char *name, size_t max, char *buf,
    struct proto_error *err)
{
	const char *raw, *end;
	size_t k, chars = 0;

	if (!arg_string(args, name, ARG_REQUIRED, (size_t)-1, &raw, err))
		return false;
	while ((k = blank_after(raw)) > 0)
		raw += k;
	for (end = raw + strlen(raw); (k = blank_before(raw, end)) > 0; end -= k)
		;
	if (end == raw)
		return proto_fail(err, PROTO_INVALID_ARGUMENT, name, "%s must not be empty", name);
	for (const char *p = raw; p < end; p++)
		chars += ((unsigned char)*p & 0xC0) != 0x80;
	if (chars > max)
		return proto_fail(err, PROTO_INVALID_ARGUMENT, name,
		    "%s is longer than %zu characters", name, max);
	memcpy(buf, raw, (size_t)(end - raw));
	buf[end - raw] = '\0';
	return true;
}

static void
note_exec(struct request *req)
{
	const char *no;
	char text[TICKET_NOTE_MAX * 4 + 1];
	const char *extra[1] = { text };
	struct proto_error err;

	if (!arg_text(req->args, "no", ARG_REQUIRED, TICKET_NO_MAX, &no, &err) ||
	    !arg_words(req->args, "text", TICKET_NOTE_MAX, text, &err)) {
		request_fail(req, &err);
		return;
	}
	transition_run(req, &stmt_note, no, 1, extra, NULL);
}

const struct op_entry op_ticket_note = {
	.name = "ticket.note",
	.roles = ROLES_STAFF & ~ROLE_BIT(ROLE_ADMIN),
	.summary = "a note in a ticket's history (technicians: their own tickets): no, text",
	.exec = note_exec,
};

/* The roles a ticket may be handed to: those who may hand it on, the
 * op's own, as an array literal ("{operator,dispatcher}") and in words. */
static void
handover_roles(char *array, size_t asize, char *words, size_t wsize)
{
	size_t a = 0, w = 0;

	array[a++] = '{';
	words[0] = '\0';
	for (int r = 0; r < ROLE_COUNT; r++) {
		if (!(op_ticket_handover.roles & ROLE_BIT(r)))
			continue;
		a += (size_t)snprintf(array + a, asize - a, "%s%s", a > 1 ? "," : "",
		    role_name(r));
		w += (size_t)snprintf(words + w, wsize - w, "%s%s", w > 0 ? ", " : "",
		    role_name(r));
	}
	snprintf(array + a, asize - a, "}");
}

/* ticket.handover's own refusals (transition.h); detail "owner|role". */
static bool
handover_refusal(struct request *req, const char *no, const char *status,
    const char *state, char *detail)
{
	const char *to = cJSON_GetStringValue(cJSON_GetObjectItem(req->args, "to"));
	char *role = detail != NULL ? strchr(detail, '|') : NULL, array[64], words[64];

	(void)state;
	if (role != NULL)
		*role++ = '\0';
	handover_roles(array, sizeof array, words, sizeof words);
	if (strcmp(status, "not_owner") == 0)
		request_failf(req, PROTO_FORBIDDEN, "no", "ticket %s is owned by %s: only its "
		    "owner or a %s hands it over", no, detail, TICKET_HANDOVER_ANY_ROLE);
	else if (strcmp(status, "no_user") == 0)
		request_failf(req, PROTO_NOT_FOUND, "to", "no active user %s", to);
	else if (strcmp(status, "not_staff") == 0)
		request_failf(req, PROTO_INVALID_ARGUMENT, "to", "%s is a %s: a ticket is "
		    "handed to one of: %s", to, role != NULL ? role : "?", words);
	else if (strcmp(status, "same_owner") == 0)
		request_failf(req, PROTO_CONFLICT, "to", "ticket %s is already owned by %s", no, to);
	else
		return false;
	return true;
}

static void
handover_exec(struct request *req)
{
	const char *no, *to;
	char note[TICKET_NOTE_MAX * 4 + 1], roles[64], words[64];
	const char *extra[4] = { NULL, note,
	    strcmp(role_name(req->client->role), TICKET_HANDOVER_ANY_ROLE) == 0 ? "true" : "false",
	    roles };
	struct proto_error err;

	if (!arg_text(req->args, "no", ARG_REQUIRED, TICKET_NO_MAX, &no, &err) ||
	    !arg_text(req->args, "to", ARG_REQUIRED, LOGIN_MAX, &to, &err) ||
	    !arg_words(req->args, "note", TICKET_NOTE_MAX, note, &err)) {
		request_fail(req, &err);
		return;
	}
	if (!valid_login(to)) {
		request_failf(req, PROTO_INVALID_ARGUMENT, "to", "to must be a user's login");
		return;
	}
	extra[0] = to;
	handover_roles(roles, sizeof roles, words, sizeof words);
	transition_run(req, &stmt_handover, no, 4, extra, handover_refusal);
}

const struct op_entry op_ticket_handover = {
	.name = "ticket.handover",
	.roles = ROLE_BIT(ROLE_OPERATOR) | ROLE_BIT(ROLE_DISPATCHER),
	.summary = "hand the ticket's first-contact ownership to a colleague (the owner, or "
	           "a dispatcher): no, to, note",
	.exec = handover_exec,
};
