/*
 * screen/renewals.c: the operators' renewal queue of maintenance contracts
 * (doc/domain.md, Maintenance contracts): contract.list's queues, renewal
 * first (running and ending within the notice days, or ended within as
 * many days, not renewed yet: the customers to call), then expiring,
 * active and expired (Tab or 1-4). n renews the chosen contract in the
 * contract form (from the day after it ends, for a year); Enter opens the
 * customer's file. Read again on F5 and each time the screen is entered.
 */
#include "client/screen/screens.h"
#include "client/widget/pagelist.h"
#include "client/widget/ticketlist.h"

#include <stdio.h>
#include <string.h>

enum { RQ_RENEWAL, RQ_EXPIRING, RQ_ACTIVE, RQ_EXPIRED, RQ_COUNT };

static const char *const queue_labels[RQ_COUNT] = { N_("To renew"), N_("Expiring"),
	N_("Running"), N_("Expired") };
static const char *const queue_wire[RQ_COUNT] = { "renewal", "expiring", "active",
	"expired" };

struct renewals {
	struct pagelist list;   /* contract.list's contracts of the queue */
	int queue;
};

enum { RC_ID, RC_CUSTOMER, RC_UNIT, RC_ENDS, RC_STATE, RC_LEFT };

static const struct table_column renewal_cols[] = {
	[RC_ID] = { N_("Contract"), 8, 0, true, true },
	[RC_CUSTOMER] = { N_("Customer"), 12, 0, false, true },
	[RC_UNIT] = { N_("Unit"), 0, 0, false, true },
	[RC_ENDS] = { N_("Ends"), 10, 0, false, true },
	[RC_STATE] = { N_("State"), 10, 0, false, true },
	[RC_LEFT] = { N_("Days"), 5, 1, true, true },
};

/* ---- the rows: the answer's contracts */

static const cJSON *
contract_at(const void *data, size_t i)
{
	return pagelist_row(data, i);
}

static void
contract_cell(const struct app *a, const void *data, size_t i, int col, char *buf,
    size_t len)
{
	const cJSON *k = contract_at(data, i);

	(void)a;
	switch (col) {
	case RC_ID: snprintf(buf, len, "%lld", (long long)ui_jint(k, "id", 0)); break;
	case RC_CUSTOMER: ui_copy(buf, len, ui_jstr(cJSON_GetObjectItemCaseSensitive(k,
	    "customer"), "name")); break;
	case RC_UNIT: snprintf(buf, len, "%s %s", ui_jstr(k, "model"), ui_jstr(k, "serial"));
		break;
	case RC_ENDS: ui_copy(buf, len, ui_jstr(k, "ends")); break;
	case RC_STATE: ui_copy(buf, len, label_contract_state(ui_jstr(k, "state"))); break;
	default: snprintf(buf, len, "%lld", (long long)ui_jint(k, "days_left", 0));
	}
}

static void
contract_key(const void *data, size_t i, char *buf, size_t len)
{
	snprintf(buf, len, "%lld", (long long)ui_jint(contract_at(data, i), "id", 0));
}

static int
contract_compare(const struct app *a, const void *data, size_t x, size_t y, int col)
{
	int64_t ax = ui_jint(contract_at(data, x), col == RC_ID ? "id" : "days_left", 0);
	int64_t ay = ui_jint(contract_at(data, y), col == RC_ID ? "id" : "days_left", 0);

	(void)a;
	return col == RC_ID || col == RC_LEFT ? (ax > ay) - (ax < ay) : 2;
}

static const struct table_source contract_source = {
	.count = pagelist_count, .cell = contract_cell, .key = contract_key,
	.compare = contract_compare,
};

static struct renewals *
renewals_of(struct view *v)
{
	struct renewals *s = v->priv;

	if (!s->list.ready)
		pagelist_init(&s->list, "contract.list", "contracts", renewal_cols,
		    (int)(sizeof renewal_cols / sizeof renewal_cols[0]), &contract_source);
	return s;
}

static const cJSON *
selected(const struct view *v)
{
	const struct renewals *s = v->priv;

	return s->list.ready ? pagelist_selected(&s->list) : NULL;
}

/* ---- loading: the queue chosen, afresh; F5 and a new login keep the rows
 * shown until the answer comes */

static void
load(struct app *a, struct renewals *s)
{
	cJSON *args = cJSON_CreateObject();

	cJSON_AddStringToObject(args, "queue", queue_wire[s->queue]);
	pagelist_load(a, &s->list, args);
}

/* ---- the keys */

static bool
may_renew(const struct app *a, const struct view *v)
{
	const cJSON *k = selected(v);

	return k != NULL && cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(k, "renewed_by")) &&
	    op_rights_allowed(&a->rights, "contract.save");
}

