/*
 * test_notify.c: the outbox of issue 14 through a real daemon and database:
 * the messages queued by the changes (appointment, ready_for_pickup,
 * complaint_decision) in their transaction, and none for one rolled back;
 * delivery by SMTP to a real SMTP server (tests/integration/smtp_sink.py)
 * with the right recipient and the Chinese text; SMS by a command, retried
 * with backoff and then failed; notification.list, .retry, .handled and
 * every refusal; a customer's e-mail address (customer.save, .get, .find).
 */
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/integration/harness.h"
#include "tests/integration/suites.h"

H_ENV_FIXTURE(E)

/* A scratch directory of this test process: the sink's messages, the SMS
 * commands and what they were given. */
static char scratch[64];
static pid_t sink_pid;

static void
make_scratch(void)
{
	snprintf(scratch, sizeof scratch, "/tmp/svcdesk-notify-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(scratch));
}

/* The one value of a one-row query, printf-style; valid until the next call. */
static const char *sql_text(const struct h_db *db, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static const char *
sql_text(const struct h_db *db, const char *fmt, ...)
{
	static char buf[2048];
	char sql[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(sql, sizeof sql, fmt, ap);
	va_end(ap);
	h_sql_value(db, sql, buf, sizeof buf);
	return buf;
}

/* A whole file into buf ("" when it is not there). */
static const char *
file_text(const char *path, char *buf, size_t size)
{
	FILE *f = fopen(path, "r");
	size_t n = 0;

	if (f != NULL) {
		n = fread(buf, 1, size - 1, f);
		fclose(f);
	}
	buf[n] = '\0';
	return buf;
}

/* Waits for a file to appear; its text into buf. */
static bool
wait_file(const char *path, char *buf, size_t size)
{
	for (long long until = h_now_ms() + H_WAIT_MS; h_now_ms() < until; h_sleep_ms(50))
		if (access(path, F_OK) == 0) {
			file_text(path, buf, size);
			return true;
		}
	return false;
}

/* Waits until a query's one value is want. */
static void
wait_value(const struct h_db *db, const char *sql, const char *want)
{
	char got[256] = "";

	for (long long until = h_now_ms() + H_WAIT_MS; h_now_ms() < until; h_sleep_ms(100)) {
		h_sql_value(db, sql, got, sizeof got);
		if (strcmp(got, want) == 0)
			return;
	}
	ck_abort_msg("%s: %s, not %s", sql, got, want);
}

/* Starts the SMTP sink; its URL into url. It dies with this process. */
static void
start_sink(char *url, size_t size)
{
	char path[512], port[16];

	snprintf(path, sizeof path, "%s/tests/integration/smtp_sink.py", h_env("SVCDESK_REPO"));
	sink_pid = fork();
	ck_assert_int_ge(sink_pid, 0);
	if (sink_pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGTERM);
		execlp("python3", "python3", path, scratch, (char *)NULL);
		_exit(127);
	}
	snprintf(path, sizeof path, "%s/port", scratch);
	ck_assert_msg(wait_file(path, port, sizeof port), "the SMTP sink did not start");
	snprintf(url, size, "smtp://127.0.0.1:%s", port);
}

static void
stop_sink(void)
{
	if (sink_pid > 0) {
		kill(sink_pid, SIGTERM);
		waitpid(sink_pid, NULL, 0);
		sink_pid = 0;
	}
}

/* An SMS command: a script that runs first (a shell line, "" for none),
 * appends its two arguments to OUTDIR/sms and exits with status. Its path
 * into path. */
static void
write_sms_command_first(const char *first, int status, char *path, size_t size)
{
	FILE *f;

	snprintf(path, size, "%s/sms-%d", scratch, status);
	ck_assert_ptr_nonnull(f = fopen(path, "w"));
	fprintf(f, "#!/bin/sh\n%s\nprintf 'to=%%s text=%%s\\n' \"$1\" \"$2\" >> %s/sms\n"
	    "[ $# -eq 2 ] || exit 9\nexit %d\n", first, scratch, status);
	fclose(f);
	chmod(path, 0755);
}

static void
write_sms_command(int status, char *path, size_t size)
{
	write_sms_command_first("", status, path, size);
}

/* A new ticket's customer id. */
static long long
customer_of(const char *no)
{
	return h_sql_int(E.db, "SELECT customer_id FROM tickets WHERE no = '%s'", no);
}

/* A ticket of a new customer, dispatched to the demo technician. */
static void
dispatched_ticket(char *no, size_t size)
{
	struct conn *op = h_connect_as(E.d, "operator"), *disp = h_connect_as(E.d, "dispatcher");

	cJSON_Delete(h_new_ticket(op, "B", "urban", no, size));
	cJSON_Delete(h_expect_ok(h_callf(disp, "ticket.dispatch",
	    "{\"no\":\"%s\",\"technician\":\"technician\"}", no)));
	conn_close(op);
	conn_close(disp);
}

static void
appoint(const char *no)
{
	struct conn *disp = h_connect_as(E.d, "dispatcher");

	cJSON_Delete(h_expect_ok(h_callf(disp, "ticket.appoint",
	    "{\"no\":\"%s\",\"at\":\"2030-01-02T14:00:00+08:00\"}", no)));
	conn_close(disp);
}

/* Gives customer id an e-mail address through customer.save. */
static void
set_email(long long id, const char *email)
{
	struct conn *op = h_connect_as(E.d, "operator");

	cJSON_Delete(h_expect_ok(h_callf(op, "customer.save", "{\"id\":%lld,\"name\":\"邮件客户\","
	    "\"phones\":[\"13800138000\"],\"region\":\"urban\",\"email\":\"%s\"}", id, email)));
	conn_close(op);
}

/* Starts the fixture's daemon again with the options given. */
static void
restart(const char *const *extra)
{
	h_daemon_stop(E.d);
	E.d = h_daemon_start(E.db, extra);
}

/* --- the messages the changes queue, in their transaction */

START_TEST(test_appointment_queued)
{
	char no[32];

	dispatched_ticket(no, sizeof no);
	appoint(no);
	ck_assert_str_eq(sql_text(E.db, "SELECT kind || '|' || channel || '|' || (recipient ="
	    " (SELECT phones[1] FROM customers c WHERE c.id = customer_id)) || '|' || state || '|'"
	    " || (text LIKE '%%' || related || '%%') FROM notifications WHERE related = '%s'", no),
	    "appointment|sms|true|pending|true");
	ck_assert_str_eq(sql_text(E.db, "SELECT text FROM notifications WHERE related = '%s'", no),
	    sql_text(E.db, "SELECT '【售后服务】您的服务单 %s 已约定上门时间：2030年1月2日 14:00。"
	    "如需改约，请致电客服中心。'", no));
}
END_TEST

/* A call registered with its appointment already agreed tells the customer
 * too; one without tells nothing. */
START_TEST(test_appointment_at_registration)
{
	struct conn *op = h_connect_as(E.d, "operator");
	char key[96], no[32];
	cJSON *r;

	cJSON_Delete(h_new_ticket(op, "B", "urban", no, sizeof no));
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM notifications"), 0);
	r = h_expect_ok(h_callf(op, "call.register", "{\"request_key\":\"%s\",\"channel\":"
	    "\"phone\",\"type\":\"Z\",\"customer\":{\"name\":\"孙七\",\"phones\":"
	    "[\"13700137000\"],\"address\":\"中山路9号\",\"region\":\"urban\"},"
	    "\"fault\":\"安装\",\"appointment\":\"2030-05-06T09:30:00+08:00\"}",
	    h_request_key(key, sizeof key)));
	snprintf(no, sizeof no, "%s", h_str(reply_result(r), "no"));
	cJSON_Delete(r);
	ck_assert_str_eq(sql_text(E.db, "SELECT kind || '|' || recipient || '|' ||"
	    " (strpos(text, '2030年5月6日 09:30') > 0) FROM notifications WHERE related = '%s'", no),
	    "appointment|13700137000|true");
	conn_close(op);
}
END_TEST

START_TEST(test_ready_for_pickup_queued)
{
	struct conn *tech = h_connect_as(E.d, "technician"), *disp = h_connect_as(E.d, "dispatcher");
	char no[32];

	h_sql(E.db, "INSERT INTO service_points (id, name, region) VALUES (1, '朝阳服务站', 'urban');"
	    "UPDATE users SET service_point_id = 1 WHERE role = 'technician'");
	dispatched_ticket(no, sizeof no);
	cJSON_Delete(h_expect_ok(h_callf(tech, "ticket.arrive", "{\"no\":\"%s\"}", no)));
	cJSON_Delete(h_expect_ok(h_callf(tech, "ticket.take_back", "{\"no\":\"%s\"}", no)));
	cJSON_Delete(h_expect_ok(h_callf(tech, "ticket.repair", "{\"no\":\"%s\","
	    "\"diagnosis\":\"压缩机不启动\",\"cause\":\"启动电容损坏\",\"actions\":\"更换启动电容\","
	    "\"parts\":[],\"labour_minutes\":45}", no)));
	/* A failed inspection: the unit is not ready. */
	cJSON_Delete(h_expect_ok(h_callf(disp, "ticket.inspect",
	    "{\"no\":\"%s\",\"passed\":false,\"note\":\"仍有异响\"}", no)));
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM notifications WHERE related = '%s'"
	    " AND kind = 'ready_for_pickup'", no), 0);
	cJSON_Delete(h_expect_ok(h_callf(tech, "ticket.repair", "{\"no\":\"%s\","
	    "\"diagnosis\":\"压缩机不启动\",\"cause\":\"启动电容损坏\",\"actions\":\"更换启动电容\","
	    "\"parts\":[],\"labour_minutes\":15}", no)));
	cJSON_Delete(h_expect_ok(h_callf(disp, "ticket.inspect", "{\"no\":\"%s\",\"passed\":true}",
	    no)));
	ck_assert_str_eq(sql_text(E.db, "SELECT count(*) || '|' || bool_and(text LIKE '%%' || related"
	    " || '%%已修好并检验合格%%')::text FROM notifications WHERE related = '%s'"
	    " AND kind = 'ready_for_pickup'", no), "1|true");
	conn_close(tech);
	conn_close(disp);
}
END_TEST

