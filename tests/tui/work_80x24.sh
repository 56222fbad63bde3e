#!/usr/bin/env bash
# tests/tui/work_80x24.sh: the work screens at 80x24, in English and in
# Chinese: the repair card, the completion (class A, with its charges), the
# take-back prompt, the inspection queue, the in/out ledger, the return-visit
# queue and the survey. On each: the server's clock ends the status line
# (line 1), the screen's title is on line 2, the key bar is the last line
# (F1 first, F10 last); and what must not be cut is whole: the card's parts
# total, the completion's total, the ledger's time in the shop (its never
# hidden column), the survey's four answers.
TUI_COLS=80 TUI_LINES=24
. "$(dirname "$0")/lib.sh"

tui_setup

BOUGHT=$(date -d '-3 years' +%F)   # class A: the completion shows the charges
register() {
    tui_rpc operator call.register '{"request_key":"w80-'"$2"'","channel":"phone",
        "type":"B","customer":{"address":"人民路1号","name":"'"$1"'","phones":["1350000000'"${2: -1}"'"],
        "region":"urban","address":"北京市海淀区中关村大街1号"},
        "unit":{"model":"KFR-26GW","serial":"'"$2"'","purchase_date":"'"$BOUGHT"'"},
        "fault":"洗衣机脱水时剧烈震动并且漏水，需要尽快上门检查维修"}' |
        python3 -c 'import json,sys; print(json.load(sys.stdin)["no"])'
}
on_site() {
    tui_rpc dispatcher ticket.dispatch '{"no":"'"$1"'","technician":"technician"}' >/dev/null &&
        tui_rpc technician ticket.arrive '{"no":"'"$1"'"}' >/dev/null
}
card='"diagnosis":"排水泵堵","cause":"异物","actions":"清理","parts":[],"labour_minutes":20'
tui_sql "INSERT INTO service_points (id, name) VALUES (905, '网点');
    UPDATE users SET service_point_id = 905 WHERE login = 'technician'" >/dev/null ||
    tui_bail "cannot set up"
T1=$(register 北京海淀李明家电维修服务部 SN-W80-1) && T2=$(register 王五 SN-W80-2) &&
    T3=$(register 赵六 SN-W80-3) || tui_bail "cannot register"
on_site "$T1" && tui_rpc technician ticket.repair '{"no":"'"$T1"'",'"$card"'}' >/dev/null &&
    on_site "$T2" && tui_rpc technician ticket.take_back '{"no":"'"$T2"'"}' >/dev/null &&
    tui_rpc technician ticket.repair '{"no":"'"$T2"'",'"$card"'}' >/dev/null &&
    on_site "$T3" && tui_rpc technician ticket.repair '{"no":"'"$T3"'",'"$card"'}' >/dev/null &&
    tui_rpc technician ticket.complete '{"no":"'"$T3"'","signed_by":"赵六"}' >/dev/null ||
    tui_bail "cannot set the tickets up"

# check_frame WHAT SESSION TITLE: the clock, the title, the key bar.
check_frame() {
    local what=$1 s=$2 last
    if tui_line "$s" 1 | grep -qE '[0-9]{2}:[0-9]{2}:[0-9]{2} ?$'; then
        tui_ok "$what: the clock ends line 1"
    else
        tui_not_ok "$what: the clock ends line 1" "$s"
    fi
    tui_line "$s" 2 | grep -qF -- "$3" && tui_ok "$what: the title is on line 2" ||
        tui_not_ok "$what: the title is on line 2" "$s"
    last=$(tui_line "$s" 24)
    if [[ $last == F1\ * ]] && grep -qE 'F10 (Quit|退出)$' <<<"$last"; then
        tui_ok "$what: the key bar is the last line"
    else
        tui_not_ok "$what: the key bar is the last line" "$s"
    fi
}

# check_line WHAT SESSION TEXT: a line holds TEXT whole.
check_line() {
    tui_wait "$2" "$3" 5 && tui_ok "$1" || tui_not_ok "$1" "$2"
}

