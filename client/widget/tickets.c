/*
 * widget/tickets.c: ticket rows for the queues; see widget/tickets.h. Reads the
 * server's ticket objects defensively: any member may be missing or of
 * another type, and a ticket without a number is skipped.
 *
 * Deadlines: the daemon's sweep marks a ticket late when its arrival
 * deadline passes while nobody is on site (new, dispatched) or its reply
 * deadline while it is still new. The screens count down and colour only
 * such a running deadline, and only for open tickets: a finished ticket is
 * never red, whatever its old deadline.
 */
#include "client/widget/tickets.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/domain.h"

#define MAX_ROWS 100000


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
parse_times(const cJSON *t, struct ticket_row *r)
{
	time_t created = 0;

	r->created = 0;
	r->has_arrival = ui_parse_time(ui_jstr(t, "arrival_due"), &r->arrival_due, NULL);
	r->has_reply = ui_parse_time(ui_jstr(t, "reply_due"), &r->reply_due, NULL);
	r->has_due = r->has_arrival || r->has_reply;
	r->due = r->has_arrival ? r->arrival_due : r->reply_due;
	ui_parse_time(ui_jstr(t, "created_at"), &created, NULL);
	r->created = created;
	r->sort_due = r->has_due ? r->due : created;
	r->has_appointment = ui_parse_time(ui_jstr(t, "appointment"),
	    &r->appointment, NULL);
	r->arrived = ui_jstr(t, "arrived_at")[0] != '\0';
	r->has_callback = ui_parse_time(ui_jstr(t, "callback_at"), &r->callback_at, NULL);
}

