/*
 * config.h: the daemon's options. Every option of `svcdeskd serve` is one row
 * of config.c's table, read from the command line and from the config file
 * (`--config FILE`: `key = value` lines, the long option's name with `_` for
 * `-`); the command line overrides the file. See svcdeskd(8).
 */
#ifndef SVCDESK_CONFIG_H
#define SVCDESK_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

struct config_text;   /* strings the config owns (file values, secrets) */

struct config {
	const char *db;                 /* libpq conninfo */
	const char *report_db;          /* the report ops' replica; NULL: db */
	const char *db_password_file;   /* the database password, in a file */
	char listen_host[256];
	int listen_port;
	const char *tls_cert;
	const char *tls_key;
	bool insecure;                  /* allow plain TCP off loopback */
	bool proxy_protocol;            /* a PROXY v1 header first (server/proxyproto.h) */
	int pool_size;                  /* database connections */
	int queue_limit;                /* requests waiting for a connection */
	int batch_max;                  /* requests one commit may share; 1: none */
	size_t max_frame;               /* bytes in one message */
	int max_clients;
	size_t max_output;              /* bytes queued to one client */
	size_t max_output_total;        /* bytes queued to all clients together */
	int idle_timeout;               /* seconds without a message */
	int login_timeout;              /* seconds to log in after connecting; 0: off */
	int statement_timeout_ms;
	int reconnect_ms;               /* between database reconnect attempts */
	int login_max_failures_user;    /* failed logins per user per window */
	int login_max_failures_addr;    /* failed logins per address per window */
	int login_window;               /* seconds */
	int drain_timeout;              /* seconds to finish requests on SIGTERM */
	int sweep_interval;             /* seconds between overdue sweeps */
	/* The outbox's transports (server/notify.c); NULL: that channel's
	 * messages stay pending. */
	const char *smtp_url;           /* smtp://host:port, smtps://user:pass@host */
	const char *smtp_from;          /* the sender's address */
	const char *sms_command;        /* run as: command NUMBER TEXT */
	int notify_interval;            /* seconds between looks at the outbox */
	int notify_timeout;             /* seconds one delivery may take */
	int log_level;
	/* --metrics-listen: the HTTP listener of /metrics and /health
	 * (server/metrics.h); off unless given. */
	bool metrics_on;
	char metrics_host[256];
	int metrics_port;
	int metrics_max_connections;    /* HTTP connections at once */
	/* Where it came from, so SIGHUP can read it again the same way. */
	const char *config_file;        /* --config; NULL: none */
	bool db_from_argv;              /* --db given: it, not the file's, is served */
	int argc;
	char **argv;
	struct config_text *texts;
};

/* Problems found, one "WHERE: message" line each (WHERE is FILE:LINE for a
 * file, "svcdeskd" for the command line). */
struct config_errors {
	int count;
	size_t len;
	char text[8192];
};

void config_defaults(struct config *cfg);
/* The options in argv (after the subcommand) over cfg. Prints the problem
 * and returns false on a bad option. */
bool config_parse(struct config *cfg, int argc, char **argv);
/* `key = value` lines of text (named name in messages) over cfg. */
bool config_read_text(struct config *cfg, const char *name, const char *text,
    struct config_errors *errs);
bool config_read_file(struct config *cfg, const char *path,
    struct config_errors *errs);
/* Checks across options and reads the secrets: the options that go together,
 * the key and password files' modes, the password into the conninfo. */
bool config_finish(struct config *cfg, struct config_errors *errs);
/* All of it for serve: defaults, the file of --config, argv over it,
 * config_finish. Errors go to errs. */
bool config_load(struct config *cfg, int argc, char **argv,
    struct config_errors *errs);
/* The option rows SIGHUP may not change that differ between old and new:
 * one "key" each in names (comma separated); 0 when none. */
int config_restart_needed(const struct config *old, const struct config *new,
    char *names, size_t size);
/* Copies the reloadable options of src into dst; dst takes src's strings. */
void config_apply_reloadable(struct config *dst, struct config *src);
void config_free(struct config *cfg);
bool config_parse_listen(struct config *cfg, const char *hostport);
/* --metrics-listen HOST:PORT, or PORT alone for 127.0.0.1:PORT. */
bool config_parse_metrics_listen(struct config *cfg, const char *text);
void config_usage(void);

#endif
