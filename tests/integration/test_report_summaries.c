/*
 * test_report_summaries.c: the ticket's report summaries (sql/035_report_summaries.sql,
 * kept by sql/functions/93_report_summaries.sql) equal the detail they summarise after
 * each kind of write: ticket.arrive on time and late (first_arrival_on_time, from the
 * first arrive event), visit.record satisfied and not, a later visit, a visit changed
 * (first_visit_satisfied, from the first visit), ticket.repair with a cause code and
 * again without one (cause_code, from the card); and report.kpi counts them. And the
 * records the monthly pack reads by their ticket's registration (sql/036): a visit, a
 * part fitted and a shop receipt carry their ticket's created_at, and a visit whether it
 * is its ticket's first, a complaint's stages and shares its created_at, however they
 * were written.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tests/integration/harness.h"
#include "tests/integration/suites.h"

static struct h_env E;

static void
setup(void)
{
	h_env_start(&E, NULL);
	h_sql(E.db, "INSERT INTO service_points (id, name, region) VALUES (1, '朝阳服务站', 'urban');"
	    "UPDATE users SET service_point_id = 1 WHERE role = 'technician';"
	    "INSERT INTO parts (part_no, name, price) VALUES ('RC-101', '压缩机启动电容', 3500)");
}

static void
teardown(void)
{
	h_env_stop(&E);
}

/* The tickets whose summaries differ from their detail: none, always. */
static void
expect_summaries_equal_detail(void)
{
	ck_assert_str_eq(h_sql_text(E.db, "SELECT coalesce(string_agg(no, ','), '') FROM tickets t"
	    " WHERE first_arrival_on_time IS DISTINCT FROM (SELECT (e.details->>'on_time')::boolean"
	    "  FROM ticket_events e WHERE e.ticket_no = t.no AND e.kind = 'arrive'"
	    "  ORDER BY e.id LIMIT 1)"
	    " OR first_visit_satisfied IS DISTINCT FROM (SELECT v.satisfied FROM visits v"
	    "  WHERE v.ticket_no = t.no ORDER BY v.id LIMIT 1)"
	    " OR cause_code IS DISTINCT FROM repair->>'cause_code'"
	    " OR labour_minutes IS DISTINCT FROM (repair->>'labour_minutes')::int"), "");
	/* The records' copies of their ticket's registration, and the first visits. */
	ck_assert_str_eq(h_sql_text(E.db, "SELECT coalesce(string_agg(r, ','), '') FROM ("
	    " SELECT 'visit ' || v.id AS r FROM visits v JOIN tickets t ON t.no = v.ticket_no"
	    "  WHERE v.ticket_created_at IS DISTINCT FROM t.created_at OR v.first_visit"
	    "   IS DISTINCT FROM (v.id = (SELECT min(f.id) FROM visits f"
	    "   WHERE f.ticket_no = v.ticket_no))"
	    " UNION ALL SELECT 'part ' || p.id FROM ticket_parts p JOIN tickets t"
	    "  ON t.no = p.ticket_no WHERE p.ticket_created_at IS DISTINCT FROM t.created_at"
	    " UNION ALL SELECT 'receipt ' || s.receipt_no FROM shop_ledger s JOIN tickets t"
	    "  ON t.no = s.ticket_no WHERE s.ticket_created_at IS DISTINCT FROM t.created_at"
	    " UNION ALL SELECT 'stage ' || s.complaint_no || '/' || s.seq FROM complaint_stages s"
	    "  JOIN complaints c ON c.no = s.complaint_no"
	    "  WHERE s.complaint_created_at IS DISTINCT FROM c.created_at"
	    " UNION ALL SELECT 'share ' || s.complaint_no || '/' || s.seq FROM complaint_shares s"
	    "  JOIN complaints c ON c.no = s.complaint_no"
	    "  WHERE s.complaint_created_at IS DISTINCT FROM c.created_at) x"), "");
}