START_TEST(test_complaint_decision_queued)
{
	struct conn *op = h_connect_as(E.d, "operator"), *q = h_connect_as(E.d, "quality");
	struct conn *mgr = h_connect_as(E.d, "manager");
	char no[32];

	h_proposed_complaint(op, q, NULL, "上门更换压缩机", no, sizeof no);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM notifications WHERE related = '%s'",
	    no), 0);
	cJSON_Delete(h_expect_ok(h_callf(mgr, "complaint.approve", "{\"no\":\"%s\"}", no)));
	ck_assert_str_eq(sql_text(E.db, "SELECT kind || '|' || recipient || '|' || (text LIKE"
	    " '%%投诉 ' || related || ' 已有处理决定%%') FROM notifications WHERE related = '%s'", no),
	    "complaint_decision|13911112222|true");
	conn_close(op);
	conn_close(q);
	conn_close(mgr);
}
END_TEST

/* A change that rolled back takes its message with it: never sent. The
 * committed one after it is. */
START_TEST(test_rolled_back_never_sent)
{
	char no[32], cmd[256], sms[4096], path[320];
	const char *extra[] = { "--sms-command", cmd, "--notify-interval", "1", NULL };

	make_scratch();
	write_sms_command(0, cmd, sizeof cmd);
	restart(extra);
	dispatched_ticket(no, sizeof no);
	h_sqlf(E.db, "BEGIN; UPDATE tickets SET appointment = '2030-03-04 09:00+08'"
	    " WHERE no = '%s'; INSERT INTO ticket_events (ticket_no, actor, kind)"
	    " VALUES ('%s', 'dispatcher', 'appoint');"
	    " DO $$ BEGIN IF (SELECT count(*) FROM notifications) <> 1 THEN"
	    "  RAISE 'the change queued no message'; END IF; END $$; ROLLBACK", no, no);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM notifications"), 0);
	appoint(no);
	wait_value(E.db, sql_text(E.db, "SELECT 'SELECT state FROM notifications WHERE related = '"
	    " || quote_literal('%s')", no), "sent");
	snprintf(path, sizeof path, "%s/sms", scratch);
	file_text(path, sms, sizeof sms);
	ck_assert_msg(strstr(sms, "2030年1月2日 14:00") != NULL, "%s", sms);
	ck_assert_msg(strstr(sms, "2030年3月4日") == NULL, "%s", sms);
	h_sleep_ms(1500);   /* a second look at the outbox sends nothing more */
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM notifications"), 1);
	ck_assert_str_eq(file_text(path, sms, sizeof sms), sql_text(E.db, "SELECT 'to=' || recipient ||"
	    " ' text=' || text || E'\\n' FROM notifications"));
}
END_TEST

