/*
 * test_route.c: complaint routes as data (issue #5): route.get with the
 * seeded defaults, route.set (by quality or admin) that the next
 * classification follows while a routed complaint keeps its own copy,
 * every bad argument named, an unknown department, and roles.
 */
#include <stdio.h>
#include <string.h>

#include "tests/integration/harness.h"
#include "tests/integration/suites.h"

H_ENV_FIXTURE(E)

static const cJSON *
route_of(const cJSON *routes, const char *category)
{
	const cJSON *r;

	cJSON_ArrayForEach(r, routes)
		if (strcmp(h_str(r, "category"), category) == 0)
			return r;
	ck_abort_msg("no route for %s", category);
	return NULL;
}

START_TEST(test_defaults)
{
	struct conn *mgr = h_connect_as(E.d, "manager");
	cJSON *r = h_expect_ok(h_call(mgr, "route.get", NULL));
	const cJSON *routes = h_member(reply_result(r), "routes"), *p, *s;

	ck_assert_int_eq(cJSON_GetArraySize(routes), 6);
	p = route_of(routes, "product");
	ck_assert_int_eq(cJSON_GetArraySize(h_member(p, "stages")), 6);
	ck_assert_str_eq(h_str(cJSON_GetArrayItem(h_member(p, "stages"), 0), "department"),
	    "gm_office");
	ck_assert(cJSON_GetNumberValue(h_member(cJSON_GetArrayItem(h_member(p, "stages"), 0),
	    "days")) == 0.5);
	ck_assert(cJSON_GetNumberValue(h_member(p, "close_days")) == 13);
	ck_assert(cJSON_IsFalse(h_member(p, "saturday_counts")));
	ck_assert(cJSON_GetNumberValue(h_member(h_member(p, "abroad"), "close_days")) == 17);
	ck_assert(cJSON_GetNumberValue(h_member(cJSON_GetArrayItem(h_member(h_member(p, "abroad"),
	    "stages"), 4), "days")) == 12);
	s = route_of(routes, "packaging");
	ck_assert_int_eq(cJSON_GetArraySize(h_member(s, "stages")), 1);
	ck_assert_str_eq(h_str(cJSON_GetArrayItem(h_member(s, "stages"), 0), "department"),
	    "warehouse");
	ck_assert(cJSON_GetNumberValue(h_member(cJSON_GetArrayItem(h_member(s, "stages"), 0),
	    "days")) == 2);
	ck_assert(cJSON_IsTrue(h_member(s, "saturday_counts")));
	ck_assert(h_is_null(s, "abroad"));
	cJSON_Delete(r);
	conn_close(mgr);
}
END_TEST

START_TEST(test_set_then_classify)
{
	struct conn *q = h_connect_as(E.d, "quality");
	struct conn *admin = h_connect_as(E.d, "admin");
	struct conn *op = h_connect_as(E.d, "operator");
	char key[96], no[32];
	cJSON *r;

	r = h_expect_ok(h_call(q, "route.set", "{\"category\":\"service\",\"stages\":["
	    "{\"department\":\"quality\",\"days\":0.5},{\"department\":\"service\",\"days\":3}],"
	    "\"close_days\":10,\"saturday_counts\":false,\"abroad\":{\"close_days\":20}}"));
	ck_assert_int_eq(cJSON_GetArraySize(h_member(reply_result(r), "stages")), 2);
	ck_assert(cJSON_GetNumberValue(h_member(h_member(reply_result(r), "abroad"),
	    "close_days")) == 20);
	cJSON_Delete(r);
	cJSON_Delete(h_expect_ok(h_call(admin, "route.set", "{\"category\":\"contract\","
	    "\"stages\":[{\"department\":\"sales\",\"days\":1}],\"close_days\":5,"
	    "\"saturday_counts\":true}")));
	r = h_expect_ok(h_callf(op, "complaint.register", "{\"request_key\":\"%s\","
	    "\"channel\":\"phone\",\"customer\":{\"name\":\"客户\",\"phones\":[\"13911112222\"],"
	    "\"address\":\"人民路1号\",\"region\":\"urban\"},\"text\":\"态度差\"}", h_request_key(key, sizeof key)));
	snprintf(no, sizeof no, "%s", h_str(reply_result(r), "no"));
	cJSON_Delete(r);
	r = h_expect_ok(h_callf(q, "complaint.classify", "{\"no\":\"%s\",\"severity\":\"minor\","
	    "\"category\":\"service\"}", no));
	ck_assert_str_eq(h_str(h_member(reply_result(r), "stage"), "department"), "quality");
	ck_assert_str_eq(h_str(reply_result(r), "department"), "service");
	cJSON_Delete(r);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM complaint_stages WHERE "
	    "complaint_no = '%s'", no), 2);
	/* A later change does not move the complaint already routed. */
	cJSON_Delete(h_expect_ok(h_call(q, "route.set", "{\"category\":\"service\",\"stages\":["
	    "{\"department\":\"service\",\"days\":2}],\"close_days\":13,\"saturday_counts\":true}")));
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM complaint_stages WHERE "
	    "complaint_no = '%s'", no), 2);
	conn_close(q);
	conn_close(admin);
	conn_close(op);
}
END_TEST

