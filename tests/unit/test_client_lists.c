/*
 * test_client_lists.c: the ticket lists' logic that draws nothing: which
 * queue a ticket belongs to (common/queues.c, the daemon's rule), a ticket
 * object read into a row, what a column shows, the columns' order for
 * sorting (the countdown by time, not by its text), the queues' own
 * orders, a list kept current by pushes with its selection kept, and a key
 * with an entry per case (the board's Enter: Dispatch or Reassign).
 */
#include <check.h>
#include <string.h>

#include "client/widget/ticketlist.h"
#include "client/screen/screens.h"
#include "common/queues.h"
#include "tests/unit/suites.h"

static bool
holds(const char *queue, const char *region, const char *user, bool tech,
    const char *state, const char *technician, const char *owner, bool overdue)
{
	struct queue_viewer who = { user, tech };
	struct queue_ticket t = { state, "urban", technician, owner, overdue, false };

	return ticket_queue_holds(queue, region, &who, &t);
}

/* The same for a ticket with or without a call-back set. */
static bool
holds_callback(const char *queue, const char *state, bool callback)
{
	struct queue_viewer who = { "o", false };
	struct queue_ticket t = { state, "urban", "t", "o", false, callback };

	return ticket_queue_holds(queue, NULL, &who, &t);
}

START_TEST(test_queue_rule)
{
	/* states */
	ck_assert(holds("new", NULL, "d", false, "new", "", "o", false));
	ck_assert(!holds("new", NULL, "d", false, "dispatched", "t", "o", false));
	ck_assert(holds("dispatched", NULL, "d", false, "dispatched", "t", "o", false));
	ck_assert(holds("in_shop", NULL, "d", false, "repaired", "t", "o", false));
	ck_assert(holds("in_shop", NULL, "d", false, "in_shop", "t", "o", false));
	ck_assert(!holds("in_shop", NULL, "d", false, "inspected", "t", "o", false));
	ck_assert(holds("to_inspect", NULL, "d", false, "repaired", "t", "o", false));
	ck_assert(holds("to_visit", NULL, "d", false, "completed", "t", "o", false));
	ck_assert(holds("all", NULL, "d", false, "cancelled", "", "o", false));
	/* overdue: marked, and open */
	ck_assert(holds("overdue", NULL, "d", false, "on_site", "t", "o", true));
	ck_assert(!holds("overdue", NULL, "d", false, "on_site", "t", "o", false));
	ck_assert(!holds("overdue", NULL, "d", false, "completed", "t", "o", true));
	/* mine: the user's as technician or owner, open */
	ck_assert(holds("mine", NULL, "t", true, "dispatched", "t", "o", false));
	ck_assert(holds("mine", NULL, "o", false, "new", "", "o", false));
	ck_assert(!holds("mine", NULL, "o", false, "closed", "", "o", false));
	ck_assert(!holds("mine", NULL, "x", false, "new", "", "o", false));
	/* an empty user is nobody's technician */
	ck_assert(!holds("mine", NULL, "", false, "new", "", "o", false));
	/* a technician sees only their own tickets, in every queue */
	ck_assert(!holds("all", NULL, "t", true, "new", "", "o", false));
	ck_assert(!holds("dispatched", NULL, "t", true, "dispatched", "u", "o", false));
	ck_assert(holds("all", NULL, "t", true, "closed", "t", "o", false));
	/* the region, and an unknown queue */
	ck_assert(holds("all", "urban", "d", false, "new", "", "o", false));
	ck_assert(!holds("all", "county", "d", false, "new", "", "o", false));
	ck_assert(!holds("everything", NULL, "d", false, "new", "", "o", false));
	ck_assert(ticket_queue_known("to_visit"));
	ck_assert(!ticket_queue_known("everything"));
	/* callbacks: completed with a call-back set; to_visit holds them too */
	ck_assert(ticket_queue_known("callbacks"));
	ck_assert(holds_callback("callbacks", "completed", true));
	ck_assert(!holds_callback("callbacks", "completed", false));
	ck_assert(!holds_callback("callbacks", "closed", true));
	ck_assert(holds_callback("to_visit", "completed", true));
	ck_assert(holds_callback("to_visit", "completed", false));
}
END_TEST

