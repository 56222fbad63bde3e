/*
 * widget/form_check.c: what is wrong with a form, in the user's words.
 *
 * Every item is checked before a form is sent (required, its kind of text,
 * its own check) and every problem is marked at once, so the user fixes
 * them in one go instead of one per save. A daemon's refusal names a wire
 * field ("labour_minutes", "shares.penalty.amount"): it is put on the item
 * that fills that field and told by the item's label, with the daemon's
 * reason translated where it is one of the common ones (common/validate.c
 * words them). The user never sees a wire name.
 */
#include "client/widget/form.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client/conn.h"
#include "common/phone.h"
#include "common/records.h"
#include "common/validate.h"

static const char problem_required[] = N_("required");
static const char problem_integer[] = N_("a whole number");
static const char problem_range[] = N_("a whole number from %ld to %ld");
static const char problem_amount[] = N_("an amount in yuan, like 12.50");
static const char problem_date[] = N_("a date as YYYY-MM-DD");
static const char problem_time[] = N_("HH:MM or YYYY-MM-DD HH:MM");
static const char problem_phone[] = N_("7 to 20 digits, maybe a leading +");
static const char problem_length[] = N_("at most %d characters");
static const char problem_name[] = N_("a name, not a phone number");
static const char problem_serial[] = N_("at least %d characters");
static const char problem_future[] = N_("after today: a unit is bought by today");

long
form_date_num(const char *s)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y, m, d, n = 0;

	if (sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || s[n] != '\0' ||
	    n != 10 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1] ||
	    (m == 2 && d == 29 && (y % 4 != 0 || (y % 100 == 0 && y % 400 != 0))))
		return -1;
	return (long)y * 10000 + m * 100 + d;
}

static bool
all_digits(const char *s, size_t n)
{
	return n > 0 && strspn(s, "0123456789") >= n;
}

static bool
valid_integer(const char *s, long *v)
{
	char *end;

	if (!all_digits(s + (s[0] == '-'), strlen(s + (s[0] == '-'))))
		return false;
	*v = strtol(s, &end, 10);
	return *end == '\0' && strlen(s) < 12;
}

/* 12, 12.5, 12.50: yuan with at most two decimals. */
static bool
valid_amount(const char *s)
{
	size_t whole = strspn(s, "0123456789");
	const char *dot = s + whole;

	if (whole == 0 || whole > 9)
		return false;
	if (*dot == '\0')
		return true;
	return *dot == '.' && strlen(dot + 1) >= 1 && strlen(dot + 1) <= 2 &&
	    all_digits(dot + 1, strlen(dot + 1));
}

static bool
valid_clock(const char *s)
{
	int h, m, n = 0;

	return sscanf(s, "%2d:%2d%n", &h, &m, &n) == 2 && s[n] == '\0' && n == 5 &&
	    h >= 0 && h < 24 && m >= 0 && m < 60;
}

/* HH:MM, or YYYY-MM-DD HH:MM (or with a T), as ui_time_input takes it. */
static bool
valid_time(const char *s)
{
	char day[11];

	if (valid_clock(s))
		return true;
	if (strlen(s) != 16 || (s[10] != ' ' && s[10] != 'T'))
		return false;
	memcpy(day, s, 10);
	day[10] = '\0';
	return form_date_num(day) > 0 && valid_clock(s + 11);
}

/* One or more phones, each in any common form (common/phone.h). */
static bool
valid_phones(const char *s)
{
	char phones[PHONES_MAX][PHONE_TEXT_MAX];

	return phones_split(s, phones, PHONES_MAX) > 0;
}

static const char *
check_kind(const struct form_item *it, const char *text)
{
	long v;

	switch (it->check) {
	case FC_INTEGER:
		if (!valid_integer(text, &v))
			return it->lo < it->hi ? problem_range : problem_integer;
		return it->lo < it->hi && (v < it->lo || v > it->hi) ? problem_range : NULL;
	case FC_AMOUNT: return valid_amount(text) ? NULL : problem_amount;
	case FC_DATE: return form_date_num(text) > 0 ? NULL : problem_date;
	case FC_TIME: return valid_time(text) ? NULL : problem_time;
	case FC_PHONE: return valid_phones(text) ? NULL : problem_phone;
	case FC_NAME: return name_is_phone(text) ? problem_name : NULL;
	case FC_SERIAL: return serial_long_enough(text) ? NULL : problem_serial;
	case FC_ANY: break;
	}
	return NULL;
}

const char *
form_check_text(const struct form_item *it, const char *text)
{
	if (it->kind == FK_TEXT && text[0] == '\0')
		return it->flags & FF_REQUIRED ? problem_required : NULL;
	if (it->kind == FK_TEXT && it->max > 0 && utf8_length(text) > (size_t)it->max)
		return problem_length;   /* a counted item's text past its limit */
	return it->kind == FK_TEXT ? check_kind(it, text) : NULL;
}

