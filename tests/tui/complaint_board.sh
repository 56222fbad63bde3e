#!/usr/bin/env bash
# tests/tui/complaint_board.sh: the complaint board's list (widget/table).
#   - n before any search finds nothing again (and opens no complaint form)
#   - / searches as you type: the selection jumps to the customer typed,
#     Enter keeps it (Enter again opens that complaint); n and N go to the
#     next and previous hit; Esc in the search line puts the selection and
#     the last search back
#   - F filters the rows (the filter named on the count line), emptied it
#     shows them all again
#   - < sorts by the countdown (by time), I inverts, > back to the
#     daemon's deadline order
#   - the selection stays on its complaint when a push reloads the queue
#     and another complaint comes in before it
#   - F7 opens a new complaint (quality); for a manager it is refused in
#     words (the roles from op.list), and the key bar does not offer it
. "$(dirname "$0")/lib.sh"

tui_setup

C1=$(tui_complaint 赵一 13800000011 s1 空调噪音大) || tui_bail "cannot register a complaint"
C2=$(tui_complaint 钱二 13800000012 s2 空调不制冷) || tui_bail "cannot register a complaint"
C3=$(tui_complaint 孙三 13800000013 s3 洗衣机漏水) || tui_bail "cannot register a complaint"

tui_client q1
if ! tui_login q1 quality demo1234 || ! tui_wait q1 "Role: Quality" 20; then
    tui_not_ok "log in as quality" q1
    tui_done
fi
tui_check "the received queue lists the three" q1 "Received: 3 complaints" 15
tui_wait_row q1 "$C3" "received" 5

# open_selected NO: Enter opens the selected complaint's detail, which must be NO; Esc back.
open_selected() {
    tui_keys q1 Enter
    if tui_wait q1 "Complaint $2: received, round 1" 10; then tui_ok "$1"; else tui_not_ok "$1" q1; fi
    tui_keys q1 Escape
    tui_wait q1 "Received: 3 complaints" 10
}

tui_keys q1 Home n
tui_check "n before a search finds nothing again" q1 "Nothing to find again: / searches" 5
tui_screen q1 | grep -qF "New complaint" && tui_not_ok "n opens no complaint form" q1 ||
    tui_ok "n opens no complaint form"

tui_keys q1 /
tui_check "/ opens the search line" q1 "Search:" 5
tui_type q1 "孙三"
tui_keys q1 Enter
tui_wait_gone q1 "Search:" 5
open_selected "the search jumps to the customer typed" "$C3"

tui_keys q1 /
tui_type q1 "空调"
tui_keys q1 Enter
open_selected "a search goes on from the selection, round to the first hit" "$C1"
tui_keys q1 n
open_selected "n: the next hit" "$C2"
tui_keys q1 N
open_selected "N: the previous hit" "$C1"
tui_keys q1 /
tui_type q1 "洗衣机"
tui_keys q1 Escape
tui_wait_gone q1 "Search:" 5
open_selected "Esc in the search line puts the selection back" "$C1"
tui_keys q1 n
open_selected "and the last search: n still looks for 空调" "$C2"

tui_keys q1 F
tui_check "F opens the filter line" q1 "Filter:" 5
tui_type q1 "空调"
tui_keys q1 Enter
if tui_wait q1 "Filter: 空调 (F to change)" 5 && tui_wait_gone q1 "$C3" 5 &&
    tui_row q1 "$C1" | grep -q received && tui_row q1 "$C2" | grep -q received; then
    tui_ok "the filter shows only the rows with its text, and says so"
else
    tui_not_ok "the filter shows only the rows with its text, and says so" q1
fi
tui_keys q1 F C-a C-k Enter
if tui_wait_gone q1 "Filter: 空调" 5 && tui_wait q1 "$C3" 5; then
    tui_ok "an empty filter shows every row again"
else
    tui_not_ok "an empty filter shows every row again" q1
fi

