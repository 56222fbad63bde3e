#!/usr/bin/env bash
# tests/replica/replica.sh: the report route (svcdeskd serve --report-db,
# doc/architecture.md "The report replica") against a real streaming replica.
#
# Makes a replica of scripts/check's throwaway cluster with pg_basebackup -R
# (as the cluster's own user when run as root, as scripts/pg runs it), starts
# a daemon with --db on the primary and --report-db on the replica, and
# proves where each report was read with the replica's WAL replay paused: a
# ticket registered since the pause is on the primary only, so report.kpi
# counting it or not says which server answered. Then cuts the report pool's
# connections under a running report (tests/replica/cut_proxy.py stands
# between the daemon and the replica: the report answers from the primary),
# stops the replica (the reports still answer, from the primary, and the log
# warns once per outage) and starts it again (the reports read it again). The replica, its data and the daemon
# go on every exit.
#
# Uses tests/tui/lib.sh for the daemon, the database and TAP output (no tmux).
set -u
. "$(dirname "${BASH_SOURCE[0]}")/../tui/lib.sh"
TUI_NAME=replica
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)

# --- the replica (tests/replica/lib.sh)
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

replica_cleanup() {
    tui_cleanup           # the daemon first, then its database on the primary
    replica_remove
}
trap replica_cleanup EXIT

# Pauses WAL replay on the replica, until it has: a ticket registered then
# is on the primary only.
replica_pause() {
    replica_value "SELECT pg_wal_replay_pause()" >/dev/null &&
        tui_until 20 replica_paused
}
replica_paused() { [[ $(replica_value "SELECT pg_get_wal_replay_pause_state()") == paused ]]; }
replica_has_tickets() { [[ $(replica_value "SELECT count(*) FROM tickets" 2>/dev/null) == "$1" ]]; }

