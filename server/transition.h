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
