#!/usr/bin/env bash
# tests/tui/lists_80x24.sh: the ticket lists at 80x24, in English and in
# Chinese: the dispatch board, the technician picker, a technician's own
# list and the queue. On each: the server's clock ends the status line
# (line 1), the screen's title is on line 2, the key bar is the last line
# (F1 first, F10 last), and no line runs over: the lists' header ends with
# the countdown column (never the one hidden) and each ticket's row ends
# with its countdown.
TUI_COLS=80 TUI_LINES=24
. "$(dirname "$0")/lib.sh"

tui_setup

BOUGHT=$(date -d '-2 months' +%F)
register() {
    tui_rpc operator call.register '{"request_key":"l80-'"$2"'","channel":"phone",
        "type":"B","customer":{"name":"'"$1"'","phones":["1360000000'"${2: -1}"'"],
        "region":"urban","address":"北京市海淀区中关村大街1号"},
        "unit":{"model":"KFR-26GW","serial":"'"$2"'","purchase_date":"'"$BOUGHT"'"},
        "fault":"洗衣机脱水时剧烈震动并且漏水，需要尽快上门检查维修"}' |
        python3 -c 'import json,sys; print(json.load(sys.stdin)["no"])'
}
T1=$(register 北京海淀李明家电维修服务部 SN-L-1) && T2=$(register 王五 SN-L-2) ||
    tui_bail "cannot register"
tui_rpc dispatcher ticket.dispatch '{"no":"'"$T2"'","technician":"technician"}' >/dev/null ||
    tui_bail "cannot dispatch"

countdown='[0-9]+h[0-9]{2}m[0-9]{2}s'

# check_frame LANG SCREEN SESSION TITLE HEADER-END: the checks above.
check_frame() {
    local what="$1 $2" s=$3 last
    # (how the user and role give way to it is ui/frame.c's)
    if tui_line "$s" 1 | grep -qE '[0-9]{2}:[0-9]{2}:[0-9]{2} ?$'; then
        tui_ok "$what: the clock ends line 1"
    else
        tui_not_ok "$what: the clock ends line 1" "$s"
    fi
    tui_line "$s" 2 | grep -qF -- "$4" && tui_ok "$what: the title is on line 2" ||
        tui_not_ok "$what: the title is on line 2" "$s"
    last=$(tui_line "$s" 24)
    if [[ $last == F1\ * ]] && grep -qE 'F10 (Quit|退出)$' <<<"$last"; then
        tui_ok "$what: the key bar is the last line"
    else
        tui_not_ok "$what: the key bar is the last line" "$s"
    fi
    if tui_screen "$s" | grep -E "^ (No\.|单号|User|用户名|Appointment|预约时间) " |
        grep -qE -- "$5( >)?$"; then
        tui_ok "$what: the header ends with its last column"
    else
        tui_not_ok "$what: the header ends with its last column" "$s"
    fi
}

# check_rows LANG SCREEN SESSION NO...: each ticket's row ends with its countdown.
check_rows() {
    local what="$1 $2" s=$3 no
    shift 3
    for no; do
        if tui_row "$s" "$no" | grep -qE -- "$countdown$"; then
            tui_ok "$what: $no's row ends with its countdown"
        else
            tui_not_ok "$what: $no's row ends with its countdown" "$s"
        fi
    done
}

# login SESSION LANG USER: true once the user's first screen is up.
login() {
    tui_client "$1" "LANG=$2"
    if [[ $2 == zh* ]]; then tui_login "$1" "$3" demo1234 "密码"; else tui_login "$1" "$3" demo1234; fi &&
        tui_wait "$1" "$3 (" 20
}

for lang in C.UTF-8 zh_CN.UTF-8; do
    b=board-${lang:0:2} t=mine-${lang:0:2} q=queue-${lang:0:2}
    if [[ $lang == zh* ]]; then
        board=派工看板 all=全部： due=时限 pick=派工：工单 open=在办 mine=我的工单 queue=全部工单
    else
        board="Dispatch board" all="All:" due=Due pick="Dispatch ticket" open=Open mine="My tickets" queue="All tickets"
    fi
    tui_has_locale "$lang" || tui_bail "the locale $lang is not installed"

    login "$b" "$lang" dispatcher || { tui_not_ok "$lang: log in as dispatcher" "$b"; continue; }
    tui_keys "$b" 4
    tui_wait "$b" "$all 2" 15
    tui_wait "$b" "$T2" 5
    check_frame "$lang" board "$b" "$board" "$due"
    check_rows "$lang" board "$b" "$T1" "$T2"
    tui_keys "$b" Home Enter
    tui_wait "$b" "$pick $T1" 10
    tui_wait "$b" "technician" 10
    check_frame "$lang" picker "$b" "$pick $T1" "$open"
    tmux_ kill-session -t "$b"

    login "$t" "$lang" technician || { tui_not_ok "$lang: log in as technician" "$t"; continue; }
    tui_wait "$t" "$T2" 15
    check_frame "$lang" "own list" "$t" "$mine" "$due"
    check_rows "$lang" "own list" "$t" "$T2"
    tmux_ kill-session -t "$t"

    login "$q" "$lang" admin || { tui_not_ok "$lang: log in as admin" "$q"; continue; }
    tui_wait "$q" "$T2" 15
    check_frame "$lang" queue "$q" "$queue" "$due"
    check_rows "$lang" queue "$q" "$T1" "$T2"
    tmux_ kill-session -t "$q"
done

tui_done