# The daemon's report pool has a session on the replica.
report_pool_up() {
    [[ $(replica_value "SELECT count(*) FROM pg_stat_activity
        WHERE application_name = 'svcdeskd report' AND datname = current_database()" \
        2>/dev/null) -ge 1 ]]
}

# --- the daemon's side
DAY=$(TZ=Asia/Shanghai date +%F)
register() {
    tui_rpc operator call.register '{"request_key":"replica-'"$1"'","channel":"phone",
        "type":"B","customer":{"address":"人民路1号","name":"张三","phones":["1370000001'"$1"'"],
        "region":"urban"},"unit":{"model":"BCD-200","serial":"REPL'"$1"'","purchase_date":"2025-06-01"},
        "fault":"冰箱不制冷"}' >"$TUI_TMP/register.out" || { cat "$TUI_TMP/register.out"; false; }
}
# Tickets registered over the whole test's days, as report.kpi counts them.
kpi_registered() {
    tui_rpc manager report.kpi '{"from":"2000-01-01","to":"2100-12-31"}' |
        python3 -c 'import json,sys; print(json.load(sys.stdin)["tickets"]["registered"])'
}
warnings() { grep -c "the report database cannot answer" "$TUI_TMP/daemon.log"; }
backs() { grep -c "the report database is back" "$TUI_TMP/daemon.log"; }
back_logged() { [[ $(backs) -ge 1 ]]; }
back_again() { [[ $(backs) -ge 2 ]]; }

expect() {   # expect DESCRIPTION GOT WANTED
    if [[ $2 == "$3" ]]; then tui_ok "$1"; else tui_not_ok "$1 (got '$2', wanted '$3')"; fi
}

# Every report op, each must answer ok (on the replica: read only).
all_reports_answer() {
    tui_rpc manager report.kpi '{"from":"2000-01-01","to":"2100-12-31"}' >/dev/null &&
        tui_rpc manager report.pareto '{"from":"2000-01-01","to":"2100-12-31","by":"model"}' >/dev/null &&
        tui_rpc manager report.daily '{"day":"'"$DAY"'","by":"technician"}' >/dev/null &&
        tui_rpc manager report.repeats '{"from":"2000-01-01","to":"2100-12-31"}' >/dev/null &&
        tui_rpc manager report.resample '{"from":"2000-01-01","to":"2100-12-31"}' >/dev/null &&
        tui_rpc manager report.monthly '{"month":"'"${DAY:0:7}"'"}' >/dev/null &&
        tui_rpc manager report.penalties '{"month":"'"${DAY:0:7}"'"}' >/dev/null &&
        tui_rpc manager report.export '{"report":"kpi","format":"xlsx","from":"2000-01-01",
            "to":"2100-12-31"}' >/dev/null
}

# --- the flag's one rule besides tests/unit/test_ops_route.c: a file with a
# report op sends its statements to req->db, never to the primary by name.
bad=$(grep -lE '\.flags *=.*OP_REPORT' "$REPO"/server/*.c | xargs -r grep -l "req->srv->db" || true)
expect "report ops query req->db (the route), not req->srv->db" "$bad" ""

tui_create_db
replica_make
tui_ok "a streaming replica of the test cluster (pg_basebackup -R) is in recovery"
tui_until 30 replica_value "SELECT 1" >/dev/null 2>&1 ||
    tui_bail "the test database did not reach the replica"
CUT=$TUI_TMP/cut
tui_background python3 "$(dirname "${BASH_SOURCE[0]}")/cut_proxy.py" "$TUI_TMP/proxy.port" "$R_PORT" "$CUT"
tui_until 20 test -s "$TUI_TMP/proxy.port" || tui_bail "the proxy did not start"
PROXY_PORT=$(<"$TUI_TMP/proxy.port")
TUI_DAEMON_ARGS=(--report-db "host=127.0.0.1 port=$PROXY_PORT user=svcdesk dbname=$TUI_DB"
    --reconnect-ms 200 --pool 2 --log-level info)
tui_start_daemon
tui_until 20 report_pool_up || tui_bail "the daemon's report pool did not reach the replica"

# 1. On the replica: a ticket registered while replay is paused is not counted.
register 1 || tui_bail "call.register failed"
tui_until 20 replica_has_tickets 1 || tui_bail "the replica did not replay the first ticket"
expect "report.kpi counts the ticket the replica has" "$(kpi_registered)" 1
replica_pause || tui_bail "replay did not pause"
register 2 || tui_bail "call.register failed"
expect "the primary has both tickets" "$(tui_sql_value "SELECT count(*) FROM tickets")" 2
expect "report.kpi reads the replica (replay paused: one ticket, not two)" "$(kpi_registered)" 1
if all_reports_answer; then tui_ok "every report op answers from the replica (kpi, pareto, daily, repeats, resample, monthly, penalties, export)"
else tui_not_ok "every report op answers from the replica (kpi, pareto, daily, repeats, resample, monthly, penalties, export)"; fi
n=$(replica_value "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'svcdeskd report'
    AND (query LIKE '%jsonb_build_object%' OR query LIKE '%report\_%')")
if [[ $n -ge 1 ]]; then tui_ok "the report sessions on the replica ran the report statements"
else tui_not_ok "the report sessions on the replica ran the report statements"; fi
expect "no warning while the replica is up" "$(warnings)" 0

# 2. The connection lost under a running report: it answers from the primary.
touch "$CUT"
expect "report.kpi answers from the primary when the replica is lost under it" \
    "$(kpi_registered)" 2
if grep -q "database connection lost (svcdeskd report)" "$TUI_TMP/daemon.log"; then
    tui_ok "the report pool's connection was lost under the request"
else tui_not_ok "the report pool's connection was lost under the request"; fi
expect "report.kpi again while cut" "$(kpi_registered)" 2
expect "one warning for that outage" "$(warnings)" 1
rm -f "$CUT"
tui_until 20 back_logged || true
expect "the log says the report database is back" "$(backs)" 1
tui_until 20 report_pool_up || tui_bail "the report pool did not reconnect"
expect "report.kpi reads the replica again (paused: one ticket)" "$(kpi_registered)" 1

# 3. The replica stops: the reports answer from the primary, one warning.
replica_stop || tui_bail "the replica did not stop"
expect "report.kpi answers with the replica down, from the primary" "$(kpi_registered)" 2
if all_reports_answer && all_reports_answer; then
    tui_ok "every report answers while the replica is down"
else tui_not_ok "every report answers while the replica is down"; fi
sleep 1   # reconnect attempts (every 200 ms) keep failing meanwhile
expect "report.kpi again, from the primary" "$(kpi_registered)" 2
expect "the log warns once for the outage, not per request" "$(warnings)" 2
grep -F "the report database cannot answer" "$TUI_TMP/daemon.log" | sed 's/^/# /'

# 4. The replica is back (it replays what it missed): reports read it again.
replica_start || { tail -n 20 "$R_DIR/log"; tui_bail "the replica did not start again"; }
tui_until 30 report_pool_up || tui_bail "the report pool did not come back"
tui_until 20 back_again || true
expect "the log says the report database is back" "$(backs)" 2
tui_until 30 replica_has_tickets 2 || tui_bail "the replica did not catch up"
replica_pause || tui_bail "replay did not pause"
register 3 || tui_bail "call.register failed"
expect "report.kpi reads the replica again (paused: two tickets, not three)" "$(kpi_registered)" 2
expect "no more warnings" "$(warnings)" 2
replica_value "SELECT pg_wal_replay_resume()" >/dev/null

if tui_stop_daemon && [[ $TUI_DAEMON_STATUS == 0 ]]; then
    tui_ok "the daemon stops on SIGTERM, status 0"
else
    tui_not_ok "the daemon stops on SIGTERM, status 0 (${TUI_DAEMON_STATUS:-still running})"
    grep -E "ERROR|Sanitizer|runtime error" "$TUI_TMP/daemon.log" | head -20 | sed 's/^/# /'
fi
tui_done
