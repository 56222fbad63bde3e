#!/usr/bin/env bash
# tests/tui/causes.sh: coded fault causes on screen, at 80x24, in English and
# in Chinese:
#   - the repair card offers the fault cause as a choice ("pick one" first);
#     saving without one names the field; Right picks from the catalogue by
#     name in the language shown (capacitor, then compressor: by code), and
#     the database holds the code beside the free-text cause; the ticket
#     then shows the cause by its name with the description after it
#   - quality's statistics: b twice is the Pareto by fault cause, the cause by
#     its name with its count and cumulative percent (one card, then two)
#   - the admin's Fault causes screen lists the catalogue; a adds a cause,
#     which the database then holds; a manager reads it without Add
TUI_COLS=80 TUI_LINES=24
. "$(dirname "$0")/lib.sh"

tui_setup

register() {
    tui_rpc operator call.register '{"request_key":"cause-'"$1"'","channel":"phone",
        "type":"B","customer":{"address":"人民路1号","name":"张三","phones":["1370000001'"${1: -1}"'"],
        "region":"urban"},"unit":{"model":"BCD-200","serial":"'"$1"'","purchase_date":"2025-06-01"},
        "fault":"冰箱不制冷"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["no"])'
}
on_site() {
    tui_rpc dispatcher ticket.dispatch '{"no":"'"$1"'","technician":"technician"}' >/dev/null &&
        tui_rpc technician ticket.arrive '{"no":"'"$1"'"}' >/dev/null
}
login() {
    tui_client "$1" "LANG=$2"
    if [[ $2 == zh* ]]; then tui_login "$1" "$3" demo1234 "密码"; else tui_login "$1" "$3" demo1234; fi &&
        tui_wait "$1" "$3 (" 20
}
# frame LABEL SESSION: the title on line 2 and the key bar (F1 ... F10) on line 24.
frame() {
    if tui_line "$2" 24 | grep -qE '^ ?F1 .*F10'; then tui_ok "$1: the key bar is whole"
    else tui_not_ok "$1: the key bar is whole" "$2"; fi
}

n=0
for lang in C.UTF-8 zh_CN.UTF-8; do
    l=${lang:0:2} t=tech-${lang:0:2} q=qual-${lang:0:2}
    [[ $l == C. ]] && l=en
    tui_has_locale "$lang" || tui_bail "the locale $lang is not installed"
    n=$((n + 1))
    T=$(register "SN-C-$n") && on_site "$T" || tui_bail "cannot bring a ticket on site"
    if [[ $lang == zh* ]]; then
        card_t="维修卡：工单 $T" pick="< 请选择（左右键或键入首字） >" need="故障原因：请从列表中选择故障原因"
        comp="< 压缩机故障 >" shown="原因：压缩机故障（压缩机卡缸）" stats_t="统计" pareto_t="按故障原因排列图（维修）" comp_row="压缩机故障"
    else
        card_t="Repair card: ticket $T" pick="< pick one (Left/Right or a letter) >"
        need="Fault cause: pick the fault cause from the list"
        comp="< Compressor failure >" shown="cause: Compressor failure (压缩机卡缸)"
        stats_t="Statistics"
        pareto_t="Pareto by fault cause (repairs)" comp_row="Compressor failure"
    fi

    # --- the repair card
    login "$t" "$lang" technician || { tui_not_ok "$l: log in as technician" "$t"; continue; }
    tui_wait "$t" "$T" 15
    tui_keys "$t" / && tui_type "$t" "$T" && tui_keys "$t" Enter
    tui_keys "$t" r
    tui_check "$l: the repair card" "$t" "$card_t" 10
    tui_check "$l: the fault cause starts unpicked" "$t" "$pick" 10
    frame "$l repair card" "$t"
    tui_type "$t" "不制冷"
    tui_keys "$t" Tab
    tui_type "$t" "压缩机卡缸"
    tui_keys "$t" Tab
    tui_type "$t" "更换压缩机"
    tui_keys "$t" Tab
    tui_type "$t" "60"
    tui_keys "$t" Tab C-s
    tui_check "$l: saving without a fault cause names it" "$t" "$need" 5
    [[ $(tui_sql_value "SELECT repair IS NULL FROM tickets WHERE no = '$T'") == t ]] &&
        tui_ok "$l: nothing was saved" || tui_not_ok "$l: nothing was saved"
    tui_keys "$t" Right Right
    tui_check "$l: Right picks from the catalogue by name" "$t" "$comp" 5
    tui_keys "$t" C-s
    if tui_wait_sql "SELECT (repair->>'cause_code') || '|' || (repair->>'cause') FROM tickets
        WHERE no = '$T'" "compressor|压缩机卡缸" 15; then
        tui_ok "$l: the database holds the code beside the description"
    else
        tui_not_ok "$l: the database holds the code beside the description" "$t"
    fi
    tui_keys "$t" Enter
    tui_check "$l: the ticket shows the cause by name, the description after it" "$t" "$shown" 10
    tmux_ kill-session -t "$t"

    # --- the Pareto by cause
    login "$q" "$lang" quality || { tui_not_ok "$l: log in as quality" "$q"; continue; }
    tui_f6_to "$q" "$stats_t" || tui_not_ok "$l: F6 to the statistics" "$q"
    tui_keys "$q" b
    sleep 0.5
    tui_keys "$q" b
    tui_check "$l: b twice: the Pareto by fault cause" "$q" "$pareto_t" 10
    if tui_wait_row "$q" "$comp_row" "$n +100.0%" 10; then
        tui_ok "$l: the cause by name, its count and cumulative percent"
    else
        tui_not_ok "$l: the cause by name, its count and cumulative percent" "$q"
    fi
    frame "$l statistics" "$q"
    tmux_ kill-session -t "$q"
done

# --- the catalogue: the admin adds, a manager reads
login adm C.UTF-8 admin || tui_bail "cannot log in as admin"
tui_f6_to adm "Fault causes" || tui_not_ok "F6 to the fault causes" adm
tui_check "the catalogue is listed" adm "20 fault causes" 10
tui_check "with both names" adm "压缩机故障" 5
frame "fault causes" adm
tui_keys adm a
tui_check "a: a new fault cause" adm "New fault cause" 5
tui_type adm "ice_block"
tui_keys adm Tab
tui_type adm "Ice blockage"
tui_keys adm Tab
tui_type adm "冰堵"
tui_keys adm C-s
tui_check "the cause is saved" adm "Fault cause ice_block is saved" 10
if tui_wait_sql "SELECT name || '|' || name_zh || '|' || active FROM causes WHERE code = 'ice_block'" \
    "Ice blockage|冰堵|true" 10; then
    tui_ok "the database holds the new cause"
else
    tui_not_ok "the database holds the new cause"
fi
tui_check "the list shows it" adm "21 fault causes" 10

login mgr zh_CN.UTF-8 manager || tui_bail "cannot log in as manager"
tui_f6_to mgr "故障原因目录" || tui_not_ok "zh: F6 to the fault causes" mgr
tui_check "zh: a manager reads the catalogue" mgr "21 个故障原因" 10
frame "zh fault causes" mgr
if tui_line mgr 24 | grep -qF "新建"; then
    tui_not_ok "zh: a manager is offered no Add" mgr
else
    tui_ok "zh: a manager is offered no Add"
fi

tui_done
