#!/usr/bin/env bash
# tests/tui/followup.sh: notes and handovers on screen, at 80x24
# (doc/domain.md, Notes and handovers).
#   - the operator's My calls (last in the F6 round) lists the calls they
#     own, with the deadline's countdown; Enter opens the detail
#   - a in the detail asks for the note; an empty one is refused in the
#     prompt; the note is in the history at once, in the database trimmed,
#     and on a dispatcher's detail of the same ticket (the push)
#   - h opens the handover form: an unknown login is refused on its field
#     (To), nothing changed; then to op.two with a note: the detail shows
#     the new owner and the handover in words; the database keeps taken_by
#   - the operator's My calls no longer lists the ticket; op.two's does
#   - in Chinese: op.two adds a note and hands it back (an unknown login
#     first, refused in the daemon's Chinese), every screen laid out at 80x24
. "$(dirname "$0")/lib.sh"

TUI_COLS=80
TUI_LINES=24
tui_setup

T1=$(tui_call 郑三 13800000041 SN-F-1 冰箱不制冷) || tui_bail "cannot register"
T2=$(tui_call 王四 13800000042 SN-F-2 洗衣机漏水) || tui_bail "cannot register"
tui_sql "INSERT INTO users (login, name, role, password_hash) SELECT 'op.two', '王芳',
    'operator', password_hash FROM users WHERE login = 'operator'" >/dev/null ||
    tui_bail "cannot add op.two"

# login SESSION USER MARK [LANG=...]: logs in and waits for MARK.
login() {
    tui_client "$1" "${@:4}"
    if ! tui_login "$1" "$2" demo1234 "$([[ ${4:-} == LANG=zh* ]] && echo 密码 || echo Password:)" ||
        ! tui_wait "$1" "$3" 20; then
        tui_not_ok "log in as $2" "$1"
        tui_done
    fi
}
sql_check() {
    if tui_wait_sql "$2" "$3" 10; then tui_ok "$1"; else
        tui_not_ok "$1 (got: $(tui_sql_value "$2"))"; fi
}

# ---- My calls, and a note
login op operator "Role: Operator"
if tui_f6_to op "My calls "; then tui_ok "F6 goes round to My calls"; else
    tui_not_ok "F6 goes round to My calls" op; fi
tui_check "My open calls lists the operator's two" op "My open calls: 2 tickets, by deadline" 10
tui_wait_row op "$T1" "[0-9]+h[0-9]{2}m[0-9]{2}s" 10 && tui_ok "with the deadline's countdown" ||
    tui_not_ok "with the deadline's countdown" op
tui_frame_ok "My calls lays out at 80x24" op

login d dispatcher "Role: Dispatcher"
tui_wait d "New: 2 tickets" 15
tui_select d "$T1"
tui_keys d d
tui_check "the dispatcher reads the same ticket" d "Ticket $T1: new" 10

tui_select op "$T1"
tui_keys op Enter
tui_check "Enter opens the detail" op "Ticket $T1: new" 10
tui_check "the key bar offers the note" op "a Note" 5
tui_keys op a
tui_check "a asks for the note" op "Note on ticket $T1" 5
tui_keys op Enter
tui_check "an empty note is refused in the prompt" op "A note needs some words" 5
tui_type op "  客户又来电催修  "
tui_keys op Enter
tui_check "the note is added" op "Note added to ticket $T1" 10
tui_wait_row op "客户又来电催修" "operator +note" 10 &&
    tui_ok "the note is in the history at once, in words" || tui_not_ok "the note is in the history at once, in words" op
tui_frame_ok "the detail lays out at 80x24" op
sql_check "the database has the note, trimmed" \
    "SELECT actor || '|' || (details->>'text') FROM ticket_events WHERE ticket_no = '$T1' AND kind = 'note'" \
    "operator|客户又来电催修"
tui_wait_row d "客户又来电催修" "note" 10 && tui_ok "another terminal's detail shows it (the push)" ||
    tui_not_ok "another terminal's detail shows it (the push)" d

# ---- the handover
tui_check "the owner is offered the handover" op "h Hand over" 5
tui_keys op h
tui_check "h opens the handover form" op "Hand over ticket $T1" 10
tui_check "the form says who took the call and who owns it" op "Taken by operator; owned now by operator" 5
tui_frame_ok "the handover form lays out at 80x24" op
tui_type op "nobody"
tui_keys op Tab
tui_type op "明天休假，客户要求周五上门"
tui_keys op C-s
tui_check "an unknown login is refused on its field" op "To (login): Not found: no active user nobody" 10
sql_check "nothing changed" "SELECT owner FROM tickets WHERE no = '$T1'" "operator"
tui_keys op BTab End C-u
tui_type op "op.two"
tui_keys op C-s
tui_check "the ticket is handed over" op "Ticket $T1 handed over to op.two" 10
tui_check "back in the detail" op "Ticket $T1: new" 5
tui_wait_row op "Owner" "op.two" 10 && tui_ok "the detail shows the new owner" ||
    tui_not_ok "the detail shows the new owner" op
