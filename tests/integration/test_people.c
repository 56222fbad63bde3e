/*
 * test_people.c: users and service points through a real daemon (issue 13,
 * people): user.save's service point, skills and monthly bonus with every
 * refusal naming its field; user.list's filters and that it never shows a
 * password; service_point.list and service_point.save (kind, canonical
 * phone, not found, a name taken); the audit rows with before and after;
 * each op's roles; a technician onboarded and dispatched to; and a user
 * deactivated or given another role losing the session at once, told by a
 * push, on this daemon and on another, and on a daemon that missed the
 * announcement once it listens again, without ending a session opened while
 * that check was under way.
 */
#include <stdio.h>
#include <string.h>

#include <libpq-fe.h>

#include "tests/integration/harness.h"
#include "tests/integration/suites.h"

H_ENV_FIXTURE(E)

/* The session tests hold the login's statement behind locks while the
 * daemon loses and rebuilds its LISTEN connection: on a loaded machine that
 * took longer than the default 10 s statement timeout, which answered the
 * login `unavailable` (each step still waits at most H_WAIT_MS). */
static const char *const patient[] = { "--statement-timeout", "60000", NULL };
static void setup_patient(void) { h_env_start(&E, patient); }

/* A new service point by the admin c; its id. */
static long long
new_point(struct conn *c, const char *name, const char *region)
{
	cJSON *r = h_expect_ok(h_callf(c, "service_point.save", "{\"name\":\"%s\","
	    "\"kind\":\"own\",\"region\":\"%s\",\"address\":\"海淀区中关村1号\","
	    "\"head\":\"刘站长\",\"phone\":\"010-6123 4567\"}", name, region));
	long long id = h_int_member(h_member(reply_result(r), "service_point"), "id");

	cJSON_Delete(r);
	return id;
}

static const cJSON *
saved_user(const cJSON *reply)
{
	return h_member(reply_result(reply), "user");
}

/* --- user.save: the work fields */

START_TEST(test_user_work_fields)
{
	struct conn *admin = h_connect_as(E.d, "admin");
	long long point = new_point(admin, "海淀维修站", "urban");
	cJSON *r = h_expect_ok(h_callf(admin, "user.save", "{\"login\":\"zhao.gong\","
	    "\"name\":\"赵工\",\"role\":\"technician\",\"password\":\"zhao-gong-1\","
	    "\"region\":\"urban\",\"service_point\":%lld,\"skills\":[\"空调\",\" 冰箱 \"],"
	    "\"monthly_bonus\":120050,\"create\":true}", point));
	const cJSON *u = saved_user(r), *skills = h_member(u, "skills");

	ck_assert_int_eq(h_int_member(u, "service_point_id"), point);
	ck_assert_str_eq(h_str(u, "service_point_name"), "海淀维修站");
	ck_assert_int_eq(h_int_member(u, "monthly_bonus"), 120050);
	ck_assert_int_eq(cJSON_GetArraySize(skills), 2);
	ck_assert_str_eq(cJSON_GetArrayItem(skills, 1)->valuestring, "冰箱");
	cJSON_Delete(r);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT monthly_bonus FROM users WHERE login = "
	    "'zhao.gong' AND service_point_id = %lld AND skills = '{空调,冰箱}'", point), 120050);
	/* The audit: created (no before), never the password. */
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM audit_log WHERE action = "
	    "'user.save' AND object = 'user:zhao.gong' AND actor = 'admin' AND details->'before' "
	    "= 'null' AND details->'after'->>'monthly_bonus' = '120050' AND "
	    "(details->>'password_reset')::boolean AND details::text NOT LIKE '%%zhao-gong-1%%' "
	    "AND details::text NOT LIKE '%%argon%%'"), 1);

	/* An update changes only what is given; 0 takes the point away, [] the skills. */
	r = h_expect_ok(h_call(admin, "user.save", "{\"login\":\"zhao.gong\","
	    "\"monthly_bonus\":0,\"service_point\":0,\"skills\":[]}"));
	u = saved_user(r);
	ck_assert(h_is_null(u, "service_point_id"));
	ck_assert_int_eq(cJSON_GetArraySize(h_member(u, "skills")), 0);
	ck_assert_str_eq(h_str(u, "name"), "赵工");
	cJSON_Delete(r);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM audit_log WHERE object = "
	    "'user:zhao.gong' AND details->'before'->>'monthly_bonus' = '120050' AND "
	    "details->'after'->>'monthly_bonus' = '0' AND NOT (details->>'password_reset')::boolean"), 1);
	/* department "" clears it. */
	cJSON_Delete(h_expect_ok(h_call(admin, "user.save", "{\"login\":\"zhao.gong\","
	    "\"department\":\"service\"}")));
	r = h_expect_ok(h_call(admin, "user.save", "{\"login\":\"zhao.gong\",\"department\":\"\"}"));
	ck_assert(h_is_null(saved_user(r), "department"));
	cJSON_Delete(r);
	conn_close(admin);
}
END_TEST

