/*
 * test_export.c: report.export and report.penalties on a known data set
 * written straight into the database: the CSV of the daily report compared
 * byte for byte with one written by hand (byte order mark, header, CRLF,
 * quoting), the XLSX files opened with Python's zipfile and their sheet XML
 * (tests/integration/xlsx_cells.py: sheet names, header cells, numbers as
 * numbers), the payroll's month, file names, roles and refusals (the
 * export's own and each report's, with their field).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sodium.h>

#include "tests/integration/harness.h"
#include "tests/integration/suites.h"

static struct h_env E;

/*
 * The day is 2026-03-10 (+08). technician (张三) completed B01 (45 minutes)
 * that day, dispatched and arriving on time; tech2 (王, "小二": a comma and
 * quotes to quote) did nothing. Y02, registered that day, is not done.
 * Complaints in March: two about the product, one about the service.
 * Deductions of March 2026: technician charged 800 yuan, 500 deducted
 * (half his bonus), 300 carried; tech2 charged and deducted 400; April
 * carries technician's 300 (another month, left out of March).
 */
static const char data_set[] =
	"UPDATE users SET name = '张三', department = 'service' WHERE login = 'technician';"
	"UPDATE users SET name = '王, \"小二\"' WHERE login = 'tech2';"
	"INSERT INTO customers (name, phones, region) VALUES ('甲', '{13800000001}', 'urban');"
	"INSERT INTO tickets (no, type, channel, state, service_class, customer_id, region,"
	" fault, taken_by, owner, technician, created_at, completed_at, repair)"
	" SELECT v.no, v.type, 'phone', v.state, 'C', (SELECT id FROM customers), 'urban', 'x',"
	"  'operator', 'operator', v.tech, v.created::timestamptz, v.done::timestamptz,"
	"  v.card::jsonb FROM (VALUES"
	"  ('B01', 'B', 'completed', 'technician', '2026-03-09 10:00+08', '2026-03-10 15:00+08',"
	"   '{\"labour_minutes\": 45}'),"
	"  ('Y02', 'Y', 'new', NULL, '2026-03-10 11:00+08', NULL, NULL)"
	" ) v(no, type, state, tech, created, done, card);"
	"INSERT INTO ticket_events (ticket_no, at, actor, kind, details) VALUES"
	" ('B01', '2026-03-10 08:00+08', 'dispatcher', 'dispatch', '{\"technician\": \"technician\"}'),"
	" ('B01', '2026-03-10 09:00+08', 'technician', 'arrive', '{\"on_time\": true}');"
	"INSERT INTO complaints (no, channel, customer_id, text, taken_by, category, created_at)"
	" SELECT no, 'phone', (SELECT id FROM customers), 'x', 'operator', cat,"
	"  '2026-03-05 10:00+08' FROM (VALUES ('260305001', 'product'), ('260305002', 'product'),"
	"  ('260305003', 'service')) v(no, cat);"
	"INSERT INTO penalty_deductions (login, month, charged, deducted, carried) VALUES"
	" ('technician', '2026-03-01', 80000, 50000, 30000),"
	" ('tech2', '2026-03-01', 40000, 40000, 0),"
	" ('technician', '2026-04-01', 0, 30000, 0);";

static void
setup(void)
{
	h_env_start(&E, NULL);
	h_add_technician(E.db, "tech2", "urban");
	h_sql(E.db, data_set);
}

static void
teardown(void)
{
	h_env_stop(&E);
}

/* The file an export answered: its bytes (malloc'd, NUL-terminated) and
 * their count. */
static unsigned char *
decode(const cJSON *result, size_t *size)
{
	const char *b64 = h_str(result, "content_base64");
	size_t cap = strlen(b64) + 1;
	unsigned char *bin = malloc(cap);

	ck_assert(bin != NULL);
	ck_assert_msg(sodium_base642bin(bin, cap, b64, strlen(b64), NULL, size, NULL,
	    sodium_base64_VARIANT_ORIGINAL) == 0, "content_base64 is not base64");
	bin[*size] = '\0';
	return bin;
}

