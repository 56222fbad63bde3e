/*
 * widget/people.h: the departments and their people (department.list) as
 * the code lists of two form choices that go together: a department (or
 * none), then one of its members (or the whole department). Quality picks
 * a complaint's responsibility shares from them (screen/complaint_forms.c)
 * instead of typing codes. Until the list is in, each list holds only the
 * empty choice. A member's code is "login name": the login to send, the
 * name to recognise them by.
 */
#ifndef SVCDESK_WIDGET_PEOPLE_H
#define SVCDESK_WIDGET_PEOPLE_H

#include "client/ui/ui.h"

struct people {
	char **departments;     /* "" then each department's code, NULL-terminated */
	char ***members;        /* per departments[i]: "" then "login name", NULL-terminated */
	int n;                  /* entries of departments, the "" included */
};

/* Takes department.list's `departments` (replacing what was there); false
 * when it is not such a list (nothing kept). */
bool people_take(struct people *p, const cJSON *departments);
void people_free(struct people *p);
/* The department choice's codes; a department's member codes ("" when
 * unknown: just the whole-department choice). */
const char *const *people_departments(const struct people *p);
const char *const *people_members(const struct people *p, const char *department);
/* The department a login is a member of, or NULL; its member code in
 * *code. */
const char *people_department_of(const struct people *p, const char *login,
    const char **code);
/* The login of a member code, into buf. */
const char *people_login(const char *code, char *buf, size_t len);
/* The choices' texts: "(none)", a department's name; "all of it", "login name". */
const char *people_department_label(const char *code);
const char *people_member_label(const char *code);

#endif