/* The scenario: a technician onboarded with a point and skills is
 * offered to the dispatcher and takes a dispatch. */
START_TEST(test_onboard_then_dispatch)
{
	struct conn *admin = h_connect_as(E.d, "admin");
	struct conn *op = h_connect_as(E.d, "operator"), *disp = h_connect_as(E.d, "dispatcher");
	long long point = new_point(admin, "朝阳维修站", "urban");
	char no[32];
	cJSON *r, *tech;
	const cJSON *t;

	cJSON_Delete(h_expect_ok(h_callf(admin, "user.save", "{\"login\":\"qian.gong\","
	    "\"name\":\"钱工\",\"role\":\"technician\",\"password\":\"qian-gong-1\","
	    "\"region\":\"urban\",\"service_point\":%lld,\"skills\":[\"洗衣机\"],\"create\":true}",
	    point)));
	r = h_expect_ok(h_call(disp, "technician.list", "{\"region\":\"urban\"}"));
	tech = NULL;
	cJSON_ArrayForEach(t, h_member(reply_result(r), "technicians"))
		if (strcmp(h_str(t, "login"), "qian.gong") == 0)
			tech = (cJSON *)t;
	ck_assert_msg(tech != NULL, "%s", h_show(r));
	ck_assert_str_eq(h_str(tech, "service_point"), "朝阳维修站");
	ck_assert_str_eq(cJSON_GetArrayItem(h_member(tech, "skills"), 0)->valuestring, "洗衣机");
	cJSON_Delete(r);
	cJSON_Delete(h_new_ticket(op, "B", "urban", no, sizeof no));
	cJSON_Delete(h_expect_ok(h_callf(disp, "ticket.dispatch",
	    "{\"no\":\"%s\",\"technician\":\"qian.gong\"}", no)));
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM tickets WHERE no = '%s' "
	    "AND technician = 'qian.gong' AND state = 'dispatched'", no), 1);
	conn_close(admin);
	conn_close(op);
	conn_close(disp);
}
END_TEST

