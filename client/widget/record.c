/*
 * widget/record.c: a record's fields and history for the detail screens
 * (see widget/record.h): fields kept as words so that the screen draws
 * them cut and the pager shows them whole from the same text; the history
 * a widget/table whose rows are the record's events.
 */
#include "client/widget/record.h"
#include "client/widget/labels.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EVENT_PAGE 16384

void
record_clear(struct record *r)
{
	r->n = 0;
}

struct record_field *
record_add(struct record *r, int place, int prio, const char *label,
    const char *value)
{
	struct record_field *f;

	if (r->n == RECORD_FIELDS)
		return NULL;
	f = &r->f[r->n++];
	f->label = label;
	f->place = place;
	f->prio = prio;
	ui_copy(f->value, sizeof f->value, value != NULL && value[0] ? value : "-");
	return f;
}

int
record_count(const struct record *r, int place)
{
	int n = 0;

	for (int i = 0; i < r->n; i++)
		n += r->f[i].place == place;
	return n;
}

/* Shown unless among the (count - rows) of its place that go first: the
 * highest prio, and of equal ones the later. */
bool
record_shown(const struct record *r, const struct record_field *f, int rows)
{
	int over = record_count(r, f->place) - rows, before = 0;

	if (over <= 0)
		return true;
	for (const struct record_field *g = r->f; g < r->f + r->n; g++)
		if (g->place == f->place && (g->prio > f->prio || (g->prio == f->prio && g > f)))
			before++;
	return before >= over;
}

void
record_put(int y, int x, int w, const char *s)
{
	if (w <= 0)
		return;
	if (ui_text_width(s) <= w) {
		ui_put(y, x, w, s);
		return;
	}
	ui_put(y, x, w - 1, s);
	ui_put(y, x + w - 1, 1, ">");
}

/* ---- the history */

static const struct table_column ticket_cols[] = {
	{ N_("Time"), 11, 0, false, false },
	{ N_("Actor"), 10, 2, false, false },
	{ N_("Event"), 12, 0, false, false },
	{ N_("State"), 10, 1, false, false },
	{ N_("Details"), 0, 0, false, false },
};

static const struct table_column complaint_cols[] = {
	{ N_("Time"), 11, 0, false, false },
	{ N_("Actor"), 10, 1, false, false },
	{ N_("Event"), 16, 0, false, false },
	{ N_("Details"), 0, 0, false, false },
};

static size_t
events_count(const void *data)
{
	const struct history *h = data;

	return (size_t)cJSON_GetArraySize(h->events);
}

static void
event_cell(const struct app *a, const void *data, size_t row, int col, char *buf,
    size_t len)
{
	const struct history *h = data;
	const cJSON *e = cJSON_GetArrayItem(h->events, (int)row);
	const char *to = ui_jstr(e, "to");
	time_t t;

	if (col == 3 && h->of == EVENT_TICKET)   /* the state it moved to */
		snprintf(buf, len, "%s", to[0] && strcmp(to, ui_jstr(e, "from")) != 0 ?
		    label_ticket_state(to) : "");
	else if (col == 0)
		ui_show_time(a, ui_parse_time(ui_jstr(e, "at"), &t, NULL) ? t : 0, true,
		    buf, len);
	else if (col == 1)
		snprintf(buf, len, "%s", event_actor(e));
	else if (col == 2)
		snprintf(buf, len, "%s", event_kind(h->of, e));
	else
		event_details(a, h->of, e, buf, len);
}

/* Events are only ever added: the position names one. */
static void
event_key(const void *data, size_t row, char *buf, size_t len)
{
	(void)data;
	snprintf(buf, len, "%zu", row);
}

static const struct table_source events_source = {
	.count = events_count, .cell = event_cell, .key = event_key,
};

void
history_init(struct history *h, enum event_of of)
{
	h->of = of;
	h->events = NULL;
	if (of == EVENT_TICKET)
		table_init(&h->table, ticket_cols, 5, &events_source, h);
	else
		table_init(&h->table, complaint_cols, 4, &events_source, h);
}

void
history_free(struct history *h)
{
	table_free(&h->table);
	h->events = NULL;
}

void
history_set(struct history *h, const struct app *a, const cJSON *events)
{
	h->events = events;
	table_refresh(&h->table, a);
}

const cJSON *
history_selected(const struct history *h)
{
	size_t row;

	if (h->events == NULL || !table_selected(&h->table, &row))
		return NULL;
	return cJSON_GetArrayItem(h->events, (int)row);
}

void
history_page(struct app *a, const struct history *h, const char *record)
{
	const cJSON *e = history_selected(h);
	char title[256], *text;

	if (e == NULL) {
		ui_message(a, true, "%s", _("No event selected"));
		return;
	}
	if ((text = malloc(EVENT_PAGE)) == NULL)
		return;
	event_page(a, h->of, e, text, EVENT_PAGE);
	snprintf(title, sizeof title, _("%s: %s"), record, event_kind(h->of, e));
	ui_pager(a, title, text);
	free(text);
}

/* A label that brings its own colon ("Demand:", "诉求："). */
static bool
ends_in_colon(const char *label)
{
	size_t n = strlen(label);

	return (n >= 1 && label[n - 1] == ':') ||
	    (n >= 3 && strcmp(label + n - 3, "\xef\xbc\x9a") == 0);   /* U+FF1A */
}

