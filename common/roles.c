/*
 * roles.c: role names.
 */
#include "common/roles.h"

#include <string.h>

const char *const role_names[] = {
	"operator", "dispatcher", "technician", "quality", "manager", "admin", "department",
	NULL
};

const char *
role_name(enum role r)
{
	return r >= 0 && r < ROLE_COUNT ? role_names[r] : "";
}

enum role
role_from_name(const char *name)
{
	for (int i = 0; name && i < ROLE_COUNT; i++)
		if (strcmp(role_names[i], name) == 0)
			return (enum role)i;
	return ROLE_NONE;
}
