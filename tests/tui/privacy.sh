#!/usr/bin/env bash
# tests/tui/privacy.sh: doc/domain.md, Privacy as each role sees it, at 80x24,
# in English and Chinese, from the keys to the database. A customer 王芳 has
# the phone 13812345678 and a ticket.
#   - the operator's customer file shows 13812345678; the manager's the same
#     file as 138****5678, never the whole number; R asks a reason and shows
#     it whole, the reason in the audit log
#   - a special look-up: quality asks for it from the file (L, its grounds),
#     sees it pending on Look-ups; the manager approves it there (a, a note);
#     quality opens it once (Enter): the whole file, phones whole; then it
#     shows as opened
#   - the manager's Audit screen shows the request, the decision and the
#     reveal; filtered by the customer, Enter shows an entry whole, and the
#     operator's edit of the address before and after
#   - the admin's Archive lists a ticket closed five years ago
# Chinese: the masked file, the Look-ups and Audit screens in their words.
. "$(dirname "$0")/lib.sh"

TUI_COLS=80 TUI_LINES=24
tui_setup

PHONE=13812345678
MASKED='138****5678'
rpc() { tui_rpc operator "$@" >/dev/null || tui_bail "setting up: $2 refused"; }
rpc customer.save '{"name":"王芳","phones":["'$PHONE'"],"address":"解放路3号","region":"urban"}'
CUST=$(tui_sql_value "SELECT id FROM customers WHERE name = '王芳'")
rpc unit.save '{"customer_id":'$CUST',"model":"KFR-35GW","serial":"SN-PV1","purchase_date":"2026-01-05"}'
rpc customer.save '{"id":'$CUST',"name":"王芳","phones":["'$PHONE'"],"address":"解放路5号","region":"urban"}'
UNIT=$(tui_sql_value "SELECT id FROM units WHERE serial = 'SN-PV1'")
rpc call.register '{"request_key":"pv-1","channel":"phone","type":"B","customer":{"id":'$CUST'},"unit":{"id":'$UNIT'},"fault":"不制冷"}'

check() { tui_check "$LANG_TAG: $1" "$2" "$3" "${4:-10}"; }
sql_check() {
    if tui_wait_sql "$2" "$3" 10; then tui_ok "$LANG_TAG: $1"
    else tui_not_ok "$LANG_TAG: $1 (got: $(tui_sql_value "$2"))"; fi
}
# absent DESCRIPTION SESSION TEXT: the screen does not show TEXT.
absent() {
    if tui_screen "$2" | grep -qF -- "$3"; then tui_not_ok "$LANG_TAG: $1" "$2"
    else tui_ok "$LANG_TAG: $1"; fi
}
# start SESSION USER HOME [LANG=...]: a client logged in, on its first screen.
start() {
    tui_client "$1" "${4:-LANG=C.UTF-8}"
    tui_login "$1" "$2" demo1234 "${5:-Password:}" || tui_bail "$1: log in"
    tui_wait "$1" "$3" 20 || tui_bail "$1: no first screen"
}
# open_file SESSION: the customer's file through the search (F9, the phone).
open_file() {
    tui_keys "$1" F9
    sleep 0.3
    tui_type "$1" "$PHONE"
    tui_keys "$1" Enter
    tui_wait "$1" "王芳" 10 || return 1
    tui_keys "$1" Enter
}

# --- English
LANG_TAG=en
start op operator "Role: Operator"
open_file op
check "the operator's file shows the phone whole" op "$PHONE"

start mg manager "Role: Manager"
open_file mg
check "the manager's file shows the phone masked" mg "$MASKED"
absent "and never whole" mg "$PHONE"
check "R and L on the key bar" mg "R Phones"
tui_frame_ok "$LANG_TAG: the file with R and L lays out at 80x24" mg
tui_keys mg R
check "R asks a reason" mg "Reason (kept in the audit log)"
tui_keys mg Enter
check "none is refused in the box" mg "Type the reason: it is kept in the audit log"
tui_type mg "核实投诉人身份"
tui_keys mg Enter
check "then shows the phone whole" mg "Phones of 王芳: $PHONE"
sql_check "the reveal is in the audit log with its reason" \
    "SELECT details->>'reason' FROM audit_log WHERE action = 'customer.reveal' AND actor = 'manager'" \
    "核实投诉人身份"

start qa quality "Role: Quality"
open_file qa
check "quality sees it masked too" qa "$MASKED"
tui_keys qa L
check "L asks the look-up's grounds" qa "Grounds (who asks, their document)"
tui_type qa "公安协查函 2026-118"
tui_keys qa Enter
check "the look-up is requested" qa "Look-up 1 requested"
sql_check "pending in the database" "SELECT state FROM lookups" "pending"
tui_keys qa Escape Escape
tui_wait qa "Role: Quality" 5
tui_f6_to qa "Special look-ups"
check "quality's Look-ups: their request" qa "Special look-ups: your requests"
check "pending" qa "pending"

