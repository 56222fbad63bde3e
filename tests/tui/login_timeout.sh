#!/usr/bin/env bash
# tests/tui/login_timeout.sh: a terminal left at the login screen past the daemon's
# --login-timeout (here 3 s).
#   - the daemon closes its connection and the client says why, in English and in
#     Chinese ("not logged in in time"), and that a key connects it again
#   - left alone it stays closed: no connection a minute all night
#   - a key connects it again, and logging in then works
. "$(dirname "$0")/lib.sh"

TUI_DAEMON_ARGS=(--login-timeout 3)
tui_setup

tui_client e
if ! tui_wait e "Password:" 10 || ! tui_wait_connected e 15; then
    tui_not_ok "the login screen is up and connected" e
    tui_done
fi
tui_check "left at the login screen, the client is told why it was closed" e "not logged in in time" 15
tui_check "and that a key connects it again" e "Press any key to connect again" 5
closes() { grep -c "did not log in within 3 s: closing" "$TUI_TMP/daemon.log"; }
sleep 7   # over twice the timeout: a client that connected again would be closed again
n=$(closes)
if ((n == 1)) && ! tui_line e 1 | grep -q ' Connected '; then
    tui_ok "left alone it does not connect again (1 close in 10 s)"
else
    tui_not_ok "left alone it does not connect again ($n closes)" e
fi
tui_keys e Up
if tui_wait_connected e 10; then
    tui_ok "a key connects it again"
else
    tui_not_ok "a key connects it again" e
fi
tui_login e dispatcher demo1234
tui_check "logging in on the new connection works" e "Role: Dispatcher" 20

if tui_has_locale zh_CN.UTF-8; then
    tui_client z LANG=zh_CN.UTF-8
    tui_wait_connected z 15
    tui_check "in Chinese the client says it too" z "未及时登录" 15
    tui_check "and that a key connects it again" z "按任意键重新连接" 5
fi

tui_done
