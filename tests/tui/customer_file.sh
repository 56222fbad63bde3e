#!/usr/bin/env bash
# tests/tui/customer_file.sh: the customer's file and the call form's
# entitlements banner, at 80x24, in English and in Chinese, from the keys to
# the database. A customer 郑海 has a unit bought 5 days ago (SN-F5) and one
# bought 200 days ago under a contract (SN-R12), repaired 12 days ago by the
# demo technician 王力 (ticket T1), with a complaint about T1.
#   - the call form, before saving: SN-F5 taken from the lookup shows the
#     refund and exchange days left; SN-R12 "repeat of T1 (fixed by 王力 12
#     days ago)" and the contract; a new unit typed as bought 5 days ago, its
#     refund days too
#   - Ctrl-O on the call form opens the file: name, phones, address, e-mail, the units with their standing,
#     T1 and the complaint; the read is in the audit log
#   - e edits the customer: saved, the file and the database show it
#   - a version conflict: the row changed underneath (SQL) while the edit
#     form is open; the save says it in words, never a code, the file is read
#     again and shows the other change, which the database keeps
#   - u edits a unit (warranty months), saved in the database
#   - Enter opens a ticket's and a complaint's detail, Esc comes back; F7
#     registers a complaint about the selected ticket; a call registered
#     elsewhere shows in the open file at once
#   - F8 on T1 opens the call form with the customer and T1's unit chosen and
#     the banner; saved, the ticket is that customer's and unit's, a repeat of
#     T1, and the banner then says what to tell the caller
# Chinese: the same screens in their words, a conflict too.
. "$(dirname "$0")/lib.sh"

TUI_COLS=80 TUI_LINES=24
tui_setup

centre_date() { TZ=${TZ:-Asia/Shanghai} date -d "$1" +%F; }
D5=$(centre_date '-5 days')
D200=$(centre_date '-200 days')
PHONE=13700000001

rpc() { tui_rpc operator "$@" >/dev/null || tui_bail "setting up: $2 refused"; }
rpc customer.save '{"name":"郑海","phones":["'$PHONE'"],"address":"解放路3号","region":"urban","email":"zh@example.cn"}'
CUST=$(tui_sql_value "SELECT id FROM customers WHERE name = '郑海'")
rpc unit.save '{"customer_id":'$CUST',"model":"KFR-35GW","serial":"SN-F5","purchase_date":"'$D5'"}'
rpc unit.save '{"customer_id":'$CUST',"model":"BCD-215","serial":"SN-R12","purchase_date":"'$D200'","contract_end":"2099-06-30"}'
U5=$(tui_sql_value "SELECT id FROM units WHERE serial = 'SN-F5'")
U12=$(tui_sql_value "SELECT id FROM units WHERE serial = 'SN-R12'")
rpc call.register '{"request_key":"cf-1","channel":"phone","type":"B","customer":{"id":'$CUST'},"unit":{"id":'$U12'},"fault":"不制冷"}'
T1=$(tui_sql_value "SELECT no FROM tickets WHERE unit_id = $U12")
tui_sql "UPDATE tickets SET state = 'completed', technician = 'technician',
    completed_at = now() - interval '12 days', created_at = now() - interval '13 days'
    WHERE no = '$T1'"
rpc complaint.register '{"request_key":"cf-k1","channel":"phone","customer":{"id":'$CUST'},"ticket_no":"'$T1'","text":"修了又坏"}'
K1=$(tui_sql_value "SELECT no FROM complaints")

# checks: tui_check with the description prefixed by the language.
check() { tui_check "$LANG_TAG: $1" "$2" "$3" "${4:-10}"; }
# sql_check DESCRIPTION SQL EXPECTED
sql_check() {
    if tui_wait_sql "$2" "$3" 10; then tui_ok "$LANG_TAG: $1"
    else tui_not_ok "$LANG_TAG: $1 (got: $(tui_sql_value "$2"))"; fi
}
# select SESSION TEXT: the list's search puts the selection on the first
# row holding TEXT (T1's own row: by its state, the complaint's row names T1).
select_row() { tui_keys "$1" Home /; tui_type "$1" "$2"; tui_keys "$1" Enter; }

# --- English
LANG_TAG=en
tui_client op
tui_login op operator demo1234 || tui_bail "log in"
tui_wait op "Role: Operator" 20 || tui_bail "no operator screen"
tui_type op "$PHONE"
check "the caller is found" op "1 customer with the phone $PHONE" 15
tui_keys op Enter Enter
check "a unit bought 5 days ago: refund and exchange days left, before saving" op \
    "This unit: Refund: 2 days left, exchange: 10 days left"
