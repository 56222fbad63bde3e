/*
 * screen/approvals.c: the approver's queue of free-service requests
 * (超标准结算, doc/domain.md, Charges), a screen of supervisors
 * (dispatchers) and managers. A technician asks for free service from the
 * completion form, naming the approver; the request shows here at once
 * (the ticket's push names its approver), and the approver decides it:
 * a approves (a note may be typed; the approval is counted against their
 * month in the ticket's region then, and the daemon refuses it over the
 * limits, said in the prompt), r refuses with a reason. Two queues (Tab or
 * 1-2): waiting, and decided in the last 31 days. Above the list, the
 * approver's limits and what this month used per region.
 */
#include "client/screen/screens.h"
#include "client/screen/work.h"
#include "client/widget/pagelist.h"
#include "client/widget/ticketlist.h"

#include <stdio.h>
#include <string.h>

#include "common/records.h"

enum { AQ_WAITING, AQ_DECIDED, AQ_COUNT };

static const char *const queue_labels[AQ_COUNT] = { N_("Waiting"), N_("Decided") };
static const char *const queue_wire[AQ_COUNT] = { "pending", "decided" };

struct approvals {
	struct pagelist list;   /* approval.list's requests of the queue, its limits */
	int queue;
};

enum { AC_TICKET, AC_AMOUNT, AC_REGION, AC_BY, AC_STATE, AC_REASON, AC_AT };

static const struct table_column approval_cols[] = {
	[AC_TICKET] = { N_("Ticket"), 12, 0, false, true },
	[AC_AMOUNT] = { N_("Amount"), 8, 0, true, true },
	[AC_REGION] = { N_("Region"), 8, 3, false, true },
	[AC_BY] = { N_("Requested by"), 10, 2, false, true },
	[AC_STATE] = { N_("State"), 9, 0, false, true },
	[AC_REASON] = { N_("Reason"), 0, 0, false, true },
	[AC_AT] = { N_("At"), 11, 1, false, true },
};

/* ---- the rows: the answer's requests */

static const cJSON *
request_at(const void *data, size_t i)
{
	return pagelist_row(data, i);
}

static void
request_cell(const struct app *a, const void *data, size_t i, int col, char *buf,
    size_t len)
{
	const cJSON *r = request_at(data, i);
	const char *at = ui_jstr(r, col == AC_AT && ui_jstr(r, "decided_at")[0] ?
	    "decided_at" : "requested_at");

	switch (col) {
	case AC_TICKET: ui_copy(buf, len, ui_jstr(r, "ticket_no")); break;
	case AC_AMOUNT: ui_yuan(ui_jint(r, "amount", 0), buf, len); break;
	case AC_REGION: ui_copy(buf, len, label_region(ui_jstr(r, "region"))); break;
	case AC_BY: ui_copy(buf, len, ui_jstr(r, "requested_name")[0] ?
	    ui_jstr(r, "requested_name") : ui_jstr(r, "requested_by")); break;
	case AC_STATE: ui_copy(buf, len, label_free_request(ui_jstr(r, "state"))); break;
	case AC_REASON:
		if (ui_jstr(r, "decision_reason")[0])   /* the decision's first */
			snprintf(buf, len, "%s (%s)", ui_jstr(r, "decision_reason"),
			    ui_jstr(r, "reason"));
		else
			ui_copy(buf, len, ui_jstr(r, "reason"));
		break;
	default: {
		time_t t;
		int tz;

		if (ui_parse_time(at, &t, &tz))
			ui_show_time(a, t, true, buf, len);
		else
			ui_copy(buf, len, "-");
		break;
	}
	}
}

static void
request_key(const void *data, size_t i, char *buf, size_t len)
{
	snprintf(buf, len, "%lld", (long long)ui_jint(request_at(data, i), "id", 0));
}

static int
request_compare(const struct app *a, const void *data, size_t x, size_t y, int col)
{
	int64_t ax = ui_jint(request_at(data, x), "amount", 0);
	int64_t ay = ui_jint(request_at(data, y), "amount", 0);

	(void)a;
	return col == AC_AMOUNT ? (ax > ay) - (ax < ay) : 2;
}

static const struct table_source request_source = {
	.count = pagelist_count, .cell = request_cell, .key = request_key,
	.compare = request_compare,
};

static struct approvals *
approvals_of(struct view *v)
{
	struct approvals *s = v->priv;

	if (!s->list.ready)
		pagelist_init(&s->list, "approval.list", "requests", approval_cols,
		    (int)(sizeof approval_cols / sizeof approval_cols[0]), &request_source);
	return s;
}

static const cJSON *
selected(const struct view *v)
{
	const struct approvals *s = v->priv;

	return s->list.ready ? pagelist_selected(&s->list) : NULL;
}

/* ---- loading: the queue chosen, afresh; F5, a push and a new login keep
 * the rows shown until the answer comes */

