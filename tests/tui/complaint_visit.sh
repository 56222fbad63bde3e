#!/usr/bin/env bash
# tests/tui/complaint_visit.sh: the return visit after a complaint, recorded
# from the operator's complaint board (issue #5).
#   - a service complaint replied accepted (follow_up) with its visit due
#     today is in the operator's To visit queue (F6 to the board, 3); a
#     complaint still received is not
#   - the key bar there says Enter Survey, d Detail; d opens the detail,
#     Esc comes back to the board
#   - Enter opens the ticket visits' survey form titled for the complaint,
#     with the customer to call and the complaint's words; Esc leaves it
#     without recording (the complaint still listed, nothing in the database)
#   - the four answers with one key each, the score and a comment, Ctrl-S:
#     the screen confirms for the complaint and is the board again, where
#     the To visit queue no longer lists it; the database has the `visit`
#     event with the ratings and visit_due NULL, the complaint still
#     follow_up
#   - a second visit.record of the complaint (RPC) is the daemon's conflict
#   - in Simplified Chinese, the survey's title (when the locale is there)
. "$(dirname "$0")/lib.sh"

tui_setup

# accepted NO: classified, its one stage's finding, approved, the reply
# accepted by the customer: follow_up, the visit due 15 days later.
accepted() {
    tui_rpc quality complaint.classify '{"no":"'"$1"'","severity":"minor",
        "category":"service","major":false}' >/dev/null &&
        tui_rpc quality complaint.advance '{"no":"'"$1"'","finding":"态度问题属实"}' >/dev/null &&
        tui_rpc manager complaint.approve '{"no":"'"$1"'"}' >/dev/null &&
        tui_rpc operator complaint.reply '{"no":"'"$1"'","text":"已上门道歉",
            "accepted":true}' >/dev/null
}

C1=$(tui_complaint 孙一 13900000011 v1 客服态度差) || tui_bail "cannot register a complaint"
C2=$(tui_complaint 李二 13900000012 v2 电话打不通) || tui_bail "cannot register a complaint"
accepted "$C1" || tui_bail "cannot take $C1 to follow_up"
# Due today (the reply set it 15 days ahead).
tui_sql "SET TIME ZONE 'Asia/Shanghai';
    UPDATE complaints SET visit_due = current_date::timestamptz WHERE no = '$C1'" >/dev/null ||
    tui_bail "cannot make the visit due"
state=$(tui_sql_value "SELECT state || '|' || (visit_due IS NOT NULL) FROM complaints WHERE no = '$C1'")
[[ $state == "follow_up|true" ]] || tui_bail "set-up: $C1 is $state"

tui_client op
if ! tui_login op operator demo1234 || ! tui_wait op "Role: Operator" 20; then
    tui_not_ok "log in as operator" op
    tui_done
fi
tui_f6_to_board op
tui_keys op 3
tui_check "3: the To visit queue lists one complaint" op "To visit: 1 complaint, by deadline" 10
tui_wait_row op "$C1" "follow-up" 10 && tui_ok "the follow-up complaint is listed" ||
    tui_not_ok "the follow-up complaint is listed" op
tui_screen op | grep -qF "$C2" && tui_not_ok "a received complaint is not in To visit" op ||
    tui_ok "a received complaint is not in To visit"
if tui_wait op "Enter Survey" 5 && tui_line op "$TUI_LINES" | grep -qF "d Detail"; then
    tui_ok "the key bar: Enter Survey, d Detail"
else
    tui_not_ok "the key bar: Enter Survey, d Detail" op
fi

# ---- the detail stays reachable
tui_keys op d
tui_check "d opens the complaint's detail" op "Complaint $C1: follow-up, round 1" 10
tui_keys op Escape
tui_check "Esc: back to the To visit queue" op "To visit: 1 complaint, by deadline" 10

