/*
 * test_ops_route.c: the report route (svcdeskd serve --report-db): every
 * report.* op carries OP_REPORT, so that ops_dispatch sends its statements
 * to the replica; other ops stay on the primary; the option is read.
 */
#include <string.h>

#include "server/config.h"
#include "server/ops.h"
#include "tests/unit/suites.h"

START_TEST(test_report_ops_flagged)
{
	struct client c;
	cJSON *ops, *op;
	int reports = 0;

	memset(&c, 0, sizeof c);
	ops = ops_describe(&c);
	cJSON_ArrayForEach(op, ops) {
		const char *name = cJSON_GetObjectItem(op, "name")->valuestring;
		const struct op_entry *e = ops_find(name);
		bool report = strncmp(name, "report.", 7) == 0;

		ck_assert_ptr_nonnull(e);
		ck_assert_msg(report == ((e->flags & OP_REPORT) != 0),
		    "%s: OP_REPORT is for the report.* ops, and every one of them", name);
		reports += report;
	}
	ck_assert_int_ge(reports, 4);   /* pareto, kpi, daily, repeats at least */
	cJSON_Delete(ops);
}
END_TEST

START_TEST(test_report_db_option)
{
	struct config cfg;
	char *none[] = { "serve", "--db", "dbname=a" };
	char *with[] = { "serve", "--db", "dbname=a", "--report-db", "host=replica dbname=a" };

	config_defaults(&cfg);
	ck_assert(config_parse(&cfg, 3, none));
	ck_assert_ptr_null(cfg.report_db);
	config_defaults(&cfg);
	ck_assert(config_parse(&cfg, 5, with));
	ck_assert_str_eq(cfg.report_db, "host=replica dbname=a");
	ck_assert_str_eq(cfg.db, "dbname=a");
}
END_TEST

Suite *
ops_route_suite(void)
{
	Suite *s = suite_create("ops_route");
	TCase *tc = tcase_create("route");

	tcase_add_test(tc, test_report_ops_flagged);
	tcase_add_test(tc, test_report_db_option);
	suite_add_tcase(s, tc);
	return s;
}
