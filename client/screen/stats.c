/*
 * screen/stats.c: the statistics for quality and managers.
 *
 * For a period (from/to, this month by default; f and t change them):
 * the KPIs of report.kpi each against its target (widget/kpi: green and ✓
 * when met, red and ✗ when not), the complaint counts behind the
 * complaint rates (timely-reply rate, closure rate, average days to
 * close, overdue count) and the Pareto chart of report.pareto
 * (widget/chart: bars in eighth blocks, the cumulative percent as a
 * marker, the 80% line, each row's count and cumulative percent), by
 * complaint category, by responsible department, by the fault cause of
 * the repair cards (named from the catalogue) or by the units' model (b
 * goes round them).
 *
 * The figures shown always belong to the period shown: a period typed
 * with a day that is not a date, or from after to, is refused in its
 * prompt (which stays open; the period and figures stay as they were,
 * checked as the daemon checks them, common/validate.c's arg_date); a new
 * period drops the old figures and cancels the answers still due for it.
 */
#include "client/screen/complaints.h"
#include "client/screen/screens.h"
#include "client/widget/chart.h"
#include "client/widget/kpi.h"
#include "client/widget/report_save.h"

#include <stdio.h>
#include <string.h>

#include "common/validate.h"

/* What the Pareto counts by (report.pareto's by), in the order b goes. */
enum pareto_by { BY_CATEGORY, BY_DEPARTMENT, BY_CAUSE, BY_MODEL, BY_COUNT };

static const char *const by_wire[BY_COUNT] = { "category", "department", "cause", "model" };

struct stats {
	char from[16], to[16];
	enum pareto_by by;
	cJSON *kpi, *pareto;
	int64_t kpi_req, pareto_req;
	char error[512];
	struct report_save save;
};

static struct stats *
stats_of(struct app *a)
{
	return ui_view_of(a, &ui_stats_view)->priv;
}

/* ---- the period */

/* A real day YYYY-MM-DD, as the daemon's report.* check it. */
static bool
is_day(const char *s)
{
	cJSON *args = cJSON_CreateObject();
	struct proto_error err;
	const char *out;
	bool ok;

	cJSON_AddStringToObject(args, "day", s);
	ok = arg_date(args, "day", ARG_REQUIRED, &out, &err);
	cJSON_Delete(args);
	return ok;
}

bool
stats_period_check(const char *from, const char *to, char *why, size_t len)
{
	if (!is_day(from))
		snprintf(why, len, _("%s is not a day: YYYY-MM-DD, such as 2026-11-01"), from);
	else if (!is_day(to))
		snprintf(why, len, _("%s is not a day: YYYY-MM-DD, such as 2026-11-30"), to);
	else if (strcmp(from, to) > 0)   /* YYYY-MM-DD compares as text */
		snprintf(why, len, _("From %s is after to %s: no such period"),
		    from, to);
	else
		return true;
	return false;
}

/* ---- loading the figures */

static void
take(struct app *a, struct stats *st, const cJSON *reply, cJSON **into)
{
	cJSON_Delete(*into);
	*into = NULL;
	if (reply == NULL)
		snprintf(st->error, sizeof st->error, "%s",
		    _("The connection dropped: F5 loads the figures again"));
	else if (!reply_ok(reply)) {
		net_error_text(reply, st->error, sizeof st->error);
		ui_message(a, true, "%s", st->error);
	} else
		*into = cJSON_Duplicate(reply_result(reply), true);
	a->dirty = true;
}

static void
on_kpi(struct app *a, void *ctx, const cJSON *reply)
{
	struct stats *st = ctx;

	st->kpi_req = 0;
	take(a, st, reply, &st->kpi);
}

static void
on_pareto(struct app *a, void *ctx, const cJSON *reply)
{
	struct stats *st = ctx;

	st->pareto_req = 0;
	take(a, st, reply, &st->pareto);
}

static int64_t
request_report(struct app *a, struct stats *st, const char *op, net_reply_fn fn)
{
	cJSON *args = cJSON_CreateObject();
	int64_t id;

	cJSON_AddStringToObject(args, "from", st->from);
	cJSON_AddStringToObject(args, "to", st->to);
	if (fn == on_pareto)
		cJSON_AddStringToObject(args, "by", by_wire[st->by]);
	id = net_request(a, op, args, fn, st);
	return id > 0 ? id : 0;
}

/* Asks for both reports of the period shown; answers still due for what
 * was shown before are dropped. */
static void
load(struct app *a, struct stats *st)
{
	net_cancel_ctx(a, st);
	st->kpi_req = st->pareto_req = 0;
	if (!a->logged_in)
		return;
	st->error[0] = '\0';
	st->kpi_req = request_report(a, st, "report.kpi", on_kpi);
	st->pareto_req = request_report(a, st, "report.pareto", on_pareto);
}

