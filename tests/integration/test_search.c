/*
 * test_search.c: `search` through a real daemon (each kind of query finds
 * its record: ticket, receipt and complaint numbers first, a phone in any
 * form, two Chinese characters of a name, a fault word, address words, a
 * serial; ranking, kinds, limit; a technician's own tickets only; the
 * audit row; every refusal naming its field), and phones normalised on the
 * way in (customer.save, customer.find, call.register, complaint.register)
 * and by sql/011_search.sql for the ones stored before, by the same rule
 * as common/phone.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "common/phone.h"
#include "tests/integration/harness.h"
#include "tests/integration/suites.h"

H_ENV_FIXTURE(E)

/* Registers a repair call for a new customer; the ticket's number into no
 * (NO_MAX bytes), the customer's id returned. */
#define NO_MAX 32
static long long
call_for(struct conn *c, const char *name, const char *phone, const char *address,
    const char *serial, const char *fault, char *no)
{
	char key[96];
	cJSON *r = h_expect_ok(h_callf(c, "call.register", "{\"request_key\":\"%s\","
	    "\"channel\":\"phone\",\"type\":\"B\",\"customer\":{\"name\":\"%s\",\"phones\":"
	    "[\"%s\"],\"address\":\"%s\",\"region\":\"urban\"},\"unit\":{\"model\":\"KFR-35GW\","
	    "\"serial\":\"%s\",\"purchase_date\":\"2026-01-10\"},\"fault\":\"%s\"}",
	    h_request_key(key, sizeof key), name, phone, address, serial, fault));
	const cJSON *t = reply_result(r);
	long long id = h_int_member(h_member(t, "customer"), "id");

	if (no != NULL)
		snprintf(no, NO_MAX, "%s", h_str(t, "no"));
	cJSON_Delete(r);
	return id;
}

/* Another call of a known customer (their first unit). */
static void
call_again(struct conn *c, const struct h_db *db, long long customer, const char *fault,
    char *no)
{
	char key[96];
	cJSON *r = h_expect_ok(h_callf(c, "call.register", "{\"request_key\":\"%s\","
	    "\"channel\":\"phone\",\"type\":\"B\",\"customer\":{\"id\":%lld},\"unit\":{\"id\":%lld},"
	    "\"fault\":\"%s\"}", h_request_key(key, sizeof key), customer,
	    h_sql_int(db, "SELECT min(id) FROM units WHERE customer_id = %lld", customer), fault));

	if (no != NULL)
		snprintf(no, NO_MAX, "%s", h_str(reply_result(r), "no"));
	cJSON_Delete(r);
}

/* The hits of a search as "kind:key kind:key ..." (customers by name). */
#define hits_of(c, args) hits_of_at(__LINE__, c, args)
static const char *
hits_of_at(int line, struct conn *c, const char *args)
{
	static char buf[4096];
	cJSON *r = h_call_at(__FILE__, line, c, "search", args);
	const cJSON *h, *hits;
	size_t n = 0;

	h_expect_ok_at(__FILE__, line, r);
	hits = h_member(reply_result(r), "hits");
	ck_assert_msg(cJSON_IsArray(hits), "line %d: %s", line, h_show(r));
	buf[0] = '\0';
	cJSON_ArrayForEach(h, hits) {
		const char *kind = h_str(h, "kind");
		n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%s:%s", n ? " " : "", kind,
		    strcmp(kind, "customer") == 0 ? h_str(h, "title") : h_str(h, "key"));
	}
	cJSON_Delete(r);
	return buf;
}

#define expect_hits(c, args, want) expect_hits_at(__LINE__, c, args, want)
static void
expect_hits_at(int line, struct conn *c, const char *args, const char *want)
{
	const char *got = hits_of_at(line, c, args);

	ck_assert_msg(strcmp(got, want) == 0, "line %d: %s\n  got  [%s]\n  want [%s]", line,
	    args, got, want);
}

/* --- numbers */

