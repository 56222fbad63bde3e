/*
 * screen/routes.c: the complaint routes (doc/domain.md, Complaint routes),
 * an admin screen that quality and managers read. The list (route.get):
 * one row per complaint category with its stages in words, the stages'
 * budgets against the total, whether Saturday counts and the abroad
 * variant's total. Enter opens the route in its editor (screen/
 * route_edit.c), which saves with route.set when op.list says the user
 * may; the next complaint classified into the category follows it.
 */
#include "client/screen/screens.h"
#include "client/widget/labels.h"
#include "client/widget/table.h"

#include <stdio.h>
#include <string.h>

struct routes {
	cJSON *answer;        /* route.get's result: routes[], departments[] */
	int64_t request;
	char error[512];
	struct table table;
	bool ready;           /* the table is initialised */
};

enum { RC_CATEGORY, RC_STAGES, RC_TOTAL, RC_SATURDAY, RC_ABROAD };

static const struct table_column route_cols[] = {
	[RC_CATEGORY] = { N_("Category"), 16, 0, false, true },
	[RC_STAGES] = { N_("Stages (working days)"), 0, 0, false, false },
	[RC_TOTAL] = { N_("Total"), 9, 1, true, false },
	[RC_SATURDAY] = { N_("Sat."), 4, 2, false, true },
	[RC_ABROAD] = { N_("Abroad"), 7, 3, true, false },
};

static const cJSON *
routes_array(const void *data)
{
	return cJSON_GetObjectItemCaseSensitive(((const struct routes *)data)->answer, "routes");
}

static size_t
routes_count(const void *data)
{
	return (size_t)cJSON_GetArraySize(routes_array(data));
}

/* "Warehouse 1 > Production 2", the stages in words. */
static void
routes_stages_text(const cJSON *stages, char *buf, size_t len)
{
	const cJSON *s;
	size_t at = 0;

	buf[0] = '\0';
	cJSON_ArrayForEach(s, stages) {
		int n = snprintf(buf + at, len - at, "%s%s %g", at > 0 ? " > " : "",
		    label_department(ui_jstr(s, "department")),
		    cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(s, "days")));
		if (n < 0 || (size_t)n >= len - at)
			return;
		at += (size_t)n;
	}
}

static double
stages_days(const cJSON *stages)
{
	const cJSON *s;
	double sum = 0;

	cJSON_ArrayForEach(s, stages)
		sum += cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(s, "days"));
	return sum;
}

static void
route_cell(const struct app *a, const void *data, size_t i, int col, char *buf,
    size_t len)
{
	const cJSON *r = cJSON_GetArrayItem(routes_array(data), (int)i);
	const cJSON *stages = cJSON_GetObjectItemCaseSensitive(r, "stages");
	const cJSON *abroad = cJSON_GetObjectItemCaseSensitive(r, "abroad");

	(void)a;
	switch (col) {
	case RC_CATEGORY: ui_copy(buf, len, label_category(ui_jstr(r, "category"))); break;
	case RC_STAGES: routes_stages_text(stages, buf, len); break;
	case RC_TOTAL:
		snprintf(buf, len, "%g/%g", stages_days(stages),
		    cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(r, "close_days")));
		break;
	case RC_SATURDAY: ui_copy(buf, len, ui_jbool(r, "saturday_counts") ? _("yes") : _("no"));
		break;
	default:
		if (cJSON_IsObject(abroad))
			snprintf(buf, len, "%g", cJSON_GetNumberValue(
			    cJSON_GetObjectItemCaseSensitive(abroad, "close_days")));
		else
			ui_copy(buf, len, "-");
	}
}

static void
route_key(const void *data, size_t i, char *buf, size_t len)
{
	ui_copy(buf, len, ui_jstr(cJSON_GetArrayItem(routes_array(data), (int)i), "category"));
}

static const struct table_source route_source = {
	.count = routes_count, .cell = route_cell, .key = route_key,
};

static struct routes *
routes_of(struct view *v)
{
	struct routes *R = v->priv;

	if (!R->ready) {
		table_init(&R->table, route_cols, (int)(sizeof route_cols / sizeof route_cols[0]),
		    &route_source, R);
		R->ready = true;
	}
	return R;
}

/* ---- loading */

