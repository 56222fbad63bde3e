/*
 * test_client_chart.c: the chart widget's layout (client/widget/chart.c):
 * bar lengths in eighths scaled to the width, the block glyphs, where a
 * percent falls, a Pareto row's cells (bar, marker, 80% line), the axis,
 * and report.pareto's rows taken as chart rows; the KPI lines against
 * their targets (client/widget/kpi.c: the sign reads without colour); the
 * monthly pack's month (client/screen/monthly.c).
 */
#include <check.h>
#include <string.h>

#include "client/screen/screens.h"
#include "client/widget/chart.h"
#include "client/widget/kpi.h"
#include "tests/unit/suites.h"

START_TEST(eighths_scale_to_the_width)
{
	ck_assert_int_eq(chart_eighths(10, 10, 20), 160);     /* the max: the whole width */
	ck_assert_int_eq(chart_eighths(5, 10, 20), 80);       /* half */
	ck_assert_int_eq(chart_eighths(1, 3, 10), 27);        /* 26.67 rounds to 27 */
	ck_assert_int_eq(chart_eighths(1, 1000, 10), 1);      /* never vanishes */
	ck_assert_int_eq(chart_eighths(0, 10, 20), 0);
	ck_assert_int_eq(chart_eighths(3, 0, 20), 0);         /* no scale */
	ck_assert_int_eq(chart_eighths(12, 10, 20), 160);     /* never past the width */
	ck_assert_int_eq(chart_eighths(5, 10, 0), 0);
}
END_TEST

START_TEST(bars_in_eighth_blocks)
{
	char buf[128];

	ck_assert_int_eq(chart_bar_text(0, buf, sizeof buf), 0);
	ck_assert_str_eq(buf, "");
	ck_assert_int_eq(chart_bar_text(1, buf, sizeof buf), 1);
	ck_assert_str_eq(buf, "▏");
	ck_assert_int_eq(chart_bar_text(8, buf, sizeof buf), 1);
	ck_assert_str_eq(buf, "█");
	ck_assert_int_eq(chart_bar_text(19, buf, sizeof buf), 3);
	ck_assert_str_eq(buf, "██▍");
	ck_assert_int_eq(chart_bar_text(4, buf, sizeof buf), 1);
	ck_assert_str_eq(buf, "▌");
	ck_assert_int_eq(chart_bar_text(15, buf, sizeof buf), 2);
	ck_assert_str_eq(buf, "█▉");
	/* a short buffer holds whole glyphs only */
	chart_bar_text(80, buf, 8);
	ck_assert_str_eq(buf, "██");
}
END_TEST

START_TEST(percent_columns)
{
	ck_assert_int_eq(chart_percent_col(0, 40), 0);
	ck_assert_int_eq(chart_percent_col(80, 40), 32);
	ck_assert_int_eq(chart_percent_col(79.9, 40), 31);
	ck_assert_int_eq(chart_percent_col(100, 40), 39);     /* the last cell */
	ck_assert_int_eq(chart_percent_col(50, 10), 5);
	ck_assert_int_eq(chart_percent_col(-5, 10), 0);
	ck_assert_int_eq(chart_percent_col(150, 10), 9);
}
END_TEST

START_TEST(pareto_row_cells)
{
	struct chart_cell c[10];

	/* counts 5 of max 5 at 50%: the bar fills the row, the marker on it
	 * at cell 5 */
	chart_pareto_cells(5, 5, 50, 10, c);
	for (int i = 0; i < 10; i++)
		ck_assert_int_eq(c[i].kind, i == 5 ? CHART_MARK : CHART_BAR);
	ck_assert(c[5].on_bar);
	ck_assert_str_eq(c[5].glyph, "●");
	ck_assert_str_eq(c[0].glyph, "█");

	/* 1 of 4 at 90%: two and a half cells of bar, the line at 80%
	 * (cell 8) the marker beyond it at cell 9 */
	chart_pareto_cells(1, 4, 90, 10, c);
	ck_assert_int_eq(c[0].kind, CHART_BAR);
	ck_assert_int_eq(c[2].kind, CHART_BAR);
	ck_assert_str_eq(c[2].glyph, "▌");
	ck_assert_int_eq(c[3].kind, CHART_EMPTY);
	ck_assert_int_eq(c[8].kind, CHART_LINE);
	ck_assert_str_eq(c[8].glyph, "┊");
	ck_assert_int_eq(c[9].kind, CHART_MARK);
	ck_assert(!c[9].on_bar);

	/* the marker at 80% sits on the line */
	chart_pareto_cells(2, 4, 80, 10, c);
	ck_assert_int_eq(c[8].kind, CHART_MARK);
	ck_assert_int_eq(c[5].kind, CHART_EMPTY);

	/* no cumulative: no marker */
	chart_pareto_cells(2, 4, -1, 10, c);
	for (int i = 0; i < 10; i++)
		ck_assert_int_ne(c[i].kind, CHART_MARK);
}
END_TEST

START_TEST(pareto_axis)
{
	char buf[256];

	chart_axis_text(20, buf, sizeof buf);
	/* 16 rules, the line's foot at 16, "80%" after it: 20 cells */
	ck_assert_str_eq(buf, "────────────────┴80%");
	chart_axis_text(40, buf, sizeof buf);
	ck_assert_str_eq(buf, "────────────────────────────────┴80%100%");
	chart_axis_text(50, buf, sizeof buf);
	ck_assert_str_eq(buf, "────────────────────────────────────────┴80%──100%");
}
END_TEST

