#!/usr/bin/env bash
# tests/tui/contracts.sh: maintenance contracts on the screens (issue 14), at
# 80x24, in English and in Chinese, from the keys to the database:
#   - the customer file: c on a unit without a contract adds one (today for a
#     year), shown as a contract row; the next call about the unit (F8) is
#     class B, and is saved so
#   - the operators' renewal queue: a contract ending in 10 days is there; n
#     renews it from the day after it ends, linked to it, and it leaves the
#     queue
#   - the dispatcher's maintenance due this week: a visit falling due today,
#     booked by the sweep as a type Y ticket, shows with its ticket; Enter
#     opens it
# Chinese: the renewal queue (a renewal typed there too), the contract form,
# the contract row of the file, and the maintenance view, in their words.
. "$(dirname "$0")/lib.sh"

TUI_COLS=80 TUI_LINES=24
TUI_DAEMON_ARGS=(--sweep-interval 1)   # the visits booked at once
tui_setup

centre_date() { TZ=${TZ:-Asia/Shanghai} date -d "$1" +%F; }
TODAY=$(centre_date today)
YEAR_END=$(centre_date "$TODAY +1 year -1 day")
D700=$(centre_date '-700 days')

rpc() { tui_rpc operator "$@" >/dev/null || tui_bail "setting up: $2 refused"; }
# customer NAME PHONE SERIAL: a customer with one unit bought 700 days ago.
customer() {
    rpc customer.save '{"name":"'$1'","phones":["'$2'"],"address":"人民路1号","region":"urban"}'
    local c
    c=$(tui_sql_value "SELECT id FROM customers WHERE name = '$1'")
    rpc unit.save '{"customer_id":'$c',"model":"KFR-35GW","serial":"'$3'","purchase_date":"'$D700'"}'
}
unit_of() { tui_sql_value "SELECT id FROM units WHERE serial = '$1'"; }
customer 钱林 13700000011 SN-C1
customer 孙芳 13700000012 SN-C2
customer 周强 13700000013 SN-C3
customer 吴敏 13700000014 SN-C4
U1=$(unit_of SN-C1)
rpc contract.save '{"unit_id":'$(unit_of SN-C2)',"starts":"'$(centre_date '-355 days')'","ends":"'$(centre_date '+10 days')'","price":30000}'
rpc contract.save '{"unit_id":'$(unit_of SN-C4)',"starts":"'$(centre_date '-360 days')'","ends":"'$(centre_date '+5 days')'"}'
# a year's contract from 91 days ago: its first of two visits falls due today
rpc contract.save '{"unit_id":'$(unit_of SN-C3)',"starts":"'$(centre_date '-91 days')'","ends":"'$(centre_date '+273 days')'"}'
K2=$(tui_sql_value "SELECT id FROM contracts WHERE unit_id = $(unit_of SN-C2)")
K4=$(tui_sql_value "SELECT id FROM contracts WHERE unit_id = $(unit_of SN-C4)")
tui_wait_sql "SELECT count(*) FROM contract_visits" 1 20 || tui_bail "the sweep booked no visit"
Y=$(tui_sql_value "SELECT ticket_no FROM contract_visits")

check() { tui_check "$LANG_TAG: $1" "$2" "$3" "${4:-10}"; }
sql_check() {
    if tui_wait_sql "$2" "$3" 10; then tui_ok "$LANG_TAG: $1"
    else tui_not_ok "$LANG_TAG: $1 (got: $(tui_sql_value "$2"))"; fi
}
select_row() { tui_keys "$1" Home /; tui_type "$1" "$2"; tui_keys "$1" Enter; }

# --- English: the customer file
LANG_TAG=en
tui_client op
tui_login op operator demo1234 || tui_bail "log in"
tui_wait op "Role: Operator" 20 || tui_bail "no operator screen"
tui_type op 13700000011
check "the caller is found" op "1 customer with the phone 13700000011" 15
tui_keys op Enter Enter
check "no contract: class A" op "Service class: A"
tui_keys op C-o
check "Ctrl-O opens the file" op "Customer file: 钱林"
check "the unit out of warranty" op "SN-C1        $D700 warranty over"
select_row op SN-C1
tui_keys op c
check "c opens the contract form" op "New maintenance contract"
check "for the unit" op "Unit: KFR-35GW SN-C1"
check "from today for a year" op "$YEAR_END"
tui_keys op C-s
check "saved" op "saved: $TODAY to $YEAR_END"
sql_check "the database holds it" "SELECT count(*) FROM contracts WHERE unit_id = $U1
    AND starts = '$TODAY' AND ends = '$YEAR_END' AND created_by = 'operator'
    AND renews IS NULL" 1
