/*
 * test_departments.c: the departments a complaint passes through (issue 13;
 * doc/domain.md, Roles, Complaint stages, Complaint replies and rounds):
 *   - the `department` role's boundaries: no ticket, search or note; a
 *     complaint only once it passed through their department (complaint.get
 *     refused before, every complaint.list queue held to them), its customer
 *     without phones; a finding only at their own current stage;
 *   - reminders addressed to the stage's department and its head only (two
 *     departments' users logged in: one hears it);
 *   - a stage finished late charged overdue_penalty_per_day per working day
 *     (the daemon's calendar) to the department's head, on the complaint and
 *     in penalty.list; no head, nobody charged;
 *   - the third round (after the second rejection) an individual case:
 *     flagged, in the managers' `individual` queue, with every round in
 *     complaint.get;
 *   - department.list (members and head, for the shares picked from lists)
 *     and department.save (admin, audited, refusals on their fields).
 * The demo users `production` and `warehouse` (scripts/demo-users) are the
 * department role's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/integration/harness.h"
#include "tests/integration/suites.h"

H_ENV_FIXTURE(E)
#define TODAY "(now() AT TIME ZONE 'Asia/Shanghai')::date"

/* The sweeper every second, for the reminders. */
static void
setup_sweeping(void)
{
	static const char *const sweep_fast[] = { "--sweep-interval", "1", NULL };

	h_env_start(&E, sweep_fast);
}

static void
classify(struct conn *q, const char *no, const char *category)
{
	cJSON_Delete(h_expect_ok(h_callf(q, "complaint.classify", "{\"no\":\"%s\","
	    "\"severity\":\"serious\",\"category\":\"%s\"}", no, category)));
}

static cJSON *
advance(struct conn *c, const char *no)
{
	return h_callf(c, "complaint.advance", "{\"no\":\"%s\",\"finding\":\"查明原因\"}", no);
}

/* A product complaint brought to its third stage (production) by quality. */
static void
at_production(struct conn *op, struct conn *q, char *no, size_t size)
{
	h_new_complaint(op, no, size);
	classify(q, no, "product");
	cJSON_Delete(h_expect_ok(advance(q, no)));   /* gm_office */
	cJSON_Delete(h_expect_ok(advance(q, no)));   /* quality */
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM complaints WHERE no = '%s' "
	    "AND stage = 'production'", no), 1);
}

/* The numbers of a complaint.list queue as c sees it, space-separated. */
static void
queue_nos(struct conn *c, const char *queue, char *buf, size_t size)
{
	cJSON *r = h_expect_ok(h_callf(c, "complaint.list", "{\"queue\":\"%s\"}", queue));
	const cJSON *x;
	size_t n = 0;

	buf[0] = '\0';
	cJSON_ArrayForEach(x, h_member(reply_result(r), "complaints"))
		n += (size_t)snprintf(buf + n, size - n, "%s%s", n ? " " : "", h_str(x, "no"));
	cJSON_Delete(r);
}

/* A department's user reads no ticket and searches no customer; they read a
 * complaint once it passed through their department, never the customer's
 * phones, and record the finding of their own current stage only. */
