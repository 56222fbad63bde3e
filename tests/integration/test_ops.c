/*
 * test_ops.c: the first record ops through a real daemon: user.save (admin
 * only: create, update, conflicts, every argument checked, the saved user
 * able to log in), ticket.get (found, not found, a technician kept to their
 * own tickets, times with the centre's offset) and ticket.list (each queue,
 * region, the technician's view, keyset pages, bad arguments).
 */
#include <regex.h>
#include <stdio.h>
#include <string.h>

#include "tests/integration/harness.h"
#include "tests/integration/suites.h"

H_ENV_FIXTURE(E)

static cJSON *
login_reply(struct h_daemon *d, const char *user, const char *password)
{
	struct conn *c = h_connect(d);
	cJSON *args = cJSON_CreateObject(), *r;

	cJSON_AddStringToObject(args, "user", user);
	cJSON_AddStringToObject(args, "password", password);
	r = h_callj(c, "session.login", args);
	conn_close(c);
	return r;
}

/* --- user.save */

START_TEST(test_user_create_then_login)
{
	struct conn *admin = h_connect_as(E.d, "admin");
	cJSON *r = h_expect_ok(h_call(admin, "user.save", "{\"login\":\"wang.li\","
	    "\"name\":\"王力\",\"role\":\"technician\",\"password\":\"secret-pass\","
	    "\"department\":\"service\",\"region\":\"suburban\",\"create\":true}"));
	const cJSON *res = reply_result(r), *user = cJSON_GetObjectItemCaseSensitive(res, "user");

	ck_assert_msg(cJSON_IsObject(user), "%s", h_show(r));
	ck_assert_str_eq(h_str(user, "login"), "wang.li");
	ck_assert_str_eq(h_str(user, "name"), "王力");
	ck_assert_str_eq(h_str(user, "role"), "technician");
	ck_assert_str_eq(h_str(user, "department"), "service");
	ck_assert_str_eq(h_str(user, "region"), "suburban");
	ck_assert(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(user, "active")));
	ck_assert(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(res, "created")));
	/* Never the password or its hash. */
	ck_assert_msg(strstr(h_show(r), "secret-pass") == NULL && strstr(h_show(r), "argon") == NULL,
	    "%s", h_show(r));
	cJSON_Delete(r);
	conn_close(admin);

	r = h_expect_ok(login_reply(E.d, "wang.li", "secret-pass"));
	ck_assert_str_eq(h_str(reply_result(r), "role"), "technician");
	ck_assert_str_eq(h_str(reply_result(r), "name"), "王力");
	cJSON_Delete(r);
	h_expect_error(login_reply(E.d, "wang.li", "secret-pasS"), "unauthenticated", NULL);
}
END_TEST

START_TEST(test_user_update)
{
	struct conn *admin = h_connect_as(E.d, "admin");
	cJSON *r;

	/* Without a password: the old one stays. */
	r = h_expect_ok(h_call(admin, "user.save", "{\"login\":\"operator\",\"name\":\"张敏敏\"}"));
	ck_assert(cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(reply_result(r), "created")));
	ck_assert_str_eq(h_str(cJSON_GetObjectItemCaseSensitive(reply_result(r), "user"), "role"),
	    "operator");
	cJSON_Delete(r);
	r = h_expect_ok(login_reply(E.d, "operator", H_PASSWORD));
	ck_assert_str_eq(h_str(reply_result(r), "name"), "张敏敏");
	cJSON_Delete(r);

	/* A new password (8 characters, counted as characters). */
	cJSON_Delete(h_expect_ok(h_call(admin, "user.save",
	    "{\"login\":\"operator\",\"password\":\"八个字的新密码啊\"}")));
	h_expect_error(login_reply(E.d, "operator", H_PASSWORD), "unauthenticated", NULL);
	cJSON_Delete(h_expect_ok(login_reply(E.d, "operator", "八个字的新密码啊")));

	/* A new role. */
	cJSON_Delete(h_expect_ok(h_call(admin, "user.save",
	    "{\"login\":\"quality\",\"role\":\"manager\"}")));
	r = h_expect_ok(login_reply(E.d, "quality", H_PASSWORD));
	ck_assert_str_eq(h_str(reply_result(r), "role"), "manager");
	cJSON_Delete(r);

	/* Deactivated: cannot log in; reactivated: can. */
	r = h_expect_ok(h_call(admin, "user.save", "{\"login\":\"manager\",\"active\":false}"));
	ck_assert(cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(
	    cJSON_GetObjectItemCaseSensitive(reply_result(r), "user"), "active")));
	cJSON_Delete(r);
	h_expect_error(login_reply(E.d, "manager", H_PASSWORD), "unauthenticated", NULL);
	cJSON_Delete(h_expect_ok(h_call(admin, "user.save", "{\"login\":\"manager\",\"active\":true}")));
	cJSON_Delete(h_expect_ok(login_reply(E.d, "manager", H_PASSWORD)));
	conn_close(admin);
}
END_TEST

