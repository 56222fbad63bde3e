/*
 * routes.h: what a complaint route must be to work (doc/domain.md,
 * Complaint routes), written once for both sides: route.set refuses a
 * route by these rules (server/route.c), and the route editor checks the
 * same before it sends (client/screen/routes.c). That each department
 * exists is the database's to say (route.set looks it up).
 */
#ifndef SVCDESK_ROUTES_H
#define SVCDESK_ROUTES_H

#include <stdbool.h>

/* At most this many stages; a stage's budget and a route's total in
 * working days, in halves, from 0.5 to these. */
#define ROUTE_STAGES_MAX 20
#define ROUTE_STAGE_DAYS_MAX 60
#define ROUTE_CLOSE_DAYS_MAX 120
#define ROUTE_DEPARTMENT_MAX 32

struct route_stage {
	const char *department;   /* a department's code */
	double days;              /* its budget, working days */
};

enum route_problem {
	ROUTE_OK,
	ROUTE_NO_STAGES,          /* none, or more than ROUTE_STAGES_MAX */
	ROUTE_NO_DEPARTMENT,      /* stage `at` names none */
	ROUTE_STAGE_DAYS,         /* stage `at`: not 0.5..ROUTE_STAGE_DAYS_MAX in halves */
	ROUTE_REPEATED,           /* stage `at` has the department of the one before */
	ROUTE_CLOSE_DAYS,         /* the total: not 0.5..ROUTE_CLOSE_DAYS_MAX in halves */
	ROUTE_OVER_TOTAL,         /* the stages add up to more than the total */
};

/* A number of working days from 0.5 to max, in halves. */
bool route_days_valid(double days, double max);
/* The first problem of stages[0..n) with this total (close_days), the
 * stage it is at in *at (-1 for the route as a whole). */
enum route_problem route_check(const struct route_stage *stages, int n,
    double close_days, int *at);
/* The stages' budgets added up. */
double route_stage_days(const struct route_stage *stages, int n);

#endif
