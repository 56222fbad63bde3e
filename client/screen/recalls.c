/*
 * screen/recalls.c: product recalls (召回, doc/domain.md, Recalls) as two
 * screens over recall.list: the recall board of quality and managers, and
 * the operators' recall call list. Each recall is a row with a progress bar
 * of its units over the affected (# done or written off, + booked, = told,
 * . still to call), red when notify_due has passed with customers not told
 * (the daemon's `late`). Tab (or 1-2): open, closed; m the next page;
 * Enter opens the recall's units (screen/recall_units.c), where the
 * operators record each call's outcome; a (quality, managers) a new recall
 * (screen/recall_new.c).
 */
#include "client/screen/screens.h"
#include "client/widget/labels.h"
#include "client/widget/pagelist.h"
#include "client/widget/ticketlist.h"

#include <stdio.h>
#include <string.h>

#include "common/recalls.h"

#define BAR_WIDTH 10

struct recalls {
	struct pagelist list;
	int queue;            /* into recall_queue_names */
};

static const char *const queue_labels[] = { N_("Open"), N_("Closed") };
#define NQUEUES 2

enum { RC_NO, RC_TITLE, RC_DUE, RC_BAR, RC_TOLD, RC_BOOKED, RC_DONE, RC_UNITS, RC_NCOLS };

static const struct table_column recall_cols[] = {
	[RC_NO] = { N_("Recall"), 11, 0, false, true },
	[RC_TITLE] = { N_("Title"), 0, 0, false, true },
	[RC_DUE] = { N_("Tell by"), 11, 1, false, true },
	[RC_BAR] = { N_("Progress"), BAR_WIDTH, 0, false, false },
	[RC_TOLD] = { N_("Told"), 6, 2, true, false },
	[RC_BOOKED] = { N_("Booked"), 6, 3, true, false },
	[RC_DONE] = { N_("Done"), 6, 2, true, false },
	[RC_UNITS] = { N_("Units"), 6, 0, true, false },
};

static int64_t
count_of(const cJSON *r, const char *state)
{
	return ui_jint(cJSON_GetObjectItemCaseSensitive(r, "counts"), state, 0);
}

/* "##++==...." : finished (done, written off), booked, told, the rest. */
static void
progress_bar(const cJSON *r, char *buf, size_t len)
{
	int64_t n = ui_jint(r, "affected", 0);
	int64_t upto[3] = {
		count_of(r, "done") + count_of(r, "written_off"),
		count_of(r, "done") + count_of(r, "written_off") + count_of(r, "booked"),
		count_of(r, "done") + count_of(r, "written_off") + count_of(r, "booked") +
		    count_of(r, "notified"),
	};
	static const char marks[] = "#+=";
	int i = 0;

	for (int m = 0; m < 3 && n > 0; m++)
		for (; i < (int)(upto[m] * BAR_WIDTH / n) && (size_t)i + 1 < len; i++)
			buf[i] = marks[m];
	for (; i < BAR_WIDTH && (size_t)i + 1 < len; i++)
		buf[i] = '.';
	buf[i] = '\0';
}

static void
recall_cell(const struct app *a, const void *data, size_t i, int col, char *buf,
    size_t len)
{
	const cJSON *r = pagelist_row(data, i);
	time_t t;

	switch (col) {
	case RC_NO: ui_copy(buf, len, ui_jstr(r, "no")); break;
	case RC_TITLE: ui_copy(buf, len, ui_jstr(r, "title")); break;
	case RC_DUE:
		ui_show_time(a, ui_parse_time(ui_jstr(r, "notify_due"), &t, NULL) ? t : 0, true,
		    buf, len);
		break;
	case RC_BAR: progress_bar(r, buf, len); break;
	case RC_TOLD: snprintf(buf, len, "%lld", (long long)ui_jint(r, "notified", 0)); break;
	case RC_BOOKED: snprintf(buf, len, "%lld", (long long)count_of(r, "booked")); break;
	case RC_DONE: snprintf(buf, len, "%lld", (long long)ui_jint(r, "done", 0)); break;
	default: snprintf(buf, len, "%lld", (long long)ui_jint(r, "affected", 0));
	}
}

static void
recall_key(const void *data, size_t i, char *buf, size_t len)
{
	ui_copy(buf, len, ui_jstr(pagelist_row(data, i), "no"));
}

/* Red: notify_due has passed with customers not told. */
static attr_t
recall_attr(const struct app *a, const void *data, size_t i)
{
	return ui_jbool(pagelist_row(data, i), "late") ? ui_attr(a, UI_C_OVERDUE) : A_NORMAL;
}

static const struct table_source recall_source = {
	.count = pagelist_count, .cell = recall_cell, .key = recall_key,
	.attr = recall_attr,
};

static struct recalls *
recalls_of(const struct view *v)
{
	struct recalls *s = v->priv;

	if (!s->list.ready)
		pagelist_init(&s->list, "recall.list", "recalls", recall_cols, RC_NCOLS,
		    &recall_source);
	return s;
}

