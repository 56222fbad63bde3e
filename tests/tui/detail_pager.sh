#!/usr/bin/env bash
# tests/tui/detail_pager.sh: the ticket detail's history in words and the
# pager for what does not fit.
#   - a ticket through its whole life (registered, dispatched with a note,
#     appointed, arrived, taken back, repaired, failed and passed
#     inspection, postponed, completed, the return visit, an overdue mark
#     of the sweeper's): every event reads as words, on the screen and in
#     the whole record (v); no brace anywhere, scrolled to each event
#   - Enter on the selected event (the latest, the survey) opens the pager
#     with the whole event in words (score, each answer, the comment);
#     Esc closes it back to the detail, whose keys work again
#   - a fault longer than the terminal is cut with ">" on the detail and
#     read in full in the pager (v), scrolled down to its end
#   - F6 from a detail opened from the board goes to the dispatcher's next
#     screen (the inspection queue)
. "$(dirname "$0")/lib.sh"

tui_setup

BOUGHT=$(date -d '-2 months' +%F)
register() {   # register KEY FAULT: a ticket's number
    tui_rpc operator call.register '{"request_key":"dp-'"$1"'","channel":"phone",
        "type":"B","customer":{"address":"人民路1号","name":"孙七","phones":["13600000071"],"region":"urban"},
        "unit":{"model":"KFR-35","serial":"SN-DP-'"$1"'","purchase_date":"'"$BOUGHT"'"},
        "fault":"'"$2"'"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["no"])'
}
rpc() { tui_rpc "$1" "$2" "$3" >/dev/null || tui_bail "$2 failed on $T1"; }

tui_sql "INSERT INTO service_points (id, name) VALUES (904, '城区网点');
    UPDATE users SET service_point_id = 904 WHERE login = 'technician'" >/dev/null ||
    tui_bail "cannot set the service point"
T1=$(register 1 空调不制冷) || tui_bail "cannot register"
AT=$(date -d '+1 day' '+%Y-%m-%dT10:00:00%:z')
UNTIL=$(date -d '+3 days' '+%Y-%m-%dT18:00:00%:z')
rpc dispatcher ticket.dispatch '{"no":"'"$T1"'","technician":"technician","note":"带梯子"}'
rpc technician ticket.appoint '{"no":"'"$T1"'","at":"'"$AT"'"}'
rpc technician ticket.arrive '{"no":"'"$T1"'"}'
rpc technician ticket.take_back '{"no":"'"$T1"'","note":"拿回车间"}'
rpc technician ticket.repair '{"no":"'"$T1"'","diagnosis":"压缩机故障","cause":"老化",
    "actions":"更换电容","parts":[],"labour_minutes":40}'
rpc dispatcher ticket.inspect '{"no":"'"$T1"'","passed":false,"note":"仍不制冷"}'
rpc technician ticket.repair '{"no":"'"$T1"'","diagnosis":"冷媒不足","cause":"泄漏",
    "actions":"补焊加氟","parts":[],"labour_minutes":30}'
rpc dispatcher ticket.postpone '{"no":"'"$T1"'","until":"'"$UNTIL"'","reason":"等配件"}'
rpc dispatcher ticket.inspect '{"no":"'"$T1"'","passed":true}'
rpc technician ticket.complete '{"no":"'"$T1"'","signed_by":"孙七"}'
# the sweeper's mark, as server/sweeper.c writes it
tui_sql "INSERT INTO ticket_events (ticket_no, at, kind, details) VALUES ('$T1',
    now() - interval '1 hour', 'overdue', jsonb_build_object('kind', 'arrival',
    'due', iso_time(now() - interval '2 hours')))" >/dev/null || tui_bail "cannot mark overdue"
rpc operator visit.record '{"no":"'"$T1"'","attitude":1,"skill":2,"punctuality":1,
    "promise":1,"score":95,"comment":"师傅很耐心，修得很好"}'
LONG="外机噪音很大"$(printf '并且%.0s' $(seq 60))"最后一句在这里"
T2=$(register 2 "$LONG") || tui_bail "cannot register"

# ---- admin: every ticket in the queue
tui_client ad
if ! tui_login ad admin demo1234 || ! tui_wait ad "Role: Administrator" 20; then
    tui_not_ok "log in as admin" ad
    tui_done
fi
tui_wait_row ad "$T1" "closed" 15 || tui_bail "$T1 is not in the queue"
# select_row SESSION NO: moves the list's selection (reverse video) to NO.
select_row() {
    local key
    for key in $(printf 'Up %.0s' $(seq 8)) $(printf 'Down %.0s' $(seq 12)); do
        sleep 0.2
        tui_row_attrs "$1" "$2" | grep -qE $'\e\\[([0-9]+;)*7m' && return 0
        tui_keys "$1" "$key"
    done
    return 1
}
select_row ad "$T1" || tui_bail "cannot select $T1"
tui_keys ad Enter
tui_check "the detail of the closed ticket" ad "Ticket $T1: closed" 10

# every main kind, in words, on screen as the history scrolls
seen=""
tui_keys ad Home
for _ in $(seq 16); do
    seen+=$(tui_screen ad)$'\n'
    tui_keys ad Down
    sleep 0.1
