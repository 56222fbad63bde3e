/*
 * test_repair.c: the repair card through a real daemon: ticket.take_back
 * (receipt, ledger in), ticket.repair, ticket.inspect (fail back to the
 * shop with the note, pass), ticket.complete (on site and against the
 * receipt: voided, ledger out), ticket.postpone; every refusal (wrong state,
 * complete before inspection, a technician inspecting, another technician's
 * ticket, bad arguments); class A charges to the fen; free-service approvals
 * within monthly limits; the in_shop and to_inspect queues; and a change
 * pushed to another subscribed client.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tests/integration/harness.h"
#include "tests/integration/suites.h"

static struct h_env E;

static void
setup(void)
{
	h_env_start(&E, NULL);
	h_add_technician(E.db, "tech.b", "urban");
	h_sql(E.db, "INSERT INTO service_points (id, name, region) VALUES (1, '朝阳服务站', 'urban');"
	    "UPDATE users SET service_point_id = 1 WHERE role = 'technician'");
}

static void
teardown(void)
{
	h_env_stop(&E);
}

#define ok(c, op, ...) ok_at(__LINE__, c, op, __VA_ARGS__)
static cJSON *
ok_at(int line, struct conn *c, const char *op, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static cJSON *
ok_at(int line, struct conn *c, const char *op, const char *fmt, ...)
{
	char args[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(args, sizeof args, fmt, ap);
	va_end(ap);
	return h_expect_ok_at(__FILE__, line, h_call_at(__FILE__, line, c, op, args));
}

#define done(c, op, ...) cJSON_Delete(ok_at(__LINE__, c, op, __VA_ARGS__))

/* A new ticket (B, urban, class C), dispatched to tech and on site. */
static void
on_site(struct conn *tech, const char *tech_login, char *no)
{
	struct conn *op = h_connect_as(E.d, "operator"), *disp = h_connect_as(E.d, "dispatcher");

	cJSON_Delete(h_new_ticket(op, "B", "urban", no, 32));
	done(disp, "ticket.dispatch", "{\"no\":\"%s\",\"technician\":\"%s\"}", no, tech_login);
	done(tech, "ticket.arrive", "{\"no\":\"%s\"}", no);
	conn_close(op);
	conn_close(disp);
}

