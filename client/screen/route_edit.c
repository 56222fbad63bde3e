/*
 * screen/route_edit.c: one complaint route in an editor, opened from the
 * routes screen (screen/routes.c). Two variants, at home and abroad (Tab,
 * 1-2); abroad without stages of its own takes the home stages (c copies
 * them to change them). Up/Down choose a stage; Left/Right pick its
 * department from the daemon's list (route.get's departments); Enter its
 * budget in working days; a adds a stage after the chosen one, x removes
 * it, K and J move it up and down; t the total budget, s whether Saturday
 * counts. Ctrl-S checks the route by common/routes.c's rules (the same the
 * daemon applies) and sends route.set; a refusal names the stage or the
 * total, in the user's language. Without the right to route.set (op.list)
 * the route is shown, read only.
 */
#include "client/screen/screens.h"
#include "client/widget/editform.h"
#include "client/widget/labels.h"
#include "client/widget/ticketlist.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/routes.h"

#define DEPARTMENTS_MAX 32

enum { HOME, ABROAD, VARIANTS };

struct stage_row {
	char department[ROUTE_DEPARTMENT_MAX + 1];
	double days;
};

struct variant {
	struct stage_row s[ROUTE_STAGES_MAX];
	int n;               /* abroad: 0, the home stages */
	double close;        /* abroad: 0, the home total */
};

struct route_edit {
	char category[16];
	struct variant v[VARIANTS];
	bool saturday;
	int cur, sel;
	int bad;                     /* the stage a problem is at, or -1 */
	bool dirty;
	int64_t save_id;
	char error[512];
	char deps[DEPARTMENTS_MAX][ROUTE_DEPARTMENT_MAX + 1];
	int ndeps;
};

static struct route_edit *
edit_of(struct app *a)
{
	return ui_view_of(a, &ui_route_edit_view)->priv;
}

/* The stages the variant shown goes by: abroad without its own, home's. */
static const struct variant *
stages_of(const struct route_edit *e, int variant)
{
	return variant == ABROAD && e->v[ABROAD].n == 0 ? &e->v[HOME] : &e->v[variant];
}

static double
route_stage_days_of(const struct variant *v)
{
	double sum = 0;

	for (int i = 0; i < v->n; i++)
		sum += v->s[i].days;
	return sum;
}

static double
close_of(const struct route_edit *e, int variant)
{
	return variant == ABROAD && e->v[ABROAD].close == 0 ? e->v[HOME].close :
	    e->v[variant].close;
}

/* ---- from and to the wire */

static void
read_variant(struct variant *v, const cJSON *stages, const cJSON *close)
{
	const cJSON *s;

	v->n = 0;
	cJSON_ArrayForEach(s, stages) {
		if (v->n == ROUTE_STAGES_MAX)
			break;
		ui_copy(v->s[v->n].department, sizeof v->s[v->n].department,
		    ui_jstr(s, "department"));
		v->s[v->n++].days = cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(s, "days"));
	}
	v->close = cJSON_IsNumber(close) ? close->valuedouble : 0;
}

static cJSON *
stages_json(const struct variant *v)
{
	cJSON *arr = cJSON_CreateArray();

	for (int i = 0; i < v->n; i++) {
		cJSON *s = cJSON_CreateObject();
		cJSON_AddStringToObject(s, "department", v->s[i].department);
		cJSON_AddNumberToObject(s, "days", v->s[i].days);
		cJSON_AddItemToArray(arr, s);
	}
	return arr;
}

static cJSON *
route_args(const struct route_edit *e)
{
	cJSON *args = cJSON_CreateObject();

	cJSON_AddStringToObject(args, "category", e->category);
	cJSON_AddItemToObject(args, "stages", stages_json(&e->v[HOME]));
	cJSON_AddNumberToObject(args, "close_days", e->v[HOME].close);
	cJSON_AddBoolToObject(args, "saturday_counts", e->saturday);
	if (e->v[ABROAD].n > 0 || e->v[ABROAD].close > 0) {
		cJSON *abroad = cJSON_AddObjectToObject(args, "abroad");
		if (e->v[ABROAD].n > 0)
			cJSON_AddItemToObject(abroad, "stages", stages_json(&e->v[ABROAD]));
		if (e->v[ABROAD].close > 0)
			cJSON_AddNumberToObject(abroad, "close_days", e->v[ABROAD].close);
	} else
		cJSON_AddNullToObject(args, "abroad");
	return args;
}

