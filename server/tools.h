/*
 * tools.h: the daemon's one-shot subcommands. They use blocking libpq and
 * never run inside the event loop.
 */
#ifndef SVCDESK_TOOLS_H
#define SVCDESK_TOOLS_H

int tool_migrate(int argc, char **argv);
int tool_useradd(int argc, char **argv);

#endif
