/*
 * test_stock.c: the catalogue entry and the stock ledger through a real
 * daemon (issue #13): part.save (new, changed, audited before and after,
 * every bad field, admin only); a ledger row for every movement with the
 * balance after it: stock.receive (note), stock.correct (the reason
 * required, never below zero), ticket.repair's issue (with the ticket);
 * stock.list (the points; a point's every catalogue part, paged; a
 * technician's own point only), stock.ledger (by point, by part, paged,
 * newest first) and who may run each.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "tests/integration/harness.h"
#include "tests/integration/suites.h"

static struct h_env E;

static void
setup(void)
{
	h_env_start(&E, NULL);
	h_sql(E.db, "INSERT INTO service_points (id, name, region) VALUES"
	    " (1, '朝阳服务站', 'urban'), (2, '通州服务站', 'suburban');"
	    "UPDATE users SET service_point_id = 1 WHERE login = 'technician';"
	    "INSERT INTO parts (part_no, name, price) VALUES"
	    " ('RC-101', '压缩机启动电容', 3500), ('RC-102', '温控器', 6800),"
	    " ('WM-201', '洗衣机排水泵', 12000)");
}

static void
teardown(void)
{
	h_env_stop(&E);
}

/* "kind:delta:balance:actor:reason:ticket" of the ledger's rows in order. */
static const char *
ledger(const char *where)
{
	static char buf[2048];

	char sql[1024];

	snprintf(sql, sizeof sql, "SELECT coalesce(string_agg(kind || ':' || delta || ':' ||"
	    " balance || ':' || coalesce(actor, '-') || ':' || reason || ':' ||"
	    " coalesce(ticket_no, '-'), ',' ORDER BY id), '') FROM stock_ledger WHERE %s", where);
	h_sql_value(E.db, sql, buf, sizeof buf);
	return buf;
}

static long long
stock_of(int point, const char *part)
{
	return h_sql_int(E.db, "SELECT coalesce((SELECT qty FROM part_stock WHERE"
	    " service_point_id = %d AND part_no = '%s'), -1)", point, part);
}

START_TEST(test_part_save)
{
	struct conn *admin = h_connect_as(E.d, "admin");
	cJSON *r;

	r = h_expect_ok(h_call(admin, "part.save",
	    "{\"part_no\":\"AC-301\",\"name\":\"空调电容\",\"price\":2500}"));
	ck_assert_str_eq(h_str(reply_result(r), "part_no"), "AC-301");
	ck_assert(cJSON_IsTrue(h_member(reply_result(r), "created")));
	cJSON_Delete(r);
	r = h_expect_ok(h_call(admin, "part.save",
	    "{\"part_no\":\"RC-102\",\"name\":\"冰箱温控器\",\"price\":7200}"));
	ck_assert(cJSON_IsFalse(h_member(reply_result(r), "created")));
	ck_assert_int_eq(h_int_member(reply_result(r), "price"), 7200);
	cJSON_Delete(r);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT price FROM parts WHERE part_no = 'RC-102'"), 7200);
	/* The audit row: who, from where, before and after. */
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM audit_log WHERE action = 'part.save'"
	    " AND actor = 'admin' AND address IS NOT NULL AND object = 'part:RC-102'"
	    " AND (details->'before'->>'price')::int = 6800"
	    " AND (details->'after'->>'price')::int = 7200"
	    " AND details->'after'->>'name' = '冰箱温控器'"), 1);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM audit_log WHERE action = 'part.save'"
	    " AND object = 'part:AC-301' AND details->'before' = 'null'::jsonb"), 1);

	static const char *const bad[][2] = {
		{ "{\"name\":\"x\",\"price\":1}", "part_no" },
		{ "{\"part_no\":\"A 1\",\"name\":\"x\",\"price\":1}", "part_no" },
		{ "{\"part_no\":\"-A1\",\"name\":\"x\",\"price\":1}", "part_no" },
		{ "{\"part_no\":\"A1\",\"name\":\" \",\"price\":1}", "name" },
		{ "{\"part_no\":\"A1\",\"price\":1}", "name" },
		{ "{\"part_no\":\"A1\",\"name\":\"x\",\"price\":-1}", "price" },
		{ "{\"part_no\":\"A1\",\"name\":\"x\",\"price\":1.5}", "price" },
		{ "{\"part_no\":\"A1\",\"name\":\"x\",\"price\":100000001}", "price" },
		{ "{\"part_no\":\"A1\",\"name\":\"x\"}", "price" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		h_expect_error(h_call(admin, "part.save", bad[i][0]), "invalid_argument", bad[i][1]);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM parts"), 4);
	conn_close(admin);

	static const char *const refused[] = { "operator", "dispatcher", "technician",
	    "quality", "manager" };
	for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
		struct conn *c = h_connect_as(E.d, refused[i]);
		h_expect_error(h_call(c, "part.save", "{\"part_no\":\"A1\",\"name\":\"x\","
		    "\"price\":1}"), "forbidden", NULL);
		conn_close(c);
	}
}
END_TEST

