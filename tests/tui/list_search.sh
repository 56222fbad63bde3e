#!/usr/bin/env bash
# tests/tui/list_search.sh: what every ticket list does (widget/table), on
# the dispatch board, and the technician picker's list.
#   - / searches as you type over the shown columns: part of a customer's
#     name moves the selection to that row; n and N go to the next and
#     previous hit (round the end); Esc gives the search up and the
#     selection goes back
#   - j and k move the selection
#   - F filters: only the rows with the text, said on the caption line;
#     emptied, every row is back
#   - < sorts by the countdown column by time (not by its text); I inverts;
#     > goes back to the daemon's order
#   - the selected row stays selected when a push inserts a row above it
#   - the technician picker: / finds a technician, j/k move, Enter
#     dispatches to the one selected (the database agrees)
. "$(dirname "$0")/lib.sh"

tui_setup

BOUGHT=$(date -d '-2 months' +%F)

# register NAME PHONE SERIAL: an urban repair call; prints its number.
register() {
    tui_rpc operator call.register '{"request_key":"search-'"$3"'","channel":"phone",
        "type":"B","customer":{"address":"人民路1号","name":"'"$1"'","phones":["'"$2"'"],"region":"urban"},
        "unit":{"model":"KFR-26GW","serial":"'"$3"'","purchase_date":"'"$BOUGHT"'"},
        "fault":"空调不制冷"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["no"])'
}

# The ticket number (or with a pattern, the text) of the selected row:
# the line drawn in reverse video.
selected() {
    local pattern=${2:-'B[0-9]{10}'}
    tui_screen_attrs "$1" | grep -E $'\e\\[([0-9;]*;)?7(;[0-9;]*)?m' | sed 's/\x1b\[[0-9;]*m//g' |
        grep -oE "$pattern" | head -n 1
}

# wait_selected SESSION WANT [PATTERN]: true once the selected row is WANT.
wait_selected() {
    local end=$((SECONDS + 5))
    until [[ $(selected "$1" "${3:-}") == "$2" ]]; do
        ((SECONDS < end)) || return 1
        sleep 0.1
    done
}

# check_selected DESCRIPTION SESSION WANT [PATTERN]
check_selected() {
    if wait_selected "$2" "$3" "${4:-}"; then tui_ok "$1"; else
        tui_not_ok "$1 (selected: $(selected "$2" "${4:-}"), want $3)" "$2"; fi
}

# The board's ticket numbers, top to bottom.
order() { tui_screen "$1" | grep -oE 'B[0-9]{10}' | tr '\n' ' '; }

# expect_order DESCRIPTION WANT COMMAND...: once COMMAND is true (a wait),
# the board's rows are WANT (settling for up to 5 seconds).
expect_order() {
    local what=$1 want=$2 end=$((SECONDS + 5))
    shift 2
    "$@" 5
    until [[ $(order d) == "$want" ]]; do
        ((SECONDS < end)) || break
        sleep 0.1
    done
    if "$@" 1 && [[ $(order d) == "$want" ]]; then tui_ok "$what"; else
        tui_not_ok "$what (rows: $(order d))" d; fi
}

T1=$(register 张三 13600000001 SN-S-1) && T2=$(register 李四 13600000002 SN-S-2) &&
    T3=$(register 张小明 13600000003 SN-S-3) && T4=$(register 王五 13600000004 SN-S-4) ||
    tui_bail "cannot register"
# Deadlines whose text sorts otherwise than their times: 9h.. after 1..h.
tui_sql "UPDATE tickets SET arrival_due = now() + interval '11 hours', reply_due = now() + interval '11 hours' WHERE no = '$T1';
         UPDATE tickets SET arrival_due = now() + interval '12 hours', reply_due = now() + interval '12 hours' WHERE no = '$T2';
         UPDATE tickets SET arrival_due = now() + interval '9 hours 30 minutes', reply_due = now() + interval '9 hours 30 minutes' WHERE no = '$T3';
         UPDATE tickets SET arrival_due = now() + interval '10 hours', reply_due = now() + interval '10 hours' WHERE no = '$T4'" >/dev/null ||
    tui_bail "cannot set the deadlines"

tui_client d
if ! tui_login d dispatcher demo1234 || ! tui_wait d "Role: Dispatcher" 20; then
    tui_not_ok "log in as dispatcher" d
    tui_done
fi
tui_check "the board shows the four tickets" d "New: 4 tickets" 15
[[ $(order d) == "$T3 $T4 $T1 $T2 " ]] && tui_ok "the board is in the daemon's order" ||
    tui_not_ok "the board is in the daemon's order (got: $(order d))" d
check_selected "the first row is selected" d "$T3"

# j and k.
tui_keys d j
check_selected "j moves the selection down" d "$T4"
tui_keys d j j k
check_selected "k moves it up" d "$T1"

