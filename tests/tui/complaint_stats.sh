#!/usr/bin/env bash
# tests/tui/complaint_stats.sh: the statistics period.
#   - this month by default, with its figures
#   - t with a day before from is refused in the prompt, which stays
#     open saying why; Esc keeps the period and its figures as they were
#   - f with a day that is not a date is refused the same way
#   - a period with no complaints shows none: the figures always belong to
#     the period shown
. "$(dirname "$0")/lib.sh"

tui_setup

C1=$(tui_complaint 褚一 13400000041 t1 维修超时) || tui_bail "cannot register a complaint"
tui_rpc quality complaint.classify '{"no":"'"$C1"'","severity":"minor","category":"service",
    "major":false}' >/dev/null || tui_bail "cannot classify $C1"

tui_client q1
if ! tui_login q1 quality demo1234 || ! tui_wait q1 "Role: Quality" 20; then
    tui_not_ok "log in as quality" q1
    tui_done
fi
tui_wait q1 "Complaint board" 10
tui_keys q1 F6
tui_check "F6: the statistics" q1 "Statistics" 10
# The centre's day, as the screen takes it from the daemon (Asia/Shanghai), not
# the database session's: they differ from midnight in Shanghai to midnight UTC.
today=$(tui_sql_value "SELECT to_char(now() AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD')")
first=${today:0:8}01
period="Period: $first to $today"
tui_check "this month by default" q1 "$period" 10
if tui_wait_row q1 "service" "1 +100.0%" 10 && tui_wait q1 "(0 of 1)" 5; then
    tui_ok "the month's figures"
else
    tui_not_ok "the month's figures" q1
fi

tui_keys q1 t
tui_check "t asks for the last day" q1 "To (YYYY-MM-DD)" 5
tui_keys q1 C-a C-k
tui_type q1 "2020-01-01"
tui_keys q1 Enter
tui_check "a last day before the first is refused, saying why" q1 \
    "From $first is after to 2020-01-01: no such period" 5
tui_check "the prompt stays open with the day typed" q1 "To (YYYY-MM-DD) 2020-01-01" 2
tui_keys q1 Escape
if tui_wait_gone q1 "To (YYYY-MM-DD)" 5 && tui_wait q1 "$period" 2 &&
    tui_wait_row q1 "service" "1 +100.0%" 2 && tui_wait q1 "(0 of 1)" 1; then
    tui_ok "Esc: the period and its figures as they were"
else
    tui_not_ok "Esc: the period and its figures as they were" q1
fi

tui_keys q1 f
tui_check "f asks for the first day" q1 "From (YYYY-MM-DD)" 5
tui_keys q1 C-a C-k
tui_type q1 "2026-02-30"
tui_keys q1 Enter
tui_check "a day that is not a date is refused" q1 "2026-02-30 is not a day: YYYY-MM-DD" 5
tui_keys q1 C-a C-k
tui_type q1 "2020-01-01"
tui_keys q1 Enter
tui_check "a first day before the last is taken" q1 "Period: 2020-01-01 to $today" 5
tui_keys q1 t
tui_wait q1 "To (YYYY-MM-DD)" 5
tui_keys q1 C-a C-k
tui_type q1 "2020-01-31"
tui_keys q1 Enter
tui_check "the new period is shown" q1 "Period: 2020-01-01 to 2020-01-31" 5
if tui_wait q1 "No complaints in the period" 10 && tui_wait q1 "(0 of 0)" 5 &&
    ! tui_row q1 "service" | grep -qE "1 +100.0%"; then
    tui_ok "with its own figures: none"
else
    tui_not_ok "with its own figures: none" q1
fi

tui_done