START_TEST(test_role_boundaries)
{
	struct conn *op = h_connect_as(E.d, "operator");
	struct conn *q = h_connect_as(E.d, "quality");
	struct conn *prod = h_connect_as(E.d, "production");
	struct conn *wh = h_connect_as(E.d, "warehouse");
	char a[32], b[32], nos[256];
	cJSON *r;

	h_insert_ticket(E.db, "B261201001", "new", "urban", NULL);
	h_expect_error(h_call(prod, "ticket.get", "{\"no\":\"B261201001\"}"), "forbidden", "");
	h_expect_error(h_call(prod, "ticket.list", "{\"queue\":\"unassigned\"}"), "forbidden", "");
	h_expect_error(h_call(prod, "search", "{\"q\":\"13800000000\"}"), "forbidden", "");
	h_expect_error(h_call(prod, "ticket.note", "{\"no\":\"B261201001\",\"text\":\"x\"}"),
	    "forbidden", "");
	h_expect_error(h_call(prod, "customer.find", "{\"phone\":\"13800000000\"}"),
	    "forbidden", "");
	h_expect_error(h_call(prod, "department.list", "{}"), "forbidden", "");

	/* a: product, at gm_office; b: packaging, at warehouse. */
	h_new_complaint(op, a, sizeof a);
	classify(q, a, "product");
	h_new_complaint(op, b, sizeof b);
	classify(q, b, "packaging");
	h_expect_error(h_callf(prod, "complaint.get", "{\"no\":\"%s\"}", a), "forbidden", "no");
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM audit_log WHERE actor = "
	    "'production' AND action = 'complaint.get'"), 0);
	queue_nos(prod, "open", nos, sizeof nos);
	ck_assert_str_eq(nos, "");
	queue_nos(wh, "open", nos, sizeof nos);
	ck_assert_str_eq(nos, b);
	queue_nos(wh, "mine", nos, sizeof nos);
	ck_assert_str_eq(nos, b);
	h_expect_error(advance(prod, a), "forbidden", "no");
	h_expect_error(advance(prod, b), "forbidden", "no");
	h_expect_error(h_callf(prod, "complaint.get", "{\"no\":\"%s\"}", b), "forbidden", "no");

	/* At production's stage: read (audited), no phones; theirs to advance. */
	cJSON_Delete(h_expect_ok(advance(q, a)));
	cJSON_Delete(h_expect_ok(advance(q, a)));
	r = h_expect_ok(h_callf(prod, "complaint.get", "{\"no\":\"%s\"}", a));
	ck_assert_str_eq(h_str(h_member(reply_result(r), "stage"), "department"), "production");
	ck_assert(h_str(h_member(reply_result(r), "customer"), "name")[0] != '\0');
	ck_assert_ptr_null(h_member(h_member(reply_result(r), "customer"), "phones"));
	ck_assert_ptr_null(h_member(h_member(reply_result(r), "customer"), "address"));
	cJSON_Delete(r);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM audit_log WHERE actor = "
	    "'production' AND action = 'complaint.get' AND object = 'complaint:%s'", a), 1);
	r = h_expect_ok(h_call(prod, "complaint.list", "{\"queue\":\"mine\"}"));
	ck_assert_int_eq(cJSON_GetArraySize(h_member(reply_result(r), "complaints")), 1);
	ck_assert_ptr_null(h_member(h_member(cJSON_GetArrayItem(h_member(reply_result(r),
	    "complaints"), 0), "customer"), "phones"));
	cJSON_Delete(r);
	/* Quality still reads the whole customer. */
	r = h_expect_ok(h_callf(q, "complaint.get", "{\"no\":\"%s\"}", a));
	ck_assert(cJSON_IsArray(h_member(h_member(reply_result(r), "customer"), "phones")));
	cJSON_Delete(r);
	r = h_expect_ok(advance(prod, a));
	ck_assert_str_eq(h_str(h_member(reply_result(r), "stage"), "department"), "rnd");
	cJSON_Delete(r);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM complaint_stages WHERE "
	    "complaint_no = '%s' AND department = 'production' AND by_user = 'production'", a), 1);

	/* Passed: still theirs to read, no longer to advance; in `passed`. */
	h_expect_error(advance(prod, a), "forbidden", "no");
	cJSON_Delete(h_expect_ok(h_callf(prod, "complaint.get", "{\"no\":\"%s\"}", a)));
	queue_nos(prod, "mine", nos, sizeof nos);
	ck_assert_str_eq(nos, "");
	queue_nos(prod, "passed", nos, sizeof nos);
	ck_assert_str_eq(nos, a);
	queue_nos(prod, "open", nos, sizeof nos);
	ck_assert_str_eq(nos, a);
	queue_nos(wh, "passed", nos, sizeof nos);
	ck_assert_str_eq(nos, "");
	/* the session's department, for the client's board */
	struct conn *fresh = h_connect(E.d);
	r = h_expect_ok(h_call(fresh, "session.login",
	    "{\"user\":\"production\",\"password\":\"" H_PASSWORD "\"}"));
	ck_assert_str_eq(h_str(reply_result(r), "role"), "department");
	ck_assert_str_eq(h_str(reply_result(r), "department"), "production");
	cJSON_Delete(r);
	conn_close(fresh);
	conn_close(wh);
	conn_close(prod);
	conn_close(q);
	conn_close(op);
}
END_TEST

/* A department user must name their department: user.save says so on the
 * field, the table holds it. */
