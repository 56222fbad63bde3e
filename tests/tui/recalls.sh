#!/usr/bin/env bash
# tests/tui/recalls.sh: product recalls (issue 14), at 80x24:
#   - the recall board (quality): each recall with its progress bar and
#     counts; one past notify_due with customers not told is red, one on
#     time is not; a creates a recall (a batch of no unit refused on the
#     form), its notice queued; Enter opens a recall's units
#     with their customers (phones masked for quality), offering no outcome
#   - the operators' recall call list: F6 reaches it; Enter opens the
#     recall's units; u unreachable, t told, d done, w written off with a
#     reason (refused without), each in the database and on the screen with
#     the recall's counts; b opens the call form with the customer and unit,
#     and the call registered books the unit with its ticket's number and
#     comes back to the units
#   - zh_CN at 80x24: the board and the units lay out
TUI_COLS=80
TUI_LINES=24
. "$(dirname "$0")/lib.sh"

tui_setup
tui_sql "INSERT INTO customers (name, phones, address) VALUES
    ('召回甲', '{13800138001}', '中山路1号'), ('召回乙', '{13800138002}', '中山路2号'),
    ('召回丙', '{13800138003}', '中山路3号'), ('召回丁', '{13800138004}', '中山路4号');
    INSERT INTO units (customer_id, model, serial, purchase_date)
    SELECT c.id, 'RX-1', 'RX-000' || right(c.phones[1], 1), date '2026-03-01'
    FROM customers c WHERE c.name LIKE '召回%' ORDER BY c.id;
    INSERT INTO units (customer_id, model, serial, purchase_date)
    SELECT c.id, 'LATE-2', 'LT-000' || right(c.phones[1], 1), date '2026-03-01'
    FROM customers c WHERE c.name IN ('召回甲', '召回乙') ORDER BY c.id" >/dev/null

recall() {
    tui_rpc quality recall.create '{"title":"'"$1"'","reason":"压缩机继电器可能过热",
        "models":["'"$2"'"]}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["no"])'
}
R1=$(recall "压缩机召回" RX-1) || tui_bail "recall.create refused: $R1"
R2=$(recall "电源召回" LATE-2) || tui_bail "recall.create refused: $R2"
# R2 created ten hours ago: past notify_due, nobody told
tui_sql "UPDATE recalls SET created_at = now() - interval '10 hours' WHERE no = '$R2'" >/dev/null
red=$'\e\\[([0-9;]*;)?31(;[0-9;]*)?m'
unit_state() {
    tui_sql_value "SELECT ru.state FROM recall_units ru JOIN units u ON u.id = ru.unit_id
        WHERE u.serial = '$1'"
}

# ---- the board
tui_client q
if ! tui_login q quality demo1234 || ! tui_f6_to q "Recall board"; then
    tui_not_ok "F6 takes quality to the recall board" q
    tui_done
fi
tui_ok "F6 takes quality to the recall board"
tui_check "the board lists the recall with its progress" q "$R1" 10
tui_wait_row q "$R1" "压缩机召回.*\.{10} +0 +0 +0 +4 *$" 5 &&
    tui_ok "a new recall: an empty bar, nothing told, 4 units" ||
    tui_not_ok "a new recall: an empty bar, nothing told, 4 units" q
tui_row_attrs q "$R2" | grep -qE "$red" && tui_ok "a recall not told in time is red" ||
    tui_not_ok "a recall not told in time is red" q
tui_row_attrs q "$R1" | grep -qE "$red" && tui_not_ok "a recall within its time is not red" q ||
    tui_ok "a recall within its time is not red"
tui_frame_ok "the board lays out at 80x24" q

# a: a new recall, refused on the models when none matches
tui_keys q a
tui_check "a opens the new recall's form" q "New recall" 5
tui_type q "门封条召回"; tui_keys q Tab
tui_type q "门封条可能脱落"; tui_keys q Tab
tui_type q "NO-SUCH"
tui_keys q C-s
tui_check "a batch of no unit is refused on the models, said on the form" q \
    "Not saved: Models: Invalid input: no unit of those models matches" 10