static void
load(struct app *a, struct approvals *s)
{
	cJSON *args = cJSON_CreateObject();

	cJSON_AddStringToObject(args, "queue", queue_wire[s->queue]);
	pagelist_load(a, &s->list, args);
}

static void
on_decided(struct app *a, void *ctx, const cJSON *reply)
{
	struct overlay *o = ctx;
	const cJSON *t = reply != NULL ? reply_result(reply) : NULL;
	const cJSON *fr = cJSON_GetObjectItemCaseSensitive(t, "free_request");
	char no[24];

	if (!work_prompt_reply(a, o, reply, no, sizeof no))
		return;
	ui_message(a, false, strcmp(ui_jstr(fr, "state"), "approved") == 0 ?
	    _("Free service for ticket %s approved") :
	    _("Free service for ticket %s refused"), no);
	pagelist_reload(a, &approvals_of(ui_view_of(a, &ui_approvals_view))->list);
}

static void
decide(struct app *a, struct overlay *o, const char *no, bool approve, const char *text)
{
	cJSON *args = cJSON_CreateObject();

	cJSON_AddStringToObject(args, "no", no);
	cJSON_AddBoolToObject(args, "approve", approve);
	if (text[0])
		cJSON_AddStringToObject(args, "reason", text);
	ui_prompt_wait(a, o, net_request(a, "approval.decide", args, on_decided, o));
}

static void
approve_submit(struct app *a, struct overlay *o, void *ctx, const char *text)
{
	decide(a, o, ctx, true, text);
}

static void
refuse_submit(struct app *a, struct overlay *o, void *ctx, const char *text)
{
	if (!text[0]) {
		ui_prompt_error(a, o, "%s", _("A refusal needs its reason"));
		return;
	}
	decide(a, o, ctx, false, text);
}

static void
ask(struct app *a, const cJSON *r, bool approve)
{
	char title[256], amount[32];
	const char *no = ui_jstr(r, "ticket_no");

	ui_yuan(ui_jint(r, "amount", 0), amount, sizeof amount);
	snprintf(title, sizeof title, approve ? _("Approve free service for %s (%s yuan)?") :
	    _("Refuse free service for %s (%s yuan)"), no, amount);
	ui_prompt(a, title, approve ? _("Note (optional):") : _("Reason:"), "",
	    approve ? approve_submit : refuse_submit, no, strlen(no) + 1);
}

/* ---- the keys */

static bool
waiting_selected(const struct app *a, const struct view *v)
{
	const cJSON *r = selected(v);

	return r != NULL && strcmp(ui_jstr(r, "state"), "pending") == 0 &&
	    op_rights_allowed(&a->rights, "approval.decide");
}

static bool
has_selection(const struct app *a, const struct view *v)
{
	(void)a;
	return selected(v) != NULL;
}

static void
refuse_key(struct app *a, struct view *v)
{
	(void)v;
	ui_message(a, true, "%s", _("Choose a request waiting for your decision first"));
}

static unsigned
run_approve(struct app *a, struct view *v)
{
	ask(a, selected(v), true);
	return 0;
}

static unsigned
run_refuse(struct app *a, struct view *v)
{
	ask(a, selected(v), false);
	return 0;
}

static unsigned
run_detail(struct app *a, struct view *v)
{
	detail_show(a, ui_jstr(selected(v), "ticket_no"), &ui_approvals_view);
	return 0;
}

static void
set_queue(struct app *a, struct view *v, int queue)
{
	struct approvals *s = approvals_of(v);

	s->queue = (queue + AQ_COUNT) % AQ_COUNT;
	load(a, s);
	a->dirty = true;
}

static unsigned
next_queue(struct app *a, struct view *v)
{
	set_queue(a, v, approvals_of(v)->queue + 1);
	return 0;
}

static unsigned
reload(struct app *a, struct view *v)
{
	if (a->logged_in)
		pagelist_reload(a, &approvals_of(v)->list);
	return 0;
}

static const struct ui_key approvals_keys[] = {
	{ .key = 'a', .name = "a", .label = N_("Approve"),
	  .help = N_("Approve the request (a note may be typed); counted against your month"),
	  .run = run_approve, .when = waiting_selected, .refuse = refuse_key },
	{ .key = 'r', .name = "r", .label = N_("Refuse"),
	  .help = N_("Refuse the request, with the reason"),
	  .run = run_refuse, .when = waiting_selected, .refuse = refuse_key },
	{ .key = UI_KEY_ENTER, .alt = 'd', .alt2 = UI_K(KEY_F(3)), .name = N_("Enter"),
	  .label = N_("Detail"), .help = N_("The ticket's detail and history (also d, F3)"),
	  .run = run_detail, .when = has_selection },
	{ .key = UI_KEY_TAB, .name = N_("Tab, 1-2"), .label = N_("Queue"),
	  .help = N_("Queue: waiting, decided"), .run = next_queue },
	{ .key = UI_K(KEY_F(5)), .run = reload },   /* the frame names F5 */
	TABLE_HELP_KEYS,
	{ 0 }
};

