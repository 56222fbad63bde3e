/*
 * screen/handover.c: handing a ticket over (首问责任制, doc/domain.md,
 * Notes and handovers): the first-contact owner (or a dispatcher) names the
 * colleague who takes the ticket on, by login, with a note for them; Ctrl-S
 * sends ticket.handover. Opened from the ticket's detail and the operator's
 * calls (h). The form shows who took the call and who owns it now; the
 * daemon's refusal (an unknown login, someone who may not hold a ticket,
 * the owner already, a ticket closed meanwhile) lands on the field it names
 * with the text kept. Who may receive it is the op's own roles, as op.list
 * says (an operator or a dispatcher).
 */
#include "client/screen/work.h"
#include "client/screen/screens.h"

#include <stdio.h>
#include <string.h>

#include "common/validate.h"
#include "common/records.h"

enum { H_TO, H_NOTE, H_COUNT };

/* The login's shape (common/validate.c), before the daemon looks it up. */
static const char *
login_check(const struct form *f, int item, const char *text)
{
	(void)f;
	(void)item;
	return text[0] && !valid_login(text) ?
	    N_("a login: small letters, digits, . _ -") : NULL;
}

static const struct form_item handover_items[H_COUNT] = {
	[H_TO] = { .kind = FK_TEXT, .label = N_("To (login)"), .wire = "to", .row = 0,
	    .span = 1, .max = LOGIN_MAX, .flags = FF_REQUIRED, .check_fn = login_check },
	[H_NOTE] = { .kind = FK_TEXT, .label = N_("Note"), .wire = "note", .row = 1,
	    .span = 3, .max = TICKET_NOTE_MAX, .flags = FF_REQUIRED | FF_COUNT },
};

struct handover {
	struct work_form w;
	struct form_item items[H_COUNT];
};

static void
handover_saved(struct app *a, struct work_form *w, const cJSON *result)
{
	ui_ticket_changed(a, result);
	ui_message(a, false, _("Ticket %s handed over to %s"), w->no,
	    ui_jstr(result, "owner"));
}

void
handover_show(struct app *a, const char *no, const struct view_ops *back)
{
	struct handover *h = ui_view_of(a, &ui_handover_view)->priv;
	static const struct work_kind kind = { &ui_handover_view, "ticket.handover",
		handover_items, H_COUNT, NULL, handover_saved, NULL };

	work_open(a, &h->w, &kind, h->items, "ticket.get", no, back);
}

static void
handover_paint(struct app *a, struct view *v, int top, int rows)
{
	struct handover *h = v->priv;
	const cJSON *t = h->w.record, *c = cJSON_GetObjectItemCaseSensitive(t, "customer");
	char line[512], roles[128], hint[512];

	snprintf(line, sizeof line, _("Hand over ticket %s"), h->w.no);
	attrset(ui_attr(a, UI_C_TITLE));
	ui_put(top, 1, COLS - 2, line);
	attrset(A_NORMAL);
	if (t == NULL) {
		ui_put(top + 2, 1, COLS - 2, h->w.error[0] ? h->w.error : _("Loading..."));
		return;
	}
	snprintf(line, sizeof line, "%s  %s  %s", ui_jstr(c, "name"),
	    label_ticket_state(ui_jstr(t, "state")), ui_jstr(t, "fault"));
	ui_put(top + 1, 1, COLS - 2, line);
	snprintf(line, sizeof line, _("Taken by %s; owned now by %s"), ui_jstr(t, "taken_by"),
	    ui_jstr(t, "owner"));
	ui_put(top + 2, 1, COLS - 2, line);
	form_draw(a, &h->w.form, top + 4);
	snprintf(hint, sizeof hint, _("To: %s, by login. Ctrl-S hands it over; Esc goes back"),
	    op_rights_roles(&a->rights, "ticket.handover", roles, sizeof roles));
	work_draw_problems(a, top + 7, rows - 7, h->w.error, hint);
}

static unsigned
run_handover(struct app *a, struct view *v)
{
	struct handover *h = v->priv;
	cJSON *args;
	char buf[UI_FIELD_MAX * 4 + 1];

	if (!work_checked(&h->w))
		return UI_HANDLED;
	args = cJSON_CreateObject();
	form_text(&h->w.form, H_TO, buf, sizeof buf);
	cJSON_AddStringToObject(args, "to", buf);
	form_text(&h->w.form, H_NOTE, buf, sizeof buf);
	cJSON_AddStringToObject(args, "note", buf);
	work_save(a, &h->w, args);
	return UI_HANDLED;
}

static unsigned
handover_input(struct app *a, struct view *v, ui_key_t key)
{
	(void)a;
	return work_input(v->priv, key, false);
}

static const struct ui_key handover_keys[] = {
	{ .key = UI_CTRL('s'), .alt = UI_K(KEY_F(2)), .name = N_("Ctrl-S"),
	  .label = N_("Hand over"), .help = N_("Hand the ticket over to the colleague named"),
	  .run = run_handover, .when = work_view_can_save, .refuse = work_view_refuse_save },
	{ .key = UI_KEY_TAB, .name = N_("Tab, Down"),
	  .help = N_("Next field (Shift-Tab, Up: previous)") },
	{ .key = UI_KEY_ESC, .name = N_("Esc"), .label = N_("Back"),
	  .help = N_("Back without handing over (asks when something is typed)"),
	  .run = ui_key_leave },
	{ 0 }
};

const struct view_ops ui_handover_view = {
	.name = "handover",
	.title = N_("Hand over a ticket"),
	.private_size = sizeof(struct handover),
	.keys = handover_keys,
	.paint = handover_paint,
	.input = handover_input,
	.push = work_view_push,
	.session = work_view_session,
	.unsaved = work_view_unsaved,
	.destroy = work_view_destroy,
};
