/*
 * test_parts.c: the parts catalogue and stock through a real daemon:
 * part.load (upsert, the last of a number wins, every bad field), 
 * stock.receive (adds up; unknown part or service point), part.list (by
 * number prefix or part of the name, the caller's own stock or a named
 * point's, limit) and who may run each. Parts taken by ticket.repair are
 * tested in test_repair.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/integration/harness.h"
#include "tests/integration/suites.h"

static struct h_env E;

static void
setup(void)
{
	h_env_start(&E, NULL);
	h_sql(E.db, "INSERT INTO service_points (id, name, region) VALUES"
	    " (1, '朝阳服务站', 'urban'), (2, '通州服务站', 'suburban');"
	    "UPDATE users SET service_point_id = 1 WHERE login = 'technician'");
}

static void
teardown(void)
{
	h_env_stop(&E);
}

#define CATALOGUE "{\"parts\":[" \
	"{\"part_no\":\"RC-101\",\"name\":\"压缩机启动电容\",\"price\":3500}," \
	"{\"part_no\":\"RC-102\",\"name\":\"温控器\",\"price\":6800}," \
	"{\"part_no\":\"WM-201\",\"name\":\"洗衣机排水泵\",\"price\":12000}]}"

/* "part_no:stock,..." of a part.list reply (stock "-" when null). */
static const char *
listed(struct conn *c, const char *args)
{
	static char buf[512];
	cJSON *r = h_expect_ok(h_call(c, "part.list", args));
	const cJSON *p;

	buf[0] = '\0';
	cJSON_ArrayForEach(p, h_member(reply_result(r), "parts")) {
		char one[80];
		const cJSON *stock = h_member(p, "stock");
		ck_assert_msg(cJSON_IsNumber(h_member(p, "price")) && h_str(p, "name")[0],
		    "%s", h_show(p));
		snprintf(one, sizeof one, "%s%s:", buf[0] ? "," : "", h_str(p, "part_no"));
		strcat(buf, one);
		if (cJSON_IsNumber(stock))
			snprintf(one, sizeof one, "%lld", (long long)stock->valuedouble);
		else
			snprintf(one, sizeof one, "-");
		strcat(buf, one);
	}
	cJSON_Delete(r);
	return buf;
}

START_TEST(test_load_receive_list)
{
	struct conn *admin = h_connect_as(E.d, "admin");
	struct conn *disp = h_connect_as(E.d, "dispatcher");
	struct conn *tech = h_connect_as(E.d, "technician");
	cJSON *r;

	r = h_expect_ok(h_call(admin, "part.load", CATALOGUE));
	ck_assert_int_eq(h_int_member(reply_result(r), "loaded"), 3);
	cJSON_Delete(r);
	/* An upsert: a new price; the last of a number in one load wins. */
	r = h_expect_ok(h_call(admin, "part.load", "{\"parts\":["
	    "{\"part_no\":\"RC-102\",\"name\":\"温控器\",\"price\":7000},"
	    "{\"part_no\":\"RC-102\",\"name\":\"冰箱温控器\",\"price\":7200}]}"));
	ck_assert_int_eq(h_int_member(reply_result(r), "loaded"), 1);
	cJSON_Delete(r);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT price FROM parts WHERE part_no = 'RC-102'"), 7200);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM parts"), 3);

	/* Stock adds up per service point. */
	r = h_expect_ok(h_call(disp, "stock.receive",
	    "{\"service_point_id\":1,\"part_no\":\"RC-101\",\"qty\":5}"));
	ck_assert_int_eq(h_int_member(reply_result(r), "stock"), 5);
	ck_assert_str_eq(h_str(reply_result(r), "part_no"), "RC-101");
	ck_assert_int_eq(h_int_member(reply_result(r), "service_point_id"), 1);
	cJSON_Delete(r);
	r = h_expect_ok(h_call(admin, "stock.receive",
	    "{\"service_point_id\":1,\"part_no\":\"RC-101\",\"qty\":3}"));
	ck_assert_int_eq(h_int_member(reply_result(r), "stock"), 8);
	cJSON_Delete(r);
	cJSON_Delete(h_expect_ok(h_call(admin, "stock.receive",
	    "{\"service_point_id\":2,\"part_no\":\"WM-201\",\"qty\":2}")));

	/* The technician's own point by default; another by id; none: null. */
	ck_assert_str_eq(listed(tech, NULL), "RC-101:8,RC-102:0,WM-201:0");
	ck_assert_str_eq(listed(tech, "{\"service_point_id\":2}"), "RC-101:0,RC-102:0,WM-201:2");
	ck_assert_str_eq(listed(disp, NULL), "RC-101:-,RC-102:-,WM-201:-");
	ck_assert_str_eq(listed(disp, "{\"q\":\"rc-\"}"), "RC-101:-,RC-102:-");
	ck_assert_str_eq(listed(disp, "{\"q\":\"排水\"}"), "WM-201:-");
	ck_assert_str_eq(listed(disp, "{\"q\":\"%\"}"), "");
	ck_assert_str_eq(listed(disp, "{\"limit\":1}"), "RC-101:-");
	h_expect_error(h_call(disp, "part.list", "{\"service_point_id\":99}"),
	    "not_found", "service_point_id");
	h_expect_error(h_call(disp, "part.list", "{\"limit\":201}"), "invalid_argument", "limit");
	conn_close(admin);
	conn_close(disp);
	conn_close(tech);
}
END_TEST

