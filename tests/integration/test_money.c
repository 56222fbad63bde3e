/*
 * test_money.c: the money controls through a real daemon (server/money.c,
 * ticket.complete in server/repair.c): free service requested by the
 * technician and decided by the approver named from their queue
 * (approval.request, approval.list, approval.decide), the completion free
 * only once approved, a refusal, the limits per approver, region and month
 * (over the count in one region and not another, over the amount each),
 * a zero total needing no approval and using no slot, two approvals racing
 * for the last slot; a class A ticket refused without its repair card; the
 * refund and exchange certificates (ticket.guarantee) with their numbers,
 * refused when the unit is not entitled, and the unit's repairs counted
 * across service points.
 */
#include <regex.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tests/integration/harness.h"
#include "tests/integration/suites.h"

static struct h_env E;

/* Two service points; the technician at the first, tech.b at the second;
 * parts of 1 yuan, 370, 400 and 400.01 yuan at both; a regional manager
 * of the urban region. */
static void
setup(void)
{
	h_env_start(&E, NULL);
	h_add_technician(E.db, "tech.b", "urban");
	h_sql(E.db, "INSERT INTO service_points (id, name, region) VALUES (1, '朝阳服务站', 'urban'),"
	    " (2, '通州服务站', 'suburban');"
	    "UPDATE users SET service_point_id = 1 WHERE login = 'technician';"
	    "UPDATE users SET service_point_id = 2 WHERE login = 'tech.b';"
	    "INSERT INTO parts (part_no, name, price) VALUES ('FU-1', '保险管', 100),"
	    " ('CP-0', '压缩机', 37000), ('CP-1', '变频压缩机', 40000), ('CP-2', '变频压缩机(大)', 40001);"
	    "INSERT INTO part_stock SELECT p.id, x.part_no, 50 FROM service_points p,"
	    " parts x;"
	    "INSERT INTO users (login, name, role, password_hash, department, region)"
	    " SELECT 'manager.east', '区域经理', 'manager', password_hash, 'aftersales', 'urban'"
	    " FROM users WHERE login = 'manager'");
}

static void
teardown(void)
{
	h_env_stop(&E);
}


/* A class A ticket of region dispatched to login, on site; a card fitting
 * part (1 of it, no labour) unless part is NULL. Its number into no. */
static void
paid_ticket(const char *login, const char *region, const char *part, char *no)
{
	struct conn *op = h_connect_as(E.d, "operator"), *disp = h_connect_as(E.d, "dispatcher");
	struct conn *tech = h_connect_as(E.d, login);

	cJSON_Delete(h_new_ticket(op, "B", region, no, 32));
	h_donef(disp, "ticket.dispatch", "{\"no\":\"%s\",\"technician\":\"%s\"}", no, login);
	h_donef(tech, "ticket.arrive", "{\"no\":\"%s\"}", no);
	h_sqlf(E.db, "UPDATE tickets SET service_class = 'A' WHERE no = '%s'", no);
	if (part != NULL)
		h_donef(tech, "ticket.repair", "{\"no\":\"%s\",\"diagnosis\":\"不制冷\","
		    "\"cause\":\"压缩机坏\",\"actions\":\"更换\",\"labour_minutes\":0,"
		    "\"parts\":[{\"part_no\":\"%s\",\"qty\":1}]}", no, part);
	conn_close(op);
	conn_close(disp);
	conn_close(tech);
}

#define ASK(no, who) "{\"no\":\"%s\",\"approver\":\"" who "\",\"reason\":\"老客户\"}", no
#define FREE(no) "{\"no\":\"%s\",\"signed_by\":\"张三\",\"charges\":{\"free\":true}}", no

/* A refusal of op on c with code and field whose message holds text. */
#define refused(c, op, args, code, field, text) \
	refused_at(__LINE__, h_callf_at(__FILE__, __LINE__, c, op, "%s", args), code, \
	    field, text)
static void
refused_at(int line, cJSON *e, const char *code, const char *field, const char *text)
{
	ck_assert_msg(strstr(h_show(e), text) != NULL, "line %d: \"%s\" not in %s", line,
	    text, h_show(e));
	h_expect_error_at(__FILE__, line, e, code, field);
}

