/*
 * test_customer.c: customer files and product units through a real daemon:
 * customer.find (phone, part of a name, serial, all given must match, order,
 * limits, audited), customer.get (units, every ticket, audited), and
 * customer.save and unit.save (create, update with and without a version,
 * stale versions, unknown ids, every argument checked, the roles).
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "tests/integration/harness.h"
#include "tests/integration/suites.h"

H_ENV_FIXTURE(E)

/* Saves a customer and returns its id. */
static long long
save_customer(struct conn *c, const char *name, const char *phone, const char *region)
{
	cJSON *r = h_expect_ok(h_callf(c, "customer.save", "{\"name\":\"%s\",\"phones\":"
	    "[\"%s\"],\"address\":\"人民路8号\",\"region\":\"%s\"}", name, phone, region));
	long long id = h_int_member(reply_result(r), "id");

	cJSON_Delete(r);
	return id;
}

static long long
save_unit(struct conn *c, long long customer, const char *serial)
{
	cJSON *r = h_expect_ok(h_callf(c, "unit.save", "{\"customer_id\":%lld,\"model\":"
	    "\"KFR-35GW\",\"serial\":\"%s\",\"purchase_date\":\"2025-06-01\"}", customer, serial));
	long long id = h_int_member(reply_result(r), "id");

	cJSON_Delete(r);
	return id;
}

/* The customers of a customer.find reply as "name,name". */
static const char *
found_names(const cJSON *reply)
{
	static char buf[1024];
	const cJSON *c;

	buf[0] = '\0';
	cJSON_ArrayForEach(c, h_member(reply_result(reply), "customers")) {
		if (buf[0] != '\0')
			strcat(buf, ",");
		strncat(buf, h_str(c, "name"), 60);
	}
	return buf;
}

#define expect_found(c, args, want) expect_found_at(__LINE__, c, args, want)
static void
expect_found_at(int line, struct conn *c, const char *args, const char *want)
{
	cJSON *r = h_call_at(__FILE__, line, c, "customer.find", args);

	h_expect_ok_at(__FILE__, line, r);
	ck_assert_msg(strcmp(found_names(r), want) == 0, "line %d: %s -> [%s], want [%s]",
	    line, args, found_names(r), want);
	cJSON_Delete(r);
}

/* --- customer.save */

