/*
 * config.c: `svcdeskd serve`'s options as one table, read by getopt from the
 * command line and by the config file's parser, so each option is written
 * once: its name, kind, bounds, field, help line and whether SIGHUP may
 * change it (server/reload.c).
 */
#include "server/config.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <libpq-fe.h>

#include "common/proto.h"
#include "server/log.h"

/* A string the config allocated (a file's value, the conninfo with the
 * password): freed with the config. */
struct config_text {
	struct config_text *next;
	char text[];
};

enum opt_kind {
	OPT_STRING,     /* const char * */
	OPT_PATH,       /* const char *, a file's name */
	OPT_INT,        /* int in [min, max] */
	OPT_SIZE,       /* size_t in [min, max] */
	OPT_FLAG,       /* bool: no argument; true/false in the file */
	OPT_LISTEN,     /* HOST:PORT into listen_host and listen_port */
	OPT_METRICS,    /* HOST:PORT or PORT into metrics_on, _host, _port */
	OPT_LOG_LEVEL,  /* int: debug, info, warn, error */
	OPT_CONFIG,     /* --config FILE: the command line only */
};

struct opt {
	const char *name;       /* --name; name with '_' for '-' in the file */
	enum opt_kind kind;
	long min, max;
	size_t field;           /* offsetof(struct config, ...) */
	bool reloadable;        /* SIGHUP applies it */
	const char *arg;        /* in the usage: --name ARG */
	const char *help;
};