/* route.get shows the abroad variant whole; what is the same as at home
 * is taken as "as at home", so a later change at home holds abroad too. */
static void
inherit_home(struct route_edit *e)
{
	struct variant *h = &e->v[HOME], *x = &e->v[ABROAD];
	bool same = x->n == h->n;

	for (int i = 0; same && i < h->n; i++)
		same = strcmp(x->s[i].department, h->s[i].department) == 0 &&
		    x->s[i].days == h->s[i].days;
	if (same)
		x->n = 0;
	if (x->close == h->close)
		x->close = 0;
}

void
route_edit_show(struct app *a, const cJSON *route, const cJSON *departments,
    const struct view_ops *back)
{
	struct route_edit *e = edit_of(a);
	const cJSON *abroad = cJSON_GetObjectItemCaseSensitive(route, "abroad"), *d;

	net_cancel(a, e->save_id);
	memset(e, 0, sizeof *e);
	e->bad = -1;
	ui_copy(e->category, sizeof e->category, ui_jstr(route, "category"));
	read_variant(&e->v[HOME], cJSON_GetObjectItemCaseSensitive(route, "stages"),
	    cJSON_GetObjectItemCaseSensitive(route, "close_days"));
	if (cJSON_IsObject(abroad))
		read_variant(&e->v[ABROAD], cJSON_GetObjectItemCaseSensitive(abroad, "stages"),
		    cJSON_GetObjectItemCaseSensitive(abroad, "close_days"));
	inherit_home(e);
	e->saturday = ui_jbool(route, "saturday_counts");
	cJSON_ArrayForEach(d, departments)
		if (e->ndeps < DEPARTMENTS_MAX)
			ui_copy(e->deps[e->ndeps++], sizeof e->deps[0], ui_jstr(d, "code"));
	ui_show(a, &ui_route_edit_view, back);
}

/* ---- checking: the problem in words, the stage it is at */

static void
say_problem(struct route_edit *e, int variant, enum route_problem p, int at,
    const char *code)
{
	const struct variant *v = stages_of(e, variant);
	char what[400];

	e->cur = variant;
	e->bad = at;
	if (at >= 0)
		e->sel = at;
	switch (p) {
	case ROUTE_NO_STAGES:
		snprintf(what, sizeof what, _("A route has 1 to %d stages"), ROUTE_STAGES_MAX);
		break;
	case ROUTE_NO_DEPARTMENT:
		if (code != NULL)
			snprintf(what, sizeof what, _("Stage %d: no such department (%s)"), at + 1,
			    code);
		else
			snprintf(what, sizeof what, _("Stage %d: choose a department"), at + 1);
		break;
	case ROUTE_STAGE_DAYS:
		snprintf(what, sizeof what, _("Stage %d: a budget of 0.5 to %d working days, "
		    "in halves"), at + 1, ROUTE_STAGE_DAYS_MAX);
		break;
	case ROUTE_REPEATED:
		snprintf(what, sizeof what, _("Stage %d: the same department as the stage "
		    "before it"), at + 1);
		break;
	case ROUTE_CLOSE_DAYS:
		snprintf(what, sizeof what, _("The total budget: 0.5 to %d working days, in "
		    "halves"), ROUTE_CLOSE_DAYS_MAX);
		break;
	default:
		snprintf(what, sizeof what, _("The stages add up to %g working days, more than "
		    "the total budget of %g"), route_stage_days_of(v), close_of(e, variant));
	}
	snprintf(e->error, sizeof e->error, "%s%s", variant == ABROAD ? _("Abroad: ") : "",
	    what);
}

/* common/routes.c's rules, both variants; false with the problem said. */
static bool
check_route(struct route_edit *e)
{
	for (int variant = HOME; variant < VARIANTS; variant++) {
		const struct variant *v = stages_of(e, variant);
		struct route_stage s[ROUTE_STAGES_MAX];
		enum route_problem p;
		int at;

		if (variant == ABROAD && e->v[ABROAD].n == 0 && e->v[ABROAD].close == 0)
			break;
		for (int i = 0; i < v->n; i++)
			s[i] = (struct route_stage){ v->s[i].department, v->s[i].days };
		if ((p = route_check(s, v->n, close_of(e, variant), &at)) != ROUTE_OK) {
			say_problem(e, variant, p, at, NULL);
			return false;
		}
	}
	return true;
}

