/*
 * ui/util.c: small helpers for the terminal client: UTF-8 and display
 * widths, clipped drawing, safe JSON getters, time parsing and countdowns.
 *
 * Server text is always UTF-8, whatever the locale: it is decoded here into
 * wide characters and measured with wcwidth, so a Chinese name takes two
 * columns per character and never spills past its column.
 */
#include "client/ui/ui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int64_t
ui_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Length of the sequence a lead byte starts (0: not a lead byte). */
static size_t
utf8_seq_len(unsigned char c)
{
	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		return 2;
	if (c >= 0xE0 && c <= 0xEF)
		return 3;
	if (c >= 0xF0 && c <= 0xF4)
		return 4;
	return 0;
}

/* Decodes the character at s into *wc; returns its byte length (0 at the end
 * of the string). A malformed byte reads as U+FFFD and advances by one. */
size_t
ui_utf8_decode(const char *s, wchar_t *wc)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t n = utf8_seq_len(u[0]), i;
	uint32_t v;

	if (u[0] == 0)
		return 0;
	if (n == 0)
		return *wc = 0xFFFD, 1;
	v = n == 1 ? u[0] : u[0] & (0x7F >> n);
	for (i = 1; i < n; i++) {
		if ((u[i] & 0xC0) != 0x80)
			return *wc = 0xFFFD, 1;
		v = v << 6 | (u[i] & 0x3F);
	}
	if ((n == 3 && v < 0x800) || (n == 4 && (v < 0x10000 || v > 0x10FFFF)) ||
	    (v >= 0xD800 && v <= 0xDFFF))
		return *wc = 0xFFFD, 1;
	*wc = (wchar_t)v;
	return n;
}

/* Encodes one character; returns the bytes written (0 when no room). */
static size_t
utf8_put(uint32_t v, char *out, size_t room)
{
	size_t n = v < 0x80 ? 1 : v < 0x800 ? 2 : v < 0x10000 ? 3 : 4;
	size_t i;

	if (n > room)
		return 0;
	if (n == 1) {
		out[0] = (char)v;
		return 1;
	}
	for (i = n - 1; i > 0; i--, v >>= 6)
		out[i] = (char)(0x80 | (v & 0x3F));
	out[0] = (char)(((0xFF00u >> n) & 0xFF) | v);
	return n;
}

