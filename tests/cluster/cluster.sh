#!/usr/bin/env bash
# tests/cluster/cluster.sh: several daemons on one PostgreSQL behind a TCP load
# balancer (issue 17, doc/deployment.md "A region: several daemons").
#
# Builds the pieces, then hands the clients' side to tests/cluster/cluster.py:
#   - the primary is scripts/check's throwaway cluster (a database of its own),
#     the replica a streaming copy of it made with pg_basebackup -R (its own
#     port and socket directory: tests/replica/lib.sh);
#   - two daemons A and B (--db the primary, --report-db the replica, a sweep
#     and an outbox pass every second), each with an SMTP sink of its own
#     (tests/integration/smtp_sink.py, 0.1 s a message: the two workers overlap),
#     so a message says which daemon sent it;
#   - HAProxy (Debian's, scripts/deps) in TCP mode in front: round robin,
#     a health check that pings each daemon, the PROXY protocol to the daemons
#     (--proxy-protocol), an admin socket the test reads to know which daemon
#     a connection reached.
# Everything goes on every exit (trap): the daemons are this shell's children
# and are waited for (PID 1 in CI reaps nothing), the replica is stopped with
# pg_ctl (which waits for its lock file to go), its files removed.
#
# Uses tests/tui/lib.sh for the database, ports and TAP output (no tmux).
set -u
. "$(dirname "${BASH_SOURCE[0]}")/../tui/lib.sh"
TUI_NAME=cluster
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
REPO=$(cd "$HERE/../.." && pwd -P)

command -v haproxy >/dev/null || tui_bail "haproxy is not installed (scripts/deps)"

# --- the replica (tests/replica/lib.sh)
. "$REPO/tests/replica/lib.sh"

# --- the daemons, their sinks, HAProxy: this shell's children
declare -A D_PID D_PORT D_SHELL
CHILDREN=()   # sinks and HAProxy

# start_sink NAME: an SMTP sink writing to $TUI_TMP/sink-NAME; its port in SINK_PORT.
start_sink() {
    mkdir -p "$TUI_TMP/sink-$1"
    SMTP_SINK_DELAY=0.1 python3 "$REPO/tests/integration/smtp_sink.py" "$TUI_TMP/sink-$1" &
    CHILDREN+=($!)
    tui_until 20 test -s "$TUI_TMP/sink-$1/port" || tui_bail "the SMTP sink $1 did not start"
    SINK_PORT=$(<"$TUI_TMP/sink-$1/port")
}

# start_daemon NAME: svcdeskd on a free port, its log in $TUI_TMP/daemon-NAME.log.
start_daemon() {
    local name=$1 port pid
    start_sink "$name"
    for try in 1 2 3; do
        port=$(tui_free_port) || tui_bail "no free port"
        # In a subshell that waits for it: the test's SIGKILL is no news for bash.
        rm -f "$TUI_TMP/daemon-$name.pid"
        (
            "$SVCDESK_BIN/svcdeskd" serve --db "$TUI_DB_CONNINFO" --listen "127.0.0.1:$port" \
                --report-db "host=127.0.0.1 port=$R_PORT user=svcdesk dbname=$TUI_DB" \
                --sweep-interval 1 --notify-interval 1 --reconnect-ms 200 --pool 4 \
                --proxy-protocol \
                --smtp-url "smtp://127.0.0.1:$SINK_PORT" --smtp-from "desk-$name@example.com" \
                --log-level info >>"$TUI_TMP/daemon-$name.log" 2>&1 &
            echo $! >"$TUI_TMP/daemon-$name.pid"
            wait $!
        ) 2>/dev/null &
        D_SHELL[$name]=$!
        tui_until 5 test -s "$TUI_TMP/daemon-$name.pid" || tui_bail "svcdeskd $name did not start"
        pid=$(<"$TUI_TMP/daemon-$name.pid")
        for _ in $(seq 300); do
            tui_port_busy "$port" && { D_PID[$name]=$pid D_PORT[$name]=$port; return 0; }
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -KILL "$pid" 2>/dev/null
        wait "${D_SHELL[$name]}" 2>/dev/null
    done
    tail -n 20 "$TUI_TMP/daemon-$name.log"
    tui_bail "svcdeskd $name did not start listening"
}