START_TEST(pareto_rows_from_the_report)
{
	cJSON *j = cJSON_Parse("[{\"key\":\"service\",\"count\":5,\"cumulative_percent\":50.0},"
	    "{\"key\":\"KFR-35\",\"count\":3,\"cumulative_percent\":80.0},"
	    "{\"key\":\"compressor\",\"name\":\"Compressor failure\",\"name_zh\":\"压缩机故障\","
	    "\"count\":2,\"cumulative_percent\":100.0}]");
	struct chart_row r[4];

	ck_assert_int_eq(chart_pareto_rows(j, "model", r, 4), 3);
	ck_assert_str_eq(r[1].label, "KFR-35");
	ck_assert(r[0].value == 5 && r[1].cumulative == 80.0);
	ck_assert(r[2].figure == NULL);
	ck_assert_str_eq(chart_pareto_rows(j, "category", r, 4) == 3 ? r[0].label : "", "service");
	chart_pareto_rows(j, "cause", r, 4);
	ck_assert_str_eq(r[2].label, "Compressor failure");
	ck_assert_int_eq(chart_pareto_rows(j, "model", r, 2), 2);
	ck_assert(chart_max(r, 2) == 5);
	cJSON_Delete(j);
}
END_TEST

START_TEST(kpi_lines)
{
	cJSON *r = cJSON_Parse("{"
	    "\"arrival_on_time_rate\":{\"value\":0.8,\"target\":1,\"better\":\"higher\",\"met\":false},"
	    "\"mean_repair_hours\":{\"value\":20.5,\"target\":48,\"better\":\"lower\",\"met\":true},"
	    "\"visit_rate\":{\"value\":null,\"target\":1,\"better\":\"higher\",\"met\":null},"
	    "\"complaint_rate\":{\"value\":0.0625,\"target\":0.08,\"better\":\"lower\","
	    "\"met\":true}}");
	char buf[256];

	ck_assert_int_eq(kpi_state_of(cJSON_GetObjectItem(r, "arrival_on_time_rate")), KPI_MISSED);
	ck_assert_int_eq(kpi_state_of(cJSON_GetObjectItem(r, "mean_repair_hours")), KPI_MET);
	ck_assert_int_eq(kpi_state_of(cJSON_GetObjectItem(r, "visit_rate")), KPI_UNKNOWN);
	ck_assert_int_eq(kpi_state_of(NULL), KPI_UNKNOWN);
	kpi_line(r, "arrival_on_time_rate", 16, buf, sizeof buf);
	ck_assert_str_eq(buf, "✗ Arrival on time    80.0%  ≥ 100.0%");
	kpi_line(r, "mean_repair_hours", 16, buf, sizeof buf);
	ck_assert_str_eq(buf, "✓ Mean repair time 20.50 h  ≤ 48.00 h");
	kpi_line(r, "visit_rate", 16, buf, sizeof buf);
	ck_assert_str_eq(buf, "- Visit rate             -  ≥ 100.0%");
	kpi_line(r, "complaint_rate", 16, buf, sizeof buf);
	ck_assert_str_eq(buf, "✓ Complaint rate      6.2%  ≤ 8.0%");
	/* a KPI the answer lacks: nothing counted, no target */
	kpi_line(r, "satisfaction_rate", 16, buf, sizeof buf);
	ck_assert_str_eq(buf, "- Satisfaction           -  ≥ -");
	cJSON_Delete(r);
}
END_TEST

START_TEST(monthly_months)
{
	char why[256], out[16];

	ck_assert(monthly_month_check("2026-11", why, sizeof why));
	ck_assert(!monthly_month_check("2026-13", why, sizeof why));
	ck_assert_str_eq(why, "2026-13 is not a month: YYYY-MM, such as 2026-11");
	ck_assert(!monthly_month_check("2026-1", why, sizeof why));
	ck_assert(!monthly_month_check("2026-11-01", why, sizeof why));
	ck_assert(!monthly_month_check("", why, sizeof why));
	ck_assert(!monthly_month_check("202611", why, sizeof why));
	/* by default the month before today's: the pack handed in by the 10th */
	monthly_default_month("2026-12-07", out, sizeof out);
	ck_assert_str_eq(out, "2026-11");
	monthly_default_month("2027-01-05", out, sizeof out);
	ck_assert_str_eq(out, "2026-12");
}
END_TEST

Suite *
client_chart_suite(void)
{
	Suite *s = suite_create("client_chart");
	TCase *tc = tcase_create("layout");

	tcase_add_test(tc, eighths_scale_to_the_width);
	tcase_add_test(tc, bars_in_eighth_blocks);
	tcase_add_test(tc, percent_columns);
	tcase_add_test(tc, pareto_row_cells);
	tcase_add_test(tc, pareto_axis);
	tcase_add_test(tc, pareto_rows_from_the_report);
	suite_add_tcase(s, tc);
	tc = tcase_create("reports");
	tcase_add_test(tc, kpi_lines);
	tcase_add_test(tc, monthly_months);
	suite_add_tcase(s, tc);
	return s;
}