START_TEST(test_search_numbers)
{
	struct conn *op = h_connect_as(E.d, "operator");
	char no[NO_MAX], other[NO_MAX], args[256], want[256], complaint[32], lower[NO_MAX];
	long long cust;

	cust = call_for(op, "赵一", "13700000001", "中山路1号", "SN-N1", "空调不制冷", no);
	/* A ticket whose fault holds the first ticket's number is no exact hit. */
	call_for(op, "赵二", "13700000002", "中山路2号", "SN-N2", no, other);
	snprintf(args, sizeof args, "{\"q\":\"%s\"}", no);
	snprintf(want, sizeof want, "ticket:%s", no);
	expect_hits(op, args, want);
	/* in lower case and with blanks around it */
	snprintf(lower, sizeof lower, "%s", no);
	lower[0] = (char)(lower[0] - 'A' + 'a');
	snprintf(args, sizeof args, "{\"q\":\"  %s \"}", lower);
	expect_hits(op, args, want);
	/* A number nobody has: nothing, and no audit row. */
	expect_hits(op, "{\"q\":\"B2001010001\"}", "");

	/* A receipt: its ticket. */
	h_sqlf(E.db, "INSERT INTO shop_ledger (receipt_no, ticket_no, technician) "
	    "VALUES ('R2612060042', '%s', 'technician')", other);
	snprintf(want, sizeof want, "ticket:%s", other);
	expect_hits(op, "{\"q\":\"R2612060042\"}", want);
	expect_hits(op, "{\"q\":\"r2612060042\"}", want);

	/* A complaint's number: the complaint first. */
	h_new_complaint(op, complaint, sizeof complaint);
	snprintf(args, sizeof args, "{\"q\":\"%s\"}", complaint);
	snprintf(want, sizeof want, "complaint:%s", complaint);
	expect_hits(op, args, want);
	(void)cust;
	conn_close(op);
}
END_TEST

/* --- phones */

START_TEST(test_search_phone_forms)
{
	struct conn *op = h_connect_as(E.d, "operator");
	char no[NO_MAX], no2[NO_MAX], want[256];
	static const char *const forms[] = {
		"15012353597", "150 1235 3597", "150-1235-3597", "+86 150 1235 3597",
		"0086 15012353597", "+8615012353597", "（+86）１５０１２３５３５９７",
	};
	long long cust;

	cust = call_for(op, "钱多多", "+86 150-1235-3597", "解放路9号", "SN-P1", "冰箱漏水", no);
	call_again(op, E.db, cust, "冰箱又漏水", no2);
	call_for(op, "孙少", "15012350000", "解放路10号", "SN-P2", "冰箱漏水", NULL);
	/* The customer first, then their tickets, newest first. */
	snprintf(want, sizeof want, "customer:钱多多 ticket:%s ticket:%s", no2, no);
	for (size_t i = 0; i < sizeof forms / sizeof *forms; i++) {
		char args[128];
		snprintf(args, sizeof args, "{\"q\":\"%s\"}", forms[i]);
		expect_hits(op, args, want);
	}
	conn_close(op);
}
END_TEST

/* customer.save and customer.find, call.register and complaint.register
 * keep one form of a phone, so the same caller is found whatever was typed. */
