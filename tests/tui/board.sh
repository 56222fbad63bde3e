#!/usr/bin/env bash
# tests/tui/board.sh: the dispatcher's board.
#   - a ticket registered before the board opens is loaded; one registered
#     while it is open is pushed in
#   - the region filter (r) passes the region to ticket.list
#   (d) Enter opens the technician picker; choosing `technician` dispatches:
#       the ticket leaves "new", shows in "dispatched" with the technician;
#       the database agrees
#   (e) a second dispatcher's board shows the change by push, at once
#   - a dispatched ticket reassigns to a technician of its region, asked
#     y/n first: n leaves it as it was, y reassigns it
#   (f) c cancels with a reason: the row goes, the database has the reason
#   - resync (the daemon lost its LISTEN connection) reloads the board:
#     tickets written meanwhile show; an overdue open ticket is red, one
#     due within the hour yellow, a cancelled one past its old deadline is
#     not coloured
. "$(dirname "$0")/lib.sh"

tui_setup

red=$'\e\\[([0-9;]*;)?31(;[0-9;]*)?m'
yellow=$'\e\\[([0-9;]*;)?33(;[0-9;]*)?m'
BOUGHT=$(date -d '-2 months' +%F)

# register NAME PHONE REGION SERIAL FAULT: a repair call through the daemon;
# prints the ticket's number.
register() {
    tui_rpc operator call.register '{"request_key":"board-'"$4"'","channel":"phone",
        "type":"B","customer":{"address":"人民路1号","name":"'"$1"'","phones":["'"$2"'"],"region":"'"$3"'"},
        "unit":{"model":"KFR-26GW","serial":"'"$4"'","purchase_date":"'"$BOUGHT"'"},
        "fault":"'"$5"'"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["no"])'
}

T2=$(register 王五 13600000002 suburban SN-B-2 洗衣机漏水) || tui_bail "cannot register a call"

tui_client d1
if ! tui_login d1 dispatcher demo1234 || ! tui_wait d1 "Role: Dispatcher" 20; then
    tui_not_ok "log in as dispatcher" d1
    tui_done
fi
tui_check "the dispatcher's first screen is the board" d1 "Dispatch board" 10
tui_check "a ticket registered before is loaded" d1 "$T2" 15
tui_client d2
if ! tui_login d2 dispatcher demo1234 || ! tui_wait d2 "Role: Dispatcher" 20; then
    tui_not_ok "log in as a second dispatcher" d2
    tui_done
fi
tui_wait d2 "$T2" 15
tui_keys d2 4
tui_check "the second board shows every ticket (4)" d2 "All: 1 ticket" 10

T1=$(register 张三 13600000001 urban SN-B-1 空调不制冷) || tui_bail "cannot register a call"
tui_check "a ticket registered while the board is open is pushed in" d1 "$T1" 15
tui_check "the second board gets it too" d2 "$T1" 15

# Region filter: urban shows only the urban ticket.
tui_keys d1 r
if tui_wait d1 "Region: urban" 5 && tui_wait_gone d1 "$T2" 10 && tui_wait d1 "$T1" 5; then
    tui_ok "the region filter shows the region's tickets only"
else
    tui_not_ok "the region filter shows the region's tickets only" d1
fi

# (d) dispatch the urban ticket to `technician` (the only technician: the
# picker falls back from the region to every region).
tui_keys d1 Enter
tui_check "Enter opens the technician picker" d1 "Dispatch ticket $T1" 10
if tui_wait d1 "No technician in the region urban" 10 && tui_wait_row d1 "王力" "^ technician +王力 .* 0$" 10; then
    tui_ok "the picker shows the technicians with name, service point, skills, load"
else
    tui_not_ok "the picker shows the technicians with name, service point, skills, load" d1
fi
start=$(date +%s%N)
tui_keys d1 Enter
tui_check "the dispatch is confirmed" d1 "Ticket $T1 dispatched to technician" 15
if tui_wait_row d2 "$T1" "dispatched +[A-D] .*technician" 5; then
    ms=$((($(date +%s%N) - start) / 1000000))
    tui_ok "(e) the second board shows the dispatch by push"
    echo "# the second board showed it ${ms} ms after Enter"
else
    tui_not_ok "(e) the second board shows the dispatch by push" d2
fi
if tui_wait d1 "New: 0 tickets" 10; then
    tui_ok "the dispatched ticket leaves the new queue"
else
    tui_not_ok "the dispatched ticket leaves the new queue" d1
fi
tui_keys d1 2
if tui_wait d1 "Dispatched: 1 ticket" 10 && tui_wait_row d1 "$T1" "dispatched .*technician" 5; then
    tui_ok "(d) the dispatched queue shows the row with the technician"
else
    tui_not_ok "(d) the dispatched queue shows the row with the technician" d1
fi
row=$(tui_sql_value "SELECT state || '|' || technician FROM tickets WHERE no = '$T1'")
[[ $row == "dispatched|technician" ]] && tui_ok "(d) the database has it dispatched to technician" ||
    tui_not_ok "(d) the database has it dispatched to technician (got: $row)"

# Reassign to a technician of the ticket's region.
echo demo1234 | "$SVCDESK_BIN/svcdeskd" useradd --db "$TUI_DB_CONNINFO" \
    --name 王立 wang.li technician >/dev/null || tui_bail "cannot add user wang.li"