START_TEST(test_customer_save_create_update)
{
	struct conn *c = h_connect_as(E.d, "operator");
	cJSON *r;
	const cJSON *cu;
	long long id;

	r = h_expect_ok(h_call(c, "customer.save", "{\"name\":\"刘德\",\"phones\":"
	    "[\"13912345678\",\"+862161234567\"],\"address\":\"徐汇路2号\",\"region\":\"suburban\"}"));
	cu = reply_result(r);
	id = h_int_member(cu, "id");
	ck_assert_int_gt(id, 0);
	ck_assert_str_eq(h_str(cu, "name"), "刘德");
	ck_assert_int_eq(cJSON_GetArraySize(h_member(cu, "phones")), 2);
	/* in the canonical form (common/phone.h): a Shanghai landline */
	ck_assert_str_eq(cJSON_GetArrayItem(h_member(cu, "phones"), 1)->valuestring, "02161234567");
	ck_assert_str_eq(h_str(cu, "region"), "suburban");
	ck_assert_str_eq(h_str(cu, "address"), "徐汇路2号");
	/* Defaults for a new customer. */
	ck_assert_str_eq(h_str(cu, "notes"), "");
	ck_assert(cJSON_IsFalse(h_member(cu, "abroad")));
	ck_assert_int_eq(h_int_member(cu, "version"), 1);
	ck_assert(h_member(cu, "units") == NULL);
	cJSON_Delete(r);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM audit_log WHERE "
	    "action = 'customer.save' AND actor = 'operator' AND object = 'customer:%lld'", id), 1);

	/* Update with the version: phones replaced, version up. */
	r = h_expect_ok(h_callf(c, "customer.save", "{\"id\":%lld,\"version\":1,\"name\":"
	    "\"刘德华\",\"phones\":[\"13800000001\"],\"region\":\"urban\",\"address\":"
	    "\"南京路1号\",\"notes\":\"VIP\",\"abroad\":true}", id));
	cu = reply_result(r);
	ck_assert_int_eq(h_int_member(cu, "id"), id);
	ck_assert_str_eq(h_str(cu, "name"), "刘德华");
	ck_assert_int_eq(cJSON_GetArraySize(h_member(cu, "phones")), 1);
	ck_assert_str_eq(cJSON_GetArrayItem(h_member(cu, "phones"), 0)->valuestring, "13800000001");
	ck_assert_str_eq(h_str(cu, "region"), "urban");
	ck_assert_str_eq(h_str(cu, "address"), "南京路1号");
	ck_assert_str_eq(h_str(cu, "notes"), "VIP");
	ck_assert(cJSON_IsTrue(h_member(cu, "abroad")));
	ck_assert_int_eq(h_int_member(cu, "version"), 2);
	cJSON_Delete(r);

	/* A stale version: conflict, nothing changed. */
	h_expect_error(h_callf(c, "customer.save", "{\"id\":%lld,\"version\":1,\"name\":"
	    "\"别人\",\"phones\":[\"13800000002\"],\"region\":\"county\"}", id),
	    "conflict", "version");
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM customers WHERE id = %lld "
	    "AND name = '刘德华' AND version = 2 AND region = 'urban'", id), 1);

	/* Without a version: saved; address, notes and abroad kept when absent. */
	r = h_expect_ok(h_callf(c, "customer.save", "{\"id\":%lld,\"name\":\"刘德华\","
	    "\"phones\":[\"13800000003\"],\"region\":\"county\",\"abroad\":null}", id));
	cu = reply_result(r);
	ck_assert_int_eq(h_int_member(cu, "version"), 3);
	ck_assert_str_eq(h_str(cu, "address"), "南京路1号");
	ck_assert_str_eq(h_str(cu, "notes"), "VIP");
	ck_assert(cJSON_IsTrue(h_member(cu, "abroad")));
	ck_assert_str_eq(h_str(cu, "region"), "county");
	cJSON_Delete(r);

	/* An unknown id. */
	h_expect_error(h_callf(c, "customer.save", "{\"id\":%lld,\"name\":\"无名\","
	    "\"phones\":[\"13800000004\"],\"region\":\"urban\"}", id + 1000), "not_found", "id");
	h_expect_error(h_callf(c, "customer.save", "{\"id\":%lld,\"version\":3,\"name\":\"无名\","
	    "\"phones\":[\"13800000004\"],\"region\":\"urban\"}", id + 1000), "not_found", "id");
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM customers"), 1);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM audit_log WHERE "
	    "action = 'customer.save'"), 3);

	/* A version is ignored when creating. */
	r = h_expect_ok(h_call(c, "customer.save", "{\"version\":7,\"name\":\"新客户\","
	    "\"phones\":[\"1234567\"],\"address\":\"人民路3号\",\"region\":\"urban\"}"));
	ck_assert_int_eq(h_int_member(reply_result(r), "version"), 1);
	ck_assert_int_ne(h_int_member(reply_result(r), "id"), id);
	cJSON_Delete(r);
	conn_close(c);

	/* The admin may save too. */
	c = h_connect_as(E.d, "admin");
	cJSON_Delete(h_expect_ok(h_callf(c, "customer.save", "{\"id\":%lld,\"version\":3,"
	    "\"name\":\"刘德华\",\"phones\":[\"13800000005\"],\"region\":\"county\"}", id)));
	conn_close(c);
}
END_TEST

