/*
 * test_recall.c: product recalls (doc/domain.md, Recalls;
 * svcdesk-protocol(7), recall.*).
 *   - recall.create by models, serial range and purchase dates lists every
 *     affected unit and its customer, its counters, notify_due 4 hours on,
 *     one `recall` notification per customer (Chinese, naming the recall,
 *     once_key recall:<no>:<customer>), audited; each refusal with its field,
 *     and nothing written by a refused or failing create (a notification that
 *     fails rolls the whole recall back)
 *   - notify_due on a Saturday (4 h) and a Sunday (6 h) in the centre's zone,
 *     the settings read as they are
 *   - recall.get pages of units (all, open, to_call) with a cursor; refusals
 *   - recall.list queues open and closed, paged; late when notify_due passed
 *     with customers not told
 *   - recall.unit: each outcome, the counters, booked with the unit's ticket,
 *     written off with a reason, no step back, closed by its last unit; every
 *     refusal with code and field; roles
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/integration/harness.h"
#include "tests/integration/suites.h"

H_ENV_FIXTURE(E)

/* Three customers with units of model RX-1 (serials RX-0001 .. RX-0005,
 * bought 2026-01-01 + n months) and one of model OTHER-9: customer 1 owns
 * RX-0001 and RX-0002, customer 2 RX-0003 and RX-0004, customer 3 RX-0005. */
static void
seed_units(void)
{
	h_sql(E.db,
	    "INSERT INTO customers (name, phones, address) VALUES"
	    " ('召回甲', '{13800138001}', '中山路1号'), ('召回乙', '{13800138002}', '中山路2号'),"
	    " ('召回丙', '{13800138003}', '中山路3号');"
	    "INSERT INTO units (customer_id, model, serial, purchase_date)"
	    " SELECT c.id, 'RX-1', 'RX-000' || n, date '2026-01-01' + (n - 1) * interval '1 month'"
	    " FROM generate_series(1, 5) n JOIN customers c ON c.name = CASE"
	    "  WHEN n <= 2 THEN '召回甲' WHEN n <= 4 THEN '召回乙' ELSE '召回丙' END ORDER BY n;"
	    "INSERT INTO units (customer_id, model, serial, purchase_date)"
	    " SELECT id, 'OTHER-9', 'OT-0001', date '2026-01-01' FROM customers WHERE name = '召回甲'");
}

static long long
unit_id(const char *serial)
{
	return h_sql_int(E.db, "SELECT id FROM units WHERE serial = '%s'", serial);
}

/* Creates a recall of RX-1 (with more args, e.g. ",\"serial_to\":\"RX-0003\"")
 * as quality; its number into no; the result (caller frees the reply). */
static cJSON *
create(struct conn *q, const char *more, char *no, size_t size)
{
	cJSON *r = h_expect_ok(h_callf(q, "recall.create", "{\"title\":\"压缩机召回\","
	    "\"reason\":\"压缩机继电器可能过热\",\"models\":[\"RX-1\"]%s}", more));

	snprintf(no, size, "%s", h_str(reply_result(r), "no"));
	return r;
}

