/*
 * test_queues.c: the daemon's ticket.list and common/queues.c agree. The
 * daemon answers each queue with its own SQL (server/ticket.c), the client
 * places pushed tickets with ticket_queue_holds: for tickets in every state,
 * with and without a technician, owned by the viewer or not, overdue or
 * not, with a call-back set or not (in every state, though only a completed
 * ticket gets one), in every region, every queue and region filter answers a dispatcher
 * and a technician exactly the tickets the rule holds.
 */
#include <stdio.h>
#include <string.h>

#include "common/domain.h"
#include "common/queues.h"
#include "tests/integration/harness.h"
#include "tests/integration/suites.h"

H_ENV_FIXTURE(E)

#define NTICKETS (9 * 12)

static const char *const states[] = { "new", "dispatched", "on_site", "in_shop",
	"repaired", "inspected", "completed", "closed", "cancelled" };

/* A ticket as the rule reads it, from the database. */
struct row {
	char no[16], state[16], region[16], technician[32], owner[32];
	bool overdue, callback;
};

/* Every state, each with 12 tickets: no technician, `technician` or
 * `tech.two`; owned by the operator or the dispatcher; overdue or not;
 * a call-back or not (its time in a different order from the numbers);
 * the regions in turn. */
static void
insert_every_kind(void)
{
	static const char *const techs[] = { NULL, "technician", "tech.two" };
	char no[16];

	h_add_technician(E.db, "tech.two", "urban");
	for (int s = 0; s < 9; s++)
		for (int i = 0; i < 12; i++) {
			snprintf(no, sizeof no, "B26112%05d", s * 12 + i);
			h_insert_ticket(E.db, no, states[s], region_names[(s + i) % 3],
			    techs[i % 3]);
			h_sqlf(E.db, "UPDATE tickets SET owner = '%s', overdue = %s, callback_at = "
			    "CASE WHEN %d %% 4 < 2 THEN now() + interval '%d minutes' END "
			    "WHERE no = '%s'", (i / 3) % 2 ? "dispatcher" : "operator",
			    (i / 6) % 2 ? "true" : "false", i, (12 - i) * 7, no);
		}
}

static int
load_rows(struct row *rows)
{
	PGconn *pg = h_pg_connect(E.db);
	PGresult *res = PQexec(pg, "SELECT no, state, region, coalesce(technician, ''),"
	    " owner, overdue, callback_at IS NOT NULL FROM tickets ORDER BY no");
	int n = PQntuples(res);

	ck_assert_int_eq(PQresultStatus(res), PGRES_TUPLES_OK);
	ck_assert_int_eq(n, NTICKETS);
	for (int i = 0; i < n; i++) {
		snprintf(rows[i].no, sizeof rows[i].no, "%s", PQgetvalue(res, i, 0));
		snprintf(rows[i].state, sizeof rows[i].state, "%s", PQgetvalue(res, i, 1));
		snprintf(rows[i].region, sizeof rows[i].region, "%s", PQgetvalue(res, i, 2));
		snprintf(rows[i].technician, sizeof rows[i].technician, "%s", PQgetvalue(res, i, 3));
		snprintf(rows[i].owner, sizeof rows[i].owner, "%s", PQgetvalue(res, i, 4));
		rows[i].overdue = PQgetvalue(res, i, 5)[0] == 't';
		rows[i].callback = PQgetvalue(res, i, 6)[0] == 't';
	}
	PQclear(res);
	PQfinish(pg);
	return n;
}

/* The numbers ticket.list answers for queue and region (NULL: every
 * region), page after page, each once, as ",no,no,...,". */
static void
list_queue(struct conn *c, const char *queue, const char *region, char *seen,
    size_t size)
{
	cJSON *args, *r;
	const cJSON *t, *next;
	char after[128] = "";

	snprintf(seen, size, ",");
	for (int pages = 0; pages < 10; pages++) {
		args = cJSON_CreateObject();
		cJSON_AddStringToObject(args, "queue", queue);
		cJSON_AddNumberToObject(args, "limit", 50);
		if (region != NULL)
			cJSON_AddStringToObject(args, "region", region);
		if (after[0])
			cJSON_AddStringToObject(args, "after", after);
		r = h_expect_ok(h_callj(c, "ticket.list", args));
		cJSON_ArrayForEach(t, cJSON_GetObjectItemCaseSensitive(reply_result(r), "tickets")) {
			ck_assert_msg(strstr(seen, h_str(t, "no")) == NULL, "%s twice in %s",
			    h_str(t, "no"), queue);
			snprintf(seen + strlen(seen), size - strlen(seen), "%s,", h_str(t, "no"));
		}
		next = cJSON_GetObjectItemCaseSensitive(reply_result(r), "next");
		if (!cJSON_IsString(next)) {
			cJSON_Delete(r);
			return;
		}
		snprintf(after, sizeof after, "%s", next->valuestring);
		cJSON_Delete(r);
	}
	ck_abort_msg("%s: more than 10 pages", queue);
}

static void
expect_rule(struct conn *c, const struct queue_viewer *who, const struct row *rows,
    int n)
{
	static const char *const regions[] = { NULL, "urban", "suburban", "county" };
	char seen[NTICKETS * 16 + 8], key[sizeof rows->no + 2];

	for (int q = 0; ticket_queue_names[q] != NULL; q++)
		for (int g = 0; g < 4; g++) {
			list_queue(c, ticket_queue_names[q], regions[g], seen, sizeof seen);
			for (int i = 0; i < n; i++) {
				struct queue_ticket t = { rows[i].state, rows[i].region,
					rows[i].technician, rows[i].owner, rows[i].overdue,
					rows[i].callback };
				bool want = ticket_queue_holds(ticket_queue_names[q], regions[g], who, &t);
				snprintf(key, sizeof key, ",%.15s,", rows[i].no);
				ck_assert_msg((strstr(seen, key) != NULL) == want,
				    "%s (%s, %s, technician '%s', owner %s, overdue %d) for %s: "
				    "queue %s region %s: the daemon %s, the rule %s",
				    rows[i].no, rows[i].state, rows[i].region, rows[i].technician,
				    rows[i].owner, rows[i].overdue, who->user, ticket_queue_names[q],
				    regions[g] ? regions[g] : "any",
				    want ? "leaves it out" : "lists it", want ? "holds it" : "does not");
			}
		}
}

START_TEST(test_queues_match_rule)
{
	static struct row rows[NTICKETS];
	struct queue_viewer dispatcher = { "dispatcher", false };
	struct queue_viewer technician = { "technician", true };
	struct conn *c;
	int n;

	for (int q = 0; ticket_queue_names[q] != NULL; q++)
		ck_assert_msg(ticket_queue_known(ticket_queue_names[q]),
		    "queue %s has no rule in common/queues.c", ticket_queue_names[q]);
	insert_every_kind();
	n = load_rows(rows);
	c = h_connect_as(E.d, "dispatcher");
	expect_rule(c, &dispatcher, rows, n);
	conn_close(c);
	c = h_connect_as(E.d, "technician");
	expect_rule(c, &technician, rows, n);
	conn_close(c);
}
END_TEST

Suite *
queues_suite(void)
{
	Suite *s = suite_create("queues");
	TCase *tc = tcase_create("rule");

	tcase_set_timeout(tc, H_TEST_TIMEOUT);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_queues_match_rule);
	suite_add_tcase(s, tc);
	return s;
}
