/*
 * test_complaint_queues.c: the complaint queues of issue 12 and who works
 * them: `to_approve` (proposed, every manager's, a regional one's too) and
 * `to_reply` (approved, waiting for the customer's answer), in deadline
 * order with keyset pages; an operator, as op.list says, records the
 * customer's reply from there, accepted (follow-up) and rejected (this
 * round closed, the next one received), each leaving the queue, pushed to
 * the operator's board.
 */
#include <stdio.h>
#include <string.h>

#include "tests/integration/harness.h"
#include "tests/integration/suites.h"

H_ENV_FIXTURE(E)

/* The numbers of a queue's page, "a b c " (the reply is freed). */
#define queue(c, name, extra) queue_at(__LINE__, c, name, extra)
static const char *
queue_at(int line, struct conn *c, const char *name, const char *extra)
{
	static char buf[512];
	cJSON *r = h_expect_ok_at(__FILE__, line, h_callf_at(__FILE__, line, c,
	    "complaint.list", "{\"queue\":\"%s\"%s}", name, extra));
	const cJSON *each;

	buf[0] = '\0';
	cJSON_ArrayForEach(each, h_member(reply_result(r), "complaints")) {
		strncat(buf, h_str(each, "no"), 40);
		strcat(buf, " ");
	}
	cJSON_Delete(r);
	return buf;
}

/* "a b " from two numbers. */
static const char *
nos(const char *a, const char *b)
{
	static char buf[128];

	snprintf(buf, sizeof buf, "%s%s%s%s", a, a[0] ? " " : "", b, b[0] ? " " : "");
	return buf;
}

/* op.list's `allowed` for op, as c's role sees it. */
static bool
allowed(struct conn *c, const char *op)
{
	cJSON *r = h_expect_ok(h_call(c, "op.list", NULL));
	const cJSON *each;
	bool yes = false;

	cJSON_ArrayForEach(each, h_member(reply_result(r), "ops"))
		if (strcmp(h_str(each, "name"), op) == 0)
			yes = cJSON_IsTrue(h_member(each, "allowed"));
	cJSON_Delete(r);
	return yes;
}

START_TEST(test_to_approve)
{
	struct conn *op = h_connect_as(E.d, "operator");
	struct conn *q = h_connect_as(E.d, "quality");
	struct conn *mgr = h_connect_as(E.d, "manager");
	struct conn *regional;
	char a[32], b[32], c[32], d[32], page[160];
	cJSON *r;

	/* A regional manager sees every proposal too. */
	h_sql(E.db, "INSERT INTO users (login, name, role, password_hash, region) SELECT "
	    "'mgr.north', '区域经理', 'manager', password_hash, 'suburban' FROM users "
	    "WHERE login = 'manager'");
	regional = h_connect_as(E.d, "mgr.north");
	h_proposed_complaint(op, q, NULL, "更换压缩机", a, sizeof a);
	h_proposed_complaint(op, q, NULL, "上门道歉", b, sizeof b);
	h_proposed_complaint(op, q, mgr, "退款", c, sizeof c);   /* approved */
	h_new_complaint(op, d, sizeof d);                          /* received */
	ck_assert_str_eq(queue(mgr, "to_approve", ""), nos(a, b));
	ck_assert_str_eq(queue(regional, "to_approve", ""), nos(a, b));
	/* Keyset pages as every queue. */
	r = h_expect_ok(h_call(mgr, "complaint.list", "{\"queue\":\"to_approve\",\"limit\":1}"));
	ck_assert_int_eq(cJSON_GetArraySize(h_member(reply_result(r), "complaints")), 1);
	snprintf(page, sizeof page, ",\"limit\":1,\"after\":\"%s\"", h_str(reply_result(r), "next"));
	cJSON_Delete(r);
	ck_assert_str_eq(queue(mgr, "to_approve", page), nos(b, ""));
	/* Approved: out of the managers' queue, into the operators'. */
	ck_assert(allowed(mgr, "complaint.approve"));
	ck_assert(!allowed(op, "complaint.approve"));
	cJSON_Delete(h_expect_ok(h_callf(regional, "complaint.approve", "{\"no\":\"%s\"}", a)));
	ck_assert_str_eq(queue(mgr, "to_approve", ""), nos(b, ""));
	ck_assert_str_eq(queue(op, "to_reply", ""), nos(a, c));   /* by deadline */
	ck_assert_str_eq(queue(q, "received", ""), nos(d, ""));
	conn_close(op);
	conn_close(q);
	conn_close(mgr);
	conn_close(regional);
}
END_TEST

