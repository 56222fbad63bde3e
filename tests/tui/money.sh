#!/usr/bin/env bash
# tests/tui/money.sh: the money controls from the keys to the database, at
# 80x24, in English and in Chinese.
#   - a technician completes a class A ticket free of charge: Free yes, the
#     supervisor's login and a reason; Ctrl-S asks (approval.request), the
#     form says it waits for 李建国; the database holds the pending request
#   - the supervisor's Free-service approvals screen (F6 from the ledger)
#     shows it live with its amount and reason; a approves: the database
#     counts it in the ticket's region; the technician's form says it is
#     approved (a push), and Ctrl-S completes free: total 0, approved by the
#     supervisor
#   - a refusal from the queue (r, with a reason) shows on the technician's
#     form in red with the reason
#   - a refund certificate issued on a ticket (R on the detail, a reason)
#     shows its number; the customer's file shows it on the unit's row
# Chinese: the request and the approval screens in their words.
. "$(dirname "$0")/lib.sh"

TUI_COLS=80 TUI_LINES=24
tui_setup

BOUGHT=$(date -d '-3 years' +%F)   # out of warranty: class A, paid
D3=$(TZ=Asia/Shanghai date -d '-3 days' +%F)

tui_sql "INSERT INTO service_points (id, name, region) VALUES (901, '测试网点', 'urban');
    UPDATE users SET service_point_id = 901 WHERE login = 'technician';
    INSERT INTO parts (part_no, name, price) VALUES ('P-COMP-1', '压缩机', 12000);
    INSERT INTO part_stock (service_point_id, part_no, qty) VALUES (901, 'P-COMP-1', 20)" \
    >/dev/null || tui_bail "cannot load parts"

# A class A ticket on site with its card (120 yuan of parts, 60 minutes).
paid_ticket() {
    local no
    no=$(tui_rpc operator call.register '{"request_key":"money-'"$1"'","channel":"phone",
        "type":"B","customer":{"address":"人民路1号","name":"'"$2"'","phones":["'"$3"'"],"region":"urban"},
        "unit":{"model":"KFR-35GW","serial":"MS-'"$1"'","purchase_date":"'"$BOUGHT"'"},
        "fault":"不制冷"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["no"])') ||
        tui_bail "cannot register"
    tui_rpc dispatcher ticket.dispatch '{"no":"'"$no"'","technician":"technician"}' >/dev/null &&
        tui_rpc technician ticket.arrive '{"no":"'"$no"'"}' >/dev/null &&
        tui_rpc technician ticket.repair '{"no":"'"$no"'","diagnosis":"压缩机不启动",
            "cause":"压缩机坏","actions":"更换压缩机","labour_minutes":60,
            "parts":[{"part_no":"P-COMP-1","qty":1}]}' >/dev/null || tui_bail "cannot repair $no"
    echo "$no"
}

check() { tui_check "$LANG_TAG: $1" "$2" "$3" "${4:-10}"; }
sql_check() {
    if tui_wait_sql "$2" "$3" 10; then tui_ok "$LANG_TAG: $1"
    else tui_not_ok "$LANG_TAG: $1 (got: $(tui_sql_value "$2"))"; fi
}
# select_row SESSION TEXT: the list's search selects the row holding TEXT.
select_row() { tui_keys "$1" Home /; tui_type "$1" "$2"; tui_keys "$1" Enter; }

# ask SESSION NO APPROVER: c on the technician's list, then Free yes, the
# approver and a reason, and Ctrl-S.
ask() {
    select_row "$1" "$2"
    tui_keys "$1" c
    tui_wait "$1" "$2" 10
    tui_wait "$1" "180.00" 10
    tui_keys "$1" Tab Tab Space Tab
    tui_type "$1" "$3"
    tui_keys "$1" Tab
    tui_type "$1" "老客户"
    tui_keys "$1" C-s
}

# --- English
LANG_TAG=en
T1=$(paid_ticket 1 "钱一" 13800000101)
T2=$(paid_ticket 2 "钱二" 13800000102)

tui_client t
tui_login t technician demo1234 || tui_bail "log in technician"
tui_wait t "My tickets" 20 || tui_bail "no technician screen"
tui_client d
tui_login d dispatcher demo1234 || tui_bail "log in dispatcher"
tui_wait d "Role: Dispatcher" 20 || tui_bail "no dispatcher screen"
tui_keys d F6 F6 F6
check "F6 after the ledger: the approvals screen" d "Free-service approvals"
check "the supervisor's limits" d "As supervisor: 2 a month a region, 400.00 yuan each; this month: none"
check "nothing waiting yet" d "No request is waiting for your decision"

ask t "$T1" dispatcher
check "Ctrl-S asks the approver" t "Free service for ticket $T1 asked of dispatcher"
check "the form says it waits" t "waiting for 李建国 to decide"
sql_check "the database holds the request" "SELECT approver || '|' || state || '|' || amount
    FROM free_requests WHERE ticket_no = '$T1'" "dispatcher|pending|18000"
check "the request shows in the supervisor's queue at once" d "$T1"
if tui_row d "$T1" | grep -qF "180.00" && tui_row d "$T1" | grep -qF "老客户"; then
    tui_ok "$LANG_TAG: with its amount and reason"
else
    tui_not_ok "$LANG_TAG: with its amount and reason" d
fi
select_row d "$T1"
tui_keys d a
check "a asks for a note" d "Approve free service for $T1 (180.00 yuan)?"
tui_keys d Enter
check "approved" d "Free service for ticket $T1 approved"
sql_check "counted in the ticket's region this month" "SELECT region || ':' || used
    FROM free_approval_slots WHERE approver = 'dispatcher'" "urban:1"
