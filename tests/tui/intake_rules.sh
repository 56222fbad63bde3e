#!/usr/bin/env bash
# tests/tui/intake_rules.sh: the call form's rules for what is typed, at
# 80x24, in English and in Chinese (common/records.h, the daemon's own).
#   - the fault shows its count against the limit as it is typed (5/500)
#   - a new customer named with a phone number and a serial of two
#     characters are refused before sending, told by label, the labels red;
#     nothing reaches the database
#   - a fault typed past the limit stays in the field (501/500, red) and is
#     refused with the limit, on the field; nothing is cut or sent
#   - one character less: saved, the whole fault in the database
#   - a customer's file from before addresses were required saves without
#     one; an address typed in and emptied again is refused on its field
. "$(dirname "$0")/lib.sh"

TUI_COLS=80 TUI_LINES=24
tui_setup

BOUGHT=$(date -d '-2 months' +%F)
red=$'\e\\[([0-9;]*;)?31(;[0-9;]*)?m'
tabs() { local i; for ((i = 0; i < $2; i++)); do tui_keys "$1" Tab; done; }
red_label() { tui_row_attrs "$1" "$2" | grep -qE "$red.*$3"; }
nothing_sent() {
    local row
    row=$(tui_sql_value "SELECT (SELECT count(*) FROM tickets) || '|' || (SELECT count(*) FROM customers)")
    [[ $row == "0|0" ]] && tui_ok "$1: nothing is sent" || tui_not_ok "$1: nothing is sent (got $row)"
}

# call SESSION PHONE NAME SERIAL FAULT: a new customer's call typed in,
# from the caller's phone to the fault.
call() {
    tui_type "$1" "$2"
    tui_wait "$1" "$2:" 15
    tui_keys "$1" Tab
    tui_type "$1" "$3"
    tabs "$1" 3                        # phones, region, address
    tui_type "$1" "人民路1号"
    tui_keys "$1" Tab
    tui_type "$1" "KFR-35GW"
    tui_keys "$1" Tab
    tui_type "$1" "$4"
    tui_keys "$1" Tab
    tui_type "$1" "$BOUGHT"
    tabs "$1" 8                        # invoice, months, contract, class, type, channel, appointment, fault
    tui_type "$1" "$5"
}

# fix SESSION TABS TEXT: from the first bad field, TABS on, its text replaced.
fix() {
    tabs "$1" "$2"
    tui_keys "$1" C-a C-k
    tui_type "$1" "$3"
}

tui_client op
tui_login op operator demo1234 && tui_wait op "Caller phone" 20 ||
    { tui_not_ok "the operator's first screen is the call form" op; tui_done; }
tui_check "the fault's count, empty" op "0/500" 5
call op 13612345678 "136 1234 5678" "S1" "空调不制冷"
tui_wait_row op "Fault" "空调不制冷 +5/500" 5 && tui_ok "the fault is counted as it is typed" ||
    tui_not_ok "the fault is counted as it is typed" op
tui_keys op C-s
if tui_wait op "Name: a name, not a phone number; Serial no.: at least 4 characters" 10 &&
    red_label op "Region" "Name" && red_label op "Purchase date" "Serial no."; then
    tui_ok "a phone for a name and a short serial: refused before sending, on their labels"
else
    tui_not_ok "a phone for a name and a short serial: refused before sending, on their labels" op
fi
nothing_sent "the phone for a name"

# The name fixed (the focus is on it), the serial too, then the fault made
# one character longer than the limit.
tui_keys op C-a C-k
tui_type op "王五"
fix op 5 "SN-RULE-1"                     # phones, region, address, model, serial
tabs op 9                                # purchase date ... appointment, fault
tui_keys op End
tui_type op "$(printf 'x%.0s' $(seq 496))"
tui_wait_row op "Fault" "501/500" 5 && red_label op "Fault" "501/500" &&
    tui_ok "past the limit the text stays, the count red" ||
    tui_not_ok "past the limit the text stays, the count red" op
tui_keys op C-s
if tui_wait op "Fault: at most 500 characters" 10 && red_label op "Fault" "Fault"; then
    tui_ok "a fault past the limit: refused with the limit, on the field"