START_TEST(test_receive_and_correct)
{
	struct conn *admin = h_connect_as(E.d, "admin");
	struct conn *disp = h_connect_as(E.d, "dispatcher");
	cJSON *r;

	r = h_expect_ok(h_call(disp, "stock.receive", "{\"service_point_id\":1,"
	    "\"part_no\":\"RC-101\",\"qty\":5,\"note\":\"入库单 0042\"}"));
	ck_assert_int_eq(h_int_member(reply_result(r), "stock"), 5);
	ck_assert_int_eq(h_int_member(reply_result(r), "delta"), 5);
	ck_assert_str_eq(h_str(h_member(reply_result(r), "move"), "by"), "dispatcher");
	cJSON_Delete(r);
	cJSON_Delete(h_expect_ok(h_call(admin, "stock.receive", "{\"service_point_id\":1,"
	    "\"part_no\":\"RC-101\",\"qty\":3}")));
	/* A counted correction: down to 6, with its reason. */
	r = h_expect_ok(h_call(admin, "stock.correct", "{\"service_point_id\":1,"
	    "\"part_no\":\"RC-101\",\"counted\":6,\"reason\":\"盘点少两个\"}"));
	ck_assert_int_eq(h_int_member(reply_result(r), "stock"), 6);
	ck_assert_int_eq(h_int_member(reply_result(r), "delta"), -2);
	cJSON_Delete(r);
	/* Down to zero, never below; a part never stocked there counted too. */
	cJSON_Delete(h_expect_ok(h_call(admin, "stock.correct", "{\"service_point_id\":1,"
	    "\"part_no\":\"RC-101\",\"counted\":0,\"reason\":\"全部报废\"}")));
	cJSON_Delete(h_expect_ok(h_call(admin, "stock.correct", "{\"service_point_id\":2,"
	    "\"part_no\":\"WM-201\",\"counted\":4,\"reason\":\"未登记的库存\"}")));
	ck_assert_str_eq(ledger("part_no = 'RC-101'"), "receive:5:5:dispatcher:入库单 0042:-,"
	    "receive:3:8:admin::-,correct:-2:6:admin:盘点少两个:-,correct:-6:0:admin:全部报废:-");
	ck_assert_str_eq(ledger("part_no = 'WM-201'"), "correct:4:4:admin:未登记的库存:-");
	ck_assert_int_eq(stock_of(1, "RC-101"), 0);
	ck_assert_int_eq(stock_of(2, "WM-201"), 4);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM audit_log WHERE action ="
	    " 'stock.correct' AND actor = 'admin' AND object = 'stock:1:RC-101'"
	    " AND details->>'reason' = '盘点少两个'"), 1);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM audit_log WHERE action ="
	    " 'stock.receive'"), 2);

	/* Refusals, each naming its field; nothing moved. */
	static const char *const bad[][3] = {
		{ "stock.correct", "{\"service_point_id\":1,\"part_no\":\"RC-101\",\"counted\":-1,"
		  "\"reason\":\"x\"}", "counted" },
		{ "stock.correct", "{\"service_point_id\":1,\"part_no\":\"RC-101\",\"counted\":2}",
		  "reason" },
		{ "stock.correct", "{\"service_point_id\":1,\"part_no\":\"RC-101\",\"counted\":2,"
		  "\"reason\":\"  \"}", "reason" },
		{ "stock.correct", "{\"service_point_id\":1,\"part_no\":\"RC-101\",\"counted\":100001,"
		  "\"reason\":\"x\"}", "counted" },
		{ "stock.correct", "{\"part_no\":\"RC-101\",\"counted\":2,\"reason\":\"x\"}",
		  "service_point_id" },
		{ "stock.correct", "{\"service_point_id\":1,\"counted\":2,\"reason\":\"x\"}",
		  "part_no" },
		{ "stock.receive", "{\"service_point_id\":1,\"part_no\":\"RC-101\",\"qty\":-3}", "qty" },
		{ "stock.receive", "{\"service_point_id\":1,\"part_no\":\"RC-101\",\"qty\":1,"
		  "\"note\":7}", "note" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		h_expect_error(h_call(admin, bad[i][0], bad[i][1]), "invalid_argument", bad[i][2]);
	h_expect_error(h_call(admin, "stock.correct", "{\"service_point_id\":9,"
	    "\"part_no\":\"RC-101\",\"counted\":2,\"reason\":\"x\"}"), "not_found",
	    "service_point_id");
	h_expect_error(h_call(admin, "stock.correct", "{\"service_point_id\":1,"
	    "\"part_no\":\"NO-1\",\"counted\":2,\"reason\":\"x\"}"), "not_found", "part_no");
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM stock_ledger"), 5);

	/* The database itself keeps a balance from going below zero. */
	PGconn *pg = h_pg_connect(E.db);
	PGresult *res = PQexec(pg, "INSERT INTO stock_ledger (service_point_id, part_no, kind,"
	    " delta, actor, reason) VALUES (2, 'WM-201', 'receive', -5, 'admin', 'x')");
	ck_assert_int_ne(PQresultStatus(res), PGRES_COMMAND_OK);
	PQclear(res);
	res = PQexec(pg, "INSERT INTO stock_ledger (service_point_id, part_no, kind,"
	    " balance, actor, reason) VALUES (2, 'WM-201', 'correct', -1, 'admin', 'x')");
	ck_assert_int_ne(PQresultStatus(res), PGRES_COMMAND_OK);
	PQclear(res);
	PQfinish(pg);
	ck_assert_int_eq(stock_of(2, "WM-201"), 4);

	/* Roles: correcting is the admin's; receiving the dispatcher's too. */
	h_expect_error(h_call(disp, "stock.correct", "{\"service_point_id\":1,"
	    "\"part_no\":\"RC-101\",\"counted\":2,\"reason\":\"x\"}"), "forbidden", NULL);
	static const char *const refused[] = { "operator", "technician", "quality", "manager" };
	for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
		struct conn *c = h_connect_as(E.d, refused[i]);
		h_expect_error(h_call(c, "stock.correct", "{\"service_point_id\":1,"
		    "\"part_no\":\"RC-101\",\"counted\":2,\"reason\":\"x\"}"), "forbidden", NULL);
		h_expect_error(h_call(c, "stock.receive", "{\"service_point_id\":1,"
		    "\"part_no\":\"RC-101\",\"qty\":2}"), "forbidden", NULL);
		conn_close(c);
	}
	conn_close(admin);
	conn_close(disp);
}
END_TEST

