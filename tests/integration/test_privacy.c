/*
 * test_privacy.c: doc/domain.md, Privacy through a real daemon: phones
 * masked per role in every path (customer.get, customer.find, ticket.get,
 * ticket.list, search, complaint.get, a push built once for many clients),
 * a technician's own open ticket whole; customer.reveal (whole, audited with
 * its reason, refused for other roles and without a reason); the special
 * look-up requested, approved by another manager, opened once, all
 * audited; archive.list (retention_years); audit.list (filters, pages,
 * roles, customer.save's before and after).
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "tests/integration/harness.h"
#include "tests/integration/suites.h"

H_ENV_FIXTURE(E)

/* h_insert_ticket's customer has the phone 13800138000. */
#define WHOLE "13800138000"
#define MASKED "138****8000"

static long long
ticket_customer(const char *no)
{
	return h_sql_int(E.db, "SELECT customer_id FROM tickets WHERE no = '%s'", no);
}

/* The reply (freed) shows the phone whole, or masked, and never both. */
static void
expect_phone(cJSON *reply, bool whole, const char *what)
{
	const char *text;

	ck_assert_msg(reply_ok(reply), "%s: %s", what, h_show(reply));
	text = h_show(reply);
	if (whole)
		ck_assert_msg(strstr(text, WHOLE) && !strstr(text, MASKED), "%s: %s", what, text);
	else
		ck_assert_msg(!strstr(text, WHOLE) && strstr(text, MASKED), "%s: %s", what, text);
	cJSON_Delete(reply);
}

START_TEST(test_mask_per_role)
{
	static const struct { const char *user; bool whole; } roles[] = {
		{ "operator", true }, { "dispatcher", true }, { "quality", false },
		{ "manager", false },
	};
	long long cust;

	h_insert_ticket(E.db, "B2612060001", "new", "urban", NULL);
	cust = ticket_customer("B2612060001");
	for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++) {
		struct conn *c = h_connect_as(E.d, roles[i].user);
		bool w = roles[i].whole;
		expect_phone(h_callf(c, "customer.get", "{\"id\":%lld}", cust), w, roles[i].user);
		expect_phone(h_call(c, "customer.find", "{\"phone\":\"138 0013 8000\"}"), w,
		    roles[i].user);
		expect_phone(h_call(c, "ticket.get", "{\"no\":\"B2612060001\"}"), w, roles[i].user);
		expect_phone(h_call(c, "ticket.list", "{\"queue\":\"all\"}"), w, roles[i].user);
		conn_close(c);
	}
	/* The admin reads tickets (not files): masked too. */
	struct conn *admin = h_connect_as(E.d, "admin");
	expect_phone(h_call(admin, "ticket.get", "{\"no\":\"B2612060001\"}"), false, "admin");
	expect_phone(h_call(admin, "ticket.list", "{\"queue\":\"all\"}"), false, "admin");
	conn_close(admin);
	/* The exact shapes of the rule (common/phone.c). */
	h_sqlf(E.db, "UPDATE customers SET phones = '{13812345678,01061234567,61234567}'"
	    " WHERE id = %lld", cust);
	struct conn *q = h_connect_as(E.d, "quality");
	cJSON *r = h_expect_ok(h_callf(q, "customer.get", "{\"id\":%lld}", cust));
	const cJSON *phones = h_member(reply_result(r), "phones");
	ck_assert_str_eq(cJSON_GetArrayItem(phones, 0)->valuestring, "138****5678");
	ck_assert_str_eq(cJSON_GetArrayItem(phones, 1)->valuestring, "010****4567");
	ck_assert_str_eq(cJSON_GetArrayItem(phones, 2)->valuestring, "61****67");
	cJSON_Delete(r);
	conn_close(q);
}
END_TEST