# ---- the survey, left without recording
tui_keys op Enter
tui_check "Enter opens the survey for the complaint" op "Return visit: complaint $C1" 10
tui_check "the customer to call and the complaint's words" op "Call 孙一 at 13900000011  (service: 客服态度差)" 10
tui_check "the hint says the visit is the complaint's" op "Ctrl-S records the visit after the complaint" 5
tui_keys op Escape
tui_check "Esc: back to the board, the complaint still listed" op "To visit: 1 complaint, by deadline" 10
n=$(tui_sql_value "SELECT count(*) FROM complaint_events WHERE complaint_no = '$C1' AND kind = 'visit'")
[[ $n == 0 ]] && tui_ok "Esc records nothing" || tui_not_ok "Esc records nothing (got $n events)"

# ---- the survey recorded
tui_keys op Enter
tui_check "Enter opens the survey again" op "Return visit: complaint $C1" 10
tui_wait op "Call 孙一" 10
tui_keys op 2 1 1 3
answered() {
    tui_row op "Attitude" | grep -qF "[2 satisfied]" &&
        tui_row op "Promise kept" | grep -qF "[3 fairly satisfied]"
}
if tui_until 10 answered; then
    tui_ok "one key answers each question"
else
    tui_not_ok "one key answers each question" op
fi
tui_type op "88"
tui_keys op Tab
tui_type op "道歉后满意"
tui_keys op C-s
tui_check "Ctrl-S: the screen confirms for the complaint" op "Complaint $C1: return visit recorded" 15
tui_check "back on the board" op "Complaint board" 5
tui_check "the To visit queue no longer lists it" op "To visit: 0 complaints, by deadline" 10
# (the message line still names it)
tui_screen op | grep -F "$C1" | grep -qF "follow-up" &&
    tui_not_ok "the complaint's row is gone" op || tui_ok "the complaint's row is gone"
visit_sql="SELECT c.state || '|' || (c.visit_due IS NULL) || '|' || e.actor || '|' ||
        (e.details->>'attitude') || (e.details->>'skill') || (e.details->>'punctuality') ||
        (e.details->>'promise') || '|' || (e.details->>'score') || '|' ||
        (e.details->>'comment') || '|' || (e.details->>'satisfied')
     FROM complaints c JOIN complaint_events e ON e.complaint_no = c.no AND e.kind = 'visit'
     WHERE c.no = '$C1'"
what="the database: the visit event with the ratings, visit_due NULL, still follow_up"
if tui_wait_sql "$visit_sql" "follow_up|true|operator|2113|88|道歉后满意|true" 10; then
    tui_ok "$what"
else
    tui_not_ok "$what (got: $(tui_sql_value "$visit_sql"))"
fi

# ---- once only
if err=$(tui_rpc operator visit.record '{"no":"'"$C1"'","attitude":1,"skill":1,
        "punctuality":1,"promise":1,"score":100}'); then
    tui_not_ok "a second visit of the complaint is refused (it was accepted: $err)"
elif grep -q '"code": "conflict"' <<<"$err" && grep -qF "has no return visit due" <<<"$err"; then
    tui_ok "a second visit of the complaint is refused: conflict, no return visit due"
else
    tui_not_ok "a second visit of the complaint is refused: conflict (got: $err)"
fi
n=$(tui_sql_value "SELECT count(*) FROM complaint_events WHERE complaint_no = '$C1' AND kind = 'visit'")
[[ $n == 1 ]] && tui_ok "one visit event" || tui_not_ok "one visit event (got $n)"

# ---- in Chinese
if tui_has_locale zh_CN.UTF-8; then
    C3=$(tui_complaint 周三 13900000013 v3 维修拖延) || tui_bail "cannot register a complaint"
    accepted "$C3" || tui_bail "cannot take $C3 to follow_up"
    tui_client zh LANG=zh_CN.UTF-8
    tui_login zh operator demo1234 "密码" || tui_not_ok "zh_CN: log in" zh
    zh_board() { tui_line zh 2 | grep -q "投诉看板"; }
    for _ in 1 2 3 4 5; do
        tui_wait_connected zh 2 && sleep 0.3 && zh_board && break
        tui_keys zh F6
    done
    tui_keys zh 3
    tui_wait_row zh "$C3" "" 10
    tui_keys zh Enter
    tui_check "zh_CN: the survey's title names the complaint" zh "回访：投诉 $C3" 10
else
    tui_skip "zh_CN: the survey's title names the complaint" "no zh_CN.UTF-8 locale"
fi

tui_done
