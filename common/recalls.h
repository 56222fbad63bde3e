/*
 * recalls.h: the names of recalls (svcdesk-protocol(7), recall.*): the
 * board's queues, the states of a recall's unit and the pages of its units,
 * shared by the daemon (argument checks) and the client (keys and labels).
 * Which step a unit may take is the statement's (server/recall.c).
 */
#ifndef SVCDESK_RECALLS_H
#define SVCDESK_RECALLS_H

/* recall.list queue: open, closed. NULL-terminated. */
extern const char *const recall_queue_names[];
/* A unit's states in a recall, in the order they are reached:
 * pending, notified, unreachable, booked, done, written_off. */
extern const char *const recall_unit_state_names[];
/* The states recall.unit sets (all but pending). */
extern const char *const recall_unit_step_names[];
/* recall.get units: all, open (not done or written off), to_call
 * (pending or unreachable). */
extern const char *const recall_unit_page_names[];

/* A recall's title and a unit's write-off reason, at most. */
#define RECALL_TITLE_MAX 100
#define RECALL_REASON_MAX 500
#define RECALL_MODELS_MAX 50

#endif