tui_wait_row op "handed over" "from operator to op.two" 10 &&
    tui_ok "the handover is in the history, in words" ||
    tui_not_ok "the handover is in the history, in words" op
tui_keys op v
tui_wait op "lines 1-" 5
tui_keys op End
tui_check "v reads it whole: the handover's note too" op "客户要求周五上门" 5
tui_keys op Escape
sql_check "the database: owner op.two, taken_by still operator, the event" \
    "SELECT t.owner || '|' || t.taken_by || '|' || (e.details->>'from') || '>' || (e.details->>'to')
     FROM tickets t JOIN ticket_events e ON e.ticket_no = t.no AND e.kind = 'handover'
     WHERE t.no = '$T1'" "op.two|operator|operator>op.two"
tui_screen op | grep -qF "h Hand over" && tui_not_ok "the old owner is no longer offered h" op ||
    tui_ok "the old owner is no longer offered h"
tui_keys op h
tui_check "h says whose it is now" op "Ticket $T1 is owned by op.two: only its owner or a Dispatcher" 5
tui_keys op Escape
tui_check "the operator's My calls no longer lists it" op "My open calls: 1 ticket, by deadline" 10
tui_screen op | sed -n '3,22p' | grep -qF "$T1" && tui_not_ok "$T1 is gone from the list" op ||
    tui_ok "$T1 is gone from the list"

# ---- op.two, in Chinese
if tui_has_locale zh_CN.UTF-8; then
    login zh op.two "角色：话务员" LANG=zh_CN.UTF-8
    if tui_f6_to zh "我的来电 "; then tui_ok "zh_CN: F6 goes round to 我的来电"; else
        tui_not_ok "zh_CN: F6 goes round to 我的来电" zh; fi
    tui_check "zh_CN: the new owner's list holds the ticket" zh "我的未结来电：1 张，按时限排序" 10
    tui_wait_row zh "$T1" "郑三" 5 && tui_ok "zh_CN: it is $T1" || tui_not_ok "zh_CN: it is $T1" zh
    tui_frame_ok "zh_CN: My calls lays out at 80x24" zh
    tui_keys zh Enter
    tui_check "zh_CN: the detail" zh "工单 $T1" 10
    # a is offered once the ticket is read (before, it is refused)
    tui_check "zh_CN: the key bar offers the note" zh "a 备注" 5
    tui_keys zh a
    tui_check "zh_CN: the note prompt" zh "工单 $T1 的备注" 5
    tui_type zh "已联系客户"
    tui_keys zh Enter
    tui_check "zh_CN: the note is added" zh "已为工单 $T1 添加备注" 10
    tui_wait_row zh "已联系客户" "op.two +备注" 10 && tui_ok "zh_CN: the note in the history" ||
        tui_not_ok "zh_CN: the note in the history" zh
    tui_frame_ok "zh_CN: the detail lays out at 80x24" zh
    tui_keys zh h
    tui_check "zh_CN: the handover form" zh "转交工单 $T1" 10
    tui_frame_ok "zh_CN: the handover form lays out at 80x24" zh
    tui_type zh "nobody"
    tui_keys zh Tab
    tui_type zh "交还首问人"
    tui_keys zh C-s
    tui_check "zh_CN: the daemon's refusal in Chinese, on its field" zh \
        "转交给（登录名）：未找到: 没有已启用的用户 nobody" 10
    tui_keys zh BTab End C-u
    tui_type zh "operator"
    tui_keys zh C-s
    tui_check "zh_CN: handed back" zh "工单 $T1 已转交给 operator" 10
    tui_wait_row zh "从 op.two 转交给 operator" "op.two +已转交" 10 &&
        tui_ok "zh_CN: the handover in the history, in words" ||
        tui_not_ok "zh_CN: the handover in the history, in words" zh
    sql_check "zh_CN: the database has it back with the operator" \
        "SELECT owner FROM tickets WHERE no = '$T1'" "operator"
else
    tui_skip "zh_CN: notes and handovers in Chinese" "no zh_CN.UTF-8 locale"
fi

tui_done