# Search: part of a name, n and N, Esc.
tui_keys d Home /
tui_check "/ opens the search line" d "Search:" 5
tui_type d "小明"
check_selected "typing part of a customer's name selects that row" d "$T3"
tui_keys d Enter
tui_wait_gone d "Search:" 5 && tui_ok "Enter keeps the search and closes the line" ||
    tui_not_ok "Enter keeps the search and closes the line" d
check_selected "the row found stays selected" d "$T3"
tui_keys d Home /
tui_type d "张"
check_selected "the first hit from the top" d "$T3"
tui_keys d Enter n
check_selected "n goes to the next hit" d "$T1"
tui_keys d n
check_selected "n again goes round the end to the first hit" d "$T3"
tui_keys d N
check_selected "N goes to the previous hit (round the start)" d "$T1"
tui_keys d Home /
tui_type d "王五"
check_selected "a search moves the selection as it is typed" d "$T4"
tui_keys d Escape
tui_wait_gone d "Search:" 5 && tui_ok "Esc closes the search line" ||
    tui_not_ok "Esc closes the search line" d
check_selected "Esc puts the selection back" d "$T3"
tui_keys d /
tui_type d "赵六"
tui_keys d Enter
tui_check "a search without a hit says so" d 'No row has "赵六"' 5
check_selected "and leaves the selection where it was" d "$T3"

# The filter.
tui_keys d F
tui_check "F opens the filter line" d "Filter:" 5
tui_type d "李"
tui_keys d Enter
expect_order "the filter shows only the matching rows and says so" "$T2 " \
    tui_wait d "Filter: 李 (F to change)"
tui_keys d F C-u Enter
expect_order "an empty filter shows every row again" "$T3 $T4 $T1 $T2 " \
    tui_wait_gone d "Filter: 李"

# Sorting by the countdown: by time, then inverted, then the daemon's order.
tui_keys d '<'
expect_order "< sorts by the countdown, earliest first" "$T3 $T4 $T1 $T2 " tui_wait d "Due▲"
tui_check "the caption names the sort" d "Sorted by Due" 5
tui_keys d I
expect_order "I inverts the order (by time, not by the countdown's text)" \
    "$T2 $T1 $T4 $T3 " tui_wait d "Due▼"
tui_keys d '>'
expect_order "> goes round to the daemon's order" "$T3 $T4 $T1 $T2 " tui_wait_gone d "Due▼"

# A push inserts a row above the selection: the same ticket stays selected.
tui_keys d Home j j
wait_selected d "$T1"
due=$(date -u -d '+1 hour' +%Y-%m-%dT%H:%M:%SZ)
tui_sql "SELECT pg_notify('svcdesk', \$j\$"'{"origin":"tui-test","topic":"tickets","event":"ticket.changed","data":{"no":"B2611249901","type":"B","channel":"phone","state":"new","service_class":"C","region":"urban","customer":{"id":1,"name":"赵六"},"fault":"冰箱异响","owner":"operator","technician":null,"created_at":"'"$due"'","reply_due":"'"$due"'","arrival_due":"'"$due"'","overdue":false,"version":1}}'"\$j\$)" >/dev/null
if tui_wait d "B2611249901" 10 && [[ $(order d) == "B2611249901 $T3 $T4 $T1 $T2 " ]]; then
    tui_ok "a pushed ticket is inserted above"
else
    tui_not_ok "a pushed ticket is inserted above (rows: $(order d))" d
fi
check_selected "the selected ticket stays selected across the push" d "$T1"

# The technician picker: search, j/k, Enter.
for t in wang.li li.qiang; do
    echo demo1234 | "$SVCDESK_BIN/svcdeskd" useradd --db "$TUI_DB_CONNINFO" \
        --name "$t" "$t" technician >/dev/null || tui_bail "cannot add user $t"
done
tui_sql "UPDATE users SET region = 'urban' WHERE login IN ('wang.li', 'li.qiang')" >/dev/null
tui_keys d Enter
tui_check "Enter opens the picker" d "Dispatch ticket $T1" 10
tui_wait d "li.qiang" 10
tui_keys d /
tui_type d "wang"
tui_keys d Enter
check_selected "/ in the picker finds a technician" d "wang.li" "wang\.li|li\.qiang"
tui_keys d k
check_selected "k moves up in the picker" d "li.qiang" "wang\.li|li\.qiang"
tui_keys d j
check_selected "j moves down in the picker" d "wang.li" "wang\.li|li\.qiang"
tui_keys d k Enter
tui_check "Enter dispatches to the selected technician" d "Ticket $T1 dispatched to li.qiang" 15
if tui_wait_sql "SELECT technician FROM tickets WHERE no = '$T1'" li.qiang 10; then
    tui_ok "the database has it dispatched to the technician selected with k"
else
    tui_not_ok "the database has it dispatched to the technician selected with k"
fi

tui_done
