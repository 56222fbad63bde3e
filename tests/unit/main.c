/*
 * main.c: runs every unit suite (bin/test_unit). Exit status 0 when all pass.
 * CK_RUN_SUITE / CK_RUN_CASE (Check's own variables) select a part.
 */
#include <stdlib.h>

#include "tests/unit/suites.h"

int
main(void)
{
	SRunner *sr = srunner_create(frame_suite());
	int failed;

	srunner_add_suite(sr, proto_suite());
	srunner_add_suite(sr, validate_suite());
	srunner_add_suite(sr, ratelimit_suite());
	srunner_add_suite(sr, proxyproto_suite());
	srunner_add_suite(sr, auth_suite());
	srunner_add_suite(sr, resume_suite());
	srunner_add_suite(sr, timefmt_suite());
	srunner_add_suite(sr, calendar_suite());
	srunner_add_suite(sr, pgtext_suite());
	srunner_add_suite(sr, migrate_suite());
	srunner_add_suite(sr, client_ui_suite());
	srunner_add_suite(sr, client_labels_suite());
	srunner_add_suite(sr, client_forms_suite());
	srunner_add_suite(sr, client_complaints_suite());
	srunner_add_suite(sr, client_lists_suite());
	srunner_add_suite(sr, client_work_suite());
	srunner_add_suite(sr, phone_suite());
	srunner_add_suite(sr, privacy_suite());
	srunner_add_suite(sr, records_suite());
	srunner_add_suite(sr, people_rules_suite());
	srunner_add_suite(sr, routes_suite());
	srunner_add_suite(sr, outbox_suite());
	srunner_add_suite(sr, config_suite());
	srunner_add_suite(sr, ops_route_suite());
	srunner_add_suite(sr, client_chart_suite());
	srunner_add_suite(sr, export_file_suite());
	srunner_add_suite(sr, log_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