START_TEST(test_phones_normalised)
{
	struct conn *op = h_connect_as(E.d, "operator");
	cJSON *r;
	char key[96];
	long long id, count;

	r = h_expect_ok(h_call(op, "customer.save", "{\"name\":\"周正\",\"phones\":"
	    "[\"+86 150-1235-3597\",\"010 6123 4567\",\"0086 15012353597\"],\"region\":\"urban\","
	    "\"address\":\"黄河路1号\"}"));
	id = h_int_member(reply_result(r), "id");
	ck_assert_str_eq(h_show(h_member(reply_result(r), "phones")),
	    "[\"15012353597\",\"01061234567\"]");
	cJSON_Delete(r);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM customers WHERE id = %lld AND "
	    "phones = '{15012353597,01061234567}'", id), 1);
	r = h_expect_ok(h_call(op, "customer.find", "{\"phone\":\"15012353597\"}"));
	ck_assert_int_eq(cJSON_GetArraySize(h_member(reply_result(r), "customers")), 1);
	ck_assert_int_eq(h_int_member(cJSON_GetArrayItem(h_member(reply_result(r), "customers"), 0),
	    "id"), id);
	cJSON_Delete(r);
	r = h_expect_ok(h_call(op, "customer.find", "{\"phone\":\"+86 10 6123-4567\"}"));
	ck_assert_int_eq(cJSON_GetArraySize(h_member(reply_result(r), "customers")), 1);
	cJSON_Delete(r);

	/* A new customer on a call: their phone as one form. call.register
	 * enters the customer it is given (a relative on the same phone is a
	 * person of their own); the call form's lookup, by any form, is what
	 * finds a caller who is known. */
	call_for(op, "吴用", "139 0013 9000", "黄河路2号", "SN-Q1", "不制冷", NULL);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM customers WHERE "
	    "phones = '{13900139000}' AND name = '吴用'"), 1);
	r = h_expect_ok(h_call(op, "customer.find", "{\"phone\":\"+86 139-0013-9000\"}"));
	ck_assert_int_eq(cJSON_GetArraySize(h_member(reply_result(r), "customers")), 1);
	cJSON_Delete(r);
	count = h_sql_int(E.db, "SELECT count(*) FROM customers");
	call_again(op, E.db, h_sql_int(E.db, "SELECT id FROM customers WHERE name = '吴用'"),
	    "又不制冷", NULL);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM customers"), count);

	/* A complaint's new customer too. */
	h_expect_ok_at(__FILE__, __LINE__, r = h_callf(op, "complaint.register",
	    "{\"request_key\":\"%s\",\"channel\":\"phone\",\"customer\":{\"name\":\"郑直\","
	    "\"phones\":[\"0086 137-0013-7000\"],\"region\":\"urban\",\"address\":\"黄河路3号\"},"
	    "\"text\":\"态度差\"}",
	    h_request_key(key, sizeof key)));
	cJSON_Delete(r);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM customers WHERE "
	    "phones = '{13700137000}' AND name = '郑直'"), 1);

	/* Not a phone, whatever its form. */
	h_expect_error(h_call(op, "customer.save", "{\"name\":\"甲\",\"phones\":[\"150 1235 359x\"],"
	    "\"region\":\"urban\"}"), "invalid_argument", "phones");
	h_expect_error(h_call(op, "customer.find", "{\"phone\":\"+86 12345\"}"),
	    "invalid_argument", "phone");
	conn_close(op);
}
END_TEST

/* What was stored before: sql/011_search.sql gives it the same form as
 * common/phone.c. The migration is run again on a database that has
 * phones in the old forms. */
START_TEST(test_migration_normalises_phones)
{
	static const char *const stored[] = {
		"15012353597", "+8615012353597", "008615012353597", "8615012353597",
		"+861061234567", "00862161234567", "+86075586123456", "+864001234567",
		"+12125551234", "0012125551234", "1234567", "01061234567",
		"+12345678901234567890", "61234567",
	};
	char canon[PHONE_MAX], sql[512], got[64], cmd[2048];
	FILE *p;

	for (size_t i = 0; i < sizeof stored / sizeof *stored; i++) {
		ck_assert(phone_normalise(stored[i], canon));
		snprintf(sql, sizeof sql, "SELECT phone_canonical('%s')", stored[i]);
		h_sql_value(E.db, sql, got, sizeof got);
		ck_assert_msg(strcmp(got, canon) == 0, "%s: SQL %s, C %s", stored[i], got, canon);
	}
	/* 011 again, on customers with old forms (twice the same phone too);
	 * and 022, which builds on it. */
	h_sql(E.db, "SET client_min_messages = warning;"
	    "DELETE FROM schema_migrations WHERE version IN ('011_search', '022_search_order');"
	    "DROP FUNCTION phone_canonical(text), text_bigrams(text) CASCADE;"
	    "DROP FUNCTION search_bucket(bigint);"
	    "ALTER TABLE tickets DROP COLUMN made; ALTER TABLE complaints DROP COLUMN made;"
	    "DROP FUNCTION search_patterns(text), search_snippet(text, text, int);"
	    "DROP INDEX units_serial_upper, tickets_technician_created;"
	    "INSERT INTO customers (name, phones, region) VALUES"
	    " ('旧一', '{+8615012353597,15012353597,008613900001111}', 'urban'),"
	    " ('旧二', '{+861061234567}', 'urban'), ('旧三', '{12345678}', 'urban')");
	snprintf(cmd, sizeof cmd, "'%s/svcdeskd' migrate --db '%s' --sql-dir '%s/sql' 2>&1",
	    h_env("SVCDESK_BIN"), E.db->conninfo, h_env("SVCDESK_REPO"));
	ck_assert_ptr_nonnull(p = popen(cmd, "r"));
	while (fgets(got, sizeof got, p) != NULL)
		;
	ck_assert_int_eq(pclose(p), 0);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM customers WHERE"
	    " (name = '旧一' AND phones = '{15012353597,13900001111}')"
	    " OR (name = '旧二' AND phones = '{01061234567}')"
	    " OR (name = '旧三' AND phones = '{12345678}')"), 3);
}
END_TEST

