/*
 * sweeper.c: the overdue sweep; see sweeper.h.
 */
#include "server/sweeper.h"

#include <stdlib.h>
#include <event2/event.h>

#include "server/db.h"
#include "server/log.h"
#include "server/metrics.h"
#include "server/push.h"
#include "server/server.h"

#define SWEEP_LOCK "7450002"
#define REMIND_LOCK "7450003"
#define CONTRACT_LOCK "7450004"

struct sweeper {
	struct server *srv;
	struct event *timer;
	bool running;
};

/* Arrival is late while nobody is on site; the 24-hour answer is late
 * while the ticket is still new. Each ticket is marked once. And the
 * session resume tokens past their expiry go (a login sweeps only its own
 * user's: a user who never logs in again would keep theirs). */
static struct db_statement stmt_sweep = {
	.what = "mark overdue tickets",
	.alone = true,      /* its advisory lock ends with its own commit */
	.sql = "WITH lock AS (SELECT pg_try_advisory_xact_lock(" SWEEP_LOCK ") AS won),"
	       /* Each half matches a partial index; a late arrival wins over a
	        * late reply for the same ticket. */
	       " late AS (SELECT DISTINCT ON (no) no, kind FROM ("
	       "   (SELECT no, 'arrival' AS kind FROM tickets WHERE NOT overdue"
	       "    AND state IN ('new', 'dispatched') AND arrival_due < now()"
	       "    AND (SELECT won FROM lock) ORDER BY arrival_due LIMIT 1000)"
	       "   UNION ALL"
	       "   (SELECT no, 'reply' FROM tickets WHERE NOT overdue AND state = 'new'"
	       "    AND reply_due < now() AND (SELECT won FROM lock) ORDER BY reply_due LIMIT 1000)"
	       "  ) both_kinds ORDER BY no, kind),"
	       /* Looked at again here: a ticket reached on site (or answered)
	        * while this waited for its row is late no longer. */
	       " marked AS (UPDATE tickets t SET overdue = true, version = version + 1,"
	       "  updated_at = now() FROM late WHERE t.no = late.no AND NOT t.overdue"
	       "  AND CASE late.kind WHEN 'arrival' THEN t.state IN ('new', 'dispatched')"
	       "   AND t.arrival_due < now() ELSE t.state = 'new' AND t.reply_due < now() END"
	       "  RETURNING t.no, late.kind, CASE late.kind WHEN 'arrival' THEN t.arrival_due"
	       "   ELSE t.reply_due END AS due, t.technician, ticket_json(t) AS json),"
	       " ev AS (INSERT INTO ticket_events (ticket_no, kind, from_state, to_state, details)"
	       "  SELECT m.no, 'overdue', NULL, NULL, jsonb_build_object('kind', m.kind,"
	       "   'due', iso_time(m.due)) FROM marked m),"
	       " expired AS (DELETE FROM session_tokens WHERE expires_at <= now()"
	       "  AND (SELECT won FROM lock))"
	       "SELECT no, kind, iso_time(due), json::text, technician FROM marked",
};

/*
 * Complaint stages past due (issue #5): a reminder when a stage goes overdue
 * and again each working day it stays overdue (a day by the business
 * calendar, a Saturday too when the complaint's route counts it), each one
 * a `reminder` event and one more overdue day on the stage row, which is
 * against the stage's department. The complaint is marked overdue (and
 * pushed) the first time. Its own lock, so one daemon reminds at a time.
 * A reminder (催办单) is addressed to the stage's owner, the department's
 * active users, and its head (issue 13): `to`, in the event and the push,
 * which push.c delivers to those users' sessions only. The UPDATE checks
 * the stage again once it holds its row, as the overdue sweep does.
 */
