/*
 * screen/queue.c: the queue view: every ticket (ticket.list queue "all"),
 * sorted by deadline with a live countdown, kept current by pushes (see
 * widget/ticketlist.c). The screen of the roles without a list of their
 * own (quality, manager, admin). Enter, d or F3 opens a ticket's detail;
 * F2 (operators) a new call. The list's own keys (search, filter, sort)
 * are widget/table's.
 */
#include "client/widget/ticketlist.h"
#include "client/screen/screens.h"

#include <stdio.h>
#include <string.h>

static const struct list_column queue_cols[] = {
	{ COL_NO, 12, 0 }, { COL_STATE, 10, 0 }, { COL_CLASS, 5, 2 },
	{ COL_CUSTOMER, 16, 0 }, { COL_FAULT, 0, 0 }, { COL_TECH, 12, 1 },
	{ COL_DUE, 10, 0 },
};

/* The view's state: the list (set up the first time it is needed). */
static struct ui_list *
queue_list(struct view *v)
{
	struct ui_list *l = v->priv;

	if (l->view == NULL)
		list_init(l, &ui_queue_view, "all", queue_cols,
		    (int)(sizeof queue_cols / sizeof queue_cols[0]));
	return l;
}

static bool
is_operator(const struct app *a, const struct view *v)
{
	(void)v;
	return strcmp(a->role, "operator") == 0;
}

static unsigned
new_call(struct app *a, struct view *v)
{
	(void)v;
	ui_switch(a, &ui_intake_view);
	return 0;
}

static unsigned
open_detail(struct app *a, struct view *v)
{
	detail_show(a, list_view_selected(v)->no, &ui_queue_view);
	return 0;
}

static const struct ui_key queue_keys[] = {
	{ .key = UI_K(KEY_F(2)), .name = "F2", .label = N_("New call"),
	  .help = N_("New call (operators)"), .run = new_call, .when = is_operator },
	{ .key = UI_KEY_ENTER, .alt = 'd', .alt2 = UI_K(KEY_F(3)), .name = N_("Enter"),
	  .label = N_("Detail"), .help = N_("The ticket's detail and history (also d, F3)"),
	  .run = open_detail, .when = list_view_has_selection },
	{ .key = UI_K(KEY_F(5)), .run = list_view_reload },   /* the frame names F5 */
	TABLE_HELP_KEYS,
	{ 0 }
};

static void
queue_enter(struct app *a, struct view *v)
{
	list_open(a, queue_list(v));
}

static void
queue_paint(struct app *a, struct view *v, int top, int rows)
{
	struct ui_list *l = queue_list(v);
	char left[256];

	snprintf(left, sizeof left, ngettext("All tickets: %zu ticket, by deadline",
	    "All tickets: %zu tickets, by deadline", l->set.len), l->set.len);
	list_caption(l, top, left, ui_attr(a, UI_C_TITLE));
	list_draw(a, l, top + 1, rows - 1);
}

const struct view_ops ui_queue_view = {
	.name = "queue",
	.title = N_("Ticket queue"),
	.flags = UI_VIEW_SCREEN,
	.private_size = sizeof(struct ui_list),
	.keys = queue_keys,
	.enter = queue_enter,
	.paint = queue_paint,
	.input = list_view_input,
	.push = list_view_push,
	.session = list_view_session,
	.destroy = list_view_destroy,
};