/* --- words */

static long long
words_fixture(struct conn *op, char nos[4][NO_MAX])
{
	long long id;

	id = call_for(op, "王小明", "13600000001", "北京市朝阳区建国路88号阳光小区3号楼",
	    "SN-WXM-01", "洗衣机甩干时异响", nos[0]);
	call_for(op, "老王小明", "13600000002", "上海市徐汇区中山路5号", "SN-LW-02",
	    "冰箱不制冷", nos[1]);
	call_for(op, "王小明华", "13600000003", "广州市天河区体育路7号阳光花园",
	    "SN-XMH-03", "空调漏水", nos[2]);
	call_for(op, "李四", "13600000004", "北京市海淀区学院路1号", "Sn-Li-04",
	    "热水器点火失败，有异响", nos[3]);
	return id;
}

START_TEST(test_search_words)
{
	struct conn *op = h_connect_as(E.d, "operator");
	char nos[4][NO_MAX], want[512];

	words_fixture(op, nos);
	/* Two characters of a name: every customer with them, the whole name
	 * first, then the names starting with it, then the rest; each followed
	 * by their tickets. */
	snprintf(want, sizeof want, "customer:王小明 ticket:%s customer:王小明华 ticket:%s "
	    "customer:老王小明 ticket:%s", nos[0], nos[2], nos[1]);
	expect_hits(op, "{\"q\":\"王小明\"}", want);
	expect_hits(op, "{\"q\":\"小明\",\"kinds\":[\"customers\"]}",
	    "customer:王小明华 customer:老王小明 customer:王小明");
	/* A fault word: the tickets with it, newest first. */
	snprintf(want, sizeof want, "ticket:%s ticket:%s", nos[3], nos[0]);
	expect_hits(op, "{\"q\":\"异响\"}", want);
	/* Words of an address, each anywhere in it. */
	expect_hits(op, "{\"q\":\"阳光\"}", "customer:王小明华 customer:王小明");
	expect_hits(op, "{\"q\":\"建国路  阳光\"}", "customer:王小明");
	expect_hits(op, "{\"q\":\"阳光 天河\"}", "customer:王小明华");
	/* A serial, in any case: the customer and the unit's tickets. */
	snprintf(want, sizeof want, "customer:李四 ticket:%s", nos[3]);
	expect_hits(op, "{\"q\":\"sn-li-04\"}", want);
	expect_hits(op, "{\"q\":\"没有这个\"}", "");
	/* % and _ are characters like any other. */
	expect_hits(op, "{\"q\":\"%%\"}", "");
	expect_hits(op, "{\"q\":\"__\"}", "");
	conn_close(op);
}
END_TEST

/* A word the newest 2000 tickets do not hold but 1100 older ones do: the
 * hits are the newest of those 1100, not the first ones stored (the index
 * is walked a bucket of rows at a time, newest first; a read capped at
 * 1000 rows in storage order would miss the last 100). */
START_TEST(test_search_newest_beyond_window)
{
	struct conn *op = h_connect_as(E.d, "operator");
	long long who = call_for(op, "周远", "13500001111", "北京市朝阳区", "SN-ZY-1", "不制冷",
	    NULL);
	char want[512];

	h_sqlf(E.db, "INSERT INTO tickets (no, type, channel, state, service_class, customer_id,"
	    " unit_id, region, fault, taken_by, owner, reply_due, created_at)"
	    " SELECT 'B250101' || lpad(i::text, 5, '0'), 'B', 'phone', 'closed', 'C', %lld,"
	    "  (SELECT min(id) FROM units WHERE customer_id = %lld), 'urban',"
	    "  CASE WHEN i <= 1100 THEN '压缩机啸叫' ELSE '漏水' END, 'operator', 'operator',"
	    "  now(), now() - interval '10 days' + i * interval '1 minute'"
	    " FROM generate_series(1, 3200) AS i", who, who);
	snprintf(want, sizeof want, "ticket:B2501010%d ticket:B2501010%d ticket:B2501010%d",
	    1100, 1099, 1098);
	expect_hits(op, "{\"q\":\"啸叫\",\"kinds\":[\"tickets\"],\"limit\":3}", want);
	expect_hits(op, "{\"q\":\"压缩机 啸叫\",\"kinds\":[\"tickets\"],\"limit\":3}", want);
	/* Nothing holds it: every bucket read, nothing found. */
	expect_hits(op, "{\"q\":\"啸叫声\",\"kinds\":[\"tickets\"]}", "");
	conn_close(op);
}
END_TEST

