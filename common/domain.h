/*
 * domain.h: the domain's enumerations as NULL-terminated name lists, shared
 * by the daemon (argument checks) and the client (what a screen offers).
 * See doc/domain.md, Intake and Records, and svcdesk-protocol(7), RECORDS.
 */
#ifndef SVCDESK_DOMAIN_H
#define SVCDESK_DOMAIN_H

#include <stdbool.h>

extern const char *const region_names[];        /* urban, suburban, county */
extern const char *const ticket_type_names[];   /* B, Y, Z, Q */
extern const char *const channel_names[];       /* phone, letter, visit, email, web */
extern const char *const service_class_names[]; /* A, B, C, D */
extern const char *const ticket_queue_names[];  /* ticket.list queues */
/* visit.record's outcome: done (the survey), unreachable (no answer). */
extern const char *const visit_outcome_names[];

/* The unreachable return-visit attempt that closes the ticket (doc/domain.md,
 * Return visits: the third; fixed). */
#define VISIT_ATTEMPTS_MAX 3

/* A complaint's number is 9 or more digits (YYMMDD and the count); a
 * ticket's starts with its type letter. visit.record takes either. */
bool is_complaint_no(const char *no);
/* A ticket's number: its type letter (B, Y, Z, Q), YYMMDD and the count,
 * at least 4 digits (B2611240042). */
bool is_ticket_no(const char *no);
/* A take-back receipt's number: R, YYMMDD and the count (R2611240001). */
bool is_receipt_no(const char *no);

#endif
