/*
 * main.c: runs every integration suite (bin/test_integration) against real
 * daemons and the cluster that scripts/check started (see harness.h for the
 * environment). Each test runs in its own process (Check's fork mode) with
 * its own database and daemon. CK_RUN_SUITE / CK_RUN_CASE select a part.
 */
#include <stdlib.h>

#include "tests/integration/harness.h"
#include "tests/integration/suites.h"

int
main(void)
{
	SRunner *sr;
	int failed;

	h_init();
	sr = srunner_create(errors_suite());
	srunner_add_suite(sr, session_suite());
	srunner_add_suite(sr, login_timeout_suite());
	srunner_add_suite(sr, proxy_suite());
	srunner_add_suite(sr, technician_queue_suite());
	srunner_add_suite(sr, framing_suite());
	srunner_add_suite(sr, push_suite());
	srunner_add_suite(sr, lifecycle_suite());
	srunner_add_suite(sr, ops_suite());
	srunner_add_suite(sr, customer_suite());
	srunner_add_suite(sr, customer_file_suite());
	srunner_add_suite(sr, call_suite());
	srunner_add_suite(sr, batch_suite());
	srunner_add_suite(sr, dispatch_suite());
	srunner_add_suite(sr, sweeper_suite());
	srunner_add_suite(sr, policy_suite());
	srunner_add_suite(sr, guarantee_suite());
	srunner_add_suite(sr, visit_suite());
	srunner_add_suite(sr, complaint_suite());
	srunner_add_suite(sr, complaint_flow_suite());
	srunner_add_suite(sr, complaint_states_suite());
	srunner_add_suite(sr, route_suite());
	srunner_add_suite(sr, repair_suite());
	srunner_add_suite(sr, parts_suite());
	srunner_add_suite(sr, attribute_suite());
	srunner_add_suite(sr, report_suite());
	srunner_add_suite(sr, report_daily_suite());
	srunner_add_suite(sr, report_monthly_suite());
	srunner_add_suite(sr, queues_suite());
	srunner_add_suite(sr, migrate_suite());
	srunner_add_suite(sr, search_suite());
	srunner_add_suite(sr, followup_suite());
	srunner_add_suite(sr, intake_rules_suite());
	srunner_add_suite(sr, complaint_queues_suite());
	srunner_add_suite(sr, people_suite());
	srunner_add_suite(sr, privacy_suite());
	srunner_add_suite(sr, roles_suite());
	srunner_add_suite(sr, money_suite());
	srunner_add_suite(sr, departments_suite());
	srunner_add_suite(sr, stock_suite());
	srunner_add_suite(sr, contract_suite());
	srunner_add_suite(sr, recall_suite());
	srunner_add_suite(sr, notify_suite());
	srunner_add_suite(sr, cause_suite());
	srunner_add_suite(sr, resample_suite());
	srunner_add_suite(sr, export_suite());
	srunner_add_suite(sr, report_summaries_suite());
	srunner_add_suite(sr, resume_suite());
	srunner_add_suite(sr, metrics_suite());
	srunner_add_suite(sr, registration_indexes_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	h_finish();
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