/* A technician: whole on their own open tickets, masked on a closed one. */
START_TEST(test_mask_technician)
{
	struct conn *t;

	h_insert_ticket(E.db, "B2612060002", "dispatched", "urban", "technician");
	h_insert_ticket(E.db, "B2612060003", "closed", "urban", "technician");
	t = h_connect_as(E.d, "technician");
	expect_phone(h_call(t, "ticket.get", "{\"no\":\"B2612060002\"}"), true, "own open");
	expect_phone(h_call(t, "ticket.get", "{\"no\":\"B2612060003\"}"), false, "own closed");
	cJSON *r = h_expect_ok(h_call(t, "ticket.list", "{\"queue\":\"all\"}"));
	const cJSON *tickets = h_member(reply_result(r), "tickets"), *tk;
	int seen = 0;
	cJSON_ArrayForEach(tk, tickets) {
		const char *phone = cJSON_GetArrayItem(h_member(h_member(tk, "customer"),
		    "phones"), 0)->valuestring;
		bool open = strcmp(h_str(tk, "no"), "B2612060002") == 0;
		ck_assert_str_eq(phone, open ? WHOLE : MASKED);
		seen++;
	}
	ck_assert_int_ge(seen, 1);
	cJSON_Delete(r);
	conn_close(t);
}
END_TEST

/* search's hits carry no phones; found by phone, the reply never holds
 * the whole number for a role that does not need it. */
START_TEST(test_mask_search_and_complaint)
{
	struct conn *op = h_connect_as(E.d, "operator"), *q = h_connect_as(E.d, "quality");
	char no[32];
	cJSON *r;

	h_insert_ticket(E.db, "B2612060004", "new", "urban", NULL);
	r = h_expect_ok(h_call(q, "search", "{\"q\":\"13800138000\"}"));
	ck_assert_msg(cJSON_GetArraySize(h_member(reply_result(r), "hits")) > 0, "%s", h_show(r));
	ck_assert_msg(!strstr(h_show(r), WHOLE), "%s", h_show(r));
	cJSON_Delete(r);
	h_new_complaint(op, no, sizeof no);    /* the complainant's 13911112222 */
	r = h_expect_ok(h_callf(q, "complaint.get", "{\"no\":\"%s\"}", no));
	ck_assert_msg(!strstr(h_show(r), "13911112222") && strstr(h_show(r), "139****2222"),
	    "%s", h_show(r));
	cJSON_Delete(r);
	r = h_expect_ok(h_callf(op, "complaint.get", "{\"no\":\"%s\"}", no));
	ck_assert_msg(strstr(h_show(r), "13911112222"), "%s", h_show(r));
	cJSON_Delete(r);
	conn_close(op);
	conn_close(q);
}
END_TEST

/* One push, many clients: each gets it as their role may see it. */
START_TEST(test_mask_push)
{
	struct conn *op = h_connect_as(E.d, "operator"), *disp = h_connect_as(E.d, "dispatcher"),
	    *mgr = h_connect_as(E.d, "manager"), *tech = h_connect_as(E.d, "technician");
	char no[32], phone[32];
	cJSON *r, *p;

	h_subscribe(disp, "[\"tickets\"]");
	h_subscribe(mgr, "[\"tickets\"]");
	h_subscribe(tech, "[\"tickets\"]");
	r = h_new_ticket(op, "B", "urban", no, sizeof no);
	snprintf(phone, sizeof phone, "%s", cJSON_GetArrayItem(h_member(h_member(
	    reply_result(r), "customer"), "phones"), 0)->valuestring);
	cJSON_Delete(r);
	p = conn_wait_push(disp, "ticket.changed", H_WAIT_MS);
	ck_assert_msg(p && strstr(h_show(p), phone), "%s", p ? h_show(p) : "no push");
	cJSON_Delete(p);
	p = conn_wait_push(mgr, "ticket.changed", H_WAIT_MS);
	ck_assert_msg(p && !strstr(h_show(p), phone) && strstr(h_show(p), "****"), "%s",
	    p ? h_show(p) : "no push");
	cJSON_Delete(p);
	/* Dispatched to the technician: their own open ticket, whole. */
	cJSON_Delete(h_expect_ok(h_callf(disp, "ticket.dispatch",
	    "{\"no\":\"%s\",\"technician\":\"technician\"}", no)));
	p = conn_wait_push(tech, "ticket.changed", H_WAIT_MS);
	ck_assert_msg(p && strstr(h_show(p), phone), "%s", p ? h_show(p) : "no push");
	cJSON_Delete(p);
	p = conn_wait_push(mgr, "ticket.changed", H_WAIT_MS);
	ck_assert_msg(p && !strstr(h_show(p), phone), "%s", p ? h_show(p) : "no push");
	cJSON_Delete(p);
	conn_close(op);
	conn_close(disp);
	conn_close(mgr);
	conn_close(tech);
}
END_TEST

