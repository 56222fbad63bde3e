#!/usr/bin/env bash
# tests/tui/queue_push.sh: pushed changes reach the dispatch board at once.
# A change is announced the way any tool may announce one to the daemons: a
# NOTIFY on channel "svcdesk" with {"origin","topic","event","data"}; the
# daemon fans it out to its subscribed clients.
#   - a ticket.changed push inserts a row (Chinese customer name included)
#   - a newer push for the same number replaces the row
#   - an sla.breach push is announced and turns the row red
#   - a partial push ({"no", "partial": true}) is fetched with ticket.get
. "$(dirname "$0")/lib.sh"

tui_setup

# tui_notify EVENT TOPIC DATA-JSON: announces a change on the daemons' channel.
tui_notify() {
    tui_sql "SELECT pg_notify('svcdesk', \$j\$"'{"origin":"tui-test","topic":"'"$2"'","event":"'"$1"'","data":'"$3"'}'"\$j\$)" >/dev/null
}

# ticket NO STATE VERSION ARRIVAL-DUE: a ticket object as the daemon sends it.
ticket() {
    printf '{"no":"%s","type":"B","channel":"phone","state":"%s","service_class":"C",' "$1" "$2"
    printf '"customer":{"id":1,"name":"张伟"},"unit":null,"fault":"空调不制冷",'
    printf '"taken_by":"operator","owner":"operator","technician":null,'
    printf '"created_at":"%s","reply_due":"%s","arrival_due":"%s",' "$4" "$4" "$4"
    printf '"appointment":null,"overdue":false,"repair":null,"charges":null,"version":%s}' "$3"
}

due=$(date -u -d '-30 min' +%Y-%m-%dT%H:%M:%SZ)

tui_client q
if ! tui_login q dispatcher demo1234 || ! tui_wait q "Role: Dispatcher" 15; then
    tui_not_ok "log in as dispatcher" q
    tui_done
fi
tui_ok "log in as dispatcher"
# The dispatch board: every queue (4), so a ticket that is dispatched stays.
tui_wait q "tickets, by deadline" 5
tui_keys q 4
tui_wait q "All: 0 tickets, by deadline" 10
# The subscription is sent right after the login: give it a moment.
sleep 0.5

tui_notify ticket.changed tickets "$(ticket B2611249901 new 1 "$due")"
tui_check "a ticket.changed push inserts the row" q "B2611249901" 10
if tui_screen q | grep -F "B2611249901" | grep -qF "张伟"; then
    tui_ok "the row shows the Chinese customer name"
else
    tui_not_ok "the row shows the Chinese customer name" q
fi
if tui_screen q | grep -F "B2611249901" | grep -qE -- '-0h(29|30|31)m'; then
    tui_ok "an overdue row counts down below zero"
else
    tui_not_ok "an overdue row counts down below zero" q
fi

tui_notify ticket.changed tickets "$(ticket B2611249901 dispatched 2 "$due")"
if tui_wait q "dispatched" 10 && (($(tui_screen q | grep -cF "B2611249901") == 1)); then
    tui_ok "a newer push replaces the row"
else
    tui_not_ok "a newer push replaces the row" q
fi

# A row due in two hours is not red until an sla.breach says it is overdue.
later=$(date -u -d '+2 hours' +%Y-%m-%dT%H:%M:%SZ)
red=$'\e[31m'
tui_notify ticket.changed tickets "$(ticket B2611249902 new 1 "$later")"
tui_wait q "B2611249902" 10
if ! tui_screen_attrs q | grep -F "B2611249902" | grep -qF "$red"; then
    tui_ok "a row due later is not red"
else
    tui_not_ok "a row due later is not red" q
fi
tui_notify sla.breach sla '{"kind":"arrival","no":"B2611249902","due":"'"$later"'"}'
tui_check "an sla.breach push is announced" q "Deadline passed: B2611249902" 10
if tui_screen_attrs q | grep -F "B2611249902" | grep -qF "$red"; then
    tui_ok "sla.breach turns the row red"
else
    tui_not_ok "sla.breach turns the row red" q
fi

# A push too large to relay carries {"no", "partial": true}: the client
# fetches the ticket (ticket.get) and shows it.
tui_sql "
INSERT INTO customers (id, name, phones, region) VALUES (401, '周杰', '{13500135000}', 'urban');
INSERT INTO tickets (no, type, channel, state, service_class, customer_id, region, fault,
        taken_by, owner, reply_due, arrival_due) VALUES
    ('B2611249903', 'B', 'phone', 'new', 'C', 401, 'urban', '油烟机噪音大',
     'operator', 'operator', now() + interval '20 hours', now() + interval '5 hours');" >/dev/null ||
    tui_bail "cannot insert the ticket"
tui_notify ticket.changed tickets '{"no":"B2611249903","partial":true}'
if tui_wait q "B2611249903" 10 && tui_row q "B2611249903" | grep -qF "油烟机噪音大"; then
    tui_ok "a partial push is fetched and shown whole"
else
    tui_not_ok "a partial push is fetched and shown whole" q
fi

tui_done