tui_keys q C-a C-k
tui_type q "LATE-2"; tui_keys q Tab
tui_type q "LT-0002"; tui_keys q Tab
tui_type q "LT-0002"
tui_keys q C-s
tui_check "the recall is created: one unit" q "created: 1 units affected, every customer to be told by" 10
R3=$(tui_sql_value "SELECT no FROM recalls WHERE title = '门封条召回'")
[[ -n $R3 && $(tui_sql_value "SELECT affected || '|' || (SELECT count(*) FROM notifications
    WHERE related = '$R3') FROM recalls WHERE no = '$R3'") == "1|1" ]] &&
    tui_ok "the database has it, one notice queued" ||
    tui_not_ok "the database has it, one notice queued"
tui_check "the board lists it" q "$R3" 10
tui_select q "$R1"
tui_keys q Enter
tui_check "Enter opens the recall's units" q "Recall $R1: 压缩机召回" 10
tui_check "with their customers" q "召回丙" 10
tui_check "the phones masked for quality" q "138****8003" 5
if tui_screen q | grep -qE "Unreachable|Write off"; then
    tui_not_ok "quality is offered no outcome" q
else
    tui_ok "quality is offered no outcome"
fi
tui_frame_ok "the units lay out at 80x24" q
tui_keys q Escape
tui_check "Esc goes back to the board" q "Recall board" 5

# ---- the operators' call list
tui_client op
if ! tui_login op operator demo1234 || ! tui_f6_to op "Recall call list"; then
    tui_not_ok "F6 takes the operator to the recall call list" op
    tui_done
fi
tui_ok "F6 takes the operator to the recall call list"
tui_check "the call list shows the open recalls" op "$R1" 10
tui_select op "$R1"
tui_keys op Enter
tui_check "Enter opens the units to call" op "召回甲" 10
tui_check "the operator sees the phones whole" op "13800138001" 5

tui_select op "RX-0001"
tui_keys op u
tui_check "u: unreachable" op "Unit RX-0001: unreachable" 10
[[ $(unit_state RX-0001) == unreachable ]] && tui_ok "the database has it unreachable" ||
    tui_not_ok "the database has it unreachable"
tui_keys op t
tui_check "t: told" op "Unit RX-0001: told" 10
[[ $(unit_state RX-0001) == notified ]] && tui_ok "the database has it notified" ||
    tui_not_ok "the database has it notified"
tui_check "the counts follow" op "4 units: told 1, done 0" 5

tui_select op "RX-0002"
tui_keys op d
tui_check "d: done" op "Unit RX-0002: done" 10
tui_select op "RX-0003"
tui_keys op w
tui_check "w asks the reason" op "Write off unit RX-0003" 5
tui_keys op Enter
tui_check "without a reason it is refused" op "A unit is written off with a reason" 5
tui_type op "已报废"
tui_keys op Enter
tui_check "w: written off" op "Unit RX-0003: written off" 10
[[ $(tui_sql_value "SELECT ru.state || '|' || ru.reason FROM recall_units ru JOIN units u
    ON u.id = ru.unit_id WHERE u.serial = 'RX-0003'") == "written_off|已报废" ]] &&
    tui_ok "the database has it written off with the reason" ||
    tui_not_ok "the database has it written off with the reason"

# b: the call form with the customer and unit, then booked
tui_select op "RX-0004"
tui_keys op b
tui_check "b opens the call form with the customer" op "召回丁" 10
tui_check "and the unit" op "RX-0004" 5
tui_type op "召回检修"
tui_keys op C-s
tui_check "the call is registered and the unit booked" op "Booked: ticket" 15
TICKET=$(tui_sql_value "SELECT no FROM tickets t JOIN units u ON u.id = t.unit_id
    WHERE u.serial = 'RX-0004'")
[[ -n $TICKET && $(tui_sql_value "SELECT ru.state || '|' || ru.ticket_no FROM recall_units ru
    JOIN units u ON u.id = ru.unit_id WHERE u.serial = 'RX-0004'") == "booked|$TICKET" ]] &&
    tui_ok "the database has it booked with the ticket" ||
    tui_not_ok "the database has it booked with the ticket ($TICKET)"
tui_check "back on the units, the ticket shown" op "$TICKET" 10
tui_check "the counts follow (told: told, booked or done)" op "4 units: told 3, done 1" 5

# the board follows (F5 reads it again)
tui_keys q F5
tui_wait_row q "$R1" "#####\+\+=== +3 +1 +1 +4 *$" 10 &&
    tui_ok "the board's bar and counts follow" || tui_not_ok "the board's bar and counts follow" q

# ---- Chinese at 80x24
if tui_has_locale zh_CN.UTF-8; then
    tui_client zh LANG=zh_CN.UTF-8
    if tui_login zh quality demo1234 "密码" && tui_f6_to zh "召回看板"; then
        tui_check "zh_CN: the board" zh "$R2" 10
        tui_frame_ok "zh_CN: the board lays out at 80x24" zh
        tui_keys zh a
        tui_check "zh_CN: the new recall's form" zh "新建召回" 5
        tui_frame_ok "zh_CN: the new recall's form lays out at 80x24" zh
        tui_keys zh Escape
        tui_check "zh_CN: Esc goes back to the board" zh "召回看板" 5
        tui_select zh "$R1"
        tui_keys zh Enter
        tui_check "zh_CN: the units" zh "召回 $R1：压缩机召回" 10
        tui_keys zh 3
        tui_check "zh_CN: 3 shows every unit, a unit's state in words" zh "已核销" 10
        tui_frame_ok "zh_CN: the units lay out at 80x24" zh
    else
        tui_not_ok "zh_CN: F6 goes round to 召回看板" zh
    fi
    tui_client zo LANG=zh_CN.UTF-8
    if tui_login zo operator demo1234 "密码" && tui_f6_to zo "召回呼叫清单"; then
        tui_ok "zh_CN: the operator's call list"
        tui_frame_ok "zh_CN: the call list lays out at 80x24" zo
    else
        tui_not_ok "zh_CN: F6 goes round to 召回呼叫清单" zo
    fi
else
    tui_skip "zh_CN" "no zh_CN.UTF-8 locale"
fi

tui_done
