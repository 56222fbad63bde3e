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
#   - PgDn after the last is the first, PgUp and Shift-Tab go back; no
#     resample in the pack: 9 pages
#   - an empty month says so on its pages
#   - a pack with a resample (the resample slice's key, stood in for here by
#     wrapping report_monthly in the test's database): a tenth page, the
#     counts and each operator's disagreed of checked as bars
#   - a manager in Chinese: the pages' words and figures
TUI_COLS=80
TUI_LINES=24
. "$(dirname "$0")/lib.sh"

tui_setup
tui_sql "$(cat "$(dirname "$0")/reports_march.sql")" >/dev/null || tui_bail "cannot write the data set"
TECH=$(tui_sql_value "SELECT name FROM users WHERE login = 'technician'")
PREV=$(tui_sql_value "SELECT to_char((now() AT TIME ZONE 'Asia/Shanghai')::date
    - interval '1 month', 'YYYY-MM')")

# check WHAT COMMAND...: ok when the command is true; the screen of session $S when not
check() { local what=$1; shift; if "$@"; then tui_ok "$what"; else tui_not_ok "$what" "$S"; fi; }
# row SESSION TEXT PATTERN: the line holding TEXT ends with PATTERN
row() { tui_wait_row "$1" "$2" "$3 *\$" 10; }
page() {   # SESSION KEY "Page n of 9: title"
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
tui_f6_to q "Complaint statistics" || tui_not_ok "F6 to the statistics" q
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

tui_check "page 1: repairs" q "Page 1 of 9: Repairs" 10
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

page q NPage "Page 2 of 9: Parts replaced"
check "PgDn, page 2: 启动电容 3 on 2 tickets, 45.00" row q 启动电容 "█ +3 +2 +45\.00"
check "风扇电机 1 on 1, 80.00" row q 风扇电机 "[█▏▎▍▌▋▊▉] +1 +1 +80\.00"

page q Tab "Page 3 of 9: Satisfaction statistics"
check "Tab, page 3: 2 visited, 1 satisfied" \
    tui_until 5 eval 'tui_row q "Tickets visited" | grep -qE "visited +2 " &&
        tui_row q "Satisfied " | grep -qE "^ +Satisfied +1 "'
tui_check "the rate and the mean score" q "Satisfaction rate 50.0%    Mean score 82.50" 5
check "attitude: one very satisfied, one fairly" row q "Attitude" "Attitude +1 +0 +1 +0"
check "promise kept: both very satisfied" row q "Promise kept" "kept +2 +0 +0 +0"
tui_check "the levels in words" q "1 very satisfied, 2 satisfied, 3 fairly satisfied, 4 unsatisfied" 2

page q NPage "Page 4 of 9: Complaints"
check "page 4: 1 registered, minor, with responsibility, replied in time" \
    tui_until 5 eval 'tui_row q "Complaints registered" | grep -qE "registered +1 " &&
        tui_row q "Minor" | grep -qE "Minor +1 " &&
        tui_row q "With responsibility" | grep -qE "responsibility +1" &&
        tui_row q "Replied in time" | grep -qE "in time +1"'

page q NPage "Page 5 of 9: Responsibility and shares"
check "page 5: the service line 1 complaint, 0.60, 60.0%, 50.00 yuan" \
    row q "Service line" "█ +1 +0\.60 +60\.0% +50\.00"
check "the technician 0.40, 40.0%, 20.00 yuan" row q "$TECH" "[█▏▎▍▌▋▊▉] +1 +0\.40 +40\.0% +20\.00"

page q NPage "Page 6 of 9: Pareto of complaint categories"
check "page 6: service 1 at 100%" row q "service" "●? +1 +100\.0%"
page q NPage "Page 7 of 9: Pareto of fault causes"
check "page 7: compressor 2 at 66.7%" row q "Compressor failure" "█ +2 +66\.7%"
check "wiring 1 at 100%, its marker past the 80% line" row q "Wiring fault" "┊ +● +1 +100\.0%"
page q NPage "Page 8 of 9: Pareto of models"
check "page 8: BCD-200 2 at 50%, first by key" row q "BCD-200" "█ +2 +50\.0%"
check "KFR-35 2 at 100%" row q "KFR-35" "● +2 +100\.0%"
tui_frame_ok "a Pareto page at 80x24" q

page q NPage "Page 9 of 9: KPIs against their targets"
check "page 9: arrival on time not met" row q "Arrival on time" "✗ Arrival on time +66\.7% +≥ 100\.0%"
check "mean repair time met" row q "Mean repair time" "✓ Mean repair time 18\.00 h +≤ 48\.00 h"
check "complaint rate against the 8% limit" row q "Complaint rate" "✗ Complaint rate +25\.0% +≤ 8\.0%"

page q NPage "Page 1 of 9: Repairs"
check "PgDn after the last: the first" tui_wait q "Page 1 of 9: Repairs" 1
page q PPage "Page 9 of 9: KPIs"
check "PgUp from the first: the last" tui_wait q "Page 9 of 9" 1
page q BTab "Page 8 of 9: Pareto of models"
check "Shift-Tab: the page before" tui_wait q "Page 8 of 9" 1

month q 2025-01 "Month (YYYY-MM)"
tui_check "an empty month" q "Monthly pack 2025-01" 5
tui_check "its Pareto of models: nothing counted" q "Nothing counted in the month" 10
page q Tab "Page 9 of 9: KPIs"
check "its KPIs: nothing counted" row q "Visit rate" "- Visit rate +- +≥ 100\.0%"
page q Tab "Page 1 of 9: Repairs"
page q Tab "Page 2 of 9: Parts replaced"
tui_check "its parts: none" q "No parts fitted on the month's tickets" 5
page q BTab "Page 1 of 9"
for _ in 1 2 3 4; do tui_keys q NPage; done
tui_check "its responsibility: none" q "No responsibility attributed in the month" 5

# The resample's key, as the resample slice's report_resample will fill it:
# report_monthly wrapped (its own definition kept under another name).
tui_sql "DO \$\$ BEGIN EXECUTE replace(pg_get_functiondef('report_monthly(date)'::regprocedure),
    'report_monthly(', 'tui_monthly_base('); END \$\$;
