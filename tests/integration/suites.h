/*
 * suites.h: the integration suites, one per file; main.c runs them all.
 */
#ifndef SVCDESK_TESTS_INTEGRATION_SUITES_H
#define SVCDESK_TESTS_INTEGRATION_SUITES_H

#include <check.h>

Suite *errors_suite(void);
Suite *session_suite(void);
Suite *login_timeout_suite(void);
Suite *proxy_suite(void);
Suite *technician_queue_suite(void);
Suite *framing_suite(void);
Suite *push_suite(void);
Suite *metrics_suite(void);
Suite *lifecycle_suite(void);
Suite *ops_suite(void);
Suite *customer_suite(void);
Suite *customer_file_suite(void);
Suite *batch_suite(void);
Suite *call_suite(void);
Suite *dispatch_suite(void);
Suite *sweeper_suite(void);
Suite *policy_suite(void);
Suite *guarantee_suite(void);
Suite *visit_suite(void);
Suite *complaint_suite(void);
Suite *complaint_flow_suite(void);
Suite *complaint_states_suite(void);
Suite *route_suite(void);
Suite *repair_suite(void);
Suite *parts_suite(void);
Suite *attribute_suite(void);
Suite *report_suite(void);
Suite *report_daily_suite(void);
Suite *report_monthly_suite(void);
Suite *queues_suite(void);
Suite *migrate_suite(void);
Suite *search_suite(void);
Suite *followup_suite(void);
Suite *intake_rules_suite(void);
Suite *complaint_queues_suite(void);
Suite *people_suite(void);
Suite *privacy_suite(void);
Suite *roles_suite(void);
Suite *money_suite(void);
Suite *departments_suite(void);
Suite *stock_suite(void);
Suite *contract_suite(void);
Suite *recall_suite(void);
Suite *notify_suite(void);
Suite *cause_suite(void);
Suite *resample_suite(void);
Suite *export_suite(void);
Suite *report_summaries_suite(void);
Suite *resume_suite(void);
Suite *registration_indexes_suite(void);

#endif
