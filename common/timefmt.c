/*
 * timefmt.c: ISO 8601 times with offsets; see timefmt.h.
 */
#include "common/timefmt.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

void
time_format_iso(time_t t, char *buf, size_t size)
{
	struct tm tm;
	char zone[8];
	size_t n;

	localtime_r(&t, &tm);
	n = strftime(buf, size, "%Y-%m-%dT%H:%M:%S", &tm);
	strftime(zone, sizeof zone, "%z", &tm);   /* +0800 -> +08:00 */
	if (n > 0 && strlen(zone) == 5)
		snprintf(buf + n, size - n, "%.3s:%.2s", zone, zone + 3);
}

/* s starts with the shape of `pattern`: 'd' a digit, others themselves. */
static bool
shaped(const char *s, const char *pattern)
{
	for (; *pattern; s++, pattern++)
		if (*pattern == 'd' ? !isdigit((unsigned char)*s) : *s != *pattern)
			return false;
	return true;
}

bool
time_parse_iso(const char *s, time_t *out)
{
	struct tm tm = { 0 };
	int y, mo, d, h, mi, sec, oh = 0, om = 0, used = 0;
	char sign;
	long offset;

	if (!shaped(s, "dddd-dd-ddTdd:dd:dd") ||
	    sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &sec,
	    &used) != 6 || used != 19)
		return false;
	s += used;
	if (strcmp(s, "Z") == 0)
		offset = 0;
	else if ((s[0] == '+' || s[0] == '-') && shaped(s + 1, "dd:dd") &&
	    sscanf(s, "%c%2d:%2d%n", &sign, &oh, &om, &used) == 3 &&
	    s[used] == '\0' && (sign == '+' || sign == '-') && oh < 15 && om < 60)
		offset = (sign == '-' ? -1 : 1) * (oh * 3600L + om * 60L);
	else
		return false;
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60)
		return false;
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	time_t t = timegm(&tm);
	/* timegm normalises 02-31 to 03-03: a changed day was not a real date. */
	if (tm.tm_mday != d || tm.tm_mon != mo - 1)
		return false;
	*out = t - offset;
	return true;
}

#define TIME_PAST_GRACE_SECONDS (5 * 60)

bool
time_is_past(time_t t, time_t now)
{
	return t < now - TIME_PAST_GRACE_SECONDS;
}