static void
on_routes(struct app *a, void *ctx, const cJSON *reply)
{
	struct routes *R = ctx;

	R->request = 0;
	a->dirty = true;
	if (reply == NULL)
		return;   /* read again once the connection is back */
	if (!reply_ok(reply)) {
		net_error_text(reply, R->error, sizeof R->error);
		return;
	}
	R->error[0] = '\0';
	cJSON_Delete(R->answer);
	R->answer = cJSON_Duplicate(reply_result(reply), true);
	table_refresh(&R->table, a);
}

static void
load(struct app *a, struct routes *R)
{
	if (!a->logged_in || R->request > 0)
		return;
	R->request = net_request(a, "route.get", NULL, on_routes, R);
	if (R->request < 0)
		R->request = 0;
}

/* ---- the keys */

static const cJSON *
selected_route(struct view *v)
{
	struct routes *R = routes_of(v);
	size_t i;

	return table_selected(&R->table, &i) ? cJSON_GetArrayItem(routes_array(R), (int)i) : NULL;
}

static bool
has_route(const struct app *a, const struct view *v)
{
	(void)a;
	return selected_route((struct view *)v) != NULL;
}

static unsigned
run_open(struct app *a, struct view *v)
{
	struct routes *R = routes_of(v);

	route_edit_show(a, selected_route(v),
	    cJSON_GetObjectItemCaseSensitive(R->answer, "departments"), &ui_routes_view);
	return 0;
}

static unsigned
run_reload(struct app *a, struct view *v)
{
	load(a, routes_of(v));
	return 0;
}

static const struct ui_key routes_keys[] = {
	{ .key = UI_KEY_ENTER, .alt = 'e', .name = N_("Enter"), .label = N_("Stages"),
	  .help = N_("The route's stages in the editor (also e; to change them: admin, quality)"),
	  .run = run_open, .when = has_route },
	{ .key = UI_K(KEY_F(5)), .run = run_reload },   /* the frame names F5 */
	TABLE_HELP_KEYS,
	{ 0 }
};

/* ---- the view */

static void
routes_enter(struct app *a, struct view *v)
{
	load(a, routes_of(v));
}

static void
routes_paint(struct app *a, struct view *v, int top, int rows)
{
	struct routes *R = routes_of(v);

	attrset(ui_attr(a, UI_C_TITLE));
	ui_put(top, 1, COLS - 2, _("Complaint routes"));
	attrset(A_NORMAL);
	if (R->error[0]) {
		attrset(ui_attr(a, UI_C_ERROR));
		ui_put(top + 1, 1, COLS - 2, R->error);
		attrset(A_NORMAL);
	} else
		ui_put(top + 1, 1, COLS - 2, R->answer == NULL ? _("Loading...") :
		    _("Each category's route: its stages in order, each a department and a "
		    "budget"));
	table_draw(&R->table, a, top + 2, rows - 3);
	ui_put(top + rows - 1, 1, COLS - 2, _("Total: the stages' days / the budget; Abroad: "
	    "the abroad variant's budget"));
}

static unsigned
routes_input(struct app *a, struct view *v, ui_key_t key)
{
	return table_key(&routes_of(v)->table, a, key);
}

static void
routes_session(struct app *a, struct view *v, enum ui_session_event ev)
{
	struct routes *R = routes_of(v);

	if (ev == UI_DISCONNECTED)
		R->request = 0;
	else if (ev == UI_LOGGED_OUT) {
		cJSON_Delete(R->answer);
		R->answer = NULL;
		table_refresh(&R->table, a);
	} else if ((ev == UI_LOGGED_IN || ev == UI_RESYNC) && a->view == &ui_routes_view)
		load(a, R);
}

static void
routes_destroy(struct app *a, struct view *v)
{
	struct routes *R = routes_of(v);

	net_cancel(a, R->request);
	cJSON_Delete(R->answer);
	table_free(&R->table);
}

const struct view_ops ui_routes_view = {
	.name = "routes",
	.title = N_("Complaint routes"),
	.flags = UI_VIEW_SCREEN,
	.private_size = sizeof(struct routes),
	.keys = routes_keys,
	.enter = routes_enter,
	.paint = routes_paint,
	.input = routes_input,
	.session = routes_session,
	.destroy = routes_destroy,
};
