#!/usr/bin/env bash
# tests/tui/departments.sh: a department's user and their board (issue 13), at 80x24.
#   - production (the department role) logs in: their first screen is their
#     board, "Board of Production": the complaint at production's stage in
#     Current with its time left, not the one at the warehouse's; F9 (search)
#     is not offered; the reminder of their stage gone overdue is said on
#     the message line
#   - Enter reads it: the customer's name, not their phone; a names the
#     stage and records the finding: the database has production's stage
#     done by production with it; Current is empty, Passed (Tab) lists it
#   - the same board, detail and dialog in Simplified Chinese at 80x24 (when
#     the locale is there)
#   - quality picks a share from the lists: production, then its person
#     刘建华; the database has the share by login; opened again, the dialog
#     shows the pick
#   - a customer rejecting the second round: the third is an individual case,
#     in the manager's Individual queue (8), its detail says so in the title
#     and lists every round with the customer's answer
#   - the departments screen (F6): a manager reads each head and the people,
#     h is refused naming the role; the admin sets warehouse's head (an
#     unknown login refused in the prompt first): the database and the audit
#     log have it, the list shows it; at 80x24, in Chinese too
#   - the open board follows: a complaint reaching production comes onto it
#     and leaves it when it moves on, no key pressed (complaint.changed, told
#     to a department's users without the customer)
TUI_COLS=80
TUI_LINES=24
. "$(dirname "$0")/lib.sh"

TUI_DAEMON_ARGS=(--sweep-interval 1)   # the reminders
tui_setup

classify() {
    tui_rpc quality complaint.classify '{"no":"'"$1"'","severity":"minor","category":"'"$2"'"}' \
        >/dev/null
}
advance() { tui_rpc quality complaint.advance '{"no":"'"$1"'","finding":"已转下一环节"}' >/dev/null; }
# login SESSION USER ROLE-LABEL [LANG]
login() {
    tui_client "$1" ${4:+LANG=$4}
    if ! tui_login "$1" "$2" demo1234 "${5:-Password:}" || ! tui_wait "$1" "$3" 20; then
        tui_not_ok "log in as $2" "$1"
        tui_done
    fi
}
# sql_check DESCRIPTION SQL EXPECTED: ok once SQL returns EXPECTED.
sql_check() {
    if tui_wait_sql "$2" "$3" 10; then tui_ok "$1"; else
        tui_not_ok "$1 (got: $(tui_sql_value "$2"))"; fi
}

C1=$(tui_complaint 吴一 13600000001 d1 冰箱噪音大) || tui_bail "cannot register a complaint"
classify "$C1" product || tui_bail "cannot classify $C1"
advance "$C1" && advance "$C1" || tui_bail "cannot bring $C1 to production"
C2=$(tui_complaint 郑二 13600000002 d2 包装破损) || tui_bail "cannot register a complaint"
classify "$C2" packaging || tui_bail "cannot classify $C2"
C3=$(tui_complaint 王三 13600000003 d3 冰箱不制冷) || tui_bail "cannot register a complaint"
classify "$C3" product && advance "$C3" && advance "$C3" || tui_bail "cannot bring $C3 to production"

# ---- the board
login p1 production "Role: Department"
tui_check "a department user's first screen is their board" p1 "Board of Production" 10
tui_check "their complaints at their stage are in Current" p1 "Current: 2 complaints" 10
if tui_wait_row p1 "$C1" "routed" 5 &&
    tui_row p1 "$C1" | grep -qE '[0-9]+(h[0-9]{2}m|d[0-9]{2}h)'; then
    tui_ok "each with its time left"
else
    tui_not_ok "each with its time left" p1
fi
tui_screen p1 | grep -qF "$C2" && tui_not_ok "the warehouse's complaint is not on the board" p1 ||
    tui_ok "the warehouse's complaint is not on the board"
tui_line p1 "$TUI_LINES" | grep -q "F9" && tui_not_ok "F9 (search) is not offered" p1 ||
    tui_ok "F9 (search) is not offered"
tui_frame_ok "the board lays out at 80x24" p1
tui_sql "UPDATE complaint_stages SET due = now() - interval '1 hour'
    WHERE complaint_no = '$C3' AND department = 'production'"