#define REPAIR_ARGS "\"diagnosis\":\"压缩机不启动\",\"cause\":\"启动电容损坏\"," \
	"\"actions\":\"更换启动电容\",\"labour_minutes\":30"

START_TEST(test_repair_issue)
{
	struct conn *admin = h_connect_as(E.d, "admin");
	struct conn *op = h_connect_as(E.d, "operator"), *disp = h_connect_as(E.d, "dispatcher");
	struct conn *tech = h_connect_as(E.d, "technician");
	char no[32];

	cJSON_Delete(h_expect_ok(h_call(admin, "stock.receive", "{\"service_point_id\":1,"
	    "\"part_no\":\"RC-101\",\"qty\":4}")));
	cJSON_Delete(h_new_ticket(op, "B", "urban", no, sizeof no));
	cJSON_Delete(h_expect_ok(h_callf(disp, "ticket.dispatch", "{\"no\":\"%s\","
	    "\"technician\":\"technician\"}", no)));
	cJSON_Delete(h_expect_ok(h_callf(tech, "ticket.arrive", "{\"no\":\"%s\"}", no)));
	/* Short: refused, no row, nothing taken. */
	h_expect_error(h_callf(tech, "ticket.repair", "{\"no\":\"%s\"," REPAIR_ARGS
	    ",\"parts\":[{\"part_no\":\"RC-101\",\"qty\":5}]}", no), "conflict", "parts");
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM stock_ledger WHERE kind = 'issue'"), 0);
	cJSON_Delete(h_expect_ok(h_callf(tech, "ticket.repair", "{\"no\":\"%s\"," REPAIR_ARGS
	    ",\"parts\":[{\"part_no\":\"RC-101\",\"qty\":3}]}", no)));
	char want[256];
	snprintf(want, sizeof want, "receive:4:4:admin::-,issue:-3:1:technician::%s", no);
	ck_assert_str_eq(ledger("part_no = 'RC-101'"), want);
	ck_assert_int_eq(stock_of(1, "RC-101"), 1);

	/* The technician's ledger: their own point's, the ticket on the row. */
	cJSON *r = h_expect_ok(h_call(tech, "stock.ledger", NULL));
	const cJSON *moves = h_member(reply_result(r), "moves");
	ck_assert_int_eq(cJSON_GetArraySize(moves), 2);
	ck_assert_str_eq(h_str(cJSON_GetArrayItem(moves, 0), "kind"), "issue");
	ck_assert_str_eq(h_str(cJSON_GetArrayItem(moves, 0), "ticket_no"), no);
	ck_assert_str_eq(h_str(cJSON_GetArrayItem(moves, 0), "service_point"), "朝阳服务站");
	ck_assert_int_eq(h_int_member(cJSON_GetArrayItem(moves, 0), "delta"), -3);
	cJSON_Delete(r);
	conn_close(admin);
	conn_close(op);
	conn_close(disp);
	conn_close(tech);
}
END_TEST

