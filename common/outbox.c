/*
 * outbox.c: the outbox's names; see outbox.h.
 */
#include "common/outbox.h"

#include <stddef.h>

const char *const notification_queue_names[] = {
	"pending", "sent", "failed", "handled", NULL
};
