#!/usr/bin/env bash
# tests/systemd/notify.sh: the daemon's sd_notify messages (READY, STATUS,
# WATCHDOG, STOPPING) checked with a notify socket of the test's own
# (tests/systemd/notify.py), as CI runs as root with no systemd as PID 1;
# and the unit file's sandboxing scored by `systemd-analyze security
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
    tui_ok "sd_notify: READY, STATUS, WATCHDOG, STOPPING"
else
    tui_not_ok "sd_notify: READY, STATUS, WATCHDOG, STOPPING"
    sed 's/^/#   /' "$TUI_TMP"/daemon-*.log | tail -n 30
fi

tui_done