START_TEST(test_reveal)
{
	struct conn *q = h_connect_as(E.d, "quality");
	long long cust;
	cJSON *r;

	h_insert_ticket(E.db, "B2612060005", "new", "urban", NULL);
	cust = ticket_customer("B2612060005");
	r = h_expect_ok(h_callf(q, "customer.reveal", "{\"id\":%lld,\"reason\":\"回访核实\"}",
	    cust));
	ck_assert_str_eq(cJSON_GetArrayItem(h_member(reply_result(r), "phones"), 0)->valuestring,
	    WHOLE);
	cJSON_Delete(r);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM audit_log WHERE actor = 'quality'"
	    " AND action = 'customer.reveal' AND object = 'customer:%lld'"
	    " AND details->>'reason' = '回访核实'", cust), 1);
	/* Refused: no reason, a blank one, one too long, no such customer. */
	h_expect_error(h_callf(q, "customer.reveal", "{\"id\":%lld}", cust),
	    "invalid_argument", "reason");
	h_expect_error(h_callf(q, "customer.reveal", "{\"id\":%lld,\"reason\":\"  \"}", cust),
	    "invalid_argument", "reason");
	char args[512];
	snprintf(args, sizeof args, "{\"id\":%lld,\"reason\":\"%0201d\"}", cust, 0);
	h_expect_error(h_call(q, "customer.reveal", args), "invalid_argument", "reason");
	h_expect_error(h_call(q, "customer.reveal", "{\"id\":999999,\"reason\":\"x\"}"),
	    "not_found", "id");
	conn_close(q);
	static const char *const refused[] = { "operator", "technician", "dispatcher", "admin" };
	for (size_t i = 0; i < 4; i++) {
		struct conn *c = h_connect_as(E.d, refused[i]);
		h_expect_error(h_callf(c, "customer.reveal", "{\"id\":%lld,\"reason\":\"x\"}", cust),
		    "forbidden", NULL);
		conn_close(c);
	}
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM audit_log"
	    " WHERE action = 'customer.reveal'"), 1);
}
END_TEST

/* Requested by quality, approved by a manager, opened once; a manager's
 * own request needs another manager; every step in the audit. */
