/*
 * outbox.h: the names of the outbox (sql/023_notifications.sql) that the
 * daemon's notification.* ops and the client's notifications screen share.
 */
#ifndef SVCDESK_OUTBOX_H
#define SVCDESK_OUTBOX_H

/* The states a message is in, which are notification.list's queues:
 * pending, sent, failed, handled (NULL-terminated). */
extern const char *const notification_queue_names[];
enum notification_queue { NQ_PENDING, NQ_SENT, NQ_FAILED, NQ_HANDLED, NQ_COUNT };

#define NOTIFICATION_NOTE_MAX 500

#endif
