/*
 * screen/customer_file.c: the customer's file (客户档案): who the customer
 * is, their units, and their whole history, read with customer.get (an
 * audited read). Opened from any screen that knows a customer's id
 * (customer_file_show); Esc goes back there.
 */
#include "client/screen/screens.h"

#include <stdio.h>
#include <string.h>

struct customer_file {
	long long id;
	int64_t get_id;       /* the read in flight, or 0 */
	cJSON *obj;           /* the last answer's result, or NULL */
	char error[512];
};

static struct customer_file *
file_of(struct app *a)
{
	return ui_view_of(a, &ui_customer_file_view)->priv;
}

static void
on_file(struct app *a, void *ctx, const cJSON *reply)
{
	struct customer_file *f = ctx;
	const cJSON *result = cJSON_GetObjectItemCaseSensitive(reply, "result");

	f->get_id = 0;
	a->dirty = true;
	if (reply == NULL) {
		ui_copy(f->error, sizeof f->error, _("The connection dropped; F5 reads it again"));
		return;
	}
	if (!ui_jbool(reply, "ok") || !cJSON_IsObject(result)) {
		net_error_text(reply, f->error, sizeof f->error);
		return;
	}
	cJSON_Delete(f->obj);
	f->obj = cJSON_Duplicate(result, true);
	f->error[0] = '\0';
}

static void
file_fetch(struct app *a, struct customer_file *f)
{
	cJSON *args = cJSON_CreateObject();

	if (f->get_id > 0)
		net_cancel(a, f->get_id);
	cJSON_AddNumberToObject(args, "id", (double)f->id);
	f->get_id = net_request(a, "customer.get", args, on_file, f);
	if (f->get_id < 0) {
		f->get_id = 0;
		ui_copy(f->error, sizeof f->error, _("Not connected"));
	}
}

void
customer_file_show(struct app *a, long long id, const struct view_ops *back)
{
	struct customer_file *f = file_of(a);

	if (f->id != id) {
		cJSON_Delete(f->obj);
		f->obj = NULL;
		f->error[0] = '\0';
		f->id = id;
	}
	ui_show(a, &ui_customer_file_view, back);
}

static void
file_enter(struct app *a, struct view *v)
{
	struct customer_file *f = v->priv;

	if (a->logged_in && f->id > 0)
		file_fetch(a, f);
}

static void
file_paint(struct app *a, struct view *v, int top, int rows)
{
	struct customer_file *f = v->priv;
	char buf[256];

	(void)rows;
	attrset(ui_attr(a, UI_C_TITLE));
	snprintf(buf, sizeof buf, _("Customer %s"), f->obj ? ui_jstr(f->obj, "name") : "");
	ui_put(top, 1, COLS - 2, buf);
	attrset(A_NORMAL);
	if (f->obj == NULL)
		ui_put(top + 2, 1, COLS - 2, f->error[0] ? f->error : _("Loading..."));
}

static unsigned
file_refresh(struct app *a, struct view *v)
{
	file_fetch(a, v->priv);
	return UI_HANDLED | UI_REDRAW;
}

static void
file_destroy(struct app *a, struct view *v)
{
	struct customer_file *f = v->priv;

	(void)a;
	cJSON_Delete(f->obj);
	f->obj = NULL;
}

static const struct ui_key file_keys[] = {
	{ .key = UI_KEY_ESC, .alt = 'q', .name = N_("Esc"), .label = N_("Back"),
	    .help = N_("Back to where it was opened from (q too)"), .run = ui_key_leave },
	{ .key = UI_K(KEY_F(5)), .name = N_("F5"), .run = file_refresh },
	{ .key = 0 }
};

const struct view_ops ui_customer_file_view = {
	.name = "customer_file",
	.title = N_("Customer file"),
	.private_size = sizeof(struct customer_file),
	.keys = file_keys,
	.enter = file_enter,
	.paint = file_paint,
	.destroy = file_destroy,
};