START_TEST(test_user_create_conflict)
{
	struct conn *admin = h_connect_as(E.d, "admin");

	h_expect_error(h_call(admin, "user.save", "{\"login\":\"dispatcher\",\"name\":\"冒名\","
	    "\"role\":\"admin\",\"password\":\"takeover-pass\",\"create\":true}"),
	    "conflict", NULL);
	conn_close(admin);
	/* Nothing changed: the old password works, the role is the same. */
	{
		cJSON *r = h_expect_ok(login_reply(E.d, "dispatcher", H_PASSWORD));
		ck_assert_str_eq(h_str(reply_result(r), "role"), "dispatcher");
		cJSON_Delete(r);
	}
	h_expect_error(login_reply(E.d, "dispatcher", "takeover-pass"), "unauthenticated", NULL);
}
END_TEST

START_TEST(test_user_save_arguments)
{
	static const struct { const char *args, *field; } bad[] = {
		{ "{\"login\":\"new.user\",\"role\":\"boss\",\"password\":\"long-enough\",\"create\":true}", "role" },
		{ "{\"login\":\"new.user\",\"role\":5,\"password\":\"long-enough\"}", "role" },
		{ "{\"login\":\"new.user\",\"role\":\"operator\",\"password\":\"short7!\",\"create\":true}", "password" },
		{ "{\"login\":\"new.user\",\"role\":\"operator\",\"password\":\"七个字的密码啊\",\"create\":true}", "password" },
		{ "{\"login\":\"new.user\",\"role\":\"operator\",\"password\":12345678}", "password" },
		{ "{\"login\":\"new.user\",\"role\":\"operator\",\"create\":true}", "password" },
		{ "{\"login\":\"new.user\",\"role\":\"operator\"}", "password" },
		{ "{\"login\":\"new.user\",\"password\":\"long-enough\",\"create\":true}", "role" },
		{ "{\"role\":\"operator\",\"password\":\"long-enough\"}", "login" },
		{ "{\"login\":\"Bad Login\",\"role\":\"operator\",\"password\":\"long-enough\"}", "login" },
		{ "{\"login\":\"x\",\"role\":\"operator\",\"password\":\"long-enough\"}", "login" },
		{ "{\"login\":7,\"role\":\"operator\",\"password\":\"long-enough\"}", "login" },
		{ "{\"login\":\"new.user\",\"role\":\"operator\",\"password\":\"long-enough\",\"department\":\"nowhere\"}", "department" },
		{ "{\"login\":\"new.user\",\"role\":\"operator\",\"password\":\"long-enough\",\"region\":\"mars\"}", "region" },
		{ "{\"login\":\"new.user\",\"role\":\"operator\",\"password\":\"long-enough\",\"active\":\"yes\"}", "active" },
		{ "{\"login\":\"new.user\",\"role\":\"operator\",\"password\":\"long-enough\",\"create\":1}", "create" },
		{ "{\"login\":\"new.user\",\"role\":\"operator\",\"password\":\"long-enough\",\"name\":\"   \"}", "name" },
	};
	struct conn *admin = h_connect_as(E.d, "admin");
	char sql_count[8];

	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		h_expect_error(h_call(admin, "user.save", bad[i].args), "invalid_argument",
		    bad[i].field);
	/* None of them created the user. */
	h_sql_value(E.db, "SELECT count(*) FROM users WHERE login = 'new.user'",
	    sql_count, sizeof sql_count);
	ck_assert_str_eq(sql_count, "0");
	/* The session goes on. */
	cJSON_Delete(h_expect_ok(h_call(admin, "user.save", "{\"login\":\"new.user\","
	    "\"role\":\"operator\",\"password\":\"long-enough\"}")));
	conn_close(admin);
}
END_TEST