/* The two spellings of the open states (C and the daemon's SQL) agree. */
START_TEST(test_open_states)
{
	char sql[256];
	const char *p = TICKET_OPEN_STATES_SQL;
	size_t n = 0;

	for (; *p && n + 1 < sizeof sql; p++)
		if (*p != '\'' && *p != ' ' && *p != '(' && *p != ')')
			sql[n++] = *p;
	sql[n] = '\0';
	ck_assert_str_eq(sql, TICKET_OPEN_STATES);
	ck_assert(ticket_state_open("inspected"));
	ck_assert(!ticket_state_open("completed"));
	ck_assert(!ticket_state_open(""));
	ck_assert(!ticket_state_open("new,"));
}
END_TEST

static cJSON *
ticket_json(const char *no, const char *state, const char *arrival, int version)
{
	char text[1024];

	snprintf(text, sizeof text, "{\"no\":\"%s\",\"type\":\"B\",\"state\":\"%s\","
	    "\"service_class\":\"C\",\"region\":\"urban\",\"customer\":{\"id\":1,"
	    "\"name\":\"张伟\",\"phones\":[\"13800138000\",\"010\"],\"address\":\"建国路88号\"},"
	    "\"fault\":\"不制冷\",\"technician\":{\"login\":\"wang.li\",\"name\":\"王立\"},"
	    "\"owner\":\"operator\",\"created_at\":\"2026-11-24T08:00:00+08:00\","
	    "\"reply_due\":\"2026-11-25T08:00:00+08:00\",\"arrival_due\":%s,"
	    "\"appointment\":null,\"overdue\":false,\"version\":%d}", no, state,
	    arrival, version);
	return cJSON_Parse(text);
}

START_TEST(test_row_parse)
{
	cJSON *j = ticket_json("B2611240001", "dispatched", "\"2026-11-24T12:00:00+08:00\"", 3);
	struct ticket_row r;

	ck_assert(tickets_parse(j, &r));
	ck_assert_str_eq(r.no, "B2611240001");
	ck_assert_str_eq(r.customer, "张伟");
	ck_assert_str_eq(r.phone, "13800138000");
	ck_assert_str_eq(r.address, "建国路88号");
	ck_assert_str_eq(r.technician, "王立");   /* {name} before {login} */
	ck_assert_str_eq(r.owner, "operator");
	ck_assert(r.has_arrival && r.has_reply && !r.has_appointment);
	ck_assert_int_eq(r.arrival_due, 1795492800);   /* 04:00Z */
	ck_assert_int_eq(r.version, 3);
	ck_assert(!r.has_callback && r.visit_attempts == 0);
	cJSON_Delete(j);
	j = cJSON_Parse("{\"no\":\"B1\",\"state\":\"completed\",\"callback_at\":"
	    "\"2026-11-24T14:00:00+08:00\",\"visit_attempts\":2}");
	ck_assert(tickets_parse(j, &r));
	ck_assert(r.has_callback && r.visit_attempts == 2);
	ck_assert_int_eq(r.callback_at, 1795492800 + 2 * 3600);   /* 06:00Z */
	cJSON_Delete(j);
	j = cJSON_Parse("{\"state\":\"new\"}");
	ck_assert(!tickets_parse(j, &r));   /* no number */
	cJSON_Delete(j);
	ck_assert(!tickets_parse(NULL, &r));
}
END_TEST

static struct ticket_row
row(const char *no, const char *state, time_t arrival)
{
	struct ticket_row r;

	memset(&r, 0, sizeof r);
	ui_copy(r.no, sizeof r.no, no);
	ui_copy(r.state, sizeof r.state, state);
	r.has_arrival = r.has_due = arrival != 0;
	r.arrival_due = r.due = r.sort_due = arrival;
	return r;
}

