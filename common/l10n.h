/*
 * l10n.h: where the message catalogs are, and the Simplified Chinese of a
 * message whatever the process's own locale (doc/architecture.md,
 * "Languages").
 *
 * The client shows every text in its user's locale (gettext, domain
 * "svcdesk"). The daemon keeps its own locale at "C" (numbers in JSON must
 * not take a locale's decimal comma) and writes each refusal in English and
 * in Chinese; a session that logged in with `lang: "zh_CN"` gets the Chinese.
 */
#ifndef SVCDESK_L10N_H
#define SVCDESK_L10N_H

/* Binds the text domain "svcdesk" (UTF-8) to the first of
 * <dir of the executable>/../locale, <dir of the executable>/../../locale
 * (a build tree) and <prefix>/share/locale that exists. Sets no locale. */
void l10n_bind(void);

/* msgid's translation in the zh_CN catalog, or msgid itself when it has
 * none or zh_CN.UTF-8 is not installed. Thread-safe; the string stays. */
const char *l10n_zh(const char *msgid);

#endif