/* "part_no:qty,..." of a stock.list page; its next cursor into next. */
static const char *
stock_page(struct conn *c, const char *args, char *next, size_t size)
{
	static char buf[512];
	cJSON *r = h_expect_ok(h_call(c, "stock.list", args));
	const cJSON *row, *n = h_member(reply_result(r), "next");

	buf[0] = '\0';
	cJSON_ArrayForEach(row, h_member(reply_result(r), "stock")) {
		char one[64];
		snprintf(one, sizeof one, "%s%s:%lld", buf[0] ? "," : "", h_str(row, "part_no"),
		    h_int_member(row, "qty"));
		strcat(buf, one);
	}
	snprintf(next, size, "%s", cJSON_IsString(n) ? n->valuestring : "");
	cJSON_Delete(r);
	return buf;
}

START_TEST(test_list_and_ledger)
{
	struct conn *admin = h_connect_as(E.d, "admin");
	struct conn *mgr = h_connect_as(E.d, "manager");
	struct conn *tech = h_connect_as(E.d, "technician");
	char next[64], args[128];
	cJSON *r;

	for (int i = 1; i <= 3; i++)
		cJSON_Delete(h_expect_ok(h_callf(admin, "stock.receive", "{\"service_point_id\":1,"
		    "\"part_no\":\"RC-101\",\"qty\":%d}", i)));
	cJSON_Delete(h_expect_ok(h_call(admin, "stock.receive", "{\"service_point_id\":2,"
	    "\"part_no\":\"WM-201\",\"qty\":2}")));

	/* The points, with their kinds of part and units. */
	r = h_expect_ok(h_call(mgr, "stock.list", NULL));
	const cJSON *points = h_member(reply_result(r), "points");
	ck_assert_int_eq(cJSON_GetArraySize(points), 2);
	ck_assert_str_eq(h_str(cJSON_GetArrayItem(points, 0), "name"), "朝阳服务站");
	ck_assert_int_eq(h_int_member(cJSON_GetArrayItem(points, 0), "parts"), 1);
	ck_assert_int_eq(h_int_member(cJSON_GetArrayItem(points, 0), "units"), 6);
	cJSON_Delete(r);

	/* A point's every catalogue part, paged by part number; q. */
	ck_assert_str_eq(stock_page(mgr, "{\"service_point_id\":1,\"limit\":2}", next,
	    sizeof next), "RC-101:6,RC-102:0");
	ck_assert_str_eq(next, "RC-102");
	snprintf(args, sizeof args, "{\"service_point_id\":1,\"limit\":2,\"after\":\"%s\"}", next);
	ck_assert_str_eq(stock_page(mgr, args, next, sizeof next), "WM-201:0");
	ck_assert_str_eq(next, "");
	ck_assert_str_eq(stock_page(admin, "{\"service_point_id\":2,\"q\":\"排水\"}", next,
	    sizeof next), "WM-201:2");
	/* A technician: their own point, none other. */
	ck_assert_str_eq(stock_page(tech, NULL, next, sizeof next), "RC-101:6,RC-102:0,WM-201:0");
	ck_assert_str_eq(stock_page(tech, "{\"service_point_id\":1}", next, sizeof next),
	    "RC-101:6,RC-102:0,WM-201:0");
	h_expect_error(h_call(tech, "stock.list", "{\"service_point_id\":2}"), "forbidden",
	    "service_point_id");
	h_expect_error(h_call(tech, "stock.ledger", "{\"service_point_id\":2}"), "forbidden",
	    "service_point_id");
	h_expect_error(h_call(admin, "stock.list", "{\"service_point_id\":9}"), "not_found",
	    "service_point_id");
	h_expect_error(h_call(admin, "stock.ledger", "{\"service_point_id\":9}"), "not_found",
	    "service_point_id");
	h_expect_error(h_call(admin, "stock.ledger", NULL), "invalid_argument",
	    "service_point_id");
	h_expect_error(h_call(admin, "stock.ledger", "{\"service_point_id\":1,\"limit\":0}"),
	    "invalid_argument", "limit");
	h_expect_error(h_call(admin, "stock.ledger", "{\"service_point_id\":1,\"after\":\"x\"}"),
	    "invalid_argument", "after");

	/* The ledger of a point, newest first, in pages. */
	r = h_expect_ok(h_call(admin, "stock.ledger", "{\"service_point_id\":1,\"limit\":2}"));
	const cJSON *moves = h_member(reply_result(r), "moves");
	ck_assert_int_eq(cJSON_GetArraySize(moves), 2);
	ck_assert_int_eq(h_int_member(cJSON_GetArrayItem(moves, 0), "delta"), 3);
	ck_assert_int_eq(h_int_member(cJSON_GetArrayItem(moves, 0), "balance"), 6);
	ck_assert_str_eq(h_str(cJSON_GetArrayItem(moves, 0), "by"), "admin");
	ck_assert(cJSON_IsString(h_member(reply_result(r), "next")));
	snprintf(args, sizeof args, "{\"service_point_id\":1,\"limit\":2,\"after\":\"%s\"}",
	    h_str(reply_result(r), "next"));
	cJSON_Delete(r);
	r = h_expect_ok(h_call(admin, "stock.ledger", args));
	moves = h_member(reply_result(r), "moves");
	ck_assert_int_eq(cJSON_GetArraySize(moves), 1);
	ck_assert_int_eq(h_int_member(cJSON_GetArrayItem(moves, 0), "balance"), 1);
	ck_assert(h_is_null(reply_result(r), "next"));
	cJSON_Delete(r);
	/* Of a part at every point; of a part at a point. */
	r = h_expect_ok(h_call(mgr, "stock.ledger", "{\"part_no\":\"WM-201\"}"));
	ck_assert_int_eq(cJSON_GetArraySize(h_member(reply_result(r), "moves")), 1);
	ck_assert_str_eq(h_str(cJSON_GetArrayItem(h_member(reply_result(r), "moves"), 0),
	    "service_point"), "通州服务站");
	cJSON_Delete(r);
	r = h_expect_ok(h_call(mgr, "stock.ledger", "{\"service_point_id\":2,"
	    "\"part_no\":\"RC-101\"}"));
	ck_assert_int_eq(cJSON_GetArraySize(h_member(reply_result(r), "moves")), 0);
	cJSON_Delete(r);

	static const char *const refused[] = { "operator", "quality" };
	for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
		struct conn *c = h_connect_as(E.d, refused[i]);
		h_expect_error(h_call(c, "stock.list", NULL), "forbidden", NULL);
		h_expect_error(h_call(c, "stock.ledger", "{\"part_no\":\"RC-101\"}"), "forbidden",
		    NULL);
		conn_close(c);
	}
	conn_close(admin);
	conn_close(mgr);
	conn_close(tech);
}
END_TEST

Suite *
stock_suite(void)
{
	Suite *s = suite_create("stock");
	TCase *tc = tcase_create("ledger");

	tcase_set_timeout(tc, H_TEST_TIMEOUT);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_part_save);
	tcase_add_test(tc, test_receive_and_correct);
	tcase_add_test(tc, test_repair_issue);
	tcase_add_test(tc, test_list_and_ledger);
	suite_add_tcase(s, tc);
	return s;
}
