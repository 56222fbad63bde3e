#!/usr/bin/env bash
# tests/tui/monthly.sh: the monthly pack's screen (report.monthly), at 80x24,
# on the known March 2026 of reports_march.sql. By hand:
#   - quality reaches it by F6 from the statistics: the month before today's
#     by default; m refuses 2026-13 in its prompt, then shows 2026-03
#   - page 1, repairs: R1, R2, R3 registered, R1 and R2 completed, none to
#     the workshop, R3 a repeat, 40 + 30 labour minutes (R3's 15 open);
#     by class A 1 (R1), C 2 (R2, R3) as bars
#   - PgDn, page 2, parts: 启动电容 3 on 2 tickets, 45.00; 风扇电机 1, 1, 80.00
#   - Tab, page 3, satisfaction: 2 visited, 1 satisfied, 50.0%, mean (95 +
#     70) / 2 = 82.50; attitude answered 1 once and 3 once
#   - page 4, complaints: 1 registered, minor, attributed, replied in time
#   - page 5, responsibility: the service line 1 complaint, share 0.60,
#     60.0%, 50.00 yuan; the technician 0.40, 40.0%, 20.00
#   - pages 6-8, the Pareto charts: service 1 at 100%; compressor 2 at
#     66.7%, wiring 1 at 100% (its marker past the 80% line); BCD-200 2 at
#     50%, KFR-35 2 at 100% (ties by key)
#   - page 9, the KPIs against their targets, signed
#   - page 10, head office's resample: R1 (visited by 赵敏) and R2 (by the
#     demo operator) drawn in March and both called again; R2's second call
#     satisfied where the first visit was not: 2 drawn, 2 called, 1
#     disagrees; the operator 1 of 1 as a bar, 赵敏 0 of 1 without one
#   - PgDn after the last is the first, PgUp and Shift-Tab go back
#   - an empty month says so on its pages, the resample's too
#   - x saves the whole pack: the XLSX read back has the resample's sheet
#     and its figures in the summary; p saves the month's penalties file
#     (the technician charged 800, 500 deducted, 300 carried)
#   - a manager in Chinese: the pages' words and figures
TUI_COLS=80
TUI_LINES=24
. "$(dirname "$0")/lib.sh"

tui_setup
tui_sql "$(cat "$(dirname "$0")/reports_march.sql")" >/dev/null || tui_bail "cannot write the data set"
# The resample of March, by hand (the draw itself is test_resample's): R1's
# visit made by a second operator, both visits drawn and called again.
tui_sql "INSERT INTO users (login, name, role, password_hash, department, region)
 SELECT 'operator2', '赵敏', 'operator', password_hash, department, region
 FROM users WHERE login = 'operator';
UPDATE visits SET by_user = 'operator2' WHERE ticket_no = 'B2603050001';
DELETE FROM resamples;
INSERT INTO resamples (ticket_no, visit_id, first_by, visited_at, draw, percent, called_by,
 called_at, attitude, skill, punctuality, promise, score, satisfied, disagreed)
 SELECT v.ticket_no, v.id, v.by_user, timestamptz '2026-03-07 10:00+08', 0.01, 15,
  CASE v.by_user WHEN 'operator' THEN 'operator2' ELSE 'operator' END,
  timestamptz '2026-03-09 10:00+08', 1, 1, 1, 1, 95, true, v.score < 80
 FROM visits v WHERE v.ticket_no IN ('B2603050001', 'B2603050002')" >/dev/null ||
    tui_bail "cannot write the resample"
TECH=$(tui_sql_value "SELECT name FROM users WHERE login = 'technician'")
OPERATOR=$(tui_sql_value "SELECT name FROM users WHERE login = 'operator'")
OUT=$TUI_TMP/out
mkdir -p "$OUT"
REPO=$(cd "$(dirname "$0")/../.." && pwd)
PREV=$(tui_sql_value "SELECT to_char((now() AT TIME ZONE 'Asia/Shanghai')::date
    - interval '1 month', 'YYYY-MM')")

# check WHAT COMMAND...: ok when the command is true; the screen of session $S when not
check() { local what=$1; shift; if "$@"; then tui_ok "$what"; else tui_not_ok "$what" "$S"; fi; }
# row SESSION TEXT PATTERN: the line holding TEXT ends with PATTERN
row() { tui_wait_row "$1" "$2" "$3 *\$" 10; }
page() {   # SESSION KEY "Page n of 10: title"
    tui_keys "$1" "$2"
    tui_wait "$1" "$3" 5
}
month() {   # SESSION MONTH PROMPT
    tui_keys "$1" m
    tui_wait "$1" "$3" 5
    tui_keys "$1" C-a C-k
    tui_type "$1" "$2"
    tui_keys "$1" Enter
}

