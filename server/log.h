/*
 * log.h: leveled logging to stderr, one line per entry, with a request id.
 *
 * Never log customer data (names, phones, addresses, fault text): log ids,
 * op names, error codes and timings.
 */
#ifndef SVCDESK_LOG_H
#define SVCDESK_LOG_H

#include <stdint.h>

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

void log_set_level(enum log_level level);
enum log_level log_level_from_name(const char *name);  /* -1 when unknown */
/* reqid 0: not tied to a request. */
void log_msg(enum log_level level, uint64_t reqid, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#define log_debug(...) log_msg(LOG_DEBUG, 0, __VA_ARGS__)
#define log_info(...)  log_msg(LOG_INFO, 0, __VA_ARGS__)
#define log_warn(...)  log_msg(LOG_WARN, 0, __VA_ARGS__)
#define log_error(...) log_msg(LOG_ERROR, 0, __VA_ARGS__)

#endif
