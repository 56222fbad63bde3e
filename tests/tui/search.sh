#!/usr/bin/env bash
# tests/tui/search.sh: the global search (F9) at 80x24, in English and in
# Simplified Chinese, from the call form, the dispatch board and a ticket's
# detail:
#   - F9 opens the search over any screen; the hits show as a list (kind,
#     number or name, state, customer, the text around the match) that fits
#     the 80 columns; Enter opens the chosen record (a ticket's detail, a
#     customer's file), Esc from it comes back to the hits, Esc again to
#     the screen the search came from, as it was (the call form keeps the
#     phone typed in it);
#   - two characters of a name, a phone with spaces or +86, a fault word;
#   - a full ticket or complaint number goes straight to its record;
#   - a technician finds only the tickets dispatched to them;
#   - F1 on the call form names F9.
. "$(dirname "$0")/lib.sh"

TUI_COLS=80
TUI_LINES=24
tui_setup

BOUGHT=$(date -d '-2 months' +%F)
json() { python3 -c 'import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1]))' "$1"; }

# call KEY NAME PHONE ADDRESS SERIAL FAULT: a repair call for a new customer;
# prints "NO CUSTOMER-ID".
call() {
    tui_rpc operator call.register '{"request_key":"search-'"$1"'","channel":"phone","type":"B",
        "customer":{"name":"'"$2"'","phones":["'"$3"'"],"region":"urban","address":"'"$4"'"},
        "unit":{"model":"XQG-100","serial":"'"$5"'","purchase_date":"'"$BOUGHT"'"},
        "fault":"'"$6"'"}' | json 'd["no"] + " " + str(d["customer"]["id"])'
}
read -r T1 C_WANG < <(call 1 王小明 "+86 150-1235-3597" 北京市朝阳区建国路88号阳光小区 SN-WXM-1 \
    洗衣机甩干时异响，客户下午在家) &&
read -r T2 _ < <(call 2 李四 13900000002 上海市徐汇区中山路5号 SN-LS-2 冰箱不制冷) &&
read -r T3 _ < <(call 3 赵六 13900000003 广州市天河区体育路7号 SN-ZL-3 油烟机噪音大) &&
read -r T4 _ < <(call 4 钱七 13900000004 广州市天河区体育路9号 SN-QQ-4 油烟机噪音大，有异响) &&
[[ -n $T4 ]] || tui_bail "cannot register the calls"
tui_sql "INSERT INTO users (login, name, role, password_hash, department)
    SELECT 'tech.two', '技术员二', 'technician', password_hash, 'service'
    FROM users WHERE login = 'technician'" >/dev/null || tui_bail "cannot add a technician"
tui_rpc dispatcher ticket.dispatch '{"no":"'"$T3"'","technician":"technician"}' >/dev/null &&
tui_rpc dispatcher ticket.dispatch '{"no":"'"$T4"'","technician":"tech.two"}' >/dev/null ||
    tui_bail "cannot dispatch"
C1=$(tui_rpc operator complaint.register '{"request_key":"search-c1","channel":"phone",
    "customer":{"id":'"$C_WANG"'},"ticket_no":"'"$T1"'","text":"师傅迟到","demand":"道歉"}' |
    json 'd["no"]') || tui_bail "cannot register a complaint"

# fits SESSION WHAT: every line within the 80 columns, the bar on the last.
fits() {
    local wide
    wide=$(tui_screen "$1" | python3 -c '
import sys, unicodedata
w = lambda l: sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in l.rstrip())
print(max(w(l) for l in sys.stdin.read().splitlines()))')
    ((wide <= 80)) && tui_line "$1" 24 | grep -qE '^F1 ' && tui_ok "$2: fits 80x24" ||
        tui_not_ok "$2: fits 80x24 (widest line $wide)" "$1"
}

# row_has SESSION TEXT PATTERN DESCRIPTION: the line with TEXT matches PATTERN.
row_has() {
    if tui_wait_row "$1" "$2" "$3" 10; then tui_ok "$4"; else tui_not_ok "$4" "$1"; fi
}

