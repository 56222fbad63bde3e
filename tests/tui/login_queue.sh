#!/usr/bin/env bash
# tests/tui/login_queue.sh: the login screen, the first views and the frame
# around them, driven in tmux against a real daemon and a fresh database.
#   - logging in as operator shows the user, role and "Connected", then the
#     intake; F4 the queue, F2 the intake again
#   - a wrong password shows the error on the login screen, once, with its
#     code
#   - F1 opens the help of the current view and Esc closes it
#   - the client speaks Simplified Chinese with LANG=zh_CN.UTF-8
#   - F10 quits and SIGTERM quits, each restoring the terminal
. "$(dirname "$0")/lib.sh"

tui_setup

# Log in as operator: the status line (line 1) says who and that we are connected.
tui_client op
if tui_login op operator demo1234 && tui_wait op "Role: Operator" 15; then
    status=$(tui_line op 1)
    if [[ $status == *" Connected "* && $status == *"User: operator"* &&
        $status == *"Role: Operator"* && $status == *"127.0.0.1:$TUI_PORT"* ]]; then
        tui_ok "login as operator shows user, role and Connected"
    else
        tui_not_ok "login as operator shows user, role and Connected" op
    fi
else
    tui_not_ok "login as operator shows user, role and Connected" op
fi
tui_check "the intake opens after an operator's login" op "New call"
tui_check "the function-key bar is shown" op "F10 Quit"

# F1 shows the current view's help; Esc closes it.
tui_keys op F1
tui_check "F1 shows the help of the intake" op "Help: New call" 5
tui_keys op Escape
if tui_wait_gone op "Help: New call" 5; then
    tui_ok "Esc closes the help"
else
    tui_not_ok "Esc closes the help" op
fi
# F4 opens the queue view, F2 there the intake again.
tui_keys op F4
tui_check "F4 opens the ticket queue" op "All tickets:" 5
tui_keys op F1
tui_check "F1 shows the help of the queue view" op "Help: Ticket queue" 5
tui_keys op Escape
tui_wait_gone op "Help: Ticket queue" 5
tui_keys op F2
tui_check "F2 in the queue opens the intake again" op "Caller phone" 5

# F10 quits: the process ends with status 0 and the screen is given back.
tui_keys op F10
if tui_wait_exit op 5 && ((TUI_EXIT_STATUS == 0)) && ! tui_screen op | grep -qF "F10 Quit"; then
    tui_ok "F10 quits and restores the terminal"
else
    tui_not_ok "F10 quits and restores the terminal" op
fi

# A wrong password: the login screen says so and stays.
tui_client bad
tui_login bad dispatcher not-the-password
tui_check "a wrong password shows the error" bad "Wrong user name or password"
tui_check "the error names the protocol code" bad "unauthenticated"
n=$(tui_screen bad | grep -ci "wrong user name or password")
if [[ $n == 1 ]] && tui_row bad "Wrong user name or password" | grep -qF "[unauthenticated]"; then
    tui_ok "the refusal is said once, with its code"
else
    tui_not_ok "the refusal is said once, with its code ($n lines say it)" bad
fi
if tui_screen bad | grep -qF "Password:"; then
    tui_ok "the login screen stays after a wrong password"
else
    tui_not_ok "the login screen stays after a wrong password" bad
fi

# F1 on the login screen shows its own help.
tui_keys bad F1
tui_check "F1 shows the help of the login screen" bad "Help: Login" 5
tui_keys bad F1
if tui_wait_gone bad "Help: Login" 5; then
    tui_ok "F1 closes the help again"
else
    tui_not_ok "F1 closes the help again" bad
fi

# SIGTERM: the client leaves cleanly and gives the terminal back.
kill -TERM "$(tui_client_pid bad)"
if tui_wait_exit bad 5 && ((TUI_EXIT_STATUS == 0)) && ! tui_screen bad | grep -qF "F10 Quit"; then
    tui_ok "SIGTERM quits and restores the terminal"
else
    tui_not_ok "SIGTERM quits and restores the terminal" bad
fi

# Simplified Chinese.
if tui_has_locale zh_CN.UTF-8; then
    tui_client zh LANG=zh_CN.UTF-8
    tui_check "zh_CN: the login screen is in Chinese" zh "售后服务台：登录"
    tui_login zh technician demo1234 "密码："
    tui_check "zh_CN: the status line shows the role in Chinese" zh "角色：技术员" 15
    tui_check "zh_CN: the technician's own list is in Chinese" zh "我的工单"
    tui_check "zh_CN: the list's columns are in Chinese" zh "客户"
    tui_check "zh_CN: the function-key bar is in Chinese" zh "F10 退出"
else
    tui_skip "zh_CN: the client speaks Chinese" "no zh_CN.UTF-8 locale (run scripts/deps)"
fi

tui_done
