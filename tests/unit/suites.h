/*
 * suites.h: the unit test suites, one per file; main.c runs them all.
 */
#ifndef SVCDESK_TESTS_UNIT_SUITES_H
#define SVCDESK_TESTS_UNIT_SUITES_H

#include <check.h>

Suite *frame_suite(void);
Suite *proto_suite(void);
Suite *validate_suite(void);
Suite *ratelimit_suite(void);
Suite *proxyproto_suite(void);
Suite *auth_suite(void);
Suite *resume_suite(void);
Suite *timefmt_suite(void);
Suite *calendar_suite(void);
Suite *pgtext_suite(void);
Suite *migrate_suite(void);
Suite *client_ui_suite(void);
Suite *client_labels_suite(void);
Suite *client_forms_suite(void);
Suite *client_complaints_suite(void);
Suite *client_lists_suite(void);
Suite *client_work_suite(void);
Suite *phone_suite(void);
Suite *privacy_suite(void);
Suite *records_suite(void);
Suite *people_rules_suite(void);
Suite *routes_suite(void);
Suite *outbox_suite(void);
Suite *config_suite(void);
Suite *ops_route_suite(void);
Suite *client_chart_suite(void);
Suite *export_file_suite(void);
Suite *log_suite(void);

#endif
