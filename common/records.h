/*
 * records.h: what a customer's file, a product unit and the words taken on
 * a call must be (doc/domain.md, Records; svcdesk-protocol(7), RECORDS),
 * written once for both sides: the daemon reads every new customer and
 * unit with arg_customer and arg_unit (customer.save, unit.save,
 * call.register, complaint.register), and the client's forms check the
 * same predicates and limits before sending (widget/form_check.c).
 */
#ifndef SVCDESK_RECORDS_H
#define SVCDESK_RECORDS_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>
#include <cjson/cJSON.h>

#include "common/proto.h"

/* The longest texts, in characters: a call's fault (call.register) and
 * the customer's own words (complaint.register's and complaint.reply's
 * text). Longer is refused with the limit in the message, never cut. */
#define FAULT_MAX 500
#define WORDS_MAX 1000

/* The other free texts a form sends, in characters, one limit per kind of
 * text, read by the daemon's arg_text/arg_string and by the client's form
 * item alike; longer is refused with the limit, never cut. */
/* complaint.adjudicate's finding and proposal */
#define FINDING_MAX 4000
/* complaint.approve's note and complaint.close's reason */
#define DECISION_MAX 1000
/* complaint.register's demand */
#define DEMAND_MAX 1000
/* call.register's class_reason (why the service class was overridden) */
#define CLASS_REASON_MAX 500
/* call.register's answer (a type-Z ticket's answer given on the call) */
#define ANSWER_MAX 2000
/* repair.record's diagnosis, cause and actions (the repair card) */
#define CARD_TEXT_MAX 1000
/* a fault cause's code (cause.save, ticket.repair's cause_code) and its names */
#define CAUSE_CODE_MAX 32
#define CAUSE_NAME_MAX 64
/* repair.complete's charges.reason */
#define CHARGE_REASON_MAX 500
/* repair.complete's signed_by (the customer's signature name) */
#define SIGNED_BY_MAX 64
/* ticket.note's text and ticket.handover's note */
#define TICKET_NOTE_MAX 500
/* visit.record's comment */
#define VISIT_COMMENT_MAX 2000
/* a customer's address (customer.save, call.register, complaint.register) */
#define ADDRESS_MAX 200
/* a customer's notes (customer.save) */
#define CUSTOMER_NOTES_MAX 1000
/* a customer's name, a unit's model and invoice number (arg_customer and
 * arg_unit: customer.save, unit.save, call.register, complaint.register) */
#define CUSTOMER_NAME_MAX 100
#define MODEL_MAX 100
#define INVOICE_NO_MAX 64
/* a user's login (ticket.handover's to, repair.complete's
 * charges.approved_by, complaint.adjudicate's shares, user.save) */
#define LOGIN_MAX 32
/* customer.reveal's reason, lookup.request's grounds, lookup.decide's note
 * (doc/domain.md, Privacy) */
#define REVEAL_REASON_MAX 200
#define LOOKUP_GROUNDS_MAX 500
#define LOOKUP_NOTE_MAX 500

/* A unit's serial number: at least SERIAL_MIN characters (blanks at the
 * ends not counted; one or two characters are a slip, not a serial). */
#define SERIAL_MIN 4
#define SERIAL_MAX 64

/* A name that is a phone in any form people write one (common/phone.h),
 * or made only of digits and what phones are written with (blanks,
 * + - ( ) . , /), is a phone typed into the name. */
bool name_is_phone(const char *s);
/* At least SERIAL_MIN characters once blanks at the ends are left out. */
bool serial_long_enough(const char *s);
/* A fault cause's code: 2 to CAUSE_CODE_MAX lower-case letters or '_' (as
 * the causes table's CHECK); cause.save and the catalogue's form. */
bool cause_code_valid(const char *code);
/* A real YYYY-MM-DD after the day `now` falls on in the local time zone
 * (the centre's, for the daemon). */
bool date_is_future(const char *ymd, time_t now);

/* A customer's e-mail address (customer.save's `email`): the outbox writes
 * to it instead of an SMS (sql/functions/65_notifications.sql). */
#define EMAIL_MAX 254
/* local@domain.tld: one @, something before it, a dot in the domain
 * neither first nor last, no blanks, controls or <>()[],;:\" anywhere. */
bool valid_email(const char *s);

/* A customer's own fields. */
struct customer_args {
	const char *name;
	cJSON *phones;            /* their canonical forms (common/phone.h): the
	                             caller's to free; NULL when refused */
	const char *address;      /* NULL: not given (an existing customer's stays) */
	int region;               /* index into region_names */
};

/* Reads obj's name (not a phone), phones, address and region. A new
 * customer (fresh) must have an address; a given address is never blank.
 * Errors name obj's own fields ("name"): callers nest them. */
bool arg_customer(const cJSON *obj, bool fresh, struct customer_args *c,
    struct proto_error *err);

/* A unit's own fields; warranty_months -1 when not given. */
struct unit_args {
	const char *model, *serial, *purchase_date, *invoice_no, *contract_end;
	int64_t warranty_months;
};

/* Reads obj's model, serial (SERIAL_MIN..SERIAL_MAX), purchase_date (not
 * after the day of now), invoice_no, warranty_months, contract_end. Errors
 * name obj's own fields. */
bool arg_unit(const cJSON *obj, time_t now, struct unit_args *u,
    struct proto_error *err);

#endif
