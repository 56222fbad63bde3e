/*
 * screen/notifications.c: the outbox (doc/domain.md, Telling customers), a
 * screen of operators, managers and admins: the messages to customers the
 * daemon's worker delivers by SMS or e-mail. Four queues (Tab or 1-4):
 * to send, sent, failed, told by phone. r sends a failed message again (its attempts
 * start over); h marks a message to send or failed as told by phone
 * instead, with an optional note; Enter shows the whole message. F5 reads
 * the queue again.
 */
#include "client/screen/screens.h"
#include "client/widget/labels.h"
#include "client/widget/pagelist.h"
#include "client/widget/ticketlist.h"

#include <stdio.h>
#include <string.h>

#include "common/outbox.h"

enum { NQ_SHOWN = NQ_COUNT };   /* pending, sent, failed, handled: common/outbox.h */

static const char *const queue_labels[NQ_SHOWN] = { N_("To send"), N_("Sent"), N_("Failed"),
	N_("Told by phone") };

struct notifications {
	struct pagelist list;   /* notification.list's messages of the queue */
	int queue;              /* enum notification_queue */
};

enum { NC_DUE, NC_KIND, NC_RELATED, NC_TO, NC_TRIES, NC_TEXT };

static const struct table_column notification_cols[] = {
	[NC_DUE] = { N_("Due"), 11, 0, false, true },
	[NC_KIND] = { N_("Kind"), 10, 1, false, true },
	[NC_RELATED] = { N_("About"), 12, 2, false, true },
	[NC_TO] = { N_("Send to"), 13, 3, false, true },
	[NC_TRIES] = { N_("Tries"), 5, 4, true, true },
	[NC_TEXT] = { N_("Message"), 0, 0, false, true },
};

/* ---- the rows */

static const cJSON *
row_at(const void *data, size_t i)
{
	return pagelist_row(data, i);
}

static void
time_cell(const struct app *a, const char *iso, char *buf, size_t len)
{
	time_t t;
	int tz;

	if (ui_parse_time(iso, &t, &tz))
		ui_show_time(a, t, true, buf, len);
	else
		ui_copy(buf, len, "-");
}

static void
row_cell(const struct app *a, const void *data, size_t i, int col, char *buf, size_t len)
{
	const cJSON *n = row_at(data, i);

	switch (col) {
	case NC_DUE: time_cell(a, ui_jstr(n, "due"), buf, len); break;
	case NC_KIND: ui_copy(buf, len, label_notification_kind(ui_jstr(n, "kind"))); break;
	case NC_RELATED: ui_copy(buf, len, ui_jstr(n, "related")); break;
	case NC_TO: ui_copy(buf, len, ui_jstr(n, "to")); break;
	case NC_TRIES: snprintf(buf, len, "%lld", (long long)ui_jint(n, "attempts", 0)); break;
	default: ui_copy(buf, len, ui_jstr(n, "text")); break;
	}
}

static void
row_key(const void *data, size_t i, char *buf, size_t len)
{
	snprintf(buf, len, "%lld", (long long)ui_jint(row_at(data, i), "id", 0));
}

static const struct table_source notification_source = {
	.count = pagelist_count, .cell = row_cell, .key = row_key,
};

static struct notifications *
notifications_of(struct view *v)
{
	struct notifications *s = v->priv;

	if (!s->list.ready)
		pagelist_init(&s->list, "notification.list", "notifications", notification_cols,
		    (int)(sizeof notification_cols / sizeof notification_cols[0]),
		    &notification_source);
	return s;
}

static const cJSON *
selected(const struct view *v)
{
	const struct notifications *s = v->priv;

	return s->list.ready ? pagelist_selected(&s->list) : NULL;
}

/* ---- loading: the queue chosen, afresh; F5, a change and a new login keep
 * the rows shown until the answer comes */

static void
load(struct app *a, struct notifications *s)
{
	cJSON *args = cJSON_CreateObject();

	cJSON_AddStringToObject(args, "queue", notification_queue_names[s->queue]);
	cJSON_AddNumberToObject(args, "limit", 200);
	pagelist_load(a, &s->list, args);
}

/* ---- retry and handled: the message's id is the prompt's (or the
 * confirmation's) ctx */

