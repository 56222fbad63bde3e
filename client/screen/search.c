/*
 * screen/search.c: the global search (F9 on every screen once logged in,
 * forms included; doc/domain.md, Search). One box for whatever the caller
 * says: a ticket, complaint or receipt number, a phone in any form, part
 * of a name, a serial, words of an address or a fault. Enter sends it
 * (`search`); the hits show as a list (kind, number or name, state,
 * customer, the text around the match), Up/Down choose one and Enter
 * opens it: the ticket's detail, the complaint's, the customer's file. A
 * full number whose record comes first opens at once. Esc from the record
 * comes back here with the hits as they were; Esc here goes back to the
 * screen the search was opened from, which is left as it was (a form keeps
 * what was typed in it).
 */
#include "client/screen/complaints.h"
#include "client/screen/screens.h"
#include "client/ui/field.h"
#include "client/widget/labels.h"
#include "client/widget/table.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/domain.h"

#define SEARCH_Q_MAX 100   /* the daemon's limit, in characters */
#define ASKED_MAX (SEARCH_Q_MAX * 4 + 1)
#define BACK_HOPS 8        /* a chain of details and forms is never longer */

struct search {
	struct ui_field box;
	char asked[ASKED_MAX];              /* the text the hits are for */
	cJSON *hits;                        /* the hits array, or NULL */
	int64_t request;                    /* the search in flight, or 0 */
	char error[512];
	struct table table;
};

enum { SC_KIND, SC_KEY, SC_STATE, SC_CUSTOMER, SC_TEXT };

static const struct table_column search_cols[] = {
	[SC_KIND] = { N_("Kind"), 9, 0, false, true },
	[SC_KEY] = { N_("No. or name"), 14, 0, false, true },
	[SC_STATE] = { N_("State"), 10, 2, false, true },
	[SC_CUSTOMER] = { N_("Customer"), 10, 1, false, true },
	[SC_TEXT] = { N_("Text"), 0, 0, false, false },
};

static struct search *
search_of(struct app *a)
{
	return ui_view_of(a, &ui_search_view)->priv;
}

/* ---- the hits, as the table's rows */

static const cJSON *
hit_at(const void *data, size_t i)
{
	return cJSON_GetArrayItem(((const struct search *)data)->hits, (int)i);
}

static size_t
hits_count(const void *data)
{
	return (size_t)cJSON_GetArraySize(((const struct search *)data)->hits);
}

static void
hit_cell(const struct app *a, const void *data, size_t i, int col, char *buf,
    size_t len)
{
	const cJSON *h = hit_at(data, i);
	const char *kind = ui_jstr(h, "kind");
	bool customer = strcmp(kind, "customer") == 0;

	(void)a;
	switch (col) {
	case SC_KIND: ui_copy(buf, len, label_hit_kind(kind)); break;
	case SC_KEY: ui_copy(buf, len, ui_jstr(h, customer ? "title" : "key")); break;
	case SC_STATE:
		ui_copy(buf, len, strcmp(kind, "complaint") == 0 ?
		    label_complaint_state(ui_jstr(h, "state")) :
		    label_ticket_state(ui_jstr(h, "state")));
		break;
	case SC_CUSTOMER:
		ui_copy(buf, len, customer ? "" : ui_jstr(
		    cJSON_GetObjectItemCaseSensitive(h, "customer"), "name"));
		break;
	default: ui_copy(buf, len, ui_jstr(h, "snippet")); break;
	}
}

static void
hit_key(const void *data, size_t i, char *buf, size_t len)
{
	const cJSON *h = hit_at(data, i);

	snprintf(buf, len, "%s:%s", ui_jstr(h, "kind"), ui_jstr(h, "key"));
}

static const struct table_source hit_source = {
	.count = hits_count, .cell = hit_cell, .key = hit_key,
};

static const cJSON *
selected_hit(const struct search *s)
{
	size_t i;

	return s->hits != NULL && table_selected(&s->table, &i) ? hit_at(s, i) : NULL;
}

/* ---- opening a record */

/* Takes ops out of the chain of `back`s from the search: a record opened
 * from here is shown by the same view it may have been opened from (a
 * ticket's detail, searched from another ticket's), and Esc must not go
 * round between the two. */
static void
unchain(struct app *a, const struct view_ops *ops)
{
	struct view *v = ui_view_of(a, &ui_search_view);

	for (int hops = 0; hops < BACK_HOPS && v->back != NULL; hops++) {
		if (v->back == ops) {
			v->back = ui_view_of(a, ops)->back;
			return;
		}
		v = ui_view_of(a, v->back);
	}
}

