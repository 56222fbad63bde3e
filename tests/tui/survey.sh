#!/usr/bin/env bash
# tests/tui/survey.sh: the operator's return visits.
#   - F6 from the intake: the visit queue lists the completed tickets
#   - Enter opens the survey; the four questions are answered with one key
#     each, then the score and a comment; Ctrl-S records it: the ticket is
#     closed in the database with the answers, and leaves the queue
#   - a survey with questions unanswered is not sent: every problem is said
#     at once, by the questions' names
#   - an unsatisfied answer (an item at 4) opens a complaint: its number is
#     shown, the one in the database
. "$(dirname "$0")/lib.sh"

tui_setup

# completed NO NAME: repaired on site and signed for.
completed() {
    tui_rpc dispatcher ticket.dispatch '{"no":"'"$1"'","technician":"technician"}' >/dev/null &&
        tui_rpc technician ticket.arrive '{"no":"'"$1"'"}' >/dev/null &&
        tui_rpc technician ticket.repair '{"no":"'"$1"'","diagnosis":"温控器故障",
            "cause":"老化","actions":"更换温控器","parts":[],"labour_minutes":20}' >/dev/null &&
        tui_rpc technician ticket.complete '{"no":"'"$1"'","signed_by":"'"$2"'"}' >/dev/null
}

tui_sql "INSERT INTO service_points (id, name) VALUES (903, '城区网点');
    UPDATE users SET service_point_id = 903 WHERE login = 'technician'" >/dev/null ||
    tui_bail "cannot set the service point"
T1=$(tui_call 郑三 13800000031 SN-V-1 冰箱不制冷) || tui_bail "cannot register"
T2=$(tui_call 王四 13800000032 SN-V-2 冰箱结霜) || tui_bail "cannot register"
completed "$T1" 郑三 && completed "$T2" 王四 || tui_bail "cannot complete"

tui_client op
if ! tui_login op operator demo1234 || ! tui_wait op "Role: Operator" 20; then
    tui_not_ok "log in as operator" op
    tui_done
fi
tui_check "the intake first" op "New call" 10
tui_check "the key bar names the next screen" op "F6 Return visits" 5
tui_keys op F6
tui_check "F6: the return-visit queue" op "Return visits: 2 tickets to call back" 10
first=$(tui_screen op | grep -oE "$T1|$T2" | head -n 1)
[[ $first == "$T1" ]] || tui_keys op Down   # T1 selected either way

# --- T1: satisfied
tui_keys op Enter
tui_check "Enter opens the survey" op "Return visit: ticket $T1" 10
tui_check "the customer to call, with the phone" op "Call 郑三 at 13800000031" 10
tui_keys op 1 2 1 1
answered() {
    tui_row op "Attitude" | grep -qF "[1 very satisfied]" &&
        tui_row op "Skill" | grep -qF "[2 satisfied]"
}
if tui_until 10 answered; then
    tui_ok "one key answers a question and moves on"
else
    tui_not_ok "one key answers a question and moves on" op
fi
tui_type op "95"
tui_keys op Tab
tui_type op "师傅很专业"
tui_keys op C-s
tui_check "Ctrl-S records the visit" op "Ticket $T1 closed: visit recorded" 15
row=$(tui_sql_value "SELECT t.state || '|' || v.attitude || v.skill || v.punctuality ||
    v.promise || '|' || v.score || '|' || v.comment || '|' || coalesce(v.complaint_no, '-')
    FROM tickets t JOIN visits v ON v.ticket_no = t.no WHERE t.no = '$T1'")
[[ $row == "closed|1211|95|师傅很专业|-" ]] && tui_ok "the ticket is closed in the database with the answers" ||
    tui_not_ok "the ticket is closed in the database with the answers (got: $row)"
tui_check "it leaves the queue" op "Return visits: 1 ticket to call back" 10

# --- T2: not every question answered, then unsatisfied
tui_keys op Home Enter
tui_check "the survey of the second ticket" op "Return visit: ticket $T2" 10
tui_keys op C-s
tui_check "every unanswered question is said at once" op \
    "Attitude: not answered; Skill: not answered; Punctuality: not answered; Promise kept: not answered;" 5
tui_check "and the missing score with them" op "Score (0-100): required" 1
[[ $(tui_sql_value "SELECT count(*) FROM visits WHERE ticket_no = '$T2'") == 0 ]] &&
    tui_ok "nothing was sent" || tui_not_ok "nothing was sent"
tui_keys op 1 1 4 2
tui_type op "85"
tui_keys op C-s
if tui_wait op "complaint " 15; then
    no=$(tui_sql_value "SELECT complaint_no FROM visits WHERE ticket_no = '$T2'")
    if [[ -n $no ]] && tui_wait op "Ticket $T2 closed: unsatisfied, complaint $no opened" 2; then
        tui_ok "an unsatisfied answer shows the complaint number ($no)"
    else
        tui_not_ok "an unsatisfied answer shows the complaint number ($no)" op
    fi
else
    tui_not_ok "an unsatisfied answer shows the complaint number" op
fi
state=$(tui_sql_value "SELECT state FROM tickets WHERE no = '$T2'")
[[ $state == closed ]] && tui_ok "the unsatisfied visit closes the ticket too" ||
    tui_not_ok "the unsatisfied visit closes the ticket too (got $state)"
tui_check "the queue is empty" op "Return visits: 0 tickets to call back" 10

if tui_has_locale zh_CN.UTF-8; then
    tui_client zh LANG=zh_CN.UTF-8
    tui_login zh operator demo1234 "密码" || tui_not_ok "zh_CN: log in" zh
    tui_check "zh_CN: the key bar names the visit queue in Chinese" zh "F6 回访" 15
    tui_keys zh F6
    tui_check "zh_CN: the visit queue is in Chinese" zh "回访：0 张工单待回访" 10
else
    tui_skip "zh_CN: the visit queue is in Chinese" "no zh_CN.UTF-8 locale"
fi

tui_done