else
    tui_not_ok "a fault past the limit: refused with the limit, on the field" op
fi
nothing_sent "the fault past the limit"
tui_keys op BSpace
tui_wait_row op "Fault" "500/500" 5
tui_keys op C-s
if tui_wait op "registered: class C" 15; then
    tui_ok "one character less: saved"
else
    tui_not_ok "one character less: saved" op
fi
row=$(tui_sql_value "SELECT c.name || '|' || u.serial || '|' || char_length(t.fault) || '|' ||
    left(t.fault, 5) FROM tickets t JOIN customers c ON c.id = t.customer_id
    JOIN units u ON u.id = t.unit_id")
[[ $row == "王五|SN-RULE-1|500|空调不制冷" ]] &&
    tui_ok "the database has the whole fault, the name and the serial" ||
    tui_not_ok "the database has the whole fault, the name and the serial (got: $row)"

# ---- a customer's file kept from before addresses were required: saved
# as it is; an address typed in is kept; emptied again, it is refused
tui_sql "INSERT INTO customers (name, phones, address, region)
    VALUES ('楚九', ARRAY['13612340009'], '', 'urban')" >/dev/null || tui_bail "cannot add a customer"
CUST=$(tui_sql_value "SELECT id FROM customers WHERE name = '楚九'")
tui_type op 13612340009
tui_wait op "1 customer with the phone 13612340009" 15
tui_keys op Enter Enter
tui_keys op C-o
tui_wait op "Customer file: 楚九 (no. $CUST)" 10
tui_keys op e
tui_wait op "Edit customer no. $CUST (version 1)" 10
tabs op 4                                # region, phones, address, notes
tui_type op "老客户"
tui_keys op C-s
if tui_wait op "The customer 楚九 is saved" 10 && [[ $(tui_sql_value "SELECT notes || '|' ||
    address || '|' || version FROM customers WHERE id = $CUST") == "老客户||2" ]]; then
    tui_ok "a file without an address saves as it is"
else
    tui_not_ok "a file without an address saves as it is" op
fi
tui_keys op e
tui_wait op "(version 2)" 10
tabs op 3
tui_type op "长江路9号"
tui_keys op C-s
tui_wait op "The customer 楚九 is saved" 10
tui_keys op e
tui_wait op "(version 3)" 10
tabs op 3
tui_keys op C-a C-k
tui_keys op C-s
if tui_wait op "Address: required" 10 && red_label op "Address" "Address" &&
    [[ $(tui_sql_value "SELECT address FROM customers WHERE id = $CUST") == "长江路9号" ]]; then
    tui_ok "an address emptied again: the daemon's refusal on the field, the address kept"
else
    tui_not_ok "an address emptied again: the daemon's refusal on the field, the address kept" op
fi

# ---- in Chinese
if ! tui_has_locale zh_CN.UTF-8; then
    tui_skip "zh_CN: the call form's rules" "no zh_CN.UTF-8 locale"
    tui_done
fi
tui_sql "DELETE FROM ticket_events; DELETE FROM tickets; DELETE FROM units; DELETE FROM customers" >/dev/null ||
    tui_bail "cannot clear the database"
tui_client zh LANG=zh_CN.UTF-8
tui_login zh operator demo1234 "密码" && tui_wait zh "来电号码" 20 ||
    { tui_not_ok "zh_CN: the call form" zh; tui_done; }
call zh 13612345679 "+86 136-1234-5679" "SN-RULE-2" "洗衣机漏水$(printf '水%.0s' $(seq 496))"
tui_wait_row zh "故障" "501/500" 5 && tui_ok "zh_CN: the fault's count" ||
    tui_not_ok "zh_CN: the fault's count" zh
tui_keys zh C-s
if tui_wait zh "姓名：应为姓名，不是电话号码；故障：最多 500 个字符" 10 && red_label zh "区域" "姓名" &&
    red_label zh "故障" "故障"; then
    tui_ok "zh_CN: the phone for a name and the fault past the limit, told by label"
else
    tui_not_ok "zh_CN: the phone for a name and the fault past the limit, told by label" zh
fi
nothing_sent "zh_CN"

tui_done
