#!/usr/bin/env bash
# tests/tui/frame.sh: what surrounds every screen, at 80x24 in English and
# Chinese, and the keys that mean the same on every screen.
#   - the status line keeps the role whole and the clock apart: parts are
#     dropped whole when the line is narrow ("Role: Quali" + the time was the
#     old symptom)
#   - F1 lists F6 for a role with another screen (every role now: the
#     admin's F6 goes round the administration screens); F6 from a detail
#     goes on
#   - a help key's overlay owns the keyboard: keys typed into it reach no
#     screen
#   - `confirm = no` in ~/.config/svcdesk: one-key actions act at once
. "$(dirname "$0")/lib.sh"

TUI_COLS=80 TUI_LINES=24
tui_setup

# status: role whole, a clock (HH:MM:SS) at the right edge, a gap between
status_ok() {   # status_ok SESSION ROLE-TEXT
    local line
    line=$(tui_line "$1" 1)
    [[ $line == *"$2"* && $line =~ [0-9]{2}:[0-9]{2}:[0-9]{2}\ *$ &&
        $line =~ $2\ +[^\ ].*[0-9]{2}:[0-9]{2}:[0-9]{2} || $line =~ $2\ {2,} ]]
}

tui_client q
tui_login q quality demo1234 && tui_wait q "Role: Quality" 15
if status_ok q "Role: Quality" && ! tui_line q 1 | grep -qE 'Quali[0-9]'; then
    tui_ok "80 columns: the role whole and the clock apart"
else
    tui_not_ok "80 columns: the role whole and the clock apart" q
fi
if (($(tui_screen q | awk 'length > 0' | wc -l) >= 3)) && tui_line q 24 | grep -q "F10 Quit"; then
    tui_ok "80x24: the key bar on the last line"
else
    tui_not_ok "80x24: the key bar on the last line" q
fi
tui_keys q F1
tui_wait q "Help: Complaint board" 5
tui_keys q End   # a long help scrolls; the global keys are last
tui_check "quality's help lists F6" q "Your role's next screen" 5
tui_keys q F6
sleep 0.3
if tui_screen q | grep -q "Your role's next screen"; then
    tui_ok "the help owns the keyboard: F6 did not switch under it"
else
    tui_not_ok "the help owns the keyboard: F6 did not switch under it" q
fi
tui_keys q Escape
tui_wait_gone q "Your role's next screen" 5
tui_keys q F6
tui_check "F6 goes to quality's next screen" q "Statistics" 10
tui_keys q F10
tui_wait_exit q 5

# Chinese at 80 columns: the role whole, the clock apart
if tui_has_locale zh_CN.UTF-8; then
    tui_client zq LANG=zh_CN.UTF-8
    tui_login zq quality demo1234 "密码" && tui_wait zq "角色" 15
    role=$(tui_line zq 1 | grep -oE '角色：?[^ ]+' | head -1)
    if [[ -n $role ]] && status_ok zq "$role"; then
        tui_ok "80 columns in Chinese: the role whole and the clock apart"
    else
        tui_not_ok "80 columns in Chinese: the role whole and the clock apart" zq
    fi
    tui_keys zq F10
    tui_wait_exit zq 5
else
    tui_not_ok "the zh_CN.UTF-8 locale is there (scripts/deps generates it)"
fi

# a department's user (production): one screen, their board. F6 is not
# offered and says why when pressed. (The admin has more screens now: the
# ticket queue, the departments.)
tui_client ad
tui_login ad production demo1234 && tui_wait ad "Role: Department" 15
tui_keys ad F1
tui_wait ad "Help:" 5
if ! tui_screen ad | grep -q "Your role's next screen"; then
    tui_ok "a one-screen role's help does not list F6"
else
    tui_not_ok "a one-screen role's help does not list F6" ad
fi
tui_keys ad Escape
tui_wait_gone ad "Help:" 5
tui_keys ad F6
tui_check "F6 for a one-screen role says there is no other screen" ad "Your role has no other screen" 5
tui_keys ad F10
tui_wait_exit ad 5

# confirm = no: a technician's arrival is recorded at once
T=$(tui_rpc operator call.register '{"request_key":"frame-1","channel":"phone","type":"B",
    "customer":{"address":"人民路1号","name":"张三","phones":["13600000001"],"region":"urban"},
    "unit":{"model":"KFR-26GW","serial":"SN-F-1","purchase_date":"'"$(date -d '-2 months' +%F)"'"},
    "fault":"空调不制冷"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["no"])')
tui_rpc dispatcher ticket.dispatch '{"no":"'"$T"'","technician":"technician"}' >/dev/null
mkdir -p "$TUI_TMP/home/.config"
echo "confirm = no" >"$TUI_TMP/home/.config/svcdesk"
tui_client t
tui_login t technician demo1234 && tui_wait t "Role: Technician" 15
tui_check "the technician's list holds the ticket" t "$T" 10
tui_keys t a
if tui_wait t "On site for ticket $T" 10 && ! tui_screen t | grep -q "Record that you are on site"; then
    tui_ok "confirm = no: a acts at once"
else
    tui_not_ok "confirm = no: a acts at once" t
fi
if tui_wait_sql "SELECT state FROM tickets WHERE no = '$T'" on_site 10; then
    tui_ok "confirm = no: the ticket is on site in the database"
else
    tui_not_ok "confirm = no: the ticket is on site in the database"
fi
rm -f "$TUI_TMP/home/.config/svcdesk"
tui_done
