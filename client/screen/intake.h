/*
 * screen/intake.h: the operator's intake (叫修登记), shared by its two files:
 * screen/intake.c (the view: layout, keys, the caller's lookup, drawing) and
 * screen/intake_call.c (what the form means: the service-class preview,
 * the checks, the call.register request and its answer). The complaint
 * intake (screen/complaint_intake.c) takes a new customer's fields and the
 * request key the same way.
 */
#ifndef SVCDESK_UI_INTAKE_H
#define SVCDESK_UI_INTAKE_H

#include "client/widget/custpick.h"
#include "client/widget/entitlements.h"
#include "client/widget/form.h"
#include "client/widget/tickets.h"

/* The form's items, in Tab order (the screen's order). */
enum intake_item {
	I_PHONE, I_RESULTS, I_NAME, I_PHONES, I_REGION, I_ADDRESS,
	I_MODEL, I_SERIAL, I_PURCHASE, I_INVOICE, I_MONTHS, I_CONTRACT,
	I_CLASS, I_REASON, I_TYPE, I_CHANNEL, I_APPOINT, I_FAULT, I_ANSWER,
	I_COUNT
};

/* The view's state (ui_intake_view's priv). */
struct intake {
	struct form form;
	struct form_item items[I_COUNT];
	struct custpick pick;
	char request_key[80];   /* one per form, kept for its retries */
	cJSON *cust, *unit;     /* the known customer and unit chosen, or NULL */
	int64_t save_id;        /* the call.register in flight, 0: none */
	bool focus_results;     /* Enter asked for the lookup: focus the results */
	bool resend;            /* a save lost with the connection: resend */
	char last_no[24];       /* the last ticket registered */
	char banner[512];       /* what was registered, shown prominently */
	/* the chosen or typed unit's entitlements (unit.entitlements), shown
	 * before the call is saved (intake_rights.c) */
	cJSON *rights;          /* the answer, or NULL */
	int64_t rights_id;      /* the request in flight, 0: none */
	char rights_for[96];    /* what was asked: "unit:ID", the typed terms, "" */
	struct ent_words told;  /* after a save: the rights to tell the caller */
	char told_no[24];       /* the ticket they are about */
	cJSON *pending_cust, *pending_unit;   /* intake_show_for, waiting for a y/n */
};

/* screen/intake_call.c */
/* A fresh request_key for a register op (user, time, random). */
void request_key_new(const struct app *a, char *buf, size_t len);
/* The class the daemon will decide (A, B, C, D; '?' when a date is not
 * understood) and a line saying why. */
char intake_preview(const struct app *a, const struct intake *in, char *why,
    size_t len);
/* Which items of a form hold a new customer's fields. */
struct customer_items {
	int name, phones, region, address;
};
/* A new customer as call.register and complaint.register take it:
 * {name, phones, region, address} from those items of f (the phones split
 * at commas, semicolons and blanks; empty texts left out, for the daemon
 * to name the field). */
cJSON *intake_new_customer(const struct form *f, const struct customer_items *items);
/* Something is typed in a new unit's fields. */
bool intake_unit_typed(const struct intake *in);
/* Checks the form and sends call.register; false (with a message) when it
 * could not. */
bool intake_save(struct app *a, struct intake *in);
/* screen/intake.c: clears the form for the next call. */
void intake_reset(struct app *a, struct intake *in);

/* screen/intake_rights.c: the entitlements banner. */
/* Asks unit.entitlements for the unit chosen, or the one being typed once
 * its purchase date is a date, when that changed since the last asking;
 * forgets them when there is no unit. */
void intake_rights_update(struct app *a, struct intake *in);
/* Forgets them (and the request in flight). */
void intake_rights_clear(struct app *a, struct intake *in);
/* Lines the banner takes now (0: none). */
int intake_rights_lines(const struct intake *in);
/* Draws it from line y: the unit's rights before the save, else what to
 * tell the caller about the last ticket registered. */
void intake_rights_draw(struct app *a, const struct intake *in, int y);
/* The ticket t was registered: keeps the rights the operator tells the
 * caller (the words shown before the save, for t's unit) in told; the
 * first of them into buf for the message line ("" when none). */
void intake_rights_saved(struct intake *in, const cJSON *t, char *buf, size_t len);
/* The class and why as the daemon said them with the entitlements (so the
 * preview is the daemon's once they are in); false while they are not. */
bool intake_rights_class(const struct intake *in, char *cls, char *why, size_t len);

#endif
