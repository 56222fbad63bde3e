#!/usr/bin/env bash
# tests/tui/admin_users.sh: the admin's Users screen and form, at 80x24.
#   - F6 brings the admin from the queue to the Users screen
#   - the issue's scenario: the admin creates a technician with a service
#     point (picked from the list) and skills and a monthly bonus in yuan;
#     the database has the point's id, the skills and the bonus in fen;
#     then the dispatcher's technician picker shows them with point and
#     skills, and a dispatch to them succeeds (the database agrees)
#   - a password reset typed twice: different, the form says so and sends
#     nothing; the same, it is saved; never shown on the screen; the user
#     logs in with the new password (and not the old one)
#   - a user deactivated while logged in is logged out at once: their
#     client is back at the login screen saying why; so is one given
#     another role, who logs in again with the new one
#   - a manager reads the list but is offered no Add or Edit
. "$(dirname "$0")/lib.sh"

TUI_COLS=80
TUI_LINES=24
tui_setup

POINT=$(tui_rpc admin service_point.save '{"name":"海淀维修站","kind":"own","region":"urban",
    "address":"海淀区中关村1号","head":"刘站长","phone":"010-61234567"}' |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["service_point"]["id"])') ||
    tui_bail "cannot add a service point"
T=$(tui_call 张三 13600000001 SN-U-1 空调不制冷) || tui_bail "cannot register a call"

tui_client ad
if ! tui_login ad admin demo1234 || ! tui_wait ad "Role: Administrator" 20; then
    tui_not_ok "log in as admin" ad
    tui_done
fi
tui_keys ad F6
tui_check "F6 brings the admin to the Users screen" ad "users; role: every role" 10
tui_check "the list shows the demo users" ad "dispatcher" 10

# Create the technician.
tui_keys ad a
tui_check "a opens the new user form" ad "New user" 5
tui_type ad "zhao.gong"
tui_keys ad Tab
tui_type ad "赵工"
tui_keys ad Tab Tab Right Tab Right Tab   # role technician; department; region urban
# The service point, from the list (which may still be on its way).
for _ in 1 2 3 4 5 6 7 8 9 10; do
    tui_keys ad Right
    tui_wait ad "< 海淀维修站 (urban) >" 1 && break
done
tui_check "the service point is picked from the list" ad "< 海淀维修站 (urban) >" 1
tui_keys ad Tab Tab                       # active yes
tui_type ad "空调, 冰箱"
tui_keys ad Tab
tui_type ad "1200.50"
tui_keys ad Tab
tui_type ad "zhao-gong-1"
tui_keys ad Tab
tui_type ad "zhao-gong-1"
if tui_screen ad | grep -q "zhao-gong-1"; then
    tui_not_ok "the password shows as stars" ad
else
    tui_ok "the password shows as stars"