/* What is shown changes: the old figures go at once. */
static void
drop_figures(struct stats *st)
{
	cJSON_Delete(st->kpi);
	cJSON_Delete(st->pareto);
	st->kpi = st->pareto = NULL;
}

static void
period_submit(struct app *a, struct overlay *o, void *ctx, const char *text)
{
	struct stats *st = stats_of(a);
	bool from = *(const char *)ctx == 'f';
	char why[256];

	if (!stats_period_check(from ? text : st->from, from ? st->to : text, why,
	    sizeof why)) {
		ui_prompt_error(a, o, "%s", why);
		return;
	}
	ui_prompt_close(a, o);
	ui_copy(from ? st->from : st->to, sizeof st->from, text);
	drop_figures(st);
	load(a, st);
}

/* ---- keys */

static unsigned
key_period(struct app *a, struct view *v, char which)
{
	struct stats *st = v->priv;

	ui_prompt(a, _("Period"), which == 'f' ? _("From (YYYY-MM-DD)") : _("To (YYYY-MM-DD)"),
	    which == 'f' ? st->from : st->to, period_submit, &which, sizeof which);
	return UI_HANDLED;
}

static unsigned
key_from(struct app *a, struct view *v)
{
	return key_period(a, v, 'f');
}

static unsigned
key_to(struct app *a, struct view *v)
{
	return key_period(a, v, 't');
}

static unsigned
key_by(struct app *a, struct view *v)
{
	struct stats *st = v->priv;

	st->by = (st->by + 1) % BY_COUNT;
	cJSON_Delete(st->pareto);
	st->pareto = NULL;
	load(a, st);
	return UI_HANDLED;
}

static unsigned
key_reload(struct app *a, struct view *v)
{
	load(a, v->priv);
	return UI_HANDLED;
}

/* The period's KPIs (x) or the Pareto shown (X), as a file where the user
 * says. */
static unsigned
save_report(struct app *a, struct stats *st, bool pareto)
{
	cJSON *args = cJSON_CreateObject();
	char name[96];

	cJSON_AddStringToObject(args, "from", st->from);
	cJSON_AddStringToObject(args, "to", st->to);
	if (pareto) {
		cJSON_AddStringToObject(args, "by", by_wire[st->by]);
		snprintf(name, sizeof name, "pareto-%s-%s-%s", by_wire[st->by], st->from, st->to);
	} else
		snprintf(name, sizeof name, "kpi-%s-%s", st->from, st->to);
	report_save_open(a, &st->save, pareto ? "pareto" : "kpi", args, name);
	return UI_HANDLED;
}

static unsigned
key_save_kpi(struct app *a, struct view *v)
{
	return save_report(a, v->priv, false);
}

static unsigned
key_save_pareto(struct app *a, struct view *v)
{
	return save_report(a, v->priv, true);
}

static unsigned
key_quit(struct app *a, struct view *v)
{
	(void)v;
	a->quit = true;
	return UI_HANDLED;
}

static const struct ui_key stats_keys[] = {
	{ .key = 'b', .name = "b", .label = N_("By"),
	  .help = N_("Pareto by category, responsible department, fault cause or model"),
	  .run = key_by },
	{ .key = 'f', .name = "f", .label = N_("From"), .help = N_("The period's first day"),
	  .run = key_from },
	{ .key = 't', .name = "t", .label = N_("To"), .help = N_("The period's last day"),
	  .run = key_to },
	{ .key = 'x', .name = "x", .label = N_("Save"),
	  .help = N_("Save the period's KPIs as a file (.csv or .xlsx)"), .run = key_save_kpi,
	  .when = report_save_allowed },
	{ .key = 'X', .name = "X",
	  .help = N_("Save the Pareto shown as a file (.csv or .xlsx)"), .run = key_save_pareto,
	  .when = report_save_allowed },
	{ .key = UI_K(KEY_F(5)), .name = "F5", .run = key_reload },
	{ .key = 'q', .name = "q", .help = N_("Quit"), .run = key_quit },
	{ 0 }
};

/* ---- drawing */

/* The complaint counts behind the rates (the KPIs with targets above). */
static int
draw_complaints(struct app *a, const struct stats *st, int y)
{
	const cJSON *c = cJSON_GetObjectItemCaseSensitive(st->kpi, "complaints");
	const cJSON *avg = cJSON_GetObjectItemCaseSensitive(c, "avg_days_to_close");
	const cJSON *timely = cJSON_GetObjectItemCaseSensitive(c, "timely_reply_rate");
	const cJSON *closure = cJSON_GetObjectItemCaseSensitive(c, "closure_rate");
	char line[384], t[16], cl[16], days[16], a1[128], a2[128];

	kpi_figure("timely_reply_rate", timely, t, sizeof t);
	kpi_figure("closure_rate", closure, cl, sizeof cl);
	if (cJSON_IsNumber(avg))
		snprintf(days, sizeof days, "%.2f", avg->valuedouble);
	else
		snprintf(days, sizeof days, "-");
	snprintf(a1, sizeof a1, _("Timely-reply rate %s (%lld of %lld)"), t,
	    (long long)ui_jint(c, "replied_in_time", 0), (long long)ui_jint(c, "owned", 0));
	snprintf(a2, sizeof a2, _("Closure rate %s (%lld closed)"), cl,
	    (long long)ui_jint(c, "closed", 0));
	snprintf(line, sizeof line, "%s   %s", a1, a2);
	ui_put(y, 3, COLS - 4, line);
	snprintf(line, sizeof line, _("Average days to close %s    Overdue %lld"), days,
	    (long long)ui_jint(c, "overdue", 0));
	attrset(ui_jint(c, "overdue", 0) > 0 ? ui_attr(a, UI_C_OVERDUE) : A_NORMAL);
	ui_put(y + 1, 3, COLS - 4, line);
	attrset(A_NORMAL);
	return y + 2;
}

