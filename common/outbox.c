/*
 * outbox.c: the outbox's names; see outbox.h.
 */
#include "common/outbox.h"

#include <stddef.h>

const char *const notification_queue_names[] = {
	"pending", "sent", "failed", "handled", NULL
};

const char *const notification_kind_names[] = {
	"appointment", "ready_for_pickup", "complaint_decision", "contract_expiry",
	"maintenance_due", "recall", NULL
};
