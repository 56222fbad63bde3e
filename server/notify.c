/*
 * notify.c: the outbox's delivery worker; see notify.h.
 */
#include "server/notify.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <libpq-fe.h>

#include "server/config.h"
#include "server/log.h"
#include "server/transport.h"

struct notifier {
	const struct config *cfg;
	char channels[32];            /* the configured ones, as a text[] literal */
	PGconn *pg;
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t wake;
	bool stop;                    /* under mu */
};

/* The next due row of a configured channel that no other daemon holds. */
static const char sql_take[] =
	"SELECT id, channel, recipient, text FROM notifications"
	" WHERE state = 'pending' AND next_attempt <= now() AND channel = ANY($1::text[])"
	" ORDER BY next_attempt, id LIMIT 1 FOR UPDATE SKIP LOCKED";
static const char sql_sent[] =
	"UPDATE notifications SET state = 'sent', attempts = attempts + 1, sent_at = now(),"
	" last_error = NULL WHERE id = $1::bigint";
/* Refused: again after the backoff, doubled with each attempt; failed after
 * the last one. */
static const char sql_refused[] =
	"UPDATE notifications SET attempts = attempts + 1, last_error = $2,"
	" state = CASE WHEN attempts + 1 >= setting_int('notify_max_attempts')"
	"  THEN 'failed' ELSE 'pending' END,"
	" next_attempt = now() + make_interval(secs => setting_int('notify_backoff_seconds')"
	"  * power(2, least(attempts, 16)))"
	" WHERE id = $1::bigint";

/* Sleeps seconds or until told to stop; false when stopping. */
static bool
nap(struct notifier *n, int seconds)
{
	struct timespec until;
	bool stop;

	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += seconds;
	pthread_mutex_lock(&n->mu);
	while (!n->stop && pthread_cond_timedwait(&n->wake, &n->mu, &until) != ETIMEDOUT)
		;
	stop = n->stop;
	pthread_mutex_unlock(&n->mu);
	return !stop;
}

static bool
connected(struct notifier *n)
{
	const char *keys[] = { "dbname", "application_name", NULL };
	const char *values[] = { n->cfg->db, "svcdeskd notify", NULL };

	if (n->pg != NULL && PQstatus(n->pg) == CONNECTION_OK)
		return true;
	PQfinish(n->pg);
	n->pg = PQconnectdbParams(keys, values, 1);
	if (PQstatus(n->pg) == CONNECTION_OK)
		return true;
	log_warn("notify: cannot reach the database: %s", PQerrorMessage(n->pg));
	return false;
}

/* Runs one statement; false (logged) unless it gave rows or completed. */
static bool
run(struct notifier *n, const char *sql, int nparams, const char *const *values,
    PGresult **out)
{
	PGresult *res = PQexecParams(n->pg, sql, nparams, NULL, values, NULL, NULL, 0);
	ExecStatusType st = PQresultStatus(res);
	bool ok = st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK;

	if (!ok)
		log_warn("notify: %s", PQerrorMessage(n->pg));
	if (ok && out != NULL)
		*out = res;
	else
		PQclear(res);
	return ok;
}

static bool
deliver(const struct notifier *n, const char *channel, const char *to, const char *text,
    char *why, size_t size)
{
	if (strcmp(channel, "email") == 0)
		return smtp_send(n->cfg->smtp_url, n->cfg->smtp_from, to, text,
		    n->cfg->notify_timeout, why, size);
	return sms_send(n->cfg->sms_command, to, text, n->cfg->notify_timeout, why, size);
}

/* One row, in one transaction: taken, handed over, recorded. Returns 1 when
 * a row went, 0 when none was due, -1 on a database error. */
static int
deliver_one(struct notifier *n)
{
	const char *channels = n->channels;
	PGresult *res = NULL;
	char why[256] = "", id[24];
	bool ok;

	if (!run(n, "BEGIN", 0, NULL, NULL))
		return -1;
	if (!run(n, sql_take, 1, &channels, &res)) {
		run(n, "ROLLBACK", 0, NULL, NULL);
		return -1;
	}
	if (PQntuples(res) == 0) {
		PQclear(res);
		return run(n, "COMMIT", 0, NULL, NULL) ? 0 : -1;
	}
	snprintf(id, sizeof id, "%s", PQgetvalue(res, 0, 0));
	ok = deliver(n, PQgetvalue(res, 0, 1), PQgetvalue(res, 0, 2), PQgetvalue(res, 0, 3),
	    why, sizeof why);
	if (ok)
		log_info("notify: message %s sent by %s", id, PQgetvalue(res, 0, 1));
	else   /* why holds no customer data (transport.h) */
		log_warn("notify: message %s not sent: %s", id, why);
	PQclear(res);
	const char *params[2] = { id, why };
	if (!run(n, ok ? sql_sent : sql_refused, ok ? 1 : 2, params, NULL) ||
	    !run(n, "COMMIT", 0, NULL, NULL))
		return -1;
	return 1;
}

static void *
worker(void *arg)
{
	struct notifier *n = arg;
	int r;

	while (nap(n, 0)) {
		if (!connected(n)) {
			if (!nap(n, n->cfg->notify_interval))
				break;
			continue;
		}
		r = deliver_one(n);
		if (r < 0) {   /* start again on a fresh connection */
			PQfinish(n->pg);
			n->pg = NULL;
		}
		if (r <= 0 && !nap(n, n->cfg->notify_interval))
			break;
	}
	PQfinish(n->pg);
	return NULL;
}

struct notifier *
notifier_new(const struct config *cfg)
{
	struct notifier *n;
	bool mail = cfg->smtp_url != NULL, sms = cfg->sms_command != NULL;

	if (!mail && !sms) {
		log_info("notify: no --smtp-url or --sms-command: messages stay pending");
		return NULL;
	}
	if ((n = calloc(1, sizeof *n)) == NULL || !transport_init()) {
		free(n);
		return NULL;
	}
	n->cfg = cfg;
	snprintf(n->channels, sizeof n->channels, "{%s%s%s}", mail ? "email" : "",
	    mail && sms ? "," : "", sms ? "sms" : "");
	pthread_mutex_init(&n->mu, NULL);
	pthread_cond_init(&n->wake, NULL);
	if (pthread_create(&n->thread, NULL, worker, n) != 0) {
		log_error("notify: cannot start the delivery thread");
		pthread_cond_destroy(&n->wake);
		pthread_mutex_destroy(&n->mu);
		transport_cleanup();
		free(n);
		return NULL;
	}
	log_info("notify: delivering %s", n->channels);
	return n;
}

void
notifier_free(struct notifier *n)
{
	if (n == NULL)
		return;
	pthread_mutex_lock(&n->mu);
	n->stop = true;
	pthread_cond_signal(&n->wake);
	pthread_mutex_unlock(&n->mu);
	pthread_join(n->thread, NULL);
	pthread_cond_destroy(&n->wake);
	pthread_mutex_destroy(&n->mu);
	transport_cleanup();
	free(n);
}
