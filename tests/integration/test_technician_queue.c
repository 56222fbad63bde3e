/*
 * test_technician_queue.c: a technician's `mine` queue (issue 17; its own
 * statement in server/ticket.c on the index of sql/038_technician_queue.sql):
 * their open tickets only, carried-over ones first then by deadline, paged
 * with cursors across both branches, by region; and the page is read from
 * tickets_technician_open and tickets_technician_new (PostgreSQL's own
 * count of scans of each index).
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "tests/integration/harness.h"
#include "tests/integration/suites.h"

H_ENV_FIXTURE(E)

/* The whole queue, `limit` at a time, each page after the last's cursor:
 * the numbers in the order shown. */
static const char *
all_pages(struct conn *c, const char *region, int limit, int *pages)
{
	static char out[4096];
	char after[128] = "";

	out[0] = '\0';
	*pages = 0;
	do {
		cJSON *a = cJSON_CreateObject(), *r;
		const cJSON *t, *n;

		cJSON_AddStringToObject(a, "queue", "mine");
		cJSON_AddNumberToObject(a, "limit", limit);
		if (region != NULL)
			cJSON_AddStringToObject(a, "region", region);
		if (after[0] != '\0')
			cJSON_AddStringToObject(a, "after", after);
		r = h_expect_ok(h_callj(c, "ticket.list", a));
		cJSON_ArrayForEach(t, h_member(reply_result(r), "tickets")) {
			ck_assert_str_eq(h_str(t, "technician"), "technician");
			if (out[0] != '\0')
				strcat(out, ",");
			strncat(out, h_str(t, "no"), 20);
		}
		n = h_member(reply_result(r), "next");
		snprintf(after, sizeof after, "%s", cJSON_IsString(n) ? n->valuestring : "");
		cJSON_Delete(r);
		ck_assert_int_lt(++*pages, 20);
	} while (after[0] != '\0');
	return out;
}

/* Scans of the technician's two indexes, as "open,new". */
static const char *
index_scans(char *buf, size_t size)
{
	snprintf(buf, size, "%s", h_sql_text(E.db, "SELECT string_agg(idx_scan::text, ','"
	    " ORDER BY indexrelname DESC) FROM pg_stat_user_indexes WHERE indexrelname IN"
	    " ('tickets_technician_open', 'tickets_technician_new')"));
	return buf;
}

/* Each of the two counts grew. */
static bool
both_grew(const char *before, const char *now)
{
	long long b1 = 0, b2 = 0, n1 = 0, n2 = 0;

	return sscanf(before, "%lld,%lld", &b1, &b2) == 2 &&
	    sscanf(now, "%lld,%lld", &n1, &n2) == 2 && n1 > b1 && n2 > b2;
}

START_TEST(test_technician_mine)
{
	struct conn *op = h_connect_as(E.d, "operator");
	struct conn *tech = h_connect_as(E.d, "technician");
	char no[32], want[4096], before[64], now[64];
	long long deadline;
	int pages;

	h_add_technician(E.db, "tech.b", "urban");
	for (int i = 0; i < 9; i++)
		cJSON_Delete(h_new_ticket(op, "B", i % 3 ? "urban" : "suburban", no, sizeof no));
	/* Seven of the technician's open (two carried over from earlier days,
	 * as an imported ticket could be), one finished, one another's. */
	h_sql(E.db, "WITH t AS (SELECT no, row_number() OVER (ORDER BY no) AS i FROM tickets)"
	    " UPDATE tickets SET technician = CASE WHEN t.i = 9 THEN 'tech.b' ELSE 'technician' END,"
	    "  state = CASE WHEN t.i IN (1, 2) THEN 'new' WHEN t.i = 8 THEN 'completed'"
	    "   WHEN t.i = 3 THEN 'in_shop' ELSE 'dispatched' END,"
	    "  created_at = CASE WHEN t.i IN (1, 2, 5) THEN now() - interval '2 days'"
	    "   ELSE created_at END,"
	    "  arrival_due = now() + interval '1 hour' * (10 - t.i)"
	    " FROM t WHERE tickets.no = t.no");
	snprintf(want, sizeof want, "%s", h_sql_text(E.db, "SELECT string_agg(no, ','"
	    " ORDER BY (state = 'new' AND created_at < now() - interval '1 day') DESC, due, no)"
	    " FROM tickets WHERE technician = 'technician' AND state IN"
	    " ('new', 'dispatched', 'on_site', 'in_shop', 'repaired', 'inspected')"));
	ck_assert_str_eq(all_pages(tech, NULL, 200, &pages), want);
	ck_assert_int_eq(pages, 1);
	/* Two at a time: the cursors cross from the carried-over branch. */
	ck_assert_str_eq(all_pages(tech, NULL, 2, &pages), want);
	ck_assert_int_eq(pages, 4);
	snprintf(want, sizeof want, "%s", h_sql_text(E.db, "SELECT string_agg(no, ','"
	    " ORDER BY (state = 'new' AND created_at < now() - interval '1 day') DESC, due, no)"
	    " FROM tickets WHERE technician = 'technician' AND region = 'suburban' AND state IN"
	    " ('new', 'dispatched', 'on_site', 'in_shop', 'repaired', 'inspected')"));
	ck_assert_str_eq(all_pages(tech, "suburban", 1, &pages), want);

	/* Read from the technician's indexes, each branch its own: a backend
	 * reports its counts once idle, at most once a second (and else within
	 * 10 s). */
	index_scans(before, sizeof before);
	h_sql(E.db, "ANALYZE tickets");
	h_sleep_ms(1100);
	all_pages(tech, NULL, 200, &pages);
	deadline = h_now_ms() + 15000;
	while (!both_grew(before, index_scans(now, sizeof now)) && h_now_ms() < deadline)
		h_sleep_ms(200);
	ck_assert_msg(both_grew(before, now), "the technician's mine page did not read "
	    "tickets_technician_open and tickets_technician_new (scans %s, then %s)", before, now);
	conn_close(op);
	conn_close(tech);
}
END_TEST

Suite *
technician_queue_suite(void)
{
	Suite *s = suite_create("technician_queue");
	TCase *tc = tcase_create("mine");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, H_TEST_TIMEOUT);
	tcase_add_test(tc, test_technician_mine);
	suite_add_tcase(s, tc);
	return s;
}
