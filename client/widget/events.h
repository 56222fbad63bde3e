/*
 * widget/events.h: an event of a ticket's or a complaint's history in
 * words, in the user's language: its kind, who, and what its details say
 * (a survey's score and answers, the repair's parts, the receipt, reasons,
 * notes). A detail this client does not know is shown as "label: value",
 * never as JSON. The events are the objects of ticket.get and complaint.get
 * (svcdesk-protocol(7)); their details are written in server/ (widget/events.c names the files).
 */
#ifndef SVCDESK_EVENTS_H
#define SVCDESK_EVENTS_H

#include "client/ui/ui.h"

/* Whose history an event is from: the kinds differ. */
enum event_of { EVENT_TICKET, EVENT_COMPLAINT };

/* The event's kind in words ("dispatched", "finding"). */
const char *event_kind(enum event_of of, const cJSON *e);
/* Who did it: the actor, or "system" for the sweeper. */
const char *event_actor(const cJSON *e);
/* "new -> dispatched" in words; "" when the event moved no state. */
void event_move(enum event_of of, const cJSON *e, char *buf, size_t len);
/* What the details say, clauses parted by "; " ("to li; note: ladder");
 * "" when there is nothing to say. */
void event_details(const struct app *a, enum event_of of, const cJSON *e,
    char *buf, size_t len);
/* The whole event on one line: "11-24 14:00 dispatched by dispatcher
 * (new -> dispatched): to li; note: ladder". */
void event_line(const struct app *a, enum event_of of, const cJSON *e,
    char *buf, size_t len);
/* The whole event for the pager: time, who, kind and move on lines of
 * their own, then each clause of the details on its own line. */
void event_page(const struct app *a, enum event_of of, const cJSON *e,
    char *buf, size_t len);
/* Parts in words: "P-100 x2, P-200 x1" (a repair event's), with names and
 * prices when they have them (a repair card's: "P-100 fan x2 (86.00)"). */
void event_parts(const cJSON *parts, char *buf, size_t len);
/* Responsibility shares in words: "Warehouse 60%, li 40% (minor demerit
 * 800.00)", from a complaint's `responsibility` (the penalty an object) or
 * an attribute event's `shares` (the penalty its kind, amount beside). */
void event_shares(const cJSON *shares, char *buf, size_t len);

#endif
