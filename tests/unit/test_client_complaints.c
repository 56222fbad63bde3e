/*
 * test_client_complaints.c: the complaint screens' logic that draws
 * nothing: which dialog may open (op.list's `allowed`, then the complaint
 * states of common/complaint_states.c, the daemon's table), the roles told
 * in words, the statistics period check, and the board's keys (n is the
 * search's next hit, F7 a new complaint).
 */
#include <check.h>
#include <string.h>

#include "client/screen/complaints.h"
#include "client/screen/screens.h"
#include "common/complaint_states.h"
#include "tests/unit/suites.h"

/* op.list's answer for a manager: approve allowed, the quality ops not. */
static const char manager_ops[] =
    "{\"ops\":["
    "{\"name\":\"complaint.classify\",\"roles\":[\"quality\"],\"allowed\":false},"
    "{\"name\":\"complaint.advance\",\"roles\":[\"operator\",\"quality\",\"manager\"],"
    "\"allowed\":true},"
    "{\"name\":\"complaint.approve\",\"roles\":[\"manager\"],\"allowed\":true},"
    "{\"name\":\"complaint.reply\",\"roles\":[\"operator\",\"quality\"],\"allowed\":false},"
    "{\"name\":\"complaint.close\",\"roles\":[\"quality\"],\"allowed\":false}"
    "]}";

/* And an operator's: the customer's reply allowed (issue 12: from the
 * board's To reply queue), approval not. */
static const char operator_ops[] =
    "{\"ops\":["
    "{\"name\":\"complaint.approve\",\"roles\":[\"manager\"],\"allowed\":false},"
    "{\"name\":\"complaint.reply\",\"roles\":[\"operator\",\"quality\"],\"allowed\":true}"
    "]}";

static void
rights_of(struct op_rights *r, const char *json)
{
	cJSON *j = cJSON_Parse(json);

	memset(r, 0, sizeof *r);
	ck_assert_ptr_nonnull(j);
	op_rights_take(r, j);
	cJSON_Delete(j);
}

START_TEST(test_rights)
{
	struct op_rights r;
	char buf[128];

	memset(&r, 0, sizeof r);
	ck_assert(!op_rights_allowed(&r, "complaint.approve"));   /* not read yet */
	rights_of(&r, manager_ops);
	ck_assert(r.known);
	ck_assert_int_eq(r.n, 5);
	ck_assert(op_rights_allowed(&r, "complaint.approve"));
	ck_assert(!op_rights_allowed(&r, "complaint.classify"));
	ck_assert(!op_rights_allowed(&r, "complaint.attribute"));   /* not listed */
	ck_assert_str_eq(op_rights_roles(&r, "complaint.classify", buf, sizeof buf), "Quality");
	ck_assert_str_eq(op_rights_roles(&r, "complaint.reply", buf, sizeof buf),
	    "Operator, Quality");
	ck_assert_str_eq(op_rights_roles(&r, "no.such", buf, sizeof buf), "");
}
END_TEST

START_TEST(test_dialog_check)
{
	struct op_rights r;

	memset(&r, 0, sizeof r);
	ck_assert_int_eq(complaint_dialog_check(&r, CD_APPROVE, "proposed"), CV_UNKNOWN);
	rights_of(&r, manager_ops);
	ck_assert_int_eq(complaint_dialog_check(&r, CD_APPROVE, "proposed"), CV_OK);
	ck_assert_int_eq(complaint_dialog_check(&r, CD_APPROVE, "routed"), CV_STATE);
	ck_assert_int_eq(complaint_dialog_check(&r, CD_ADVANCE, "routed"), CV_OK);
	ck_assert_int_eq(complaint_dialog_check(&r, CD_ADVANCE, "proposed"), CV_STATE);
	/* the role is told before the state */
	ck_assert_int_eq(complaint_dialog_check(&r, CD_CLASSIFY, "routed"), CV_ROLE);
	ck_assert_int_eq(complaint_dialog_check(&r, CD_CLOSE, "received"), CV_ROLE);
	ck_assert_int_eq(complaint_dialog_check(&r, CD_ATTRIBUTE, "closed"), CV_ROLE);
	rights_of(&r, operator_ops);
	ck_assert_int_eq(complaint_dialog_check(&r, CD_REPLY, "approved"), CV_OK);
	ck_assert_int_eq(complaint_dialog_check(&r, CD_REPLY, "proposed"), CV_STATE);
	ck_assert_int_eq(complaint_dialog_check(&r, CD_APPROVE, "proposed"), CV_ROLE);
	ck_assert_str_eq(complaint_dialog_op(CD_REPLY), "complaint.reply");
	ck_assert_int_eq(complaint_dialog_for_key('A'), CD_APPROVE);
	ck_assert_int_eq(complaint_dialog_for_key('s'), CD_ATTRIBUTE);
	ck_assert_int_eq(complaint_dialog_for_key('n'), -1);
}
END_TEST

