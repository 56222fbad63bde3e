/*
 * journal.h: the one call into sd-journal, kept apart from log.h: systemd's
 * header brings <syslog.h>, whose LOG_DEBUG, LOG_INFO... are macros that
 * would rename log.h's levels. log.c builds the fields (log_journal_fields).
 */
#ifndef SVCDESK_JOURNAL_H
#define SVCDESK_JOURNAL_H

#include <stdbool.h>
#include <sys/uio.h>

/* True when journald's socket is there: sd_journal_sendv drops an entry
 * silently (returns 0) when it is not. */
bool journal_available(void);
/* sd_journal_sendv: 0 when the journal took the entry, else -errno. */
int journal_send(const struct iovec *iov, int n);

#endif