# start SESSION LANG-ENV PASSWORD-MARK USER MARK: a client logged in as USER,
# once MARK is on its screen; false (said) when not.
start() {
    tui_client "$1" "$2"
    tui_login "$1" "$4" demo1234 "$3" && tui_wait "$1" "$5" 20 && return 0
    tui_not_ok "$1: log in as $4" "$1"
    return 1
}

# titled SESSION TEXT DESCRIPTION: a record with TEXT in its title (line 2)
# is the screen.
titled() {
    local session=$1 title=$2   # read by the eval, inside tui_until
    if tui_until 10 eval 'tui_line "$session" 2 | grep -qF -- "$title"' &&
        ! tui_screen "$session" | grep -qF "${L[find]}"; then
        tui_ok "$3"
    else
        tui_not_ok "$3" "$session"
    fi
}

# search SESSION TEXT: F9, the text, Enter.
search() {
    tui_keys "$1" F9
    tui_wait "$1" "${L[find]}" 5 || { tui_not_ok "F9 opens the search" "$1"; return 1; }
    tui_type "$1" "$2"
    tui_keys "$1" Enter
}

# The words each language shows.
declare -A EN=([find]="Find:" [found2]='2 found for "王小明"' [customer]="Customer"
    [ticket]="Ticket" [new]="new" [back_intake]="Caller phone" [board]="New: "
    [queue]="All tickets")
declare -A ZH=([find]="查找：" [found2]='“王小明”找到 2 条' [customer]="客户"
    [ticket]="工单" [new]="新建" [back_intake]="来电号码" [board]="新建："
    [queue]="全部工单")

# ---- from the call form: a name, Enter on each hit, back to the form as it was
from_intake() {   # from_intake SESSION LANG-ENV PASSWORD-MARK
    local s=$1
    start "$s" "$2" "$3" operator "${L[back_intake]}" || return
    tui_type "$s" "139"                      # the caller's phone, half typed
    search "$s" "王小明" || return
    tui_check "$s: two characters of a name find the customer and the ticket" "$s" "${L[found2]}" 10
    row_has "$s" "$T1" "${L[ticket]} +$T1 +${L[new]} +王小明 +洗衣机甩干时异响" \
        "$s: the ticket's row: kind, number, state, customer, fault"
    row_has "$s" "阳光小区" "^ ${L[customer]} +王小明 +北京市朝阳区建国路88号阳光小区" \
        "$s: the customer's row: kind, name, address"
    fits "$s" "$s: the hits"
    tui_keys "$s" Enter                        # the first: the customer
    titled "$s" 王小明 "$s: Enter opens the customer's file"
    tui_keys "$s" Escape
    tui_check "$s: Esc comes back to the hits" "$s" "${L[found2]}" 5
    tui_keys "$s" Down Enter
    titled "$s" "$T1" "$s: Down and Enter open the ticket's detail"
    tui_keys "$s" Escape
    tui_check "$s: back to the hits" "$s" "${L[found2]}" 5
    tui_keys "$s" Escape
    if tui_wait "$s" "${L[back_intake]}" 5 && tui_row "$s" "${L[back_intake]}" | grep -qF 139; then
        tui_ok "$s: Esc goes back to the call form, the phone typed still there"
    else
        tui_not_ok "$s: Esc goes back to the call form, the phone typed still there" "$s"
    fi
}

# ---- from the board: a full number, a phone
from_board() {   # from_board SESSION LANG-ENV PASSWORD-MARK PHONE
    local s=$1
    start "$s" "$2" "$3" dispatcher "${L[board]}" || return
    search "$s" "$T1" || return
    titled "$s" "$T1" "$s: a full ticket number goes straight to its detail"
    tui_keys "$s" Escape
    row_has "$s" "$T1" "${L[ticket]} +$T1" "$s: Esc from it shows the one hit"
    tui_keys "$s" Escape
    tui_check "$s: Esc goes back to the board" "$s" "${L[board]}" 5
    search "$s" "$4" || return
    row_has "$s" "阳光小区" "^ ${L[customer]} +王小明" "$s: a phone ($4) finds its customer first"
    row_has "$s" "$T1" "${L[ticket]} +$T1 +${L[new]} +王小明" "$s: and the customer's ticket"
    tui_screen "$s" | grep -qF "$C1" && tui_not_ok "$s: no complaint for a dispatcher" "$s" ||
        tui_ok "$s: no complaint for a dispatcher"
    fits "$s" "$s: the hits"
    tui_keys "$s" Escape
}