CREATE OR REPLACE FUNCTION report_monthly(p_month date) RETURNS jsonb LANGUAGE sql STABLE AS
\$\$ SELECT tui_monthly_base(p_month) || jsonb_build_object('resample', jsonb_build_object(
    'sampled', 3, 'called', 2, 'disagreed', 1, 'by_operator', jsonb_build_array(
    jsonb_build_object('login', 'operator', 'name', '钱七', 'checked', 2, 'disagreed', 1),
    jsonb_build_object('login', 'op2', 'name', '孙八', 'checked', 1, 'disagreed', 0)))) \$\$;" \
    >/dev/null || tui_not_ok "wrap report_monthly with a resample"
month q 2026-03 "Month (YYYY-MM)"
tui_check "a pack with a resample has ten pages" q "of 10: " 10
for _ in $(seq 10); do
    tui_wait q "Page 10 of 10" 1 && break
    tui_keys q NPage
done
tui_check "the last page: the resample" q "Page 10 of 10: Return-visit resample" 5
check "3 drawn, 2 called again, 1 disagreed" \
    tui_until 5 eval 'tui_row q "Drawn for a second call" | grep -qE "call +3 " &&
        tui_row q "Called again" | grep -qE "again +2( |\$)" &&
        tui_row q "Answers that disagree" | grep -qE "disagree +1( |\$)"'
check "per operator: disagreed of checked, as bars" row q 钱七 "█ +1 / 2"
check "an operator without a disagreement: no bar" row q 孙八 "孙八 +0 / 1"
tui_frame_ok "the resample page at 80x24" q

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
        check "zh: the resample per operator" row z 钱七 "█ +1 / 2"
    fi
else
    tui_skip "the monthly pack in Chinese" "no zh_CN.UTF-8 locale"
fi
tui_done
