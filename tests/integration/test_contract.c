/*
 * test_contract.c: maintenance contracts (issue 14): contract.save (a new
 * contract, a renewal, each refusal with its field), contract.list's queues,
 * class B on a call about a unit under a running contract, customer.get's
 * contracts[], contract.visits, and the sweep with two daemons on one database: a visit
 * fallen due is one type Y ticket with one maintenance_due notification, a
 * contract entering its notice period one contract_expiry notice, however
 * many daemons sweep and however often; sql/024_contracts.sql making a
 * contract of every units.contract_end of a database migrated before it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tests/integration/harness.h"
#include "tests/integration/suites.h"

static const char *const sweep_fast[] = { "--sweep-interval", "1", NULL };
static struct h_env E;

static void
setup(void)
{
	h_env_start(&E, sweep_fast);
}

static void
teardown(void)
{
	h_env_stop(&E);
}

/* A customer with one unit bought two years ago; its id. */
static long long
new_unit(struct conn *c, const char *serial, long long *customer)
{
	char bought[16];
	cJSON *r = h_expect_ok(h_callf(c, "customer.save", "{\"name\":\"周敏\",\"phones\":"
	    "[\"13612345678\"],\"address\":\"人民路8号\",\"region\":\"urban\"}"));
	long long id;

	*customer = h_int_member(reply_result(r), "id");
	cJSON_Delete(r);
	r = h_expect_ok(h_callf(c, "unit.save", "{\"customer_id\":%lld,\"model\":\"KFR-35GW\","
	    "\"serial\":\"%s\",\"purchase_date\":\"%s\"}", *customer, serial,
	    h_centre_date(time(NULL), -730, bought, sizeof bought)));
	id = h_int_member(reply_result(r), "id");
	cJSON_Delete(r);
	return id;
}

/* contract.save for unit from `from` to `to` days from today; the reply. */
static cJSON *
save(struct conn *c, long long unit, int from, int to, const char *extra)
{
	char starts[16], ends[16];

	return h_callf(c, "contract.save", "{\"unit_id\":%lld,\"starts\":\"%s\",\"ends\":\"%s\"%s}",
	    unit, h_centre_date(time(NULL), from, starts, sizeof starts),
	    h_centre_date(time(NULL), to, ends, sizeof ends), extra);
}

/* Whether contract id is in contract.list's queue. */
static bool
listed(struct conn *c, const char *queue, long long id)
{
	cJSON *r = h_expect_ok(h_callf(c, "contract.list", "{\"queue\":\"%s\"}", queue));
	const cJSON *k;
	bool found = false;

	cJSON_ArrayForEach(k, h_member(reply_result(r), "contracts"))
		found = found || h_int_member(k, "id") == id;
	cJSON_Delete(r);
	return found;
}

START_TEST(test_save_list_renew)
{
	struct conn *op = h_connect_as(E.d, "operator"), *mgr = h_connect_as(E.d, "manager");
	long long cust, unit = new_unit(op, "SN-K-1", &cust), id, renewal;
	char ends[16], key[96];
	cJSON *r = h_expect_ok(save(op, unit, -100, 20, ",\"price\":36000"));
	const cJSON *k = reply_result(r);

	id = h_int_member(k, "id");
	ck_assert_int_eq(h_int_member(k, "unit_id"), unit);
	ck_assert_int_eq(h_int_member(h_member(k, "customer"), "id"), cust);
	ck_assert_str_eq(h_str(k, "ends"), h_centre_date(time(NULL), 20, ends, sizeof ends));
	ck_assert_int_eq(h_int_member(k, "visits_per_year"), 2);   /* the setting */
	ck_assert_int_eq(h_int_member(k, "price"), 36000);
	ck_assert_str_eq(h_str(k, "state"), "expiring");           /* 20 days <= 30 */
	/* 121 days: one visit, due on day 60, before it was recorded: none next. */
	ck_assert(h_is_null(k, "next_visit"));
	cJSON_Delete(r);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM audit_log WHERE action = "
	    "'contract.save' AND object = 'contract:%lld' AND actor = 'operator'", id), 1);

	/* In the queues; the renewal queue until renewed. */
	ck_assert(listed(mgr, "active", id) && listed(mgr, "expiring", id));
	ck_assert(!listed(mgr, "expired", id) && listed(op, "renewal", id));
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM audit_log WHERE action = "
	    "'contract.list' AND actor = 'manager'"), 3);

	/* The file lists it; a call about the unit is class B. */
	r = h_expect_ok(h_callf(op, "customer.get", "{\"id\":%lld}", cust));
	ck_assert_int_eq(cJSON_GetArraySize(h_member(reply_result(r), "contracts")), 1);
	ck_assert_int_eq(h_int_member(cJSON_GetArrayItem(h_member(reply_result(r),
	    "contracts"), 0), "id"), id);
	cJSON_Delete(r);
	r = h_expect_ok(h_callf(op, "call.register", "{\"request_key\":\"%s\",\"channel\":"
	    "\"phone\",\"type\":\"B\",\"customer\":{\"id\":%lld},\"unit\":{\"id\":%lld},"
	    "\"fault\":\"不制冷\"}", h_request_key(key, sizeof key), cust, unit));
	ck_assert_str_eq(h_str(reply_result(r), "service_class"), "B");
	cJSON_Delete(r);

	/* A renewal: linked, off the renewal queue; a second one is refused. */
	char extra[64];
	snprintf(extra, sizeof extra, ",\"renews\":%lld", id);
	r = h_expect_ok(save(op, unit, 21, 385, extra));
	renewal = h_int_member(reply_result(r), "id");
	ck_assert_int_eq(h_int_member(reply_result(r), "renews"), id);
	ck_assert_str_eq(h_str(reply_result(r), "state"), "pending");
	/* 365 days, two visits: the first on its 92nd day. */
	ck_assert_str_eq(h_str(reply_result(r), "next_visit"),
	    h_centre_date(time(NULL), 21 + 91, ends, sizeof ends));
	cJSON_Delete(r);
	ck_assert(!listed(op, "renewal", id));
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM contracts WHERE id = %lld "
	    "AND renews = %lld", renewal, id), 1);
	h_expect_error(save(op, unit, 400, 700, extra), "conflict", "renews");
	conn_close(op);
	conn_close(mgr);
}
END_TEST