/* printf into a static buffer, for refused()'s args. */
static const char *args(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static const char *
args(const char *fmt, ...)
{
	static char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	return buf;
}

/* Requests free service for no of approver (as the technician) and
 * approves it (as approver). */
static void
approved(const char *tech_login, const char *no, const char *approver)
{
	struct conn *tech = h_connect_as(E.d, tech_login), *ap = h_connect_as(E.d, approver);

	h_donef(tech, "approval.request", "{\"no\":\"%s\",\"approver\":\"%s\",\"reason\":\"老客户\"}",
	    no, approver);
	h_donef(ap, "approval.decide", "{\"no\":\"%s\",\"approve\":true}", no);
	conn_close(tech);
	conn_close(ap);
}

START_TEST(test_request_approve_complete)
{
	struct conn *tech = h_connect_as(E.d, "technician"), *disp = h_connect_as(E.d, "dispatcher");
	char no[32];
	cJSON *r, *p;
	const cJSON *t, *fr, *ch, *reqs;

	paid_ticket("technician", "urban", "CP-0", no);
	h_subscribe(disp, "[\"tickets\"]");
	r = h_okf(tech, "approval.request", "{\"no\":\"%s\",\"approver\":\"dispatcher\","
	    "\"reason\":\"老客户，第二次维修\",\"markup_percent\":0}", no);
	fr = h_member(reply_result(r), "free_request");
	ck_assert_str_eq(h_str(fr, "state"), "pending");
	ck_assert_str_eq(h_str(fr, "approver"), "dispatcher");
	ck_assert_int_eq(h_int_member(fr, "amount"), 37000);
	ck_assert_str_eq(h_str(reply_result(r), "state"), "on_site");
	cJSON_Delete(r);
	/* The approver hears of it at once, and finds it in their queue. */
	p = conn_wait_push(disp, "ticket.changed", H_WAIT_MS);
	ck_assert_msg(p != NULL, "no push to the approver");
	ck_assert_str_eq(h_str(h_member(h_member(p, "data"), "free_request"), "approver"),
	    "dispatcher");
	cJSON_Delete(p);
	r = h_okf(disp, "approval.list", "{}");
	reqs = h_member(reply_result(r), "requests");
	ck_assert_int_eq(cJSON_GetArraySize(reqs), 1);
	t = cJSON_GetArrayItem(reqs, 0);
	ck_assert_str_eq(h_str(t, "ticket_no"), no);
	ck_assert_str_eq(h_str(t, "reason"), "老客户，第二次维修");
	ck_assert_str_eq(h_str(t, "requested_by"), "technician");
	ck_assert_str_eq(h_str(h_member(reply_result(r), "limits"), "title"), "supervisor");
	cJSON_Delete(r);
	/* Not free before the decision; nothing counted yet. */
	refused(tech, "ticket.complete", args(FREE(no)), "forbidden", "charges.free",
	    "waiting for dispatcher");
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM free_approval_slots"), 0);
	/* Approved: counted now, in the ticket's region and the centre's month. */
	r = h_okf(disp, "approval.decide", "{\"no\":\"%s\",\"approve\":true,\"reason\":\"同意\"}", no);
	ck_assert_str_eq(h_str(h_member(reply_result(r), "free_request"), "state"), "approved");
	cJSON_Delete(r);
	ck_assert_str_eq(h_sql_text(E.db, "SELECT approver || '|' || region || '|' || used || '|' || "
	    "(month = date_trunc('month', now() AT TIME ZONE 'Asia/Shanghai')::date) "
	    "FROM free_approval_slots"), "dispatcher|urban|1|true");
	r = h_okf(disp, "approval.list", "{\"queue\":\"decided\"}");
	ck_assert_int_eq(cJSON_GetArraySize(h_member(reply_result(r), "requests")), 1);
	ck_assert_int_eq(h_int_member(h_member(reply_result(r), "used"), "urban"), 1);
	cJSON_Delete(r);
	/* Now the completion goes through free. */
	r = h_okf(tech, "ticket.complete", FREE(no));
	ch = h_member(reply_result(r), "charges");
	ck_assert(cJSON_IsTrue(h_member(ch, "free")));
	ck_assert_int_eq(h_int_member(ch, "total"), 0);
	ck_assert_int_eq(h_int_member(ch, "waived"), 37000);
	ck_assert_str_eq(h_str(ch, "approved_by"), "dispatcher");
	ck_assert_str_eq(h_str(h_member(reply_result(r), "free_request"), "state"), "used");
	cJSON_Delete(r);
	ck_assert_str_eq(h_sql_text(E.db, "SELECT state FROM free_requests WHERE ticket_no = '%s'", no),
	    "used");
	ck_assert_str_eq(h_sql_text(E.db, "SELECT approver || '|' || amount || '|' || by_user FROM "
	    "free_approvals WHERE ticket_no = '%s'", no), "dispatcher|37000|technician");
	ck_assert_str_eq(h_sql_text(E.db, "SELECT string_agg(kind, ',' ORDER BY id) FROM ticket_events "
	    "WHERE ticket_no = '%s' AND kind LIKE 'free%%'", no), "free_request,free_decision");
	conn_close(tech);
	conn_close(disp);
}
END_TEST

START_TEST(test_refused)
{
	struct conn *tech = h_connect_as(E.d, "technician"), *disp = h_connect_as(E.d, "dispatcher");
	struct conn *mgr = h_connect_as(E.d, "manager");
	char no[32];
	cJSON *r;

	paid_ticket("technician", "urban", "FU-1", no);
	h_donef(tech, "approval.request", ASK(no, "dispatcher"));
	/* Only the approver named decides; a refusal needs its reason. */
	refused(mgr, "approval.decide", args("{\"no\":\"%s\",\"approve\":true}", no),
	    "forbidden", "no", "for dispatcher to decide");
	h_expect_error(h_callf(disp, "approval.decide", "{\"no\":\"%s\",\"approve\":false}", no),
	    "invalid_argument", "reason");
	h_expect_error(h_callf(tech, "approval.decide", "{\"no\":\"%s\",\"approve\":true}", no),
	    "forbidden", NULL);
	r = h_okf(disp, "approval.decide", "{\"no\":\"%s\",\"approve\":false,"
	    "\"reason\":\"不符合政策\"}", no);
	ck_assert_str_eq(h_str(h_member(reply_result(r), "free_request"), "state"), "refused");
	ck_assert_str_eq(h_str(h_member(reply_result(r), "free_request"), "decision_reason"),
	    "不符合政策");
	cJSON_Delete(r);
	/* Decided once: no second decision. */
	refused(disp, "approval.decide", args("{\"no\":\"%s\",\"approve\":true}", no),
	    "conflict", "no", "no free-service request waiting");
	refused(tech, "ticket.complete", args(FREE(no)), "forbidden", "charges.free",
	    "dispatcher refused");
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM free_approval_slots"), 0);
	ck_assert_str_eq(h_sql_text(E.db, "SELECT state FROM tickets WHERE no = '%s'", no), "on_site");
	/* Paid, then: the refused request stays as it was. */
	r = h_okf(tech, "ticket.complete", "{\"no\":\"%s\",\"signed_by\":\"张三\"}", no);
	ck_assert_int_eq(h_int_member(h_member(reply_result(r), "charges"), "total"), 100);
	cJSON_Delete(r);
	ck_assert_str_eq(h_sql_text(E.db, "SELECT state FROM free_requests WHERE ticket_no = '%s'", no),
	    "refused");
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM free_approvals"), 0);
	conn_close(tech);
	conn_close(disp);
	conn_close(mgr);
}
END_TEST

/* The supervisor's 2 a month are counted per region. */
START_TEST(test_month_per_region)
{
	struct conn *tech = h_connect_as(E.d, "technician"), *disp = h_connect_as(E.d, "dispatcher");
	char u1[32], u2[32], u3[32], s1[32];

	paid_ticket("technician", "urban", "FU-1", u1);
	paid_ticket("technician", "urban", "FU-1", u2);
	paid_ticket("technician", "urban", "FU-1", u3);
	paid_ticket("technician", "suburban", "FU-1", s1);
	approved("technician", u1, "dispatcher");
	approved("technician", u2, "dispatcher");
	h_donef(tech, "approval.request", ASK(u3, "dispatcher"));
	refused(disp, "approval.decide", args("{\"no\":\"%s\",\"approve\":true}", u3),
	    "forbidden", "approve", "2 times a month in each region");
	ck_assert_str_eq(h_sql_text(E.db, "SELECT state FROM free_requests WHERE ticket_no = '%s'", u3),
	    "pending");
	/* Another region has its own count. */
	approved("technician", s1, "dispatcher");
	ck_assert_str_eq(h_sql_text(E.db, "SELECT string_agg(region || ':' || used, ',' ORDER BY region) "
	    "FROM free_approval_slots WHERE approver = 'dispatcher'"), "suburban:1,urban:2");
	/* Last month's approvals do not count this month. */
	h_sql(E.db, "UPDATE free_approval_slots SET month = month - interval '1 month'");
	h_donef(disp, "approval.decide", "{\"no\":\"%s\",\"approve\":true}", u3);
	/* A regional manager: 1 a month. */
	paid_ticket("technician", "urban", "FU-1", u1);
	paid_ticket("technician", "urban", "FU-1", u2);
	approved("technician", u1, "manager.east");
	h_donef(tech, "approval.request", ASK(u2, "manager.east"));
	{
		struct conn *east = h_connect_as(E.d, "manager.east");
		refused(east, "approval.decide", args("{\"no\":\"%s\",\"approve\":true}", u2),
		    "forbidden", "approve", "1 time a month in each region");
		conn_close(east);
	}
	/* The after-sales manager: no limit. */
	h_donef(tech, "approval.request", ASK(u2, "manager"));
	{
		struct conn *m = h_connect_as(E.d, "manager");
		h_donef(m, "approval.decide", "{\"no\":\"%s\",\"approve\":true}", u2);
		conn_close(m);
	}
	approved("technician", u1, "manager");
	ck_assert_int_eq(h_sql_int(E.db, "SELECT used FROM free_approval_slots WHERE "
	    "approver = 'manager' AND region = 'urban'"), 2);
	conn_close(tech);
	conn_close(disp);
}
END_TEST

START_TEST(test_over_amount)
{
	struct conn *tech = h_connect_as(E.d, "technician"), *disp = h_connect_as(E.d, "dispatcher");
	char no[32], big[32], mid[32];

	/* 400 yuan is within the supervisor's each, 400.01 not. */
	paid_ticket("technician", "urban", "CP-1", no);
	paid_ticket("technician", "urban", "CP-2", big);
	refused(tech, "approval.request", args(ASK(big, "dispatcher")), "forbidden", "approver",
	    "400.00 yuan each; this one is 400.01 yuan");
	approved("technician", no, "dispatcher");
	/* A regional manager: 300 yuan each. */
	paid_ticket("technician", "urban", "CP-0", mid);
	refused(tech, "approval.request", args(ASK(mid, "manager.east")), "forbidden", "approver",
	    "300.00 yuan each");
	/* A limit met at the decision (the amount grew): refused, nothing counted. */
	h_donef(tech, "approval.request", ASK(mid, "dispatcher"));
	h_sqlf(E.db, "UPDATE free_requests SET amount = 40001 WHERE ticket_no = '%s'", mid);
	refused(disp, "approval.decide", args("{\"no\":\"%s\",\"approve\":true}", mid),
	    "forbidden", "approve", "400.00 yuan each");
	ck_assert_int_eq(h_sql_int(E.db, "SELECT used FROM free_approval_slots"), 1);
	/* An approval for another amount does not waive the charges now. */
	h_sqlf(E.db, "UPDATE free_requests SET amount = 37000 WHERE ticket_no = '%s'", mid);
	h_donef(disp, "approval.decide", "{\"no\":\"%s\",\"approve\":true}", mid);
	refused(tech, "ticket.complete", args("{\"no\":\"%s\",\"signed_by\":\"张三\",\"charges\":"
	    "{\"free\":true,\"markup_percent\":10}}", mid), "conflict", "charges.free",
	    "request free service again");
	conn_close(tech);
	conn_close(disp);
}
END_TEST

/* Nothing to waive: no request, no slot, completed as it is. */
/* The limits are data (policy.set approval_limits): a supervisor of 1 a
 * month up to 450 yuan, then none over 5 yuan, then none at all. */
START_TEST(test_limits_as_data)
{
	struct conn *tech = h_connect_as(E.d, "technician"), *disp = h_connect_as(E.d, "dispatcher");
	struct conn *admin = h_connect_as(E.d, "admin");
	char u1[32], u2[32], u3[32];

	h_donef(admin, "policy.set", "{\"approval_limits\":[{\"role\":\"supervisor\","
	    "\"per_month\":1,\"max_amount\":45000}]}");
	paid_ticket("technician", "urban", "CP-2", u1);           /* 400.01 yuan: now within */
	paid_ticket("technician", "urban", "FU-1", u2);
	paid_ticket("technician", "urban", "FU-1", u3);
	approved("technician", u1, "dispatcher");
	h_donef(tech, "approval.request", ASK(u2, "dispatcher"));
	refused(disp, "approval.decide", args("{\"no\":\"%s\",\"approve\":true}", u2),
	    "forbidden", "approve", "1 time a month in each region");
	h_donef(admin, "policy.set", "{\"approval_limits\":[{\"role\":\"supervisor\","
	    "\"per_month\":null,\"max_amount\":50}]}");
	refused(tech, "approval.request", args(ASK(u3, "dispatcher")), "forbidden", "approver",
	    "0.50 yuan each");
	h_donef(admin, "policy.set", "{\"approval_limits\":[{\"role\":\"supervisor\","
	    "\"per_month\":0}]}");
	refused(tech, "approval.request", args(ASK(u3, "dispatcher")), "invalid_argument",
	    "approver", "may not approve free service");
	conn_close(admin);
	conn_close(tech);
	conn_close(disp);
}
END_TEST

START_TEST(test_zero_total)
{
	struct conn *tech = h_connect_as(E.d, "technician");
	char no[32];
	cJSON *r;

	paid_ticket("technician", "urban", NULL, no);
	h_donef(tech, "ticket.repair", "{\"no\":\"%s\",\"diagnosis\":\"接触不良\",\"cause\":\"插头松\","
	    "\"actions\":\"插紧\",\"labour_minutes\":0}", no);
	refused(tech, "approval.request", args(ASK(no, "dispatcher")), "conflict", "no",
	    "nothing to waive");
	r = h_okf(tech, "ticket.complete", FREE(no));
	ck_assert_int_eq(h_int_member(h_member(reply_result(r), "charges"), "total"), 0);
	ck_assert(!cJSON_IsTrue(h_member(h_member(reply_result(r), "charges"), "free")));
	cJSON_Delete(r);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM free_approval_slots"), 0);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM free_approvals"), 0);
	conn_close(tech);
}
END_TEST

