#!/usr/bin/env bash
# tests/tui/resample.sh: head office's resample, the operators' second calls,
# at 80x24 (visit_resample_percent 100 here, so every visited ticket is drawn).
#   - operator2 reaches the Second calls screen by F6: the ticket whose first
#     visit the operator made is there, the one operator2 visited is not
#   - Enter opens the survey form as the second call: whom to call, the four
#     questions answered with one key each, the score; nothing of the first
#     visit's answers on it
#   - Ctrl-S records it: the banner says the answers disagree (an item at 4
#     against the first visit's 2), the database holds the second call by
#     operator2, disagreed, and the queue is empty
#   - the operator in Chinese: the screen's title and columns, operator2's
#     ticket in the queue, its second call's form
TUI_COLS=80
TUI_LINES=24
. "$(dirname "$0")/lib.sh"

tui_setup

# visited NO BY NAME: repaired on site, signed for, and its return visit (all
# 2, score 90) made by BY.
visited() {
    tui_rpc dispatcher ticket.dispatch '{"no":"'"$1"'","technician":"technician"}' >/dev/null &&
        tui_rpc technician ticket.arrive '{"no":"'"$1"'"}' >/dev/null &&
        tui_rpc technician ticket.complete '{"no":"'"$1"'","signed_by":"'"$3"'"}' >/dev/null &&
        tui_rpc "$2" visit.record '{"no":"'"$1"'","attitude":2,"skill":2,"punctuality":2,
            "promise":2,"score":90}' >/dev/null
}

tui_sql "UPDATE settings SET value = '100' WHERE key = 'visit_resample_percent';
INSERT INTO users (login, name, role, password_hash, department, region)
 SELECT 'operator2', '赵敏', 'operator', password_hash, department, region
 FROM users WHERE login = 'operator'" >/dev/null || tui_bail "cannot set up"
T1=$(tui_call 郑三 13800000041 SN-R-1 冰箱不制冷) || tui_bail "cannot register"
T2=$(tui_call 王四 13800000042 SN-R-2 冰箱结霜) || tui_bail "cannot register"
visited "$T1" operator 郑三 && visited "$T2" operator2 王四 || tui_bail "cannot visit"
[[ $(tui_sql_value "SELECT count(*) FROM resamples") == 2 ]] || tui_bail "not drawn"

tui_client op
if ! tui_login op operator2 demo1234 || ! tui_wait op "Role: Operator" 20; then
    tui_not_ok "log in as operator2" op
    tui_done
fi
if tui_f6_to op "Second calls"; then
    tui_ok "F6 reaches the second calls"
else
    tui_not_ok "F6 reaches the second calls" op
fi
tui_check "one ticket to call again" op "Second calls: 1 ticket drawn by head office" 10
tui_check "the operator's first visit is in the queue" op "$T1" 5
if tui_screen op | grep -qF "$T2"; then
    tui_not_ok "operator2's own first visit is not" op
else
    tui_ok "operator2's own first visit is not"
fi
tui_check "who made the first visit" op "$(tui_sql_value "SELECT name FROM users
    WHERE login = 'operator'")" 5
tui_frame_ok "the queue at 80x24" op

tui_keys op Enter
tui_check "Enter opens the second call" op "Second call (head office's resample): ticket $T1" 10
tui_check "whom to call" op "Call 郑三 at 13800000041" 10
if tui_screen op | grep -qE '\[[1-4] [a-z ]+\]'; then
    tui_not_ok "no answer given yet: the first visit's are not shown" op
else
    tui_ok "no answer given yet: the first visit's are not shown"
fi
tui_keys op 4 2 2 2
tui_type op "90"
tui_keys op C-s
tui_check "the banner: the answers disagree" op \
    "Ticket $T1: second call recorded, disagrees with the first visit" 15
row=$(tui_sql_value "SELECT called_by || '|' || attitude || skill || punctuality || promise
    || '|' || score || '|' || satisfied || '|' || disagreed FROM resamples
    WHERE ticket_no = '$T1'")
[[ $row == "operator2|4222|90|false|true" ]] && tui_ok "the second call in the database" ||
    tui_not_ok "the second call in the database (got: $row)"
tui_check "the queue is empty" op "Second calls: 0 tickets drawn by head office" 10

if tui_has_locale zh_CN.UTF-8; then
    tui_client zh LANG=zh_CN.UTF-8
    tui_login zh operator demo1234 "密码" || tui_not_ok "zh_CN: log in" zh
    tui_wait zh "话务员" 20
    if tui_f6_to zh "抽查回访"; then
        tui_ok "zh_CN: F6 reaches the second calls"
    else
        tui_not_ok "zh_CN: F6 reaches the second calls" zh
    fi
    tui_check "zh_CN: the title in Chinese" zh "抽查回访：总部抽中 1 张工单待再次回访" 10
    tui_check "zh_CN: the columns in Chinese" zh "首次回访" 5
    tui_check "zh_CN: operator2's visit is in the operator's queue" zh "$T2" 5
    tui_frame_ok "zh_CN: the queue at 80x24" zh
    tui_keys zh Enter
    tui_check "zh_CN: the second call's form in Chinese" zh "复查回访（总部抽查）：工单 $T2" 10
    tui_check "zh_CN: its hint in Chinese" zh "Ctrl-S 记录复查回访" 5
    tui_frame_ok "zh_CN: the form at 80x24" zh
else
    tui_skip "zh_CN: the second calls in Chinese" "no zh_CN.UTF-8 locale"
fi

tui_done