static int
draw_kpi(struct app *a, const struct stats *st, int y)
{
	attrset(A_BOLD | A_UNDERLINE);
	ui_put(y, 1, COLS - 2, _("KPIs against their targets (✓ met, ✗ not met)"));
	attrset(A_NORMAL);
	if (st->kpi == NULL) {
		ui_put(y + 1, 3, COLS - 4, st->kpi_req > 0 ? _("Loading...") : "-");
		return y + 3;
	}
	y = 1 + kpi_draw(a, y + 1, 3, COLS - 4, 2, st->kpi) + y;
	return draw_complaints(a, st, y) + 1;
}

static void
draw_pareto(struct app *a, const struct stats *st, int y, int rows)
{
	static const char *const titles[BY_COUNT] = {
		N_("Pareto by category: count, cumulative %"),
		N_("Pareto by responsible department: count, cumulative %"),
		N_("Pareto by fault cause (repairs): count, cumulative %"),
		N_("Pareto by model (tickets): count, cumulative %"),
	};
	const cJSON *list = cJSON_GetObjectItemCaseSensitive(st->pareto, "rows");
	struct chart_row bars[64];
	int n = chart_pareto_rows(list, by_wire[st->by], bars, 64);

	attrset(A_BOLD | A_UNDERLINE);
	ui_put(y, 1, COLS - 2, _(titles[st->by]));
	attrset(A_NORMAL);
	if (n == 0)
		ui_put(y + 1, 3, COLS - 4, st->pareto_req > 0 ? _("Loading...") :
		    st->pareto == NULL ? "-" : st->by == BY_CAUSE ?
		    _("No coded repair cards in the period") : st->by == BY_MODEL ?
		    _("No tickets in the period") : _("No complaints in the period"));
	else
		chart_draw_pareto(a, y + 1, 2, COLS - 3, rows - 1, 18, bars, n);
}

static void
stats_paint(struct app *a, struct view *v, int top, int rows)
{
	struct stats *st = v->priv;
	char line[128];
	int y;

	attrset(ui_attr(a, UI_C_TITLE));
	ui_put(top, 1, COLS - 2, _("Statistics"));
	attrset(A_NORMAL);
	snprintf(line, sizeof line, _("Period: %s to %s"), st->from, st->to);
	ui_put(top + 1, 1, COLS - 2, line);
	if (st->error[0]) {
		attrset(ui_attr(a, UI_C_ERROR));
		ui_put(top + 2, 1, COLS - 2, st->error);
		attrset(A_NORMAL);
	}
	y = draw_kpi(a, st, top + 3);
	draw_pareto(a, st, y, top + rows - y);
}

/* ---- the view */

static void
stats_enter(struct app *a, struct view *v)
{
	struct stats *st = v->priv;

	if (!st->from[0]) {
		ui_server_today(a, st->to, sizeof st->to);
		snprintf(st->from, sizeof st->from, "%.8s01", st->to);
	}
	load(a, st);
}

static void
stats_session(struct app *a, struct view *v, enum ui_session_event ev)
{
	struct stats *st = v->priv;

	if (ev == UI_DISCONNECTED)
		st->kpi_req = st->pareto_req = 0;
	else if ((ev == UI_LOGGED_IN || ev == UI_RESYNC) && a->view == &ui_stats_view)
		load(a, st);
	else if (ev == UI_LOGGED_OUT) {
		net_cancel_ctx(a, st);
		drop_figures(st);
		st->from[0] = st->to[0] = st->error[0] = '\0';
	}
}

static void
stats_destroy(struct app *a, struct view *v)
{
	(void)a;
	drop_figures(v->priv);
}

const struct view_ops ui_stats_view = {
	.name = "stats",
	.title = N_("Statistics"),
	.flags = UI_VIEW_SCREEN,
	.private_size = sizeof(struct stats),
	.keys = stats_keys,
	.enter = stats_enter,
	.paint = stats_paint,
	.session = stats_session,
	.destroy = stats_destroy,
};
