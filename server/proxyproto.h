/*
 * proxyproto.h: the PROXY protocol version 1 header, which a load balancer
 * (HAProxy's send-proxy) sends first on each connection to name the client
 * behind it (svcdeskd --proxy-protocol; doc/deployment.md, Several daemons).
 * One text line ended by CR LF, at most PROXY_HEADER_MAX bytes:
 *   PROXY TCP4 192.0.2.1 198.51.100.1 51234 7450
 *   PROXY TCP6 2001:db8::1 2001:db8::2 51234 7450
 *   PROXY UNKNOWN (then anything: the connection's own address stands)
 */
#ifndef SVCDESK_PROXYPROTO_H
#define SVCDESK_PROXYPROTO_H

#include <stdbool.h>
#include <stddef.h>

#define PROXY_HEADER_MAX 107

/* The length of the header with its CR LF when buf (len bytes read so far)
 * holds it whole; 0 when the rest may still come; -1 when buf cannot begin
 * a header. */
int proxy_header_length(const char *buf, size_t len);

/* Parses a whole header (len bytes, with its CR LF). False when it is not
 * a good one. Otherwise *known is false for UNKNOWN, else true with the
 * client's "host:port" in addr and its host alone in host. */
bool proxy_parse(const char *header, size_t len, bool *known, char *addr,
    size_t addr_size, char *host, size_t host_size);

#endif
