/*
 * config.h: the daemon's options. Every limit is an option with a default,
 * set from the command line (see svcdeskd(8)).
 */
#ifndef SVCDESK_CONFIG_H
#define SVCDESK_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

struct config {
	const char *db;                 /* libpq conninfo */
	const char *report_db;          /* the report ops' replica; NULL: db */
	char listen_host[256];
	int listen_port;
	const char *tls_cert;
	const char *tls_key;
	bool insecure;                  /* allow plain TCP off loopback */
	bool proxy_protocol;            /* a PROXY v1 header first (server/proxyproto.h) */
	int pool_size;                  /* database connections */
	int queue_limit;                /* requests waiting for a connection */
	size_t max_frame;               /* bytes in one message */
	int max_clients;
	size_t max_output;              /* bytes queued to one client */
	size_t max_output_total;        /* bytes queued to all clients together */
	int idle_timeout;               /* seconds without a message */
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
};

/* Defaults, then the options in argv (after the subcommand). Prints the
 * problem and returns false on a bad option. */
void config_defaults(struct config *cfg);
bool config_parse(struct config *cfg, int argc, char **argv);
bool config_parse_listen(struct config *cfg, const char *hostport);
void config_usage(void);

#endif
