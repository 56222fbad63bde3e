/*
 * screen/points.c: the admin's Service points screen (doc/domain.md, Users
 * and service points): every point with its kind (own or outsourced),
 * region, head, phone, address and active staff, from service_point.list;
 * `/` searches the rows (widget/table). For the admin, `a` adds a point and
 * Enter (or `e`) edits the selected one in the form of screen/point_edit.c;
 * a manager reads the list only.
 */
#include "client/widget/labels.h"
#include "client/widget/table.h"
#include "client/screen/screens.h"

#include <stdio.h>
#include <string.h>

struct points {
	cJSON *points;         /* the service points array, or NULL before the first answer */
	int64_t list_id;       /* service_point.list in flight, 0: none */
	struct table table;
	bool ready;            /* table initialised */
};

enum { PC_ID, PC_NAME, PC_KIND, PC_REGION, PC_HEAD, PC_PHONE, PC_STAFF, PC_ADDRESS };

static const struct table_column point_cols[] = {
	[PC_ID] = { N_("No."), 4, 5, true, true },
	[PC_NAME] = { N_("Point name"), 16, 0, false, true },
	[PC_KIND] = { N_("Kind"), 10, 0, false, true },
	[PC_REGION] = { N_("Region"), 8, 2, false, true },
	[PC_HEAD] = { N_("Head"), 8, 3, false, true },
	[PC_PHONE] = { N_("Phone"), 12, 1, false, true },
	[PC_STAFF] = { N_("Staff"), 5, 4, true, true },
	[PC_ADDRESS] = { N_("Address"), 0, 0, false, true },
};

static const cJSON *
point_at(const void *data, size_t i)
{
	return cJSON_GetArrayItem(((const struct points *)data)->points, (int)i);
}

static size_t
points_count(const void *data)
{
	return (size_t)cJSON_GetArraySize(((const struct points *)data)->points);
}

static void
point_cell(const struct app *a, const void *data, size_t i, int col, char *buf,
    size_t len)
{
	const cJSON *p = point_at(data, i);

	(void)a;
	switch (col) {
	case PC_ID: snprintf(buf, len, "%lld", (long long)ui_jint(p, "id", 0)); return;
	case PC_NAME: ui_copy(buf, len, ui_jstr(p, "name")); break;
	case PC_KIND: ui_copy(buf, len, label_point_kind(ui_jstr(p, "kind"))); break;
	case PC_REGION: ui_copy(buf, len, label_region(ui_jstr(p, "region"))); break;
	case PC_HEAD: ui_copy(buf, len, ui_jstr(p, "head")); break;
	case PC_PHONE: ui_copy(buf, len, ui_jstr(p, "phone")); break;
	case PC_STAFF: snprintf(buf, len, "%lld", (long long)ui_jint(p, "staff", 0)); return;
	default: ui_copy(buf, len, ui_jstr(p, "address")); break;
	}
	if (buf[0] == '\0')
		ui_copy(buf, len, "-");
}

static void
point_key(const void *data, size_t i, char *buf, size_t len)
{
	snprintf(buf, len, "%lld", (long long)ui_jint(point_at(data, i), "id", 0));
}

/* Numbers as numbers; the rest by text. */
static int
point_compare(const struct app *a, const void *data, size_t x, size_t y, int col)
{
	const char *name = col == PC_ID ? "id" : "staff";
	int64_t nx = ui_jint(point_at(data, x), name, 0);
	int64_t ny = ui_jint(point_at(data, y), name, 0);

	(void)a;
	return col == PC_ID || col == PC_STAFF ? (nx > ny) - (nx < ny) : 2;
}

static const struct table_source point_source = {
	.count = points_count, .cell = point_cell, .key = point_key,
	.compare = point_compare,
};

static struct points *
points_of(struct view *v)
{
	struct points *P = v->priv;

	if (!P->ready) {
		table_init(&P->table, point_cols, (int)(sizeof point_cols / sizeof point_cols[0]),
		    &point_source, P);
		P->ready = true;
	}
	return P;
}

static const cJSON *
selected_point(const struct view *v)
{
	const struct points *P = v->priv;
	size_t i;

	return P->ready && table_selected(&P->table, &i) ? point_at(P, i) : NULL;
}