START_TEST(test_user_save_refusals)
{
	static const struct { const char *args, *code, *field; } bad[] = {
		{ "{\"login\":\"technician\",\"service_point\":999999}", "invalid_argument", "service_point" },
		{ "{\"login\":\"technician\",\"service_point\":-1}", "invalid_argument", "service_point" },
		{ "{\"login\":\"technician\",\"service_point\":\"1\"}", "invalid_argument", "service_point" },
		{ "{\"login\":\"technician\",\"skills\":\"空调\"}", "invalid_argument", "skills" },
		{ "{\"login\":\"technician\",\"skills\":[\"a\",\"b\",\"c\",\"d\",\"e\",\"f\",\"g\","
		  "\"h\",\"i\",\"j\",\"k\",\"l\",\"m\"]}", "invalid_argument", "skills" },
		{ "{\"login\":\"technician\",\"skills\":[\"空调,冰箱\"]}", "invalid_argument", "skills[0]" },
		{ "{\"login\":\"technician\",\"skills\":[\"空调\",\"冰箱，彩电\"]}", "invalid_argument", "skills[1]" },
		{ "{\"login\":\"technician\",\"skills\":[\"空调\",\"空调\"]}", "invalid_argument", "skills[1]" },
		{ "{\"login\":\"technician\",\"skills\":[\"  \"]}", "invalid_argument", "skills[0]" },
		{ "{\"login\":\"technician\",\"skills\":[5]}", "invalid_argument", "skills[0]" },
		{ "{\"login\":\"technician\",\"skills\":[\"123456789012345678901234567890123\"]}",
		  "invalid_argument", "skills[0]" },
		{ "{\"login\":\"technician\",\"monthly_bonus\":-1}", "invalid_argument", "monthly_bonus" },
		{ "{\"login\":\"technician\",\"monthly_bonus\":12.5}", "invalid_argument", "monthly_bonus" },
		{ "{\"login\":\"technician\",\"monthly_bonus\":100000001}", "invalid_argument", "monthly_bonus" },
		{ "{\"login\":\"technician\",\"name\":\"这个名字太长了这个名字太长了这个名字太长了这个名字太长了"
		  "这个名字太长了这个名字太长了这个名字太长了这个名字太长了这个名字太长了这个名字太长了"
		  "这个名字太长了这个名字太长了这个名字太长了这个名字太长了这个名字太长了\"}",
		  "invalid_argument", "name" },
		/* The admin cannot lock themselves out. */
		{ "{\"login\":\"admin\",\"active\":false}", "invalid_argument", "active" },
		{ "{\"login\":\"admin\",\"role\":\"operator\"}", "invalid_argument", "role" },
	};
	struct conn *admin = h_connect_as(E.d, "admin");

	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		h_expect_error(h_call(admin, "user.save", bad[i].args), bad[i].code, bad[i].field);
	/* Nothing changed; the admin's own login saves what keeps it working. */
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM users WHERE login = 'technician'"
	    " AND service_point_id IS NULL AND skills = '{}' AND monthly_bonus = 0"), 1);
	cJSON_Delete(h_expect_ok(h_call(admin, "user.save", "{\"login\":\"admin\","
	    "\"active\":true,\"role\":\"admin\",\"name\":\"管理员\"}")));
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM audit_log WHERE action = 'user.save'"), 1);
	conn_close(admin);
}
END_TEST

/* --- user.list */

START_TEST(test_user_list)
{
	struct conn *admin = h_connect_as(E.d, "admin"), *mgr = h_connect_as(E.d, "manager");
	long long point = new_point(admin, "丰台维修站", "suburban");
	cJSON *r;
	const cJSON *users, *u;

	h_add_technician(E.db, "tech.b", "urban");
	h_sqlf(E.db, "UPDATE users SET active = false, service_point_id = %lld WHERE login = "
	    "'tech.b'", point);
	r = h_expect_ok(h_call(admin, "user.list", NULL));
	users = h_member(reply_result(r), "users");
	ck_assert_int_eq(cJSON_GetArraySize(users), h_sql_int(E.db, "SELECT count(*) FROM users"));
	ck_assert_msg(strstr(h_show(r), "password") == NULL && strstr(h_show(r), "argon") == NULL,
	    "%s", h_show(r));
	cJSON_Delete(r);

	r = h_expect_ok(h_call(mgr, "user.list", "{\"role\":\"technician\",\"active\":false}"));
	users = h_member(reply_result(r), "users");
	ck_assert_int_eq(cJSON_GetArraySize(users), 1);
	u = cJSON_GetArrayItem(users, 0);
	ck_assert_str_eq(h_str(u, "login"), "tech.b");
	ck_assert_str_eq(h_str(u, "service_point_name"), "丰台维修站");
	cJSON_Delete(r);
	r = h_expect_ok(h_call(admin, "user.list", "{\"role\":\"technician\",\"active\":true}"));
	ck_assert_int_eq(cJSON_GetArraySize(h_member(reply_result(r), "users")), 1);
	cJSON_Delete(r);
	/* q: part of a login or of a name, any case. */
	r = h_expect_ok(h_call(admin, "user.list", "{\"q\":\"TECH.\"}"));
	ck_assert_int_eq(cJSON_GetArraySize(h_member(reply_result(r), "users")), 1);
	cJSON_Delete(r);
	r = h_expect_ok(h_call(admin, "user.list", "{\"q\":\"技术员\"}"));
	ck_assert_int_eq(cJSON_GetArraySize(h_member(reply_result(r), "users")), 1);
	cJSON_Delete(r);
	r = h_expect_ok(h_callf(admin, "user.list", "{\"service_point\":%lld}", point));
	ck_assert_int_eq(cJSON_GetArraySize(h_member(reply_result(r), "users")), 1);
	cJSON_Delete(r);
	h_expect_error(h_call(admin, "user.list", "{\"role\":\"boss\"}"), "invalid_argument", "role");
	h_expect_error(h_call(admin, "user.list", "{\"active\":\"yes\"}"), "invalid_argument", "active");
	h_expect_error(h_call(admin, "user.list", "{\"service_point\":0}"), "invalid_argument",
	    "service_point");
	h_expect_error(h_call(admin, "user.list", "{\"q\":7}"), "invalid_argument", "q");
	conn_close(admin);
	conn_close(mgr);
}
END_TEST