# ---- the open queue: sorting, and the selection across a push
classify() {
    tui_rpc quality complaint.classify '{"no":"'"$1"'","severity":"minor","category":"service",
        "major":false}' >/dev/null || tui_bail "cannot classify $1"
}
classify "$C1"
classify "$C2"
tui_sql "UPDATE complaints SET stage_due = now() + interval '30 hours' WHERE no = '$C1';
    UPDATE complaints SET stage_due = now() + interval '10 hours' WHERE no = '$C2'" >/dev/null
tui_keys q1 2
tui_check "the open queue holds the two" q1 "Open: 2 complaints, by deadline" 10
order() { tui_screen q1 | grep -noE "^ ($C1|$C2|$C3) " | sed -E 's/^[0-9]+: ([0-9]+) $/\1/' | tr '\n' ' '; }
tui_wait_row q1 "$C1" "routed" 5
[[ $(order) == "$C2 $C1 " ]] && tui_ok "the daemon's order: the earlier deadline first" ||
    tui_not_ok "the daemon's order: the earlier deadline first (got: $(order))" q1
tui_keys q1 '<'
tui_check "< sorts by the countdown" q1 "Open: 2 complaints, by Due" 5
[[ $(order) == "$C2 $C1 " ]] && tui_ok "by the countdown: 10 hours before 30 hours" ||
    tui_not_ok "by the countdown: 10 hours before 30 hours (got: $(order))" q1
tui_keys q1 I
sleep 0.5
[[ $(order) == "$C1 $C2 " ]] && tui_ok "I inverts the order" ||
    tui_not_ok "I inverts the order (got: $(order))" q1
tui_keys q1 '>'
tui_check "> goes back to the daemon's order" q1 "Open: 2 complaints, by deadline" 5
[[ $(order) == "$C2 $C1 " ]] && tui_ok "the daemon's order again" ||
    tui_not_ok "the daemon's order again (got: $(order))" q1

# C1 selected (second row); C3 comes in first (due sooner): the selection stays on C1.
tui_keys q1 End
classify "$C3"
tui_sql "UPDATE complaints SET stage_due = now() + interval '1 hour' WHERE no = '$C3'" >/dev/null
tui_rpc quality complaint.attribute '{"no":"'"$C3"'","shares":[{"department":"service","percent":100}]}' \
    >/dev/null || tui_bail "cannot attribute $C3"
tui_check "a push brings the third in" q1 "Open: 3 complaints" 10
third_first() { [[ $(order) == "$C3 $C2 $C1 " ]]; }
tui_until 10 third_first && tui_ok "it comes in first" ||
    tui_not_ok "it comes in first (got: $(order))" q1
tui_keys q1 Enter
tui_check "the selection stayed on its complaint across the push" q1 "Complaint $C1: routed, round 1" 10
tui_keys q1 Escape
tui_wait q1 "Open: 3 complaints" 5

# ---- F7: a new complaint
tui_keys q1 F7
tui_check "F7 opens a new complaint" q1 "New complaint" 10
tui_keys q1 Escape
tui_check "Esc goes back to the board" q1 "Open: 3 complaints" 10

tui_client m1
if ! tui_login m1 manager demo1234 || ! tui_wait m1 "Role: Manager" 20; then
    tui_not_ok "log in as manager" m1
    tui_done
fi
tui_wait m1 "Received: 0 complaints" 15
tui_line m1 "$TUI_LINES" | grep -qF "F7" && tui_not_ok "the manager's key bar offers no F7" m1 ||
    tui_ok "the manager's key bar offers no F7"
tui_keys m1 F7
tui_check "F7 is refused for a manager, naming the roles" m1 \
    "A new complaint is for Operator, Quality, not for your role (Manager)" 5
tui_screen m1 | grep -qF "New complaint" && tui_not_ok "no form opens for the manager" m1 ||
    tui_ok "no form opens for the manager"

tui_done
