/*
 * screen/calls.c: the operator's own board, "My calls" (doc/domain.md,
 * Notes and handovers; Return visits): the calls that are not the first.
 *
 * Two queues (Tab or 1-2), each live from pushes:
 *   1 My open calls  ticket.list queue mine: the open tickets the operator
 *                    owns (first contact, or handed to them), by deadline
 *                    with its countdown;
 *   2 Call-backs     queue callbacks: completed tickets whose customer was
 *                    not reached on the return visit, by the call-back's
 *                    time with a countdown to it; yellow once it is due,
 *                    dim until then.
 * Enter (d, F3) opens the ticket's detail; a adds a note; h hands a call
 * over to a colleague (screen/handover.c); on a call-back, s opens the
 * survey and u records that the customer was not reached again.
 */
#include "client/widget/ticketlist.h"
#include "client/screen/screens.h"
#include "client/screen/work.h"

#include <stdio.h>
#include <string.h>

#include "common/states.h"

/* At 80 columns the state and the technician, then the phone give way;
 * never the countdown. */
static const struct list_column open_cols[] = {
	{ COL_NO, 12, 0 }, { COL_STATE, 10, 3 }, { COL_CUSTOMER, 12, 0 },
	{ COL_PHONE, 12, 1 }, { COL_FAULT, 0, 0 }, { COL_TECH, 12, 2 },
	{ COL_DUE, 10, 0 },
};

static const struct list_column callback_cols[] = {
	{ COL_NO, 12, 0 }, { COL_CUSTOMER, 12, 0 }, { COL_PHONE, 12, 1 },
	{ COL_FAULT, 0, 2 }, { COL_ATTEMPTS, 5, 0 }, { COL_CALLBACK, 11, 0 },
	{ COL_CALLBACK_IN, 10, 0 },
};

enum { Q_OPEN, Q_CALLBACKS, NQUEUES };

static const char *const queue_labels[NQUEUES] = { N_("My open calls"), N_("Call-backs") };

struct calls {
	struct ui_list lists[NQUEUES];
	int queue;
};

static struct calls *
calls_of(const struct view *v)
{
	struct calls *c = v->priv;

	if (c->lists[Q_OPEN].view == NULL) {
		list_init(&c->lists[Q_OPEN], &ui_calls_view, "mine", open_cols,
		    (int)(sizeof open_cols / sizeof open_cols[0]));
		list_init(&c->lists[Q_CALLBACKS], &ui_calls_view, "callbacks", callback_cols,
		    (int)(sizeof callback_cols / sizeof callback_cols[0]));
		c->lists[Q_CALLBACKS].by_callback = true;
	}
	return c;
}

static struct ui_list *
shown(const struct view *v)
{
	struct calls *c = calls_of(v);

	return &c->lists[c->queue];
}

static const struct ticket_row *
selected(const struct view *v)
{
	return list_selected(shown(v));
}

/* ---- the keys */

static bool
has_selection(const struct app *a, const struct view *v)
{
	(void)a;
	return selected(v) != NULL;
}

static bool
on_callback(const struct app *a, const struct view *v)
{
	return has_selection(a, v) && calls_of(v)->queue == Q_CALLBACKS &&
	    op_rights_allowed(&a->rights, "visit.record");
}

/* The operator's own open call (the queue holds only theirs), or any for
 * the role that hands over any ticket. */
static bool
can_hand_over(const struct app *a, const struct view *v)
{
	const struct ticket_row *r = selected(v);

	return r != NULL && op_rights_allowed(&a->rights, "ticket.handover") &&
	    ticket_transition_allowed("ticket.handover", r->state) &&
	    (strcmp(r->owner, a->user) == 0 || strcmp(a->role, TICKET_HANDOVER_ANY_ROLE) == 0);
}

static void
refuse(struct app *a, struct view *v)
{
	action_refuse(a, selected(v));
}

/* A key's run on the selected row r (its `when` held). */
#define RUN_ON_ROW(name, call) \
	static unsigned run_##name(struct app *a, struct view *v) \
	{ const struct ticket_row *r = selected(v); call; return 0; }

RUN_ON_ROW(detail, detail_show(a, r->no, &ui_calls_view))
RUN_ON_ROW(note, action_note(a, r))
RUN_ON_ROW(hand_over, handover_show(a, r->no, &ui_calls_view))
RUN_ON_ROW(survey, survey_show(a, r->no, &ui_calls_view))
RUN_ON_ROW(unreachable, action_unreachable(a, r))

static void
set_queue(struct app *a, struct view *v, int queue)
{
	struct calls *c = calls_of(v);

	c->queue = (queue + NQUEUES) % NQUEUES;
	list_open(a, shown(v));
	a->dirty = true;
}

static unsigned
next_queue(struct app *a, struct view *v)
{
	set_queue(a, v, calls_of(v)->queue + 1);
	return 0;
}

static unsigned
previous_queue(struct app *a, struct view *v)
{
	set_queue(a, v, calls_of(v)->queue - 1);
	return 0;
}