tui_check "a reminder of their overdue stage is said on the message line" p1 \
    "Reminder: complaint $C3 is overdue at Production's stage" 15

# ---- reading it and the finding
tui_select p1 "$C1"
tui_keys p1 Enter
tui_check "Enter reads the complaint" p1 "Complaint $C1: routed, round 1" 10
if tui_wait p1 "吴一" 5 && ! tui_screen p1 | grep -qF "13600000001"; then
    tui_ok "the customer's name, not their phone"
else
    tui_not_ok "the customer's name, not their phone" p1
fi
tui_keys p1 a
tui_check "a names their stage" p1 "Stage 3 of 6: Production, due" 10
tui_type p1 "压缩机批次问题"
tui_keys p1 C-s
tui_check "the finding is recorded" p1 "Complaint $C1: routed" 10
sql_check "the database has production's stage done by production" \
    "SELECT by_user || '|' || finding FROM complaint_stages WHERE complaint_no = '$C1'
     AND department = 'production'" "production|压缩机批次问题"
tui_keys p1 Escape
tui_check "back on the board, one complaint is left in Current" p1 "Current: 1 complaint" 10
tui_keys p1 Tab
tui_check "Tab: Passed lists the one they finished" p1 "Passed: 1 complaint" 10
tui_wait_row p1 "$C1" "routed" 5 && tui_ok "it is there, at the next stage" ||
    tui_not_ok "it is there, at the next stage" p1

# ---- Chinese
if tui_has_locale zh_CN.UTF-8; then
    login z1 production "角色：部门" zh_CN.UTF-8 "密码："
    tui_check "zh_CN: the board's title" z1 "生产部的看板" 10
    tui_check "zh_CN: Current" z1 "当前：1 件投诉" 10
    tui_frame_ok "zh_CN: the board lays out at 80x24" z1
    tui_select z1 "$C3"
    tui_keys z1 a
    tui_check "zh_CN: the finding dialog names the stage" z1 "第 3 环节（共 6 个）：生产部，期限" 10
    tui_keys z1 Escape
else
    tui_skip "zh_CN: the board in Chinese" "no zh_CN.UTF-8 locale (run scripts/deps)"
fi

# ---- quality picks the shares from the lists
tui_sql "UPDATE departments SET head = 'production' WHERE code = 'production'"
login q1 quality "Role: Quality"
tui_keys q1 2
tui_wait q1 "Open: 3 complaints" 10
tui_select q1 "$C1"
tui_keys q1 s
tui_check "s opens the responsibility dialog" q1 "Responsibility for complaint $C1" 10
tui_check "the departments are read" q1 "Left/Right picks" 10
for _ in 1 2 3 4 5; do tui_keys q1 Right; done
tui_check "Right goes through the departments to Production" q1 "< Production >" 5
tui_keys q1 Tab Right
tui_check "and through its people" q1 "< production 刘建华 >" 5
tui_keys q1 Tab
tui_type q1 100
tui_keys q1 C-s
tui_check "the share is sent" q1 "Complaint $C1: routed" 10
sql_check "the database has the person's share" \
    "SELECT coalesce(login, '-') || ':' || percent FROM complaint_shares WHERE complaint_no = '$C1'" \
    "production:100"
tui_keys q1 s
tui_wait q1 "Responsibility for complaint $C1" 10
tui_check "opened again, the dialog shows the pick" q1 "< production 刘建华 >" 10
tui_keys q1 Escape
tui_frame_ok "the attribute dialog's board lays out at 80x24" q1