START_TEST(test_department_user_needs_department)
{
	struct conn *admin = h_connect_as(E.d, "admin");

	h_expect_error(h_call(admin, "user.save", "{\"login\":\"new.dept\",\"name\":\"新人\","
	    "\"role\":\"department\",\"password\":\"long-enough\",\"create\":true}"),
	    "invalid_argument", "department");
	cJSON_Delete(h_expect_ok(h_call(admin, "user.save", "{\"login\":\"new.dept\","
	    "\"name\":\"新人\",\"role\":\"department\",\"department\":\"rnd\","
	    "\"password\":\"long-enough\",\"create\":true}")));
	conn_close(admin);
	PGconn *pg = h_pg_connect(E.db);
	PGresult *res = PQexec(pg, "INSERT INTO users (login, name, role, password_hash) "
	    "VALUES ('nodept', 'x', 'department', 'x')");

	ck_assert_int_eq(PQresultStatus(res), PGRES_FATAL_ERROR);
	ck_assert_str_eq(PQresultErrorField(res, PG_DIAG_CONSTRAINT_NAME), "users_department_named");
	PQclear(res);
	PQfinish(pg);
}
END_TEST

/* The reminder of production's overdue stage reaches production's users and
 * its head (manager), not warehouse's users, nor quality. */
START_TEST(test_reminder_to_owner_and_head)
{
	struct conn *op = h_connect_as(E.d, "operator");
	struct conn *q = h_connect_as(E.d, "quality");
	struct conn *admin = h_connect_as(E.d, "admin");
	struct conn *prod = h_connect_as(E.d, "production");
	struct conn *wh = h_connect_as(E.d, "warehouse");
	struct conn *mgr = h_connect_as(E.d, "manager");
	char no[32];
	cJSON *p;

	cJSON_Delete(h_expect_ok(h_call(admin, "department.save",
	    "{\"code\":\"production\",\"head\":\"manager\"}")));
	at_production(op, q, no, sizeof no);
	h_subscribe(prod, "[\"complaints\",\"tickets\"]");
	h_subscribe(wh, "[\"complaints\"]");
	h_subscribe(mgr, "[\"complaints\"]");
	h_subscribe(q, "[\"complaints\"]");
	h_sql(E.db, "INSERT INTO calendar_days (day, working) VALUES (" TODAY ", true)");
	h_sqlf(E.db, "UPDATE complaint_stages SET due = now() - interval '1 hour' "
	    "WHERE complaint_no = '%s' AND department = 'production'", no);
	p = conn_wait_push(prod, "complaint.reminder", H_WAIT_MS);
	ck_assert_msg(p != NULL, "production heard no reminder");
	ck_assert_str_eq(h_str(h_member(p, "data"), "no"), no);
	ck_assert_str_eq(h_str(h_member(p, "data"), "department"), "production");
	cJSON_Delete(p);
	p = conn_wait_push(mgr, "complaint.reminder", H_WAIT_MS);
	ck_assert_msg(p != NULL, "the head heard no reminder");
	cJSON_Delete(p);
	p = conn_wait_push(wh, "complaint.reminder", 2000);
	ck_assert_msg(p == NULL, "warehouse heard production's reminder: %s", h_show(p));
	p = conn_wait_push(q, "complaint.reminder", 500);
	ck_assert_msg(p == NULL, "quality heard production's reminder: %s", h_show(p));
	/* the event names both */
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM complaint_events WHERE "
	    "complaint_no = '%s' AND kind = 'reminder' AND details->'to' = "
	    "'[\"manager\", \"production\"]'::jsonb", no), 1);
	/* of the change (the stage marked overdue) only which complaint and
	 * where it is, so their board reads it again: no customer, no text */
	p = conn_wait_push(prod, "complaint.changed", H_WAIT_MS);
	ck_assert_msg(p != NULL, "production heard no complaint.changed");
	ck_assert_str_eq(h_str(h_member(p, "data"), "no"), no);
	ck_assert_str_eq(h_str(h_member(h_member(p, "data"), "stage"), "department"), "production");
	ck_assert_msg(h_member(p, "data")->child != NULL &&
	    cJSON_GetObjectItemCaseSensitive(h_member(p, "data"), "customer") == NULL &&
	    cJSON_GetObjectItemCaseSensitive(h_member(p, "data"), "text") == NULL &&
	    cJSON_GetArraySize(h_member(p, "data")) <= 4,
	    "a department user heard more than where the complaint is: %s", h_show(p));
	cJSON_Delete(p);
	/* nor of tickets */
	cJSON_Delete(h_new_ticket(op, "B", "urban", no, sizeof no));
	p = conn_wait_push(prod, "ticket.changed", 1000);
	ck_assert_msg(p == NULL, "a department user heard ticket.changed: %s", h_show(p));
	conn_close(mgr);
	conn_close(wh);
	conn_close(prod);
	conn_close(admin);
	conn_close(q);
	conn_close(op);
}
END_TEST

