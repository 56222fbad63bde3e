/*
 * widget/custpick.h: the customer picker of the call and complaint
 * intakes: the caller's phone looked up (customer.find), the customers
 * found listed (on the call form with each one's units and "+ a new unit"),
 * and "+ a new customer" as the last row. The host form owns the phone
 * field and the list's place (a custom item); the picker owns the lookup,
 * the rows and their keys, and the keys typed while a lookup is under way:
 * those wait for its answer and are then applied to what it shows, so
 * `Down Enter` typed after a phone takes the customer found rather than
 * landing in a new-customer form that appeared meanwhile.
 */
#ifndef SVCDESK_WIDGET_CUSTPICK_H
#define SVCDESK_WIDGET_CUSTPICK_H

#include "client/ui/ui.h"

#define CUSTPICK_QUEUE 32

struct custpick;
/* The lookup's answer is in (found may be empty); also on a failure. */
typedef void (*custpick_found_fn)(struct app *, void *host, bool ok);
/* Hands a key that waited for the lookup back to the host's input. */
typedef unsigned (*custpick_key_fn)(struct app *, void *host, ui_key_t key);

struct custpick {
	/* set by the host */
	bool units;                 /* rows for each customer's units */
	int rows;                   /* lines of rows shown under the header */
	custpick_found_fn found_fn;
	custpick_key_fn key_fn;
	void *host;
	/* state */
	cJSON *found;               /* customers of the last lookup, or NULL */
	int cursor;                 /* the row under the cursor */
	int chosen;                 /* the row taken, -1: none */
	int64_t find_id;            /* the lookup in flight, 0: none */
	bool due;                   /* a lookup is to go when the typing pauses */
	int64_t wait_until;         /* waiting keys are applied then at the latest */
	char looked_up[32];         /* the phone of the last lookup */
	char typed[32];             /* the phone of the lookup due */
	ui_key_t queue[CUSTPICK_QUEUE];
	int nqueue;
};

/* One row: a customer and one of their units; unit NULL: the customer
 * (with a new unit on the call form); cust NULL: a new customer. */
struct custpick_row {
	const cJSON *cust, *unit;
};

/* Forgets the lookup, the rows and any waiting keys. */
void custpick_reset(struct app *a, struct custpick *cp);
void custpick_free(struct custpick *cp);
/* Looks phone up now; false (with a message) when it is not a phone or
 * there is no connection. */
bool custpick_lookup(struct app *a, struct custpick *cp, const char *phone);
/* The phone field changed: a lookup goes when the typing pauses. */
void custpick_typed(struct app *a, struct custpick *cp, const char *phone);
/* The view's timer: the paused typing's lookup, or keys that waited too
 * long for an answer. */
void custpick_timer(struct app *a, struct custpick *cp);
/* A lookup is under way or about to go. */
bool custpick_busy(const struct custpick *cp);
/* Keeps key for when the lookup answers when it must wait (a lookup is
 * under way and the key would move on from what it is about to change,
 * or keys already wait); true when it was kept. */
bool custpick_hold(struct app *a, struct custpick *cp, ui_key_t key,
    bool on_phone);
/* Rows shown: 0 before a lookup found anyone. */
int custpick_count(const struct custpick *cp);
bool custpick_row(const struct custpick *cp, int k, struct custpick_row *r);
/* The row of customer id and unit id (0: the customer's own row), or -1. */
int custpick_find(const struct custpick *cp, int64_t cust, int64_t unit);
/* Up/Down, j/k move; Enter or Space return the row taken (>= 0, also
 * kept as chosen); -1 when the key moved or was not the list's, with
 * *taken saying whether it was. */
int custpick_key(struct custpick *cp, ui_key_t key, bool *taken);
/* The header and the rows from line y; focus: the list has the focus. */
void custpick_draw(struct app *a, const struct custpick *cp, int y, bool focus,
    bool error);

#endif
