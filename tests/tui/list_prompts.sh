#!/usr/bin/env bash
# tests/tui/list_prompts.sh: a prompt the daemon (or the client's own check)
# refuses stays open with the error and the typed text, and the keys typed
# after it go into the prompt, never to the list's one-key actions.
#   - a technician's appointment in the past is refused: the prompt shows
#     the daemon's words and the time as typed; `abc` typed then lands in
#     the prompt (no arrival asked or recorded: the database agrees)
#   - an empty cancel reason on the board is refused: `pd` typed then lands
#     in the prompt (no appointment prompt, no detail), and Enter cancels
#     with that reason (the database has it)
. "$(dirname "$0")/lib.sh"

tui_setup

BOUGHT=$(date -d '-2 months' +%F)
register() {
    tui_rpc operator call.register '{"request_key":"prompts-'"$2"'","channel":"phone",
        "type":"B","customer":{"address":"人民路1号","name":"'"$1"'","phones":["1360000000'"${2: -1}"'"],"region":"urban"},
        "unit":{"model":"KFR-26GW","serial":"'"$2"'","purchase_date":"'"$BOUGHT"'"},
        "fault":"空调不制冷"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["no"])'
}
T1=$(register 张三 SN-P-1) && T2=$(register 李四 SN-P-2) || tui_bail "cannot register"
tui_rpc dispatcher ticket.dispatch '{"no":"'"$T1"'","technician":"technician"}' >/dev/null ||
    tui_bail "cannot dispatch"

# The technician's appointment in the past.
tui_client t
if ! tui_login t technician demo1234 || ! tui_wait t "Role: Technician" 20; then
    tui_not_ok "log in as technician" t
    tui_done
fi
tui_wait t "$T1" 15
tui_keys t p
tui_check "p asks for the appointment's time" t "Appointment for $T1" 5
tui_keys t C-u
tui_type t "2020-01-01 10:00"
tui_keys t Enter
tui_check "the daemon's refusal is shown in the prompt" t "is in the past" 10
tui_check "the prompt stays open with the time as typed" t "Time: 2020-01-01 10:00" 5
tui_type t "abc"
tui_check "abc typed after the refusal goes into the prompt" t "Time: 2020-01-01 10:00abc" 5
if ! tui_screen t | grep -qF "Record that you are on site"; then
    tui_ok "a typed after the refusal does not ask for an arrival"
else
    tui_not_ok "a typed after the refusal does not ask for an arrival" t
fi
row=$(tui_sql_value "SELECT state || '|' || coalesce(arrived_at::text, '-') || '|' ||
    coalesce(appointment::text, '-') FROM tickets WHERE no = '$T1'")
[[ $row == "dispatched|-|-" ]] && tui_ok "no arrival and no appointment recorded" ||
    tui_not_ok "no arrival and no appointment recorded (got: $row)"
tui_keys t Escape
tui_check "Esc closes the prompt" t "Cancelled" 5
tui_wait_gone t "Appointment for $T1" 5 && tui_ok "the prompt is gone after Esc" ||
    tui_not_ok "the prompt is gone after Esc" t

# An empty cancel reason on the board.
tui_client d
if ! tui_login d dispatcher demo1234 || ! tui_wait d "Role: Dispatcher" 20; then
    tui_not_ok "log in as dispatcher" d
    tui_done
fi
tui_wait d "$T2" 15
tui_keys d c
tui_check "c asks for the reason" d "Cancel ticket $T2" 5
tui_keys d Enter
tui_check "an empty reason is refused in the prompt" d "A reason is needed to cancel" 5
tui_type d "pd"
tui_check "pd typed after the refusal goes into the prompt" d "Reason: pd" 5
if ! tui_screen d | grep -qF "Appointment for" && ! tui_screen d | grep -qF "Ticket $T2:"; then
    tui_ok "neither p (appoint) nor d (detail) ran"
else
    tui_not_ok "neither p (appoint) nor d (detail) ran" d
fi
tui_keys d Enter
tui_check "Enter then cancels with the reason typed" d "Ticket $T2 cancelled" 15
row=$(tui_sql_value "SELECT t.state || '|' || (SELECT details->>'reason' FROM ticket_events e
    WHERE e.ticket_no = t.no AND kind = 'cancel') FROM tickets t WHERE no = '$T2'")
[[ $row == "cancelled|pd" ]] && tui_ok "the database has it cancelled with the reason" ||
    tui_not_ok "the database has it cancelled with the reason (got: $row)"

tui_done
