#!/usr/bin/env bash
# tests/tui/notifications.sh: the outbox's screen (issue 14), at 80x24.
#   - the operator gives a customer an e-mail address on their edit form: a
#     wrong one is refused on its field, a right one saved in the database
#   - the operator reaches "Messages to customers" with F6: the message to
#     send is listed with its kind, what it is about and the customer's
#     number; 2 lists the sent one, 3 the failed one (and only those)
#   - Enter shows the whole message with its last refusal
#   - r on the failed one, confirmed: the database has it pending again with
#     its tries started over; h on it with a note: told by phone, by the
#     operator, with the note; h on a sent one is refused on the message line;
#     4 lists the ones told by phone
#   - the manager reaches the screen in Simplified Chinese, the admin in
#     English; each lays out at 80x24
TUI_COLS=80
TUI_LINES=24
. "$(dirname "$0")/lib.sh"

tui_setup

# login SESSION USER ROLE-LABEL [LANG] [PASSWORD-PROMPT]
login() {
    tui_client "$1" ${4:+LANG=$4}
    if ! tui_login "$1" "$2" demo1234 "${5:-Password:}" || ! tui_wait "$1" "$3" 20; then
        tui_not_ok "log in as $2" "$1"
        tui_done
    fi
}
sql_check() {
    if tui_wait_sql "$2" "$3" 10; then tui_ok "$1"; else
        tui_not_ok "$1 (got: $(tui_sql_value "$2"))"; fi
}

T=$(tui_call 赵六 13700000001 SN-NOTIFY-1 不制冷) || tui_bail "cannot register a call"
CUST=$(tui_sql_value "SELECT customer_id FROM tickets WHERE no = '$T'")
tui_sql "SELECT notification_queue('recall', $CUST, 'RC-PEND', '召回通知：请致电预约检修');
    SELECT notification_queue('recall', $CUST, 'RC-SENT', '已发送的通知');
    SELECT notification_queue('recall', $CUST, 'RC-FAIL', '发送失败的通知');
    UPDATE notifications SET state = 'sent', attempts = 1, sent_at = now()
        WHERE related = 'RC-SENT';
    UPDATE notifications SET state = 'failed', attempts = 5,
        last_error = 'sms: the command exited with 3' WHERE related = 'RC-FAIL'" >/dev/null ||
    tui_bail "cannot queue messages"

# ---- the customer's e-mail address on their edit form
login ce operator "Role: Operator"
tui_type ce 13700000001
tui_check "the caller is found" ce "1 customer with the phone 13700000001" 15
tui_keys ce Enter Enter C-o
tui_check "Ctrl-O opens the customer's file" ce "Customer file: 赵六" 10
tui_keys ce e
tui_check "e opens the edit form with its E-mail" ce "E-mail" 10
tui_frame_ok "the edit form lays out at 80x24" ce
tui_keys ce Tab Tab Tab Tab Tab Tab
tui_type ce "zhao@"
tui_keys ce C-s
tui_check "a wrong address is refused on its field" ce "E-mail: an address like name@example.com" 10
tui_keys ce C-a C-k
tui_type ce "zhao.liu@example.com"
tui_keys ce C-s
tui_check "the save is said" ce "The customer 赵六 is saved" 10
sql_check "the database holds the address" "SELECT email FROM customers WHERE id = $CUST" \
    "zhao.liu@example.com"
tui_sql "UPDATE customers SET email = NULL WHERE id = $CUST" >/dev/null

# ---- the operator
login op operator "Role: Operator"
if tui_f6_to op "Messages to customers"; then tui_ok "F6 reaches the operator's messages"
else tui_not_ok "F6 reaches the operator's messages" op; fi
if tui_wait_row op "RC-PEND" "recall.*13700000001.*召回通知" 10; then
    tui_ok "the message to send: kind, about, number, text"
else tui_not_ok "the message to send: kind, about, number, text" op; fi
tui_screen op | grep -qF "RC-SENT" && tui_not_ok "only the queue to send is listed" op ||
    tui_ok "only the queue to send is listed"
tui_frame_ok "the screen lays out at 80x24" op
tui_keys op 2
tui_check "2 lists the sent one" op "RC-SENT" 10
tui_keys op 3
tui_check "3 lists the failed one" op "RC-FAIL" 10
tui_screen op | grep -qF "RC-PEND" && tui_not_ok "the failed queue holds only it" op ||
    tui_ok "the failed queue holds only it"
tui_select op "RC-FAIL"
tui_keys op Enter
tui_check "Enter shows the whole message with its last refusal" op \
    "Last refusal: sms: the command exited with 3" 10
tui_keys op Escape
tui_wait_gone op "Last refusal" 5
tui_keys op r
tui_check "r asks first" op "Send the message about RC-FAIL again?" 10
tui_keys op y
sql_check "r: the database has it pending again, its tries started over" \
    "SELECT state || attempts FROM notifications WHERE related = 'RC-FAIL'" "pending0"
tui_check "and the message line says so" op "The message about RC-FAIL goes again" 10
tui_keys op 1
tui_wait_row op "RC-FAIL" "RC-FAIL" 10
tui_select op "RC-FAIL"
tui_keys op h
tui_check "h asks for a note" op "Told the customer about RC-FAIL by phone" 10
tui_type op "客户已知悉"
tui_keys op Enter
sql_check "h: told by phone, by the operator, with the note" \
    "SELECT state || '|' || handled_by || '|' || handled_note FROM notifications
     WHERE related = 'RC-FAIL'" "handled|operator|客户已知悉"
tui_keys op 2
tui_wait_row op "RC-SENT" "RC-SENT" 10
tui_select op "RC-SENT"
tui_keys op h
tui_check "h on a sent message is refused" op "Choose a message to send or a failed one first" 10
tui_keys op 4
tui_check "4: the messages told by phone instead" op "Told by phone" 10
tui_wait_row op "RC-FAIL" "RC-FAIL" 10 && tui_ok "the one told by phone is there" ||
    tui_not_ok "the one told by phone is there" op
tui_screen op | sed -n '3,22p' | grep -qF "RC-SENT" && tui_not_ok "and only it" op ||
    tui_ok "and only it"

# ---- the manager in Chinese, the admin
if tui_has_locale zh_CN.UTF-8; then
    login mg manager "投诉看板" zh_CN.UTF-8 "密码"
    if tui_f6_to mg "客户通知"; then tui_ok "the manager's F6 reaches 客户通知"
    else tui_not_ok "the manager's F6 reaches 客户通知" mg; fi
    if tui_wait_row mg "RC-PEND" "召回 +RC-PEND +137\\*+0001 +0 召回通知" 10; then
        tui_ok "in Chinese: the kind, the number masked for a manager, the message"
    else tui_not_ok "in Chinese: the kind, the number masked for a manager, the message" mg; fi
    tui_check "in Chinese: the columns" mg "发往" 5
    tui_check "in Chinese: the queues" mg "待发送" 5
    tui_frame_ok "the screen lays out at 80x24 in Chinese" mg
else
    tui_skip "the manager's screen in Chinese" "no zh_CN.UTF-8 locale"
fi
login ad admin "Role: Administrator"
if tui_f6_to ad "Messages to customers"; then tui_ok "the admin's F6 reaches the messages"
else tui_not_ok "the admin's F6 reaches the messages" ad; fi
tui_check "the admin sees the message to send" ad "RC-PEND" 10
tui_frame_ok "the admin's screen lays out at 80x24" ad

tui_done