check "the file shows the contract" op "in force       until $YEAR_END: KFR-35GW"
check "the unit under contract now" op "SN-C1        $D700 under contract"
select_row op "warranty over"
select_row op "under contract"
tui_keys op F8
tui_wait op "Clear the call you are typing?" 3 && tui_keys op y
check "the next call about the unit: class B" op "Service class: B contract"
tui_type op "保养后异响"
tui_keys op C-s
check "registered as class B" op "registered: class B contract"
sql_check "the ticket is class B" "SELECT service_class FROM tickets WHERE unit_id = $U1
    AND fault = '保养后异响'" B

# --- English: the renewal queue
tui_f6_to op "Contract renewals" && tui_ok "en: F6 reaches the renewal queue" ||
    tui_not_ok "en: F6 reaches the renewal queue" op
check "a contract ending in 10 days" op "孙芳"
check "its end" op "$(centre_date '+10 days')"
select_row op SN-C2
tui_keys op n
check "n opens the renewal form" op "Renew contract $K2"
check "from the day after it ends" op "$(centre_date '+11 days')"
check "with its price" op "300.00"
tui_keys op C-s
sql_check "the renewal is linked to it" "SELECT count(*) FROM contracts WHERE renews = $K2
    AND starts = '$(centre_date '+11 days')' AND price = 30000" 1
tui_wait_gone op "SN-C2" 10 && tui_ok "en: renewed, it leaves the queue" ||
    tui_not_ok "en: renewed, it leaves the queue" op

# --- English: the dispatcher's maintenance due this week
tui_client di
tui_login di dispatcher demo1234 || tui_bail "dispatcher log in"
tui_wait di "Role: Dispatcher" 20 || tui_bail "no dispatcher screen"
tui_f6_to di "Maintenance due this week" && tui_ok "en: F6 reaches maintenance due" ||
    tui_not_ok "en: F6 reaches maintenance due" di
check "the visit due today, booked" di "$TODAY $Y"
check "its customer and visit" di "周强       urban    1/2 KFR-35GW"
select_row di "$Y"
tui_keys di Enter
check "Enter opens the ticket" di "$Y"
check "a class B maintenance ticket" di "Y other service"

# --- Chinese
if tui_has_locale zh_CN.UTF-8; then
    LANG_TAG=zh
    tui_client zo LANG=zh_CN.UTF-8
    tui_login zo operator demo1234 "密码" || tui_bail "zh: log in"
    tui_wait zo "角色：话务员" 20 || tui_bail "zh: no operator screen"
    tui_f6_to zo "合同续约" && tui_ok "zh: F6 reaches the renewal queue" ||
        tui_not_ok "zh: F6 reaches the renewal queue" zo
    check "the queue's tabs" zo "1 待续约"
    check "a contract ending in 5 days" zo "吴敏"
    check "its state" zo "即将到期"
    select_row zo SN-C4
    tui_keys zo n
    check "the renewal form" zo "续约合同 $K4"
    check "its fields" zo "每年保养次数"
    tui_keys zo C-s
    sql_check "the renewal is linked to it" "SELECT count(*) FROM contracts WHERE
        renews = $K4" 1
    tui_keys zo 4
    check "the expired queue" zo "没有合同" 10
    tui_keys zo 3
    check "running contracts" zo "钱林"
    select_row zo 钱林
    tui_keys zo Enter
    check "Enter opens the file" zo "顾客档案：钱林"
    check "the contract row" zo "至 $YEAR_END：KFR-35GW"
    check "its state" zo "生效中"
    tui_client zd LANG=zh_CN.UTF-8
    tui_login zd dispatcher demo1234 "密码" || tui_bail "zh: dispatcher log in"
    tui_wait zd "角色：" 20 || tui_bail "zh: no dispatcher screen"
    tui_f6_to zd "本周到期保养" && tui_ok "zh: F6 reaches maintenance due" ||
        tui_not_ok "zh: F6 reaches maintenance due" zd
    check "the visit" zd "周强       市区     1/2 KFR-35GW"
    check "with its ticket" zd "$Y"
fi

tui_done
