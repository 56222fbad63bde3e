/*
 * recalls.c: the names declared in recalls.h.
 */
#include "common/recalls.h"

#include <stddef.h>

const char *const recall_queue_names[] = { "open", "closed", NULL };
const char *const recall_unit_state_names[] = {
	"pending", "notified", "unreachable", "booked", "done", "written_off", NULL
};
const char *const recall_unit_step_names[] = {
	"notified", "unreachable", "booked", "done", "written_off", NULL
};
const char *const recall_unit_page_names[] = { "all", "open", "to_call", NULL };
