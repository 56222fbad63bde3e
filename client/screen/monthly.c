/*
 * screen/monthly.c: the monthly pack (doc/domain.md, Reports: what the
 * centre hands in by the 10th) for quality and managers: report.monthly of
 * a month (the month before today's by default; m types another), one page
 * at a time, PgDn or Tab to the next, PgUp or Shift-Tab back: repairs,
 * parts replaced, satisfaction, complaints with their responsibility, the
 * Pareto of complaint categories, of fault causes and of models (drawn by
 * widget/chart), the KPIs against their targets (widget/kpi) and, when the
 * pack has one, head office's resample of the return visits.
 *
 * The figures shown always belong to the month shown: a new month drops
 * the old pack and cancels the answer still due; a month typed that is not
 * one is refused in its prompt, which stays open.
 */
#include "client/screen/screens.h"
#include "client/widget/chart.h"
#include "client/widget/kpi.h"
#include "client/widget/labels.h"
#include "client/widget/report_save.h"

#include <stdio.h>
#include <string.h>

#include "client/screen/complaints.h"

enum page {
	PAGE_REPAIRS, PAGE_PARTS, PAGE_SATISFACTION, PAGE_COMPLAINTS, PAGE_RESPONSIBILITY,
	PAGE_PARETO_CATEGORY, PAGE_PARETO_CAUSE, PAGE_PARETO_MODEL, PAGE_KPI,
	PAGE_RESAMPLE, PAGE_COUNT
};

struct monthly {
	char month[8];         /* YYYY-MM */
	cJSON *pack;           /* report.monthly's result, NULL before it */
	int64_t req;           /* in flight, 0: none */
	enum page page;
	char error[512];
	struct report_save save;
};

static const char *const page_titles[PAGE_COUNT] = {
	N_("Repairs"), N_("Parts replaced"), N_("Satisfaction statistics"),
	N_("Complaints"), N_("Responsibility and shares"), N_("Pareto of complaint categories"),
	N_("Pareto of fault causes"), N_("Pareto of models"), N_("KPIs against their targets"),
	N_("Return-visit resample"),
};

/* ---- the month */

bool
monthly_month_check(const char *month, char *why, size_t len)
{
	char day[16], unused[256];

	if (strlen(month) == 7 && month[4] == '-') {
		snprintf(day, sizeof day, "%s-01", month);
		if (stats_period_check(day, day, unused, sizeof unused))
			return true;
	}
	snprintf(why, len, _("%s is not a month: YYYY-MM, such as 2026-11"), month);
	return false;
}

void
monthly_default_month(const char *today, char *out, size_t len)
{
	int y = 0, m = 0;

	if (sscanf(today, "%4d-%2d", &y, &m) != 2 || m < 1 || m > 12) {
		snprintf(out, len, "%.7s", today);
		return;
	}
	if (--m == 0)
		m = 12, y--;
	snprintf(out, len, "%04d-%02d", y, m);
}

/* The pages this pack has: the resample's only when it came with one. */
static int
pages_of(const struct monthly *M)
{
	return cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(M->pack, "resample")) ?
	    PAGE_COUNT : PAGE_COUNT - 1;
}

/* ---- loading */

static void
on_monthly(struct app *a, void *ctx, const cJSON *reply)
{
	struct monthly *M = ctx;

	M->req = 0;
	a->dirty = true;
	if (reply == NULL) {
		snprintf(M->error, sizeof M->error, "%s",
		    _("The connection dropped: F5 loads the figures again"));
		return;
	}
	if (!reply_ok(reply)) {
		net_error_text(reply, M->error, sizeof M->error);
		ui_message(a, true, "%s", M->error);
		return;
	}
	cJSON_Delete(M->pack);
	M->pack = cJSON_Duplicate(reply_result(reply), true);
	if ((int)M->page >= pages_of(M))
		M->page = 0;
}

