/*
 * test_outbox.c: the outbox's pure pieces (issue 14): valid_email
 * (common/records.h), the daemon's transport options (server/config.c),
 * and the SMS transport (server/transport.h) against real commands: exit
 * status 0 sent, another status, a missing command and one past its
 * timeout refused with words free of customer data.
 */
#include <string.h>
#include <time.h>

#include "common/records.h"
#include "server/config.h"
#include "server/transport.h"
#include "tests/unit/suites.h"

START_TEST(test_valid_email)
{
	static const char *const good[] = { "wang.li@example.com", "a@b.cn",
	    "li_mei+service@mail.example.com.cn", "张三@例子.中国" };
	static const char *const bad[] = { "", "wang", "wang@", "@example.com", "wang@example",
	    "wang@.com", "wang@example.", "wang li@example.com", "a@b@example.com",
	    "wang@example.com\r\nBcc: x@y.z", "<wang@example.com>", "wang@example.com,x@y.z",
	    "\"wang\"@example.com", "wang@exa\tmple.com" };

	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
		ck_assert_msg(valid_email(good[i]), "%s refused", good[i]);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		ck_assert_msg(!valid_email(bad[i]), "%s taken", bad[i]);
	{
		char longest[EMAIL_MAX + 2];
		memset(longest, 'a', sizeof longest);
		memcpy(longest + EMAIL_MAX - 6, "@b.com", 7);   /* EMAIL_MAX characters */
		ck_assert(valid_email(longest));
		memset(longest, 'a', sizeof longest);
		memcpy(longest + EMAIL_MAX - 5, "@b.com", 7);
		ck_assert(!valid_email(longest));
	}
}
END_TEST

static bool
parse(struct config *cfg, const char *const *args)
{
	char *argv[16] = { "serve" };
	int argc = 1;

	for (; args[argc - 1] != NULL; argc++)
		argv[argc] = (char *)args[argc - 1];
	config_defaults(cfg);
	return config_parse(cfg, argc, argv);
}

START_TEST(test_transport_options)
{
	struct config cfg;
	const char *both[] = { "--smtp-url", "smtp://127.0.0.1:25", "--smtp-from",
	    "service@example.com", "--sms-command", "/usr/local/bin/sms", "--notify-interval", "2",
	    "--notify-timeout", "9", NULL };
	const char *url_alone[] = { "--smtp-url", "smtp://127.0.0.1:25", NULL };
	const char *from_alone[] = { "--smtp-from", "service@example.com", NULL };
	const char *slow[] = { "--notify-timeout", "601", NULL };
	const char *never[] = { "--notify-interval", "0", NULL };
	const char *none[] = { NULL };

	ck_assert(parse(&cfg, none));
	ck_assert_ptr_null(cfg.smtp_url);
	ck_assert_ptr_null(cfg.sms_command);
	ck_assert_int_eq(cfg.notify_interval, 5);
	ck_assert_int_eq(cfg.notify_timeout, 30);
	ck_assert(parse(&cfg, both));
	ck_assert_str_eq(cfg.smtp_url, "smtp://127.0.0.1:25");
	ck_assert_str_eq(cfg.smtp_from, "service@example.com");
	ck_assert_str_eq(cfg.sms_command, "/usr/local/bin/sms");
	ck_assert_int_eq(cfg.notify_interval, 2);
	ck_assert_int_eq(cfg.notify_timeout, 9);
	ck_assert(!parse(&cfg, url_alone));
	ck_assert(!parse(&cfg, from_alone));
	ck_assert(!parse(&cfg, slow));
	ck_assert(!parse(&cfg, never));
}
END_TEST

START_TEST(test_sms_command)
{
	char why[256] = "";
	time_t t0;

	ck_assert(sms_send("true", "13800138000", "您好", 5, why, sizeof why));
	ck_assert(!sms_send("false", "13800138000", "您好", 5, why, sizeof why));
	ck_assert_str_eq(why, "sms: the command exited with 1");
	ck_assert(!sms_send("/nonexistent/sms-gateway", "13800138000", "您好", 5, why,
	    sizeof why));
	ck_assert_msg(strncmp(why, "sms: cannot run the command", 27) == 0, "%s", why);
	t0 = time(NULL);
	ck_assert(!sms_send("tail", "-f", "/dev/null", 1, why, sizeof why));   /* never ends */
	ck_assert_str_eq(why, "sms: the command took more than 1 s");
	ck_assert_int_le(time(NULL) - t0, 3);
	ck_assert(strstr(why, "13800138000") == NULL);
}
END_TEST

START_TEST(test_smtp_refuses_bad_address)
{
	char why[256] = "";

	/* refused before any connection: the URL is never tried */
	ck_assert(!smtp_send("smtp://127.0.0.1:1", "service@example.com",
	    "wang@example.com>\r\nBcc: x@y.z", "您好", 1, why, sizeof why));
	ck_assert_str_eq(why, "not an e-mail address");
}
END_TEST

Suite *
outbox_suite(void)
{
	Suite *s = suite_create("outbox");
	TCase *tc = tcase_create("outbox");

	tcase_add_test(tc, test_valid_email);
	tcase_add_test(tc, test_transport_options);
	tcase_add_test(tc, test_sms_command);
	tcase_add_test(tc, test_smtp_refuses_bad_address);
	suite_add_tcase(s, tc);
	return s;
}