/* E-mail to a real SMTP server: the recipient and the Chinese text. */
START_TEST(test_smtp_delivery)
{
	char no[32], url[64], msg[4096], path[320];
	const char *extra[] = { "--smtp-url", url, "--smtp-from", "service@svcdesk.example",
	    "--notify-interval", "1", NULL };
	long long id;

	make_scratch();
	start_sink(url, sizeof url);
	restart(extra);
	dispatched_ticket(no, sizeof no);
	set_email(customer_of(no), "wang.li@example.com");
	appoint(no);
	id = h_sql_int(E.db, "SELECT id FROM notifications WHERE related = '%s'", no);
	ck_assert_str_eq(sql_text(E.db, "SELECT channel || '|' || recipient FROM notifications"
	    " WHERE id = %lld", id), "email|wang.li@example.com");
	snprintf(path, sizeof path, "%s/msg-1", scratch);
	ck_assert_msg(wait_file(path, msg, sizeof msg), "no message reached the SMTP server");
	ck_assert_msg(strstr(msg, "from: service@svcdesk.example\nrcpt: wang.li@example.com\n"
	    "subject: 售后服务通知\n\n") == msg, "%s", msg);
	ck_assert_msg(strstr(msg, sql_text(E.db, "SELECT text FROM notifications WHERE id = %lld",
	    id)) != NULL, "%s", msg);
	ck_assert_msg(strstr(msg, "已约定上门时间：2030年1月2日 14:00") != NULL, "%s", msg);
	wait_value(E.db, sql_text(E.db, "SELECT 'SELECT state || attempts FROM notifications"
	    " WHERE id = %lld'", id), "sent1");
	stop_sink();
}
END_TEST

