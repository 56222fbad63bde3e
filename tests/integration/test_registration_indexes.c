/*
 * test_registration_indexes.c: the audit of what a registration's indexes
 * cost (issue 17; doc/architecture.md, "What a registration's indexes and
 * triggers cost") stays true of the schema: every index on tickets after
 * migrating is in its table, and those it says were dropped (migrations
 * 042_registration_indexes.sql, 043_guarantee_unit_repeats.sql) are gone.
 * An index added to tickets without saying who reads it and what it adds
 * to a registration fails here.
 */
#include <stdio.h>
#include <string.h>

#include "tests/integration/harness.h"
#include "tests/integration/suites.h"

H_ENV_FIXTURE(E)

#define AUDIT_HEADING "## What a registration's indexes and triggers cost"

struct audit {
	char kept[4096];      /* ",name,name,...," */
	char dropped[512];
};

/* The index names in the first cell of a row of the audit's table: into
 * kept, or dropped when the row says so. */
static void
audit_row(const char *line, struct audit *a)
{
	const char *cell_end = strchr(line + 1, '|');
	char *list = strstr(line, "dropped") ? a->dropped : a->kept;
	size_t size = strstr(line, "dropped") ? sizeof a->dropped : sizeof a->kept;

	for (const char *p = line; (p = strstr(p, "`tickets_")) != NULL && p < cell_end; ) {
		const char *end = strchr(++p, '`');

		ck_assert_ptr_nonnull(end);
		ck_assert_int_lt(strlen(list) + (size_t)(end - p) + 2, size);
		strncat(list, p, (size_t)(end - p));
		strcat(list, ",");
		p = end + 1;
	}
}

/* The audit's table, from the repository's doc/architecture.md. */
static void
read_audit(struct audit *a)
{
	char path[1024], line[1024];
	bool in_section = false;
	FILE *f;

	snprintf(path, sizeof path, "%s/doc/architecture.md", h_env("SVCDESK_REPO"));
	ck_assert_msg((f = fopen(path, "r")) != NULL, "cannot read %s", path);
	strcpy(a->kept, ",");
	strcpy(a->dropped, ",");
	while (fgets(line, sizeof line, f) != NULL) {
		if (strncmp(line, "## ", 3) == 0)
			in_section = strncmp(line, AUDIT_HEADING, strlen(AUDIT_HEADING)) == 0;
		else if (in_section && strncmp(line, "| `tickets_", 11) == 0)
			audit_row(line, a);
	}
	fclose(f);
}

static bool
listed(const char *list, const char *name)
{
	char key[128];

	snprintf(key, sizeof key, ",%s,", name);
	return strstr(list, key) != NULL;
}

START_TEST(test_every_index_audited)
{
	struct audit a;
	char indexes[4096], *name, *save = NULL;

	read_audit(&a);
	ck_assert_msg(strcmp(a.dropped, ",tickets_owner,tickets_unit_repeats,") == 0,
	    "dropped: %s", a.dropped);
	snprintf(indexes, sizeof indexes, "%s", h_sql_text(E.db, "SELECT string_agg(indexname,"
	    " ',' ORDER BY indexname) FROM pg_indexes WHERE tablename = 'tickets'"));
	ck_assert_int_gt((int)strlen(indexes), 0);
	for (name = strtok_r(indexes, ",", &save); name; name = strtok_r(NULL, ",", &save)) {
		ck_assert_msg(!listed(a.dropped, name), "%s: the audit dropped it, the "
		    "schema has it", name);
		ck_assert_msg(listed(a.kept, name), "%s: an index on tickets the audit in "
		    "doc/architecture.md does not account for", name);
	}
}
END_TEST

Suite *
registration_indexes_suite(void)
{
	Suite *s = suite_create("registration_indexes");
	TCase *tc = tcase_create("audit");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, H_TEST_TIMEOUT);
	tcase_add_test(tc, test_every_index_audited);
	suite_add_tcase(s, tc);
	return s;
}
