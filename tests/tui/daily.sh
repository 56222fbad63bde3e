#!/usr/bin/env bash
# tests/tui/daily.sh: the end-of-day screen (report.daily), at 80x24.
#   - the dispatcher reaches it by F6: today by default, "(today)" in its
#     subtitle; the technician's row has today's figures (1 dispatched, 1
#     done, 1 arrived, 1 on time, 40 minutes, 0 repeats), 李娜's row nothing
#     today; the totals line sums them
#   - b shows it per service point: 东区网点's row holds both technicians'
#   - d refuses a day that is not a date in its prompt, then shows the day
#     typed: 2026-03-10, 李娜's late arrival and his ticket's repeat
#   - a manager reaches it in Chinese at 80x24: the title, the columns, the
#     totals line
TUI_COLS=80
TUI_LINES=24
. "$(dirname "$0")/lib.sh"

tui_setup

tui_sql "INSERT INTO service_points (name, region) VALUES ('东区网点', 'urban');
UPDATE users SET service_point_id = (SELECT id FROM service_points WHERE name = '东区网点')
 WHERE login = 'technician';
INSERT INTO users (login, name, role, password_hash, department, region, service_point_id)
 SELECT 'li.na', '李娜', 'technician', password_hash, 'service', 'urban', service_point_id
 FROM users WHERE login = 'technician';
INSERT INTO customers (name, phones) VALUES ('甲', '{13800000001}');
INSERT INTO tickets (no, type, channel, state, service_class, customer_id, region, fault,
 taken_by, owner, technician, created_at, completed_at, repeat_of, repair)
 SELECT v.no, 'B', 'phone', 'completed', 'C', (SELECT id FROM customers), 'urban', 'x',
  'operator', 'operator', v.tech, v.created, v.done, v.rep, v.card::jsonb FROM (VALUES
  ('B01', 'technician', now() - interval '1 minute', now(), NULL, '{\"labour_minutes\": 40}'),
  ('B02', 'li.na', timestamptz '2026-03-01 10:00+08', NULL, NULL, NULL),
  ('B03', NULL, timestamptz '2026-03-10 11:00+08', NULL, 'B02', NULL)
 ) v(no, tech, created, done, rep, card);
INSERT INTO ticket_events (ticket_no, at, actor, kind, details) VALUES
 ('B01', now(), 'dispatcher', 'dispatch', '{\"technician\": \"technician\"}'),
 ('B01', now(), 'technician', 'arrive', '{\"on_time\": true}'),
 ('B02', '2026-03-10 09:00+08', 'dispatcher', 'dispatch', '{\"technician\": \"li.na\"}'),
 ('B02', '2026-03-10 12:00+08', 'li.na', 'arrive', '{\"on_time\": false}');" >/dev/null ||
    tui_bail "cannot write the data set"
TECH=$(tui_sql_value "SELECT name FROM users WHERE login = 'technician'")

# row_is SESSION NAME FIGURES...: the row of NAME ends with the figures.
row_is() {
    local s=$1 name=$2 re
    shift 2
    re=$(printf '[[:space:]]+%s' "$@")
    tui_row "$s" "$name" | grep -qE -- "${re}[[:space:]]*\$"
}
check_row() {
    if tui_until 10 row_is "${@:2}"; then tui_ok "$1"; else tui_not_ok "$1" "$2"; fi
}

tui_client d
if ! tui_login d dispatcher demo1234 || ! tui_wait d "Role: Dispatcher" 20; then
    tui_not_ok "log in as the dispatcher" d
    tui_done
fi
tui_f6_to d "Daily report" || tui_not_ok "F6 reaches the daily report" d
# The centre's day, as the screen takes it from the daemon (Asia/Shanghai).
TODAY=$(tui_sql_value "SELECT to_char(now() AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD')")
tui_check "today by default" d "$TODAY (today), per technician"
check_row "the technician's figures of today" d "$TECH" 1 1 1 1 40 0
check_row "李娜 has nothing today" d 李娜 0 0 0 0 0 0
tui_check "the totals line" d "Totals: 1 dispatched, 1 done, 1 arrived (1 on time), 40 minutes, 0 repeats"
tui_frame_ok "the daily report at 80x24" d

tui_keys d b
tui_check "b: per service point" d "$TODAY (today), per service point"
check_row "the point's row sums its technicians" d 东区网点 1 1 1 1 40 0

tui_keys d d
tui_wait d "Day (YYYY-MM-DD)" 5 || tui_not_ok "d asks for the day" d
tui_keys d C-a C-k
tui_type d 2026-02-30
tui_keys d Enter
tui_check "a day that is not a date is refused in the prompt" d "2026-02-30 is not a day"
tui_keys d C-a C-k
tui_type d 2026-03-10
tui_keys d Enter
tui_check "the day typed" d "2026-03-10, per service point"
check_row "that day per point" d 东区网点 1 0 1 0 0 1
tui_keys d b
check_row "that day: 李娜's late arrival and the repeat of his ticket" d 李娜 1 0 1 0 0 1
tui_check "that day's totals" d "Totals: 1 dispatched, 0 done, 1 arrived (0 on time), 0 minutes, 1 repeats"

if tui_has_locale zh_CN.UTF-8; then
    tui_client z LANG=zh_CN.UTF-8
    if ! tui_login z manager demo1234 "密码" || ! tui_wait z "经理" 20; then
        tui_not_ok "log in as the manager in Chinese" z
    else
        tui_f6_to z "日报" || tui_not_ok "F6 reaches 日报" z
        tui_check "in Chinese: today per technician" z "$TODAY（今天），按技术员"
        tui_check "in Chinese: the columns" z "已派工"
        check_row "in Chinese: the technician's row" z "$TECH" 1 1 1 1 40 0
        tui_check "in Chinese: the totals line" z "合计：派工 1，完成 1，到场 1（准时 1），工时 40 分钟，返修 0"
        tui_frame_ok "the daily report at 80x24 in Chinese" z
    fi
else
    tui_skip "the daily report in Chinese" "no zh_CN.UTF-8 locale"
fi
tui_done