/* Encodes w[0..n) as UTF-8 into out (always terminated); returns its length. */
size_t
ui_utf8_encode(const wchar_t *w, size_t n, char *out, size_t len)
{
	size_t o = 0, i, k;

	if (len == 0)
		return 0;
	for (i = 0; i < n; i++) {
		uint32_t v = (uint32_t)w[i];
		if (v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
			v = 0xFFFD;
		if ((k = utf8_put(v, out + o, len - 1 - o)) == 0)
			break;
		o += k;
	}
	out[o] = '\0';
	return o;
}

/* Columns a character takes; -1 for one that cannot be shown. */
int
ui_wc_width(wchar_t wc)
{
	if (wc < 0x20 || (wc >= 0x7F && wc < 0xA0))
		return -1;
	return wcwidth(wc);
}

int
ui_text_width(const char *s)
{
	wchar_t wc;
	size_t k;
	int w = 0, cw;

	while ((k = ui_utf8_decode(s, &wc)) > 0) {
		cw = ui_wc_width(wc);
		w += cw < 0 ? 1 : cw;
		s += k;
	}
	return w;
}

size_t
ui_fit_line(const char *s, int width)
{
	const char *p = s, *space = NULL;
	wchar_t wc;
	size_t k;
	int w = 0, cw;

	while ((k = ui_utf8_decode(p, &wc)) > 0) {
		cw = ui_wc_width(wc);
		cw = cw < 0 ? 1 : cw;
		if (w + cw > width && p > s)
			break;
		w += cw;
		p += k;
		if (wc == L' ')
			space = p;
	}
	/* inside a word of blank-separated text: back to after its blank */
	if (k > 0 && space != NULL && *p != ' ' && p[-1] != ' ' &&
	    (unsigned char)*p < 0x80)
		p = space;
	return (size_t)(p - s);
}

/* Appends pad blanks and s[0..len) as a line to *lines; false when out of
 * memory. */
static bool
lines_add(char ***lines, int *n, int pad, const char *s, size_t len)
{
	char **l = realloc(*lines, (size_t)(*n + 1) * sizeof *l);

	if (l == NULL)
		return false;
	*lines = l;
	if ((l[*n] = malloc((size_t)pad + len + 1)) == NULL)
		return false;
	memset(l[*n], ' ', (size_t)pad);
	memcpy(l[*n] + pad, s, len);
	l[*n][pad + len] = '\0';
	(*n)++;
	return true;
}

int
ui_wrap(const char *text, int width, char ***lines)
{
	const char *s = text;
	size_t len;
	int n = 0, indent = 0, pad = 0;

	*lines = NULL;
	while (*s) {
		if (s == text || s[-1] == '\n') {   /* a paragraph: its indent */
			indent = (int)strspn(s, " ");
			indent = indent < width / 2 ? indent : 0;
			pad = 0;
		}
		len = *s == '\n' ? 0 : ui_fit_line(s, width - pad);
		if (memchr(s, '\n', len) != NULL)
			len = (size_t)((const char *)memchr(s, '\n', len) - s);
		if (!lines_add(lines, &n, pad, s, len))
			break;
		s += len;
		pad = indent;   /* the lines it continues on: under its first */
		if (*s == '\n')
			s++;
		else
			while (*s == ' ')
				s++;
	}
	return n;
}

void
ui_lines_free(char **lines, int n)
{
	for (int i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
}

/* Draws s at (y, x) in at most width columns and pads the rest with spaces
 * in the current attributes. Control characters show as spaces, characters
 * the terminal cannot show as '?'. Returns the columns the text took. */
int
ui_put(int y, int x, int width, const char *s)
{
	wchar_t buf[512], wc;
	size_t n = 0, k;
	int used = 0, w;

	while (n < 511 && (k = ui_utf8_decode(s, &wc)) > 0) {
		if (wc < 0x20)
			wc = L' ';
		if ((w = ui_wc_width(wc)) < 0)
			wc = L'?', w = 1;
		if (used + w > width)
			break;
		buf[n++] = wc;
		used += w;
		s += k;
	}
	buf[n] = L'\0';
	if (width > 0)
		mvaddnwstr(y, x, buf, (int)n);
	for (w = used; w < width; w++)
		mvaddch(y, x + w, ' ');
	return used;
}

/* Draws s right-aligned in width columns (clipped when wider). */
void
ui_put_right(int y, int x, int width, const char *s)
{
	int w = ui_text_width(s);

	if (w > width)
		w = width;
	ui_put(y, x + width - w, w, s);
}

void
ui_put_cells(int y, int x, const int *widths, const char *const *cells, int n)
{
	int w;

	for (int i = 0; i < n && x < COLS; i++) {
		w = widths[i] < 0 ? -widths[i] : widths[i];
		if (x + w > COLS)
			w = COLS - x;
		if (widths[i] < 0)
			ui_put(y, x, w, ""), ui_put_right(y, x, w, cells[i]);
		else
			ui_put(y, x, w, cells[i]);
		x += w;
		if (x < COLS)
			ui_put(y, x++, 1, "");
	}
}

/* Copies src into dst (len bytes), cutting at a character boundary. */
void
ui_copy(char *dst, size_t len, const char *src)
{
	size_t n = strlen(src);

	if (len == 0)
		return;
	if (n >= len) {
		n = len - 1;
		while (n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* Overwrites memory that held a secret. */
void
ui_wipe(void *p, size_t len)
{
	explicit_bzero(p, len);
}

/* JSON getters that never fail: "" / def / false for a missing member or a
 * member of the wrong type (o may be NULL). */
const char *
ui_jstr(const cJSON *o, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);

	return cJSON_IsString(v) && v->valuestring ? v->valuestring : "";
}

int64_t
ui_jint(const cJSON *o, const char *name, int64_t def)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);

	if (!cJSON_IsNumber(v) || v->valuedouble != v->valuedouble ||
	    v->valuedouble > 9e15 || v->valuedouble < -9e15)
		return def;
	return (int64_t)v->valuedouble;
}

void
ui_jjoin(const cJSON *o, const char *name, char *buf, size_t len)
{
	const cJSON *v;
	size_t n = 0;

	if (len == 0)
		return;
	buf[0] = '\0';
	cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(o, name))
		if (cJSON_IsString(v) && v->valuestring != NULL && n < len)
			n += (size_t)snprintf(buf + n, len - n, "%s%s", n ? ", " : "",
			    v->valuestring);
}

bool
ui_jbool(const cJSON *o, const char *name)
{
	return cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, name));
}

/* Reads the zone of an ISO 8601 time: Z, +HH:MM, +HHMM or +HH. */
static bool
parse_zone(const char *s, int *tzoff)
{
	int h = 0, m = 0, sign;

	if ((s[0] == 'Z' || s[0] == 'z') && s[1] == '\0')
		return *tzoff = 0, true;
	if (s[0] != '+' && s[0] != '-')
		return false;
	sign = s[0] == '-' ? -1 : 1;
	if (sscanf(s + 1, "%2d:%2d", &h, &m) < 1 &&
	    sscanf(s + 1, "%2d%2d", &h, &m) < 1)
		return false;
	if (h > 23 || m > 59)
		return false;
	*tzoff = sign * (h * 3600 + m * 60);
	return true;
}

