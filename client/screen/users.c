/*
 * screen/users.c: the admin's Users screen (doc/domain.md, Users and
 * service points): every user with role, department, service point,
 * skills, monthly bonus and whether active, from user.list. `r` goes round
 * the roles and `v` round active, inactive and everyone (both asked of the
 * daemon); `/` searches the rows shown (widget/table). For the admin, `a`
 * adds a user and Enter (or `e`) edits the selected one in the form of
 * screen/user_edit.c; a manager reads the list only (the keys are offered
 * by what op.list says the user may run).
 */
#include "client/widget/labels.h"
#include "client/widget/pagelist.h"
#include "client/screen/screens.h"

#include <stdio.h>
#include <string.h>

#include "common/roles.h"

enum { SHOW_ACTIVE, SHOW_INACTIVE, SHOW_ALL, SHOW_COUNT };

struct users {
	struct pagelist list;  /* user.list's users of the role and show chosen */
	int role;              /* index into role_names, -1: every role */
	int show;              /* SHOW_* */
};

enum { UC_LOGIN, UC_NAME, UC_ROLE, UC_DEPARTMENT, UC_POINT, UC_SKILLS, UC_BONUS,
	UC_ACTIVE };

static const struct table_column user_cols[] = {
	[UC_LOGIN] = { N_("User"), 12, 0, false, true },
	[UC_NAME] = { N_("Name"), 10, 0, false, true },
	[UC_ROLE] = { N_("Role"), 10, 0, false, true },
	[UC_DEPARTMENT] = { N_("Department"), 12, 3, false, true },
	[UC_POINT] = { N_("Service point"), 0, 0, false, true },
	[UC_SKILLS] = { N_("Skills"), 14, 4, false, true },
	[UC_BONUS] = { N_("Bonus"), 9, 2, true, true },
	[UC_ACTIVE] = { N_("Active"), 6, 1, false, true },
};

/* ---- the table's rows: the users array */

static const cJSON *
user_at(const void *data, size_t i)
{
	return pagelist_row(data, i);
}

static void
user_cell(const struct app *a, const void *data, size_t i, int col, char *buf,
    size_t len)
{
	const cJSON *u = user_at(data, i);

	(void)a;
	switch (col) {
	case UC_LOGIN: ui_copy(buf, len, ui_jstr(u, "login")); break;
	case UC_NAME: ui_copy(buf, len, ui_jstr(u, "name")); break;
	case UC_ROLE: ui_copy(buf, len, ui_role_label(ui_jstr(u, "role"))); break;
	case UC_DEPARTMENT: ui_copy(buf, len, label_department(ui_jstr(u, "department"))); break;
	case UC_POINT: ui_copy(buf, len, ui_jstr(u, "service_point_name")); break;
	case UC_SKILLS: ui_jjoin(u, "skills", buf, len); break;
	case UC_BONUS: ui_yuan(ui_jint(u, "monthly_bonus", 0), buf, len); break;
	default: ui_copy(buf, len, ui_jbool(u, "active") ? _("yes") : _("no")); break;
	}
	if (buf[0] == '\0')
		ui_copy(buf, len, "-");
}

static void
user_key(const void *data, size_t i, char *buf, size_t len)
{
	ui_copy(buf, len, ui_jstr(user_at(data, i), "login"));
}

static int
user_compare(const struct app *a, const void *data, size_t x, size_t y, int col)
{
	int64_t bx = ui_jint(user_at(data, x), "monthly_bonus", 0);
	int64_t by = ui_jint(user_at(data, y), "monthly_bonus", 0);

	(void)a;
	return col == UC_BONUS ? (bx > by) - (bx < by) : 2;
}

static const struct table_source user_source = {
	.count = pagelist_count, .cell = user_cell, .key = user_key,
	.compare = user_compare,
};

static struct users *
users_of(struct view *v)
{
	struct users *U = v->priv;

	if (!U->list.ready) {
		U->role = -1;
		pagelist_init(&U->list, "user.list", "users", user_cols,
		    (int)(sizeof user_cols / sizeof user_cols[0]), &user_source);
	}
	return U;
}

static const cJSON *
selected_user(const struct view *v)
{
	const struct users *U = v->priv;

	return U->list.ready ? pagelist_selected(&U->list) : NULL;
}

/* ---- the list: afresh for another role or show; F5, a save and a new
 * login keep the rows shown until the answer comes */

static void
request_list(struct app *a, struct users *U)
{
	cJSON *args = cJSON_CreateObject();

	if (U->role >= 0)
		cJSON_AddStringToObject(args, "role", role_names[U->role]);
	if (U->show != SHOW_ALL)
		cJSON_AddBoolToObject(args, "active", U->show == SHOW_ACTIVE);
	pagelist_load(a, &U->list, args);
}

