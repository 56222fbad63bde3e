/*
 * screen/mine.c: a technician's own tickets (ticket.list queue "mine"), the
 * technician's first screen: today's appointments first, in order, then
 * the rest by deadline. On the selected ticket, `a` records the arrival
 * (ticket.arrive) and `p` the appointment agreed with the customer
 * (ticket.appoint, with a time prompt), each offered only when the
 * ticket's state allows it (common/states.h). On site, `t` takes the unit
 * back to the workshop (the receipt number shown large), `r` opens the
 * repair card and `c` completes the ticket with the customer's signature
 * (screen/work.h). Enter, d or F3: the detail. F6: the in/out ledger.
 */
#include "client/widget/ticketlist.h"
#include "client/screen/screens.h"
#include "client/screen/work.h"

#include <stdio.h>
#include <string.h>

static const struct list_column mine_cols[] = {
	{ COL_APPOINTMENT, 11, false }, { COL_NO, 12, false }, { COL_STATE, 10, false },
	{ COL_CUSTOMER, 12, false }, { COL_PHONE, 12, true }, { COL_ADDRESS, 24, true },
	{ COL_FAULT, 0, false }, { COL_DUE, 10, false },
};

static struct ui_list M = {
	.view = &ui_mine_view, .queue = "mine", .today_first = true,
	.cols = mine_cols, .ncols = sizeof mine_cols / sizeof mine_cols[0],
};

static const struct ui_help mine_help[] = {
	{ N_("Up/Down"), N_("Move the selection") },
	{ N_("a"), N_("Arrived: I am on site (dispatched tickets)") },
	{ N_("p"), N_("Record the appointment agreed with the customer") },
	{ N_("t"), N_("Take the unit back to the workshop: a receipt number") },
	{ N_("r"), N_("The repair card: diagnosis, cause, actions, parts") },
	{ N_("c"), N_("Complete: the customer signs (class A: the charges)") },
	{ N_("Enter, d, F3"), N_("The ticket's detail and history") },
	{ N_("F6"), N_("Next screen: own list, in/out ledger") },
	{ N_("Order"), N_("Today's appointments first, then by deadline") },
	{ NULL, NULL }
};

static int
mine_bar(struct app *a, struct ui_help *out, int max)
{
	const struct ticket_row *r = list_selected(&M);
	int n = 0;

	(void)a;
	if (action_allowed(r, "ticket.arrive") && n < max)
		out[n++] = (struct ui_help){ "a", N_("Arrived") };
	if (action_allowed(r, "ticket.appoint") && n < max)
		out[n++] = (struct ui_help){ "p", N_("Appoint") };
	if (action_allowed(r, "ticket.take_back") && n < max)
		out[n++] = (struct ui_help){ "t", N_("Take back") };
	if (action_allowed(r, "ticket.repair") && n < max)
		out[n++] = (struct ui_help){ "r", N_("Repair card") };
	if (action_allowed(r, "ticket.complete") && n < max)
		out[n++] = (struct ui_help){ "c", N_("Complete") };
	if (r != NULL && n < max)
		out[n++] = (struct ui_help){ "d", N_("Detail") };
	return n;
}

static void
mine_open(struct app *a)
{
	list_open(a, &M);
}

static void
mine_draw(struct app *a, int top, int rows)
{
	char left[256];

	snprintf(left, sizeof left, ngettext(
	    "My tickets: %zu ticket, today's appointments first",
	    "My tickets: %zu tickets, today's appointments first", M.set.len),
	    M.set.len);
	attrset(ui_attr(a, UI_C_TITLE));
	ui_put(top, 1, COLS - 1, left);
	attrset(A_NORMAL);
	ui_put_right(top, COLS / 2, COLS - COLS / 2 - 1, list_status(&M));
	list_draw(a, &M, top + 1, rows - 1);
}

static unsigned
mine_key(struct app *a, int type, wint_t key)
{
	const struct ticket_row *r = list_selected(&M);
	unsigned k = list_key(&M, type, key);

	if (k != 0)
		return k;
	if (type == OK && key == 'a')
		action_arrive(a, r);
	else if (type == OK && key == 'p')
		action_appoint(a, r);
	else if (type == OK && key == 't')
		action_take_back(a, r);
	else if (type == OK && key == 'r' && action_allowed(r, "ticket.repair"))
		repair_show(a, r->no, &ui_mine_view);
	else if (type == OK && key == 'r')
		action_refuse(a, r);
	else if (type == OK && key == 'c')
		action_complete(a, r, &ui_mine_view);
	else if (((type == OK && key == 'd') || ui_key_enter(type, key) ||
	    (type == KEY_CODE_YES && key == KEY_F(3))) && r != NULL)
		detail_show(a, r->no, &ui_mine_view);
	else if (type == OK && key == 'q')
		a->quit = true;
	else if (type == KEY_CODE_YES && key == KEY_F(5) && a->logged_in)
		list_load(a, &M);
	else
		return 0;
	return UI_HANDLED | UI_REDRAW;
}

static bool
mine_message(struct app *a, const cJSON *msg)
{
	return list_message(a, &M, msg);
}

static void
mine_session(struct app *a, enum ui_session_event ev)
{
	list_session(a, &M, ev);
}

const struct view_ops ui_mine_view = {
	.name = "mine",
	.title = N_("My tickets"),
	.open = mine_open,
	.draw = mine_draw,
	.key = mine_key,
	.on_message = mine_message,
	.on_session = mine_session,
	.help = mine_help,
	.bar = mine_bar,
};
