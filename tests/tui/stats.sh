#!/usr/bin/env bash
# tests/tui/stats.sh: the statistics' KPIs against their targets and the
# Pareto chart, at 80x24, on the known March 2026 of reports_march.sql.
# By hand, for 2026-03-01 to 2026-03-31 (targets as shipped):
#   - arrival on time: R1, Y1 on time of R1, R2, Y1 arrived: 66.7% < 100% ✗
#   - mean repair time: repairs completed R1 24 h, R2 12 h: 18.00 h <= 48 ✓
#   - repeat repairs: R3 of the 3 repairs: 33.3% > 0% ✗
#   - return visits: R1, R2 of the 3 completed (R1, R2, Y1): 66.7% ✗
#   - satisfaction: R1 of the 2 visited: 50.0% < 98% ✗
#   - complaint rate: 1 complaint over 4 repairs and services: 25.0% > 8% ✗
#   - timely replies: 1 of 1: 100.0% ✓
#   each line's sign besides its colour (green met, red not); then the
#   satisfaction target set to 50 by policy.set: F5 shows it met
#   - the Pareto by fault cause: compressor 2 at 66.7%, wiring 1 at 100%,
#     drawn as eighth-block bars with the cumulative marker, the 80% line
#     and its axis
#   - x saves the KPIs (satisfaction met at its new target), X the Pareto
#     shown, as CSV files read back
#   - the same in Chinese
TUI_COLS=80
TUI_LINES=24
. "$(dirname "$0")/lib.sh"

tui_setup
tui_sql "$(cat "$(dirname "$0")/reports_march.sql")" >/dev/null || tui_bail "cannot write the data set"

# kpi SESSION LABEL SIGN VALUE TARGET: the KPI's line reads "SIGN LABEL VALUE TARGET".
kpi() {
    tui_wait_row "$1" "$2" "$3 $2 +$4 +$5( |\$)" 10
}
# kpi_colour SESSION LABEL COLOUR: the KPI's line in that colour (SGR 31 red, 32 green).
kpi_colour() {
    tui_row_attrs "$1" "$2" | grep -qE -- $'\e\\[(1;)?'"$3"'m[^\e]*'"$2"
}
check() { local what=$1; shift; if "$@"; then tui_ok "$what"; else tui_not_ok "$what" "$2"; fi; }

period() {   # SESSION: the period to March 2026
    tui_keys "$1" f
    tui_wait "$1" "$2" 5
    tui_keys "$1" C-a C-k
    tui_type "$1" 2026-03-01
    tui_keys "$1" Enter
    tui_keys "$1" t
    tui_wait "$1" "$3" 5
    tui_keys "$1" C-a C-k
    tui_type "$1" 2026-03-31
    tui_keys "$1" Enter
}

tui_client q
if ! tui_login q quality demo1234 || ! tui_wait q "Role: Quality" 20; then
    tui_not_ok "log in as quality" q
    tui_done
fi
tui_f6_to q "Statistics" || tui_not_ok "F6 to the statistics" q
period q "From (YYYY-MM-DD)" "To (YYYY-MM-DD)"
tui_check "the period of March" q "Period: 2026-03-01 to 2026-03-31" 10
tui_check "the KPIs' heading says what the signs mean" q "KPIs against their targets (✓ met, ✗ not met)"
check "arrival on time 66.7% against 100%: not met" kpi q "Arrival on time" ✗ "66.7%" "≥ 100.0%"
check "mean repair time 18 hours against 48: met" kpi q "Mean repair time" ✓ "18.00 h" "≤ 48.00 h"
check "repeat repairs 33.3% against 0%: not met" kpi q "Repeat repairs" ✗ "33.3%" "≤ 0.0%"
check "return visits 66.7% against 100%: not met" kpi q "Visit rate" ✗ "66.7%" "≥ 100.0%"
check "satisfaction 50% against 98%: not met" kpi q "Satisfaction" ✗ "50.0%" "≥ 98.0%"
check "complaint rate 25% against the 8% limit: not met" kpi q "Complaint rate" ✗ "25.0%" "≤ 8.0%"
check "timely replies 100% against 100%: met" kpi q "Timely replies" ✓ "100.0%" "≥ 100.0%"
check "a target met is green" kpi_colour q "Mean repair time" 32
check "a target missed is red" kpi_colour q "Satisfaction" 31
tui_check "the complaint counts behind the rates" q "Timely-reply rate 100.0% (1 of 1)"

