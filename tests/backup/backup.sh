#!/usr/bin/env bash
# tests/backup/backup.sh: scripts/backup and scripts/restore, proven by restoring.
#
# A cluster of its own (scripts/pg under a temp dir, fsync on, as postgres when root)
# streams its WAL into an archive (scripts/backup stream, commits waiting for it) while
# tests/backup/load.py registers calls through a daemon and notes every ticket
# acknowledged. A base backup is taken under that load; the load goes on; a mistaken
# DELETE empties ticket_events at a noted time; the load goes on; then the cluster is
# lost (postmaster killed, data directory deleted) with the load still running.
# 1. Restored to the latest point: every acknowledged ticket is there, once, the DELETE
#    too, and the daemon (never restarted) reads from it again.
# 2. Restored to the time before the DELETE: the deleted rows are back, exactly the
#    tickets acknowledged by then are there and none after.
# Everything (the daemon, the load, the stream, the cluster, the archive) goes on exit.
set -u
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
HERE=$REPO/tests/backup
: "${SVCDESK_BIN:=$REPO/bin}"

# The cluster's place and port, before lib.sh (which wants SVCDESK_TEST_PG).
B_TMP=$(mktemp -d /tmp/svcdesk-backup.XXXXXX)
chmod 755 "$B_TMP"
SVCDESK_VAR=$B_TMP/var
SVCDESK_PGPORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
SVCDESK_PG_FAST=0   # an acknowledged commit must be on disk: that is what is tested
SVCDESK_DBNAME=svcdesk
export SVCDESK_VAR SVCDESK_PGPORT SVCDESK_PG_FAST SVCDESK_DBNAME SVCDESK_BIN
PG=$REPO/scripts/pg
SVCDESK_TEST_PG=$("$PG" url)
SVCDESK_TEST_TEMPLATE=unused   # this test makes its own database
export SVCDESK_TEST_PG SVCDESK_TEST_TEMPLATE
. "$REPO/tests/tui/lib.sh"
TUI_NAME=backup

STREAM_PID='' LOAD_PID=''
RUNAS=$(id -un)
((EUID != 0)) || RUNAS=postgres
ARCH=$B_TMP/archive
LOAD=$B_TMP/load

# As the cluster's user; background ones with setpriv, which execs (its pid is the
# process's own, so it can be ended by it).
as_pg() { if ((EUID == 0)); then (cd / && runuser -u "$RUNAS" -- "$@"); else "$@"; fi; }
as_pg_exec() {
    if ((EUID == 0)); then
        cd / && exec setpriv --reuid="$RUNAS" --regid="$RUNAS" --init-groups -- "$@"
    fi
    exec "$@"
}

stop_pid() {   # stop_pid PID: TERM, then KILL after 5 s
    [[ -n $1 ]] || return 0
    kill -TERM "$1" 2>/dev/null
    for _ in $(seq 50); do kill -0 "$1" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$1" 2>/dev/null
    wait "$1" 2>/dev/null
}

backup_cleanup() {
    [[ -z $LOAD_PID ]] || touch "$LOAD/stop"
    stop_pid "$LOAD_PID"
    tui_cleanup
    stop_pid "$STREAM_PID"
    "$PG" destroy >/dev/null 2>&1
    rm -rf --one-file-system "$B_TMP"
}
trap backup_cleanup EXIT

expect() {   # expect DESCRIPTION GOT WANTED
    if [[ $2 == "$3" ]]; then tui_ok "$1"; else tui_not_ok "$1 (got '$2', wanted '$3')"; fi
}
q() { "$PSQL" -X -q -A -t -v ON_ERROR_STOP=1 -d "$URL" -c "$1"; }
acked() { wc -l <"$LOAD/acked"; }
acked_beyond() { (($(acked) >= $1)); }
data_dir() { q "SHOW data_directory"; }
promoted() { [[ $(q "SELECT pg_is_in_recovery()" 2>/dev/null) == f ]]; }
streaming_sync() {
    [[ $(q "SELECT sync_state FROM pg_stat_replication WHERE application_name = 'svcdesk_archive'") == sync ]]
}
# The acknowledged tickets (the first N lines of acked, default all) as an SQL array.
acked_array() {
    head -n "${1:-$(acked)}" "$LOAD/acked" | python3 -c \
        'import sys; print("ARRAY[" + ",".join("\x27%s\x27" % l.strip() for l in sys.stdin) + "]::text[]")'
}
# How many of them the database has (each once: tickets.no is its key).
present() { q "SELECT count(*) FROM tickets WHERE no = ANY ($(acked_array "${1:-}"))"; }

# --- a cluster streaming its WAL into the archive, and a daemon on it
"$PG" start >/dev/null || tui_bail "cannot start PostgreSQL"
URL=$("$PG" url)
"$SVCDESK_BIN/svcdeskd" migrate --db "$URL" >"$B_TMP/migrate.log" 2>&1 ||
    { cat "$B_TMP/migrate.log"; tui_bail "migrate failed"; }
"$REPO/scripts/demo-users" "$URL" "$SVCDESK_BIN" || tui_bail "demo-users failed"
# The scripts as the cluster's user, from where that user can read them.
mkdir -m 755 "$B_TMP/bin" "$ARCH" "$LOAD"
cp "$REPO/scripts/backup" "$REPO/scripts/restore" "$B_TMP/bin/"
: >"$LOAD/acked"
((EUID != 0)) || chown "$RUNAS:" "$ARCH"
(as_pg_exec "$B_TMP/bin/backup" --db "$URL" stream "$ARCH" >"$B_TMP/stream.log" 2>&1) &
STREAM_PID=$!
as_pg "$B_TMP/bin/backup" --db "$URL" sync on 2>/dev/null || tui_bail "backup sync on failed"
tui_until 30 streaming_sync || { cat "$B_TMP/stream.log"; tui_bail "the WAL stream is not synchronous"; }
tui_ok "the WAL streams into the archive and commits wait for it (sync_state sync)"

