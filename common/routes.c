/*
 * routes.c: the rules of a complaint route that can work (common/routes.h):
 * stages there are, each with a department and a budget, no department
 * twice in a row (a stage handed to itself), and budgets that fit in the
 * route's total so the close deadline can be met.
 */
#include "common/routes.h"

#include <math.h>
#include <stddef.h>

bool
route_days_valid(double days, double max)
{
	return days >= 0.5 && days <= max && days * 2 == floor(days * 2);
}

double
route_stage_days(const struct route_stage *stages, int n)
{
	double sum = 0;

	for (int i = 0; i < n; i++)
		sum += stages[i].days;
	return sum;
}

/* Departments are codes of a-z and _: byte comparison is enough. */
static bool
same_department(const char *a, const char *b)
{
	while (*a != '\0' && *a == *b)
		a++, b++;
	return *a == *b;
}

enum route_problem
route_check(const struct route_stage *stages, int n, double close_days, int *at)
{
	*at = -1;
	if (n < 1 || n > ROUTE_STAGES_MAX)
		return ROUTE_NO_STAGES;
	for (int i = 0; i < n; i++) {
		*at = i;
		if (stages[i].department == NULL || stages[i].department[0] == '\0')
			return ROUTE_NO_DEPARTMENT;
		if (!route_days_valid(stages[i].days, ROUTE_STAGE_DAYS_MAX))
			return ROUTE_STAGE_DAYS;
		if (i > 0 && same_department(stages[i].department, stages[i - 1].department))
			return ROUTE_REPEATED;
	}
	*at = -1;
	if (!route_days_valid(close_days, ROUTE_CLOSE_DAYS_MAX))
		return ROUTE_CLOSE_DAYS;
	if (route_stage_days(stages, n) > close_days)
		return ROUTE_OVER_TOTAL;
	return ROUTE_OK;
}