/* One ticket's summaries as "arrival|visit|cause", each "-" when null. */
static const char *
summaries(const char *no)
{
	return h_sql_text(E.db, "SELECT coalesce(first_arrival_on_time::text, '-') || '|' ||"
	    " coalesce(first_visit_satisfied::text, '-') || '|' || coalesce(cause_code, '-')"
	    " FROM tickets WHERE no = '%s'", no);
}

/* A new repair ticket (B, urban) dispatched to the technician. */
static void
dispatched(char *no, size_t size)
{
	struct conn *op = h_connect_as(E.d, "operator"), *disp = h_connect_as(E.d, "dispatcher");

	cJSON_Delete(h_new_ticket(op, "B", "urban", no, size));
	h_donef(disp, "ticket.dispatch", "{\"no\":\"%s\",\"technician\":\"technician\"}", no);
	conn_close(op);
	conn_close(disp);
}

#define CARD "\"diagnosis\":\"不制冷\",\"cause\":\"压缩机卡缸\",\"actions\":\"更换压缩机\"," \
	"\"parts\":[],\"labour_minutes\":30"

/* Arrived (late when late), repaired with cause_code (NULL: none), completed. */
static void
worked(char *no, size_t size, bool late, const char *cause_code)
{
	struct conn *tech = h_connect_as(E.d, "technician");

	dispatched(no, size);
	if (late)
		h_sqlf(E.db, "UPDATE tickets SET arrival_due = now() - interval '1 hour' WHERE no = '%s'",
		    no);
	h_donef(tech, "ticket.arrive", "{\"no\":\"%s\"}", no);
	ck_assert_str_eq(summaries(no), late ? "false|-|-" : "true|-|-");
	expect_summaries_equal_detail();
	if (cause_code)
		h_donef(tech, "ticket.repair", "{\"no\":\"%s\"," CARD ",\"cause_code\":\"%s\"}", no,
		    cause_code);
	else
		h_donef(tech, "ticket.repair", "{\"no\":\"%s\"," CARD "}", no);
	expect_summaries_equal_detail();
	h_donef(tech, "ticket.complete", "{\"no\":\"%s\",\"signed_by\":\"张三\"}", no);
	expect_summaries_equal_detail();
	conn_close(tech);
}

static void
visit(struct conn *op, const char *no, int skill, int score)
{
	h_donef(op, "visit.record", "{\"no\":\"%s\",\"attitude\":1,\"skill\":%d,"
	    "\"punctuality\":1,\"promise\":1,\"score\":%d,\"comment\":\"回访\"}", no, skill, score);
}

START_TEST(test_arrival_and_card)
{
	char on_time[32], late[32];
	struct conn *tech = h_connect_as(E.d, "technician");

	worked(on_time, sizeof on_time, false, "compressor");
	ck_assert_str_eq(summaries(on_time), "true|-|compressor");
	worked(late, sizeof late, true, NULL);
	ck_assert_str_eq(summaries(late), "false|-|-");

	/* A second arrive event (as a revisit would write) leaves the first's answer. */
	h_sqlf(E.db, "INSERT INTO ticket_events (ticket_no, actor, kind, details) VALUES"
	    " ('%s', 'technician', 'arrive', '{\"on_time\": true}')", late);
	ck_assert_str_eq(summaries(late), "false|-|-");
	expect_summaries_equal_detail();
	/* Another kind of event changes nothing. */
	h_sqlf(E.db, "INSERT INTO ticket_events (ticket_no, actor, kind, details) VALUES"
	    " ('%s', 'technician', 'note', '{\"on_time\": true}')", on_time);
	ck_assert_str_eq(summaries(on_time), "true|-|compressor");
	expect_summaries_equal_detail();
	conn_close(tech);
}
END_TEST

