/*
 * conn.h: a client connection to svcdeskd.
 *
 * The one piece of client code that speaks the wire protocol: the TUI, the
 * integration tests and the bench all go through it. Plain TCP on loopback,
 * TLS (OpenSSL) otherwise. The socket is non-blocking throughout.
 *
 * Two ways to use it. Simple callers block: conn_open() connects (and does
 * the TLS handshake), conn_send() waits until the request is written,
 * conn_call() until it is answered; pushes that arrive meanwhile are kept
 * for conn_next(). An event loop (the TUI) never waits: conn_open_start()
 * and conn_open_poll() set the connection up step by step, conn_post()
 * queues a request, and the loop polls conn_fd() for conn_events(), then
 * calls conn_flush() and conn_read() and takes messages with conn_next().
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
	int timeout_ms;       /* for each connect attempt and for the TLS
	                         handshake; 0: 10 s */
};

enum conn_open_status { CONN_OPEN_DONE, CONN_OPEN_PENDING, CONN_OPEN_FAILED };

/* Why the daemon's certificate was refused (TLS), for a screen to say in
 * its own language; conn_error() says it in OpenSSL's English. */
enum conn_cert_problem {
	CONN_CERT_NONE,           /* none was refused */
	CONN_CERT_EXPIRED,        /* past its "not after" date */
	CONN_CERT_NOT_YET_VALID,  /* before its "not before" date */
	CONN_CERT_SELF_SIGNED,    /* self-signed, and not in the CA file */
	CONN_CERT_UNKNOWN_CA,     /* signed by a CA the client does not trust */
	CONN_CERT_WRONG_HOST,     /* issued for another host name or address */
	CONN_CERT_OTHER           /* another reason: conn_error() names it */
};

/* Connects and does the TLS handshake, waiting as long as that takes (up to
 * the timeouts). NULL on failure, with the reason in errbuf. */
struct conn *conn_open(const struct conn_options *opt, char *errbuf,
    size_t errlen);
/* Starts connecting without waiting (name resolution aside). NULL when it
 * fails at once, with the reason in errbuf; else a connection to drive with
 * conn_open_poll. */
struct conn *conn_open_start(const struct conn_options *opt, char *errbuf,
    size_t errlen);
/* Takes the connect or handshake as far as it goes without waiting; call it
 * again when conn_fd() is ready for conn_events() or conn_open_wait_ms() has
 * passed. After CONN_OPEN_FAILED, conn_error() says why: close the conn. */
enum conn_open_status conn_open_poll(struct conn *c);
/* Milliseconds until the current step times out (-1 once open or failed). */
int conn_open_wait_ms(const struct conn *c);
const char *conn_error(const struct conn *c);
/* After CONN_OPEN_FAILED: whether the daemon's certificate was refused and
 * why (CONN_CERT_NONE when the failure was something else). */
enum conn_cert_problem conn_cert_problem(const struct conn *c);
void conn_close(struct conn *c);
/* The socket (it can change while connecting: poll it afresh each turn). */
int conn_fd(const struct conn *c);
/* What to poll conn_fd() for: the handshake's wish while connecting; once
 * open, POLLIN, plus POLLOUT while output waits to be written. */
short conn_events(const struct conn *c);
bool conn_is_tls(const struct conn *c);

/* Queues {"id","op","args"} and writes what the socket takes now, without
 * waiting; the rest goes out with conn_flush. Returns the id used, or -1
 * when the connection failed. args is consumed (NULL for none). Request
 * text is wiped from memory once written: it may hold a password. */
int64_t conn_post(struct conn *c, const char *op, cJSON *args);
/* Writes queued output until done or the socket is full. False when the
 * connection failed. */
bool conn_flush(struct conn *c);
/* True while queued output waits to be written. */
bool conn_wants_write(const struct conn *c);
/* Like conn_post, then waits until everything queued is written (failing
 * the connection when the server takes nothing for 10 s). */
int64_t conn_send(struct conn *c, const char *op, cJSON *args);
/* Sends bytes as they are, waiting like conn_send (tests use it for
 * malformed frames). */
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
/* conn_send, then waits for the reply to it; pushes that arrive meanwhile stay
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