START_TEST(test_create_lists_units_and_queues_notices)
{
	struct conn *q = h_connect_as(E.d, "quality");
	char no[32];
	cJSON *r;
	const cJSON *res, *units;

	seed_units();
	r = create(q, "", no, sizeof no);
	res = reply_result(r);
	ck_assert_msg(strncmp(no, "RC", 2) == 0 && strlen(no) == 11, "number %s", no);
	ck_assert_str_eq(h_str(res, "state"), "open");
	ck_assert_int_eq(h_int_member(res, "affected"), 5);
	ck_assert_int_eq(h_int_member(res, "notified"), 0);
	ck_assert_int_eq(h_int_member(res, "done"), 0);
	ck_assert_int_eq(h_int_member(h_member(res, "counts"), "pending"), 5);
	/* created on a weekday or a Saturday: 4 hours; on a Sunday 6 (the test
	 * below fixes the day). */
	long long hours = h_sql_int(E.db, "SELECT CASE WHEN extract(isodow FROM created_at"
	    " AT TIME ZONE 'Asia/Shanghai') = 7 THEN 6 ELSE 4 END FROM recalls");
	ck_assert_int_eq(h_time(res, "notify_due") - h_time(res, "created_at"), hours * 3600);
	units = h_member(res, "units");
	ck_assert_int_eq(cJSON_GetArraySize(units), 5);
	ck_assert_str_eq(h_str(cJSON_GetArrayItem(units, 0), "serial"), "RX-0001");
	ck_assert_str_eq(h_str(cJSON_GetArrayItem(units, 0), "state"), "pending");
	ck_assert_str_eq(h_str(h_member(cJSON_GetArrayItem(units, 4), "customer"), "name"), "召回丙");
	ck_assert(h_is_null(res, "next"));
	/* quality sees the phones masked */
	ck_assert_msg(strstr(h_show(units), "13800138001") == NULL, "%s", h_show(units));
	cJSON_Delete(r);

	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM recall_units WHERE recall_no = '%s'",
	    no), 5);
	/* one notice per customer, due at notify_due, in Chinese with the number */
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM notifications WHERE kind = 'recall'"
	    " AND related = '%s'", no), 3);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM notifications n JOIN recalls r"
	    " ON r.no = n.related WHERE n.due = r.notify_due AND n.once_key = 'recall:' || r.no"
	    " || ':' || n.customer_id AND n.text LIKE '%%召回%%' || r.no || '%%'"
	    " AND n.recipient LIKE '1380013800_'"), 3);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM audit_log WHERE action ="
	    " 'recall.create' AND object = 'recall:%s' AND actor = 'quality'", no), 1);
	conn_close(q);
}
END_TEST

START_TEST(test_create_by_serials_and_dates)
{
	struct conn *m = h_connect_as(E.d, "manager");
	char no[32];
	cJSON *r;

	seed_units();
	r = create(m, ",\"serial_from\":\"RX-0002\",\"serial_to\":\"RX-0004\"", no, sizeof no);
	ck_assert_int_eq(h_int_member(reply_result(r), "affected"), 3);
	cJSON_Delete(r);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM notifications WHERE related = '%s'",
	    no), 2);
	/* bought February to March: RX-0002, RX-0003 */
	r = create(m, ",\"purchased_from\":\"2026-02-01\",\"purchased_to\":\"2026-03-31\"",
	    no, sizeof no);
	ck_assert_int_eq(h_int_member(reply_result(r), "affected"), 2);
	cJSON_Delete(r);
	/* two models */
	r = h_expect_ok(h_call(m, "recall.create", "{\"title\":\"t\",\"reason\":\"r\","
	    "\"models\":[\"RX-1\",\"OTHER-9\"]}"));
	ck_assert_int_eq(h_int_member(reply_result(r), "affected"), 6);
	cJSON_Delete(r);
	conn_close(m);
}
END_TEST