START_TEST(test_customer_save_arguments)
{
	static const struct { const char *args, *field; } bad[] = {
		/* phones: 7 to 20 digits in any common form (common/phone.h), 1 to 5 */
		{ "{\"name\":\"张三\",\"phones\":[\"138-0013-800x\"],\"region\":\"urban\"}", "phones" },
		{ "{\"name\":\"张三\",\"phones\":[\"138 0013 8000 #2\"],\"region\":\"urban\"}", "phones" },
		{ "{\"name\":\"张三\",\"phones\":[\"123456\"],\"region\":\"urban\"}", "phones" },
		{ "{\"name\":\"张三\",\"phones\":[\"123456789012345678901\"],\"region\":\"urban\"}", "phones" },
		{ "{\"name\":\"张三\",\"phones\":[\"+\"],\"region\":\"urban\"}", "phones" },
		{ "{\"name\":\"张三\",\"phones\":[\"1380013800+\"],\"region\":\"urban\"}", "phones" },
		{ "{\"name\":\"张三\",\"phones\":[\"++13800138000\"],\"region\":\"urban\"}", "phones" },
		{ "{\"name\":\"张三\",\"phones\":[\"１３８００\"],\"region\":\"urban\"}", "phones" },
		{ "{\"name\":\"张三\",\"phones\":[\"\"],\"region\":\"urban\"}", "phones" },
		{ "{\"name\":\"张三\",\"phones\":[13800138000],\"region\":\"urban\"}", "phones" },
		{ "{\"name\":\"张三\",\"phones\":\"13800138000\",\"region\":\"urban\"}", "phones" },
		{ "{\"name\":\"张三\",\"phones\":[],\"region\":\"urban\"}", "phones" },
		{ "{\"name\":\"张三\",\"phones\":[\"13800138001\",\"13800138002\",\"13800138003\","
		  "\"13800138004\",\"13800138005\",\"13800138006\"],\"region\":\"urban\"}", "phones" },
		{ "{\"name\":\"张三\",\"region\":\"urban\"}", "phones" },
		/* the others */
		{ "{\"phones\":[\"13800138000\"],\"region\":\"urban\"}", "name" },
		{ "{\"name\":\"  \",\"phones\":[\"13800138000\"],\"region\":\"urban\"}", "name" },
		{ "{\"name\":5,\"phones\":[\"13800138000\"],\"region\":\"urban\"}", "name" },
		{ "{\"name\":\"张三\",\"phones\":[\"13800138000\"]}", "region" },
		{ "{\"name\":\"张三\",\"phones\":[\"13800138000\"],\"region\":\"city\"}", "region" },
		{ "{\"name\":\"张三\",\"phones\":[\"13800138000\"],\"region\":\"urban\",\"address\":\"x\",\"abroad\":\"no\"}", "abroad" },
		{ "{\"name\":\"张三\",\"phones\":[\"13800138000\"],\"region\":\"urban\",\"address\":7}", "address" },
		/* a new customer: named, not a phone; with an address */
		{ "{\"name\":\"138 0013 8000\",\"phones\":[\"13800138000\"],\"region\":\"urban\",\"address\":\"x\"}", "name" },
		{ "{\"name\":\"张三\",\"phones\":[\"13800138000\"],\"region\":\"urban\"}", "address" },
		{ "{\"name\":\"张三\",\"phones\":[\"13800138000\"],\"region\":\"urban\",\"address\":\" \"}", "address" },
		{ "{\"name\":\"张三\",\"phones\":[\"13800138000\"],\"region\":\"urban\",\"address\":\"x\",\"notes\":[]}", "notes" },
		{ "{\"id\":0,\"name\":\"张三\",\"phones\":[\"13800138000\"],\"region\":\"urban\"}", "id" },
		{ "{\"id\":\"1\",\"name\":\"张三\",\"phones\":[\"13800138000\"],\"region\":\"urban\"}", "id" },
		{ "{\"id\":1,\"version\":0,\"name\":\"张三\",\"phones\":[\"13800138000\"],\"region\":\"urban\"}", "version" },
		{ "{\"id\":1,\"version\":2147483648,\"name\":\"张三\",\"phones\":[\"13800138000\"],\"region\":\"urban\"}", "version" },
	};
	struct conn *c = h_connect_as(E.d, "operator");
	char name[400];

	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		h_expect_error(h_call(c, "customer.save", bad[i].args), "invalid_argument",
		    bad[i].field);
	/* Lengths in characters: a 100-character name is fine, 101 is not. */
	name[0] = '\0';
	for (int i = 0; i < 100; i++)
		strcat(name, i < 50 ? "名" : "a");
	cJSON_Delete(h_expect_ok(h_callf(c, "customer.save", "{\"name\":\"%s\",\"phones\":"
	    "[\"+12345678901234567890\",\"1234567\"],\"address\":\"人民路4号\",\"region\":\"urban\"}",
	    name)));
	strcat(name, "x");
	h_expect_error(h_callf(c, "customer.save", "{\"name\":\"%s\",\"phones\":"
	    "[\"13800138000\"],\"address\":\"人民路4号\",\"region\":\"urban\"}", name),
	    "invalid_argument", "name");
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM customers"), 1);
	conn_close(c);

	/* Roles: operator and admin only. */
	static const char *const others[] = { "dispatcher", "technician", "quality", "manager" };
	for (size_t i = 0; i < sizeof others / sizeof *others; i++) {
		c = h_connect_as(E.d, others[i]);
		h_expect_error(h_call(c, "customer.save", "{\"name\":\"张三\",\"phones\":"
		    "[\"13800138000\"],\"region\":\"urban\"}"), "forbidden", NULL);
		h_expect_error(h_call(c, "unit.save", "{\"customer_id\":1,\"model\":\"M\","
		    "\"serial\":\"S\",\"purchase_date\":\"2025-01-01\"}"), "forbidden", NULL);
		conn_close(c);
	}
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM customers"), 1);
}
END_TEST

/* --- unit.save */