tui_rpc admin policy.set '{"settings":{"target_satisfaction_percent":50}}' >/dev/null ||
    tui_not_ok "policy.set the satisfaction target"
tui_keys q F5
check "a target is data: at 50% the same satisfaction is met" \
    kpi q "Satisfaction" ✓ "50.0%" "≥ 50.0%"
check "and green" kpi_colour q "Satisfaction" 32

tui_keys q b
tui_wait q "Pareto by responsible department" 5
tui_keys q b
tui_check "b twice: the Pareto by fault cause" q "Pareto by fault cause (repairs)" 10
if tui_wait_row q "Compressor failure" "█+.* +2 +66\.7% *$" 10 &&
    tui_wait_row q "Wiring fault" "█+.*● +1 +100\.0% *$" 5; then
    tui_ok "the causes as bars in blocks with their count and cumulative percent"
else
    tui_not_ok "the causes as bars in blocks with their count and cumulative percent" q
fi
check "the 80% line crosses the rows the bars do not reach" tui_wait_row q "Wiring fault" "┊" 2
check "the axis marks the 80% line" tui_wait q "┴80%" 2
tui_frame_ok "the statistics at 80x24" q

# x saves the period's KPIs, X the Pareto shown (widget/report_save).
OUT=$TUI_TMP/out
mkdir -p "$OUT"
tui_keys q x
tui_check "x proposes the KPIs' name" q "kpi-2026-03-01-2026-03-31.xlsx" 5
tui_keys q C-a C-k
tui_type q "$OUT/kpi.csv"
tui_keys q Enter
tui_check "the KPIs saved" q "Report saved to $OUT/kpi.csv" 15
if grep -qx $'satisfaction_rate,true,0.5,higher,0.5\r' "$OUT/kpi.csv" 2>/dev/null &&
    grep -qx $'complaint_rate,false,0.25,lower,0.08\r' "$OUT/kpi.csv"; then
    tui_ok "the KPIs' file: each KPI with met, value, better and target"
else
    tui_not_ok "the KPIs' file: each KPI with met, value, better and target" q
    sed 's/^/#   /' "$OUT/kpi.csv" 2>&1 | head -n 12
fi
tui_keys q X
tui_check "X proposes the Pareto's name" q "pareto-cause-2026-03-01-2026-03-31.xlsx" 5
tui_keys q C-a C-k
tui_type q "$OUT/pareto.csv"
tui_keys q Enter
tui_check "the Pareto saved" q "Report saved to $OUT/pareto.csv" 15
if grep -q $'^compressor,.*,2,.*66.7' "$OUT/pareto.csv" 2>/dev/null; then
    tui_ok "the Pareto's file: the cause shown, its count and cumulative percent"
else
    tui_not_ok "the Pareto's file: the cause shown, its count and cumulative percent" q
    sed 's/^/#   /' "$OUT/pareto.csv" 2>&1 | head -n 12
fi

if tui_has_locale zh_CN.UTF-8; then
    tui_client z LANG=zh_CN.UTF-8
    if ! tui_login z manager demo1234 "密码" || ! tui_wait z "经理" 20; then
        tui_not_ok "log in as the manager in Chinese" z
    else
        tui_f6_to z "统计" || tui_not_ok "zh: F6 to the statistics" z
        period z "起" "止"
        tui_check "zh: the period of March" z "2026-03-31" 10
        check "zh: arrival on time, not met" kpi z "按时到达率" ✗ "66.7%" "≥ 100.0%"
        check "zh: mean repair time, met" kpi z "平均维修时长" ✓ "18.00 h" "≤ 48.00 h"
        check "zh: satisfaction at the new target, met" kpi z "满意率" ✓ "50.0%" "≥ 50.0%"
        check "zh: complaint rate, not met" kpi z "投诉率" ✗ "25.0%" "≤ 8.0%"
        tui_frame_ok "the statistics at 80x24 in Chinese" z
    fi
else
    tui_skip "the statistics in Chinese" "no zh_CN.UTF-8 locale"
fi
tui_done