START_TEST(test_create_refusals)
{
	struct conn *q = h_connect_as(E.d, "quality"), *op = h_connect_as(E.d, "operator");
	static const char *const bad[][2] = {
		{ "{\"reason\":\"r\",\"models\":[\"RX-1\"]}", "title" },
		{ "{\"title\":\" \",\"reason\":\"r\",\"models\":[\"RX-1\"]}", "title" },
		{ "{\"title\":\"t\",\"models\":[\"RX-1\"]}", "reason" },
		{ "{\"title\":\"t\",\"reason\":\"r\"}", "models" },
		{ "{\"title\":\"t\",\"reason\":\"r\",\"models\":[]}", "models" },
		{ "{\"title\":\"t\",\"reason\":\"r\",\"models\":\"RX-1\"}", "models" },
		{ "{\"title\":\"t\",\"reason\":\"r\",\"models\":[\"RX-1\",\" \"]}", "models" },
		{ "{\"title\":\"t\",\"reason\":\"r\",\"models\":[7]}", "models" },
		{ "{\"title\":\"t\",\"reason\":\"r\",\"models\":[\"RX-1\"],"
		  "\"serial_from\":\"RX-0004\",\"serial_to\":\"RX-0002\"}", "serial_to" },
		{ "{\"title\":\"t\",\"reason\":\"r\",\"models\":[\"RX-1\"],"
		  "\"purchased_from\":\"2026-05-01\",\"purchased_to\":\"2026-01-01\"}", "purchased_to" },
		{ "{\"title\":\"t\",\"reason\":\"r\",\"models\":[\"RX-1\"],"
		  "\"purchased_from\":\"2026-02-30\"}", "purchased_from" },
		{ "{\"title\":\"t\",\"reason\":\"r\",\"models\":[\"NO-SUCH\"]}", "models" },
		{ "{\"title\":\"t\",\"reason\":\"r\",\"models\":[\"RX-1\"],"
		  "\"serial_from\":\"RX-0009\"}", "models" },
	};

	seed_units();
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		h_expect_error(h_call(q, "recall.create", bad[i][0]), "invalid_argument", bad[i][1]);
	h_expect_error(h_call(op, "recall.create", "{\"title\":\"t\",\"reason\":\"r\","
	    "\"models\":[\"RX-1\"]}"), "forbidden", "");
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM recalls"), 0);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM notifications"), 0);
	h_ping(q);
	conn_close(q);
	conn_close(op);
}
END_TEST

/* A notification that fails for the last customer rolls back the recall,
 * its units and the notices already queued for the others. */
START_TEST(test_failing_create_queues_none)
{
	struct conn *q = h_connect_as(E.d, "quality");
	char no[32];

	seed_units();
	h_sql(E.db, "CREATE FUNCTION refuse_notice() RETURNS trigger LANGUAGE plpgsql AS $$"
	    " BEGIN IF NEW.customer_id = (SELECT max(id) FROM customers) THEN"
	    "  RAISE EXCEPTION 'transport down'; END IF; RETURN NEW; END $$;"
	    "CREATE TRIGGER refuse_notice BEFORE INSERT ON notifications"
	    " FOR EACH ROW EXECUTE FUNCTION refuse_notice()");
	cJSON *r = h_call(q, "recall.create", "{\"title\":\"t\",\"reason\":\"r\","
	    "\"models\":[\"RX-1\"]}");
	ck_assert_msg(!cJSON_IsTrue(cJSON_GetObjectItem(r, "ok")), "%s", h_show(r));
	cJSON_Delete(r);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM recalls"), 0);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM recall_units"), 0);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM notifications"), 0);
	/* the same create, the transport back: all of it */
	h_sql(E.db, "DROP TRIGGER refuse_notice ON notifications");
	cJSON_Delete(create(q, "", no, sizeof no));
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM notifications"), 3);
	conn_close(q);
}
END_TEST

/* notify_due of a recall created at `at` (in the centre's zone), as
 * recall.get answers it, less created_at, in hours. */
static long long
notify_hours(struct conn *q, const char *no, const char *at)
{
	h_sqlf(E.db, "SET TimeZone = 'Asia/Shanghai'; UPDATE recalls SET created_at = '%s'"
	    " WHERE no = '%s'", at, no);
	cJSON *r = h_expect_ok(h_callf(q, "recall.get", "{\"no\":\"%s\"}", no));
	long long hours = (h_time(reply_result(r), "notify_due") -
	    h_time(reply_result(r), "created_at")) / 3600;

	cJSON_Delete(r);
	return hours;
}