/* The customer's first phone and address. */
static void
parse_customer(const cJSON *t, struct ticket_row *r)
{
	const cJSON *c = cJSON_GetObjectItemCaseSensitive(t, "customer");
	const cJSON *phones = cJSON_GetObjectItemCaseSensitive(c, "phones");
	const cJSON *first = cJSON_IsArray(phones) ? cJSON_GetArrayItem(phones, 0) : NULL;

	ui_copy(r->customer, sizeof r->customer, name_of(t, "customer"));
	if (cJSON_IsString(first) && first->valuestring != NULL)
		ui_copy(r->phone, sizeof r->phone, first->valuestring);
	ui_copy(r->address, sizeof r->address, ui_jstr(c, "address"));
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
	ui_copy(r->region, sizeof r->region, ui_jstr(t, "region"));
	parse_customer(t, r);
	ui_copy(r->fault, sizeof r->fault, ui_jstr(t, "fault"));
	ui_copy(r->technician, sizeof r->technician, name_of(t, "technician"));
	ui_copy(r->owner, sizeof r->owner, name_of(t, "owner"));
	parse_times(t, r);
	r->overdue = ui_jbool(t, "overdue");
	r->visit_attempts = (int)ui_jint(t, "visit_attempts", 0);
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

bool
tickets_remove(struct ticket_set *s, const char *no)
{
	struct ticket_row *r = tickets_find(s, no);
	size_t i;

	if (r == NULL)
		return false;
	i = (size_t)(r - s->rows);
	memmove(r, r + 1, (s->len - i - 1) * sizeof *r);
	s->len--;
	return true;
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

/* Not dispatched on its day: it goes first the next day (doc/domain.md,
 * Dispatch). */
static bool
carried_over(const struct ticket_row *r, time_t today)
{
	return strcmp(r->state, "new") == 0 && r->created < today;
}

static int
row_cmp(const void *pa, const void *pb, void *ctx)
{
	const struct ticket_row *a = pa, *b = pb;
	time_t today = *(const time_t *)ctx;
	bool ca = carried_over(a, today), cb = carried_over(b, today);

	if (ca != cb)
		return ca ? -1 : 1;
	if (a->sort_due != b->sort_due)
		return a->sort_due < b->sort_due ? -1 : 1;
	return strcmp(a->no, b->no);
}

void
tickets_sort(struct ticket_set *s, time_t today)
{
	if (s->len > 1)
		qsort_r(s->rows, s->len, sizeof *s->rows, row_cmp, &today);
}

static bool
appointed_today(const struct ticket_row *r, time_t today)
{
	return r->has_appointment && r->appointment >= today &&
	    r->appointment < today + 86400;
}

static int
today_cmp(const void *pa, const void *pb, void *ctx)
{
	const struct ticket_row *a = pa, *b = pb;
	time_t today = *(const time_t *)ctx;
	bool ta = appointed_today(a, today), tb = appointed_today(b, today);

	if (ta != tb)
		return ta ? -1 : 1;
	if (ta && a->appointment != b->appointment)
		return a->appointment < b->appointment ? -1 : 1;
	return row_cmp(a, b, ctx);
}

void
tickets_sort_today_first(struct ticket_set *s, time_t today)
{
	if (s->len > 1)
		qsort_r(s->rows, s->len, sizeof *s->rows, today_cmp, &today);
}

static int
callback_cmp(const void *pa, const void *pb)
{
	const struct ticket_row *a = pa, *b = pb;

	if (a->callback_at != b->callback_at)
		return a->callback_at < b->callback_at ? -1 : 1;
	return strcmp(a->no, b->no);
}

void
tickets_sort_callback(struct ticket_set *s)
{
	if (s->len > 1)
		qsort(s->rows, s->len, sizeof *s->rows, callback_cmp);
}

void
tickets_clear(struct ticket_set *s)
{
	free(s->rows);
	memset(s, 0, sizeof *s);
}

bool
tickets_open(const struct ticket_row *r)
{
	return ticket_state_open(r->state);
}

struct queue_viewer
tickets_viewer(const struct app *a)
{
	return (struct queue_viewer){ a->user, strcmp(a->role, "technician") == 0 };
}

bool
tickets_in_queue(const struct ticket_row *r, const char *queue,
    const char *region, const struct queue_viewer *who)
{
	struct queue_ticket t = { r->state, r->region, r->technician, r->owner,
		r->overdue, r->has_callback };

	return ticket_queue_holds(queue, region, who, &t);
}

/* New: the earlier of the arrival and reply deadlines; dispatched: the
 * arrival deadline; later states have none running in this version. */
bool
tickets_running_due(const struct ticket_row *r, time_t *due)
{
	bool is_new = strcmp(r->state, "new") == 0;
	bool reply = is_new && r->has_reply;

	if (!is_new && strcmp(r->state, "dispatched") != 0)
		return false;
	if (!r->has_arrival && !reply)
		return false;
	*due = r->has_arrival ? r->arrival_due : r->reply_due;
	if (reply && r->reply_due < *due)
		*due = r->reply_due;
	return true;
}

bool
tickets_overdue(const struct ticket_row *r, time_t now)
{
	time_t due;

	if (!tickets_open(r))
		return false;
	return r->overdue || (tickets_running_due(r, &due) && due < now);
}

bool
tickets_near(const struct ticket_row *r, time_t now, long secs)
{
	time_t due;

	return tickets_running_due(r, &due) && due - now < secs;
}

static bool
waits_for_callback(const struct ticket_row *r)
{
	return r->has_callback && strcmp(r->state, "completed") == 0;
}

bool
tickets_callback_due(const struct ticket_row *r, time_t now)
{
	return waits_for_callback(r) && r->callback_at <= now;
}

bool
tickets_callback_waiting(const struct ticket_row *r, time_t now)
{
	return waits_for_callback(r) && r->callback_at > now;
}

bool
tickets_countdown_col(enum list_col col)
{
	return col == COL_DUE || col == COL_CALLBACK_IN;
}

/* The return visit's columns: "-" when no call-back is set. */
static void
visit_cell(const struct app *a, const struct ticket_row *r, enum list_col col,
    time_t now, char *buf, size_t len)
{
	if (col == COL_ATTEMPTS && r->visit_attempts > 0)
		snprintf(buf, len, "%d/%d", r->visit_attempts, VISIT_ATTEMPTS_MAX);
	else if (col == COL_CALLBACK && waits_for_callback(r))
		ui_show_time(a, r->callback_at, true, buf, len);
	else if (col == COL_CALLBACK_IN && waits_for_callback(r))
		ui_countdown((long)(r->callback_at - now), buf, len);
	else
		ui_copy(buf, len, "-");
}

void
tickets_cell(const struct app *a, const struct ticket_row *r,
    enum list_col col, time_t now, char *buf, size_t len)
{
	const char *text = "";
	time_t due;

	switch (col) {
	case COL_NO: text = r->no; break;
	case COL_STATE: text = label_ticket_state(r->state); break;
	case COL_CLASS: text = r->service_class; break;
	case COL_REGION: text = label_region(r->region); break;
	case COL_CUSTOMER: text = r->customer; break;
	case COL_PHONE: text = r->phone; break;
	case COL_ADDRESS: text = r->address; break;
	case COL_FAULT: text = r->fault; break;
	case COL_TECH: text = r->technician; break;
	case COL_APPOINTMENT:
		ui_show_time(a, r->has_appointment ? r->appointment : 0, true, buf, len);
		return;
	case COL_DUE:
		if (!tickets_running_due(r, &due))
			break;
		ui_countdown((long)(due - now), buf, len);
		return;
	case COL_ATTEMPTS:
	case COL_CALLBACK:
	case COL_CALLBACK_IN:
		visit_cell(a, r, col, now, buf, len);
		return;
	}
	ui_copy(buf, len, col == COL_DUE ? "-" : text);
}

/* Earlier first; a row without a time after every row with one. */
static int
by_time(bool hx, time_t x, bool hy, time_t y)
{
	if (hx != hy)
		return hx ? -1 : 1;
	if (!hx || x == y)
		return 0;
	return x < y ? -1 : 1;
}

/* A state's place on a ticket's way (svcdesk-protocol(7), TICKET STATES). */
static int
state_rank(const char *state)
{
	static const char *const way[] = { "new", "dispatched", "on_site",
		"in_shop", "repaired", "inspected", "completed", "closed",
		"cancelled" };
	int n = (int)(sizeof way / sizeof way[0]);

	for (int i = 0; i < n; i++)
		if (strcmp(state, way[i]) == 0)
			return i;
	return n;
}

int
tickets_compare(const struct ticket_row *x, const struct ticket_row *y,
    enum list_col col)
{
	time_t dx = 0, dy = 0;
	bool hx, hy;
	int rx, ry;

	switch (col) {
	case COL_DUE:
		hx = tickets_running_due(x, &dx);
		hy = tickets_running_due(y, &dy);
		return by_time(hx, dx, hy, dy);
	case COL_APPOINTMENT:
		return by_time(x->has_appointment, x->appointment,
		    y->has_appointment, y->appointment);
	case COL_CALLBACK:
	case COL_CALLBACK_IN:
		return by_time(waits_for_callback(x), x->callback_at, waits_for_callback(y),
		    y->callback_at);
	case COL_ATTEMPTS:
		return (x->visit_attempts > y->visit_attempts) -
		    (x->visit_attempts < y->visit_attempts);
	case COL_STATE:   /* -1, 0 or 1: 2 would mean "no opinion" */
		rx = state_rank(x->state);
		ry = state_rank(y->state);
		return (rx > ry) - (rx < ry);
	case COL_NO:
		return strcmp(x->no, y->no);
	default:
		return 2;
	}
}