#define F(x) offsetof(struct config, x)
static const struct opt opts[] = {
	{ "config", OPT_CONFIG, 0, 0, F(config_file), false, "FILE",
	  "read options from FILE (key = value lines); the command line overrides it" },
	{ "db", OPT_STRING, 0, 0, F(db), false, "CONNINFO",
	  "libpq connection string (default: $SVCDESK_DB or PG* variables)" },
	{ "db-password-file", OPT_PATH, 0, 0, F(db_password_file), false, "FILE",
	  "the database password, read from FILE (mode 600)" },
	{ "report-db", OPT_STRING, 0, 0, F(report_db), false, "CONNINFO",
	  "run the report ops on this streaming replica (default: --db)" },
	{ "listen", OPT_LISTEN, 0, 0, F(listen_host), false, "HOST:PORT",
	  "address to listen on (default 127.0.0.1:7450)" },
	{ "tls-cert", OPT_PATH, 0, 0, F(tls_cert), true, "FILE",
	  "serve TLS with this certificate chain (required off loopback)" },
	{ "tls-key", OPT_PATH, 0, 0, F(tls_key), true, "FILE",
	  "and this private key (mode 600)" },
	{ "insecure", OPT_FLAG, 0, 0, F(insecure), false, NULL,
	  "allow plain TCP off loopback" },
	{ "proxy-protocol", OPT_FLAG, 0, 0, F(proxy_protocol), false, NULL,
	  "connections begin with a PROXY v1 header (HAProxy's send-proxy) giving the client's address" },
	{ "pool", OPT_INT, 1, 256, F(pool_size), false, "N",
	  "database connections (default 4 x cores, at most 32)" },
	{ "queue-limit", OPT_INT, 1, 1000000, F(queue_limit), true, "N",
	  "requests waiting for a connection (10000)" },
	{ "batch-max", OPT_INT, 1, 1000, F(batch_max), false, "N",
	  "waiting requests sharing one commit; 1: off (64)" },
	{ "max-frame", OPT_SIZE, 256, 256L * 1024 * 1024, F(max_frame), true, "BYTES",
	  "largest message (1048576)" },
	{ "max-clients", OPT_INT, 1, 1000000, F(max_clients), true, "N",
	  "connections at once (1024)" },
	{ "max-output", OPT_SIZE, 4096, LONG_MAX, F(max_output), true, "BYTES",
	  "output queued to one client before it is dropped (16 MiB)" },
	{ "max-output-total", OPT_SIZE, 4096, LONG_MAX, F(max_output_total), true, "BYTES",
	  "output queued to all clients together; past it the largest queues are dropped first (256 MiB)" },
	{ "idle-timeout", OPT_INT, 1, 86400 * 7, F(idle_timeout), true, "SECONDS",
	  "close a connection silent this long (1800)" },
	{ "login-timeout", OPT_INT, 0, 86400, F(login_timeout), false, "SECONDS",
	  "close a connection not logged in this long after connecting; 0: never (60)" },
	{ "statement-timeout", OPT_INT, 0, 3600000, F(statement_timeout_ms), false, "MS",
	  "database statement timeout (10000)" },
	{ "reconnect-ms", OPT_INT, 10, 600000, F(reconnect_ms), false, "MS",
	  "between database reconnect attempts (1000)" },
	{ "login-failures", OPT_INT, 1, 1000000, F(login_max_failures_user), false, "N",
	  "failed logins per user per window (5)" },
	{ "login-failures-addr", OPT_INT, 1, 1000000, F(login_max_failures_addr), false, "N",
	  "failed logins per address per window (20)" },
	{ "login-window", OPT_INT, 1, 86400, F(login_window), false, "SECONDS",
	  "rate-limit window (300)" },
	{ "drain-timeout", OPT_INT, 0, 3600, F(drain_timeout), true, "SECONDS",
	  "time to finish requests on SIGTERM (10)" },
	{ "sweep-interval", OPT_INT, 1, 86400, F(sweep_interval), true, "SECONDS",
	  "between overdue sweeps (30)" },
	{ "smtp-url", OPT_STRING, 0, 0, F(smtp_url), false, "URL",
	  "send e-mail notifications by SMTP (with --smtp-from)" },
	{ "smtp-from", OPT_STRING, 0, 0, F(smtp_from), false, "ADDRESS",
	  "the notifications' sender" },
	{ "sms-command", OPT_PATH, 0, 0, F(sms_command), false, "PATH",
	  "send SMS notifications by running PATH NUMBER TEXT" },
	{ "notify-interval", OPT_INT, 1, 3600, F(notify_interval), false, "SECONDS",
	  "between looks at the outbox (5)" },
	{ "notify-timeout", OPT_INT, 1, 600, F(notify_timeout), false, "SECONDS",
	  "one delivery at most (30)" },
	{ "log-level", OPT_LOG_LEVEL, 0, 0, F(log_level), true, "LEVEL",
	  "debug, info, warn or error (info)" },
	{ "metrics-listen", OPT_METRICS, 0, 0, F(metrics_on), false, "HOST:PORT",
	  "serve /metrics and /health over HTTP (off; a PORT alone listens on 127.0.0.1)" },
	{ "metrics-max-connections", OPT_INT, 1, 10000, F(metrics_max_connections), false, "N",
	  "HTTP connections to the metrics port at once; more wait to be accepted (16)" },
};
#undef F
#define NOPTS (sizeof opts / sizeof opts[0])

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
	/* A connection that never logs in would otherwise hold a place in
	 * --max-clients for the whole idle timeout. */
	cfg->login_timeout = 60;
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
	cfg->metrics_max_connections = 16;
	/* Requests waiting together share one commit (server/db.c); 64 keeps
	 * one batch's transaction short while a flush serves many. */
	cfg->batch_max = 64;
}