START_TEST(test_unit_save)
{
	struct conn *c = h_connect_as(E.d, "operator");
	long long cust = save_customer(c, "王五", "13700000001", "urban");
	long long other = save_customer(c, "赵六", "13700000002", "county");
	long long id;
	cJSON *r;
	const cJSON *u;

	/* Created with the defaults. */
	r = h_expect_ok(h_callf(c, "unit.save", "{\"customer_id\":%lld,\"model\":\"KFR-35GW\","
	    "\"serial\":\"SN0001\",\"purchase_date\":\"2025-06-01\"}", cust));
	u = reply_result(r);
	id = h_int_member(u, "id");
	ck_assert_int_eq(h_int_member(u, "customer_id"), cust);
	ck_assert_str_eq(h_str(u, "model"), "KFR-35GW");
	ck_assert_str_eq(h_str(u, "serial"), "SN0001");
	ck_assert_str_eq(h_str(u, "purchase_date"), "2025-06-01");
	ck_assert(h_is_null(u, "invoice_no"));
	ck_assert_int_eq(h_int_member(u, "warranty_months"), 12);
	ck_assert(h_is_null(u, "contract_end"));
	ck_assert_int_eq(h_int_member(u, "version"), 1);
	cJSON_Delete(r);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM audit_log WHERE "
	    "action = 'unit.save' AND object = 'unit:%lld'", id), 1);

	/* Update: a contract, an invoice, a longer warranty. */
	r = h_expect_ok(h_callf(c, "unit.save", "{\"id\":%lld,\"version\":1,\"customer_id\":%lld,"
	    "\"model\":\"KFR-35GW\",\"serial\":\"SN0001\",\"purchase_date\":\"2025-06-01\","
	    "\"invoice_no\":\"FP-778\",\"warranty_months\":36,\"contract_end\":\"2027-05-31\"}",
	    id, cust));
	u = reply_result(r);
	ck_assert_str_eq(h_str(u, "contract_end"), "2027-05-31");
	ck_assert_str_eq(h_str(u, "invoice_no"), "FP-778");
	ck_assert_int_eq(h_int_member(u, "warranty_months"), 36);
	ck_assert_int_eq(h_int_member(u, "version"), 2);
	cJSON_Delete(r);

	/* Absent: contract_end, invoice_no and warranty_months are kept. */
	r = h_expect_ok(h_callf(c, "unit.save", "{\"id\":%lld,\"customer_id\":%lld,"
	    "\"model\":\"KFR-50LW\",\"serial\":\"SN0001\",\"purchase_date\":\"2025-06-02\"}",
	    id, cust));
	u = reply_result(r);
	ck_assert_str_eq(h_str(u, "model"), "KFR-50LW");
	ck_assert_str_eq(h_str(u, "purchase_date"), "2025-06-02");
	ck_assert_str_eq(h_str(u, "contract_end"), "2027-05-31");
	ck_assert_str_eq(h_str(u, "invoice_no"), "FP-778");
	ck_assert_int_eq(h_int_member(u, "warranty_months"), 36);
	ck_assert_int_eq(h_int_member(u, "version"), 3);
	cJSON_Delete(r);

	/* null removes the contract; the unit moves to another customer. */
	r = h_expect_ok(h_callf(c, "unit.save", "{\"id\":%lld,\"version\":3,\"customer_id\":%lld,"
	    "\"model\":\"KFR-50LW\",\"serial\":\"SN0001\",\"purchase_date\":\"2025-06-02\","
	    "\"contract_end\":null}", id, other));
	u = reply_result(r);
	ck_assert(h_is_null(u, "contract_end"));
	ck_assert_int_eq(h_int_member(u, "customer_id"), other);
	ck_assert_int_eq(h_int_member(u, "version"), 4);
	cJSON_Delete(r);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM units WHERE id = %lld AND "
	    "unit_contract_end(id) IS NULL AND customer_id = %lld", id, other), 1);

	/* A stale version; an unknown unit; an unknown customer. */
	h_expect_error(h_callf(c, "unit.save", "{\"id\":%lld,\"version\":3,\"customer_id\":%lld,"
	    "\"model\":\"X\",\"serial\":\"SN0001\",\"purchase_date\":\"2025-06-02\"}", id, cust),
	    "conflict", "version");
	h_expect_error(h_callf(c, "unit.save", "{\"id\":%lld,\"customer_id\":%lld,"
	    "\"model\":\"X\",\"serial\":\"SN0001\",\"purchase_date\":\"2025-06-02\"}", id + 100, cust),
	    "not_found", "id");
	h_expect_error(h_callf(c, "unit.save", "{\"customer_id\":%lld,\"model\":\"X\","
	    "\"serial\":\"SN0002\",\"purchase_date\":\"2025-06-02\"}", other + 100),
	    "not_found", "customer_id");
	h_expect_error(h_callf(c, "unit.save", "{\"id\":%lld,\"customer_id\":%lld,\"model\":\"X\","
	    "\"serial\":\"SN0001\",\"purchase_date\":\"2025-06-02\"}", id, other + 100),
	    "not_found", "customer_id");
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM units"), 1);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT version FROM units WHERE id = %lld", id), 4);
	conn_close(c);
}
END_TEST