static struct db_statement stmt_remind = {
	.what = "remind overdue complaint stages",
	.alone = true,      /* its advisory lock ends with its own commit */
	.sql = "WITH lock AS (SELECT pg_try_advisory_xact_lock(" REMIND_LOCK ") AS won),"
	       " today AS (SELECT is_working_day(current_date) AS working,"
	       "  extract(isodow FROM current_date) = 6 AND NOT EXISTS (SELECT 1 FROM calendar_days"
	       "   WHERE day = current_date AND NOT working) AS saturday),"
	       " late AS (SELECT s.complaint_no, s.seq FROM complaint_stages s"
	       "  JOIN complaints c ON c.no = s.complaint_no AND c.state = 'routed', today"
	       "  WHERE s.finished_at IS NULL AND s.started_at IS NOT NULL AND s.due < now()"
	       "  AND (SELECT won FROM lock) AND (s.reminded_at IS NULL"
	       "   OR (s.reminded_at::date < current_date"
	       "    AND (today.working OR (c.saturday_counts AND today.saturday))))"
	       "  ORDER BY s.due LIMIT 1000),"
	       " st AS (UPDATE complaint_stages s SET reminded_at = now(),"
	       "  overdue_days = s.overdue_days + 1 FROM late"
	       "  WHERE s.complaint_no = late.complaint_no AND s.seq = late.seq"
	       /* again on the row as it is once locked: `late` read a snapshot
	        * that may predate another daemon's reminder (its lock ends at
	        * its commit) or the stage's end (test_reminder_once_when_raced) */
	       "  AND s.finished_at IS NULL"
	       "  AND (s.reminded_at IS NULL OR s.reminded_at::date < current_date)"
	       "  RETURNING s.complaint_no AS no, s.seq, s.department, s.due, s.overdue_days),"
	       " rcpt AS (SELECT st.*, (SELECT coalesce(jsonb_agg(u.login ORDER BY u.login), '[]')"
	       "  FROM users u WHERE u.active AND (u.department = st.department OR u.login ="
	       "   (SELECT d.head FROM departments d WHERE d.code = st.department))) AS to_users"
	       "  FROM st),"
	       " marked AS (UPDATE complaints c SET overdue = true, version = c.version + 1,"
	       "  updated_at = now() FROM st WHERE c.no = st.no AND NOT c.overdue"
	       "  RETURNING c.no, complaint_json(c) AS json),"
	       " ev AS (INSERT INTO complaint_events (complaint_no, kind, details)"
	       "  SELECT no, 'reminder', jsonb_build_object('seq', seq, 'department', department,"
	       "   'due', iso_time(due), 'overdue_days', overdue_days, 'to', to_users) FROM rcpt)"
	       "SELECT r.no, r.department, iso_time(r.due), r.overdue_days,"
	       " (SELECT json::text FROM marked m WHERE m.no = r.no), r.to_users::text FROM rcpt r",
};

/*
 * Maintenance contracts (issue 14): each visit fallen due becomes a type Y
 * ticket with a maintenance_due notification, and each contract entering
 * its notice period one contract_expiry notification, by contract_sweep
 * (sql/functions/66_contracts.sql) in this one transaction. Its own lock
 * keeps two daemons from doing the work at once; exactly once is the
 * visits' unique key and the notices' once_key, which hold without it.
 * Rows: (ticket json, NULL) per new ticket, then (NULL, notices queued).
 */
static struct db_statement stmt_contracts = {
	.what = "book maintenance visits",
	.alone = true,      /* its advisory lock ends with its own commit */
	.sql = "SELECT s.ticket::text, s.notices FROM"
	       " (SELECT pg_try_advisory_xact_lock(" CONTRACT_LOCK ") AS won) lock,"
	       " LATERAL (SELECT * FROM contract_sweep() WHERE lock.won) s",
};

static void arm(struct sweeper *s);
static void book_visits(struct sweeper *s);

static void
on_reminded(void *arg, PGresult *res)
{
	struct sweeper *s = arg;
	struct push *push = s->srv->push;
	struct proto_error err;
	int n;

	if (!db_result_ok(res, &stmt_remind, &err)) {
		if (err.code != PROTO_UNAVAILABLE)
			log_warn("complaint reminders failed: %s", err.message);
		book_visits(s);
		return;
	}
	n = PQntuples(res);
	for (int i = 0; i < n; i++) {
		cJSON *reminder = cJSON_CreateObject();
		cJSON_AddStringToObject(reminder, "no", PQgetvalue(res, i, 0));
		cJSON_AddStringToObject(reminder, "department", PQgetvalue(res, i, 1));
		cJSON_AddStringToObject(reminder, "due", PQgetvalue(res, i, 2));
		cJSON_AddNumberToObject(reminder, "overdue_days", atoi(PQgetvalue(res, i, 3)));
		cJSON_AddItemToObject(reminder, "to", db_json(res, i, 5));   /* push.c: only them */
		push_publish(push, TOPIC_COMPLAINTS, "complaint.reminder", reminder);
		if (!PQgetisnull(res, i, 4))
			push_publish(push, TOPIC_COMPLAINTS, "complaint.changed", db_json(res, i, 4));
	}
	metrics_swept(s->srv->metrics, METRICS_SWEPT_REMINDERS, n);
	if (n > 0)
		log_info("sweep: %d complaint stage reminders", n);
	book_visits(s);
}

