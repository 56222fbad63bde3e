#!/usr/bin/env bash
# tests/tui/reconnect.sh: the client rides out a restart of the daemon.
#   - when the daemon stops (SIGTERM), the status line says so within ~2 s
#   - once a daemon listens on the port again, the client reconnects, logs in
#     again by itself as the same user, and reloads the queue (a ticket
#     written while the daemon was down shows up)
#   - the screen keeps answering keys while disconnected
. "$(dirname "$0")/lib.sh"

tui_setup

tui_client r
if ! tui_login r dispatcher demo1234 || ! tui_wait r "Role: Dispatcher" 20; then
    tui_not_ok "log in as dispatcher" r
    tui_done
fi
tui_ok "log in as dispatcher"
tui_wait r "0 tickets, by deadline" 20 || tui_not_ok "the empty queue is loaded" r

port=$TUI_PORT
if tui_stop_daemon 20; then
    tui_ok "the daemon stops on SIGTERM"
else
    tui_not_ok "the daemon stops on SIGTERM"
fi
# The daemon has exited: its sockets are closed, so the client sees it at once
# (3 s allows for a loaded machine).
if tui_wait r "Disconnected, reconnecting..." 3; then
    tui_ok "the status line says disconnected"
else
    tui_not_ok "the status line says disconnected" r
fi
if [[ $(tui_line r 1) == *"User: dispatcher"* ]]; then
    tui_ok "the status line keeps the user while disconnected"
else
    tui_not_ok "the status line keeps the user while disconnected" r
fi
tui_keys r F1
tui_check "the screen answers keys while disconnected" r "Help: Dispatch board" 5
tui_keys r Escape
tui_wait_gone r "Help: Dispatch board" 5

# A ticket written while the daemon is down: no push announces it, so only
# a reload of the queue can show it.
tui_sql "
INSERT INTO customers (id, name, phones, region) VALUES (301, '刘洋', '{13700137000}', 'urban');
INSERT INTO tickets (no, type, channel, state, service_class, customer_id, region, fault,
        taken_by, owner, reply_due, arrival_due) VALUES
    ('B2611240031', 'B', 'phone', 'new', 'C', 301, 'urban', '热水器不点火',
     'operator', 'operator', now() + interval '2 hours', now() + interval '4 hours');" >/dev/null ||
    tui_bail "cannot insert the ticket"

tui_start_daemon "$port"
if tui_wait_connected r 15 && tui_wait r "Reconnected and logged in again as dispatcher" 15; then
    tui_ok "the client reconnects and logs in again by itself"
else
    tui_not_ok "the client reconnects and logs in again by itself" r
fi
status=$(tui_line r 1)
if [[ $status == *" Connected "* && $status == *"User: dispatcher"* &&
    $status == *"Role: Dispatcher"* ]]; then
    tui_ok "the status line shows Connected and the same user"
else
    tui_not_ok "the status line shows Connected and the same user" r
fi
if tui_wait r "1 ticket, by deadline" 15 && tui_screen r | grep -F "B2611240031" | grep -qF "热水器不点火"; then
    tui_ok "the queue is reloaded after the reconnection"
else
    tui_not_ok "the queue is reloaded after the reconnection" r
fi

tui_done
