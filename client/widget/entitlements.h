/*
 * widget/entitlements.h: a unit's entitlements in words, as the call form's
 * banner and the customer's file show them: what a repair call about the
 * unit would give today (refund or exchange and the days left, the repair
 * it would repeat and who fixed it when), its contract and open tickets,
 * and its warranty. The object is the daemon's (unit.entitlements, or a
 * unit's `entitlements` in customer.get); nothing here decides a right,
 * it only says what the daemon computed (doc/domain.md, Three guarantees
 * and repeat repairs).
 */
#ifndef SVCDESK_ENTITLEMENTS_H
#define SVCDESK_ENTITLEMENTS_H

#include "client/ui/ui.h"

#define ENT_PARTS 5
#define ENT_PART_LEN 192

/* The parts in order of importance, each a phrase in the user's language. */
struct ent_words {
	char part[ENT_PARTS][ENT_PART_LEN];
	int n;
};

/* The words of e; repair: the call is a repair (type B), the one kind a
 * refund, an exchange or a repeat applies to, else only the contract and
 * the open tickets are said. */
void entitlement_words(const cJSON *e, bool repair, struct ent_words *w);
/* The warranty in a few words: "25 days left", "ended 2025-11-19". */
void entitlement_warranty(const cJSON *e, char *buf, size_t len);
/* The parts joined with "; " into buf. */
void entitlement_join(const struct ent_words *w, char *buf, size_t len);
/* Draws the parts from line y in up to `lines` lines of COLS - 2 columns,
 * after a lead ("This unit:"); a part goes to the next line when it does
 * not fit, and what does not fit on the last line ends in ">". */
void entitlement_draw(struct app *a, const char *lead, const struct ent_words *w,
    int y, int lines, attr_t attr);

#endif
