/*
 * main.c: svcdeskd's entry point: `serve` runs the daemon (SIGHUP reloads
 * its config file); `migrate`, `useradd` and `check-config` are one-shot
 * tools. See svcdeskd(8).
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <event2/event.h>
#include <event2/bufferevent.h>
#include <event2/listener.h>
#include <openssl/ssl.h>

#include "common/l10n.h"
#include "server/auth.h"
#include "server/config.h"
#include "server/db.h"
#include "server/export.h"
#include "server/log.h"
#include "server/metrics.h"
#include "server/notify.h"
#include "server/policy.h"
#include "server/push.h"
#include "server/sdnotify.h"
#include "server/server.h"
#include "server/sweeper.h"
#include "server/tools.h"

static void
usage(void)
{
	fputs("usage: svcdeskd serve [--config FILE] [--db CONNINFO] [--listen HOST:PORT] [options]\n"
	    "       svcdeskd check-config FILE\n"
	    "       svcdeskd migrate [--db CONNINFO | --config FILE] [--sql-dir DIR] [--check]\n"
	    "       svcdeskd useradd [--db CONNINFO] [--name NAME] [--department CODE] USER ROLE < password\n"
	    "       svcdeskd version\n"
	    "`svcdeskd serve --help` lists the daemon's options, `svcdeskd migrate --help` migrate's.\n",
	    stderr);
}

static void
on_drain_deadline(evutil_socket_t fd, short what, void *arg)
{
	struct server *srv = arg;

	(void)fd;
	(void)what;
	log_warn("requests still running after %ds: stopping anyway",
	    srv->cfg.drain_timeout);
	event_base_loopbreak(srv->base);
}

static void
on_signal(evutil_socket_t sig, short what, void *arg)
{
	struct server *srv = arg;
	struct timeval deadline = { srv->cfg.drain_timeout, 0 };

	(void)what;
	if (srv->stopping) {
		log_warn("second signal: stopping now");
		event_base_loopbreak(srv->base);
		return;
	}
	log_info("%s: finishing %d requests, then stopping",
	    sig == SIGTERM ? "SIGTERM" : "SIGINT", db_pending(srv->db));
	sdnotify_stopping(srv->sdnotify, db_pending(srv->db));
	evtimer_add(srv->ev_drain_deadline, &deadline);
	net_drain(srv);
}

/* Logs each line of errs at level. */
static void
log_lines(enum log_level level, const char *text)
{
	for (const char *nl; *text != '\0'; text = nl + 1) {
		if ((nl = strchr(text, '\n')) == NULL)
			nl = text + strlen(text) - 1;
		log_msg(level, 0, "%.*s", (int)(nl - text), text);
	}
}

/* SIGHUP: the file and the command line read again, as at the start; the
 * reloadable options applied, the others kept with a warning. A file with
 * errors changes nothing. */
static void
on_sighup(evutil_socket_t sig, short what, void *arg)
{
	struct server *srv = arg;
	struct config_errors errs = { 0 };
	struct config next;
	char names[512];

	(void)sig;
	(void)what;
	sdnotify_reloading(srv->sdnotify);
	if (!config_load(&next, srv->cfg.argc, srv->cfg.argv, &errs)) {
		log_lines(LOG_ERROR, errs.text);
		log_error("SIGHUP: %d errors in the configuration: nothing changed", errs.count);
		config_free(&next);
		return;
	}
	if (config_restart_needed(&srv->cfg, &next, names, sizeof names) > 0)
		log_warn("SIGHUP: changed but only applied at a restart: %s", names);
	config_apply_reloadable(&srv->cfg, &next);
	log_set_level((enum log_level)srv->cfg.log_level);
	db_set_queue_limit(srv->db, srv->cfg.queue_limit);
	if (srv->report_db)
		db_set_queue_limit(srv->report_db, srv->cfg.queue_limit);
	if (srv->tls_ctx != NULL && !net_tls_load(srv))
		log_error("SIGHUP: still serving the TLS certificate loaded before");
	log_info("SIGHUP: configuration reloaded (max clients %d, max output %zu)",
	    srv->cfg.max_clients, srv->cfg.max_output);
}

static bool
server_start(struct server *srv)
{
	TAILQ_INIT(&srv->clients);
	/* No evthread_use_pthreads: the worker threads (hashing, exports,
	 * notifications) never touch libevent; they wake the loop through a
	 * pipe. With it, every buffer and event call took a mutex. */
	if ((srv->base = event_base_new()) == NULL)
		return false;
	srv->db = db_new(srv->base, &srv->cfg);
	if (srv->db != NULL && srv->cfg.report_db != NULL &&
	    (srv->report_db = db_new_replica(srv->base, &srv->cfg, srv->db)) == NULL)
		return false;
	srv->hasher = hasher_new(srv->base);
	srv->login_failures_user = ratelimit_new(srv->cfg.login_max_failures_user,
	    srv->cfg.login_window);
	srv->login_failures_addr = ratelimit_new(srv->cfg.login_max_failures_addr,
	    srv->cfg.login_window);
	if (srv->db == NULL || srv->hasher == NULL || !net_listen(srv) ||
	    !metrics_start(srv))
		return false;
	srv->push = push_new(srv);
	srv->policy = policy_new(srv);
	srv->sweeper = sweeper_new(srv);
	srv->notifier = notifier_new(&srv->cfg);
	srv->exporter = exporter_new(srv->base);
	srv->ev_sigterm = evsignal_new(srv->base, SIGTERM, on_signal, srv);
	srv->ev_sigint = evsignal_new(srv->base, SIGINT, on_signal, srv);
	srv->ev_drain_deadline = evtimer_new(srv->base, on_drain_deadline, srv);
	srv->ev_sighup = evsignal_new(srv->base, SIGHUP, on_sighup, srv);
	event_add(srv->ev_sigterm, NULL);
	event_add(srv->ev_sigint, NULL);
	event_add(srv->ev_sighup, NULL);
	srv->sdnotify = sdnotify_new(srv);   /* last: READY means all is running */
	return true;
}

