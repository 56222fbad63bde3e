/*
 * states.c: the ticket transitions; see states.h.
 */
#include "common/states.h"

#include <stdio.h>
#include <string.h>

const struct ticket_transition ticket_transitions[] = {
	{ "ticket.dispatch", "new,dispatched", "dispatched" },
	{ "ticket.appoint", "new,dispatched,on_site", NULL },
	{ "ticket.arrive", "dispatched", "on_site" },
	{ "ticket.cancel", "new,dispatched", "cancelled" },
	{ "ticket.take_back", "on_site", "in_shop" },
	{ "ticket.repair", "on_site,in_shop", NULL },
	{ "ticket.inspect", "repaired", "inspected" },
	{ "ticket.complete", "on_site,inspected", "completed" },
	{ "ticket.postpone", "new,dispatched,on_site,in_shop,repaired,inspected", NULL },
	{ "visit.record", "completed", "closed" },
	/* not transitions: they change no state (doc/domain.md, Notes and
	 * handovers); a note goes on any ticket, a closed or cancelled one
	 * has nobody left to hand it to */
	{ "ticket.note", "new,dispatched,on_site,in_shop,repaired,inspected,completed,"
	    "closed,cancelled", NULL },
	{ "ticket.handover", "new,dispatched,on_site,in_shop,repaired,inspected,completed",
	    NULL },
	/* the money controls (doc/domain.md, Charges; Three guarantees): no
	 * state changes; a request and its decision while the ticket can still
	 * be completed, a certificate on any ticket not cancelled */
	{ "approval.request", "on_site,in_shop,repaired,inspected", NULL },
	{ "approval.decide", "on_site,in_shop,repaired,inspected", NULL },
	{ "ticket.guarantee", "new,dispatched,on_site,in_shop,repaired,inspected,completed,"
	    "closed", NULL },
	{ NULL, NULL, NULL }
};

const struct ticket_transition *
ticket_transition_find(const char *op)
{
	for (const struct ticket_transition *t = ticket_transitions; t->op; t++)
		if (strcmp(t->op, op) == 0)
			return t;
	return NULL;
}

bool
ticket_transition_allowed(const char *op, const char *state)
{
	const struct ticket_transition *t = ticket_transition_find(op);
	size_t n = strlen(state);

	for (const char *p = t ? t->from : ""; *p; p += strcspn(p, ",") + (p[strcspn(p, ",")] == ',')) {
		if (strncmp(p, state, n) == 0 && (p[n] == ',' || p[n] == '\0'))
			return true;
	}
	return false;
}

const char *
ticket_transition_from_array(const struct ticket_transition *t, char *buf,
    unsigned size)
{
	snprintf(buf, size, "{%s}", t->from);
	return buf;
}