int
form_check(struct form *f)
{
	char text[UI_FIELD_MAX * 4 + 1];
	const char *problem;
	int bad = 0, first = -1;

	form_clear_errors(f);
	for (int i = 0; i < f->n; i++) {
		struct form_item *it = &f->items[i];
		if (it->hidden || it->locked)
			continue;
		text[0] = '\0';
		if (it->kind == FK_TEXT)
			form_text(f, i, text, sizeof text);
		problem = form_check_text(it, text);
		if (problem == NULL && it->check_fn != NULL)
			problem = it->check_fn(f, i, text);
		if (problem == NULL)
			continue;
		it->error = true;
		it->problem = problem;
		bad++;
		first = first < 0 ? i : first;
	}
	if (first >= 0 && form_can_focus(f, first, true))
		f->focus = first;
	return bad;
}

/* "Label: problem" into buf (appending after sep when buf holds some). */
static void
add_problem(char *buf, size_t len, const struct form_item *it, const char *sep)
{
	size_t n = strlen(buf);
	char why[160];

	if (it->problem == problem_range)
		snprintf(why, sizeof why, _(problem_range), it->lo, it->hi);
	else if (it->problem == problem_length)
		snprintf(why, sizeof why, _(problem_length), it->max);
	else if (it->problem == problem_serial)
		snprintf(why, sizeof why, _(problem_serial), SERIAL_MIN);
	else
		ui_copy(why, sizeof why, _(it->problem));
	if (n < len)
		snprintf(buf + n, len - n, "%s", n > 0 ? sep : "");
	n = strlen(buf);
	if (n < len)
		snprintf(buf + n, len - n, _("%s: %s"), _(it->label), why);
}

void
form_errors_text(const struct form *f, char *buf, size_t len)
{
	buf[0] = '\0';
	for (int i = 0; i < f->n; i++)
		if (f->items[i].error && f->items[i].problem != NULL)
			add_problem(buf, len, &f->items[i], _("; "));
}

/* field is wire itself or names a part of it: "customer.phones[1]". */
static bool
names(const char *field, const char *wire)
{
	size_t n = strlen(wire);

	return strncmp(field, wire, n) == 0 &&
	    (field[n] == '\0' || field[n] == '[' || field[n] == '.');
}

int
form_mark_error(struct form *f, const char *field,
    const char *const (*aliases)[2])
{
	for (int k = 0; aliases != NULL && aliases[k][0] != NULL; k++)
		if (strcmp(field, aliases[k][0]) == 0)
			field = aliases[k][1];
	for (int i = 0; field[0] && i < f->n; i++)
		if (f->items[i].wire != NULL && names(field, f->items[i].wire)) {
			f->items[i].error = true;
			f->items[i].problem = NULL;
			if (form_can_focus(f, i, true))
				f->focus = i;
			return i;
		}
	return -1;
}

void
form_clear_errors(struct form *f)
{
	for (int i = 0; i < f->n; i++) {
		f->items[i].error = false;
		f->items[i].problem = NULL;
	}
}

/* The daemon's reasons (common/validate.c, common/records.c) as this
 * form's problems; the more particular first ("phone" is in several). */
static const struct { const char *says; const char *problem; } reasons[] = {
	{ " is a phone number, not a name", problem_name },
	{ "serial is at least ", problem_serial },
	{ " is in the future", problem_future },
	{ " is at most ", problem_length },
	{ " is required", problem_required },
	{ " must not be empty", problem_required },
	{ " must be an integer", problem_integer },
	{ " must be between ", N_("out of the allowed range") },
	{ " must be a date YYYY-MM-DD", problem_date },
	{ " is not a real date", problem_date },
	{ " must be one of: ", N_("not one of the choices") },
	{ "phone", problem_phone },
};

static const char *
reason_of(const cJSON *reply)
{
	const char *msg = ui_jstr(cJSON_GetObjectItemCaseSensitive(reply, "error"),
	    "message");

	if (strcmp(reply_code(reply), "invalid_argument") != 0)
		return NULL;
	for (size_t i = 0; i < sizeof reasons / sizeof reasons[0]; i++)
		if (strstr(msg, reasons[i].says) != NULL)
			return reasons[i].problem;
	return NULL;
}

/* The daemon's own words without the wire name they start with. */
static const char *
words_without_field(const cJSON *reply)
{
	const char *msg = ui_jstr(cJSON_GetObjectItemCaseSensitive(reply, "error"),
	    "message"), *field = reply_field(reply);
	size_t n = strlen(field);

	if (n > 0 && strncmp(msg, field, n) == 0)
		msg += n;
	while (*msg == ' ' || *msg == ':')
		msg++;
	return msg;
}

int
form_refused(struct form *f, const cJSON *reply,
    const char *const (*aliases)[2], char *buf, size_t len)
{
	const char *words = words_without_field(reply);
	int i;

	form_clear_errors(f);
	i = form_mark_error(f, reply_field(reply), aliases);
	if (i < 0) {
		snprintf(buf, len, "%s%s%s", net_error_summary(reply), words[0] ? ": " : "",
		    words);
		return -1;
	}
	f->items[i].problem = reason_of(reply);
	if (f->items[i].problem != NULL) {
		buf[0] = '\0';
		add_problem(buf, len, &f->items[i], "");
	} else
		snprintf(buf, len, _("%s: %s%s%s"), _(f->items[i].label),
		    net_error_summary(reply), words[0] ? ": " : "", words);
	return i;
}