START_TEST(test_unit_save_arguments)
{
	static const struct { const char *args, *field; } bad[] = {
		{ "\"purchase_date\":\"2025-02-30\"", "purchase_date" },
		{ "\"purchase_date\":\"2024-13-01\"", "purchase_date" },
		{ "\"purchase_date\":\"2023-02-29\"", "purchase_date" },
		{ "\"purchase_date\":\"2025-6-1\"", "purchase_date" },
		{ "\"purchase_date\":\"yesterday\"", "purchase_date" },
		{ "\"purchase_date\":\"1899-12-31\"", "purchase_date" },
		{ "\"purchase_date\":20250601", "purchase_date" },
		{ "\"purchase_date\":\"2025-06-01\",\"contract_end\":\"2026-04-31\"", "contract_end" },
		{ "\"purchase_date\":\"2025-06-01\",\"warranty_months\":121", "warranty_months" },
		{ "\"purchase_date\":\"2025-06-01\",\"warranty_months\":-1", "warranty_months" },
		{ "\"purchase_date\":\"2025-06-01\",\"warranty_months\":1.5", "warranty_months" },
		{ "\"purchase_date\":\"2025-06-01\",\"invoice_no\":5", "invoice_no" },
		{ "\"purchase_date\":\"2025-06-01\",\"model\":\" \"", "model" },
		{ "\"purchase_date\":\"2025-06-01\",\"serial\":\"\"", "serial" },
		{ "\"purchase_date\":\"2025-06-01\",\"customer_id\":0", "customer_id" },
		{ "\"purchase_date\":\"2025-06-01\",\"customer_id\":\"1\"", "customer_id" },
		{ "\"purchase_date\":\"2025-06-01\",\"id\":-4", "id" },
	};
	struct conn *c = h_connect_as(E.d, "admin");
	long long cust = save_customer(c, "王五", "13700000001", "urban");

	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		/* Later members replace earlier ones of the same name. */
		char args[512];
		snprintf(args, sizeof args, "{\"customer_id\":%lld,\"model\":\"M1\",\"serial\":"
		    "\"SN-01\",%s}", cust, bad[i].args);
		{
			cJSON *a = cJSON_Parse(args);
			ck_assert_ptr_nonnull(a);
			/* cJSON keeps duplicates: rebuild with the last of each. */
			cJSON *clean = cJSON_CreateObject(), *it;
			cJSON_ArrayForEach(it, a) {
				cJSON_DeleteItemFromObjectCaseSensitive(clean, it->string);
				cJSON_AddItemToObject(clean, it->string, cJSON_Duplicate(it, true));
			}
			cJSON_Delete(a);
			h_expect_error(h_callj(c, "unit.save", clean), "invalid_argument",
			    bad[i].field);
		}
	}
	h_expect_error(h_callf(c, "unit.save", "{\"customer_id\":%lld,\"serial\":\"SN-01\","
	    "\"purchase_date\":\"2025-06-01\"}", cust), "invalid_argument", "model");
	h_expect_error(h_callf(c, "unit.save", "{\"customer_id\":%lld,\"model\":\"M\","
	    "\"purchase_date\":\"2025-06-01\"}", cust), "invalid_argument", "serial");
	h_expect_error(h_callf(c, "unit.save", "{\"customer_id\":%lld,\"model\":\"M\","
	    "\"serial\":\"SN-01\"}", cust), "invalid_argument", "purchase_date");
	h_expect_error(h_call(c, "unit.save", "{\"model\":\"M\",\"serial\":\"SN-01\","
	    "\"purchase_date\":\"2025-06-01\"}"), "invalid_argument", "customer_id");
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM units"), 0);
	/* A leap day is a real day. */
	cJSON_Delete(h_expect_ok(h_callf(c, "unit.save", "{\"customer_id\":%lld,\"model\":\"M\","
	    "\"serial\":\"SN-01\",\"purchase_date\":\"2024-02-29\",\"warranty_months\":0}", cust)));
	conn_close(c);
}
END_TEST

/* --- customer.find */

static void
find_fixture(struct conn *c, long long *ids)
{
	ids[0] = save_customer(c, "王小明", "13811112222", "urban");
	ids[1] = save_customer(c, "王大明", "13833334444", "suburban");
	ids[2] = save_customer(c, "李明", "13811112222", "county");
	ids[3] = save_customer(c, "Wang Ming", "+8613855556666", "urban");
	save_unit(c, ids[0], "SER-A1");
	save_unit(c, ids[0], "SER-A2");
	save_unit(c, ids[2], "SER-C1");
}

