/*
 * widget/chart.c: bar charts and the Pareto view in Unicode blocks (see
 * chart.h). The layout functions draw nothing; the chart_draw_* ones take
 * their cells as they are, so what the unit tests check is what is shown.
 */
#include "client/widget/chart.h"
#include "client/widget/labels.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* ▏▎▍▌▋▊▉█: one to eight eighths of a cell, from the left. */
static const char *const eighth_glyph[9] = {
	" ", "\u258F", "\u258E", "\u258D", "\u258C", "\u258B", "\u258A", "\u2589", "\u2588",
};
#define GLYPH_LINE "\u250A"   /* ┊ the 80% line */
#define GLYPH_MARK "\u25CF"   /* ● the cumulative percent */
#define FIGURES_W 13          /* "%5ld %6.1f%%": a count and a cumulative percent */

int
chart_eighths(double value, double max, int width)
{
	double e;

	if (!(value > 0) || !(max > 0) || width <= 0)
		return 0;
	if (value >= max)
		return width * 8;
	e = floor(value / max * width * 8 + 0.5);
	return e < 1 ? 1 : (int)e;
}

int
chart_bar_text(int eighths, char *buf, size_t len)
{
	size_t used = 0;
	int cells = 0;

	buf[0] = '\0';
	for (; eighths > 0; eighths -= 8, cells++) {
		const char *g = eighth_glyph[eighths >= 8 ? 8 : eighths];
		size_t k = strlen(g);

		if (used + k + 1 > len)
			break;
		memcpy(buf + used, g, k + 1);
		used += k;
	}
	return cells;
}

int
chart_percent_col(double percent, int width)
{
	int col;

	if (width <= 0)
		return 0;
	col = (int)floor(percent * width / 100.0);
	return col < 0 ? 0 : col >= width ? width - 1 : col;
}

void
chart_pareto_cells(double value, double max, double cumulative, int width,
    struct chart_cell *cells)
{
	int e = chart_eighths(value, max, width);
	int line = chart_percent_col(CHART_PARETO_LINE, width);
	int mark = cumulative >= 0 ? chart_percent_col(cumulative, width) : -1;

	for (int i = 0; i < width; i++) {
		int in = e - 8 * i;   /* eighths of the bar in this cell */
		struct chart_cell *c = &cells[i];

		c->on_bar = in > 0;
		c->kind = in > 0 ? CHART_BAR : i == line ? CHART_LINE : CHART_EMPTY;
		c->glyph = in > 0 ? eighth_glyph[in >= 8 ? 8 : in] :
		    i == line ? GLYPH_LINE : " ";
		if (i == mark) {
			c->kind = CHART_MARK;
			c->glyph = GLYPH_MARK;
		}
	}
}

void
chart_axis_text(int width, char *buf, size_t len)
{
	int line = chart_percent_col(CHART_PARETO_LINE, width);
	size_t used = 0;

	buf[0] = '\0';
	for (int i = 0; i < width; i++) {
		const char *piece = i == line ? "\u2534" : "\u2500";   /* ┴ ─ */

		if (i == line + 1 && width - i >= 3)
			piece = "80%", i += 2;
		else if (i == width - 4 && i > line + 3)
			piece = "100%", i += 3;
		if (used + strlen(piece) + 1 > len)
			break;
		used += (size_t)snprintf(buf + used, len - used, "%s", piece);
	}
}

double
chart_max(const struct chart_row *rows, int n)
{
	double max = 0;

	for (int i = 0; i < n; i++)
		if (rows[i].value > max)
			max = rows[i].value;
	return max;
}

/* ---- drawing */

static void
row_figure(const struct chart_row *r, bool pareto, char *buf, size_t len)
{
	if (r->figure != NULL)
		snprintf(buf, len, "%s", r->figure);
	else if (pareto)
		snprintf(buf, len, "%5.0f %6.1f%%", r->value, r->cumulative);
	else if (r->value == floor(r->value))
		snprintf(buf, len, "%.0f", r->value);
	else
		snprintf(buf, len, "%.2f", r->value);
}

