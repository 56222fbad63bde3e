/*
 * screen/mine.c: a technician's own tickets (ticket.list queue "mine"), the
 * technician's first screen: today's appointments first, in order, then
 * the rest by deadline. On the selected ticket, `a` records the arrival
 * (ticket.arrive, after y/n) and `p` the appointment agreed with the
 * customer (ticket.appoint, with a time prompt that stays open on a
 * refusal), each offered only when the ticket's state allows it
 * (common/states.h). On site, `t` takes the unit back to the workshop (the
 * receipt number shown large), `r` opens the repair card and `c` completes
 * the ticket with the customer's signature (screen/work.h). Enter, d or
 * F3: the detail. F6: the in/out ledger. The list's own keys (search,
 * filter, sort) are widget/table's.
 */
#include "client/widget/ticketlist.h"
#include "client/screen/screens.h"
#include "client/screen/work.h"

#include <stdio.h>
#include <string.h>

/* At 80 columns the address, then the phone, give way. */
static const struct list_column mine_cols[] = {
	{ COL_APPOINTMENT, 11, 0 }, { COL_NO, 12, 0 }, { COL_STATE, 10, 0 },
	{ COL_CUSTOMER, 12, 0 }, { COL_PHONE, 12, 1 }, { COL_ADDRESS, 24, 2 },
	{ COL_FAULT, 0, 0 }, { COL_DUE, 10, 0 },
};

static void
repair(struct app *a, const struct ticket_row *r)
{
	repair_show(a, r->no, &ui_mine_view);
}

static void
complete(struct app *a, const struct ticket_row *r)
{
	action_complete(a, r, &ui_mine_view);
}

static struct ui_list *
mine_list(struct view *v)
{
	struct ui_list *l = v->priv;

	if (l->view == NULL) {
		list_init(l, &ui_mine_view, "mine", mine_cols,
		    (int)(sizeof mine_cols / sizeof mine_cols[0]));
		l->today_first = true;
	}
	return l;
}

LIST_ACTION(static, arrive, "ticket.arrive", action_arrive)
LIST_ACTION(static, appoint, "ticket.appoint", action_appoint)
LIST_ACTION(static, take_back, "ticket.take_back", action_take_back)
LIST_ACTION(static, complete, "ticket.complete", complete)
LIST_ACTION(static, repair, "ticket.repair", repair)

static unsigned
open_detail(struct app *a, struct view *v)
{
	detail_show(a, list_view_selected(v)->no, &ui_mine_view);
	return 0;
}

static const struct ui_key mine_keys[] = {
	{ .key = 'a', .name = "a", .label = N_("Arrived"),
	  .help = N_("Arrived: I am on site (dispatched tickets)"),
	  .run = run_arrive, .when = can_arrive, .refuse = list_view_refuse },
	{ .key = 'p', .name = "p", .label = N_("Appoint"),
	  .help = N_("Record the appointment agreed with the customer"),
	  .run = run_appoint, .when = can_appoint, .refuse = list_view_refuse },
	{ .key = 't', .name = "t", .label = N_("Take back"),
	  .help = N_("Take the unit back to the workshop: a receipt number"),
	  .run = run_take_back, .when = can_take_back, .refuse = list_view_refuse },
	{ .key = 'r', .name = "r", .label = N_("Repair card"),
	  .help = N_("The repair card: diagnosis, cause, actions, parts"),
	  .run = run_repair, .when = can_repair, .refuse = list_view_refuse },
	{ .key = 'c', .name = "c", .label = N_("Complete"),
	  .help = N_("Complete: the customer signs (class A: the charges)"),
	  .run = run_complete, .when = can_complete, .refuse = list_view_refuse },
	{ .key = 'd', .alt = UI_KEY_ENTER, .alt2 = UI_K(KEY_F(3)), .name = "d",
	  .label = N_("Detail"), .help = N_("The ticket's detail and history (also Enter, F3)"),
	  .run = open_detail, .when = list_view_has_selection, .refuse = list_view_refuse },
	{ .key = UI_K(KEY_F(5)), .run = list_view_reload },   /* the frame names F5 */
	TABLE_HELP_KEYS,
	{ 0 }
};

static void
mine_enter(struct app *a, struct view *v)
{
	list_open(a, mine_list(v));
}

static void
mine_paint(struct app *a, struct view *v, int top, int rows)
{
	struct ui_list *l = mine_list(v);
	char left[256];

	snprintf(left, sizeof left, ngettext(
	    "My tickets: %zu ticket, today's appointments first",
	    "My tickets: %zu tickets, today's appointments first", l->set.len),
	    l->set.len);
	list_caption(l, top, left, ui_attr(a, UI_C_TITLE));
	list_draw(a, l, top + 1, rows - 1);
}

const struct view_ops ui_mine_view = {
	.name = "mine",
	.title = N_("My tickets"),
	.flags = UI_VIEW_SCREEN,
	.private_size = sizeof(struct ui_list),
	.keys = mine_keys,
	.enter = mine_enter,
	.paint = mine_paint,
	.input = list_view_input,
	.push = list_view_push,
	.session = list_view_session,
	.destroy = list_view_destroy,
};