START_TEST(test_lookup_flow)
{
	struct conn *q = h_connect_as(E.d, "quality"), *mgr = h_connect_as(E.d, "manager");
	long long cust, id, own;
	cJSON *r;

	h_insert_ticket(E.db, "B2612060006", "new", "urban", NULL);
	cust = ticket_customer("B2612060006");
	h_expect_error(h_callf(q, "lookup.request", "{\"customer_id\":%lld}", cust),
	    "invalid_argument", "grounds");
	h_expect_error(h_call(q, "lookup.request", "{\"customer_id\":999999,\"grounds\":\"x\"}"),
	    "not_found", "customer_id");
	r = h_expect_ok(h_callf(q, "lookup.request", "{\"customer_id\":%lld,"
	    "\"grounds\":\"公安协查函 2026-118\"}", cust));
	id = h_int_member(h_member(reply_result(r), "lookup"), "id");
	ck_assert_str_eq(h_str(h_member(reply_result(r), "lookup"), "state"), "pending");
	cJSON_Delete(r);
	/* Not opened before approval; not decided by who asked. */
	h_expect_error(h_callf(q, "lookup.open", "{\"id\":%lld}", id), "conflict", "id");
	h_expect_error(h_callf(q, "lookup.decide", "{\"id\":%lld,\"approve\":true}", id),
	    "forbidden", NULL);
	/* The manager's queue holds it; the requester sees their own. */
	r = h_expect_ok(h_call(mgr, "lookup.list", "{\"state\":\"pending\"}"));
	ck_assert_int_eq(cJSON_GetArraySize(h_member(reply_result(r), "lookups")), 1);
	cJSON_Delete(r);
	cJSON_Delete(h_expect_ok(h_callf(mgr, "lookup.decide", "{\"id\":%lld,\"approve\":true,"
	    "\"note\":\"同意\"}", id)));
	h_expect_error(h_callf(mgr, "lookup.decide", "{\"id\":%lld,\"approve\":false}", id),
	    "conflict", "id");
	/* A file that cannot be read leaves the look-up unopened: one statement
	 * uses it up and reads the file (it was two, the first committed). */
	h_sql(E.db, "ALTER FUNCTION complaint_json(complaints) RENAME TO complaint_json_gone");
	r = h_callf(q, "lookup.open", "{\"id\":%lld}", id);
	ck_assert_msg(r != NULL && !reply_ok(r), "%s", h_show(r));
	cJSON_Delete(r);
	h_sql(E.db, "ALTER FUNCTION complaint_json_gone(complaints) RENAME TO complaint_json");
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM lookups WHERE id = %lld"
	    " AND opened_at IS NULL", id), 1);
	/* Only who asked opens it, once: the whole file, phones whole. */
	h_expect_error(h_callf(mgr, "lookup.open", "{\"id\":%lld}", id), "forbidden", "id");
	r = h_expect_ok(h_callf(q, "lookup.open", "{\"id\":%lld}", id));
	ck_assert_str_eq(cJSON_GetArrayItem(h_member(reply_result(r), "phones"), 0)->valuestring,
	    WHOLE);
	ck_assert(cJSON_IsArray(h_member(reply_result(r), "tickets")));
	cJSON_Delete(r);
	h_expect_error(h_callf(q, "lookup.open", "{\"id\":%lld}", id), "conflict", "id");
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM audit_log WHERE object ="
	    " 'customer:%lld' AND (details->>'lookup')::bigint = %lld AND action IN"
	    " ('lookup.request', 'lookup.decide', 'lookup.open')", cust, id), 3);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM audit_log WHERE action ="
	    " 'lookup.decide' AND actor = 'manager' AND details->>'approved' = 'true'"), 1);
	/* A manager's own request: refused to them, decided by another. */
	r = h_expect_ok(h_callf(mgr, "lookup.request", "{\"customer_id\":%lld,"
	    "\"grounds\":\"法院调查令\"}", cust));
	own = h_int_member(h_member(reply_result(r), "lookup"), "id");
	cJSON_Delete(r);
	h_expect_error(h_callf(mgr, "lookup.decide", "{\"id\":%lld,\"approve\":true}", own),
	    "forbidden", "id");
	h_sql(E.db, "INSERT INTO users (login, name, role, password_hash)"
	    " SELECT 'manager2', '副经理', 'manager', password_hash FROM users WHERE login = 'manager'");
	struct conn *m2 = h_connect_as(E.d, "manager2");
	cJSON_Delete(h_expect_ok(h_callf(m2, "lookup.decide", "{\"id\":%lld,\"approve\":false}",
	    own)));
	h_expect_error(h_callf(mgr, "lookup.open", "{\"id\":%lld}", own), "conflict", "id");
	/* Roles. */
	struct conn *t = h_connect_as(E.d, "technician");
	h_expect_error(h_call(t, "lookup.request", "{}"), "forbidden", NULL);
	h_expect_error(h_callf(q, "lookup.decide", "{\"id\":%lld,\"approve\":true}", own),
	    "forbidden", NULL);
	conn_close(t);
	conn_close(m2);
	conn_close(q);
	conn_close(mgr);
}
END_TEST

