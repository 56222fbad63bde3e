#!/usr/bin/env bash
# tests/tui/resume.sh: the client resumes its session with the daemon's token
# (session.resume), not the password, after the daemon restarts:
#   - after a login the token is in the database only as a hash, one row
#   - the daemon stops and starts again: the client is back, logged in as the
#     same user, on the screen it was on (My calls), and the audit log shows a
#     resume and no second login; the token was replaced (single use)
#   - a second restart resumes again with the next token
#   - the token revoked while the daemon is down (a new password): the client
#     falls back to the login screen saying so, in English and in Chinese, and
#     the password logs in again
#   - quitting the client revokes its token
. "$(dirname "$0")/lib.sh"

TUI_COLS=80
TUI_LINES=24
tui_setup
port=$TUI_PORT

sql_check() {   # DESCRIPTION SQL WANT
    local got
    got=$(tui_sql_value "$2")
    if [[ $got == "$3" ]]; then tui_ok "$1"; else tui_not_ok "$1 (got '$got', want '$3')"; fi
}
# The hash of the operator's token, for telling a new one from the old.
token_hash() { tui_sql_value "SELECT string_agg(encode(token_hash, 'hex'), ',')
    FROM session_tokens WHERE login = 'operator'"; }
restart() {
    tui_stop_daemon 20 || tui_bail "the daemon does not stop"
    tui_wait op "Disconnected, reconnecting..." 5 || tui_not_ok "the client sees the daemon go" op
    [[ -n ${1:-} ]] && tui_sql "$1" >/dev/null
    tui_start_daemon "$port"
}

tui_client op
if ! tui_login op operator demo1234 || ! tui_wait op "Role: Operator" 20; then
    tui_not_ok "log in as operator" op
    tui_done
fi
tui_ok "log in as operator"
sql_check "one token, stored as a 32-byte hash" \
    "SELECT count(*) || '|' || min(length(token_hash)) FROM session_tokens WHERE login = 'operator'" "1|32"
tui_f6_to op "My calls " || tui_not_ok "F6 goes round to My calls" op
title=$(tui_line op 2)
first=$(token_hash)

restart
if tui_wait_connected op 15 && tui_wait op "Reconnected and logged in again as operator" 15; then
    tui_ok "the client is back by itself after the restart"
else
    tui_not_ok "the client is back by itself after the restart" op
fi
[[ $(tui_line op 2) == "$title" ]] && tui_ok "on the screen it was on" ||
    tui_not_ok "on the screen it was on ($title)" op
[[ $(tui_line op 1) == *"User: operator"* && $(tui_line op 1) == *"Role: Operator"* ]] &&
    tui_ok "as the same user and role" || tui_not_ok "as the same user and role" op
sql_check "with the token: one resume, one login in the audit log" \
    "SELECT count(*) FILTER (WHERE action = 'session.resume') || '|' ||
            count(*) FILTER (WHERE action = 'session.login')
     FROM audit_log WHERE actor = 'operator'" "1|1"
second=$(token_hash)
[[ -n $second && $second != "$first" && $second != *,* ]] &&
    tui_ok "the used token was replaced by the next one" ||
    tui_not_ok "the used token was replaced by the next one ($first -> $second)"

restart
if tui_wait op "Reconnected and logged in again as operator" 20 &&
    tui_wait_sql "SELECT count(*) FILTER (WHERE action = 'session.resume') || '|' ||
            count(*) FILTER (WHERE action = 'session.login')
     FROM audit_log WHERE actor = 'operator'" "2|1" 5; then
    tui_ok "a second restart resumes with the next token"
else
    tui_not_ok "a second restart resumes with the next token" op
fi

# A Chinese client beside it, then both tokens revoked while the daemon is down.
zh=
if tui_has_locale zh_CN.UTF-8; then
    zh=zh
    tui_client zh LANG=zh_CN.UTF-8
    if tui_login zh operator demo1234 "密码" && tui_wait zh "角色：话务员" 20; then
        tui_ok "zh_CN: log in as operator"
    else
        tui_not_ok "zh_CN: log in as operator" zh
    fi
fi
hash=$(tui_sql_value "SELECT password_hash FROM users WHERE login = 'dispatcher'")
restart "UPDATE users SET password_hash = '$hash' WHERE login = 'operator'"
sql_check "a new password revokes the tokens" \
    "SELECT count(*) FROM session_tokens WHERE login = 'operator'" "0"
tui_check "a refused token: the login screen says so" op \
    "The session could not be resumed; log in again" 20
tui_wait op "Password:" 5 || tui_not_ok "the login screen is back" op
if [[ -n $zh ]]; then
    tui_check "zh_CN: a refused token: the login screen says so" zh "无法恢复会话，请重新登录" 20
    tui_frame_ok "zh_CN: the login screen lays out at 80x24" zh
fi
tui_frame_ok "the login screen lays out at 80x24" op
if tui_login op operator demo1234 && tui_wait op "Logged in as operator" 20; then
    tui_ok "the password logs in again"
else
    tui_not_ok "the password logs in again" op
fi

tui_keys op F10
tui_wait_exit op 10 || tui_not_ok "F10 quits" op
[[ -n $zh ]] && { tui_keys zh F10; tui_wait_exit zh 10; }
sleep 0.5
sql_check "quitting revokes the client's token" \
    "SELECT count(*) FROM session_tokens WHERE login = 'operator'" "0"

tui_done