START_TEST(test_request_refusals)
{
	struct conn *tech = h_connect_as(E.d, "technician"), *disp = h_connect_as(E.d, "dispatcher");
	struct conn *b = h_connect_as(E.d, "tech.b");
	char no[32], card[32];

	paid_ticket("technician", "urban", "FU-1", no);
	refused(tech, "approval.request", args(ASK(no, "operator")), "invalid_argument",
	    "approver", "may not approve free service");
	refused(tech, "approval.request", args(ASK(no, "nobody")), "invalid_argument",
	    "approver", "may not approve free service");
	h_expect_error(h_callf(tech, "approval.request", "{\"no\":\"%s\",\"approver\":\"Not A Login\","
	    "\"reason\":\"x\"}", no), "invalid_argument", "approver");
	h_expect_error(h_callf(tech, "approval.request", "{\"no\":\"%s\",\"approver\":\"dispatcher\"}",
	    no), "invalid_argument", "reason");
	h_expect_error(h_callf(tech, "approval.request", "{\"no\":\"%s\",\"approver\":\"dispatcher\","
	    "\"reason\":\"x\",\"markup_percent\":17}", no), "invalid_argument", "markup_percent");
	h_expect_error(h_callf(b, "approval.request", ASK(no, "dispatcher")), "forbidden", "no");
	h_expect_error(h_callf(disp, "approval.request", ASK(no, "dispatcher")), "forbidden", NULL);
	h_expect_error(h_call(disp, "approval.list", "{\"queue\":\"all\"}"), "invalid_argument",
	    "queue");
	h_expect_error(h_call(tech, "approval.list", "{}"), "forbidden", NULL);
	refused(disp, "approval.decide", args("{\"no\":\"B000\",\"approve\":true}"), "not_found",
	    "no", "no ticket");
	/* The old way of naming the approver on completion is refused. */
	h_expect_error(h_callf(tech, "ticket.complete", "{\"no\":\"%s\",\"signed_by\":\"张三\","
	    "\"charges\":{\"free\":true,\"approved_by\":\"dispatcher\"}}", no),
	    "invalid_argument", "charges.approved_by");
	/* Not a paid ticket, or no card yet. */
	h_sqlf(E.db, "UPDATE tickets SET service_class = 'C' WHERE no = '%s'", no);
	refused(tech, "approval.request", args(ASK(no, "dispatcher")), "conflict", "no",
	    "class C");
	paid_ticket("technician", "urban", NULL, card);
	refused(tech, "approval.request", args(ASK(card, "dispatcher")), "conflict", "repair",
	    "no repair card");
	/* A new request withdraws the open one. */
	h_sqlf(E.db, "UPDATE tickets SET service_class = 'A' WHERE no = '%s'", no);
	h_donef(tech, "approval.request", ASK(no, "dispatcher"));
	h_donef(tech, "approval.request", ASK(no, "manager"));
	ck_assert_str_eq(h_sql_text(E.db, "SELECT string_agg(approver || ':' || state, ',' ORDER BY id) "
	    "FROM free_requests WHERE ticket_no = '%s'", no), "dispatcher:withdrawn,manager:pending");
	refused(disp, "approval.decide", args("{\"no\":\"%s\",\"approve\":true}", no),
	    "forbidden", "no", "for manager to decide");
	conn_close(tech);
	conn_close(disp);
	conn_close(b);
}
END_TEST

