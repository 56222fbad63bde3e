/*
 * ui_tickets.c: ticket rows for the queues; see ui_tickets.h. Reads the
 * server's ticket objects defensively: any member may be missing or of
 * another type, and a ticket without a number is skipped.
 */
#include "client/ui_tickets.h"

#include <stdlib.h>
#include <string.h>

#define MAX_ROWS 100000

static const struct { const char *state, *label; } states[] = {
	{ "new", N_("new") },
	{ "dispatched", N_("dispatched") },
	{ "on_site", N_("on site") },
	{ "in_shop", N_("in shop") },
	{ "repaired", N_("repaired") },
	{ "inspected", N_("inspected") },
	{ "completed", N_("completed") },
	{ "closed", N_("closed") },
	{ "cancelled", N_("cancelled") },
};

const char *
tickets_state_label(const char *state)
{
	for (size_t i = 0; i < sizeof states / sizeof states[0]; i++)
		if (strcmp(state, states[i].state) == 0)
			return _(states[i].label);
	return state;
}

/* A person or party that may come as a string or as {name, ...}. */
static const char *
name_of(const cJSON *t, const char *member)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(t, member);
	const char *s;

	if (cJSON_IsString(v) && v->valuestring != NULL)
		return v->valuestring;
	if (!cJSON_IsObject(v))
		return "";
	s = ui_jstr(v, "name");
	if (!s[0])
		s = ui_jstr(v, "user");
	if (!s[0])
		s = ui_jstr(v, "login");
	return s;
}

static void
parse_due(const cJSON *t, struct ticket_row *r)
{
	r->has_due = ui_parse_time(ui_jstr(t, "arrival_due"), &r->due, NULL) ||
	    ui_parse_time(ui_jstr(t, "reply_due"), &r->due, NULL);
}

bool
tickets_parse(const cJSON *t, struct ticket_row *r)
{
	const char *no = ui_jstr(t, "no");

	memset(r, 0, sizeof *r);
	if (!cJSON_IsObject(t) || !no[0])
		return false;
	ui_copy(r->no, sizeof r->no, no);
	ui_copy(r->type, sizeof r->type, ui_jstr(t, "type"));
	ui_copy(r->state, sizeof r->state, ui_jstr(t, "state"));
	ui_copy(r->service_class, sizeof r->service_class,
	    ui_jstr(t, "service_class"));
	ui_copy(r->customer, sizeof r->customer, name_of(t, "customer"));
	ui_copy(r->fault, sizeof r->fault, ui_jstr(t, "fault"));
	ui_copy(r->technician, sizeof r->technician, name_of(t, "technician"));
	parse_due(t, r);
	r->overdue = ui_jbool(t, "overdue");
	r->version = ui_jint(t, "version", 0);
	return true;
}

struct ticket_row *
tickets_find(struct ticket_set *s, const char *no)
{
	for (size_t i = 0; i < s->len; i++)
		if (strcmp(s->rows[i].no, no) == 0)
			return &s->rows[i];
	return NULL;
}

void
tickets_upsert(struct ticket_set *s, const struct ticket_row *r)
{
	struct ticket_row *old = tickets_find(s, r->no), *n;

	if (old != NULL) {
		if (r->version >= old->version)
			*old = *r;
		return;
	}
	if (s->len == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 64;
		if (cap > MAX_ROWS || (n = realloc(s->rows, cap * sizeof *n)) == NULL)
			return;
		s->rows = n;
		s->cap = cap;
	}
	s->rows[s->len++] = *r;
}

size_t
tickets_add_array(struct ticket_set *s, const cJSON *array)
{
	const cJSON *t;
	struct ticket_row r;
	size_t n = 0;

	if (!cJSON_IsArray(array))
		return 0;
	cJSON_ArrayForEach(t, array)
		if (tickets_parse(t, &r)) {
			tickets_upsert(s, &r);
			n++;
		}
	return n;
}

static int
row_cmp(const void *pa, const void *pb)
{
	const struct ticket_row *a = pa, *b = pb;

	if (a->has_due != b->has_due)
		return a->has_due ? -1 : 1;
	if (a->has_due && a->due != b->due)
		return a->due < b->due ? -1 : 1;
	return strcmp(a->no, b->no);
}

void
tickets_sort(struct ticket_set *s)
{
	if (s->len > 1)
		qsort(s->rows, s->len, sizeof *s->rows, row_cmp);
}

void
tickets_clear(struct ticket_set *s)
{
	free(s->rows);
	memset(s, 0, sizeof *s);
}

bool
tickets_overdue(const struct ticket_row *r, time_t now)
{
	return r->overdue || (r->has_due && r->due < now);
}