tui_keys op BTab Down Enter
check "a unit repaired 12 days ago: the repeat, who fixed it and when" op \
    "Repeat of $T1 (fixed by 王力 12 days ago)"
check "and its contract" op "Contract until 2099-06-30"
check "the class preview is the daemon's" op "Service class: B contract"

# The same banner in Chinese, before any call changes what a call would repeat.
HAS_ZH=0
if tui_has_locale zh_CN.UTF-8; then
    HAS_ZH=1
    LANG_TAG=zh
    tui_client zh LANG=zh_CN.UTF-8
    tui_login zh operator demo1234 "密码" || tui_bail "zh: log in"
    tui_wait zh "角色：话务员" 20 || tui_bail "zh: no operator screen"
    tui_type zh "$PHONE"
    check "the caller is found" zh "1 位客户使用电话 $PHONE" 15
    tui_keys zh Enter Enter
    check "bought 5 days ago: refund days left, before saving" zh \
        "该产品： 退货：还剩2天，换货：还剩10天"
    tui_keys zh BTab Down Enter
    check "repaired 12 days ago: the repeat, who fixed it and when" zh \
        "重复维修 $T1（王力 12天前修好）"
    check "and its contract" zh "保养合同至 2099-06-30"
    LANG_TAG=en
fi

tui_keys op C-o
check "Ctrl-O opens the customer's file" op "Customer file: 郑海 (no. $CUST)"
check "with the phones" op "Phones  $PHONE"
check "the address" op "Address  解放路3号"
check "the e-mail address" op "E-mail  zh@example.cn"
check "the unit under contract" op "SN-R12       $D200 under contract"
check "the repair" op "$T1  $(centre_date '-13 days') completed"
check "the complaint about it" op "修了又坏 (ticket $T1"
sql_check "the file's read is audited" "SELECT count(*) FROM audit_log WHERE
    action = 'customer.get' AND actor = 'operator' AND object = 'customer:$CUST'" 1

# e: an edit saved
tui_keys op e
check "e opens the customer's edit form" op "Edit customer no. $CUST (version 1)"
tui_keys op Tab Tab Tab C-a C-k
tui_type op "解放路5号"
tui_keys op C-s
check "the save is said" op "The customer 郑海 is saved"
check "the file shows the new address" op "Address  解放路5号"
sql_check "the database holds it, version 2" "SELECT address || '|' || version FROM customers
    WHERE id = $CUST" "解放路5号|2"

# a version conflict: the row changes underneath while the form is open
tui_keys op e
check "the edit form reads version 2" op "(version 2)"
tui_keys op Tab Tab Tab C-a C-k
tui_type op "解放路7号"
tui_sql "UPDATE customers SET address = '中山路1号', version = version + 1 WHERE id = $CUST"
tui_keys op C-s
check "a conflict is said in words" op \
    "郑海: changed by someone else meanwhile; reloaded, type your change again"
if tui_screen op | grep -qiE "conflict|version\b"; then
    tui_not_ok "$LANG_TAG: no code on the screen" op
else
    tui_ok "$LANG_TAG: no code on the screen"
fi
check "the file is read again: the other change shows" op "Address  中山路1号"
sql_check "the database keeps the other change" "SELECT address || '|' || version FROM customers
    WHERE id = $CUST" "中山路1号|3"

# u: a unit's edit
select_row op SN-F5
tui_keys op u
check "u opens the unit's edit form" op "Edit unit no. $U5 of 郑海"
tui_keys op Tab Tab Tab C-a C-k
tui_type op 24
tui_keys op C-s
check "the unit's save is said" op "The unit SN-F5 is saved"
sql_check "the unit's warranty is 24 months" "SELECT warranty_months || '|' || version
    FROM units WHERE id = $U5" "24|2"

# Enter: a ticket's detail, a complaint's; Esc comes back to the file
select_row op completed
tui_keys op Enter
check "Enter on a ticket opens its detail" op "Ticket $T1: completed"
tui_keys op Escape
check "Esc comes back to the file" op "Customer file: 郑海"
select_row op "$K1"
tui_keys op Enter
check "Enter on a complaint opens its detail" op "Complaint $K1: received"
tui_keys op Escape
check "and back" op "Customer file: 郑海"

# F7 on T1: a complaint for this customer about T1
select_row op "$T1"
tui_keys op F7
check "F7 opens the complaint form" op "New complaint"
check "with the ticket chosen" op "$T1"
tui_type op "又坏了"
tui_keys op C-s
check "the complaint is registered" op "registered"
sql_check "it is this customer's, about T1" "SELECT count(*) FROM complaints
    WHERE customer_id = $CUST AND ticket_no = '$T1' AND text = '又坏了'" 1
