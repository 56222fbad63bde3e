#!/usr/bin/env bash
# tests/tui/classify.sh: the quality department classifies complaints.
#   - quality's first screen is the complaint board; a received complaint
#     is in "received"
#   - c opens the classification dialog; Enter without a category is
#     refused in the dialog (nothing sent)
#   - s (severity), 2 (packaging) and Enter classify it: the database has
#     it routed to warehouse with one warehouse stage of 2 working days,
#     its due time the complaint's stage_due, 1 to 6 days ahead
#   - it leaves "received" and shows in "open" with its stage
#   - m marks a second one major: the stage is management, due in one hour
#   - the detail shows the route timeline
#   - s: shares (departments picked from lists) adding up to 90 are refused
#     in the dialog, the server's refusal (a department's penalty) is shown
#     with the shares as picked, Esc then asks before leaving; 60/40 is saved
#     and shown
#   - the operator's complaint form from the call form (F7): the customer
#     looked up by phone; registered; in the quality board's received queue
. "$(dirname "$0")/lib.sh"

tui_setup

C1=$(tui_complaint 刘一 13700000001 c1 包装破损) || tui_bail "cannot register a complaint"
C2=$(tui_complaint 陈二 13700000002 c2 空调起火) || tui_bail "cannot register a complaint"

tui_client q1
if ! tui_login q1 quality demo1234 || ! tui_wait q1 "Role: Quality" 20; then
    tui_not_ok "log in as quality" q1
    tui_done
fi
tui_check "quality's first screen is the complaint board" q1 "Complaint board" 10
tui_check "the received queue lists the complaint" q1 "$C1" 15
tui_check "the received queue counts both" q1 "Received: 2 complaints" 10

# The board's order is the registration time: C1 first.
tui_keys q1 Home c
tui_check "c opens the classification dialog" q1 "Classify complaint $C1" 10
tui_keys q1 Enter
tui_check "Enter without a category is refused in the dialog" q1 "Choose the severity (s) and the category (1-6)" 5
[[ $(tui_sql_value "SELECT state FROM complaints WHERE no = '$C1'") == received ]] &&
    tui_ok "nothing was sent" || tui_not_ok "nothing was sent"
tui_keys q1 s 2
tui_check "2 chooses packaging: it goes to the warehouse" q1 "Goes to: Warehouse" 5
tui_keys q1 Enter
tui_check "the classification is confirmed" q1 "Complaint $C1: routed" 15
if tui_wait_sql "SELECT state || '|' || severity || '|' || category || '|' || department || '|' ||
        stage || '|' || major FROM complaints WHERE no = '$C1'" "routed|serious|packaging|warehouse|warehouse|false" 10; then
    tui_ok "the database has it routed to the warehouse, serious, packaging"
else
    tui_not_ok "the database has it routed to the warehouse, serious, packaging (got: $(tui_sql_value \
        "SELECT state, severity, category, department, stage FROM complaints WHERE no = '$C1'"))"
