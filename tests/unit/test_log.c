/*
 * test_log.c: server/log.c's journal side: the fields of an entry (MESSAGE,
 * PRIORITY mapped from the level, SYSLOG_IDENTIFIER, REQUEST_ID only for an
 * entry of a request), when stderr counts as the journal (JOURNAL_STREAM),
 * and server/sdnotify.c's STATUS= text.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "server/log.h"
#include "server/sdnotify.h"
#include "tests/unit/suites.h"

/* Field i of the entry as a string. */
static const char *
field(const struct log_journal_entry *e, int i, char *buf, size_t size)
{
	size_t len = e->iov[i].iov_len < size - 1 ? e->iov[i].iov_len : size - 1;

	memcpy(buf, e->iov[i].iov_base, len);
	buf[len] = '\0';
	return buf;
}

/* True when the entry has exactly this field. */
static bool
has(const struct log_journal_entry *e, const char *want)
{
	char buf[2048];

	for (int i = 0; i < e->n; i++)
		if (strcmp(field(e, i, buf, sizeof buf), want) == 0)
			return true;
	return false;
}

static int
count_prefix(const struct log_journal_entry *e, const char *prefix)
{
	char buf[2048];
	int n = 0;

	for (int i = 0; i < e->n; i++)
		n += strncmp(field(e, i, buf, sizeof buf), prefix, strlen(prefix)) == 0;
	return n;
}

START_TEST(test_priorities)
{
	/* syslog's numbers (RFC 5424): debug 7, info 6, warning 4, err 3. */
	static const struct { enum log_level level; const char *want; } cases[] = {
		{ LOG_DEBUG, "PRIORITY=7" }, { LOG_INFO, "PRIORITY=6" },
		{ LOG_WARN, "PRIORITY=4" }, { LOG_ERROR, "PRIORITY=3" },
	};
	struct log_journal_entry e;

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		log_journal_fields(&e, cases[i].level, 0, "pool up");
		ck_assert_msg(has(&e, cases[i].want), "level %d: no %s",
		    (int)cases[i].level, cases[i].want);
		ck_assert_int_eq(count_prefix(&e, "PRIORITY="), 1);
	}
}
END_TEST

START_TEST(test_fields)
{
	struct log_journal_entry e;

	log_journal_fields(&e, LOG_WARN, 0, "database connection lost");
	ck_assert_int_eq(e.n, 3);
	ck_assert(has(&e, "MESSAGE=database connection lost"));
	ck_assert(has(&e, "SYSLOG_IDENTIFIER=svcdeskd"));
	ck_assert_int_eq(count_prefix(&e, "REQUEST_ID="), 0);

	log_journal_fields(&e, LOG_ERROR, 18446744073709551615ULL, "statement failed");
	ck_assert_int_eq(e.n, 4);
	ck_assert(has(&e, "REQUEST_ID=18446744073709551615"));
	ck_assert(has(&e, "MESSAGE=statement failed"));
	ck_assert(has(&e, "PRIORITY=3"));
}
END_TEST

START_TEST(test_long_message)
{
	struct log_journal_entry e;
	char text[1024];

	memset(text, 'x', sizeof text - 1);
	text[sizeof text - 1] = '\0';
	log_journal_fields(&e, LOG_INFO, 7, text);
	ck_assert_uint_eq(e.iov[0].iov_len, strlen("MESSAGE=") + sizeof text - 1);
	ck_assert(has(&e, "REQUEST_ID=7"));
}
END_TEST

START_TEST(test_journal_stream)
{
	struct stat st;
	char value[64];

	ck_assert_int_eq(fstat(STDERR_FILENO, &st), 0);
	unsetenv("JOURNAL_STREAM");
	ck_assert(!log_stderr_is_journal());
	snprintf(value, sizeof value, "%llu:%llu", (unsigned long long)st.st_dev,
	    (unsigned long long)st.st_ino);
	setenv("JOURNAL_STREAM", value, 1);
	ck_assert(log_stderr_is_journal());
	/* Another file: stderr was redirected after systemd started us. */
	snprintf(value, sizeof value, "%llu:%llu", (unsigned long long)st.st_dev,
	    (unsigned long long)st.st_ino + 1);
	setenv("JOURNAL_STREAM", value, 1);
	ck_assert(!log_stderr_is_journal());
	setenv("JOURNAL_STREAM", "journal", 1);
	ck_assert(!log_stderr_is_journal());
	unsetenv("JOURNAL_STREAM");
}
END_TEST

START_TEST(test_status_text)
{
	char buf[160];

	sdnotify_status_text(buf, sizeof buf, false, 3, 0);
	ck_assert_str_eq(buf, "waiting for the database (reconnecting); 3 clients connected");
	sdnotify_status_text(buf, sizeof buf, true, 12, 5);
	ck_assert_str_eq(buf, "serving 12 clients, 5 requests running or queued");
}
END_TEST

Suite *
log_suite(void)
{
	Suite *s = suite_create("log");
	TCase *tc = tcase_create("journal");

	tcase_add_test(tc, test_priorities);
	tcase_add_test(tc, test_fields);
	tcase_add_test(tc, test_long_message);
	tcase_add_test(tc, test_journal_stream);
	tcase_add_test(tc, test_status_text);
	suite_add_tcase(s, tc);
	return s;
}
