/*
 * config.c: defaults and command-line parsing for `svcdeskd serve`.
 */
#include "server/config.h"

#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/proto.h"
#include "server/log.h"

void
config_defaults(struct config *cfg)
{
	long cores = sysconf(_SC_NPROCESSORS_ONLN);

	memset(cfg, 0, sizeof *cfg);
	cfg->db = getenv("SVCDESK_DB") ? getenv("SVCDESK_DB") : "";
	snprintf(cfg->listen_host, sizeof cfg->listen_host, "127.0.0.1");
	cfg->listen_port = PROTO_DEFAULT_PORT;
	/* Four per core: a registration spends most of its time waiting for its
	 * commit's WAL flush, and commits waiting together share one flush, so
	 * more sessions than cores keep the disk's flushes full (make bench:
	 * registrations 0.91 of pgbench-64 with 8 on 2 cores, 0.74 with 4).
	 * At most 32, well inside PostgreSQL's default max_connections (100)
	 * with several daemons on one database. */
	cfg->pool_size = cores > 0 ? (int)(cores < 8 ? 4 * cores : 32) : 8;
	cfg->queue_limit = 10000;
	cfg->max_frame = PROTO_DEFAULT_MAX_FRAME;
	cfg->max_clients = 1024;
	cfg->max_output = 16u * 1024 * 1024;
	/* Sixteen clients at their own limit; without it 1,024 laggards could
	 * hold 16 GiB between them. */
	cfg->max_output_total = 256u * 1024 * 1024;
	cfg->idle_timeout = 1800;
	cfg->statement_timeout_ms = 10000;
	cfg->reconnect_ms = 1000;
	cfg->login_max_failures_user = 5;
	cfg->login_max_failures_addr = 20;
	cfg->login_window = 300;
	cfg->drain_timeout = 10;
	cfg->sweep_interval = 30;
	cfg->notify_interval = 5;
	cfg->notify_timeout = 30;
	cfg->log_level = LOG_INFO;
}

bool
config_parse_listen(struct config *cfg, const char *hostport)
{
	const char *colon = strrchr(hostport, ':');
	char *end;
	long port;
	size_t hostlen;

	if (colon == NULL)
		return false;
	port = strtol(colon + 1, &end, 10);
	if (*end != '\0' || port < 0 || port > 65535)
		return false;
	hostlen = (size_t)(colon - hostport);
	if (hostlen >= 2 && hostport[0] == '[' && hostport[hostlen - 1] == ']') {
		hostport++;
		hostlen -= 2;
	}
	if (hostlen == 0 || hostlen >= sizeof cfg->listen_host)
		return false;
	memcpy(cfg->listen_host, hostport, hostlen);
	cfg->listen_host[hostlen] = '\0';
	cfg->listen_port = (int)port;
	return true;
}

/* Reads a whole number in [min, max] into *out. */
static bool
number(const char *name, const char *text, long min, long max, long *out)
{
	char *end;
	long v = strtol(text, &end, 10);

	if (*text == '\0' || *end != '\0' || v < min || v > max) {
		fprintf(stderr, "svcdeskd: --%s takes a number from %ld to %ld\n",
		    name, min, max);
		return false;
	}
	*out = v;
	return true;
}

