/*
 * widget/chart.h: charts drawn in the terminal for the report screens
 * (statistics, the monthly pack): horizontal bars in Unicode eighth blocks
 * (▏▎▍▌▋▊▉█) scaled to the width, and the Pareto view: the bars, the
 * cumulative percentage as a marker on each row (read down the rows, the
 * markers are the Pareto curve) and the 80% line.
 *
 * The layout (how long a bar is, which cell holds what) is pure and
 * unit-tested (tests/unit/test_client_chart.c); chart_draw_* only put it
 * on the screen.
 */
#ifndef SVCDESK_CHART_H
#define SVCDESK_CHART_H

#include "client/ui/ui.h"

/* The Pareto's line: the few causes that make 80% of the count. */
#define CHART_PARETO_LINE 80.0

/* One row of a chart. */
struct chart_row {
	const char *label;
	double value;          /* the bar's length on the chart's scale */
	double cumulative;     /* percent 0..100 (Pareto), < 0: none */
	const char *figure;    /* shown right of the bar; NULL: the value */
};

/* The length of a bar of value on a scale 0..max over width cells, in
 * eighths of a cell: rounded to the nearest, at least one for any value
 * above 0 (a count of 1 among thousands is still seen), the whole width
 * for max; 0 for nothing or no scale. */
int chart_eighths(double value, double max, int width);

/* A bar of eighths as UTF-8: full blocks, then the partial one. Returns
 * the cells it takes. */
int chart_bar_text(int eighths, char *buf, size_t len);

/* The cell (0..width-1) of a percent on a 0..100 scale of width cells;
 * 100 falls in the last. */
int chart_percent_col(double percent, int width);

/* What a cell of a Pareto row holds. */
enum chart_kind { CHART_EMPTY, CHART_BAR, CHART_LINE, CHART_MARK };

struct chart_cell {
	enum chart_kind kind;
	bool on_bar;           /* a marker drawn over the bar */
	const char *glyph;     /* UTF-8, one cell wide */
};

/* A Pareto row across width cells: the bar of value (scale 0..max), the
 * cumulative percent's marker over it or beyond it, the 80% line where
 * neither is. */
void chart_pareto_cells(double value, double max, double cumulative, int width,
    struct chart_cell *cells);

/* The axis under a Pareto's plot: a rule with the 80% line's foot and
 * "80%" written after it, and "100%" at its end when it fits. */
void chart_axis_text(int width, char *buf, size_t len);

/* The largest value of rows (the scale of a chart drawn of them). */
double chart_max(const struct chart_row *rows, int n);

/* Charts in a box of the screen: up to height lines, each label in
 * label_w columns, the figures right of the plot (figure_w columns for
 * the bars; a Pareto's are its count and cumulative percent). A Pareto
 * takes one line more for its axis. Returns the lines drawn. */
int chart_draw_bars(struct app *a, int y, int x, int width, int height,
    int label_w, int figure_w, const struct chart_row *rows, int n);
int chart_draw_pareto(struct app *a, int y, int x, int width, int height,
    int label_w, const struct chart_row *rows, int n);

/* report.pareto's rows[] (also the monthly pack's Pareto) as chart rows,
 * by what they count (`category`, `department`, `cause`, `model`): each
 * key in words (a category or department by its label, a cause by its
 * catalogue name, a model as it is). Up to max rows; returns how many.
 * The labels point into rows. */
int chart_pareto_rows(const cJSON *rows, const char *by, struct chart_row *out, int max);

#endif