/* --- tickets */

static void
insert_tickets(void)
{
	h_sql(E.db, "INSERT INTO users (login, name, role, password_hash) "
	    "VALUES ('other.tech', '李四', 'technician', 'x')");
	h_insert_ticket(E.db, "B2611240001", "new", "urban", NULL);
	h_insert_ticket(E.db, "B2611240002", "new", "suburban", NULL);
	h_insert_ticket(E.db, "B2611240003", "dispatched", "urban", "technician");
	h_insert_ticket(E.db, "B2611240004", "in_shop", "urban", "other.tech");
	h_insert_ticket(E.db, "Y2611240001", "closed", "county", "technician");
}

START_TEST(test_ticket_get)
{
	struct conn *c;
	cJSON *r;
	const cJSON *t, *events;
	regex_t re;

	insert_tickets();
	h_sql(E.db, "INSERT INTO ticket_events (ticket_no, actor, kind, to_state) "
	    "VALUES ('B2611240001', 'operator', 'register', 'new')");
	c = h_connect_as(E.d, "operator");
	r = h_expect_ok(h_call(c, "ticket.get", "{\"no\":\"B2611240001\"}"));
	t = reply_result(r);
	ck_assert_str_eq(h_str(t, "no"), "B2611240001");
	ck_assert_str_eq(h_str(t, "type"), "B");
	ck_assert_str_eq(h_str(t, "state"), "new");
	ck_assert_str_eq(h_str(t, "channel"), "phone");
	ck_assert_str_eq(h_str(t, "service_class"), "C");
	ck_assert_str_eq(h_str(t, "fault"), "不制冷");
	ck_assert_str_eq(h_str(cJSON_GetObjectItemCaseSensitive(t, "customer"), "name"), "测试客户");
	ck_assert(cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(t, "overdue")));
	ck_assert(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(t, "technician")));
	ck_assert(cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(t, "version")));
	/* Times in the centre's offset. */
	ck_assert_int_eq(regcomp(&re, "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}"
	    "\\+08:00$", REG_EXTENDED | REG_NOSUB), 0);
	ck_assert_msg(regexec(&re, h_str(t, "created_at"), 0, NULL, 0) == 0, "created_at %s",
	    h_str(t, "created_at"));
	regfree(&re);
	events = cJSON_GetObjectItemCaseSensitive(t, "events");
	ck_assert_msg(cJSON_IsArray(events) && cJSON_GetArraySize(events) == 1, "%s", h_show(r));
	ck_assert_str_eq(h_str(cJSON_GetArrayItem(events, 0), "kind"), "register");
	cJSON_Delete(r);

	h_expect_error(h_call(c, "ticket.get", "{\"no\":\"B2611249999\"}"), "not_found", "no");
	h_expect_error(h_call(c, "ticket.get", NULL), "invalid_argument", "no");
	h_expect_error(h_call(c, "ticket.get", "{\"no\":5}"), "invalid_argument", "no");
	h_expect_error(h_call(c, "ticket.get", "{\"no\":\"\"}"), "invalid_argument", "no");
	h_expect_error(h_call(c, "ticket.get", "{\"no\":\"B26112400010000000000\"}"),
	    "invalid_argument", "no");
	conn_close(c);
}
END_TEST

