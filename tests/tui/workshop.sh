#!/usr/bin/env bash
# tests/tui/workshop.sh: the supervisor's (dispatcher's) workshop screens.
#   - F6 from the board: the inspection queue lists the repaired units
#   - f fails a repair only with a note (the prompt stays open on an empty
#     one, what is typed next goes into it): the ticket is back in_shop in
#     the database and leaves the queue
#   - Enter shows the ticket with its repair card; p asks y/n: n leaves it
#     repaired in the database, y passes it (inspected)
#   - F6 again: the in/out ledger lists the units in the shop with their
#     receipts; a unit returned to its customer leaves it at once (push),
#     and `a` shows it again among the returned ones
#   - P in a detail postpones with a time and a reason (promised_at)
. "$(dirname "$0")/lib.sh"

tui_setup

BOUGHT=$(date -d '-2 months' +%F)

register() {
    tui_rpc operator call.register '{"request_key":"ws-'"$3"'","channel":"phone",
        "type":"B","customer":{"address":"人民路1号","name":"'"$1"'","phones":["'"$2"'"],"region":"urban"},
        "unit":{"model":"XQB60","serial":"'"$3"'","purchase_date":"'"$BOUGHT"'"},
        "fault":"'"$4"'"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["no"])'
}
# repaired NO: dispatched, on site, taken back, repaired in the shop.
repaired() {
    tui_rpc dispatcher ticket.dispatch '{"no":"'"$1"'","technician":"technician"}' >/dev/null &&
        tui_rpc technician ticket.arrive '{"no":"'"$1"'"}' >/dev/null &&
        tui_rpc technician ticket.take_back '{"no":"'"$1"'"}' >/dev/null &&
        tui_rpc technician ticket.repair '{"no":"'"$1"'","diagnosis":"'"$2"'",
            "cause":"进水阀老化","actions":"更换进水阀","parts":[],"labour_minutes":30}' >/dev/null
}

tui_sql "INSERT INTO service_points (id, name) VALUES (902, '维修车间');
    UPDATE users SET service_point_id = 902 WHERE login = 'technician'" >/dev/null ||
    tui_bail "cannot set the service point"
T1=$(register 周一 13700000021 SN-W-1 洗衣机不进水) || tui_bail "cannot register"
T2=$(register 吴二 13700000022 SN-W-2 洗衣机不排水) || tui_bail "cannot register"
repaired "$T1" 进水阀堵塞 && repaired "$T2" 排水泵卡死 || tui_bail "cannot repair"

tui_client d
if ! tui_login d dispatcher demo1234 || ! tui_wait d "Role: Dispatcher" 20; then
    tui_not_ok "log in as dispatcher" d
    tui_done
fi
tui_check "the board first" d "Dispatch board" 10
tui_check "the key bar names the next screen" d "F6 Inspection queue" 5
tui_keys d F6
tui_check "F6: the inspection queue" d "Inspection: 2 repairs waiting" 10
first=$(tui_screen d | grep -oE "$T1|$T2" | head -n 1)
[[ $first == "$T1" ]] || tui_bail "expected $T1 first, got $first"

# --- fail T1: a note is required
tui_keys d f
tui_check "f asks what is wrong" d "Fail the repair of $T1" 5
tui_keys d Enter
tui_check "no note: not failed, said in the prompt" d "Not failed: say what is wrong in a note" 5
tui_check "the prompt stays open" d "Fail the repair of $T1" 1
tui_type d "试机仍漏水"                # into the prompt, not the queue's keys
tui_keys d Enter
tui_check "failed with the note" d "Ticket $T1 failed inspection: back in the shop" 15
if tui_wait_sql "SELECT state FROM tickets WHERE no = '$T1'" in_shop 10; then
    tui_ok "the failed repair is back in_shop in the database"
else
    tui_not_ok "the failed repair is back in_shop in the database"
