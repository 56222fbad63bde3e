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
#include "client/screen/screens.h"

#include <stdlib.h>
#include <string.h>

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

static time_t today_from;   /* for the comparisons: qsort takes no context */

/* Not dispatched on its day: it goes first the next day (DOMAIN.md). */
static bool
carried_over(const struct ticket_row *r)
{
	return strcmp(r->state, "new") == 0 && r->created < today_from;
}

static int
row_cmp(const void *pa, const void *pb)
{
	const struct ticket_row *a = pa, *b = pb;
	bool ca = carried_over(a), cb = carried_over(b);

	if (ca != cb)
		return ca ? -1 : 1;
	if (a->sort_due != b->sort_due)
		return a->sort_due < b->sort_due ? -1 : 1;
	return strcmp(a->no, b->no);
}

void
tickets_sort(struct ticket_set *s, time_t today)
{
	today_from = today;
	if (s->len > 1)
		qsort(s->rows, s->len, sizeof *s->rows, row_cmp);
}

static bool
appointed_today(const struct ticket_row *r)
{
	return r->has_appointment && r->appointment >= today_from &&
	    r->appointment < today_from + 86400;
}

static int
today_cmp(const void *pa, const void *pb)
{
	const struct ticket_row *a = pa, *b = pb;
	bool ta = appointed_today(a), tb = appointed_today(b);

	if (ta != tb)
		return ta ? -1 : 1;
	if (ta && a->appointment != b->appointment)
		return a->appointment < b->appointment ? -1 : 1;
	return row_cmp(a, b);
}

void
tickets_sort_today_first(struct ticket_set *s, time_t today)
{
	today_from = today;
	if (s->len > 1)
		qsort(s->rows, s->len, sizeof *s->rows, today_cmp);
}

void
tickets_clear(struct ticket_set *s)
{
	free(s->rows);
	memset(s, 0, sizeof *s);
}

static bool
state_in(const char *state, const char *const *list)
{
	for (; *list != NULL; list++)
		if (strcmp(state, *list) == 0)
			return true;
	return false;
}

bool
tickets_open(const struct ticket_row *r)
{
	static const char *const open[] = { "new", "dispatched", "on_site",
		"in_shop", "repaired", "inspected", NULL };

	return state_in(r->state, open);
}

/* The states of each ticket.list queue (NULL: decided otherwise). */
static bool
queue_state(const struct ticket_row *r, const char *queue)
{
	static const char *const in_shop[] = { "in_shop", "repaired", NULL };

	if (strcmp(queue, "new") == 0 || strcmp(queue, "dispatched") == 0)
		return strcmp(r->state, queue) == 0;
	if (strcmp(queue, "in_shop") == 0)
		return state_in(r->state, in_shop);
	if (strcmp(queue, "to_inspect") == 0)
		return strcmp(r->state, "repaired") == 0;
	if (strcmp(queue, "to_visit") == 0)
		return strcmp(r->state, "completed") == 0;
	return strcmp(queue, "all") == 0;
}

bool
tickets_in_queue(const struct ticket_row *r, const char *queue,
    const char *region, const char *user)
{
	bool in;

	if (region != NULL && strcmp(r->region, region) != 0)
		return false;
	if (strcmp(queue, "overdue") == 0)
		in = r->overdue && tickets_open(r);
	else if (strcmp(queue, "mine") == 0)
		in = tickets_open(r) && (strcmp(r->technician, user) == 0 ||
		    strcmp(r->owner, user) == 0);
	else
		in = queue_state(r, queue);
	return in;
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