S=q
tui_client q
if ! tui_login q quality demo1234 || ! tui_wait q "Role: Quality" 20; then
    tui_not_ok "log in as quality" q
    tui_done
fi
tui_f6_to q "Statistics" || tui_not_ok "F6 to the statistics" q
tui_keys q F6
tui_check "F6 from the statistics: the monthly pack" q "Monthly pack" 10
tui_check "the month before today's by default" q "Monthly pack $PREV" 5
month q 2026-13 "Month (YYYY-MM)"
tui_check "a month that is not one is refused in the prompt" q \
    "2026-13 is not a month: YYYY-MM, such as 2026-11" 5
tui_keys q C-a C-k
tui_type q 2026-03
tui_keys q Enter
tui_check "the month typed" q "Monthly pack 2026-03" 5

tui_check "page 1: repairs" q "Page 1 of 10: Repairs" 10
check "the bar holds the screen's keys at 80 columns, save and payroll too" \
    tui_until 5 eval 'tui_line q 24 | grep -qE "^F1 Help +m Month +PgDn Pages +x Save +p Payroll .*F10 Quit"'
check "3 repairs registered, 2 completed" \
    tui_until 10 eval 'tui_row q "Repair tickets registered" | grep -qE "registered +3 " &&
        tui_row q "Completed" | grep -qE "Completed +2 "'
check "none to the workshop, 1 repeat, 70 labour minutes" \
    tui_until 5 eval 'tui_row q "Taken to the workshop" | grep -qE "workshop +0" &&
        tui_row q "Repeats of earlier repairs" | grep -qE "repairs +1" &&
        tui_row q "Labour minutes" | grep -qE "minutes +70"'
check "by class: A paid 1 as a bar" row q "A paid" "█+[▏▎▍▌▋▊▉]? +1"
check "by class: C free 2, the longest bar" row q "C free (in warranty)" "█{40,} +2"
check "by class: B contract 0, no bar" row q "B contract" "B contract +0"
tui_frame_ok "page 1 at 80x24" q

page q NPage "Page 2 of 10: Parts replaced"
check "PgDn, page 2: 启动电容 3 on 2 tickets, 45.00" row q 启动电容 "█ +3 +2 +45\.00"
check "风扇电机 1 on 1, 80.00" row q 风扇电机 "[█▏▎▍▌▋▊▉] +1 +1 +80\.00"

page q Tab "Page 3 of 10: Satisfaction statistics"
check "Tab, page 3: 2 visited, 1 satisfied" \
    tui_until 5 eval 'tui_row q "Tickets visited" | grep -qE "visited +2 " &&
        tui_row q "Satisfied " | grep -qE "^ +Satisfied +1 "'
tui_check "the rate and the mean score" q "Satisfaction rate 50.0%    Mean score 82.50" 5
check "attitude: one very satisfied, one fairly" row q "Attitude" "Attitude +1 +0 +1 +0"
check "promise kept: both very satisfied" row q "Promise kept" "kept +2 +0 +0 +0"
tui_check "the levels in words" q "1 very satisfied, 2 satisfied, 3 fairly satisfied, 4 unsatisfied" 2

page q NPage "Page 4 of 10: Complaints"
check "page 4: 1 registered, minor, with responsibility, replied in time" \
    tui_until 5 eval 'tui_row q "Complaints registered" | grep -qE "registered +1 " &&
        tui_row q "Minor" | grep -qE "Minor +1 " &&
        tui_row q "With responsibility" | grep -qE "responsibility +1" &&
        tui_row q "Replied in time" | grep -qE "in time +1"'

page q NPage "Page 5 of 10: Responsibility and shares"
check "page 5: the service line 1 complaint, 0.60, 60.0%, 50.00 yuan" \
    row q "Service line" "█ +1 +0\.60 +60\.0% +50\.00"
check "the technician 0.40, 40.0%, 20.00 yuan" row q "$TECH" "[█▏▎▍▌▋▊▉] +1 +0\.40 +40\.0% +20\.00"