void
config_usage(void)
{
	fputs(
"usage: svcdeskd serve [--db CONNINFO] [--listen HOST:PORT] [options]\n"
"  --db CONNINFO            libpq connection string (default: $SVCDESK_DB or PG* variables)\n"
"  --report-db CONNINFO     run the report ops on this streaming replica (default: --db)\n"
"  --listen HOST:PORT       address to listen on (default 127.0.0.1:7450)\n"
"  --tls-cert FILE --tls-key FILE   serve TLS (required off loopback)\n"
"  --insecure               allow plain TCP off loopback\n"
"  --proxy-protocol         connections begin with a PROXY v1 header (HAProxy's\n"
"                           send-proxy) giving the client's address\n"
"  --pool N                 database connections (default 4 x cores, at most 32)\n"
"  --queue-limit N          requests waiting for a connection (10000)\n"
"  --max-frame BYTES        largest message (1048576)\n"
"  --max-clients N          connections at once (1024)\n"
"  --max-output BYTES       output queued to one client before it is dropped (16 MiB)\n"
"  --max-output-total BYTES output queued to all clients together; past it the\n"
"                           largest queues are dropped first (256 MiB)\n"
"  --idle-timeout SECONDS   close a connection silent this long (1800)\n"
"  --statement-timeout MS   database statement timeout (10000)\n"
"  --reconnect-ms MS        between database reconnect attempts (1000)\n"
"  --login-failures N       failed logins per user per window (5)\n"
"  --login-failures-addr N  failed logins per address per window (20)\n"
"  --login-window SECONDS   rate-limit window (300)\n"
"  --drain-timeout SECONDS  time to finish requests on SIGTERM (10)\n"
"  --sweep-interval SECONDS between overdue sweeps (30)\n"
"  --smtp-url URL --smtp-from ADDRESS   send e-mail notifications by SMTP\n"
"  --sms-command PATH       send SMS notifications by running PATH NUMBER TEXT\n"
"  --notify-interval SECONDS between looks at the outbox (5)\n"
"  --notify-timeout SECONDS one delivery at most (30)\n"
"  --log-level LEVEL        debug, info, warn or error (info)\n", stderr);
}

enum { O_TLS_CERT = 256, O_TLS_KEY, O_INSECURE, O_POOL, O_QUEUE, O_FRAME,
	O_CLIENTS, O_OUTPUT, O_OUTPUT_TOTAL, O_IDLE, O_STMT, O_RECONNECT, O_FAIL_USER,
	O_FAIL_ADDR, O_WINDOW, O_DRAIN, O_SWEEP, O_LOG, O_SMTP_URL, O_SMTP_FROM,
	O_SMS, O_NOTIFY_INTERVAL, O_NOTIFY_TIMEOUT, O_REPORT_DB, O_PROXY_PROTOCOL };

