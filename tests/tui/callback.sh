#!/usr/bin/env bash
# tests/tui/callback.sh: return visits that reach nobody, on screen at 80x24
# (doc/domain.md, Return visits).
#   - u on the visit queue asks y/n; y records the attempt: the row shows
#     1/3 and the call-back (the next working half-day, 09:00 or 14:00, as
#     the database holds it), the banner says so, the ticket stays
#   - u again before the call-back time is refused with the daemon's words
#   - the operator's My calls, queue 2: the call-back with its tries, time
#     and countdown, not due yet; once its time has passed (moved back in
#     the database) F5 shows it due, with the time since
#   - u there records the second attempt; the third closes the ticket as
#     unreachable: the banner says so, it leaves both queues, the database
#     has it closed, outcome unreachable, 3 attempts, no survey
#   - the detail says the outcome and the events in words
#   - in Chinese: the visit queue's columns and a first attempt
. "$(dirname "$0")/lib.sh"

TUI_COLS=80
TUI_LINES=24
tui_setup

# completed NO SIGNER: dispatched, on site, signed for.
completed() {
    tui_rpc dispatcher ticket.dispatch '{"no":"'"$1"'","technician":"technician"}' >/dev/null &&
        tui_rpc technician ticket.arrive '{"no":"'"$1"'"}' >/dev/null &&
        tui_rpc technician ticket.complete '{"no":"'"$1"'","signed_by":"'"$2"'"}' >/dev/null
}
T1=$(tui_call 郑三 13800000051 SN-C-1 冰箱不制冷) || tui_bail "cannot register"
T2=$(tui_call 王四 13800000052 SN-C-2 冰箱结霜) || tui_bail "cannot register"
completed "$T1" 郑三 && completed "$T2" 王四 || tui_bail "cannot complete"

sql_check() {
    if tui_wait_sql "$2" "$3" 10; then tui_ok "$1"; else
        tui_not_ok "$1 (got: $(tui_sql_value "$2"))"; fi
}
# The call-back of ticket $1 as the screen shows it (the centre's time).
callback_of() {
    tui_sql_value "SELECT to_char(callback_at AT TIME ZONE 'Asia/Shanghai', 'MM-DD HH24:MI')
        FROM tickets WHERE no = '$1'"
}
# Lets the call-back's time of ticket $1 pass.
callback_passed() {
    tui_sql "UPDATE tickets SET callback_at = now() - interval '5 minutes',
        visit_due = now() - interval '5 minutes' WHERE no = '$1'" >/dev/null
}

tui_client op
if ! tui_login op operator demo1234 || ! tui_wait op "Role: Operator" 20; then
    tui_not_ok "log in as operator" op
    tui_done
fi
tui_keys op F6
tui_check "the visit queue" op "Return visits: 2 tickets to call back" 10
tui_check "its columns: the tries and the call-back" op "Tries Call back" 5
tui_frame_ok "the visit queue lays out at 80x24" op
tui_check "u is on the key bar" op "u Unreachable" 5
tui_select op "$T1"

# ---- the first attempt, on the visit queue
tui_keys op u
tui_check "u asks first" op "$T1 not reached (attempt 1 of 3): call back later?" 5
tui_keys op y
tui_check "the attempt is recorded" op "Ticket $T1: not reached (attempt 1 of 3); call back" 10
cb=$(callback_of "$T1")
[[ $cb =~ (09|14):00$ ]] && tui_ok "the call-back is a half-day's slot ($cb)" ||
    tui_not_ok "the call-back is a half-day's slot (got: $cb)"
tui_wait_row op "$T1  郑三" "1/3 +$cb" 10 && tui_ok "the row shows the attempt and the call-back" ||
    tui_not_ok "the row shows the attempt and the call-back" op
tui_check "the ticket stays in the queue" op "Return visits: 2 tickets to call back" 5
sql_check "the database: completed, one attempt, the call-back its place in the queue" \
    "SELECT state || '|' || visit_attempts || '|' || (visit_due = callback_at) || '|' ||
     (callback_at > now()) FROM tickets WHERE no = '$T1'" "completed|1|true|true"
tui_select op "$T1"
tui_keys op u
tui_wait op "not reached (attempt 2 of 3)" 5 && tui_keys op y
tui_check "u before the call-back time is refused" op "waits for its call-back at" 10
sql_check "nothing changed" "SELECT visit_attempts FROM tickets WHERE no = '$T1'" "1"

# ---- My calls: the call-backs
tui_f6_to op "My calls " || tui_not_ok "F6 goes round to My calls" op
tui_keys op 2
tui_check "My calls, queue 2: the call-back" op "Call-backs: 1 ticket, 0 due now" 10
tui_wait_row op "$T1  郑三" "1/3 +$cb +[0-9]+h[0-9]{2}m[0-9]{2}s" 10 &&
    tui_ok "with its tries, time and countdown" || tui_not_ok "with its tries, time and countdown" op