tui_sql "UPDATE users SET region = 'urban', skills = '{空调,冰箱}' WHERE login = 'wang.li'" >/dev/null
tui_keys d1 Enter
tui_check "Enter on a dispatched ticket offers to reassign" d1 "Reassign ticket $T1 (now: technician)" 10
if tui_wait d1 "Technicians of the region urban" 10 && tui_wait_row d1 "wang.li" "王立.*空调, 冰箱" 10 &&
    ! tui_screen d1 | grep -qF " technician "; then
    tui_ok "the picker lists the region's technicians first"
else
    tui_not_ok "the picker lists the region's technicians first" d1
fi
tui_keys d1 Enter
tui_check "Enter asks before reassigning" d1 "Reassign $T1 from technician to wang.li?" 5
tui_keys d1 n
tui_check "n reassigns nothing" d1 "Nothing done" 5
row=$(tui_sql_value "SELECT technician FROM tickets WHERE no = '$T1'")
[[ $row == technician ]] && tui_ok "after n the ticket is still the first technician's" ||
    tui_not_ok "after n the ticket is still the first technician's (got: $row)"
tui_check "after n the picker is still open" d1 "Reassign ticket $T1 (now: technician)" 5
tui_keys d1 Enter
tui_check "Enter asks again" d1 "Reassign $T1 from technician to wang.li?" 5
tui_keys d1 y
tui_check "the reassignment is confirmed" d1 "Ticket $T1 reassigned to wang.li" 15
tui_wait_row d1 "$T1" "wang.li" 10
row=$(tui_sql_value "SELECT t.technician || '|' || (SELECT kind FROM ticket_events e
    WHERE e.ticket_no = t.no ORDER BY id DESC LIMIT 1) FROM tickets t WHERE no = '$T1'")
[[ $row == "wang.li|reassign" ]] && tui_ok "the database has the reassignment" ||
    tui_not_ok "the database has the reassignment (got: $row)"

# (f) cancel the suburban ticket with a reason.
tui_keys d1 1 r                      # new; urban -> suburban
tui_wait d1 "Region: suburban" 10
if ! tui_wait d1 "$T2" 10; then
    tui_not_ok "the suburban ticket is on the board" d1
fi
tui_keys d1 c
tui_check "c asks for the reason" d1 "Cancel ticket $T2" 5
tui_type d1 "客户已自行修好"
tui_keys d1 Enter
tui_check "the cancellation is confirmed" d1 "Ticket $T2 cancelled" 15
if tui_wait d1 "New: 0 tickets" 10; then
    tui_ok "(f) the cancelled ticket leaves the board"
else
    tui_not_ok "(f) the cancelled ticket leaves the board" d1
fi
row=$(tui_sql_value "SELECT t.state || '|' || (SELECT details->>'reason' FROM ticket_events e
    WHERE e.ticket_no = t.no AND kind = 'cancel') FROM tickets t WHERE no = '$T2'")
[[ $row == "cancelled|客户已自行修好" ]] && tui_ok "(f) the database has it cancelled with the reason" ||
    tui_not_ok "(f) the database has it cancelled with the reason (got: $row)"
tui_wait_row d2 "$T2" "cancelled" 10 || tui_not_ok "the second board shows the cancellation" d2

# Tickets written straight into the database (no push), then a resync.
tui_sql "
INSERT INTO tickets (no, type, channel, state, service_class, customer_id, region, fault,
        taken_by, owner, reply_due, arrival_due) VALUES
    ('B2611249801', 'B', 'phone', 'new', 'A', (SELECT id FROM customers WHERE name = '张三'),
     'urban', '逾期未派', 'operator', 'operator', now() + interval '20 hours', now() - interval '10 minutes'),
    ('B2611249802', 'B', 'phone', 'new', 'A', (SELECT id FROM customers WHERE name = '张三'),
     'urban', '即将到期', 'operator', 'operator', now() + interval '20 hours', now() + interval '30 minutes'),
    ('B2611249803', 'B', 'phone', 'cancelled', 'A', (SELECT id FROM customers WHERE name = '张三'),
     'urban', '已取消旧单', 'operator', 'operator', now() - interval '5 hours', now() - interval '2 hours');" >/dev/null ||
    tui_bail "cannot insert the tickets"
tui_sql "SELECT pg_terminate_backend(pid) FROM pg_stat_activity
    WHERE application_name = 'svcdeskd-listen' AND datname = current_database()" >/dev/null
if tui_wait d2 "B2611249803" 30 && tui_wait d2 "B2611249801" 5; then
    tui_ok "resync: the board reloads and shows tickets it was not told about"
else
    tui_not_ok "resync: the board reloads and shows tickets it was not told about" d2
fi
if tui_row_attrs d2 "B2611249801" | grep -qE "$red"; then
    tui_ok "an open ticket past its deadline is red"
else
    tui_not_ok "an open ticket past its deadline is red" d2
fi
if tui_row_attrs d2 "B2611249802" | grep -qE "$yellow"; then
    tui_ok "an open ticket due within the hour is yellow"
else
    tui_not_ok "an open ticket due within the hour is yellow" d2
fi
if ! tui_row_attrs d2 "B2611249803" | grep -qE "$red|$yellow"; then
    tui_ok "a cancelled ticket past its old deadline is not coloured"
else
    tui_not_ok "a cancelled ticket past its old deadline is not coloured" d2
fi
if tui_row d2 "B2611249801" | grep -qE -- '-0h(09|10|11)m'; then
    tui_ok "the overdue row counts down below zero"
else
    tui_not_ok "the overdue row counts down below zero" d2
fi

tui_keys d1 F1
tui_check "F1 shows the board's help" d1 "Help: Dispatch board" 5
tui_keys d1 Escape

tui_done