/* Two approvals race for the supervisor's last one of the month. */
START_TEST(test_approval_race)
{
	struct conn *a = h_connect_as(E.d, "dispatcher"), *b = h_connect_as(E.d, "dispatcher");

	for (int round = 0; round < 4; round++) {
		char na[32], nb[32], args_a[128], args_b[128];
		struct conn *tech = h_connect_as(E.d, "technician");
		cJSON *ra, *rb;
		bool a_won;

		paid_ticket("technician", "urban", "FU-1", na);
		paid_ticket("technician", "urban", "FU-1", nb);
		h_donef(tech, "approval.request", ASK(na, "dispatcher"));
		h_donef(tech, "approval.request", ASK(nb, "dispatcher"));
		conn_close(tech);
		h_sql(E.db, "DELETE FROM free_approval_slots;"
		    "INSERT INTO free_approval_slots VALUES ('dispatcher', 'urban',"
		    " date_trunc('month', now())::date, 1)");
		snprintf(args_a, sizeof args_a, "{\"no\":\"%s\",\"approve\":true}", na);
		snprintf(args_b, sizeof args_b, "{\"no\":\"%s\",\"approve\":true}", nb);
		ck_assert(conn_send(a, "approval.decide", cJSON_Parse(args_a)) > 0);
		ck_assert(conn_send(b, "approval.decide", cJSON_Parse(args_b)) > 0);
		ra = conn_wait(a, H_WAIT_MS);
		rb = conn_wait(b, H_WAIT_MS);
		ck_assert_msg(ra && rb && reply_ok(ra) + reply_ok(rb) == 1, "round %d: %s %s",
		    round, h_show(ra), h_show(rb));
		a_won = reply_ok(ra);
		h_expect_error(a_won ? rb : ra, "forbidden", "approve");
		cJSON_Delete(a_won ? ra : rb);
		ck_assert_int_eq(h_sql_int(E.db, "SELECT used FROM free_approval_slots"), 2);
		ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM free_requests "
		    "WHERE state = 'approved' AND ticket_no IN ('%s', '%s')", na, nb), 1);
	}
	conn_close(a);
	conn_close(b);
}
END_TEST

