/*
 * complaint_states.c: the complaint transitions; see complaint_states.h.
 * Closing from received or routed (not substantiated) also needs a reason:
 * the daemon's statement lets only follow_up close without one. Attribute
 * changes no state and is allowed in every one.
 */
#include "common/complaint_states.h"

#include <stdio.h>
#include <string.h>

const struct complaint_transition complaint_transitions[] = {
	{ "complaint.classify", "received" },
	{ "complaint.advance", "routed" },
	{ "complaint.approve", "proposed" },
	{ "complaint.reply", "approved" },
	{ "complaint.close", "received,routed,follow_up" },
	{ "complaint.attribute", "received,routed,proposed,approved,follow_up,closed" },
	{ NULL, NULL }
};

const struct complaint_transition *
complaint_transition_find(const char *op)
{
	for (const struct complaint_transition *t = complaint_transitions; t->op; t++)
		if (strcmp(t->op, op) == 0)
			return t;
	return NULL;
}

bool
complaint_transition_allowed(const char *op, const char *state)
{
	const struct complaint_transition *t = complaint_transition_find(op);
	char list[128], item[48];

	if (t == NULL || state == NULL || state[0] == '\0' || strchr(state, ','))
		return false;
	/* ",a,b," holds ",state," exactly when state is one of them */
	snprintf(list, sizeof list, ",%s,", t->from);
	snprintf(item, sizeof item, ",%s,", state);
	return strstr(list, item) != NULL;
}

const char *
complaint_transition_from_array(const char *op, char *buf, unsigned size)
{
	const struct complaint_transition *t = complaint_transition_find(op);

	snprintf(buf, size, "{%s}", t != NULL ? t->from : "");
	return buf;
}