tui_keys mg Escape Escape
sleep 0.3
tui_f6_to mg "Special look-ups"
check "the manager's Look-ups queue" mg "Special look-ups: requests to approve"
tui_frame_ok "$LANG_TAG: Look-ups lays out at 80x24" mg
check "holds the request with its grounds" mg "公安协查函 2026-118"
tui_keys mg a
check "a asks for a note" mg "Note (optional)"
tui_type mg "同意"
tui_keys mg Enter
check "approved" mg "Approved: the one who asked may open it once"
sql_check "approved by the manager" "SELECT state || ' ' || decided_by FROM lookups" \
    "approved manager"

tui_keys qa F5
check "quality sees it approved" qa "approved"
tui_keys qa Enter
check "Enter opens the whole file once" qa "Special look-up: the whole file"
check "the phone whole" qa "Phones: $PHONE"
tui_keys qa Escape
check "then it shows as opened" qa "opened"
sql_check "opened in the database" "SELECT opened_at IS NOT NULL FROM lookups" "t"

tui_f6_to mg "Audit log"
check "the manager's Audit screen" mg "Audit log: who read or changed"
tui_frame_ok "$LANG_TAG: the Audit log lays out at 80x24" mg
check "shows the look-up's request" mg "lookup.request"
check "and its decision" mg "lookup.decide"
check "and the reveal" mg "customer.reveal"
tui_keys mg c
tui_type mg "$CUST"
tui_keys mg Enter
check "filtered by the customer" mg "customer: $CUST"
tui_wait mg "lookup.open" 10
tui_keys mg Home Enter
check "Enter shows an entry whole" mg "Record: customer:$CUST"
tui_keys mg Escape
tui_keys mg /
tui_type mg "changed:"
tui_keys mg Enter
sleep 0.3
tui_keys mg Enter
check "a change: each field before and after" mg '* address: "解放路3号" -> "解放路5号"'
tui_keys mg Escape

tui_insert_old() {
    tui_sql "WITH c AS (INSERT INTO customers (name, phones, address, region)
        VALUES ('老客户', '{13900000009}', '旧路1号', 'urban') RETURNING id)
        INSERT INTO tickets (no, type, channel, state, service_class, customer_id, region,
        fault, taken_by, owner, created_at, updated_at)
        SELECT 'B2012010001', 'B', 'phone', 'closed', 'C', id, 'urban', '旧', 'operator',
        'operator', now() - interval '5 years', now() - interval '5 years' FROM c"
}
tui_insert_old
start ad admin "Role: Admin"
tui_f6_to ad "Audit log"
check "the admin's Audit screen" ad "Audit log: who read or changed"
tui_f6_to ad "Past the retention period"
check "the admin's Archive" ad "Past the retention period"
check "lists the ticket closed five years ago" ad "B2012010001"
tui_frame_ok "$LANG_TAG: the Archive lays out at 80x24" ad
sql_check "nothing deleted" "SELECT count(*) FROM tickets WHERE no = 'B2012010001'" "1"

# --- Chinese
if tui_has_locale zh_CN.UTF-8; then
    LANG_TAG=zh
    start mz manager "角色：经理" LANG=zh_CN.UTF-8 "密码："
    open_file mz
    check "the manager's file: masked" mz "$MASKED"
    absent "never whole" mz "$PHONE"
    tui_frame_ok "zh: the file with R and L lays out at 80x24" mz
    tui_keys mz Escape Escape
    sleep 0.3
    tui_f6_to mz "特殊查询"
    check "Look-ups in Chinese" mz "特殊查询：待审批的申请"
    tui_frame_ok "zh: Look-ups lays out at 80x24" mz
    tui_f6_to mz "审计日志"
    check "Audit in Chinese" mz "审计日志"
    check "the entries" mz "lookup.decide"
    tui_frame_ok "zh: the Audit log lays out at 80x24" mz
    tui_keys mz Enter
    check "an entry whole in Chinese" mz "记录："
    start az admin "角色：" LANG=zh_CN.UTF-8 "密码："
    tui_f6_to az "超过保存期限"
    check "the Archive in Chinese" az "超过保存期限：待归档（不删除任何记录）"
    check "its ticket" az "B2012010001"
    tui_frame_ok "zh: the Archive lays out at 80x24" az
else
    tui_skip "zh_CN: privacy screens" "no zh_CN.UTF-8 locale (run scripts/deps)"
fi
tui_done