START_TEST(test_notify_due_saturday_and_sunday)
{
	struct conn *q = h_connect_as(E.d, "quality"), *admin = h_connect_as(E.d, "admin");
	char no[32];

	seed_units();
	cJSON_Delete(create(q, "", no, sizeof no));
	/* Saturday 5 December 2026 */
	ck_assert_int_eq(notify_hours(q, no, "2026-12-05 10:00:00+08"), 4);
	ck_assert_int_eq(notify_hours(q, no, "2026-12-05 23:59:00+08"), 4);
	/* Sunday 6 December, also in its first hours (still Saturday in UTC) */
	ck_assert_int_eq(notify_hours(q, no, "2026-12-06 10:00:00+08"), 6);
	ck_assert_int_eq(notify_hours(q, no, "2026-12-06 03:00:00+08"), 6);
	/* Monday */
	ck_assert_int_eq(notify_hours(q, no, "2026-12-07 00:30:00+08"), 4);
	/* the settings as they are now */
	cJSON_Delete(h_expect_ok(h_call(admin, "policy.set", "{\"settings\":"
	    "{\"recall_notify_hours\":3,\"recall_notify_hours_sunday\":8}}")));
	ck_assert_int_eq(notify_hours(q, no, "2026-12-05 10:00:00+08"), 3);
	ck_assert_int_eq(notify_hours(q, no, "2026-12-06 10:00:00+08"), 8);
	conn_close(q);
	conn_close(admin);
}
END_TEST

START_TEST(test_get_pages)
{
	struct conn *op = h_connect_as(E.d, "operator"), *tech = h_connect_as(E.d, "technician");
	char no[32], args[160], next[32] = "";
	int seen = 0, pages = 0;

	seed_units();
	struct conn *q = h_connect_as(E.d, "quality");
	cJSON_Delete(create(q, "", no, sizeof no));
	conn_close(q);
	do {
		snprintf(args, sizeof args, "{\"no\":\"%s\",\"limit\":2%s%s%s}", no,
		    next[0] ? ",\"after\":\"" : "", next, next[0] ? "\"" : "");
		cJSON *r = h_expect_ok(h_call(op, "recall.get", args));
		const cJSON *res = reply_result(r);
		ck_assert_int_eq(h_int_member(res, "affected"), 5);
		seen += cJSON_GetArraySize(h_member(res, "units"));
		pages++;
		snprintf(next, sizeof next, "%s", h_str(res, "next"));
		/* an operator sees the phones whole */
		if (pages == 1)
			ck_assert_msg(strstr(h_show(res), "13800138001") != NULL, "%s", h_show(res));
		cJSON_Delete(r);
	} while (next[0] && pages < 10);
	ck_assert_int_eq(seen, 5);
	ck_assert_int_eq(pages, 3);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM audit_log WHERE action ="
	    " 'recall.get' AND actor = 'operator'"), 3);

	/* to_call and open pages follow the units' states */
	h_sqlf(E.db, "UPDATE recall_units SET state = 'done' WHERE unit_id = %lld;"
	    "UPDATE recall_units SET state = 'notified' WHERE unit_id = %lld",
	    unit_id("RX-0001"), unit_id("RX-0002"));
	cJSON *r = h_expect_ok(h_callf(op, "recall.get", "{\"no\":\"%s\",\"units\":\"to_call\"}", no));
	ck_assert_int_eq(cJSON_GetArraySize(h_member(reply_result(r), "units")), 3);
	cJSON_Delete(r);
	r = h_expect_ok(h_callf(op, "recall.get", "{\"no\":\"%s\",\"units\":\"open\"}", no));
	ck_assert_int_eq(cJSON_GetArraySize(h_member(reply_result(r), "units")), 4);
	cJSON_Delete(r);

	h_expect_error(h_call(op, "recall.get", "{\"no\":\"RC000000999\"}"), "not_found", "no");
	h_expect_error(h_call(op, "recall.get", "{}"), "invalid_argument", "no");
	h_expect_error(h_callf(op, "recall.get", "{\"no\":\"%s\",\"units\":\"some\"}", no),
	    "invalid_argument", "units");
	h_expect_error(h_callf(op, "recall.get", "{\"no\":\"%s\",\"after\":\"x\"}", no),
	    "invalid_argument", "after");
	h_expect_error(h_callf(op, "recall.get", "{\"no\":\"%s\",\"limit\":201}", no),
	    "invalid_argument", "limit");
	h_expect_error(h_callf(tech, "recall.get", "{\"no\":\"%s\"}", no), "forbidden", "");
	conn_close(op);
	conn_close(tech);
}
END_TEST