/* Every day a working day from 00:00 to 24:00 (calendar.set): due two days
 * ago, done now, is three working days late (that day, yesterday, today)
 * whenever the test runs. */
static void
every_hour_working(struct conn *admin)
{
	char week[512];
	size_t n = 0;

	n += (size_t)snprintf(week + n, sizeof week - n, "{\"working_hours\":[");
	for (int d = 1; d <= 7; d++)
		n += (size_t)snprintf(week + n, sizeof week - n, "%s{\"weekday\":%d,"
		    "\"opens\":\"00:00\",\"closes\":\"24:00\"}", d > 1 ? "," : "", d);
	snprintf(week + n, sizeof week - n, "]}");
	cJSON_Delete(h_expect_ok(h_call(admin, "calendar.set", week)));
}

/* A late stage: overdue_penalty_per_day (5000 fen) per working day against
 * the head, on the complaint and in penalty.list; on time, nothing; no head,
 * nobody charged. */
START_TEST(test_late_stage_penalty)
{
	struct conn *op = h_connect_as(E.d, "operator");
	struct conn *q = h_connect_as(E.d, "quality");
	struct conn *admin = h_connect_as(E.d, "admin");
	struct conn *prod = h_connect_as(E.d, "production");
	struct conn *wh = h_connect_as(E.d, "warehouse");
	char no[32], other[32];
	const cJSON *stages, *s, *pen;
	cJSON *r;

	every_hour_working(admin);
	h_sql(E.db, "UPDATE users SET monthly_bonus = 100000 WHERE login = 'manager'");
	cJSON_Delete(h_expect_ok(h_call(admin, "department.save",
	    "{\"code\":\"production\",\"head\":\"manager\"}")));
	at_production(op, q, no, sizeof no);
	h_sqlf(E.db, "UPDATE complaint_stages SET started_at = now() - interval '3 days', "
	    "due = now() - interval '2 days' WHERE complaint_no = '%s' "
	    "AND department = 'production'", no);
	cJSON_Delete(h_expect_ok(advance(prod, no)));
	r = h_expect_ok(h_callf(q, "complaint.get", "{\"no\":\"%s\"}", no));
	stages = h_member(reply_result(r), "stages");
	s = cJSON_GetArrayItem(stages, 0);   /* on time: nothing */
	ck_assert(h_is_null(s, "penalty"));
	ck_assert(h_is_null(s, "late_days"));
	s = cJSON_GetArrayItem(stages, 2);
	ck_assert_str_eq(h_str(s, "department"), "production");
	ck_assert(cJSON_IsTrue(h_member(s, "late")));
	ck_assert_int_eq(h_int_member(s, "late_days"), 3);
	pen = h_member(s, "penalty");
	ck_assert_str_eq(h_str(pen, "user"), "manager");
	ck_assert_int_eq(h_int_member(pen, "amount"), 3 * 5000);
	cJSON_Delete(r);
	/* the advance event names the head; the deductions count it */
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM complaint_events WHERE "
	    "complaint_no = '%s' AND kind = 'advance' AND details->'penalized' = "
	    "'[\"manager\"]'::jsonb AND (details->>'penalty')::int = 15000", no), 1);
	r = h_expect_ok(h_call(q, "penalty.list", "{\"user\":\"manager\"}"));
	ck_assert_int_eq(cJSON_GetArraySize(h_member(reply_result(r), "months")), 1);
	s = cJSON_GetArrayItem(h_member(reply_result(r), "months"), 0);
	ck_assert_int_eq(h_int_member(s, "charged"), 15000);
	ck_assert_int_eq(h_int_member(s, "deducted"), 15000);
	s = cJSON_GetArrayItem(h_member(reply_result(r), "penalties"), 0);
	ck_assert_str_eq(h_str(s, "kind"), "late_stage");
	ck_assert_str_eq(h_str(s, "complaint_no"), no);
	ck_assert_int_eq(h_int_member(s, "amount"), 15000);
	ck_assert_int_eq(h_int_member(s, "late_days"), 3);
	cJSON_Delete(r);

	/* warehouse has no head: the stage carries the amount, nobody is charged. */
	h_new_complaint(op, other, sizeof other);
	classify(q, other, "packaging");
	h_sqlf(E.db, "UPDATE complaint_stages SET due = now() - interval '1 hour' "
	    "WHERE complaint_no = '%s'", other);
	cJSON_Delete(h_expect_ok(advance(wh, other)));
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM complaint_stages WHERE "
	    "complaint_no = '%s' AND late_days >= 1 AND penalty_fen = late_days * 5000 "
	    "AND penalty_login IS NULL", other), 1);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM penalty_deductions"), 1);
	conn_close(wh);
	conn_close(prod);
	conn_close(admin);
	conn_close(q);
	conn_close(op);
}
END_TEST