static void
open_hit(struct app *a, const cJSON *h)
{
	const char *kind = ui_jstr(h, "kind"), *key = ui_jstr(h, "key");

	if (strcmp(kind, "ticket") == 0) {
		unchain(a, &ui_detail_view);
		detail_show(a, key, &ui_search_view);
	} else if (strcmp(kind, "complaint") == 0) {
		unchain(a, &ui_complaint_detail_view);
		complaint_detail_show(a, key, &ui_search_view);
	} else if (strcmp(kind, "customer") == 0) {
		unchain(a, &ui_customer_file_view);
		customer_file_show(a, atoll(key), &ui_search_view);
	}
}

/* A full ticket, receipt or complaint number whose record came first. */
static bool
exact_hit(const char *asked, const cJSON *h)
{
	char no[ASKED_MAX];
	const char *kind = ui_jstr(h, "kind");

	ui_copy(no, sizeof no, asked);
	if (no[0] >= 'a' && no[0] <= 'z')
		no[0] = (char)(no[0] - 'a' + 'A');
	if (is_receipt_no(no))
		return strcmp(kind, "ticket") == 0;
	return (is_ticket_no(no) && strcmp(kind, "ticket") == 0 &&
	    strcmp(ui_jstr(h, "key"), no) == 0) ||
	    (is_complaint_no(no) && strcmp(kind, "complaint") == 0 &&
	    strcmp(ui_jstr(h, "key"), no) == 0);
}

/* ---- searching */

/* A new list for these hits (NULL: none), the first selected. */
static void
show_hits(struct app *a, struct search *s, cJSON *hits)
{
	cJSON_Delete(s->hits);
	s->hits = hits;
	table_free(&s->table);
	table_init(&s->table, search_cols, (int)(sizeof search_cols / sizeof search_cols[0]),
	    &hit_source, s);
	table_refresh(&s->table, a);
}

/* An empty box and no hits. */
static void
search_clear(struct app *a, struct search *s)
{
	net_cancel(a, s->request);
	s->request = 0;
	ui_field_init(&s->box, SEARCH_Q_MAX, false);
	s->asked[0] = s->error[0] = '\0';
	show_hits(a, s, NULL);
}

static void
on_hits(struct app *a, void *ctx, const cJSON *reply)
{
	struct search *s = ctx;
	const cJSON *hits = cJSON_GetObjectItemCaseSensitive(reply_result(reply), "hits");

	s->request = 0;
	a->dirty = true;
	if (reply == NULL) {
		ui_copy(s->error, sizeof s->error, _("The connection dropped: F5 searches again"));
		return;
	}
	if (!reply_ok(reply) || !cJSON_IsArray(hits)) {
		net_error_text(reply, s->error, sizeof s->error);
		return;
	}
	show_hits(a, s, cJSON_Duplicate(hits, true));
	if (a->view == &ui_search_view && cJSON_GetArraySize(hits) > 0 &&
	    exact_hit(s->asked, cJSON_GetArrayItem(hits, 0)))
		open_hit(a, cJSON_GetArrayItem(hits, 0));
}

static void
run_search(struct app *a, struct search *s)
{
	char q[ASKED_MAX];
	cJSON *args;

	ui_field_get(&s->box, q, sizeof q);
	if (q[strspn(q, " ")] == '\0')
		return;
	net_cancel(a, s->request);
	args = cJSON_CreateObject();
	cJSON_AddStringToObject(args, "q", q);
	s->request = net_request(a, "search", args, on_hits, s);
	s->error[0] = '\0';
	ui_copy(s->asked, sizeof s->asked, q);
	if (s->request < 0) {
		s->request = 0;
		ui_copy(s->error, sizeof s->error, _("Not connected: try again in a moment"));
	}
}

/* ---- the keys */

static bool
typed_anew(const struct search *s)
{
	char q[ASKED_MAX];

	ui_field_get(&s->box, q, sizeof q);
	return q[strspn(q, " ")] != '\0' && (s->hits == NULL || strcmp(q, s->asked) != 0);
}

static bool
to_search(const struct app *a, const struct view *v)
{
	(void)a;
	return typed_anew(v->priv);
}

static bool
to_open(const struct app *a, const struct view *v)
{
	(void)a;
	return !typed_anew(v->priv) && selected_hit(v->priv) != NULL;
}

static unsigned
key_search(struct app *a, struct view *v)
{
	run_search(a, v->priv);
	return 0;
}

static unsigned
key_open(struct app *a, struct view *v)
{
	open_hit(a, selected_hit(v->priv));
	return 0;
}