/* Drops what is shown and asks for the month now chosen. */
static void
load(struct app *a, struct monthly *M)
{
	cJSON *args;

	net_cancel_ctx(a, M);
	M->req = 0;
	cJSON_Delete(M->pack);
	M->pack = NULL;
	M->error[0] = '\0';
	if (!a->logged_in)
		return;
	args = cJSON_CreateObject();
	cJSON_AddStringToObject(args, "month", M->month);
	M->req = net_request(a, "report.monthly", args, on_monthly, M);
	if (M->req < 0)
		M->req = 0;
}

/* ---- keys */

static void
month_submit(struct app *a, struct overlay *o, void *ctx, const char *text)
{
	struct monthly *M = ctx;   /* the view's own state: lives as long as the client */
	char why[256];

	if (!monthly_month_check(text, why, sizeof why)) {
		ui_prompt_error(a, o, "%s", why);
		return;
	}
	ui_prompt_close(a, o);
	ui_copy(M->month, sizeof M->month, text);
	load(a, M);
}

static unsigned
key_month(struct app *a, struct view *v)
{
	struct monthly *M = v->priv;

	ui_prompt(a, _("Monthly pack"), _("Month (YYYY-MM)"), M->month, month_submit, M, 0);
	return UI_HANDLED;
}

static unsigned
turn(struct view *v, int by)
{
	struct monthly *M = v->priv;
	int n = pages_of(M);

	M->page = (enum page)(((int)M->page + by + n) % n);
	return UI_HANDLED | UI_REDRAW;
}

static unsigned
key_next(struct app *a, struct view *v)
{
	(void)a;
	return turn(v, 1);
}

static unsigned
key_previous(struct app *a, struct view *v)
{
	(void)a;
	return turn(v, -1);
}

static unsigned
key_reload(struct app *a, struct view *v)
{
	load(a, v->priv);
	return UI_HANDLED;
}

/* A report of the month shown as a file where the user says: the whole
 * pack (every page a sheet in xlsx), or payroll's penalties file. */
static unsigned
save_month(struct app *a, struct monthly *M, const char *report)
{
	cJSON *args = cJSON_CreateObject();
	char name[32];

	cJSON_AddStringToObject(args, "month", M->month);
	snprintf(name, sizeof name, "%s-%s", report, M->month);
	report_save_open(a, &M->save, report, args, name);
	return UI_HANDLED;
}

static unsigned
key_save(struct app *a, struct view *v)
{
	return save_month(a, v->priv, "monthly");
}

static unsigned
key_penalties(struct app *a, struct view *v)
{
	return save_month(a, v->priv, "penalties");
}

static const struct ui_key monthly_keys[] = {
	{ .key = 'm', .name = "m", .label = N_("Month"), .help = N_("The pack of another month"),
	  .run = key_month },
	/* Short labels, PgUp in the help only: with the frame's keys, all four of
	 * this screen's fit an 80-column bar in both languages (tests/tui/monthly.sh). */
	{ .key = UI_K(KEY_NPAGE), .alt = UI_KEY_TAB, .name = "PgDn", .label = N_("Pages"),
	  .help = N_("The next page (also Tab)"), .run = key_next },
	{ .key = UI_K(KEY_PPAGE), .alt = UI_K(KEY_BTAB), .name = "PgUp",
	  .help = N_("The page before (also Shift-Tab)"), .run = key_previous },
	{ .key = 'x', .name = "x", .label = N_("Save"),
	  .help = N_("Save the whole pack as a file (.csv or .xlsx)"), .run = key_save,
	  .when = report_save_allowed },
	{ .key = 'p', .name = "p", .label = N_("Payroll"),
	  .help = N_("Save the month's penalties file for payroll (.csv or .xlsx)"),
	  .run = key_penalties, .when = report_save_allowed },
	{ .key = UI_K(KEY_F(5)), .run = key_reload },   /* the frame names F5 */
	{ 0 }
};

/* ---- the pages */

static void put_more(int y, int shown, int all);

