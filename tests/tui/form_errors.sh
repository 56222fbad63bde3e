#!/usr/bin/env bash
# tests/tui/form_errors.sh: what the call form does with mistakes, in
# English and in Chinese.
#   - required fields carry a `*` after their label
#   - the focused field shows as a bar (UI_C_FOCUS: black on yellow), and
#     the bar moves with Tab
#   - a save with several bad fields shows every problem at once, told by
#     the fields' labels (never the wire names), each label marked red,
#     and sends nothing (the database has no ticket and no customer)
#   - the daemon's refusal (an appointment in the past) lands on the field
#     it names, the typed text intact
#   - Tab stops at the last field instead of going round to the first
#   - F10 and F8 on a half-typed call ask first; n keeps the text; F6 goes
#     round the screens without asking, and the call is there again; Esc on
#     a half-typed complaint asks too
. "$(dirname "$0")/lib.sh"

tui_setup

red=$'\e\\[([0-9;]*;)?31(;[0-9;]*)?m'
esc=$'\e\\[[0-9;]*m'
bar=$'\e\\[([0-9;]*;)?43(;[0-9;]*)?m'   # the yellow background of the bar

# tabs SESSION N: presses Tab N times.
tabs() { local i; for ((i = 0; i < $2; i++)); do tui_keys "$1" Tab; done; }

# red_label SESSION ROW-TEXT LABEL: the label on that row is drawn red.
# (Rows are found by a text with no attribute change inside: "Name*" has
# one before the `*`.)
red_label() { tui_row_attrs "$1" "$2" | grep -qE "$red($esc)*$3"; }

