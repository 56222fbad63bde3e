#!/usr/bin/env bash
# tests/tui/work_dialogs.sh: the work screens' dialogs and forms never trip
# the user (issue 11).
#   - postpone with a time in the past: the daemon's refusal goes back to the
#     time's prompt with the text intact; keys typed next go into it (no
#     pass asked, nothing postponed in the database); a later time then
#     postpones
#   - the quantity prompt keeps a wrong quantity with the error
#   - leaving a half-typed repair card (Esc) or survey (Esc, F6, F10) asks
#     first: n stays with the text, y leaves; an untouched form leaves at
#     once
#   - a repair card saved empty names every problem at once, by label
. "$(dirname "$0")/lib.sh"

tui_setup

BOUGHT=$(date -d '-2 months' +%F)
register() {
    tui_rpc operator call.register '{"request_key":"wd-'"$3"'","channel":"phone",
        "type":"B","customer":{"address":"人民路1号","name":"'"$1"'","phones":["'"$2"'"],"region":"urban"},
        "unit":{"model":"XQB60","serial":"'"$3"'","purchase_date":"'"$BOUGHT"'"},
        "fault":"不排水"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["no"])'
}
on_site() {
    tui_rpc dispatcher ticket.dispatch '{"no":"'"$1"'","technician":"technician"}' >/dev/null &&
        tui_rpc technician ticket.arrive '{"no":"'"$1"'"}' >/dev/null
}
repair_args='"diagnosis":"排水泵堵","cause":"异物","actions":"清理","parts":[],"labour_minutes":20'

tui_sql "INSERT INTO service_points (id, name) VALUES (904, '车间');
    UPDATE users SET service_point_id = 904 WHERE login = 'technician';
    INSERT INTO parts (part_no, name, price) VALUES ('P-PUMP-1', '排水泵', 4500);
    INSERT INTO part_stock (service_point_id, part_no, qty) VALUES (904, 'P-PUMP-1', 2)" \
    >/dev/null || tui_bail "cannot set up"
T1=$(register 钱一 13900000041 SN-D-1) && T2=$(register 孙二 13900000042 SN-D-2) &&
    T3=$(register 李三 13900000043 SN-D-3) || tui_bail "cannot register"
on_site "$T1" && tui_rpc technician ticket.take_back '{"no":"'"$T1"'"}' >/dev/null &&
    tui_rpc technician ticket.repair '{"no":"'"$T1"'",'"$repair_args"'}' >/dev/null &&
    on_site "$T2" && on_site "$T3" &&
    tui_rpc technician ticket.repair '{"no":"'"$T3"'",'"$repair_args"'}' >/dev/null &&
    tui_rpc technician ticket.complete '{"no":"'"$T3"'","signed_by":"李三"}' >/dev/null ||
    tui_bail "cannot set the tickets up"

# --- the dispatcher postpones T1 (repaired, in the inspection queue)
tui_client d
tui_login d dispatcher demo1234 && tui_wait d "Dispatch board" 20 || tui_bail "no board"
tui_keys d F6
tui_check "the inspection queue" d "Inspection: 1 repair waiting" 10
tui_wait d "$T1" 10
tui_keys d P
tui_check "P asks until when" d "Postpone $T1 until" 5
yesterday=$(date -d '-1 day' +%F)
tui_keys d C-u
tui_type d "$yesterday 10:00"
tui_keys d Enter
tui_check "then why" d "Postpone $T1: why?" 5
tui_type d "等配件"
tui_keys d Enter
if tui_wait d "not in the future" 10 && tui_wait d "Postpone $T1 until" 1 &&
    tui_wait d "$yesterday 10:00" 1 && ! tui_screen d | grep -qF "Postpone $T1: why?"; then
    tui_ok "a refused time goes back to its prompt, the text intact"
else
    tui_not_ok "a refused time goes back to its prompt, the text intact" d
fi
tui_type d "p"                     # a one-key action of the queue, were it to leak
sleep 0.5
if tui_wait d "$yesterday 10:00p" 2 && ! tui_screen d | grep -qF "Pass the repair"; then
    tui_ok "keys typed after the refusal go into the prompt"
else
    tui_not_ok "keys typed after the refusal go into the prompt" d