START_TEST(test_compare)
{
	time_t now = 1795492800;
	struct ticket_row nine = row("B2", "new", now + 9 * 3600);
	struct ticket_row ten = row("B1", "new", now + 10 * 3600);
	struct ticket_row done = row("B3", "completed", now + 3600);
	struct app a;
	char x[64], y[64];

	memset(&a, 0, sizeof a);
	/* the countdown's text sorts 10h before 9h; its time does not */
	tickets_cell(&a, &nine, COL_DUE, now, x, sizeof x);
	tickets_cell(&a, &ten, COL_DUE, now, y, sizeof y);
	ck_assert_str_eq(x, "9h00m00s");
	ck_assert_int_gt(strcmp(x, y), 0);
	ck_assert_int_lt(tickets_compare(&nine, &ten, COL_DUE), 0);
	ck_assert_int_gt(tickets_compare(&ten, &nine, COL_DUE), 0);
	/* a finished ticket has no deadline running: "-", after the others */
	tickets_cell(&a, &done, COL_DUE, now, x, sizeof x);
	ck_assert_str_eq(x, "-");
	ck_assert_int_gt(tickets_compare(&done, &nine, COL_DUE), 0);
	/* states by the ticket's way, never 2 ("no opinion") */
	ck_assert_int_eq(tickets_compare(&done, &nine, COL_STATE), 1);
	ck_assert_int_eq(tickets_compare(&nine, &done, COL_STATE), -1);
	ck_assert_int_lt(tickets_compare(&ten, &nine, COL_NO), 0);
	ck_assert_int_eq(tickets_compare(&ten, &nine, COL_CUSTOMER), 2);
	/* appointments by time, none last */
	ten.has_appointment = true;
	ten.appointment = now;
	ck_assert_int_lt(tickets_compare(&ten, &nine, COL_APPOINTMENT), 0);
}
END_TEST

START_TEST(test_queue_orders)
{
	time_t today = 1795449600;   /* 2026-11-24 00:00 +08:00 */
	struct ticket_set s = { 0 };
	struct ticket_row late = row("B1", "new", today + 5 * 3600);
	struct ticket_row carried = row("B2", "new", today + 9 * 3600);
	struct ticket_row appointed = row("B3", "dispatched", today + 20 * 3600);

	late.created = today + 3600;
	carried.created = today - 3600;   /* yesterday's, not dispatched */
	appointed.has_appointment = true;
	appointed.appointment = today + 10 * 3600;
	tickets_upsert(&s, &late);
	tickets_upsert(&s, &carried);
	tickets_upsert(&s, &appointed);
	tickets_sort(&s, today);
	ck_assert_str_eq(s.rows[0].no, "B2");
	ck_assert_str_eq(s.rows[1].no, "B1");
	ck_assert_str_eq(s.rows[2].no, "B3");
	tickets_sort_today_first(&s, today);
	ck_assert_str_eq(s.rows[0].no, "B3");
	ck_assert_str_eq(s.rows[1].no, "B2");
	/* an older version never replaces a newer */
	late.version = 2;
	tickets_upsert(&s, &late);
	late.version = 1;
	ui_copy(late.state, sizeof late.state, "cancelled");
	tickets_upsert(&s, &late);
	ck_assert_str_eq(tickets_find(&s, "B1")->state, "new");
	tickets_clear(&s);
}
END_TEST

/* The return visit's columns and the callbacks queue's order: attempts
 * "n/3", the call-back's countdown (due: negative), none "-"; due or
 * waiting by the server's clock; by the call-back's time, then number. */