page q NPage "Page 6 of 10: Pareto of complaint categories"
check "page 6: service 1 at 100%" row q "service" "●? +1 +100\.0%"
page q NPage "Page 7 of 10: Pareto of fault causes"
check "page 7: compressor 2 at 66.7%" row q "Compressor failure" "█ +2 +66\.7%"
check "wiring 1 at 100%, its marker past the 80% line" row q "Wiring fault" "┊ +● +1 +100\.0%"
page q NPage "Page 8 of 10: Pareto of models"
check "page 8: BCD-200 2 at 50%, first by key" row q "BCD-200" "█ +2 +50\.0%"
check "KFR-35 2 at 100%" row q "KFR-35" "● +2 +100\.0%"
tui_frame_ok "a Pareto page at 80x24" q

page q NPage "Page 9 of 10: KPIs against their targets"
check "page 9: arrival on time not met" row q "Arrival on time" "✗ Arrival on time +66\.7% +≥ 100\.0%"
check "mean repair time met" row q "Mean repair time" "✓ Mean repair time 18\.00 h +≤ 48\.00 h"
check "complaint rate against the 8% limit" row q "Complaint rate" "✗ Complaint rate +25\.0% +≤ 8\.0%"

page q NPage "Page 10 of 10: Return-visit resample"
check "page 10: 2 drawn, 2 called again, 1 disagrees" \
    tui_until 5 eval 'tui_row q "Drawn for a second call" | grep -qE "call +2 " &&
        tui_row q "Called again" | grep -qE "again +2( |\$)" &&
        tui_row q "Answers that disagree" | grep -qE "disagree +1( |\$)"'
check "per operator: disagreed of checked, as bars" row q "$OPERATOR" "█ +1 / 1"
check "an operator without a disagreement: no bar" row q 赵敏 "赵敏 +0 / 1"
tui_frame_ok "the resample page at 80x24" q

page q NPage "Page 1 of 10: Repairs"
check "PgDn after the last: the first" tui_wait q "Page 1 of 10: Repairs" 1
page q PPage "Page 10 of 10: Return-visit resample"
check "PgUp from the first: the last" tui_wait q "Page 10 of 10" 1
page q BTab "Page 9 of 10: KPIs against their targets"
check "Shift-Tab: the page before" tui_wait q "Page 9 of 10" 1
page q BTab "Page 8 of 10: Pareto of models"

# x: the whole pack as a file, read back with zipfile (xlsx_cells.py).
tui_keys q x
tui_check "x proposes the pack's name" q "monthly-2026-03.xlsx" 5
tui_keys q C-a C-k
tui_type q "$OUT/march.xlsx"
tui_keys q Enter
tui_check "the pack saved" q "Report saved to $OUT/march.xlsx" 15
BOOK=$(python3 "$REPO/tests/integration/xlsx_cells.py" "$OUT/march.xlsx" 2>&1)
if python3 - "$BOOK" <<'PY'
import json, sys
b = json.loads(sys.argv[1])
assert "resample.by_operator" in b["sheets"] and "kpi" in b["sheets"], b["sheets"]
summary = {r[0]: r[1] for r in b["cells"]["summary"] if len(r) > 1}
assert summary["resample.sampled"] == 2 and summary["resample.disagreed"] == 1, summary
assert summary["repairs.registered"] == 3, summary
ops = b["cells"]["resample.by_operator"]
assert [r for r in ops if r[ops[0].index("login")] == "operator"][0][ops[0].index("disagreed")] == 1, ops
PY
then
    tui_ok "the pack's XLSX: the resample's sheet and figures, the repairs"
else
    tui_not_ok "the pack's XLSX: the resample's sheet and figures, the repairs" q
    echo "#   $BOOK"
fi
# p: payroll's penalties file of the month (the deductions of March by hand).
tui_sql "INSERT INTO penalty_deductions (login, month, charged, deducted, carried)
 VALUES ('technician', '2026-03-01', 80000, 50000, 30000)" >/dev/null ||
    tui_not_ok "write March's deductions"
tui_keys q p
tui_check "p proposes the penalties file's name" q "penalties-2026-03.xlsx" 5
tui_keys q C-a C-k
tui_type q "$OUT/pay.csv"
tui_keys q Enter
tui_check "the penalties file saved" q "Report saved to $OUT/pay.csv" 15
if grep -q $'^\xef\xbb\xbfname,login,department,carried_fen,charged_fen,deducted_fen,deducted_yuan\r$' \
    "$OUT/pay.csv" 2>/dev/null &&
    grep -qx "$TECH,technician,[a-z_]*,30000,80000,50000,500"$'\r' "$OUT/pay.csv"; then
    tui_ok "the penalties file: the technician's deductions of March"
