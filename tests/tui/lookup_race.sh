#!/usr/bin/env bash
# tests/tui/lookup_race.sh: keys typed during the caller's lookup apply to
# what the lookup shows, never to a new-customer form that was on the
# screen meanwhile.
#   - the daemon paused (SIGSTOP) while the phone is looked up: `Down Enter`
#     typed before the answer waits for it, then takes the customer and unit
#     found; the new customer's fields stay empty
#   - typed at once after the phone (before the lookup has even gone), `Down
#     Enter` does the same
#   - on the complaint form, `Enter Enter` (look up, take the first row)
#     typed before the answer takes the customer found
. "$(dirname "$0")/lib.sh"

tui_setup

PHONE=13600000007
tui_sql "INSERT INTO customers (name, phones, address, region)
    VALUES ('钱七', ARRAY['$PHONE'], '中山路7号', 'urban')" >/dev/null ||
    tui_bail "cannot add a customer"
tui_sql "INSERT INTO units (customer_id, model, serial, purchase_date)
    SELECT id, 'KFR-26GW', 'SN-RACE-1', current_date - 30 FROM customers" >/dev/null ||
    tui_bail "cannot add a unit"
cust=$(tui_sql_value "SELECT id FROM customers")

# took_customer SESSION: the call form took 钱七 and the unit; nothing was
# typed into the new customer's fields.
took_customer() {
    tui_wait "$1" "Customer no. $cust (known)" 10 && tui_wait "$1" "Product unit no." 5 &&
        tui_row "$1" "Model" | grep -qF "KFR-26GW" && tui_row "$1" "Region" | grep -qF "钱七"
}

tui_client op
tui_login op operator demo1234 && tui_wait op "Caller phone" 20 ||
    { tui_not_ok "the operator's first screen is the call form" op; tui_done; }

# --- the daemon answers late
kill -STOP "$TUI_DAEMON_PID"
tui_type op "$PHONE"
sleep 0.8                                 # the lookup has gone; no answer yet
tui_keys op Down Enter
sleep 0.3
at=$(tui_cursor op)
if tui_screen op | grep -qF "Looking up the caller..." && tui_wait op "Customer (new)" 1 &&
    [[ $(tui_screen op | sed -n "$((${at#* } + 1))p") == *"Caller phone"* ]]; then
    tui_ok "while the lookup is under way the keys wait (the cursor stays on the phone)"
else
    tui_not_ok "while the lookup is under way the keys wait (the cursor stays on the phone)" op
fi
kill -CONT "$TUI_DAEMON_PID"
if took_customer op; then
    tui_ok "Down Enter typed before a late answer takes the customer and unit found"
else
    tui_not_ok "Down Enter typed before a late answer takes the customer and unit found" op
fi

# --- typed at once, before the lookup went
tui_keys op F8
tui_wait op "Customer (new)" 5
tui_type op "$PHONE"
tui_keys op Down Enter
if took_customer op; then
    tui_ok "Down Enter typed at once after the phone takes the customer and unit"
else
    tui_not_ok "Down Enter typed at once after the phone takes the customer and unit" op
fi

# --- the complaint form: Enter looks up, the next Enter takes the row
tui_keys op F8
tui_wait op "Clear the call you are typing?" 2 && tui_keys op y
tui_wait op "Customer (new)" 5
tui_keys op F7
tui_wait op "New complaint" 10
kill -STOP "$TUI_DAEMON_PID"
tui_type op "$PHONE"
tui_keys op Enter Enter
sleep 0.5
kill -CONT "$TUI_DAEMON_PID"
if tui_wait_row op "钱七  $PHONE" "^ *\\* 钱七" 10 && ! tui_screen op | grep -qF "Name*"; then
    tui_ok "complaint form: Enter Enter before the answer takes the customer found"
else
    tui_not_ok "complaint form: Enter Enter before the answer takes the customer found" op
fi

tui_done
