/*
 * main.c: svcdesk, the service desk's terminal client: settings and start.
 *
 * Settings come from, later ones winning: the defaults (127.0.0.1:7450, TLS
 * unless loopback), ~/.config/svcdesk (lines "key = value"), the environment
 * (SVCDESK_HOST, SVCDESK_PORT, SVCDESK_USER) and the command line. Messages
 * are translated with gettext (domain "svcdesk"); the catalogs are looked
 * for beside the executable first (<bin>/../locale), then where `make
 * install` puts them. Then ui_run() takes over the terminal.
 */
#include "client/ui/ui.h"

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/l10n.h"
#include "common/proto.h"

#ifndef SVCDESK_VERSION
#define SVCDESK_VERSION "0"
#endif

/* The user's locale, and the catalogs beside the executable or installed
 * (common/l10n.c). */
static void
setup_gettext(void)
{
	setlocale(LC_ALL, "");
	l10n_bind();
	textdomain("svcdesk");
}

static bool
parse_port(const char *s, int *port)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < 1 || v > 65535)
		return false;
	*port = (int)v;
	return true;
}

static bool
parse_tls(const char *s, int *tls)
{
	if (!strcmp(s, "auto"))
		*tls = -1;
	else if (!strcmp(s, "on") || !strcmp(s, "yes") || !strcmp(s, "true") ||
	    !strcmp(s, "1"))
		*tls = 1;
	else if (!strcmp(s, "off") || !strcmp(s, "no") || !strcmp(s, "false") ||
	    !strcmp(s, "0"))
		*tls = 0;
	else
		return false;
	return true;
}

static bool
parse_bool(const char *s, bool *b)
{
	int v;

	if (!parse_tls(s, &v) || v < 0)
		return false;
	*b = v == 1;
	return true;
}

/* Applies one setting; false when the value is bad or the key unknown. */
static bool
apply_setting(struct ui_config *c, const char *key, const char *val)
{
	if (!strcmp(key, "host") && val[0] && strlen(val) < sizeof c->host)
		return ui_copy(c->host, sizeof c->host, val), true;
	if (!strcmp(key, "port"))
		return parse_port(val, &c->port);
	if (!strcmp(key, "user") && strlen(val) < sizeof c->user)
		return ui_copy(c->user, sizeof c->user, val), true;
	if (!strcmp(key, "tls"))
		return parse_tls(val, &c->tls);
	if (!strcmp(key, "ca") && strlen(val) < sizeof c->ca)
		return ui_copy(c->ca, sizeof c->ca, val), true;
	if (!strcmp(key, "confirm"))   /* y/n before irreversible one-key actions */
		return parse_bool(val, &c->confirm);
	return false;
}

/* Strips blanks at both ends, in place. */
static char *
trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

static bool
config_line(struct ui_config *c, char *line, const char *path, int lineno)
{
	char *eq, *key;

	line = trim(line);
	if (line[0] == '\0' || line[0] == '#')
		return true;
	if ((eq = strchr(line, '=')) == NULL) {
		fprintf(stderr, _("svcdesk: %s:%d: expected \"key = value\"\n"), path,
		    lineno);
		return false;
	}
	*eq = '\0';
	key = trim(line);
	if (!apply_setting(c, key, trim(eq + 1))) {
		fprintf(stderr, _("svcdesk: %s:%d: bad setting \"%s\"\n"), path, lineno,
		    key);
		return false;
	}
	return true;
}

/* $XDG_CONFIG_HOME/svcdesk or ~/.config/svcdesk; a missing file is fine. */
static bool
config_file(struct ui_config *c)
{
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	char path[PATH_MAX], *line = NULL;
	size_t cap = 0;
	int lineno = 0;
	bool ok = true;
	FILE *f;

	if (xdg != NULL && xdg[0] == '/')
		snprintf(path, sizeof path, "%s/svcdesk", xdg);
	else if (home != NULL && home[0])
		snprintf(path, sizeof path, "%s/.config/svcdesk", home);
	else
		return true;
	if ((f = fopen(path, "r")) == NULL)
		return true;
	while (ok && getline(&line, &cap, f) > 0)
		ok = config_line(c, line, path, ++lineno);
	free(line);
	fclose(f);
	return ok;
}

