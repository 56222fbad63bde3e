/*
 * screen/daily.c: the end-of-day screen (doc/domain.md, Reports: the daily
 * work report) for dispatchers, managers and quality: report.daily of a day
 * (today by default; d types another) per technician or per service point
 * (b switches), one row each with calls, completed, arrivals, on time,
 * labour minutes and repeats (against the technician of the earlier
 * ticket), and the day's totals on the last line. The rows are a
 * widget/table (search, filter, sort). x saves the day's report as a
 * file (widget/report_save).
 *
 * The figures shown always belong to the day and grouping shown: a new day
 * or grouping drops the old rows and cancels the answers still due; a day
 * that is not a date is refused in its prompt (stats_period_check).
 */
#include "client/screen/complaints.h"
#include "client/screen/screens.h"
#include "client/widget/report_save.h"
#include "client/widget/table.h"

#include <stdio.h>
#include <string.h>

struct daily {
	char day[16];
	bool by_point;
	cJSON *report;         /* report.daily's result, NULL before it */
	int64_t req;           /* in flight, 0: none */
	struct table table;
	bool ready;            /* table initialised */
	struct report_save save;
};

/* The figures, as report.daily names them, in the columns' order. */
static const char *const figures[] = {
	"calls", "completed", "arrivals", "on_time", "work_minutes", "repeats",
};
#define NFIGURES (sizeof figures / sizeof figures[0])

static const struct table_column daily_cols[] = {
	{ N_("Technician / point"), 0, 0, false, true },
	{ N_("Dispatched"), 10, 0, true, true },
	{ N_("Done"), 6, 0, true, true },
	{ N_("Arrived"), 8, 0, true, true },
	{ N_("On time"), 8, 0, true, true },
	{ N_("Minutes"), 8, 0, true, true },
	{ N_("Repeats"), 8, 0, true, true },
};

static const cJSON *
row_at(const void *data, size_t i)
{
	const struct daily *D = data;

	return cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(D->report, "rows"), (int)i);
}

static size_t
rows_count(const void *data)
{
	const struct daily *D = data;

	return (size_t)cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(D->report, "rows"));
}

static void
row_cell(const struct app *a, const void *data, size_t i, int col, char *buf, size_t len)
{
	const cJSON *r = row_at(data, i);

	(void)a;
	if (col > 0)
		snprintf(buf, len, "%lld", (long long)ui_jint(r, figures[col - 1], 0));
	else if (cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(r, "key")))
		ui_copy(buf, len, _("(no service point)"));
	else
		ui_copy(buf, len, ui_jstr(r, "name"));
}

static void
row_key(const void *data, size_t i, char *buf, size_t len)
{
	const cJSON *key = cJSON_GetObjectItemCaseSensitive(row_at(data, i), "key");

	if (cJSON_IsString(key))
		ui_copy(buf, len, key->valuestring);
	else
		snprintf(buf, len, "%lld", cJSON_IsNumber(key) ? (long long)key->valuedouble : -1LL);
}

/* Figures as numbers; names by text. */
static int
row_compare(const struct app *a, const void *data, size_t x, size_t y, int col)
{
	int64_t nx, ny;

	(void)a;
	if (col == 0)
		return 2;
	nx = ui_jint(row_at(data, x), figures[col - 1], 0);
	ny = ui_jint(row_at(data, y), figures[col - 1], 0);
	return (nx > ny) - (nx < ny);
}

static const struct table_source daily_source = {
	.count = rows_count, .cell = row_cell, .key = row_key, .compare = row_compare,
};

static struct daily *
daily_of(struct view *v)
{
	struct daily *D = v->priv;

	if (!D->ready) {
		table_init(&D->table, daily_cols, (int)(sizeof daily_cols / sizeof daily_cols[0]),
		    &daily_source, D);
		D->ready = true;
	}
	return D;
}

/* ---- loading */

static void
on_daily(struct app *a, void *ctx, const cJSON *reply)
{
	struct daily *D = ctx;
	char text[512];

	D->req = 0;
	a->dirty = true;
	if (reply == NULL)
		return;
	if (!reply_ok(reply)) {
		net_error_text(reply, text, sizeof text);
		ui_message(a, true, _("Cannot read the daily report: %s"), text);
		return;
	}
	cJSON_Delete(D->report);
	D->report = cJSON_Duplicate(reply_result(reply), true);
	table_refresh(&D->table, a);
}

/* Drops what is shown and asks for the day and grouping now chosen. */
static void
load(struct app *a, struct daily *D)
{
	cJSON *args;

	net_cancel_ctx(a, D);
	D->req = 0;
	cJSON_Delete(D->report);
	D->report = NULL;
	table_refresh(&D->table, a);
	if (!a->logged_in)
		return;
	args = cJSON_CreateObject();
	cJSON_AddStringToObject(args, "day", D->day);
	cJSON_AddStringToObject(args, "by", D->by_point ? "service_point" : "technician");
	D->req = net_request(a, "report.daily", args, on_daily, D);
	if (D->req < 0)
		D->req = 0;
}

/* ---- keys */

static void
day_submit(struct app *a, struct overlay *o, void *ctx, const char *text)
{
	struct daily *D = ctx;   /* the view's own state: lives as long as the client */
	char why[256];

	if (!stats_period_check(text, text, why, sizeof why)) {
		ui_prompt_error(a, o, "%s", why);
		return;
	}
	ui_prompt_close(a, o);
	ui_copy(D->day, sizeof D->day, text);
	load(a, D);
}

