/*
 * screen/reveal.c: asking to see what is masked (doc/domain.md, Privacy),
 * from the customer file and the ticket detail: the phones whole with a
 * reason (customer.reveal: quality, managers; the reason goes to the
 * audit log), and a special look-up of the whole file with its grounds
 * (lookup.request; a manager decides it on the Look-ups screen, where the
 * one who asked then opens it once).
 */
#include "client/screen/screens.h"

#include <stdio.h>
#include <string.h>

/* What a prompt asks for: the op, and the names of its two arguments. */
struct ask {
	long long customer_id;
	const char *op, *id_name, *text_name;
	net_reply_fn on_reply;
	const char *empty;      /* N_(): what to say when nothing is typed */
};

static void
ask_submit(struct app *a, struct overlay *o, void *ctx, const char *text)
{
	const struct ask *ask = ctx;
	cJSON *args;

	if (text[0] == '\0') {   /* the daemon refuses it too, in English */
		ui_prompt_error(a, o, "%s", _(ask->empty));
		return;
	}
	args = cJSON_CreateObject();
	cJSON_AddNumberToObject(args, ask->id_name, (double)ask->customer_id);
	cJSON_AddStringToObject(args, ask->text_name, text);
	ui_prompt_wait(a, o, net_request(a, ask->op, args, ask->on_reply, o));
}

static void
on_revealed(struct app *a, void *ctx, const cJSON *reply)
{
	struct overlay *o = ctx;
	char phones[256];

	if (!ui_prompt_answered(a, o, reply))
		return;
	ui_jjoin(reply_result(reply), "phones", phones, sizeof phones);
	ui_message(a, false, _("Phones of %s: %s (your reason is in the audit log)"),
	    ui_jstr(reply_result(reply), "name"), phones);
	ui_prompt_close(a, o);
}

void
reveal_ask(struct app *a, long long customer_id)
{
	struct ask ask = { customer_id, "customer.reveal", "id", "reason", on_revealed,
	    N_("Type the reason: it is kept in the audit log") };

	ui_prompt(a, _("Show the phones whole"), _("Reason (kept in the audit log)"), "",
	    ask_submit, &ask, sizeof ask);
}

static void
on_requested(struct app *a, void *ctx, const cJSON *reply)
{
	struct overlay *o = ctx;

	if (!ui_prompt_answered(a, o, reply))
		return;
	ui_message(a, false, _("Look-up %lld requested: a manager decides it (F6, Look-ups)"),
	    (long long)ui_jint(cJSON_GetObjectItemCaseSensitive(reply_result(reply), "lookup"),
	    "id", 0));
	ui_prompt_close(a, o);
}

void
lookup_ask(struct app *a, long long customer_id)
{
	struct ask ask = { customer_id, "lookup.request", "customer_id", "grounds",
	    on_requested, N_("Type the grounds: who asks, on what document") };

	ui_prompt(a, _("Special look-up"), _("Grounds (who asks, their document)"), "",
	    ask_submit, &ask, sizeof ask);
}