/* The export's XLSX read back by xlsx_cells.py: {sheets, cells}. */
static cJSON *
read_xlsx(const cJSON *result)
{
	char path[] = "/tmp/svcdesk-test-export-XXXXXX", cmd[1024], *out;
	size_t size, n = 0, cap = 1 << 16;
	unsigned char *bin = decode(result, &size);
	int fd = mkstemp(path);
	FILE *p;
	cJSON *cells;

	ck_assert(fd >= 0);
	ck_assert(write(fd, bin, size) == (ssize_t)size);
	close(fd);
	free(bin);
	snprintf(cmd, sizeof cmd, "python3 %s/tests/integration/xlsx_cells.py %s",
	    h_env("SVCDESK_REPO"), path);
	ck_assert((p = popen(cmd, "r")) != NULL);
	out = malloc(cap);
	while (n + 1 < cap && (size = fread(out + n, 1, cap - 1 - n, p)) > 0)
		n += size;
	out[n] = '\0';
	ck_assert_int_eq(pclose(p), 0);
	unlink(path);
	cells = cJSON_Parse(out);
	ck_assert_msg(cells != NULL, "xlsx_cells.py: %s", out);
	free(out);
	return cells;
}

/* The CSV an export of args answers (malloc'd text), its name checked. */
static char *
export_csv(struct conn *c, const char *args, const char *filename)
{
	cJSON *r = h_expect_ok(h_call(c, "report.export", args));
	size_t size;
	char *csv = (char *)decode(reply_result(r), &size);

	ck_assert_str_eq(h_str(reply_result(r), "filename"), filename);
	ck_assert_uint_eq(size, strlen(csv));
	cJSON_Delete(r);
	return csv;
}

/* The XLSX an export of args answers, read back (read_xlsx), its name
 * checked. */
static cJSON *
export_book(struct conn *c, const char *args, const char *filename)
{
	cJSON *r = h_expect_ok(h_call(c, "report.export", args)), *book;

	ck_assert_str_eq(h_str(reply_result(r), "filename"), filename);
	book = read_xlsx(reply_result(r));
	cJSON_Delete(r);
	return book;
}

/* Row r of sheet in a read_xlsx answer. */
static const cJSON *
sheet_row(const cJSON *book, const char *sheet, int r)
{
	const cJSON *row = cJSON_GetArrayItem(h_member(h_member(book, "cells"), sheet), r);

	ck_assert_msg(row != NULL, "no row %d in sheet %s: %s", r, sheet, h_show(book));
	return row;
}

static void
expect_text(const cJSON *row, int col, const char *want)
{
	const cJSON *c = cJSON_GetArrayItem(row, col);

	ck_assert_msg(cJSON_IsString(c) && strcmp(c->valuestring, want) == 0,
	    "cell %d: want \"%s\" in %s", col, want, h_show(row));
}

static void
expect_number(const cJSON *row, int col, double want)
{
	const cJSON *c = cJSON_GetArrayItem(row, col);

	ck_assert_msg(cJSON_IsNumber(c) && c->valuedouble == want,
	    "cell %d: want the number %g in %s", col, want, h_show(row));
}

/* The header row of sheet, its cells joined with commas, is want. */
static void
expect_header(const cJSON *book, const char *sheet, const char *want)
{
	const cJSON *c;
	char got[512] = "";
	size_t n = 0;

	cJSON_ArrayForEach(c, sheet_row(book, sheet, 0))
		n += (size_t)snprintf(got + n, sizeof got - n, "%s%s", n ? "," : "",
		    cJSON_IsString(c) ? c->valuestring : "?");
	ck_assert_str_eq(got, want);
}

/* The summary sheet's value of name (its rows are [name, value]). */
static const cJSON *
summary_value(const cJSON *book, const char *name)
{
	const cJSON *row;

	cJSON_ArrayForEach(row, h_member(h_member(book, "cells"), "summary"))
		if (strcmp(cJSON_GetStringValue(cJSON_GetArrayItem(row, 0)) ?: "", name) == 0)
			return cJSON_GetArrayItem(row, 1);
	ck_abort_msg("no %s in the summary: %s", name, h_show(book));
	return NULL;
}

/* Columns as report.daily's JSON gives them (jsonb: shorter names first). */
#define DAILY_HEADER_CELLS "key,name,calls,on_time,repeats,arrivals,completed,work_minutes"
#define DAILY_HEADER DAILY_HEADER_CELLS "\r\n"

