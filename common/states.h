/*
 * states.h: the ticket state machine (svcdesk-protocol(7), TICKET STATES)
 * as a table, shared by the daemon (each transition's guard) and the client
 * (a screen offers only the actions allowed now).
 */
#ifndef SVCDESK_STATES_H
#define SVCDESK_STATES_H

#include <stdbool.h>

struct ticket_transition {
	const char *op;            /* e.g. "ticket.dispatch" */
	const char *from;          /* the states it starts from, comma-separated */
	const char *to;            /* NULL: the state does not change */
};

extern const struct ticket_transition ticket_transitions[];  /* {NULL} ends */

/* ticket.handover: the ticket's owner hands it over, and so may this role
 * (the supervisor) for any ticket (doc/domain.md, Notes and handovers). */
#define TICKET_HANDOVER_ANY_ROLE "dispatcher"

const struct ticket_transition *ticket_transition_find(const char *op);
/* True when op may run on a ticket in this state. */
bool ticket_transition_allowed(const char *op, const char *state);
/* The from-list as a PostgreSQL array literal, e.g. "{new,dispatched}". */
const char *ticket_transition_from_array(const struct ticket_transition *t,
    char *buf, unsigned size);

#endif
