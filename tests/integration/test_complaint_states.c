/*
 * test_complaint_states.c: the daemon keeps the table of the states each op
 * on a complaint starts from (common/complaint_states.c, issue 11), the one
 * the client offers its dialogs from. Every op in complaint_transitions is
 * tried, with valid arguments and as a role that may run it, on a complaint
 * in each state: a state the table does not list is refused with the state
 * refusal (conflict on "no", naming the state), a state it lists is not
 * (ok, or a refusal on another field).
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "common/complaint_states.h"
#include "tests/integration/harness.h"
#include "tests/integration/suites.h"

H_ENV_FIXTURE(E)

/* Every state of a complaint (sql/007_visits.sql, the CHECK on state). */
static const char *const states[] = { "received", "routed", "proposed", "approved",
	"follow_up", "closed", NULL };

/* How each op of the table is called: by whom, its arguments after "no",
 * and whether the complaint must be classified first (it needs stages). */
static const struct op_call {
	const char *op, *user, *args;
	bool stages;
} calls[] = {
	{ "complaint.classify", "quality", "\"severity\":\"serious\",\"category\":\"service\"",
	  false },
	{ "complaint.advance", "quality", "\"finding\":\"查明原因\",\"proposal\":\"更换\"", true },
	{ "complaint.approve", "manager", "\"note\":\"同意\"", false },
	{ "complaint.reply", "quality", "\"text\":\"已处理\",\"accepted\":true", false },
	{ "complaint.close", "quality", "\"reason\":\"不属实\"", false },
	{ "complaint.attribute", "quality",
	  "\"shares\":[{\"department\":\"quality\",\"percent\":100}]", false },
};

static const struct op_call *
op_call_find(const char *op)
{
	for (size_t i = 0; i < sizeof calls / sizeof calls[0]; i++)
		if (strcmp(calls[i].op, op) == 0)
			return &calls[i];
	return NULL;
}

/* A new complaint registered by quality q, classified when stages are
 * wanted, then put in state; its number into no. */
static void
complaint_in(struct conn *q, const char *state, bool stages, char *no, size_t size)
{
	h_new_complaint(q, no, size);
	if (stages)
		cJSON_Delete(h_expect_ok(h_callf(q, "complaint.classify", "{\"no\":\"%s\","
		    "\"severity\":\"minor\",\"category\":\"service\"}", no)));
	h_sqlf(E.db, "UPDATE complaints SET state = '%s' WHERE no = '%s'", state, no);
}

/* The reply of op on a complaint in state, against the table. */
static void
expect_by_table(const char *op, const char *state, cJSON *reply)
{
	const char *field = reply_field(reply);
	const char *message = h_str(cJSON_GetObjectItem(reply, "error"), "message");
	char names[48];   /* the state refusal says "complaint N is <state>: ..." */

	snprintf(names, sizeof names, " is %s: ", state);
	if (complaint_transition_allowed(op, state))
		ck_assert_msg(strcmp(field, "no") != 0, "%s from %s (listed): refused %s",
		    op, state, h_show(reply));
	else
		ck_assert_msg(!reply_ok(reply) && strcmp(reply_code(reply), "conflict") == 0 &&
		    strcmp(field, "no") == 0 && strstr(message, names) != NULL,
		    "%s from %s (not listed): want the state refusal, got %s", op, state,
		    h_show(reply));
	cJSON_Delete(reply);
}

/* _i: the index of the op in complaint_transitions. */
START_TEST(test_op_from_each_state)
{
	const char *op = complaint_transitions[_i].op;
	const struct op_call *call = op_call_find(op);
	struct conn *q = h_connect_as(E.d, "quality"), *by = q;
	char no[32];

	ck_assert_msg(call != NULL, "%s is in the table: say in calls[] how to call it", op);
	if (strcmp(call->user, "quality") != 0)
		by = h_connect_as(E.d, call->user);
	for (int s = 0; states[s] != NULL; s++) {
		complaint_in(q, states[s], call->stages, no, sizeof no);
		expect_by_table(op, states[s], h_callf(by, op, "{\"no\":\"%s\",%s}", no,
		    call->args));
	}
	if (by != q)
		conn_close(by);
	conn_close(q);
}
END_TEST

Suite *
complaint_states_suite(void)
{
	Suite *s = suite_create("complaint_states");
	TCase *tc = tcase_create("table");
	int n = 0;

	while (complaint_transitions[n].op != NULL)
		n++;
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, H_TEST_TIMEOUT);
	tcase_add_loop_test(tc, test_op_from_each_state, 0, n);
	suite_add_tcase(s, tc);
	return s;
}