START_TEST(test_ticket_get_technician)
{
	struct conn *c;
	cJSON *r;

	insert_tickets();
	c = h_connect_as(E.d, "technician");
	r = h_expect_ok(h_call(c, "ticket.get", "{\"no\":\"B2611240003\"}"));
	ck_assert_str_eq(h_str(reply_result(r), "technician"), "technician");
	cJSON_Delete(r);
	h_expect_error(h_call(c, "ticket.get", "{\"no\":\"B2611240004\"}"), "forbidden", NULL);
	h_expect_error(h_call(c, "ticket.get", "{\"no\":\"B2611240001\"}"), "forbidden", NULL);
	conn_close(c);
}
END_TEST

/* The ticket numbers of a ticket.list reply, "," separated, in order. */
static const char *
list_nos(const cJSON *reply)
{
	static char buf[512];
	const cJSON *t;

	buf[0] = '\0';
	cJSON_ArrayForEach(t, cJSON_GetObjectItemCaseSensitive(reply_result(reply), "tickets")) {
		if (buf[0] != '\0')
			strcat(buf, ",");
		strncat(buf, h_str(t, "no"), 20);
	}
	return buf;
}

/* Lists a queue and checks the set of numbers (sorted order of the reply
 * is by due date then number; all these share a due date). */
#define expect_queue(c, args, want) expect_queue_at(__LINE__, c, args, want)
static void
expect_queue_at(int line, struct conn *c, const char *args, const char *want)
{
	cJSON *r = h_call_at(__FILE__, line, c, "ticket.list", args);

	h_expect_ok_at(__FILE__, line, r);
	ck_assert_msg(strcmp(list_nos(r), want) == 0, "line %d: %s -> [%s], want [%s]",
	    line, args, list_nos(r), want);
	ck_assert_msg(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(reply_result(r), "next")),
	    "line %d: one page only, yet next is %s", line, h_show(r));
	cJSON_Delete(r);
}

START_TEST(test_ticket_list_queues)
{
	struct conn *op, *tech;

	/* Same due date for all (one statement each, but due falls back to
	 * created_at): make it equal so the order is by number. */
	insert_tickets();
	h_sql(E.db, "UPDATE tickets SET created_at = '2026-11-24 09:00:00+08'");
	op = h_connect_as(E.d, "operator");
	expect_queue(op, "{\"queue\":\"new\"}", "B2611240001,B2611240002");
	expect_queue(op, "{\"queue\":\"new\",\"region\":\"suburban\"}", "B2611240002");
	expect_queue(op, "{\"queue\":\"dispatched\"}", "B2611240003");
	expect_queue(op, "{\"queue\":\"in_shop\"}", "B2611240004");
	expect_queue(op, "{\"queue\":\"to_inspect\"}", "");
	expect_queue(op, "{\"queue\":\"all\"}",
	    "B2611240001,B2611240002,B2611240003,B2611240004,Y2611240001");
	expect_queue(op, "{\"queue\":\"all\",\"region\":\"county\"}", "Y2611240001");
	conn_close(op);

	/* A technician sees only their own tickets, in every queue. */
	tech = h_connect_as(E.d, "technician");
	expect_queue(tech, "{\"queue\":\"all\"}", "B2611240003,Y2611240001");
	expect_queue(tech, "{\"queue\":\"new\"}", "");
	expect_queue(tech, "{\"queue\":\"in_shop\"}", "");
	expect_queue(tech, "{\"queue\":\"mine\"}", "B2611240003");
	conn_close(tech);
}
END_TEST

