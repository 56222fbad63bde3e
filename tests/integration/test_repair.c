/*
 * test_repair.c: the repair card through a real daemon: ticket.take_back
 * (receipt, ledger in), ticket.repair, ticket.inspect (fail back to the
 * shop with the note, pass), ticket.complete (on site and against the
 * receipt: voided, ledger out), ticket.postpone; every refusal (wrong state,
 * complete before inspection, a technician inspecting, another technician's
 * ticket, bad arguments); class A charges to the fen (free service approved
 * from the approver's queue is test_money.c's); the markup cap and the
 * labour price list as policies (policy.set); the in_shop and to_inspect
 * queues; and a change pushed to another subscribed client.
 */
#include <stdarg.h>
#include <stdbool.h>
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

/* A new ticket (B, urban, class C), dispatched to tech and on site. */
static void
on_site(struct conn *tech, const char *tech_login, char *no)
{
	struct conn *op = h_connect_as(E.d, "operator"), *disp = h_connect_as(E.d, "dispatcher");

	cJSON_Delete(h_new_ticket(op, "B", "urban", no, 32));
	h_donef(disp, "ticket.dispatch", "{\"no\":\"%s\",\"technician\":\"%s\"}", no, tech_login);
	h_donef(tech, "ticket.arrive", "{\"no\":\"%s\"}", no);
	conn_close(op);
	conn_close(disp);
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
	r = h_okf(tech, "ticket.take_back", "{\"no\":\"%s\",\"note\":\"外壳有划痕\"}", no);
	t = result_of(r);
	ck_assert_str_eq(h_str(t, "state"), "in_shop");
	snprintf(receipt, sizeof receipt, "%s", h_str(t, "receipt_no"));
	h_centre_date(now, 0, ymd, sizeof ymd);   /* YYYY-MM-DD */
	snprintf(today, sizeof today, "R%.2s%.2s%.2s", ymd + 2, ymd + 5, ymd + 8);
	ck_assert_msg(strncmp(receipt, today, 7) == 0 && strlen(receipt) == 11,
	    "receipt %s is not %s + 4 digits", receipt, today);
	cJSON_Delete(r);
	ck_assert_str_eq(h_sql_text(E.db, "SELECT ticket_no || '|' || technician || '|' || "
	    "(out_at IS NULL) || '|' || void || '|' || note FROM shop_ledger "
	    "WHERE receipt_no = '%s'", receipt), expect("%s|technician|true|false|外壳有划痕", no));
	ck_assert_str_eq(h_sql_text(E.db, "SELECT count(*) || ' ' || max(details->>'receipt_no') "
	    "FROM ticket_events WHERE kind = 'take_back' AND ticket_no = '%s'", no),
	    expect("1 %s", receipt));

	/* Not before repair; not twice. */
	h_expect_error(h_callf(tech, "ticket.take_back", "{\"no\":\"%s\"}", no), "conflict", "no");
	h_expect_error(h_callf(tech, "ticket.complete", "{\"no\":\"%s\",\"signed_by\":\"张三\"}",
	    no), "conflict", "no");
	h_expect_error(h_callf(disp, "ticket.inspect", "{\"no\":\"%s\",\"passed\":true}", no),
	    "conflict", "no");

	/* Repair in the shop: repaired, the card. */
	r = h_okf(tech, "ticket.repair", "{\"no\":\"%s\"," REPAIR_ARGS ",\"parts\":[],"
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
	r = h_okf(disp, "ticket.inspect", "{\"no\":\"%s\",\"passed\":false,\"note\":\"仍有异响\"}", no);
	t = result_of(r);
	ck_assert_str_eq(h_str(t, "state"), "in_shop");
	ck_assert_str_eq(h_str(h_member(h_member(t, "repair"), "inspection"), "note"), "仍有异响");
	ck_assert(cJSON_IsFalse(h_member(h_member(h_member(t, "repair"), "inspection"), "passed")));
	cJSON_Delete(r);
	ck_assert_str_eq(h_sql_text(E.db, "SELECT from_state || '>' || to_state || ' ' || "
	    "(details->>'note') FROM ticket_events WHERE kind = 'inspect' AND ticket_no = '%s'",
	    no), "repaired>in_shop 仍有异响");

	/* Repaired again (minutes add up), passes, goes back against the receipt. */
	r = h_okf(tech, "ticket.repair", "{\"no\":\"%s\"," REPAIR_ARGS ",\"labour_minutes\":20}", no);
	ck_assert_int_eq(h_int_member(h_member(result_of(r), "repair"), "labour_minutes"), 65);
	cJSON_Delete(r);
	r = h_okf(disp, "ticket.inspect", "{\"no\":\"%s\",\"passed\":true}", no);
	ck_assert_str_eq(h_str(result_of(r), "state"), "inspected");
	cJSON_Delete(r);
	h_expect_error(h_callf(tech, "ticket.repair", "{\"no\":\"%s\"," REPAIR_ARGS
	    ",\"labour_minutes\":5}", no), "conflict", "no");
	r = h_okf(tech, "ticket.complete", "{\"no\":\"%s\",\"signed_by\":\"张三\"}", no);
	t = result_of(r);
	ck_assert_str_eq(h_str(t, "state"), "completed");
	ck_assert_str_eq(h_str(h_member(t, "repair"), "signed_by"), "张三");
	h_time(t, "completed_at");
	ck_assert_str_eq(h_str(t, "receipt_no"), receipt);
	cJSON_Delete(r);
	ck_assert_str_eq(h_sql_text(E.db, "SELECT (out_at IS NOT NULL) || '|' || void FROM shop_ledger "
	    "WHERE receipt_no = '%s'", receipt), "true|true");
	ck_assert_str_eq(h_sql_text(E.db, "SELECT details->>'receipt_voided' FROM ticket_events "
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
	r = h_okf(tech, "ticket.repair", "{\"no\":\"%s\"," REPAIR_ARGS ",\"labour_minutes\":30}", no);
	ck_assert_str_eq(h_str(result_of(r), "state"), "on_site");
	cJSON_Delete(r);
	h_expect_error(h_callf(disp, "ticket.inspect", "{\"no\":\"%s\",\"passed\":true}", no),
	    "conflict", "no");
	r = h_okf(tech, "ticket.complete", "{\"no\":\"%s\",\"signed_by\":\"李四\"}", no);
	ck_assert_str_eq(h_str(result_of(r), "state"), "completed");
	ck_assert(h_is_null(result_of(r), "receipt_no"));
	ck_assert(h_is_null(result_of(r), "charges"));
	cJSON_Delete(r);
	ck_assert_str_eq(h_sql_text(E.db, "SELECT string_agg(kind || ':' || coalesce(from_state, '') || '>' "
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
	h_donef(tech, "ticket.take_back", "{\"no\":\"%s\"}", no);
	r = h_okf(disp, "ticket.postpone", "{\"no\":\"%s\",\"until\":\"2099-03-02T10:00:00+08:00\","
	    "\"reason\":\"等压缩机到货\"}", no);
	ck_assert_int_eq(h_time(result_of(r), "promised_at"), 4076100000);
	ck_assert_str_eq(h_str(result_of(r), "state"), "in_shop");
	cJSON_Delete(r);
	ck_assert_str_eq(h_sql_text(E.db, "SELECT details->>'reason' || '|' || (details->>'until')::timestamptz"
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
	    "\"charges\":{\"free\":true,\"approved_by\":\"dispatcher\"}}", no),
	    "invalid_argument", "charges.approved_by");
	h_expect_error(h_callf(tech, "ticket.complete", "{\"no\":\"%s\",\"signed_by\":\"张三\","
	    "\"charges\":{\"reason\":\"老客户\"}}", no), "invalid_argument", "charges.reason");
	h_expect_error(h_callf(tech, "ticket.complete", "{\"no\":\"%s\",\"signed_by\":\"张三\","
	    "\"charges\":{\"free\":\"yes\"}}", no), "invalid_argument", "charges.free");
	h_expect_error(h_callf(disp, "ticket.inspect", "{\"no\":\"%s\"}", no),
	    "invalid_argument", "passed");
	/* Nothing of that moved the ticket. */
	ck_assert_str_eq(h_sql_text(E.db, "SELECT state || version FROM tickets WHERE no = '%s'", no),
	    h_sql_text(E.db, "SELECT 'on_site' || version FROM tickets WHERE no = '%s'", no));
	ck_assert_str_eq(h_sql_text(E.db, "SELECT count(*) FROM ticket_events WHERE ticket_no = '%s' "
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
	ck_assert_str_eq(h_str(h_member(e, "error"), "message"), "part RC-102 温控器: 1 in "
	    "stock at your service point, 2 asked");
	h_expect_error(e, "conflict", "parts");
	/* The same part twice in one card counts as one request of 2. */
	e = h_callf(tech, "ticket.repair", "{\"no\":\"%s\"," REPAIR_ARGS ",\"labour_minutes\":30,"
	    "\"parts\":[{\"part_no\":\"RC-102\",\"qty\":1},{\"part_no\":\"RC-102\",\"qty\":1}]}", no);
	h_expect_error(e, "conflict", "parts");
	h_expect_error(h_callf(tech, "ticket.repair", "{\"no\":\"%s\"," REPAIR_ARGS
	    ",\"labour_minutes\":30,\"parts\":[{\"part_no\":\"XX-1\",\"qty\":1}]}", no),
	    "not_found", "parts.part_no");
	ck_assert_str_eq(h_sql_text(E.db, "SELECT string_agg(part_no || '=' || qty, ',' ORDER BY part_no) "
	    "FROM part_stock"), "RC-101=5,RC-102=1");
	ck_assert_str_eq(h_sql_text(E.db, "SELECT count(*) || '|' || (SELECT repair IS NULL FROM tickets "
	    "WHERE no = '%s') FROM ticket_parts", no), "0|true");

	/* Enough: taken from the technician's point, on the card, in ticket_parts. */
	r = h_okf(tech, "ticket.repair", "{\"no\":\"%s\"," REPAIR_ARGS ",\"labour_minutes\":30,"
	    "\"parts\":[{\"part_no\":\"RC-102\",\"qty\":1},{\"part_no\":\"RC-101\",\"qty\":2}]}", no);
	parts = h_member(h_member(result_of(r), "repair"), "parts");
	ck_assert_int_eq(cJSON_GetArraySize(parts), 2);
	ck_assert_str_eq(h_str(cJSON_GetArrayItem(parts, 0), "part_no"), "RC-101");
	ck_assert_str_eq(h_str(cJSON_GetArrayItem(parts, 0), "name"), "压缩机启动电容");
	ck_assert_int_eq(h_int_member(cJSON_GetArrayItem(parts, 0), "qty"), 2);
	ck_assert_int_eq(h_int_member(cJSON_GetArrayItem(parts, 0), "price"), 3550);
	cJSON_Delete(r);
	ck_assert_str_eq(h_sql_text(E.db, "SELECT string_agg(part_no || '=' || qty, ',' ORDER BY part_no) "
	    "FROM part_stock"), "RC-101=3,RC-102=0");
	ck_assert_str_eq(h_sql_text(E.db, "SELECT string_agg(ticket_no || ':' || part_no || 'x' || qty || "
	    "'@' || price || ':' || technician || ':' || service_point_id, ',' ORDER BY part_no) "
	    "FROM ticket_parts"), expect("%s:RC-101x2@3550:technician:1,%s:RC-102x1@6833:"
	    "technician:1", no, no));
	ck_assert_str_eq(h_sql_text(E.db, "SELECT details->'parts'->0->>'part_no' FROM ticket_events "
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
	h_donef(tech, "ticket.repair", "{\"no\":\"%s\"," REPAIR_ARGS ",\"labour_minutes\":30}", no);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT qty FROM part_stock WHERE part_no = 'RC-101'"), 3);
	conn_close(tech);
}
END_TEST

/* Two repairs race for the last unit of a part: one takes it, the other is
 * told none is left, and stock never goes below zero. */
START_TEST(test_parts_race)
{
	struct conn *a = h_connect_as(E.d, "technician"), *b = h_connect_as(E.d, "tech.b");

	stock_parts();
	for (int round = 0; round < 4; round++) {
		char na[32], nb[32], args[256];
		cJSON *ra, *rb;

		on_site(a, "technician", na);
		on_site(b, "tech.b", nb);
		h_sql(E.db, "UPDATE part_stock SET qty = 1 WHERE part_no = 'RC-102'");
		snprintf(args, sizeof args, "{\"no\":\"%s\"," REPAIR_ARGS ",\"labour_minutes\":5,"
		    "\"parts\":[{\"part_no\":\"RC-102\",\"qty\":1}]}", na);
		ck_assert(conn_send(a, "ticket.repair", cJSON_Parse(args)) > 0);
		snprintf(args, sizeof args, "{\"no\":\"%s\"," REPAIR_ARGS ",\"labour_minutes\":5,"
		    "\"parts\":[{\"part_no\":\"RC-102\",\"qty\":1}]}", nb);
		ck_assert(conn_send(b, "ticket.repair", cJSON_Parse(args)) > 0);
		ra = conn_wait(a, H_WAIT_MS);
		rb = conn_wait(b, H_WAIT_MS);
		ck_assert_msg(ra && rb && reply_ok(ra) + reply_ok(rb) == 1, "round %d: %s %s",
		    round, h_show(ra), h_show(rb));
		bool a_won = reply_ok(ra);
		ck_assert_msg(strstr(h_show(a_won ? rb : ra), ": 0 in stock at your service "
		    "point, 1 asked") != NULL, "%s",
		    h_show(a_won ? rb : ra));
		h_expect_error(a_won ? rb : ra, "conflict", "parts");
		cJSON_Delete(a_won ? ra : rb);
		ck_assert_int_eq(h_sql_int(E.db, "SELECT qty FROM part_stock WHERE part_no = "
		    "'RC-102'"), 0);
	}
	ck_assert_int_eq(h_sql_int(E.db, "SELECT sum(qty) FROM ticket_parts"), 4);
	conn_close(a);
	conn_close(b);
}
END_TEST

/* A class A ticket on site with its card: qty of part_no, minutes of labour. */
static void
paid_repair(struct conn *tech, const char *login, char *no, const char *part_no, int qty,
    int minutes)
{
	on_site(tech, login, no);
	h_sqlf(E.db, "UPDATE tickets SET service_class = 'A' WHERE no = '%s'", no);
	h_donef(tech, "ticket.repair", "{\"no\":\"%s\"," REPAIR_ARGS ",\"labour_minutes\":%d,"
	    "\"parts\":[{\"part_no\":\"%s\",\"qty\":%d}]}", no, minutes, part_no, qty);
}

/* The charges of a reply as "parts/labour/percent/markup/total". */
static const char *
charges_of(const cJSON *reply)
{
	static char buf[128];
	const cJSON *ch = h_member(result_of(reply), "charges");

	snprintf(buf, sizeof buf, "%lld/%lld/%lld/%lld/%lld", h_int_member(ch, "parts"),
	    h_int_member(ch, "labour"), h_int_member(ch, "markup_percent"),
	    h_int_member(ch, "markup"), h_int_member(ch, "total"));
	return buf;
}

START_TEST(test_charges)
{
	struct conn *tech = h_connect_as(E.d, "technician");
	char no[32];
	cJSON *r;

	stock_parts();
	h_sql(E.db, "INSERT INTO parts (part_no, name, price) VALUES ('RC-103', '门封条', 1390);"
	    "INSERT INTO part_stock VALUES (1, 'RC-103', 10); UPDATE part_stock SET qty = 10");

	/* Two parts and 31 minutes (the second half hour started). */
	on_site(tech, "technician", no);
	h_sqlf(E.db, "UPDATE tickets SET service_class = 'A' WHERE no = '%s'", no);
	r = h_okf(tech, "ticket.repair", "{\"no\":\"%s\"," REPAIR_ARGS ",\"labour_minutes\":31,"
	    "\"parts\":[{\"part_no\":\"RC-101\",\"qty\":2},{\"part_no\":\"RC-102\",\"qty\":1}]}", no);
	ck_assert_str_eq(charges_of(r), "13933/6000/0/0/19933");
	cJSON_Delete(r);
	/* 17% refused; 16% of 13933 is 2229.28 fen: 2229. */
	h_expect_error(h_callf(tech, "ticket.complete", "{\"no\":\"%s\",\"signed_by\":\"张三\","
	    "\"charges\":{\"markup_percent\":17}}", no), "invalid_argument", "charges.markup_percent");
	r = h_okf(tech, "ticket.complete", "{\"no\":\"%s\",\"signed_by\":\"张三\","
	    "\"charges\":{\"markup_percent\":16}}", no);
	ck_assert_str_eq(charges_of(r), "13933/6000/16/2229/22162");
	cJSON_Delete(r);

	/* 30 minutes is one half hour; 15% of 1390 is 208.5 fen: half up, 209. */
	paid_repair(tech, "technician", no, "RC-103", 1, 30);
	r = h_okf(tech, "ticket.complete", "{\"no\":\"%s\",\"signed_by\":\"张三\","
	    "\"charges\":{\"markup_percent\":15}}", no);
	ck_assert_str_eq(charges_of(r), "1390/3000/15/209/4599");
	cJSON_Delete(r);

	/* No markup given: none; no minutes: no labour. */
	paid_repair(tech, "technician", no, "RC-103", 3, 0);
	r = h_okf(tech, "ticket.complete", "{\"no\":\"%s\",\"signed_by\":\"张三\"}", no);
	ck_assert_str_eq(charges_of(r), "4170/0/0/0/4170");
	cJSON_Delete(r);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT (details->>'total')::int FROM ticket_events "
	    "WHERE kind = 'complete' ORDER BY id DESC LIMIT 1"), 4170);

	/* Classes B and C charge nothing, markup or not. */
	for (int i = 0; i < 2; i++) {
		on_site(tech, "technician", no);
		h_sqlf(E.db, "UPDATE tickets SET service_class = '%s' WHERE no = '%s'",
		    i ? "B" : "C", no);
		r = h_okf(tech, "ticket.repair", "{\"no\":\"%s\"," REPAIR_ARGS ",\"labour_minutes\":90,"
		    "\"parts\":[{\"part_no\":\"RC-103\",\"qty\":1}]}", no);
		ck_assert(h_is_null(result_of(r), "charges"));
		cJSON_Delete(r);
		r = h_okf(tech, "ticket.complete", "{\"no\":\"%s\",\"signed_by\":\"张三\","
		    "\"charges\":{\"markup_percent\":10,\"free\":true}}", no);
		ck_assert(h_is_null(result_of(r), "charges"));
		cJSON_Delete(r);
	}
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM free_approvals"), 0);
	conn_close(tech);
}
END_TEST

/* Free service (requested, approved, used on completion) is test_money.c's. */

/* The markup cap is the setting markup_cap_percent when completing: over
 * it refused on the field with the cap named, up to it charged. */
START_TEST(test_markup_cap_setting)
{
	struct conn *tech = h_connect_as(E.d, "technician");
	struct conn *admin = h_connect_as(E.d, "admin");
	char no[32];
	cJSON *r;

	h_sql(E.db, "INSERT INTO parts VALUES ('FU-1', '保险管', 1000);"
	    "INSERT INTO part_stock VALUES (1, 'FU-1', 50)");
	cJSON_Delete(h_expect_ok(h_call(admin, "policy.set",
	    "{\"settings\":{\"markup_cap_percent\":10}}")));
	paid_repair(tech, "technician", no, "FU-1", 1, 0);
	r = h_callf(tech, "ticket.complete", "{\"no\":\"%s\",\"signed_by\":\"张三\","
	    "\"charges\":{\"markup_percent\":11}}", no);
	ck_assert_msg(strstr(h_show(r), "markup cap is 10 percent") != NULL, "%s", h_show(r));
	h_expect_error(r, "invalid_argument", "charges.markup_percent");
	ck_assert_str_eq(h_sql_text(E.db, "SELECT state FROM tickets WHERE no = '%s'", no), "on_site");
	r = h_okf(tech, "ticket.complete", "{\"no\":\"%s\",\"signed_by\":\"张三\","
	    "\"charges\":{\"markup_percent\":10}}", no);
	ck_assert_str_eq(charges_of(r), "1000/0/10/100/1100");
	cJSON_Delete(r);
	/* Raised to 20: 18 is charged. */
	cJSON_Delete(h_expect_ok(h_call(admin, "policy.set",
	    "{\"settings\":{\"markup_cap_percent\":20}}")));
	paid_repair(tech, "technician", no, "FU-1", 1, 0);
	r = h_okf(tech, "ticket.complete", "{\"no\":\"%s\",\"signed_by\":\"张三\","
	    "\"charges\":{\"markup_percent\":18}}", no);
	ck_assert_str_eq(charges_of(r), "1000/0/18/180/1180");
	cJSON_Delete(r);
	conn_close(admin);
	conn_close(tech);
}
END_TEST

/* The labour price list is data (policy.set): what repair cards use at
 * once. (The approval limits as data: test_money.c.) */
START_TEST(test_price_lists_as_data)
{
	struct conn *tech = h_connect_as(E.d, "technician");
	struct conn *admin = h_connect_as(E.d, "admin");
	char no[32];

	h_sql(E.db, "INSERT INTO parts VALUES ('FU-1', '保险管', 1000);"
	    "INSERT INTO part_stock VALUES (1, 'FU-1', 50)");
	/* One band: up to an hour 50 yuan; beyond it the last band's fee. */
	cJSON_Delete(h_expect_ok(h_call(admin, "policy.set", "{\"labour_prices\":"
	    "[{\"up_to_minutes\":60,\"fee\":5000}]}")));
	paid_repair(tech, "technician", no, "FU-1", 1, 31);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT (charges->>'labour')::int FROM tickets "
	    "WHERE no = '%s'", no), 5000);
	conn_close(admin);
	conn_close(tech);
}
END_TEST

/* "no,no" of a ticket.list queue page. */
static const char *
queue(struct conn *c, const char *name)
{
	static char buf[256];
	cJSON *r = h_okf(c, "ticket.list", "{\"queue\":\"%s\"}", name);
	const cJSON *t;

	buf[0] = '\0';
	cJSON_ArrayForEach(t, h_member(result_of(r), "tickets")) {
		if (buf[0])
			strcat(buf, ",");
		strcat(buf, h_str(t, "no"));
	}
	cJSON_Delete(r);
	return buf;
}

/* "ticket_no:state:void,..." of a ledger.list page; the cursor into next. */
static const char *
ledger(struct conn *c, const char *args, char *next, size_t size)
{
	static char buf[512];
	cJSON *r = h_expect_ok(h_call(c, "ledger.list", args));
	const cJSON *e;

	buf[0] = '\0';
	cJSON_ArrayForEach(e, h_member(result_of(r), "entries")) {
		char one[96];
		ck_assert_msg(h_str(e, "receipt_no")[0] == 'R' && h_str(e, "customer_name")[0] &&
		    h_str(e, "model")[0] && h_str(e, "serial")[0] && h_member(e, "promised_at"),
		    "%s", h_show(e));
		h_time(e, "in_at");
		ck_assert(cJSON_IsTrue(h_member(e, "void")) == !h_is_null(e, "out_at"));
		snprintf(one, sizeof one, "%s%s:%s:%s:%s", buf[0] ? "," : "", h_str(e, "ticket_no"),
		    h_str(e, "technician"), h_str(e, "state"),
		    cJSON_IsTrue(h_member(e, "void")) ? "void" : "open");
		strcat(buf, one);
	}
	if (next != NULL)
		snprintf(next, size, "%s", h_str(result_of(r), "next"));
	cJSON_Delete(r);
	return buf;
}

START_TEST(test_queues_and_ledger)
{
	struct conn *tech = h_connect_as(E.d, "technician"), *b = h_connect_as(E.d, "tech.b");
	struct conn *disp = h_connect_as(E.d, "dispatcher");
	char t1[32], t2[32], t3[32], t4[32], want[512], next[128], args[192];

	on_site(tech, "technician", t1);
	h_donef(tech, "ticket.take_back", "{\"no\":\"%s\"}", t1);
	on_site(tech, "technician", t2);
	h_donef(tech, "ticket.take_back", "{\"no\":\"%s\"}", t2);
	h_donef(tech, "ticket.repair", "{\"no\":\"%s\"," REPAIR_ARGS ",\"labour_minutes\":10}", t2);
	on_site(b, "tech.b", t3);
	h_donef(b, "ticket.take_back", "{\"no\":\"%s\"}", t3);
	h_donef(b, "ticket.repair", "{\"no\":\"%s\"," REPAIR_ARGS ",\"labour_minutes\":10}", t3);
	h_donef(disp, "ticket.inspect", "{\"no\":\"%s\",\"passed\":true}", t3);
	on_site(tech, "technician", t4);
	h_donef(tech, "ticket.take_back", "{\"no\":\"%s\"}", t4);
	h_donef(tech, "ticket.repair", "{\"no\":\"%s\"," REPAIR_ARGS ",\"labour_minutes\":10}", t4);
	h_donef(disp, "ticket.inspect", "{\"no\":\"%s\",\"passed\":true}", t4);
	h_donef(tech, "ticket.complete", "{\"no\":\"%s\",\"signed_by\":\"张三\"}", t4);
	h_donef(disp, "ticket.postpone", "{\"no\":\"%s\",\"until\":\"2099-01-01T10:00:00+08:00\","
	    "\"reason\":\"等配件\"}", t1);

	/* in_shop: in the shop, not yet inspected; to_inspect: repaired. */
	snprintf(want, sizeof want, "%s,%s", t1, t2);
	ck_assert_str_eq(queue(disp, "in_shop"), want);
	ck_assert_str_eq(queue(tech, "in_shop"), want);
	ck_assert_str_eq(queue(b, "in_shop"), "");
	ck_assert_str_eq(queue(disp, "to_inspect"), t2);
	ck_assert_str_eq(queue(b, "to_inspect"), "");

	/* The ledger: open lines in the order taken in, then all. */
	snprintf(want, sizeof want, "%s:technician:in_shop:open,%s:technician:repaired:open,"
	    "%s:tech.b:inspected:open", t1, t2, t3);
	ck_assert_str_eq(ledger(disp, NULL, NULL, 0), want);
	snprintf(want, sizeof want, "%s:technician:in_shop:open,%s:technician:repaired:open,"
	    "%s:tech.b:inspected:open,%s:technician:completed:void", t1, t2, t3, t4);
	ck_assert_str_eq(ledger(disp, "{\"open\":false}", NULL, 0), want);
	{
		/* The promised time is the ticket's (ticket.postpone). */
		cJSON *r = h_okf(disp, "ledger.list", "{\"limit\":1}");
		const cJSON *e = cJSON_GetArrayItem(h_member(result_of(r), "entries"), 0);
		ck_assert_int_eq(h_time(e, "promised_at"), 4070916000);
		cJSON_Delete(r);
	}
	/* Technicians: the units they took in. */
	snprintf(want, sizeof want, "%s:tech.b:inspected:open", t3);
	ck_assert_str_eq(ledger(b, "{\"open\":false}", NULL, 0), want);
	/* Pages. */
	snprintf(want, sizeof want, "%s:technician:in_shop:open,%s:technician:repaired:open", t1, t2);
	ck_assert_str_eq(ledger(disp, "{\"open\":false,\"limit\":2}", next, sizeof next), want);
	snprintf(args, sizeof args, "{\"open\":false,\"limit\":2,\"after\":\"%s\"}", next);
	snprintf(want, sizeof want, "%s:tech.b:inspected:open,%s:technician:completed:void", t3, t4);
	ck_assert_str_eq(ledger(disp, args, next, sizeof next), want);
	ck_assert_str_eq(next, "");
	h_expect_error(h_call(disp, "ledger.list", "{\"after\":\"yesterday|R1\"}"),
	    "invalid_argument", "after");
	h_expect_error(h_call(disp, "ledger.list", "{\"limit\":0}"), "invalid_argument", "limit");
	h_expect_error(h_call(disp, "ledger.list", "{\"open\":1}"), "invalid_argument", "open");
	{
		struct conn *op = h_connect_as(E.d, "operator");
		h_expect_error(h_call(op, "ledger.list", NULL), "forbidden", NULL);
		conn_close(op);
	}
	conn_close(tech);
	conn_close(b);
	conn_close(disp);
}
END_TEST

/* Every ticket of the "all" queue, as ticket.list assembles it from columns
 * (server/ticket_row.c), equals what ticket.get answers (PostgreSQL's
 * ticket_object), member for member: a repaired, charged and completed
 * ticket, one in the shop with a receipt and a promised time, one with its
 * class overridden and an appointment, one with no unit, and a customer whose
 * name and notes need escaping. */
/* Each ticket of c's queue "all" is the object ticket.get gives c (without
 * the events); returns how many were compared. */
static int
list_as_get(struct conn *c)
{
	cJSON *r = h_okf(c, "ticket.list", "{\"queue\":\"all\",\"limit\":200}"), *g;
	const cJSON *t;
	int compared = 0;

	cJSON_ArrayForEach(t, h_member(result_of(r), "tickets")) {
		g = h_okf(c, "ticket.get", "{\"no\":\"%s\"}", h_str(t, "no"));
		cJSON_DeleteItemFromObjectCaseSensitive(reply_result(g), "events");
		char *list = cJSON_PrintUnformatted(t), *get = cJSON_PrintUnformatted(reply_result(g));
		ck_assert_msg(cJSON_Compare(t, reply_result(g), true),
		    "ticket.list:\n%s\nticket.get:\n%s", list, get);
		cJSON_free(list);
		cJSON_free(get);
		cJSON_Delete(g);
		compared++;
	}
	cJSON_Delete(r);
	return compared;
}

START_TEST(test_list_object_as_get)
{
	struct conn *tech = h_connect_as(E.d, "technician");
	struct conn *disp = h_connect_as(E.d, "dispatcher");
	struct conn *op = h_connect_as(E.d, "operator");
	char no[32], shop[32];

	stock_parts();
	paid_repair(tech, "technician", no, "RC-101", 2, 45);
	h_donef(tech, "ticket.complete", "{\"no\":\"%s\",\"signed_by\":\"张三\","
	    "\"charges\":{\"markup_percent\":10}}", no);
	on_site(tech, "technician", shop);
	h_donef(tech, "ticket.take_back", "{\"no\":\"%s\"}", shop);
	h_donef(disp, "ticket.postpone", "{\"no\":\"%s\",\"until\":\"2099-03-02T10:00:00+08:00\","
	    "\"reason\":\"等压缩机到货\"}", shop);
	h_donef(op, "call.register", "{\"request_key\":\"row-1\",\"channel\":\"web\",\"type\":\"B\","
	    "\"customer\":{\"name\":\"周八\",\"phones\":[\"13900000008\",\"+861065550000\"],"
	    "\"region\":\"suburban\",\"address\":\"东城区1号\"},\"unit\":{\"model\":\"BCD-220\","
	    "\"serial\":\"FR-8\",\"purchase_date\":\"2020-02-29\",\"invoice_no\":\"INV-8\","
	    "\"contract_end\":\"2099-12-31\"},\"fault\":\"不制冷\",\"service_class\":\"A\","
	    "\"class_reason\":\"人为损坏\",\"appointment\":\"2099-01-05T09:30:00+08:00\"}");
	h_donef(op, "call.register", "{\"request_key\":\"row-2\",\"channel\":\"phone\",\"type\":\"Q\","
	    "\"customer\":{\"name\":\"吴九\",\"phones\":[\"13900000009\"],\"region\":\"county\","
	    "\"address\":\"西城区9号\"},\"fault\":\"咨询\"}");
	/* (a file kept from before addresses were required: none) */
	h_sql(E.db, "UPDATE customers SET name = E'王\"五\\\\ \\t', notes = E'第一行\\n第二行',"
	    " abroad = true, address = '' WHERE name = '吴九'");

	/* The page as the dispatcher reads it (the tickets from the queue's index)
	 * and as a technician does (keys first, then the tickets by number). */
	ck_assert_int_eq(list_as_get(disp), 4);
	ck_assert_int_eq(list_as_get(tech), 2);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM tickets WHERE unit_id IS NULL"
	    " OR charges IS NOT NULL OR receipt_no IS NOT NULL OR class_reason IS NOT NULL"), 4);
	conn_close(tech);
	conn_close(disp);
	conn_close(op);
}
END_TEST

START_TEST(test_push)
{
	struct conn *tech = h_connect_as(E.d, "technician");
	struct conn *watch = h_connect_as(E.d, "dispatcher");
	static const char *const steps[] = { "in_shop", "repaired", "in_shop" };
	char no[32];
	cJSON *p;

	on_site(tech, "technician", no);
	h_subscribe(watch, "[\"tickets\"]");
	h_donef(tech, "ticket.take_back", "{\"no\":\"%s\"}", no);
	h_donef(tech, "ticket.repair", "{\"no\":\"%s\"," REPAIR_ARGS ",\"labour_minutes\":10}", no);
	h_donef(watch, "ticket.inspect", "{\"no\":\"%s\",\"passed\":false,\"note\":\"漏水\"}", no);
	for (int i = 0; i < 3; i++) {
		p = conn_wait_push(watch, "ticket.changed", H_WAIT_MS);
		ck_assert_msg(p != NULL, "no push for %s", steps[i]);
		ck_assert_str_eq(h_str(h_member(p, "data"), "no"), no);
		ck_assert_str_eq(h_str(h_member(p, "data"), "state"), steps[i]);
		cJSON_Delete(p);
	}
	conn_close(tech);
	conn_close(watch);
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
	tcase_add_test(tc, test_parts_race);
	tcase_add_test(tc, test_list_object_as_get);
	tcase_add_test(tc, test_charges);
	tcase_add_test(tc, test_markup_cap_setting);
	tcase_add_test(tc, test_price_lists_as_data);
	tcase_add_test(tc, test_queues_and_ledger);
	tcase_add_test(tc, test_push);
	suite_add_tcase(s, tc);
	return s;
}