/* A paid repair is completed only with its card. */
START_TEST(test_class_a_needs_card)
{
	struct conn *tech = h_connect_as(E.d, "technician");
	char no[32];

	paid_ticket("technician", "urban", NULL, no);
	refused(tech, "ticket.complete", args("{\"no\":\"%s\",\"signed_by\":\"张三\"}", no),
	    "conflict", "repair", "class A (paid) and has no repair card");
	ck_assert_str_eq(h_sql_text(E.db, "SELECT state || '|' || count(e.id) FROM tickets t LEFT JOIN "
	    "ticket_events e ON e.ticket_no = t.no AND e.kind = 'complete' WHERE t.no = '%s' "
	    "GROUP BY t.state", no), "on_site|0");
	h_donef(tech, "ticket.repair", "{\"no\":\"%s\",\"diagnosis\":\"不制冷\",\"cause\":\"缺氟\","
	    "\"actions\":\"加氟\",\"labour_minutes\":30}", no);
	h_donef(tech, "ticket.complete", "{\"no\":\"%s\",\"signed_by\":\"张三\"}", no);
	conn_close(tech);
}
END_TEST

/* ---- the three guarantees */

struct unit_ids {
	long long customer, unit;
};

/* A repair call for a new unit bought days_ago days ago; its number into no. */
static void
call_new_unit(struct conn *op, int days_ago, struct unit_ids *ids, char *no)
{
	static int serial;
	char key[96], bought[16];
	cJSON *r;
	int n = ++serial;

	h_centre_date(time(NULL), -days_ago, bought, sizeof bought);
	r = h_expect_ok(h_callf(op, "call.register", "{\"request_key\":\"%s\","
	    "\"channel\":\"phone\",\"type\":\"B\",\"customer\":{\"name\":\"三包%d\","
	    "\"phones\":[\"1391000%04d\"],\"address\":\"人民路1号\",\"region\":\"urban\"},"
	    "\"unit\":{\"model\":\"KFR-26GW\",\"serial\":\"M-%d-%d\",\"purchase_date\":\"%s\"},"
	    "\"fault\":\"不制冷\"}", h_request_key(key, sizeof key), n, n, (int)getpid(), n,
	    bought));
	ids->customer = h_int_member(h_member(reply_result(r), "customer"), "id");
	ids->unit = h_int_member(h_member(reply_result(r), "unit"), "id");
	snprintf(no, 32, "%s", h_str(reply_result(r), "no"));
	cJSON_Delete(r);
}

