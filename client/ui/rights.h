/*
 * ui/rights.h: what this user may run, as the daemon says it:
 * op.list's answer (every op with its roles and `allowed` for the caller),
 * read after each login by ui/net.c into app.rights. Screens decide which
 * actions to offer from it instead of a copy of the daemon's role table.
 * (Included by ui.h for struct app: it includes nothing of the client.)
 */
#ifndef SVCDESK_RIGHTS_H
#define SVCDESK_RIGHTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cjson/cJSON.h>

struct app;

#define OP_RIGHTS_MAX 96

struct op_right {
	char name[40];
	char roles[96];      /* the role codes, comma-separated */
	bool allowed;        /* for the user logged in */
};

struct op_rights {
	struct op_right ops[OP_RIGHTS_MAX];
	int n;
	bool known;          /* an answer came since the login */
	int64_t request;     /* op.list in flight, 0: none */
};

/* Sends op.list; the answer fills r (which must outlive the request: a
 * view's state does). */
void op_rights_fetch(struct app *a, struct op_rights *r);
/* Forgets everything (logged out, a request in flight cancelled). */
void op_rights_clear(struct app *a, struct op_rights *r);
/* Takes op.list's result {ops: [{name, roles, allowed}, ...]}. */
void op_rights_take(struct op_rights *r, const cJSON *result);
/* False while unknown and for an op the answer did not list. */
bool op_rights_allowed(const struct op_rights *r, const char *op);
/* The roles that may run op, in words ("Quality, Manager"); "" unknown. */
const char *op_rights_roles(const struct op_rights *r, const char *op,
    char *buf, size_t len);

#endif /* SVCDESK_RIGHTS_H */
