/*
 * test_privacy.c: server/privacy.c, the phones a line shows each role
 * (doc/domain.md, Privacy): every "phones" array masked at any depth for
 * the roles that do not need them, a technician's own open ticket whole,
 * operators and dispatchers untouched, a line without phones not parsed.
 */
#include <stdlib.h>
#include <string.h>

#include "server/privacy.h"
#include "server/server.h"
#include "tests/unit/suites.h"

static const char TICKET_LINE[] =
    "{\"id\":1,\"ok\":true,\"result\":{\"tickets\":["
    "{\"no\":\"B1\",\"state\":\"dispatched\",\"technician\":\"wang\","
    "\"customer\":{\"id\":1,\"phones\":[\"13812345678\",\"01061234567\"]}},"
    "{\"no\":\"B2\",\"state\":\"closed\",\"technician\":\"wang\","
    "\"customer\":{\"id\":2,\"phones\":[\"13900001111\"]}},"
    "{\"no\":\"B3\",\"state\":\"new\",\"technician\":\"li\","
    "\"customer\":{\"id\":3,\"phones\":[\"13700002222\"]}}]}}\n";

static struct client
client_as(enum role r, const char *user)
{
	struct client c = { .logged_in = true, .role = r };

	strcpy(c.user, user);
	return c;
}

START_TEST(test_roles_masked)
{
	ck_assert(!privacy_masks_role(ROLE_OPERATOR));
	ck_assert(!privacy_masks_role(ROLE_DISPATCHER));
	ck_assert(privacy_masks_role(ROLE_TECHNICIAN));
	ck_assert(privacy_masks_role(ROLE_QUALITY));
	ck_assert(privacy_masks_role(ROLE_MANAGER));
	ck_assert(privacy_masks_role(ROLE_ADMIN));
	ck_assert(privacy_masks_role(ROLE_COUNT));   /* a role added later */
}
END_TEST

START_TEST(test_manager_line)
{
	struct client c = client_as(ROLE_MANAGER, "manager");
	char *out;
	size_t len;

	ck_assert(privacy_line(&c, TICKET_LINE, strlen(TICKET_LINE), &out, &len));
	ck_assert_ptr_nonnull(out);
	ck_assert_uint_eq(len, strlen(out));
	ck_assert(out[len - 1] == '\n');
	ck_assert(strstr(out, "138****5678") && strstr(out, "010****4567") &&
	    strstr(out, "139****1111") && strstr(out, "137****2222"));
	ck_assert(!strstr(out, "13812345678") && !strstr(out, "13700002222"));
	ck_assert(strstr(out, "\"id\":1") && strstr(out, "\"state\":\"closed\""));
	free(out);
}
END_TEST

START_TEST(test_whole_roles_untouched)
{
	struct client op = client_as(ROLE_OPERATOR, "operator"),
	    disp = client_as(ROLE_DISPATCHER, "dispatcher"), anon = { .logged_in = false };
	char *out = (char *)"x";
	size_t len;

	ck_assert(!privacy_line(&op, TICKET_LINE, strlen(TICKET_LINE), &out, &len));
	ck_assert_ptr_null(out);
	ck_assert(!privacy_line(&disp, TICKET_LINE, strlen(TICKET_LINE), &out, &len));
	ck_assert(!privacy_line(&anon, TICKET_LINE, strlen(TICKET_LINE), &out, &len));
}
END_TEST

START_TEST(test_technician_own_open)
{
	struct client c = client_as(ROLE_TECHNICIAN, "wang");
	char *out;
	size_t len;

	ck_assert(privacy_line(&c, TICKET_LINE, strlen(TICKET_LINE), &out, &len));
	ck_assert(strstr(out, "13812345678") && strstr(out, "01061234567"));   /* B1 */
	ck_assert(strstr(out, "139****1111"));     /* B2: theirs, closed */
	ck_assert(strstr(out, "137****2222"));     /* B3: someone else's */
	free(out);
}
END_TEST

START_TEST(test_nothing_to_mask)
{
	struct client c = client_as(ROLE_QUALITY, "quality");
	static const char plain[] = "{\"id\":2,\"ok\":true,\"result\":{\"n\":1}}\n";
	static const char masked[] =
	    "{\"id\":3,\"ok\":true,\"result\":{\"phones\":[\"138****5678\"]}}\n";
	char *out;
	size_t len;
	cJSON *j;

	ck_assert(!privacy_line(&c, plain, strlen(plain), &out, &len));
	ck_assert(!privacy_line(&c, masked, strlen(masked), &out, &len));
	/* a "phones" that is not an array of strings is left as it is */
	j = cJSON_Parse("{\"phones\":\"13812345678\",\"x\":{\"phones\":[1,null]}}");
	ck_assert(!privacy_mask_json(j, NULL));
	cJSON_Delete(j);
}
END_TEST

/* The manager's text scan and the technician's tree walk mask the same
 * members: a phones array at any depth, in any form, never text that only
 * looks like one inside a string. */
START_TEST(test_text_as_tree)
{
	static const char line[] =
	    "{\"id\":4,\"ok\":true,\"result\":{\"fault\":\"say \\\"phones\\\":"
	    "[\\\"13812345678\\\"] \\\\\",\"phones\" : [ \"+12125551234\" , "
	    "\"12345\",\"13812345678\",1,null],\"a\":[{\"b\":{\"phones\":[\"138****5678\","
	    "\"0755861234567\",\"12a4567\"]}}],\"customers\":[{\"phones\":[]}]}}\n";
	struct client c = client_as(ROLE_QUALITY, "quality");
	cJSON *tree = cJSON_Parse(line), *got;
	char *out;
	size_t len;

	ck_assert_ptr_nonnull(tree);
	ck_assert(privacy_line(&c, line, strlen(line), &out, &len));
	ck_assert_uint_eq(len, strlen(line));
	got = cJSON_Parse(out);
	ck_assert_ptr_nonnull(got);
	ck_assert(privacy_mask_json(tree, NULL));
	ck_assert_msg(cJSON_Compare(tree, got, true), "%s", out);
	ck_assert(strstr(out, "\\\"13812345678\\\""));   /* the fault's text as it was */
	ck_assert(strstr(out, "\"+121****1234\"") && strstr(out, "\"*****\"") &&
	    strstr(out, "\"075******4567\"") && strstr(out, "\"*******\""));
	cJSON_Delete(tree);
	cJSON_Delete(got);
	free(out);
}
END_TEST

Suite *
privacy_suite(void)
{
	Suite *s = suite_create("privacy");
	TCase *tc = tcase_create("mask");

	tcase_add_test(tc, test_roles_masked);
	tcase_add_test(tc, test_manager_line);
	tcase_add_test(tc, test_whole_roles_untouched);
	tcase_add_test(tc, test_technician_own_open);
	tcase_add_test(tc, test_nothing_to_mask);
	tcase_add_test(tc, test_text_as_tree);
	suite_add_tcase(s, tc);
	return s;
}