check "the technician's form follows: approved" t "approved by 李建国: Ctrl-S completes free"
tui_keys t C-s
check "Ctrl-S completes" t "Ticket $T1 completed" 15
sql_check "completed free, approved by the supervisor" "SELECT state || '|' ||
    (charges->>'total') || '|' || (charges->>'free') || '|' || (charges->>'approved_by')
    FROM tickets WHERE no = '$T1'" "completed|0|true|dispatcher"

# A refusal, seen on the technician's form.
ask t "$T2" dispatcher
check "the second request is asked" t "waiting for 李建国 to decide"
check "it shows in the queue" d "$T2"
select_row d "$T2"
tui_keys d r
check "r asks the reason" d "Refuse free service for $T2"
tui_keys d Enter
check "a refusal needs its reason" d "A refusal needs its reason"
tui_type d "不符合政策"
tui_keys d Enter
check "refused" d "Free service for ticket $T2 refused"
check "the technician sees the refusal and its reason" t "Free service refused by 李建国: 不符合政策"
sql_check "the database: refused, nothing counted" "SELECT f.state || '|' || s.used FROM
    free_requests f, free_approval_slots s WHERE f.ticket_no = '$T2'" "refused|1"
tui_keys d 2
if tui_until 10 eval 'tui_row d "$T2" | grep -qE "refused +不符合政策"'; then
    tui_ok "$LANG_TAG: the decided queue: refused, the refusal's reason first"
else
    tui_not_ok "$LANG_TAG: the decided queue: refused, the refusal's reason first" d
fi
tui_keys t Escape
tui_wait t "Leave and lose" 3 && tui_keys t y

# A refund certificate on the detail, then on the customer's file.
T3=$(tui_rpc operator call.register '{"request_key":"money-3","channel":"phone","type":"B",
    "customer":{"address":"人民路3号","name":"钱三","phones":["13800000103"],"region":"urban"},
    "unit":{"model":"BCD-215","serial":"MS-3","purchase_date":"'"$D3"'"},"fault":"不制冷"}' |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["no"])') || tui_bail "register T3"
tui_f6_to d "Dispatch board"
tui_wait d "$T3" 15 || tui_not_ok "$LANG_TAG: F6 from the approvals: the board, with $T3" d
select_row d "$T3"
tui_keys d d
check "the detail of a ticket entitled to a refund" d "Ticket $T3: new"
tui_keys d F1
check "F1 lists R for the refund" d "Refund (three guarantees): a numbered certificate"
tui_keys d Escape
tui_keys d R
check "R asks the reason" d "Refund for ticket $T3"
tui_type d "七日内性能故障"
tui_keys d Enter
CERT=$(tui_sql_value "SELECT no FROM guarantee_certificates WHERE ticket_no = '$T3'")
[[ $CERT =~ ^RF[0-9]{10}$ ]] && tui_ok "$LANG_TAG: the database holds certificate $CERT" ||
    tui_not_ok "$LANG_TAG: the database holds a certificate (got $CERT)"
check "its number is said" d "Ticket $T3: refund certificate $CERT issued"
check "the detail shows it" d "refund $CERT"

tui_client op
tui_login op operator demo1234 || tui_bail "log in operator"
tui_wait op "Role: Operator" 20 || tui_bail "no operator screen"
tui_type op "13800000103"
check "the caller is found" op "1 customer with the phone 13800000103" 15
tui_keys op Enter Enter
tui_keys op C-o
check "the customer's file" op "Customer file: 钱三"
if tui_until 10 eval 'tui_screen op | grep -F "MS-3" | grep -qF "refund $CERT"'; then
    tui_ok "$LANG_TAG: the unit's row shows its certificate"
else
    tui_not_ok "$LANG_TAG: the unit's row shows its certificate" op
fi
tui_keys op F10
tui_keys t F10
tui_keys d F10

# --- Chinese
if tui_has_locale zh_CN.UTF-8; then
    LANG_TAG=zh
    T4=$(paid_ticket 4 "钱四" 13800000104)
    tui_client zt LANG=zh_CN.UTF-8
    tui_login zt technician demo1234 "密码" || tui_bail "zh: log in technician"
    tui_client zd LANG=zh_CN.UTF-8
    tui_login zd manager demo1234 "密码" || tui_bail "zh: log in manager"
    tui_wait zd "角色：" 20 || tui_bail "zh: no manager screen"
    tui_f6_to zd "免费服务审批"
    check "the manager's approvals screen" zd "免费服务审批"
    check "no limit for the after-sales manager" zd "售后经理：不限"
    tui_wait zt "$T4" 20
    select_row zt "$T4"
    tui_keys zt c
    tui_wait zt "180.00" 10
    tui_keys zt Tab Tab Space Tab
    tui_type zt manager
    tui_keys zt Tab
    tui_type zt "老客户"
    tui_keys zt C-s
    check "the request waits, in Chinese" zt "等待 陈志强 决定"
    check "it shows in the manager's queue" zd "$T4"
    select_row zd "$T4"
    tui_keys zd a
    check "the approval asks, in Chinese" zd "批准 $T4 的免费服务（180.00 元）？"
    tui_keys zd Enter
    check "approved, in Chinese" zd "工单 $T4 的免费服务已批准"
    check "the technician's form follows, in Chinese" zt "陈志强 已批准"
    tui_keys zt C-s
    check "completed" zt "$T4" 15
    sql_check "completed free" "SELECT state || '|' || (charges->>'approved_by') FROM tickets
        WHERE no = '$T4'" "completed|manager"
    tui_keys zt F10
    tui_keys zd F10
else
    tui_skip "zh: the approval screens in Chinese" "no zh_CN.UTF-8 locale"
fi

tui_done