START_TEST(test_callback_cells)
{
	time_t now = 1795492800;
	struct ticket_row soon = row("B2", "completed", 0), later = row("B1", "completed", 0);
	struct ticket_row plain = row("B3", "completed", 0);
	struct ticket_set s = { 0 };
	struct app a;
	char x[64];

	memset(&a, 0, sizeof a);
	soon.has_callback = later.has_callback = true;
	soon.callback_at = now - 600;
	later.callback_at = now + 2 * 3600;
	soon.visit_attempts = 1;
	later.visit_attempts = 2;
	tickets_cell(&a, &later, COL_ATTEMPTS, now, x, sizeof x);
	ck_assert_str_eq(x, "2/3");
	tickets_cell(&a, &plain, COL_ATTEMPTS, now, x, sizeof x);
	ck_assert_str_eq(x, "-");
	tickets_cell(&a, &later, COL_CALLBACK_IN, now, x, sizeof x);
	ck_assert_str_eq(x, "2h00m00s");
	tickets_cell(&a, &soon, COL_CALLBACK_IN, now, x, sizeof x);
	ck_assert_str_eq(x, "-0h10m00s");
	tickets_cell(&a, &plain, COL_CALLBACK, now, x, sizeof x);
	ck_assert_str_eq(x, "-");
	ck_assert(tickets_callback_due(&soon, now) && !tickets_callback_waiting(&soon, now));
	ck_assert(tickets_callback_waiting(&later, now) && !tickets_callback_due(&later, now));
	ck_assert(!tickets_callback_due(&plain, now) && !tickets_callback_waiting(&plain, now));
	ck_assert_int_lt(tickets_compare(&soon, &later, COL_CALLBACK_IN), 0);
	ck_assert_int_lt(tickets_compare(&later, &plain, COL_CALLBACK), 0);
	ck_assert(tickets_countdown_col(COL_CALLBACK_IN) && !tickets_countdown_col(COL_CALLBACK));
	tickets_upsert(&s, &later);
	tickets_upsert(&s, &soon);
	tickets_sort_callback(&s);
	ck_assert_str_eq(s.rows[0].no, "B2");
	ck_assert_str_eq(s.rows[1].no, "B1");
	/* a closed ticket keeps no call-back */
	ui_copy(soon.state, sizeof soon.state, "closed");
	ck_assert(!tickets_callback_due(&soon, now));
	tickets_clear(&s);
}
END_TEST

static const struct list_column cols[] = {
	{ COL_NO, 12, 0 }, { COL_CUSTOMER, 0, 0 }, { COL_DUE, 10, 5 },
};

static cJSON *
push_of(cJSON *ticket)
{
	cJSON *m = cJSON_CreateObject();

	cJSON_AddStringToObject(m, "event", "ticket.changed");
	cJSON_AddItemToObject(m, "data", ticket);
	return m;
}

static void
push(struct app *a, struct ui_list *l, const char *no, const char *state,
    const char *arrival, int version)
{
	cJSON *m = push_of(ticket_json(no, state, arrival, version));

	list_push(a, l, m);
	cJSON_Delete(m);
}

/* The "new" queue kept by pushes: rows join in deadline order and leave,
 * and the selected ticket stays selected when a row goes in above it. */
START_TEST(test_list_pushes)
{
	static struct ui_list l;
	struct app a;

	memset(&a, 0, sizeof a);
	ui_copy(a.user, sizeof a.user, "dispatcher");
	ui_copy(a.role, sizeof a.role, "dispatcher");
	list_init(&l, &ui_board_view, "new", cols, 3);
	ck_assert_int_eq(l.tcols[2].hide, 0);   /* the countdown is never hidden */
	l.loaded = true;
	push(&a, &l, "B1", "new", "\"2026-11-24T12:00:00+08:00\"", 1);
	push(&a, &l, "B2", "new", "\"2026-11-24T14:00:00+08:00\"", 1);
	ck_assert_uint_eq(l.set.len, 2);
	table_select_key(&l.table, "B2");
	push(&a, &l, "B0", "new", "\"2026-11-24T09:00:00+08:00\"", 1);
	ck_assert_str_eq(l.set.rows[0].no, "B0");
	ck_assert_str_eq(list_selected(&l)->no, "B2");
	/* dispatched: it leaves the new queue; the selection stays on B2 */
	push(&a, &l, "B1", "dispatched", "\"2026-11-24T12:00:00+08:00\"", 2);
	ck_assert_uint_eq(l.set.len, 2);
	ck_assert_ptr_null(tickets_find(&l.set, "B1"));
	ck_assert_str_eq(list_selected(&l)->no, "B2");
	/* a stale push does not take a newer row out */
	push(&a, &l, "B2", "new", "\"2026-11-24T14:00:00+08:00\"", 5);
	push(&a, &l, "B2", "cancelled", "\"2026-11-24T14:00:00+08:00\"", 4);
	ck_assert_ptr_nonnull(tickets_find(&l.set, "B2"));
	list_free(&a, &l);
}
END_TEST

