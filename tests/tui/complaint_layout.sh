#!/usr/bin/env bash
# tests/tui/complaint_layout.sh: the quality department's screens at 80x24,
# in English and in Simplified Chinese.
#   - the board: the title and the seven queue tabs on one line (the count
#     and department line under it is whole: nothing wrapped), the countdown
#     column there with a running countdown on the row
#   - the dialogs: classify shows all six categories and the major line
#     whole; the shares' items side by side; the finding names its stage
#   - the statistics: the Pareto bar's count and cumulative percent whole
. "$(dirname "$0")/lib.sh"

TUI_COLS=80 TUI_LINES=24
tui_setup

C1=$(tui_complaint 卫一 13300000051 l1 热水器安装后漏电，客户非常担心安全问题，要求上门检查并赔偿) ||
    tui_bail "cannot register a complaint"
C2=$(tui_complaint 蒋二 13300000052 l2 冰箱不制冷) || tui_bail "cannot register a complaint"
tui_rpc quality complaint.classify '{"no":"'"$C1"'","severity":"serious","category":"service",
    "major":false}' >/dev/null || tui_bail "cannot classify $C1"

# look SESSION LANG: the checks, with the words of that language (arrays below).
look() {
    local s=$1 l=$2
    tui_wait "$s" "${W[logged]}" 20 || { tui_not_ok "$l: log in" "$s"; return; }
    tui_keys "$s" 2
    if tui_wait "$s" "${W[count]}" 10 && tui_line "$s" 2 | grep -qE "${W[tabs]}" &&
        tui_line "$s" 3 | grep -qE "^ ${W[count]}.* ${W[dept]} *$"; then
        tui_ok "$l: the board's title and queue tabs on one line"
    else
        tui_not_ok "$l: the board's title and queue tabs on one line" "$s"
    fi
    if tui_line "$s" 4 | grep -qE "${W[due]} *>? *$" &&
        tui_wait_row "$s" "$C1" " [0-9]+h[0-9]{2}m[0-9]{2}s *$" 5; then
        tui_ok "$l: the countdown column is there at 80 columns"
    else
        tui_not_ok "$l: the countdown column is there at 80 columns" "$s"
    fi
    tui_keys "$s" a
    if tui_wait "$s" "${W[stage]}" 10 && tui_wait "$s" "${W[finding]}" 2; then
        tui_ok "$l: the finding dialog names its stage"
    else
        tui_not_ok "$l: the finding dialog names its stage" "$s"
    fi
    tui_keys "$s" Escape
    tui_keys "$s" s
    if tui_wait_row "$s" "${W[who]}" "${W[pct]}" 10 && tui_wait_row "$s" "${W[penalty]}" "${W[amount]}" 2
    then tui_ok "$l: the shares' items side by side"
    else tui_not_ok "$l: the shares' items side by side" "$s"; fi
    tui_keys "$s" Escape
    tui_keys "$s" 1
    tui_wait_row "$s" "$C2" "." 10
    tui_keys "$s" c
    if tui_wait "$s" "${W[cat6]}" 10 && tui_wait "$s" "${W[major]}" 2; then
        tui_ok "$l: classify shows all six categories and the major line whole"
    else
        tui_not_ok "$l: classify shows all six categories and the major line whole" "$s"
    fi
    tui_keys "$s" Escape F6
    if tui_wait "$s" "${W[pareto]}" 10 && tui_wait_row "$s" "${W[service]}" " 1 +100\.0% *$" 10; then
        tui_ok "$l: the statistics' bars with their figures whole"
    else
        tui_not_ok "$l: the statistics' bars with their figures whole" "$s"
    fi
}

declare -A W=(
    [logged]="Logged in as quality" [count]="Open: 1 complaint"
    [tabs]="^ Complaint board +1 +2 Open +3 +4 +5 +6 +7 *$" [dept]="Department: all"
    [due]="Due" [stage]="Stage 1 of 1: Service line, due" [finding]="Finding*"
    [who]="Dept. < (none) >" [pct]="Who < all of it > +Percent" [penalty]="Penalty < no penalty >"
    [amount]="Amount \(yuan\)" [cat6]="6 contract"
    [major]="(key m: fire, injury, media, batch failure...)"
    [pareto]="Pareto by category" [service]="service"
)
tui_client en
tui_login en quality demo1234
look en English

if tui_has_locale zh_CN.UTF-8; then
    W=(
        [logged]="已以 quality 身份登录" [count]="在办：1 件投诉"
        [tabs]="^ 投诉看板 +1 +2 在办 +3 +4 +5 +6 +7 *$" [dept]="部门：全部"
        [due]="时限" [stage]="第 1 环节（共 1 个）：服务部，期限" [finding]="结论*"
        [who]="部门 < （无） >" [pct]="人 < 整个部门 > +比例" [penalty]="处罚 < 不处罚 >"
        [amount]="金额（元）" [cat6]="6 合同"
        [major]="（按 m：火灾、伤人、媒体、批量故障……）"
        [pareto]="按类别排列图" [service]="服务"
    )
    tui_client zh LANG=zh_CN.UTF-8
    tui_login zh quality demo1234 "密码："
    look zh Chinese
else
    tui_skip "Chinese at 80x24" "no zh_CN.UTF-8 locale (run scripts/deps)"
fi

tui_done
