/*
 * screen/lookups.c: special look-ups (doc/domain.md, Privacy): a manager's
 * queue to approve (a) or refuse (r) the requests of others, with a note
 * (lookup.decide); for the one who asked, the outcome of their own, and
 * an approved one opened once (Enter: lookup.open, the customer's whole
 * file, phones whole, in the pager). A manager reads every request, the
 * others their own (lookup.list). Tab: all, pending, approved, refused.
 * A look-up is asked for from the customer file (L, screen/reveal.c).
 */
#include "client/screen/screens.h"
#include "client/widget/labels.h"
#include "client/widget/pagelist.h"

#include <stdio.h>
#include <string.h>

static const char *const filters[] = { NULL, "pending", "approved", "refused" };
#define NFILTERS 4

struct lookups {
	struct pagelist list;
	int filter;
	bool started;
};

enum { LC_ID, LC_STATE, LC_CUSTOMER, LC_BY, LC_GROUNDS, LC_DECIDED, LC_NCOLS };

static const struct table_column lookup_cols[] = {
	[LC_ID] = { N_("No."), 5, 0, true, true },
	[LC_STATE] = { N_("State"), 9, 0, false, true },
	[LC_CUSTOMER] = { N_("Customer"), 12, 0, false, true },
	[LC_BY] = { N_("Asked by"), 10, 0, false, true },
	[LC_GROUNDS] = { N_("Grounds"), 0, 0, false, false },
	[LC_DECIDED] = { N_("Decided by"), 10, 1, false, true },
};

static void
lookup_cell(const struct app *a, const void *data, size_t i, int col, char *buf,
    size_t len)
{
	const cJSON *l = pagelist_row(data, i);

	(void)a;
	switch (col) {
	case LC_ID: snprintf(buf, len, "%lld", (long long)ui_jint(l, "id", 0)); break;
	case LC_STATE:
		ui_copy(buf, len, ui_jstr(l, "opened_at")[0] ? _("opened") :
		    label_lookup_state(ui_jstr(l, "state")));
		break;
	case LC_CUSTOMER: ui_copy(buf, len, ui_jstr(l, "customer_name")); break;
	case LC_BY: ui_copy(buf, len, ui_jstr(l, "requested_by")); break;
	case LC_GROUNDS: ui_copy(buf, len, ui_jstr(l, "grounds")); break;
	default: ui_copy(buf, len, ui_jstr(l, "decided_by")); break;
	}
}

static void
lookup_key(const void *data, size_t i, char *buf, size_t len)
{
	snprintf(buf, len, "%lld", (long long)ui_jint(pagelist_row(data, i), "id", 0));
}

static const struct table_source lookup_source = {
	.count = pagelist_count, .cell = lookup_cell, .key = lookup_key,
};

static struct lookups *
lookups_of(const struct view *v)
{
	struct lookups *l = v->priv;

	if (!l->list.ready)
		pagelist_init(&l->list, "lookup.list", "lookups", lookup_cols, LC_NCOLS,
		    &lookup_source);
	return l;
}

static void
load(struct app *a, struct lookups *l)
{
	cJSON *args = cJSON_CreateObject();

	if (filters[l->filter] != NULL)
		cJSON_AddStringToObject(args, "state", filters[l->filter]);
	l->started = true;
	pagelist_load(a, &l->list, args);
}

static const cJSON *
selected(const struct view *v)
{
	return pagelist_selected(&lookups_of(v)->list);
}

/* ---- deciding (a manager, not on their own request) */

static bool
may_decide(const struct app *a, const struct view *v)
{
	const cJSON *l = selected(v);

	return l != NULL && op_rights_allowed(&a->rights, "lookup.decide") &&
	    strcmp(ui_jstr(l, "state"), "pending") == 0 &&
	    strcmp(ui_jstr(l, "requested_by"), a->user) != 0;
}

static void
refuse_decide(struct app *a, struct view *v)
{
	const cJSON *l = selected(v);

	if (l != NULL && strcmp(ui_jstr(l, "requested_by"), a->user) == 0)
		ui_message(a, true, "%s", _("Another manager decides a look-up you asked for"));
	else if (l != NULL && strcmp(ui_jstr(l, "state"), "pending") != 0)
		ui_message(a, true, "%s", _("This look-up is decided already"));
	else
		ui_message(a, true, "%s", _("Managers decide look-ups"));
}

struct decision {
	long long id;
	bool approve;
};

