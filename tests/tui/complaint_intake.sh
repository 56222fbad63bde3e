#!/usr/bin/env bash
# tests/tui/complaint_intake.sh: the operator's complaint form takes a
# customer who is not in the system.
#   - an unknown phone: the form says nobody has it and shows the new
#     customer's fields (name, region, address), not the ticket number
#   - an empty name is caught before sending, told by its label and
#     highlighted; nothing is registered
#   - the fields filled, Ctrl-S: the complaint is registered; the database
#     has one new customer with that phone, region and address, and the
#     complaint points to them
#   - a relative calling from a known customer's phone: the last row,
#     "+ a new customer", enters a second customer with the same phone
#   - F7 from the call form with a customer chosen there skips the lookup
#     and registers the complaint for that customer
#   - a save whose answer is lost (drop_proxy.py) is sent again once the
#     client is back: one new customer and one complaint
# (The form is opened by F6 first, then by F7; classify.sh covers a known
# customer looked up on it.)
. "$(dirname "$0")/lib.sh"

tui_setup

tui_sql "INSERT INTO customers (name, phones, address, region)
    VALUES ('钱七', ARRAY['13600000007'], '中山路7号', 'urban')" ||
    tui_bail "cannot add a customer"

# The form by the operator's F6 cycle here (call form, return visits, new
# complaint); by F7 from the call form further down.
tui_client op
tui_login op operator demo1234 && tui_wait op "Caller phone" 20 ||
    { tui_not_ok "the operator's first screen is the call form" op; tui_done; }
tui_keys op F6
tui_wait_gone op "Caller phone" 10
tui_keys op F6
tui_check "F6 twice from the call form opens the complaint form" op "New complaint" 10

# An unknown phone.
tui_type op 13900000009; tui_keys op Enter
tui_check "nobody has the phone: the form says so" op \
    "No customer has the phone 13900000009: type a new customer below" 10
if tui_wait op "Name" 5 && tui_wait op "Region" 5 && tui_wait op "Address" 5 &&
    ! tui_screen op | grep -qF "Ticket no."; then
    tui_ok "the new customer's fields are shown, the ticket number is not"
else
    tui_not_ok "the new customer's fields are shown, the ticket number is not" op
fi

# Region (one to the right: suburban), address, on past the channel to the
# words; the name left empty.
tui_keys op Tab Right Tab
tui_type op "解放路8号"
tui_keys op Tab Tab
tui_type op "上门服务态度差"
tui_keys op Tab
tui_type op "道歉"
tui_keys op C-s
red=$'\e\\[([0-9;]*;)?31(;[0-9;]*)?m'
if tui_wait op "Name: required" 10 && tui_row_attrs op "Region" | grep -qE "$red.*Name"; then
    tui_ok "an empty name is caught before sending, told and highlighted by its label"
else
    tui_not_ok "an empty name is caught before sending, told and highlighted by its label" op
