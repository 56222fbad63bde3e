/*
 * l10n.c: binding the message catalogs and looking up the Chinese of a
 * message; see l10n.h.
 */
#include "common/l10n.h"

#include <libintl.h>
#include <limits.h>
#include <locale.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef SVCDESK_DATADIR
#define SVCDESK_DATADIR "/usr/local/share/svcdesk"
#endif

#define DOMAIN "svcdesk"

static bool
is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* <prefix>/share/locale, written without "..": a client-only install (the
 * svcdesk package) has no <prefix>/share/svcdesk to climb out of. */
static void
installed_locale_dir(char *dir, size_t size)
{
	char *slash;

	snprintf(dir, size, "%s", SVCDESK_DATADIR);
	if ((slash = strrchr(dir, '/')) != NULL)
		*slash = '\0';
	snprintf(dir + strlen(dir), size - strlen(dir), "/locale");
}

void
l10n_bind(void)
{
	char exe[PATH_MAX], dir[PATH_MAX + 32];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	char *slash;

	installed_locale_dir(dir, sizeof dir);
	if (n > 0) {
		exe[n] = '\0';
		if ((slash = strrchr(exe, '/')) != NULL)
			*slash = '\0';
		snprintf(dir, sizeof dir, "%s/../locale", exe);
		if (!is_dir(dir))
			snprintf(dir, sizeof dir, "%s/../../locale", exe);
		if (!is_dir(dir))
			installed_locale_dir(dir, sizeof dir);
	}
	bindtextdomain(DOMAIN, dir);
	bind_textdomain_codeset(DOMAIN, "UTF-8");
}

/* Only LC_MESSAGES of this locale is Chinese: gettext reads the catalog by
 * it, and the thread's numbers and character classes stay "C". Made once;
 * (locale_t)0 when zh_CN.UTF-8 is not installed. */
static pthread_once_t zh_once = PTHREAD_ONCE_INIT;
static locale_t zh_locale;

static void
zh_locale_make(void)
{
	zh_locale = newlocale(LC_MESSAGES_MASK, "zh_CN.UTF-8", (locale_t)0);
}

const char *
l10n_zh(const char *msgid)
{
	locale_t before;
	const char *text;

	pthread_once(&zh_once, zh_locale_make);
	if (zh_locale == (locale_t)0 || msgid == NULL || msgid[0] == '\0')
		return msgid;
	before = uselocale(zh_locale);
	text = dgettext(DOMAIN, msgid);
	uselocale(before);
	return text;
}