START_TEST(test_list_queues_and_late)
{
	struct conn *q = h_connect_as(E.d, "quality"), *disp = h_connect_as(E.d, "dispatcher");
	char no[3][32];
	cJSON *r;

	seed_units();
	for (int i = 0; i < 3; i++)
		cJSON_Delete(create(q, "", no[i], sizeof no[i]));
	h_sqlf(E.db, "UPDATE recalls SET state = 'closed' WHERE no = '%s'", no[0]);
	/* newest first, two a page */
	r = h_expect_ok(h_call(disp, "recall.list", "{\"queue\":\"open\",\"limit\":1}"));
	const cJSON *list = h_member(reply_result(r), "recalls");
	ck_assert_int_eq(cJSON_GetArraySize(list), 1);
	ck_assert_str_eq(h_str(cJSON_GetArrayItem(list, 0), "no"), no[2]);
	char next[32];
	snprintf(next, sizeof next, "%s", h_str(reply_result(r), "next"));
	cJSON_Delete(r);
	r = h_expect_ok(h_callf(disp, "recall.list", "{\"limit\":1,\"after\":\"%s\"}", next));
	list = h_member(reply_result(r), "recalls");
	ck_assert_str_eq(h_str(cJSON_GetArrayItem(list, 0), "no"), no[1]);
	ck_assert(h_is_null(reply_result(r), "next"));
	ck_assert(!cJSON_IsTrue(cJSON_GetObjectItem(cJSON_GetArrayItem(list, 0), "late")));
	cJSON_Delete(r);
	r = h_expect_ok(h_call(q, "recall.list", "{\"queue\":\"closed\"}"));
	list = h_member(reply_result(r), "recalls");
	ck_assert_int_eq(cJSON_GetArraySize(list), 1);
	ck_assert_str_eq(h_str(cJSON_GetArrayItem(list, 0), "no"), no[0]);
	cJSON_Delete(r);

	/* notify_due passed with customers not told: late; all told: not */
	h_sqlf(E.db, "UPDATE recalls SET created_at = now() - interval '7 hours' WHERE no = '%s'",
	    no[1]);
	r = h_expect_ok(h_callf(q, "recall.get", "{\"no\":\"%s\"}", no[1]));
	ck_assert(cJSON_IsTrue(cJSON_GetObjectItem(reply_result(r), "late")));
	cJSON_Delete(r);
	h_sqlf(E.db, "UPDATE recall_units SET state = 'notified' WHERE recall_no = '%s';"
	    "UPDATE recalls SET pending = 0, notified = 5 WHERE no = '%s'", no[1], no[1]);
	r = h_expect_ok(h_callf(q, "recall.get", "{\"no\":\"%s\"}", no[1]));
	ck_assert(!cJSON_IsTrue(cJSON_GetObjectItem(reply_result(r), "late")));
	ck_assert_int_eq(h_int_member(reply_result(r), "notified"), 5);
	cJSON_Delete(r);

	h_expect_error(h_call(q, "recall.list", "{\"queue\":\"late\"}"), "invalid_argument", "queue");
	h_expect_error(h_call(q, "recall.list", "{\"after\":\"-3\"}"), "invalid_argument", "after");
	struct conn *tech = h_connect_as(E.d, "technician");
	h_expect_error(h_call(tech, "recall.list", "{}"), "forbidden", "");
	conn_close(tech);
	conn_close(q);
	conn_close(disp);
}
END_TEST

/* A repair call for the customer's unit (serial), as operator op; its
 * number into no. */