fi
row=$(tui_sql_value "SELECT (SELECT count(*) FROM complaints) || '|' ||
    (SELECT count(*) FROM customers WHERE '13900000009' = ANY (phones))")
[[ $row == "0|0" ]] && tui_ok "nothing is registered" ||
    tui_not_ok "nothing is registered (got: $row)"

# The check put the focus on the name: type it and send again.
tui_type op "赵六"
tui_keys op C-s
C1=
if tui_wait op "registered" 10; then
    C1=$(tui_screen op | grep -oE "Complaint [0-9]{9} registered" | head -n 1 | cut -d' ' -f2)
    tui_ok "the complaint is registered ($C1)"
else
    tui_not_ok "the complaint is registered" op
fi
row=$(tui_sql_value "SELECT count(*) || '|' || string_agg(name || '|' || region || '|' || address, ',')
    FROM customers WHERE '13900000009' = ANY (phones)")
[[ $row == "1|赵六|suburban|解放路8号" ]] &&
    tui_ok "one new customer with that phone, region and address" ||
    tui_not_ok "one new customer with that phone, region and address (got: $row)"
row=$(tui_sql_value "SELECT c.state || '|' || cu.name || '|' || array_to_string(cu.phones, ',') || '|' ||
        c.text || '|' || c.demand || '|' || c.taken_by || '|' || coalesce(c.ticket_no, '-')
    FROM complaints c JOIN customers cu ON cu.id = c.customer_id WHERE c.no = '$C1'")
[[ $row == "received|赵六|13900000009|上门服务态度差|道歉|operator|-" ]] &&
    tui_ok "the complaint points to the new customer" ||
    tui_not_ok "the complaint points to the new customer (got: $row)"

# A relative on a known customer's phone: the last row enters a new one.
tui_keys op Escape
tui_wait op "New call" 10
tui_keys op F7
tui_wait op "New complaint" 10
tui_type op 13600000007; tui_keys op Enter
tui_check "the known customer is found" op "钱七  13600000007" 10
tui_check "the last row enters a new customer" op "+ a new customer" 5
tui_keys op Down Enter
if tui_wait op "Name" 5 && tui_wait_row op "+ a new customer" "^ *\\* \\+ a new customer" 5; then
    tui_ok "Enter on it shows the new customer's fields"
else
    tui_not_ok "Enter on it shows the new customer's fields" op
fi
tui_type op "钱小七"
tui_keys op Tab Tab                     # region, address
tui_type op "中山路7号"
tui_keys op Tab Tab                     # channel, words
tui_type op "替父亲投诉安装延误"
tui_keys op C-s
tui_wait op "registered" 10
row=$(tui_sql_value "SELECT string_agg(cu.name, ',' ORDER BY cu.id) || '|' ||
        (SELECT cu2.name FROM complaints c JOIN customers cu2 ON cu2.id = c.customer_id
         WHERE c.text = '替父亲投诉安装延误')
    FROM customers cu WHERE '13600000007' = ANY (cu.phones)")
[[ $row == "钱七,钱小七|钱小七" ]] &&
    tui_ok "a second customer with the same phone; the complaint is theirs" ||
    tui_not_ok "a second customer with the same phone; the complaint is theirs (got: $row)" op

# F7 with a customer chosen on the call form: no lookup on the complaint form.
tui_keys op Escape
tui_wait op "New call" 10
tui_keys op F8
tui_type op 13600000007
tui_check "the call form finds the customer" op "钱七  13600000007" 15
tui_keys op Enter   # looks up at once and goes to the results
sleep 1
tui_keys op Enter   # takes the first row: 钱七
tui_check "the call form takes the customer" op "Customer no." 10
tui_keys op F7
if tui_wait op "New complaint" 10 && tui_wait_row op "钱七  13600000007" "^ *\\* 钱七" 5 &&
    ! tui_screen op | grep -qF "Name"; then
    tui_ok "F7 brings the customer chosen, already taken"
else
    tui_not_ok "F7 brings the customer chosen, already taken" op
fi
tui_type op "热水器漏水"
tui_keys op C-s
tui_wait op "registered" 10
row=$(tui_sql_value "SELECT cu.name || '|' || (SELECT count(*) FROM customers)
    FROM complaints c JOIN customers cu ON cu.id = c.customer_id WHERE c.text = '热水器漏水'")
[[ $row == "钱七|3" ]] && tui_ok "the words went straight in; the complaint is the chosen customer's" ||
    tui_not_ok "the words went straight in; the complaint is the chosen customer's (got: $row)" op

# A save whose answer is lost: a second client through a proxy that cuts
# the connection after passing complaint.register on. The form sends it
# again once the client is back, with the same request_key.
DROP=$TUI_TMP/drop-next-complaint
tui_drop_proxy complaint.register "$DROP"
TUI_PORT=$TUI_PROXY_PORT tui_client op2
tui_login op2 operator demo1234 && tui_wait op2 "Caller phone" 20 ||
    { tui_not_ok "log in through the proxy" op2; tui_done; }
tui_keys op2 F7
tui_wait op2 "New complaint" 10
tui_type op2 13900000010; tui_keys op2 Enter
tui_wait op2 "No customer has the phone 13900000010" 10
tui_type op2 "孙九"
tui_keys op2 Tab Tab
tui_type op2 "中山路9号"
tui_keys op2 Tab Tab
tui_type op2 "断线后重发"
touch "$DROP"
tui_keys op2 C-s
tui_check "the answer is lost: the form says it sends the complaint again" op2 \
    "The connection dropped while saving: the complaint is sent again" 15
if tui_wait_row op2 " registered" "Complaint [0-9]{9} registered" 30; then
    tui_ok "once the client is back the complaint is registered"
else
    tui_not_ok "once the client is back the complaint is registered" op2
fi
row=$(tui_sql_value "SELECT (SELECT count(*) FROM customers WHERE '13900000010' = ANY (phones)) || '|' ||
    (SELECT count(*) FROM complaints WHERE text = '断线后重发')")
[[ $row == "1|1" ]] && tui_ok "one customer and one complaint, not two" ||
    tui_not_ok "one customer and one complaint, not two (got: $row)" op2

tui_done
