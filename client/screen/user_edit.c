/*
 * screen/user_edit.c: the form that adds or edits a user (user.save),
 * opened from the Users screen (screen/users.c). Role, department, region,
 * service point and active are choices (Left/Right, Space): the service
 * points are picked from service_point.list, never typed. Skills are typed
 * separated by commas and sent as a list; the monthly bonus is typed in
 * yuan and sent in fen. A password is typed twice, shown as stars, and
 * sent only when typed (required for a new user); it is wiped from memory
 * once sent. The admin's own login keeps its role and stays active (the
 * daemon refuses both). Ctrl-S or F2 saves; Esc goes back, asking first
 * when something was typed; a refusal lands on its field.
 */
#include "client/widget/editor.h"
#include "client/widget/labels.h"
#include "client/screen/screens.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/domain.h"
#include "common/people.h"
#include "common/records.h"
#include "common/roles.h"
#include "common/validate.h"

enum { E_LOGIN, E_NAME, E_ROLE, E_DEPARTMENT, E_REGION, E_POINT, E_ACTIVE,
	E_SKILLS, E_BONUS, E_PASSWORD, E_AGAIN, E_COUNT };

/* The service points a form offers at most (the first is "none"). */
#define POINTS_MAX 100

static const char *const yes_no[] = { "yes", "no", NULL };

static const char *
yes_no_label(const char *code)
{
	return strcmp(code, "yes") == 0 ? _("yes") : _("no");
}

static const char *
department_label(const char *code)
{
	return code[0] ? label_department(code) : _("none");
}

static const char *
region_label(const char *code)
{
	return code[0] ? label_region(code) : _("none");
}

static const char *skills_problem(const struct form *f, int item, const char *text);
static const char *password_problem(const struct form *f, int item, const char *text);
static const char *again_problem(const struct form *f, int item, const char *text);

static const struct form_item user_items[E_COUNT] = {
	[E_LOGIN] = { FK_TEXT, N_("User name"), "login", 0, 0, 1, LOGIN_MAX, NULL, NULL, 0,
	    .flags = FF_REQUIRED },
	[E_NAME] = { FK_TEXT, N_("Name"), "name", 0, 1, 2, USER_NAME_MAX, NULL, NULL, 0,
	    .flags = FF_REQUIRED, .check = FC_NAME },
	[E_ROLE] = { FK_CHOICE, N_("Role"), "role", 1, 0, 1, 0, role_names, ui_role_label, 0 },
	[E_DEPARTMENT] = { FK_CHOICE, N_("Department"), "department", 1, 1, 1, 0, NULL,
	    department_label, 0 },
	[E_REGION] = { FK_CHOICE, N_("Region"), "region", 1, 2, 1, 0, NULL, region_label, 0 },
	[E_POINT] = { FK_CHOICE, N_("Service point"), "service_point", 2, 0, 2, 0, NULL,
	    NULL, 0 },
	[E_ACTIVE] = { FK_CHOICE, N_("Active"), "active", 2, 2, 1, 0, yes_no,
	    yes_no_label, 0 },
	[E_SKILLS] = { FK_TEXT, N_("Skills"), "skills", 3, 0, 3,
	    SKILLS_MAX * (SKILL_MAX + 2), NULL, NULL, 0, .check_fn = skills_problem },
	[E_BONUS] = { FK_TEXT, N_("Monthly bonus (yuan)"), "monthly_bonus", 4, 0, 2, 12,
	    NULL, NULL, 0, .check = FC_AMOUNT },
	[E_PASSWORD] = { FK_TEXT, N_("Password"), "password", 6, 0, 1, PASSWORD_MAX,
	    NULL, NULL, 0, .check_fn = password_problem },
	[E_AGAIN] = { FK_TEXT, N_("Again"), NULL, 6, 1, 1, PASSWORD_MAX, NULL, NULL,
	    0, .check_fn = again_problem },
};

/* The daemon's refusals this form says in words of its own. */
static const struct editor_refusal refusals[] = {
	{ "invalid_argument", "service_point", N_("Service point: no such service point") },
	{ "invalid_argument", "active", N_("Active: you cannot deactivate your own login") },
	{ "invalid_argument", "role", N_("Role: you cannot change your own role") },
	{ "invalid_argument", "department", N_("Department: no such department") },
	{ "conflict", "login", N_("User name: this user exists already") },
	{ NULL, NULL, NULL }
};