START_TEST(test_daily_csv)
{
	struct conn *d = h_connect_as(E.d, "dispatcher");
	char *csv = export_csv(d, "{\"report\":\"daily\",\"format\":\"csv\","
	    "\"day\":\"2026-03-10\",\"by\":\"technician\"}", "daily-technician-2026-03-10.csv");
	static const char want[] =
		"\xEF\xBB\xBF" DAILY_HEADER
		"tech2,\"王, \"\"小二\"\"\",0,0,0,0,0,0\r\n"
		"technician,张三,1,1,0,1,1,45\r\n"
		"\r\n"
		"name,value\r\n"
		"by,technician\r\n"
		"day,2026-03-10\r\n"
		"totals.calls,1\r\n"
		"totals.on_time,1\r\n"
		"totals.repeats,0\r\n"
		"totals.arrivals,1\r\n"
		"totals.completed,1\r\n"
		"totals.work_minutes,45\r\n";

	ck_assert_str_eq(csv, want);
	free(csv);
	conn_close(d);
}
END_TEST

START_TEST(test_daily_xlsx)
{
	struct conn *m = h_connect_as(E.d, "manager");
	cJSON *book = export_book(m, "{\"report\":\"daily\",\"format\":\"xlsx\","
	    "\"day\":\"2026-03-10\",\"by\":\"service_point\"}",
	    "daily-service_point-2026-03-10.xlsx");
	const cJSON *row;

	ck_assert_str_eq(h_show(h_member(book, "sheets")), "[\"daily\",\"summary\"]");
	expect_header(book, "daily", DAILY_HEADER_CELLS);
	/* Neither technician has a point: one row, key empty, 45 minutes. */
	row = sheet_row(book, "daily", 1);
	ck_assert(cJSON_IsNull(cJSON_GetArrayItem(row, 0)));
	expect_number(row, 2, 1);    /* calls */
	expect_number(row, 7, 45);   /* work_minutes */
	ck_assert_int_eq(cJSON_GetArraySize(h_member(h_member(book, "cells"), "daily")), 2);
	expect_header(book, "summary", "name,value");
	ck_assert_str_eq(cJSON_GetStringValue(summary_value(book, "day")), "2026-03-10");
	ck_assert_double_eq(summary_value(book, "totals.work_minutes")->valuedouble, 45);
	cJSON_Delete(book);
	conn_close(m);
}
END_TEST

START_TEST(test_pareto_and_kpi)
{
	struct conn *q = h_connect_as(E.d, "quality");
	char *csv = export_csv(q, "{\"report\":\"pareto\",\"format\":\"csv\","
	    "\"from\":\"2026-03-01\",\"to\":\"2026-03-31\",\"by\":\"category\"}",
	    "pareto-category-2026-03-01-2026-03-31.csv");
	cJSON *book;

	ck_assert_str_eq(csv, "\xEF\xBB\xBF"
	    "key,count,cumulative_percent\r\n"
	    "product,2,66.7\r\n"
	    "service,1,100\r\n"
	    "\r\n"
	    "name,value\r\n"
	    "total,3\r\n");
	free(csv);

	book = export_book(q, "{\"report\":\"kpi\",\"format\":\"xlsx\",\"from\":\"2026-03-01\","
	    "\"to\":\"2026-03-31\"}", "kpi-2026-03-01-2026-03-31.xlsx");
	/* B01 and Y02 registered, B01 completed, one repair; three complaints. */
	ck_assert_double_eq(summary_value(book, "tickets.registered")->valuedouble, 2);
	ck_assert_double_eq(summary_value(book, "tickets.completed")->valuedouble, 1);
	ck_assert_double_eq(summary_value(book, "complaints.owned")->valuedouble, 3);
	/* The indicators, one row each ({value, target, better, met} as jsonb
	 * orders them): none visited, so the satisfaction rate is empty and
	 * its met too; the target is policy's 98%. */
	ck_assert_str_eq(h_show(h_member(book, "sheets")), "[\"kpi\",\"summary\"]");
	const cJSON *row;
	expect_header(book, "kpi", "name,met,value,better,target");
	ck_assert_int_eq(cJSON_GetArraySize(h_member(h_member(book, "cells"), "kpi")), 8);
	for (int i = 1; i <= 7; i++) {
		row = sheet_row(book, "kpi", i);
		if (strcmp(cJSON_GetStringValue(cJSON_GetArrayItem(row, 0)), "satisfaction_rate") != 0)
			continue;
		ck_assert(cJSON_IsNull(cJSON_GetArrayItem(row, 1)));
		ck_assert(cJSON_IsNull(cJSON_GetArrayItem(row, 2)));
		expect_text(row, 3, "higher");
		expect_number(row, 4, 0.98);
	}
	cJSON_Delete(book);
	/* Of the county's customers alone: nothing; its name says so. */
	csv = export_csv(q, "{\"report\":\"kpi\",\"format\":\"csv\",\"from\":\"2026-03-01\","
	    "\"to\":\"2026-03-31\",\"region\":\"county\"}", "kpi-county-2026-03-01-2026-03-31.csv");
	ck_assert_msg(strstr(csv, "\r\ntickets.registered,0\r\n") != NULL, "%s", csv);
	free(csv);
	conn_close(q);
}
END_TEST