done
seen+=$(tui_screen ad)
kinds_ok=1
for want in "registered" "by phone; class C free (in warranty)" "dispatched" "to technician; note: 带梯子" \
    "appointment" "arrived" "taken back" "receipt R" "note: 拿回车间" "repaired" \
    "no parts; labour 40 min" "inspected" "failed; note: 仍不制冷" "passed" "postponed" \
    "reason: 等配件" "completed" "signed by 孙七" "overdue" "arrival deadline" "return visit" \
    "score 95; attitude very satisfied; skill satisfied"; do
    grep -qF -- "$want" <<<"$seen" || { kinds_ok=0; echo "# missing on screen: $want"; }
done
((kinds_ok)) && tui_ok "every event's kind and details in words on the detail" ||
    tui_not_ok "every event's kind and details in words on the detail" ad
grep -q '[{}]' <<<"$seen" && tui_not_ok "no brace on the detail, at any scroll" ad ||
    tui_ok "no brace on the detail, at any scroll"
grep -qE 'receipt_voided|labour_minutes|on_time|service_class' <<<"$seen" &&
    tui_not_ok "no internal member names on the detail" ad ||
    tui_ok "no internal member names on the detail"

# ---- Enter: the selected event in the pager
tui_keys ad End
tui_keys ad Enter
tui_check "Enter opens the latest event in the pager" ad "Ticket $T1: return visit" 10
if tui_wait ad "By: operator" 5 && tui_wait ad "score 95" 2 &&
    tui_wait ad "attitude very satisfied" 2 && tui_wait ad "promise kept very satisfied" 2 &&
    tui_wait ad "comment: 师傅很耐心，修得很好" 2; then
    tui_ok "the pager has the whole event in words, one clause a line"
else
    tui_not_ok "the pager has the whole event in words, one clause a line" ad
fi
tui_keys ad Escape
tui_wait_gone ad "By: operator" 5 && tui_ok "Esc closes the pager" ||
    tui_not_ok "Esc closes the pager" ad
tui_check "back on the detail" ad "Ticket $T1: closed" 3
tui_keys ad Up Enter
tui_check "Up then Enter: the event above it" ad "Ticket $T1: overdue" 10
tui_check "the sweeper's event is the system's" ad "By: system" 3
tui_keys ad q
tui_wait_gone ad "By: system" 5

# ---- v: the whole ticket, scrolled
tui_keys ad v
tui_check "v opens the whole record" ad "Customer: 孙七" 10
tui_keys ad End
tui_check "scrolled to the end: the history's last event" ad "return visit by operator (completed -> closed): score 95" 5
tui_screen ad | grep -q '[{}]' && tui_not_ok "no brace in the whole record" ad ||
    tui_ok "no brace in the whole record"
tui_keys ad Escape
tui_wait_gone ad "Customer: 孙七" 5
tui_keys ad Escape
tui_check "Esc: back to the queue" ad "$T2" 10

# ---- a fault longer than the terminal
select_row ad "$T2" || tui_bail "cannot select $T2"
tui_keys ad Enter
tui_check "the detail of the long fault" ad "Ticket $T2: new" 10
tui_row ad "外机噪音很大" | grep -qE '>$' && tui_ok "the cut fault ends in >" ||
    tui_not_ok "the cut fault ends in >" ad
tui_screen ad | grep -qF "最后一句在这里" && tui_not_ok "the fault's end is not on the detail" ad ||
    tui_ok "the fault's end is not on the detail"
tui_keys ad v
tui_check "v: the whole record" ad "Fault:" 10
tui_screen ad | grep -qF "最后一句在这里" && tui_not_ok "the pager's first page ends before the fault" ad ||
    tui_ok "the pager's first page ends before the fault"
tui_keys ad End
tui_check "scrolled down: the fault wraps and ends in full" ad "最后一句在这里" 5
tui_check "its start too" ad "外机噪音很大并且" 2
tui_keys ad Escape
tui_wait_gone ad "最后一句在这里" 5 && tui_ok "Esc closes it" || tui_not_ok "Esc closes it" ad

# ---- F6 from a detail: the role's next screen after the one it came from
tui_client d
if ! tui_login d dispatcher demo1234 || ! tui_wait d "Role: Dispatcher" 20; then
    tui_not_ok "log in as dispatcher" d
    tui_done
fi
tui_wait_row d "$T2" "new" 15 || tui_not_ok "T2 on the board" d
select_row d "$T2" || tui_bail "cannot select $T2 on the board"
tui_keys d d
tui_check "the dispatcher opens the detail from the board" d "Ticket $T2: new" 10
# the roles come from op.list: a technician's key is refused by its role
tui_keys d t
tui_check "t in the detail is refused as the technician's (op.list)" d \
    "That is for Technician, not for your role (Dispatcher)" 5
tui_screen d | grep -qF "t Take back" && tui_not_ok "take-back is not on the dispatcher's bar" d ||
    tui_ok "take-back is not on the dispatcher's bar"
tui_check "the key bar names the next screen" d "F6 Inspection queue" 5
tui_keys d F6
tui_check "F6 from the detail: the inspection queue" d "Inspection:" 10
tui_screen d | grep -qF "Ticket $T2: new" && tui_not_ok "the detail is gone" d ||
    tui_ok "the detail is gone"

tui_done