START_TEST(test_refusals)
{
	struct conn *op = h_connect_as(E.d, "operator"), *disp = h_connect_as(E.d, "dispatcher");
	struct conn *tech = h_connect_as(E.d, "technician");
	char day[16];
	long long cust, unit = new_unit(op, "SN-K-2", &cust), other = new_unit(op, "SN-K-3", &cust);
	char extra[64];
	cJSON *r = h_expect_ok(save(op, unit, -10, 355, ""));
	long long id = h_int_member(reply_result(r), "id");

	cJSON_Delete(r);
	h_expect_error(save(op, unit, 10, 5, ""), "invalid_argument", "ends");
	h_expect_error(save(op, unit, 0, 5000, ""), "invalid_argument", "ends");
	h_expect_error(h_callf(op, "contract.save", "{\"unit_id\":%lld,\"starts\":\"2027-02-30\","
	    "\"ends\":\"2028-01-01\"}", unit), "invalid_argument", "starts");
	h_expect_error(h_callf(op, "contract.save", "{\"unit_id\":%lld,\"starts\":\"2027-01-01\"}",
	    unit), "invalid_argument", "ends");
	h_expect_error(save(op, unit + 1000, 0, 300, ""), "not_found", "unit_id");
	h_expect_error(save(op, unit, 300, 600, ""), "invalid_argument", "starts");   /* overlap */
	h_expect_error(save(op, other, 0, 300, ",\"visits_per_year\":13"), "invalid_argument",
	    "visits_per_year");
	h_expect_error(save(op, other, 0, 300, ",\"price\":-1"), "invalid_argument", "price");
	h_expect_error(save(op, other, 0, 300, ",\"renews\":999999"), "not_found", "renews");
	snprintf(extra, sizeof extra, ",\"renews\":%lld", id);
	h_expect_error(save(op, other, 400, 700, extra), "invalid_argument", "renews");
	h_expect_error(save(op, unit, 300, 700, extra), "invalid_argument", "starts");
	h_expect_error(h_callf(op, "contract.save", "{\"id\":%lld,\"version\":7,\"unit_id\":%lld,"
	    "\"starts\":\"2027-01-01\",\"ends\":\"2027-12-31\"}", id, unit), "conflict", "version");
	h_expect_error(h_callf(op, "contract.list", "{\"queue\":\"soon\"}"), "invalid_argument",
	    "queue");
	h_expect_error(save(disp, other, 0, 300, ""), "forbidden", NULL);
	h_expect_error(h_callf(tech, "contract.list", "{\"queue\":\"active\"}"), "forbidden", NULL);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM contracts"), 1);
	/* A change of the dates is saved and audited. */
	snprintf(extra, sizeof extra, ",\"id\":%lld,\"version\":1", id);
	cJSON_Delete(h_expect_ok(save(op, unit, -10, 700, extra)));
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM contracts WHERE id = %lld AND "
	    "ends = '%s' AND version = 2", id, h_centre_date(time(NULL), 700, day, sizeof day)), 1);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM audit_log WHERE action = "
	    "'contract.save' AND object = 'contract:%lld'", id), 2);
	conn_close(op);
	conn_close(disp);
	conn_close(tech);
}
END_TEST