int
chart_draw_bars(struct app *a, int y, int x, int width, int height,
    int label_w, int figure_w, const struct chart_row *rows, int n)
{
	int plot_w = width - label_w - 2 - figure_w, i;
	double max = chart_max(rows, n);
	char bar[512], fig[64];

	if (plot_w < 4)
		plot_w = 4;
	for (i = 0; i < n && i < height; i++) {
		ui_put(y + i, x, label_w, rows[i].label);
		chart_bar_text(chart_eighths(rows[i].value, max, plot_w), bar, sizeof bar);
		attrset(ui_attr(a, UI_C_TITLE));
		ui_put(y + i, x + label_w + 1, plot_w, bar);
		attrset(A_NORMAL);
		row_figure(&rows[i], false, fig, sizeof fig);
		ui_put_right(y + i, x + label_w + 2 + plot_w, figure_w, fig);
	}
	return i;
}

static void
draw_cells(struct app *a, int y, int x, const struct chart_cell *cells, int w)
{
	for (int i = 0; i < w; i++) {
		attr_t at = A_NORMAL;

		if (cells[i].kind == CHART_BAR)
			at = ui_attr(a, UI_C_TITLE);
		else if (cells[i].kind == CHART_LINE)
			at = ui_attr(a, UI_C_NEAR);
		else if (cells[i].kind == CHART_MARK)
			at = A_BOLD | (cells[i].on_bar ? ui_attr(a, UI_C_TITLE) | A_REVERSE : 0);
		attrset(at);
		ui_put(y, x + i, 1, cells[i].glyph);
	}
	attrset(A_NORMAL);
}

int
chart_draw_pareto(struct app *a, int y, int x, int width, int height,
    int label_w, const struct chart_row *rows, int n)
{
	int plot_w = width - label_w - 2 - FIGURES_W, i;
	double max = chart_max(rows, n);
	struct chart_cell cells[256];
	char fig[64], axis[1024];

	if (plot_w < 4)
		plot_w = 4;
	if (plot_w > 256)
		plot_w = 256;
	for (i = 0; i < n && i < height - 1; i++) {
		ui_put(y + i, x, label_w, rows[i].label);
		chart_pareto_cells(rows[i].value, max, rows[i].cumulative, plot_w, cells);
		draw_cells(a, y + i, x + label_w + 1, cells, plot_w);
		row_figure(&rows[i], true, fig, sizeof fig);
		ui_put_right(y + i, x + label_w + 2 + plot_w, FIGURES_W, fig);
	}
	if (i == 0)
		return 0;
	chart_axis_text(plot_w, axis, sizeof axis);
	attrset(ui_attr(a, UI_C_NEAR));
	ui_put(y + i, x + label_w + 1, plot_w, axis);
	attrset(A_NORMAL);
	return i + 1;
}

/* ---- report.pareto's rows */

static const char *
pareto_label(const cJSON *row, const char *by)
{
	const char *key = ui_jstr(row, "key");

	if (strcmp(by, "category") == 0)
		return label_category(key);
	if (strcmp(by, "department") == 0)
		return label_department(key);
	if (strcmp(by, "cause") == 0)
		return label_named(row);
	return key;
}

int
chart_pareto_rows(const cJSON *rows, const char *by, struct chart_row *out, int max)
{
	const cJSON *r;
	int n = 0;

	cJSON_ArrayForEach(r, rows) {
		const cJSON *cum = cJSON_GetObjectItemCaseSensitive(r, "cumulative_percent");

		if (n >= max)
			break;
		out[n++] = (struct chart_row){
			.label = pareto_label(r, by),
			.value = (double)ui_jint(r, "count", 0),
			.cumulative = cJSON_IsNumber(cum) ? cum->valuedouble : 0,
		};
	}
	return n;
}