START_TEST(test_bad_routes_and_roles)
{
	struct conn *q = h_connect_as(E.d, "quality");
	static const char *const bad[][2] = {
		{ "{\"stages\":[{\"department\":\"sales\",\"days\":1}],\"close_days\":5,"
		  "\"saturday_counts\":true}", "category" },
		{ "{\"category\":\"weather\",\"stages\":[{\"department\":\"sales\",\"days\":1}],"
		  "\"close_days\":5,\"saturday_counts\":true}", "category" },
		{ "{\"category\":\"other\",\"stages\":[],\"close_days\":5,\"saturday_counts\":true}",
		  "stages" },
		{ "{\"category\":\"other\",\"close_days\":5,\"saturday_counts\":true}", "stages" },
		{ "{\"category\":\"other\",\"stages\":[{\"days\":1}],\"close_days\":5,"
		  "\"saturday_counts\":true}", "stages[0]" },
		{ "{\"category\":\"other\",\"stages\":[{\"department\":\"sales\",\"days\":0.3}],"
		  "\"close_days\":5,\"saturday_counts\":true}", "stages[0].days" },
		{ "{\"category\":\"other\",\"stages\":[{\"department\":\"sales\",\"days\":0}],"
		  "\"close_days\":5,\"saturday_counts\":true}", "stages[0].days" },
		{ "{\"category\":\"other\",\"stages\":[{\"department\":\"sales\",\"days\":1}],"
		  "\"saturday_counts\":true}", "close_days" },
		{ "{\"category\":\"other\",\"stages\":[{\"department\":\"sales\",\"days\":1}],"
		  "\"close_days\":-2,\"saturday_counts\":true}", "close_days" },
		{ "{\"category\":\"other\",\"stages\":[{\"department\":\"sales\",\"days\":1}],"
		  "\"close_days\":5}", "saturday_counts" },
		{ "{\"category\":\"other\",\"stages\":[{\"department\":\"sales\",\"days\":1}],"
		  "\"close_days\":5,\"saturday_counts\":true,\"abroad\":3}", "abroad" },
		{ "{\"category\":\"other\",\"stages\":[{\"department\":\"sales\",\"days\":1}],"
		  "\"close_days\":5,\"saturday_counts\":true,\"abroad\":{\"stages\":[{\"department\":"
		  "\"sales\",\"days\":\"x\"}]}}", "abroad.stages[0].days" },
		{ "{\"category\":\"other\",\"stages\":[{\"department\":\"moon\",\"days\":1}],"
		  "\"close_days\":5,\"saturday_counts\":true}", "stages[0].department" },
	};
	const char *refused[] = { "operator", "manager", "technician", "dispatcher" };

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		h_expect_error(h_call(q, "route.set", bad[i][0]), "invalid_argument", bad[i][1]);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM routes WHERE category = 'other' "
	    "AND stages->0->>'department' = 'cs_manager'"), 1);
	for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
		struct conn *c = h_connect_as(E.d, refused[i]);
		h_expect_error(h_call(c, "route.set", "{\"category\":\"other\",\"stages\":["
		    "{\"department\":\"sales\",\"days\":1}],\"close_days\":5,\"saturday_counts\":true}"),
		    "forbidden", NULL);
		if (strcmp(refused[i], "manager") != 0)
			h_expect_error(h_call(c, "route.get", NULL), "forbidden", NULL);
		conn_close(c);
	}
	conn_close(q);
}
END_TEST

/* Issue #13: a route that cannot work is refused with the field named
 * (common/routes.c's rules, and each department looked up); a saved one
 * is audited with the route before and after; route.get lists the
 * departments a stage may name. */
