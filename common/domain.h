/*
 * domain.h: the domain's enumerations as NULL-terminated name lists, shared
 * by the daemon (argument checks) and the client (what a screen offers).
 * See DOMAIN.md and PROTOCOL.md "Records in results".
 */
#ifndef SVCDESK_DOMAIN_H
#define SVCDESK_DOMAIN_H

extern const char *const region_names[];        /* urban, suburban, county */
extern const char *const ticket_type_names[];   /* B, Y, Z, Q */
extern const char *const channel_names[];       /* phone, letter, visit, email, web */
extern const char *const service_class_names[]; /* A, B, C, D */
extern const char *const ticket_queue_names[];  /* ticket.list queues */

#endif