/* The daemon's refusal by its field ("abroad.stages[2].department",
 * "close_days", ...) in the user's words; false when it names none of
 * the route's. */
static bool
refusal_problem(struct route_edit *e, const cJSON *reply)
{
	const char *field = reply_field(reply);
	const char *msg = ui_jstr(cJSON_GetObjectItemCaseSensitive(reply, "error"), "message");
	const char *no = strstr(msg, "no department ");
	int variant = HOME, at = -1;

	if (strcmp(reply_code(reply), "invalid_argument") != 0)
		return false;
	if (strncmp(field, "abroad.", 7) == 0) {
		variant = ABROAD;
		field += 7;
	}
	if (sscanf(field, "stages[%d]", &at) == 1) {
		enum route_problem p = strstr(field, ".days") ? ROUTE_STAGE_DAYS :
		    no != NULL ? ROUTE_NO_DEPARTMENT : strstr(msg, "same department") ?
		    ROUTE_REPEATED : ROUTE_NO_DEPARTMENT;
		say_problem(e, variant, p, at, no != NULL ? no + 14 : NULL);
	} else if (strcmp(field, "close_days") == 0)
		say_problem(e, variant, strstr(msg, "add up") ? ROUTE_OVER_TOTAL :
		    ROUTE_CLOSE_DAYS, -1, NULL);
	else if (strcmp(field, "stages") == 0)
		say_problem(e, variant, ROUTE_NO_STAGES, -1, NULL);
	else
		return false;
	return true;
}

/* ---- saving */

static void
on_saved(struct app *a, void *ctx, const cJSON *reply)
{
	struct route_edit *e = ctx;
	char text[512];

	e->save_id = 0;
	a->dirty = true;
	if (reply == NULL) {
		ui_copy(e->error, sizeof e->error, _("The connection dropped while saving: "
		    "Ctrl-S saves again once it is back"));
		return;
	}
	if (reply_ok(reply)) {
		e->dirty = false;
		if (a->view == &ui_route_edit_view)
			ui_leave(a);
		ui_message(a, false, _("The route of %s is saved: the next complaints follow it"),
		    label_category(e->category));
		return;
	}
	if (refusal_problem(e, reply)) {
		ui_copy(text, sizeof text, e->error);
		snprintf(e->error, sizeof e->error, _("Not saved: %s"), text);
	} else {
		net_error_text(reply, text, sizeof text);
		snprintf(e->error, sizeof e->error, _("Not saved: %s"), text);
	}
}

static unsigned
run_save(struct app *a, struct view *v)
{
	struct route_edit *e = v->priv;

	if (e->save_id > 0)
		return UI_HANDLED;
	if (!check_route(e))
		return UI_HANDLED | UI_REDRAW;
	edit_form_send(a, &e->save_id, e->error, sizeof e->error, "route.set", route_args(e),
	    on_saved, e);
	return UI_HANDLED | UI_REDRAW;
}

/* ---- editing */

/* The variant shown as editable: abroad without its own stages has none
 * to edit (c copies the home ones). */
static struct variant *
shown(struct route_edit *e)
{
	return &e->v[e->cur];
}

static void
changed(struct route_edit *e)
{
	e->dirty = true;
	e->bad = -1;
	e->error[0] = '\0';
}

static bool
can_edit(const struct app *a, const struct view *v)
{
	(void)v;
	return op_rights_allowed(&a->rights, "route.set");
}

static bool
can_edit_stage(const struct app *a, const struct view *v)
{
	const struct route_edit *e = v->priv;

	return can_edit(a, v) && e->sel < e->v[e->cur].n;
}

static bool
can_copy(const struct app *a, const struct view *v)
{
	const struct route_edit *e = v->priv;

	return can_edit(a, v) && e->cur == ABROAD && e->v[ABROAD].n == 0;
}

static int
department_index(const struct route_edit *e, const char *code)
{
	for (int i = 0; i < e->ndeps; i++)
		if (strcmp(e->deps[i], code) == 0)
			return i;
	return -1;
}

