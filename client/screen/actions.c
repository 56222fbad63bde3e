/*
 * screen/actions.c: the ticket transitions a list offers on its selected row:
 * cancel (with a reason), appoint (with a time), arrive; and a note in the
 * ticket's history (ticket.note). Each is offered
 * only when common/states.h allows it from the ticket's state; the daemon
 * still decides (a ticket someone else moved first answers `conflict`).
 * Cancel, appoint and the note ask in a prompt that stays open until the daemon
 * answers: a refusal is shown in it with the text intact, and no key typed
 * meanwhile reaches the list's one-key actions. Arrive asks y/n first.
 * The answer's ticket goes to every view at once (the push follows), so a
 * detail shows the new event at once.
 */
#include "client/widget/tickets.h"
#include "client/screen/screens.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/states.h"

bool
action_allowed(const struct ticket_row *r, const char *op)
{
	return r != NULL && ticket_transition_allowed(op, r->state);
}

/* What a transition's callbacks need: the op and the ticket; for one
 * asked y/n, one more argument (arg NULL: none) and who says it was done
 * (NULL: action_done_message). The strings are literals. */
struct action {
	char op[24], no[24];
	const char *arg, *value;
	action_done_fn *done;
};

static void
action_done_message(struct app *a, const struct action *act, const cJSON *ticket)
{
	const cJSON *cert = cJSON_GetObjectItemCaseSensitive(ticket, "certificate");

	if (strcmp(act->op, "ticket.guarantee") == 0)
		ui_message(a, false, _("Ticket %s: %s certificate %s issued"), act->no,
		    label_certificate(ui_jstr(cert, "kind")), ui_jstr(cert, "no"));
	else if (strcmp(act->op, "ticket.cancel") == 0)
		ui_message(a, false, _("Ticket %s cancelled"), act->no);
	else if (strcmp(act->op, "ticket.note") == 0)
		ui_message(a, false, _("Note added to ticket %s"), act->no);
	else if (strcmp(act->op, "ticket.appoint") == 0)
		ui_message(a, false, _("Appointment for %s recorded"), act->no);
	else
		ui_message(a, false, _("On site for ticket %s"), act->no);
}

/* The answer to a transition asked in a prompt: the prompt closes on
 * success; a refusal stays in it, the text as typed. */
static void
on_prompted_reply(struct app *a, void *ctx, const cJSON *reply)
{
	struct overlay *o = ctx;
	struct action act = *(struct action *)ui_overlay_ctx(o);

	if (!ui_prompt_answered(a, o, reply))
		return;
	ui_prompt_close(a, o);
	ui_ticket_changed(a, reply_result(reply));
	action_done_message(a, &act, reply_result(reply));
}

/* Sends act's op {no, more...} for a prompt; args is consumed. */
static void
send_prompted(struct app *a, struct overlay *o, cJSON *args)
{
	const struct action *act = ui_overlay_ctx(o);

	cJSON_AddStringToObject(args, "no", act->no);
	ui_prompt_wait(a, o, net_request(a, act->op, args, on_prompted_reply, o));
}

/* Says why an action is not offered; false. */
bool
action_refuse(struct app *a, const struct ticket_row *r)
{
	if (r == NULL)
		ui_message(a, true, "%s", _("No ticket selected"));
	else
		ui_message(a, true, _("Not possible now: ticket %s is %s"), r->no,
		    label_ticket_state(r->state));
	return false;
}

/* The ops whose prompt asks for words: the argument they go in, what an
 * empty answer is told, and the prompt's label. */
static const struct {
	const char *op, *arg, *empty, *label;
} words_ops[] = {
	{ "ticket.cancel", "reason", N_("A reason is needed to cancel"), N_("Reason:") },
	{ "ticket.note", "text", N_("A note needs some words: what the caller said, "
	    "what was done"), N_("Note:") },
	{ "ticket.guarantee", "reason", N_("A refund or an exchange needs its reason"),
	    N_("Reason:") },
};

static size_t
words_op(const char *op)
{
	size_t i = 0;

	while (strcmp(words_ops[i].op, op) != 0)
		i++;
	return i;
}

static void
words_submit(struct app *a, struct overlay *o, void *ctx, const char *text)
{
	size_t i = words_op(((const struct action *)ctx)->op);
	cJSON *args;

	if (text[0] == '\0') {
		ui_prompt_error(a, o, "%s", _(words_ops[i].empty));
		return;
	}
	args = cJSON_CreateObject();
	cJSON_AddStringToObject(args, words_ops[i].arg, text);
	if (((const struct action *)ctx)->arg != NULL)
		cJSON_AddStringToObject(args, ((const struct action *)ctx)->arg,
		    ((const struct action *)ctx)->value);
	send_prompted(a, o, args);
}

static struct action
action_of(const char *op, const struct ticket_row *r)
{
	struct action act = { .arg = NULL };

	ui_copy(act.op, sizeof act.op, op);
	ui_copy(act.no, sizeof act.no, r->no);
	return act;
}

/* Asks for the words op takes on r, in a prompt titled title (words_ops);
 * arg: value (literals) go with them when arg is not NULL. */