/* Each hit: kind, key, title, state, customer {id, name}, snippet. */
START_TEST(test_search_hit_fields)
{
	struct conn *op = h_connect_as(E.d, "operator");
	char nos[4][NO_MAX];
	long long id = words_fixture(op, nos);
	cJSON *r = h_expect_ok(h_call(op, "search", "{\"q\":\"异响\",\"limit\":1}"));
	const cJSON *hits = h_member(reply_result(r), "hits"), *h;

	ck_assert_int_eq(cJSON_GetArraySize(hits), 1);
	h = cJSON_GetArrayItem(hits, 0);
	ck_assert_str_eq(h_str(h, "kind"), "ticket");
	ck_assert_str_eq(h_str(h, "key"), nos[3]);
	ck_assert_str_eq(h_str(h, "title"), "热水器点火失败，有异响");
	ck_assert_str_eq(h_str(h, "state"), "new");
	ck_assert_str_eq(h_str(h_member(h, "customer"), "name"), "李四");
	ck_assert_str_eq(h_str(h, "snippet"), "热水器点火失败，有异响");
	cJSON_Delete(r);

	r = h_expect_ok(h_call(op, "search", "{\"q\":\"阳光小区\",\"kinds\":[\"customers\"]}"));
	h = cJSON_GetArrayItem(h_member(reply_result(r), "hits"), 0);
	ck_assert_str_eq(h_str(h, "kind"), "customer");
	ck_assert_int_eq(atoll(h_str(h, "key")), id);
	ck_assert_str_eq(h_str(h, "title"), "王小明");
	ck_assert(h_is_null(h, "state"));
	ck_assert_int_eq(h_int_member(h_member(h, "customer"), "id"), id);
	ck_assert_str_eq(h_str(h, "snippet"), "北京市朝阳区建国路88号阳光小区3号楼");
	cJSON_Delete(r);

	/* A long text: a snippet of 40 characters around the word. */
	call_for(op, "冯七", "13600000009", "黄河路7号", "SN-F7", "客户反映洗衣机在脱水的时候声音特别大，"
	    "已经持续了一个星期，而且门锁有时候打不开，需要尽快安排师傅上门检查维修", NULL);
	r = h_expect_ok(h_call(op, "search", "{\"q\":\"门锁\"}"));
	h = cJSON_GetArrayItem(h_member(reply_result(r), "hits"), 0);
	ck_assert_str_eq(h_str(h, "snippet"),
	    "…音特别大，已经持续了一个星期，而且门锁有时候打不开，需要尽快安排师傅上门检查维修");
	ck_assert_str_eq(h_str(h, "title"), "客户反映洗衣机在脱水的时候声音特别大，已经持续了一个星期，"
	    "而且门锁有时候打不开，需要尽快安排师傅上门检查维修");
	cJSON_Delete(r);
	/* A serial's hit shows the unit. */
	r = h_expect_ok(h_call(op, "search", "{\"q\":\"SN-LI-04\",\"kinds\":[\"customers\"]}"));
	h = cJSON_GetArrayItem(h_member(reply_result(r), "hits"), 0);
	ck_assert_str_eq(h_str(h, "snippet"), "KFR-35GW Sn-Li-04");
	cJSON_Delete(r);
	conn_close(op);
}
END_TEST