static unsigned
key_day(struct app *a, struct view *v)
{
	struct daily *D = daily_of(v);

	ui_prompt(a, _("Daily report"), _("Day (YYYY-MM-DD)"), D->day, day_submit, D, 0);
	return UI_HANDLED;
}

static unsigned
key_by(struct app *a, struct view *v)
{
	struct daily *D = daily_of(v);

	D->by_point = !D->by_point;
	load(a, D);
	return UI_HANDLED;
}

static unsigned
key_reload(struct app *a, struct view *v)
{
	load(a, daily_of(v));
	return UI_HANDLED;
}

/* The report shown, as a file where the user says. */
static unsigned
key_save(struct app *a, struct view *v)
{
	struct daily *D = daily_of(v);
	cJSON *args = cJSON_CreateObject();
	const char *by = D->by_point ? "service_point" : "technician";
	char name[64];

	cJSON_AddStringToObject(args, "day", D->day);
	cJSON_AddStringToObject(args, "by", by);
	snprintf(name, sizeof name, "daily-%s-%s", by, D->day);
	report_save_open(a, &D->save, "daily", args, name);
	return UI_HANDLED;
}

static const struct ui_key daily_keys[] = {
	{ .key = 'd', .name = "d", .label = N_("Day"), .help = N_("The report of another day"),
	  .run = key_day },
	{ .key = 'b', .name = "b", .label = N_("By"),
	  .help = N_("Per technician or per service point"), .run = key_by },
	{ .key = 'x', .name = "x", .label = N_("Save"),
	  .help = N_("Save this report as a file (.csv or .xlsx)"), .run = key_save,
	  .when = report_save_allowed },
	{ .key = UI_K(KEY_F(5)), .run = key_reload },   /* the frame names F5 */
	TABLE_HELP_KEYS,
	{ 0 }
};

/* ---- drawing */

static void
draw_totals(struct app *a, const struct daily *D, int y)
{
	const cJSON *t = cJSON_GetObjectItemCaseSensitive(D->report, "totals");
	char line[256];

	if (t == NULL)
		return;
	snprintf(line, sizeof line, _("Totals: %lld dispatched, %lld done, %lld arrived "
	    "(%lld on time), %lld minutes, %lld repeats"),
	    (long long)ui_jint(t, "calls", 0), (long long)ui_jint(t, "completed", 0),
	    (long long)ui_jint(t, "arrivals", 0), (long long)ui_jint(t, "on_time", 0),
	    (long long)ui_jint(t, "work_minutes", 0), (long long)ui_jint(t, "repeats", 0));
	attrset(A_BOLD);
	ui_put(y, 1, COLS - 2, line);
	attrset(A_NORMAL);
	(void)a;
}

static void
daily_paint(struct app *a, struct view *v, int top, int rows)
{
	struct daily *D = daily_of(v);
	char line[256], today[16];

	attrset(ui_attr(a, UI_C_TITLE));
	ui_put(top, 1, COLS - 2, _("Daily report"));
	attrset(A_NORMAL);
	ui_server_today(a, today, sizeof today);
	snprintf(line, sizeof line, D->by_point ? _("%s%s, per service point") :
	    _("%s%s, per technician"), D->day, strcmp(D->day, today) == 0 ? _(" (today)") : "");
	ui_put(top + 1, 1, COLS - 2, line);
	table_draw(&D->table, a, top + 2, rows - 3);
	if (D->report == NULL || D->table.norder == 0)
		ui_put(top + 4, 2, COLS - 4, D->req > 0 || D->report == NULL ?
		    _("Loading...") : _("Nothing on that day"));
	draw_totals(a, D, top + rows - 1);
}

/* ---- the view */

static void
daily_enter(struct app *a, struct view *v)
{
	struct daily *D = daily_of(v);

	if (!D->day[0])
		ui_server_today(a, D->day, sizeof D->day);
	load(a, D);
}

static unsigned
daily_input(struct app *a, struct view *v, ui_key_t key)
{
	return table_key(&daily_of(v)->table, a, key);
}

static void
daily_session(struct app *a, struct view *v, enum ui_session_event ev)
{
	struct daily *D = daily_of(v);

	if (ev == UI_DISCONNECTED)
		D->req = 0;
	else if ((ev == UI_LOGGED_IN || ev == UI_RESYNC) && a->view == v->ops)
		load(a, D);
	else if (ev == UI_LOGGED_OUT) {
		net_cancel_ctx(a, D);
		cJSON_Delete(D->report);
		D->report = NULL;
		table_refresh(&D->table, a);
		D->day[0] = '\0';
	}
}

static void
daily_destroy(struct app *a, struct view *v)
{
	struct daily *D = daily_of(v);

	net_cancel_ctx(a, D);
	cJSON_Delete(D->report);
	table_free(&D->table);
}

const struct view_ops ui_daily_view = {
	.name = "daily",
	.title = N_("Daily report"),
	.flags = UI_VIEW_SCREEN,
	.private_size = sizeof(struct daily),
	.keys = daily_keys,
	.enter = daily_enter,
	.paint = daily_paint,
	.input = daily_input,
	.session = daily_session,
	.destroy = daily_destroy,
};
