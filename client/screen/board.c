/*
 * screen/board.c: the dispatch board, the dispatcher's first screen.
 *
 * Four queues (new, dispatched, overdue, all: Tab or 1-4), each in the
 * daemon's deadline order with a live countdown, red when overdue and
 * yellow when due within the hour; a region filter (r: all, urban,
 * suburban, county) passed to ticket.list. Enter sends a technician
 * (screen/techpick.c), or another one to a dispatched ticket; c cancels with a
 * reason. Pushes from other clients insert, move and remove rows at once
 * (widget/ticketlist.c).
 */
#include "client/widget/ticketlist.h"
#include "client/screen/screens.h"
#include "client/screen/work.h"

#include <stdio.h>
#include <string.h>

static const struct list_column board_cols[] = {
	{ COL_NO, 12, false }, { COL_STATE, 10, false }, { COL_CLASS, 5, false },
	{ COL_REGION, 8, true }, { COL_CUSTOMER, 14, false }, { COL_FAULT, 0, false },
	{ COL_TECH, 12, true }, { COL_APPOINTMENT, 11, true }, { COL_DUE, 10, false },
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

static struct ui_list B = {
	.view = &ui_board_view, .queue = "new", .cols = board_cols,
	.ncols = sizeof board_cols / sizeof board_cols[0],
};
static int cur_queue, cur_region;

static const struct ui_help board_help[] = {
	{ N_("Tab, 1-4"), N_("Queue: new, dispatched, overdue, all") },
	{ N_("r"), N_("Region: all, urban, suburban, county") },
	{ N_("Up/Down"), N_("Move the selection") },
	{ N_("Enter"), N_("Dispatch a technician (reassign when dispatched)") },
	{ N_("c"), N_("Cancel the ticket, with a reason") },
	{ N_("p"), N_("Record the appointment agreed with the customer") },
	{ N_("P"), N_("Postpone: a new promised time and a reason") },
	{ N_("d, F3"), N_("The ticket's detail and history") },
	{ N_("F6"), N_("Next screen: board, inspection, ledger") },
	{ N_("Colours"), N_("red: overdue; yellow: due within the hour") },
	{ NULL, NULL }
};

static int
board_bar(struct app *a, struct ui_help *out, int max)
{
	const struct ticket_row *r = list_selected(&B);
	int n = 0;

	(void)a;
	if (action_allowed(r, "ticket.dispatch") && n < max)
		out[n++] = (struct ui_help){ N_("Enter"), strcmp(r->state, "new") == 0 ?
		    N_("Dispatch") : N_("Reassign") };
	if (action_allowed(r, "ticket.cancel") && n < max)
		out[n++] = (struct ui_help){ "c", N_("Cancel") };
	if (action_allowed(r, "ticket.postpone") && n < max)
		out[n++] = (struct ui_help){ "P", N_("Postpone") };
	if (r != NULL && n < max)
		out[n++] = (struct ui_help){ "d", N_("Detail") };
	if (n < max)
		out[n++] = (struct ui_help){ N_("Tab"), N_("Queue") };
	if (n < max)
		out[n++] = (struct ui_help){ "r", N_("Region") };
	return n;
}

static void
set_filter(struct app *a, int queue, int region)
{
	cur_queue = (queue + NQUEUES) % NQUEUES;
	cur_region = (region + NREGIONS) % NREGIONS;
	B.queue = queues[cur_queue].queue;
	B.region = regions[cur_region];
	B.sel = B.top = 0;
	B.sel_no[0] = '\0';
	tickets_clear(&B.set);
	B.loaded = false;
	if (a->logged_in)
		list_load(a, &B);
}

static void
board_open(struct app *a)
{
	list_open(a, &B);
}

/* "[1 New] [2 Dispatched] ...", the current one in reverse; returns x. */
static int
draw_tabs(struct app *a, int y, int x)
{
	char tab[64];

	for (int i = 0; i < NQUEUES; i++) {
		snprintf(tab, sizeof tab, " %d %s ", i + 1, _(queues[i].label));
		attrset(i == cur_queue ? ui_attr(a, UI_C_STATUS) | A_BOLD : A_NORMAL);
		x += ui_put(y, x, ui_text_width(tab), tab);
		attrset(A_NORMAL);
		x += ui_put(y, x, 1, " ");
	}
	return x;
}

static void
board_draw(struct app *a, int top, int rows)
{
	char left[256];
	int x;

	attrset(ui_attr(a, UI_C_TITLE));
	x = 1 + ui_put(top, 1, COLS - 2, _("Dispatch board"));
	attrset(A_NORMAL);
	x = draw_tabs(a, top, x + 2);
	snprintf(left, sizeof left, _("Region: %s"), regions[cur_region] ?
	    label_region(regions[cur_region]) : _("all"));
	x += ui_put(top, x + 1, COLS - x - 1, left) + 2;
	snprintf(left, sizeof left, ngettext("%s: %zu ticket, by deadline",
	    "%s: %zu tickets, by deadline", B.set.len), _(queues[cur_queue].label),
	    B.set.len);
	ui_put(top + 1, 1, COLS - 2, left);
	ui_put_right(top + 1, COLS / 2, COLS - COLS / 2 - 1, list_status(&B));
	list_draw(a, &B, top + 2, rows - 2);
}

static unsigned
board_action(struct app *a, int type, wint_t key)
{
	const struct ticket_row *r = list_selected(&B);

	if (ui_key_enter(type, key)) {
		if (action_allowed(r, "ticket.dispatch"))
			techpick_show(a, r, &ui_board_view);
		else if (r != NULL)
			ui_message(a, true, _("Not possible now: ticket %s is %s"), r->no,
			    label_ticket_state(r->state));
	} else if (type == OK && key == 'c')
		action_cancel(a, r);
	else if (type == OK && key == 'p')
		action_appoint(a, r);
	else if (type == OK && key == 'P')
		action_postpone(a, r);
	else if (((type == OK && key == 'd') || (type == KEY_CODE_YES &&
	    key == KEY_F(3))) && r != NULL)
		detail_show(a, r->no, &ui_board_view);
	else
		return 0;
	return UI_HANDLED | UI_REDRAW;
}

static unsigned
board_key(struct app *a, int type, wint_t key)
{
	unsigned r = list_key(&B, type, key);

	if (r != 0 || (r = board_action(a, type, key)) != 0)
		return r;
	if (type == OK && key == '\t')
		set_filter(a, cur_queue + 1, cur_region);
	else if (type == KEY_CODE_YES && key == KEY_BTAB)
		set_filter(a, cur_queue - 1, cur_region);
	else if (type == OK && key >= '1' && key < '1' + NQUEUES)
		set_filter(a, (int)(key - '1'), cur_region);
	else if (type == OK && key == 'r')
		set_filter(a, cur_queue, cur_region + 1);
	else if (type == OK && key == 'q')
		a->quit = true;
	else if (type == KEY_CODE_YES && key == KEY_F(5) && a->logged_in)
		list_load(a, &B);
	else
		return 0;
	return UI_HANDLED | UI_REDRAW;
}

static bool
board_message(struct app *a, const cJSON *msg)
{
	return list_message(a, &B, msg);
}

static void
board_session(struct app *a, enum ui_session_event ev)
{
	list_session(a, &B, ev);
}

const struct view_ops ui_board_view = {
	.name = "board",
	.title = N_("Dispatch board"),
	.open = board_open,
	.draw = board_draw,
	.key = board_key,
	.on_message = board_message,
	.on_session = board_session,
	.help = board_help,
	.bar = board_bar,
};
