#!/usr/bin/env bash
# tests/tui/complaint_to_approve.sh: a manager's approvals, at 80x24, in
# English and in Chinese.
#   - the board's last queue, "To approve" (Shift-Tab from the first), holds
#     the proposed complaint, not the routed or received ones
#   - Enter opens the approval dialog, which reads the complaint and shows
#     every stage of its route (a product complaint: six), each with who
#     finished it and its finding, the proposals, wrapped to the width: a
#     finding wider than the screen goes on over the next lines, under its
#     first, its last word there too
#   - longer than the screen: the lines shown and their number; PgDn shows
#     the later stages down to the last one's proposal, PgUp the first again
#   - the note typed, Ctrl-S: approved, back on the board, the queue empty;
#     the database has it approved with the note, by the manager
. "$(dirname "$0")/lib.sh"

TUI_COLS=80 TUI_LINES=24
tui_setup

# too_wide SESSION: a line of the screen is wider than 80 columns.
too_wide() {
    tui_screen "$1" | python3 -c '
import sys, unicodedata
w = lambda s: sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
sys.exit(0 if any(w(l) > 80 for l in sys.stdin.read().splitlines()) else 1)'
}

# proposed NAME PHONE KEY LAST-FINDING: a product complaint (six stages)
# whose stages quality finishes one by one, the last with the proposal;
# prints its number.
proposed() {
    local no i
    no=$(tui_complaint "$1" "$2" "$3" 冰箱压缩机异响) || return 1
    tui_rpc quality complaint.classify '{"no":"'"$no"'","severity":"serious",
        "category":"product","major":false}' >/dev/null || return 1
    for i in 1 2 3 4 5; do
        tui_rpc quality complaint.advance '{"no":"'"$no"'","finding":"'"FINDING-$i checked"'"}' \
            >/dev/null || return 1
    done
    tui_rpc quality complaint.advance '{"no":"'"$no"'","finding":"'"$4"'",
        "proposal":"PROPOSAL-6 replace the compressor free of charge"}' >/dev/null || return 1
    echo "$no"
}

long="the compressor mounting bolts were left loose at the first repair so the unit rattles at night and the customer could not sleep END-OF-FINDING"
C1=$(proposed 冯一 13500000041 a1 "$long") || tui_bail "cannot make a proposed complaint"
C2=$(tui_complaint 陈二 13500000042 a2 服务态度差) || tui_bail "cannot register a complaint"

tui_client m1
if ! tui_login m1 manager demo1234 || ! tui_wait m1 "Logged in as manager" 20; then
    tui_not_ok "log in as manager" m1
    tui_done
fi
tui_wait m1 "Received: 1 complaint" 15
tui_keys m1 BTab
if tui_wait m1 "To approve: 1 complaint" 10 && tui_wait_row m1 "$C1" "proposed" 5 &&
    ! tui_screen m1 | grep -qF "$C2"; then
    tui_ok "Shift-Tab: the last queue, To approve, holds the proposed complaint only"
else
    tui_not_ok "Shift-Tab: the last queue, To approve, holds the proposed complaint only" m1
fi
tui_check "Enter approves here: on the key bar" m1 "Enter Approve" 5
tui_keys m1 Enter
tui_check "Enter opens the approval dialog" m1 "Approve the proposal of complaint $C1" 10
if tui_wait m1 "Stage 1 of 6, GM's office: by quality" 10 && tui_wait m1 "Finding: FINDING-1 checked" 2 &&
    tui_wait m1 "Stage 2 of 6, Quality: by quality" 2; then
    tui_ok "the stages read from the daemon, each with who and its finding"
else
    tui_not_ok "the stages read from the daemon, each with who and its finding" m1
fi
if tui_wait m1 "lines 1-" 2 && tui_screen m1 | grep -qE "lines 1-[0-9]+ of [0-9]+"; then
    tui_ok "longer than the screen: the lines shown and their number"
else
    tui_not_ok "longer than the screen: the lines shown and their number" m1
fi
tui_keys m1 PageDown
if tui_wait m1 "Stage 6 of 6, GM's office: by quality" 5 && tui_wait m1 "END-OF-FINDING" 2 &&
    tui_wait m1 "Proposal: PROPOSAL-6 replace the compressor free of charge" 2; then
    tui_ok "PgDn: the last stage, its finding and the proposal to approve"
else
    tui_not_ok "PgDn: the last stage, its finding and the proposal to approve" m1
fi
# The long finding is wrapped: its start and its end on different lines.
first=$(tui_screen m1 | grep -nF "Finding: the compressor mounting" | cut -d: -f1)
last=$(tui_screen m1 | grep -nF "END-OF-FINDING" | cut -d: -f1)
if [[ -n $first && -n $last ]] && ((last > first)) && ! too_wide m1 &&
    tui_row m1 "END-OF-FINDING" | grep -qE "^   [^ ]"; then
    tui_ok "a finding wider than the screen is wrapped to the width"
else
    tui_not_ok "a finding wider than the screen is wrapped to the width ($first, $last)" m1
fi
tui_keys m1 PageUp
tui_check "PgUp: the first stage again" m1 "Stage 1 of 6, GM's office" 5
tui_type m1 "同意免费更换"
tui_keys m1 C-s
tui_check "the approval is sent: back on the board" m1 "Complaint $C1: approved" 10
tui_check "the queue is empty now" m1 "To approve: 0 complaints" 10
row=$(tui_sql_value "SELECT c.state || '|' || e.actor || '|' || (e.details->>'note')
    FROM complaints c JOIN complaint_events e ON e.complaint_no = c.no AND e.kind = 'approve'
    WHERE c.no = '$C1'")
[[ $row == "approved|manager|同意免费更换" ]] && tui_ok "the database has it approved, with the note" ||
    tui_not_ok "the database has it approved, with the note (got: $row)"

# ---- in Chinese
if ! tui_has_locale zh_CN.UTF-8; then
    tui_skip "zh_CN: the approval" "no zh_CN.UTF-8 locale"
    tui_done
fi
C3=$(proposed 褚三 13500000043 a3 "压缩机固定螺栓在第一次维修时没有拧紧，导致机器夜间异响，客户无法入睡，末尾字样") ||
    tui_bail "cannot make a proposed complaint"
tui_client zh LANG=zh_CN.UTF-8
tui_login zh manager demo1234 "密码" && tui_wait zh "投诉看板" 20 ||
    { tui_not_ok "zh_CN: the complaint board" zh; tui_done; }
tui_keys zh BTab
tui_wait_row zh "$C3" "" 10
tui_check "zh_CN: the queue's name" zh "待审批" 5
tui_keys zh Enter
if tui_wait zh "第 1 环节（共 6 个），总经理办公室" 10 && tui_wait zh "结论：FINDING-1 checked" 2; then
    tui_ok "zh_CN: the stages and their findings"
else
    tui_not_ok "zh_CN: the stages and their findings" zh
fi
tui_keys zh PageDown
if tui_wait zh "末尾字样" 5 && tui_wait zh "方案：PROPOSAL-6" 2 && ! too_wide zh; then
    tui_ok "zh_CN: PgDn, the last finding wrapped to the width and the proposal"
else
    tui_not_ok "zh_CN: PgDn, the last finding wrapped to the width and the proposal" zh
fi
tui_keys zh C-s
tui_wait_sql "SELECT state FROM complaints WHERE no = '$C3'" approved 10 &&
    tui_ok "zh_CN: approved in the database" || tui_not_ok "zh_CN: approved in the database" zh

tui_done