/* The customer's answer to complaint no's approved reply (rejected: the next
 * round's number into next). */
static void
reject(struct conn *q, struct conn *mgr, const char *no, const char *text, char *next,
    size_t size)
{
	cJSON *r;

	cJSON_Delete(h_expect_ok(h_callf(mgr, "complaint.approve", "{\"no\":\"%s\"}", no)));
	r = h_expect_ok(h_callf(q, "complaint.reply", "{\"no\":\"%s\",\"text\":\"%s\","
	    "\"accepted\":false}", no, text));
	snprintf(next, size, "%s", h_str(reply_result(r), "next_no"));
	cJSON_Delete(r);
}

/* Rejected twice: the third round is an individual case, flagged, in the
 * managers' queue, with every round and its answer in complaint.get. */
START_TEST(test_individual_case)
{
	struct conn *op = h_connect_as(E.d, "operator");
	struct conn *q = h_connect_as(E.d, "quality");
	struct conn *mgr = h_connect_as(E.d, "manager");
	char first[32], second[32], third[32], nos[256];
	const cJSON *rounds;
	cJSON *r;

	h_proposed_complaint(op, q, NULL, "道歉", first, sizeof first);
	reject(q, mgr, first, "不满意", second, sizeof second);
	r = h_expect_ok(h_callf(q, "complaint.get", "{\"no\":\"%s\"}", second));
	ck_assert(cJSON_IsFalse(h_member(reply_result(r), "individual")));
	cJSON_Delete(r);
	queue_nos(mgr, "individual", nos, sizeof nos);
	ck_assert_str_eq(nos, "");
	classify(q, second, "other");
	cJSON_Delete(h_expect_ok(h_callf(q, "complaint.advance", "{\"no\":\"%s\","
	    "\"finding\":\"属实\",\"proposal\":\"赔偿\"}", second)));
	reject(q, mgr, second, "还是不满意", third, sizeof third);

	r = h_expect_ok(h_callf(mgr, "complaint.get", "{\"no\":\"%s\"}", third));
	ck_assert(cJSON_IsTrue(h_member(reply_result(r), "individual")));
	ck_assert_int_eq(h_int_member(reply_result(r), "round"), 3);
	rounds = h_member(reply_result(r), "rounds");
	ck_assert_int_eq(cJSON_GetArraySize(rounds), 3);
	ck_assert_str_eq(h_str(cJSON_GetArrayItem(rounds, 0), "no"), first);
	ck_assert_str_eq(h_str(cJSON_GetArrayItem(rounds, 0), "reply"), "不满意");
	ck_assert(cJSON_IsFalse(h_member(cJSON_GetArrayItem(rounds, 0), "accepted")));
	ck_assert_str_eq(h_str(cJSON_GetArrayItem(rounds, 1), "reply"), "还是不满意");
	ck_assert_str_eq(h_str(cJSON_GetArrayItem(rounds, 1), "close_reason"), "rejected");
	ck_assert_str_eq(h_str(cJSON_GetArrayItem(rounds, 2), "no"), third);
	ck_assert_str_eq(h_str(cJSON_GetArrayItem(rounds, 2), "state"), "received");
	cJSON_Delete(r);
	/* the first round's history is the same */
	r = h_expect_ok(h_callf(q, "complaint.get", "{\"no\":\"%s\"}", first));
	ck_assert_int_eq(cJSON_GetArraySize(h_member(reply_result(r), "rounds")), 3);
	cJSON_Delete(r);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM complaint_events WHERE "
	    "complaint_no = '%s' AND kind = 'register' AND details->>'individual' = 'true'",
	    third), 1);
	queue_nos(mgr, "individual", nos, sizeof nos);
	ck_assert_str_eq(nos, third);
	/* closed, it leaves the queue */
	cJSON_Delete(h_expect_ok(h_callf(q, "complaint.close", "{\"no\":\"%s\","
	    "\"reason\":\"个案处理完毕\"}", third)));
	queue_nos(mgr, "individual", nos, sizeof nos);
	ck_assert_str_eq(nos, "");
	conn_close(mgr);
	conn_close(q);
	conn_close(op);
}
END_TEST