static void
after_change(struct app *a, const cJSON *reply, bool handled)
{
	const cJSON *n = reply_result(reply);

	if (handled)
		ui_message(a, false, _("The message about %s is marked told by phone"),
		    ui_jstr(n, "related"));
	else
		ui_message(a, false, _("The message about %s goes again"), ui_jstr(n, "related"));
	pagelist_reload(a, &notifications_of(ui_view_of(a, &ui_notifications_view))->list);
}

static void
on_handled(struct app *a, void *ctx, const cJSON *reply)
{
	struct overlay *o = ctx;

	if (!ui_prompt_answered(a, o, reply))
		return;
	ui_prompt_close(a, o);
	after_change(a, reply, true);
}

static void
handled_submit(struct app *a, struct overlay *o, void *ctx, const char *text)
{
	cJSON *args = cJSON_CreateObject();

	cJSON_AddNumberToObject(args, "id", (double)*(const long long *)ctx);
	if (text[0])
		cJSON_AddStringToObject(args, "note", text);
	ui_prompt_wait(a, o, net_request(a, "notification.handled", args, on_handled, o));
}

static void
on_retried(struct app *a, void *ctx, const cJSON *reply)
{
	char text[512];

	(void)ctx;
	if (reply == NULL)
		return;
	if (!reply_ok(reply)) {
		net_error_text(reply, text, sizeof text);
		ui_message(a, true, _("Cannot send it again: %s"), text);
		return;
	}
	after_change(a, reply, false);
}

static void
retry_yes(struct app *a, void *ctx)
{
	cJSON *args = cJSON_CreateObject();

	cJSON_AddNumberToObject(args, "id", (double)*(const long long *)ctx);
	net_request(a, "notification.retry", args, on_retried, NULL);
}

/* ---- the keys */

static bool
in_state(const struct app *a, const struct view *v, const char *op, bool pending_too)
{
	const cJSON *n = selected(v);
	const char *state = ui_jstr(n, "state");

	return n != NULL && op_rights_allowed(&a->rights, op) &&
	    (strcmp(state, "failed") == 0 || (pending_too && strcmp(state, "pending") == 0));
}

static bool
can_retry(const struct app *a, const struct view *v)
{
	return in_state(a, v, "notification.retry", false);
}

static bool
can_handle(const struct app *a, const struct view *v)
{
	return in_state(a, v, "notification.handled", true);
}

static bool
has_selection(const struct app *a, const struct view *v)
{
	(void)a;
	return selected(v) != NULL;
}

static void
refuse_retry(struct app *a, struct view *v)
{
	(void)v;
	ui_message(a, true, "%s", _("Choose a failed message first"));
}

static void
refuse_handle(struct app *a, struct view *v)
{
	(void)v;
	ui_message(a, true, "%s", _("Choose a message to send or a failed one first"));
}

static unsigned
run_retry(struct app *a, struct view *v)
{
	long long id = (long long)ui_jint(selected(v), "id", 0);
	char question[256];

	snprintf(question, sizeof question, _("Send the message about %s again?"),
	    ui_jstr(selected(v), "related"));
	ui_confirm(a, question, retry_yes, &id, sizeof id, false);
	return 0;
}

static unsigned
run_handle(struct app *a, struct view *v)
{
	long long id = (long long)ui_jint(selected(v), "id", 0);
	char title[256];

	snprintf(title, sizeof title, _("Told the customer about %s by phone"),
	    ui_jstr(selected(v), "related"));
	ui_prompt(a, title, _("Note (optional):"), "", handled_submit, &id, sizeof id);
	return 0;
}

static unsigned
run_show(struct app *a, struct view *v)
{
	const cJSON *n = selected(v);
	char text[4096], due[64];

	time_cell(a, ui_jstr(n, "due"), due, sizeof due);
	snprintf(text, sizeof text, _("%s, about %s, due %s\nTo: %s (%s)\nState: %s, %lld tries\n"
	    "%s%s\n\n%s"), label_notification_kind(ui_jstr(n, "kind")), ui_jstr(n, "related"), due,
	    ui_jstr(n, "to"), label_notification_channel(ui_jstr(n, "channel")),
	    label_notification_state(ui_jstr(n, "state")), (long long)ui_jint(n, "attempts", 0),
	    ui_jstr(n, "last_error")[0] ? _("Last refusal: ") : "", ui_jstr(n, "last_error"),
	    ui_jstr(n, "text"));
	ui_pager(a, _("Message to a customer"), text);
	return 0;
}