/* --- service points */

START_TEST(test_service_point_save)
{
	struct conn *admin = h_connect_as(E.d, "admin"), *disp = h_connect_as(E.d, "dispatcher");
	cJSON *r = h_expect_ok(h_call(admin, "service_point.save", "{\"name\":\"通州特约站\","
	    "\"kind\":\"outsourced\",\"region\":\"county\",\"address\":\"通州区新华大街8号\","
	    "\"head\":\"孙经理\",\"phone\":\"+86 138-0013 8000\"}"));
	const cJSON *p = h_member(reply_result(r), "service_point");
	long long id = h_int_member(p, "id");

	ck_assert(cJSON_IsTrue(h_member(reply_result(r), "created")));
	ck_assert_str_eq(h_str(p, "kind"), "outsourced");
	ck_assert_str_eq(h_str(p, "phone"), "13800138000");
	ck_assert_str_eq(h_str(p, "region"), "county");
	ck_assert_int_eq(h_int_member(p, "staff"), 0);
	cJSON_Delete(r);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM service_points WHERE id = %lld "
	    "AND NOT own AND head = '孙经理'", id), 1);

	/* An update: only what is given; audited with before and after. */
	r = h_expect_ok(h_callf(admin, "service_point.save", "{\"id\":%lld,\"kind\":\"own\","
	    "\"head\":\"周站长\"}", id));
	p = h_member(reply_result(r), "service_point");
	ck_assert(cJSON_IsFalse(h_member(reply_result(r), "created")));
	ck_assert_str_eq(h_str(p, "kind"), "own");
	ck_assert_str_eq(h_str(p, "name"), "通州特约站");
	cJSON_Delete(r);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM audit_log WHERE action = "
	    "'service_point.save' AND actor = 'admin' AND object = 'service_point:%lld' AND "
	    "details->'before'->>'head' = '孙经理' AND details->'after'->>'head' = '周站长' AND "
	    "details->'after'->>'kind' = 'own'", id), 1);

	/* The dispatcher lists them, by region too. */
	r = h_expect_ok(h_call(disp, "service_point.list", "{\"region\":\"county\"}"));
	ck_assert_int_eq(cJSON_GetArraySize(h_member(reply_result(r), "service_points")), 1);
	cJSON_Delete(r);
	r = h_expect_ok(h_call(disp, "service_point.list", "{\"region\":\"urban\"}"));
	ck_assert_int_eq(cJSON_GetArraySize(h_member(reply_result(r), "service_points")), 0);
	cJSON_Delete(r);
	conn_close(admin);
	conn_close(disp);
}
END_TEST