struct user_edit {
	struct editor ed;
	struct form_item items[E_COUNT];
	cJSON *user;                    /* the user as listed, NULL: a new one */
	const char *departments[16];    /* "" (none), then the departments */
	const char *regions[8];         /* "" (none), then the regions */
	char none[64];                  /* "none", translated, for the points */
	char point_names[POINTS_MAX][128];
	const char *point_codes[POINTS_MAX + 1];
	long long point_ids[POINTS_MAX];
	int64_t points_id;              /* service_point.list in flight, 0: none */
	char saving[LOGIN_MAX + 1];     /* the login being saved */
};

static struct user_edit *
edit_of(struct app *a)
{
	return ui_view_of(a, &ui_user_edit_view)->priv;
}

/* ---- skills: "a, b，c、d" <-> ["a", "b", "c", "d"] */

/* Each `what` (3 bytes of UTF-8) in s becomes a comma and two blanks. */
static void
comma_for(char *s, const char *what)
{
	for (char *p; (p = strstr(s, what)) != NULL;)
		memcpy(p, ",  ", 3);
}

/* Splits text at commas (ASCII or Chinese) and 、 into out (trimmed, empty
 * pieces left out); the problem (N_()) or NULL. */
static const char *
skills_split(const char *text, cJSON *out)
{
	char buf[UI_FIELD_MAX * 4 + 1], *p, *piece;

	ui_copy(buf, sizeof buf, text);
	comma_for(buf, "，");
	comma_for(buf, "、");
	for (piece = strtok_r(buf, ",", &p); piece != NULL; piece = strtok_r(NULL, ",", &p)) {
		char *end = piece + strlen(piece);
		while (*piece == ' ')
			piece++;
		while (end > piece && end[-1] == ' ')
			*--end = '\0';
		if (*piece == '\0')
			continue;
		if (!skill_valid(piece))
			return N_("a skill is at most 32 characters");
		if (cJSON_GetArraySize(out) >= SKILLS_MAX)
			return N_("at most 12 skills");
		cJSON_AddItemToArray(out, cJSON_CreateString(piece));
	}
	return NULL;
}

static const char *
skills_problem(const struct form *f, int item, const char *text)
{
	cJSON *list = cJSON_CreateArray();
	const char *problem = skills_split(text, list);

	(void)f;
	(void)item;
	cJSON_Delete(list);
	return problem;
}

/* ---- the password, typed twice */

static const char *
password_problem(const struct form *f, int item, const char *text)
{
	(void)item;
	if (text[0] == '\0')
		return f->items[E_PASSWORD].flags & FF_REQUIRED ?
		    N_("required for a new user") : NULL;
	return utf8_length(text) < PASSWORD_MIN ? N_("at least 8 characters") : NULL;
}

/* Compared as typed: blanks at the ends are part of a password. */
static const char *
again_problem(const struct form *f, int item, const char *text)
{
	(void)item;
	(void)text;
	return !ui_field_same(&f->items[E_PASSWORD].field, &f->items[E_AGAIN].field) ?
	    N_("the two passwords differ") : NULL;
}

/* ---- the service points offered */

/* Rebuilds the choice from points (service_point.list's array, or NULL:
 * only the user's own), with the point of id chosen (0: none). */
static void
set_points(struct user_edit *e, const cJSON *points, long long chosen)
{
	struct form_item *it = &e->items[E_POINT];
	int n = 1;
	const cJSON *p;

	ui_copy(e->point_names[0], sizeof e->point_names[0], e->none);
	e->point_ids[0] = 0;
	if (points == NULL && e->user != NULL && ui_jint(e->user, "service_point_id", 0) > 0) {
		ui_copy(e->point_names[1], sizeof e->point_names[1],
		    ui_jstr(e->user, "service_point_name"));
		e->point_ids[n++] = ui_jint(e->user, "service_point_id", 0);
	}
	cJSON_ArrayForEach(p, points) {
		if (n >= POINTS_MAX)
			break;
		snprintf(e->point_names[n], sizeof e->point_names[n], "%s (%s)",
		    ui_jstr(p, "name"), label_region(ui_jstr(p, "region")));
		e->point_ids[n++] = ui_jint(p, "id", 0);
	}
	it->choice = 0;
	for (int i = 0; i < n; i++) {
		e->point_codes[i] = e->point_names[i];
		if (e->point_ids[i] == chosen)
			it->choice = i;
	}
	e->point_codes[n] = NULL;
	it->codes = e->point_codes;
}

static void
on_points(struct app *a, void *ctx, const cJSON *reply)
{
	struct user_edit *e = ctx;
	const cJSON *points = reply != NULL ? cJSON_GetObjectItemCaseSensitive(
	    reply_result(reply), "service_points") : NULL;
	char text[512];

	e->points_id = 0;
	a->dirty = true;
	if (reply == NULL)
		return;
	if (!reply_ok(reply) || !cJSON_IsArray(points)) {
		net_error_text(reply, text, sizeof text);
		ui_message(a, true, _("Cannot list the service points: %s"), text);
		return;
	}
	set_points(e, points, e->point_ids[e->items[E_POINT].choice]);
}

