/*
 * test_cause.c: the fault-cause catalogue through a real daemon: cause.list
 * (the seeded catalogue, both names, the roles that read it), cause.save (add,
 * rename, retire; audited; every refusal with its field; admin only),
 * ticket.repair's cause_code (kept on the card, refused when unknown or
 * retired with the ticket untouched, kept by a second repair that names
 * none) and report.pareto by cause over cards recorded by the ops.
 */
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
	h_sql(E.db, "INSERT INTO service_points (id, name, region) VALUES (1, '朝阳服务站', 'urban');"
	    "UPDATE users SET service_point_id = 1 WHERE role = 'technician'");
}

static void
teardown(void)
{
	h_env_stop(&E);
}

/* The catalogue's entry for code, or NULL. */
static const cJSON *
find_cause(const cJSON *reply, const char *code)
{
	const cJSON *c;

	cJSON_ArrayForEach(c, h_member(reply_result(reply), "causes"))
		if (strcmp(h_str(c, "code"), code) == 0)
			return c;
	return NULL;
}

START_TEST(test_list_seeded)
{
	static const char *const readers[] = { "operator", "dispatcher", "technician",
	    "quality", "manager", "admin" };
	const cJSON *c;
	cJSON *r;

	for (size_t i = 0; i < sizeof readers / sizeof readers[0]; i++) {
		struct conn *u = h_connect_as(E.d, readers[i]);

		r = h_expect_ok(h_call(u, "cause.list", "{}"));
		ck_assert_int_eq(cJSON_GetArraySize(h_member(reply_result(r), "causes")), 20);
		c = find_cause(r, "compressor");
		ck_assert_msg(c != NULL, "%s", h_show(r));
		ck_assert_str_eq(h_str(c, "name"), "Compressor failure");
		ck_assert_str_eq(h_str(c, "name_zh"), "压缩机故障");
		ck_assert(cJSON_IsTrue(h_member(c, "active")));
		ck_assert_ptr_nonnull(find_cause(r, "no_fault_found"));
		ck_assert_ptr_nonnull(find_cause(r, "user_misuse"));
		cJSON_Delete(r);
		conn_close(u);
	}
}
END_TEST

START_TEST(test_save)
{
	struct conn *admin = h_connect_as(E.d, "admin"), *tech = h_connect_as(E.d, "technician");
	const cJSON *c;
	cJSON *r;

	r = h_okf(admin, "cause.save", "{\"code\":\"ice_block\",\"name\":\"Ice block\","
	    "\"name_zh\":\"结冰堵塞\"}");
	ck_assert_str_eq(h_str(reply_result(r), "code"), "ice_block");
	ck_assert(cJSON_IsTrue(h_member(reply_result(r), "active")));
	cJSON_Delete(r);
	h_donef(admin, "cause.save", "{\"code\":\"ice_block\",\"name\":\"Ice blockage\","
	    "\"name_zh\":\"冰堵\",\"active\":false}");
	r = h_expect_ok(h_call(tech, "cause.list", "{}"));
	c = find_cause(r, "ice_block");
	ck_assert_msg(c != NULL, "%s", h_show(r));
	ck_assert_str_eq(h_str(c, "name"), "Ice blockage");
	ck_assert_str_eq(h_str(c, "name_zh"), "冰堵");
	ck_assert(cJSON_IsFalse(h_member(c, "active")));
	cJSON_Delete(r);
	/* Audited: new (before null), then the rename with both. */
	ck_assert_str_eq(h_sql_text(E.db, "SELECT string_agg(actor || ':' || coalesce("
	    "details->'before'->>'name', '-') || '>' || (details->'after'->>'name'), ',' ORDER BY id)"
	    " FROM audit_log WHERE action = 'cause.save' AND object = 'cause:ice_block'"),
	    "admin:->Ice block,admin:Ice block>Ice blockage");

	/* Refusals, each with its field; nothing written. */
	h_expect_error(h_call(admin, "cause.save", "{\"code\":\"Bad-Code\",\"name\":\"a\","
	    "\"name_zh\":\"甲\"}"), "invalid_argument", "code");
	h_expect_error(h_call(admin, "cause.save", "{\"code\":\"x\",\"name\":\"a\","
	    "\"name_zh\":\"甲\"}"), "invalid_argument", "code");
	h_expect_error(h_call(admin, "cause.save", "{\"name\":\"a\",\"name_zh\":\"甲\"}"),
	    "invalid_argument", "code");
	h_expect_error(h_call(admin, "cause.save", "{\"code\":\"abc\",\"name_zh\":\"甲\"}"),
	    "invalid_argument", "name");
	h_expect_error(h_call(admin, "cause.save", "{\"code\":\"abc\",\"name\":\"  \","
	    "\"name_zh\":\"甲\"}"), "invalid_argument", "name");
	h_expect_error(h_call(admin, "cause.save", "{\"code\":\"abc\",\"name\":\"a\","
	    "\"name_zh\":\"" "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十"
	    "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五\"}"),
	    "invalid_argument", "name_zh");
	h_expect_error(h_call(admin, "cause.save", "{\"code\":\"abc\",\"name\":\"a\","
	    "\"name_zh\":\"甲\",\"active\":\"yes\"}"), "invalid_argument", "active");
	h_expect_error(h_call(tech, "cause.save", "{\"code\":\"abc\",\"name\":\"a\","
	    "\"name_zh\":\"甲\"}"), "forbidden", NULL);
	ck_assert_str_eq(h_sql_text(E.db, "SELECT count(*) FROM causes WHERE code IN ('abc', 'x')"),
	    "0");
	conn_close(tech);
	conn_close(admin);
}
END_TEST