static void
page_pareto(struct app *a, const struct monthly *M, const char *by, int y, int rows)
{
	const cJSON *p = cJSON_GetObjectItemCaseSensitive(
	    cJSON_GetObjectItemCaseSensitive(M->pack, "pareto"), by);
	const cJSON *rows_json = cJSON_GetObjectItemCaseSensitive(p, "rows");
	struct chart_row bars[64];
	int n = chart_pareto_rows(rows_json, by, bars, 64), drawn;
	char line[128];

	snprintf(line, sizeof line, _("Count and cumulative percent; %lld in all"),
	    (long long)ui_jint(p, "total", 0));
	ui_put(y, 1, COLS - 2, line);
	if (n == 0) {
		ui_put(y + 2, 3, COLS - 4, _("Nothing counted in the month"));
		return;
	}
	/* the bars, their axis and a line for what did not fit */
	drawn = chart_draw_pareto(a, y + 2, 2, COLS - 3, rows - 3, 18, bars, n);
	put_more(y + 2 + drawn, drawn - 1, cJSON_GetArraySize(rows_json));
}

static void
page_kpi(struct app *a, const struct monthly *M, int y, int rows)
{
	const cJSON *k = cJSON_GetObjectItemCaseSensitive(M->pack, "kpi");

	(void)rows;
	ui_put(y, 1, COLS - 2, _("✓ met, ✗ not met, - nothing counted"));
	kpi_draw(a, y + 2, 3, COLS - 4, 1, k);
}

/* Figures side by side: the members of o named in f[], each with its
 * label, in two columns of half the width. Returns the next free line. */
struct figure { const char *name, *label; };

static int
put_figures(int y, const cJSON *o, const struct figure *f, int n)
{
	int half = (n + 1) / 2, col_w = (COLS - 6) / 2;
	char buf[32];

	for (int i = 0; i < n; i++) {
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, f[i].name);
		int x = 3 + (i / half) * (col_w + 2), yy = y + i % half;

		if (cJSON_IsNumber(v))
			snprintf(buf, sizeof buf, "%lld", (long long)v->valuedouble);
		else
			snprintf(buf, sizeof buf, "-");
		ui_put(yy, x, col_w - 8, _(f[i].label));
		ui_put_right(yy, x + col_w - 8, 8, buf);
	}
	return y + half;
}

/* A heading inside a page. */
static void
put_heading(int y, const char *text)
{
	attrset(A_BOLD);
	ui_put(y, 1, COLS - 2, text);
	attrset(A_NORMAL);
}

/* "and 3 more" under a list cut to the page. */
static void
put_more(int y, int shown, int all)
{
	char line[96];

	if (all <= shown)
		return;
	snprintf(line, sizeof line, _("... and %d more"), all - shown);
	ui_put(y, 3, COLS - 4, line);
}

static void
page_repairs(struct app *a, const struct monthly *M, int y, int rows)
{
	static const struct figure f[] = {
		{ "registered", N_("Repair tickets registered") },
		{ "completed", N_("Completed") },
		{ "workshop", N_("Taken to the workshop") },
		{ "repeats", N_("Repeats of earlier repairs") },
		{ "labour_minutes", N_("Labour minutes") },
	};
	static const char *const classes[] = { "A", "B", "C", "D" };
	const cJSON *r = cJSON_GetObjectItemCaseSensitive(M->pack, "repairs");
	const cJSON *by = cJSON_GetObjectItemCaseSensitive(r, "by_class");
	struct chart_row bars[4];

	y = put_figures(y, r, f, 5) + 1;
	put_heading(y, _("By service class"));
	for (int i = 0; i < 4; i++)
		bars[i] = (struct chart_row){ .label = label_class(classes[i]),
		    .value = (double)ui_jint(by, classes[i], 0), .cumulative = -1 };
	(void)rows;   /* five figures and four classes fit any page */
	chart_draw_bars(a, y + 1, 2, COLS - 3, 4, 22, 8, bars, 4);
}

