/*
 * customer.h: what customer.c gives other areas: the customer's whole file
 * as customer.get answers it, for an approved special look-up (lookup.c).
 */
#ifndef SVCDESK_CUSTOMER_H
#define SVCDESK_CUSTOMER_H

#include "server/server.h"

/* Answers req with the file of customer id_text (a decimal id): the same
 * statement as customer.get, the read audited as customer.get for req's
 * user; not_found (field id) when there is none. */
void customer_file_send(struct request *req, const char *id_text);

#endif
