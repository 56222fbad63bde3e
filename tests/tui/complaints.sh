#!/usr/bin/env bash
# tests/tui/complaints.sh: the complaint board.
#   - a manager's first screen is the board; received and open queues
#   - the open queue is in deadline order: an overdue complaint first and
#     red, one due within the hours yellow, then the later one
#   - the overdue queue holds the overdue complaint only; "closed late" one
#     closed with a late stage
#   - a major incident classified by another client is announced on the
#     manager's message line and pushed into the open queue, in deadline
#     order, highlighted (magenta); the major queue lists it
#   - the detail shows the route and Esc goes back
#   - F6: the statistics: Pareto by category (counts, cumulative percent),
#     the KPIs, b: by responsible department
. "$(dirname "$0")/lib.sh"

tui_setup

red=$'\e\\[([0-9;]*;)?31(;[0-9;]*)?m'
yellow=$'\e\\[([0-9;]*;)?33(;[0-9;]*)?m'
magenta=$'\e\\[([0-9;]*;)?35(;[0-9;]*)?m'

classify() {
    tui_rpc quality complaint.classify '{"no":"'"$1"'","severity":"serious","category":"'"$2"'",
        "major":'"$3"'}' >/dev/null
}

C1=$(tui_complaint 赵一 13800000001 b1 外包装破损) || tui_bail "cannot register a complaint"
C2=$(tui_complaint 钱二 13800000002 b2 服务态度差) || tui_bail "cannot register a complaint"
C3=$(tui_complaint 孙三 13800000003 b3 电源线冒烟) || tui_bail "cannot register a complaint"
classify "$C1" packaging false || tui_bail "cannot classify $C1"
classify "$C2" service false || tui_bail "cannot classify $C2"
# C1 is due within the hour and C2 is overdue (written without a push).
tui_sql "UPDATE complaints SET stage_due = now() + interval '40 minutes' WHERE no = '$C1';
    UPDATE complaints SET stage_due = now() - interval '2 hours', overdue = true WHERE no = '$C2'" >/dev/null

tui_client m1
if ! tui_login m1 manager demo1234 || ! tui_wait m1 "Role: Manager" 20; then
    tui_not_ok "log in as manager" m1
    tui_done
fi
tui_check "the manager's first screen is the complaint board" m1 "Complaint board" 10
if tui_wait m1 "Received: 1 complaint" 15 && tui_wait_row m1 "$C3" "received" 5; then
    tui_ok "the received queue holds the unclassified complaint"
else
    tui_not_ok "the received queue holds the unclassified complaint" m1
fi
tui_keys m1 2
tui_check "the open queue holds the two routed ones" m1 "Open: 2 complaints" 10
tui_wait m1 "$C1" 5
# line numbers of the rows, in the screen's order
order() { tui_screen m1 | grep -noE "^ ($C1|$C2|$C3) " | sed -E 's/^[0-9]+: ([0-9]+) $/\1/' | tr '\n' ' '; }
[[ $(order) == "$C2 $C1 " ]] && tui_ok "by deadline: the overdue one first" ||
    tui_not_ok "by deadline: the overdue one first (got: $(order))" m1
tui_row_attrs m1 "$C2" | grep -qE "$red" && tui_ok "the overdue complaint is red" ||
    tui_not_ok "the overdue complaint is red" m1
tui_row_attrs m1 "$C1" | grep -qE "$yellow" && tui_ok "the one due within the hours is yellow" ||
    tui_not_ok "the one due within the hours is yellow" m1
tui_row m1 "$C2" | grep -qE -- ' -[12]h[0-9]{2}m[0-9]{2}s *$' && tui_ok "the overdue row counts below zero" ||
    tui_not_ok "the overdue row counts below zero" m1
tui_keys m1 3
if tui_wait m1 "Overdue: 1 complaint" 10 && tui_wait_row m1 "$C2" "routed" 5; then
    tui_ok "the overdue queue holds the overdue complaint"
else
    tui_not_ok "the overdue queue holds the overdue complaint" m1
fi
# Closed with a late stage (written without a push), it is in "closed late" (7);
# then routed again for what follows.
tui_sql "UPDATE complaint_stages SET overdue_days = 1 WHERE complaint_no = '$C2';
    UPDATE complaints SET state = 'closed' WHERE no = '$C2'" >/dev/null
tui_keys m1 7
if tui_wait m1 "Closed late: 1 complaint" 10 && tui_wait_row m1 "$C2" "closed" 5; then
    tui_ok "7: the closed-late queue holds the complaint closed with a late stage"
else
    tui_not_ok "7: the closed-late queue holds the complaint closed with a late stage" m1
fi
tui_sql "UPDATE complaints SET state = 'routed' WHERE no = '$C2'" >/dev/null

# Another client classifies C3 as a major incident.
tui_keys m1 2
tui_wait m1 "Open: 2 complaints" 10
classify "$C3" product true || tui_bail "cannot classify $C3 as major"
tui_check "the major incident is announced on the manager's screen" m1 "MAJOR INCIDENT: complaint $C3" 10
if tui_wait m1 "Open: 3 complaints" 10 && tui_wait_row m1 "$C3" "MAJOR +routed" 5; then
    tui_ok "the major incident is pushed into the open queue"
else
    tui_not_ok "the major incident is pushed into the open queue" m1
fi
[[ $(order) == "$C2 $C1 $C3 " ]] && tui_ok "still by deadline: the major one (due in an hour) last" ||
    tui_not_ok "still by deadline: the major one (due in an hour) last (got: $(order))" m1
tui_row_attrs m1 "$C3" | grep -qE "$magenta" && tui_ok "the major incident is highlighted" ||
    tui_not_ok "the major incident is highlighted" m1
tui_keys m1 4
if tui_wait m1 "Major: 1 complaint" 10 && tui_wait_row m1 "$C3" "MAJOR" 5; then
    tui_ok "the major queue lists it"
else
    tui_not_ok "the major queue lists it" m1
fi

tui_keys m1 Enter
tui_check "Enter opens the detail" m1 "Complaint $C3: routed, round 1  MAJOR INCIDENT" 10
tui_check "the detail shows management's stage" m1 "1 Management" 5
tui_keys m1 Escape
tui_check "Esc goes back to the board" m1 "Major: 1 complaint" 5
tui_keys m1 F6
tui_check "F6: the statistics" m1 "Statistics" 10
if tui_wait m1 "Pareto by category" 10 && tui_wait_row m1 "packaging" "1 +33.3%" 10 &&
    tui_wait_row m1 "product quality" "1 +66.7%" 5 && tui_wait_row m1 "service" "1 +100.0%" 5; then
    tui_ok "the Pareto bars by category"
else
    tui_not_ok "the Pareto bars by category" m1
fi

tui_wait m1 "Overdue 1" 5 && tui_wait m1 "(0 of 3)" 5 && tui_ok "the KPIs: 3 owned, 1 overdue" ||
    tui_not_ok "the KPIs: 3 owned, 1 overdue" m1
tui_keys m1 b
tui_check "b: Pareto by responsible department" m1 "Pareto by responsible department" 5
tui_wait_row m1 "Warehouse" "1 +[0-9.]+%" 10 && tui_ok "the department bars" ||
    tui_not_ok "the department bars" m1

tui_done