/* unit.save's contract_end is the contract record: made, moved, cancelled. */
START_TEST(test_unit_contract_end)
{
	struct conn *op = h_connect_as(E.d, "operator");
	long long cust, unit = new_unit(op, "SN-K-4", &cust);
	char bought[16];

	h_centre_date(time(NULL), -730, bought, sizeof bought);
	cJSON_Delete(h_expect_ok(h_callf(op, "unit.save", "{\"id\":%lld,\"customer_id\":%lld,"
	    "\"model\":\"KFR-35GW\",\"serial\":\"SN-K-4\",\"purchase_date\":\"%s\","
	    "\"contract_end\":\"2099-06-30\"}", unit, cust, bought)));
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM contracts WHERE unit_id = %lld "
	    "AND starts = '%s' AND ends = '2099-06-30' AND created_by = 'operator'", unit, bought), 1);
	cJSON_Delete(h_expect_ok(h_callf(op, "unit.save", "{\"id\":%lld,\"customer_id\":%lld,"
	    "\"model\":\"KFR-35GW\",\"serial\":\"SN-K-4\",\"purchase_date\":\"%s\","
	    "\"contract_end\":\"2098-01-31\"}", unit, cust, bought)));
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM contracts WHERE unit_id = %lld "
	    "AND ends = '2098-01-31' AND cancelled_at IS NULL", unit), 1);
	ck_assert(listed(op, "active", h_sql_int(E.db, "SELECT id FROM contracts WHERE "
	    "unit_id = %lld", unit)));
	cJSON_Delete(h_expect_ok(h_callf(op, "unit.save", "{\"id\":%lld,\"customer_id\":%lld,"
	    "\"model\":\"KFR-35GW\",\"serial\":\"SN-K-4\",\"purchase_date\":\"%s\","
	    "\"contract_end\":null}", unit, cust, bought)));
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM contracts WHERE unit_id = %lld "
	    "AND cancelled_at IS NOT NULL AND cancelled_by = 'operator'", unit), 1);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM units WHERE id = %lld AND "
	    "unit_contract_end(id) IS NULL", unit), 1);
	conn_close(op);
}
END_TEST

/*
 * Two daemons sweeping every second. A year's contract (365 days, two
 * visits) that started 91 days ago has its first visit due today; one that
 * ends in 10 days is in its notice period, its visits due before it was
 * recorded (not booked).
 */
