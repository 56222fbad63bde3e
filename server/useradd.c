/*
 * useradd.c: `svcdeskd useradd USER ROLE [--name NAME]`: creates or updates
 * a user, reading the password from one line of standard input, and stores
 * only its Argon2id hash.
 */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libpq-fe.h>
#include <sodium.h>

#include "common/roles.h"
#include "server/auth.h"
#include "server/tools.h"

#define PASSWORD_MIN 8

static bool
read_password(char *buf, size_t size)
{
	size_t n;

	if (fgets(buf, (int)size, stdin) == NULL)
		return false;
	n = strcspn(buf, "\r\n");
	if (buf[n] == '\0' && n == size - 1) {
		fprintf(stderr, "svcdeskd useradd: password longer than %zu\n", size - 2);
		return false;
	}
	buf[n] = '\0';
	return true;
}

static int
upsert(const char *conninfo, const char *params[5])
{
	PGconn *pg = PQconnectdb(conninfo);
	PGresult *res;
	int rc = 0;

	if (PQstatus(pg) != CONNECTION_OK) {
		fprintf(stderr, "svcdeskd useradd: %s", PQerrorMessage(pg));
		PQfinish(pg);
		return 1;
	}
	res = PQexecParams(pg,
	    "INSERT INTO users (login, name, role, password_hash, department) "
	    "VALUES ($1, $2, $3, $4, $5) "
	    "ON CONFLICT (login) DO UPDATE SET name = coalesce(nullif($2, $1), users.name), "
	    "role = $3, password_hash = $4, "
	    "department = coalesce($5, users.department), active = true, updated_at = now() "
	    "RETURNING (xmax = 0) AS created", 5, NULL, params, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		/* Only the primary message: the DETAIL would show the new hash. */
		fprintf(stderr, "svcdeskd useradd: %s\n",
		    PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY));
		rc = 1;
	} else
		printf("%s user %s (%s)\n", strcmp(PQgetvalue(res, 0, 0), "t") == 0 ?
		    "created" : "updated", params[0], params[2]);
	PQclear(res);
	PQfinish(pg);
	return rc;
}

int
tool_useradd(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "name", required_argument, NULL, 'n' },
		{ "department", required_argument, NULL, 'D' },
		{ NULL, 0, NULL, 0 }
	};
	const char *conninfo = getenv("SVCDESK_DB") ? getenv("SVCDESK_DB") : "";
	const char *name = NULL, *department = NULL;
	char password[AUTH_PASSWORD_MAX + 2], hash[AUTH_HASH_MAX];
	int opt, rc;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "d:n:D:", opts, NULL)) != -1) {
		if (opt == 'd')
			conninfo = optarg;
		else if (opt == 'n')
			name = optarg;
		else if (opt == 'D')
			department = optarg;
		else
			goto usage;
	}
	if (argc - optind != 2)
		goto usage;
	if (role_from_name(argv[optind + 1]) == ROLE_NONE) {
		fprintf(stderr, "svcdeskd useradd: role must be one of operator, "
		    "dispatcher, technician, quality, manager, admin, department\n");
		return 2;
	}
	if (!read_password(password, sizeof password))
		return 2;
	if (strlen(password) < PASSWORD_MIN) {
		fprintf(stderr, "svcdeskd useradd: the password needs at least %d characters\n",
		    PASSWORD_MIN);
		return 2;
	}
	if (!auth_hash_password(password, hash, sizeof hash)) {
		fprintf(stderr, "svcdeskd useradd: cannot hash the password\n");
		return 1;
	}
	sodium_memzero(password, sizeof password);
	const char *params[5] = { argv[optind], name ? name : argv[optind],
	    argv[optind + 1], hash, department };
	rc = upsert(conninfo, params);
	return rc;
usage:
	fprintf(stderr, "usage: svcdeskd useradd [--db CONNINFO] [--name NAME] "
	    "[--department CODE] USER ROLE < password\n");
	return 2;
}
