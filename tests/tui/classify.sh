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
. "$(dirname "$0")/lib.sh"

tui_setup

# complaint NAME PHONE KEY TEXT: a complaint registered by the operator;
# prints its number.
complaint() {
    tui_rpc operator complaint.register '{"request_key":"classify-'"$3"'","channel":"phone",
        "customer":{"name":"'"$1"'","phones":["'"$2"'"],"region":"urban","address":"人民路1号"},
        "text":"'"$4"'","demand":"赔偿"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["no"])'
}

C1=$(complaint 刘一 13700000001 c1 包装破损) || tui_bail "cannot register a complaint"
C2=$(complaint 陈二 13700000002 c2 空调起火) || tui_bail "cannot register a complaint"

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

tui_done