START_TEST(test_service_point_refusals)
{
	static const struct { const char *args, *code, *field; } bad[] = {
		{ "{\"kind\":\"own\",\"region\":\"urban\"}", "invalid_argument", "name" },
		{ "{\"name\":\"  \",\"region\":\"urban\"}", "invalid_argument", "name" },
		{ "{\"name\":\"新站\"}", "invalid_argument", "region" },
		{ "{\"name\":\"新站\",\"region\":\"mars\"}", "invalid_argument", "region" },
		{ "{\"name\":\"新站\",\"region\":\"urban\",\"kind\":\"franchise\"}", "invalid_argument", "kind" },
		{ "{\"name\":\"新站\",\"region\":\"urban\",\"phone\":\"abc\"}", "invalid_argument", "phone" },
		{ "{\"name\":\"新站\",\"region\":\"urban\",\"phone\":\"123\"}", "invalid_argument", "phone" },
		{ "{\"name\":\"新站\",\"region\":\"urban\",\"head\":\"12345678901234567890123456789012"
		  "345678901234567890123456789012345\"}", "invalid_argument", "head" },
		{ "{\"name\":\"新站\",\"region\":\"urban\",\"address\":7}", "invalid_argument", "address" },
		{ "{\"id\":0,\"name\":\"新站\",\"region\":\"urban\"}", "invalid_argument", "id" },
		{ "{\"id\":999999,\"name\":\"新站\"}", "not_found", "id" },
		{ "{\"name\":\"西城维修站\",\"region\":\"urban\"}", "conflict", "name" },
		{ "{\"name\":\"西城维修站\",\"region\":\"urban\"}", "conflict", "name" },
	};
	struct conn *admin = h_connect_as(E.d, "admin");
	long long id;

	new_point(admin, "西城维修站", "urban");
	id = new_point(admin, "东城维修站", "urban");
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		h_expect_error(h_call(admin, "service_point.save", bad[i].args), bad[i].code,
		    bad[i].field);
	/* Renaming onto another point's name, in any case of its letters. */
	h_expect_error(h_callf(admin, "service_point.save", "{\"id\":%lld,\"name\":\"西城维修站\"}",
	    id), "conflict", "name");
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM service_points"), 2);
	conn_close(admin);
}
END_TEST

/* Each new op as each role: allowed, or forbidden before any handler. */
START_TEST(test_people_roles)
{
	static const char *const roles[] = { "operator", "dispatcher", "technician", "quality",
		"manager", "admin" };
	static const struct { const char *op, *args, *allowed; } ops[] = {
		{ "user.list", "{}", "manager admin" },
		{ "user.save", "{\"login\":\"nobody.x\",\"monthly_bonus\":-1}", "admin" },
		{ "service_point.list", "{}", "dispatcher manager admin" },
		{ "service_point.save", "{\"name\":\"  \"}", "admin" },
	};

	for (size_t r = 0; r < sizeof roles / sizeof *roles; r++) {
		struct conn *c = h_connect_as(E.d, roles[r]);
		for (size_t i = 0; i < sizeof ops / sizeof *ops; i++) {
			cJSON *reply = h_call(c, ops[i].op, ops[i].args);
			bool allowed = strstr(ops[i].allowed, roles[r]) != NULL;
			const char *code = reply_ok(reply) ? "ok" : reply_code(reply);

			ck_assert_msg(allowed ? strcmp(code, "forbidden") != 0 :
			    strcmp(code, "forbidden") == 0, "%s as %s: %s", ops[i].op, roles[r],
			    h_show(reply));
			cJSON_Delete(reply);
		}
		conn_close(c);
	}
}
END_TEST

/* --- sessions ended by a change to the user */

/* c, logged in, is told its session ended (reason) and is then without one. */
static void
expect_ended(struct conn *c, const char *reason)
{
	cJSON *p = conn_wait_push(c, "session.ended", H_WAIT_MS);

	ck_assert_msg(p != NULL, "no session.ended push");
	ck_assert_str_eq(h_str(h_member(p, "data"), "reason"), reason);
	cJSON_Delete(p);
	h_expect_error(h_call(c, "ticket.list", "{\"queue\":\"all\"}"), "unauthenticated", "");
}

START_TEST(test_deactivated_logged_out)
{
	struct conn *admin = h_connect_as(E.d, "admin");
	struct conn *tech = h_connect_as(E.d, "technician"), *other = h_connect_as(E.d, "operator");

	cJSON_Delete(h_expect_ok(h_call(tech, "ticket.list", "{\"queue\":\"mine\"}")));
	cJSON_Delete(h_expect_ok(h_call(admin, "user.save",
	    "{\"login\":\"technician\",\"active\":false}")));
	expect_ended(tech, "deactivated");
	/* A login fails now; another user's session goes on. */
	h_expect_error(h_call(tech, "session.login", "{\"user\":\"technician\","
	    "\"password\":\"demo1234\"}"), "unauthenticated", NULL);
	h_expect_silence(other);
	cJSON_Delete(h_expect_ok(h_call(other, "ticket.list", "{\"queue\":\"new\"}")));
	/* Saving an inactive user again ends nothing more. */
	cJSON_Delete(h_expect_ok(h_call(admin, "user.save",
	    "{\"login\":\"technician\",\"name\":\"王力\"}")));
	h_expect_silence(tech);
	conn_close(admin);
	conn_close(tech);
	conn_close(other);
}
END_TEST