# stop_daemon NAME: SIGTERM, SIGKILL after 10 s; its subshell waited for (which
# waited for the daemon: no zombie left, even of the one the test killed).
stop_daemon() {
    local pid=${D_PID[$1]:-}
    [[ -n $pid ]] || return 0
    kill -TERM "$pid" 2>/dev/null
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null
    wait "${D_SHELL[$1]}" 2>/dev/null
    D_PID[$1]=
}

# HAProxy in TCP mode: each daemon checked every 300 ms with a ping (down after
# two failures); a connection to a dead daemon is sent to the other (redispatch);
# the client's address passed on in a PROXY header (the daemons' --proxy-protocol).
start_haproxy() {
    local ping try
    ping=$(printf '%s\n' '{"id":1,"op":"ping"}' | od -An -tx1 | tr -d ' \n')
    H_SOCK=$TUI_TMP/haproxy.sock
    for try in 1 2 3; do
        H_PORT=$(tui_free_port) || tui_bail "no free port"
        cat >"$TUI_TMP/haproxy.cfg" <<EOF
global
    stats socket $H_SOCK mode 600 level admin
defaults
    mode tcp
    timeout connect 2s
    timeout client 1h
    timeout server 1h
    retries 2
    option redispatch
frontend svcdesk
    bind 127.0.0.1:$H_PORT
    default_backend daemons
backend daemons
    balance roundrobin
    option tcp-check
    tcp-check connect send-proxy
    tcp-check send-binary $ping
    tcp-check expect string '"ok":true'
    default-server inter 300ms fall 2 rise 1
    server a 127.0.0.1:${D_PORT[a]} check send-proxy check-send-proxy
    server b 127.0.0.1:${D_PORT[b]} check send-proxy check-send-proxy
EOF
        haproxy -db -f "$TUI_TMP/haproxy.cfg" >>"$TUI_TMP/haproxy.log" 2>&1 &
        H_PID=$!
        CHILDREN+=("$H_PID")
        tui_until 10 tui_port_busy "$H_PORT" && kill -0 "$H_PID" 2>/dev/null && return 0
        kill -KILL "$H_PID" 2>/dev/null
        wait "$H_PID" 2>/dev/null
    done
    cat "$TUI_TMP/haproxy.log"
    tui_bail "haproxy did not start"
}

cluster_cleanup() {
    local p
    for p in "${CHILDREN[@]}"; do kill -TERM "$p" 2>/dev/null; done
    for p in "${CHILDREN[@]}"; do wait "$p" 2>/dev/null; done
    stop_daemon a
    stop_daemon b
    tui_cleanup   # its database on the primary
    replica_remove
}
trap cluster_cleanup EXIT

start=$SECONDS
tui_create_db
replica_make
tui_until 30 replica_value "SELECT 1" >/dev/null 2>&1 ||
    tui_bail "the test database did not reach the replica"
tui_ok "a streaming replica (pg_basebackup -R) of the primary is in recovery"
start_daemon a
start_daemon b
start_haproxy
tui_ok "two daemons (writes on the primary, reports on the replica) and HAProxy in front are up"

python3 "$HERE/cluster.py" \
    --haproxy "$H_PORT" --admin "$H_SOCK" \
    --daemon "a:${D_PID[a]}:${D_PORT[a]}:$TUI_TMP/daemon-a.log:$TUI_TMP/sink-a" \
    --daemon "b:${D_PID[b]}:${D_PORT[b]}:$TUI_TMP/daemon-b.log:$TUI_TMP/sink-b" \
    --db "$TUI_DB_CONNINFO" \
    --replica "host=$R_DIR/run port=$R_PORT user=svcdesk dbname=$TUI_DB"
status=$?
if ((status != 0)); then
    for n in a b; do
        echo "# daemon $n log:"
        grep -vE "client [0-9]+ (connected|closed)" "$TUI_TMP/daemon-$n.log" | tail -n 15 |
            sed 's/^/#   /'
    done
fi
echo "# cluster: $((SECONDS - start)) s"
((TUI_FAILED == 0 && status == 0))