/* A new ticket (B, urban, class C), dispatched to the technician and on site. */
static void
on_site(struct conn *tech, char *no)
{
	struct conn *op = h_connect_as(E.d, "operator"), *disp = h_connect_as(E.d, "dispatcher");

	cJSON_Delete(h_new_ticket(op, "B", "urban", no, 32));
	h_donef(disp, "ticket.dispatch", "{\"no\":\"%s\",\"technician\":\"technician\"}", no);
	h_donef(tech, "ticket.arrive", "{\"no\":\"%s\"}", no);
	conn_close(op);
	conn_close(disp);
}

#define CARD "\"diagnosis\":\"不制冷\",\"cause\":\"压缩机卡缸\",\"actions\":\"更换压缩机\"," \
	"\"parts\":[],\"labour_minutes\":30"

START_TEST(test_repair_cause_code)
{
	struct conn *tech = h_connect_as(E.d, "technician"), *admin = h_connect_as(E.d, "admin");
	struct conn *disp = h_connect_as(E.d, "dispatcher");
	char no[32], no2[32];
	const cJSON *card;
	cJSON *r;

	on_site(tech, no);
	/* Unknown, empty, retired: refused naming cause_code, the ticket untouched. */
	h_expect_error(h_callf(tech, "ticket.repair", "{\"no\":\"%s\"," CARD ","
	    "\"cause_code\":\"gremlins\"}", no), "invalid_argument", "cause_code");
	h_expect_error(h_callf(tech, "ticket.repair", "{\"no\":\"%s\"," CARD ","
	    "\"cause_code\":\"\"}", no), "invalid_argument", "cause_code");
	h_expect_error(h_callf(tech, "ticket.repair", "{\"no\":\"%s\"," CARD ","
	    "\"cause_code\":7}", no), "invalid_argument", "cause_code");
	h_donef(admin, "cause.save", "{\"code\":\"scale\",\"name\":\"Scale\",\"name_zh\":\"水垢\","
	    "\"active\":false}");
	h_expect_error(h_callf(tech, "ticket.repair", "{\"no\":\"%s\"," CARD ","
	    "\"cause_code\":\"scale\"}", no), "invalid_argument", "cause_code");
	ck_assert_str_eq(h_sql_text(E.db, "SELECT state || '|' || (repair IS NULL) FROM tickets"
	    " WHERE no = '%s'", no), "on_site|true");

	/* An active code: on the card beside the description. */
	r = h_okf(tech, "ticket.repair", "{\"no\":\"%s\"," CARD ",\"cause_code\":\"compressor\"}",
	    no);
	card = h_member(reply_result(r), "repair");
	ck_assert_str_eq(h_str(card, "cause_code"), "compressor");
	ck_assert_str_eq(h_str(card, "cause"), "压缩机卡缸");
	/* With the catalogue's names, for the screens. */
	ck_assert_str_eq(h_str(h_member(card, "cause_entry"), "name"), "Compressor failure");
	ck_assert_str_eq(h_str(h_member(card, "cause_entry"), "name_zh"), "压缩机故障");
	cJSON_Delete(r);

	/* In the shop: a second repair after a failed inspection keeps the code
	 * when it names none, and replaces it when it names one. */
	on_site(tech, no2);
	h_donef(tech, "ticket.take_back", "{\"no\":\"%s\"}", no2);
	h_donef(tech, "ticket.repair", "{\"no\":\"%s\"," CARD ",\"cause_code\":\"wiring\"}", no2);
	h_donef(disp, "ticket.inspect", "{\"no\":\"%s\",\"passed\":false,\"note\":\"仍漏电\"}", no2);
	h_donef(tech, "ticket.repair", "{\"no\":\"%s\"," CARD "}", no2);
	ck_assert_str_eq(h_sql_text(E.db, "SELECT repair->>'cause_code' FROM tickets WHERE no = '%s'",
	    no2), "wiring");
	h_donef(disp, "ticket.inspect", "{\"no\":\"%s\",\"passed\":false,\"note\":\"再查\"}", no2);
	h_donef(tech, "ticket.repair", "{\"no\":\"%s\"," CARD ",\"cause_code\":\"control_board\"}",
	    no2);
	ck_assert_str_eq(h_sql_text(E.db, "SELECT repair->>'cause_code' FROM tickets WHERE no = '%s'",
	    no2), "control_board");
	conn_close(disp);
	conn_close(admin);
	conn_close(tech);
}
END_TEST