fi
tui_check "it leaves the queue" d "Inspection: 1 repair waiting" 10

# --- T2: the card, then passed
tui_keys d Enter
if tui_wait d "Ticket $T2: repaired" 10 && tui_wait d "排水泵卡死; cause: 进水阀老化" 5; then
    tui_ok "Enter shows the ticket with its repair card"
else
    tui_not_ok "Enter shows the ticket with its repair card" d
fi
tui_check "the receipt is on the detail" d "Receipt R" 5
tui_keys d p
tui_check "p asks y/n first" d "Pass the repair of $T2?" 5
tui_keys d n
tui_check "n does nothing" d "Nothing done" 5
sleep 0.5
state=$(tui_sql_value "SELECT state FROM tickets WHERE no = '$T2'")
[[ $state == repaired ]] && tui_ok "after n the ticket is still repaired in the database" ||
    tui_not_ok "after n the ticket is still repaired in the database (got $state)"
tui_keys d p
tui_wait d "Pass the repair of $T2?" 5
tui_keys d y
tui_check "y passes it" d "Ticket $T2 passed inspection" 15
if tui_wait_sql "SELECT state FROM tickets WHERE no = '$T2'" inspected 10; then
    tui_ok "the ticket is inspected in the database"
else
    tui_not_ok "the ticket is inspected in the database"
fi
tui_keys d Escape
tui_check "back on the queue, now empty" d "Inspection: 0 repairs waiting" 10

# --- the ledger
r1=$(tui_sql_value "SELECT receipt_no FROM tickets WHERE no = '$T1'")
r2=$(tui_sql_value "SELECT receipt_no FROM tickets WHERE no = '$T2'")
tui_keys d F6
tui_check "F6: the in/out ledger" d "In/out ledger: 2 units in the shop" 10
if tui_row d "$r1" | grep -qF "$T1" && tui_row d "$r2" | grep -qF "$T2" &&
    tui_row d "$r1" | grep -qF "周一"; then
    tui_ok "each unit with its receipt, ticket and customer"
else
    tui_not_ok "each unit with its receipt, ticket and customer ($r1, $r2)" d
fi
tui_rpc technician ticket.complete '{"no":"'"$T2"'","signed_by":"吴二"}' >/dev/null ||
    tui_bail "cannot complete $T2"
tui_check "a unit returned leaves the ledger at once" d "In/out ledger: 1 unit in the shop" 10
tui_keys d a
if tui_wait d "returned ones too" 10 && tui_wait d "$r2" 5 &&
    tui_row d "$r2" | grep -qF "voided"; then
    tui_ok "a shows the returned one, its receipt voided"
else
    tui_not_ok "a shows the returned one, its receipt voided" d
fi

# --- postpone T1 from its detail
tui_keys d a
tui_wait d "1 unit in the shop" 10
tui_keys d Enter
tui_check "the detail from the ledger" d "Ticket $T1: in shop" 10
if tui_row d "taken back" | grep -qE "taken back +in shop +receipt R" &&
    tui_row d "inspected" | grep -qE "inspected +in shop +failed; note: 试机仍漏水"; then
    tui_ok "the history names the take-back and the failed inspection with its note"
else
    tui_not_ok "the history names the take-back and the failed inspection with its note" d
fi
tomorrow=$(date -d '+2 days' +%F)
tui_keys d P
tui_check "P asks until when" d "Postpone $T1 until" 5
tui_keys d C-u
tui_type d "$tomorrow 16:00"
tui_keys d Enter
tui_check "then why" d "Postpone $T1: why?" 5
tui_type d "等配件到货"
tui_keys d Enter
tui_check "postponed" d "Ticket $T1 postponed" 15
if tui_wait_sql "SELECT promised_at IS NOT NULL FROM tickets WHERE no = '$T1'" t 5; then
    tui_ok "the promised time is in the database"
else
    tui_not_ok "the promised time is in the database"
fi

tui_done