START_TEST(test_penalties)
{
	struct conn *m = h_connect_as(E.d, "manager");
	cJSON *r = h_expect_ok(h_call(m, "report.penalties", "{\"month\":\"2026-03\"}"));
	const cJSON *res = reply_result(r), *rows = h_member(res, "rows");

	ck_assert_str_eq(h_str(res, "month"), "2026-03");
	ck_assert_int_eq(cJSON_GetArraySize(rows), 2);
	ck_assert_str_eq(h_str(cJSON_GetArrayItem(rows, 0), "login"), "tech2");
	ck_assert_int_eq(h_int_member(cJSON_GetArrayItem(rows, 0), "deducted_fen"), 40000);
	ck_assert_str_eq(h_str(cJSON_GetArrayItem(rows, 1), "login"), "technician");
	ck_assert_int_eq(h_int_member(cJSON_GetArrayItem(rows, 1), "carried_fen"), 30000);
	ck_assert_int_eq(h_int_member(h_member(res, "totals"), "charged_fen"), 120000);
	ck_assert_int_eq(h_int_member(h_member(res, "totals"), "deducted_fen"), 90000);
	cJSON_Delete(r);
	r = h_expect_ok(h_call(m, "report.penalties", "{\"month\":\"2026-05\"}"));
	ck_assert_int_eq(cJSON_GetArraySize(h_member(reply_result(r), "rows")), 0);
	cJSON_Delete(r);

	cJSON *book = export_book(m, "{\"report\":\"penalties\",\"format\":\"xlsx\","
	    "\"month\":\"2026-03\"}", "penalties-2026-03.xlsx");
	expect_header(book, "penalties",
	    "name,login,department,carried_fen,charged_fen,deducted_fen,deducted_yuan");
	const cJSON *row = sheet_row(book, "penalties", 2);
	expect_text(row, 0, "张三");
	expect_text(row, 1, "technician");
	expect_text(row, 2, "service");
	expect_number(row, 3, 30000);
	expect_number(row, 4, 80000);
	expect_number(row, 5, 50000);
	expect_number(row, 6, 500);
	ck_assert_double_eq(summary_value(book, "totals.deducted_fen")->valuedouble, 90000);
	cJSON_Delete(book);

	/* A month with nobody: the table is there, empty. */
	char *csv = export_csv(m, "{\"report\":\"penalties\",\"format\":\"csv\","
	    "\"month\":\"2026-05\"}", "penalties-2026-05.csv");
	ck_assert_str_eq(csv, "\xEF\xBB\xBF\r\n\r\nname,value\r\nmonth,2026-05\r\n"
	    "totals.carried_fen,0\r\ntotals.charged_fen,0\r\ntotals.deducted_fen,0\r\n");
	free(csv);
	conn_close(m);
}
END_TEST

/* The monthly pack of March: its tables (jsonb's order), the one repair
 * B01 with its 45 minutes, the three complaints by category. */
START_TEST(test_monthly)
{
	struct conn *q = h_connect_as(E.d, "quality");
	cJSON *book = export_book(q, "{\"report\":\"monthly\",\"format\":\"xlsx\","
	    "\"month\":\"2026-03\"}", "monthly-2026-03.xlsx");
	const cJSON *row;
	char *csv;

	ck_assert_str_eq(h_show(h_member(book, "sheets")), "[\"kpi\",\"parts\","
	    "\"pareto.cause\",\"pareto.model\",\"pareto.category\",\"resample.by_operator\","
	    "\"satisfaction.items\",\"responsibility\",\"summary\"]");
	ck_assert_double_eq(summary_value(book, "repairs.registered")->valuedouble, 1);
	ck_assert_double_eq(summary_value(book, "repairs.labour_minutes")->valuedouble, 45);
	ck_assert_double_eq(summary_value(book, "complaints.registered")->valuedouble, 3);
	ck_assert_str_eq(cJSON_GetStringValue(summary_value(book, "month")), "2026-03");
	row = sheet_row(book, "pareto.category", 1);
	expect_text(row, 0, "product");
	expect_number(row, 1, 2);
	expect_number(row, 2, 66.7);
	expect_header(book, "satisfaction.items", "name,1,2,3,4");
	cJSON_Delete(book);

	csv = export_csv(q, "{\"report\":\"monthly\",\"format\":\"csv\",\"month\":\"2026-03\"}",
	    "monthly-2026-03.csv");
	ck_assert_msg(strstr(csv, "\r\nkey,count,cumulative_percent\r\n"
	    "product,2,66.7\r\nservice,1,100\r\n") != NULL, "%s", csv);
	ck_assert_msg(strstr(csv, "\r\nrepairs.by_class.C,1\r\n") != NULL, "%s", csv);
	free(csv);
	h_expect_error(h_call(q, "report.export", "{\"report\":\"monthly\",\"format\":\"csv\","
	    "\"month\":\"2026-3\"}"), "invalid_argument", "month");
	conn_close(q);
}
END_TEST