static void
server_stop(struct server *srv)
{
	struct client *c;

	if (srv->report_db)          /* first: it would hand its requests on */
		db_cancel_all(srv->report_db);
	if (srv->db)
		db_cancel_all(srv->db);   /* callbacks still find their owners */
	exporter_free(srv->exporter);    /* the same, for exports under way */
	sdnotify_free(srv->sdnotify);
	while ((c = TAILQ_FIRST(&srv->clients)) != NULL) {
		TAILQ_REMOVE(&srv->clients, c, link);
		if (c->bev)
			bufferevent_free(c->bev);
		free(c);
	}
	net_close_waiting(srv);
	if (srv->listener)
		evconnlistener_free(srv->listener);
	notifier_free(srv->notifier);
	sweeper_free(srv->sweeper);
	policy_free(srv->policy);
	push_free(srv->push);
	db_free(srv->report_db);
	db_free(srv->db);
	metrics_free(srv->metrics);     /* after the pools: its outbox count ends there */
	hasher_free(srv->hasher);
	ratelimit_free(srv->login_failures_user);
	ratelimit_free(srv->login_failures_addr);
	if (srv->tls_ctx)
		SSL_CTX_free(srv->tls_ctx);
	if (srv->ev_output_cut)
		event_free(srv->ev_output_cut);
	if (srv->ev_flush)
		event_free(srv->ev_flush);
	if (srv->ev_login_deadline)
		event_free(srv->ev_login_deadline);
	if (srv->ev_sigterm) {
		event_free(srv->ev_sigterm);
		event_free(srv->ev_sigint);
		event_free(srv->ev_drain_deadline);
		event_free(srv->ev_sighup);
	}
	if (srv->base)
		event_base_free(srv->base);
}

static int
serve(int argc, char **argv)
{
	static struct server srv;
	int rc = 0;

	struct config_errors errs = { 0 };

	if (!config_load(&srv.cfg, argc, argv, &errs)) {
		fputs(errs.text, stderr);
		config_free(&srv.cfg);
		return 2;
	}
	log_set_level((enum log_level)srv.cfg.log_level);
	log_to_journal(log_stderr_is_journal());
	if (getenv("TZ") == NULL)
		setenv("TZ", "Asia/Shanghai", 1);
	tzset();
	signal(SIGPIPE, SIG_IGN);
	/* The command it names is the one that migrates the database served. */
	rc = schema_check(srv.cfg.db, srv.cfg.db_from_argv ? NULL : srv.cfg.config_file);
	if (rc != 0) {
		config_free(&srv.cfg);
		return rc;   /* MIGRATE_DB_NEWER or MIGRATE_DB_OLDER: svcdeskd(8) */
	}
	if (!server_start(&srv))
		rc = 1;
	else {
		log_info("svcdeskd %s serving", SVCDESK_VERSION);
		event_base_dispatch(srv.base);
		log_info("stopped");
	}
	server_stop(&srv);
	config_free(&srv.cfg);
	return rc;
}

/* check-config FILE: 0 when serve would take it, else 1 with each error. */
static int
check_config(int argc, char **argv)
{
	struct config_errors errs = { 0 };
	struct config cfg;
	bool ok;

	if (argc != 2) {
		fputs("usage: svcdeskd check-config FILE\n", stderr);
		return 2;
	}
	config_defaults(&cfg);
	cfg.config_file = argv[1];
	ok = config_read_file(&cfg, argv[1], &errs);
	ok = config_finish(&cfg, &errs) && ok;
	fputs(errs.text, stderr);
	if (ok)
		printf("%s: good\n", argv[1]);
	config_free(&cfg);
	return ok ? 0 : 1;
}

int
main(int argc, char **argv)
{
	if (argc < 2) {
		usage();
		return 2;
	}
	l10n_bind();   /* refusals in Chinese too; the locale stays "C" */
	if (strcmp(argv[1], "serve") == 0)
		return serve(argc - 1, argv + 1);
	if (strcmp(argv[1], "check-config") == 0)
		return check_config(argc - 1, argv + 1);
	if (strcmp(argv[1], "migrate") == 0)
		return tool_migrate(argc - 1, argv + 1);
	if (strcmp(argv[1], "useradd") == 0)
		return tool_useradd(argc - 1, argv + 1);
	if (strcmp(argv[1], "version") == 0 || strcmp(argv[1], "--version") == 0) {
		printf("svcdeskd %s\n", SVCDESK_VERSION);
		return 0;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "help") == 0) {
		usage();
		return 0;
	}
	fprintf(stderr, "svcdeskd: unknown command '%s'\n", argv[1]);
	usage();
	return 2;
}
