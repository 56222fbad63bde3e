/*
 * screen/board.c: the dispatch board, the dispatcher's first screen.
 *
 * Four queues (new, dispatched, overdue, all: Tab or 1-4), each in the
 * daemon's deadline order with a live countdown, red when overdue and
 * yellow when due within the hour; a region filter (r: all, urban,
 * suburban, county) passed to ticket.list. Enter sends a technician
 * (screen/techpick.c), or another one to a dispatched ticket (asked y/n
 * there); c cancels with a reason, p records an appointment, P postpones.
 * Pushes from other clients insert, move and remove rows at once, and
 * the list's own keys (search, filter, sort) are widget/table's
 * (widget/ticketlist.c).
 */
#include "client/widget/ticketlist.h"
#include "client/screen/screens.h"
#include "client/screen/work.h"

#include <stdio.h>
#include <string.h>

/* At 80 columns the region, then the appointment, the class and the
 * technician give way; never the countdown. */
static const struct list_column board_cols[] = {
	{ COL_NO, 12, 0 }, { COL_STATE, 10, 0 }, { COL_CLASS, 5, 2 },
	{ COL_REGION, 8, 4 }, { COL_CUSTOMER, 14, 0 }, { COL_FAULT, 0, 0 },
	{ COL_TECH, 12, 1 }, { COL_APPOINTMENT, 11, 3 }, { COL_DUE, 10, 0 },
};

static const struct {
	const char *queue, *label;
} queues[] = {
	{ "new", N_("New") }, { "dispatched", N_("Dispatched") },
	{ "overdue", N_("Overdue") }, { "all", N_("All") },
};
#define NQUEUES ((int)(sizeof queues / sizeof queues[0]))

static const char *const regions[] = { NULL, "urban", "suburban", "county" };
#define NREGIONS ((int)(sizeof regions / sizeof regions[0]))

struct board {
	struct ui_list list;  /* first: the list_view_ functions read it */
	int queue, region;    /* indexes into queues[] and regions[] */
};

static struct board *
board_of(struct view *v)
{
	struct board *b = v->priv;

	if (b->list.view == NULL)
		list_init(&b->list, &ui_board_view, queues[0].queue, board_cols,
		    (int)(sizeof board_cols / sizeof board_cols[0]));
	return b;
}

static void
set_filter(struct app *a, struct view *v, int queue, int region)
{
	struct board *b = board_of(v);

	b->queue = (queue + NQUEUES) % NQUEUES;
	b->region = (region + NREGIONS) % NREGIONS;
	list_set_queue(a, &b->list, queues[b->queue].queue, regions[b->region]);
}

/* ---- the keys */

static bool
is_new(const struct app *a, const struct view *v)
{
	(void)a;
	return list_view_selected(v) != NULL && strcmp(list_view_selected(v)->state, "new") == 0;
}

static bool
is_dispatched(const struct app *a, const struct view *v)
{
	(void)a;
	return list_view_selected(v) != NULL && strcmp(list_view_selected(v)->state, "dispatched") == 0;
}

LIST_ACTION(static, cancel, "ticket.cancel", action_cancel)
LIST_ACTION(static, appoint, "ticket.appoint", action_appoint)
LIST_ACTION(static, postpone, "ticket.postpone", action_postpone)

static unsigned
pick_technician(struct app *a, struct view *v)
{
	techpick_show(a, list_view_selected(v), &ui_board_view);
	return 0;
}

static unsigned
open_detail(struct app *a, struct view *v)
{
	detail_show(a, list_view_selected(v)->no, &ui_board_view);
	return 0;
}

static unsigned
next_queue(struct app *a, struct view *v)
{
	set_filter(a, v, board_of(v)->queue + 1, board_of(v)->region);
	return 0;
}

static unsigned
previous_queue(struct app *a, struct view *v)
{
	set_filter(a, v, board_of(v)->queue - 1, board_of(v)->region);
	return 0;
}

static unsigned
next_region(struct app *a, struct view *v)
{
	set_filter(a, v, board_of(v)->queue, board_of(v)->region + 1);
	return 0;
}

