/*
 * widget/people.c: department.list as choice lists; see people.h.
 */
#include "client/widget/people.h"
#include "client/widget/labels.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const only_none[] = { "", NULL };

static char *
dup_text(const char *s)
{
	char *t = malloc(strlen(s) + 1);

	if (t != NULL)
		memcpy(t, s, strlen(s) + 1);
	return t;
}

static void
free_list(char **list)
{
	for (int i = 0; list != NULL && list[i] != NULL; i++)
		free(list[i]);
	free(list);
}

void
people_free(struct people *p)
{
	for (int i = 0; p->members != NULL && i < p->n; i++)
		free_list(p->members[i]);
	free(p->members);
	free_list(p->departments);
	memset(p, 0, sizeof *p);
}

/* "" and each member's "login name", NULL-terminated (NULL: out of memory). */
static char **
member_list(const cJSON *members)
{
	int n = cJSON_GetArraySize(members), k = 1;
	char **list = calloc((size_t)n + 2, sizeof *list);
	const cJSON *m;
	char code[256];

	if (list == NULL || (list[0] = dup_text("")) == NULL) {
		free(list);
		return NULL;
	}
	cJSON_ArrayForEach(m, members) {
		snprintf(code, sizeof code, "%s %s", ui_jstr(m, "login"), ui_jstr(m, "name"));
		if (ui_jstr(m, "login")[0] && (list[k] = dup_text(code)) != NULL)
			k++;
	}
	return list;
}

bool
people_take(struct people *p, const cJSON *departments)
{
	int n = cJSON_GetArraySize(departments), k = 1;
	const cJSON *d;

	if (!cJSON_IsArray(departments))
		return false;
	people_free(p);
	p->departments = calloc((size_t)n + 2, sizeof *p->departments);
	p->members = calloc((size_t)n + 1, sizeof *p->members);
	if (p->departments == NULL || p->members == NULL ||
	    (p->departments[0] = dup_text("")) == NULL ||
	    (p->members[0] = member_list(NULL)) == NULL) {
		people_free(p);
		return false;
	}
	p->n = 1;
	cJSON_ArrayForEach(d, departments) {
		if (!ui_jstr(d, "code")[0] || (p->departments[k] = dup_text(ui_jstr(d, "code"))) == NULL)
			continue;
		p->members[k] = member_list(cJSON_GetObjectItemCaseSensitive(d, "members"));
		p->n = ++k;
	}
	return true;
}

const char *const *
people_departments(const struct people *p)
{
	return p->departments != NULL ? (const char *const *)p->departments : only_none;
}

const char *const *
people_members(const struct people *p, const char *department)
{
	for (int i = 1; i < p->n; i++)
		if (strcmp(p->departments[i], department) == 0 && p->members[i] != NULL)
			return (const char *const *)p->members[i];
	return only_none;
}

const char *
people_login(const char *code, char *buf, size_t len)
{
	size_t n = strcspn(code, " ");

	snprintf(buf, len, "%.*s", (int)n, code);
	return buf;
}

const char *
people_department_of(const struct people *p, const char *login, const char **code)
{
	char who[64];

	for (int i = 1; i < p->n; i++)
		for (int k = 1; p->members[i] != NULL && p->members[i][k] != NULL; k++)
			if (strcmp(people_login(p->members[i][k], who, sizeof who), login) == 0) {
				*code = p->members[i][k];
				return p->departments[i];
			}
	return NULL;
}

const char *
people_department_label(const char *code)
{
	return code[0] ? label_department(code) : _("(none)");
}

const char *
people_member_label(const char *code)
{
	return code[0] ? code : _("all of it");
}