START_TEST(test_visits)
{
	char happy[32], unhappy[32];
	struct conn *op = h_connect_as(E.d, "operator");

	worked(happy, sizeof happy, false, "motor");
	worked(unhappy, sizeof unhappy, false, "fan");
	visit(op, happy, 1, 95);
	ck_assert_str_eq(summaries(happy), "true|true|motor");
	expect_summaries_equal_detail();
	visit(op, unhappy, 4, 90);   /* an item at 4: not satisfied (it opens a complaint) */
	ck_assert_str_eq(summaries(unhappy), "true|false|fan");
	expect_summaries_equal_detail();

	/* A later visit (a second call) leaves the first visit's answer. */
	h_sqlf(E.db, "INSERT INTO visits (ticket_no, by_user, attitude, skill, punctuality,"
	    " promise, score) VALUES ('%s', 'operator', 4, 4, 4, 4, 10)", happy);
	ck_assert_str_eq(summaries(happy), "true|true|motor");
	expect_summaries_equal_detail();
	/* The first visit changed: the summary follows it. */
	h_sqlf(E.db, "UPDATE visits SET score = 50 WHERE id = (SELECT min(id) FROM visits"
	    " WHERE ticket_no = '%s')", happy);
	ck_assert_str_eq(summaries(happy), "true|false|motor");
	expect_summaries_equal_detail();
	conn_close(op);
}
END_TEST

/*
 * A part fitted on the card, the unit taken to the shop, two visits: each record has
 * its ticket's registration time (moved into the past first, so a record's own time
 * could not pass for it) and only the first visit is marked first.
 */
START_TEST(test_records_carry_ticket_time)
{
	char no[32];
	struct conn *admin = h_connect_as(E.d, "admin"), *tech, *op = h_connect_as(E.d, "operator");

	h_donef(admin, "stock.receive", "{\"service_point_id\":1,\"part_no\":\"RC-101\","
	    "\"qty\":4}");
	dispatched(no, sizeof no);
	h_sqlf(E.db, "UPDATE tickets SET created_at = created_at - interval '20 days'"
	    " WHERE no = '%s'", no);
	tech = h_connect_as(E.d, "technician");
	h_donef(tech, "ticket.arrive", "{\"no\":\"%s\"}", no);
	h_donef(tech, "ticket.take_back", "{\"no\":\"%s\"}", no);
	h_donef(tech, "ticket.repair", "{\"no\":\"%s\",\"diagnosis\":\"不制冷\",\"cause\":\"电容\","
	    "\"actions\":\"更换电容\",\"parts\":[{\"part_no\":\"RC-101\",\"qty\":2}],"
	    "\"labour_minutes\":45}", no);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM ticket_parts p JOIN tickets t"
	    " ON t.no = p.ticket_no WHERE p.ticket_no = '%s' AND p.ticket_created_at = t.created_at"
	    " AND p.ticket_created_at < p.at - interval '19 days'", no), 1);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT count(*) FROM shop_ledger s JOIN tickets t"
	    " ON t.no = s.ticket_no WHERE s.ticket_no = '%s' AND s.ticket_created_at = t.created_at",
	    no), 1);
	ck_assert_int_eq(h_sql_int(E.db, "SELECT labour_minutes FROM tickets WHERE no = '%s'", no),
	    45);
	expect_summaries_equal_detail();
	/* Back from the shop and completed, as the ops allow, then two visits. */
	h_sqlf(E.db, "UPDATE tickets SET state = 'completed', completed_at = now() WHERE no = '%s'",
	    no);
	visit(op, no, 1, 95);
	h_sqlf(E.db, "INSERT INTO visits (ticket_no, by_user, attitude, skill, punctuality,"
	    " promise, score) VALUES ('%s', 'operator', 4, 4, 4, 4, 10)", no);
	ck_assert_str_eq(h_sql_text(E.db, "SELECT string_agg(first_visit::text || ':' ||"
	    " (ticket_created_at = (SELECT created_at FROM tickets WHERE no = '%s'))::text, ','"
	    " ORDER BY id) FROM visits WHERE ticket_no = '%s'", no, no), "true:true,false:true");
	expect_summaries_equal_detail();
	conn_close(tech);
	conn_close(op);
	conn_close(admin);
}
END_TEST

