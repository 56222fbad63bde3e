#!/usr/bin/env bash
# tests/tui/stock.sh: parts and stock (issue #13), at 80x24:
#   - the admin's catalogue: a adds a part (a price in yuan is saved in
#     fen), Enter changes its price
#   - the stock screen: the service points; Enter shows a point's parts with
#     their quantities
#   - r receives parts with a note: the quantity shown and in the database,
#     a ledger row with who and why
#   - c corrects a count: without a reason it is refused in the form; with
#     one the quantity is the count, the ledger row has the reason
#   - l shows the point's ledger, newest first: who, the movement, the
#     balance after it, why; Enter shows a movement whole
#   - a dispatcher receives but is not offered the correction
#   - zh_CN at 80x24: the catalogue, the stock and the ledger lay out
TUI_COLS=80
TUI_LINES=24
. "$(dirname "$0")/lib.sh"

tui_setup
tui_sql "INSERT INTO service_points (id, name, region) VALUES (901, '朝阳服务站', 'urban');
    INSERT INTO parts (part_no, name, price) VALUES ('P-COMP-1', '压缩机', 38000),
    ('P-FAN-1', '风扇电机', 9000)" >/dev/null

tui_client ad
if ! tui_login ad admin demo1234 || ! tui_wait ad "Role: Administrator" 20; then
    tui_not_ok "log in as admin" ad
    tui_done
fi

# ---- the catalogue
if tui_f6_to ad "Parts catalogue"; then tui_ok "F6 goes round to the parts catalogue"
else tui_not_ok "F6 goes round to the parts catalogue" ad; fi
tui_check "the catalogue lists the parts with their price" ad "380.00" 10
tui_keys ad a
tui_check "a opens the new part's form" ad "New part" 5
tui_type ad "P-SEAL-1"; tui_keys ad Tab; tui_type ad "门封条"; tui_keys ad Tab; tui_type ad "12.5"
tui_keys ad C-s
tui_check "the part is saved" ad "Part P-SEAL-1 is saved" 10
tui_wait_sql "SELECT name || '|' || price FROM parts WHERE part_no = 'P-SEAL-1'" "门封条|1250" 5 &&
    tui_ok "the database has it, the price in fen" || tui_not_ok "the database has it, the price in fen"
tui_check "the catalogue lists it" ad "P-SEAL-1" 10
tui_select ad "P-SEAL-1"
tui_keys ad Enter
tui_check "Enter edits the chosen part" ad "Edit part" 5
tui_keys ad Tab C-a C-k
tui_type ad "13"
tui_keys ad C-s
tui_wait_sql "SELECT price FROM parts WHERE part_no = 'P-SEAL-1'" 1300 10 &&
    tui_ok "its new price is saved" || tui_not_ok "its new price is saved" ad

# ---- the stock of a point
if tui_f6_to ad "Stock"; then tui_ok "F6 goes round to the stock"
else tui_not_ok "F6 goes round to the stock" ad; fi
tui_check "the stock screen lists the service points" ad "朝阳服务站" 10
tui_select ad "朝阳服务站"
tui_keys ad Enter
tui_check "Enter shows the point's stock" ad "Stock at 朝阳服务站" 10
tui_wait_row ad "P-COMP-1" "压缩机 +0( |$)" 10 && tui_ok "a part with none in stock shows 0" ||
    tui_not_ok "a part with none in stock shows 0" ad
tui_select ad "P-COMP-1"
tui_keys ad r
tui_check "r opens the receipt" ad "Receive P-COMP-1 at 朝阳服务站" 5
tui_type ad 5; tui_keys ad Tab; tui_type ad "入库单 7"
tui_keys ad C-s
tui_check "the parts are received" ad "P-COMP-1 at 朝阳服务站: 5 in stock" 10
tui_wait_row ad "P-COMP-1" "压缩机 +5( |$)" 10 && tui_ok "the stock shows 5" ||
    tui_not_ok "the stock shows 5" ad