fi
[[ $(tui_sql_value "SELECT promised_at IS NULL FROM tickets WHERE no = '$T1'") == t ]] &&
    tui_ok "nothing was postponed" || tui_not_ok "nothing was postponed"
tomorrow=$(date -d '+1 day' +%F)
tui_keys d C-u
tui_type d "$tomorrow 10:00"
tui_keys d Enter
tui_wait d "Postpone $T1: why?" 5
tui_type d "等配件"
tui_keys d Enter
tui_check "a later time postpones" d "Ticket $T1 postponed" 10
tui_wait_sql "SELECT promised_at IS NOT NULL FROM tickets WHERE no = '$T1'" t 5 &&
    tui_ok "the promised time is in the database" ||
    tui_not_ok "the promised time is in the database"

# --- the technician's repair card of T2
tui_client t
tui_login t technician demo1234 && tui_wait t "My tickets" 20 || tui_bail "no list"
tui_wait t "$T2" 10
tui_keys t /                       # select T2 by searching for it
tui_type t "$T2"
tui_keys t Enter r
tui_check "the repair card" t "Repair card: ticket $T2" 10
tui_keys t Escape
tui_check "an untouched card leaves at once" t "My tickets" 5
tui_keys t r
tui_wait t "Repair card: ticket $T2" 10
tui_wait t "P-PUMP-1" 10
tui_keys t C-s
tui_check "an empty card names every problem at once" t \
    "Diagnosis: required; Cause: required; Actions: required;" 5
tui_check "the labour among them, by its label" t "Labour (minutes): required" 1
tui_type t "泵堵"
tui_keys t Escape
tui_check "Esc with something typed asks first" t "Leave and lose what you typed?" 5
tui_keys t n
if tui_wait_gone t "Leave and lose" 5 && tui_row t "Diagnosis" | grep -qF "泵堵"; then
    tui_ok "n stays on the card, the text intact"
else
    tui_not_ok "n stays on the card, the text intact" t
fi
tui_keys t Tab Tab Tab Tab Tab Enter Enter   # past the texts, the labour and the fault cause
tui_check "the quantity is asked" t "Quantity of P-PUMP-1" 5
tui_keys t C-u
tui_type t "0"
tui_keys t Enter
if tui_wait t "A quantity is a whole number from 1 to 999" 5 &&
    tui_wait t "Quantity of P-PUMP-1" 1; then
    tui_ok "a wrong quantity stays in its prompt with the error"
else
    tui_not_ok "a wrong quantity stays in its prompt with the error" t
fi
tui_keys t Escape Escape
tui_wait t "Leave and lose what you typed?" 5
tui_keys t y
tui_check "y leaves the card" t "My tickets" 5
[[ $(tui_sql_value "SELECT repair IS NULL FROM tickets WHERE no = '$T2'") == t ]] &&
    tui_ok "the card left unsaved is not in the database" ||
    tui_not_ok "the card left unsaved is not in the database"

# --- the operator's survey of T3
tui_client op
tui_login op operator demo1234 && tui_wait op "Role: Operator" 20 || tui_bail "no intake"
tui_keys op F6
tui_check "the visit queue" op "Return visits: 1 ticket to call back" 10
tui_keys op Enter
tui_check "the survey" op "Return visit: ticket $T3" 10
tui_keys op 2
for key in Escape F6 F10; do
    tui_keys op "$key"
    if tui_wait op "lose what you typed?" 5; then
        tui_keys op n
        tui_wait_gone op "lose what you typed?" 5
        if tui_row op "Attitude" | grep -qF "[2 satisfied]"; then
            tui_ok "$key on a survey with an answer asks first; n keeps it"
        else
            tui_not_ok "$key on a survey with an answer asks first; n keeps it" op
        fi
    else
        tui_not_ok "$key on a survey with an answer asks first; n keeps it" op
    fi
done
tui_keys op F6
tui_wait op "Leave and lose what you typed?" 5
tui_keys op y
tui_check "y on F6 goes on to the next screen" op "New complaint" 10
[[ $(tui_sql_value "SELECT count(*) FROM visits WHERE ticket_no = '$T3'") == 0 ]] &&
    tui_ok "no visit was recorded" || tui_not_ok "no visit was recorded"

tui_done