/* ---- the keys */

static bool
may_save(const struct app *a, const struct view *v)
{
	(void)v;
	return op_rights_allowed(&a->rights, "user.save");
}

static bool
may_edit(const struct app *a, const struct view *v)
{
	return may_save(a, v) && selected_user(v) != NULL;
}

static unsigned
run_add(struct app *a, struct view *v)
{
	(void)v;
	user_edit_show(a, NULL, &ui_users_view);
	return 0;
}

static unsigned
run_edit(struct app *a, struct view *v)
{
	user_edit_show(a, selected_user(v), &ui_users_view);
	return 0;
}

static unsigned
run_role(struct app *a, struct view *v)
{
	struct users *U = users_of(v);

	U->role = role_names[U->role + 1] != NULL ? U->role + 1 : -1;
	request_list(a, U);
	return 0;
}

static unsigned
run_show(struct app *a, struct view *v)
{
	struct users *U = users_of(v);

	U->show = (U->show + 1) % SHOW_COUNT;
	request_list(a, U);
	return 0;
}

static unsigned
run_reload(struct app *a, struct view *v)
{
	if (a->logged_in)
		pagelist_reload(a, &users_of(v)->list);
	return 0;
}

static const struct ui_key users_keys[] = {
	{ .key = UI_KEY_ENTER, .alt = 'e', .name = N_("Enter, e"), .label = N_("Edit"),
	  .help = N_("Edit the user: name, role, department, point, skills, bonus, "
	      "active, password"), .run = run_edit, .when = may_edit },
	{ .key = 'a', .name = "a", .label = N_("Add"), .help = N_("Add a user"),
	  .run = run_add, .when = may_save },
	{ .key = 'r', .name = "r", .label = N_("Role"),
	  .help = N_("Show one role, the next, ... or every role"), .run = run_role },
	{ .key = 'v', .name = "v", .label = N_("Active"),
	  .help = N_("Show the active users, the inactive ones or everyone"), .run = run_show },
	{ .key = UI_K(KEY_F(5)), .run = run_reload },   /* the frame names F5 */
	TABLE_HELP_KEYS,
	{ 0 }
};

/* ---- the view */

static const char *
show_label(int show)
{
	return show == SHOW_ACTIVE ? _("active") : show == SHOW_INACTIVE ?
	    _("inactive") : _("active and inactive");
}

static void
users_paint(struct app *a, struct view *v, int top, int rows)
{
	struct users *U = users_of(v);
	char line[512], filter[TABLE_TEXT + 32];

	attrset(ui_attr(a, UI_C_TITLE));
	ui_put(top, 1, COLS - 2, _("Users"));
	attrset(A_NORMAL);
	snprintf(line, sizeof line, ngettext("%zu user; role: %s (r); %s (v)",
	    "%zu users; role: %s (r); %s (v)", U->list.table.norder),
	    U->list.table.norder, U->role >= 0 ? ui_role_label(role_names[U->role]) :
	    _("every role"), show_label(U->show));
	ui_put(top + 1, 1, COLS - 2, line);
	table_filter_text(&U->list.table, filter, sizeof filter);
	if (filter[0])
		ui_put_right(top + 1, COLS / 2, COLS - COLS / 2 - 1, filter);
	table_draw(&U->list.table, a, top + 2, rows - 2);
	if (!pagelist_loaded(&U->list))
		pagelist_status(a, &U->list, top + 4);
	else if (U->list.table.norder == 0)
		ui_put(top + 4, 2, COLS - 4, _("No users"));
}

static void
users_enter(struct app *a, struct view *v)
{
	struct users *U = users_of(v);

	/* The first time afresh; then the rows stay shown until the answer. */
	if (a->logged_in && !pagelist_reload(a, &U->list))
		request_list(a, U);
}

static unsigned
users_input(struct app *a, struct view *v, ui_key_t key)
{
	return table_key(&users_of(v)->list.table, a, key);
}

static void
users_session(struct app *a, struct view *v, enum ui_session_event ev)
{
	struct users *U = users_of(v);

	pagelist_session(a, &U->list, ev);
	if ((ev == UI_LOGGED_IN || ev == UI_RESYNC) && a->view == &ui_users_view)
		pagelist_reload(a, &U->list);
}

static void
users_destroy(struct app *a, struct view *v)
{
	pagelist_free(a, &users_of(v)->list);
}

const struct view_ops ui_users_view = {
	.name = "users",
	.title = N_("Users"),
	.flags = UI_VIEW_SCREEN,
	.private_size = sizeof(struct users),
	.keys = users_keys,
	.enter = users_enter,
	.paint = users_paint,
	.input = users_input,
	.session = users_session,
	.destroy = users_destroy,
};