START_TEST(test_routes_that_cannot_work)
{
	struct conn *admin = h_connect_as(E.d, "admin");
#define ROUTE(stages, close, abroad) "{\"category\":\"packaging\",\"stages\":[" stages "]," \
	"\"close_days\":" close ",\"saturday_counts\":true" abroad "}"
#define ST(dep, days) "{\"department\":\"" dep "\",\"days\":" days "}"
	static const char *const bad[][2] = {
		{ ROUTE(ST("warehouse", "61"), "80", ""), "stages[0].days" },
		{ ROUTE(ST("warehouse", "-1"), "80", ""), "stages[0].days" },
		{ ROUTE(ST("warehouse", "1") "," ST("quality", "0"), "5", ""), "stages[1].days" },
		{ ROUTE(ST("warehouse", "1"), "121", ""), "close_days" },
		{ ROUTE(ST("warehouse", "1") "," ST("quality", "1") "," ST("quality", "1"), "5", ""),
		  "stages[2].department" },
		{ ROUTE(ST("warehouse", "3") "," ST("quality", "3"), "5.5", ""), "close_days" },
		{ ROUTE(ST("warehouse", "1") "," ST("nowhere", "1"), "5", ""),
		  "stages[1].department" },
		{ ROUTE(ST("warehouse", "1"), "5", ",\"abroad\":{\"stages\":[" ST("sales", "1") ","
		  ST("sales", "1") "]}"), "abroad.stages[1].department" },
		{ ROUTE(ST("warehouse", "4"), "5", ",\"abroad\":{\"close_days\":3}"),
		  "abroad.close_days" },
		{ ROUTE(ST("warehouse", "1"), "5", ",\"abroad\":{\"stages\":[" ST("sales", "9") "]}"),
		  "abroad.close_days" },
		{ ROUTE(ST("warehouse", "1"), "5", ",\"abroad\":{\"stages\":[" ST("moon", "1") "]}"),
		  "abroad.stages[0].department" },
	};
	cJSON *r;
	const cJSON *d;
	int found = 0;

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		h_expect_error(h_call(admin, "route.set", bad[i][0]), "invalid_argument", bad[i][1]);
	r = h_call(admin, "route.set", bad[5][0]);
	ck_assert_str_eq(h_str(h_member(r, "error"), "message"), "close_days: the stages add up "
	    "to 6 working days, more than the total 5.5");
	cJSON_Delete(r);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM audit_log WHERE action = 'route.set'"), 0);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM routes WHERE category = 'packaging'"
	    " AND stages = '[{\"department\":\"warehouse\",\"days\":2}]'"), 1);

	/* Exactly the total, a department again after another: it works. */
	cJSON_Delete(h_expect_ok(h_call(admin, "route.set", ROUTE(ST("warehouse", "2") ","
	    ST("quality", "1.5") "," ST("warehouse", "1.5"), "5", ""))));
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM audit_log WHERE action = 'route.set'"
	    " AND actor = 'admin' AND address IS NOT NULL AND object = 'route:packaging'"
	    " AND details->'before'->'stages'->0->>'department' = 'warehouse'"
	    " AND (details->'before'->>'close_days')::numeric = 13"
	    " AND jsonb_array_length(details->'after'->'stages') = 3"
	    " AND (details->'after'->>'close_days')::numeric = 5"), 1);

	r = h_expect_ok(h_call(admin, "route.get", NULL));
	cJSON_ArrayForEach(d, h_member(reply_result(r), "departments"))
		found += strcmp(h_str(d, "code"), "rnd") == 0 && strcmp(h_str(d, "name_zh"), "研发部") == 0;
	ck_assert_int_eq(cJSON_GetArraySize(h_member(reply_result(r), "departments")), 10);
	ck_assert_int_eq(found, 1);
	cJSON_Delete(r);
	conn_close(admin);
#undef ROUTE
#undef ST
}
END_TEST

Suite *
route_suite(void)
{
	Suite *s = suite_create("route");
	TCase *tc = tcase_create("route");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, H_TEST_TIMEOUT);
	tcase_add_test(tc, test_defaults);
	tcase_add_test(tc, test_set_then_classify);
	tcase_add_test(tc, test_bad_routes_and_roles);
	tcase_add_test(tc, test_routes_that_cannot_work);
	suite_add_tcase(s, tc);
	return s;
}