static void
page_parts(struct app *a, const struct monthly *M, int y, int rows)
{
	const cJSON *parts = cJSON_GetObjectItemCaseSensitive(M->pack, "parts"), *p;
	struct chart_row bars[32];
	char figs[32][48], value[32];
	int n = 0, all = cJSON_GetArraySize(parts), room = rows - 2;

	if (all == 0) {
		ui_put(y, 3, COLS - 4, _("No parts fitted on the month's tickets"));
		return;
	}
	put_heading(y, _("Part: quantity fitted, tickets, value (yuan)"));
	cJSON_ArrayForEach(p, parts) {
		if (n >= 32 || n >= room - (all > room))
			break;
		ui_yuan(ui_jint(p, "value_fen", 0), value, sizeof value);
		snprintf(figs[n], sizeof figs[n], "%5lld %4lld %10s",
		    (long long)ui_jint(p, "quantity", 0), (long long)ui_jint(p, "tickets", 0), value);
		bars[n] = (struct chart_row){ .label = ui_jstr(p, "name")[0] ?
		    ui_jstr(p, "name") : ui_jstr(p, "part_no"),
		    .value = (double)ui_jint(p, "quantity", 0), .cumulative = -1,
		    .figure = figs[n] };
		n++;
	}
	chart_draw_bars(a, y + 1, 2, COLS - 3, n, 22, 21, bars, n);
	put_more(y + 1 + n, n, all);
}

static void
page_satisfaction(struct app *a, const struct monthly *M, int y, int rows)
{
	static const struct figure f[] = {
		{ "visited", N_("Tickets visited") },
		{ "satisfied", N_("Satisfied") },
		{ "complaints_opened", N_("Complaints opened by visits") },
		{ "unreachable", N_("Unreachable (no visit)") },
	};
	static const struct figure items[] = {
		{ "attitude", N_("Attitude") }, { "skill", N_("Skill") },
		{ "punctuality", N_("Punctuality") }, { "promise", N_("Promise kept") },
	};
	const cJSON *s = cJSON_GetObjectItemCaseSensitive(M->pack, "satisfaction");
	const cJSON *mean = cJSON_GetObjectItemCaseSensitive(s, "mean_score");
	const cJSON *its = cJSON_GetObjectItemCaseSensitive(s, "items");
	char line[256], rate[32], score[32], tmp[4][16];
	const char *cells[5] = { "", "1", "2", "3", "4" };
	const int widths[5] = { 20, -10, -10, -10, -10 };
	char counts[4][16];

	(void)a;
	(void)rows;
	y = put_figures(y, s, f, 4);
	kpi_figure("satisfaction_rate", cJSON_GetObjectItemCaseSensitive(s, "satisfaction_rate"),
	    rate, sizeof rate);
	if (cJSON_IsNumber(mean))
		snprintf(score, sizeof score, "%.2f", mean->valuedouble);
	else
		snprintf(score, sizeof score, "-");
	snprintf(line, sizeof line, _("Satisfaction rate %s    Mean score %s"), rate, score);
	ui_put(y, 3, COLS - 4, line);
	y += 2;
	put_heading(y, _("The rated items' answers, by level"));
	snprintf(line, sizeof line, "1 %s, 2 %s, 3 %s, 4 %s",
	    label_survey_answer(1, tmp[0], sizeof tmp[0]), label_survey_answer(2, tmp[1], sizeof tmp[1]),
	    label_survey_answer(3, tmp[2], sizeof tmp[2]), label_survey_answer(4, tmp[3], sizeof tmp[3]));
	ui_put(y + 1, 3, COLS - 4, line);
	ui_put_cells(y + 2, 3, widths, cells, 5);
	for (int i = 0; i < 4; i++) {
		const cJSON *levels = cJSON_GetObjectItemCaseSensitive(its, items[i].name);

		cells[0] = _(items[i].label);
		for (int k = 0; k < 4; k++) {
			const cJSON *c = cJSON_GetArrayItem(levels, k);

			snprintf(counts[k], sizeof counts[k], "%lld",
			    cJSON_IsNumber(c) ? (long long)c->valuedouble : 0LL);
			cells[k + 1] = counts[k];
		}
		ui_put_cells(y + 3 + i, 3, widths, cells, 5);
	}
}

