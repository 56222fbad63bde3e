#!/usr/bin/env bash
# tests/tui/rounds.sh: a complaint's later dialogs, driven on screen.
#   - a service complaint (one stage): a on the board names its stage;
#     quality opens it from the board, a (naming stage 1 of 1) records the
#     finding: the stage is done on time with the finding, the complaint
#     proposed (and in the database); a again is refused by its state
#   - a manager (second client) approves it with A and a note
#   - quality records the customer's reply with y, n (rejected): round 1
#     is closed as rejected, the rounds line names round 2 after it (and
#     the customer's answer); > goes to round 2,
#     < back to round 1, > to round 2 again; the database links them
#   - x closes round 2 as not substantiated with a reason
#   - the operator (from the board, F6) gets no quality dialogs: none on
#     the key bar, c, x and s refused naming the role, nothing sent
#   - a product complaint (six stages): two quality clients press a on the
#     same stage, one in the detail, one on the board; each dialog names
#     the running stage (the board's reads it first); the first finding
#     moves it on, the second is answered conflict in its dialog; a again
#     names the next stage
#   - the detail's events and penalties read as words, not codes; in
#     Simplified Chinese too (when the locale is there)
. "$(dirname "$0")/lib.sh"

tui_setup

classify() {
    tui_rpc quality complaint.classify '{"no":"'"$1"'","severity":"minor","category":"'"$2"'",
        "major":false}' >/dev/null
}
# sql_check DESCRIPTION SQL EXPECTED: ok once SQL returns EXPECTED.
sql_check() {
    if tui_wait_sql "$2" "$3" 10; then tui_ok "$1"; else
        tui_not_ok "$1 (got: $(tui_sql_value "$2"))"; fi
}
# login SESSION USER ROLE-LABEL
login() {
    tui_client "$1"
    if ! tui_login "$1" "$2" demo1234 || ! tui_wait "$1" "Role: $3" 20; then
        tui_not_ok "log in as $2" "$1"
        tui_done
    fi
}

C1=$(tui_complaint 周一 13900000001 r1 安装师傅迟到两小时) || tui_bail "cannot register a complaint"
classify "$C1" service || tui_bail "cannot classify $C1"

# ---- the finding: a
login q1 quality Quality
tui_keys q1 2
tui_wait q1 "Open: 1 complaint" 15
tui_wait_row q1 "$C1" "routed" 10
tui_keys q1 a
tui_check "a on the board: the dialog reads and names the running stage" q1 "Stage 1 of 1: Service line, due" 10
tui_keys q1 Escape
tui_wait q1 "Open: 1 complaint" 5
tui_keys q1 Enter
tui_check "Enter on the board opens the detail" q1 "Complaint $C1: routed, round 1" 10
tui_wait_row q1 "1 Service line" "running" 5 && tui_ok "the one stage is running" ||
    tui_not_ok "the one stage is running" q1
tui_keys q1 a
tui_check "a opens the finding dialog" q1 "The current stage's finding on complaint $C1" 10
tui_check "the dialog names the running stage" q1 "Stage 1 of 1: Service line" 5
tui_type q1 "迟到属实，已批评教育"
tui_keys q1 C-s
tui_check "the finding is sent: proposed" q1 "Complaint $C1: proposed, round 1" 10
if tui_wait_row q1 "1 Service line" "on time +迟到属实，已批评教育" 10; then
    tui_ok "the stage shows done on time with the finding"
else
    tui_not_ok "the stage shows done on time with the finding" q1
fi
sql_check "the database has it proposed, the stage finished by quality with the finding" \
    "SELECT c.state || '|' || s.by_user || '|' || s.finding || '|' || (s.finished_at <= s.due)
     FROM complaints c JOIN complaint_stages s ON s.complaint_no = c.no WHERE c.no = '$C1'" \
    "proposed|quality|迟到属实，已批评教育|true"
tui_keys q1 a
tui_check "a on a proposed complaint is refused" q1 "Not possible now: complaint $C1 is proposed" 5
tui_screen q1 | grep -qF "The current stage's finding" && tui_not_ok "no dialog opens" q1 ||
    tui_ok "no dialog opens"

# ---- approval by a manager: A
login m1 manager Manager
tui_keys m1 2
tui_wait m1 "Open: 1 complaint" 15
tui_wait_row m1 "$C1" "proposed" 10
tui_keys m1 Enter
tui_check "the manager opens the detail" m1 "Complaint $C1: proposed, round 1" 10
tui_keys m1 A
tui_check "A opens the approval dialog" m1 "Approve the proposal of complaint $C1" 10
tui_type m1 "同意，向客户道歉"
tui_keys m1 C-s
tui_check "the approval is sent: approved" m1 "Complaint $C1: approved, round 1" 10
sql_check "the database has it approved" "SELECT state FROM complaints WHERE no = '$C1'" approved
tui_check "quality's detail follows the push" q1 "Complaint $C1: approved, round 1" 10