static void
load(struct app *a, struct recalls *s)
{
	cJSON *args = cJSON_CreateObject();

	cJSON_AddStringToObject(args, "queue", recall_queue_names[s->queue]);
	pagelist_load(a, &s->list, args);
}

static void
set_queue(struct app *a, struct view *v, int queue)
{
	struct recalls *s = recalls_of(v);

	s->queue = (queue + NQUEUES) % NQUEUES;
	load(a, s);
	a->dirty = true;
}

static unsigned
run_queue(struct app *a, struct view *v)
{
	set_queue(a, v, recalls_of(v)->queue + 1);
	return UI_HANDLED;
}

static bool
has_recall(const struct app *a, const struct view *v)
{
	(void)a;
	return pagelist_selected(&recalls_of(v)->list) != NULL;
}

static unsigned
run_units(struct app *a, struct view *v)
{
	recall_units_show(a, pagelist_selected(&recalls_of(v)->list), v->ops);
	return UI_HANDLED;
}

static bool
may_create(const struct app *a, const struct view *v)
{
	(void)v;
	return op_rights_allowed(&a->rights, "recall.create");
}

static unsigned
run_new(struct app *a, struct view *v)
{
	(void)v;
	recall_new_show(a);
	return UI_HANDLED;
}

static bool
has_more(const struct app *a, const struct view *v)
{
	(void)a;
	return pagelist_has_more(&recalls_of(v)->list);
}

static unsigned
run_more(struct app *a, struct view *v)
{
	pagelist_more(a, &recalls_of(v)->list);
	return UI_HANDLED;
}

static unsigned
run_reload(struct app *a, struct view *v)
{
	if (a->logged_in)
		load(a, recalls_of(v));
	return UI_HANDLED;
}

static const struct ui_key recalls_keys[] = {
	{ .key = UI_KEY_ENTER, .name = N_("Enter"), .label = N_("Units"),
	  .help = N_("The recall's units and their customers, to call"),
	  .run = run_units, .when = has_recall },
	{ .key = 'a', .name = "a", .label = N_("New recall"),
	  .help = N_("A new recall: the models, maybe serials and purchase dates; every "
	      "affected customer is sent a notice"), .run = run_new, .when = may_create },
	{ .key = UI_KEY_TAB, .name = N_("Tab, 1-2"), .label = N_("Queue"),
	  .help = N_("Recalls: open, closed"), .run = run_queue },
	{ .key = 'm', .name = "m", .label = N_("More"), .help = N_("The next page"),
	  .run = run_more, .when = has_more },
	{ .key = UI_K(KEY_F(5)), .run = run_reload },   /* the frame names F5 */
	TABLE_HELP_KEYS,
	{ 0 }
};

static void
recalls_enter(struct app *a, struct view *v)
{
	if (a->logged_in)
		load(a, recalls_of(v));
}

static void
recalls_paint(struct app *a, struct view *v, int top, int rows)
{
	struct recalls *s = recalls_of(v);
	int x;

	attrset(ui_attr(a, UI_C_TITLE));
	x = 1 + ui_put(top, 1, COLS - 2, _(v->ops->title));
	attrset(A_NORMAL);
	x += 2;
	for (int i = 0; i < NQUEUES; i++)
		x = list_draw_tab(a, top, x, i + 1, _(queue_labels[i]), i == s->queue);
	ui_put(top + 1, 1, COLS - 2, _("Progress: # done or written off, + booked, = told, "
	    ". to call; red: not all told by the time"));
	pagelist_status(a, &s->list, top + 2);
	table_draw(&s->list.table, a, top + 3, rows - 3);
}

static unsigned
recalls_input(struct app *a, struct view *v, ui_key_t key)
{
	if (key >= '1' && key < '1' + (ui_key_t)NQUEUES) {
		set_queue(a, v, (int)(key - '1'));
		return UI_HANDLED | UI_REDRAW;
	}
	return table_key(&recalls_of(v)->list.table, a, key);
}

static void
recalls_session(struct app *a, struct view *v, enum ui_session_event ev)
{
	struct recalls *s = recalls_of(v);

	pagelist_session(a, &s->list, ev);
	if ((ev == UI_LOGGED_IN || ev == UI_RESYNC) && a->view == v->ops)
		load(a, s);
}

static void
recalls_destroy(struct app *a, struct view *v)
{
	pagelist_free(a, &((struct recalls *)v->priv)->list);
}

/* The same screen twice: each role's own title (and state). */
#define RECALL_LIST_VIEW(ident, vname, vtitle) \
	const struct view_ops ident = { \
		.name = vname, .title = vtitle, .flags = UI_VIEW_SCREEN, \
		.private_size = sizeof(struct recalls), .keys = recalls_keys, \
		.enter = recalls_enter, .paint = recalls_paint, .input = recalls_input, \
		.session = recalls_session, .destroy = recalls_destroy, \
	};

RECALL_LIST_VIEW(ui_recalls_view, "recalls", N_("Recall board"))
RECALL_LIST_VIEW(ui_recall_calls_view, "recall_calls", N_("Recall call list"))