static void
on_booked(void *arg, PGresult *res)
{
	struct sweeper *s = arg;
	struct proto_error err;
	int n, tickets = 0;

	s->running = false;
	if (!db_result_ok(res, &stmt_contracts, &err)) {
		if (err.code != PROTO_UNAVAILABLE)
			log_warn("maintenance sweep failed: %s", err.message);
		arm(s);
		return;
	}
	n = PQntuples(res);
	for (int i = 0; i < n; i++) {
		if (PQgetisnull(res, i, 0)) {
			if (atoi(PQgetvalue(res, i, 1)) > 0)
				log_info("sweep: %s contract expiry notices", PQgetvalue(res, i, 1));
			continue;
		}
		push_publish(s->srv->push, TOPIC_TICKETS, "ticket.changed", db_json(res, i, 0));
		tickets++;
	}
	metrics_swept(s->srv->metrics, METRICS_SWEPT_VISITS, tickets);
	if (tickets > 0)
		log_info("sweep: %d maintenance visits booked", tickets);
	arm(s);
}

/* Last, the maintenance contracts. */
static void
book_visits(struct sweeper *s)
{
	if (s->srv->stopping) {
		s->running = false;
		return;
	}
	db_query(s->srv->db, &stmt_contracts, 0, NULL, on_booked, s);
}

/* Then the complaint stages, in the same turn of the timer. */
static void
remind(struct sweeper *s)
{
	if (s->srv->stopping) {
		s->running = false;
		return;
	}
	db_query(s->srv->db, &stmt_remind, 0, NULL, on_reminded, s);
}

static void
on_swept(void *arg, PGresult *res)
{
	struct sweeper *s = arg;
	struct push *push = s->srv->push;
	struct proto_error err;
	int n;

	if (!db_result_ok(res, &stmt_sweep, &err)) {
		if (err.code != PROTO_UNAVAILABLE)
			log_warn("overdue sweep failed: %s", err.message);
		remind(s);
		return;
	}
	n = PQntuples(res);
	for (int i = 0; i < n; i++) {
		cJSON *breach = cJSON_CreateObject();
		cJSON_AddStringToObject(breach, "kind", PQgetvalue(res, i, 1));
		cJSON_AddStringToObject(breach, "no", PQgetvalue(res, i, 0));
		cJSON_AddStringToObject(breach, "due", PQgetvalue(res, i, 2));
		if (!PQgetisnull(res, i, 4))   /* for push.c's technician filter */
			cJSON_AddStringToObject(breach, "technician", PQgetvalue(res, i, 4));
		push_publish(push, TOPIC_SLA, "sla.breach", breach);
		push_publish(push, TOPIC_TICKETS, "ticket.changed", db_json(res, i, 3));
	}
	metrics_swept(s->srv->metrics, METRICS_SWEPT_TICKETS, n);
	if (n > 0)
		log_info("sweep: %d tickets newly overdue", n);
	remind(s);
}

static void
on_timer(evutil_socket_t fd, short what, void *arg)
{
	struct sweeper *s = arg;

	(void)fd;
	(void)what;
	if (s->srv->stopping || s->running)
		return;
	s->running = true;
	metrics_sweep(s->srv->metrics);
	db_query(s->srv->db, &stmt_sweep, 0, NULL, on_swept, s);
}

static void
arm(struct sweeper *s)
{
	struct timeval tv = { s->srv->cfg.sweep_interval, 0 };

	if (!s->srv->stopping)
		evtimer_add(s->timer, &tv);
}

struct sweeper *
sweeper_new(struct server *srv)
{
	struct sweeper *s = calloc(1, sizeof *s);
	struct timeval soon = { 1, 0 };

	if (s == NULL)
		return NULL;
	s->srv = srv;
	s->timer = evtimer_new(srv->base, on_timer, s);
	evtimer_add(s->timer, &soon);
	return s;
}

void
sweeper_free(struct sweeper *s)
{
	if (s == NULL)
		return;
	event_free(s->timer);
	free(s);
}