static void
expect_number(const char *no, const char *prefix)
{
	regex_t re;
	char pattern[64];

	snprintf(pattern, sizeof pattern, "^%s[0-9]{6}[0-9]{4,}$", prefix);
	ck_assert(regcomp(&re, pattern, REG_EXTENDED | REG_NOSUB) == 0);
	ck_assert_msg(regexec(&re, no, 0, NULL, 0) == 0, "%s is not a %s number", no, prefix);
	regfree(&re);
}

START_TEST(test_certificates)
{
	struct conn *op = h_connect_as(E.d, "operator"), *disp = h_connect_as(E.d, "dispatcher");
	struct conn *mgr = h_connect_as(E.d, "manager"), *tech = h_connect_as(E.d, "technician");
	struct unit_ids fresh, ten, old;
	char n1[32], n2[32], n3[32], refund[32], want[256];
	cJSON *r;
	const cJSON *cert, *unit;

	call_new_unit(op, 3, &fresh, n1);
	call_new_unit(op, 10, &ten, n2);
	call_new_unit(op, 100, &old, n3);
	/* Refund within 7 days: certificate RF + YYMMDD + count. */
	h_expect_error(h_callf(tech, "ticket.guarantee", "{\"no\":\"%s\",\"decision\":\"refund\","
	    "\"reason\":\"x\"}", n1), "forbidden", NULL);
	h_expect_error(h_callf(disp, "ticket.guarantee", "{\"no\":\"%s\",\"decision\":\"repair\","
	    "\"reason\":\"x\"}", n1), "invalid_argument", "decision");
	h_expect_error(h_callf(disp, "ticket.guarantee", "{\"no\":\"%s\",\"decision\":\"refund\"}",
	    n1), "invalid_argument", "reason");
	r = h_okf(disp, "ticket.guarantee", "{\"no\":\"%s\",\"decision\":\"refund\","
	    "\"reason\":\"七日内性能故障\"}", n1);
	cert = h_member(reply_result(r), "certificate");
	ck_assert_str_eq(h_str(cert, "kind"), "refund");
	ck_assert_str_eq(h_str(cert, "decided_by"), "dispatcher");
	expect_number(h_str(cert, "no"), "RF");
	snprintf(refund, sizeof refund, "%s", h_str(cert, "no"));
	cJSON_Delete(r);
	snprintf(want, sizeof want, "refund|%s|%lld|%lld|七日内性能故障", n1, fresh.unit,
	    fresh.customer);
	ck_assert_str_eq(h_sql_text(E.db, "SELECT kind || '|' || ticket_no || '|' || unit_id || '|' || "
	    "customer_id || '|' || reason FROM guarantee_certificates WHERE no = '%s'", refund),
	    want);
	ck_assert_str_eq(h_sql_text(E.db, "SELECT details->>'certificate' FROM ticket_events WHERE "
	    "ticket_no = '%s' AND kind = 'guarantee'", n1), refund);
	refused(mgr, "ticket.guarantee", args("{\"no\":\"%s\",\"decision\":\"exchange\","
	    "\"reason\":\"x\"}", n1), "conflict", "no", refund);
	/* 10 days: exchange only; its own count. */
	refused(mgr, "ticket.guarantee", args("{\"no\":\"%s\",\"decision\":\"refund\","
	    "\"reason\":\"x\"}", n2), "forbidden", "decision", "not entitled to refund");
	r = h_okf(mgr, "ticket.guarantee", "{\"no\":\"%s\",\"decision\":\"exchange\","
	    "\"reason\":\"十五日内换货\"}", n2);
	expect_number(h_str(h_member(reply_result(r), "certificate"), "no"), "EX");
	cJSON_Delete(r);
	/* 100 days, never repaired: neither. */
	refused(mgr, "ticket.guarantee", args("{\"no\":\"%s\",\"decision\":\"exchange\","
	    "\"reason\":\"x\"}", n3), "forbidden", "decision", "not entitled to exchange");
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM guarantee_certificates"), 2);
	/* The customer's file shows the unit's certificate. */
	r = h_okf(op, "customer.get", "{\"id\":%lld}", fresh.customer);
	unit = cJSON_GetArrayItem(h_member(reply_result(r), "units"), 0);
	cert = cJSON_GetArrayItem(h_member(h_member(unit, "entitlements"), "certificates"), 0);
	ck_assert_str_eq(h_str(cert, "no"), refund);
	ck_assert_str_eq(h_str(cert, "ticket_no"), n1);
	cJSON_Delete(r);
	conn_close(op);
	conn_close(disp);
	conn_close(mgr);
	conn_close(tech);
}
END_TEST