static bool
config_env(struct ui_config *c)
{
	static const char *const vars[][2] = {
		{ "SVCDESK_HOST", "host" }, { "SVCDESK_PORT", "port" },
		{ "SVCDESK_USER", "user" },
	};
	const char *v;

	for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++)
		if ((v = getenv(vars[i][0])) != NULL && v[0] &&
		    !apply_setting(c, vars[i][1], v)) {
			fprintf(stderr, _("svcdesk: bad %s: %s\n"), vars[i][0], v);
			return false;
		}
	return true;
}

static void
usage(void)
{
	printf(_("Usage: svcdesk [OPTION]...\n"
	    "The after-sales service desk's terminal client.\n\n"
	    "  --host HOST   the svcdeskd daemon's host (default 127.0.0.1)\n"
	    "  --port PORT   its port (default %d)\n"
	    "  --user USER   user name to fill in on the login screen\n"
	    "  --tls         always use TLS\n"
	    "  --no-tls      never use TLS (default: TLS unless the host is loopback)\n"
	    "  --ca FILE     verify the server's certificate with this CA\n"
	    "  --help        show this help and exit\n"
	    "  --version     show the version and exit\n\n"
	    "Settings are also read from ~/.config/svcdesk (lines such as\n"
	    "\"host = ...\", \"port = ...\") and from SVCDESK_HOST, SVCDESK_PORT and\n"
	    "SVCDESK_USER; the command line wins.\n"), PROTO_DEFAULT_PORT);
}

/* Reads the options; returns -1 to go on, or the exit status. */
static int
parse_args(struct ui_config *c, int argc, char **argv)
{
	enum { O_HOST = 256, O_PORT, O_USER, O_TLS, O_NO_TLS, O_CA, O_HELP, O_VERSION };
	static const struct option opts[] = {
		{ "host", required_argument, NULL, O_HOST },
		{ "port", required_argument, NULL, O_PORT },
		{ "user", required_argument, NULL, O_USER },
		{ "tls", no_argument, NULL, O_TLS },
		{ "no-tls", no_argument, NULL, O_NO_TLS },
		{ "ca", required_argument, NULL, O_CA },
		{ "help", no_argument, NULL, O_HELP },
		{ "version", no_argument, NULL, O_VERSION },
		{ NULL, 0, NULL, 0 }
	};
	static const char *const keys[] = { "host", "port", "user", NULL, NULL, "ca" };
	int o;

	while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (o == O_HELP)
			return usage(), 0;
		if (o == O_VERSION)
			return printf("svcdesk %s\n", SVCDESK_VERSION), 0;
		if (o == O_TLS || o == O_NO_TLS)
			c->tls = o == O_TLS;
		else if (o < O_HOST || o > O_CA || !apply_setting(c, keys[o - O_HOST], optarg)) {
			if (o >= O_HOST && o <= O_CA)
				fprintf(stderr, _("svcdesk: bad value for --%s: %s\n"),
				    keys[o - O_HOST], optarg);
			fprintf(stderr, "%s", _("Try 'svcdesk --help' for more information.\n"));
			return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, _("svcdesk: unexpected argument: %s\n"), argv[optind]);
		return 2;
	}
	return -1;
}

int
main(int argc, char **argv)
{
	struct ui_config cfg = { .host = "127.0.0.1", .port = PROTO_DEFAULT_PORT, .confirm = true,
		.tls = -1 };
	int r;

	setup_gettext();
	if (!config_file(&cfg) || !config_env(&cfg))
		return 2;
	if ((r = parse_args(&cfg, argc, argv)) >= 0)
		return r;
	r = ui_run(&cfg);
	ui_wipe(&cfg, sizeof cfg);
	return r;
}
