/*
 * screen/departments.c: the departments a complaint passes through
 * (department.list), in the admin's F6 round and, to read, the managers':
 * each department, its head and its people. h or Enter sets the head
 * (department.save, the admin's): a login typed in a prompt that starts
 * with the present one, empty for none; the daemon's refusal is said in the
 * prompt, the list read again after a change. The head is reminded of the
 * department's overdue stages and charged for its late ones
 * (doc/domain.md, Complaint stages).
 */
#include "client/screen/screens.h"
#include "client/widget/labels.h"
#include "client/widget/table.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct depts {
	cJSON *list;                /* department.list's departments */
	const cJSON **item;         /* rows by index, for the table */
	size_t n, cap;
	int64_t req;                /* department.list in flight, 0: none */
	bool loaded;
	struct table table;
};

enum { DC_NAME, DC_CODE, DC_HEAD, DC_PEOPLE, DC_NCOLS };

static const struct table_column columns[DC_NCOLS] = {
	[DC_NAME] = { N_("Department"), 16, 0, false, true },
	[DC_CODE] = { N_("Code"), 11, 2, false, true },
	[DC_HEAD] = { N_("Head"), 20, 0, false, true },
	[DC_PEOPLE] = { N_("People"), 0, 1, false, false },
};

static size_t
row_count(const void *data)
{
	return ((const struct depts *)data)->n;
}

/* "login name, login name" of the department's active people. */
static void
people_text(const cJSON *d, char *buf, size_t len)
{
	const cJSON *m;
	size_t n = 0;

	buf[0] = '\0';
	cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(d, "members"))
		if (n + 1 < len)
			n += (size_t)snprintf(buf + n, len - n, "%s%s %s", n ? ", " : "",
			    ui_jstr(m, "login"), ui_jstr(m, "name"));
}

static void
row_cell(const struct app *a, const void *data, size_t row, int col, char *buf, size_t len)
{
	const cJSON *d = ((const struct depts *)data)->item[row];

	(void)a;
	switch (col) {
	case DC_NAME: ui_copy(buf, len, label_department(ui_jstr(d, "code"))); break;
	case DC_CODE: ui_copy(buf, len, ui_jstr(d, "code")); break;
	case DC_HEAD:
		if (ui_jstr(d, "head")[0])
			snprintf(buf, len, "%s %s", ui_jstr(d, "head"), ui_jstr(d, "head_name"));
		else
			ui_copy(buf, len, "-");
		break;
	default: people_text(d, buf, len);
	}
}

static void
row_key(const void *data, size_t row, char *buf, size_t len)
{
	ui_copy(buf, len, ui_jstr(((const struct depts *)data)->item[row], "code"));
}

static const struct table_source source = {
	.count = row_count, .cell = row_cell, .key = row_key,
};

/* ---- loading */

static void
take_rows(struct app *a, struct depts *s, cJSON *rows)
{
	size_t n = (size_t)cJSON_GetArraySize(rows), i = 0;
	const cJSON **item = s->item;
	const cJSON *d;

	if (s->table.cols == NULL)
		table_init(&s->table, columns, DC_NCOLS, &source, s);
	if (n > s->cap && (item = realloc(s->item, n * sizeof *item)) != NULL) {
		s->item = item;
		s->cap = n;
	}
	cJSON_Delete(s->list);
	s->list = rows;
	cJSON_ArrayForEach(d, rows)
		if (i < s->cap)
			s->item[i++] = d;
	s->n = i;
	table_refresh(&s->table, a);
}

static void
on_list(struct app *a, void *ctx, const cJSON *reply)
{
	struct depts *s = ctx;
	char text[512];

	s->req = 0;
	if (reply == NULL)
		return;
	if (!reply_ok(reply)) {
		net_error_text(reply, text, sizeof text);
		ui_message(a, true, _("Cannot load the departments: %s"), text);
		return;
	}
	take_rows(a, s, cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(reply_result(reply),
	    "departments"), true));
	s->loaded = true;
	a->dirty = true;
}

static void
load(struct app *a, struct depts *s)
{
	int64_t id;

	if (!a->logged_in || s->req > 0)
		return;
	id = net_request(a, "department.list", cJSON_CreateObject(), on_list, s);
	s->req = id > 0 ? id : 0;
}

/* ---- the head */