/* Dispatched to login and completed through the daemon. */
static void
repaired_by(const char *login, const char *no)
{
	struct conn *disp = h_connect_as(E.d, "dispatcher"), *tech = h_connect_as(E.d, login);

	h_donef(disp, "ticket.dispatch", "{\"no\":\"%s\",\"technician\":\"%s\"}", no, login);
	h_donef(tech, "ticket.arrive", "{\"no\":\"%s\"}", no);
	h_donef(tech, "ticket.repair", "{\"no\":\"%s\",\"diagnosis\":\"不制冷\",\"cause\":\"漏氟\","
	    "\"actions\":\"补漏加氟\",\"labour_minutes\":30}", no);
	h_donef(tech, "ticket.complete", "{\"no\":\"%s\",\"signed_by\":\"张三\"}", no);
	conn_close(disp);
	conn_close(tech);
}

/* Repaired by the first point, then (a repeat) by the second: the unit's
 * two repairs count together, and the third call is an exchange. */
START_TEST(test_repairs_across_points)
{
	struct conn *op = h_connect_as(E.d, "operator"), *mgr = h_connect_as(E.d, "manager");
	struct unit_ids u;
	char first[32], second[32], third[32], key[96];
	cJSON *r;
	const cJSON *e;

	call_new_unit(op, 100, &u, first);
	repaired_by("technician", first);
	r = h_okf(op, "call.register", "{\"request_key\":\"%s\",\"channel\":\"phone\",\"type\":\"B\","
	    "\"customer\":{\"id\":%lld},\"unit\":{\"id\":%lld},\"fault\":\"又不制冷\"}",
	    h_request_key(key, sizeof key), u.customer, u.unit);
	snprintf(second, sizeof second, "%s", h_str(reply_result(r), "no"));
	ck_assert_str_eq(h_str(reply_result(r), "repeat_of"), first);
	cJSON_Delete(r);
	repaired_by("tech.b", second);
	r = h_okf(op, "unit.entitlements", "{\"unit_id\":%lld}", u.unit);
	e = reply_result(r);
	ck_assert_int_eq(h_int_member(e, "repairs"), 2);
	ck_assert_int_eq(h_int_member(e, "repair_points"), 2);
	ck_assert(cJSON_IsTrue(h_member(e, "exchange")));
	cJSON_Delete(r);
	r = h_okf(op, "call.register", "{\"request_key\":\"%s\",\"channel\":\"phone\",\"type\":\"B\","
	    "\"customer\":{\"id\":%lld},\"unit\":{\"id\":%lld},\"fault\":\"还是不制冷\"}",
	    h_request_key(key, sizeof key), u.customer, u.unit);
	snprintf(third, sizeof third, "%s", h_str(reply_result(r), "no"));
	cJSON_Delete(r);
	refused(mgr, "ticket.guarantee", args("{\"no\":\"%s\",\"decision\":\"refund\","
	    "\"reason\":\"x\"}", third), "forbidden", "decision", "not entitled to refund");
	r = h_okf(mgr, "ticket.guarantee", "{\"no\":\"%s\",\"decision\":\"exchange\","
	    "\"reason\":\"两次维修仍未修好\"}", third);
	ck_assert_int_eq(h_int_member(h_member(reply_result(r), "certificate"), "repairs"), 2);
	cJSON_Delete(r);
	conn_close(op);
	conn_close(mgr);
}
END_TEST

Suite *
money_suite(void)
{
	Suite *s = suite_create("money");
	TCase *tc = tcase_create("money");

	tcase_set_timeout(tc, H_TEST_TIMEOUT);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_request_approve_complete);
	tcase_add_test(tc, test_refused);
	tcase_add_test(tc, test_month_per_region);
	tcase_add_test(tc, test_over_amount);
	tcase_add_test(tc, test_zero_total);
	tcase_add_test(tc, test_limits_as_data);
	tcase_add_test(tc, test_request_refusals);
	tcase_add_test(tc, test_approval_race);
	tcase_add_test(tc, test_class_a_needs_card);
	tcase_add_test(tc, test_certificates);
	tcase_add_test(tc, test_repairs_across_points);
	suite_add_tcase(s, tc);
	return s;
}
