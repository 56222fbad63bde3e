#!/usr/bin/env bash
# tests/hostile/hostile.sh: hostile clients (tests/hostile/hostile.py) against
# a daemon of their own on a database of their own, in two runs: one daemon
# with a small per-client output limit for every case but one, then one with a
# small limit for all clients together (--max-output-total) for several
# laggards. The file limit is raised for the 10,000 silent connections.
# Daemons, database and files go on every exit (tests/tui/lib.sh's trap).
set -u
. "$(dirname "${BASH_SOURCE[0]}")/../tui/lib.sh"
TUI_NAME=hostile
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)

idle=${HOSTILE_IDLE:-10000}
ulimit -n "$(ulimit -Hn)" 2>/dev/null
(($(ulimit -n) >= idle + 200)) ||
    tui_bail "the file limit $(ulimit -n) is too small for $idle connections"
tui_create_db

run() {   # run PHASE DAEMON-OPTIONS...
    local phase=$1 status
    shift
    TUI_DAEMON_ARGS=("$@")
    tui_start_daemon
    python3 "$HERE/hostile.py" "$phase" "$TUI_PORT" "$TUI_DAEMON_PID" \
        "$TUI_DB_CONNINFO" "$TUI_TMP/daemon.log"
    status=$?
    ((status == 0)) && tui_ok "the $phase cases" || tui_not_ok "the $phase cases"
    tui_stop_daemon || tui_bail "svcdeskd did not stop"
    ((TUI_DAEMON_STATUS == 0)) || { echo "not ok - hostile: svcdeskd exited $TUI_DAEMON_STATUS"; TUI_FAILED=$((TUI_FAILED + 1)); }
}

run main --max-output 262144 --max-clients $((idle + 100))
run total --max-output-total 1048576
((TUI_FAILED == 0)) || { tail -n 30 "$TUI_TMP/daemon.log" | sed 's/^/#   /'; }
tui_done