/* A gateway that refuses: tried max attempts times with a growing wait,
 * then failed; retry starts it over; handled ends it. */
START_TEST(test_sms_retries_then_failed)
{
	char no[32], cmd[256], sms[4096], path[320];
	const char *extra[] = { "--sms-command", cmd, "--notify-interval", "1", NULL };
	struct conn *op;
	cJSON *r;
	long long id;

	make_scratch();
	write_sms_command(3, cmd, sizeof cmd);
	h_sql(E.db, "UPDATE settings SET value = '3' WHERE key = 'notify_max_attempts';"
	    "UPDATE settings SET value = '1' WHERE key = 'notify_backoff_seconds'");
	restart(extra);
	dispatched_ticket(no, sizeof no);
	appoint(no);
	id = h_sql_int(E.db, "SELECT id FROM notifications WHERE related = '%s'", no);
	wait_value(E.db, sql_text(E.db, "SELECT 'SELECT state || attempts FROM notifications"
	    " WHERE id = %lld'", id), "failed3");
	ck_assert_str_eq(sql_text(E.db, "SELECT last_error FROM notifications WHERE id = %lld", id),
	    "sms: the command exited with 3");
	snprintf(path, sizeof path, "%s/sms", scratch);
	file_text(path, sms, sizeof sms);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT (length('%s') - length(replace('%s', 'to=', '')))"
	    " / 3", sms, sms), 3);   /* three attempts, no more */

	op = h_connect_as(E.d, "operator");
	r = h_expect_ok(h_callf(op, "notification.retry", "{\"id\":%lld}", id));
	ck_assert_str_eq(h_str(reply_result(r), "state"), "pending");
	ck_assert_int_eq(h_int_member(reply_result(r), "attempts"), 0);
	cJSON_Delete(r);
	wait_value(E.db, sql_text(E.db, "SELECT 'SELECT state || attempts FROM notifications"
	    " WHERE id = %lld'", id), "failed3");
	r = h_expect_ok(h_callf(op, "notification.handled", "{\"id\":%lld,\"note\":\"已电话告知\"}",
	    id));
	ck_assert_str_eq(h_str(reply_result(r), "state"), "handled");
	ck_assert_str_eq(h_str(reply_result(r), "handled_by"), "operator");
	cJSON_Delete(r);
	ck_assert_str_eq(sql_text(E.db, "SELECT handled_note || '|' || (SELECT count(*) FROM"
	    " audit_log WHERE action IN ('notification.retry', 'notification.handled') AND"
	    " object = 'notification:%lld') FROM notifications WHERE id = %lld", id, id),
	    "已电话告知|2");
	conn_close(op);
}
END_TEST

