/*
 * journal.c: sends one entry to systemd's journal; see journal.h.
 */
#include "server/journal.h"

#include <unistd.h>
#include <systemd/sd-journal.h>

bool
journal_available(void)
{
	return access("/run/systemd/journal/socket", W_OK) == 0;
}

int
journal_send(const struct iovec *iov, int n)
{
	return sd_journal_sendv(iov, n);
}
