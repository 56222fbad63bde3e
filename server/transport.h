/*
 * transport.h: handing one message to the world, for the outbox's worker
 * (server/notify.c): e-mail by SMTP through libcurl, SMS by running the
 * configured command with the number and the text as its two arguments
 * (never through a shell; its exit status 0 means the gateway took it).
 * Both block the calling thread, at most timeout seconds; both return
 * false with why filled (no customer data in it: it is stored and shown).
 */
#ifndef SVCDESK_TRANSPORT_H
#define SVCDESK_TRANSPORT_H

#include <stdbool.h>
#include <stddef.h>

/* Once, before any thread sends (libcurl's global set-up). */
bool transport_init(void);
void transport_cleanup(void);

bool smtp_send(const char *url, const char *from, const char *to, const char *text,
    int timeout, char *why, size_t size);
bool sms_send(const char *command, const char *to, const char *text, int timeout,
    char *why, size_t size);

#endif
