#!/usr/bin/env bash
# tests/tui/intake.sh: the operator's intake screen registers calls.
#   (a) a new customer (Chinese name 张三, phone, urban) with a new unit and a
#       fault: the ticket number shows on screen; in the database it is new,
#       of the class the screen computed (C: bought three months ago), and
#       its customer is 张三
#   (b) the same phone finds that customer; picking the unit registers a
#       second ticket for the same customer id
#   (c) a consultation (type Z) answered on the call is closed
#   and an error is told by the field's label, which is highlighted: a bad
#   phone for a new customer and an override without a reason are caught
#   before sending; the unit missing for a repair call is the daemon's
#   refusal (field `unit`), shown on Model; after the fixes the same form
#   saves, with the class overridden
#   and a call saved while disconnected is sent once the connection is back,
#   and registered once.
. "$(dirname "$0")/lib.sh"

tui_setup

PHONE=13912345678
BOUGHT=$(date -d '-3 months' +%F)
red=$'\e\\[([0-9;]*;)?31(;[0-9;]*)?m'

# tabs SESSION N: presses Tab N times.
tabs() { local i; for ((i = 0; i < $2; i++)); do tui_keys "$1" Tab; done; }

# The number of the ticket in the banner ("Ticket B2611240001 registered").
banner_no() { tui_screen "$1" | grep -oE "(Ticket|Consultation) [BYZQ][0-9]{10}" | head -n 1 | cut -d' ' -f2; }

tui_client op
if ! tui_login op operator demo1234 || ! tui_wait op "Role: Operator" 20; then
    tui_not_ok "log in as operator" op
    tui_done
fi
tui_check "the operator's first screen is the intake" op "New call" 10
tui_check "the intake shows the class preview" op "Service class:" 5

# --- (a) a new customer and a new unit
tui_type op "$PHONE"
tui_check "an unknown phone is looked up as it is typed" op "No customer has the phone $PHONE" 15
tui_keys op Tab                      # to the name: no results to choose from
tui_type op "张三"
if tui_row op "Phones" | grep -qF "$PHONE"; then
    tui_ok "a new customer's phones take the caller's phone"
else
    tui_not_ok "a new customer's phones take the caller's phone" op
fi
tabs op 3                            # phones, region (urban), address
tui_type op "北京市朝阳区建国路88号"
tui_keys op Tab
tui_type op "KFR-35GW"
tui_keys op Tab
tui_type op "SN-TUI-0001"
tui_keys op Tab
tui_type op "$BOUGHT"
tui_check "the preview says in warranty, class C" op "Service class: C free" 5
tabs op 7                            # invoice, months, contract, class, type, channel, appointment
tui_keys op Tab                      # fault
tui_type op "空调不制冷，外机异响"
tui_keys op C-s
if tui_wait op "registered: class C" 20; then
    no_a=$(banner_no op)
    tui_ok "the new ticket number is shown ($no_a)"
else
    no_a=
    tui_not_ok "the new ticket number is shown" op
