/*
 * ui_tickets.h: the rows of a ticket queue as the client keeps them.
 *
 * Tickets from ticket.list replies and ticket.changed pushes are reduced to
 * what a queue shows, kept by number (a push replaces the row with the same
 * `no` unless the row is already newer) and sorted by deadline.
 */
#ifndef SVCDESK_UI_TICKETS_H
#define SVCDESK_UI_TICKETS_H

#include "client/ui.h"

struct ticket_row {
	char no[24];
	char type[4];
	char state[24];
	char service_class[4];
	char customer[96];
	char fault[192];
	char technician[64];
	time_t due;           /* arrival_due, else reply_due */
	bool has_due;
	bool overdue;         /* the server says so (or an sla.breach came) */
	int64_t version;
};

struct ticket_set {
	struct ticket_row *rows;
	size_t len, cap;
};

/* False when t is not an object with a "no". */
bool tickets_parse(const cJSON *t, struct ticket_row *out);
/* Inserts or replaces by number; an older version never replaces a newer. */
void tickets_upsert(struct ticket_set *s, const struct ticket_row *r);
/* Upserts every ticket in a JSON array; returns how many were taken. */
size_t tickets_add_array(struct ticket_set *s, const cJSON *array);
struct ticket_row *tickets_find(struct ticket_set *s, const char *no);
/* By deadline (none last), then number. */
void tickets_sort(struct ticket_set *s);
void tickets_clear(struct ticket_set *s);
/* The translated label of a state. */
const char *tickets_state_label(const char *state);
/* True when the row is overdue at server time now. */
bool tickets_overdue(const struct ticket_row *r, time_t now);

#endif
