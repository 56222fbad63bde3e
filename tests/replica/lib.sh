# tests/replica/lib.sh: a streaming replica of scripts/check's throwaway cluster,
# for the shell tests that need one (tests/replica/replica.sh, tests/cluster/).
# Sourced after tests/tui/lib.sh (tui_bail, tui_free_port, TUI_TMP, TUI_DB, PSQL).
#
# replica_make copies the primary with pg_basebackup -R (as the cluster's own
# user when run as root, as scripts/pg runs it) into a directory of its own
# and starts it on a free port of its own; replica_remove (for the caller's
# exit trap) stops it, if it runs, and removes its files.

R_DIR= R_RUNAS= R_BIN= R_PORT=

as_pg() {
    if ((EUID == 0)) && [[ $R_RUNAS != root ]]; then
        (cd / && runuser -u "$R_RUNAS" -- "$@")
    else
        "$@"
    fi
}

replica_stop() { as_pg "$R_BIN/pg_ctl" -D "$R_DIR/data" -m "${1:-fast}" -w -t 60 -s stop; }
replica_start() { as_pg "$R_BIN/pg_ctl" -D "$R_DIR/data" -l "$R_DIR/log" -w -t 60 -s start; }

replica_remove() {
    if [[ -n $R_DIR ]]; then
        [[ -f $R_DIR/data/postmaster.pid ]] && replica_stop immediate >/dev/null 2>&1
        rm -rf --one-file-system "$R_DIR"
    fi
}

primary_value() { "$PSQL" -X -q -A -t -v ON_ERROR_STOP=1 -d "$SVCDESK_TEST_PG" -c "$1"; }
# In the test's database on the replica (or the database named second).
replica_value() {
    "$PSQL" -X -q -A -t -v ON_ERROR_STOP=1 \
        -d "host=$R_DIR/run port=$R_PORT user=svcdesk dbname=${2:-$TUI_DB}" -c "$1"
}

replica_make() {
    local major data
    major=$(primary_value "SELECT current_setting('server_version_num')::int / 10000") ||
        tui_bail "cannot reach the primary"
    data=$(primary_value "SHOW data_directory")
    R_BIN=/usr/lib/postgresql/$major/bin
    [[ -x $R_BIN/pg_basebackup ]] || R_BIN=$(pg_config --bindir)
    R_RUNAS=$(stat -c %U "$data")
    # Short: the socket path must fit in sun_path.
    R_DIR=$(mktemp -d /tmp/svcdesk-replica.XXXXXX)
    mkdir -m 700 "$R_DIR/data"
    mkdir -m 755 "$R_DIR/run"
    ((EUID != 0)) || chown -R "$R_RUNAS:" "$R_DIR"
    chmod 755 "$R_DIR"
    as_pg "$R_BIN/pg_basebackup" -d "$SVCDESK_TEST_PG" -D "$R_DIR/data" -R -X stream \
        -c fast >"$TUI_TMP/basebackup.log" 2>&1 ||
        { cat "$TUI_TMP/basebackup.log"; tui_bail "pg_basebackup failed"; }
    # The copy includes the primary's svcdesk.conf (its port and socket): its own.
    # A port picked free may be taken before the server binds it: then another.
    for try in 1 2 3; do
        R_PORT=$(tui_free_port) || tui_bail "no free port"
        printf '%s\n' "port = $R_PORT" "unix_socket_directories = '$R_DIR/run'" \
            "listen_addresses = '127.0.0.1'" "hot_standby = on" "max_connections = 200" \
            "fsync = off" | as_pg tee "$R_DIR/data/svcdesk.conf" >/dev/null
        replica_start && break
        ((try < 3)) || { tail -n 20 "$R_DIR/log"; tui_bail "the replica did not start"; }
    done
    [[ $(replica_value "SELECT pg_is_in_recovery()" postgres) == t ]] ||
        tui_bail "the replica is not in recovery"
}