fi
row=$(tui_sql_value "SELECT s.department || '|' || s.budget_days || '|' || (s.due = c.stage_due) || '|' ||
        (c.stage_due > now() + interval '1 day' AND c.stage_due < now() + interval '6 days')
    FROM complaint_stages s JOIN complaints c ON c.no = s.complaint_no
    WHERE s.complaint_no = '$C1' ORDER BY s.seq")
[[ $row == "warehouse|2.0|true|true" ]] && tui_ok "one warehouse stage of 2 working days, due as the complaint says" ||
    tui_not_ok "one warehouse stage of 2 working days, due as the complaint says (got: $row)"
if tui_wait q1 "Received: 1 complaint" 10 && ! tui_screen q1 | grep -qE "^ $C1 "; then
    tui_ok "it leaves the received queue"
else
    tui_not_ok "it leaves the received queue" q1
fi
tui_keys q1 2
if tui_wait q1 "Open: 1 complaint" 10 && tui_wait_row q1 "$C1" "routed +serious +packaging +Warehouse" 5; then
    tui_ok "the open queue shows it with its stage"
else
    tui_not_ok "the open queue shows it with its stage" q1
fi

# A major incident: management within the hour.
tui_keys q1 1
tui_wait q1 "$C2" 10
tui_keys q1 c
tui_check "the dialog opens for the second complaint" q1 "Classify complaint $C2" 10
tui_keys q1 s s 3 m
tui_check "m marks a major incident" q1 "[x] MAJOR INCIDENT" 5
tui_keys q1 Enter
tui_check "the major classification is confirmed" q1 "Complaint $C2: routed" 15
row=$(tui_sql_value "SELECT severity || '|' || category || '|' || major || '|' || stage || '|' ||
        (stage_due BETWEEN now() + interval '50 minutes' AND now() + interval '61 minutes')
    FROM complaints WHERE no = '$C2'")
[[ $row == "minor|product|true|management|true" ]] && tui_ok "major: management's stage due within the hour" ||
    tui_not_ok "major: management's stage due within the hour (got: $row)"

# The detail's route.
tui_keys q1 4
tui_wait q1 "$C2" 10
tui_keys q1 Enter
tui_check "Enter opens the complaint's detail" q1 "Complaint $C2: routed, round 1" 10
if tui_wait q1 "Route" 5 && tui_wait_row q1 "1 Management" "due .*running" 5 &&
    tui_wait q1 "Customer's words: 空调起火" 5; then
    tui_ok "the detail shows the words and the route timeline"
else
    tui_not_ok "the detail shows the words and the route timeline" q1
fi
tui_keys q1 Escape
tui_check "Esc goes back to the board" q1 "Complaint board" 5

# Responsibility: the dialog refuses shares that do not add up to 100. The
# departments and people are picked from department.list's lists: Right from
# "(none)" goes through the departments in code order (aftersales, cs_manager,
# gm_office, management, production, quality, rnd, sales, service, warehouse;
# Left from "(none)": warehouse), Right from "all of it" through the people.
# right N: N presses of Right on the focused choice.
right() { local i; for ((i = 0; i < $1; i++)); do tui_keys q1 Right; done; }
# shares D1 P1 PCT1 D2 P2 PCT2: two shares of the open dialog (D, P: Right
# presses on the department, then on the person), sends.
shares() {
    tui_wait q1 "Left/Right picks" 10
    right "$1"; tui_keys q1 Tab; right "$2"; tui_keys q1 Tab; tui_type q1 "$3"
    tui_keys q1 Tab Tab Tab
    right "$4"; tui_keys q1 Tab; right "$5"; tui_keys q1 Tab; tui_type q1 "$6"; tui_keys q1 C-s
}
# reopen: Esc leaves the dialog with picked shares after asking; s opens it afresh.
reopen() {
    tui_keys q1 Escape
    tui_check "Esc with picked shares asks first" q1 "Leave and lose what you typed?" 5
    tui_keys q1 y
    tui_wait q1 "Complaint board" 5
    tui_keys q1 s
    tui_wait q1 "Responsibility for complaint $C1" 10
}
tui_keys q1 2
tui_wait q1 "Open: 2 complaints" 10
tui_keys q1 End
tui_wait_row q1 "$C1" "routed" 10
tui_keys q1 s
tui_check "s opens the responsibility dialog" q1 "Responsibility for complaint $C1" 10
shares 10 0 60 6 0 30
tui_check "shares adding up to 90 are refused in the dialog" q1 "The shares add up to 90%, not 100%: nothing was sent" 5
[[ $(tui_sql_value "SELECT count(*) FROM complaint_shares WHERE complaint_no = '$C1'") == 0 ]] &&
    tui_ok "nothing was sent" || tui_not_ok "nothing was sent"
reopen
# warehouse (all of it) 60 with a warning, quality 40: the daemon refuses a
# department's penalty
tui_wait q1 "Left/Right picks" 10
tui_keys q1 Left Tab Tab; tui_type q1 60; tui_keys q1 Tab Right Tab Tab
right 6; tui_keys q1 Tab Tab; tui_type q1 40; tui_keys q1 C-s
tui_check "the server's refusal (a department's penalty) is shown in the dialog, by the field's label" q1 \
    "a penalty is for a person" 10
tui_wait_row q1 "Dept. < Warehouse >" "Percent 60" 2 && tui_ok "the picked shares stay as they were" ||
    tui_not_ok "the picked shares stay as they were" q1
reopen
shares 10 0 60 6 0 40
tui_check "the shares are sent" q1 "Complaint $C1: routed" 10
row=$(tui_sql_value "SELECT string_agg(department || ':' || percent, ',' ORDER BY seq)
    FROM complaint_shares WHERE complaint_no = '$C1'")
[[ $row == "warehouse:60,quality:40" ]] && tui_ok "the database has the shares" ||
    tui_not_ok "the database has the shares (got: $row)"
tui_keys q1 Enter
tui_check "the detail lists the shares" q1 "Responsibility: Warehouse 60%, Quality 40%" 10
tui_keys q1 Escape

# The operator's complaint intake: F7 from the call form, the customer by phone.
tui_client op
if ! tui_login op operator demo1234 || ! tui_wait op "Role: Operator" 20; then
    tui_not_ok "log in as operator" op
    tui_done
fi
tui_wait op "Caller phone" 10
tui_keys op F7
tui_check "F7 on the call form opens the complaint form" op "New complaint" 10
tui_type op 13700000001; tui_keys op Enter
tui_check "Enter looks the customer up" op "刘一  13700000001" 10
tui_keys op Enter Tab Tab
tui_type op "维修后又坏了"; tui_keys op Tab; tui_type op "换新机"; tui_keys op C-s
if tui_wait op "registered" 10; then
    C3=$(tui_screen op | grep -oE "Complaint [0-9]{9} registered" | head -n 1 | cut -d' ' -f2)
    row=$(tui_sql_value "SELECT c.state || '|' || cu.name || '|' || c.text || '|' || c.demand || '|' ||
        c.taken_by FROM complaints c JOIN customers cu ON cu.id = c.customer_id WHERE c.no = '$C3'")
    [[ $row == "received|刘一|维修后又坏了|换新机|operator" ]] &&
        tui_ok "the complaint is registered for the customer found" ||
        tui_not_ok "the complaint is registered for the customer found (got: $row)" op
else
    tui_not_ok "the complaint is registered" op
fi
tui_keys q1 1
tui_check "the quality board's received queue lists it" q1 "$C3" 10

tui_done
