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

/* One of letters, then YYMMDD and a count of at least 4 digits, nothing else. */
static bool
letter_and_digits(const char *no, const char *letters)
{
	size_t n;

	if (no[0] == '\0' || strchr(letters, no[0]) == NULL)
		return false;
	n = strspn(no + 1, "0123456789");
	return n >= 10 && no[1 + n] == '\0';
}

bool
is_ticket_no(const char *no)
{
	return letter_and_digits(no, "BYZQ");
}

bool
is_receipt_no(const char *no)
{
	return letter_and_digits(no, "R");
}