/* Four cards by the ops today: compressor twice, wiring, and one without a
 * code (left out). By hand: compressor 2 of 3 = 66.7 %, then wiring 100 %. */
START_TEST(test_pareto_by_cause)
{
	static const char *const codes[] = { "\"compressor\"", "\"wiring\"", "\"compressor\"",
	    NULL };
	struct conn *tech = h_connect_as(E.d, "technician"), *q = h_connect_as(E.d, "quality");
	char no[32], today[16];
	const cJSON *rows, *row;
	cJSON *r;

	for (int i = 0; i < 4; i++) {
		on_site(tech, no);
		if (codes[i] != NULL)
			h_donef(tech, "ticket.repair", "{\"no\":\"%s\"," CARD ",\"cause_code\":%s}",
			    no, codes[i]);
		else
			h_donef(tech, "ticket.repair", "{\"no\":\"%s\"," CARD "}", no);
	}
	h_centre_date(time(NULL), 0, today, sizeof today);
	r = h_okf(q, "report.pareto", "{\"from\":\"%s\",\"to\":\"%s\",\"by\":\"cause\"}", today,
	    today);
	rows = h_member(reply_result(r), "rows");
	ck_assert_int_eq(cJSON_GetArraySize(rows), 2);
	ck_assert_int_eq(h_int_member(reply_result(r), "total"), 3);
	row = cJSON_GetArrayItem(rows, 0);
	ck_assert_str_eq(h_str(row, "key"), "compressor");
	ck_assert_str_eq(h_str(row, "name"), "Compressor failure");
	ck_assert_str_eq(h_str(row, "name_zh"), "压缩机故障");
	ck_assert_int_eq(h_int_member(row, "count"), 2);
	ck_assert_double_eq_tol(cJSON_GetNumberValue(h_member(row, "cumulative_percent")),
	    66.7, 1e-9);
	row = cJSON_GetArrayItem(rows, 1);
	ck_assert_str_eq(h_str(row, "key"), "wiring");
	ck_assert_str_eq(h_str(row, "name_zh"), "线路故障");
	ck_assert_int_eq(h_int_member(row, "count"), 1);
	ck_assert_double_eq_tol(cJSON_GetNumberValue(h_member(row, "cumulative_percent")),
	    100, 1e-9);
	cJSON_Delete(r);
	conn_close(q);
	conn_close(tech);
}
END_TEST

Suite *
cause_suite(void)
{
	Suite *s = suite_create("cause");
	TCase *tc = tcase_create("catalogue");

	tcase_set_timeout(tc, H_TEST_TIMEOUT);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_list_seeded);
	tcase_add_test(tc, test_save);
	tcase_add_test(tc, test_repair_cause_code);
	tcase_add_test(tc, test_pareto_by_cause);
	suite_add_tcase(s, tc);
	return s;
}