START_TEST(test_archive_list)
{
	struct conn *admin = h_connect_as(E.d, "admin"), *mgr = h_connect_as(E.d, "manager");
	cJSON *r;
	const cJSON *recs;

	h_insert_ticket(E.db, "B2012010001", "closed", "urban", NULL);
	h_insert_ticket(E.db, "B2012010002", "cancelled", "urban", NULL);
	h_insert_ticket(E.db, "B2612060007", "closed", "urban", NULL);   /* recent */
	h_insert_ticket(E.db, "B2012010003", "dispatched", "urban", NULL);   /* open */
	h_sql(E.db, "UPDATE tickets SET created_at = now() - interval '5 years',"
	    " updated_at = now() - interval '5 years' WHERE no LIKE 'B2012%';"
	    "UPDATE customers c SET updated_at = now() - interval '5 years' FROM tickets t"
	    " WHERE t.customer_id = c.id AND t.no LIKE 'B2012%'");
	r = h_expect_ok(h_call(admin, "archive.list", "{\"kind\":\"ticket\"}"));
	recs = h_member(reply_result(r), "records");
	ck_assert_int_eq(cJSON_GetArraySize(recs), 2);
	ck_assert_str_eq(h_str(cJSON_GetArrayItem(recs, 0), "key"), "B2012010001");
	ck_assert_str_eq(h_str(cJSON_GetArrayItem(recs, 1), "key"), "B2012010002");
	cJSON_Delete(r);
	/* Customers with nothing open: the two, not the open ticket's. */
	r = h_expect_ok(h_call(admin, "archive.list", "{\"kind\":\"customer\"}"));
	ck_assert_int_eq(cJSON_GetArraySize(h_member(reply_result(r), "records")), 2);
	cJSON_Delete(r);
	/* Pages of one. */
	r = h_expect_ok(h_call(admin, "archive.list", "{\"kind\":\"ticket\",\"limit\":1}"));
	ck_assert_str_eq(h_str(reply_result(r), "next"), "ticket|B2012010001");
	cJSON_Delete(r);
	r = h_expect_ok(h_call(admin, "archive.list", "{\"limit\":1,\"after\":\"ticket|B2012010001\"}"));
	ck_assert_str_eq(h_str(cJSON_GetArrayItem(h_member(reply_result(r), "records"), 0), "key"),
	    "B2012010002");
	ck_assert(h_is_null(reply_result(r), "next"));
	cJSON_Delete(r);
	/* A longer retention keeps them out; nothing was deleted. */
	h_sql(E.db, "UPDATE settings SET value = '10' WHERE key = 'retention_years'");
	r = h_expect_ok(h_call(admin, "archive.list", "{}"));
	ck_assert_int_eq(cJSON_GetArraySize(h_member(reply_result(r), "records")), 0);
	cJSON_Delete(r);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM tickets WHERE no LIKE 'B2012%%'"), 3);
	h_expect_error(h_call(admin, "archive.list", "{\"after\":\"nonsense\"}"),
	    "invalid_argument", "after");
	h_expect_error(h_call(admin, "archive.list", "{\"kind\":\"user\"}"),
	    "invalid_argument", "kind");
	h_expect_error(h_call(mgr, "archive.list", "{}"), "forbidden", NULL);
	conn_close(admin);
	conn_close(mgr);
}
END_TEST

static const char *
today(char *buf, size_t size)
{
	return h_centre_date(time(NULL), 0, buf, size);
}