char *
record_text(const struct app *a, const char *title, const struct record *r,
    const struct history *h)
{
	char *text = NULL, line[2048];
	size_t size = 0;
	FILE *f = open_memstream(&text, &size);
	const cJSON *events = h != NULL ? h->events : NULL, *e;

	if (f == NULL)
		return NULL;
	fprintf(f, "%s\n\n", title);
	for (int i = 0; i < r->n; i++) {
		if (ends_in_colon(r->f[i].label))
			fprintf(f, "%s %s", r->f[i].label, r->f[i].value);
		else
			fprintf(f, _("%s: %s"), r->f[i].label, r->f[i].value);
		fputc('\n', f);
	}
	if (cJSON_GetArraySize(events) > 0)
		fprintf(f, "\n%s\n", _("History"));
	cJSON_ArrayForEach(e, events) {
		event_line(a, h->of, e, line, sizeof line);
		fprintf(f, "%s\n", line);
	}
	fclose(f);
	return text;
}

/* ---- a detail screen */

static const char *
get_op(enum event_of of)
{
	return of == EVENT_TICKET ? "ticket.get" : "complaint.get";
}

static void
record_forget(struct record_screen *s)
{
	cJSON_Delete(s->obj);
	s->obj = NULL;
	if (s->ready)
		history_free(&s->history);
	s->ready = false;
}

void
record_screen_open(struct record_screen *s, const char *no,
    const struct record_kind *kind)
{
	if (!s->ready || s->kind != kind || strcmp(no, s->no) != 0) {
		record_forget(s);
		s->kind = kind;
		s->of = kind->of;
		history_init(&s->history, kind->of);
		s->ready = true;
	}
	ui_copy(s->no, sizeof s->no, no);
	s->error[0] = '\0';
}

static void
on_got(struct app *a, void *ctx, const cJSON *reply)
{
	struct record_screen *s = ctx;
	bool first = s->obj == NULL;

	s->get_id = 0;
	a->dirty = true;
	if (reply == NULL || !reply_ok(reply)) {
		if (reply == NULL)
			ui_copy(s->error, sizeof s->error, s->of == EVENT_TICKET ?
			    _("The connection dropped; F5 reads the ticket again") :
			    _("The connection dropped; F5 reads the complaint again"));
		else
			net_error_text(reply, s->error, sizeof s->error);
		ui_message(a, true, "%s", s->error);
		return;
	}
	cJSON_Delete(s->obj);
	s->obj = cJSON_Duplicate(reply_result(reply), true);
	s->error[0] = '\0';
	history_set(&s->history, a, cJSON_GetObjectItemCaseSensitive(s->obj, "events"));
	if (first)   /* the latest event in sight */
		table_key(&s->history.table, a, UI_K(KEY_END));
}

void
record_screen_fetch(struct app *a, struct record_screen *s)
{
	cJSON *args = cJSON_CreateObject();

	if (s->get_id > 0)
		net_cancel(a, s->get_id);
	cJSON_AddStringToObject(args, "no", s->no);
	s->get_id = net_request(a, get_op(s->of), args, on_got, s);
	if (s->get_id < 0)
		s->get_id = 0;
}

unsigned
record_screen_input(struct app *a, struct view *v, ui_key_t key)
{
	return table_key(&((struct record_screen *)v->priv)->history.table, a, key);
}

void
record_screen_push(struct app *a, struct view *v, const cJSON *msg)
{
	struct record_screen *s = v->priv;
	const cJSON *data = cJSON_GetObjectItemCaseSensitive(msg, "data");
	const char *changed = s->of == EVENT_TICKET ? "ticket.changed" :
	    "complaint.changed";

	if (a->view == v->ops && s->no[0] && strcmp(ui_jstr(msg, "event"), changed) == 0 &&
	    strcmp(ui_jstr(data, "no"), s->no) == 0)
		record_screen_fetch(a, s);
}

void
record_screen_session(struct app *a, struct view *v, enum ui_session_event ev)
{
	struct record_screen *s = v->priv;

	if (ev == UI_DISCONNECTED)
		s->get_id = 0;
	else if ((ev == UI_LOGGED_IN || ev == UI_RESYNC) && a->view == v->ops && s->no[0])
		record_screen_fetch(a, s);
	else if (ev == UI_LOGGED_OUT) {   /* nothing of a customer's stays */
		record_forget(s);
		s->no[0] = '\0';
	}
}

void
record_screen_destroy(struct app *a, struct view *v)
{
	(void)a;
	record_forget(v->priv);
}

unsigned
record_screen_refresh(struct app *a, struct view *v)
{
	if (a->logged_in)
		record_screen_fetch(a, v->priv);
	return UI_HANDLED;
}

unsigned
record_screen_event(struct app *a, struct view *v)
{
	struct record_screen *s = v->priv;
	char title[128];

	snprintf(title, sizeof title, s->of == EVENT_TICKET ? _("Ticket %s") :
	    _("Complaint %s"), s->no);
	history_page(a, &s->history, title);
	return UI_HANDLED;
}

bool
record_screen_loaded(const struct app *a, const struct view *v)
{
	(void)a;
	return ((const struct record_screen *)v->priv)->obj != NULL;
}

unsigned
record_screen_all(struct app *a, struct view *v)
{
	struct record_screen *s = v->priv;
	char title[256], *text;

	s->kind->describe(a, s);
	s->kind->title(s, title, sizeof title);
	if ((text = record_text(a, title, &s->rec, &s->history)) != NULL)
		ui_pager(a, title, text);
	free(text);
	return UI_HANDLED;
}
