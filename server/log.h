/*
 * log.h: leveled logging to stderr, one line per entry, with a request id;
 * to the journal instead when systemd runs the daemon (log_to_journal).
 *
 * Never log customer data (names, phones, addresses, fault text): log ids,
 * op names, error codes and timings.
 */
#ifndef SVCDESK_LOG_H
#define SVCDESK_LOG_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/uio.h>

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

void log_set_level(enum log_level level);
enum log_level log_level_from_name(const char *name);  /* -1 when unknown */
/* reqid 0: not tied to a request. */
void log_msg(enum log_level level, uint64_t reqid, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* True when stderr is systemd's journal stream: JOURNAL_STREAM (set by
 * systemd, systemd.exec(5)) names stderr's device and inode. */
bool log_stderr_is_journal(void);
/* Entries go to the journal as fields (below) instead of lines on stderr,
 * when journald's socket is there; an entry the journal refuses is written
 * to stderr as before. */
void log_to_journal(bool on);

/* One journal entry: MESSAGE=, PRIORITY= (syslog's number for the level:
 * debug 7, info 6, warn 4, error 3), SYSLOG_IDENTIFIER=svcdeskd and, for
 * an entry tied to a request, REQUEST_ID=; iov[0..n) points into it. */
#define LOG_JOURNAL_FIELDS 4
struct log_journal_entry {
	char message[1100];
	char priority[16];
	char request_id[32];
	struct iovec iov[LOG_JOURNAL_FIELDS];
	int n;
};
void log_journal_fields(struct log_journal_entry *e, enum log_level level,
    uint64_t reqid, const char *text);

#define log_debug(...) log_msg(LOG_DEBUG, 0, __VA_ARGS__)
#define log_info(...)  log_msg(LOG_INFO, 0, __VA_ARGS__)
#define log_warn(...)  log_msg(LOG_WARN, 0, __VA_ARGS__)
#define log_error(...) log_msg(LOG_ERROR, 0, __VA_ARGS__)

#endif
