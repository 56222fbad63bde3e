#!/usr/bin/env bash
# tests/tui/export.sh: saving a report from the end-of-day screen (x, the
# shared save step widget/report_save), at 80x24.
#   - x proposes daily-technician-<today>.xlsx; a name without .csv or
#     .xlsx is refused in the prompt
#   - a .csv is saved where typed: the message says where; the file has the
#     byte order mark, the header and the technician's row (1 dispatched,
#     1 done, 40 minutes); an existing file is not written over (said in
#     the prompt), a .xlsx is then saved and read back with zipfile
#     (tests/integration/xlsx_cells.py): sheets daily and summary, 40 a number
#   - in Chinese, per service point: the prompt and the message in Chinese,
#     the file's rows the point's
TUI_COLS=80
TUI_LINES=24
. "$(dirname "$0")/lib.sh"

tui_setup

tui_sql "INSERT INTO service_points (name, region) VALUES ('东区网点', 'urban');
UPDATE users SET service_point_id = (SELECT id FROM service_points WHERE name = '东区网点'),
 name = '张三' WHERE login = 'technician';
INSERT INTO customers (name, phones) VALUES ('甲', '{13800000001}');
INSERT INTO tickets (no, type, channel, state, service_class, customer_id, region, fault,
 taken_by, owner, technician, created_at, completed_at, repair)
 VALUES ('B01', 'B', 'phone', 'completed', 'C', (SELECT id FROM customers), 'urban', 'x',
  'operator', 'operator', 'technician', now() - interval '1 minute', now(),
  '{\"labour_minutes\": 40}');
INSERT INTO ticket_events (ticket_no, at, actor, kind, details) VALUES
 ('B01', now(), 'dispatcher', 'dispatch', '{\"technician\": \"technician\"}'),
 ('B01', now(), 'technician', 'arrive', '{\"on_time\": true}');" >/dev/null ||
    tui_bail "cannot write the data set"
OUT=$TUI_TMP/out
mkdir -p "$OUT"
TODAY=$(tui_sql_value "SELECT to_char(now() AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD')")
BOM=$'\xef\xbb\xbf'
REPO=$(cd "$(dirname "$0")/../.." && pwd)
HEADER="key,name,calls,on_time,repeats,arrivals,completed,work_minutes"

# save SESSION PATH: x, the name typed over the one proposed, Enter.
save() {
    tui_keys "$1" x
    tui_wait "$1" ".xlsx" 5 || return 1
    tui_keys "$1" C-a C-k
    tui_type "$1" "$2"
    tui_keys "$1" Enter
}
file_has() { [[ -s $1 ]] && grep -qxF -- "$2"$'\r' "$1"; }

tui_client d
if ! tui_login d dispatcher demo1234 || ! tui_wait d "Role: Dispatcher" 20; then
    tui_not_ok "log in as the dispatcher" d
    tui_done
fi
tui_f6_to d "Daily report" || tui_not_ok "F6 reaches the daily report" d
tui_check "the day's report is there" d "Totals: 1 dispatched, 1 done"
tui_check "x on the key bar" d "x Save"
tui_keys d x
tui_check "x proposes a name from the report and its day" d "daily-technician-$TODAY.xlsx"
tui_check "the prompt says which names it takes" d "File (.csv or .xlsx)"
tui_frame_ok "the save prompt at 80x24" d
tui_keys d C-a C-k
tui_type d "$OUT/day.txt"
tui_keys d Enter
tui_check "a name without .csv or .xlsx is refused" d "The name must end in .csv or .xlsx"
tui_keys d C-a C-k
tui_type d "$OUT/day.csv"
tui_keys d Enter
tui_check "the message says where the file went" d "Report saved to $OUT/day.csv"
if [[ -s $OUT/day.csv && $(head -c 3 "$OUT/day.csv") == "$BOM" ]] &&
    file_has "$OUT/day.csv" "$BOM$HEADER" &&
    file_has "$OUT/day.csv" "technician,张三,1,1,0,1,1,40"; then
    tui_ok "the CSV: byte order mark, header, the technician's row"
else
    tui_not_ok "the CSV: byte order mark, header, the technician's row" d
    od -c "$OUT/day.csv" 2>&1 | head -n 8 | sed 's/^/#   /'
fi

save d "$OUT/day.csv"
tui_check "an existing file is not written over" d "exists already: choose another name"
tui_keys d C-a C-k
tui_type d "$OUT/day.xlsx"
tui_keys d Enter
tui_check "the XLSX saved" d "Report saved to $OUT/day.xlsx"
BOOK=$(python3 "$REPO/tests/integration/xlsx_cells.py" "$OUT/day.xlsx" 2>&1)
if python3 - "$BOOK" <<'PY'
import json, sys
b = json.loads(sys.argv[1])
assert b["sheets"] == ["daily", "summary"], b["sheets"]
rows = b["cells"]["daily"]
assert rows[0][:2] == ["key", "name"] and rows[0][7] == "work_minutes", rows[0]
tech = [r for r in rows if r[0] == "technician"][0]
assert tech[1] == "张三" and tech[7] == 40 and isinstance(tech[7], int), tech
PY
then
    tui_ok "the XLSX read back: its sheets, header and numbers"
else
    tui_not_ok "the XLSX read back: its sheets, header and numbers" d
    echo "#   $BOOK"
fi

if tui_has_locale zh_CN.UTF-8; then
    tui_client z LANG=zh_CN.UTF-8
    if ! tui_login z manager demo1234 "密码" || ! tui_wait z "经理" 20; then
        tui_not_ok "log in as the manager in Chinese" z
    else
        tui_f6_to z "日报" || tui_not_ok "F6 reaches 日报" z
        tui_keys z b
        tui_check "in Chinese: per service point" z "按网点"
        tui_keys z x
        tui_check "in Chinese: the prompt" z "保存报表"
        tui_check "in Chinese: the name proposed" z "daily-service_point-$TODAY.xlsx"
        tui_frame_ok "the save prompt at 80x24 in Chinese" z
        tui_keys z C-a C-k
        tui_type z "$OUT/点.csv"
        tui_keys z Enter
        tui_check "in Chinese: the message" z "报表已保存到 $OUT/点.csv"
        if file_has "$OUT/点.csv" "$(tui_sql_value "SELECT id FROM service_points"),东区网点,1,1,0,1,1,40"; then
            tui_ok "in Chinese: the point's row in the file"
        else
            tui_not_ok "in Chinese: the point's row in the file" z
        fi
    fi
else
    tui_skip "saving in Chinese" "no zh_CN.UTF-8 locale"
fi
tui_done