# ---- from a ticket's detail: a fault word; the hit's detail in its place
from_detail() {   # from_detail SESSION LANG-ENV PASSWORD-MARK
    local s=$1
    start "$s" "$2" "$3" admin "${L[queue]}" || return
    tui_wait_row "$s" "$T2" "." 10
    tui_keys "$s" /
    tui_type "$s" "李四"
    tui_keys "$s" Enter Enter
    tui_until 10 eval 'tui_line "$s" 2 | grep -qF "$T2"' || { tui_not_ok "$s: the detail of $T2" "$s"; return; }
    search "$s" "噪音" || return
    row_has "$s" "$T4" "${L[ticket]} +$T4 .*钱七 +油烟机噪音大" "$s: a fault word finds the newest first"
    row_has "$s" "$T3" "${L[ticket]} +$T3 .*赵六" "$s: and the older one"
    tui_screen "$s" | grep -qF "$T2" && tui_not_ok "$s: not the ticket without the word" "$s" ||
        tui_ok "$s: not the ticket without the word"
    fits "$s" "$s: the hits"
    tui_keys "$s" Enter
    titled "$s" "$T4" "$s: Enter opens that ticket's detail"
    tui_keys "$s" Escape
    row_has "$s" "$T3" "$T3" "$s: Esc comes back to the hits"
    tui_keys "$s" Escape
    tui_check "$s: Esc again goes back past the detail the search replaced" "$s" "${L[queue]}" 5
}

L_EN() { for k in "${!EN[@]}"; do L[$k]=${EN[$k]}; done; }
L_ZH() { for k in "${!ZH[@]}"; do L[$k]=${ZH[$k]}; done; }
declare -A L=()

L_EN
from_intake ie LANG=C.UTF-8 "Password:"
from_board be LANG=C.UTF-8 "Password:" "150 1235 3597"
from_detail de LANG=C.UTF-8 "Password:"
if tui_has_locale zh_CN.UTF-8; then
    L_ZH
    from_intake iz LANG=zh_CN.UTF-8 "密码："
    from_board bz LANG=zh_CN.UTF-8 "密码：" "+86 150 1235 3597"
    from_detail dz LANG=zh_CN.UTF-8 "密码："
    L_EN
else
    tui_skip "zh_CN: the search" "no zh_CN.UTF-8 locale (run scripts/deps)"
fi

# ---- a complaint's number (operator) and F1
if start oc LANG=C.UTF-8 "Password:" operator "Caller phone"; then
    tui_keys oc F1
    tui_check "F1 on the call form names F9" oc "F9" 5
    tui_check "and what it does" oc "Search tickets, complaints, customers (any screen)" 5
    tui_keys oc Escape
    search oc "$C1"
    titled oc "$C1" "a full complaint number goes straight to the complaint"
fi

# ---- a technician: their own tickets only
if start te LANG=C.UTF-8 "Password:" technician "Role: Technician"; then
    search te "噪音"
    row_has te "$T3" "Ticket +$T3 +dispatched +赵六" "a technician finds their own ticket"
    tui_check "one hit" te '1 found for "噪音"' 5
    tui_screen te | grep -qF "$T4" && tui_not_ok "not the other technician's" te ||
        tui_ok "not the other technician's"
    tui_keys te C-u
    tui_type te "$T4"
    tui_keys te Enter
    tui_check "the other technician's number finds nothing" te "Nothing found for \"$T4\"" 10
    tui_keys te C-u
    tui_type te "王小明"
    tui_keys te Enter
    tui_check "nor a customer" te 'Nothing found for "王小明"' 10
fi

tui_done