static unsigned
reload(struct app *a, struct view *v)
{
	if (a->logged_in)
		list_load(a, shown(v));
	return 0;
}

static const struct ui_key calls_keys[] = {
	{ .key = UI_KEY_ENTER, .alt = 'd', .alt2 = UI_K(KEY_F(3)), .name = N_("Enter"),
	  .label = N_("Detail"), .help = N_("The ticket's detail and history (also d, F3)"),
	  .run = run_detail, .when = has_selection, .refuse = refuse },
	{ .key = 's', .name = "s", .label = N_("Survey"),
	  .help = N_("Call-backs: call the customer back, the survey form"),
	  .run = run_survey, .when = on_callback, .refuse = refuse },
	{ .key = 'u', .name = "u", .label = N_("Unreachable"),
	  .help = N_("Call-backs: not reached again (asks y/n; the third attempt closes it)"),
	  .run = run_unreachable, .when = on_callback, .refuse = refuse },
	{ .key = 'a', .name = "a", .label = N_("Note"),
	  .help = N_("Add a note to the ticket's history (the caller rang again, ...)"),
	  .run = run_note, .when = has_selection, .refuse = refuse },
	{ .key = 'h', .name = "h", .label = N_("Hand over"),
	  .help = N_("Hand the call over to a colleague, with a note"),
	  .run = run_hand_over, .when = can_hand_over, .refuse = refuse },
	{ .key = UI_KEY_TAB, .name = N_("Tab"), .label = N_("Queue"), .run = next_queue },
	{ .key = UI_K(KEY_BTAB), .run = previous_queue },
	/* 1-2 are the input's: the table's run cannot tell them apart */
	{ .key = '1', .name = N_("Tab, 1-2"), .help = N_("Queue: my open calls, call-backs") },
	{ .key = UI_K(KEY_F(5)), .run = reload },   /* the frame names F5 */
	TABLE_HELP_KEYS,
	{ .key = UI_K(KEY_F(60)), .name = N_("Colours"),
	  .help = N_("red: overdue; yellow: due within the hour, or a call-back due now; "
	      "dim: a call-back not yet due") },
	{ 0 }
};

/* ---- the view */

static void
calls_enter(struct app *a, struct view *v)
{
	list_open(a, shown(v));
}

/* How many call-backs are due at the server's time now. */
static size_t
due_now(const struct app *a, const struct ui_list *l)
{
	time_t now = net_server_now(a);
	size_t n = 0;

	for (size_t i = 0; i < l->set.len; i++)
		n += tickets_callback_due(&l->set.rows[i], now);
	return n;
}

static void
calls_paint(struct app *a, struct view *v, int top, int rows)
{
	struct calls *c = calls_of(v);
	struct ui_list *l = shown(v);
	char text[256];
	int x;

	attrset(ui_attr(a, UI_C_TITLE));
	x = 1 + ui_put(top, 1, COLS - 2, _("My calls"));
	attrset(A_NORMAL);
	x += 2;
	for (int i = 0; i < NQUEUES; i++)
		x = list_draw_tab(a, top, x, i + 1, _(queue_labels[i]), i == c->queue);
	if (c->queue == Q_OPEN)
		snprintf(text, sizeof text, ngettext("My open calls: %zu ticket, by deadline",
		    "My open calls: %zu tickets, by deadline", l->set.len), l->set.len);
	else
		snprintf(text, sizeof text, ngettext("Call-backs: %zu ticket, %zu due now",
		    "Call-backs: %zu tickets, %zu due now", l->set.len), l->set.len,
		    due_now(a, l));
	list_caption(l, top + 1, text, A_NORMAL);
	list_draw(a, l, top + 2, rows - 2);
}

static unsigned
calls_input(struct app *a, struct view *v, ui_key_t key)
{
	if (key >= '1' && key < '1' + (ui_key_t)NQUEUES) {
		set_queue(a, v, (int)(key - '1'));
		return UI_HANDLED | UI_REDRAW;
	}
	return list_input(a, shown(v), key);
}

static void
calls_push(struct app *a, struct view *v, const cJSON *msg)
{
	struct calls *c = calls_of(v);

	for (int i = 0; i < NQUEUES; i++)
		list_push(a, &c->lists[i], msg);
}

static void
calls_session(struct app *a, struct view *v, enum ui_session_event ev)
{
	struct calls *c = calls_of(v);

	for (int i = 0; i < NQUEUES; i++)
		list_session(a, &c->lists[i], ev);
}

static void
calls_destroy(struct app *a, struct view *v)
{
	struct calls *c = calls_of(v);

	for (int i = 0; i < NQUEUES; i++)
		list_free(a, &c->lists[i]);
}

const struct view_ops ui_calls_view = {
	.name = "calls",
	.title = N_("My calls"),
	.flags = UI_VIEW_SCREEN,
	.private_size = sizeof(struct calls),
	.keys = calls_keys,
	.enter = calls_enter,
	.paint = calls_paint,
	.input = calls_input,
	.push = calls_push,
	.session = calls_session,
	.destroy = calls_destroy,
};
