/*
 * screen/maintenance.c: the dispatcher's maintenance due this week
 * (doc/domain.md, Maintenance contracts): contract.visits, every
 * preventive maintenance visit of a contract due from a week ago to six
 * days ahead, soonest first: booked ones with their type Y ticket, its
 * state and technician (dispatched from the board like any ticket), the
 * coming ones not booked yet (the sweeper books each on its day). Enter
 * opens a booked visit's ticket; F5 reads again, as does each entry.
 */
#include "client/screen/screens.h"
#include "client/widget/labels.h"
#include "client/widget/table.h"

#include <stdio.h>
#include <string.h>

struct maintenance {
	cJSON *result;        /* contract.visits' answer, or NULL */
	int64_t list_id;      /* the request in flight */
	bool ready;           /* the table is initialised */
	struct table table;
};

enum { MC_DUE, MC_TICKET, MC_STATE, MC_TECH, MC_CUSTOMER, MC_REGION, MC_UNIT };

static const struct table_column visit_cols[] = {
	[MC_DUE] = { N_("Due"), 10, 0, false, true },
	[MC_TICKET] = { N_("Ticket"), 12, 0, false, true },
	[MC_STATE] = { N_("State"), 9, 0, false, true },
	[MC_TECH] = { N_("Technician"), 8, 2, false, true },
	[MC_CUSTOMER] = { N_("Customer"), 10, 0, false, true },
	[MC_REGION] = { N_("Region"), 8, 1, false, true },
	[MC_UNIT] = { N_("Visit, unit"), 0, 0, false, true },
};

static const cJSON *
visit_at(const void *data, size_t i)
{
	return cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(
	    ((const struct maintenance *)data)->result, "visits"), (int)i);
}

static size_t
visits_count(const void *data)
{
	return (size_t)cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(
	    ((const struct maintenance *)data)->result, "visits"));
}

static void
visit_cell(const struct app *a, const void *data, size_t i, int col, char *buf, size_t len)
{
	const cJSON *v = visit_at(data, i);
	bool booked = ui_jstr(v, "ticket_no")[0] != '\0';

	(void)a;
	switch (col) {
	case MC_DUE: ui_copy(buf, len, ui_jstr(v, "due")); break;
	case MC_TICKET: ui_copy(buf, len, booked ? ui_jstr(v, "ticket_no") : "-"); break;
	case MC_STATE: ui_copy(buf, len, booked ? label_ticket_state(ui_jstr(v, "state")) :
	    _("coming")); break;
	case MC_TECH: ui_copy(buf, len, ui_jstr(v, "technician")[0] ?
	    ui_jstr(v, "technician") : "-"); break;
	case MC_CUSTOMER: ui_copy(buf, len, ui_jstr(cJSON_GetObjectItemCaseSensitive(v,
	    "customer"), "name")); break;
	case MC_REGION: ui_copy(buf, len, label_region(ui_jstr(v, "region"))); break;
	default:
		snprintf(buf, len, "%d/%d %s %s", (int)ui_jint(v, "seq", 0),   /* visit 1 of 2 */
		    (int)ui_jint(v, "visits", 0), ui_jstr(v, "model"), ui_jstr(v, "serial"));
	}
}

static void
visit_key(const void *data, size_t i, char *buf, size_t len)
{
	const cJSON *v = visit_at(data, i);

	snprintf(buf, len, "%lld:%d", (long long)ui_jint(v, "contract_id", 0),
	    (int)ui_jint(v, "seq", 0));
}

static const struct table_source visit_source = {
	.count = visits_count, .cell = visit_cell, .key = visit_key,
};

static struct maintenance *
maintenance_of(struct view *v)
{
	struct maintenance *s = v->priv;

	if (!s->ready) {
		table_init(&s->table, visit_cols, (int)(sizeof visit_cols / sizeof visit_cols[0]),
		    &visit_source, s);
		s->ready = true;
	}
	return s;
}

static const cJSON *
selected(const struct view *v)
{
	const struct maintenance *s = v->priv;
	size_t i;

	return s->ready && table_selected(&s->table, &i) ? visit_at(s, i) : NULL;
}

static void
on_list(struct app *a, void *ctx, const cJSON *reply)
{
	struct maintenance *s = ctx;
	char text[512];

	s->list_id = 0;
	a->dirty = true;
	if (reply == NULL)
		return;
	if (!reply_ok(reply)) {
		net_error_text(reply, text, sizeof text);
		ui_message(a, true, _("Cannot list the maintenance visits: %s"), text);
		return;
	}
	cJSON_Delete(s->result);
	s->result = cJSON_Duplicate(reply_result(reply), true);
	table_refresh(&s->table, a);
}

