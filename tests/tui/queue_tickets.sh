#!/usr/bin/env bash
# tests/tui/queue_tickets.sh: tickets already in the database fill the queue.
# Three tickets (two with Chinese customers and faults) are written with psql
# before the client starts; then:
#   - a dispatcher's board shows the new one, and all three in queue 4 (all),
#     with the Chinese text, sorted by deadline
#   - Chinese text keeps the columns in line: the technician column and the
#     row's end fall on the same screen columns as in an ASCII row
#   - a technician sees only the ticket dispatched to them
. "$(dirname "$0")/lib.sh"

tui_setup

echo demo1234 | "$SVCDESK_BIN/svcdeskd" useradd --db "$TUI_DB_CONNINFO" \
    --name 王立 wang.li technician >/dev/null || tui_bail "cannot add user wang.li"
tui_sql "
INSERT INTO customers (id, name, phones, address, region) VALUES
    (101, '张伟', '{13800138000}', '北京市朝阳区建国路88号', 'urban'),
    (102, '北京海淀李明家电维修服务部', '{13900139000}', '北京市海淀区中关村大街1号', 'urban'),
    (103, 'ACME Trading Co', '{01065550123}', '1 Main Street', 'urban');
INSERT INTO units (id, customer_id, model, serial, purchase_date) VALUES
    (201, 101, 'KFR-35GW', 'SN-A-0001', '2025-06-01'),
    (202, 102, 'XQG80-B1', 'SN-W-0002', '2025-03-15'),
    (203, 103, 'BCD-520W', 'SN-F-0003', '2024-11-20');
INSERT INTO tickets (no, type, channel, state, service_class, customer_id, unit_id,
        region, fault, taken_by, owner, technician, reply_due, arrival_due) VALUES
    ('B2611240001', 'B', 'phone', 'dispatched', 'C', 101, 201, 'urban',
     '空调不制冷，室外机有异响', 'operator', 'operator', 'technician',
     now() + interval '1 hour', now() + interval '3 hours'),
    ('B2611240002', 'B', 'phone', 'new', 'C', 102, 202, 'urban',
     '洗衣机脱水时剧烈震动并且漏水，需要尽快上门检查维修，客户下午在家',
     'operator', 'operator', NULL,
     now() + interval '30 minutes', now() + interval '1 hour'),
    ('B2611240003', 'B', 'web', 'dispatched', 'A', 103, 203, 'urban',
     'Fridge not cooling', 'operator', 'operator', 'wang.li',
     now() + interval '1 hour', now() + interval '6 hours');" >/dev/null ||
    tui_bail "cannot insert the tickets"

# The dispatcher's queue.
tui_client d
if ! tui_login d dispatcher demo1234 || ! tui_wait d "Role: Dispatcher" 20; then
    tui_not_ok "log in as dispatcher" d
    tui_done
fi
tui_ok "log in as dispatcher"
tui_check "the board shows the new ticket" d "New: 1 ticket, by deadline" 20
tui_keys d 4
tui_check "the queue shows the tickets from the database" d "All: 3 tickets, by deadline" 20
tui_check "the queue shows the rows" d "B2611240003" 5
if tui_screen d | grep -F "B2611240001" | grep -F "张伟" | grep -qF "空调不制冷，室外机有异响"; then
    tui_ok "a row shows the Chinese customer name and fault"
else
    tui_not_ok "a row shows the Chinese customer name and fault" d
fi
if tui_screen d | grep -F "B2611240002" | grep -F "北京海淀" | grep -qF "洗衣机脱水时剧烈震动"; then
    tui_ok "a long Chinese name and fault are shown, cut to their columns"
else
    tui_not_ok "a long Chinese name and fault are shown, cut to their columns" d
fi
order=$(tui_screen d | grep -oE 'B261124000[123]' | tr '\n' ' ')
if [[ $order == "B2611240002 B2611240001 B2611240003 " ]]; then
    tui_ok "the rows are sorted by deadline"
else
    tui_not_ok "the rows are sorted by deadline (got: $order)" d
fi

# Widths: the technician column starts, and the due column ends, at the
# same screen columns in Chinese rows as in the ASCII row and the header.
if command -v python3 >/dev/null; then
    head_tech=$(tui_column d "Customer" "Technician")
    zh_tech=$(tui_column d "B2611240001" "technician")
    ascii_tech=$(tui_column d "B2611240003" "wang.li")
    if ((head_tech > 0 && zh_tech == head_tech && ascii_tech == head_tech)); then
        tui_ok "the technician column lines up after Chinese text"
    else
        tui_not_ok "the technician column lines up after Chinese text (header $head_tech, Chinese row $zh_tech, ASCII row $ascii_tech)" d
    fi
    ends=$(for no in B2611240001 B2611240002 B2611240003; do tui_column d "$no"; done | sort -u)
    # widget/table keeps a blank column at either edge
    if [[ $ends == "$((TUI_COLS - 2))" ]]; then
        tui_ok "every row's due column ends at the same screen column"
    else
        tui_not_ok "every row's due column ends at the same screen column (got: $(echo $ends))" d
    fi
else
    tui_skip "Chinese text keeps the columns in line" "no python3 to measure widths"
fi

# A technician sees only the ticket dispatched to them.
tui_client t
if ! tui_login t technician demo1234 || ! tui_wait t "Role: Technician" 20; then
    tui_not_ok "log in as technician" t
    tui_done
fi
tui_ok "log in as technician"
if tui_wait t "My tickets: 1 ticket" 20 && tui_wait t "B2611240001" 5 &&
    tui_screen t | grep -F "B2611240001" | grep -qF "空调不制冷"; then
    tui_ok "the technician sees the ticket dispatched to them"
else
    tui_not_ok "the technician sees the ticket dispatched to them" t
fi
if ! tui_screen t | grep -qE 'B261124000[23]'; then
    tui_ok "the technician does not see other tickets"
else
    tui_not_ok "the technician does not see other tickets" t
fi

tui_done