static void
book_ticket(struct conn *op, const char *serial, char *no, size_t size)
{
	char key[96];
	long long unit = unit_id(serial), customer = h_sql_int(E.db,
	    "SELECT customer_id FROM units WHERE id = %lld", unit);
	cJSON *r = h_expect_ok(h_callf(op, "call.register", "{\"request_key\":\"%s\","
	    "\"channel\":\"phone\",\"type\":\"B\",\"customer\":{\"id\":%lld},"
	    "\"unit\":{\"id\":%lld},\"fault\":\"召回检修\"}", h_request_key(key, sizeof key),
	    customer, unit));

	snprintf(no, size, "%s", h_str(reply_result(r), "no"));
	cJSON_Delete(r);
}

/* recall.unit as c; the reply (caller frees). */
static cJSON *
step(struct conn *c, const char *no, const char *serial, const char *state,
    const char *more)
{
	return h_callf(c, "recall.unit", "{\"no\":\"%s\",\"unit_id\":%lld,\"state\":\"%s\"%s}",
	    no, unit_id(serial), state, more);
}

static void
expect_counts(const cJSON *recall, int pending, int notified, int unreachable,
    int booked, int done, int written_off)
{
	const cJSON *c = h_member(recall, "counts");

	ck_assert_int_eq(h_int_member(c, "pending"), pending);
	ck_assert_int_eq(h_int_member(c, "notified"), notified);
	ck_assert_int_eq(h_int_member(c, "unreachable"), unreachable);
	ck_assert_int_eq(h_int_member(c, "booked"), booked);
	ck_assert_int_eq(h_int_member(c, "done"), done);
	ck_assert_int_eq(h_int_member(c, "written_off"), written_off);
}