/* Two daemons delivering from one outbox: each message goes once. */
START_TEST(test_two_daemons_once_each)
{
	char no[32], cmd[256], sms[8192], path[320];
	const char *extra[] = { "--sms-command", cmd, "--notify-interval", "1", NULL };
	struct h_daemon *second;
	long long c;

	make_scratch();
	write_sms_command_first("sleep 0.2", 0, cmd, sizeof cmd);
	restart(extra);
	second = h_daemon_start(E.db, extra);
	dispatched_ticket(no, sizeof no);
	c = customer_of(no);
	for (int i = 0; i < 12; i++)
		h_sqlf(E.db, "SELECT notification_queue('recall', %lld, 'R%d', '召回通知第%d号')",
		    c, i, i);
	wait_value(E.db, "SELECT count(*) FROM notifications WHERE state = 'sent'", "12");
	snprintf(path, sizeof path, "%s/sms", scratch);
	h_sleep_ms(1500);   /* anything sent twice would be written by now */
	file_text(path, sms, sizeof sms);
	for (int i = 0; i < 12; i++) {
		char text[64], *at;
		snprintf(text, sizeof text, "召回通知第%d号\n", i);
		ck_assert_msg((at = strstr(sms, text)) != NULL, "%s missing: %s", text, sms);
		ck_assert_msg(strstr(at + 1, text) == NULL, "%s sent twice: %s", text, sms);
	}
	ck_assert_int_eq(h_sql_int(E.db, "SELECT sum(attempts) FROM notifications"), 12);
	h_daemon_stop(second);
}
END_TEST

/* A gateway that does not answer: the command is killed after
 * --notify-timeout, which counts as a refusal. */
START_TEST(test_sms_timeout)
{
	char no[32], cmd[256];
	const char *extra[] = { "--sms-command", cmd, "--notify-interval", "1",
	    "--notify-timeout", "1", NULL };
	long long t0;

	make_scratch();
	write_sms_command_first("sleep 30", 0, cmd, sizeof cmd);
	h_sql(E.db, "UPDATE settings SET value = '1' WHERE key = 'notify_max_attempts'");
	restart(extra);
	dispatched_ticket(no, sizeof no);
	t0 = h_now_ms();
	appoint(no);
	wait_value(E.db, sql_text(E.db, "SELECT 'SELECT state || attempts FROM notifications"
	    " WHERE related = ' || quote_literal('%s')", no), "failed1");
	ck_assert_int_lt(h_now_ms() - t0, 5000);
	ck_assert_str_eq(sql_text(E.db, "SELECT last_error FROM notifications WHERE related = '%s'",
	    no), "sms: the command took more than 1 s");
}
END_TEST

/* Without a transport for its channel a message stays pending. */
START_TEST(test_no_transport_stays_pending)
{
	char no[32], url[64];
	const char *extra[] = { "--smtp-url", url, "--smtp-from", "service@svcdesk.example",
	    "--notify-interval", "1", NULL };

	make_scratch();
	start_sink(url, sizeof url);
	restart(extra);   /* e-mail only: an SMS waits */
	dispatched_ticket(no, sizeof no);
	appoint(no);
	h_sleep_ms(2500);
	ck_assert_str_eq(sql_text(E.db, "SELECT channel || state || attempts FROM notifications"
	    " WHERE related = '%s'", no), "smspending0");
	stop_sink();
}
END_TEST

/* --- notification.list, .retry, .handled: answers and refusals */