static void
on_decided(struct app *a, void *ctx, const cJSON *reply)
{
	struct overlay *o = ctx;

	if (!ui_prompt_answered(a, o, reply))
		return;
	ui_message(a, false, "%s", ((struct decision *)ui_overlay_ctx(o))->approve ?
	    _("Approved: the one who asked may open it once") : _("Refused"));
	ui_prompt_close(a, o);
	load(a, lookups_of(ui_view_of(a, &ui_lookups_view)));
}

static void
decide_submit(struct app *a, struct overlay *o, void *ctx, const char *text)
{
	const struct decision *d = ctx;
	cJSON *args = cJSON_CreateObject();

	cJSON_AddNumberToObject(args, "id", (double)d->id);
	cJSON_AddBoolToObject(args, "approve", d->approve);
	if (text[0])
		cJSON_AddStringToObject(args, "note", text);
	ui_prompt_wait(a, o, net_request(a, "lookup.decide", args, on_decided, o));
}

static unsigned
decide(struct app *a, struct view *v, bool approve)
{
	struct decision d = { ui_jint(selected(v), "id", 0), approve };

	ui_prompt(a, approve ? _("Approve the look-up") : _("Refuse the look-up"),
	    _("Note (optional)"), "", decide_submit, &d, sizeof d);
	return UI_HANDLED;
}

static unsigned
run_approve(struct app *a, struct view *v)
{
	return decide(a, v, true);
}

static unsigned
run_refuse(struct app *a, struct view *v)
{
	return decide(a, v, false);
}

/* ---- opening an approved one, once */

static bool
may_open(const struct app *a, const struct view *v)
{
	const cJSON *l = selected(v);

	return l != NULL && strcmp(ui_jstr(l, "state"), "approved") == 0 &&
	    !ui_jstr(l, "opened_at")[0] && strcmp(ui_jstr(l, "requested_by"), a->user) == 0;
}

static void
refuse_open(struct app *a, struct view *v)
{
	const cJSON *l = selected(v);

	if (l != NULL && ui_jstr(l, "opened_at")[0])
		ui_message(a, true, "%s", _("This look-up was opened already: it shows once"));
	else
		ui_message(a, true, "%s", _("Only the one who asked opens an approved look-up"));
}

/* The whole file as customer.get gives it, in words. */
static void
file_text(const cJSON *f, char *buf, size_t len)
{
	const cJSON *x;
	char phones[256];
	size_t n;

	ui_jjoin(f, "phones", phones, sizeof phones);
	n = (size_t)snprintf(buf, len, "%s %s\n%s %s\n%s %s\n%s %s\n\n%s\n", _("Name:"),
	    ui_jstr(f, "name"), _("Phones:"), phones, _("Address:"), ui_jstr(f, "address"),
	    _("Notes:"), ui_jstr(f, "notes"), _("Units:"));
	cJSON_ArrayForEach(x, cJSON_GetObjectItemCaseSensitive(f, "units"))
		if (n < len)
			n += (size_t)snprintf(buf + n, len - n, "  %s  %s  %s\n", ui_jstr(x, "model"),
			    ui_jstr(x, "serial"), ui_jstr(x, "purchase_date"));
	if (n < len)
		n += (size_t)snprintf(buf + n, len - n, "\n%s\n", _("Tickets:"));
	cJSON_ArrayForEach(x, cJSON_GetObjectItemCaseSensitive(f, "tickets"))
		if (n < len)
			n += (size_t)snprintf(buf + n, len - n, "  %s  %s  %s\n", ui_jstr(x, "no"),
			    label_ticket_state(ui_jstr(x, "state")), ui_jstr(x, "fault"));
	if (n < len)
		n += (size_t)snprintf(buf + n, len - n, "\n%s\n", _("Complaints:"));
	cJSON_ArrayForEach(x, cJSON_GetObjectItemCaseSensitive(f, "complaints"))
		if (n < len)
			n += (size_t)snprintf(buf + n, len - n, "  %s  %s  %s\n", ui_jstr(x, "no"),
			    label_complaint_state(ui_jstr(x, "state")), ui_jstr(x, "text"));
}

static void
on_opened(struct app *a, void *ctx, const cJSON *reply)
{
	struct lookups *l = ctx;
	char text[16384], err[512];

	if (reply == NULL)
		return;
	if (!reply_ok(reply)) {
		net_error_text(reply, err, sizeof err);
		ui_message(a, true, "%s", err);
	} else {
		file_text(reply_result(reply), text, sizeof text);
		ui_pager(a, _("Special look-up: the whole file (shown once)"), text);
	}
	load(a, l);
}