/*
 * A complaint classified (its first stage) and its responsibility attributed (two
 * shares): each stage and share has its complaint's registration time, moved into the
 * past first.
 */
START_TEST(test_complaint_records_carry_complaint_time)
{
	char no[32];
	struct conn *op = h_connect_as(E.d, "operator"), *q = h_connect_as(E.d, "quality");

	h_new_complaint(op, no, sizeof no);
	h_sqlf(E.db, "UPDATE complaints SET created_at = created_at - interval '40 days'"
	    " WHERE no = '%s'", no);
	h_donef(q, "complaint.classify", "{\"no\":\"%s\",\"category\":\"other\","
	    "\"severity\":\"minor\"}", no);
	h_donef(q, "complaint.attribute", "{\"no\":\"%s\",\"shares\":[{\"department\":"
	    "\"warehouse\",\"percent\":60},{\"user\":\"technician\",\"percent\":40}]}", no);
	ck_assert_str_eq(h_sql_text(E.db, "SELECT (SELECT count(*) FROM complaint_stages s"
	    " JOIN complaints c ON c.no = s.complaint_no WHERE s.complaint_no = '%s'"
	    " AND s.complaint_created_at = c.created_at) || '|' || (SELECT count(*)"
	    " FROM complaint_shares s JOIN complaints c ON c.no = s.complaint_no"
	    " WHERE s.complaint_no = '%s' AND s.complaint_created_at = c.created_at"
	    " AND s.complaint_created_at < s.attributed_at - interval '39 days')", no, no), "1|2");
	expect_summaries_equal_detail();
	conn_close(q);
	conn_close(op);
}
END_TEST

/* report.kpi over tickets worked through the ops: counted from the summaries. */
START_TEST(test_kpi_reads_summaries)
{
	char a[32], b[32], c[32], today[16];
	struct conn *op = h_connect_as(E.d, "operator"), *q = h_connect_as(E.d, "quality");
	const cJSON *res;
	cJSON *r;

	worked(a, sizeof a, false, "motor");
	worked(b, sizeof b, true, "motor");
	dispatched(c, sizeof c);
	visit(op, a, 1, 95);
	visit(op, b, 1, 60);
	h_centre_date(time(NULL), 0, today, sizeof today);
	r = h_okf(q, "report.kpi", "{\"from\":\"%s\",\"to\":\"%s\"}", today, today);
	res = reply_result(r);
	/* 1 of 2 arrivals on time; 1 of 2 visited satisfied; 2 of 2 completed visited. */
	ck_assert_double_eq_tol(h_member(h_member(res, "arrival_on_time_rate"), "value")->valuedouble,
	    0.5, 1e-9);
	ck_assert_double_eq_tol(h_member(h_member(res, "satisfaction_rate"), "value")->valuedouble,
	    0.5, 1e-9);
	ck_assert_double_eq_tol(h_member(h_member(res, "visit_rate"), "value")->valuedouble,
	    1.0, 1e-9);
	cJSON_Delete(r);
	r = h_okf(q, "report.pareto", "{\"from\":\"%s\",\"to\":\"%s\",\"by\":\"cause\"}", today,
	    today);
	ck_assert_str_eq(h_str(cJSON_GetArrayItem(h_member(reply_result(r), "rows"), 0), "key"),
	    "motor");
	ck_assert_int_eq(h_member(cJSON_GetArrayItem(h_member(reply_result(r), "rows"), 0),
	    "count")->valueint, 2);
	cJSON_Delete(r);
	conn_close(q);
	conn_close(op);
}
END_TEST

Suite *
report_summaries_suite(void)
{
	Suite *s = suite_create("report_summaries");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, H_TEST_TIMEOUT);
	tcase_add_test(tc, test_arrival_and_card);
	tcase_add_test(tc, test_visits);
	tcase_add_test(tc, test_kpi_reads_summaries);
	tcase_add_test(tc, test_records_carry_ticket_time);
	tcase_add_test(tc, test_complaint_records_carry_complaint_time);
	suite_add_tcase(s, tc);
	return s;
}
