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

#include <stdio.h>
#include <string.h>

#include "client/screen/complaints.h"

enum page {
	PAGE_REPAIRS, PAGE_PARTS, PAGE_SATISFACTION, PAGE_COMPLAINTS,
	PAGE_PARETO_CATEGORY, PAGE_PARETO_CAUSE, PAGE_PARETO_MODEL, PAGE_KPI,
	PAGE_RESAMPLE, PAGE_COUNT
};

struct monthly {
	char month[8];         /* YYYY-MM */
	cJSON *pack;           /* report.monthly's result, NULL before it */
	int64_t req;           /* in flight, 0: none */
	enum page page;
	char error[512];
};

static const char *const page_titles[PAGE_COUNT] = {
	N_("Repairs"), N_("Parts replaced"), N_("Satisfaction statistics"),
	N_("Complaints and responsibility"), N_("Pareto of complaint categories"),
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

static const struct ui_key monthly_keys[] = {
	{ .key = 'm', .name = "m", .label = N_("Month"), .help = N_("The pack of another month"),
	  .run = key_month },
	{ .key = UI_K(KEY_NPAGE), .alt = UI_KEY_TAB, .name = "PgDn", .label = N_("Next page"),
	  .help = N_("The next page (also Tab)"), .run = key_next },
	{ .key = UI_K(KEY_PPAGE), .alt = UI_K(KEY_BTAB), .name = "PgUp", .label = N_("Page back"),
	  .help = N_("The page before (also Shift-Tab)"), .run = key_previous },
	{ .key = UI_K(KEY_F(5)), .run = key_reload },   /* the frame names F5 */
	{ 0 }
};

/* ---- the pages */

/* "label  figure" lines of a page's summary; returns the next line. */
static int
put_figure(int y, const char *label, const char *figure)
{
	int w = ui_text_width(label);

	ui_put(y, 3, 36, label);
	ui_put(y, 3 + (w < 36 ? 36 : w + 1), COLS - 40, figure);
	return y + 1;
}

static int
put_count(int y, const char *label, const cJSON *o, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
	char buf[32];

	if (cJSON_IsNumber(v))
		snprintf(buf, sizeof buf, "%lld", (long long)v->valuedouble);
	else
		snprintf(buf, sizeof buf, "-");
	return put_figure(y, label, buf);
}

static void
page_pareto(struct app *a, const struct monthly *M, const char *by, int y, int rows)
{
	const cJSON *p = cJSON_GetObjectItemCaseSensitive(
	    cJSON_GetObjectItemCaseSensitive(M->pack, "pareto"), by);
	struct chart_row bars[64];
	int n = chart_pareto_rows(cJSON_GetObjectItemCaseSensitive(p, "rows"), by, bars, 64);
	char line[128];

	snprintf(line, sizeof line, _("Count and cumulative percent; %lld in all"),
	    (long long)ui_jint(p, "total", 0));
	ui_put(y, 1, COLS - 2, line);
	if (n == 0)
		ui_put(y + 2, 3, COLS - 4, _("Nothing counted in the month"));
	else
		chart_draw_pareto(a, y + 2, 2, COLS - 3, rows - 2, 18, bars, n);
}

static void
page_kpi(struct app *a, const struct monthly *M, int y, int rows)
{
	const cJSON *k = cJSON_GetObjectItemCaseSensitive(M->pack, "kpi");

	(void)rows;
	ui_put(y, 1, COLS - 2, _("✓ met, ✗ not met, - nothing counted"));
	kpi_draw(a, y + 2, 3, COLS - 4, 1, k);
}

/* Placeholder pages until report.monthly's shape is in: each member as
 * it comes. */
static int
put_members(int y, int rows, const cJSON *o)
{
	const cJSON *m;
	char buf[64];

	cJSON_ArrayForEach(m, o) {
		if (rows-- <= 0)
			break;
		if (cJSON_IsNumber(m))
			snprintf(buf, sizeof buf, "%g", m->valuedouble);
		else
			snprintf(buf, sizeof buf, "%s", cJSON_IsString(m) ? m->valuestring : "...");
		y = put_figure(y, m->string != NULL ? m->string : "", buf);
	}
	return y;
}

static void
page_repairs(struct app *a, const struct monthly *M, int y, int rows)
{
	(void)a;
	put_members(y, rows, cJSON_GetObjectItemCaseSensitive(M->pack, "repairs"));
}

static void
page_parts(struct app *a, const struct monthly *M, int y, int rows)
{
	(void)a;
	put_members(y, rows, cJSON_GetObjectItemCaseSensitive(M->pack, "parts"));
}

static void
page_satisfaction(struct app *a, const struct monthly *M, int y, int rows)
{
	(void)a;
	put_members(y, rows, cJSON_GetObjectItemCaseSensitive(M->pack, "satisfaction"));
}

static void
page_complaints(struct app *a, const struct monthly *M, int y, int rows)
{
	(void)a;
	put_members(y, rows, cJSON_GetObjectItemCaseSensitive(M->pack, "complaints"));
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

	y = put_count(y, _("Visits drawn for a second call"), r, "sampled");
	y = put_count(y, _("Called again"), r, "called");
	y = put_count(y, _("Answers that disagree"), r, "disagreed");
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
		chart_draw_bars(a, y + 2, 2, COLS - 3, end - (y + 2), 18, bars, n);
}

static void
paint_page(struct app *a, const struct monthly *M, int y, int rows)
{
	switch (M->page) {
	case PAGE_REPAIRS: page_repairs(a, M, y, rows); break;
	case PAGE_PARTS: page_parts(a, M, y, rows); break;
	case PAGE_SATISFACTION: page_satisfaction(a, M, y, rows); break;
	case PAGE_COMPLAINTS: page_complaints(a, M, y, rows); break;
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
