/*
 * screen/recall_new.c: a new recall (recall.create), typed on the recall
 * board (`a`, quality and managers): the title, the defect as customers
 * are told it, the models (separated by commas), and optionally the serial
 * range and the purchase dates. Ctrl-S sends it: the daemon lists every
 * affected unit and queues each customer's notice; a batch that matches no
 * unit is refused on the models. Done, the board shows the new recall.
 */
#include "client/screen/screens.h"
#include "client/widget/editform.h"

#include <stdio.h>
#include <string.h>

#include "common/recalls.h"
#include "common/records.h"

enum { RN_TITLE, RN_REASON, RN_MODELS, RN_SERIAL_FROM, RN_SERIAL_TO, RN_BOUGHT_FROM,
	RN_BOUGHT_TO, RN_COUNT };

struct recall_new {
	struct edit_form e;            /* first: the edit_form_view callbacks */
	struct form_item items[RN_COUNT];
};

static const struct form_item new_items[RN_COUNT] = {
	[RN_TITLE] = { .kind = FK_TEXT, .label = N_("Title"), .wire = "title", .row = 0,
	    .span = 3, .max = RECALL_TITLE_MAX, .flags = FF_REQUIRED },
	[RN_REASON] = { .kind = FK_TEXT, .label = N_("Defect"), .wire = "reason", .row = 1,
	    .span = 3, .max = RECALL_REASON_MAX, .flags = FF_REQUIRED | FF_COUNT },
	[RN_MODELS] = { .kind = FK_TEXT, .label = N_("Models"), .wire = "models", .row = 2,
	    .span = 3, .max = 400, .flags = FF_REQUIRED },
	[RN_SERIAL_FROM] = { .kind = FK_TEXT, .label = N_("Serial from"), .wire = "serial_from",
	    .row = 3, .span = 1, .max = SERIAL_MAX },
	[RN_SERIAL_TO] = { .kind = FK_TEXT, .label = N_("Serial to"), .wire = "serial_to",
	    .row = 3, .col = 1, .span = 1, .max = SERIAL_MAX },
	[RN_BOUGHT_FROM] = { .kind = FK_TEXT, .label = N_("Bought from"),
	    .wire = "purchased_from", .row = 4, .span = 1, .max = 10, .check = FC_DATE },
	[RN_BOUGHT_TO] = { .kind = FK_TEXT, .label = N_("Bought to"), .wire = "purchased_to",
	    .row = 4, .col = 1, .span = 1, .max = 10, .check = FC_DATE },
};

static void
created(struct app *a, struct edit_form *e, const cJSON *result)
{
	time_t t;
	char due[40];

	(void)e;
	ui_show_time(a, ui_parse_time(ui_jstr(result, "notify_due"), &t, NULL) ? t : 0, true,
	    due, sizeof due);
	ui_message(a, false, _("Recall %s created: %lld units affected, every customer to be told by %s"),
	    ui_jstr(result, "no"), (long long)ui_jint(result, "affected", 0), due);
}

void
recall_new_show(struct app *a)
{
	struct recall_new *n = ui_view_of(a, &ui_recall_new_view)->priv;

	edit_form_open(a, &n->e, &ui_recall_new_view, n->items, new_items, RN_COUNT, created,
	    N_("The connection dropped before the answer: look at the recall board before "
	    "sending again"));
	ui_show(a, &ui_recall_new_view, &ui_recalls_view);
}

/* The models typed, separated by commas, semicolons or blanks. */
static cJSON *
models_of(const char *text)
{
	cJSON *models = cJSON_CreateArray();
	char buf[UI_FIELD_MAX * 4 + 1], *save = NULL;

	ui_copy(buf, sizeof buf, text);
	for (char *m = strtok_r(buf, ",; \t", &save); m != NULL; m = strtok_r(NULL, ",; \t", &save))
		if (m[0] != '\0')
			cJSON_AddItemToArray(models, cJSON_CreateString(m));
	return models;
}

static unsigned
run_send(struct app *a, struct view *v)
{
	struct recall_new *n = v->priv;
	char buf[UI_FIELD_MAX * 4 + 1];
	cJSON *args;

	if (!edit_form_checked(&n->e))
		return UI_HANDLED | UI_REDRAW;
	args = cJSON_CreateObject();
	for (int i = 0; i < RN_COUNT; i++) {
		form_text(&n->e.form, i, buf, sizeof buf);
		if (i == RN_MODELS)
			cJSON_AddItemToObject(args, "models", models_of(buf));
		else if (buf[0])
			cJSON_AddStringToObject(args, new_items[i].wire, buf);
	}
	edit_form_save(a, &n->e, "recall.create", args);
	return UI_HANDLED | UI_REDRAW;
}

static void
new_paint(struct app *a, struct view *v, int top, int rows)
{
	struct recall_new *n = v->priv;

	edit_form_draw(a, &n->e, _("New recall"), top, rows,
	    _("Models separated by commas; every unit of them (in the serials and dates "
	    "given) is listed. Ctrl-S creates it; Esc goes back"));
}

static const struct ui_key new_keys[] = {
	{ .key = UI_CTRL('s'), .alt = UI_K(KEY_F(2)), .name = N_("Ctrl-S"),
	  .label = N_("Create"),
	  .help = N_("Check every field and create the recall: every affected customer is "
	      "sent a notice (also F2)"),
	  .run = run_send },
	{ .key = UI_KEY_ESC, .name = N_("Esc"), .label = N_("Back"),
	  .help = N_("Back to the recall board (asks first when something was typed)"),
	  .run = ui_key_leave },
	{ .key = UI_KEY_TAB, .name = N_("Tab, Down"),
	  .help = N_("Next field (Shift-Tab, Up: previous); * marks a required field") },
	{ 0 }
};

const struct view_ops ui_recall_new_view = {
	.name = "recall_new",
	.title = N_("New recall"),
	.private_size = sizeof(struct recall_new),
	.keys = new_keys,
	.paint = new_paint,
	.input = edit_form_view_input,
	.session = edit_form_view_session,
	.unsaved = edit_form_view_unsaved,
};
