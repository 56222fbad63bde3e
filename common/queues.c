/*
 * queues.c: the ticket.list queues' rule; see queues.h.
 */
#include <stddef.h>
#include <string.h>

#include "common/queues.h"

/* Each queue: the states it holds (comma-separated; NULL: every state),
 * and whether only the tickets marked overdue, the viewer's own
 * (dispatched to them, or theirs to follow up), or those waiting for a
 * call-back after an unreachable return visit are in it. */
static const struct {
	const char *name, *states;
	bool overdue, mine, callback;
} queues[] = {
	{ "new", "new", false, false, false },
	{ "dispatched", "dispatched", false, false, false },
	{ "overdue", TICKET_OPEN_STATES, true, false, false },
	{ "mine", TICKET_OPEN_STATES, false, true, false },
	{ "in_shop", "in_shop,repaired", false, false, false },
	{ "to_inspect", "repaired", false, false, false },
	{ "to_visit", "completed", false, false, false },   /* by the visit's due day */
	{ "callbacks", "completed", false, false, true },   /* by the call-back time */
	{ "all", NULL, false, false, false },
};
#define NQUEUES (sizeof queues / sizeof queues[0])

/* Is word one of the comma-separated list? */
static bool
listed(const char *list, const char *word)
{
	size_t n = strlen(word), k;

	for (const char *p = list; *p; p += k + (p[k] == ',')) {
		k = strcspn(p, ",");
		if (k == n && strncmp(p, word, n) == 0)
			return true;
	}
	return false;
}

bool
ticket_state_open(const char *state)
{
	return state[0] != '\0' && listed(TICKET_OPEN_STATES, state);
}

static int
queue_index(const char *queue)
{
	for (size_t i = 0; i < NQUEUES; i++)
		if (strcmp(queues[i].name, queue) == 0)
			return (int)i;
	return -1;
}

bool
ticket_queue_known(const char *queue)
{
	return queue_index(queue) >= 0;
}

bool
ticket_queue_holds(const char *queue, const char *region,
    const struct queue_viewer *who, const struct queue_ticket *t)
{
	int q = queue_index(queue);
	bool own = who->user[0] && strcmp(t->technician, who->user) == 0;

	if (q < 0 || (region != NULL && strcmp(t->region, region) != 0))
		return false;
	if (who->technician && !own)
		return false;
	if (queues[q].states != NULL && !listed(queues[q].states, t->state))
		return false;
	if ((queues[q].overdue && !t->overdue) || (queues[q].callback && !t->callback))
		return false;
	return !queues[q].mine || own ||
	    (who->user[0] && strcmp(t->owner, who->user) == 0);
}