TUI_DB_CONNINFO=$URL
TUI_DAEMON_ARGS=(--reconnect-ms 200)
tui_start_daemon
python3 "$HERE/load.py" "$TUI_PORT" "$LOAD" &
LOAD_PID=$!
tui_until 60 acked_beyond 20 || tui_bail "the load registered nothing"

# --- a base backup under the load, then more
before=$(acked)
as_pg "$B_TMP/bin/backup" --db "$URL" base "$ARCH" >"$B_TMP/base.log" 2>&1 ||
    { cat "$B_TMP/base.log"; tui_bail "backup base failed"; }
during=$(($(acked) - before))
if ((during > 0)); then tui_ok "a base backup taken while $during tickets were registered"
else tui_not_ok "the load registered nothing during the base backup"; fi
tui_until 60 acked_beyond $(($(acked) + 30)) || tui_bail "the load stopped after the backup"

# --- the mistaken DELETE, at a time noted with the load paused around it
rm -f "$LOAD/paused"
touch "$LOAD/pause"
tui_until 30 test -e "$LOAD/paused" || tui_bail "the load did not pause"
at_target=$(acked)
events=$(q "SELECT count(*) FROM ticket_events")
expect "every ticket acknowledged so far is in the database" "$(present)" "$at_target"
sleep 0.2
TARGET=$(q "SELECT clock_timestamp()")
sleep 0.2
deleted=$(q "WITH d AS (DELETE FROM ticket_events RETURNING 1) SELECT count(*) FROM d")
expect "the mistaken DELETE removed every ticket event ($events)" "$deleted" "$events"
rm -f "$LOAD/pause"
tui_until 60 acked_beyond $((at_target + 30)) || tui_bail "the load did not go on"

# --- the cluster lost under the load
data=$(data_dir)
postmaster=$(head -n 1 "$data/postmaster.pid")
port=$(sed -n 4p "$data/postmaster.pid")
sockdir=$(sed -n 5p "$data/postmaster.pid")
kill -KILL "$postmaster"
rm -rf --one-file-system "$data"
# A machine lost loses its /run too. Here the socket's lock file stays, and where PID 1 does
# not reap orphans (CI's container) the killed postmaster lives on as a zombie whose PID the
# lock names: PostgreSQL would take it for a running server and refuse to start the restore.
rm -f "$sockdir/.s.PGSQL.$port" "$sockdir/.s.PGSQL.$port.lock"
sleep 0.5                      # the load meets the lost database
touch "$LOAD/stop"
stop_pid "$LOAD_PID"
LOAD_PID=
stop_pid "$STREAM_PID"         # the primary is gone; its stream has what it flushed
STREAM_PID=
total=$(acked)
tui_ok "the cluster lost (postmaster killed, $data deleted) after $total acknowledged tickets"

# --- 1. restored to the latest point
restore_and_start() {   # restore_and_start [--time T]
    as_pg "$B_TMP/bin/restore" "$@" "$ARCH" "$data" >"$B_TMP/restore.log" 2>&1 ||
        { cat "$B_TMP/restore.log"; tui_bail "restore failed"; }
    "$PG" start >/dev/null || tui_bail "the restored cluster did not start"
    tui_until 120 promoted || tui_bail "the restored cluster did not finish recovery"
}
restore_and_start
expect "restored to the latest point: every acknowledged ticket is there" "$(present)" "$total"
expect "... each under its own number" "$(sort -u "$LOAD/acked" | wc -l)" "$total"
registered=$(q "SELECT count(*) FROM tickets WHERE request_key LIKE 'backup-%'")
if ((registered == total || registered == total + 1)); then
    tui_ok "... and nothing else but the one request in flight at the loss ($registered)"
else tui_not_ok "tickets in the restored cluster: $registered, acknowledged $total"; fi
expect "... and the DELETE too: no event of a ticket acknowledged before it" \
    "$(q "SELECT count(*) FROM ticket_events WHERE ticket_no = ANY ($(acked_array "$at_target"))")" 0
# Streamed again (a new archive: doc/deployment.md), the commits the login makes go on.
mkdir -m 755 "$B_TMP/archive2"
((EUID != 0)) || chown "$RUNAS:" "$B_TMP/archive2"
(as_pg_exec "$B_TMP/bin/backup" --db "$URL" stream "$B_TMP/archive2" >>"$B_TMP/stream.log" 2>&1) &
STREAM_PID=$!
tui_until 30 streaming_sync || { cat "$B_TMP/stream.log"; tui_bail "the restored cluster does not stream"; }
last=$(tail -n 1 "$LOAD/acked")
got=$(tui_rpc operator ticket.get '{"no":"'"$last"'"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["no"])')
expect "the daemon, never restarted, reads the last acknowledged ticket from the restored cluster" \
    "$got" "$last"

# --- 2. restored to the time before the DELETE
stop_pid "$STREAM_PID"
STREAM_PID=
"$PG" stop || tui_bail "cannot stop the restored cluster"
rm -rf --one-file-system "$data"
restore_and_start --time "$TARGET"
expect "restored to $TARGET: the deleted events are back" \
    "$(q "SELECT count(*) FROM ticket_events")" "$events"
expect "... every ticket acknowledged by then is there" "$(present "$at_target")" "$at_target"
expect "... and none registered after" "$(q "SELECT count(*) FROM tickets")" "$at_target"
tui_done