START_TEST(test_search_kinds_and_limit)
{
	struct conn *op = h_connect_as(E.d, "operator");
	char nos[4][NO_MAX], want[256], complaint[32];

	words_fixture(op, nos);
	snprintf(want, sizeof want, "ticket:%s ticket:%s ticket:%s", nos[0], nos[2], nos[1]);
	expect_hits(op, "{\"q\":\"王小明\",\"kinds\":[\"tickets\"]}", want);
	snprintf(want, sizeof want, "customer:王小明 ticket:%s", nos[0]);
	expect_hits(op, "{\"q\":\"王小明\",\"kinds\":[\"customers\",\"tickets\"],\"limit\":2}",
	    want);
	expect_hits(op, "{\"q\":\"王小明\",\"limit\":1}", "customer:王小明");
	expect_hits(op, "{\"q\":\"王小明\",\"kinds\":[\"complaints\"]}", "");
	/* A complaint's words. */
	h_new_complaint(op, complaint, sizeof complaint);
	snprintf(want, sizeof want, "complaint:%s", complaint);
	expect_hits(op, "{\"q\":\"冰箱不制冷\",\"kinds\":[\"complaints\"]}", want);
	/* every kind at once, the newest first */
	snprintf(want, sizeof want, "complaint:%s ticket:%s", complaint, nos[1]);
	expect_hits(op, "{\"q\":\"不制冷\"}", want);
	/* 20 by default, 50 at most. */
	h_sql(E.db, "INSERT INTO customers (name, phones, region) SELECT '批量' || i, "
	    "'{13900000000}', 'urban' FROM generate_series(1, 60) AS i");
	{
		cJSON *r = h_expect_ok(h_call(op, "search", "{\"q\":\"批量\"}"));
		ck_assert_int_eq(cJSON_GetArraySize(h_member(reply_result(r), "hits")), 20);
		cJSON_Delete(r);
		r = h_expect_ok(h_call(op, "search", "{\"q\":\"13900000000\",\"limit\":50}"));
		ck_assert_int_eq(cJSON_GetArraySize(h_member(reply_result(r), "hits")), 50);
		cJSON_Delete(r);
	}
	conn_close(op);
}
END_TEST

/* --- who sees what */

START_TEST(test_search_technician_own)
{
	struct conn *op = h_connect_as(E.d, "operator"), *disp, *tech;
	char mine[NO_MAX], theirs[NO_MAX], want[256], args[128], complaint[32];

	h_add_technician(E.db, "tech.two", NULL);
	call_for(op, "陈一", "13500000001", "长江路1号", "SN-T1", "油烟机噪音大", mine);
	call_for(op, "陈二", "13500000002", "长江路2号", "SN-T2", "油烟机噪音大", theirs);
	h_new_complaint(op, complaint, sizeof complaint);
	disp = h_connect_as(E.d, "dispatcher");
	cJSON_Delete(h_expect_ok(h_callf(disp, "ticket.dispatch",
	    "{\"no\":\"%s\",\"technician\":\"technician\"}", mine)));
	cJSON_Delete(h_expect_ok(h_callf(disp, "ticket.dispatch",
	    "{\"no\":\"%s\",\"technician\":\"tech.two\"}", theirs)));
	/* The dispatcher finds both, and the customers. */
	snprintf(want, sizeof want, "ticket:%s ticket:%s", theirs, mine);
	expect_hits(disp, "{\"q\":\"噪音\"}", want);
	snprintf(want, sizeof want, "customer:陈一 ticket:%s", mine);
	expect_hits(disp, "{\"q\":\"陈一\"}", want);
	conn_close(disp);

	tech = h_connect_as(E.d, "technician");
	snprintf(want, sizeof want, "ticket:%s", mine);
	expect_hits(tech, "{\"q\":\"噪音\"}", want);
	expect_hits(tech, "{\"q\":\"陈一\"}", want);
	expect_hits(tech, "{\"q\":\"长江路\"}", want);
	expect_hits(tech, "{\"q\":\"sn-t1\"}", want);
	expect_hits(tech, "{\"q\":\"135 0000 0001\"}", want);
	expect_hits(tech, "{\"q\":\"135 0000 0002\"}", "");
	snprintf(args, sizeof args, "{\"q\":\"%s\"}", mine);
	expect_hits(tech, args, want);
	snprintf(args, sizeof args, "{\"q\":\"%s\"}", theirs);
	expect_hits(tech, args, "");
	/* No customers, no complaints, even when asked for. */
	expect_hits(tech, "{\"q\":\"陈一\",\"kinds\":[\"customers\",\"complaints\"]}", "");
	snprintf(args, sizeof args, "{\"q\":\"%s\"}", complaint);
	expect_hits(tech, args, "");
	conn_close(tech);
	conn_close(op);
}
END_TEST