static void
cycle_department(struct route_edit *e, int dir)
{
	struct stage_row *s = &shown(e)->s[e->sel];
	int i = department_index(e, s->department);

	if (e->ndeps == 0)
		return;
	i = i < 0 ? 0 : (i + dir + e->ndeps) % e->ndeps;
	ui_copy(s->department, sizeof s->department, e->deps[i]);
	changed(e);
}

static unsigned
run_add(struct app *a, struct view *v)
{
	struct route_edit *e = v->priv;
	struct variant *var = shown(e);
	int at = var->n == 0 ? 0 : e->sel + 1;

	(void)a;
	if (var->n == ROUTE_STAGES_MAX || e->ndeps == 0) {
		snprintf(e->error, sizeof e->error, _("A route has 1 to %d stages"),
		    ROUTE_STAGES_MAX);
		return UI_REDRAW;
	}
	memmove(&var->s[at + 1], &var->s[at], (size_t)(var->n - at) * sizeof var->s[0]);
	var->n++;
	/* a department other than the one before it, so the new stage can work */
	ui_copy(var->s[at].department, sizeof var->s[at].department,
	    e->deps[at > 0 && strcmp(e->deps[0], var->s[at - 1].department) == 0 ? 1 % e->ndeps : 0]);
	var->s[at].days = 1;
	e->sel = at;
	changed(e);
	return UI_REDRAW;
}

static unsigned
run_remove(struct app *a, struct view *v)
{
	struct route_edit *e = v->priv;
	struct variant *var = shown(e);

	(void)a;
	memmove(&var->s[e->sel], &var->s[e->sel + 1],
	    (size_t)(var->n - e->sel - 1) * sizeof var->s[0]);
	var->n--;
	if (e->sel >= var->n && e->sel > 0)
		e->sel--;
	changed(e);
	return UI_REDRAW;
}

static void
move_stage(struct route_edit *e, int dir)
{
	struct variant *var = shown(e);
	int to = e->sel + dir;
	struct stage_row t;

	if (to < 0 || to >= var->n)
		return;
	t = var->s[to];
	var->s[to] = var->s[e->sel];
	var->s[e->sel] = t;
	e->sel = to;
	changed(e);
}

static unsigned
run_up(struct app *a, struct view *v)
{
	(void)a;
	move_stage(v->priv, -1);
	return UI_REDRAW;
}

static unsigned
run_down(struct app *a, struct view *v)
{
	(void)a;
	move_stage(v->priv, 1);
	return UI_REDRAW;
}

static unsigned
run_copy(struct app *a, struct view *v)
{
	struct route_edit *e = v->priv;

	(void)a;
	e->v[ABROAD].n = e->v[HOME].n;
	memcpy(e->v[ABROAD].s, e->v[HOME].s, sizeof e->v[HOME].s);
	changed(e);
	return UI_REDRAW;
}

static unsigned
run_saturday(struct app *a, struct view *v)
{
	struct route_edit *e = v->priv;

	(void)a;
	e->saturday = !e->saturday;
	changed(e);
	return UI_REDRAW;
}

/* A number of working days typed: "1.5"; false when it is not one. */
static bool
parse_days(const char *text, double max, double *days)
{
	char *end;
	double d = strtod(text, &end);

	if (end == text || *end != '\0' || !route_days_valid(d, max))
		return false;
	*days = d;
	return true;
}

static void
days_submit(struct app *a, struct overlay *o, void *ctx, const char *text)
{
	struct route_edit *e = edit_of(a);
	bool total = *(const bool *)ctx;
	double days;

	if (total && e->cur == ABROAD && text[0] == '\0') {
		e->v[ABROAD].close = 0;   /* the home total */
	} else if (!parse_days(text, total ? ROUTE_CLOSE_DAYS_MAX : ROUTE_STAGE_DAYS_MAX, &days)) {
		ui_prompt_error(a, o, _("A number of working days, in halves, 0.5 to %d"),
		    total ? ROUTE_CLOSE_DAYS_MAX : ROUTE_STAGE_DAYS_MAX);
		return;
	} else if (total)
		shown(e)->close = days;
	else
		shown(e)->s[e->sel].days = days;
	changed(e);
	ui_prompt_close(a, o);
}

