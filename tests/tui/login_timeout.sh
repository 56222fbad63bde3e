#!/usr/bin/env bash
# tests/tui/login_timeout.sh: a terminal left at the login screen past the daemon's
# --login-timeout (here 3 s).
#   - the daemon closes its connection and the client says why, in English and in
#     Chinese ("not logged in in time"), then connects again by itself
#   - logging in after that works
. "$(dirname "$0")/lib.sh"

TUI_DAEMON_ARGS=(--login-timeout 3)
tui_setup

tui_client e
if ! tui_wait e "Password:" 10 || ! tui_wait_connected e 15; then
    tui_not_ok "the login screen is up and connected" e
    tui_done
fi
tui_check "left at the login screen, the client is told why it was closed" e "not logged in in time" 15
if tui_wait_connected e 15; then
    tui_ok "the client connects again by itself"
else
    tui_not_ok "the client connects again by itself" e
fi
n=$(grep -c "did not log in within 3 s: closing" "$TUI_TMP/daemon.log")
if ((n >= 1)); then
    tui_ok "the daemon logged the close ($n)"
else
    tui_not_ok "the daemon logged the close" e
fi
tui_login e dispatcher demo1234
tui_check "logging in on the new connection works" e "Role: Dispatcher" 20

if tui_has_locale zh_CN.UTF-8; then
    tui_client z LANG=zh_CN.UTF-8
    tui_wait_connected z 15
    tui_check "in Chinese the client says it too" z "未及时登录" 15
fi

tui_done