static void
load(struct app *a, struct maintenance *s)
{
	net_cancel(a, s->list_id);
	s->list_id = net_request(a, "contract.visits", cJSON_CreateObject(), on_list, s);
	if (s->list_id < 0)
		s->list_id = 0;
}

static bool
booked(const struct app *a, const struct view *v)
{
	(void)a;
	return selected(v) != NULL && ui_jstr(selected(v), "ticket_no")[0] != '\0';
}

static void
refuse_open(struct app *a, struct view *v)
{
	ui_message(a, true, "%s", selected(v) == NULL ? _("Choose a visit first") :
	    _("That visit is not booked yet: the sweep books it on its day"));
}

static unsigned
run_detail(struct app *a, struct view *v)
{
	detail_show(a, ui_jstr(selected(v), "ticket_no"), &ui_maintenance_view);
	return 0;
}

static unsigned
reload(struct app *a, struct view *v)
{
	if (a->logged_in)
		load(a, maintenance_of(v));
	return 0;
}

static const struct ui_key maintenance_keys[] = {
	{ .key = UI_KEY_ENTER, .alt = 'd', .name = N_("Enter"), .label = N_("Detail"),
	  .help = N_("The booked visit's ticket: its detail and history (also d)"),
	  .run = run_detail, .when = booked, .refuse = refuse_open },
	{ .key = UI_K(KEY_F(5)), .run = reload },   /* the frame names F5 */
	TABLE_HELP_KEYS,
	{ 0 }
};

static void
maintenance_enter(struct app *a, struct view *v)
{
	if (a->logged_in)
		load(a, maintenance_of(v));
}

static void
maintenance_paint(struct app *a, struct view *v, int top, int rows)
{
	struct maintenance *s = maintenance_of(v);

	attrset(ui_attr(a, UI_C_TITLE));
	ui_put(top, 1, COLS - 2, _("Maintenance due this week"));
	attrset(A_NORMAL);
	if (s->result == NULL) {
		ui_put(top + 2, 2, COLS - 4, _("Loading..."));
		return;
	}
	table_draw(&s->table, a, top + 1, rows - 1);
	if (s->table.norder == 0)
		ui_put(top + 3, 2, COLS - 4, _("No maintenance visit due from a week ago to six "
		    "days ahead"));
}

static unsigned
maintenance_input(struct app *a, struct view *v, ui_key_t key)
{
	return table_key(&maintenance_of(v)->table, a, key);
}

/* A type Y ticket booked or moved: the list is read again while shown. */
static void
maintenance_push(struct app *a, struct view *v, const cJSON *msg)
{
	const cJSON *data = cJSON_GetObjectItemCaseSensitive(msg, "data");

	if (a->view == &ui_maintenance_view && a->logged_in &&
	    strcmp(ui_jstr(msg, "event"), "ticket.changed") == 0 &&
	    strcmp(ui_jstr(data, "type"), "Y") == 0)
		load(a, maintenance_of(v));
}

static void
maintenance_session(struct app *a, struct view *v, enum ui_session_event ev)
{
	struct maintenance *s = maintenance_of(v);

	if (ev == UI_DISCONNECTED)
		s->list_id = 0;
	else if ((ev == UI_LOGGED_IN || ev == UI_RESYNC) && a->view == &ui_maintenance_view)
		load(a, s);
	else if (ev == UI_LOGGED_OUT) {
		cJSON_Delete(s->result);
		s->result = NULL;
		table_refresh(&s->table, NULL);
	}
}

static void
maintenance_destroy(struct app *a, struct view *v)
{
	struct maintenance *s = v->priv;

	net_cancel(a, s->list_id);
	cJSON_Delete(s->result);
	s->result = NULL;
	if (s->ready)
		table_free(&s->table);
}

const struct view_ops ui_maintenance_view = {
	.name = "maintenance",
	.title = N_("Maintenance due"),
	.flags = UI_VIEW_SCREEN,
	.private_size = sizeof(struct maintenance),
	.keys = maintenance_keys,
	.enter = maintenance_enter,
	.paint = maintenance_paint,
	.input = maintenance_input,
	.push = maintenance_push,
	.session = maintenance_session,
	.destroy = maintenance_destroy,
};