static void
page_complaints(struct app *a, const struct monthly *M, int y, int rows)
{
	static const struct figure f[] = {
		{ "registered", N_("Complaints registered") },
		{ "serious", N_("Serious") },
		{ "minor", N_("Minor") },
		{ "unclassified", N_("Not yet classified") },
		{ "major", N_("Major incidents") },
		{ "from_visits", N_("Opened by a return visit") },
		{ "later_rounds", N_("Later rounds") },
		{ "attributed", N_("With responsibility") },
		{ "replied_in_time", N_("Replied in time") },
		{ "closed", N_("Closed now") },
		{ "overdue", N_("Overdue at some stage") },
	};

	(void)a;
	(void)rows;
	put_figures(y, cJSON_GetObjectItemCaseSensitive(M->pack, "complaints"), f, 11);
}

/* 责任归属: each department or person with a share of the month's
 * complaints, the bar its percent of the attributed ones. */
static void
page_responsibility(struct app *a, const struct monthly *M, int y, int rows)
{
	const cJSON *list = cJSON_GetObjectItemCaseSensitive(M->pack, "responsibility"), *r;
	struct chart_row bars[32];
	char figs[32][64], pen[32];
	const char *head[4] = { _("Complaints"), _("Share"), _("Percent"), _("Penalty") };
	const int widths[4] = { -10, -6, -7, -10 };
	int n = 0, all = cJSON_GetArraySize(list), room = rows - 2;

	if (all == 0) {
		ui_put(y, 3, COLS - 4, _("No responsibility attributed in the month"));
		return;
	}
	ui_put_cells(y, COLS - 37, widths, head, 4);
	cJSON_ArrayForEach(r, list) {
		const cJSON *share = cJSON_GetObjectItemCaseSensitive(r, "share");
		const cJSON *pct = cJSON_GetObjectItemCaseSensitive(r, "percent");

		if (n >= 32 || n >= room - (all > room))
			break;
		ui_yuan(ui_jint(r, "penalty_fen", 0), pen, sizeof pen);
		snprintf(figs[n], sizeof figs[n], "%10lld %6.2f %6.1f%% %10s",
		    (long long)ui_jint(r, "complaints", 0),
		    cJSON_IsNumber(share) ? share->valuedouble : 0.0,
		    cJSON_IsNumber(pct) ? pct->valuedouble : 0.0, pen);
		bars[n] = (struct chart_row){
		    .label = label_named(r),   /* a department's or person's name */
		    .value = cJSON_IsNumber(pct) ? pct->valuedouble : 0, .cumulative = -1,
		    .figure = figs[n] };
		n++;
	}
	chart_draw_bars(a, y + 1, 2, COLS - 3, n, 16, 37, bars, n);
	put_more(y + 1 + n, n, all);
}

/* Head office's second calls (slice resample's report_resample): how many
 * visits were drawn, called again, and disagreed, then per operator whose
 * first visits were checked, the disagreements as bars. */
static void
page_resample(struct app *a, const struct monthly *M, int y, int rows)
{
	const cJSON *r = cJSON_GetObjectItemCaseSensitive(M->pack, "resample"), *o;
	struct chart_row bars[32];
	char figs[32][32];
	int n = 0, end = y + rows;

	static const struct figure f[] = {
		{ "sampled", N_("Drawn for a second call") },
		{ "called", N_("Called again") },
		{ "disagreed", N_("Answers that disagree") },
	};

	y = put_figures(y, r, f, 3);
	ui_put(y + 1, 1, COLS - 2, _("Per operator: disagreed of their visits checked"));
	cJSON_ArrayForEach(o, cJSON_GetObjectItemCaseSensitive(r, "by_operator")) {
		if (n >= 32)
			break;
		snprintf(figs[n], sizeof figs[n], "%lld / %lld",
		    (long long)ui_jint(o, "disagreed", 0), (long long)ui_jint(o, "checked", 0));
		bars[n] = (struct chart_row){ .label = ui_jstr(o, "name"),
		    .value = (double)ui_jint(o, "disagreed", 0), .cumulative = -1,
		    .figure = figs[n] };
		n++;
	}
	if (n == 0)
		ui_put(y + 2, 3, COLS - 4, _("No second calls in the month"));
	else
		chart_draw_bars(a, y + 2, 2, COLS - 3, end - (y + 2), 18, 13, bars, n);
}

