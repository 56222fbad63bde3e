#!/usr/bin/env bash
# tests/tui/policies.sh: the Policies screen (admin changes, managers read),
# at 80x24.
#   - F6 from the admin's queue opens it; the settings show each one's
#     value, unit and range
#   - the issue's scenario: the admin lowers the markup cap to 10 % (a value
#     out of range first: refused in the prompt with the daemon's words);
#     the manager's screen, open meanwhile, shows 10 without a key (the
#     policy.changed push); then the technician completes a class A ticket
#     with 12 % and the completion form shows the daemon's refusal naming
#     the cap; 10 % completes
#   - the calendar month view: a holiday marked with h on a day of next
#     month, named, shown marked in the grid and in calendar_days
#   - the manager reads in Chinese: the screen in Chinese, Enter refused
. "$(dirname "$0")/lib.sh"

TUI_COLS=80
TUI_LINES=24
tui_setup

BOUGHT=$(date -d '-3 years' +%F)   # out of warranty: class A, paid
tui_sql "INSERT INTO service_points (id, name) VALUES (901, '测试网点');
    UPDATE users SET service_point_id = 901 WHERE login = 'technician';
    INSERT INTO parts (part_no, name, price) VALUES ('P-CAP-1', '启动电容', 1000);
    INSERT INTO part_stock (service_point_id, part_no, qty) VALUES (901, 'P-CAP-1', 10)" \
    >/dev/null || tui_bail "cannot load parts"
T1=$(tui_rpc operator call.register '{"request_key":"pol-1","channel":"phone","type":"B",
    "customer":{"address":"人民路1号","name":"张三","phones":["13600000021"],"region":"urban"},
    "unit":{"model":"KFR-35GW","serial":"SN-POL-1","purchase_date":"'"$BOUGHT"'"},
    "fault":"空调不制冷"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["no"])') ||
    tui_bail "cannot register"
tui_rpc dispatcher ticket.dispatch '{"no":"'"$T1"'","technician":"technician"}' >/dev/null &&
    tui_rpc technician ticket.arrive '{"no":"'"$T1"'"}' >/dev/null &&
    tui_rpc technician ticket.repair '{"no":"'"$T1"'","diagnosis":"电容失效","cause":"老化",
        "actions":"更换电容","labour_minutes":0,"parts":[{"part_no":"P-CAP-1","qty":1}]}' \
        >/dev/null || tui_bail "cannot bring $T1 to its completion"

# --- the manager reads (in Chinese when the locale is there)
ZH=0
if tui_has_locale zh_CN.UTF-8; then
    ZH=1
    tui_client m LANG=zh_CN.UTF-8
    tui_login m manager demo1234 "密码："
    tui_wait m "投诉看板" 20 || tui_not_ok "the manager logs in (Chinese)" m
    tui_f6_to m "政策"
    tui_check "Chinese: the manager's F6 reaches the policies, read only" m "只读" 10
    tui_check "Chinese: the settings by their names" m "配件加价上限" 5
    tui_check "Chinese: the sections" m "审批" 5
    tui_keys m Down Down Enter
    tui_check "Chinese: a manager's Enter is refused in words" m "政策由管理员修改" 5
    tui_keys m 4
    if tui_until 5 eval 'tui_screen m | grep -qE "20[0-9]{2}年"'; then
        tui_ok "Chinese: the calendar month, titled by year and month"
    else
        tui_not_ok "Chinese: the calendar month, titled by year and month" m
    fi
    tui_keys m h
    tui_check "Chinese: a manager may not mark a holiday" m "政策由管理员修改" 5
    tui_keys m 1
    tui_check "Chinese: back to the settings" m "配件加价上限" 5
else
    tui_skip "the manager in Chinese" "no zh_CN.UTF-8 locale (run scripts/deps)"
fi

# --- the admin: F6 to the policies, the markup cap
tui_client a
if ! tui_login a admin demo1234 || ! tui_wait a "Role: Administrator" 20; then
    tui_not_ok "log in as admin" a
    tui_done
fi
tui_f6_to a "Policies"
tui_check "F6 opens the policies" a "1 Settings" 10
if tui_wait a "Parts markup cap" 5 && tui_row a "Parts markup cap" | grep -qE "16 +% +0-100"; then
    tui_ok "a setting shows its value, unit and range"
else
    tui_not_ok "a setting shows its value, unit and range" a
