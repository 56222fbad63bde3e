/*
 * screen/queue.c: the queue view: every ticket (ticket.list queue "all"),
 * sorted by deadline with a live countdown, kept current by pushes (see
 * widget/ticketlist.c). The first screen of the roles without one of their own;
 * operators reach it from the intake with F4. Enter, d or F3 opens a
 * ticket's detail; F2 (operators) a new call.
 */
#include "client/widget/ticketlist.h"
#include "client/screen/screens.h"

#include <stdio.h>
#include <string.h>

static const struct list_column queue_cols[] = {
	{ COL_NO, 12, false }, { COL_STATE, 10, false }, { COL_CLASS, 5, false },
	{ COL_CUSTOMER, 16, false }, { COL_FAULT, 0, false },
	{ COL_TECH, 12, true }, { COL_DUE, 10, false },
};

static struct ui_list Q = {
	.view = &ui_queue_view, .queue = "all", .cols = queue_cols,
	.ncols = sizeof queue_cols / sizeof queue_cols[0],
};

static const struct ui_help queue_help[] = {
	{ N_("Up/Down"), N_("Move the selection") },
	{ N_("PgUp/PgDn"), N_("Move by a page") },
	{ N_("Home/End"), N_("First or last ticket") },
	{ N_("Enter, d, F3"), N_("The ticket's detail and history") },
	{ N_("F2"), N_("New call (operators)") },
	{ N_("q"), N_("Quit") },
	{ NULL, NULL }
};

static bool
is_operator(const struct app *a)
{
	return strcmp(a->role, "operator") == 0;
}

static int
queue_bar(struct app *a, struct ui_help *out, int max)
{
	int n = 0;

	if (is_operator(a) && n < max)
		out[n++] = (struct ui_help){ "F2", N_("New call") };
	if (list_selected(&Q) != NULL && n < max)
		out[n++] = (struct ui_help){ "F3", N_("Detail") };
	return n;
}

static void
queue_open(struct app *a)
{
	list_open(a, &Q);
}

static void
queue_draw(struct app *a, int top, int rows)
{
	char left[256];

	snprintf(left, sizeof left, ngettext("All tickets: %zu ticket, by deadline",
	    "All tickets: %zu tickets, by deadline", Q.set.len), Q.set.len);
	attrset(ui_attr(a, UI_C_TITLE));
	ui_put(top, 1, COLS - 1, left);
	attrset(A_NORMAL);
	ui_put_right(top, COLS / 2, COLS - COLS / 2 - 1, list_status(&Q));
	list_draw(a, &Q, top + 1, rows - 1);
}

/* Opens the detail of the selected ticket (screen/detail.c). */
static void
open_detail(struct app *a)
{
	const struct ticket_row *r = list_selected(&Q);

	if (r != NULL)
		detail_show(a, r->no, &ui_queue_view);
}

static unsigned
queue_key(struct app *a, int type, wint_t key)
{
	unsigned r = list_key(&Q, type, key);

	if (r != 0)
		return r;
	if (type == OK && key == 'q')
		a->quit = true;
	else if ((type == OK && key == 'd') || ui_key_enter(type, key) ||
	    (type == KEY_CODE_YES && key == KEY_F(3)))
		open_detail(a);
	else if (type == KEY_CODE_YES && key == KEY_F(2) && is_operator(a))
		ui_switch(a, &ui_intake_view);
	else if (type == KEY_CODE_YES && key == KEY_F(5) && a->logged_in)
		list_load(a, &Q);
	else
		return 0;
	return UI_HANDLED | UI_REDRAW;
}

static bool
queue_message(struct app *a, const cJSON *msg)
{
	return list_message(a, &Q, msg);
}

static void
queue_session(struct app *a, enum ui_session_event ev)
{
	list_session(a, &Q, ev);
}

const struct view_ops ui_queue_view = {
	.name = "queue",
	.title = N_("Ticket queue"),
	.open = queue_open,
	.draw = queue_draw,
	.key = queue_key,
	.on_message = queue_message,
	.on_session = queue_session,
	.help = queue_help,
	.bar = queue_bar,
};