START_TEST(test_role_change_ends_session)
{
	struct conn *admin = h_connect_as(E.d, "admin"), *q = h_connect_as(E.d, "quality");
	cJSON *r;

	cJSON_Delete(h_expect_ok(h_call(admin, "user.save",
	    "{\"login\":\"quality\",\"role\":\"manager\"}")));
	expect_ended(q, "role_changed");
	/* A new login has the new role and stays. */
	r = h_expect_ok(h_call(q, "session.login", "{\"user\":\"quality\",\"password\":\"demo1234\"}"));
	ck_assert_str_eq(h_str(reply_result(r), "role"), "manager");
	cJSON_Delete(r);
	h_expect_silence(q);
	cJSON_Delete(h_expect_ok(h_call(q, "user.list", "{}")));
	/* The same role again is no change. */
	cJSON_Delete(h_expect_ok(h_call(admin, "user.save",
	    "{\"login\":\"quality\",\"role\":\"manager\"}")));
	h_expect_silence(q);
	conn_close(admin);
	conn_close(q);
}
END_TEST

START_TEST(test_deactivated_on_other_daemon)
{
	struct h_daemon *d2 = h_daemon_start(E.db, NULL);
	struct conn *admin = h_connect_as(E.d, "admin"), *tech = h_connect_as(d2, "technician");

	h_wait_listeners(E.db, 2);
	cJSON_Delete(h_expect_ok(h_call(admin, "user.save",
	    "{\"login\":\"technician\",\"active\":false}")));
	expect_ended(tech, "deactivated");
	conn_close(admin);
	conn_close(tech);
	h_daemon_stop(d2);
}
END_TEST

/* A user deactivated straight in the database (no announcement) while the
 * daemon's LISTEN connection is lost: back, it checks its sessions. */
START_TEST(test_recheck_after_listen_lost)
{
	struct conn *tech = h_connect_as(E.d, "technician"), *op = h_connect_as(E.d, "operator");

	h_wait_listeners(E.db, 1);
	h_sql(E.db, "UPDATE users SET active = false WHERE login = 'technician'");
	h_sql(E.db, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
	    " WHERE application_name = 'svcdeskd-listen' AND datname = current_database()");
	expect_ended(tech, "deactivated");
	cJSON_Delete(h_expect_ok(h_call(op, "ticket.list", "{\"queue\":\"new\"}")));
	conn_close(tech);
	conn_close(op);
}
END_TEST

/* A transaction of the test's own holding the lock `sql` takes, until
 * release(). */
static PGconn *
hold(const char *sql)
{
	PGconn *pg = h_pg_connect(E.db);

	h_pg_exec(pg, "BEGIN");
	h_pg_exec(pg, "%s", sql);
	return pg;
}

static void
release(PGconn *pg)
{
	h_pg_exec(pg, "COMMIT");
	PQfinish(pg);
}

/* hold(), but the lock is asked for without waiting for it: the test goes on
 * while it queues (and makes later askers queue behind it). release_queued()
 * waits for it to be granted, then ends the transaction. */
static PGconn *
hold_queued(const char *sql)
{
	PGconn *pg = h_pg_connect(E.db);

	h_pg_exec(pg, "BEGIN");
	ck_assert_msg(PQsendQuery(pg, sql) == 1, "%s: %s", sql, PQerrorMessage(pg));
	return pg;
}

static void
release_queued(PGconn *pg)
{
	PGresult *res;

	while ((res = PQgetResult(pg)) != NULL) {
		ck_assert_msg(PQresultStatus(res) == PGRES_COMMAND_OK, "%s", PQerrorMessage(pg));
		PQclear(res);
	}
	release(pg);
}