/* Four messages of the customer of ticket no: one per state. */
static void
four_messages(const char *no)
{
	long long c = customer_of(no);

	h_sqlf(E.db, "SELECT notification_queue('recall', %lld, 'R1', '召回通知一');"
	    "SELECT notification_queue('recall', %lld, 'R2', '召回通知二');"
	    "SELECT notification_queue('recall', %lld, 'R3', '召回通知三');"
	    "SELECT notification_queue('recall', %lld, 'R4', '召回通知四');"
	    "UPDATE notifications SET state = 'sent', attempts = 1, sent_at = now()"
	    " WHERE related = 'R2';"
	    "UPDATE notifications SET state = 'failed', attempts = 5, last_error = 'sms: x'"
	    " WHERE related = 'R3';"
	    "UPDATE notifications SET state = 'handled' WHERE related = 'R4'", c, c, c, c);
}

static long long
id_of(const char *related)
{
	return h_sql_int(E.db, "SELECT id FROM notifications WHERE related = '%s'", related);
}

START_TEST(test_list)
{
	struct conn *op = h_connect_as(E.d, "operator"), *mgr = h_connect_as(E.d, "manager");
	struct conn *adm = h_connect_as(E.d, "admin");
	const cJSON *list, *n;
	char no[32];
	cJSON *r;

	cJSON_Delete(h_new_ticket(op, "Z", "urban", no, sizeof no));
	four_messages(no);
	r = h_expect_ok(h_call(op, "notification.list", "{}"));   /* pending by default */
	list = h_member(reply_result(r), "notifications");
	ck_assert_int_eq(cJSON_GetArraySize(list), 1);
	n = cJSON_GetArrayItem(list, 0);
	ck_assert_int_eq(h_int_member(n, "id"), id_of("R1"));
	ck_assert_str_eq(h_str(n, "kind"), "recall");
	ck_assert_str_eq(h_str(n, "to"), sql_text(E.db, "SELECT recipient FROM notifications"
	    " WHERE related = 'R1'"));   /* an operator sees it whole */
	ck_assert_str_eq(h_str(n, "text"), "召回通知一");
	ck_assert_str_eq(h_str(n, "state"), "pending");
	ck_assert_str_eq(h_str(n, "related"), "R1");
	ck_assert_int_eq(h_int_member(n, "attempts"), 0);
	h_time(n, "due");
	ck_assert(h_is_null(reply_result(r), "next"));
	cJSON_Delete(r);

	r = h_expect_ok(h_call(mgr, "notification.list", "{\"queue\":\"failed\"}"));
	n = cJSON_GetArrayItem(h_member(reply_result(r), "notifications"), 0);
	ck_assert_str_eq(h_str(n, "related"), "R3");
	ck_assert_int_eq(h_int_member(n, "attempts"), 5);
	ck_assert_msg(strchr(h_str(n, "to"), '*') != NULL, "a manager sees it masked: %s",
	    h_show(n));
	cJSON_Delete(r);
	r = h_expect_ok(h_call(adm, "notification.list", "{\"queue\":\"sent\"}"));
	ck_assert_str_eq(h_str(cJSON_GetArrayItem(h_member(reply_result(r), "notifications"), 0),
	    "related"), "R2");
	cJSON_Delete(r);
	r = h_expect_ok(h_call(op, "notification.list", "{\"queue\":\"handled\"}"));
	ck_assert_str_eq(h_str(cJSON_GetArrayItem(h_member(reply_result(r), "notifications"), 0),
	    "related"), "R4");
	cJSON_Delete(r);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM audit_log"
	    " WHERE action = 'notification.list'"), 4);
	conn_close(op);
	conn_close(mgr);
	conn_close(adm);
}
END_TEST

START_TEST(test_list_pages)
{
	struct conn *op = h_connect_as(E.d, "operator");
	char no[32], after[32];
	cJSON *r;

	cJSON_Delete(h_new_ticket(op, "Z", "urban", no, sizeof no));
	four_messages(no);
	h_sqlf(E.db, "SELECT notification_queue('recall', %lld, 'R5', '召回通知五')",
	    customer_of(no));
	r = h_expect_ok(h_call(op, "notification.list", "{\"limit\":1}"));
	ck_assert_str_eq(h_str(cJSON_GetArrayItem(h_member(reply_result(r), "notifications"), 0),
	    "related"), "R1");
	snprintf(after, sizeof after, "%s", h_str(reply_result(r), "next"));
	cJSON_Delete(r);
	r = h_expect_ok(h_callf(op, "notification.list", "{\"limit\":1,\"after\":\"%s\"}", after));
	ck_assert_str_eq(h_str(cJSON_GetArrayItem(h_member(reply_result(r), "notifications"), 0),
	    "related"), "R5");
	ck_assert(h_is_null(reply_result(r), "next"));
	cJSON_Delete(r);
	conn_close(op);
}
END_TEST