START_TEST(test_unit_outcomes_and_closing)
{
	struct conn *op = h_connect_as(E.d, "operator"), *disp = h_connect_as(E.d, "dispatcher");
	char no[32], ticket[32], other[32], buf[64];
	cJSON *r;

	seed_units();
	struct conn *q = h_connect_as(E.d, "quality");
	cJSON_Delete(create(q, "", no, sizeof no));
	conn_close(q);

	r = h_expect_ok(step(op, no, "RX-0001", "unreachable", ""));
	expect_counts(reply_result(r), 4, 0, 1, 0, 0, 0);
	ck_assert_int_eq(h_int_member(h_member(reply_result(r), "unit"), "attempts"), 1);
	ck_assert_str_eq(h_str(h_member(reply_result(r), "unit"), "updated_by"), "operator");
	cJSON_Delete(r);
	r = h_expect_ok(step(op, no, "RX-0001", "unreachable", ""));
	ck_assert_int_eq(h_int_member(h_member(reply_result(r), "unit"), "attempts"), 2);
	expect_counts(reply_result(r), 4, 0, 1, 0, 0, 0);
	cJSON_Delete(r);
	r = h_expect_ok(step(op, no, "RX-0001", "notified", ""));
	expect_counts(reply_result(r), 4, 1, 0, 0, 0, 0);
	ck_assert_int_eq(h_int_member(reply_result(r), "notified"), 1);
	cJSON_Delete(r);
	/* no step back */
	h_expect_error(step(op, no, "RX-0001", "unreachable", ""), "conflict", "state");

	/* booked: the ticket must exist and be this unit's */
	book_ticket(op, "RX-0001", ticket, sizeof ticket);
	book_ticket(op, "RX-0003", other, sizeof other);
	h_expect_error(step(op, no, "RX-0001", "booked", ""), "invalid_argument", "ticket_no");
	h_expect_error(step(op, no, "RX-0001", "booked", ",\"ticket_no\":\"B0000000000\""),
	    "not_found", "ticket_no");
	snprintf(buf, sizeof buf, ",\"ticket_no\":\"%s\"", other);
	h_expect_error(step(op, no, "RX-0001", "booked", buf), "invalid_argument", "ticket_no");
	h_expect_error(step(op, no, "RX-0001", "done", buf), "invalid_argument", "ticket_no");
	snprintf(buf, sizeof buf, ",\"ticket_no\":\"%s\"", ticket);
	r = h_expect_ok(step(disp, no, "RX-0001", "booked", buf));
	expect_counts(reply_result(r), 4, 0, 0, 1, 0, 0);
	ck_assert_str_eq(h_str(h_member(reply_result(r), "unit"), "ticket_no"), ticket);
	ck_assert_int_eq(h_int_member(reply_result(r), "notified"), 1);
	cJSON_Delete(r);
	r = h_expect_ok(step(op, no, "RX-0001", "done", ""));
	expect_counts(reply_result(r), 4, 0, 0, 0, 1, 0);
	ck_assert_int_eq(h_int_member(reply_result(r), "done"), 1);
	cJSON_Delete(r);
	h_expect_error(step(op, no, "RX-0001", "notified", ""), "conflict", "state");
	h_expect_error(step(op, no, "RX-0001", "done", ""), "conflict", "state");

	/* written off, with a reason */
	h_expect_error(step(op, no, "RX-0002", "written_off", ""), "invalid_argument", "reason");
	r = h_expect_ok(step(op, no, "RX-0002", "written_off", ",\"reason\":\"已报废\""));
	expect_counts(reply_result(r), 3, 0, 0, 0, 1, 1);
	ck_assert_str_eq(h_str(h_member(reply_result(r), "unit"), "reason"), "已报废");
	cJSON_Delete(r);

	/* the refusals */
	h_expect_error(step(op, no, "OT-0001", "done", ""), "not_found", "unit_id");
	h_expect_error(h_callf(op, "recall.unit", "{\"no\":\"RC000000999\",\"unit_id\":%lld,"
	    "\"state\":\"done\"}", unit_id("RX-0003")), "not_found", "no");
	h_expect_error(step(op, no, "RX-0003", "pending", ""), "invalid_argument", "state");
	h_expect_error(step(op, no, "RX-0003", "fixed", ""), "invalid_argument", "state");
	h_expect_error(h_callf(op, "recall.unit", "{\"no\":\"%s\",\"state\":\"done\"}", no),
	    "invalid_argument", "unit_id");
	h_expect_error(h_callf(op, "recall.unit", "{\"unit_id\":1,\"state\":\"done\"}"),
	    "invalid_argument", "no");
	q = h_connect_as(E.d, "quality");
	h_expect_error(step(q, no, "RX-0003", "done", ""), "forbidden", "");
	conn_close(q);

	/* the last open unit closes the recall */
	ck_assert_str_eq(h_str(reply_result(r = h_expect_ok(step(op, no, "RX-0003", "done", ""))),
	    "state"), "open");
	cJSON_Delete(r);
	cJSON_Delete(h_expect_ok(step(op, no, "RX-0004", "done", "")));
	r = h_expect_ok(step(op, no, "RX-0005", "written_off", ",\"reason\":\"客户已搬离\""));
	ck_assert_str_eq(h_str(reply_result(r), "state"), "closed");
	ck_assert(!h_is_null(reply_result(r), "closed_at"));
	expect_counts(reply_result(r), 0, 0, 0, 0, 3, 2);
	cJSON_Delete(r);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM recalls WHERE state = 'closed'"), 1);
	/* what the counters say is what the units say */
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM recall_units WHERE recall_no = '%s'"
	    " AND state = 'done'", no), 3);
	conn_close(op);
	conn_close(disp);
}
END_TEST

Suite *
recall_suite(void)
{
	Suite *s = suite_create("recall");
	TCase *tc = tcase_create("recall");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, H_TEST_TIMEOUT);
	tcase_add_test(tc, test_create_lists_units_and_queues_notices);
	tcase_add_test(tc, test_create_by_serials_and_dates);
	tcase_add_test(tc, test_create_refusals);
	tcase_add_test(tc, test_failing_create_queues_none);
	tcase_add_test(tc, test_notify_due_saturday_and_sunday);
	tcase_add_test(tc, test_get_pages);
	tcase_add_test(tc, test_list_queues_and_late);
	tcase_add_test(tc, test_unit_outcomes_and_closing);
	suite_add_tcase(s, tc);
	return s;
}