login() {
    tui_client "$1" "LANG=$2"
    if [[ $2 == zh* ]]; then tui_login "$1" "$3" demo1234 "密码"; else tui_login "$1" "$3" demo1234; fi &&
        tui_wait "$1" "$3 (" 20
}

for lang in C.UTF-8 zh_CN.UTF-8; do
    l=${lang:0:2} t=tech-${lang:0:2} d=disp-${lang:0:2} o=oper-${lang:0:2}
    if [[ $lang == zh* ]]; then
        card_t="维修卡：工单 $T1" total="配件合计 0.00 元" complete_t="工单 $T1 完工"
        charges="合计：" take="将工单 $T1 的机器带回维修车间？" inspect_t="验收：1 件" ledger_t="进出登记簿：1 件" in_for="在站时长"
        visit_t="回访：" survey_t="回访：工单 $T3" legend="4 不满意"
    else
        card_t="Repair card: ticket $T1" total="Parts total 0.00 yuan" complete_t="Complete ticket $T1"
        charges="Total: " take="Take the unit of $T1 back to the workshop?" inspect_t="Inspection: 1 repair"
        ledger_t="In/out ledger: 1 unit" in_for="In for" visit_t="Return visits: 1 ticket" survey_t="Return visit: ticket $T3"
        legend="4 unsatisfied"
    fi
    tui_has_locale "$lang" || tui_bail "the locale $lang is not installed"

    login "$t" "$lang" technician || { tui_not_ok "$l: log in as technician" "$t"; continue; }
    tui_wait "$t" "$T1" 15
    tui_keys "$t" / && tui_type "$t" "$T1" && tui_keys "$t" Enter
    tui_keys "$t" r
    tui_wait "$t" "$card_t" 10
    check_frame "$l repair card" "$t" "$card_t"
    check_line "$l repair card: the parts total is whole" "$t" "$total"
    tui_keys "$t" Escape c
    tui_wait "$t" "$complete_t" 10
    check_frame "$l completion" "$t" "$complete_t"
    check_line "$l completion: the total is shown" "$t" "$charges"
    tui_keys "$t" Escape t
    check_line "$l take-back: the question is whole" "$t" "$take"
    tui_keys "$t" Escape
    tmux_ kill-session -t "$t"

    login "$d" "$lang" dispatcher || { tui_not_ok "$l: log in as dispatcher" "$d"; continue; }
    tui_keys "$d" F6
    tui_wait "$d" "$T2" 15
    check_frame "$l inspection queue" "$d" "$inspect_t"
    tui_keys "$d" F6
    tui_wait "$d" "$ledger_t" 15
    tui_wait "$d" "$T2" 10
    check_frame "$l ledger" "$d" "$ledger_t"
    if tui_screen "$d" | grep -E "^ (Receipt|收据)" | grep -qF "$in_for" &&
        tui_row "$d" "$T2" | grep -qE "[0-9]+m"; then
        tui_ok "$l ledger: the time in the shop is not hidden"
    else
        tui_not_ok "$l ledger: the time in the shop is not hidden" "$d"
    fi
    tmux_ kill-session -t "$d"

    login "$o" "$lang" operator || { tui_not_ok "$l: log in as operator" "$o"; continue; }
    tui_keys "$o" F6
    tui_wait "$o" "$T3" 15
    check_frame "$l visit queue" "$o" "$visit_t"
    tui_keys "$o" Enter
    tui_wait "$o" "$survey_t" 10
    tui_keys "$o" 4 4 4 4
    check_frame "$l survey" "$o" "$survey_t"
    check_line "$l survey: the answers' legend is whole" "$o" "$legend"
    if [[ $(tui_screen "$o" | grep -cF "[4 ") == 4 ]]; then
        tui_ok "$l survey: each question's answer is whole"
    else
        tui_not_ok "$l survey: each question's answer is whole" "$o"
    fi
    tmux_ kill-session -t "$o"
done

tui_done
