/*
 * domain.c: the domain's enumerations; see domain.h.
 */
#include <stddef.h>
#include <string.h>

#include "common/domain.h"

const char *const region_names[] = { "urban", "suburban", "county", NULL };
const char *const ticket_type_names[] = { "B", "Y", "Z", "Q", NULL };
const char *const channel_names[] = { "phone", "letter", "visit", "email", "web", NULL };
const char *const service_class_names[] = { "A", "B", "C", "D", NULL };
const char *const ticket_queue_names[] = {
	"new", "dispatched", "overdue", "mine", "in_shop", "to_inspect",
	"to_visit", "callbacks", "all", NULL
};
const char *const visit_outcome_names[] = { "done", "unreachable", NULL };

bool
is_complaint_no(const char *no)
{
	size_t n = strspn(no, "0123456789");

	return n >= 9 && no[n] == '\0';
}
