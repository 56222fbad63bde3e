/*
 * test_proxyproto.c: server/proxyproto.c, the PROXY protocol v1 header of
 * svcdeskd --proxy-protocol: where a header ends (whole, still coming, never
 * one), the client's address from TCP4 and TCP6, UNKNOWN, and each malformed
 * header refused.
 */
#include <string.h>

#include "server/proxyproto.h"
#include "tests/unit/suites.h"

#define S(lit) lit, sizeof lit - 1

START_TEST(test_length)
{
	ck_assert_int_eq(proxy_header_length(S("")), 0);
	ck_assert_int_eq(proxy_header_length(S("PRO")), 0);
	ck_assert_int_eq(proxy_header_length(S("PROXY TCP4 1.2.3.4")), 0);
	ck_assert_int_eq(proxy_header_length(S("PROXY TCP4 1.2.3.4 5.6.7.8 1 2\r")), 0);
	ck_assert_int_eq(proxy_header_length(S("PROXY UNKNOWN\r\n")), 15);
	/* What follows the header (a request, TLS) is not the header's. */
	ck_assert_int_eq(proxy_header_length(S("PROXY UNKNOWN\r\n{\"op\":\"ping\"}\n")), 15);
	ck_assert_int_eq(proxy_header_length(S("{\"op\":\"ping\"}\n")), -1);
	ck_assert_int_eq(proxy_header_length(S("\x16\x03\x01")), -1);   /* TLS */
	ck_assert_int_eq(proxy_header_length(S("PROXYTCP4")), -1);
}
END_TEST

START_TEST(test_too_long)
{
	char buf[200];

	memcpy(buf, "PROXY UNKNOWN ", 14);
	memset(buf + 14, 'x', sizeof buf - 14);
	ck_assert_int_eq(proxy_header_length(buf, PROXY_HEADER_MAX - 1), 0);
	ck_assert_int_eq(proxy_header_length(buf, PROXY_HEADER_MAX), -1);
	memcpy(buf + PROXY_HEADER_MAX - 2, "\r\n", 2);   /* the longest: 107 bytes */
	ck_assert_int_eq(proxy_header_length(buf, sizeof buf), PROXY_HEADER_MAX);
	memcpy(buf + PROXY_HEADER_MAX - 2, "x\r\n", 3);  /* one more */
	ck_assert_int_eq(proxy_header_length(buf, sizeof buf), -1);
}
END_TEST

static bool
parse(const char *header, bool *known, char *addr, char *host)
{
	return proxy_parse(header, strlen(header), known, addr, 64, host, 48);
}

START_TEST(test_addresses)
{
	char addr[64], host[48];
	bool known = false;

	ck_assert(parse("PROXY TCP4 192.0.2.1 198.51.100.1 51234 7450\r\n", &known, addr, host));
	ck_assert(known);
	ck_assert_str_eq(addr, "192.0.2.1:51234");
	ck_assert_str_eq(host, "192.0.2.1");
	ck_assert(parse("PROXY TCP6 2001:db8::1 2001:db8::2 65535 7450\r\n", &known, addr, host));
	ck_assert_str_eq(addr, "2001:db8::1:65535");
	ck_assert_str_eq(host, "2001:db8::1");
	ck_assert(parse("PROXY UNKNOWN\r\n", &known, addr, host));
	ck_assert(!known);
	ck_assert(parse("PROXY UNKNOWN ffff:f...f ffff:f...f 65535 65535\r\n", &known, addr, host));
	ck_assert(!known);
}
END_TEST

START_TEST(test_refused)
{
	static const char *const bad[] = {
		"PROXY TCP4 192.0.2.1 198.51.100.1 51234 7450\n",     /* LF alone */
		"PROXY TCP4 192.0.2.1 198.51.100.1 51234\r\n",        /* a field short */
		"PROXY TCP4 192.0.2.1 198.51.100.1 51234 7450 9\r\n", /* one too many */
		"PROXY TCP4 192.0.2.1  198.51.100.1 51234 7450\r\n",  /* two spaces */
		"PROXY TCP4 2001:db8::1 198.51.100.1 51234 7450\r\n", /* family and address */
		"PROXY TCP6 192.0.2.1 2001:db8::2 51234 7450\r\n",
		"PROXY TCP4 192.0.2.300 198.51.100.1 51234 7450\r\n",
		"PROXY TCP4 192.0.2.1 198.51.100.1 65536 7450\r\n",   /* ports */
		"PROXY TCP4 192.0.2.1 198.51.100.1 -1 7450\r\n",
		"PROXY TCP4 192.0.2.1 198.51.100.1 123456 7450\r\n",
		"PROXY TCP4 192.0.2.1 198.51.100.1 51234 x\r\n",
		"PROXY UDP4 192.0.2.1 198.51.100.1 51234 7450\r\n",
		"PROXY UNKNOWNX\r\n",
		"proxy TCP4 192.0.2.1 198.51.100.1 51234 7450\r\n",
		"PROXY TCP4 192.0.2.1 198.51.100.1 51234 7450\r\nmore",  /* not one header */
	};
	char addr[64], host[48];
	bool known;

	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		ck_assert_msg(!parse(bad[i], &known, addr, host), "accepted: %s", bad[i]);
}
END_TEST

Suite *
proxyproto_suite(void)
{
	Suite *s = suite_create("proxyproto");
	TCase *tc = tcase_create("header");

	tcase_add_test(tc, test_length);
	tcase_add_test(tc, test_too_long);
	tcase_add_test(tc, test_addresses);
	tcase_add_test(tc, test_refused);
	suite_add_tcase(s, tc);
	return s;
}
