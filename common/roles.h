/*
 * roles.h: the seven roles (doc/domain.md, Roles) as bits, so an op
 * lists the roles that may run it as one mask.
 */
#ifndef SVCDESK_ROLES_H
#define SVCDESK_ROLES_H

enum role {
	ROLE_OPERATOR,
	ROLE_DISPATCHER,
	ROLE_TECHNICIAN,
	ROLE_QUALITY,
	ROLE_MANAGER,
	ROLE_ADMIN,
	ROLE_DEPARTMENT,     /* production, warehouse, R&D...: the complaints passing them */
	ROLE_COUNT,
	ROLE_NONE = -1
};

#define ROLE_BIT(r) (1u << (r))
#define ROLES_ALL ((1u << ROLE_COUNT) - 1)
/* Every role but a department's: the ones that read tickets and customers
 * (a department's users see only the complaints that pass through them). */
#define ROLES_STAFF (ROLES_ALL & ~ROLE_BIT(ROLE_DEPARTMENT))

/* NULL-terminated, in enum order: usable with arg_enum. */
extern const char *const role_names[];

const char *role_name(enum role r);
enum role role_from_name(const char *name);  /* ROLE_NONE when unknown */

#endif