/* ---- filling the form */

static void
fill(struct user_edit *e, const cJSON *u)
{
	char text[UI_FIELD_MAX];

	ui_field_set(&e->items[E_LOGIN].field, ui_jstr(u, "login"));
	ui_field_set(&e->items[E_NAME].field, ui_jstr(u, "name"));
	form_set_code(&e->ed.form, E_ROLE, ui_jstr(u, "role"));
	form_set_code(&e->ed.form, E_DEPARTMENT, ui_jstr(u, "department"));
	form_set_code(&e->ed.form, E_REGION, ui_jstr(u, "region"));
	form_set_code(&e->ed.form, E_ACTIVE, ui_jbool(u, "active") ? "yes" : "no");
	ui_jjoin(u, "skills", text, sizeof text);
	ui_field_set(&e->items[E_SKILLS].field, text);
	ui_yuan(ui_jint(u, "monthly_bonus", 0), text, sizeof text);
	ui_field_set(&e->items[E_BONUS].field, text);
}

/* The choices' values, which form_init does not know. */
static void
set_choices(struct user_edit *e)
{
	int n = 1;

	e->departments[0] = e->regions[0] = "";
	for (int i = 0; complaint_departments[i] != NULL && n < 15; i++)
		e->departments[n++] = complaint_departments[i];
	e->departments[n] = NULL;
	n = 1;
	for (int i = 0; region_names[i] != NULL && n < 7; i++)
		e->regions[n++] = region_names[i];
	e->regions[n] = NULL;
	e->items[E_DEPARTMENT].codes = e->departments;
	e->items[E_REGION].codes = e->regions;
	ui_copy(e->none, sizeof e->none, _("none"));
	set_points(e, NULL, 0);
}

void
user_edit_show(struct app *a, const cJSON *user, const struct view_ops *back)
{
	struct user_edit *e = edit_of(a);
	bool own = user != NULL && strcmp(ui_jstr(user, "login"), a->user) == 0;

	editor_reset(a, &e->ed);
	net_cancel(a, e->points_id);
	cJSON_Delete(e->user);
	e->user = user != NULL ? cJSON_Duplicate(user, true) : NULL;
	memcpy(e->items, user_items, sizeof e->items);
	e->ed.form.items = e->items;
	e->ed.form.n = E_COUNT;
	e->ed.refusals = refusals;
	set_choices(e);
	form_init(&e->ed.form);
	e->items[E_PASSWORD].field.secret = e->items[E_AGAIN].field.secret = true;
	if (user != NULL) {
		fill(e, user);
		set_points(e, NULL, ui_jint(user, "service_point_id", 0));
		e->items[E_LOGIN].locked = true;
		e->items[E_ROLE].locked = e->items[E_ACTIVE].locked = own;
		e->ed.form.focus = E_NAME;
	} else {
		form_set_code(&e->ed.form, E_ROLE, "technician");
		e->items[E_PASSWORD].flags |= FF_REQUIRED;
	}
	form_saved(&e->ed.form);
	ui_show(a, &ui_user_edit_view, back);
	e->points_id = net_request(a, "service_point.list", NULL, on_points, e);
	if (e->points_id < 0)
		e->points_id = 0;
}

/* ---- saving */

/* Every field but the password, which goes only when typed. */
static cJSON *
save_args(const struct user_edit *e)
{
	const struct form *f = &e->ed.form;
	cJSON *args = cJSON_CreateObject(), *skills = cJSON_CreateArray();
	char text[UI_FIELD_MAX * 4 + 1];

	editor_add_text(args, "login", &e->ed, E_LOGIN);
	editor_add_text(args, "name", &e->ed, E_NAME);
	cJSON_AddStringToObject(args, "role", form_code(f, E_ROLE));
	cJSON_AddStringToObject(args, "department", form_code(f, E_DEPARTMENT));
	if (form_code(f, E_REGION)[0])
		cJSON_AddStringToObject(args, "region", form_code(f, E_REGION));
	cJSON_AddNumberToObject(args, "service_point",
	    (double)e->point_ids[e->items[E_POINT].choice]);
	cJSON_AddBoolToObject(args, "active", strcmp(form_code(f, E_ACTIVE), "yes") == 0);
	form_text(f, E_SKILLS, text, sizeof text);
	skills_split(text, skills);
	cJSON_AddItemToObject(args, "skills", skills);
	form_text(f, E_BONUS, text, sizeof text);
	cJSON_AddNumberToObject(args, "monthly_bonus", text[0] ?
	    (double)(long long)(strtod(text, NULL) * 100 + 0.5) : 0);
	ui_field_get(&e->items[E_PASSWORD].field, text, sizeof text);
	if (text[0])
		cJSON_AddStringToObject(args, "password", text);
	if (e->user == NULL)
		cJSON_AddBoolToObject(args, "create", true);
	ui_wipe(text, sizeof text);
	return args;
}

