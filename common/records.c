/*
 * records.c: what a customer's file and a product unit must be; see
 * records.h.
 */
#include "common/records.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "common/domain.h"
#include "common/phone.h"
#include "common/validate.h"

bool
name_is_phone(const char *s)
{
	char canonical[PHONE_MAX];
	bool digit = false;

	if (phone_normalise(s, canonical))
		return true;   /* full-width digits, 0086 ...: the phone rule's own */

	for (; *s; s++) {
		if (isdigit((unsigned char)*s))
			digit = true;
		else if (strchr(" \t+-().,/", *s) == NULL)
			return false;   /* a letter, Chinese or not */
	}
	return digit;
}

bool
serial_long_enough(const char *s)
{
	size_t n;

	while (isspace((unsigned char)*s))
		s++;
	n = strlen(s);
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		n--;
	/* characters, not bytes: count the lead bytes of the trimmed text */
	size_t chars = 0;
	for (size_t i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			chars++;
	return chars >= SERIAL_MIN;
}

bool
date_is_future(const char *ymd, time_t now)
{
	struct tm tm;
	char today[48];

	localtime_r(&now, &tm);
	snprintf(today, sizeof today, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1,
	    tm.tm_mday);
	return strlen(ymd) == 10 && strcmp(ymd, today) > 0;
}

/* A customer's arguments refused: the phones read go (false, always). */
static bool
customer_refused(struct customer_args *c)
{
	cJSON_Delete(c->phones);
	c->phones = NULL;
	return false;
}

bool
valid_email(const char *s)
{
	const char *at = strchr(s, '@'), *dot;
	size_t len = strlen(s);

	if (at == NULL || at == s || strchr(at + 1, '@') != NULL || len > EMAIL_MAX)
		return false;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p <= ' ' || *p == 0x7f || strchr("<>()[],;:\\\"", *p) != NULL)
			return false;
	dot = strrchr(at + 1, '.');
	return dot != NULL && dot != at + 1 && dot[1] != '\0';
}

bool
arg_customer(const cJSON *obj, bool fresh, struct customer_args *c,
    struct proto_error *err)
{
	const char *address;

	c->region = -1;
	c->phones = NULL;
	if (!arg_text(obj, "name", ARG_REQUIRED, CUSTOMER_NAME_MAX, &c->name, err) ||
	    !arg_phones(obj, "phones", ARG_REQUIRED, PHONES_MAX, &c->phones, err) ||
	    !arg_enum(obj, "region", ARG_REQUIRED, region_names, &c->region, err) ||
	    !arg_string(obj, "address", fresh ? ARG_REQUIRED : ARG_OPTIONAL, ADDRESS_MAX, &address,
	    err))
		return customer_refused(c);
	if (name_is_phone(c->name))
		return customer_refused(c) || proto_fail(err, PROTO_INVALID_ARGUMENT, "name",
		    "name is a phone number, not a name: phones go in phones");
	if (address != NULL && strspn(address, " \t\r\n") == strlen(address) && fresh)
		return customer_refused(c) || proto_fail(err, PROTO_INVALID_ARGUMENT, "address",
		    "address is required for a new customer");
	if (address != NULL && strspn(address, " \t\r\n") == strlen(address))
		return customer_refused(c) || proto_fail(err, PROTO_INVALID_ARGUMENT, "address",
		    "address must not be empty");
	c->address = address;
	return true;
}

bool
arg_unit(const cJSON *obj, time_t now, struct unit_args *u, struct proto_error *err)
{
	u->warranty_months = -1;
	if (!arg_text(obj, "model", ARG_REQUIRED, MODEL_MAX, &u->model, err) ||
	    !arg_text(obj, "serial", ARG_REQUIRED, SERIAL_MAX, &u->serial, err) ||
	    !arg_date(obj, "purchase_date", ARG_REQUIRED, &u->purchase_date, err) ||
	    !arg_string(obj, "invoice_no", ARG_OPTIONAL, INVOICE_NO_MAX, &u->invoice_no,
	        err) ||
	    !arg_int(obj, "warranty_months", ARG_OPTIONAL, 0, 120, &u->warranty_months, err) ||
	    !arg_date(obj, "contract_end", ARG_OPTIONAL, &u->contract_end, err))
		return false;
	if (!serial_long_enough(u->serial))
		return proto_fail(err, PROTO_INVALID_ARGUMENT, "serial",
		    "serial is at least %d characters", SERIAL_MIN);
	if (date_is_future(u->purchase_date, now))
		return proto_fail(err, PROTO_INVALID_ARGUMENT, "purchase_date",
		    "purchase_date is in the future: a unit is bought by today");
	return true;
}

bool
cause_code_valid(const char *code)
{
	size_t n = strlen(code);

	return n >= 2 && n <= CAUSE_CODE_MAX && strspn(code, "abcdefghijklmnopqrstuvwxyz_") == n;
}