static unsigned
run_days(struct app *a, struct view *v)
{
	struct route_edit *e = v->priv;
	const struct stage_row *s = &shown(e)->s[e->sel];
	char title[160], initial[16];
	bool total = false;

	snprintf(title, sizeof title, _("Stage %d, %s: budget"), e->sel + 1,
	    label_department(s->department));
	snprintf(initial, sizeof initial, "%g", s->days);
	ui_prompt(a, title, _("Working days:"), initial, days_submit, &total, sizeof total);
	return 0;
}

static unsigned
run_total(struct app *a, struct view *v)
{
	struct route_edit *e = v->priv;
	char initial[16] = "";
	bool total = true;

	if (shown(e)->close > 0)
		snprintf(initial, sizeof initial, "%g", shown(e)->close);
	ui_prompt(a, e->cur == ABROAD ? _("Total budget abroad (empty: as at home)") :
	    _("Total budget of the route"), _("Working days:"), initial, days_submit, &total,
	    sizeof total);
	return 0;
}

static unsigned
run_variant(struct app *a, struct view *v)
{
	struct route_edit *e = v->priv;

	(void)a;
	e->cur = (e->cur + 1) % VARIANTS;
	e->sel = 0;
	return UI_REDRAW;
}

static const struct ui_key edit_keys[] = {
	{ .key = UI_CTRL('s'), .alt = UI_K(KEY_F(2)), .name = N_("Ctrl-S"),
	  .label = N_("Save"), .help = N_("Check the route and save it (also F2)"),
	  .run = run_save, .when = can_edit },
	{ .key = UI_KEY_ENTER, .alt = 'd', .name = N_("Enter"), .label = N_("Days"),
	  .help = N_("The chosen stage's budget in working days (also d)"), .run = run_days,
	  .when = can_edit_stage },
	{ .key = UI_K(KEY_LEFT), .name = N_("Left/Right"), .label = N_("Department"),
	  .help = N_("The chosen stage's department, from the list of departments"),
	  .when = can_edit_stage },
	{ .key = 'a', .name = "a", .label = N_("Add"), .help = N_("A new stage after the "
	  "chosen one"), .run = run_add, .when = can_edit },
	{ .key = 'x', .alt = UI_K(KEY_DC), .name = N_("x, Delete"), .label = N_("Remove"),
	  .help = N_("Remove the chosen stage"), .run = run_remove, .when = can_edit_stage },
	{ .key = 'K', .name = "K", .help = N_("Move the chosen stage up"), .run = run_up,
	  .when = can_edit_stage },
	{ .key = 'J', .name = "J", .help = N_("Move the chosen stage down"), .run = run_down,
	  .when = can_edit_stage },
	{ .key = 't', .name = "t", .label = N_("Total"), .help = N_("The route's total "
	  "budget in working days"), .run = run_total, .when = can_edit },
	{ .key = 's', .name = "s", .label = N_("Saturday"), .help = N_("Whether Saturday "
	  "counts as a working day for the deadlines"), .run = run_saturday, .when = can_edit },
	{ .key = 'c', .name = "c", .label = N_("Copy"), .help = N_("Abroad: copy the home "
	  "stages, to change them for abroad"), .run = run_copy, .when = can_copy },
	{ .key = UI_KEY_TAB, .name = N_("Tab, 1-2"), .label = N_("Variant"),
	  .help = N_("At home or abroad"), .run = run_variant },
	{ .key = UI_K(KEY_UP), .name = N_("Up/Down"), .help = N_("Choose a stage") },
	{ .key = UI_KEY_ESC, .name = N_("Esc"), .label = N_("Back"),
	  .help = N_("Back to the routes (asks first when something was changed)"),
	  .run = ui_key_leave },
	{ 0 }
};

/* ---- the view */

static void
draw_stages(struct app *a, const struct route_edit *e, int y, int rows)
{
	const struct variant *v = stages_of(e, e->cur);
	bool inherited = v != &e->v[e->cur];
	char line[256];
	int first = e->sel >= rows ? e->sel - rows + 1 : 0;
	int pad = 24 - ui_text_width(_("Department"));

	attrset(A_BOLD);
	snprintf(line, sizeof line, " #  %s%*s %s", _("Department"), pad > 0 ? pad : 0, "",
	    _("Working days"));
	ui_put(y++, 1, COLS - 2, line);
	attrset(A_NORMAL);
	for (int i = first; i < v->n && i - first < rows; i++) {
		const char *dep = label_department(v->s[i].department);
		int gap = 24 - ui_text_width(dep);

		snprintf(line, sizeof line, "%2d  %s%*s %g", i + 1, dep, gap > 0 ? gap : 0, "",
		    v->s[i].days);
		if (inherited)
			attrset(A_DIM);
		else if (i == e->bad)
			attrset(ui_attr(a, UI_C_ERROR) | (i == e->sel ? A_REVERSE : 0));
		else if (i == e->sel)
			attrset(A_REVERSE);
		ui_put(y + i - first, 1, COLS - 2, line);
		attrset(A_NORMAL);
	}
}