START_TEST(test_audit_list)
{
	struct conn *op = h_connect_as(E.d, "operator"), *admin = h_connect_as(E.d, "admin"),
	    *mgr = h_connect_as(E.d, "manager");
	char day[16], yesterday[16];
	long long cust;
	cJSON *r;
	const cJSON *entries, *e;

	today(day, sizeof day);
	h_centre_date(time(NULL), -1, yesterday, sizeof yesterday);
	h_insert_ticket(E.db, "B2612060008", "new", "urban", NULL);
	cust = ticket_customer("B2612060008");
	/* customer.save writes the file before and after. */
	cJSON_Delete(h_expect_ok(h_callf(op, "customer.get", "{\"id\":%lld}", cust)));
	cJSON_Delete(h_expect_ok(h_callf(op, "customer.save", "{\"id\":%lld,\"name\":\"新名字\","
	    "\"phones\":[\"13800138000\"],\"region\":\"urban\"}", cust)));
	r = h_expect_ok(h_callf(mgr, "audit.list", "{\"from\":\"%s\",\"to\":\"%s\","
	    "\"customer_id\":%lld}", day, day, cust));
	entries = h_member(reply_result(r), "entries");
	ck_assert_int_eq(cJSON_GetArraySize(entries), 2);
	e = cJSON_GetArrayItem(entries, 0);   /* newest first */
	ck_assert_str_eq(h_str(e, "op"), "customer.save");
	ck_assert_str_eq(h_str(e, "user"), "operator");
	ck_assert_int_eq(h_int_member(e, "customer_id"), cust);
	ck_assert_str_eq(h_str(h_member(h_member(e, "what"), "before"), "name"), "测试客户");
	ck_assert_str_eq(h_str(h_member(h_member(e, "what"), "after"), "name"), "新名字");
	/* The manager sees the phones in the log masked too. */
	ck_assert_msg(!strstr(h_show(r), WHOLE) && strstr(h_show(r), MASKED), "%s", h_show(r));
	ck_assert_str_eq(h_str(cJSON_GetArrayItem(entries, 1), "op"), "customer.get");
	ck_assert(strlen(h_str(cJSON_GetArrayItem(entries, 1), "address")) > 0);
	cJSON_Delete(r);
	/* By user, paged one at a time, every entry once. */
	int total = 0;
	char after[32] = "";
	for (int page = 0; page < 20; page++) {
		r = h_expect_ok(h_callf(admin, "audit.list", "{\"from\":\"%s\",\"to\":\"%s\","
		    "\"user\":\"operator\",\"limit\":1%s%s%s}", yesterday, day,
		    after[0] ? ",\"after\":\"" : "", after, after[0] ? "\"" : ""));
		entries = h_member(reply_result(r), "entries");
		ck_assert_int_eq(cJSON_GetArraySize(entries), 1);
		ck_assert_str_eq(h_str(cJSON_GetArrayItem(entries, 0), "user"), "operator");
		total++;
		if (h_is_null(reply_result(r), "next")) {
			cJSON_Delete(r);
			break;
		}
		snprintf(after, sizeof after, "%s", h_str(reply_result(r), "next"));
		cJSON_Delete(r);
	}
	ck_assert_int_eq(total, h_sql_int(E.db, "SELECT count(*) FROM audit_log"
	    " WHERE actor = 'operator'"));
	/* A period that holds nothing; refusals; roles. */
	r = h_expect_ok(h_call(admin, "audit.list", "{\"from\":\"2020-01-01\",\"to\":\"2020-01-31\"}"));
	ck_assert_int_eq(cJSON_GetArraySize(h_member(reply_result(r), "entries")), 0);
	cJSON_Delete(r);
	h_expect_error(h_callf(admin, "audit.list", "{\"from\":\"%s\",\"to\":\"%s\"}", day,
	    yesterday), "invalid_argument", "to");
	h_expect_error(h_callf(admin, "audit.list", "{\"to\":\"%s\"}", day), "invalid_argument",
	    "from");
	h_expect_error(h_callf(admin, "audit.list", "{\"from\":\"%s\",\"to\":\"%s\",\"after\":\"x\"}",
	    day, day), "invalid_argument", "after");
	h_expect_error(h_callf(op, "audit.list", "{\"from\":\"%s\",\"to\":\"%s\"}", day, day),
	    "forbidden", NULL);
	/* Reading the log is in the log. */
	ck_assert_int_ge(h_sql_int(E.db, "SELECT count(*) FROM audit_log WHERE action ="
	    " 'audit.list' AND actor = 'manager' AND object = 'customer:%lld'", cust), 1);
	conn_close(op);
	conn_close(admin);
	conn_close(mgr);
}
END_TEST

/* unit.save's audit row holds the unit before and after. */
START_TEST(test_unit_save_audit)
{
	struct conn *op = h_connect_as(E.d, "operator");
	char no[32];
	cJSON *r = h_new_ticket(op, "B", "urban", no, sizeof no);
	const cJSON *unit = h_member(reply_result(r), "unit");
	long long uid = h_int_member(unit, "id"), cust = h_int_member(unit, "customer_id");

	cJSON_Delete(h_expect_ok(h_callf(op, "unit.save", "{\"id\":%lld,\"customer_id\":%lld,"
	    "\"model\":\"KFR-50LW\",\"serial\":\"%s\",\"purchase_date\":\"%s\"}", uid, cust,
	    h_str(unit, "serial"), h_str(unit, "purchase_date"))));
	cJSON_Delete(r);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM audit_log WHERE action = 'unit.save'"
	    " AND object = 'unit:%lld' AND details->'after'->>'model' = 'KFR-50LW'"
	    " AND details->'before'->>'model' <> 'KFR-50LW'", uid), 1);
	conn_close(op);
}
END_TEST

Suite *
privacy_suite(void)
{
	Suite *s = suite_create("privacy");
	TCase *tc = tcase_create("privacy");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, H_TEST_TIMEOUT);
	tcase_add_test(tc, test_mask_per_role);
	tcase_add_test(tc, test_mask_technician);
	tcase_add_test(tc, test_mask_search_and_complaint);
	tcase_add_test(tc, test_mask_push);
	tcase_add_test(tc, test_reveal);
	tcase_add_test(tc, test_lookup_flow);
	tcase_add_test(tc, test_archive_list);
	tcase_add_test(tc, test_audit_list);
	tcase_add_test(tc, test_unit_save_audit);
	suite_add_tcase(s, tc);
	return s;
}