fi
row=$(tui_sql_value "SELECT t.state || '|' || t.service_class || '|' || c.name || '|' ||
    c.phones[1] || '|' || c.region || '|' || u.serial || '|' || t.fault
    FROM tickets t JOIN customers c ON c.id = t.customer_id JOIN units u ON u.id = t.unit_id
    WHERE t.no = '$no_a'")
if [[ $row == "new|C|张三|$PHONE|urban|SN-TUI-0001|空调不制冷，外机异响" ]]; then
    tui_ok "(a) the ticket is in the database: new, class C, customer 张三"
else
    tui_not_ok "(a) the ticket is in the database: new, class C, customer 张三 (got: $row)" op
fi
cust_a=$(tui_sql_value "SELECT customer_id FROM tickets WHERE no = '$no_a'")

# --- (b) the same caller again: found by phone, the unit picked
tui_check "the form is cleared for the next call" op "Customer (new)" 5
tui_type op "$PHONE"
tui_check "a known phone finds the customer" op "1 customer with the phone $PHONE" 15
tui_keys op Tab                      # the results list
tui_keys op Enter                    # the first row: 张三 with the unit
if tui_wait op "Customer no. $cust_a (known)" 5 && tui_wait op "Product unit no." 5 &&
    tui_row op "Model" | grep -qF "KFR-35GW"; then
    tui_ok "picking the row fills the customer and the unit"
else
    tui_not_ok "picking the row fills the customer and the unit" op
fi
tabs op 4                            # class -> type, channel, appointment, fault
tui_type op "洗衣机不脱水"
tui_keys op C-s
no_b=
if tui_wait_gone op "$no_a registered" 20 && tui_wait op "registered: class C" 5; then
    no_b=$(banner_no op)
fi
if [[ -n $no_b && $no_b != "$no_a" ]]; then
    tui_ok "a second ticket is registered ($no_b)"
else
    tui_not_ok "a second ticket is registered" op
fi
cust_b=$(tui_sql_value "SELECT customer_id FROM tickets WHERE no = '$no_b'")
n_cust=$(tui_sql_value "SELECT count(*) FROM customers")
if [[ -n $cust_b && $cust_b == "$cust_a" && $n_cust == 1 ]]; then
    tui_ok "(b) the second ticket has the same customer id"
else
    tui_not_ok "(b) the second ticket has the same customer id ($cust_a, $cust_b, $n_cust customers)" op
fi

# --- errors name their field; the same form then saves
tui_type op "13700000001"
tui_check "an unknown phone again" op "No customer has the phone 13700000001" 15
tui_keys op Tab
tui_type op "李四"
tui_keys op Tab C-a C-k
tui_type op "12ab"                   # not a phone
tabs op 2                            # region, address (a new customer's is required)
tui_type op "北京市西城区1号"
tabs op 11                           # on to the fault
tui_type op "热水器不点火"
tui_keys op C-s
if tui_wait op "Phones: 7 to 20 digits, maybe a leading +" 15 &&
    tui_row_attrs op "Phones" | grep -qE "$red.*Phones"; then
    tui_ok "a bad phone: caught before sending, told and highlighted by its label"
else
    tui_not_ok "a bad phone: caught before sending, told and highlighted by its label" op
fi
if tui_screen op | grep -qF "customer.phones"; then
    tui_not_ok "no wire name on the screen (customer.phones)" op
else
    tui_ok "no wire name on the screen (customer.phones)"
fi
tui_keys op C-a C-k                  # the focus went to the phones
tui_type op "13700000001"
tui_keys op C-s
if tui_wait op "Not saved: Model: required" 15 && tui_row_attrs op "Serial no." | grep -qE "$red.*Model"; then
    tui_ok "a repair call without a unit: the daemon's refusal (unit) is told and highlighted on Model"
else
    tui_not_ok "a repair call without a unit: the daemon's refusal (unit) is told and highlighted on Model" op
fi
tui_type op "JSQ20"                  # the focus went to the model
tui_keys op Tab
tui_type op "SN-TUI-0002"
tui_keys op Tab
tui_type op "$(date -d '-3 years' +%F)"
tui_check "the preview says out of warranty, class A" op "Service class: A paid" 5
tabs op 4                            # invoice, months, contract, class
tui_keys op Right Right              # as computed -> A -> B
tui_check "an override shows with the computed class" op "Service class: B contract, overridden (computed: A)" 5
tui_keys op C-s
if tui_wait op "Reason: required" 15 && tui_row_attrs op "Reason" | grep -qE "$red.*Reason"; then
    tui_ok "an override without a reason: caught before sending, Reason highlighted"
else
    tui_not_ok "an override without a reason: caught before sending, Reason highlighted" op
fi
tui_type op "老客户，按合同价"
tui_keys op C-s
if tui_wait op "registered: class B" 20; then
    no_e=$(banner_no op)
    tui_ok "after the fixes the same form saves ($no_e)"
else
    tui_not_ok "after the fixes the same form saves" op
fi
row=$(tui_sql_value "SELECT count(*) || '|' || max(t.service_class) || '|' || max(t.class_reason)
    FROM tickets t JOIN customers c ON c.id = t.customer_id WHERE c.name = '李四'")
[[ $row == "1|B|老客户，按合同价" ]] && tui_ok "one ticket for 李四, class B overridden with the reason" ||
    tui_not_ok "one ticket for 李四, class B overridden with the reason (got $row)" op

# --- (c) a consultation answered on the call
tui_type op "$PHONE"
tui_check "the caller is found again" op "1 customer with the phone $PHONE" 15
tui_keys op Tab Down Enter           # 张三, a new unit (left empty: none)
tui_check "a new unit for the known customer" op "Product unit (new" 5
tabs op 7                            # from the model on to the type
tui_keys op Right Right              # B -> Y -> Z
tui_check "type Z shows the answer field" op "Answer" 5
tui_check "no unit: the preview says class D" op "Service class: D internal" 5
tabs op 3                            # channel, appointment, fault
tui_type op "保修期多长？"
tui_keys op Tab
tui_type op "整机保修一年"
tui_keys op C-s
if tui_wait op "answered and closed" 20; then
    no_c=$(banner_no op)
    tui_ok "the consultation is answered and closed ($no_c)"
else
    no_c=
    tui_not_ok "the consultation is answered and closed" op
fi
row=$(tui_sql_value "SELECT type || '|' || state || '|' || service_class || '|' || answer
    FROM tickets WHERE no = '$no_c'")
if [[ $row == "Z|closed|D|整机保修一年" ]]; then
    tui_ok "(c) the consultation is closed in the database"
else
    tui_not_ok "(c) the consultation is closed in the database (got: $row)" op
fi

# --- saving while disconnected: sent once the connection is back
tui_type op "$PHONE"
tui_check "the caller is found once more" op "1 customer with the phone $PHONE" 15
tui_keys op Tab Enter
tabs op 4
tui_type op "冰箱不制冷"
port=$TUI_PORT
before=$(tui_sql_value "SELECT count(*) FROM tickets")
tui_stop_daemon 20 || tui_not_ok "the daemon stops"
tui_wait op "Disconnected" 10
tui_keys op C-s
tui_check "saving while disconnected waits for the connection" op "Waiting for the connection to save" 5
tui_start_daemon "$port"
if tui_wait op "registered: class C" 30; then
    tui_ok "the call is saved once the connection is back"
else
    tui_not_ok "the call is saved once the connection is back" op
fi
after=$(tui_sql_value "SELECT count(*) FROM tickets")
((after == before + 1)) && tui_ok "it is registered once" || tui_not_ok "it is registered once ($before -> $after)" op

tui_keys op F1
tui_check "F1 shows the intake's help with the save keys" op "save the call (also F2)" 5
tui_keys op Escape

tui_done
