/*
 * screen/stats.c: complaint statistics for quality and managers.
 *
 * For a period (from/to, this month by default; f and t change them):
 * the complaint KPIs of report.kpi (timely-reply rate, closure rate,
 * average days to close, overdue count, with the counts behind them) and
 * the Pareto chart of report.pareto drawn as horizontal bars with each
 * row's count and the cumulative percent, by category or by responsible
 * department (b switches).
 */
#include "client/screen/complaints.h"
#include "client/screen/screens.h"

#include <stdio.h>
#include <string.h>

static struct {
	char from[16], to[16];
	bool by_department;
	cJSON *kpi, *pareto;
	int64_t kpi_id, pareto_id;
	char error[512];
} ST;

static const struct ui_help stats_help[] = {
	{ N_("b"), N_("Pareto by category or by responsible department") },
	{ N_("f, t"), N_("The period's first and last day") },
	{ N_("F5"), N_("Load again") },
	{ N_("F6"), N_("Next screen") },
	{ NULL, NULL }
};

static void
period_args(cJSON *args)
{
	cJSON_AddStringToObject(args, "from", ST.from);
	cJSON_AddStringToObject(args, "to", ST.to);
}

static void
load(struct app *a)
{
	cJSON *args = cJSON_CreateObject();

	if (!a->logged_in) {
		cJSON_Delete(args);
		return;
	}
	period_args(args);
	ST.kpi_id = net_send(a, "report.kpi", args);
	args = cJSON_CreateObject();
	period_args(args);
	cJSON_AddStringToObject(args, "by", ST.by_department ? "department" : "category");
	ST.pareto_id = net_send(a, "report.pareto", args);
	ST.error[0] = '\0';
}

static void
stats_open(struct app *a)
{
	if (!ST.from[0]) {
		ui_server_today(a, ST.to, sizeof ST.to);
		snprintf(ST.from, sizeof ST.from, "%.8s01", ST.to);
	}
	load(a);
}

static void
rate_text(const cJSON *o, const char *name, char *buf, size_t len)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);

	if (cJSON_IsNumber(v))
		snprintf(buf, len, "%.1f%%", v->valuedouble * 100);
	else
		snprintf(buf, len, "-");
}

static int
draw_kpi(struct app *a, int y)
{
	const cJSON *c = cJSON_GetObjectItemCaseSensitive(ST.kpi, "complaints");
	const cJSON *avg = cJSON_GetObjectItemCaseSensitive(c, "avg_days_to_close");
	char line[256], timely[16], closure[16], days[16];

	attrset(A_BOLD | A_UNDERLINE);
	ui_put(y, 1, COLS - 2, _("Complaint KPIs"));
	attrset(A_NORMAL);
	if (ST.kpi == NULL) {
		ui_put(y + 1, 3, COLS - 4, ST.kpi_id > 0 ? _("Loading...") : "-");
		return y + 2;
	}
	rate_text(c, "timely_reply_rate", timely, sizeof timely);
	rate_text(c, "closure_rate", closure, sizeof closure);
	if (cJSON_IsNumber(avg))
		snprintf(days, sizeof days, "%.2f", avg->valuedouble);
	else
		snprintf(days, sizeof days, "-");
	snprintf(line, sizeof line, _("Timely-reply rate %s (%lld of %lld)"), timely,
	    (long long)ui_jint(c, "replied_in_time", 0), (long long)ui_jint(c, "owned", 0));
	ui_put(y + 1, 3, COLS - 4, line);
	snprintf(line, sizeof line, _("Closure rate %s (%lld closed)"), closure,
	    (long long)ui_jint(c, "closed", 0));
	ui_put(y + 2, 3, COLS - 4, line);
	snprintf(line, sizeof line, _("Average days to close %s    Overdue %lld"), days,
	    (long long)ui_jint(c, "overdue", 0));
	attrset(ui_jint(c, "overdue", 0) > 0 ? ui_attr(a, UI_C_OVERDUE) : A_NORMAL);
	ui_put(y + 3, 3, COLS - 4, line);
	attrset(A_NORMAL);
	return y + 5;
}

static const char *
key_label(const char *key)
{
	return ST.by_department ? label_department(key) : label_category(key);
}

/* "product quality  ########....  12  60.0%" */
static void
draw_bar(struct app *a, int y, const cJSON *row, long max)
{
	const int label_w = 18, num_w = 16;
	int bar_w = COLS - 4 - label_w - num_w, len;
	long count = (long)ui_jint(row, "count", 0);
	const cJSON *cum = cJSON_GetObjectItemCaseSensitive(row, "cumulative_percent");
	char nums[64];

	if (bar_w < 10)
		bar_w = 10;
	len = max > 0 ? (int)((count * bar_w + max - 1) / max) : 0;
	ui_put(y, 2, label_w, key_label(ui_jstr(row, "key")));
	attrset(ui_attr(a, UI_C_TITLE) | A_REVERSE);
	for (int i = 0; i < len; i++)
		mvaddch(y, 3 + label_w + i, ' ');
	attrset(A_NORMAL);
	snprintf(nums, sizeof nums, "%5ld %6.1f%%", count,
	    cJSON_IsNumber(cum) ? cum->valuedouble : 0.0);
	ui_put(y, 4 + label_w + bar_w, num_w, nums);
}