/* The one value of a one-row query, printf-style; valid until the next call. */
static const char *sql_text(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static const char *
sql_text(const char *fmt, ...)
{
	static char buf[1024];
	char sql[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(sql, sizeof sql, fmt, ap);
	va_end(ap);
	h_sql_value(E.db, sql, buf, sizeof buf);
	return buf;
}

/* A formatted expectation; valid until the next call. */
static const char *expect(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static const char *
expect(const char *fmt, ...)
{
	static char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	return buf;
}

static const cJSON *
result_of(const cJSON *reply)
{
	return reply_result(reply);
}

#define REPAIR_ARGS "\"diagnosis\":\"压缩机不启动\",\"cause\":\"启动电容损坏\"," \
	"\"actions\":\"更换启动电容\""

START_TEST(test_workshop_round_trip)
{
	struct conn *tech = h_connect_as(E.d, "technician");
	struct conn *disp = h_connect_as(E.d, "dispatcher");
	char no[32], receipt[32], today[16], ymd[16];
	cJSON *r;
	const cJSON *t, *card;
	time_t now = time(NULL);

	on_site(tech, "technician", no);

	/* Take-back: in_shop, a receipt R + YYMMDD + 4 digits, a ledger line. */
	r = ok(tech, "ticket.take_back", "{\"no\":\"%s\",\"note\":\"外壳有划痕\"}", no);
	t = result_of(r);
	ck_assert_str_eq(h_str(t, "state"), "in_shop");
	snprintf(receipt, sizeof receipt, "%s", h_str(t, "receipt_no"));
	h_centre_date(now, 0, ymd, sizeof ymd);   /* YYYY-MM-DD */
	snprintf(today, sizeof today, "R%.2s%.2s%.2s", ymd + 2, ymd + 5, ymd + 8);
	ck_assert_msg(strncmp(receipt, today, 7) == 0 && strlen(receipt) == 11,
	    "receipt %s is not %s + 4 digits", receipt, today);
	cJSON_Delete(r);
	ck_assert_str_eq(sql_text("SELECT ticket_no || '|' || technician || '|' || "
	    "(out_at IS NULL) || '|' || void || '|' || note FROM shop_ledger "
	    "WHERE receipt_no = '%s'", receipt), expect("%s|technician|true|false|外壳有划痕", no));
	ck_assert_str_eq(sql_text("SELECT count(*) || ' ' || max(details->>'receipt_no') "
	    "FROM ticket_events WHERE kind = 'take_back' AND ticket_no = '%s'", no),
	    expect("1 %s", receipt));

	/* Not before repair; not twice. */
	h_expect_error(h_callf(tech, "ticket.take_back", "{\"no\":\"%s\"}", no), "conflict", "no");
	h_expect_error(h_callf(tech, "ticket.complete", "{\"no\":\"%s\",\"signed_by\":\"张三\"}",
	    no), "conflict", "no");
	h_expect_error(h_callf(disp, "ticket.inspect", "{\"no\":\"%s\",\"passed\":true}", no),
	    "conflict", "no");

	/* Repair in the shop: repaired, the card. */
	r = ok(tech, "ticket.repair", "{\"no\":\"%s\"," REPAIR_ARGS ",\"parts\":[],"
	    "\"labour_minutes\":45}", no);
	t = result_of(r);
	ck_assert_str_eq(h_str(t, "state"), "repaired");
	card = h_member(t, "repair");
	ck_assert_str_eq(h_str(card, "diagnosis"), "压缩机不启动");
	ck_assert_str_eq(h_str(card, "cause"), "启动电容损坏");
	ck_assert_str_eq(h_str(card, "actions"), "更换启动电容");
	ck_assert_str_eq(h_str(card, "by"), "technician");
	ck_assert_int_eq(h_int_member(card, "labour_minutes"), 45);
	ck_assert_int_eq(cJSON_GetArraySize(h_member(card, "parts")), 0);
	ck_assert(h_is_null(t, "charges"));    /* class C */
	cJSON_Delete(r);

	/* Never completed before it passes inspection. */
	{
		cJSON *e = h_callf(tech, "ticket.complete", "{\"no\":\"%s\",\"signed_by\":\"张三\"}", no);
		ck_assert_msg(strstr(h_show(e), "inspection") != NULL, "%s", h_show(e));
		h_expect_error(e, "conflict", "no");
	}
	/* A technician may not inspect. */
	h_expect_error(h_callf(tech, "ticket.inspect", "{\"no\":\"%s\",\"passed\":true}", no),
	    "forbidden", NULL);
	/* A failed inspection needs a note, and sends it back with it. */
	h_expect_error(h_callf(disp, "ticket.inspect", "{\"no\":\"%s\",\"passed\":false}", no),
	    "invalid_argument", "note");
	r = ok(disp, "ticket.inspect", "{\"no\":\"%s\",\"passed\":false,\"note\":\"仍有异响\"}", no);
	t = result_of(r);
	ck_assert_str_eq(h_str(t, "state"), "in_shop");
	ck_assert_str_eq(h_str(h_member(h_member(t, "repair"), "inspection"), "note"), "仍有异响");
	ck_assert(cJSON_IsFalse(h_member(h_member(h_member(t, "repair"), "inspection"), "passed")));
	cJSON_Delete(r);
	ck_assert_str_eq(sql_text("SELECT from_state || '>' || to_state || ' ' || "
	    "(details->>'note') FROM ticket_events WHERE kind = 'inspect' AND ticket_no = '%s'",
	    no), "repaired>in_shop 仍有异响");

	/* Repaired again (minutes add up), passes, goes back against the receipt. */
	r = ok(tech, "ticket.repair", "{\"no\":\"%s\"," REPAIR_ARGS ",\"labour_minutes\":20}", no);
	ck_assert_int_eq(h_int_member(h_member(result_of(r), "repair"), "labour_minutes"), 65);
	cJSON_Delete(r);
	r = ok(disp, "ticket.inspect", "{\"no\":\"%s\",\"passed\":true}", no);
	ck_assert_str_eq(h_str(result_of(r), "state"), "inspected");
	cJSON_Delete(r);
	h_expect_error(h_callf(tech, "ticket.repair", "{\"no\":\"%s\"," REPAIR_ARGS
	    ",\"labour_minutes\":5}", no), "conflict", "no");
	r = ok(tech, "ticket.complete", "{\"no\":\"%s\",\"signed_by\":\"张三\"}", no);
	t = result_of(r);
	ck_assert_str_eq(h_str(t, "state"), "completed");
	ck_assert_str_eq(h_str(h_member(t, "repair"), "signed_by"), "张三");
	h_time(t, "completed_at");
	ck_assert_str_eq(h_str(t, "receipt_no"), receipt);
	cJSON_Delete(r);
	ck_assert_str_eq(sql_text("SELECT (out_at IS NOT NULL) || '|' || void FROM shop_ledger "
	    "WHERE receipt_no = '%s'", receipt), "true|true");
	ck_assert_str_eq(sql_text("SELECT details->>'receipt_voided' FROM ticket_events "
	    "WHERE kind = 'complete' AND ticket_no = '%s'", no), receipt);
	h_expect_error(h_callf(tech, "ticket.complete", "{\"no\":\"%s\",\"signed_by\":\"张三\"}",
	    no), "conflict", "no");
	conn_close(tech);
	conn_close(disp);
}
END_TEST

START_TEST(test_on_site_and_refusals)
{
	struct conn *tech = h_connect_as(E.d, "technician");
	struct conn *other = h_connect_as(E.d, "tech.b");
	struct conn *disp = h_connect_as(E.d, "dispatcher");
	char no[32];
	cJSON *r;

	on_site(tech, "technician", no);
	/* Another technician's ticket: not yours, for every op of the card. */
	h_expect_error(h_callf(other, "ticket.take_back", "{\"no\":\"%s\"}", no), "forbidden", "no");
	h_expect_error(h_callf(other, "ticket.repair", "{\"no\":\"%s\"," REPAIR_ARGS
	    ",\"labour_minutes\":5}", no), "forbidden", "no");
	h_expect_error(h_callf(other, "ticket.complete", "{\"no\":\"%s\",\"signed_by\":\"张三\"}",
	    no), "forbidden", "no");
	/* No such ticket. */
	h_expect_error(h_call(tech, "ticket.take_back", "{\"no\":\"B2601010001\"}"),
	    "not_found", "no");
	/* Roles from the op table. */
	h_expect_error(h_callf(disp, "ticket.repair", "{\"no\":\"%s\"," REPAIR_ARGS
	    ",\"labour_minutes\":5}", no), "forbidden", NULL);
	h_expect_error(h_callf(disp, "ticket.take_back", "{\"no\":\"%s\"}", no), "forbidden", NULL);
	h_expect_error(h_callf(disp, "ticket.complete", "{\"no\":\"%s\",\"signed_by\":\"张三\"}",
	    no), "forbidden", NULL);
	h_expect_error(h_callf(tech, "ticket.postpone", "{\"no\":\"%s\",\"until\":"
	    "\"2099-01-01T10:00:00+08:00\",\"reason\":\"等配件\"}", no), "forbidden", NULL);
	/* On site, a repair keeps it on site; inspection is for the workshop. */
	r = ok(tech, "ticket.repair", "{\"no\":\"%s\"," REPAIR_ARGS ",\"labour_minutes\":30}", no);
	ck_assert_str_eq(h_str(result_of(r), "state"), "on_site");
	cJSON_Delete(r);
	h_expect_error(h_callf(disp, "ticket.inspect", "{\"no\":\"%s\",\"passed\":true}", no),
	    "conflict", "no");
	r = ok(tech, "ticket.complete", "{\"no\":\"%s\",\"signed_by\":\"李四\"}", no);
	ck_assert_str_eq(h_str(result_of(r), "state"), "completed");
	ck_assert(h_is_null(result_of(r), "receipt_no"));
	ck_assert(h_is_null(result_of(r), "charges"));
	cJSON_Delete(r);
	ck_assert_str_eq(sql_text("SELECT string_agg(kind || ':' || coalesce(from_state, '') || '>' "
	    "|| coalesce(to_state, ''), ',' ORDER BY id) FROM ticket_events WHERE ticket_no = '%s' "
	    "AND kind IN ('repair', 'complete')", no), "repair:on_site>on_site,complete:on_site>completed");
	/* Completed: nothing more of the card. */
	h_expect_error(h_callf(tech, "ticket.repair", "{\"no\":\"%s\"," REPAIR_ARGS
	    ",\"labour_minutes\":5}", no), "conflict", "no");
	h_expect_error(h_callf(disp, "ticket.postpone", "{\"no\":\"%s\",\"until\":"
	    "\"2099-01-01T10:00:00+08:00\",\"reason\":\"等配件\"}", no), "conflict", "no");
	conn_close(tech);
	conn_close(other);
	conn_close(disp);
}
END_TEST

START_TEST(test_postpone)
{
	struct conn *tech = h_connect_as(E.d, "technician");
	struct conn *disp = h_connect_as(E.d, "dispatcher");
	char no[32];
	cJSON *r;

	on_site(tech, "technician", no);
	done(tech, "ticket.take_back", "{\"no\":\"%s\"}", no);
	r = ok(disp, "ticket.postpone", "{\"no\":\"%s\",\"until\":\"2099-03-02T10:00:00+08:00\","
	    "\"reason\":\"等压缩机到货\"}", no);
	ck_assert_int_eq(h_time(result_of(r), "promised_at"), 4076100000);
	ck_assert_str_eq(h_str(result_of(r), "state"), "in_shop");
	cJSON_Delete(r);
	ck_assert_str_eq(sql_text("SELECT details->>'reason' || '|' || (details->>'until')::timestamptz"
	    "::date FROM ticket_events WHERE kind = 'postpone' AND ticket_no = '%s'", no),
	    "等压缩机到货|2099-03-02");
	/* In the past, malformed, no reason. */
	h_expect_error(h_callf(disp, "ticket.postpone", "{\"no\":\"%s\",\"until\":"
	    "\"2020-01-01T10:00:00+08:00\",\"reason\":\"x\"}", no), "invalid_argument", "until");
	h_expect_error(h_callf(disp, "ticket.postpone", "{\"no\":\"%s\",\"until\":\"tomorrow\","
	    "\"reason\":\"x\"}", no), "invalid_argument", "until");
	h_expect_error(h_callf(disp, "ticket.postpone", "{\"no\":\"%s\",\"until\":"
	    "\"2099-01-01T10:00:00+08:00\"}", no), "invalid_argument", "reason");
	conn_close(tech);
	conn_close(disp);
}
END_TEST

START_TEST(test_bad_arguments)
{
	struct conn *tech = h_connect_as(E.d, "technician");
	struct conn *disp = h_connect_as(E.d, "dispatcher");
	char no[32];

	on_site(tech, "technician", no);
	h_expect_error(h_call(tech, "ticket.take_back", "{}"), "invalid_argument", "no");
	h_expect_error(h_callf(tech, "ticket.repair", "{\"no\":\"%s\",\"cause\":\"a\","
	    "\"actions\":\"b\",\"labour_minutes\":5}", no), "invalid_argument", "diagnosis");
	h_expect_error(h_callf(tech, "ticket.repair", "{\"no\":\"%s\"," REPAIR_ARGS
	    ",\"labour_minutes\":1441}", no), "invalid_argument", "labour_minutes");
	h_expect_error(h_callf(tech, "ticket.repair", "{\"no\":\"%s\"," REPAIR_ARGS
	    ",\"labour_minutes\":-1}", no), "invalid_argument", "labour_minutes");
	h_expect_error(h_callf(tech, "ticket.repair", "{\"no\":\"%s\"," REPAIR_ARGS
	    "}", no), "invalid_argument", "labour_minutes");
	h_expect_error(h_callf(tech, "ticket.repair", "{\"no\":\"%s\"," REPAIR_ARGS
	    ",\"labour_minutes\":5,\"parts\":{}}", no), "invalid_argument", "parts");
	h_expect_error(h_callf(tech, "ticket.repair", "{\"no\":\"%s\"," REPAIR_ARGS
	    ",\"labour_minutes\":5,\"parts\":[{\"part_no\":\"C-1\",\"qty\":0}]}", no),
	    "invalid_argument", "parts.qty");
	h_expect_error(h_callf(tech, "ticket.repair", "{\"no\":\"%s\"," REPAIR_ARGS
	    ",\"labour_minutes\":5,\"parts\":[{\"qty\":1}]}", no),
	    "invalid_argument", "parts.part_no");
	h_expect_error(h_callf(tech, "ticket.complete", "{\"no\":\"%s\"}", no),
	    "invalid_argument", "signed_by");
	h_expect_error(h_callf(tech, "ticket.complete", "{\"no\":\"%s\",\"signed_by\":\"张三\","
	    "\"charges\":7}", no), "invalid_argument", "charges");
	h_expect_error(h_callf(tech, "ticket.complete", "{\"no\":\"%s\",\"signed_by\":\"张三\","
	    "\"charges\":{\"markup_percent\":17}}", no), "invalid_argument", "charges.markup_percent");
	h_expect_error(h_callf(tech, "ticket.complete", "{\"no\":\"%s\",\"signed_by\":\"张三\","
	    "\"charges\":{\"free\":true}}", no), "invalid_argument", "charges.approved_by");
	h_expect_error(h_callf(tech, "ticket.complete", "{\"no\":\"%s\",\"signed_by\":\"张三\","
	    "\"charges\":{\"free\":\"yes\",\"approved_by\":\"dispatcher\"}}", no),
	    "invalid_argument", "charges.free");
	h_expect_error(h_callf(disp, "ticket.inspect", "{\"no\":\"%s\"}", no),
	    "invalid_argument", "passed");
	/* Nothing of that moved the ticket. */
	ck_assert_str_eq(sql_text("SELECT state || version FROM tickets WHERE no = '%s'", no),
	    sql_text("SELECT 'on_site' || version FROM tickets WHERE no = '%s'", no));
	ck_assert_str_eq(sql_text("SELECT count(*) FROM ticket_events WHERE ticket_no = '%s' "
	    "AND kind IN ('repair', 'complete', 'take_back', 'inspect')", no), "0");
	conn_close(tech);
	conn_close(disp);
}
END_TEST

/* Two parts in the catalogue, stocked at point 1 (the technicians'). */
static void
stock_parts(void)
{
	h_sql(E.db, "INSERT INTO parts (part_no, name, price) VALUES"
	    " ('RC-101', '压缩机启动电容', 3550), ('RC-102', '温控器', 6833);"
	    "INSERT INTO part_stock (service_point_id, part_no, qty) VALUES"
	    " (1, 'RC-101', 5), (1, 'RC-102', 1)");
}

START_TEST(test_parts_taken)
{
	struct conn *tech = h_connect_as(E.d, "technician");
	char no[32];
	cJSON *r, *e;
	const cJSON *parts;

	stock_parts();
	on_site(tech, "technician", no);

	/* Short: conflict naming the part and what is left; nothing taken. */
	e = h_callf(tech, "ticket.repair", "{\"no\":\"%s\"," REPAIR_ARGS ",\"labour_minutes\":30,"
	    "\"parts\":[{\"part_no\":\"RC-101\",\"qty\":2},{\"part_no\":\"RC-102\",\"qty\":2}]}", no);
	ck_assert_msg(strstr(h_show(e), "RC-102") && strstr(h_show(e), "温控器") &&
	    strstr(h_show(e), "1 left"), "%s", h_show(e));
	h_expect_error(e, "conflict", "parts");
	/* The same part twice in one card counts as one request of 2. */
	e = h_callf(tech, "ticket.repair", "{\"no\":\"%s\"," REPAIR_ARGS ",\"labour_minutes\":30,"
	    "\"parts\":[{\"part_no\":\"RC-102\",\"qty\":1},{\"part_no\":\"RC-102\",\"qty\":1}]}", no);
	h_expect_error(e, "conflict", "parts");
	h_expect_error(h_callf(tech, "ticket.repair", "{\"no\":\"%s\"," REPAIR_ARGS
	    ",\"labour_minutes\":30,\"parts\":[{\"part_no\":\"XX-1\",\"qty\":1}]}", no),
	    "not_found", "parts.part_no");
	ck_assert_str_eq(sql_text("SELECT string_agg(part_no || '=' || qty, ',' ORDER BY part_no) "
	    "FROM part_stock"), "RC-101=5,RC-102=1");
	ck_assert_str_eq(sql_text("SELECT count(*) || '|' || (SELECT repair IS NULL FROM tickets "
	    "WHERE no = '%s') FROM ticket_parts", no), "0|true");

	/* Enough: taken from the technician's point, on the card, in ticket_parts. */
	r = ok(tech, "ticket.repair", "{\"no\":\"%s\"," REPAIR_ARGS ",\"labour_minutes\":30,"
	    "\"parts\":[{\"part_no\":\"RC-102\",\"qty\":1},{\"part_no\":\"RC-101\",\"qty\":2}]}", no);
	parts = h_member(h_member(result_of(r), "repair"), "parts");
	ck_assert_int_eq(cJSON_GetArraySize(parts), 2);
	ck_assert_str_eq(h_str(cJSON_GetArrayItem(parts, 0), "part_no"), "RC-101");
	ck_assert_str_eq(h_str(cJSON_GetArrayItem(parts, 0), "name"), "压缩机启动电容");
	ck_assert_int_eq(h_int_member(cJSON_GetArrayItem(parts, 0), "qty"), 2);
	ck_assert_int_eq(h_int_member(cJSON_GetArrayItem(parts, 0), "price"), 3550);
	cJSON_Delete(r);
	ck_assert_str_eq(sql_text("SELECT string_agg(part_no || '=' || qty, ',' ORDER BY part_no) "
	    "FROM part_stock"), "RC-101=3,RC-102=0");
	ck_assert_str_eq(sql_text("SELECT string_agg(ticket_no || ':' || part_no || 'x' || qty || "
	    "'@' || price || ':' || technician || ':' || service_point_id, ',' ORDER BY part_no) "
	    "FROM ticket_parts"), expect("%s:RC-101x2@3550:technician:1,%s:RC-102x1@6833:"
	    "technician:1", no, no));
	ck_assert_str_eq(sql_text("SELECT details->'parts'->0->>'part_no' FROM ticket_events "
	    "WHERE kind = 'repair' AND ticket_no = '%s'", no), "RC-101");
	conn_close(tech);

	/* A technician without a service point takes nothing. */
	h_sql(E.db, "UPDATE users SET service_point_id = NULL WHERE login = 'tech.b'");
	tech = h_connect_as(E.d, "tech.b");
	on_site(tech, "tech.b", no);
	h_expect_error(h_callf(tech, "ticket.repair", "{\"no\":\"%s\"," REPAIR_ARGS
	    ",\"labour_minutes\":30,\"parts\":[{\"part_no\":\"RC-101\",\"qty\":1}]}", no),
	    "conflict", "parts");
	/* Without parts it may still record the card. */
	done(tech, "ticket.repair", "{\"no\":\"%s\"," REPAIR_ARGS ",\"labour_minutes\":30}", no);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT qty FROM part_stock WHERE part_no = 'RC-101'"), 3);
	conn_close(tech);
}
END_TEST

Suite *
repair_suite(void)
{
	Suite *s = suite_create("repair");
	TCase *tc = tcase_create("card");

	tcase_set_timeout(tc, H_TEST_TIMEOUT);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_workshop_round_trip);
	tcase_add_test(tc, test_on_site_and_refusals);
	tcase_add_test(tc, test_postpone);
	tcase_add_test(tc, test_bad_arguments);
	tcase_add_test(tc, test_parts_taken);
	suite_add_tcase(s, tc);
	return s;
}
