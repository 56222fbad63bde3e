#!/usr/bin/env bash
# tests/systemd/notify.sh: the daemon's sd_notify messages (READY, STATUS,
# WATCHDOG, RELOADING, STOPPING) checked with a notify socket of the test's own
# (tests/systemd/notify.py), as CI runs as root with no systemd as PID 1;
# its journal entries (journal.py, in a mount namespace of its own); its
# system calls against the unit's filter (syscalls.py, under strace); and
# the unit file's sandboxing scored by `systemd-analyze security
# --offline=yes` (debian/svcdeskd.service must score OK or better).
# Uses tests/tui/lib.sh for the database, the cleanup and TAP output.
set -u
. "$(dirname "${BASH_SOURCE[0]}")/../tui/lib.sh"
TUI_NAME=systemd
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)

notify_cleanup() {
    local p
    # The driver ends its daemons; should it be killed first, they go here.
    if [[ -f $TUI_TMP/daemons.pids ]]; then
        while read -r p; do
            kill -CONT "$p" 2>/dev/null
            kill -KILL "$p" 2>/dev/null
        done <"$TUI_TMP/daemons.pids"
    fi
    tui_cleanup
}
trap notify_cleanup EXIT

tui_create_db
if python3 "$REPO/tests/systemd/notify.py" "$SVCDESK_BIN" "$TUI_DB_CONNINFO" "$TUI_DB" \
    "$SVCDESK_TEST_PG" "$SVCDESK_TEST_TEMPLATE" "$TUI_TMP"; then
    tui_ok "sd_notify: READY, STATUS, WATCHDOG, RELOADING, STOPPING"
else
    tui_not_ok "sd_notify: READY, STATUS, WATCHDOG, RELOADING, STOPPING"
    sed 's/^/#   /' "$TUI_TMP"/daemon-*.log | tail -n 30
fi

# The journal: the test stands where journald would, in a mount namespace
# of its own (a tmpfs on /run, so /run/systemd/journal/socket is its own).
if ! unshare --mount --propagation private true 2>/dev/null; then
    tui_skip "journal entries" "unshare --mount is not permitted here (root needed)"
elif unshare --mount --propagation private sh -c 'mount -t tmpfs tmpfs /run && exec python3 "$@"' \
    journal "$REPO/tests/systemd/journal.py" "$SVCDESK_BIN" "$TUI_DB_CONNINFO" "$TUI_TMP"; then
    tui_ok "journal entries: PRIORITY, REQUEST_ID, SYSLOG_IDENTIFIER"
else
    tui_not_ok "journal entries: PRIORITY, REQUEST_ID, SYSLOG_IDENTIFIER"
fi

# The unit's system call filter against the calls the daemon makes (strace).
if python3 "$REPO/tests/systemd/syscalls.py" "$SVCDESK_BIN" "$TUI_DB_CONNINFO" "$TUI_TMP" \
    "$REPO/debian/svcdeskd.service"; then
    tui_ok "system calls within SystemCallFilter="
else
    tui_not_ok "system calls within SystemCallFilter="
    tail -n 20 "$TUI_TMP/syscalls-daemon.log" | sed 's/^/#   /'
fi

# The unit's sandboxing: systemd-analyze's offline score, OK or better. The
# same unit without its sandboxing must score worse (the check can fail).
score() {
    systemd-analyze security --offline=yes --no-pager "$1" 2>"$TUI_TMP/analyze.err" |
        sed -n 's/.*Overall exposure level for [^:]*: *\([0-9.]*\) \([A-Z]*\).*/\1 \2/p'
}
good_level() { [[ $1 =~ ^[0-9.]+\ (PERFECT|SAFE|OK)$ ]]; }
unit=$REPO/debian/svcdeskd.service
got=$(score "$unit")
if good_level "$got"; then
    tui_ok "systemd-analyze security --offline=yes: $got"
else
    tui_not_ok "systemd-analyze security --offline=yes scores OK or better (got '$got')"
    sed 's/^/#   /' "$TUI_TMP/analyze.err"
fi
# A start refused for the database's schema (newer or older than the daemon:
# server/tools.h's MIGRATE_DB_*) is not restarted in a loop by Restart=.
refusals=$(sed -n 's/^#define MIGRATE_DB_[A-Z]* \([0-9]*\)$/\1/p' "$REPO/server/tools.h" | xargs)
prevented=" $(sed -n 's/^RestartPreventExitStatus=//p' "$unit" | xargs) "
missing=$(for st in $refusals; do [[ $prevented == *" $st "* ]] || echo "$st"; done | xargs)
if [[ -n $refusals && -z $missing ]]; then
    tui_ok "RestartPreventExitStatus= holds the schema refusals ($refusals)"
else
    tui_not_ok "RestartPreventExitStatus= holds the schema refusals ($refusals): lacks ${missing:-all}"
fi
mkdir -p "$TUI_TMP/bare"
sed -n '1,/^# Sandboxing/p;/^\[Install\]/,$p' "$unit" >"$TUI_TMP/bare/svcdeskd.service"
bare=$(score "$TUI_TMP/bare/svcdeskd.service")
if [[ -n $bare ]] && ! good_level "$bare"; then
    tui_ok "the unit without its sandboxing scores worse: $bare"
else
    tui_not_ok "the unit without its sandboxing scores worse than OK (got '$bare')"
fi

tui_done