START_TEST(test_two_daemons_book_once)
{
	struct h_daemon *d2 = h_daemon_start(E.db, sweep_fast);
	struct conn *op = h_connect_as(E.d, "operator"), *disp = h_connect_as(d2, "dispatcher");
	long long cust, unit = new_unit(op, "SN-K-5", &cust), cust2, unit2 = new_unit(op, "SN-K-6",
	    &cust2), due_id, ending_id;
	char ticket[32], key[64], today[16];
	cJSON *r;

	r = h_expect_ok(save(op, unit, -91, -91 + 364, ""));
	due_id = h_int_member(reply_result(r), "id");
	cJSON_Delete(r);
	r = h_expect_ok(save(op, unit2, -300, 10, ""));
	ending_id = h_int_member(reply_result(r), "id");
	cJSON_Delete(r);
	for (int i = 0; i < 60 && (h_sql_int(E.db, "SELECT count(*) FROM contract_visits") < 1 ||
	    h_sql_int(E.db, "SELECT count(*) FROM notifications WHERE kind = "
	    "'contract_expiry'") < 1); i++)
		h_sleep_ms(100);
	h_sleep_ms(3000);   /* several more sweeps by each daemon */
	/* And the sweep run again by hand, the lock not in the way: nothing more. */
	h_sql(E.db, "SELECT contract_sweep()");
	h_sql(E.db, "SELECT contract_sweep()");

	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM tickets WHERE type = 'Y'"), 1);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM contract_visits WHERE "
	    "contract_id = %lld AND seq = 1 AND due = '%s'", due_id,
	    h_centre_date(time(NULL), 0, today, sizeof today)), 1);
	h_sql_value(E.db, "SELECT ticket_no FROM contract_visits", ticket, sizeof ticket);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM tickets WHERE no = '%s' AND "
	    "unit_id = %lld AND customer_id = %lld AND service_class = 'B' AND state = 'new'",
	    ticket, unit, cust), 1);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM ticket_events WHERE ticket_no = "
	    "'%s' AND kind = 'register'", ticket), 1);
	snprintf(key, sizeof key, "maintenance_due:%lld:1", due_id);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM notifications WHERE kind = "
	    "'maintenance_due' AND once_key = '%s' AND related = '%s' AND customer_id = %lld "
	    "AND text LIKE '%%%s%%'", key, ticket, cust, ticket), 1);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM notifications WHERE kind = "
	    "'maintenance_due'"), 1);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM notifications WHERE kind = "
	    "'contract_expiry' AND once_key = 'contract_expiry:%lld' AND customer_id = %lld",
	    ending_id, cust2), 1);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM notifications WHERE kind = "
	    "'contract_expiry'"), 1);

	/* The dispatcher's maintenance due this week: the booked visit, and the
	 * second contract's none (its visits long past). */
	r = h_expect_ok(h_callf(disp, "contract.visits", "{}"));
	ck_assert_int_eq(cJSON_GetArraySize(h_member(reply_result(r), "visits")), 1);
	const cJSON *v = cJSON_GetArrayItem(h_member(reply_result(r), "visits"), 0);
	ck_assert_str_eq(h_str(v, "ticket_no"), ticket);
	ck_assert_str_eq(h_str(v, "state"), "new");
	ck_assert_str_eq(h_str(v, "due"), today);
	ck_assert_int_eq(h_int_member(v, "seq"), 1);
	ck_assert_int_eq(h_int_member(v, "contract_id"), due_id);
	cJSON_Delete(r);
	h_expect_error(h_callf(disp, "contract.visits", "{\"days\":32}"), "invalid_argument",
	    "days");
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM audit_log WHERE action = "
	    "'contract.visits' AND actor = 'dispatcher'"), 1);

	/* Dispatched like any other: in the dispatcher's new queue, then dispatched. */
	r = h_expect_ok(h_callf(disp, "ticket.list", "{\"queue\":\"new\"}"));
	ck_assert_msg(strstr(h_show(reply_result(r)), ticket) != NULL, "%s", h_show(r));
	cJSON_Delete(r);
	cJSON_Delete(h_expect_ok(h_callf(disp, "ticket.dispatch", "{\"no\":\"%s\","
	    "\"technician\":\"technician\"}", ticket)));
	conn_close(op);
	conn_close(disp);
	h_daemon_stop(d2);
}
END_TEST


/* Two saves racing for one unit's days: the second waits on the unit's row
 * (contracts_no_overlap) and, once the first commits, is refused
 * (exclusion_violation), which contract.save answers on starts. */
START_TEST(test_overlap_race)
{
	struct conn *op = h_connect_as(E.d, "operator");
	long long cust, unit = new_unit(op, "SN-K-7", &cust);
	PGconn *a = PQconnectdb(E.db->conninfo), *b = PQconnectdb(E.db->conninfo);
	char insert[256];
	PGresult *res;

	ck_assert(PQstatus(a) == CONNECTION_OK && PQstatus(b) == CONNECTION_OK);
	snprintf(insert, sizeof insert, "INSERT INTO contracts (unit_id, starts, ends, "
	    "visits_per_year, created_by) VALUES (%lld, '2030-01-01', '2030-12-31', 2, "
	    "'operator')", unit);
	h_pg_exec(a, "BEGIN");
	res = PQexec(a, insert);
	ck_assert_int_eq(PQresultStatus(res), PGRES_COMMAND_OK);
	PQclear(res);
	ck_assert_int_eq(PQsendQuery(b, insert), 1);
	h_sleep_ms(300);
	ck_assert_int_eq(PQconsumeInput(b), 1);
	ck_assert_msg(PQisBusy(b), "the second save did not wait for the first");
	h_pg_exec(a, "COMMIT");
	res = PQgetResult(b);
	ck_assert_str_eq(PQresultErrorField(res, PG_DIAG_SQLSTATE), "23P01");
	PQclear(res);
	while ((res = PQgetResult(b)) != NULL)
		PQclear(res);
	PQfinish(a);
	PQfinish(b);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM contracts WHERE unit_id = %lld",
	    unit), 1);
	conn_close(op);
}
END_TEST