# ---- the customer rejects: y, n
tui_keys q1 y
tui_check "y opens the reply dialog" q1 "The customer's reply to complaint $C1" 10
tui_type q1 "客户不接受道歉，要求赔偿"
tui_keys q1 Tab n
tui_check "n: rejected" q1 "no: this round closes, the next one opens" 5
tui_keys q1 C-s
if tui_wait q1 "Complaint $C1: closed, round 1" 10; then
    tui_ok "the reply is sent: round 1 closed"
else
    tui_not_ok "the reply is sent: round 1 closed" q1
fi
C1B=$(tui_sql_value "SELECT no FROM complaints WHERE previous_no = '$C1'")
[[ -n $C1B ]] || tui_bail "no round 2 in the database"
tui_check "the detail says round 1 was closed as rejected" q1 "Closed because: rejected by customer" 10
tui_check "the rounds: this one (*) rejected with the customer's answer, round 2 next" q1 \
    "Rounds: *1 $C1 rejected: 客户不接受道歉，要求赔偿 | 2 $C1B received" 10
sql_check "the database has round 2 linked to round 1" \
    "SELECT n.round || '|' || n.state || '|' || n.previous_no || '|' || c.state || '|' || c.close_reason
     FROM complaints n JOIN complaints c ON c.no = n.previous_no WHERE n.no = '$C1B'" \
    "2|received|$C1|closed|rejected"
reply=$(tui_rpc quality complaint.get '{"no":"'"$C1"'"}' |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["next_no"])')
[[ $reply == "$C1B" ]] && tui_ok "round 1's next_no is round 2" ||
    tui_not_ok "round 1's next_no is round 2 (got: $reply)"

# ---- the round jump
tui_keys q1 '>'
tui_check "> goes to round 2" q1 "Complaint $C1B: received, round 2" 10
tui_check "round 2 names round 1 before it, rejected" q1 \
    "Rounds: 1 $C1 rejected: 客户不接受道歉，要求赔偿 | *2 $C1B received" 5
tui_keys q1 '<'
tui_check "< goes back to round 1" q1 "Complaint $C1: closed, round 1" 10
tui_keys q1 '>'
tui_check "> goes to round 2 again" q1 "Complaint $C1B: received, round 2" 10

# ---- not substantiated: x
tui_keys q1 x
tui_check "x opens the close dialog" q1 "Close complaint $C1B" 10
tui_type q1 "查无实据"
tui_keys q1 C-s
tui_check "round 2 is closed" q1 "Complaint $C1B: closed, round 2" 10
tui_check "the reason is shown" q1 "Closed because: 查无实据" 5
sql_check "the database has round 2 closed with the reason" \
    "SELECT state || '|' || close_reason FROM complaints WHERE no = '$C1B'" "closed|查无实据"
tui_keys q1 '>'
tui_check "> on the last round: none" q1 "No other round" 5
tui_keys q1 '<'
tui_check "< on the last round goes back to the previous one" q1 "Complaint $C1: closed, round 1" 10

# ---- the detail reads as words
if tui_wait_row q1 "stage 1 Service line" "quality +finding +stage 1 Service line: 迟到属实，已批评教育" 5 &&
    tui_wait_row q1 "customer's reply" "quality +customer's reply +rejected: 客户不接受道歉，要求赔偿; next round $C1B" 5 &&
    tui_wait_row q1 "同意，向客户道歉" "manager +approved +同意，向客户道歉" 5 &&
    tui_wait_row q1 "classified" "minor, service: to Service line" 5; then
    tui_ok "the events are in words: kinds and details"
else
    tui_not_ok "the events are in words: kinds and details" q1
fi
tui_screen q1 | grep -qE '(advance|approve|reply|classify) +\{|"finding"' &&
    tui_not_ok "no raw event codes or JSON" q1 || tui_ok "no raw event codes or JSON"

# ---- the operator: no quality dialogs
C3=$(tui_complaint 吴三 13900000003 r3 售后电话打不通) || tui_bail "cannot register a complaint"
login op operator Operator
tui_f6_to_board op
tui_wait_row op "$C3" "received" 10
tui_keys op Enter
tui_check "the operator opens the received complaint" op "Complaint $C3: received, round 1" 10
if tui_wait op "Esc Back" 5 && ! tui_line op "$TUI_LINES" | grep -qE "Classify|Close|Shares|Advance"; then
    tui_ok "the operator's key bar offers no quality dialog"
else
    tui_not_ok "the operator's key bar offers no quality dialog" op
fi
tui_keys op c
tui_check "c is refused for the operator's role" op "Classifying is for Quality, not for your role (Operator)" 5
tui_keys op x
tui_check "x is refused for the operator's role" op "Closing is for Quality, not for your role (Operator)" 5
tui_keys op s
tui_check "s is refused for the operator's role" op "Responsibility is for Quality, not for your role (Operator)" 5
tui_screen op | grep -qE "Classify complaint|Close complaint|Responsibility for" &&
    tui_not_ok "no dialog opened for the operator" op || tui_ok "no dialog opened for the operator"
