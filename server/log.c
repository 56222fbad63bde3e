/*
 * log.c: stderr logging with UTC timestamps, or journal entries when systemd
 * runs the daemon; see log.h.
 */
#include "server/log.h"

#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include "server/journal.h"

/* Set on the loop (the start, SIGHUP), read by every thread that logs
 * (the password hasher's, the exporter's, the notifier's): atomic, so a
 * reload racing a worker's entry reads the old level or the new, a defined
 * read that TSan does not flag. Relaxed: nothing else is published with it.
 * to_journal is set once at the start, before any thread exists. */
static atomic_int min_level = LOG_INFO;
static bool to_journal;
static const char *const level_names[] = { "debug", "info", "warn", "error" };
/* syslog's priorities (LOG_DEBUG, LOG_INFO, LOG_WARNING, LOG_ERR there;
 * <syslog.h> is not included: its names are ours). */
static const int level_priorities[] = { 7, 6, 4, 3 };

void
log_set_level(enum log_level level)
{
	atomic_store_explicit(&min_level, (int)level, memory_order_relaxed);
}

enum log_level
log_level_from_name(const char *name)
{
	for (int i = 0; i < 4; i++)
		if (strcmp(level_names[i], name) == 0)
			return (enum log_level)i;
	return (enum log_level)-1;
}

bool
log_stderr_is_journal(void)
{
	const char *stream = getenv("JOURNAL_STREAM");
	unsigned long long dev, ino;
	struct stat st;

	if (stream == NULL || sscanf(stream, "%llu:%llu", &dev, &ino) != 2 ||
	    fstat(STDERR_FILENO, &st) != 0)
		return false;
	return (unsigned long long)st.st_dev == dev &&
	    (unsigned long long)st.st_ino == ino;
}

void
log_to_journal(bool on)
{
	to_journal = on && journal_available();
}

static void
add_field(struct log_journal_entry *e, const char *field)
{
	e->iov[e->n].iov_base = (void *)field;
	e->iov[e->n].iov_len = strlen(field);
	e->n++;
}

void
log_journal_fields(struct log_journal_entry *e, enum log_level level,
    uint64_t reqid, const char *text)
{
	static const char identifier[] = "SYSLOG_IDENTIFIER=svcdeskd";

	e->n = 0;
	snprintf(e->message, sizeof e->message, "MESSAGE=%s", text);
	snprintf(e->priority, sizeof e->priority, "PRIORITY=%d",
	    level_priorities[level]);
	add_field(e, e->message);
	add_field(e, e->priority);
	add_field(e, identifier);
	if (reqid != 0) {
		snprintf(e->request_id, sizeof e->request_id, "REQUEST_ID=%llu",
		    (unsigned long long)reqid);
		add_field(e, e->request_id);
	}
}

static void
log_stderr(enum log_level level, uint64_t reqid, const char *text)
{
	char when[32];
	struct timeval tv;
	struct tm tm;

	gettimeofday(&tv, NULL);
	gmtime_r(&tv.tv_sec, &tm);
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%S", &tm);
	if (reqid != 0)
		fprintf(stderr, "%s.%03ldZ %-5s req=%llu %s\n", when,
		    (long)tv.tv_usec / 1000, level_names[level],
		    (unsigned long long)reqid, text);
	else
		fprintf(stderr, "%s.%03ldZ %-5s %s\n", when,
		    (long)tv.tv_usec / 1000, level_names[level], text);
}

void
log_msg(enum log_level level, uint64_t reqid, const char *fmt, ...)
{
	struct log_journal_entry entry;
	char text[1024];
	va_list ap;

	if ((int)level < atomic_load_explicit(&min_level, memory_order_relaxed))
		return;
	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	if (to_journal) {
		log_journal_fields(&entry, level, reqid, text);
		if (journal_send(entry.iov, entry.n) == 0)
			return;
	}
	log_stderr(level, reqid, text);
}