tui_frame_ok "the call-backs lay out at 80x24" op
callback_passed "$T1"
tui_keys op F5
tui_check "once its time has passed it is due" op "Call-backs: 1 ticket, 1 due now" 10
tui_wait_row op "$T1  郑三" " -0h0[0-9]m[0-9]{2}s" 5 && tui_ok "with the time since" ||
    tui_not_ok "with the time since" op
tui_keys op u
tui_check "u on the call-back asks" op "$T1 not reached (attempt 2 of 3): call back later?" 5
tui_keys op y
tui_check "the second attempt" op "Ticket $T1: not reached (attempt 2 of 3); call back" 10
tui_wait_row op "$T1  郑三" "2/3" 10 && tui_ok "the row shows 2/3" || tui_not_ok "the row shows 2/3" op
callback_passed "$T1"
tui_keys op F5
tui_check "due again" op "Call-backs: 1 ticket, 1 due now" 10
tui_keys op u
tui_check "the last attempt asks to close" op \
    "$T1 not reached (attempt 3 of 3): close it as unreachable?" 5
tui_keys op y
tui_check "the third attempt closes the ticket" op \
    "Ticket $T1 closed: the customer was not reached in 3 attempts" 10
tui_check "it leaves the call-backs" op "Call-backs: 0 tickets, 0 due now" 10
sql_check "the database: closed as unreachable after three attempts, no survey" \
    "SELECT t.state || '|' || t.visit_outcome || '|' || t.visit_attempts || '|' ||
     (t.callback_at IS NULL) || '|' || (SELECT count(*) FROM visits v WHERE v.ticket_no = t.no)
     FROM tickets t WHERE t.no = '$T1'" "closed|unreachable|3|true|0"

# ---- the visit queue, and the closed ticket's detail (the dispatcher's All)
tui_f6_to op "Return visits" || tui_not_ok "F6 goes round to the visit queue" op
tui_check "the visit queue has the other ticket only" op "Return visits: 1 ticket to call back" 10
tui_client d
if ! tui_login d dispatcher demo1234 || ! tui_wait d "Role: Dispatcher" 20; then
    tui_not_ok "log in as dispatcher" d
    tui_done
fi
tui_keys d 4
tui_wait d "All: " 10
tui_keys d Home /
tui_type d "$T1"
tui_keys d Enter d
tui_check "the closed ticket's detail" d "Ticket $T1: closed" 10
tui_wait_row d "not reached, attempt 3 of 3" "return visit +closed" 10 &&
    tui_ok "the history has the last attempt closing it" ||
    tui_not_ok "the history has the last attempt closing it" d
tui_check "the detail says the outcome" d "Return visit   not reached in 3 attempts: closed" 5
tui_frame_ok "the detail lays out at 80x24" d
tui_keys d v
tui_wait d "lines 1-" 5
tui_keys d End
tui_check "v reads the last attempt whole" d "attempt 3 of 3; closed as unreachable" 5
tui_keys d Escape

# ---- in Chinese
if tui_has_locale zh_CN.UTF-8; then
    tui_client zh LANG=zh_CN.UTF-8
    tui_login zh operator demo1234 "密码" || tui_not_ok "zh_CN: log in" zh
    tui_check "zh_CN: the key bar names the visit queue" zh "F6 回访" 15
    tui_keys zh F6
    tui_check "zh_CN: the visit queue's columns in Chinese" zh "次数  回拨时间" 10
    tui_frame_ok "zh_CN: the visit queue lays out at 80x24" zh
    tui_check "zh_CN: u on the key bar" zh "u 未联系上" 5
    tui_select zh "$T2"
    tui_keys zh u
    tui_check "zh_CN: u asks" zh "$T2 未联系上（第 1 次，共 3 次）：稍后回拨？" 5
    tui_keys zh y
    tui_check "zh_CN: the attempt is recorded" zh "工单 $T2：未联系上（第 1 次，共 3 次）" 10
    cb=$(callback_of "$T2")
    tui_wait_row zh "$T2  王四" "1/3 +$cb" 10 && tui_ok "zh_CN: the row shows the attempt and the call-back" ||
        tui_not_ok "zh_CN: the row shows the attempt and the call-back" zh
    tui_f6_to zh "我的来电 " || tui_not_ok "zh_CN: F6 goes round to 我的来电" zh
    tui_keys zh 2
    tui_check "zh_CN: the call-backs in Chinese" zh "待回拨：1 张，0 张已到时间" 10
    tui_frame_ok "zh_CN: the call-backs lay out at 80x24" zh
else
    tui_skip "zh_CN: call-backs in Chinese" "no zh_CN.UTF-8 locale"
fi

tui_done