START_TEST(test_customer_find)
{
	struct conn *c = h_connect_as(E.d, "operator");
	long long ids[4];
	cJSON *r;
	const cJSON *list, *first, *units;

	find_fixture(c, ids);
	/* By phone: exact numbers only, in name order (李 before 王 in code points). */
	expect_found(c, "{\"phone\":\"13811112222\"}", "李明,王小明");
	expect_found(c, "{\"phone\":\"1381111222\"}", "");
	expect_found(c, "{\"phone\":\"+8613855556666\"}", "Wang Ming");
	/* any form of it (common/phone.h) */
	expect_found(c, "{\"phone\":\"8613855556666\"}", "Wang Ming");
	expect_found(c, "{\"phone\":\"138 5555 6666\"}", "Wang Ming");
	expect_found(c, "{\"phone\":\"138-1111-2222\"}", "李明,王小明");
	/* By part of the name, case-sensitive. */
	expect_found(c, "{\"name\":\"明\"}", "李明,王大明,王小明");
	expect_found(c, "{\"name\":\"王\"}", "王大明,王小明");
	expect_found(c, "{\"name\":\"小明\"}", "王小明");
	expect_found(c, "{\"name\":\"Ming\"}", "Wang Ming");
	expect_found(c, "{\"name\":\"ming\"}", "");
	expect_found(c, "{\"name\":\"%\"}", "");
	/* By serial, exact. */
	expect_found(c, "{\"serial\":\"SER-A2\"}", "王小明");
	expect_found(c, "{\"serial\":\"SER-A\"}", "");
	expect_found(c, "{\"serial\":\"SER-C1\"}", "李明");
	/* All criteria given must match. */
	expect_found(c, "{\"phone\":\"13811112222\",\"name\":\"王\"}", "王小明");
	expect_found(c, "{\"phone\":\"13811112222\",\"serial\":\"SER-C1\"}", "李明");
	expect_found(c, "{\"phone\":\"13833334444\",\"serial\":\"SER-C1\"}", "");
	expect_found(c, "{\"name\":\"李\",\"serial\":\"SER-A1\"}", "");
	/* Limit. */
	expect_found(c, "{\"name\":\"明\",\"limit\":2}", "李明,王大明");
	expect_found(c, "{\"name\":\"明\",\"limit\":1}", "李明");
	expect_found(c, "{\"name\":\"M\",\"limit\":50}", "Wang Ming");

	/* 20 by default. */
	h_sql(E.db, "INSERT INTO customers (name, phones, region) SELECT '批量' || lpad(i::text, 2, '0'), "
	    "'{13900000000}', 'urban' FROM generate_series(1, 25) AS i");
	r = h_expect_ok(h_call(c, "customer.find", "{\"name\":\"批量\"}"));
	ck_assert_int_eq(cJSON_GetArraySize(h_member(reply_result(r), "customers")), 20);
	ck_assert_str_eq(h_str(cJSON_GetArrayItem(h_member(reply_result(r), "customers"), 19),
	    "name"), "批量20");
	cJSON_Delete(r);
	r = h_expect_ok(h_call(c, "customer.find", "{\"phone\":\"13900000000\",\"limit\":50}"));
	ck_assert_int_eq(cJSON_GetArraySize(h_member(reply_result(r), "customers")), 25);
	cJSON_Delete(r);

	/* Each customer with its units, by id. */
	r = h_expect_ok(h_call(c, "customer.find", "{\"serial\":\"SER-A1\"}"));
	list = h_member(reply_result(r), "customers");
	ck_assert_int_eq(cJSON_GetArraySize(list), 1);
	first = cJSON_GetArrayItem(list, 0);
	ck_assert_int_eq(h_int_member(first, "id"), ids[0]);
	ck_assert_str_eq(h_str(first, "region"), "urban");
	ck_assert_str_eq(h_str(first, "address"), "人民路8号");
	ck_assert_int_eq(h_int_member(first, "version"), 1);
	ck_assert_str_eq(cJSON_GetArrayItem(h_member(first, "phones"), 0)->valuestring, "13811112222");
	units = h_member(first, "units");
	ck_assert_msg(cJSON_GetArraySize(units) == 2, "%s", h_show(r));
	ck_assert_str_eq(h_str(cJSON_GetArrayItem(units, 0), "serial"), "SER-A1");
	ck_assert_str_eq(h_str(cJSON_GetArrayItem(units, 1), "serial"), "SER-A2");
	ck_assert_int_eq(h_int_member(cJSON_GetArrayItem(units, 0), "customer_id"), ids[0]);
	ck_assert_str_eq(h_str(cJSON_GetArrayItem(units, 0), "purchase_date"), "2025-06-01");
	cJSON_Delete(r);
	r = h_expect_ok(h_call(c, "customer.find", "{\"name\":\"大明\"}"));
	units = h_member(cJSON_GetArrayItem(h_member(reply_result(r), "customers"), 0), "units");
	ck_assert_msg(cJSON_IsArray(units) && cJSON_GetArraySize(units) == 0, "%s", h_show(r));
	cJSON_Delete(r);

	/* Every search is audited: who, by which criteria (not the text), which
	 * customers were shown. */
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM audit_log WHERE "
	    "action = 'customer.find' AND actor = 'operator'"), 26);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM audit_log WHERE "
	    "action = 'customer.find' AND details::text LIKE '%%SER-A1%%'"), 0);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM audit_log WHERE "
	    "action = 'customer.find' AND details->'customers' @> '[%lld]' "
	    "AND details->'by' @> '[\"serial\"]'", ids[0]), 2);
	conn_close(c);

	/* Other roles that may search. */
	static const char *const allowed[] = { "dispatcher", "quality", "manager" };
	for (size_t i = 0; i < 3; i++) {
		c = h_connect_as(E.d, allowed[i]);
		expect_found(c, "{\"phone\":\"13833334444\"}", "王大明");
		conn_close(c);
	}
}
END_TEST