static const struct ui_key board_keys[] = {
	{ .key = UI_KEY_ENTER, .name = N_("Enter"), .label = N_("Dispatch"),
	  .help = N_("Dispatch a technician (reassign when dispatched)"),
	  .run = pick_technician, .when = is_new, .refuse = list_view_refuse },
	{ .key = UI_KEY_ENTER, .name = N_("Enter"), .label = N_("Reassign"),
	  .run = pick_technician, .when = is_dispatched, .refuse = list_view_refuse },
	{ .key = 'c', .name = "c", .label = N_("Cancel"),
	  .help = N_("Cancel the ticket, with a reason"),
	  .run = run_cancel, .when = can_cancel, .refuse = list_view_refuse },
	{ .key = 'p', .name = "p", .label = N_("Appoint"),
	  .help = N_("Record the appointment agreed with the customer"),
	  .run = run_appoint, .when = can_appoint, .refuse = list_view_refuse },
	{ .key = 'P', .name = "P", .label = N_("Postpone"),
	  .help = N_("Postpone: a new promised time and a reason"),
	  .run = run_postpone, .when = can_postpone, .refuse = list_view_refuse },
	{ .key = 'd', .alt = UI_K(KEY_F(3)), .name = "d", .label = N_("Detail"),
	  .help = N_("The ticket's detail and history (also F3)"),
	  .run = open_detail, .when = list_view_has_selection, .refuse = list_view_refuse },
	{ .key = UI_KEY_TAB, .name = N_("Tab"), .label = N_("Queue"),
	  .run = next_queue },
	{ .key = UI_K(KEY_BTAB), .run = previous_queue },
	/* 1-4 are the input's: the table's run cannot tell them apart */
	{ .key = '1', .name = N_("Tab, 1-4"),
	  .help = N_("Queue: new, dispatched, overdue, all") },
	{ .key = 'r', .name = "r", .label = N_("Region"),
	  .help = N_("Region: all, urban, suburban, county"), .run = next_region },
	{ .key = UI_K(KEY_F(5)), .run = list_view_reload },   /* the frame names F5 */
	TABLE_HELP_KEYS,
	/* a help line with no key of its own */
	{ .key = UI_K(KEY_F(60)), .name = N_("Colours"),
	  .help = N_("red: overdue; yellow: due within the hour") },
	{ 0 }
};

/* ---- the view */

static void
board_enter(struct app *a, struct view *v)
{
	list_open(a, &board_of(v)->list);
}

/* "[1 New] [2 Dispatched] ...", the current one in reverse; returns x. */
static int
draw_tabs(struct app *a, const struct board *b, int y, int x)
{
	for (int i = 0; i < NQUEUES; i++)
		x = list_draw_tab(a, y, x, i + 1, _(queues[i].label), i == b->queue);
	return x;
}

static void
board_paint(struct app *a, struct view *v, int top, int rows)
{
	struct board *b = board_of(v);
	char text[256];
	int x;

	attrset(ui_attr(a, UI_C_TITLE));
	x = 1 + ui_put(top, 1, COLS - 2, _("Dispatch board"));
	attrset(A_NORMAL);
	x = draw_tabs(a, b, top, x + 2);
	snprintf(text, sizeof text, _("Region: %s"), regions[b->region] ?
	    label_region(regions[b->region]) : _("all"));
	if (x + 1 < COLS - 1)
		ui_put(top, x + 1, COLS - 2 - x, text);
	snprintf(text, sizeof text, ngettext("%s: %zu ticket, by deadline",
	    "%s: %zu tickets, by deadline", b->list.set.len),
	    _(queues[b->queue].label), b->list.set.len);
	list_caption(&b->list, top + 1, text, A_NORMAL);
	list_draw(a, &b->list, top + 2, rows - 2);
}

static unsigned
board_input(struct app *a, struct view *v, ui_key_t key)
{
	if (key >= '1' && key < '1' + (ui_key_t)NQUEUES) {
		set_filter(a, v, (int)(key - '1'), board_of(v)->region);
		return UI_HANDLED | UI_REDRAW;
	}
	return list_view_input(a, v, key);
}

const struct view_ops ui_board_view = {
	.name = "board",
	.title = N_("Dispatch board"),
	.flags = UI_VIEW_SCREEN,
	.private_size = sizeof(struct board),
	.keys = board_keys,
	.enter = board_enter,
	.paint = board_paint,
	.input = board_input,
	.push = list_view_push,
	.session = list_view_session,
	.destroy = list_view_destroy,
};
