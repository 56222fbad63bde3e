/*
 * transition.h: running a ticket transition (dispatch.c, repair.c) and
 * answering it. Each transition is one guarded statement (see dispatch.c)
 * answering one row: (ticket json, 'ok', state[, detail]) when it moved, or
 * (NULL, status, current state[, detail]) when it did not; no row when there
 * is no such ticket. Parameters: $1 ticket no, $2 acting user, $3 the user is
 * a technician, $4 the allowed from-states, then the op's own.
 */
#ifndef SVCDESK_TRANSITION_H
#define SVCDESK_TRANSITION_H

#include <stdbool.h>

struct db_statement;
struct request;

#define TRANSITION_EXTRA_MAX 6

/* The answer of a transition statement whose CTEs are `cur` (the ticket
 * locked: state, technician), `upd` (the ticket moved: row) and `why` (one
 * row or none: detail, and any status the `more` WHEN branches read): ok,
 * or why not, after "not yours" and the wrong state. */
#define TRANSITION_WHY_TAIL(more) \
	" SELECT ticket_json(upd.row)::text, 'ok', (upd.row).state, NULL FROM upd" \
	" UNION ALL SELECT NULL, CASE WHEN $3::boolean AND cur.technician IS DISTINCT FROM $2" \
	"  THEN 'not_yours' WHEN NOT cur.state = ANY($4::text[]) THEN 'state' " more \
	"  ELSE 'state' END, cur.state, why.detail" \
	" FROM cur LEFT JOIN why ON true WHERE NOT EXISTS (SELECT 1 FROM upd)"

/* A refusal's detail "a|b|c|d" split in place into n fields (the last keeps
 * any further '|'); false when there are fewer than n. */
bool transition_split_detail(char *detail, char **fields, int n);

/* An op's own refusals: answers the request and returns true for a status
 * it knows; false leaves "not_yours" and the wrong state to the runner. */
typedef bool (*transition_refusal)(struct request *req, const char *no,
    const char *status, const char *state, char *detail);

/* Runs stmt for ticket `no` with up to TRANSITION_EXTRA_MAX extra
 * parameters; answers with the ticket and pushes it as ticket.changed. */
void transition_run(struct request *req, struct db_statement *stmt,
    const char *no, int nextra, const char *const *extra,
    transition_refusal refusal);

#endif
