/*
 * complaint_states.h: the states each op on a complaint starts from
 * (svcdesk-protocol(7), COMPLAINT STATES) as a table, as states.h is for
 * tickets, and the one place this rule is written: the client offers a
 * complaint's dialogs from it, and the daemon's guarded statements
 * (server/complaint_flow.c, server/attribute.c) take their starting states
 * from it, complaint_transition_from_array's list passed as a text[]
 * parameter (`state = ANY($N::text[])`).
 */
#ifndef SVCDESK_COMPLAINT_STATES_H
#define SVCDESK_COMPLAINT_STATES_H

#include <stdbool.h>

struct complaint_transition {
	const char *op;      /* "complaint.classify" */
	const char *from;    /* the states it starts from, comma-separated */
};

extern const struct complaint_transition complaint_transitions[];  /* {NULL} ends */

const struct complaint_transition *complaint_transition_find(const char *op);
/* True when op may run on a complaint in this state (false for an op that
 * is not in the table). */
bool complaint_transition_allowed(const char *op, const char *state);
/* The from-list of op as a PostgreSQL array literal: "{received,routed}". */
const char *complaint_transition_from_array(const char *op, char *buf,
    unsigned size);

#endif