tui_keys ad c
tui_check "c opens the correction" ad "Correct the count of P-COMP-1 at 朝阳服务站" 5
tui_type ad 3
tui_keys ad C-s
tui_check "a correction without a reason is refused in the form" ad "Reason: required" 5
tui_keys ad Tab
tui_type ad "盘点少两个"
tui_keys ad C-s
tui_check "the count is recorded" ad "P-COMP-1 at 朝阳服务站: 3 in stock" 10
row=$(tui_sql_value "SELECT string_agg(kind || ':' || delta || ':' || balance || ':' || actor || ':' ||
    reason, ',' ORDER BY id) FROM stock_ledger WHERE part_no = 'P-COMP-1'")
[[ $row == "receive:5:5:admin:入库单 7,correct:-2:3:admin:盘点少两个" ]] &&
    tui_ok "the ledger has both movements with who and why" ||
    tui_not_ok "the ledger has both movements with who and why (got: $row)"
[[ $(tui_sql_value "SELECT qty FROM part_stock WHERE service_point_id = 901 AND part_no = 'P-COMP-1'") == 3 ]] &&
    tui_ok "the stock is 3" || tui_not_ok "the stock is 3"

# ---- the ledger
tui_keys ad l
tui_check "l shows the point's ledger" ad "Stock ledger: 朝阳服务站" 10
tui_wait_row ad "corrected" "-2 +3 +admin .*盘点少两个" 10 &&
    tui_ok "the correction: who, the movement, the balance, why" ||
    tui_not_ok "the correction: who, the movement, the balance, why" ad
tui_wait_row ad "delivered" "\+5 +5 +admin .*入库单 7" 5 &&
    tui_ok "the receipt below it" || tui_not_ok "the receipt below it" ad
tui_frame_ok "the ledger lays out at 80x24" ad
tui_keys ad Home Enter
tui_check "Enter shows the movement whole" ad "Why: 盘点少两个" 5
tui_keys ad Escape Escape
tui_check "Esc goes back to the stock" ad "Stock at 朝阳服务站" 5

# ---- a dispatcher receives, does not correct
tui_client d
if tui_login d dispatcher demo1234 && tui_wait d "Role: Dispatcher" 20 && tui_f6_to d "Stock"; then
    tui_select d "朝阳服务站"
    tui_keys d Enter
    tui_wait d "Stock at 朝阳服务站" 10
    tui_select d "P-FAN-1"
    if tui_wait d "r Receive" 5 && ! tui_line d 24 | grep -q "Correct"; then
        tui_ok "a dispatcher is offered the receipt, not the correction"
    else
        tui_not_ok "a dispatcher is offered the receipt, not the correction" d
    fi
else
    tui_not_ok "the dispatcher's F6 goes round to the stock" d
fi

# ---- Chinese at 80x24
if tui_has_locale zh_CN.UTF-8; then
    tui_client zh LANG=zh_CN.UTF-8
    if tui_login zh admin demo1234 "密码" && tui_wait zh "管理员" 20 &&
        tui_f6_to zh "配件目录"; then
        tui_check "zh_CN: the catalogue" zh "门封条" 10
        tui_frame_ok "zh_CN: the catalogue lays out at 80x24" zh
        tui_f6_to zh "库存" || tui_not_ok "zh_CN: F6 goes round to the stock" zh
        tui_select zh "朝阳服务站"
        tui_keys zh Enter
        tui_check "zh_CN: the point's stock" zh "朝阳服务站的库存" 10
        tui_frame_ok "zh_CN: the stock lays out at 80x24" zh
        tui_keys zh l
        tui_check "zh_CN: the ledger" zh "盘点少两个" 10
        tui_frame_ok "zh_CN: the ledger lays out at 80x24" zh
    else
        tui_not_ok "zh_CN: F6 goes round to 配件目录" zh
    fi
else
    tui_skip "zh_CN" "no zh_CN.UTF-8 locale"
fi

tui_done