tui_keys op Escape
check "Esc comes back to the file, read again" op "又坏了 (ticket $T1"

# a change made elsewhere shows at once
rpc call.register '{"request_key":"cf-push","channel":"phone","type":"Y","customer":{"id":'$CUST'},"unit":{"id":'$U5'},"fault":"安装支架"}'
check "a call registered elsewhere shows in the open file" op "Y other service: 安装支架"

# F8 on T1: a new call with the customer and T1's unit chosen
select_row op completed
check "the selected repair's unit today" op "SN-R12 today:"
tui_keys op F8
tui_wait op "Clear the call you are typing?" 3 && tui_keys op y
check "F8 opens the call form with the customer" op "Customer no. $CUST (known)"
check "and T1's unit chosen" op "Product unit no. $U12 (known)"
check "the banner before saving" op "Repeat of $T1 (fixed by 王力 12 days ago)"
tui_type op "还是不制冷"
tui_keys op C-s
check "registered" op "registered: class B contract"
check "what to tell the caller, after the save" op "Tell the caller (B"
check "the message line repeats it" op "tell the caller: No refund or exchange"
sql_check "the ticket is that customer's and unit's, a repeat of T1" "SELECT count(*)
    FROM tickets WHERE customer_id = $CUST AND unit_id = $U12 AND repeat_of = '$T1'
    AND fault = '还是不制冷'" 1

# a new unit typed, bought 5 days ago: its refund days before saving
tui_type op 13900000009
check "an unknown phone" op "No customer has the phone 13900000009" 15
tui_keys op Tab
tui_type op 赵六
tui_keys op Tab Tab Tab
tui_type op 人民路1号
tui_keys op Tab
tui_type op KFR-26GW
tui_keys op Tab
tui_type op SN-NEW5
tui_keys op Tab
tui_type op "$D5"
check "a new unit bought 5 days ago: the refund days, before saving" op \
    "This unit: Refund: 2 days left, exchange: 10 days left"
tui_keys op F8
tui_wait op "Clear the call you are typing?" 3 && tui_keys op y
tui_wait_gone op "This unit:" 5 && tui_ok "en: F8 clears the banner" ||
    tui_not_ok "en: F8 clears the banner" op

# --- Chinese: the file (the banner was checked above)
if ((HAS_ZH)); then
    LANG_TAG=zh
    tui_keys zh F8
    tui_wait zh "清空正在输入的来电" 3 && tui_keys zh y
    tui_type zh "$PHONE"
    tui_keys zh Enter Enter BTab Down Enter
    # the English call is the unit's latest repair now, not completed yet
    T2=$(tui_sql_value "SELECT no FROM tickets WHERE repeat_of = '$T1'")
    check "the repeat of a call not completed yet" zh "重复维修 $T2（新建，今天登记）"
    tui_keys zh C-o
    check "Ctrl-O opens the file" zh "顾客档案：郑海（$CUST 号）"
    check "the unit under contract" zh "保养合同内"
    check "the complaint" zh "修了又坏（工单 $T1）"
    tui_keys zh e
    check "the edit form" zh "编辑顾客 $CUST 号（版本 3）"
    tui_keys zh Tab Tab Tab C-a C-k
    tui_type zh "解放路9号"
    tui_sql "UPDATE customers SET address = '中山路2号', version = version + 1 WHERE id = $CUST"
    tui_keys zh C-s
    check "a conflict in words" zh "郑海：刚被别人改过；已重新读取，请再输入一次您的修改"
    check "the file read again" zh "地址  中山路2号"
    tui_keys zh e
    tui_keys zh Tab Tab Tab C-a C-k
    tui_type zh "解放路9号"
    tui_keys zh C-s
    check "saved" zh "顾客 郑海已保存"
    sql_check "the database holds it" "SELECT address FROM customers WHERE id = $CUST" "解放路9号"
    select_row zh 已完成
    tui_keys zh F8
    tui_wait zh "清空正在输入的来电" 3 && tui_keys zh y
    check "F8: the call form with the unit chosen" zh "产品 $U12 号（已有）"
    check "and the banner" zh "重复维修 $T2（新建，今天登记）"
    check "with the open ticket" zh "该产品有1张未结工单：$T2"
else
    tui_skip "zh: the customer file in Chinese" "zh_CN.UTF-8 is not installed"
fi

tui_done