START_TEST(test_ticket_list_pages)
{
	struct conn *c;
	cJSON *r;
	char seen[512] = "", args[256];
	const cJSON *next;
	int pages = 0;

	insert_tickets();
	c = h_connect_as(E.d, "dispatcher");
	snprintf(args, sizeof args, "{\"queue\":\"all\",\"limit\":2}");
	for (;;) {
		r = h_expect_ok(h_call(c, "ticket.list", args));
		pages++;
		ck_assert_msg(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(
		    reply_result(r), "tickets")) == (pages < 3 ? 2 : 1), "page %d: %s",
		    pages, h_show(r));
		if (seen[0] != '\0')
			strcat(seen, ",");
		strcat(seen, list_nos(r));
		next = cJSON_GetObjectItemCaseSensitive(reply_result(r), "next");
		if (cJSON_IsNull(next)) {
			cJSON_Delete(r);
			break;
		}
		ck_assert_msg(cJSON_IsString(next) && pages < 3, "page %d: %s", pages, h_show(r));
		{
			cJSON *a = cJSON_CreateObject();
			char *text;
			cJSON_AddStringToObject(a, "queue", "all");
			cJSON_AddNumberToObject(a, "limit", 2);
			cJSON_AddStringToObject(a, "after", next->valuestring);
			text = cJSON_PrintUnformatted(a);
			snprintf(args, sizeof args, "%s", text);
			cJSON_free(text);
			cJSON_Delete(a);
		}
		cJSON_Delete(r);
	}
	ck_assert_int_eq(pages, 3);
	/* Every ticket exactly once across the pages. */
	ck_assert_msg(strlen(seen) == 5 * 11 + 4, "%s", seen);
	{
		static const char *const all[] = { "B2611240001", "B2611240002", "B2611240003",
		    "B2611240004", "Y2611240001" };
		for (size_t i = 0; i < 5; i++)
			ck_assert_msg(strstr(seen, all[i]) != NULL, "%s missing from %s", all[i], seen);
	}
	/* A page of exactly the rest has no next. */
	r = h_expect_ok(h_call(c, "ticket.list", "{\"queue\":\"all\",\"limit\":5}"));
	ck_assert(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(reply_result(r), "next")));
	cJSON_Delete(r);
	conn_close(c);
}
END_TEST

START_TEST(test_ticket_list_arguments)
{
	static const struct { const char *args, *field; } bad[] = {
		{ "{}", "queue" },
		{ "{\"queue\":\"everything\"}", "queue" },
		{ "{\"queue\":5}", "queue" },
		{ "{\"queue\":\"all\",\"limit\":0}", "limit" },
		{ "{\"queue\":\"all\",\"limit\":201}", "limit" },
		{ "{\"queue\":\"all\",\"limit\":-1}", "limit" },
		{ "{\"queue\":\"all\",\"limit\":1.5}", "limit" },
		{ "{\"queue\":\"all\",\"limit\":\"10\"}", "limit" },
		{ "{\"queue\":\"all\",\"region\":\"mars\"}", "region" },
		{ "{\"queue\":\"all\",\"after\":\"garbage\"}", "after" },
		{ "{\"queue\":\"all\",\"after\":\"not a time|B2611240001\"}", "after" },
		{ "{\"queue\":\"all\",\"after\":5}", "after" },
	};
	struct conn *c = h_connect_as(E.d, "manager");

	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		h_expect_error(h_call(c, "ticket.list", bad[i].args), "invalid_argument",
		    bad[i].field);
	cJSON_Delete(h_expect_ok(h_call(c, "ticket.list", "{\"queue\":\"all\",\"limit\":200}")));
	cJSON_Delete(h_expect_ok(h_call(c, "ticket.list", "{\"queue\":\"overdue\",\"limit\":1}")));
	cJSON_Delete(h_expect_ok(h_call(c, "ticket.list", "{\"queue\":\"to_visit\"}")));
	conn_close(c);
}
END_TEST

Suite *
ops_suite(void)
{
	Suite *s = suite_create("ops");
	TCase *users = tcase_create("user_save");
	TCase *tickets = tcase_create("tickets");

	tcase_set_timeout(users, H_TEST_TIMEOUT);
	tcase_add_checked_fixture(users, setup, teardown);
	tcase_add_test(users, test_user_create_then_login);
	tcase_add_test(users, test_user_update);
	tcase_add_test(users, test_user_create_conflict);
	tcase_add_test(users, test_user_save_arguments);
	suite_add_tcase(s, users);

	tcase_set_timeout(tickets, H_TEST_TIMEOUT);
	tcase_add_checked_fixture(tickets, setup, teardown);
	tcase_add_test(tickets, test_ticket_get);
	tcase_add_test(tickets, test_ticket_get_technician);
	tcase_add_test(tickets, test_ticket_list_queues);
	tcase_add_test(tickets, test_ticket_list_pages);
	tcase_add_test(tickets, test_ticket_list_arguments);
	suite_add_tcase(s, tickets);
	return s;
}