# ---- an individual case
# rejected NO TEXT: NO proposed, approved and rejected with TEXT; prints the next round.
rejected() {
    tui_rpc quality complaint.advance '{"no":"'"$1"'","finding":"属实","proposal":"道歉"}' \
        >/dev/null &&
    tui_rpc manager complaint.approve '{"no":"'"$1"'"}' >/dev/null &&
    tui_rpc quality complaint.reply '{"no":"'"$1"'","text":"'"$2"'","accepted":false}' |
        python3 -c 'import json,sys; print(json.load(sys.stdin)["next_no"])'
}
C4=$(tui_complaint 冯四 13600000004 d4 服务态度差) || tui_bail "cannot register a complaint"
classify "$C4" other || tui_bail "cannot classify $C4"
C5=$(rejected "$C4" 不接受) && classify "$C5" other || tui_bail "cannot reject $C4"
C6=$(rejected "$C5" 仍不接受) || tui_bail "cannot reject $C5"
login m1 manager "Role: Manager"
tui_keys m1 8
tui_check "the manager's Individual queue lists the third round" m1 "Individual: 1 complaint" 10
tui_wait_row m1 "$C6" "received" 5 && tui_ok "it is the third round" ||
    tui_not_ok "it is the third round" m1
tui_keys m1 Enter
tui_check "its detail says it is an individual case" m1 \
    "Complaint $C6: received, round 3  INDIVIDUAL CASE" 10
tui_check "and lists every round with the customer's answers" m1 \
    "1 $C4 rejected: 不接受 | 2 $C5 rejected" 5
tui_frame_ok "the detail lays out at 80x24" m1

# ---- the departments: the admin sets a head, a manager reads
tui_keys m1 Escape
tui_f6_to m1 "Departments" && tui_ok "a manager's F6 round has the departments" ||
    tui_not_ok "a manager's F6 round has the departments" m1
tui_wait_row m1 "Production" "production 刘建华 +production 刘建华" 10 &&
    tui_ok "each department with its head and people" ||
    tui_not_ok "each department with its head and people" m1
tui_select m1 "Warehouse"
tui_keys m1 h
tui_check "a manager reads, the admin sets a head" m1 "Setting a head is for Administrator, not for your role (Manager)" 5
login ad admin "Role: Administrator"
tui_f6_to ad "Departments" && tui_ok "the admin's F6 round has the departments" ||
    tui_not_ok "the admin's F6 round has the departments" ad
tui_wait ad "Warehouse" 10
tui_select ad "Warehouse"
tui_keys ad h
tui_check "h asks for the head" ad "Head of Warehouse" 5
tui_type ad nobody
tui_keys ad Enter
tui_check "an unknown login is refused in the prompt" ad "the head must be an active user's login" 10
tui_keys ad C-a C-k
tui_type ad warehouse
tui_keys ad Enter
tui_check "the head is set" ad "Head of Warehouse: warehouse" 10
sql_check "the database has the head, and the audit log the change" \
    "SELECT d.head || '|' || (SELECT count(*) FROM audit_log WHERE action = 'department.save'
     AND actor = 'admin' AND object = 'department:warehouse') FROM departments d
     WHERE d.code = 'warehouse'" "warehouse|1"
tui_wait_row ad "Warehouse" "warehouse 孙平 +warehouse 孙平" 10 && tui_ok "the list shows the new head" ||
    tui_not_ok "the list shows the new head" ad
tui_frame_ok "the departments lay out at 80x24" ad
if tui_has_locale zh_CN.UTF-8; then
    login za admin "角色：系统管理员" zh_CN.UTF-8 "密码："
    tui_f6_to za "部门" && tui_ok "zh_CN: the departments" || tui_not_ok "zh_CN: the departments" za
    tui_check "zh_CN: the count line in words" za "10 个部门及其负责人和人员" 10
    tui_frame_ok "zh_CN: the departments lay out at 80x24" za
fi

# ---- the open board follows the complaints as they come and go (the push)
tui_keys p1 1
tui_check "1: back to Current, where one complaint is" p1 "Current: 1 complaint" 10
C7=$(tui_complaint 周七 13600000007 d7 冰箱结霜) || tui_bail "cannot register a complaint"
classify "$C7" product && advance "$C7" && advance "$C7" || tui_bail "cannot bring $C7 to production"
tui_check "a complaint reaching their stage comes onto the open board, no key pressed" p1 \
    "Current: 2 complaints" 15
tui_wait_row p1 "$C7" "routed" 5 && tui_ok "it is the new one" || tui_not_ok "it is the new one" p1
advance "$C7" || tui_bail "cannot move $C7 on"
tui_check "and leaves it when it moves on past them" p1 "Current: 1 complaint" 15

tui_done