# focus_on SESSION ROW-TEXT LABEL [NEXT-LABEL]: the cursor is in the field
# of LABEL on that row (after LABEL, before NEXT-LABEL).
focus_on() {
    local at y x from to
    at=$(tui_cursor "$1"); x=${at%% *}; y=${at#* }
    [[ $(tui_screen "$1" | sed -n "$((y + 1))p") == *"$2"* ]] || return 1
    from=$(tui_column "$1" "$2" "$3"); to=$(tui_pane "$1" '#{pane_width}')
    [[ -n ${4:-} ]] && to=$(tui_column "$1" "$2" "$4")
    ((x > from && x < to))
}

# has_bar SESSION ROW-TEXT: the row holds the focus bar.
has_bar() { tui_row_attrs "$1" "$2" | grep -qE "$bar"; }

# The bad call: no name, a phone that is not one, an appointment that is no
# time, no fault. From the caller's phone on.
bad_call() {
    tui_type "$1" 13800000099
    tui_wait "$1" "13800000099:" 15
    tui_keys "$1" Tab                   # name, left empty
    tui_keys "$1" Tab C-a C-k
    tui_type "$1" "12ab"                # phones
    tabs "$1" 12                        # region, address, unit (6), class, type, channel, appointment
    tui_type "$1" "25:99"
    tui_keys "$1" C-s
}

nothing_sent() {
    local row
    row=$(tui_sql_value "SELECT (SELECT count(*) FROM tickets) || '|' || (SELECT count(*) FROM customers)")
    [[ $row == "0|0" ]] && tui_ok "$1: nothing is sent" || tui_not_ok "$1: nothing is sent (got $row)"
}

tui_client op
tui_login op operator demo1234 && tui_wait op "Caller phone" 20 ||
    { tui_not_ok "the operator's first screen is the call form" op; tui_done; }

# --- the marks and the bar
if tui_wait op "Name*" 5 && tui_wait op "Phones*" 5 && tui_wait op "Fault*" 5 &&
    tui_wait op "Address*" 5 && ! tui_screen op | grep -qF "Region*"; then
    tui_ok "required fields carry a * (Name, Phones, a new customer's Address, Fault; not Region)"
else
    tui_not_ok "required fields carry a * (Name, Phones, a new customer's Address, Fault; not Region)" op
fi
if has_bar op "Caller phone" && ! has_bar op "Region"; then
    tui_ok "the focused field (the caller's phone) shows as a bar"
else
    tui_not_ok "the focused field (the caller's phone) shows as a bar" op
fi

# --- several problems at once
bad_call op
# (the line is as wide as the screen: the fault, last, is past its end here;
# its label is red below)
want="Name: required; Phones: 7 to 20 digits, maybe a leading +; Address: required; Appointment: HH:MM or YYYY-MM-DD HH:MM; Fa"
tui_check "every problem is told at once, by the fields' labels" op "$want" 10
if red_label op "Region" "Name" && red_label op "Region" "Phones" &&
    red_label op "Address" "Address" &&
    red_label op "Channel" "Appointment" && red_label op "Fault" "Fault" &&
    ! red_label op "Region" "Region" && ! red_label op "Channel" "Type"; then
    tui_ok "each bad field's label is red"
else
    tui_not_ok "each bad field's label is red" op
fi
if tui_screen op | grep -qE "customer\.|appointment|fault"; then
    tui_not_ok "no wire name on the screen" op
else
    tui_ok "no wire name on the screen"
fi
nothing_sent "several bad fields"
if has_bar op "Region" && ! has_bar op "Caller phone" && focus_on op "Region" "Name" "Phones"; then
    tui_ok "the focus (the bar) went to the first bad field, the name"
else
    tui_not_ok "the focus (the bar) went to the first bad field, the name" op
fi

# --- fixed, but the daemon refuses the appointment: text intact
tui_type op "王五"
tui_keys op Tab C-a C-k
tui_type op 13800000099
tabs op 2                               # region, address
tui_type op "人民路9号"
tabs op 8                               # on to the type
tui_keys op Right Right Right           # B -> Y -> Z -> Q: no unit needed
tabs op 2                               # channel, appointment
tui_keys op C-a C-k
tui_type op "2020-01-02 10:00"
tui_keys op Tab
tui_type op "不制冷"
tui_keys op C-s
if tui_wait op "Not saved: Appointment:" 15 && tui_wait op "in the past" 5 &&
    red_label op "Channel" "Appointment" && ! red_label op "Region" "Name" &&
    tui_row op "Channel" | grep -qF "2020-01-02 10:00" && focus_on op "Channel" "Appointment"; then
    tui_ok "the daemon's refusal lands on Appointment, the text intact, focused"
else
    tui_not_ok "the daemon's refusal lands on Appointment, the text intact, focused" op
fi
nothing_sent "the refused appointment"

# --- Tab stops at the last field (the fault; the answer is hidden for Q)
tabs op 4
tui_type op "！"
if tui_wait op "Fault* 不制冷！" 5 && tui_row op "Caller phone" | grep -qF "13800000099" &&
    ! tui_row op "Caller phone" | grep -qF "！"; then
    tui_ok "Tab stops at the last field: typing goes on in the fault"
else
    tui_not_ok "Tab stops at the last field: typing goes on in the fault" op
fi

# --- leaving a half-typed call asks; n keeps it
for key in F10 F8; do
    tui_keys op "$key"
    if tui_wait op "what you typed?" 5 || tui_wait op "Clear the call you are typing?" 1; then
        tui_keys op n
        if tui_wait_gone op "y: yes" 5 && tui_wait op "Fault* 不制冷！" 5 &&
            tui_wait op "New call" 2; then
            tui_ok "$key on a half-typed call asks; n keeps the text"
        else
            tui_not_ok "$key on a half-typed call asks; n keeps the text" op
        fi
    else
        tui_not_ok "$key on a half-typed call asks" op
    fi
done

# --- F6 goes round the operator's screens without asking: the call form
# keeps what was typed and shows it again when F6 comes back round to it
tui_keys op F6
if tui_wait op "Return visits" 10 && ! tui_screen op | grep -qF "what you typed?"; then
    tui_ok "F6 on a half-typed call goes on without asking (the form keeps it)"
else
    tui_not_ok "F6 on a half-typed call goes on without asking (the form keeps it)" op
fi
tui_keys op F6
tui_wait op "New complaint" 10
tui_keys op F6
tui_wait op "Complaint board" 10
tui_keys op F6
tui_wait op "My open calls" 10
tui_f6_to op "New call"
if tui_wait op "Fault* 不制冷！" 10 && tui_row op "Caller phone" | grep -qF "13800000099"; then
    tui_ok "F6 round to the call form again: the typed call is still there"
else
    tui_not_ok "F6 round to the call form again: the typed call is still there" op
fi

# --- Esc on a half-typed complaint asks; n keeps it, y goes back
tui_keys op F7
tui_wait op "New complaint" 10
tui_wait op "No customer has the phone 13800000099" 10
tabs op 4                               # from the name: region, address, channel, words
tui_type op "态度差"
tui_keys op Escape
if tui_wait op "Leave and lose what you typed?" 5; then
    tui_keys op n
    tui_wait_gone op "y: yes" 5
    if tui_wait op "Customer's words* 态度差" 5; then
        tui_ok "Esc on a half-typed complaint asks; n keeps the text"
    else
        tui_not_ok "Esc on a half-typed complaint asks; n keeps the text" op
    fi
else
    tui_not_ok "Esc on a half-typed complaint asks" op
fi
tui_keys op Escape
tui_wait op "Leave and lose what you typed?" 5
tui_keys op y
tui_check "y leaves for the call form" op "Caller phone" 5

# --- in Chinese
tui_sql "DELETE FROM tickets; DELETE FROM units; DELETE FROM customers" >/dev/null ||
    tui_bail "cannot clear the database"
tui_client zh LANG=zh_CN.UTF-8
tui_login zh operator demo1234 "密码" && tui_wait zh "来电号码" 20 ||
    { tui_not_ok "zh_CN: the call form" zh; tui_done; }
if tui_wait zh "姓名*" 5 && tui_wait zh "故障*" 5; then
    tui_ok "zh_CN: required fields carry a *"
else
    tui_not_ok "zh_CN: required fields carry a *" zh
fi
bad_call zh
tui_check "zh_CN: every problem is told at once, by the fields' labels" zh \
    "姓名：必填；电话：7 到 20 位数字，可带 +；地址：必填；预约时间：HH:MM 或 YYYY-MM-DD HH:MM；故障：必填" 10
if red_label zh "区域" "姓名" && red_label zh "区域" "电话" && red_label zh "渠道" "预约时间" &&
    red_label zh "故障" "故障"; then
    tui_ok "zh_CN: each bad field's label is red"
else
    tui_not_ok "zh_CN: each bad field's label is red" zh
fi
nothing_sent "zh_CN: several bad fields"

tui_done
