/*
 * timefmt.h: times on the wire are ISO 8601 with an offset, in the
 * process's time zone (svcdeskd sets TZ to the centre's, Asia/Shanghai by
 * default): 2026-11-24T09:30:00+08:00.
 */
#ifndef SVCDESK_TIMEFMT_H
#define SVCDESK_TIMEFMT_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#define TIMEFMT_LEN 32

void time_format_iso(time_t t, char *buf, size_t size);
/* Parses the form above (offset or Z required); false when malformed. */
bool time_parse_iso(const char *s, time_t *out);
/* Whether t is too far in the past for something still to happen, such as an
 * appointment: a few minutes are allowed for terminals' clocks and typing. */
bool time_is_past(time_t t, time_t now);

#endif