else
    tui_not_ok "the penalties file: the technician's deductions of March" q
    sed 's/^/#   /' "$OUT/pay.csv" 2>&1 | head -n 8
fi

month q 2025-01 "Month (YYYY-MM)"
tui_check "an empty month" q "Monthly pack 2025-01" 5
tui_check "its Pareto of models: nothing counted" q "Nothing counted in the month" 10
page q Tab "Page 9 of 10: KPIs"
check "its KPIs: nothing counted" row q "Visit rate" "- Visit rate +- +≥ 100\.0%"
page q Tab "Page 10 of 10: Return-visit resample"
tui_check "its resample: none" q "No second calls in the month" 5
page q Tab "Page 1 of 10: Repairs"
page q Tab "Page 2 of 10: Parts replaced"
tui_check "its parts: none" q "No parts fitted on the month's tickets" 5
page q BTab "Page 1 of 10"
for _ in 1 2 3 4; do tui_keys q NPage; done
tui_check "its responsibility: none" q "No responsibility attributed in the month" 5


if tui_has_locale zh_CN.UTF-8; then
    S=z
    tui_client z LANG=zh_CN.UTF-8
    if ! tui_login z manager demo1234 "密码" || ! tui_wait z "经理" 20; then
        tui_not_ok "log in as the manager in Chinese" z
    else
        tui_f6_to z "月报" || tui_not_ok "zh: F6 to the monthly pack" z
        month z 2026-03 "月份（YYYY-MM）"
        tui_check "zh: the month typed" z "月报 2026-03" 10
        tui_check "zh: page 1" z "第 1 页（共 10 页）：维修" 10
        check "zh: the bar holds the screen's keys at 80 columns" \
            tui_until 5 eval 'tui_line z 24 | grep -qE "^F1 帮助 +m 月份 +PgDn 翻页 +x 保存 +p 扣罚表 .*F10 退出"'
        check "zh: repairs registered and completed" \
            tui_until 10 eval 'tui_row z "登记维修单" | grep -qE "登记维修单 +3 " &&
                tui_row z "已完成" | grep -qE "已完成 +2 "'
        check "zh: class C as a bar" row z "C 免费（保修期内）" "█ +2"
        tui_frame_ok "zh: page 1 at 80x24" z
        page z NPage "第 2 页（共 10 页）：更换配件"
        check "zh: the parts" row z 启动电容 "█ +3 +2 +45\.00"
        page z NPage "第 3 页（共 10 页）：满意度统计"
        tui_check "zh: the rate and mean score" z "满意率 50.0%    平均分 82.50" 5
        check "zh: attitude by level" row z "服务态度" "服务态度 +1 +0 +1 +0"
        page z NPage "第 4 页（共 10 页）：投诉"
        check "zh: complaints registered" tui_wait_row z "登记投诉" "登记投诉 +1 " 5
        page z NPage "第 5 页（共 10 页）：责任归属与比例"
        check "zh: the service line's share" row z "服务部" "█ +1 +0\.60 +60\.0% +50\.00"
        tui_frame_ok "zh: responsibility at 80x24" z
        page z NPage "第 6 页（共 10 页）：投诉类别排列图"
        check "zh: the category by its name" row z "服务 " " 1 +100\.0%"
        page z NPage "第 7 页（共 10 页）：故障原因排列图"
        check "zh: the cause by its Chinese name" row z "压缩机故障" "█ +2 +66\.7%"
        page z NPage "第 8 页（共 10 页）：型号排列图"
        page z NPage "第 9 页（共 10 页）：考核指标与目标"
        check "zh: the KPIs signed" row z "按时到达率" "✗ 按时到达率 +66\.7% +≥ 100\.0%"
        check "zh: a KPI met" row z "平均维修时长" "✓ 平均维修时长 +18\.00 h +≤ 48\.00 h"
        tui_frame_ok "zh: the KPIs at 80x24" z
        page z NPage "第 10 页（共 10 页）：回访抽查"
        check "zh: the resample per operator" row z "$OPERATOR" "█ +1 / 1"
    fi
else
    tui_skip "the monthly pack in Chinese" "no zh_CN.UTF-8 locale"
fi
tui_done