sql_check "the complaint is untouched" "SELECT state FROM complaints WHERE no = '$C3'" received

# ---- a product complaint: six stages, two quality clients on one stage
C4=$(tui_complaint 郑四 13900000004 r4 空调漏水) || tui_bail "cannot register a complaint"
classify "$C4" product || tui_bail "cannot classify $C4"
# open_detail SESSION: the open queue's only complaint, C4
open_detail() {
    tui_keys "$1" 2
    tui_wait_row "$1" "$C4" "routed" 10
    tui_keys "$1" Enter
    tui_wait "$1" "Complaint $C4: routed, round 1" 10
}
tui_keys q1 Escape
tui_wait q1 "Complaint board" 5
open_detail q1
login q2 quality Quality
tui_keys q2 2
tui_wait_row q2 "$C4" "routed" 10
if tui_wait_row q1 "1 GM's office" "running" 5 && tui_wait_row q1 "6 GM's office" "waiting" 5; then
    tui_ok "the product complaint's detail has six stages, the first running"
else
    tui_not_ok "the product complaint's detail has six stages, the first running" q1
fi
tui_keys q1 a
tui_keys q2 a
tui_check "a names the running stage's department" q1 "Stage 1 of 6: GM's office, due" 10
tui_check "the second client's dialog (from the board) names the same stage" q2 "Stage 1 of 6: GM's office, due" 10
tui_type q1 "总经办已转质管部"
tui_keys q1 C-s
if tui_wait_row q1 "1 GM's office" "on time +总经办已转质管部" 10 &&
    tui_wait_row q1 "2 Quality" "running" 5; then
    tui_ok "the first finding finishes stage 1 and starts stage 2"
else
    tui_not_ok "the first finding finishes stage 1 and starts stage 2" q1
fi
tui_type q2 "重复提交的结论"
tui_keys q2 C-s
tui_check "the second finding is answered conflict in its dialog" q2 \
    "Someone else changed this record first: complaint $C4 moved on from that stage meanwhile" 10
tui_check "the dialog stays open" q2 "Stage 1 of 6: GM's office" 2
sql_check "the database has stage 1 finished once, stage 2 running" \
    "SELECT string_agg(seq || ':' || coalesce(finding, '-') || ':' || (started_at IS NOT NULL) || ':'
        || (finished_at IS NOT NULL), ',' ORDER BY seq) FROM complaint_stages
     WHERE complaint_no = '$C4' AND seq <= 3" \
    "1:总经办已转质管部:true:true,2:-:true:false,3:-:false:false"
tui_keys q2 Escape
tui_check "Esc with the finding typed asks first" q2 "Leave and lose what you typed?" 5
tui_keys q2 y
tui_wait q2 "Open: 1 complaint" 5
tui_keys q2 Enter
tui_check "the second client's detail shows stage 2" q2 "2 Quality" 10
tui_wait_row q2 "2 Quality" "running" 5 && tui_ok "stage 2 runs on the second client" ||
    tui_not_ok "stage 2 runs on the second client" q2
tui_keys q1 a
tui_check "a again names the next stage" q1 "Stage 2 of 6: Quality, due" 10
tui_keys q1 Escape

# ---- penalties in words
tui_rpc quality complaint.attribute '{"no":"'"$C4"'","shares":[{"user":"technician","percent":100,
    "penalty":{"kind":"minor_demerit","amount":80000}}]}' >/dev/null || tui_bail "cannot attribute $C4"
tui_check "the shares name the penalty in words" q1 "Responsibility: technician 100% (minor demerit 800.00)" 10
tui_wait_row q1 "responsibility " "quality +responsibility +technician 100% \(minor demerit 800.00\)" 5 &&
    tui_ok "the attribute event in words" || tui_not_ok "the attribute event in words" q1
tui_screen q1 | grep -qF "minor_demerit" && tui_not_ok "no raw penalty code" q1 || tui_ok "no raw penalty code"

# ---- the same words in Simplified Chinese
if tui_has_locale zh_CN.UTF-8; then
    tui_client zh LANG=zh_CN.UTF-8
    tui_login zh quality demo1234 "密码："
    tui_wait zh "角色：质量管理" 15
    open_detail zh
    tui_check "zh_CN: the finding event" zh "第 1 环节 总经理办公室：总经办已转质管部" 10
    tui_check "zh_CN: the penalty" zh "technician 100%（记小过 800.00）" 5
    tui_keys zh c
    tui_check "zh_CN: a refusal names the state" zh "现在不能操作：投诉 $C4 状态为" 5
    tui_keys zh a
    tui_check "zh_CN: the finding dialog names the stage" zh "第 2 环节（共 6 个）：质量管理，期限" 10
else
    tui_skip "zh_CN: the complaint's words in Chinese" "no zh_CN.UTF-8 locale (run scripts/deps)"
fi

tui_done
