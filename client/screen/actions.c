/*
 * screen/actions.c: the ticket transitions a list offers on its selected row:
 * cancel (with a reason), appoint (with a time), arrive. Each is offered
 * only when common/states.h allows it from the ticket's state; the daemon
 * still decides (a ticket someone else moved first answers `conflict`).
 * The answer's ticket goes to every view at once (the push follows).
 */
#include "client/widget/tickets.h"

#include <stdio.h>
#include <string.h>

#include "common/states.h"

#define MAX_PENDING 8

static struct pending {
	int64_t id;
	char op[24], no[24];
} pending[MAX_PENDING];

bool
action_allowed(const struct ticket_row *r, const char *op)
{
	return r != NULL && ticket_transition_allowed(op, r->state);
}

/* Sends op {no, extra...} and remembers it; args is consumed. */
static void
send_op(struct app *a, const char *op, const char *no, cJSON *args)
{
	int64_t id;

	cJSON_AddStringToObject(args, "no", no);
	if ((id = net_send(a, op, args)) <= 0) {
		ui_message(a, true, "%s", _("Not connected: try again in a moment"));
		return;
	}
	for (size_t i = 0; i < MAX_PENDING; i++)
		if (pending[i].id <= 0) {
			pending[i].id = id;
			ui_copy(pending[i].op, sizeof pending[i].op, op);
			ui_copy(pending[i].no, sizeof pending[i].no, no);
			return;
		}
}

/* Says why an action is not offered; false. */
bool
action_refuse(struct app *a, const struct ticket_row *r)
{
	if (r == NULL)
		ui_message(a, true, "%s", _("No ticket selected"));
	else
		ui_message(a, true, _("Not possible now: ticket %s is %s"), r->no,
		    tickets_state_label(r->state));
	return false;
}

static void
cancel_done(struct app *a, const char *reason, const char *no)
{
	cJSON *args;

	if (reason[0] == '\0') {
		ui_message(a, true, "%s", _("Not cancelled: a reason is needed"));
		return;
	}
	args = cJSON_CreateObject();
	cJSON_AddStringToObject(args, "reason", reason);
	send_op(a, "ticket.cancel", no, args);
}

bool
action_cancel(struct app *a, const struct ticket_row *r)
{
	char title[128];

	if (!action_allowed(r, "ticket.cancel"))
		return action_refuse(a, r);
	snprintf(title, sizeof title, _("Cancel ticket %s"), r->no);
	ui_prompt_open(a, title, _("Reason:"), "", cancel_done, r->no);
	return true;
}

static void
appoint_done(struct app *a, const char *text, const char *no)
{
	char at[128];
	cJSON *args;

	if (text[0] == '\0') {
		ui_message(a, true, "%s", _("No appointment: a time is needed"));
		return;
	}
	ui_time_input(a, text, at, sizeof at);
	args = cJSON_CreateObject();
	cJSON_AddStringToObject(args, "at", at);
	send_op(a, "ticket.appoint", no, args);
}

bool
action_appoint(struct app *a, const struct ticket_row *r)
{
	char title[160], initial[32];
	time_t t = r != NULL && r->has_appointment ? r->appointment : 0;

	if (!action_allowed(r, "ticket.appoint"))
		return action_refuse(a, r);
	if (t != 0) {
		ui_show_time(a, t, false, initial, sizeof initial);
		initial[16] = '\0';   /* without the seconds */
	} else {
		ui_server_today(a, initial, sizeof initial - 1);
		strcat(initial, " ");
	}
	snprintf(title, sizeof title,
	    _("Appointment for %s (YYYY-MM-DD HH:MM, or HH:MM today)"), r->no);
	ui_prompt_open(a, title, _("Time:"), initial, appoint_done, r->no);
	return true;
}

bool
action_arrive(struct app *a, const struct ticket_row *r)
{
	if (!action_allowed(r, "ticket.arrive"))
		return action_refuse(a, r);
	send_op(a, "ticket.arrive", r->no, cJSON_CreateObject());
	return true;
}

static void
on_done(struct app *a, const struct pending *p, const cJSON *msg)
{
	char text[512];

	if (!reply_ok(msg)) {
		net_error_text(msg, text, sizeof text);
		ui_message(a, true, _("%s: %s"), p->no, text);
		return;
	}
	ui_ticket_changed(a, reply_result(msg));
	if (strcmp(p->op, "ticket.cancel") == 0)
		ui_message(a, false, _("Ticket %s cancelled"), p->no);
	else if (strcmp(p->op, "ticket.appoint") == 0)
		ui_message(a, false, _("Appointment for %s recorded"), p->no);
	else
		ui_message(a, false, _("On site for ticket %s"), p->no);
}

bool
actions_message(struct app *a, const cJSON *msg)
{
	int64_t id = ui_jint(msg, "id", -1);
	struct pending p;

	for (size_t i = 0; id > 0 && i < MAX_PENDING; i++)
		if (pending[i].id == id) {
			p = pending[i];
			pending[i].id = 0;
			on_done(a, &p, msg);
			return true;
		}
	return false;
}

void
actions_reset(void)
{
	memset(pending, 0, sizeof pending);
}
