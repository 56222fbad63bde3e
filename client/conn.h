/*
 * conn.h: a client connection to svcdeskd.
 *
 * The one piece of client code that speaks the wire protocol: the TUI, the
 * integration tests and the bench all go through it. Plain TCP on loopback,
 * TLS (OpenSSL) otherwise. The socket is non-blocking: a caller that runs an
 * event loop polls conn_fd() and calls conn_read() when it is readable, then
 * takes messages with conn_next(); a caller that wants a simple call/answer
 * uses conn_call(), which keeps any pushes that arrive meanwhile for later.
 */
#ifndef SVCDESK_CONN_H
#define SVCDESK_CONN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cjson/cJSON.h>

struct conn;

struct conn_options {
	const char *host;
	int port;
	int tls;              /* -1: auto (TLS unless loopback), 0: off, 1: on */
	const char *ca_file;  /* verify the server against this CA (TLS) */
	bool tls_no_verify;   /* accept any certificate (testing only) */
	int timeout_ms;       /* connect timeout */
};

/* NULL on failure, with the reason in errbuf. */
struct conn *conn_open(const struct conn_options *opt, char *errbuf,
    size_t errlen);
void conn_close(struct conn *c);
int conn_fd(const struct conn *c);
bool conn_is_tls(const struct conn *c);

/* Sends {"id","op","args"}; returns the id used, or -1 when the connection
 * failed. args is consumed (NULL for none). */
int64_t conn_send(struct conn *c, const char *op, cJSON *args);
/* Sends bytes as they are (tests use it for malformed frames). */
bool conn_send_raw(struct conn *c, const void *bytes, size_t len);

/* Reads what the socket has without blocking. False on EOF or error (the
 * messages already read can still be taken with conn_next). */
bool conn_read(struct conn *c);
/* True when a message is waiting to be taken (no read needed). */
bool conn_has_message(struct conn *c);
/* The next message read (a reply or a push), or NULL; caller frees it. */
cJSON *conn_next(struct conn *c);
/* Waits up to timeout_ms for the next message. NULL on timeout or close. */
cJSON *conn_wait(struct conn *c, int timeout_ms);
/* Sends op and waits for the reply to it; pushes that arrive meanwhile stay
 * queued for conn_next. NULL when the connection fails or times out. */
cJSON *conn_call(struct conn *c, const char *op, cJSON *args, int timeout_ms);
/* Like conn_wait, but only for a push with this event name (others stay
 * queued). NULL on timeout. */
cJSON *conn_wait_push(struct conn *c, const char *event, int timeout_ms);
/* True once the peer closed the connection or it failed. */
bool conn_closed(const struct conn *c);

/* Helpers to read a reply: ok flag, error code ("" when ok), result object. */
bool reply_ok(const cJSON *reply);
const char *reply_code(const cJSON *reply);
const char *reply_field(const cJSON *reply);
cJSON *reply_result(const cJSON *reply);

#endif
