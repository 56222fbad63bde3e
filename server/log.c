/*
 * log.c: stderr logging with UTC timestamps; see log.h.
 */
#include "server/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <sys/time.h>

static enum log_level min_level = LOG_INFO;
static const char *const level_names[] = { "debug", "info", "warn", "error" };

void
log_set_level(enum log_level level)
{
	min_level = level;
}

enum log_level
log_level_from_name(const char *name)
{
	for (int i = 0; i < 4; i++)
		if (strcmp(level_names[i], name) == 0)
			return (enum log_level)i;
	return (enum log_level)-1;
}

void
log_msg(enum log_level level, uint64_t reqid, const char *fmt, ...)
{
	char when[32], text[1024];
	struct timeval tv;
	struct tm tm;
	va_list ap;

	if (level < min_level)
		return;
	gettimeofday(&tv, NULL);
	gmtime_r(&tv.tv_sec, &tm);
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%S", &tm);
	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	if (reqid != 0)
		fprintf(stderr, "%s.%03ldZ %-5s req=%llu %s\n", when,
		    (long)tv.tv_usec / 1000, level_names[level],
		    (unsigned long long)reqid, text);
	else
		fprintf(stderr, "%s.%03ldZ %-5s %s\n", when,
		    (long)tv.tv_usec / 1000, level_names[level], text);
}