/* A key with an entry per case: the first whose `when` says yes runs and
 * labels the bar; when none does, the first refuses. */
static int dispatched_runs, reassigned_runs, refusals;

static bool
is_new(const struct app *a, const struct view *v)
{
	(void)a;
	return strcmp(v->priv, "new") == 0;
}

static bool
is_dispatched(const struct app *a, const struct view *v)
{
	(void)a;
	return strcmp(v->priv, "dispatched") == 0;
}

static unsigned
run_dispatch(struct app *a, struct view *v)
{
	(void)a, (void)v;
	dispatched_runs++;
	return 0;
}

static unsigned
run_reassign(struct app *a, struct view *v)
{
	(void)a, (void)v;
	reassigned_runs++;
	return 0;
}

static void
refuse(struct app *a, struct view *v)
{
	(void)a, (void)v;
	refusals++;
}

static const struct ui_key enter_keys[] = {
	{ .key = UI_KEY_ENTER, .name = "Enter", .label = "Dispatch",
	  .run = run_dispatch, .when = is_new, .refuse = refuse },
	{ .key = UI_KEY_ENTER, .name = "Enter", .label = "Reassign",
	  .run = run_reassign, .when = is_dispatched, .refuse = refuse },
	{ 0 }
};

START_TEST(test_key_per_case)
{
	char state[16] = "new";
	struct view v = { .priv = state };
	struct ui_help bar[4];
	struct app a;

	memset(&a, 0, sizeof a);
	ck_assert_int_eq(ui_keys_bar(&a, &v, enter_keys, bar, 4), 1);
	ck_assert_str_eq(bar[0].what, "Dispatch");
	ui_keys_run(&a, &v, enter_keys, UI_KEY_ENTER);
	ck_assert_int_eq(dispatched_runs, 1);
	strcpy(state, "dispatched");
	ck_assert_int_eq(ui_keys_bar(&a, &v, enter_keys, bar, 4), 1);
	ck_assert_str_eq(bar[0].what, "Reassign");
	ui_keys_run(&a, &v, enter_keys, UI_KEY_ENTER);
	ck_assert_int_eq(reassigned_runs, 1);
	ck_assert_int_eq(dispatched_runs, 1);
	strcpy(state, "on_site");
	ck_assert_int_eq(ui_keys_bar(&a, &v, enter_keys, bar, 4), 0);
	ui_keys_run(&a, &v, enter_keys, UI_KEY_ENTER);
	ck_assert_int_eq(refusals, 1);
	ck_assert_int_eq(dispatched_runs + reassigned_runs, 2);
}
END_TEST

Suite *
client_lists_suite(void)
{
	Suite *s = suite_create("client_lists");
	TCase *tc = tcase_create("lists");

	tcase_add_test(tc, test_queue_rule);
	tcase_add_test(tc, test_open_states);
	tcase_add_test(tc, test_row_parse);
	tcase_add_test(tc, test_compare);
	tcase_add_test(tc, test_queue_orders);
	tcase_add_test(tc, test_callback_cells);
	tcase_add_test(tc, test_list_pushes);
	tcase_add_test(tc, test_key_per_case);
	suite_add_tcase(s, tc);
	return s;
}