/* ---- the view */

static void
approvals_enter(struct app *a, struct view *v)
{
	struct approvals *s = approvals_of(v);

	/* The first time afresh; then the rows stay shown until the answer. */
	if (a->logged_in && !pagelist_reload(a, &s->list))
		load(a, s);
}

/* "As supervisor: 2 a month a region, 400.00 yuan each; this month: urban 1" */
static void
limits_line(const struct approvals *s, char *buf, size_t len)
{
	const cJSON *res = pagelist_result(&s->list);
	const cJSON *lim = cJSON_GetObjectItemCaseSensitive(res, "limits");
	const cJSON *used = cJSON_GetObjectItemCaseSensitive(res, "used"), *u;
	char each[32], month[128] = "";
	size_t n = 0;

	cJSON_ArrayForEach(u, used) {
		n += (size_t)snprintf(month + n, sizeof month - n, " %s %d",
		    label_region(u->string), (int)cJSON_GetNumberValue(u));
		if (n >= sizeof month)
			break;
	}
	if (!cJSON_IsObject(lim))
		ui_copy(buf, len, _("You may not approve free service"));
	else if (cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(lim, "per_month")))
		snprintf(buf, len, _("As %s: no limit. This month:%s"),
		    label_approver_title(ui_jstr(lim, "title")), month[0] ? month : _(" none"));
	else {
		ui_yuan(ui_jint(lim, "per_approval", 0), each, sizeof each);
		snprintf(buf, len, _("As %s: %d a month a region, %s yuan each; "
		    "this month:%s"), label_approver_title(ui_jstr(lim, "title")),
		    (int)ui_jint(lim, "per_month", 0), each, month[0] ? month : _(" none"));
	}
}

static void
approvals_paint(struct app *a, struct view *v, int top, int rows)
{
	struct approvals *s = approvals_of(v);
	char text[512];
	int x;

	attrset(ui_attr(a, UI_C_TITLE));
	x = 1 + ui_put(top, 1, COLS - 2, _("Free-service approvals"));
	attrset(A_NORMAL);
	x += 2;
	for (int i = 0; i < AQ_COUNT; i++)
		x = list_draw_tab(a, top, x, i + 1, _(queue_labels[i]), i == s->queue);
	if (!pagelist_loaded(&s->list)) {
		pagelist_status(a, &s->list, top + 2);
		return;
	}
	limits_line(s, text, sizeof text);
	ui_put(top + 1, 1, COLS - 2, text);
	table_draw(&s->list.table, a, top + 2, rows - 2);
	if (s->list.table.norder == 0)
		ui_put(top + 4, 2, COLS - 4, s->queue == AQ_WAITING ?
		    _("No request is waiting for your decision") : _("Nothing decided lately"));
}

static unsigned
approvals_input(struct app *a, struct view *v, ui_key_t key)
{
	if (key >= '1' && key < '1' + (ui_key_t)AQ_COUNT) {
		set_queue(a, v, (int)(key - '1'));
		return UI_HANDLED | UI_REDRAW;
	}
	return table_key(&approvals_of(v)->list.table, a, key);
}

/* A ticket whose request names this user changed: the queue is read again
 * (a new request, a withdrawn one, a decision from another screen). */
static void
approvals_push(struct app *a, struct view *v, const cJSON *msg)
{
	const cJSON *data = cJSON_GetObjectItemCaseSensitive(msg, "data");
	const cJSON *fr = cJSON_GetObjectItemCaseSensitive(data, "free_request");

	if (strcmp(ui_jstr(msg, "event"), "ticket.changed") != 0 || !cJSON_IsObject(fr) ||
	    strcmp(ui_jstr(fr, "approver"), a->user) != 0 || !a->logged_in ||
	    (!pagelist_loaded(&((struct approvals *)v->priv)->list) &&
	    a->view != &ui_approvals_view))
		return;
	pagelist_reload(a, &approvals_of(v)->list);
}

static void
approvals_session(struct app *a, struct view *v, enum ui_session_event ev)
{
	struct approvals *s = approvals_of(v);

	pagelist_session(a, &s->list, ev);
	if ((ev == UI_LOGGED_IN || ev == UI_RESYNC) && a->view == &ui_approvals_view)
		pagelist_reload(a, &s->list);
}

static void
approvals_destroy(struct app *a, struct view *v)
{
	pagelist_free(a, &((struct approvals *)v->priv)->list);
}

const struct view_ops ui_approvals_view = {
	.name = "approvals",
	.title = N_("Free-service approvals"),
	.flags = UI_VIEW_SCREEN,
	.private_size = sizeof(struct approvals),
	.keys = approvals_keys,
	.enter = approvals_enter,
	.paint = approvals_paint,
	.input = approvals_input,
	.push = approvals_push,
	.session = approvals_session,
	.destroy = approvals_destroy,
};