/* Parses "2026-11-24T09:30:00+08:00" (fraction and zone optional; no zone
 * means UTC) into *t; *tzoff gets the zone's offset in seconds. */
bool
ui_parse_time(const char *s, time_t *t, int *tzoff)
{
	struct tm tm = { 0 };
	int n = 0, off = 0;

	if (s == NULL || sscanf(s, "%4d-%2d-%2d%*1[Tt ]%2d:%2d:%2d%n", &tm.tm_year,
	    &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &n) < 6 ||
	    n == 0)
		return false;
	s += n;
	if (*s == '.' || *s == ',')
		for (s++; *s >= '0' && *s <= '9'; s++)
			;
	if (*s != '\0' && !parse_zone(s, &off))
		return false;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	*t = timegm(&tm) - off;
	if (tzoff != NULL)
		*tzoff = off;
	return true;
}

/* "2h15m09s", "-0h30m00s", past 99 hours "4d03h", past 99 days "99d+". */
void
ui_countdown(long secs, char *buf, size_t len)
{
	const char *sign = secs < 0 ? "-" : "";
	long a = secs < 0 ? -secs : secs;
	long h = a / 3600, m = a % 3600 / 60;

	if (h / 24 > 99)
		snprintf(buf, len, "%s99d+", sign);
	else if (h > 99)
		snprintf(buf, len, "%s%ldd%02ldh", sign, h / 24, h % 24);
	else
		snprintf(buf, len, "%s%ldh%02ldm%02lds", sign, h, m, a % 60);
}

/* t as a broken-down time in the server's zone. */
static void
server_tm(const struct app *a, time_t t, struct tm *tm)
{
	t += a->server_tz;
	gmtime_r(&t, tm);
}

void
ui_show_time(const struct app *a, time_t t, bool short_form, char *buf,
    size_t len)
{
	struct tm tm;

	if (t == 0) {
		snprintf(buf, len, "-");
		return;
	}
	server_tm(a, t, &tm);
	strftime(buf, len, short_form ? "%m-%d %H:%M" : "%Y-%m-%d %H:%M:%S", &tm);
}

void
ui_server_today(const struct app *a, char *buf, size_t len)
{
	struct tm tm;

	server_tm(a, net_server_now(a), &tm);
	strftime(buf, len, "%Y-%m-%d", &tm);
}

time_t
ui_server_day_start(const struct app *a)
{
	time_t now = net_server_now(a);
	struct tm tm;

	server_tm(a, now, &tm);
	return now - (tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec);
}

/* The server's offset as "+08:00". */
static void
zone_text(const struct app *a, char *buf, size_t len)
{
	int off = a->server_tz < 0 ? -a->server_tz : a->server_tz;

	snprintf(buf, len, "%c%02d:%02d", a->server_tz < 0 ? '-' : '+',
	    off / 3600 % 100, off % 3600 / 60);
}

void
ui_time_input(const struct app *a, const char *in, char *out, size_t len)
{
	char day[16], zone[8];
	int y, mo, d, h, mi, n = 0;
	time_t t;

	zone_text(a, zone, sizeof zone);
	while (*in == ' ')
		in++;
	if (ui_parse_time(in, &t, NULL) && strpbrk(in + 10, "Zz+-") != NULL)
		snprintf(out, len, "%s", in);
	else if (sscanf(in, "%4d-%2d-%2d%*[ T]%2d:%2d%n", &y, &mo, &d, &h, &mi, &n) == 5 &&
	    in[n] == '\0')
		snprintf(out, len, "%04d-%02d-%02dT%02d:%02d:00%s", y, mo, d, h, mi, zone);
	else if (sscanf(in, "%2d:%2d%n", &h, &mi, &n) == 2 && in[n] == '\0') {
		ui_server_today(a, day, sizeof day);
		snprintf(out, len, "%sT%02d:%02d:00%s", day, h, mi, zone);
	} else
		snprintf(out, len, "%s", in);
}

void
ui_yuan(int64_t fen, char *buf, size_t len)
{
	const char *sign = fen < 0 ? "-" : "";

	if (fen < 0)
		fen = -fen;
	snprintf(buf, len, "%s%lld.%02lld", sign, (long long)(fen / 100),
	    (long long)(fen % 100));
}
