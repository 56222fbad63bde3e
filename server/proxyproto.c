/*
 * proxyproto.c: the PROXY protocol version 1 header; see proxyproto.h.
 */
#include "server/proxyproto.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char signature[] = "PROXY ";

int
proxy_header_length(const char *buf, size_t len)
{
	size_t sig = sizeof signature - 1;

	if (memcmp(buf, signature, len < sig ? len : sig) != 0)
		return -1;
	for (size_t i = 1; i < len && i < PROXY_HEADER_MAX; i++)
		if (buf[i - 1] == '\r' && buf[i] == '\n')
			return (int)i + 1;
	return len < PROXY_HEADER_MAX ? 0 : -1;
}

/* A port: 1 to 5 digits, at most 65535. */
static bool
read_port(const char *s, int *port)
{
	size_t n = strspn(s, "0123456789");

	if (n == 0 || n > 5 || s[n] != '\0')
		return false;
	*port = atoi(s);
	return *port <= 65535;
}

bool
proxy_parse(const char *header, size_t len, bool *known, char *addr,
    size_t addr_size, char *host, size_t host_size)
{
	char line[PROXY_HEADER_MAX + 1], *field[6], *save = NULL;
	unsigned char bin[16];
	int n = 0, family, port;

	if (proxy_header_length(header, len) != (int)len)
		return false;
	memcpy(line, header, len - 2);   /* without its CR LF */
	line[len - 2] = '\0';
	if (strncmp(line, "PROXY UNKNOWN", 13) == 0 && (line[13] == '\0' || line[13] == ' ')) {
		*known = false;
		return true;
	}
	if (strchr(line, '\t') != NULL || strstr(line, "  ") != NULL)
		return false;   /* single spaces between fields */
	for (char *f = strtok_r(line, " ", &save); f != NULL; f = strtok_r(NULL, " ", &save)) {
		if (n == 6)
			return false;
		field[n++] = f;
	}
	if (n != 6)
		return false;
	family = strcmp(field[1], "TCP4") == 0 ? AF_INET :
	    strcmp(field[1], "TCP6") == 0 ? AF_INET6 : AF_UNSPEC;
	if (family == AF_UNSPEC || inet_pton(family, field[2], bin) != 1 ||
	    inet_pton(family, field[3], bin) != 1 || !read_port(field[4], &port) ||
	    !read_port(field[5], &(int){ 0 }))
		return false;
	*known = true;
	snprintf(addr, addr_size, "%s:%d", field[2], port);
	snprintf(host, host_size, "%s", field[2]);
	return true;
}
