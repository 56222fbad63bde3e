/*
 * widget/labels.h: the words for the domain's codes, in the user's
 * language (gettext); an unknown code comes back as it is.
 */
#ifndef SVCDESK_LABELS_H
#define SVCDESK_LABELS_H

#include "client/ui/ui.h"

/* Tickets: state, region, type, channel, service class, event kind, the
 * name of a member of an event's details. */
const char *label_ticket_state(const char *code);
const char *label_region(const char *code);
const char *label_type(const char *code);
const char *label_channel(const char *code);
const char *label_class(const char *code);
const char *label_event(const char *code);
const char *label_detail(const char *key);
/* The deadline of an overdue event (arrival, reply). */
const char *label_deadline(const char *code);
/* A survey answer, 1 very satisfied .. 4 unsatisfied; another number is
 * written into buf. */
const char *label_survey_answer(long long answer, char *buf, size_t len);

/* Complaints: state, severity, category, penalty, event kind, department. */
const char *label_complaint_state(const char *code);
const char *label_severity(const char *code);
const char *label_category(const char *code);
const char *label_penalty(const char *code);
const char *label_complaint_event(const char *code);
const char *label_department(const char *code);
extern const char *const complaint_categories[];   /* NULL-terminated */
extern const char *const complaint_departments[];  /* NULL-terminated */

/* A service point's kind: own, outsourced. */
const char *label_point_kind(const char *code);
/* The money controls: a free-service request's state (pending, approved,
 * refused, withdrawn, used), an approver's title (supervisor, regional
 * manager, after-sales manager), a certificate's kind (refund, exchange). */
const char *label_free_request(const char *code);
const char *label_approver_title(const char *code);
const char *label_certificate(const char *code);

/* A search hit's kind: ticket, complaint, customer. */
const char *label_hit_kind(const char *code);
/* A special look-up's state: pending, approved, refused. */
const char *label_lookup_state(const char *code);
/* A maintenance contract's state: pending, active, expiring, expired,
 * cancelled (sql/functions/66_contracts.sql contract_state). */
const char *label_contract_state(const char *code);

/* Recalls: a recall's state (open, closed), a unit's in it (pending,
 * notified, unreachable, booked, done, written_off). */
const char *label_recall_state(const char *code);
const char *label_recall_unit_state(const char *code);
/* The outbox (issue 14): what a message to a customer tells (appointment,
 * ready_for_pickup, ...), its state (pending, sent, failed, handled) and
 * channel (sms, email). */
const char *label_notification_kind(const char *code);
const char *label_notification_state(const char *code);
const char *label_notification_channel(const char *code);

/* A catalogue row's own name in the language shown: name_zh in Chinese,
 * else name; the row's code (code or key) when it has no name (a fault
 * cause of cause.list or of report.pareto by cause). */
const char *label_named(const cJSON *row);

#endif
