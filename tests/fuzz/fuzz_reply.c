/*
 * fuzz_reply.c: libFuzzer target for what the terminal client does with the
 * daemon's bytes: client/conn.c (reading, framing, each line to cJSON) and
 * client/ui/net.c (each message to its request's callback, its own ping,
 * login and subscribe answers, the pushes it handles itself, then every
 * view's push handler), over a real loopback socket, with no terminal.
 * Feeds: byte 0 the size of the pieces the rest arrives in (0: all at
 * once), the rest what the daemon sends. Before it arrives the client has
 * sent a ping (id 1), a login (id 2) and requests 3..8 waiting for their
 * replies; a login answered ok subscribes (9) and opens the role's first
 * screen, whose requests follow (10...): tests/fuzz/seeds.py numbers the
 * seeds' replies so, some after a real login answer. Then the daemon
 * closes. Asserts (abort): each waiting callback runs exactly once,
 * with an object or, after the close, with none; nothing leaks (ASan).
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "client/conn.h"
#include "client/ui/ui.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define WAITING 6   /* requests 3..8 */

static int listen_fd = -1, port;
static int calls[WAITING];

static void
on_reply(struct app *a, void *ctx, const cJSON *reply)
{
	int *n = ctx;

	(void)a;
	if (reply != NULL && !cJSON_IsObject(reply))
		abort();
	if (reply != NULL && !reply_ok(reply))
		(void)reply_field(reply);
	(*n)++;
}

static void
listen_once(void)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	socklen_t len = sizeof sin;

	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if ((listen_fd = socket(AF_INET, SOCK_STREAM, 0)) < 0 ||
	    bind(listen_fd, (struct sockaddr *)&sin, sizeof sin) != 0 ||
	    listen(listen_fd, 4) != 0 ||
	    getsockname(listen_fd, (struct sockaddr *)&sin, &len) != 0)
		abort();
	port = ntohs(sin.sin_port);
}

/* A client connected and waiting: the daemon's end returned. */
static int
connect_app(struct app *a)
{
	struct conn_options o = { .host = "127.0.0.1", .tls = 0 };
	char why[256];
	int fd;

	o.port = port;
	snprintf(a->cfg.host, sizeof a->cfg.host, "127.0.0.1");
	a->cfg.port = port;
	if (!ui_views_create(a) || (a->conn = conn_open(&o, why, sizeof why)) == NULL ||
	    (fd = accept(listen_fd, NULL, NULL)) < 0)
		abort();
	ui_switch(a, ui_views[0]);   /* the login screen, as ui_run starts */
	net_ping(a);
	net_login(a, "fuzz", "fuzz-password", false);
	for (int i = 0; i < WAITING; i++) {
		calls[i] = 0;
		if (net_request(a, "ticket.get", NULL, on_reply, &calls[i]) != 3 + i)
			abort();
	}
	return fd;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct app a;
	size_t piece;
	int fd;

	if (size == 0)
		return 0;
	if (listen_fd < 0)
		listen_once();
	memset(&a, 0, sizeof a);
	a.cursor_y = a.cursor_x = -1;
	fd = connect_app(&a);
	piece = data[0] ? data[0] : size;
	for (size_t off = 1; off < size && a.conn != NULL; off += piece) {
		size_t n = size - off < piece ? size - off : piece;

		if (write(fd, data + off, n) != (ssize_t)n)
			abort();
		net_ready(&a);
	}
	close(fd);
	for (int i = 0; i < 100 && a.conn != NULL; i++)
		net_ready(&a);   /* reads the close: every callback still waiting runs */
	if (a.conn != NULL)
		abort();
	for (int i = 0; i < WAITING; i++)
		if (calls[i] != 1)
			abort();
	net_shutdown(&a);
	ui_views_free(&a);
	return 0;
}