START_TEST(test_search_audited)
{
	struct conn *op = h_connect_as(E.d, "operator");
	char nos[4][NO_MAX];
	long long id = words_fixture(op, nos), before;

	before = h_sql_int(E.db, "SELECT count(*) FROM audit_log WHERE action = 'search'");
	expect_hits(op, "{\"q\":\"没有这个\"}", "");   /* nothing shown: nothing written */
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM audit_log WHERE action = 'search'"),
	    before);
	hits_of(op, "{\"q\":\"王小明\"}");
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM audit_log WHERE action = 'search'"),
	    before + 1);
	/* who, from where, which customers and tickets; never the text */
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM audit_log WHERE action = 'search'"
	    " AND actor = 'operator' AND address LIKE '127.0.0.1:%%'"
	    " AND details->'customers' @> '[%lld]' AND details->'tickets' @> '[\"%s\"]'"
	    " AND details->'complaints' = '[]' AND details::text NOT LIKE '%%王小明%%'",
	    id, nos[0]), 1);
	hits_of(op, "{\"q\":\"13600000004\"}");
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM audit_log WHERE action = 'search'"
	    " AND details->'tickets' @> '[\"%s\"]' AND details::text NOT LIKE '%%13600000004%%'",
	    nos[3]), 1);
	conn_close(op);
}
END_TEST

/* --- refusals */

START_TEST(test_search_refusals)
{
	static const struct { const char *args, *field; } bad[] = {
		{ "{}", "q" },
		{ "{\"q\":null}", "q" },
		{ "{\"q\":5}", "q" },
		{ "{\"q\":[\"王小明\"]}", "q" },
		{ "{\"q\":\"\"}", "q" },
		{ "{\"q\":\"   \"}", "q" },
		{ "{\"q\":\"王\"}", "q" },
		{ "{\"q\":\" 王 \"}", "q" },
		{ "{\"q\":\"王 李 张\"}", "q" },
		{ "{\"q\":\"a\"}", "q" },
		{ "{\"q\":\"12345678901234567890123456789012345678901234567890"
		  "123456789012345678901234567890123456789012345678901\"}", "q" },
		{ "{\"q\":\"王小明\",\"kinds\":\"tickets\"}", "kinds" },
		{ "{\"q\":\"王小明\",\"kinds\":[\"users\"]}", "kinds" },
		{ "{\"q\":\"王小明\",\"kinds\":[\"tickets\",5]}", "kinds" },
		{ "{\"q\":\"王小明\",\"kinds\":[]}", "kinds" },
		{ "{\"q\":\"王小明\",\"limit\":0}", "limit" },
		{ "{\"q\":\"王小明\",\"limit\":51}", "limit" },
		{ "{\"q\":\"王小明\",\"limit\":-1}", "limit" },
		{ "{\"q\":\"王小明\",\"limit\":2.5}", "limit" },
		{ "{\"q\":\"王小明\",\"limit\":\"5\"}", "limit" },
	};
	static const char *const roles[] = { "operator", "dispatcher", "technician", "quality",
		"manager", "admin" };
	struct conn *c = h_connect_as(E.d, "operator");

	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		h_expect_error(h_call(c, "search", bad[i].args), "invalid_argument", bad[i].field);
	/* The longest q: 100 characters. */
	expect_hits(c, "{\"q\":\"1234567890123456789012345678901234567890123456789012345678901234567890"
	    "123456789012345678901234567890\"}", "");
	conn_close(c);
	/* Every role may search. */
	for (size_t i = 0; i < sizeof roles / sizeof *roles; i++) {
		c = h_connect_as(E.d, roles[i]);
		expect_hits(c, "{\"q\":\"没有这个\"}", "");
		conn_close(c);
	}
	/* Not logged in. */
	c = h_connect(E.d);
	h_expect_error(h_call(c, "search", "{\"q\":\"王小明\"}"), "unauthenticated", NULL);
	conn_close(c);
}
END_TEST

Suite *
search_suite(void)
{
	Suite *s = suite_create("search");
	TCase *tc = tcase_create("search");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, H_TEST_TIMEOUT);
	tcase_add_test(tc, test_search_numbers);
	tcase_add_test(tc, test_search_phone_forms);
	tcase_add_test(tc, test_phones_normalised);
	tcase_add_test(tc, test_migration_normalises_phones);
	tcase_add_test(tc, test_search_words);
	tcase_add_test(tc, test_search_newest_beyond_window);
	tcase_add_test(tc, test_search_hit_fields);
	tcase_add_test(tc, test_search_kinds_and_limit);
	tcase_add_test(tc, test_search_technician_own);
	tcase_add_test(tc, test_search_audited);
	tcase_add_test(tc, test_search_refusals);
	suite_add_tcase(s, tc);
	return s;
}
