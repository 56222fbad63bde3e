/*
 * widget/pagelist.c: a keyset-paged list; see pagelist.h.
 */
#include "client/widget/pagelist.h"

#include <stdio.h>
#include <string.h>

void
pagelist_init(struct pagelist *p, const char *op, const char *key,
    const struct table_column *cols, int ncols, const struct table_source *src)
{
	p->op = op;
	p->key = key;
	table_init(&p->table, cols, ncols, src, p);
	p->ready = true;
}

size_t
pagelist_count(const void *data)
{
	return (size_t)cJSON_GetArraySize(((const struct pagelist *)data)->rows);
}

const cJSON *
pagelist_row(const void *data, size_t i)
{
	return cJSON_GetArrayItem(((const struct pagelist *)data)->rows, (int)i);
}

const cJSON *
pagelist_selected(const struct pagelist *p)
{
	size_t i;

	return p->rows != NULL && table_selected(&p->table, &i) ? pagelist_row(p, i) : NULL;
}

bool
pagelist_has_more(const struct pagelist *p)
{
	return p->next[0] != '\0' && p->request == 0;
}

bool
pagelist_loaded(const struct pagelist *p)
{
	return p->rows != NULL;
}

const cJSON *
pagelist_result(const struct pagelist *p)
{
	return p->result;
}

/* A failed page: said in place of the list, and on the message line when
 * rows read before stay shown. */
static void
page_failed(struct app *a, struct pagelist *p, const cJSON *reply)
{
	if (reply == NULL)
		ui_copy(p->error, sizeof p->error, _("The connection dropped: F5 reads the list again"));
	else
		net_error_text(reply, p->error, sizeof p->error);
	if (p->rows != NULL)
		ui_message(a, true, "%s", p->error);
}

static void
on_page(struct app *a, void *ctx, const cJSON *reply)
{
	struct pagelist *p = ctx;
	const cJSON *res = reply_result(reply), *rows, *next, *r;

	p->request = 0;
	a->dirty = true;
	rows = cJSON_GetObjectItemCaseSensitive(res, p->key);
	if (reply == NULL || !reply_ok(reply) || !cJSON_IsArray(rows)) {
		page_failed(a, p, reply);
		return;
	}
	if (p->rows == NULL || p->replace) {
		cJSON_Delete(p->rows);
		p->rows = cJSON_CreateArray();
	}
	p->replace = false;
	cJSON_ArrayForEach(r, rows)
		cJSON_AddItemToArray(p->rows, cJSON_Duplicate(r, true));
	cJSON_Delete(p->result);
	p->result = cJSON_Duplicate(res, true);
	cJSON_DeleteItemFromObjectCaseSensitive(p->result, p->key);
	next = cJSON_GetObjectItemCaseSensitive(res, "next");
	ui_copy(p->next, sizeof p->next, cJSON_IsString(next) ? next->valuestring : "");
	table_refresh(&p->table, a);
}

static void
request_page(struct app *a, struct pagelist *p)
{
	cJSON *args = cJSON_Duplicate(p->args, true);

	if (p->next[0])
		cJSON_AddStringToObject(args, "after", p->next);
	p->error[0] = '\0';
	p->request = net_request(a, p->op, args, on_page, p);
	if (p->request < 0) {
		p->request = 0;
		ui_copy(p->error, sizeof p->error, _("Not connected: try again in a moment"));
	}
}

/* Drops what was read (rows, the answer, the cursor). */
static void
forget(struct pagelist *p)
{
	cJSON_Delete(p->rows);
	cJSON_Delete(p->result);
	p->rows = p->result = NULL;
	p->next[0] = '\0';
	p->replace = false;
}

void
pagelist_load(struct app *a, struct pagelist *p, cJSON *args)
{
	net_cancel(a, p->request);
	cJSON_Delete(p->args);
	forget(p);
	p->args = args;
	table_refresh(&p->table, a);
	request_page(a, p);
}

bool
pagelist_reload(struct app *a, struct pagelist *p)
{
	if (p->args == NULL)
		return false;
	net_cancel(a, p->request);
	p->next[0] = '\0';
	p->replace = true;
	request_page(a, p);
	return true;
}

void
pagelist_more(struct app *a, struct pagelist *p)
{
	if (pagelist_has_more(p))
		request_page(a, p);
}

void
pagelist_status(struct app *a, const struct pagelist *p, int y)
{
	char buf[600];
	size_t n = pagelist_count(p);

	if (p->error[0]) {
		attrset(ui_attr(a, UI_C_ERROR));
		ui_put(y, 1, COLS - 2, p->error);
		attrset(A_NORMAL);
		return;
	}
	if (p->request > 0)
		snprintf(buf, sizeof buf, "%s", _("Loading..."));
	else if (p->next[0])
		snprintf(buf, sizeof buf, ngettext("%zu shown; m shows more",
		    "%zu shown; m shows more", n), n);
	else
		snprintf(buf, sizeof buf, ngettext("%zu in all", "%zu in all", n), n);
	ui_put(y, 1, COLS - 2, buf);
}

void
pagelist_session(struct app *a, struct pagelist *p, enum ui_session_event ev)
{
	if (ev == UI_DISCONNECTED)
		p->request = 0;   /* its callback had NULL */
	if (ev == UI_LOGGED_OUT) {
		net_cancel(a, p->request);
		p->request = 0;
		forget(p);
		if (p->ready)
			table_refresh(&p->table, a);
	}
}

void
pagelist_free(struct app *a, struct pagelist *p)
{
	net_cancel(a, p->request);
	cJSON_Delete(p->args);
	forget(p);
	if (p->ready)
		table_free(&p->table);
}