START_TEST(test_operator_replies_from_to_reply)
{
	struct conn *op = h_connect_as(E.d, "operator");
	struct conn *q = h_connect_as(E.d, "quality");
	struct conn *mgr = h_connect_as(E.d, "manager");
	char yes[32], no[32], next[32];
	cJSON *r, *p;

	h_proposed_complaint(op, q, mgr, "更换压缩机", yes, sizeof yes);
	h_proposed_complaint(op, q, mgr, "上门道歉", no, sizeof no);
	ck_assert_str_eq(queue(op, "to_reply", ""), nos(yes, no));
	ck_assert(allowed(op, "complaint.reply"));
	h_subscribe(op, "[\"complaints\"]");

	/* Accepted: follow-up, out of the queue, pushed to the board. */
	r = h_expect_ok(h_callf(op, "complaint.reply", "{\"no\":\"%s\",\"text\":\"同意更换\","
	    "\"accepted\":true}", yes));
	ck_assert_str_eq(h_str(reply_result(r), "state"), "follow_up");
	cJSON_Delete(r);
	p = conn_wait_push(op, "complaint.changed", H_WAIT_MS);
	ck_assert_msg(p != NULL, "no complaint.changed after the reply");
	ck_assert_str_eq(h_str(h_member(p, "data"), "no"), yes);
	cJSON_Delete(p);
	ck_assert_str_eq(queue(op, "to_reply", ""), nos(no, ""));

	/* Rejected: this round closed, the next received; the queue empty. */
	r = h_expect_ok(h_callf(op, "complaint.reply", "{\"no\":\"%s\",\"text\":\"不接受\","
	    "\"accepted\":false}", no));
	ck_assert_str_eq(h_str(reply_result(r), "state"), "closed");
	ck_assert_str_eq(h_str(reply_result(r), "close_reason"), "rejected");
	snprintf(next, sizeof next, "%s", h_str(reply_result(r), "next_no"));
	cJSON_Delete(r);
	ck_assert_str_eq(queue(op, "to_reply", ""), "");
	ck_assert_str_eq(queue(op, "received", ""), nos(next, ""));
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM complaints WHERE no = '%s' AND "
	    "round = 2 AND previous_no = '%s' AND state = 'received'", next, no), 1);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM complaint_events WHERE kind = "
	    "'reply' AND actor = 'operator' AND complaint_no IN ('%s', '%s')", yes, no), 2);
	/* A reply to one no longer approved: a conflict. */
	h_expect_error(h_callf(op, "complaint.reply", "{\"no\":\"%s\",\"text\":\"x\","
	    "\"accepted\":true}", yes), "conflict", "no");
	conn_close(op);
	conn_close(q);
	conn_close(mgr);
}
END_TEST

START_TEST(test_queue_roles)
{
	struct conn *tech = h_connect_as(E.d, "technician");
	struct conn *disp = h_connect_as(E.d, "dispatcher");

	h_expect_error(h_call(tech, "complaint.list", "{\"queue\":\"to_reply\"}"), "forbidden", NULL);
	h_expect_error(h_call(disp, "complaint.list", "{\"queue\":\"to_approve\"}"), "forbidden",
	    NULL);
	ck_assert(!allowed(tech, "complaint.reply"));
	conn_close(tech);
	conn_close(disp);
}
END_TEST

Suite *
complaint_queues_suite(void)
{
	Suite *s = suite_create("complaint_queues");
	TCase *tc = tcase_create("queues");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, H_TEST_TIMEOUT);
	tcase_add_test(tc, test_to_approve);
	tcase_add_test(tc, test_operator_replies_from_to_reply);
	tcase_add_test(tc, test_queue_roles);
	suite_add_tcase(s, tc);
	return s;
}