static void
draw_pareto(struct app *a, int y, int rows)
{
	const cJSON *list = cJSON_GetObjectItemCaseSensitive(ST.pareto, "rows"), *r;
	long max = 0;
	int i = 0;

	attrset(A_BOLD | A_UNDERLINE);
	ui_put(y, 1, COLS - 2, ST.by_department ?
	    _("Pareto by responsible department: count, cumulative %") :
	    _("Pareto by category: count, cumulative %"));
	attrset(A_NORMAL);
	cJSON_ArrayForEach(r, list)
		if (ui_jint(r, "count", 0) > max)
			max = (long)ui_jint(r, "count", 0);
	if (cJSON_GetArraySize(list) == 0)
		ui_put(y + 1, 3, COLS - 4, ST.pareto_id > 0 ? _("Loading...") :
		    _("No complaints in the period"));
	cJSON_ArrayForEach(r, list) {
		if (i >= rows - 1)
			break;
		draw_bar(a, y + 1 + i++, r, max);
	}
}

static void
stats_draw(struct app *a, int top, int rows)
{
	char line[128];
	int y;

	attrset(ui_attr(a, UI_C_TITLE));
	ui_put(top, 1, COLS - 2, _("Complaint statistics"));
	attrset(A_NORMAL);
	snprintf(line, sizeof line, _("Period: %s to %s"), ST.from, ST.to);
	ui_put(top + 1, 1, COLS - 2, line);
	if (ST.error[0]) {
		attrset(ui_attr(a, UI_C_ERROR));
		ui_put(top + 2, 1, COLS - 2, ST.error);
		attrset(A_NORMAL);
	}
	y = draw_kpi(a, top + 3);
	draw_pareto(a, y, top + rows - y);
}

static void
date_done(struct app *a, const char *text, const char *tag)
{
	if (!text[0])
		return;
	ui_copy(tag[0] == 'f' ? ST.from : ST.to, sizeof ST.from, text);
	load(a);
}

static unsigned
stats_key(struct app *a, int type, wint_t key)
{
	if (type == OK && key == 'b') {
		ST.by_department = !ST.by_department;
		cJSON_Delete(ST.pareto);
		ST.pareto = NULL;
		load(a);
	} else if (type == OK && (key == 'f' || key == 't'))
		ui_prompt_open(a, key == 'f' ? _("Period") : _("Period"),
		    key == 'f' ? _("From (YYYY-MM-DD)") : _("To (YYYY-MM-DD)"),
		    key == 'f' ? ST.from : ST.to, date_done, key == 'f' ? "f" : "t");
	else if (type == KEY_CODE_YES && key == KEY_F(5))
		load(a);
	else if (type == OK && key == 'q')
		a->quit = true;
	else
		return 0;
	return UI_HANDLED | UI_REDRAW;
}

static void
take(struct app *a, const cJSON *msg, cJSON **into)
{
	if (!reply_ok(msg)) {
		net_error_text(msg, ST.error, sizeof ST.error);
		ui_message(a, true, "%s", ST.error);
		return;
	}
	cJSON_Delete(*into);
	*into = cJSON_Duplicate(reply_result(msg), true);
}

static bool
stats_message(struct app *a, const cJSON *msg)
{
	int64_t id = ui_jint(msg, "id", -1);

	if (id > 0 && id == ST.kpi_id) {
		ST.kpi_id = 0;
		take(a, msg, &ST.kpi);
	} else if (id > 0 && id == ST.pareto_id) {
		ST.pareto_id = 0;
		take(a, msg, &ST.pareto);
	} else
		return false;
	a->dirty = true;
	return true;
}

static void
stats_session(struct app *a, enum ui_session_event ev)
{
	if (ev == UI_DISCONNECTED)
		ST.kpi_id = ST.pareto_id = 0;
	else if ((ev == UI_LOGGED_IN || ev == UI_RESYNC) && a->view == &ui_stats_view)
		load(a);
	else if (ev == UI_LOGGED_OUT) {
		cJSON_Delete(ST.kpi);
		cJSON_Delete(ST.pareto);
		ST.kpi = ST.pareto = NULL;
		ST.from[0] = ST.to[0] = '\0';
	}
}

static int
stats_bar(struct app *a, struct ui_help *out, int max)
{
	static const struct ui_help keys[] = {
		{ "b", N_("By") }, { "f", N_("From") }, { "t", N_("To") },
	};
	int n = 0;

	(void)a;
	for (; n < max && n < 3; n++)
		out[n] = keys[n];
	return n;
}

const struct view_ops ui_stats_view = {
	.name = "stats",
	.title = N_("Complaint statistics"),
	.open = stats_open,
	.draw = stats_draw,
	.key = stats_key,
	.on_message = stats_message,
	.on_session = stats_session,
	.help = stats_help,
	.bar = stats_bar,
};