START_TEST(test_customer_find_arguments)
{
	static const struct { const char *args, *field; } bad[] = {
		{ "{}", "phone" },
		{ "{\"limit\":5}", "phone" },
		{ "{\"phone\":null,\"name\":null}", "phone" },
		{ "{\"phone\":\"138-1111-222x\"}", "phone" },
		{ "{\"phone\":\"123456\"}", "phone" },
		{ "{\"phone\":\"abcdefgh\"}", "phone" },
		{ "{\"phone\":\"+123456789012345678901\"}", "phone" },
		{ "{\"phone\":13811112222}", "phone" },
		{ "{\"phone\":\"\"}", "phone" },
		{ "{\"name\":\"   \"}", "name" },
		{ "{\"name\":\"\"}", "name" },
		{ "{\"name\":7}", "name" },
		{ "{\"name\":\"123456789012345678901234567890123456789012345678901\"}", "name" },
		{ "{\"serial\":\"\"}", "serial" },
		{ "{\"serial\":[]}", "serial" },
		{ "{\"name\":\"王\",\"limit\":0}", "limit" },
		{ "{\"name\":\"王\",\"limit\":51}", "limit" },
		{ "{\"name\":\"王\",\"limit\":-1}", "limit" },
		{ "{\"name\":\"王\",\"limit\":2.5}", "limit" },
		{ "{\"name\":\"王\",\"limit\":\"5\"}", "limit" },
	};
	struct conn *c = h_connect_as(E.d, "operator");

	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		h_expect_error(h_call(c, "customer.find", bad[i].args), "invalid_argument",
		    bad[i].field);
	/* The longest valid values. */
	expect_found(c, "{\"phone\":\"+12345678901234567890\"}", "");
	expect_found(c, "{\"name\":\"12345678901234567890123456789012345678901234567890\"}", "");
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM audit_log WHERE "
	    "action = 'customer.find'"), 2);
	conn_close(c);

	static const char *const refused[] = { "technician", "admin" };
	for (size_t i = 0; i < 2; i++) {
		c = h_connect_as(E.d, refused[i]);
		h_expect_error(h_call(c, "customer.find", "{\"name\":\"王\"}"), "forbidden", NULL);
		h_expect_error(h_call(c, "customer.get", "{\"id\":1}"), "forbidden", NULL);
		conn_close(c);
	}
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM audit_log WHERE "
	    "action IN ('customer.find', 'customer.get')"), 2);
}
END_TEST

/* --- customer.get */

