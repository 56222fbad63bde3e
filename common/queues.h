/*
 * queues.h: which tickets each ticket.list queue holds, the one statement
 * of the rule. The client decides with it where a pushed ticket goes (a row
 * joins, moves or leaves a list without asking the daemon); the daemon
 * answers ticket.list with one SQL statement per queue (server/ticket.c,
 * QUEUES), written for its indexes, which test_queues
 * (tests/integration/test_queues.c) holds to ticket_queue_holds for tickets
 * in every state. See svcdesk-protocol(7), ticket.list.
 */
#ifndef SVCDESK_QUEUES_H
#define SVCDESK_QUEUES_H

#include <stdbool.h>

/* The open states (not completed, closed or cancelled), for C and for the
 * daemon's SQL; test_client_lists holds the two spellings equal. */
#define TICKET_OPEN_STATES "new,dispatched,on_site,in_shop,repaired,inspected"
#define TICKET_OPEN_STATES_SQL \
	"('new', 'dispatched', 'on_site', 'in_shop', 'repaired', 'inspected')"

/* What the rule reads of a ticket ("" for a member that is null). */
struct queue_ticket {
	const char *state, *region, *technician, *owner;
	bool overdue;       /* the daemon's sweep marked it late */
	bool callback;      /* a call-back is set (callback_at): the customer
	                       was not reached on the return visit */
};

/* Who asks: queue "mine" is theirs; a technician sees only the tickets
 * dispatched to them, in every queue. */
struct queue_viewer {
	const char *user;
	bool technician;
};

/* True when state is one of TICKET_OPEN_STATES. */
bool ticket_state_open(const char *state);
/* Whether ticket.list {queue, region} answers t to who (region NULL: every
 * region). An unknown queue holds nothing. */
bool ticket_queue_holds(const char *queue, const char *region,
    const struct queue_viewer *who, const struct queue_ticket *t);
/* Whether queue is one of ticket_queue_names (common/domain.h) and has a
 * rule here. */
bool ticket_queue_known(const char *queue);

#endif