START_TEST(test_states)
{
	char buf[128];

	ck_assert(complaint_transition_allowed("complaint.classify", "received"));
	ck_assert(!complaint_transition_allowed("complaint.classify", "routed"));
	ck_assert(complaint_transition_allowed("complaint.close", "follow_up"));
	ck_assert(complaint_transition_allowed("complaint.close", "routed"));
	ck_assert(!complaint_transition_allowed("complaint.close", "proposed"));
	ck_assert(!complaint_transition_allowed("complaint.close", "follow"));
	ck_assert(complaint_transition_allowed("complaint.attribute", "closed"));
	ck_assert(!complaint_transition_allowed("complaint.close", "received,routed"));
	ck_assert(!complaint_transition_allowed("complaint.close", ""));
	ck_assert(!complaint_transition_allowed("ticket.cancel", "received"));
	ck_assert_str_eq(complaint_transition_from_array("complaint.close", buf, sizeof buf),
	    "{received,routed,follow_up}");
}
END_TEST

START_TEST(test_period)
{
	char why[256];

	ck_assert(stats_period_check("2026-11-01", "2026-11-30", why, sizeof why));
	ck_assert(stats_period_check("2026-11-05", "2026-11-05", why, sizeof why));
	ck_assert(!stats_period_check("2026-11-30", "2026-11-01", why, sizeof why));
	ck_assert_str_eq(why, "From 2026-11-30 is after to 2026-11-01: "
	    "no such period");
	ck_assert(!stats_period_check("2026-02-30", "2026-03-01", why, sizeof why));
	ck_assert_ptr_nonnull(strstr(why, "2026-02-30 is not a day"));
	ck_assert(!stats_period_check("2026-11-01", "2026-11-1", why, sizeof why));
	ck_assert_ptr_nonnull(strstr(why, "2026-11-1 is not a day"));
	ck_assert(!stats_period_check("", "2026-11-01", why, sizeof why));
	ck_assert(!stats_period_check("2026/11/01", "2026-11-02", why, sizeof why));
}
END_TEST

START_TEST(test_board_keys)
{
	const struct ui_key *k = ui_keys_find(ui_complaints_view.keys, UI_K(KEY_F(7)));

	ck_assert_ptr_nonnull(k);
	ck_assert_ptr_nonnull(k->run);
	/* n and N are the list's (search again), not a new complaint */
	ck_assert_ptr_null(ui_keys_find(ui_complaints_view.keys, 'n'));
	ck_assert_ptr_null(ui_keys_find(ui_complaints_view.keys, 'N'));
	ck_assert_ptr_nonnull(ui_keys_find(ui_complaints_view.keys, '/'));
	ck_assert_ptr_null(ui_keys_find(ui_complaints_view.keys, '/')->run);
	/* typing in a dialog: its letters describe, they run nothing */
	ck_assert_ptr_null(ui_keys_find(ui_complaint_dialog_view.keys, 's')->run);
	ck_assert_ptr_null(ui_keys_find(ui_complaint_dialog_view.keys, 'y')->run);
	ck_assert_ptr_null(ui_keys_find(ui_complaint_dialog_view.keys, 'x'));
}
END_TEST

Suite *
client_complaints_suite(void)
{
	Suite *s = suite_create("client_complaints");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_rights);
	tcase_add_test(tc, test_dialog_check);
	tcase_add_test(tc, test_states);
	tcase_add_test(tc, test_period);
	tcase_add_test(tc, test_board_keys);
	suite_add_tcase(s, tc);
	return s;
}