fi
tui_keys ad C-s
tui_check "the user is saved" ad "User zhao.gong is saved" 10
tui_check "the list shows the new user with the point" ad "海淀维修站" 10
row=$(tui_sql_value "SELECT role || '|' || region || '|' || service_point_id || '|' ||
    array_to_string(skills, ',') || '|' || monthly_bonus || '|' || department
    FROM users WHERE login = 'zhao.gong'")
[[ $row == "technician|urban|$POINT|空调,冰箱|120050|service" ]] &&
    tui_ok "the database has the point, the skills and the bonus in fen" ||
    tui_not_ok "the database has the point, the skills and the bonus in fen (got: $row)"

# The dispatcher dispatches to them.
tui_client d
if ! tui_login d dispatcher demo1234 || ! tui_wait d "Role: Dispatcher" 20; then
    tui_not_ok "log in as dispatcher" d
    tui_done
fi
tui_wait d "$T" 15
tui_keys d Enter
tui_check "the picker opens" d "Dispatch ticket $T" 10
if tui_wait_row d "zhao.gong" "赵工.*海淀维修站" 10; then
    tui_ok "the picker shows the new technician with the service point"
else
    tui_not_ok "the picker shows the new technician with the service point" d
fi
tui_keys d Enter
tui_check "the dispatch is confirmed" d "Ticket $T dispatched to zhao.gong" 15
row=$(tui_sql_value "SELECT state || '|' || technician FROM tickets WHERE no = '$T'")
[[ $row == "dispatched|zhao.gong" ]] && tui_ok "the database has the ticket dispatched to them" ||
    tui_not_ok "the database has the ticket dispatched to them (got: $row)"

# Password reset: typed twice.
tui_keys ad Home /
tui_type ad "zhao"
tui_keys ad Enter Enter
tui_check "Enter edits the selected user" ad "Edit user zhao.gong" 5
tui_keys ad Tab Tab Tab Tab Tab Tab Tab Tab   # name .. bonus, to the password
tui_type ad "new-pass-99"
tui_keys ad Tab
tui_type ad "new-pass-98"
tui_keys ad C-s
tui_check "two different passwords are refused" ad "the two passwords differ" 5
tui_keys ad C-u
tui_type ad "new-pass-99"
tui_keys ad C-s
tui_check "the new password is saved" ad "User zhao.gong is saved" 10
if tui_screen ad | grep -q "new-pass"; then
    tui_not_ok "the password is never shown" ad
else
    tui_ok "the password is never shown"
fi
tui_client t
if tui_login t zhao.gong new-pass-99 && tui_wait t "Role: Technician" 20; then
    tui_ok "the technician logs in with the new password"
else
    tui_not_ok "the technician logs in with the new password" t
fi
tui_check "their list holds the ticket" t "$T" 10

# Deactivated while logged in: logged out at once.
tui_keys ad Enter
tui_check "the form opens again" ad "Edit user zhao.gong" 5
tui_keys ad Tab Tab Tab Tab Tab           # name .. point, to active
tui_keys ad Right
tui_check "active: no" ad "< no >" 5
tui_keys ad C-s
tui_check "the deactivation is saved" ad "User zhao.gong is saved" 10
tui_check "the technician's client is logged out at once, saying why" t \
    "An administrator deactivated your login" 10
tui_check "and shows the login screen" t "Password:" 5
[[ $(tui_sql_value "SELECT active FROM users WHERE login = 'zhao.gong'") == f ]] &&
    tui_ok "the database has the user inactive" ||
    tui_not_ok "the database has the user inactive"
tui_login t zhao.gong new-pass-99
tui_check "a login is refused now" t "Wrong user name or password" 10

# Given another role while logged in: logged out at once too, and a new
# login has the new role.
tui_client q
if ! tui_login q quality demo1234 || ! tui_wait q "Role: Quality" 20; then
    tui_not_ok "log in as quality" q
    tui_done
fi
tui_rpc admin user.save '{"login":"quality","role":"manager"}' >/dev/null ||
    tui_not_ok "the admin gives quality the manager's role"
tui_check "a user given another role is logged out at once, saying why" q \
    "An administrator changed your role: log in again" 10
tui_login q quality demo1234
tui_check "logged in again, with the new role" q "Role: Manager" 20

# The manager reads only.
tui_client m
if ! tui_login m manager demo1234 || ! tui_wait m "Role: Manager" 20; then
    tui_not_ok "log in as manager" m
    tui_done
fi
for _ in 1 2 3 4; do
    tui_wait m "users; role:" 2 && break
    tui_keys m F6
done
tui_check "the manager reaches the Users screen" m "users; role: every role" 5
tui_check "the manager sees the active users" m "dispatcher" 10
tui_keys m v
tui_check "v: the inactive ones" m "1 user; role: every role (r); inactive (v)" 5
tui_check "the manager sees the user deactivated" m "zhao.gong" 5
if tui_line m 24 | grep -qE "Add|Edit"; then
    tui_not_ok "the manager is offered no Add or Edit" m
else
    tui_ok "the manager is offered no Add or Edit"
fi
tui_keys m r
tui_check "r shows one role" m "role: Operator" 5

tui_done