static void
on_head_saved(struct app *a, void *ctx, const cJSON *reply)
{
	struct overlay *o = ctx;
	const cJSON *r = reply_result(reply);

	if (!ui_prompt_answered(a, o, reply))
		return;
	ui_prompt_close(a, o);
	ui_message(a, false, _("Head of %s: %s"), label_department(ui_jstr(r, "code")),
	    ui_jstr(r, "head")[0] ? ui_jstr(r, "head") : "-");
	load(a, ui_view_of(a, &ui_departments_view)->priv);
}

static void
head_submit(struct app *a, struct overlay *o, void *ctx, const char *text)
{
	cJSON *args = cJSON_CreateObject();

	cJSON_AddStringToObject(args, "code", ctx);
	if (text[0])
		cJSON_AddStringToObject(args, "head", text);
	else
		cJSON_AddNullToObject(args, "head");
	ui_prompt_wait(a, o, net_request(a, "department.save", args, on_head_saved, o));
}

static const cJSON *
selected(const struct depts *s)
{
	size_t row;

	return table_selected(&s->table, &row) ? s->item[row] : NULL;
}

static bool
may_set_head(const struct app *a, const struct view *v)
{
	return selected(v->priv) != NULL && op_rights_allowed(&a->rights, "department.save");
}

static unsigned
key_head(struct app *a, struct view *v)
{
	const cJSON *d = selected(v->priv);
	char title[128], code[40];

	if (d == NULL)
		return UI_HANDLED;
	snprintf(title, sizeof title, _("Head of %s"), label_department(ui_jstr(d, "code")));
	ui_copy(code, sizeof code, ui_jstr(d, "code"));
	ui_prompt(a, title, _("Login (empty: none):"), ui_jstr(d, "head"), head_submit, code,
	    strlen(code) + 1);
	return UI_HANDLED;
}

static void
refuse_head(struct app *a, struct view *v)
{
	char who[128];

	(void)v;
	ui_message(a, true, _("%s is for %s, not for your role (%s)"), _("Setting a head"),
	    op_rights_roles(&a->rights, "department.save", who, sizeof who),
	    ui_role_label(a->role));
}

static unsigned
key_reload(struct app *a, struct view *v)
{
	load(a, v->priv);
	return UI_HANDLED;
}

static const struct ui_key depts_keys[] = {
	{ .key = 'h', .alt = UI_KEY_ENTER, .name = N_("h, Enter"), .label = N_("Head"),
	  .help = N_("Set the selected department's head (admin)"), .run = key_head,
	  .when = may_set_head, .refuse = refuse_head },
	{ .key = UI_K(KEY_F(5)), .name = "F5", .run = key_reload },
	TABLE_HELP_KEYS,
	{ 0 }
};

static unsigned
depts_input(struct app *a, struct view *v, ui_key_t key)
{
	struct depts *s = v->priv;

	return table_key(&s->table, a, key);
}

static void
depts_paint(struct app *a, struct view *v, int top, int rows)
{
	struct depts *s = v->priv;
	char line[128];

	attrset(ui_attr(a, UI_C_TITLE));
	ui_put(top, 1, COLS - 2, _("Departments"));
	attrset(A_NORMAL);
	snprintf(line, sizeof line, s->loaded ? _("%d departments, each with its head and "
	    "people") : _("Loading..."), (int)s->n);
	ui_put(top + 1, 1, COLS - 2, line);
	if (s->table.cols != NULL)
		table_draw(&s->table, a, top + 2, rows - 2);
}

static void
depts_enter(struct app *a, struct view *v)
{
	load(a, v->priv);
}

static void
depts_session(struct app *a, struct view *v, enum ui_session_event ev)
{
	struct depts *s = v->priv;

	if (ev == UI_LOGGED_OUT)
		take_rows(a, s, NULL);
	else if (a->view == &ui_departments_view)
		load(a, s);
}

static void
depts_destroy(struct app *a, struct view *v)
{
	struct depts *s = v->priv;

	(void)a;
	cJSON_Delete(s->list);
	free(s->item);
	table_free(&s->table);
}

const struct view_ops ui_departments_view = {
	.name = "departments",
	.title = N_("Departments"),
	.flags = UI_VIEW_SCREEN,
	.private_size = sizeof(struct depts),
	.keys = depts_keys,
	.enter = depts_enter,
	.paint = depts_paint,
	.input = depts_input,
	.session = depts_session,
	.destroy = depts_destroy,
};