static void
refuse_renew(struct app *a, struct view *v)
{
	const cJSON *k = selected(v);

	if (k == NULL)
		ui_message(a, true, "%s", _("Choose a contract first"));
	else if (!cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(k, "renewed_by")))
		ui_message(a, true, _("Contract %lld is renewed already (contract %lld)"),
		    (long long)ui_jint(k, "id", 0), (long long)ui_jint(k, "renewed_by", 0));
	else
		ui_message(a, true, "%s", _("Renewing a contract is for operators"));
}

static unsigned
run_renew(struct app *a, struct view *v)
{
	contract_edit_show(a, NULL, selected(v), &ui_renewals_view);
	return UI_HANDLED;
}

static bool
has_selection(const struct app *a, const struct view *v)
{
	(void)a;
	return selected(v) != NULL;
}

static unsigned
run_file(struct app *a, struct view *v)
{
	customer_file_show(a, (long long)ui_jint(cJSON_GetObjectItemCaseSensitive(selected(v),
	    "customer"), "id", 0), &ui_renewals_view);
	return UI_HANDLED;
}

static void
set_queue(struct app *a, struct view *v, int queue)
{
	struct renewals *s = renewals_of(v);

	s->queue = (queue + RQ_COUNT) % RQ_COUNT;
	load(a, s);
	a->dirty = true;
}

static unsigned
next_queue(struct app *a, struct view *v)
{
	set_queue(a, v, renewals_of(v)->queue + 1);
	return 0;
}

static unsigned
reload(struct app *a, struct view *v)
{
	if (a->logged_in)
		pagelist_reload(a, &renewals_of(v)->list);
	return 0;
}

static const struct ui_key renewals_keys[] = {
	{ .key = 'n', .name = "n", .label = N_("Renew"),
	  .help = N_("Renew the contract: a new one from the day after it ends, linked to it"),
	  .run = run_renew, .when = may_renew, .refuse = refuse_renew },
	{ .key = UI_KEY_ENTER, .name = N_("Enter"), .label = N_("File"),
	  .help = N_("The customer's file (an audited read)"), .run = run_file,
	  .when = has_selection },
	{ .key = UI_KEY_TAB, .name = N_("Tab, 1-4"), .label = N_("Queue"),
	  .help = N_("Queue: to renew, expiring, running, expired"), .run = next_queue },
	{ .key = UI_K(KEY_F(5)), .run = reload },   /* the frame names F5 */
	TABLE_HELP_KEYS,
	{ 0 }
};

/* ---- the view */

static void
renewals_enter(struct app *a, struct view *v)
{
	struct renewals *s = renewals_of(v);

	/* The first time afresh; then the rows stay shown until the answer. */
	if (a->logged_in && !pagelist_reload(a, &s->list))
		load(a, s);
}

static void
renewals_paint(struct app *a, struct view *v, int top, int rows)
{
	struct renewals *s = renewals_of(v);
	int x;

	attrset(ui_attr(a, UI_C_TITLE));
	x = 1 + ui_put(top, 1, COLS - 2, _("Contract renewals"));
	attrset(A_NORMAL);
	x += 2;
	for (int i = 0; i < RQ_COUNT; i++)
		x = list_draw_tab(a, top, x, i + 1, _(queue_labels[i]), i == s->queue);
	if (!pagelist_loaded(&s->list)) {
		pagelist_status(a, &s->list, top + 2);
		return;
	}
	table_draw(&s->list.table, a, top + 1, rows - 1);
	if (s->list.table.norder == 0)
		ui_put(top + 3, 2, COLS - 4, _("No contract in this queue"));
}

static unsigned
renewals_input(struct app *a, struct view *v, ui_key_t key)
{
	if (key >= '1' && key < '1' + (ui_key_t)RQ_COUNT) {
		set_queue(a, v, (int)(key - '1'));
		return UI_HANDLED | UI_REDRAW;
	}
	return table_key(&renewals_of(v)->list.table, a, key);
}

static void
renewals_session(struct app *a, struct view *v, enum ui_session_event ev)
{
	struct renewals *s = renewals_of(v);

	pagelist_session(a, &s->list, ev);   /* logged out: nothing of a customer's stays */
	if ((ev == UI_LOGGED_IN || ev == UI_RESYNC) && a->view == &ui_renewals_view)
		pagelist_reload(a, &s->list);
}

static void
renewals_destroy(struct app *a, struct view *v)
{
	pagelist_free(a, &((struct renewals *)v->priv)->list);
}

const struct view_ops ui_renewals_view = {
	.name = "renewals",
	.title = N_("Contract renewals"),
	.flags = UI_VIEW_SCREEN,
	.private_size = sizeof(struct renewals),
	.keys = renewals_keys,
	.enter = renewals_enter,
	.paint = renewals_paint,
	.input = renewals_input,
	.session = renewals_session,
	.destroy = renewals_destroy,
};