START_TEST(test_customer_get)
{
	struct conn *c = h_connect_as(E.d, "operator");
	long long id = save_customer(c, "周杰", "13600000001", "suburban");
	long long other = save_customer(c, "林俊", "13600000002", "urban");
	long long u1 = save_unit(c, id, "SN-G1"), u2 = save_unit(c, id, "SN-G2");
	cJSON *r;
	const cJSON *res, *tickets, *units;
	char key[96];

	(void)u2;
	save_unit(c, other, "SN-G3");
	/* 22 tickets of this customer (registered by call, then aged with SQL so
	 * their order is known), one of another customer. */
	for (int i = 0; i < 22; i++)
		cJSON_Delete(h_expect_ok(h_callf(c, "call.register", "{\"request_key\":\"%s\","
		    "\"channel\":\"phone\",\"type\":\"B\",\"customer\":{\"id\":%lld},\"unit\":"
		    "{\"id\":%lld},\"fault\":\"故障 %d\"}", h_request_key(key, sizeof key), id, u1, i)));
	h_sqlf(E.db, "UPDATE tickets SET created_at = now() - make_interval(mins => "
	    "(SELECT count(*)::int FROM tickets t2 WHERE t2.no > tickets.no)) WHERE customer_id = %lld",
	    id);
	cJSON_Delete(h_new_ticket(c, "B", "urban", NULL, 0));

	r = h_expect_ok(h_callf(c, "customer.get", "{\"id\":%lld}", id));
	res = reply_result(r);
	ck_assert_int_eq(h_int_member(res, "id"), id);
	ck_assert_str_eq(h_str(res, "name"), "周杰");
	ck_assert_str_eq(h_str(res, "region"), "suburban");
	ck_assert_str_eq(cJSON_GetArrayItem(h_member(res, "phones"), 0)->valuestring, "13600000001");
	units = h_member(res, "units");
	ck_assert_msg(cJSON_GetArraySize(units) == 2, "%s", h_show(units));
	ck_assert_int_eq(h_int_member(cJSON_GetArrayItem(units, 0), "id"), u1);
	ck_assert_str_eq(h_str(cJSON_GetArrayItem(units, 1), "serial"), "SN-G2");
	/* Every one (not only the 20 most recent), newest first: the highest
	 * numbers first. */
	tickets = h_member(res, "tickets");
	ck_assert_int_eq(cJSON_GetArraySize(tickets), 22);
	{
		char newest[32], oldest[32];
		h_sql_value(E.db, "SELECT no FROM tickets WHERE fault = '故障 21'", newest, sizeof newest);
		h_sql_value(E.db, "SELECT no FROM tickets WHERE fault = '故障 0'", oldest,
		    sizeof oldest);
		ck_assert_str_eq(h_str(cJSON_GetArrayItem(tickets, 0), "no"), newest);
		ck_assert_str_eq(h_str(cJSON_GetArrayItem(tickets, 21), "no"), oldest);
	}
	for (int i = 0; i < 22; i++) {
		const cJSON *t = cJSON_GetArrayItem(tickets, i);
		ck_assert_str_eq(h_str(t, "state"), "new");
		ck_assert_int_eq(h_int_member(h_member(t, "customer"), "id"), id);
		ck_assert_int_eq(h_int_member(h_member(t, "unit"), "id"), u1);
		if (i > 0)
			ck_assert_msg(h_time(t, "created_at") <=
			    h_time(cJSON_GetArrayItem(tickets, i - 1), "created_at"),
			    "not newest first: %s", h_show(tickets));
	}
	ck_assert_msg(cJSON_IsArray(h_member(res, "complaints")) &&
	    cJSON_GetArraySize(h_member(res, "complaints")) == 0, "%s", h_show(res));
	cJSON_Delete(r);

	/* Audited: who read which file. */
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM audit_log WHERE "
	    "action = 'customer.get' AND actor = 'operator' AND object = 'customer:%lld'", id), 1);

	/* A customer without units or tickets. */
	{
		long long lone = save_customer(c, "孤独", "13600000009", "county");
		r = h_expect_ok(h_callf(c, "customer.get", "{\"id\":%lld}", lone));
		ck_assert_int_eq(cJSON_GetArraySize(h_member(reply_result(r), "units")), 0);
		ck_assert_int_eq(cJSON_GetArraySize(h_member(reply_result(r), "tickets")), 0);
		cJSON_Delete(r);
	}

	/* Errors: not found, bad ids; no audit row for those. */
	h_expect_error(h_callf(c, "customer.get", "{\"id\":%lld}", other + 1000), "not_found", "id");
	h_expect_error(h_call(c, "customer.get", NULL), "invalid_argument", "id");
	h_expect_error(h_call(c, "customer.get", "{\"id\":0}"), "invalid_argument", "id");
	h_expect_error(h_call(c, "customer.get", "{\"id\":\"1\"}"), "invalid_argument", "id");
	h_expect_error(h_call(c, "customer.get", "{\"id\":1.5}"), "invalid_argument", "id");
	/* 2^53 is out of range (sent raw: cJSON would print it rounded). */
	h_expect_error(h_raws(c, "{\"id\":1,\"op\":\"customer.get\",\"args\":"
	    "{\"id\":9007199254740992}}\n"), "invalid_argument", "id");
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM audit_log WHERE "
	    "action = 'customer.get'"), 2);
	conn_close(c);

	/* The other roles that may read it; a technician may not. */
	static const char *const allowed[] = { "dispatcher", "quality", "manager" };
	for (size_t i = 0; i < 3; i++) {
		c = h_connect_as(E.d, allowed[i]);
		r = h_expect_ok(h_callf(c, "customer.get", "{\"id\":%lld}", other));
		ck_assert_int_eq(cJSON_GetArraySize(h_member(reply_result(r), "tickets")), 0);
		cJSON_Delete(r);
		conn_close(c);
	}
	c = h_connect_as(E.d, "technician");
	h_expect_error(h_callf(c, "customer.get", "{\"id\":%lld}", id), "forbidden", NULL);
	conn_close(c);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM audit_log WHERE "
	    "action = 'customer.get' AND actor = 'technician'"), 0);
}
END_TEST

Suite *
customer_suite(void)
{
	Suite *s = suite_create("customer");
	TCase *save = tcase_create("save");
	TCase *find = tcase_create("find_get");

	tcase_set_timeout(save, H_TEST_TIMEOUT);
	tcase_add_checked_fixture(save, setup, teardown);
	tcase_add_test(save, test_customer_save_create_update);
	tcase_add_test(save, test_customer_save_arguments);
	tcase_add_test(save, test_unit_save);
	tcase_add_test(save, test_unit_save_arguments);
	suite_add_tcase(s, save);

	tcase_set_timeout(find, H_TEST_TIMEOUT);
	tcase_add_checked_fixture(find, setup, teardown);
	tcase_add_test(find, test_customer_find);
	tcase_add_test(find, test_customer_find_arguments);
	tcase_add_test(find, test_customer_get);
	suite_add_tcase(s, find);
	return s;
}