static bool
words_prompt_with(struct app *a, const struct ticket_row *r, const char *op,
    const char *title, const char *arg, const char *value)
{
	struct action act;

	if (!action_allowed(r, op))
		return action_refuse(a, r);
	act = action_of(op, r);
	act.arg = arg;
	act.value = value;
	ui_prompt(a, title, _(words_ops[words_op(op)].label), "", words_submit, &act,
	    sizeof act);
	return true;
}

static bool
words_prompt(struct app *a, const struct ticket_row *r, const char *op,
    const char *title)
{
	return words_prompt_with(a, r, op, title, NULL, NULL);
}

bool
action_guarantee(struct app *a, const struct ticket_row *r, bool refund)
{
	char title[160];

	snprintf(title, sizeof title, refund ? _("Refund for ticket %s: a numbered "
	    "certificate is issued") : _("Exchange for ticket %s: a numbered certificate "
	    "is issued"), r != NULL ? r->no : "");
	return words_prompt_with(a, r, "ticket.guarantee", title, "decision",
	    refund ? "refund" : "exchange");
}

bool
action_cancel(struct app *a, const struct ticket_row *r)
{
	char title[160];

	snprintf(title, sizeof title, _("Cancel ticket %s"), r != NULL ? r->no : "");
	return words_prompt(a, r, "ticket.cancel", title);
}

bool
action_note(struct app *a, const struct ticket_row *r)
{
	char title[160];

	snprintf(title, sizeof title, _("Note on ticket %s (in its history, for everyone)"),
	    r != NULL ? r->no : "");
	return words_prompt(a, r, "ticket.note", title);
}

static void
appoint_submit(struct app *a, struct overlay *o, void *ctx, const char *text)
{
	char at[128];
	cJSON *args;

	(void)ctx;
	if (text[0] == '\0') {
		ui_prompt_error(a, o, "%s", _("A time is needed (YYYY-MM-DD HH:MM, or HH:MM today)"));
		return;
	}
	ui_time_input(a, text, at, sizeof at);
	args = cJSON_CreateObject();
	cJSON_AddStringToObject(args, "at", at);
	send_prompted(a, o, args);
}

bool
action_appoint(struct app *a, const struct ticket_row *r)
{
	char title[160], initial[32];
	time_t t = r != NULL && r->has_appointment ? r->appointment : 0;
	struct action act;

	if (!action_allowed(r, "ticket.appoint"))
		return action_refuse(a, r);
	if (t != 0) {
		ui_show_time(a, t, false, initial, sizeof initial);
		initial[16] = '\0';   /* without the seconds */
	} else {
		ui_server_today(a, initial, sizeof initial - 1);
		strcat(initial, " ");
	}
	act = action_of("ticket.appoint", r);
	snprintf(title, sizeof title,
	    _("Appointment for %s (YYYY-MM-DD HH:MM, or HH:MM today)"), r->no);
	ui_prompt(a, title, _("Time:"), initial, appoint_submit, &act, sizeof act);
	return true;
}

/* The answer to an action asked y/n: its ticket to every view, and what
 * was done said; a refusal or a lost connection said instead. */
static void
on_confirmed_reply(struct app *a, void *ctx, const cJSON *reply)
{
	struct action *act = ctx;
	char text[512];

	if (reply == NULL)
		ui_message(a, true, _("%s: the connection dropped before the answer; "
		    "look at the ticket before trying again"), act->no);
	else if (!reply_ok(reply)) {
		net_error_text(reply, text, sizeof text);
		ui_message(a, true, _("%s: %s"), act->no, text);
	} else {
		ui_ticket_changed(a, reply_result(reply));
		if (act->done != NULL)
			act->done(a, act->no, reply_result(reply));
		else
			action_done_message(a, act, reply_result(reply));
	}
	free(act);
}

static void
confirmed(struct app *a, void *ctx)
{
	const struct action *act = ctx;
	struct action *copy = malloc(sizeof *copy);
	cJSON *args = cJSON_CreateObject();

	if (copy == NULL) {
		cJSON_Delete(args);
		return;
	}
	*copy = *act;
	cJSON_AddStringToObject(args, "no", act->no);
	if (act->arg != NULL)
		cJSON_AddStringToObject(args, act->arg, act->value);
	if (net_request(a, act->op, args, on_confirmed_reply, copy) <= 0) {
		free(copy);
		ui_message(a, true, "%s", _("Not connected: try again in a moment"));
	}
}

bool
action_confirmed(struct app *a, const struct ticket_row *r, const char *op,
    const char *question, const char *arg, const char *value, action_done_fn *done)
{
	struct action act;

	if (!action_allowed(r, op))
		return action_refuse(a, r);
	act = action_of(op, r);
	act.arg = arg;
	act.value = value;
	act.done = done;
	ui_confirm(a, question, confirmed, &act, sizeof act, false);
	return true;
}

bool
action_arrive(struct app *a, const struct ticket_row *r)
{
	char question[160];

	snprintf(question, sizeof question, _("Record that you are on site for %s now?"),
	    r != NULL ? r->no : "");
	return action_confirmed(a, r, "ticket.arrive", question, NULL, NULL, NULL);
}