static const struct ui_key search_keys[] = {
	{ .key = UI_KEY_ENTER, .name = N_("Enter"), .label = N_("Search"),
	  .help = N_("Search for what is typed; a full number opens its record"),
	  .run = key_search, .when = to_search },
	{ .key = UI_KEY_ENTER, .name = N_("Enter"), .label = N_("Detail"),
	  .help = N_("Open the chosen ticket, complaint or customer file"),
	  .run = key_open, .when = to_open },
	{ .key = UI_K(KEY_DOWN), .name = N_("Up/Down"), .help = N_("Choose a hit") },
	{ .key = UI_K(KEY_NPAGE), .name = N_("PgUp/PgDn"), .help = N_("By a page") },
	{ .key = UI_CTRL('u'), .name = N_("Ctrl-U"), .help = N_("Clear what is typed") },
	{ .key = UI_KEY_ESC, .name = N_("Esc"), .label = N_("Back"),
	  .help = N_("Back to the screen the search was opened from"), .run = ui_key_leave },
	{ .key = UI_K(KEY_F(9)), .alt = UI_K(KEY_F(5)), .name = N_("F9"),
	  .help = N_("Search again (F5 too)"), .run = key_search },
	{ 0 }
};

/* ---- the view */

/* F9 from any screen: the search over it. From a record opened from the
 * search (or a form opened from that), back to the search as it was;
 * from anywhere else, an empty box. */
void
ui_search_open(struct app *a)
{
	const struct view_ops *v = a->view;

	for (int hops = 0; v != NULL && hops < BACK_HOPS; hops++) {
		if (v == &ui_search_view) {
			if (a->view != v)
				ui_switch(a, v);
			return;
		}
		if (v->flags & UI_VIEW_SCREEN)
			break;
		v = ui_view_of(a, v)->back;
	}
	search_clear(a, search_of(a));
	ui_show(a, &ui_search_view, a->view);
}

static void
search_status(struct app *a, const struct search *s, int y)
{
	char buf[768];
	int n = cJSON_GetArraySize(s->hits);

	if (s->error[0]) {
		attrset(ui_attr(a, UI_C_ERROR));
		ui_put(y, 1, COLS - 2, s->error);
		attrset(A_NORMAL);
		return;
	}
	if (s->request > 0)
		snprintf(buf, sizeof buf, "%s", _("Searching..."));
	else if (s->hits == NULL)
		snprintf(buf, sizeof buf, "%s", _("A number, a phone, part of a name, a serial, "
		    "words of an address or a fault"));
	else if (n == 0)
		snprintf(buf, sizeof buf, _("Nothing found for \"%s\""), s->asked);
	else
		snprintf(buf, sizeof buf, ngettext("%d found for \"%s\"", "%d found for \"%s\"",
		    (unsigned long)n), n, s->asked);
	ui_put(y, 1, COLS - 2, buf);
}

static void
search_paint(struct app *a, struct view *v, int top, int rows)
{
	struct search *s = v->priv;
	const char *label = _("Find:");
	int lw = ui_text_width(label), cx;

	attrset(ui_attr(a, UI_C_TITLE));
	ui_put(top, 1, COLS - 2, _("Search tickets, complaints and customers"));
	attrset(A_NORMAL);
	ui_put(top + 1, 1, lw, label);
	attrset(ui_attr(a, UI_C_FOCUS));
	cx = ui_field_draw(&s->box, top + 1, lw + 2, COLS - lw - 3);
	attrset(A_NORMAL);
	a->cursor_y = top + 1;
	a->cursor_x = cx;
	search_status(a, s, top + 2);
	if (s->hits != NULL && cJSON_GetArraySize(s->hits) > 0)
		table_draw(&s->table, a, top + 3, rows - 3);
}

/* Up/Down and the page keys choose a hit; the rest edit the box. */
static unsigned
search_input(struct app *a, struct view *v, ui_key_t key)
{
	struct search *s = v->priv;

	if (key == UI_K(KEY_UP) || key == UI_K(KEY_DOWN) || key == UI_K(KEY_NPAGE) ||
	    key == UI_K(KEY_PPAGE))
		return table_key(&s->table, a, key);
	if (key & UI_KEY_CODE)
		return ui_field_key(&s->box, KEY_CODE_YES, (wint_t)(key & ~UI_KEY_CODE)) ?
		    UI_HANDLED | UI_REDRAW : 0;
	return ui_field_key(&s->box, OK, (wint_t)key) ? UI_HANDLED | UI_REDRAW : 0;
}

/* What was found is somebody's data: gone with the session. */
static void
search_session(struct app *a, struct view *v, enum ui_session_event ev)
{
	struct search *s = v->priv;

	if (ev == UI_DISCONNECTED)
		s->request = 0;   /* its callback had NULL */
	if (ev == UI_LOGGED_OUT)
		search_clear(a, s);
}

static void
search_destroy(struct app *a, struct view *v)
{
	struct search *s = v->priv;

	net_cancel(a, s->request);
	cJSON_Delete(s->hits);
	table_free(&s->table);
}

const struct view_ops ui_search_view = {
	.name = "search",
	.title = N_("Search"),
	.private_size = sizeof(struct search),
	.keys = search_keys,
	.paint = search_paint,
	.input = search_input,
	.session = search_session,
	.destroy = search_destroy,
};