START_TEST(test_refusals)
{
	struct conn *admin = h_connect_as(E.d, "admin");
	struct conn *c;

	cJSON_Delete(h_expect_ok(h_call(admin, "part.load", CATALOGUE)));
	h_expect_error(h_call(admin, "part.load", "{}"), "invalid_argument", "parts");
	h_expect_error(h_call(admin, "part.load", "{\"parts\":[]}"), "invalid_argument", "parts");
	h_expect_error(h_call(admin, "part.load", "{\"parts\":[7]}"), "invalid_argument", "parts");
	h_expect_error(h_call(admin, "part.load", "{\"parts\":[{\"part_no\":\"A 1\","
	    "\"name\":\"x\",\"price\":1}]}"), "invalid_argument", "parts.part_no");
	h_expect_error(h_call(admin, "part.load", "{\"parts\":[{\"part_no\":\"A1\","
	    "\"name\":\"\",\"price\":1}]}"), "invalid_argument", "parts.name");
	h_expect_error(h_call(admin, "part.load", "{\"parts\":[{\"part_no\":\"A1\","
	    "\"name\":\"x\",\"price\":-1}]}"), "invalid_argument", "parts.price");
	h_expect_error(h_call(admin, "part.load", "{\"parts\":[{\"part_no\":\"A1\","
	    "\"name\":\"x\",\"price\":1.5}]}"), "invalid_argument", "parts.price");
	h_expect_error(h_call(admin, "stock.receive", "{\"service_point_id\":9,"
	    "\"part_no\":\"RC-101\",\"qty\":1}"), "not_found", "service_point_id");
	h_expect_error(h_call(admin, "stock.receive", "{\"service_point_id\":1,"
	    "\"part_no\":\"NO-1\",\"qty\":1}"), "not_found", "part_no");
	h_expect_error(h_call(admin, "stock.receive", "{\"service_point_id\":1,"
	    "\"part_no\":\"RC-101\",\"qty\":0}"), "invalid_argument", "qty");
	h_expect_error(h_call(admin, "stock.receive", "{\"part_no\":\"RC-101\",\"qty\":1}"),
	    "invalid_argument", "service_point_id");
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM parts"), 3);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM part_stock"), 0);
	conn_close(admin);

	/* Roles. */
	static const char *const no_load[] = { "operator", "dispatcher", "technician",
	    "quality", "manager" };
	for (size_t i = 0; i < 5; i++) {
		c = h_connect_as(E.d, no_load[i]);
		h_expect_error(h_call(c, "part.load", CATALOGUE), "forbidden", NULL);
		conn_close(c);
	}
	static const char *const no_receive[] = { "operator", "technician", "quality",
	    "manager" };
	for (size_t i = 0; i < 4; i++) {
		c = h_connect_as(E.d, no_receive[i]);
		h_expect_error(h_call(c, "stock.receive", "{\"service_point_id\":1,"
		    "\"part_no\":\"RC-101\",\"qty\":1}"), "forbidden", NULL);
		conn_close(c);
	}
	static const char *const no_list[] = { "operator", "quality" };
	for (size_t i = 0; i < 2; i++) {
		c = h_connect_as(E.d, no_list[i]);
		h_expect_error(h_call(c, "part.list", NULL), "forbidden", NULL);
		conn_close(c);
	}
}
END_TEST

Suite *
parts_suite(void)
{
	Suite *s = suite_create("parts");
	TCase *tc = tcase_create("catalogue");

	tcase_set_timeout(tc, H_TEST_TIMEOUT);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_load_receive_list);
	tcase_add_test(tc, test_refusals);
	suite_add_tcase(s, tc);
	return s;
}