/* svcdeskd migrate --sql-dir dir against db; true when it succeeded. */
static bool
migrate_to(const struct h_db *db, const char *dir)
{
	char cmd[2048];
	int status;

	snprintf(cmd, sizeof cmd, "'%s/svcdeskd' migrate --db '%s' --sql-dir '%s' >/dev/null 2>&1",
	    h_env("SVCDESK_BIN"), db->conninfo, dir);
	status = system(cmd);
	return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

/* An empty database in db's place, migrated to 023 (the repository's
 * 001-023 without functions, as a database was before 024). */
static void
database_before_024(struct h_db *db, const char *dir)
{
	PGconn *pg = PQconnectdb(h_env("SVCDESK_TEST_PG"));
	char sql[2048], repo[512];

	ck_assert_int_eq(PQstatus(pg), CONNECTION_OK);
	h_pg_exec(pg, "DROP DATABASE \"%s\" WITH (FORCE)", db->name);
	h_pg_exec(pg, "CREATE DATABASE \"%s\"", db->name);
	PQfinish(pg);
	snprintf(repo, sizeof repo, "%s/sql", h_env("SVCDESK_REPO"));
	snprintf(sql, sizeof sql, "mkdir -p '%s/functions' && for f in '%s'/0*.sql; do "
	    "case $(basename \"$f\") in 0[0-1]*|02[0-3]*) ln -s \"$f\" '%s'/;; esac; done",
	    dir, repo, dir);
	ck_assert_int_eq(system(sql), 0);
	ck_assert(migrate_to(db, dir));
	ck_assert_int_eq(h_sql_int(db, "SELECT count(*) FROM information_schema.columns "
	    "WHERE table_name = 'units' AND column_name = 'contract_end'"), 1);
}

START_TEST(test_migration_from_contract_end)
{
	struct h_db *db = h_db_create();
	char dir[128], repo[512], cmd[256];

	snprintf(dir, sizeof dir, "/tmp/svcdesk-c24-%d", (int)getpid());
	database_before_024(db, dir);
	h_sql(db, "INSERT INTO users (login, name, role, password_hash) VALUES"
	    " ('root', 'R', 'admin', 'x'), ('boss', 'B', 'admin', 'x'), ('op1', 'O', 'operator', 'x');"
	    "INSERT INTO customers (name, phones) VALUES ('甲', '{13600000001}');"
	    "INSERT INTO units (customer_id, model, serial, purchase_date, contract_end) VALUES"
	    " (1, 'M1', 'SN-M1', '2024-03-01', '2099-02-28'),"
	    " (1, 'M2', 'SN-M2', '2025-05-05', '2025-01-01'),"
	    " (1, 'M3', 'SN-M3', '2025-01-01', NULL);"
	    "INSERT INTO audit_log (actor, action, object) VALUES ('op1', 'unit.save', 'unit:1')");
	snprintf(repo, sizeof repo, "%s/sql", h_env("SVCDESK_REPO"));
	ck_assert(migrate_to(db, repo));

	/* From the purchase date (or the end, if earlier), by who last saved the
	 * unit, else the first admin; with the setting's visits. */
	ck_assert_int_eq(h_sql_int(db, "SELECT count(*) FROM contracts"), 2);
	ck_assert_int_eq(h_sql_int(db, "SELECT count(*) FROM contracts WHERE unit_id = 1 AND "
	    "starts = '2024-03-01' AND ends = '2099-02-28' AND created_by = 'op1' AND "
	    "visits_per_year = 2 AND renews IS NULL AND cancelled_at IS NULL"), 1);
	ck_assert_int_eq(h_sql_int(db, "SELECT count(*) FROM contracts WHERE unit_id = 2 AND "
	    "starts = '2025-01-01' AND ends = '2025-01-01' AND created_by = 'boss'"), 1);
	ck_assert_int_eq(h_sql_int(db, "SELECT count(*) FROM information_schema.columns "
	    "WHERE table_name = 'units' AND column_name = 'contract_end'"), 0);
	/* The unit record and the class read the contracts now. */
	ck_assert_int_eq(h_sql_int(db, "SELECT count(*) FROM units u WHERE "
	    "unit_service_class(u.purchase_date, u.warranty_months, unit_contract_end(u.id), "
	    "'2026-06-01') = 'B'"), 1);
	ck_assert_int_eq(h_sql_int(db, "SELECT count(*) FROM units u WHERE "
	    "unit_json(u)->>'contract_end' = '2025-01-01'"), 1);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
	h_db_drop(db);
}
END_TEST

Suite *
contract_suite(void)
{
	Suite *s = suite_create("contract");
	TCase *tc = tcase_create("contract");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_save_list_renew);
	tcase_add_test(tc, test_refusals);
	tcase_add_test(tc, test_unit_contract_end);
	tcase_add_test(tc, test_two_daemons_book_once);
	tcase_add_test(tc, test_overlap_race);
	tcase_add_test(tc, test_migration_from_contract_end);
	suite_add_tcase(s, tc);
	return s;
}