/* department.list: every department, its head and active members; the
 * shares quality attributes are picked from it. */
START_TEST(test_department_list_and_save)
{
	struct conn *op = h_connect_as(E.d, "operator");
	struct conn *q = h_connect_as(E.d, "quality");
	struct conn *admin = h_connect_as(E.d, "admin");
	struct conn *mgr = h_connect_as(E.d, "manager");
	const cJSON *d, *production = NULL, *member;
	const char *login = NULL;
	char no[32];
	cJSON *r;

	h_expect_error(h_call(q, "department.save", "{\"code\":\"production\",\"head\":null}"),
	    "forbidden", "");
	h_expect_error(h_call(admin, "department.save", "{\"code\":\"production\"}"),
	    "invalid_argument", "head");
	h_expect_error(h_call(admin, "department.save", "{\"code\":\"production\","
	    "\"head\":\"nobody\"}"), "invalid_argument", "head");
	h_expect_error(h_call(admin, "department.save", "{\"code\":\"production\","
	    "\"head\":\"NOT A LOGIN\"}"), "invalid_argument", "head");
	h_expect_error(h_call(admin, "department.save", "{\"code\":\"nowhere\","
	    "\"head\":null}"), "not_found", "code");
	h_expect_error(h_call(admin, "department.save", "{\"head\":null}"),
	    "invalid_argument", "code");
	r = h_expect_ok(h_call(admin, "department.save", "{\"code\":\"production\","
	    "\"head\":\"production\"}"));
	ck_assert_str_eq(h_str(reply_result(r), "head"), "production");
	cJSON_Delete(r);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM audit_log WHERE actor = 'admin' "
	    "AND action = 'department.save' AND object = 'department:production' "
	    "AND details = '{\"before\":{\"head\":null},\"after\":{\"head\":\"production\"}}'"
	    "::jsonb"), 1);

	r = h_expect_ok(h_call(mgr, "department.list", "{}"));
	cJSON_Delete(r);
	r = h_expect_ok(h_call(q, "department.list", "{}"));
	cJSON_ArrayForEach(d, h_member(reply_result(r), "departments"))
		if (strcmp(h_str(d, "code"), "production") == 0)
			production = d;
	ck_assert_ptr_nonnull(production);
	ck_assert_str_eq(h_str(production, "head"), "production");
	ck_assert_str_eq(h_str(production, "head_name"), "刘建华");
	cJSON_ArrayForEach(member, h_member(production, "members"))
		if (strcmp(h_str(member, "role"), "department") == 0)
			login = h_str(member, "login");
	ck_assert_ptr_nonnull(login);
	ck_assert_str_eq(login, "production");

	/* a share of the listed department, one of the listed person */
	h_new_complaint(op, no, sizeof no);
	cJSON_Delete(h_expect_ok(h_callf(q, "complaint.attribute", "{\"no\":\"%s\",\"shares\":["
	    "{\"department\":\"%s\",\"percent\":60},{\"user\":\"%s\",\"percent\":40}]}", no,
	    h_str(production, "code"), login)));
	cJSON_Delete(r);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM complaint_shares WHERE "
	    "complaint_no = '%s' AND (department = 'production' OR login = 'production')", no), 2);

	/* null: no head */
	r = h_expect_ok(h_call(admin, "department.save", "{\"code\":\"production\","
	    "\"head\":null}"));
	ck_assert(h_is_null(reply_result(r), "head"));
	cJSON_Delete(r);
	conn_close(mgr);
	conn_close(admin);
	conn_close(q);
	conn_close(op);
}
END_TEST

Suite *
departments_suite(void)
{
	Suite *s = suite_create("departments");
	TCase *tc = tcase_create("departments");
	TCase *sweep = tcase_create("reminders");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_role_boundaries);
	tcase_add_test(tc, test_department_user_needs_department);
	tcase_add_test(tc, test_late_stage_penalty);
	tcase_add_test(tc, test_individual_case);
	tcase_add_test(tc, test_department_list_and_save);
	suite_add_tcase(s, tc);
	tcase_add_checked_fixture(sweep, setup_sweeping, teardown);
	tcase_set_timeout(sweep, 60);
	tcase_add_test(sweep, test_reminder_to_owner_and_head);
	suite_add_tcase(s, sweep);
	return s;
}