START_TEST(test_refusals)
{
	struct conn *q = h_connect_as(E.d, "quality");
	struct conn *d = h_connect_as(E.d, "dispatcher");
	static const char *const may_not[] = { "operator", "technician", "admin" };
	static const struct { const char *args, *field; } bad[] = {
		{ "{\"format\":\"csv\"}", "report" },
		{ "{\"report\":\"weekly\",\"format\":\"csv\"}", "report" },
		{ "{\"report\":\"daily\",\"day\":\"2026-03-10\",\"by\":\"technician\"}", "format" },
		{ "{\"report\":\"daily\",\"format\":\"pdf\",\"day\":\"2026-03-10\","
		  "\"by\":\"technician\"}", "format" },
		{ "{\"report\":\"daily\",\"format\":\"csv\",\"by\":\"technician\"}", "day" },
		{ "{\"report\":\"daily\",\"format\":\"csv\",\"day\":\"2026-02-30\","
		  "\"by\":\"technician\"}", "day" },
		{ "{\"report\":\"pareto\",\"format\":\"xlsx\",\"from\":\"2026-03-01\","
		  "\"to\":\"2026-03-31\",\"by\":\"colour\"}", "by" },
		{ "{\"report\":\"kpi\",\"format\":\"csv\",\"from\":\"2026-03-02\","
		  "\"to\":\"2026-03-01\"}", "to" },
		{ "{\"report\":\"kpi\",\"format\":\"csv\",\"from\":\"2026-03-01\","
		  "\"to\":\"2026-03-31\",\"region\":\"moon\"}", "region" },
		{ "{\"report\":\"penalties\",\"format\":\"csv\"}", "month" },
		{ "{\"report\":\"penalties\",\"format\":\"csv\",\"month\":\"2026-13\"}", "month" },
		{ "{\"report\":\"penalties\",\"format\":\"csv\",\"month\":\"2026-3\"}", "month" },
	};

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		h_expect_error(h_call(q, "report.export", bad[i].args), "invalid_argument",
		    bad[i].field);
	h_expect_error(h_call(q, "report.penalties", "{\"month\":\"März\"}"), "invalid_argument",
	    "month");
	for (size_t i = 0; i < sizeof may_not / sizeof may_not[0]; i++) {
		struct conn *c = h_connect_as(E.d, may_not[i]);
		h_expect_error(h_call(c, "report.export", "{\"report\":\"daily\",\"format\":"
		    "\"csv\",\"day\":\"2026-03-10\",\"by\":\"technician\"}"), "forbidden", NULL);
		h_expect_error(h_call(c, "report.penalties", "{\"month\":\"2026-03\"}"),
		    "forbidden", NULL);
		conn_close(c);
	}
	/* A dispatcher may export the daily report, not the others. */
	h_expect_error(h_call(d, "report.export", "{\"report\":\"kpi\",\"format\":\"csv\","
	    "\"from\":\"2026-03-01\",\"to\":\"2026-03-31\"}"), "forbidden", NULL);
	h_expect_error(h_call(d, "report.export", "{\"report\":\"penalties\",\"format\":\"csv\","
	    "\"month\":\"2026-03\"}"), "forbidden", NULL);
	h_ping(d);   /* the daemon lives on */
	conn_close(d);
	conn_close(q);
}
END_TEST

Suite *
export_suite(void)
{
	Suite *s = suite_create("export");
	TCase *tc = tcase_create("export");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_daily_csv);
	tcase_add_test(tc, test_daily_xlsx);
	tcase_add_test(tc, test_pareto_and_kpi);
	tcase_add_test(tc, test_penalties);
	tcase_add_test(tc, test_monthly);
	tcase_add_test(tc, test_refusals);
	suite_add_tcase(s, tc);
	return s;
}
