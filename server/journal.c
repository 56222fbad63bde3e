/*
 * journal.c: sends one entry to systemd's journal; see journal.h.
 */
#include "server/journal.h"

#include <systemd/sd-journal.h>

int
journal_send(const struct iovec *iov, int n)
{
	return sd_journal_sendv(iov, n);
}
