#!/usr/bin/env bash
# tests/tui/technician.sh: a technician's own list.
#   (g) the technician sees only the tickets dispatched to them, today's
#       appointments first in order, then by deadline; `a` records the
#       arrival (state on_site in the database) and is offered only while
#       the ticket is dispatched; `p` records an appointment
#   - a ticket dispatched to them later is pushed in at once
#   - the detail (d) shows the history with the arrival
. "$(dirname "$0")/lib.sh"

tui_setup

BOUGHT=$(date -d '-2 months' +%F)

# register NAME PHONE SERIAL FAULT: a repair call; prints its number.
register() {
    tui_rpc operator call.register '{"request_key":"tech-'"$3"'","channel":"phone",
        "type":"B","customer":{"address":"人民路1号","name":"'"$1"'","phones":["'"$2"'"],"region":"urban"},
        "unit":{"model":"KFR-26GW","serial":"'"$3"'","purchase_date":"'"$BOUGHT"'"},
        "fault":"'"$4"'"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["no"])'
}
dispatch() { tui_rpc dispatcher ticket.dispatch '{"no":"'"$1"'","technician":"'"$2"'"}' >/dev/null; }

echo demo1234 | "$SVCDESK_BIN/svcdeskd" useradd --db "$TUI_DB_CONNINFO" \
    --name 王立 wang.li technician >/dev/null || tui_bail "cannot add user wang.li"

# The server's day and zone, for appointments today (a minute before the
# server's midnight, wait for the new day: "today" must not change midway).
server_time() { tui_rpc operator ping '{}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["server_time"])'; }
now=$(server_time)
if [[ ${now:11:5} > "23:58" ]]; then
    sleep $((60 * (60 - 10#${now:14:2}) - 10#${now:17:2} + 2))
    now=$(server_time)
fi
day=${now%%T*}
zone=${now:19}

T1=$(register 张三 13600000001 SN-T-1 空调不制冷) || tui_bail "cannot register"
T2=$(register 李四 13600000002 SN-T-2 洗衣机漏水) || tui_bail "cannot register"
T3=$(register 王五 13600000003 SN-T-3 冰箱异响) || tui_bail "cannot register"
T4=$(register 赵六 13600000004 SN-T-4 热水器不热) || tui_bail "cannot register"
T5=$(register 孙七 13600000005 SN-T-5 电视无图像) || tui_bail "cannot register"
dispatch "$T1" technician && dispatch "$T2" wang.li && dispatch "$T4" technician &&
    dispatch "$T5" technician || tui_bail "cannot dispatch"
# Earlier today: ticket.appoint refuses times past, so straight into the table.
tui_sql "UPDATE tickets SET appointment = '${day}T00:20:00$zone' WHERE no = '$T1';
         UPDATE tickets SET appointment = '${day}T00:10:00$zone' WHERE no = '$T4'" >/dev/null ||
    tui_bail "cannot appoint"
# T5 has no appointment but the earliest deadline of all.
tui_sql "UPDATE tickets SET arrival_due = now() + interval '1 hour' WHERE no = '$T5'" >/dev/null

tui_client t
if ! tui_login t technician demo1234 || ! tui_wait t "Role: Technician" 20; then
    tui_not_ok "log in as technician" t
    tui_done
fi
tui_check "the technician's first screen is their own list" t "My tickets: 3 tickets" 15
if ! tui_screen t | grep -qE "$T2|$T3"; then
    tui_ok "(g) only the tickets dispatched to them are shown"
else
    tui_not_ok "(g) only the tickets dispatched to them are shown" t
fi
order=$(tui_screen t | grep -oE "$T1|$T4|$T5" | tr '\n' ' ')
if [[ $order == "$T4 $T1 $T5 " ]]; then
    tui_ok "today's appointments come first, in order, then by deadline"
else
    tui_not_ok "today's appointments come first, in order, then by deadline (got: $order)" t
fi
if tui_row t "$T4" | grep -qF "张三" || ! tui_row t "$T4" | grep -qF "13600000004"; then
    tui_not_ok "a row shows the customer's phone and address" t
else
    tui_ok "a row shows the customer's phone and address"
fi

# Arrive at T1 (the second row).
tui_keys t Down
tui_check "arrive is offered on a dispatched ticket" t "a Arrived" 5
tui_keys t a
tui_check "a asks before recording the arrival" t "Record that you are on site for $T1 now?" 5
tui_keys t n
tui_check "n records nothing" t "Nothing done" 5
if [[ $(tui_sql_value "SELECT state FROM tickets WHERE no = '$T1'") == dispatched ]]; then
    tui_ok "after n the ticket is still dispatched"
else
    tui_not_ok "after n the ticket is still dispatched"
fi
tui_keys t a y
tui_check "the arrival is confirmed" t "On site for ticket $T1" 15
tui_wait_row t "$T1" "on site" 10
if tui_wait_sql "SELECT state FROM tickets WHERE no = '$T1'" on_site 10; then
    tui_ok "(g) the ticket is on_site in the database"
else
    tui_not_ok "(g) the ticket is on_site in the database"
fi
if tui_wait_gone t "a Arrived" 5 && tui_wait t "p Appoint " 5; then
    tui_ok "arrive is no longer offered once on site (appoint still is)"
else
    tui_not_ok "arrive is no longer offered once on site (appoint still is)" t
fi
tui_keys t a
tui_check "a refused arrival says why" t "Not possible now: ticket $T1 is on site" 5

# An appointment for T5 (the third row).
tomorrow=$(date -d "$day + 1 day" +%F)
tui_keys t Down p
tui_check "p asks for the appointment's time" t "Appointment for $T5" 5
tui_keys t C-u
tui_type t "$tomorrow 10:30"
tui_keys t Enter
tui_check "the appointment is confirmed" t "Appointment for $T5 recorded" 15
at=$(tui_sql_value "SELECT to_char(appointment AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') FROM tickets WHERE no = '$T5'")
want=$(date -u -d "${tomorrow}T10:30:00$zone" '+%Y-%m-%d %H:%M')
[[ $at == "$want" ]] && tui_ok "the database has the appointment" ||
    tui_not_ok "the database has the appointment (got $at, want $want UTC)"

# A ticket dispatched to them now is pushed in.
dispatch "$T3" technician || tui_bail "cannot dispatch"
tui_check "a ticket dispatched to them is pushed in" t "$T3" 10
tui_check "the count follows" t "My tickets: 4 tickets" 5

# The detail of T1 with its history.
tui_keys t Home Down d
if tui_wait t "Ticket $T1: on site" 10 && tui_wait t "arrived" 5 &&
    tui_row t "arrived" | grep -qE "technician +arrived +on site +on time"; then
    tui_ok "the detail shows the history with the arrival"
else
    tui_not_ok "the detail shows the history with the arrival" t
fi
tui_keys t Escape
tui_check "Esc returns to the list" t "My tickets:" 5

tui_done