static void add_error(struct config_errors *errs, const char *where, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
add_error(struct config_errors *errs, const char *where, const char *fmt, ...)
{
	va_list ap;
	int n;

	errs->count++;
	if (errs->len >= sizeof errs->text - 1)
		return;
	n = snprintf(errs->text + errs->len, sizeof errs->text - errs->len, "%s: ", where);
	if (n > 0)
		errs->len = errs->len + (size_t)n < sizeof errs->text ? errs->len + (size_t)n
		    : sizeof errs->text - 1;
	va_start(ap, fmt);
	n = vsnprintf(errs->text + errs->len, sizeof errs->text - errs->len, fmt, ap);
	va_end(ap);
	if (n > 0)
		errs->len = errs->len + (size_t)n < sizeof errs->text - 1 ?
		    errs->len + (size_t)n : sizeof errs->text - 2;
	errs->text[errs->len++] = '\n';
	errs->text[errs->len] = '\0';
}

/* A copy of text that lives as long as cfg. */
static const char *
keep(struct config *cfg, const char *text, size_t len)
{
	struct config_text *t = malloc(sizeof *t + len + 1);

	if (t == NULL)
		return NULL;
	memcpy(t->text, text, len);
	t->text[len] = '\0';
	t->next = cfg->texts;
	cfg->texts = t;
	return t->text;
}

void
config_free(struct config *cfg)
{
	struct config_text *t;

	while ((t = cfg->texts) != NULL) {
		cfg->texts = t->next;
		if (t->text[0] != '\0')
			explicit_bzero(t->text, strlen(t->text));   /* passwords */
		free(t);
	}
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
	if (colon[1] == '\0' || *end != '\0' || port < 0 || port > 65535)
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

bool
config_parse_metrics_listen(struct config *cfg, const char *text)
{
	struct config where;
	char hostport[300];

	/* A port alone listens on loopback: metrics are for a local scraper
	 * unless an address is given on purpose. */
	snprintf(hostport, sizeof hostport, strchr(text, ':') ? "%s" : "127.0.0.1:%s",
	    text);
	if (!config_parse_listen(&where, hostport) || where.listen_port == 0)
		return false;
	memcpy(cfg->metrics_host, where.listen_host, sizeof cfg->metrics_host);
	cfg->metrics_port = where.listen_port;
	cfg->metrics_on = true;
	return true;
}

static bool
flag_value(const char *text, bool *out)
{
	static const char *const yes[] = { "true", "yes", "on", "1" };
	static const char *const no[] = { "false", "no", "off", "0" };

	for (size_t i = 0; i < 4; i++) {
		if (strcasecmp(text, yes[i]) == 0)
			return (*out = true, true);
		if (strcasecmp(text, no[i]) == 0)
			return (*out = false, true);
	}
	return false;
}

/* Sets option o from text (a value that lives as long as cfg); on a bad value
 * adds "WHERE: NAME takes ..." to errs. */
static bool
set_option(struct config *cfg, const struct opt *o, const char *text,
    const char *where, const char *name, struct config_errors *errs)
{
	char *field = (char *)cfg + o->field, *end;
	long v;
	bool b;

	switch (o->kind) {
	case OPT_STRING:
	case OPT_PATH:
	case OPT_CONFIG:
		memcpy(field, &text, sizeof text);
		return true;
	case OPT_FLAG:
		if (!flag_value(text, &b)) {
			add_error(errs, where, "%s takes true or false", name);
			return false;
		}
		memcpy(field, &b, sizeof b);
		return true;
	case OPT_LISTEN:
		if (config_parse_listen(cfg, text))
			return true;
		add_error(errs, where, "%s takes HOST:PORT", name);
		return false;
	case OPT_METRICS:
		if (config_parse_metrics_listen(cfg, text))
			return true;
		add_error(errs, where, "%s takes HOST:PORT or PORT", name);
		return false;
	case OPT_LOG_LEVEL:
		if ((cfg->log_level = log_level_from_name(text)) >= 0)
			return true;
		cfg->log_level = LOG_INFO;
		add_error(errs, where, "%s takes debug, info, warn or error", name);
		return false;
	case OPT_INT:
	case OPT_SIZE:
		errno = 0;
		v = strtol(text, &end, 10);
		if (*text == '\0' || *end != '\0' || errno != 0 || v < o->min || v > o->max) {
			add_error(errs, where, "%s takes a number from %ld to %ld",
			    name, o->min, o->max);
			return false;
		}
		if (o->kind == OPT_INT)
			*(int *)(void *)field = (int)v;
		else
			*(size_t *)(void *)field = (size_t)v;
		return true;
	}
	return false;
}

void
config_usage(void)
{
	char left[64];

	fputs("usage: svcdeskd serve [--config FILE] [--db CONNINFO] [--listen HOST:PORT] [options]\n",
	    stderr);
	for (size_t i = 0; i < NOPTS; i++) {
		snprintf(left, sizeof left, "--%s%s%s", opts[i].name,
		    opts[i].arg ? " " : "", opts[i].arg ? opts[i].arg : "");
		fprintf(stderr, "  %-28s %s\n", left, opts[i].help);
	}
	fputs("In the file each option is `name = value` with `_` for `-` "
	    "(max_clients = 512, insecure = true). See svcdeskd(8).\n", stderr);
}

static const struct opt *
find_opt(const char *name)
{
	for (size_t i = 0; i < NOPTS; i++)
		if (strcmp(opts[i].name, name) == 0)
			return &opts[i];
	return NULL;
}

/* getopt's table, made from opts: val is 256 + the row. */
static void
long_options(struct option *lo)
{
	for (size_t i = 0; i < NOPTS; i++)
		lo[i] = (struct option){ opts[i].name,
		    opts[i].kind == OPT_FLAG ? no_argument : required_argument,
		    NULL, (int)(256 + i) };
	lo[NOPTS] = (struct option){ "help", no_argument, NULL, 'h' };
	lo[NOPTS + 1] = (struct option){ NULL, 0, NULL, 0 };
}

/* argv's options over cfg; with config_only, only --config (the file is
 * read before the rest of the command line is laid over it). */
static bool
parse_argv(struct config *cfg, int argc, char **argv, bool config_only,
    struct config_errors *errs)
{
	struct option lo[NOPTS + 2];
	char name[64];
	int opt;

	long_options(lo);
	optind = 0;     /* GNU getopt: start afresh (serve reads argv twice) */
	opterr = !config_only;
	while ((opt = getopt_long(argc, argv, "d:l:h", lo, NULL)) != -1) {
		const struct opt *o;

		if (opt == 'd' || opt == 'l')
			opt = 256 + (int)(find_opt(opt == 'd' ? "db" : "listen") - opts);
		if (config_only) {
			if (opt == 256 && optarg != NULL)
				cfg->config_file = optarg;
			continue;
		}
		if (opt == 'h') {
			config_usage();
			exit(0);
		}
		if (opt < 256 || opt >= 256 + (int)NOPTS) {
			add_error(errs, "svcdeskd", "unknown option (svcdeskd serve --help lists them)");
			return false;
		}
		o = &opts[opt - 256];
		cfg->db_from_argv |= strcmp(o->name, "db") == 0;
		snprintf(name, sizeof name, "--%s", o->name);
		if (!set_option(cfg, o, o->kind == OPT_FLAG ? "true" : optarg,
		    "svcdeskd", name, errs))
			return false;
	}
	opterr = 1;
	if (!config_only && optind < argc) {
		add_error(errs, "svcdeskd", "unexpected argument '%s'", argv[optind]);
		return false;
	}
	return true;
}

/* The options that go together. */
static bool
check_pairs(const struct config *cfg, const char *where, struct config_errors *errs)
{
	bool ok = true;

	if ((cfg->smtp_url == NULL) != (cfg->smtp_from == NULL)) {
		add_error(errs, where, "smtp-url and smtp-from go together");
		ok = false;
	}
	if ((cfg->tls_cert == NULL) != (cfg->tls_key == NULL)) {
		add_error(errs, where, "tls-cert and tls-key go together");
		ok = false;
	}
	return ok;
}

bool
config_parse(struct config *cfg, int argc, char **argv)
{
	struct config_errors errs = { 0 };
	bool ok = parse_argv(cfg, argc, argv, false, &errs) &&
	    check_pairs(cfg, "svcdeskd", &errs);

	fputs(errs.text, stderr);
	return ok;
}

/* Cuts the blanks around text[0..*len). */
static const char *
trim(const char *text, size_t *len)
{
	while (*len > 0 && (*text == ' ' || *text == '\t')) {
		text++;
		(*len)--;
	}
	while (*len > 0 && (text[*len - 1] == ' ' || text[*len - 1] == '\t' ||
	    text[*len - 1] == '\r'))
		(*len)--;
	return text;
}

/* One line: blank, a # comment, or key = value (the value maybe in double
 * quotes, to keep blanks at its ends). seen[] holds the line each key was
 * first set on, for duplicates. */
static void
read_line(struct config *cfg, const char *where, const char *line, size_t len,
    int lineno, int *seen, struct config_errors *errs)
{
	const char *eq, *key, *value;
	size_t klen, vlen;
	char name[64];
	const struct opt *o;

	line = trim(line, &len);
	if (len == 0 || line[0] == '#')
		return;
	if ((eq = memchr(line, '=', len)) == NULL) {
		add_error(errs, where, "expected key = value");
		return;
	}
	klen = (size_t)(eq - line);
	key = trim(line, &klen);
	vlen = len - (size_t)(eq + 1 - line);
	value = trim(eq + 1, &vlen);
	if (klen == 0 || klen >= sizeof name) {
		add_error(errs, where, "expected key = value");
		return;
	}
	for (size_t i = 0; i < klen; i++)
		name[i] = key[i] == '_' ? '-' : key[i];
	name[klen] = '\0';
	o = find_opt(name);
	memcpy(name, key, klen);   /* messages name the key as written */
	if (o == NULL || o->kind == OPT_CONFIG) {
		add_error(errs, where, "unknown key %s", name);
		return;
	}
	if (vlen >= 2 && value[0] == '"' && value[vlen - 1] == '"') {
		value++;
		vlen -= 2;
	}
	if (vlen == 0) {
		add_error(errs, where, "%s has no value", name);
		return;
	}
	if (seen[o - opts] != 0) {
		add_error(errs, where, "%s is set twice (first on line %d)", name,
		    seen[o - opts]);
		return;
	}
	seen[o - opts] = lineno;
	if ((value = keep(cfg, value, vlen)) == NULL)
		add_error(errs, where, "out of memory");
	else
		set_option(cfg, o, value, where, name, errs);
}

bool
config_read_text(struct config *cfg, const char *name, const char *text,
    struct config_errors *errs)
{
	int seen[NOPTS] = { 0 }, lineno = 0, before = errs->count;
	char where[PATH_MAX + 32];

	while (*text != '\0') {
		const char *nl = strchr(text, '\n');
		size_t len = nl ? (size_t)(nl - text) : strlen(text);

		snprintf(where, sizeof where, "%s:%d", name, ++lineno);
		if (memchr(text, '\0', len) == NULL)
			read_line(cfg, where, text, len, lineno, seen, errs);
		text += len + (nl != NULL);
	}
	return errs->count == before;
}

bool
config_read_file(struct config *cfg, const char *path, struct config_errors *errs)
{
	FILE *f = fopen(path, "r");
	char *text = NULL;
	size_t size = 0, n;
	bool ok;

	if (f == NULL) {
		add_error(errs, path, "cannot read: %s", strerror(errno));
		return false;
	}
	text = malloc(1024 * 1024 + 1);
	if (text == NULL) {
		fclose(f);
		add_error(errs, path, "out of memory");
		return false;
	}
	while (size < 1024 * 1024 && (n = fread(text + size, 1, 1024 * 1024 - size, f)) > 0)
		size += n;
	text[size] = '\0';
	if (ferror(f) || !feof(f) || strlen(text) != size) {
		if (ferror(f))
			add_error(errs, path, "cannot read: %s", strerror(errno));
		else
			add_error(errs, path, "not a text file of at most 1 MiB");
		ok = false;
	} else
		ok = config_read_text(cfg, path, text, errs);
	fclose(f);
	free(text);
	return ok;
}

/* A secret's file may be read by the service user alone, or by a group too
 * when root owns it (PostgreSQL's rule for ssl_key_file). */
static bool
secret_mode_ok(const char *path, const struct stat *st, struct config_errors *errs)
{
	if ((st->st_mode & S_IRWXO) == 0 && (st->st_mode & (S_IWGRP | S_IXGRP)) == 0 &&
	    ((st->st_mode & S_IRGRP) == 0 || st->st_uid == 0))
		return true;
	add_error(errs, path, "group or others may read this file: chmod 600 it "
	    "(or 640 with root as its owner)");
	return false;
}

static bool
check_key_file(const char *path, struct config_errors *errs)
{
	struct stat st;

	if (stat(path, &st) != 0) {
		add_error(errs, path, "cannot read the TLS key: %s", strerror(errno));
		return false;
	}
	return secret_mode_ok(path, &st, errs);
}

/* The password file's first line into buf. */
static bool
read_password(const char *path, char *buf, size_t size, struct config_errors *errs)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	ssize_t n;

	if (fd < 0 || fstat(fd, &st) != 0) {
		add_error(errs, path, "cannot read the password file: %s", strerror(errno));
		if (fd >= 0)
			close(fd);
		return false;
	}
	if (!secret_mode_ok(path, &st, errs)) {
		close(fd);
		return false;
	}
	n = read(fd, buf, size - 1);
	close(fd);
	if (n < 0) {
		add_error(errs, path, "cannot read the password file: %s", strerror(errno));
		return false;
	}
	buf[n] = '\0';
	buf[strcspn(buf, "\r\n")] = '\0';
	if (buf[0] == '\0') {
		add_error(errs, path, "the password file is empty");
		return false;
	}
	return true;
}

/* Appends keyword='value' (quoted as libpq reads it) to out. */
static void
append_pair(char *out, size_t size, size_t *len, const char *keyword, const char *value)
{
	int n = snprintf(out + *len, size - *len, "%s%s='", *len ? " " : "", keyword);

	*len += n > 0 ? (size_t)n : 0;
	for (; *value != '\0' && *len + 3 < size; value++) {
		if (*value == '\'' || *value == '\\')
			out[(*len)++] = '\\';
		out[(*len)++] = *value;
	}
	if (*len + 2 < size) {
		out[(*len)++] = '\'';
		out[*len] = '\0';
	}
}

/* conninfo (keywords or a URI) with password added, as keyword='value'
 * pairs kept by cfg: the password reaches libpq but never argv. */
static const char *
with_password(struct config *cfg, const char *conninfo, const char *password,
    struct config_errors *errs)
{
	char *msg = NULL, out[8192];
	size_t len = 0;
	PQconninfoOption *o = PQconninfoParse(conninfo, &msg), *p;

	if (o == NULL) {
		add_error(errs, "svcdeskd", "db: %s", msg ? msg : "out of memory");
		PQfreemem(msg);
		return NULL;
	}
	out[0] = '\0';
	for (p = o; p->keyword != NULL; p++)
		if (p->val != NULL && strcmp(p->keyword, "password") != 0)
			append_pair(out, sizeof out, &len, p->keyword, p->val);
	append_pair(out, sizeof out, &len, "password", password);
	PQconninfoFree(o);
	conninfo = len + 1 < sizeof out ? keep(cfg, out, len) : NULL;
	explicit_bzero(out, sizeof out);
	if (conninfo == NULL)
		add_error(errs, "svcdeskd", "db: the connection string is too long");
	return conninfo;
}

bool
config_finish(struct config *cfg, struct config_errors *errs)
{
	char password[1024];
	int before = errs->count;

	check_pairs(cfg, cfg->config_file ? cfg->config_file : "svcdeskd", errs);
	if (cfg->tls_key != NULL)
		check_key_file(cfg->tls_key, errs);
	if (cfg->db_password_file != NULL &&
	    read_password(cfg->db_password_file, password, sizeof password, errs)) {
		const char *db = with_password(cfg, cfg->db, password, errs);
		const char *report = cfg->report_db ?
		    with_password(cfg, cfg->report_db, password, errs) : NULL;

		cfg->db = db ? db : cfg->db;
		cfg->report_db = report ? report : cfg->report_db;
		explicit_bzero(password, sizeof password);
	}
	return errs->count == before;
}

bool
config_load(struct config *cfg, int argc, char **argv, struct config_errors *errs)
{
	config_defaults(cfg);
	cfg->argc = argc;
	cfg->argv = argv;
	parse_argv(cfg, argc, argv, true, errs);
	if (cfg->config_file != NULL && !config_read_file(cfg, cfg->config_file, errs))
		return false;
	return parse_argv(cfg, argc, argv, false, errs) && config_finish(cfg, errs);
}

static size_t
field_size(enum opt_kind kind)
{
	switch (kind) {
	case OPT_INT:
	case OPT_LOG_LEVEL:
		return sizeof(int);
	case OPT_SIZE:
		return sizeof(size_t);
	case OPT_FLAG:
		return sizeof(bool);
	case OPT_LISTEN:
		return offsetof(struct config, listen_port) + sizeof(int) -
		    offsetof(struct config, listen_host);
	case OPT_METRICS:
		return offsetof(struct config, metrics_port) + sizeof(int) -
		    offsetof(struct config, metrics_on);
	default:
		return sizeof(const char *);
	}
}

static bool
same(const struct config *a, const struct config *b, const struct opt *o)
{
	const char *fa = (const char *)a + o->field, *fb = (const char *)b + o->field;
	const char *sa, *sb;

	if (o->kind == OPT_STRING || o->kind == OPT_PATH || o->kind == OPT_CONFIG) {
		memcpy(&sa, fa, sizeof sa);
		memcpy(&sb, fb, sizeof sb);
		return sa == sb || (sa && sb && strcmp(sa, sb) == 0);
	}
	if (o->kind == OPT_LISTEN)
		return strcmp(a->listen_host, b->listen_host) == 0 &&
		    a->listen_port == b->listen_port;
	if (o->kind == OPT_METRICS)
		return a->metrics_on == b->metrics_on && a->metrics_port == b->metrics_port &&
		    strcmp(a->metrics_host, b->metrics_host) == 0;
	return memcmp(fa, fb, field_size(o->kind)) == 0;
}

/* TLS on or off is the listener's: a restart. */
static bool
tls_switched(const struct config *a, const struct config *b)
{
	return (a->tls_cert == NULL) != (b->tls_cert == NULL);
}

int
config_restart_needed(const struct config *old, const struct config *new,
    char *names, size_t size)
{
	int n = 0;
	size_t len = 0;

	names[0] = '\0';
	for (size_t i = 0; i < NOPTS; i++) {
		bool tls = strncmp(opts[i].name, "tls-", 4) == 0;

		if (opts[i].kind == OPT_CONFIG || same(old, new, &opts[i]) ||
		    (opts[i].reloadable && !(tls && tls_switched(old, new))))
			continue;
		int w = snprintf(names + len, size - len, "%s%s", n ? ", " : "",
		    opts[i].name);
		len = w > 0 && len + (size_t)w < size ? len + (size_t)w : len;
		n++;
	}
	return n;
}

void
config_apply_reloadable(struct config *dst, struct config *src)
{
	struct config_text **tail = &dst->texts;
	bool tls = !tls_switched(dst, src);

	for (size_t i = 0; i < NOPTS; i++)
		if (opts[i].reloadable && (tls || strncmp(opts[i].name, "tls-", 4) != 0))
			memcpy((char *)dst + opts[i].field, (char *)src + opts[i].field,
			    field_size(opts[i].kind));
	/* dst may point at src's strings now: they live as long as dst. */
	while (*tail != NULL)
		tail = &(*tail)->next;
	*tail = src->texts;
	src->texts = NULL;
}