static void
paint_page(struct app *a, const struct monthly *M, int y, int rows)
{
	switch (M->page) {
	case PAGE_REPAIRS: page_repairs(a, M, y, rows); break;
	case PAGE_PARTS: page_parts(a, M, y, rows); break;
	case PAGE_SATISFACTION: page_satisfaction(a, M, y, rows); break;
	case PAGE_COMPLAINTS: page_complaints(a, M, y, rows); break;
	case PAGE_RESPONSIBILITY: page_responsibility(a, M, y, rows); break;
	case PAGE_PARETO_CATEGORY: page_pareto(a, M, "category", y, rows); break;
	case PAGE_PARETO_CAUSE: page_pareto(a, M, "cause", y, rows); break;
	case PAGE_PARETO_MODEL: page_pareto(a, M, "model", y, rows); break;
	case PAGE_KPI: page_kpi(a, M, y, rows); break;
	default: page_resample(a, M, y, rows); break;
	}
}

static void
monthly_paint(struct app *a, struct view *v, int top, int rows)
{
	struct monthly *M = v->priv;
	char line[256];

	attrset(ui_attr(a, UI_C_TITLE));
	snprintf(line, sizeof line, _("Monthly pack %s"), M->month);
	ui_put(top, 1, COLS - 2, line);
	attrset(A_NORMAL);
	if (M->pack == NULL) {
		ui_put(top + 2, 2, COLS - 4, M->req > 0 ? _("Loading...") : "-");
		if (M->error[0]) {
			attrset(ui_attr(a, UI_C_ERROR));
			ui_put(top + 3, 2, COLS - 4, M->error);
			attrset(A_NORMAL);
		}
		return;
	}
	snprintf(line, sizeof line, _("Page %d of %d: %s"), (int)M->page + 1, pages_of(M),
	    _(page_titles[M->page]));
	attrset(A_BOLD | A_UNDERLINE);
	ui_put(top + 1, 1, COLS - 2, line);
	attrset(A_NORMAL);
	paint_page(a, M, top + 3, rows - 3);
}

/* ---- the view */

static void
monthly_enter(struct app *a, struct view *v)
{
	struct monthly *M = v->priv;
	char today[16];

	if (!M->month[0]) {
		ui_server_today(a, today, sizeof today);
		monthly_default_month(today, M->month, sizeof M->month);
	}
	load(a, M);
}

static void
monthly_session(struct app *a, struct view *v, enum ui_session_event ev)
{
	struct monthly *M = v->priv;

	if (ev == UI_DISCONNECTED)
		M->req = 0;
	else if ((ev == UI_LOGGED_IN || ev == UI_RESYNC) && a->view == v->ops)
		load(a, M);
	else if (ev == UI_LOGGED_OUT) {
		net_cancel_ctx(a, M);
		cJSON_Delete(M->pack);
		M->pack = NULL;
		M->month[0] = M->error[0] = '\0';
		M->page = 0;
	}
}

static void
monthly_destroy(struct app *a, struct view *v)
{
	struct monthly *M = v->priv;

	net_cancel_ctx(a, M);
	cJSON_Delete(M->pack);
}

const struct view_ops ui_monthly_view = {
	.name = "monthly",
	.title = N_("Monthly pack"),
	.flags = UI_VIEW_SCREEN,
	.private_size = sizeof(struct monthly),
	.keys = monthly_keys,
	.enter = monthly_enter,
	.paint = monthly_paint,
	.session = monthly_session,
	.destroy = monthly_destroy,
};