static unsigned
run_open(struct app *a, struct view *v)
{
	cJSON *args = cJSON_CreateObject();

	cJSON_AddNumberToObject(args, "id", (double)ui_jint(selected(v), "id", 0));
	if (net_request(a, "lookup.open", args, on_opened, lookups_of(v)) < 0)
		ui_message(a, true, "%s", _("Not connected: try again in a moment"));
	return UI_HANDLED;
}

/* ---- the rest of the keys */

static unsigned
run_filter(struct app *a, struct view *v)
{
	struct lookups *l = lookups_of(v);

	l->filter = (l->filter + 1) % NFILTERS;
	load(a, l);
	return UI_HANDLED;
}

static bool
has_more(const struct app *a, const struct view *v)
{
	(void)a;
	return pagelist_has_more(&lookups_of(v)->list);
}

static unsigned
run_more(struct app *a, struct view *v)
{
	pagelist_more(a, &lookups_of(v)->list);
	return UI_HANDLED;
}

static unsigned
run_reload(struct app *a, struct view *v)
{
	if (a->logged_in)
		load(a, lookups_of(v));
	return UI_HANDLED;
}

static const struct ui_key lookup_keys[] = {
	{ .key = UI_KEY_ENTER, .alt = 'o', .name = N_("Enter"), .label = N_("Open"),
	  .help = N_("Open your approved look-up: the customer's whole file, once (also o)"),
	  .run = run_open, .when = may_open, .refuse = refuse_open },
	{ .key = 'a', .name = "a", .label = N_("Approve"),
	  .help = N_("Approve the selected request (managers; not your own)"),
	  .run = run_approve, .when = may_decide, .refuse = refuse_decide },
	{ .key = 'r', .name = "r", .label = N_("Refuse"),
	  .help = N_("Refuse the selected request (managers; not your own)"),
	  .run = run_refuse, .when = may_decide, .refuse = refuse_decide },
	{ .key = UI_KEY_TAB, .name = N_("Tab"), .label = N_("Show"),
	  .help = N_("All, pending, approved or refused look-ups"), .run = run_filter },
	{ .key = 'm', .name = "m", .label = N_("More"), .help = N_("The next page, older requests"),
	  .run = run_more, .when = has_more },
	{ .key = UI_K(KEY_F(5)), .name = N_("F5"), .run = run_reload },
	TABLE_HELP_KEYS,
	{ 0 }
};

/* ---- the view */

static void
lookups_enter(struct app *a, struct view *v)
{
	if (a->logged_in)
		load(a, lookups_of(v));
}

static void
lookups_paint(struct app *a, struct view *v, int top, int rows)
{
	struct lookups *l = lookups_of(v);
	char line[256];

	attrset(ui_attr(a, UI_C_TITLE));
	ui_put(top, 1, COLS - 2, op_rights_allowed(&a->rights, "lookup.decide") ?
	    _("Special look-ups: requests to approve") : _("Special look-ups: your requests"));
	attrset(A_NORMAL);
	snprintf(line, sizeof line, "%s %s", _("Showing:"), filters[l->filter] != NULL ?
	    label_lookup_state(filters[l->filter]) : _("all"));
	ui_put(top + 1, 1, COLS - 2, line);
	pagelist_status(a, &l->list, top + 2);
	table_draw(&l->list.table, a, top + 3, rows - 3);
}

static unsigned
lookups_input(struct app *a, struct view *v, ui_key_t key)
{
	return table_key(&lookups_of(v)->list.table, a, key);
}

static void
lookups_session(struct app *a, struct view *v, enum ui_session_event ev)
{
	struct lookups *l = lookups_of(v);

	pagelist_session(a, &l->list, ev);
	if ((ev == UI_LOGGED_IN || ev == UI_RESYNC) && a->view == v->ops)
		load(a, l);
}

static void
lookups_destroy(struct app *a, struct view *v)
{
	pagelist_free(a, &((struct lookups *)v->priv)->list);
}

const struct view_ops ui_lookups_view = {
	.name = "lookups",
	.title = N_("Look-ups"),
	.flags = UI_VIEW_SCREEN,
	.private_size = sizeof(struct lookups),
	.keys = lookup_keys,
	.enter = lookups_enter,
	.paint = lookups_paint,
	.input = lookups_input,
	.session = lookups_session,
	.destroy = lookups_destroy,
};