START_TEST(test_refusals)
{
	struct conn *op = h_connect_as(E.d, "operator"), *tech = h_connect_as(E.d, "technician");
	struct conn *disp = h_connect_as(E.d, "dispatcher"), *q = h_connect_as(E.d, "quality");
	char no[32];

	cJSON_Delete(h_new_ticket(op, "Z", "urban", no, sizeof no));
	four_messages(no);
	/* Roles. */
	h_expect_error(h_call(tech, "notification.list", "{}"), "forbidden", NULL);
	h_expect_error(h_call(disp, "notification.list", "{}"), "forbidden", NULL);
	h_expect_error(h_call(q, "notification.list", "{}"), "forbidden", NULL);
	h_expect_error(h_callf(tech, "notification.retry", "{\"id\":%lld}", id_of("R3")),
	    "forbidden", NULL);
	h_expect_error(h_callf(disp, "notification.handled", "{\"id\":%lld}", id_of("R3")),
	    "forbidden", NULL);
	/* Arguments. */
	h_expect_error(h_call(op, "notification.list", "{\"queue\":\"lost\"}"),
	    "invalid_argument", "queue");
	h_expect_error(h_call(op, "notification.list", "{\"limit\":0}"), "invalid_argument", "limit");
	h_expect_error(h_call(op, "notification.list", "{\"limit\":201}"),
	    "invalid_argument", "limit");
	h_expect_error(h_call(op, "notification.list", "{\"after\":\"x1\"}"),
	    "invalid_argument", "after");
	h_expect_error(h_call(op, "notification.retry", "{}"), "invalid_argument", "id");
	h_expect_error(h_call(op, "notification.retry", "{\"id\":\"7\"}"), "invalid_argument", "id");
	h_expect_error(h_call(op, "notification.handled", "{\"id\":0}"), "invalid_argument", "id");
	{
		char note[600];
		memset(note, 'x', 501);
		note[501] = '\0';
		h_expect_error(h_callf(op, "notification.handled", "{\"id\":%lld,\"note\":\"%s\"}",
		    id_of("R1"), note), "invalid_argument", "note");
	}
	/* No such message. */
	h_expect_error(h_call(op, "notification.retry", "{\"id\":999999}"), "not_found", "id");
	h_expect_error(h_call(op, "notification.handled", "{\"id\":999999}"), "not_found", "id");
	/* Only a failed one goes again; a sent or handled one is not handled again. */
	h_expect_error(h_callf(op, "notification.retry", "{\"id\":%lld}", id_of("R1")),
	    "conflict", "id");
	h_expect_error(h_callf(op, "notification.retry", "{\"id\":%lld}", id_of("R2")),
	    "conflict", "id");
	h_expect_error(h_callf(op, "notification.handled", "{\"id\":%lld}", id_of("R2")),
	    "conflict", "id");
	h_expect_error(h_callf(op, "notification.handled", "{\"id\":%lld}", id_of("R4")),
	    "conflict", "id");
	/* A message a delivery worker holds is not waited for. */
	{
		PGconn *worker = h_pg_connect(E.db);
		char sql[128];
		PGresult *res;

		snprintf(sql, sizeof sql, "BEGIN; SELECT 1 FROM notifications WHERE id = %lld"
		    " FOR UPDATE", id_of("R3"));
		res = PQexec(worker, sql);
		ck_assert_int_eq(PQresultStatus(res), PGRES_TUPLES_OK);
		PQclear(res);
		cJSON *e = h_callf(op, "notification.retry", "{\"id\":%lld}", id_of("R3"));
		ck_assert_msg(strstr(h_show(e), "being sent") != NULL, "%s", h_show(e));
		h_expect_error(e, "conflict", "id");
		h_expect_error(h_callf(op, "notification.handled", "{\"id\":%lld}", id_of("R3")),
		    "conflict", "id");
		PQfinish(worker);
	}
	/* Nothing changed. */
	ck_assert_str_eq(sql_text(E.db, "SELECT string_agg(state, ',' ORDER BY related)"
	    " FROM notifications"), "pending,sent,failed,handled");
	/* A pending one may be handled too. */
	cJSON_Delete(h_expect_ok(h_callf(op, "notification.handled", "{\"id\":%lld}",
	    id_of("R1"))));
	conn_close(op);
	conn_close(tech);
	conn_close(disp);
	conn_close(q);
}
END_TEST