static void
edit_paint(struct app *a, struct view *v, int top, int rows)
{
	struct route_edit *e = v->priv;
	const struct variant *st = stages_of(e, e->cur);
	char line[512], sum[32];
	int x;

	snprintf(line, sizeof line, _("Route: %s"), label_category(e->category));
	attrset(ui_attr(a, UI_C_TITLE));
	x = 1 + ui_put(top, 1, COLS - 2, line);
	attrset(A_NORMAL);
	if (!can_edit(a, v))
		ui_put(top, x + 2, COLS - x - 3, _("(read only)"));
	else if (e->save_id > 0)
		ui_put(top, x + 2, COLS - x - 3, _("Saving..."));
	x = list_draw_tab(a, top + 1, 1, 1, _("At home"), e->cur == HOME);
	list_draw_tab(a, top + 1, x, 2, _("Abroad"), e->cur == ABROAD);
	snprintf(sum, sizeof sum, "%g", route_stage_days_of(st));
	if (e->cur == ABROAD && e->v[ABROAD].close == 0)
		snprintf(line, sizeof line, _("Total budget: %g working days (as at home); "
		    "the stages: %s"), close_of(e, e->cur), sum);
	else
		snprintf(line, sizeof line, _("Total budget: %g working days; the stages: %s"),
		    close_of(e, e->cur), sum);
	ui_put(top + 2, 1, COLS - 2, line);
	snprintf(line, sizeof line, _("Saturday counts as a working day: %s"),
	    e->saturday ? _("yes") : _("no"));
	ui_put(top + 3, 1, COLS - 2, line);
	if (st != &e->v[e->cur])
		ui_put(top + 4, 1, COLS - 2, _("Abroad: the same stages as at home (c copies "
		    "them here to change them)"));
	draw_stages(a, e, top + 5, rows - 7);
	form_draw_error(a, top + rows - 1, e->error, can_edit(a, v) ?
	    _("Ctrl-S saves; F1 lists the keys; Esc goes back") : _("Esc goes back"));
}

static unsigned
edit_input(struct app *a, struct view *v, ui_key_t key)
{
	struct route_edit *e = v->priv;
	int n = stages_of(e, e->cur)->n;

	if (key == UI_K(KEY_UP) || key == 'k') {
		e->sel = e->sel > 0 ? e->sel - 1 : 0;
		return UI_HANDLED | UI_REDRAW;
	}
	if (key == UI_K(KEY_DOWN) || key == 'j') {
		e->sel = e->sel + 1 < n ? e->sel + 1 : e->sel;
		return UI_HANDLED | UI_REDRAW;
	}
	if (key == '1' || key == '2') {
		e->cur = key == '1' ? HOME : ABROAD;
		e->sel = 0;
		return UI_HANDLED | UI_REDRAW;
	}
	if ((key == UI_K(KEY_LEFT) || key == UI_K(KEY_RIGHT)) && can_edit_stage(a, v)) {
		cycle_department(e, key == UI_K(KEY_LEFT) ? -1 : 1);
		return UI_HANDLED | UI_REDRAW;
	}
	return 0;
}

static bool
edit_unsaved(const struct app *a, const struct view *v)
{
	(void)a;
	return ((const struct route_edit *)v->priv)->dirty;
}

static void
edit_session(struct app *a, struct view *v, enum ui_session_event ev)
{
	struct route_edit *e = v->priv;

	(void)a;
	if (ev == UI_DISCONNECTED)
		e->save_id = 0;
}

const struct view_ops ui_route_edit_view = {
	.name = "route_edit",
	.title = N_("Complaint route"),
	.private_size = sizeof(struct route_edit),
	.keys = edit_keys,
	.paint = edit_paint,
	.input = edit_input,
	.session = edit_session,
	.unsaved = edit_unsaved,
};
