#!/usr/bin/env bash
# tests/tui/details_80x24.sh: the two detail screens at 80x24, in English
# and in Simplified Chinese: the status line keeps its clock whole, the
# title is on line 2, the key bar on the last line, nothing wraps (each
# screen line fits the 80 columns and the history's header and its latest
# events are in sight); the complaint's long words are cut with ">" and
# read in full in the pager (v), the complaint's events in words with no
# brace, Enter on an event opens it.
. "$(dirname "$0")/lib.sh"

TUI_COLS=80
TUI_LINES=24
tui_setup

BOUGHT=$(date -d '-2 months' +%F)
T1=$(tui_rpc operator call.register '{"request_key":"d80-1","channel":"phone","type":"B",
    "customer":{"name":"钱八","phones":["13600000081"],"region":"urban","address":"解放路88号3单元"},
    "unit":{"model":"KFR-35","serial":"SN-80-1","purchase_date":"'"$BOUGHT"'"},
    "fault":"空调外机漏水，室内机有异响"}' |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["no"])') || tui_bail "cannot register"
tui_rpc dispatcher ticket.dispatch '{"no":"'"$T1"'","technician":"technician","note":"带梯子"}' \
    >/dev/null || tui_bail "cannot dispatch"
WORDS="安装师傅迟到两个小时"$(printf '而且态度很差%.0s' $(seq 12))"客户要求书面道歉"
C1=$(tui_complaint 钱八 13600000081 c1 "$WORDS" 书面道歉并赔偿) || tui_bail "cannot register a complaint"
tui_rpc quality complaint.classify '{"no":"'"$C1"'","severity":"minor","category":"service",
    "major":false}' >/dev/null || tui_bail "cannot classify"
tui_rpc quality complaint.advance '{"no":"'"$C1"'","finding":"迟到属实","proposal":"书面道歉，赠送一次保养"}' \
    >/dev/null || tui_bail "cannot advance"

# fits SESSION WHAT: the clock whole, the title on line 2, the key bar on 24,
# every line within 80 columns.
fits() {
    local s=$1 what=$2 wide
    if tui_line "$s" 1 | grep -qE '[0-9]{2}:[0-9]{2}:[0-9]{2} *$'; then
        tui_ok "$what: the clock is whole"
    else
        tui_not_ok "$what: the clock is whole" "$s"
    fi
    tui_line "$s" 24 | grep -qE '^F1 ' && tui_line "$s" 24 | grep -qE 'F10 ' &&
        tui_ok "$what: the key bar on the last line" ||
        tui_not_ok "$what: the key bar on the last line" "$s"
    wide=$(tui_screen "$s" | python3 -c '
import sys, unicodedata
w = lambda l: sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in l.rstrip())
print(max(w(l) for l in sys.stdin.read().splitlines()))')
    ((wide <= 80)) && tui_ok "$what: no line wider than 80 columns" ||
        tui_not_ok "$what: no line wider than 80 columns ($wide)" "$s"
}

# details LANG-ENV ROLE-MARK PASSWORD-MARK TITLE-T TITLE-C EVENT-T EVENT-C
details() {
    local s=$1 env=$2 role=$3 pw=$4
    tui_client "$s" "$env"
    if ! tui_login "$s" admin demo1234 "$pw" || ! tui_wait "$s" "$role" 20; then
        tui_not_ok "$s: log in as admin" "$s"
        return
    fi
    tui_wait_row "$s" "$T1" "." 15 || { tui_not_ok "$s: $T1 in the queue" "$s"; return; }
    tui_keys "$s" Enter
    tui_check "$s: the ticket detail" "$s" "$T1" 10
    tui_wait "$s" "$5" 10
    tui_line "$s" 2 | grep -qF "$T1" && tui_ok "$s: the ticket's title on line 2" ||
        tui_not_ok "$s: the ticket's title on line 2" "$s"
    tui_check "$s: the latest event in sight" "$s" "$7" 5
    fits "$s" "$s ticket detail"
    tui_keys "$s" Escape
}

details en LANG=C.UTF-8 "All tickets" "Password:" "Ticket $T1: dispatched" x \
    "to technician; note: 带梯子"
if tui_has_locale zh_CN.UTF-8; then
    details zh LANG=zh_CN.UTF-8 "角色：" "密码：" "工单 $T1" x "dispatcher 已派工"
else
    tui_skip "zh_CN: the ticket detail at 80x24" "no zh_CN.UTF-8 locale (run scripts/deps)"
fi

# ---- the complaint detail: quality, from the board
complaint() {   # complaint SESSION LANG-ENV ROLE-MARK PASSWORD-MARK
    local s=$1
    tui_client "$s" "$2"
    if ! tui_login "$s" quality demo1234 "$4" || ! tui_wait "$s" "$3" 20; then
        tui_not_ok "$s: log in as quality" "$s"
        return 1
    fi
    tui_keys "$s" 2
    tui_wait_row "$s" "$C1" "." 15 || { tui_not_ok "$s: $C1 on the board" "$s"; return 1; }
    tui_keys "$s" Enter
    tui_check "$s: the complaint detail" "$s" "$C1" 10
    sleep 0.5
    tui_line "$s" 2 | grep -qF "$C1" && tui_ok "$s: the complaint's title on line 2" ||
        tui_not_ok "$s: the complaint's title on line 2" "$s"
    fits "$s" "$s complaint detail"
}

if complaint qe LANG=C.UTF-8 "Complaint board" "Password:"; then
    tui_check "the proposal is on the detail" qe "Proposal: 书面道歉，赠送一次保养" 5
    tui_check "the route's stage with its finding" qe "迟到属实" 5
    tui_row qe "Customer's words:" | grep -qE '>$' && tui_ok "the long words are cut with >" ||
        tui_not_ok "the long words are cut with >" qe
    tui_screen qe | grep -qF "客户要求书面道歉" && tui_not_ok "their end is not on the detail" qe ||
        tui_ok "their end is not on the detail"
    tui_check "the events in words" qe "stage 1 Service line: 迟到属实" 5
    tui_screen qe | grep -q '[{}]' && tui_not_ok "no brace on the complaint detail" qe ||
        tui_ok "no brace on the complaint detail"
    tui_keys qe v
    tui_check "v: the whole complaint in the pager" qe "Customer's words:" 10
    tui_check "the words in the pager" qe "安装师傅迟到两个小时" 5
    tui_check "the words wrap to their end" qe "客户要求书面道歉" 5
    tui_keys qe Escape
    tui_wait_gone qe "客户要求书面道歉" 5 && tui_ok "Esc closes the pager" ||
        tui_not_ok "Esc closes the pager" qe
    tui_keys qe Enter
    tui_check "Enter: the latest event in the pager" qe "Complaint $C1: finding" 10
    tui_check "its proposal in full" qe "书面道歉，赠送一次保养" 5
    tui_keys qe Escape
    tui_wait_gone qe "Complaint $C1: finding" 5
fi
if tui_has_locale zh_CN.UTF-8; then
    if complaint qz LANG=zh_CN.UTF-8 "角色：" "密码："; then
        tui_check "zh_CN: the events in words" qz "第 1 环节" 5
        tui_screen qz | grep -q '[{}]' && tui_not_ok "zh_CN: no brace on the complaint detail" qz ||
            tui_ok "zh_CN: no brace on the complaint detail"
    fi
else
    tui_skip "zh_CN: the complaint detail at 80x24" "no zh_CN.UTF-8 locale (run scripts/deps)"
fi

tui_done