static void
wipe_passwords(struct user_edit *e)
{
	ui_field_clear(&e->items[E_PASSWORD].field);
	ui_field_clear(&e->items[E_AGAIN].field);
}

static void
on_saved(struct app *a, void *ctx, const cJSON *reply)
{
	struct user_edit *e = ctx;

	if (!editor_answered(a, &e->ed, reply))
		return;
	editor_back(a, &ui_user_edit_view, &ui_users_view);
	ui_message(a, false, _("User %s is saved"), e->saving);
}

static unsigned
run_save(struct app *a, struct view *v)
{
	struct user_edit *e = v->priv;

	if (e->ed.save_id == 0 && editor_check(&e->ed)) {
		form_text(&e->ed.form, E_LOGIN, e->saving, sizeof e->saving);
		if (editor_send(a, &e->ed, "user.save", save_args(e), on_saved, e))
			wipe_passwords(e);
	}
	return UI_HANDLED | UI_REDRAW;
}

/* ---- the view */

static void
edit_paint(struct app *a, struct view *v, int top, int rows)
{
	struct user_edit *e = v->priv;
	char title[256];

	if (e->user != NULL)
		snprintf(title, sizeof title, _("Edit user %s"), ui_jstr(e->user, "login"));
	else
		ui_copy(title, sizeof title, _("New user"));
	attrset(ui_attr(a, UI_C_TITLE));
	ui_put(top, 1, COLS - 2, title);
	attrset(A_NORMAL);
	form_draw(a, &e->ed.form, top + 2);
	attrset(A_DIM);
	ui_put(top + 7, 1, COLS - 2, _("Skills: separated by commas. Password: typed twice; "
	    "empty keeps it."));
	attrset(A_NORMAL);
	editor_draw(a, &e->ed, top, top + (rows < 11 ? rows - 1 : 10),
	    _("Ctrl-S saves; Esc goes back to the users"));
}

static unsigned
edit_input(struct app *a, struct view *v, ui_key_t key)
{
	(void)a;
	return editor_key(&((struct user_edit *)v->priv)->ed, key);
}

static bool
edit_unsaved(const struct app *a, const struct view *v)
{
	(void)a;
	return form_unsaved(&((const struct user_edit *)v->priv)->ed.form);
}

static void
edit_leave(struct app *a, struct view *v)
{
	(void)a;
	wipe_passwords(v->priv);
}

static void
edit_session(struct app *a, struct view *v, enum ui_session_event ev)
{
	struct user_edit *e = v->priv;

	(void)a;
	if (ev == UI_DISCONNECTED)
		e->ed.save_id = e->points_id = 0;
	else if (ev == UI_LOGGED_OUT)
		wipe_passwords(e);
}

static void
edit_destroy(struct app *a, struct view *v)
{
	struct user_edit *e = v->priv;

	net_cancel(a, e->ed.save_id);
	net_cancel(a, e->points_id);
	cJSON_Delete(e->user);
	ui_wipe(e->items, sizeof e->items);
}

static const struct ui_key edit_keys[] = {
	{ .key = UI_CTRL('s'), .alt = UI_K(KEY_F(2)), .name = N_("Ctrl-S"),
	    .label = N_("Save"), .help = N_("Check every field and save (also F2)"),
	    .run = run_save },
	{ .key = UI_KEY_ESC, .name = N_("Esc"), .label = N_("Back"),
	    .help = N_("Back to the users (asks first when something was typed)"),
	    .run = ui_key_leave },
	{ .key = UI_KEY_TAB, .name = N_("Tab, Down"),
	    .help = N_("Next field (Shift-Tab, Up: previous); * marks a required field") },
	{ .key = UI_K(KEY_LEFT), .name = N_("Left/Right, Space"),
	    .help = N_("Change a choice: role, department, region, service point, active") },
	{ .key = 0 }
};

const struct view_ops ui_user_edit_view = {
	.name = "user_edit",
	.title = N_("Edit user"),
	.private_size = sizeof(struct user_edit),
	.keys = edit_keys,
	.leave = edit_leave,
	.paint = edit_paint,
	.input = edit_input,
	.session = edit_session,
	.unsaved = edit_unsaved,
	.destroy = edit_destroy,
};
