#!/usr/bin/env bash
# tests/tui/complaint_refusal.sh: a dialog the daemon refuses stays open.
#   - x on a received complaint, sent without a reason: the daemon's
#     refusal is shown in the dialog on its field, by the field's label
#   - the letters typed next (s c a y x: the board's one-key actions) go
#     into the reason, not to the board: no other dialog opens, nothing
#     is sent
#   - Esc with the reason typed asks first; n keeps the dialog and the text
#   - Ctrl-S then closes it with that reason (in the database)
#   - a finding sent empty is refused before sending, by its label
. "$(dirname "$0")/lib.sh"

tui_setup

C1=$(tui_complaint 吴一 13600000021 f1 送货晚了三天) || tui_bail "cannot register a complaint"
C2=$(tui_complaint 郑二 13600000022 f2 安装人员态度差) || tui_bail "cannot register a complaint"
tui_rpc quality complaint.classify '{"no":"'"$C2"'","severity":"minor","category":"service",
    "major":false}' >/dev/null || tui_bail "cannot classify $C2"

tui_client q1
if ! tui_login q1 quality demo1234 || ! tui_wait q1 "Role: Quality" 20; then
    tui_not_ok "log in as quality" q1
    tui_done
fi
tui_wait_row q1 "$C1" "received" 15
tui_keys q1 x
tui_check "x opens the close dialog" q1 "Close complaint $C1" 10
tui_keys q1 C-s
if tui_wait_row q1 "needs a reason" "^ Reason: .*closing a received complaint \(not substantiated\) needs a reason" 10
then tui_ok "the daemon's refusal is shown by the field's label"
else tui_not_ok "the daemon's refusal is shown by the field's label" q1; fi
tui_check "the dialog stays open" q1 "Close complaint $C1" 2
tui_type q1 "scary case: box"
if tui_wait_row q1 "Reason" "Reason.* scary case: box" 5 && tui_wait q1 "Close complaint $C1" 1 &&
    ! tui_screen q1 | grep -qE "Classify complaint|Responsibility for|stage's finding|customer's reply"; then
    tui_ok "the keys typed after the refusal go into the reason, no board action runs"
else
    tui_not_ok "the keys typed after the refusal go into the reason, no board action runs" q1
fi
[[ $(tui_sql_value "SELECT state || '|' || (SELECT count(*) FROM complaint_events e
        WHERE e.complaint_no = c.no) FROM complaints c WHERE no = '$C1'") == "received|1" ]] &&
    tui_ok "nothing was sent for them" || tui_not_ok "nothing was sent for them"
tui_keys q1 Escape
tui_check "Esc with a reason typed asks first" q1 "Leave and lose what you typed?" 5
tui_keys q1 n
if tui_wait_gone q1 "Leave and lose" 5 && tui_wait_row q1 "Reason" "scary case: box" 2; then
    tui_ok "n keeps the dialog and its text"
else
    tui_not_ok "n keeps the dialog and its text" q1
fi
tui_keys q1 C-s
tui_check "Ctrl-S closes it" q1 "Complaint $C1: closed" 10
tui_wait_sql "SELECT state || '|' || close_reason FROM complaints WHERE no = '$C1'" "closed|scary case: box" 10 &&
    tui_ok "the database has it closed with the reason typed" ||
    tui_not_ok "the database has it closed with the reason typed (got: $(tui_sql_value \
        "SELECT state || '|' || close_reason FROM complaints WHERE no = '$C1'"))"

# A required field is checked here, before anything is sent.
tui_keys q1 2
tui_wait_row q1 "$C2" "routed" 10
tui_keys q1 a
tui_check "a opens the finding dialog" q1 "The current stage's finding on complaint $C2" 10
tui_wait q1 "Stage 1 of 1" 10
tui_keys q1 C-s
tui_check "an empty finding is refused by its label" q1 "Finding: required" 5
tui_check "the dialog stays open" q1 "The current stage's finding on complaint $C2" 2
[[ $(tui_sql_value "SELECT state FROM complaints WHERE no = '$C2'") == routed ]] &&
    tui_ok "nothing was sent" || tui_not_ok "nothing was sent"
tui_keys q1 Escape
tui_check "Esc without text typed goes back at once" q1 "Open: 1 complaint" 5

tui_done