/* Waits until one of the daemon's pool sessions, running a statement whose
 * text has `says` in it, waits for a lock on table (the sweeper's statements
 * wait on the same tables, and must not be taken for it). */
static void
wait_for_lock(const char *table, const char *says)
{
	for (int i = 0; i < H_WAIT_MS / 20; i++) {
		if (h_sql_int(E.db, "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a"
		    " USING (pid) WHERE NOT l.granted AND l.relation = '%s'::regclass"
		    " AND a.application_name = 'svcdeskd' AND strpos(a.query, '%s') > 0",
		    table, says) > 0)
			return;
		h_sleep_ms(20);
	}
	ck_abort_msg("no daemon session waits for %s in a statement with %s", table, says);
}

/* The check of the sessions after the LISTEN connection is back asks about
 * the users logged in when it is sent. A login that completes while the
 * question is out (its audit row held back by a lock, then the check held
 * back by another) was not asked about and stays: it was ended as
 * "deactivated" (found by the crash test, tests/chaos, after PostgreSQL
 * restarts). The login's statement reads users too (the resume token), and
 * holds that table while it waits for audit_log: the lock on users is queued
 * behind it, not waited for, and the check queues behind that. */
START_TEST(test_recheck_spares_new_session)
{
	struct conn *op = h_connect_as(E.d, "operator"), *tech = h_connect(E.d);
	PGconn *audit, *users;
	cJSON *r;

	h_wait_listeners(E.db, 1);
	audit = hold("LOCK TABLE audit_log IN SHARE MODE");
	ck_assert(conn_send(tech, "session.login",
	    cJSON_Parse("{\"user\":\"technician\",\"password\":\"demo1234\"}")) > 0);
	/* the password checked, the session not yet open */
	wait_for_lock("audit_log", "session.login");
	users = hold_queued("LOCK TABLE users IN ACCESS EXCLUSIVE MODE");
	h_sql(E.db, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
	    " WHERE application_name = 'svcdeskd-listen' AND datname = current_database()");
	/* the check sent, asking about the operator only */
	wait_for_lock("users", "jsonb_array_elements_text");
	release(audit);
	r = conn_wait(tech, H_WAIT_MS);   /* the login's answer: the session is open */
	ck_assert_msg(r != NULL && reply_ok(r), "login: %s", h_show(r));
	cJSON_Delete(r);
	release_queued(users);            /* the check's answer */
	h_expect_silence(tech);
	cJSON_Delete(h_expect_ok(h_call(tech, "ticket.list", "{\"queue\":\"mine\"}")));
	cJSON_Delete(h_expect_ok(h_call(op, "ticket.list", "{\"queue\":\"new\"}")));
	conn_close(tech);
	conn_close(op);
}
END_TEST

Suite *
people_suite(void)
{
	Suite *s = suite_create("people");
	TCase *users = tcase_create("users");
	TCase *points = tcase_create("service_points");
	TCase *sessions = tcase_create("sessions");

	tcase_set_timeout(users, H_TEST_TIMEOUT);
	tcase_add_checked_fixture(users, setup, teardown);
	tcase_add_test(users, test_user_work_fields);
	tcase_add_test(users, test_onboard_then_dispatch);
	tcase_add_test(users, test_user_save_refusals);
	tcase_add_test(users, test_user_list);
	tcase_add_test(users, test_people_roles);
	suite_add_tcase(s, users);

	tcase_set_timeout(points, H_TEST_TIMEOUT);
	tcase_add_checked_fixture(points, setup, teardown);
	tcase_add_test(points, test_service_point_save);
	tcase_add_test(points, test_service_point_refusals);
	suite_add_tcase(s, points);

	tcase_set_timeout(sessions, H_TEST_TIMEOUT);
	tcase_add_checked_fixture(sessions, setup_patient, teardown);
	tcase_add_test(sessions, test_deactivated_logged_out);
	tcase_add_test(sessions, test_role_change_ends_session);
	tcase_add_test(sessions, test_deactivated_on_other_daemon);
	tcase_add_test(sessions, test_recheck_after_listen_lost);
	tcase_add_test(sessions, test_recheck_spares_new_session);
	suite_add_tcase(s, sessions);
	return s;
}
