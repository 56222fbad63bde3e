#!/usr/bin/env bash
# tests/tui/intake_retry.sh: a registration whose answer is lost is not
# registered twice. The client talks to the daemon through a small proxy
# that, when told to, passes a call.register on and then cuts the
# connection before the answer comes back. The client reconnects, logs in
# again and sends the same form with the same request key: the daemon
# answers the ticket it had registered, and there is one ticket.
. "$(dirname "$0")/lib.sh"

tui_setup

DROP=$TUI_TMP/drop-next-register
tui_drop_proxy call.register "$DROP"

TUI_PORT=$TUI_PROXY_PORT tui_client op
TUI_PORT=$TUI_PROXY_PORT
if ! tui_login op operator demo1234 || ! tui_wait op "Role: Operator" 20; then
    tui_not_ok "log in as operator through the proxy" op
    tui_done
fi
tui_ok "log in as operator through the proxy"

tui_type op "13512345678"
tui_check "the phone is looked up" op "No customer has the phone 13512345678" 15
tui_keys op Tab
tui_type op "周八"
for _ in 1 2 3; do tui_keys op Tab; done   # phones, region, address
tui_type op "长安街1号"
tui_keys op Tab
tui_type op "XQB75"
tui_keys op Tab
tui_type op "SN-RETRY-1"
tui_keys op Tab
tui_type op "$(date -d '-1 month' +%F)"
for _ in $(seq 8); do tui_keys op Tab; done   # on to the fault
tui_type op "波轮不转"
n_before=$(tui_sql_value "SELECT count(*) FROM tickets")
touch "$DROP"
tui_keys op C-s
if tui_wait op "The connection dropped while saving" 15; then
    tui_ok "the answer is lost: the client says it will send the call again"
else
    tui_not_ok "the answer is lost: the client says it will send the call again" op
fi
if tui_wait op "registered: class C" 30; then
    no=$(tui_screen op | grep -oE "Ticket [B][0-9]{10}" | head -n 1 | cut -d' ' -f2)
    tui_ok "after reconnecting the call is saved ($no)"
else
    no=
    tui_not_ok "after reconnecting the call is saved" op
fi
row=$(tui_sql_value "SELECT count(*) || '|' || max(no) FROM tickets")
if [[ $n_before == 0 && $row == "1|$no" ]]; then
    tui_ok "one ticket in the database, the one the screen shows"
else
    tui_not_ok "one ticket in the database, the one the screen shows (got $row, screen $no)" op
fi
n=$(tui_sql_value "SELECT count(*) FROM customers WHERE name = '周八'")
[[ $n == 1 ]] && tui_ok "one customer" || tui_not_ok "one customer (got $n)"

tui_done