static const struct option long_options[] = {
	{ "db", required_argument, NULL, 'd' },
	{ "report-db", required_argument, NULL, O_REPORT_DB },
	{ "listen", required_argument, NULL, 'l' },
	{ "tls-cert", required_argument, NULL, O_TLS_CERT },
	{ "tls-key", required_argument, NULL, O_TLS_KEY },
	{ "insecure", no_argument, NULL, O_INSECURE },
	{ "proxy-protocol", no_argument, NULL, O_PROXY_PROTOCOL },
	{ "pool", required_argument, NULL, O_POOL },
	{ "queue-limit", required_argument, NULL, O_QUEUE },
	{ "max-frame", required_argument, NULL, O_FRAME },
	{ "max-clients", required_argument, NULL, O_CLIENTS },
	{ "max-output", required_argument, NULL, O_OUTPUT },
	{ "max-output-total", required_argument, NULL, O_OUTPUT_TOTAL },
	{ "idle-timeout", required_argument, NULL, O_IDLE },
	{ "statement-timeout", required_argument, NULL, O_STMT },
	{ "reconnect-ms", required_argument, NULL, O_RECONNECT },
	{ "login-failures", required_argument, NULL, O_FAIL_USER },
	{ "login-failures-addr", required_argument, NULL, O_FAIL_ADDR },
	{ "login-window", required_argument, NULL, O_WINDOW },
	{ "drain-timeout", required_argument, NULL, O_DRAIN },
	{ "sweep-interval", required_argument, NULL, O_SWEEP },
	{ "log-level", required_argument, NULL, O_LOG },
	{ "smtp-url", required_argument, NULL, O_SMTP_URL },
	{ "smtp-from", required_argument, NULL, O_SMTP_FROM },
	{ "sms-command", required_argument, NULL, O_SMS },
	{ "notify-interval", required_argument, NULL, O_NOTIFY_INTERVAL },
	{ "notify-timeout", required_argument, NULL, O_NOTIFY_TIMEOUT },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

/* One numeric option: its name for messages, bounds, and where it goes. */
static bool
numeric_option(struct config *cfg, int opt, const char *arg)
{
	long v;

#define NUM(code, name, min, max, field) \
	case code: \
		if (!number(name, arg, min, max, &v)) \
			return false; \
		cfg->field = v; \
		return true
	switch (opt) {
	NUM(O_POOL, "pool", 1, 256, pool_size);
	NUM(O_QUEUE, "queue-limit", 1, 1000000, queue_limit);
	NUM(O_FRAME, "max-frame", 256, 256L * 1024 * 1024, max_frame);
	NUM(O_CLIENTS, "max-clients", 1, 1000000, max_clients);
	NUM(O_OUTPUT, "max-output", 4096, LONG_MAX, max_output);
	NUM(O_OUTPUT_TOTAL, "max-output-total", 4096, LONG_MAX, max_output_total);
	NUM(O_IDLE, "idle-timeout", 1, 86400 * 7, idle_timeout);
	NUM(O_STMT, "statement-timeout", 0, 3600000, statement_timeout_ms);
	NUM(O_RECONNECT, "reconnect-ms", 10, 600000, reconnect_ms);
	NUM(O_FAIL_USER, "login-failures", 1, 1000000, login_max_failures_user);
	NUM(O_FAIL_ADDR, "login-failures-addr", 1, 1000000, login_max_failures_addr);
	NUM(O_WINDOW, "login-window", 1, 86400, login_window);
	NUM(O_DRAIN, "drain-timeout", 0, 3600, drain_timeout);
	NUM(O_SWEEP, "sweep-interval", 1, 86400, sweep_interval);
	NUM(O_NOTIFY_INTERVAL, "notify-interval", 1, 3600, notify_interval);
	NUM(O_NOTIFY_TIMEOUT, "notify-timeout", 1, 600, notify_timeout);
	}
#undef NUM
	return false;
}

bool
config_parse(struct config *cfg, int argc, char **argv)
{
	int opt;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "d:l:h", long_options, NULL)) != -1) {
		switch (opt) {
		case 'd':
			cfg->db = optarg;
			break;
		case 'l':
			if (!config_parse_listen(cfg, optarg)) {
				fprintf(stderr, "svcdeskd: --listen takes HOST:PORT\n");
				return false;
			}
			break;
		case O_REPORT_DB:
			cfg->report_db = optarg;
			break;
		case O_TLS_CERT:
			cfg->tls_cert = optarg;
			break;
		case O_TLS_KEY:
			cfg->tls_key = optarg;
			break;
		case O_INSECURE:
			cfg->insecure = true;
			break;
		case O_PROXY_PROTOCOL:
			cfg->proxy_protocol = true;
			break;
		case O_SMTP_URL:
			cfg->smtp_url = optarg;
			break;
		case O_SMTP_FROM:
			cfg->smtp_from = optarg;
			break;
		case O_SMS:
			cfg->sms_command = optarg;
			break;
		case O_LOG:
			if ((cfg->log_level = log_level_from_name(optarg)) < 0) {
				fprintf(stderr, "svcdeskd: --log-level takes debug, info, warn or error\n");
				return false;
			}
			break;
		case 'h':
			config_usage();
			exit(0);
		default:
			if (opt == '?' || !numeric_option(cfg, opt, optarg)) {
				config_usage();
				return false;
			}
		}
	}
	if (optind < argc) {
		fprintf(stderr, "svcdeskd: unexpected argument '%s'\n", argv[optind]);
		return false;
	}
	if ((cfg->smtp_url == NULL) != (cfg->smtp_from == NULL)) {
		fprintf(stderr, "svcdeskd: --smtp-url and --smtp-from go together\n");
		return false;
	}
	return true;
}
