#!/usr/bin/env bash
# tests/tui/complaint_approve.sh: the manager reads the proposal in full
# before approving, at 80x24.
#   - A on the board opens the approval dialog, which reads the complaint
#     and shows the finding and the whole proposal, far longer than the
#     screen is wide, wrapped in the dialog (issue 12; before, only its
#     start, the rest behind F3)
#   - F3 shows the findings and the proposal wrapped in a pager too
#   - Esc closes the pager, the note is typed and sent: approved
#   - the note takes the daemon's limit (DECISION_MAX, 1000), not the
#     128 characters it stopped at silently, counted as typed (300/1000);
#     past the limit the text stays and is refused with the limit on the
#     field, nothing sent; a note of 302 characters is approved whole
. "$(dirname "$0")/lib.sh"

TUI_COLS=80 TUI_LINES=24
tui_setup

C1=$(tui_complaint 冯一 13500000031 p1 维修后空调仍然漏水) || tui_bail "cannot register a complaint"
tui_rpc quality complaint.classify '{"no":"'"$C1"'","severity":"minor","category":"service",
    "major":false}' >/dev/null || tui_bail "cannot classify $C1"
proposal="Replace the indoor unit's drain pump free of charge, refund the second visit fee of 80 yuan, send a written apology within two working days and call the customer back after a week to confirm there is no more water LAST-WORDS"
tui_rpc quality complaint.advance '{"no":"'"$C1"'","finding":"drain pump cracked during the first repair",
    "proposal":"'"$proposal"'"}' >/dev/null || tui_bail "cannot advance $C1"

tui_client m1
# (at 80 columns the status line has no room for the whole role)
if ! tui_login m1 manager demo1234 || ! tui_wait m1 "Logged in as manager" 20; then
    tui_not_ok "log in as manager" m1
    tui_done
fi
tui_keys m1 2
tui_wait_row m1 "$C1" "proposed" 15
tui_keys m1 A
tui_check "A opens the approval dialog" m1 "Approve the proposal of complaint $C1" 10
tui_check "it shows the start of the proposal" m1 "Proposal: Replace the indoor unit's drain pump" 10
tui_check "the whole proposal is in the dialog, wrapped: its last words too" m1 "LAST-WORDS" 5
tui_keys m1 F3
tui_check "F3 opens the proposal in a pager" m1 "The proposal of complaint $C1" 5
if tui_wait m1 "Finding: drain pump cracked during the first repair" 5 && tui_wait m1 "LAST-WORDS" 2 &&
    tui_wait m1 "Proposal: Replace the indoor unit's drain pump" 1; then
    tui_ok "the findings and the whole proposal, wrapped"
else
    tui_not_ok "the findings and the whole proposal, wrapped" m1
fi
tui_keys m1 Escape
tui_wait_gone m1 "The proposal of complaint $C1" 5
tui_check "Esc closes the pager, the dialog is still open" m1 "Approve the proposal of complaint $C1" 2
tui_check "the note is counted against the daemon's limit" m1 "0/1000" 5
tui_type m1 "$(printf 'y%.0s' $(seq 300))"
tui_check "300 characters, past the old 128: all kept and counted" m1 "300/1000" 5
tui_type m1 "$(printf 'z%.0s' $(seq 701))"
tui_check "past the limit the text stays" m1 "1001/1000" 5
tui_keys m1 C-s
tui_check "a note past the limit: refused with the limit, on the field" m1 \
    "Note: at most 1000 characters" 10
tui_wait_sql "SELECT state FROM complaints WHERE no = '$C1'" proposed 2 &&
    tui_ok "nothing sent: still proposed" || tui_not_ok "nothing sent: still proposed"
tui_keys m1 C-u                                  # the whole note gone
tui_wait m1 "0/1000" 5
tui_type m1 "$(printf 'y%.0s' $(seq 300))同意"
tui_check "the note back under the limit" m1 "302/1000" 5
tui_keys m1 C-s
tui_check "the approval is sent" m1 "Complaint $C1: approved" 10
tui_wait_sql "SELECT state FROM complaints WHERE no = '$C1'" approved 10 &&
    tui_ok "the database has it approved" || tui_not_ok "the database has it approved"
tui_wait_sql "SELECT char_length(details->>'note') FROM complaint_events
    WHERE complaint_no = '$C1' AND kind = 'approve'" 302 5 &&
    tui_ok "the whole note of 302 characters is kept" ||
    tui_not_ok "the whole note of 302 characters is kept"

tui_done
