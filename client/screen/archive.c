/*
 * screen/archive.c: the records past the retention period (admin;
 * doc/domain.md, Privacy): closed tickets and complaints, and customers
 * with nothing open, whose last activity is older than `retention_years`
 * (a policy), listed for archiving by archive.list. Nothing is deleted
 * or moved from here. Tab: every kind, tickets, complaints, customers;
 * m reads the next page.
 */
#include "client/screen/screens.h"
#include "client/widget/labels.h"
#include "client/widget/pagelist.h"

#include <stdio.h>
#include <string.h>

static const char *const kinds[] = { NULL, "ticket", "complaint", "customer" };
#define NKINDS 4

struct archive {
	struct pagelist list;
	int kind;
};

enum { RC_KIND, RC_KEY, RC_STATE, RC_CUSTOMER, RC_LAST, RC_NCOLS };

static const struct table_column archive_cols[] = {
	[RC_KIND] = { N_("Kind"), 10, 0, false, true },
	[RC_KEY] = { N_("No."), 14, 0, false, true },
	[RC_STATE] = { N_("State"), 10, 1, false, true },
	[RC_CUSTOMER] = { N_("Customer"), 9, 2, true, true },
	[RC_LAST] = { N_("Last activity"), 0, 0, false, true },
};

static void
archive_cell(const struct app *a, const void *data, size_t i, int col, char *buf,
    size_t len)
{
	const cJSON *r = pagelist_row(data, i);
	const char *kind = ui_jstr(r, "kind");
	time_t t;
	int tz;

	switch (col) {
	case RC_KIND: ui_copy(buf, len, label_hit_kind(kind)); break;
	case RC_KEY: ui_copy(buf, len, ui_jstr(r, "key")); break;
	case RC_STATE:
		ui_copy(buf, len, strcmp(kind, "complaint") == 0 ?
		    label_complaint_state(ui_jstr(r, "state")) :
		    label_ticket_state(ui_jstr(r, "state")));
		break;
	case RC_CUSTOMER:
		snprintf(buf, len, "%lld", (long long)ui_jint(r, "customer_id", 0));
		break;
	default:
		if (ui_parse_time(ui_jstr(r, "last_activity"), &t, &tz))
			ui_show_time(a, t, false, buf, len);
		else
			ui_copy(buf, len, ui_jstr(r, "last_activity"));
	}
}

static void
archive_key(const void *data, size_t i, char *buf, size_t len)
{
	const cJSON *r = pagelist_row(data, i);

	snprintf(buf, len, "%s|%s", ui_jstr(r, "kind"), ui_jstr(r, "key"));
}

static const struct table_source archive_source = {
	.count = pagelist_count, .cell = archive_cell, .key = archive_key,
};

static struct archive *
archive_of(const struct view *v)
{
	struct archive *ar = v->priv;

	if (!ar->list.ready)
		pagelist_init(&ar->list, "archive.list", "records", archive_cols, RC_NCOLS,
		    &archive_source);
	return ar;
}

static void
load(struct app *a, struct archive *ar)
{
	cJSON *args = cJSON_CreateObject();

	if (kinds[ar->kind] != NULL)
		cJSON_AddStringToObject(args, "kind", kinds[ar->kind]);
	pagelist_load(a, &ar->list, args);
}

static unsigned
run_kind(struct app *a, struct view *v)
{
	struct archive *ar = archive_of(v);

	ar->kind = (ar->kind + 1) % NKINDS;
	load(a, ar);
	return UI_HANDLED;
}

static bool
has_more(const struct app *a, const struct view *v)
{
	(void)a;
	return pagelist_has_more(&archive_of(v)->list);
}

static unsigned
run_more(struct app *a, struct view *v)
{
	pagelist_more(a, &archive_of(v)->list);
	return UI_HANDLED;
}

static unsigned
run_reload(struct app *a, struct view *v)
{
	if (a->logged_in)
		load(a, archive_of(v));
	return UI_HANDLED;
}

static const struct ui_key archive_keys[] = {
	{ .key = UI_KEY_TAB, .name = N_("Tab"), .label = N_("Kind"),
	  .help = N_("Every kind, tickets, complaints or customers"), .run = run_kind },
	{ .key = 'm', .name = "m", .label = N_("More"), .help = N_("The next page"),
	  .run = run_more, .when = has_more },
	{ .key = UI_K(KEY_F(5)), .name = N_("F5"), .run = run_reload },
	TABLE_HELP_KEYS,
	{ 0 }
};

static void
archive_enter(struct app *a, struct view *v)
{
	if (a->logged_in)
		load(a, archive_of(v));
}

static void
archive_paint(struct app *a, struct view *v, int top, int rows)
{
	struct archive *ar = archive_of(v);
	char line[256];

	attrset(ui_attr(a, UI_C_TITLE));
	ui_put(top, 1, COLS - 2, _("Past the retention period: to archive (nothing is deleted)"));
	attrset(A_NORMAL);
	snprintf(line, sizeof line, "%s %s", _("Showing:"), kinds[ar->kind] != NULL ?
	    label_hit_kind(kinds[ar->kind]) : _("all"));
	ui_put(top + 1, 1, COLS - 2, line);
	pagelist_status(a, &ar->list, top + 2);
	table_draw(&ar->list.table, a, top + 3, rows - 3);
}

static unsigned
archive_input(struct app *a, struct view *v, ui_key_t key)
{
	return table_key(&archive_of(v)->list.table, a, key);
}

static void
archive_session(struct app *a, struct view *v, enum ui_session_event ev)
{
	struct archive *ar = archive_of(v);

	pagelist_session(a, &ar->list, ev);
	if ((ev == UI_LOGGED_IN || ev == UI_RESYNC) && a->view == v->ops)
		load(a, ar);
}

static void
archive_destroy(struct app *a, struct view *v)
{
	pagelist_free(a, &((struct archive *)v->priv)->list);
}

const struct view_ops ui_archive_view = {
	.name = "archive",
	.title = N_("Archive"),
	.flags = UI_VIEW_SCREEN,
	.private_size = sizeof(struct archive),
	.keys = archive_keys,
	.enter = archive_enter,
	.paint = archive_paint,
	.input = archive_input,
	.session = archive_session,
	.destroy = archive_destroy,
};