/* --- a customer's e-mail address */

START_TEST(test_customer_email)
{
	struct conn *op = h_connect_as(E.d, "operator");
	const char *bad[] = { "wang", "wang@", "@example.com", "wang@example", "wang li@example.com",
	    "a@b@example.com", "wang@example.com\\r\\nBcc: x@y.z", "<wang@example.com>" };
	char no[32];
	long long id;
	cJSON *r;

	cJSON_Delete(h_new_ticket(op, "Z", "urban", no, sizeof no));
	id = customer_of(no);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		h_expect_error(h_callf(op, "customer.save", "{\"id\":%lld,\"name\":\"王力\","
		    "\"phones\":[\"13800138000\"],\"region\":\"urban\",\"email\":\"%s\"}", id, bad[i]),
		    "invalid_argument", "email");
	h_expect_error(h_callf(op, "customer.save", "{\"id\":%lld,\"name\":\"王力\","
	    "\"phones\":[\"13800138000\"],\"region\":\"urban\",\"email\":7}", id),
	    "invalid_argument", "email");
	set_email(id, "wang.li@example.com");
	r = h_expect_ok(h_callf(op, "customer.get", "{\"id\":%lld}", id));
	ck_assert_str_eq(h_str(reply_result(r), "email"), "wang.li@example.com");
	cJSON_Delete(r);
	r = h_expect_ok(h_call(op, "customer.find", "{\"phone\":\"13800138000\"}"));
	ck_assert_str_eq(h_str(cJSON_GetArrayItem(h_member(reply_result(r), "customers"), 0),
	    "email"), "wang.li@example.com");
	cJSON_Delete(r);
	/* Without email it stays; with "" it goes, and messages go by SMS again. */
	r = h_expect_ok(h_callf(op, "customer.save", "{\"id\":%lld,\"name\":\"王力\","
	    "\"phones\":[\"13800138000\"],\"region\":\"urban\"}", id));
	ck_assert_str_eq(h_str(reply_result(r), "email"), "wang.li@example.com");
	cJSON_Delete(r);
	r = h_expect_ok(h_callf(op, "customer.save", "{\"id\":%lld,\"name\":\"王力\","
	    "\"phones\":[\"13800138000\"],\"region\":\"urban\",\"email\":\"\"}", id));
	ck_assert(h_is_null(reply_result(r), "email"));
	cJSON_Delete(r);
	/* A new customer with one. */
	r = h_expect_ok(h_call(op, "customer.save", "{\"name\":\"李梅\",\"phones\":[\"13900139000\"],"
	    "\"region\":\"urban\",\"address\":\"中山路1号\",\"email\":\"li.mei@example.cn\"}"));
	ck_assert_str_eq(h_str(reply_result(r), "email"), "li.mei@example.cn");
	cJSON_Delete(r);
	conn_close(op);
}
END_TEST

Suite *
notify_suite(void)
{
	Suite *s = suite_create("notify");
	TCase *tc = tcase_create("notify");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, H_TEST_TIMEOUT);
	tcase_add_test(tc, test_appointment_queued);
	tcase_add_test(tc, test_appointment_at_registration);
	tcase_add_test(tc, test_ready_for_pickup_queued);
	tcase_add_test(tc, test_complaint_decision_queued);
	tcase_add_test(tc, test_rolled_back_never_sent);
	tcase_add_test(tc, test_smtp_delivery);
	tcase_add_test(tc, test_sms_retries_then_failed);
	tcase_add_test(tc, test_two_daemons_once_each);
	tcase_add_test(tc, test_sms_timeout);
	tcase_add_test(tc, test_no_transport_stays_pending);
	tcase_add_test(tc, test_list);
	tcase_add_test(tc, test_list_pages);
	tcase_add_test(tc, test_refusals);
	tcase_add_test(tc, test_customer_email);
	suite_add_tcase(s, tc);
	return s;
}
