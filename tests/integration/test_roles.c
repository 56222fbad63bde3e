/*
 * test_roles.c: the op table holds for every op and every role, read at run
 * time, so an op or a role added later is covered without touching this
 * file: op.list gives each op with its roles; a user of every role in
 * common/roles.c (role_names; one is made when the database has none) runs
 * every op with {} as its arguments, and the answer is `forbidden` exactly
 * when the role is not among the op's roles, never otherwise (whatever
 * else {} earns: invalid_argument, not_found, ok). session.logout runs
 * last, since it ends the session.
 */
#include <stdio.h>
#include <string.h>

#include "common/roles.h"
#include "tests/integration/harness.h"
#include "tests/integration/suites.h"

H_ENV_FIXTURE(E)

/* A user of role (the demo user named after it, or one made for it). */
static void
user_of(const char *role, char *login, size_t size)
{
	h_sqlf(E.db, "INSERT INTO users (login, name, role, password_hash)"
	    " SELECT 'role.%s', '%s', '%s', password_hash FROM users WHERE login = 'operator'"
	    " AND NOT EXISTS (SELECT 1 FROM users WHERE role = '%s' AND active)",
	    role, role, role, role);
	char sql[256];
	snprintf(sql, sizeof sql, "SELECT login FROM users WHERE role = '%s' AND active"
	    " ORDER BY login = '%s' DESC, login LIMIT 1", role, role);
	h_sql_value(E.db, sql, login, size);
}

static bool
lists_role(const cJSON *op, const char *role)
{
	const cJSON *r;

	cJSON_ArrayForEach(r, h_member(op, "roles"))
		if (cJSON_IsString(r) && strcmp(r->valuestring, role) == 0)
			return true;
	return false;
}

static void
expect_verdict(struct conn *c, const cJSON *op, const char *role)
{
	const char *name = h_str(op, "name");
	bool may = lists_role(op, role) || cJSON_IsFalse(h_member(op, "login"));
	cJSON *r = h_call(c, name, "{}");
	bool forbidden = !reply_ok(r) && strcmp(reply_code(r), "forbidden") == 0;

	ck_assert_msg(forbidden == !may, "%s as %s: %s (roles %s)", name, role, h_show(r),
	    h_show(h_member(op, "roles")));
	ck_assert_msg(cJSON_IsBool(h_member(op, "allowed")) &&
	    cJSON_IsTrue(h_member(op, "allowed")) == may, "%s as %s: op.list says %s",
	    name, role, h_show(op));
	cJSON_Delete(r);
}

START_TEST(test_every_op_as_every_role)
{
	int checked = 0;

	for (int i = 0; role_names[i] != NULL; i++) {
		char login[64];
		user_of(role_names[i], login, sizeof login);
		ck_assert_msg(login[0], "no user of role %s", role_names[i]);
		struct conn *c = h_connect_as(E.d, login);
		cJSON *list = h_expect_ok(h_call(c, "op.list", "{}"));
		const cJSON *ops = h_member(reply_result(list), "ops"), *op, *logout = NULL;

		ck_assert_int_gt(cJSON_GetArraySize(ops), 40);
		cJSON_ArrayForEach(op, ops) {
			if (strcmp(h_str(op, "name"), "session.logout") == 0) {
				logout = op;
				continue;
			}
			expect_verdict(c, op, role_names[i]);
			checked++;
		}
		h_ping(c);   /* the daemon survived all of it */
		ck_assert(logout != NULL);
		expect_verdict(c, logout, role_names[i]);
		cJSON_Delete(list);
		conn_close(c);
	}
	ck_assert_int_gt(checked, 40 * ROLE_COUNT);
}
END_TEST

Suite *
roles_suite(void)
{
	Suite *s = suite_create("roles");
	TCase *tc = tcase_create("table");

	tcase_set_timeout(tc, H_TEST_TIMEOUT);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_every_op_as_every_role);
	suite_add_tcase(s, tc);
	return s;
}
