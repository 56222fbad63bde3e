#!/usr/bin/env bash
# tests/tui/forms_80x24.sh: the login, the call form and the complaint form
# at 80x24, in English and in Chinese: every line where it belongs (nothing
# wrapped onto the next), the status line's clock whole at its right end,
# the key bar ending with F10 and offering the save, the login's refusal
# said once, the phone typed on the complaint form shown whole. (How the
# status line's left part gives way to the clock is ui/frame.c's.)
. "$(dirname "$0")/lib.sh"

TUI_COLS=80
TUI_LINES=24
tui_setup

# line_has SESSION N TEXT: screen line N (1-based) holds TEXT.
line_has() { tui_line "$1" "$2" | grep -qF -- "$3"; }

# frame_ok SESSION QUIT: the clock ends line 1 whole, the key bar (line
# 24) ends with QUIT.
frame_ok() {
    tui_line "$1" 1 | grep -qE "[0-9]{2}:[0-9]{2}:[0-9]{2} *$" &&
        tui_line "$1" 24 | grep -qE "$2 *$"
}

# check_forms SESSION LANG-LABELS...: the three screens of one language.
check_forms() {
    local s=$1 lang=$2 pass=$3 quit=$4 title=$5 fault=$6 complaint=$7 words=$8 bar=$9
    tui_login "$s" operator wrong-password "$pass"
    sleep 1
    if tui_wait "$s" "[unauthenticated]" 10 && line_has "$s" 24 "$quit" &&
        [[ $(tui_screen "$s" | grep -c "unauthenticated") == 1 ]]; then
        tui_ok "$lang: the login with its refusal fits 80x24"
    else
        tui_not_ok "$lang: the login with its refusal fits 80x24" "$s"
    fi
    tui_login "$s" operator demo1234 "$pass"
    tui_wait "$s" "$title" 20
    sleep 1.2   # a clock tick
    if line_has "$s" 2 "$title" && line_has "$s" 21 "$fault" && line_has "$s" 24 "$bar" &&
        frame_ok "$s" "$quit"; then
        tui_ok "$lang: the call form lays out at 80x24, clock whole"
    else
        tui_not_ok "$lang: the call form lays out at 80x24, clock whole" "$s"
    fi
    tui_keys "$s" F7
    tui_wait "$s" "$complaint" 10
    tui_type "$s" 13900000001
    tui_keys "$s" Enter
    sleep 1
    if line_has "$s" 2 "$complaint" && line_has "$s" 12 "$words" &&
        line_has "$s" 4 "13900000001" &&
        frame_ok "$s" "$quit"; then
        tui_ok "$lang: the complaint form lays out at 80x24, clock whole"
    else
        tui_not_ok "$lang: the complaint form lays out at 80x24, clock whole" "$s"
    fi
}

tui_client en
tui_wait_connected en 15
check_forms en "en" "Password:" "F10 Quit" "New call" "Fault*" \
    "New complaint" "Customer's words*" "Ctrl-S Save"

tui_client zh LANG=zh_CN.UTF-8
tui_wait_connected zh 15
check_forms zh "zh_CN" "密码" "F10 退出" "新来电" "故障*" \
    "新投诉" "客户原话*" "Ctrl-S 保存"

tui_done
