/*
 * test_export.c: report.export's pure pieces (server/export.h): a report's
 * JSON as tables (arrays of objects, alike sibling records such as
 * report.kpi's indicators and arrays such as satisfaction's items, nested
 * tables, the summary, empty tables), the
 * CSV writer (byte order mark, CRLF, RFC 4180 quoting, text that a
 * spreadsheet would run as a formula kept text, numbers, booleans,
 * nulls) and an XLSX that is a zip.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server/export.h"
#include "tests/unit/suites.h"

static const char *
show(const cJSON *j)
{
	static char buf[4096];
	char *s = cJSON_PrintUnformatted(j);

	snprintf(buf, sizeof buf, "%s", s ? s : "?");
	free(s);
	return buf;
}

static char *
csv_of(const char *report, const char *json)
{
	cJSON *result = cJSON_Parse(json), *tables;
	size_t size = 0;
	unsigned char *csv;

	ck_assert(result != NULL);
	tables = export_tables(report, result);
	csv = export_csv(tables, &size);
	ck_assert(csv != NULL);
	ck_assert_uint_eq(strlen((char *)csv), size);
	cJSON_Delete(tables);
	cJSON_Delete(result);
	return (char *)csv;
}

START_TEST(test_tables)
{
	cJSON *r = cJSON_Parse("{\"by\":\"cause\",\"rows\":[{\"key\":\"a\",\"count\":2,"
	    "\"p\":{\"x\":1}},{\"key\":\"b\",\"extra\":true}],\"total\":3,"
	    "\"repairs\":{\"rows\":[{\"n\":1}],\"days\":[]},"
	    "\"kpi1\":{\"value\":0.5,\"target\":0.9,\"met\":false},"
	    "\"kpi2\":{\"value\":null,\"target\":1,\"met\":null},"
	    "\"tickets\":{\"registered\":4},"
	    "\"items\":{\"attitude\":[3,1,0,0],\"skill\":[2,2,0,0]},\"lone\":[7,8]}");
	cJSON *t = export_tables("pareto", r);

	ck_assert_str_eq(show(t),
	    "[{\"name\":\"pareto\",\"header\":[\"key\",\"count\",\"p.x\",\"extra\"],"
	    "\"rows\":[[\"a\",2,1,null],[\"b\",null,null,true]]},"
	    "{\"name\":\"repairs\",\"header\":[\"n\"],\"rows\":[[1]]},"
	    "{\"name\":\"repairs.days\",\"header\":[],\"rows\":[]},"
	    "{\"name\":\"pareto\",\"header\":[\"name\",\"value\",\"target\",\"met\"],"
	    "\"rows\":[[\"kpi1\",0.5,0.9,false],[\"kpi2\",null,1,null]]},"
	    "{\"name\":\"items\",\"header\":[\"name\",\"1\",\"2\",\"3\",\"4\"],"
	    "\"rows\":[[\"attitude\",3,1,0,0],[\"skill\",2,2,0,0]]},"
	    "{\"name\":\"summary\",\"header\":[\"name\",\"value\"],"
	    "\"rows\":[[\"by\",\"cause\"],[\"total\",3],[\"tickets.registered\",4],"
	    "[\"lone.1\",7],[\"lone.2\",8]]}]");
	cJSON_Delete(t);
	cJSON_Delete(r);
}
END_TEST

START_TEST(test_csv)
{
	char *csv = csv_of("daily", "{\"rows\":[{\"name\":\"王, \\\"小二\\\"\",\"n\":1.5,"
	    "\"ok\":true,\"none\":null},{\"name\":\"two\\nlines\",\"n\":-3,\"ok\":false,"
	    "\"none\":null}]}");

	ck_assert_str_eq(csv, "\xEF\xBB\xBF" "name,n,ok,none\r\n"
	    "\"王, \"\"小二\"\"\",1.5,true,\r\n"
	    "\"two\nlines\",-3,false,\r\n");
	free(csv);
	/* Text a spreadsheet would run as a formula is kept text. */
	csv = csv_of("daily", "{\"rows\":[{\"name\":\"=1+1\"},{\"name\":\"@SUM(A1)\"},"
	    "{\"name\":\"-2,x\"},{\"name\":\"a=b\"}]}");
	ck_assert_str_eq(csv, "\xEF\xBB\xBF" "name\r\n'=1+1\r\n'@SUM(A1)\r\n\"'-2,x\"\r\na=b\r\n");
	free(csv);
	csv = csv_of("kpi", "{\"a\":{\"b\":1},\"c\":\"x\"}");
	ck_assert_str_eq(csv, "\xEF\xBB\xBF" "name,value\r\na.b,1\r\nc,x\r\n");
	free(csv);
}
END_TEST

START_TEST(test_xlsx_is_a_zip)
{
	cJSON *r = cJSON_Parse("{\"rows\":[{\"a\":1}],\"s\":{\"k\":\"v\"}}");
	cJSON *t = export_tables("a:very/long[name]that*goes?past thirty-one", r);
	size_t size = 0;
	unsigned char *x = export_xlsx(t, &size);

	ck_assert(x != NULL);
	ck_assert_uint_gt(size, 100);
	ck_assert(memcmp(x, "PK\x03\x04", 4) == 0);
	free(x);
	cJSON_Delete(t);
	cJSON_Delete(r);
}
END_TEST

Suite *
export_file_suite(void)
{
	Suite *s = suite_create("export_file");
	TCase *tc = tcase_create("export");

	tcase_add_test(tc, test_tables);
	tcase_add_test(tc, test_csv);
	tcase_add_test(tc, test_xlsx_is_a_zip);
	suite_add_tcase(s, tc);
	return s;
}