fi
tui_keys a Down Down Enter
tui_check "Enter asks the new value with the range" a "%, 0 to 100:" 5
tui_keys a C-u
tui_type a "200"
tui_keys a Enter
tui_check "a value out of range is refused with the daemon's words" a \
    "markup_cap_percent must be between 0 and 100" 10
tui_keys a C-u
tui_type a "10"
tui_keys a Enter
tui_check "the new cap is saved" a "Policy saved" 10
if tui_row a "Parts markup cap" | grep -qE " 10 +%"; then
    tui_ok "the list shows the new cap"
else
    tui_not_ok "the list shows the new cap" a
fi
cap=$(tui_sql_value "SELECT setting_int('markup_cap_percent')")
[[ $cap == 10 ]] && tui_ok "the database holds 10" || tui_not_ok "the database holds 10 (got $cap)"
if ((ZH)); then
    manager_sees_10() { tui_row m "配件加价上限" | grep -qE " 10 "; }
    if tui_until 10 manager_sees_10; then
        tui_ok "the manager's screen shows the change at once (policy.changed)"
    else
        tui_not_ok "the manager's screen shows the change at once (policy.changed)" m
    fi
fi

# --- the technician completes over the cap: refused in the form
tui_client t
if ! tui_login t technician demo1234 || ! tui_wait t "My tickets: 1 ticket" 20; then
    tui_not_ok "log in as technician" t
    tui_done
fi
tui_keys t c
tui_check "c opens the completion" t "Complete ticket $T1" 10
tui_check "the charges are loaded (class A)" t "Total: 10.00 yuan" 10
tui_keys t Tab C-u
tui_type t "12"
tui_keys t C-s
tui_check "a markup over the cap is refused, the cap named" t "markup cap is 10 percent" 15
state=$(tui_sql_value "SELECT state FROM tickets WHERE no = '$T1'")
[[ $state == on_site ]] && tui_ok "the refused completion changed nothing" ||
    tui_not_ok "the refused completion changed nothing (got $state)"
tui_keys t C-u
tui_type t "10"
tui_keys t C-s
tui_check "10 % completes" t "Ticket $T1 completed" 15
row=$(tui_sql_value "SELECT state || '|' || (charges->>'markup_percent') FROM tickets WHERE no = '$T1'")
[[ $row == "completed|10" ]] && tui_ok "completed with 10 %" ||
    tui_not_ok "completed with 10 % (got $row)"

# --- the calendar: a holiday next month
DAY=$(tui_sql_value "SELECT ((now() AT TIME ZONE 'Asia/Shanghai')::date + interval '1 month')::date")
tui_keys a 4
tui_check "4: the calendar month" a "Mon" 5
tui_keys a Home PageDown
tui_check "PgDn: next month, the same day selected" a "$DAY: as its weekday" 5
tui_keys a h
tui_check "h asks the holiday's name" a "A holiday: $DAY" 5
tui_type a "测试节"
tui_keys a Enter
tui_check "the day is a holiday, named" a "$DAY: a holiday 测试节" 10
tui_check "the month lists it" a "$DAY  holiday  测试节" 5
day_num=$((10#${DAY:8:2}))
if tui_screen a | grep -qE "(^| )$day_num holiday"; then
    tui_ok "the grid marks the day"
else
    tui_not_ok "the grid marks the day" a
fi
row=$(tui_sql_value "SELECT working || '|' || name FROM calendar_days WHERE day = '$DAY'")
[[ $row == "false|测试节" ]] && tui_ok "calendar_days holds the holiday" ||
    tui_not_ok "calendar_days holds the holiday (got $row)"
tui_keys a x
tui_check "x gives the day back to its weekday" a "$DAY: as its weekday" 10
n=$(tui_sql_value "SELECT count(*) FROM calendar_days WHERE day = '$DAY'")
[[ $n == 0 ]] && tui_ok "and calendar_days no longer holds it" ||
    tui_not_ok "and calendar_days no longer holds it (got $n)"

# --- the other sections at 80x24
tui_keys a 5
tui_check "5: the approval limits" a "Supervisor (a dispatcher)" 5
tui_row a "Supervisor" | grep -qE " 2 +400\.00" && tui_ok "the supervisor's limits" ||
    tui_not_ok "the supervisor's limits" a
tui_keys a 6
tui_check "6: the labour price list" a "Up to minutes" 5
tui_keys a 2
tui_check "2: the deadlines per region and type" a "Arrival (business hours)" 5
tui_keys a 3
tui_check "3: the working hours" a "Saturday" 5

tui_done