static void
set_queue(struct app *a, struct view *v, int queue)
{
	struct notifications *s = notifications_of(v);

	s->queue = (queue + NQ_SHOWN) % NQ_SHOWN;
	load(a, s);
	a->dirty = true;
}

static unsigned
next_queue(struct app *a, struct view *v)
{
	set_queue(a, v, notifications_of(v)->queue + 1);
	return 0;
}

static unsigned
reload(struct app *a, struct view *v)
{
	if (a->logged_in)
		pagelist_reload(a, &notifications_of(v)->list);
	return 0;
}

static const struct ui_key notifications_keys[] = {
	{ .key = 'r', .name = "r", .label = N_("Retry"),
	  .help = N_("Send the failed message again (its tries start over)"),
	  .run = run_retry, .when = can_retry, .refuse = refuse_retry },
	{ .key = 'h', .name = "h", .label = N_("By phone"),
	  .help = N_("Mark the message told by phone instead (a note may be typed)"),
	  .run = run_handle, .when = can_handle, .refuse = refuse_handle },
	{ .key = UI_KEY_ENTER, .name = N_("Enter"), .label = N_("Show"),
	  .help = N_("The whole message, its address and its last refusal"),
	  .run = run_show, .when = has_selection },
	{ .key = UI_KEY_TAB, .name = N_("Tab, 1-4"), .label = N_("Queue"),
	  .help = N_("Queue: to send, sent, failed, told by phone"), .run = next_queue },
	{ .key = UI_K(KEY_F(5)), .run = reload },   /* the frame names F5 */
	TABLE_HELP_KEYS,
	{ 0 }
};

/* ---- the view */

static void
notifications_enter(struct app *a, struct view *v)
{
	struct notifications *s = notifications_of(v);

	/* The first time afresh; then the rows stay shown until the answer. */
	if (a->logged_in && !pagelist_reload(a, &s->list))
		load(a, s);
}

static void
notifications_paint(struct app *a, struct view *v, int top, int rows)
{
	struct notifications *s = notifications_of(v);
	static const char *const empty[NQ_SHOWN] = { N_("No message waiting to be sent"),
	    N_("No message sent yet"), N_("No failed message"),
	    N_("No message told by phone instead") };
	int x;

	attrset(ui_attr(a, UI_C_TITLE));
	x = 1 + ui_put(top, 1, COLS - 2, _("Messages to customers"));
	attrset(A_NORMAL);
	x += 2;
	for (int i = 0; i < NQ_SHOWN; i++)
		x = list_draw_tab(a, top, x, i + 1, _(queue_labels[i]), i == s->queue);
	if (!pagelist_loaded(&s->list)) {
		pagelist_status(a, &s->list, top + 2);
		return;
	}
	table_draw(&s->list.table, a, top + 1, rows - 1);
	if (s->list.table.norder == 0)
		ui_put(top + 3, 2, COLS - 4, _(empty[s->queue]));
}

static unsigned
notifications_input(struct app *a, struct view *v, ui_key_t key)
{
	if (key >= '1' && key < '1' + (ui_key_t)NQ_SHOWN) {
		set_queue(a, v, (int)(key - '1'));
		return UI_HANDLED | UI_REDRAW;
	}
	return table_key(&notifications_of(v)->list.table, a, key);
}

static void
notifications_session(struct app *a, struct view *v, enum ui_session_event ev)
{
	struct notifications *s = notifications_of(v);

	pagelist_session(a, &s->list, ev);   /* logged out: no customer's address stays */
	if ((ev == UI_LOGGED_IN || ev == UI_RESYNC) && a->view == &ui_notifications_view)
		pagelist_reload(a, &s->list);
}

static void
notifications_destroy(struct app *a, struct view *v)
{
	pagelist_free(a, &((struct notifications *)v->priv)->list);
}

const struct view_ops ui_notifications_view = {
	.name = "notifications",
	.title = N_("Messages to customers"),
	.flags = UI_VIEW_SCREEN,
	.private_size = sizeof(struct notifications),
	.keys = notifications_keys,
	.enter = notifications_enter,
	.paint = notifications_paint,
	.input = notifications_input,
	.session = notifications_session,
	.destroy = notifications_destroy,
};
