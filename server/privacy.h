/*
 * privacy.h: customers' phones masked for the roles that do not need them
 * (doc/domain.md, Privacy; seed 004 客户保密管理), at the one place every
 * line reaches a client: net.c's two writes (net_send_line,
 * net_send_owned) pass each reply and push through privacy_line for the
 * client it goes to. No statement, record function or push builds a
 * masked copy of its own, so no path can forget it; the ops that show
 * phones whole by design (customer.reveal, lookup.open: OP_WHOLE_PHONES,
 * audited with their reason) are the only lines written around it.
 */
#ifndef SVCDESK_PRIVACY_H
#define SVCDESK_PRIVACY_H

#include <stdbool.h>
#include <stddef.h>
#include <cjson/cJSON.h>

#include "common/roles.h"

struct client;

/* Whether a role sees customers' phones masked: every role but operator
 * and dispatcher (a role added later is masked until it is named here). */
bool privacy_masks_role(enum role r);

/* Masks (common/phone.c, phone_mask) every string of every "phones" array
 * in json, in place. own: a technician's login (else NULL): a ticket
 * object dispatched to them in an open state keeps its phones whole.
 * Returns whether anything changed. */
bool privacy_mask_json(cJSON *json, const char *own);

/* The line (a reply or push, ending in '\n') as client c may see it:
 * false when it goes as it is; true when *masked is to go instead (a new
 * malloc'd line, *masked_len long) or, when *masked is NULL (out of
 * memory), nothing at all: never the phones whole. */
bool privacy_line(const struct client *c, const char *line, size_t len,
    char **masked, size_t *masked_len);

#endif
