#!/usr/bin/env bash
# tests/tui/complaint_reply.sh: the operator records the customer's reply
# to an approved proposal from the board's To reply queue, at 80x24, in
# English and in Chinese.
#   - the operator's fourth queue, To reply, holds the approved complaints
#     (not the proposed one); Enter is "Reply" on the key bar
#   - Enter opens the reply dialog, which reads the complaint and shows the
#     customer's words and demand and the approved proposal, wrapped to the
#     width, to tell the customer
#   - accepted (y): follow-up, back on the board, one left in the queue;
#     the database has the reply by the operator
#   - rejected (n): this round closed as rejected, the next round opened
#     and named on the message line; the queue empty; the database links
#     the rounds
#   - in Chinese: the queue's name, the dialog, an accepted reply
. "$(dirname "$0")/lib.sh"

TUI_COLS=80 TUI_LINES=24
tui_setup

# approved NAME PHONE KEY PROPOSAL: a complaint brought to approved through
# the daemon (one stage, quality's finding and proposal, the manager's
# approval); prints its number.
approved() {
    local no
    no=$(tui_complaint "$1" "$2" "$3" 冰箱不制冷 退换) || return 1
    tui_rpc quality complaint.classify '{"no":"'"$no"'","severity":"minor","category":"other",
        "major":false}' >/dev/null &&
    tui_rpc quality complaint.advance '{"no":"'"$no"'","finding":"属实","proposal":"'"$4"'"}' \
        >/dev/null || return 1
    if [[ -n ${5:-} ]]; then echo "$no"; return 0; fi   # left proposed
    tui_rpc manager complaint.approve '{"no":"'"$no"'"}' >/dev/null || return 1
    echo "$no"
}

long="Replace the refrigerator with a new one of the same model within three working days, carry the old one away free of charge and refund the second visit fee LAST-WORDS"
C1=$(approved 卫一 13700000051 y1 "$long") || tui_bail "cannot make an approved complaint"
C2=$(approved 蒋二 13700000052 y2 "上门道歉并赔偿一百元") || tui_bail "cannot make an approved complaint"
C0=$(approved 沈零 13700000050 y0 "尚未批准" proposed) || tui_bail "cannot make a proposed complaint"

tui_client op
tui_login op operator demo1234 && tui_wait op "Caller phone" 20 ||
    { tui_not_ok "the operator's first screen is the call form" op; tui_done; }
tui_f6_to_board op
tui_keys op 4
if tui_wait op "To reply: 2 complaints" 10 && tui_wait_row op "$C1" "approved" 5 &&
    tui_wait_row op "$C2" "approved" 2 && ! tui_screen op | grep -qF "$C0"; then
    tui_ok "4: To reply holds the approved complaints, not the proposed one"
else
    tui_not_ok "4: To reply holds the approved complaints, not the proposed one" op
fi
tui_check "Enter records the reply here: on the key bar" op "Enter Reply" 5

# ---- accepted
tui_keys op Enter
tui_check "Enter opens the reply dialog" op "The customer's reply to complaint $C1" 10
if tui_wait op "Customer's words: 冰箱不制冷" 10 && tui_wait op "Demand: 退换" 2 &&
    tui_wait op "Approved proposal: Replace the refrigerator" 2 && tui_wait op "LAST-WORDS" 2; then
    tui_ok "it shows the words, the demand and the whole approved proposal, wrapped"
else
    tui_not_ok "it shows the words, the demand and the whole approved proposal, wrapped" op
fi
tui_check "the customer's words are counted against the limit" op "0/1000" 2
tui_type op "同意更换"
tui_check "as they are typed" op "4/1000" 5
tui_keys op Tab y
tui_check "y: accepted" op "yes: follow-up" 5
tui_keys op C-s
tui_check "sent: the complaint is in follow-up" op "Complaint $C1: follow-up" 10
tui_check "back on the board, one left to reply to" op "To reply: 1 complaint" 10
row=$(tui_sql_value "SELECT c.state || '|' || e.actor || '|' || (e.details->>'text') || '|' ||
    (e.details->>'accepted') FROM complaints c
    JOIN complaint_events e ON e.complaint_no = c.no AND e.kind = 'reply' WHERE c.no = '$C1'")
[[ $row == "follow_up|operator|同意更换|true" ]] &&
    tui_ok "the database has the accepted reply, by the operator" ||
    tui_not_ok "the database has the accepted reply, by the operator (got: $row)"

# ---- rejected
tui_wait_row op "$C2" "approved" 5
tui_keys op Enter
tui_check "the second one's dialog" op "The customer's reply to complaint $C2" 10
tui_wait op "Approved proposal: 上门道歉并赔偿一百元" 10
tui_type op "不接受，要求退货"
tui_keys op Tab n
tui_check "n: rejected" op "no: this round closes, the next one opens" 5
tui_keys op C-s
if tui_wait op "Complaint $C2 closed as rejected: round 2 opened as" 10; then
    tui_ok "sent: the round is closed, the next one named"
else
    tui_not_ok "sent: the round is closed, the next one named" op
fi
tui_check "the queue is empty" op "To reply: 0 complaints" 10
row=$(tui_sql_value "SELECT c.state || '|' || c.close_reason || '|' || n.state || '|' || n.round
    FROM complaints c JOIN complaints n ON n.previous_no = c.no WHERE c.no = '$C2'")
[[ $row == "closed|rejected|received|2" ]] &&
    tui_ok "the database: round 1 closed as rejected, round 2 received and linked" ||
    tui_not_ok "the database: round 1 closed as rejected, round 2 received and linked (got: $row)"

# ---- in Chinese
if ! tui_has_locale zh_CN.UTF-8; then
    tui_skip "zh_CN: the reply" "no zh_CN.UTF-8 locale"
    tui_done
fi
C3=$(approved 韩三 13700000053 y3 "免费更换压缩机并延长保修一年") || tui_bail "cannot make an approved complaint"
tui_client zh LANG=zh_CN.UTF-8
tui_login zh operator demo1234 "密码" && tui_wait zh "来电号码" 20 ||
    { tui_not_ok "zh_CN: the call form" zh; tui_done; }
for _ in 1 2 3 4 5; do
    tui_wait zh "投诉看板" 1 && tui_line zh 2 | grep -q "投诉看板" && break
    tui_keys zh F6
done
tui_keys zh 4
tui_check "zh_CN: the queue's name" zh "待答复" 10
tui_wait_row zh "$C3" "" 10
tui_keys zh Enter
if tui_wait zh "已批准的处理方案：免费更换压缩机并延长保修一年" 10 && tui_wait zh "客户原话：冰箱不制冷" 2; then
    tui_ok "zh_CN: the dialog shows the words and the approved proposal"
else
    tui_not_ok "zh_CN: the dialog shows the words and the approved proposal" zh
fi
tui_type zh "客户满意"
tui_keys zh Tab y
tui_keys zh C-s
tui_wait_sql "SELECT state FROM complaints WHERE no = '$C3'" follow_up 10 &&
    tui_ok "zh_CN: accepted in the database" || tui_not_ok "zh_CN: accepted in the database" zh

tui_done