static void
on_list(struct app *a, void *ctx, const cJSON *reply)
{
	struct points *P = ctx;
	const cJSON *points = reply != NULL ? cJSON_GetObjectItemCaseSensitive(
	    reply_result(reply), "service_points") : NULL;
	char text[512];

	P->list_id = 0;
	a->dirty = true;
	if (reply == NULL)
		return;
	if (!reply_ok(reply) || !cJSON_IsArray(points)) {
		net_error_text(reply, text, sizeof text);
		ui_message(a, true, _("Cannot list the service points: %s"), text);
		return;
	}
	cJSON_Delete(P->points);
	P->points = cJSON_Duplicate(points, true);
	table_refresh(&P->table, a);
}

static void
request_list(struct app *a, struct points *P)
{
	net_cancel(a, P->list_id);
	P->list_id = net_request(a, "service_point.list", NULL, on_list, P);
	if (P->list_id < 0)
		P->list_id = 0;
}

/* ---- the keys */

static bool
may_save(const struct app *a, const struct view *v)
{
	(void)v;
	return op_rights_allowed(&a->rights, "service_point.save");
}

static bool
may_edit(const struct app *a, const struct view *v)
{
	return may_save(a, v) && selected_point(v) != NULL;
}

static unsigned
run_add(struct app *a, struct view *v)
{
	(void)v;
	point_edit_show(a, NULL, &ui_points_view);
	return 0;
}

static unsigned
run_edit(struct app *a, struct view *v)
{
	point_edit_show(a, selected_point(v), &ui_points_view);
	return 0;
}

static unsigned
run_reload(struct app *a, struct view *v)
{
	if (a->logged_in)
		request_list(a, points_of(v));
	return 0;
}

static const struct ui_key points_keys[] = {
	{ .key = UI_KEY_ENTER, .alt = 'e', .name = N_("Enter, e"), .label = N_("Edit"),
	  .help = N_("Edit the service point"), .run = run_edit, .when = may_edit },
	{ .key = 'a', .name = "a", .label = N_("Add"), .help = N_("Add a service point"),
	  .run = run_add, .when = may_save },
	{ .key = UI_K(KEY_F(5)), .run = run_reload },   /* the frame names F5 */
	TABLE_HELP_KEYS,
	{ 0 }
};

/* ---- the view */

static void
points_paint(struct app *a, struct view *v, int top, int rows)
{
	struct points *P = points_of(v);
	char line[256], filter[TABLE_TEXT + 32];

	attrset(ui_attr(a, UI_C_TITLE));
	ui_put(top, 1, COLS - 2, _("Service points"));
	attrset(A_NORMAL);
	snprintf(line, sizeof line, ngettext("%zu service point", "%zu service points",
	    P->table.norder), P->table.norder);
	ui_put(top + 1, 1, COLS - 2, line);
	table_filter_text(&P->table, filter, sizeof filter);
	if (filter[0])
		ui_put_right(top + 1, COLS / 2, COLS - COLS / 2 - 1, filter);
	table_draw(&P->table, a, top + 2, rows - 2);
	if (P->points == NULL || P->table.norder == 0)
		ui_put(top + 4, 2, COLS - 4, P->list_id > 0 || P->points == NULL ?
		    _("Loading...") : _("No service points"));
}

static void
points_enter(struct app *a, struct view *v)
{
	if (a->logged_in)
		request_list(a, points_of(v));
}

static unsigned
points_input(struct app *a, struct view *v, ui_key_t key)
{
	return table_key(&points_of(v)->table, a, key);
}

static void
points_session(struct app *a, struct view *v, enum ui_session_event ev)
{
	struct points *P = points_of(v);

	if (ev == UI_DISCONNECTED)
		P->list_id = 0;
	else if ((ev == UI_LOGGED_IN || ev == UI_RESYNC) && a->view == &ui_points_view)
		request_list(a, P);
}

static void
points_destroy(struct app *a, struct view *v)
{
	struct points *P = points_of(v);

	net_cancel(a, P->list_id);
	cJSON_Delete(P->points);
	table_free(&P->table);
}

const struct view_ops ui_points_view = {
	.name = "points",
	.title = N_("Service points"),
	.flags = UI_VIEW_SCREEN,
	.private_size = sizeof(struct points),
	.keys = points_keys,
	.enter = points_enter,
	.paint = points_paint,
	.input = points_input,
	.session = points_session,
	.destroy = points_destroy,
};
